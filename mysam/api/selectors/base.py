"""What every API table has: filters with paging, a stable order, and a page of rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from ninja import Field, Schema

MAX_LIMIT = 1000
MAX_CSV_LIMIT = 1_000_000


class Paging(Schema):
    # The CSV variant allows no limit: all rows.
    limit: int = Field(100, ge=1, le=MAX_LIMIT, description="Rows per page (at most 1000).")
    offset: int = Field(0, ge=0, le=10_000_000, description="Rows to skip.")


class YearFilters(Paging):
    year: int | None = Field(None, ge=1900, le=2200, description="Only this calendar year.")
    group: int | None = Field(None, ge=1, le=2**31 - 1, description="Only this group's rows (id).")
    municipality: int | None = Field(
        None, ge=1, le=2**31 - 1, description="Only rows of groups in this municipality (id)."
    )


@dataclass(frozen=True)
class Table:
    """One table of the API: its path, row schema, filters and the query behind it.

    ``rows(association_id, filters)`` returns an ordered ``values()`` queryset whose keys
    are the schema's fields; the order ends with a unique key so paging is stable."""

    path: str
    title: str
    description: str
    item: type[Schema]
    rows: Callable[[int, Any], QuerySet[Any]]
    filters: type[Paging] = Paging
    detail: bool = True


def page(table: Table, association_id: int, filters: Paging) -> tuple[int, list[dict[str, Any]]]:
    """The total count and one page of rows: two queries, whatever the page size. A page
    without a limit (CSV) holds every row from the offset on."""
    rows = table.rows(association_id, filters)
    total = rows.count()
    limit: int | None = filters.limit
    end = None if limit is None else filters.offset + limit
    return total, list(rows[filters.offset : end])


def one(table: Table, association_id: int, pk: int) -> dict[str, Any] | None:
    """One row by id within the association, or None (another association's row too)."""
    rows = list(table.rows(association_id, table.filters.model_validate({})).filter(id=pk)[:1])
    return rows[0] if rows else None


def count_by(queryset: QuerySet[Any], by: str) -> Coalesce:
    """A correlated COUNT of ``queryset`` rows whose ``by`` is the outer row: used instead of
    several JOIN + COUNT annotations, which would multiply each other."""
    counted = (
        queryset.filter(**{by: OuterRef("pk")})
        .order_by()
        .values(by)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def sum_by(queryset: QuerySet[Any], by: str, field: str) -> Coalesce:
    """A correlated SUM of ``field`` over ``queryset`` rows whose ``by`` is the outer row
    (0 when there are none)."""
    summed = (
        queryset.filter(**{by: OuterRef("pk")})
        .order_by()
        .values(by)
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(
        Subquery(summed, output_field=DecimalField(max_digits=14, decimal_places=2)),
        Value(Decimal(0)),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )
