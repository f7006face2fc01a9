"""The class roster (--roster), whose notebook is whose, and the file a learning-management system imports (--lms).

The roster is a CSV file (UTF-8; the byte-order mark Excel writes is fine) with a header row naming the
columns student_id and name, and optionally file (in any order, any case; other columns are ignored):

    student_id,name,file
    s001,Ada Lovelace,ada.ipynb
    s002,Ben Okri,
    s003,Cy Young,cy_04.ipynb;cy_05.ipynb

student_id must be given and unique (case aside); name may be empty; file (may be empty) names the
student's notebooks, several separated by ";", each by its file name or the end of its path
(group1/ada.ipynb), case aside. A notebook belongs to the student whose file entry names it; failing
that, to the student whose id appears in its path below the folder all submissions share, as a whole
word: s001 is in s001_softmax.ipynb, softmax-S001.ipynb and s001/04_softmax.ipynb, not in s0012.ipynb.
A notebook that matches no student, or several ids and no file entry, belongs to nobody: the summary
lists it, with the students who handed nothing in.

The LMS file (--lms) has one row per student of the roster, in its order, and a column per lesson
graded, holding the student's points for that lesson, then one with the most points it gives:

    student_id,name,lesson 04,lesson 04 max
    s001,Ada Lovelace,2,3
    s002,Ben Okri,,3

An empty cell: no notebook of that lesson was handed in (or none was graded); enter 0 yourself if that
is your rule. A student who handed in several notebooks of one lesson gets the best of them (the summary
says who). Moodle (Grades > Import > CSV file) takes the file as it is: identify users by student_id
mapped to their ID number (or whichever field holds your ids), map each "lesson NN" column to its grade
item and leave the others unmapped. Canvas (Grades > Import) matches students by the columns of its own
export (Student, ID, SIS User ID, SIS Login ID, Section) and makes any other column an assignment:
export the Canvas gradebook, paste each "lesson NN" column into it, student by student, and import
that, without the "max" columns. Those are there to read: a grade item's maximum is set in the LMS."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path
from typing import NamedTuple

from ._grade_io import Submission, lesson_points

COLUMNS = ("student_id", "name", "file")  # the roster's columns; the first two are required


class Student(NamedTuple):
    """One student of the roster: id, name and the notebook files its file column gives them."""

    id: str
    name: str
    files: tuple[str, ...]


def read_roster(path: Path) -> list[Student]:
    """The students a roster CSV lists, in its order; a ValueError says what is wrong with the file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValueError(f"cannot read it ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ValueError("is not UTF-8 text; save it as CSV UTF-8") from None
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in COLUMNS[:2] if c not in header]
    if missing or any(header.count(c) > 1 for c in COLUMNS):
        raise ValueError(
            f"its header row is {','.join(header) or '(empty)'}; it needs student_id and name, each once, "
            "and may have file (see python -m attnlib.grade --help)"
        )
    at = {c: header.index(c) for c in COLUMNS if c in header}
    students: list[Student] = []
    ids: dict[str, int] = {}  # id (lower case) -> its line
    files: dict[str, str] = {}  # file entry (lower case) -> the id it belongs to
    for row in reader:
        line = reader.line_num
        cells = {c: row[i].strip() if i < len(row) else "" for c, i in at.items()}
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        sid = cells["student_id"]
        if not sid:
            raise ValueError(f"line {line} has no student_id")
        if sid.lower() in ids:
            raise ValueError(f"the student_id {sid!r} is on line {ids[sid.lower()]} and again on line {line}")
        ids[sid.lower()] = line
        mine = tuple(f.strip() for f in cells.get("file", "").split(";") if f.strip())
        for f in mine:
            if f.lower() in files:
                raise ValueError(f"line {line}: the file {f!r} is given to {files[f.lower()]!r} too")
            files[f.lower()] = sid
        students.append(Student(sid, cells["name"], mine))
    if not students:
        raise ValueError("lists no students (a header row, then a row per student)")
    return students


