"""Disclosure control: the one place that decides which groups of answers may be shown.

ARCHITECTURE.md: a group with fewer valid answers than the association's threshold (default
5, never below 3) is hidden, and so are the groups needed to keep it from being recovered by
subtraction from a published total. Every breakdown, chart, table, export and API figure of
survey results (and the response rates per unit) goes through this module. No Django here.

Rule for one breakdown (groups that together make up a published total):
1. every group with 0 < n < threshold is hidden;
2. while the hidden groups together hold fewer than `threshold` answers (so their sum, which
   anyone can compute as total − shown, would itself be a small group) and something is still
   shown, the smallest shown group with n > 0 is hidden as well (complementary suppression);
3. if the total itself is below the threshold, everything is hidden, the total included.
Groups with n = 0 are shown as 0: they reveal nothing about anybody.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

MIN_THRESHOLD = 3


def hidden_groups(sizes: Mapping[K, int], *, threshold: int) -> set[K]:
    """The keys of `sizes` (group → number of valid answers) that must not be shown.

    Refuses a threshold below 3. The result never lets a hidden group's size, or the size of
    any union of hidden groups, be recovered from the shown sizes and the total.
    """
    if threshold < MIN_THRESHOLD:
        raise ValueError(f"threshold must be at least {MIN_THRESHOLD}, not {threshold}")
    if any(n < 0 for n in sizes.values()):
        raise ValueError("group sizes cannot be negative")
    total = sum(sizes.values())
    if total < threshold:
        return {key for key, n in sizes.items() if n > 0} | (set(sizes) if total > 0 else set())
    hidden = {key for key, n in sizes.items() if 0 < n < threshold}
    # Smallest first; ties broken by the key's text so the choice is stable between runs.
    shown = sorted(
        (key for key, n in sizes.items() if n > 0 and key not in hidden),
        key=lambda key: (sizes[key], str(key)),
    )
    while hidden and sum(sizes[key] for key in hidden) < threshold and shown:
        hidden.add(shown.pop(0))
    return hidden


def total_is_shown(sizes: Mapping[K, int], *, threshold: int) -> bool:
    """Whether the total of a breakdown may be published (it holds at least `threshold`)."""
    if threshold < MIN_THRESHOLD:
        raise ValueError(f"threshold must be at least {MIN_THRESHOLD}, not {threshold}")
    return sum(sizes.values()) >= threshold
