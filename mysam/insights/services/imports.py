"""Importing answers collected in another tool (CSV or Excel) into a questionnaire.

Steps, each stored on the `AnswerImport` row so the office can come back to it:

1. `answer_import_create`: read the file (the organisation import's readers: UTF-8 with or
   without BOM or Windows-1252, ; , or tab, or .xlsx) into header + rows of text.
2. `answer_import_map_columns`: file column → a question ("q:<id>"), a per-area question
   for one municipality or group ("q:<id>:m:<id>" / "q:<id>:g:<id>"), or a frame column
   ("party", "unit", "municipality", "area", "submitted_on"); others are ignored.
3. `answer_import_map_values`: per mapped question, file value → stored value ("1"…),
   "dk" (Vet ej) or "" (blank). Values equal to a step's wording (case aside) are
   suggested (`value_suggestions`).
4. `answer_import_check`: every row's errors, in the user's language, with the file's row
   number; `answer_import_confirm`: all-or-nothing, once (a second confirm writes nothing),
   creating complete `Response` rows with `is_imported=True`.

Nothing from the file other than answers, the frame attributes and the date is kept once
imported: the stored rows are deleted when the import is confirmed.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mysam.insights.models import AnswerImport, AnswerImportStatus
from mysam.insights.selectors.exports import variable_name
from mysam.organisation.models import CooperationGroup, Municipality, Party, Unit
from mysam.organisation.transfer.reading import (
    MAX_FILE_BYTES,
    ImportFileError,
    _csv_rows,
    _xlsx_rows,
)
from mysam.surveys.models import (
    Answer,
    ItemKind,
    Question,
    Questionnaire,
    Response,
    ResponseStatus,
)
from mysam.surveys.models.items import DONT_KNOW_LABEL

MAX_ROWS = 20_000
MAX_VALUES_PER_QUESTION = 60
FRAME = ("party", "unit", "municipality", "area", "submitted_on")
DONT_KNOW = "dk"
BLANK = ""
MULTIPLE_SEPARATOR = re.compile(r"\s*[;|]\s*")
TEXT_KINDS = (ItemKind.FREE_TEXT, ItemKind.NUMBER)


def _norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


# --- 1. the file ----------------------------------------------------------------------------


def _read(data: bytes, file_name: str) -> list[list[str]]:
    lower = file_name.lower()
    if data.startswith(b"PK\x03\x04"):
        if not lower.endswith((".xlsx", ".xlsm")):
            raise ImportFileError(_("Only Excel files (.xlsx) and CSV files can be imported."))
        table = _xlsx_rows(data)
    elif lower.endswith((".csv", ".txt")) and b"\x00" not in data[:4096]:
        table = _csv_rows(data)
    else:
        raise ImportFileError(_("Only Excel files (.xlsx) and CSV files can be imported."))
    rows = [cells for _number, cells in table]
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    return rows


@transaction.atomic
def answer_import_create(
    *, questionnaire: Questionnaire, uploaded: IO[bytes], file_name: str, user: Any
) -> AnswerImport:
    """Read an uploaded file of answers (first row: the column names) and keep its cells
    for the mapping steps."""
    data = uploaded.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(
            _("The file is larger than %(limit)s MB. Split it into smaller files.")
            % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    rows = _read(data, file_name)
    if len(rows) < 2:
        raise ImportFileError(_("The file needs a header row and at least one row of answers."))
    header = [cell.strip() for cell in rows[0]]
    if not any(header):
        raise ImportFileError(_("The first row must name the columns."))
    body = rows[1:]
    if len(body) > MAX_ROWS:
        raise ImportFileError(
            _("The file has more than %(max)s rows. Split it into smaller files.")
            % {"max": MAX_ROWS}
        )
    width = len(header)
    # Row numbers as in the spreadsheet; wholly empty rows are skipped.
    numbered = [
        [number, (cells + [""] * width)[:width]]
        for number, cells in enumerate(body, 2)
        if any(cell.strip() for cell in cells)
    ]
    pending = AnswerImport.objects.create(
        questionnaire=questionnaire,
        file_name=file_name[:255],
        header=header,
        rows=numbered,
        created_by=user if getattr(user, "pk", None) else None,
    )
    pending.column_map = column_suggestions(pending=pending)
    pending.save(update_fields=["column_map"])
    return pending


# --- 2. columns -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """Where a file column can go."""

    key: str
    label: str
    question: Question | None = None
    area: tuple[str, int] | None = None


def _questions(questionnaire: Questionnaire) -> list[Question]:
    return list(
        Question.objects.filter(questionnaire=questionnaire)
        .select_related("item", "section", "section__repeat_for__item")
        .order_by("section__position", "section_id", "position", "pk")
    )


def _areas(questionnaire: Questionnaire) -> dict[str, dict[int, str]]:
    association_id = questionnaire.measurement.association_id
    return {
        "m": dict(
            Municipality.objects.filter(association_id=association_id)
            .order_by("name")
            .values_list("pk", "name")
        ),
        "g": dict(
            CooperationGroup.objects.filter(association_id=association_id)
            .order_by("name")
            .values_list("pk", "name")
        ),
    }


def _area_kind(question: Question) -> str:
    repeat_for = question.section.repeat_for
    if repeat_for is not None and repeat_for.item.kind == ItemKind.GROUPS:
        return "g"
    return "m"


def targets(*, questionnaire: Questionnaire) -> list[Target]:
    """Every place a column can be mapped to, in questionnaire order."""
    frame_labels = {
        "party": _("Party"),
        "unit": _("Unit"),
        "municipality": _("Municipality (of the respondent)"),
        "area": _("Area the per-area answers are about"),
        "submitted_on": _("Date answered"),
    }
    found = [Target(key, label) for key, label in frame_labels.items()]
    areas = _areas(questionnaire)
    for question in _questions(questionnaire):
        item = question.item
        found.append(Target(f"q:{question.pk}", f"{item.code}: {item.text}", question))
        if item.has_comment and item.kind not in TEXT_KINDS and not question.section.is_per_area:
            found.append(
                Target(
                    f"c:{question.pk}",
                    _("%(code)s: %(text)s – comment") % {"code": item.code, "text": item.text},
                    question,
                )
            )
        if question.section.is_per_area:
            kind = _area_kind(question)
            for pk, name in areas[kind].items():
                found.append(
                    Target(
                        f"q:{question.pk}:{kind}:{pk}",
                        f"{item.code}: {item.text} – {name}",
                        question,
                        (kind, pk),
                    )
                )
    return found


FRAME_HEADERS = {
    "party": ("part", "party", "organisation", "myndighet"),
    "unit": ("verksamhet", "unit", "enhet"),
    "municipality": ("kommun", "municipality"),
    "area": ("område", "omrade", "area", "svarskommun"),
    "submitted_on": ("datum", "date", "inskickad", "svarsdatum"),
}


def column_suggestions(*, pending: AnswerImport) -> dict[str, str]:
    """Column index → target key, where a header equals a frame name, an item's code or
    wording, or "<code>_<area name>" / "<wording> – <area name>" of a per-area question."""
    by_name: dict[str, str] = {}
    for target in targets(questionnaire=pending.questionnaire):
        if target.question is None:
            for name in FRAME_HEADERS[target.key]:
                by_name[name] = target.key
            continue
        item = target.question.item
        if target.key.startswith("c:"):
            for name in (f"{item.code}_kommentar", f"{item.code} kommentar"):
                by_name.setdefault(_norm(name), target.key)
        elif target.area is None:
            by_name.setdefault(_norm(item.code), target.key)
            by_name.setdefault(_norm(item.text), target.key)
        else:
            area_name = target.label.rsplit(" – ", 1)[-1]
            by_name.setdefault(_norm(f"{item.code}_{area_name}"), target.key)
            by_name.setdefault(_norm(f"{item.code}_{variable_name(area_name)}"), target.key)
            by_name.setdefault(_norm(f"{item.text} – {area_name}"), target.key)
    suggestions = {}
    used: set[str] = set()
    for index, header in enumerate(pending.header):
        key = by_name.get(_norm(header))
        if key and key not in used:
            suggestions[str(index)] = key
            used.add(key)
    return suggestions


@transaction.atomic
def answer_import_map_columns(*, pending: AnswerImport, mapping: dict[str, str]) -> AnswerImport:
    """Store which column goes where (column index → target key; "" ignores a column)."""
    _require_pending(pending)
    valid = {target.key for target in targets(questionnaire=pending.questionnaire)}
    chosen = {str(k): v for k, v in mapping.items() if v}
    unknown = [v for v in chosen.values() if v not in valid]
    if unknown:
        raise ValidationError(_("Choose a question or column from the list."))
    seen: dict[str, str] = {}
    for index, key in chosen.items():
        if key in seen:
            raise ValidationError(
                _("The columns “%(first)s” and “%(second)s” are mapped to the same place.")
                % {
                    "first": pending.header[int(seen[key])],
                    "second": pending.header[int(index)],
                }
            )
        seen[key] = index
    if not any(key.startswith("q:") for key in chosen.values()):
        raise ValidationError(_("Map at least one column to a question."))
    pending.column_map = chosen
    pending.save(update_fields=["column_map"])
    return pending


# --- 3. values ------------------------------------------------------------------------------


@dataclass
class ValueColumn:
    """One mapped question column: its distinct file values and what they can become."""

    index: str
    header: str
    question: Question
    values: list[str]
    choices: list[tuple[str, str]]
    suggested: dict[str, str] = field(default_factory=dict)


def _question_of(key: str, questions: dict[int, Question]) -> Question | None:
    """The question a "q:" key answers (comment columns, "c:", are not answers)."""
    if not key.startswith("q:"):
        return None
    return questions.get(int(key.split(":")[1]))


def _step_choices(question: Question) -> list[tuple[str, str]]:
    item = question.item
    choices = [(str(number), label) for number, label in enumerate(item.steps(), start=1)]
    choices.append((DONT_KNOW, DONT_KNOW_LABEL))
    choices.append((BLANK, _("(no answer)")))
    return choices


def _cell_values(question: Question, cell: str) -> list[str]:
    cell = cell.strip()
    if not cell:
        return []
    if question.item.kind == ItemKind.MULTIPLE_CHOICE:
        return [part for part in MULTIPLE_SEPARATOR.split(cell) if part]
    return [cell]


def value_columns(*, pending: AnswerImport) -> list[ValueColumn]:
    """The mapped question columns whose values need mapping (not numbers or free text),
    with the stored or suggested mapping of each distinct value."""
    questions = {q.pk: q for q in _questions(pending.questionnaire)}
    columns = []
    for index, key in sorted(pending.column_map.items(), key=lambda pair: int(pair[0])):
        question = _question_of(key, questions)
        if question is None or question.item.kind in TEXT_KINDS or question.item.is_area_choice:
            continue
        distinct: list[str] = []
        for _number, cells in pending.rows:
            for value in _cell_values(question, cells[int(index)]):
                if value not in distinct:
                    distinct.append(value)
        distinct = distinct[:MAX_VALUES_PER_QUESTION]
        choices = _step_choices(question)
        stored = pending.value_map.get(index, {})
        labels = {_norm(label): value for value, label in choices if value != BLANK}
        suggested = {}
        for value in distinct:
            if value in stored:
                suggested[value] = stored[value]
            elif _norm(value) in labels:
                suggested[value] = labels[_norm(value)]
        columns.append(
            ValueColumn(
                index=index,
                header=pending.header[int(index)],
                question=question,
                values=distinct,
                choices=choices,
                suggested=suggested,
            )
        )
    return columns


@transaction.atomic
def answer_import_map_values(
    *, pending: AnswerImport, mapping: dict[str, dict[str, str]]
) -> AnswerImport:
    """Store the value mapping: column index → file value → "1"…, "dk" or ""."""
    _require_pending(pending)
    columns = {column.index: column for column in value_columns(pending=pending)}
    cleaned: dict[str, dict[str, str]] = {}
    for index, values in mapping.items():
        column = columns.get(index)
        if column is None:
            continue
        allowed = {value for value, _label in column.choices}
        for file_value, target in values.items():
            if target not in allowed:
                raise ValidationError(
                    _("Choose what “%(value)s” in “%(column)s” means.")
                    % {"value": file_value, "column": column.header}
                )
        cleaned[index] = {k: v for k, v in values.items() if k in column.values}
    pending.value_map = cleaned
    pending.save(update_fields=["value_map"])
    return pending


# --- 4. checking and importing ---------------------------------------------------------------


@dataclass
class RowError:
    row: int
    messages: list[str]


@dataclass
class ParsedAnswer:
    question: Question
    area: tuple[str, int] | None = None
    value: int | None = None
    dont_know: bool = False
    text: str = ""
    comment: str = ""


@dataclass
class ParsedResponse:
    row: int
    submitted_on: datetime.date
    party_id: int | None = None
    unit_id: int | None = None
    municipality_id: int | None = None
    answers: list[ParsedAnswer] = field(default_factory=list)


@dataclass
class Check:
    responses: list[ParsedResponse]
    errors: list[RowError]
    unmapped_values: list[str]

    @property
    def ok(self) -> bool:
        return not self.errors and not self.unmapped_values and bool(self.responses)


def _lookup(names: Iterable[tuple[int, str]]) -> dict[str, int]:
    return {_norm(name): pk for pk, name in names}


def _default_date(questionnaire: Questionnaire) -> datetime.date:
    measurement = questionnaire.measurement
    return measurement.closes_on or measurement.opens_on or timezone.localdate()


def _parse_date(text: str) -> datetime.date | None:
    text = text.strip()[:10]
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def answer_import_check(*, pending: AnswerImport) -> Check:
    """Every row parsed, with every error of every row (nothing is written)."""
    questionnaire = pending.questionnaire
    association_id = questionnaire.measurement.association_id
    questions = {q.pk: q for q in _questions(questionnaire)}
    parties = _lookup(Party.objects.filter(association_id=association_id).values_list("pk", "name"))
    units_all = list(
        Unit.objects.filter(party__association_id=association_id).values_list(
            "pk", "name", "party_id"
        )
    )
    units = {_norm(name): pk for pk, name, _party in units_all}
    units_by_party = {(_norm(name), party): pk for pk, name, party in units_all}
    areas = _areas(questionnaire)
    area_names = {kind: _lookup(names.items()) for kind, names in areas.items()}
    columns = {column.index: column for column in value_columns(pending=pending)}
    unmapped = []
    for column in columns.values():
        stored = pending.value_map.get(column.index, {})
        missing = [v for v in column.values if v not in stored]
        if missing:
            unmapped.append(
                _("Column “%(column)s”: say what %(values)s mean.")
                % {"column": column.header, "values": ", ".join(f"“{v}”" for v in missing[:8])}
            )
    frame = {key: index for index, key in pending.column_map.items() if key in FRAME}
    default_day = _default_date(questionnaire)
    responses: list[ParsedResponse] = []
    errors: list[RowError] = []
    for number, cells in pending.rows:
        problems: list[str] = []

        def cell(key: str, cells: list[str] = cells) -> str:
            index = frame.get(key)
            return cells[int(index)].strip() if index is not None else ""

        day = default_day
        if cell("submitted_on"):
            parsed = _parse_date(cell("submitted_on"))
            if parsed is None:
                problems.append(
                    _("The date “%(value)s” is not a date like 2026-03-23.")
                    % {"value": cell("submitted_on")}
                )
            else:
                day = parsed
        response = ParsedResponse(row=number, submitted_on=day)
        if cell("party"):
            response.party_id = parties.get(_norm(cell("party")))
            if response.party_id is None:
                problems.append(
                    _("There is no party called “%(value)s”.") % {"value": cell("party")}
                )
        if cell("unit"):
            key = _norm(cell("unit"))
            unit_id = (
                units_by_party.get((key, response.party_id))
                if response.party_id
                else units.get(key)
            )
            if unit_id is None:
                problems.append(_("There is no unit called “%(value)s”.") % {"value": cell("unit")})
            response.unit_id = unit_id
        if cell("municipality"):
            response.municipality_id = area_names["m"].get(_norm(cell("municipality")))
            if response.municipality_id is None:
                problems.append(
                    _("There is no municipality called “%(value)s”.")
                    % {"value": cell("municipality")}
                )
        row_area: dict[str, int | None] = {"m": None, "g": None}
        if cell("area"):
            for kind in ("m", "g"):
                row_area[kind] = area_names[kind].get(_norm(cell("area")))
            if row_area["m"] is None and row_area["g"] is None:
                problems.append(
                    _("There is no municipality or group called “%(value)s”.")
                    % {"value": cell("area")}
                )
        for index, key in pending.column_map.items():
            question = _question_of(key, questions)
            if question is None:
                continue
            raw = cells[int(index)].strip()
            if not raw:
                continue
            item = question.item
            header = pending.header[int(index)]
            area: tuple[str, int] | None = None
            if question.section.is_per_area:
                parts = key.split(":")
                kind = _area_kind(question)
                if len(parts) == 4:
                    area = (parts[2], int(parts[3]))
                elif row_area[kind] is not None:
                    area = (kind, row_area[kind])  # type: ignore[assignment]
                else:
                    problems.append(
                        _("“%(column)s” is asked per area: the row needs an area.")
                        % {"column": header}
                    )
                    continue
            if item.kind == ItemKind.NUMBER:
                try:
                    response.answers.append(
                        ParsedAnswer(question, area, value=int(raw.replace(" ", "")))
                    )
                except ValueError:
                    problems.append(
                        _("“%(column)s”: “%(value)s” is not a whole number.")
                        % {"column": header, "value": raw}
                    )
                continue
            if item.kind == ItemKind.FREE_TEXT:
                response.answers.append(ParsedAnswer(question, area, text=raw[:5000]))
                continue
            if item.is_area_choice:
                kind = "g" if item.kind == ItemKind.GROUPS else "m"
                for name in MULTIPLE_SEPARATOR.split(raw):
                    pk = area_names[kind].get(_norm(name))
                    if pk is None:
                        problems.append(
                            _("“%(column)s”: there is no area called “%(value)s”.")
                            % {"column": header, "value": name}
                        )
                    else:
                        response.answers.append(ParsedAnswer(question, (kind, pk)))
                continue
            mapping = pending.value_map.get(index, {})
            for value in _cell_values(question, raw):
                target = mapping.get(value)
                if target is None:
                    continue  # reported once per column above
                if target == DONT_KNOW:
                    if not item.allows_dont_know:
                        problems.append(
                            _("“%(column)s” does not offer “Vet ej”.") % {"column": header}
                        )
                    else:
                        response.answers.append(ParsedAnswer(question, area, dont_know=True))
                elif target != BLANK:
                    response.answers.append(ParsedAnswer(question, area, value=int(target)))
        for index, key in pending.column_map.items():
            if not key.startswith("c:"):
                continue
            comment = cells[int(index)].strip()
            question = questions.get(int(key.split(":")[1]))
            if not comment or question is None or not response.answers:
                continue
            answered = next((a for a in response.answers if a.question == question), None)
            if answered is None:
                answered = ParsedAnswer(question)
                response.answers.append(answered)
            answered.comment = comment[:5000]
        answered_any = any(a.value is not None or a.dont_know or a.text for a in response.answers)
        if not answered_any and not problems:
            problems.append(_("The row has no answers."))
        if problems:
            errors.append(RowError(row=number, messages=problems))
        else:
            responses.append(response)
    return Check(responses=responses, errors=errors, unmapped_values=unmapped)


def _require_pending(pending: AnswerImport) -> None:
    if pending.status != AnswerImportStatus.MAPPING:
        raise ValidationError(_("This file has already been imported."))


@transaction.atomic
def answer_import_confirm(*, pending: AnswerImport) -> AnswerImport:
    """Import every row or none: complete responses marked as imported. A second confirm
    (or a row error) imports nothing."""
    locked = AnswerImport.objects.select_for_update().get(pk=pending.pk)
    _require_pending(locked)
    check = answer_import_check(pending=locked)
    if not check.ok:
        raise ValidationError(_("Correct the errors before importing: nothing was imported."))
    area_choice = {
        q.section.repeat_for_id: q.section.repeat_for
        for q in _questions(locked.questionnaire)
        if q.section.repeat_for_id
    }
    responses = []
    answers = []
    for parsed in check.responses:
        response = Response(
            questionnaire_id=locked.questionnaire_id,
            submitted_on=parsed.submitted_on,
            status=ResponseStatus.COMPLETE,
            party_id=parsed.party_id,
            unit_id=parsed.unit_id,
            municipality_id=parsed.municipality_id,
            is_imported=True,
        )
        responses.append(response)
        chosen: set[tuple[int, tuple[str, int]]] = set()
        for answer in parsed.answers:
            area = answer.area
            answers.append(
                Answer(
                    response=response,
                    question=answer.question,
                    area_municipality_id=area[1] if area and area[0] == "m" else None,
                    area_group_id=area[1] if area and area[0] == "g" else None,
                    value=answer.value,
                    dont_know=answer.dont_know,
                    text=answer.text,
                    comment=answer.comment,
                )
            )
            if answer.question.item.is_area_choice and area:
                chosen.add((answer.question.pk, area))
        # A per-area answer implies its area was chosen: add the area-choice answer.
        for answer in parsed.answers:
            repeat_for_id = answer.question.section.repeat_for_id
            if answer.area is None or repeat_for_id is None:
                continue
            if (repeat_for_id, answer.area) in chosen:
                continue
            chosen.add((repeat_for_id, answer.area))
            kind, pk = answer.area
            answers.append(
                Answer(
                    response=response,
                    question=area_choice[repeat_for_id],
                    area_municipality_id=pk if kind == "m" else None,
                    area_group_id=pk if kind == "g" else None,
                )
            )
    Response.objects.bulk_create(responses, batch_size=1000)
    Answer.objects.bulk_create(answers, batch_size=2000)
    locked.status = AnswerImportStatus.IMPORTED
    locked.imported_count = len(responses)
    locked.imported_at = timezone.now()
    locked.rows = []  # the file's cells are not kept once imported
    locked.save(update_fields=["status", "imported_count", "imported_at", "rows"])
    return locked
