"""A student's work survives updates of the series (issue #25), in JupyterLab as `make lab` starts it: the
student works in their own copy of a lesson (my-notebooks/, made by tools/lab.py); running and saving it
leaves `git status` clean; after an update of the series (a lesson changed, a new lesson added: what
`git pull` brings), the next start keeps the student's copy as saved and adds the new lesson."""

import subprocess
import sys

import browser as bs
import lab as make_lab  # tools/lab.py: what make lab runs
import pytest
from browser.server import copy_repository, serve_lab

pytestmark = pytest.mark.browser
LESSON = "04_softmax.ipynb"
NEW = "12_a_new_lesson.ipynb"


def git(repo, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Teacher", "-c", "user.email=teacher@example.org", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_a_students_saved_work_survives_an_update(browser, tmp_path):
    repo = copy_repository(tmp_path / "series")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "the series as published")
    mine = repo / make_lab.MINE / LESSON
    with serve_lab(tmp_path, repo=repo) as server:
        assert mine.is_file(), "make lab did not make the student's copy of the lesson"
        page = bs.new_page(browser, server["url"])
        try:
            bs.open_lab(page, server["url"], "/lab?reset")  # as the other tests: no landing page racing the lesson
            bs.open_notebook(page, f"{make_lab.MINE}/{LESSON}")
            bs.run_all(page)
            page.evaluate(  # the student writes in the lesson, then saves (Ctrl+S)
                """async () => { const w = window.jupyterapp.shell.currentWidget;
                  w.content.model.sharedModel.insertCell(0, {cell_type: 'markdown', source: 'My notes on softmax'});
                  await w.context.save(); }"""
            )
            bs.close_current(page)
        finally:
            page.context.close()
    saved = mine.read_text(encoding="utf-8")
    assert "My notes on softmax" in saved, "the student's work was not saved in my-notebooks/"
    assert git(repo, "status", "--porcelain") == "", "running and saving a lesson changed the repository's own files"

    # An update of the series, as git pull brings it: lesson 04 changes and a new lesson appears.
    published = repo / "notebooks" / LESSON
    published.write_text(published.read_text(encoding="utf-8").replace("Softmax", "Softmax, updated", 1), "utf-8")
    (repo / "notebooks" / NEW).write_bytes((repo / "notebooks" / "00_start_here.ipynb").read_bytes())
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "an update")
    started = subprocess.run(  # what make lab does first when it starts again
        [sys.executable, str(repo / "tools" / "lab.py"), "--copies-only"], capture_output=True, text=True, check=True
    )
    assert mine.read_text(encoding="utf-8") == saved, "the update overwrote the student's copy"
    assert (repo / make_lab.MINE / NEW).is_file(), "the new lesson did not appear in my-notebooks/"
    assert NEW[:2] in started.stdout and "my-notebooks" in started.stdout, started.stdout
    assert git(repo, "status", "--porcelain") == ""
