"""Intervals and tests against published values (Newcombe 1998) and hand computations."""

import math

import pytest

from mysam.lib.statistics import (
    chi_square,
    format_p,
    is_significant,
    mann_whitney,
    newcombe_interval,
    wilson_interval,
)


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # Newcombe (1998), "Two-sided confidence intervals for the single proportion", table I.
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_matches_the_published_intervals(successes, n, low, high):
    interval = wilson_interval(successes, n)
    assert interval.low == pytest.approx(low, abs=5e-5)
    assert interval.high == pytest.approx(high, abs=5e-5)


def test_wilson_for_56_of_67_matches_the_formula_by_hand():
    # 56 of 67 managers (seed 004): p = 0.8358, z = 1.96.
    p, n, z = 56 / 67, 67, 1.959963984540054
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    interval = wilson_interval(56, 67)
    assert interval.low == pytest.approx(centre - half)
    assert interval.high == pytest.approx(centre + half)
    assert (round(interval.low, 3), round(interval.high, 3)) == (0.729, 0.906)


def test_wilson_stays_inside_zero_and_one_and_refuses_nothing_to_count():
    assert wilson_interval(5, 5).high == 1.0
    assert wilson_interval(0, 5).low == 0.0
    with pytest.raises(ValueError):
        wilson_interval(0, 0)
    with pytest.raises(ValueError):
        wilson_interval(6, 5)


@pytest.mark.parametrize(
    ("counts", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17, table II, method 10.
        ((56, 70, 48, 80), 0.0524, 0.3339),
        ((9, 10, 3, 10), 0.1705, 0.8090),
        ((5, 56, 0, 29), -0.0381, 0.1926),
        ((0, 10, 0, 20), -0.1611, 0.2775),
        ((10, 10, 0, 20), 0.6791, 1.0),
    ],
)
def test_newcombe_matches_the_published_intervals(counts, low, high):
    result = newcombe_interval(*counts)
    assert result.interval.low == pytest.approx(low, abs=5e-5)
    assert result.interval.high == pytest.approx(high, abs=5e-5)
    assert result.difference == pytest.approx(counts[0] / counts[1] - counts[2] / counts[3])


def test_newcombe_says_whether_the_interval_excludes_zero():
    assert newcombe_interval(56, 70, 48, 80).excludes_zero
    assert not newcombe_interval(5, 56, 0, 29).excludes_zero


def test_mann_whitney_with_ties_matches_the_normal_approximation_by_hand():
    first = {1: 3, 2: 4, 3: 5}
    second = {2: 2, 3: 6, 4: 3}
    result = mann_whitney(first, second)
    # U counted pair by pair: ties count a half. 3×0 + 4×(2×0.5) + 5×(2 + 6×0.5) = 29.
    assert result.statistic == 29
    n1, n2 = 12, 11
    n = n1 + n2
    ties = [3, 6, 11, 3]  # how many answers share each step, both samples together
    variance = n1 * n2 / 12 * ((n + 1) - sum(t**3 - t for t in ties) / (n * (n - 1)))
    z = (abs(29 - n1 * n2 / 2) - 0.5) / math.sqrt(variance)
    assert result.p_value == pytest.approx(math.erfc(z / math.sqrt(2)))
    assert result.significant


def test_mann_whitney_of_identical_answers_finds_nothing():
    result = mann_whitney({3: 10}, {3: 4})
    assert result.p_value == 1.0
    assert not result.significant
    with pytest.raises(ValueError):
        mann_whitney({}, {1: 2})


def test_chi_square_of_seed_table_4_matches_the_formula_by_hand():
    table = [[66, 96], [69, 96], [81, 138], [66, 149]]
    rows = [sum(r) for r in table]
    columns = [sum(c) for c in zip(*table, strict=True)]
    total = sum(rows)
    statistic = sum(
        (table[i][j] - rows[i] * columns[j] / total) ** 2 / (rows[i] * columns[j] / total)
        for i in range(4)
        for j in range(2)
    )
    result = chi_square(table)
    assert result.statistic == pytest.approx(statistic)
    assert result.degrees_of_freedom == 3
    # df = 3: the survival function is erfc(sqrt(x/2)) + sqrt(2x/pi)·exp(−x/2).
    p = math.erfc(math.sqrt(statistic / 2)) + math.sqrt(2 * statistic / math.pi) * math.exp(
        -statistic / 2
    )
    assert result.p_value == pytest.approx(p)
    assert result.reliable
    assert not result.significant  # p ≈ 0.099


def test_chi_square_says_when_expected_counts_are_too_small():
    result = chi_square([[1, 2], [3, 1]])
    assert not result.reliable
    assert result.note == "expected counts too small"
    assert not result.significant


def test_chi_square_drops_empty_rows_and_columns():
    assert chi_square([[10, 0, 20], [0, 0, 0], [20, 0, 10]]).degrees_of_freedom == 1
    assert not chi_square([[10, 20]]).reliable


def test_p_values_are_written_the_swedish_way_and_only_below_005_are_significant():
    assert format_p(0.0312) == "0,03"
    assert format_p(0.3) == "0,30"
    assert format_p(0.004) == "0,004"
    assert format_p(0.00001) == "< 0,001"
    assert is_significant(0.049)
    assert not is_significant(0.05)
