"""Presenting on a 1024×768 projector, in JupyterLab as `make lab` starts it, in headless Chromium: a
lesson is run at that size with the side bar hidden (Ctrl+B, as 00 tells presenters), then shown live
with RISE (jupyterlab-rise), as an instructor does in class.

- In the notebook: its widgets' text is readable, and its figures are shown at full size (the column
  they get is measured here; tests/test_notebook_hygiene.py checks every figure of every notebook fits
  in it, MAX_FIGURE_PX).
- RISE's slideshow command opens it as slides in a new tab: the first slide is the lesson's title,
  the widget renders on its slide with its text at least 20 px on the screen (tools/rise.css), and
  nothing is fetched from another host.

One run of the lesson serves both (running it is most of the time)."""

import contextlib

import browser as bs
import nbformat
import pytest
from test_notebook_hygiene import MAX_FIGURE_PX

pytestmark = pytest.mark.browser
LESSON = REL = "notebooks/04_softmax.ipynb"  # figures (one of the widest once), a widget
MIN_TEXT_PX = 13  # JupyterLab's own body text is 13 px
COMMAND = "RISE:slideshow"  # jupyterlab-rise's "Open as Reveal Slideshow" (toolbar button)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
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
PRESENT = """() => { const p = document.querySelectorAll('.reveal .slides section.present');
  const s = p[p.length - 1]; if (!s) return null;
  const deck = document.querySelector('.reveal .slides'), scale = deck.getBoundingClientRect().width / deck.offsetWidth;
  const texts = Array.from(s.querySelectorAll('[class*="attnlib-"][class*="-widget"] *')).filter(
    e => Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()) && e.offsetParent !== null);
  return {text: s.textContent, widgets: s.querySelectorAll('.jupyter-widgets .widget-slider').length,
          fonts: texts.map(e => parseFloat(getComputedStyle(e).fontSize) * scale),  // on the screen
          broken: s.textContent.includes('Error displaying widget')}; }"""
MIN_SLIDE_TEXT_PX = 20  # widget text on a RISE slide at 1024×768, on screen (tools/rise.css)

MOVED = f"""() => {{ const s = ({PRESENT})();   // what changes when the presenter goes forward
  return (s ? s.text : '') + '|' + document.querySelectorAll('.reveal .fragment.visible').length; }}"""


def _title_and_widget_marker() -> tuple[str, str]:
    """Return the lesson's title and the first line of its widget cell's code."""
    nb = nbformat.read(bs.ROOT / REL, as_version=4)
    title = nb.cells[0].source.splitlines()[0].removeprefix("# ")
    widget = next(
        c for c in nb.cells if c.cell_type == "code" and any(WIDGET_VIEW in o.get("data", {}) for o in c.outputs)
    )
    return title, widget.source.splitlines()[0]


@pytest.fixture(scope="module")
def presented(browser, lab):
    """04 run at 1024×768, measured, then opened with RISE's slideshow command: (sizes, RISE's tab, outside)."""
    page = bs.new_page(browser, lab["url"], viewport={"width": 1024, "height": 768})  # the RISE tab is guarded too
    context, outside = page.context, page.outside
    try:
        bs.open_lab(page, lab["url"], "/lab/workspaces/projector?reset")  # its own workspace: hiding the side
        # bar here must not hide the file browser of the tests that open the default one later
        commands = page.evaluate("() => window.jupyterapp.commands.listCommands()")
        assert COMMAND in commands, (
            f"jupyterlab-rise is not installed or renamed its command: {[c for c in commands if 'RISE' in c]}"
        )
        page.evaluate(
            "async () => { if (!window.jupyterapp.shell.leftCollapsed) "
            "await window.jupyterapp.commands.execute('application:toggle-left-area'); }"
        )
        bs.open_notebook(page, LESSON)
        bs.run_all(page)
        sizes = page.evaluate(SIZES)
        assert sizes["width"] == 1024 and sizes["images"] and sizes["fonts"], sizes
        with context.expect_page(timeout=60_000) as opened:
            page.evaluate(
                "async (command) => { window.jupyterapp.shell.currentWidget.content.activeCellIndex = 0;"
                " await window.jupyterapp.commands.execute(command); return true; }",
                COMMAND,
            )
        slides = opened.value
        slides.wait_for_selector(".reveal .slides section.present", timeout=60_000)
        yield sizes, slides, outside
    finally:
        context.close()


