"""Link tokens: the token goes in the e-mail, only its hash is stored.

A personal link's token is derived, not stored: ``HMAC-SHA256(key, salt)`` in URL-safe
base64, where the salt is random per invitation (stored on the invitation) and the key is
``settings.SURVEY_LINK_KEY`` or, when that is not set, ``settings.SECRET_KEY``. The
database holds the salt and ``sha256(token)``; neither opens a questionnaire without the
key. Sending a reminder derives the same token again, so every e-mail to a person carries
the same link. A new salt (a corrected address) gives a new link.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.conf import settings

# Separates this use of the key from every other HMAC made with SECRET_KEY.
_PURPOSE = "mysam.surveys.personal-link"


def hash_token(token: str) -> str:
    """The stored form of a link token (hex SHA-256)."""
    return hashlib.sha256(token.encode()).hexdigest()


def make_token() -> tuple[str, str]:
    """A new random token and its hash: `(token, token_hash)` (the open link, the open
    link's resume cookie, a placeholder hash before a personal link is first sent)."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def new_salt() -> str:
    """A random salt for a personal link (stored on the invitation)."""
    return secrets.token_urlsafe(24)


def _key() -> bytes:
    key = getattr(settings, "SURVEY_LINK_KEY", "") or settings.SECRET_KEY
    return str(key).encode()


def personal_token(salt: str) -> str:
    """The token of the personal link with this salt; the same every time it is asked."""
    if not salt:
        raise ValueError("A personal link needs a salt.")
    digest = hmac.new(_key(), f"{_PURPOSE}:{salt}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def personal_link_token(salt: str) -> tuple[str, str]:
    """The personal link's token and its hash: `(token, token_hash)`."""
    token = personal_token(salt)
    return token, hash_token(token)
