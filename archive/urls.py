"""The site's routes, namespaced `archive`; each area keeps its own list."""

from archive.contribute import urls as contribute
from archive.importers import urls as imports
from archive.public import urls as public

app_name = "archive"
urlpatterns = [*contribute.urlpatterns, *public.urlpatterns, *imports.urlpatterns]
