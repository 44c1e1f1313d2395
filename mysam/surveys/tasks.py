"""Background tasks of the surveys (django-tasks): sending invitations and reminders.

The argument is the mailing's id; the task reads the rows again when it runs. Running it
twice, or again after a worker was killed, sends nothing twice (services.mailing).
"""

from __future__ import annotations

from django_tasks import task

from mysam.surveys.services import mailing


@task()
def send_mailing(mailing_id: int) -> int:
    """Send a mailing's e-mails; returns the number sent by this run."""
    return mailing.mailing_run(mailing_id=mailing_id)
