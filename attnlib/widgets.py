"""Interactive widgets. Each builder returns the widget; the maths behind it is a plain function.

ipywidgets is imported inside the builders, so `import attnlib` stays light. The HTML renderers
are pure functions (tested without a browser); the builders only wire controls to them.
"""

from __future__ import annotations

import html
import numbers
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from ._validate import to_float_array, to_positive_number
from .softmax import softmax

if TYPE_CHECKING:  # pragma: no cover
    import ipywidgets


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
            f"<td style='width:240px'><div style='background:#4c78a8;height:16px;"
            f"width:{width:.1f}%'></div></td>"
            f"<td style='padding-left:8px;font-family:monospace'>{value:.{decimals}f}</td></tr>"
        )
    head = f"<b>{html.escape(title)}</b>" if title else ""
    return f"<div class='attnlib-bars'>{head}<table>{''.join(rows)}</table></div>"


def describe_softmax(scores: ArrayLike, labels: Sequence[str], temperature: float = 1.0) -> str:
    """Return the HTML the softmax widget shows for these scores and temperature."""
    probs = softmax(scores, temperature=temperature)
    total = float(probs.sum())
    return render_bars_html(labels, probs, title=f"softmax(scores / {temperature:g})", decimals=5) + (
        f"<div>sum = {total:.5f}</div>"
    )


def _live_box(controls: list, render, css_class: str, layout: list | None = None) -> ipywidgets.VBox:
    """Wire controls to an HTML readout: on every change show render(*control values); return the box."""
    import ipywidgets as w

    out = w.HTML()

    def update(_change: object = None) -> None:
        out.value = render(*(c.value for c in controls))

    for control in controls:
        control.observe(update, names="value")
    update()
    box = w.VBox([*(controls if layout is None else layout), out])
    box.add_class(css_class)
    return box


def build_softmax_widget(
    scores: Sequence[float] = (-2.0, 8.0, 8.0),
    labels: Sequence[str] = ("love", "Apple", "phones"),
) -> ipywidgets.VBox:
    """Return sliders for each score and a temperature, with the softmax bars updating live."""
    import ipywidgets as w

    start = to_float_array(scores, "scores", ndim=1, shape_hint="(n,)")
    names = [str(x) for x in labels]
    if len(names) != start.shape[0]:
        raise ValueError(f"labels must have {start.shape[0]} entries to match scores; got {len(names)}")
    sliders = [w.FloatSlider(value=float(s), min=-10, max=10, step=0.5, description=f"{n} score",
                             continuous_update=True, style={"description_width": "initial"})
               for s, n in zip(start, names, strict=True)]
    temperature = w.FloatLogSlider(value=1.0, base=10, min=-1, max=1, step=0.05,
                                   description="temperature", style={"description_width": "initial"})
    return _live_box([*sliders, temperature],
                     lambda *values: describe_softmax(values[:-1], names, values[-1]), "attnlib-softmax-widget")


def mix_profile(weights: ArrayLike, vectors: ArrayLike) -> np.ndarray:
    """Return the weighted mix of row vectors after normalising the weights to sum to 1: (d,)."""
    wv = to_float_array(weights, "weights", ndim=1, shape_hint="(m,)")
    if (wv < 0).any() or wv.sum() == 0:
        raise ValueError(f"weights must be >= 0 and not all 0; got {wv.tolist()}")
    from .attention import weighted_sum

    return weighted_sum(wv / wv.sum(), vectors)


# Shaded cells: the accent colour blended into white by the shade, as an opaque colour.
_ACCENT = (76, 120, 168)


def _relative_luminance(rgb: Sequence[float]) -> float:
    """Return the WCAG 2 relative luminance of an sRGB colour given as three 0-255 numbers."""
    lin = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(a: Sequence[float], b: Sequence[float]) -> float:
    """Return the WCAG 2 contrast ratio (1 to 21) of two sRGB colours given as three 0-255 numbers."""
    hi, lo = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def shade_colours(shade: float) -> tuple[str, str]:
    """Return (background, text) hex colours for a cell shaded 0..1; the text is whichever of black
    and white contrasts more with the background (at least 4.6:1 for every shade, WCAG AA)."""
    a = min(1.0, max(0.0, float(shade)))
    bg = tuple(round(255 * (1 - a) + c * a) for c in _ACCENT)
    text = (0, 0, 0) if contrast_ratio(bg, (0, 0, 0)) >= contrast_ratio(bg, (255, 255, 255)) else (255, 255, 255)
    return "#{:02x}{:02x}{:02x}".format(*bg), "#{:02x}{:02x}{:02x}".format(*text)


