"""Build a read-only HTML site of the whole series (what `make site` runs), working offline.

Usage: python tools/make_site.py [OUT]     # OUT defaults to _build/site (ignored by git)

Every lesson and solution is converted in-process by nbconvert's HTMLExporter, with its outputs, into
OUT/notebooks/ and OUT/solutions/; OUT/index.html is 00 (the map of the series) as the landing page.
The layout mirrors the repository, so the markdown's relative links keep working: links between
notebooks are rewritten from .ipynb to .html (anchors such as #Map-of-the-series are kept: nbconvert
gives a heading the id JupyterLab gives it), and images/ is copied next to them.

Nothing is fetched at build or view time. The template (tools/site_template/index.html.j2) extends
nbconvert's lab template without require.js, the widget manager and mermaid, which it would load from
CDNs; maths is rendered by MathJax 2, copied into OUT/mathjax/ from the jupyter-server-mathjax package;
a widget's output is replaced by a note that it is live in JupyterLab (make lab).

Every page meets WCAG 2.1 AA as axe-core checks it (tests/test_site.py): the colours and links of
tools/site_template/accessible.css, lang="en", and at its foot the credit line (credit(): the series,
a link to where it lives, the licences), which the static slides carry too.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import sys
from pathlib import Path

import nbformat
from _common import FOLDERS, ROOT, TOOLS, notebook_paths
from make_nav import title_of
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor
from traitlets import Unicode

SITE = ROOT / "_build" / "site"
TEMPLATE_DIR = TOOLS / "site_template"
START = "notebooks/00_start_here.ipynb"
MATHJAX_CONFIG = "TeX-AMS-MML_HTMLorMML-full,Safe"  # the configuration jupyter-server-mathjax ships
GUIDES = ("docs/teaching.md",)  # Markdown documents the notebooks link to, made pages of the site too
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = (
    '<p class="site-widget-note">This widget is live in JupyterLab (<code>make lab</code>): '
    "open this notebook there to use it.</p>"
)
LINK = re.compile(r"(\]\()([^)\s]+)|((?:href|src)=[\"'])([^\"']+)")  # markdown link target, or HTML attribute
SERIES = "Learn self-attention, one step at a time"  # the README's title (tests/test_site.py checks it)
LICENCES = (  # the README's Licence section, LICENSE and LICENSES/
    ("text and figures", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    ("code", "MIT", "https://opensource.org/license/mit"),
)
ACCESSIBLE_CSS = TEMPLATE_DIR / "accessible.css"  # colours and links meeting WCAG 2.1 AA, site and slides


def relocate(target: str, source_dir: str, page_dir: str) -> str:
    """Return a link written in a notebook of source_dir, as seen from a page in page_dir of the site."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, flags=re.I) or target.startswith(("#", "/")):
        return target  # an external URL, a data: URL, an anchor in the same page or an absolute path
    path, hash_, anchor = target.partition("#")
    resolved = posixpath.normpath(posixpath.join(source_dir, path))
    if resolved.endswith(".ipynb"):
        resolved = resolved.removesuffix(".ipynb") + ".html"
    elif resolved in GUIDES:
        resolved = resolved.removesuffix(".md") + ".html"
    return posixpath.relpath(resolved, page_dir or ".") + hash_ + anchor


class SiteLinks(Preprocessor):
    """Rewrite relative links in markdown cells for the page's place in the site (.ipynb -> .html)."""

    source_dir = Unicode("notebooks", help="folder of the notebook, relative to the repository").tag(config=True)
    page_dir = Unicode("notebooks", help="folder of the page, relative to the site").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        """Rewrite the links of one markdown cell; leave other cells alone."""
        if cell.cell_type == "markdown":

            def fix(m: re.Match) -> str:
                start, target = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
                return start + relocate(target, self.source_dir, self.page_dir)

            cell.source = LINK.sub(fix, cell.source)
        return cell, resources


class WidgetNote(Preprocessor):
    """Replace each widget's output (it needs a kernel to run) with a note that it is live in JupyterLab."""

    def preprocess_cell(self, cell, resources, index):
        """Turn the widget outputs of one code cell into the note; leave the other outputs alone."""
        for i, output in enumerate(cell.get("outputs", [])):
            if WIDGET_MIME in output.get("data", {}):
                cell.outputs[i] = nbformat.v4.new_output("display_data", data={"text/html": WIDGET_NOTE})
        return cell, resources


def series_home(root: Path = ROOT) -> str | None:
    """Where the series lives: CITATION.cff's repository-code, else its url, else None."""
    path = root / "CITATION.cff"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    found = dict(re.findall(r"^(repository-code|url):[ \t]*[\"']?([^\"'\s#]+)", text, flags=re.M))
    return found.get("repository-code") or found.get("url")


def credit(home: str | None, tag: str = "footer") -> str:
    """The credit line every page and deck carries: the series (a link to home, where it lives) and its
    licences (make test checks it is there, visible and accessible)."""
    import html

    series = f'<a href="{html.escape(home)}">{SERIES}</a>' if home else SERIES
    licences = ", ".join(f'{what} <a href="{url}">{name}</a>' for what, name, url in LICENCES)
    return f'<{tag} class="series-credit"><p>{series}. Licences: {licences}.</p></{tag}>'


