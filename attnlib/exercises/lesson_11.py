"""Notebook 11's exercises and its challenge (the real all-MiniLM-L6-v2 model), with their likeliest mistakes.

The model is loaded only when an answer is checked (attnlib.models.minilm.load_minilm, once).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from .engine import register
from .exercise import Exercise

HEAD_SENTENCE = "I love Apple phones"  # Exercise 11-head-weights: this sentence ...
HEAD_BLOCK, HEAD, D_HEAD = 1, 3, 32  # ... block 1 (encoder.layer.1), head 3 (both counted from 0), 32 numbers a head
APPLES = ("I love Apple phones", "I love apple juice")  # Exercise 11-most-separating-layer: apple in both,
CONTROL = "love"  # against love, which means the same in both
RIVER_BANK = "We sat on the bank of the river"  # the challenge's two sense vectors:
MONEY_BANK = "I put money in the bank"  # bank's last hidden state in each


@lru_cache(maxsize=1)
def _model():
    from ..models.minilm import load_minilm

    return load_minilm()


@lru_cache(maxsize=64)
def _encode(sentence: str):
    return _model().encode(sentence)


def _head_scores(
    bias: bool = True,
    transpose: bool = True,
    divisor: float = np.sqrt(D_HEAD),
    block: int = HEAD_BLOCK,
    head: int = HEAD,
    state: int = HEAD_BLOCK,
    keys: str = "key",
) -> np.ndarray:
    """One head's scores S = Q Kᵀ / √32, before the softmax, from the block's input (or a likely mistake:
    block is the block whose weights are used, head the head's columns, state the hidden state used as X,
    keys the weights the keys are made with)."""
    w = _model().weights
    X = _encode(HEAD_SENTENCE).hidden_states[state]
    part = slice(head * D_HEAD, (head + 1) * D_HEAD)
    out = []
    for name in ("query", keys):
        W = w[f"encoder.layer.{block}.attention.self.{name}.weight"]
        b = w[f"encoder.layer.{block}.attention.self.{name}.bias"]
        out.append((X @ (W.T if transpose else W) + (b if bias else 0))[:, part])
    Q, K = out
    return Q @ K.T / divisor


def _model_weights() -> np.ndarray:
    """What the model returns for that head: A = softmax(S), attentions[1][3]."""
    return _encode(HEAD_SENTENCE).attentions[HEAD_BLOCK, HEAD]


def _cosines(word: str) -> np.ndarray:
    """The cosine of word's two vectors (in APPLES' two sentences) in each hidden state, 0 to 6."""
    a, b = (_encode(s) for s in APPLES)
    va, vb = a.hidden_states[:, a.tokens.index(word)], b.hidden_states[:, b.tokens.index(word)]
    return (va * vb).sum(axis=1) / np.linalg.norm(va, axis=1) / np.linalg.norm(vb, axis=1)


def _ratios(over: str = "apple", under: str = CONTROL) -> np.ndarray:
    """One word's distance (1 - cosine) divided by another's, in hidden states 1 to 6 (in 0 both are 0)."""
    return (1 - _cosines(over)[1:]) / (1 - _cosines(under)[1:])


def bank_vector(sentence: str) -> np.ndarray:
    """bank's vector after the last block (hidden_states[6]) in a sentence with exactly one 'bank' token."""
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
        f"In '{HEAD_SENTENCE}', compute the scores S = Q Kᵀ / √32 of head {HEAD} of block {HEAD_BLOCK} (both "
        f"counted from 0: the second block, encoder.layer.{HEAD_BLOCK}) yourself, before the softmax: a (6, 6) "
        f"matrix. Take the block's input X = hidden_states[{HEAD_BLOCK}] and the query and key weights and biases "
        f"of encoder.layer.{HEAD_BLOCK} in model.weights (encode the sentence first: `result` now holds another "
        f"one; section 6's `linear` takes `block={HEAD_BLOCK}`). The model returns only A = softmax(S), "
        f"attentions[{HEAD_BLOCK}][{HEAD}]: check that al.softmax(S) gives it before you answer.",
        "array",
        _head_scores,
        hint="Q = X W_Qᵀ + b_Q with W_Q = model.weights['encoder.layer.1.attention.self.query.weight'] (PyTorch "
        "stores (out, in)), the same for K; head 3 is columns 96:128; S = Q Kᵀ / √32, without the softmax.",
        labels=("[CLS]", "i", "love", "apple", "phones", "[SEP]"),
        mistakes=(
            (
                _model_weights,
                "those are the weights A after the softmax, the model's own attentions[1][3]; the exercise asks "
                "for the scores S before it, computed from Q and K: S = Q Kᵀ / √32.",
            ),
            (
                lambda: np.log(_model_weights()),
                "that is log A, from the model's weights: softmax forgets a constant added to a row, so log A "
                "differs from S by one number in each row. Compute S from Q and K.",
            ),
            (
                lambda: _head_scores(bias=False),
                "you left out the biases: the real blocks add b_Q and b_K "
                "(model.weights['encoder.layer.1.attention.self.query.bias'], and key.bias).",
            ),
            (
                lambda: _head_scores(transpose=False),
                "PyTorch stores a linear map's weight as (out, in): use X @ W.T, not X @ W.",
            ),
            (
                lambda: _head_scores(divisor=1.0),
                "divide the scores by √d_k = √32 (each head has 32 dimensions); that is part of S.",
            ),
            (lambda: _head_scores(divisor=D_HEAD), "you divided by d_k = 32; the scale is 1/√d_k: divide by √32."),
            (
                lambda: _head_scores(divisor=np.sqrt(384)),
                "you divided by √384, the model's width; each head's queries and keys have 32 numbers: divide by √32.",
            ),
            (
                lambda: _head_scores().T,
                "that is Sᵀ: rows are the queries (the tokens attending), columns the keys: S = Q Kᵀ.",
            ),
            (
                lambda: _head_scores(keys="query"),
                "you made the keys with the query weights; K = X W_Kᵀ + b_K, with "
                "model.weights['encoder.layer.1.attention.self.key.weight'] and key.bias.",
            ),
            (
                lambda: _head_scores(head=HEAD - 1),
                "that is head 2, columns 64:96: heads are counted from 0, so head 3 is the fourth, columns 96:128 "
                "(head h owns columns 32h to 32h + 32).",
            ),
            (
                lambda: _head_scores(head=HEAD + 1),
                "that is head 4, columns 128:160; head 3 is columns 96:128 (head h owns columns 32h to 32h + 32).",
            ),
            (
                lambda: _head_scores(block=0),
                "those are block 0's query and key weights (encoder.layer.0, linear's default); "
                "block 1's are encoder.layer.1 (block=1).",
            ),
            (
                lambda: _head_scores(state=0),
                "you used hidden_states[0], the embeddings, which block 0 reads; block 1 reads what block 0 wrote, "
                "hidden_states[1].",
            ),
            (
                lambda: _head_scores(state=HEAD_BLOCK + 1),
                "you used hidden_states[2], what block 1 writes; block 1 reads hidden_states[1].",
            ),
            (
                lambda: _head_scores(block=HEAD_BLOCK + 1, state=HEAD_BLOCK + 1),
                "that is the third block, encoder.layer.2 on hidden_states[2]: blocks are counted from 0, so "
                "block 1 is encoder.layer.1, on hidden_states[1].",
            ),
        ),
    )
)


