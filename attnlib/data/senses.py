"""Notebook 10's task: read Apple/apple or bank by its sense, from the other words of its sentence.

Every sentence has one ambiguous word (the target), a cue that decides its sense ("Apple phones",
"bank of the river"), a word about the *other* ambiguous word's topics that decides nothing
("... by the lake" next to Apple), and maybe an adjective that hints at a sense at random. The
vocabulary extends the series' toy features (attnlib.data.toy) with the new words below.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from .._validate import to_limited_whole_number, to_whole_number
from . import toy

SENSES: tuple[str, ...] = ("tech", "fruit", "money", "river")

# New words, features in the order of toy.FEATURES: Tech Fruit Food Smart Natural Sweet Money Water
NEW_WORDS: dict[str, tuple[float, ...]] = {
    "laptop": (0.9, 0.0, 0.0, 0.8, 0.0, 0.0, 0.4, 0.0),
    "tablet": (0.9, 0.0, 0.0, 0.7, 0.0, 0.0, 0.3, 0.0),
    "charger": (0.8, 0.0, 0.0, 0.3, 0.0, 0.0, 0.1, 0.0),
    "pie": (0.0, 0.6, 0.9, 0.0, 0.2, 0.7, 0.0, 0.0),
    "tree": (0.0, 0.6, 0.1, 0.0, 0.9, 0.0, 0.0, 0.1),
    "seeds": (0.0, 0.5, 0.4, 0.0, 0.8, 0.0, 0.0, 0.0),
    "loan": (0.1, 0.0, 0.0, 0.1, 0.0, 0.0, 0.9, 0.0),
    "account": (0.3, 0.0, 0.0, 0.2, 0.0, 0.0, 0.8, 0.0),
    "cash": (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0),
    "stream": (0.0, 0.0, 0.0, 0.0, 0.8, 0.0, 0.0, 0.9),
    "lake": (0.0, 0.0, 0.0, 0.0, 0.7, 0.0, 0.0, 1.0),
    "mud": (0.0, 0.0, 0.1, 0.0, 0.8, 0.0, 0.0, 0.6),
    # adjectives that hint at a sense (and are used with any sense)
    "sweet": (0.0, 0.5, 0.3, 0.0, 0.2, 0.9, 0.0, 0.0),
    "shiny": (0.6, 0.0, 0.0, 0.4, 0.0, 0.0, 0.2, 0.0),
    "smart": (0.5, 0.0, 0.0, 0.9, 0.0, 0.0, 0.1, 0.0),
    "fresh": (0.0, 0.5, 0.4, 0.0, 0.5, 0.2, 0.0, 0.3),
    "green": (0.0, 0.3, 0.1, 0.0, 0.8, 0.0, 0.0, 0.2),
    "cheap": (0.1, 0.0, 0.0, 0.0, 0.0, 0.0, 0.7, 0.0),
    "rich": (0.0, 0.0, 0.1, 0.0, 0.0, 0.1, 0.8, 0.0),
    "wet": (0.0, 0.0, 0.0, 0.0, 0.4, 0.0, 0.0, 0.8),
    # small words, as plain as "the"
    **{
        w: (0.1,) * 8
        for w in ("my", "we", "like", "look", "at", "she", "near", "and", "with", "of", "on", "in", "from")
    },
}
VOCABULARY: dict[str, tuple[float, ...]] = {
    **{w: tuple(float(x) for x in toy.lookup(w)) for w in toy.known_words()},
    **NEW_WORDS,
}

# sense -> cue word -> the phrase it appears in (the phrase holds the ambiguous word)
CUE_PHRASES: dict[str, dict[str, str]] = {
    "tech": {
        "phones": "Apple phones",
        "watch": "Apple watch",
        "laptop": "Apple laptop",
        "tablet": "Apple tablet",
        "charger": "Apple charger",
    },
    "fruit": {"juice": "apple juice", "pie": "apple pie", "tree": "apple tree", "seeds": "apple seeds"},
    "money": {
        "money": "money in the bank",
        "loan": "bank loan",
        "account": "bank account",
        "cash": "cash from the bank",
    },
    "river": {
        "river": "bank of the river",
        "stream": "bank of the stream",
        "lake": "bank of the lake",
        "mud": "mud on the bank",
    },
}
CUES: tuple[str, ...] = tuple(c for phrases in CUE_PHRASES.values() for c in phrases)
ADJECTIVES: tuple[str, ...] = ("sweet", "shiny", "smart", "fresh", "green", "cheap", "rich", "wet")
OPENERS: tuple[str, ...] = ("I love the", "I love my", "we like the", "we like my", "look at the", "she has the")
LINKS: tuple[str, ...] = ("by the", "near the", "with the", "and the", "and my")
AMBIGUOUS: tuple[str, ...] = ("apple", "bank")
MAX_SENTENCES = 100_000  # per set: 100 000 take about 1.5 s to draw; notebook 10 uses 400 and 200
# The other word's topics: Apple's sentences mention money or rivers, bank's mention tech or fruit.
_OTHER = {
    "tech": ("money", "river"),
    "fruit": ("money", "river"),
    "money": ("tech", "fruit"),
    "river": ("tech", "fruit"),
}


class SenseSentences(NamedTuple):
    """Sentences, each with the position of its ambiguous word and the index of its sense."""

    tokens: list[list[str]]  # one list of words per sentence
    target: np.ndarray  # (B,) position of the ambiguous word in each sentence
    label: np.ndarray  # (B,) index into SENSES (-1 when unknown)


class Batch(NamedTuple):
    """Sentences as arrays: embeddings X, the mask, the target positions and the labels."""

    x: np.ndarray  # (B, n, 8): X of each sentence, padded with zero rows to the longest
    mask: np.ndarray  # (B, n, n): True where word i may attend to word j (a real word, not i itself)
    target: np.ndarray  # (B,)
    label: np.ndarray  # (B,)


def is_held_out(cue: str, other: str) -> bool:
    """Return True when the pair (cue word, other-topic word) is kept for the test set only."""
    return (CUES.index(cue) + CUES.index(other)) % 3 == 0


def make_sense_sentences(n_train: int = 400, n_test: int = 200, seed: int = 0) -> tuple[SenseSentences, SenseSentences]:
    """Return (train, test) sentences drawn with a seed; no (cue, other word) pair of test is in train.

    n_train and n_test must be at most MAX_SENTENCES (100000); notebook 10 uses 400 and 200."""
    n_tr = to_limited_whole_number(n_train, "n_train", MAX_SENTENCES)
    n_te = to_limited_whole_number(n_test, "n_test", MAX_SENTENCES)
    rng = np.random.default_rng(to_whole_number(seed, "seed", minimum=0))
    train: list[tuple[list[str], int, int]] = []
    test: list[tuple[list[str], int, int]] = []
    while len(train) < n_tr or len(test) < n_te:
        label = int(rng.integers(len(SENSES)))
        sense = SENSES[label]
        cue = list(CUE_PHRASES[sense])[rng.integers(len(CUE_PHRASES[sense]))]
        pool = [c for s in _OTHER[sense] for c in CUE_PHRASES[s]]
        other = pool[rng.integers(len(pool))]
        adjective = [ADJECTIVES[rng.integers(len(ADJECTIVES))]] if rng.random() < 0.5 else []
        words = [
            *OPENERS[rng.integers(len(OPENERS))].split(),
            *adjective,
            *CUE_PHRASES[sense][cue].split(),
            *LINKS[rng.integers(len(LINKS))].split(),
            other,
        ]
        item = (words, _find_target(words), label)
        if is_held_out(cue, other):
            if len(test) < n_te:
                test.append(item)
        elif len(train) < n_tr:
            train.append(item)
    return _pack(train), _pack(test)


def _pack(items: list[tuple[list[str], int, int]]) -> SenseSentences:
    """Return SenseSentences from (tokens, target, label) triples."""
    return SenseSentences(
        [t for t, _, _ in items],
        np.array([p for _, p, _ in items], dtype=int),
        np.array([lab for _, _, lab in items], dtype=int),
    )


def _find_target(words: Sequence[str]) -> int:
    """Return the position of the first ambiguous word (apple or bank), or raise naming the sentence."""
    for i, w in enumerate(words):
        if w.lower() in AMBIGUOUS:
            return i
    raise ValueError(f"the sentence {' '.join(words)!r} has no ambiguous word; it needs Apple, apple or bank")


def sentences_from_text(texts: Sequence[str] | str, senses: Sequence[str] | None = None) -> SenseSentences:
    """Return SenseSentences for your own sentences; the target is the first Apple/apple/bank."""
    items = [texts] if isinstance(texts, str) else list(texts)
    if not items:
        raise ValueError("texts must hold at least one sentence")
    tokens = [toy.tokenize(t) for t in items]
    for words in tokens:
        _require_known_words(words)
    if senses is None:
        labels = [-1] * len(items)
    elif isinstance(senses, str) or len(senses) != len(items) or any(s not in SENSES for s in senses):
        raise ValueError(f"senses must be a list of {len(items)} names from {SENSES}; got {senses!r}")
    else:
        labels = [SENSES.index(s) for s in senses]
    return _pack([(words, _find_target(words), lab) for words, lab in zip(tokens, labels, strict=True)])


def _require_known_words(words: Sequence[str]) -> None:
    """Raise a ValueError naming the first word that is not in VOCABULARY."""
    for w in words:
        if str(w).lower() not in VOCABULARY:
            raise ValueError(f"{w!r} is not in notebook 10's vocabulary. Known words: {', '.join(sorted(VOCABULARY))}")


def encode_sentences(sentences: SenseSentences) -> Batch:
    """Return the arrays of a batch: X padded with zero rows, and a mask of real words other than itself."""
    if not isinstance(sentences, SenseSentences):
        raise TypeError(
            f"sentences must be SenseSentences (from make_sense_sentences or sentences_from_text), "
            f"got {type(sentences).__name__}"
        )
    tokens = sentences.tokens
    n = max(len(t) for t in tokens)
    x = np.zeros((len(tokens), n, len(toy.FEATURES)))  # (B, n, 8)
    real = np.zeros((len(tokens), n), dtype=bool)  # (B, n)
    for b, words in enumerate(tokens):
        _require_known_words(words)
        x[b, : len(words)] = [VOCABULARY[w.lower()] for w in words]
        real[b, : len(words)] = True
    mask = real[:, None, :] & ~np.eye(n, dtype=bool)  # (B, n, n)
    return Batch(x, mask, sentences.target.copy(), sentences.label.copy())
