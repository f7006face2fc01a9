"""The optional challenge of each notebook: harder, and not answered by re-running a lesson cell.

Most have many right answers, so a rule (kind "rule") checks them: the judge returns None or a hint.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import data
from ._answers import _apple_on_phones, _love_weight, _mean_share, _mix_share, _on_phones, _peaky_dk
from ._checkers import as_numbers
from .exercises import Exercise, register


def _vector(answer: Any, shape: tuple[int, ...]) -> np.ndarray | str:
    """The answer as an array of the given shape, or a hint saying what is wrong."""
    got = as_numbers(answer)
    if isinstance(got, str):
        return got.removeprefix("❌ ")
    if got.shape != shape:
        return f"give {'a matrix' if len(shape) == 2 else 'numbers'} of shape {shape}; yours has shape {got.shape}."
    return got


def _words(answer: Any) -> list[str] | str:
    """The answer's words, or a hint when it is not a sentence of known words."""
    if not isinstance(answer, str):
        return "give the sentence as one string, like 'I love Apple juice'."
    tokens = data.tokenize(answer)
    unknown = [t for t in tokens if t.lower() not in data.known_words()]
    if unknown:
        return f"I don't know {', '.join(map(repr, unknown))}; the known words are {', '.join(data.known_words())}."
    return tokens


# --- notebook 00 ----------------------------------------------------------------------------------
def _orthogonal(answer: Any) -> str | None:
    v = _vector(answer, (2,))
    if isinstance(v, str):
        return v
    if np.allclose(v, 0):
        return "(0, 0) has a zero dot product with everything; find a non-zero vector."
    if abs(v @ [1.0, 2.0]) > 1e-9:
        return (f"its dot product with (1, 2) is {v @ [1.0, 2.0]:g}, not 0. "
                "Try swapping the entries and flipping one sign.")
    return None


register(Exercise(
    "00-challenge-orthogonal", "A non-zero 2-D vector whose dot product with (1, 2) is 0.", "rule",
    lambda: np.array([2.0, -1.0]), judge=_orthogonal,
    mistakes=((lambda: np.array([0.0, 0.0]), "(0, 0) has a zero dot product with everything; find a non-zero vector."),
              (lambda: np.array([2.0, 1.0]), "(2, 1) · (1, 2) = 4: you swapped the entries; now flip one sign."),),
))


# --- notebook 01 ----------------------------------------------------------------------------------
def _fruity_average(answer: Any) -> str | None:
    tokens = _words(answer)
    if isinstance(tokens, str):
        return tokens
    if "apple" not in [t.lower() for t in tokens]:
        return "the sentence must contain Apple."
    share = _mean_share(tokens)
    if share >= 0.25:
        return (f"its plain average has a Tech share of {share:.3f}; it must be below 0.25. "
                "Which words have Fruit and no Tech? A word may appear more than once.")
    return None


register(Exercise(
    "01-challenge-fruity-average", "A sentence of known words (a word may appear more than once), containing "
    "Apple, whose plain average (the mean of the rows of X) has a Tech share below 0.25.", "rule",
    lambda: "Apple juice juice", judge=_fruity_average,
    mistakes=((lambda: "I love apple juice",
               f"that is the lesson's sentence (Tech share {_mean_share('I love apple juice'):.2f}); more Fruit!"),
              (lambda: "juice juice", "the sentence must contain Apple."),),
))


# --- notebook 02 ----------------------------------------------------------------------------------
def _fruity_mix(answer: Any) -> str | None:
    w = _vector(answer, (3,))
    if isinstance(w, str):
        return w
    if (w < 0).any():
        return "mixing weights are never negative."
    if abs(w.sum() - 1) > 0.005:
        return f"your weights add up to {w.sum():g}; mixing weights add up to 1."
    if w[1] < 0.5:
        return f"Apple keeps only {w[1]:g} of itself; it must keep at least 0.5."
    share = _mix_share(list(w))
    if share >= 0.28:
        return f"Apple' has a Tech share of {share:.3f}; it must be below 0.28. Which word has Fruit and no Tech?"
    return None


