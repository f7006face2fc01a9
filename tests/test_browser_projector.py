"""Legible on a 1024×768 projector: a lesson in JupyterLab at that size, with the side bar hidden
(Ctrl+B, as 00 tells presenters). Its widgets' text must be readable, and its figures are shown at
full size: the column they get is measured here, and tests/test_notebook_hygiene.py checks that every
figure of every notebook fits in it (MAX_FIGURE_PX)."""

import browser_support as bs
import pytest
from test_notebook_hygiene import MAX_FIGURE_PX

pytestmark = bs.SKIP_WITHOUT_BROWSER
LESSON = "notebooks/04_softmax.ipynb"   # figures (one of the widest) and a widget
MIN_TEXT_PX = 13          # JupyterLab's own body text is 13 px
SIZES = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const images = Array.from(panel.querySelectorAll('.jp-OutputArea-output img')).map(
    i => ({shown: i.clientWidth, natural: i.naturalWidth}));
  const box = panel.querySelector('.jp-OutputArea-output img').parentElement, style = getComputedStyle(box);
  const column = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);  // an image's room
  const texts = Array.from(panel.querySelectorAll('[class*="attnlib-"][class*="-widget"] *')).filter(
    e => Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()) && e.offsetParent !== null);
  return {images, column, fonts: texts.map(e => parseFloat(getComputedStyle(e).fontSize)), width: window.innerWidth};
}"""


@pytest.fixture(scope="module")
def sizes(browser, lab):
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.outside = []
    try:
        bs.open_lab(page, lab["url"], "/lab/workspaces/projector?reset")   # its own workspace: hiding the side
        # bar here must not hide the file browser of the tests that open the default one later
        page.evaluate("async () => { if (!window.jupyterapp.shell.leftCollapsed) "
                      "await window.jupyterapp.commands.execute('application:toggle-left-area'); }")
        bs.open_notebook(page, LESSON)
        bs.run_all(page)
        found = page.evaluate(SIZES)
        bs.close_current(page)
        assert not page.outside, page.outside
    finally:
        context.close()
    assert found["width"] == 1024 and found["images"] and found["fonts"], found
    return found


def test_widget_text_is_readable_at_1024_by_768(sizes):
    assert min(sizes["fonts"]) >= MIN_TEXT_PX, f"{LESSON}: widget text of {min(sizes['fonts'])} px at 1024×768"


def test_figures_keep_their_size_at_1024_by_768(sizes):
    small = [i for i in sizes["images"] if i["shown"] < i["natural"]]
    assert not small, f"{LESSON}: figures shrunk to fit at 1024×768 (shown, natural px): {small}"


def test_the_figure_limit_fits_the_column_at_1024_by_768(sizes):
    assert sizes["column"] >= MAX_FIGURE_PX, (
        f"at 1024×768 a figure gets {sizes['column']} px, less than the {MAX_FIGURE_PX} px every notebook's figures "
        "are held to (tests/test_notebook_hygiene.py): lower MAX_FIGURE_PX and redraw the wider ones")
