"""The server and the browser: `make lab`'s JupyterLab over a copy of the repository, the system's
headless Chromium, and pages that refuse every host but the local one.

The server is started by tools/lab.py, the very script `make lab` runs, over a temporary copy of
the whole repository; the only extra options are our own port and token, no browser of the
server's own, and `expose_app_in_browser` so the page can be asked what JupyterLab shows. The
user settings and workspaces live in a temporary folder, so a developer's own settings never leak in.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from _common import ROOT

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
TOKEN = "attnlib-browser-test"


def why_no_browser() -> str | None:
    """Return why the browser cannot run here, or None when it can."""
    if not Path(CHROMIUM).exists():
        return (
            f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium) "
            "or set CHROMIUM=/path/to/chromium to run the browser tests"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing: run make test (it installs requirements-test.txt)"
    return None


REASON = why_no_browser()


def copy_repository(dest: Path, root: Path = ROOT) -> Path:
    """Copy the repository's files (tracked and untracked, not ignored) to dest; return dest."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=root, capture_output=True, text=True
    )
    if listed.returncode == 0:
        for name in filter(None, listed.stdout.split("\0")):
            if (root / name).is_file():
                (dest / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(root / name, dest / name)
    else:  # not a git checkout (an unpacked archive): everything but the environment and caches
        shutil.copytree(
            root,
            dest,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(
                ".git", ".venv", "artifacts", "_build", "__pycache__", ".ipynb_checkpoints", "*.egg-info"
            ),
        )
    return dest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_lab(work: Path, repo: Path | None = None) -> Iterator[dict]:
    """Start `make lab`'s server (tools/lab.py) on a copy of the repository in work/ (or on repo, a copy
    made already); stop it afterwards. Yields {"url", "root" (the copy), "log"}."""
    repo = repo or copy_repository(work / "series")
    port = _free_port()
    env = {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(work / "user-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(work / "workspaces"),
    }
    log_path = work / "lab.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen(
        [
            sys.executable,
            str(repo / "tools" / "lab.py"),
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={TOKEN}",
            "--LabApp.expose_app_in_browser=True",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=work,
        start_new_session=True,
    )
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
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
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
