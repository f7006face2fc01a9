"""Every lesson can be presented as slides: slide types are generated (tools/make_slides.py) and sane."""

import make_slides  # tools/, on the path through conftest.py
import nbformat
import pytest
from _common import notebook_paths

LESSONS = notebook_paths("notebooks")
KINDS = {"slide", "subslide", "fragment", "-", "skip", "notes"}


def kinds(path):
    return [c.metadata.get("slideshow", {}).get("slide_type") for c in nbformat.read(path, as_version=4).cells]


def test_slide_types_are_up_to_date():
    assert make_slides.main(check=True) == 0, "slide types are stale: run python tools/make_slides.py"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_every_cell_has_a_slide_type_and_the_lesson_has_12_to_25_slides(path):
    types = kinds(path)
    missing = [i for i, kind in enumerate(types) if kind not in KINDS]
    assert not missing, f"{path.name}: cells {missing} have no valid slide type"
    assert types[0] == "slide", f"{path.name}: the title cell must start the first slide"
    screens = sum(kind in ("slide", "subslide") for kind in types)
    assert 12 <= screens <= 25, f"{path.name} has {screens} slides, expected 12 to 25"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_nav_skipped_headings_start_slides_pictures_and_widgets_shown(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        kind = cell.metadata["slideshow"]["slide_type"]
        where = f"{path.name} cell {i} ({cell.source[:40]!r})"
        if "nav" in cell.metadata.get("tags", []):
            assert kind == "skip", f"{where}: navigation cells are skipped in slides"
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            assert kind == "slide", f"{where}: a '## ' heading starts a slide"
        if cell.cell_type == "markdown" and any(line.startswith("## ") for line in cell.source.splitlines()[1:]):
            pytest.fail(
                f"{where}: a '## ' section must start a cell of its own: inside a notes cell only the speaker "
                "sees its heading, and after another section (Summary, then Exercises) it gets no slide"
            )
        if make_slides.has_rich_output(cell) or "![" in cell.source:
            assert kind not in ("skip", "notes"), f"{where}: a picture or widget must be on a slide"


def test_solutions_are_not_slides():
    for path in notebook_paths("solutions"):
        assert not any(kinds(path)), f"{path.name}: solutions carry no slide types"


def test_rules_on_a_made_up_lesson(tmp_path):
    """The rules themselves: title and headings start slides, nav skipped, long prose to notes, too tall splits."""
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    nav = md("[map](00.ipynb)")
    nav.metadata["tags"] = ["nav"]
    picture = code("plot()")
    picture.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBOR", "text/plain": "<Figure>"})]
    cells = [
        md("# Title"),
        nav,
        md("## 1. One"),
        code("x = 1"),
        md("word " * 200),
        picture,
        picture,
        md("**Exercise 99-a.** Do it."),
        code("check('99-a', ...)"),
        nav,
    ]
    assert make_slides.slide_types(cells, budget=20) == [
        "slide",
        "skip",
        "slide",
        "-",
        "notes",
        "-",
        "subslide",
        "subslide",
        "-",
        "skip",
    ]
