"""Background tasks of meetings (django-tasks): the reminder e-mails.

Arguments are plain ids and ISO dates, so the database backend can store them as JSON; the
tasks read the rows again when they run and do nothing if the reason to send has gone.
"""

from __future__ import annotations

import datetime

from django_tasks import task

from mysam.meetings.services import reminders


@task()
def send_minutes_ready(minutes_id: int) -> int:
    """E-mail that minutes are ready for checking; returns the number of mails sent."""
    return reminders.reminders_send_minutes_ready(minutes_id=minutes_id)


@task()
def send_action_item_assigned(action_item_id: int) -> int:
    """E-mail the responsible person of a new or reassigned action item."""
    return reminders.reminders_send_action_item_assigned(action_item_id=action_item_id)


@task()
def meetings_daily(day: str | None = None) -> int:
    """The daily run (``manage.py meetings_daily``): reminders for action items due the day
    after ``day`` (an ISO date; today by default)."""
    on = datetime.date.fromisoformat(day) if day else None
    return reminders.reminders_send_due_tomorrow(day=on)
