"""Every solutions notebook in JupyterLab in headless Chromium, and a self-test of the harness."""

import json

import pytest
from browser_support import (  # noqa: F401
    BROKEN,
    ROOT,
    SKIP_WITHOUT_BROWSER,
    SOLUTIONS,
    browser,
    check_notebook,
    close_notebook,
    lab,
    open_notebook,
    page,
)

pytestmark = SKIP_WITHOUT_BROWSER


@pytest.mark.parametrize("rel", [p.relative_to(ROOT).as_posix() for p in SOLUTIONS])
def test_solution_runs_in_the_browser(page, rel):  # noqa: F811
    from browser_support import check_in_browser

    check_in_browser(page, rel)


def test_a_broken_widget_callback_fails_naming_notebook_and_widget(page, lab):  # noqa: F811
    """The harness itself: a widget whose callback raises must fail the check, and say where."""
    (lab["root"] / "broken_widget.ipynb").write_text(json.dumps(BROKEN))
    open_notebook(page, "broken_widget.ipynb")
    try:
        with pytest.raises(pytest.fail.Exception) as failure:
            check_notebook(page, "broken_widget.ipynb")
    finally:
        close_notebook(page)
    message = str(failure.value)
    assert "broken_widget.ipynb" in message and "attnlib-softmax-widget" in message, message
