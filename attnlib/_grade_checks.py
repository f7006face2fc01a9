"""The grader's checks made before any notebook runs: its arguments (--limit, --jobs) and every file it
writes (--out, --summary, --lms) or folder it writes into (--feedback), each refused with a message naming
its option; nothing is changed by a check."""

from __future__ import annotations

import argparse
import math
import os
import tempfile
from itertools import combinations
from pathlib import Path


def same_file(a: Path, b: Path) -> bool:
    """Whether a and b name one file (through "..", symbolic or hard links), whether it exists or not."""
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return a.resolve() == b.resolve()


def writable_problem(option: str, path: Path, folder: Path) -> str:
    """Why the grader could not create files in folder (for option's path), or "" if it can."""
    try:
        handle, probe = tempfile.mkstemp(dir=folder, prefix=".attnlib-grade-", suffix=".probe")  # as it is written
        os.close(handle)
        os.unlink(probe)
        if path.is_file():
            with path.open("a", encoding="utf-8"):  # opened to append, so its contents stay as they are
                pass
    except OSError as exc:
        return f"{option} {path}: cannot write there ({exc.strerror or exc})"
    return ""


def output_problem(option: str, path: Path) -> str:
    """Why the grader could not write path (given as option), or "" if it can; nothing is changed."""
    if path.is_dir():
        return f"{option} {path} is a folder; give the name of a file to write"
    if path.exists() and not path.is_file():
        return f"{option} {path} is not a regular file; give the name of a file to write"
    folder = path.resolve().parent
    if not folder.exists():
        return f"{option} {path}: the folder {folder} does not exist (create it first)"
    if not folder.is_dir():
        return f"{option} {path}: {folder} is not a folder"
    return writable_problem(option, path, folder)


def folder_problem(option: str, path: Path) -> str:
    """Why the grader could not write files into the folder path (given as option), or "" if it can: it
    may be missing if the folder above it exists (it is created with the first file)."""
    if path.exists() and not path.is_dir():
        return f"{option} {path} is not a folder; give a folder for the files (it may not exist yet)"
    parent = path.resolve().parent
    if not path.exists() and not parent.is_dir():
        return f"{option} {path}: the folder {parent} does not exist (create it first)"
    return writable_problem(option, path, path if path.exists() else parent)


def outputs_problem(
    outputs: dict[str, Path | None],
    notebooks: list[Path],
    inputs: dict[str, Path | None],
    folders: dict[str, Path | None],
) -> str:
    """The first reason the outputs (option -> path, None when not asked for) and folders cannot be written,
    naming its option: a submitted notebook or an input file (option -> path), two options naming one
    file, or output_problem and folder_problem; "" if none."""
    given = {option: path for option, path in outputs.items() if path is not None}
    read = {option: path for option, path in inputs.items() if path is not None}
    for option, path in given.items():
        if any(same_file(path, notebook) for notebook in notebooks):
            return f"{option} {path} is one of the submitted notebooks; give another file name"
        for source, input_path in read.items():
            if same_file(path, input_path):
                return f"{option} {path} is the file {source} reads; give another file name"
        if problem := output_problem(option, path):
            return problem
    for option, path in folders.items():
        if path is not None and (problem := folder_problem(option, path)):
            return problem
    every = {**given, **{option: path for option, path in folders.items() if path is not None}}
    for (first, a), (second, b) in combinations(every.items(), 2):
        if same_file(a, b):
            return f"{first} and {second} are the same file ({b}); give each its own"
    return ""


def seconds(text: str) -> float:
    """--limit's type: a finite number of seconds above 0."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a finite number of seconds above 0, got {text!r}")
    return value


def whole(text: str) -> int:
    """--jobs's type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value
