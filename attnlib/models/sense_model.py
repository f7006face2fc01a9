"""Notebook 10's model: one self-attention layer and a readout that names each ambiguous word's sense.

Each word's input is its 8 features followed by its position (notebook 09's encoding, 8 numbers), so
X is (n, 16). For each ambiguous word t the model reads its output row y = Σ_j A[t, j] V[j] and turns it
into one score (a logit) per sense, z = y W_R + b_R; softmax makes them probabilities, and the loss is
the cross-entropy -log p(right sense), averaged over every ambiguous word of every sentence.
Parameters are a dict of arrays: W_Q (16, d_k), W_K (16, d_k), W_V (16, d_v), W_R (d_v, 4) and b_R (4,).
Training: attnlib.models.training.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validate import at_most, to_float_array, to_limited_whole_number, to_positive_number, to_whole_number
from ..data import toy
from ..data.senses import SENSES, VOCABULARY, SenseSentences, require_known_words
from ..maths.attention import attention, self_attention
from ..maths.gradients import backward_from_weights
from ..maths.positions import sinusoidal_positional_encoding
from ..maths.softmax import softmax

PARAMETERS: tuple[str, ...] = ("W_Q", "W_K", "W_V", "W_R", "b_R")
POSITION_SIZE = 8  # numbers of 09's positional encoding appended to each word's 8 features
MAX_WIDTH, MAX_SIZE = 1000, 1000.0  # safety limits for d_k, d_v and size; notebook 10: d_k 8, size 1.0


class Batch(NamedTuple):
    """Sentences as arrays: embeddings X, the mask, the target positions and the labels."""

    x: np.ndarray  # (B, n, 16): each word's 8 features, then its position (8); zero rows pad to the longest
    mask: np.ndarray  # (B, n, n): True where word i may attend to word j (both real words, not padding)
    target: np.ndarray  # (B, 2)
    label: np.ndarray  # (B, 2)


class Forward(NamedTuple):
    """What the model computes for a batch: sense probabilities, and the attention on the way."""

    probs: np.ndarray  # (B, 2, 4): one probability per sense for each ambiguous word (0 where there is none)
    weights: np.ndarray  # (B, n, n): A of every sentence (padding 0)
    scores: np.ndarray  # (B, n, n): S = Q Kᵀ / √d_k before the mask


class Copies(NamedTuple):
    """Every ambiguous word of a batch, as three aligned arrays (C,): its sentence, position and sense."""

    sentence: np.ndarray
    position: np.ndarray
    label: np.ndarray


def encode_sentences(sentences: SenseSentences, positions: bool = True) -> Batch:
    """Return the arrays of a batch: X (each word's features, then its position unless positions=False),
    padded with zero rows, and a mask that lets every real word attend to every real word."""
    if not isinstance(sentences, SenseSentences):
        raise TypeError(
            f"sentences must be SenseSentences (from make_sense_sentences or sentences_from_text), "
            f"got {type(sentences).__name__}"
        )
    if not isinstance(positions, bool):
        raise TypeError(f"positions must be True or False, got {positions!r}")
    tokens = sentences.tokens
    n = max(len(t) for t in tokens)
    width = len(toy.FEATURES) + (POSITION_SIZE if positions else 0)
    x = np.zeros((len(tokens), n, width))  # (B, n, 16), or (B, n, 8) without positions
    real = np.zeros((len(tokens), n), dtype=bool)  # (B, n)
    where = sinusoidal_positional_encoding(n, POSITION_SIZE)  # (n, 8): 09's encoding of positions 0..n-1
    for b, words in enumerate(tokens):
        require_known_words(words)
        x[b, : len(words), :8] = [VOCABULARY[w.lower()] for w in words]
        if positions:
            x[b, : len(words), 8:] = where[: len(words)]
        real[b, : len(words)] = True
    mask = real[:, None, :] & real[:, :, None]  # (B, n, n): padding neither attends nor is attended to
    return Batch(x, mask, sentences.target.copy(), sentences.label.copy())


def copies(batch: Batch) -> Copies:
    """Return the sentence, position and label of every ambiguous word in the batch, in order."""
    b, k = np.nonzero(check_batch(batch).target >= 0)
    return Copies(b, batch.target[b, k], batch.label[b, k])


def init_params(d_k: int = 8, d_v: int = 8, seed: int = 0, size: float = 0.1, d_in: int = 16) -> dict[str, np.ndarray]:
    """Return small random starting parameters (normal, standard deviation `size`), seeded; d_in is X's width
    (16: features and position; 8 without positions); d_k, d_v, d_in and size are at most 1000."""
    dk, dv = to_limited_whole_number(d_k, "d_k", MAX_WIDTH), to_limited_whole_number(d_v, "d_v", MAX_WIDTH)
    d = to_limited_whole_number(d_in, "d_in", MAX_WIDTH)
    rng = np.random.default_rng(to_whole_number(seed, "seed", minimum=0))
    sd = at_most(to_positive_number(size, "size"), "size", MAX_SIZE, "the starting numbers' spread; 0.1 by default")
    shapes = {"W_Q": (d, dk), "W_K": (d, dk), "W_V": (d, dv), "W_R": (dv, len(SENSES))}
    params = {name: rng.normal(0.0, sd, shape) for name, shape in shapes.items()}
    params["b_R"] = np.zeros(len(SENSES))
    return params


def check_params(params: object) -> dict[str, np.ndarray]:
    """Return the parameters as float arrays after checking names and shapes, or raise clearly."""
    if not isinstance(params, dict) or set(params) != set(PARAMETERS):
        got = sorted(params) if isinstance(params, dict) else type(params).__name__
        raise TypeError(f"params must be a dict with the keys {list(PARAMETERS)} (see init_params); got {got}")
    p = {k: to_float_array(params[k], f"params[{k!r}]", ndim=1 if k == "b_R" else 2) for k in PARAMETERS}
    d, d_k, d_v = p["W_Q"].shape[0], p["W_Q"].shape[1], p["W_V"].shape[1]
    want = {"W_Q": (d, d_k), "W_K": (d, d_k), "W_V": (d, d_v), "W_R": (d_v, 4), "b_R": (4,)}
    for k, shape in want.items():
        if p[k].shape != shape:
            raise ValueError(f"params[{k!r}] must have shape {shape} to fit the others; got {p[k].shape}")
    return p


def check_batch(batch: object, labelled: bool = False, params: dict[str, np.ndarray] | None = None) -> Batch:
    """Return the batch if it is one (with known labels when asked, and as wide as params' X), or raise."""
    if not isinstance(batch, Batch):
        raise TypeError(f"batch must be a Batch (from encode_sentences), got {type(batch).__name__}")
    if labelled and (batch.label[batch.target >= 0] < 0).any():
        raise ValueError("batch has ambiguous words without a sense (label -1); give senses= to sentences_from_text")
    if params is not None and batch.x.shape[-1] != params["W_Q"].shape[0]:
        raise ValueError(
            f"params take inputs of width {params['W_Q'].shape[0]} but the batch's X has width "
            f"{batch.x.shape[-1]}: encode with positions={params['W_Q'].shape[0] > len(toy.FEATURES)} "
            f"(init_params(d_in=...) sets the width)"
        )
    return batch


def forward(params: dict[str, np.ndarray], batch: Batch) -> Forward:
    """Run the model on a batch: attention, each ambiguous word's output row, the readout, softmax."""
    p = check_params(params)
    b = check_batch(batch, params=p)
    result = self_attention(b.x, p["W_Q"], p["W_K"], p["W_V"], mask=b.mask)
    c = copies(b)
    probs = np.zeros(b.target.shape + (len(SENSES),))  # (B, 2, 4)
    probs[b.target >= 0] = softmax(result.output[c.sentence, c.position] @ p["W_R"] + p["b_R"])
    scores = result.q @ np.swapaxes(result.k, -1, -2) / np.sqrt(result.q.shape[-1])
    return Forward(probs, result.weights, scores)


def decide(probs: np.ndarray) -> np.ndarray:
    """Return the most likely sense along the last axis; a tie up to round-off goes to the first sense.

    Two copies of a word that a model cannot tell apart get the same probabilities, up to the last
    bits, which depend on the CPU's kernels: rounding to 9 decimals first makes them the same answer
    on every machine."""
    return np.round(probs, 9).argmax(axis=-1)


def predict(params: dict[str, np.ndarray], batch: Batch) -> np.ndarray:
    """Return the index of the most likely sense of each ambiguous word: (B, 2), -1 where there is none."""
    b = check_batch(batch)
    return np.where(b.target >= 0, decide(forward(params, b).probs), -1)


def accuracy(params: dict[str, np.ndarray], batch: Batch, word: str | None = None) -> float:
    """Return the fraction of ambiguous words (of one word, "apple" or "bank", if given) read right."""
    b = check_batch(batch, labelled=True)
    keep = b.target >= 0
    if word is not None:
        senses = {"apple": (0, 1), "bank": (2, 3)}.get(str(word).lower())
        if senses is None:
            raise ValueError(f"word must be 'apple', 'bank' or None (both); got {word!r}")
        keep &= np.isin(b.label, senses)
    return float((predict(params, b) == b.label)[keep].mean())


def loss_and_gradients(params: dict[str, np.ndarray], batch: Batch) -> tuple[float, dict[str, np.ndarray]]:
    """Return the mean cross-entropy loss over every ambiguous word, and its gradient for every parameter."""
    p = check_params(params)
    b = check_batch(batch, labelled=True, params=p)
    result = self_attention(b.x, p["W_Q"], p["W_K"], p["W_V"], mask=b.mask)
    c = copies(b)
    rows = np.arange(len(c.label))
    y = result.output[c.sentence, c.position]  # (C, d_v): each ambiguous word's output row
    probs = softmax(y @ p["W_R"] + p["b_R"])  # (C, 4)
    loss = float(-np.log(probs[rows, c.label]).mean())
    d_logits = probs.copy()  # (C, 4): dL/dz = (p - onehot) / C
    d_logits[rows, c.label] -= 1.0
    d_logits /= len(rows)
    d_output = np.zeros_like(result.output)  # (B, n, d_v): only the ambiguous words' rows matter
    np.add.at(d_output, (c.sentence, c.position), d_logits @ p["W_R"].T)
    d_k = result.q.shape[-1]
    grads = backward_from_weights(result.q, result.k, result.v, result.weights, d_output, 1.0 / np.sqrt(d_k))
    flat_x = b.x.reshape(-1, b.x.shape[-1])  # (B · n, d)
    return loss, {
        "W_Q": flat_x.T @ grads.q.reshape(-1, d_k),
        "W_K": flat_x.T @ grads.k.reshape(-1, d_k),
        "W_V": flat_x.T @ grads.v.reshape(-1, grads.v.shape[-1]),
        "W_R": y.T @ d_logits,
        "b_R": d_logits.sum(axis=0),
    }


def parameter_free_outputs(batch: Batch) -> np.ndarray:
    """Notebook 05's attention, softmax(X Xᵀ) X on the words' 8 features: each ambiguous word's row, (C, 8)."""
    b, c = check_batch(batch), copies(batch)
    features = b.x[..., : len(toy.FEATURES)]
    output, _ = attention(features, features, features, mask=b.mask, scale=1.0)
    return output[c.sentence, c.position]
