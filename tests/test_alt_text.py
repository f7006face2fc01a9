"""Every figure has alt text a screen-reader user can learn from (WCAG 2.1 1.1.1, issue #24).

- every figure a notebook shows (an image/png output) carries alt text in its output metadata, set by
  al.show(fig, alt=...), and the same text as its plain-text form (not "<Figure size 640x480 ...>");
- every picture in the notebooks' markdown, the README and docs/ has an ![alt](...) of a sentence or more;
- the site and the static slides carry that text into <img alt> (tests/test_site.py and
  tests/browser/test_static_slides.py build them; here the template blocks are checked on one notebook).
"""

from __future__ import annotations

import html
import re

import nbformat
import pytest
from _common import ROOT, all_notebooks

from attnlib.viz.alt import MIN_ALT_WORDS

MARKDOWN_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)")
HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.I)
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]


def figures_without_alt(nb: nbformat.NotebookNode) -> list[str]:
    """Each figure output of a notebook whose alt text is missing, short or not its plain-text form."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if "image/png" not in out.get("data", {}):
                continue
            alt = out.get("metadata", {}).get("image/png", {}).get("alt", "")
            text = "".join(out["data"].get("text/plain", ""))
            if len(alt.split()) < MIN_ALT_WORDS:
                found.append(
                    f"cell {i}: figure without alt text (use al.show(fig, alt=...)); its text is {text[:50]!r}"
                )
            elif text != alt:
                found.append(f"cell {i}: the figure's plain text is not its alt text: {text[:50]!r}")
            elif f'alt="{html.escape(alt)}"' not in "".join(out["data"].get("text/html", "")):
                found.append(f"cell {i}: the figure has no HTML <img alt> (JupyterLab shows that): use al.show")
    return found


def start_tags(page: str) -> list[tuple[str, list]]:
    """Every start tag of an HTML page, with its attributes (entities decoded)."""
    from html.parser import HTMLParser

    tags = []
    parser = HTMLParser()
    parser.handle_starttag = lambda tag, attrs: tags.append((tag, attrs))
    parser.feed(page)
    return tags


def alt_of(tag: str) -> str:
    """The alt attribute of an <img> tag ('' when it has none)."""
    found = re.search(r"""\balt=["']([^"']*)["']""", tag)
    return found.group(1) if found else ""


def images_without_alt(markdown: str) -> list[str]:
    """Each picture in markdown whose alt text is shorter than a sentence, or an <img> without alt (code left out)."""
    text = re.sub(r"```.*?```|`[^`\n]*`", "", markdown, flags=re.S)
    short = [f"![{alt}]({src})" for alt, src in MARKDOWN_IMAGE.findall(text) if len(alt.split()) < MIN_ALT_WORDS]
    return short + [tag for tag in HTML_IMAGE.findall(text) if len(alt_of(tag).split()) < MIN_ALT_WORDS]


@pytest.mark.parametrize("path", all_notebooks(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_figure_in_a_notebook_has_alt_text(path):
    nb = nbformat.read(path, as_version=4)
    found = figures_without_alt(nb)
    found += [
        f"cell {i}: {image}"
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "markdown"
        for image in images_without_alt(cell.source)
    ]
    assert not found, f"{path.name}:\n" + "\n".join(found)


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_every_picture_in_the_docs_has_alt_text(path):
    assert not images_without_alt(path.read_text(encoding="utf-8")), path.name


def test_the_checks_catch_a_figure_or_picture_without_alt_text():
    nb = nbformat.v4.new_notebook()
    plain = nbformat.v4.new_output("display_data", data={"image/png": "iVBOR", "text/plain": "<Figure size 640x480>"})
    nb.cells = [nbformat.v4.new_code_cell("plt.show()", outputs=[plain])]
    assert figures_without_alt(nb) and "use al.show" in figures_without_alt(nb)[0]
    assert images_without_alt("![heatmap](x.png) and <img src='y.png'> and <img alt=\"a b\" src=z.png>") == [
        "![heatmap](x.png)",
        "<img src='y.png'>",
        '<img alt="a b" src=z.png>',
    ]
    assert not images_without_alt("![Bars of three softmax weights, summing to 1](x.png)")


def test_the_site_and_slides_templates_write_the_alt_text_into_img(tmp_path):
    """The output's alt text reaches <img alt="..."> on a site page and in a deck (escaped), and nbconvert's
    'No description has been provided for this image' never appears."""
    import make_site
    from nbconvert import SlidesExporter

    import attnlib as al

    fig = al.plot_bars([1, 2], ["a", "b"]).figure
    from attnlib.viz.alt import figure_output

    data, metadata = figure_output(fig, 'Two bars: a at 1 and b at 2, "b" the highest.')
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A figure"),
        nbformat.v4.new_code_cell(
            "al.show(fig, alt=...)", outputs=[nbformat.v4.new_output("display_data", data=data, metadata=metadata)]
        ),
    ]
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    site = make_site.convert(path, tmp_path, "nb.html")
    slides_exporter = SlidesExporter(
        template_name="offline_reveal",
        extra_template_basedirs=[str(ROOT / "tools" / "slides_template")],
        extra_template_paths=[str(make_site.TEMPLATE_DIR)],
    )
    slides, _ = slides_exporter.from_notebook_node(nb)
    for name, page in (("site", site), ("slides", slides)):
        alts = [dict(attrs).get("alt") for tag, attrs in start_tags(page) if tag == "img"]
        assert alts == ['Two bars: a at 1 and b at 2, "b" the highest.'], (name, alts)
        assert "No description has been provided" not in page, name
