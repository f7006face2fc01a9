"""The exercises of notebooks 00–04 (words, mixing, similarity, softmax), each with its reference
answer and its likeliest mistakes, each with the hint that names it.

Reference answers are computed from attnlib itself, so they follow the toy data. Notebooks 05–09 are
in attnlib.catalogue_attention, the challenges in attnlib.challenges; the engine is attnlib.exercises.
"""

from __future__ import annotations

import numpy as np

from . import data
from ._answers import (
    _CAT,
    _bank_difference,
    _cat_scores,
    _mix,
    _share,
)
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
               "that is Tech / Fruit; the share is Tech / (Tech + Fruit)."),
              (lambda: data.tech_fruit_split(_mix("I love Apple watch", [0.25] * 4)),
               "al.tech_fruit_split returns (Tech share, Fruit share); take the first."),
              (lambda: np.mean([data.tech_fruit_split(data.lookup(w))[0] for w in "I love Apple watch".split()]),
               "that averages the four words' shares; average the vectors first, then take the share."),),
))
_BANK_ROWS = "bank is row 1 of the first sentence and row 3 of the second (tokens.index('bank'))"
register(Exercise(
    "01-bank-difference", "bank's row in 'The bank by the river has steep slopes' minus bank's row in "
    "'I love the bank' (8 numbers).", "array",
    lambda: _bank_difference(1, 3),
    hint=f"Embed both sentences and subtract the rows of bank; {_BANK_ROWS}.",
    labels=data.FEATURES,
    mistakes=((lambda: data.lookup("bank"), "that is bank's vector itself; subtract the second bank's row from it."),
              (lambda: _bank_difference(1, 1), f"that is bank minus love (row 1 of the 2nd sentence); {_BANK_ROWS}."),
              (lambda: _bank_difference(3, 3),
               f"your row of the first sentence is not bank (The, by, the and has share one vector); {_BANK_ROWS}."),),
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
    "02-watch-prime-tech-share", "Tech share of Apple' = 0.1·love + 0.5·Apple + 0.4·watch.", "number",
    lambda: _share(_mix("love Apple watch", [0.1, 0.5, 0.4])),
    hint="Mix the three vectors first, then take Tech / (Tech + Fruit) of the result.",
    mistakes=((lambda: 0.5, "0.5 is the static Apple; mix in love and watch first."),
              (lambda: _share(_mix("love Apple phones", [0.1, 0.5, 0.4])),
               "about 0.70 is what mixing the words' shares gives (0.1·0.5 + 0.5·0.5 + 0.4·1), or the share next "
               "to phones: mix the vectors of love, Apple and watch first, then take the share of the mix."),
              (lambda: 100 * _share(_mix("love Apple watch", [0.1, 0.5, 0.4])),
               "give the share as a fraction between 0 and 1, not a percentage."),),
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
# --- notebook 03 ----------------------------------------------------------------------------------
_JUICE_ROW = "love apple phones juice"
register(Exercise(
    "03-juice-scores", "Dot products of juice with love, Apple, phones, juice (2-D vectors).", "array",
    lambda: dot_similarity_matrix(data.embed("juice", "2d").vectors, data.embed(_JUICE_ROW, "2d").vectors)[0],
    hint="juice = (4, 0); for each word (v₁, v₂) the dot product is 4·v₁ + 0·v₂.",
    labels=("love", "Apple", "phones", "juice"),
    mistakes=((lambda: dot_similarity_matrix(data.embed("apple", "2d").vectors,
                                             data.embed(_JUICE_ROW, "2d").vectors)[0],
               "those are Apple's scores; this time the first vector is juice."),
              (lambda: cosine_similarity_matrix(data.embed("juice", "2d").vectors,
                                                data.embed(_JUICE_ROW, "2d").vectors)[0],
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
              (lambda: 8.0 / 13, "you divided by |mat|² (13); divide by |cat| · |mat| = √5 · √13."),
              (lambda: np.degrees(np.arccos(8 / np.sqrt(65))), "that is the angle in degrees; give its cosine."),),
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
    mistakes=((lambda: softmax([-2.0, 8.0, 8.0]), "that is what temperature 1 gives (multiplying by 10 gives "
               "about the same: love near 0, Apple and phones 0.5 each); divide the scores by 10 first."),
              (lambda: softmax([-2.0, 8.0, 8.0]) / 10,
               "you divided after softmax; divide the scores by 10 before it."),),
))
register(Exercise(
    "04-shift", "softmax([101, 102, 103]) (compare with softmax([1, 2, 3])).", "array",
    lambda: softmax([101.0, 102.0, 103.0]),
    hint="Adding the same number to every score does not change softmax.",
    probabilities=True,
    mistakes=((lambda: np.full(3, 1 / 3), "nearly equal weights are what dividing by the sum gives; softmax sees "
               "only the gaps between the scores (1 apiece), not their ratios: compare softmax([1, 2, 3])."),
              (lambda: np.exp([101.0, 102.0, 103.0]),
               "you exponentiated; now divide by the sum of the exponentials."),),
))
