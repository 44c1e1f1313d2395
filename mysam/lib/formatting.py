"""Swedish formatting of amounts, dates and percentages, without Django.

The interface shows numbers the way Swedish public bodies write them:

- amounts: ``324 651 kr``; öre only when there are any (``1 234,50 kr``); never rounded
  to whole kronor, so no öre are lost;
- negative numbers with the minus sign U+2212 (``−1 200 kr``), which Språkrådet
  recommends and screen readers read as "minus" (a hyphen is often read as "dash");
  :func:`parse_amount` accepts both;
- thousands grouped with an ordinary space, decimals after a comma;
- dates as ``ÅÅÅÅ-MM-DD`` (ISO 8601);
- percentages with a space before the sign: ``31 %``, ``30,7 %``.

The separators are ordinary spaces, not no-break spaces, so text in pages, CSV and tests
compares equal to what a person types; tables keep numbers on one line with CSS
(``td.num { white-space: nowrap }``).
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MINUS = "\u2212"
CURRENCY = "kr"
_ORE = Decimal("0.01")

Number = Decimal | int


def _as_decimal(value: object) -> Decimal:
    """A Decimal for an int, a Decimal or a float (through its shortest repr)."""
    if isinstance(value, bool):
        raise TypeError("A truth value is not a number.")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"Cannot format {value!r}.")
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # str() gives the shortest repr, so 0.307 stays 0.307 and not 0.30699999…
        return _as_decimal(Decimal(str(value)))
    raise TypeError(f"Expected a number, got {type(value).__name__}.")


def _group(digits: str) -> str:
    """Group a string of digits in threes from the right: ``1234567`` → ``1 234 567``."""
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return " ".join(groups)


def format_number(value: Decimal | int | float, decimals: int = 0) -> str:
    """A number with grouped thousands and ``decimals`` places after a comma.

    Rounds half away from zero (the way people round by hand, not banker's rounding):
    ``format_number(2.5)`` is ``3``. A value that rounds to zero shows no minus sign.
    """
    if decimals < 0:
        raise ValueError("decimals cannot be negative.")
    number = _as_decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = MINUS if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    text = _group(whole)
    if decimals:
        text += "," + fraction
    return sign + text


def format_amount(value: Number) -> str:
    """An amount in kronor: ``324 651 kr``, ``1 234,50 kr``, ``−1 200 kr``.

    Öre are shown (always two digits) only when the amount has any; amounts given with
    more than two decimals are rounded to whole öre, half away from zero.
    """
    number = _as_decimal(value).quantize(_ORE, rounding=ROUND_HALF_UP)
    decimals = 0 if number == number.to_integral_value() else 2
    return f"{format_number(number, decimals)} {CURRENCY}"


_AMOUNT_RE = re.compile(
    r"^\s*([-\u2212]?)\s*(\d{1,3}(?:[ \u00a0\u202f]?\d{3})*)(?:,(\d{1,2}))?\s*(?:kr)?\s*$"
)


def parse_amount(text: str) -> Decimal:
    """Read back an amount written as :func:`format_amount` writes it (or typed by a person).

    Accepts spaces or no-break spaces between thousands, a comma before öre, a minus sign
    or a hyphen, and an optional ``kr``. Raises ``ValueError`` for anything else.
    """
    match = _AMOUNT_RE.match(text)
    if match is None:
        raise ValueError(f"Not an amount: {text!r}.")
    sign, whole, ore = match.groups()
    digits = re.sub(r"\D", "", whole)
    try:
        number = Decimal(f"{digits}.{ore or '0'}")
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits digits only
        raise ValueError(f"Not an amount: {text!r}.") from exc
    return -number if sign else number


def format_date(value: datetime.date | datetime.datetime) -> str:
    """A date as ``2026-03-23``. A datetime gives its own date: convert it to local time first."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        raise TypeError(f"Expected a date, got {type(value).__name__}.")
    return value.isoformat()


def format_percent(value: Decimal | int | float, decimals: int = 0) -> str:
    """A share (0.307) as a percentage: ``31 %``, or ``30,7 %`` with ``decimals=1``."""
    return f"{format_number(_as_decimal(value) * 100, decimals)} %"
