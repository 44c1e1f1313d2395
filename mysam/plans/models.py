"""Action plans (handlingsplaner): the association's template, each group's plan, its
versions (one per yearly revision), goals, activities, progress, budget and spending.

Stable across versions: an activity's ``lineage`` (a UUID copied when a revision copies
the activity) carries its progress log and its spending, so history is not lost when a
plan is revised. Versions are never deleted; an adopted version is locked.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mysam.organisation.models import Association, CooperationGroup, Party, Person


class PlanTemplate(models.Model):
    """One version of the association's plan template. Editing makes a new version, so a
    plan always keeps the template it started from."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="plan_templates"
    )
    version = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    is_current = models.BooleanField(_("current"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("plan template")
        verbose_name_plural = _("plan templates")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "version"], name="plan_template_unique_version"
            ),
            models.UniqueConstraint(
                fields=["association"],
                condition=Q(is_current=True),
                name="plan_template_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class SectionKind(models.TextChoices):
    TEXT = "text", _("Text")
    TARGET_GROUPS = "target_groups", _("Prioritised target groups")
    GOALS = "goals", _("Goals and activities")
    BUDGET = "budget", _("Budget")
    PARTICIPANTS = "participants", _("Participants")
    CO_OPTED = "co_opted", _("Co-opted when needed")
    TRISAM = "trisam", _("Trisam")


class TemplateSection(models.Model):
    template = models.ForeignKey(PlanTemplate, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(_("order"))
    key = models.SlugField(_("key"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SectionKind.choices)
    default_text = models.TextField(
        _("default text"), blank=True, help_text=_("Prefilled in new plans; may be edited.")
    )
    guidance = models.TextField(_("guidance"), blank=True)

    class Meta:
        verbose_name = _("template section")
        verbose_name_plural = _("template sections")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="template_section_unique_key")
        ]

    def __str__(self) -> str:
        return self.title


class GoalArea(models.Model):
    """A numbered goal area of the template, e.g. "3. Trisam – tidig rehabilitering"."""

    template = models.ForeignKey(PlanTemplate, on_delete=models.CASCADE, related_name="goal_areas")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        verbose_name = _("goal area")
        verbose_name_plural = _("goal areas")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="goal_area_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class GuidingQuestion(models.Model):
    """A dialogue question (dialogstöd, seed 000 Bilaga 1) shown beside a goal area."""

    goal_area = models.ForeignKey(GoalArea, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField(_("order"))
    text = models.TextField(_("question"))

    class Meta:
        verbose_name = _("guiding question")
        verbose_name_plural = _("guiding questions")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.text


class TargetGroup(models.Model):
    """The association's catalogue of target groups plans can prioritise."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="target_groups"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["association", "name"], name="target_group_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ActionPlan(models.Model):
    """A group's action plan for a period of one or two years."""

    group = models.ForeignKey(
        CooperationGroup,
        on_delete=models.PROTECT,
        related_name="action_plans",
        verbose_name=_("group"),
    )
    template = models.ForeignKey(
        PlanTemplate, on_delete=models.PROTECT, related_name="plans", verbose_name=_("template")
    )
    title = models.CharField(_("title"), max_length=300)
    start_year = models.PositiveIntegerField(_("first year"))
    end_year = models.PositiveIntegerField(_("last year"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-start_year", "group__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")) & Q(end_year__lte=F("start_year") + 1),
                name="action_plan_one_or_two_years",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:plan_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class PlanVersion(models.Model):
    """One version of a plan: the first, then one per revision. Adopted versions are locked;
    only the newest version, while it is a draft, can be edited."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    plan_date = models.DateField(
        _("plan date"), help_text=_("Participants are taken from the registry as of this day.")
    )
    change_note = models.TextField(_("what changed and why"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique_number"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(adopted_at__isnull=False),
                name="plan_version_adopted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} – version {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("plans:version_detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.status == VersionStatus.ADOPTED


class PlanSection(models.Model):
    """A text section of a version. ``revision`` counts saves, so a save based on an older
    revision is detected as a conflict instead of overwriting someone else's text."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="sections")
    template_section = models.ForeignKey(
        TemplateSection, on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("text"), blank=True, help_text=_("Sanitised HTML."))
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        ordering = ["template_section__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "template_section"], name="plan_section_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return self.template_section.title


class PlanTargetGroup(models.Model):
    """A prioritised target group of a version: from the catalogue or a local one."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="target_groups")
    target_group = models.ForeignKey(
        TargetGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target group"),
    )
    local_name = models.CharField(_("local target group"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("prioritised target group")
        verbose_name_plural = _("prioritised target groups")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(target_group__isnull=False) & Q(local_name=""))
                | (Q(target_group__isnull=True) & ~Q(local_name="")),
                name="plan_target_group_catalogue_or_local",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.target_group.name if self.target_group is not None else self.local_name


class PlanGoal(models.Model):
    """A goal under one of the template's goal areas."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="goals")
    goal_area = models.ForeignKey(GoalArea, on_delete=models.PROTECT, related_name="+")
    lineage = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("goal"))
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["goal_area__number", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    PAUSED = "paused", _("Paused")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses in which an activity past its due date counts as overdue.
OPEN_STATUSES = (ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS, ActivityStatus.PAUSED)


class Activity(models.Model):
    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="activities")
    lineage = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("activity"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible_party = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible party"),
    )
    responsible_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    planned_amount = models.DecimalField(
        _("planned amount (kr)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(due_date__gte=F("start_date")),
                name="activity_due_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        day = today or timezone.localdate()
        return bool(self.due_date and self.due_date < day and self.status in OPEN_STATUSES)


class ActivityProgress(models.Model):
    """A dated entry in an activity's progress log (kept across revisions by lineage)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="progress")
    activity_lineage = models.UUIDField(db_index=True)
    date = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    new_status = models.CharField(
        _("new status"), max_length=20, choices=ActivityStatus.choices, blank=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.date}: {self.text[:60]}"


class GroupBudget(models.Model):
    """The group's budget for one year (e.g. 324 651 kr for Ljusdal 2019). It cannot be
    carried over: what is not spent in the year is gone."""

    group = models.ForeignKey(
        CooperationGroup, on_delete=models.CASCADE, related_name="budgets", verbose_name=_("group")
    )
    year = models.PositiveIntegerField(_("year"))
    amount = models.DecimalField(
        _("amount (kr)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("group budget")
        verbose_name_plural = _("group budgets")
        ordering = ["group__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["group", "year"], name="group_budget_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.year}"


class Spending(models.Model):
    """Money spent from a group's budget, optionally against an activity (by lineage)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="spending")
    activity_lineage = models.UUIDField(null=True, blank=True, db_index=True)
    date = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount (kr)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    description = models.CharField(_("what"), max_length=300)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("spending")
        verbose_name_plural = _("spending")
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.date} {self.amount} kr"


class ParticipantKind(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    CO_OPTED = "co_opted", _("Co-opted when needed")
    STEERING = "steering", _("Trisam steering group")
    TRISAM_TEAM = "trisam_team", _("Trisam team")


class PlanParticipant(models.Model):
    """A line of the plan's participant tables, copied from the registry as of the plan
    date so the plan shows who took part even after people change."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("kind"), max_length=20, choices=ParticipantKind.choices)
    order = models.PositiveIntegerField(_("order"), default=0)
    party_name = models.CharField(_("party"), max_length=200, blank=True)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=300, blank=True)
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("plan participant")
        verbose_name_plural = _("plan participants")
        ordering = ["kind", "order", "pk"]

    def __str__(self) -> str:
        return self.name
