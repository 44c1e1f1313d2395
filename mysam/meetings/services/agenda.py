"""Writes of the agenda, its attachments and the attendance of a meeting.

``agenda_from_template`` builds a new meeting's agenda from the association's current agenda
template (the calendar area calls it when a meeting is created).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from mysam.accounts.models import User
from mysam.meetings.models import (
    ActionItem,
    AgendaItem,
    AgendaItemKind,
    AgendaItemStatus,
    AgendaTemplate,
    AgendaTemplateItem,
    Attachment,
    Attendance,
    AttendanceStatus,
    Meeting,
)
from mysam.organisation.models import Association, Membership, MembershipRole, Person

# --- The agenda template ------------------------------------------------------------------


@transaction.atomic
def agenda_from_template(*, meeting: Meeting) -> list[AgendaItem]:
    """Give ``meeting`` the standing items of its association's current agenda template.

    Items are appended after any items the meeting already has; without a template nothing
    is added."""
    template = AgendaTemplate.objects.filter(
        association_id=meeting.group.association_id, is_current=True
    ).first()
    if template is None:
        return []
    start = _next_order(meeting)
    items = [
        AgendaItem(
            meeting=meeting,
            order=start + index,
            title=t.title,
            kind=t.kind,
            estimated_minutes=t.estimated_minutes,
        )
        for index, t in enumerate(template.items.all())
    ]
    return AgendaItem.objects.bulk_create(items)


@transaction.atomic
def agenda_template_save(
    *, association: Association, name: str, items: Sequence[dict[str, object]]
) -> AgendaTemplate:
    """Replace the current template's items with ``items`` (dicts with title, kind,
    estimated_minutes), in the given order. Creates the template when there is none."""
    template = AgendaTemplate.objects.filter(association=association, is_current=True).first()
    if template is None:
        template = AgendaTemplate.objects.create(association=association, name=name)
    elif template.name != name:
        template.name = name
        template.save(update_fields=["name"])
    if not items:
        raise ValidationError(_("The template needs at least one item."))
    template.items.all().delete()
    AgendaTemplateItem.objects.bulk_create(
        AgendaTemplateItem(
            template=template,
            order=order,
            title=str(row["title"]),
            kind=str(row["kind"]),
            estimated_minutes=row.get("estimated_minutes"),  # type: ignore[misc]
        )
        for order, row in enumerate(items, start=1)
    )
    return template


# --- Agenda items ---------------------------------------------------------------------------


def _next_order(meeting: Meeting) -> int:
    top = AgendaItem.objects.filter(meeting=meeting).aggregate(top=Max("order"))["top"]
    return (top or 0) + 1


def _renumber(meeting: Meeting) -> None:
    """Orders 1..n for the accepted items first, then proposed and declined ones."""
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("order", "pk"))
    rank = {AgendaItemStatus.ACCEPTED: 0, AgendaItemStatus.PROPOSED: 1}
    items.sort(key=lambda i: (rank.get(i.status, 2), i.order, i.pk))  # type: ignore[call-overload]
    changed = []
    for order, item in enumerate(items, start=1):
        if item.order != order:
            item.order = order
            changed.append(item)
    AgendaItem.objects.bulk_update(changed, ["order"])


def _accepted_before_other_business(meeting: Meeting, *, exclude: int) -> int:
    """The order for a new accepted item: before "Övrigt" when it is the last item."""
    accepted = list(
        AgendaItem.objects.filter(meeting=meeting, status=AgendaItemStatus.ACCEPTED)
        .exclude(pk=exclude)
        .order_by("order", "pk")
    )
    if accepted and accepted[-1].kind == AgendaItemKind.OTHER_BUSINESS:
        return accepted[-1].order
    return (accepted[-1].order + 1) if accepted else 1


def _insert_accepted(item: AgendaItem) -> None:
    """Place an accepted item before a final "Övrigt" and renumber."""
    position = _accepted_before_other_business(item.meeting, exclude=item.pk)
    AgendaItem.objects.filter(meeting=item.meeting, order__gte=position).exclude(pk=item.pk).update(
        order=F("order") + 1
    )
    item.order = position
    item.save(update_fields=["order"])
    _renumber(item.meeting)


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    title: str,
    kind: str = AgendaItemKind.TOPIC,
    presenter: str = "",
    estimated_minutes: int | None = None,
    description: str = "",
    action_item: ActionItem | None = None,
) -> AgendaItem:
    """Add an accepted item, placed before "Övrigt" when that ends the agenda."""
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the item a title."))
    if (
        action_item is not None
        and AgendaItem.objects.filter(meeting=meeting, action_item=action_item).exists()
    ):
        raise ValidationError(_("This action item is already on the agenda."))
    if (
        kind == AgendaItemKind.PLAN_FOLLOW_UP
        and AgendaItem.objects.filter(meeting=meeting, kind=AgendaItemKind.PLAN_FOLLOW_UP).exists()
    ):
        raise ValidationError(_("The follow-up of the action plan is already on the agenda."))
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=_next_order(meeting),
        title=title,
        kind=kind,
        presenter=presenter.strip(),
        estimated_minutes=estimated_minutes,
        description=description.strip(),
        action_item=action_item,
    )
    _insert_accepted(item)
    item.refresh_from_db()
    return item


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    title: str,
    presenter: str = "",
    estimated_minutes: int | None = None,
    description: str = "",
) -> AgendaItem:
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the item a title."))
    item.title = title
    item.presenter = presenter.strip()
    item.estimated_minutes = estimated_minutes
    item.description = description.strip()
    item.save(update_fields=["title", "presenter", "estimated_minutes", "description"])
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem) -> None:
    """Remove an item. An item with notes, decisions or action items in the minutes stays."""
    if item.decisions.exists() or item.action_items.exists():
        raise ValidationError(
            _("The item has decisions or action items in the minutes and cannot be removed.")
        )
    meeting = item.meeting
    item.delete()
    _renumber(meeting)


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str) -> int:
    """Move an accepted item one step "up" or "down" among the accepted items; returns its
    new position (1-based). Moving past either end leaves it where it is."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose up or down."))
    if item.status != AgendaItemStatus.ACCEPTED:
        raise ValidationError(_("Only items on the agenda can be moved."))
    _renumber(item.meeting)
    accepted = list(
        AgendaItem.objects.select_for_update()
        .filter(meeting_id=item.meeting_id, status=AgendaItemStatus.ACCEPTED)
        .order_by("order", "pk")
    )
    index = next(i for i, other in enumerate(accepted) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(accepted):
        accepted[index], accepted[target] = accepted[target], accepted[index]
        for order, other in enumerate(accepted, start=1):
            other.order = order
        AgendaItem.objects.bulk_update(accepted, ["order"])
        index = target
    return index + 1


@transaction.atomic
def agenda_item_propose(
    *,
    meeting: Meeting,
    user: User,
    title: str,
    presenter: str = "",
    estimated_minutes: int | None = None,
    description: str = "",
) -> AgendaItem:
    """A group member proposes an item; it waits for the convener's decision."""
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the item a title."))
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=_next_order(meeting),
        title=title,
        presenter=presenter.strip(),
        estimated_minutes=estimated_minutes,
        description=description.strip(),
        status=AgendaItemStatus.PROPOSED,
        proposed_by=user,
    )
    _renumber(meeting)
    return item


