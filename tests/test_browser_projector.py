"""Legible on a 1024×768 projector: a lesson in JupyterLab at that size, with the side bar hidden
(Ctrl+B, as 00 tells presenters). Its widgets' text must be readable, and its figures keep most of
their size (they are drawn at most 8.4 inches wide; tests/test_notebook_hygiene.py checks every notebook's)."""

import browser_support as bs
import pytest

pytestmark = bs.SKIP_WITHOUT_BROWSER
LESSON = "notebooks/04_softmax.ipynb"   # figures (one of the widest) and a widget
MIN_TEXT_PX = 13          # JupyterLab's own body text is 13 px
MIN_FIGURE_SCALE = 0.8    # 10-point figure text at 100 dpi is 14 px: 0.8 of it is 11 px
SIZES = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const images = Array.from(panel.querySelectorAll('.jp-OutputArea-output img')).map(
    i => ({shown: i.clientWidth, natural: i.naturalWidth}));
  const texts = Array.from(panel.querySelectorAll('[class*="attnlib-"][class*="-widget"] *')).filter(
    e => Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()) && e.offsetParent !== null);
  return {images, fonts: texts.map(e => parseFloat(getComputedStyle(e).fontSize)), width: window.innerWidth};
}"""


@pytest.fixture(scope="module")
def sizes(browser, lab):
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.outside = []
    try:
        bs.open_lab(page, lab["url"], "/lab?reset")
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
    small = [i for i in sizes["images"] if i["shown"] < MIN_FIGURE_SCALE * i["natural"]]
    assert not small, f"{LESSON}: figures shown at under {MIN_FIGURE_SCALE:.0%} of their size: {small}"
