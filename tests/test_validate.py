"""attnlib._validate, the input checks every public function uses (issue 10): each names the argument and
says what was expected and what came; a 0-d array or a numpy scalar counts as a number (warnings are errors).

How each module's own arguments are checked is tested next to that module (test_softmax.py, ...)."""

import numpy as np
import pytest

from attnlib import _validate

pytestmark = pytest.mark.filterwarnings("error")


@pytest.mark.parametrize("value", [3, np.int64(3), np.array(3), np.uint8(3)])
def test_whole_number_accepts_ints_and_0d_arrays(value):
    assert _validate.to_whole_number(value, "n") == 3


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (0, ValueError, r"n must be a whole number >= 1, got 0"),
        (2.5, ValueError, r"n must be a whole number >= 1, got 2.5"),
        (True, ValueError, r"n must be a whole number >= 1, got True"),
        ("3", TypeError, r"n must be a whole number >= 1, got str '3'"),
        (None, TypeError, r"n must be a whole number >= 1, got NoneType None"),
        ([3], TypeError, r"n must be a whole number >= 1, got list \[3\]"),
        (np.array([3]), TypeError, r"n must be a whole number >= 1, got ndarray"),
    ],
)
def test_whole_number_refuses(value, error, message):
    with pytest.raises(error, match=message):
        _validate.to_whole_number(value, "n")


def test_whole_number_minimum():
    assert _validate.to_whole_number(0, "seed", minimum=0) == 0
    with pytest.raises(ValueError, match=r"seed must be a whole number >= 0, got -1"):
        _validate.to_whole_number(-1, "seed", minimum=0)


@pytest.mark.parametrize("value", [2.0, 2, np.float32(2.0), np.array(2.0), np.array(2)])
def test_real_number_accepts_0d_arrays_like_numpy_scalars(value):
    assert _validate.to_real_number(value, "t", above=0) == 2.0


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        ("2", TypeError, r"t must be a positive number, got str '2'"),
        (None, TypeError, r"t must be a positive number, got NoneType None"),
        ([2.0], TypeError, r"t must be a positive number, got list \[2.0\]"),
        (np.ones(2), TypeError, r"t must be a positive number, got ndarray"),
        (10**400, ValueError, r"t must be a finite number > 0, got 1000.* \(too large\)"),
        (float("nan"), ValueError, r"t must be a finite number > 0, got nan"),
        (-1.0, ValueError, r"t must be a finite number > 0, got -1.0"),
    ],
)
def test_real_number_refuses(value, error, message):
    with pytest.raises(error, match=message):
        _validate.to_real_number(value, "t", above=0)


def test_axis_helper():
    assert _validate.to_axis(-1, (2, 3)) == 1
    assert _validate.to_axis(np.array(0), (2, 3)) == 0
    with pytest.raises(ValueError, match=r"axis must be in \[-2, 1\] for x of shape \(2, 3\); got 2"):
        _validate.to_axis(2, (2, 3))


def test_broadcast_leading_names_every_array():
    a, b = np.ones((2, 3, 4)), np.ones((5, 3, 4))
    assert _validate.broadcast_leading({"a": a, "b": np.ones((1, 3, 4))}) == (2,)
    with pytest.raises(
        ValueError,
        match=r"a and b have leading \(batch\) dimensions that do not broadcast: "
        r"a \(2, 3, 4\), b \(5, 3, 4\)",
    ):
        _validate.broadcast_leading({"a": a, "b": b})
