"""Results of a measurement: counts per item, breakdowns, two-way tables, comments and
comparisons. The report, the exports, the dashboards and the API read results only here.

Every figure is counted from a fixed number of queries whatever
the number of answers, and passes the disclosure rule of mysam.lib.disclosure INSIDE these
functions, with the association's `small_group_threshold`: a caller cannot get a hidden
count by mistake.

What counts
    Only COMPLETE responses (for a screening question also the screened-out ones, whose
    answer to it is what screened them out). "Vet ej" and blanks are missing, never valid:
    `n` is the number of valid answers; `dont_know` and `blank` (shown the question, left
    it empty) make up `missing`. Who was "shown" a question follows its condition
    (`shown_if_question`) and, in a per-area section, the areas the respondent chose.

Per-area questions
    A question in a section repeated per area is counted per area: one answer per
    respondent and chosen municipality (or group). Such a table says so (`counted_per`),
    with `total.n` answers from `total.persons` people (seed 004: 761 from 659).
    Broken down by municipality / county part (or group), a per-area answer falls in its
    own area. A question asked once, broken down by area, counts a respondent in each area
    they chose (in one county part once) — `areas_from_choice` says so; without an area
    question the invitation's municipality is used.

Breakdowns (`Breakdown`)
    "county_part", "municipality", "party", "unit_type", "group", or ("question", <id>) for
    any background question of the same questionnaire (e.g. structured cooperation yes/no).
    Respondents with no value for the breakdown form the group `None` ("Not stated").
    `filters` takes the same keys: {"county_part": 3} or {("question", 17): [1]}.

Result types (frozen dataclasses)
    `ItemTable(question, item, steps, total: GroupResult, groups: tuple[GroupResult, ...],
    breakdown, breakdown_label, counted_per, areas_from_choice, threshold, is_multiple,
    high_values)`.
    `GroupResult(key, label, hidden, n, dont_know, blank, persons, cells: tuple[Cell, ...],
    high, high_share, high_interval)` — all counts None and `cells` empty when hidden.
    `Cell(value, label, count, share, share_of_asked)` — `share` of the valid answers (n),
    `share_of_asked` of everyone shown the question (n + missing), as some reports print.
    `TwoWayTable(rows, columns, cells, row_totals, column_totals, total, hidden ...)`
    with 2-D suppression; `Comparison` (difference in share of high values with Newcombe's
    interval, Mann–Whitney U or chi-square, a plain-language sentence); `CommentGroup`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from mysam.lib.disclosure import hidden_cells, hidden_groups, total_is_shown
from mysam.lib.statistics import (
    Difference,
    Interval,
    TestResult,
    chi_square,
    format_p,
    mann_whitney,
    newcombe_interval,
    wilson_interval,
)
from mysam.organisation.models import CooperationGroup, CountyPart, Municipality, Party, UnitType
from mysam.surveys.models import (
    Answer,
    Item,
    ItemKind,
    Measurement,
    Question,
    Questionnaire,
    Response,
    ResponseStatus,
)

Breakdown = str | tuple[str, int]
BREAKDOWNS = ("county_part", "municipality", "party", "unit_type", "group")
NOT_STATED = None

ANSWER = Answer._meta.db_table
RESPONSE = Response._meta.db_table
MUNICIPALITY = Municipality._meta.db_table
UNIT = "organisation_unit"


def breakdown_label(breakdown: Breakdown | None, background: Question | None = None) -> str:
    """The name of a breakdown for headings and select boxes."""
    labels = {
        None: _("Whole association"),
        "county_part": _("County part"),
        "municipality": _("Municipality"),
        "party": _("Party"),
        "unit_type": _("Unit type"),
        "group": _("Mysam group"),
    }
    if isinstance(breakdown, tuple):
        return background.item.text if background is not None else _("Background question")
    return labels.get(breakdown, str(breakdown))


@dataclass(frozen=True)
class Step:
    value: int
    label: str


@dataclass(frozen=True)
class Cell:
    value: int
    label: str
    count: int
    share: float | None  # of the valid answers (n)
    share_of_asked: float | None  # of everyone shown the question (n + missing)


@dataclass(frozen=True)
class GroupResult:
    key: Hashable
    label: str
    hidden: bool
    n: int | None = None
    dont_know: int | None = None
    blank: int | None = None
    persons: int | None = None
    cells: tuple[Cell, ...] = ()
    high: int | None = None
    high_share: float | None = None
    high_interval: Interval | None = None

    @property
    def missing(self) -> int | None:
        if self.dont_know is None or self.blank is None:
            return None
        return self.dont_know + self.blank

    @property
    def asked(self) -> int | None:
        """Everyone shown the question: valid answers plus missing."""
        missing = self.missing
        return None if self.n is None or missing is None else self.n + missing

    def count(self, value: int) -> int | None:
        for cell in self.cells:
            if cell.value == value:
                return cell.count
        return None

    def counts(self) -> dict[int, int]:
        return {cell.value: cell.count for cell in self.cells}


@dataclass(frozen=True)
class ItemTable:
    question: Question
    item: Item
    steps: tuple[Step, ...]
    total: GroupResult
    groups: tuple[GroupResult, ...]
    breakdown: Breakdown | None
    breakdown_label: str
    threshold: int
    counted_per: str = ""  # "municipality" or "group" for a per-area question
    areas_from_choice: bool = False  # a once-asked question broken down by chosen areas
    is_multiple: bool = False
    high_values: tuple[int, ...] = ()

    @property
    def any_hidden(self) -> bool:
        return self.total.hidden or any(group.hidden for group in self.groups)

    def group(self, key: Hashable) -> GroupResult | None:
        for group in self.groups:
            if group.key == key:
                return group
        return None


# --- building the SQL -------------------------------------------------------------------


@dataclass
class _Context:
    question: Question
    item: Item
    questionnaire: Questionnaire
    threshold: int
    per_area_kind: str  # "municipality", "group" or ""
    repeat_for_id: int | None
    area_questions: dict[str, int]  # "municipality"/"group" → the questionnaire's area question
    background: dict[int, Question]


@dataclass
class _Sql:
    """FROM/JOIN/WHERE pieces with their parameters, in order."""

    joins: list[str] = field(default_factory=list)
    join_params: list[Any] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    where_params: list[Any] = field(default_factory=list)
    aliases: int = 0

    def alias(self, prefix: str) -> str:
        self.aliases += 1
        return f"{prefix}{self.aliases}"


def _statuses(question: Question) -> str:
    if question.screens_out_values:
        return f"(r.status = '{ResponseStatus.COMPLETE}' OR r.status = '{ResponseStatus.SCREENED_OUT}')"
    return f"r.status = '{ResponseStatus.COMPLETE}'"


def _area_column(kind: str, alias: str) -> str:
    return f"{alias}.area_municipality_id" if kind == "municipality" else f"{alias}.area_group_id"


def _municipality_source(ctx: _Context, sql: _Sql, *, unit_is_answer: bool) -> tuple[str, bool]:
    """The SQL expression of the municipality a unit counts in, and whether it comes from
    the respondent's choice of areas (a respondent then counts in each)."""
    if ctx.per_area_kind == "municipality" and unit_is_answer:
        return "a.area_municipality_id", False
    area_question = ctx.area_questions.get("municipality")
    if area_question is not None:
        alias = sql.alias("ar")
        sql.joins.append(
            f"LEFT JOIN {ANSWER} {alias} ON {alias}.response_id = r.id AND {alias}.question_id = %s"
        )
        sql.join_params.append(area_question)
        return f"{alias}.area_municipality_id", True
    return "r.municipality_id", False


