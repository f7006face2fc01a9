"""Checked exercises: `check(exercise_id, answer)` prints ✅ or ❌ with a specific hint.

A wrong answer never raises: whatever the student passes (a list, an array, a number, a
dict, a typo), they get a message. Expected values are computed from `attnlib` itself, so
the exercises follow the toy data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from . import data
from .attention import weighted_sum
from .similarity import similarity_matrix
from .softmax import softmax

NOT_ANSWERED = "⏳ Not answered yet: replace the `...` with your answer, then run the cell again."


class Feedback(NamedTuple):
    """The result of checking an answer: did it pass, and what to tell the student."""

    ok: bool
    message: str


@dataclass(frozen=True)
class Exercise:
    """One exercise: what it asks, how to compute the answer, and how to give hints."""

    id: str
    prompt: str
    kind: str                                  # "array", "number", "shapes" or "words"
    expected: Callable[[], Any]                # computed lazily from attnlib
    hint: str = ""
    atol: float = 1e-6
    rtol: float = 1e-6
    probabilities: bool = False                # rows must be >= 0 and sum to 1
    symmetric: bool = False                    # the matrix must equal its transpose
    labels: tuple[str, ...] = ()               # names of rows/entries for messages
    mistakes: tuple[tuple[Callable[[], Any], str], ...] = field(default_factory=tuple)


def _cat_scores() -> np.ndarray:
    """The cat/sat/mat dot-product similarity matrix (3, 3)."""
    return similarity_matrix(data.embed("cat sat mat", "cat_sat_mat").vectors)


def _apple_prime(context: str) -> np.ndarray:
    """Apple' = 0.1·love + 0.5·apple + 0.4·context with the feature vectors: (8,)."""
    vectors = data.embed(f"love apple {context}").vectors
    return weighted_sum([0.1, 0.5, 0.4], vectors)


BANK_SENTENCE = "The bank by the river has steep slopes"


def _bank_weights() -> dict[str, float]:
    """bank's unscaled, parameter-free attention weights over BANK_SENTENCE, by word."""
    tokens, x = data.embed(BANK_SENTENCE)
    weights = softmax(similarity_matrix(x)[tokens.index("bank")])
    out: dict[str, float] = {}
    for t, w in zip(tokens, weights):
        out[t.lower()] = float(w)   # "The" and "the" share one vector and one weight
    return out


def _qk_scores() -> np.ndarray:
    """(X W_Q)(X W_K)ᵀ for the 2-D 'love apple phones' with seeded random projections."""
    from .multihead import random_projections

    x = data.embed("love apple phones", "2d").vectors
    w_q, w_k, _ = random_projections(2, 2, seed=0)
    return (x @ w_q) @ (x @ w_k).T


def _lookup_keys() -> dict[str, tuple[float, float]]:
    """The keys of the soft look-up widget."""
    from .widgets import LOOKUP_KEYS

    return LOOKUP_KEYS


_EXERCISES: dict[str, Exercise] = {}


def _register(ex: Exercise) -> None:
    """Add an exercise to the registry."""
    _EXERCISES[ex.id] = ex


