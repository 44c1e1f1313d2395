"""Hand-made cases of the disclosure rule (the property-based test lives beside it)."""

import pytest

from mysam.lib.disclosure import hidden_groups, total_is_shown


def test_it_hides_a_small_group_and_its_complement():
    sizes = {"Gävle": 40, "Hofors": 2, "Ockelbo": 6, "Sandviken": 30}
    # Hofors (2) alone could be recovered as total − shown, so Ockelbo (the smallest shown)
    # goes too: 2 + 6 = 8 ≥ 5.
    assert hidden_groups(sizes, threshold=5) == {"Hofors", "Ockelbo"}


def test_it_hides_nothing_when_every_group_is_large_enough():
    assert hidden_groups({"a": 5, "b": 7}, threshold=5) == set()


def test_two_small_groups_whose_sum_is_large_enough_need_no_complement():
    assert hidden_groups({"a": 4, "b": 4, "c": 50}, threshold=5) == {"a", "b"}


def test_two_small_groups_whose_sum_is_too_small_take_a_third():
    assert hidden_groups({"a": 1, "b": 2, "c": 9, "d": 50}, threshold=5) == {"a", "b", "c"}


def test_a_small_total_hides_everything():
    assert hidden_groups({"a": 1, "b": 2, "c": 0}, threshold=5) == {"a", "b", "c"}
    assert not total_is_shown({"a": 1, "b": 2}, threshold=5)


def test_empty_groups_are_shown_as_zero():
    assert hidden_groups({"a": 0, "b": 10, "c": 12}, threshold=5) == set()


def test_it_refuses_a_threshold_below_three():
    with pytest.raises(ValueError):
        hidden_groups({"a": 10}, threshold=2)


def test_a_two_way_table_hides_a_small_cell_with_a_second_cell_in_its_row_and_column():
    from mysam.lib.disclosure import hidden_cells

    cells = {("a", 1): 1, ("a", 2): 10, ("b", 1): 10, ("b", 2): 10}
    result = hidden_cells(cells, threshold=5)
    # Hiding only a1, a2 and b1 would leave a2 = column 2 − b2, and then a1 = row a − a2.
    assert result.cells == set(cells)
    assert not result.rows and not result.columns and not result.total


def test_a_two_way_table_with_large_cells_hides_nothing():
    from mysam.lib.disclosure import hidden_cells

    cells = {("a", 1): 66, ("a", 2): 96, ("b", 1): 69, ("b", 2): 96}
    assert not hidden_cells(cells, threshold=5)


def test_a_small_row_total_is_hidden_with_its_cells_and_a_complement():
    from mysam.lib.disclosure import hidden_cells

    cells = {("a", 1): 2, ("a", 2): 1, ("b", 1): 30, ("b", 2): 40, ("c", 1): 20, ("c", 2): 25}
    result = hidden_cells(cells, threshold=5)
    assert "a" in result.rows and "c" in result.rows  # 3 < 5, then the smallest other row
    assert {("a", 1), ("a", 2)} <= result.cells


def test_a_small_two_way_table_hides_everything_but_says_so():
    from mysam.lib.disclosure import hidden_cells

    result = hidden_cells({("a", 1): 1, ("a", 2): 2}, threshold=5)
    assert result.total and result.rows == {"a"} and result.cells == {("a", 1), ("a", 2)}
