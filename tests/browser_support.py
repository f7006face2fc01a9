"""Shared machinery for the browser tests (test_browser_*.py): every notebook and widget in JupyterLab.

nbval cannot see widgets, so this test opens each notebook the way a student does: it starts
JupyterLab on 127.0.0.1 over a temporary copy of the notebooks, runs all cells in the browser,
fails on any error output or widget that does not render, moves every widget's control like a
person (drag, click, type) and checks that what it drives changes. Requests to any host other
than the local server fail the test: the series must work offline.

Needs Debian's `chromium` (/usr/bin/chromium, or set CHROMIUM=/path) and the `playwright` package;
Playwright's own browser download is never used. Screenshots go to artifacts/screenshots/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
TOKEN = "attnlib-browser-test"

# Lab settings for a quiet, offline, fully rendered session.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                       "checkForUpdates": False},
}


def _why_no_browser() -> str | None:
    """Return why the browser tests cannot run here, or None when they can."""
    if not Path(CHROMIUM).exists():
        return (f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium) "
                "or set CHROMIUM=/path/to/chromium to run the browser tests")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing: run make test (it installs requirements-test.txt)"
    return None


REASON = _why_no_browser()
if REASON and os.environ.get("ATTNLIB_REQUIRE_BROWSER"):
    raise RuntimeError(f"browser tests are required here (ATTNLIB_REQUIRE_BROWSER is set) but {REASON}")
SKIP_WITHOUT_BROWSER = pytest.mark.skipif(REASON is not None, reason=REASON or "")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 over a temporary copy of the series; stopped afterwards."""
    work = tmp_path_factory.mktemp("lab")
    for folder in ("notebooks", "solutions", "images"):
        shutil.copytree(ROOT / folder, work / "series" / folder)  # the student's view: nothing else
    settings = work / ".settings"
    for name, value in LAB_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    port = _free_port()
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(settings),
           "JUPYTERLAB_WORKSPACES_DIR": str(work / ".workspaces")}
    log = open(work / "lab.log", "w")  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         "--ServerApp.port_retries=0", f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={work / 'series'}",
         "--allow-root", "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
         "--LabApp.extension_manager=readonly", f"--LabApp.user_settings_dir={settings}",
         f"--LabApp.workspaces_dir={work / '.workspaces'}",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start; log:\n{(work / 'lab.log').read_text()}") from None
                time.sleep(0.3)
        yield {"url": url, "root": work / "series"}
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def page(browser, lab):
    """One JupyterLab page for the module; it refuses (and records) requests to any other host."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.outside = []
    local = urlparse(lab["url"]).netloc

    def guard(route):
        parsed = urlparse(route.request.url)
        if parsed.scheme in ("http", "https", "ws", "wss") and parsed.netloc != local:
            page.outside.append(route.request.url)
            return route.abort()
        return route.continue_()

    page.route("**/*", guard)
    page.goto(f"{lab['url']}/lab?token={TOKEN}&reset")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=60_000)
    page.wait_for_selector(".jp-DirListing", timeout=60_000)
    yield page
    context.close()


# JavaScript run inside JupyterLab (exposed as window.jupyterapp by --expose-app-in-browser).
KERNEL_READY = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const sc = w && w.sessionContext;
  const k = sc && sc.session && sc.session.kernel;
  return !!(k && sc.isReady && k.status === 'idle' && k.connectionStatus === 'connected'
            && sc.kernelDisplayName && sc.kernelDisplayName !== 'No Kernel');
}"""
ALL_DONE = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  const cells = w.content.widgets.filter(c => c.model.type === 'code' && c.model.sharedModel.getSource().trim());
  const prompts = Array.from(w.node.querySelectorAll('.jp-InputPrompt')).map(p => p.textContent);
  return !!k && k.status === 'idle' && cells.every(c => c.model.executionCount !== null)
         && !prompts.some(t => t.includes('*'));
}"""
PROBLEMS = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const out = [];
  w.content.widgets.forEach((c, i) => {
    if (c.model.type !== 'code') return;
    const outputs = c.model.outputs;
    for (let j = 0; j < outputs.length; j++) {
      const o = outputs.get(j).toJSON();
      if (o.output_type === 'error') out.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
      if (o.output_type === 'stream' && o.name === 'stderr') out.push(`cell ${i} stderr: ${String(o.text).slice(0, 200)}`);
    }
    const text = c.node.innerText || '';
    for (const bad of ['Error displaying widget', 'model not found', 'Failed to load model class']) {
      if (text.includes(bad)) out.push(`cell ${i}: ${bad}`);
    }
  });
  return out;
}"""


def open_notebook(page, rel: str) -> None:
    """Open a notebook in JupyterLab (as File > Open does) and wait until its kernel is really ready."""
    page.evaluate("async (path) => { await window.jupyterapp.commands.execute('docmanager:open',"
                  " {path, factory: 'Notebook'}); return true; }", rel)
    page.wait_for_function("(path) => { const w = window.jupyterapp.shell.currentWidget;"
                           " return !!(w && w.context && w.context.path === path && w.sessionContext); }",
                           arg=rel, timeout=60_000)
    page.wait_for_function(KERNEL_READY, timeout=60_000)
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=30_000)


def close_notebook(page) -> None:
    """Shut the notebook's kernel down and close it without saving (the copy is temporary anyway)."""
    page.evaluate("""async () => {
      const w = window.jupyterapp.shell.currentWidget;
      if (!w || !w.sessionContext) return;
      await w.sessionContext.shutdown();
      w.context.model.dirty = false;
      w.dispose();
      return true;
    }""")


