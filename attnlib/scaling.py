"""Why attention divides by √d_k (notebook 07): how spread-out random scores are, and what softmax makes of them."""

from __future__ import annotations

import numpy as np

from .softmax import softmax


def score_statistics(d_k: int, scaled: bool, n_keys: int = 8, n_samples: int = 300, seed: int = 0) -> dict[str, float]:
    """For random unit-variance q, k of size d_k: the std of q·k (÷√d_k if scaled) and the mean max weight."""
    if isinstance(d_k, bool) or not isinstance(d_k, (int, np.integer)) or d_k < 1:
        raise ValueError(f"d_k must be a whole number >= 1, got {d_k!r}")
    rng = np.random.default_rng(seed)
    q = rng.standard_normal((n_samples, 1, d_k))
    k = rng.standard_normal((n_samples, n_keys, d_k))
    scores = (q @ np.swapaxes(k, -1, -2))[:, 0, :]                       # (n_samples, n_keys)
    if scaled:
        scores = scores / np.sqrt(d_k)
    weights = softmax(scores)
    return {"score_std": float(scores.std()), "mean_max_weight": float(weights.max(axis=-1).mean()),
            "scores": scores.ravel()}
