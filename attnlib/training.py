"""Notebook 10's model and its training: one self-attention layer and a readout, learned with Adam.

The model reads the ambiguous word's output row y = Σ_j A[t, j] V[j] and turns it into one score
(a logit) per sense, z = y W_R + b_R; softmax makes them probabilities and the loss is the
cross-entropy -log p(right sense), averaged over the sentences. Parameters are a dict of arrays:
W_Q (8, d_k), W_K (8, d_k), W_V (8, d_v), W_R (d_v, 4) and b_R (4,). Training that diverges
(a loss, gradient or parameter no longer a finite number) stops with a ValueError naming lr.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validate import at_most, to_float_array, to_limited_whole_number, to_positive_number, to_whole_number
from .attention import attention, self_attention
from .gradients import backward_from_weights
from .sense_task import SENSES, Batch, encode_sentences, sentences_from_text
from .softmax import softmax

PARAMETERS: tuple[str, ...] = ("W_Q", "W_K", "W_V", "W_R", "b_R")
MAX_WIDTH, MAX_SIZE, MAX_STEPS = 1000, 1000.0, 100_000   # safety limits; notebook 10: d_k 4, size 1.0, 1000 steps


class Forward(NamedTuple):
    """What the model computes for a batch: sense probabilities, and the attention on the way."""

    probs: np.ndarray    # (B, 4): one probability per sense
    weights: np.ndarray  # (B, n, n): A of every sentence (blocked entries 0)
    scores: np.ndarray   # (B, n, n): S = Q Kᵀ / √d_k before the mask


class Snapshot(NamedTuple):
    """The model at one step of training, with how well it did then."""

    step: int
    params: dict[str, np.ndarray]
    loss: float             # on the training sentences, before this step's update
    train_accuracy: float
    test_accuracy: float


class TrainingRun(NamedTuple):
    """The result of train_sense_model: final parameters, the loss at every step, and snapshots."""

    params: dict[str, np.ndarray]
    losses: np.ndarray       # (steps,)
    snapshots: list[Snapshot]


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


def _check_batch(batch: object, labelled: bool = False) -> Batch:
    """Return the batch if it is one (with known labels when asked), or raise clearly."""
    if not isinstance(batch, Batch):
        raise TypeError(f"batch must be a Batch (from encode_sentences), got {type(batch).__name__}")
    if labelled and (batch.label < 0).any():
        raise ValueError("batch has sentences without a sense (label -1); give senses= to sentences_from_text")
    return batch


def forward(params: dict[str, np.ndarray], batch: Batch) -> Forward:
    """Run the model on a batch: attention, the target word's output row, the readout, softmax."""
    p, b = check_params(params), _check_batch(batch)
    result = self_attention(b.x, p["W_Q"], p["W_K"], p["W_V"], mask=b.mask)
    rows = np.arange(len(b.target))
    y = result.output[rows, b.target]                                  # (B, d_v)
    scores = result.q @ np.swapaxes(result.k, -1, -2) / np.sqrt(result.q.shape[-1])
    return Forward(softmax(y @ p["W_R"] + p["b_R"]), result.weights, scores)


def predict(params: dict[str, np.ndarray], batch: Batch) -> np.ndarray:
    """Return the index of the most likely sense of each sentence: (B,)."""
    return forward(params, batch).probs.argmax(axis=-1)


def accuracy(params: dict[str, np.ndarray], batch: Batch) -> float:
    """Return the fraction of sentences whose sense the model gets right."""
    b = _check_batch(batch, labelled=True)
    return float((predict(params, b) == b.label).mean())


