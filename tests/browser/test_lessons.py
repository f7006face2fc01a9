"""Every lesson in JupyterLab, in headless Chromium, started as `make lab` starts it: Run All, no
errors, every image loads, every widget settles and agrees with itself, every navigation link
resolves to the notebook it names, and one a lesson, of a different kind each time, is clicked.
The machinery is the package tools/browser/.

Each lesson is a class of its own, so that `--dist loadscope` (make test) can hand the lessons to
both workers one by one, while nbval keeps each notebook's cells together.
"""

from pathlib import Path

import pytest
from browser import LESSONS, ROOT, check_in_browser

pytestmark = pytest.mark.browser


def _lesson_class(rel: str) -> type:
    def test_in_the_browser(self, page, lab):
        check_in_browser(page, rel, lab["root"])

    return type(f"TestLesson{Path(rel).name[:2]}", (), {"test_in_the_browser": test_in_the_browser, "rel": rel})


for _path in LESSONS:
    _cls = _lesson_class(_path.relative_to(ROOT).as_posix())
    globals()[_cls.__name__] = _cls
