"""Generate navigation cells and the index of notebooks from their file names and titles.

Usage: python tools/make_nav.py          # rewrite nav cells, the map in 00, the README table
       python tools/make_nav.py --check  # exit 1 if anything is out of date (the tests call main(check=True))

A lesson is notebooks/NN_slug.ipynb; its title is the first "# " heading of its first cell.
Each lesson gets a nav cell after the title and at the end (previous | map | next | solutions),
tagged "nav" (in a lesson also slide type "skip", see make_slides.py). Solutions in
solutions/NN_slug.ipynb get a nav cell pointing back to their lesson.
The map of the series (a cell tagged "index" in 00) and the README's table between
<!-- index:start --> and <!-- index:end --> list every lesson with its solutions. Every link is
written relative to the file that holds it, so it opens what its label names from there.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import nbformat
from _common import ROOT, check_parser, notebook_paths

START = "00_start_here.ipynb"
README_START, README_END = "<!-- index:start -->", "<!-- index:end -->"


def title_of(nb: nbformat.NotebookNode, path: Path) -> str:
    """Return the first '# ' heading of the first cell, or fail naming the file."""
    first = nb.cells[0].source if nb.cells else ""
    match = re.search(r"^# (.+)$", first, flags=re.M)
    if not match:
        raise SystemExit(f"{path}: the first cell must start with a '# Title' heading")
    return match.group(1).strip()


def lesson_paths(root: Path = ROOT) -> list[Path]:
    """Return every lesson notebook, notebooks/NN_slug.ipynb, in order."""
    return notebook_paths("notebooks", root)


def lessons(root: Path = ROOT) -> list[tuple[str, Path, str]]:
    """Return (number, path, title) for every lesson, in order."""
    return [(path.name[:2], path, title_of(nbformat.read(path, as_version=4), path)) for path in lesson_paths(root)]


def link(target: Path, source_dir: Path) -> str:
    """Return the relative link from a file in source_dir to target, with forward slashes."""
    return Path(os.path.relpath(target, source_dir)).as_posix()


def nav_cell(cell_id: str, text: str, slides: bool = False) -> nbformat.NotebookNode:
    """Return a markdown cell tagged 'nav' with a stable id (in a lesson, skipped in slides)."""
    cell = nbformat.v4.new_markdown_cell(text, id=cell_id)
    meta = {"tags": ["nav"], "slideshow": {"slide_type": "skip"}} if slides else {"tags": ["nav"]}
    cell.metadata = nbformat.from_dict(meta)
    return cell


def lesson_nav(i: int, items: list[tuple[str, Path, str]]) -> str:
    """Return the nav line for lesson i: previous | map | next | solutions."""
    here = items[i][1].parent
    parts = []
    if i > 0:
        num, path, title = items[i - 1]
        parts.append(f"[← {num} {title}]({link(path, here)})")
    parts.append(f"[Map of the series]({link(here / START, here)}#Map-of-the-series)")
    if i + 1 < len(items):
        num, path, title = items[i + 1]
        parts.append(f"[{num} {title} →]({link(path, here)})")
    else:
        parts.append("You have reached the end")
    sol = solution_of(items[i][1])
    if sol.exists():
        parts.append(f"[Solutions]({link(sol, here)})")
    return " | ".join(parts)


def solution_of(lesson: Path) -> Path:
    """Return the solutions notebook that belongs to a lesson (it may not exist)."""
    return lesson.parent.parent / "solutions" / lesson.name


def index_rows(items: list[tuple[str, Path, str]], source_dir: Path) -> list[str]:
    """Return one markdown table row per lesson, its links relative to source_dir."""
    rows = []
    for num, path, title in items:
        sol = solution_of(path)
        sol_link = f"[solutions]({link(sol, source_dir)})" if sol.exists() else ""
        rows.append(f"| {num} | [{title}]({link(path, source_dir)}) | {sol_link} |")
    return rows


def map_cell_text(items: list[tuple[str, Path, str]]) -> str:
    """Return the markdown of the map cell in 00."""
    return "\n".join(
        [
            "## Map of the series",
            "",
            "Work through them in order; each one builds on the last.",
            "",
            "| # | Notebook | Solutions |",
            "|---|---|---|",
            *index_rows(items, items[0][1].parent),
        ]
    )


def update_notebook(path: Path, new_cells: list[nbformat.NotebookNode], check: bool) -> bool:
    """Replace the cells of a notebook if they differ (unless checking); return True when they differ."""
    nb = nbformat.read(path, as_version=4)
    if [(c.cell_type, c.source, c.metadata) for c in nb.cells] == [
        (c.cell_type, c.source, c.metadata) for c in new_cells
    ]:
        return False
    nb.cells = new_cells
    if not check:
        nbformat.write(nb, path)
    return True


def with_nav(nb: nbformat.NotebookNode, text: str, slides: bool = False) -> list[nbformat.NotebookNode]:
    """Return the cells with nav cells placed after the title and at the end (skipped in slides if slides)."""
    body = [c for c in nb.cells if "nav" not in c.metadata.get("tags", [])]
    return [body[0], nav_cell("nav-top", text, slides), *body[1:], nav_cell("nav-bottom", text, slides)]


def main(check: bool = False, root: Path = ROOT) -> int:
    """Bring every nav cell, the map and the README table up to date, or with check=True only report."""
    items = lessons(root)
    stale = []
    for i, (num, path, title) in enumerate(items):
        nb = nbformat.read(path, as_version=4)
        cells = with_nav(nb, lesson_nav(i, items), slides=True)
        if path.name == START:
            for cell in cells:
                if "index" in cell.metadata.get("tags", []):
                    cell.source = map_cell_text(items)
        if update_notebook(path, cells, check):
            stale.append(path)
        sol = solution_of(path)
        if sol.exists():
            snb = nbformat.read(sol, as_version=4)
            text = (
                f"Solutions for [{num} {title}]({link(path, sol.parent)}) | "
                f"[Map of the series]({link(path.parent / START, sol.parent)}#Map-of-the-series)"
            )
            if update_notebook(sol, with_nav(snb, text), check):
                stale.append(sol)
    orphans = [p for p in (root / "solutions").glob("*.ipynb") if not (root / "notebooks" / p.name).exists()]
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8")
    if README_START in text and README_END in text:
        head, rest = text.split(README_START, 1)
        _, tail = rest.split(README_END, 1)
        table = "\n".join(["| # | Notebook | Solutions |", "|---|---|---|", *index_rows(items, root)])
        new = f"{head}{README_START}\n{table}\n{README_END}{tail}"
        if new != text:
            stale.append(readme)
            if not check:
                readme.write_text(new, encoding="utf-8")
    for path in stale:
        print(f"{'out of date' if check else 'updated'}: {path.relative_to(root)}")
    for path in orphans:
        print(f"solutions without a lesson: {path.relative_to(root)}")
    if check and (stale or orphans):
        print("run: python tools/make_nav.py")
        return 1
    return 1 if orphans else 0


if __name__ == "__main__":
    sys.exit(main(check=check_parser(__doc__).parse_args().check))
