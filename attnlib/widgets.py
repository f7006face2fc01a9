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
