"""Meetings of a Mysam group and their minutes (minnesanteckningar).

The flow: a meeting (alone or from a series) → agenda from the association's agenda
template → notice by e-mail with an iCalendar invitation → attendance → minutes per agenda
item with decisions and action items → ready for checking → approved (at the next meeting
or by named checkers) → locked; a correction after approval is a new version with a reason.
"""

from __future__ import annotations

import datetime
import secrets
import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mysam.organisation.models import Association, CooperationGroup, Membership, Person


class AgendaItemKind(models.TextChoices):
    """Standing items (seed 003) have a kind so the minutes and the flow can find them."""

    WELCOME = "welcome", _("Welcome")
    AGENDA = "agenda", _("Agenda")
    PREVIOUS_MINUTES = "previous_minutes", _("Previous minutes")
    TRISAM = "trisam", _("Trisam")
    ASSOCIATION_INFORMS = "association_informs", _("The association informs")
    STATISTICS = "statistics", _("Statistics")
    PLAN_FOLLOW_UP = "plan_follow_up", _("Follow-up of the action plan")
    ACTION_ITEMS = "action_items", _("Action items from earlier meetings")
    OTHER_BUSINESS = "other_business", _("Any other business")
    TOPIC = "topic", _("Topic")


class AgendaTemplate(models.Model):
    """The association's agenda template: standing items every meeting starts from."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="agenda_templates"
    )
    name = models.CharField(_("name"), max_length=200)
    is_current = models.BooleanField(_("current"), default=True)

    class Meta:
        verbose_name = _("agenda template")
        verbose_name_plural = _("agenda templates")
        constraints = [
            models.UniqueConstraint(
                fields=["association"],
                condition=Q(is_current=True),
                name="agenda_template_one_current",
            )
        ]

    def __str__(self) -> str:
        return self.name


class AgendaTemplateItem(models.Model):
    template = models.ForeignKey(AgendaTemplate, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=AgendaItemKind.choices)
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda template item")
        verbose_name_plural = _("agenda template items")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.title


class SeriesRule(models.TextChoices):
    EVERY_N_WEEKS = "every_n_weeks", _("Every N weeks")
    MONTHLY_WEEKDAY = "monthly_weekday", _("Monthly on the same weekday (e.g. the 2nd Tuesday)")
    DATES = "dates", _("Chosen dates (e.g. twice a term)")


class MeetingSeries(models.Model):
    """A rule that generates meetings. The generated meetings are ordinary rows: moving or
    cancelling one is an exception of that meeting only."""

    group = models.ForeignKey(
        CooperationGroup, on_delete=models.CASCADE, related_name="meeting_series"
    )
    title = models.CharField(_("title"), max_length=200)
    rule = models.CharField(_("rule"), max_length=20, choices=SeriesRule.choices)
    interval_weeks = models.PositiveIntegerField(
        _("every N weeks"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    first_date = models.DateField(_("first meeting"))
    last_date = models.DateField(_("last meeting on or before"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    location = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_date__gte=F("first_date")), name="series_last_after_first"
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="series_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MeetingStatus(models.TextChoices):
    # Context: Swedish inflects differently for a meeting (planerat, inställt) than for an
    # activity (planerad, avbruten).
    PLANNED = "planned", pgettext_lazy("meeting status", "Planned")
    CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")


class Meeting(models.Model):
    group = models.ForeignKey(
        CooperationGroup, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("group")
    )
    series = models.ForeignKey(
        MeetingSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("series"),
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    # A meeting of a series that was moved or changed on its own.
    is_exception = models.BooleanField(_("changed from the series"), default=False)
    # iCalendar: the UID never changes; SEQUENCE rises with every change sent out.
    ical_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ical_sequence = models.PositiveIntegerField(default=0)
    notice_sent_at = models.DateTimeField(_("notice sent"), null=True, blank=True)
    invited_co_opted = models.ManyToManyField(
        Membership,
        blank=True,
        related_name="+",
        verbose_name=_("co-opted members invited to this meeting"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["group", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.title} {timezone.localtime(self.starts_at):%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])

    @property
    def date(self) -> datetime.date:
        return timezone.localtime(self.starts_at).date()


class AgendaItemStatus(models.TextChoices):
    ACCEPTED = "accepted", _("On the agenda")
    PROPOSED = "proposed", _("Proposed")
    DECLINED = "declined", _("Not taken up")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=30, choices=AgendaItemKind.choices, default=AgendaItemKind.TOPIC
    )
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AgendaItemStatus.choices,
        default=AgendaItemStatus.ACCEPTED,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # An item offered from an open action item of an earlier meeting.
    action_item = models.ForeignKey(
        "ActionItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Attachment(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="meetings/%Y/")
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    """Who was there. A substitute present "replaces" the absent member (seed 003:
    "Filipa Correia Persson/ersätter Susanne Thegerström"); guests need no membership."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="attendance", verbose_name=_("person")
    )
    membership = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role_label = models.CharField(_("role"), max_length=200, blank=True)
    status = models.CharField(_("attendance"), max_length=20, choices=AttendanceStatus.choices)
    replaces = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replaces"),
    )
    is_guest = models.BooleanField(_("guest"), default=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_status_display()})"


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    READY = "ready", _("Ready for checking")
    APPROVED = "approved", _("Approved")


