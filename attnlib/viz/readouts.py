"""What each widget shows: the computation behind its readout and the HTML for it, one function per
widget (describe_*), from the control values to an HTML string. attnlib.viz.widgets wires them up.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from .._validate import to_float_array, to_real_number
from ..data.senses import SENSES, sentences_from_text
from ..data.toy import LOOKUP_KEYS, LOOKUP_VALUE_NAMES, LOOKUP_VALUES, embed, tech_fruit_split
from ..maths.attention import attention, causal_mask, soft_lookup
from ..maths.costs import attention_cost, rnn_cost, weight_matrix_bytes
from ..maths.mixing import mix_profile
from ..maths.multihead import multi_head_attention, random_projections
from ..maths.positions import sinusoidal_positional_encoding
from ..maths.scaling import score_statistics
from ..maths.similarity import compare_vectors, polar_to_xy
from ..maths.softmax import softmax
from ..models.sense_model import decide, encode_sentences, forward
from ..models.training import TrainingRun
from .html import (
    render_bars_html,
    render_curve_svg,
    render_heatmap_html,
    render_histogram_html,
    render_profiles_html,
    render_vectors_svg,
)


def contextualize(
    sentence: str, table: str = "features", scale: float = 1.0
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Parameter-free self-attention on a sentence: return (tokens, weights (n, n), new vectors (n, d))."""
    tokens, x = embed(sentence, table)
    new, weights = attention(x, x, x, scale=scale)
    return tokens, weights, new


def heads_weights(
    sentence: str = "I love Apple phones",
    n_heads: int = 2,
    causal: bool = False,
    positions: bool = False,
    seed: int = 0,
    query_key_gain: float = 4.0,
    position_strength: float = 0.5,
) -> tuple[list[str], np.ndarray]:
    """Return tokens and the (n_heads, n, n) weights of seeded multi-head attention on a sentence.

    W_Q and W_K are random_projections scaled by query_key_gain (fresh random weights give nearly
    uniform attention); positions add position_strength × the sinusoidal encoding.
    """
    tokens, x = embed(sentence)
    if positions:
        x = x + to_real_number(position_strength, "position_strength") * sinusoidal_positional_encoding(
            len(tokens), x.shape[1]
        )
    w_q, w_k, w_v, w_o = random_projections(x.shape[1], x.shape[1], seed=seed, count=4)
    gain = to_real_number(query_key_gain, "query_key_gain")
    w_q, w_k = w_q * gain, w_k * gain  # sharper scores, so heads differ visibly
    mask = causal_mask(len(tokens)) if causal else None
    return tokens, multi_head_attention(x, w_q, w_k, w_v, w_o, n_heads, mask=mask).weights


class StepView(NamedTuple):
    """One snapshot of a training run seen on one sentence (what the training widget shows)."""

    step: int
    sentence: str
    losses: np.ndarray  # (step + 1,): the training loss at steps 0..step
    accuracies: tuple[float, float]  # train, test
    tokens: list[str]
    weights: np.ndarray  # (n, n): A of this sentence at this step
    targets: list[int]  # the ambiguous words' positions (one or two)
    senses: list[str]  # the sense the model reads for each


def step_views(run: TrainingRun, sentences: list[str]) -> list[StepView]:
    """See every snapshot of a run on each sentence: the loss so far, both accuracies, A and the senses read."""
    if not isinstance(run, TrainingRun):
        raise TypeError(f"run must be the TrainingRun that train_sense_model returns, got {type(run).__name__}")
    texts = [str(s) for s in sentences]
    chosen = sentences_from_text(texts)
    batch = encode_sentences(chosen)
    views = []
    for snap in run.snapshots:
        result = forward(snap.params, batch)
        read = decide(result.probs)  # (B, 2)
        losses = np.append(run.losses[: snap.step], snap.loss)
        for i, text in enumerate(texts):
            n, here = len(chosen.tokens[i]), [int(t) for t in chosen.target[i] if t >= 0]
            views.append(
                StepView(
                    snap.step,
                    text,
                    losses,
                    (snap.train_accuracy, snap.test_accuracy),
                    chosen.tokens[i],
                    result.weights[i, :n, :n],
                    here,
                    [SENSES[int(read[i, k])] for k in range(len(here))],
                )
            )
    return views


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
    return (
        f"<div><code>{html.escape(tokens[target])}' = {html.escape(formula)}</code></div>{table}"
        f"<div>Tech {tech:.0%} / Fruit {fruit:.0%}</div>"
    )


