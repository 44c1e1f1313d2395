"""Meetings in the demo: a year of meetings for each of the nine Mysam groups and the coming
half year, with agendas, attendance, minutes, decisions and action items.

- Every group meets every sixth week on its own weekday (no meetings in July or over
  Christmas); Mysam Ockelbo meets twice a term on chosen dates. One coming meeting is
  cancelled and one moved, so the calendar shows exceptions.
- Past meetings have attendance (most present, some absent, now and then a substitute who
  replaces an absent member, the association's Mysam coordinator as guest) and minutes:
  approved at the next meeting (Mysam Gävle: by two named checkers), the latest ones ready
  for checking or still a draft. Action items are mostly done, some open, some overdue, and
  some tied to an activity of the group's 2026 action plan (by lineage) when plans exist.
- The Hofors meeting of 2026-03-23 is rebuilt from seed 003: 13.00–14.30 on Teams, items
  1–9 with the notes shortened, "Godkänns" for the agenda and the previous minutes, eight
  present with a substitute who "ersätter" an absent member, and five absent.

Every person comes from the registry's invented people (DOMAIN.md: real names from the seeds
never go into the demo). The data is deterministic for a given ``today``: dates are counted
from it and every choice comes from a seeded generator. Rows are written directly (with
bulk inserts) so the demo's past can carry its own dates.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from mysam.meetings.defaults import agenda_template_create_default
from mysam.meetings.models import (
    ActionItem,
    ActionItemStatus,
    AgendaItem,
    AgendaItemKind,
    AgendaTemplate,
    ApprovalMethod,
    Attendance,
    AttendanceStatus,
    Decision,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Minutes,
    MinutesChecker,
    MinutesNote,
    MinutesStatus,
    SeriesRule,
)
from mysam.organisation import demo as organisation_demo
from mysam.organisation.models import (
    Association,
    CooperationGroup,
    Membership,
    MembershipRole,
    Person,
)
from mysam.plans.richtext import html_to_text

D = datetime.date
T = datetime.time
HOFORS = "Mysam Hofors"
HOFORS_DAY = D(2026, 3, 23)
TWICE_A_TERM = "Mysam Ockelbo"
CHECKERS_GROUP = "Mysam Gävle"
EVERY_WEEKS = 6


@dataclass(frozen=True)
class Schedule:
    anchor: datetime.date  # one meeting day; the series runs every sixth week from it
    start: datetime.time
    end: datetime.time
    location: str
    video: bool = True


SCHEDULES = {
    "Mysam Gävle": Schedule(D(2026, 1, 13), T(9, 0), T(11, 0), "Gävle rådhus, sal Hamnen", False),
    "Mysam Sandviken": Schedule(D(2026, 1, 15), T(13, 0), T(15, 0), "Teams"),
    HOFORS: Schedule(HOFORS_DAY, T(13, 0), T(14, 30), "Teams"),
    TWICE_A_TERM: Schedule(D(2026, 2, 10), T(9, 0), T(11, 0), "Ockelbo kommunhus", False),
    "Mysam Bollnäs": Schedule(D(2026, 1, 20), T(9, 0), T(11, 0), "Bollnäs kommunhus", False),
    "Mysam Ovanåker": Schedule(D(2026, 1, 28), T(13, 0), T(15, 0), "Teams"),
    "Mysam Söderhamn": Schedule(D(2026, 2, 5), T(9, 0), T(11, 0), "Teams"),
    "Mysam Ljusdal": Schedule(D(2026, 1, 22), T(13, 0), T(15, 0), "Ljusdals kommunhus", False),
    "Mysam Hudiksvall/Nordanstig": Schedule(D(2026, 2, 10), T(13, 0), T(15, 0), "Teams"),
}
# Twice a term: (month, day) of each year's four meetings.
TERM_DATES = ((2, 10), (4, 21), (9, 15), (11, 17))


@dataclass(frozen=True)
class Topic:
    title: str
    notes: tuple[str, ...]
    decision: str = ""
    action: str = ""


TOPICS = (
    Topic(
        "Aktivitetskravet inom försörjningsstödet",
        (
            "Kommunen berättar om förberedelserna inför att aktivitetskravet träder i kraft.",
            "Behov av samverkan med vården kring intyg och medicinska hinder.",
        ),
        "En arbetsgrupp med kommunen, vården och Arbetsförmedlingen bildas.",
        "Sammankalla arbetsgruppen för aktivitetskravet",
    ),
    Topic(
        "Unga utanför arbete och studier",
        (
            "Genomgång av läget för unga 16–24 år som varken arbetar eller studerar.",
            "Skolan och arbetsmarknadsenheten ser samma personer; kontaktvägarna behöver bli tydligare.",
        ),
        "",
        "Ta fram en gemensam kontaktlista för unga utanför arbete och studier",
    ),
    Topic(
        "Ansökan om samverkansmedel",
        (
            "Utkast till ansökan om en förstudie presenteras.",
            "Budget och tidplan diskuteras; kansliet stöttar med underlaget.",
        ),
        "Gruppen ställer sig bakom ansökan och skickar den till förbundets styrelse.",
        "Skicka in ansökan om samverkansmedel till kansliet",
    ),
    Topic(
        "Gemensam kompetensutveckling",
        (
            "Önskemål om en gemensam utbildningsdag om lösningsfokus och samverkan.",
            "De webbaserade utbildningarna har uppskattats.",
        ),
        "",
        "Föreslå datum för en gemensam utbildningsdag",
    ),
    Topic(
        "Trisam-styrgruppen",
        (
            "En representant i styrgruppen har slutat.",
            "Gruppen diskuterar vem som kan ersätta.",
        ),
        "Gruppen utser en ny representant till Trisam-styrgruppen.",
        "",
    ),
    Topic(
        "Introduktion av nya representanter",
        (
            "Två nya representanter sedan förra mötet.",
            "Förbundets introduktion (Finsamlagen, gruppens uppdrag och handlingsplan) erbjuds.",
        ),
        "",
        "Boka introduktion för de nya representanterna",
    ),
    Topic(
        "Mötesplatser – uppföljning",
        (
            "Insatsen har haft många besökare under hösten.",
            "Parterna vill att insatsen fortsätter och följs upp igen till våren.",
        ),
        "",
        "Sammanställa besöksstatistik för Mötesplatser",
    ),
    Topic(
        "Personer med psykisk ohälsa – samverkan med psykiatrin",
        (
            "Psykiatrin var adjungerad och berättade om öppenvårdens mottagning.",
            "Önskemål om en fast kontaktväg mellan psykiatrin och socialtjänsten.",
        ),
        "Psykiatrin bjuds in två gånger per år.",
        "Bjuda in psykiatrin till ett kommande möte",
    ),
)
TRISAM_NOTES = (
    ("Trisam-teamen fungerar bra; individens deltagande i sitt möte följs upp.",),
    ("Fysiska träffar i teamen uppskattas av medarbetarna.", "Inga nya avvikelser."),
    ("Ny rehabkoordinator på hälsocentralen.", "Frågan om SIP / GK tas upp i varje ärende."),
)
INFORMS_NOTES = (
    ("Förbundet informerar om styrelsens senaste beslut om samverkansmedel.",),
    ("Resultatkonferens och Trisam-konferens planeras; inbjudan kommer via e-post.",),
    ("Arbetet med framtidens Mysam fortsätter; förslag presenteras i referensgruppen.",),
)
STATISTICS_NOTES = (
    ("Statistiksidan över samverkanspopulationen visas och diskuteras.",),
    ("Trisam-statistiken visas; målnivån för deltagande nås.",),
)
FOLLOW_UP_NOTES = (
    ("Handlingsplanens aktiviteter gås igenom; de flesta pågår enligt plan.",),
    ("Två aktiviteter är försenade och får nya datum.",),
)


# --- The Hofors meeting of 2026-03-23 (seed 003, shortened, names invented) -----------------

HOFORS_ITEMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Välkommen", AgendaItemKind.WELCOME, ()),
    ("Dagordning", AgendaItemKind.AGENDA, ("Godkänns",)),
    ("Föregående minnesanteckningar", AgendaItemKind.PREVIOUS_MINUTES, ("Godkänns",)),
    (
        "Projekt Trygg Ung",
        AgendaItemKind.TOPIC,
        (
            "Ett reportage har gjorts med SVT lokalt där två deltagare intervjuades.",
            "Ingen deltagare har skrivits ut, men deltagarna gör stegförflyttningar och "
            "parallella insatser pågår.",
            "Ett avtal med Kriminalvården om förebyggande arbete har upprättats.",
            "Önskar bättre kontakt med vården när deltagare mår dåligt; psykiatrin föreslår "
            "att ringa mottagningen i Sandviken.",
            "Man känner till Trisam som samverkansforum.",
        ),
    ),
    (
        "Dialog inför kommande aktivitetskrav för individer som uppbär försörjningsstöd",
        AgendaItemKind.TOPIC,
        (
            "Aktivitetskravet är en del av bidragsreformen och träder i kraft 1 juli 2026: "
            "den som har haft försörjningsstöd i minst tre månader ska delta i aktivitet.",
            "En arbetsgrupp inom Hofors kommun arbetar med frågan; samverkan med vården behövs.",
            "Cirka 80 individer inom IFO i målgruppen, varav 30–40 behöver komma upp i nivå.",
            "Arbetsförmedlingen har fått interna instruktioner om gränsdragningar.",
            "Trisam kan vara ett samverkansforum för dessa individer.",
        ),
    ),
    (
        "Trisam",
        AgendaItemKind.TRISAM,
        (
            "Ny rehabkoordinator i Hofors – {substitute}.",
            "Positiv utveckling i Trisam-teamen och bra samarbete mellan parterna.",
            "Försäkringskassans medarbetare kan förbereda sig bättre inför Trisam-mötet.",
            "Individens deltagande i sitt Trisam-möte: målnivå 80 % för 2026, Hofors har "
            "i dag 100 % (bilaga).",
            "Resultatkonferens 26 maj och Trisam-konferens 9 oktober i Gävle.",
        ),
    ),
    (
        "Samordningsförbundet informerar",
        AgendaItemKind.ASSOCIATION_INFORMS,
        (
            "Mysam-koordinator {coordinator} har på uppdrag av referensgruppen för "
            "fyrpartssamverkan tagit fram två förslag för framtidens Mysam; ett förslag "
            "har valts (bildspel bifogas).",
            "Mötet i maj ställs in; tiden i juni behålls som arbetsmöte om konkreta frågor, "
            "till exempel aktivitetskravet och Trygg Ung.",
            "Lösningsfokus, BIP och samverkansutbildning vill parterna fortsätta med.",
        ),
    ),
    (
        "Statistik (Power BI)",
        AgendaItemKind.STATISTICS,
        (
            "Statistiksidan över samverkanspopulationen visas.",
            "IFO – försörjningsstöd ligger lägre än övriga i regionen, en positiv utveckling "
            "för kommunen.",
        ),
    ),
    ("Övrigt", AgendaItemKind.OTHER_BUSINESS, ("Inget att tillägga",)),
)
# Who was there, by the registry title of the Hofors group's people (seed 003's roles).
HOFORS_PRESENT_TITLES = (
    "Förbundschef",
    "Samordnare elevhälsan",
    "Operativt stöd Trisam",
    "Sektionschef",
    "Vårdenhetschef, Hofors HC",
    "Projektledare Trygg ung",
    "Enhetschef IFO",
)
HOFORS_REPLACED_TITLE = "Rehabkoordinator"
# Absent: these members of the group, then invited people from the registry up to five.
HOFORS_ABSENT_TITLES = ("Enhetschef sjukförsäkring", "Rehabkoordinator", "Processledare ASF")
HOFORS_ABSENT_INVITED = ("Vårdenhetschef öppenvårdspsykiatrin", "Biträdande sektionschef")


# --- Building ---------------------------------------------------------------------------


def meetings_demo_exists(association: Association) -> bool:
    return Meeting.objects.filter(group__association=association).exists()


@transaction.atomic
def meetings_demo_remove() -> None:
    """Delete the meetings, series and agenda templates of the demo associations (before
    the organisation demo removes the people and groups they refer to)."""
    slugs = [organisation_demo.GAVLEBORG_SLUG, organisation_demo.EXEMPEL_SLUG]
    Meeting.objects.filter(group__association__slug__in=slugs).delete()
    MeetingSeries.objects.filter(group__association__slug__in=slugs).delete()
    AgendaTemplate.objects.filter(association__slug__in=slugs).delete()


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _html(*paragraphs: str) -> str:
    if not paragraphs:
        return ""
    if len(paragraphs) == 1:
        return f"<p>{paragraphs[0]}</p>"
    return "<ul>" + "".join(f"<li>{p}</li>" for p in paragraphs) + "</ul>"


def _quiet(day: datetime.date) -> bool:
    """No meetings in July and early August, nor over Christmas and New Year."""
    if day.month == 7 or (day.month == 8 and day.day < 10):
        return True
    return (day.month == 12 and day.day >= 20) or (day.month == 1 and day.day < 7)


def meeting_days(group: str, since: datetime.date, until: datetime.date) -> list[datetime.date]:
    """The group's meeting days between ``since`` and ``until`` (both included)."""
    if group == TWICE_A_TERM:
        return [
            D(year, month, day)
            for year in range(since.year, until.year + 1)
            for month, day in TERM_DATES
            if since <= D(year, month, day) <= until
        ]
    anchor = SCHEDULES[group].anchor
    step = datetime.timedelta(weeks=EVERY_WEEKS)
    first = anchor - step * ((anchor - since).days // step.days)
    days = []
    day = first
    while day <= until:
        if day >= since and not _quiet(day):
            days.append(day)
        day += step
    return days


@dataclass
class _Group:
    group: CooperationGroup
    memberships: list[Membership]
    lineages: list[tuple[uuid.UUID, str]] = field(default_factory=list)

    def current(self, day: datetime.date, *roles: str) -> list[Membership]:
        return [
            m
            for m in self.memberships
            if m.role in roles and m.start_date <= day and (m.end_date is None or m.end_date >= day)
        ]


@dataclass
class _Builder:
    rng: random.Random
    today: datetime.date
    template_items: list[tuple[str, str, int | None]]
    coordinator: Person | None
    office_name: str
    meetings: list[Meeting] = field(default_factory=list)
    hofors_substitute: Person | None = None

    def signed_by(self) -> str:
        if self.coordinator is None:
            return "Mysam-koordinator"
        return f"{self.coordinator.full_name}, Mysam-koordinator"


@transaction.atomic
def meetings_demo_build(
    association: Association, *, seed: int = 2303, today: datetime.date | None = None
) -> list[Meeting]:
    """Build the meetings demo in the (organisation demo's) association; returns the
    meetings. Refuses to run when the association already has meetings."""
    if meetings_demo_exists(association):
        raise ValueError("The association already has meetings.")
    today = today or timezone.localdate()
    template = agenda_template_create_default(association=association)
    coordinator = (
        Person.objects.filter(association=association, title="Mysam-koordinator")
        .order_by("pk")
        .first()
    )
    b = _Builder(
        rng=random.Random(seed),  # noqa: S311 (demo data, not secrets)
        today=today,
        template_items=list(template.items.values_list("title", "kind", "estimated_minutes")),
        coordinator=coordinator,
        office_name=association.name,
    )
    groups = _groups(association)
    since = today - datetime.timedelta(days=365)
    until = today + datetime.timedelta(days=183)
    for name in sorted(groups):
        if name not in SCHEDULES:
            continue
        days = meeting_days(name, since, until)
        if name == HOFORS and HOFORS_DAY not in days:
            days = sorted([*days, HOFORS_DAY])
        _build_group(b, groups[name], days)
    return b.meetings


def _groups(association: Association) -> dict[str, _Group]:
    groups = {
        g.pk: _Group(g, [])
        for g in CooperationGroup.objects.filter(association=association).order_by("name")
    }
    for m in (
        Membership.objects.filter(group__association=association)
        .select_related("person", "person__party")
        .order_by("pk")
    ):
        groups[m.group_id].memberships.append(m)
    try:
        from mysam.plans.models import Activity
    except ImportError:  # plans not installed: no ties to activities
        pass
    else:
        activities = (
            Activity.objects.filter(
                goal__version__plan__group__association=association,
                goal__version__plan__start_year__lte=2026,
                goal__version__plan__end_year__gte=2026,
            )
            .order_by("goal__version__plan__group_id", "lineage", "-goal__version__number")
            .values_list("goal__version__plan__group_id", "lineage", "title")
        )
        seen: set[uuid.UUID] = set()
        for group_id, lineage, title in activities:
            if lineage not in seen:
                seen.add(lineage)
                groups[group_id].lineages.append((lineage, title))
    return {g.group.name: g for g in groups.values()}


def _build_group(b: _Builder, g: _Group, days: Sequence[datetime.date]) -> None:
    schedule = SCHEDULES[g.group.name]
    slug = "".join(c for c in g.group.name.lower() if c.isascii() and c.isalnum()) or "grupp"
    video = f"https://teams.example/mysam/{slug}" if schedule.video else ""
    series = MeetingSeries.objects.create(
        group=g.group,
        title=g.group.name,
        rule=SeriesRule.DATES if g.group.name == TWICE_A_TERM else SeriesRule.EVERY_N_WEEKS,
        interval_weeks=None if g.group.name == TWICE_A_TERM else EVERY_WEEKS,
        first_date=days[0],
        last_date=days[-1],
        start_time=schedule.start,
        end_time=schedule.end,
        location=schedule.location,
        video_link=video,
        created_at=_at(days[0] - datetime.timedelta(days=30), T(10, 0)),
    )
    past = [d for d in days if d < b.today]
    future = [d for d in days if d >= b.today]
    meetings: list[Meeting] = []
    for day in days:
        meeting = Meeting.objects.create(
            group=g.group,
            series=series,
            title=g.group.name,
            starts_at=_at(day, schedule.start),
            ends_at=_at(day, schedule.end),
            location=schedule.location,
            video_link=video,
            notice_sent_at=_at(day - datetime.timedelta(days=14), T(8, 0))
            if day < b.today + datetime.timedelta(days=14)
            else None,
            created_at=series.created_at,
        )
        meetings.append(meeting)
    b.meetings.extend(meetings)
    # Exceptions in the coming half year: one cancelled, one moved a day.
    if len(future) >= 3 and g.group.name == "Mysam Söderhamn":
        cancelled = meetings[len(past) + 1]
        cancelled.status = MeetingStatus.CANCELLED
        cancelled.is_exception = True
        cancelled.ical_sequence = 1
        cancelled.save(update_fields=["status", "is_exception", "ical_sequence"])
    if len(future) >= 3 and g.group.name == "Mysam Bollnäs":
        moved = meetings[len(past) + 2]
        moved.starts_at += datetime.timedelta(days=1)
        moved.ends_at += datetime.timedelta(days=1)
        moved.is_exception = True
        moved.ical_sequence = 1
        moved.save(update_fields=["starts_at", "ends_at", "is_exception", "ical_sequence"])

    held = [m for m in meetings if m.date < b.today and m.status == MeetingStatus.PLANNED]
    for index, meeting in enumerate(meetings):
        hofors = meeting.date == HOFORS_DAY and g.group.name == HOFORS
        items = _hofors_agenda(meeting) if hofors else _agenda(b, meeting)
        if meeting not in held:
            continue
        if hofors:
            b.hofors_substitute = _hofors_attendance(g, meeting)
        else:
            _attendance(b, g, meeting)
        following = meetings[index + 1] if index + 1 < len(meetings) else None
        _minutes(b, g, meeting, items, following, position=len(held) - 1 - held.index(meeting))


def _agenda(b: _Builder, meeting: Meeting) -> list[AgendaItem]:
    """The template's standing items with one or two topics before "any other business"."""
    topics = b.rng.sample(TOPICS, k=b.rng.choice((1, 2)))
    rows: list[tuple[str, str, int | None, str]] = []
    for title, kind, minutes in b.template_items:
        if kind == AgendaItemKind.OTHER_BUSINESS:
            rows.extend((t.title, AgendaItemKind.TOPIC, 30, "") for t in topics)
        rows.append((title, kind, minutes, ""))
    return AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            order=order,
            title=title,
            kind=kind,
            estimated_minutes=minutes,
            presenter=b.office_name if kind == AgendaItemKind.ASSOCIATION_INFORMS else "",
        )
        for order, (title, kind, minutes, _) in enumerate(rows, start=1)
    )


