"""The remaining input errors: each names the argument and says what was expected and what came."""

import numpy as np
import pytest

import attnlib as al
from attnlib import exercises
from attnlib.exercises import checkers
from attnlib.maths import costs, rnn
from attnlib.viz import html as vhtml
from attnlib.viz import readouts


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: al.softmax([]), ValueError, r"x is empty \(shape \(0,\)\); it needs at least one number"),
        (
            lambda: al.attention(np.ones((2, 3)), np.ones((2, 3)), np.ones((2, 3)), mask="all"),
            TypeError,
            r"mask must be an array of booleans, got str",
        ),
        (lambda: al.embed("cat", table=[1, 2]), TypeError, r"table must be a table name or a non-empty dict"),
        (lambda: al.lookup(3), TypeError, r"word must be a string, got int"),
        (lambda: al.embed([]), ValueError, r"sentence has no words"),
        (lambda: al.random_projections(4, 0), ValueError, r"d_out must be a whole number >= 1, got 0"),
        (
            lambda: al.plot_vectors_2d([(1, 2)]),
            TypeError,
            r"vectors must be a non-empty dict of word -> \(x, y\); got list",
        ),
        (
            lambda: al.plot_profiles(np.ones((2, 2, 8))),
            ValueError,
            r"vectors must be \(d,\) or \(k, d\); got shape \(2, 2, 8\)",
        ),
        (
            lambda: al.sinusoidal_positional_encoding(4, 8, base=1.0),
            ValueError,
            r"base must be a finite number > 1, got 1.0",
        ),
        (lambda: costs.attention_cost(0, 4), ValueError, r"n must be a whole number >= 1, got 0"),
        (
            lambda: rnn.rnn_forward(np.ones((2, 3)), np.ones((4, 5)), np.ones((5, 5))),
            ValueError,
            r"w_x must have 3 rows for x of shape \(2, 3\); got \(4, 5\)",
        ),
        (
            lambda: al.dot_similarity_matrix(np.ones((2, 2, 3)), np.ones((3, 2, 3))),
            ValueError,
            r"x and y have leading \(batch\) dimensions that do not broadcast",
        ),
        (
            lambda: vhtml.render_bars_html(["a"], [0.1, 0.2]),
            ValueError,
            r"labels must have 2 entries to match values; got 1",
        ),
        (
            lambda: al.build_mixing_widget(weights=(0.5, 0.5)),
            ValueError,
            r"weights must have 3 entries, one per word of 'love Apple phones'; got 2",
        ),
        (lambda: al.score_statistics(0, True), ValueError, r"d_k must be a whole number >= 1, got 0"),
    ],
)
def test_error_names_argument(call, error, message):
    pytest.importorskip("matplotlib")
    pytest.importorskip("ipywidgets")
    with pytest.raises(error, match=message):
        call()


def test_known_words_and_custom_table():
    assert al.known_words("cat_sat_mat") == ["cat", "mat", "sat"]
    assert al.known_words({"X": [1.0]}) == ["x"]


def test_longest_sequence_counts_up_and_down():
    for budget in (3, 4, 17, 10**6 + 7):
        n = costs.longest_sequence(budget, bytes_per_entry=1)
        assert n * n <= budget < (n + 1) ** 2


def test_zero_length_vector_message():
    assert "Length 0" in readouts.describe_vector_pair(30, 0)


def test_probability_rows_hint_for_matrix_answers():
    ex = exercises.Exercise("t-rows", "", "array", lambda: al.softmax(np.eye(2)), probabilities=True)
    fb = checkers.check_array(ex, [[0.5, 0.5], [0.9, 0.9]])
    assert not fb.ok and "Row 1 sums to 1.8" in fb.message


def test_single_number_expected():
    fb = al.evaluate("07-scale", [0.1, 0.2])
    assert not fb.ok and "Expected a single number, but got shape (2,)" in fb.message


def test_checker_never_raises_even_if_a_checker_breaks(monkeypatch):
    def broken(ex, answer):
        raise RuntimeError("internal slip")

    monkeypatch.setitem(checkers.CHECKERS, "number", broken)
    fb = al.evaluate("00-dot", 11)
    assert not fb.ok and "couldn't check this answer (RuntimeError: internal slip)" in fb.message
