"""Notebook 08's exercises and its optional challenge: why attention wins.

Each has its reference answer, computed from attnlib, and its likeliest mistakes, each with the
hint that names it.
"""

from __future__ import annotations

from .engine import register
from .exercise import Exercise

register(
    Exercise(
        "08-score-count",
        "How many attention scores does one head compute for 50 words?",
        "number",
        lambda: 50 * 50,
        hint="Every word scores every word, itself included.",
        mistakes=(
            (lambda: 50 * 49, "each word also scores itself."),
            (lambda: 50, "that is one per word; it is one per pair."),
            (
                lambda: 50 * 49 / 2,
                "that counts each pair once, but (Apple, phones) and (phones, Apple) are two "
                "different scores, and each word scores itself too.",
            ),
            (lambda: 2 * 50 * 50 * 64, "that counts multiply-adds (2n²d); the question asks for scores, one per pair."),
        ),
    )
)
register(
    Exercise(
        "08-cost-ratio",
        "A sentence grows from 50 to 100 words: by what factor does the number of scores of one head grow?",
        "number",
        lambda: (100 * 100) / (50 * 50),
        hint="Count the scores for each length (n × n) and divide.",
        mistakes=(
            (lambda: 2.0, "the number of words doubles, but the scores are n × n: they grow like n²."),
            (lambda: 100 * 100 - 50 * 50, "that is how many more scores; the question asks how many times as many."),
        ),
    )
)


# --- the challenge (optional) ----------------------------------------------------------------------
register(
    Exercise(
        "08-challenge-crossover",
        "With d = 64, attention's work is 2n²d for the scores and the mixing plus 3nd² "
        "for the projections X W_Q, X W_K, X W_V: the smallest whole n at which the n² part is the larger.",
        "number",
        lambda: next(n for n in range(1, 10_000) if 2 * n * n * 64 > 3 * n * 64**2),
        hint="Compare 2n²d with 3nd²: divide both by nd, or simply try n in a loop.",
        mistakes=(
            (lambda: 65, "65 is where attention overtakes the RNN's 2nd²; compare with the projections' 3nd²."),
            (lambda: 96, "at n = 96 the two parts are equal; the question asks for larger."),
        ),
    )
)
