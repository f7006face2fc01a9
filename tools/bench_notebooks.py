"""Time the series as a student runs it: every lesson in a fresh kernel, one after the other.

Usage: python tools/bench_notebooks.py    (make benchmark runs it with the other parts: benchmark.py)
The notebooks run on a temporary copy (the repository is not touched). Prints each lesson's seconds
and their total; exits 1 over SERIES_BUDGET_S. A measurement, not a test: a busy machine is slower.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from _bench import run_parts
from _common import ROOT, notebook_paths

SERIES_BUDGET_S = 90.0  # "about a minute" on 2 cores, with some slack for kernel start-ups


def time_notebooks() -> float:
    """Execute every lesson notebook on a temporary copy; print and return the total seconds."""
    import nbformat
    from nbclient import NotebookClient

    total = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for folder in ("notebooks", "images"):
            shutil.copytree(ROOT / folder, Path(tmp) / folder)
        for path in notebook_paths("notebooks", Path(tmp)):
            nb = nbformat.read(path, as_version=4)
            start = time.perf_counter()
            NotebookClient(
                nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
            ).execute()
            seconds = time.perf_counter() - start
            total += seconds
            print(f"  {seconds:6.2f} s  {path.name}")
    print(f"  {total:6.2f} s  all lessons (budget {SERIES_BUDGET_S:.0f} s)")
    return total


def notebooks() -> bool:
    """The series' run time, with its heading; return whether it is within budget."""
    print("notebooks (fresh kernel each, in order):")
    return time_notebooks() <= SERIES_BUDGET_S


if __name__ == "__main__":
    sys.exit(run_parts([notebooks]))
