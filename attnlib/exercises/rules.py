"""Helpers for the challenges' rules (kind "rule"): read an answer as a vector or as a sentence of known
words, or say, as the hint, what is wrong with it."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..data import toy
from .checkers import as_numbers


def as_vector(answer: Any, shape: tuple[int, ...]) -> np.ndarray | str:
    """The answer as an array of the given shape, or a hint saying what is wrong."""
    got = as_numbers(answer)
    if isinstance(got, str):
        return got.removeprefix("❌ ")
    if got.shape != shape:
        return f"give {'a matrix' if len(shape) == 2 else 'numbers'} of shape {shape}; yours has shape {got.shape}."
    return got


def as_sentence(answer: Any) -> list[str] | str:
    """The answer's words, or a hint when it is not a sentence of known words."""
    if not isinstance(answer, str):
        return "give the sentence as one string, like 'I love Apple juice'."
    tokens = toy.tokenize(answer)
    unknown = [t for t in tokens if t.lower() not in toy.known_words()]
    if unknown:
        return f"I don't know {', '.join(map(repr, unknown))}; the known words are {', '.join(toy.known_words())}."
    return tokens