def _hofors_agenda(meeting: Meeting) -> list[AgendaItem]:
    return AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, order=order, title=title, kind=kind)
        for order, (title, kind, _notes) in enumerate(HOFORS_ITEMS, start=1)
    )


def _attendance_row(
    meeting: Meeting,
    person: Person,
    membership: Membership | None,
    status: str,
    *,
    replaces: Person | None = None,
    guest: bool = False,
) -> Attendance:
    return Attendance(
        meeting=meeting,
        person=person,
        membership=membership,
        role_label=person.title,
        status=status,
        replaces=replaces,
        is_guest=guest,
    )


def _attendance(b: _Builder, g: _Group, meeting: Meeting) -> None:
    day = meeting.date
    rows: dict[int, Attendance] = {}
    members = g.current(day, MembershipRole.CONVENER, MembershipRole.MEMBER)
    substitutes = g.current(day, MembershipRole.SUBSTITUTE)
    for m in members:
        if m.person_id in rows:
            continue
        present = m.role == MembershipRole.CONVENER or b.rng.random() < 0.8
        status = AttendanceStatus.PRESENT if present else AttendanceStatus.ABSENT
        rows[m.person_id] = _attendance_row(meeting, m.person, m, status)
        if present:
            continue
        for sub in substitutes:
            if sub.substitute_for_id == m.pk and sub.person_id not in rows:
                if b.rng.random() < 0.6:
                    rows[sub.person_id] = _attendance_row(
                        meeting, sub.person, sub, AttendanceStatus.PRESENT, replaces=m.person
                    )
                break
    for m in g.current(day, MembershipRole.CO_OPTED, MembershipRole.GUEST):
        if m.person_id not in rows and b.rng.random() < 0.35:
            rows[m.person_id] = _attendance_row(
                meeting,
                m.person,
                m,
                AttendanceStatus.PRESENT,
                guest=m.role == MembershipRole.GUEST,
            )
    if b.coordinator is not None and b.coordinator.pk not in rows:
        rows[b.coordinator.pk] = _attendance_row(
            meeting, b.coordinator, None, AttendanceStatus.PRESENT, guest=True
        )
    Attendance.objects.bulk_create(rows.values())


