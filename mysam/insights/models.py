"""Models of the insights app: report jobs and pending answer imports.

Results themselves are never stored: they are computed from the answers when asked for
(mysam.insights.selectors.results), so a report always shows the answers as they are.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mysam.surveys.models import Measurement, Questionnaire


class ReportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being generated")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Stopped with an error")


class ReportJob(models.Model):
    """One generation of a measurement's report (PDF and Word) by a background job."""

    measurement = models.ForeignKey(
        Measurement, on_delete=models.CASCADE, related_name="report_jobs"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportJobStatus.choices, default="queued"
    )
    # 0–100, written by the job as it goes; the page polls it.
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="reports/%Y/", blank=True)
    docx = models.FileField(_("Word"), upload_to="reports/%Y/", blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.measurement} {self.created_at:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.status in (ReportJobStatus.QUEUED, ReportJobStatus.RUNNING)


class AnswerImportStatus(models.TextChoices):
    MAPPING = "mapping", _("Being mapped")
    IMPORTED = "imported", _("Imported")


class AnswerImport(models.Model):
    """An uploaded file of answers from another tool, with its column and value mapping.

    `rows` holds the file's cells as read (header and data rows as lists of text), so the
    mapping steps and the preview never read the file again. `column_map` maps a file
    column (its index as text) to a question id or a frame field ("party", "unit",
    "municipality", "area", "submitted_on"); `value_map` maps question id → file value →
    a stored value ("1", "2", …), "dk" (Vet ej) or "" (blank).
    """

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="answer_imports"
    )
    file_name = models.CharField(_("file"), max_length=255)
    header = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    column_map = models.JSONField(default=dict)
    value_map = models.JSONField(default=dict)
    status = models.CharField(
        _("status"), max_length=20, choices=AnswerImportStatus.choices, default="mapping"
    )
    imported_count = models.PositiveIntegerField(_("imported responses"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer import")
        verbose_name_plural = _("answer imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name
