"""Every write to minutes: starting them, notes, decisions, action items, the flow from
draft to ready to approved (at the next meeting or by named checkers) and corrections.

Permissions are checked by the caller (mysam.meetings.access). The services lock the
minutes row first (``_lock``) and check again what can change between the check and the
write: that the minutes are not approved, and for notes that nobody saved in between
(``revision``, the plans' EditConflict). Every service that changes content refreshes
``Minutes.search_text``.

Text the services write into the minutes themselves ("Föregående minnesanteckningar
godkänns", "Åtgärd från mötet …") is document content in the association's language,
not interface text: it is written in Swedish whatever language the user reads the site in.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mysam.meetings.models import (
    ActionItem,
    ActionItemStatus,
    AgendaItem,
    AgendaItemKind,
    AgendaItemStatus,
    ApprovalMethod,
    Decision,
    Meeting,
    Minutes,
    MinutesChecker,
    MinutesNote,
    MinutesStatus,
    MinutesVersion,
)
from mysam.meetings.selectors import minutes as selectors
from mysam.organisation.models import Person
from mysam.plans import services as plan_services
from mysam.plans.models import Activity
from mysam.plans.richtext import html_to_text, markup_to_html
from mysam.plans.services import EditConflict

if TYPE_CHECKING:
    from mysam.accounts.models import User

__all__ = ["EditConflict"]

PREVIOUS_APPROVED_TEXT = "Föregående minnesanteckningar godkänns."
ACTION_PROGRESS_TEXT = "Åtgärd från mötet %(date)s: %(text)s"


def _user(user: User | None) -> User | None:
    return user if user is not None and user.is_authenticated else None


def _lock(minutes: Minutes, *, writable: bool = True) -> Minutes:
    """Lock the minutes row; ``writable``: refuse approved (locked) minutes."""
    locked = Minutes.objects.select_for_update(of=("self",)).select_related(
        "meeting", "meeting__group"
    )
    current = locked.get(pk=minutes.pk)
    if writable and current.status == MinutesStatus.APPROVED:
        raise ValidationError(
            _("The minutes are approved and locked. Make a correction with a reason instead.")
        )
    return current


def _touch(minutes: Minutes) -> None:
    """Refresh the search text and the time of the last change."""
    parts = [minutes.meeting.group.name, minutes.meeting.title]
    for agenda_title, body in MinutesNote.objects.filter(minutes=minutes).values_list(
        "agenda_item__title", "body"
    ):
        parts.append(agenda_title)
        parts.append(html_to_text(body))
    parts.extend(Decision.objects.filter(minutes=minutes).values_list("text", flat=True))
    for text, first, last in ActionItem.objects.filter(minutes=minutes).values_list(
        "text", "responsible__first_name", "responsible__last_name"
    ):
        parts.append(f"{text} {first} {last}")
    minutes.search_text = "\n".join(p for p in parts if p)
    minutes.updated_at = timezone.now()
    minutes.save(update_fields=["search_text", "updated_at"])


def _on_commit_notify(function_name: str, **kwargs: Any) -> None:
    """Call the reminders' notifier after the commit, if the reminders module has it."""

    def notify() -> None:
        from mysam.meetings.services import reminders

        function = getattr(reminders, function_name, None)
        if function is not None:
            function(**kwargs)

    try:
        from mysam.meetings.services import reminders
    except ImportError:
        return
    if hasattr(reminders, function_name):
        transaction.on_commit(notify)


# --- Starting the minutes --------------------------------------------------------------------


