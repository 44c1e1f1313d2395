from mysam.organisation.views import overview

app_name = "organisation"

urlpatterns = [
    *overview.urlpatterns,
]