register(Exercise(
    "02-challenge-fruity-mix", "Mixing weights (love, Apple, juice), each >= 0 and adding up to 1, with Apple "
    "keeping at least 0.5, that give Apple' a Tech share below 0.28.", "rule",
    lambda: np.array([0.0, 0.5, 0.5]), judge=_fruity_mix,
    mistakes=((lambda: np.array([0.1, 0.5, 0.4]),
               f"the guide's weights give a Tech share of {_mix_share([0.1, 0.5, 0.4]):.3f}; move weight to juice."),
              (lambda: np.array([0.0, 0.0, 1.0]), "Apple keeps none of itself; it must keep at least 0.5."),),
))


# --- notebook 03 ----------------------------------------------------------------------------------
def _dot_not_cosine(answer: Any) -> str | None:
    v = _vector(answer, (2,))
    if isinstance(v, str):
        return v
    apple = data.lookup("apple", "2d")
    dot = float(v @ apple)
    if dot <= 8:
        return f"v · Apple is {dot:g}; it must be more than phones · Apple = 8."
    if dot / (np.linalg.norm(v) * np.linalg.norm(apple)) >= 1 - 1e-9:
        return "v points exactly where Apple points, so its cosine is 1, like phones'; turn it a little."
    return None


register(Exercise(
    "03-challenge-dot-vs-cosine", "A 2-D vector with a larger dot product with Apple (2, 2) than phones has, "
    "but a smaller cosine similarity with Apple than phones has.", "rule",
    lambda: np.array([5.0, 0.0]), judge=_dot_not_cosine,
    mistakes=((lambda: np.array([2.0, 2.0]), "that is phones itself: dot product 8 and cosine 1, a tie on both."),
              (lambda: np.array([4.0, 4.0]), "(4, 4) has a dot product of 16, but it points where Apple points, "
               "so its cosine is 1 too; turn it."),),
))


# --- notebook 04 ----------------------------------------------------------------------------------
def _warm(answer: Any) -> str | None:
    t = _vector(answer, ())
    if isinstance(t, str):
        return "give the temperature as one number."
    if t <= 0:
        return "temperatures are positive."
    if _love_weight(float(t)) <= 0.2:
        return (f"at T = {float(t):g} love gets {_love_weight(float(t)):.3f}; it needs more than 0.2. "
                "Which way flattens softmax?")
    return None


register(Exercise(
    "04-challenge-temperature", "A temperature T at which love's weight in softmax([-2, 8, 8] / T) is above 0.2.",
    "rule", lambda: 20.0, judge=_warm,
    mistakes=((lambda: 10.0, f"at T = 10 (the exercise above) love gets only {_love_weight(10.0):.3f}; go higher."),
              (lambda: 0.1, "a small temperature sharpens softmax: love gets almost nothing. Go the other way."),),
))


# --- notebook 05 ----------------------------------------------------------------------------------
_ORIGINAL = ["i", "love", "apple", "phones"]


def _extra_word(answer: Any) -> str | None:
    tokens = _words(answer)
    if isinstance(tokens, str):
        return tokens
    lower = [t.lower() for t in tokens]
    if not any(lower[:k] + lower[k + 1:] == _ORIGINAL for k in range(len(lower))):
        return "add exactly one word to 'I love Apple phones' and keep the rest as it is."
    if "Apple" not in tokens:
        return "keep Apple with a capital A: it is the word whose attention we follow."
    weight = _apple_on_phones(tokens)
    if weight >= 0.25:
        return f"Apple now gives phones {weight:.3f}; it must be below 0.25. Which words compete with phones for Apple?"
    return None


