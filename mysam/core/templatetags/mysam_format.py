"""Template filters for Swedish numbers and dates: ``{% load mysam_format %}``.

- ``{{ budget|sek }}`` → ``324 651 kr`` (``1 234,50 kr`` when there are öre)
- ``{{ meeting.date|ymd }}`` → ``2026-03-23`` (aware datetimes in local time)
- ``{{ share|percent }}`` → ``31 %``; ``{{ share|percent:1 }}`` → ``30,7 %``; the value is
  a share between 0 and 1, not a percentage
- ``{{ count|number }}`` → ``1 164``

Like Django's own filters they fail quietly: an empty value gives an empty string and a
value that is not a number or a date is shown unchanged.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import timezone

from mysam.lib import formatting

register = template.Library()


def _number(value: Any) -> Decimal | int | float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, Decimal | int | float):
        return value
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return None


@register.filter(is_safe=True)
def sek(value: Any) -> str:
    """An amount in kronor."""
    number = _number(value)
    if number is None:
        return "" if value is None else str(value)
    try:
        return formatting.format_amount(
            number if not isinstance(number, float) else Decimal(str(number))
        )
    except (TypeError, ValueError, InvalidOperation):
        return str(value)


@register.filter(is_safe=True)
def number(value: Any, decimals: Any = 0) -> str:
    """A number with grouped thousands."""
    parsed = _number(value)
    if parsed is None:
        return "" if value is None else str(value)
    try:
        return formatting.format_number(parsed, int(decimals))
    except (TypeError, ValueError, InvalidOperation):
        return str(value)


@register.filter(is_safe=True)
def percent(value: Any, decimals: Any = 0) -> str:
    """A share between 0 and 1 as a percentage."""
    parsed = _number(value)
    if parsed is None:
        return "" if value is None else str(value)
    try:
        return formatting.format_percent(parsed, int(decimals))
    except (TypeError, ValueError, InvalidOperation):
        return str(value)


@register.filter(expects_localtime=True, is_safe=False)
def ymd(value: Any) -> str:
    """A date as ÅÅÅÅ-MM-DD; aware datetimes are shown in the local time zone."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if isinstance(value, datetime.date):
        return formatting.format_date(value)
    return str(value)
