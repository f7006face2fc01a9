"""Measure what the quality bar promises (make benchmark): the series runs in about a minute, widgets
react in < 100 ms in the kernel and within 150 ms (p95) in the browser, attention keeps up with plain
numpy, MiniLM loads in a second and encodes 128 tokens in 150 ms, and a training step of notebook 12's GPT
is within 1.5× of the same model in PyTorch (when _build/torch-env/ has torch).

Usage: python tools/benchmark.py [--widgets-only] [--no-browser] [--longer]
Runs every part, each also runnable alone, under one conditions line (CPUs, BLAS, numpy) and with
the machine's own numeric kernels, as a student has them:

    bench_widgets.py     each widget's callback in the kernel; then, unless --no-browser, every lesson
                         in JupyterLab in headless Chromium, 20 interactions with each widget
    bench_attention.py   attnlib.attention against the numpy formula (and torch's SDPA, if installed)
    bench_minilm.py      load_minilm() and encode() of 128 tokens
    bench_gpt.py         one training step of notebook 12's GPT, and of the same model in torch if
                         _build/torch-env/ exists (python tools/bench_gpt.py --torch makes it)
    bench_gpt_goal.py    notebook 12's block trained as the notebook does: seconds to a validation loss
                         <= 2.0 (goal 60 s); with --longer also longer and bigger training against the
                         best counted table (about 7 more minutes)
    bench_notebooks.py   every lesson in a fresh kernel, in order (skipped with --widgets-only)

Prints tables; exits 1 if a budget is exceeded. These are measurements, not tests: a loaded machine
gives slower numbers, and each part says how much of the CPUs other processes used meanwhile.
"""

from __future__ import annotations

import sys

import bench_attention
import bench_gpt
import bench_gpt_goal
import bench_minilm
import bench_notebooks
import bench_widgets
from _bench import run_parts


def main(argv: list[str]) -> int:
    parts = [bench_widgets.in_kernel, bench_attention.attention, bench_minilm.minilm, bench_gpt.gpt_step]
    parts.append(bench_gpt_goal.time_to_goal)
    if "--longer" in argv:
        parts.append(bench_gpt_goal.longer)
    if "--no-browser" not in argv:
        parts.append(bench_widgets.in_browser)
    if "--widgets-only" not in argv:
        parts.append(bench_notebooks.notebooks)
    return run_parts(parts)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
