"""Attention: scores -> softmax weights -> weighted sum of values, plain and self-attention."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._validate import to_bool_mask, to_float_array, to_positive_number


def weighted_sum(weights: ArrayLike, vectors: ArrayLike) -> np.ndarray:
    """Mix vectors with weights: (..., n, m) @ (..., m, d) -> (..., n, d); (m,) @ (m, d) -> (d,)."""
    w = to_float_array(weights, "weights", min_ndim=1, shape_hint="(m,) or (n, m)")
    v = to_float_array(vectors, "vectors", min_ndim=2, shape_hint="(m, d): one row per word")
    if w.shape[-1] != v.shape[-2]:
        raise ValueError(
            f"weights has {w.shape[-1]} weights per row (shape {w.shape}) but vectors has "
            f"{v.shape[-2]} rows (shape {v.shape}); they must match"
        )
    return w @ v


def attention_scores(q: ArrayLike, k: ArrayLike, scale: float | None = None) -> np.ndarray:
    """Return scale * Q Kᵀ: (..., n, d_k), (..., m, d_k) -> (..., n, m); scale defaults to 1/√d_k."""
    mq = to_float_array(q, "q", min_ndim=2, shape_hint="(n, d_k): one query per row")
    mk = to_float_array(k, "k", min_ndim=2, shape_hint="(m, d_k): one key per row")
    if mq.shape[-1] != mk.shape[-1]:
        raise ValueError(
            f"q and k must have the same last dimension d_k; got q {mq.shape} and k {mk.shape}"
        )
    s = 1.0 / float(np.sqrt(mq.shape[-1])) if scale is None else to_positive_number(scale, "scale")
    scores = mq @ np.swapaxes(mk, -1, -2)                 # (..., n, m)
    return scores * s if s != 1.0 else scores


def attention(
    q: ArrayLike,
    k: ArrayLike,
    v: ArrayLike,
    mask: ArrayLike | None = None,
    scale: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Return (softmax(scale·QKᵀ, masked) @ V, weights); scale=1.0 gives the unscaled form.

    Shapes: q (..., n, d_k), k (..., m, d_k), v (..., m, d_v) -> output (..., n, d_v),
    weights (..., n, m). Leading (batch, head) dimensions broadcast.
    mask: booleans broadcastable to (..., n, m); True means "may attend", False means blocked.
    A row whose mask is all False attends to nothing: its weights are all 0 and its output is
    the zero vector (defined, never NaN).
    """
    scores = attention_scores(q, k, scale)                # (..., n, m), validates q and k
    mv = to_float_array(v, "v", min_ndim=2, shape_hint="(m, d_v): one value per row")
    if mv.shape[-2] != scores.shape[-1]:
        raise ValueError(
            f"k and v must have the same number of rows m (one key and one value per word); "
            f"got k with {scores.shape[-1]} rows and v of shape {mv.shape}"
        )
    try:
        np.broadcast_shapes(scores.shape[:-2], mv.shape[:-2])
    except ValueError:
        raise ValueError(
            f"q, k and v have leading (batch) dimensions that do not broadcast: "
            f"scores {scores.shape}, v {mv.shape}"
        ) from None
    if mask is None:
        top = scores.max(axis=-1, keepdims=True)
        e = np.exp(scores - top)
        weights = e / e.sum(axis=-1, keepdims=True)
    else:
        m = to_bool_mask(mask, "mask", scores.shape)
        blocked_row = ~m.any(axis=-1, keepdims=True)      # (..., n, 1): nothing to attend to
        masked = np.where(m, scores, -np.inf)
        top = np.where(blocked_row, 0, masked.max(axis=-1, keepdims=True))
        e = np.where(m, np.exp(masked - top), 0)
        total = e.sum(axis=-1, keepdims=True)
        weights = np.where(blocked_row, 0, e / np.where(blocked_row, 1, total))
    weights = weights.astype(np.result_type(scores, mv), copy=False)
    return weights @ mv, weights


def causal_mask(n: int) -> np.ndarray:
    """Return the (n, n) boolean mask where word i may attend to words 0..i only."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a whole number >= 1 (the sequence length), got {n!r}")
    return np.tril(np.ones((n, n), dtype=bool))


class SelfAttention(NamedTuple):
    """Everything self-attention computes, for teaching: output and weights, plus Q, K, V."""

    output: np.ndarray   # (..., n, d_v)
    weights: np.ndarray  # (..., n, n)
    q: np.ndarray        # (..., n, d_k)
    k: np.ndarray        # (..., n, d_k)
    v: np.ndarray        # (..., n, d_v)


def self_attention(
    x: ArrayLike,
    w_q: ArrayLike,
    w_k: ArrayLike,
    w_v: ArrayLike,
    mask: ArrayLike | None = None,
    scale: float | None = None,
) -> SelfAttention:
    """Project x (..., n, d) to Q = x W_Q, K = x W_K, V = x W_V and attend; return all parts."""
    mx = to_float_array(x, "x", min_ndim=2, shape_hint="(n, d): one embedding per row")
    projected = []
    for name, w in (("w_q", w_q), ("w_k", w_k), ("w_v", w_v)):
        mw = to_float_array(w, name, ndim=2, shape_hint=f"(d, d_out) with d = {mx.shape[-1]}")
        if mw.shape[0] != mx.shape[-1]:
            raise ValueError(
                f"{name} must have {mx.shape[-1]} rows to multiply x of shape {mx.shape}; "
                f"got {name} of shape {mw.shape}"
            )
        projected.append(mx @ mw)
    q, k, v = projected
    if q.shape[-1] != k.shape[-1]:
        raise ValueError(
            f"w_q and w_k must have the same number of columns d_k so queries and keys can be "
            f"compared; got w_q giving {q.shape[-1]} and w_k giving {k.shape[-1]}"
        )
    output, weights = attention(q, k, v, mask=mask, scale=scale)
    return SelfAttention(output, weights, q, k, v)


def soft_lookup(
    query: ArrayLike, keys: ArrayLike, values: ArrayLike, scale: float = 1.0,
) -> tuple[np.ndarray, np.ndarray]:
    """A soft dictionary look-up: match one query (d,) against keys (m, d), blend values (m, d_v).

    Returns (weights (m,), value (d_v,)). A hard look-up returns one value; this returns a mix,
    weighted by softmax(scale · query · key).
    """
    qv = to_float_array(query, "query", ndim=1, shape_hint="(d,)")
    out, weights = attention(qv[None, :], keys, values, scale=scale)
    return weights[0], out[0]


def contextualize(
    sentence: str, table: str = "features", scale: float = 1.0,
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Parameter-free self-attention on a sentence: return (tokens, weights (n, n), new vectors (n, d))."""
    from .data import embed

    tokens, x = embed(sentence, table)
    new, weights = attention(x, x, x, scale=scale)
    return tokens, weights, new
