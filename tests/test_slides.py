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


# ---------------------------------------------------------------------------------------------
# tools/fit_slides.py: the static slides re-packed to fit 1024×768 (measured in Chromium by
# tests/browser/test_static_slides.py; here its rules, on made-up cells)


def _typed(cell, kind):
    cell.metadata["slideshow"] = {"slide_type": kind}
    return cell


def _fit(cells, tmp_path):
    import fit_slides

    return [(c.cell_type, fit_slides.kind_of(c), c.source) for c in fit_slides.fit(cells, tmp_path)]


def test_fit_moves_long_prose_to_the_notes_and_keeps_headings_lists_and_short_lines(tmp_path):
    md = nbformat.v4.new_markdown_cell
    long = "A long paragraph of prose. " * 12
    cells = [_typed(md(f"## 1. One\n\nShort line.\n\n{long}\n\n- a list item\n- another"), "slide")]
    assert _fit(cells, tmp_path) == [
        ("markdown", "slide", "## 1. One\n\nShort line.\n\n- a list item\n- another"),
        ("markdown", "notes", long),
    ]


def test_fit_splits_a_tall_cell_and_starts_a_subslide_when_the_screen_is_full(tmp_path):
    import fit_slides

    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    items = "\n".join(f"- item {i}" for i in range(40))  # one list block, taller than a slide
    source = "\n".join(f"x{i} = {i}" for i in range(60))  # 60 lines of code
    long_code = _typed(code(source), "-")
    long_code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="".join(f"{i}\n" for i in range(50)))]
    fitted = fit_slides.fit([_typed(md("## 2. Two\n\n" + items), "slide"), long_code], tmp_path)
    kinds = [fit_slides.kind_of(c) for c in fitted]
    assert kinds[0] == "slide" and "subslide" in kinds and "slide" not in kinds[1:]
    assert all(fit_slides.cell_height(c, tmp_path) <= fit_slides.ROOM for c in fitted), "a piece is taller than a slide"
    code_pieces = [c for c in fitted if c.cell_type == "code"]
    assert "".join(c.source for c in code_pieces) == source, "the code is split, not lost"
    printed = "".join(o.text for c in code_pieces for o in c.outputs)
    assert printed == "".join(f"{i}\n" for i in range(50)), "the printed output is split, not lost"
    assert len({c.id for c in fitted}) == len(fitted), "each piece has an id of its own"


def test_fit_shows_a_figure_without_its_code_when_both_do_not_fit(tmp_path):
    import base64
    import struct
    import zlib

    import fit_slides

    def png(width, height):
        ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
        chunk = struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
        return base64.b64encode(b"\x89PNG\r\n\x1a\n" + chunk).decode()

    figure = _typed(nbformat.v4.new_code_cell("\n".join(f"line{i}()" for i in range(12))), "-")
    figure.outputs = [nbformat.v4.new_output("display_data", data={"image/png": png(800, 500), "text/plain": "alt"})]
    [shown] = fit_slides.fit([figure], tmp_path)
    assert shown.metadata["transient"] == {"remove_source": True} and shown.outputs == figure.outputs
    small = _typed(nbformat.v4.new_code_cell("plot()"), "-")
    small.outputs = figure.outputs
    [kept] = fit_slides.fit([small], tmp_path)
    assert "transient" not in kept.metadata, "a figure whose code fits keeps its code"
