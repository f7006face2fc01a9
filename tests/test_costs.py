"""attnlib.maths.costs: honest counts of work and memory for attention and an RNN (notebook 08), the longest
sequence a memory budget allows, and clear errors for bad input (warnings are errors)."""

import pytest

from attnlib.maths import costs

pytestmark = pytest.mark.filterwarnings("error")


def test_costs_scale_as_the_paper_says():
    a1, a2 = costs.attention_cost(100, 64), costs.attention_cost(200, 64)
    r1, r2 = costs.rnn_cost(100, 64), costs.rnn_cost(200, 64)
    assert a2["multiply_adds"] == 4 * a1["multiply_adds"]  # O(n² d)
    assert r2["multiply_adds"] == 2 * r1["multiply_adds"]  # O(n d²)
    assert a1["sequential_steps"] == a2["sequential_steps"] == 1  # O(1)
    assert r2["sequential_steps"] == 200  # O(n)
    assert a2["max_path_length"] == 1 and r2["max_path_length"] == 199


def test_memory_and_longest_sequence():
    assert costs.weight_matrix_bytes(1000) == 4_000_000
    n = costs.longest_sequence(2**30)
    assert costs.weight_matrix_bytes(n) <= 2**30 < costs.weight_matrix_bytes(n + 1)
    assert costs.longest_sequence(2**30, heads=16) < n


def test_longest_sequence_counts_up_and_down():
    for budget in (3, 4, 17, 10**6 + 7):
        n = costs.longest_sequence(budget, bytes_per_entry=1)
        assert n * n <= budget < (n + 1) ** 2


def test_longest_sequence_is_exact_for_huge_budgets():
    n = costs.longest_sequence(10**400, bytes_per_entry=1)
    assert n * n <= 10**400 < (n + 1) ** 2


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda bad: costs.attention_cost(bad, 4), TypeError, r"n must be a whole number >= 1, got"),
        (lambda bad: costs.longest_sequence(bad), TypeError, r"memory_bytes must be a whole number >= 1, got"),
    ],
)
@pytest.mark.parametrize("bad", ["2", None, [2]])
def test_wrong_type_names_the_argument(call, error, message, bad):
    with pytest.raises(error, match=message):
        call(bad)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [(lambda: costs.attention_cost(0, 4), ValueError, r"n must be a whole number >= 1, got 0")],
)
def test_error_names_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()
