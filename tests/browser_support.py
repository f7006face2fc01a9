"""Machinery for the browser tests: the series in JupyterLab, in headless Chromium, as a student meets it.

The server is started by tools/lab.py, the very script `make lab` runs, over a temporary copy of
the whole repository; the only extra options are the test's own port and token, no browser of
the server's own, and `expose_app_in_browser` so the test can ask JupyterLab what it shows. The
user settings and workspaces live in a temporary folder, so a developer's own settings never leak in.

For a notebook, check_notebook() runs all cells and fails on error outputs, stderr, widgets that do
not render, images that do not load and requests to any other host (the series works offline).
Then it operates every widget like a person (drag, arrow keys, click, type) and requires it to
settle: within 4 s of the interaction (SETTLE_WITHIN_MS) the controls and readout stop changing,
they then stay the same for 0.5 s, and the readout agrees with the controls. Last, the navigation
links: the path JupyterLab resolved every link to must be the notebook its label names, and one
link a lesson (a different kind each time) is clicked and must open that notebook.

Needs Debian's `chromium` (/usr/bin/chromium, or set CHROMIUM=/path) and the `playwright` package;
Playwright's own browser download is never used. Screenshots go to artifacts/screenshots/.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

import numpy as np
import pytest
from series import notebook_paths

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
TOKEN = "attnlib-browser-test"
START = "notebooks/00_start_here.ipynb"
SETTLE_WITHIN_MS = 4000   # the last change must come this soon after the interaction ends: a bound for
                          # "stops changing", not a speed test (make benchmark times reactions). A busy 2-core
                          # CI machine, with another worker's kernel running, took 2.2 s for MiniLM's answer.
STAY_STILL_MS = 500       # and nothing may change for this long after it (5x the reaction budget)
POLL_MS = 50              # how often waits re-check the page (Playwright's default, every frame, costs CPU)


LESSONS = notebook_paths("notebooks")
SOLUTIONS = notebook_paths("solutions")


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


# ---------------------------------------------------------------------------------------------
# The server and the browser

def copy_repository(dest: Path, root: Path = ROOT) -> Path:
    """Copy the repository's files (tracked and untracked, not ignored) to dest; return dest."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=root,
                            capture_output=True, text=True)
    if listed.returncode == 0:
        for name in filter(None, listed.stdout.split("\0")):
            if (root / name).is_file():
                (dest / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(root / name, dest / name)
    else:  # not a git checkout (an unpacked archive): everything but the environment and caches
        shutil.copytree(root, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns(
            ".git", ".venv", "artifacts", "_build", "__pycache__", ".ipynb_checkpoints", "*.egg-info"))
    return dest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_lab(work: Path) -> Iterator[dict]:
    """Start `make lab`'s server (tools/lab.py) on a copy of the repository in work/; stop it afterwards."""
    repo = copy_repository(work / "series")
    port = _free_port()
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(work / "user-settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(work / "workspaces")}
    log_path = work / "lab.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen(
        [sys.executable, str(repo / "tools" / "lab.py"), "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         "--ServerApp.port_retries=0", f"--IdentityProvider.token={TOKEN}", "--LabApp.expose_app_in_browser=True"],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=work, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start; log:\n{log_path.read_text()}") from None
                time.sleep(0.3)
        yield {"url": url, "root": repo, "log": log_path}
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        log.close()


@contextlib.contextmanager
def launch_browser() -> Iterator[object]:
    """Start the system's headless Chromium through Playwright (no downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage"])
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser, url: str, viewport: dict | None = None):
    """Return a page in a context of its own that refuses (and records in page.outside) requests to
    any host but url's, from this page or any page it opens (RISE's slideshow opens a new tab)."""
    context = browser.new_context(viewport=viewport or {"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.outside = []
    local = PurePosixPath(url.split("//", 1)[1]).parts[0]

    def guard(route):
        target = route.request.url
        if target.split(":", 1)[0] in ("http", "https", "ws", "wss") and target.split("/")[2] != local:
            page.outside.append(target)
            return route.abort()
        return route.continue_()

    context.route("**/*", guard)
    return page


def open_lab(page, url: str, path: str = "") -> None:
    """Open JupyterLab at url + path (with the token) and wait until the app is up."""
    page.goto(f"{url}{path}{'&' if '?' in path else '?'}token={TOKEN}")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=60_000, polling=POLL_MS)
    page.wait_for_selector(".jp-DirListing", timeout=60_000)


# ---------------------------------------------------------------------------------------------
# Notebooks: open, run, close

# JavaScript run inside JupyterLab (exposed as window.jupyterapp by expose_app_in_browser).
CURRENT = "window.jupyterapp.shell.currentWidget"
KERNEL_READY = f"""() => {{
  const w = {CURRENT};
  const sc = w && w.sessionContext;
  const k = sc && sc.session && sc.session.kernel;
  return !!(k && sc.isReady && k.status === 'idle' && k.connectionStatus === 'connected'
            && sc.kernelDisplayName && sc.kernelDisplayName !== 'No Kernel');
}}"""
ALL_DONE = f"""() => {{
  const w = {CURRENT};
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  const cells = w.content.widgets.filter(c => c.model.type === 'code' && c.model.sharedModel.getSource().trim());
  const prompts = Array.from(w.node.querySelectorAll('.jp-InputPrompt')).map(p => p.textContent);
  const failed = cells.some(c => Array.from({{length: c.model.outputs.length}},
                                            (_, j) => c.model.outputs.get(j).type).includes('error'));
  return !!k && k.status === 'idle' && !prompts.some(t => t.includes('*'))
         && (failed || cells.every(c => c.model.executionCount !== null));   // Run All stops at an error
}}"""
PROBLEMS = f"""() => {{
  const w = {CURRENT};
  const out = [];
  w.content.widgets.forEach((c, i) => {{
    if (c.model.type !== 'code') return;
    const outputs = c.model.outputs;
    for (let j = 0; j < outputs.length; j++) {{
      const o = outputs.get(j).toJSON();
      if (o.output_type === 'error') out.push(`cell ${{i}}: ${{o.ename}}: ${{o.evalue}}`);
      if (o.output_type === 'stream' && o.name === 'stderr') out.push(`cell ${{i}} stderr: ${{String(o.text).slice(0, 200)}}`);
    }}
    const text = c.node.innerText || '';
    for (const bad of ['Error displaying widget', 'model not found', 'Failed to load model class']) {{
      if (text.includes(bad)) out.push(`cell ${{i}}: ${{bad}}`);
    }}
  }});
  return out;
}}"""
MARKDOWN_RENDERED = f"""() => {CURRENT}.content.widgets.filter(c => c.model.type === 'markdown'
  && c.model.sharedModel.getSource().trim()).every(c => {{ const r = c.node.querySelector('.jp-RenderedMarkdown');
                                                     return !!r && r.childElementCount > 0; }})"""
IMAGES_SETTLED = f"""() => Array.from({CURRENT}.node.querySelectorAll('.jp-RenderedMarkdown img')).every(i => i.complete)"""
BROKEN_IMAGES = f"""() => Array.from({CURRENT}.node.querySelectorAll('.jp-RenderedMarkdown img'))
  .filter(i => !(i.naturalWidth > 0)).map(i => (i.getAttribute('alt') || '') + ' <' + i.getAttribute('src') + '>')"""
COUNT_IMAGES = f"""() => {CURRENT}.node.querySelectorAll('.jp-RenderedMarkdown img').length"""


def current_path(page) -> str | None:
    return page.evaluate(f"() => {{ const w = {CURRENT}; return w && w.context ? w.context.path : null; }}")


def open_notebook(page, rel: str, kernel: bool = True) -> None:
    """Open a notebook in JupyterLab (as File > Open does) and wait until it has loaded and its kernel
    is really ready; or, when kernel is False (nothing will be run), until it has loaded, with no kernel."""
    # Without a kernel, the session is told not to start one before it initializes (the command
    # returns the panel at once, its file still loading): a student's kernel would run nothing here.
    page.evaluate("async ([path, kernel]) => { const w = await window.jupyterapp.commands.execute('docmanager:open',"
                  " {path, factory: 'Notebook'}); if (!kernel) w.sessionContext.kernelPreference ="
                  " {...w.sessionContext.kernelPreference, shouldStart: false}; return true; }", [rel, kernel])
    if kernel:
        wait_until_open(page, rel)
    else:
        page.wait_for_function(f"(path) => {{ const w = {CURRENT}; return !!(w && w.context && "
                               "w.context.path === path && w.context.isReady); }",
                               arg=rel, timeout=60_000, polling=POLL_MS)
    page.wait_for_function(MARKDOWN_RENDERED, timeout=30_000, polling=POLL_MS)   # links and images are on the page


def wait_until_open(page, rel: str, timeout: float = 60_000) -> None:
    """Wait until the current tab is the notebook rel and its kernel is idle."""
    page.wait_for_function(f"(path) => {{ const w = {CURRENT};"
                           " return !!(w && w.context && w.context.path === path && w.sessionContext); }",
                           arg=rel, timeout=timeout, polling=POLL_MS)
    page.wait_for_function(KERNEL_READY, timeout=60_000, polling=POLL_MS)
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=30_000)


def close_current(page) -> None:
    """Close the current notebook without saving (the copy is temporary) and shut its kernel down.

    The shutdown is asked for, not awaited: the server ends the kernel in the background, and the
    next check need not wait a second for it."""
    page.evaluate(f"""() => {{
      const w = {CURRENT};
      if (!w || !w.sessionContext) return;
      const session = w.sessionContext.session;
      if (session) window.jupyterapp.serviceManager.sessions.shutdown(session.id).catch(() => undefined);
      w.context.model.dirty = false;
      w.dispose();
      return true;
    }}""")


def run_all(page) -> None:
    """Run every cell from the Run menu's command and wait until all have finished."""
    page.evaluate("async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); return true; }")
    page.wait_for_timeout(200)
    page.wait_for_function(ALL_DONE, timeout=120_000, polling=200)
    page.wait_for_timeout(200)  # let widget views render


def slug(rel: str) -> str:
    return re.sub(r"[^\w]+", "_", rel.removesuffix(".ipynb"))


def assert_images_load(page, rel: str) -> int:
    """Every image in the notebook's rendered markdown has loaded (naturalWidth > 0); return how many."""
    page.wait_for_function(IMAGES_SETTLED, timeout=15_000, polling=POLL_MS)
    broken = page.evaluate(BROKEN_IMAGES)
    assert not broken, f"{rel}: images that did not load: {broken}"
    return page.evaluate(COUNT_IMAGES)


# ---------------------------------------------------------------------------------------------
# Widgets: operate like a person, then require the widget to settle and agree with itself

# The state a student sees: every control's value as shown, and the readout's text.
SNAPSHOT = """(el) => {
  const controls = [];
  el.querySelectorAll('.widget-slider, .widget-dropdown, .widget-checkbox, .widget-toggle-buttons, .widget-text, .widget-combobox').forEach(c => {
    const label = (c.querySelector('.widget-label') || {}).innerText || '';
    const readout = c.querySelector('.widget-readout');
    const handle = c.querySelector('.noUi-handle');
    const input = c.querySelector('input, select');
    const active = Array.from(c.querySelectorAll('.widget-toggle-button.mod-active')).map(b => b.innerText);
    controls.push({label, readout: readout ? readout.innerText : null,
                   position: handle ? handle.getAttribute('aria-valuenow') : null,
                   value: !input ? null : input.type === 'checkbox' ? input.checked
                          : input.tagName === 'SELECT' ? (input.options[input.selectedIndex] || {}).text : input.value,
                   active: active.length ? active.join(',') : null});
  });
  const outs = el.querySelectorAll('.widget-html-content');
  const out = outs.length ? outs[outs.length - 1] : null;
  return {controls, text: out ? out.innerText : '', html: out ? out.innerHTML : ''};
}"""

# Record every change of that state, with its time, until stopped (polled every 10 ms).
WATCH = """([el, snapshot]) => {
  const take = eval(snapshot);
  let last = JSON.stringify(take(el));
  const log = [[performance.now(), last]];
  const timer = setInterval(() => {
    const now = JSON.stringify(take(el));
    if (now !== last) { last = now; log.push([performance.now(), now]); }
  }, 10);
  const inputs = [];   // when the student's input reached the page: the start of a reaction
  const note = () => inputs.push(performance.now());
  const kinds = ['keydown', 'pointerdown', 'mousedown', 'input', 'change'];
  kinds.forEach(k => el.addEventListener(k, note, true));
  window.__attnlibWatch = {log, inputs, stop: () => { clearInterval(timer);
                                                      kinds.forEach(k => el.removeEventListener(k, note, true)); }};
  return performance.now();
}"""


class Settled(dict):
    """What settle() found: reaction_ms (interaction end to last change), state, changes."""


def _agrees(agree: Callable[[dict], list[str]] | None, state: dict) -> bool:
    """True when agree finds no problem with the state (a half-drawn state that breaks agree is not yet)."""
    try:
        return agree is None or not agree(state)
    except Exception:   # noqa: BLE001 - judged again, with its message, once settle() returns
        return False


def settle(page, widget, act: Callable[[], str], agree: Callable[[dict], list[str]] | None = None) -> Settled:
    """Do act() to the widget and watch it; fail unless it settles and stays still."""
    handle = widget.element_handle()
    page.evaluate(WATCH, [handle, SNAPSHOT])
    did = act()
    ended = page.evaluate("() => performance.now()")
    # Watch until the widget has been still for STAY_STILL_MS (since its last change, or since the
    # interaction ended if nothing has changed yet) and what it shows agrees with its controls, and
    # at most SETTLE_WITHIN_MS + STAY_STILL_MS: a widget that keeps changing is caught by the changes
    # that come later than SETTLE_WITHIN_MS. Stillness alone is not enough: a text box changes the
    # moment it is typed in, and a slow kernel may answer a second later.
    while True:
        page.wait_for_timeout(100)
        now, (last, state) = page.evaluate("() => [performance.now(), window.__attnlibWatch.log.at(-1)]")
        if now - ended >= SETTLE_WITHIN_MS + STAY_STILL_MS:
            break
        if now - max(last, ended) >= STAY_STILL_MS and _agrees(agree, json.loads(state)):
            break
    log = page.evaluate("() => { window.__attnlibWatch.stop(); return window.__attnlibWatch.log; }")
    times = [t for t, _ in log[1:]]
    last = max(times) if times else ended
    result = Settled(did=did, reaction_ms=max(0.0, last - ended), state=json.loads(log[-1][1]),
                     changes=len(times), late=[round(t - ended) for t in times if t - ended > SETTLE_WITHIN_MS])
    return result


def _numbers(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", text.replace(",", "").replace("−", "-"))]


def _readouts(state: dict) -> list[float]:
    return [float(c["readout"]) for c in state["controls"] if c["readout"] is not None]


def agree_softmax(state: dict) -> list[str]:
    import attnlib as al

    *scores, _ = _readouts(state)
    title = re.search(r"softmax\(scores / ([\d.e+-]+)\)", state["text"])
    if not title:
        return [f"no softmax title in {state['text']!r}"]
    shown = _numbers(state["text"].split(")", 1)[1])[:len(scores)]
    want = al.softmax(scores, temperature=float(title.group(1)))
    temperature = state["controls"][-1]["readout"]
    problems = [] if np.allclose(shown, want, atol=1e-5) else [f"bars {shown} but softmax of {scores} is {want}"]
    if abs(float(title.group(1)) - float(temperature)) > 0.006 * float(temperature):
        problems.append(f"temperature slider shows {temperature} but the readout uses {title.group(1)}")
    return problems


def agree_mixing(state: dict) -> list[str]:
    weights = _readouts(state)
    formula = re.search(r"= (.+)", state["text"]).group(1).split("\n")[0]
    used = [float(x) for x in re.findall(r"(\d+\.\d+)·", formula)]
    problems = []
    if abs(sum(weights) - 1) > 1e-6:
        problems.append(f"the sliders {weights} sum to {sum(weights):.4f}, not 1")
    if len(used) != len(weights) or not np.allclose(used, weights, atol=1e-9):
        problems.append(f"the formula uses {used} but the sliders show {weights}")
    return problems


def agree_vector(state: dict) -> list[str]:
    import attnlib as al

    angle, length = _readouts(state)
    word = re.search(r"word = \(([-\d.]+), ([-\d.]+)\)", state["text"])
    want = al.polar_to_xy(angle, length)
    if not word or not np.allclose([float(word.group(1)), float(word.group(2))], want, atol=0.011):
        return [f"angle {angle}, length {length} is {np.round(want, 2)}, but the readout says {word and word.group(0)}"]
    return []


def agree_lookup(state: dict) -> list[str]:
    weights = _numbers(state["text"].split("weights over the keys", 1)[1].split("returned value", 1)[0])
    return [] if abs(sum(weights) - 1) < 0.002 else [f"the weights over the keys {weights} do not sum to 1"]


def agree_scaling(state: dict) -> list[str]:
    (d_k,), scaled = _readouts(state), state["controls"][1]["value"]
    problems = [] if f"for d_k = {d_k:g}:" in state["text"] else [f"slider d_k = {d_k:g}, readout {state['text'][:60]!r}"]
    if ("√d_k for" in state["text"]) != scaled:
        problems.append(f"the checkbox says scaled={scaled} but the readout is {state['text'][:40]!r}")
    return problems


def agree_cost(state: dict) -> list[str]:
    (n,) = _readouts(state)
    return [] if f"n = {int(n):,} words" in state["text"] else [f"slider n = {n:g}, readout {state['text'][:40]!r}"]


def agree_heads(state: dict) -> list[str]:
    active = next(c["active"] for c in state["controls"] if c["active"])
    shown = len(re.findall(r"\bhead \d+", state["text"]))
    return [] if shown == int(active) else [f"{active} heads selected but {shown} heatmaps shown"]


def _row_labels(state: dict) -> list[str]:
    return re.findall(r"<tr><td[^>]*>([^<]+)</td>", state["html"])


def agree_profile(state: dict) -> list[str]:
    sentence = state["controls"][0]["value"]
    rows = _row_labels(state)
    return [] if rows == sentence.split() else [f"sentence {sentence!r} but rows {rows}"]


def agree_sentence(state: dict) -> list[str]:
    import attnlib as al

    sentence = state["controls"][0]["value"]
    rows = _row_labels(state)[:len(sentence.split())]
    return [] if rows == al.tokenize(sentence) else [f"sentence {sentence!r} but heatmap rows {rows}"]


def agree_training(state: dict) -> list[str]:
    """The readout shows the slider's step, and the heatmap's rows are the chosen sentence's words."""
    import attnlib as al

    step = next(c["readout"] for c in state["controls"] if c["readout"] is not None)
    sentence = next(c["value"] for c in state["controls"] if c["value"] and c["readout"] is None)
    problems = [] if f"step {step} of" in state["text"] else [f"slider at step {step}, readout {state['text'][:40]!r}"]
    rows = _row_labels(state)
    if rows != al.tokenize(sentence):
        problems.append(f"sentence {sentence!r} but heatmap rows {rows}")
    return problems


@functools.cache
def _minilm():
    import attnlib as al

    return al.load_minilm()


def agree_minilm(state: dict) -> list[str]:
    """The heatmap's rows are the typed sentence's WordPiece tokens, for the layer and head picked, and
    the cosine row is the word's, between the two sentences typed."""
    from attnlib.widgets_model import word_cosines

    sentence, layer, head, other, word = (c["value"] for c in state["controls"])
    problems = [] if f"layer {layer}, head {head}" in state["text"] else [
        f"layer {layer} and head {head} picked, readout {state['text'][:40]!r}"]
    tokens = _minilm().encode(sentence).tokens
    if _row_labels(state) != tokens:
        problems.append(f"sentence {sentence!r} has tokens {tokens} but heatmap rows {_row_labels(state)}")
    want = [f"{c:.3f}" for c in word_cosines(_minilm().encode, sentence, other, word)]
    shown = re.search(r"cosine\t(.*)", state["text"])
    if not shown or shown.group(1).split("\t") != want:
        problems.append(f"cosines of {word!r} between {sentence!r} and {other!r} are {want}, "
                        f"the readout shows {shown.group(1) if shown else None!r}")
    return problems


MINILM_TYPED = ["I put my money in the bank on Monday because the bank pays good interest every single year",
                "We sat on the grassy bank of the river and watched the boats go by in the sun"]   # 20 tokens each


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


def press_keys(page, widget, index: int = 0, key: str = "ArrowRight", times: int = 3) -> str:
    handle = widget.locator(".noUi-handle").nth(index)
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(times):
        handle.press(key)
    return f"pressed {key} {times}× on slider {index}"


def pick_option(page, widget, index: int = 1) -> str:
    select = widget.locator("select").first
    options = select.locator("option").all_inner_texts()
    select.select_option(index=index)
    return f"picked {options[index]!r}"


def type_sentence(page, widget, text: str = "I love apple juice", index: int = 0) -> str:
    box = widget.locator("input[type='text']").nth(index)
    box.fill(text)
    box.press("Enter")
    return f"typed {text!r}" + (f" in text box {index}" if index else "")


def click_checkbox(page, widget, index: int = 0) -> str:
    widget.locator("input[type='checkbox']").nth(index).click()
    return f"clicked checkbox {index}"


def click_toggle(page, widget, label: str = "8") -> str:
    widget.locator(".widget-toggle-button", has_text=label).first.click()
    return f"clicked toggle {label!r}"


# How a person uses each widget of the series (by the class its builder adds): the interactions,
# in order, and what must agree once it has settled.
WIDGETS: dict[str, tuple[list[Callable], Callable[[dict], list[str]]]] = {
    "attnlib-softmax-widget": ([lambda p, w: drag_slider(p, w, 0, 80)], agree_softmax),
    "attnlib-profile-widget": ([pick_option], agree_profile),
    "attnlib-mixing-widget": ([lambda p, w: drag_slider(p, w, 2, 60),
                               lambda p, w: press_keys(p, w, 0, "ArrowRight", 3)], agree_mixing),
    "attnlib-vector-widget": ([lambda p, w: press_keys(p, w, 1, "ArrowLeft", 5)], agree_vector),
    "attnlib-sentence-widget": ([type_sentence], agree_sentence),
    "attnlib-lookup-widget": ([lambda p, w: drag_slider(p, w, 0, 90)], agree_lookup),
    "attnlib-scaling-widget": ([click_checkbox], agree_scaling),
    "attnlib-cost-widget": ([lambda p, w: drag_slider(p, w, 0, -80)], agree_cost),
    "attnlib-heads-widget": ([click_toggle], agree_heads),
    "attnlib-training-widget": ([lambda p, w: drag_slider(p, w, 0, 120),
                                 lambda p, w: press_keys(p, w, 0, "ArrowRight", 3),
                                 lambda p, w: pick_option(p, w, 2)], agree_training),
    "attnlib-minilm-widget": ([lambda p, w: type_sentence(p, w, MINILM_TYPED[0]),
                               lambda p, w: pick_option(p, w, 3),
                               lambda p, w: type_sentence(p, w, "The fisherman rowed to the bank", 1)], agree_minilm),
}

# One discrete interaction per widget for timing (its start is the moment the key or click lands).
TIMED = {
    "attnlib-softmax-widget": lambda p, w, i: press_keys(p, w, 0, "ArrowRight" if i % 2 else "ArrowLeft", 1),
    "attnlib-profile-widget": lambda p, w, i: pick_option(p, w, (i + 1) % 3),
    "attnlib-mixing-widget": lambda p, w, i: press_keys(p, w, 2, "ArrowRight" if i % 2 else "ArrowLeft", 1),
    "attnlib-vector-widget": lambda p, w, i: press_keys(p, w, 0, "ArrowRight" if i % 2 else "ArrowLeft", 1),
    "attnlib-sentence-widget": lambda p, w, i: type_sentence(p, w, ["I love apple juice", "I love Apple phones"][i % 2]),
    "attnlib-lookup-widget": lambda p, w, i: press_keys(p, w, 0, "ArrowRight" if i % 2 else "ArrowLeft", 1),
    "attnlib-scaling-widget": lambda p, w, i: click_checkbox(p, w, 0),
    "attnlib-cost-widget": lambda p, w, i: press_keys(p, w, 0, "ArrowRight" if i % 2 else "ArrowLeft", 1),
    "attnlib-heads-widget": lambda p, w, i: click_toggle(p, w, ["4", "2"][i % 2]),
    "attnlib-training-widget": lambda p, w, i: press_keys(p, w, 0, "ArrowRight" if i % 2 else "ArrowLeft", 1),
    "attnlib-minilm-widget": lambda p, w, i: type_sentence(p, w, MINILM_TYPED[i % 2]),
}


def time_reaction(page, widget, act: Callable[[], str], quiet_ms: int = 500, limit_ms: int = 5000) -> float:
    """Return the milliseconds from the student's input reaching the page (the first key, pointer or
    input or change event in the widget) to the widget's last change, once it has been quiet for quiet_ms."""
    page.evaluate(WATCH, [widget.element_handle(), SNAPSHOT])
    armed = page.evaluate("() => performance.now()")
    act()
    while True:
        page.wait_for_timeout(100)
        now, log, inputs = page.evaluate("() => [performance.now(), window.__attnlibWatch.log.map(e => e[0]),"
                                         " window.__attnlibWatch.inputs]")
        start = inputs[0] if inputs else armed
        last = log[-1] if len(log) > 1 else start
        if now - last >= quiet_ms or now - start >= limit_ms:
            page.evaluate("() => window.__attnlibWatch.stop()")
            return max(0.0, last - start)


def measure_widgets(page, rel: str, repeats: int = 20) -> dict[str, list[float]]:
    """Time repeats discrete interactions (a key, a click, a choice) with every widget in the open notebook."""
    widgets, classes = widgets_on_page(page)
    times = {}
    for i, cls in enumerate(classes):
        widget = widgets.nth(i)
        widget.scroll_into_view_if_needed()
        act = TIMED[cls]
        times[cls] = [time_reaction(page, widget, lambda k=k, widget=widget, act=act: act(page, widget, k))
                      for k in range(repeats)]
    return times


def widgets_on_page(page) -> tuple[object, list[str]]:
    """Return the locator of every attnlib widget in the current notebook and their classes."""
    widgets = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) [class*='attnlib-'][class*='-widget']")
    classes = [next(c for c in widgets.nth(i).get_attribute("class").split() if c.startswith("attnlib-"))
               for i in range(widgets.count())]
    return widgets, classes


def check_widgets(page, rel: str) -> list[dict]:
    """Operate every widget; each must settle, agree with itself and raise nothing. Return the timings."""
    widgets, classes = widgets_on_page(page)
    if Path(rel).parts[0] == "notebooks":
        assert classes, f"{rel}: no widget rendered (every lesson has at least one)"
    timings = []
    for i, cls in enumerate(classes):
        widget = widgets.nth(i)
        assert cls in WIDGETS, f"{rel}: widget {cls} has no browser actions; add it to WIDGETS"
        actions, agree = WIDGETS[cls]
        widget.scroll_into_view_if_needed()
        for action in actions:
            before = page.evaluate(SNAPSHOT, widget.element_handle())
            result = settle(page, widget, lambda action=action, widget=widget: action(page, widget), agree)
            where = f"{rel}: widget {cls}, after the student {result['did']}"
            if result["late"] or result["state"] == before:
                widget.screenshot(path=str(SHOTS / f"{slug(rel)}__{cls}__FAILED.png"))
            assert result["state"] != before, f"{where}: nothing changed" + "".join(
                f"; {p}" for p in page.evaluate(PROBLEMS))
            assert not result["late"], (f"{where}: still changing {result['late']} ms after the interaction "
                                        f"({result['changes']} changes); it must settle within {SETTLE_WITHIN_MS} ms")
            problems = agree(result["state"]) + page.evaluate(PROBLEMS)
            assert not problems, f"{where}: " + "; ".join(problems)
            timings.append({"notebook": rel, "widget": cls, "did": result["did"], "ms": result["reaction_ms"]})
        widget.screenshot(path=str(SHOTS / f"{slug(rel)}__{cls}.png"))
    return timings


# ---------------------------------------------------------------------------------------------
# Navigation links: click each one and check what opens

NAV_LINKS = f"""(tag) => {{
  const w = {CURRENT};
  const out = [];
  const i = w.content.widgets.findIndex(c => (c.model.getMetadata('tags') || []).includes(tag));
  [w.content.widgets[i]].filter(c => c).forEach(c => {{
    c.node.querySelectorAll(".jp-RenderedMarkdown a:not([href^='#'])").forEach((a, j) => {{
      out.push({{cell: i, index: j, label: a.textContent.trim(), href: a.getAttribute('href')}});
    }});
  }});
  return out;
}}"""


def markdown_links(source: str) -> list[tuple[str, str]]:
    """Return the (label, href) of every link in markdown source, images excluded."""
    return re.findall(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)", source)


def expected_target(rel: str, label: str, root: Path) -> str:
    """Return the notebook a nav link's label names, from the notebook rel that holds it."""
    here = Path(rel)
    lesson = f"notebooks/{here.name}"
    if label.lower() == "solutions":
        return f"solutions/{here.name}" if here.parts[0] == "notebooks" else lesson
    if label == "Map of the series":
        return START
    name = label.strip("←→ ").strip()
    number = re.match(r"(\d\d) ", name)
    for path in notebook_paths("notebooks", root):
        title = json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"][0].removeprefix("# ").strip()
        if (number and path.name.startswith(number.group(1)) and name[3:] == title) or (not number and name == title):
            return f"notebooks/{path.name}"
    raise AssertionError(f"{rel}: the link label {label!r} names no notebook of the series")


def opened_by(href: str) -> str:
    """Return the path a rendered markdown link opens. JupyterLab resolves a relative link once, and
    uses the one result both for the click (it opens that path) and for the href (/files/<path>)."""
    path = urllib.parse.urlparse(href).path
    assert "/files/" in path, f"JupyterLab did not resolve the link {href!r} to a file of the server"
    return urllib.parse.unquote(path.split("/files/", 1)[1])


def click_links(page, rel: str, tag: str, root: Path, click: Callable[[int, int], bool] | None = None) -> int:
    """Every link in the notebook's first cell tagged tag must open the notebook its label names: the
    path JupyterLab resolved each one to is checked, and the links click(i, count) picks (all when
    None) are clicked, which must open that notebook in a new tab. Return how many were clicked."""
    links = page.evaluate(NAV_LINKS, tag)
    assert links, f"{rel}: no links in cells tagged {tag!r}"
    source_id = page.evaluate(f"() => {CURRENT}.id")
    # The active cell's toolbar floats over its top right corner: make the last cell active, far from
    # the links, so that every click lands on its link as a student's would.
    page.evaluate(f"() => {{ const n = {CURRENT}.content; n.activeCellIndex = n.widgets.length - 1; }}")
    clicked = 0
    for i, link in enumerate(links):
        label = link["label"]
        # In 00's map, 'solutions' belongs to the lesson named in the same row.
        row_lesson = links[i - 1]["label"] if tag == "index" and label == "solutions" else None
        want = (f"solutions/{Path(expected_target(rel, row_lesson, root)).name}" if row_lesson
                else expected_target(rel, label, root))
        assert opened_by(link["href"]) == want, (f"{rel}: the link {label!r} should open {want}, but JupyterLab "
                                                 f"resolves it to {opened_by(link['href'])}")
        if click is not None and not click(i, len(links)):
            continue
        clicked += 1
        anchor = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").nth(link["cell"]).locator(
            ".jp-RenderedMarkdown a:not([href^='#'])").nth(link["index"])
        anchor.scroll_into_view_if_needed()
        anchor.click()
        try:   # the tab that opens is the file the label names (its title is checked in test_navigation)
            page.wait_for_function(f"(path) => {{ const w = {CURRENT}; return !!(w && w.context && w.context.path === path); }}",
                                   arg=want, timeout=15_000, polling=POLL_MS)
        except Exception:
            pytest.fail(f"{rel}: the link {label!r} should open {want}, but the current tab is {current_path(page)}")
        if want != rel:
            close_current(page)
            page.evaluate("(id) => window.jupyterapp.shell.activateById(id)", source_id)
            page.wait_for_function(f"(path) => {CURRENT}.context && {CURRENT}.context.path === path", arg=rel, polling=POLL_MS)
    return clicked


