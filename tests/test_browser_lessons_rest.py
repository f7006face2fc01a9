"""The second half of the lessons in the browser (see test_browser_lessons.py for what is checked)."""

import pytest
from browser_support import LESSONS, ROOT, SKIP_WITHOUT_BROWSER, check_in_browser

pytestmark = SKIP_WITHOUT_BROWSER


@pytest.mark.parametrize("rel", [p.relative_to(ROOT).as_posix() for p in LESSONS[len(LESSONS) // 2:]])
def test_lesson_in_the_browser(page, lab, rel):
    check_in_browser(page, rel, lab["root"])
