"""Helpers for the accounts tests: logging in through the real forms, TOTP codes."""

from __future__ import annotations

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from mysam.conftest import PASSWORD


def login(client: Client, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    """Post the login form (records a fresh authentication, as allauth's MFA pages want)."""
    return client.post(reverse("account_login"), {"login": email, "password": password})


def totp_code(secret: str, *, offset: int = 0) -> str:
    """The authenticator app's current code for a secret (``offset`` periods away)."""
    return str(format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset)))


def reauthenticate(client: Client, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    """Confirm the password again, as allauth asks before any change to MFA."""
    return client.post(reverse("account_reauthenticate"), {"password": password})
