"""Recurrent vs attention: a minimal RNN, and honest counts of the work and memory each needs."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ._validate import to_float_array, to_positive_number, to_whole_number


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
    for t, x_t in enumerate(mx):         # each step waits for the previous one
        with np.errstate(over="ignore", invalid="ignore"):
            pre = x_t @ wx + h @ wh
        if not np.isfinite(pre).all():
            raise ValueError(f"step {t}: x_t @ w_x + h @ w_h is too large for {pre.dtype}; "
                             "use smaller x, w_x or w_h")
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


def attention_cost(n: int, d: int) -> dict[str, int]:
    """Count one self-attention layer's work for n words of size d (Q, K, V given)."""
    n, d = to_whole_number(n, "n"), to_whole_number(d, "d")
    return {
        "multiply_adds": 2 * n * n * d,   # Q Kᵀ (n·n·d) and weights @ V (n·n·d)
        "sequential_steps": 1,            # every row can be computed at the same time
        "max_path_length": 1,             # any word reaches any other in one step
        "weight_entries": n * n,          # the n × n attention matrix held in memory
    }


def rnn_cost(n: int, d: int) -> dict[str, int]:
    """Count one recurrent layer's work for n words with hidden size d."""
    n, d = to_whole_number(n, "n"), to_whole_number(d, "d")
    return {
        "multiply_adds": 2 * n * d * d,   # per step: x_t W_x and h W_h, each d·d
        "sequential_steps": n,            # step t needs h_{t-1}
        "max_path_length": n - 1 if n > 1 else 1,  # word 0 reaches word n-1 through n-1 steps
        "weight_entries": 0,              # no n × n matrix; one hidden state at a time
    }


def weight_matrix_bytes(n: int, bytes_per_entry: int = 4, heads: int = 1) -> int:
    """Return the memory of the n × n attention weights (float32 = 4 bytes), per layer."""
    n, per_entry = to_whole_number(n, "n"), to_whole_number(bytes_per_entry, "bytes_per_entry")
    return n**2 * per_entry * to_whole_number(heads, "heads")


def longest_sequence(memory_bytes: int, bytes_per_entry: int = 4, heads: int = 1) -> int:
    """Return the largest n whose n × n attention weights fit in memory_bytes."""
    per_entry = to_whole_number(bytes_per_entry, "bytes_per_entry") * to_whole_number(heads, "heads")
    budget = to_whole_number(memory_bytes, "memory_bytes") // per_entry
    return math.isqrt(budget)            # exact for any size: the largest n with n * n <= budget