def _shaded_table(
    row_labels: Sequence[str], col_labels: Sequence[str], values: np.ndarray, shades: np.ndarray, attrs: str = "",
) -> str:
    """Return an HTML table of values (n, m) with cells shaded by shades (n, m) in [0, 1]."""
    head = "".join(f"<th style='padding:2px 6px'>{html.escape(str(c))}</th>" for c in col_labels)
    rows = []
    for label, row, shade in zip(row_labels, values, shades, strict=True):
        cells = "".join(
            "<td style='padding:2px 6px;text-align:center;background:{};color:{}'>{:.2f}</td>".format(
                *shade_colours(a), x) for x, a in zip(row, shade, strict=True))
        rows.append(f"<tr><td style='padding-right:8px;font-weight:bold'>{html.escape(str(label))}</td>{cells}</tr>")
    return f"<table{attrs}><tr><th></th>{head}</tr>{''.join(rows)}</table>"


def render_profiles_html(tokens: Sequence[str], vectors: ArrayLike, features: Sequence[str] | None = None) -> str:
    """Return an HTML table: one row per word, one shaded cell per feature value in [0, 1]."""
    from .data import FEATURES

    v = to_float_array(vectors, "vectors", ndim=2, shape_hint="(n_words, n_features)")
    names = list(FEATURES if features is None else features)
    if v.shape != (len(tokens), len(names)):
        raise ValueError(f"vectors must have shape ({len(tokens)}, {len(names)}) for {len(tokens)} tokens "
                         f"and {len(names)} features; got {v.shape}")
    return _shaded_table(tokens, names, v, np.clip(v, 0.0, 1.0), " class='attnlib-profiles'")


def build_profile_widget(
    sentences: Sequence[str] = ("I love Apple phones", "I love apple juice", "I love Apple watch"),
) -> ipywidgets.VBox:
    """Return a sentence picker showing each word's static feature profile (Apple never changes)."""
    import ipywidgets as w

    from .data import embed

    choices = [str(s) for s in sentences]
    for s in choices:
        embed(s)  # fail early, naming any unknown word
    picker = w.Dropdown(options=choices, value=choices[0], description="sentence")
    return _live_box([picker], lambda sentence: render_profiles_html(*embed(sentence)), "attnlib-profile-widget")


def rebalance(weights: ArrayLike, index: int, value: float, step: float | None = None) -> np.ndarray:
    """Set weights[index] = value (clipped to [0, 1]) and rescale the others so all sum to 1: (m,).

    With a step (such as a slider's 0.05), every weight lands on that grid and they still sum to
    exactly 1: the others share what is left in whole steps, by largest remainder.
    """
    wv = to_float_array(weights, "weights", ndim=1, shape_hint="(m,)").astype(float)
    if isinstance(index, bool) or not isinstance(index, (int, np.integer)) or not 0 <= index < wv.shape[0]:
        raise ValueError(f"index must be a whole number in [0, {wv.shape[0] - 1}]; got {index!r}")
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise TypeError(f"value must be a finite number (the new weight), got {type(value).__name__} {value!r}")
    value = min(1.0, max(0.0, float(value)))
    others = np.delete(np.arange(wv.shape[0]), index)
    rest = wv[others].clip(min=0)
    share = rest / rest.sum() if rest.sum() > 0 else np.full(len(others), 1 / len(others))
    if step is None:
        wv[others] = (1 - value) * share
        wv[index] = value
        return wv
    units = round(1 / to_positive_number(step, "step"))
    if units > 10_000 or abs(units * float(step) - 1) > 1e-9:
        raise ValueError(f"step must divide 1 into whole steps (such as 0.05 or 0.01); got {step!r}")
    mine = round(value * units)
    ideal = (units - mine) * share                              # whole steps each other weight deserves
    given = np.floor(ideal + 1e-9).astype(int)
    for j in np.argsort(-(ideal - given), kind="stable")[: units - mine - given.sum()]:
        given[j] += 1                                           # largest remainders get the spare steps
    out = np.empty(wv.shape[0])
    out[others] = given / units
    out[index] = mine / units
    return out


