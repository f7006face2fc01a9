"""Notebook 12's counting baselines with longer contexts: predict the next character from the n - 1 before it.

The bigram (bigram.py) counts pairs; an n-gram counts runs of n characters. Each extra character of context
multiplies the possible contexts by the vocabulary size, so the counts of each context thin out: on 4.4
million characters of plays, counting stops paying after about five characters.
"""

from __future__ import annotations

import numpy as np

from .._validate import to_limited_whole_number, to_positive_number
from ..data.shakespeare import to_ids

MAX_N = 12  # the longest run counted: a context of 11 characters
MAX_CODE = 2**62  # each run of n ids is numbered as one int64, vocab_size ** n of them


def ngram_loss(train_ids: object, ids: object, n: int, vocab_size: int, smoothing: float = 1.0) -> float:
    """Return the mean cross-entropy, in nats a token, of predicting each id of `ids` (from its n-th on) from the
    n - 1 before it, with P(next | context) = (count of the run + smoothing) / (count of the context + V · smoothing),
    counted in train_ids. n = 2 is al.bigram_counts with al.bigram_loss."""
    size, order = _sizes(n, vocab_size)
    train, arr = _runs(train_ids, "train_ids", size, order), _runs(ids, "ids", size, order)
    extra = to_positive_number(smoothing, "smoothing")
    runs, contexts = _codes(train, size, order), _codes(train, size, order - 1)[:-1]  # (N,): each run; its context
    run_counts = _lookup(runs, _codes(arr, size, order))  # (M,): how often each run of `ids` was counted
    context_counts = _lookup(contexts, _codes(arr, size, order - 1)[:-1])  # (M,): how often its context was
    return float(-np.log((run_counts + extra) / (context_counts + size * extra)).mean())


def ngram_unseen(train_ids: object, ids: object, n: int, vocab_size: int) -> float:
    """Return the fraction of the runs of `ids` whose context, the n - 1 ids before the predicted one, never occurs
    in train_ids: where an n-gram table knows nothing but its smoothing."""
    size, order = _sizes(n, vocab_size)
    train, arr = _runs(train_ids, "train_ids", size, order), _runs(ids, "ids", size, order)
    counts = _lookup(_codes(train, size, order - 1)[:-1], _codes(arr, size, order - 1)[:-1])  # (M,)
    return float((counts == 0).mean())


def ngram_seen(train_ids: object, n: int, vocab_size: int) -> int:
    """Return how many different runs of n ids occur in train_ids: the counts an n-gram table stores (every other
    entry of its vocab_size ** n holds only the smoothing)."""
    size, order = _sizes(n, vocab_size)
    return int(len(np.unique(_codes(_runs(train_ids, "train_ids", size, order), size, order))))


def _sizes(n: object, vocab_size: object) -> tuple[int, int]:
    """Return (vocab_size, n) checked: n from 1 to MAX_N, and vocab_size ** n small enough to number every run."""
    size = to_limited_whole_number(vocab_size, "vocab_size", MAX_CODE)
    order = to_limited_whole_number(n, "n", MAX_N)
    if size**order >= MAX_CODE:
        raise ValueError(
            f"n = {order} is too long for vocab_size = {size}: the {size}**{order} possible runs cannot be numbered "
            "in 64 bits; use a smaller n"
        )
    return size, order


def _runs(ids: object, name: str, vocab_size: int, n: int) -> np.ndarray:
    """Return `ids` as a 1-D array of at least n ids below vocab_size, or raise naming `name`."""
    arr = to_ids(ids, name, vocab_size)
    if arr.ndim != 1 or len(arr) < n:
        raise ValueError(
            f"{name} must be a 1-D sequence of at least n = {n} ids (a context and the next); got {arr.shape}"
        )
    return arr


def _codes(ids: np.ndarray, vocab_size: int, n: int) -> np.ndarray:
    """Number every run of n consecutive ids (a base-vocab_size number): (len(ids) - n + 1,); n = 0 gives zeros."""
    codes = np.zeros(len(ids) - n + 1, dtype=np.int64)
    for i in range(n):
        codes = codes * vocab_size + ids[i : len(ids) - n + 1 + i]
    return codes


def _lookup(counted: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """How often each entry of `wanted` occurs in `counted`: (len(wanted),) int64."""
    values, counts = np.unique(counted, return_counts=True)
    where = np.minimum(np.searchsorted(values, wanted), len(values) - 1)
    return np.where(values[where] == wanted, counts[where], 0)
