"""The grader's files: the submissions it finds and reads, the points each earns, and its output, the
CSV and the Markdown summary, written whole after every notebook, so a run stopped halfway keeps what
it graded (the checks made before any notebook runs are in _grade_checks.py)."""

from __future__ import annotations

import csv
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

TOTALS = {"passed": "pass", "failed": "fail", "errors": "error", "not answered": "not answered"}  # column -> result
NOT_HIS = "n/a"  # an exercise of a lesson this notebook is not (several lessons graded at once)


class Submission(NamedTuple):
    """One graded notebook: its row name (the file name), each exercise's result, and what went wrong."""

    student: str
    results: dict[str, str]  # exercise id -> "pass", "fail", "error" or "not answered"
    problems: list[str]
    messages: dict[str, str] = {}  # exercise id -> what check() told the student the last time (its verdict's)
    seconds: float = 0.0  # how long it took to grade


def find_submissions(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Return the notebooks among paths (folders searched, sorted) and a note for each other file."""
    notebooks, skipped = [], []
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            if ".ipynb_checkpoints" in f.parts:
                continue
            if f.suffix == ".ipynb" and f.is_file():
                notebooks.append(f)
            elif not f.exists():
                skipped.append(f"{f}: no such file")
            else:  # a named pipe, say: reading it could wait forever
                skipped.append(f"{f}: not a {'notebook' if f.is_file() else 'regular file'}, skipped")
    return notebooks, skipped


def student_names(paths: list[Path]) -> list[str]:
    """Each notebook's row name: its file name, or its path under the submissions' common folder when
    two files share a name (students handing in their own copy of the same lesson)."""
    stems = [p.stem for p in paths]
    if len(set(stems)) == len(stems):
        return stems
    top = Path(os.path.commonpath([p.resolve().parent for p in paths]))
    return [p.resolve().relative_to(top).with_suffix("").as_posix() for p in paths]


def read_submissions(paths: list[Path], notes: list[str]) -> list[tuple[Path, str, bytes]]:
    """Each notebook's path, row name and contents; one that cannot be read is left out, with a note."""
    sources = []
    for path, name in zip(paths, student_names(paths)):
        try:
            sources.append((path, name, path.read_bytes()))
        except OSError as exc:
            notes.append(f"{path}: could not read ({exc.strerror or exc})")
            print(notes[-1], file=sys.stderr)
    return sources


def result_of(s: Submission, exercise: str) -> str:
    """One cell of the table: the result, n/a for another lesson's exercise, else not answered."""
    lessons = {e.split("-")[0] for e in s.results}
    if exercise in s.results:
        return s.results[exercise]
    return NOT_HIS if lessons and exercise.split("-")[0] not in lessons else "not answered"


def exercise_columns(submissions: list[Submission]) -> list[str]:
    """Every registered exercise of the lessons the submissions answer (by id prefix), in the order the
    lessons ask them (each lesson's exercises, then its challenge)."""
    from .exercises import registered

    lessons = {e.split("-")[0] for s in submissions for e in s.results}
    order = {e: i for i, e in enumerate(registered())}  # the catalogue follows each lesson's order
    known = sorted(
        (e for e in order if e.split("-")[0] in lessons), key=lambda e: (e.split("-")[0], "-challenge-" in e, order[e])
    )
    return known + sorted({e for s in submissions for e in s.results} - set(known))


def points(exercise: str) -> float:
    """What a right answer to an exercise earns, from its catalogue (0 for an id the catalogue lacks)."""
    from .exercises import registered

    known = registered().get(exercise)
    return known.points if known else 0


def tally(s: Submission, columns: list[str]) -> tuple[float, float]:
    """The points s earned and could earn over the required exercises among columns of its lessons."""
    required = [e for e in columns if "challenge" not in e and result_of(s, e) != NOT_HIS]  # challenges: optional
    return sum(points(e) for e in required if result_of(s, e) == "pass"), sum(points(e) for e in required)


def lesson_points(s: Submission) -> dict[str, tuple[float, float]]:
    """Each lesson s answers (by exercise id prefix) -> the points it earned and could earn there."""
    columns = exercise_columns([s])
    lessons = sorted({e.split("-")[0] for e in s.results})
    return {lesson: tally(s, [e for e in columns if e.split("-")[0] == lesson]) for lesson in lessons}


def write_csv(
    submissions: list[Submission], columns: list[str], out, people: dict[str, tuple[str, str]] | None
) -> None:
    """One row per notebook: its student (id and name, when people maps row names to them: a roster was
    given), each exercise's result, the totals, the points and the problems met."""
    writer = csv.writer(out, lineterminator="\n")
    who = ["student_id", "name"] if people is not None else []
    totals = [*TOTALS, "score %", "points", "max points", "challenges passed", "problems"]
    writer.writerow(["student", *who, *columns, *totals])
    for s in submissions:
        row = [result_of(s, e) for e in columns]
        required = [r for e, r in zip(columns, row) if "challenge" not in e and r != NOT_HIS]  # challenges: optional
        challenges = sum(r == "pass" for e, r in zip(columns, row) if "challenge" in e)
        earned, possible = tally(s, columns)
        score = round(100 * earned / possible) if possible else ""  # of the required exercises' points, in %
        counts = [required.count(r) for r in TOTALS.values()]
        writer.writerow(
            [
                s.student,
                *(people.get(s.student, ("", "")) if people is not None else ()),
                *row,
                *counts,
                score,
                f"{earned:g}",
                f"{possible:g}",
                challenges,
                "; ".join(s.problems),
            ]
        )


def summarize(
    submissions: list[Submission], columns: list[str], skipped: list[str] = (), status: str = "", extra: list[str] = ()
) -> str:
    """A short Markdown summary: each exercise's results across the class, hardest first, then the
    problems met, the files that were not graded and extra lines; status (a run not finished) goes under
    the title."""
    results = {e: [result_of(s, e) for s in submissions] for e in columns}
    counts = {e: [r.count(result) for result in TOTALS.values()] for e, r in results.items()}

    def pass_rate(e: str) -> float:
        return counts[e][0] / max(1, sum(counts[e]))  # over the notebooks of its lesson only

    lines = [
        f"# Grades: {len(submissions)} submission{'s' * (len(submissions) != 1)}",
        "",
        *([status, ""] if status else []),
        "Hardest first (lowest share passed, among the notebooks of that exercise's lesson; challenges are optional).",
        "",
        f"| exercise | {' | '.join(TOTALS)} |",
        "|---|---|---|---|---|",
    ]
    for e in sorted(columns, key=lambda e: (pass_rate(e), -counts[e][1] - counts[e][2], e)):
        lines.append(f"| {e} | {' | '.join(map(str, counts[e]))} |")
    troubled = [s for s in submissions if s.problems]
    if troubled:
        lines += ["", "Problems:", *(f"- {s.student}: {'; '.join(s.problems)}" for s in troubled)]
    if skipped:
        lines += ["", "Not graded:", *(f"- {note}" for note in skipped)]
    return "\n".join([*lines, *extra]) + "\n"


def report(
    paths: list[Path],
    graded: dict[int, Submission],
    skipped: list[str],
    why: str = "",
    people: dict[str, tuple[str, str]] | None = None,
    extra: list[str] = (),
) -> tuple[str, str]:
    """The CSV and the summary of the notebooks graded so far (graded[i] is paths[i]'s); the others are
    listed as not graded yet, or, when the run stopped early, why (e.g. "interrupted (Ctrl-C)"); people
    (row name -> student id and name) adds those columns, extra lines go at the end of the summary."""
    submissions = [graded[i] for i in sorted(graded)]
    left = [p for i, p in enumerate(paths) if i not in graded]
    status, count = "", f"{len(graded)} of {len(paths)} notebooks"
    if why:
        status = f"{why[0].upper()}{why[1:]} after {count}; the others are listed under Not graded."
    elif left:
        status = f"In progress: {count} graded when this was written; the others are listed under Not graded."
    notes = [*skipped, *(f"{p}: not graded, the run was {why}" if why else f"{p}: not graded yet" for p in left)]
    columns = exercise_columns(submissions)
    table = io.StringIO()
    write_csv(submissions, columns, table, people)
    return table.getvalue(), summarize(submissions, columns, notes, status, extra)


def save(texts: tuple[str, str], out: Path, summary: Path | None) -> None:
    """Write the CSV to out and the summary to summary (if asked for), each file replaced whole."""
    write_atomically(out, texts[0], newline="")
    if summary is not None:
        write_atomically(summary, texts[1])


def write_atomically(path: Path, text: str, newline: str | None = None) -> None:
    """Replace path's contents by text in one step (a temporary file beside it, renamed over it): a run
    stopped at any moment leaves the old contents or the new, never half; the file's permissions stay."""
    target = path.resolve()  # a symbolic link stays one: the file it points to is replaced
    target.touch()  # a new file gets the usual permissions, copied below
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline=newline) as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        shutil.copymode(target, temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
