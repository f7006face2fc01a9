"""The numerics under the formulas: products and softmax weights that cannot overflow, on every machine.

attnlib's formulas (similarity, attention) compute the plain way first; only when a number would
overflow (entries near 1e154 or more) do they call these slow, exact paths instead.
"""

from __future__ import annotations

import numpy as np

from .softmax import softmax_inplace


def exponent_of(x: np.ndarray) -> int:
    """Return e with every |x| < 2**e (0 for an all-zero x): dividing by 2**e is exact and cannot overflow."""
    top = float(np.abs(x).max())
    return int(np.frexp(top)[1]) if top > 0 else 0


def unit_products(x: np.ndarray, y: np.ndarray, scale: float = 1.0) -> tuple[np.ndarray, int]:
    """Return (p, e) with scale · x @ yᵀ = p · 2**e, |p| < d: products rounded, then added in order.

    x (..., n, d), y (..., m, d) -> p (..., n, m), in float64. No step can overflow, even for entries
    near 1e308. The slow, safe path for such entries, and exact everywhere: no BLAS kernel and no fused
    multiply-add, just IEEE products and sums in one fixed order, so p is the same on every machine
    (a sum that cancels, 1e200·1e200 - 1e200·1e200, is exactly 0 on all of them).
    """
    ex, ey = exponent_of(x), exponent_of(y)
    mantissa, es = np.frexp(scale)
    unit_x = np.ldexp(x.astype(np.float64), -ex)  # |entries| < 1
    unit_y = np.ldexp(y.astype(np.float64), -ey)
    p = np.zeros(np.broadcast_shapes(x.shape[:-2], y.shape[:-2]) + (x.shape[-2], y.shape[-2]))
    for i in range(x.shape[-1]):  # p += x[:, i] yᵀ[i, :], d times
        p += unit_x[..., :, None, i] * unit_y[..., None, :, i]
    p *= mantissa
    return p, ex + ey + int(es)


def scaled_products(x: np.ndarray, y: np.ndarray, scale: float = 1.0, what: str = "x @ yᵀ") -> np.ndarray:
    """Return scale · x @ yᵀ in x's dtype: (..., n, d), (..., m, d) -> (..., n, m); raise if it overflows.

    Where a product or a partial sum overflows, the result comes from unit_products, the same bits on
    every machine: [[1e200, 1e200]] · [[1e200, -1e200]] is exactly [[0.0]], and only a true result
    beyond the dtype's range raises.
    """
    dtype = np.result_type(x, y)
    with np.errstate(over="ignore", invalid="ignore"):
        out = x @ np.swapaxes(y, -1, -2)  # (..., n, m)
        if scale != 1.0:
            out *= scale
        if np.isfinite(out).all():
            return out
        p, e = unit_products(x, y, scale)  # exact rescaling, then back
        out = np.ldexp(p, e).astype(dtype)
    bad = ~np.isfinite(out)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{what} is too large for {dtype} at index {where} (beyond ±{np.finfo(dtype).max:.3g}); use smaller numbers"
        )
    return out


def stable_weights(q: np.ndarray, k: np.ndarray, scale: float, allowed: np.ndarray | None) -> np.ndarray:
    """Return the softmax weights in float64 for scores too large for q's dtype (the slow, safe path)."""
    p, e = unit_products(q, k, scale)  # scores = p · 2**e, with |p| < d_k
    if allowed is not None:
        np.putmask(p, ~allowed, -np.inf)
    top = p.max(axis=-1, keepdims=True)  # (..., n, 1)
    top[np.isneginf(top)] = 0.0
    with np.errstate(over="ignore"):
        p -= top  # <= 0, and > -2 d_k where allowed
        np.ldexp(p, e, out=p)  # the true shifted scores; -inf if far below
    return softmax_inplace(p)
