"""Notebook 10's task: read each Apple/apple or bank by its sense, when the same word appears twice.

Every sentence holds one ambiguous word twice, each copy with a sense drawn at random, so half the
sentences hold both senses ("I love my Apple phones and the apple pie", "she has the river bank near
the bank loan") and half the same one twice. Each copy's sense is decided by the word right next to it
(its *cue*), so a model must read each copy from its own neighbour: the words of the sentence alone,
or the word's own vector, say nothing about which copy is which. The vocabulary
extends the series' toy features (attnlib.data.toy) with the new words below; a word's position in
the sentence is given by notebook 09's sinusoidal encoding, appended to its features.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from .._validate import to_limited_whole_number, to_whole_number
from . import toy

SENSES: tuple[str, ...] = ("tech", "fruit", "money", "river")
WORD_SENSES: dict[str, tuple[str, str]] = {"apple": ("tech", "fruit"), "bank": ("money", "river")}
AMBIGUOUS: tuple[str, ...] = tuple(WORD_SENSES)

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
    "savings": (0.1, 0.0, 0.0, 0.2, 0.0, 0.0, 0.9, 0.0),
    "investment": (0.3, 0.0, 0.0, 0.4, 0.0, 0.0, 0.9, 0.0),
    "central": (0.2, 0.0, 0.0, 0.1, 0.0, 0.0, 0.7, 0.0),
    "piggy": (0.0, 0.1, 0.1, 0.0, 0.1, 0.2, 0.7, 0.0),
    "grassy": (0.0, 0.1, 0.0, 0.0, 0.9, 0.0, 0.0, 0.3),
    "muddy": (0.0, 0.0, 0.1, 0.0, 0.8, 0.0, 0.0, 0.7),
    "steep": (0.0, 0.0, 0.0, 0.0, 0.8, 0.0, 0.0, 0.2),
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
        for w in (
            "my",
            "we",
            "like",
            "look",
            "at",
            "she",
            "near",
            "and",
            "with",
            "of",
            "on",
            "in",
            "from",
            "saw",
            "had",
            "really",
            "next",
            "to",
        )
    },
}
VOCABULARY: dict[str, tuple[float, ...]] = {
    **{w: tuple(float(x) for x in toy.lookup(w)) for w in toy.known_words()},
    **NEW_WORDS,
}

# sense -> cue word -> the phrase it appears in. The cue is right next to the ambiguous word, on the same
# side for both senses of a word (after apple, before bank), so where a copy stands says nothing of its sense.
CUE_PHRASES: dict[str, dict[str, str]] = {
    "tech": {c: f"Apple {c}" for c in ("phones", "watch", "laptop", "tablet", "charger")},
    "fruit": {c: f"apple {c}" for c in ("juice", "pie", "tree", "seeds")},
    "money": {c: f"{c} bank" for c in ("savings", "investment", "central", "piggy")},
    "river": {c: f"{c} bank" for c in ("river", "grassy", "muddy", "steep")},
}
CUES: tuple[str, ...] = tuple(c for phrases in CUE_PHRASES.values() for c in phrases)
# Openings and links of different lengths, so that a copy's position varies too.
OPENERS: tuple[str, ...] = ("I saw the", "we had my", "I love the", "we like my", "look at the", "I really love the")
LINKS: tuple[str, ...] = ("and", "and the", "near the", "with my", "next to the")
MAX_SENTENCES = 100_000  # per set: 100 000 take about 1.5 s to draw; notebook 10 uses 400 and 200


class SenseSentences(NamedTuple):
    """Sentences, each with the positions of its (up to two) ambiguous words and the index of their senses."""

    tokens: list[list[str]]  # one list of words per sentence
    target: np.ndarray  # (B, 2): the positions of the first and second ambiguous word (-1: none)
    label: np.ndarray  # (B, 2): their senses, indices into SENSES (-1: unknown, or no word)


def is_held_out(cue: str, other: str) -> bool:
    """Return True when the pair of cues (one for each copy) is kept for the test set only."""
    return (CUES.index(cue) + CUES.index(other)) % 3 == 0


def make_sense_sentences(n_train: int = 400, n_test: int = 200, seed: int = 0) -> tuple[SenseSentences, SenseSentences]:
    """Return (train, test) sentences drawn with a seed; no pair of cues of a test sentence is in train.

    n_train and n_test must be at most MAX_SENTENCES (100000); notebook 10 uses 400 and 200."""
    n_tr = to_limited_whole_number(n_train, "n_train", MAX_SENTENCES)
    n_te = to_limited_whole_number(n_test, "n_test", MAX_SENTENCES)
    rng = np.random.default_rng(to_whole_number(seed, "seed", minimum=0))
    train: list[tuple[list[str], list[int], list[int]]] = []
    test: list[tuple[list[str], list[int], list[int]]] = []
    while len(train) < n_tr or len(test) < n_te:
        word_senses = WORD_SENSES[AMBIGUOUS[rng.integers(len(AMBIGUOUS))]]
        senses = [word_senses[rng.integers(2)] for _ in range(2)]  # the same sense twice, or both senses
        cues = [list(CUE_PHRASES[s])[rng.integers(len(CUE_PHRASES[s]))] for s in senses]
        words = [
            *OPENERS[rng.integers(len(OPENERS))].split(),
            *CUE_PHRASES[senses[0]][cues[0]].split(),
            *LINKS[rng.integers(len(LINKS))].split(),
            *CUE_PHRASES[senses[1]][cues[1]].split(),
        ]
        item = (words, _find_targets(words), [SENSES.index(s) for s in senses])
        if is_held_out(*cues):
            if len(test) < n_te:
                test.append(item)
        elif len(train) < n_tr:
            train.append(item)
    return _pack(train), _pack(test)


def _pack(items: list[tuple[list[str], list[int], list[int]]]) -> SenseSentences:
    """Return SenseSentences from (tokens, targets, labels) triples, padding one target to two with -1."""
    pad = lambda values: [*values, -1][:2]  # noqa: E731 - one line, used twice
    return SenseSentences(
        [t for t, _, _ in items],
        np.array([pad(p) for _, p, _ in items], dtype=int).reshape(-1, 2),
        np.array([pad(lab) for _, _, lab in items], dtype=int).reshape(-1, 2),
    )


def _find_targets(words: Sequence[str]) -> list[int]:
    """Return the positions of the ambiguous words (one or two, the same word), or raise naming the sentence."""
    found = [i for i, w in enumerate(words) if w.lower() in AMBIGUOUS]
    text = " ".join(words)
    if not found:
        raise ValueError(f"the sentence {text!r} has no ambiguous word; it needs Apple, apple or bank")
    if len(found) > 2 or len({words[i].lower() for i in found}) > 1:
        raise ValueError(f"the sentence {text!r} must hold one ambiguous word once or twice (apple or bank, not both)")
    return found


def sentences_from_text(
    texts: Sequence[str] | str, senses: Sequence[str | Sequence[str]] | None = None
) -> SenseSentences:
    """Return SenseSentences for your own sentences, each with Apple/apple or bank once or twice.

    senses, if given, names each sentence's senses in order: "tech" for one word, ("tech", "fruit") for two."""
    items = [texts] if isinstance(texts, str) else list(texts)
    if not items:
        raise ValueError("texts must hold at least one sentence")
    tokens = [toy.tokenize(t) for t in items]
    for words in tokens:
        require_known_words(words)
    targets = [_find_targets(words) for words in tokens]
    if senses is None:
        labels = [[-1] * len(t) for t in targets]
    else:
        if isinstance(senses, str) or len(senses) != len(items):
            raise ValueError(f"senses must be a list of {len(items)} entries, one per sentence; got {senses!r}")
        labels = [_sense_labels(s, words, t) for s, words, t in zip(senses, tokens, targets, strict=True)]
    return _pack(list(zip(tokens, targets, labels, strict=True)))


def _sense_labels(senses: str | Sequence[str], words: list[str], targets: list[int]) -> list[int]:
    """Return the sense indices of one sentence's ambiguous words, or raise saying what was expected."""
    names = [senses] if isinstance(senses, str) else list(senses)
    word = words[targets[0]].lower()
    if len(names) != len(targets) or any(n not in WORD_SENSES[word] for n in names):
        raise ValueError(
            f"senses for {' '.join(words)!r} must name {len(targets)} sense(s) of {word}, "
            f"from {WORD_SENSES[word]}; got {senses!r}"
        )
    return [SENSES.index(n) for n in names]


def require_known_words(words: Sequence[str]) -> None:
    """Raise a ValueError naming the first word that is not in VOCABULARY."""
    for w in words:
        if str(w).lower() not in VOCABULARY:
            raise ValueError(f"{w!r} is not in notebook 10's vocabulary. Known words: {', '.join(sorted(VOCABULARY))}")
