"""The widget builders (attnlib.viz.widgets): each wired to its live readout, settling when the browser
echoes its values. What they show is tested in test_readouts.py, their HTML in test_html.py, the maths
behind them next to each maths module (test_mixing.py, ...). No matplotlib here; plots: test_plots.py."""

import subprocess
import sys

import numpy as np
import pytest

import attnlib as al
from attnlib.viz import html as vhtml
from attnlib.viz import readouts


def test_import_is_light():
    code = (
        "import sys, attnlib; heavy = [m for m in ('matplotlib', 'ipywidgets') if m in sys.modules];"
        "print(heavy); sys.exit(1 if heavy else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_softmax_widget_updates_on_slider_change():
    pytest.importorskip("ipywidgets")
    box = al.build_softmax_widget([-2, 8, 8], ["love", "Apple", "phones"])
    out = box.children[-1]
    before = out.value
    box.children[0].value = 9.0  # love's score
    assert out.value != before
    assert out.value == readouts.describe_softmax([9, 8, 8], ["love", "Apple", "phones"])


def test_softmax_widget_label_error():
    with pytest.raises(ValueError, match=r"labels must have 3 entries to match scores; got 2"):
        al.build_softmax_widget([1, 2, 3], ["a", "b"])


def _on_grid(values, step):
    units = np.asarray(values) / step
    return np.allclose(units, np.round(units), atol=1e-9, rtol=0)


def test_mixing_widget_settles_when_the_browser_snaps_values_to_the_slider_grid():
    """Regression (issue 9): the kernel wrote 0.0333 and 0.1667 to sliders with step 0.05; the browser
    snapped them to the grid and sent them back, and the widget never came to rest."""
    pytest.importorskip("ipywidgets")
    box = al.build_mixing_widget()
    sliders, out = box.children[:3], box.children[-1]
    for index, value in [(2, 0.8), (0, 0.35), (1, 0.0), (2, 1.0), (0, 0.15), (1, 0.95)]:
        sliders[index].value = value  # the student moves one slider
        values = [s.value for s in sliders]
        assert _on_grid(values, 0.05), f"off the sliders' grid, so the browser would snap them: {values}"
        for s in sliders:  # the browser echoes what it shows: no change
            s.value = round(s.value / s.step) * s.step
        assert [s.value for s in sliders] == pytest.approx(values, abs=1e-12)
        assert sum(values) == pytest.approx(1.0, abs=1e-9)
        assert values[index] == pytest.approx(value)
        formula = out.value.split("<code>")[1].split("</code>")[0]
        assert formula == "Apple' = " + " + ".join(
            f"{v:.2f}·{t}" for v, t in zip(values, ["love", "Apple", "phones"])
        ), formula


def test_mixing_widget_keeps_sliders_summing_to_one_and_updates():
    pytest.importorskip("ipywidgets")
    box = al.build_mixing_widget()
    sliders, out = box.children[:3], box.children[-1]
    assert "Tech 70% / Fruit 30%" in out.value
    sliders[2].value = 0.8  # more phones
    assert [s.value for s in sliders] == pytest.approx([0.05, 0.15, 0.8], abs=1e-12)
    assert "Tech 70%" not in out.value and out.value == readouts.describe_mix([s.value for s in sliders])


def test_profile_widget_shows_the_same_apple_row():
    pytest.importorskip("ipywidgets")
    box = al.build_profile_widget()
    picker, out = box.children
    first = out.value
    picker.value = "I love apple juice"
    assert out.value != first
    apple_row = vhtml.render_profiles_html(["Apple"], al.lookup("Apple")[None])
    assert apple_row.split("</tr>")[1] in first  # Apple's static row is identical in both


def test_vector_widget_updates():
    pytest.importorskip("ipywidgets")
    box = al.build_vector_widget()
    angle, length, out = box.children
    assert "dot product = 8.00" in out.value  # (4, 0) against Apple (2, 2), as in the guide
    angle.value = 45
    assert "cosine = 1.000" in out.value and out.value == readouts.describe_vector_pair(45, 4.0)
    assert "<svg" in out.value


def test_vector_widget_reaches_every_named_setting_exactly():
    """Regression (issue 9): lengths stepped by 0.25 up to 5.5 missed phones (2.83) and 2 × phones (5.66)."""
    pytest.importorskip("ipywidgets")
    angle, length, out = al.build_vector_widget().children
    assert set(al.VECTOR_SETTINGS) >= {"juice", "phones", "2 × phones", "right angle", "opposite"}
    for name, (a, n) in al.VECTOR_SETTINGS.items():
        assert angle.min <= a <= angle.max and (a - angle.min) % angle.step == 0, name
        assert n in [value for _, value in length.options], f"{name}: length {n} is not on the slider"
        angle.value, length.value = a, n
        assert out.value == readouts.describe_vector_pair(a, n)
    length.value = al.VECTOR_SETTINGS["phones"][1]
    angle.value = 45
    assert "dot product = 8.00" in out.value and "distance = 0.00" in out.value


def test_sentence_widget_shows_errors_as_text():
    pytest.importorskip("ipywidgets")
    box = al.build_sentence_widget()
    text, out = box.children
    first = out.value
    text.value = "I love bananas"
    assert "is not one of the 15 words the features table knows" in out.value and "Traceback" not in out.value
    text.value = "I love apple juice"
    assert out.value != first and "apple&#x27;" in out.value


def test_soft_lookup_widget_moves_weights():
    pytest.importorskip("ipywidgets")
    box = al.build_soft_lookup_widget(angle=0)
    angle, _, out = box.children
    assert out.value == readouts.describe_soft_lookup(0, 2.0)
    angle.value = 90
    assert out.value == readouts.describe_soft_lookup(90, 2.0)


def test_scaling_widget_updates():
    pytest.importorskip("ipywidgets")
    box = al.build_scaling_widget()
    dk, sc, out = box.children
    sc.value = True
    assert out.value == readouts.describe_scaling(64, True) and "q·k / √d_k" in out.value


def test_describe_costs_and_widget():
    html = readouts.describe_costs(1024, 64, {1024: (0.5, 0.01)})
    assert "134,217,728" in html and "4.00 MiB" in html and "10.00 ms" in html and "500.00 ms" in html
    pytest.importorskip("ipywidgets")
    box = al.build_cost_widget()
    n, out = box.children
    n.value = 8
    assert out.value == readouts.describe_costs(8)


def test_heads_weights_and_widget():
    tokens, w = readouts.heads_weights("I love Apple phones", 4, causal=True)
    assert w.shape == (4, 4, 4)
    np.testing.assert_array_equal(np.triu(w, 1), 0)
    _, w2 = readouts.heads_weights("I love Apple phones", 2, positions=True)
    _, w3 = readouts.heads_weights("I love Apple phones", 2, positions=False)
    assert not np.allclose(w2, w3)
    pytest.importorskip("ipywidgets")
    box = al.build_heads_widget()
    text, heads, _, out = box.children
    heads.value = 8
    assert out.value.count("head ") == 8
    text.value = "I love bananas"
    assert "is not one of the 15 words the features table knows" in out.value


def test_mixing_widget_gives_the_same_weights_whatever_path_the_slider_takes():
    """Dragging phones to 0.75 step by step or in one jump ends at the same weights (no rounding drift)."""
    pytest.importorskip("ipywidgets")
    jump, steps = al.build_mixing_widget(), al.build_mixing_widget()
    jump.children[2].value = 0.75
    for v in (0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75):
        steps.children[2].value = v
    assert [s.value for s in steps.children[:3]] == [s.value for s in jump.children[:3]]
    assert jump.children[-1].value == steps.children[-1].value
    jump.children[0].value = 0.2  # another slider: the others' ratio is taken afresh from now
    assert sum(s.value for s in jump.children[:3]) == pytest.approx(1)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: al.build_mixing_widget(weights=(0.5, 0.5)),
            ValueError,
            r"weights must have 3 entries, one per word of 'love Apple phones'; got 2",
        )
    ],
)
def test_error_names_argument(call, error, message):
    pytest.importorskip("ipywidgets")
    with pytest.raises(error, match=message):
        call()