register(Exercise(
    "05-challenge-extra-word", "Add one known word to 'I love Apple phones' so that, with A = softmax(X Xᵀ) "
    "(unscaled, 8-feature vectors), Apple's total weight on phones falls below 0.25.", "rule",
    lambda: "I love Apple phones juice", judge=_extra_word,
    mistakes=((lambda: "I love Apple phones", f"that is the sentence as it is ({_on_phones():.3f}); add one word."),
              (lambda: "I love Apple phones phones",
               f"a second phones raises Apple's total on phones to {_on_phones('phones'):.2f}: both phones count."),),
))


# --- notebook 06 ----------------------------------------------------------------------------------
def _to_love(answer: Any) -> str | None:
    w_q = _vector(answer, (2, 2))
    if isinstance(w_q, str):
        return w_q
    x = data.embed("love apple phones", "2d").vectors
    scores = (x[1] @ w_q) @ x.T          # W_K is the identity: the keys are the rows of X
    if scores[0] <= max(scores[1:]) + 1e-9:
        return (f"apple's scores are love {scores[0]:g}, apple {scores[1]:g}, phones {scores[2]:g}; love's must be "
                f"the largest. apple's query is {np.round(x[1] @ w_q, 4)}: point it towards love (-4, 3).")
    return None


register(Exercise(
    "06-challenge-attend-to-love", "A 2 × 2 W_Q such that, with W_K = I and the 2-D 'love apple phones', "
    "apple's query gives its largest score to love.", "rule",
    lambda: np.array([[-1.0, 0.0], [0.0, 0.0]]), judge=_to_love,
    hint="apple's score with each word is (apple W_Q) · word: choose W_Q so that apple's query points "
         "the way love's vector does (try flipping a sign).",
    mistakes=((lambda: np.eye(2), "with W_Q = I the query is apple itself: scores -2, 8, 8 (the plain dot products)."),
              (lambda: np.zeros((2, 2)), "with W_Q = 0 every score is 0: a tie, not a winner."),),
))


# --- notebooks 07, 08, 09: one right answer each ----------------------------------------------------
register(Exercise(
    "07-challenge-peaky-dk", "Query and key 1 all ones, key 2 all 0.5, key 3 all zeros, of length d_k: the "
    "smallest d_k at which unscaled softmax(q·k) puts more than 99% on key 1.", "number",
    lambda: _peaky_dk(),
    hint="q·k_1 = d_k, q·k_2 = d_k/2, q·k_3 = 0: try d_k = 1, 2, 3, ... until key 1 gets more than 0.99.",
    mistakes=((lambda: _peaky_dk(scale=True), "that is with scaling by 1/√d_k; this time the scores are unscaled."),
              (lambda: _peaky_dk() - 1, f"at d_k = {_peaky_dk() - 1} key 1 gets just under 99%; one more."),),
))
register(Exercise(
    "08-challenge-crossover", "With d = 64, attention's work is 2n²d for the scores and the mixing plus 3nd² "
    "for the projections X W_Q, X W_K, X W_V: the smallest whole n at which the n² part is the larger.", "number",
    lambda: next(n for n in range(1, 10_000) if 2 * n * n * 64 > 3 * n * 64**2),
    hint="Compare 2n²d with 3nd²: divide both by nd, or simply try n in a loop.",
    mistakes=((lambda: 65, "65 is where attention overtakes the RNN's 2nd²; compare with the projections' 3nd²."),
              (lambda: 96, "at n = 96 the two parts are equal; the question asks for larger."),),
))
register(Exercise(
    "09-challenge-neighbour-mask", "The 6×6 mask (1 = may attend) that lets each word see only itself and its "
    "immediate neighbours.", "array",
    lambda: np.tril(np.triu(np.ones((6, 6)), -1), 1),
    hint="Word i may attend to words i - 1, i and i + 1: a band of width 3 around the diagonal.",
    mistakes=((lambda: np.tril(np.ones((6, 6))), "that is the causal mask; this one lets each word see one word on "
               "each side, and no further."),
              (lambda: np.tril(np.triu(np.ones((6, 6)), -1), 1) - np.eye(6),
               "each word also sees itself: keep the diagonal."),),
))
