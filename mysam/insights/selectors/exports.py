"""Answers as files: the raw answer table (CSV, Excel, SPSS) and the answer imports.

The raw table is one row per response in wide format:

- frame columns: ``svar_nr`` (a running number in random order: response ids are random),
  ``inskickad`` (date), ``status``, ``importerad``, ``part``, ``verksamhet``, ``kommun``;
- one column per question named by the item's code; a per-area question gets one column
  per area that occurs in the answers (``<code>_<area>``); a multiple choice gets one 0/1
  column per option (``<code>_<n>``) and an area choice one 0/1 column per area;
- a comment column ``<code>_kommentar`` where the item has a comment field.

Scale, yes/no and choice answers are their stored value (1 = the first step); "Vet ej" is
``DONT_KNOW_CODE`` (a declared missing value in SPSS); an unanswered question is empty.
Nothing from the sample (invitations, e-mail addresses, names) is ever part of it.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils.text import slugify

from mysam.accounts.actor import Actor
from mysam.insights.models import AnswerImport
from mysam.organisation.access import scope
from mysam.organisation.models import CooperationGroup, Municipality
from mysam.surveys.access import require_surveys_admin
from mysam.surveys.models import Answer, ItemKind, Question, Questionnaire, Response
from mysam.surveys.models.items import DONT_KNOW_LABEL

DONT_KNOW_CODE = 99
STATUS_LABELS = {"complete": "Komplett", "screened_out": "Screenad", "incomplete": "Ofullständig"}


@dataclass
class Column:
    name: str
    label: str
    numeric: bool = True
    value_labels: dict[int, str] = field(default_factory=dict)
    dont_know: bool = False


@dataclass
class AnswerTable:
    questionnaire: Questionnaire
    columns: list[Column]
    rows: list[list[Any]]


def variable_name(text: str) -> str:
    """An SPSS-safe variable name: letters, digits and _, starting with a letter."""
    name = re.sub(
        r"[^a-z0-9_]", "_", slugify(text.replace("å", "a").replace("ä", "a").replace("ö", "o"))
    )
    name = re.sub(r"_+", "_", name).strip("_") or "v"
    if not name[0].isalpha():
        name = "v_" + name
    return name[:60]


def _questions(questionnaire: Questionnaire) -> list[Question]:
    return list(
        Question.objects.filter(questionnaire=questionnaire)
        .select_related("item", "section")
        .order_by("section__position", "section_id", "position", "pk")
    )


def answer_table(questionnaire: Questionnaire) -> AnswerTable:
    """The raw answers of a questionnaire, one row per response (see the module text).

    At most five queries whatever the size: questions, responses, answers, area names.
    """
    questions = _questions(questionnaire)
    responses = list(
        Response.objects.filter(questionnaire=questionnaire)
        .select_related("party", "unit", "municipality")
        .order_by("id")
    )
    answers = list(
        Answer.objects.filter(response__questionnaire=questionnaire).values_list(
            "response_id",
            "question_id",
            "area_municipality_id",
            "area_group_id",
            "value",
            "dont_know",
            "text",
            "comment",
        )
    )
    municipality_ids = {a[2] for a in answers if a[2]}
    group_ids = {a[3] for a in answers if a[3]}
    areas: dict[tuple[str, int], str] = {}
    for pk, name in Municipality.objects.filter(pk__in=municipality_ids).values_list("pk", "name"):
        areas[("m", pk)] = name
    for pk, name in CooperationGroup.objects.filter(pk__in=group_ids).values_list("pk", "name"):
        areas[("g", pk)] = name

    # Which areas each per-area or area-choice question has answers for.
    areas_of: dict[int, set[tuple[str, int]]] = defaultdict(set)
    for _r, question_id, municipality_id, group_id, *_rest in answers:
        if municipality_id:
            areas_of[question_id].add(("m", municipality_id))
        if group_id:
            areas_of[question_id].add(("g", group_id))

    columns = [
        Column("svar_nr", "Svar nummer"),
        Column("inskickad", "Inskickad (datum)", numeric=False),
        Column("status", "Status", numeric=False),
        Column("importerad", "Importerad från annat verktyg", value_labels={1: "Ja", 0: "Nej"}),
        Column("part", "Part", numeric=False),
        Column("verksamhet", "Verksamhet", numeric=False),
        Column("kommun", "Kommun", numeric=False),
    ]
    # (question id, area key or None, option or None, what) → column index
    slots: dict[tuple[int, tuple[str, int] | None, int | None, str], int] = {}
    used: set[str] = {c.name for c in columns}

    def add(key: tuple[int, tuple[str, int] | None, int | None, str], column: Column) -> None:
        base, number = column.name, 2
        while column.name in used:
            column.name = f"{base}_{number}"[:64]
            number += 1
        used.add(column.name)
        slots[key] = len(columns)
        columns.append(column)

    def area_sort(area: tuple[str, int]) -> tuple[str, str]:
        return (area[0], areas.get(area, ""))

    for question in questions:
        item = question.item
        code = variable_name(item.code)
        steps = item.steps()
        labels = dict(enumerate(steps, start=1))
        if item.allows_dont_know:
            labels[DONT_KNOW_CODE] = DONT_KNOW_LABEL
        if item.kind == ItemKind.MULTIPLE_CHOICE:
            for number, option in enumerate(steps, start=1):
                add(
                    (question.pk, None, number, "value"),
                    Column(
                        f"{code}_{number}",
                        f"{item.text} – {option}",
                        value_labels={1: "Vald", 0: "Ej vald"},
                    ),
                )
        elif item.is_area_choice:
            for area in sorted(areas_of[question.pk], key=area_sort):
                name = areas.get(area, "")
                add(
                    (question.pk, area, None, "value"),
                    Column(
                        f"{code}_{variable_name(name)}",
                        f"{item.text} – {name}",
                        value_labels={1: "Vald", 0: "Ej vald"},
                    ),
                )
        elif question.section.is_per_area:
            for area in sorted(areas_of[question.pk], key=area_sort):
                name = areas.get(area, "")
                add(
                    (question.pk, area, None, "value"),
                    Column(
                        f"{code}_{variable_name(name)}",
                        f"{item.text} – {name}",
                        numeric=item.kind != ItemKind.FREE_TEXT,
                        value_labels=labels,
                        dont_know=item.allows_dont_know,
                    ),
                )
        else:
            add(
                (question.pk, None, None, "value"),
                Column(
                    code,
                    item.text,
                    numeric=item.kind != ItemKind.FREE_TEXT,
                    value_labels=labels,
                    dont_know=item.allows_dont_know,
                ),
            )
        if item.has_comment and item.kind != ItemKind.FREE_TEXT:
            per_area = question.section.is_per_area
            area_list: list[tuple[str, int] | None] = [None]
            if per_area:
                area_list = [*sorted(areas_of[question.pk], key=area_sort)]
            for comment_area in area_list:
                suffix = f"_{variable_name(areas.get(comment_area, ''))}" if comment_area else ""
                add(
                    (question.pk, comment_area, None, "comment"),
                    Column(f"{code}{suffix}_kommentar", f"{item.text} – kommentar", numeric=False),
                )

    kinds = {q.pk: q.item.kind for q in questions}
    area_choice = {q.pk for q in questions if q.item.is_area_choice}
    multiple = {q.pk for q in questions if q.item.kind == ItemKind.MULTIPLE_CHOICE}
    index_of = {response.pk: number for number, response in enumerate(responses)}
    rows: list[list[Any]] = []
    for number, response in enumerate(responses, start=1):
        row: list[Any] = [None] * len(columns)
        row[0] = number
        row[1] = response.submitted_on.isoformat()
        row[2] = STATUS_LABELS.get(response.status, response.status)
        row[3] = 1 if response.is_imported else 0
        row[4] = response.party.name if response.party else ""
        row[5] = response.unit.name if response.unit else ""
        row[6] = response.municipality.name if response.municipality else ""
        rows.append(row)
    answered_multi: set[tuple[int, int]] = set()
    for (
        response_id,
        question_id,
        municipality_id,
        group_id,
        value,
        dont_know,
        text,
        comment,
    ) in answers:
        if response_id not in index_of or question_id not in kinds:
            continue
        row = rows[index_of[response_id]]
        answer_area: tuple[str, int] | None = (
            ("m", municipality_id) if municipality_id else ("g", group_id) if group_id else None
        )
        if question_id in multiple:
            answered_multi.add((response_id, question_id))
            slot = slots.get((question_id, None, value, "value"))
            if slot is not None:
                row[slot] = 1
            continue
        if question_id in area_choice:
            answered_multi.add((response_id, question_id))
            slot = slots.get((question_id, answer_area, None, "value"))
            if slot is not None:
                row[slot] = 1
            continue
        slot = slots.get((question_id, answer_area, None, "value"))
        if slot is not None:
            if dont_know:
                row[slot] = DONT_KNOW_CODE
            elif kinds[question_id] == ItemKind.FREE_TEXT:
                row[slot] = text
            else:
                row[slot] = value
        comment_slot = slots.get((question_id, answer_area, None, "comment"))
        if comment_slot is not None and comment:
            row[comment_slot] = comment
    # A multiple or area choice that was answered: the options not chosen are 0, not empty.
    for (question_id, _area, _option, what), slot in slots.items():
        if what != "value" or (question_id not in multiple and question_id not in area_choice):
            continue
        for response_id, number in index_of.items():
            if (response_id, question_id) in answered_multi and rows[number][slot] is None:
                rows[number][slot] = 0
    return AnswerTable(questionnaire=questionnaire, columns=columns, rows=rows)


# --- Writers -------------------------------------------------------------------------------


def table_csv(table: AnswerTable) -> bytes:
    """Semicolon-separated UTF-8 with a byte-order mark, as Swedish Excel opens it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    for row in table.rows:
        writer.writerow(["" if v is None else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def table_xlsx(table: AnswerTable) -> bytes:
    """A workbook with the answers ("Svar") and the codebook ("Variabler")."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Svar")
    sheet.append([c.name for c in table.columns])
    for row in table.rows:
        sheet.append(row)
    codebook = workbook.create_sheet("Variabler")
    codebook.append(["variabel", "fråga", "värden"])
    for column in table.columns:
        values = "; ".join(f"{k} = {v}" for k, v in column.value_labels.items())
        codebook.append([column.name, column.label, values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_sav(table: AnswerTable) -> bytes:
    """SPSS .sav with variable labels (the wording) and value labels (the scale steps);
    "Vet ej" is a declared missing value."""
    import pandas as pd
    import pyreadstat

    data: dict[str, Any] = {}
    for index, column in enumerate(table.columns):
        values = [row[index] for row in table.rows]
        if column.numeric:
            data[column.name] = pd.Series(
                [float(v) if v is not None and v != "" else None for v in values], dtype="float64"
            )
        else:
            data[column.name] = pd.Series(
                ["" if v is None else str(v) for v in values], dtype="object"
            )
    frame = pd.DataFrame(data, columns=[c.name for c in table.columns])
    labels: dict[str, str | None] = {c.name: c.label[:250] for c in table.columns}
    value_labels = {
        c.name: {float(k): v for k, v in c.value_labels.items()}
        for c in table.columns
        if c.numeric and c.value_labels
    }
    missing = {c.name: [float(DONT_KNOW_CODE)] for c in table.columns if c.numeric and c.dont_know}
    handle, path = tempfile.mkstemp(suffix=".sav")
    os.close(handle)
    try:
        pyreadstat.write_sav(
            frame,
            path,
            column_labels=labels,
            variable_value_labels=value_labels,  # type: ignore[arg-type]
            missing_ranges=missing or None,  # type: ignore[arg-type]
        )
        with open(path, "rb") as handle_:
            return handle_.read()
    finally:
        os.unlink(path)


# --- Answer imports ------------------------------------------------------------------------


def get_answer_import_for_user(actor: Actor, pk: int) -> AnswerImport:
    """A pending or finished import of the association: the office only (403 for others)."""
    try:
        found = AnswerImport.objects.select_related("questionnaire__measurement").get(
            pk=pk, questionnaire__measurement__association_id=scope(actor)
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    require_surveys_admin(actor)
    return found


# --- Aggregated results (for everyone who may read results) ---------------------------------

AGGREGATE_BREAKDOWNS: tuple[str | None, ...] = (
    None,
    "county_part",
    "municipality",
    "party",
    "unit_type",
    "group",
)
AGGREGATE_HEADER = [
    "enkät",
    "fråga",
    "kod",
    "fördelning",
    "grupp",
    "steg",
    "antal",
    "andel",
    "giltiga_n",
    "saknas",
    "höga_värden_andel",
    "dolt",
]


def aggregate_rows(questionnaire: Questionnaire) -> list[list[Any]]:
    """Counts and shares per item, breakdown, group and step, read through the result
    selectors (so hidden groups carry no numbers: "dolt" = 1). One row per step."""
    from mysam.insights.selectors import results

    rows: list[list[Any]] = []
    for question in results.results_questions(questionnaire):
        item = question.item
        if item.kind in (ItemKind.FREE_TEXT, ItemKind.NUMBER):
            continue
        for breakdown in AGGREGATE_BREAKDOWNS:
            table = results.item_distribution(question=question, breakdown=breakdown)
            groups = [table.total, *table.groups] if breakdown else [table.total]
            label = table.breakdown_label
            for group in groups:
                name = "Alla" if group is table.total else group.label
                for step in table.steps:
                    if group.hidden:
                        rows.append(
                            [questionnaire.title, item.text, item.code, label, name, step.label]
                            + [None] * 5
                            + [1]
                        )
                        continue
                    cell = next((c for c in group.cells if c.value == step.value), None)
                    rows.append(
                        [
                            questionnaire.title,
                            item.text,
                            item.code,
                            label,
                            name,
                            step.label,
                            cell.count if cell else 0,
                            round(cell.share, 4) if cell and cell.share is not None else None,
                            group.n,
                            group.missing,
                            round(group.high_share, 4) if group.high_share is not None else None,
                            0,
                        ]
                    )
    return rows


def aggregate_csv(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(AGGREGATE_HEADER)
    for row in rows:
        writer.writerow(["–" if v is None and row[-1] else ("" if v is None else v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def aggregate_xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Resultat")
    sheet.append(AGGREGATE_HEADER)
    for row in rows:
        sheet.append(["–" if v is None and row[-1] else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
