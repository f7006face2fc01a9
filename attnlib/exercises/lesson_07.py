"""Notebook 07's exercises and its optional challenge: matrix form and scaling.

Each has its reference answer, computed from attnlib, and its likeliest mistakes, each with the
hint that names it.
"""

from __future__ import annotations

import numpy as np

from .answers import peaky_dk
from .engine import register
from .exercise import Exercise

register(
    Exercise(
        "07-shapes",
        "Shapes of X, Q, K, V, S, A and the output for 20 words, embedding size 512, Q/K/V size 64.",
        "shapes",
        lambda: {
            "X": (20, 512),
            "Q": (20, 64),
            "K": (20, 64),
            "V": (20, 64),
            "S": (20, 20),
            "A": (20, 20),
            "output": (20, 64),
        },
        hint="One row per word; W_Q is (512, 64); S and A compare every word with every word.",
        mistakes=(
            (lambda: {"S": (20, 64)}, "S holds one score per pair of words, so it is n × n = (20, 20)."),
            (lambda: {"Q": (20, 512)}, "W_Q maps each 512-number word to 64 numbers, so Q is (20, 64)."),
            (lambda: {"X": (512, 20)}, "X has one row per word: (20, 512)."),
            (lambda: {"S": (64, 64)}, "S compares words, not features: one score per pair of the 20 words, (20, 20)."),
            (
                lambda: {"K": (64, 20)},
                "that is Kᵀ, the shape used inside Q Kᵀ; K itself has one row per word: (20, 64).",
            ),
            (lambda: {"Q": (512, 64)}, "(512, 64) is W_Q's shape; Q = X W_Q has one row per word: (20, 64)."),
            (
                lambda: {"output": (20, 512)},
                "the output mixes the values V, whose rows have 64 numbers, so it is (20, 64); a Transformer "
                "brings it back to 512 only afterwards, with another matrix (W_O, notebook 09).",
            ),
        ),
    )
)
register(
    Exercise(
        "07-scale",
        "Dividing the scores by √d_k multiplies them by one number: which, for d_k = 32?",
        "number",
        lambda: 1 / np.sqrt(32),
        hint="Dividing by √d_k is multiplying by 1/√d_k.",
        mistakes=(
            (lambda: np.sqrt(32), "that is √d_k, what the scores are divided by; give the multiplier 1/√d_k."),
            (lambda: 0.125, "0.125 is for d_k = 64; this time d_k = 32."),
            (lambda: 1 / 32, "that is 1/d_k: you forgot the square root."),
            (lambda: 32.0, "that is d_k itself; the scores are divided by √d_k, so they are multiplied by 1/√d_k."),
            (lambda: 1 / np.sqrt(8), "that is 1/√8; here d_k = 32, so the multiplier is 1/√32."),
        ),
    )
)


# --- the challenge (optional) ----------------------------------------------------------------------
register(
    Exercise(
        "07-challenge-peaky-dk",
        "Query and key 1 all ones, key 2 all 0.5, key 3 all zeros, of length d_k: the "
        "smallest d_k at which unscaled softmax(q·k) puts more than 99% on key 1.",
        "number",
        lambda: peaky_dk(),
        hint="q·k_1 = d_k, q·k_2 = d_k/2, q·k_3 = 0: try d_k = 1, 2, 3, ... until key 1 gets more than 0.99.",
        mistakes=(
            (lambda: peaky_dk(scale=True), "that is with scaling by 1/√d_k; this time the scores are unscaled."),
            (lambda: peaky_dk() - 1, f"at d_k = {peaky_dk() - 1} key 1 gets just under 99%; one more."),
        ),
    )
)
