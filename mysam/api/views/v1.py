"""The read-only JSON API under /api/v1/ (django-ninja), with a CSV twin of every table.

Every table in ``TABLES`` gets three GET operations: ``/<table>`` (a page of JSON rows),
``/<table>.csv`` (the same rows and fields as CSV) and, for tables with ids,
``/<table>/{id}``. Only a valid token (``Authorization: Bearer …``) reads anything; a
token reads only its own association. No session authentication: a signed-in browser gets
401 like anyone else, so no cross-site request can read the API with a user's cookie.
"""

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from pydantic import create_model

from mysam.api.access import token_from_secret
from mysam.api.csvrender import csv_response
from mysam.api.models import ApiToken
from mysam.api.selectors import base, surveys
from mysam.api.tables import TABLES


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; the token's association scopes every read."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return token_from_secret(token)


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


class ErrorOrValidation(Schema):
    detail: str | list[dict[str, Any]]


CSV_RESPONSE = {
    "responses": {
        200: {
            "description": "The rows as CSV: UTF-8 with BOM, ';' between fields.",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}

api = NinjaAPI(
    title="Mysam API",
    version="1",
    description=(
        "Read-only figures of one association for Power BI and other tools. Authenticate "
        "with the header `Authorization: Bearer <token>` (the office creates tokens). Lists "
        "are paged with limit/offset and ordered stably; `next` is the URL of the next page "
        "or null. Every table is also available as CSV at the same path with `.csv`."
    ),
    urls_namespace="api",
    # No Swagger UI: it loads its scripts from a CDN, and this schema is the contract.
    docs_url=None,
    openapi_url="/openapi.json",
    auth=TokenAuth(),
)


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = api.create_response(
        request, {"detail": "Missing, unknown, revoked or expired token."}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="mysam"'
    return response


def _association_id(request: HttpRequest) -> int:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return token.association_id


def _next_url(request: HttpRequest, total: int, filters: base.Paging) -> str | None:
    following = filters.offset + filters.limit
    if following >= total:
        return None
    query = request.GET.copy()
    query["offset"] = str(following)
    query["limit"] = str(filters.limit)
    return request.build_absolute_uri(request.path) + "?" + urlencode(sorted(query.items()))


def _register(table: base.Table) -> None:
    item = table.item
    filters_schema = table.filters
    name = table.path.replace("-", "_")
    page_schema = create_model(
        f"{item.__name__.removesuffix('Item')}Page",
        __base__=Schema,
        count=(int, Field(..., description="Rows matching the filters, all pages.")),
        limit=(int, ...),
        offset=(int, ...),
        next=(str | None, Field(..., description="URL of the next page, or null.")),
        results=(list[item], ...),  # type: ignore[valid-type]
    )
    fields = list(item.model_fields)
    tags = [table.title]

    # The CSV has no default page size: a spreadsheet wants the whole table at once.
    csv_filters_schema = create_model(
        f"{filters_schema.__name__}Csv",
        __base__=filters_schema,
        limit=(
            int | None,
            Field(None, ge=1, le=base.MAX_CSV_LIMIT, description="Rows (default: all)."),
        ),
    )

    def list_rows(request: HttpRequest, filters: Query[filters_schema]) -> Any:  # type: ignore[valid-type]
        paging: base.Paging = filters
        total, rows = base.page(table, _association_id(request), paging)
        return {
            "count": total,
            "limit": paging.limit,
            "offset": paging.offset,
            "next": _next_url(request, total, paging),
            "results": rows,
        }

    def csv_rows(request: HttpRequest, filters: Query[csv_filters_schema]) -> HttpResponse:  # type: ignore[valid-type]
        _total, rows = base.page(table, _association_id(request), filters)
        out = [item.model_validate(row).model_dump(mode="json") for row in rows]
        stamp = timezone.localdate().isoformat()
        return csv_response(fields, out, f"mysam-{table.path}-{stamp}.csv")

    def one_row(request: HttpRequest, id: int = Path(..., ge=1, le=2**31 - 1)) -> Any:
        row = base.one(table, _association_id(request), id)
        if row is None:
            raise HttpError(404, "Not found.")
        return row

    errors = {401: ErrorOut, 422: ValidationErrorOut}
    api.get(
        f"/{table.path}",
        response={200: page_schema, **errors},
        url_name=f"{name}_list",
        operation_id=f"{name}_list",
        summary=table.title,
        description=table.description,
        tags=tags,
    )(list_rows)
    api.get(
        f"/{table.path}.csv",
        response={401: ErrorOut, 422: ValidationErrorOut},
        url_name=f"{name}_csv",
        operation_id=f"{name}_csv",
        summary=f"{table.title} (CSV)",
        description=table.description,
        tags=tags,
        openapi_extra=CSV_RESPONSE,
    )(csv_rows)
    if table.detail:
        api.get(
            f"/{table.path}/{{int:id}}",
            response={200: item, 404: ErrorOut, **errors},
            url_name=f"{name}_detail",
            operation_id=f"{name}_detail",
            summary=f"{table.title}: one row",
            tags=tags,
        )(one_row)


for _table in TABLES:
    _register(_table)


SURVEY_TAGS = ["Survey results"]
SURVEY_DESCRIPTION = (
    "Counts per answer step of one question of a closed measurement: first the whole "
    "association (is_total), then each group of the breakdown (none, county_part, "
    "municipality, party, unit_type, group). Groups smaller than the association's "
    "threshold, and the groups needed to keep them from being recovered by subtraction, "
    "have suppressed: true and null counts. share is of the valid answers (n); "
    "dont_know and blank are the missing answers."
)


class SurveyFilters(Schema):
    breakdown: surveys.BreakdownName = Field("none", description="How to split the answers.")


def _survey_results(request: HttpRequest, id: int, breakdown: str) -> dict[str, Any]:
    question = surveys.question_for_results(_association_id(request), id)
    if question is None:
        raise HttpError(404, "Not found.")
    try:
        return surveys.results(question, breakdown)  # type: ignore[arg-type]
    except ValueError as error:  # e.g. a breakdown the questionnaire cannot give
        raise HttpError(422, str(error)) from None


@api.get(
    "/survey-results/{int:id}",
    response={200: surveys.ResultsOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOrValidation},
    url_name="survey_results",
    operation_id="survey_results",
    summary="Survey results of one question",
    description=SURVEY_DESCRIPTION,
    tags=SURVEY_TAGS,
)
def survey_results(
    request: HttpRequest,
    filters: Query[SurveyFilters],
    id: int = Path(..., ge=1, le=2**31 - 1),
) -> Any:
    return _survey_results(request, id, filters.breakdown)


@api.get(
    "/survey-results/{int:id}.csv",
    response={401: ErrorOut, 404: ErrorOut, 422: ErrorOrValidation},
    url_name="survey_results_csv",
    operation_id="survey_results_csv",
    summary="Survey results of one question (CSV)",
    description=SURVEY_DESCRIPTION,
    tags=SURVEY_TAGS,
    openapi_extra=CSV_RESPONSE,
)
def survey_results_csv(
    request: HttpRequest,
    filters: Query[SurveyFilters],
    id: int = Path(..., ge=1, le=2**31 - 1),
) -> HttpResponse:
    body = _survey_results(request, id, filters.breakdown)
    rows = [
        surveys.ResultRow.model_validate(row).model_dump(mode="json") for row in body["results"]
    ]
    return csv_response(
        list(surveys.ResultRow.model_fields), rows, f"mysam-survey-results-{id}.csv"
    )
