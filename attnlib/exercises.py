"""Checked exercises, the engine: `check(exercise_id, answer)` prints ✅ or ❌ with a specific hint.

A wrong answer never raises: whatever the student passes (a list, an array, a number, a
dict, a typo), they get a message. The exercises themselves, with their reference answers
computed from `attnlib`, are in attnlib.catalogue, grouped by notebook.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

NOT_ANSWERED = "⏳ Not answered yet: replace the `...` with your answer, then run the cell again."


class Feedback(NamedTuple):
    """The result of checking an answer: did it pass, and what to tell the student."""

    ok: bool
    message: str


@dataclass(frozen=True)
class Exercise:
    """One exercise: what it asks, how to compute the answer, and how to give hints."""

    id: str
    prompt: str                                # shown when the answer is still `...`
    kind: str                                  # "array", "number", "shapes" or "words"
    expected: Callable[[], Any]                # computed lazily from attnlib
    hint: str = ""
    atol: float = 1e-6
    rtol: float = 1e-6
    probabilities: bool = False                # rows must be >= 0 and sum to 1
    symmetric: bool = False                    # the matrix must equal its transpose
    labels: tuple[str, ...] = ()               # names of rows/entries for messages
    mistakes: tuple[tuple[Callable[[], Any], str], ...] = field(default_factory=tuple)


_EXERCISES: dict[str, Exercise] = {}


def register(ex: Exercise) -> Exercise:
    """Add an exercise to the registry (the catalogue does this for every exercise); return it."""
    if ex.id in _EXERCISES:
        raise ValueError(f"exercise id {ex.id!r} is registered twice")
    _EXERCISES[ex.id] = ex
    return ex


def _registry() -> dict[str, Exercise]:
    """Return the registry, loading the catalogue on first use."""
    from . import catalogue  # noqa: F401 - importing it registers every exercise

    return _EXERCISES


def exercise_ids() -> list[str]:
    """Return the ids of all registered exercises."""
    return sorted(_registry())


def expected_answer(exercise_id: str) -> Any:
    """Return the reference answer of an exercise (used by the solutions and the tests)."""
    return _get(exercise_id).expected()


def _get(exercise_id: str) -> Exercise:
    """Return an exercise or raise a KeyError listing the known ids."""
    if exercise_id not in _registry():
        raise KeyError(f"unknown exercise id {exercise_id!r}; known: {', '.join(exercise_ids())}")
    return _registry()[exercise_id]


def _fmt(a: np.ndarray) -> str:
    """Format numbers compactly for messages."""
    return np.array2string(np.asarray(a), precision=4, suppress_small=True, separator=", ")


def _at(ex: Exercise, index: tuple[int, ...]) -> str:
    """Name an entry: '[1, 2] (sat · mat)' when labels are known."""
    text = str(list(index)) if len(index) != 1 else f"[{index[0]}]"
    if ex.labels and len(index) == 1 and index[0] < len(ex.labels):
        text += f" ({ex.labels[index[0]]})"
    elif ex.labels and len(index) == 2 and max(index) < len(ex.labels):
        text += f" ({ex.labels[index[0]]} · {ex.labels[index[1]]})"
    return text


def _as_numbers(answer: Any) -> np.ndarray | str:
    """Return the answer as a float array, or a message saying why it isn't one."""
    try:
        arr = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return (f"❌ I couldn't read your answer as numbers (got {type(answer).__name__}). "
                "Give a number, a list of numbers, or a numpy array.")
    if np.isnan(arr).any():
        return "❌ Your answer contains NaN. Did a division by zero or an overflow happen?"
    return arr


def _check_array(ex: Exercise, answer: Any) -> Feedback:
    """Compare an array answer with the expected array, with specific hints."""
    expected = np.asarray(ex.expected(), dtype=float)
    got = _as_numbers(answer)
    if isinstance(got, str):
        return Feedback(False, got)
    if got.shape != expected.shape:
        return Feedback(False, f"❌ Expected shape {expected.shape}, but your answer has shape "
                               f"{got.shape}. {ex.hint}".strip())
    for wrong, message in ex.mistakes:
        if np.allclose(got, wrong(), atol=ex.atol, rtol=ex.rtol) and not np.allclose(
                got, expected, atol=ex.atol, rtol=ex.rtol):
            return Feedback(False, f"❌ Close: {message}")
    if ex.probabilities:
        if (got < 0).any():
            i = tuple(int(j) for j in np.argwhere(got < 0)[0])
            return Feedback(False, f"❌ Entry {_at(ex, i)} is {got[i]:.4g}, but probabilities are "
                                   "never negative. Softmax exponentiates first.")
        sums = got.sum(axis=-1)
        bad = np.argwhere(np.abs(np.atleast_1d(sums) - 1) > max(ex.atol * got.shape[-1], 1e-6))
        if bad.size:
            if got.ndim == 1:
                return Feedback(False, f"❌ Your numbers sum to {float(sums):.4g}, but softmax "
                                       "outputs sum to 1. Did you divide by the sum of the exponentials?")
            r = int(bad[0][0])
            return Feedback(False, f"❌ Row {r} sums to {float(sums[r]):.4g}, but softmax rows sum "
                                   "to 1. Did you divide by the row's sum?")
    if ex.symmetric and got.ndim == 2 and not np.allclose(got, got.T, atol=ex.atol, rtol=ex.rtol):
        i, j = (int(x) for x in np.argwhere(~np.isclose(got, got.T, atol=ex.atol, rtol=ex.rtol))[0])
        return Feedback(False, f"❌ Entry {_at(ex, (i, j))} is {got[i, j]:.4g} but entry "
                               f"{_at(ex, (j, i))} is {got[j, i]:.4g}. A dot product does not care "
                               "about order, so this matrix must be symmetric.")
    close = np.isclose(got, expected, atol=ex.atol, rtol=ex.rtol)
    if not close.all():
        idx = tuple(int(j) for j in np.argwhere(~close)[0])
        n_bad = int((~close).sum())
        return Feedback(False, f"❌ {n_bad} of {close.size} entries are off; the first is "
                               f"{_at(ex, idx)}, where you have {got[idx]:.4g}. {ex.hint}".strip())
    exact = np.allclose(got, expected, atol=1e-6, rtol=1e-6)
    note = "" if exact else f" (to the precision asked; exact values: {_fmt(expected)})"
    return Feedback(True, f"✅ Correct!{note}")


