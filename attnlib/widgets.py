"""Interactive widgets. Each builder returns the widget; the maths behind it is a plain function.

ipywidgets is imported inside the builders, so `import attnlib` stays light. The HTML renderers
are pure functions (tested without a browser); the builders only wire controls to them.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from ._validate import to_float_array
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
    out = w.HTML()

    def update(_change: object = None) -> None:
        out.value = describe_softmax([s.value for s in sliders], names, temperature.value)

    for control in (*sliders, temperature):
        control.observe(update, names="value")
    update()
    box = w.VBox([*sliders, temperature, out])
    box.add_class("attnlib-softmax-widget")
    return box


def mix_profile(weights: ArrayLike, vectors: ArrayLike) -> np.ndarray:
    """Return the weighted mix of row vectors after normalising the weights to sum to 1: (d,)."""
    wv = to_float_array(weights, "weights", ndim=1, shape_hint="(m,)")
    if (wv < 0).any() or wv.sum() == 0:
        raise ValueError(f"weights must be >= 0 and not all 0; got {wv.tolist()}")
    from .attention import weighted_sum

    return weighted_sum(wv / wv.sum(), vectors)


def render_profiles_html(tokens: Sequence[str], vectors: ArrayLike, features: Sequence[str] | None = None) -> str:
    """Return an HTML table: one row per word, one shaded cell per feature value in [0, 1]."""
    from .data import FEATURES

    v = to_float_array(vectors, "vectors", ndim=2, shape_hint="(n_words, n_features)")
    names = list(FEATURES if features is None else features)
    if v.shape != (len(tokens), len(names)):
        raise ValueError(f"vectors must have shape ({len(tokens)}, {len(names)}) for {len(tokens)} tokens "
                         f"and {len(names)} features; got {v.shape}")
    head = "".join(f"<th style='padding:2px 6px'>{html.escape(f)}</th>" for f in names)
    rows = []
    for token, row in zip(tokens, v, strict=True):
        cells = "".join(
            f"<td style='padding:2px 6px;text-align:center;background:rgba(76,120,168,{max(0.0, min(1.0, x)):.2f});"
            f"color:{'white' if x > 0.55 else 'black'}'>{x:.2f}</td>" for x in row)
        rows.append(f"<tr><td style='padding-right:8px;font-weight:bold'>{html.escape(token)}</td>{cells}</tr>")
    return f"<table class='attnlib-profiles'><tr><th></th>{head}</tr>{''.join(rows)}</table>"


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
    out = w.HTML()

    def update(_change: object = None) -> None:
        tokens, vectors = embed(picker.value)
        out.value = render_profiles_html(tokens, vectors)

    picker.observe(update, names="value")
    update()
    box = w.VBox([picker, out])
    box.add_class("attnlib-profile-widget")
    return box


def rebalance(weights: ArrayLike, index: int, value: float) -> np.ndarray:
    """Set weights[index] = value (clipped to [0, 1]) and rescale the others so all sum to 1."""
    wv = to_float_array(weights, "weights", ndim=1, shape_hint="(m,)").astype(float)
    if not 0 <= index < wv.shape[0]:
        raise ValueError(f"index must be in [0, {wv.shape[0] - 1}]; got {index}")
    value = min(1.0, max(0.0, float(value)))
    others = np.delete(np.arange(wv.shape[0]), index)
    rest = wv[others].clip(min=0)
    wv[others] = (1 - value) * (rest / rest.sum() if rest.sum() > 0 else np.full(len(others), 1 / len(others)))
    wv[index] = value
    return wv


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
    sliders = [w.FloatSlider(value=float(x), min=0, max=1, step=0.05, description=f"weight of {t}",
                             style={"description_width": "initial"}) for x, t in zip(start, tokens, strict=True)]
    out = w.HTML()
    busy = [False]

    def on_change(change: dict) -> None:
        if busy[0]:
            return
        busy[0] = True
        try:
            i = sliders.index(change["owner"])
            new = rebalance([s.value for s in sliders], i, change["new"])
            for s, x in zip(sliders, new, strict=True):
                s.value = round(float(x), 4)
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


def build_vector_widget(
    reference: Sequence[float] = (2.0, 2.0), angle: float = 0.0, length: float = 4.0,
) -> ipywidgets.VBox:
    """Return angle and length sliders for a word vector, showing dot, cosine and distance to Apple."""
    import ipywidgets as w

    ref = [float(x) for x in reference]
    angle_slider = w.FloatSlider(value=angle, min=-180, max=180, step=5, description="angle (°)")
    length_slider = w.FloatSlider(value=length, min=0.5, max=5.5, step=0.25, description="length")
    out = w.HTML()

    def update(_change: object = None) -> None:
        out.value = describe_vector_pair(angle_slider.value, length_slider.value, ref)

    angle_slider.observe(update, names="value")
    length_slider.observe(update, names="value")
    update()
    box = w.VBox([angle_slider, length_slider, out])
    box.add_class("attnlib-vector-widget")
    return box
