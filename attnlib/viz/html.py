"""HTML for the widgets: pure functions from numbers to HTML strings (bars, shaded tables, arrows,
heatmaps, histograms, curves), fast to redraw and tested without a browser."""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from .._validate import to_float_array
from ..data.toy import FEATURES
from .style import readable_text_colour


def render_bars_html(labels: Sequence[str], values: ArrayLike, title: str = "", decimals: int = 3) -> str:
    """Return an HTML table of horizontal bars, one per value in [0, 1] (fast to redraw)."""
    v = to_float_array(values, "values", ndim=1, shape_hint="(n,)")
    names = [str(x) for x in labels]
    if len(names) != v.shape[0]:
        raise ValueError(f"labels must have {v.shape[0]} entries to match values; got {len(names)}")
    rows = []
    for name, value in zip(names, v, strict=True):
        width = max(0.0, min(1.0, float(value))) * 100
        rows.append(
            f"<tr><td style='padding-right:8px;text-align:right'>{html.escape(name)}</td>"
            f"<td style='width:240px'><div style='background:#4c78a8;height:16px;width:{width:.1f}%'></div>"
            f"</td><td style='padding-left:8px;font-family:monospace'>{value:.{decimals}f}</td></tr>"
        )
    head = f"<b>{html.escape(title)}</b>" if title else ""
    return f"<div class='attnlib-bars'>{head}<table>{''.join(rows)}</table></div>"


# Shaded cells: the accent colour blended into white by the shade, as an opaque colour.
_ACCENT = (76, 120, 168)


def shade_colours(shade: float) -> tuple[str, str]:
    """Return (background, text) hex colours for a cell shaded 0..1; the text is whichever of black
    and white contrasts more with the background (at least 4.6:1 for every shade, WCAG AA)."""
    a = min(1.0, max(0.0, float(shade)))
    bg = tuple(round(255 * (1 - a) + c * a) for c in _ACCENT)
    return "#{:02x}{:02x}{:02x}".format(*bg), readable_text_colour(bg)


def _shaded_table(
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    values: np.ndarray,
    shades: np.ndarray,
    attrs: str = "",
    compact: bool = False,
) -> str:
    """Return an HTML table of values (n, m) with cells shaded by shades (n, m) in [0, 1]; compact (for
    many columns): column labels written upwards, narrower cells, .25 for 0.25."""
    pad = "2px 3px" if compact else "2px 6px"
    up = ";writing-mode:vertical-rl;transform:rotate(180deg)" if compact else ""
    head = "".join(f"<th style='padding:{pad}{up}'>{html.escape(str(c))}</th>" for c in col_labels)
    rows = []
    for label, row, shade in zip(row_labels, values, shades, strict=True):
        cells = "".join(
            "<td style='padding:{};text-align:center;background:{};color:{}'>{}</td>".format(
                pad, *shade_colours(a), f"{x:.2f}"[compact and f"{x:.2f}".startswith("0.") :]
            )
            for x, a in zip(row, shade, strict=True)
        )
        rows.append(f"<tr><td style='padding-right:8px;font-weight:bold'>{html.escape(str(label))}</td>{cells}</tr>")
    return f"<table{attrs}><tr><th></th>{head}</tr>{''.join(rows)}</table>"


def render_profiles_html(tokens: Sequence[str], vectors: ArrayLike, features: Sequence[str] | None = None) -> str:
    """Return an HTML table: one row per word, one shaded cell per feature value in [0, 1]."""
    v = to_float_array(vectors, "vectors", ndim=2, shape_hint="(n_words, n_features)")
    names = list(FEATURES if features is None else features)
    if v.shape != (len(tokens), len(names)):
        raise ValueError(
            f"vectors must have shape ({len(tokens)}, {len(names)}) for {len(tokens)} tokens "
            f"and {len(names)} features; got {v.shape}"
        )
    return _shaded_table(tokens, names, v, np.clip(v, 0.0, 1.0), " class='attnlib-profiles'")


