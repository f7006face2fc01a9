"""Interactive widgets: each builder wires controls to a live HTML readout and returns the widget.

What each widget shows is in attnlib.viz.readouts, the HTML pieces in attnlib.viz.html, the settings
it starts with in attnlib.viz.defaults; only ipywidgets loads lazily."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .._validate import to_float_array
from ..data.toy import BANK_SENTENCE, embed
from ..maths.mixing import rebalance
from . import readouts
from .defaults import TRAINING_SENTENCES, vector_lengths
from .html import render_profiles_html
from .readout_widget import build_readout

if TYPE_CHECKING:  # pragma: no cover
    import ipywidgets


def live_box(controls: list, render: Callable[..., str], css_class: str, layout: list | None = None) -> ipywidgets.VBox:
    """Wire controls to an HTML readout (announced when it changes: readout_widget.py): on every change show
    render(*control values); return the box."""
    import ipywidgets as w

    out = build_readout()

    def update(_change: object = None) -> None:
        out.value = render(*(c.value for c in controls))

    for control in controls:
        control.observe(update, names="value")
    update()
    box = w.VBox([*(controls if layout is None else layout), out])
    box.add_class(css_class)
    return box


def build_softmax_widget(
    scores: Sequence[float] = (-2.0, 8.0, 8.0), labels: Sequence[str] = ("love", "Apple", "phones")
) -> ipywidgets.VBox:
    """Return sliders for each score and a temperature, with the softmax bars updating live."""
    import ipywidgets as w

    start = to_float_array(scores, "scores", ndim=1, shape_hint="(n,)")
    names = [str(x) for x in labels]
    if len(names) != start.shape[0]:
        raise ValueError(f"labels must have {start.shape[0]} entries to match scores; got {len(names)}")
    sliders = [
        w.FloatSlider(
            value=float(s),
            min=-10,
            max=10,
            step=0.5,
            description=f"{n} score",
            continuous_update=True,
            style={"description_width": "initial"},
        )
        for s, n in zip(start, names, strict=True)
    ]
    temperature = w.FloatLogSlider(
        value=1.0, base=10, min=-1, max=1, step=0.05, description="temperature", style={"description_width": "initial"}
    )
    return live_box(
        [*sliders, temperature],
        lambda *values: readouts.describe_softmax(values[:-1], names, values[-1]),
        "attnlib-softmax-widget",
    )


def build_profile_widget(
    sentences: Sequence[str] = ("I love Apple phones", "I love apple juice", "I love Apple watch"),
) -> ipywidgets.VBox:
    """Return a sentence picker showing each word's static feature profile (Apple never changes)."""
    import ipywidgets as w

    choices = [str(s) for s in sentences]
    for s in choices:
        embed(s)  # fail early, naming any unknown word
    picker = w.Dropdown(options=choices, value=choices[0], description="sentence")
    return live_box([picker], lambda sentence: render_profiles_html(*embed(sentence)), "attnlib-profile-widget")


def build_mixing_widget(
    sentence: str = "love Apple phones", target: int = 1, weights: Sequence[float] = (0.1, 0.5, 0.4)
) -> ipywidgets.VBox:
    """Return one slider per word (kept summing to 1) and the live profile of the mixed word."""
    import ipywidgets as w

    tokens, _ = embed(sentence)
    start = to_float_array(weights, "weights", ndim=1, shape_hint=f"({len(tokens)},)")
    if start.shape[0] != len(tokens):
        raise ValueError(f"weights must have {len(tokens)} entries, one per word of {sentence!r}; got {start.shape[0]}")
    step = 0.05
    start = rebalance(start, 0, float(start[0]) / float(start.sum()), step=step)  # on the sliders' grid
    sliders = [
        w.FloatSlider(
            value=float(x),
            min=0,
            max=1,
            step=step,
            description=f"weight of {t}",
            style={"description_width": "initial"},
        )
        for x, t in zip(start, tokens, strict=True)
    ]
    out = build_readout()
    busy, held = [False], {}  # held: the slider being moved and the others' weights when it started

    def on_change(change: dict) -> None:
        # Every value written back is on the sliders' grid, so the browser has nothing to snap and
        # echo back: the sliders and the formula settle after one round trip. The others keep the
        # ratio they had when this slider started moving, whatever path it takes (no drift).
        if busy[0]:
            return
        busy[0] = True
        try:
            i = sliders.index(change["owner"])
            if held.get("index") != i:
                held.update(index=i, weights=[s.value for s in sliders])
            new = rebalance(held["weights"], i, change["new"], step=step)
            for s, x in zip(sliders, new, strict=True):
                if abs(s.value - x) > 1e-9:
                    s.value = float(x)
        finally:
            busy[0] = False
        out.value = readouts.describe_mix([s.value for s in sliders], sentence, target)

    for s in sliders:
        s.observe(on_change, names="value")
    out.value = readouts.describe_mix([s.value for s in sliders], sentence, target)
    box = w.VBox([*sliders, out])
    box.add_class("attnlib-mixing-widget")
    return box


