"""The guide's toy data: a small vocabulary with named features, its 2-D vectors, and cat/sat/mat.

The feature values are made up for teaching, chosen so that the guide's numbers come out:
"Apple" is 50% Tech / 50% Fruit, and Apple' = 0.1·love + 0.5·Apple + 0.4·phones is ≈70% Tech
(≈30% for juice). Look-ups ignore case: "Apple" and "apple" share one static vector, which is
exactly the problem the series sets out to solve.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from .._validate import to_float_array, to_whole_number

FEATURES: tuple[str, ...] = ("Tech", "Fruit", "Food", "Smart", "Natural", "Sweet", "Money", "Water")

# word -> value of each feature above, in order          Tech Fruit Food Smart Nat. Sweet Money Water
_FEATURE_ROWS: dict[str, tuple[float, ...]] = {
    "i": (0.1, 0.1, 0.0, 0.1, 0.1, 0.0, 0.0, 0.0),
    "love": (0.1, 0.1, 0.1, 0.0, 0.2, 0.3, 0.0, 0.0),
    "apple": (0.5, 0.5, 0.3, 0.5, 0.3, 0.4, 0.2, 0.0),
    "phones": (0.9, 0.0, 0.0, 0.9, 0.0, 0.0, 0.3, 0.0),
    "juice": (0.0, 0.9, 0.8, 0.0, 0.6, 0.8, 0.0, 0.5),
    "watch": (0.4, 0.0, 0.0, 0.4, 0.1, 0.0, 0.2, 0.0),
    "light": (0.2, 0.0, 0.0, 0.1, 0.5, 0.0, 0.0, 0.0),
    "bank": (0.1, 0.0, 0.0, 0.0, 0.4, 0.0, 0.6, 0.4),
    "river": (0.0, 0.0, 0.0, 0.0, 0.9, 0.0, 0.0, 0.9),
    "money": (0.1, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0),
    "steep": (0.0, 0.0, 0.0, 0.0, 0.7, 0.0, 0.1, 0.1),
    "slopes": (0.0, 0.0, 0.0, 0.0, 0.8, 0.0, 0.0, 0.2),
    "the": (0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1),
    "by": (0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1),
    "has": (0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1),
}

# The guide's 2-D embedding space (section "Dot Product Similarity").
VECTORS_2D: dict[str, tuple[float, float]] = {
    "love": (-4.0, 3.0),
    "apple": (2.0, 2.0),
    "phones": (2.0, 2.0),
    "juice": (4.0, 0.0),
}

# The guide's Exercise 2.
CAT_SAT_MAT: dict[str, tuple[float, float]] = {"cat": (1.0, 2.0), "sat": (3.0, 1.0), "mat": (2.0, 3.0)}

_TABLES: dict[str, Mapping[str, tuple[float, ...]]] = {
    "features": _FEATURE_ROWS,
    "2d": VECTORS_2D,
    "cat_sat_mat": CAT_SAT_MAT,
}


class Embedding(NamedTuple):
    """A sentence as tokens and one row of vectors per token."""

    tokens: list[str]
    vectors: np.ndarray  # (n_tokens, d)


def _resolve(table: str | Mapping[str, ArrayLike]) -> Mapping[str, ArrayLike]:
    """Return the word table for a table name or a user mapping."""
    if isinstance(table, str):
        if table not in _TABLES:
            raise ValueError(f"table must be one of {sorted(_TABLES)} or a dict; got {table!r}")
        return _TABLES[table]
    if not isinstance(table, Mapping) or not table:
        raise TypeError(f"table must be a table name or a non-empty dict of word -> vector; got {type(table).__name__}")
    return {str(w).lower(): v for w, v in table.items()}


def known_words(table: str | Mapping[str, ArrayLike] = "features") -> list[str]:
    """Return the words of a table, sorted."""
    return sorted(_resolve(table))


def tokenize(sentence: str) -> list[str]:
    """Split a sentence into words, dropping punctuation: "I love Apple!" -> ["I", "love", "Apple"]."""
    if not isinstance(sentence, str):
        raise TypeError(f"sentence must be a string, got {type(sentence).__name__}")
    tokens = re.findall(r"[A-Za-z0-9']+", sentence)
    if not tokens:
        raise ValueError(f"sentence has no words: {sentence!r}")
    return tokens


def lookup(word: str, table: str | Mapping[str, ArrayLike] = "features") -> np.ndarray:
    """Return the static vector of one word (case ignored): (d,)."""
    if not isinstance(word, str):
        raise TypeError(f"word must be a string, got {type(word).__name__}")
    rows = _resolve(table)
    key = word.lower()
    if key not in rows:
        name = table if isinstance(table, str) else "given"
        raise ValueError(
            f"{word!r} is not one of the {len(rows)} words the {name} table knows: {', '.join(sorted(rows))}"
        )
    return to_float_array(rows[key], f"vector of {word!r}", ndim=1)


def embed(sentence: str | list[str], table: str | Mapping[str, ArrayLike] = "features") -> Embedding:
    """Return the tokens of a sentence and their static vectors stacked: (n_tokens, d)."""
    tokens = list(sentence) if isinstance(sentence, (list, tuple)) else tokenize(sentence)
    if not tokens:
        raise ValueError("sentence has no words")
    vectors = np.stack([lookup(t, table) for t in tokens])
    return Embedding(tokens, vectors)


def tech_fruit_split(vector: ArrayLike) -> tuple[float, float]:
    """Return (tech, fruit) shares of a feature vector's Tech + Fruit, summing to 1."""
    v = to_float_array(vector, "vector", ndim=1, shape_hint=f"({len(FEATURES)},): one value per feature")
    if v.shape[0] != len(FEATURES):
        raise ValueError(f"vector must have {len(FEATURES)} features {FEATURES}; got shape {v.shape}")
    tech, fruit = float(v[0]), float(v[1])
    if tech < 0 or fruit < 0 or tech + fruit == 0:
        raise ValueError(f"vector needs non-negative Tech and Fruit, not both 0; got {tech}, {fruit}")
    top = max(tech, fruit)
    if top > 1.0:  # divide by the larger first so tech + fruit cannot overflow
        tech, fruit = tech / top, fruit / top
    return tech / (tech + fruit), fruit / (tech + fruit)


