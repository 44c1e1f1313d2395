"""The report page, its texts, a finished job, the raw-export warning and every step of the
answer import in Chromium: no axe-core WCAG 2.1 A/AA violation at desktop and phone width."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from mysam.conftest import page_problems
from mysam.insights.models import AnswerImport, ReportJob
from mysam.insights.services import imports as import_services
from mysam.insights.tests.permission_objects_report import dataset

FILE = (
    "Datum;Part;Kommun;strukturerad;lyssnar;respekt_Hofors\n"
    "2016-10-03;Region Gävleborg;Hofors;Ja;Ofta;Delvis\n"
    "2016-10-03;Okänd;Hofors;Nej;2;Helt och hållet\n"
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_report_and_import_pages_pass_axe(chromium, live_server, world):  # type: ignore[no-untyped-def]
    data = dataset(world)
    job = ReportJob.objects.create(measurement=data.measurement, status="done", page_count=12)
    job.pdf.save("rapport-test.pdf", ContentFile(b"%PDF-1.4"), save=True)
    running = ReportJob.objects.create(measurement=data.measurement, status="running", progress=40)
    admin, member = world.users["admin"], world.users["member"]
    pending = import_services.answer_import_create(
        questionnaire=data.questionnaire,
        uploaded=io.BytesIO(FILE.encode()),
        file_name="svar.csv",
        user=admin,
    )
    assert AnswerImport.objects.count() == 1
    pages = [
        (admin, reverse("insights:report", args=[data.measurement.pk])),
        (admin, reverse("insights:report_texts", args=[data.measurement.pk])),
        (admin, reverse("insights:report_job", args=[job.pk])),
        (admin, reverse("insights:report_job", args=[running.pk])),
        (member, reverse("insights:report", args=[data.measurement.pk])),
        (admin, reverse("insights:export_raw", args=[data.questionnaire.pk])),
        (admin, reverse("insights:import_upload", args=[data.questionnaire.pk])),
        (admin, reverse("insights:import_columns", args=[pending.pk])),
        (admin, reverse("insights:import_values", args=[pending.pk])),
        (admin, reverse("insights:import_preview", args=[pending.pk])),
    ]
    problems = page_problems(chromium, live_server, pages)
    assert not problems, "\n".join(problems)
