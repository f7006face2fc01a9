"""The widget of notebook 11: a real model's attention, any sentence, any layer and head.

Kept apart from attnlib.widgets (which holds the toy series' widgets) because it needs the
pretrained model; only ipywidgets loads lazily."""

from __future__ import annotations

import html
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ._html import render_heatmap_html
from .widgets import _live_box

if TYPE_CHECKING:  # pragma: no cover
    import ipywidgets

MINILM_SENTENCE = "We sat on the grassy bank of the river and watched the boats go by in the sun"


def describe_minilm(encode, sentence: str, layer: int, head: int) -> str:
    """Return the HTML the widget shows: one head's attention weights for a sentence, and each row's top."""
    try:
        result = encode(sentence)
    except (ValueError, TypeError) as exc:
        return f"<div class='attnlib-error' style='color:#b00'>{html.escape(str(exc))}</div>"
    A, tokens = result.attentions[layer, head], result.tokens
    tops = ", ".join(f"{html.escape(t)} → {html.escape(tokens[int(np.argmax(row))])}" for t, row in zip(tokens, A))
    # A long sentence makes the table wider than the notebook: it scrolls sideways instead of being cut.
    return (f"<div style='white-space:normal; max-width:900px'><b>layer {layer}, head {head}</b>: "
            f"{len(tokens)} tokens; each token's strongest link: {tops}</div><div style='overflow-x:auto'>"
            + render_heatmap_html(A, tokens, title=f"attention weights A of layer {layer}, head {head} "
                                                   "(rows attend to columns)") + "</div>")


def build_minilm_widget(model, sentence: str = MINILM_SENTENCE) -> ipywidgets.VBox:
    """Return a sentence box and layer and head pickers over the model's attention; each sentence is
    encoded once (cached), so changing the layer or head only redraws."""
    import ipywidgets as w

    encode = lru_cache(maxsize=32)(model.encode)
    text = w.Text(value=sentence, description="sentence", continuous_update=False, layout=w.Layout(width="640px"))
    layer = w.Dropdown(options=list(range(model.n_layers)), value=0, description="layer")
    head = w.Dropdown(options=list(range(model.n_heads)), value=0, description="head")
    return _live_box([text, layer, head], lambda s, lay, h: describe_minilm(encode, s, lay, h),
                     "attnlib-minilm-widget", layout=[text, w.HBox([layer, head])])
