"""tools/lab.py, the command `make lab` runs (the browser tests start the same script)."""

import json

import lab  # tools/lab.py, on the path through conftest.py
import pytest
from _common import ROOT


def test_serves_the_repository_and_lands_on_00():
    command = lab.lab_command(ROOT)
    assert f"--ServerApp.root_dir={ROOT}" in command
    assert "--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb" in command
    assert not any(part.endswith(".ipynb") and not part.startswith("--") for part in command), (
        "a notebook argument would make its folder the server root"
    )
    assert (ROOT / lab.START).exists()


@pytest.mark.parametrize("uid, expected", [(0, True), (1000, False)])
def test_allow_root_only_as_root(monkeypatch, uid, expected):
    monkeypatch.setattr(lab.os, "geteuid", lambda: uid)
    assert ("--allow-root" in lab.lab_command(ROOT)) is expected


def test_refuses_a_folder_that_is_not_the_repository(tmp_path):
    with pytest.raises(FileNotFoundError, match="root must be the repository's top folder"):
        lab.lab_command(tmp_path)


def test_overrides_turn_news_off_and_keep_other_settings(tmp_path):
    path = lab.overrides_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(
        json.dumps(
            {
                "@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"},
                "@jupyterlab/apputils-extension:notification": {"doNotDisturbMode": True},
            }
        )
    )
    lab.install_overrides(tmp_path)
    written = json.loads(path.read_text())
    assert written["@jupyterlab/apputils-extension:themes"] == {"theme": "JupyterLab Dark"}
    assert written["@jupyterlab/apputils-extension:notification"] == {
        "doNotDisturbMode": True,
        "fetchNews": "false",
        "checkForUpdates": False,
    }
    assert written["@jupyterlab/notebook-extension:tracker"]["windowingMode"] == "none"