@transaction.atomic
def minutes_start(*, meeting: Meeting, user: User | None = None) -> Minutes:
    """The meeting's minutes, created on first use with one note per agenda item on the
    agenda; items added to the agenda later get their note the next time (not after
    approval). Signed by the person starting them, as the coordinator signs seed 003."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        signed_by = ""
        if user is not None and user.is_authenticated:
            person = Person.objects.filter(
                user=user, association_id=meeting.group.association_id
            ).first()
            if person is not None:
                signed_by = ", ".join(p for p in (person.full_name, person.title) if p)
            else:
                signed_by = user.full_name or ""
        minutes = Minutes.objects.create(meeting=meeting, signed_by=signed_by)
    if minutes.status != MinutesStatus.APPROVED:
        have = set(
            MinutesNote.objects.filter(minutes=minutes).values_list("agenda_item_id", flat=True)
        )
        missing = AgendaItem.objects.filter(
            meeting=meeting, status=AgendaItemStatus.ACCEPTED
        ).exclude(pk__in=have)
        MinutesNote.objects.bulk_create(
            [MinutesNote(minutes=minutes, agenda_item=item) for item in missing]
        )
    minutes.meeting = meeting
    if not minutes.search_text:
        _touch(minutes)
    return minutes


# --- Notes -----------------------------------------------------------------------------------


@transaction.atomic
def minutes_note_update(
    *, note: MinutesNote, body: str, revision: int, user: User | None = None
) -> MinutesNote:
    """Save the notes of an item (markup or HTML, stored sanitised).

    Raises EditConflict when someone saved the note after ``revision`` was read: nothing is
    saved, the caller shows both texts. Refuses approved minutes.
    """
    minutes = _lock(note.minutes)
    current = (
        MinutesNote.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(pk=note.pk)
    )
    if current.revision != revision:
        raise EditConflict(current=current, revision=current.revision)
    current.body = markup_to_html(body)
    current.revision += 1
    current.updated_at = timezone.now()
    current.updated_by = _user(user)
    current.save(update_fields=["body", "revision", "updated_at", "updated_by"])
    _touch(minutes)
    return current


# --- Decisions -------------------------------------------------------------------------------


def _check_item(minutes: Minutes, agenda_item: AgendaItem) -> None:
    if agenda_item.meeting_id != minutes.meeting_id:
        raise ValidationError(_("The item is not on this meeting's agenda."))


@transaction.atomic
def decision_create(*, minutes: Minutes, agenda_item: AgendaItem, text: str) -> Decision:
    """Add a decision under an item; it gets the item's next number (4.1, 4.2, …)."""
    minutes = _lock(minutes)
    _check_item(minutes, agenda_item)
    if not text.strip():
        raise ValidationError({"text": _("Write the decision.")})
    last = Decision.objects.filter(agenda_item=agenda_item).aggregate(n=Max("number"))["n"]
    decision = Decision.objects.create(
        minutes=minutes, agenda_item=agenda_item, number=(last or 0) + 1, text=text.strip()
    )
    _touch(minutes)
    return decision


@transaction.atomic
def decision_update(*, decision: Decision, text: str) -> Decision:
    """Change a decision's text (its number stays)."""
    minutes = _lock(decision.minutes)
    if not text.strip():
        raise ValidationError({"text": _("Write the decision.")})
    current = Decision.objects.select_for_update().get(pk=decision.pk)
    current.text = text.strip()
    current.save(update_fields=["text"])
    _touch(minutes)
    return current


@transaction.atomic
def decision_delete(*, decision: Decision) -> None:
    """Remove a decision; the later decisions of the item move up (4.3 becomes 4.2)."""
    minutes = _lock(decision.minutes)
    agenda_item_id = decision.agenda_item_id
    Decision.objects.filter(pk=decision.pk).delete()
    later = list(
        Decision.objects.select_for_update()
        .filter(agenda_item_id=agenda_item_id, number__gt=decision.number)
        .order_by("number")
    )
    # One by one, lowest first, so the unique (item, number) never collides.
    for row in later:
        row.number -= 1
        row.save(update_fields=["number"])
    _touch(minutes)


# --- Action items ----------------------------------------------------------------------------


