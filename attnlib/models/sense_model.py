"""Notebook 10's model: one self-attention layer and a readout that names the ambiguous word's sense.

The model reads the ambiguous word's output row y = Σ_j A[t, j] V[j] and turns it into one score
(a logit) per sense, z = y W_R + b_R; softmax makes them probabilities and the loss is the
cross-entropy -log p(right sense), averaged over the sentences. Parameters are a dict of arrays:
W_Q (8, d_k), W_K (8, d_k), W_V (8, d_v), W_R (d_v, 4) and b_R (4,). Training: attnlib.models.training.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validate import at_most, to_float_array, to_limited_whole_number, to_positive_number, to_whole_number
from ..data.senses import SENSES, Batch
from ..maths.attention import attention, self_attention
from ..maths.gradients import backward_from_weights
from ..maths.softmax import softmax

PARAMETERS: tuple[str, ...] = ("W_Q", "W_K", "W_V", "W_R", "b_R")
MAX_WIDTH, MAX_SIZE = 1000, 1000.0  # safety limits for d_k, d_v and size; notebook 10: d_k 4, size 1.0


class Forward(NamedTuple):
    """What the model computes for a batch: sense probabilities, and the attention on the way."""

    probs: np.ndarray  # (B, 4): one probability per sense
    weights: np.ndarray  # (B, n, n): A of every sentence (blocked entries 0)
    scores: np.ndarray  # (B, n, n): S = Q Kᵀ / √d_k before the mask


def init_params(d_k: int = 4, d_v: int = 4, seed: int = 0, size: float = 0.1) -> dict[str, np.ndarray]:
    """Return small random starting parameters (normal, standard deviation `size`), seeded; d_k, d_v, size ≤ 1000."""
    dk, dv = to_limited_whole_number(d_k, "d_k", MAX_WIDTH), to_limited_whole_number(d_v, "d_v", MAX_WIDTH)
    rng = np.random.default_rng(to_whole_number(seed, "seed", minimum=0))
    sd = at_most(to_positive_number(size, "size"), "size", MAX_SIZE, "the starting numbers' spread; 0.1 by default")
    shapes = {"W_Q": (8, dk), "W_K": (8, dk), "W_V": (8, dv), "W_R": (dv, len(SENSES))}
    params = {name: rng.normal(0.0, sd, shape) for name, shape in shapes.items()}
    params["b_R"] = np.zeros(len(SENSES))
    return params


def check_params(params: object) -> dict[str, np.ndarray]:
    """Return the parameters as float arrays after checking names and shapes, or raise clearly."""
    if not isinstance(params, dict) or set(params) != set(PARAMETERS):
        got = sorted(params) if isinstance(params, dict) else type(params).__name__
        raise TypeError(f"params must be a dict with the keys {list(PARAMETERS)} (see init_params); got {got}")
    p = {k: to_float_array(params[k], f"params[{k!r}]", ndim=1 if k == "b_R" else 2) for k in PARAMETERS}
    d_k, d_v = p["W_Q"].shape[1], p["W_V"].shape[1]
    want = {"W_Q": (8, d_k), "W_K": (8, d_k), "W_V": (8, d_v), "W_R": (d_v, 4), "b_R": (4,)}
    for k, shape in want.items():
        if p[k].shape != shape:
            raise ValueError(f"params[{k!r}] must have shape {shape} to fit the others; got {p[k].shape}")
    return p


def check_batch(batch: object, labelled: bool = False) -> Batch:
    """Return the batch if it is one (with known labels when asked), or raise clearly."""
    if not isinstance(batch, Batch):
        raise TypeError(f"batch must be a Batch (from encode_sentences), got {type(batch).__name__}")
    if labelled and (batch.label < 0).any():
        raise ValueError("batch has sentences without a sense (label -1); give senses= to sentences_from_text")
    return batch


def forward(params: dict[str, np.ndarray], batch: Batch) -> Forward:
    """Run the model on a batch: attention, the target word's output row, the readout, softmax."""
    p, b = check_params(params), check_batch(batch)
    result = self_attention(b.x, p["W_Q"], p["W_K"], p["W_V"], mask=b.mask)
    rows = np.arange(len(b.target))
    y = result.output[rows, b.target]  # (B, d_v)
    scores = result.q @ np.swapaxes(result.k, -1, -2) / np.sqrt(result.q.shape[-1])
    return Forward(softmax(y @ p["W_R"] + p["b_R"]), result.weights, scores)


def predict(params: dict[str, np.ndarray], batch: Batch) -> np.ndarray:
    """Return the index of the most likely sense of each sentence: (B,)."""
    return forward(params, batch).probs.argmax(axis=-1)


def accuracy(params: dict[str, np.ndarray], batch: Batch) -> float:
    """Return the fraction of sentences whose sense the model gets right."""
    b = check_batch(batch, labelled=True)
    return float((predict(params, b) == b.label).mean())


def loss_and_gradients(params: dict[str, np.ndarray], batch: Batch) -> tuple[float, dict[str, np.ndarray]]:
    """Return the mean cross-entropy loss and its gradient for every parameter (same keys and shapes)."""
    p, b = check_params(params), check_batch(batch, labelled=True)
    result = self_attention(b.x, p["W_Q"], p["W_K"], p["W_V"], mask=b.mask)
    rows, n_sent = np.arange(len(b.label)), len(b.label)
    y = result.output[rows, b.target]  # (B, d_v)
    probs = softmax(y @ p["W_R"] + p["b_R"])  # (B, 4)
    loss = float(-np.log(probs[rows, b.label]).mean())
    d_logits = probs.copy()  # (B, 4): dL/dz = (p - onehot) / B
    d_logits[rows, b.label] -= 1.0
    d_logits /= n_sent
    d_output = np.zeros_like(result.output)  # (B, n, d_v): only target rows matter
    d_output[rows, b.target] = d_logits @ p["W_R"].T
    d_k = result.q.shape[-1]
    grads = backward_from_weights(result.q, result.k, result.v, result.weights, d_output, 1.0 / np.sqrt(d_k))
    flat_x = b.x.reshape(-1, b.x.shape[-1])  # (B · n, 8)
    return loss, {
        "W_Q": flat_x.T @ grads.q.reshape(-1, d_k),
        "W_K": flat_x.T @ grads.k.reshape(-1, d_k),
        "W_V": flat_x.T @ grads.v.reshape(-1, grads.v.shape[-1]),
        "W_R": y.T @ d_logits,
        "b_R": d_logits.sum(axis=0),
    }


def parameter_free_outputs(batch: Batch) -> np.ndarray:
    """Notebook 05's attention, softmax(X Xᵀ) X, with the batch's mask: the target rows, (B, 8)."""
    b = check_batch(batch)
    output, _ = attention(b.x, b.x, b.x, mask=b.mask, scale=1.0)
    return output[np.arange(len(b.target)), b.target]
