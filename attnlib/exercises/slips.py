"""The slips any numeric answer can make, whatever the exercise: rounding too far, and percentages.

The checkers (attnlib.exercises.checkers) try them after an exercise's own recognised mistakes.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .exercise import ROUNDING_HINT, TOLERANCE, Feedback


def close(got: np.ndarray, want: Any) -> bool:
    """The series' one rule: same shape, every number within TOLERANCE."""
    want = np.asarray(want, dtype=float)
    return got.shape == want.shape and bool(np.all(np.abs(got - want) <= TOLERANCE + 1e-12))


def rounded_to(got: np.ndarray, expected: np.ndarray) -> int | None:
    """Return d (1 or 0) when the answer is the exact one rounded or cut to d decimals, else None."""
    for d in (1, 0):
        scale = 10.0**d
        fine = (
            (np.abs(got - expected) <= TOLERANCE)
            | np.isclose(got, np.round(expected, d))
            | np.isclose(got, np.trunc(expected * scale) / scale)
        )
        if fine.all():
            return d
    return None


def cut_off(got: np.ndarray, expected: np.ndarray) -> bool:
    """Is the answer the exact one cut off (not rounded) after 2 decimals, 0.6176 -> 0.61?"""
    fine = (np.abs(got - expected) <= TOLERANCE) | np.isclose(got, np.trunc(expected * 100) / 100)
    return got.shape == expected.shape and bool(fine.all())


def rounding_feedback(got: np.ndarray, expected: np.ndarray) -> Feedback | None:
    """Say so when rounding is the only problem."""
    tail = f"Please {ROUNDING_HINT} (each number must be within {TOLERANCE} of the exact value)."
    if cut_off(got, expected):
        i = np.unravel_index(np.argmax(np.abs(got - expected)), got.shape)
        e = float(expected[i])
        return Feedback(
            False,
            f"❌ Close: your answer looks cut off, not rounded ({e:.4f} rounds to {e:.2f}, not {got[i]:.2f}). {tail}",
        )
    d = rounded_to(got, expected) if got.shape == expected.shape else None
    if d is None or (d == 0 and np.abs(expected).max(initial=0.0) < 2):
        return None  # 0.62 -> 1 is a different answer (a share, a weight), not a rounding slip
    return Feedback(False, f"❌ Close: your answer looks rounded {'to 1 decimal' if d else 'to whole numbers'}. {tail}")


def percentage_feedback(got: np.ndarray, expected: np.ndarray) -> Feedback | None:
    """Say so when the answer is 100 times the exact one: a percentage where a fraction was asked for."""
    if got.shape != expected.shape or not np.any(np.abs(expected) > TOLERANCE) or not close(got, 100 * expected):
        return None
    return Feedback(False, "❌ Those look like percentages (100 times the answer): give fractions, like 0.25 for 25%.")
