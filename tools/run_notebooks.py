"""Execute notebooks in place from a fresh kernel, in order, and strip stray metadata.

Usage: python tools/run_notebooks.py [NOTEBOOK ...]   (default: every notebook in notebooks/
and solutions/). Run it after editing a notebook, then commit the result: nbval compares the
committed outputs with a fresh run, and tests/test_notebook_hygiene.py checks the cleanliness.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from _common import ROOT, all_notebooks
from nbclient import NotebookClient
from numerics import KERNEL_VARS

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
# file_extension lets "Save and Export as Executable Script" write .py; the rest varies by machine.
LANGUAGE_INFO = {"name": "python", "file_extension": ".py"}
KEEP_CELL_METADATA = ("tags", "slideshow", "attnlib")  # slideshow: slide types, tools/make_slides.py; attnlib:
# {"tiny_floats": why a cell prints a float below 1e-7 with 2+ digits, "ignore_output_why": why nbval-ignore-output}


def coalesce_streams(outputs: list) -> list:
    """Join consecutive stdout (or stderr) chunks: how a print is split into chunks varies by run."""
    merged: list = []
    for out in outputs:
        prev = merged[-1] if merged else None
        if (
            out.get("output_type") == "stream"
            and prev is not None
            and prev.get("output_type") == "stream"
            and prev.get("name") == out.get("name")
        ):
            prev["text"] = "".join(prev["text"]) + "".join(out["text"])
        else:
            merged.append(out)
    return merged


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Keep only the metadata the project wants: kernelspec, language name, cell tags and slide types."""
    nb.metadata = nbformat.from_dict({"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO})
    for cell in nb.cells:
        cell.metadata = nbformat.from_dict({k: v for k, v in cell.metadata.items() if k in KEEP_CELL_METADATA and v})
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.get("outputs", []))
            for out in cell.outputs:
                if out.get("output_type") == "execute_result":
                    out["execution_count"] = cell.execution_count
    return nb


def execute(path: Path) -> float:
    """Run one notebook top to bottom in a fresh kernel, write it back cleaned; return seconds."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    start = time.perf_counter()
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=False,
    ).execute()
    seconds = time.perf_counter() - start
    nbformat.validate(nb)
    nbformat.write(clean(nb), path)
    return seconds


def main(argv: list[str]) -> int:
    """Execute the given notebooks (or all) and report the time each took."""
    # The committed timings (08's, tagged nbval-ignore-output) come from one BLAS thread: several
    # threads fighting for a small machine's cores turn the curves into noise. The kernels inherit this.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    # The committed outputs come from this machine's own numeric kernels; make test checks them on others
    # (tools/numerics.py). A stray kernel choice in the shell must not leak into them.
    for var in KERNEL_VARS:
        os.environ.pop(var, None)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: every one)")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.notebooks if p.suffix != ".ipynb" or not p.is_file()]
    if missing:
        parser.error(f"not a notebook file: {', '.join(missing)}")
    paths = [p.resolve() for p in args.notebooks] or all_notebooks()
    total = 0.0
    for path in paths:
        seconds = execute(path)
        total += seconds
        print(f"{seconds:6.1f} s  {path.relative_to(ROOT)}")
    print(f"{total:6.1f} s  total")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
