"""Small computations shared by the reference answers of several lessons' exercises and challenges."""

from __future__ import annotations

import numpy as np

from ..data import toy as data
from ..maths.attention import weighted_sum
from ..maths.multihead import random_projections
from ..maths.similarity import dot_similarity_matrix
from ..maths.softmax import softmax

CAT = "cat sat mat"


def cat_scores() -> np.ndarray:
    """S = X Xᵀ for cat, sat, mat (3, 3)."""
    return dot_similarity_matrix(data.embed(CAT, "cat_sat_mat").vectors)


def cat_prime(scale: float = 1.0) -> np.ndarray:
    """cat' = softmax(scale · cat's row of S) @ X for cat, sat, mat: (2,)."""
    return weighted_sum(softmax(scale * cat_scores()[0]), data.embed(CAT, "cat_sat_mat").vectors)


def mix(words: str, weights: list[float]) -> np.ndarray:
    """weights[0]·word_0 + weights[1]·word_1 + ... with the feature vectors: (8,)."""
    return weighted_sum(weights, data.embed(words).vectors)


def bank_attention(scale: float = 1.0) -> tuple[list[str], np.ndarray]:
    """The words of BANK_SENTENCE and A = softmax(scale · X Xᵀ) for them (8, 8)."""
    tokens, x = data.embed(data.BANK_SENTENCE)
    return tokens, softmax(scale * dot_similarity_matrix(x))


def bank_rows(i: int, j: int) -> np.ndarray:
    """Row i of the bank sentence stacked on row j of 'I love the bank': (2, 8)."""
    return np.stack([data.embed(data.BANK_SENTENCE).vectors[i], data.embed("I love the bank").vectors[j]])


def qk_scores(x_words: str = "love apple phones", queries: int = 0, keys: int = 1) -> np.ndarray:
    """S = (X W_Q)(X W_K)ᵀ for the 2-D words with random_projections(2, 2, seed=0): (3, 3) (or a slip: the
    queries or keys made with another of the three matrices, 0 = W_Q, 1 = W_K, 2 = W_V)."""
    x = data.embed(x_words, "2d").vectors
    w = random_projections(2, 2, seed=0)
    return (x @ w[queries]) @ (x @ w[keys]).T


def lookup_blend(query: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """The soft look-up of notebook 06: (weights over the keys (3,), blended value (3,))."""
    keys, values = np.array(list(data.LOOKUP_KEYS.values())), np.array(list(data.LOOKUP_VALUES.values()))
    weights = softmax(keys @ np.asarray(query))
    return weights, weights @ values


def share(vector: np.ndarray) -> float:
    """Tech / (Tech + Fruit) of a feature vector."""
    return data.tech_fruit_split(vector)[0]


def mean_share(sentence: str | list[str]) -> float:
    """Tech share of the plain average of a sentence's feature vectors."""
    return share(data.embed(sentence).vectors.mean(axis=0))


def mix_share(weights: list[float]) -> float:
    """Tech share of the mix of love, Apple, juice with these weights."""
    return share(mix("love Apple juice", weights))


def love_weight(temperature: float) -> float:
    """love's weight in softmax([-2, 8, 8] / temperature)."""
    return float(softmax([-2.0, 8.0, 8.0], temperature=temperature)[0])


def apple_on_phones(tokens: list[str]) -> float:
    """Apple's total weight on 'phones' with A = softmax(X Xᵀ), Apple the capitalised token."""
    a = softmax(dot_similarity_matrix(data.embed(tokens).vectors))
    return float(sum(a[tokens.index("Apple"), j] for j, t in enumerate(tokens) if t.lower() == "phones"))


def on_phones(*extra: str) -> float:
    """Apple's total weight on phones in 'I love Apple phones' followed by extra words."""
    return apple_on_phones(["I", "love", "Apple", "phones", *extra])


def peaky_dk(scale: bool = False) -> int:
    """Smallest d_k at which softmax over keys of ones, halves, zeros puts > 99% on the first."""
    return next(
        d for d in range(1, 1000) if softmax(np.array([1.0, 0.5, 0.0]) * d / (np.sqrt(d) if scale else 1))[0] > 0.99
    )
