"""attnlib.viz.html: the widgets' HTML pieces (bars, shaded tables, heatmaps), pure functions from numbers to
strings; their contrast, their escaping, and clear errors for bad input (warnings are errors)."""

import re

import numpy as np
import pytest

from attnlib.viz import html as vhtml
from attnlib.viz import style

pytestmark = pytest.mark.filterwarnings("error")


def test_render_bars_html_escapes_and_scales():
    html = vhtml.render_bars_html(["<b>", "x"], [0.25, 1.5])
    assert "&lt;b&gt;" in html and "width:25.0%" in html and "width:100.0%" in html


def test_shaded_cells_reach_wcag_aa_contrast_for_every_shade():
    """Regression (issue 9): white text on mid shades had contrast 2.2 to 4.6:1; AA needs 4.5:1."""
    import re

    def luminance(hex_colour):
        rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    shades = np.linspace(0, 1, 101)[None]
    html = vhtml.render_heatmap_html(shades, ["row"], [str(i) for i in range(101)])
    pairs = re.findall(r"background:(#[0-9a-f]{6});color:(#[0-9a-f]{6})", html)
    assert len(pairs) == 101, "every cell states an opaque background and a text colour"
    ratios = [(max(luminance(b), luminance(t)) + 0.05) / (min(luminance(b), luminance(t)) + 0.05) for b, t in pairs]
    assert min(ratios) >= 4.5, f"lowest contrast {min(ratios):.2f}:1 at shade {np.argmin(ratios) / 100}"
    assert style.contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)


def test_render_profiles_html_shape_error():
    with pytest.raises(ValueError, match=r"vectors must have shape \(2, 8\) for 2 tokens and 8 features; got \(1, 8\)"):
        vhtml.render_profiles_html(["a", "b"], np.zeros((1, 8)))


def test_render_heatmap_html_and_error():
    html = vhtml.render_heatmap_html(np.eye(2), ["a", "b"])
    assert html.count("<tr>") == 3 and "1.00" in html
    with pytest.raises(ValueError, match=r"weights must have shape \(3, 3\) to match the labels; got \(2, 2\)"):
        vhtml.render_heatmap_html(np.eye(2), ["a", "b", "c"])


def test_compact_heatmap_for_many_columns():
    """The MiniLM widget's table (20 tokens) fits a 1024x768 projector: labels upwards, .25 for 0.25."""
    w = np.array([[0.25, 0.75], [1.0, 0.0]])
    compact, plain = (vhtml.render_heatmap_html(w, ["a", "b"], compact=c) for c in (True, False))
    assert re.findall(r">([\d.]+)</td>", compact) == [".25", ".75", "1.00", ".00"]
    assert re.findall(r">([\d.]+)</td>", plain) == ["0.25", "0.75", "1.00", "0.00"]
    assert compact.count("writing-mode:vertical-rl") == 2 and "writing-mode" not in plain


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: vhtml.render_bars_html(["a"], [0.1, 0.2]),
            ValueError,
            r"labels must have 2 entries to match values; got 1",
        )
    ],
)
def test_error_names_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()