def _hofors_attendance(g: _Group, meeting: Meeting) -> Person | None:
    """Seed 003's table with the registry's invented people: eight present (one of them a
    substitute who replaces the group's rehab coordinator) and five absent."""
    day = meeting.date
    current = {m.person.title: m for m in g.current(day, *MembershipRole.values)}
    rows: dict[int, Attendance] = {}
    for title in HOFORS_PRESENT_TITLES:
        m = current.get(title)
        if m is not None:
            rows[m.person_id] = _attendance_row(
                meeting,
                m.person,
                m,
                AttendanceStatus.PRESENT,
                guest=m.role == MembershipRole.GUEST,
            )
    replaced = current.get(HOFORS_REPLACED_TITLE)
    member_ids = {m.person_id for m in g.memberships}
    substitute = (
        Person.objects.filter(
            association_id=g.group.association_id,
            title=HOFORS_REPLACED_TITLE,
            user__isnull=True,
            party__name="Region Gävleborg",
        )
        .exclude(pk__in=member_ids)
        .order_by("-pk")
        .first()
    )
    if substitute is not None and replaced is not None:
        rows[substitute.pk] = _attendance_row(
            meeting, substitute, None, AttendanceStatus.PRESENT, replaces=replaced.person
        )
    for title in HOFORS_ABSENT_TITLES:
        m = current.get(title)
        if m is not None and m.person_id not in rows:
            rows[m.person_id] = _attendance_row(
                meeting, m.person, m, AttendanceStatus.ABSENT, guest=m.role == MembershipRole.GUEST
            )
    invited = Person.objects.filter(
        association_id=g.group.association_id, title__in=HOFORS_ABSENT_INVITED
    ).exclude(pk__in=rows)
    for title in HOFORS_ABSENT_INVITED:
        person = next((p for p in invited.order_by("pk") if p.title == title), None)
        absent = sum(1 for r in rows.values() if r.status == AttendanceStatus.ABSENT)
        if person is not None and absent < 5:
            rows[person.pk] = _attendance_row(meeting, person, None, AttendanceStatus.ABSENT)
    Attendance.objects.bulk_create(rows.values())
    return substitute


