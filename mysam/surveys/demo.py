"""The surveys part of the demo (`manage.py demo_data`): three measurements with answers.

- "Baslinjemätning 2016" (closed): both baseline questionnaires (seed 004) built from the
  item bank; 1 164 staff invited (15 excluded with a reason), the managers taken from the
  group memberships; about 800 staff answers (about 150 screened out, some answering per
  municipality for several municipalities) and about 55 managers' answers (per group).
- "Uppföljning 2019" (closed, compared with the baseline): the same items, somewhat better
  answers.
- "Uppföljning 2022" (open): a few answers so far.

The answers are generated with the questionnaire engine (so conditions, screening and the
per-area blocks hold exactly as when answering) from distributions that differ between
county parts and between staff in a structured cooperation group and the rest. Everything
is invented (names, e-mail addresses @exempel.example); rows are written with bulk_create.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from mysam.organisation.models import Association, Membership, Municipality, Person, Unit
from mysam.surveys import engine
from mysam.surveys.models import (
    Answer,
    Audience,
    Draft,
    Invitation,
    InvitationStatus,
    Measurement,
    MeasurementStatus,
    Question,
    Questionnaire,
    Response,
    ResponseStatus,
    Section,
)
from mysam.surveys.selectors.respond import structure_for
from mysam.surveys.services import builder as builder_services
from mysam.surveys.services.respond import answer_rows
from mysam.surveys.tokens import make_token

BASELINE = "Baslinjemätning 2016"
FOLLOW_UP = "Uppföljning 2019"
CURRENT = "Uppföljning 2022"
NAMES = (BASELINE, FOLLOW_UP, CURRENT)
DEMO_ASSOCIATION_SLUG = "gavleborg"

STAFF_INVITED = 1164
STAFF_EXCLUDED = 15
FIRST = (
    "Anna", "Erik", "Maria", "Lars", "Karin", "Anders", "Eva", "Johan", "Sara", "Per",
    "Lena", "Mikael", "Emma", "Jonas", "Ida", "Fredrik", "Elin", "Magnus", "Linda", "Nils",
)  # fmt: skip
LAST = (
    "Andersson", "Berg", "Dahl", "Ek", "Falk", "Gran", "Holm", "Isaksson", "Jansson", "Kvist",
    "Lind", "Moberg", "Nord", "Ohlsson", "Palm", "Rask", "Sjöberg", "Strand", "Vik", "Åkesson",
)  # fmt: skip
COMMENTS = (
    "Samverkan fungerar bäst när vi träffas regelbundet.",
    "Svårt att nå rätt person hos de andra myndigheterna.",
    "Bra kontakt med de andra parterna i teamet.",
    "Det saknas tid för gemensam planering.",
)


@dataclass(frozen=True)
class Round:
    """One measurement's generation settings."""

    name: str
    opens_on: datetime.date
    closes_on: datetime.date
    staff_answers: int
    manager_answers: int
    better: float  # shift of the scale answers, in steps
    status: str


ROUNDS = (
    Round(BASELINE, datetime.date(2016, 10, 3), datetime.date(2016, 10, 31), 817, 55, 0.0, "closed"),
    Round(FOLLOW_UP, datetime.date(2019, 10, 7), datetime.date(2019, 11, 4), 790, 52, 0.35, "closed"),
    Round(CURRENT, datetime.date(2022, 10, 3), datetime.date(2030, 12, 31), 60, 8, 0.5, "open"),
)  # fmt: skip

# How the county parts differ (a shift of the scale answers) and how many staff sit in a
# structured cooperation group (seed 004, table 4: about 31–42 %).
PART_SHIFT = {
    "Norra Hälsingland": 0.25,
    "Södra Hälsingland": 0.1,
    "Västra Gästrikland": 0.0,
    "Gävle": -0.3,
}
PART_STRUCTURED = {
    "Norra Hälsingland": 0.41,
    "Södra Hälsingland": 0.42,
    "Västra Gästrikland": 0.37,
    "Gävle": 0.31,
}