def loss_and_gradients(params: dict[str, np.ndarray], batch: Batch) -> tuple[float, dict[str, np.ndarray]]:
    """Return the mean cross-entropy loss and its gradient for every parameter (same keys and shapes)."""
    p, b = check_params(params), _check_batch(batch, labelled=True)
    result = self_attention(b.x, p["W_Q"], p["W_K"], p["W_V"], mask=b.mask)
    rows, n_sent = np.arange(len(b.label)), len(b.label)
    y = result.output[rows, b.target]                                  # (B, d_v)
    probs = softmax(y @ p["W_R"] + p["b_R"])                           # (B, 4)
    loss = float(-np.log(probs[rows, b.label]).mean())
    d_logits = probs.copy()                                            # (B, 4): dL/dz = (p - onehot) / B
    d_logits[rows, b.label] -= 1.0
    d_logits /= n_sent
    d_output = np.zeros_like(result.output)                            # (B, n, d_v): only target rows matter
    d_output[rows, b.target] = d_logits @ p["W_R"].T
    d_k = result.q.shape[-1]
    grads = backward_from_weights(result.q, result.k, result.v, result.weights, d_output, 1.0 / np.sqrt(d_k))
    flat_x = b.x.reshape(-1, b.x.shape[-1])                            # (B · n, 8)
    return loss, {"W_Q": flat_x.T @ grads.q.reshape(-1, d_k), "W_K": flat_x.T @ grads.k.reshape(-1, d_k),
                  "W_V": flat_x.T @ grads.v.reshape(-1, grads.v.shape[-1]), "W_R": y.T @ d_logits,
                  "b_R": d_logits.sum(axis=0)}


def adam_step(
    params: dict[str, np.ndarray], grads: dict[str, np.ndarray], state: dict[str, dict[str, np.ndarray]],
    step: int, lr: float = 0.03, beta1: float = 0.9, beta2: float = 0.999,
) -> None:
    """Update params in place by one Adam step (state holds the running averages "m" and "s")."""
    for k in params:
        m = state["m"].setdefault(k, np.zeros_like(params[k]))
        s = state["s"].setdefault(k, np.zeros_like(params[k]))
        m[...] = beta1 * m + (1 - beta1) * grads[k]                    # running average of the gradient
        s[...] = beta2 * s + (1 - beta2) * grads[k] ** 2               # ... and of its square
        m_hat, s_hat = m / (1 - beta1**step), s / (1 - beta2**step)    # corrected for starting at 0
        params[k] -= lr * m_hat / (np.sqrt(s_hat) + 1e-8)


def _diverged(step: int, rate: float, what: str) -> ValueError:
    """The error for numbers that overflowed at `step`: at step 0 the starting params are too large, later lr."""
    if step == 0:
        return ValueError(f"params are too large: before any training {what} (init_params gives small ones)")
    return ValueError(f"training diverged at step {step}: {what}, so lr={rate:g} is too large; "
                      f"try a smaller lr, such as lr={rate / 10:g}")


def _check_finite(step: int, rate: float, what: str, *arrays: np.ndarray | float) -> None:
    """Raise _diverged if a number of `what` (the loss, the gradients, the parameters) is inf or NaN."""
    if not all(np.isfinite(a).all() for a in arrays):
        bad = "nan" if any(np.isnan(a).any() for a in arrays) else "inf"
        raise _diverged(step, rate, f"the {what} became {bad}")


def train_sense_model(
    train: Batch, test: Batch, params: dict[str, np.ndarray] | None = None, steps: int = 200,
    lr: float = 0.03, every: int = 10,
) -> TrainingRun:
    """Train with Adam on all training sentences at once (params default: init_params()); keep a snapshot
    every `every` steps (and at the end) with the loss and both accuracies. Deterministic. steps ≤ 100000."""
    n_steps, gap = to_limited_whole_number(steps, "steps", MAX_STEPS), to_whole_number(every, "every")
    rate = to_positive_number(lr, "lr")
    current = {k: v.copy() for k, v in check_params(init_params() if params is None else params).items()}
    train, test = (_check_batch(b, labelled=True) for b in (train, test))   # so a ValueError below is overflow
    state: dict[str, dict[str, np.ndarray]] = {"m": {}, "s": {}}
    losses, snapshots = [], []
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):   # _check_finite reports overflow
        for step in range(n_steps + 1):
            try:
                loss, grads = loss_and_gradients(current, train)      # at the parameters before this step
            except ValueError:   # the batch and the parameters' shapes are checked: numbers beyond float64
                raise _diverged(step, rate, "the model's numbers overflowed float64") from None
            _check_finite(step, rate, "loss", loss)
            _check_finite(step, rate, "gradients", *grads.values())
            if step % gap == 0 or step == n_steps:
                snapshots.append(Snapshot(step, {k: v.copy() for k, v in current.items()}, loss,
                                          accuracy(current, train), accuracy(current, test)))
            if step == n_steps:
                break
            losses.append(loss)
            adam_step(current, grads, state, step + 1, rate)
            _check_finite(step + 1, rate, "parameters", *current.values())
    return TrainingRun(current, np.array(losses), snapshots)


