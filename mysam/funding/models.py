"""Cooperation funds (samverkansmedel): applications and the board's decisions, the
interventions (insatser) the association pays for with their aggregate follow-up, and the
association's yearly budget with its financing.

Money is a Decimal with two places (kronor and öre), exactly like ``plans.GroupBudget``.
Allocations per group are ``plans.GroupBudget`` rows (one per group and year, never carried
over); this app reads and writes them through ``mysam.plans.services.budget_set`` instead of
keeping a second copy.

Follow-up is aggregate only: counts per intervention and period. There is no model here that
could hold anything about a person.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mysam.organisation.models import Association, CooperationGroup, Municipality, Party


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PREPARATION = "preparation", _("In preparation")
    GRANTED = "granted", _("Granted")
    GRANTED_IN_PART = "granted_in_part", _("Granted in part")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


DECIDED_STATUSES = (
    ApplicationStatus.GRANTED,
    ApplicationStatus.GRANTED_IN_PART,
    ApplicationStatus.REJECTED,
)
GRANTED_STATUSES = (ApplicationStatus.GRANTED, ApplicationStatus.GRANTED_IN_PART)
OPEN_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.PREPARATION)


class FundingApplication(models.Model):
    """An application for cooperation funds from a group (its convener) or the office."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="funding_applications"
    )
    title = models.CharField(_("title"), max_length=300)
    applicant_group = models.ForeignKey(
        CooperationGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_applications",
        verbose_name=_("applicant group"),
        help_text=_("Leave empty when the office applies."),
    )
    target_group = models.TextField(_("target group"))
    purpose = models.TextField(_("purpose"))
    method = models.TextField(_("method"), blank=True)
    parties = models.ManyToManyField(
        Party, blank=True, related_name="funding_applications", verbose_name=_("parties involved")
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    expected_results = models.TextField(_("expected results"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # The decision (board).
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    granted_amount = models.DecimalField(
        _("granted amount (kr)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        max_digits=12,
        decimal_places=2,
    )
    conditions = models.TextField(_("conditions"), blank=True)
    decision_text = models.TextField(_("the board's decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_on_behalf = models.BooleanField(
        _("recorded by the office on behalf of the board"), default=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("funding application")
        verbose_name_plural = _("funding applications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="funding_application_period"
            ),
            models.CheckConstraint(
                condition=Q(granted_amount__isnull=True) | Q(granted_amount__gte=0),
                name="funding_application_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("funding:application_detail", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED_STATUSES

    @property
    def is_granted(self) -> bool:
        return self.status in GRANTED_STATUSES


class BudgetLine(models.Model):
    """A line of the application's budget: what, which year, how much."""

    application = models.ForeignKey(
        FundingApplication, on_delete=models.CASCADE, related_name="budget_lines"
    )
    description = models.CharField(_("what"), max_length=300)
    year = models.PositiveIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    amount = models.DecimalField(
        _("amount (kr)"),
        validators=[MinValueValidator(Decimal("0"))],
        max_digits=12,
        decimal_places=2,
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["year", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.description}"


class ApplicationAttachment(models.Model):
    application = models.ForeignKey(
        FundingApplication, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="funding/%Y/")
    title = models.CharField(_("title"), max_length=300)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class ApplicationEvent(models.Model):
    """The application's history: every change of status, by whom, when and why."""

    application = models.ForeignKey(
        FundingApplication, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=ApplicationStatus.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class InterventionKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual-oriented")
    STRUCTURAL = "structural", _("Structural")


class InterventionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    FINISHED = "finished", _("Finished")


class Intervention(models.Model):
    """An insats the association pays for. A mixed one is registered as two."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="interventions"
    )
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=InterventionKind.choices)
    description = models.TextField(_("description"), blank=True)
    parties = models.ManyToManyField(
        Party, blank=True, related_name="interventions", verbose_name=_("parties")
    )
    group = models.ForeignKey(
        CooperationGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name=_("group"),
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InterventionStatus.choices,
        default=InterventionStatus.PLANNED,
    )
    application = models.ForeignKey(
        FundingApplication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name=_("funded by application"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="intervention_period",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("funding:intervention_detail", args=[self.pk])


class InterventionBudget(models.Model):
    """The money allocated to an intervention for one year."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    amount = models.DecimalField(
        _("amount (kr)"),
        validators=[MinValueValidator(Decimal("0"))],
        max_digits=12,
        decimal_places=2,
    )

    class Meta:
        verbose_name = _("intervention budget")
        verbose_name_plural = _("intervention budgets")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "year"], name="intervention_budget_once_per_year"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="intervention_budget_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intervention} {self.year}"


class InterventionSpending(models.Model):
    """Money paid out to an intervention (recorded by the office after the decision)."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="spending"
    )
    date = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount (kr)"),
        validators=[MinValueValidator(Decimal("0.01"))],
        max_digits=12,
        decimal_places=2,
    )
    description = models.CharField(_("what"), max_length=300)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("spending")
        verbose_name_plural = _("spending")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="intervention_spending_positive")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.amount} kr"


class FollowUpPeriod(models.Model):
    """Aggregate follow-up of an intervention for a year (half = 0) or a half-year (1, 2):
    how many started and finished, by gender, and how the finished went on. Counts only."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="follow_up"
    )
    year = models.PositiveIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    half = models.PositiveSmallIntegerField(
        _("period"),
        choices=[(0, _("Whole year")), (1, _("January–June")), (2, _("July–December"))],
        default=0,
    )
    started_women = models.PositiveIntegerField(_("started, women"), default=0)
    started_men = models.PositiveIntegerField(_("started, men"), default=0)
    started_other = models.PositiveIntegerField(_("started, other or unknown"), default=0)
    finished_women = models.PositiveIntegerField(_("finished, women"), default=0)
    finished_men = models.PositiveIntegerField(_("finished, men"), default=0)
    finished_other = models.PositiveIntegerField(_("finished, other or unknown"), default=0)
    to_work = models.PositiveIntegerField(_("went on to work"), default=0)
    to_studies = models.PositiveIntegerField(_("went on to studies"), default=0)
    to_rehabilitation = models.PositiveIntegerField(_("went on to other rehabilitation"), default=0)
    to_other = models.PositiveIntegerField(_("other outcome"), default=0)

    class Meta:
        verbose_name = _("follow-up period")
        verbose_name_plural = _("follow-up periods")
        ordering = ["year", "half"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "year", "half"], name="follow_up_once_per_period"
            ),
            models.CheckConstraint(condition=Q(half__lte=2), name="follow_up_half_0_1_2"),
        ]

    def __str__(self) -> str:
        return f"{self.intervention} {self.period_label}"

    @property
    def period_label(self) -> str:
        return str(self.year) if self.half == 0 else f"{self.year}:{self.half}"

    @property
    def started(self) -> int:
        return self.started_women + self.started_men + self.started_other

    @property
    def finished(self) -> int:
        return self.finished_women + self.finished_men + self.finished_other

    @property
    def outcomes(self) -> int:
        return self.to_work + self.to_studies + self.to_rehabilitation + self.to_other


class MunicipalityKey(models.TextChoices):
    SHARE = "share", _("Agreed share per municipality (%)")
    POPULATION = "population", _("Population per municipality")


class AssociationBudget(models.Model):
    """The association's budget for a year and how it is financed: by default the state
    (Försäkringskassan) 50 %, the region 25 % and the municipalities together 25 %."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="funding_budgets"
    )
    year = models.PositiveIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    total = models.DecimalField(
        _("total (kr)"),
        validators=[MinValueValidator(Decimal("0"))],
        max_digits=12,
        decimal_places=2,
    )
    state_share = models.DecimalField(
        _("state share (%)"), max_digits=5, decimal_places=2, default=Decimal("50")
    )
    region_share = models.DecimalField(
        _("region share (%)"), max_digits=5, decimal_places=2, default=Decimal("25")
    )
    municipality_share = models.DecimalField(
        _("municipalities' share (%)"), max_digits=5, decimal_places=2, default=Decimal("25")
    )
    municipality_key = models.CharField(
        _("municipalities split by"),
        max_length=20,
        choices=MunicipalityKey.choices,
        default=MunicipalityKey.POPULATION,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("association budget")
        verbose_name_plural = _("association budgets")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "year"], name="association_budget_once_per_year"
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0), name="association_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(
                    state_share__gte=0,
                    region_share__gte=0,
                    municipality_share__gte=0,
                ),
                name="association_budget_shares_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.association} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("funding:budget_year", args=[self.year])


class MunicipalityWeight(models.Model):
    """One municipality's weight in the split of the municipalities' share: an agreed
    percentage or its population, depending on the budget's key."""

    budget = models.ForeignKey(AssociationBudget, on_delete=models.CASCADE, related_name="weights")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    weight = models.DecimalField(
        _("share or population"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("municipality weight")
        verbose_name_plural = _("municipality weights")
        ordering = ["municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "municipality"], name="municipality_weight_once"
            ),
            models.CheckConstraint(condition=Q(weight__gte=0), name="municipality_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.weight}"
