"""The read-only site (make site, tools/make_site.py): every page, outputs, links, offline, maths in a browser.

The site is built once into a temporary folder for the whole module (about 1 s a page)."""

from __future__ import annotations

import functools
import html
import http.server
import posixpath
import re
import shutil
import threading
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import make_site
import nbformat
import pytest
from _common import ROOT, all_notebooks
from browser import axe, new_page
from make_nav import title_of

EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)  # a scheme (http:, data:, mailto:) or //host
LOADED = re.compile(r"(?:url\(\s*['\"]?|@import\s+['\"]|import\(\s*['\"])(?:https?:)?//", re.I)


class Page(HTMLParser):
    """The parts of an HTML page the tests look at: ids, links, loaded resources, inline code."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []  # href of every <a>
        self.loads: list[tuple[str, str]] = []  # (tag, url) of everything the browser fetches
        self.inline: list[str] = []  # the text of <script> and <style> elements
        self._in_code = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href") is not None:
            self.links.append(attrs["href"])
        elif tag != "a":
            for name in ("src", "href", "data", "poster", "srcset"):
                if attrs.get(name):
                    self.loads.append((tag, attrs[name]))
        self._in_code = tag in ("script", "style")

    def handle_endtag(self, tag):
        self._in_code = False

    def handle_data(self, data):
        if self._in_code:
            self.inline.append(data)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    written = make_site.build_site(out)
    assert written, "make_site.build_site wrote no page"
    return out


@functools.cache
def parsed(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def page_of(notebook: Path) -> str:
    return f"{notebook.parent.name}/{notebook.stem}.html"


def test_every_lesson_and_solution_has_a_page_and_index_is_00(site):
    expected = {page_of(p) for p in all_notebooks()} | {"index.html", "docs/teaching.html"}  # 00 links the guide
    found = {p.relative_to(site).as_posix() for p in pages(site)}
    assert len(expected) == 28 and found == expected, (  # 13 lessons, 13 solutions, the guide, the index
        f"pages missing: {expected - found}, unexpected: {found - expected}"
    )
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>Start here</title>" in index and 'id="Map-of-the-series"' in index, (
        "index.html must be 00 (Start here) with the map of the series"
    )
    assert (site / "mathjax" / "MathJax.js").is_file(), "the site has no local MathJax (mathjax/MathJax.js)"


@pytest.mark.parametrize("notebook", all_notebooks(), ids=lambda p: page_of(p))
def test_page_has_the_notebooks_outputs_and_a_note_for_each_widget(site, notebook):
    nb = nbformat.read(notebook, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    pngs = sum("image/png" in o.get("data", {}) for o in outputs)
    widgets = sum(make_site.WIDGET_MIME in o.get("data", {}) for o in outputs)
    text = (site / page_of(notebook)).read_text(encoding="utf-8")
    assert text.count('src="data:image/png;base64,') == pngs, (
        f"{page_of(notebook)}: not every plot of {notebook.name} is in the page"
    )
    assert text.count("site-widget-note") - 1 == widgets, (  # one more: its CSS rule in <head>
        f"{page_of(notebook)}: {widgets} widgets in {notebook.name}, each must become the note 'live in JupyterLab'"
    )
    assert not re.search(r"<pre>[^<]*\b[HV]?Box\(children=", text) and make_site.WIDGET_MIME not in text, (
        f"{page_of(notebook)}: a widget's raw output (its text form or its view) leaked into the page"
    )
    assert "NBVAL_IGNORE_OUTPUT" not in text, f"{page_of(notebook)}: the test suite's comment lines are shown"
    if notebook.parent.name == "notebooks":
        assert widgets, f"{notebook.name}: every lesson has a widget (is the site test looking at the right files?)"
    title = html.escape(title_of(nb, notebook), quote=False)
    assert f"<title>{title}</title>" in text and f">{title}<a" in text, f"{page_of(notebook)}: no title {title!r}"


def test_every_picture_has_alt_text(site):
    """al.show's alt text reaches every figure's <img alt> (nbconvert writes a placeholder otherwise)."""
    for path in pages(site):
        text = path.read_text(encoding="utf-8")
        no_alt = [t[:80] for t in re.findall(r"<img\b[^>]*>", text) if not re.search(r"""\balt=["'][^"']""", t)]
        assert not no_alt and "No description has been provided" not in text, f"{path.name}: {no_alt[:3]}"


def test_nothing_is_loaded_from_another_host(site):
    for path in pages(site):
        page, rel = parsed(path), path.relative_to(site)
        remote = [(tag, url) for tag, url in page.loads if re.match(r"^(?:https?:)?//", url, re.I)]
        assert not remote, f"{rel} loads resources from other hosts: {remote[:3]}"
        assert not any(LOADED.search(code) for code in page.inline), f"{rel}: a script or style imports a remote URL"
        if not rel.as_posix().startswith("docs/"):  # the guide's page has no maths
            assert page.loads, f"{rel}: no resources at all (MathJax should be there)"


def test_every_internal_link_and_image_resolves_with_its_anchor(site):
    checked = 0
    for path in pages(site):
        page, rel = parsed(path), path.relative_to(site).as_posix()
        for url in page.links + [u for tag, u in page.loads if tag == "img"]:
            if EXTERNAL.match(url):
                continue
            assert ".ipynb" not in url, f"{rel}: a link still points at a notebook: {url}"
            target, _, anchor = url.partition("#")
            target = urllib.parse.unquote(target)
            name = posixpath.normpath(posixpath.join(posixpath.dirname(rel), target)) if target else rel
            assert not name.startswith(".."), f"{rel}: {url} leaves the site"
            assert (site / name).is_file(), f"{rel}: {url} points at {name}, which is not in the site"
            if anchor:
                # A browser looks for the fragment as written, then percent-decoded (nbconvert keeps %22 in ids).
                ids = parsed(site / name).ids
                assert anchor in ids or urllib.parse.unquote(anchor) in ids, (
                    f"{rel}: {url}: {name} has no id {anchor!r}"
                )
            checked += 1
    assert checked > 200, f"only {checked} internal links found: the nav cells and 00's map alone have more"


def test_links_are_relocated_for_the_page():
    assert make_site.relocate("01_a.ipynb", "notebooks", "notebooks") == "01_a.html"
    assert (
        make_site.relocate("00_s.ipynb#Map-of-the-series", "notebooks", "") == "notebooks/00_s.html#Map-of-the-series"
    )
    assert make_site.relocate("../solutions/00_s.ipynb", "notebooks", "") == "solutions/00_s.html"
    assert make_site.relocate("../notebooks/05_x.ipynb", "solutions", "solutions") == "../notebooks/05_x.html"
    assert make_site.relocate("../images/a.png", "notebooks", "") == "images/a.png"
    for kept in ("#Section-2", "https://arxiv.org/abs/1706.03762", "data:image/png;base64,AA", "mailto:a@b.c"):
        assert make_site.relocate(kept, "notebooks", "") == kept


def test_make_site_command_line(capsys, tmp_path):
    assert make_site.main(["--help"]) == 0 and "make site" in capsys.readouterr().out
    assert make_site.main(["a", "b"]) == 2 and "usage" in capsys.readouterr().err
    with pytest.raises(SystemExit, match="no notebooks/00_start_here.ipynb"):
        make_site.build_site(tmp_path / "out", root=tmp_path)


def test_make_site_is_wired_and_documented():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^site: .*\n\t\$\(BIN\)/python tools/make_site\.py$", makefile, re.M), "Makefile: no site target"
    assert "_build/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines(), ".gitignore must ignore _build/"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "| `make site` |" in readme, "README's For maintainers table must list make site"
    assert "**A read-only copy.** `make site`" in readme, "README's Teach it to a class must describe make site"


def test_rebuild_removes_pages_of_notebooks_that_are_gone(tmp_path):
    root = tmp_path / "repo"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / make_site.START, root / make_site.START)
    shutil.copytree(ROOT / "images", root / "images")
    out = tmp_path / "site"
    (out / "notebooks").mkdir(parents=True)
    (out / "notebooks" / "03_old_name.html").write_text("stale", encoding="utf-8")
    (out / "notes.txt").write_text("the teacher's", encoding="utf-8")
    written = make_site.build_site(out, root=root)
    assert sorted(p.relative_to(out).as_posix() for p in written) == ["index.html", "notebooks/00_start_here.html"]
    assert not (out / "notebooks" / "03_old_name.html").exists(), "a page of a notebook that is gone was kept"
    assert (out / "notes.txt").exists(), "build_site removed a file that is not one of its pages"


