"""Similarity between word vectors: dot product, cosine, and distance, for pairs and matrices."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .._validate import broadcast_leading, to_float_array, to_real_number
from ._numerics import exponent_of, scaled_products


def _pair(a: ArrayLike, b: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Validate two 1-D vectors of the same length."""
    va = to_float_array(a, "a", ndim=1, shape_hint="(d,)")
    vb = to_float_array(b, "b", ndim=1, shape_hint="(d,)")
    if va.shape != vb.shape:
        raise ValueError(f"a and b must have the same length; got a of shape {va.shape} and b of shape {vb.shape}")
    return va, vb


def _scaled_rows(x: np.ndarray, name: str) -> np.ndarray:
    """Return the rows of x (..., d) divided by a power of 2 (exact) to entries in (-1, 1); refuse zero rows."""
    top = np.abs(x).max(axis=-1, keepdims=True)  # (..., 1)
    if (top == 0).any():
        where = tuple(int(i) for i in np.argwhere(top[..., 0] == 0)[0]) if x.ndim > 1 else ()
        at = f" (row {where[-1] if len(where) == 1 else where})" if where else ""
        raise ValueError(f"{name} has a zero-length vector{at}; cosine similarity is undefined for it")
    return np.ldexp(x, -np.frexp(top)[1])  # norms can no longer overflow


def _row_lengths(x: np.ndarray) -> np.ndarray:
    """Return |x| along the last axis without overflow or underflow on the way: (..., d) -> (...)."""
    e = np.frexp(np.abs(x).max(axis=-1, keepdims=True))[1]  # (..., 1)
    return np.ldexp(np.linalg.norm(np.ldexp(x, -e), axis=-1), e[..., 0])


def _distances(x: np.ndarray, y: np.ndarray, what: str) -> np.ndarray:
    """Return |x - y| along the last axis (broadcasting), or raise if it is beyond the dtype's range."""
    e = max(exponent_of(x), exponent_of(y))
    with np.errstate(over="ignore"):
        out = np.ldexp(_row_lengths(np.ldexp(x, -e) - np.ldexp(y, -e)), e)
    if not np.isfinite(out).all():
        raise ValueError(f"{what} is too large for {out.dtype} (beyond ±{np.finfo(out.dtype).max:.3g})")
    return out


def dot_similarity(a: ArrayLike, b: ArrayLike) -> float:
    """Return the dot product a · b of two vectors of shape (d,)."""
    va, vb = _pair(a, b)
    return float(scaled_products(va[None, :], vb[None, :], what="a · b")[0, 0])


def cosine_similarity(a: ArrayLike, b: ArrayLike) -> float:
    """Return cos(angle between a and b) = a · b / (|a| |b|), a number in [-1, 1]."""
    va, vb = _pair(a, b)
    sa, sb = _scaled_rows(va, "a"), _scaled_rows(vb, "b")  # same direction, safe lengths
    return float(np.clip((sa @ sb) / (np.linalg.norm(sa) * np.linalg.norm(sb)), -1.0, 1.0))


def euclidean_distance(a: ArrayLike, b: ArrayLike) -> float:
    """Return the straight-line distance |a - b| between two vectors of shape (d,)."""
    va, vb = _pair(a, b)
    return float(_distances(va, vb, "the distance |a - b|"))


def _matrix_pair(x: ArrayLike, y: ArrayLike | None) -> tuple[np.ndarray, np.ndarray]:
    """Validate x (..., n, d) and y (..., m, d); y defaults to x."""
    mx = to_float_array(x, "x", min_ndim=2, shape_hint="(n, d): one row per word")
    if y is None:
        return mx, mx
    my = to_float_array(y, "y", min_ndim=2, shape_hint="(m, d): one row per word")
    if mx.shape[-1] != my.shape[-1]:
        raise ValueError(
            f"x and y must have the same vector length d (last axis); "
            f"got x of shape {mx.shape} and y of shape {my.shape}"
        )
    broadcast_leading({"x": mx, "y": my})
    return mx, my


def dot_similarity_matrix(x: ArrayLike, y: ArrayLike | None = None) -> np.ndarray:
    """Return all dot products S[i, j] = x[i] · y[j]: (..., n, d), (..., m, d) -> (..., n, m); S = X Xᵀ if y is None."""
    mx, my = _matrix_pair(x, y)
    return scaled_products(mx, my, what="a dot product x[i] · y[j]")


def cosine_similarity_matrix(x: ArrayLike, y: ArrayLike | None = None) -> np.ndarray:
    """Return all cosines C[i, j] = cos(x[i], y[j]): (..., n, d), (..., m, d) -> (..., n, m)."""
    mx, my = _matrix_pair(x, y)
    sx = _scaled_rows(mx, "x")  # same directions, safe lengths
    ux = sx / np.linalg.norm(sx, axis=-1, keepdims=True)
    sy = sx if y is None else _scaled_rows(my, "y")
    uy = ux if y is None else sy / np.linalg.norm(sy, axis=-1, keepdims=True)
    return np.clip(ux @ np.swapaxes(uy, -1, -2), -1.0, 1.0)


def euclidean_distance_matrix(x: ArrayLike, y: ArrayLike | None = None) -> np.ndarray:
    """Return all distances D[i, j] = |x[i] - y[j]|: (..., n, d), (..., m, d) -> (..., n, m)."""
    mx, my = _matrix_pair(x, y)
    return _distances(mx[..., :, None, :], my[..., None, :, :], "a distance |x[i] - y[j]|")


def polar_to_xy(angle_degrees: float, length: float) -> np.ndarray:
    """Return the 2-D vector with this angle (degrees, from the x-axis) and length: (2,)."""
    a = np.deg2rad(to_real_number(angle_degrees, "angle_degrees"))
    return np.array([np.cos(a), np.sin(a)]) * to_real_number(length, "length")


def compare_vectors(a: ArrayLike, b: ArrayLike) -> dict[str, float]:
    """Return the dot product, cosine similarity and distance of two vectors."""
    return {"dot": dot_similarity(a, b), "cosine": cosine_similarity(a, b), "distance": euclidean_distance(a, b)}
