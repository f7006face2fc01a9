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

--out and --summary are checked before any notebook runs, and rewritten whole as each notebook is
graded, so a run stopped by Ctrl-C or a crash keeps what it graded (the summary names the rest).
Exit status: 0; 1 if a file named is missing or unreadable, or the results could not be written (they
are printed then); 2 for bad arguments; 130 on Ctrl-C.

Not a sandbox: a submission runs with your user's rights (files, network, processes), and a student
who reads attnlib can still fake a verdict on purpose. Run untrusted work in a container (README).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import suppress
from pathlib import Path

from ._grade_io import Submission, find_submissions, outputs_problem, read_submissions, report, save, seconds, whole
from .exercises import GRADE_LOG

CALL = re.compile(r"""\bcheck\(\s*(?:exercise_id\s*=\s*)?["']([\w-]+)["']""")
VERDICTS = {"✅": "pass", "❌": "fail", "⏳": "not answered"}
STOP = threading.Event()  # set when a run stops early: no notebook starts another cell
RUNNING: set = set()  # the notebook clients running now, whose kernels an early stop kills


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

    nb = nbformat.reads(source.decode("utf-8"), as_version=4)
    problems = []
    with (
        tempfile.TemporaryDirectory(prefix="attnlib-grade-") as folder,
        tempfile.TemporaryDirectory(prefix="attnlib-verdicts-") as verdicts,
    ):
        log = Path(verdicts) / "verdicts.jsonl"  # outside the notebook's own folder
        client = NotebookClient(
            nb,
            timeout=limit,
            allow_errors=True,
            kernel_name="python3",
            resources={"metadata": {"path": folder}},
            record_timing=False,
        )
        start, env = time.monotonic(), {**os.environ, GRADE_LOG: str(log)}
        RUNNING.add(client)
        try:
            with client.setup_kernel(stderr=subprocess.DEVNULL, env=env):  # stderr: the kernel's own log
                stopped = run_cells(client, nb, start + limit, limit, problems)
        finally:
            RUNNING.discard(client)
        logged = read_log(log)
    errors = [
        i + 1
        for i, c in enumerate(nb.cells[:stopped])
        if any(o.get("output_type") == "error" for o in c.get("outputs", []))
    ]
    if errors:
        problems.append(f"cells that raised an error (counting from 1): {', '.join(map(str, errors))}")
    return nb, problems, logged


def run_cells(client, nb, deadline: float, limit: float, problems: list[str]) -> int:
    """Execute the notebook's cells in the client's kernel until the deadline (time.monotonic()); return
    how many ran before one ran out of time, the kernel died or the grader stopped (all, if none)."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    for index, cell in enumerate(nb.cells):
        left = deadline - time.monotonic()
        if STOP.is_set():
            problems.append(f"stopped at cell {index + 1}: the grader stopped")
            return index
        try:
            if left <= 0:
                raise CellTimeoutError("out of time")
            client.timeout = max(1, int(left))
            client.execute_cell(cell, index)
        except CellTimeoutError:
            problems.append(f"stopped at cell {index + 1}: the notebook ran out of its {limit:g} s")
            return index
        except DeadKernelError:
            problems.append(f"the kernel died at cell {index + 1}")
            return index
    return len(nb.cells)


def stop_kernels() -> None:
    """Stop the notebooks running now: none starts another cell, and each one's kernel is killed."""
    STOP.set()
    for client in list(RUNNING):
        process = getattr(getattr(client.km, "provisioner", None), "process", None)
        if process is not None:
            with suppress(OSError):
                process.kill()


def tell(line: str) -> None:
    """Print a line on stderr in one write, so the lines of notebooks run at once do not interleave."""
    sys.stderr.write(line + "\n")


def grade_one(path: Path, name: str, source: bytes, limit: float) -> Submission:
    """Run one submission and read its results; a notebook that cannot be read gets a row too."""
    tell(f"grading {path} ...")
    try:
        nb, problems, logged = run_notebook(source, path.name, limit)
    except Exception as exc:  # noqa: BLE001 - a broken file is the student's row, not the grader's crash
        return Submission(name, {}, [f"could not run: {type(exc).__name__}: {exc}"])
    return Submission(name, read_results(nb, logged), problems)


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
            graded[futures[future]] = future.result()
            tell(f"graded {len(graded)}/{len(sources)}: {sources[futures[future]][0]}")
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m attnlib.grade", description=__doc__.split("\n\n")[0])
    parser.add_argument("submissions", nargs="+", type=Path, help="notebooks, or folders of them")
    parser.add_argument("--out", type=Path, default=Path("grades.csv"), help="the CSV to write (default grades.csv)")
    parser.add_argument("--summary", type=Path, help="also write the Markdown summary here (it is printed anyway)")
    parser.add_argument("--limit", type=seconds, default=120.0, help="seconds each notebook may run (default 120)")
    parser.add_argument("--jobs", type=whole, default=1, help="notebooks run at once, a kernel each (default 1)")
    args = parser.parse_args(argv)
    paths, notes = find_submissions(args.submissions)
    for note in notes:
        print(note, file=sys.stderr)
    if not paths:
        parser.error("no notebooks among the submissions")
    if problem := outputs_problem({"--out": args.out, "--summary": args.summary}, paths):
        parser.error(problem)  # before any notebook runs
    sources = read_submissions(paths, notes)  # all read before any runs
    graded_paths = [path for path, _, _ in sources]
    graded, why = grade_class(
        sources, args.limit, args.jobs, lambda graded: save(report(graded_paths, graded, notes), args.out, args.summary)
    )
    missing = len(sources) < len(paths) or any(not p.exists() for p in args.submissions)  # or unreadable
    code = 130 if why.startswith("interrupted") else 1 if why or missing else 0
    if why and not graded:
        kept = " and ".join(str(p) for p in (args.out, args.summary) if p)
        print(f"{why}: nothing was graded; {kept} left as before", file=sys.stderr)
        return code
    table, summary = report(graded_paths, graded, notes, why)
    try:
        save((table, summary), args.out, args.summary)
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
