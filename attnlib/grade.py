"""Grade a class: run each submitted notebook in a fresh kernel and read its checked exercises.

    python -m attnlib.grade SUBMISSIONS... [--out grades.csv] [--summary summary.md] [--limit 120] [--jobs 2]

SUBMISSIONS are notebooks or folders of them. Every submission is read into memory before any is
run, and each runs in its own kernel in a temporary folder of its own, so one student's code cannot
change another's notebook or result. Results are read outside the kernel: each `check("ID", answer)`
also writes its verdict to a file the grader names (ATTNLIB_GRADE_LOG), and an exercise's last
verdict counts, so a ✅ printed by the student's own code does not. An exercise checked in the
source but never logged is "error" if its cell raised (the run goes on), else "not answered". A
notebook that runs past its time limit is stopped there, and what it answered before still counts.
An exercise of another lesson than the notebook's is "n/a"; challenges are optional and counted apart.

Not a sandbox: a submission runs with your user's rights (files, network, processes), and a student
who reads attnlib can still fake a verdict on purpose. Run untrusted work in a container (README).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

from .exercises import GRADE_LOG

CALL = re.compile(r"""\bcheck\(\s*(?:exercise_id\s*=\s*)?["']([\w-]+)["']""")
VERDICTS = {"✅": "pass", "❌": "fail", "⏳": "not answered"}
TOTALS = {"passed": "pass", "failed": "fail", "errors": "error", "not answered": "not answered"}   # column -> result
NOT_HIS = "n/a"      # an exercise of a lesson this notebook is not (several lessons graded at once)


class Submission(NamedTuple):
    """One graded notebook: its student (the file name), each exercise's result, and what went wrong."""

    student: str
    results: dict[str, str]        # exercise id -> "pass", "fail", "error" or "not answered"
    problems: list[str]


def find_submissions(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Return the notebooks among paths (folders searched, sorted) and a note for each other file."""
    notebooks, skipped = [], []
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            if ".ipynb_checkpoints" in f.parts:
                continue
            if f.suffix == ".ipynb":
                notebooks.append(f)
            else:
                skipped.append(f"{f}: not a notebook, skipped" if f.exists() else f"{f}: no such file")
    return notebooks, skipped


def read_results(nb: dict, logged: list[tuple[str, str]]) -> dict[str, str]:
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
    for exercise, mark in logged:
        results[exercise] = VERDICTS.get(mark, "fail")
    return results


def read_log(path: Path) -> list[tuple[str, str]]:
    """The (exercise id, ✅/❌/⏳) pairs check() wrote, in order; a garbled line is skipped."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        try:
            entry = json.loads(line)
            pairs.append((str(entry["id"]), str(entry["mark"])))
        except (ValueError, KeyError, TypeError):
            continue
    return pairs


def run_notebook(source: bytes, name: str, limit: float) -> tuple[dict, list[str], list[tuple[str, str]]]:
    """Execute a notebook (its bytes) in a fresh kernel, in a temporary folder, for at most limit
    seconds in all; return the executed notebook, the problems met and the verdicts check() logged."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    nb = nbformat.reads(source.decode("utf-8"), as_version=4)
    problems = []
    with tempfile.TemporaryDirectory(prefix="attnlib-grade-") as folder, \
            tempfile.TemporaryDirectory(prefix="attnlib-verdicts-") as verdicts:
        log = Path(verdicts) / "verdicts.jsonl"                # outside the notebook's own folder
        client = NotebookClient(nb, timeout=limit, allow_errors=True, kernel_name="python3",
                                resources={"metadata": {"path": folder}}, record_timing=False)
        start, stopped = time.monotonic(), len(nb.cells)
        env = {**os.environ, GRADE_LOG: str(log)}
        with client.setup_kernel(stderr=subprocess.DEVNULL, env=env):   # stderr: the kernel's own log
            for index, cell in enumerate(nb.cells):
                left = limit - (time.monotonic() - start)
                try:
                    if left <= 0:
                        raise CellTimeoutError("out of time")
                    client.timeout = max(1, int(left))
                    client.execute_cell(cell, index)
                except CellTimeoutError:
                    problems.append(f"stopped at cell {index + 1}: the notebook ran out of its {limit:g} s")
                    stopped = index
                    break
                except DeadKernelError:
                    problems.append(f"the kernel died at cell {index + 1}")
                    stopped = index
                    break
        logged = read_log(log)
    errors = [i + 1 for i, c in enumerate(nb.cells[:stopped])
              if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    if errors:
        problems.append(f"cells that raised an error (counting from 1): {', '.join(map(str, errors))}")
    return nb, problems, logged


def grade_one(path: Path, name: str, source: bytes, limit: float) -> Submission:
    """Run one submission and read its results; a notebook that cannot be read gets a row too."""
    print(f"grading {path} ...", file=sys.stderr)
    try:
        nb, problems, logged = run_notebook(source, path.name, limit)
    except Exception as exc:  # noqa: BLE001 - a broken file is the student's row, not the grader's crash
        return Submission(name, {}, [f"could not run: {type(exc).__name__}: {exc}"])
    return Submission(name, read_results(nb, logged), problems)


def student_names(paths: list[Path]) -> list[str]:
    """Each notebook's row name: its file name, or its path under the submissions' common folder when
    two files share a name (students handing in their own copy of the same lesson)."""
    stems = [p.stem for p in paths]
    if len(set(stems)) == len(stems):
        return stems
    top = Path(os.path.commonpath([p.resolve().parent for p in paths]))
    return [p.resolve().relative_to(top).with_suffix("").as_posix() for p in paths]


def result_of(s: Submission, exercise: str) -> str:
    """One cell of the table: the result, n/a for another lesson's exercise, else not answered."""
    lessons = {e.split("-")[0] for e in s.results}
    if exercise in s.results:
        return s.results[exercise]
    return NOT_HIS if lessons and exercise.split("-")[0] not in lessons else "not answered"


def exercise_columns(submissions: list[Submission]) -> list[str]:
    """Every registered exercise of the lessons the submissions answer (by id prefix), in the order the
    lessons ask them (each lesson's exercises, then its challenge)."""
    from .exercises import _registry

    lessons = {e.split("-")[0] for s in submissions for e in s.results}
    order = {e: i for i, e in enumerate(_registry())}            # the catalogue follows each lesson's order
    known = sorted((e for e in order if e.split("-")[0] in lessons),
                   key=lambda e: (e.split("-")[0], "-challenge-" in e, order[e]))
    return known + sorted({e for s in submissions for e in s.results} - set(known))


def write_csv(submissions: list[Submission], columns: list[str], out) -> None:
    """One row per student: each exercise's result, the totals and the problems met."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", *columns, *TOTALS, "score %", "challenges passed", "problems"])
    for s in submissions:
        row = [result_of(s, e) for e in columns]
        required = [r for e, r in zip(columns, row) if "challenge" not in e and r != NOT_HIS]   # challenges: optional
        challenges = sum(r == "pass" for e, r in zip(columns, row) if "challenge" in e)
        score = round(100 * required.count("pass") / len(required)) if required else ""   # of the required, in %
        writer.writerow([s.student, *row, *(required.count(r) for r in TOTALS.values()), score, challenges,
                         "; ".join(s.problems)])


def summarize(submissions: list[Submission], columns: list[str], skipped: list[str] = ()) -> str:
    """A short Markdown summary: each exercise's results across the class, hardest first, then the
    problems met and the files that were not graded."""
    results = {e: [result_of(s, e) for s in submissions] for e in columns}
    counts = {e: [r.count(result) for result in TOTALS.values()] for e, r in results.items()}

    def pass_rate(e: str) -> float:
        return counts[e][0] / max(1, sum(counts[e]))          # over the notebooks of its lesson only

    lines = [f"# Grades: {len(submissions)} submission{'s' * (len(submissions) != 1)}", "",
             "Hardest first (lowest share passed, among the notebooks of that exercise's lesson; "
             "challenges are optional).", "",
             f"| exercise | {' | '.join(TOTALS)} |", "|---|---|---|---|---|"]
    for e in sorted(columns, key=lambda e: (pass_rate(e), -counts[e][1] - counts[e][2], e)):
        lines.append(f"| {e} | {' | '.join(map(str, counts[e]))} |")
    troubled = [s for s in submissions if s.problems]
    if troubled:
        lines += ["", "Problems:", *(f"- {s.student}: {'; '.join(s.problems)}" for s in troubled)]
    if skipped:
        lines += ["", "Not graded:", *(f"- {note}" for note in skipped)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m attnlib.grade", description=__doc__.split("\n\n")[0])
    parser.add_argument("submissions", nargs="+", type=Path, help="notebooks, or folders of them")
    parser.add_argument("--out", type=Path, default=Path("grades.csv"), help="the CSV to write (default grades.csv)")
    parser.add_argument("--summary", type=Path, help="also write the Markdown summary here (it is printed anyway)")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds each notebook may run (default 120)")
    parser.add_argument("--jobs", type=int, default=1, help="notebooks run at once, a kernel each (default 1)")
    args = parser.parse_args(argv)
    if args.limit <= 0:
        parser.error(f"--limit must be a positive number of seconds; got {args.limit:g}")
    if args.jobs < 1:
        parser.error(f"--jobs must be a whole number of at least 1; got {args.jobs}")
    paths, skipped = find_submissions(args.submissions)
    for note in skipped:
        print(note, file=sys.stderr)
    if not paths:
        parser.error("no notebooks among the submissions")
    sources = [(p, n, p.read_bytes()) for p, n in zip(paths, student_names(paths))]   # all read before any runs
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:      # each job waits on its own kernel
        submissions = list(pool.map(lambda item: grade_one(*item, args.limit), sources))
    columns = exercise_columns(submissions)
    with args.out.open("w", encoding="utf-8", newline="") as out:
        write_csv(submissions, columns, out)
    summary = summarize(submissions, columns, skipped)
    if args.summary:
        args.summary.write_text(summary, encoding="utf-8")
    print(summary)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
