"""Plot helpers: attention heatmaps, 2-D word vectors, bar charts. Each takes ax=None, returns Axes.

matplotlib is imported inside each function, so `import attnlib` stays light. Words are coloured
by `word_colour` (attnlib.style) in every helper; `with projector_style():` makes text and lines
bigger for a projector, inside the block only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from ._validate import to_float_array
from .data import FEATURES
from .style import (
    FALLBACK_COLOURS,
    PROJECTOR_STYLE,
    WORD_COLOURS,
    Size,
    _font_size,
    _new_ax,
    _size,
    projector_style,
    readable_text_colour,
    word_colour,
    word_colours,
)

__all__ = ["FALLBACK_COLOURS", "PROJECTOR_STYLE", "WORD_COLOURS", "plot_bars", "plot_heatmap", "plot_profiles",
           "plot_vectors_2d", "projector_style", "show_heatmaps", "word_colour", "word_colours"]

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

def _labels(labels: Sequence[str] | None, n: int, name: str) -> list[str]:
    """Return n labels, defaulting to 0..n-1; check the count."""
    if labels is None:
        return [str(i) for i in range(n)]
    out = [str(x) for x in labels]
    if len(out) != n:
        raise ValueError(f"{name} must have {n} labels to match the data; got {len(out)}")
    return out


def plot_heatmap(
    weights: ArrayLike,
    row_labels: Sequence[str] | None = None,
    col_labels: Sequence[str] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    annotate: bool = True,
    cmap: str = "Blues",
    vmin: float | None = 0.0,
    vmax: float | None = None,
    decimals: int = 2,
    xlabel: str = "attends to",
    ylabel: str = "word",
    annot_size: float | None = None,
    title_size: float | None = None,
    figsize: Size | None = None,
    colorbar: bool = True,
) -> Axes:
    """Draw an (n, m) matrix as a labelled heatmap: rows attend (queries), columns are attended."""
    w = to_float_array(weights, "weights", ndim=2, shape_hint="(n, m)")
    rows = _labels(row_labels, w.shape[0], "row_labels")
    cols = _labels(col_labels if col_labels is not None else row_labels, w.shape[1], "col_labels")
    ax = _new_ax(ax, figsize, (1.2 + 0.9 * w.shape[1], 0.9 + 0.75 * w.shape[0]))
    lo = float(w.min()) if vmin is None else vmin
    hi = float(max(w.max(), 1.0 if vmin == 0.0 and w.max() <= 1.0 else w.max())) if vmax is None else vmax
    image = ax.imshow(w, cmap=cmap, vmin=lo, vmax=hi)
    tilt = len(cols) > 3 and max(map(len, cols)) > 4                  # long labels side by side would overlap
    ax.set_xticks(range(len(cols)), cols, rotation=45 if tilt else 0, ha="right" if tilt else "center")
    ax.set_yticks(range(len(rows)), rows)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, **({} if title_size is None else {"fontsize": title_size}))  # None: rcParams
    if annotate and w.size <= 400:
        size = _font_size(annot_size, extra=2)
        for (i, j), value in np.ndenumerate(w):
            cell = [255 * c for c in image.cmap(image.norm(value))[:3]]        # the colour drawn behind the number
            ax.text(j, i, f"{value:.{decimals}f}", ha="center", va="center", fontsize=size,
                    color=readable_text_colour(cell))
    if colorbar:
        ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    return ax


def show_heatmaps(
    matrices: ArrayLike,
    row_labels: Sequence[str] | None = None,
    col_labels: Sequence[str] | None = None,
    titles: Sequence[str] | None = None,
    ncols: int | None = None,
    annotate: bool = True,
    xlabel: str = "attends to",
    ylabel: str = "word",
    figsize: Size | None = None,
    cmap: str = "Blues",
    annot_size: float | None = None,
    title_size: float | None = None,
) -> np.ndarray:
    """Draw (k, n, m) matrices on one colour scale, shared axes and one colorbar; return the Axes array.

    The result is the (rows, cols) array of Axes (its figure: `axes.flat[0].figure`); unused cells
    are hidden. The figure uses constrained layout, so do not call `fig.tight_layout()` on it.
    """
    import matplotlib.pyplot as plt

    stack = to_float_array(matrices, "matrices", min_ndim=2, shape_hint="(k, n, m) or (n, m)")
    stack = stack.reshape((-1,) + stack.shape[-2:])                 # (k, n, m)
    k, n, m = stack.shape
    names = _labels(titles, k, "titles") if titles is not None else [None] * k
    if ncols is not None and (isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1):
        raise ValueError(f"ncols must be a whole number >= 1; got {ncols!r}")
    ncols = min(k, 4) if ncols is None else min(ncols, k)
    nrows = -(-k // ncols)
    size = _size(figsize, (ncols * (1.4 + 0.8 * m), nrows * (1.0 + 0.7 * n)), keep_aspect=True)
    fig, axes = plt.subplots(nrows, ncols, squeeze=False, sharex=True, sharey=True, layout="constrained",
                             figsize=size)
    lo, hi = min(0.0, float(stack.min())), max(1.0, float(stack.max()))
    for i, ax in enumerate(axes.flat):
        if i >= k:
            ax.set_visible(False)
            continue
        bottom, left = i + ncols >= k, i % ncols == 0                # outer panels carry the labels
        plot_heatmap(stack[i], row_labels, col_labels, ax=ax, title=names[i], annotate=annotate, cmap=cmap,
                     vmin=lo, vmax=hi, xlabel=xlabel if bottom else "", ylabel=ylabel if left else "",
                     annot_size=annot_size, title_size=title_size, colorbar=False)
        ax.tick_params(labelbottom=bottom, labelleft=left)
    fig.colorbar(axes.flat[0].images[0], ax=list(axes.flat[:k]), shrink=0.8)
    return axes


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
    ax = _new_ax(ax, figsize, (5.5, 5.0))
    palette = dict(zip(points, word_colours(points), strict=True)) | dict(colors or {})
    seen: dict[tuple[float, float], int] = {}
    for word, p in points.items():
        color = palette[word]
        key = (float(p[0]), float(p[1]))
        stacked = seen.get(key, 0)
        seen[key] = stacked + 1
        # a word on the same point as an earlier one: thinner and dashed, so both arrows stay visible
        ax.annotate("", xy=tuple(p), xytext=(0, 0),
                    arrowprops=dict(arrowstyle="-|>", color=color, lw=4.5 if not stacked else 2.0,
                                    ls="-" if not stacked else (0, (4, 3)), alpha=0.85))
        ax.plot(*p, "o", color=color, ms=7)
        ax.annotate(f"{word} ({p[0]:g}, {p[1]:g})", xy=tuple(p), xytext=(8, 6 - 16 * stacked),
                    textcoords="offset points", fontsize=_font_size(None, extra=1), color=color,
                    fontweight="bold")
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
    names = _labels(labels, v.shape[0], "labels")
    ax = _new_ax(ax, figsize, (1.5 + 0.8 * len(names), 3.2))
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
    v = to_float_array(vectors, "vectors", min_ndim=1, shape_hint="(d,) or (k, d)")
    v = v.reshape(1, -1) if v.ndim == 1 else v
    if v.ndim != 2:
        raise ValueError(f"vectors must be (d,) or (k, d); got shape {v.shape}")
    names = _labels(features, v.shape[1], "features")
    series = _labels(labels, v.shape[0], "labels")
    colours = word_colours(series) if labels is not None else [None] * len(series)
    ax = _new_ax(ax, figsize, (1.5 + 0.75 * len(names), 3.4))
    width = 0.8 / v.shape[0]
    x = np.arange(len(names))
    for i, (row, label) in enumerate(zip(v, series, strict=True)):
        ax.bar(x + (i - (v.shape[0] - 1) / 2) * width, row, width, label=label, color=colours[i])
    ax.set_xticks(x, names)
    ax.set_ylabel(ylabel)
    ax.axhline(0, color="grey", lw=0.8)
    if labels is not None:
        ax.legend(loc="upper right")       # default size: "small" is 8 pt, too small on a projector
    if title:
        ax.set_title(title)
    return ax
