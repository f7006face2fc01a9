"""Write docs/teaching.md, the teacher's guide, from the notebooks, the exercise catalogue and
docs/teaching.json (what to demo and ask, and which section each exercise's mistakes go back to).

Usage: python tools/make_teaching.py          # rewrite docs/teaching.md
       python tools/make_teaching.py --check  # exit 1 if it is out of date (the tests call main(check=True))

What is counted, not guessed: each lesson's words of prose, code cells, widgets and exercises, and
the seconds its code takes to run (measured by running it, stored in docs/teaching.json by
--measure). Class minutes are those counts at the rates in RATES, which the guide states.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

from _common import ROOT, check_parser, notebook_paths

GUIDE, DATA = ROOT / "docs" / "teaching.md", ROOT / "docs" / "teaching.json"
# Minutes of class time: prose talked through (not read aloud word for word) at 200 words a
# minute; each code cell shown, run and commented; each widget demonstrated with questions; each
# exercise (not the optional challenge) solved by the students and discussed.
RATES = {"words_per_minute": 200, "per_code_cell": 0.5, "per_widget": 4, "per_exercise": 3}
SESSION_MINUTES = 90
SLACK_MINUTES = 10  # of each session: starting up, the class's questions, a pause
SESSIONS = {  # lecture plans: each session's lessons (the rest is reading before, or homework after)
    "One 90-minute session": [["05", "06"]],
    "Two 90-minute sessions": [["04", "05"], ["06", "07"]],
    "Three 90-minute sessions": [["03", "04"], ["05", "06"], ["07", "09"]],
}
WIDGET = re.compile(r"\b(build_\w+_widget)\(")


def anchor(heading: str) -> str:
    """JupyterLab's anchor for a markdown heading: its text as shown (no * or ` marks), spaces as hyphens."""
    return re.sub(r"[*`]", "", heading).strip().replace(" ", "-")


def lesson_facts(path: Path) -> dict:
    """Counts and texts of one lesson: title, objectives, words, code cells, widgets, headings."""
    cells = [
        (c["cell_type"], "".join(c["source"]), c["metadata"].get("tags", []))
        for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
    ]  # plain JSON: nbformat's checks are slow
    markdown = [source for kind, source, tags in cells if kind == "markdown" and "nav" not in tags]
    code = [source for kind, source, _ in cells if kind == "code" and source.strip()]
    text = "\n".join(markdown)
    # "What you'll learn" (00 has only "What you'll do"): a list, or one sentence after a colon.
    block = re.search(r"\*\*What you'll learn\*\*:?\s*(.+?)(?:\n\n|$)", text, flags=re.S) or re.search(
        r"\*\*What you'll do\*\*:?\s*(.+?)(?:\n\n|$)", text, flags=re.S
    )
    body = block.group(1).strip() if block else ""
    bullets = re.split(r"\n- ", "\n" + body)[1:] if body.startswith("- ") else [body] if body else []
    return {
        "title": re.search(r"^# (.+)$", markdown[0], flags=re.M).group(1).strip(),
        # copied prose links to other lessons relative to notebooks/: from docs/ they go through ../notebooks/
        "objectives": [re.sub(r"\]\((\d\d_[\w-]+\.ipynb)", r"](../notebooks/\1", " ".join(b.split())) for b in bullets],
        "words": len(re.findall(r"[A-Za-z][\w'’-]*", re.sub(r"\$[^$]*\$|`[^`]*`|\([^)]*\.ipynb[^)]*\)", " ", text))),
        "code_cells": len(code),
        "widgets": sorted({m for source in code for m in WIDGET.findall(source) if "def " not in source}),
        "headings": re.findall(r"^## (.+)$", text, flags=re.M),
        "asked": sorted(set(re.findall(r"""check\(\s*["'](\d\d-[\w-]+)["']""", "\n".join(code)))),
    }


def exercise_minutes(facts: dict) -> int:
    """The minutes of a lesson's required exercises at RATES (the part that can become homework)."""
    return len([e for e in facts["asked"] if "challenge" not in e]) * RATES["per_exercise"]


