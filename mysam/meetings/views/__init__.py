"""Views of meetings and minutes, one module per area; each defines its urlpatterns.

- calendar.py: a group's meetings, series, the office calendar, notices, calendar feeds
- agenda.py: the agenda of a meeting and its attachments, and attendance
- minutes.py: writing, checking, approving and correcting minutes; the list and search;
  PDF and Word
- dashboard.py: the office dashboard
"""
