"""Build static reveal.js slides of every lesson into _build/slides/, working offline (make slides).

Usage: python tools/build_slides.py [--out DIR] [NOTEBOOK ...]   (default: every lesson, into _build/slides)
       python tools/build_slides.py --fetch-only   # only fetch reveal.js into _build/cache (make test does)

Each lesson becomes DIR/NN_slug.slides.html with `jupyter nbconvert --to slides` (slide types from
tools/make_slides.py), through the template tools/slides_template/offline_reveal: nbconvert's reveal
template without jQuery, require.js or mermaid, which it would load from a CDN. Everything the
slides load sits next to them, copied at build time from installed packages:

- DIR/reveal/: reveal.js (dist/ and the speaker-notes plugin) from the npm registry's tarball,
  fetched once with `npm pack` into _build/cache/ and checked against REVEAL_INTEGRITY (the speaker
  view's layout menu gets the label it lacks);
- DIR/mathjax/: MathJax 2 from the PyPI package jupyter-server-mathjax;
- the lessons' pictures (../images/...) are embedded in the HTML as data: URLs.

The colours and links meet WCAG 2.1 AA (the site's tools/site_template/accessible.css and the template's
own rules for reveal.js), and each deck's first slide carries the series' credit line (make_site.credit).
The build fails, naming the file, if any slides file would load a script, style or picture from
another host. Open DIR/NN_slug.slides.html in a browser; press S for the speaker notes.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from _common import ROOT, TOOLS, notebook_paths
from make_site import MATHJAX_CONFIG, TEMPLATE_DIR, copy_mathjax, credit, series_home  # shared with the site

OUT = ROOT / "_build" / "slides"
CACHE = ROOT / "_build" / "cache"
TEMPLATES = TOOLS / "slides_template"
REVEAL_VERSION = "5.2.1"
REVEAL_INTEGRITY = "sha512-r7//6mIM5p34hFiDMvYfXgyjXqGRta+/psd9YtytsgRlrpRzFv4RbH76TXd2qD+7ZPZEbpBDhdRhJaFgfQ7zNQ=="
REVEAL_FILES = ("package/LICENSE", "package/dist/", "package/plugin/notes/")
THEME = "white"  # its fonts ship with reveal.js; some other themes @import fonts from Google
FIRST_DECK = "00_start_here.slides.html"  # the series' start: the credit line links to it (no URL in CITATION.cff)
# The speaker view's layout menu (in the notes plugin's copy of speaker-view.html) has no label; a
# screen reader announces a bare "combo box". Its visible caption is "Layout: <name>".
UNLABELLED_SELECT = (
    '<select class="speaker-layout-dropdown">',
    '<select class="speaker-layout-dropdown" aria-label="Layout">',
)
# A script, style sheet, picture or module loaded from another host (plain links <a href> are fine).
REMOTE = re.compile(
    r"""<(?:script|link|img|iframe|source|embed)\b[^>]*?\b(?:src|href)\s*=\s*["']?((?:https?:)?//[^"'\s>]+)"""
    r"""|\bimport\b[^;'"]*?\bfrom\s*["']((?:https?:)?//[^"']+)"""
    r"""|@import\s+(?:url\()?["']?((?:https?:)?//[^"')\s]+)""",
    re.I,
)


def remote_sources(html: str) -> list[str]:
    """Return every URL of another host that the page would load (scripts, styles, pictures, modules)."""
    return [next(g for g in match.groups() if g) for match in REMOTE.finditer(html)]


def integrity(path: Path) -> str:
    """Return the npm-style sha512 integrity string of a file."""
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode("ascii")


def reveal_tarball(cache: Path = CACHE) -> Path:
    """Return the reveal.js tarball, fetched with npm pack once and checked against REVEAL_INTEGRITY."""
    tarball = cache / f"reveal.js-{REVEAL_VERSION}.tgz"
    if not tarball.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit(
                "make slides needs npm once, to fetch reveal.js from the npm registry: "
                "sudo apt-get install npm (or install Node.js), then run it again"
            )
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "pack", f"reveal.js@{REVEAL_VERSION}", "--pack-destination", str(cache), "--loglevel=error"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    if integrity(tarball) != REVEAL_INTEGRITY:
        tarball.unlink()
        raise SystemExit(f"{tarball}: checksum does not match REVEAL_INTEGRITY; deleted it, run again")
    return tarball


def install_reveal(out: Path, tarball: Path) -> None:
    """Unpack reveal.js's dist/ and notes plugin into out/reveal/, the speaker view's menu labelled."""
    target = out / "reveal"
    with tarfile.open(tarball) as tar:
        members = [m for m in tar.getmembers() if m.isfile() and m.name.startswith(REVEAL_FILES)]
        for member in members:
            dest = target / member.name.removeprefix("package/")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(tar.extractfile(member).read())
    for script in ("notes.js", "notes.esm.js"):  # the deck loads notes.js; the module is kept the same
        label_speaker_view(target / "plugin" / "notes" / script)


