"""Write docs/teaching.md, the teacher's guide, from the notebooks, the exercise catalogue and
docs/teaching.json (what to demo and ask, which section each exercise goes back to, the misconception
behind each recognised mistake, and the measured seconds).

Usage: python tools/make_teaching.py            # rewrite docs/teaching.md (re-speaks lessons whose text changed)
       python tools/make_teaching.py --check    # exit 1 if it is out of date (the tests call main(check=True))
       python tools/make_teaching.py --measure  # first re-time every lesson's code and re-speak every lesson

Class minutes are measured from a presented run-through, not guessed from word counts:

- the spoken text: a lesson's presented text (every markdown cell but the navigation lines: what its
  slides show and its speaker notes hold) is made speakable (speakable(): maths spelled out, links,
  pictures and addresses dropped) and spoken by espeak-ng at SPEECH_WPM words a minute, a lecturing
  pace; soxi (SoX) gives the audio's seconds (SPEAK_COMMAND);
- the code: the seconds the lesson takes to run top to bottom in a fresh kernel;
- fixed allowances per widget demo and per exercise (ALLOWANCES), which the guide states as such.

Both measurements are stored in docs/teaching.json, so that --check needs neither espeak-ng nor a
kernel. Each lesson's speech is stored with a fingerprint of the text spoken: when a lesson's text
changes, --check fails, and the next plain run re-speaks that lesson (it needs espeak-ng and sox:
apt-get install espeak-ng sox). --measure re-times the code too (it runs every lesson).

Every recognised wrong answer of every exercise (attnlib.exercises.registered()) must have a
misconception written for it in docs/teaching.json; the guide is not written until it has, and the
error lists what is missing, ready to paste (missing_misconceptions()).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, check_parser, notebook_paths

GUIDE, DATA = ROOT / "docs" / "teaching.md", ROOT / "docs" / "teaching.json"

SPEECH_VOICE, SPEECH_WPM = "en", 130  # espeak-ng's English voice at 130 words a minute: a lecturing pace
SPEAK_COMMAND = f"espeak-ng -v {SPEECH_VOICE} -s {SPEECH_WPM} -b 1 -f LESSON.txt -w LESSON.wav && soxi -D LESSON.wav"
# Minutes that are not measured: a widget demonstrated as the guide says, with its two questions to the
# class; an exercise (not the optional challenge) solved by the class, with check()'s hints, and one
# answer discussed.
ALLOWANCES = {"per_widget": 5, "per_exercise": 5}
RUNS = 3  # --measure runs each lesson this many times and keeps the fastest
SESSION_MINUTES = 90
SLACK_MINUTES = 10  # of each session: starting up, the class's questions, a pause
IN_CLASS_MINUTES = SESSION_MINUTES - SLACK_MINUTES
# Short formats: the lessons each session teaches, in order. Each lesson's exercises are done in class
# right after it where they fit in the session's IN_CLASS_MINUTES, else they are homework; lessons not
# taught are read before the session that builds on them, or on their own afterwards. The plans that
# teach the whole series are worked out from the measured minutes (whole_series_plans).
SHORT_PLANS = {
    "One 90-minute session": [["03", "04", "05"]],
    "Two 90-minute sessions": [["03", "04"], ["05", "06"]],
    "Three 90-minute sessions": [["03", "04"], ["05", "06"], ["07", "09"]],
}
NUMBERS = "One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen Fourteen Fifteen Sixteen".split()
WIDGET = re.compile(r"\b(build_\w+_widget)\(")


def anchor(heading: str) -> str:
    """JupyterLab's anchor for a markdown heading: its text as shown (no * or ` marks), spaces as hyphens."""
    return re.sub(r"[*`]", "", heading).strip().replace(" ", "-")


# ---- the presented text, made speakable -------------------------------------------------------------

