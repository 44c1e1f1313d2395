"""The association's cooperation structure: parties, units, places, groups and people.

Every row belongs to one association, directly or through its parent. Membership history
is never deleted: ending a membership sets its end date.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Association(models.Model):
    """A samordningsförbund: the tenant that owns everything else."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    organisation_number = models.CharField(_("organisation number"), max_length=20, blank=True)
    small_group_threshold = models.PositiveSmallIntegerField(
        _("smallest group shown in survey results"),
        default=5,
        validators=[MinValueValidator(settings.MYSAM_MIN_SMALL_GROUP_THRESHOLD)],
        help_text=_("Groups with fewer answers are hidden. Never below 3."),
    )
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    plans_visible_to_all_groups = models.BooleanField(
        _("members of other groups may read adopted action plans"),
        default=True,
        help_text=_("Drafts are only ever shown to the group itself, the office and the board."),
    )

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(small_group_threshold__gte=3), name="association_threshold_at_least_3"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CountyPart(models.Model):
    """A länsdel, e.g. Norra Hälsingland; results are reported per county part."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="county_parts"
    )
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("county part")
        verbose_name_plural = _("county parts")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["association", "name"], name="county_part_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="municipalities"
    )
    county_part = models.ForeignKey(
        CountyPart,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("county part"),
    )
    name = models.CharField(_("name"), max_length=120)
    code = models.CharField(_("municipality code"), max_length=4, blank=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["association", "name"], name="municipality_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class PartyKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    REGION = "region", _("Region")
    FK = "fk", _("Försäkringskassan")
    AF = "af", _("Arbetsförmedlingen")
    ASSOCIATION = "association", _("The association")
    OTHER = "other", _("Other")


# The four kinds of party that a Mysam group is expected to have at the table.
CORE_PARTY_KINDS = (PartyKind.MUNICIPALITY, PartyKind.REGION, PartyKind.FK, PartyKind.AF)


class Party(models.Model):
    """A member organisation (huvudman): a municipality, the Region, FK or AF."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PartyKind.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parties",
        verbose_name=_("municipality"),
        help_text=_("Only for a municipality party."),
    )

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["association", "name"], name="party_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class UnitType(models.TextChoices):
    IFO = "ifo", _("Individual and family care (IFO)")
    AME = "ame", _("Labour market and integration (AME)")
    CARE_LSS = "care_lss", _("Care and disability (omsorg/LSS)")
    SCHOOL = "school", _("School and pupil health")
    PERSONAL_OMBUDSMAN = "personal_ombudsman", _("Personal ombudsman")
    PRIMARY_CARE = "primary_care", _("Primary care")
    PSYCHIATRY = "psychiatry", _("Psychiatry")
    REHAB_COORDINATION = "rehab_coordination", _("Rehabilitation coordinators")
    FK_SICKNESS = "fk_sickness", _("FK sickness insurance")
    FK_DISABILITY = "fk_disability", _("FK disability")
    FK_LOCAL_COOPERATION = "fk_local_cooperation", _("FK local cooperation officer")
    AF_SECTION = "af_section", _("AF section")
    ASSOCIATION_OFFICE = "association_office", _("Association office")
    OTHER = "other", _("Other")


