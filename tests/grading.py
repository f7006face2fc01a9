"""What the grader's tests share (test_grade.py, test_grade_class.py): tiny notebooks, a class of them, and a
kernel replaced by a fake that records what it ran."""

import json

import nbformat

from attnlib import grade
from attnlib.exercises import expected_answer

SHIFT = "import attnlib as al\nal.check('04-shift', {!r})".format(expected_answer("04-shift").round(4).tolist())


def notebook(*sources: str, outputs: dict[int, list] | None = None, counts: list | None = None) -> str:
    """A notebook with one code cell per source (with outputs and execution counts if given), as JSON text."""
    cells = [nbformat.v4.new_code_cell(s) for s in sources]
    for i, out in (outputs or {}).items():
        cells[i].outputs = [nbformat.from_dict(o) for o in out]
    for cell, count in zip(cells, counts or []):
        cell.execution_count = count
    return nbformat.writes(nbformat.v4.new_notebook(cells=cells))


def write_class(folder, source: str, *students: str) -> list[str]:
    """Tiny notebooks of `source`, one per student, in folder; their paths."""
    paths = [folder / f"{s}.ipynb" for s in students]
    for path in paths:
        path.write_text(notebook(source), encoding="utf-8")
    return [str(p) for p in paths]


def fake_kernel(monkeypatch, verdict: tuple[str, str, str]) -> list[str]:
    """No kernel: each notebook 'runs' as it is and check() gives `verdict`; returns the list of names run."""
    ran = []

    def run_notebook(source, name, limit):
        ran.append(name)
        return json.loads(source), [], [verdict]

    monkeypatch.setattr(grade, "run_notebook", run_notebook)
    return ran
