import subprocess
import sys

import numpy as np
import pytest

import attnlib as al

plt = pytest.importorskip("matplotlib.pyplot")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_import_is_light():
    code = ("import sys, attnlib; heavy = [m for m in ('matplotlib', 'ipywidgets') if m in sys.modules];"
            "print(heavy); sys.exit(1 if heavy else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_does_not_touch_rcparams():
    code = ("import matplotlib; before = dict(matplotlib.rcParams); import attnlib, attnlib.plots, "
            "attnlib.figures; import sys; sys.exit(0 if dict(matplotlib.rcParams) == before else 1)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_heatmap_returns_axes_with_labels():
    w = al.softmax(np.arange(9.0).reshape(3, 3))
    ax = al.plots.plot_heatmap(w, ["a", "b", "c"], title="t")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c"]
    assert ax.get_title() == "t"
    assert len(ax.texts) == 9  # one number per cell


def test_heatmap_uses_given_ax():
    _, ax = plt.subplots()
    assert al.plots.plot_heatmap(np.eye(2), ax=ax) is ax


def test_heatmap_label_count_error():
    with pytest.raises(ValueError, match=r"row_labels must have 2 labels to match the data; got 3"):
        al.plots.plot_heatmap(np.eye(2), ["a", "b", "c"])


def test_show_heatmaps_grid():
    axes = al.plots.show_heatmaps(np.stack([np.eye(3)] * 5), ["a", "b", "c"], titles=list("12345"), ncols=3)
    assert axes.shape == (2, 3)
    assert [ax.get_visible() for ax in axes.flat] == [True] * 5 + [False]
    assert axes[1, 1].get_title() == "5"


def test_vectors_2d():
    ax = al.plots.plot_vectors_2d({"Apple": (2, 2), "phones": (2, 2), "love": (-4, 3)})
    labels = [t.get_text() for t in ax.texts]
    assert "Apple (2, 2)" in labels and "love (-4, 3)" in labels
    with pytest.raises(ValueError, match=r"vectors\['x'\] must have shape \(2,\); got \(3,\)"):
        al.plots.plot_vectors_2d({"x": (1, 2, 3)})


def test_bars_and_profiles():
    ax = al.plots.plot_bars([1.0, -2.0], ["a", "b"])
    assert len(ax.patches) == 2
    ax = al.plots.plot_profiles(al.embed("apple juice").vectors, ["apple", "juice"])
    assert len(ax.patches) == 2 * len(al.FEATURES)
    assert [t.get_text() for t in ax.get_xticklabels()] == list(al.FEATURES)


def test_render_bars_html_escapes_and_scales():
    html = al.widgets.render_bars_html(["<b>", "x"], [0.25, 1.5])
    assert "&lt;b&gt;" in html and "width:25.0%" in html and "width:100.0%" in html


def test_describe_softmax_matches_softmax():
    html = al.widgets.describe_softmax([-2, 8, 8], ["love", "Apple", "phones"])
    assert "0.00002" in html and "0.49999" in html and "sum = 1.00000" in html


def test_softmax_widget_updates_on_slider_change():
    pytest.importorskip("ipywidgets")
    box = al.widgets.build_softmax_widget([-2, 8, 8], ["love", "Apple", "phones"])
    out = box.children[-1]
    before = out.value
    box.children[0].value = 9.0  # love's score
    assert out.value != before
    assert out.value == al.widgets.describe_softmax([9, 8, 8], ["love", "Apple", "phones"])


def test_softmax_widget_label_error():
    with pytest.raises(ValueError, match=r"labels must have 3 entries to match scores; got 2"):
        al.widgets.build_softmax_widget([1, 2, 3], ["a", "b"])


def test_mix_profile_normalises():
    vecs = al.embed("love apple phones").vectors
    np.testing.assert_allclose(al.widgets.mix_profile([1, 5, 4], vecs), al.weighted_sum([0.1, 0.5, 0.4], vecs))
    with pytest.raises(ValueError, match=r"weights must be >= 0 and not all 0"):
        al.widgets.mix_profile([0, 0, 0], vecs)
