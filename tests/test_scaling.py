"""attnlib.maths.scaling (notebook 07): score_statistics, why scores are divided by √d_k; clear errors for
bad input (warnings are errors)."""

import numpy as np
import pytest

import attnlib as al

pytestmark = pytest.mark.filterwarnings("error")


def test_scaling_statistics():
    raw = al.score_statistics(256, scaled=False)
    scaled = al.score_statistics(256, scaled=True)
    assert raw["score_std"] == pytest.approx(16, rel=0.1)  # std grows like √d_k
    assert scaled["score_std"] == pytest.approx(1, rel=0.1)
    assert raw["mean_max_weight"] > 0.85 > 0.5 > scaled["mean_max_weight"]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: al.score_statistics(64.0, True), ValueError, r"d_k must be a whole number >= 1, got 64.0"),
        (lambda: al.score_statistics(64, True, n_keys="8"), TypeError, r"n_keys must be a whole number"),
        (lambda: al.score_statistics(64, True, seed=-1), ValueError, r"seed must be a whole number >= 0, got -1"),
    ],
)
def test_widget_maths_refuses_bad_input_clearly(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [(lambda: al.score_statistics(0, True), ValueError, r"d_k must be a whole number >= 1, got 0")],
)
def test_error_names_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_widget_maths_takes_0d_arrays_and_numpy_scalars():
    stats = al.score_statistics(np.array(64), True, seed=np.int64(0))
    np.testing.assert_array_equal(stats["scores"], al.score_statistics(64, True)["scores"])
    assert 0.9 < stats["score_std"] < 1.1 and set(stats) == {"score_std", "mean_max_weight", "scores"}
