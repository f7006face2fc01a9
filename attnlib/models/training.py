"""Training notebook 10's model: Adam on all training sentences at once, with snapshots to replay.

Training that diverges (a loss, gradient or parameter no longer a finite number) stops with a
ValueError naming lr; the model itself is attnlib.models.sense_model.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validate import to_float_array, to_limited_whole_number, to_positive_number, to_whole_number
from ..maths.softmax import softmax
from .sense_model import Batch, accuracy, check_batch, check_params, init_params, loss_and_gradients

MAX_STEPS = 100_000  # a safety limit; notebook 10 trains for 300 steps, its readouts for 1000


class Snapshot(NamedTuple):
    """The model at one step of training, with how well it did then."""

    step: int
    params: dict[str, np.ndarray]
    loss: float  # on the training sentences, before this step's update
    train_accuracy: float
    test_accuracy: float


class TrainingRun(NamedTuple):
    """The result of train_sense_model: final parameters, the loss at every step, and snapshots."""

    params: dict[str, np.ndarray]
    losses: np.ndarray  # (steps,)
    snapshots: list[Snapshot]


def adam_step(
    params: dict[str, np.ndarray],
    grads: dict[str, np.ndarray],
    state: dict[str, dict[str, np.ndarray]],
    step: int,
    lr: float = 0.03,
    beta1: float = 0.9,
    beta2: float = 0.999,
) -> None:
    """Update params in place by one Adam step (state holds the running averages "m" and "s")."""
    for k in params:
        m = state["m"].setdefault(k, np.zeros_like(params[k]))
        s = state["s"].setdefault(k, np.zeros_like(params[k]))
        m[...] = beta1 * m + (1 - beta1) * grads[k]  # running average of the gradient
        s[...] = beta2 * s + (1 - beta2) * grads[k] ** 2  # ... and of its square
        m_hat, s_hat = m / (1 - beta1**step), s / (1 - beta2**step)  # corrected for starting at 0
        params[k] -= lr * m_hat / (np.sqrt(s_hat) + 1e-8)


def _diverged(step: int, rate: float, what: str) -> ValueError:
    """The error for numbers that overflowed at `step`: at step 0 the starting params are too large, later lr."""
    if step == 0:
        return ValueError(f"params are too large: before any training {what} (init_params gives small ones)")
    return ValueError(
        f"training diverged at step {step}: {what}, so lr={rate:g} is too large; "
        f"try a smaller lr, such as lr={rate / 10:g}"
    )


def _check_finite(step: int, rate: float, what: str, *arrays: np.ndarray | float) -> None:
    """Raise _diverged if a number of `what` (the loss, the gradients, the parameters) is inf or NaN."""
    if not all(np.isfinite(a).all() for a in arrays):
        bad = "nan" if any(np.isnan(a).any() for a in arrays) else "inf"
        raise _diverged(step, rate, f"the {what} became {bad}")


def train_sense_model(
    train: Batch,
    test: Batch,
    params: dict[str, np.ndarray] | None = None,
    steps: int = 300,
    lr: float = 0.03,
    every: int = 10,
    frozen: tuple[str, ...] = (),
) -> TrainingRun:
    """Train with Adam on all training sentences at once (params default: init_params()); keep a snapshot
    every `every` steps (and at the end) with the loss and both accuracies. The parameters named in
    `frozen` keep their starting values (a baseline: W_Q = W_K = 0 learns only W_V and the readout).
    Deterministic. steps ≤ 100000."""
    n_steps, gap = to_limited_whole_number(steps, "steps", MAX_STEPS), to_whole_number(every, "every")
    rate = to_positive_number(lr, "lr")
    current = {k: v.copy() for k, v in check_params(init_params() if params is None else params).items()}
    fixed = (frozen,) if isinstance(frozen, str) else tuple(frozen)
    if not set(fixed) <= set(current):
        raise ValueError(f"frozen must name parameters from {list(current)}; got {frozen!r}")
    train, test = (check_batch(b, labelled=True, params=current) for b in (train, test))  # a ValueError below: overflow
    state: dict[str, dict[str, np.ndarray]] = {"m": {}, "s": {}}
    losses, snapshots = [], []
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):  # _check_finite reports overflow
        for step in range(n_steps + 1):
            try:
                loss, grads = loss_and_gradients(current, train)  # at the parameters before this step
            except ValueError:  # the batch and the parameters' shapes are checked: numbers beyond float64
                raise _diverged(step, rate, "the model's numbers overflowed float64") from None
            _check_finite(step, rate, "loss", loss)
            _check_finite(step, rate, "gradients", *grads.values())
            if step % gap == 0 or step == n_steps:
                snapshots.append(
                    Snapshot(
                        step,
                        {k: v.copy() for k, v in current.items()},
                        loss,
                        accuracy(current, train),
                        accuracy(current, test),
                    )
                )
            if step == n_steps:
                break
            losses.append(loss)
            adam_step(current, {k: 0 * g if k in fixed else g for k, g in grads.items()}, state, step + 1, rate)
            _check_finite(step + 1, rate, "parameters", *current.values())
    return TrainingRun(current, np.array(losses), snapshots)


def train_readout(
    features: np.ndarray, labels: np.ndarray, steps: int = 1000, lr: float = 0.05
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
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):  # _check_finite reports overflow
        for step in range(1, n_steps + 1):
            try:
                d_logits = softmax(f @ readout["W_R"] + readout["b_R"])
            except ValueError:  # features are checked, the readout starts at 0: scores beyond float64
                raise _diverged(step, rate, "the scores overflowed float64") from None
            d_logits[rows, y] -= 1.0
            d_logits /= len(y)
            adam_step(readout, {"W_R": f.T @ d_logits, "b_R": d_logits.sum(axis=0)}, state, step, rate)
            _check_finite(step, rate, "parameters", *readout.values())
    return readout