def names_file(entry: str, path: Path) -> bool:
    """Whether a roster's file entry names the notebook at path: its file name or the end of its path."""
    return ("/" + path.as_posix().lower()).endswith("/" + entry.lower().strip("/"))


def owners(students: list[Student], paths: list[Path]) -> tuple[dict[int, Student], list[str]]:
    """Whose each notebook is (by position in paths), and a note for each that is nobody's."""
    top = os.path.commonpath([p.resolve().parent for p in paths]) if paths else ""
    found: dict[int, Student] = {}
    notes = []
    for i, path in enumerate(paths):
        named = [s for s in students if any(names_file(f, path) for f in s.files)]
        where = path.resolve().relative_to(top).as_posix().lower()
        by_id = [s for s in students if re.search(rf"(?<![a-z0-9]){re.escape(s.id.lower())}(?![a-z0-9])", where)]
        mine = named or by_id
        if len(mine) == 1:
            found[i] = mine[0]
        elif mine:
            how = "the file column of" if named else "the ids of"
            notes.append(f"{path}: matches {how} several students ({', '.join(s.id for s in mine)})")
        else:
            notes.append(f"{path}: no student id in its name, and no file entry of the roster names it")
    return found, notes


def best(owner: dict[int, Student], graded: dict[int, Submission]) -> dict[tuple[str, str], tuple[float, float]]:
    """(student id, lesson) -> the points earned and possible of that student's best notebook of it."""
    marks: dict[tuple[str, str], tuple[float, float]] = {}
    for i, s in graded.items():
        if i in owner:
            for lesson, (earned, possible) in lesson_points(s).items():
                key = (owner[i].id, lesson)
                if possible and (key not in marks or earned > marks[key][0]):
                    marks[key] = (earned, possible)
    return marks


def lms_csv(students: list[Student], owner: dict[int, Student], graded: dict[int, Submission]) -> str:
    """The LMS file: a row per student, a column per lesson graded (their points) and its maximum."""
    marks = best(owner, graded)
    most: dict[str, float] = {}  # lesson -> its points (the same for each of its notebooks: the catalogue's)
    for s in graded.values():
        most.update((lesson, possible) for lesson, (_, possible) in lesson_points(s).items() if possible)
    lessons = sorted(most)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student_id", "name", *(f"lesson {lesson}{end}" for lesson in lessons for end in ("", " max"))])
    for st in students:
        cells = [(f"{marks[st.id, x][0]:g}" if (st.id, x) in marks else "", f"{most[x]:g}") for x in lessons]
        writer.writerow([st.id, st.name, *(c for pair in cells for c in pair)])
    return out.getvalue()


def roster_lines(
    students: list[Student], owner: dict[int, Student], notes: list[str], paths: list[Path], graded: dict
) -> list[str]:
    """The summary's roster part: who handed nothing in, the notebooks that are nobody's, and who handed
    in several notebooks of one lesson (the best counts)."""
    handed = {s.id for s in owner.values()}
    nothing = [s for s in students if s.id not in handed]
    lines = ["", f"Roster: {len(students)} students, {len(handed)} of whom handed in a notebook."]
    lines += ["", f"Handed nothing in ({len(nothing)}):", *(f"- {s.id} {s.name}".rstrip() for s in nothing or [])]
    lines += ["- nobody"] if not nothing else []
    lines += ["", f"Files that matched no student ({len(notes)}):", *(f"- {note}" for note in notes)]
    lines += ["- none"] if not notes else []
    twice: dict[tuple[str, str], list[str]] = {}
    for i, s in sorted(graded.items()):
        for lesson in lesson_points(s) if i in owner else ():
            twice.setdefault((owner[i].id, lesson), []).append(str(paths[i]))
    several = [f"- {sid}, lesson {lesson}: {', '.join(p)}" for (sid, lesson), p in twice.items() if len(p) > 1]
    if several:
        lines += ["", "Several notebooks of one lesson (the best counts in the LMS file and feedback):", *several]
    return lines