@transaction.atomic
def agenda_item_decide(*, item: AgendaItem, accept: bool) -> AgendaItem:
    """The convener accepts a proposed item onto the agenda or declines it."""
    if item.status != AgendaItemStatus.PROPOSED:
        raise ValidationError(_("The item has already been decided."))
    if accept:
        item.status = AgendaItemStatus.ACCEPTED
        item.save(update_fields=["status"])
        _insert_accepted(item)
    else:
        item.status = AgendaItemStatus.DECLINED
        item.save(update_fields=["status"])
        _renumber(item.meeting)
    item.refresh_from_db()
    return item


# --- Attachments ---------------------------------------------------------------------------

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ALLOWED_EXTENSIONS = ("pdf", "docx", "xlsx", "pptx", "png", "jpg", "jpeg", "txt", "csv")


@transaction.atomic
def attachment_add(
    *,
    meeting: Meeting,
    file: UploadedFile,
    user: User,
    title: str = "",
    agenda_item: AgendaItem | None = None,
) -> Attachment:
    """Attach a file to the meeting or one of its items (at most 20 MB; PDF, Word, Excel,
    PowerPoint, PNG, JPG, text and CSV)."""
    name = PurePath(file.name or "").name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _(
                "The file type is not allowed. Attach PDF, Word (docx), Excel (xlsx), "
                "PowerPoint (pptx), PNG, JPG, text or CSV files."
            )
        )
    if (file.size or 0) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("The file is larger than 20 MB. Make it smaller and try again."))
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(_("The item belongs to another meeting."))
    return Attachment.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        title=title.strip() or name,
        file=file,
        uploaded_by=user,
    )


