"""Reading an uploaded spreadsheet into numbered rows of text.

Accepts Excel (.xlsx) and CSV: UTF-8 with or without byte-order mark, or Windows-1252 as
Excel on Windows writes it; semicolon, comma or tab as delimiter (detected from the header
line). Every cell becomes a stripped string; Excel date cells become ÅÅÅÅ-MM-DD. Row numbers
are the spreadsheet's own (the header is usually row 1), so messages point at the row the
office sees in Excel.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mysam.organisation.transfer import columns

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_COLUMNS = 60
MAX_CELL_CHARS = 1000
# How far down a header row is looked for (some lists have a title line above it).
HEADER_SEARCH_ROWS = 10
# The sheet the export writes its membership rows to; read first when a workbook has it.
PREFERRED_SHEET = "Medlemmar"


class ImportFileError(ValidationError):
    """The file as a whole cannot be read (wrong type, too large, no header ...)."""


@dataclass
class ParsedRow:
    number: int
    values: dict[str, str]


@dataclass
class ParsedFile:
    file_name: str
    columns: list[str]  # canonical keys found, in file order
    ignored_headers: list[str]
    rows: list[ParsedRow] = field(default_factory=list)


def read_upload(uploaded: IO[bytes], *, file_name: str, size: int, max_rows: int) -> ParsedFile:
    """Read an uploaded file; raise ImportFileError with a message the office can act on."""
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            _("The file is larger than %(limit)s MB. Split it into smaller files.")
            % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    data = uploaded.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(
            _("The file is larger than %(limit)s MB. Split it into smaller files.")
            % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    lower = file_name.lower()
    if data.startswith(b"PK\x03\x04"):
        if not lower.endswith((".xlsx", ".xlsm")):
            raise ImportFileError(_("Only Excel files (.xlsx) and CSV files can be imported."))
        table = _xlsx_rows(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _(
                "This is an old Excel file (.xls). Open it in Excel and save it as an "
                "Excel workbook (.xlsx) or as CSV, then upload that file."
            )
        )
    elif lower.endswith((".csv", ".txt")) and b"\x00" not in data[:4096]:
        table = _csv_rows(data)
    else:
        raise ImportFileError(_("Only Excel files (.xlsx) and CSV files can be imported."))
    return _parse_table(table, file_name=file_name, max_rows=max_rows)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())[:MAX_CELL_CHARS]


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(
            _("The Excel file could not be read. Open it in Excel, save it again and retry.")
        ) from exc
    try:
        sheet = (
            workbook[PREFERRED_SHEET]
            if PREFERRED_SHEET in workbook.sheetnames
            else workbook.worksheets[0]
        )
        for number, row in enumerate(
            sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1
        ):
            yield number, [_cell_text(v) for v in row]
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    text = _decode(data)
    lines = text.splitlines()
    sample = next((line for line in lines if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=sample.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            yield reader.line_num, [_cell_text(v) for v in row[:MAX_COLUMNS]]
    except csv.Error as exc:
        raise ImportFileError(
            _("The CSV file could not be read (%(error)s).") % {"error": exc}
        ) from exc


def _header_keys(cells: list[str]) -> list[str | None]:
    return [columns.HEADERS.get(columns.normalise(c)) if c else None for c in cells]


def _parse_table(
    table: Iterable[tuple[int, list[str]]], *, file_name: str, max_rows: int
) -> ParsedFile:
    rows = iter(table)
    header: list[str] | None = None
    keys: list[str | None] = []
    for number, cells in rows:
        keys = _header_keys(cells)
        if sum(k is not None for k in keys) >= 2:
            header = cells
            break
        if number >= HEADER_SEARCH_ROWS:
            break
    if header is None:
        raise ImportFileError(
            _(
                "No header row was found. The first row must name the columns, e.g. "
                "Förnamn, Efternamn, Part, E-post, Grupp, Roll."
            )
        )
    seen: dict[str, str] = {}
    for cell, key in zip(header, keys, strict=False):
        if key is None:
            continue
        if key in seen:
            raise ImportFileError(
                _("The columns “%(first)s” and “%(second)s” both mean %(column)s. Keep one.")
                % {"first": seen[key], "second": cell, "column": columns.label(key)}
            )
        seen[key] = cell
    found = [k for k in keys if k is not None]
    missing = []
    if "name" not in found and not {"first_name", "last_name"} <= set(found):
        missing.append(
            _("%(first)s and %(last)s (or %(name)s)")
            % {
                "first": columns.label("first_name"),
                "last": columns.label("last_name"),
                "name": columns.label("name"),
            }
        )
    if "party" not in found:
        missing.append(columns.label("party"))
    if missing:
        raise ImportFileError(
            _("The file lacks the column %(columns)s.") % {"columns": ", ".join(missing)}
        )
    parsed = ParsedFile(
        file_name=file_name,
        columns=found,
        ignored_headers=[c for c, k in zip(header, keys, strict=False) if c and k is None],
    )
    for number, cells in rows:
        values = {
            key: cell for key, cell in zip(keys, cells, strict=False) if key is not None and cell
        }
        if not values:
            continue
        if len(parsed.rows) >= max_rows:
            raise ImportFileError(
                _(
                    "The file has more than %(limit)s rows. Split it into several files of "
                    "at most %(limit)s rows."
                )
                % {"limit": max_rows}
            )
        parsed.rows.append(ParsedRow(number=number, values=values))
    if not parsed.rows:
        raise ImportFileError(_("The file has a header row but no rows of people."))
    return parsed
