"""Writes of the calendar: meetings, series and their exceptions, notices, calendar feeds.

A notice is an e-mail with the agenda and an iCalendar invitation, sent by a background task
after the transaction commits. Once a notice has gone out, every change of time or place
(and a cancellation) raises the meeting's SEQUENCE and sends the same recipients an update
with the same UID, so their calendars move or cancel the entry they already have.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from mysam.meetings import ical
from mysam.meetings.models import (
    CalendarFeed,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    SeriesRule,
)
from mysam.meetings.selectors import calendar as selectors
from mysam.meetings.services.agenda import agenda_from_template
from mysam.organisation.models import CooperationGroup, Membership, MembershipRole

# A series longer than this is almost surely a typing mistake (e.g. year 2062).
MAX_SERIES_MEETINGS = 60


# --- Pure date rules -----------------------------------------------------------------------


def local_datetime(*, day: datetime.date, time: datetime.time) -> datetime.datetime:
    """``day`` at ``time`` on the wall clock in Europe/Stockholm, as an aware datetime."""
    return timezone.make_aware(
        datetime.datetime.combine(day, time), timezone.get_default_timezone()
    )


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> datetime.date | None:
    """The ``nth`` (1–4, or 5 = the last) ``weekday`` of a month."""
    days = [
        datetime.date(year, month, d)
        for d in range(1, pycalendar.monthrange(year, month)[1] + 1)
        if datetime.date(year, month, d).weekday() == weekday
    ]
    if nth >= 5:
        return days[-1]
    return days[nth - 1] if nth <= len(days) else None


def weekday_position(*, day: datetime.date) -> int:
    """Which occurrence of its weekday ``day`` is in its month: 1–4, or 5 for the fifth,
    which the monthly rule reads as "the last"."""
    return (day.day - 1) // 7 + 1


def series_dates(
    *,
    rule: str,
    first_date: datetime.date,
    last_date: datetime.date | None = None,
    interval_weeks: int | None = None,
    dates: Iterable[datetime.date] = (),
) -> list[datetime.date]:
    """The meeting dates a series rule generates, in order, without duplicates.

    - every N weeks: ``first_date`` and every ``interval_weeks`` weeks up to ``last_date``;
    - monthly on the same weekday: the same occurrence of ``first_date``'s weekday each month
      (the 2nd Tuesday; a fifth Tuesday means "the last Tuesday" of each month);
    - chosen dates: ``dates`` as given.
    Refuses (ValidationError) rules without what they need and series of more than
    MAX_SERIES_MEETINGS meetings.
    """
    if rule == SeriesRule.DATES:
        result = sorted(set(dates))
        if not result:
            raise ValidationError({"dates": _("Enter at least one date.")})
    else:
        if last_date is None:
            raise ValidationError({"last_date": _("Enter the date of the last meeting.")})
        if last_date < first_date:
            raise ValidationError(
                {"last_date": _("The last meeting cannot be before the first one.")}
            )
        result = []
        if rule == SeriesRule.EVERY_N_WEEKS:
            if not interval_weeks or interval_weeks < 1:
                raise ValidationError({"interval_weeks": _("Enter how many weeks apart.")})
            step = datetime.timedelta(weeks=interval_weeks)
            day = first_date
            while day <= last_date and len(result) <= MAX_SERIES_MEETINGS:
                result.append(day)
                day += step
        elif rule == SeriesRule.MONTHLY_WEEKDAY:
            nth = weekday_position(day=first_date)
            year, month = first_date.year, first_date.month
            while len(result) <= MAX_SERIES_MEETINGS:
                day_or_none = _nth_weekday(year, month, first_date.weekday(), nth)
                if day_or_none is not None:
                    if day_or_none > last_date:
                        break
                    if day_or_none >= first_date:
                        result.append(day_or_none)
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        else:
            raise ValidationError({"rule": _("Choose a rule.")})
    if len(result) > MAX_SERIES_MEETINGS:
        raise ValidationError(
            _("The series would have more than %(max)s meetings. Check the dates.")
            % {"max": MAX_SERIES_MEETINGS}
        )
    return result


# --- Meetings ------------------------------------------------------------------------------


def _times(
    day: datetime.date, start_time: datetime.time, end_time: datetime.time
) -> tuple[datetime.datetime, datetime.datetime]:
    if end_time <= start_time:
        raise ValidationError({"end_time": _("The meeting must end after it starts.")})
    return local_datetime(day=day, time=start_time), local_datetime(day=day, time=end_time)


@transaction.atomic
def meeting_create(
    *,
    group: CooperationGroup,
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    title: str = "",
    location: str = "",
    video_link: str = "",
    created_by: Any = None,
    series: MeetingSeries | None = None,
) -> Meeting:
    """Plan a meeting of ``group`` with the agenda from the association's current template.

    The title defaults to "Mysam <group>" (the group's name when it already says Mysam).
    Refuses a meeting that ends before it starts.
    """
    starts_at, ends_at = _times(date, start_time, end_time)
    meeting = Meeting(
        group=group,
        series=series,
        title=title.strip() or default_title(group=group),
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        video_link=video_link,
        created_by=created_by if getattr(created_by, "pk", None) else None,
    )
    meeting.full_clean(exclude=["invited_co_opted"], validate_constraints=False)
    meeting.save()
    agenda_from_template(meeting=meeting)
    return meeting


def default_title(*, group: CooperationGroup) -> str:
    if group.name.lower().startswith("mysam"):
        return group.name
    return f"Mysam {group.name}"


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    title: str,
    location: str = "",
    video_link: str = "",
    invited_co_opted: Iterable[Membership] | None = None,
) -> Meeting:
    """Change a meeting's time, place or title (and which co-opted members are invited).

    A meeting of a series becomes an exception of the series. When the notice has been sent
    and time, place, video link or title changed, SEQUENCE rises and the recipients get an
    updated invitation (same UID). Refuses changing a cancelled meeting.
    """
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("The meeting is cancelled and can no longer be changed."))
    starts_at, ends_at = _times(date, start_time, end_time)
    new = {
        "title": title.strip() or default_title(group=meeting.group),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "location": location,
        "video_link": video_link,
    }
    changed = [name for name, value in new.items() if getattr(meeting, name) != value]
    for name in changed:
        setattr(meeting, name, new[name])
    if invited_co_opted is not None:
        meeting_invite_co_opted(meeting=meeting, memberships=invited_co_opted)
    if not changed:
        return meeting
    fields = list(changed)
    if meeting.series_id is not None and not meeting.is_exception:
        meeting.is_exception = True
        fields.append("is_exception")
    if meeting.notice_sent_at is not None:
        meeting.ical_sequence += 1
        fields.append("ical_sequence")
    meeting.full_clean(exclude=["invited_co_opted"], validate_constraints=False)
    meeting.save(update_fields=fields)
    if meeting.notice_sent_at is not None:
        _send_after_commit(meeting, ical.REQUEST)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting) -> Meeting:
    """Cancel a meeting: it stays in the calendar marked cancelled. When the notice has been
    sent, its recipients get a cancellation (METHOD:CANCEL, same UID, higher SEQUENCE).
    Refuses a meeting that is already cancelled."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("The meeting is already cancelled."))
    meeting.status = MeetingStatus.CANCELLED
    meeting.ical_sequence += 1
    fields = ["status", "ical_sequence"]
    if meeting.series_id is not None and not meeting.is_exception:
        meeting.is_exception = True
        fields.append("is_exception")
    meeting.save(update_fields=fields)
    if meeting.notice_sent_at is not None:
        _send_after_commit(meeting, ical.CANCEL)
    return meeting


@transaction.atomic
def meeting_invite_co_opted(*, meeting: Meeting, memberships: Iterable[Membership]) -> None:
    """Set which of the group's co-opted members are invited to this meeting. Refuses
    memberships that are not co-opted members of the meeting's group."""
    chosen = list(memberships)
    for membership in chosen:
        if membership.group_id != meeting.group_id or membership.role != MembershipRole.CO_OPTED:
            raise ValidationError(
                {"invited_co_opted": _("Only the group's co-opted members can be invited.")}
            )
    meeting.invited_co_opted.set(chosen)


# --- Series --------------------------------------------------------------------------------


@transaction.atomic
def series_create(
    *,
    group: CooperationGroup,
    rule: str,
    first_date: datetime.date | None,
    last_date: datetime.date | None,
    start_time: datetime.time,
    end_time: datetime.time,
    interval_weeks: int | None = None,
    dates: Sequence[datetime.date] = (),
    title: str = "",
    location: str = "",
    video_link: str = "",
    created_by: Any = None,
) -> MeetingSeries:
    """Create a series and its meetings (each with the agenda from the template).

    Refuses a rule without what it needs, a series that ends before it starts, more than
    MAX_SERIES_MEETINGS meetings and a meeting that ends before it starts.
    """
    if end_time <= start_time:
        raise ValidationError({"end_time": _("The meeting must end after it starts.")})
    if rule != SeriesRule.DATES and first_date is None:
        raise ValidationError({"first_date": _("Enter the date of the first meeting.")})
    days = series_dates(
        rule=rule,
        first_date=first_date or datetime.date.min,
        last_date=last_date,
        interval_weeks=interval_weeks,
        dates=dates,
    )
    if not days:
        raise ValidationError(_("The rule gives no meeting dates. Check the dates."))
    series = MeetingSeries(
        group=group,
        title=title.strip() or default_title(group=group),
        rule=rule,
        interval_weeks=interval_weeks if rule == SeriesRule.EVERY_N_WEEKS else None,
        first_date=days[0],
        last_date=days[-1] if rule == SeriesRule.DATES else (last_date or days[-1]),
        start_time=start_time,
        end_time=end_time,
        location=location,
        video_link=video_link,
        created_by=created_by if getattr(created_by, "pk", None) else None,
    )
    series.full_clean(validate_constraints=False)
    series.save()
    for day in days:
        meeting_create(
            group=group,
            date=day,
            start_time=start_time,
            end_time=end_time,
            title=series.title,
            location=location,
            video_link=video_link,
            created_by=series.created_by,
            series=series,
        )
    return series


# --- Notices -------------------------------------------------------------------------------


@transaction.atomic
def notice_send(
    *, meeting: Meeting, invited_co_opted: Iterable[Membership] | None = None
) -> Meeting:
    """Send the notice of a meeting: to its recipients (see selectors.notice_recipients), by
    a background task after commit. Sending again sends an update with a raised SEQUENCE.
    Refuses a cancelled meeting and a meeting nobody would receive."""
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("The meeting is cancelled; send no notice."))
    if invited_co_opted is not None:
        meeting_invite_co_opted(meeting=meeting, memberships=invited_co_opted)
    if not selectors.notice_recipients(meeting=meeting):
        raise ValidationError(
            _("Nobody in the group has an e-mail address. Add the members' addresses first.")
        )
    fields = ["notice_sent_at"]
    if meeting.notice_sent_at is not None:
        meeting.ical_sequence += 1
        fields.append("ical_sequence")
    meeting.notice_sent_at = timezone.now()
    meeting.save(update_fields=fields)
    _send_after_commit(meeting, ical.REQUEST)
    return meeting


