"""``manage.py surveys_mailings``: continue send-outs whose worker was killed (run from cron,
e.g. every five minutes). A send-out whose heartbeat is older than two minutes gets a
continuation task that sends only what was never claimed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mysam.surveys.services.mailing import mailings_resume_stale


class Command(BaseCommand):
    help = "Continue survey send-outs whose background worker stopped."

    def handle(self, *args: Any, **options: Any) -> None:
        count = mailings_resume_stale()
        self.stdout.write(f"{count} send-out(s) continued.")
