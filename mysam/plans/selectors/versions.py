"""Reads for a plan's versions: the list of versions, one version laid out as the plan
document (the page, the Word file and the PDF use the same), and the comparison of two
versions. Each costs a fixed number of queries whatever the size of the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from mysam.accounts.actor import Actor
from mysam.documents.html import html_to_lines
from mysam.lib.formatting import format_amount, format_date
from mysam.plans import access, diff
from mysam.plans.models import (
    ActionPlan,
    Activity,
    GoalArea,
    GroupBudget,
    ParticipantKind,
    PlanGoal,
    PlanParticipant,
    PlanSection,
    PlanTargetGroup,
    PlanVersion,
    SectionKind,
    TemplateSection,
    VersionStatus,
)

# --- The list of versions ----------------------------------------------------------------


@dataclass
class VersionRow:
    version: PlanVersion
    previous: PlanVersion | None


def version_list(*, actor: Actor, plan: ActionPlan) -> list[VersionRow]:
    """The plan's versions the actor may see, newest first, each with the visible version
    before it (for "compare with the previous"). Drafts only for those who read drafts.
    One query."""
    versions = list(_visible_versions(actor, plan).select_related("created_by", "adopted_by"))
    return [
        VersionRow(version, versions[index + 1] if index + 1 < len(versions) else None)
        for index, version in enumerate(versions)
    ]


def previous_version(*, actor: Actor, version: PlanVersion) -> PlanVersion | None:
    """The nearest earlier version of the same plan the actor may see. One query."""
    return _visible_versions(actor, version.plan).filter(number__lt=version.number).first()


def _visible_versions(actor: Actor, plan: ActionPlan):  # type: ignore[no-untyped-def]
    versions = PlanVersion.objects.filter(plan=plan).order_by("-number")
    if not access.can_read_drafts(actor, plan.group_id):
        versions = versions.filter(status=VersionStatus.ADOPTED)
    return versions


# --- One version as a document -----------------------------------------------------------


@dataclass
class GoalEntry:
    """A goal of the version with its activities in order."""

    goal: PlanGoal
    activities: list[Activity]

    @property
    def text(self) -> str:
        return self.goal.text


@dataclass
class GoalAreaBlock:
    """A numbered goal area with the version's goals under it."""

    area: GoalArea
    goals: list[GoalEntry]


@dataclass
class ParticipantTable:
    kind: str
    title: str
    rows: list[PlanParticipant]
    # Whether the table needs a heading of its own under the section's heading.
    titled: bool = True


@dataclass
class DocumentSection:
    """A section of the template, in template order, with the version's text for it and
    what its kind brings (target groups, goal areas, budget, participant tables)."""

    template_section: TemplateSection
    body: str
    section: PlanSection | None
    tables: list[ParticipantTable] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.template_section.kind

    @property
    def title(self) -> str:
        return self.template_section.title


@dataclass
class BudgetYear:
    year: int
    budget: GroupBudget | None


@dataclass
class PlanDocument:
    version: PlanVersion
    plan: ActionPlan
    sections: list[DocumentSection]
    target_groups: list[PlanTargetGroup]
    goal_areas: list[GoalAreaBlock]
    participants: dict[str, list[PlanParticipant]]
    budgets: list[BudgetYear]
    planned_total: Decimal
    # "Samarbetsparter": the parties of the participants, shown under the title unless
    # the template has a section of that name.
    parties: list[str]
    show_parties: bool

    @property
    def association_name(self) -> str:
        return self.plan.group.association.name

    @property
    def activities(self) -> list[Activity]:
        return [a for block in self.goal_areas for g in block.goals for a in g.activities]

    @property
    def parties_text(self) -> str:
        if len(self.parties) < 2:
            return "".join(self.parties)
        return _("%(first)s and %(last)s") % {
            "first": ", ".join(self.parties[:-1]),
            "last": self.parties[-1],
        }

    @property
    def budget_sentences(self) -> list[str]:
        """The budget as the association writes it, one sentence per year of the plan."""
        sentences = []
        for year in self.budgets:
            if year.budget is None:
                sentences.append(
                    _("No budget has been set for %(group)s for %(year)s.")
                    % {"group": self.plan.group.name, "year": year.year}
                )
                continue
            sentences.append(
                _(
                    "%(association)s has decided that the budget of %(group)s for the year "
                    "%(year)s amounts to %(amount)s."
                )
                % {
                    "association": self.association_name,
                    "group": self.plan.group.name,
                    "year": year.year,
                    "amount": format_amount(year.budget.amount),
                }
            )
        if any(y.budget is not None for y in self.budgets):
            sentences.append(
                _("The budget applies per year and cannot be carried over to the next year.")
            )
        return sentences


