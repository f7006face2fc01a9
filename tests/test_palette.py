"""The one-colour-per-word palette stays distinguishable for readers with the common colour-vision
deficiencies, and every colour has 3:1 contrast on white (WCAG 2.1, 1.4.11, for graphics).

Deuteranopia and protanopia are simulated with Machado, Oliveira and Fernandes (2009), severity 1, on
linear RGB; the difference of two colours is CIEDE2000 in CIELAB (D65). A difference of about 10 or more
is an obvious one at a glance; the old tab10 palette had 1.3 (love and phones, protanopia).
"""

import itertools

import numpy as np
import pytest
from matplotlib.colors import to_rgb

from attnlib.viz import style

SIMULATIONS = {
    "normal vision": np.eye(3),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
}
WORDS = sorted(set(style.WORD_COLOURS.values()))
ALL = WORDS + list(style.FALLBACK_COLOURS)


def linear(colour: str) -> np.ndarray:
    c = np.array(to_rgb(colour))
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(rgb_linear: np.ndarray) -> np.ndarray:
    to_xyz = np.array(
        [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]]
    )
    xyz = to_xyz @ rgb_linear / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    (L1, a1, b1), (L2, a2, b2) = lab1, lab2
    c_mean = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = np.hypot(a1, b1), np.hypot(a2, b2)
    h1, h2 = np.degrees(np.arctan2(b1, a1)) % 360, np.degrees(np.arctan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    d_hue = 2 * np.sqrt(c1 * c2) * np.sin(np.radians(dh / 2))
    l_mean, c_mean = (L1 + L2) / 2, (c1 + c2) / 2
    h_mean = h1 + h2 if c1 * c2 == 0 else ((h1 + h2 + 360) / 2 if abs(h1 - h2) > 180 else (h1 + h2) / 2)
    t = (
        1
        - 0.17 * np.cos(np.radians(h_mean - 30))
        + 0.24 * np.cos(np.radians(2 * h_mean))
        + 0.32 * np.cos(np.radians(3 * h_mean + 6))
        - 0.20 * np.cos(np.radians(4 * h_mean - 63))
    )
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / np.sqrt(20 + (l_mean - 50) ** 2)
    s_c, s_h = 1 + 0.045 * c_mean, 1 + 0.015 * c_mean * t
    r_t = -np.sin(np.radians(60 * np.exp(-(((h_mean - 275) / 25) ** 2)))) * 2 * np.sqrt(c_mean**7 / (c_mean**7 + 25**7))
    dl, dc, dhh = (L2 - L1) / s_l, (c2 - c1) / s_c, d_hue / s_h
    return float(np.sqrt(dl**2 + dc**2 + dhh**2 + r_t * dc * dhh))


def closest_pair(colours: list[str], vision: str) -> tuple[float, str, str]:
    seen = {c: lab(np.clip(SIMULATIONS[vision] @ linear(c), 0, 1)) for c in colours}
    return min((ciede2000(seen[a], seen[b]), a, b) for a, b in itertools.combinations(colours, 2))


def test_ciede2000_matches_the_published_test_data():
    """Two pairs from Sharma, Wu and Dalal's CIEDE2000 test data (pairs 1 and 17)."""
    assert ciede2000(np.array([50, 2.6772, -79.7751]), np.array([50, 0, -82.7485])) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000(np.array([50, 2.5, 0]), np.array([73, 25, -18])) == pytest.approx(27.1492, abs=1e-4)


@pytest.mark.parametrize("vision", SIMULATIONS)
def test_word_colours_stay_apart(vision):
    difference, a, b = closest_pair(WORDS, vision)
    assert difference >= 12, f"with {vision}, {a} and {b} differ by only {difference:.1f} (CIEDE2000)"


@pytest.mark.parametrize("vision", SIMULATIONS)
def test_fallback_colours_stay_apart_from_each_other_and_the_words(vision):
    difference, a, b = closest_pair(ALL, vision)
    assert difference >= 8, f"with {vision}, {a} and {b} differ by only {difference:.1f} (CIEDE2000)"


@pytest.mark.parametrize("colour", ALL)
def test_every_colour_has_3_to_1_contrast_on_white(colour):
    rgb = [255 * x for x in to_rgb(colour)]
    assert style.contrast_ratio(rgb, (255, 255, 255)) >= 3, colour
