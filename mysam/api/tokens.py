"""Making and checking token secrets (no Django models here: pure helpers)."""

from __future__ import annotations

import hashlib
import secrets

# "mysam_" tells a leaked secret apart in logs and secret scanners.
SECRET_PREFIX = "mysam_"  # noqa: S105 (a visible marker, not a secret)


def new_secret() -> str:
    """A fresh secret: 'mysam_' + 43 URL-safe characters (256 random bits)."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def secret_hash(secret: str) -> str:
    """SHA-256 of the secret. The secret is random and long, so a plain, unsalted hash is
    enough (no password hashing needed) and lets a request find its token with one lookup."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
