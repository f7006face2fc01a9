"""The widget of notebook 12: the tiny GPT writes on from a prompt you type, at the temperature and length you
choose, and shows how the prompt's last character spreads its attention over the prompt, head by head.

A text box holds one line, so a new line is typed as \\n (the box shows the default prompt "ROMEO:\\n" so).
The text is attnlib.models.gpt.sample's, seeded: the same settings always give the same text. Kept apart from
attnlib.viz.widgets (the toy series' widgets) because it needs a trained model; only ipywidgets loads lazily."""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from .._threads import one_blas_thread
from .._validate import to_positive_number, to_whole_number
from ..data.shakespeare import decode, encode
from ..models.gpt import check_params, forward, sample
from .html import shade_colours
from .widgets import live_box

if TYPE_CHECKING:  # pragma: no cover
    import ipywidgets

MEAN = "all heads (mean)"  # the head picker's first choice: the mean of every head of every layer
NEW_LINE = "\\n"  # how a new line is typed in the one-line prompt box
TEMPERATURES = (0.1, 2.0, 0.05)  # the temperature slider: min, max, step
LENGTHS = (20, 300, 10)  # the length slider, in characters
_SHOWN = {" ": "␣", "\n": "↵", "\t": "⇥", "\r": "␍"}  # characters drawn visibly in the attention row
_BOX = "font-family:monospace;white-space:pre-wrap;overflow-wrap:anywhere;padding:6px 8px;border:1px solid #ccc"


def visible(ch: str) -> str:
    """Return a character as the attention row draws it: ␣ for a space, ↵ for a new line, ⇥ for a tab."""
    return _SHOWN.get(ch, ch)


def typed(box_value: str) -> str:
    """Return the prompt a text box holds, each \\n typed in it a new line."""
    return box_value.replace(NEW_LINE, "\n")


def _error(message: str) -> str:
    """Return a message (HTML) in the readout's error style."""
    return f"<div class='attnlib-error' style='color:#b00;white-space:pre-wrap'>{message}</div>"


def unknown_characters(prompt: str, vocab: Sequence[str]) -> list[str]:
    """Return the distinct characters of prompt that are not in vocab, in the order they first appear."""
    known = set(vocab)
    return list(dict.fromkeys(ch for ch in prompt if ch not in known))


def head_options(n_layers: int, n_heads: int) -> dict[str, tuple[int, int] | None]:
    """Return the head picker's choices, label -> (layer, head), the mean of all heads (None) first."""
    name = "head {1}" if n_layers == 1 else "layer {0}, head {1}"
    return {MEAN: None} | {name.format(i, h): (i, h) for i in range(n_layers) for h in range(n_heads)}


def render_text_html(prompt: str, continuation: str, temperature: float, seed: int) -> str:
    """Return the prompt (bold) and the continuation (plain) in a monospace box, new lines kept, and a caption."""
    return (
        f"<div class='attnlib-gpt-text' style='{_BOX}'><b class='attnlib-gpt-prompt'>{html.escape(prompt)}</b>"
        f"<span class='attnlib-gpt-continuation'>{html.escape(continuation)}</span></div>"
        f"<div class='attnlib-gpt-caption' style='font-size:12px;margin:2px 0 8px'>The prompt in bold, then "
        f"<span class='attnlib-gpt-length'>{len(continuation)}</span> characters sampled at temperature "
        f"<span class='attnlib-gpt-temperature'>{temperature:.2f}</span> (seed {seed}: the same settings, "
        f"the same text).</div>"
    )


def render_attention_row_html(chars: str, row: np.ndarray, label: str, dropped: int = 0) -> str:
    """Return row (n,), chars' last character's attention over chars, as shaded characters under a caption."""
    last = html.escape(visible(chars[-1]))
    shades = 0.06 + 0.94 * row / max(1e-12, float(row.max()))  # a weight of 0 is tinted too: cells stay apart
    cells = []
    for i, (ch, x, shade) in enumerate(zip(chars, row, shades, strict=True)):
        bg, fg = shade_colours(shade)
        tip = html.escape(f"{visible(chars[-1])} → {visible(ch)} (character {dropped + i + 1}): {x:.4f}")
        cells.append(
            f"<span title='{tip}' style='display:inline-block;width:30px;margin:0 1px 1px 0;text-align:center;"
            f"background:{bg};color:{fg}'><span class='attnlib-gpt-char' style='display:block;font-family:"
            f"monospace;font-size:14px;font-weight:bold'>{html.escape(visible(ch))}</span>"
            f"<span class='attnlib-gpt-weight' style='display:block;font-size:11px'>{x:.2f}</span></span>"
        )
    reads = f" (the model reads only the last {len(chars)} characters: its context)" if dropped else ""
    return (
        f"<div class='attnlib-gpt-attention'><div><b>Where the last character '{last}' looks</b>, "
        f"<span class='attnlib-gpt-head'>{html.escape(label)}</span>: its attention over the prompt{reads}; "
        f"darker is more, ␣ is a space, ↵ a new line, and the weights of the row sum to 1.</div>"
        f"<div style='display:flex;flex-wrap:wrap;margin-top:4px;line-height:1.25'>{''.join(cells)}</div></div>"
    )