def parameter_free_outputs(batch: Batch) -> np.ndarray:
    """Notebook 05's attention, softmax(X Xᵀ) X, with the batch's mask: the target rows, (B, 8)."""
    b = _check_batch(batch)
    output, _ = attention(b.x, b.x, b.x, mask=b.mask, scale=1.0)
    return output[np.arange(len(b.target)), b.target]


def train_readout(
    features: np.ndarray, labels: np.ndarray, steps: int = 1000, lr: float = 0.05,
) -> dict[str, np.ndarray]:
    """Fit only a readout (W_R, b_R) to fixed features (B, d) with the same loss and Adam; return it."""
    f = to_float_array(features, "features", ndim=2, shape_hint="(B, d): one row per sentence")
    y = np.asarray(labels)
    if y.shape != (f.shape[0],) or y.dtype.kind not in "iu" or not ((y >= 0) & (y < 4)).all():
        raise ValueError(f"labels must be {f.shape[0]} sense indices 0..3, one per row of features; got {y!r}")
    n_steps, rate = to_limited_whole_number(steps, "steps", MAX_STEPS), to_positive_number(lr, "lr")
    readout = {"W_R": np.zeros((f.shape[1], 4)), "b_R": np.zeros(4)}
    state: dict[str, dict[str, np.ndarray]] = {"m": {}, "s": {}}
    rows = np.arange(len(y))
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):   # _check_finite reports overflow
        for step in range(1, n_steps + 1):
            try:
                d_logits = softmax(f @ readout["W_R"] + readout["b_R"])
            except ValueError:   # features are checked, the readout starts at 0: scores beyond float64
                raise _diverged(step, rate, "the scores overflowed float64") from None
            d_logits[rows, y] -= 1.0
            d_logits /= len(y)
            adam_step(readout, {"W_R": f.T @ d_logits, "b_R": d_logits.sum(axis=0)}, state, step, rate)
            _check_finite(step, rate, "parameters", *readout.values())
    return readout


class StepView(NamedTuple):
    """One snapshot of a training run seen on one sentence (what the training widget shows)."""

    step: int
    sentence: str
    losses: np.ndarray                 # (step + 1,): the training loss at steps 0..step
    accuracies: tuple[float, float]    # train, test
    tokens: list[str]
    weights: np.ndarray                # (n, n): A of this sentence at this step
    target: int                        # the ambiguous word's position
    sense: str                         # the sense the model reads


def step_views(run: TrainingRun, sentences: list[str]) -> list[StepView]:
    """See every snapshot of a run on each sentence: the loss so far, both accuracies, A and the sense read."""
    if not isinstance(run, TrainingRun):
        raise TypeError(f"run must be the TrainingRun that train_sense_model returns, got {type(run).__name__}")
    texts = [str(s) for s in sentences]
    chosen = sentences_from_text(texts)
    batch = encode_sentences(chosen)
    views = []
    for snap in run.snapshots:
        result = forward(snap.params, batch)
        losses = np.append(run.losses[:snap.step], snap.loss)
        for i, text in enumerate(texts):
            n = len(chosen.tokens[i])
            views.append(StepView(snap.step, text, losses, (snap.train_accuracy, snap.test_accuracy), chosen.tokens[i],
                                  result.weights[i, :n, :n], int(chosen.target[i]),
                                  SENSES[int(result.probs[i].argmax())]))
    return views