_register(Exercise(
    "00-dot", "Dot product of (1, 2) and (3, 4).", "number",
    lambda: 11.0,
    hint="Multiply matching entries and add them up: 1·3 + 2·4.",
    mistakes=((lambda: np.array([3.0, 8.0]), "You multiplied the entries; now add them up."),),
))
_register(Exercise(
    "01-watch-average-share", "Tech share of the plain average of all word vectors of 'I love Apple watch'.",
    "number",
    lambda: data.tech_fruit_split(data.embed("I love Apple watch").vectors.mean(axis=0))[0],
    hint="Embed the sentence, average its rows (axis=0), then take Tech / (Tech + Fruit) of that average.",
    atol=5e-3,
    mistakes=((lambda: 0.5, "0.5 is the static Apple alone; average all four words first."),
              (lambda: 100 * data.tech_fruit_split(data.embed("I love Apple watch").vectors.mean(axis=0))[0],
               "Give the share as a fraction between 0 and 1, not a percentage."),),
))
_register(Exercise(
    "01-apple-difference", "Apple's vector in sentence 1 minus apple's vector in sentence 2.", "array",
    lambda: data.embed("I love Apple phones").vectors[2] - data.embed("I love apple juice").vectors[2],
    hint="Embed both sentences, take the row of Apple/apple in each, subtract.",
    labels=data.FEATURES,
    mistakes=((lambda: data.lookup("Apple"), "That is Apple's vector itself; subtract apple's vector from it."),),
))
_register(Exercise(
    "02-watch-prime", "Apple' = 0.1·love + 0.5·Apple + 0.4·watch in 'I love Apple watch' (feature vectors).",
    "array",
    lambda: _apple_prime("watch"),
    hint="Use attnlib.lookup for love, Apple and watch, then add the three scaled vectors.",
    labels=data.FEATURES,
    mistakes=((lambda: _apple_prime("phones"), "That is Apple' next to phones; this time the third word is watch."),),
))
_register(Exercise(
    "02-juice-prime", "juice' = 0.1·love + 0.4·apple + 0.5·juice (feature vectors).", "array",
    lambda: weighted_sum([0.1, 0.4, 0.5], data.embed("love apple juice").vectors),
    hint="Same recipe as Apple', with the weights 0.1, 0.4, 0.5 over love, apple, juice.",
    labels=data.FEATURES,
))
_register(Exercise(
    "02-watch-prime-tech-share", "Tech share of Apple' = 0.1·love + 0.5·Apple + 0.4·watch.", "number",
    lambda: data.tech_fruit_split(_apple_prime("watch"))[0],
    hint="Mix the three vectors first, then take Tech / (Tech + Fruit) of the result.",
    atol=5e-3,
    mistakes=((lambda: 0.5, "0.5 is the static Apple; mix in love and watch first."),
              (lambda: data.tech_fruit_split(_apple_prime("phones"))[0],
               "That is the share next to phones; use watch."),),
))
_register(Exercise(
    "03-juice-scores", "Dot products of juice with love, Apple, phones, juice (2-D vectors).", "array",
    lambda: similarity_matrix(data.embed("juice", "2d").vectors,
                              data.embed("love apple phones juice", "2d").vectors)[0],
    hint="juice = (4, 0); for each word (x, y) the dot product is 4·x + 0·y.",
    labels=("love", "Apple", "phones", "juice"),
    mistakes=((lambda: similarity_matrix(data.embed("apple", "2d").vectors,
                                         data.embed("love apple phones juice", "2d").vectors)[0],
               "Those are Apple's scores; this time the first vector is juice."),),
))
_register(Exercise(
    "03-cat-mat-cosine", "Cosine similarity of cat (1, 2) and mat (2, 3).", "number",
    lambda: float(np.dot(data.CAT_SAT_MAT["cat"], data.CAT_SAT_MAT["mat"])
                  / np.linalg.norm(data.CAT_SAT_MAT["cat"]) / np.linalg.norm(data.CAT_SAT_MAT["mat"])),
    hint="cos = (cat · mat) / (|cat| |mat|); |v| = sqrt(v · v).",
    atol=1e-3,
    mistakes=((lambda: 8.0, "8 is the dot product; divide by both lengths."),),
))
_register(Exercise(
    "03-cat-scores", "The 3×3 dot-product similarity matrix of cat, sat, mat.", "array",
    _cat_scores,
    hint="scores[i, j] = vector_i · vector_j; X @ X.T computes them all at once.",
    symmetric=True, labels=("cat", "sat", "mat"),
))
_register(Exercise(
    "04-cat-softmax", "Softmax of cat's row of similarity scores (cat, sat, mat).", "array",
    lambda: softmax(_cat_scores()[0]),
    hint="Take cat's scores [cat·cat, cat·sat, cat·mat], exponentiate, divide by the sum.",
    probabilities=True, atol=5e-3, labels=("cat", "sat", "mat"),
    mistakes=((lambda: _cat_scores()[0], "These are the raw scores; apply softmax to them."),),
))
_register(Exercise(
    "04-temperature", "softmax([-2, 8, 8]) at temperature 10.", "array",
    lambda: softmax([-2.0, 8.0, 8.0], temperature=10.0),
    hint="Divide the scores by the temperature first, then apply softmax.",
    probabilities=True, atol=5e-3, labels=("love", "Apple", "phones"),
    mistakes=((lambda: softmax([-2.0, 8.0, 8.0]),
               "That is what temperature 1 (or lower) gives; divide the scores by 10 first."),
              (lambda: softmax([-20.0, 80.0, 80.0]), "You multiplied by 10; divide instead."),),
))
_register(Exercise(
    "04-shift", "softmax([101, 102, 103]) (compare with softmax([1, 2, 3])).", "array",
    lambda: softmax([101.0, 102.0, 103.0]),
    hint="Adding the same number to every score does not change softmax.",
    probabilities=True, atol=5e-3,
))
_register(Exercise(
    "05-cat-new", "The new representation of cat: softmax weights times the vectors.", "array",
    lambda: weighted_sum(softmax(_cat_scores()[0]), data.embed("cat sat mat", "cat_sat_mat").vectors),
    hint="cat' = w_cat·cat + w_sat·sat + w_mat·mat with the softmax weights of cat's row.",
    atol=5e-3, labels=("x", "y"),
))
_register(Exercise(
    "05-bank-river-weight", "Weight 'bank' gives 'river' (parameter-free, unscaled attention).", "number",
    lambda: _bank_weights()["river"],
    hint="Embed the sentence, compute bank's row of dot products with every word, softmax it, read river's entry.",
    atol=1e-3,
))
_register(Exercise(
    "06-scores", "Scores (X W_Q)(X W_K)ᵀ for 2-D 'love apple phones', W_Q, W_K from random_projections(2, 2, seed=0).",
    "array",
    lambda: _qk_scores(),
    hint="Q = X @ W_Q, K = X @ W_K, scores = Q @ K.T (no scaling).",
    labels=("love", "apple", "phones"),
    mistakes=((lambda: _qk_scores().T, "That is the transpose: rows are queries, columns are keys."),
              (lambda: similarity_matrix(data.embed("love apple phones", "2d").vectors),
               "Those are the plain dot products; project with W_Q and W_K first."),),
))
_register(Exercise(
    "06-lookup-weights", "Soft look-up weights of the query (2, 0) over the keys fruit, tech, finance.", "array",
    lambda: softmax(np.array(list(_lookup_keys().values())) @ np.array([2.0, 0.0])),
    hint="Score the query against each key with a dot product, then softmax the three scores.",
    probabilities=True, atol=5e-3, labels=("fruit", "tech", "finance"),
))
_register(Exercise(
    "07-scale", "The number the scores are multiplied by, 1/√d_k, for d_k = 32.", "number",
    lambda: 1 / np.sqrt(32),
    hint="Dividing by √d_k is multiplying by 1/√d_k.",
    atol=1e-4,
    mistakes=((lambda: np.sqrt(32), "That is √d_k, what the scores are divided by; give the multiplier 1/√d_k."),
              (lambda: 0.125, "0.125 is for d_k = 64; this time d_k = 32."),),
))
_register(Exercise(
    "07-shapes", "Shapes for 20 words, embedding 512, Q/K/V size 64.", "shapes",
    lambda: {"E": (20, 512), "Q": (20, 64), "K": (20, 64), "V": (20, 64),
             "scores": (20, 20), "output": (20, 64)},
    hint="One row per word; W_Q is (512, 64); scores compare every word with every word.",
))


