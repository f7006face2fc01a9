"""attnlib.maths.rnn: a minimal RNN, step by step; how the first word's influence fades; and clear errors
for bad input (warnings are errors)."""

import numpy as np
import pytest

from attnlib.maths import rnn

pytestmark = pytest.mark.filterwarnings("error")


def test_rnn_forward_matches_step_by_step():
    rng = np.random.default_rng(0)
    x, wx, wh = rng.normal(size=(4, 3)), rng.normal(size=(3, 5)), rng.normal(size=(5, 5)) * 0.5
    states = rnn.rnn_forward(x, wx, wh)
    h = np.zeros(5)
    for t in range(4):
        h = np.tanh(x[t] @ wx + h @ wh)
        np.testing.assert_allclose(states[t], h)


def test_rnn_influence_decays_with_distance():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(30, 4))
    wx, wh = rng.normal(size=(4, 8)) * 0.5, rng.normal(size=(8, 8)) * 0.2
    influence = rnn.rnn_first_word_influence(x, wx, wh)
    assert influence[0] > influence[10] > influence[29]
    assert influence[29] < 1e-3 * influence[0]


def test_rnn_shape_errors():
    with pytest.raises(ValueError, match=r"w_h must have shape \(5, 5\) to match w_x \(3, 5\); got \(4, 4\)"):
        rnn.rnn_forward(np.ones((2, 3)), np.ones((3, 5)), np.ones((4, 4)))


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda bad: rnn.rnn_first_word_influence(np.ones((2, 2)), np.eye(2), np.eye(2), eps=bad),
            TypeError,
            r"eps must be a positive number, got",
        )
    ],
)
@pytest.mark.parametrize("bad", ["2", None, [2]])
def test_wrong_type_names_the_argument(call, error, message, bad):
    with pytest.raises(error, match=message):
        call(bad)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: rnn.rnn_forward(np.ones((2, 3)), np.ones((4, 5)), np.ones((5, 5))),
            ValueError,
            r"w_x must have 3 rows for x of shape \(2, 3\); got \(4, 5\)",
        )
    ],
)
def test_error_names_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_projections_that_overflow_are_clear_errors():
    x = np.full((2, 2), 1e200)
    with pytest.raises(ValueError, match=r"step 0: x_t @ w_x \+ h @ w_h is too large for float64"):
        rnn.rnn_forward(x, x, x)