def _key(
    ctx: _Context, sql: _Sql, breakdown: Breakdown, *, unit_is_answer: bool
) -> tuple[str, bool]:
    """The SQL expression of a unit's group in `breakdown` (joins added to `sql`)."""
    if breakdown == "municipality":
        return _municipality_source(ctx, sql, unit_is_answer=unit_is_answer)
    if breakdown == "county_part":
        source, from_choice = _municipality_source(ctx, sql, unit_is_answer=unit_is_answer)
        alias = sql.alias("m")
        sql.joins.append(f"LEFT JOIN {MUNICIPALITY} {alias} ON {alias}.id = {source}")
        return f"{alias}.county_part_id", from_choice
    if breakdown == "group":
        if ctx.per_area_kind == "group" and unit_is_answer:
            return "a.area_group_id", False
        area_question = ctx.area_questions.get("group")
        if area_question is None:
            return "NULL", False
        alias = sql.alias("ag")
        sql.joins.append(
            f"LEFT JOIN {ANSWER} {alias} ON {alias}.response_id = r.id AND {alias}.question_id = %s"
        )
        sql.join_params.append(area_question)
        return f"{alias}.area_group_id", True
    if breakdown == "party":
        return "r.party_id", False
    if breakdown == "unit_type":
        alias = sql.alias("u")
        sql.joins.append(f"LEFT JOIN {UNIT} {alias} ON {alias}.id = r.unit_id")
        return f"{alias}.unit_type", False
    if isinstance(breakdown, tuple) and breakdown[0] == "question":
        background = ctx.background[breakdown[1]]
        alias = sql.alias("b")
        condition = ""
        same_areas = (
            ctx.repeat_for_id is not None
            and background.section.repeat_for_id == ctx.repeat_for_id
            and unit_is_answer
        )
        if same_areas:
            # Both asked per area: the background answer of the same area.
            column = _area_column(ctx.per_area_kind, alias)
            condition = f" AND {column} = {_area_column(ctx.per_area_kind, 'a')}"
        sql.joins.append(
            f"LEFT JOIN {ANSWER} {alias} ON {alias}.response_id = r.id "
            f"AND {alias}.question_id = %s AND {alias}.value IS NOT NULL{condition}"
        )
        sql.join_params.append(background.pk)
        return f"{alias}.value", False
    raise ValueError(f"unknown breakdown {breakdown!r}")


def _add_filters(
    ctx: _Context, sql: _Sql, filters: Mapping[Breakdown, Any] | None, *, unit_is_answer: bool
) -> None:
    for breakdown, wanted in (filters or {}).items():
        expression, _from_choice = _key(ctx, sql, breakdown, unit_is_answer=unit_is_answer)
        values = list(wanted) if isinstance(wanted, list | tuple | set | frozenset) else [wanted]
        if not values:
            sql.where.append("1 = 0")
            continue
        sql.where.append(f"{expression} IN ({', '.join(['%s'] * len(values))})")
        sql.where_params.extend(values)


def _shown_condition(ctx: _Context) -> tuple[str, list[Any]]:
    question = ctx.question
    if question.shown_if_question_id is None or not question.shown_if_values:
        return "", []
    values = list(question.shown_if_values)
    placeholders = ", ".join(["%s"] * len(values))
    return (
        f" AND EXISTS (SELECT 1 FROM {ANSWER} c WHERE c.response_id = r.id "  # noqa: S608
        f"AND c.question_id = %s AND c.value IN ({placeholders}))",
        [question.shown_if_question_id, *values],
    )


def _unit(ctx: _Context) -> str:
    """What one valid answer is: an answer row, or for a multiple choice (one row per
    option) the respondent (per area)."""
    if ctx.item.kind != ItemKind.MULTIPLE_CHOICE:
        return "a.id"
    if ctx.per_area_kind:
        return (
            "(CAST(a.response_id AS TEXT) || ':' || "
            "CAST(COALESCE(a.area_municipality_id, a.area_group_id, 0) AS TEXT))"
        )
    return "a.response_id"


def _valid_condition(ctx: _Context) -> str:
    if ctx.item.kind == ItemKind.FREE_TEXT:
        return "a.text <> ''"
    return "a.value IS NOT NULL"


def _answer_query(
    ctx: _Context,
    breakdown: Breakdown | None,
    filters: Mapping[Breakdown, Any] | None,
    select: str,
    group_by: str,
    extra_where: str = "",
) -> tuple[str, list[Any], bool]:
    """SELECT over the question's answers (alias a, response r) grouped by the breakdown,
    UNION ALL the same over the whole association (t = 1, g = NULL)."""
    parts: list[str] = []
    params: list[Any] = []
    from_choice = False
    for is_total in (False, True):
        sql = _Sql()
        key = "NULL"
        if not is_total and breakdown is not None:
            key, from_choice = _key(ctx, sql, breakdown, unit_is_answer=True)
        _add_filters(ctx, sql, filters, unit_is_answer=True)
        where = " AND ".join(["a.question_id = %s", _statuses(ctx.question), *sql.where])
        # The whole-association branch does not group by its NULL key: PostgreSQL would
        # then fix that NULL's type as text, which UNION cannot match with an id.
        grouping = ", ".join(part for part in ("" if is_total else "g", group_by) if part)
        group_sql = f" GROUP BY {grouping}" if grouping else ""
        parts.append(
            f"SELECT {1 if is_total else 0} AS t, {key} AS g, {select} "  # noqa: S608
            f"FROM {ANSWER} a JOIN {RESPONSE} r ON r.id = a.response_id "
            f"{' '.join(sql.joins)} WHERE {where}{extra_where}{group_sql}"
        )
        params += [*sql.join_params, ctx.question.pk, *sql.where_params]
    return " UNION ALL ".join(parts), params, from_choice


def _base_query(
    ctx: _Context, breakdown: Breakdown | None, filters: Mapping[Breakdown, Any] | None
) -> tuple[str, list[Any]]:
    """How many units were shown the question, per group and in all."""
    parts: list[str] = []
    params: list[Any] = []
    condition, condition_params = _shown_condition(ctx)
    question = ctx.question
    for is_total in (False, True):
        sql = _Sql()
        per_area = ctx.repeat_for_id is not None
        key = "NULL"
        if not is_total and breakdown is not None:
            key, _choice = _key(ctx, sql, breakdown, unit_is_answer=per_area)
        _add_filters(ctx, sql, filters, unit_is_answer=per_area)
        if question.screens_out_values:
            status = (
                f"(r.status = '{ResponseStatus.COMPLETE}' OR (r.status = "  # noqa: S608
                f"'{ResponseStatus.SCREENED_OUT}' AND EXISTS (SELECT 1 FROM {ANSWER} s "
                f"WHERE s.response_id = r.id AND s.question_id = %s)))"
            )
            status_params: list[Any] = [question.pk]
        else:
            status, status_params = f"r.status = '{ResponseStatus.COMPLETE}'", []
        where_sql = " AND ".join(sql.where)
        where_sql = f" AND {where_sql}" if where_sql else ""
        if per_area:
            parts.append(
                f"SELECT {1 if is_total else 0} AS t, {key} AS g, COUNT(DISTINCT a.id) AS n "  # noqa: S608
                f"FROM {ANSWER} a JOIN {RESPONSE} r ON r.id = a.response_id "
                f"{' '.join(sql.joins)} WHERE a.question_id = %s AND {status}"
                f"{where_sql}{condition}{'' if is_total else ' GROUP BY g'}"
            )
            params += [*sql.join_params, ctx.repeat_for_id, *status_params]
        else:
            parts.append(
                f"SELECT {1 if is_total else 0} AS t, {key} AS g, COUNT(DISTINCT r.id) AS n "  # noqa: S608
                f"FROM {RESPONSE} r {' '.join(sql.joins)} WHERE r.questionnaire_id = %s "
                f"AND {status}{where_sql}{condition}{'' if is_total else ' GROUP BY g'}"
            )
            params += [*sql.join_params, ctx.questionnaire.pk, *status_params]
        params += [*sql.where_params, *condition_params]
    return " UNION ALL ".join(parts), params


