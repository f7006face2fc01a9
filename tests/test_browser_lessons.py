"""Every lesson notebook in JupyterLab in headless Chromium: Run All, no errors, every widget responds.

The machinery (server, browser, offline guard, widget actions) is in browser_support.py; the
solutions run in test_browser_solutions.py so pytest-xdist can use both cores.
"""

import pytest
from browser_support import LESSONS, ROOT, SKIP_WITHOUT_BROWSER, browser, check_in_browser, lab, page  # noqa: F401

pytestmark = SKIP_WITHOUT_BROWSER


@pytest.mark.parametrize("rel", [p.relative_to(ROOT).as_posix() for p in LESSONS])
def test_lesson_runs_and_widgets_respond(page, rel):  # noqa: F811
    check_in_browser(page, rel)
