"""Navigation: every nav cell, the map in 00 and the README's table are generated, and every link
in them opens what its label names (a link that exists but points at the wrong file fails here).
The browser tests click the same links in JupyterLab."""

import re
from pathlib import Path

import make_nav  # tools/, on the path through conftest.py
import nbformat
import pytest
from _common import ROOT

START = ROOT / "notebooks" / "00_start_here.ipynb"
LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)")


LESSONS = make_nav.lesson_paths()
NOTEBOOKS = LESSONS + [p for p in map(make_nav.solution_of, LESSONS) if p.exists()]


def title(path: Path) -> str:
    return make_nav.title_of(nbformat.read(path, as_version=4), path)


def check_link(label: str, href: str, source: Path, lesson: Path) -> Path:
    """Resolve href from source and assert that it opens what label names; lesson is the row's lesson."""
    target_text, _, anchor = href.partition("#")
    target = (source.parent / target_text).resolve()
    where = f"{source.relative_to(ROOT)}: [{label}]({href})"
    assert target.exists(), f"{where} points at a missing file"
    if label.lower() == "solutions":
        assert target == make_nav.solution_of(lesson).resolve(), f"{where} should open solutions/{lesson.name}"
    elif label == "Map of the series":
        assert target == START and anchor == "Map-of-the-series", f"{where} should open 00's map"
        assert "## Map of the series" in START.read_text(encoding="utf-8")
    else:
        name = label.strip("←→ ").strip()
        number = re.match(r"(\d\d) ", name)
        if number:
            assert target.name.startswith(number.group(1)), f"{where} opens {target.name}"
            name = name[3:]
        assert name == title(target), f"{where} opens {target.relative_to(ROOT)}, titled {title(target)!r}"
    return target


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS])
def test_nav_links_open_what_they_name(path):
    nb = nbformat.read(path, as_version=4)
    nav = [c.source for c in nb.cells if "nav" in c.metadata.get("tags", [])]
    assert len(nav) == 2 and nav[0] == nav[1], f"{path.name}: one nav cell at the top and the same at the end"
    links = LINK.findall(nav[0])
    assert links, f"{path.name}: the nav cell has no links"
    lesson = ROOT / "notebooks" / path.name
    targets = [check_link(label, href, path, lesson) for label, href in links]
    if path.parent.name == "notebooks":
        i = LESSONS.index(path)
        expected = LESSONS[max(i - 1, 0) : i] + [START] + LESSONS[i + 1 : i + 2] + [make_nav.solution_of(path)]
        assert targets == [p.resolve() for p in expected], f"{path.name}: previous | map | next | solutions"
    else:
        assert targets == [lesson, START], f"{path.name}: back to its lesson, and the map"


def table_rows(text: str, source: Path) -> list[tuple[Path, Path]]:
    """Check every row of a lessons table (links in source); return (lesson, solutions) per row."""
    rows = []
    for line in text.splitlines():
        links = LINK.findall(line)
        if not line.startswith("| ") or not links:
            continue
        (label, href), *rest = links
        lesson = check_link(label, href, source, source)  # the lesson link names its own title
        assert len(rest) == 1, f"{source.name}: row without a solutions link: {line}"
        rows.append((lesson, check_link(*rest[0], source, lesson)))
    return rows


def test_map_in_00_lists_every_lesson_with_its_solutions():
    """Regression (issue 9): every 'solutions' link of the map pointed at the lesson itself."""
    nb = nbformat.read(START, as_version=4)
    (cell,) = [c for c in nb.cells if "index" in c.metadata.get("tags", [])]
    rows = table_rows(cell.source, START)
    assert rows == [(p, make_nav.solution_of(p)) for p in LESSONS]


def test_readme_table_lists_every_lesson_with_its_solutions():
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    table = text.split(make_nav.README_START, 1)[1].split(make_nav.README_END, 1)[0]
    assert table_rows(table, readme) == [(p, make_nav.solution_of(p)) for p in LESSONS]


def test_navigation_is_up_to_date(capsys):
    assert make_nav.main(check=True) == 0, capsys.readouterr().out
