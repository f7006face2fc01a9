"""Notebooks are committed clean: executed in order from a fresh kernel, no errors, no stray
metadata, every widget cell explains why its output is ignored, every image is generated."""

import base64
import json
import re
import struct
from pathlib import Path

import nbformat
import pytest
from _common import ROOT, notebook_paths

from attnlib import exercises
from attnlib.viz.axes import MAX_FIGURE_WIDTH
from attnlib.viz.figures import FIGURES

LESSONS = notebook_paths("notebooks")
SOLUTIONS = notebook_paths("solutions")
ALL = LESSONS + SOLUTIONS
IDS = [str(p.relative_to(ROOT)) for p in ALL]
# JupyterLab's notebook column at 1024x768 with the side bar hidden (tests/test_browser_presenting.py
# measures it; al.show's HTML <img alt> gets 20 px less than an image output): a figure up to this wide is
# shown at full size, so its 10-point text stays 14 px.
MAX_FIGURE_PX = 824
CHECK_CALL = re.compile(r"""check\(\s*["']([\w-]+)["']""")


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


def test_there_are_notebooks():
    assert (ROOT / "notebooks" / "00_start_here.ipynb") in LESSONS


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_valid_and_named(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name), "name notebooks NN_slug.ipynb"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_executed_in_order_without_errors(path):
    nb = nbformat.read(path, as_version=4)
    for expected, cell in enumerate(code_cells(nb), start=1):
        where = f"{path.name}: cell starting {cell.source.splitlines()[0][:50]!r}"
        assert cell.execution_count == expected, (
            f"{where} has execution count {cell.execution_count}, expected {expected}: run tools/run_notebooks.py"
        )
        for out in cell.outputs:
            assert out.output_type != "error", f"{where} has an error output"
            assert out.get("name") != "stderr", f"{where} writes to stderr (a warning?)"


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_no_stray_metadata(path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert set(raw["metadata"]) <= {"kernelspec", "language_info"}, "stray notebook metadata"
    assert raw["metadata"].get("language_info") == {"name": "python", "file_extension": ".py"}, (
        "language_info keeps its name and file_extension (script export writes .py), nothing machine-specific"
    )
    for cell in raw["cells"]:
        assert set(cell["metadata"]) <= {"tags", "slideshow", "attnlib"}, f"stray cell metadata {set(cell['metadata'])}"
        assert set(cell["metadata"].get("attnlib", {})) <= {"tiny_floats", "ignore_output_why"}, (
            "unknown attnlib metadata"
        )


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_no_sys_path_edits_or_machine_paths(path):
    text = path.read_text(encoding="utf-8")
    assert "sys.path" not in text
    assert not re.search(r"(/tmp/|/root/|/home/|/work/)\w", text), "a machine path leaked into the notebook"


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_ignored_outputs_use_the_tag_and_say_why(path):
    """An output nbval must not compare (a widget's display, a timing) carries nbval's cell tag
    `nbval-ignore-output` and, in the cell's metadata, the reason; no harness comment shows in the code."""
    nb = nbformat.read(path, as_version=4)
    for cell in code_cells(nb):
        where = f"{path.name}: cell starting {cell.source.splitlines()[0][:60]!r}"
        assert "NBVAL" not in cell.source.upper(), f"{where}: use the cell tag nbval-ignore-output, not a comment"
        widget = any("application/vnd.jupyter.widget-view+json" in out.get("data", {}) for out in cell.outputs)
        ignored = "nbval-ignore-output" in cell.metadata.get("tags", [])
        why = cell.metadata.get("attnlib", {}).get("ignore_output_why", "")
        if widget:
            assert ignored, f"{where}: a widget cell must carry the tag nbval-ignore-output"
        if ignored:
            assert len(why) >= 10, f"{where}: give the reason in its metadata, attnlib.ignore_output_why"
        else:
            assert not why, f"{where}: a reason for ignoring an output that is not ignored"


# A number in the text, with its mantissa's digits and its exponent (not part of a name like W_Q1).
NUMBER = re.compile(r"(?<![\w.])[-+]?(?P<mantissa>\d+\.?\d*|\.\d+)(?:[eE](?P<exponent>[-+]?\d+))?(?![\w.])")
TINY = 1e-7


def tiny_floats(text: str) -> list[str]:
    """Return the numbers in text below 1e-7 (but not 0) shown with two or more significant digits.

    Such digits are round-off: they change with the CPU's numeric kernels (5.0e-17 here, 4.9e-17 on
    another machine). A bound ("< 1e-9") or one digit ("2e-12") is stable; so is a rounded 0.000."""
    found = []
    for match in NUMBER.finditer(text):
        value = abs(float(match.group(0)))
        digits = match["mantissa"].replace(".", "").lstrip("0")
        if 0 < value < TINY and len(digits) >= 2:
            found.append(match.group(0))
    return found


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("the gradients add up to 5.0e-17", ["5.0e-17"]),
        ("W_K: 7.5e-09", ["7.5e-09"]),
        ("[ 1.23456789e-17 -3.1e-20]", ["1.23456789e-17", "-3.1e-20"]),
        ("0.000000012", ["0.000000012"]),
        ("max error < 1e-9 ✓", []),
        ("love -> Apple: 0.000000000002", []),
        ("moved by 0.000000", []),
        ("love's weight: 2.3e-05", []),
        ("1.8e+308 and 5.320e+11", []),
        ("W_Q1 x2 v1.5e-9b", []),
    ],
)
def test_tiny_floats_finds_round_off_digits(text, flagged):
    assert tiny_floats(text) == flagged


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_no_output_prints_round_off_digits(path):
    """A text output shows no float below 1e-7 with two or more significant digits: those digits are the
    CPU's, not the maths'. Print a bound, a rounded value or a boolean instead. A cell that must show one
    says why in its metadata, {"attnlib": {"tiny_floats": "<the reason>"}}."""
    nb = nbformat.read(path, as_version=4)
    for cell in code_cells(nb):
        why = cell.metadata.get("attnlib", {}).get("tiny_floats", "")
        text = "".join(
            "".join(out.get("text", "")) + "".join(out.get("data", {}).get("text/plain", "")) for out in cell.outputs
        )
        found = tiny_floats(text)
        where = f"{path.name}: cell starting {cell.source.splitlines()[0][:60]!r}"
        if why:
            assert len(why) >= 20 and found, f"{where}: its tiny_floats reason is too short, or it prints none"
        else:
            assert not found, f"{where} prints round-off digits {found}: print a bound or a rounded value"


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_images_exist_and_are_generated(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for target in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", cell.source) + re.findall(
            r"<img[^>]+src=['\"]([^'\"]+)", cell.source
        ):
            assert not target.startswith(("http:", "https:", "//")), f"{path.name}: images must be local: {target}"
            image = (path.parent / target).resolve()
            assert image.parent == ROOT / "images", f"{path.name}: images come from images/: {target}"
            assert image.name in FIGURES and image.exists(), (
                f"{path.name}: {target} is not generated by attnlib.figures"
            )


