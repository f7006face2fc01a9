"""Notebook 01's exercises and its optional challenge: words need context.

Each has its reference answer, computed from attnlib, and its likeliest mistakes, each with the
hint that names it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..data import toy
from .answers import bank_rows, mean_share, mix, share
from .engine import register
from .exercise import Exercise
from .rules import as_sentence

register(
    Exercise(
        "01-watch-average-share",
        "Tech share, Tech / (Tech + Fruit), of the plain average of the word vectors of 'I love Apple watch'.",
        "number",
        lambda: share(mix("I love Apple watch", [0.25] * 4)),
        hint="Embed the sentence, average its rows (axis=0), then take Tech / (Tech + Fruit) of that average.",
        mistakes=(
            (
                lambda: 0.5,
                "0.5 is Apple alone, or the average of I, love and Apple without watch (each is half Tech, half "
                "Fruit); average all four rows, watch too.",
            ),
            (
                lambda: 100 * share(mix("I love Apple watch", [0.25] * 4)),
                "give the share as a fraction between 0 and 1, not a percentage.",
            ),
            (
                lambda: mix("I love Apple watch", [0.25] * 4)[0] / mix("I love Apple watch", [0.25] * 4)[1],
                "that is Tech / Fruit; the share is Tech / (Tech + Fruit).",
            ),
            (
                lambda: mix("I love Apple watch", [0.25] * 4)[0] / mix("I love Apple watch", [0.25] * 4).sum(),
                "that is Tech over the sum of all 8 features; the share compares Tech with Fruit only: "
                "Tech / (Tech + Fruit).",
            ),
            (
                lambda: toy.tech_fruit_split(mix("I love Apple watch", [0.25] * 4)),
                "al.tech_fruit_split returns (Tech share, Fruit share); take the first.",
            ),
            (
                lambda: np.mean([toy.tech_fruit_split(toy.lookup(w))[0] for w in "I love Apple watch".split()]),
                "that averages the four words' shares; average the vectors first, then take the share.",
            ),
        ),
    )
)
_BANK_ROWS = "bank is row 1 of the first sentence and row 3 of the second (tokens.index('bank'))"
register(
    Exercise(
        "01-bank-rows",
        "bank's row in 'The bank by the river has steep slopes' and bank's row in 'I love the bank', stacked "
        "(a 2 × 8 array: np.stack([first, second])).",
        "array",
        lambda: bank_rows(1, 3),
        hint=f"Embed both sentences and stack the rows of bank; {_BANK_ROWS}.",
        labels=toy.FEATURES,
        row_labels=("bank by the river", "bank I love"),
        mistakes=(
            (
                lambda: bank_rows(1, 3)[0] - bank_rows(1, 3)[1],
                "that is the difference of the two rows (all zeros, as predicted?); give the two rows themselves, "
                "stacked: np.stack([first_row, second_row]).",
            ),
            (
                lambda: bank_rows(0, 3),
                f"your first row is not bank but one of The, by, the and has (they share one vector); count from 0: "
                f"{_BANK_ROWS}.",
            ),
            *(
                (lambda j=j: bank_rows(1, j), f"your second row is {word} (row {j} of the 2nd sentence); {_BANK_ROWS}.")
                for j, word in enumerate(("I", "love", "the"))
            ),
        ),
    )
)


# --- the challenge (optional) ----------------------------------------------------------------------
def _fruity_average(answer: Any) -> str | None:
    tokens = as_sentence(answer)
    if isinstance(tokens, str):
        return tokens
    if "apple" not in [t.lower() for t in tokens]:
        return "the sentence must contain Apple."
    share = mean_share(tokens)
    if share >= 0.25:
        return (
            f"its plain average has a Tech share of {share:.3f}; it must be below 0.25. "
            "Which words have Fruit and no Tech? A word may appear more than once."
        )
    return None


register(
    Exercise(
        "01-challenge-fruity-average",
        "A sentence of known words (a word may appear more than once), containing "
        "Apple, whose plain average (the mean of the rows of X) has a Tech share below 0.25.",
        "rule",
        lambda: "Apple juice juice",
        judge=_fruity_average,
        mistakes=(
            (
                lambda: "I love apple juice",
                f"that is the lesson's sentence (Tech share {mean_share('I love apple juice'):.2f}); more Fruit!",
            ),
            (lambda: "juice juice", "the sentence must contain Apple."),
        ),
    )
)
