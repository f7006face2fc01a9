"""Shared test set-up: tools/ on the import path, the Hypothesis profile, and the browser tests'
fixtures (the machinery is in browser_support.py).

Do not set MPLBACKEND here: notebook kernels started by nbval and by the browser tests inherit the
environment, and they must keep matplotlib's inline backend. Tests that plot select Agg themselves.
"""

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))  # series, make_nav, lab

from browser_support import launch_browser, new_page, open_lab, serve_lab  # noqa: E402

# Property tests: enough examples to find edge cases, no per-example deadline (CI machines vary).
settings.register_profile("ci", max_examples=60, deadline=None)
settings.load_profile("ci")


def _longest_first(item) -> int:
    """Rank for the order of work: browser lessons, other browser tests, everything else."""
    name = item.nodeid
    return 0 if "test_browser_lessons" in name else 1 if "test_browser_" in name else 2


def pytest_collection_modifyitems(items):
    """Hand out the longest work first, so that `make test`'s two workers finish together.

    xdist's loadscope gives each worker the next notebook or test class in collection order; with the
    browser checks (tens of seconds each) last, one worker was left alone with the final one."""
    items.sort(key=_longest_first)   # stable: within each rank the order stays as collected


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
        shell = ", ".join(f"{v}={os.environ[v]}" for v in ("OPENBLAS_CORETYPE", "NPY_DISABLE_CPU_FEATURES")
                          if v in os.environ) or "the machine's own kernels"
        return f"numerics: this shell's, {shell} (make test runs the suite on another set-up, tools/numerics.py)"
    return f"numerics: {declared} (tools/numerics.py; the committed outputs use this machine's own kernels)"