def label_speaker_view(plugin: Path) -> None:
    """Give the layout menu of the notes plugin's speaker view a label (the view is a string in the
    plugin's script, its quotes escaped), or fail naming the file if reveal.js changed it."""
    old, new = (s.replace('"', '\\"') for s in UNLABELLED_SELECT)
    script = plugin.read_text(encoding="utf-8")
    if script.count(old) != 1:
        raise SystemExit(
            f"{plugin}: the speaker view's layout menu {old} was not found once; update label_speaker_view"
        )
    plugin.write_text(script.replace(old, new), encoding="utf-8")


def add_credit(html: str, home: str | None) -> str:
    """Put the series' credit line (make_site.credit) at the foot of the deck's first slide."""
    start = html.find('<div class="slides">')
    end = html.find("</section>", start)
    if start < 0 or end < 0:
        raise ValueError('no first slide found (<div class="slides"> ... </section>)')
    return html[:end] + credit(home) + "\n" + html[end:]


def embed_pictures(html: str, notebook: Path) -> str:
    """Replace each <img src="relative/path.png"> by a data: URL of that file, or fail naming it."""

    def data_url(match: re.Match) -> str:
        path = (notebook.parent / match.group(2)).resolve()
        if not path.is_file():
            raise SystemExit(f"{notebook.name}: picture {match.group(2)} not found")
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
        return f'{match.group(1)}"data:image/{path.suffix.lstrip(".")};base64,{encoded}"'

    return re.sub(r"""(<img\b[^>]*?\bsrc=)"((?!data:|https?:|//)[^"]+)\"""", data_url, html)


def convert(notebooks: list[Path], out: Path) -> list[Path]:
    """Run jupyter nbconvert --to slides on the notebooks; return the slides files written."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "nbconvert",
            "--to",
            "slides",
            "--log-level",
            "WARN",
            "--template",
            "offline_reveal",
            f"--TemplateExporter.extra_template_basedirs={TEMPLATES}",
            f"--TemplateExporter.extra_template_paths={TEMPLATE_DIR}",  # the site's accessible.css
            "--SlidesExporter.reveal_url_prefix=reveal",
            "--SlidesExporter.reveal_scroll=True",
            "--SlidesExporter.reveal_number=c/t",
            f"--SlidesExporter.reveal_theme={THEME}",
            f"--SlidesExporter.mathjax_url=mathjax/MathJax.js?config={MATHJAX_CONFIG}",
            # a widget needs a kernel: its slide says it is live in JupyterLab (as the site does)
            "--SlidesExporter.preprocessors=['make_site.WidgetNote', 'fit_slides.FitSlides']",
            "--output-dir",
            str(out),
            *map(str, notebooks),
        ],
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(TOOLS), os.environ.get("PYTHONPATH")]))},
    )
    home = series_home() or (FIRST_DECK if (out / FIRST_DECK).exists() else None)
    written = []
    for notebook in notebooks:
        slides = out / f"{notebook.stem}.slides.html"
        html = embed_pictures(slides.read_text(encoding="utf-8"), notebook)
        slides.write_text(add_credit(html, home), encoding="utf-8")
        written.append(slides)
    return written


def main(argv: list[str]) -> int:
    """Build the slides of the given lessons (default: all) and check that none loads from another host."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="lessons to build (default: every one)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default: {OUT.relative_to(ROOT)})")
    parser.add_argument("--fetch-only", action="store_true", help="only fetch reveal.js into the cache")
    args = parser.parse_args(argv)
    if args.fetch_only:
        reveal_tarball()
        return 0
    missing = [str(p) for p in args.notebooks if p.suffix != ".ipynb" or not p.is_file()]
    if missing:
        parser.error(f"not a notebook file: {', '.join(missing)}")
    notebooks = [p.resolve() for p in args.notebooks] or notebook_paths("notebooks")
    args.out.mkdir(parents=True, exist_ok=True)
    install_reveal(args.out, reveal_tarball())
    copy_mathjax(args.out)
    bad = 0
    theme = args.out / "reveal" / "dist" / "theme" / f"{THEME}.css"
    for slides in [theme, *convert(notebooks, args.out)]:
        remote = remote_sources(slides.read_text(encoding="utf-8"))
        if remote:
            bad += 1
            print(f"{slides}: loads from another host: {', '.join(remote)}")
        elif slides != theme:
            print(f"wrote {slides}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