def _minutes_status(b: _Builder, position: int, following: Meeting | None) -> str:
    """The latest minutes are a draft or ready for checking; earlier ones are approved."""
    if position == 0:
        return MinutesStatus.DRAFT if b.rng.random() < 0.5 else MinutesStatus.READY
    if following is None or following.date >= b.today:
        return MinutesStatus.READY
    if position == 1 and b.rng.random() < 0.2:
        return MinutesStatus.READY
    return MinutesStatus.APPROVED


def _minutes(
    b: _Builder,
    g: _Group,
    meeting: Meeting,
    items: list[AgendaItem],
    following: Meeting | None,
    *,
    position: int,
) -> None:
    hofors = meeting.date == HOFORS_DAY and g.group.name == HOFORS
    status: str
    if hofors:  # approved at the next meeting once that has been held
        held_next = following is not None and following.date < b.today
        status = MinutesStatus.APPROVED if held_next else MinutesStatus.READY
    else:
        status = _minutes_status(b, position, following)
    by_checkers = g.group.name == CHECKERS_GROUP
    approved_at = None
    if status == MinutesStatus.APPROVED:
        if by_checkers:
            approved_at = _at(meeting.date + datetime.timedelta(days=7), T(15, 0))
        elif following is not None:
            approved_at = following.starts_at
    minutes = Minutes.objects.create(
        meeting=meeting,
        status=status,
        approval_method=ApprovalMethod.CHECKERS if by_checkers else ApprovalMethod.NEXT_MEETING,
        approved_at_meeting=following
        if status == MinutesStatus.APPROVED and not by_checkers
        else None,
        approved_at=approved_at,
        signed_by=b.signed_by() if status != MinutesStatus.DRAFT else "",
        updated_at=_at(meeting.date + datetime.timedelta(days=2), T(16, 0)),
    )
    if by_checkers and status != MinutesStatus.DRAFT:
        members = g.current(meeting.date, MembershipRole.MEMBER)
        for m in b.rng.sample(members, k=min(2, len(members))):
            MinutesChecker.objects.create(
                minutes=minutes,
                person=m.person,
                confirmed_at=approved_at if status == MinutesStatus.APPROVED else None,
            )
    if hofors:
        _hofors_content(b, g, meeting, minutes, items)
    else:
        _content(b, g, meeting, minutes, items)
    _search_text(minutes, meeting, items)
    _version(minutes)


