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

Rule for a two-way table (`hidden_cells`: cells with row totals, column totals and a grand
total, all published unless hidden):
1. the row totals are groups of the grand total and so are the column totals: the rule
   above hides the small ones (and their complements); a row or column whose total is
   hidden has all its non-empty cells hidden;
2. every cell with 0 < n < threshold is hidden;
3. in every row and every column whose total is shown, the hidden cells must be none, or at
   least two that together hold at least `threshold` (a lone hidden cell is the total minus
   the shown ones, and would give away the cells it is tied to); otherwise the smallest
   shown non-empty cell of that line is hidden too;
4. an audit solves the published equations: the hidden cells are unknowns ≥ 0 tied by the
   shown totals. Since every hidden cell is > 0, a sum of hidden cells below the threshold
   (one small cell, or several, or a small hidden total) can be recovered exactly only if
   the equations alone fix it, i.e. if it is orthogonal to their null space (the matrix of
   a table's margins is totally unimodular, so the integer range of any sum equals its
   real range). If one is fixed, the smallest shown non-empty cell in the lines of the
   hidden cells tied to it is hidden as well, or, when there is none, the smallest of
   those lines' totals;
5. 3 and 4 repeat until nothing changes; a table that cannot be protected that way is
   hidden entirely but for its grand total (when that is large enough).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)

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


@dataclass
class TwoWaySuppression(Generic[R, C]):
    """What a two-way table must not show: cells (row, column), row totals, column totals
    and, when the whole table is too small, the grand total."""

    cells: set[tuple[R, C]] = field(default_factory=set)
    rows: set[R] = field(default_factory=set)
    columns: set[C] = field(default_factory=set)
    total: bool = False

    def __bool__(self) -> bool:
        return bool(self.cells or self.rows or self.columns or self.total)

    def __contains__(self, key: object) -> bool:
        return key in self.cells


MAX_AUDITED_SETS = 200_000


def _small_sets(
    cells: Mapping[tuple[R, C], int], hidden: set[tuple[R, C]], threshold: int
) -> Iterator[tuple[tuple[R, C], ...]]:
    """Every set of hidden cells whose sum is below the threshold (each cell is ≥ 1, so
    such a set has fewer than `threshold` cells)."""
    small = sorted((key for key in hidden if cells[key] < threshold), key=str)
    for size in range(1, threshold):
        for subset in combinations(small, size):
            if sum(cells[key] for key in subset) < threshold:
                yield subset


def _first_fixed_set(
    cells: Mapping[tuple[R, C], int],
    hidden: set[tuple[R, C]],
    hidden_rows: set[R],
    hidden_columns: set[C],
    threshold: int,
) -> tuple[tuple[R, C], ...] | None:
    """A set of hidden cells with a small sum that the published totals fix exactly, or
    None. Raises OverflowError when there are too many sets to audit."""
    import numpy as np
    from scipy.linalg import null_space

    unknowns = sorted(hidden, key=str)
    if not unknowns:
        return None
    index = {key: i for i, key in enumerate(unknowns)}
    equations: list[list[float]] = []
    for r in {r for r, _ in cells} - hidden_rows:
        equations.append([1.0 if key[0] == r else 0.0 for key in unknowns])
    for c in {c for _, c in cells} - hidden_columns:
        equations.append([1.0 if key[1] == c else 0.0 for key in unknowns])
    equations.append([1.0] * len(unknowns))  # the grand total (shown whenever we get here)
    basis = null_space(np.array(equations))
    for number, subset in enumerate(_small_sets(cells, hidden, threshold)):
        if number > MAX_AUDITED_SETS:
            raise OverflowError
        if basis.shape[1] == 0:
            return subset
        direction = basis[[index[key] for key in subset]].sum(axis=0)
        if np.allclose(direction, 0.0, atol=1e-9):
            return subset
    return None


