"""The exercises of the series, grouped by notebook, each with its reference answer and known mistakes.

Reference answers are computed from attnlib itself, so they follow the toy data. The checking
engine is attnlib.exercises; `register` adds each exercise there.
"""

from __future__ import annotations

import numpy as np

from . import data
from .attention import weighted_sum
from .exercises import Exercise, register
from .similarity import similarity_matrix
from .softmax import softmax


def _cat_scores() -> np.ndarray:
    """The cat/sat/mat dot-product similarity matrix (3, 3)."""
    return similarity_matrix(data.embed("cat sat mat", "cat_sat_mat").vectors)


def _apple_prime(context: str) -> np.ndarray:
    """Apple' = 0.1·love + 0.5·apple + 0.4·context with the feature vectors: (8,)."""
    vectors = data.embed(f"love apple {context}").vectors
    return weighted_sum([0.1, 0.5, 0.4], vectors)


def _bank_weights() -> dict[str, float]:
    """bank's unscaled, parameter-free attention weights over BANK_SENTENCE, by word."""
    tokens, x = data.embed(data.BANK_SENTENCE)
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
    from .data import LOOKUP_KEYS

    return LOOKUP_KEYS


# --- notebook 00 ----------------------------------------------------------------------------------
register(Exercise(
    "00-dot", "Dot product of (1, 2) and (3, 4).", "number",
    lambda: 11.0,
    hint="Multiply matching entries and add them up: 1·3 + 2·4.",
    mistakes=((lambda: np.array([3.0, 8.0]), "You multiplied the entries; now add them up."),),
))
# --- notebook 01 ----------------------------------------------------------------------------------
register(Exercise(
    "01-watch-average-share", "Tech share of the plain average of all word vectors of 'I love Apple watch'.",
    "number",
    lambda: data.tech_fruit_split(data.embed("I love Apple watch").vectors.mean(axis=0))[0],
    hint="Embed the sentence, average its rows (axis=0), then take Tech / (Tech + Fruit) of that average.",
    atol=5e-3,
    mistakes=((lambda: 0.5, "0.5 is the static Apple alone; average all four words first."),
              (lambda: 100 * data.tech_fruit_split(data.embed("I love Apple watch").vectors.mean(axis=0))[0],
               "Give the share as a fraction between 0 and 1, not a percentage."),),
))
register(Exercise(
    "01-apple-difference", "Apple's vector in sentence 1 minus apple's vector in sentence 2.", "array",
    lambda: data.embed("I love Apple phones").vectors[2] - data.embed("I love apple juice").vectors[2],
    hint="Embed both sentences, take the row of Apple/apple in each, subtract.",
    labels=data.FEATURES,
    mistakes=((lambda: data.lookup("Apple"), "That is Apple's vector itself; subtract apple's vector from it."),),
))
# --- notebook 02 ----------------------------------------------------------------------------------
register(Exercise(
    "02-watch-prime", "Apple' = 0.1·love + 0.5·Apple + 0.4·watch in 'I love Apple watch' (feature vectors).",
    "array",
    lambda: _apple_prime("watch"),
    hint="Use attnlib.lookup for love, Apple and watch, then add the three scaled vectors.",
    labels=data.FEATURES,
    mistakes=((lambda: _apple_prime("phones"), "That is Apple' next to phones; this time the third word is watch."),),
))
register(Exercise(
    "02-juice-prime", "juice' = 0.1·love + 0.4·apple + 0.5·juice (feature vectors).", "array",
    lambda: weighted_sum([0.1, 0.4, 0.5], data.embed("love apple juice").vectors),
    hint="Same recipe as Apple', with the weights 0.1, 0.4, 0.5 over love, apple, juice.",
    labels=data.FEATURES,
))
register(Exercise(
    "02-watch-prime-tech-share", "Tech share of Apple' = 0.1·love + 0.5·Apple + 0.4·watch.", "number",
    lambda: data.tech_fruit_split(_apple_prime("watch"))[0],
    hint="Mix the three vectors first, then take Tech / (Tech + Fruit) of the result.",
    atol=5e-3,
    mistakes=((lambda: 0.5, "0.5 is the static Apple; mix in love and watch first."),
              (lambda: data.tech_fruit_split(_apple_prime("phones"))[0],
               "That is the share next to phones; use watch."),),
))
# --- notebook 03 ----------------------------------------------------------------------------------
register(Exercise(
    "03-juice-scores", "Dot products of juice with love, Apple, phones, juice (2-D vectors).", "array",
    lambda: similarity_matrix(data.embed("juice", "2d").vectors,
                              data.embed("love apple phones juice", "2d").vectors)[0],
    hint="juice = (4, 0); for each word (x, y) the dot product is 4·x + 0·y.",
    labels=("love", "Apple", "phones", "juice"),
    mistakes=((lambda: similarity_matrix(data.embed("apple", "2d").vectors,
                                         data.embed("love apple phones juice", "2d").vectors)[0],
               "Those are Apple's scores; this time the first vector is juice."),),
))
register(Exercise(
    "03-cat-mat-cosine", "Cosine similarity of cat (1, 2) and mat (2, 3).", "number",
    lambda: float(np.dot(data.CAT_SAT_MAT["cat"], data.CAT_SAT_MAT["mat"])
                  / np.linalg.norm(data.CAT_SAT_MAT["cat"]) / np.linalg.norm(data.CAT_SAT_MAT["mat"])),
    hint="cos = (cat · mat) / (|cat| |mat|); |v| = sqrt(v · v).",
    atol=1e-3,
    mistakes=((lambda: 8.0, "8 is the dot product; divide by both lengths."),),
))
register(Exercise(
    "03-cat-scores", "The 3×3 dot-product similarity matrix of cat, sat, mat.", "array",
    _cat_scores,
    hint="scores[i, j] = vector_i · vector_j; X @ X.T computes them all at once.",
    symmetric=True, labels=("cat", "sat", "mat"),
))
# --- notebook 04 ----------------------------------------------------------------------------------
register(Exercise(
    "04-cat-softmax", "Softmax of cat's row of similarity scores (cat, sat, mat).", "array",
    lambda: softmax(_cat_scores()[0]),
    hint="Take cat's scores [cat·cat, cat·sat, cat·mat], exponentiate, divide by the sum.",
    probabilities=True, atol=5e-3, labels=("cat", "sat", "mat"),
    mistakes=((lambda: _cat_scores()[0], "These are the raw scores; apply softmax to them."),),
))
register(Exercise(
    "04-temperature", "softmax([-2, 8, 8]) at temperature 10.", "array",
    lambda: softmax([-2.0, 8.0, 8.0], temperature=10.0),
    hint="Divide the scores by the temperature first, then apply softmax.",
    probabilities=True, atol=5e-3, labels=("love", "Apple", "phones"),
    mistakes=((lambda: softmax([-2.0, 8.0, 8.0]),
               "That is what temperature 1 (or lower) gives; divide the scores by 10 first."),
              (lambda: softmax([-20.0, 80.0, 80.0]), "You multiplied by 10; divide instead."),),
))
register(Exercise(
    "04-shift", "softmax([101, 102, 103]) (compare with softmax([1, 2, 3])).", "array",
    lambda: softmax([101.0, 102.0, 103.0]),
    hint="Adding the same number to every score does not change softmax.",
    probabilities=True, atol=5e-3,
))
# --- notebook 05 ----------------------------------------------------------------------------------
register(Exercise(
    "05-cat-new", "The new representation of cat: softmax weights times the vectors.", "array",
    lambda: weighted_sum(softmax(_cat_scores()[0]), data.embed("cat sat mat", "cat_sat_mat").vectors),
    hint="cat' = w_cat·cat + w_sat·sat + w_mat·mat with the softmax weights of cat's row.",
    atol=5e-3, labels=("x", "y"),
))
register(Exercise(
    "05-bank-river-weight", "Weight 'bank' gives 'river' (parameter-free, unscaled attention).", "number",
    lambda: _bank_weights()["river"],
    hint="Embed the sentence, compute bank's row of dot products with every word, softmax it, read river's entry.",
    atol=1e-3,
))
# --- notebook 06 ----------------------------------------------------------------------------------
register(Exercise(
    "06-scores", "Scores (X W_Q)(X W_K)ᵀ for 2-D 'love apple phones', W_Q, W_K from random_projections(2, 2, seed=0).",
    "array",
    lambda: _qk_scores(),
    hint="Q = X @ W_Q, K = X @ W_K, scores = Q @ K.T (no scaling).",
    labels=("love", "apple", "phones"),
    mistakes=((lambda: _qk_scores().T, "That is the transpose: rows are queries, columns are keys."),
              (lambda: similarity_matrix(data.embed("love apple phones", "2d").vectors),
               "Those are the plain dot products; project with W_Q and W_K first."),),
))
register(Exercise(
    "06-lookup-weights", "Soft look-up weights of the query (2, 0) over the keys fruit, tech, finance.", "array",
    lambda: softmax(np.array(list(_lookup_keys().values())) @ np.array([2.0, 0.0])),
    hint="Score the query against each key with a dot product, then softmax the three scores.",
    probabilities=True, atol=5e-3, labels=("fruit", "tech", "finance"),
))
# --- notebook 07 ----------------------------------------------------------------------------------
register(Exercise(
    "07-scale", "The number the scores are multiplied by, 1/√d_k, for d_k = 32.", "number",
    lambda: 1 / np.sqrt(32),
    hint="Dividing by √d_k is multiplying by 1/√d_k.",
    atol=1e-4,
    mistakes=((lambda: np.sqrt(32), "That is √d_k, what the scores are divided by; give the multiplier 1/√d_k."),
              (lambda: 0.125, "0.125 is for d_k = 64; this time d_k = 32."),),
))
register(Exercise(
    "07-shapes", "Shapes for 20 words, embedding 512, Q/K/V size 64.", "shapes",
    lambda: {"E": (20, 512), "Q": (20, 64), "K": (20, 64), "V": (20, 64),
             "scores": (20, 20), "output": (20, 64)},
    hint="One row per word; W_Q is (512, 64); scores compare every word with every word.",
))


