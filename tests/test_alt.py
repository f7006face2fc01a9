"""attnlib.viz.alt: a figure shown with alt text (al.show) and the sentences that describe a plot helper's data
(al.describe_*): rounded numbers, ties, repeated labels, and clear errors naming the argument."""

import base64
import html

import numpy as np
import pytest

import attnlib as al
from attnlib.viz import alt

mpl = pytest.importorskip("matplotlib")
mpl.use("Agg")  # this test process only; notebook kernels keep their inline backend
plt = pytest.importorskip("matplotlib.pyplot")
pytest.importorskip("IPython")

pytestmark = pytest.mark.filterwarnings("error")
ALT = "A bar chart of three words: phones is the highest, at 0.62."


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def shown(monkeypatch):
    """What al.show passes to IPython's display: a list of (data, raw, metadata)."""
    calls = []

    def display(data, raw=False, metadata=None):
        calls.append((data, raw, metadata))

    monkeypatch.setattr("IPython.display.display", display)
    return calls


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (0.625, "0.62"),
        (0.6251, "0.63"),
        (8.0, "8"),
        (-2.0, "-2"),
        (123.4, "120"),
        (0.0012345, "0.0012"),
        (0.0, "0"),
        (-0.0, "0"),
        (2.3e-05, "almost 0"),
        (0.99999, "1"),
        (float("inf"), "inf"),
    ],
)
def test_format_number_rounds_to_two_significant_digits_without_an_exponent(x, text):
    assert alt.format_number(x) == text


def test_describe_bars_says_each_bar_and_the_highest_with_ties():
    assert al.describe_bars([-2, 8, 8], ["love", "Apple", "phones"]) == (
        "Bars from left to right: love -2, Apple 8, phones 8; the highest: Apple and phones, at 8."
    )
    assert al.describe_bars([0.70512], ["Apple'"], digits=3) == "One bar: Apple' 0.705."
    # a tie that differs in the last bit (another CPU's rounding) is still a tie
    assert "the highest: a and b, at 0.5" in al.describe_bars([0.5, 0.5 + 1e-16, 0.1], ["a", "b", "c"])


def test_describe_heatmap_names_each_rows_largest_value():
    a = al.softmax(np.array([[1.0, 2, 3], [3, 3, 0], [0, 0, 9]]))
    words = ["I", "love", "Apple"]
    assert al.describe_heatmap(a, words) == (
        "Largest weight in each row: I on Apple, 0.67; love on I and love, 0.49; Apple on Apple, 1."
    )
    assert al.describe_heatmap(a, words, rows=["love"], what="score") == (
        "Largest score in the row of love: love on I and love, 0.49."
    )
    features = al.describe_heatmap([[0.1, 0.9]], ["phones"], ["Fruit", "Tech"])
    assert features == "Largest weight in each row: phones on Tech, 0.9."


def test_describe_heatmap_tells_repeated_labels_apart_and_takes_row_indices():
    a = np.array([[0.1, 0.2, 0.7], [0.6, 0.3, 0.1], [0.2, 0.5, 0.3]])
    words = ["the", "cat", "the"]
    assert al.describe_heatmap(a, words, rows=["the"]) == (
        "Largest weight in the rows of the (row 1) and the (row 3): the (row 1) on the (column 3), 0.7; "
        "the (row 3) on cat, 0.5."
    )
    assert (
        al.describe_heatmap(a, words, rows=np.array([1]))
        == "Largest weight in the row of cat: cat on the (column 1), 0.6."
    )


def test_describe_heatmaps_goes_panel_by_panel():
    stack = np.stack([np.eye(2), np.fliplr(np.eye(2))])
    assert al.describe_heatmaps(stack, ["a", "b"], ["head 1", "scaled:\nsoftmax"]) == (
        "Head 1. Largest weight in each row: a on a, 1; b on b, 1. "
        "Scaled: softmax. Largest weight in each row: a on b, 1; b on a, 1."
    )
    assert al.describe_heatmaps(stack, ["a", "b"]).startswith("Panel 1. ")