class _Generator:
    """Answers for one questionnaire, filled page by page through the engine."""

    def __init__(self, questionnaire: Questionnaire, rng: random.Random) -> None:
        self.rng = rng
        self.structure = structure_for(questionnaire)
        self.codes = dict(
            Question.objects.filter(questionnaire=questionnaire).values_list("pk", "item__code")
        )

    def answers(
        self,
        *,
        areas: list[int],
        shift: float,
        structured: float,
        screened: bool,
    ) -> engine.Answers:
        answers: engine.Answers = {}
        while True:
            added = False
            for page in engine.pages(self.structure, answers):
                for slot in page.slots:
                    if slot.key in answers:
                        continue
                    answers[slot.key] = self._one(slot, areas, shift, structured, screened)
                    added = True
            if not added:
                return answers

    def _one(
        self, slot: engine.Slot, areas: list[int], shift: float, structured: float, screened: bool
    ) -> engine.Given:
        rng = self.rng
        item = slot.question.item
        code = self.codes.get(slot.question.pk, "")
        given = engine.Given()
        if rng.random() < 0.03 and item.has_comment:
            given.comment = rng.choice(COMMENTS)
        if item.is_area_choice:
            given.values = list(areas)
        elif slot.question.screens_out_values:
            # Screening: the screened-out respondents say "Nej" to one of the two questions.
            stops = screened and (code == "erfarenhet_flerpart" or self.rng.random() < 0.6)
            options = range(1, len(item.steps()) + 1)
            goes_on = next(v for v in options if v not in slot.question.screens_out_values)
            given.values = [slot.question.screens_out_values[0]] if stops else [goes_on]
        elif code == "strukturerad_grupp":
            given.values = [1 if rng.random() < structured else 2]
        elif item.kind in ("frequency", "extent", "importance"):
            if item.allows_dont_know and rng.random() < 0.04:
                given.dont_know = True
                return given
            steps = len(item.steps())
            centre = steps * 0.55 + shift
            value = round(rng.gauss(centre, steps / 5))
            given.values = [min(max(value, 1), steps)]
        elif item.kind in ("yes_no", "single_choice"):
            given.values = [rng.randint(1, len(item.steps()))]
        elif item.kind == "multiple_choice":
            chosen = [n for n in range(1, len(item.steps()) + 1) if rng.random() < 0.35]
            given.values = chosen or [1]
        elif item.kind == "number":
            given.values = [rng.randint(0, 10)]
        elif item.kind == "free_text" and rng.random() < 0.08:
            given.text = rng.choice(COMMENTS)
        return given


def _name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST), rng.choice(LAST)


def _date_in(rng: random.Random, round_: Round) -> datetime.date:
    last = min(round_.closes_on, round_.opens_on + datetime.timedelta(days=27))
    return round_.opens_on + datetime.timedelta(days=rng.randint(0, (last - round_.opens_on).days))


def _store(
    questionnaire: Questionnaire,
    generated: list[tuple[Invitation | None, engine.Answers, datetime.date]],
    structure: engine.Structure,
) -> None:
    responses: list[Response] = []
    rows: list[Answer] = []
    for invitation, answers, day in generated:
        screened = engine.is_screened_out(structure, answers)
        response = Response(
            questionnaire=questionnaire,
            submitted_on=day,
            status=ResponseStatus.SCREENED_OUT if screened else ResponseStatus.COMPLETE,
            party_id=invitation.party_id if invitation else None,
            unit_id=invitation.unit_id if invitation else None,
            municipality_id=invitation.municipality_id if invitation else None,
        )
        responses.append(response)
        for slot, given in engine.visible_answers(structure, answers):
            rows.extend(answer_rows(response=response, slot=slot, given=given))
        if invitation is not None:
            invitation.status = (
                InvitationStatus.SCREENED_OUT if screened else InvitationStatus.ANSWERED
            )
            invitation.answered_on = day
    Response.objects.bulk_create(responses, batch_size=500)
    Answer.objects.bulk_create(rows, batch_size=2000)


def _staff_sample(
    questionnaire: Questionnaire, rng: random.Random, units: list[Unit]
) -> list[Invitation]:
    invitations = []
    for n in range(STAFF_INVITED):
        first, last = _name(rng)
        unit = rng.choice(units)
        municipality_id = unit.municipality_id or unit.party.municipality_id
        excluded = n < STAFF_EXCLUDED
        invitations.append(
            Invitation(
                questionnaire=questionnaire,
                email=f"{first}.{last}.{n}@exempel.example".lower()
                .replace("å", "a")
                .replace("ä", "a")
                .replace("ö", "o"),
                name=f"{first} {last}",
                party_id=unit.party_id,
                unit_id=unit.pk,
                municipality_id=municipality_id,
                token_hash=make_token()[1],
                status=InvitationStatus.EXCLUDED if excluded else InvitationStatus.INVITED,
                excluded_reason=(("on_leave" if n % 3 else "not_target_group") if excluded else ""),
            )
        )
    rng.shuffle(invitations)
    return invitations


def _manager_sample(questionnaire: Questionnaire) -> list[Invitation]:
    association_id = questionnaire.measurement.association_id
    person_ids = set(
        Membership.objects.current()
        .filter(group__association_id=association_id, group__is_active=True)
        .values_list("person_id", flat=True)
    )
    invitations = []
    for person in Person.objects.filter(pk__in=person_ids).select_related("party", "unit"):
        municipality_id = (
            person.unit.municipality_id if person.unit else None
        ) or person.party.municipality_id
        invitations.append(
            Invitation(
                questionnaire=questionnaire,
                email=(person.email or f"person{person.pk}@exempel.example").lower(),
                name=f"{person.first_name} {person.last_name}",
                party_id=person.party_id,
                unit_id=person.unit_id,
                municipality_id=municipality_id,
                person=person,
                token_hash=make_token()[1],
            )
        )
    return invitations


