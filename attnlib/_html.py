"""The HTML the widgets show: pure functions from numbers to HTML strings, fast to redraw.

Renderers (bars, shaded tables, arrows, histograms) draw numbers; describers compute what one widget
shows for its control values and render it. Tested without a browser; widgets.py wires them up.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from ._validate import to_float_array
from .attention import contextualize, soft_lookup
from .data import FEATURES, LOOKUP_KEYS, LOOKUP_VALUE_NAMES, LOOKUP_VALUES, embed, tech_fruit_split
from .mixing import mix_profile
from .multihead import heads_weights
from .scaling import score_statistics
from .sequence import attention_cost, rnn_cost, weight_matrix_bytes
from .similarity import compare_vectors, polar_to_xy
from .softmax import softmax
from .style import contrast_ratio, readable_text_colour  # noqa: F401 - contrast_ratio is tested here


def render_bars_html(labels: Sequence[str], values: ArrayLike, title: str = "", decimals: int = 3) -> str:
    """Return an HTML table of horizontal bars, one per value in [0, 1] (fast to redraw)."""
    v = to_float_array(values, "values", ndim=1, shape_hint="(n,)")
    names = [str(x) for x in labels]
    if len(names) != v.shape[0]:
        raise ValueError(f"labels must have {v.shape[0]} entries to match values; got {len(names)}")
    rows = []
    for name, value in zip(names, v, strict=True):
        width = max(0.0, min(1.0, float(value))) * 100
        rows.append(f"<tr><td style='padding-right:8px;text-align:right'>{html.escape(name)}</td>"
                    f"<td style='width:240px'><div style='background:#4c78a8;height:16px;width:{width:.1f}%'></div>"
                    f"</td><td style='padding-left:8px;font-family:monospace'>{value:.{decimals}f}</td></tr>")
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
    row_labels: Sequence[str], col_labels: Sequence[str], values: np.ndarray, shades: np.ndarray, attrs: str = "",
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
                pad, *shade_colours(a), f"{x:.2f}"[compact and f"{x:.2f}".startswith("0."):])
            for x, a in zip(row, shade, strict=True))
        rows.append(f"<tr><td style='padding-right:8px;font-weight:bold'>{html.escape(str(label))}</td>{cells}</tr>")
    return f"<table{attrs}><tr><th></th>{head}</tr>{''.join(rows)}</table>"


def render_profiles_html(tokens: Sequence[str], vectors: ArrayLike, features: Sequence[str] | None = None) -> str:
    """Return an HTML table: one row per word, one shaded cell per feature value in [0, 1]."""
    v = to_float_array(vectors, "vectors", ndim=2, shape_hint="(n_words, n_features)")
    names = list(FEATURES if features is None else features)
    if v.shape != (len(tokens), len(names)):
        raise ValueError(f"vectors must have shape ({len(tokens)}, {len(names)}) for {len(tokens)} tokens "
                         f"and {len(names)} features; got {v.shape}")
    return _shaded_table(tokens, names, v, np.clip(v, 0.0, 1.0), " class='attnlib-profiles'")


def render_vectors_svg(vectors: dict[str, ArrayLike], extent: float = 6.0, size: int = 260) -> str:
    """Return a small SVG drawing of 2-D vectors as arrows from the origin, labelled."""
    scale = size / (2 * extent)

    def px(p: np.ndarray) -> tuple[float, float]:
        return size / 2 + p[0] * scale, size / 2 - p[1] * scale

    colours = ["#4c78a8", "#f58518", "#54a24b", "#e45756"]
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{size}' height='{size}' class='attnlib-vectors'>",
             f"<line x1='0' y1='{size / 2}' x2='{size}' y2='{size / 2}' stroke='#bbb'/>",
             f"<line x1='{size / 2}' y1='0' x2='{size / 2}' y2='{size}' stroke='#bbb'/>"]
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
    weights: ArrayLike, row_labels: Sequence[str], col_labels: Sequence[str] | None = None, title: str = "",
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
        f"background:#4c78a8;height:{80 * c / top:.0f}px'></div>" for i, c in enumerate(counts))
    return (f"<div style='display:flex;align-items:flex-end;height:82px'>{cols}</div>"
            f"<div style='font-size:11px'>{lo:g} … 0 … {hi:g}</div>")


def describe_softmax(scores: ArrayLike, labels: Sequence[str], temperature: float = 1.0) -> str:
    """Return the HTML the softmax widget shows for these scores and temperature."""
    probs = softmax(scores, temperature=temperature)
    total = float(probs.sum())
    return render_bars_html(labels, probs, title=f"softmax(scores / {temperature:g})", decimals=5) + (
        f"<div>sum = {total:.5f}</div>"
    )


def describe_mix(weights: ArrayLike, sentence: str = "love Apple phones", target: int = 1) -> str:
    """Return the HTML the mixing widget shows: the formula, the new profile, its Tech/Fruit split."""
    tokens, vectors = embed(sentence)
    mixed = mix_profile(weights, vectors)
    wv = np.asarray(weights, dtype=float) / float(np.sum(weights))
    formula = " + ".join(f"{x:.2f}·{t}" for x, t in zip(wv, tokens, strict=True))
    tech, fruit = tech_fruit_split(mixed)
    table = render_profiles_html([tokens[target], tokens[target] + "'"], np.stack([vectors[target], mixed]))
    return (f"<div><code>{html.escape(tokens[target])}' = {html.escape(formula)}</code></div>{table}"
            f"<div>Tech {tech:.0%} / Fruit {fruit:.0%}</div>")


def describe_vector_pair(angle_degrees: float, length: float, reference: Sequence[float] = (2.0, 2.0)) -> str:
    """Return the HTML the vector widget shows: both arrows and their dot, cosine and distance."""
    ref = to_float_array(reference, "reference", ndim=1, shape_hint="(2,)")
    moving = polar_to_xy(angle_degrees, length)
    if length == 0:
        return "<div>Length 0: the vector has no direction, so cosine similarity is undefined.</div>"
    m = compare_vectors(ref, moving)
    svg = render_vectors_svg({"Apple": ref, "word": moving})
    return (f"<div style='display:flex;gap:16px;align-items:center'>{svg}<div class='attnlib-metrics'>"
            f"word = ({moving[0]:.2f}, {moving[1]:.2f})<br>dot product = {m['dot']:.2f}<br>"
            f"cosine = {m['cosine']:.3f}<br>distance = {m['distance']:.2f}</div></div>")


def describe_sentence_attention(sentence: str, table: str = "features", scale: float = 1.0) -> str:
    """Return the HTML the sentence widget shows: the weights heatmap and every word's new profile."""
    try:
        tokens, weights, new = contextualize(sentence, table, scale)
    except (ValueError, TypeError) as exc:
        return f"<div class='attnlib-error' style='color:#b00'>{html.escape(str(exc))}</div>"
    parts = [render_heatmap_html(weights, tokens, title="attention weights (each row sums to 1)")]
    if table == "features":
        parts.append("<div><b>new profiles</b></div>" + render_profiles_html([t + "'" for t in tokens], new))
    return "".join(parts)


