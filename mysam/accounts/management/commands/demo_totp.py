"""``manage.py demo_totp <e-mail>``: the current one-time code of a demo user.

The demo's stand-in for a phone with an authenticator app. It knows only the fixed secrets
of the demo logins (mysam.organisation.demo) and refuses every other address.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mysam.organisation import demo


class Command(BaseCommand):
    help = "Print the current six-digit TOTP code of a demo user (demo logins only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        try:
            code = demo.demo_totp_code(email)
        except ValueError as error:
            known = ", ".join(demo.DEMO_TOTP_SECRETS)
            raise CommandError(f"{error} Demo users with an authenticator: {known}.") from None
        self.stdout.write(code)