# LaTeX with an argument, spelled out from the innermost braces out (applied until nothing changes)
MATH_NESTED = [
    (r"\\(?:text|mathrm|mathbf|mathit|operatorname)\{([^{}]*)\}", r" \1 "),
    (r"\^(?:\{\\top\}|\\top)", " transpose "),
    (r"\\sqrt\{([^{}]*)\}", r" square root of \1 "),
    (r"\\d?frac\{([^{}]*)\}\{([^{}]*)\}", r" \1 over \2 "),
    (r"_\{([^{}]*)\}", r" \1 "),
    (r"\^\{([^{}]*)\}", r" to the \1 "),
]
MATH_WORDS = [  # then the rest, once, in this order
    (r"\\sqrt", " square root of "),
    (r"\\(?:cdot|times|odot)(?![A-Za-z])", " times "),
    (r"\\approx(?![A-Za-z])", " about "),
    (r"\\(?:neq|ne)(?![A-Za-z])", " not equal to "),
    (r"\\leftarrow(?![A-Za-z])", " becomes "),
    (r"\\(?:to|rightarrow|Rightarrow)(?![A-Za-z])", " gives "),
    (r"\\infty(?![A-Za-z])", " infinity "),
    (r"\\sum(?![A-Za-z])", " the sum of "),
    (r"\\(?:dots|ldots|cdots)(?![A-Za-z])", " and so on "),
    (r"\\varepsilon(?![A-Za-z])", " epsilon "),
    (r"\\(?:left|right|big|Big|bigl|bigr)(?![A-Za-z])", " "),
    (r"\\[,;:! ]|\\q?quad(?![A-Za-z])", " "),
    (r"\\_", "_"),
    (r"\\([A-Za-z]+)", r" \1 "),  # Greek letters and functions by their names: delta, log, max ...
    (r"\^2(?![0-9])", " squared "),
    (r"\^", " to the "),
    (r"_", " "),
    (r"[{}]", " "),
    (r"/", " over "),
    (r"(?<![\w.])-|−", " minus "),
]


def speak_maths(tex: str) -> str:
    """A LaTeX formula as words: `\\sqrt{d_k}` -> 'square root of d k', `QK^\\top` -> 'QK transpose'."""
    before = None
    while before != tex:
        before = tex
        for pattern, words in MATH_NESTED:
            tex = re.sub(pattern, words, tex)
    for pattern, words in MATH_WORDS:
        tex = re.sub(pattern, words, tex)
    return f" {tex} "


def speakable(markdown: str) -> str:
    """The text a presenter says for one markdown cell: what it shows, with the Markdown taken off.

    Links keep their text; pictures (shown, not read), web addresses, HTML tags and table rules are
    dropped; `$...$` maths is spelled out (speak_maths); headings end in a full stop; emphasis marks and
    backticks go (code in backticks is read as it stands); Xᵀ is 'X transpose', a·b 'a times b'.
    """
    s = re.sub(r"<!--.*?-->", " ", markdown, flags=re.S)
    s = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", s)
    s = re.sub(r"<https?://[^>]*>", " ", s)
    s = re.sub(r"<[^>]+>", " ", s)
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"\$\$(.+?)\$\$|\$([^$]+)\$", lambda m: speak_maths(m.group(1) or m.group(2)), s, flags=re.S)
    s = re.sub(r"`([^`]*)`", lambda m: m.group(1).replace("**", " to the power "), s)
    s = re.sub(r"^\s*\|?[\s|:-]*-{3,}[\s|:-]*$", " ", s, flags=re.M)
    s = s.replace("|", ", ")
    s = re.sub(r"^\s*#+\s*(.*?)\s*$", r"\1.", s, flags=re.M)
    s = re.sub(r"^\s*>\s?", "", s, flags=re.M)
    s = re.sub(r"\*+", "", s)
    s = s.replace("ᵀ", " transpose ").replace("·", " times ").replace(" / ", " over ").replace("→", " to ")
    return re.sub(r"\s+", " ", s).strip()