# ---------------------------------------------------------------------------------------------
# In Chromium, with every other host refused


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


RAW_MATH = re.compile(r"\$[^$\n]+\$|\\\(|\\\[")


@pytest.mark.browser
@pytest.mark.parametrize(
    "rel",
    [
        "index.html",
        "notebooks/07_matrix_form_and_scaling.html",
        "solutions/05_self_attention_from_scratch.html",
        "file:notebooks/00_start_here.html",
    ],
)
def test_page_in_browser_offline_with_maths_and_images(site, served, browser, rel):
    """Served over HTTP, and one page opened from disk (file://), as a teacher might."""
    url = (site / rel.removeprefix("file:")).as_uri() if rel.startswith("file:") else f"{served}/{rel}"
    page = new_page(browser, url)
    failed = []
    # MathJax 2 probes for web fonts with url(about:blank), which always fails: that is not a missing file.
    page.on("requestfailed", lambda r: r.url != "about:blank" and failed.append(f"{r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.url} ({r.status})"))
    try:
        page.goto(url)
        try:
            page.wait_for_function("() => window.MathJax && MathJax.isReady", timeout=15_000)
        except Exception:
            pytest.fail(f"{rel}: MathJax did not start within 15 s; failed requests: {failed[:5]}")
        page.evaluate("() => new Promise(done => MathJax.Hub.Queue(done))")  # queued after the first typeset
        page.wait_for_function("() => Array.from(document.images).every(i => i.complete)", timeout=10_000)
        rendered = page.evaluate("() => document.querySelectorAll('.MathJax, .MathJax_Display').length")
        errors = page.evaluate("() => document.querySelectorAll('.MathJax_Error, merror').length")
        text = page.evaluate(
            "() => Array.from(document.querySelectorAll('.jp-RenderedMarkdown')).map(e => e.innerText).join('\\n')"
        )
        images = page.evaluate(
            "() => Array.from(document.images).map(i => [i.naturalWidth, (i.alt || i.src).slice(0, 60)])"
        )
    finally:
        page.context.close()
    assert not page.outside, f"{rel}: the browser tried to reach other hosts: {page.outside[:5]}"
    assert not failed, f"{rel}: requests failed: {failed[:5]}"
    assert rendered >= 10 and not errors, f"{rel}: MathJax rendered {rendered} formulas with {errors} errors"
    assert not RAW_MATH.findall(text), f"{rel}: maths left as raw TeX: {RAW_MATH.findall(text)[:3]}"
    assert images and all(w > 0 for w, _ in images), (
        f"{rel}: images that did not load: {[a for w, a in images if not w]}"
    )


