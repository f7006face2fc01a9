"""Attention heatmaps, one or a grid on one colour scale: rows attend (queries), columns are attended.

matplotlib is imported when you draw, so `import attnlib` stays light. Each helper takes ax=None and
returns what it drew on; `with projector_style():` makes text bigger for a projector.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from .._validate import to_float_array
from .axes import Size, figure_size, font_size, new_axes, tick_labels
from .style import readable_text_colour

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes


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
    rows = tick_labels(row_labels, w.shape[0], "row_labels")
    cols = tick_labels(col_labels if col_labels is not None else row_labels, w.shape[1], "col_labels")
    ax = new_axes(ax, figsize, (1.2 + 0.9 * w.shape[1], 0.9 + 0.75 * w.shape[0]))
    lo = float(w.min()) if vmin is None else vmin
    hi = float(max(w.max(), 1.0 if vmin == 0.0 and w.max() <= 1.0 else w.max())) if vmax is None else vmax
    image = ax.imshow(w, cmap=cmap, vmin=lo, vmax=hi)
    tilt = len(cols) > 3 and max(map(len, cols)) > 4  # long labels side by side would overlap
    ax.set_xticks(range(len(cols)), cols, rotation=45 if tilt else 0, ha="right" if tilt else "center")
    ax.set_yticks(range(len(rows)), rows)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, **({} if title_size is None else {"fontsize": title_size}))  # None: rcParams
    if annotate and w.size <= 400:
        size = font_size(annot_size, extra=2)
        for (i, j), value in np.ndenumerate(w):
            cell = [255 * c for c in image.cmap(image.norm(value))[:3]]  # the colour drawn behind the number
            ax.text(
                j, i, f"{value:.{decimals}f}", ha="center", va="center", fontsize=size, color=readable_text_colour(cell)
            )
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
    stack = stack.reshape((-1,) + stack.shape[-2:])  # (k, n, m)
    k, n, m = stack.shape
    names = tick_labels(titles, k, "titles") if titles is not None else [None] * k
    if ncols is not None and (isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1):
        raise ValueError(f"ncols must be a whole number >= 1; got {ncols!r}")
    ncols = min(k, 4) if ncols is None else min(ncols, k)
    nrows = -(-k // ncols)
    size = figure_size(figsize, (ncols * (1.4 + 0.8 * m), nrows * (1.0 + 0.7 * n)), keep_aspect=True)
    fig, axes = plt.subplots(nrows, ncols, squeeze=False, sharex=True, sharey=True, layout="constrained", figsize=size)
    lo, hi = min(0.0, float(stack.min())), max(1.0, float(stack.max()))
    for i, ax in enumerate(axes.flat):
        if i >= k:
            ax.set_visible(False)
            continue
        bottom, left = i + ncols >= k, i % ncols == 0  # outer panels carry the labels
        plot_heatmap(
            stack[i],
            row_labels,
            col_labels,
            ax=ax,
            title=names[i],
            annotate=annotate,
            cmap=cmap,
            vmin=lo,
            vmax=hi,
            xlabel=xlabel if bottom else "",
            ylabel=ylabel if left else "",
            annot_size=annot_size,
            title_size=title_size,
            colorbar=False,
        )
        ax.tick_params(labelbottom=bottom, labelleft=left)
    fig.colorbar(axes.flat[0].images[0], ax=list(axes.flat[:k]), shrink=0.8)
    return axes
