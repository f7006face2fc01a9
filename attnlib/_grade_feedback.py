"""The feedback files (--feedback FOLDER): a Markdown file per student, written for the student to read.

With a roster, one per student, named by their id (s001.md), covering all their notebooks (one who
handed nothing in gets a file saying so), and one per notebook that is nobody's, named by its file;
without a roster, one per notebook, named by its file (ada.md). A file gives the student's total
points (of a lesson handed in twice, the better notebook counts), then, notebook by notebook, each
exercise of its lesson: the verdict in plain words and the points earned of those it is worth; for a
wrong answer, what check() told the student in the graded run (the hint they saw, as it was logged);
for an error or a missing answer, what that means. The optional challenges follow, for no points, and
last what went wrong while the notebook ran (a cell that raised, the time limit)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from ._grade_io import Submission, exercise_columns, lesson_points, points, result_of, write_atomically

VERDICT = {"pass": "right", "fail": "wrong answer", "error": "error", "not answered": "not answered"}
MEANING = {
    "error": "The cell that checks it stopped with an error before `check()` could look at your answer: "
    "fix the error and run the cell again.",
    "not answered": "`check()` never received an answer for it: the `...` is still there, or its cell did not run.",
}
INTRO = (
    "Your notebook was run again from the top, in a fresh kernel (as Kernel > Restart Kernel and Run All Cells "
    "does), and each exercise counts as the last `check()` of it in that run said. Challenges are optional: "
    "they earn no points."
)


class Sheet(NamedTuple):
    """One feedback file: its name in the folder, whom it is for, and the notebooks (positions) it covers."""

    file: str
    title: str
    positions: tuple[int, ...]


def file_name(label: str, taken: set[str]) -> str:
    """A file name for label (letters, digits, ".", "-", "_"), ending in .md, unlike any in taken (lower case)."""
    stem = re.sub(r"[^\w.-]+", "_", label).strip("._") or "student"
    name, n = f"{stem}.md", 1
    while name.lower() in taken:
        n += 1
        name = f"{stem}-{n}.md"
    return name


def plan(names: list[str], people: list[tuple[str, str]] | None, owner: dict[int, str]) -> list[Sheet]:
    """The feedback files: with a roster (people: each student's id and name; owner: notebook position -> id),
    one per student and one per notebook that is nobody's; without (None), one per notebook (names: rows)."""
    taken: set[str] = set()
    sheets = []
    for sid, name in people or []:
        mine = tuple(i for i in range(len(names)) if owner.get(i) == sid)
        sheets.append(Sheet(file_name(sid, taken), f"{name} ({sid})" if name else sid, mine))
        taken.add(sheets[-1].file.lower())
    for i, row in enumerate(names):
        if people is None or i not in owner:
            sheets.append(Sheet(file_name(row, taken), row, (i,)))
            taken.add(sheets[-1].file.lower())
    return sheets


def amount(earned: float, possible: float) -> str:
    """'2 of 3 points', '1 of 1 point'."""
    return f"{earned:g} of {possible:g} point{'s' * (possible != 1)}"


def exercise_lines(s: Submission, exercise: str) -> list[str]:
    """One exercise's part of a feedback file: verdict, points, and what to do about a wrong answer."""
    from .exercises import registered

    result, known = result_of(s, exercise), registered().get(exercise)
    challenge = "challenge" in exercise
    worth = "optional, no points" if challenge else amount(points(exercise) * (result == "pass"), points(exercise))
    lines = ["", f"### {'Challenge ' * challenge}{exercise}: {VERDICT.get(result, result)} ({worth})"]
    if result != "pass":
        lines += [
            "",
            f"The exercise: {known.prompt}" if known else "There is no exercise with this id: check its spelling.",
        ]
    if result == "fail":
        said = s.messages.get(exercise, "").splitlines()
        lines += ["", "What `check()` told you when it ran:", ""]
        lines += [f"> {line}".rstrip() for line in said] if said else ["> (nothing was recorded)"]
    elif result in MEANING:
        lines += ["", MEANING[result]]
    return lines


def notebook_lines(path: Path, s: Submission | None, why: str) -> list[str]:
    """One notebook's part of a feedback file: its lessons' exercises, then the problems met running it."""
    if s is None:
        return ["", f"## {path.name}: not graded {f'(the run was {why})' if why else 'yet'}"]
    marks = lesson_points(s)
    if not marks:
        lines = ["", f"## {path.name}: could not be graded", "", "No exercise of it could be checked."]
    else:
        earned, possible = (sum(m[k] for m in marks.values()) for k in (0, 1))
        lessons = ", ".join(marks)
        lines = ["", f"## {path.name}: lesson{'s' * (len(marks) > 1)} {lessons}, {amount(earned, possible)}"]
        for exercise in exercise_columns([s]):
            lines += exercise_lines(s, exercise)
    if s.problems:
        lines += ["", "### What went wrong while your notebook ran", "", *(f"- {p}" for p in s.problems)]
    return lines


def feedback(sheet: Sheet, paths: list[Path], graded: dict[int, Submission], why: str = "") -> str:
    """The Markdown feedback file of one sheet, from the notebooks graded so far (graded[i] is paths[i]'s)."""
    lines = [f"# Feedback for {sheet.title}", ""]
    if not sheet.positions:
        lines.append(
            "No notebook of yours was found among those handed in, so nothing was graded. If you handed one in, "
            "tell your teacher: its file name may not carry your student id."
        )
        return "\n".join(lines) + "\n"
    best: dict[str, tuple[float, float]] = {}  # lesson -> the points of the best notebook of it
    for i in sheet.positions:
        for lesson, mark in lesson_points(graded[i]).items() if i in graded else ():
            best[lesson] = max(best.get(lesson, mark), mark)
    total = amount(sum(m[0] for m in best.values()), sum(m[1] for m in best.values()))
    twice = len(best) < sum(len(lesson_points(graded[i])) for i in sheet.positions if i in graded)
    lines += [f"**Total: {total}**" + (" (of a lesson handed in twice, the better notebook)" * twice), "", INTRO]
    for i in sheet.positions:
        lines += notebook_lines(paths[i], graded.get(i), why)
    return "\n".join(lines) + "\n"


def write_feedback(folder: Path, texts: dict[str, str], before: dict[str, str]) -> dict[str, str]:
    """Write each feedback file (file name -> text) into folder, made if missing, but those whose text is
    what before says was written last; return what is on disk now."""
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        if before.get(name) != text:
            write_atomically(folder / name, text)
    return {**before, **texts}