def format_profiles(
    vectors: ArrayLike, labels: list[str] | tuple[str, ...], features: tuple[str, ...] = FEATURES, decimals: int = 2
) -> str:
    """Return feature vectors (k, d) as an aligned text table: one row per label, one column per feature."""
    v = to_float_array(vectors, "vectors", min_ndim=1, shape_hint="(d,) or (k, d)")
    decimals = to_whole_number(decimals, "decimals", minimum=0)
    v = v.reshape(1, -1) if v.ndim == 1 else v
    names = [str(x) for x in labels]
    if v.ndim != 2 or v.shape != (len(names), len(features)):
        raise ValueError(
            f"vectors must have shape ({len(names)}, {len(features)}) for {len(names)} labels "
            f"and {len(features)} features; got {v.shape}"
        )
    width = max(6, decimals + 4, *(len(f) for f in features))
    first = max(len(n) for n in names)
    lines = [" " * first + "".join(f"{f:>{width + 1}}" for f in features)]
    lines += [f"{n:<{first}}" + "".join(f"{x:>{width + 1}.{decimals}f}" for x in row) for n, row in zip(names, v)]
    return "\n".join(lines)


# The guide's hand-picked mixing weights for "love Apple phones" (notebook 02; rows: love', Apple', phones').
GUIDE_MIX_WEIGHTS = np.array(
    [
        [0.8, 0.1, 0.1],  # love'   = 0.8·love + 0.1·Apple + 0.1·phones
        [0.1, 0.5, 0.4],  # Apple'  = 0.1·love + 0.5·Apple + 0.4·phones
        [0.1, 0.4, 0.5],  # phones' = 0.1·love + 0.4·Apple + 0.5·phones (our choice; the guide omits it)
    ]
)

# The guide's Exercise 1 sentence, where "bank" means the river's edge (notebooks 05 and 08).
BANK_SENTENCE = "The bank by the river has steep slopes"

# The soft look-up table of notebook 06: each key is a 2-D direction, each value a small profile.
LOOKUP_KEYS = {"fruit": (1.0, 0.0), "tech": (0.0, 1.0), "finance": (-0.94, -0.34)}
# Each value is a small profile over (Fruit, Tech, Money): what the entry hands over once matched.
LOOKUP_VALUES = {"fruit": (0.9, 0.1, 0.0), "tech": (0.1, 0.9, 0.4), "finance": (0.0, 0.3, 1.0)}
LOOKUP_VALUE_NAMES = ("Fruit", "Tech", "Money")
