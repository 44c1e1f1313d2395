"""Background tasks of insights (django-tasks): generating the measurement report.

The argument is the job's id; the task reads the job again when it runs.
"""

from __future__ import annotations

from django_tasks import task

from mysam.insights.services import report


@task()
def generate_report(job_id: int) -> int:
    """Build the report's PDF and Word file; returns the number of PDF pages (0 on error)."""
    job = report.report_job_run(job_id=job_id)
    return (job.page_count or 0) if job is not None else 0