def _check_action_fields(
    minutes: Minutes, responsible: Person, due_date: datetime.date | None, text: str
) -> None:
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = _("Write what is to be done.")
    if responsible.association_id != minutes.meeting.group.association_id:
        errors["responsible"] = _("Choose a person of the association.")
    if due_date is None:
        errors["due_date"] = _("Give the date it should be done by.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def action_item_create(
    *,
    minutes: Minutes,
    agenda_item: AgendaItem | None,
    text: str,
    responsible: Person,
    due_date: datetime.date,
    plan_activity: Activity | None = None,
    user: User | None = None,
) -> ActionItem:
    """Add an action item. Tied to an activity of the group's action plan, the activity's
    progress log gets "Åtgärd från mötet ÅÅÅÅ-MM-DD: …". The responsible person is told by
    e-mail after the commit (reminders)."""
    minutes = _lock(minutes)
    if agenda_item is not None:
        _check_item(minutes, agenda_item)
    _check_action_fields(minutes, responsible, due_date, text)
    if plan_activity is not None and plan_activity.goal.version.plan.group_id != (
        minutes.meeting.group_id
    ):
        raise ValidationError({"plan_activity": _("Choose an activity of this group's plan.")})
    action = ActionItem.objects.create(
        minutes=minutes,
        agenda_item=agenda_item,
        text=text.strip(),
        responsible=responsible,
        due_date=due_date,
        plan_activity_lineage=plan_activity.lineage if plan_activity is not None else None,
    )
    if plan_activity is not None:
        meeting_day = timezone.localtime(minutes.meeting.starts_at).date()
        plan_services.progress_add(
            activity=plan_activity,
            # A progress entry cannot be dated in the future (minutes written ahead).
            date=min(meeting_day, timezone.localdate()),
            text=ACTION_PROGRESS_TEXT
            % {
                "date": meeting_day.isoformat(),
                "text": f"{action.text} ({responsible.full_name}, {due_date.isoformat()})",
            },
            user=_user(user),
        )
    _touch(minutes)
    _on_commit_notify("notify_action_item_assigned", action_item=action)
    return action


@transaction.atomic
def action_item_update(
    *, action_item: ActionItem, text: str, responsible: Person, due_date: datetime.date
) -> ActionItem:
    """Change what, who and by when (not after approval)."""
    minutes = _lock(action_item.minutes)
    _check_action_fields(minutes, responsible, due_date, text)
    current = ActionItem.objects.select_for_update().get(pk=action_item.pk)
    reassigned = current.responsible_id != responsible.pk
    current.text = text.strip()
    current.responsible = responsible
    current.due_date = due_date
    current.save(update_fields=["text", "responsible", "due_date"])
    _touch(minutes)
    if reassigned:
        _on_commit_notify("notify_action_item_assigned", action_item=current)
    return current


@transaction.atomic
def action_item_done(*, action_item: ActionItem, done: bool = True) -> ActionItem:
    """Mark an action item done (or open again). Allowed after approval: following up is
    not a change of the approved record."""
    current = ActionItem.objects.select_for_update().get(pk=action_item.pk)
    current.status = ActionItemStatus.DONE if done else ActionItemStatus.OPEN
    current.done_at = timezone.localdate() if done else None
    current.save(update_fields=["status", "done_at"])
    return current


# --- The flow --------------------------------------------------------------------------------


