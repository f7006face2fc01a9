"""Notebook 01's exercises and its optional challenge: words need context.

Each has its reference answer, computed from attnlib, and its likeliest mistakes, each with the
hint that names it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..data import toy
from .answers import bank_difference, mean_share, mix, share
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
            (lambda: 0.5, "0.5 is the static Apple alone; average all four words first."),
            (
                lambda: 100 * share(mix("I love Apple watch", [0.25] * 4)),
                "give the share as a fraction between 0 and 1, not a percentage.",
            ),
            (
                lambda: mix("I love Apple watch", [0.25] * 4)[0] / mix("I love Apple watch", [0.25] * 4)[1],
                "that is Tech / Fruit; the share is Tech / (Tech + Fruit).",
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
        "01-bank-difference",
        "bank's row in 'The bank by the river has steep slopes' minus bank's row in 'I love the bank' (8 numbers).",
        "array",
        lambda: bank_difference(1, 3),
        hint=f"Embed both sentences and subtract the rows of bank; {_BANK_ROWS}.",
        labels=toy.FEATURES,
        mistakes=(
            (lambda: toy.lookup("bank"), "that is bank's vector itself; subtract the second bank's row from it."),
            (lambda: bank_difference(1, 1), f"that is bank minus love (row 1 of the 2nd sentence); {_BANK_ROWS}."),
            (
                lambda: bank_difference(3, 3),
                f"your row of the first sentence is not bank (The, by, the and has share one vector); {_BANK_ROWS}.",
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
