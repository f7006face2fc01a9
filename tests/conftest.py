"""Shared test set-up: the Hypothesis profile, the order of work, at_once (a size beyond a limit is refused
at once), and the browser fixtures (the machinery is the package tools/browser/; the browser tests are in
tests/browser/).

tools/ is on the import path through pyproject.toml (pytest's `pythonpath`): tests import the tools
by their names (`import make_nav`, `from _common import ROOT, notebook_paths`, `import browser as bs`).
A test that needs a browser is marked `@pytest.mark.browser` (or `pytestmark = pytest.mark.browser`):
without Chromium or Playwright it is skipped, saying why; with ATTNLIB_REQUIRE_BROWSER set (CI) the
run stops instead.

Do not set MPLBACKEND here: notebook kernels started by nbval and by the browser tests inherit the
environment, and they must keep matplotlib's inline backend. Tests that plot select Agg themselves.
"""

import contextlib
import os
import signal

import pytest
from browser import REASON, launch_browser, new_page, open_lab, serve_lab
from hypothesis import settings

if REASON and os.environ.get("ATTNLIB_REQUIRE_BROWSER"):
    raise RuntimeError(f"browser tests are required here (ATTNLIB_REQUIRE_BROWSER is set) but {REASON}")

# Property tests: enough examples to find edge cases, no per-example deadline (CI machines vary).
settings.register_profile("ci", max_examples=60, deadline=None)
settings.load_profile("ci")


def _longest_first(item) -> int:
    """Rank for the order of work: browser lessons, other browser tests, everything else."""
    name = item.nodeid
    return 0 if name.startswith("tests/browser/test_lessons.py") else 1 if name.startswith("tests/browser/") else 2


def pytest_collection_modifyitems(items):
    """Hand out the longest work first, so that `make test`'s two workers finish together, and skip the
    tests marked `browser` where there is none.

    xdist's loadscope gives each worker the next notebook or test class in collection order; with the
    browser checks (tens of seconds each) last, one worker was left alone with the final one."""
    items.sort(key=_longest_first)  # stable: within each rank the order stays as collected
    if REASON:
        for item in items:
            if item.get_closest_marker("browser"):
                item.add_marker(pytest.mark.skip(reason=REASON))


@contextlib.contextmanager
def _at_once(seconds=1.0):
    """Fail the test, rather than hang, if the block is still running after `seconds` (where SIGALRM exists)."""

    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: a size beyond the limit was not refused at once")

    if not hasattr(signal, "setitimer"):
        yield
        return
    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture
def at_once():
    """`with at_once(): ...`: the sizes that cannot be meant (test_senses.py, test_sense_model.py,
    test_training.py) must be refused at once, not after minutes of work or a MemoryError."""
    return _at_once


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """JupyterLab as `make lab` starts it, over a temporary copy of the repository (one per worker)."""
    with serve_lab(tmp_path_factory.mktemp("lab")) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    with launch_browser() as b:
        yield b


@pytest.fixture(scope="session")
def page(browser, lab):
    """One JupyterLab page per worker; it refuses (and records) requests to any other host."""
    page = new_page(browser, lab["url"])
    open_lab(page, lab["url"], "/lab?reset")
    yield page
    page.context.close()


def pytest_report_header():
    """Say which numeric set-up the suite runs on (make test: another one than the committed outputs')."""
    declared = os.environ.get("ATTNLIB_NUMERICS")
    if declared is None:
        shell = (
            ", ".join(
                f"{v}={os.environ[v]}" for v in ("OPENBLAS_CORETYPE", "NPY_DISABLE_CPU_FEATURES") if v in os.environ
            )
            or "the machine's own kernels"
        )
        return f"numerics: this shell's, {shell} (make test runs the suite on another set-up, tools/numerics.py)"
    return f"numerics: {declared} (tools/numerics.py; the committed outputs use this machine's own kernels)"


@pytest.fixture(scope="session")
def plays():
    """Shakespeare's plays (data/shakespeare/, fetched by make test): skip saying why if they are not there,
    fail instead with ATTNLIB_REQUIRE_DATA set (CI)."""
    from attnlib.data import shakespeare as sh

    try:
        return sh.load_plays()
    except FileNotFoundError as exc:
        reason = f"the plays have not been fetched (run make test, or python tools/fetch_shakespeare.py): {exc}"
        if os.environ.get("ATTNLIB_REQUIRE_DATA"):
            pytest.fail(f"ATTNLIB_REQUIRE_DATA is set but {reason}")
        pytest.skip(reason)
