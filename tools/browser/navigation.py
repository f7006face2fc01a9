"""Navigation links: every link of a nav cell (and of 00's map) must open the notebook its label names.

The path JupyterLab resolved each link to is checked (a click opens exactly that path), and the links
a caller picks are clicked: the tab that opens must be that notebook.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from _common import notebook_paths

from .page import START, close_current, current_path, wait_for_path
from .scripts import js


def expected_target(rel: str, label: str, root: Path) -> str:
    """Return the notebook a nav link's label names, from the notebook rel that holds it."""
    here = Path(rel)
    lesson = f"notebooks/{here.name}"
    if label.lower() == "solutions":
        return f"solutions/{here.name}" if here.parts[0] == "notebooks" else lesson
    if label == "Map of the series":
        return START
    name = label.strip("←→ ").strip()
    number = re.match(r"(\d\d) ", name)
    for path in notebook_paths("notebooks", root):
        title = json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"][0].removeprefix("# ").strip()
        if (number and path.name.startswith(number.group(1)) and name[3:] == title) or (not number and name == title):
            return f"notebooks/{path.name}"
    raise AssertionError(f"{rel}: the link label {label!r} names no notebook of the series")


def opened_by(href: str) -> str:
    """Return the path a rendered markdown link opens. JupyterLab resolves a relative link once, and
    uses the one result both for the click (it opens that path) and for the href (/files/<path>)."""
    path = urllib.parse.urlparse(href).path
    assert "/files/" in path, f"JupyterLab did not resolve the link {href!r} to a file of the server"
    return urllib.parse.unquote(path.split("/files/", 1)[1])


def click_links(page, rel: str, tag: str, root: Path, click: Callable[[int, int], bool] | None = None) -> int:
    """Every link in the notebook's first cell tagged tag must open the notebook its label names: the
    path JupyterLab resolved each one to is checked, and the links click(i, count) picks (all when
    None) are clicked, which must open that notebook in a new tab. Return how many were clicked."""
    links = page.evaluate(js("nav_links"), tag)
    assert links, f"{rel}: no links in cells tagged {tag!r}"
    source_id = page.evaluate("() => window.jupyterapp.shell.currentWidget.id")
    # The active cell's toolbar floats over its top right corner: make the last cell active, far from
    # the links, so that every click lands on its link as a student's would.
    page.evaluate(
        "() => { const n = window.jupyterapp.shell.currentWidget.content; n.activeCellIndex = n.widgets.length - 1; }"
    )
    clicked = 0
    for i, link in enumerate(links):
        label = link["label"]
        # In 00's map, 'solutions' belongs to the lesson named in the same row.
        row_lesson = links[i - 1]["label"] if tag == "index" and label == "solutions" else None
        want = (
            f"solutions/{Path(expected_target(rel, row_lesson, root)).name}"
            if row_lesson
            else expected_target(rel, label, root)
        )
        assert opened_by(link["href"]) == want, (
            f"{rel}: the link {label!r} should open {want}, but JupyterLab resolves it to {opened_by(link['href'])}"
        )
        if click is not None and not click(i, len(links)):
            continue
        clicked += 1
        anchor = (
            page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell")
            .nth(link["cell"])
            .locator(".jp-RenderedMarkdown a:not([href^='#'])")
            .nth(link["index"])
        )
        anchor.scroll_into_view_if_needed()
        anchor.click()
        try:  # the tab that opens is the file the label names (its title is checked in test_navigation)
            wait_for_path(page, want, timeout=15_000)
        except Exception:
            raise AssertionError(
                f"{rel}: the link {label!r} should open {want}, but the current tab is {current_path(page)}"
            ) from None
        if want != rel:
            close_current(page)
            page.evaluate("(id) => window.jupyterapp.shell.activateById(id)", source_id)
            wait_for_path(page, rel)
    return clicked
