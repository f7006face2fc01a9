"""What the widgets start with: named settings, default sentences and slider grids (no maths here).

Plain Python, so the lesson API can offer these names without loading matplotlib or ipywidgets.
"""

from __future__ import annotations

# Named (angle in degrees, length) settings of notebook 03's vector widget, against Apple at (2, 2):
# each one is a position its sliders can reach exactly.
VECTOR_SETTINGS: dict[str, tuple[float, float]] = {
    "juice": (0.0, 4.0),
    "phones": (45.0, 2 * 2**0.5),
    "2 × phones": (45.0, 4 * 2**0.5),
    "right angle": (135.0, 2.0),
    "opposite": (-135.0, 2 * 2**0.5),
}

# The sentences notebook 10's training widget shows by default: each word twice, in its two senses.
TRAINING_SENTENCES = (
    "I love my Apple watch and the apple pie",
    "look at the apple tree near the Apple charger",
    "I saw the savings bank next to the river bank",
    "we like the muddy bank with my piggy bank",
)

# Notebook 11's MiniLM widget: a sentence, another one to compare with, and a word found in both.
MINILM_SENTENCE = "We sat on the grassy bank of the river and watched the boats go by in the sun"
MINILM_OTHER = "I put my money in the bank on Monday"
MINILM_WORD = "bank"


def vector_lengths(step: float = 0.25, longest: float = 6.0) -> list[float]:
    """Return the vector widget's lengths: a grid of step up to longest, plus every named setting's."""
    grid = [round(step * i, 10) for i in range(1, int(round(longest / step)) + 1)]
    return sorted(set(grid) | {length for _, length in VECTOR_SETTINGS.values()})
