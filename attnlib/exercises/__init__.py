"""Checked exercises: `check(exercise_id, answer)` prints ✅ or ❌ with a hint naming the likely mistake.

lesson_00.py ... lesson_12.py each hold one lesson's exercises and its optional challenge, in the
order the lesson asks them; importing a lesson file registers them with the engine (engine.py).
How answers are compared: checkers.py; the reference computations several lessons share: answers.py.
"""

from . import (  # noqa: F401 - importing a lesson registers its exercises, in lesson order
    lesson_00,
    lesson_01,
    lesson_02,
    lesson_03,
    lesson_04,
    lesson_05,
    lesson_06,
    lesson_07,
    lesson_08,
    lesson_09,
    lesson_10,
    lesson_11,
    lesson_12,
)
from .engine import GRADE_LOG, NOT_ANSWERED, check, evaluate, exercise_ids, expected_answer, registered
from .exercise import ROUNDING_HINT, TOLERANCE, Exercise, Feedback

__all__ = [
    "GRADE_LOG",
    "NOT_ANSWERED",
    "ROUNDING_HINT",
    "TOLERANCE",
    "Exercise",
    "Feedback",
    "check",
    "evaluate",
    "exercise_ids",
    "expected_answer",
    "registered",
]
