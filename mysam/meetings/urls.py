"""Meetings' URLs, gathered from the view modules of each area."""

from mysam.meetings.views import agenda, calendar, dashboard, minutes

app_name = "meetings"

urlpatterns = [
    *calendar.urlpatterns,
    *agenda.urlpatterns,
    *minutes.urlpatterns,
    *dashboard.urlpatterns,
]
