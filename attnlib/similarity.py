"""Similarity between word vectors: dot product, cosine, and distance, for pairs and matrices."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validate import to_float_array


def _pair(a: ArrayLike, b: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Validate two 1-D vectors of the same length."""
    va = to_float_array(a, "a", ndim=1, shape_hint="(d,)")
    vb = to_float_array(b, "b", ndim=1, shape_hint="(d,)")
    if va.shape != vb.shape:
        raise ValueError(
            f"a and b must have the same length; got a of shape {va.shape} and b of shape {vb.shape}"
        )
    return va, vb


def _nonzero_norms(x: np.ndarray, name: str) -> np.ndarray:
    """Return the norms of the rows of x (..., d) -> (..., 1), refusing zero-length rows."""
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    if (norms == 0).any():
        where = tuple(int(i) for i in np.argwhere(norms[..., 0] == 0)[0]) if x.ndim > 1 else ()
        at = f" (row {where[-1] if len(where) == 1 else where})" if where else ""
        raise ValueError(f"{name} has a zero-length vector{at}; cosine similarity is undefined for it")
    return norms


def dot_similarity(a: ArrayLike, b: ArrayLike) -> float:
    """Return the dot product a · b of two vectors of shape (d,)."""
    va, vb = _pair(a, b)
    return float(va @ vb)


def cosine_similarity(a: ArrayLike, b: ArrayLike) -> float:
    """Return cos(angle between a and b) = a · b / (|a| |b|), a number in [-1, 1]."""
    va, vb = _pair(a, b)
    na, nb = _nonzero_norms(va, "a")[0], _nonzero_norms(vb, "b")[0]
    return float(np.clip((va @ vb) / (na * nb), -1.0, 1.0))


def euclidean_distance(a: ArrayLike, b: ArrayLike) -> float:
    """Return the straight-line distance |a - b| between two vectors of shape (d,)."""
    va, vb = _pair(a, b)
    return float(np.linalg.norm(va - vb))


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
    try:
        np.broadcast_shapes(mx.shape[:-2], my.shape[:-2])
    except ValueError:
        raise ValueError(
            f"x and y have leading (batch) dimensions that do not broadcast: "
            f"x {mx.shape}, y {my.shape}"
        ) from None
    return mx, my


def similarity_matrix(x: ArrayLike, y: ArrayLike | None = None) -> np.ndarray:
    """Return all dot products S[i, j] = x[i] · y[j]: (..., n, d), (..., m, d) -> (..., n, m)."""
    mx, my = _matrix_pair(x, y)
    return mx @ np.swapaxes(my, -1, -2)


def cosine_similarity_matrix(x: ArrayLike, y: ArrayLike | None = None) -> np.ndarray:
    """Return all cosines C[i, j] = cos(x[i], y[j]): (..., n, d), (..., m, d) -> (..., n, m)."""
    mx, my = _matrix_pair(x, y)
    ux = mx / _nonzero_norms(mx, "x")
    uy = ux if y is None else my / _nonzero_norms(my, "y")
    return np.clip(ux @ np.swapaxes(uy, -1, -2), -1.0, 1.0)


def distance_matrix(x: ArrayLike, y: ArrayLike | None = None) -> np.ndarray:
    """Return all distances D[i, j] = |x[i] - y[j]|: (..., n, d), (..., m, d) -> (..., n, m)."""
    mx, my = _matrix_pair(x, y)
    diff = mx[..., :, None, :] - my[..., None, :, :]      # (..., n, m, d)
    return np.linalg.norm(diff, axis=-1)


def polar_to_xy(angle_degrees: float, length: float) -> np.ndarray:
    """Return the 2-D vector with this angle (degrees, from the x-axis) and length: (2,)."""
    a = np.deg2rad(float(angle_degrees))
    return np.array([np.cos(a), np.sin(a)]) * float(length)


def compare_vectors(a: ArrayLike, b: ArrayLike) -> dict[str, float]:
    """Return the dot product, cosine similarity and distance of two vectors."""
    return {"dot": dot_similarity(a, b), "cosine": cosine_similarity(a, b), "distance": euclidean_distance(a, b)}
