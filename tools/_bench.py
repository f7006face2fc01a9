"""What the timing tools share (bench_*.py, benchmark.py): median and best of repeated calls, the
conditions every time depends on, and running one or more parts as a command with one verdict.

Nothing here loads numpy at import: a bench first drops the shell's kernel choices (KERNEL_VARS), so
that it times the machine's own numeric kernels, as a student has them, and only then loads numpy.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

from numerics import KERNEL_VARS


def median_ms(change: Callable[[int], object], repeats: int = 15) -> float:
    """Median wall time of calling change(i) for i in range(repeats), in milliseconds."""
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        change(i)
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def best_ms(run: Callable[[], object], repeats: int) -> float:
    """Best wall time of `repeats` calls of run(), in milliseconds (one warm-up call first)."""
    run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1e3)
    return min(times)


def students_kernels() -> None:
    """Drop the shell's kernel choices: time on the machine's own kernels (call before numpy loads)."""
    for var in KERNEL_VARS:
        os.environ.pop(var, None)


def conditions() -> str:
    """The conditions every time here depends on: CPUs, how busy they are, BLAS threads and kernels."""
    import numpy as np

    try:
        from threadpoolctl import threadpool_info

        blas = "; ".join(
            f"{i['internal_api']} {i.get('architecture')} kernels, {i['num_threads']} thread(s)"
            for i in threadpool_info()
            if i.get("user_api") == "blas"
        )
    except ImportError:
        blas = "BLAS: threadpoolctl not installed"
    return (
        f"{os.cpu_count()} CPUs (each part below says how much of them other processes used meanwhile: "
        f"a busy machine gives slower times); numpy {np.__version__}, {blas or 'no BLAS found'}"
    )


def run_parts(parts: list[Callable[[], bool]]) -> int:
    """Print the conditions, run each part (it prints its own heading and table and returns whether
    it met its budget), print the verdict; return the exit code (1 if any budget was exceeded)."""
    students_kernels()
    print(f"conditions: {conditions()}")
    ok = True
    for part in parts:
        ok = part() and ok
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1
