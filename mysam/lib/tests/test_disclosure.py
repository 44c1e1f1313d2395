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