# The SQL below is assembled from fixed table and column names only; every value (ids,
# answer values, filters) goes in as a query parameter, hence the S608 exemptions.
def _fetch(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


# --- loading the question ---------------------------------------------------------------


def _context(
    question: Question | int,
    breakdowns: Iterable[Breakdown | None],
    store: _Store | None = None,
) -> _Context:
    """The question with everything the queries need (2 queries; none when `store`
    already holds it)."""
    pk = question if isinstance(question, int) else question.pk
    breakdowns = list(breakdowns)
    for breakdown in breakdowns:
        if isinstance(breakdown, tuple):
            if len(breakdown) != 2 or breakdown[0] != "question":
                raise ValueError(f"unknown breakdown {breakdown!r}")
        elif breakdown is not None and breakdown not in BREAKDOWNS:
            raise ValueError(f"unknown breakdown {breakdown!r}")
    memo_key = (pk, frozenset(b[1] for b in breakdowns if isinstance(b, tuple)))
    if store is not None and memo_key in store.contexts:
        return store.contexts[memo_key]
    ctx = _load_context(pk, breakdowns)
    if store is not None:
        store.contexts[memo_key] = ctx
    return ctx


def _load_context(pk: int, breakdowns: list[Breakdown | None]) -> _Context:
    loaded = Question.objects.select_related(
        "item",
        "section__repeat_for__item",
        "questionnaire__measurement__association",
    ).get(pk=pk)
    questionnaire = loaded.questionnaire
    repeat_for = loaded.section.repeat_for
    per_area_kind = ""
    if repeat_for is not None:
        per_area_kind = "group" if repeat_for.item.kind == ItemKind.GROUPS else "municipality"
    area_questions: dict[str, int] = {}
    background_ids = {b[1] for b in breakdowns if isinstance(b, tuple)}
    background: dict[int, Question] = {}
    rows = Question.objects.filter(questionnaire=questionnaire).filter(
        item__kind__in=(ItemKind.MUNICIPALITIES, ItemKind.GROUPS)
    ) | Question.objects.filter(questionnaire=questionnaire, pk__in=background_ids)
    for row in rows.select_related("item", "section").order_by(
        "section__position", "position", "pk"
    ):
        if row.item.kind == ItemKind.MUNICIPALITIES:
            area_questions.setdefault("municipality", row.pk)
        elif row.item.kind == ItemKind.GROUPS:
            area_questions.setdefault("group", row.pk)
        if row.pk in background_ids:
            background[row.pk] = row
    missing = background_ids - set(background)
    if missing:
        raise ValueError("a background question must belong to the same questionnaire")
    return _Context(
        question=loaded,
        item=loaded.item,
        questionnaire=questionnaire,
        threshold=questionnaire.measurement.association.small_group_threshold,
        per_area_kind=per_area_kind,
        repeat_for_id=repeat_for.pk if repeat_for is not None else None,
        area_questions=area_questions,
        background=background,
    )


def _labels(ctx: _Context, breakdown: Breakdown | None) -> dict[Any, str]:
    """Group key → name for a breakdown (at most one query; none when read before in the
    same `shared_reads()` block)."""
    store = _store.get()
    key = (ctx.questionnaire.measurement.association_id, breakdown)
    if store is not None and key in store.labels:
        return store.labels[key]
    labels = _load_labels(ctx, breakdown)
    if store is not None:
        store.labels[key] = labels
    return labels


def _load_labels(ctx: _Context, breakdown: Breakdown | None) -> dict[Any, str]:
    association = ctx.questionnaire.measurement.association_id
    if breakdown == "municipality":
        return dict(
            Municipality.objects.filter(association_id=association).values_list("pk", "name")
        )
    if breakdown == "county_part":
        return dict(CountyPart.objects.filter(association_id=association).values_list("pk", "name"))
    if breakdown == "party":
        return dict(Party.objects.filter(association_id=association).values_list("pk", "name"))
    if breakdown == "group":
        return dict(
            CooperationGroup.objects.filter(association_id=association).values_list("pk", "name")
        )
    if breakdown == "unit_type":
        return {value: str(label) for value, label in UnitType.choices}
    if isinstance(breakdown, tuple):
        item = ctx.background[breakdown[1]].item
        return dict(enumerate(_step_labels(item), start=1))
    return {}


def _step_labels(item: Item) -> tuple[str, ...]:
    return item.steps()


def _order_key(breakdown: Breakdown | None, labels: Mapping[Any, str]) -> Any:
    def key(group_key: Any) -> tuple[int, Any]:
        if group_key is None:
            return (2, "")
        if isinstance(breakdown, tuple):
            return (0, group_key)
        return (1 if group_key not in labels else 0, labels.get(group_key, str(group_key)))

    return key


# --- item distribution ------------------------------------------------------------------


@dataclass
class _Raw:
    """Counts of one query run, before disclosure control."""

    ctx: _Context
    counts: dict[Any, dict[int, int]]  # group → value → count
    total_counts: dict[int, int]
    valid: dict[Any, int]
    dont_know: dict[Any, int]
    persons: dict[Any, int]
    base: dict[Any, int]
    total: tuple[int, int, int, int]  # valid, dont_know, persons, base
    from_choice: bool


def _raw_sql(
    question: Question | int,
    breakdown: Breakdown | None,
    filters: Mapping[Breakdown, Any] | None,
    ctx: _Context | None = None,
) -> _Raw:
    """The same counts as `_raw`, each breakdown aggregated in SQL by the database (three
    GROUP BY queries over the answer table per call). Kept as the reference: the tests
    check `_raw` against it and bench/analysis.py runs this SQL in DuckDB."""
    if ctx is None:
        ctx = _context(question, [breakdown, *(filters or {})])
    unit = _unit(ctx)
    valid = _valid_condition(ctx)
    counts: dict[Any, dict[int, int]] = {}
    total_counts: dict[int, int] = {}
    from_choice = False
    if ctx.item.kind != ItemKind.FREE_TEXT:
        sql, params, from_choice = _answer_query(
            ctx,
            breakdown,
            filters,
            "a.value AS v, COUNT(DISTINCT a.id) AS n",
            "a.value",
            " AND a.value IS NOT NULL",
        )
        for is_total, group, value, n in _fetch(sql, params):
            if is_total:
                total_counts[value] = n
            else:
                counts.setdefault(group, {})[value] = n
    sql, params, from_choice = _answer_query(
        ctx,
        breakdown,
        filters,
        f"COUNT(DISTINCT CASE WHEN {valid} THEN {unit} END) AS valid, "
        f"COUNT(DISTINCT CASE WHEN a.dont_know AND NOT ({valid}) THEN {unit} END) AS dk, "
        f"COUNT(DISTINCT CASE WHEN {valid} THEN a.response_id END) AS persons",
        "",
    )
    valid_n: dict[Any, int] = {}
    dont_know: dict[Any, int] = {}
    persons: dict[Any, int] = {}
    total = [0, 0, 0, 0]
    for is_total, group, n, dk, people in _fetch(sql, params):
        if is_total:
            total[:3] = [n, dk, people]
        else:
            valid_n[group], dont_know[group], persons[group] = n, dk, people
    sql, params = _base_query(ctx, breakdown, filters)
    base: dict[Any, int] = {}
    for is_total, group, n in _fetch(sql, params):
        if is_total:
            total[3] = n
        else:
            base[group] = n
    return _Raw(
        ctx=ctx,
        counts=counts,
        total_counts=total_counts,
        valid=valid_n,
        dont_know=dont_know,
        persons=persons,
        base=base,
        total=(total[0], total[1], total[2], total[3]),
        from_choice=from_choice,
    )


# --- reading the answers once per question ------------------------------------------------
#
# `_raw` fetches a question's answer rows (with the area-choice, background and condition
# questions it depends on) and the questionnaire's responses in two plain queries, folds
# the respondents into a Counter of identical profiles (a few thousand for 100 000
# respondents) and counts every group of any breakdown from that, with exactly the
# DISTINCT semantics of `_raw_sql`: an answer (or a multiple choice's respondent per area)
# counts once per group it falls in, a respondent once per group for `persons`, and a unit
# that falls in several groups (chosen municipalities) counts in each. Inside
# `shared_reads()` (the report, the benchmark) the rows and profiles of a question are
# read once and reused by every breakdown, table, chart and appendix.

_TOTAL = object()
_PERSON_STATUSES = (ResponseStatus.COMPLETE.value, ResponseStatus.SCREENED_OUT.value)


@dataclass
class _Store:
    """What has been read in one `shared_reads()` block (or in one call outside one)."""

    responses: dict[int, dict[int, tuple[Any, ...]]] = field(default_factory=dict)
    answers: dict[int, dict[int, list[tuple[Any, ...]]]] = field(default_factory=dict)
    profiles: dict[tuple[Any, ...], Counter[tuple[Any, ...]]] = field(default_factory=dict)
    per_respondent: dict[tuple[str, int, int], dict[int, Any]] = field(default_factory=dict)
    contexts: dict[tuple[int, frozenset[int]], _Context] = field(default_factory=dict)
    labels: dict[tuple[int, Any], dict[Any, str]] = field(default_factory=dict)


_store: ContextVar[_Store | None] = ContextVar("results_store", default=None)


@contextmanager
def shared_reads() -> Iterator[None]:
    """Within this block, each question's answers, each questionnaire's responses and the
    labels are read from the database once and reused by every `item_distribution`,
    `two_way_table` and `comments` call (the report reads ~300 tables from ~30 questions).
    Only for reads that belong together (one report, one page): answers given meanwhile
    are not seen."""
    token = _store.set(_Store())
    try:
        yield
    finally:
        _store.reset(token)


def _current_store() -> _Store:
    return _store.get() or _Store()


def _load(store: _Store, ctx: _Context) -> None:
    """The questionnaire's responses and the answers of the questions `ctx` needs (at most
    two queries; none when `store` already holds them)."""
    questionnaire = ctx.questionnaire.pk
    if questionnaire not in store.responses:
        people: dict[int, tuple[Any, ...]] = {}
        for row in _fetch(
            f"SELECT r.id, r.status, r.party_id, u.unit_type, r.municipality_id, "  # noqa: S608
            f"m.county_part_id FROM {RESPONSE} r LEFT JOIN {UNIT} u ON u.id = r.unit_id "
            f"LEFT JOIN {MUNICIPALITY} m ON m.id = r.municipality_id "
            f"WHERE r.questionnaire_id = %s AND r.status IN (%s, %s)",
            [questionnaire, *_PERSON_STATUSES],
        ):
            people[row[0]] = row
        store.responses[questionnaire] = people
    question = ctx.question
    wanted = {question.pk, *ctx.area_questions.values(), *ctx.background}
    if ctx.repeat_for_id is not None:
        wanted.add(ctx.repeat_for_id)
    if question.shown_if_question_id is not None:
        wanted.add(question.shown_if_question_id)
    missing = sorted(wanted - set(store.answers))
    if not missing:
        return
    for pk in missing:
        store.answers[pk] = {}
    placeholders = ", ".join(["%s"] * len(missing))
    for row in _fetch(
        f"SELECT a.question_id, a.response_id, a.area_municipality_id, m.county_part_id, "  # noqa: S608
        f"a.area_group_id, a.value, a.dont_know, CASE WHEN a.text <> '' THEN 1 ELSE 0 END "
        f"FROM {ANSWER} a JOIN {RESPONSE} r ON r.id = a.response_id "
        f"LEFT JOIN {MUNICIPALITY} m ON m.id = a.area_municipality_id "
        f"WHERE a.question_id IN ({placeholders}) AND r.status IN (%s, %s) "
        f"ORDER BY a.question_id, a.response_id, a.id",
        [*missing, *_PERSON_STATUSES],
    ):
        store.answers[row[0]].setdefault(row[1], []).append(row[2:])


def _per_respondent(
    store: _Store, key: tuple[str, int, int], build: Callable[[list[tuple[Any, ...]], int], Any]
) -> dict[int, Any]:
    """What one question's rows say about each respondent, built once per store."""
    if key not in store.per_respondent:
        store.per_respondent[key] = {
            rid: build(rows, key[2]) for rid, rows in store.answers[key[1]].items()
        }
    return store.per_respondent[key]


def _chosen(rows: list[tuple[Any, ...]], column: int) -> frozenset[Any]:
    """The areas a respondent chose: (municipality, county part) pairs or groups."""
    if column == 0:
        return frozenset((row[0], row[1]) for row in rows)
    return frozenset(row[2] for row in rows)


def _repeat(rows: list[tuple[Any, ...]], column: int) -> tuple[Any, ...]:
    """Each chosen-area row (one unit asked a per-area question)."""
    areas = [(row[0], row[1], row[2]) for row in rows]
    return tuple(areas) if len(areas) == 1 else tuple(sorted(areas, key=repr))


def _background_values(
    rows: list[tuple[Any, ...]], column: int
) -> tuple[frozenset[Any], frozenset[Any]]:
    """A background question's values: all of them, and per area ((area, values), ...)."""
    by_area: dict[Any, set[Any]] = {}
    for row in rows:
        if row[3] is not None:
            by_area.setdefault(row[column], set()).add(row[3])
    every = frozenset(row[3] for row in rows if row[3] is not None)
    return every, frozenset((area, frozenset(values)) for area, values in by_area.items())


def _profiles(store: _Store, ctx: _Context) -> Counter[tuple[Any, ...]]:
    """Respondents folded into identical profiles, with how many share each:
    (status, party, unit type, municipality, county part, chosen municipalities
    ((id, county part), ...), chosen groups, rows of the repeated area question, background
    values ((id, values, ((area, values), ...)), ...), shown, rows of the question)."""
    key = (ctx.question.pk, tuple(sorted(ctx.background)))
    if key in store.profiles:
        return store.profiles[key]
    _load(store, ctx)
    question = ctx.question
    answers = store.answers
    mine = answers[question.pk]
    condition = None
    if question.shown_if_question_id is not None and question.shown_if_values:
        shown_values = set(question.shown_if_values)
        condition = answers[question.shown_if_question_id]
    column = 2 if ctx.per_area_kind == "group" else 0
    backgrounds = [
        (pk, _per_respondent(store, ("background", pk, column), _background_values))
        for pk in sorted(ctx.background)
    ]
    no_values: tuple[frozenset[Any], frozenset[Any]] = (frozenset(), frozenset())
    nothing: frozenset[Any] = frozenset()
    chosen_by_m = chosen_by_g = None
    if ctx.per_area_kind != "municipality" and "municipality" in ctx.area_questions:
        chosen_by_m = _per_respondent(
            store, ("chosen", ctx.area_questions["municipality"], 0), _chosen
        )
    if ctx.per_area_kind != "group" and "group" in ctx.area_questions:
        chosen_by_g = _per_respondent(store, ("chosen", ctx.area_questions["group"], 2), _chosen)
    repeat_by: dict[int, tuple[Any, ...]] = {}
    if ctx.repeat_for_id is not None:
        repeat_by = _per_respondent(store, ("repeat", ctx.repeat_for_id, 0), _repeat)
    # Only what can put a unit in a group goes into a profile, so that respondents fold.
    by_choice = "municipality" in ctx.area_questions
    profiles: Counter[tuple[Any, ...]] = Counter()
    for rid, (_id, status, party, unit_type, municipality, county_part) in store.responses[
        ctx.questionnaire.pk
    ].items():
        rows = mine.get(rid, ())
        shown = True
        if condition is not None:
            shown = any(row[3] in shown_values for row in condition.get(rid, ()))
        chosen_m = chosen_by_m.get(rid, nothing) if chosen_by_m is not None else nothing
        chosen_g = chosen_by_g.get(rid, nothing) if chosen_by_g is not None else nothing
        repeat = repeat_by.get(rid, ())
        background_values = tuple((pk, given.get(rid, no_values)) for pk, given in backgrounds)
        if by_choice:
            municipality = county_part = None
        profile = (
            status,
            party,
            unit_type,
            municipality,
            county_part,
            chosen_m,
            chosen_g,
            repeat,
            background_values,
            shown,
            tuple((row[0], row[1], row[2], row[3], bool(row[4]), row[5]) for row in rows),
        )
        profiles[profile] += 1
    store.profiles[key] = profiles
    return profiles


def _wanted(values: Any) -> set[Any]:
    listed = list(values) if isinstance(values, list | tuple | set | frozenset) else [values]
    wanted: set[Any] = set()
    for value in listed:
        if isinstance(value, str) and value.lstrip("-").isdigit():
            wanted.add(int(value))
        wanted.add(value)
    wanted.discard(None)  # SQL's IN (NULL) matches nothing
    return wanted


def _group_keys(
    ctx: _Context, breakdown: Breakdown, profile: tuple[Any, ...], unit: tuple[Any, ...] | None
) -> set[Any]:
    """The groups of `breakdown` a unit falls in: `unit` is the answer's (municipality,
    county part, group) when the answer is the unit, None when the respondent is."""
    _status, party, unit_type, municipality, county_part, chosen_m, chosen_g = profile[:7]
    if breakdown in ("municipality", "county_part"):
        index = 0 if breakdown == "municipality" else 1
        if ctx.per_area_kind == "municipality" and unit is not None:
            return {unit[index]}
        if "municipality" in ctx.area_questions:
            return {area[index] for area in chosen_m} or {None}
        return {municipality if index == 0 else county_part}
    if breakdown == "party":
        return {party}
    if breakdown == "unit_type":
        return {unit_type}
    if breakdown == "group":
        if ctx.per_area_kind == "group" and unit is not None:
            return {unit[2]}
        if "group" in ctx.area_questions:
            return set(chosen_g) or {None}
        return {None}
    if isinstance(breakdown, tuple) and breakdown[0] == "question":
        background = ctx.background[breakdown[1]]
        for pk, (values, by_area) in profile[8]:
            if pk != breakdown[1]:
                continue
            if (
                ctx.repeat_for_id is not None
                and background.section.repeat_for_id == ctx.repeat_for_id
                and unit is not None
            ):
                area = unit[2] if ctx.per_area_kind == "group" else unit[0]
                if area is None:
                    return {None}
                return set(dict(by_area).get(area, ())) or {None}
            return set(values) or {None}
    raise ValueError(f"unknown breakdown {breakdown!r}")


def _raw(
    question: Question | int,
    breakdown: Breakdown | None,
    filters: Mapping[Breakdown, Any] | None,
    ctx: _Context | None = None,
) -> _Raw:
    """Counts per group of `breakdown` and in all, before disclosure control (see above)."""
    store = _current_store()
    if ctx is None:
        ctx = _context(question, [breakdown, *(filters or {})], store=store)
    if breakdown is not None and not isinstance(breakdown, tuple) and breakdown not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {breakdown!r}")
    profiles = _profiles(store, ctx)
    item = ctx.item
    free_text = item.kind == ItemKind.FREE_TEXT
    multiple = item.kind == ItemKind.MULTIPLE_CHOICE
    per_area = ctx.repeat_for_id is not None
    screens_out = bool(ctx.question.screens_out_values)
    wanted = [(b, _wanted(values)) for b, values in (filters or {}).items()]
    counts: dict[Any, dict[int, int]] = {}
    valid: dict[Any, int] = {}
    dont_know: dict[Any, int] = {}
    persons: dict[Any, int] = {}
    base: dict[Any, int] = {}

    def passes(profile: tuple[Any, ...], unit: tuple[Any, ...] | None) -> bool:
        return all(
            values and not values.isdisjoint(_group_keys(ctx, b, profile, unit))
            for b, values in wanted
        )

    def keys(profile: tuple[Any, ...], unit: tuple[Any, ...] | None) -> list[Any]:
        if breakdown is None:
            return [_TOTAL]
        return [*_group_keys(ctx, breakdown, profile, unit), _TOTAL]

    for profile, weight in profiles.items():
        status, rows, shown = profile[0], profile[10], profile[9]
        complete = status == ResponseStatus.COMPLETE
        if rows and (complete or screens_out):
            valid_units: dict[Any, set[Any]] = {}
            dk_units: dict[Any, set[Any]] = {}
            answered: set[Any] = set()
            for index, (area_m, area_cp, area_g, value, dk, has_text) in enumerate(rows):
                unit = (area_m, area_cp, area_g)
                if wanted and not passes(profile, unit):
                    continue
                is_valid = bool(has_text) if free_text else value is not None
                if multiple:
                    uid: Any = 0
                    if per_area:
                        uid = area_m if area_m is not None else area_g if area_g is not None else 0
                else:
                    uid = index
                for group in keys(profile, unit):
                    valid_units.setdefault(group, set())
                    dk_units.setdefault(group, set())
                    if value is not None and not free_text:
                        cell = counts.setdefault(group, {})
                        cell[value] = cell.get(value, 0) + weight
                    if is_valid:
                        valid_units[group].add(uid)
                        answered.add(group)
                    elif dk:
                        dk_units[group].add(uid)
            for group, units in valid_units.items():
                valid[group] = valid.get(group, 0) + weight * len(units)
                dont_know[group] = dont_know.get(group, 0) + weight * len(dk_units[group])
                persons[group] = persons.get(group, 0) + (weight if group in answered else 0)
        in_base = complete or (screens_out and bool(rows))
        if not (in_base and shown):
            continue
        if per_area:
            for area_m, area_cp, area_g in profile[7]:
                unit = (area_m, area_cp, area_g)
                if wanted and not passes(profile, unit):
                    continue
                for group in keys(profile, unit):
                    base[group] = base.get(group, 0) + weight
        elif not wanted or passes(profile, None):
            for group in set(keys(profile, None)):
                base[group] = base.get(group, 0) + weight
    total_counts = counts.pop(_TOTAL, {})
    total = (
        valid.pop(_TOTAL, 0),
        dont_know.pop(_TOTAL, 0),
        persons.pop(_TOTAL, 0),
        base.pop(_TOTAL, 0),
    )
    counts = {key: value for key, value in counts.items() if value}
    return _Raw(
        ctx=ctx,
        counts=counts,
        total_counts=total_counts,
        valid=valid,
        dont_know=dont_know,
        persons=persons,
        base=base,
        total=total,
        from_choice=_from_choice(ctx, breakdown),
    )


def _from_choice(ctx: _Context, breakdown: Breakdown | None) -> bool:
    """Whether units fall in the groups of `breakdown` by the respondent's choice of areas
    (a respondent then counts in each chosen area)."""
    if breakdown in ("municipality", "county_part"):
        return ctx.per_area_kind != "municipality" and "municipality" in ctx.area_questions
    if breakdown == "group":
        return ctx.per_area_kind != "group" and "group" in ctx.area_questions
    return False


def _steps(item: Item, counts: Iterable[Mapping[int, int]]) -> tuple[Step, ...]:
    labels = item.steps()
    if labels:
        return tuple(Step(number, label) for number, label in enumerate(labels, start=1))
    # A number question: the values that occur.
    values = sorted({value for row in counts for value in row})
    return tuple(Step(value, str(value)) for value in values)


def _group_result(
    *,
    key: Any,
    label: str,
    hidden: bool,
    counts: Mapping[int, int],
    n: int,
    dont_know: int,
    base: int,
    persons: int,
    steps: tuple[Step, ...],
    high_values: tuple[int, ...],
    item: Item,
) -> GroupResult:
    if hidden:
        return GroupResult(key=key, label=label, hidden=True)
    blank = max(0, base - n - dont_know)
    asked = n + dont_know + blank
    cells = tuple(
        Cell(
            value=step.value,
            label=step.label,
            count=counts.get(step.value, 0),
            share=counts.get(step.value, 0) / n if n else None,
            share_of_asked=counts.get(step.value, 0) / asked if asked else None,
        )
        for step in steps
    )
    high = high_share = interval = None
    if high_values or item.kind == ItemKind.YES_NO:
        wanted = high_values or (1,)  # yes/no: the share answering "Ja"
        high = sum(counts.get(value, 0) for value in wanted)
        if n:
            high_share = high / n
            interval = wilson_interval(high, n)
    return GroupResult(
        key=key,
        label=label,
        hidden=False,
        n=n,
        dont_know=dont_know,
        blank=blank,
        persons=persons,
        cells=cells,
        high=high,
        high_share=high_share,
        high_interval=interval,
    )


def _table(raw: _Raw, breakdown: Breakdown | None, labels: Mapping[Any, str]) -> ItemTable:
    ctx = raw.ctx
    item = ctx.item
    steps = _steps(item, [raw.total_counts, *raw.counts.values()])
    high_values = item.high_values()
    valid, dk, persons, base = raw.total
    total_shown = total_is_shown({"all": valid}, threshold=ctx.threshold)
    keys = set(raw.base) | set(raw.valid) | set(raw.counts)
    sizes = {key: raw.valid.get(key, 0) for key in keys}
    hidden = hidden_groups(sizes, threshold=ctx.threshold) if total_shown else set(keys)
    not_stated = _("Not stated")
    groups = tuple(
        _group_result(
            key=key,
            label=not_stated if key is None else labels.get(key, str(key)),
            hidden=key in hidden,
            counts=raw.counts.get(key, {}),
            n=raw.valid.get(key, 0),
            dont_know=raw.dont_know.get(key, 0),
            base=raw.base.get(key, 0),
            persons=raw.persons.get(key, 0),
            steps=steps,
            high_values=high_values,
            item=item,
        )
        for key in sorted(keys, key=_order_key(breakdown, labels))
    )
    total = _group_result(
        key="total",
        label=_("All"),
        hidden=not total_shown,
        counts=raw.total_counts,
        n=valid,
        dont_know=dk,
        base=base,
        persons=persons,
        steps=steps,
        high_values=high_values,
        item=item,
    )
    background = ctx.background.get(breakdown[1]) if isinstance(breakdown, tuple) else None
    return ItemTable(
        question=ctx.question,
        item=item,
        steps=steps,
        total=total,
        groups=groups if breakdown is not None else (),
        breakdown=breakdown,
        breakdown_label=breakdown_label(breakdown, background),
        threshold=ctx.threshold,
        counted_per=ctx.per_area_kind,
        areas_from_choice=raw.from_choice,
        is_multiple=item.kind == ItemKind.MULTIPLE_CHOICE,
        high_values=high_values,
    )


def item_distribution(
    *,
    question: Question | int,
    breakdown: Breakdown | None = None,
    filters: Mapping[Breakdown, Any] | None = None,
) -> ItemTable:
    """Counts per scale step (option, yes/no) of one question, for the whole association
    and per group of `breakdown`, with valid n, missing and the share of high values with
    its 95 % Wilson interval. Groups below the association's threshold, and their
    complements, come back hidden with no counts; the total is hidden when too small.
    Five queries (question, area questions, labels, responses, answers) whatever the data,
    fewer inside `shared_reads()`.
    Refuses an unknown breakdown and a background question of another questionnaire."""
    raw = _raw(question, breakdown, filters)
    return _table(raw, breakdown, _labels(raw.ctx, breakdown))


# --- two-way tables ---------------------------------------------------------------------


@dataclass(frozen=True)
class TwoWayCell:
    count: int | None  # None when hidden
    row_share: float | None

    @property
    def hidden(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class TwoWayRow:
    key: Hashable
    label: str
    cells: tuple[TwoWayCell, ...]
    total: int | None  # None when hidden


@dataclass(frozen=True)
class TwoWayTable:
    question: Question
    item: Item
    row_label: str
    columns: tuple[Step, ...]
    rows: tuple[TwoWayRow, ...]
    column_totals: tuple[int | None, ...]
    total: int | None
    threshold: int
    counted_per: str = ""
    areas_from_choice: bool = False
    test: TestResult | None = None

    @property
    def any_hidden(self) -> bool:
        return (
            self.total is None
            or any(total is None for total in self.column_totals)
            or any(row.total is None or any(c.hidden for c in row.cells) for row in self.rows)
        )


def two_way_table(
    *,
    row_question_or_breakdown: Breakdown,
    column_question: Question | int,
    filters: Mapping[Breakdown, Any] | None = None,
) -> TwoWayTable:
    """A table of the column question's answers (columns) by a breakdown or a background
    question (rows), with row percentages, like seed 004's table 4. Cells, row totals and
    column totals go through the two-way disclosure rule (margins in both directions);
    the grand total is the sum of the rows. Same queries as `item_distribution`."""
    raw = _raw(column_question, row_question_or_breakdown, filters)
    ctx = raw.ctx
    labels = _labels(ctx, row_question_or_breakdown)
    steps = _steps(ctx.item, [raw.total_counts, *raw.counts.values()])
    keys = sorted(
        set(raw.valid) | set(raw.counts), key=_order_key(row_question_or_breakdown, labels)
    )
    matrix = {
        (key, step.value): raw.counts.get(key, {}).get(step.value, 0)
        for key in keys
        for step in steps
    }
    hidden = hidden_cells(matrix, threshold=ctx.threshold)
    row_totals = {key: sum(matrix[(key, step.value)] for step in steps) for key in keys}
    column_totals = {step.value: sum(matrix[(key, step.value)] for key in keys) for step in steps}
    grand = sum(row_totals.values())
    not_stated = _("Not stated")
    rows = []
    for key in keys:
        row_hidden = key in hidden.rows
        cells = tuple(
            TwoWayCell(
                count=None if (key, step.value) in hidden else matrix[(key, step.value)],
                row_share=None
                if (key, step.value) in hidden or row_hidden or not row_totals[key]
                else matrix[(key, step.value)] / row_totals[key],
            )
            for step in steps
        )
        rows.append(
            TwoWayRow(
                key=key,
                label=not_stated if key is None else labels.get(key, str(key)),
                cells=cells,
                total=None if row_hidden else row_totals[key],
            )
        )
    test = None
    if not hidden and keys and steps:
        test = chi_square([[matrix[(key, step.value)] for step in steps] for key in keys])
    return TwoWayTable(
        question=ctx.question,
        item=ctx.item,
        row_label=breakdown_label(
            row_question_or_breakdown,
            ctx.background.get(row_question_or_breakdown[1])
            if isinstance(row_question_or_breakdown, tuple)
            else None,
        ),
        columns=steps,
        rows=tuple(rows),
        column_totals=tuple(
            None if step.value in hidden.columns else column_totals[step.value] for step in steps
        ),
        total=None if hidden.total else grand,
        threshold=ctx.threshold,
        counted_per=ctx.per_area_kind,
        areas_from_choice=raw.from_choice,
        test=test,
    )


# --- comments ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CommentGroup:
    key: Hashable
    label: str
    hidden: bool
    comments: tuple[str, ...] = ()


def comments(
    *,
    question: Question | int,
    breakdown: Breakdown | None = None,
    filters: Mapping[Breakdown, Any] | None = None,
) -> tuple[CommentGroup, ...]:
    """The free-text comments (and free-text answers) of a question, per group, only for
    groups at or above the threshold (hidden groups come back with no comments; with no
    breakdown, one group "All" unless the whole is too small). Six queries."""
    raw = _raw(question, breakdown, filters)
    ctx = raw.ctx
    labels = _labels(ctx, breakdown)
    sql_text, params, _choice = _answer_query(
        ctx,
        breakdown,
        filters,
        "a.id AS i, a.comment AS c, a.text AS x",
        "a.id, a.comment, a.text",
        " AND (a.comment <> '' OR a.text <> '')",
    )
    texts: dict[Any, list[str]] = {}
    for is_total, group, _id, comment, text in sorted(
        _fetch(sql_text, params), key=lambda row: row[2]
    ):
        if is_total != (breakdown is None):
            continue
        key = "total" if breakdown is None else group
        for part in (text, comment):
            if part and part.strip():
                texts.setdefault(key, []).append(part.strip())
    valid, *_rest = raw.total
    total_shown = total_is_shown({"all": valid}, threshold=ctx.threshold)
    if breakdown is None:
        return (
            CommentGroup(
                key="total",
                label=_("All"),
                hidden=not total_shown,
                comments=tuple(texts.get("total", [])) if total_shown else (),
            ),
        )
    keys = set(raw.valid) | set(texts)
    sizes = {key: raw.valid.get(key, 0) for key in keys}
    hidden = hidden_groups(sizes, threshold=ctx.threshold) if total_shown else set(keys)
    not_stated = _("Not stated")
    return tuple(
        CommentGroup(
            key=key,
            label=not_stated if key is None else labels.get(key, str(key)),
            hidden=key in hidden,
            comments=() if key in hidden else tuple(texts.get(key, [])),
        )
        for key in sorted(keys, key=_order_key(breakdown, labels))
    )


# --- comparisons ------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """Two independent samples of the same item: the difference in the share of high
    values (first − second) with Newcombe's interval, and a test on the whole
    distribution. `available` is False when a side is hidden or has no valid answers;
    `reason` says why."""

    item: Item
    first_label: str
    second_label: str
    first: GroupResult
    second: GroupResult
    steps: tuple[Step, ...]
    difference: Difference | None = None
    test: TestResult | None = None
    available: bool = True
    reason: str = ""

    @property
    def significant(self) -> bool:
        return self.test is not None and self.test.significant

    @property
    def sentence(self) -> str:
        return significance_sentence(self.test)


def significance_sentence(test: TestResult | None) -> str:
    """Plain language: a significant difference only when p < 0.05 and the test holds."""
    if test is None:
        return _("No test could be made.")
    if not test.reliable:
        return _("Too few answers for a reliable test.")
    if test.significant:
        return _("statistically significant difference (p = %(p)s)") % {"p": format_p(test.p_value)}
    return _(
        "The difference cannot be distinguished from chance (p = %(p)s): it is not "
        "statistically significant."
    ) % {"p": format_p(test.p_value)}


def _compare(
    item: Item,
    first: GroupResult,
    second: GroupResult,
    steps: tuple[Step, ...],
    first_label: str,
    second_label: str,
) -> Comparison:
    base: dict[str, Any] = {
        "item": item,
        "first_label": first_label,
        "second_label": second_label,
        "first": first,
        "second": second,
        "steps": steps,
    }
    if first.hidden or second.hidden:
        return Comparison(
            **base, available=False, reason=_("One of the groups is too small to be shown.")
        )
    if not first.n or not second.n:
        return Comparison(**base, available=False, reason=_("One of the groups has no answers."))
    difference = None
    if first.high is not None and second.high is not None:
        difference = newcombe_interval(first.high, first.n, second.high, second.n)
    test: TestResult
    if item.is_scale:
        test = mann_whitney(first.counts(), second.counts())
    else:
        test = chi_square(
            [
                [first.counts().get(s.value, 0) for s in steps],
                [second.counts().get(s.value, 0) for s in steps],
            ]
        )
    return Comparison(**base, difference=difference, test=test)


def compare_groups(
    *,
    question: Question | int,
    breakdown: Breakdown,
    first: Hashable,
    second: Hashable,
    filters: Mapping[Breakdown, Any] | None = None,
) -> Comparison:
    """Two groups of one breakdown on one question (e.g. structured cooperation yes = 1
    against no = 2): the same queries as `item_distribution`. Groups that overlap (a
    respondent in both) are still tested as independent samples; say so in the text."""
    table = item_distribution(question=question, breakdown=breakdown, filters=filters)
    a, b = table.group(first), table.group(second)
    missing = GroupResult(key=None, label="", hidden=False, n=0, dont_know=0, blank=0)
    return _compare(
        table.item,
        a or missing,
        b or missing,
        table.steps,
        a.label if a else str(first),
        b.label if b else str(second),
    )


def compare_questions(
    *,
    first: Question | int,
    second: Question | int,
    first_label: str = "",
    second_label: str = "",
) -> Comparison:
    """The same item asked in two questionnaires (managers against staff, or one
    measurement against another), whole association against whole association.
    Refuses questions of different items."""
    one = item_distribution(question=first)
    two = item_distribution(question=second)
    if one.item.pk != two.item.pk:
        raise ValueError("questions of different items cannot be compared")
    return _compare(
        one.item,
        one.total,
        two.total,
        one.steps,
        first_label or one.question.questionnaire.title,
        second_label or two.question.questionnaire.title,
    )


def question_for_item(
    *, measurement: Measurement, item: Item, audience: str | None = None
) -> Question | None:
    """The question asking `item` in a measurement (in the audience's questionnaire)."""
    questions = Question.objects.filter(questionnaire__measurement=measurement, item=item)
    if audience:
        questions = questions.filter(questionnaire__audience=audience)
    return questions.order_by("questionnaire__position", "questionnaire_id").first()


def compare_measurements(
    *,
    item: Item,
    earlier: Measurement,
    later: Measurement,
    audience: str | None = None,
) -> Comparison:
    """The item in two measurements (baseline against follow-up) as independent samples:
    the change in the share of high values is later − earlier."""
    before = question_for_item(measurement=earlier, item=item, audience=audience)
    after = question_for_item(measurement=later, item=item, audience=audience)
    if before is None or after is None:
        empty = GroupResult(key=None, label="", hidden=False)
        return Comparison(
            item=item,
            first_label=later.name,
            second_label=earlier.name,
            first=empty,
            second=empty,
            steps=(),
            available=False,
            reason=_("The item was not asked in both measurements."),
        )
    return compare_questions(
        first=after, second=before, first_label=later.name, second_label=earlier.name
    )


# --- overview ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionnaireSummary:
    questionnaire: Questionnaire
    complete: int
    screened_out: int
    incomplete: int
    invited: int  # invitations not excluded from the sample
    questions: tuple[Question, ...]

    @property
    def submitted(self) -> int:
        return self.complete + self.screened_out + self.incomplete

    @property
    def response_rate(self) -> float | None:
        return (self.complete + self.screened_out) / self.invited if self.invited else None


def measurement_summary(measurement: Measurement) -> tuple[QuestionnaireSummary, ...]:
    """Per questionnaire: responses by status, the sample and its questions. Three
    queries whatever the number of questionnaires, answers or questions."""
    from django.db.models import Count, Q

    from mysam.surveys.models import Invitation, InvitationStatus

    questionnaires = list(Questionnaire.objects.filter(measurement=measurement))
    statuses: dict[tuple[int, str], int] = {
        (row["questionnaire_id"], row["status"]): row["n"]
        for row in Response.objects.filter(questionnaire__measurement=measurement)
        .values("questionnaire_id", "status")
        .annotate(n=Count("id"))
    }
    invited = dict(
        Invitation.objects.filter(questionnaire__measurement=measurement)
        .values("questionnaire_id")
        .annotate(n=Count("id", filter=~Q(status=InvitationStatus.EXCLUDED)))
        .values_list("questionnaire_id", "n")
    )
    questions: dict[int, list[Question]] = {}
    for question in (
        Question.objects.filter(questionnaire__measurement=measurement)
        .select_related("item", "section")
        .order_by("section__position", "section_id", "position", "pk")
    ):
        questions.setdefault(question.questionnaire_id, []).append(question)
    return tuple(
        QuestionnaireSummary(
            questionnaire=q,
            complete=statuses.get((q.pk, ResponseStatus.COMPLETE), 0),
            screened_out=statuses.get((q.pk, ResponseStatus.SCREENED_OUT), 0),
            incomplete=statuses.get((q.pk, ResponseStatus.INCOMPLETE), 0),
            invited=invited.get(q.pk, 0),
            questions=tuple(questions.get(q.pk, [])),
        )
        for q in questionnaires
    )


def results_questions(questionnaire: Questionnaire) -> tuple[Question, ...]:
    """The questions of a questionnaire whose answers can be tabulated (not area choices)."""
    return tuple(
        Question.objects.filter(questionnaire=questionnaire)
        .exclude(item__kind__in=(ItemKind.MUNICIPALITIES, ItemKind.GROUPS))
        .select_related("item", "section")
        .order_by("section__position", "section_id", "position", "pk")
    )


def background_questions(questionnaire: Questionnaire) -> tuple[Question, ...]:
    """Questions that can break results down: yes/no and single choice."""
    return tuple(
        Question.objects.filter(
            questionnaire=questionnaire,
            item__kind__in=(ItemKind.YES_NO, ItemKind.SINGLE_CHOICE),
        )
        .select_related("item", "section")
        .order_by("section__position", "section_id", "position", "pk")
    )


def available_breakdowns(questionnaire: Questionnaire) -> tuple[tuple[str, str], ...]:
    """The standard breakdowns that make sense for a questionnaire: "group" only when it
    asks for Mysam groups (one query)."""
    has_groups = Question.objects.filter(
        questionnaire=questionnaire, item__kind=ItemKind.GROUPS
    ).exists()
    return tuple(
        (name, breakdown_label(name)) for name in BREAKDOWNS if name != "group" or has_groups
    )


def question_totals(questions: Sequence[Question]) -> dict[int, GroupResult]:
    """Whole-association counts per value of many questions at once (two queries), for
    comparisons: `n`, cells and high values; a total below its association's threshold
    comes back hidden. Missing answers are not counted here (use `item_distribution`)."""
    from django.db.models import Count

    by_pk = {question.pk: question for question in questions}
    if not by_pk:
        return {}
    loaded = {
        q.pk: q
        for q in Question.objects.filter(pk__in=by_pk).select_related(
            "item", "questionnaire__measurement__association"
        )
    }
    counts: dict[int, dict[int, int]] = {}
    units: dict[int, int] = {}
    complete = Answer.objects.filter(
        question_id__in=by_pk, response__status=ResponseStatus.COMPLETE, value__isnull=False
    )
    for question_id, value, n in (
        complete.values("question_id", "value")
        .annotate(n=Count("id"))
        .values_list("question_id", "value", "n")
    ):
        counts.setdefault(question_id, {})[int(value or 0)] = n
    multiple = [pk for pk, q in loaded.items() if q.item.kind == ItemKind.MULTIPLE_CHOICE]
    for pk, n in (
        complete.filter(question_id__in=multiple)
        .values("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .values_list("question_id", "n")
    ):
        units[pk] = n
    totals: dict[int, GroupResult] = {}
    for pk, question in loaded.items():
        item = question.item
        values = counts.get(pk, {})
        n = units.get(pk, sum(values.values()))
        threshold = question.questionnaire.measurement.association.small_group_threshold
        steps = _steps(item, [values])
        totals[pk] = _group_result(
            key="total",
            label=_("All"),
            hidden=not total_is_shown({"all": n}, threshold=threshold),
            counts=values,
            n=n,
            dont_know=0,
            base=n,
            persons=0,
            steps=steps,
            high_values=item.high_values(),
            item=item,
        )
    return totals


def _pair_comparisons(
    pairs: Sequence[tuple[Question, Question]], first_label: str, second_label: str
) -> tuple[Comparison, ...]:
    totals = question_totals([q for pair in pairs for q in pair])
    return tuple(
        _compare(
            first.item,
            totals[first.pk],
            totals[second.pk],
            _steps(first.item, [totals[first.pk].counts(), totals[second.pk].counts()]),
            first_label,
            second_label,
        )
        for first, second in pairs
    )


def _comparable(question: Question) -> bool:
    return question.item.is_scale or question.item.kind in (
        ItemKind.YES_NO,
        ItemKind.SINGLE_CHOICE,
    )


def compare_audiences(measurement: Measurement) -> tuple[Comparison, ...]:
    """Managers against staff on every item both questionnaires ask (whole association,
    independent samples). Four queries whatever the number of items."""
    from mysam.surveys.models import Audience

    by_audience: dict[str, dict[int, Question]] = {}
    for question in (
        Question.objects.filter(questionnaire__measurement=measurement)
        .select_related("item", "questionnaire")
        .order_by("questionnaire__position", "section__position", "position", "pk")
    ):
        if _comparable(question):
            by_audience.setdefault(question.questionnaire.audience, {}).setdefault(
                question.item_id, question
            )
    managers = by_audience.get(Audience.MANAGERS, {})
    staff = by_audience.get(Audience.STAFF, {})
    pairs = [(managers[item], staff[item]) for item in managers if item in staff]
    return _pair_comparisons(pairs, _("Managers"), _("Frontline staff"))


def compare_with_previous(measurement: Measurement) -> tuple[Comparison, ...]:
    """Every item asked in this measurement and in the one it is compared with (same item,
    same audience): later − earlier, as independent samples. Four queries."""
    if measurement.previous_id is None:
        return ()
    later: dict[tuple[str, int], Question] = {}
    earlier: dict[tuple[str, int], Question] = {}
    for question in (
        Question.objects.filter(
            questionnaire__measurement_id__in=[measurement.pk, measurement.previous_id]
        )
        .select_related("item", "questionnaire__measurement")
        .order_by("questionnaire__position", "section__position", "position", "pk")
    ):
        if not _comparable(question):
            continue
        key = (question.questionnaire.audience, question.item_id)
        target = later if question.questionnaire.measurement_id == measurement.pk else earlier
        target.setdefault(key, question)
    pairs = [(later[key], earlier[key]) for key in later if key in earlier]
    previous_name = pairs[0][1].questionnaire.measurement.name if pairs else ""
    return _pair_comparisons(pairs, measurement.name, previous_name)