class Unit(models.Model):
    """A verksamhet within a party, e.g. Ljusdal's IFO or a health centre's primary care."""

    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="units", verbose_name=_("party")
    )
    name = models.CharField(_("name"), max_length=200)
    unit_type = models.CharField(_("unit type"), max_length=30, choices=UnitType.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("municipality"),
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["party__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["party", "name"], name="unit_unique_name_in_party")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.party.name})"


class HealthCentre(models.Model):
    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="health_centres"
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="health_centres",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    is_private = models.BooleanField(_("privately run"), default=False)

    class Meta:
        verbose_name = _("health centre")
        verbose_name_plural = _("health centres")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "name"], name="health_centre_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CooperationGroup(models.Model):
    """A Mysam group: a local manager group for one municipality or several."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=200)
    municipalities = models.ManyToManyField(
        Municipality, related_name="groups", verbose_name=_("municipalities")
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("cooperation group")
        verbose_name_plural = _("cooperation groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["association", "name"], name="group_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation:group_detail", args=[self.pk])


class Person(models.Model):
    """An official (never a service user): name, title, party, unit and work contact."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="people")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    title = models.CharField(_("title"), max_length=200, blank=True)
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="people", verbose_name=_("party")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("unit"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("user account"),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "email"],
                condition=~Q(email=""),
                name="person_unique_email_in_association",
            ),
            models.UniqueConstraint(
                fields=["association", "user"],
                condition=Q(user__isnull=False),
                name="person_unique_user_in_association",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("organisation:person_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Seat(models.Model):
    """A place at the group's table for a party, held by a membership or vacant."""

    group = models.ForeignKey(CooperationGroup, on_delete=models.CASCADE, related_name="seats")
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="seats", verbose_name=_("party")
    )
    label = models.CharField(
        _("seat"), max_length=200, help_text=_("E.g. “Enhetschef funktionsnedsättning”.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["party__name", "label"]

    def __str__(self) -> str:
        return f"{self.party.name}: {self.label}"


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    CO_OPTED = "co_opted", _("Co-opted when needed")
    SUBSTITUTE = "substitute", _("Substitute")
    CONVENER = "convener", _("Convener")
    GUEST = "guest", _("Guest")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, on: datetime.date | None = None) -> MembershipQuerySet:
        """Memberships in force on the given day (today by default)."""
        day = on or timezone.localdate()
        return self.filter(start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )

    def ended(self, on: datetime.date | None = None) -> MembershipQuerySet:
        day = on or timezone.localdate()
        return self.filter(end_date__lt=day)


class Membership(models.Model):
    """A person's place in a group over a period; ended memberships stay as history."""

    group = models.ForeignKey(
        CooperationGroup,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("group"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=MembershipRole.choices)
    seat = models.ForeignKey(
        Seat,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("seat"),
    )
    substitute_for = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="substitutes",
        verbose_name=_("substitute for"),
    )
    has_decision_mandate = models.BooleanField(_("decision mandate"), default=False)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=200, blank=True)
    replaced_by = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["group__name", "person__last_name", "person__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(substitute_for__isnull=True) | Q(role="substitute"),
                name="membership_only_substitutes_substitute",
            ),
        ]
        indexes = [models.Index(fields=["group", "end_date"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.group} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
        if self.role == MembershipRole.SUBSTITUTE and not self.substitute_for_id:
            raise ValidationError(
                {"substitute_for": _("A substitute must name the member they stand in for.")}
            )
        if self.role != MembershipRole.SUBSTITUTE and self.substitute_for_id:
            raise ValidationError({"substitute_for": _("Only a substitute stands in for someone.")})

    def is_current(self, on: datetime.date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class TrisamTeam(models.Model):
    """A Trisam team at a health centre; followed up with aggregate figures only."""

    health_centre = models.ForeignKey(
        HealthCentre,
        on_delete=models.PROTECT,
        related_name="trisam_teams",
        verbose_name=_("health centre"),
    )
    group = models.ForeignKey(
        CooperationGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trisam_teams",
        verbose_name=_("cooperation group"),
    )
    name = models.CharField(_("name"), max_length=200)
    started_on = models.DateField(_("started"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("Trisam team")
        verbose_name_plural = _("Trisam teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SteeringGroup(models.Model):
    """A municipality's Trisam steering group; the Mysam group decides who sits in it."""

    group = models.ForeignKey(
        CooperationGroup,
        on_delete=models.CASCADE,
        related_name="steering_groups",
        verbose_name=_("cooperation group"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="steering_groups",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    members = models.ManyToManyField(
        Person, through="SteeringGroupMember", related_name="steering_groups"
    )

    class Meta:
        verbose_name = _("Trisam steering group")
        verbose_name_plural = _("Trisam steering groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SteeringGroupMember(models.Model):
    steering_group = models.ForeignKey(
        SteeringGroup, on_delete=models.CASCADE, related_name="seats"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        verbose_name = _("steering group member")
        verbose_name_plural = _("steering group members")
        ordering = ["person__last_name", "person__first_name"]

    def __str__(self) -> str:
        return f"{self.person} – {self.steering_group}"


class FormSubmission(models.Model):
    """A one-time form token that has been used: a double-clicked submit stores once.

    Forms carry a random token; the write and the insert of its token happen in one
    transaction, and the unique index makes a second submit of the same form fail.
    """

    token = models.CharField(max_length=64, unique=True)
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return self.token
