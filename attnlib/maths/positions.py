"""Positional encoding: give each position its own vector so word order can matter."""

from __future__ import annotations

import numpy as np

from .._validate import to_real_number, to_whole_number


def sinusoidal_positional_encoding(n_positions: int, d_model: int, base: float = 10000.0) -> np.ndarray:
    """Return the (n_positions, d_model) sine/cosine encoding of "Attention Is All You Need".

    PE[pos, 2i] = sin(pos / base^(2i / d_model)), PE[pos, 2i + 1] = cos(pos / base^(2i / d_model)).
    """
    n_positions = to_whole_number(n_positions, "n_positions")
    d_model = to_whole_number(d_model, "d_model")
    base = to_real_number(base, "base", above=1)
    pos = np.arange(n_positions)[:, None]  # (n, 1)
    i = np.arange(0, d_model, 2)[None, :]  # (1, ceil(d/2))
    angles = pos / np.power(base, i / d_model)  # (n, ceil(d/2))
    pe = np.zeros((n_positions, d_model))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles[:, : d_model // 2])
    return pe
