"""The widget of notebook 11: a real model's attention, any sentence, any block and head, and how one
word's vector differs between two sentences, block by block (Hugging Face's files call a block a layer).

Kept apart from attnlib.viz.widgets (which holds the toy series' widgets) because it needs the
pretrained model; only ipywidgets loads lazily."""

from __future__ import annotations

import html
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ..maths.similarity import cosine_similarity
from .defaults import MINILM_OTHER, MINILM_SENTENCE, MINILM_WORD
from .html import shade_colours
from .widgets import live_box

if TYPE_CHECKING:  # pragma: no cover
    import ipywidgets

# The heatmap's width in px, at most: at 1024×768 with JupyterLab's side bar open, the widget gets 588 px
# (538 px with the side bar dragged to 300 px). Each weight is printed at 13 px up to 18 tokens, at 12 px
# up to 21 and at 11 px up to 24; longer sentences get cells of colour only (each weight is in its cell's
# tooltip), and past 32 tokens the heatmap scrolls sideways inside its own box, never the page.
FIT_PX, LABEL_PX, MIN_CELL_PX = 536, 80, 13
# Takes the width of the column it is in and never widens it, so what is wider scrolls inside it.
_FIT = "display:block;width:0;min-width:100%"


def _error(message: str) -> str:
    return f"<div class='attnlib-error' style='color:#b00'>{html.escape(message)}</div>"


def _short(x: float) -> str:
    """A weight in 3 characters at most: .97, and 1 for 1.00."""
    text = f"{x:.2f}"
    return "1" if text == "1.00" else text.removeprefix("0")


def heatmap_cells(n: int) -> tuple[int, int]:
    """Return (cell width, font size) in px for an n-token heatmap in FIT_PX; font size 0: colour only."""
    cell = (FIT_PX - LABEL_PX) // max(n, 1) - 1  # 1 px between cells
    if cell >= 24:
        return min(cell, 34), 13
    for font, room in ((12, 20), (11, 18)):  # the width ".97" needs, with a pixel each side
        if cell >= room:
            return cell, font
    return max(cell, MIN_CELL_PX), 0


def render_fitted_heatmap(A: np.ndarray, tokens: list[str], title: str) -> str:
    """Return A (n, n) as a shaded table, rows attending to columns, its cells sized by heatmap_cells."""
    cell, font = heatmap_cells(len(tokens))
    size = f"width:{cell}px;text-align:center;overflow:hidden"
    up = f"{size};padding:0;writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap"
    up += f";font-size:{font or 11}px"  # the column labels, read upwards
    label = "overflow:hidden;text-overflow:ellipsis;white-space:nowrap;padding:0 4px 0 0;font-weight:bold"
    head = "".join(f"<th style='{up}'>{html.escape(t)}</th>" for t in tokens)
    rows = []
    shades = 0.06 + 0.94 * A / max(1e-12, float(A.max()))  # a weight of 0 is tinted too: the cells stay apart
    for t, row, shade in zip(tokens, A, shades, strict=True):
        cells = "".join(
            "<td title='{}' style='{};padding:1px 0;font-size:{}px;background:{};color:{}'>{}</td>".format(
                html.escape(f"{t} → {c}: {x:.2f}"), size, font or 11, *shade_colours(s), _short(x) if font else ""
            )
            for c, x, s in zip(tokens, row, shade, strict=True)
        )
        rows.append(f"<tr><td style='{label}' title='{html.escape(t)}'>{html.escape(t)}</td>{cells}</tr>")
    width = LABEL_PX + len(tokens) * (cell + 1) + 1
    table = (
        f"<table style='table-layout:fixed;width:{width}px;border-spacing:1px'>"
        f"<tr><th style='width:{LABEL_PX - 2}px;padding:0'></th>{head}</tr>{''.join(rows)}</table>"
    )
    return (
        f"<div class='attnlib-heatmap' style='margin-top:6px'><div><b>{html.escape(title)}</b>"
        f"{'' if font else ' (point at a cell for its weight)'}</div>"
        f"<div style='{_FIT};overflow-x:auto'>{table}</div></div>"
    )


def describe_minilm(encode, sentence: str, block: int, head: int) -> str:
    """Return the HTML the widget shows: one head's attention weights for a sentence, and each row's top."""
    try:
        result = encode(sentence)
    except (ValueError, TypeError) as exc:
        return _error(str(exc))
    A, tokens = result.attentions[block, head], result.tokens
    tops = ", ".join(f"{html.escape(t)} → {html.escape(tokens[int(np.argmax(row))])}" for t, row in zip(tokens, A))
    return (
        f"<div style='{_FIT};overflow-wrap:anywhere'><b>block {block}, head {head}</b>: "
        f"{len(tokens)} tokens; each token's strongest link: {tops}</div>"
        + render_fitted_heatmap(
            A, tokens, title=f"attention weights A of block {block}, head {head} (rows attend to columns)"
        )
    )


def cosines_across(encode, sentence: str, other: str, word: str) -> np.ndarray:
    """Return the cosine of word's vector in sentence and in other at every hidden state, 0 (the
    embeddings) to the last block's; the word must be one token of both, and its first one counts."""
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
        f"<div style='{_FIT}'><b>{html.escape(word.strip().lower())}</b> in the two sentences: "
        f"the cosine of its two vectors in each hidden state (0 = the embeddings, k = after k blocks)</div>"
        f"<table class='attnlib-cosines'><tr><th>hidden state</th>{head}</tr>"
        f"<tr><th>cosine</th>{row}</tr></table><br>"
    )


def build_minilm_widget(
    model, sentence: str = MINILM_SENTENCE, other: str = MINILM_OTHER, word: str = MINILM_WORD
) -> ipywidgets.VBox:
    """Return a sentence box and block and head pickers over the model's attention, and a second
    sentence and a word whose cosine between the two is shown block by block. Each sentence is
    encoded once (cached), so changing the block, head or word only redraws. It fits a 590 px column."""
    import ipywidgets as w

    encode = lru_cache(maxsize=32)(model.encode)
    label = {"description_width": "100px"}  # "compare with" fits, and the boxes line up

    def wide() -> ipywidgets.Layout:
        return w.Layout(width="auto", max_width="700px")

    text = w.Text(value=sentence, description="sentence", continuous_update=False, style=label, layout=wide())
    block = w.Dropdown(
        options=list(range(model.n_layers)), value=0, description="block", style=label, layout=w.Layout(width="200px")
    )
    head = w.Dropdown(
        options=list(range(model.n_heads)), value=0, description="head", style=label, layout=w.Layout(width="200px")
    )
    second = w.Text(value=other, description="compare with", continuous_update=False, style=label, layout=wide())
    token = w.Text(value=word, description="word", continuous_update=False, style=label, layout=w.Layout(width="260px"))

    def render(s: str, b: int, h: int, o: str, wd: str) -> str:  # the short cosine row first, then the heatmap
        return (
            "<div style='line-height:1.3;white-space:normal'>"
            + describe_word_cosines(encode, s, o, wd)
            + describe_minilm(encode, s, b, h)
            + "</div>"
        )

    return live_box(
        [text, block, head, second, token],
        render,
        "attnlib-minilm-widget",
        layout=[text, w.HBox([block, head]), second, token],
    )
