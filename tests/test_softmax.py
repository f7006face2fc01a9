"""attnlib.maths.softmax: the loop reference, stability at the extremes, and clear errors for bad input
(warnings are errors)."""

import numpy as np
import pytest
from reference import softmax_loop

import attnlib as al
from attnlib.maths.softmax import softmax

pytestmark = pytest.mark.filterwarnings("error")


def test_matches_loop_reference():
    x = [-2.0, 8.0, 8.0, 0.5]
    np.testing.assert_allclose(softmax(x), softmax_loop(x), rtol=1e-12)


def test_guide_example_exact_values():
    p = softmax([-2, 8, 8])
    np.testing.assert_allclose(p, [2.2699e-5, 0.4999887, 0.4999887], rtol=1e-4)
    assert p[0] > 0  # the guide rounds it to 0.0, but it is never exactly zero


@pytest.mark.parametrize("big", [1e6, -1e6, 1e300])
def test_stable_for_huge_logits(big):
    p = softmax([big, big - 1.0, 0.0])
    assert np.isfinite(p).all()
    np.testing.assert_allclose(p.sum(), 1.0)


def test_stable_for_plus_minus_1e6():
    p = softmax([1e6, -1e6])
    np.testing.assert_array_equal(p, [1.0, 0.0])


def test_float32_in_float32_out():
    x = np.array([[1.0, 2.0], [3.0, 1e6]], dtype=np.float32)
    p = softmax(x, temperature=0.5)
    assert p.dtype == np.float32
    assert np.isfinite(p).all()


def test_ints_and_lists_become_float64():
    assert softmax([1, 2, 3]).dtype == np.float64


def test_rows_along_axis():
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(softmax(x, axis=0).sum(axis=0), [1, 1, 1])
    np.testing.assert_allclose(softmax(x).sum(axis=1), [1, 1])


def test_temperature_formula():
    x = np.array([1.0, 2.0, 4.0])
    np.testing.assert_allclose(softmax(x, temperature=2.0), softmax_loop(list(x / 2.0)))
    # low temperature sharpens, high flattens
    assert softmax(x, temperature=0.1).max() > softmax(x).max() > softmax(x, temperature=10).max()


def test_neg_inf_gives_zero_weight():
    p = softmax([0.0, -np.inf, 0.0])
    np.testing.assert_array_equal(p, [0.5, 0.0, 0.5])


# --- extremes: a correct finite result, or a clear error ---------------------------------------------


@pytest.mark.parametrize("t", [1e-300, 5e-324])
def test_softmax_tiny_temperature_is_argmax(t):
    np.testing.assert_array_equal(al.softmax([1.0, 3.0, 2.0], temperature=t), [0.0, 1.0, 0.0])
    np.testing.assert_array_equal(al.softmax([1.0, 3.0, 3.0], temperature=t), [0.0, 0.5, 0.5])


def test_softmax_huge_temperature_is_uniform():
    np.testing.assert_allclose(al.softmax([-1e308, 1e308], temperature=1e308), softmax_loop([-1.0, 1.0]))


def test_softmax_extreme_range_and_neg_inf():
    np.testing.assert_array_equal(al.softmax([-1.7e308, 1.7e308, -np.inf]), [0.0, 1.0, 0.0])


@pytest.mark.parametrize("dtype", [np.float16, np.float32])
def test_softmax_low_precision_near_the_dtype_limit(dtype):
    top = float(np.finfo(dtype).max)
    p = al.softmax(np.array([-top, top / 2, top], dtype=dtype), temperature=0.5)
    assert p.dtype == dtype
    np.testing.assert_array_equal(p, [0, 0, 1])


def test_inputs_are_not_modified():
    """The in-place fast path never touches the caller's array."""
    original = np.random.default_rng(5).normal(size=(4, 4)).astype(np.float32)
    x = original.copy()
    al.softmax(x, temperature=0.5)
    np.testing.assert_array_equal(x, original)


# --- bad input: a clear error naming the argument --------------------------------------------------------


@pytest.mark.parametrize("t", [0, -1.0, float("nan"), float("inf")])
def test_bad_temperature_value(t):
    with pytest.raises(ValueError, match=r"temperature must be a finite number > 0, got"):
        softmax([1.0, 2.0], temperature=t)


def test_bad_temperature_type():
    with pytest.raises(TypeError, match=r"temperature must be a positive number, got str"):
        softmax([1.0, 2.0], temperature="hot")


def test_all_neg_inf_row_is_an_error():
    with pytest.raises(ValueError, match=r"entirely -inf"):
        softmax([[0.0, 1.0], [-np.inf, -np.inf]])


def test_nan_is_an_error():
    with pytest.raises(ValueError, match=r"x contains NaN at index \(1,\)"):
        softmax([1.0, float("nan")])


def test_plus_inf_is_an_error():
    with pytest.raises(ValueError, match=r"x contains inf at index \(0,\)"):
        softmax([np.inf, 1.0])


def test_non_numeric_is_an_error():
    with pytest.raises(TypeError, match=r"x must contain real numbers, got an array of dtype <U"):
        softmax(["a", "b"])


def test_scalar_is_an_error():
    with pytest.raises(ValueError, match=r"x must have at least 1 dimensions; got shape \(\)"):
        softmax(3.0)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [(lambda: al.softmax([]), ValueError, r"x is empty \(shape \(0,\)\); it needs at least one number")],
)
def test_error_names_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_bad_axis():
    with pytest.raises(ValueError, match=r"axis must be in \[-1, 0\] for x of shape \(2,\); got 3"):
        softmax([1.0, 2.0], axis=3)


@pytest.mark.parametrize(
    ("axis", "error", "message"),
    [
        (2, ValueError, r"axis must be in \[-2, 1\] for x of shape \(2, 3\); got 2"),
        (-3, ValueError, r"axis must be in \[-2, 1\] for x of shape \(2, 3\); got -3"),
        (1.0, TypeError, r"axis must be a whole number \(an axis index from -2 to 1\), got float 1.0"),
        ("0", TypeError, r"axis must be a whole number .*got str '0'"),
        (None, TypeError, r"axis must be a whole number .*got NoneType None"),
        (True, TypeError, r"axis must be a whole number .*got bool True"),
    ],
)
def test_softmax_bad_axis(axis, error, message):
    with pytest.raises(error, match=message):
        al.softmax(np.ones((2, 3)), axis=axis)


def test_softmax_axis_as_numpy_int_and_0d_array():
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(al.softmax(x, axis=np.int64(0)), al.softmax(x, axis=0))
    np.testing.assert_allclose(al.softmax(x, axis=np.array(-1)), al.softmax(x, axis=-1))


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [(lambda bad: al.softmax([1.0, 2.0], temperature=bad), TypeError, r"temperature must be a positive number, got")],
)
@pytest.mark.parametrize("bad", ["2", None, [2]])
def test_wrong_type_names_the_argument(call, error, message, bad):
    with pytest.raises(error, match=message):
        call(bad)


def test_0d_arrays_work_as_numbers():
    x = np.array([1.0, 2.0, 4.0])
    np.testing.assert_allclose(al.softmax(x, temperature=np.array(2.0)), softmax_loop(list(x / 2)))