def spoken_words(text: str) -> int:
    """The words (and numbers) of a speakable text."""
    return len(re.findall(r"\w+(?:['’.-]\w+)*", text))


def speech_key(text: str) -> str:
    """A fingerprint of what is spoken and how: when it changes, the stored seconds are out of date."""
    return hashlib.sha256(f"{SPEAK_COMMAND}\n{text}".encode()).hexdigest()[:16]


# ---- what the notebooks and the registry hold --------------------------------------------------------


def lesson_facts(path: Path) -> dict:
    """Counts and texts of one lesson: title, objectives, presented text, code cells, widgets, headings."""
    cells = [
        (c["cell_type"], "".join(c["source"]), c["metadata"].get("tags", []))
        for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
    ]  # plain JSON: nbformat's checks are slow
    # the presented text: every markdown cell but the navigation lines (tag "nav", which
    # tools/make_slides.py skips): what the slides show and the speaker notes hold
    markdown = [source for kind, source, tags in cells if kind == "markdown" and "nav" not in tags]
    code = [source for kind, source, _ in cells if kind == "code" and source.strip()]
    text = "\n".join(markdown)
    # "What you'll learn" (00 has only "What you'll do"): a list, or one sentence after a colon.
    block = re.search(r"\*\*What you'll learn\*\*:?\s*(.+?)(?:\n\n|$)", text, flags=re.S) or re.search(
        r"\*\*What you'll do\*\*:?\s*(.+?)(?:\n\n|$)", text, flags=re.S
    )
    body = block.group(1).strip() if block else ""
    bullets = re.split(r"\n- ", "\n" + body)[1:] if body.startswith("- ") else [body] if body else []
    speech = "\n\n".join(speakable(source) for source in markdown)
    asked = list(dict.fromkeys(re.findall(r"""check\(\s*["'](\d\d-[\w-]+)["']""", "\n".join(code))))
    return {
        "title": re.search(r"^# (.+)$", markdown[0], flags=re.M).group(1).strip(),
        # copied prose links to other lessons relative to notebooks/: from docs/ they go through ../notebooks/
        "objectives": [re.sub(r"\]\((\d\d_[\w-]+\.ipynb)", r"](../notebooks/\1", " ".join(b.split())) for b in bullets],
        "speech": speech,
        "words": spoken_words(speech),
        "code_cells": len(code),
        "widgets": sorted({m for source in code for m in WIDGET.findall(source) if "def " not in source}),
        "headings": re.findall(r"^## (.+)$", text, flags=re.M),
        "asked": asked,  # the exercises the lesson's code checks, in the order it asks them
        "required": [e for e in asked if "challenge" not in e],
    }


def lesson_exercises(n: str, facts: dict) -> list[str]:
    """A lesson's exercises: the registered ones of lesson n in the catalogue's order, then any it asks
    that are not registered (the section check names those)."""
    from attnlib.exercises import registered

    ids = [e for e in registered() if e.startswith(f"{n}-")]
    return ids + [e for e in facts["asked"] if e not in ids]


def hints_of(exercise_id: str) -> list[str]:
    """The hints of an exercise's recognised mistakes, each once, in the catalogue's order."""
    from attnlib.exercises import registered

    exercise = registered().get(exercise_id)
    return list(dict.fromkeys(hint for _, hint in exercise.mistakes)) if exercise else []