def hidden_cells(cells: Mapping[tuple[R, C], int], *, threshold: int) -> TwoWaySuppression[R, C]:
    """What must not be shown of a two-way table given as {(row, column): count}, with its
    row totals, column totals and grand total published beside it. Refuses a threshold
    below 3 and negative counts. No small hidden cell, and no small sum of hidden cells or
    small hidden total, can be recovered from what is shown (see the module docstring)."""
    if threshold < MIN_THRESHOLD:
        raise ValueError(f"threshold must be at least {MIN_THRESHOLD}, not {threshold}")
    if any(n < 0 for n in cells.values()):
        raise ValueError("cell counts cannot be negative")
    rows = list(dict.fromkeys(r for r, _ in cells))
    columns = list(dict.fromkeys(c for _, c in cells))
    row_totals = {r: sum(n for (rr, _), n in cells.items() if rr == r) for r in rows}
    column_totals = {c: sum(n for (_, cc), n in cells.items() if cc == c) for c in columns}
    grand = sum(cells.values())
    result: TwoWaySuppression[R, C] = TwoWaySuppression()
    non_empty = {key for key, n in cells.items() if n > 0}
    if grand < threshold:
        everything = _hide_all_but_total(cells, rows, columns)
        everything.total = grand > 0
        return everything
    result.rows = hidden_groups(row_totals, threshold=threshold)
    result.columns = hidden_groups(column_totals, threshold=threshold)
    hidden = {key for key in non_empty if cells[key] < threshold}

    def order(key: tuple[R, C]) -> tuple[int, str]:
        return (cells[key], str(key))

    def row_keys(row: R) -> list[tuple[R, C]]:
        return [(row, c) for c in columns if (row, c) in cells]

    def column_keys(column: C) -> list[tuple[R, C]]:
        return [(r, column) for r in rows if (r, column) in cells]

    for _round in range(4 * len(cells) + 4):
        # A hidden total hides its line's cells.
        hidden |= {k for k in non_empty if k[0] in result.rows or k[1] in result.columns}
        changed = False
        lines = [row_keys(r) for r in rows if r not in result.rows] + [
            column_keys(c) for c in columns if c not in result.columns
        ]
        for line in lines:
            while True:
                in_line = [key for key in line if key in hidden]
                if not in_line or (
                    len(in_line) >= 2 and sum(cells[key] for key in in_line) >= threshold
                ):
                    break
                candidates = sorted((k for k in line if k in non_empty - hidden), key=order)
                if not candidates:
                    break
                hidden.add(candidates[0])
                changed = True
        if changed:
            continue
        try:
            fixed = _first_fixed_set(cells, hidden, result.rows, result.columns, threshold)
        except OverflowError:
            return _hide_all_but_total(cells, rows, columns)
        if fixed is None:
            result.cells = hidden
            return result
        # Break the equations that fix it: hide one more cell in the lines of the hidden
        # cells tied to it, or else one more of those lines' totals.
        touched_rows, touched_columns = _component(fixed, hidden)
        candidates = sorted(
            (k for k in non_empty - hidden if k[0] in touched_rows or k[1] in touched_columns),
            key=order,
        )
        if candidates:
            hidden.add(candidates[0])
            continue
        margins: list[tuple[int, str, str]] = [
            (row_totals[r], "row", str(r)) for r in touched_rows - result.rows if row_totals[r]
        ] + [
            (column_totals[c], "column", str(c))
            for c in touched_columns - result.columns
            if column_totals[c]
        ]
        if not margins:
            return _hide_all_but_total(cells, rows, columns)
        _total, kind, name = min(margins)
        if kind == "row":
            result.rows.add(next(r for r in touched_rows if str(r) == name))
        else:
            result.columns.add(next(c for c in touched_columns if str(c) == name))
    return _hide_all_but_total(cells, rows, columns)


def _component(start: Iterable[tuple[R, C]], hidden: set[tuple[R, C]]) -> tuple[set[R], set[C]]:
    """The rows and columns of the hidden cells linked to `start` through shared lines."""
    rows: set[R] = set()
    columns: set[C] = set()
    queue = list(start)
    while queue:
        r, c = queue.pop()
        if r in rows and c in columns:
            continue
        rows.add(r)
        columns.add(c)
        queue.extend(
            k for k in hidden if (k[0] == r or k[1] == c) and not (k[0] in rows and k[1] in columns)
        )
    return rows, columns


def _hide_all_but_total(
    cells: Mapping[tuple[R, C], int], rows: list[R], columns: list[C]
) -> TwoWaySuppression[R, C]:
    return TwoWaySuppression(
        cells={key for key, n in cells.items() if n > 0}, rows=set(rows), columns=set(columns)
    )
