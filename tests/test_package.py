"""The shape of attnlib itself: small modules, one concept each (the limits the project set itself)."""

from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "attnlib"
MODULES = sorted(PACKAGE.glob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[p.name for p in MODULES])
def test_no_module_is_over_250_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 250, f"attnlib/{path.name} has {lines} lines; split it by concept"


def test_widgets_keeps_only_the_builders():
    lines = len((PACKAGE / "widgets.py").read_text(encoding="utf-8").splitlines())
    assert lines <= 200, f"attnlib/widgets.py has {lines} lines; maths belongs in a concept module, HTML in _html.py"