def build_vector_widget(
    reference: Sequence[float] = (2.0, 2.0), angle: float = 0.0, length: float = 4.0
) -> ipywidgets.VBox:
    """Return angle and length sliders for a word vector, showing dot, cosine and distance to Apple."""
    import ipywidgets as w

    ref = [float(x) for x in reference]
    angle_slider = w.FloatSlider(value=angle, min=-180, max=180, step=5, description="angle (°)")
    # A selection slider, so that exact lengths such as 2√2 (phones) are on it, labelled to 2 decimals.
    lengths = sorted(set(vector_lengths()) | {float(length)})
    length_slider = w.SelectionSlider(
        options=[(f"{x:.2f}", x) for x in lengths], value=float(length), description="length"
    )
    return live_box(
        [angle_slider, length_slider], lambda a, n: readouts.describe_vector_pair(a, n, ref), "attnlib-vector-widget"
    )


def build_sentence_widget(
    sentences: Sequence[str] = ("I love Apple phones", "I love apple juice", "I love Apple watch", BANK_SENTENCE),
) -> ipywidgets.VBox:
    """Return a box to choose or type a sentence, showing its attention heatmap and new profiles."""
    import ipywidgets as w

    box_in = w.Combobox(
        value=sentences[0],
        options=list(sentences),
        description="sentence",
        ensure_option=False,
        layout=w.Layout(width="480px"),
    )
    return live_box([box_in], readouts.describe_sentence_attention, "attnlib-sentence-widget")


def build_soft_lookup_widget(angle: float = 30.0, sharpness: float = 2.0) -> ipywidgets.VBox:
    """Return sliders that move a query; the weights over keys and the blended value update live."""
    import ipywidgets as w

    angle_s = w.FloatSlider(
        value=angle, min=-180, max=180, step=5, description="query angle (°)", style={"description_width": "initial"}
    )
    sharp_s = w.FloatSlider(
        value=sharpness, min=0.0, max=4.0, step=0.25, description="query length", style={"description_width": "initial"}
    )
    return live_box([angle_s, sharp_s], readouts.describe_soft_lookup, "attnlib-lookup-widget")


def build_scaling_widget(d_k: int = 64, scaled: bool = False) -> ipywidgets.VBox:
    """Return a d_k slider and a scaling switch, showing how spread-out the scores are."""
    import ipywidgets as w

    dk = w.SelectionSlider(options=[1, 2, 4, 8, 16, 32, 64, 128, 256, 512], value=d_k, description="d_k")
    sc = w.Checkbox(value=scaled, description="divide by √d_k")
    return live_box([dk, sc], readouts.describe_scaling, "attnlib-scaling-widget")


def build_cost_widget(d: int = 64, times: dict[int, tuple[float, float]] | None = None) -> ipywidgets.VBox:
    """Return a sequence-length slider comparing attention's and an RNN's work, memory and time."""
    import ipywidgets as w

    options = sorted(times) if times else [2**i for i in range(3, 15)]
    n = w.SelectionSlider(options=options, value=options[len(options) // 2], description="words n")
    return live_box([n], lambda value: readouts.describe_costs(value, d, times), "attnlib-cost-widget")


def build_heads_widget(sentence: str = "I love Apple phones") -> ipywidgets.VBox:
    """Return controls for heads, causal mask and positions, with every head's heatmap live."""
    import ipywidgets as w

    heads = w.ToggleButtons(options=[1, 2, 4, 8], value=2, description="heads")
    causal = w.Checkbox(value=False, description="causal mask")
    positions = w.Checkbox(value=False, description="add positions")
    text = w.Text(value=sentence, description="sentence", continuous_update=False)
    return live_box(
        [text, heads, causal, positions],
        readouts.describe_heads,
        "attnlib-heads-widget",
        layout=[text, heads, w.HBox([causal, positions])],
    )


def build_training_widget(run: object, sentences: Sequence[str] = TRAINING_SENTENCES) -> ipywidgets.VBox:
    """Return a step slider and a sentence picker over a training run's snapshots (train_sense_model):
    the loss so far, both accuracies and A; every page is drawn once, the slider only looks it up."""
    import ipywidgets as w

    views = readouts.step_views(run, [str(s) for s in sentences])  # checks run and sentences
    texts, steps = list(dict.fromkeys(v.sentence for v in views)), sorted({v.step for v in views})
    pages = {
        (v.step, v.sentence): readouts.describe_training_step(
            v.step, steps[-1], v.losses, v.accuracies, v.tokens, v.weights, v.targets, v.senses
        )
        for v in views
    }
    slider = w.SelectionSlider(options=[(str(s), s) for s in steps], value=steps[0], description="step")
    picker = w.Dropdown(options=texts, value=texts[0], description="sentence", layout=w.Layout(width="480px"))
    return live_box([slider, picker], lambda step, text: pages[step, text], "attnlib-training-widget")
