"""Attention: scores -> softmax weights -> weighted sum of values, plain and self-attention.

    S = scale · Q Kᵀ        A = softmax(S), row by row        output = A V

attend() is that formula; attention() checks its inputs and calls it. The paths for numbers beyond
the float range are in attnlib.maths._numerics.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from .._validate import broadcast_leading, to_bool_mask, to_float_array, to_positive_number, to_whole_number
from ._numerics import scaled_products, stable_weights
from .softmax import softmax_inplace


def attend(
    q: np.ndarray, k: np.ndarray, v: np.ndarray, allowed: np.ndarray | None, scale: float
) -> tuple[np.ndarray, np.ndarray]:
    """The formula: return (A V, A) with A = softmax(scale · Q Kᵀ), blocked scores set to -inf.

    For inputs already checked (as attention() does): q (..., n, d_k), k (..., m, d_k), v (..., m, d_v)
    float arrays of one dtype (float32 or wider), allowed a boolean mask of the scores' shape or None.
    A caller that checked its own inputs once (attnlib.models.bert, six layers a sentence) calls it.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        scores = (q * scale if scale != 1.0 else q) @ np.swapaxes(k, -1, -2)  # S = scale · Q Kᵀ (..., n, m)
    if allowed is not None:
        np.putmask(scores, ~allowed, -np.inf)  # blocked: weight 0
    try:
        weights = softmax_inplace(scores)  # A = softmax(S), in place
    except FloatingPointError:  # scores beyond the dtype
        weights = stable_weights(q, k, scale, allowed).astype(q.dtype)
    with np.errstate(over="ignore", invalid="ignore"):
        output = weights @ v  # A V (..., n, d_v)
    if not np.isfinite(output).all():  # values near the dtype's limit
        output = (weights.astype(np.float64) @ v.astype(np.float64)).astype(q.dtype)
    return output, weights


def weighted_sum(weights: ArrayLike, vectors: ArrayLike) -> np.ndarray:
    """Mix vectors with weights: (..., n, m) @ (..., m, d) -> (..., n, d); (m,) @ (m, d) -> (d,)."""
    w = to_float_array(weights, "weights", min_ndim=1, shape_hint="(m,) or (n, m)")
    v = to_float_array(vectors, "vectors", min_ndim=2, shape_hint="(m, d): one row per word")
    if w.shape[-1] != v.shape[-2]:
        raise ValueError(
            f"weights has {w.shape[-1]} weights per row (shape {w.shape}) but vectors has "
            f"{v.shape[-2]} rows (shape {v.shape}); they must match"
        )
    rows = w[None, :] if w.ndim == 1 else w  # (..., n, m)
    broadcast_leading({"weights": rows, "vectors": v})
    out = scaled_products(rows, np.swapaxes(v, -1, -2), what="the weighted sum")  # (..., n, d)
    return out[..., 0, :] if w.ndim == 1 else out