_PARTICIPANT_KIND_OF_SECTION = {
    SectionKind.PARTICIPANTS: [ParticipantKind.PARTICIPANT],
    SectionKind.CO_OPTED: [ParticipantKind.CO_OPTED],
    SectionKind.TRISAM: [ParticipantKind.TRISAM_TEAM, ParticipantKind.STEERING],
}

# The order of the seed's tables: participants, co-opted, Trisam teams, steering group.
_PARTICIPANT_ORDER = [
    ParticipantKind.PARTICIPANT,
    ParticipantKind.CO_OPTED,
    ParticipantKind.TRISAM_TEAM,
    ParticipantKind.STEERING,
]

_PARTY_SECTION_KEYS = {"samarbetsparter", "parter", "samverkansparter"}


def _table_title(kind: str) -> str:
    titles: dict[str, str] = {
        ParticipantKind.PARTICIPANT: _("Participants"),
        ParticipantKind.CO_OPTED: _("Co-opted when needed"),
        ParticipantKind.TRISAM_TEAM: _("Trisam teams"),
        ParticipantKind.STEERING: _("Trisam steering group"),
    }
    return titles.get(kind, kind)


def version_document(*, version: PlanVersion) -> PlanDocument:
    """One version laid out as the plan: the template's sections in order with the
    version's texts, target groups, goals per goal area with their activities, budget and
    participant tables. ``version`` comes from ``access.get_version_for_user`` (with its
    plan, group and template). Eight queries."""
    plan = version.plan
    template_sections = list(TemplateSection.objects.filter(template_id=plan.template_id))
    sections_by_template = {
        s.template_section_id: s
        for s in PlanSection.objects.filter(version=version).select_related("updated_by")
    }
    target_groups = list(
        PlanTargetGroup.objects.filter(version=version).select_related("target_group")
    )
    areas = list(GoalArea.objects.filter(template_id=plan.template_id))
    goals = list(
        PlanGoal.objects.filter(version=version)
        .select_related("updated_by")
        .prefetch_related(
            Prefetch(
                "activities",
                queryset=Activity.objects.select_related(
                    "responsible_party", "responsible_person", "updated_by"
                ),
                to_attr="activity_list",
            )
        )
    )
    goals_by_area: dict[int, list[GoalEntry]] = {}
    for goal in goals:
        entry = GoalEntry(goal, list(goal.activity_list))  # type: ignore[attr-defined]
        goals_by_area.setdefault(goal.goal_area_id, []).append(entry)
    participants: dict[str, list[PlanParticipant]] = {}
    for participant in PlanParticipant.objects.filter(version=version):
        participants.setdefault(participant.kind, []).append(participant)
    years = list(range(plan.start_year, plan.end_year + 1))
    budgets = {
        b.year: b for b in GroupBudget.objects.filter(group_id=plan.group_id, year__in=years)
    }

    sections = []
    covered: set[str] = set()
    for template_section in template_sections:
        kinds = _PARTICIPANT_KIND_OF_SECTION.get(template_section.kind, [])  # type: ignore[call-overload]
        covered.update(kinds)
        section = sections_by_template.get(template_section.pk)
        sections.append(
            DocumentSection(
                template_section=template_section,
                body=section.body if section is not None else "",
                section=section,
                tables=[
                    ParticipantTable(
                        kind, _table_title(kind), participants.get(kind, []), len(kinds) > 1
                    )
                    for kind in kinds
                ],
            )
        )
    # Lines of a kind the template has no section for still belong in the document: after
    # the participants (or at the end).
    extra = [
        ParticipantTable(kind, _table_title(kind), participants[kind])
        for kind in _PARTICIPANT_ORDER
        if kind not in covered and participants.get(kind)
    ]
    if extra:
        host = next((s for s in sections if s.kind == SectionKind.PARTICIPANTS), None)
        if host is not None:
            host.tables.extend(extra)
        elif sections:
            sections[-1].tables.extend(extra)

    parties: list[str] = []
    for participant in participants.get(ParticipantKind.PARTICIPANT, []):
        name = participant.party_name.strip()
        if name and name not in parties:
            parties.append(name)
    show_parties = bool(parties) and not any(
        s.template_section.key.lower() in _PARTY_SECTION_KEYS
        or s.title.strip().lower() in _PARTY_SECTION_KEYS
        for s in sections
    )
    planned_total = sum(
        (
            a.planned_amount or Decimal(0)
            for entries in goals_by_area.values()
            for e in entries
            for a in e.activities
        ),
        Decimal(0),
    )
    return PlanDocument(
        version=version,
        plan=plan,
        sections=sections,
        target_groups=target_groups,
        goal_areas=[GoalAreaBlock(area, goals_by_area.get(area.pk, [])) for area in areas],
        participants=participants,
        budgets=[BudgetYear(year, budgets.get(year)) for year in years],
        planned_total=planned_total,
        parties=parties,
        show_parties=show_parties,
    )


