"""Notebook 06's exercises and its optional challenge: query, key and value.

Each has its reference answer, computed from attnlib, and its likeliest mistakes, each with the
hint that names it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..data import toy
from ..maths.similarity import dot_similarity_matrix
from ..maths.softmax import softmax
from .answers import lookup_blend, qk_scores
from .engine import register
from .exercise import Exercise
from .rules import as_vector

register(
    Exercise(
        "06-scores",
        "Unscaled scores S = (X W_Q)(X W_K)ᵀ (no division by √d_k: pass scale=1.0 if you use al.attention_scores) "
        "for 2-D 'love apple phones', with W_Q, W_K, _ = al.random_projections(2, 2, seed=0).",
        "array",
        qk_scores,
        hint="Q = X @ W_Q, K = X @ W_K, S = Q @ K.T (no scaling).",
        labels=("love", "apple", "phones"),
        mistakes=(
            (lambda: qk_scores().T, "that is the transpose: rows are queries, columns are keys."),
            (
                lambda: dot_similarity_matrix(toy.embed("love apple phones", "2d").vectors),
                "those are the plain dot products X Xᵀ; project with W_Q and W_K first.",
            ),
            (lambda: qk_scores(keys=0), "you used W_Q for the keys too: the keys are K = X @ W_K, and S = Q @ K.T."),
            (
                lambda: qk_scores(queries=1),
                "you used W_K for the queries too: the queries are Q = X @ W_Q, and S = Q @ K.T.",
            ),
            (
                lambda: qk_scores(keys=2),
                "you made the keys with W_V; W_V makes the values, what is mixed after the softmax. K = X @ W_K.",
            ),
            (lambda: qk_scores() / np.sqrt(2), "these are divided by √d_k = √2; the question asks for S unscaled."),
            (
                lambda: softmax(qk_scores()),
                "rows that add up to 1 are the weights A; the question asks for the scores S, before softmax.",
            ),
        ),
    )
)
register(
    Exercise(
        "06-lookup-weights",
        "Soft look-up weights of the query (2, 0) over the keys fruit, tech, finance.",
        "array",
        lambda: lookup_blend((2.0, 0.0))[0],
        hint="Score the query against each key with a dot product, then softmax the three scores.",
        probabilities=True,
        labels=("fruit", "tech", "finance"),
        mistakes=(
            (
                lambda: lookup_blend((2.0, 0.0))[1],
                "these are the blended values (Fruit, Tech, Money); the question asks for the weights.",
            ),
            (
                lambda: np.array(list(toy.LOOKUP_KEYS.values())) @ np.array([2.0, 0.0]),
                "these are the raw scores; softmax them.",
            ),
            (
                lambda: np.stack(lookup_blend((2.0, 0.0))),
                "al.soft_lookup returns (weights, value); answer with the first of the two.",
            ),
        ),
    )
)


# --- the challenge (optional) ----------------------------------------------------------------------
def _to_love(answer: Any) -> str | None:
    w_q = as_vector(answer, (2, 2))
    if isinstance(w_q, str):
        return w_q
    x = toy.embed("love apple phones", "2d").vectors
    scores = (x[1] @ w_q) @ x.T  # W_K is the identity: the keys are the rows of X
    if scores[0] <= max(scores[1:]) + 1e-9:
        return (
            f"apple's scores are love {scores[0]:g}, apple {scores[1]:g}, phones {scores[2]:g}; love's must be "
            f"the largest. apple's query is {np.round(x[1] @ w_q, 4)}: point it towards love (-4, 3)."
        )
    return None


register(
    Exercise(
        "06-challenge-attend-to-love",
        "A 2 × 2 W_Q such that, with W_K = I and the 2-D 'love apple phones', "
        "apple's query gives its largest score to love.",
        "rule",
        lambda: np.array([[-1.0, 0.0], [0.0, 0.0]]),
        judge=_to_love,
        hint="apple's score with each word is (apple W_Q) · word: choose W_Q so that apple's query points "
        "the way love's vector does (try flipping a sign).",
        mistakes=(
            (lambda: np.eye(2), "with W_Q = I the query is apple itself: scores -2, 8, 8 (the plain dot products)."),
            (lambda: np.zeros((2, 2)), "with W_Q = 0 every score is 0: a tie, not a winner."),
        ),
    )
)
