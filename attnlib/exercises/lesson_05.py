"""Notebook 05's exercises and its optional challenge: self-attention from scratch.

Each has its reference answer, computed from attnlib, and its likeliest mistakes, each with the
hint that names it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..data import toy
from ..maths.similarity import cosine_similarity_matrix, dot_similarity_matrix
from ..maths.softmax import softmax
from .answers import CAT, apple_on_phones, bank_attention, cat_prime, cat_scores, on_phones
from .engine import register
from .exercise import Exercise
from .rules import as_sentence


def _scores_over_sum(scores: np.ndarray) -> np.ndarray:
    """The slip of normalising scores without exponentiating them: (n,)."""
    return scores / scores.sum()


register(
    Exercise(
        "05-cat-new",
        "cat' = the softmax weights of cat's row of unscaled scores (scale=1.0) times the vectors of cat, sat, mat.",
        "array",
        lambda: cat_prime(),
        hint="cat' = A[cat, cat]·cat + A[cat, sat]·sat + A[cat, mat]·mat, with A = softmax of cat's scores.",
        labels=("first coordinate", "second coordinate"),
        mistakes=(
            (
                lambda: cat_scores()[0] @ toy.embed(CAT, "cat_sat_mat").vectors,
                "you mixed with the raw scores; softmax them first, so that the weights add up to 1.",
            ),
            (
                lambda: softmax(cat_scores()[0]),
                "those are cat's three weights A[0]; now mix the vectors with them: "
                "A[0, 0]·cat + A[0, 1]·sat + A[0, 2]·mat (2 numbers).",
            ),
            (
                lambda: _scores_over_sum(cat_scores()[0]) @ toy.embed(CAT, "cat_sat_mat").vectors,
                "you divided the scores by their sum to get weights; softmax exponentiates them first.",
            ),
            (
                lambda: toy.embed(CAT, "cat_sat_mat").vectors.mean(axis=0),
                "that is the plain average (every weight 1/3); use the softmax weights of cat's row.",
            ),
            (
                lambda: cat_prime(scale=1 / np.sqrt(2)),
                "that is scaled by 1/√2 (al.attention's default); this exercise is unscaled: pass scale=1.0.",
            ),
            *(
                (
                    lambda i=i: toy.embed(CAT, "cat_sat_mat").vectors[i],
                    f"that is {word}'s own vector; cat' mixes all three vectors, each times its weight.",
                )
                for i, word in enumerate(("cat", "sat", "mat"))
            ),
        ),
    )
)
_BANK = 1  # bank is word 1 of 'The bank by the river has steep slopes'
register(
    Exercise(
        "05-bank-row",
        "Bank's row of A = softmax(X Xᵀ), unscaled (scale=1.0), parameter-free attention over "
        "'The bank by the river has steep slopes': 8 weights, one per word.",
        "array",
        lambda: bank_attention()[1][_BANK],
        hint="Embed the sentence, take bank's row of dot products with every word, and softmax it.",
        probabilities=True,
        labels=tuple(toy.BANK_SENTENCE.split()),
        mistakes=(
            (
                lambda: bank_attention(1 / np.sqrt(8))[1][_BANK],
                "that is with scaling by 1/√d; this exercise is unscaled: pass scale=1.0 (section 3 warns about it).",
            ),
            (
                lambda: bank_attention()[1][:, _BANK],
                "that is bank's column: how much each word gives bank (softmax over axis 0 gives it too). "
                "Softmax each row (the last axis) and read bank's row, A[1].",
            ),
            (
                lambda: dot_similarity_matrix(toy.embed(toy.BANK_SENTENCE).vectors)[_BANK],
                "those are bank's scores (dot products); softmax them into weights.",
            ),
            (
                lambda: softmax(cosine_similarity_matrix(toy.embed(toy.BANK_SENTENCE).vectors)[_BANK]),
                "you softmaxed cosine similarities; attention's scores are plain dot products, X Xᵀ.",
            ),
            *(
                (
                    lambda r=r: bank_attention()[1][r],
                    f"that is {word}; bank's row is A[1] (count from 0: The is 0, bank 1).",
                )
                for r, word in (
                    (0, "The's row (by's, the's and has's are the same)"),
                    (4, "river's row"),
                    (6, "steep's row"),
                )
            ),
            (lambda: bank_attention()[1], "that is the whole matrix A; give only bank's row, A[1] (8 numbers)."),
            (
                lambda: (bank_attention()[1] @ toy.embed(toy.BANK_SENTENCE).vectors)[_BANK],
                "that is bank's new vector A[1] @ X (8 features); the exercise asks for its 8 weights, one per "
                "word: A[1].",
            ),
            (
                lambda: _scores_over_sum(dot_similarity_matrix(toy.embed(toy.BANK_SENTENCE).vectors)[_BANK]),
                "you divided the scores by their sum; softmax exponentiates them first.",
            ),
        ),
    )
)


# --- the challenge (optional) ----------------------------------------------------------------------
_ORIGINAL = ["i", "love", "apple", "phones"]


def _extra_word(answer: Any) -> str | None:
    tokens = as_sentence(answer)
    if isinstance(tokens, str):
        return tokens
    lower = [t.lower() for t in tokens]
    if not any(lower[:k] + lower[k + 1 :] == _ORIGINAL for k in range(len(lower))):
        return "add exactly one word to 'I love Apple phones' and keep the rest as it is."
    if "Apple" not in tokens:
        return "keep Apple with a capital A: it is the word whose attention we follow."
    weight = apple_on_phones(tokens)
    if weight >= 0.25:
        return f"Apple now gives phones {weight:.3f}; it must be below 0.25. Which words compete with phones for Apple?"
    return None


register(
    Exercise(
        "05-challenge-extra-word",
        "Add one known word to 'I love Apple phones' so that, with A = softmax(X Xᵀ) "
        "(unscaled: scale=1.0 in al.attention; 8-feature vectors), Apple's total weight on phones falls below 0.25.",
        "rule",
        lambda: "I love Apple phones juice",
        judge=_extra_word,
        mistakes=(
            (lambda: "I love Apple phones", f"that is the sentence as it is ({on_phones():.3f}); add one word."),
            (
                lambda: "I love Apple phones phones",
                f"a second phones raises Apple's total on phones to {on_phones('phones'):.2f}: both phones count.",
            ),
        ),
    )
)
