"""Training the tiny GPT (attnlib.models.gpt) on a long text of token ids: Adam on random windows, seeded.

    run = train_gpt(params, train_ids, val_ids, steps=3000)     # prints its progress every eval_every steps

The validation loss is measured on the same fixed windows every time (evaluate), so its curve moves only
because the model does. Training that diverges (a loss, gradient or parameter no longer finite) stops
with a ValueError naming lr, as notebook 10's training does.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import NamedTuple

import numpy as np

from .._threads import one_blas_thread
from .._validate import to_limited_whole_number, to_positive_number, to_whole_number
from ..data.shakespeare import batches, to_ids
from . import gpt
from .training import adam_step

MAX_STEPS = 1_000_000
Progress = Callable[[int, int, float, float, float], None]  # (step, steps, train loss, val loss, seconds)


class GPTRun(NamedTuple):
    """A training run: the trained params and, at each evaluation, the step and both losses."""

    params: dict[str, np.ndarray]
    steps: list[int]
    train_loss: list[float]  # mean of the training batches' losses since the last evaluation
    val_loss: list[float]  # on the fixed validation windows
    seconds: float


def evaluate(
    params: dict[str, np.ndarray], ids: object, n_windows: int = 256, batch_size: int = 64, seed: int = 1
) -> float:
    """Mean next-token loss of params on n_windows fixed random windows of ids (context + 1 ids each)."""
    p, cfg = gpt.check_params(params)
    arr = to_ids(ids, "ids", cfg.vocab_size)
    n = to_limited_whole_number(n_windows, "n_windows", 1_000_000)
    size = to_limited_whole_number(batch_size, "batch_size", 100_000)
    total, seen = 0.0, 0
    for window in batches(arr, size, cfg.context, seed=seed, steps=-(-n // size)):
        window = window[: n - seen]
        total += gpt_loss(p, window) * len(window)
        seen += len(window)
    return total / seen


def gpt_loss(params: dict[str, np.ndarray], window: np.ndarray) -> float:
    """Mean next-token cross-entropy of (B, T+1) windows, from the forward pass only."""
    logits = gpt.forward(params, window[:, :-1]).astype(np.float64)  # (B, T, V)
    logits -= logits.max(axis=-1, keepdims=True)
    log_probs = logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))
    picked = np.take_along_axis(log_probs, window[:, 1:, None], axis=-1)  # (B, T, 1)
    return float(-picked.mean())


def print_progress(step: int, steps: int, train: float, val: float, seconds: float) -> None:
    """The default progress line: where training is, both losses and the time so far."""
    print(f"step {step:>5}/{steps}: train loss {train:.2f}, validation loss {val:.2f} ({seconds:.0f} s)", flush=True)


def train_gpt(
    params: dict[str, np.ndarray],
    train_ids: object,
    val_ids: object,
    steps: int = 3000,
    batch_size: int = 32,
    lr: float = 3e-3,
    seed: int = 0,
    eval_every: int = 250,
    progress: Progress | None = print_progress,
) -> GPTRun:
    """Train a copy of params with Adam for `steps` steps on random windows of train_ids; return the run.

    Every eval_every steps (and at the end) the validation loss is measured (evaluate) and progress() is
    called with (step, steps, train loss, validation loss, seconds); progress=None is silent."""
    p, cfg = gpt.check_params(params)
    train = to_ids(train_ids, "train_ids", cfg.vocab_size)
    val = to_ids(val_ids, "val_ids", cfg.vocab_size)
    n_steps = to_limited_whole_number(steps, "steps", MAX_STEPS)
    rate = to_positive_number(lr, "lr")
    every = min(to_whole_number(eval_every, "eval_every"), n_steps)  # at least the end is evaluated
    if progress is not None and not callable(progress):
        raise TypeError(f"progress must be a function (step, steps, train, val, seconds) or None; got {progress!r}")
    params = {k: v.copy() for k, v in p.items()}
    state: dict[str, dict[str, np.ndarray]] = {"m": {}, "s": {}}
    run = GPTRun(params, [], [], [], 0.0)
    start = time.perf_counter()
    windows = batches(train, batch_size, cfg.context, seed=seed, steps=n_steps)
    with one_blas_thread():  # small products: one thread is fastest, and never stalls on a busy core
        _train(params, windows, state, run, rate, every, n_steps, val, progress)
    return run._replace(seconds=time.perf_counter() - start)


def _train(
    params: dict[str, np.ndarray],
    windows: Iterator[np.ndarray],
    state: dict[str, dict[str, np.ndarray]],
    run: GPTRun,
    rate: float,
    every: int,
    n_steps: int,
    val: np.ndarray,
    progress: Progress | None,
) -> None:
    """The loop of train_gpt: an Adam step a window, an evaluation every `every` steps."""
    start, recent = time.perf_counter(), []
    for step, window in enumerate(windows, start=1):
        try:
            loss, grads = gpt.loss_and_gradients(params, window)  # raises when numbers overflow
        except ValueError as error:
            if step == 1:
                raise  # the starting params, not the learning rate
            raise _diverged(step, rate) from error
        if not (np.isfinite(loss) and all(np.isfinite(g).all() for g in grads.values())):
            raise _diverged(step, rate)
        adam_step(params, grads, state, step, lr=rate)
        recent.append(loss)
        if step % every == 0 or step == n_steps:
            _record(run, step, float(np.mean(recent)), evaluate(params, val), rate)
            recent = []
            if progress is not None:
                progress(step, n_steps, run.train_loss[-1], run.val_loss[-1], time.perf_counter() - start)


def _record(run: GPTRun, step: int, train: float, val: float, rate: float) -> None:
    """Append one evaluation to the run's lists (a validation loss that is not finite: diverged)."""
    if not np.isfinite(val):
        raise _diverged(step, rate)
    run.steps.append(step)
    run.train_loss.append(train)
    run.val_loss.append(val)


def _diverged(step: int, rate: float) -> ValueError:
    """The error for a run whose numbers overflowed at `step`."""
    return ValueError(
        f"training diverged at step {step}: the loss or a gradient is no longer a finite number, so lr={rate:g} "
        f"is too large; try a smaller lr, such as lr={rate / 10:g}"
    )
