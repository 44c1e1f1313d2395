"""Reminders by e-mail: minutes ready for checking, an action item assigned, an action item
due tomorrow.

The services that change minutes and action items call :func:`notify_minutes_ready` and
:func:`notify_action_item_assigned`; they only enqueue a background task once the
transaction has committed, so a rolled-back change never sends mail. The daily run
(``manage.py meetings_daily``, from cron) enqueues the "due tomorrow" reminders.

Every mail is recorded as a ``ReminderSent`` row (kind, object, recipient, day) in the same
transaction that sends it: a second run, a retried task or two workers at once send each
reminder once. If sending fails, the row is rolled back and the next run tries again.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from mysam.meetings.models import (
    ActionItem,
    ActionItemStatus,
    ApprovalMethod,
    Minutes,
    MinutesStatus,
    ReminderKind,
    ReminderSent,
)
from mysam.organisation.models import Membership

logger = logging.getLogger(__name__)


# --- Called by the other services (enqueue after commit) ------------------------------------


def notify_minutes_ready(*, minutes: Minutes) -> None:
    """After the current transaction commits, e-mail that the minutes are ready for checking:
    to the named checkers when they approve them, otherwise to the group's current members."""
    from mysam.meetings import tasks

    transaction.on_commit(partial(tasks.send_minutes_ready.enqueue, minutes_id=minutes.pk))


def notify_action_item_assigned(*, action_item: ActionItem) -> None:
    """After the current transaction commits, e-mail the person responsible for an action
    item that it is theirs."""
    from mysam.meetings import tasks

    transaction.on_commit(
        partial(tasks.send_action_item_assigned.enqueue, action_item_id=action_item.pk)
    )


def enqueue_daily_run(*, day: datetime.date | None = None) -> None:
    """Enqueue the daily run (the "due tomorrow" reminders) for ``day`` (today by default).
    It writes nothing itself, so there is no transaction to wait for."""
    from mysam.meetings import tasks

    tasks.meetings_daily.enqueue(day=(day or timezone.localdate()).isoformat())


# --- Sending (run by the tasks) --------------------------------------------------------------


@dataclass(frozen=True)
class _Mail:
    template: str  # e.g. "minutes_ready" → meetings/email/minutes_ready_{subject,body}.*
    recipient: str
    context: dict[str, Any]


def _absolute(name: str, *args: Any) -> str:
    """An absolute link into Mysam; the start page when the view does not exist (yet)."""
    site = settings.SITE_URL.rstrip("/")
    try:
        return site + reverse(name, args=args)
    except NoReverseMatch:
        return site + "/"


def _send_once(*, kind: str, object_id: int, mail: _Mail, day: datetime.date) -> bool:
    """Send one mail unless it was already sent (same kind, object, recipient and day).
    The record and the send share a transaction: a failed send leaves no record."""
    try:
        with transaction.atomic():
            _, created = ReminderSent.objects.get_or_create(
                kind=kind, object_id=object_id, recipient=mail.recipient.lower(), sent_on=day
            )
            if not created:
                return False
            _render_and_send(mail)
    except IntegrityError:  # Another worker sent it at the same moment.
        return False
    return True


def _render_and_send(mail: _Mail) -> None:
    # Background workers have no request: speak the installation's language.
    with translation.override(settings.LANGUAGE_CODE):
        base = f"meetings/email/{mail.template}"
        subject = render_to_string(f"{base}_subject.txt", mail.context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string(f"{base}_body.txt", mail.context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[mail.recipient],
        )
        message.attach_alternative(render_to_string(f"{base}_body.html", mail.context), "text/html")
        message.send()


def _minutes_recipients(minutes: Minutes, day: datetime.date) -> list[tuple[str, str]]:
    """(name, e-mail) of those who check the minutes, without duplicates or blanks."""
    if minutes.approval_method == ApprovalMethod.CHECKERS:
        people = [c.person for c in minutes.checkers.select_related("person") if not c.confirmed_at]
    else:
        people = [
            m.person
            for m in Membership.objects.current(day)
            .filter(group_id=minutes.meeting.group_id)
            .select_related("person")
            .order_by("person__last_name", "person__first_name")
        ]
    seen: set[str] = set()
    recipients = []
    for person in people:
        email = person.email.strip().lower()
        if email and email not in seen:
            seen.add(email)
            recipients.append((person.full_name, person.email.strip()))
    return recipients


def reminders_send_minutes_ready(*, minutes_id: int, day: datetime.date | None = None) -> int:
    """E-mail the checkers (or the group's current members) that the minutes are ready for
    checking. Does nothing unless the minutes are still ready for checking. Returns the
    number of mails sent."""
    on = day or timezone.localdate()
    minutes = (
        Minutes.objects.select_related("meeting", "meeting__group").filter(pk=minutes_id).first()
    )
    if minutes is None or minutes.status != MinutesStatus.READY:
        return 0
    meeting = minutes.meeting
    context = {
        "meeting": meeting,
        "group": meeting.group,
        "date": meeting.date,
        "by_checkers": minutes.approval_method == ApprovalMethod.CHECKERS,
        "url": _absolute("meetings:minutes_detail", meeting.pk),
    }
    sent = 0
    for name, email in _minutes_recipients(minutes, on):
        mail = _Mail("minutes_ready", email, {**context, "name": name})
        sent += _send_once(kind=ReminderKind.MINUTES_READY, object_id=minutes.pk, mail=mail, day=on)
    return sent


def _action_context(item: ActionItem) -> dict[str, Any]:
    meeting = item.minutes.meeting
    return {
        "item": item,
        "name": item.responsible.full_name,
        "meeting": meeting,
        "group": meeting.group,
        "date": meeting.date,
        "url": _absolute("meetings:minutes_detail", meeting.pk),
    }


def _action_items() -> Any:
    return ActionItem.objects.select_related(
        "responsible", "minutes", "minutes__meeting", "minutes__meeting__group"
    )


def reminders_send_action_item_assigned(
    *, action_item_id: int, day: datetime.date | None = None
) -> int:
    """E-mail the responsible person that an open action item is theirs (once per person
    and item a day). Returns the number of mails sent (0 or 1)."""
    on = day or timezone.localdate()
    item = _action_items().filter(pk=action_item_id).first()
    if item is None or item.status != ActionItemStatus.OPEN or not item.responsible.email:
        return 0
    mail = _Mail("action_assigned", item.responsible.email.strip(), _action_context(item))
    return int(_send_once(kind=ReminderKind.ACTION_ASSIGNED, object_id=item.pk, mail=mail, day=on))


def reminders_send_due_tomorrow(*, day: datetime.date | None = None) -> int:
    """The daily run: e-mail the responsible person of every open action item due the day
    after ``day`` (today by default). Running it twice the same day sends nothing new.
    Returns the number of mails sent."""
    on = day or timezone.localdate()
    tomorrow = on + datetime.timedelta(days=1)
    items = _action_items().filter(status=ActionItemStatus.OPEN, due_date=tomorrow)
    sent = 0
    for item in items.exclude(responsible__email=""):
        mail = _Mail("action_due", item.responsible.email.strip(), _action_context(item))
        try:
            sent += _send_once(kind=ReminderKind.ACTION_DUE, object_id=item.pk, mail=mail, day=on)
        except Exception:  # One failing address must not stop the others' reminders.
            logger.exception("Could not send the due reminder for action item %s", item.pk)
    return sent
