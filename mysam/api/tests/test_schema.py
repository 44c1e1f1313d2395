"""The API against its own OpenAPI schema: schemathesis generates the requests.

schemathesis (4.x) reads /api/v1/openapi.json from the WSGI app and, for every operation,
lets Hypothesis generate valid requests from the schema (path ids, limit/offset, year,
group, municipality, breakdown), sends them with a valid token and runs its checks: no
server error, a documented status code, a documented content type and a body matching the
documented schema. Generated ids are mostly unknown, so half of the path parameters are
swapped for ids of the association's own rows (read from the lists), which must answer
200, and so are half of the group and municipality filters.

Generation is derandomized (same cases every run) and kept small (``MAX_EXAMPLES`` per
operation) so the test stays fast; a second test asks each operation once with no filters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mysam.api.tests.data import populate
from mysam.api.tests.helpers import api_get, json_of, make_token
from mysam.conftest import World
from mysam.insights.tests.results_data import answered_survey
from mysam.wsgi import application

pytestmark = pytest.mark.django_db
MAX_EXAMPLES = 10
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
CONFIG = {
    # Valid requests only (the schema's contract); one run is always the same cases.
    "generation": {
        "mode": "positive",
        "max-examples": MAX_EXAMPLES,
        "deterministic": True,
        "database": "none",
    },
    # Explicit examples and random fuzzing; no coverage phase (it also sends wrong methods
    # and invalid values) and no stateful phase (GET only, no links).
    "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
}
FILTERS = {"group": "groups", "municipality": "municipalities"}
DETAIL = re.compile(r"^/api/v1/(?P<table>[a-z-]+)/\{id\}(?:\.csv)?$")


def _known_ids(secret: str) -> dict[str, list[int]]:
    """Ids of the association's rows per table path, from the lists themselves."""
    schema = json_of(api_get("/api/v1/openapi.json", None))
    known: dict[str, list[int]] = {}
    for path in schema["paths"]:
        match = DETAIL.match(path)
        if match is None:
            continue
        table = match["table"]
        source = "survey-questions" if table == "survey-results" else table
        page = json_of(api_get(f"/api/v1/{source}", secret, limit=1000))
        known[table] = [row["id"] for row in page["results"]]
    return known


@pytest.fixture
def secret(world: World) -> str:
    return make_token(world.association)


@pytest.fixture
def known_ids(world: World, secret: str) -> dict[str, list[int]]:
    populate(world, 2)
    answered_survey(world.association)
    known = _known_ids(secret)
    assert all(known.values()), known
    return known


@pytest.fixture
def wsgi_app(known_ids: dict[str, list[int]]) -> Iterator[Any]:
    """The bare WSGI app, whose request signals would close the database connection (on
    PostgreSQL, the test's transaction with it). Like Django's test client, disconnect
    that receiver; after `known_ids`, whose test client calls connect it again."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(known_ids: dict[str, list[int]], wsgi_app: Any) -> Any:
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", wsgi_app, config=SchemathesisConfig.from_dict(CONFIG)
    )

    @schema.hook
    def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> Any:
        match = DETAIL.match(context.operation.path)
        if match is None:
            return st.just(path_parameters)
        own = st.sampled_from(known_ids[match["table"]])
        return st.one_of(st.just(path_parameters), own.map(lambda pk: {"id": pk}))

    @schema.hook
    def flatmap_query(context: Any, query: dict[str, Any] | None) -> Any:
        # Filters by the association's own group or municipality, not only unknown ids.
        fixed = st.fixed_dictionaries(
            {
                key: st.one_of(st.just(value), st.sampled_from(known_ids[FILTERS[key]]))
                if key in FILTERS
                else st.just(value)
                for key, value in (query or {}).items()
            }
        )
        return fixed if query else st.just(query)

    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_generated_requests_conform_to_the_schema(
    case: Any, secret: str, known_ids: dict[str, list[int]]
) -> None:
    response = case.call_and_validate(headers={"Authorization": f"Bearer {secret}"}, checks=CHECKS)
    match = DETAIL.match(case.operation.path)
    if match is None:
        # A list with valid filters always answers, even when they match nothing.
        assert response.status_code == 200, (case.operation.label, case.query)
    elif case.path_parameters["id"] in known_ids[match["table"]]:
        allowed = {200, 422} if match["table"] == "survey-results" else {200}
        # 422 only for a breakdown the questionnaire cannot give.
        assert response.status_code in allowed, (case.operation.label, case.path_parameters)
    else:
        assert response.status_code == 404, (case.operation.label, case.path_parameters)


def test_every_list_and_a_known_row_answer_200(
    secret: str, known_ids: dict[str, list[int]], wsgi_app: Any
) -> None:
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", wsgi_app, config=SchemathesisConfig.from_dict(CONFIG)
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 60
    failures: list[str] = []
    for operation in operations:
        match = DETAIL.match(operation.path)
        path = {"id": known_ids[match["table"]][0]} if match else None
        case = operation.Case(path_parameters=path)
        response = case.call(headers={"Authorization": f"Bearer {secret}"})
        if response.status_code != 200:
            failures.append(f"{operation.label} {path}: {response.status_code}")
        try:
            case.validate_response(response, checks=CHECKS)
        except Exception as error:  # noqa: BLE001 (collect every failure)
            failures.append(f"{operation.label} {path}: {error}")
    assert failures == []
