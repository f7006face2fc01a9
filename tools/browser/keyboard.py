"""The keyboard alone, and what a screen reader is told (WCAG 2.1 AA, issue #24).

- check_keyboard(): from a widget's first control, Tab must reach every control of the widget (every
  element Tab can stop at, js/tabbable.js), each with a non-empty accessible name (the name Chromium's
  accessibility tree gives it, read with Playwright's aria snapshot), and the readout must be an
  aria-live="polite" region, so that a screen reader announces it when it changes.
- by_keyboard(): an interaction without the mouse, for drivers.py: focus the widget's first control
  (as Tab from the cell above would), press Tab until the control is reached, then arrow keys, Enter,
  Space or typing. Each widget class has one (Driver.keyboard), and it must settle like any other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .scripts import js

MAX_TABS = 40  # more controls than any widget has: a Tab that never leaves the widget is a focus trap
_ROLE_NAME = re.compile(r'^- (?P<role>[\w-]+)(?: "(?P<name>(?:[^"\\]|\\.)*)")?')


def tabbable_count(page, widget) -> int:
    """How many controls of the widget Tab can stop at."""
    return page.evaluate(f"([el]) => ({js('tabbable')})(el).length", [widget.element_handle()])


def focus_first(page, widget) -> None:
    """Put the keyboard's focus on the widget's first control (no mouse: element.focus())."""
    page.evaluate(f"([el]) => ({js('tabbable')})(el)[0].focus()", [widget.element_handle()])


def focused_index(page, widget) -> int | None:
    """The focused control's index among the widget's tabbable ones; -1 elsewhere in it; None outside it."""
    return page.evaluate(js("focus_in"), [widget.element_handle(), js("tabbable")])


def focused_name(page) -> tuple[str, str]:
    """The focused element's role and accessible name, as Chromium's accessibility tree gives them."""
    line = page.locator("*:focus").first.aria_snapshot().splitlines()[0]
    match = _ROLE_NAME.match(line)
    return (match["role"], match["name"] or "") if match else (line, "")


def tab_walk(page, widget) -> list[dict]:
    """Focus the widget's first control, then press Tab until the focus leaves the widget: return each
    stop inside it, {index, role, name}, in order (index among the tabbable controls, -1 for another element)."""
    focus_first(page, widget)
    stops = []
    for _ in range(MAX_TABS):
        index = focused_index(page, widget)
        if index is None:
            break
        role, name = focused_name(page)
        stops.append({"index": index, "role": role, "name": name})
        page.keyboard.press("Tab")
    return stops


def check_keyboard(page, widget) -> list[str]:
    """Every control reached with Tab and named; the readout a live region. Return the problems found."""
    total = tabbable_count(page, widget)
    if not total:
        return ["no control that the keyboard can reach"]
    stops = tab_walk(page, widget)
    problems = []
    if len(stops) >= MAX_TABS:
        problems.append(f"Tab never leaves the widget ({MAX_TABS} presses): a keyboard trap")
    missed = sorted(set(range(total)) - {s["index"] for s in stops})
    if missed:
        problems.append(f"Tab from the first control never reaches controls {missed} of {total}")
    unnamed = [f"{s['role']} (control {s['index']})" for s in stops if not s["name"].strip()]
    if unnamed:
        problems.append(f"controls without an accessible name: {', '.join(unnamed)}")
    live = widget.locator(".widget-html-content").last.get_attribute("aria-live")
    if live != "polite":
        problems.append(f"the readout is not announced when it changes (aria-live={live!r}, want 'polite')")
    return problems


def tab_to(page, widget, selector: str, nth: int = 0) -> int:
    """Focus the widget's first control and press Tab until widget.locator(selector).nth(nth) has the
    focus; return how many Tabs that took (AssertionError if the focus leaves the widget first)."""
    target = widget.locator(selector).nth(nth)
    focus_first(page, widget)
    for tabs in range(MAX_TABS):
        if target.evaluate("e => e === document.activeElement"):
            return tabs
        assert focused_index(page, widget) is not None, f"Tab left the widget before reaching {selector} #{nth}"
        page.keyboard.press("Tab")
    raise AssertionError(f"{MAX_TABS} Tabs did not reach {selector} #{nth}")


def by_keyboard(selector: str, nth: int = 0, keys: Sequence[str] = (), text: str | None = None) -> Callable:
    """An interaction with the keyboard only: Tab to widget.locator(selector).nth(nth) from the widget's
    first control, type text over what it holds (if any), then press keys; return what was done."""

    def act(page, widget) -> str:
        tabs = tab_to(page, widget, selector, nth)
        if text is not None:
            page.keyboard.press("Control+A")
            page.keyboard.type(text)
        for key in keys:
            page.keyboard.press(key)
        typed = f"typed {text!r}, " if text is not None else ""
        return f"(keyboard only) pressed Tab {tabs}× to {selector} #{nth}, {typed}pressed {'+'.join(keys)}"

    return act
