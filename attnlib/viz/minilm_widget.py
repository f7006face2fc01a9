"""The widget of notebook 11: a real model's attention, any sentence, any layer and head, and how one
word's vector differs between two sentences, layer by layer.

Kept apart from attnlib.viz.widgets (which holds the toy series' widgets) because it needs the
pretrained model; only ipywidgets loads lazily."""

from __future__ import annotations

import html
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ..maths.similarity import cosine_similarity
from .defaults import MINILM_OTHER, MINILM_SENTENCE, MINILM_WORD
from .html import render_heatmap_html
from .widgets import live_box

if TYPE_CHECKING:  # pragma: no cover
    import ipywidgets


def _error(message: str) -> str:
    return f"<div class='attnlib-error' style='color:#b00'>{html.escape(message)}</div>"


def describe_minilm(encode, sentence: str, layer: int, head: int) -> str:
    """Return the HTML the widget shows: one head's attention weights for a sentence, and each row's top."""
    try:
        result = encode(sentence)
    except (ValueError, TypeError) as exc:
        return _error(str(exc))
    A, tokens = result.attentions[layer, head], result.tokens
    tops = ", ".join(f"{html.escape(t)} → {html.escape(tokens[int(np.argmax(row))])}" for t, row in zip(tokens, A))
    # Compact: a 20-token table fits a 1024x768 projector; a longer one scrolls sideways instead of being cut.
    return (
        f"<div style='white-space:normal; max-width:900px'><b>layer {layer}, head {head}</b>: "
        f"{len(tokens)} tokens; each token's strongest link: {tops}</div><div style='overflow-x:auto'>"
        + render_heatmap_html(
            A, tokens, title=f"attention weights A of layer {layer}, head {head} (rows attend to columns)", compact=True
        )
        + "</div>"
    )


def cosines_across(encode, sentence: str, other: str, word: str) -> np.ndarray:
    """Return the cosine of word's vector in sentence and in other at every hidden state, 0 (the
    embeddings) to the last layer's; the word must be one token of both, and its first one counts."""
    token = word.strip().lower() if isinstance(word, str) else word
    if not isinstance(token, str) or not token:
        raise ValueError(f"word must be a word of both sentences; got {word!r}")
    a, b = encode(sentence), encode(other)
    for text, result in ((sentence, a), (other, b)):
        if token not in result.tokens:
            raise ValueError(
                f"word {word!r} is not a token of {text!r}, whose tokens are "
                f"{' '.join(result.tokens)} (a long word may be split into pieces)"
            )
    i, j = a.tokens.index(token), b.tokens.index(token)
    return np.array([cosine_similarity(x[i], y[j]) for x, y in zip(a.hidden_states, b.hidden_states)])


def describe_word_cosines(encode, sentence: str, other: str, word: str) -> str:
    """Return the HTML readout of cosines_across: one row, hidden state 0 to the last."""
    try:
        cosines = cosines_across(encode, sentence, other, word)
    except (ValueError, TypeError) as exc:
        return _error(str(exc))
    head = "".join(f"<th style='padding:2px 8px'>{k}</th>" for k in range(len(cosines)))
    row = "".join(f"<td style='padding:2px 8px'>{c:.3f}</td>" for c in cosines)
    return (
        f"<div><b>{html.escape(word.strip().lower())}</b> in the two sentences: "
        f"the cosine of its two vectors in each hidden state (0 = the embeddings, k = after k layers)</div>"
        f"<table class='attnlib-cosines'><tr><th>hidden state</th>{head}</tr>"
        f"<tr><th>cosine</th>{row}</tr></table><br>"
    )


def build_minilm_widget(
    model, sentence: str = MINILM_SENTENCE, other: str = MINILM_OTHER, word: str = MINILM_WORD
) -> ipywidgets.VBox:
    """Return a sentence box and layer and head pickers over the model's attention, and a second
    sentence and a word whose cosine between the two is shown layer by layer. Each sentence is
    encoded once (cached), so changing the layer, head or word only redraws."""
    import ipywidgets as w

    encode = lru_cache(maxsize=32)(model.encode)
    label = {"description_width": "100px"}  # "compare with" fits, and the boxes line up
    text = w.Text(
        value=sentence, description="sentence", continuous_update=False, style=label, layout=w.Layout(width="700px")
    )
    layer = w.Dropdown(
        options=list(range(model.n_layers)), value=0, description="layer", style=label, layout=w.Layout(width="200px")
    )
    head = w.Dropdown(
        options=list(range(model.n_heads)), value=0, description="head", style=label, layout=w.Layout(width="200px")
    )
    second = w.Text(
        value=other, description="compare with", continuous_update=False, style=label, layout=w.Layout(width="700px")
    )
    token = w.Text(value=word, description="word", continuous_update=False, style=label, layout=w.Layout(width="260px"))

    def render(s: str, lay: int, h: int, o: str, wd: str) -> str:  # the short cosine row first, then the heatmap
        return describe_word_cosines(encode, s, o, wd) + describe_minilm(encode, s, lay, h)

    return live_box(
        [text, layer, head, second, token],
        render,
        "attnlib-minilm-widget",
        layout=[text, w.HBox([layer, head]), second, token],
    )