def test_describe_profiles_and_vectors():
    profiles = np.stack([al.lookup("phones"), al.lookup("juice")])
    assert al.describe_profiles(profiles, ["phones", "juice"]) == (
        "phones peaks at Tech and Smart, 0.9; juice peaks at Fruit, 0.9."
    )
    assert al.describe_vectors({"Apple": [2, 2], "phones": (2, 2), "love": [-4, 3]}) == (
        "Arrows from the origin to Apple (2, 2), phones (2, 2) and love (-4, 3). Apple and phones end at the same point."
    )


def test_show_displays_the_png_with_its_alt_text_once_and_closes_the_figure(shown):
    fig, ax = plt.subplots()
    ax.bar([0, 1], [1, 2])
    al.show(fig, alt=ALT + "\n   (wrapped)")
    [(data, raw, metadata)] = shown
    assert raw is True
    assert base64.b64decode(data["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    text = ALT + " (wrapped)"  # white space collapsed: it is read as one sentence
    assert data["text/plain"] == text and metadata == {"image/png": {"alt": text}}
    # JupyterLab shows the HTML (it ignores alt in the metadata): the same PNG, the same alt, escaped
    assert data["text/html"] == f'<img src="data:image/png;base64,{data["image/png"]}" alt="{html.escape(text)}">'
    assert not plt.get_fignums(), "the figure must be closed, or the inline backend shows it again without alt"


def test_show_finds_the_figure_of_an_axes_an_array_of_axes_a_subfigure_or_the_current_one(shown):
    ax = al.plot_bars([1, 2], ["a", "b"])
    al.show(ax, alt=ALT)
    axes = al.show_heatmaps(np.stack([np.eye(2), np.eye(2)]), ["a", "b"])
    al.show(axes, alt=ALT)
    fig = plt.figure()
    left, _ = fig.subfigures(1, 2)
    al.show(left.subplots(), alt=ALT)
    plt.plot([1, 2])
    al.show(alt=ALT)
    assert len(shown) == 4 and not plt.get_fignums()


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"alt": ""}, ValueError, r"alt must say what the figure shows .* got ''"),
        ({"alt": "   "}, ValueError, r"alt must say what the figure shows"),
        ({"alt": "a plot"}, ValueError, r"at least 4 words"),
        ({"alt": None}, TypeError, r"alt must be a str describing the figure .* got NoneType"),
        (
            {"alt": ALT, "fig": "figure"},
            TypeError,
            r"fig must be a matplotlib Figure, an Axes or an array of Axes; got str",
        ),
    ],
)
def test_show_refuses_bad_input_naming_the_argument(shown, kwargs, error, message):
    plt.plot([1, 2])
    with pytest.raises(error, match=message):
        al.show(**kwargs)
    assert not shown


def test_show_without_a_figure_says_so(shown):
    with pytest.raises(ValueError, match=r"fig: no figure is open to show"):
        al.show(alt=ALT)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: al.describe_bars("abc"), TypeError, r"values must be an array of numbers"),
        (lambda: al.describe_bars([1, 2], ["a"]), ValueError, r"labels must have 2 labels"),
        (lambda: al.describe_bars([1, 2], digits=0), ValueError, r"digits"),
        (lambda: al.describe_heatmap([1, 2]), ValueError, r"matrix must be a 2-D matrix"),
        (
            lambda: al.describe_heatmap(np.eye(2), ["a", "b"], rows=["c"]),
            ValueError,
            r"rows must hold labels .* got 'c'",
        ),
        (lambda: al.describe_heatmap(np.eye(2), ["a", "b"], rows=[2]), ValueError, r"indices 0 to 1; got 2"),
        (lambda: al.describe_heatmap(np.eye(2), ["a", "b"], rows="a"), TypeError, r"rows must be a non-empty list"),
        (lambda: al.describe_heatmap(np.eye(2), what=""), TypeError, r"what must be the name of a value"),
        (lambda: al.describe_heatmaps(np.eye(2)), ValueError, r"matrices must be a 3-D array"),
        (lambda: al.describe_profiles(np.ones((2, 3)), ["a", "b"]), ValueError, r"features must have 3 labels"),
        (lambda: al.describe_vectors([[1, 2]]), TypeError, r"vectors must be a non-empty dict"),
        (lambda: al.describe_vectors({"a": [1, 2, 3]}), ValueError, r"vectors\['a'\] must have shape \(2,\)"),
    ],
)
def test_describe_refuses_bad_input_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()
