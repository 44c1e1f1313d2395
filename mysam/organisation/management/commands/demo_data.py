"""``manage.py demo_data [--if-empty] [--reset]``: build the demo and print its logins."""

from __future__ import annotations

import importlib
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from mysam.organisation import demo

LATER_DEMOS = [
    "mysam.surveys.demo",
    "mysam.funding.demo",
    "mysam.statistics.demo",
]


class Command(BaseCommand):
    help = (
        "Build the demo: Samordningsförbund Gävleborg with invented people, a small second "
        "association, and one login per role. Prints the logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing (but print the logins) when the database already has data",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="remove the demo associations and demo users first, then build again",
        )

    def handle(
        self, *args: Any, if_empty: bool = False, reset: bool = False, **options: Any
    ) -> None:
        from mysam.meetings import demo as meetings_demo  # meetings, built on groups and plans
        from mysam.organisation.models import Association
        from mysam.plans import demo as plans_demo  # action plans, built on the groups

        # The later apps' demos (measurements, funding, statistics): each module has
        # `build(association) -> str` (a summary line) and `remove()`.
        later_demos = [importlib.import_module(name) for name in LATER_DEMOS]
        if reset:
            for module in reversed(later_demos):
                module.remove()
            meetings_demo.meetings_demo_remove()
            plans_demo.plans_demo_remove()
            demo.demo_remove()
            self.stdout.write("Removed the old demo data.")
        if if_empty and Association.objects.exists():
            self.stdout.write("The database already has data; the demo was not rebuilt.")
        elif demo.demo_exists():
            raise CommandError("The demo data already exists. Use --reset to rebuild it.")
        else:
            with transaction.atomic():
                result = demo.demo_build()
                plans = plans_demo.plans_demo_build(result.gavleborg)
                meetings = meetings_demo.meetings_demo_build(result.gavleborg)
                summaries = [module.build(result.gavleborg) for module in later_demos]
            people = result.gavleborg.people.count()
            groups = result.gavleborg.groups.count()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Built {result.gavleborg.name}: {groups} Mysam groups, {people} people; "
                    f"{len(plans)} action plans; {len(meetings)} meetings; "
                    f"and {result.exempel.name}."
                )
            )
            for summary in summaries:
                self.stdout.write(self.style.SUCCESS(summary))
        self._print_logins()

    def _print_logins(self) -> None:
        from mysam.accounts.models import User

        existing = set(
            User.objects.filter(email__in=demo.DEMO_EMAILS).values_list("email", flat=True)
        )
        rows = [
            (
                login.role,
                login.email,
                demo.DEMO_PASSWORD,
                login.note + (" (TOTP)" if login.has_totp else ""),
            )
            for login in demo.DEMO_LOGINS
            if login.email in existing
        ]
        if not rows:
            self.stdout.write("No demo logins in this database.")
            return
        header = ("role", "e-mail", "password", "")
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(3)]
        self.stdout.write("")
        self.stdout.write("Demo logins:")
        for row in [header, *rows]:
            cells = [str(row[i]).ljust(widths[i]) for i in range(3)]
            self.stdout.write("  " + "  ".join(cells) + "  " + row[3])
        if any(login.has_totp for login in demo.DEMO_LOGINS):
            self.stdout.write(
                "Logins marked TOTP ask for a one-time code: "
                "python3 dev.py totp <e-mail> (or manage.py demo_totp <e-mail>) prints it."
            )
