"""The plot helpers' plumbing: a new figure no wider than the projector's column, font sizes, labels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from numpy.typing import ArrayLike

from .._validate import to_float_array

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

Size = tuple[float, float]

# Widest default figure, in inches: 8 in at matplotlib's 100 dpi is 800 px (about 811 once the inline
# backend's tight crop adds its margin), which fits JupyterLab's notebook column at full size (824 px
# at 1024x768, side bar hidden, for a figure al.show displays as HTML <img alt>: HTML outputs keep a
# 20 px right margin), so its text stays legible on a projector.
MAX_FIGURE_WIDTH = 8.0


def new_axes(ax: Axes | None, figsize: Size | None, default: Size) -> Axes:
    """Return ax, or the Axes of a new figure of `figsize` (else `default`) inches."""
    if ax is not None:
        if figsize is not None:
            raise ValueError("figsize only sizes a new figure; got both ax and figsize")
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=figure_size(figsize, default))
    return new


def figure_size(figsize: Size | None, default: Size, keep_aspect: bool = False) -> Size:
    """Return figsize as two positive floats (inches), or default no wider than MAX_FIGURE_WIDTH."""
    if figsize is None:
        w, h = default
        shrink = min(1.0, MAX_FIGURE_WIDTH / w)
        return (w * shrink, h * shrink if keep_aspect else h)
    try:
        w, h = (float(x) for x in figsize)
    except (TypeError, ValueError):
        raise TypeError(f"figsize must be (width, height) in inches; got {figsize!r}") from None
    if not (w > 0 and h > 0):
        raise ValueError(f"figsize must be two positive numbers (inches); got {figsize!r}")
    return (w, h)


def font_size(size: float | None, extra: float = 0.0) -> float:
    """Return size, or the current rcParams font size plus extra (so the projector style scales it)."""
    import matplotlib

    return float(matplotlib.rcParams["font.size"]) + extra if size is None else size


def tick_labels(labels: Sequence[str] | None, n: int, name: str) -> list[str]:
    """Return n labels, defaulting to 0..n-1; check the count."""
    if labels is None:
        return [str(i) for i in range(n)]
    out = [str(x) for x in labels]
    if len(out) != n:
        raise ValueError(f"{name} must have {n} labels to match the data; got {len(out)}")
    return out


def profile_rows(vectors: ArrayLike, labels: Sequence[str] | None, features: Sequence[str]) -> tuple:
    """Return (v (k, d), the k series labels, the d feature names) for plot_profiles and describe_profiles."""
    v = to_float_array(vectors, "vectors", min_ndim=1, shape_hint="(d,) or (k, d)")
    v = v.reshape(1, -1) if v.ndim == 1 else v
    if v.ndim != 2:
        raise ValueError(f"vectors must be (d,) or (k, d); got shape {v.shape}")
    return v, tick_labels(labels, v.shape[0], "labels"), tick_labels(features, v.shape[1], "features")
