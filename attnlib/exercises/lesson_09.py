"""Notebook 09's exercises and its optional challenge: beyond one head: heads, positions and masks.

Each has its reference answer, computed from attnlib, and its likeliest mistakes, each with the
hint that names it.
"""

from __future__ import annotations

import numpy as np

from .engine import register
from .exercise import Exercise

register(
    Exercise(
        "09-head-size",
        "Size of each head for d_model = 384 and 12 heads (all-MiniLM-L6-v2).",
        "number",
        lambda: 384 // 12,
        hint="The heads split d_model evenly.",
        mistakes=(
            (lambda: 64, "64 is the paper's head size (512 / 8); here d_model = 384 and there are 12 heads."),
            (lambda: 384 * 12, "you multiplied; the 12 heads share the 384 numbers between them."),
        ),
    )
)
register(
    Exercise(
        "09-causal-mask",
        "The 5×5 causal mask (1 = may attend, 0 = blocked; row = the word attending).",
        "array",
        lambda: np.tril(np.ones((5, 5))),
        hint="Word i may attend to words 0..i: ones on and below the diagonal.",
        mistakes=(
            (lambda: np.triu(np.ones((5, 5))), "that lets words see the future; flip it (the lower triangle)."),
            (lambda: np.tril(np.ones((5, 5)), k=-1), "each word may also attend to itself: keep the diagonal."),
            (lambda: 1 - np.tril(np.ones((5, 5))), "you swapped 1 and 0: 1 means 'may attend'."),
            (
                lambda: np.where(np.tril(np.ones((5, 5))) > 0, 0.0, -np.inf),
                "that is the additive form (0 and -inf, added to the scores); give it as 1 and 0.",
            ),
        ),
    )
)


# --- the challenge (optional) ----------------------------------------------------------------------
register(
    Exercise(
        "09-challenge-neighbour-mask",
        "The 6×6 mask (1 = may attend) that lets each word see only itself and its immediate neighbours.",
        "array",
        lambda: np.tril(np.triu(np.ones((6, 6)), -1), 1),
        hint="Word i may attend to words i - 1, i and i + 1: a band of width 3 around the diagonal.",
        mistakes=(
            (
                lambda: np.tril(np.ones((6, 6))),
                "that is the causal mask; this one lets each word see one word on each side, and no further.",
            ),
            (
                lambda: np.tril(np.triu(np.ones((6, 6)), -1), 1) - np.eye(6),
                "each word also sees itself: keep the diagonal.",
            ),
            (lambda: 1 - np.tril(np.triu(np.ones((6, 6)), -1), 1), "you swapped 1 and 0: 1 means 'may attend'."),
        ),
    )
)
