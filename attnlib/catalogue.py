"""The exercises of the series, grouped by notebook, each with its reference answer and its two or
more likeliest mistakes (each with the hint that names it).

Reference answers are computed from attnlib itself, so they follow the toy data. The checking
engine is attnlib.exercises; the optional challenges are in attnlib.challenges.
"""

from __future__ import annotations

import numpy as np

from . import data
from ._answers import _CAT, _bank_attention, _bank_difference, _cat_scores, _lookup, _mix, _qk_scores, _share
from .attention import weighted_sum
from .exercises import Exercise, register
from .similarity import cosine_similarity_matrix, dot_similarity_matrix
from .softmax import softmax

# --- notebook 00 ----------------------------------------------------------------------------------
register(Exercise(
    "00-dot", "Dot product of (1, 2) and (3, 4).", "number",
    lambda: 11.0,
    hint="Multiply matching entries and add them up: 1·3 + 2·4.",
    mistakes=((lambda: np.array([3.0, 8.0]), "you multiplied the matching entries; now add them up."),
              (lambda: 14.0, "14 is 1·2 + 3·4: multiply entries that match across the two vectors, 1·3 and 2·4."),),
))
# --- notebook 01 ----------------------------------------------------------------------------------
register(Exercise(
    "01-watch-average-share", "Tech share, Tech / (Tech + Fruit), of the plain average of the word vectors "
    "of 'I love Apple watch'.", "number",
    lambda: _share(_mix("I love Apple watch", [0.25] * 4)),
    hint="Embed the sentence, average its rows (axis=0), then take Tech / (Tech + Fruit) of that average.",
    mistakes=((lambda: 0.5, "0.5 is the static Apple alone; average all four words first."),
              (lambda: 100 * _share(_mix("I love Apple watch", [0.25] * 4)),
               "give the share as a fraction between 0 and 1, not a percentage."),
              (lambda: _mix("I love Apple watch", [0.25] * 4)[0] / _mix("I love Apple watch", [0.25] * 4)[1],
               "that is Tech / Fruit; the share is Tech / (Tech + Fruit)."),),
))
_BANK_ROWS = "bank is row 1 of the first sentence and row 3 of the second (tokens.index('bank'))"
register(Exercise(
    "01-bank-difference", "bank's row in 'The bank by the river has steep slopes' minus bank's row in "
    "'I love the bank' (8 numbers).", "array",
    lambda: _bank_difference(1, 3),
    hint=f"Embed both sentences and subtract the rows of bank; {_BANK_ROWS}.",
    labels=data.FEATURES,
    mistakes=((lambda: data.lookup("bank"), "that is bank's vector itself; subtract the second bank's row from it."),
              (lambda: _bank_difference(1, 1),
               f"that is bank minus love: the same row number in both sentences; {_BANK_ROWS}."),
              (lambda: _bank_difference(3, 3),
               f"that is the minus bank: the same row number in both sentences; {_BANK_ROWS}."),),
))
# --- notebook 02 ----------------------------------------------------------------------------------
register(Exercise(
    "02-watch-prime", "Apple' = 0.1·love + 0.5·Apple + 0.4·watch in 'I love Apple watch' (feature vectors).",
    "array",
    lambda: _mix("love Apple watch", [0.1, 0.5, 0.4]),
    hint="Use al.lookup for love, Apple and watch, then add the three scaled vectors.",
    labels=data.FEATURES,
    mistakes=((lambda: _mix("love Apple phones", [0.1, 0.5, 0.4]),
               "that is Apple' next to phones; the third word is watch."),
              (lambda: _mix("love Apple watch", [0.1, 0.4, 0.5]),
               "you swapped the weights: 0.5 goes to Apple, 0.4 to watch."),),
))
register(Exercise(
    "02-bank-prime", "bank' = 0.6·bank + 0.4·river (feature vectors).", "array",
    lambda: _mix("bank river", [0.6, 0.4]),
    hint="bank' = 0.6 * al.lookup('bank') + 0.4 * al.lookup('river').",
    labels=data.FEATURES,
    mistakes=((lambda: _mix("bank river", [0.4, 0.6]), "you swapped the weights: 0.6 goes to bank, 0.4 to river."),
              (lambda: _mix("bank river", [0.5, 0.5]), "that is the plain average; use the weights 0.6 and 0.4."),
              (lambda: data.lookup("bank"), "that is bank unmixed; add 0.4 of river to 0.6 of bank."),),
))
register(Exercise(
    "02-watch-prime-tech-share", "Tech share of Apple' = 0.1·love + 0.5·Apple + 0.4·watch.", "number",
    lambda: _share(_mix("love Apple watch", [0.1, 0.5, 0.4])),
    hint="Mix the three vectors first, then take Tech / (Tech + Fruit) of the result.",
    mistakes=((lambda: 0.5, "0.5 is the static Apple; mix in love and watch first."),
              (lambda: _share(_mix("love Apple phones", [0.1, 0.5, 0.4])),
               "that is the share next to phones; use watch."),),
))
# --- notebook 03 ----------------------------------------------------------------------------------
_JUICE_ROW = "love apple phones juice"
register(Exercise(
    "03-juice-scores", "Dot products of juice with love, Apple, phones, juice (2-D vectors).", "array",
    lambda: dot_similarity_matrix(data.embed("juice", "2d").vectors, data.embed(_JUICE_ROW, "2d").vectors)[0],
    hint="juice = (4, 0); for each word (x, y) the dot product is 4·x + 0·y.",
    labels=("love", "Apple", "phones", "juice"),
    mistakes=((lambda: dot_similarity_matrix(data.embed("apple",
               "2d").vectors, data.embed(_JUICE_ROW, "2d").vectors)[0],
               "those are Apple's scores; this time the first vector is juice."),
              (lambda: cosine_similarity_matrix(data.embed("juice",
               "2d").vectors, data.embed(_JUICE_ROW, "2d").vectors)[0],
               "those are cosine similarities; the question asks for plain dot products (no dividing by lengths)."),),
))
register(Exercise(
    "03-cat-scores", "The 3×3 dot-product score matrix S = X Xᵀ of cat, sat, mat.", "array",
    _cat_scores,
    hint="S[i, j] = vector_i · vector_j; X @ X.T computes them all at once.",
    symmetric=True, labels=("cat", "sat", "mat"),
    mistakes=((lambda: data.embed(_CAT, "cat_sat_mat").vectors.T @ data.embed(_CAT, "cat_sat_mat").vectors,
               "that is Xᵀ X (2 × 2: feature against feature); the scores are X Xᵀ (word against word)."),
              (lambda: cosine_similarity_matrix(data.embed(_CAT, "cat_sat_mat").vectors),
               "those are cosine similarities; the scores are plain dot products (no dividing by lengths)."),),
))
register(Exercise(
    "03-cat-mat-cosine", "Cosine similarity of cat (1, 2) and mat (2, 3).", "number",
    lambda: float(cosine_similarity_matrix(data.embed("cat mat", "cat_sat_mat").vectors)[0, 1]),
    hint="cos = (cat · mat) / (|cat| |mat|); |v| = sqrt(v · v).",
    mistakes=((lambda: 8.0, "8 is the dot product; divide it by both lengths."),
              (lambda: np.sqrt(2.0),
               "that is the distance between cat and mat; the cosine divides the dot product by both lengths."),
              (lambda: 8.0 / 13, "you divided by |mat|² (13); divide by |cat| · |mat| = √5 · √13."),),
))
# --- notebook 04 ----------------------------------------------------------------------------------
register(Exercise(
    "04-cat-softmax", "Softmax of cat's row of scores [cat·cat, cat·sat, cat·mat].", "array",
    lambda: softmax(_cat_scores()[0]),
    hint="Take cat's scores [cat·cat, cat·sat, cat·mat], exponentiate, divide by the sum.",
    probabilities=True, labels=("cat", "sat", "mat"),
    mistakes=((lambda: _cat_scores()[0], "these are the raw scores; apply softmax to them."),
              (lambda: _cat_scores()[0] / _cat_scores()[0].sum(),
               "you divided the scores by their sum; softmax exponentiates them first."),),
))
register(Exercise(
    "04-temperature", "softmax([-2, 8, 8]) at temperature 10.", "array",
    lambda: softmax([-2.0, 8.0, 8.0], temperature=10.0),
    hint="Divide the scores by the temperature first, then apply softmax.",
    probabilities=True, labels=("love", "Apple", "phones"),
    mistakes=((lambda: softmax([-2.0, 8.0, 8.0]), "that is temperature 1; divide the scores by 10 first."),
              (lambda: softmax([-2.0, 8.0, 8.0]) / 10,
               "you divided after softmax; divide the scores by 10 before it."),),
))
register(Exercise(
    "04-shift", "softmax([101, 102, 103]) (compare with softmax([1, 2, 3])).", "array",
    lambda: softmax([101.0, 102.0, 103.0]),
    hint="Adding the same number to every score does not change softmax.",
    probabilities=True,
    mistakes=((lambda: np.array([101.0, 102.0, 103.0]) / 306,
               "you divided the scores by their sum; exponentiate first."),
              (lambda: np.exp([101.0, 102.0, 103.0]),
               "you exponentiated; now divide by the sum of the exponentials."),),
))
# --- notebook 05 ----------------------------------------------------------------------------------
register(Exercise(
    "05-cat-new", "cat' = the softmax weights of cat's row of scores times the vectors of cat, sat, mat.", "array",
    lambda: weighted_sum(softmax(_cat_scores()[0]), data.embed(_CAT, "cat_sat_mat").vectors),
    hint="cat' = A[cat, cat]·cat + A[cat, sat]·sat + A[cat, mat]·mat, with A = softmax of cat's scores.",
    labels=("x", "y"),
    mistakes=((lambda: _cat_scores()[0] @ data.embed(_CAT, "cat_sat_mat").vectors,
               "you mixed with the raw scores; softmax them first, so that the weights add up to 1."),
              (lambda: data.embed(_CAT, "cat_sat_mat").vectors.mean(axis=0),
               "that is the plain average (every weight 1/3); use the softmax weights of cat's row."),),
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
               "those are the plain dot products X Xᵀ; project with W_Q and W_K first."),),
))
register(Exercise(
    "06-lookup-weights", "Soft look-up weights of the query (2, 0) over the keys fruit, tech, finance.", "array",
    lambda: _lookup((2.0, 0.0))[0],
    hint="Score the query against each key with a dot product, then softmax the three scores.",
    probabilities=True, labels=("fruit", "tech", "finance"),
    mistakes=((lambda: _lookup((2.0, 0.0))[1],
               "these are the blended values (Fruit, Tech, Money); the question asks for the weights."),
              (lambda: np.array(list(data.LOOKUP_KEYS.values())) @ np.array([2.0, 0.0]),
               "these are the raw scores; softmax them."),),
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
    "07-scale", "The number the scores are multiplied by, 1/√d_k, for d_k = 32.", "number",
    lambda: 1 / np.sqrt(32),
    hint="Dividing by √d_k is multiplying by 1/√d_k.",
    mistakes=((lambda: np.sqrt(32), "that is √d_k, what the scores are divided by; give the multiplier 1/√d_k."),
              (lambda: 0.125, "0.125 is for d_k = 64; this time d_k = 32."),),
))
# --- notebook 08 ----------------------------------------------------------------------------------
register(Exercise(
    "08-score-count", "How many attention scores does one head compute for 50 words?", "number",
    lambda: 50 * 50,
    hint="Every word scores every word, itself included.",
    mistakes=((lambda: 50 * 49, "each word also scores itself."),
              (lambda: 50, "that is one per word; it is one per pair."),),
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
              (lambda: np.tril(np.ones((5, 5)), k=-1), "each word may also attend to itself: keep the diagonal."),),
))