def _answer_round(
    measurement: Measurement, round_: Round, rng: random.Random, units: list[Unit]
) -> tuple[int, int]:
    staff_q = measurement.questionnaires.get(audience=Audience.STAFF)
    managers_q = measurement.questionnaires.get(audience=Audience.MANAGERS)
    association_id = measurement.association_id
    municipalities = list(
        Municipality.objects.filter(association_id=association_id).select_related("county_part")
    )
    part_of = {m.pk: m.county_part.name for m in municipalities}
    by_part: dict[str, list[int]] = defaultdict(list)
    for m in municipalities:
        by_part[m.county_part.name].append(m.pk)

    # Staff.
    staff = _staff_sample(staff_q, rng, units)
    generator = _Generator(staff_q, rng)
    eligible = [i for i in staff if i.status != InvitationStatus.EXCLUDED]
    answering = eligible[: round_.staff_answers]
    screened_share = 150 / 817
    generated: list[tuple[Invitation | None, engine.Answers, datetime.date]] = []
    for invitation in answering:
        home = invitation.municipality_id or rng.choice(municipalities).pk
        part = part_of.get(home, "")
        areas = [home]
        if rng.random() < 0.12:  # works in several municipalities of the county part
            others = [m for m in by_part.get(part, []) if m != home]
            areas += rng.sample(others, min(len(others), rng.randint(1, 2)))
        answers = generator.answers(
            areas=areas,
            shift=PART_SHIFT.get(part, 0.0) + round_.better,
            structured=PART_STRUCTURED.get(part, 0.35),
            screened=rng.random() < screened_share,
        )
        generated.append((invitation, answers, _date_in(rng, round_)))
    for invitation in eligible[round_.staff_answers : round_.staff_answers + 25]:
        invitation.status = InvitationStatus.STARTED
    _store(staff_q, generated, generator.structure)
    Invitation.objects.bulk_create(staff, batch_size=500)

    # Managers, who answer the climate questions per group they sit in.
    managers = _manager_sample(managers_q)
    rng.shuffle(managers)
    groups_of: dict[int, list[int]] = defaultdict(list)
    for person_id, group_id in (
        Membership.objects.current()
        .filter(group__association_id=association_id, group__is_active=True)
        .values_list("person_id", "group_id")
    ):
        if group_id not in groups_of[person_id]:
            groups_of[person_id].append(group_id)
    generator = _Generator(managers_q, rng)
    generated = []
    for invitation in managers[: round_.manager_answers]:
        part = part_of.get(invitation.municipality_id or 0, "")
        answers = generator.answers(
            areas=groups_of.get(invitation.person_id or 0, []),
            shift=PART_SHIFT.get(part, 0.0) + round_.better + 0.3,
            structured=0.5,
            screened=False,
        )
        generated.append((invitation, answers, _date_in(rng, round_)))
    _store(managers_q, generated, generator.structure)
    Invitation.objects.bulk_create(managers, batch_size=500)
    return len(answering), len(generated)


@transaction.atomic
def build(association: Association) -> str:
    """Build the three measurements with samples and answers; return a summary line."""
    rng = random.Random(2016)  # noqa: S311 (invented demo data, not security)
    units = list(Unit.objects.filter(party__association=association).select_related("party"))
    if not units:
        return "No surveys demo: the association has no units."
    previous: Measurement | None = None
    counts = []
    for round_ in ROUNDS:
        if previous is None:
            measurement = builder_services.measurement_create(
                association=association,
                name=round_.name,
                opens_on=round_.opens_on,
                closes_on=round_.closes_on,
            )
            builder_services.baseline_questionnaires_build(measurement=measurement)
        else:
            measurement = builder_services.measurement_follow_up_create(
                source=previous,
                name=round_.name,
                opens_on=round_.opens_on,
                closes_on=round_.closes_on,
            )
        builder_services.measurement_open(measurement=measurement)
        measurement.refresh_from_db()
        staff, managers = _answer_round(measurement, round_, rng, units)
        if round_.status == MeasurementStatus.CLOSED:
            builder_services.measurement_close(measurement=measurement)
        counts.append(f"{round_.name}: {staff} staff and {managers} managers answered")
        previous = measurement
    return "Measurements: " + "; ".join(counts) + "."


@transaction.atomic
def remove() -> None:
    """Delete the demo's measurements with their questionnaires, samples and answers."""
    measurements = Measurement.objects.filter(
        association__slug=DEMO_ASSOCIATION_SLUG, name__in=NAMES
    )
    questionnaires = Questionnaire.objects.filter(measurement__in=measurements)
    Answer.objects.filter(response__questionnaire__in=questionnaires).delete()
    Response.objects.filter(questionnaire__in=questionnaires).delete()
    Draft.objects.filter(questionnaire__in=questionnaires).delete()
    # Questions protect their sections' area question and conditions: delete in order.
    questions = Question.objects.filter(questionnaire__in=questionnaires)
    questions.update(shown_if_question=None)
    Section.objects.filter(questionnaire__in=questionnaires).update(repeat_for=None)
    Invitation.objects.filter(questionnaire__in=questionnaires).delete()
    questions.delete()
    # Follow-ups point at their baseline (SET_NULL); delete newest first.
    for measurement in measurements.order_by("-opens_on"):
        measurement.delete()
