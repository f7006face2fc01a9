"""python -m attnlib.grade on a folder of crafted submissions, as an instructor would run it.

One class is graded once (each notebook starts a kernel, so the notebooks are few and short) and
the tests of its results read the same CSV and summary. The tests of bad arguments, output paths and
interrupted runs replace the kernel by a fake, but for one that stops real kernels with Ctrl-C."""

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import grading
import pytest
from grading import SHIFT, write_class
from grading import notebook as _notebook

from attnlib import grade
from attnlib.exercises import evaluate, expected_answer

RIGHT = SHIFT  # 04-shift answered right
RIGHT_T = "al.check('04-temperature', {!r})".format(expected_answer("04-temperature").round(4).tolist())
WRONG_T = "al.check('04-temperature', [0.2, 0.4, 0.4])"
RIGHT_05 = "import attnlib as al\nal.check('05-bank-row', {!r})".format(
    expected_answer("05-bank-row").round(4).tolist()
)
LIMIT = 4


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions")
    others = folder / "zz_victim.ipynb"
    files = {
        "ada.ipynb": _notebook(RIGHT, RIGHT_T),
        "ben.ipynb": _notebook(RIGHT, "print('✅ Correct!')\n" + WRONG_T),  # a printed ✅ before a ❌
        "cy.ipynb": _notebook(RIGHT, "raise RuntimeError('halfway')", RIGHT_T),  # raises halfway
        "gus.ipynb": _notebook(RIGHT, "weights = my_softmax([1, 2, 3])\n" + RIGHT_T),  # raises before check()
        "dee.ipynb": _notebook(RIGHT, "while True:\n    pass", RIGHT_T),  # loops forever
        "my homework (final).ipynb": _notebook(RIGHT),  # renamed, cells deleted
        # run out of order, with a stale ✅ saved for a wrong answer: the grader runs it afresh
        "eve.ipynb": _notebook(
            RIGHT,
            WRONG_T,
            counts=[7, 3],
            outputs={1: [{"output_type": "stream", "name": "stdout", "text": "✅ Correct!\n"}]},
        ),
        # tries to spoil another student's notebook and the grader's CSV while it runs
        "fay.ipynb": _notebook(
            RIGHT,
            f"from pathlib import Path\nPath({str(others)!r}).write_text('garbage')\n"
            f"Path({str(folder / 'grades.csv')!r}).write_text('all pass')",
        ),
        "zz_victim.ipynb": _notebook(RIGHT, RIGHT_T),
        "other/ada.ipynb": _notebook(RIGHT_05),  # same name, lesson 05
        "broken.ipynb": "{ this is not json",
        "notes.txt": "not a notebook",
    }
    for name, text in files.items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    out, summary = folder / "grades.csv", folder / "summary.md"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "attnlib.grade",
            str(folder),
            "--out",
            str(out),
            "--summary",
            str(summary),
            "--limit",
            str(LIMIT),
            "--jobs",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    rows = {r["student"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    return rows, summary.read_text(encoding="utf-8"), run


def test_one_row_per_notebook_with_every_exercise_of_the_lesson(graded):
    rows, _, _ = graded
    assert set(rows) == {
        "ada",
        "ben",
        "cy",
        "dee",
        "gus",
        "my homework (final)",
        "eve",
        "fay",
        "zz_victim",
        "broken",
        "other/ada",
    }, "two files named ada.ipynb: rows named by their path"
    assert list(rows["ada"])[:5] == [
        "student",
        "04-cat-softmax",
        "04-temperature",
        "04-shift",
        "04-challenge-temperature",
    ], "columns in the order the lesson asks them"
    assert rows["ada"]["04-shift"] == rows["ada"]["04-temperature"] == "pass"
    assert rows["ada"]["04-cat-softmax"] == "not answered" and rows["ada"]["05-cat-new"] == "n/a"
    totals = ("passed", "failed", "errors", "not answered", "score %")
    assert tuple(rows["ada"][t] for t in totals) == ("2", "0", "0", "1", "67"), (
        "the totals count the required exercises of the notebook's own lesson; the challenge is apart"
    )
    assert rows["ada"]["challenges passed"] == "0"
    assert rows["gus"]["04-temperature"] == "error" and tuple(rows["gus"][t] for t in totals) == (
        "1",
        "0",
        "1",
        "1",
        "33",
    ), "a check cell that raised before check() is an error, counted apart from a wrong answer"
    assert rows["ben"]["04-temperature"] == "fail" and rows["ben"]["failed"] == "1", (
        "ben printed a ✅ of his own before check() printed ❌: only check()'s verdict counts"
    )
    assert rows["other/ada"]["05-bank-row"] == "pass" and rows["other/ada"]["04-shift"] == "n/a"


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
    assert table == [
        "| 04-cat-softmax | 0 | 0 | 0 | 10 |",
        "| 04-challenge-temperature | 0 | 0 | 0 | 10 |",
        "| 04-temperature | 3 | 2 | 1 | 4 |",
        "| 04-shift | 9 | 0 | 0 | 1 |",
    ], table
    assert "| exercise | passed | failed | errors | not answered |" in summary
    assert "| 05-bank-row | 1 | 0 | 0 | 1 |" in summary, "over the notebooks of lesson 05 (and the broken one)"
    assert "# Grades: 11 submissions" in summary and summary in run.stdout
    assert "In progress" not in summary and "interrupted" not in summary, "a finished run's summary says nothing of it"


def test_progress_is_one_line_per_notebook_as_it_finishes(graded):
    run = graded[2]
    finished = [line for line in run.stderr.splitlines() if line.startswith("[")]
    assert [line.split("]")[0] for line in finished] == [f"[{k}/11" for k in range(1, 12)], finished
    assert all(" graded " in line and " s: " in line for line in finished), finished
    dee = next(line for line in finished if "dee.ipynb" in line)
    assert LIMIT - 0.5 < float(dee.split(" in ")[1].split(" s: ")[0]) < LIMIT + 1, "it held its job for its limit"
    assert dee.endswith(f": 1 of 3 points; stopped at cell 2: the notebook ran out of its {LIMIT} s"), dee


def test_read_results_takes_the_last_logged_verdict_and_marks_a_raising_cell_as_error():
    nb = json.loads(
        _notebook(
            "check('04-shift', 1)\ncheck('04-temperature', 2)",
            "check('04-shift', 3)",
            "check('04-cat-softmax', x)",
            "check('05-cat-new', ...)",
            outputs={
                0: [{"output_type": "stream", "name": "stdout", "text": "✅ printed, not logged\n"}],
                2: [{"output_type": "error", "ename": "NameError", "evalue": "x", "traceback": []}],
            },
        )
    )
    logged = [("04-shift", "❌"), ("04-temperature", "✅"), ("04-shift", "✅")]
    assert grade.read_results(nb, logged) == {
        "04-shift": "pass",
        "04-temperature": "pass",
        "04-cat-softmax": "error",
        "05-cat-new": "not answered",
    }
    assert grade.read_results(nb, [])["04-shift"] == "not answered", "a printed ✅ alone counts for nothing"


def test_read_log_skips_garbled_lines(tmp_path):
    log = tmp_path / "verdicts.jsonl"
    log.write_text(
        '{"id": "04-shift", "mark": "✅"}\nnot json\n{"id": "04-temperature"}\n[1, 2]\n'
        '{"id": "04-shift", "mark": "❌", "message": "❌ Not quite: a hint"}\n',
        encoding="utf-8",
    )
    assert grade.read_log(log) == [("04-shift", "✅", ""), ("04-shift", "❌", "❌ Not quite: a hint")], (
        "a line of an older attnlib, without its message, is read too"
    )
    assert grade.read_log(tmp_path / "none.jsonl") == []


def test_check_logs_its_verdict_only_for_the_grader(tmp_path, monkeypatch, capsys):
    from attnlib import check
    from attnlib.exercises import GRADE_LOG

    check("04-shift", ...)  # no log named: nothing written anywhere
    log = tmp_path / "v.jsonl"
    monkeypatch.setenv(GRADE_LOG, str(log))
    check("04-shift", [0.0, 0.0, 1.0])
    check("04-shift", expected_answer("04-shift"))
    logged = grade.read_log(log)
    assert [(e, mark) for e, mark, _ in logged] == [("04-shift", "❌"), ("04-shift", "✅")]
    assert logged[0][2] == evaluate("04-shift", [0.0, 0.0, 1.0]).message, "the message the student saw, whole"
    assert "big scores do not make a hard pick" in logged[0][2] and logged[1][2].startswith("✅")
    assert capsys.readouterr().out.count("\n") >= 3, "the student still sees every message"


def test_bad_arguments_are_clear_errors(tmp_path, capsys):
    for option, value, expected in [
        ("--limit", "0", "expected a finite number of seconds above 0"),
        ("--limit", "-1", "expected a finite number of seconds above 0"),
        ("--limit", "abc", "expected a finite number of seconds above 0"),
        ("--jobs", "0", "expected a whole number of at least 1"),
        ("--jobs", "1.5", "expected a whole number of at least 1"),
    ]:
        with pytest.raises(SystemExit) as stop:
            grade.main([str(tmp_path), option, value])
        assert stop.value.code == 2
        assert f"argument {option}: {expected}, got {value!r}" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        grade.main([str(tmp_path)])
    assert "no notebooks among the submissions" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e999"])
def test_limit_must_be_finite(tmp_path, capsys, value):
    with pytest.raises(SystemExit) as stop:
        grade.main([str(tmp_path), f"--limit={value}"])  # = : argparse would take -inf for an option
    assert stop.value.code == 2
    assert f"argument --limit: expected a finite number of seconds above 0, got {value!r}" in capsys.readouterr().err


# The tests below grade without kernels (run_notebook or grade_one is replaced by a fake), but the last.


def _class(folder, *students: str) -> list[str]:
    """Tiny notebooks, one per student, in folder; their paths."""
    return write_class(folder, RIGHT, *students)


@pytest.fixture
def fake_kernel(monkeypatch):
    """No kernel: each notebook 'runs' as it is and passes 04-shift; the names run are recorded."""
    return grading.fake_kernel(monkeypatch, ("04-shift", "✅", "✅ Correct!"))


def _rows(path) -> list[dict]:
    return list(csv.DictReader(path.open(encoding="utf-8")))


def _wait_for(condition, seconds: float = 5) -> None:
    """Wait until condition() holds, or seconds have passed (the assertions that follow then fail)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)


BAD_OUTPUTS = {  # case -> (the arguments, given the folder and a submitted notebook; what the error says)
    "out in a missing folder": (lambda d, nb: ["--out", d / "nope" / "g.csv"], "--out", "does not exist"),
    "summary in a missing folder": (lambda d, nb: ["--summary", d / "nope" / "s.md"], "--summary", "does not exist"),
    "out is a folder": (lambda d, nb: ["--out", d], "--out", "is a folder"),
    "summary under a file": (lambda d, nb: ["--summary", d / "a.ipynb" / "s.md"], "--summary", "is not a folder"),
    "out is not a regular file": (lambda d, nb: ["--out", os.devnull], "--out", "is not a regular file"),
    "out and summary the same": (
        lambda d, nb: ["--out", d / "x.csv", "--summary", d / "x.csv"],
        "--summary",
        "--out and --summary are the same file",
    ),
    "the same, spelt two ways": (
        lambda d, nb: ["--out", d / "x.csv", "--summary", d / "sub" / ".." / "x.csv"],
        "--summary",
        "--out and --summary are the same file",
    ),
    "out is a submission": (lambda d, nb: ["--out", nb], "--out", "is one of the submitted notebooks"),
    "summary is a submission": (
        lambda d, nb: ["--out", d / "g.csv", "--summary", nb],
        "--summary",
        "is one of the submitted notebooks",
    ),
}


@pytest.mark.parametrize("case", BAD_OUTPUTS)
def test_outputs_are_checked_before_any_notebook_runs(tmp_path, fake_kernel, capsys, case):
    (tmp_path / "sub").mkdir()
    subs = _class(tmp_path, "a", "b")
    before = {p: open(p, encoding="utf-8").read() for p in subs}
    arguments, option, expected = BAD_OUTPUTS[case]
    with pytest.raises(SystemExit) as stop:
        grade.main([*subs, *map(str, arguments(tmp_path, subs[0]))])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and option in err and expected in err, err
    assert fake_kernel == [], "refused before any notebook ran"
    assert {p: open(p, encoding="utf-8").read() for p in subs} == before and not (tmp_path / "x.csv").exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere")
def test_an_output_that_cannot_be_written_is_refused_before_any_notebook_runs(tmp_path, fake_kernel, capsys):
    subs = _class(tmp_path, "a")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "g.csv").write_text("last week's grades\n", encoding="utf-8")
    locked.chmod(0o500)
    try:
        for target in (locked / "new.csv", locked / "g.csv"):
            with pytest.raises(SystemExit):
                grade.main([*subs, "--out", str(target)])
            assert f"--out {target}: cannot write" in capsys.readouterr().err
    finally:
        locked.chmod(0o700)
    assert fake_kernel == [] and (locked / "g.csv").read_text(encoding="utf-8") == "last week's grades\n"


def test_a_missing_notebook_is_reported_by_name_and_the_others_are_graded(tmp_path, fake_kernel, capsys):
    subs = _class(tmp_path, "a")
    gone, no_folder = tmp_path / "gone.ipynb", tmp_path / "no such folder"
    out, summary = tmp_path / "grades.csv", tmp_path / "summary.md"
    code = grade.main([*subs, str(gone), str(no_folder), "--out", str(out), "--summary", str(summary)])
    err = capsys.readouterr().err
    assert code == 1, "a file named on the command line is missing: not a clean run"
    assert f"{gone}: no such file" in err and f"{no_folder}: no such file" in err and "Traceback" not in err
    assert [r["student"] for r in _rows(out)] == ["a"] and _rows(out)[0]["04-shift"] == "pass"
    assert f"- {gone}: no such file" in summary.read_text(encoding="utf-8").split("Not graded:")[1]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_path_that_is_not_a_regular_file_is_skipped_not_read(tmp_path):
    pipe = tmp_path / "pipe.ipynb"
    os.mkfifo(pipe)  # reading it would wait forever for a writer
    assert grade.find_submissions([pipe]) == ([], [f"{pipe}: not a regular file, skipped"])


def test_each_result_is_on_disk_as_soon_as_it_is_graded(tmp_path, monkeypatch):
    subs = _class(tmp_path, "a", "b")
    out, summary = tmp_path / "grades.csv", tmp_path / "summary.md"
    seen = {}

    def grade_one(path, name, source, limit):
        if name == "b":  # while b runs, a's row must already be on disk
            _wait_for(
                lambda: (
                    out.exists()
                    and "\na," in out.read_text(encoding="utf-8")
                    and summary.exists()
                    and "1 of 2" in summary.read_text(encoding="utf-8")
                )
            )  # both written
            seen["csv"] = out.read_text(encoding="utf-8") if out.exists() else ""
            seen["summary"] = summary.read_text(encoding="utf-8") if summary.exists() else ""
        return grade.Submission(name, {"04-shift": "pass"}, [])

    monkeypatch.setattr(grade, "grade_one", grade_one)
    assert grade.main([*subs, "--out", str(out), "--summary", str(summary), "--jobs", "1"]) == 0
    assert seen["csv"].splitlines()[1].startswith("a,"), seen
    assert (
        "In progress: 1 of 2 notebooks graded" in seen["summary"] and f"- {subs[1]}: not graded yet" in seen["summary"]
    )
    assert [r["student"] for r in _rows(out)] == ["a", "b"]
    final = summary.read_text(encoding="utf-8")
    assert "In progress" not in final and "Not graded" not in final
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask, "a new file gets the usual permissions"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [], "no temporary file left behind"


def test_an_interrupted_run_keeps_what_was_graded(tmp_path, monkeypatch, capsys):
    subs = _class(tmp_path, "a", "b", "c")
    out, summary = tmp_path / "grades.csv", tmp_path / "summary.md"

    release = threading.Event()

    def grade_one(path, name, source, limit):
        if name == "b":  # Ctrl-C while b is graded, once a's row is written
            _wait_for(
                lambda: (
                    out.exists()
                    and "\na," in out.read_text(encoding="utf-8")
                    and summary.exists()
                    and "1 of 2" in summary.read_text(encoding="utf-8")
                )
            )  # both written
            raise KeyboardInterrupt
        if name == "c":
            release.wait(10)  # c is still running when the grader stops
        return grade.Submission(name, {"04-shift": "pass"}, [])

    monkeypatch.setattr(grade, "grade_one", grade_one)
    try:
        code = grade.main([*subs, "--out", str(out), "--summary", str(summary), "--jobs", "1"])
    except KeyboardInterrupt:
        code = "KeyboardInterrupt escaped"
    finally:
        release.set()
    captured = capsys.readouterr()
    assert code == 130, "the usual exit code of a run stopped by Ctrl-C"
    assert [(r["student"], r["04-shift"]) for r in _rows(out)] == [("a", "pass")]
    text = summary.read_text(encoding="utf-8")
    assert "Interrupted (Ctrl-C) after 1 of 3 notebooks" in text and text in captured.out
    not_graded = text.split("Not graded:")[1]
    assert f"- {subs[1]}: not graded, the run was interrupted" in not_graded and subs[2] in not_graded
    assert subs[0] not in not_graded and "Traceback" not in captured.err


def test_an_interrupt_before_any_result_leaves_the_last_files_as_they_were(tmp_path, monkeypatch, capsys):
    subs = _class(tmp_path, "a")
    out, summary = tmp_path / "grades.csv", tmp_path / "summary.md"
    out.write_text("student,04-shift\nzed,pass\n", encoding="utf-8")
    summary.write_text("# last week\n", encoding="utf-8")

    def grade_one(path, name, source, limit):
        raise KeyboardInterrupt

    monkeypatch.setattr(grade, "grade_one", grade_one)
    try:
        code = grade.main([*subs, "--out", str(out), "--summary", str(summary)])
    except KeyboardInterrupt:
        code = "KeyboardInterrupt escaped"
    assert code == 130 and "nothing was graded" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "student,04-shift\nzed,pass\n"
    assert summary.read_text(encoding="utf-8") == "# last week\n"


def test_results_that_can_no_longer_be_written_are_printed_instead(tmp_path, monkeypatch, capsys):
    subs = _class(tmp_path, "a", "b", "c")
    results = tmp_path / "results"
    results.mkdir()

    release = threading.Event()

    def grade_one(path, name, source, limit):
        if name == "b":  # once a's row is written, the folder goes (a USB stick pulled out)
            _wait_for(
                lambda: (
                    "\na," in (results / "grades.csv").read_text(encoding="utf-8")
                    if (results / "grades.csv").exists()
                    else False
                )
            )
            shutil.rmtree(results)
        if name == "c":
            release.wait(10)  # still running when the grader stops
        return grade.Submission(name, {"04-shift": "pass"}, [])

    monkeypatch.setattr(grade, "grade_one", grade_one)
    try:
        code = grade.main([*subs, "--out", str(results / "grades.csv"), "--jobs", "1"])
    finally:
        release.set()
    captured = capsys.readouterr()
    assert code == 1 and "could not write the results" in captured.err and "Traceback" not in captured.err
    rows = [line for line in captured.out.splitlines() if line.startswith(("student,", "a,", "b,", "c,"))]
    assert [row.split(",")[0] for row in rows] == ["student", "a", "b"], "the grades so far, on stdout"
    assert rows[2] == "b,not answered,not answered,pass,not answered,1,0,0,2,33,1,3,0,"
    assert f"- {subs[2]}: not graded, the run was stopped (could not write the results" in captured.out


def test_ctrl_c_stops_a_real_run_at_once_and_keeps_what_was_graded(tmp_path):
    a, b = tmp_path / "a.ipynb", tmp_path / "b.ipynb"
    a.write_text(_notebook(RIGHT), encoding="utf-8")
    b.write_text(_notebook(RIGHT, "while True:\n    pass"), encoding="utf-8")
    out, summary, log = tmp_path / "grades.csv", tmp_path / "summary.md", tmp_path / "stderr.txt"
    with log.open("w", encoding="utf-8") as err:
        run = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "attnlib.grade",
                str(a),
                str(b),
                "--out",
                str(out),
                "--summary",
                str(summary),
                "--limit",
                "120",
            ],
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    try:
        deadline = time.monotonic() + 90
        while f"grading {b}" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(3)  # b's kernel starts and loops
        run.send_signal(signal.SIGINT)
        code = run.wait(timeout=20)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert code == 130, log.read_text(encoding="utf-8")
    assert [r["student"] for r in _rows(out)] == ["a"]
    assert f"- {b}: not graded, the run was interrupted" in summary.read_text(encoding="utf-8")
    assert "Traceback" not in log.read_text(encoding="utf-8")