def exercise_ids() -> list[str]:
    """Return the ids of all registered exercises."""
    return sorted(_EXERCISES)


def expected_answer(exercise_id: str) -> Any:
    """Return the reference answer of an exercise (used by the solutions and the tests)."""
    return _get(exercise_id).expected()


def _get(exercise_id: str) -> Exercise:
    """Return an exercise or raise a KeyError listing the known ids."""
    if exercise_id not in _EXERCISES:
        raise KeyError(f"unknown exercise id {exercise_id!r}; known: {', '.join(exercise_ids())}")
    return _EXERCISES[exercise_id]


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
    if exercise_id not in _EXERCISES:
        close = [i for i in exercise_ids() if i.split("-")[0] == str(exercise_id).split("-")[0]]
        return Feedback(False, f"❌ There is no exercise called {exercise_id!r}. "
                               f"Known ones{' for this notebook' if close else ''}: "
                               f"{', '.join(close or exercise_ids())}.")
    if answer is ... or answer is None:
        return Feedback(False, NOT_ANSWERED)
    ex = _EXERCISES[exercise_id]
    try:
        return _CHECKERS[ex.kind](ex, answer)
    except Exception as exc:  # a student's answer must never produce a traceback from attnlib
        return Feedback(False, f"❌ I couldn't check this answer ({type(exc).__name__}: {exc}). "
                               f"{ex.hint}".strip())


def check(exercise_id: str, answer: Any) -> None:
    """Check a student's answer and print ✅ or ❌ with a hint (never raises on a wrong answer)."""
    print(evaluate(exercise_id, answer).message)
_register(Exercise(
    "08-bank-words", "Words (other than bank) that 'bank' attends to more than to 'the'.", "words",
    lambda: [w for w, x in _bank_weights().items() if w not in ("bank", "the") and x > _bank_weights()["the"]],
    hint="Compute bank's attention weights over the sentence and keep the words above 'the'.",
))
_register(Exercise(
    "08-score-count", "How many attention scores does one head compute for 50 words?", "number",
    lambda: 50 * 50,
    hint="Every word scores every word, itself included.",
    mistakes=((lambda: 50 * 49, "Each word also scores itself."),
              (lambda: 50, "That is one per word; it is one per pair.")),
))
_register(Exercise(
    "09-head-size", "Size of each head for d_model = 384 and 12 heads (all-MiniLM-L6-v2).", "number",
    lambda: 384 // 12,
    hint="The heads split d_model evenly.",
    mistakes=((lambda: 64, "64 is the paper's head size (512 / 8); here d_model = 384 and there are 12 heads."),),
))
_register(Exercise(
    "09-causal-mask", "The 5×5 causal mask (1 = may attend, 0 = blocked).", "array",
    lambda: np.tril(np.ones((5, 5))),
    hint="Word i may attend to words 0..i: ones on and below the diagonal.",
    mistakes=((lambda: np.triu(np.ones((5, 5))), "That lets words see the future; flip it (lower triangle)."),),
))