@pytest.mark.browser
def test_every_page_passes_axe_and_carries_the_credit_line(site, served, browser):
    """axe-core's WCAG 2.1 A/AA rules (serious and critical) find nothing on any page, at 1024×768, once its
    maths is typeset; and every page ends with the credit line: the series, where it lives, the licences."""
    page = new_page(browser, served, viewport={"width": 1024, "height": 768})
    failing, credits = {}, {}
    try:
        for path in pages(site):
            rel = path.relative_to(site).as_posix()
            page.goto(f"{served}/{rel}")
            if page.evaluate("() => !!window.MathJax"):
                page.wait_for_function("() => window.MathJax && MathJax.isReady", timeout=15_000)
                page.evaluate("() => new Promise(done => MathJax.Hub.Queue(done))")
            failing[rel] = axe.violations(page)
            credits[rel] = page.evaluate(
                "() => { const c = document.querySelector('body > .series-credit'); return c ? c.innerText : ''; }"
            )
    finally:
        page.context.close()
    print(axe.table(failing))
    missing = [
        rel for rel, text in credits.items() if not ("CC BY 4.0" in text and "MIT" in text and make_site.SERIES in text)
    ]
    assert not missing, f"pages without the credit line (series, CC BY 4.0, MIT): {missing}"
    bad = {rel: rows for rel, rows in failing.items() if rows}
    assert not bad, f"axe-core finds WCAG 2.1 A/AA failures on {len(bad)} of {len(failing)} pages:\n" + axe.table(bad)
