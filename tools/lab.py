"""Start JupyterLab on the whole series: what `make lab` runs, and what the browser tests start.

Usage: python tools/lab.py [extra JupyterLab options]
       python tools/lab.py --copies-only     # only make the student's copies (Binder's start, a hub's postStart)

A student works in copies of their own: my-notebooks/ beside notebooks/, ignored by git. Each start copies
into it every lesson of notebooks/ it does not have yet, and never overwrites one, so a student's answers
survive updates of the series (`git pull` never conflicts: notebooks/ stays as published), and a new
lesson appears on the next start; delete or rename a copy to get a fresh one. Relative links
(../solutions/..., ../images/...) work from my-notebooks/ as from notebooks/.

The server root is the repository itself, so every relative link resolves, and the browser opens the
student's copy of 00 (START). The settings in OVERRIDES (no news
pop-up, no update check, every cell rendered, an offline theme for RISE's slideshows and, in them, widget
text that grows with the slide: tools/rise.css) are installed
into the running environment's JupyterLab as its `overrides.json`, where JupyterLab reads its
defaults; a student can still change them in Settings. The browser tests import lab_command() and
overrides_path() from here, so the two cannot drift.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from _common import ROOT

WINDOWS = os.name == "nt"
LESSONS = "notebooks"  # the lessons as published (tracked by git)
MINE = "my-notebooks"  # the student's own copies (in .gitignore and .dockerignore)
START = f"{MINE}/00_start_here.ipynb"
RISE_CSS = Path(__file__).resolve().with_name("rise.css")

# Defaults for a quiet, offline session in which every cell of a notebook is on the page.
OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    # RISE's slideshows: reveal.js's "white" theme (its default, "simple", loads fonts from Google: not
    # offline), slides taller than the screen scroll instead of being cut off, and the widgets' text grows
    # with the slide (tools/rise.css). RISE has no setting for a style sheet: its header, HTML put on every
    # slide, carries it (a presenter who sets a header of their own loses it, and keeps JupyterLab's sizes).
    "jupyterlab-rise:plugin": {
        "theme": "white",
        "scroll": True,
        "header": f"<style>{RISE_CSS.read_text(encoding='utf-8')}</style>",
    },
}


def overrides_path(prefix: str | Path = sys.prefix) -> Path:
    """Return where JupyterLab in this environment reads its default-settings overrides."""
    return Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def install_overrides(prefix: str | Path = sys.prefix) -> Path:
    """Write OVERRIDES into this environment's JupyterLab (merging with any already there)."""
    path = overrides_path(prefix)
    current = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    merged = {**current, **{k: {**current.get(k, {}), **v} for k, v in OVERRIDES.items()}}
    if merged != current:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")
    return path


def make_copies(root: str | Path = ROOT) -> list[Path]:
    """Copy into root/my-notebooks/ each lesson of root/notebooks/ it lacks (never overwriting); return the copies."""
    root = Path(root).resolve()
    lessons = sorted((root / LESSONS).glob("[0-9][0-9]_*.ipynb"))
    if not lessons:
        raise FileNotFoundError(
            f"root must be the repository's top folder (with {LESSONS}/00_start_here.ipynb); got {root}"
        )
    mine = root / MINE
    mine.mkdir(exist_ok=True)
    made = []
    for lesson in lessons:
        copy = mine / lesson.name
        if not copy.exists():
            copy.write_bytes(lesson.read_bytes())
            made.append(copy)
    return made


def lab_command(root: str | Path = ROOT, extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Return the command that serves `root` (a copy of the repository) with the student's 00 as the landing page."""
    root = Path(root).resolve()
    if not (root / LESSONS / "00_start_here.ipynb").exists():
        raise FileNotFoundError(
            f"root must be the repository's top folder (with {LESSONS}/00_start_here.ipynb); got {root}"
        )
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.default_url=/lab/tree/{START}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",  # offline: never asks PyPI for extensions
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers run as root; JupyterLab refuses it otherwise
    return [*command, *extra]


def main(argv: list[str]) -> None:
    """Make the student's copies, install the settings and replace this process with JupyterLab."""
    made = make_copies(ROOT)
    if made:
        names = ", ".join(p.stem[:2] for p in made)
        print(f"copied {len(made)} lesson(s) into {MINE}/ ({names}): work there; updates never change them")
    if argv == ["--copies-only"]:
        return
    try:
        install_overrides()
    except OSError as exc:  # a read-only shared environment: the series still works, with Lab's defaults
        print(
            f"note: could not install the series' JupyterLab settings ({exc}); starting without them", file=sys.stderr
        )
    command = lab_command(ROOT, argv)
    if WINDOWS:  # Windows' execv returns to the prompt at once and splits a path with a space
        sys.exit(subprocess.call(command))
    os.execv(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
