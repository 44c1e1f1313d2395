"""Importing Trisam and population figures from CSV or Excel (see docs/statistics-import.md).

Reuses the organisation import's readers (UTF-8 with or without BOM, Windows-1252; ; , or
tab) and its upload storage between preview and confirm. All-or-nothing: the preview shows
every row's errors; confirming imports nothing while any row is wrong. Importing a key that
exists (team and month; measure, municipality and year) updates it, and the result says how
many rows changed.

Headers are Swedish or English and matched case-insensitively; they are the file format
and are not translated.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mysam.organisation.models import Association, Municipality, TrisamTeam
from mysam.organisation.services import AlreadySubmitted, form_submission_once
from mysam.organisation.transfer import storage
from mysam.organisation.transfer.columns import normalise
from mysam.organisation.transfer.reading import (
    MAX_FILE_BYTES,
    ImportFileError,
    ParsedFile,
    ParsedRow,
    _csv_rows,
    _xlsx_rows,
)
from mysam.organisation.transfer.storage import StoredUpload
from mysam.statistics.models import PopulationFigure, PopulationMeasure, TrisamMonth, month_start
from mysam.statistics.services.trisam import MonthFigures, check_figures

__all__ = ["AlreadySubmitted", "ImportFileError", "ImportRejected"]

TRISAM = "trisam"
POPULATION = "befolkning"
KINDS = (TRISAM, POPULATION)
MAX_ROWS = 5000
# The county's own row in a population file.
COUNTY_WORDS = {"länet", "län", "lanet", "county", "hela länet"}

HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    TRISAM: {
        "team": ("team", "trisamteam", "trisam-team", "trisam team", "teamnamn"),
        "month": ("month", "månad", "manad"),
        "discussed": ("discussed", "aktualiserade", "diskuterade", "individer diskuterade"),
        "took_part": ("took_part", "took part", "deltog", "deltagit", "deltog i eget möte"),
        "new": ("new", "nya", "nya ärenden"),
        "closed": ("closed", "avslutade", "avslutade ärenden"),
    },
    POPULATION: {
        "municipality": ("municipality", "kommun"),
        "measure": ("measure", "mått", "matt", "mått/indikator", "indikator"),
        "year": ("year", "år", "ar"),
        "value": ("value", "värde", "varde"),
    },
}
REQUIRED = {
    TRISAM: ("team", "month", "discussed", "took_part"),
    POPULATION: ("municipality", "measure", "year", "value"),
}


class ImportRejected(Exception):
    """Some rows are wrong: nothing was imported. ``plan`` holds every error."""

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__("import rejected")
        self.plan = plan


@dataclass
class PlanRow:
    number: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    action: str = ""  # "new", "update", "same"
    key: Any = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportPlan:
    kind: str
    rows: list[PlanRow]

    @property
    def errors(self) -> list[PlanRow]:
        return [r for r in self.rows if r.errors]

    def counts(self) -> dict[str, int]:
        counts = {"rows": len(self.rows), "new": 0, "update": 0, "same": 0, "errors": 0}
        for row in self.rows:
            counts["errors" if row.errors else row.action] += 1
        return counts


def kind_of(*, upload: StoredUpload) -> str:
    return TRISAM if "team" in upload.columns else POPULATION


def _read(kind: str, file: Any) -> ParsedFile:
    file_name = getattr(file, "name", "") or ""
    if file.size > MAX_FILE_BYTES:
        raise ImportFileError(
            _("The file is larger than %(limit)s MB. Split it into smaller files.")
            % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    data = file.read()
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        table = _xlsx_rows(data)
    elif file_name.lower().endswith((".csv", ".txt")) and b"\x00" not in data[:4096]:
        table = _csv_rows(data)
    else:
        raise ImportFileError(_("Only Excel files (.xlsx) and CSV files can be imported."))
    aliases = {normalise(a): key for key, names in HEADERS[kind].items() for a in names}
    rows = iter(table)
    keys: list[str | None] = []
    for _number, cells in rows:
        keys = [aliases.get(normalise(c)) if c else None for c in cells]
        if sum(k is not None for k in keys) >= 2:
            break
    else:
        keys = []
    missing = [k for k in REQUIRED[kind] if k not in keys]
    if missing:
        raise ImportFileError(
            _("The first row must name the columns %(columns)s; missing: %(missing)s.")
            % {"columns": ", ".join(HEADERS[kind]), "missing": ", ".join(missing)}
        )
    parsed = ParsedFile(file_name=file_name, columns=[k for k in keys if k], ignored_headers=[])
    for number, cells in rows:
        values = {k: c for k, c in zip(keys, cells, strict=False) if k is not None and c}
        if not values:
            continue
        if len(parsed.rows) >= MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(limit)s rows. Split it into several files.")
                % {"limit": MAX_ROWS}
            )
        parsed.rows.append(ParsedRow(number=number, values=values))
    if not parsed.rows:
        raise ImportFileError(_("The file has no rows below its header."))
    return parsed


def statistics_import_store(
    *, association: Association, user_id: int, kind: str, file: Any
) -> StoredUpload:
    """Read an uploaded Trisam or population file and keep its rows for the preview.
    Refuses (ImportFileError) other file types, files over 5 MB or 5 000 rows, and files
    without the required columns."""
    if kind not in KINDS:
        raise ValueError(kind)
    parsed = _read(kind, file)
    storage.uploads_prune()
    return storage.upload_save(parsed, user_id=user_id, association_id=association.pk)


def _int(row: PlanRow, key: str, label: str) -> int | None:
    text = row.values.get(key, "").replace(" ", "").replace("\u00a0", "")
    if not text:
        if key in ("new", "closed"):
            return 0
        row.errors.append(_("%(column)s is empty.") % {"column": label})
        return None
    if not re.fullmatch(r"\d+", text):
        row.errors.append(
            _("%(column)s must be a whole number of zero or more (not “%(value)s”).")
            % {"column": label, "value": text}
        )
        return None
    return int(text)


def _plan_trisam(association: Association, rows: list[PlanRow]) -> None:
    teams = {
        normalise(t.name): t
        for t in TrisamTeam.objects.filter(health_centre__association=association)
    }
    keys: list[tuple[int, datetime.date]] = []
    for row in rows:
        team = teams.get(normalise(row.values.get("team", "")))
        if team is None:
            row.errors.append(
                _("There is no Trisam team “%(name)s”. Write the team's name as in the register.")
                % {"name": row.values.get("team", "")}
            )
        text = row.values.get("month", "")
        match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?", text)
        month = None
        if match and 1 <= int(match[2]) <= 12 and 2000 <= int(match[1]) <= 2100:
            month = month_start(int(match[1]), int(match[2]))
        else:
            row.errors.append(
                _("The month must be written YYYY-MM, e.g. 2026-03 (not “%(value)s”).")
                % {"value": text}
            )
        numbers = [
            _int(row, "discussed", "discussed"),
            _int(row, "took_part", "took_part"),
            _int(row, "new", "new"),
            _int(row, "closed", "closed"),
        ]
        if all(n is not None for n in numbers):
            figures = MonthFigures(*[n or 0 for n in numbers])
            row.errors.extend(check_figures(figures=figures))
            row.data = figures.__dict__
        if team is not None and month is not None:
            row.key = (team.pk, month)
            keys.append(row.key)
    existing = {
        (r.team_id, r.month): r
        for r in TrisamMonth.objects.filter(
            team__health_centre__association=association, month__in={k[1] for k in keys}
        )
    }
    _mark(rows, existing, _("the same team and month as row %(row)s"))


def _plan_population(association: Association, rows: list[PlanRow]) -> None:
    measures = {
        normalise(m.name): m for m in PopulationMeasure.objects.filter(association=association)
    }
    municipalities: dict[str, Municipality] = {}
    for m in Municipality.objects.filter(association=association):
        municipalities[normalise(m.name)] = m
        if m.code:
            municipalities[m.code] = m
    for row in rows:
        measure = measures.get(normalise(row.values.get("measure", "")))
        if measure is None:
            row.errors.append(
                _("There is no measure “%(name)s”. Add it to the catalogue first.")
                % {"name": row.values.get("measure", "")}
            )
        name = normalise(row.values.get("municipality", ""))
        municipality = municipalities.get(name)
        county = name in COUNTY_WORDS
        if municipality is None and not county:
            row.errors.append(
                _(
                    "There is no municipality “%(name)s” in the association (write “Länet” "
                    "for the county's own figure)."
                )
                % {"name": row.values.get("municipality", "")}
            )
        year_text = row.values.get("year", "")
        year = int(year_text) if re.fullmatch(r"\d{4}", year_text) else None
        if year is None or not 1990 <= year <= 2100:
            row.errors.append(_("The year must be four digits, e.g. 2024."))
            year = None
        value_text = re.sub(r"[\s\u00a0]", "", row.values.get("value", "")).replace(",", ".")
        try:
            value = Decimal(value_text)
            if not value.is_finite() or abs(value) >= Decimal("1e12"):
                raise InvalidOperation
            value = value.quantize(Decimal("0.01"))
        except InvalidOperation:
            row.errors.append(
                _("The value must be a number, e.g. 1234 or 12,5 (not “%(value)s”).")
                % {"value": row.values.get("value", "")}
            )
        else:
            row.data = {"value": value}
        if measure is not None and (municipality is not None or county) and year is not None:
            row.key = (measure.pk, municipality.pk if municipality else None, year)
    existing = {
        (f.measure_id, f.municipality_id, f.year): f
        for f in PopulationFigure.objects.filter(measure__association=association)
    }
    _mark(rows, existing, _("the same measure, municipality and year as row %(row)s"))


def _mark(rows: list[PlanRow], existing: dict[Any, Any], duplicate: str) -> None:
    seen: dict[Any, int] = {}
    for row in rows:
        if row.key is None:
            continue
        if row.key in seen:
            row.errors.append(
                _("This row has %(what)s.") % {"what": duplicate % {"row": seen[row.key]}}
            )
            continue
        seen[row.key] = row.number
        current = existing.get(row.key)
        if current is None:
            row.action = "new"
        elif all(getattr(current, k) == v for k, v in row.data.items()):
            row.action = "same"
        else:
            row.action = "update"


def statistics_import_plan(*, association: Association, upload: StoredUpload) -> ImportPlan:
    """What importing the upload would do, with every row's errors (reads only)."""
    kind = kind_of(upload=upload)
    rows = [PlanRow(number=r.number, values=dict(r.values)) for r in upload.rows]
    if kind == TRISAM:
        _plan_trisam(association, rows)
    else:
        _plan_population(association, rows)
    return ImportPlan(kind=kind, rows=rows)


