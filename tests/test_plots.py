"""Plot helpers do the plumbing: shared heatmap grids, sizes, the projector style, word colours."""

import subprocess
import sys

import numpy as np
import pytest

import attnlib as al
from attnlib.viz import axes, figures, style

mpl = pytest.importorskip("matplotlib")
mpl.use("Agg")  # this test process only; notebook kernels keep their inline backend
plt = pytest.importorskip("matplotlib.pyplot")
from matplotlib.colors import to_rgba  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def colorbars(fig):
    return [ax for ax in fig.axes if ax.get_label() == "<colorbar>"]


def test_show_heatmaps_has_one_shared_colorbar_shared_axes_and_outer_labels():
    w = al.softmax(np.arange(27.0).reshape(3, 3, 3))
    axes = al.show_heatmaps(
        w, ["a", "b", "c"], titles=["h1", "h2", "h3"], ncols=2, figsize=(7, 6), xlabel="key", ylabel="query"
    )
    fig = axes.flat[0].figure
    assert len(colorbars(fig)) == 1
    assert tuple(fig.get_size_inches()) == (7, 6)
    assert [ax.get_title() for ax in axes.flat[:3]] == ["h1", "h2", "h3"]
    assert axes[0, 0].get_shared_x_axes().joined(axes[0, 0], axes[1, 0])
    assert axes[0, 0].get_shared_y_axes().joined(axes[0, 0], axes[0, 1])
    assert [ax.get_ylabel() for ax in axes.flat[:3]] == ["query", "", "query"]
    # h2 has no panel below it (the fourth cell is hidden), so it carries the x label too
    assert [ax.get_xlabel() for ax in axes.flat[:3]] == ["", "key", "key"]
    assert not axes[1, 1].get_visible()
    assert {im.get_clim() for ax in axes.flat[:3] for im in ax.images} == {(0.0, 1.0)}


def test_show_heatmaps_sizes_and_errors():
    axes = al.show_heatmaps(np.eye(2), ["a", "b"], titles=["t"], annot_size=17, title_size=19)
    assert {t.get_fontsize() for t in axes[0, 0].texts} == {17}
    assert axes[0, 0].title.get_fontsize() == 19
    with pytest.raises(ValueError, match=r"titles must have 2 labels to match the data; got 1"):
        al.show_heatmaps(np.stack([np.eye(2)] * 2), titles=["only one"])
    with pytest.raises(ValueError, match=r"ncols must be a whole number >= 1; got 0"):
        al.show_heatmaps(np.eye(2), ncols=0)
    with pytest.raises(ValueError, match=r"figsize must be two positive numbers \(inches\); got \(0, 3\)"):
        al.show_heatmaps(np.eye(2), figsize=(0, 3))
    with pytest.raises(TypeError, match=r"figsize must be \(width, height\) in inches; got 5"):
        al.plot_heatmap(np.eye(2), figsize=5)


def test_plot_heatmap_title_and_annotation_sizes_and_figsize():
    ax = al.plot_heatmap(np.eye(3), list("abc"), title="T", annot_size=15, title_size=18, figsize=(4, 3))
    assert {t.get_fontsize() for t in ax.texts} == {15}
    assert ax.title.get_fontsize() == 18
    assert tuple(ax.figure.get_size_inches()) == (4, 3)
    assert len(colorbars(ax.figure)) == 1
    assert len(colorbars(al.plot_heatmap(np.eye(2), colorbar=False).figure)) == 0
    _, given = plt.subplots()
    with pytest.raises(ValueError, match=r"figsize only sizes a new figure; got both ax and figsize"):
        al.plot_heatmap(np.eye(2), ax=given, figsize=(3, 3))


def test_figsize_on_every_helper():
    assert tuple(al.plot_bars([1, 2], figsize=(5, 2)).figure.get_size_inches()) == (5, 2)
    assert tuple(al.plot_profiles(np.ones(8), figsize=(9, 3)).figure.get_size_inches()) == (9, 3)
    assert tuple(al.plot_vectors_2d({"a": (1, 1)}, figsize=(4, 4)).figure.get_size_inches()) == (4, 4)


def test_projector_style_changes_rcparams_only_inside_the_block():
    before = dict(mpl.rcParams)
    with al.projector_style():
        assert mpl.rcParams["font.size"] == style.PROJECTOR_STYLE["font.size"] != before["font.size"]
        assert mpl.rcParams["lines.linewidth"] == 2.5
        ax = al.plot_heatmap(np.eye(2), title="t")
    assert dict(mpl.rcParams) == before
    assert ax.title.get_fontsize() == style.PROJECTOR_STYLE["axes.titlesize"]
    assert {t.get_fontsize() for t in ax.texts} == {style.PROJECTOR_STYLE["font.size"] + 2}
    with al.projector_style({"font.size": 20}):
        assert mpl.rcParams["font.size"] == 20
    assert dict(mpl.rcParams) == before


