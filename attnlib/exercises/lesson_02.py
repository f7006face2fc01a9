"""Notebook 02's exercises and its optional challenge: mixing words.

Each has its reference answer, computed from attnlib, and its likeliest mistakes, each with the
hint that names it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..data import toy
from .answers import mix, mix_share, share
from .engine import register
from .exercise import Exercise
from .rules import as_vector

register(
    Exercise(
        "02-watch-prime",
        "Apple' = 0.1·love + 0.5·Apple + 0.4·watch in 'I love Apple watch' (feature vectors).",
        "array",
        lambda: mix("love Apple watch", [0.1, 0.5, 0.4]),
        hint="Use al.lookup for love, Apple and watch, then add the three scaled vectors.",
        labels=toy.FEATURES,
        mistakes=(
            (
                lambda: mix("love Apple phones", [0.1, 0.5, 0.4]),
                "that is Apple' next to phones; the third word is watch.",
            ),
            (
                lambda: mix("I love Apple", [0.1, 0.5, 0.4]),
                "you mixed I, love and Apple (the first three rows); the recipe mixes love, Apple and watch: "
                "skip I (rows 1, 2 and 3).",
            ),
            (
                lambda: mix("love Apple watch", [0.1, 0.4, 0.5]),
                "you swapped the weights: 0.5 goes to Apple, 0.4 to watch.",
            ),
        ),
    )
)
register(
    Exercise(
        "02-watch-prime-tech-share",
        "Tech share of Apple' = 0.1·love + 0.5·Apple + 0.4·watch.",
        "number",
        lambda: share(mix("love Apple watch", [0.1, 0.5, 0.4])),
        hint="Mix the three vectors first, then take Tech / (Tech + Fruit) of the result.",
        mistakes=(
            (lambda: 0.5, "0.5 is the static Apple; mix in love and watch first."),
            (
                lambda: share(toy.lookup("watch")),
                "1.0 is watch's own share (it is all Tech); the question asks for Apple' after mixing in 0.1 of love, "
                "0.5 of Apple and 0.4 of watch.",
            ),
            (
                lambda: share(mix("love Apple phones", [0.1, 0.5, 0.4])),
                "about 0.70 is what mixing the words' shares gives (0.1·0.5 + 0.5·0.5 + 0.4·1), or the share next "
                "to phones: mix the vectors of love, Apple and watch first, then take the share of the mix.",
            ),
            (
                lambda: mix("love Apple watch", [0.1, 0.5, 0.4])[0] / mix("love Apple watch", [0.1, 0.5, 0.4]).sum(),
                "that is Tech over the sum of all 8 features; the share compares Tech with Fruit only: "
                "Tech / (Tech + Fruit).",
            ),
            (
                lambda: 100 * share(mix("love Apple watch", [0.1, 0.5, 0.4])),
                "give the share as a fraction between 0 and 1, not a percentage.",
            ),
        ),
    )
)
register(
    Exercise(
        "02-bank-prime",
        "bank' = 0.6·bank + 0.4·river (feature vectors).",
        "array",
        lambda: mix("bank river", [0.6, 0.4]),
        hint="bank' = 0.6 * al.lookup('bank') + 0.4 * al.lookup('river').",
        labels=toy.FEATURES,
        mistakes=(
            (lambda: mix("bank river", [0.4, 0.6]), "you swapped the weights: 0.6 goes to bank, 0.4 to river."),
            (lambda: mix("bank river", [0.5, 0.5]), "that is the plain average; use the weights 0.6 and 0.4."),
            (lambda: toy.lookup("bank"), "that is bank unmixed; add 0.4 of river to 0.6 of bank."),
        ),
    )
)


# --- the challenge (optional) ----------------------------------------------------------------------
def _fruity_mix(answer: Any) -> str | None:
    w = as_vector(answer, (3,))
    if isinstance(w, str):
        return w
    if (w < 0).any():
        return "mixing weights are never negative."
    if abs(w.sum() - 1) > 0.005:
        return f"your weights add up to {w.sum():g}; mixing weights add up to 1."
    if w[1] < 0.5:
        return f"Apple keeps only {w[1]:g} of itself; it must keep at least 0.5."
    share = mix_share(list(w))
    if share >= 0.28:
        return f"Apple' has a Tech share of {share:.3f}; it must be below 0.28. Which word has Fruit and no Tech?"
    return None


register(
    Exercise(
        "02-challenge-fruity-mix",
        "Mixing weights (love, Apple, juice), each >= 0 and adding up to 1, with Apple "
        "keeping at least 0.5, that give Apple' a Tech share below 0.28.",
        "rule",
        lambda: np.array([0.0, 0.5, 0.5]),
        judge=_fruity_mix,
        mistakes=(
            (
                lambda: np.array([0.1, 0.5, 0.4]),
                f"section 4's weights (0.1, 0.5, 0.4) give a Tech share of {mix_share([0.1, 0.5, 0.4]):.3f}; "
                "move weight to juice.",
            ),
            (lambda: np.array([0.0, 0.0, 1.0]), "Apple keeps none of itself; it must keep at least 0.5."),
        ),
    )
)