def statistics_import_apply(*, association: Association, upload: StoredUpload) -> dict[str, Any]:
    """Import the upload: all rows or none. Raises ImportRejected (nothing stored) when a
    row is wrong and AlreadySubmitted when this upload was imported before. Returns the
    counts of new, updated and unchanged rows."""
    if upload.imported:
        raise AlreadySubmitted(upload.token)

    def write() -> dict[str, Any]:
        plan = statistics_import_plan(association=association, upload=upload)
        if plan.errors:
            raise ImportRejected(plan)
        for row in plan.rows:
            if row.action == "same":
                continue
            if plan.kind == TRISAM:
                team_id, month = row.key
                TrisamMonth.objects.update_or_create(
                    team_id=team_id, month=month, defaults=row.data
                )
            else:
                measure_id, municipality_id, year = row.key
                PopulationFigure.objects.update_or_create(
                    measure_id=measure_id,
                    municipality_id=municipality_id,
                    year=year,
                    defaults=row.data,
                )
        result = {"kind": plan.kind, **plan.counts()}
        storage.upload_mark_imported(upload, result)
        return result

    with transaction.atomic():
        return form_submission_once(token=f"statistics-import-{upload.token}", write=write)


def check_kind(*, kind: str) -> str:
    """The import kind of a URL; ValidationError for any other word."""
    if kind not in KINDS:
        raise ValidationError(_("Unknown kind of import."))
    return kind
