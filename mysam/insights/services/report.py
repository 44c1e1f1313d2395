"""Writes for the measurement report: the office's texts, starting and running a job.

`report_job_start` records a `ReportJob` and enqueues the background task after the
commit; a second click while a job for the measurement is queued or running returns that
job instead of starting another (the measurement row is locked while deciding). The task
calls `report_job_run`, which writes its progress as it goes (outside any transaction, so
the page sees it) and stores the PDF and the Word file.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mysam.insights.models import ReportJob, ReportJobStatus
from mysam.plans.richtext import markup_to_html
from mysam.surveys.models import Measurement

logger = logging.getLogger(__name__)

# A job still "queued" or "running" after this long lost its worker; a new one may start.
STALE_AFTER = datetime.timedelta(minutes=30)
MAX_TEXT = 50_000


@transaction.atomic
def measurement_report_texts_update(
    *, measurement: Measurement, introduction: str, discussion: str
) -> Measurement:
    """Store the report's introduction and discussion (markup or pasted HTML, kept as
    sanitised HTML)."""
    if len(introduction) > MAX_TEXT or len(discussion) > MAX_TEXT:
        raise ValidationError(_("The text is too long."))
    measurement.introduction = markup_to_html(introduction)
    measurement.discussion = markup_to_html(discussion)
    measurement.save(update_fields=["introduction", "discussion", "updated_at"])
    return measurement


def _enqueue(job: ReportJob) -> None:
    from mysam.insights import tasks

    def go() -> None:
        result = tasks.generate_report.enqueue(job_id=job.pk)
        ReportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(go)


@transaction.atomic
def report_job_start(*, measurement: Measurement, user: Any) -> ReportJob:
    """Start generating the report, or return the job already under way for it."""
    Measurement.objects.select_for_update().filter(pk=measurement.pk).first()
    active = (
        ReportJob.objects.filter(
            measurement=measurement,
            status__in=[ReportJobStatus.QUEUED, ReportJobStatus.RUNNING],
            created_at__gte=timezone.now() - STALE_AFTER,
        )
        .order_by("-created_at")
        .first()
    )
    if active is not None:
        return active
    job = ReportJob.objects.create(
        measurement=measurement, created_by=user if getattr(user, "pk", None) else None
    )
    _enqueue(job)
    return job


def report_file_name(*, job: ReportJob, extension: str) -> str:
    """ASCII-safe, e.g. ``rapport-baslinjematning-2026.pdf``."""
    return f"rapport-{slugify(job.measurement.name) or 'matning'}.{extension}"


def report_job_run(*, job_id: int) -> ReportJob | None:
    """Build the report of a job (the background task's body). Does nothing for a job
    that is gone or already finished."""
    from mysam.insights.report import pdf, word
    from mysam.insights.report.document import build_report

    job = ReportJob.objects.select_related("measurement__association").filter(pk=job_id).first()
    if job is None or job.status in (ReportJobStatus.DONE, ReportJobStatus.FAILED):
        return job
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJobStatus.RUNNING, started_at=timezone.now(), progress=1
    )

    def progress(percent: int, step: str) -> None:
        ReportJob.objects.filter(pk=job.pk).update(progress=min(percent, 99), step=step[:200])

    try:
        document = build_report(job.measurement, progress=progress)
        progress(88, _("Laying out the PDF"))
        pdf_bytes, pages = pdf.render(document)
        progress(95, _("Writing the Word file"))
        docx_bytes = word.render(document)
        job.pdf.save(report_file_name(job=job, extension="pdf"), ContentFile(pdf_bytes), save=False)
        job.docx.save(
            report_file_name(job=job, extension="docx"), ContentFile(docx_bytes), save=False
        )
        job.page_count = pages
        job.status = ReportJobStatus.DONE
        job.progress = 100
        job.step = ""
        job.finished_at = timezone.now()
        job.save(
            update_fields=["pdf", "docx", "page_count", "status", "progress", "step", "finished_at"]
        )
    except Exception as error:
        logger.exception("Report job %s failed", job.pk)
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJobStatus.FAILED,
            error=_("The report could not be made (%(error)s).") % {"error": type(error).__name__},
            finished_at=timezone.now(),
        )
        job.refresh_from_db()
    return job
