"""python -m attnlib.grade on a mock class, with a roster, feedback files and an LMS file (issue #25).

The class is written from solutions/04_softmax.ipynb, some answers made wrong, one left unanswered,
one that raises, one that loops forever, one student with two notebooks of lesson 04 and one with a
lesson 05 notebook too, one file that is nobody's and one student who hands nothing in. It is graded
once (a kernel per notebook) and the tests read its files. The tests of the roster, the checks and the
points run without kernels; the last test times a class with a notebook stuck in a C loop."""

import csv
import dataclasses
import io
import re
import subprocess
import sys
import time
from pathlib import Path

import grading
import nbformat
import pytest
from grading import SHIFT, write_class
from grading import notebook as _notebook

from attnlib import _grade_feedback, _grade_io, _grade_roster, grade
from attnlib.exercises import engine, evaluate, expected_answer
from attnlib.maths.softmax import softmax

SOLUTION = Path(__file__).resolve().parent.parent / "solutions" / "04_softmax.ipynb"
LIMIT = 15  # the mock class's: the solution notebook runs in 1 to 4 s
BANK = "import attnlib as al\nal.check('05-bank-row', {!r})".format(expected_answer("05-bank-row").round(4).tolist())
ROSTER = (  # as Excel saves it (a byte-order mark), header in its own case and order, with an extra column
    "\ufeffStudent_ID, Name ,file,email\n"
    "s001,Ada Lovelace,,ada@example.org\n"
    "s002,Ben Okri,,\n"
    "s003,Cy Young,,\n"
    "\n"
    "s004,Dee Dee,,\n"
    "S005,Eve Arden,,\n"
    "s006,Fay Wray,late/fay_final.ipynb,\n"
    "s007,Gus Grissom,,\n"
)


def _solution(*edits: tuple[str, str]) -> str:
    """The solutions notebook of lesson 04, each (old, new) replaced in the one code cell holding old."""
    nb = nbformat.read(SOLUTION, as_version=4)
    for old, new in edits:
        cells = [c for c in nb.cells if c.cell_type == "code" and old in c.source]
        assert len(cells) == 1, old
        cells[0].source = cells[0].source.replace(old, new)
    return nbformat.writes(nb)


CLASS = {
    "s001_ada.ipynb": lambda: _solution(),  # all right
    "s001_ada_draft.ipynb": lambda: _notebook(SHIFT),  # an earlier try of the same lesson: 1 of 3
    "s002_ben.ipynb": lambda: _solution(  # temperature 1 instead of 10, and a challenge answer too cold
        ('check("04-temperature", answer)', 'check("04-temperature", al.softmax(s))'),
        ('check("04-challenge-temperature", answer)', 'check("04-challenge-temperature", 10)'),
    ),
    "s002_ben_05.ipynb": lambda: _notebook(BANK),  # lesson 05 too: 1 of its 2
    "s003_cy.ipynb": lambda: _solution(('check("04-shift", answer)', 'check("04-shift", ...)')),  # left unanswered
    "s004_dee.ipynb": lambda: _solution(("exps = np.exp(s_cat - s_cat.max())", "exps = my_softmax(s_cat)")),
    "Eve-S005.ipynb": lambda: _solution(
        ('check("04-cat-softmax", answer)', 'check("04-cat-softmax", answer)\nwhile True:\n    pass')
    ),  # loops forever after its first answer; its id in another case
    "late/fay_final.ipynb": lambda: _solution(('check("04-cat-softmax", answer)', 'check("04-cat-softmax", s_cat)')),
    "zed.ipynb": lambda: _notebook(SHIFT),  # nobody's: no id in its name, no file entry
}


