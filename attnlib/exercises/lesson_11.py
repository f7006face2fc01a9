"""Notebook 11's exercises and its challenge (the real all-MiniLM-L6-v2 model), with their likeliest mistakes.

The model is loaded only when an answer is checked (attnlib.models.minilm.load_minilm, once).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from ..maths.softmax import softmax
from .engine import register
from .exercise import Exercise

HEAD_SENTENCE = "I love Apple phones"  # Exercise 11-head-weights: this sentence ...
HEAD_LAYER, HEAD = 1, 3  # ... encoder.layer.1, head 3 (both counted from 0)
APPLES = ("I love Apple phones", "I love apple juice")  # Exercise 11-most-separating-layer
RIVER_BANK = "We sat on the bank of the river"  # the challenge's two sense vectors:
MONEY_BANK = "I put money in the bank"  # bank's last hidden state in each


@lru_cache(maxsize=1)
def _model():
    from ..models.minilm import load_minilm

    return load_minilm()


@lru_cache(maxsize=64)
def _encode(sentence: str):
    return _model().encode(sentence)


def _head_weights(bias: bool = True, transpose: bool = True, scale: bool = True, block: int = HEAD_LAYER) -> np.ndarray:
    """One head's weights A = softmax(Q Kᵀ / √32) computed from the layer's input (or a likely mistake:
    block is the layer whose query and key weights are used)."""
    w, d_head = _model().weights, 32
    X = _encode(HEAD_SENTENCE).hidden_states[HEAD_LAYER]
    part = slice(HEAD * d_head, (HEAD + 1) * d_head)
    out = []
    for name in ("query", "key"):
        W = w[f"encoder.layer.{block}.attention.self.{name}.weight"]
        b = w[f"encoder.layer.{block}.attention.self.{name}.bias"]
        out.append((X @ (W.T if transpose else W) + (b if bias else 0))[:, part])
    Q, K = out
    return softmax(Q @ K.T / (np.sqrt(d_head) if scale else 1.0))


def _apple_cosines() -> np.ndarray:
    a, b = (_encode(s) for s in APPLES)
    va, vb = a.hidden_states[:, a.tokens.index("apple")], b.hidden_states[:, b.tokens.index("apple")]
    return (va * vb).sum(axis=1) / np.linalg.norm(va, axis=1) / np.linalg.norm(vb, axis=1)


def bank_vector(sentence: str) -> np.ndarray:
    """bank's vector after the last layer (hidden_states[6]) in a sentence with exactly one 'bank' token."""
    result = _encode(sentence)
    return result.hidden_states[-1, result.tokens.index("bank")]


def _cosine(x: np.ndarray, y: np.ndarray) -> float:
    return float(x @ y / np.linalg.norm(x) / np.linalg.norm(y))


def _river_bank(answer: Any) -> str | None:
    if not isinstance(answer, str) or not answer.strip():
        return "give one sentence as a string, like 'We fished from the grassy bank of the stream'."
    tokens = _encode(answer).tokens
    if tokens.count("bank") != 1:
        return f"the sentence must contain the word bank exactly once (as one token); its tokens are {tokens}."
    x = bank_vector(answer)
    river, money = _cosine(x, bank_vector(RIVER_BANK)), _cosine(x, bank_vector(MONEY_BANK))
    if river <= money:
        return (
            f"at hidden state 6 your bank has cosine {river:.3f} with the river sense and {money:.3f} with "
            f"the money sense: still closer to money. Add words about water, grass or fishing."
        )
    return None


register(
    Exercise(
        "11-head-weights",
        f"In '{HEAD_SENTENCE}', compute the attention weights of head {HEAD} of layer "
        f"{HEAD_LAYER} (both counted from 0: the second layer, encoder.layer.{HEAD_LAYER}) yourself, from its input "
        f"X = hidden_states[{HEAD_LAYER}] and the query and key weights and biases of that layer in model.weights: "
        f"a (6, 6) matrix A (encode the sentence first: `result` now holds another one; section 6's `linear` takes "
        f"`block={HEAD_LAYER}`).",
        "array",
        _head_weights,
        hint="Q = X W_Qᵀ + b_Q with W_Q = model.weights['encoder.layer.1.attention.self.query.weight'] (PyTorch "
        "stores (out, in)), the same for K; head 3 is columns 96:128; A = softmax(Q Kᵀ / √32) row by row.",
        labels=("[CLS]", "i", "love", "apple", "phones", "[SEP]"),
        mistakes=(
            (
                lambda: _head_weights(bias=False),
                "you left out the biases: the real layers add b_Q and b_K "
                "(model.weights['encoder.layer.1.attention.self.query.bias'], and key.bias).",
            ),
            (
                lambda: _head_weights(transpose=False),
                "PyTorch stores a linear layer's weight as (out, in): use X @ W.T, not X @ W.",
            ),
            (
                lambda: _head_weights(scale=False),
                "divide the scores by √d_k = √32 (each head has 32 dimensions) before the softmax.",
            ),
            (
                lambda: _head_weights(block=0),
                "those are block 0's query and key weights (encoder.layer.0, linear's default); "
                "layer 1's are encoder.layer.1 (block=1).",
            ),
        ),
    )
)
register(
    Exercise(
        "11-most-separating-layer",
        f"Which hidden state (0 = the embeddings, 1 to 6 = after that many layers) "
        f"separates the apple of '{APPLES[0]}' from the apple of '{APPLES[1]}' most, that is, gives their two "
        f"vectors the lowest cosine similarity? Give its index.",
        "number",
        lambda: int(np.argmin(_apple_cosines())),
        hint="Compute the cosine of the two apple vectors for each of the 7 hidden states and take the index "
        "of the smallest.",
        mistakes=(
            (
                lambda: int(np.argmax(_apple_cosines())),
                "that is where the two apples are most alike (cosine 1: the embeddings); look for the lowest cosine.",
            ),
            (
                lambda: int(np.argmin(_apple_cosines()[1:])),
                "5 is the last layer counted from 0; the question asks for the hidden state it writes, 6 "
                "(hidden_states[0] is the embeddings).",
            ),
            (lambda: float(np.min(_apple_cosines())), "that is the lowest cosine itself; give its index."),
        ),
    )
)
register(
    Exercise(
        "11-challenge-river-bank",
        f"Write a sentence of your own with the word bank once, in which bank's "
        f"vector after the last layer (hidden_states[6]) is closer, by cosine similarity, to the river sense than "
        f"to the money sense. The river sense is bank's hidden_states[6] vector in '{RIVER_BANK}', the money "
        f"sense the same in '{MONEY_BANK}'.",
        "rule",
        lambda: "The children fished from the grassy bank of the stream",
        judge=_river_bank,
        hint="Surround bank with the river's world (water, grass, fishing, boats) and compare its "
        "hidden_states[6] vector with both sense vectors by cosine; the larger cosine wins.",
        mistakes=(
            (lambda: RIVER_BANK, "that is the river reference itself (cosine 1); write a sentence of your own."),
            (lambda: MONEY_BANK, "that is the money reference itself: bank there is the money sense."),
        ),
    )
)