def missing_misconceptions(data: dict | None = None) -> list[str]:
    """Every problem with the misconceptions in docs/teaching.json, as lines to print: a recognised mistake
    (exercise, hint) that no misconception covers, a misconception naming a hint or exercise that is not
    (or no longer) registered, or one without a belief or with a section the lesson does not have.
    Ends with a JSON skeleton for the missing ones. Empty when complete."""
    data = data if data is not None else json.loads(DATA.read_text(encoding="utf-8"))
    problems, todo = [], {}
    for path in notebook_paths("notebooks", ROOT):
        n, facts = path.name[:2], lesson_facts(path)
        written = data["lessons"].get(n, {}).get("misconceptions", [])
        covered = set()
        for i, m in enumerate(written, 1):
            where = f"lesson {n}, misconception {i} ({m.get('belief', '')[:50]!r}...)"
            if not m.get("belief", "").strip() or "TODO" in m.get("belief", ""):
                problems.append(f"{where}: write its belief, one sentence")
            if m.get("section") not in facts["headings"]:
                problems.append(f"{where}: section {m.get('section')!r} is not a '## ' heading of the lesson")
            for exercise, hints in m.get("mistakes", {}).items():
                known = hints_of(exercise)
                if not exercise.startswith(f"{n}-") or not known:
                    problems.append(f"{where}: {exercise} is not a registered exercise of lesson {n} with mistakes")
                for hint in hints:
                    if hint in known:
                        covered.add((exercise, hint))
                    elif known:
                        problems.append(
                            f"{where}: {exercise} has no recognised mistake with the hint {hint!r} "
                            "(if the hint was reworded, write its new text here)"
                        )
        for exercise in lesson_exercises(n, facts):
            for hint in hints_of(exercise):
                if (exercise, hint) not in covered:
                    problems.append(f"lesson {n}: no misconception for {exercise}'s mistake with the hint {hint!r}")
                    todo.setdefault(n, {}).setdefault(exercise, []).append(hint)
    if todo:
        skeleton = {
            n: [{"belief": "TODO", "section": "TODO: a '## ' heading", "mistakes": mistakes}]
            for n, mistakes in todo.items()
        }
        problems.append(
            "Add to docs/teaching.json, lessons -> NN -> misconceptions (one belief per sentence; "
            "several mistakes may share one):\n" + json.dumps(skeleton, indent=1, ensure_ascii=False)
        )
    return problems


# ---- minutes ------------------------------------------------------------------------------------------


def lesson_minutes(facts: dict, speech_seconds: float, run_seconds: float) -> dict:
    """A lesson's minutes: talk (the spoken text and the code's run, rounded up to the minute, plus each
    widget demo's allowance), its required exercises at their allowance, and the total."""
    talk = math.ceil((speech_seconds + run_seconds) / 60) + len(facts["widgets"]) * ALLOWANCES["per_widget"]
    exercises = len(facts["required"]) * ALLOWANCES["per_exercise"]
    return {"talk": talk, "exercises": exercises, "total": talk + exercises}


def measured_minutes(data: dict) -> tuple[dict[str, Path], dict[str, dict], dict[str, dict]]:
    """Every lesson's path, facts and minutes (lesson_minutes), from the measurements in data."""
    lessons = {p.name[:2]: p for p in notebook_paths("notebooks", ROOT)}
    facts = {n: lesson_facts(p) for n, p in lessons.items()}
    speech = data["speech"]["lessons"]
    mins = {n: lesson_minutes(facts[n], speech[n]["seconds"], data["run_seconds"].get(n, 0.0)) for n in lessons}
    return lessons, facts, mins


def session(group: list[str], mins: dict) -> dict:
    """One session teaching the lessons of group in order: their talk, then each lesson's exercises in
    class where they still fit in IN_CLASS_MINUTES (else homework)."""
    talk = sum(mins[n]["talk"] for n in group)
    used, in_class, homework = talk, [], []
    for n in group:
        if not mins[n]["exercises"]:
            continue
        if used + mins[n]["exercises"] <= IN_CLASS_MINUTES:
            in_class.append(n)
            used += mins[n]["exercises"]
        else:
            homework.append(n)
    return {"lessons": group, "talk": talk, "in_class": in_class, "homework": homework, "minutes": used}