def describe_mix(weights: ArrayLike, sentence: str = "love Apple phones", target: int = 1) -> str:
    """Return the HTML the mixing widget shows: the formula, the new profile, its Tech/Fruit split."""
    from .data import embed, tech_fruit_split

    tokens, vectors = embed(sentence)
    mixed = mix_profile(weights, vectors)
    wv = np.asarray(weights, dtype=float) / float(np.sum(weights))
    formula = " + ".join(f"{x:.2f}·{t}" for x, t in zip(wv, tokens, strict=True))
    tech, fruit = tech_fruit_split(mixed)
    table = render_profiles_html([tokens[target], tokens[target] + "'"], np.stack([vectors[target], mixed]))
    return (f"<div><code>{html.escape(tokens[target])}' = {html.escape(formula)}</code></div>{table}"
            f"<div>Tech {tech:.0%} / Fruit {fruit:.0%}</div>")


def build_mixing_widget(
    sentence: str = "love Apple phones", target: int = 1, weights: Sequence[float] = (0.1, 0.5, 0.4),
) -> ipywidgets.VBox:
    """Return one slider per word (kept summing to 1) and the live profile of the mixed word."""
    import ipywidgets as w

    from .data import embed

    tokens, _ = embed(sentence)
    start = to_float_array(weights, "weights", ndim=1, shape_hint=f"({len(tokens)},)")
    if start.shape[0] != len(tokens):
        raise ValueError(f"weights must have {len(tokens)} entries, one per word of {sentence!r}; got {start.shape[0]}")
    step = 0.05
    start = rebalance(start, 0, float(start[0]) / float(start.sum()), step=step)   # on the sliders' grid
    sliders = [w.FloatSlider(value=float(x), min=0, max=1, step=step, description=f"weight of {t}",
                             style={"description_width": "initial"}) for x, t in zip(start, tokens, strict=True)]
    out = w.HTML()
    busy = [False]

    def on_change(change: dict) -> None:
        # Every value written back is on the sliders' grid, so the browser has nothing to snap and
        # echo back: the sliders and the formula settle after one round trip.
        if busy[0]:
            return
        busy[0] = True
        try:
            new = rebalance([s.value for s in sliders], sliders.index(change["owner"]), change["new"], step=step)
            for s, x in zip(sliders, new, strict=True):
                if abs(s.value - x) > 1e-9:
                    s.value = float(x)
        finally:
            busy[0] = False
        out.value = describe_mix([s.value for s in sliders], sentence, target)

    for s in sliders:
        s.observe(on_change, names="value")
    out.value = describe_mix([s.value for s in sliders], sentence, target)
    box = w.VBox([*sliders, out])
    box.add_class("attnlib-mixing-widget")
    return box


def polar_to_xy(angle_degrees: float, length: float) -> np.ndarray:
    """Return the 2-D vector with this angle (degrees, from the x-axis) and length: (2,)."""
    a = np.deg2rad(float(angle_degrees))
    return np.array([np.cos(a), np.sin(a)]) * float(length)


def compare_vectors(a: ArrayLike, b: ArrayLike) -> dict[str, float]:
    """Return the dot product, cosine similarity and distance of two vectors."""
    from .similarity import cosine_similarity, dot_similarity, euclidean_distance

    return {"dot": dot_similarity(a, b), "cosine": cosine_similarity(a, b), "distance": euclidean_distance(a, b)}


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


def vector_lengths(step: float = 0.25, longest: float = 6.0) -> list[float]:
    """Return the vector widget's lengths: a grid of step up to longest, plus every named setting's."""
    from .data import VECTOR_SETTINGS

    grid = [round(step * i, 10) for i in range(1, int(round(longest / step)) + 1)]
    return sorted(set(grid) | {length for _, length in VECTOR_SETTINGS.values()})


def build_vector_widget(
    reference: Sequence[float] = (2.0, 2.0), angle: float = 0.0, length: float = 4.0,
) -> ipywidgets.VBox:
    """Return angle and length sliders for a word vector, showing dot, cosine and distance to Apple."""
    import ipywidgets as w

    ref = [float(x) for x in reference]
    angle_slider = w.FloatSlider(value=angle, min=-180, max=180, step=5, description="angle (°)")
    # A selection slider, so that exact lengths such as 2√2 (phones) are on it, labelled to 2 decimals.
    lengths = sorted(set(vector_lengths()) | {float(length)})
    length_slider = w.SelectionSlider(options=[(f"{x:.2f}", x) for x in lengths], value=float(length),
                                      description="length")
    return _live_box([angle_slider, length_slider], lambda a, n: describe_vector_pair(a, n, ref),
                     "attnlib-vector-widget")


