"""The statistics part of the demo (`manage.py demo_data`)."""

from __future__ import annotations

from mysam.organisation.models import Association


def build(association: Association) -> str:
    """Build this app's demo rows for `association`; return a one-line summary."""
    return "No statistics demo yet."


def remove() -> None:
    """Delete this app's demo rows (before the organisation demo removes what they use)."""
