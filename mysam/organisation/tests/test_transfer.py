"""Import of people and memberships from Excel/CSV, and export of the structure."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from mysam.accounts.models import AssociationRoleKind
from mysam.conftest import World, make_user
from mysam.organisation import models as org
from mysam.organisation.tests import factories as f
from mysam.organisation.transfer import storage
from mysam.organisation.transfer.planning import build_plan
from mysam.organisation.transfer.reading import ImportFileError, read_upload

HEADERS = [
    "Förnamn",
    "Efternamn",
    "Titel",
    "Part",
    "Verksamhet",
    "E-post",
    "Telefon",
    "Grupp",
    "Roll",
    "Ersätter",
    "Beslutsmandat",
    "Startdatum",
]
DOCS = Path(__file__).resolve().parents[3] / "docs" / "import"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def row(**values: Any) -> dict[str, Any]:
    base = {
        "Förnamn": "Karin",
        "Efternamn": "Lind",
        "Titel": "Enhetschef",
        "Part": "Region Gävleborg",
        "E-post": "karin.lind@example.se",
        "Grupp": "Mysam Hofors",
        "Roll": "ledamot",
        "Beslutsmandat": "ja",
        "Startdatum": "2025-01-01",
    }
    base.update(values)
    return base


def xlsx(rows: list[dict[str, Any]], headers: list[str] = HEADERS, sheet: str = "Blad1") -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    ws.append(headers)
    for values in rows:
        ws.append([values.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(
    rows: list[dict[str, Any]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8",
    headers: list[str] = HEADERS,
) -> bytes:
    lines = [delimiter.join(headers)]
    for values in rows:
        lines.append(delimiter.join(str(values.get(h) or "") for h in headers))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def upload(client: Client, content: bytes, name: str = "lista.xlsx") -> Any:
    return client.post(
        reverse("organisation:import_upload"), {"file": SimpleUploadedFile(name, content)}
    )


def token_of(response: Any) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"].rstrip("/").split("/")[-1]


def preview(client: Client, token: str) -> Any:
    return client.get(reverse("organisation:import_preview", args=[token]))


def confirm(client: Client, token: str) -> Any:
    return client.post(reverse("organisation:import_confirm", args=[token]))


def plan_for(world: World, content: bytes, name: str = "lista.xlsx", today=None):  # type: ignore[no-untyped-def]
    parsed = read_upload(io.BytesIO(content), file_name=name, size=len(content), max_rows=5000)
    return build_plan(
        association=world.association,
        rows=parsed.rows,
        file_columns=parsed.columns,
        today=today or datetime.date(2026, 1, 15),
    )


def snapshot(world: World) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    people = list(
        org.Person.objects.filter(association=world.association)
        .order_by("pk")
        .values_list(
            "pk", "first_name", "last_name", "title", "party_id", "unit_id", "email", "phone"
        )
    )
    memberships = list(
        org.Membership.objects.filter(group__association=world.association)
        .order_by("pk")
        .values_list(
            "pk",
            "group_id",
            "person_id",
            "role",
            "has_decision_mandate",
            "substitute_for_id",
            "start_date",
            "end_date",
        )
    )
    return people, memberships


CLEAN_ROWS = [
    row(),
    row(
        **{
            "Förnamn": "Per",
            "Efternamn": "Holm",
            "Part": "Försäkringskassan",
            "E-post": "per.holm@example.se",
            "Roll": "ersättare",
            "Ersätter": "Maja Ek",  # a member on a later row
            "Beslutsmandat": "nej",
        }
    ),
    row(
        **{
            "Förnamn": "Maja",
            "Efternamn": "Ek",
            "Titel": "Sektionschef",
            "Part": "Försäkringskassan",
            "E-post": "maja.ek@example.se",
            "Grupp": "Hofors",  # without the "Mysam " prefix
            "Roll": "Ordinarie",
        }
    ),
    row(
        **{
            "Förnamn": "Lars",
            "Efternamn": "Berg",
            "Part": "Hofors kommun",
            "E-post": "lars.berg@example.se",
            "Roll": "ersättare",
            "Ersätter": "karin.lind@example.se",  # a member on an earlier row, by e-mail
        }
    ),
    row(
        **{
            "Förnamn": "Eva",
            "Efternamn": "Sand",
            "Part": "Arbetsförmedlingen",
            "E-post": "eva.sand@example.se",
            "Grupp": "",
            "Roll": "",
            "Beslutsmandat": "",
            "Startdatum": "",
        }
    ),
]


# --- Upload and preview -------------------------------------------------------------------------


class TestErrors:
    ROWS = [
        row(),  # row 2: fine
        row(**{"Förnamn": "Nils", "E-post": "nils@example.se", "Part": "Regon Gävleborg"}),
        row(**{"Förnamn": "Ola", "Efternamn": "", "E-post": "ola@example.se"}),  # row 4
        row(**{"Förnamn": "Pia", "E-post": "pia(at)example.se"}),  # row 5
        row(**{"Förnamn": "Rut", "E-post": "rut@example.se", "Roll": "ordförande"}),  # row 6
        row(  # row 7: substitute for nobody
            **{
                "Förnamn": "Sam",
                "E-post": "sam@example.se",
                "Roll": "ersättare",
                "Ersätter": "Ingen Alls",
            }
        ),
        row(),  # row 8: Karin Lind twice in the group as ledamot
        row(**{"Förnamn": "Tor", "Efternamn": "Ny", "E-post": "karin.lind@example.se"}),  # row 9
        row(**{"Förnamn": "Ulf", "E-post": "ulf@example.se", "Startdatum": "1/2/2025"}),  # 10
        row(**{"Förnamn": "Vera", "E-post": "vera@example.se", "Grupp": "Mysam Hofor"}),  # 11
        row(**{"Förnamn": "Wera", "E-post": "wera@example.se", "Beslutsmandat": "kanske"}),  # 12
        row(**{"Förnamn": "Yngve", "E-post": "yngve@example.se", "Roll": "ersättare"}),  # 13
        row(**{"Förnamn": "Zara", "E-post": "zara@example.se", "Verksamhet": "Psykiatri"}),  # 14
    ]
    EXPECTED = {
        (3, "Part"),
        (4, "Efternamn"),
        (5, "E-post"),
        (6, "Roll"),
        (7, "Ersätter"),
        (8, "Grupp"),
        (9, "E-post"),
        (10, "Startdatum"),
        (11, "Grupp"),
        (12, "Beslutsmandat"),
        (13, "Ersätter"),
        (14, "Verksamhet"),
    }

    def test_it_lists_every_error_with_row_and_column(self, world: World) -> None:
        plan = plan_for(world, xlsx(self.ROWS))
        assert {(e.row, e.column) for e in plan.errors} == self.EXPECTED

    def test_it_suggests_the_party_meant(self, world: World) -> None:
        plan = plan_for(world, xlsx(self.ROWS))
        (error,) = [e for e in plan.errors if e.row == 3]
        assert "Regon Gävleborg" in error.message
        assert "Region Gävleborg" in error.message
        assert str(error).count("3") >= 1

    def test_it_shows_every_error_on_the_preview_and_stores_nothing(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        before = snapshot(world)
        token = token_of(upload(clients["admin"], xlsx(self.ROWS)))
        page = preview(clients["admin"], token)
        body = page.content.decode()
        assert page.status_code == 200
        assert "error-summary" in body
        for number, _column in self.EXPECTED:
            assert f'href="#rad-{number}"' in body
        assert "Regon Gävleborg" in body and "Mysam Hofors" in body
        assert reverse("organisation:import_confirm", args=[token]) not in body
        response = confirm(clients["admin"], token)
        assert response.status_code == 200
        assert "error-summary" in response.content.decode()
        assert snapshot(world) == before

    def test_a_row_that_became_wrong_since_the_preview_stops_the_import(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        extra = f.PartyFactory(association=world.association, name="Ockelbo kommun")
        rows = [
            row(),
            row(**{"Förnamn": "Ada", "E-post": "ada@example.se", "Part": "Ockelbo kommun"}),
        ]
        token = token_of(upload(clients["admin"], xlsx(rows)))
        assert "error-summary" not in preview(clients["admin"], token).content.decode()
        extra.name = "Ockelbo kommun (gammal)"
        extra.save()
        before = snapshot(world)
        response = confirm(clients["admin"], token)
        assert response.status_code == 200
        assert "Ockelbo kommun" in response.content.decode()
        assert snapshot(world) == before
        # Nothing was consumed: once the registry is right again, the same upload imports.
        extra.name = "Ockelbo kommun"
        extra.save()
        assert confirm(clients["admin"], token).status_code == 302
        assert org.Person.objects.filter(email="ada@example.se").exists()

    def test_it_refuses_duplicate_email_for_different_people(self, world: World) -> None:
        rows = [
            row(**{"Grupp": "", "Roll": ""}),
            row(**{"Förnamn": "Kerstin", "Grupp": "", "Roll": ""}),
        ]
        plan = plan_for(world, xlsx(rows))
        assert [(e.row, e.column) for e in plan.errors] == [(3, "E-post")]

    def test_the_same_person_in_two_groups_is_one_person(self, world: World) -> None:
        f.CooperationGroupFactory(association=world.association, name="Mysam Ockelbo")
        plan = plan_for(world, xlsx([row(), row(**{"Grupp": "Ockelbo", "Titel": ""})]))
        assert plan.errors == []
        assert len(plan.people) == 1
        assert len(plan.memberships) == 2

    def test_dates_in_the_future_are_fine(self, world: World) -> None:
        plan = plan_for(world, xlsx([row(Startdatum="2031-08-01")]))
        assert plan.errors == []
        assert plan.memberships[0].start_date == datetime.date(2031, 8, 1)

    def test_an_end_date_before_the_start_is_an_error(self, world: World) -> None:
        headers = [*HEADERS, "Slutdatum"]
        plan = plan_for(world, xlsx([row(Slutdatum="2024-01-01")], headers))
        assert [(e.row, e.column) for e in plan.errors] == [(2, "Slutdatum")]


class TestFiles:
    def test_it_refuses_other_file_types(self, clients: dict[str, Client]) -> None:
        for name, content in (
            ("lista.pdf", b"%PDF-1.4 something"),
            ("lista.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
            ("bild.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
        ):
            response = upload(clients["admin"], content, name)
            assert response.status_code == 200
            assert "error-summary" in response.content.decode()
        assert storage.uploads_prune(older_than=datetime.timedelta(0)) == 0

    def test_it_refuses_files_over_5_mb(self, clients: dict[str, Client]) -> None:
        content = csv_bytes([row()]) + b"x" * (5 * 1024 * 1024)
        response = upload(clients["admin"], content, "stor.csv")
        assert response.status_code == 200
        assert "5 MB" in response.content.decode()

    def test_it_refuses_more_rows_than_the_setting(
        self, settings, world: World, clients: dict[str, Client]
    ) -> None:
        settings.MYSAM_IMPORT_MAX_ROWS = 3
        rows = [row(**{"E-post": f"p{i}@example.se", "Förnamn": f"P{i}"}) for i in range(4)]
        response = upload(clients["admin"], xlsx(rows))
        assert response.status_code == 200
        assert "error-summary" in response.content.decode()
        settings.MYSAM_IMPORT_MAX_ROWS = 4
        assert upload(clients["admin"], xlsx(rows)).status_code == 302

    def test_it_refuses_a_file_without_the_party_column(self, world: World) -> None:
        content = xlsx([row()], ["Förnamn", "Efternamn", "E-post"])
        with pytest.raises(ImportFileError):
            read_upload(io.BytesIO(content), file_name="a.xlsx", size=len(content), max_rows=10)

    def test_it_reads_windows_1252_csv_with_semicolons(self, world: World) -> None:
        rows = [row(**{"Förnamn": "Åke", "Efternamn": "Öström", "Titel": "Enhetschef ÄO"})]
        content = csv_bytes(rows, delimiter=";", encoding="cp1252")
        plan = plan_for(world, content, "lista.csv")
        assert plan.errors == []
        assert (plan.people[0].first_name, plan.people[0].last_name) == ("Åke", "Öström")
        assert plan.people[0].title == "Enhetschef ÄO"

    def test_it_reads_utf8_csv_with_bom_and_commas(self, world: World) -> None:
        rows = [row(**{"Förnamn": "Åsa", "Efternamn": "Ängström"})]
        content = b"\xef\xbb\xbf" + csv_bytes(rows, delimiter=",")
        plan = plan_for(world, content, "lista.csv")
        assert plan.errors == []
        assert plan.people[0].first_name == "Åsa"

    def test_headers_are_matched_loosely(self, world: World) -> None:
        headers = ["  NAMN ", "befattning", "Huvudman", "e-postadress", "Mysam-grupp", "roll"]
        content = csv_bytes(
            [
                {
                    "  NAMN ": "Lind, Karin",
                    "befattning": "Chef",
                    "Huvudman": "region gävleborg",
                    "e-postadress": "Karin.Lind@Example.se",
                    "Mysam-grupp": "mysam hofors",
                    "roll": "Sammankallande",
                }
            ],
            headers=headers,
        )
        plan = plan_for(world, content, "lista.csv")
        assert plan.errors == []
        person = plan.people[0]
        assert (person.first_name, person.last_name, person.email) == (
            "Karin",
            "Lind",
            "karin.lind@example.se",
        )
        assert plan.memberships[0].role == org.MembershipRole.CONVENER

    def test_it_reads_excel_date_cells(self, world: World) -> None:
        plan = plan_for(world, xlsx([row(Startdatum=datetime.date(2025, 3, 4))]))
        assert plan.errors == []
        assert plan.memberships[0].start_date == datetime.date(2025, 3, 4)

    def test_a_missing_start_date_means_today(self, world: World) -> None:
        plan = plan_for(world, xlsx([row(Startdatum=None)]), today=datetime.date(2026, 2, 2))
        assert plan.memberships[0].start_date == datetime.date(2026, 2, 2)

    def test_the_example_files_in_the_docs_read_cleanly(self, world: World) -> None:
        ljusdal = f.MunicipalityFactory(association=world.association, name="Ljusdal")
        party = f.PartyFactory(
            association=world.association,
            name="Ljusdals kommun",
            kind=org.PartyKind.MUNICIPALITY,
            municipality=ljusdal,
        )
        f.UnitFactory(party=party, name="Individ- och familjeomsorg")
        f.CooperationGroupFactory(association=world.association, name="Mysam Ljusdal")
        for name in ("personer-exempel.xlsx", "personer-exempel.csv"):
            content = (DOCS / name).read_bytes()
            plan = plan_for(world, content, name)
            assert [str(e) for e in plan.errors] == [], name
            assert len(plan.memberships) >= 5


# --- Import ---------------------------------------------------------------------------------------


class TestImport:
    def test_a_clean_file_imports_everything(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        token = token_of(upload(clients["admin"], xlsx(CLEAN_ROWS)))
        page = preview(clients["admin"], token)
        assert "error-summary" not in page.content.decode()
        response = confirm(clients["admin"], token)
        assert response.status_code == 302
        result = preview(clients["admin"], token).content.decode()
        assert reverse("organisation:membership_list", args=[world.group.pk]) in result

        people = {p.email: p for p in org.Person.objects.filter(association=world.association)}
        assert {
            "karin.lind@example.se",
            "per.holm@example.se",
            "maja.ek@example.se",
            "lars.berg@example.se",
            "eva.sand@example.se",
        } <= set(people)
        assert not people["eva.sand@example.se"].memberships.exists()
        karin = org.Membership.objects.get(person=people["karin.lind@example.se"])
        assert (karin.group, karin.role, karin.has_decision_mandate) == (
            world.group,
            org.MembershipRole.MEMBER,
            True,
        )
        assert karin.start_date == datetime.date(2025, 1, 1)
        per = org.Membership.objects.get(person=people["per.holm@example.se"])
        assert per.role == org.MembershipRole.SUBSTITUTE
        assert per.substitute_for is not None
        assert per.substitute_for.person == people["maja.ek@example.se"]
        lars = org.Membership.objects.get(person=people["lars.berg@example.se"])
        assert lars.substitute_for == karin

    def test_re_importing_the_same_file_changes_nothing(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        content = xlsx(CLEAN_ROWS)
        assert (
            confirm(clients["admin"], token_of(upload(clients["admin"], content))).status_code
            == 302
        )
        before = snapshot(world)
        token = token_of(upload(clients["admin"], content))
        plan_counts = preview(clients["admin"], token).context["counts"]
        assert plan_counts["people_created"] == plan_counts["memberships_created"] == 0
        assert plan_counts["people_updated"] == plan_counts["memberships_updated"] == 0
        assert confirm(clients["admin"], token).status_code == 302
        assert snapshot(world) == before

    def test_a_double_confirm_imports_once(self, world: World, clients: dict[str, Client]) -> None:
        token = token_of(upload(clients["admin"], xlsx(CLEAN_ROWS)))
        first = confirm(clients["admin"], token)
        after_first = snapshot(world)
        second = confirm(clients["admin"], token)
        assert first.status_code == second.status_code == 302
        assert snapshot(world) == after_first
        assert org.Person.objects.filter(email="karin.lind@example.se").count() == 1
        assert org.Membership.objects.filter(person__email="karin.lind@example.se").count() == 1

    def test_an_existing_person_is_updated_by_email(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        person = world.people["member"]  # Åsa Öberg, Hofors kommun, member of Mysam Hofors
        rows = [
            row(
                **{
                    "Förnamn": "Åsa",
                    "Efternamn": "Öberg",
                    "Titel": "Socialchef",
                    "Part": "Hofors kommun",
                    "E-post": person.email.upper(),
                    "Telefon": "070-123 45 67",
                    "Beslutsmandat": "nej",
                    "Startdatum": "",
                }
            )
        ]
        token = token_of(upload(clients["admin"], xlsx(rows)))
        counts = preview(clients["admin"], token).context["counts"]
        assert counts["people_updated"] == 1 and counts["people_created"] == 0
        assert counts["memberships_updated"] == 1 and counts["memberships_created"] == 0
        assert confirm(clients["admin"], token).status_code == 302
        person.refresh_from_db()
        assert (person.title, person.phone) == ("Socialchef", "070-123 45 67")
        membership = world.memberships["member"]
        membership.refresh_from_db()
        assert membership.has_decision_mandate is False
        assert membership.start_date == datetime.date(2024, 1, 1)

    def test_an_end_date_ends_a_registered_membership(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        person = world.people["member"]
        headers = [*HEADERS, "Slutdatum", "Status"]
        rows = [
            {
                "Förnamn": "Åsa",
                "Efternamn": "Öberg",
                "Part": "Hofors kommun",
                "E-post": person.email,
                "Grupp": "Mysam Hofors",
                "Roll": "ledamot",
                "Startdatum": "2024-01-01",
                "Slutdatum": "2026-06-30",
                "Status": "whatever",
            }
        ]
        token = token_of(upload(clients["admin"], xlsx(rows, headers)))
        page = preview(clients["admin"], token)
        assert page.context["counts"]["memberships_updated"] == 1
        assert "Status" in page.content.decode()  # listed as an ignored column
        assert confirm(clients["admin"], token).status_code == 302
        membership = world.memberships["member"]
        membership.refresh_from_db()
        assert membership.end_date == datetime.date(2026, 6, 30)

    def test_a_unit_is_matched_within_the_party(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        unit = f.UnitFactory(party=world.parties["region"], name="Vuxenpsykiatri Hofors")
        f.UnitFactory(party=world.parties["municipality"], name="IFO")
        token = token_of(upload(clients["admin"], xlsx([row(Verksamhet="vuxenpsykiatri hofors")])))
        assert confirm(clients["admin"], token).status_code == 302
        assert org.Person.objects.get(email="karin.lind@example.se").unit == unit
        plan = plan_for(world, xlsx([row(Verksamhet="IFO")]))
        assert [(e.row, e.column) for e in plan.errors] == [(2, "Verksamhet")]
        plan = plan_for(world, xlsx([row(Verksamhet="Vuxenpsykiatri Hofor")]))
        assert "Vuxenpsykiatri Hofors" in plan.errors[0].message

    def test_a_substitute_may_stand_in_for_a_registered_member(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        rows = [row(Roll="ersättare", Ersätter="Sören Ärlig")]  # the convener, in the registry
        token = token_of(upload(clients["admin"], xlsx(rows)))
        assert confirm(clients["admin"], token).status_code == 302
        substitute = org.Membership.objects.get(person__email="karin.lind@example.se")
        assert substitute.substitute_for == world.memberships["convener"]

    def test_a_person_without_email_is_recognised_by_name_and_party(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        rows = [row(**{"E-post": ""})]
        content = xlsx(rows)
        assert (
            confirm(clients["admin"], token_of(upload(clients["admin"], content))).status_code
            == 302
        )
        before = snapshot(world)
        assert (
            confirm(clients["admin"], token_of(upload(clients["admin"], content))).status_code
            == 302
        )
        assert snapshot(world) == before

    def test_a_thousand_rows_import_in_a_fixed_number_of_queries(
        self, world: World, clients: dict[str, Client], django_assert_max_num_queries: Any
    ) -> None:
        rows = []
        for i in range(1000):
            rows.append(
                row(
                    **{
                        "Förnamn": f"Person{i}",
                        "E-post": f"person{i}@import.example.se",
                        "Roll": "ersättare" if i % 2 else "ledamot",
                        "Ersätter": f"person{i - 1}@import.example.se" if i % 2 else "",
                        "Part": ("Region Gävleborg", "Försäkringskassan")[i % 2],
                    }
                )
            )
        token = token_of(upload(clients["admin"], xlsx(rows)))
        with django_assert_max_num_queries(25):
            page = preview(clients["admin"], token)
        assert page.context["counts"]["memberships_created"] == 1000
        # About fifteen fixed queries, plus the bulk inserts, which SQLite splits into
        # batches of about a hundred rows (its limit of 999 parameters per statement);
        # PostgreSQL inserts them in one statement per kind. Not one query per row.
        with django_assert_max_num_queries(40):
            assert confirm(clients["admin"], token).status_code == 302
        assert org.Person.objects.filter(email__endswith="@import.example.se").count() == 1000
        assert (
            org.Membership.objects.filter(
                person__email__endswith="@import.example.se", substitute_for__isnull=False
            ).count()
            == 500
        )


# --- Export ---------------------------------------------------------------------------------------


class TestExport:
    def _workbook(self, client: Client) -> Any:
        response = client.get(reverse("organisation:export_structure"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "attachment" in response["Content-Disposition"]
        return response.content

    def test_it_has_the_sheets_formatted_for_excel(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        hc = f.HealthCentreFactory(
            association=world.association, municipality=world.municipality, name="Hofors hc"
        )
        f.TrisamTeamFactory(health_centre=hc, group=world.group, name="Trisam Hofors")
        workbook = load_workbook(io.BytesIO(self._workbook(clients["admin"])))
        assert workbook.sheetnames == ["Grupper", "Medlemmar", "Personer", "Trisam"]
        members = workbook["Medlemmar"]
        assert members.freeze_panes == "A2"
        assert all(cell.font.bold for cell in members[1])
        headers = [c.value for c in members[1]]
        start = headers.index("Startdatum") + 1
        cell = members.cell(row=2, column=start)
        assert isinstance(cell.value, datetime.datetime)
        assert cell.number_format == "yyyy-mm-dd"
        assert members.column_dimensions["A"].width > 8
        groups = workbook["Grupper"]
        group_row = [c.value for c in groups[2]]
        assert group_row[0] == "Mysam Hofors"
        assert "Sören Ärlig" in group_row
        assert [c.value for c in workbook["Trisam"][2]][:4] == [
            "Hofors hc",
            "Hofors",
            "Trisam Hofors",
            "Mysam Hofors",
        ]

    def test_it_shows_history_with_a_status(self, world: World, clients: dict[str, Client]) -> None:
        ended = f.MembershipFactory(
            group=world.group,
            person=world.people["outsider"],
            start_date=datetime.date(2020, 1, 1),
            end_date=datetime.date(2021, 1, 1),
        )
        members = load_workbook(io.BytesIO(self._workbook(clients["board"])))["Medlemmar"]
        rows = [[c.value for c in r] for r in members.iter_rows(min_row=2)]
        statuses = {(r[2], r[3]): r[-1] for r in rows}
        assert statuses[(ended.person.first_name, ended.person.last_name)] == "avslutad"
        assert statuses[("Åsa", "Öberg")] == "nuvarande"

    def test_exporting_and_importing_again_changes_nothing(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        # Some history, a substitute, a unit and a mandate, then a round trip.
        unit = f.UnitFactory(party=world.parties["municipality"], name="IFO")
        world.people["member"].unit = unit
        world.people["member"].save()
        f.MembershipFactory(
            group=world.group,
            person=world.people["outsider"],
            start_date=datetime.date(2020, 1, 1),
            end_date=datetime.date(2021, 1, 1),
        )
        f.MembershipFactory(
            group=world.group,
            person=f.PersonFactory(association=world.association, party=world.parties["fk"]),
            role=org.MembershipRole.SUBSTITUTE,
            substitute_for=world.memberships["member"],
            has_decision_mandate=False,
        )
        assert (
            confirm(
                clients["admin"], token_of(upload(clients["admin"], xlsx(CLEAN_ROWS)))
            ).status_code
            == 302
        )
        before = snapshot(world)
        exported = self._workbook(clients["admin"])
        token = token_of(upload(clients["admin"], exported, "struktur.xlsx"))
        page = preview(clients["admin"], token)
        assert page.context["errors"] == []
        counts = page.context["counts"]
        assert counts["memberships_unchanged"] == len(before[1])
        assert counts["people_created"] == counts["people_updated"] == 0
        assert counts["memberships_created"] == counts["memberships_updated"] == 0
        assert confirm(clients["admin"], token).status_code == 302
        assert snapshot(world) == before

    def test_another_association_is_not_in_the_export(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        content = self._workbook(clients["other_admin"])
        workbook = load_workbook(io.BytesIO(content))
        values = {
            str(c.value) for ws in workbook.worksheets for r in ws.iter_rows() for c in r if c.value
        }
        assert "Mysam Hofors" not in values
        assert "Öberg" not in values

    def test_it_costs_the_same_queries_whatever_the_data(
        self, world: World, clients: dict[str, Client], django_assert_max_num_queries: Any
    ) -> None:
        for i in range(30):
            f.MembershipFactory(
                group=world.group,
                person=f.PersonFactory(association=world.association, party=world.parties["af"]),
                start_date=datetime.date(2023, 1, 1) + datetime.timedelta(days=i),
            )
        with django_assert_max_num_queries(14):
            clients["board"].get(reverse("organisation:export_structure"))


# --- Who may do what --------------------------------------------------------------------------------


class TestPermissions:
    def test_only_the_office_imports(self, world: World, clients: dict[str, Client]) -> None:
        token = token_of(upload(clients["admin"], xlsx([row()])))
        urls = [
            reverse("organisation:import_upload"),
            reverse("organisation:import_preview", args=[token]),
        ]
        for url in urls:
            assert clients["admin"].get(url).status_code == 200
            login = clients["anonymous"].get(url)
            assert login.status_code == 302
            assert login["Location"].startswith(reverse("account_login"))
            for role in ("member", "convener", "outsider", "board"):
                assert clients[role].get(url).status_code == 403, (role, url)
        confirm_url = reverse("organisation:import_confirm", args=[token])
        for role in ("member", "convener", "outsider", "board"):
            assert clients[role].post(confirm_url).status_code == 403
            assert upload(clients[role], xlsx([row()])).status_code == 403
        assert clients["anonymous"].post(confirm_url).status_code == 302
        assert clients["admin"].get(confirm_url).status_code == 405
        assert not org.Person.objects.filter(email="karin.lind@example.se").exists()

    def test_an_upload_is_seen_only_by_its_uploader(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        token = token_of(upload(clients["admin"], xlsx([row()])))
        colleague = Client()
        colleague.force_login(
            make_user(
                "kansli2@example.se",
                association=world.association,
                role=AssociationRoleKind.ADMIN,
                totp=True,
            )
        )
        for client in (clients["other_admin"], colleague):
            assert preview(client, token).status_code == 404
            assert confirm(client, token).status_code == 404
        assert preview(clients["admin"], "okand-fil-med-langt-namn-123").status_code == 404
        assert not org.Person.objects.filter(email="karin.lind@example.se").exists()

    def test_the_office_and_the_board_export(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        url = reverse("organisation:export_structure")
        assert clients["admin"].get(url).status_code == 200
        assert clients["board"].get(url).status_code == 200
        for role in ("member", "convener", "outsider"):
            assert clients[role].get(url).status_code == 403
        assert clients["anonymous"].get(url)["Location"].startswith(reverse("account_login"))
