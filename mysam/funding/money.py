"""Exact money arithmetic for budgets: splitting an amount by shares so that the parts add
up to the whole, to the öre.

The split uses the largest-remainder method: every part gets its share rounded down to
whole öre, and the öre left over go one each to the parts with the largest remainders
(ties to the earlier part). Decimal throughout; never float.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal

ORE = Decimal("0.01")
ZERO = Decimal("0.00")


def to_money(value: Decimal | int | str) -> Decimal:
    """The amount with exactly two decimals (kronor and öre)."""
    return Decimal(value).quantize(ORE)


def split(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """``total`` split in proportion to ``weights``; the parts sum exactly to ``total``.

    Refuses (ValueError) negative weights or a negative total. All-zero weights give zeros
    (nothing can be split by an empty key)."""
    total = to_money(total)
    if total < 0 or any(w < 0 for w in weights):
        raise ValueError("negative amount or weight")
    weight_sum = sum(weights, Decimal(0))
    if not weights or weight_sum == 0:
        return [ZERO for _ in weights]
    total_ore = int(total / ORE)
    exact = [Decimal(total_ore) * w / weight_sum for w in weights]
    floors = [int(e.to_integral_value(rounding=ROUND_DOWN)) for e in exact]
    left = total_ore - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [Decimal(f) * ORE for f in floors]
