"""Permission-scoped lookups for meetings and minutes.

Who may read:
- a group's meetings, agendas and attendance: the group's current members (any role,
  guests included), the office (admin) and the board;
- minutes: approved minutes and minutes ready for checking are read by the same people;
  a draft only by those who write minutes (the convener, the office) and its named
  checkers.
Who may write: the group's convener and the office plan meetings, send notices, keep the
agenda, take attendance and write minutes. A group member may propose an agenda item. A
named checker confirms the minutes. The person responsible for an action item marks it done.
The office's calendar and dashboard are for the office and the board.

Not visible → 404. Visible but not allowed, or locked (approved minutes) → 403.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from mysam.accounts.actor import Actor
from mysam.meetings.models import (
    ActionItem,
    AgendaItem,
    AgendaTemplate,
    Attachment,
    Decision,
    Meeting,
    MeetingSeries,
    Minutes,
    MinutesNote,
    MinutesStatus,
)
from mysam.organisation.access import scope
from mysam.organisation.models import CooperationGroup


class MinutesLocked(PermissionDenied):
    """Approved minutes are locked; a change is a correction with a reason."""


def can_read_group(actor: Actor, group_id: int) -> bool:
    return actor.reads_everything or actor.is_in_group(group_id)


def can_write_group(actor: Actor, group_id: int) -> bool:
    """The office and the group's convener run the group's meetings."""
    return actor.is_admin or actor.is_convener_of(group_id)


def is_checker(actor: Actor, minutes: Minutes) -> bool:
    user_id = actor.user.pk
    return user_id is not None and minutes.checkers.filter(person__user_id=user_id).exists()


def can_read_minutes(actor: Actor, minutes: Minutes, group_id: int) -> bool:
    if minutes.status == MinutesStatus.DRAFT:
        return can_write_group(actor, group_id) or is_checker(actor, minutes)
    return can_read_group(actor, group_id)


def visible_meetings(actor: Actor) -> QuerySet[Meeting]:
    """Meetings of the groups the actor reads (all groups for the office and the board)."""
    meetings = Meeting.objects.filter(group__association_id=scope(actor))
    if actor.reads_everything:
        return meetings
    return meetings.filter(group_id__in=list(actor.group_roles))


def visible_minutes(actor: Actor) -> QuerySet[Minutes]:
    """Minutes the actor may read: not drafts, except for those who write them."""
    minutes = Minutes.objects.filter(meeting__group__association_id=scope(actor))
    if actor.reads_everything:
        readable = minutes
    else:
        readable = minutes.filter(meeting__group_id__in=list(actor.group_roles))
    if actor.is_admin:
        return readable
    convened = [gid for gid, roles in actor.group_roles.items() if "convener" in roles]
    return readable.exclude(status=MinutesStatus.DRAFT) | readable.filter(
        status=MinutesStatus.DRAFT, meeting__group_id__in=convened
    )


def get_group_for_meetings(actor: Actor, group_pk: int, *, write: bool = False) -> CooperationGroup:
    """A group whose meetings the actor reads (404 otherwise); ``write``: convener/office."""
    try:
        group = CooperationGroup.objects.get(association_id=scope(actor), pk=group_pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_read_group(actor, group.pk):
        raise Http404
    if write and not can_write_group(actor, group.pk):
        raise PermissionDenied
    return group


def get_meeting_for_user(actor: Actor, pk: int, *, write: bool = False) -> Meeting:
    """A meeting the actor reads (404 otherwise); ``write`` needs the convener or office."""
    try:
        meeting = (
            Meeting.objects.filter(group__association_id=scope(actor))
            .select_related("group", "series")
            .get(pk=pk)
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_read_group(actor, meeting.group_id):
        raise Http404
    if write and not can_write_group(actor, meeting.group_id):
        raise PermissionDenied
    return meeting


def get_meeting_for_proposal(actor: Actor, pk: int) -> Meeting:
    """A meeting whose agenda the actor may propose an item for: any current member of the
    group (and the convener and office)."""
    meeting = get_meeting_for_user(actor, pk)
    if not (can_write_group(actor, meeting.group_id) or actor.is_in_group(meeting.group_id)):
        raise PermissionDenied
    return meeting


def get_series_for_user(actor: Actor, pk: int, *, write: bool = False) -> MeetingSeries:
    try:
        series = MeetingSeries.objects.select_related("group").get(
            group__association_id=scope(actor), pk=pk
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_read_group(actor, series.group_id):
        raise Http404
    if write and not can_write_group(actor, series.group_id):
        raise PermissionDenied
    return series


def get_agenda_item_for_user(actor: Actor, pk: int, *, write: bool = False) -> AgendaItem:
    try:
        item = AgendaItem.objects.select_related("meeting", "meeting__group").get(
            meeting__group__association_id=scope(actor), pk=pk
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    get_meeting_for_user(actor, item.meeting_id, write=write)
    return item


def get_attachment_for_user(actor: Actor, pk: int, *, write: bool = False) -> Attachment:
    try:
        attachment = Attachment.objects.select_related("meeting").get(
            meeting__group__association_id=scope(actor), pk=pk
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    get_meeting_for_user(actor, attachment.meeting_id, write=write)
    return attachment


def get_minutes_for_user(actor: Actor, meeting_pk: int, *, write: bool = False) -> Minutes:
    """The minutes of a meeting. Reading a draft needs the convener, the office or a named
    checker. ``write`` needs the convener or the office and unapproved minutes (approved
    minutes answer 403: correct them with a reason instead)."""
    try:
        minutes = (
            Minutes.objects.filter(meeting__group__association_id=scope(actor))
            .select_related("meeting", "meeting__group")
            .get(meeting_id=meeting_pk)
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    group_id = minutes.meeting.group_id
    if not can_read_minutes(actor, minutes, group_id):
        raise Http404
    if write:
        if not can_write_group(actor, group_id):
            raise PermissionDenied
        if minutes.status == MinutesStatus.APPROVED:
            raise MinutesLocked(
                _("The minutes are approved and locked. Make a correction with a reason instead.")
            )
    return minutes


def get_minutes_or_start(actor: Actor, meeting_pk: int) -> tuple[Meeting, Minutes | None]:
    """The minutes page of a meeting: the meeting and its minutes as for
    ``get_minutes_for_user``; a meeting without minutes gives ``None`` to those who may
    start them (the convener, the office) and 404 to everybody else."""
    meeting = get_meeting_for_user(actor, meeting_pk)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        if not can_write_group(actor, meeting.group_id):
            raise Http404
        return meeting, None
    if not can_read_minutes(actor, minutes, meeting.group_id):
        raise Http404
    minutes.meeting = meeting
    return meeting, minutes


def get_minutes_for_correction(actor: Actor, meeting_pk: int) -> Minutes:
    """Approved minutes the convener or office may correct (with a reason)."""
    minutes = get_minutes_for_user(actor, meeting_pk)
    if not can_write_group(actor, minutes.meeting.group_id):
        raise PermissionDenied
    if minutes.status != MinutesStatus.APPROVED:
        raise PermissionDenied
    return minutes


def get_minutes_for_checking(actor: Actor, meeting_pk: int) -> Minutes:
    """Minutes the actor confirms as a named checker (403 if not a checker)."""
    minutes = get_minutes_for_user(actor, meeting_pk)
    if not is_checker(actor, minutes):
        raise PermissionDenied
    return minutes


def get_meeting_for_minutes_start(actor: Actor, meeting_pk: int) -> Meeting:
    """A meeting without minutes yet, whose minutes the actor may start: the convener or the
    office (404 for everybody else, as if the minutes did not exist)."""
    meeting = get_meeting_for_user(actor, meeting_pk)
    if not can_write_group(actor, meeting.group_id):
        raise Http404
    return meeting


def get_minutes_note_for_user(actor: Actor, pk: int, *, write: bool = False) -> MinutesNote:
    """A note of minutes the actor reads; ``write`` as for the minutes (locked → 403)."""
    try:
        note = MinutesNote.objects.select_related("agenda_item", "minutes").get(
            minutes__meeting__group__association_id=scope(actor), pk=pk
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    note.minutes = get_minutes_for_user(actor, note.minutes.meeting_id, write=write)
    return note


def get_agenda_item_for_minutes(actor: Actor, pk: int) -> tuple[AgendaItem, Minutes]:
    """An agenda item and its meeting's minutes, for adding a decision or an action item:
    the convener or the office, minutes not approved (403), not started → 404."""
    try:
        item = AgendaItem.objects.get(meeting__group__association_id=scope(actor), pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    minutes = get_minutes_for_user(actor, item.meeting_id, write=True)
    return item, minutes


def get_decision_for_user(actor: Actor, pk: int, *, write: bool = False) -> Decision:
    """A decision of minutes the actor reads; ``write`` as for the minutes (locked → 403)."""
    try:
        decision = Decision.objects.select_related("agenda_item", "minutes").get(
            minutes__meeting__group__association_id=scope(actor), pk=pk
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    decision.minutes = get_minutes_for_user(actor, decision.minutes.meeting_id, write=write)
    return decision


def get_action_item_for_user(actor: Actor, pk: int, *, write: bool = False) -> ActionItem:
    """An action item, read with its minutes (a draft's only by the minutes' writers,
    checkers and the responsible person); ``write`` (marking it done, also after approval)
    is for its responsible person, the convener and the office."""
    try:
        item = ActionItem.objects.select_related(
            "minutes", "minutes__meeting", "minutes__meeting__group", "responsible"
        ).get(minutes__meeting__group__association_id=scope(actor), pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    group_id = item.minutes.meeting.group_id
    own = item.responsible.user_id is not None and item.responsible.user_id == actor.user.pk
    if not (own or can_read_minutes(actor, item.minutes, group_id)):
        raise Http404
    if write and not (own or can_write_group(actor, group_id)):
        raise PermissionDenied
    return item


def get_action_item_for_edit(actor: Actor, pk: int) -> ActionItem:
    """An action item whose text, person and date the convener or office change: only while
    the minutes are not approved (403 after: a correction is made with a reason)."""
    item = get_action_item_for_user(actor, pk)
    if not can_write_group(actor, item.minutes.meeting.group_id):
        raise PermissionDenied
    get_minutes_for_user(actor, item.minutes.meeting_id, write=True)
    return item


def require_office_or_board(actor: Actor) -> None:
    """The office calendar and the dashboard: the office and the board (403 for others)."""
    scope(actor)
    if not actor.reads_everything:
        raise PermissionDenied


def get_agenda_template_for_user(actor: Actor, *, write: bool = False) -> AgendaTemplate | None:
    """The association's current agenda template (None if there is none yet); changing it
    is for the office."""
    association_id = scope(actor)
    if write and not actor.is_admin:
        raise PermissionDenied
    return AgendaTemplate.objects.filter(association_id=association_id, is_current=True).first()
