"""Measurements (office side), gathered from the view modules of each area."""

from mysam.surveys.views import bank, builder, mailing, preview, sample, tracking

app_name = "surveys"

urlpatterns = [
    *bank.urlpatterns,
    *builder.urlpatterns,
    *sample.urlpatterns,
    *mailing.urlpatterns,
    *tracking.urlpatterns,
    *preview.urlpatterns,
]
