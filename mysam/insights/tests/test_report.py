"""The measurement report: one job makes a PDF and a Word file with every chapter and the
right figures; small groups stay hidden; who may make, read and download it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document

from mysam.insights.models import ReportJob, ReportJobStatus
from mysam.insights.report import pdf, word
from mysam.insights.report.document import build_report
from mysam.insights.services.report import report_job_run, report_job_start
from mysam.insights.tests.permission_objects_report import DAY, dataset
from mysam.surveys.models import Answer, MeasurementStatus, Response

CHAPTERS = [
    "Introduction",
    "Method",
    "Sample and non-response",
    "Results: Enkät till handläggare",
    "Comments",
    "Comparison with Baslinjemätning 2023",
    "Discussion",
    "Appendix: results per municipality",
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def data(world):  # type: ignore[no-untyped-def]
    baseline = dataset(world, name="Baslinjemätning 2023")
    return dataset(world, name="Uppföljning 2026", previous=baseline.measurement)


def _pdf_text(content: bytes) -> str:
    tool = shutil.which("pdftotext")
    assert tool is not None, "poppler's pdftotext is needed"
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [tool, "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


def _start(client, data):  # type: ignore[no-untyped-def]
    return client.post(reverse("insights:report_start", args=[data.measurement.pk]))


def test_the_job_makes_a_pdf_and_word_file_with_every_chapter_and_figure(
    world, data, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with translation.override("en"):
        with django_capture_on_commit_callbacks(execute=True):
            job = report_job_start(measurement=data.measurement, user=world.users["admin"])
        job.refresh_from_db()
        assert job.status == ReportJobStatus.DONE, job.error
        assert job.progress == 100
    text = _pdf_text(job.pdf.read())
    flat = " ".join(text.split())
    for chapter in CHAPTERS:
        assert chapter in flat, chapter
    assert "Förbundet mäter samverkansklimatet." in flat  # the office's introduction
    assert "Resultaten visar ett gott samarbete." in flat  # and discussion
    # Sample: 24 invited, 2 excluded, 22 in the sample, 14 complete → 64 %.
    assert re.search(r"All\s+24\s+2\s+22\s+14\s+0\s+64 %", text)
    # 'Lyssnar': 14 valid, 1 Vet ej, high values 6 of 14 = 43 % with its Wilson interval.
    assert re.search(r"All\s+3 \(21 %\)\s+3 \(21 %\)\s+2 \(14 %\)", text)
    assert "43 %" in flat and "21 %–67 %" in flat
    assert job.page_count is not None and job.page_count >= 8
    # The Word file has the same chapters as Heading 1.
    document = Document(io.BytesIO(job.docx.read()))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Contents", *CHAPTERS]
    assert len(document.inline_shapes) == 8  # 2 per item, the respect pair, one structured


def test_small_groups_are_hidden_in_the_pdf_and_word(world, data) -> None:  # type: ignore[no-untyped-def]
    with translation.override("en"):
        document = build_report(data.measurement)
        html = pdf.document_html(document)
        docx = Document(io.BytesIO(word.render(document)))
    # Ockelbo (2 answers) never shows a count, in any table of either file.
    rows = re.findall(r'<th scope="row">Ockelbo</th>(.*?)</tr>', html)
    assert rows
    for row in rows:
        assert set(re.findall(r"<td[^>]*>(.*?)</td>", row)) <= {"–"}, row
    checked = 0
    for table in docx.tables:
        for row in table.rows:
            if row.cells[0].text == "Ockelbo":
                checked += 1
                assert {cell.text for cell in row.cells[1:]} <= {"–"}
    assert checked == len(rows)
    # Comments are listed per municipality: Ockelbo's is hidden, and so is Hofors' group
    # (it would reveal Ockelbo's by subtraction from the total).
    assert "Hemlig kommentar Ockelbo" not in html
    assert "Bra möten" not in html
    assert "No comments can be shown." in html
    assert "Too few answers from Ockelbo" in html


def test_comments_of_groups_above_the_threshold_are_printed(world, data) -> None:  # type: ignore[no-untyped-def]
    for _number in range(5):
        response = Response.objects.create(
            questionnaire=data.questionnaire,
            submitted_on=DAY,
            status="complete",
            municipality=data.small_municipality,
        )
        Answer.objects.create(response=response, question=data.questions["lyssnar"], value=4)
        Answer.objects.create(
            response=response,
            question=data.questions["kommuner"],
            area_municipality=data.small_municipality,
        )
    with translation.override("en"):
        html = pdf.document_html(build_report(data.measurement))
    assert "Bra möten" in html
    assert "Hemlig kommentar Ockelbo" in html


def test_a_double_click_starts_one_job(clients, data) -> None:  # type: ignore[no-untyped-def]
    first = _start(clients["admin"], data)
    second = _start(clients["admin"], data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert ReportJob.objects.filter(measurement=data.measurement).count() == 1


def test_a_failed_job_says_so(world, data, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    job = ReportJob.objects.create(measurement=data.measurement)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr("mysam.insights.report.document.build_report", broken)
    report_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ReportJobStatus.FAILED
    assert job.error and "RuntimeError" in job.error


def test_the_board_may_start_and_members_may_not(clients, data) -> None:  # type: ignore[no-untyped-def]
    assert _start(clients["board"], data).status_code == 302
    for role in ("member", "convener", "outsider"):
        assert _start(clients[role], data).status_code == 403
    assert _start(clients["other_admin"], data).status_code == 404
    assert _start(clients["anonymous"], data).status_code == 302


def test_members_see_only_finished_reports_of_closed_measurements(clients, data) -> None:  # type: ignore[no-untyped-def]
    running = ReportJob.objects.create(measurement=data.measurement, status="running")
    page = reverse("insights:report", args=[data.measurement.pk])
    assert 'id="make-report"' not in clients["member"].get(page).content.decode()
    assert 'id="make-report"' not in clients["board"].get(page).content.decode()  # one running
    assert (
        clients["member"].get(reverse("insights:report_job", args=[running.pk])).status_code == 403
    )
    data.measurement.status = MeasurementStatus.OPEN
    data.measurement.save()
    assert clients["member"].get(page).status_code == 403
    assert clients["board"].get(page).status_code == 200


def test_the_office_writes_the_texts(clients, data) -> None:  # type: ignore[no-untyped-def]
    url = reverse("insights:report_texts", args=[data.measurement.pk])
    response = clients["admin"].post(
        url, {"introduction": "Vi mäter.\n\n- en punkt", "discussion": "<script>x</script>Bra."}
    )
    assert response.status_code == 302
    data.measurement.refresh_from_db()
    assert data.measurement.introduction == "<p>Vi mäter.</p><ul><li>en punkt</li></ul>"
    assert "<script>" not in data.measurement.discussion
    assert clients["board"].post(url, {"introduction": "x"}).status_code == 403
    assert clients["other_admin"].post(url, {"introduction": "x"}).status_code == 404


def test_download_serves_the_files(clients, data, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        _start(clients["admin"], data)
    job = ReportJob.objects.get(measurement=data.measurement)
    for fmt, magic in (("pdf", b"%PDF"), ("docx", b"PK")):
        response = clients["member"].get(reverse("insights:report_file", args=[job.pk, fmt]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(magic)
    assert (
        clients["member"].get(reverse("insights:report_file", args=[job.pk, "exe"])).status_code
        == 404
    )
    assert (
        clients["other_admin"]
        .get(reverse("insights:report_file", args=[job.pk, "pdf"]))
        .status_code
        == 404
    )


def test_report_page_costs_the_same_queries_with_more_jobs(
    clients, data, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    url = reverse("insights:report", args=[data.measurement.pk])
    ReportJob.objects.create(measurement=data.measurement, status="done")
    clients["board"].get(url)
    with django_assert_num_queries(count := _count(clients["board"], url)):
        clients["board"].get(url)
    for _number in range(5):
        ReportJob.objects.create(measurement=data.measurement, status="done")
    with django_assert_num_queries(count):
        clients["board"].get(url)


def _count(client, url) -> int:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return len(context.captured_queries)