@pytest.fixture(scope="module")
def sizes(presented):
    return presented[0]


@pytest.fixture(scope="module")
def rise(presented):
    return presented[1], presented[2]


def test_widget_text_is_readable_at_1024_by_768(sizes):
    assert min(sizes["fonts"]) >= MIN_TEXT_PX, f"{LESSON}: widget text of {min(sizes['fonts'])} px at 1024×768"


def test_figures_keep_their_size_at_1024_by_768(sizes):
    small = [i for i in sizes["images"] if i["shown"] < i["natural"]]
    assert not small, f"{LESSON}: figures shrunk to fit at 1024×768 (shown, natural px): {small}"


def test_the_figure_limit_fits_the_column_at_1024_by_768(sizes):
    assert sizes["column"] >= MAX_FIGURE_PX, (
        f"at 1024×768 a figure gets {sizes['column']} px, less than the {MAX_FIGURE_PX} px every notebook's figures "
        "are held to (tests/test_notebook_hygiene.py): lower MAX_FIGURE_PX and redraw the wider ones"
    )


def test_rise_slideshow_opens_on_the_title_slide_offline(rise):
    slides, outside = rise
    title, _ = _title_and_widget_marker()
    assert "/rise/" in slides.url, f"RISE's command opened {slides.url}"
    slides.wait_for_function(
        f"() => {{ const s = ({PRESENT})(); return !!s && s.text.includes({title!r}); }}",
        timeout=30_000,
        polling=bs.POLL_MS,
    )
    total = slides.evaluate("() => document.querySelectorAll('.reveal .slides > section').length")
    assert total >= 12, f"RISE shows {total} top-level slides of {REL}"
    bs.SHOTS.mkdir(parents=True, exist_ok=True)
    slides.screenshot(path=str(bs.SHOTS / "rise_04_first_slide.png"))
    assert not outside, f"the slideshow tried to reach other hosts: {outside[:5]}"


def test_rise_slideshow_renders_the_widget_on_its_slide(rise):
    """Needs requirements.txt's pin of jupyterlab_widgets (3.0.11 and later break widgets in RISE 0.43.1)."""
    slides, outside = rise
    _, marker = _title_and_widget_marker()
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # here: the module loads without playwright

    for _ in range(40):  # forward, slide by slide, as a presenter does with the space bar
        state = slides.evaluate(PRESENT)
        if marker in state["text"]:
            break
        before = slides.evaluate(MOVED)
        slides.keyboard.press("Space")  # then wait until the next slide (or fragment) is shown
        try:
            slides.wait_for_function(
                f"(before) => ({MOVED})() !== before", arg=before, timeout=5_000, polling=bs.POLL_MS
            )
        except PlaywrightTimeout:
            break  # the last slide: the space bar goes no further
    assert marker in state["text"], f"no slide of {REL} shows its widget cell"
    with contextlib.suppress(PlaywrightTimeout):  # the widget renders, or says it cannot, within 10 s
        slides.wait_for_function(
            f"() => {{ const s = ({PRESENT})(); return s.widgets > 0 || s.broken; }}",
            timeout=10_000,
            polling=bs.POLL_MS,
        )
    state = slides.evaluate(PRESENT)
    slides.screenshot(path=str(bs.SHOTS / "rise_04_widget_slide.png"))
    assert not state["broken"], "the widget's slide says 'Error displaying widget'"
    assert state["widgets"] > 0, "the widget's slide shows no slider: the widget did not render in RISE"
    assert state["fonts"] and min(state["fonts"]) >= MIN_SLIDE_TEXT_PX, (
        f"widget text on the RISE slide is {min(state['fonts'] or [0]):.1f} px at 1024×768 "
        f"(at least {MIN_SLIDE_TEXT_PX}: tools/rise.css, installed by tools/lab.py)"
    )
    assert not outside, f"the slideshow tried to reach other hosts: {outside[:5]}"