register(
    Exercise(
        "11-most-separating-layer",
        f"Compared with the control {CONTROL}, in which hidden state are the two apples of '{APPLES[0]}' and "
        f"'{APPLES[1]}' furthest apart? Take each word's distance, 1 − cosine of its two vectors (section 3's "
        f"cosines), divide apple's distance by {CONTROL}'s in each hidden state from 1 to 6 (in 0 both are 0), "
        f"and give the index of the hidden state where the ratio is largest.",
        "number",
        lambda: int(np.argmax(_ratios())) + 1,
        hint="With d = 1 − cosine for apple and for love in hidden states 1 to 6, compute d_apple / d_love and "
        "give the hidden state (1 to 6) of the largest.",
        mistakes=(
            (
                lambda: int(np.argmin(_cosines("apple"))),
                "hidden state 6 has apple's lowest cosine, and its largest gap below love's, but the last block "
                "moves every token: love's distance grows there too. Divide apple's distance by love's in each "
                "hidden state and compare the ratios.",
            ),
            (
                lambda: int(np.argmin(_cosines("apple")[1:])),
                "that is the last block (block 5, which writes hidden state 6), where apple's cosine is lowest; but "
                "the last block moves every token, love too. Divide apple's distance by love's in each hidden state.",
            ),
            (
                lambda: int(np.argmax(_cosines("apple"))),
                "hidden state 0 is the embeddings: both apples and both loves are the same token at the same "
                "position, so both distances are 0 and any ratio there is round-off; compare hidden states 1 to 6. "
                "(If you meant block 0: give the hidden state it writes, 1.)",
            ),
            (
                lambda: int(np.argmax(_ratios(CONTROL, "apple"))) + 1,
                "two slips give 4: dividing love's distance by apple's (or taking the smallest ratio), and dividing "
                "the cosines instead of the distances. Use the distances d = 1 − cosine, divide apple's d by love's "
                "and take the hidden state where that ratio is largest.",
            ),
            (lambda: float(np.max(_ratios())), "that is the largest ratio itself; give the index of its hidden state."),
        ),
    )
)
register(
    Exercise(
        "11-challenge-river-bank",
        f"Write a sentence of your own with the word bank once, in which bank's "
        f"vector after the last block (hidden_states[6]) is closer, by cosine similarity, to the river sense than "
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