def test_projector_style_restores_rcparams_after_an_error():
    before = dict(mpl.rcParams)
    with pytest.raises(RuntimeError), al.projector_style():
        raise RuntimeError("boom")
    assert dict(mpl.rcParams) == before


def test_style_module_does_not_load_matplotlib():
    code = "import sys, attnlib.viz.style; sys.exit(1 if 'matplotlib' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_word_colour_is_fixed_case_insensitive_and_ignores_qualifiers():
    assert style.word_colour("Apple") == style.word_colour("apple") == style.word_colour("Apple (static)")
    assert style.word_colour("2 × phones") == style.word_colour("phones")
    assert style.word_colour("Apple'") == style.word_colour("Apple' (mixed)") != style.word_colour("Apple")
    assert style.word_colour("apple' (juice)") != style.word_colour("Apple'")
    assert len({style.word_colour(w) for w in ["love", "apple", "phones", "juice", "watch", "Apple'"]}) == 6
    assert style.word_colour("zebra") == style.word_colour("Zebra") in style.FALLBACK_COLOURS
    with pytest.raises(TypeError, match=r"word must be a str; got int"):
        style.word_colour(3)


def test_word_colours_keeps_distinct_unknown_words_apart():
    words = [f"w{i}" for i in range(6)]
    assert len(set(style.word_colours(words))) == 6
    assert style.word_colours(["x", "X", "love"]) == [style.word_colour("x")] * 2 + [style.WORD_COLOURS["love"]]


def _arrow_colours(ax):
    """word -> colour of its label in a plot_vectors_2d Axes."""
    return {t.get_text().split(" (")[0]: to_rgba(t.get_color()) for t in ax.texts}


def test_same_word_same_colour_in_different_figures():
    space = _arrow_colours(figures.draw_embedding_space().axes[0])
    mixed = figures.draw_all_words_mixed().axes[1]  # the profiles panel
    profile = {
        label: to_rgba(h.patches[0].get_facecolor())
        for label, h in zip(*reversed(mixed.get_legend_handles_labels()), strict=True)
    }
    assert profile["Apple (static)"] == space["Apple"] == to_rgba(style.word_colour("apple"))
    assert profile["Apple' (mixed)"] == to_rgba(style.word_colour("Apple'"))
    softmax_bars = figures.draw_softmax().axes[0].patches
    assert [to_rgba(p.get_facecolor()) for p in softmax_bars] == [space["love"], space["Apple"], space["phones"]]
    ax = al.plot_vectors_2d({"juice": (4, 0), "2 × phones": (4, 4)})
    assert _arrow_colours(ax)["juice"] == space["juice"]
    assert _arrow_colours(ax)["2 × phones"] == space["phones"]


def test_bars_colour_and_value_options():
    ax = al.plot_bars([1.0, 2.0, 3.0], ["a", "b", "c"], color=["red", "green", "blue"], decimals=None)
    assert [to_rgba(p.get_facecolor()) for p in ax.patches] == [to_rgba(c) for c in ["red", "green", "blue"]]
    assert len(ax.texts) == 0  # decimals=None: no values on the bars
    with pytest.raises(ValueError, match=r"color must be one colour or 3 colours \(one per bar\); got 2"):
        al.plot_bars([1.0, 2.0, 3.0], color=["red", "green"])
    many = al.plot_bars(np.ones(10), [f"w{i}" for i in range(10)])
    assert {t.get_rotation() for t in many.get_xticklabels()} == {60}


def test_heatmap_numbers_are_readable_on_every_cell():
    """The number on each cell is black or white, whichever contrasts more with the cell's own colour
    (also for diverging colour maps, where both ends are dark)."""
    from attnlib.viz.style import contrast_ratio

    values = np.linspace(-1, 1, 21)[None]
    ax = al.plot_heatmap(values, ["row"], [str(i) for i in range(21)], cmap="RdBu", vmin=-1, vmax=1)
    image = ax.images[0]
    for text, value in zip(ax.texts, values[0]):
        cell = [255 * c for c in image.cmap(image.norm(value))[:3]]
        ink = [255 * c for c in mpl.colors.to_rgb(text.get_color())]
        other = [255 - c for c in ink]
        assert contrast_ratio(cell, ink) >= contrast_ratio(cell, other), (value, text.get_color())
        assert contrast_ratio(cell, ink) >= 4.5, (value, text.get_color())