@transaction.atomic
def minutes_ready(
    *,
    minutes: Minutes,
    approval_method: str,
    checkers: list[Person] | None = None,
    signed_by: str = "",
    user: User | None = None,
) -> Minutes:
    """Send a draft for checking: approved at the next meeting, or by named checkers (people
    of the group). Refuses minutes without any notes, decisions or action items, and
    checkers without any person named."""
    minutes = _lock(minutes)
    if minutes.status != MinutesStatus.DRAFT:
        raise ValidationError(_("The minutes have already been sent for checking."))
    has_notes = any(
        html_to_text(b).strip()
        for b in MinutesNote.objects.filter(minutes=minutes).values_list("body", flat=True)
    )
    if not (
        has_notes
        or Decision.objects.filter(minutes=minutes).exists()
        or ActionItem.objects.filter(minutes=minutes).exists()
    ):
        raise ValidationError(_("Write the notes of at least one item before sending them."))
    if approval_method not in ApprovalMethod.values:
        raise ValidationError({"approval_method": _("Choose how the minutes are approved.")})
    checkers = list(checkers or [])
    if approval_method == ApprovalMethod.CHECKERS:
        if not checkers:
            raise ValidationError({"checkers": _("Name at least one checker.")})
        members = set(
            selectors.group_people(
                group=minutes.meeting.group, on=minutes.meeting.date
            ).values_list("pk", flat=True)
        ) | set(selectors.group_people(group=minutes.meeting.group).values_list("pk", flat=True))
        if any(p.pk not in members for p in checkers):
            raise ValidationError({"checkers": _("Checkers must be people of the group.")})
    MinutesChecker.objects.filter(minutes=minutes).delete()
    if approval_method == ApprovalMethod.CHECKERS:
        MinutesChecker.objects.bulk_create(
            [MinutesChecker(minutes=minutes, person=p) for p in checkers]
        )
    minutes.status = MinutesStatus.READY
    minutes.approval_method = approval_method
    if signed_by.strip():
        minutes.signed_by = signed_by.strip()
    minutes.updated_at = timezone.now()
    minutes.save(update_fields=["status", "approval_method", "signed_by", "updated_at"])
    _on_commit_notify("notify_minutes_ready", minutes=minutes)
    return minutes


def _snapshot(minutes: Minutes) -> dict[str, Any]:
    """The approved content as JSON: notes, decisions, action items, attendance."""
    document = selectors.minutes_document(minutes=minutes)
    meeting = document.meeting
    return {
        "title": document.title,
        "group": document.group.name,
        "date": document.date.isoformat(),
        "time": document.time_range,
        "place": document.place,
        "signed_by": minutes.signed_by,
        "present": [
            {"name": r.name, "role": r.role, "organisation": r.organisation}
            for r in document.present
        ],
        "absent": [
            {"name": r.name, "role": r.role, "organisation": r.organisation}
            for r in document.absent
        ],
        "items": [
            {
                "number": item.number,
                "agenda_item": item.agenda_item.pk,
                "title": item.agenda_item.title,
                "body": item.note.body if item.note is not None else "",
                "decisions": [
                    {"number": f"{item.number}.{d.number}", "text": d.text} for d in item.decisions
                ],
                "action_items": [
                    {
                        "text": a.text,
                        "responsible": a.responsible.full_name,
                        "due_date": a.due_date.isoformat(),
                        "status": a.status,
                    }
                    for a in item.action_items
                ],
            }
            for item in document.items
        ],
        "meeting": meeting.pk,
    }


def _approve(minutes: Minutes, *, user: User | None, at_meeting: Meeting | None = None) -> None:
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at = timezone.now()
    minutes.approved_at_meeting = at_meeting
    minutes.updated_at = timezone.now()
    minutes.save(update_fields=["status", "approved_at", "approved_at_meeting", "updated_at"])
    MinutesVersion.objects.create(
        minutes=minutes, number=minutes.version, content=_snapshot(minutes), created_by=_user(user)
    )


