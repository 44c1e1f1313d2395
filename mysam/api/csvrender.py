"""CSV for every API table: UTF-8 with a byte order mark, ';' between fields.

';' and the BOM make Swedish Excel open the file straight into columns with å, ä and ö
intact; Power BI reads it with Csv.Document(..., [Delimiter=";", Encoding=65001]). Values
are the JSON values: ISO dates, '.' as decimal point, true/false, empty for null."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

BOM = "\ufeff"
DELIMITER = ";"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def render_csv(fields: list[str], rows: Iterable[dict[str, Any]]) -> str:
    """The CSV text (with BOM) of JSON-ready rows, in the order of ``fields``."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in fields])
    return out.getvalue()


def csv_response(fields: list[str], rows: Iterable[dict[str, Any]], filename: str) -> HttpResponse:
    response = HttpResponse(
        render_csv(fields, rows).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
