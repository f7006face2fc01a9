"""attnlib.maths.mixing (notebook 02): mix_profile, and rebalance, which keeps the mixing widget's sliders
summing to one on their grid; clear errors for bad input (warnings are errors)."""

import numpy as np
import pytest

import attnlib as al

pytestmark = pytest.mark.filterwarnings("error")


def test_mix_profile_normalises():
    vecs = al.embed("love apple phones").vectors
    np.testing.assert_allclose(al.mix_profile([1, 5, 4], vecs), al.weighted_sum([0.1, 0.5, 0.4], vecs))
    with pytest.raises(ValueError, match=r"weights must be >= 0 and not all 0"):
        al.mix_profile([0, 0, 0], vecs)


def test_rebalance_keeps_sum_one_and_proportions():
    w = al.rebalance([0.1, 0.5, 0.4], 0, 0.5)
    np.testing.assert_allclose(w.sum(), 1.0)
    assert w[0] == 0.5
    np.testing.assert_allclose(w[1] / w[2], 0.5 / 0.4)
    np.testing.assert_allclose(al.rebalance([0, 1, 0], 1, 0.4), [0.3, 0.4, 0.3])
    np.testing.assert_allclose(al.rebalance([0.2, 0.8], 1, 7), [0.0, 1.0])
    with pytest.raises(ValueError, match=r"index must be a whole number in \[0, 2\]; got 5"):
        al.rebalance([0.1, 0.5, 0.4], 5, 0.2)
    with pytest.raises(TypeError, match=r"value must be a number, got str '0.2'"):
        al.rebalance([0.1, 0.5, 0.4], 1, "0.2")
    with pytest.raises(ValueError, match=r"step must divide 1 into whole steps .*; got 0.3"):
        al.rebalance([0.1, 0.5, 0.4], 1, 0.2, step=0.3)


def test_rebalance_on_a_grid_stays_on_it_and_sums_to_one():
    # phones to 0.8 leaves 0.2 for love and Apple, 1 : 5; on a 0.05 grid that is 0.05 and 0.15
    w = al.rebalance([0.1, 0.5, 0.4], 2, 0.8, step=0.05)
    np.testing.assert_allclose(w, [0.05, 0.15, 0.8])
    np.testing.assert_allclose(al.rebalance([0.1, 0.5, 0.4], 2, 0.8, step=0.01), [0.03, 0.17, 0.8])
    np.testing.assert_allclose(al.rebalance([0, 1, 0], 1, 0.35, step=0.05), [0.35, 0.35, 0.3])
    np.testing.assert_allclose(al.rebalance([0.1, 0.5, 0.4], 1, 0.5123, step=0.05), [0.1, 0.5, 0.4])


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: al.rebalance([0.1, 0.5, 0.4], 1.5, 0.2), ValueError, r"index must be a whole number >= 0, got 1.5"),
        (lambda: al.rebalance([0.1, 0.5, 0.4], "1", 0.2), TypeError, r"index must be a whole number >= 0, got str"),
        (lambda: al.rebalance([0.1, 0.5, 0.4], 3, 0.2), ValueError, r"index must be a whole number in \[0, 2\]; got 3"),
        (lambda: al.rebalance([0.1, 0.5, 0.4], 1, None), TypeError, r"value must be a number, got NoneType"),
        (lambda: al.rebalance([0.1, 0.5, 0.4], 1, float("nan")), ValueError, r"value must be a finite number"),
        (lambda: al.rebalance([0.1, 0.5, 0.4], 1, 0.2, step="0.05"), TypeError, r"step must be a positive number"),
        (lambda: al.mix_profile([0.5, 0.5], np.ones((3, 8))), ValueError, r"weights"),
    ],
)
def test_widget_maths_refuses_bad_input_clearly(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_widget_maths_takes_0d_arrays_and_numpy_scalars():
    np.testing.assert_allclose(
        al.rebalance([0.1, 0.5, 0.4], np.int64(2), np.array(0.8), step=np.array(0.05)), [0.05, 0.15, 0.8]
    )


def test_widget_maths_is_finite_at_the_extremes():
    assert np.isfinite(al.rebalance([1e-300, 0, 0], 1, 0.5, step=0.05)).all()
