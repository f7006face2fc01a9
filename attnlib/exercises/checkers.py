"""How answers are compared: the one rounding rule, known mistakes, and a checker per kind of answer.

Each checker takes an Exercise and the student's answer and returns Feedback; the engine
(attnlib.exercises.engine) picks the checker by the exercise's kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .exercise import TOLERANCE, Exercise, Feedback
from .function_answers import check_function
from .slips import close, percentage_feedback, rounding_feedback


def _fmt(a: np.ndarray) -> str:
    """Format numbers compactly for messages."""
    return np.array2string(np.asarray(a), precision=4, suppress_small=True, separator=", ")


def _at(ex: Exercise, index: tuple[int, ...]) -> str:
    """Name an entry: '[1, 2] (sat · mat)' when labels are known ('[0, 4] (bank I love, Natural)' with row_labels)."""
    text = str(list(index)) if len(index) != 1 else f"[{index[0]}]"
    rows = ex.row_labels or ex.labels
    if ex.labels and len(index) == 1 and index[0] < len(ex.labels):
        text += f" ({ex.labels[index[0]]})"
    elif ex.labels and len(index) == 2 and index[0] < len(rows) and index[1] < len(ex.labels):
        text += f" ({rows[index[0]]}{', ' if ex.row_labels else ' · '}{ex.labels[index[1]]})"
    return text


def as_numbers(answer: Any) -> np.ndarray | str:
    """Return the answer as a finite float array, or a message saying why it isn't one."""
    try:
        arr = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return (
            f"❌ I couldn't read your answer as numbers (got {type(answer).__name__}). "
            "Give a number, a list of numbers, or a numpy array."
        )
    if np.isnan(arr).any():
        return "❌ Your answer contains NaN. Did a division by zero or an overflow happen?"
    if np.isinf(arr).any():
        return "❌ Your answer contains an infinite number. Did an exponential overflow?"
    return arr


def _same(kind: str, answer: Any, wrong: Any) -> bool:
    """Does the answer match a registered wrong answer (numbers by the rounding rule)?"""
    if kind == "shapes":
        return isinstance(answer, Mapping) and all(
            k in answer and _shape_or_none(answer[k]) == tuple(v) for k, v in wrong.items()
        )
    if isinstance(wrong, str) or kind == "words":
        norm = (
            (lambda x: " ".join(str(x).split()).lower())
            if isinstance(wrong, str)
            else (lambda x: {str(w).lower() for w in x} if not isinstance(x, str) else None)
        )
        return norm(answer) == norm(wrong)
    try:  # infinities too: a mistake can be a 0/-inf mask
        got, want = np.asarray(answer, dtype=float), np.asarray(wrong, dtype=float)
    except (TypeError, ValueError):
        return False
    inf = np.isinf(want) | np.isinf(got) if got.shape == want.shape else None
    return inf is not None and bool(np.all(got[inf] == want[inf]) and close(got[~inf], want[~inf]))


def _shape_or_none(value: Any) -> tuple[int, ...] | None:
    """Read a shape tuple, or None when it is not one."""
    try:
        return tuple(int(x) for x in value)
    except (TypeError, ValueError):
        return None


def _gap(answer: Any, wrong: Any) -> float:
    """How far a numeric answer is from a wrong answer it matches (0 for words and shapes)."""
    try:
        got, want = np.asarray(answer, dtype=float), np.asarray(wrong, dtype=float)
        finite = np.isfinite(want) & np.isfinite(got)
        return float(np.abs(got[finite] - want[finite]).max(initial=0.0))
    except (TypeError, ValueError):
        return 0.0


def _known_mistake(ex: Exercise, answer: Any) -> Feedback | None:
    """Return the hint of the registered mistake the answer matches (the nearest, when several do)."""
    matches = [(w, message) for wrong, message in ex.mistakes if _same(ex.kind, answer, w := wrong())]
    if not matches:
        return None
    return Feedback(False, f"❌ Not quite: {min(matches, key=lambda m: _gap(answer, m[0]))[1]}")


