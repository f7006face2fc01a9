"""Every lesson in JupyterLab, in headless Chromium, started as `make lab` starts it: Run All, no
errors, every image loads, every widget settles and agrees with itself, every navigation link
resolves to the notebook it names, and one a lesson, of a different kind each time, is clicked.
The machinery is the package tools/browser/.

Accessibility (WCAG 2.1 AA, issue #24), in the same run of each lesson:
- axe-core (tools/browser/axe.py) on the lesson's own content right after Run All: the WCAG 2.1 A and
  AA rules, no serious or critical failure (its table per lesson is printed: pytest -s or -rP);
- every widget is used once with the keyboard alone (Tab from its first control, then keys: the
  Driver's `keyboard` in tools/browser/drivers.py) and must settle and agree like any other use; then
  Tab from its first control must reach every control, each with an accessible name, and its readout
  must be an aria-live region (tools/browser/keyboard.py).

Each lesson is a class of its own, so that `--dist loadscope` (make test) can hand the lessons to
both workers one by one, while nbval keeps each notebook's cells together.
"""

from pathlib import Path

import pytest
from browser import LESSONS, ROOT, check_in_browser

pytestmark = pytest.mark.browser

_NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the lesson's tab (other tabs are hidden)
# axe looks only at what the lesson itself puts on the page: each cell's rendered markdown (prose,
# pictures, links, the nav cells) and each output (printed text, figures, the widgets with their
# readouts). JupyterLab's own chrome, the toolbar, prompts, side bars, menus and status bar, is outside
# these and out of scope (its accessibility is JupyterLab's, tracked upstream).
AXE_INCLUDE = [f"{_NOTEBOOK} .jp-Cell .jp-RenderedMarkdown", f"{_NOTEBOOK} .jp-Cell .jp-OutputArea-output"]
# ...less the two pieces of chrome JupyterLab adds inside rendered markdown: the ¶ anchor link beside each
# heading and the button that folds a heading's section.
AXE_EXCLUDE = [f"{_NOTEBOOK} .jp-InternalAnchorLink", f"{_NOTEBOOK} .jp-collapseHeadingButton"]


def _lesson_class(rel: str) -> type:
    def test_in_the_browser(self, page, lab):
        check_in_browser(page, rel, lab["root"], axe_scope=(AXE_INCLUDE, AXE_EXCLUDE))

    return type(f"TestLesson{Path(rel).name[:2]}", (), {"test_in_the_browser": test_in_the_browser, "rel": rel})


for _path in LESSONS:
    _cls = _lesson_class(_path.relative_to(ROOT).as_posix())
    globals()[_cls.__name__] = _cls
