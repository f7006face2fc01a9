"""attnlib.maths.positions: the sinusoidal positional encoding, what it does to attention, and clear errors
for bad input (warnings are errors)."""

import numpy as np
import pytest

import attnlib as al

pytestmark = pytest.mark.filterwarnings("error")


def test_positional_encoding_formula():
    pe = al.sinusoidal_positional_encoding(50, 16)
    assert pe.shape == (50, 16)
    pos, i = 7, 3
    assert pe[pos, 2 * i] == pytest.approx(np.sin(pos / 10000 ** (2 * i / 16)))
    assert pe[pos, 2 * i + 1] == pytest.approx(np.cos(pos / 10000 ** (2 * i / 16)))
    np.testing.assert_allclose(pe[0, 0::2], 0)
    np.testing.assert_allclose(pe[0, 1::2], 1)
    assert al.sinusoidal_positional_encoding(3, 5).shape == (3, 5)  # odd d_model works


def test_positions_break_permutation_equivariance():
    tokens, x = al.embed("I love Apple phones")
    w = al.random_projections(8, 8, seed=0)
    pe = al.sinusoidal_positional_encoding(4, 8)
    perm = [1, 0, 2, 3]
    plain, swapped = al.self_attention(x, *w), al.self_attention(x[perm], *w)
    np.testing.assert_allclose(swapped.output, plain.output[perm])
    with_pos, swapped_pos = al.self_attention(x + pe, *w), al.self_attention(x[perm] + pe, *w)
    assert not np.allclose(swapped_pos.output, with_pos.output[perm])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 4), "n_positions must be a whole number >= 1, got 0"),
        ((4, 2.5), "d_model must be a whole number >= 1, got 2.5"),
    ],
)
def test_positional_encoding_errors(args, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        al.sinusoidal_positional_encoding(*args)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda bad: al.sinusoidal_positional_encoding(4, bad), TypeError, r"d_model must be a whole number >= 1, got"),
        (lambda bad: al.sinusoidal_positional_encoding(4, 8, base=bad), TypeError, r"base must be a number, got"),
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
            lambda: al.sinusoidal_positional_encoding(4, 8, base=1.0),
            ValueError,
            r"base must be a finite number > 1, got 1.0",
        )
    ],
)
def test_error_names_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_0d_arrays_work_as_numbers():
    assert al.sinusoidal_positional_encoding(np.array(4), np.int32(6), base=np.array(100.0)).shape == (4, 6)