def check_array(ex: Exercise, answer: Any) -> Feedback:
    """Compare an array answer with the expected array, with specific hints."""
    expected = np.asarray(ex.expected(), dtype=float)
    got = as_numbers(answer)
    if isinstance(got, str):
        return _known_mistake(ex, answer) or Feedback(False, got)
    if close(got, expected):
        exact = np.allclose(got, expected, atol=1e-6, rtol=1e-6)
        return Feedback(True, "✅ Correct!" + ("" if exact else f" (exact values: {_fmt(expected)})"))
    if known := _known_mistake(ex, answer):
        return known
    if got.shape != expected.shape:
        return Feedback(
            False, f"❌ Expected shape {expected.shape}, but your answer has shape {got.shape}. {ex.hint}".strip()
        )
    if slip := rounding_feedback(got, expected) or percentage_feedback(got, expected):
        return slip
    if ex.probabilities:
        if (got < 0).any():
            i = tuple(int(j) for j in np.argwhere(got < 0)[0])
            return Feedback(
                False,
                f"❌ Entry {_at(ex, i)} is {got[i]:.4g}, but probabilities are "
                "never negative. Softmax exponentiates first.",
            )
        sums = got.sum(axis=-1)
        bad = np.argwhere(np.abs(np.atleast_1d(sums) - 1) > TOLERANCE * got.shape[-1])
        if bad.size:
            if got.ndim == 1:
                return Feedback(
                    False,
                    f"❌ Your numbers sum to {float(sums):.4g}, but softmax weights sum to 1, so these are not "
                    "one row of weights (scores, a mixed vector, or a softmax over the wrong axis are not).",
                )
            r = int(bad[0][0])
            return Feedback(
                False,
                f"❌ Row {r} sums to {float(sums[r]):.4g}, but each row of softmax weights sums to 1: softmax each "
                "row on its own (the last axis).",
            )
    if ex.symmetric and got.ndim == 2 and not close(got, got.T):
        i, j = (int(x) for x in np.argwhere(np.abs(got - got.T) > TOLERANCE)[0])
        return Feedback(
            False,
            f"❌ Entry {_at(ex, (i, j))} is {got[i, j]:.4g} but entry "
            f"{_at(ex, (j, i))} is {got[j, i]:.4g}. A dot product does not care "
            "about order, so this matrix must be symmetric.",
        )
    off = np.abs(got - expected) > TOLERANCE
    idx = tuple(int(j) for j in np.argwhere(off)[0])
    return Feedback(
        False,
        f"❌ {int(off.sum())} of {off.size} entries are off; the first is "
        f"{_at(ex, idx)}, where you have {got[idx]:.4g}. {ex.hint}".strip(),
    )


def check_number(ex: Exercise, answer: Any) -> Feedback:
    """Compare a single number, after trying known mistakes."""
    got = as_numbers(answer)
    if isinstance(got, str):
        return Feedback(False, got)
    expected = np.asarray(ex.expected(), dtype=float)
    if got.size == 1 and close(got.reshape(()), expected):
        return Feedback(True, "✅ Correct!")
    if known := _known_mistake(ex, answer):
        return known
    if got.size != 1:
        return Feedback(False, f"❌ Expected a single number, but got shape {got.shape}. {ex.hint}".strip())
    if slip := rounding_feedback(got.reshape(()), expected) or percentage_feedback(got.reshape(()), expected):
        return slip
    return Feedback(False, f"❌ {float(got.reshape(())):g} is not it. {ex.hint}".strip())


def check_shapes(ex: Exercise, answer: Any) -> Feedback:
    """Compare a dict of name -> shape tuple."""
    expected: dict[str, tuple[int, ...]] = ex.expected()
    if not isinstance(answer, Mapping):
        return Feedback(
            False,
            f"❌ Give a dict of name -> shape, like {{'X': (20, 512), ...}}, with the keys {', '.join(expected)}.",
        )
    missing = [k for k in expected if k not in answer]
    if missing:
        return Feedback(False, f"❌ Missing: {', '.join(missing)}. Give a shape for each of {', '.join(expected)}.")
    if known := _known_mistake(ex, answer):
        return known
    for name, shape in expected.items():
        got = _shape_or_none(answer[name])
        if got is None:
            return Feedback(
                False,
                f"❌ The shape of {name} should be a tuple of whole numbers, like (20, 64); got {answer[name]!r}.",
            )
        if got != shape:
            return Feedback(False, f"❌ {name}: you have {got}, which is not right yet. {ex.hint}".strip())
    return Feedback(True, "✅ Correct! Every shape matches.")


def check_words(ex: Exercise, answer: Any) -> Feedback:
    """Compare a collection of words with the expected set (case ignored)."""
    expected = {w.lower() for w in ex.expected()}
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        return Feedback(False, "❌ Give a list of names in quotes, like ['river', 'slopes'] or ['W_V'].")
    got = {str(w).lower() for w in answer}
    extra, missing = sorted(got - expected), sorted(expected - got)
    if not extra and not missing:
        return Feedback(True, "✅ Correct!")
    if known := _known_mistake(ex, answer):
        return known
    parts = []
    if missing:
        parts.append(f"{len(missing)} word(s) missing")
    if extra:
        parts.append(f"these should not be there: {', '.join(extra)}")
    return Feedback(False, f"❌ Not yet: {'; '.join(parts)}. {ex.hint}".strip())


def check_rule(ex: Exercise, answer: Any) -> Feedback:
    """A challenge with many right answers: known mistakes first, then the exercise's own rule."""
    if known := _known_mistake(ex, answer):
        return known
    problem = ex.judge(answer) if ex.judge else "this challenge has no rule to check against"
    if problem:
        return Feedback(False, f"❌ {problem}")
    return Feedback(True, "✅ Correct! (one of many right answers)")


CHECKERS = {
    "array": check_array,
    "number": check_number,
    "shapes": check_shapes,
    "words": check_words,
    "rule": check_rule,
    "function": check_function,
}
