"""Action plans' URLs, gathered from the view modules of each area."""

from mysam.plans.views import county, plan, versions

app_name = "plans"

urlpatterns = [
    *plan.urlpatterns,
    *versions.urlpatterns,
    *county.urlpatterns,
]