# --- notebook 08 ----------------------------------------------------------------------------------
register(Exercise(
    "08-bank-words", "Words (other than bank) that 'bank' attends to more than to 'the'.", "words",
    lambda: [w for w, x in _bank_weights().items() if w not in ("bank", "the") and x > _bank_weights()["the"]],
    hint="Compute bank's attention weights over the sentence and keep the words above 'the'.",
))
register(Exercise(
    "08-score-count", "How many attention scores does one head compute for 50 words?", "number",
    lambda: 50 * 50,
    hint="Every word scores every word, itself included.",
    mistakes=((lambda: 50 * 49, "Each word also scores itself."),
              (lambda: 50, "That is one per word; it is one per pair.")),
))
# --- notebook 09 ----------------------------------------------------------------------------------
register(Exercise(
    "09-head-size", "Size of each head for d_model = 384 and 12 heads (all-MiniLM-L6-v2).", "number",
    lambda: 384 // 12,
    hint="The heads split d_model evenly.",
    mistakes=((lambda: 64, "64 is the paper's head size (512 / 8); here d_model = 384 and there are 12 heads."),),
))
register(Exercise(
    "09-causal-mask", "The 5×5 causal mask (1 = may attend, 0 = blocked).", "array",
    lambda: np.tril(np.ones((5, 5))),
    hint="Word i may attend to words 0..i: ones on and below the diagonal.",
    mistakes=((lambda: np.triu(np.ones((5, 5))), "That lets words see the future; flip it (lower triangle)."),),
))