def describe_soft_lookup(angle_degrees: float, sharpness: float = 2.0) -> str:
    """Return the HTML the soft look-up widget shows for a query at this angle and length."""
    query = polar_to_xy(angle_degrees, sharpness)
    names = list(LOOKUP_KEYS)
    weights, value = soft_lookup(query, list(LOOKUP_KEYS.values()), list(LOOKUP_VALUES.values()))
    svg = render_vectors_svg({"query": query, **{k: np.asarray(v) for k, v in LOOKUP_KEYS.items()}}, extent=4.0)
    bars = render_bars_html(names, weights, title="weights over the keys")
    returned = render_bars_html(LOOKUP_VALUE_NAMES, value, title="returned value (a blend)")
    return f"<div style='display:flex;gap:16px;align-items:center'>{svg}<div>{bars}{returned}</div></div>"


def describe_scaling(d_k: int, scaled: bool) -> str:
    """Return the HTML the scaling widget shows: the score histogram, its spread and the max weight."""
    stats = score_statistics(d_k, scaled)
    label = "q·k / √d_k" if scaled else "q·k"
    return (f"<div><b>{label}</b> for d_k = {d_k}: std = {stats['score_std']:.2f}, "
            f"average largest softmax weight over 8 keys = {stats['mean_max_weight']:.2f}</div>"
            + render_histogram_html(stats["scores"]))


