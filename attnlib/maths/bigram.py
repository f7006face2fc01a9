"""Notebook 12's baseline: predict the next character from the current one alone, by counting pairs.

A model that knows nothing scores ln V nats a character (uniform over V characters: ln 65 = 4.17); the
bigram table, counted on the training plays, scores about 2.5 on the validation plays. A model that
attends to the context must beat both.
"""

from __future__ import annotations

import numpy as np

from .._validate import to_float_array, to_limited_whole_number, to_positive_number
from ..data.shakespeare import to_ids

MAX_VOCAB = 10_000  # a (V, V) table: 800 MB of float64 at this size


def bigram_counts(ids: object, vocab_size: int, smoothing: float = 1.0) -> np.ndarray:
    """Return the (V, V) table P(next | current), row = current id: pair counts in `ids` plus `smoothing`, each
    row divided by its sum (smoothing > 0 keeps an unseen pair from getting probability 0)."""
    size = to_limited_whole_number(vocab_size, "vocab_size", MAX_VOCAB)
    arr = _sequence(ids, size)
    extra = to_positive_number(smoothing, "smoothing")
    counts = np.bincount(arr[:-1] * size + arr[1:], minlength=size * size).reshape(size, size) + extra
    return counts / counts.sum(axis=1, keepdims=True)


def bigram_loss(table: object, ids: object) -> float:
    """Return the mean cross-entropy, in nats a character, of predicting each id in `ids` from the one before
    with `table` (V, V) of probabilities: the mean of -ln table[ids[t], ids[t + 1]]."""
    probs = to_float_array(table, "table", ndim=2, shape_hint="(V, V): P(next | current)")
    if probs.shape[0] != probs.shape[1]:
        raise ValueError(f"table must be square (V, V), one row and one column per character; got {probs.shape}")
    if (probs < 0).any() or (probs > 1).any():
        raise ValueError(
            "table must hold probabilities from 0 to 1 (bigram_counts); found "
            f"{probs.min():.3g} to {probs.max():.3g} (log-probabilities? pass np.exp(table))"
        )
    sums = probs.sum(axis=1)
    if not np.allclose(sums, 1.0, atol=1e-6):
        row = int(np.argmax(np.abs(sums - 1.0)))
        raise ValueError(f"each row of table must sum to 1 (P(next | current)); row {row} sums to {sums[row]:.6g}")
    arr = _sequence(ids, probs.shape[0])
    with np.errstate(divide="ignore"):  # a pair of probability 0 costs an infinite loss, honestly
        return float(-np.log(probs[arr[:-1], arr[1:]]).mean())


def _sequence(ids: object, vocab_size: int) -> np.ndarray:
    """Return `ids` as a 1-D array of at least 2 ids below `vocab_size`, or raise naming `ids`."""
    arr = to_ids(ids, "ids", vocab_size)
    if arr.ndim != 1 or len(arr) < 2:
        raise ValueError(f"ids must be a 1-D sequence of at least 2 ids (a character and the next); got {arr.shape}")
    return arr
