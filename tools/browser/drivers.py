"""Widget drivers: how a person uses each widget of the series, and what must hold once it settles.

DRIVERS maps each widget's class (the one its builder adds, attnlib-<name>-widget) to a Driver: the
interactions the browser tests do, in order (drag, arrow keys, click, choose, type); the agreement
check its readout must pass after each (agree.py); the one discrete interaction make benchmark
times, 20 times over (a key, a click, a choice: its start is the moment the key or click lands); and
one interaction with the keyboard alone (keyboard.py: Tab from the first control, then keys), after
which every control must be reached with Tab and named for a screen reader.
A widget of a new class fails the tests until it has a driver here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import agree as a
from .keyboard import by_keyboard, check_keyboard
from .page import SHOTS, problems, slug
from .settle import SETTLE_WITHIN_MS, settle, snapshot, time_reaction

MINILM_TYPED = [
    "I put my money in the bank on Monday because the bank pays good interest every single year",
    "We sat on the grassy bank of the river and watched the boats go by in the sun",
]  # 20 tokens each
GPT_TYPED = [  # a backslash and n (\\n) type a new line in the prompt box
    "JULIET:\\nO Romeo, Romeo! wherefore art thou Romeo?",
    "First Citizen:\\nBefore we proceed any further, hear me speak.",
]


def drag_slider(page, widget, index: int = 0, dx: float = 60) -> str:
    handle = widget.locator(".noUi-handle").nth(index)
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx / 2, y, steps=4)
    page.mouse.move(x + dx, y, steps=4)
    page.mouse.up()
    return f"dragged slider {index} by {dx}px"


def press_keys(page, widget, index: int = 0, key: str = "ArrowRight", times: int = 3) -> str:
    handle = widget.locator(".noUi-handle").nth(index)
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(times):
        handle.press(key)
    return f"pressed {key} {times}× on slider {index}"


def pick_option(page, widget, index: int = 1) -> str:
    select = widget.locator("select").first
    options = select.locator("option").all_inner_texts()
    select.select_option(index=index)
    return f"picked {options[index]!r}"


def type_sentence(page, widget, text: str = "I love apple juice", index: int = 0) -> str:
    box = widget.locator("input[type='text']").nth(index)
    box.fill(text)
    box.press("Enter")
    return f"typed {text!r}" + (f" in text box {index}" if index else "")


def click_checkbox(page, widget, index: int = 0) -> str:
    widget.locator("input[type='checkbox']").nth(index).click()
    return f"clicked checkbox {index}"


def click_toggle(page, widget, label: str = "8") -> str:
    widget.locator(".widget-toggle-button", has_text=label).first.click()
    return f"clicked toggle {label!r}"


def _step(index: int) -> Callable:
    """Timing: one arrow key on slider index, right and left in turn (the i-th time)."""
    return lambda p, w, i: press_keys(p, w, index, "ArrowRight" if i % 2 else "ArrowLeft", 1)


@dataclass(frozen=True)
class Driver:
    """One widget class: actions(page, widget) -> what was done, in order; agree(state) -> problems;
    timed(page, widget, i) -> what was done, the i-th of make benchmark's repeated interactions;
    keyboard(page, widget) -> what was done, with the keyboard alone (every lesson's widget has one)."""

    actions: list[Callable]
    agree: Callable[[dict], list[str]]
    timed: Callable | None = None
    keyboard: Callable | None = None


def _turn(texts: list[str], act: Callable) -> Callable:
    """Timing: act with texts[i % len(texts)] the i-th time."""
    return lambda p, w, i: act(p, w, texts[i % len(texts)])


DRIVERS: dict[str, Driver] = {
    "attnlib-softmax-widget": Driver(
        actions=[lambda p, w: drag_slider(p, w, 0, 80)],
        agree=a.agree_softmax,
        timed=_step(0),
        keyboard=by_keyboard(".noUi-handle", 1, ["ArrowLeft", "ArrowLeft"]),  # Apple's score 8 -> 7
    ),
    "attnlib-profile-widget": Driver(
        actions=[pick_option],
        agree=a.agree_profile,
        timed=lambda p, w, i: pick_option(p, w, (i + 1) % 3),
        keyboard=by_keyboard("select", 0, ["End"]),  # the next sentence
    ),
    "attnlib-mixing-widget": Driver(
        actions=[lambda p, w: drag_slider(p, w, 2, 60), lambda p, w: press_keys(p, w, 0, "ArrowRight", 3)],
        agree=a.agree_mixing,
        timed=_step(2),
        keyboard=by_keyboard(
            ".noUi-handle", 1, ["ArrowRight", "ArrowRight"]
        ),  # Apple's weight up (earlier steps can leave it at 0)
    ),
    "attnlib-vector-widget": Driver(
        actions=[lambda p, w: press_keys(p, w, 1, "ArrowLeft", 5)],
        agree=a.agree_vector,
        timed=_step(0),
        keyboard=by_keyboard(".noUi-handle", 1, ["ArrowRight", "ArrowRight"]),  # the length
    ),
    "attnlib-sentence-widget": Driver(
        actions=[type_sentence],
        agree=a.agree_sentence,
        timed=_turn(["I love apple juice", "I love Apple phones"], type_sentence),
        keyboard=by_keyboard("input[type='text']", 0, ["Enter"], text="I love Apple watch"),
    ),
    "attnlib-lookup-widget": Driver(
        actions=[lambda p, w: drag_slider(p, w, 0, 90)],
        agree=a.agree_lookup,
        timed=_step(0),
        keyboard=by_keyboard(".noUi-handle", 1, ["ArrowLeft", "ArrowLeft"]),  # the query's length
    ),
    "attnlib-scaling-widget": Driver(
        actions=[click_checkbox],
        agree=a.agree_scaling,
        timed=lambda p, w, i: click_checkbox(p, w, 0),
        keyboard=by_keyboard("input[type='checkbox']", 0, ["Space"]),
    ),
    "attnlib-cost-widget": Driver(
        actions=[lambda p, w: drag_slider(p, w, 0, -80)],
        agree=a.agree_cost,
        timed=_step(0),
        keyboard=by_keyboard(".noUi-handle", 0, ["ArrowRight"]),
    ),
    "attnlib-heads-widget": Driver(
        actions=[click_toggle],
        agree=a.agree_heads,
        timed=_turn(["4", "2"], click_toggle),
        keyboard=by_keyboard(".widget-toggle-button", 2, ["Enter"]),  # 4 heads
    ),
    "attnlib-training-widget": Driver(
        actions=[
            lambda p, w: drag_slider(p, w, 0, 120),
            lambda p, w: press_keys(p, w, 0, "ArrowRight", 3),
            lambda p, w: pick_option(p, w, 2),
        ],
        agree=a.agree_training,
        timed=_step(0),
        keyboard=by_keyboard("select", 0, ["End"]),  # the next sentence
    ),
    "attnlib-minilm-widget": Driver(
        actions=[
            lambda p, w: type_sentence(p, w, MINILM_TYPED[0]),
            lambda p, w: pick_option(p, w, 3),
            lambda p, w: type_sentence(p, w, "The fisherman rowed to the bank", 1),
        ],
        agree=a.agree_minilm,
        timed=_turn(MINILM_TYPED, type_sentence),
        keyboard=by_keyboard("select", 0, ["End"]),  # the next block
    ),
    "attnlib-gpt-widget": Driver(
        actions=[
            lambda p, w: type_sentence(p, w, GPT_TYPED[0]),
            lambda p, w: drag_slider(p, w, 0, 40),  # the temperature up, sampled again when let go
            lambda p, w: pick_option(p, w, 2),  # head 1's attention
        ],
        agree=a.agree_gpt,
        timed=_step(0),  # the temperature down and up 0.05: a new text each time
        keyboard=by_keyboard(".noUi-handle", 0, ["ArrowRight"]),  # the temperature up 0.05
    ),
}


def widgets_on_page(page) -> tuple[object, list[str]]:
    """Return the locator of every attnlib widget in the current notebook and their classes."""
    widgets = page.locator(
        ".jp-NotebookPanel:not(.lm-mod-hidden) [class*='attnlib-'][class*='-widget']:not(.attnlib-readout)"
    )  # a readout belongs to its widget
    classes = [
        next(c for c in widgets.nth(i).get_attribute("class").split() if c.startswith("attnlib-"))
        for i in range(widgets.count())
    ]
    return widgets, classes


def check_widgets(page, rel: str) -> list[dict]:
    """Operate every widget, with the mouse and keys and then with the keyboard alone; each must settle,
    agree with itself and raise nothing, and Tab must reach every control, each named. Return the timings."""
    widgets, classes = widgets_on_page(page)
    lesson = Path(rel).parts[0] == "notebooks"
    if lesson:
        assert classes, f"{rel}: no widget rendered (every lesson has at least one)"
    timings = []
    for i, cls in enumerate(classes):
        widget = widgets.nth(i)
        assert cls in DRIVERS, f"{rel}: widget {cls} has no browser actions; add it to tools/browser/drivers.py"
        driver = DRIVERS[cls]
        assert driver.keyboard or not lesson, f"{rel}: widget {cls} has no keyboard interaction in its Driver"
        widget.scroll_into_view_if_needed()
        for action in [*driver.actions, *([driver.keyboard] if driver.keyboard else [])]:
            before = snapshot(page, widget)
            result = settle(page, widget, lambda action=action, widget=widget: action(page, widget), driver.agree)
            where = f"{rel}: widget {cls}, after the student {result['did']}"
            if result["late"] or result["state"] == before:
                widget.screenshot(path=str(SHOTS / f"{slug(rel)}__{cls}__FAILED.png"))
            assert result["state"] != before, f"{where}: nothing changed" + "".join(f"; {p}" for p in problems(page))
            assert not result["late"], (
                f"{where}: still changing {result['late']} ms after the interaction "
                f"({result['changes']} changes); it must settle within {SETTLE_WITHIN_MS} ms"
            )
            found = driver.agree(result["state"]) + problems(page)
            assert not found, f"{where}: " + "; ".join(found)
            timings.append({"notebook": rel, "widget": cls, "did": result["did"], "ms": result["reaction_ms"]})
        found = check_keyboard(page, widget)
        assert not found, f"{rel}: widget {cls}, with the keyboard and a screen reader: " + "; ".join(found)
        widget.screenshot(path=str(SHOTS / f"{slug(rel)}__{cls}.png"))
    return timings


def measure_widgets(page, rel: str, repeats: int = 20) -> dict[str, list[float]]:
    """Time repeats discrete interactions (a key, a click, a choice) with every widget in the open notebook."""
    widgets, classes = widgets_on_page(page)
    times = {}
    for i, cls in enumerate(classes):
        widget = widgets.nth(i)
        widget.scroll_into_view_if_needed()
        timed = DRIVERS[cls].timed
        times[cls] = [
            time_reaction(page, widget, lambda k=k, widget=widget, timed=timed: timed(page, widget, k))
            for k in range(repeats)
        ]
    return times