def _check_number(ex: Exercise, answer: Any) -> Feedback:
    """Compare a single number, after trying known mistakes."""
    got = _as_numbers(answer)
    if isinstance(got, str):
        return Feedback(False, got)
    for wrong, message in ex.mistakes:
        w = np.asarray(wrong(), dtype=float)
        if got.shape == w.shape and np.allclose(got, w, atol=ex.atol, rtol=ex.rtol):
            return Feedback(False, f"❌ Close: {message}")
    if got.size != 1:
        return Feedback(False, f"❌ Expected a single number, but got shape {got.shape}. {ex.hint}".strip())
    if np.isclose(float(got.reshape(())), float(ex.expected()), atol=ex.atol, rtol=ex.rtol):
        return Feedback(True, "✅ Correct!")
    return Feedback(False, f"❌ {float(got.reshape(())):g} is not it. {ex.hint}".strip())


def _check_shapes(ex: Exercise, answer: Any) -> Feedback:
    """Compare a dict of name -> shape tuple."""
    expected: dict[str, tuple[int, ...]] = ex.expected()
    if not isinstance(answer, Mapping):
        return Feedback(False, "❌ Give a dict of name -> shape, like {'E': (20, 512), ...}, "
                               f"with the keys {', '.join(expected)}.")
    missing = [k for k in expected if k not in answer]
    if missing:
        return Feedback(False, f"❌ Missing: {', '.join(missing)}. Give a shape for each of "
                               f"{', '.join(expected)}.")
    for name, shape in expected.items():
        try:
            got = tuple(int(x) for x in answer[name])
        except (TypeError, ValueError):
            return Feedback(False, f"❌ The shape of {name} should be a tuple of whole numbers, "
                                   f"like (20, 64); got {answer[name]!r}.")
        if got != shape:
            return Feedback(False, f"❌ {name}: you have {got}, which is not right yet. {ex.hint}".strip())
    return Feedback(True, "✅ Correct! Every shape matches.")


def _check_words(ex: Exercise, answer: Any) -> Feedback:
    """Compare a collection of words with the expected set (case ignored)."""
    expected = {w.lower() for w in ex.expected()}
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        return Feedback(False, "❌ Give a list of words, like ['river', 'slopes'].")
    got = {str(w).lower() for w in answer}
    extra, missing = sorted(got - expected), sorted(expected - got)
    if not extra and not missing:
        return Feedback(True, "✅ Correct!")
    parts = []
    if missing:
        parts.append(f"{len(missing)} word(s) missing")
    if extra:
        parts.append(f"these should not be there: {', '.join(extra)}")
    return Feedback(False, f"❌ Not yet: {'; '.join(parts)}. {ex.hint}".strip())


_CHECKERS = {"array": _check_array, "number": _check_number, "shapes": _check_shapes,
             "words": _check_words}


def evaluate(exercise_id: str, answer: Any) -> Feedback:
    """Check an answer and return Feedback(ok, message) without printing."""
    if exercise_id not in _registry():
        close = [i for i in exercise_ids() if i.split("-")[0] == str(exercise_id).split("-")[0]]
        return Feedback(False, f"❌ There is no exercise called {exercise_id!r}. "
                               f"Known ones{' for this notebook' if close else ''}: "
                               f"{', '.join(close or exercise_ids())}.")
    if answer is ... or answer is None:
        return Feedback(False, f"{NOT_ANSWERED}\n   Exercise {exercise_id}: {_registry()[exercise_id].prompt}")
    ex = _registry()[exercise_id]
    try:
        return _CHECKERS[ex.kind](ex, answer)
    except Exception as exc:  # a student's answer must never produce a traceback from attnlib
        return Feedback(False, f"❌ I couldn't check this answer ({type(exc).__name__}: {exc}). "
                               f"{ex.hint}".strip())


def check(exercise_id: str, answer: Any) -> None:
    """Check a student's answer and print ✅ or ❌ with a hint (never raises on a wrong answer)."""
    print(evaluate(exercise_id, answer).message)
