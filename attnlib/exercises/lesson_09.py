"""Notebook 09's exercises and its optional challenge: beyond one head: heads, positions and masks.

Each has its reference answer, computed from attnlib, and its likeliest mistakes, each with the
hint that names it.
"""

from __future__ import annotations

import numpy as np

from ..data import toy
from ..maths.multihead import random_projections
from ..maths.softmax import softmax
from .engine import register
from .exercise import Exercise

HEADS_SENTENCE, LOVE = "I love Apple phones", 1  # Exercise 09-head-slice: love is word 1


def _head_row(
    n_heads: int = 4,
    head: int = 4,
    scale: float | None = None,
    column: bool = False,
    whole: bool = False,
    causal: bool = False,
) -> np.ndarray:
    """love's row of head `head`'s weights (heads counted from 1) with notebook 09's sharper W_Q and W_K cut
    into n_heads heads, scaled by 1/√d_head unless `scale` says otherwise (or a likely mistake: love's
    column, the head's whole A, or the causal mask of section 10 left on): (4,)."""
    X = toy.embed(HEADS_SENTENCE).vectors
    W_Q, W_K = (4 * W for W in random_projections(8, 8, seed=0, count=4)[:2])
    d_head = 8 // n_heads
    cols = slice((head - 1) * d_head, head * d_head)
    S = (X @ W_Q[:, cols]) @ (X @ W_K[:, cols]).T * (1 / np.sqrt(d_head) if scale is None else scale)
    A = softmax(np.where(np.tril(np.ones((4, 4))) > 0, S, -np.inf) if causal else S)
    return A if whole else (A[:, LOVE] if column else A[LOVE])


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
            (
                lambda: (12, 3, 32),
                "that is the shape split_heads returns, (heads, words, head size); the head size is its last entry.",
            ),
        ),
    )
)
register(
    Exercise(
        "09-head-slice",
        f"With the notebook's W_Q and W_K (the sharper ones, 8 × 8) cut into 4 heads, love's row of head 4's "
        f"weights in '{HEADS_SENTENCE}' (heads counted from 1, no mask; 4 numbers).",
        "array",
        _head_row,
        hint="4 heads of d_head = 2: head 4 owns columns 6:8 of W_Q and W_K. Q_4 = X @ W_Q[:, 6:8], the same for "
        "K_4; A_4 = softmax(Q_4 K_4ᵀ / √2); give row 1 (love).",
        probabilities=True,
        labels=tuple(HEADS_SENTENCE.split()),
        mistakes=(
            (
                lambda: _head_row(head=3),
                "that is head 3 (columns 4:6): heads are counted from 1 here, so head 4 is columns 6:8 "
                "(Python's h = 3).",
            ),
            (
                lambda: _head_row(n_heads=2, head=2),
                "that is head 2 of the notebook's 2 heads (columns 4:8); with 4 heads each has d_head = 2 "
                "columns, and head 4 owns columns 6:8.",
            ),
            (lambda: _head_row(scale=1.0), "divide the scores by √d_head = √2 before the softmax."),
            (
                lambda: _head_row(scale=1 / np.sqrt(8)),
                "you divided by √8, the model's width; each head's queries and keys have d_head = 2 numbers: "
                "divide by √2.",
            ),
            (
                lambda: _head_row(column=True),
                "that is love's column (how much each word gives love); love's own weights are its row.",
            ),
            (lambda: _head_row(whole=True), "that is head 4's whole A; give only love's row (row 1)."),
            (
                lambda: _head_row(causal=True),
                "you left the causal mask of section 10 on (love cannot see Apple and phones); this exercise "
                "has no mask.",
            ),
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
