"""Intervals and tests for survey results, without Django.

Survey answers are anonymous, so two measurements (or two groups) are always compared as
independent samples, never as paired ones. The functions here take plain counts:

- :func:`wilson_interval` — the 95 % Wilson score interval of a proportion (stays inside
  0..1 and behaves for small n and for 0 % or 100 %, unlike the textbook Wald interval);
- :func:`newcombe_interval` — Newcombe's hybrid score interval (his method 10, 1998) for the
  difference of two independent proportions, built from the two Wilson intervals;
- :func:`mann_whitney` — the two-sided Mann–Whitney U test on ordinal answers given as
  counts per scale step (SciPy, normal approximation with the tie correction, since answers
  on a 5- or 6-step scale are full of ties);
- :func:`chi_square` — the chi-square test of independence on a contingency table (SciPy,
  without Yates' correction), which says when expected counts are too small for the test
  (Cochran: any expected count below 1, or more than a fifth below 5);
- :func:`format_p` and :func:`is_significant` — the p-value written the Swedish way and the
  5 % level. The sentences shown to users are translated in mysam.insights.

References: Wilson (1927); Newcombe, "Interval estimation for the difference between
independent proportions", Statistics in Medicine 17 (1998) 873–890.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mysam.lib.formatting import format_number

Z_95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution
ALPHA = 0.05


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


def wilson_interval(successes: int, n: int, *, z: float = Z_95) -> Interval:
    """The Wilson score interval for `successes` out of `n`. Refuses n < 1 and counts
    outside 0..n (a proportion of nothing has no interval)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    if not 0 <= successes <= n:
        raise ValueError("successes must be between 0 and n")
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    # At the ends the interval touches 0 or 1 exactly; rounding must not push it past them.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return Interval(low, high)


@dataclass(frozen=True)
class Difference:
    """p1 − p2 with its Newcombe interval."""

    p1: float
    p2: float
    difference: float
    interval: Interval

    @property
    def excludes_zero(self) -> bool:
        return self.interval.low > 0 or self.interval.high < 0


def newcombe_interval(
    successes1: int, n1: int, successes2: int, n2: int, *, z: float = Z_95
) -> Difference:
    """Newcombe's hybrid score interval for p1 − p2 of two independent samples."""
    p1, p2 = successes1 / n1 if n1 else 0.0, successes2 / n2 if n2 else 0.0
    w1 = wilson_interval(successes1, n1, z=z)
    w2 = wilson_interval(successes2, n2, z=z)
    d = p1 - p2
    low = d - math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2)
    high = d + math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2)
    return Difference(p1=p1, p2=p2, difference=d, interval=Interval(low, high))


@dataclass(frozen=True)
class TestResult:
    """A test's statistic and two-sided p-value. `reliable` is False when the test's
    assumptions fail (too small expected counts, too few answers); `note` says why."""

    name: str
    statistic: float
    p_value: float
    reliable: bool = True
    note: str = ""
    degrees_of_freedom: int | None = None

    @property
    def significant(self) -> bool:
        return self.reliable and is_significant(self.p_value)


def _expand(counts: Mapping[int, int]) -> list[int]:
    return [value for value, count in sorted(counts.items()) for _ in range(count)]


def mann_whitney(counts1: Mapping[int, int], counts2: Mapping[int, int]) -> TestResult:
    """Two-sided Mann–Whitney U test of two independent samples of scale answers, each given
    as {step value: count}. Uses the normal approximation with the tie correction (the exact
    test assumes no ties). Refuses an empty sample."""
    from scipy.stats import mannwhitneyu

    x, y = _expand(counts1), _expand(counts2)
    if not x or not y:
        raise ValueError("both samples need at least one answer")
    if len(set(x) | set(y)) == 1:
        # Every answer is the same step: no difference at all, and SciPy would divide by 0.
        return TestResult("Mann-Whitney U", len(x) * len(y) / 2, 1.0)
    result = mannwhitneyu(x, y, alternative="two-sided", method="asymptotic", use_continuity=True)
    return TestResult("Mann-Whitney U", float(result.statistic), float(result.pvalue))


def chi_square(table: Sequence[Sequence[int]]) -> TestResult:
    """The chi-square test of independence of a contingency table (rows × columns of
    counts). Rows or columns that are all zero are dropped first. `reliable` is False when
    an expected count is below 1 or more than a fifth are below 5 (Cochran's rule), or when
    fewer than two rows or columns remain."""
    from scipy.stats import chi2_contingency

    rows = [list(row) for row in table if any(row)]
    if rows:
        keep = [j for j in range(len(rows[0])) if any(row[j] for row in rows)]
        rows = [[row[j] for j in keep] for row in rows]
    if len(rows) < 2 or len(rows[0]) < 2:
        return TestResult(
            "chi-square", 0.0, 1.0, reliable=False, note="fewer than two rows or columns"
        )
    result = chi2_contingency(rows, correction=False)
    expected = [float(e) for row in result.expected_freq for e in row]
    small = sum(1 for e in expected if e < 5)
    reliable = min(expected) >= 1 and small <= len(expected) / 5
    note = "" if reliable else "expected counts too small"
    return TestResult(
        "chi-square",
        float(result.statistic),
        float(result.pvalue),
        reliable=reliable,
        note=note,
        degrees_of_freedom=int(result.dof),
    )


def is_significant(p_value: float, *, alpha: float = ALPHA) -> bool:
    """Whether a p-value is below the 5 % level."""
    return p_value < alpha


def format_p(p_value: float) -> str:
    """The p-value as Swedish text: two significant decimals, ``0,03``, ``0,30``; below
    0.001 as ``< 0,001`` (more decimals suggest a precision the data do not have)."""
    if p_value < 0.001:
        return "< " + format_number(0.001, 3)
    if p_value < 0.01:
        return format_number(p_value, 3)
    return format_number(p_value, 2)