def _send_after_commit(meeting: Meeting, method: str) -> None:
    transaction.on_commit(
        partial(send_meeting_notice.enqueue, meeting_pk=meeting.pk, method=method)
    )


def notice_messages(*, meeting: Meeting, method: str) -> list[EmailMultiAlternatives]:
    """The e-mails of a notice, an update or a cancellation: one per recipient, each with
    the agenda as text and HTML and the invitation.ics attached."""
    recipients = selectors.notice_recipients(meeting=meeting)
    attendees = [(r.email, r.name) for r in recipients]
    with translation.override(settings.LANGUAGE_CODE):
        context = selectors.notice_context(meeting=meeting, cancelled=method == ical.CANCEL)
        # The first notice is sequence 0; anything later is an update.
        context["update"] = method == ical.REQUEST and meeting.ical_sequence > 0
        subject = " ".join(render_to_string("meetings/email/notice_subject.txt", context).split())
        text = render_to_string("meetings/email/notice_body.txt", context)
        html = render_to_string("meetings/email/notice_body.html", context)
    url = context["url"]
    ics = ical.invitation(meeting, method=method, attendees=attendees, url=url)
    messages = []
    for recipient in recipients:
        message = EmailMultiAlternatives(subject=subject, body=text, to=[recipient.email])
        message.attach_alternative(html, "text/html")
        message.attach("invitation.ics", ics, f"text/calendar; method={method}; charset=utf-8")
        messages.append(message)
    return messages


@task()
def send_meeting_notice(*, meeting_pk: int, method: str) -> int:
    """Background task: send a meeting's notice, update or cancellation; returns how many
    e-mails went out (0 if the meeting is gone)."""
    meeting = Meeting.objects.select_related("group").filter(pk=meeting_pk).first()
    if meeting is None:
        return 0
    messages = notice_messages(meeting=meeting, method=method)
    if not messages:
        return 0
    return int(get_connection().send_messages(messages) or 0)


# --- Personal calendar feeds ---------------------------------------------------------------


@transaction.atomic
def calendar_feed_get_or_create(*, user: Any) -> CalendarFeed:
    """The user's calendar feed, created with a fresh secret token the first time."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_regenerate(*, user: Any) -> CalendarFeed:
    """Give the user's feed a new secret token; the old URL stops working at once."""
    from mysam.meetings.models import _new_feed_token

    feed, _created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not _created:
        feed.token = _new_feed_token()
        feed.save(update_fields=["token"])
    return feed
