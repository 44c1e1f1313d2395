"""Raw answer exports: office only, one row per response, SPSS labels, no invitation data."""

from __future__ import annotations

import io

import pyreadstat
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mysam.insights.selectors.exports import DONT_KNOW_CODE, answer_table
from mysam.insights.tests.permission_objects_report import dataset


@pytest.fixture
def data(world):  # type: ignore[no-untyped-def]
    return dataset(world)


def _url(data, fmt: str | None = None) -> str:  # type: ignore[no-untyped-def]
    if fmt is None:
        return reverse("insights:export_raw", args=[data.questionnaire.pk])
    return reverse("insights:export_raw_download", args=[data.questionnaire.pk, fmt])


@pytest.mark.parametrize("fmt", [None, "csv", "xlsx", "sav"])
def test_raw_export_is_for_the_office_only(clients, data, fmt) -> None:  # type: ignore[no-untyped-def]
    url = _url(data, fmt)
    assert clients["admin"].get(url).status_code == 200
    for role in ("board", "member", "convener", "outsider"):
        assert clients[role].get(url).status_code == 403, role
    assert clients["other_admin"].get(url).status_code == 404
    assert clients["anonymous"].get(url)["Location"].startswith("/konto/")


def test_unknown_format_is_not_found(clients, data) -> None:  # type: ignore[no-untyped-def]
    assert clients["admin"].get(_url(data, "pdf")).status_code == 404


def test_warning_page_explains_and_links_the_formats(clients, data) -> None:  # type: ignore[no-untyped-def]
    page = clients["admin"].get(_url(data)).content.decode()
    assert 'id="raw-warning"' in page
    for fmt in ("csv", "xlsx", "sav"):
        assert _url(data, fmt) in page


def test_table_has_one_row_per_response_and_a_column_per_area(
    data, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(4):  # questions, responses, answers, municipalities
        table = answer_table(data.questionnaire)
    names = [c.name for c in table.columns]
    assert len(table.rows) == 15
    assert {
        "lyssnar",
        "lyssnar_kommentar",
        "strukturerad",
        "respekt_hofors",
        "respekt_ockelbo",
    } <= set(names)
    assert {"kommuner_hofors", "kommuner_ockelbo"} <= set(names)
    lyssnar = [row[names.index("lyssnar")] for row in table.rows]
    assert sorted(v for v in lyssnar if v != DONT_KNOW_CODE) == sorted(
        [n % 6 + 1 for n in range(14)]
    )
    assert lyssnar.count(DONT_KNOW_CODE) == 1
    hofors = [row[names.index("respekt_hofors")] for row in table.rows]
    assert sum(v is not None for v in hofors) == 12


def test_csv_has_no_invitation_data(clients, data) -> None:  # type: ignore[no-untyped-def]
    body = clients["admin"].get(_url(data, "csv")).content.decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert len(lines) == 16
    assert lines[0].startswith("svar_nr;inskickad;status")
    assert "@example.se" not in body
    assert "Bra möten" in body


def test_excel_has_answers_and_codebook(clients, data) -> None:  # type: ignore[no-untyped-def]
    content = clients["admin"].get(_url(data, "xlsx")).content
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    assert workbook.sheetnames == ["Svar", "Variabler"]
    assert len(list(workbook["Svar"].iter_rows())) == 16
    codebook = {row[0]: row for row in workbook["Variabler"].iter_rows(values_only=True)}
    assert codebook["lyssnar"][1] == "Lyssnar ni på varandra?"
    assert "1 = Aldrig" in codebook["lyssnar"][2]


def test_spss_file_reads_back_with_value_labels(clients, data, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "svar.sav"
    path.write_bytes(clients["admin"].get(_url(data, "sav")).content)
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    assert len(frame) == 15
    assert meta.column_names_to_labels["lyssnar"] == "Lyssnar ni på varandra?"
    labels = meta.variable_value_labels["lyssnar"]
    assert labels[1.0] == "Aldrig" and labels[6.0] == "Alltid"
    assert labels[float(DONT_KNOW_CODE)] == "Vet ej"
    assert meta.variable_value_labels["respekt_hofors"][6.0] == "Helt och hållet"
    assert meta.missing_ranges["lyssnar"] == [{"lo": 99.0, "hi": 99.0}]


def _results_url(data, fmt: str = "csv") -> str:  # type: ignore[no-untyped-def]
    return reverse("insights:export_results", args=[data.questionnaire.pk, fmt])


def test_aggregated_export_is_for_everyone_who_reads_results(clients, data) -> None:  # type: ignore[no-untyped-def]
    for role in ("member", "convener", "outsider", "board", "admin"):
        assert clients[role].get(_results_url(data)).status_code == 200, role
    assert clients["other_admin"].get(_results_url(data)).status_code == 404
    assert clients["member"].get(_results_url(data, "sav")).status_code == 404
    data.measurement.status = "open"
    data.measurement.save()
    assert clients["member"].get(_results_url(data)).status_code == 403


def test_aggregated_export_hides_small_groups(clients, data) -> None:  # type: ignore[no-untyped-def]
    body = clients["member"].get(_results_url(data)).content.decode("utf-8-sig")
    rows = [line.split(";") for line in body.strip().splitlines()]
    header = rows[0]
    assert header[:6] == ["enkät", "fråga", "kod", "fördelning", "grupp", "steg"]
    ockelbo = [row for row in rows if row[4] == "Ockelbo"]
    assert ockelbo  # listed, but without a single count
    for row in ockelbo:
        assert row[6:11] == ["–"] * 5 and row[11] == "1"
    # The whole association's counts of 'lyssnar' are there: 3 answered 'Aldrig' of 14.
    whole = [r for r in rows if r[2] == "lyssnar" and r[4] == "Alla" and r[5] == "Aldrig"]
    assert whole[0][6] == "3" and whole[0][8] == "14"


def test_aggregated_excel_has_the_same_rows(clients, data) -> None:  # type: ignore[no-untyped-def]
    content = clients["member"].get(_results_url(data, "xlsx")).content
    sheet = load_workbook(io.BytesIO(content), read_only=True)["Resultat"]
    csv_lines = clients["member"].get(_results_url(data)).content.decode("utf-8-sig").splitlines()
    assert len(list(sheet.iter_rows())) == len(csv_lines)
