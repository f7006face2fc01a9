"""Settling: do something to a widget, watch every change of what it shows, and say when it stopped.

A widget settles when, within SETTLE_WITHIN_MS of the interaction, its controls and readout stop
changing, they then stay the same for STAY_STILL_MS, and the readout agrees with the controls (an
agreement check of agree.py). A widget that is still but does not yet agree (a text box typed in, a
kernel that has not answered) is watched until it does. time_reaction() measures the same thing for
make benchmark: from the student's input reaching the page to the widget's last change.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from .scripts import js

# The last change must come this soon after the interaction ends: a bound for "stops changing", not a
# speed test (make benchmark times reactions). A busy 2-core CI machine, with another worker's kernel
# running, took 2.2 s for MiniLM's answer.
SETTLE_WITHIN_MS = 4000
STAY_STILL_MS = 500  # and nothing may change for this long after it (5x the reaction budget)


def snapshot(page, widget) -> dict:
    """Return the state a student sees in the widget: every control's value as shown, and the readout."""
    return page.evaluate(js("snapshot"), widget.element_handle())


def watch(page, widget) -> None:
    """Start recording every change of the widget's state, and when the student's input reaches it."""
    page.evaluate(js("watch"), [widget.element_handle(), js("snapshot")])


class Settled(dict):
    """What settle() found: did (what the student did), reaction_ms (interaction end to last change),
    state, changes, late (the changes later than SETTLE_WITHIN_MS, in ms after the interaction)."""


def _agrees(agree: Callable[[dict], list[str]] | None, state: dict) -> bool:
    """True when agree finds no problem with the state (a half-drawn state that breaks agree is not yet)."""
    try:
        return agree is None or not agree(state)
    except Exception:  # noqa: BLE001 - judged again, with its message, once settle() returns
        return False


def settle(page, widget, act: Callable[[], str], agree: Callable[[dict], list[str]] | None = None) -> Settled:
    """Do act() to the widget and watch it until it settles, or for at most SETTLE_WITHIN_MS + STAY_STILL_MS."""
    watch(page, widget)
    did = act()
    ended = page.evaluate("() => performance.now()")
    # Watch until the widget has been still for STAY_STILL_MS (since its last change, or since the
    # interaction ended if nothing has changed yet) and what it shows agrees with its controls, and
    # at most SETTLE_WITHIN_MS + STAY_STILL_MS: a widget that keeps changing is caught by the changes
    # that come later than SETTLE_WITHIN_MS. Stillness alone is not enough: a text box changes the
    # moment it is typed in, and a slow kernel may answer a second later.
    while True:
        page.wait_for_timeout(100)
        now, (last, state) = page.evaluate("() => [performance.now(), window.__attnlibWatch.log.at(-1)]")
        if now - ended >= SETTLE_WITHIN_MS + STAY_STILL_MS:
            break
        if now - max(last, ended) >= STAY_STILL_MS and _agrees(agree, json.loads(state)):
            break
    log = page.evaluate("() => { window.__attnlibWatch.stop(); return window.__attnlibWatch.log; }")
    times = [t for t, _ in log[1:]]
    last = max(times) if times else ended
    return Settled(
        did=did,
        reaction_ms=max(0.0, last - ended),
        state=json.loads(log[-1][1]),
        changes=len(times),
        late=[round(t - ended) for t in times if t - ended > SETTLE_WITHIN_MS],
    )


def time_reaction(page, widget, act: Callable[[], str], quiet_ms: int = 500, limit_ms: int = 5000) -> float:
    """Return the milliseconds from the student's input reaching the page (the first key, pointer or
    input or change event in the widget) to the widget's last change, once it has been quiet for quiet_ms."""
    watch(page, widget)
    armed = page.evaluate("() => performance.now()")
    act()
    while True:
        page.wait_for_timeout(100)
        now, log, inputs = page.evaluate(
            "() => [performance.now(), window.__attnlibWatch.log.map(e => e[0]), window.__attnlibWatch.inputs]"
        )
        start = inputs[0] if inputs else armed
        last = log[-1] if len(log) > 1 else start
        if now - last >= quiet_ms or now - start >= limit_ms:
            page.evaluate("() => window.__attnlibWatch.stop()")
            return max(0.0, last - start)
