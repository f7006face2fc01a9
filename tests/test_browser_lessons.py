"""Every lesson in JupyterLab, in headless Chromium, started as `make lab` starts it: Run All, no
errors, every image loads, every widget settles and agrees with itself, every navigation link
opens the notebook it names. The machinery is in browser_support.py; the solutions and the
landing page run in other files so pytest-xdist can use both cores: this file takes the first half
of the lessons, test_browser_lessons_rest.py the rest (each file starts its own server)."""

import pytest
from browser_support import LESSONS, ROOT, SKIP_WITHOUT_BROWSER, check_in_browser

pytestmark = SKIP_WITHOUT_BROWSER


@pytest.mark.parametrize("rel", [p.relative_to(ROOT).as_posix() for p in LESSONS[:len(LESSONS) // 2]])
def test_lesson_in_the_browser(page, lab, rel):
    check_in_browser(page, rel, lab["root"])