@transaction.atomic
def minutes_approve_at_meeting(
    *, minutes: Minutes, at_meeting: Meeting, user: User | None = None
) -> Minutes:
    """Approve the previous meeting's minutes at this (the next) meeting: they are frozen as
    version 1 and locked, linked to this meeting, and this meeting's item "Föregående
    minnesanteckningar" gets "Föregående minnesanteckningar godkänns."."""
    minutes = _lock(minutes)
    if minutes.status != MinutesStatus.READY:
        raise ValidationError(_("Only minutes that are ready for checking can be approved."))
    if minutes.approval_method != ApprovalMethod.NEXT_MEETING:
        raise ValidationError(_("These minutes are approved by named checkers."))
    previous = selectors.previous_meeting(meeting=at_meeting)
    if previous is None or previous.pk != minutes.meeting_id:
        raise ValidationError(_("Minutes are approved at the group's next meeting."))
    _approve(minutes, user=user, at_meeting=at_meeting)
    later = minutes_start(meeting=at_meeting, user=user)
    note = (
        MinutesNote.objects.select_for_update()
        .filter(minutes=later, agenda_item__kind=AgendaItemKind.PREVIOUS_MINUTES)
        .order_by("agenda_item__order")
        .first()
    )
    if note is not None and later.status != MinutesStatus.APPROVED:
        line = f"<p>{PREVIOUS_APPROVED_TEXT}</p>"
        if PREVIOUS_APPROVED_TEXT not in note.body:
            note.body = markup_to_html(note.body + line) if note.body else line
            note.revision += 1
            note.updated_at = timezone.now()
            note.updated_by = _user(user)
            note.save(update_fields=["body", "revision", "updated_at", "updated_by"])
            _touch(later)
    return minutes


@transaction.atomic
def minutes_confirm(*, minutes: Minutes, person: Person, user: User | None = None) -> Minutes:
    """A named checker confirms the minutes; when every checker has, they are approved,
    frozen as version 1 and locked."""
    minutes = _lock(minutes)
    if minutes.status != MinutesStatus.READY or minutes.approval_method != (
        ApprovalMethod.CHECKERS
    ):
        raise ValidationError(_("These minutes are not waiting for checkers."))
    checker = MinutesChecker.objects.filter(minutes=minutes, person=person).first()
    if checker is None:
        raise ValidationError(_("You are not a checker of these minutes."))
    if checker.confirmed_at is None:
        checker.confirmed_at = timezone.now()
        checker.save(update_fields=["confirmed_at"])
    if not MinutesChecker.objects.filter(minutes=minutes, confirmed_at__isnull=True).exists():
        _approve(minutes, user=user)
    return minutes


@transaction.atomic
def minutes_correct(
    *,
    minutes: Minutes,
    reason: str,
    bodies: dict[int, str],
    version: int,
    user: User | None = None,
) -> Minutes:
    """Correct approved minutes: the notes get the corrected text (``bodies``: note id →
    markup) and a new version is frozen with the reason; earlier versions stay. Refuses a
    correction without a reason, and one made over a newer correction (``version``)."""
    minutes = _lock(minutes, writable=False)
    if minutes.status != MinutesStatus.APPROVED:
        raise ValidationError(_("Only approved minutes are corrected; edit the draft instead."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the minutes are corrected.")})
    if version != minutes.version:
        raise ValidationError(
            _(
                "Someone else corrected the minutes while you were writing (now version "
                "%(number)s). Open the correction again."
            )
            % {"number": minutes.version}
        )
    notes = {n.pk: n for n in MinutesNote.objects.select_for_update().filter(minutes=minutes)}
    changed = []
    for note_id, body in bodies.items():
        note = notes.get(note_id)
        if note is None:
            continue
        html = markup_to_html(body)
        if html != note.body:
            note.body = html
            note.revision += 1
            note.updated_at = timezone.now()
            note.updated_by = _user(user)
            changed.append(note)
    if not changed:
        raise ValidationError(_("Nothing was changed. Change the text that needs correcting."))
    MinutesNote.objects.bulk_update(changed, ["body", "revision", "updated_at", "updated_by"])
    minutes.version += 1
    minutes.save(update_fields=["version"])
    MinutesVersion.objects.create(
        minutes=minutes,
        number=minutes.version,
        reason=reason.strip(),
        content=_snapshot(minutes),
        created_by=_user(user),
    )
    _touch(minutes)
    return minutes
