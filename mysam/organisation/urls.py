"""The organisation registry's URLs, gathered from the view modules of each area."""

from mysam.organisation.views import overview, registry, transfer

app_name = "organisation"

urlpatterns = [
    *overview.urlpatterns,
    *registry.urlpatterns,
    *transfer.urlpatterns,
]
