"""tools/lab.py, the command `make lab` runs (the browser tests start the same script)."""

import json

import lab  # tools/lab.py, on the path through conftest.py
import pytest
from _common import ROOT


def test_serves_the_repository_and_lands_on_00():
    command = lab.lab_command(ROOT)
    assert f"--ServerApp.root_dir={ROOT}" in command
    assert "--LabApp.default_url=/lab/tree/my-notebooks/00_start_here.ipynb" in command
    assert not any(part.endswith(".ipynb") and not part.startswith("--") for part in command), (
        "a notebook argument would make its folder the server root"
    )
    assert (ROOT / "notebooks" / "00_start_here.ipynb").exists()


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


def test_make_copies_gives_the_student_copies_that_updates_never_touch(tmp_path):
    """my-notebooks/ gets every lesson once; a student's copy is never overwritten; a new lesson is added."""
    lessons = tmp_path / "notebooks"
    lessons.mkdir()
    for name in ("00_start_here.ipynb", "04_softmax.ipynb"):
        (lessons / name).write_text('{"published": 1}')
    (lessons / "notes.md").write_text("not a lesson")
    made = lab.make_copies(tmp_path)
    assert sorted(p.name for p in made) == ["00_start_here.ipynb", "04_softmax.ipynb"]
    mine = tmp_path / lab.MINE / "04_softmax.ipynb"
    mine.write_text('{"my answers": 1}')  # the student works
    (lessons / "04_softmax.ipynb").write_text('{"published": 2}')  # an update of the lesson
    (lessons / "05_self_attention_from_scratch.ipynb").write_text('{"published": 1}')  # a new lesson
    made = lab.make_copies(tmp_path)
    assert [p.name for p in made] == ["05_self_attention_from_scratch.ipynb"]
    assert mine.read_text() == '{"my answers": 1}', "a student's copy was overwritten"
    assert not (tmp_path / lab.MINE / "notes.md").exists()


def test_my_notebooks_is_ignored_by_git_and_left_out_of_the_image():
    for name in (".gitignore", ".dockerignore"):
        lines = [line.strip().rstrip("/") for line in (ROOT / name).read_text(encoding="utf-8").splitlines()]
        assert lab.MINE in lines, f"{name} must ignore {lab.MINE}/"


def test_make_copies_refuses_a_folder_that_is_not_the_repository(tmp_path):
    with pytest.raises(FileNotFoundError, match="root must be the repository's top folder"):
        lab.make_copies(tmp_path)


def test_on_windows_main_waits_for_jupyterlab_instead_of_execv(monkeypatch):
    """Windows' os.execv returns to the prompt at once and splits a path with a space (cpython#101191)."""
    calls = []
    monkeypatch.setattr(lab, "make_copies", lambda root: [])
    monkeypatch.setattr(lab, "install_overrides", lambda: None)
    monkeypatch.setattr(lab, "WINDOWS", True)
    monkeypatch.setattr(lab.os, "execv", lambda *a: calls.append(("execv", a)))
    monkeypatch.setattr(lab.subprocess, "call", lambda command: calls.append(("call", command)) or 0)
    with pytest.raises(SystemExit) as stopped:
        lab.main(["--no-browser"])
    assert stopped.value.code == 0 and [kind for kind, _ in calls] == ["call"]
    assert calls[0][1][-1] == "--no-browser"
