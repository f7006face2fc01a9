"""Every solutions notebook in JupyterLab in headless Chromium (as committed, with no kernel: its
outputs, images and links), and the page `make lab` lands on: the student's copy of 00 (my-notebooks/,
tools/lab.py), with its picture and no pop-up."""

from pathlib import Path

import browser as bs
import lab as make_lab  # tools/lab.py: what make lab runs
import pytest

pytestmark = pytest.mark.browser


def _solution_class(rel: str) -> type:
    def test_in_the_browser(self, page, lab):
        bs.check_in_browser(page, rel, lab["root"])

    return type(f"TestSolution{Path(rel).name[:2]}", (), {"test_in_the_browser": test_in_the_browser, "rel": rel})


for _path in bs.SOLUTIONS:  # a class each, so that make test's workers can share them out
    _cls = _solution_class(_path.relative_to(bs.ROOT).as_posix())
    globals()[_cls.__name__] = _cls


def test_make_lab_lands_on_00_with_its_images_and_no_pop_up(browser, lab):
    """`make lab` opens the server's default URL: it must show 00, with its picture, and nothing over it."""
    page = bs.new_page(browser, lab["url"])
    try:
        # make lab starts a new server, with no saved layout: forget the one earlier tests left (RISE's
        # test ends with 04 open), as the server would on a first start
        forgot = page.request.delete(f"{lab['url']}/lab/api/workspaces/default?token={bs.TOKEN}")
        assert forgot.status in (204, 404), f"could not reset the workspace: {forgot.status} {forgot.text()}"
        bs.open_lab(page, lab["url"], "/")
        page.wait_for_function(
            f"() => {bs.CURRENT} && {bs.CURRENT}.context && {bs.CURRENT}.context.isReady", polling=bs.POLL_MS
        )
        assert bs.current_path(page) == make_lab.START  # my-notebooks/00_start_here.ipynb
        page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown h1")
        assert page.evaluate(f"() => {bs.CURRENT}.node.querySelector('.jp-RenderedMarkdown h1').innerText").startswith(
            "Start here"
        )
        assert bs.assert_images_load(page, make_lab.START) >= 1
        tree = page.evaluate(
            "() => Array.from(document.querySelectorAll('.jp-DirListing-itemText')).map(e => e.innerText)"
        )
        page.wait_for_timeout(1500)  # the news question, if any, comes a moment after start-up
        bs.SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(bs.SHOTS / "make_lab_landing.png"))
        toasts = page.evaluate("() => Array.from(document.querySelectorAll('.Toastify__toast')).map(t => t.innerText)")
        assert not toasts, f"a pop-up covers the page: {toasts}"
        assert {"00_start_here.ipynb"} <= set(tree), f"the file browser shows {tree}"
        assert not page.outside, f"the browser tried to reach other hosts: {page.outside[:5]}"
    finally:
        page.context.close()