def render_heatmap_html(
    weights: ArrayLike, row_labels: Sequence[str], col_labels: Sequence[str] | None = None, title: str = "",
) -> str:
    """Return an (n, m) matrix as a shaded HTML table (rows attend to columns); fast to redraw."""
    w = to_float_array(weights, "weights", ndim=2, shape_hint="(n, m)")
    rows_l = [str(x) for x in row_labels]
    cols_l = rows_l if col_labels is None else [str(x) for x in col_labels]
    if w.shape != (len(rows_l), len(cols_l)):
        raise ValueError(f"weights must have shape ({len(rows_l)}, {len(cols_l)}) to match the labels; got {w.shape}")
    shades = np.abs(w) / max(1e-12, float(np.abs(w).max()))
    caption = f"<div><b>{html.escape(title)}</b></div>" if title else ""
    return f"<div class='attnlib-heatmap'>{caption}{_shaded_table(rows_l, cols_l, w, shades)}</div>"


def contextualize(
    sentence: str, table: str = "features", scale: float = 1.0,
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Parameter-free self-attention on a sentence: return (tokens, weights (n, n), new vectors (n, d))."""
    from .attention import attention
    from .data import embed

    tokens, x = embed(sentence, table)
    new, weights = attention(x, x, x, scale=scale)
    return tokens, weights, new


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


def build_sentence_widget(
    sentences: Sequence[str] = ("I love Apple phones", "I love apple juice", "I love Apple watch",
                                "The bank by the river has steep slopes"),
) -> ipywidgets.VBox:
    """Return a box to choose or type a sentence, showing its attention heatmap and new profiles."""
    import ipywidgets as w

    box_in = w.Combobox(value=sentences[0], options=list(sentences), description="sentence",
                        ensure_option=False, layout=w.Layout(width="480px"))
    return _live_box([box_in], describe_sentence_attention, "attnlib-sentence-widget")


LOOKUP_KEYS = {"fruit": (1.0, 0.0), "tech": (0.0, 1.0), "finance": (-0.94, -0.34)}
# Each value is a small profile over (Fruit, Tech, Money): what the entry hands over once matched.
LOOKUP_VALUES = {"fruit": (0.9, 0.1, 0.0), "tech": (0.1, 0.9, 0.4), "finance": (0.0, 0.3, 1.0)}
LOOKUP_VALUE_NAMES = ("Fruit", "Tech", "Money")


def describe_soft_lookup(angle_degrees: float, sharpness: float = 2.0) -> str:
    """Return the HTML the soft look-up widget shows for a query at this angle and length."""
    from .attention import soft_lookup

    query = polar_to_xy(angle_degrees, sharpness)
    names = list(LOOKUP_KEYS)
    weights, value = soft_lookup(query, list(LOOKUP_KEYS.values()), list(LOOKUP_VALUES.values()))
    svg = render_vectors_svg({"query": query, **{k: np.asarray(v) for k, v in LOOKUP_KEYS.items()}}, extent=4.0)
    bars = render_bars_html(names, weights, title="weights over the keys")
    returned = render_bars_html(LOOKUP_VALUE_NAMES, value, title="returned value (a blend)")
    return f"<div style='display:flex;gap:16px;align-items:center'>{svg}<div>{bars}{returned}</div></div>"


def build_soft_lookup_widget(angle: float = 30.0, sharpness: float = 2.0) -> ipywidgets.VBox:
    """Return sliders that move a query; the weights over keys and the blended value update live."""
    import ipywidgets as w

    angle_s = w.FloatSlider(value=angle, min=-180, max=180, step=5, description="query angle (°)",
                            style={"description_width": "initial"})
    sharp_s = w.FloatSlider(value=sharpness, min=0.0, max=4.0, step=0.25, description="query length",
                            style={"description_width": "initial"})
    return _live_box([angle_s, sharp_s], describe_soft_lookup, "attnlib-lookup-widget")


def score_statistics(d_k: int, scaled: bool, n_keys: int = 8, n_samples: int = 300, seed: int = 0) -> dict[str, float]:
    """For random unit-variance q, k of size d_k: the std of q·k (÷√d_k if scaled) and the mean max weight."""
    if isinstance(d_k, bool) or not isinstance(d_k, (int, np.integer)) or d_k < 1:
        raise ValueError(f"d_k must be a whole number >= 1, got {d_k!r}")
    rng = np.random.default_rng(seed)
    q = rng.standard_normal((n_samples, 1, d_k))
    k = rng.standard_normal((n_samples, n_keys, d_k))
    scores = (q @ np.swapaxes(k, -1, -2))[:, 0, :]                       # (n_samples, n_keys)
    if scaled:
        scores = scores / np.sqrt(d_k)
    weights = softmax(scores)
    return {"score_std": float(scores.std()), "mean_max_weight": float(weights.max(axis=-1).mean()),
            "scores": scores.ravel()}


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


def describe_scaling(d_k: int, scaled: bool) -> str:
    """Return the HTML the scaling widget shows: the score histogram, its spread and the max weight."""
    stats = score_statistics(d_k, scaled)
    label = "q·k / √d_k" if scaled else "q·k"
    return (f"<div><b>{label}</b> for d_k = {d_k}: std = {stats['score_std']:.2f}, "
            f"average largest softmax weight over 8 keys = {stats['mean_max_weight']:.2f}</div>"
            + render_histogram_html(stats["scores"]))


def build_scaling_widget(d_k: int = 64, scaled: bool = False) -> ipywidgets.VBox:
    """Return a d_k slider and a scaling switch, showing how spread-out the scores are."""
    import ipywidgets as w

    dk = w.SelectionSlider(options=[1, 2, 4, 8, 16, 32, 64, 128, 256, 512], value=d_k, description="d_k")
    sc = w.Checkbox(value=scaled, description="divide by √d_k")
    return _live_box([dk, sc], describe_scaling, "attnlib-scaling-widget")


def describe_costs(n: int, d: int = 64, times: dict[int, tuple[float, float]] | None = None) -> str:
    """Return the HTML the cost widget shows: counts for attention vs RNN at n words, and times if given."""
    from .sequence import attention_cost, rnn_cost, weight_matrix_bytes

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


def build_cost_widget(d: int = 64, times: dict[int, tuple[float, float]] | None = None) -> ipywidgets.VBox:
    """Return a sequence-length slider comparing attention's and an RNN's work, memory and time."""
    import ipywidgets as w

    options = sorted(times) if times else [2**i for i in range(3, 15)]
    n = w.SelectionSlider(options=options, value=options[len(options) // 2], description="words n")
    return _live_box([n], lambda value: describe_costs(value, d, times), "attnlib-cost-widget")


def heads_weights(
    sentence: str = "I love Apple phones", n_heads: int = 2, causal: bool = False, positions: bool = False,
    seed: int = 0, query_key_gain: float = 4.0, position_strength: float = 0.5,
) -> tuple[list[str], np.ndarray]:
    """Return tokens and the (n_heads, n, n) weights of seeded multi-head attention on a sentence.

    W_Q and W_K are random_projections scaled by query_key_gain (fresh random weights give nearly
    uniform attention); positions add position_strength × the sinusoidal encoding.
    """
    from .attention import causal_mask
    from .data import embed
    from .multihead import multi_head_attention, random_projections
    from .positions import sinusoidal_positional_encoding

    tokens, x = embed(sentence)
    if positions:
        x = x + position_strength * sinusoidal_positional_encoding(len(tokens), x.shape[1])
    w_q, w_k, w_v, w_o = random_projections(x.shape[1], x.shape[1], seed=seed, count=4)
    w_q, w_k = w_q * query_key_gain, w_k * query_key_gain   # sharper scores, so heads differ visibly
    mask = causal_mask(len(tokens)) if causal else None
    return tokens, multi_head_attention(x, w_q, w_k, w_v, w_o, n_heads, mask=mask).weights


def describe_heads(sentence: str, n_heads: int, causal: bool, positions: bool) -> str:
    """Return the HTML the heads widget shows: one heatmap per head, side by side."""
    try:
        tokens, weights = heads_weights(sentence, n_heads, causal, positions)
    except (ValueError, TypeError) as exc:
        return f"<div class='attnlib-error' style='color:#b00'>{html.escape(str(exc))}</div>"
    maps = "".join(f"<div>{render_heatmap_html(wh, tokens, title=f'head {h + 1}')}</div>"
                   for h, wh in enumerate(weights))
    return f"<div style='display:flex;flex-wrap:wrap;gap:12px'>{maps}</div>"


def build_heads_widget(sentence: str = "I love Apple phones") -> ipywidgets.VBox:
    """Return controls for heads, causal mask and positions, with every head's heatmap live."""
    import ipywidgets as w

    heads = w.ToggleButtons(options=[1, 2, 4, 8], value=2, description="heads")
    causal = w.Checkbox(value=False, description="causal mask")
    positions = w.Checkbox(value=False, description="add positions")
    text = w.Text(value=sentence, description="sentence", continuous_update=False)
    return _live_box([text, heads, causal, positions], describe_heads, "attnlib-heads-widget",
                     layout=[text, heads, w.HBox([causal, positions])])
