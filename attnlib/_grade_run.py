"""Running one notebook for the grader: a fresh kernel in a temporary folder of its own, killed at its
time limit whatever it is doing (a loop in C code too), and the verdicts its check() calls logged
(attnlib.exercises.engine.GRADE_LOG), read from a file outside the notebook's folder."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import tempfile
import threading
import time
from contextlib import suppress
from pathlib import Path

from .exercises import GRADE_LOG

STOP = threading.Event()  # set when a run stops early: no notebook starts another cell
RUNNING: set = set()  # the notebook clients running now, whose kernels an early stop kills


def read_log(path: Path) -> list[tuple[str, str, str]]:
    """The (exercise id, ✅/❌/⏳, message shown) check() wrote, in order; a garbled line is skipped, and a
    line without its message (an older attnlib's) has an empty one."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        try:
            entry = json.loads(line)
            entries.append((str(entry["id"]), str(entry["mark"]), str(entry.get("message", ""))))
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return entries


def run_notebook(source: bytes, name: str, limit: float) -> tuple[dict, list[str], list[tuple[str, str, str]]]:
    """Execute a notebook (its bytes) in a fresh kernel, in a temporary folder, for at most limit
    seconds in all; return the executed notebook, the problems met and the verdicts check() logged."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.reads(source.decode("utf-8"), as_version=4)
    problems = []
    with (
        tempfile.TemporaryDirectory(prefix="attnlib-grade-") as folder,
        tempfile.TemporaryDirectory(prefix="attnlib-verdicts-") as verdicts,
    ):
        log = Path(verdicts) / "verdicts.jsonl"  # outside the notebook's own folder
        client = NotebookClient(
            nb,
            timeout=limit,
            allow_errors=True,
            kernel_name="python3",
            resources={"metadata": {"path": folder}},
            record_timing=False,
            shutdown_kernel="immediate",  # killed, not asked: a kernel stuck in C would keep its job slot 5 s more
        )
        start, env = time.monotonic(), {**os.environ, GRADE_LOG: str(log)}
        watchdog = threading.Timer(limit, kill, [client])  # at the limit, whatever the kernel or nbclient does
        watchdog.daemon = True
        RUNNING.add(client)
        watchdog.start()
        try:
            with client.setup_kernel(stderr=subprocess.DEVNULL, env=env):  # stderr: the kernel's own log
                stopped = run_cells(client, nb, start + limit, limit, problems)
        finally:
            watchdog.cancel()
            RUNNING.discard(client)
            settle()
        logged = read_log(log)
    raised = {
        i + 1: o
        for i, c in enumerate(nb.cells[:stopped])
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    }
    if raised:
        errors = ", ".join(f"{i} ({error_text(o)})" for i, o in raised.items())
        problems.append(f"cells that raised an error (counting from 1): {errors}")
    return nb, problems, logged


def error_text(output: dict) -> str:
    """An error output in one line, "NameError: name 'x' is not defined", its message cut at 80 characters."""
    message = " ".join(str(output.get("evalue", "")).split())[:80]
    return ": ".join(part for part in (str(output.get("ename", "")), message) if part) or "an error"


def run_cells(client, nb, deadline: float, limit: float, problems: list[str]) -> int:
    """Execute the notebook's cells in the client's kernel until the deadline (time.monotonic()); return
    how many ran before one ran out of time (or the watchdog killed it), the kernel died or the grader
    stopped (all, if none)."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    client.timeout_func = lambda _: max(0.001, deadline - time.monotonic())  # each cell's: to the instant
    for index, cell in enumerate(nb.cells):
        left = deadline - time.monotonic()
        if STOP.is_set():
            problems.append(f"stopped at cell {index + 1}: the grader stopped")
            return index
        try:
            if left <= 0:
                raise CellTimeoutError("out of time")
            client.execute_cell(cell, index)
        except (CellTimeoutError, DeadKernelError) as exc:
            if isinstance(exc, CellTimeoutError) or time.monotonic() >= deadline - 0.1:
                problems.append(f"stopped at cell {index + 1}: the notebook ran out of its {limit:g} s")
            else:
                problems.append(f"the kernel died at cell {index + 1}")
            return index
    return len(nb.cells)


def settle() -> None:
    """Cancel what nbclient left waiting in this thread's event loop (its output reader, when a cell ran out of
    time), so that Python does not print "Task was destroyed but it is pending!" as it exits; close a worker's loop."""
    from jupyter_core.utils import ensure_event_loop

    loop = ensure_event_loop()
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    if threading.current_thread() is not threading.main_thread():  # a --jobs worker's own loop: close it (and
        loop.close()  # its sockets) now, not at garbage collection, where Python warns of an unclosed loop
        asyncio.set_event_loop(None)


def kill(client) -> None:
    """Kill a notebook client's kernel process at once, if it has one."""
    process = getattr(getattr(client.km, "provisioner", None), "process", None)
    if process is not None:
        with suppress(OSError):
            process.kill()


def stop_kernels() -> None:
    """Stop the notebooks running now: none starts another cell, and each one's kernel is killed."""
    STOP.set()
    for client in list(RUNNING):
        kill(client)
