"""Figures a screen reader can read: show a figure with alt text, and say in words what a plot helper drew.

`show(fig, alt="...")` replaces `plt.show()`: it displays the figure as an HTML <img alt="..."> of its PNG
(JupyterLab shows that; it ignores alt in an output's metadata, jupyter/enhancement-proposals#120), with the
PNG itself and alt in its metadata (where nbconvert, and so the static site and slides, reads it) and alt as
the output's plain-text form; then it closes the figure so the inline backend does not draw it twice.
describe_heatmap, describe_heatmaps, describe_bars, describe_profiles and describe_vectors put into words
the data that plot_heatmap, show_heatmaps, plot_bars, plot_profiles and plot_vectors_2d draw; every number
is rounded to 2 significant digits, so the text is the same on every CPU. matplotlib and IPython are
imported when you show, so `import attnlib` stays light.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from .._validate import to_float_array, to_whole_number
from ..data.toy import FEATURES
from .axes import profile_rows, tick_labels

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

MIN_ALT_WORDS = 4  # fewer words cannot say what a figure shows and what to take from it
TIE = 1e-9  # values this close (relative) are a tie, so a tie does not depend on the CPU's last bit


def format_number(x: float, digits: int = 2) -> str:
    """Return x rounded to `digits` significant digits, without an exponent: 0.62, 8, 130, -0.05, 0."""
    x = float(x)
    if not np.isfinite(x):
        return str(x)
    if abs(x) < 1e-3:
        return "0" if x == 0 else "almost 0"  # the digits of a tiny number are round-off
    text = np.format_float_positional(float(f"{x:.{digits}g}"), trim="-")
    return "0" if text == "-0" else text


def join_words(items: Sequence[str]) -> str:
    """Return 'a', 'a and b' or 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def largest(values: np.ndarray, labels: Sequence[str]) -> tuple[str, float]:
    """Return the label(s) of the largest value ('Apple and phones' for a tie) and that value."""
    top = float(values.max())
    tied = [name for name, v in zip(labels, values, strict=True) if abs(v - top) <= TIE * max(1.0, abs(top))]
    return join_words(tied), top


def describe_bars(values: ArrayLike, labels: Sequence[str] | None = None, digits: int = 2) -> str:
    """Say each bar's label and value (n,), left to right, and which is highest, as plot_bars draws them."""
    v = to_float_array(values, "values", ndim=1, shape_hint="(n,)")
    names = tick_labels(labels, v.shape[0], "labels")
    digits = to_whole_number(digits, "digits")
    items = ", ".join(f"{name} {format_number(x, digits)}" for name, x in zip(names, v, strict=True))
    top, value = largest(v, names)
    if len(names) == 1:
        return f"One bar: {items}."
    return f"Bars from left to right: {items}; the highest: {top}, at {format_number(value, digits)}."


def distinct(labels: list[str], kind: str) -> list[str]:
    """Return the labels, a repeated one with its place: ['the (column 1)', 'cat', 'the (column 3)']."""
    return [f"{x} ({kind} {i + 1})" if labels.count(x) > 1 else x for i, x in enumerate(labels)]


def pick_rows(keep: Sequence[str | int] | None, labels: list[str]) -> list[int]:
    """Return the indices of the rows named in keep, by label (every row with it) or by index; None: all rows."""
    if keep is None:
        return list(range(len(labels)))
    if isinstance(keep, str) or not isinstance(keep, Sequence | np.ndarray) or len(keep) == 0:
        raise TypeError(f"rows must be a non-empty list of row labels or row indices; got {keep!r}")
    chosen: list[int] = []
    for r in keep:
        if isinstance(r, str) and r in labels:
            chosen += [i for i, x in enumerate(labels) if x == r]
        elif isinstance(r, int | np.integer) and not isinstance(r, bool) and 0 <= r < len(labels):
            chosen.append(int(r))
        else:
            raise ValueError(f"rows must hold labels of the rows {labels} or indices 0 to {len(labels) - 1}; got {r!r}")
    return list(dict.fromkeys(chosen))


def row_maxima(
    matrix: np.ndarray, rows: list[str], cols: list[str], chosen: list[int], digits: int, joiner: str
) -> str:
    """Return 'Apple on phones, 0.62; phones on Apple, 0.55' for the chosen rows."""
    parts = []
    for i in chosen:
        top, value = largest(matrix[i], cols)
        parts.append(f"{rows[i]} {joiner} {top}, {format_number(value, digits)}")
    return "; ".join(parts)


def describe_heatmap(
    matrix: ArrayLike,
    row_labels: Sequence[str] | None = None,
    col_labels: Sequence[str] | None = None,
    rows: Sequence[str | int] | None = None,
    what: str = "weight",
    digits: int = 2,
) -> str:
    """Say the largest value in each row of an (n, m) matrix, and where it is, as plot_heatmap draws it.

    rows: the rows to describe, by label or index (default: every row); what: the name of a value ("score").
    """
    m = to_float_array(matrix, "matrix", ndim=2, shape_hint="(n, m)")
    labels = tick_labels(row_labels, m.shape[0], "row_labels")
    names, cols = (
        distinct(labels, "row"),
        distinct(tick_labels(col_labels if col_labels is not None else row_labels, m.shape[1], "col_labels"), "column"),
    )
    if not isinstance(what, str) or not what.strip():
        raise TypeError(f"what must be the name of a value, such as 'weight'; got {what!r}")
    chosen = pick_rows(rows, labels)
    found = row_maxima(m, names, cols, chosen, to_whole_number(digits, "digits"), "on")
    where = (
        "each row" if rows is None else f"the row{'s' * (len(chosen) > 1)} of {join_words([names[i] for i in chosen])}"
    )
    return f"Largest {what} in {where}: {found}."