def add_credit(page: str, home: str | None) -> str:
    """Put the credit line at the end of the page's body."""
    head, end, tail = page.rpartition("</body>")
    if not end:
        raise ValueError("the page has no </body> to put the credit line before")
    return head + credit(home) + "\n" + end + tail


def copy_mathjax(out: Path) -> Path:
    """Copy MathJax 2 from the jupyter-server-mathjax package into out/mathjax; return that folder."""
    try:
        import jupyter_server_mathjax
    except ImportError:
        raise SystemExit(
            "make site needs jupyter-server-mathjax (the local MathJax): "
            "run make site, or pip install -r requirements-site.txt"
        ) from None
    static = Path(jupyter_server_mathjax.__file__).parent / "static"
    if not (static / "MathJax.js").exists():
        raise SystemExit(f"{static}: MathJax.js is missing from jupyter-server-mathjax")
    dest = out / "mathjax"
    shutil.copytree(static, dest, dirs_exist_ok=True)
    return dest


def convert(path: Path, root: Path, page: str) -> str:
    """Return the HTML of the notebook at path as the site's page `page` (a path relative to the site)."""
    source_dir = path.parent.relative_to(root).as_posix()
    page_dir = posixpath.dirname(page)
    exporter = HTMLExporter(
        template_file="site.html.j2",
        extra_template_paths=[str(TEMPLATE_DIR)],
        mathjax_url=posixpath.relpath("mathjax/MathJax.js", page_dir or ".") + f"?config={MATHJAX_CONFIG}",
    )
    exporter.register_preprocessor(SiteLinks(source_dir=source_dir, page_dir=page_dir), enabled=True)
    exporter.register_preprocessor(WidgetNote(), enabled=True)
    nb = nbformat.read(path, as_version=4)
    nb.metadata["title"] = title_of(nb, path)  # the page's <title>: the notebook's own title
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem, "path": str(path.parent)}})
    return add_credit(body, series_home(root) or posixpath.relpath("index.html", page_dir or "."))


def convert_guide(path: Path, root: Path) -> str:
    """Return a Markdown document of the repository as a plain HTML page, its links rewritten for the
    site (mistune, the Markdown renderer nbconvert itself uses)."""
    import html

    import mistune

    folder = path.parent.relative_to(root).as_posix()
    text = LINK.sub(
        lambda m: (
            m.group(1) + relocate(m.group(2), folder, folder)
            if m.group(1)
            else m.group(3) + relocate(m.group(4), folder, folder)
        ),
        path.read_text(encoding="utf-8"),
    )
    body = mistune.create_markdown(escape=False, plugins=["table"])(text)
    title = html.escape(text.splitlines()[0].removeprefix("# "))
    page = (
        f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>{title}</title><style>body{{max-width:"
        f"60em;margin:2em auto;padding:0 1em;font-family:sans-serif;line-height:1.5}}table{{border-collapse:"
        f"collapse}}td,th{{border:1px solid #ccc;padding:2px 8px}}.series-credit{{margin-top:2em;border-top:1px "
        f"solid #ccc}}\n{ACCESSIBLE_CSS.read_text(encoding='utf-8')}</style></head><body>\n<main>\n{body}</main>\n"
        f"</body></html>\n"
    )
    return add_credit(page, series_home(root) or posixpath.relpath("index.html", folder))


def build_site(out: Path = SITE, root: Path = ROOT) -> list[Path]:
    """Write every lesson and solution, index.html, images/ and mathjax/ into out; return the pages."""
    out, root = Path(out), Path(root)
    if out.resolve() == root.resolve() or root.resolve().is_relative_to(out.resolve()):
        raise SystemExit(f"the site's folder must not hold the repository: {out}")
    if not (root / START).exists():
        raise SystemExit(f"{root}: no {START}; give the repository's top folder")
    out.mkdir(parents=True, exist_ok=True)
    copy_mathjax(out)
    shutil.copytree(root / "images", out / "images", dirs_exist_ok=True)
    pages = [(p, f"{folder}/{p.stem}.html") for folder in FOLDERS for p in notebook_paths(folder, root)]
    pages.append((root / START, "index.html"))
    written = []
    for path, page in pages:
        target = out / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(convert(path, root, page), encoding="utf-8")
        written.append(target)
    for guide in (g for g in GUIDES if (root / g).exists()):
        target = (out / guide).with_suffix(".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(convert_guide(root / guide, root), encoding="utf-8")
    for folder in FOLDERS:  # pages of notebooks since renamed or removed would still link to each other
        for stale in set((out / folder).glob("*.html")) - set(written):
            stale.unlink()
    return written


def main(argv: list[str]) -> int:
    """Build the site into argv[0] (default _build/site) and say where it is."""
    if any(a in ("-h", "--help") for a in argv):
        print(__doc__.strip())
        return 0
    if len(argv) > 1:
        print("usage: python tools/make_site.py [OUT]  (one folder at most; see --help)", file=sys.stderr)
        return 2
    out = Path(argv[0]) if argv else SITE
    pages = build_site(out)
    print(f"{len(pages)} pages in {out}; open {out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