# ---------------------------------------------------------------------------------------------
# One notebook, end to end

def check_notebook(page, rel: str, root: Path) -> list[dict]:
    """Run all cells, then check outputs, images, widgets, navigation links and the network.

    A solutions notebook is checked as it opens, with its committed outputs: it has no widgets, and
    nbval already re-runs every cell of it; what only a browser shows is its images and its links."""
    if Path(rel).parts[0] != "solutions":
        run_all(page)
    page.screenshot(path=str(SHOTS / f"{slug(rel)}.png"))
    problems = page.evaluate(PROBLEMS)
    assert not problems, f"{rel}: " + "; ".join(problems)
    assert_images_load(page, rel)
    timings = check_widgets(page, rel)
    problems = page.evaluate(PROBLEMS)
    assert not problems, f"{rel} after using its widgets: " + "; ".join(problems)
    if Path(rel).parts[0] in ("notebooks", "solutions"):
        source = json.loads((root / rel).read_text(encoding="utf-8"))
        navs = ["".join(c["source"]) for c in source["cells"] if "nav" in c["metadata"].get("tags", [])]
        assert len(navs) == 2 and navs[0] == navs[1], f"{rel}: the top and bottom nav cells must be the same"
        # Every link's resolved path is checked (the one the click would open, see opened_by). One
        # link a lesson is clicked, a different kind (previous, map, next, solutions) from one lesson
        # to the next, so each kind is clicked several times across the series; a solutions notebook's
        # links are the same kinds, resolved the same way, and are not clicked (each click opens a
        # notebook and starts its kernel: about 5 s of a 2-core machine). The top nav cell: the
        # bottom one is the same markdown.
        lesson = Path(rel).parts[0] == "notebooks"
        turn = int(Path(rel).name[:2])
        click_links(page, rel, "nav", root, click=lambda i, n: lesson and i == turn % n)
        if rel == START:   # the map: the newest lesson's row, its lesson and its solutions
            click_links(page, rel, "index", root, click=lambda i, n: i >= n - 2)
    assert not page.outside, f"{rel}: the browser tried to reach other hosts: {page.outside[:5]}"
    return timings


def check_in_browser(page, rel: str, root: Path) -> list[dict]:
    """Open, run and check one notebook, then close it (whatever happens)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.outside.clear()
    open_notebook(page, rel, kernel=Path(rel).parts[0] != "solutions")   # a solutions notebook is not run here
    try:
        return check_notebook(page, rel, root)
    finally:
        close_current(page)
