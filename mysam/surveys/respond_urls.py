"""Public answering pages: a respondent needs no account, only the link."""

from mysam.surveys.views import respond

app_name = "respond"

urlpatterns = [*respond.urlpatterns]
