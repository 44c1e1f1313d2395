"""``manage.py meetings_daily [--date ÅÅÅÅ-MM-DD]``: enqueue the daily reminders (for cron).

Run it once a day, e.g. ``15 6 * * * .venv/bin/python manage.py meetings_daily``. It only
enqueues the task; a worker sends the mails. Running it twice sends each reminder once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mysam.meetings.services import reminders


class Command(BaseCommand):
    help = "Enqueue today's meeting reminders (action items due tomorrow)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", help="run as if today were this day (ÅÅÅÅ-MM-DD); for catching up"
        )

    def handle(self, *args: Any, date: str | None = None, **options: Any) -> None:
        day = None
        if date:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError("Give the date as YYYY-MM-DD.") from None
        reminders.enqueue_daily_run(day=day)
        self.stdout.write("Enqueued the daily meeting reminders.")