@transaction.atomic
def attachment_delete(*, attachment: Attachment) -> None:
    attachment.file.delete(save=False)
    attachment.delete()


# --- Attendance ------------------------------------------------------------------------------


@dataclass
class AttendanceEntry:
    """One person's attendance as the form sends it."""

    person: Person
    present: bool
    membership: Membership | None = None
    replaces: Person | None = None
    is_guest: bool = False
    role_label: str = ""


def _role_label(person: Person, membership: Membership | None) -> str:
    if person.title:
        return person.title
    if membership is not None and membership.seat_id and membership.seat is not None:
        return membership.seat.label
    return ""


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, entries: Iterable[AttendanceEntry], replace_all: bool = True
) -> list[Attendance]:
    """Store who was there in one go (during or after the meeting).

    A substitute present may replace an absent member; the replaced person must be absent.
    With ``replace_all`` rows for people not in ``entries`` are removed, except guests."""
    rows = list(entries)
    present_ids = {e.person.pk for e in rows if e.present}
    seen: set[int] = set()
    for entry in rows:
        if entry.person.pk in seen:
            raise ValidationError(_("%(name)s is listed twice.") % {"name": entry.person.full_name})
        seen.add(entry.person.pk)
        if entry.person.association_id != meeting.group.association_id:
            raise ValidationError(_("Only people of the association can attend."))
        if entry.replaces is not None:
            if not entry.present:
                raise ValidationError(
                    _("%(name)s is absent and cannot replace anyone.")
                    % {"name": entry.person.full_name}
                )
            if entry.replaces.pk in present_ids:
                raise ValidationError(
                    _("%(name)s is present and needs no substitute.")
                    % {"name": entry.replaces.full_name}
                )
    replaced = [e.replaces.pk for e in rows if e.replaces is not None]
    if len(replaced) != len(set(replaced)):
        raise ValidationError(_("Two substitutes replace the same member. Choose one."))

    existing = {a.person_id: a for a in Attendance.objects.filter(meeting=meeting)}
    if replace_all:
        Attendance.objects.filter(meeting=meeting, is_guest=False).exclude(
            person_id__in=seen
        ).delete()
    saved = []
    for entry in rows:
        values = {
            "membership": entry.membership,
            "role_label": entry.role_label or _role_label(entry.person, entry.membership),
            "status": AttendanceStatus.PRESENT if entry.present else AttendanceStatus.ABSENT,
            "replaces": entry.replaces if entry.present else None,
            "is_guest": entry.is_guest,
        }
        row = existing.get(entry.person.pk)
        if row is None:
            row = Attendance.objects.create(meeting=meeting, person=entry.person, **values)
        else:
            for key, value in values.items():
                setattr(row, key, value)
            row.save()
        saved.append(row)
    return saved


@transaction.atomic
def attendance_add_guest(*, meeting: Meeting, person: Person, role_label: str = "") -> Attendance:
    """Add a guest (someone of the association outside the group) as present."""
    if person.association_id != meeting.group.association_id:
        raise ValidationError(_("Only people of the association can attend."))
    if Attendance.objects.filter(meeting=meeting, person=person).exists():
        raise ValidationError(
            _("%(name)s is already on the attendance list.") % {"name": person.full_name}
        )
    day: datetime.date = meeting.date
    membership = (
        Membership.objects.current(day).filter(group_id=meeting.group_id, person=person).first()
    )
    return Attendance.objects.create(
        meeting=meeting,
        person=person,
        membership=membership,
        role_label=role_label.strip() or person.title,
        status=AttendanceStatus.PRESENT,
        is_guest=membership is None or membership.role == MembershipRole.GUEST,
    )


@transaction.atomic
def attendance_remove_guest(*, attendance: Attendance) -> None:
    if not attendance.is_guest:
        raise ValidationError(_("Only guests can be removed from the list."))
    attendance.delete()
