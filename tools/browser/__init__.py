"""The series in JupyterLab, in headless Chromium, as a student meets it: what the browser tests
(tests/browser/) and make benchmark's browser timings (tools/bench_widgets.py) both use.

    import browser as bs        # tools/ is on the import path (a tool's own folder; pytest's pythonpath)

- server.py       `make lab`'s server (tools/lab.py) over a temporary copy of the repository; the
                  system's Chromium; pages that refuse, and record, requests to any other host
- page.py         open JupyterLab, open / run all / close a notebook, its path, problems and images
- settle.py       do something to a widget and watch it settle (or time its reaction)
- agree.py        what each widget's readout must agree with once settled
- drivers.py      DRIVERS: per widget class, how a person uses it, its agreement check and how it is timed
- navigation.py   every nav link opens the notebook its label names
- check.py        one notebook end to end: check_in_browser()
- scripts.py, js/ the JavaScript run in the page, one function a file

For a notebook, check_in_browser() runs all cells and fails on error outputs, stderr, widgets that do
not render, images that do not load and requests to any other host (the series works offline).
Then it operates every widget like a person (drag, arrow keys, click, type) and requires it to
settle: within 4 s of the interaction (SETTLE_WITHIN_MS) the controls and readout stop changing,
they then stay the same for 0.5 s, and the readout agrees with the controls. Last, the navigation
links: the path JupyterLab resolved every link to must be the notebook its label names, and one
link a lesson (a different kind each time) is clicked and must open that notebook.

Needs Debian's `chromium` (/usr/bin/chromium, or set CHROMIUM=/path) and the `playwright` package;
Playwright's own browser download is never used (REASON says why the browser cannot run, or is None).
Screenshots go to artifacts/screenshots/.
"""

from _common import ROOT, notebook_paths

from .check import check_in_browser, check_notebook
from .drivers import (
    DRIVERS,
    MINILM_TYPED,
    Driver,
    check_widgets,
    click_checkbox,
    click_toggle,
    drag_slider,
    measure_widgets,
    pick_option,
    press_keys,
    type_sentence,
    widgets_on_page,
)
from .navigation import click_links, expected_target, opened_by
from .page import (
    CURRENT,
    POLL_MS,
    SHOTS,
    START,
    assert_images_load,
    close_current,
    current_path,
    open_lab,
    open_notebook,
    problems,
    run_all,
    slug,
    wait_for_path,
    wait_until_open,
)
from .scripts import js
from .server import CHROMIUM, REASON, TOKEN, copy_repository, launch_browser, new_page, serve_lab, why_no_browser
from .settle import SETTLE_WITHIN_MS, STAY_STILL_MS, Settled, settle, snapshot, time_reaction

LESSONS = notebook_paths("notebooks")
SOLUTIONS = notebook_paths("solutions")

__all__ = [
    "CHROMIUM",
    "CURRENT",
    "DRIVERS",
    "LESSONS",
    "MINILM_TYPED",
    "POLL_MS",
    "REASON",
    "ROOT",
    "SETTLE_WITHIN_MS",
    "SHOTS",
    "SOLUTIONS",
    "START",
    "STAY_STILL_MS",
    "TOKEN",
    "Driver",
    "Settled",
    "assert_images_load",
    "check_in_browser",
    "check_notebook",
    "check_widgets",
    "click_checkbox",
    "click_links",
    "click_toggle",
    "close_current",
    "copy_repository",
    "current_path",
    "drag_slider",
    "expected_target",
    "js",
    "launch_browser",
    "measure_widgets",
    "new_page",
    "open_lab",
    "open_notebook",
    "opened_by",
    "pick_option",
    "press_keys",
    "problems",
    "run_all",
    "serve_lab",
    "settle",
    "slug",
    "snapshot",
    "time_reaction",
    "type_sentence",
    "wait_for_path",
    "wait_until_open",
    "why_no_browser",
    "widgets_on_page",
]