def whole_series_plans(mins: dict) -> dict[str, list[dict]]:
    """Plans that teach every lesson in class, in order, each session within IN_CLASS_MINUTES: the fewest
    sessions (exercises that do not fit are homework, as few as can be), and the fewest with every
    exercise in class. Among plans of as many sessions, the fullest session is kept as short as can be."""
    lessons = sorted(mins)
    too_long = [n for n in lessons if mins[n]["talk"] > IN_CLASS_MINUTES]
    if too_long:
        raise SystemExit(
            f"lessons {too_long} alone take more than {IN_CLASS_MINUTES} minutes of talk: no plan can teach "
            "them in one session; split them, or change the plans in tools/make_teaching.py"
        )
    candidates = []
    for cuts in itertools.product([False, True], repeat=len(lessons) - 1):
        groups, group = [], [lessons[0]]
        for n, cut in zip(lessons[1:], cuts):
            if cut:
                groups.append(group)
                group = []
            group.append(n)
        sessions = [session(g, mins) for g in groups + [group]]
        if all(s["talk"] <= IN_CLASS_MINUTES for s in sessions):
            homework = sum(mins[n]["exercises"] for s in sessions for n in s["homework"])
            candidates.append(((len(sessions), homework, max(s["minutes"] for s in sessions)), sessions))
    fewest = min(candidates, key=lambda c: c[0])[1]
    all_in_class = min((c for c in candidates if c[0][1] == 0), key=lambda c: c[0])[1]
    name = "{} 90-minute sessions: the whole series{}"
    if len(fewest) == len(all_in_class):
        return {name.format(NUMBERS[len(fewest) - 1], ", every exercise in class"): fewest}
    return {
        name.format(NUMBERS[len(fewest) - 1], ""): fewest,
        name.format(NUMBERS[len(all_in_class) - 1], ", every exercise in class"): all_in_class,
    }


