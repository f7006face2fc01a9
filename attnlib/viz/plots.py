"""Plot helpers: 2-D word vectors, bar charts, feature profiles. Each takes ax=None, returns Axes.

matplotlib is imported inside each function, so `import attnlib` stays light. Words are coloured
by `word_colour` (attnlib.viz.style) in every helper; `with projector_style():` makes text and lines
bigger for a projector, inside the block only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from .._validate import to_float_array
from ..data.toy import FEATURES
from .axes import Size, font_size, new_axes, profile_rows, tick_labels
from .style import word_colours

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes


def plot_vectors_2d(
    vectors: Mapping[str, ArrayLike],
    ax: Axes | None = None,
    title: str | None = None,
    colors: Mapping[str, str] | None = None,
    figsize: Size | None = None,
) -> Axes:
    """Draw each word's 2-D vector as an arrow from the origin in its word colour; shared points are noted."""
    if not isinstance(vectors, Mapping) or not vectors:
        raise TypeError(f"vectors must be a non-empty dict of word -> (x, y); got {type(vectors).__name__}")
    points = {w: to_float_array(v, f"vectors[{w!r}]", ndim=1, shape_hint="(2,)") for w, v in vectors.items()}
    for w, p in points.items():
        if p.shape != (2,):
            raise ValueError(f"vectors[{w!r}] must have shape (2,); got {p.shape}")
    ax = new_axes(ax, figsize, (5.5, 5.0))
    palette = dict(zip(points, word_colours(points), strict=True)) | dict(colors or {})
    seen: dict[tuple[float, float], int] = {}
    for word, p in points.items():
        color = palette[word]
        key = (float(p[0]), float(p[1]))
        stacked = seen.get(key, 0)
        seen[key] = stacked + 1
        # a word on the same point as an earlier one: thinner and dashed, so both arrows stay visible
        ax.annotate(
            "",
            xy=tuple(p),
            xytext=(0, 0),
            arrowprops=dict(
                arrowstyle="-|>",
                color=color,
                lw=4.5 if not stacked else 2.0,
                ls="-" if not stacked else (0, (4, 3)),
                alpha=0.85,
            ),
        )
        ax.plot(*p, "o", color=color, ms=7)
        ax.annotate(
            f"{word} ({p[0]:g}, {p[1]:g})",
            xy=tuple(p),
            xytext=(8, 6 - 16 * stacked),
            textcoords="offset points",
            fontsize=font_size(None, extra=1),
            color=color,
            fontweight="bold",
        )
    extent = max(1.0, max(float(np.abs(p).max()) for p in points.values())) * 1.35
    ax.set_xlim(-extent, extent)
    ax.set_ylim(-extent, extent)
    ax.axhline(0, color="grey", lw=0.8)
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_aspect("equal")
    ax.grid(alpha=0.3)
    if title:
        ax.set_title(title)
    return ax


def plot_bars(
    values: ArrayLike,
    labels: Sequence[str] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    ylabel: str | None = None,
    color: str | Sequence[str] | None = None,
    decimals: int | None = 2,
    figsize: Size | None = None,
) -> Axes:
    """Draw one bar per value (value on top unless decimals is None); bars take their word's colour."""
    v = to_float_array(values, "values", ndim=1, shape_hint="(n,)")
    names = tick_labels(labels, v.shape[0], "labels")
    ax = new_axes(ax, figsize, (1.5 + 0.8 * len(names), 3.2))
    if color is None:
        color = word_colours(names) if labels is not None else "tab:blue"
    elif not isinstance(color, str) and len(color) != len(names):
        raise ValueError(f"color must be one colour or {len(names)} colours (one per bar); got {len(color)}")
    bars = ax.bar(range(len(names)), v, color=color)
    tilt = len(names) > 8
    ax.set_xticks(range(len(names)), names, rotation=60 if tilt else 0, ha="right" if tilt else "center")
    if decimals is not None:
        ax.bar_label(bars, labels=[f"{x:.{decimals}f}" for x in v], padding=2)
    ax.axhline(0, color="grey", lw=0.8)
    lo, hi = min(0.0, float(v.min())), max(0.0, float(v.max()))
    pad = 0.15 * (hi - lo or 1.0)
    ax.set_ylim(lo - (pad if lo < 0 else 0), hi + pad)
    if title:
        ax.set_title(title)
    if ylabel:
        ax.set_ylabel(ylabel)
    return ax


def plot_profiles(
    vectors: ArrayLike,
    labels: Sequence[str] | None = None,
    features: Sequence[str] = FEATURES,
    ax: Axes | None = None,
    title: str | None = None,
    ylabel: str = "feature value",
    figsize: Size | None = None,
) -> Axes:
    """Draw feature profiles as grouped bars: one group per feature, one bar per vector (k, d) in its word colour."""
    v, series, names = profile_rows(vectors, labels, features)
    colours = word_colours(series) if labels is not None else [None] * len(series)
    ax = new_axes(ax, figsize, (1.5 + 0.75 * len(names), 3.4))
    width = 0.8 / v.shape[0]
    x = np.arange(len(names))
    for i, (row, label) in enumerate(zip(v, series, strict=True)):
        ax.bar(x + (i - (v.shape[0] - 1) / 2) * width, row, width, label=label, color=colours[i])
    ax.set_xticks(x, names)
    ax.set_ylabel(ylabel)
    ax.axhline(0, color="grey", lw=0.8)
    if labels is not None:
        ax.legend(loc="upper right")  # default size: "small" is 8 pt, too small on a projector
    if title:
        ax.set_title(title)
    return ax