class GPTWriter:
    """A checked model and vocabulary: write() continues a prompt, attention() reads its last row; both cached."""

    def __init__(self, params: dict[str, np.ndarray], vocab: Sequence[str], seed: int = 0) -> None:
        """Check params (gpt.check_params) and vocab (a list of params' vocab_size single characters)."""
        self.params, self.cfg = check_params(params)
        encode("", vocab)  # checks vocab: a non-empty list of distinct single characters, naming it
        if len(vocab) != self.cfg.vocab_size:
            raise ValueError(
                f"vocab has {len(vocab)} characters but the model has {self.cfg.vocab_size} (params['tok_emb'] "
                f"has a row per character): use the vocabulary the model was trained with"
            )
        self.vocab, self.seed = list(vocab), to_whole_number(seed, "seed", minimum=0)
        self.write = lru_cache(maxsize=1)(self._write)  # the current settings: a head change redraws only
        self.attention = lru_cache(maxsize=8)(self._attention)

    def _write(self, prompt: str, temperature: float, length: int) -> str:
        """Return the `length` characters sample() writes after prompt at temperature, with the writer's seed."""
        with one_blas_thread():
            ids = sample(self.params, encode(prompt, self.vocab), length, temperature, seed=self.seed)
        return decode(ids[len(prompt) :], self.vocab)

    def _attention(self, prompt: str) -> np.ndarray:
        """Return the last character's attention over the last `context` characters: (n_layers, n_heads, n)."""
        ids = encode(prompt[-self.cfg.context :], self.vocab)
        with one_blas_thread():
            return forward(self.params, ids[None], return_cache=True).weights[:, 0, :, -1, :]


def describe_gpt(writer: GPTWriter, prompt: str, temperature: float, length: int, head: str = MEAN) -> str:
    """Return the readout: the prompt and its continuation, then the last character's attention (or what is wrong)."""
    if not prompt:
        return _error(
            f"Type a prompt: the model needs at least one character to continue from ({NEW_LINE} is a new line)."
        )
    unknown = unknown_characters(prompt, writer.vocab)
    if unknown:
        names = ", ".join(f"'{html.escape(visible(ch))}'" for ch in unknown)
        known = html.escape("".join(visible(ch) for ch in writer.vocab))
        return _error(
            f"The model does not know {names}: it reads only the {len(writer.vocab)} characters it was trained "
            f"on, <span style='font-family:monospace'>{known}</span> (␣ is a space, ↵ a new line, typed {NEW_LINE}). "
            "Change the prompt to use only those."
        )
    text = render_text_html(prompt, writer.write(prompt, temperature, length), temperature, writer.seed)
    weights = writer.attention(prompt)  # (n_layers, n_heads, n)
    heads = head_options(writer.cfg.n_layers, writer.cfg.n_heads)
    if head not in heads:
        raise ValueError(f"head must be one of {list(heads)}; got {head!r}")
    row = weights.mean(axis=(0, 1)) if heads[head] is None else weights[heads[head]]
    chars = prompt[-writer.cfg.context :]
    attention = render_attention_row_html(chars, row, head, dropped=len(prompt) - len(chars))
    return f"<div class='attnlib-gpt' style='line-height:1.3;white-space:normal'>{text}{attention}</div>"


def _on_grid(x: object, name: str, grid: tuple[float, float, float], whole: bool) -> float:
    """Return x checked to be in [grid min, grid max] and snapped to the grid's step (the slider's)."""
    lo, hi, step = grid
    value = to_whole_number(x, name) if whole else to_positive_number(x, name)
    if not lo <= value <= hi:
        raise ValueError(f"{name} must be from {lo:g} to {hi:g} (the slider's range); got {value!r}")
    return round(lo + round((value - lo) / step) * step, 2)


def build_gpt_widget(
    params: dict[str, np.ndarray],
    vocab: Sequence[str],
    prompt: str = "ROMEO:\n",
    length: int = 120,
    temperature: float = 0.8,
    seed: int = 0,
) -> ipywidgets.VBox:
    """Return a prompt box, temperature, length and head pickers over the model's seeded text and attention, live."""
    import ipywidgets as w

    writer = GPTWriter(params, vocab, seed)
    if not isinstance(prompt, str):
        raise TypeError(f"prompt must be a str, such as 'ROMEO:\\n'; got {type(prompt).__name__}")
    start_t = _on_grid(temperature, "temperature", TEMPERATURES, whole=False)
    start_n = int(_on_grid(length, "length", LENGTHS, whole=True))
    label = {"description_width": "100px"}
    box = w.Text(
        value=prompt.replace("\n", NEW_LINE),
        description="prompt",
        placeholder=f"type a prompt; {NEW_LINE} is a new line",
        continuous_update=False,
        style=label,
        layout=w.Layout(width="auto", max_width="560px"),
    )
    lo, hi, step = TEMPERATURES
    once = {"continuous_update": False, "style": label}  # sample once a slider is let go, not all the way
    heat = w.FloatSlider(value=start_t, min=lo, max=hi, step=step, description="temperature", **once)
    lo, hi, step = LENGTHS
    size = w.IntSlider(value=start_n, min=lo, max=hi, step=step, description="length", **once)
    heads = list(head_options(writer.cfg.n_layers, writer.cfg.n_heads))
    head = w.Dropdown(options=heads, value=MEAN, description="head", style=label)
    return live_box(
        [box, heat, size, head], lambda text, t, n, h: describe_gpt(writer, typed(text), t, n, h), "attnlib-gpt-widget"
    )
