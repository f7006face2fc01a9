"""Notebook 03's exercises and its optional challenge: dot-product similarity.

Each has its reference answer, computed from attnlib, and its likeliest mistakes, each with the
hint that names it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..data import toy
from ..maths.similarity import cosine_similarity_matrix, dot_similarity_matrix, euclidean_distance_matrix
from .answers import CAT, cat_scores
from .engine import register
from .exercise import Exercise
from .rules import as_vector

_JUICE_ROW = "love apple phones juice"
register(
    Exercise(
        "03-juice-scores",
        "Dot products of juice with love, Apple, phones, juice (2-D vectors).",
        "array",
        lambda: dot_similarity_matrix(toy.embed("juice", "2d").vectors, toy.embed(_JUICE_ROW, "2d").vectors)[0],
        hint="juice = (4, 0); for each word (v₁, v₂) the dot product is 4·v₁ + 0·v₂.",
        labels=("love", "Apple", "phones", "juice"),
        mistakes=(
            (
                lambda: dot_similarity_matrix(toy.embed("apple", "2d").vectors, toy.embed(_JUICE_ROW, "2d").vectors)[0],
                "those are Apple's scores; this time the first vector is juice.",
            ),
            (
                lambda: cosine_similarity_matrix(toy.embed("juice", "2d").vectors, toy.embed(_JUICE_ROW, "2d").vectors)[
                    0
                ],
                "those are cosine similarities; the question asks for plain dot products (no dividing by lengths).",
            ),
            (
                lambda: euclidean_distance_matrix(
                    toy.embed("juice", "2d").vectors, toy.embed(_JUICE_ROW, "2d").vectors
                )[0],
                "those are distances |juice - word| (0 for juice itself); the question asks for dot products, "
                "juice · word, which grow as two vectors agree.",
            ),
        ),
    )
)
register(
    Exercise(
        "03-cat-scores",
        "The 3×3 dot-product score matrix S = X Xᵀ of cat, sat, mat.",
        "array",
        cat_scores,
        hint="S[i, j] = vector_i · vector_j; X @ X.T computes them all at once.",
        symmetric=True,
        labels=("cat", "sat", "mat"),
        mistakes=(
            (
                lambda: toy.embed(CAT, "cat_sat_mat").vectors.T @ toy.embed(CAT, "cat_sat_mat").vectors,
                "that is Xᵀ X (2 × 2: feature against feature); the scores are X Xᵀ (word against word).",
            ),
            (
                lambda: cosine_similarity_matrix(toy.embed(CAT, "cat_sat_mat").vectors),
                "those are cosine similarities; the scores are plain dot products (no dividing by lengths).",
            ),
        ),
    )
)
register(
    Exercise(
        "03-cat-mat-cosine",
        "Cosine similarity of cat (1, 2) and mat (2, 3).",
        "number",
        lambda: float(cosine_similarity_matrix(toy.embed("cat mat", "cat_sat_mat").vectors)[0, 1]),
        hint="cos = (cat · mat) / (|cat| |mat|); |v| = sqrt(v · v).",
        mistakes=(
            (lambda: 8.0, "8 is the dot product; divide it by both lengths."),
            (
                lambda: np.sqrt(2.0),
                "that is the distance between cat and mat; the cosine divides the dot product by both lengths.",
            ),
            (lambda: 8.0 / 13, "you divided by |mat|² (13); divide by |cat| · |mat| = √5 · √13."),
            (
                lambda: 8.0 / (5 * 13),
                "you divided by |cat|² · |mat|² (5 · 13); a length is the square root of v · v, so divide by √5 · √13.",
            ),
            (lambda: np.degrees(np.arccos(8 / np.sqrt(65))), "that is the angle in degrees; give its cosine."),
            (lambda: np.arccos(8 / np.sqrt(65)), "that is the angle in radians (np.arccos); give its cosine."),
        ),
    )
)


# --- the challenge (optional) ----------------------------------------------------------------------
def _dot_not_cosine(answer: Any) -> str | None:
    v = as_vector(answer, (2,))
    if isinstance(v, str):
        return v
    apple = toy.lookup("apple", "2d")
    dot = float(v @ apple)
    if dot <= 8:
        return f"v · Apple is {dot:g}; it must be more than phones · Apple = 8."
    if dot / (np.linalg.norm(v) * np.linalg.norm(apple)) >= 1 - 1e-9:
        return "v points exactly where Apple points, so its cosine is 1, like phones'; turn it a little."
    return None


register(
    Exercise(
        "03-challenge-dot-vs-cosine",
        "A 2-D vector with a larger dot product with Apple (2, 2) than phones has, "
        "but a smaller cosine similarity with Apple than phones has.",
        "rule",
        lambda: np.array([5.0, 0.0]),
        judge=_dot_not_cosine,
        mistakes=(
            (lambda: np.array([2.0, 2.0]), "that is phones itself: dot product 8 and cosine 1, a tie on both."),
            (
                lambda: np.array([4.0, 4.0]),
                "(4, 4) has a dot product of 16, but it points where Apple points, so its cosine is 1 too; turn it.",
            ),
        ),
    )
)