def test_readme_images_are_generated():
    text = re.sub(r"`[^`\n]*`", "", (ROOT / "README.md").read_text(encoding="utf-8"))  # not the code in its prose
    for target in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text):
        assert target.startswith("images/") and Path(target).name in FIGURES


def png_width(data: bytes) -> int:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">I", data[16:20])[0]


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_figures_fit_a_projector(path):
    nb = nbformat.read(path, as_version=4)
    wide = [
        (i, width)
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if "image/png" in out.get("data", {})
        if (width := png_width(base64.b64decode(out["data"]["image/png"]))) > MAX_FIGURE_PX
    ]
    assert not wide, (
        f"{path.name}: figures wider than {MAX_FIGURE_PX} px (cell, px): {wide}; draw them at most "
        f"{MAX_FIGURE_WIDTH} inches wide, with text no smaller than 10 points"
    )


@pytest.mark.parametrize("name", FIGURES)
def test_generated_images_fit_a_projector(name):
    assert png_width((ROOT / "images" / name).read_bytes()) <= MAX_FIGURE_PX, name


def test_images_folder_holds_only_generated_figures():
    assert sorted(p.name for p in (ROOT / "images").glob("*")) == sorted(FIGURES)


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_lesson_exercises_are_left_open_and_solved_in_solutions(path):
    nb = nbformat.read(path, as_version=4)
    exercise_cells = [c for c in code_cells(nb) if "exercise" in c.metadata.get("tags", [])]
    assert exercise_cells, f"{path.name}: every lesson ends with at least one checked exercise (tag 'exercise')"
    solution = ROOT / "solutions" / path.name
    assert solution.exists(), f"{path.name} has exercises but no solutions/{path.name}"
    lesson_ids = []
    for cell in exercise_cells:
        ids = CHECK_CALL.findall(cell.source)
        assert ids, f"{path.name}: an exercise cell must call check('id', answer)"
        assert "..." in cell.source, f"{path.name}: leave the answer as ... for the student"
        text = "".join(out.get("text", "") for out in cell.outputs)
        assert text.count("Not answered yet") == len(ids), (
            f"{path.name}: exercise cells should print 'Not answered yet'"
        )
        lesson_ids += ids
    assert all(i in exercises.exercise_ids() for i in lesson_ids)
    snb = nbformat.read(solution, as_version=4)
    solved = {}
    for cell in code_cells(snb):
        for ex_id in CHECK_CALL.findall(cell.source):
            solved[ex_id] = "".join(out.get("text", "") for out in cell.outputs)
    for ex_id in lesson_ids:
        assert ex_id in solved, f"solutions/{path.name} does not solve {ex_id}"
        out = solved[ex_id]
        assert "✅" in out and "❌" not in out and "Not answered" not in out, (
            f"solutions/{path.name}: {ex_id} does not print ✅"
        )


@pytest.mark.parametrize("ex_id", exercises.exercise_ids())
def test_every_registered_exercise_is_asked_in_its_lesson(ex_id):
    """No exercise is registered and forgotten: its lesson asks it, in a cell tagged 'exercise'."""
    lesson = next(p for p in LESSONS if p.name.startswith(ex_id[:2]))
    asked = [
        i
        for c in code_cells(nbformat.read(lesson, as_version=4))
        if "exercise" in c.metadata.get("tags", [])
        for i in CHECK_CALL.findall(c.source)
    ]
    assert ex_id in asked, f"{ex_id} is registered but {lesson.name} does not ask it"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_the_catalogue_lists_a_lessons_exercises_in_the_order_it_asks_them(path):
    """The grader's columns follow the catalogue: it must list them as the lesson asks them."""
    asked = list(
        dict.fromkeys(i for c in code_cells(nbformat.read(path, as_version=4)) for i in CHECK_CALL.findall(c.source))
    )
    listed = [i for i in exercises.registered() if i[:2] == path.name[:2] and i in asked]
    assert asked == listed, f"{path.name} asks {asked}, the catalogue lists {listed}"


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_relative_links_resolve(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for target in re.findall(r"(?<!!)\[[^\]]*\]\(([^)#]+\.ipynb)(?:#[^)]*)?\)", cell.source):
            assert (path.parent / target).resolve().exists(), f"{path.name}: broken link {target}"