def _content(
    b: _Builder, g: _Group, meeting: Meeting, minutes: Minutes, items: list[AgendaItem]
) -> None:
    notes: list[MinutesNote] = []
    responsible = [
        m.person for m in g.current(meeting.date, MembershipRole.CONVENER, MembershipRole.MEMBER)
    ]
    topics = {t.title: t for t in TOPICS}
    for item in items:
        body = _standing_note(b, item.kind)
        topic = topics.get(item.title) if item.kind == AgendaItemKind.TOPIC else None
        if topic is not None:
            body = _html(*topic.notes)
            if topic.decision:
                Decision.objects.create(
                    minutes=minutes, agenda_item=item, number=1, text=topic.decision
                )
            if topic.action and responsible:
                _action_item(b, g, meeting, minutes, item, topic.action, b.rng.choice(responsible))
        notes.append(MinutesNote(minutes=minutes, agenda_item=item, body=body))
    MinutesNote.objects.bulk_create(notes)


def _standing_note(b: _Builder, kind: str) -> str:
    if kind in (AgendaItemKind.AGENDA, AgendaItemKind.PREVIOUS_MINUTES):
        return _html("Godkänns")
    choices: dict[str, tuple[tuple[str, ...], ...]] = {
        AgendaItemKind.WELCOME: (("Sammankallande hälsar alla välkomna.",),),
        AgendaItemKind.TRISAM: TRISAM_NOTES,
        AgendaItemKind.ASSOCIATION_INFORMS: INFORMS_NOTES,
        AgendaItemKind.STATISTICS: STATISTICS_NOTES,
        AgendaItemKind.PLAN_FOLLOW_UP: FOLLOW_UP_NOTES,
        AgendaItemKind.OTHER_BUSINESS: (("Inget att tillägga",),),
    }
    options = choices.get(kind)
    return _html(*b.rng.choice(options)) if options else ""


