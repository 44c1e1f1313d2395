"""The office imports a respondent list and starts a send-out in Chromium; axe-core finds
no WCAG 2.1 A/AA violation on any page of the flow, at desktop and phone width."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mysam.conftest import axe_violations, format_violations, page_problems, signed_in_context
from mysam.organisation.tests import factories as f
from mysam.surveys.models import Invitation, Mailing, MailingStatus
from mysam.surveys.tests.factories import make_measurement, make_questionnaire

CSV = (
    "namn;e-post;part;verksamhet;kommun\n"
    "Anna Ödmark;anna@hofors.example;Hofors kommun;Socialtjänst;Hofors\n"
    "Bertil Åkesson;bertil@region.example;Region Gävleborg;;Hofors\n"
)


def _no_violations(page, where: str) -> None:  # type: ignore[no-untyped-def]
    violations = axe_violations(page)
    assert not violations, f"{where}:\n{format_violations(violations)}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_office_imports_a_list_and_starts_a_send_out(chromium, live_server, world, tmp_path):  # type: ignore[no-untyped-def]
    f.UnitFactory(
        party=world.parties["municipality"], name="Socialtjänst", municipality=world.municipality
    )
    measurement = make_measurement(
        world.association,
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + datetime.timedelta(days=14),
    )
    questionnaire = make_questionnaire(measurement)
    file = tmp_path / "lista.csv"
    file.write_text(CSV, encoding="cp1252")

    context = signed_in_context(chromium, live_server, world.users["admin"])
    page = context.new_page()
    page.goto(live_server.url + reverse("surveys:sample", args=[questionnaire.pk]))
    _no_violations(page, "empty sample")
    page.click(f"a[href='{reverse('surveys:sample_import', args=[questionnaire.pk])}']")
    _no_violations(page, "upload")
    page.set_input_files("input[type=file]", str(file))
    page.click("#upload-button")
    page.wait_for_selector("#confirm-import")
    _no_violations(page, "preview")
    page.click("#confirm-import")
    page.wait_for_selector("#sample-table")
    assert page.inner_text("#count-total").strip() == "2"
    _no_violations(page, "sample list")

    page.goto(live_server.url + reverse("surveys:mailing_list", args=[questionnaire.pk]))
    _no_violations(page, "send-outs")
    page.check("input[name=kind][value=invitation]")
    page.click("#start-mailing")
    page.wait_for_selector("#mailing-bar")
    _no_violations(page, "progress")
    context.close()

    mailing = Mailing.objects.get()
    assert (mailing.status, mailing.sent) == (MailingStatus.DONE, 2)
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@hofors.example", "bertil@region.example"]
    assert Invitation.objects.filter(sent_at__isnull=False).count() == 2

    board, admin = world.users["board"], world.users["admin"]
    problems = page_problems(
        chromium,
        live_server,
        [
            (admin, reverse("surveys:sample", args=[questionnaire.pk])),
            (admin, reverse("surveys:mailing_list", args=[questionnaire.pk])),
            (admin, reverse("surveys:mailing_detail", args=[mailing.pk])),
            (board, reverse("surveys:tracking", args=[questionnaire.pk])),
            (admin, reverse("surveys:sample_add", args=[questionnaire.pk])),
            (
                admin,
                reverse(
                    "surveys:sample_exclude",
                    args=[questionnaire.pk, Invitation.objects.first().pk],
                ),
            ),
        ],
    )
    assert not problems, "\n".join(problems)
