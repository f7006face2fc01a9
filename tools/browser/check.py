"""One notebook, end to end, as a student meets it: Run All, then its outputs, what axe-core finds in
them (when asked: the lessons), images, widgets, navigation links and the network."""

from __future__ import annotations

import json
from pathlib import Path

from . import axe
from .drivers import check_widgets
from .navigation import click_links
from .page import SHOTS, START, assert_images_load, close_current, open_notebook, problems, run_all, slug


def check_notebook(page, rel: str, root: Path, axe_scope: tuple[list[str], list[str]] | None = None) -> list[dict]:
    """Run all cells, then check outputs, images, widgets, navigation links and the network; with
    axe_scope, (include, exclude) CSS selectors, also axe-core's WCAG 2.1 A/AA rules inside that scope
    right after Run All (serious and critical: none; its table is printed, and asserted last).

    A solutions notebook is checked as it opens, with its committed outputs: it has no widgets, and
    nbval already re-runs every cell of it; what only a browser shows is its images and its links."""
    if Path(rel).parts[0] != "solutions":
        run_all(page)
    page.screenshot(path=str(SHOTS / f"{slug(rel)}.png"))
    found = problems(page)
    assert not found, f"{rel}: " + "; ".join(found)
    failing = axe.violations(page, *axe_scope) if axe_scope else []
    if axe_scope:
        print(axe.table({rel: failing}))
    assert_images_load(page, rel)
    timings = check_widgets(page, rel)
    found = problems(page)
    assert not found, f"{rel} after using its widgets: " + "; ".join(found)
    if Path(rel).parts[0] in ("notebooks", "solutions"):
        source = json.loads((root / rel).read_text(encoding="utf-8"))
        navs = ["".join(c["source"]) for c in source["cells"] if "nav" in c["metadata"].get("tags", [])]
        assert len(navs) == 2 and navs[0] == navs[1], f"{rel}: the top and bottom nav cells must be the same"
        # Every link's resolved path is checked (the one the click would open, see opened_by). One
        # link a lesson is clicked, a different kind (previous, map, next, solutions) from one lesson
        # to the next, so each kind is clicked several times across the series; a solutions notebook's
        # links are the same kinds, resolved the same way, and are not clicked (each click opens a
        # notebook and starts its kernel: about 5 s of a 2-core machine). The top nav cell: the
        # bottom one is the same markdown.
        lesson = Path(rel).parts[0] == "notebooks"
        turn = int(Path(rel).name[:2])
        click_links(page, rel, "nav", root, click=lambda i, n: lesson and i == turn % n)
        if rel == START:  # the map: the newest lesson's row, its lesson and its solutions
            click_links(page, rel, "index", root, click=lambda i, n: i >= n - 2)
    assert not page.outside, f"{rel}: the browser tried to reach other hosts: {page.outside[:5]}"
    assert not failing, f"{rel}: axe-core finds WCAG 2.1 A/AA failures in the lesson's content:\n" + axe.table(
        {rel: failing}
    )
    return timings


def check_in_browser(page, rel: str, root: Path, axe_scope: tuple[list[str], list[str]] | None = None) -> list[dict]:
    """Open, run and check one notebook (check_notebook), then close it (whatever happens)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.outside.clear()
    open_notebook(page, rel, kernel=Path(rel).parts[0] != "solutions")  # a solutions notebook is not run here
    try:
        return check_notebook(page, rel, root, axe_scope)
    finally:
        close_current(page)
