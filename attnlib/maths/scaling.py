"""Why attention divides by √d_k (notebook 07): how spread-out random scores are, and what softmax makes of them."""

from __future__ import annotations

from typing import TypedDict

import numpy as np

from .._validate import to_whole_number
from .softmax import softmax


class ScoreStatistics(TypedDict):
    """What score_statistics returns: two summaries and the raw scores behind them."""

    score_std: float  # standard deviation of the (scaled) scores
    mean_max_weight: float  # average over samples of the largest softmax weight
    scores: np.ndarray  # every score, flattened: (n_samples * n_keys,)


def score_statistics(d_k: int, scaled: bool, n_keys: int = 8, n_samples: int = 300, seed: int = 0) -> ScoreStatistics:
    """For random unit-variance q, k of size d_k: the std of q·k (÷√d_k if scaled) and the mean max weight."""
    d_k = to_whole_number(d_k, "d_k")
    n_keys, n_samples = to_whole_number(n_keys, "n_keys"), to_whole_number(n_samples, "n_samples")
    rng = np.random.default_rng(to_whole_number(seed, "seed", minimum=0))
    q = rng.standard_normal((n_samples, 1, d_k))
    k = rng.standard_normal((n_samples, n_keys, d_k))
    scores = (q @ np.swapaxes(k, -1, -2))[:, 0, :]  # (n_samples, n_keys)
    if scaled:
        scores = scores / np.sqrt(d_k)
    weights = softmax(scores)
    return {
        "score_std": float(scores.std()),
        "mean_max_weight": float(weights.max(axis=-1).mean()),
        "scores": scores.ravel(),
    }
