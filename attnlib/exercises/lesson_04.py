"""Notebook 04's exercises and its optional challenge: softmax.

Each has its reference answer, computed from attnlib, and its likeliest mistakes, each with the
hint that names it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..maths.softmax import softmax
from .answers import cat_scores, love_weight
from .engine import register
from .exercise import Exercise
from .rules import as_vector

register(
    Exercise(
        "04-cat-softmax",
        "Softmax of cat's row of scores [cat·cat, cat·sat, cat·mat].",
        "array",
        lambda: softmax(cat_scores()[0]),
        hint="Take cat's scores [cat·cat, cat·sat, cat·mat], exponentiate, divide by the sum.",
        probabilities=True,
        labels=("cat", "sat", "mat"),
        mistakes=(
            (lambda: cat_scores()[0], "these are the raw scores; apply softmax to them."),
            (
                lambda: cat_scores()[0] / cat_scores()[0].sum(),
                "you divided the scores by their sum; softmax exponentiates them first.",
            ),
            (
                lambda: softmax(cat_scores(), axis=0)[0],
                "you normalised the columns (axis=0), so your row does not sum to 1; softmax cat's row: "
                "al.softmax(S[0]), or al.softmax(S) (the last axis) and take row 0.",
            ),
        ),
    )
)
register(
    Exercise(
        "04-temperature",
        "softmax([-2, 8, 8]) at temperature 10.",
        "array",
        lambda: softmax([-2.0, 8.0, 8.0], temperature=10.0),
        hint="Divide the scores by the temperature first, then apply softmax.",
        probabilities=True,
        labels=("love", "Apple", "phones"),
        mistakes=(
            (
                lambda: softmax([-2.0, 8.0, 8.0]),
                "that is what temperature 1 gives (multiplying by 10 gives "
                "about the same: love near 0, Apple and phones 0.5 each); divide the scores by 10 first.",
            ),
            (lambda: softmax([-2.0, 8.0, 8.0]) / 10, "you divided after softmax; divide the scores by 10 before it."),
        ),
    )
)
register(
    Exercise(
        "04-shift",
        "softmax([101, 102, 103]) (compare with softmax([1, 2, 3])).",
        "array",
        lambda: softmax([101.0, 102.0, 103.0]),
        hint="Adding the same number to every score does not change softmax.",
        probabilities=True,
        mistakes=(
            (
                lambda: np.full(3, 1 / 3),
                "equal weights would mean softmax sees the scores' ratios (101 : 102 : 103 is nearly 1 : 1 : 1); "
                "it sees only their gaps (1 apiece), so compare softmax([1, 2, 3]).",
            ),
            (
                lambda: softmax([1.0, 2.0, 3.0]) + 100,
                "adding 100 to the scores does not add 100 to the weights: the weights still sum to 1. "
                "Softmax sees only the gaps between the scores, so the weights are softmax([1, 2, 3]) itself.",
            ),
            (lambda: np.exp([101.0, 102.0, 103.0]), "you exponentiated; now divide by the sum of the exponentials."),
            (
                lambda: np.array([0.0, 0.0, 1.0]),
                "big scores do not make a hard pick: softmax sees only the gaps between the scores (1 apiece), "
                "not their size, so softmax([101, 102, 103]) is softmax([1, 2, 3]), about (0.09, 0.24, 0.67).",
            ),
        ),
    )
)


# --- the challenge (optional) ----------------------------------------------------------------------
def _warm(answer: Any) -> str | None:
    t = as_vector(answer, ())
    if isinstance(t, str):
        return "give the temperature as one number."
    if t <= 0:
        return "temperatures are positive."
    if (w := love_weight(float(t))) <= 0.2:
        digits = 3 if 0.2 - w > 5e-4 else 6  # 0.19996 must not read as 0.200
        return f"at T = {float(t):g} love gets {w:.{digits}f}; it needs more than 0.2. Which way flattens softmax?"
    return None


register(
    Exercise(
        "04-challenge-temperature",
        "A temperature T at which love's weight in softmax([-2, 8, 8] / T) is above 0.2.",
        "rule",
        lambda: 20.0,
        judge=_warm,
        mistakes=(
            (lambda: 10.0, f"at T = 10 (the exercise above) love gets only {love_weight(10.0):.3f}; go higher."),
            (lambda: 0.1, "a small temperature sharpens softmax: love gets almost nothing. Go the other way."),
        ),
    )
)
