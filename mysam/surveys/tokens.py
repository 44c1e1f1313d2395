"""Single-use link tokens: the token goes in the e-mail, only its hash is stored."""

from __future__ import annotations

import hashlib
import secrets


def hash_token(token: str) -> str:
    """The stored form of a link token (hex SHA-256)."""
    return hashlib.sha256(token.encode()).hexdigest()


def make_token() -> tuple[str, str]:
    """A new random token and its hash: `(token, token_hash)`."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)
