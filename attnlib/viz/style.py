"""One colour per word in every figure, an opt-in projector style, and text contrast.

Nothing here touches matplotlib on import: `projector_style()` imports it when you call it, and
it changes rcParams only inside its `with` block.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    pass

# Each word keeps its colour in every figure of the series. Keys are lower case; a mixed word
# (Apple' = Apple after attention) is a new word with a colour of its own.
WORD_COLOURS: dict[str, str] = {
    "love": "#3ca587",
    "apple": "#0078b4",
    "phones": "#c35a00",
    "juice": "#960f00",
    "watch": "#783c4b",
    "i": "#7896a5",
    "apple'": "#3c0fe1",  # Apple mixed with phones (notebook 02)
    "apple' (phones)": "#3c0fe1",
    "apple' (juice)": "#3c7878",  # apple mixed with juice: a different mix from Apple'
    "juice'": "#3c96ff",
}
# The word colours and the fallbacks below were chosen (farthest-point search over colours with at least
# 3:1 contrast on white) so that any two stay apart for readers with deuteranopia or protanopia too:
# CIEDE2000 at least 12 between word colours, 8 with the fallbacks (tests/test_palette.py simulates both).

# Unknown words get one of these, picked by a hash of the word, so the choice is the same everywhere.
FALLBACK_COLOURS: tuple[str, ...] = (
    "#2d4b78",
    "#965a4b",
    "#5aa55a",
    "#008769",
    "#e17800",
    "#d21eb4",
    "#3c5a69",
    "#5a3cff",
)

# Projector-legible defaults: bigger text, thicker lines and markers, soft grid lines.
PROJECTOR_STYLE: dict[str, object] = {
    "font.size": 12,
    "axes.titlesize": 14,
    "axes.labelsize": 13,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "figure.titlesize": 15,
    "lines.linewidth": 2.5,
    "lines.markersize": 8,
    "grid.alpha": 0.3,
}

_QUALIFIER = re.compile(r"\s*\((static|mixed)\)\s*$")  # "Apple (static)" is the word Apple
_MULTIPLE = re.compile(r"^\s*[\d.]+\s*[×x*]\s*")  # "2 × phones" points where phones does


def _relative_luminance(rgb: Sequence[float]) -> float:
    """Return the WCAG 2 relative luminance of an sRGB colour given as three 0-255 numbers."""
    lin = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(a: Sequence[float], b: Sequence[float]) -> float:
    """Return the WCAG 2 contrast ratio (1 to 21) of two sRGB colours given as three 0-255 numbers."""
    hi, lo = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def readable_text_colour(background: Sequence[float]) -> str:
    """Return '#000000' or '#ffffff', whichever contrasts more with an sRGB (0-255) background."""
    black = contrast_ratio(background, (0, 0, 0)) >= contrast_ratio(background, (255, 255, 255))
    return "#000000" if black else "#ffffff"


def normalise_word(word: str) -> str:
    """Return the key a label is coloured by: lower case, without "(static)"/"(mixed)" or "2 × "."""
    if not isinstance(word, str):
        raise TypeError(f"word must be a str; got {type(word).__name__}")
    return _MULTIPLE.sub("", _QUALIFIER.sub("", word.strip().lower())).strip()


def word_colour(word: str) -> str:
    """Return the word's colour from WORD_COLOURS, or a fixed fallback colour for an unknown word."""
    key = normalise_word(word)
    if key in WORD_COLOURS:
        return WORD_COLOURS[key]
    return FALLBACK_COLOURS[zlib.crc32(key.encode("utf-8")) % len(FALLBACK_COLOURS)]


def word_colours(words: Iterable[str]) -> list[str]:
    """Return one colour per word; distinct unknown words that would share a colour are moved apart."""
    words = list(words)
    out = [word_colour(w) for w in words]
    owner: dict[str, str] = {}
    for i, word in enumerate(words):
        key, colour = normalise_word(word), out[i]
        if owner.get(colour, key) != key and key not in WORD_COLOURS:
            free = [c for c in FALLBACK_COLOURS if c not in owner]
            colour = free[0] if free else colour
        owner.setdefault(colour, key)
        out[i] = colour
    return out


@contextmanager
def projector_style(rc: Mapping[str, object] | None = None) -> Iterator[None]:
    """Use PROJECTOR_STYLE (updated by rc) for rcParams inside a `with` block, then restore them."""
    import matplotlib

    with matplotlib.rc_context({**PROJECTOR_STYLE, **(rc or {})}):
        yield
