"""Generate navigation cells and the index of notebooks from their file names and titles.

Usage: python tools/make_nav.py          # rewrite nav cells, the map in 00, the README table
       python tools/make_nav.py --check  # exit 1 if anything is out of date (run by the tests)

A lesson is notebooks/NN_slug.ipynb; its title is the first "# " heading of its first cell.
Each lesson gets a nav cell after the title and at the end (previous | map | next), tagged
"nav". Solutions in solutions/NN_slug.ipynb get a nav cell pointing back to their lesson.
The map of the series (a cell tagged "index" in 00) and the README's table between
<!-- index:start --> and <!-- index:end --> list every lesson; planned ones are listed
without a link, so no link can point at a file that does not exist.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
START = "00_start_here.ipynb"

# Titles of lessons that are planned but not written yet (number -> title).
PLANNED = {
    "01": "Words need context",
    "02": "Mixing words",
    "03": "Dot-product similarity",
    "04": "Softmax",
    "05": "Self-attention from scratch",
    "06": "Query, Key and Value",
    "07": "Matrix form and scaling",
    "08": "Why attention wins",
    "09": "Beyond one head",
}
README_START, README_END = "<!-- index:start -->", "<!-- index:end -->"


def title_of(nb: nbformat.NotebookNode, path: Path) -> str:
    """Return the first '# ' heading of the first cell, or fail naming the file."""
    first = nb.cells[0].source if nb.cells else ""
    match = re.search(r"^# (.+)$", first, flags=re.M)
    if not match:
        raise SystemExit(f"{path}: the first cell must start with a '# Title' heading")
    return match.group(1).strip()


def lessons() -> list[tuple[str, Path, str]]:
    """Return (number, path, title) for every written lesson, in order."""
    out = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        out.append((path.name[:2], path, title_of(nb, path)))
    return out


def nav_cell(cell_id: str, text: str) -> nbformat.NotebookNode:
    """Return a markdown cell tagged 'nav' with a stable id."""
    cell = nbformat.v4.new_markdown_cell(text, id=cell_id)
    cell.metadata = nbformat.from_dict({"tags": ["nav"]})
    return cell


def lesson_nav(i: int, items: list[tuple[str, Path, str]]) -> str:
    """Return the nav line for lesson i: previous | map | next (or what comes next)."""
    parts = []
    if i > 0:
        num, path, title = items[i - 1]
        parts.append(f"[← {num} {title}]({path.name})")
    parts.append(f"[Map of the series]({START}#Map-of-the-series)")
    if i + 1 < len(items):
        num, path, title = items[i + 1]
        parts.append(f"[{num} {title} →]({path.name})")
    else:
        upcoming = [f"{n} {t}" for n, t in PLANNED.items() if n not in {x[0] for x in items}]
        parts.append(f"Next: {upcoming[0]} (coming soon)" if upcoming else "You have reached the end")
    sol = ROOT / "solutions" / items[i][1].name
    if sol.exists():
        parts.append(f"[Solutions](../solutions/{sol.name})")
    return " | ".join(parts)


def index_rows(items: list[tuple[str, Path, str]], link_prefix: str) -> list[str]:
    """Return one markdown table row per lesson, written or planned."""
    written = {num: (path, title) for num, path, title in items}
    rows = []
    for num in sorted(set(written) | set(PLANNED)):
        if num in written:
            path, title = written[num]
            sol = ROOT / "solutions" / path.name
            sol_link = f"[solutions]({link_prefix.replace('notebooks', 'solutions')}{sol.name})" if sol.exists() else ""
            rows.append(f"| {num} | [{title}]({link_prefix}{path.name}) | {sol_link} |")
        else:
            rows.append(f"| {num} | {PLANNED[num]} *(coming soon)* | |")
    return rows


def map_cell_text(items: list[tuple[str, Path, str]]) -> str:
    """Return the markdown of the map cell in 00."""
    rows = index_rows(items, "")
    rows = [r.replace("(solutions/", "(../solutions/").replace("](solutions", "](../solutions") for r in rows]
    return "\n".join(["## Map of the series", "",
                      "Work through them in order; each one builds on the last.", "",
                      "| # | Notebook | Solutions |", "|---|---|---|", *rows])


def update_notebook(path: Path, new_cells: list[nbformat.NotebookNode]) -> bool:
    """Replace the cells of a notebook if they differ; return True when it changed."""
    nb = nbformat.read(path, as_version=4)
    if [(c.cell_type, c.source, c.metadata) for c in nb.cells] == [
            (c.cell_type, c.source, c.metadata) for c in new_cells]:
        return False
    nb.cells = new_cells
    if not CHECK:
        nbformat.write(nb, path)
    return True


def with_nav(nb: nbformat.NotebookNode, text: str) -> list[nbformat.NotebookNode]:
    """Return the cells with nav cells placed after the title and at the end."""
    body = [c for c in nb.cells if "nav" not in c.metadata.get("tags", [])]
    return [body[0], nav_cell("nav-top", text), *body[1:], nav_cell("nav-bottom", text)]


def main() -> int:
    """Bring every nav cell, the map and the README table up to date (or check them)."""
    items = lessons()
    stale = []
    for i, (num, path, title) in enumerate(items):
        nb = nbformat.read(path, as_version=4)
        cells = with_nav(nb, lesson_nav(i, items))
        if path.name == START:
            for cell in cells:
                if "index" in cell.metadata.get("tags", []):
                    cell.source = map_cell_text(items)
        if update_notebook(path, cells):
            stale.append(path)
        sol = ROOT / "solutions" / path.name
        if sol.exists():
            snb = nbformat.read(sol, as_version=4)
            text = (f"Solutions for [{num} {title}](../notebooks/{path.name}) | "
                    f"[Map of the series](../notebooks/{START}#Map-of-the-series)")
            if update_notebook(sol, with_nav(snb, text)):
                stale.append(sol)
    orphans = [p for p in (ROOT / "solutions").glob("*.ipynb") if not (ROOT / "notebooks" / p.name).exists()]
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    if README_START in text and README_END in text:
        head, rest = text.split(README_START, 1)
        _, tail = rest.split(README_END, 1)
        table = "\n".join(["| # | Notebook | Solutions |", "|---|---|---|",
                           *index_rows(items, "notebooks/")])
        new = f"{head}{README_START}\n{table}\n{README_END}{tail}"
        if new != text:
            stale.append(readme)
            if not CHECK:
                readme.write_text(new, encoding="utf-8")
    for path in stale:
        print(f"{'out of date' if CHECK else 'updated'}: {path.relative_to(ROOT)}")
    for path in orphans:
        print(f"solutions without a lesson: {path.relative_to(ROOT)}")
    if CHECK and (stale or orphans):
        print("run: python tools/make_nav.py")
        return 1
    return 1 if orphans else 0


CHECK = "--check" in sys.argv[1:]

if __name__ == "__main__":
    sys.exit(main())