def describe_heatmaps(
    matrices: ArrayLike,
    row_labels: Sequence[str] | None = None,
    titles: Sequence[str] | None = None,
    col_labels: Sequence[str] | None = None,
    rows: Sequence[str | int] | None = None,
    what: str = "weight",
    digits: int = 2,
) -> str:
    """Say the largest value in each row of each of (k, n, m) matrices, panel by panel, as show_heatmaps draws them."""
    stack = to_float_array(matrices, "matrices", ndim=3, shape_hint="(k, n, m)")
    names = (
        tick_labels(titles, stack.shape[0], "titles")
        if titles is not None
        else [f"panel {i + 1}" for i in range(len(stack))]
    )
    titled = [" ".join(name.split()).rstrip(".:") for name in names]  # one line, no end mark
    return " ".join(
        f"{name[:1].upper()}{name[1:]}. {describe_heatmap(m, row_labels, col_labels, rows, what, digits)}"
        for name, m in zip(titled, stack, strict=True)  # "Head 1. Largest weight in each row: ..."
    )


def describe_profiles(
    vectors: ArrayLike, labels: Sequence[str] | None = None, features: Sequence[str] = FEATURES, digits: int = 2
) -> str:
    """Say the highest feature of each of (k, d) vectors, as plot_profiles draws them: 'phones peaks at Tech, 0.9'."""
    v, series, names = profile_rows(vectors, labels, features)
    digits = to_whole_number(digits, "digits")
    return row_maxima(v, series, names, list(range(len(series))), digits, "peaks at") + "."


def describe_vectors(vectors: Mapping[str, ArrayLike], digits: int = 2) -> str:
    """Say where each 2-D arrow of plot_vectors_2d ends, and which words end at the same point."""
    if not isinstance(vectors, Mapping) or not vectors:
        raise TypeError(f"vectors must be a non-empty dict of word -> (x, y); got {type(vectors).__name__}")
    points = {w: to_float_array(v, f"vectors[{w!r}]", ndim=1, shape_hint="(2,)") for w, v in vectors.items()}
    for w, p in points.items():
        if p.shape != (2,):
            raise ValueError(f"vectors[{w!r}] must have shape (2,); got {p.shape}")
    digits = to_whole_number(digits, "digits")
    at = {w: f"({format_number(p[0], digits)}, {format_number(p[1], digits)})" for w, p in points.items()}
    text = "Arrows from the origin to " + join_words([f"{w} {xy}" for w, xy in at.items()]) + "."
    shared = [[w for w in at if at[w] == xy] for xy in dict.fromkeys(at.values())]
    return text + "".join(f" {join_words(group)} end at the same point." for group in shared if len(group) > 1)


def check_alt(alt: object) -> str:
    """Return alt with its white space collapsed, or raise if it cannot describe a figure."""
    if not isinstance(alt, str):
        raise TypeError(
            f"alt must be a str describing the figure for someone who cannot see it; got {type(alt).__name__}"
        )
    text = " ".join(alt.split())
    if len(text.split()) < MIN_ALT_WORDS:
        raise ValueError(
            f"alt must say what the figure shows and what to take from it, in at least {MIN_ALT_WORDS} words "
            f"(a screen reader reads it instead of the picture); got {alt!r}"
        )
    return text


def figure_of(fig: object) -> Figure:
    """Return the Figure that fig is or holds (an Axes, an array of Axes, a SubFigure); None: the current one."""
    import matplotlib.pyplot as plt
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure

    if fig is None:
        if not plt.get_fignums():
            raise ValueError("fig: no figure is open to show; draw one first, or pass fig=")
        return plt.gcf()
    found = fig.flat[0] if isinstance(fig, np.ndarray) and fig.size else fig  # show_heatmaps' array of Axes
    while isinstance(found, Artist) and not isinstance(found, Figure):
        found = found.figure  # an Axes, then its SubFigure, then the Figure
    if not isinstance(found, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, an Axes or an array of Axes; got {type(fig).__name__}")
    return found


def figure_output(fig: Figure, alt: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Return the (data, metadata) a notebook shows for fig: its PNG, and an HTML <img> of it with alt (which
    JupyterLab, preferring HTML, shows: it does not read the alt in the metadata), alt as its text and in the
    metadata (nbconvert reads it there)."""
    import html

    from IPython.core.pylabtools import print_figure

    text = check_alt(alt)
    png = print_figure(fig, "png", bbox_inches="tight", base64=True)  # what the inline backend draws
    tag = f'<img src="data:image/png;base64,{png}" alt="{html.escape(text)}">'
    return {"text/html": tag, "image/png": png, "text/plain": text}, {"image/png": {"alt": text}}


def show(fig: object = None, *, alt: str) -> None:
    """Show fig (a Figure, an Axes or an array of Axes; None: the current figure) with alt text, then close it."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    check_alt(alt)  # before drawing: a bad alt stops here, with the figure still open
    figure = figure_of(fig)
    data, metadata = figure_output(figure, alt)
    display(data, raw=True, metadata=metadata)
    plt.close(figure)  # else the inline backend shows it again, without its alt text
