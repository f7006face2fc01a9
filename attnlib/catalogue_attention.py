"""The exercises of notebooks 05–09 (attention itself), each with its reference answer and its
likeliest mistakes, each with the hint that names it. Notebooks 00–04 are in attnlib.catalogue."""

from __future__ import annotations

import numpy as np

from . import data
from ._answers import (
    _CAT,
    _bank_attention,
    _cat_prime,
    _cat_scores,
    _lookup,
    _qk_scores,
)
from .exercises import Exercise, register
from .similarity import dot_similarity_matrix
from .softmax import softmax

# --- notebook 05 ----------------------------------------------------------------------------------
register(Exercise(
    "05-cat-new", "cat' = the softmax weights of cat's row of unscaled scores (scale=1.0) times the vectors of "
    "cat, sat, mat.", "array",
    lambda: _cat_prime(),
    hint="cat' = A[cat, cat]·cat + A[cat, sat]·sat + A[cat, mat]·mat, with A = softmax of cat's scores.",
    labels=("x", "y"),
    mistakes=((lambda: _cat_scores()[0] @ data.embed(_CAT, "cat_sat_mat").vectors,
               "you mixed with the raw scores; softmax them first, so that the weights add up to 1."),
              (lambda: data.embed(_CAT, "cat_sat_mat").vectors.mean(axis=0),
               "that is the plain average (every weight 1/3); use the softmax weights of cat's row."),
              (lambda: _cat_prime(scale=1 / np.sqrt(2)),
               "that is scaled by 1/√2 (al.attention's default); this exercise is unscaled: pass scale=1.0."),),
))
_BANK, _RIVER = 1, 4
register(Exercise(
    "05-bank-river-weight", "Weight bank gives river: unscaled (scale=1.0), parameter-free attention, "
    "A = softmax(X Xᵀ) over 'The bank by the river has steep slopes'.", "number",
    lambda: _bank_attention()[1][_BANK, _RIVER],
    hint="Embed the sentence, softmax bank's row of dot products with every word, read river's entry.",
    mistakes=((lambda: _bank_attention(1 / np.sqrt(8))[1][_BANK, _RIVER],
               "that is with scaling by 1/√d; this exercise is unscaled: pass scale=1.0 (section 3 warns about it)."),
              (lambda: _bank_attention()[1][_RIVER, _BANK],
               "that is river's weight on bank (river's row); read bank's row, river's column."),),
))
# --- notebook 06 ----------------------------------------------------------------------------------
register(Exercise(
    "06-scores", "Scores S = (X W_Q)(X W_K)ᵀ for 2-D 'love apple phones', with "
    "W_Q, W_K, _ = al.random_projections(2, 2, seed=0).", "array",
    _qk_scores,
    hint="Q = X @ W_Q, K = X @ W_K, S = Q @ K.T (no scaling).",
    labels=("love", "apple", "phones"),
    mistakes=((lambda: _qk_scores().T, "that is the transpose: rows are queries, columns are keys."),
              (lambda: dot_similarity_matrix(data.embed("love apple phones", "2d").vectors),
               "those are the plain dot products X Xᵀ; project with W_Q and W_K first."),
              (lambda: _qk_scores() / np.sqrt(2), "these are divided by √d_k = √2; the question asks for S unscaled."),
              (lambda: softmax(_qk_scores()), "rows that add up to 1 are the weights A; the question asks for the "
               "scores S, before softmax."),),
))
register(Exercise(
    "06-lookup-weights", "Soft look-up weights of the query (2, 0) over the keys fruit, tech, finance.", "array",
    lambda: _lookup((2.0, 0.0))[0],
    hint="Score the query against each key with a dot product, then softmax the three scores.",
    probabilities=True, labels=("fruit", "tech", "finance"),
    mistakes=((lambda: _lookup((2.0, 0.0))[1],
               "these are the blended values (Fruit, Tech, Money); the question asks for the weights."),
              (lambda: np.array(list(data.LOOKUP_KEYS.values())) @ np.array([2.0, 0.0]),
               "these are the raw scores; softmax them."),
              (lambda: np.stack(_lookup((2.0, 0.0))),
               "al.soft_lookup returns (weights, value); answer with the first of the two."),),
))
# --- notebook 07 ----------------------------------------------------------------------------------
register(Exercise(
    "07-shapes", "Shapes of X, Q, K, V, S, A and the output for 20 words, embedding size 512, Q/K/V size 64.",
    "shapes",
    lambda: {"X": (20, 512), "Q": (20, 64), "K": (20, 64), "V": (20, 64), "S": (20, 20), "A": (20, 20),
             "output": (20, 64)},
    hint="One row per word; W_Q is (512, 64); S and A compare every word with every word.",
    mistakes=((lambda: {"S": (20, 64)}, "S holds one score per pair of words, so it is n × n = (20, 20)."),
              (lambda: {"Q": (20, 512)}, "W_Q maps each 512-number word to 64 numbers, so Q is (20, 64)."),
              (lambda: {"X": (512, 20)}, "X has one row per word: (20, 512)."),),
))
register(Exercise(
    "07-scale", "Dividing the scores by √d_k multiplies them by one number: which, for d_k = 32?", "number",
    lambda: 1 / np.sqrt(32),
    hint="Dividing by √d_k is multiplying by 1/√d_k.",
    mistakes=((lambda: np.sqrt(32), "that is √d_k, what the scores are divided by; give the multiplier 1/√d_k."),
              (lambda: 0.125, "0.125 is for d_k = 64; this time d_k = 32."),
              (lambda: 1 / 32, "that is 1/d_k: you forgot the square root."),),
))
# --- notebook 08 ----------------------------------------------------------------------------------
register(Exercise(
    "08-score-count", "How many attention scores does one head compute for 50 words?", "number",
    lambda: 50 * 50,
    hint="Every word scores every word, itself included.",
    mistakes=((lambda: 50 * 49, "each word also scores itself."),
              (lambda: 50, "that is one per word; it is one per pair."),
              (lambda: 50 * 49 / 2, "that counts each pair once, but (Apple, phones) and (phones, Apple) are two "
               "different scores, and each word scores itself too."),
              (lambda: 2 * 50 * 50 * 64,
               "that counts multiply-adds (2n²d); the question asks for scores, one per pair."),),
))
register(Exercise(
    "08-cost-ratio", "A sentence grows from 50 to 100 words: by what factor does the number of scores of one "
    "head grow?", "number",
    lambda: (100 * 100) / (50 * 50),
    hint="Count the scores for each length (n × n) and divide.",
    mistakes=((lambda: 2.0, "the number of words doubles, but the scores are n × n: they grow like n²."),
              (lambda: 100 * 100 - 50 * 50,
               "that is how many more scores; the question asks how many times as many."),),
))
# --- notebook 09 ----------------------------------------------------------------------------------
register(Exercise(
    "09-head-size", "Size of each head for d_model = 384 and 12 heads (all-MiniLM-L6-v2).", "number",
    lambda: 384 // 12,
    hint="The heads split d_model evenly.",
    mistakes=((lambda: 64, "64 is the paper's head size (512 / 8); here d_model = 384 and there are 12 heads."),
              (lambda: 384 * 12, "you multiplied; the 12 heads share the 384 numbers between them."),),
))
register(Exercise(
    "09-causal-mask", "The 5×5 causal mask (1 = may attend, 0 = blocked; row = the word attending).", "array",
    lambda: np.tril(np.ones((5, 5))),
    hint="Word i may attend to words 0..i: ones on and below the diagonal.",
    mistakes=((lambda: np.triu(np.ones((5, 5))), "that lets words see the future; flip it (the lower triangle)."),
              (lambda: np.tril(np.ones((5, 5)), k=-1), "each word may also attend to itself: keep the diagonal."),
              (lambda: 1 - np.tril(np.ones((5, 5))), "you swapped 1 and 0: 1 means 'may attend'."),
              (lambda: np.where(np.tril(np.ones((5, 5))) > 0, 0.0, -np.inf),
               "that is the additive form (0 and -inf, added to the scores); give it as 1 and 0."),),
))
