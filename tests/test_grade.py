"""python -m attnlib.grade on a folder of crafted submissions, as an instructor would run it.

One class is graded once (each notebook starts a kernel, so the notebooks are few and short) and
every test reads the same CSV and summary."""

import csv
import json
import subprocess
import sys

import nbformat
import pytest

from attnlib import grade
from attnlib.exercises import expected_answer

RIGHT = "import attnlib as al\nal.check('04-shift', {!r})".format(expected_answer("04-shift").round(4).tolist())
RIGHT_T = "al.check('04-temperature', {!r})".format(expected_answer("04-temperature").round(4).tolist())
WRONG_T = "al.check('04-temperature', [0.2, 0.4, 0.4])"
RIGHT_05 = "import attnlib as al\nal.check('05-bank-river-weight', {!r})".format(
    round(float(expected_answer("05-bank-river-weight")), 4))
LIMIT = 4


def _notebook(*sources: str, outputs: dict[int, list] | None = None, counts: list | None = None) -> str:
    cells = [nbformat.v4.new_code_cell(s) for s in sources]
    for i, out in (outputs or {}).items():
        cells[i].outputs = [nbformat.from_dict(o) for o in out]
    for cell, count in zip(cells, counts or []):
        cell.execution_count = count
    return nbformat.writes(nbformat.v4.new_notebook(cells=cells))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions")
    others = folder / "zz_victim.ipynb"
    files = {
        "ada.ipynb": _notebook(RIGHT, RIGHT_T),
        "ben.ipynb": _notebook(RIGHT, "print('✅ Correct!')\n" + WRONG_T),                 # a printed ✅ before a ❌
        "cy.ipynb": _notebook(RIGHT, "raise RuntimeError('halfway')", RIGHT_T),            # raises halfway
        "gus.ipynb": _notebook(RIGHT, "weights = my_softmax([1, 2, 3])\n" + RIGHT_T),       # raises before check()
        "dee.ipynb": _notebook(RIGHT, "while True:\n    pass", RIGHT_T),                  # loops forever
        "my homework (final).ipynb": _notebook(RIGHT),                                     # renamed, cells deleted
        # run out of order, with a stale ✅ saved for a wrong answer: the grader runs it afresh
        "eve.ipynb": _notebook(RIGHT, WRONG_T, counts=[7, 3], outputs={1: [
            {"output_type": "stream", "name": "stdout", "text": "✅ Correct!\n"}]}),
        # tries to spoil another student's notebook and the grader's CSV while it runs
        "fay.ipynb": _notebook(RIGHT, f"from pathlib import Path\nPath({str(others)!r}).write_text('garbage')\n"
                                      f"Path({str(folder / 'grades.csv')!r}).write_text('all pass')"),
        "zz_victim.ipynb": _notebook(RIGHT, RIGHT_T),
        "other/ada.ipynb": _notebook(RIGHT_05),                                             # same name, lesson 05
        "broken.ipynb": "{ this is not json",
        "notes.txt": "not a notebook",
    }
    for name, text in files.items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    out, summary = folder / "grades.csv", folder / "summary.md"
    run = subprocess.run([sys.executable, "-m", "attnlib.grade", str(folder), "--out", str(out),
                          "--summary", str(summary), "--limit", str(LIMIT), "--jobs", "2"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    rows = {r["student"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    return rows, summary.read_text(encoding="utf-8"), run


def test_one_row_per_notebook_with_every_exercise_of_the_lesson(graded):
    rows, _, _ = graded
    assert set(rows) == {"ada", "ben", "cy", "dee", "gus", "my homework (final)", "eve", "fay", "zz_victim", "broken",
                         "other/ada"}, "two files named ada.ipynb: rows named by their path"
    assert list(rows["ada"])[:5] == ["student", "04-cat-softmax", "04-temperature", "04-shift",
                                     "04-challenge-temperature"], "columns in the order the lesson asks them"
    assert rows["ada"]["04-shift"] == rows["ada"]["04-temperature"] == "pass"
    assert rows["ada"]["04-cat-softmax"] == "not answered" and rows["ada"]["05-cat-new"] == "n/a"
    totals = ("passed", "failed", "errors", "not answered", "score %")
    assert tuple(rows["ada"][t] for t in totals) == ("2", "0", "0", "1", "67"), \
        "the totals count the required exercises of the notebook's own lesson; the challenge is apart"
    assert rows["ada"]["challenges passed"] == "0"
    assert rows["gus"]["04-temperature"] == "error" and tuple(rows["gus"][t] for t in totals) == ("1", "0", "1", "1", "33"), \
        "a check cell that raised before check() is an error, counted apart from a wrong answer"
    assert rows["ben"]["04-temperature"] == "fail" and rows["ben"]["failed"] == "1", \
        "ben printed a ✅ of his own before check() printed ❌: only check()'s verdict counts"
    assert rows["other/ada"]["05-bank-river-weight"] == "pass" and rows["other/ada"]["04-shift"] == "n/a"


def test_a_notebook_that_raises_halfway_is_graded_past_the_error(graded):
    cy = graded[0]["cy"]
    assert cy["04-shift"] == cy["04-temperature"] == "pass"
    assert "cells that raised an error (counting from 1): 2" in cy["problems"]


def test_a_notebook_that_loops_forever_is_stopped_at_the_limit(graded):
    dee = graded[0]["dee"]
    assert dee["04-shift"] == "pass" and dee["04-temperature"] == "not answered"
    assert dee["problems"] == f"stopped at cell 2: the notebook ran out of its {LIMIT} s"


def test_renamed_notebooks_deleted_cells_and_stale_outputs(graded):
    rows = graded[0]
    assert rows["my homework (final)"]["04-shift"] == "pass"
    assert rows["my homework (final)"]["04-temperature"] == "not answered"
    assert rows["eve"]["04-temperature"] == "fail", "the saved ✅ of an earlier run must not count"


def test_a_student_cannot_change_another_result_or_the_csv(graded):
    rows, _, _ = graded
    assert rows["zz_victim"]["04-shift"] == rows["zz_victim"]["04-temperature"] == "pass"
    assert rows["fay"]["problems"] == ""


def test_bad_files_are_reported(graded):
    rows, _, run = graded
    assert "notes.txt: not a notebook, skipped" in run.stderr
    assert "Not graded:" in graded[1] and "notes.txt: not a notebook, skipped" in graded[1], "in the summary too"
    assert rows["broken"]["problems"].startswith("could not run:")
    assert rows["broken"]["not answered"] == "5", "its lesson is unknown: every required exercise (04 and 05) counts"


def test_summary_lists_the_hardest_exercises_first(graded):
    _, summary, run = graded
    table = [line for line in summary.splitlines() if line.startswith("| 04-")]
    assert table == ["| 04-cat-softmax | 0 | 0 | 0 | 10 |", "| 04-challenge-temperature | 0 | 0 | 0 | 10 |",
                     "| 04-temperature | 3 | 2 | 1 | 4 |", "| 04-shift | 9 | 0 | 0 | 1 |"], table
    assert "| exercise | passed | failed | errors | not answered |" in summary
    assert "| 05-bank-river-weight | 1 | 0 | 0 | 1 |" in summary, "over the notebooks of lesson 05 (and the broken one)"
    assert "# Grades: 11 submissions" in summary and summary in run.stdout


def test_read_results_takes_the_last_logged_verdict_and_marks_a_raising_cell_as_error():
    nb = json.loads(_notebook("check('04-shift', 1)\ncheck('04-temperature', 2)", "check('04-shift', 3)",
                              "check('04-cat-softmax', x)", "check('05-cat-new', ...)", outputs={
                                  0: [{"output_type": "stream", "name": "stdout", "text": "✅ printed, not logged\n"}],
                                  2: [{"output_type": "error", "ename": "NameError", "evalue": "x", "traceback": []}]}))
    logged = [("04-shift", "❌"), ("04-temperature", "✅"), ("04-shift", "✅")]
    assert grade.read_results(nb, logged) == {"04-shift": "pass", "04-temperature": "pass",
                                              "04-cat-softmax": "error", "05-cat-new": "not answered"}
    assert grade.read_results(nb, [])["04-shift"] == "not answered", "a printed ✅ alone counts for nothing"


def test_read_log_skips_garbled_lines(tmp_path):
    log = tmp_path / "verdicts.jsonl"
    log.write_text('{"id": "04-shift", "mark": "✅"}\nnot json\n{"id": "04-temperature"}\n', encoding="utf-8")
    assert grade.read_log(log) == [("04-shift", "✅")] and grade.read_log(tmp_path / "none.jsonl") == []


def test_check_logs_its_verdict_only_for_the_grader(tmp_path, monkeypatch, capsys):
    from attnlib import check
    from attnlib.exercises import GRADE_LOG

    check("04-shift", ...)                                    # no log named: nothing written anywhere
    log = tmp_path / "v.jsonl"
    monkeypatch.setenv(GRADE_LOG, str(log))
    check("04-shift", [0.0, 0.0, 1.0])
    check("04-shift", expected_answer("04-shift"))
    assert grade.read_log(log) == [("04-shift", "❌"), ("04-shift", "✅")]
    assert capsys.readouterr().out.count("\n") >= 3, "the student still sees every message"


def test_bad_arguments_are_clear_errors(tmp_path, capsys):
    with pytest.raises(SystemExit):
        grade.main([str(tmp_path), "--limit", "0"])
    assert "--limit must be a positive number of seconds; got 0" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        grade.main([str(tmp_path), "--jobs", "0"])
    assert "--jobs must be a whole number of at least 1; got 0" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        grade.main([str(tmp_path)])
    assert "no notebooks among the submissions" in capsys.readouterr().err
