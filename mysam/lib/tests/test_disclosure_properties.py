"""Property-based tests of the disclosure rule: whatever the counts, no hidden count below
the threshold (nor any sum of hidden counts below it) can be worked out from what is
published. The attacker is a linear program: the hidden counts are unknowns ≥ 0 tied by
every published total and cell; a small figure is safe when its minimum and maximum over
all solutions differ. (The margins of a table form a totally unimodular system, so the
integer minimum and maximum are the real ones: the LP is an exact attacker.)"""

from __future__ import annotations

from itertools import combinations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from mysam.lib.disclosure import hidden_cells, hidden_groups, total_is_shown

counts = st.one_of(st.integers(0, 4), st.integers(0, 25))
thresholds = st.integers(3, 6)


def _determined(
    equations: list[list[float]], values: list[float], subset: list[int], size: int
) -> bool:
    """Whether sum(x[i] for i in subset) takes one value over {x ≥ 0 : equations · x = values}."""
    objective = np.zeros(size)
    objective[subset] = 1.0
    kwargs = {"bounds": [(0, None)] * size, "method": "highs"}
    if equations:
        kwargs |= {"A_eq": np.array(equations), "b_eq": np.array(values)}
    low = linprog(objective, **kwargs)
    high = linprog(-objective, **kwargs)
    assert low.status == 0  # the true counts are always a solution
    if high.status == 3:  # unbounded: nothing pins it down
        return False
    return abs(low.fun + high.fun) < 1e-7


def _small_subsets(unknowns: list, true: dict, threshold: int):
    """Every non-empty set of hidden figures whose true sum is below the threshold."""
    small = [key for key in unknowns if true[key] < threshold]
    for size in range(1, threshold):
        for subset in combinations(small, size):
            if 0 < sum(true[key] for key in subset) < threshold:
                yield subset


@given(sizes=st.lists(counts, min_size=1, max_size=8), threshold=thresholds)
@settings(max_examples=150, deadline=None)
def test_no_small_hidden_group_can_be_recovered_from_a_breakdown(sizes, threshold):
    groups = dict(enumerate(sizes))
    hidden = sorted(hidden_groups(groups, threshold=threshold))
    shown_total = total_is_shown(groups, threshold=threshold)
    # Published: the shown groups' sizes and, if shown, the total.
    equations, values = [], []
    if shown_total:
        equations.append([1.0] * len(hidden))
        values.append(sum(groups[key] for key in hidden))
    for subset in _small_subsets(hidden, groups, threshold):
        positions = [hidden.index(key) for key in subset]
        assert not _determined(equations, values, positions, len(hidden)), (groups, subset)
    # Every small non-empty group is hidden.
    assert all(key in hidden for key, n in groups.items() if 0 < n < threshold)


tables = st.integers(2, 4).flatmap(
    lambda rows: st.integers(2, 4).flatmap(
        lambda columns: st.lists(
            st.lists(counts, min_size=columns, max_size=columns), min_size=rows, max_size=rows
        )
    )
)


@given(table=tables, threshold=thresholds)
@settings(max_examples=100, deadline=None)
def test_no_small_hidden_cell_or_total_can_be_recovered_from_a_two_way_table(table, threshold):
    cells = {(r, c): n for r, row in enumerate(table) for c, n in enumerate(row)}
    rows = range(len(table))
    columns = range(len(table[0]))
    result = hidden_cells(cells, threshold=threshold)
    unknowns = sorted(result.cells)
    index = {key: i for i, key in enumerate(unknowns)}
    # Hidden cells are never empty ones, unless everything is hidden.
    assert all(cells[key] > 0 for key in unknowns)
    equations, values = [], []

    def publish(keys):
        equation = [0.0] * len(unknowns)
        known = 0
        for key in keys:
            if key in index:
                equation[index[key]] = 1.0
            else:
                known += cells[key]
        if any(equation):
            equations.append(equation)
            values.append(sum(cells[key] for key in keys) - known)

    for r in rows:
        if r not in result.rows:
            publish([(r, c) for c in columns])
    for c in columns:
        if c not in result.columns:
            publish([(r, c) for r in rows])
    if not result.total:
        publish(list(cells))
    for subset in _small_subsets(unknowns, cells, threshold):
        positions = [index[key] for key in subset]
        assert not _determined(equations, values, positions, len(unknowns)), (table, subset)
    # Small cells are hidden, and so are small published totals.
    assert all(key in result.cells for key, n in cells.items() if 0 < n < threshold)
    for r in rows:
        total = sum(table[r])
        if 0 < total < threshold:
            assert r in result.rows
    for c in columns:
        total = sum(row[c] for row in table)
        if 0 < total < threshold:
            assert c in result.columns
