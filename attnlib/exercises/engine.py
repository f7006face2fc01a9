"""Checked exercises, the engine: `check(exercise_id, answer)` prints ✅ or ❌ with a specific hint.

A wrong answer never raises: whatever the student passes (a list, an array, a number, a
dict, a typo), they get a message. The exercises register themselves here (lesson_00.py to
lesson_12.py, imported in order by attnlib.exercises); how answers are compared is in checkers.py.
"""

from __future__ import annotations

import json
import os
from typing import Any

from .checkers import CHECKERS
from .exercise import NOT_ANSWERED, Exercise, Feedback

_EXERCISES: dict[str, Exercise] = {}


def register(ex: Exercise) -> Exercise:
    """Add an exercise to the registry (each lesson file does this for its exercises); return it."""
    if ex.id in _EXERCISES:
        raise ValueError(f"exercise id {ex.id!r} is registered twice")
    _EXERCISES[ex.id] = ex
    return ex


def registered() -> dict[str, Exercise]:
    """Return every registered exercise by id, in the order registered: lesson by lesson, as each asks them."""
    return dict(_EXERCISES)


def exercise_ids() -> list[str]:
    """Return the ids of all registered exercises."""
    return sorted(_EXERCISES)


def expected_answer(exercise_id: str) -> Any:
    """Return the reference answer of an exercise (for a challenge: one of the right answers)."""
    return _get(exercise_id).expected()


def _get(exercise_id: str) -> Exercise:
    """Return an exercise or raise a KeyError listing the known ids."""
    if exercise_id not in _EXERCISES:
        raise KeyError(f"unknown exercise id {exercise_id!r}; known: {', '.join(exercise_ids())}")
    return _EXERCISES[exercise_id]


def evaluate(exercise_id: str, answer: Any) -> Feedback:
    """Check an answer and return Feedback(ok, message) without printing."""
    if exercise_id not in _EXERCISES:
        close = [i for i in exercise_ids() if i.split("-")[0] == str(exercise_id).split("-")[0]]
        return Feedback(
            False,
            f"❌ There is no exercise called {exercise_id!r}. "
            f"Known ones{' for this notebook' if close else ''}: "
            f"{', '.join(close or exercise_ids())}.",
        )
    if answer is ... or answer is None:
        return Feedback(False, f"{NOT_ANSWERED}\n   Exercise {exercise_id}: {_EXERCISES[exercise_id].prompt}")
    ex = _EXERCISES[exercise_id]
    try:
        return CHECKERS[ex.kind](ex, answer)
    except Exception as exc:  # a student's answer must never produce a traceback from attnlib
        return Feedback(False, f"❌ I couldn't check this answer ({type(exc).__name__}: {exc}). {ex.hint}".strip())


# Set by python -m attnlib.grade: the file each verdict is also written to, a JSON line each:
# {"id": exercise id, "mark": ✅, ❌ or ⏳, "message": what the student was shown}.
GRADE_LOG = "ATTNLIB_GRADE_LOG"


def check(exercise_id: str, answer: Any) -> None:
    """Check a student's answer and print ✅ or ❌ with a hint (never raises on a wrong answer)."""
    message = evaluate(exercise_id, answer).message
    print(message)
    log = os.environ.get(GRADE_LOG)
    if log:  # the grader reads verdicts from here, not from printed lines a student could also print
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps({"id": str(exercise_id), "mark": message[:1], "message": message}) + "\n")
