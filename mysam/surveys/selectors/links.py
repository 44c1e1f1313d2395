"""Reads for a personal link that no longer works.

A link is replaced when the office corrects the address (the new person gets a new link),
or once by a reminder for a link sent before links were stable. Only the replaced link's
hash and its questionnaire are kept (`ReplacedLink`), so the page can say what happened.
"""

from __future__ import annotations

from mysam.surveys.models import Questionnaire, ReplacedLink
from mysam.surveys.tokens import hash_token


def replaced_link_questionnaire(token: str) -> Questionnaire | None:
    """The questionnaire of a replaced personal link; None for a link never seen."""
    replaced = (
        ReplacedLink.objects.select_related("questionnaire")
        .filter(token_hash=hash_token(token))
        .first()
    )
    return replaced.questionnaire if replaced else None
