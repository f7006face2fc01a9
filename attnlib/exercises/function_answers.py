"""Answers that are functions (kind "function"): the student writes a function, and the checker compares what it
computes on the exercise's own inputs with the reference's and each known mistake's."""

from __future__ import annotations

from typing import Any

import numpy as np

from .exercise import NOT_ANSWERED, Exercise, Feedback

UNANSWERED = "unanswered"  # what run() returns for a function whose body is still `...` (it returns None)


def check_function(ex: Exercise, answer: Any) -> Feedback:
    """An answer that is a function: compare what it computes on the exercise's inputs (ex.run) with what the
    reference and each known mistake compute, to 1e-6 of the largest value."""
    got = ex.run(answer)
    if isinstance(got, str) and got == UNANSWERED:
        return Feedback(False, f"{NOT_ANSWERED}\n   Exercise {ex.id}: {ex.prompt}")
    if isinstance(got, str):
        return Feedback(False, f"❌ {got[0].upper()}{got[1:]}")
    want = ex.run(ex.expected())
    scale = 1e-6 * max(1.0, float(np.abs(want).max()))
    if np.abs(got - want).max() <= scale:
        return Feedback(True, "✅ Correct! It agrees with the whole model's forward pass.")
    for wrong, message in ex.mistakes:
        theirs = ex.run(wrong())
        if not isinstance(theirs, str) and np.abs(got - theirs).max() <= scale:
            return Feedback(False, f"❌ Not quite: {message}")
    return Feedback(
        False, f"❌ Your function's results are off by up to {np.abs(got - want).max():.3g}. {ex.hint}".strip()
    )