def render_vectors_svg(vectors: dict[str, ArrayLike], extent: float = 6.0, size: int = 260) -> str:
    """Return a small SVG drawing of 2-D vectors as arrows from the origin, labelled."""
    scale = size / (2 * extent)

    def px(p: np.ndarray) -> tuple[float, float]:
        return size / 2 + p[0] * scale, size / 2 - p[1] * scale

    colours = ["#4c78a8", "#f58518", "#54a24b", "#e45756"]
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{size}' height='{size}' class='attnlib-vectors'>",
        f"<line x1='0' y1='{size / 2}' x2='{size}' y2='{size / 2}' stroke='#bbb'/>",
        f"<line x1='{size / 2}' y1='0' x2='{size / 2}' y2='{size}' stroke='#bbb'/>",
    ]
    for i, (name, vec) in enumerate(vectors.items()):
        p = to_float_array(vec, f"vectors[{name!r}]", ndim=1, shape_hint="(2,)")
        x, y = px(p)
        c = colours[i % len(colours)]
        parts.append(f"<line x1='{size / 2}' y1='{size / 2}' x2='{x:.1f}' y2='{y:.1f}' stroke='{c}' stroke-width='3'/>")
        parts.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='4' fill='{c}'/>")
        label = html.escape(name)
        parts.append(f"<text x='{x + 6:.1f}' y='{y - 6 + 14 * i:.1f}' fill='{c}' font-size='13'>{label}</text>")
    parts.append("</svg>")
    return "".join(parts)


def render_heatmap_html(
    weights: ArrayLike,
    row_labels: Sequence[str],
    col_labels: Sequence[str] | None = None,
    title: str = "",
    compact: bool = False,
) -> str:
    """Return an (n, m) matrix as a shaded HTML table (rows attend to columns); fast to redraw."""
    w = to_float_array(weights, "weights", ndim=2, shape_hint="(n, m)")
    rows_l = [str(x) for x in row_labels]
    cols_l = rows_l if col_labels is None else [str(x) for x in col_labels]
    if w.shape != (len(rows_l), len(cols_l)):
        raise ValueError(f"weights must have shape ({len(rows_l)}, {len(cols_l)}) to match the labels; got {w.shape}")
    shades = np.abs(w) / max(1e-12, float(np.abs(w).max()))
    caption = f"<div><b>{html.escape(title)}</b></div>" if title else ""
    return f"<div class='attnlib-heatmap'>{caption}{_shaded_table(rows_l, cols_l, w, shades, compact=compact)}</div>"


def render_histogram_html(values: ArrayLike, lo: float = -40.0, hi: float = 40.0, bins: int = 16) -> str:
    """Return a small HTML column histogram of values between lo and hi."""
    v = to_float_array(values, "values", ndim=1, shape_hint="(n,)")
    counts, edges = np.histogram(np.clip(v, lo, hi), bins=bins, range=(lo, hi))
    top = max(1, int(counts.max()))
    cols = "".join(
        f"<div title='{edges[i]:.0f}..{edges[i + 1]:.0f}' style='display:inline-block;width:14px;margin-right:1px;"
        f"background:#4c78a8;height:{80 * c / top:.0f}px'></div>"
        for i, c in enumerate(counts)
    )
    return (
        f"<div style='display:flex;align-items:flex-end;height:82px'>{cols}</div>"
        f"<div style='font-size:11px'>{lo:g} … 0 … {hi:g}</div>"
    )


def render_curve_svg(values: ArrayLike, total: int, width: int = 240, height: int = 60) -> str:
    """Return a small SVG line of values (k,) drawn over `total` steps, on a 0..max(values) scale."""
    v = to_float_array(values, "values", ndim=1, shape_hint="(k,)")
    top = max(float(v.max()), 1e-12)
    points = " ".join(f"{width * i / max(total, 1):.1f},{height * (1 - x / top):.1f}" for i, x in enumerate(v))
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' class='attnlib-curve'>"
        f"<rect width='{width}' height='{height}' fill='none' stroke='#bbb'/>"
        f"<polyline points='{points}' fill='none' stroke='#4c78a8' stroke-width='2'/></svg>"
    )
