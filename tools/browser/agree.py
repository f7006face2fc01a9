"""What a settled widget must show: one agreement check per widget, from the state settle.py reads.

Each check takes the state (the controls' values as shown, the readout's text and HTML) and returns
its problems, an empty list when the readout agrees with the controls: the mixing formula's weights
equal the sliders and sum to 1, the softmax bars are the softmax of the sliders, the heatmap's rows
are the typed sentence's tokens, and so on. The expected values come from attnlib itself.
"""

from __future__ import annotations

import functools
import re

import numpy as np


def _numbers(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", text.replace(",", "").replace("−", "-"))]


def _readouts(state: dict) -> list[float]:
    return [float(c["readout"]) for c in state["controls"] if c["readout"] is not None]


def agree_softmax(state: dict) -> list[str]:
    import attnlib as al

    *scores, _ = _readouts(state)
    title = re.search(r"softmax\(scores / ([\d.e+-]+)\)", state["text"])
    if not title:
        return [f"no softmax title in {state['text']!r}"]
    shown = _numbers(state["text"].split(")", 1)[1])[: len(scores)]
    want = al.softmax(scores, temperature=float(title.group(1)))
    temperature = state["controls"][-1]["readout"]
    problems = [] if np.allclose(shown, want, atol=1e-5) else [f"bars {shown} but softmax of {scores} is {want}"]
    if abs(float(title.group(1)) - float(temperature)) > 0.006 * float(temperature):
        problems.append(f"temperature slider shows {temperature} but the readout uses {title.group(1)}")
    return problems


def agree_mixing(state: dict) -> list[str]:
    weights = _readouts(state)
    formula = re.search(r"= (.+)", state["text"]).group(1).split("\n")[0]
    used = [float(x) for x in re.findall(r"(\d+\.\d+)·", formula)]
    problems = []
    if abs(sum(weights) - 1) > 1e-6:
        problems.append(f"the sliders {weights} sum to {sum(weights):.4f}, not 1")
    if len(used) != len(weights) or not np.allclose(used, weights, atol=1e-9):
        problems.append(f"the formula uses {used} but the sliders show {weights}")
    return problems


def agree_vector(state: dict) -> list[str]:
    import attnlib as al

    angle, length = _readouts(state)
    word = re.search(r"word = \(([-\d.]+), ([-\d.]+)\)", state["text"])
    want = al.polar_to_xy(angle, length)
    if not word or not np.allclose([float(word.group(1)), float(word.group(2))], want, atol=0.011):
        return [f"angle {angle}, length {length} is {np.round(want, 2)}, but the readout says {word and word.group(0)}"]
    return []


def agree_lookup(state: dict) -> list[str]:
    weights = _numbers(state["text"].split("weights over the keys", 1)[1].split("returned value", 1)[0])
    return [] if abs(sum(weights) - 1) < 0.002 else [f"the weights over the keys {weights} do not sum to 1"]


def agree_scaling(state: dict) -> list[str]:
    (d_k,), scaled = _readouts(state), state["controls"][1]["value"]
    problems = (
        [] if f"for d_k = {d_k:g}:" in state["text"] else [f"slider d_k = {d_k:g}, readout {state['text'][:60]!r}"]
    )
    if ("√d_k for" in state["text"]) != scaled:
        problems.append(f"the checkbox says scaled={scaled} but the readout is {state['text'][:40]!r}")
    return problems


def agree_cost(state: dict) -> list[str]:
    (n,) = _readouts(state)
    return [] if f"n = {int(n):,} words" in state["text"] else [f"slider n = {n:g}, readout {state['text'][:40]!r}"]


def agree_heads(state: dict) -> list[str]:
    active = next(c["active"] for c in state["controls"] if c["active"])
    shown = len(re.findall(r"\bhead \d+", state["text"]))
    return [] if shown == int(active) else [f"{active} heads selected but {shown} heatmaps shown"]


def _row_labels(state: dict) -> list[str]:
    return re.findall(r"<tr><td[^>]*>([^<]+)</td>", state["html"])


def agree_profile(state: dict) -> list[str]:
    sentence = state["controls"][0]["value"]
    rows = _row_labels(state)
    return [] if rows == sentence.split() else [f"sentence {sentence!r} but rows {rows}"]


def agree_sentence(state: dict) -> list[str]:
    import attnlib as al

    sentence = state["controls"][0]["value"]
    rows = _row_labels(state)[: len(sentence.split())]
    return [] if rows == al.tokenize(sentence) else [f"sentence {sentence!r} but heatmap rows {rows}"]


def agree_training(state: dict) -> list[str]:
    """The readout shows the slider's step, and the heatmap's rows are the chosen sentence's words."""
    import attnlib as al

    step = next(c["readout"] for c in state["controls"] if c["readout"] is not None)
    sentence = next(c["value"] for c in state["controls"] if c["value"] and c["readout"] is None)
    problems = [] if f"step {step} of" in state["text"] else [f"slider at step {step}, readout {state['text'][:40]!r}"]
    rows = _row_labels(state)
    if rows != al.tokenize(sentence):
        problems.append(f"sentence {sentence!r} but heatmap rows {rows}")
    ambiguous = [w for w in al.tokenize(sentence) if w.lower() in al.WORD_SENSES]
    if state["text"].count("attends most to") != len(ambiguous):  # one line for each copy of the word
        problems.append(f"{len(ambiguous)} ambiguous words in {sentence!r}, readout {state['text'][:80]!r}")
    return problems


@functools.cache
def _minilm():
    import attnlib as al

    return al.load_minilm()


def agree_minilm(state: dict) -> list[str]:
    """The heatmap's rows are the typed sentence's WordPiece tokens, for the block and head picked, and
    the cosine row is the word's, between the two sentences typed."""
    from attnlib.viz.minilm_widget import cosines_across as word_cosines

    sentence, block, head, other, word = (c["value"] for c in state["controls"])
    problems = (
        []
        if f"block {block}, head {head}" in state["text"]
        else [f"block {block} and head {head} picked, readout {state['text'][:40]!r}"]
    )
    tokens = _minilm().encode(sentence).tokens
    if _row_labels(state) != tokens:
        problems.append(f"sentence {sentence!r} has tokens {tokens} but heatmap rows {_row_labels(state)}")
    want = [f"{c:.3f}" for c in word_cosines(_minilm().encode, sentence, other, word)]
    shown = re.search(r"cosine\t(.*)", state["text"])
    if not shown or shown.group(1).split("\t") != want:
        problems.append(
            f"cosines of {word!r} between {sentence!r} and {other!r} are {want}, "
            f"the readout shows {shown.group(1) if shown else None!r}"
        )
    return problems


def _gpt_parts(page: str, cls: str) -> list[str]:
    """The texts of the readout's elements of class cls (no nested tags), unescaped; innerHTML quotes with "."""
    import html

    return [html.unescape(x) for x in re.findall(rf"class=[\"']{cls}[\"'][^>]*>([^<]*)<", page)]


def agree_gpt(state: dict) -> list[str]:
    """The readout starts with the typed prompt (\\n a new line) and goes on for the length slider's characters,
    at its temperature; the attention row is the prompt's last characters, for the head picked, summing to 1."""
    import html

    from attnlib.viz.gpt_widget import typed, visible

    box, temperature, length, head = state["controls"]
    prompt, page = typed(box["value"]), state["html"]
    if "attnlib-error" in page:
        return [f"prompt {prompt!r}: the readout shows an error, {state['text'][:80]!r}"]
    flat = html.unescape(re.sub(r"<[^>]+>", "", page))  # the readout's text, new lines kept
    problems = [] if flat.startswith(prompt) else [f"typed {prompt!r}, but the readout starts {flat[:40]!r}"]
    shown, more = _gpt_parts(page, "attnlib-gpt-prompt"), _gpt_parts(page, "attnlib-gpt-continuation")
    if shown != [prompt] or len(more) != 1 or len(more[0]) != int(length["readout"]):
        problems.append(f"prompt {prompt!r} and length {length['readout']}, readout {shown} then {more}")
    if _gpt_parts(page, "attnlib-gpt-temperature") != [temperature["readout"]]:
        problems.append(f"temperature slider at {temperature['readout']}, readout {state['text'][:60]!r}")
    if _gpt_parts(page, "attnlib-gpt-head") != [head["value"].replace("\xa0", " ")]:  # the menu shows no-break spaces
        problems.append(f"{head['value']!r} picked, readout shows {_gpt_parts(page, 'attnlib-gpt-head')}")
    chars, weights = _gpt_parts(page, "attnlib-gpt-char"), [float(x) for x in _gpt_parts(page, "attnlib-gpt-weight")]
    n = len(weights)
    if not n or chars != [visible(c) for c in prompt[-n:]] or (n < len(prompt) and f"last {n} characters" not in page):
        problems.append(f"the attention row is over {chars}, not the end of the prompt {prompt!r}")
    if abs(sum(weights) - 1) > 0.005 * n + 1e-9:  # each weight is rounded to 2 decimals
        problems.append(f"the attention row {weights} sums to {sum(weights):.3f}, not 1")
    return problems