def _action_item(
    b: _Builder,
    g: _Group,
    meeting: Meeting,
    minutes: Minutes,
    item: AgendaItem,
    text: str,
    person: Person,
) -> ActionItem:
    due = meeting.date + datetime.timedelta(days=b.rng.choice((21, 28, 35, 42)))
    lineage = None
    if g.lineages and b.rng.random() < 0.4:
        lineage, title = b.rng.choice(g.lineages)
        text = f"{text} (handlingsplanen: {title})"
    # Most items are done; a few recent ones are overdue, as in a group that follows up.
    long_ago = due < b.today - datetime.timedelta(days=75)
    done = due < b.today and b.rng.random() < (0.97 if long_ago else 0.65)
    return ActionItem.objects.create(
        minutes=minutes,
        agenda_item=item,
        text=text,
        responsible=person,
        due_date=due,
        status=ActionItemStatus.DONE if done else ActionItemStatus.OPEN,
        done_at=due - datetime.timedelta(days=b.rng.randint(0, 7)) if done else None,
        plan_activity_lineage=lineage,
        created_at=_at(meeting.date, T(16, 0)),
    )


def _hofors_content(
    b: _Builder, g: _Group, meeting: Meeting, minutes: Minutes, items: list[AgendaItem]
) -> None:
    substitute = b.hofors_substitute
    names = {
        "substitute": substitute.full_name if substitute else "en ny kollega",
        "coordinator": b.coordinator.full_name if b.coordinator else "förbundets koordinator",
    }
    notes = []
    for item, (_title, _kind, texts) in zip(items, HOFORS_ITEMS, strict=True):
        notes.append(
            MinutesNote(
                minutes=minutes, agenda_item=item, body=_html(*(t.format(**names) for t in texts))
            )
        )
    MinutesNote.objects.bulk_create(notes)
    by_title = {m.person.title: m.person for m in g.current(meeting.date, *MembershipRole.values)}
    item_5 = items[4]
    Decision.objects.create(
        minutes=minutes,
        agenda_item=item_5,
        number=1,
        text="Hofors kommun återkommer om arbetsgruppens arbete vid nästa möte.",
    )
    convener = by_title.get("Enhetschef IFO")
    if convener is not None:
        ActionItem.objects.create(
            minutes=minutes,
            agenda_item=item_5,
            text="Bjuda in vården till kommunens arbetsgrupp för aktivitetskravet",
            responsible=convener,
            due_date=D(2026, 5, 4),
            status=ActionItemStatus.DONE if D(2026, 5, 4) < b.today else ActionItemStatus.OPEN,
            done_at=D(2026, 4, 28) if D(2026, 5, 4) < b.today else None,
            plan_activity_lineage=g.lineages[0][0] if g.lineages else None,
            created_at=_at(meeting.date, T(16, 0)),
        )
    item_7 = items[6]
    Decision.objects.create(
        minutes=minutes,
        agenda_item=item_7,
        number=1,
        text="Mötet i maj ställs in; tiden i juni blir ett arbetsmöte.",
    )


