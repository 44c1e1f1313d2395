"""The minutes as Word and PDF, laid out like seed 003: the title, Datum/Tidpunkt/Plats,
the attendance table with "ersätter" and the absent, numbered items with decisions and
action items, and the signature."""

from __future__ import annotations

import datetime
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
from mysam.meetings import export, models
from mysam.meetings.selectors.minutes import minutes_document
from mysam.meetings.services import minutes as services
from mysam.meetings.tests.factories import make_meeting
from mysam.organisation.tests import factories as f

TITLE = "Minnesanteckningar Mysam Hofors"


def build_minutes(world: World) -> models.Minutes:
    """The Hofors meeting of 2026-03-23 (seed 003) with invented people."""
    meeting = make_meeting(world.group)
    region = world.parties["region"]
    substitute = f.PersonFactory(
        association=world.association, first_name="Filippa", last_name="Cederlund", party=region
    )
    regular = f.PersonFactory(
        association=world.association, first_name="Siv", last_name="Tallberg", party=region
    )
    rows = [
        (world.people["convener"], "Mysam koordinator", "present", None),
        (world.people["member"], "Enhetschef", "present", None),
        (substitute, "Rehabkoordinator", "present", regular),
        (regular, "Vårdenhetschef", "absent", None),
    ]
    for person, role, status, replaces in rows:
        models.Attendance.objects.create(
            meeting=meeting, person=person, role_label=role, status=status, replaces=replaces
        )
    minutes = services.minutes_start(meeting=meeting, user=world.users["convener"])
    trisam = minutes.notes.get(agenda_item__kind="trisam")
    services.minutes_note_update(
        note=trisam,
        body="- Ny rehabkoordinator i Hofors\n- Bra samarbete mellan parterna\n- Individens "
        "deltagande i sitt trisammöte: målnivå 80 %, Hofors har 100 %",
        revision=trisam.revision,
    )
    services.decision_create(minutes=minutes, agenda_item=trisam.agenda_item, text="Godkänns")
    services.action_item_create(
        minutes=minutes,
        agenda_item=trisam.agenda_item,
        text="Skicka statistiken till gruppen",
        responsible=world.people["member"],
        due_date=datetime.date(2026, 4, 15),
    )
    minutes.signed_by = "Sören Ärlig, Mysam koordinator"
    minutes.save()
    return minutes


@pytest.fixture
def minutes(world: World) -> models.Minutes:
    return build_minutes(world)


def pdf_text(content: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("pdftotext is missing: .ci/run installs poppler-utils")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "minutes.pdf"
    path.write_bytes(content)
    result = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


def replaces_label() -> str:
    return gettext("%(name)s/replaces %(replaced)s") % {
        "name": "Filippa Cederlund",
        "replaced": "Siv Tallberg",
    }


class TestWord:
    def test_it_holds_the_title_the_facts_and_the_attendance_rows(self, clients, minutes):
        response = clients["convener"].get(
            reverse("meetings:minutes_docx", args=[minutes.meeting_id])
        )
        assert response.status_code == 200
        assert response["Content-Disposition"] == (
            'attachment; filename="minnesanteckningar-mysam-hofors-2026-03-23.docx"'
        )
        document = Document(io.BytesIO(response.content))
        paragraphs = [p.text for p in document.paragraphs]
        assert paragraphs[0] == TITLE
        assert any("2026-03-23" in p for p in paragraphs)
        assert any("13.00–14.30" in p for p in paragraphs)
        assert any("Teams" in p for p in paragraphs)
        rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
        assert rows[0] == [gettext("Participants"), gettext("Role"), gettext("Organisation")]
        assert [replaces_label(), "Rehabkoordinator", "Region Gävleborg"] in rows
        assert [gettext("Absent")] == [rows[-2][0]]
        assert rows[-1][0] == "Siv Tallberg"
        text = "\n".join(paragraphs)
        assert "4. Trisam" in text
        assert gettext("Decision %(number)s:") % {"number": "4.1"} in text
        assert "Skicka statistiken till gruppen" in text
        assert paragraphs[-2:] == ["Sören Ärlig", "Mysam koordinator"]


class TestPdf:
    def test_it_holds_the_title_and_the_substitute(self, clients, minutes, tmp_path):
        response = clients["convener"].get(
            reverse("meetings:minutes_pdf", args=[minutes.meeting_id])
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        text = " ".join(pdf_text(response.content, tmp_path).split())
        assert TITLE in text
        assert replaces_label() in text
        assert "2026-03-23" in text and "13.00–14.30" in text
        assert "Siv Tallberg" in text
        assert "Skicka statistiken" in text
        assert gettext("Decision %(number)s:") % {"number": "4.1"} in text

    def test_it_fits_one_page(self, minutes):
        from mysam.documents.pdf import page_count

        html = export.minutes_html(minutes_document(minutes=minutes))
        assert page_count(html) == 1


def test_the_file_name_is_ascii(world, minutes):
    assert export.file_name(minutes_document(minutes=minutes), "pdf") == (
        "minnesanteckningar-mysam-hofors-2026-03-23.pdf"
    )
