"""The site's routes, namespaced `archive`; each area keeps its own list."""

from archive.contribute import urls as contribute
from archive.importers import urls as imports
from archive.public import urls as public
from archive.support import urls as support

app_name = "archive"
urlpatterns = [
    *contribute.urlpatterns,
    *public.urlpatterns,
    *imports.urlpatterns,
    *support.urlpatterns,
]