@pytest.fixture(scope="module")
def mock_class(tmp_path_factory):
    top = tmp_path_factory.mktemp("class")
    folder = top / "submissions"
    for name, make in CLASS.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(make(), encoding="utf-8")
    (top / "roster.csv").write_text(ROSTER, encoding="utf-8")
    out = {k: top / k for k in ("grades.csv", "summary.md", "lms.csv", "feedback")}
    run = subprocess.run(
        [sys.executable, "-m", "attnlib.grade", str(folder), "--out", str(out["grades.csv"])]
        + ["--summary", str(out["summary.md"]), "--feedback", str(out["feedback"]), "--roster", str(top / "roster.csv")]
        + ["--lms", str(out["lms.csv"]), "--limit", str(LIMIT), "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    feedback = {p.name: p.read_text(encoding="utf-8") for p in out["feedback"].iterdir()}
    rows = {r["student"]: r for r in csv.DictReader(out["grades.csv"].open(encoding="utf-8"))}
    texts = {k: out[k].read_text(encoding="utf-8") for k in ("summary.md", "lms.csv")}
    return {"folder": folder, "feedback": feedback, "rows": rows, "run": run, **texts}


def _section(text: str, heading: str) -> str:
    """The part of a Markdown text from a heading line to the next heading."""
    start = text.index(f"{heading}\n")
    after = start + len(heading) + 1
    following = re.search(r"^#+ ", text[after:], re.M)
    return text[start : after + following.start()] if following else text[start:]


def test_feedback_of_a_wrong_answer_has_the_hint_check_showed_and_the_points(mock_class):
    ben = mock_class["feedback"]["s002.md"]
    assert ben.startswith("# Feedback for Ben Okri (s002)\n\n**Total: 3 of 5 points**\n"), ben
    assert "## s002_ben.ipynb: lesson 04, 2 of 3 points\n" in ben
    assert "## s002_ben_05.ipynb: lesson 05, 1 of 2 points\n" in ben
    wrong = _section(ben, "### 04-temperature: wrong answer (0 of 1 point)")
    hint = evaluate("04-temperature", softmax([-2.0, 8.0, 8.0])).message
    assert "that is what temperature 1 gives" in hint, "the hint of that very mistake"
    assert f"What `check()` told you when it ran:\n\n> {hint}\n" in wrong, wrong
    assert "The exercise: softmax([-2, 8, 8]) at temperature 10." in wrong
    assert "### 04-cat-softmax: right (1 of 1 point)\n" in ben and "### 04-shift: right (1 of 1 point)\n" in ben
    challenge = _section(ben, "### Challenge 04-challenge-temperature: wrong answer (optional, no points)")
    assert f"> {evaluate('04-challenge-temperature', 10).message}\n" in challenge, challenge
    assert "### 05-bank-row: right (1 of 1 point)" in ben and "### 05-cat-new: not answered (0 of 1 point)" in ben
    assert "04-temperature" not in _section(ben, "## s002_ben_05.ipynb: lesson 05, 1 of 2 points"), (
        "its own lesson only"
    )


def test_feedback_says_what_an_error_a_missing_answer_and_a_timeout_mean(mock_class):
    feedback = mock_class["feedback"]
    cy, dee, eve = feedback["s003.md"], feedback["s004.md"], feedback["S005.md"]  # named by id, as the roster spells it
    assert "**Total: 2 of 3 points**" in cy
    missing = _section(cy, "### 04-shift: not answered (0 of 1 point)")
    assert "the `...` is still there" in missing and "The exercise: softmax([101, 102, 103])" in missing
    assert "the `...` is still there" not in _section(cy, "### 04-temperature: right (1 of 1 point)")
    assert "stopped with an error before `check()`" in _section(dee, "### 04-cat-softmax: error (0 of 1 point)")
    went_wrong = _section(dee, "### What went wrong while your notebook ran")
    assert "(NameError: name 'my_softmax' is not defined)" in went_wrong, went_wrong
    assert "**Total: 1 of 3 points**" in eve and "### 04-cat-softmax: right (1 of 1 point)" in eve, "answered in time"
    assert "### 04-temperature: not answered (0 of 1 point)" in eve
    assert f"the notebook ran out of its {LIMIT} s" in _section(eve, "### What went wrong while your notebook ran")


def test_one_feedback_file_per_student_and_per_file_that_is_nobodys(mock_class):
    feedback = mock_class["feedback"]
    assert sorted(feedback, key=str.lower) == [f"{'S' if i == 5 else 's'}00{i}.md" for i in range(1, 8)] + ["zed.md"]
    assert "No notebook of yours was found" in feedback["s007.md"] and "Total" not in feedback["s007.md"]
    ada = feedback["s001.md"]
    assert ada.startswith("# Feedback for Ada Lovelace (s001)\n\n**Total: 3 of 3 points** (of a lesson handed in twice")
    assert "## s001_ada.ipynb: lesson 04, 3 of 3 points" in ada and "## s001_ada_draft.ipynb: lesson 04, 1 of 3" in ada
    assert "# Feedback for Fay Wray (s006)" in feedback["s006.md"], "matched by the roster's file column"
    assert "### 04-cat-softmax: wrong answer (0 of 1 point)" in feedback["s006.md"]
    assert "these are the raw scores; apply softmax to them." in feedback["s006.md"]
    assert feedback["zed.md"].startswith("# Feedback for zed\n\n**Total: 1 of 3 points**")


def test_the_lms_file_has_a_row_per_student_and_a_column_per_lesson(mock_class):
    assert mock_class["lms.csv"] == (
        "student_id,name,lesson 04,lesson 04 max,lesson 05,lesson 05 max\n"
        "s001,Ada Lovelace,3,3,,2\n"  # the better of her two notebooks
        "s002,Ben Okri,2,3,1,2\n"
        "s003,Cy Young,2,3,,2\n"
        "s004,Dee Dee,2,3,,2\n"
        "S005,Eve Arden,1,3,,2\n"
        "s006,Fay Wray,2,3,,2\n"
        "s007,Gus Grissom,,3,,2\n"  # nothing handed in: empty, not 0
    )


def test_the_csv_has_each_notebooks_student_and_points(mock_class):
    rows = mock_class["rows"]
    got = {name: (r["student_id"], r["name"], r["points"], r["max points"], r["score %"]) for name, r in rows.items()}
    assert got == {
        "s001_ada": ("s001", "Ada Lovelace", "3", "3", "100"),
        "s001_ada_draft": ("s001", "Ada Lovelace", "1", "3", "33"),
        "s002_ben": ("s002", "Ben Okri", "2", "3", "67"),
        "s002_ben_05": ("s002", "Ben Okri", "1", "2", "50"),
        "s003_cy": ("s003", "Cy Young", "2", "3", "67"),
        "s004_dee": ("s004", "Dee Dee", "2", "3", "67"),
        "Eve-S005": ("S005", "Eve Arden", "1", "3", "33"),
        "fay_final": ("s006", "Fay Wray", "2", "3", "67"),
        "zed": ("", "", "1", "3", "33"),
    }
    assert rows["Eve-S005"]["problems"] == f"stopped at cell 7: the notebook ran out of its {LIMIT} s"
    assert rows["s002_ben"]["04-challenge-temperature"] == "fail" and rows["s002_ben"]["challenges passed"] == "0"


def test_the_summary_lists_who_handed_nothing_in_and_the_files_that_are_nobodys(mock_class):
    summary, folder = mock_class["summary.md"], mock_class["folder"]
    assert "Roster: 7 students, 6 of whom handed in a notebook." in summary
    assert "Handed nothing in (1):\n- s007 Gus Grissom\n" in summary
    assert f"Files that matched no student (1):\n- {folder / 'zed.ipynb'}: no student id in its name" in summary
    several = summary.split("Several notebooks of one lesson")[1]
    assert f"- s001, lesson 04: {folder / 's001_ada.ipynb'}, {folder / 's001_ada_draft.ipynb'}" in several


def test_progress_counts_the_notebooks(mock_class):
    lines = [line for line in mock_class["run"].stderr.splitlines() if line.startswith("[")]
    assert [line.split("]")[0] for line in lines] == [f"[{k}/9" for k in range(1, 10)], lines
    assert any(": 2 of 3 points" in line and "s002_ben.ipynb" in line for line in lines)


# Without kernels: the roster, the checks before any notebook runs, points, and files as they are graded.


def test_a_roster_is_read_as_excel_writes_it(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, encoding="utf-8")
    students = _grade_roster.read_roster(path)
    assert [s.id for s in students] == ["s001", "s002", "s003", "s004", "S005", "s006", "s007"]
    assert students[0] == ("s001", "Ada Lovelace", ()) and students[5].files == ("late/fay_final.ipynb",)
    path.write_text("name,student_id,file\nAda,s1,a.ipynb; b.ipynb\n", encoding="utf-8")
    assert _grade_roster.read_roster(path) == [("s1", "Ada", ("a.ipynb", "b.ipynb"))]


BAD_ROSTERS = {  # case -> (the file's text, what the error says)
    "no student_id column": ("id,name\ns1,Ada\n", "its header row is id,name; it needs student_id and name"),
    "no name column": ("student_id\ns1\n", "it needs student_id and name"),
    "a column twice": ("student_id,name,name\ns1,Ada,Ada\n", "each once"),
    "empty": ("", "its header row is (empty)"),
    "no students": ("student_id,name\n\n", "lists no students"),
    "an id twice": ("student_id,name\ns1,Ada\ns2,Ben\nS1,Cy\n", "the student_id 'S1' is on line 2 and again on line 4"),
    "an empty id": ("student_id,name\ns1,Ada\n,Ben\n", "line 3 has no student_id"),
    "a file twice": (
        "student_id,name,file\ns1,Ada,a.ipynb\ns2,Ben,A.ipynb\n",
        "the file 'A.ipynb' is given to 's1' too",
    ),
}


@pytest.mark.parametrize("case", BAD_ROSTERS)
def test_a_bad_roster_is_refused_before_any_notebook_runs(tmp_path, fake_kernel, capsys, case):
    text, expected = BAD_ROSTERS[case]
    roster = tmp_path / "roster.csv"
    roster.write_text(text, encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        grade.main([*_class(tmp_path, "s1"), "--roster", str(roster), "--out", str(tmp_path / "g.csv")])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and f"--roster {roster}: " in err, err
    assert expected in err, err
    assert fake_kernel == [] and not (tmp_path / "g.csv").exists()


def test_a_roster_that_cannot_be_read_is_refused(tmp_path, fake_kernel, capsys):
    subs = [*_class(tmp_path, "s1"), "--out", str(tmp_path / "g.csv")]
    (tmp_path / "latin1.csv").write_bytes("student_id,name\ns1,Zoë\n".encode("latin-1"))
    for roster, expected in [(tmp_path / "none.csv", "cannot read it"), (tmp_path / "latin1.csv", "not UTF-8")]:
        with pytest.raises(SystemExit):
            grade.main([*subs, "--roster", str(roster)])
        err = capsys.readouterr().err
        assert f"--roster {roster}: " in err and expected in err, err
    assert fake_kernel == []


def test_notebooks_are_matched_by_the_file_column_else_by_the_id_in_their_path(tmp_path):
    roster = [
        _grade_roster.Student("s1", "Ada", ()),
        _grade_roster.Student("s12", "Ben", ()),
        _grade_roster.Student("x9", "Cy", ("cy.ipynb", "group2/late.ipynb", "s12_copy.ipynb")),
    ]
    names = ["s1_04.ipynb", "04-S12.ipynb", "s1/04_softmax.ipynb", "cy.ipynb", "group2/late.ipynb"]
    names += ["group1/late.ipynb", "s123.ipynb", "s1_s12.ipynb", "s12_copy.ipynb"]
    paths = [tmp_path / n for n in names]
    owner, notes = _grade_roster.owners(roster, paths)
    assert {names[i]: s.id for i, s in owner.items()} == {
        "s1_04.ipynb": "s1",
        "04-S12.ipynb": "s12",  # case aside; "-" ends a word
        "s1/04_softmax.ipynb": "s1",  # in the folder's name
        "cy.ipynb": "x9",
        "group2/late.ipynb": "x9",  # the end of its path
        "s12_copy.ipynb": "x9",  # a file entry wins over the id in its name
    }
    assert notes == [
        f"{tmp_path / 'group1/late.ipynb'}: no student id in its name, and no file entry of the roster names it",
        f"{tmp_path / 's123.ipynb'}: no student id in its name, and no file entry of the roster names it",
        f"{tmp_path / 's1_s12.ipynb'}: matches the ids of several students (s1, s12)",
    ]


def _class(folder, *students: str) -> list[str]:
    """Tiny notebooks, one per student, in folder; their paths."""
    return write_class(folder, SHIFT, *students)


@pytest.fixture
def fake_kernel(monkeypatch):
    """No kernel: each notebook 'runs' as it is and answers 04-shift wrong; the names run are recorded."""
    return grading.fake_kernel(monkeypatch, ("04-shift", "❌", "❌ Not quite: a hint"))


BAD_OUTPUTS = {  # case -> (the arguments, given the folder; what the error says)
    "lms without roster": (lambda d: ["--lms", d / "lms.csv"], "--lms needs --roster"),
    "lms is the roster": (lambda d: ["--roster", d / "r.csv", "--lms", d / "r.csv"], "is the file --roster reads"),
    "out is the roster": (lambda d: ["--roster", d / "r.csv", "--out", d / "r.csv"], "--out"),
    "lms is the out": (lambda d: ["--roster", d / "r.csv", "--lms", d / "g.csv", "--out", d / "g.csv"], "same file"),
    "lms in a missing folder": (lambda d: ["--roster", d / "r.csv", "--lms", d / "no" / "l.csv"], "does not exist"),
    "feedback is a file": (lambda d: ["--feedback", d / "r.csv"], "--feedback"),
    "feedback under a missing folder": (lambda d: ["--feedback", d / "no" / "fb"], "does not exist (create it first)"),
    "feedback is the out": (lambda d: ["--feedback", d / "x", "--out", d / "x"], "--out and --feedback are the same"),
}


@pytest.mark.parametrize("case", BAD_OUTPUTS)
def test_the_new_outputs_are_checked_before_any_notebook_runs(tmp_path, fake_kernel, capsys, case):
    subs = _class(tmp_path, "s1")
    (tmp_path / "r.csv").write_text("student_id,name\ns1,Ada\n", encoding="utf-8")
    arguments, expected = BAD_OUTPUTS[case]
    with pytest.raises(SystemExit) as stop:
        grade.main([*subs, *map(str, arguments(tmp_path))])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and expected in err, err
    assert fake_kernel == [] and (tmp_path / "r.csv").read_text(encoding="utf-8") == "student_id,name\ns1,Ada\n"
    assert not (tmp_path / "g.csv").exists() and not (tmp_path / "x").exists()


def test_a_missing_feedback_folder_is_made_and_every_output_written(tmp_path, fake_kernel, capsys):
    subs = _class(tmp_path, "s1", "s2")
    (tmp_path / "r.csv").write_text("student_id,name\ns1,Ada\ns2,Ben\ns3,Cy\n", encoding="utf-8")
    fb, lms = tmp_path / "fb", tmp_path / "lms.csv"
    arguments = ["--roster", str(tmp_path / "r.csv"), "--feedback", str(fb), "--lms", str(lms)]
    assert grade.main([*subs, *arguments, "--out", str(tmp_path / "g.csv")]) == 0
    assert sorted(p.name for p in fb.iterdir()) == ["s1.md", "s2.md", "s3.md"]
    assert "> ❌ Not quite: a hint" in (fb / "s1.md").read_text(encoding="utf-8"), "the message logged, as it was"
    assert lms.read_text(encoding="utf-8").splitlines()[1:] == ["s1,Ada,0,3", "s2,Ben,0,3", "s3,Cy,,3"]


def test_every_output_is_on_disk_as_soon_as_a_notebook_is_graded(tmp_path, monkeypatch):
    subs = _class(tmp_path, "s1", "s2")
    (tmp_path / "r.csv").write_text("student_id,name\ns1,Ada\ns2,Ben\n", encoding="utf-8")
    fb, lms = tmp_path / "fb", tmp_path / "lms.csv"
    seen = {}

    def grade_one(path, name, source, limit):
        if name == "s2":  # while s2 runs, s1's results must be on disk already
            _wait_for(lambda: (fb / "s1.md").exists() and "Total" in (fb / "s1.md").read_text(encoding="utf-8"))
            seen["s1"] = (fb / "s1.md").read_text(encoding="utf-8") if (fb / "s1.md").exists() else ""
            seen["s2"] = (fb / "s2.md").read_text(encoding="utf-8") if (fb / "s2.md").exists() else ""
            seen["lms"] = lms.read_text(encoding="utf-8") if lms.exists() else ""
        return grade.Submission(name, {"04-shift": "pass"}, [])

    monkeypatch.setattr(grade, "grade_one", grade_one)
    arguments = ["--roster", str(tmp_path / "r.csv"), "--feedback", str(fb), "--lms", str(lms), "--jobs", "1"]
    assert grade.main([*subs, *arguments, "--out", str(tmp_path / "g.csv")]) == 0
    assert "**Total: 1 of 3 points**" in seen["s1"] and "### 04-shift: right (1 of 1 point)" in seen["s1"]
    assert "## s2.ipynb: not graded yet" in seen["s2"]
    assert seen["lms"].splitlines()[1:] == ["s1,Ada,1,3", "s2,Ben,,3"]
    assert lms.read_text(encoding="utf-8").splitlines()[1:] == ["s1,Ada,1,3", "s2,Ben,1,3"]
    assert "not graded" not in (fb / "s2.md").read_text(encoding="utf-8")


def _wait_for(condition, seconds: float = 5) -> None:
    """Wait until condition() holds, or seconds have passed (the assertions that follow then fail)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)


def test_an_exercise_is_worth_its_catalogues_points(monkeypatch):
    shift = engine.registered()["04-shift"]
    assert shift.points == 1, "the default"
    monkeypatch.setitem(engine._EXERCISES, "04-shift", dataclasses.replace(shift, points=2.5))
    s = _grade_io.Submission("ada", {"04-shift": "pass", "04-temperature": "fail"}, [])
    assert _grade_io.lesson_points(s) == {"04": (2.5, 4.5)}
    table = io.StringIO()
    _grade_io.write_csv([s], _grade_io.exercise_columns([s]), table, None)
    row = next(csv.DictReader(io.StringIO(table.getvalue())))
    assert (row["points"], row["max points"], row["score %"]) == ("2.5", "4.5", "56")
    sheet = _grade_feedback.plan(["ada"], None, {})[0]
    text = _grade_feedback.feedback(sheet, [Path("ada.ipynb")], {0: s})
    assert "**Total: 2.5 of 4.5 points**" in text and "### 04-shift: right (2.5 of 2.5 points)" in text


def test_feedback_files_are_named_safely_and_never_twice():
    people = [("s/1", "Ada"), ("S_1", "Ben"), ("..", "")]
    sheets = _grade_feedback.plan(["s_1", "x y", "s1"], people, {2: "s/1"})
    assert [(s.file, s.title, s.positions) for s in sheets] == [
        ("s_1.md", "Ada (s/1)", (2,)),
        ("S_1-2.md", "Ben (S_1)", ()),
        ("student.md", "..", ()),
        ("s_1-3.md", "s_1", (0,)),
        ("x_y.md", "x y", (1,)),
    ]


def test_a_notebook_stuck_in_c_code_is_killed_at_the_limit_and_frees_its_job(tmp_path, capsys):
    import nbclient  # noqa: F401 - imported before the clock starts, as after the first notebook

    limit = 4
    loop = _notebook(SHIFT, "import itertools\nsum(itertools.count())  # C code: Ctrl-C cannot stop it", "x = 1")
    (tmp_path / "a_loop.ipynb").write_text(loop, encoding="utf-8")
    subs = [str(tmp_path / "a_loop.ipynb"), *_class(tmp_path, "b", "c")]
    out = tmp_path / "grades.csv"
    start = time.monotonic()
    assert grade.main([*subs, "--out", str(out), "--limit", str(limit), "--jobs", "2"]) == 0
    took = time.monotonic() - start
    rows = {r["student"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert rows["a_loop"]["04-shift"] == "pass", "its answer before the loop counts"
    assert rows["a_loop"]["problems"] == f"stopped at cell 2: the notebook ran out of its {limit} s"
    times = {}
    for line in capsys.readouterr().err.splitlines():
        if match := re.match(r"\[\d/3\] graded .*/(\w+)\.ipynb in ([\d.]+) s: ", line):
            times[match[1]] = float(match[2])
    assert set(times) == {"a_loop", "b", "c"}, times
    assert limit - 0.25 <= times["a_loop"] <= limit + 0.75, (
        f"its job was held {times['a_loop']} s for a {limit} s limit"
    )
    assert took < sum(times.values()) - 1, f"{took:.1f} s in all for notebooks of {times}: b and c ran beside it"
