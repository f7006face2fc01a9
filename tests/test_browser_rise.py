"""Live presenting with RISE (jupyterlab-rise) in JupyterLab as `make lab` starts it, in headless Chromium:
a lesson is run, RISE's slideshow command opens it as slides in a new tab, the first slide is the
lesson's title, nothing is fetched from another host, and the widget renders on its slide."""

import browser_support as bs
import nbformat
import pytest

pytestmark = bs.SKIP_WITHOUT_BROWSER
REL = "notebooks/04_softmax.ipynb"
COMMAND = "RISE:slideshow"   # jupyterlab-rise's "Open as Reveal Slideshow" (toolbar button)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
PRESENT = """() => { const p = document.querySelectorAll('.reveal .slides section.present');
  const s = p[p.length - 1]; return s ? {text: s.textContent, widgets: s.querySelectorAll('.jupyter-widgets .widget-slider').length,
  broken: s.textContent.includes('Error displaying widget')} : null; }"""


def _title_and_widget_marker() -> tuple[str, str]:
    """Return the lesson's title and the second line ('# Why: ...') of its widget cell."""
    nb = nbformat.read(bs.ROOT / REL, as_version=4)
    title = nb.cells[0].source.splitlines()[0].removeprefix("# ")
    widget = next(c for c in nb.cells if c.cell_type == "code" and any(WIDGET_VIEW in o.get("data", {}) for o in c.outputs))
    return title, widget.source.splitlines()[1]


@pytest.fixture(scope="module")
def rise(browser, lab):
    """The lesson run in JupyterLab, then opened with RISE's slideshow command: (RISE's tab, outside requests)."""
    page = bs.new_page(browser, lab["url"])
    outside = []
    local = lab["url"].split("//", 1)[1]

    def guard(route):   # the RISE tab is a new page: guard the whole context, not one page
        target = route.request.url
        if target.split(":", 1)[0] in ("http", "https", "ws", "wss") and target.split("/")[2] != local:
            outside.append(target)
            return route.abort()
        return route.continue_()

    page.context.route("**/*", guard)
    try:
        bs.open_lab(page, lab["url"], "/lab?reset")   # whatever layout earlier tests left in the workspace
        commands = page.evaluate("() => window.jupyterapp.commands.listCommands()")
        assert COMMAND in commands, f"jupyterlab-rise is not installed or renamed its command: {[c for c in commands if 'RISE' in c]}"
        bs.open_notebook(page, REL)
        bs.run_all(page)
        with page.context.expect_page(timeout=60_000) as opened:
            page.evaluate("async (command) => { window.jupyterapp.shell.currentWidget.content.activeCellIndex = 0;"
                          " await window.jupyterapp.commands.execute(command); return true; }", COMMAND)
        slides = opened.value
        slides.wait_for_selector(".reveal .slides section.present", timeout=60_000)
        yield slides, outside + page.outside
    finally:
        page.context.close()


def test_rise_slideshow_opens_on_the_title_slide_offline(rise):
    slides, outside = rise
    title, _ = _title_and_widget_marker()
    assert "/rise/" in slides.url, f"RISE's command opened {slides.url}"
    slides.wait_for_function(f"() => {{ const s = ({PRESENT})(); return !!s && s.text.includes({title!r}); }}",
                             timeout=30_000, polling=bs.POLL_MS)
    total = slides.evaluate("() => document.querySelectorAll('.reveal .slides > section').length")
    assert total >= 12, f"RISE shows {total} top-level slides of {REL}"
    bs.SHOTS.mkdir(parents=True, exist_ok=True)
    slides.screenshot(path=str(bs.SHOTS / "rise_04_first_slide.png"))
    assert not outside, f"the slideshow tried to reach other hosts: {outside[:5]}"


def test_rise_slideshow_renders_the_widget_on_its_slide(rise):
    """Needs requirements.txt's pin of jupyterlab_widgets (3.0.11 and later break widgets in RISE 0.43.1)."""
    slides, outside = rise
    _, marker = _title_and_widget_marker()
    for _ in range(40):   # forward, slide by slide, as a presenter does with the space bar
        state = slides.evaluate(PRESENT)
        if marker in state["text"]:
            break
        slides.keyboard.press("Space")
        slides.wait_for_timeout(300)
    assert marker in state["text"], f"no slide of {REL} shows its widget cell"
    slides.wait_for_timeout(1000)
    state = slides.evaluate(PRESENT)
    slides.screenshot(path=str(bs.SHOTS / "rise_04_widget_slide.png"))
    assert not state["broken"], "the widget's slide says 'Error displaying widget'"
    assert state["widgets"] > 0, "the widget's slide shows no slider: the widget did not render in RISE"
    assert not outside, f"the slideshow tried to reach other hosts: {outside[:5]}"
