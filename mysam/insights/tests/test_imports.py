"""Importing answers from another tool: mapping, errors per row, all or nothing, one
import per confirm, and the imported baseline compares with a new measurement."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from mysam.insights.models import AnswerImport, AnswerImportStatus
from mysam.insights.selectors.results import compare_measurements
from mysam.insights.services import imports as services
from mysam.insights.tests.permission_objects_report import dataset, questionnaire_with_items
from mysam.organisation.models import Municipality
from mysam.surveys.models import Answer, Measurement, MeasurementStatus, Response

GOOD = (
    "Datum;Part;Kommun;strukturerad;lyssnar;respekt_Hofors;lyssnar_kommentar\n"
    "2016-10-03;Region Gävleborg;Hofors;Ja;Ofta;Delvis;Bra\n"
    "2016-10-03;Hofors kommun;Hofors;Nej;2;Helt och hållet;\n"
    "2016-10-04;;;Ja;vet ej;;\n"
    "2016-10-05;Försäkringskassan;Hofors;Nej;Alltid;Inte alls;\n"
    "2016-10-05;Arbetsförmedlingen;Hofors;Ja;Aldrig;Delvis;\n"
    "2016-10-06;Region Gävleborg;Hofors;Ja;Ibland;Delvis;\n"
    "2016-10-06;Region Gävleborg;Hofors;Nej;Ofta;Till stor del;\n"
)


@pytest.fixture
def baseline(world):  # type: ignore[no-untyped-def]
    measurement = Measurement.objects.create(
        association=world.association,
        name="Baslinje i annat verktyg",
        status=MeasurementStatus.CLOSED,
        closes_on=datetime.date(2016, 10, 31),
    )
    questionnaire, questions = questionnaire_with_items(world, measurement)
    return questionnaire, questions


def _upload(client, questionnaire, content: bytes, name: str = "svar.csv"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("insights:import_upload", args=[questionnaire.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def _map_everything(client, pending: AnswerImport) -> None:  # type: ignore[no-untyped-def]
    """Accept the suggested columns and give '2' its meaning."""
    columns = {f"col_{index}": key for index, key in pending.column_map.items()}
    response = client.post(reverse("insights:import_columns", args=[pending.pk]), columns)
    assert response.status_code == 302, response.content
    form = client.get(reverse("insights:import_values", args=[pending.pk])).context["form"]
    data = {}
    for name, field in form.fields.items():
        initial = field.initial
        data[name] = "2" if field.label == "2" else initial
    response = client.post(reverse("insights:import_values", args=[pending.pk]), data)
    assert response.status_code == 302, response.content


def test_columns_and_values_are_suggested_from_codes_and_wording(clients, baseline) -> None:  # type: ignore[no-untyped-def]
    questionnaire, questions = baseline
    response = _upload(clients["admin"], questionnaire, GOOD.encode("utf-8-sig"))
    pending = AnswerImport.objects.get()
    assert response["Location"] == reverse("insights:import_columns", args=[pending.pk])
    hofors = Municipality.objects.get(name="Hofors")
    assert pending.column_map == {
        "0": "submitted_on",
        "1": "party",
        "2": "municipality",
        "3": f"q:{questions['strukturerad'].pk}",
        "4": f"q:{questions['lyssnar'].pk}",
        "5": f"q:{questions['respekt'].pk}:m:{hofors.pk}",
        "6": f"c:{questions['lyssnar'].pk}",
    }
    columns = {c.header: c for c in services.value_columns(pending=pending)}
    assert columns["lyssnar"].suggested == {
        "Ofta": "4",
        "vet ej": "dk",
        "Alltid": "6",
        "Aldrig": "1",
        "Ibland": "3",
    }
    assert "2" not in columns["lyssnar"].suggested
    assert columns["strukturerad"].suggested == {"Ja": "1", "Nej": "2"}


def test_import_creates_complete_imported_responses_once(clients, baseline) -> None:  # type: ignore[no-untyped-def]
    questionnaire, questions = baseline
    _upload(clients["admin"], questionnaire, GOOD.encode("cp1252"))
    pending = AnswerImport.objects.get()
    _map_everything(clients["admin"], pending)
    preview = clients["admin"].get(reverse("insights:import_preview", args=[pending.pk]))
    check = preview.context["check"]
    assert check.ok and len(check.responses) == 7 and not check.errors
    token = preview.context["form"]["form_token"].initial
    url = reverse("insights:import_preview", args=[pending.pk])
    first = clients["admin"].post(url, {"form_token": token})
    second = clients["admin"].post(url, {"form_token": token})
    assert first.status_code == 302
    assert second.status_code == 200 and 'id="imported-count"' in second.content.decode()
    responses = Response.objects.filter(questionnaire=questionnaire)
    assert responses.count() == 7
    assert set(responses.values_list("is_imported", "status")) == {(True, "complete")}
    lyssnar = Answer.objects.filter(question=questions["lyssnar"])
    assert sorted(lyssnar.exclude(value=None).values_list("value", flat=True)) == [1, 2, 3, 4, 4, 6]
    assert lyssnar.filter(dont_know=True).count() == 1
    assert list(lyssnar.exclude(comment="").values_list("value", "comment")) == [(4, "Bra")]
    # The per-area answers carry their municipality, and the area counts as chosen.
    assert (
        Answer.objects.filter(
            question=questions["respekt"], area_municipality__name="Hofors"
        ).count()
        == 6
    )
    assert (
        Answer.objects.filter(
            question=questions["kommuner"], area_municipality__name="Hofors"
        ).count()
        == 6
    )
    pending.refresh_from_db()
    assert pending.status == AnswerImportStatus.IMPORTED and pending.imported_count == 7
    assert pending.rows == []
    # A fresh confirm form on the finished import imports nothing either.
    clients["admin"].post(url, {"form_token": "0" * 32})
    assert Response.objects.filter(questionnaire=questionnaire).count() == 7


def test_errors_are_listed_per_row_and_nothing_is_imported(clients, baseline) -> None:  # type: ignore[no-untyped-def]
    questionnaire, _questions = baseline
    bad = GOOD + "den 3 okt;Okänd part;Atlantis;Ja;Ofta;;\n;;;;;;\n2016-10-06;;;;;;Bara kommentar\n"
    _upload(clients["admin"], questionnaire, bad.encode())
    pending = AnswerImport.objects.get()
    _map_everything(clients["admin"], pending)
    url = reverse("insights:import_preview", args=[pending.pk])
    check = clients["admin"].get(url).context["check"]
    errors = {error.row: error.messages for error in check.errors}
    assert set(errors) == {9, 11}  # empty rows (10) are skipped
    assert len(errors[9]) == 3  # date, party and municipality
    assert len(errors[11]) == 1  # only a comment, no answers
    assert len(check.responses) == 7
    assert not check.ok
    response = clients["admin"].post(url, {"form_token": "a" * 32})
    assert response.status_code == 200
    assert Response.objects.filter(questionnaire=questionnaire).count() == 0


def test_unmapped_values_block_the_import(clients, baseline) -> None:  # type: ignore[no-untyped-def]
    questionnaire, _questions = baseline
    _upload(clients["admin"], questionnaire, GOOD.encode())
    pending = AnswerImport.objects.get()
    check = services.answer_import_check(pending=pending)
    assert check.unmapped_values and not check.ok
    with pytest.raises(Exception, match="ingenting importerades"):
        services.answer_import_confirm(pending=pending)
    assert Response.objects.count() == 0


def test_excel_files_are_read(clients, baseline) -> None:  # type: ignore[no-untyped-def]
    questionnaire, questions = baseline
    workbook = Workbook()
    sheet = workbook.active
    for line in GOOD.splitlines():
        sheet.append(line.split(";"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    _upload(clients["admin"], questionnaire, buffer.getvalue(), name="svar.xlsx")
    pending = AnswerImport.objects.get()
    assert len(pending.rows) == 7
    assert pending.column_map["4"] == f"q:{questions['lyssnar'].pk}"


def test_a_wrong_file_is_refused_with_a_message(clients, baseline) -> None:  # type: ignore[no-untyped-def]
    questionnaire, _questions = baseline
    response = _upload(clients["admin"], questionnaire, b"%PDF-1.4", name="svar.pdf")
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not AnswerImport.objects.exists()


def test_imported_baseline_compares_with_a_new_measurement(clients, world, baseline) -> None:  # type: ignore[no-untyped-def]
    questionnaire, questions = baseline
    _upload(clients["admin"], questionnaire, GOOD.encode())
    pending = AnswerImport.objects.get()
    _map_everything(clients["admin"], pending)
    services.answer_import_confirm(pending=AnswerImport.objects.get())
    later = dataset(world, name="Uppföljning 2026", previous=questionnaire.measurement)
    comparison = compare_measurements(
        item=questions["lyssnar"].item, earlier=questionnaire.measurement, later=later.measurement
    )
    assert comparison.available
    assert comparison.second.n == 6  # the imported: 6 valid, 1 "Vet ej"
    assert comparison.first.n == 14


@pytest.mark.parametrize("step", ["import_columns", "import_values", "import_preview"])
def test_only_the_office_reaches_an_import(clients, baseline, step) -> None:  # type: ignore[no-untyped-def]
    questionnaire, _questions = baseline
    _upload(clients["admin"], questionnaire, GOOD.encode())
    url = reverse(f"insights:{step}", args=[AnswerImport.objects.get().pk])
    assert clients["admin"].get(url).status_code == 200
    for role in ("board", "member", "convener", "outsider"):
        assert clients[role].get(url).status_code == 403
    assert clients["other_admin"].get(url).status_code == 404
    assert clients["anonymous"].get(url).status_code == 302


def test_only_the_office_uploads(clients, baseline) -> None:  # type: ignore[no-untyped-def]
    questionnaire, _questions = baseline
    assert _upload(clients["board"], questionnaire, GOOD.encode()).status_code == 403
    assert _upload(clients["other_admin"], questionnaire, GOOD.encode()).status_code == 404
    assert not AnswerImport.objects.exists()