# --- Comparing two versions --------------------------------------------------------------


def _who(user: object) -> str:
    return str(user) if user is not None else ""


def _activity_fields(activity: Activity) -> tuple[diff.Field, ...]:
    person = activity.responsible_person
    return (
        diff.Field("title", _("Activity"), activity.title),
        diff.Field("description", _("Description"), activity.description, long_text=True),
        diff.Field(
            "responsible_party",
            _("Responsible party"),
            activity.responsible_party.name if activity.responsible_party else "",
        ),
        diff.Field(
            "responsible_person",
            _("Responsible person"),
            person.full_name if person is not None else "",
        ),
        diff.Field(
            "start_date",
            _("Start"),
            format_date(activity.start_date) if activity.start_date else "",
        ),
        diff.Field(
            "due_date", _("Due"), format_date(activity.due_date) if activity.due_date else ""
        ),
        diff.Field("status", _("Status"), str(activity.get_status_display())),
        diff.Field(
            "planned_amount",
            _("Planned amount"),
            format_amount(activity.planned_amount) if activity.planned_amount is not None else "",
        ),
    )


def _snapshot(document: PlanDocument) -> diff.VersionSnap:
    return diff.VersionSnap(
        sections=tuple(
            diff.SectionSnap(
                key=s.template_section.key,
                title=s.title,
                lines=tuple(html_to_lines(s.body)),
                change=diff.Change(_who(s.section.updated_by), s.section.updated_at)
                if s.section is not None
                else diff.Change(),
            )
            for s in document.sections
        ),
        target_groups=tuple(diff.TargetGroupSnap(t.name, t.note) for t in document.target_groups),
        goals=tuple(
            diff.GoalSnap(
                lineage=str(entry.goal.lineage),
                area=str(block.area),
                text=entry.text,
                activities=tuple(
                    diff.ActivitySnap(
                        lineage=str(a.lineage),
                        title=a.title,
                        fields=_activity_fields(a),
                        change=diff.Change(_who(a.updated_by), a.updated_at),
                    )
                    for a in entry.activities
                ),
                change=diff.Change(_who(entry.goal.updated_by), entry.goal.updated_at),
            )
            for block in document.goal_areas
            for entry in block.goals
        ),
        participants=tuple(
            diff.ParticipantSnap(
                kind=p.kind,
                kind_label=str(p.get_kind_display()),
                party=p.party_name,
                name=p.name,
                title=p.title,
            )
            for kind in _PARTICIPANT_ORDER
            for p in document.participants.get(kind, [])
        ),
    )


@dataclass
class VersionComparison:
    old: PlanVersion | None
    new: PlanVersion
    comparison: diff.Comparison | None
    # The version ``new`` or ``old`` was compared with (chosen in the form).
    other: PlanVersion | None
    # The versions the actor may compare ``new`` with (for the chooser).
    choices: list[PlanVersion]


def version_comparison(
    *, actor: Actor, version: PlanVersion, other_pk: int | None = None
) -> VersionComparison:
    """``version`` compared with ``other_pk`` (a visible version of the same plan, 404
    otherwise) or, by default, with the nearest earlier version the actor may see. With
    no earlier version there is nothing to compare (``comparison`` is None). The older
    of the two is shown as "before". A fixed number of queries."""
    visible = list(
        _visible_versions(actor, version.plan).select_related("created_by", "adopted_by")
    )
    by_pk = {v.pk: v for v in visible}
    choices = [v for v in visible if v.pk != version.pk]
    # The users of the versions come from this one query ("who and when").
    new = by_pk.get(version.pk, version)
    if other_pk is not None:
        # Only a visible version of the same plan; anything else is as if it did not exist.
        other = by_pk.get(other_pk)
        if other is None or other.pk == version.pk:
            raise Http404
    else:
        other = next((v for v in choices if v.number < version.number), None)
    if other is None:
        return VersionComparison(None, new, None, None, choices)
    old, new = (other, new) if other.number < new.number else (new, other)
    old.plan = new.plan = version.plan
    comparison = diff.compare(
        _snapshot(version_document(version=old)), _snapshot(version_document(version=new))
    )
    return VersionComparison(old, new, comparison, other, choices)
