"""Notebook 00's exercises and its optional challenge: start here: the dot product.

Each has its reference answer, computed from attnlib, and its likeliest mistakes, each with the
hint that names it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .engine import register
from .exercise import Exercise
from .rules import as_vector

register(
    Exercise(
        "00-dot",
        "Dot product of (1, 2) and (3, 4).",
        "number",
        lambda: 11.0,
        hint="Multiply matching entries and add them up: 1·3 + 2·4.",
        mistakes=(
            (lambda: np.array([3.0, 8.0]), "you multiplied the matching entries; now add them up."),
            (lambda: 14.0, "14 is 1·2 + 3·4: multiply entries that match across the two vectors, 1·3 and 2·4."),
        ),
    )
)


# --- the challenge (optional) ----------------------------------------------------------------------
def _orthogonal(answer: Any) -> str | None:
    v = as_vector(answer, (2,))
    if isinstance(v, str):
        return v
    if np.allclose(v, 0):
        return "(0, 0) has a zero dot product with everything; find a non-zero vector."
    if abs(v @ [1.0, 2.0]) > 1e-9:
        return (
            f"its dot product with (1, 2) is {v @ [1.0, 2.0]:g}, not 0. Try swapping the entries and flipping one sign."
        )
    return None


register(
    Exercise(
        "00-challenge-orthogonal",
        "A non-zero 2-D vector whose dot product with (1, 2) is 0.",
        "rule",
        lambda: np.array([2.0, -1.0]),
        judge=_orthogonal,
        mistakes=(
            (lambda: np.array([0.0, 0.0]), "(0, 0) has a zero dot product with everything; find a non-zero vector."),
            (lambda: np.array([2.0, 1.0]), "(2, 1) · (1, 2) = 4: you swapped the entries; now flip one sign."),
        ),
    )
)
