"""Every /api/v1/ route, in one list. Each area adds its routes in its own module."""

from archive.contribute import api_urls as contribute_api_urls
from archive.public import api_urls as public_api_urls

urlpatterns = [*contribute_api_urls.urlpatterns, *public_api_urls.urlpatterns]
