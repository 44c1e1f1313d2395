"""Reads for the measurement report: who may see the report page and its files.

The office and the board generate reports and download every one. A finished report of a
closed measurement is the published report (small groups already hidden): every member
of the association may read the page listing it and download it. Only the office edits
the report's texts. Another association's rows answer 404.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from mysam.accounts.actor import Actor
from mysam.insights.models import ReportJob, ReportJobStatus
from mysam.organisation.access import scope
from mysam.surveys.models import Measurement, MeasurementStatus

RECENT_JOBS = 10


def may_generate(actor: Actor) -> bool:
    return bool(actor.reads_everything)


def get_report_measurement_for_user(actor: Actor, pk: int, *, write: bool = False) -> Measurement:
    """The measurement for its report page. Office and board always; other members of the
    association only for a closed measurement (403 otherwise); `write` (the texts, starting
    a job) needs the office for texts — the views pass `generate` for starting."""
    try:
        measurement = Measurement.objects.select_related("association", "previous").get(
            pk=pk, association_id=scope(actor)
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not actor.is_admin:
        raise PermissionDenied
    if not may_generate(actor) and measurement.status != MeasurementStatus.CLOSED:
        raise PermissionDenied
    return measurement


def require_generate(actor: Actor) -> None:
    """Starting a report job: the office and the board."""
    if not may_generate(actor):
        raise PermissionDenied


def get_report_job_for_user(actor: Actor, pk: int) -> ReportJob:
    """A report job with its measurement. Office and board see every job; other members
    only a finished job of a closed measurement."""
    try:
        job = ReportJob.objects.select_related("measurement").get(
            pk=pk, measurement__association_id=scope(actor)
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not may_generate(actor) and not (
        job.status == ReportJobStatus.DONE and job.measurement.status == MeasurementStatus.CLOSED
    ):
        raise PermissionDenied
    return job


def report_jobs(measurement: Measurement, *, actor: Actor) -> QuerySet[ReportJob]:
    """The latest jobs of a measurement (one query); only finished ones for members."""
    jobs = ReportJob.objects.filter(measurement=measurement).select_related("created_by")
    if not may_generate(actor):
        jobs = jobs.filter(status=ReportJobStatus.DONE)
    return jobs.order_by("-created_at", "-pk")[:RECENT_JOBS]
