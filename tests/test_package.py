"""The shape of attnlib itself: layers that import downwards only, no cycles, no borrowed private names,
modules small enough to read in one sitting, one lesson file per lesson's exercises, and the lesson API:
one access style, the paired names and none of their old aliases."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "attnlib"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
IDS = [str(p.relative_to(PACKAGE)) for p in MODULES]
# The layers, bottom first: a module may import from its own group or from a lower layer only.
LAYERS = {
    "_validate": 0,
    "_threads": 0,
    "data": 1,
    "maths": 2,
    "models": 3,
    "viz": 4,
    "exercises": 4,
    "grade": 5,
    "gpt": 5,
    "__init__": 6,
}
# grade.py's helper modules are part of the teacher's command
GROUP = {name: "grade" for name in ("_grade_io", "_grade_checks", "_grade_feedback", "_grade_roster", "_grade_run")}


def module_name(path: Path) -> str:
    """attnlib/maths/attention.py -> attnlib.maths.attention; a package's __init__.py -> the package."""
    parts = ("attnlib", *path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


NAMES = {module_name(p): p for p in MODULES}


def group(name: str) -> str:
    """The layer group of a module: attnlib.maths.attention -> maths, attnlib -> __init__ (the lesson API)."""
    top = name.split(".")[1] if "." in name else "__init__"
    return GROUP.get(top, top)


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """Every attnlib import in a module, at any depth: (the module it reaches, the names taken, line)."""
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names if a.name.startswith("attnlib")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                source = f"{base}.{node.module}" if node.module else base
            elif (node.module or "").startswith("attnlib"):
                source = node.module
            else:
                continue
            names = [a.name for a in node.names]
            submodules = [f"{source}.{n}" for n in names if f"{source}.{n}" in NAMES]
            found += [(s, [], node.lineno) for s in submodules]
            rest = [n for n in names if f"{source}.{n}" not in NAMES]
            if rest:
                found.append((source, rest, node.lineno))
    return found


@pytest.mark.parametrize("path", MODULES, ids=IDS)
def test_layers_import_downwards_only(path):
    me = module_name(path)
    mine = group(me)
    for source, _, line in imports(path):
        theirs = group(source)
        assert theirs == mine or LAYERS[theirs] < LAYERS[mine], (
            f"{path.relative_to(PACKAGE)}:{line} imports {source}: the {mine} layer may use only lower layers "
            f"({', '.join(k for k, v in LAYERS.items() if v < LAYERS[mine]) or 'none'}) and itself"
        )


@pytest.mark.parametrize("path", MODULES, ids=IDS)
def test_no_module_takes_another_modules_private_names(path):
    for source, names, line in imports(path):
        private = [n for n in names if n.startswith("_") and n != "__version__"]
        assert not private, f"{path.relative_to(PACKAGE)}:{line} imports {private} from {source}: make it public there"


def test_no_import_cycles():
    graph = {
        name: {s if s in NAMES else s.rsplit(".", 1)[0] for s, _, _ in imports(path)} - {name}
        for name, path in NAMES.items()
    }
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            assert state.get(nxt) != 1, f"import cycle: {' -> '.join(path + [node, nxt])}"
            if nxt not in state:
                visit(nxt, path + [node])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


@pytest.mark.parametrize("path", MODULES, ids=IDS)
def test_no_module_is_over_250_lines(path):
    """A module you cannot read in one sitting is doing two jobs (counted as ruff format leaves it)."""
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 250, f"attnlib/{path.relative_to(PACKAGE)} has {lines} lines; split it by job"


def test_each_lesson_registers_its_own_exercises_in_lesson_order():
    """exercises/lesson_NN.py holds exactly lesson NN's exercises and challenge; they register in lesson order."""
    import re

    in_files = {}
    for path in sorted((PACKAGE / "exercises").glob("lesson_*.py")):
        ids = re.findall(r'register\(\s*Exercise\(\s*"([\w-]+)"', path.read_text(encoding="utf-8"))
        assert ids and all(i[:2] == path.stem[-2:] for i in ids), f"{path.name} registers {ids}"
        in_files.update(dict.fromkeys(ids, path.stem))
    from attnlib import exercises

    registered = list(exercises.registered())
    assert sorted(registered) == sorted(in_files)
    lessons = [exercise_id[:2] for exercise_id in registered]
    assert lessons == sorted(lessons), "the lessons register in their order (the grader's columns follow it)"


def test_the_lesson_api_is_one_access_style():
    """Notebooks use al.<name> only: every name in __all__ resolves, and no submodule is part of the API."""
    import types

    import attnlib as al

    for name in al.__all__:
        assert not isinstance(getattr(al, name), types.ModuleType), f"al.{name} is a module; export its names"


@pytest.mark.filterwarnings("error")
def test_paired_names_and_no_old_aliases():
    import numpy as np

    import attnlib as al

    X = np.eye(3)
    for name in (
        "dot_similarity_matrix",
        "euclidean_distance_matrix",
        "SelfAttentionResult",
        "MultiHeadAttentionResult",
    ):
        assert name in al.__all__
    for old in ("similarity_matrix", "distance_matrix", "SelfAttention", "MultiHeadAttention"):  # gone in 0.1
        assert old not in al.__all__ and not hasattr(al, old)
    assert type(al.self_attention(X, X, X, X)).__name__ == "SelfAttentionResult"
    assert type(al.multi_head_attention(X, X, X, X, X, n_heads=1)).__name__ == "MultiHeadAttentionResult"
