"""The plan as Word and PDF: the files open, and hold the title, the sections, the
participant tables and the budget the way the association's document has them."""

from __future__ import annotations

import io
import os
import shutil
import subprocess  # noqa: S404 - pdftotext with fixed arguments, only in tests
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.translation import gettext
from docx import Document

from mysam.conftest import World
from mysam.documents.docx import add_html, create
from mysam.plans import export
from mysam.plans.models import ActionPlan, PlanVersion
from mysam.plans.selectors.versions import version_document
from mysam.plans.tests.test_versions import build_plan, edit_revision, revise

TITLE = "Handlingsplan för Mysam Hofors år 2019"


@pytest.fixture
def plan(world: World) -> ActionPlan:
    return build_plan(world)


def _adopted(plan: ActionPlan) -> PlanVersion:
    return plan.versions.get(number=1)


def _docx(client, version: PlanVersion):  # type: ignore[no-untyped-def]
    response = client.get(reverse("plans:plan_docx", args=[version.pk]))
    assert response.status_code == 200
    return response, Document(io.BytesIO(response.content))


def _pdf_text(content: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("pdftotext is missing: .ci/run installs poppler-utils")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "plan.pdf"
    path.write_bytes(content)
    result = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


class TestWord:
    def test_it_opens_and_holds_the_title_and_sections_in_order(self, clients, plan):
        response, document = _docx(clients["member"], _adopted(plan))
        assert response["Content-Type"] == export.DOCX_CONTENT_TYPE
        assert (
            response["Content-Disposition"]
            == 'attachment; filename="handlingsplan-mysam-hofors-2019-v1.docx"'
        )
        texts = [p.text for p in document.paragraphs]
        headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
        assert document.paragraphs[0].text == TITLE
        assert document.core_properties.title == TITLE
        expected = [
            "Bakgrund och förutsättningar",
            "Syfte och målgrupper",
            "Prioriterade grupper",
            "Mål och aktiviteter",
            "Budget",
            "Deltagare",
        ]
        assert [h for h in headings if h in expected] == expected
        assert "1. Identifiera målgrupper" in headings
        # Prioritised groups as a numbered list.
        assert "1.\tPersoner med psykisk ohälsa" in texts
        assert "2.\tNyanlända" in texts
        # The budget sentence, with Swedish number formatting.
        assert any("324 651 kr" in t for t in texts)
        # Rich text became runs: bold kept, bullets as list paragraphs, a real link.
        intro = next(p for p in document.paragraphs if p.text.startswith("Mysam står för"))
        assert [r.text for r in intro.runs if r.bold] == ["Myndigheter i samverkan"]
        bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
        assert "att säkerställa en tydlig struktur" in bullets
        assert "https://www.finsam.se" in [
            rel.target_ref for rel in document.part.rels.values() if rel.is_external
        ]

    def test_the_participants_table_has_party_name_and_title(self, clients, plan):
        _, document = _docx(clients["member"], _adopted(plan))
        tables = [
            [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
        ]
        participants = next(t for t in tables if t[0] == export.participant_headers())
        assert participants[1:] == [
            ["Hofors kommun", "Åsa Öberg", "enhetschef IFO"],
            ["Region Gävleborg", "Sören Ärlig", "verksamhetschef"],
            ["Försäkringskassan", "Vakant", "enhetschef"],
        ]
        activities = next(t for t in tables if t[0] == export.activity_headers())
        assert activities[1][0] == "Förstudie del 1"
        assert activities[1][-1] == "50 000 kr"
        steering = [t for t in tables if ["Arbetsförmedlingen", "Stina Styr", "sektionschef"] in t]
        assert steering

    def test_the_footer_and_header_name_the_version(self, clients, plan):
        _, document = _docx(clients["member"], _adopted(plan))
        header = document.sections[0].header.paragraphs[0].text
        assert "2019-02-01" in header
        assert gettext("DRAFT") not in header

    def test_a_draft_is_marked(self, clients, world, plan):
        draft = revise(plan, world)
        response, document = _docx(clients["convener"], draft)
        assert document.sections[0].header.paragraphs[0].text.startswith(gettext("DRAFT"))
        assert "v2.docx" in response["Content-Disposition"]


class TestPdf:
    def test_it_is_a_pdf_with_the_title_and_the_budget(self, clients, plan, tmp_path):
        response = clients["member"].get(reverse("plans:plan_pdf", args=[_adopted(plan).pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert (
            response["Content-Disposition"]
            == 'attachment; filename="handlingsplan-mysam-hofors-2019-v1.pdf"'
        )
        assert response.content.startswith(b"%PDF")
        # Words as read from the pages, whatever the line breaks.
        text = " ".join(_pdf_text(response.content, tmp_path).split())
        assert TITLE in text
        assert "324 651 kr" in text
        for expected in ("Bakgrund och förutsättningar", "Åsa Öberg", "Förstudie del 1"):
            assert expected in text
        assert gettext("DRAFT") not in text

    def test_a_draft_pdf_carries_the_draft_mark(self, clients, world, plan, tmp_path):
        draft = revise(plan, world)
        edit_revision(draft, world)
        response = clients["convener"].get(reverse("plans:plan_pdf", args=[draft.pk]))
        assert response.status_code == 200
        assert gettext("DRAFT") in _pdf_text(response.content, tmp_path)

    def test_the_html_fed_to_weasyprint_renders_pages(self, plan):
        from mysam.documents.pdf import page_count

        version = PlanVersion.objects.select_related(
            "plan__group__association", "plan__template"
        ).get(pk=_adopted(plan).pk)
        html = export.plan_html(version_document(version=version))
        assert TITLE in html and "324 651 kr" in html
        assert page_count(html) > 0


class TestHelpers:
    def test_file_names_are_ascii(self, world, plan):
        world.group.name = "Mysam Hudiksvall/Nordanstig Ö"
        world.group.save()
        version = _adopted(plan)
        version.plan.refresh_from_db()
        name = export.file_name(version, "pdf")
        assert name == "handlingsplan-mysam-hudiksvallnordanstig-o-2019-v1.pdf"
        assert name.isascii()

    def test_a_two_year_plan_names_both_years(self, world, plan):
        plan.end_year = 2020
        plan.save()
        assert export.file_name(_adopted(plan), "docx").endswith("-2019-2020-v1.docx")

    def test_css_strings_cannot_break_out_of_the_style_element(self):
        assert export.css_string('a "b" </style>') == '"a \\"b\\" \\3c /style>"'

    def test_rich_text_in_a_table_cell(self):
        document = create()
        cell = document.add_table(rows=1, cols=1).cell(0, 0)
        add_html(cell, "<p>Ett <em>stycke</em></p><ol><li>första</li><li>andra</li></ol>")
        texts = [p.text for p in cell.paragraphs]
        assert "Ett stycke" in texts
        assert "1.\tförsta" in texts and "2.\tandra" in texts


def _soffice() -> str:
    """LibreOffice for the round trip; CI installs it (.ci/run), elsewhere it may be missing."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("LibreOffice (soffice) is missing: .ci/run installs libreoffice-writer-nogui")
    pytest.skip("LibreOffice is not installed here (apt-get install libreoffice-writer-nogui)")


def test_the_word_file_converts_in_libreoffice_without_errors(clients, plan, tmp_path):
    """The round trip officials rely on: the .docx opens in an office suite, not only in
    python-docx. LibreOffice converts it to PDF, and the PDF holds the plan's title."""
    soffice = _soffice()
    response, _ = _docx(clients["member"], _adopted(plan))
    source = tmp_path / "plan.docx"
    source.write_bytes(response.content)
    result = subprocess.run(  # noqa: S603 - fixed arguments, test only
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    converted = tmp_path / "plan.pdf"
    assert converted.exists(), result.stdout + result.stderr
    assert converted.read_bytes().startswith(b"%PDF")
    assert TITLE in _pdf_text(converted.read_bytes(), tmp_path)