def run_all(page) -> None:
    """Run every cell from the Run menu's command and wait until all have finished."""
    page.evaluate("async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); return true; }")
    page.wait_for_timeout(200)
    page.wait_for_function(ALL_DONE, timeout=120_000, polling=200)
    page.wait_for_timeout(200)  # let widget views render


def html_of(widget) -> str:
    """The HTML that a widget's output area shows (its last HTML child)."""
    return widget.locator(".widget-html-content").last.inner_html()


def drag_slider(page, widget, index: int = 0, dx: float = 60) -> str:
    handle = widget.locator(".noUi-handle").nth(index)
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx / 2, y, steps=4)
    page.mouse.move(x + dx, y, steps=4)
    page.mouse.up()
    return f"dragged slider {index} by {dx}px"


def pick_option(page, widget) -> str:
    select = widget.locator("select").first
    options = select.locator("option").all_inner_texts()
    select.select_option(index=1)
    return f"picked {options[1]!r}"


def type_sentence(page, widget, text: str = "I love apple juice") -> str:
    box = widget.locator("input[type='text']").first
    box.fill(text)
    box.press("Enter")
    return f"typed {text!r}"


def click_checkbox(page, widget) -> str:
    widget.locator("input[type='checkbox']").first.click()
    return "clicked the checkbox"


def click_toggle(page, widget, label: str = "8") -> str:
    widget.locator(".widget-toggle-button", has_text=label).first.click()
    return f"clicked toggle {label!r}"


# How a person changes each widget of the series (by the class its builder adds).
ACTIONS = {
    "attnlib-softmax-widget": lambda page, w: drag_slider(page, w, 0, 80),
    "attnlib-profile-widget": pick_option,
    "attnlib-mixing-widget": lambda page, w: drag_slider(page, w, 2, 60),
    "attnlib-vector-widget": lambda page, w: drag_slider(page, w, 0, 70),
    "attnlib-sentence-widget": type_sentence,
    "attnlib-lookup-widget": lambda page, w: drag_slider(page, w, 0, 90),
    "attnlib-scaling-widget": click_checkbox,
    "attnlib-cost-widget": lambda page, w: drag_slider(page, w, 0, -80),
    "attnlib-heads-widget": click_toggle,
}


def slug(rel: str) -> str:
    return re.sub(r"[^\w]+", "_", rel.removesuffix(".ipynb"))


def check_in_browser(page, rel: str) -> None:
    """Open, run and check one notebook, then close it (whatever happens)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.outside.clear()
    t0 = time.perf_counter()
    open_notebook(page, rel)
    if os.environ.get("ATTNLIB_BROWSER_TIMING"):
        print(f"\n{rel}: open {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    try:
        check_notebook(page, rel)
    finally:
        close_notebook(page)


def check_notebook(page, rel: str) -> None:
    """Run all cells, then check outputs, every widget's response, and the network."""
    t0 = time.perf_counter()
    run_all(page)
    if os.environ.get("ATTNLIB_BROWSER_TIMING"):
        print(f"\n{rel}: run all {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    page.screenshot(path=str(SHOTS / f"{slug(rel)}.png"))
    problems = page.evaluate(PROBLEMS)
    assert not problems, f"{rel}: " + "; ".join(problems)
    widgets = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) [class*='attnlib-'][class*='-widget']")
    classes = [next(c for c in widgets.nth(i).get_attribute("class").split() if c.startswith("attnlib-"))
               for i in range(widgets.count())]
    lesson = Path(rel).parts[0] == "notebooks"
    if lesson:
        assert classes, f"{rel}: no widget rendered (every lesson has at least one)"
    for i, cls in enumerate(classes):
        widget = widgets.nth(i)
        assert cls in ACTIONS, f"{rel}: widget {cls} has no browser action; add one to ACTIONS"
        widget.scroll_into_view_if_needed()
        before = html_of(widget)
        did = ACTIONS[cls](page, widget)
        try:
            page.wait_for_function("([el, before]) => { const h = el.querySelectorAll('.widget-html-content');"
                                   " return h.length && h[h.length - 1].innerHTML !== before; }",
                                   arg=[widget.element_handle(), before], timeout=5_000)
        except Exception:
            widget.screenshot(path=str(SHOTS / f"{slug(rel)}__{cls}__FAILED.png"))
            pytest.fail(f"{rel}: widget {cls} did not update its display after the student {did}"
                        + "".join(f"; {p}" for p in page.evaluate(PROBLEMS)))
        problems = page.evaluate(PROBLEMS)
        assert not problems, f"{rel}: widget {cls} failed after the student {did}: " + "; ".join(problems)
        widget.screenshot(path=str(SHOTS / f"{slug(rel)}__{cls}.png"))
    problems = page.evaluate(PROBLEMS)
    assert not problems, f"{rel} after using its widgets: " + "; ".join(problems)
    assert not page.outside, f"{rel}: the browser tried to reach other hosts: {page.outside[:5]}"


BROKEN = {
    "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": [
        "import attnlib as al\n",
        "box = al.widgets.build_softmax_widget()\n",
        "def broken(*args, **kwargs):\n",
        "    raise RuntimeError('this callback is broken on purpose')\n",
        "al.widgets.describe_softmax = broken  # the slider's callback now raises\n",
        "box"]}],
    "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}
