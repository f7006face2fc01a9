"""Give every cell of every lesson a slide type, so each lesson can be presented as slides.

Usage: python tools/make_slides.py          # write the slide types into notebooks/NN_slug.ipynb
       python tools/make_slides.py --check  # exit 1 if any slide type is out of date (the tests call main(check=True))

The rules, applied to each lesson in order (cell metadata "slideshow": {"slide_type": ...}):

- the title cell and every cell that starts with a "## " heading start a "slide";
- navigation cells (tag "nav") are "skip";
- a markdown cell without a heading that is long prose (over NOTES_CHARS characters, no picture)
  becomes "notes": the presenter's view shows it, the slide does not;
- the first exercise of a run of exercises starts a "subslide";
- every other cell continues the slide it follows ("-"), unless the slide would grow taller than a
  screen's budget of lines: then it starts a "subslide". The budget starts at BUDGET and is widened
  or narrowed, one line at a time, until the lesson has MIN_SLIDES to MAX_SLIDES slides (slides and
  subslides, each one screen). Outputs count: a picture or widget is IMAGE_LINES lines.

Only the metadata changes: sources and outputs are left exactly as they are. Solutions are not slides.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from _common import ROOT, check_parser, notebook_paths

MIN_SLIDES, MAX_SLIDES = 12, 25
NOTES_CHARS = 450
BUDGET = 24
IMAGE_LINES = 14
RICH = ("image/png", "image/svg+xml", "image/jpeg", "application/vnd.jupyter.widget-view+json")


def is_nav(cell: nbformat.NotebookNode) -> bool:
    """Return True for a generated navigation cell (tag 'nav')."""
    return "nav" in cell.metadata.get("tags", [])


def has_rich_output(cell: nbformat.NotebookNode) -> bool:
    """Return True when a code cell shows a picture or a widget."""
    return cell.cell_type == "code" and any(
        key in out.get("data", {}) for out in cell.get("outputs", []) for key in RICH
    )


def starts_slide(cell: nbformat.NotebookNode, index: int) -> bool:
    """Return True for the title cell and for a markdown cell opening with a '## ' heading."""
    return cell.cell_type == "markdown" and (index == 0 or cell.source.startswith("## "))


def is_exercise_text(cell: nbformat.NotebookNode) -> bool:
    """Return True for the markdown that states an exercise or the challenge."""
    return cell.cell_type == "markdown" and cell.source.lstrip().startswith(("**Exercise", "**Challenge"))


def is_notes(cell: nbformat.NotebookNode) -> bool:
    """Return True for long prose without a heading or a picture: it belongs in the speaker notes."""
    text = cell.source
    return (
        cell.cell_type == "markdown"
        and len(text) > NOTES_CHARS
        and not text.lstrip().startswith("#")
        and "![" not in text
        and "<img" not in text
        and not is_exercise_text(cell)
    )


def height(cell: nbformat.NotebookNode) -> int:
    """Return a rough height of a cell on a slide, in lines of text (source and outputs)."""
    lines = sum(1 + len(line) // 100 for line in cell.source.splitlines())
    if cell.cell_type == "code":
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if any(key in data for key in RICH):
                lines += IMAGE_LINES
            elif out.get("output_type") == "stream":
                lines += min(len("".join(out.get("text", "")).splitlines()), 12)
            elif "text/plain" in data:
                lines += min(len("".join(data["text/plain"]).splitlines()), 8)
    return lines


def slide_types(cells: list[nbformat.NotebookNode], budget: int) -> list[str]:
    """Return the slide type of every cell for one budget of lines per screen."""
    types, used, prev_exercise = [], 0, False
    for i, cell in enumerate(cells):
        exercise = is_exercise_text(cell)
        if is_nav(cell):
            kind = "skip"
        elif starts_slide(cell, i):
            kind, used = "slide", height(cell)
        elif is_notes(cell):
            kind = "notes"
        elif exercise and not prev_exercise:
            kind, used = "subslide", height(cell)
        elif used + height(cell) > budget and used > 0:
            kind, used = "subslide", height(cell)
        else:
            kind, used = "-", used + height(cell)
        if cell.cell_type == "markdown" and kind != "skip":
            prev_exercise = exercise or (prev_exercise and kind == "notes")
        types.append(kind)
    return types


def count_slides(types: list[str]) -> int:
    """Return the number of screens: slides and subslides."""
    return sum(kind in ("slide", "subslide") for kind in types)


def plan(cells: list[nbformat.NotebookNode], path: Path) -> list[str]:
    """Return slide types giving MIN_SLIDES to MAX_SLIDES screens, or fail naming the file."""
    budget = BUDGET
    types = slide_types(cells, budget)
    step = 1 if count_slides(types) > MAX_SLIDES else -1
    while not MIN_SLIDES <= count_slides(types) <= MAX_SLIDES:
        budget += step
        if not 4 <= budget <= 400:
            raise SystemExit(
                f"{path}: no budget gives {MIN_SLIDES}-{MAX_SLIDES} slides "
                f"(it has {sum(starts_slide(c, i) for i, c in enumerate(cells))} '## ' sections)"
            )
        types = slide_types(cells, budget)
    return types


def with_slide_types(nb: nbformat.NotebookNode, path: Path) -> list[dict]:
    """Return the cell metadata of a lesson with slide types assigned."""
    metadata = []
    for cell, kind in zip(nb.cells, plan(nb.cells, path)):
        meta = dict(cell.metadata)
        meta["slideshow"] = {"slide_type": kind}
        metadata.append(meta)
    return metadata


def main(check: bool = False, root: Path = ROOT) -> int:
    """Bring every lesson's slide types up to date, or with check=True only report stale ones."""
    stale = []
    for path in notebook_paths("notebooks", root):
        nb = nbformat.read(path, as_version=4)
        wanted = with_slide_types(nb, path)
        if [dict(c.metadata) for c in nb.cells] == wanted:
            continue
        stale.append(path)
        if not check:
            for cell, meta in zip(nb.cells, wanted):
                cell.metadata = nbformat.from_dict(meta)
            nbformat.write(nb, path)
    for path in stale:
        print(f"{'out of date' if check else 'updated'}: {path.relative_to(root)}")
    if check and stale:
        print("run: python tools/make_slides.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(check=check_parser(__doc__).parse_args().check))
