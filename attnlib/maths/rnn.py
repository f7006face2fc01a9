"""A minimal recurrent network (RNN), the way sequences were read before attention (notebook 08)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .._validate import to_float_array, to_positive_number


def rnn_forward(x: ArrayLike, w_x: ArrayLike, w_h: ArrayLike) -> np.ndarray:
    """Run h_t = tanh(x_t W_x + h_{t-1} W_h) over x (n, d): one step per word, in order -> (n, d_h)."""
    mx = to_float_array(x, "x", ndim=2, shape_hint="(n, d)")
    wx = to_float_array(w_x, "w_x", ndim=2, shape_hint="(d, d_h)")
    wh = to_float_array(w_h, "w_h", ndim=2, shape_hint="(d_h, d_h)")
    if wx.shape[0] != mx.shape[1]:
        raise ValueError(f"w_x must have {mx.shape[1]} rows for x of shape {mx.shape}; got {wx.shape}")
    if wh.shape != (wx.shape[1], wx.shape[1]):
        raise ValueError(f"w_h must have shape ({wx.shape[1]}, {wx.shape[1]}) to match w_x {wx.shape}; got {wh.shape}")
    h = np.zeros(wx.shape[1], dtype=np.result_type(mx, wx, wh))
    states = []
    for t, x_t in enumerate(mx):  # each step waits for the previous one
        with np.errstate(over="ignore", invalid="ignore"):
            pre = x_t @ wx + h @ wh
        if not np.isfinite(pre).all():
            raise ValueError(f"step {t}: x_t @ w_x + h @ w_h is too large for {pre.dtype}; use smaller x, w_x or w_h")
        h = np.tanh(pre)
        states.append(h)
    return np.stack(states)


def rnn_first_word_influence(x: ArrayLike, w_x: ArrayLike, w_h: ArrayLike, eps: float = 1e-6) -> np.ndarray:
    """Return how much each hidden state h_t moves when word 0 is nudged, per unit nudge: (n,)."""
    mx = to_float_array(x, "x", ndim=2, shape_hint="(n, d)")
    eps = to_positive_number(eps, "eps")
    base = rnn_forward(mx, w_x, w_h)
    nudged = mx.copy()
    nudged[0] += eps
    with np.errstate(over="ignore"):
        influence = np.linalg.norm(rnn_forward(nudged, w_x, w_h) - base, axis=1) / (eps * np.sqrt(mx.shape[1]))
    if not np.isfinite(influence).all():
        raise ValueError(f"eps = {eps!r} is too small: the influence per unit nudge overflows; try 1e-6")
    return influence
