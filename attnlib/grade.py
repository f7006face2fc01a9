"""Grade a class: run each submitted notebook in a fresh kernel and read its checked exercises.

    python -m attnlib.grade SUBMISSIONS... [--out grades.csv] [--summary summary.md] [--feedback FOLDER]
                            [--roster roster.csv] [--lms lms.csv] [--limit 120] [--jobs 2]

SUBMISSIONS are notebooks or folders of them. Every submission is read into memory before any is
run, and each runs in its own kernel in a temporary folder of its own, so one student's code cannot
change another's notebook or result. Results are read outside the kernel: each `check("ID", answer)`
also writes its verdict to a file the grader names (ATTNLIB_GRADE_LOG), and an exercise's last
verdict counts (with the message check() showed), so a ✅ printed by the student's own code does not.
An exercise checked in the source but never logged is "error" if its cell raised (the run goes on), else
"not answered". A notebook whose time is up (--limit, counted from its kernel's start) has its kernel
killed at once, even one stuck in C code, and what it answered before still counts. An exercise of
another lesson than the notebook's is "n/a"; challenges are optional and counted apart. An exercise is
worth its catalogue's points (Exercise.points, 1 unless set); the CSV gives each notebook's points.

--feedback FOLDER: a Markdown file per student, for them to read: verdicts, points, and for a wrong answer
the hint check() showed (_grade_feedback.py). --roster: a CSV, student_id,name[,file], that says whose
each notebook is (its file column, else the student id in the file's path); the summary then lists who
handed nothing in and the files that are nobody's (_grade_roster.py). --lms (needs --roster): a CSV for
Moodle or Canvas, student_id,name, then per lesson "lesson NN" (points; empty: none handed in) and
"lesson NN max" (_grade_roster.py has both formats). Every output is checked, and the roster read,
before any notebook runs, and all are rewritten as each notebook is graded, so a run stopped by Ctrl-C
or a crash keeps what it graded (the summary names the rest); each line of progress reads [k/n].
Exit status: 0; 1 if a file named is missing or unreadable, or the results could not be written (they
are printed then); 2 for bad arguments (a bad roster too); 130 on Ctrl-C.

Not a sandbox: a submission runs with your user's rights (files, network, processes), and a student
who reads attnlib can still fake a verdict on purpose. Run untrusted work in a container (README).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from . import _grade_roster
from ._grade_checks import outputs_problem, seconds, whole
from ._grade_feedback import amount, feedback, plan, write_feedback
from ._grade_io import (
    Submission,
    exercise_columns,
    find_submissions,
    read_submissions,
    report,
    save,
    tally,
    write_atomically,
)
from ._grade_roster import Student, lms_csv, owners, read_roster, roster_lines
from ._grade_run import STOP, read_log, run_notebook, stop_kernels  # noqa: F401 - read_log: grade's as before

CALL = re.compile(r"""\bcheck\(\s*(?:exercise_id\s*=\s*)?["']([\w-]+)["']""")
VERDICTS = {"✅": "pass", "❌": "fail", "⏳": "not answered"}


def read_results(nb: dict, logged: list[tuple[str, str, str]]) -> dict[str, str]:
    """Each exercise checked in an executed notebook -> its last logged verdict; one that is checked in
    the source but never logged -> "error" when its cell raised, else "not answered"."""
    results: dict[str, str] = {}
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        raised = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
        for exercise in CALL.findall("".join(cell["source"])):
            if results.get(exercise) != "error":
                results[exercise] = "error" if raised else "not answered"
    for exercise, mark, *_ in logged:
        results[exercise] = VERDICTS.get(mark, "fail")
    return results


def tell(line: str) -> None:
    """Print a line on stderr in one write, so the lines of notebooks run at once do not interleave."""
    sys.stderr.write(line + "\n")


def grade_one(path: Path, name: str, source: bytes, limit: float) -> Submission:
    """Run one submission and read its results; a notebook that cannot be read gets a row too."""
    tell(f"grading {path} ...")
    start = time.monotonic()
    try:
        nb, problems, logged = run_notebook(source, path.name, limit)
    except Exception as exc:  # noqa: BLE001 - a broken file is the student's row, not the grader's crash
        late, took = time.monotonic() - start >= limit, time.monotonic() - start  # killed before it could start?
        why = f"its kernel did not start within its {limit:g} s" if late else f"{type(exc).__name__}: {exc}"
        return Submission(name, {}, [f"could not run: {why}"], {}, took)
    messages = {exercise: message for exercise, _, message in logged}  # the last, as for the verdict
    return Submission(name, read_results(nb, logged), problems, messages, time.monotonic() - start)


def progress(done: int, total: int, path: Path, s: Submission) -> str:
    """The line printed as a notebook is graded: [7/40] graded path in 3.1 s: 2 of 3 points; problems."""
    earned, possible = tally(s, exercise_columns([s]))
    return f"[{done}/{total}] graded {path} in {s.seconds:.1f} s: {amount(earned, possible)}" + "".join(
        f"; {p}" for p in s.problems
    )


def grade_class(
    sources: list[tuple[Path, str, bytes]],
    limit: float,
    jobs: int,
    on_result: Callable[[dict[int, Submission]], object],
) -> tuple[dict[int, Submission], str]:
    """Grade the notebooks, jobs at once, calling on_result with all graded so far as each is; return
    them (by position) and why the run stopped early, or "" if it did not."""
    STOP.clear()
    pool = ThreadPoolExecutor(max_workers=jobs)  # each job waits on its own kernel
    graded: dict[int, Submission] = {}
    why = ""
    try:
        futures = {pool.submit(grade_one, *source, limit): i for i, source in enumerate(sources)}
        for future in as_completed(futures):
            s = graded[futures[future]] = future.result()
            tell(progress(len(graded), len(sources), sources[futures[future]][0], s))
            on_result(graded)
    except KeyboardInterrupt:
        why = "interrupted (Ctrl-C)"
    except OSError as exc:
        why = f"stopped (could not write the results: {exc})"
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # those not started never will
        if len(graded) < len(sources):
            stop_kernels()  # nor will those running go on
    return graded, why


class Outputs:
    """Every file a run writes, from the notebooks graded so far: all rewritten whole each time (the
    feedback files that changed), with what is known before any runs (whose each notebook is)."""

    def __init__(self, args: argparse.Namespace, sources: list, notes: list[str], roster: list[Student] | None) -> None:
        self.args, self.notes, self.roster = args, notes, roster
        self.paths, names = [path for path, _, _ in sources], [name for _, name, _ in sources]
        self.owner, self.nobodys = owners(roster, self.paths) if roster is not None else ({}, [])
        self.people = None if roster is None else {names[i]: (s.id, s.name) for i, s in self.owner.items()}
        students = None if roster is None else [(s.id, s.name) for s in roster]
        self.sheets = plan(names, students, {i: s.id for i, s in self.owner.items()})
        self.written: dict[str, str] = {}  # feedback file -> its text on disk

    def texts(self, graded: dict[int, Submission], why: str = "") -> tuple[str, str]:
        """The CSV and the summary (with the roster's part, if one was given)."""
        roster = self.roster is not None
        extra = roster_lines(self.roster, self.owner, self.nobodys, self.paths, graded) if roster else []
        return report(self.paths, graded, self.notes, why, self.people, extra)

    def __call__(self, graded: dict[int, Submission], why: str = "") -> tuple[str, str]:
        """Write every output; return the CSV and the summary."""
        table, summary = self.texts(graded, why)
        save((table, summary), self.args.out, self.args.summary)
        if self.args.lms:
            write_atomically(self.args.lms, lms_csv(self.roster, self.owner, graded), newline="")
        if self.args.feedback:
            texts = {sheet.file: feedback(sheet, self.paths, graded, why) for sheet in self.sheets}
            self.written = write_feedback(self.args.feedback, texts, self.written)
        return table, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m attnlib.grade",
        description=__doc__.split("\n\n")[0],
        epilog=_grade_roster.__doc__,  # the roster's and the LMS file's formats
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("submissions", nargs="+", type=Path, help="notebooks, or folders of them")
    parser.add_argument("--out", type=Path, default=Path("grades.csv"), help="the CSV to write (default grades.csv)")
    parser.add_argument("--summary", type=Path, help="also write the Markdown summary here (it is printed anyway)")
    parser.add_argument("--feedback", type=Path, metavar="FOLDER", help="write a Markdown file per student here")
    parser.add_argument("--roster", type=Path, help="the class, a CSV: student_id,name[,file] (below)")
    parser.add_argument("--lms", type=Path, help="write a CSV for an LMS, a row per student (needs --roster; below)")
    parser.add_argument("--limit", type=seconds, default=120.0, help="seconds each notebook may run (default 120)")
    parser.add_argument("--jobs", type=whole, default=1, help="notebooks run at once, a kernel each (default 1)")
    args = parser.parse_args(argv)
    paths, notes = find_submissions(args.submissions)
    for note in notes:
        print(note, file=sys.stderr)
    if not paths:
        parser.error("no notebooks among the submissions")
    if args.lms and not args.roster:
        parser.error("--lms needs --roster: the LMS file has a row per student of the roster")
    files = {"--out": args.out, "--summary": args.summary, "--lms": args.lms}
    if problem := outputs_problem(files, paths, {"--roster": args.roster}, {"--feedback": args.feedback}):
        parser.error(problem)  # before any notebook runs
    try:
        roster = read_roster(args.roster) if args.roster else None
    except ValueError as exc:
        parser.error(f"--roster {args.roster}: {exc}")
    sources = read_submissions(paths, notes)  # all read before any runs
    outputs = Outputs(args, sources, notes, roster)
    graded, why = grade_class(sources, args.limit, args.jobs, outputs)
    missing = len(sources) < len(paths) or any(not p.exists() for p in args.submissions)  # or unreadable
    code = 130 if why.startswith("interrupted") else 1 if why or missing else 0
    if why and not graded:
        kept = " and ".join(str(p) for p in (args.out, args.summary, args.lms, args.feedback) if p)
        print(f"{why}: nothing was graded; {kept} left as before", file=sys.stderr)
        return code
    table, summary = outputs.texts(graded, why)
    try:
        outputs(graded, why)
    except OSError as exc:
        print(f"could not write the results ({exc}); the CSV follows the summary below", file=sys.stderr)
        print(summary)
        print(table)
        return 1
    print(summary)
    print(f"wrote {args.out}" + (f"; the run was {why}" if why else ""), file=sys.stderr)
    return code


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # before grading began, or a second Ctrl-C: the files are whole
        sys.exit(130)
