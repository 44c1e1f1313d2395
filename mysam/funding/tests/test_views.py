"""The funding pages through HTTP: the flow as convener, office and board; forbidden
access; the decision letter; and query counts that do not grow with the data."""

from __future__ import annotations

import datetime
import os
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from mysam.funding.models import ApplicationStatus, FundingApplication
from mysam.funding.services import budgets as budget_services
from mysam.funding.services import interventions as int_services
from mysam.funding.tests import factories
from mysam.plans.services import budget_set

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def _token(response) -> str:  # type: ignore[no-untyped-def]
    return str(response.context["form"]["form_token"].value())


def _application_post(world, token: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        "form_token": token,
        "title": "Arbetsträning i Hofors",
        "applicant_group": str(world.group.pk),
        "target_group": "Unga vuxna",
        "purpose": "Fler i arbete",
        "method": "",
        "parties": [str(world.parties["region"].pk)],
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "expected_results": "",
        "contact_name": "Sören Ärlig",
        "contact_email": "",
        "line_0_description": "Handledare",
        "line_0_year": "2026",
        "line_0_amount": "324 651",
        "line_1_description": "Lokal",
        "line_1_year": "2026",
        "line_1_amount": "0,50",
    }


def test_a_convener_applies_the_office_prepares_and_the_board_decides(world, clients):
    convener = clients["convener"]
    response = convener.get(reverse("funding:application_create"))
    assert response.status_code == 200
    data = _application_post(world, _token(response))
    response = convener.post(reverse("funding:application_create"), data)
    assert response.status_code == 302
    app = FundingApplication.objects.get(title="Arbetsträning i Hofors")
    assert app.status == S.DRAFT and app.applicant_group == world.group
    # A double submit stores once.
    convener.post(reverse("funding:application_create"), data)
    assert FundingApplication.objects.filter(title="Arbetsträning i Hofors").count() == 1

    url = reverse("funding:application_submit", args=[app.pk])
    response = convener.post(url, {"form_token": _token(convener.get(url)), "comment": ""})
    app.refresh_from_db()
    assert app.status == S.SUBMITTED
    # Now the convener may no longer edit it.
    assert convener.get(reverse("funding:application_edit", args=[app.pk])).status_code == 403

    admin = clients["admin"]
    url = reverse("funding:application_prepare", args=[app.pk])
    admin.post(url, {"form_token": _token(admin.get(url)), "comment": "Till styrelsen"})
    app.refresh_from_db()
    assert app.status == S.PREPARATION

    board = clients["board"]
    url = reverse("funding:application_decide", args=[app.pk])
    response = board.post(
        url,
        {
            "form_token": _token(board.get(url)),
            "outcome": S.GRANTED_IN_PART,
            "amount": "300 000",
            "decision_date": "2026-03-12",
            "conditions": "Redovisning i januari",
            "decision_text": "",
        },
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == S.GRANTED_IN_PART
    assert app.granted_amount == Decimal("300000.00")
    assert not app.recorded_on_behalf
    page = convener.get(reverse("funding:application_detail", args=[app.pk]))
    assert page.status_code == 200
    assert "300 000 kr" in page.content.decode().replace("\u00a0", " ")
    assert [e.to_status for e in page.context["page"].events] == [
        S.DRAFT,
        S.SUBMITTED,
        S.PREPARATION,
        S.GRANTED_IN_PART,
    ]


def test_the_office_records_a_decision_on_behalf_of_the_board_with_the_minutes(world, clients):
    app = factories.application(association=world.association, status=S.PREPARATION)
    admin = clients["admin"]
    url = reverse("funding:application_decide", args=[app.pk])
    data = {
        "form_token": _token(admin.get(url)),
        "outcome": S.REJECTED,
        "amount": "",
        "decision_date": "2026-03-12",
        "conditions": "",
        "decision_text": "",
    }
    response = admin.post(url, data)
    assert response.status_code == 200  # refused: no quote from the minutes
    assert "decision_text" in response.context["form"].errors
    data["decision_text"] = "§ 12 Styrelsen avslår ansökan."
    data["form_token"] = _token(admin.get(url))
    assert admin.post(url, data).status_code == 302
    app.refresh_from_db()
    assert app.status == S.REJECTED and app.recorded_on_behalf


def test_a_wrong_decision_amount_is_shown_on_the_form(world, clients):
    app = factories.application(association=world.association, status=S.PREPARATION)
    board = clients["board"]
    url = reverse("funding:application_decide", args=[app.pk])
    response = board.post(
        url,
        {
            "form_token": _token(board.get(url)),
            "outcome": S.GRANTED_IN_PART,
            "amount": "",
            "decision_date": "2026-03-12",
        },
    )
    assert response.status_code == 200
    assert "amount" in response.context["form"].errors
    app.refresh_from_db()
    assert app.status == S.PREPARATION


def test_forbidden_access(world, clients):
    """Another association's application is 404, a member may not decide (403), anonymous
    visitors go to the login page."""
    mine = factories.application(
        association=world.association, group=world.group, status=S.PREPARATION
    )
    theirs = factories.application(
        association=world.other_association, group=world.other_group, status=S.PREPARATION
    )
    detail = reverse("funding:application_detail", args=[theirs.pk])
    assert clients["admin"].get(detail).status_code == 404
    assert (
        clients["board"].get(reverse("funding:application_decide", args=[theirs.pk])).status_code
        == 404
    )
    assert (
        clients["member"].get(reverse("funding:application_decide", args=[mine.pk])).status_code
        == 403
    )
    assert (
        clients["convener"].get(reverse("funding:application_decide", args=[mine.pk])).status_code
        == 403
    )
    assert (
        clients["outsider"].get(reverse("funding:application_detail", args=[mine.pk])).status_code
        == 404
    )
    response = clients["anonymous"].get(reverse("funding:index"))
    assert response.status_code == 302 and "login" in response["Location"]
    assert clients["member"].get(reverse("funding:budget_year", args=[2026])).status_code == 403
    ips = factories.intervention(association=world.other_association)
    assert (
        clients["admin"].get(reverse("funding:intervention_detail", args=[ips.pk])).status_code
        == 404
    )
    # A member's list shows only their group's applications.
    office_only = factories.application(association=world.association, title="Kansliets")
    rows = clients["member"].get(reverse("funding:application_list")).context["applications"]
    assert mine in rows and office_only not in rows


def test_attachments_are_checked_and_stored(world, clients, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    app = factories.application(association=world.association, group=world.group)
    convener = clients["convener"]
    url = reverse("funding:attachment_add", args=[app.pk])
    bad = convener.post(
        url,
        {
            "form_token": _token(convener.get(url)),
            "file": SimpleUploadedFile("virus.exe", b"MZ"),
        },
    )
    assert bad.status_code == 200 and bad.context["form"].errors
    good = convener.post(
        url,
        {
            "form_token": _token(convener.get(url)),
            "file": SimpleUploadedFile("budget.csv", b"a;b\n1;2\n"),
        },
    )
    assert good.status_code == 302
    attachment = app.attachments.get()
    response = convener.get(reverse("funding:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"a;b\n1;2\n"  # type: ignore[attr-defined]


def test_the_decision_letter_shows_the_amount(world, clients, tmp_path):
    app = factories.application(
        association=world.association,
        group=world.group,
        status=S.GRANTED,
        amounts=("324651",),
    )
    with translation.override("en"):
        response = clients["convener"].get(reverse("funding:application_letter", args=[app.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(response.content)
    if os.environ.get("MYSAM_SCREENSHOTS"):  # keep a copy to look at
        (Path(os.environ["MYSAM_SCREENSHOTS"]) / "letter.pdf").write_bytes(response.content)
    text = (
        subprocess.run(  # noqa: S603
            ["pdftotext", "-layout", str(pdf), "-"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.replace("\u00a0", " ")
        .replace("\u202f", " ")
    )
    assert "324 651 kr" in text
    assert world.association.name in text
    assert world.group.name in text
    assert "2026-03-01" in text
    assert "Redovisning senast 31 januari." in text
    # Not decided: no letter.
    draft = factories.application(association=world.association, group=world.group)
    assert (
        clients["convener"].get(reverse("funding:application_letter", args=[draft.pk])).status_code
        == 404
    )


def test_the_budget_page_shows_financing_allocations_and_warnings(world, clients):
    budget = budget_services.association_budget_set(
        association=world.association, year=2026, total=Decimal("1000000.01")
    )
    budget_services.municipality_weights_set(
        budget=budget, weights={world.municipality: Decimal("9400")}
    )
    budget_set(group=world.group, year=2026, amount=Decimal("324651"))
    ips = factories.intervention(association=world.association)
    int_services.intervention_budget_set(intervention=ips, year=2026, amount=Decimal("1000"))
    int_services.intervention_spending_add(
        intervention=ips, date=datetime.date(2026, 2, 1), amount=Decimal("1500"), description="x"
    )
    response = clients["board"].get(reverse("funding:budget_year", args=[2026]))
    assert response.status_code == 200
    overview = response.context["overview"]
    assert sum(r.amount for r in overview.financing) == Decimal("1000000.01")
    assert overview.municipalities[0].amount == overview.financing[2].amount
    kinds = {w.kind for w in overview.warnings}
    assert "over" in kinds  # the intervention spent 1 500 kr of 1 000 kr
    html = response.content.decode().replace("\u00a0", " ")
    assert "324 651 kr" in html


def test_the_office_sets_the_groups_budgets_through_plans(world, clients):
    admin = clients["admin"]
    url = reverse("funding:group_allocations", args=[2026])
    response = admin.get(url)
    response = admin.post(url, {"form_token": _token(response), f"g_{world.group.pk}": "324 651"})
    assert response.status_code == 302
    from mysam.plans.models import GroupBudget

    assert GroupBudget.objects.get(group=world.group, year=2026).amount == Decimal("324651.00")


def test_follow_up_entry_refuses_more_finished_than_started(world, clients):
    ips = factories.intervention(association=world.association)
    admin = clients["admin"]
    url = reverse("funding:follow_up_edit", args=[ips.pk])
    counts = dict.fromkeys(
        [
            "started_women",
            "started_men",
            "started_other",
            "finished_women",
            "finished_men",
            "finished_other",
            "to_work",
            "to_studies",
            "to_rehabilitation",
            "to_other",
        ],
        "0",
    )
    response = admin.post(
        url,
        {
            "form_token": _token(admin.get(url)),
            "year": "2026",
            "half": "1",
            **counts,
            "started_women": "2",
            "finished_women": "3",
        },
    )
    assert response.status_code == 200
    assert "finished_women" in response.context["form"].errors
    assert not ips.follow_up.exists()


# --- Query counts ---------------------------------------------------------------------------


def _fill(world, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        app = factories.application(
            association=world.association,
            group=world.group,
            title=f"Ansökan {i}",
            status=[S.DRAFT, S.SUBMITTED, S.GRANTED][i % 3],
        )
        ips = factories.intervention(
            association=world.association, name=f"Insats {i}", application=None
        )
        int_services.intervention_budget_set(intervention=ips, year=2026, amount=Decimal(1000 + i))
        int_services.intervention_spending_add(
            intervention=ips, date=datetime.date(2026, 3, 1), amount=Decimal(10), description="x"
        )
        int_services.follow_up_set(
            intervention=ips, year=2026, half=0, counts={"started_men": 2, "finished_men": 1}
        )
        assert app.pk


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("admin", "funding:index"),
        ("member", "funding:index"),
        ("board", "funding:application_list"),
        ("member", "funding:application_list"),
        ("member", "funding:intervention_list"),
        ("board", "funding:budget_year"),
    ],
)
def test_the_query_count_does_not_grow_with_the_data(
    world, clients, django_assert_num_queries, role, url
):
    budget_services.association_budget_set(
        association=world.association, year=2026, total=Decimal("1000000")
    )
    path = reverse(url, args=[2026]) if url == "funding:budget_year" else reverse(url)
    client = clients[role]
    _fill(world, 1)
    client.get(path)  # warm up (session, actor)
    with CaptureQueriesContext(connection) as small:
        assert client.get(path).status_code == 200
    _fill(world, 6)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(path).status_code == 200
