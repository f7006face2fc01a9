"""The documents an instructor or contributor needs: licence, citation, contributing guide."""

import re

import yaml
from _common import ROOT


def test_licence_covers_code_prose_and_figures():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n"), "LICENSE is the plain MIT text, so that tools recognise it"
    scope = (ROOT / "LICENSES" / "README.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in scope and "MIT" in scope and "CC BY 4.0" in readme.split("## Licence", 1)[1]
    cc = (ROOT / "LICENSES" / "CC-BY-4.0.txt").read_text(encoding="utf-8")
    assert cc.startswith("Attribution 4.0 International") and "Section 8 -- Interpretation." in cc
    assert "creativecommons.org" in cc.splitlines()[-1]


def test_citation_file_is_valid_cff():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["title"] and cff["authors"] and cff["message"]
    assert set(cff["license"]) == {"MIT", "CC-BY-4.0"}
    version = next(line for line in (ROOT / "pyproject.toml").read_text().splitlines() if line.startswith("version"))
    assert cff["version"] in version, "CITATION.cff and pyproject.toml give the same version"


def test_readme_points_to_the_documents_and_contributing_has_the_notation():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("LICENSE", "CITATION.cff", "CONTRIBUTING.md", "python -m attnlib.grade", "## Teach it to a class"):
        assert name in readme, name
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for row in ("| X | n × d |", "| S | n × n |", "| A | n × n |", "| W_Q, W_K, W_V, W_O |", "| Q, K, V |"):
        assert row in contributing, row
    assert "make notebooks" in contributing and "make test" in contributing and "nbval-ignore-output" in contributing


def test_teaching_guide_is_up_to_date_and_complete():
    import make_teaching  # tools/, on the path through conftest.py

    assert make_teaching.main(check=True) == 0, "run python tools/make_teaching.py"
    guide = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")
    from attnlib.exercises import exercise_ids, registered

    for exercise in exercise_ids():
        assert f"- `{exercise}` (go back to [" in guide, exercise
        for _, hint in registered()[exercise].mistakes:  # every recognised wrong answer, with the hint it gets
            assert f'  - "{hint}"' in guide, (exercise, hint)
    assert guide.count("**Ask the class**") == 12 and guide.count("**Objectives**") == 12
    for link in re.findall(r"\]\(([^)#\s]+)", guide):  # every relative link, from docs/
        if not re.match(r"[a-z]+:", link):
            assert (ROOT / "docs" / link).resolve().exists(), f"docs/teaching.md links {link}, which does not exist"