def mmss(seconds: float) -> str:
    """Seconds as minutes:seconds."""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def and_list(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# ---- the guide -----------------------------------------------------------------------------------------


def render_plan(name: str, sessions: list[dict], lessons: dict, facts: dict, mins: dict) -> list[str]:
    """One lecture plan: its sessions, what is read before and what is homework."""
    out = [f"**{name}.**", ""]
    for i, s in enumerate(sessions, 1):
        if s["minutes"] > IN_CLASS_MINUTES:
            raise SystemExit(
                f"{name}, session {i} ({s['lessons']}) takes {s['minutes']} minutes, over {IN_CLASS_MINUTES}"
            )
        names = ", ".join(f"{n} {facts[n]['title']}" for n in s["lessons"])
        in_class = sum(mins[n]["exercises"] for n in s["in_class"])
        line = f"{i}. {names}: {s['minutes']} minutes in class ({s['talk']} talk"
        line += f", {in_class} the exercises of {and_list(s['in_class'])})" if s["in_class"] else ")"
        if s["homework"]:
            homework = sum(mins[n]["exercises"] for n in s["homework"])
            line += f"; homework: the exercises of {and_list(s['homework'])} ({homework} minutes)"
        out.append(line + ".")
    taught = {n for s in sessions for n in s["lessons"]}
    # a lesson not taught is read before the first session that comes after it (its lessons build on it)
    first_after = {
        n: next((i for i, s in enumerate(sessions) if max(s["lessons"]) > n), None) for n in lessons if n not in taught
    }
    reading = [
        f"{'before the first session' if i == 0 else f'before session {i + 1}'}: {', '.join(ns)} "
        f"({sum(mins[n]['talk'] for n in ns)} minutes)"
        for i in range(len(sessions))
        if (ns := [n for n, j in first_after.items() if j == i])
    ]
    after = [n for n, i in first_after.items() if i is None]
    out += [
        "",
        (f"Read {'; '.join(reading)}. " if reading else "Nothing to read before class. ")
        + f"On their own afterwards: {', '.join(after) or 'nothing'}.",
        "",
    ]
    return out


def render(data: dict) -> str:
    """The whole guide as Markdown."""
    from attnlib.exercises import registered

    problems = missing_misconceptions(data)
    if problems:
        raise SystemExit("docs/teaching.json: misconceptions are incomplete:\n- " + "\n- ".join(problems))
    lessons, facts, mins = measured_minutes(data)
    speech = data["speech"]["lessons"]
    run = {n: data["run_seconds"].get(n, 0.0) for n in lessons}
    words, seconds = sum(facts[n]["words"] for n in lessons), sum(speech[n]["seconds"] for n in lessons)
    out = [
        "# Teaching the series",
        "",
        "<!-- generated by tools/make_teaching.py from the notebooks, the exercise catalogue and "
        "docs/teaching.json: edit those, then run it -->",
        "",
        "For each lesson: what students learn, the class minutes it takes, which widget to demo and "
        "what to ask, the misconceptions its exercises reveal (each wrong answer `check()` recognises, "
        "with the hint the student then sees, under the belief behind it and the section that addresses it), "
        "and the section each exercise goes back to. Then lecture plans, from one 90-minute session to the "
        "whole series in class.",
        "",
        "**How the minutes are measured.** Each lesson's minutes are those of a presented run-through, "
        "timed by a machine so that anyone can repeat it:",
        "",
        "- *What the presenter says (measured).* The lesson's presented text, read out in full: every markdown "
        "cell except the navigation lines, that is, everything its slides show and its speaker notes hold "
        "(explanations, exercise statements, summary, reading list). Code is not read out. The Markdown is "
        "first made speakable: links keep their text, pictures, web addresses and table rules are dropped, "
        'and maths is spelled out (`\\sqrt{d_k}` is said as "square root of d k", `QK^\\top` as "QK '
        'transpose"). Then the speech synthesiser eSpeak NG '
        f"{data['speech']['espeak-ng']} speaks it at {SPEECH_WPM} words a minute, a lecturing pace, into a "
        "sound file, and SoX measures the file's length: "
        f"`espeak-ng -v {SPEECH_VOICE} -s {SPEECH_WPM} -b 1 -f LESSON.txt -w LESSON.wav`, then "
        f"`soxi -D LESSON.wav`. With its pauses at commas and full stops, it speaks the series' {words:,} "
        f"words in {seconds / 60:.0f} minutes, {words / (seconds / 60):.0f} words a minute.",
        "- *The code (measured).* The seconds the lesson takes to run top to bottom in a fresh kernel, the "
        f"fastest of {RUNS} runs ({sum(run.values()):.0f} seconds for the whole series).",
        f"- *Each widget demo (an allowance, not measured):* {ALLOWANCES['per_widget']} minutes, for the demo "
        "and the two questions below.",
        f"- *Each exercise (an allowance, not measured):* {ALLOWANCES['per_exercise']} minutes, for the class to "
        "solve it with `check()`'s hints and to hear one answer. The optional challenge is homework.",
        "",
        "The spoken seconds and the code's seconds are added and rounded up to the whole minute; with the "
        "widget demos that is a lesson's *talk*, and with its exercises its minutes. "
        "`python tools/make_teaching.py --measure` repeats both measurements (it runs every lesson, and needs "
        "`espeak-ng` and `sox`: `apt-get install espeak-ng sox`); a plain run re-speaks only the lessons whose "
        "text changed. A synthesiser does not pause for the class, point at a figure or answer a question: "
        "these minutes are a floor for a first class, so time yours and adjust.",
        "",
        "| lesson | minutes | talk | spoken text | words spoken | code run | widget demos | exercises |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for n, p in lessons.items():
        f = facts[n]
        out.append(
            f"| [{n} {f['title']}](../notebooks/{p.name}) | {mins[n]['total']} | {mins[n]['talk']} "
            f"| {mmss(speech[n]['seconds'])} | {f['words']:,} | {run[n]:.0f} s | {len(f['widgets'])} "
            f"| {len(f['required'])} |"
        )
    out += [
        "",
        "## Lecture plans",
        "",
        f"Every plan keeps {SLACK_MINUTES} minutes of each {SESSION_MINUTES}-minute session for starting up, "
        f"the class's questions and a pause, so a session holds at most {IN_CLASS_MINUTES} minutes of lessons "
        "by the measured numbers (the script refuses a plan that does not fit). A session teaches its lessons "
        "in order, each lesson's exercises right after it where they still fit; the others are homework, "
        "as are the optional challenges, and the solutions notebooks are for after class. "
        "A lesson that a plan does not teach is read before the session that builds on it, counted at its "
        "talk minutes (reading it, running it, trying its widget; its exercises are extra), or read on "
        "the students' own afterwards.",
        "",
    ]
    for name, groups in SHORT_PLANS.items():
        out += render_plan(name, [session(g, mins) for g in groups], lessons, facts, mins)
    for name, sessions in whole_series_plans(mins).items():
        out += render_plan(name, sessions, lessons, facts, mins)
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
        f, d, m = facts[n], data["lessons"][n], mins[n]
        widgets = len(f["widgets"])
        out += [
            f"## {n} {f['title']}",
            "",
            f"[Open the lesson](../notebooks/{p.name}) · {m['total']} minutes: spoken text "
            f"{mmss(speech[n]['seconds'])} and code {run[n]:.0f} s ({m['talk'] - widgets * ALLOWANCES['per_widget']} "
            f"minutes), {widgets} widget demo{'s' * (widgets != 1)} ({widgets * ALLOWANCES['per_widget']}), "
            f"{len(f['required'])} exercise{'s' * (len(f['required']) != 1)} ({m['exercises']})",
            "",
        ]
        if f["objectives"]:
            out += ["**Objectives**", "", *(f"- {o}" for o in f["objectives"]), ""]
        out += [
            f"**Demo** ({', '.join(f'`{w}`' for w in f['widgets'])}): {d['demo']}",
            "",
            "**Ask the class**",
            "",
            *(f"- {q}" for q in d["ask"]),
            "",
            "**Misconceptions the exercises reveal**",
            "",
        ]
        for mc in d["misconceptions"]:
            where = f"[{mc['section']}](../notebooks/{p.name}#{anchor(mc['section'])})"
            out.append(
                f"- **{mc['belief']}** Go back to {where}. The wrong answers it leads to, by the hint each gets:"
            )
            out += [f'  - "{hint}" (`{exercise}`)' for exercise, hints in mc["mistakes"].items() for hint in hints]
        if not d["misconceptions"]:
            out.append("- None recognised: no exercise of this lesson recognises a particular wrong answer.")
        out += ["", "**Exercises**", ""]
        for exercise in lesson_exercises(n, f):
            section = d["sections"].get(exercise)
            if section not in f["headings"]:
                raise SystemExit(
                    f"docs/teaching.json: lesson {n}, exercise {exercise}: give the '## ' heading of the "
                    f"section that addresses its mistakes (one of {f['headings']}); got {section!r}"
                )
            where = f"[{section}](../notebooks/{p.name}#{anchor(section)})"
            kind = "optional challenge" if "challenge" in exercise else "exercise"
            if exercise not in f["asked"]:
                kind += ", registered but not asked in the lesson"
            recognised = len(hints_of(exercise))
            note = (
                f"{recognised} wrong answer{'s' * (recognised != 1)} recognised"
                if recognised
                else ("checked by a rule, as many answers are right; no particular wrong answer is recognised")
            )
            prompt = registered()[exercise].prompt if exercise in registered() else "(not registered)"
            out.append(f"- `{exercise}` (go back to {where}; {kind}; {note}): {prompt}")
        out.append("")
    return "\n".join(out)


# ---- measuring -----------------------------------------------------------------------------------------


def espeak_version() -> str | None:
    """The installed espeak-ng's version, or None when espeak-ng or soxi is missing."""
    if not (shutil.which("espeak-ng") and shutil.which("soxi")):
        return None
    out = subprocess.run(["espeak-ng", "--version"], check=True, capture_output=True, text=True).stdout
    return re.search(r"text-to-speech:\s*(\S+)", out).group(1)


def speak_seconds(text: str) -> float:
    """Speak text with espeak-ng at SPEECH_WPM into a WAV file and return its length in seconds (soxi -D)."""
    with tempfile.TemporaryDirectory() as tmp:
        txt, wav = Path(tmp) / "LESSON.txt", Path(tmp) / "LESSON.wav"
        txt.write_text(text, encoding="utf-8")
        command = SPEAK_COMMAND.replace("LESSON.txt", str(txt)).replace("LESSON.wav", str(wav))
        espeak, soxi = command.split(" && ")
        subprocess.run(espeak.split(), check=True, capture_output=True)
        return round(float(subprocess.run(soxi.split(), check=True, capture_output=True, text=True).stdout), 1)


def stale_speech(data: dict) -> list[str]:
    """The lessons whose stored speech is missing or was measured on another text (or another command)."""
    stored = data.get("speech", {}).get("lessons", {})
    return [
        p.name[:2]
        for p in notebook_paths("notebooks", ROOT)
        if stored.get(p.name[:2], {}).get("text") != speech_key(lesson_facts(p)["speech"])
    ]


def measure_speech(data: dict, lessons: list[str]) -> None:
    """Speak the given lessons (every lesson if espeak-ng's version differs from the stored one) and
    store their seconds and text fingerprints in data["speech"]."""
    version = espeak_version()
    if version is None:
        raise SystemExit(
            f"the spoken text of lessons {', '.join(lessons)} changed since it was measured; measuring it needs "
            "espeak-ng and sox (apt-get install espeak-ng sox), then run python tools/make_teaching.py again"
        )
    speech = data.setdefault("speech", {})
    if speech.get("espeak-ng") != version:
        lessons = [p.name[:2] for p in notebook_paths("notebooks", ROOT)]
    speech.update({"espeak-ng": version, "command": SPEAK_COMMAND})
    stored = speech.setdefault("lessons", {})
    for path in notebook_paths("notebooks", ROOT):
        n = path.name[:2]
        if n in lessons:
            text = lesson_facts(path)["speech"]
            stored[n] = {"seconds": speak_seconds(text), "words": spoken_words(text), "text": speech_key(text)}
            print(f"spoke {n}: {mmss(stored[n]['seconds'])} ({stored[n]['words']} words)")
    speech["lessons"] = dict(sorted(stored.items()))


def measure_runs() -> dict[str, float]:
    """Run every lesson RUNS times, each from a fresh kernel, and return its fastest seconds (other work
    on the machine only ever slows a run down)."""
    import run_notebooks  # tools/

    seconds = {}
    for path in notebook_paths("notebooks", ROOT):
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            nb = run_notebooks.nbformat.read(path, as_version=4)
            run_notebooks.NotebookClient(
                nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
            ).execute()
            times.append(time.perf_counter() - start)
        seconds[path.name[:2]] = round(min(times), 1)
        print(f"ran {path.name[:2]}: {', '.join(f'{t:.1f}' for t in times)} s")
    return seconds


def main(check: bool = False, remeasure: bool = False) -> int:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    stale = stale_speech(data)
    if check and stale:
        print(
            f"docs/teaching.json: the spoken text of lessons {', '.join(stale)} changed since it was measured: "
            "run python tools/make_teaching.py (it re-speaks them; needs espeak-ng and sox)",
            file=sys.stderr,
        )
        return 1
    if not check and (remeasure or stale):
        if remeasure:
            data["run_seconds"] = measure_runs()
        measure_speech(data, [p.name[:2] for p in notebook_paths("notebooks", ROOT)] if remeasure else stale)
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
    parser.add_argument(
        "--measure", action="store_true", help="first re-time every lesson's code and re-speak every lesson"
    )
    args = parser.parse_args()
    sys.exit(main(check=args.check, remeasure=args.measure))
