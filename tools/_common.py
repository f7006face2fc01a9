"""What every tool shares: where the repository is, the list of lessons and solutions, and `--check`.

    from _common import ROOT, notebook_paths, all_notebooks, check_parser

A tool run as a script (python tools/x.py) finds this module beside it; the tests find it because
pytest puts tools/ on the import path (pyproject.toml, `pythonpath`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
FOLDERS = ("notebooks", "solutions")


def notebook_paths(folder: str = "notebooks", root: Path = ROOT) -> list[Path]:
    """Return the notebooks NN_slug.ipynb in root/folder (notebooks or solutions), in order."""
    if folder not in FOLDERS:
        raise ValueError(f"folder must be one of {FOLDERS}; got {folder!r}")
    return sorted((Path(root) / folder).glob("[0-9][0-9]_*.ipynb"))


def all_notebooks(root: Path = ROOT) -> list[Path]:
    """Return every lesson, then every solutions notebook, each in order."""
    return [p for folder in FOLDERS for p in notebook_paths(folder, root)]


def check_parser(doc: str, what: str = "anything") -> argparse.ArgumentParser:
    """Return the argument parser of a tool that writes generated files: its description is the first
    paragraph of doc (the tool's docstring), and `--check` makes it write nothing and exit 1 if what
    it would write is out of date."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help=f"exit 1 if {what} is out of date; write nothing")
    return parser