def describe_costs(n: int, d: int = 64, times: dict[int, tuple[float, float]] | None = None) -> str:
    """Return the HTML the cost widget shows: counts for attention vs RNN at n words, and times if given."""
    a, r = attention_cost(n, d), rnn_cost(n, d)
    rows = [("multiply-adds", a["multiply_adds"], r["multiply_adds"]),
            ("sequential steps", a["sequential_steps"], r["sequential_steps"]),
            ("longest path between two words", a["max_path_length"], r["max_path_length"]),
            ("n × n weights (float32)", f"{weight_matrix_bytes(n) / 2**20:.2f} MiB", "none")]
    if times and n in times:
        t_rnn, t_att = times[n]
        rows.append(("measured time (this machine)", f"{t_att * 1e3:.2f} ms", f"{t_rnn * 1e3:.2f} ms"))
    cell = "<td style='text-align:right;padding:2px 12px'>{}</td>"
    head = "<th style='padding:2px 12px'>{}</th>"
    body = "".join(f"<tr><td>{html.escape(k)}</td>"
                   + "".join(cell.format(f"{v:,}" if isinstance(v, int) else v) for v in (x, y)) + "</tr>"
                   for k, x, y in rows)
    heads = "".join(head.format(h) for h in (f"n = {n:,} words, d = {d}", "self-attention", "RNN"))
    return f"<table class='attnlib-costs'><tr>{heads}</tr>{body}</table>"


def describe_heads(sentence: str, n_heads: int, causal: bool, positions: bool) -> str:
    """Return the HTML the heads widget shows: one heatmap per head, side by side."""
    try:
        tokens, weights = heads_weights(sentence, n_heads, causal, positions)
    except (ValueError, TypeError) as exc:
        return f"<div class='attnlib-error' style='color:#b00'>{html.escape(str(exc))}</div>"
    maps = "".join(f"<div>{render_heatmap_html(wh, tokens, title=f'head {h + 1}')}</div>"
                   for h, wh in enumerate(weights))
    return f"<div style='display:flex;flex-wrap:wrap;gap:12px'>{maps}</div>"


def render_curve_svg(values: ArrayLike, total: int, width: int = 240, height: int = 60) -> str:
    """Return a small SVG line of values (k,) drawn over `total` steps, on a 0..max(values) scale."""
    v = to_float_array(values, "values", ndim=1, shape_hint="(k,)")
    top = max(float(v.max()), 1e-12)
    points = " ".join(f"{width * i / max(total, 1):.1f},{height * (1 - x / top):.1f}" for i, x in enumerate(v))
    return (f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' class='attnlib-curve'>"
            f"<rect width='{width}' height='{height}' fill='none' stroke='#bbb'/>"
            f"<polyline points='{points}' fill='none' stroke='#4c78a8' stroke-width='2'/></svg>")


def describe_training_step(step: int, total: int, losses: ArrayLike, accuracies: tuple[float, float],
                           tokens: Sequence[str], weights: ArrayLike, target: int, sense: str) -> str:
    """Return the HTML the training widget shows: loss so far, accuracies, and one sentence's weights A."""
    w = to_float_array(weights, "weights", ndim=2, shape_hint="(n, n)")
    top = int(np.argmax(w[target]))
    return (f"<div><b>step {step} of {total}</b>: loss {float(np.asarray(losses)[-1]):.3f}, train accuracy "
            f"{accuracies[0]:.1%}, test accuracy {accuracies[1]:.1%}</div>{render_curve_svg(losses, total)}"
            f"<div>{html.escape(tokens[target])} attends most to <b>{html.escape(tokens[top])}</b> "
            f"({w[target, top]:.2f}); the model reads it as <b>{html.escape(sense)}</b></div>"
            + render_heatmap_html(w, tokens, title="attention weights A (rows attend to columns)"))
