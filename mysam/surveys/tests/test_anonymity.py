"""Nothing links an answer to an invitation or an e-mail address (ARCHITECTURE.md).

Answers are submitted through the real pages; then the schema and the rows are inspected:
no column of the answer tables refers to invitations or holds an e-mail or a token, no
column holds a time finer than the date, the ids do not follow the order of submission,
and the invitation rows hold nothing that points at a response.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from mysam.conftest import World
from mysam.surveys.models import Answer, Draft, Invitation, Response
from mysam.surveys.tests.permission_objects_respond import build, invite

pytestmark = pytest.mark.django_db

ANSWER_TABLES = ("surveys_response", "surveys_answer")


def submit(client: Client, token: str, built, pick: int) -> None:  # type: ignore[no-untyped-def]
    address = reverse("respond:answer", args=[token])
    m1, m2 = built.municipalities[:2]
    areas = [m1.pk] if pick % 2 else [m1.pk, m2.pk]
    client.post(
        address,
        {"sida": 1, "action": "next", f"q{built.areas.pk}": areas, f"q{built.contact.pk}": "1"},
    )
    client.post(
        address,
        {"sida": 2, "action": "next", f"q{built.often.pk}": str(pick % 6 + 1)},
    )
    for number, area in enumerate(areas, start=3):
        client.post(
            address,
            {"sida": number, "action": "next", f"q{built.listen.pk}-m{area}": str(pick % 6 + 1)},
        )


@pytest.fixture
def submitted(world: World):  # type: ignore[no-untyped-def]
    built = build(world.association)
    tokens = []
    for n in range(30):
        token, _ = invite(built.questionnaire, email=f"person{n}@exempel.example")
        tokens.append(token)
    order = []
    for n, token in enumerate(tokens):
        before = set(Response.objects.values_list("pk", flat=True))
        submit(Client(), token, built, n)
        (new,) = set(Response.objects.values_list("pk", flat=True)) - before
        order.append(new)
    return built, tokens, order


def test_the_answer_tables_have_no_link_to_invitations_and_no_time(submitted) -> None:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        for table in ANSWER_TABLES:
            columns = connection.introspection.get_table_description(cursor, table)
            names = [c.name.lower() for c in columns]
            for name in names:
                assert "invitation" not in name, (table, name)
                assert "email" not in name and "mail" not in name, (table, name)
                assert "token" not in name and "hash" not in name, (table, name)
                assert "person" not in name and "user" not in name, (table, name)
            relations = connection.introspection.get_relations(cursor, table)
            targets = {target_table for _col, (_target_col, target_table) in relations.items()}
            assert not any("invitation" in t or "draft" in t for t in targets), (table, targets)
            assert not any(t.startswith("accounts_") for t in targets), (table, targets)
            for column in columns:
                internal = connection.introspection.get_field_type(column.type_code, column)
                assert internal not in ("DateTimeField", "TimeField"), (table, column.name)


def test_the_rows_hold_dates_only_and_ids_say_nothing_about_order(submitted) -> None:  # type: ignore[no-untyped-def]
    _built, _tokens, order = submitted
    assert len(order) == 30
    assert Response.objects.count() == 30
    # Not increasing (nor decreasing) in the order of submission.
    assert order != sorted(order) and order != sorted(order, reverse=True)
    ascending = sum(1 for a, b in zip(order, order[1:], strict=False) if b > a)
    assert 5 < ascending < 24  # about half, as for random ids
    answer_ids = list(Answer.objects.values_list("pk", flat=True))
    assert len(set(answer_ids)) == len(answer_ids) > 60
    assert max(answer_ids) > 10**12  # random 63-bit ids, not a counter
    for response in Response.objects.all():
        assert type(response.submitted_on) is datetime.date


def test_invitations_point_at_nothing_and_drafts_are_deleted(submitted) -> None:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, "surveys_invitation")
    targets = {target_table for _col, (_target_col, target_table) in relations.items()}
    assert not any("response" in t or "answer" in t for t in targets), targets
    fields = {f.name for f in Invitation._meta.get_fields()}
    assert not any("response" in f or "answer" in f.replace("answered_on", "") for f in fields)
    for invitation in Invitation.objects.all():
        assert type(invitation.answered_on) is datetime.date
        assert invitation.status == "answered"
    assert not Draft.objects.exists()