def minutes(facts: dict, run_seconds: float) -> int:
    """Class minutes of a lesson at RATES, rounded up to 5."""
    exercises = [e for e in facts["asked"] if "challenge" not in e]
    total = (
        facts["words"] / RATES["words_per_minute"]
        + facts["code_cells"] * RATES["per_code_cell"]
        + len(facts["widgets"]) * RATES["per_widget"]
        + len(exercises) * RATES["per_exercise"]
        + run_seconds / 60
    )
    return int(-(-total // 5) * 5)


def mistakes_of(exercise_id: str) -> list[str]:
    """The hints of an exercise's registered mistakes: what check() tells a student who gives that wrong answer."""
    from attnlib.exercises import registered

    return [hint for _, hint in registered()[exercise_id].mistakes]


def render(data: dict) -> str:
    """The whole guide as Markdown."""
    lessons = {p.name[:2]: p for p in notebook_paths("notebooks", ROOT)}
    facts = {n: lesson_facts(p) for n, p in lessons.items()}
    mins = {n: minutes(facts[n], data["run_seconds"].get(n, 0.0)) for n in lessons}
    out = [
        "# Teaching the series",
        "",
        "<!-- generated by tools/make_teaching.py from the notebooks, the exercise catalogue and "
        "docs/teaching.json: edit those, then run it -->",
        "",
        "For each lesson: what students learn, the class minutes it takes, which widget to demo and "
        "what to ask, and the likely mistakes the exercises catch: each wrong answer `check()` recognises is "
        "listed with the hint the student then sees, and the section to go back to.",
        "",
        "**How the minutes are counted.** From each lesson's own content, counted by the script: its "
        f"words of prose at {RATES['words_per_minute']} words a minute, {RATES['per_code_cell']} minute per "
        f"code cell, {RATES['per_widget']} minutes per widget demo, {RATES['per_exercise']} minutes per "
        "exercise (the optional challenge is homework), plus the seconds its code takes to run, "
        "measured with `python tools/make_teaching.py --measure`. They are a plan, not a stopwatch "
        "reading from a class: time your first run-through and adjust.",
        "",
        "| lesson | minutes | words | code cells | widgets | exercises |",
        "|---|---|---|---|---|---|",
    ]
    for n, p in lessons.items():
        f = facts[n]
        out.append(
            f"| [{n} {f['title']}](../notebooks/{p.name}) | {mins[n]} | {f['words']} | {f['code_cells']} "
            f"| {len(f['widgets'])} | {len([e for e in f['asked'] if 'challenge' not in e])} |"
        )
    out += [
        "",
        "## Lecture plans",
        "",
        "Two lessons fit a 90-minute session. Lessons not in a session are reading before it (00 for "
        "everyone, then the lessons a session builds on) or homework after it; the solutions notebooks "
        f"are for after class. Keep about {SLACK_MINUTES} minutes of each session for starting up, the "
        "class's questions and a pause: when a session's minutes are over "
        f"{SESSION_MINUTES - SLACK_MINUTES}, set its exercises as homework (the second figure).",
        "",
    ]
    for plan, sessions in SESSIONS.items():
        out.append(f"**{plan}.**")
        for i, group in enumerate(sessions, 1):
            names = ", ".join(f"{n} {facts[n]['title']}" for n in group)
            total = sum(mins[n] for n in group)
            if total > SESSION_MINUTES:
                raise SystemExit(f"{plan}, session {i} ({names}) takes {total} minutes, over {SESSION_MINUTES}")
            talk = sum(mins[n] - exercise_minutes(facts[n]) for n in group)
            out.append(f"{i}. {names}: {total} minutes; {talk} with the exercises as homework.")
        taught = {n for group in sessions for n in group}
        # a lesson not taught is read before the first session that comes after it (its lessons build on it)
        first_after = {
            n: next((i for i, g in enumerate(sessions) if max(g) > n), None) for n in lessons if n not in taught
        }
        before = [n for n, i in first_after.items() if i == 0]
        between = {i: [n for n, j in first_after.items() if j == i] for i in range(1, len(sessions))}
        after = [n for n, i in first_after.items() if i is None]
        out.append(
            f"\nRead before: {', '.join(before)} ({sum(mins[n] for n in before)} minutes)"
            + "".join(
                f"; before session {i + 1}: {', '.join(ns)} ({sum(mins[n] for n in ns)} minutes)"
                for i, ns in between.items()
                if ns
            )
            + f". On their own after: {', '.join(after) or 'nothing'}. The minutes are estimates."
        )
        out.append("")
    out += [
        "## Where the class runs",
        "",
        "- **Laptops:** each student runs `make lab` once at home (it installs everything, about 1 GB "
        "with the model), then works offline in class.",
        "- **Binder:** nothing to install; a session is temporary, so students download their notebooks "
        "before leaving. The link pattern is in the README, *Teach it to a class*.",
        "- **JupyterHub:** build the image with repo2docker and set it as the single-user image (the "
        "README gives the Zero to JupyterHub snippet); collect the notebooks and grade them with "
        "`python -m attnlib.grade`.",
        "",
        "**Presenting.** Each lesson is also a slideshow (the README's *Presenting in class*): live in "
        "JupyterLab with RISE (run the lesson, then the slideshow button or Alt+R; the widgets work on "
        "their slides), or static with `make slides` for a projector without Jupyter (a static deck shows a "
        "note where each widget was: the demos below need JupyterLab). For a "
        "big room, hide JupyterLab's side bar (Ctrl+B) and zoom the browser (Ctrl +): text, figures and "
        "widgets grow together. Every figure is drawn at most 8.2 inches wide, so on a 1024×768 projector "
        "with the side bar hidden it is shown at full size, its text no smaller than 10 points.",
        "",
    ]
    for n, p in lessons.items():
        f, d = facts[n], data["lessons"][n]
        out += [f"## {n} {f['title']}", "", f"[Open the lesson](../notebooks/{p.name}) · {mins[n]} minutes", ""]
        if f["objectives"]:
            out += ["**Objectives**", "", *(f"- {o}" for o in f["objectives"]), ""]
        out += [
            f"**Demo** ({', '.join(f'`{w}`' for w in f['widgets'])}): {d['demo']}",
            "",
            "**Ask the class**",
            "",
            *(f"- {q}" for q in d["ask"]),
            "",
            "**Likely mistakes the exercises catch**",
            "",
        ]
        for exercise in f["asked"]:
            section = d["sections"].get(exercise)
            if section not in f["headings"]:
                raise SystemExit(
                    f"docs/teaching.json: lesson {n}, exercise {exercise}: give the '## ' heading of the "
                    f"section that addresses its mistakes (one of {f['headings']}); got {section!r}"
                )
            where = f"[{section}](../notebooks/{p.name}#{anchor(section)})"
            hints = list(dict.fromkeys(mistakes_of(exercise)))  # each once, in the catalogue's order
            if not hints:
                out.append(
                    f"- `{exercise}` (go back to {where}): checked by a rule, as many answers are right; "
                    "no particular wrong answer is recognised."
                )
                continue
            out.append(f"- `{exercise}` (go back to {where}): the wrong answers it recognises, by the hint each gets:")
            out += [f'  - "{h}"' for h in hints]
        out.append("")
    return "\n".join(out)


def measure() -> dict[str, float]:
    """Run every lesson from a fresh kernel and return its seconds (for the guide's minutes)."""
    import run_notebooks  # tools/

    seconds = {}
    for path in notebook_paths("notebooks", ROOT):
        start = time.perf_counter()
        nb = run_notebooks.nbformat.read(path, as_version=4)
        run_notebooks.NotebookClient(
            nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
        seconds[path.name[:2]] = round(time.perf_counter() - start, 1)
    return seconds


def main(check: bool = False, remeasure: bool = False) -> int:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    if remeasure:
        data["run_seconds"] = measure()
        DATA.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    text = render(data) + "\n"
    if check:
        if not GUIDE.exists() or GUIDE.read_text(encoding="utf-8") != text:
            print(f"{GUIDE.relative_to(ROOT)} is out of date: run python tools/make_teaching.py", file=sys.stderr)
            return 1
        return 0
    GUIDE.write_text(text, encoding="utf-8")
    print(f"wrote {GUIDE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    parser = check_parser(__doc__, "docs/teaching.md")
    parser.add_argument("--measure", action="store_true", help="first re-time every lesson (runs them all)")
    args = parser.parse_args()
    sys.exit(main(check=args.check, remeasure=args.measure))