class ApprovalMethod(models.TextChoices):
    NEXT_MEETING = "next_meeting", _("At the next meeting")
    CHECKERS = "checkers", _("By named checkers (justerare)")


class Minutes(models.Model):
    """The minutes of one meeting. ``version`` counts approved versions (corrections after
    approval); ``revision`` counts saves for conflict detection."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(
        _("status"), max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    approval_method = models.CharField(
        _("approval"),
        max_length=20,
        choices=ApprovalMethod.choices,
        default=ApprovalMethod.NEXT_MEETING,
    )
    approved_at_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_minutes",
        verbose_name=_("approved at meeting"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    signed_by = models.CharField(
        _("signed by"), max_length=200, blank=True, help_text=_("E.g. the Mysam coordinator.")
    )
    # Full-text search: the notes, decisions and action items as plain text, kept up to date
    # by the services (a LIKE search on SQLite; PostgreSQL can index it).
    search_text = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
                name="minutes_approved_has_date",
            )
        ]

    def __str__(self) -> str:
        return str(self.meeting)

    def get_absolute_url(self) -> str:
        return reverse("meetings:minutes_detail", args=[self.meeting_id])

    @property
    def is_locked(self) -> bool:
        return self.status == MinutesStatus.APPROVED


class MinutesNote(models.Model):
    """The notes for one agenda item. ``revision`` detects two people editing at once."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="notes")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="notes")
    body = models.TextField(_("notes"), blank=True, help_text=_("Sanitised HTML."))
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("minutes note")
        verbose_name_plural = _("minutes notes")
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "agenda_item"], name="minutes_note_once_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agenda_item}"


class Decision(models.Model):
    """A decision, numbered by agenda item: item 4's second decision is "4.2"."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveIntegerField(_("number within the item"))
    text = models.TextField(_("decision"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["agenda_item__order", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "number"], name="decision_unique_number_in_item"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


class ActionItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class ActionItem(models.Model):
    """Something someone will do by a date (åtgärd). It may be tied to an activity of the
    group's action plan (by lineage), whose progress log then gets an entry."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="action_items")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_items"
    )
    text = models.TextField(_("what"))
    responsible = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("responsible")
    )
    due_date = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    done_at = models.DateField(_("done"), null=True, blank=True)
    plan_activity_lineage = models.UUIDField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class MinutesChecker(models.Model):
    """A named checker (justerare) who signs in and confirms the minutes."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="checkers")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("checker")
        verbose_name_plural = _("checkers")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "person"], name="checker_once_per_minutes")
        ]

    def __str__(self) -> str:
        return str(self.person)


class MinutesVersion(models.Model):
    """A frozen copy of approved minutes. Approving stores version 1; a correction after
    approval stores the next version with its reason. Nothing is overwritten."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    reason = models.TextField(_("reason for the correction"), blank=True)
    content = models.JSONField(_("content"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("minutes version")
        verbose_name_plural = _("minutes versions")
        ordering = ["minutes", "number"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="minutes_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.minutes} v{self.number}"


def _new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's personal calendar feed (secret-token URL) with the meetings of all their
    groups. Regenerating the token makes the old URL stop working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user}"


class ReminderKind(models.TextChoices):
    MINUTES_READY = "minutes_ready", _("Minutes ready for checking")
    ACTION_ASSIGNED = "action_assigned", _("Action item assigned")
    ACTION_DUE = "action_due", _("Action item due tomorrow")


class ReminderSent(models.Model):
    """One row per reminder sent, so the daily run never sends the same reminder twice."""

    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    object_id = models.PositiveBigIntegerField()
    recipient = models.EmailField()
    sent_on = models.DateField(default=timezone.localdate)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "recipient", "sent_on"], name="reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} → {self.recipient}"
