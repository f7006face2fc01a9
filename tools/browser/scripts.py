"""The JavaScript the browser package runs inside JupyterLab's page, kept as real files in js/.

Each js/NAME.js holds one function expression (a comment first, no trailing semicolon), given as it is
to Playwright's page.evaluate() and page.wait_for_function(). JupyterLab is reached through
window.jupyterapp, which `expose_app_in_browser` (server.py) exposes.
"""

from __future__ import annotations

import functools
from pathlib import Path

JS = Path(__file__).resolve().parent / "js"


@functools.cache
def js(name: str) -> str:
    """Return the function expression in js/<name>.js."""
    return (JS / f"{name}.js").read_text(encoding="utf-8").strip()
