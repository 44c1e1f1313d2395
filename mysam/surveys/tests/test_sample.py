"""The sample: importing respondent lists, taking the managers from the groups, exclusions."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from mysam.organisation.tests import factories as f
from mysam.surveys.models import Audience, Invitation, InvitationStatus, SampleImport
from mysam.surveys.services import sample as services
from mysam.surveys.tests.factories import make_measurement, make_questionnaire

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire(world):
    return make_questionnaire(make_measurement(world.association))


def _csv(text: str, *, encoding: str = "utf-8", name: str = "lista.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def _upload(client, questionnaire, file):
    return client.post(reverse("surveys:sample_import", args=[questionnaire.pk]), {"file": file})


GOOD = (
    "namn;e-post;part;verksamhet;kommun\n"
    "Anna Ödmark;anna@hofors.se;Hofors kommun;Socialtjänst;Hofors\n"
    "Bertil Åkesson;Bertil@Region.se;Region Gävleborg;;Hofors\n"
)


@pytest.fixture
def unit(world):
    return f.UnitFactory(
        party=world.parties["municipality"], name="Socialtjänst", municipality=world.municipality
    )


def test_a_good_csv_is_previewed_then_imported_once(world, clients, questionnaire, unit):
    client = clients["admin"]
    response = _upload(client, questionnaire, _csv(GOOD))
    assert response.status_code == 302
    preview_url = response["Location"]
    preview = client.get(preview_url)
    assert preview.status_code == 200
    assert b'id="confirm-import"' in preview.content
    assert Invitation.objects.count() == 0  # nothing before the confirm
    confirm_url = preview_url + "bekrafta/"
    assert client.post(confirm_url).status_code == 302
    assert client.post(confirm_url).status_code == 302  # a double confirm imports once
    rows = {i.email: i for i in Invitation.objects.filter(questionnaire=questionnaire)}
    assert set(rows) == {"anna@hofors.se", "bertil@region.se"}
    assert rows["anna@hofors.se"].unit == unit
    assert rows["anna@hofors.se"].party == world.parties["municipality"]
    assert rows["bertil@region.se"].municipality == world.municipality
    assert len({i.token_hash for i in rows.values()}) == 2
    record = SampleImport.objects.get()
    assert (record.row_count, record.file_name, record.created_by) == (
        2,
        "lista.csv",
        world.users["admin"],
    )


def test_windows_1252_csv_with_comma_is_read(world, clients, questionnaire, unit):
    text = GOOD.replace(";", ",")
    response = _upload(clients["admin"], questionnaire, _csv(text, encoding="cp1252"))
    preview = clients["admin"].get(response["Location"])
    assert "Ödmark".encode() in preview.content
    assert b'id="confirm-import"' in preview.content


def test_xlsx_is_read(world, clients, questionnaire, unit):
    book = Workbook()
    sheet = book.active
    sheet.append(["Namn", "E-post", "Part", "Verksamhet", "Kommun"])
    sheet.append(["Anna Ödmark", "anna@hofors.se", "hofors KOMMUN", "socialtjänst", "hofors"])
    data = io.BytesIO()
    book.save(data)
    file = SimpleUploadedFile("lista.xlsx", data.getvalue())
    response = _upload(clients["admin"], questionnaire, file)
    clients["admin"].post(response["Location"] + "bekrafta/")
    invitation = Invitation.objects.get()
    assert (invitation.party, invitation.unit) == (world.parties["municipality"], unit)


def test_every_row_error_is_shown_and_nothing_is_imported(world, clients, questionnaire, unit):
    services.invitation_add(questionnaire=questionnaire, email="finns@hofors.se")
    text = (
        "namn;e-post;part;verksamhet;kommun\n"
        "Ok Person;ok@hofors.se;Hofors kommun;;\n"  # row 2: fine
        "Fel Adress;inte-en-adress;Hofors kommun;;\n"  # row 3
        "Okänd Part;x@y.se;Påhittade kommunen;;\n"  # row 4
        "Okänd Enhet;z@y.se;Hofors kommun;Ingen sådan;\n"  # row 5
        "Okänd Kommun;k@y.se;;;Atlantis\n"  # row 6
        "Dubblett;OK@hofors.se;Hofors kommun;;\n"  # row 7
        "Redan Med;finns@hofors.se;Hofors kommun;;\n"  # row 8
    )
    response = _upload(clients["admin"], questionnaire, _csv(text))
    plan = services.sample_plan(
        questionnaire=questionnaire,
        rows=services.sample_file_read(
            uploaded=io.BytesIO(text.encode()), file_name="a.csv", size=len(text)
        ).rows,
    )
    errors = {row.number: row.errors for row in plan.rows}
    assert errors[2] == []
    assert all(errors[n] for n in range(3, 9)), errors
    assert "row 2" in " ".join(errors[7]) or "rad 2" in " ".join(errors[7])
    preview = clients["admin"].get(response["Location"])
    assert b'id="import-errors"' in preview.content
    assert b'id="confirm-import"' not in preview.content
    # Confirming anyway (an old form) imports nothing.
    rejected = clients["admin"].post(response["Location"] + "bekrafta/")
    assert rejected.status_code == 400
    assert Invitation.objects.filter(questionnaire=questionnaire).count() == 1


def test_an_unreadable_file_is_refused(clients, questionnaire):
    response = _upload(clients["admin"], questionnaire, _csv("bara en rad\n"))
    assert response.status_code == 200
    assert b"field--error" in response.content


def test_managers_are_taken_from_current_group_memberships(world, clients, questionnaire):
    world.people["member"].email = "asa@hofors.se"
    world.people["member"].save()
    world.people["convener"].email = ""
    world.people["convener"].save()
    second = f.CooperationGroupFactory(association=world.association, name="Mysam Två")
    f.MembershipFactory(group=second, person=world.people["member"])  # one invitation only
    inactive = f.CooperationGroupFactory(association=world.association, is_active=False)
    f.MembershipFactory(
        group=inactive, person=f.PersonFactory(association=world.association, email="x@x.se")
    )
    managers = make_questionnaire(questionnaire.measurement, audience=Audience.MANAGERS)
    response = clients["admin"].post(reverse("surveys:sample_from_groups", args=[managers.pk]))
    assert response.status_code == 302
    invitation = Invitation.objects.get(questionnaire=managers)
    assert invitation.email == "asa@hofors.se"
    assert invitation.person == world.people["member"]
    assert invitation.party == world.parties["municipality"]
    assert invitation.municipality == world.municipality  # from the party
    result = services.sample_take_from_groups(questionnaire=managers)
    assert (result.added, result.already, result.without_email) == (0, 1, ["Sören Ärlig"])


def test_exclusions_adjust_the_sample_and_can_be_undone(world, clients, questionnaire):
    for n in range(5):
        services.invitation_add(questionnaire=questionnaire, email=f"p{n}@hofors.se")
    first = Invitation.objects.order_by("email").first()
    url = reverse("surveys:sample_exclude", args=[questionnaire.pk, first.pk])
    assert clients["admin"].post(url, {"reason": "other"}).status_code == 200  # needs a text
    assert clients["admin"].post(url, {"reason": "on_leave"}).status_code == 302
    first.refresh_from_db()
    assert (first.status, first.excluded_reason) == (InvitationStatus.EXCLUDED, "on_leave")
    page = clients["admin"].get(reverse("surveys:sample", args=[questionnaire.pk]))
    assert page.context["counts"].adjusted == 4
    assert "5 → 4" in page.content.decode()
    clients["admin"].post(reverse("surveys:sample_include", args=[questionnaire.pk, first.pk]))
    first.refresh_from_db()
    assert (first.status, first.excluded_reason) == (InvitationStatus.INVITED, "")


def test_an_answered_person_cannot_be_excluded(world, questionnaire):
    invitation = services.invitation_add(questionnaire=questionnaire, email="a@hofors.se")
    Invitation.objects.filter(pk=invitation.pk).update(status=InvitationStatus.ANSWERED)
    with pytest.raises(Exception, match="cannot be excluded|kan inte"):
        services.invitation_exclude(invitation=invitation, reason="on_leave")


def test_a_person_is_added_by_hand_once(world, clients, questionnaire):
    url = reverse("surveys:sample_add", args=[questionnaire.pk])
    form = clients["admin"].get(url).context["form"]
    data = {
        "name": "Ny Person",
        "email": "Ny@Hofors.se",
        "party": world.parties["region"].pk,
        "form_token": form["form_token"].initial,
    }
    assert clients["admin"].post(url, data).status_code == 302
    assert clients["admin"].post(url, data).status_code == 302
    assert Invitation.objects.get().email == "ny@hofors.se"
    duplicate = clients["admin"].post(url, {**data, "form_token": "b" * 32})
    assert duplicate.status_code == 200
    assert Invitation.objects.count() == 1


def test_the_sample_list_never_shows_who_answered(world, clients, questionnaire):
    answered = services.invitation_add(questionnaire=questionnaire, email="svarat@hofors.se")
    services.invitation_add(questionnaire=questionnaire, email="inte@hofors.se")
    Invitation.objects.filter(pk=answered.pk).update(status=InvitationStatus.ANSWERED)
    page = clients["admin"].get(reverse("surveys:sample", args=[questionnaire.pk]))
    html = page.content.decode()
    rows = re.findall(r'<tr id="invitation-(\d+)">(.*?)</tr>', html, flags=re.S)
    assert len(rows) == 2
    # Both rows read the same apart from the address and the id in the links.
    normalised = {
        re.sub(r"svarat@hofors\.se|inte@hofors\.se", "E", body).replace(f"urval/{pk}/", "urval/N/")
        for pk, body in rows
    }
    assert len(normalised) == 1, normalised


@pytest.mark.parametrize("size", [3, 30])
def test_the_sample_list_has_a_fixed_query_count(
    world, clients, questionnaire, size, django_assert_num_queries
):
    for n in range(size):
        services.invitation_add(
            questionnaire=questionnaire, email=f"p{n}@hofors.se", party=world.parties["region"]
        )
    client = clients["admin"]
    url = reverse("surveys:sample", args=[questionnaire.pk])
    client.get(url)
    with django_assert_num_queries(_count(client, url)):
        client.get(url)


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def test_sample_query_count_does_not_grow(world, clients, questionnaire):
    client = clients["admin"]
    url = reverse("surveys:sample", args=[questionnaire.pk])
    services.invitation_add(questionnaire=questionnaire, email="a@hofors.se")
    small = _count(client, url)
    for n in range(40):
        services.invitation_add(
            questionnaire=questionnaire, email=f"p{n}@hofors.se", party=world.parties["region"]
        )
    assert _count(client, url) == small


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("member", 403), ("outsider", 403), ("other_admin", 404)],
)
def test_forbidden_access(world, clients, questionnaire, role, status):
    invitation = services.invitation_add(questionnaire=questionnaire, email="a@hofors.se")
    urls = [
        reverse("surveys:sample", args=[questionnaire.pk]),
        reverse("surveys:sample_import", args=[questionnaire.pk]),
        reverse("surveys:sample_add", args=[questionnaire.pk]),
        reverse("surveys:sample_exclude", args=[questionnaire.pk, invitation.pk]),
    ]
    for url in urls:
        response = clients[role].get(url)
        assert response.status_code == status, url
        if role == "anonymous":
            assert "/login" in response["Location"] or "logga-in" in response["Location"]


def test_board_reads_but_cannot_change(world, clients, questionnaire):
    assert (
        clients["board"].get(reverse("surveys:sample", args=[questionnaire.pk])).status_code == 200
    )
    response = clients["board"].post(reverse("surveys:sample_from_groups", args=[questionnaire.pk]))
    assert response.status_code == 403