def _check_qk(q: ArrayLike, k: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Validate q (..., n, d_k) and k (..., m, d_k): same d_k, leading dimensions that broadcast."""
    mq = to_float_array(q, "q", min_ndim=2, shape_hint="(n, d_k): one query per row")
    mk = to_float_array(k, "k", min_ndim=2, shape_hint="(m, d_k): one key per row")
    if mq.shape[-1] != mk.shape[-1]:
        raise ValueError(f"q and k must have the same last dimension d_k; got q {mq.shape} and k {mk.shape}")
    return mq, mk


def _scale(scale: object, d_k: int) -> float:
    """Return the score scale: 1/√d_k by default, else a validated positive number."""
    return 1.0 / float(np.sqrt(d_k)) if scale is None else to_positive_number(scale, "scale")


def attention_scores(q: ArrayLike, k: ArrayLike, scale: float | None = None) -> np.ndarray:
    """Return S = scale · Q Kᵀ: (..., n, d_k), (..., m, d_k) -> (..., n, m); scale defaults to 1/√d_k."""
    mq, mk = _check_qk(q, k)
    broadcast_leading({"q": mq, "k": mk})
    return scaled_products(mq, mk, _scale(scale, mq.shape[-1]), what="a score scale · q[i] · k[j]")


def attention(
    q: ArrayLike, k: ArrayLike, v: ArrayLike, mask: ArrayLike | None = None, scale: float | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Return (A V, A) with weights A = softmax(S) and scores S = scale · Q Kᵀ (blocked scores: -inf).

    q is the queries Q (..., n, d_k), k the keys K (..., m, d_k), v the values V (..., m, d_v);
    returns output (..., n, d_v) and weights A (..., n, m). Leading (batch, head) dimensions
    broadcast. scale defaults to 1/√d_k; scale=1.0 gives the unscaled form.
    mask: booleans broadcastable to (..., n, m); True means "may attend", False means blocked.
    A row whose mask is all False attends to nothing: its weights are all 0 and its output is
    the zero vector (defined, never NaN). The result has the dtype of q, k and v combined.
    """
    mq, mk, mv, allowed, s, dtype = _checked(q, k, v, mask, scale)
    output, weights = attend(mq, mk, mv, allowed, s)
    return output.astype(dtype, copy=False), weights.astype(dtype, copy=False)


def _checked(
    q: ArrayLike, k: ArrayLike, v: ArrayLike, mask: ArrayLike | None, scale: float | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None, float, np.dtype]:
    """Validate attention()'s inputs: return q, k, v in one float dtype (float32 or wider), the mask
    broadcast to the scores' shape (or None), the scale, and the dtype of the result (q, k and v's)."""
    mq, mk = _check_qk(q, k)
    mv = to_float_array(v, "v", min_ndim=2, shape_hint="(m, d_v): one value per row")
    if mv.shape[-2] != mk.shape[-2]:
        raise ValueError(
            f"k and v must have the same number of rows m (one key and one value per word); "
            f"got k with {mk.shape[-2]} rows and v of shape {mv.shape}"
        )
    broadcast_leading({"q": mq, "k": mk, "v": mv})
    score_shape = np.broadcast_shapes(mq.shape[:-2], mk.shape[:-2]) + (mq.shape[-2], mk.shape[-2])
    s = _scale(scale, mq.shape[-1])
    dtype = np.result_type(mq, mk, mv)
    work = np.promote_types(dtype, np.float32)  # float16 is computed in float32
    allowed = None if mask is None else to_bool_mask(mask, "mask", score_shape)
    mq, mk, mv = (a.astype(work, copy=False) for a in (mq, mk, mv))
    return mq, mk, mv, allowed, s, dtype


def causal_mask(n: int) -> np.ndarray:
    """Return the (n, n) boolean mask where word i may attend to words 0..i only."""
    size = to_whole_number(n, "n")  # the sequence length
    return np.tril(np.ones((size, size), dtype=bool))


class SelfAttentionResult(NamedTuple):
    """Everything self-attention computes, for teaching: output and weights, plus Q, K, V."""

    output: np.ndarray  # (..., n, d_v)
    weights: np.ndarray  # (..., n, n)
    q: np.ndarray  # (..., n, d_k)
    k: np.ndarray  # (..., n, d_k)
    v: np.ndarray  # (..., n, d_v)


def self_attention(
    x: ArrayLike,
    w_q: ArrayLike,
    w_k: ArrayLike,
    w_v: ArrayLike,
    mask: ArrayLike | None = None,
    scale: float | None = None,
) -> SelfAttentionResult:
    """Project X to Q = X W_Q, K = X W_K, V = X W_V and attend; return output, weights A, Q, K, V.

    x is X (..., n, d), one embedding per row; w_q, w_k, w_v are W_Q (d, d_k), W_K (d, d_k) and
    W_V (d, d_v); mask and scale are as in attention().
    """
    mx = to_float_array(x, "x", min_ndim=2, shape_hint="(n, d): one embedding per row")
    projected = []
    for name, w in (("w_q", w_q), ("w_k", w_k), ("w_v", w_v)):
        mw = to_float_array(w, name, ndim=2, shape_hint=f"(d, d_out) with d = {mx.shape[-1]}")
        if mw.shape[0] != mx.shape[-1]:
            raise ValueError(
                f"{name} must have {mx.shape[-1]} rows to multiply x of shape {mx.shape}; "
                f"got {name} of shape {mw.shape}"
            )
        projected.append(scaled_products(mx, mw.T, what=f"x @ {name}"))
    q, k, v = projected
    if q.shape[-1] != k.shape[-1]:
        raise ValueError(
            f"w_q and w_k must have the same number of columns d_k so queries and keys can be "
            f"compared; got w_q giving {q.shape[-1]} and w_k giving {k.shape[-1]}"
        )
    output, weights = attention(q, k, v, mask=mask, scale=scale)
    return SelfAttentionResult(output, weights, q, k, v)


def soft_lookup(
    query: ArrayLike, keys: ArrayLike, values: ArrayLike, scale: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """A soft dictionary look-up: match one query (d,) against keys (m, d), blend values (m, d_v).

    Returns (weights (m,), value (d_v,)). A hard look-up returns one value; this returns a mix,
    weighted by softmax(scale · query · key).
    """
    qv = to_float_array(query, "query", ndim=1, shape_hint="(d,)")
    out, weights = attention(qv[None, :], keys, values, scale=scale)
    return weights[0], out[0]
