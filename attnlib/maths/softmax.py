"""Softmax: turn any real scores into positive weights that sum to 1."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .._validate import to_axis, to_float_array, to_positive_number


def softmax_inplace(s: np.ndarray, axis: int = -1, temperature: float = 1.0) -> np.ndarray:
    """Overwrite s (a private float buffer) with softmax(s / T) along axis and return it.

    A slice that is entirely -inf (nothing allowed) becomes all zeros. Raises FloatingPointError if a
    slice's maximum is +inf or NaN (scores that overflowed), leaving s spoiled.
    """
    if temperature > 1.0:  # shrinking first cannot overflow ...
        np.divide(s, temperature, out=s)
    top = s.max(axis=axis, keepdims=True)  # (..., 1, ...): one max per slice
    empty = None
    if not np.isfinite(top).all():
        empty = np.isneginf(top)
        if not (empty | np.isfinite(top)).all():
            raise FloatingPointError("a slice's largest score is +inf or NaN (the scores overflowed)")
        top[empty] = 0.0
    with np.errstate(over="ignore"):  # s - top <= 0 may round to -inf: exp gives 0
        np.subtract(s, top, out=s)
        if temperature < 1.0:
            np.divide(s, temperature, out=s)  # ... growing after the shift cannot reach +inf
    np.exp(s, out=s)  # every entry in [0, 1], each slice's max is 1
    total = s.sum(axis=axis, keepdims=True)
    if empty is not None:
        total[empty] = 1.0  # 0 / 1: an empty slice stays all zeros
    np.divide(s, total, out=s)
    return s


def softmax(x: ArrayLike, axis: int = -1, temperature: float = 1.0) -> np.ndarray:
    """Return exp(x / T) normalised along `axis`, computed stably (max subtracted first)."""
    arr = to_float_array(x, "x", min_ndim=1, allow_neg_inf=True)
    t = to_positive_number(temperature, "temperature")
    ax = to_axis(axis, arr.shape)
    if np.isneginf(arr).any():
        dead = np.isneginf(arr).all(axis=ax, keepdims=True)
        if dead.any():
            where = tuple(int(i) for i in np.argwhere(dead)[0])
            raise ValueError(
                f"x has a slice along axis {axis} that is entirely -inf (at {where}); "
                "softmax is undefined there. attnlib.attention handles fully masked rows for you."
            )
    work = np.promote_types(arr.dtype, np.float32)  # float16 is summed in float32, then cast back
    return softmax_inplace(arr.astype(work, copy=True), ax, t).astype(arr.dtype, copy=False)
