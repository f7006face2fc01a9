"""Multi-head attention: h smaller attentions side by side, concatenated and projected by W_O."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from .._validate import to_float_array, to_whole_number
from ._numerics import scaled_products
from .attention import attention


def split_heads(x: ArrayLike, n_heads: int) -> np.ndarray:
    """Split the last axis into heads: (..., n, d_model) -> (..., n_heads, n, d_model // n_heads)."""
    m = to_float_array(x, "x", min_ndim=2, shape_hint="(n, d_model)")
    n_heads = to_whole_number(n_heads, "n_heads")
    d_model = m.shape[-1]
    if d_model % n_heads:
        raise ValueError(
            f"d_model = {d_model} (last axis of x, shape {m.shape}) must be divisible by n_heads = {n_heads}"
        )
    parts = m.reshape(m.shape[:-1] + (n_heads, d_model // n_heads))  # (..., n, h, d_head)
    return np.swapaxes(parts, -2, -3)  # (..., h, n, d_head)


def merge_heads(x: ArrayLike) -> np.ndarray:
    """Concatenate heads back: (..., n_heads, n, d_head) -> (..., n, n_heads * d_head)."""
    m = to_float_array(x, "x", min_ndim=3, shape_hint="(n_heads, n, d_head)")
    parts = np.swapaxes(m, -2, -3)  # (..., n, h, d_head)
    return parts.reshape(parts.shape[:-2] + (parts.shape[-2] * parts.shape[-1],))


class MultiHeadAttentionResult(NamedTuple):
    """Multi-head attention's output and every head's weights (and the per-head parts)."""

    output: np.ndarray  # (..., n, d_model)
    weights: np.ndarray  # (..., n_heads, n, n)
    head_outputs: np.ndarray  # (..., n_heads, n, d_head), before concatenation and W_O


def multi_head_attention(
    x: ArrayLike,
    w_q: ArrayLike,
    w_k: ArrayLike,
    w_v: ArrayLike,
    w_o: ArrayLike,
    n_heads: int,
    mask: ArrayLike | None = None,
) -> MultiHeadAttentionResult:
    """Project X to Q, K, V, attend in n_heads heads, concatenate, project by W_O.

    x is X (..., n, d_model); w_q, w_k, w_v, w_o are W_Q, W_K, W_V, W_O, each (d_model, d_model).
    """
    mx = to_float_array(x, "x", min_ndim=2, shape_hint="(n, d_model)")
    d_model = mx.shape[-1]
    mats = {}
    for name, w in (("w_q", w_q), ("w_k", w_k), ("w_v", w_v), ("w_o", w_o)):
        mw = to_float_array(w, name, ndim=2, shape_hint=f"({d_model}, {d_model})")
        if mw.shape != (d_model, d_model):
            raise ValueError(f"{name} must have shape ({d_model}, {d_model}) for x of shape {mx.shape}; got {mw.shape}")
        mats[name] = mw
    n_heads = to_whole_number(n_heads, "n_heads")
    q, k, v = (
        split_heads(scaled_products(mx, mats[name].T, what=f"x @ {name}"), n_heads) for name in ("w_q", "w_k", "w_v")
    )  # (..., h, n, d_head)
    heads, weights = attention(q, k, v, mask=mask)  # mask broadcasts over heads
    output = scaled_products(merge_heads(heads), mats["w_o"].T, what="the heads @ w_o")
    return MultiHeadAttentionResult(output, weights, heads)


def random_projections(d_in: int, d_out: int, seed: int = 0, count: int = 3) -> tuple[np.ndarray, ...]:
    """Return `count` random (d_in, d_out) matrices scaled by 1/√d_in (W_Q, W_K, W_V by default)."""
    rows, cols, many = (
        to_whole_number(value, name) for name, value in (("d_in", d_in), ("d_out", d_out), ("count", count))
    )
    rng = np.random.default_rng(to_whole_number(seed, "seed", minimum=0))
    return tuple(rng.normal(size=(rows, cols)) / np.sqrt(rows) for _ in range(many))