def test_import_does_not_touch_rcparams():
    code = (
        "import matplotlib; before = dict(matplotlib.rcParams); import attnlib, attnlib.viz.plots, "
        "attnlib.viz.heatmaps, attnlib.viz.figures; import sys; sys.exit(0 if dict(matplotlib.rcParams) == before else 1)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_heatmap_returns_axes_with_labels():
    w = al.softmax(np.arange(9.0).reshape(3, 3))
    ax = al.plot_heatmap(w, ["a", "b", "c"], title="t")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c"]
    assert ax.get_title() == "t"
    assert len(ax.texts) == 9  # one number per cell


def test_heatmap_uses_given_ax():
    _, ax = plt.subplots()
    assert al.plot_heatmap(np.eye(2), ax=ax) is ax


def test_heatmap_label_count_error():
    with pytest.raises(ValueError, match=r"row_labels must have 2 labels to match the data; got 3"):
        al.plot_heatmap(np.eye(2), ["a", "b", "c"])


def test_show_heatmaps_grid():
    axes = al.show_heatmaps(np.stack([np.eye(3)] * 5), ["a", "b", "c"], titles=list("12345"), ncols=3)
    assert axes.shape == (2, 3)
    assert [ax.get_visible() for ax in axes.flat] == [True] * 5 + [False]
    assert axes[1, 1].get_title() == "5"


def test_vectors_2d():
    ax = al.plot_vectors_2d({"Apple": (2, 2), "phones": (2, 2), "love": (-4, 3)})
    labels = [t.get_text() for t in ax.texts]
    assert "Apple (2, 2)" in labels and "love (-4, 3)" in labels
    with pytest.raises(ValueError, match=r"vectors\['x'\] must have shape \(2,\); got \(3,\)"):
        al.plot_vectors_2d({"x": (1, 2, 3)})


def test_bars_and_profiles():
    ax = al.plot_bars([1.0, -2.0], ["a", "b"])
    assert len(ax.patches) == 2
    ax = al.plot_profiles(al.embed("apple juice").vectors, ["apple", "juice"])
    assert len(ax.patches) == 2 * len(al.FEATURES)
    assert [t.get_text() for t in ax.get_xticklabels()] == list(al.FEATURES)


def test_heatmap_axis_labels_and_font_size():
    ax = al.plot_heatmap(np.eye(2), ["a", "b"], xlabel="feature", ylabel="word", annot_size=14)
    assert ax.get_xlabel() == "feature" and ax.get_ylabel() == "word"
    assert {t.get_fontsize() for t in ax.texts} == {14}
    assert al.plot_profiles(np.ones(8), ylabel="share").get_ylabel() == "share"


@pytest.mark.parametrize(
    "draw",
    [
        lambda: al.show_heatmaps(np.full((12, 14, 14), 1 / 14), ncols=4, annotate=False).flat[0],
        lambda: al.plot_heatmap(np.eye(16)),
        lambda: al.plot_bars(np.arange(20.0), [f"w{i}" for i in range(20)]),
        lambda: al.plot_profiles(np.ones((3, 12)), features=[f"f{i}" for i in range(12)]),
    ],
)
def test_default_figures_fit_a_projector_column(draw):
    width, height = draw().figure.get_size_inches()
    assert width <= axes.MAX_FIGURE_WIDTH + 1e-9 and height > 2, (width, height)


def test_heatmap_grid_keeps_its_shape_when_narrowed():
    fig = al.show_heatmaps(np.full((12, 14, 14), 1 / 14), ncols=4, annotate=False).flat[0].figure
    wide = (4 * (1.4 + 0.8 * 14), 3 * (1.0 + 0.7 * 14))  # the grid's natural size, in inches
    assert fig.get_size_inches() == pytest.approx(np.multiply(wide, axes.MAX_FIGURE_WIDTH / wide[0]))


def test_an_explicit_figsize_is_kept():
    assert tuple(al.plot_bars([1.0, 2.0], figsize=(12, 3)).figure.get_size_inches()) == (12, 3)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: al.plot_vectors_2d([(1, 2)]),
            TypeError,
            r"vectors must be a non-empty dict of word -> \(x, y\); got list",
        ),
        (
            lambda: al.plot_profiles(np.ones((2, 2, 8))),
            ValueError,
            r"vectors must be \(d,\) or \(k, d\); got shape \(2, 2, 8\)",
        ),
    ],
)
def test_error_names_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()
