"""Response rates: counts per party, unit and municipality; small groups hidden; no people."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from mysam.organisation.tests import factories as f
from mysam.surveys.models import Invitation, InvitationStatus, Response
from mysam.surveys.selectors.tracking import tracking
from mysam.surveys.services import sample as sample_services
from mysam.surveys.tests.factories import make_measurement, make_questionnaire

pytestmark = pytest.mark.django_db
S = InvitationStatus


@pytest.fixture
def questionnaire(world):
    return make_questionnaire(make_measurement(world.association))


def _add(questionnaire, party, statuses, *, unit=None, prefix="p"):
    for n, status in enumerate(statuses):
        invitation = sample_services.invitation_add(
            questionnaire=questionnaire,
            email=f"{prefix}{party.pk}-{n}@x.se",
            party=party,
            unit=unit,
        )
        if status == S.EXCLUDED:
            sample_services.invitation_exclude(invitation=invitation, reason="on_leave")
        elif status != S.INVITED:
            Invitation.objects.filter(pk=invitation.pk).update(status=status)


def test_counts_and_rates_per_party(world, questionnaire):
    region, fk = world.parties["region"], world.parties["fk"]
    _add(
        questionnaire,
        region,
        [S.ANSWERED] * 5
        + [S.SCREENED_OUT] * 2
        + [S.STARTED] * 1
        + [S.INVITED] * 2
        + [S.EXCLUDED] * 1,
    )
    _add(questionnaire, fk, [S.ANSWERED, S.INVITED])  # 2 invited: below the threshold
    # Every submission is a Response row: 6 complete and 2 screened out came through the
    # personal links, one complete answer through the open link (counted separately).
    day = timezone.localdate()
    for status, n in (("complete", 7), ("screened_out", 2)):
        for _n in range(n):
            Response.objects.create(questionnaire=questionnaire, submitted_on=day, status=status)
    result = tracking(questionnaire, titles={})
    overall = result.overall
    assert (overall.invited, overall.excluded, overall.answered) == (12, 1, 8)
    assert (overall.screened_out, overall.incomplete, overall.valid) == (2, 1, 6)
    party_rows = {r.label: r for r in result.breakdowns[0].rows}
    assert party_rows["Region Gävleborg"].invited == 10
    assert party_rows["Region Gävleborg"].rate == pytest.approx(0.7)
    assert party_rows["Försäkringskassan"].hidden
    # Complementary suppression: the hidden group's 2 could be recovered from the total,
    # so another group is hidden as well.
    assert party_rows["Region Gävleborg"].hidden
    assert (result.open_link_complete, result.open_link_screened) == (1, 0)


def test_the_page_shows_dashes_for_small_groups_and_the_denominator(world, clients, questionnaire):
    region, fk, af = world.parties["region"], world.parties["fk"], world.parties["af"]
    _add(questionnaire, region, [S.ANSWERED] * 5 + [S.INVITED] * 2)
    _add(questionnaire, af, [S.ANSWERED] * 3 + [S.INVITED] * 3)
    _add(questionnaire, fk, [S.ANSWERED])
    with override("en"):
        page = clients["board"].get(reverse("surveys:tracking", args=[questionnaire.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "9 av 14" in html  # overall
    party_table = re.search(r'<table id="rates-party">(.*?)</table>', html, re.S).group(1)
    fk_row = re.search(r"Försäkringskassan</th>(.*?)</tr>", party_table, re.S).group(1)
    assert "1" not in re.sub(r"<[^>]+>", "", fk_row)
    assert "–" in fk_row
    assert "hidden" in html
    # Nothing on the page names a person.
    assert "@x.se" not in html


@pytest.mark.parametrize("role", ["member", "convener", "outsider"])
def test_members_cannot_see_response_rates(clients, questionnaire, role):
    assert (
        clients[role].get(reverse("surveys:tracking", args=[questionnaire.pk])).status_code == 403
    )


def test_other_association_and_anonymous(clients, questionnaire):
    url = reverse("surveys:tracking", args=[questionnaire.pk])
    assert clients["other_admin"].get(url).status_code == 404
    assert clients["anonymous"].get(url).status_code == 302


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_query_count_is_the_same_for_two_sizes(world, clients, questionnaire):
    url = reverse("surveys:tracking", args=[questionnaire.pk])
    _add(questionnaire, world.parties["region"], [S.ANSWERED, S.INVITED])
    small = _queries(clients["admin"], url)
    for n in range(4):
        municipality = f.MunicipalityFactory(association=world.association, name=f"Kommun {n}")
        party = f.PartyFactory(association=world.association, name=f"Part {n}")
        unit = f.UnitFactory(party=party, name=f"Enhet {n}", municipality=municipality)
        _add(questionnaire, party, [S.ANSWERED] * 6 + [S.STARTED] * 3, unit=unit)
    assert _queries(clients["admin"], url) == small
