"""JupyterLab's page: open it, open, run and close a notebook, and read what the current tab shows
(its path, its problems, its images). Screenshots go to artifacts/screenshots/ (SHOTS)."""

from __future__ import annotations

import re

from _common import ROOT

from .scripts import js
from .server import TOKEN

SHOTS = ROOT / "artifacts" / "screenshots"
START = "notebooks/00_start_here.ipynb"
POLL_MS = 50  # how often waits re-check the page (Playwright's default, every frame, costs CPU)
CURRENT = "window.jupyterapp.shell.currentWidget"  # the current tab, for JavaScript written in place


def open_lab(page, url: str, path: str = "") -> None:
    """Open JupyterLab at url + path (with the token) and wait until the app is up."""
    page.goto(f"{url}{path}{'&' if '?' in path else '?'}token={TOKEN}")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=60_000, polling=POLL_MS)
    page.wait_for_selector(".jp-DirListing", timeout=60_000)


def current_path(page) -> str | None:
    """Return the path of the file in the current tab (None when it shows none)."""
    return page.evaluate(js("current_path"))


def wait_for_path(page, rel: str, timeout: float = 30_000) -> None:
    """Wait until the current tab is the file rel."""
    page.wait_for_function(js("shows_path"), arg=rel, timeout=timeout, polling=POLL_MS)


def open_notebook(page, rel: str, kernel: bool = True) -> None:
    """Open a notebook in JupyterLab (as File > Open does) and wait until it has loaded and its kernel
    is really ready; or, when kernel is False (nothing will be run), until it has loaded, with no kernel."""
    # Without a kernel, the session is told not to start one before it initializes: a student's kernel
    # would run nothing here.
    page.evaluate(js("open_notebook"), [rel, kernel])
    if kernel:
        wait_until_open(page, rel)
    else:
        page.wait_for_function(js("loaded_without_kernel"), arg=rel, timeout=60_000, polling=POLL_MS)
    page.wait_for_function(js("markdown_rendered"), timeout=30_000, polling=POLL_MS)  # links and images are shown


def wait_until_open(page, rel: str, timeout: float = 60_000) -> None:
    """Wait until the current tab is the notebook rel and its kernel is idle."""
    page.wait_for_function(js("shows_notebook"), arg=rel, timeout=timeout, polling=POLL_MS)
    page.wait_for_function(js("kernel_ready"), timeout=60_000, polling=POLL_MS)
    page.wait_for_selector(
        ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=30_000
    )


def close_current(page) -> None:
    """Close the current notebook without saving (the copy is temporary) and shut its kernel down.

    The shutdown is asked for, not awaited: the server ends the kernel in the background, and the
    next check need not wait a second for it."""
    page.evaluate(js("close_current"))


def run_all(page) -> None:
    """Run every cell from the Run menu's command and wait until all have finished."""
    page.evaluate(js("run_all"))
    page.wait_for_timeout(200)
    page.wait_for_function(js("all_done"), timeout=120_000, polling=200)
    page.wait_for_timeout(200)  # let widget views render


def problems(page) -> list[str]:
    """Return what is wrong in the current notebook: error outputs, stderr, widgets that did not render."""
    return page.evaluate(js("problems"))


def slug(rel: str) -> str:
    """Return a file-name-safe form of a notebook's path (for screenshots)."""
    return re.sub(r"[^\w]+", "_", rel.removesuffix(".ipynb"))


def assert_images_load(page, rel: str) -> int:
    """Every image in the notebook's rendered markdown has loaded (naturalWidth > 0); return how many."""
    page.wait_for_function(js("images_settled"), timeout=15_000, polling=POLL_MS)
    broken = page.evaluate(js("broken_images"))
    assert not broken, f"{rel}: images that did not load: {broken}"
    return page.evaluate(js("count_images"))