def describe_vector_pair(angle_degrees: float, length: float, reference: Sequence[float] = (2.0, 2.0)) -> str:
    """Return the HTML the vector widget shows: both arrows and their dot, cosine and distance."""
    ref = to_float_array(reference, "reference", ndim=1, shape_hint="(2,)")
    moving = polar_to_xy(angle_degrees, length)
    if length == 0:
        return "<div>Length 0: the vector has no direction, so cosine similarity is undefined.</div>"
    m = compare_vectors(ref, moving)
    svg = render_vectors_svg({"Apple": ref, "word": moving})
    return (
        f"<div style='display:flex;gap:16px;align-items:center'>{svg}<div class='attnlib-metrics'>"
        f"word = ({moving[0]:.2f}, {moving[1]:.2f})<br>dot product = {m['dot']:.2f}<br>"
        f"cosine = {m['cosine']:.3f}<br>distance = {m['distance']:.2f}</div></div>"
    )


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
    return (
        f"<div><b>{label}</b> for d_k = {d_k}: std = {stats['score_std']:.2f}, "
        f"average largest softmax weight over 8 keys = {stats['mean_max_weight']:.2f}</div>"
        + render_histogram_html(stats["scores"])
    )


def describe_costs(n: int, d: int = 64, times: dict[int, tuple[float, float]] | None = None) -> str:
    """Return the HTML the cost widget shows: counts for attention vs RNN at n words, and times if given."""
    a, r = attention_cost(n, d), rnn_cost(n, d)
    rows = [
        ("multiply-adds", a["multiply_adds"], r["multiply_adds"]),
        ("sequential steps", a["sequential_steps"], r["sequential_steps"]),
        ("longest path between two words", a["max_path_length"], r["max_path_length"]),
        ("n × n weights (float32)", f"{weight_matrix_bytes(n) / 2**20:.2f} MiB", "none"),
    ]
    if times and n in times:
        t_rnn, t_att = times[n]
        rows.append(("measured time (this machine)", f"{t_att * 1e3:.2f} ms", f"{t_rnn * 1e3:.2f} ms"))
    cell = "<td style='text-align:right;padding:2px 12px'>{}</td>"
    head = "<th style='padding:2px 12px'>{}</th>"
    body = "".join(
        f"<tr><td>{html.escape(k)}</td>"
        + "".join(cell.format(f"{v:,}" if isinstance(v, int) else v) for v in (x, y))
        + "</tr>"
        for k, x, y in rows
    )
    heads = "".join(head.format(h) for h in (f"n = {n:,} words, d = {d}", "self-attention", "RNN"))
    return f"<table class='attnlib-costs'><tr>{heads}</tr>{body}</table>"


def describe_heads(sentence: str, n_heads: int, causal: bool, positions: bool) -> str:
    """Return the HTML the heads widget shows: one heatmap per head, side by side."""
    try:
        tokens, weights = heads_weights(sentence, n_heads, causal, positions)
    except (ValueError, TypeError) as exc:
        return f"<div class='attnlib-error' style='color:#b00'>{html.escape(str(exc))}</div>"
    maps = "".join(
        f"<div>{render_heatmap_html(wh, tokens, title=f'head {h + 1}')}</div>" for h, wh in enumerate(weights)
    )
    return f"<div style='display:flex;flex-wrap:wrap;gap:12px'>{maps}</div>"


def describe_training_step(
    step: int,
    total: int,
    losses: ArrayLike,
    accuracies: tuple[float, float],
    tokens: Sequence[str],
    weights: ArrayLike,
    targets: Sequence[int],
    senses: Sequence[str],
) -> str:
    """Return the HTML the training widget shows: loss so far, accuracies, where each ambiguous word looks
    and the sense it is read as, and the sentence's weights A."""
    w = to_float_array(weights, "weights", ndim=2, shape_hint="(n, n)")
    lines = []
    for k, (t, sense) in enumerate(zip(targets, senses, strict=True)):
        top = int(np.argmax(w[t]))
        lines.append(
            f"<div>{'first' if k == 0 else 'second'} {html.escape(tokens[t])} (word {t}) attends most to "
            f"<b>{html.escape(tokens[top])}</b> ({w[t, top]:.2f}); "
            f"the model reads it as <b>{html.escape(sense)}</b></div>"
        )
    return (
        f"<div><b>step {step} of {total}</b>: loss {float(np.asarray(losses)[-1]):.3f}, train accuracy "
        f"{accuracies[0]:.1%}, test accuracy {accuracies[1]:.1%}</div>{render_curve_svg(losses, total)}"
        + "".join(lines)
        + render_heatmap_html(w, tokens, title="attention weights A (rows attend to columns)")
    )
