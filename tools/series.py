"""Where the series' notebooks are: one discovery helper for the tools and the tests."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("notebooks", "solutions")


def notebook_paths(folder: str = "notebooks", root: Path = ROOT) -> list[Path]:
    """Return the notebooks NN_slug.ipynb in root/folder (notebooks or solutions), in order."""
    if folder not in FOLDERS:
        raise ValueError(f"folder must be one of {FOLDERS}; got {folder!r}")
    return sorted((Path(root) / folder).glob("[0-9][0-9]_*.ipynb"))


def all_notebooks(root: Path = ROOT) -> list[Path]:
    """Return every lesson, then every solutions notebook, each in order."""
    return [p for folder in FOLDERS for p in notebook_paths(folder, root)]