def _search_text(minutes: Minutes, meeting: Meeting, items: list[AgendaItem]) -> None:
    parts: list[str] = [meeting.group.name, meeting.title]
    for title, body in MinutesNote.objects.filter(minutes=minutes).values_list(
        "agenda_item__title", "body"
    ):
        parts.extend((title, html_to_text(body)))
    parts.extend(Decision.objects.filter(minutes=minutes).values_list("text", flat=True))
    for text, first, last in ActionItem.objects.filter(minutes=minutes).values_list(
        "text", "responsible__first_name", "responsible__last_name"
    ):
        parts.append(f"{text} {first} {last}")
    minutes.search_text = "\n".join(p for p in parts if p)
    minutes.save(update_fields=["search_text"])


def _version(minutes: Minutes) -> None:
    """Approved minutes keep their first version, as the minutes service stores it."""
    if minutes.status != MinutesStatus.APPROVED:
        return
    try:
        from mysam.meetings.services import minutes as minutes_services
    except ImportError:
        return
    snapshot: Any = getattr(minutes_services, "minutes_snapshot", None) or getattr(
        minutes_services, "_snapshot", None
    )
    if snapshot is None:
        return
    from mysam.meetings.models import MinutesVersion

    MinutesVersion.objects.create(
        minutes=minutes,
        number=1,
        content=snapshot(minutes),
        created_at=minutes.approved_at or timezone.now(),
    )
