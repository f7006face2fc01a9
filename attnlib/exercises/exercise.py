"""An exercise and the verdict on an answer: the data every lesson's exercises are made of."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

# The one rounding rule of the series (stated in notebook 00): a number counts as right when it is
# within TOLERANCE of the exact value, so rounding to 2 decimals is always enough.
TOLERANCE = 0.005
ROUNDING_HINT = "round to 2 decimals or give more digits"
NOT_ANSWERED = "⏳ Not answered yet: replace the `...` with your answer, then run the cell again."


class Feedback(NamedTuple):
    """The result of checking an answer: did it pass, and what to tell the student."""

    ok: bool
    message: str


@dataclass(frozen=True)
class Exercise:
    """One exercise: what it asks, how to compute the answer, and how to give hints."""

    id: str
    prompt: str  # shown when the answer is still `...`
    kind: str  # "array", "number", "shapes", "words", "rule" or "function"
    expected: Callable[[], Any]  # computed lazily from attnlib (for "rule": one valid answer)
    hint: str = ""
    probabilities: bool = False  # rows must be >= 0 and sum to 1
    symmetric: bool = False  # the matrix must equal its transpose
    labels: tuple[str, ...] = ()  # names of rows/entries for messages
    row_labels: tuple[str, ...] = ()  # when set, rows are these and `labels` names the columns
    # The likeliest wrong answers, each with the hint that names that mistake.
    mistakes: tuple[tuple[Callable[[], Any], str], ...] = field(default_factory=tuple)
    # For kind "rule" (challenges with many right answers): None when the answer obeys the rule,
    # otherwise the hint to show.
    judge: Callable[[Any], str | None] | None = None
    # For kind "function" (the answer is a function): run(answer) returns what it computes on the exercise's own
    # inputs, compared with run(expected()) and run(mistake()), or a sentence saying what went wrong.
    run: Callable[[Any], Any] | None = None
    # What a right answer earns when a class is graded (python -m attnlib.grade); a challenge's are not counted.
    points: float = 1
