"""Softmax: turn any real scores into positive weights that sum to 1."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validate import to_float_array, to_positive_number


def softmax(x: ArrayLike, axis: int = -1, temperature: float = 1.0) -> np.ndarray:
    """Return exp(x / T) normalised along `axis`, computed stably (max subtracted first)."""
    arr = to_float_array(x, "x", min_ndim=1, allow_neg_inf=True)
    t = to_positive_number(temperature, "temperature")
    if not -arr.ndim <= axis < arr.ndim:
        raise ValueError(f"axis must be in [{-arr.ndim}, {arr.ndim - 1}] for x of shape {arr.shape}; got {axis}")
    z = arr / t if t != 1.0 else arr                      # same shape and dtype as x
    top = z.max(axis=axis, keepdims=True)
    if np.isneginf(top).any():
        where = tuple(int(i) for i in np.argwhere(np.isneginf(top))[0])
        raise ValueError(
            f"x has a slice along axis {axis} that is entirely -inf (at {where}); "
            "softmax is undefined there. attnlib.attention handles fully masked rows for you."
        )
    e = np.exp(z - top)                                   # every entry in (0, 1], max is 1
    return e / e.sum(axis=axis, keepdims=True)
