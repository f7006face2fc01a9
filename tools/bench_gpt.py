"""Time one training step of notebook 12's GPT (attnlib.models.gpt: loss_and_gradients, then adam_step)
against the same model in PyTorch on CPU (goal: within 1.5× of torch), float32, one thread each.

Usage: python tools/bench_gpt.py [--torch | --no-torch] [--torch-python PATH] [--malloc keep|default]
                                 [--rounds R] [--block K]
(make benchmark runs it with the other parts: benchmark.py). torch is never a dependency of the series:
the comparison runs tools/gpt_torch_reference.py in a throwaway environment, _build/torch-env/, if it is
there; --torch makes it first (python -m venv, then pip install torch from PyTorch's CPU-only index and
numpy: about 1 GB, a few minutes), --torch-python uses another Python that has torch, --no-torch skips it.

The model is notebook 12's: vocabulary 65, d_model 64, 4 heads, 1 layer, context 64, batch 32, float32,
GPT-2's pre-LN block with the tanh-GELU feed-forward, learned positions, untied output, Adam (lr 3e-3).
torch starts from attnlib's own init_params (passed in an .npz) and gets the same windows, so both compute
the same numbers: the first loss must agree to 1e-5, every gradient to 1e-4 of its parameter's largest, and
the losses of 20 Adam steps to 1e-5, or the bench says the models disagree and fails. init_params' small
weights hide some differences (GELU's inputs are near 0, where erf-GELU and tanh-GELU agree to 1e-7), so the
loss and gradients are also compared at weights 10 times larger with random gains and biases. Then both train
in interleaved blocks of steps (attnlib here, torch in its own process, with eager attention and with torch's
fused SDPA), so that the machine's ups and downs fall on all three alike; each time is the median step after
a warm-up, and the ratio is to the faster torch.

What the step time depends on besides the CPU and the BLAS kernels: glibc's malloc. A step allocates and
frees about 20 MB of temporaries, most of them blocks of 0.5 to 2 MiB. A fresh process gives such blocks back
to the system when they are freed and pays for them again, page by page, at the next step: 2,000 to 5,000
page faults a step, which makes attnlib's step 1.5 to 1.7 times slower. Once the process has freed one block
between 2 and 32 MiB, glibc raises its thresholds and keeps the memory, as a notebook that has loaded and
encoded the plays has done. So by default (--malloc keep) both processes start as such a notebook kernel is,
by mallopt (gpt_torch_reference.keep_freed_memory); --malloc default times a fresh process as it comes. The
page faults a step are printed beside each time, so either condition shows.
Exits 1 if the goal is missed or the two models disagree. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _bench import run_parts
from _common import ROOT, TOOLS
from machine_load import OtherLoad  # how busy the CPUs were, besides this bench

GPT_VS_TORCH_GOAL = 1.5  # attnlib's training step within 1.5× of torch's (the faster attention)
NOTEBOOK = {"vocab_size": 65, "d_model": 64, "n_heads": 4, "n_layers": 1, "context": 64}  # notebook 12's model
BATCH, LR = 32, 3e-3  # notebook 12's batch and attnlib.models.gpt_train's learning rate
WINDOWS = 8  # distinct batches of random token ids, used in turn by both
CHECK_STEPS = 20  # Adam steps whose losses both must agree on
STARTS = {"start": "init_params", "stressed": "weights ×10, random gains and biases"}  # the parameter sets
TOLERANCES = {"start": (1e-5, 1e-4), "stressed": (1e-5, 1e-4)}  # |first loss gap|, largest relative gradient gap
STEPS_TOLERANCE = 1e-5  # |loss difference| over the Adam steps
TORCH_ENV = ROOT / "_build" / "torch-env"
TORCH_INDEX = "https://download.pytorch.org/whl/cpu"  # CPU-only wheels: no CUDA libraries to download
TORCH_PACKAGES = ("torch==2.13.0", "numpy==2.4.6")  # the versions the README's numbers were measured with
REFERENCE = TOOLS / "gpt_torch_reference.py"


def env_python(env: Path = TORCH_ENV) -> Path:
    """The Python of a virtual environment (Scripts/python.exe on Windows)."""
    return env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def torch_python(env: Path = TORCH_ENV) -> Path | None:
    """The torch environment's Python if it was made completely (its .complete marker is there), else None."""
    python = env_python(env)
    return python if python.is_file() and (env / ".complete").is_file() else None


def make_torch_env(env: Path = TORCH_ENV) -> Path:
    """Make the throwaway torch environment unless it is there; return its Python (pip's errors stop it)."""
    if torch_python(env):
        return env_python(env)
    print(f"making {env.relative_to(ROOT) if env.is_relative_to(ROOT) else env} (torch's CPU-only wheels, ~1 GB):")
    commands = [
        [sys.executable, "-m", "venv", "--clear", str(env)],
        [str(env_python(env)), "-m", "pip", "install", "--index-url", TORCH_INDEX, TORCH_PACKAGES[0]],
        [str(env_python(env)), "-m", "pip", "install", *TORCH_PACKAGES[1:]],
    ]
    for command in commands:
        print("  " + " ".join(command), flush=True)
        subprocess.run(command, check=True)
    (env / ".complete").write_text("made by tools/bench_gpt.py --torch\n")
    return env_python(env)


def _cpu_name() -> str:
    """The CPU's model name (Linux), else what platform knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _page_faults() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


class TorchChild:
    """tools/gpt_torch_reference.py in the torch environment: it checks the model, then times on request."""

    def __init__(self, python: Path, exchange: Path, keep_memory: bool) -> None:
        self.out = exchange.with_name("torch_out.npz")
        self.log = (exchange.parent / "torch_stderr.txt").open("w+")
        command = [str(python), str(REFERENCE), str(exchange), str(self.out)]
        try:
            self.proc = subprocess.Popen(
                command + (["--keep-freed-memory"] if keep_memory else []),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.log,
                text=True,
            )
            self.info = self._answer()
        except BaseException:
            self.log.close()
            raise
        self.cpu = self.info["cpu"]  # its CPU seconds so far

    def _answer(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait()
            self.log.seek(0)
            raise RuntimeError(f"{REFERENCE.name} stopped (exit {self.proc.returncode}):\n{self.log.read()[-3000:]}")
        return json.loads(line)

    def steps(self, kind: str, count: int) -> tuple[list[float], int]:
        self.proc.stdin.write(f"{kind} {count}\n")
        self.proc.stdin.flush()
        answer = self._answer()
        self.cpu = answer["cpu"]
        return answer["ms"], answer["page_faults"]

    def close(self) -> None:
        try:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.close()
        except OSError:  # it stopped already
            pass
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


class LoadBesides(OtherLoad):
    """OtherLoad that does not count a child's CPU time (the torch process, part of the measurement):
    cpu() returns the child's CPU seconds so far."""

    def __init__(self, cpu) -> None:
        self.cpu = cpu

    def __enter__(self) -> LoadBesides:
        self._mine = (time.monotonic(), self.cpu())
        return super().__enter__()

    def __exit__(self, *exc) -> None:
        super().__exit__(*exc)
        wall, child = time.monotonic() - self._mine[0], self.cpu() - self._mine[1]
        if self.share is not None and wall > 0:
            self.share = max(0.0, self.share - child / (wall * (os.cpu_count() or 1)))


def compare(ours: dict, theirs: dict) -> tuple[list[str], bool]:
    """Lines on how far torch is from attnlib, and whether they agree: for each parameter set (ours[kind] =
    (loss, gradients) on the first window; theirs[f"{kind}/{attention}/loss"], .../grad/{name}) the loss and
    the largest gradient difference (relative to the parameter's largest gradient), with eager attention and
    SDPA; then the losses over the Adam steps (ours["losses"], theirs["losses"])."""
    import numpy as np

    lines, agree = [], True
    for kind, (loss, grads) in ((k, v) for k, v in ours.items() if k != "losses"):
        loss_tol, grad_tol = TOLERANCES[kind]
        loss_gap = max(abs(loss - float(theirs[f"{kind}/{a}/loss"])) for a in ("eager", "sdpa"))
        grad_gap, worst = 0.0, ""
        for name, grad in grads.items():
            scale = max(float(np.abs(grad).max()), 1e-30)
            for attention in ("eager", "sdpa"):
                gap = float(np.abs(grad - theirs[f"{kind}/{attention}/grad/{name}"]).max()) / scale
                gap = gap if gap == gap else float("inf")  # NaN: as far off as can be
                if gap >= grad_gap:
                    grad_gap, worst = gap, name
        what = STARTS[kind]
        lines += [
            f"{loss_gap:8.1e}     {what}: first loss, |attnlib - torch| ({loss:.6f}; eager and SDPA; "
            f"tolerance {loss_tol:.0e})",
            f"{grad_gap:8.1e}     {what}: largest gradient difference / largest gradient of its parameter "
            f"(worst {worst}; tolerance {grad_tol:.0e})",
        ]
        agree = agree and loss_gap <= loss_tol and grad_gap <= grad_tol
    steps_gap = float(np.abs(np.array(ours["losses"]) - theirs["losses"]).max())
    lines.append(
        f"{steps_gap:8.1e}     largest loss difference over {len(ours['losses'])} Adam steps from init_params "
        f"(tolerance {STEPS_TOLERANCE:.0e})"
    )
    return lines, agree and steps_gap <= STEPS_TOLERANCE


def time_gpt(
    config: dict[str, int] = NOTEBOOK,
    batch: int = BATCH,
    rounds: int = 15,
    block: int = 4,
    warmup: int = 5,
    python: Path | None = None,
    keep_memory: bool = True,
) -> bool:
    """Time attnlib's training step (and torch's, with `python` a Python that has torch) in `rounds`
    interleaved blocks of `block` steps after `warmup` steps each; print the table; return whether
    attnlib is within the goal of the faster torch and both agree (True without torch: nothing to judge)."""
    import contextlib

    import gpt_torch_reference as ref  # loads numpy: only now, after run_parts dropped the kernel choices
    import numpy as np

    from attnlib.models import gpt
    from attnlib.models.training import adam_step

    try:
        from threadpoolctl import threadpool_limits

        limit, threads = threadpool_limits(limits=1), "one thread each (threadpoolctl; torch.set_num_threads(1))"
    except ImportError:
        limit, threads = contextlib.nullcontext(), "threadpoolctl not installed: BLAS threads as the environment sets"
    kept = ref.keep_freed_memory() if keep_memory else False
    memory = "malloc keeps freed memory, as in a notebook that loaded the plays" if kept else "malloc as it comes"
    params = gpt.init_params(**config, seed=0)
    rng = np.random.default_rng(0)
    windows = rng.integers(0, config["vocab_size"], size=(WINDOWS, batch, config["context"] + 1))

    sets = {"start": params, "stressed": ref.stressed_params(params)}

    with limit:
        ours: dict = {kind: gpt.loss_and_gradients(p, windows[0]) for kind, p in sets.items()}
        trained, state, ours["losses"] = {k: v.copy() for k, v in params.items()}, {"m": {}, "s": {}}, []
        for step in range(CHECK_STEPS):
            value, g = gpt.loss_and_gradients(trained, windows[step % WINDOWS])
            ours["losses"].append(value)
            adam_step(trained, g, state, step + 1, lr=LR)

        train, state, done = {k: v.copy() for k, v in params.items()}, {"m": {}, "s": {}}, [0]

        def attnlib_steps(count: int) -> tuple[list[float], int]:
            times, faults = [], _page_faults()
            for _ in range(count):
                start = time.perf_counter()
                _, g = gpt.loss_and_gradients(train, windows[done[0] % WINDOWS])
                adam_step(train, g, state, done[0] + 1, lr=LR)
                times.append((time.perf_counter() - start) * 1e3)
                done[0] += 1
            return times, _page_faults() - faults

        runners = {"attnlib": attnlib_steps}
        child, lines, agree, failed = None, [], True, False
        with tempfile.TemporaryDirectory(prefix="bench_gpt_") as tmp:
            if python is not None:
                exchange = Path(tmp) / "exchange.npz"
                meta = {"n_heads": config["n_heads"], "lr": LR, "check_steps": CHECK_STEPS}
                ref.write_exchange(exchange, sets, windows, meta)
                try:
                    child = TorchChild(python, exchange, keep_memory)
                except (OSError, RuntimeError) as error:  # no such Python, or torch failed in it
                    print(f"  torch: {python} could not run {REFERENCE.name}: {error}")
                    failed = True
                else:
                    with np.load(child.out) as theirs:
                        lines, agree = compare(ours, dict(theirs))
                    runners |= {f"torch {k}": (lambda n, k=k: child.steps(k, n)) for k in ref.ATTENTIONS}
            try:
                times = {name: [] for name in runners}
                faults = dict.fromkeys(runners, 0)
                with LoadBesides(lambda: child.cpu if child else 0.0) as load:
                    for run in runners.values():
                        run(warmup)
                    for _ in range(rounds):
                        for name, run in runners.items():
                            got, fault = run(block)
                            times[name] += got
                            faults[name] += fault
            finally:
                if child is not None:
                    child.close()

    ms = {name: statistics.median(t) for name, t in times.items()}
    per_step = {name: faults[name] / len(times[name]) for name in runners}
    c = config
    print(
        f"  vocabulary {c['vocab_size']}, d_model {c['d_model']}, {c['n_heads']} heads, {c['n_layers']} layer(s), "
        f"context {c['context']}, batch {batch}, float32; {_cpu_name()}; {threads}; {memory}; {load.describe()}"
    )
    n = rounds * block
    print(
        f"  {ms['attnlib']:8.2f} ms  attnlib: loss_and_gradients + adam_step, median of {n} "
        f"({per_step['attnlib']:.0f} page faults a step)"
    )
    if failed:
        return False
    if child is None:
        print(
            "  torch: no torch environment; `python tools/bench_gpt.py --torch` makes _build/torch-env/ "
            "(a throwaway venv, ~1 GB) and compares"
        )
        return True
    info = child.info
    for kind, label in (("eager", "eager attention (attnlib's formula)"), ("sdpa", "scaled_dot_product_attention")):
        name = f"torch {kind}"
        print(
            f"  {ms[name]:8.2f} ms  torch {info['torch']} {label}: zero_grad, loss, backward, Adam, median of {n} "
            f"({per_step[name]:.0f} page faults a step)"
        )
    fastest = min(ms["torch eager"], ms["torch sdpa"])
    ratio = ms["attnlib"] / fastest
    print(
        f"  {ratio:8.2f} ×   attnlib / the faster torch (goal <= {GPT_VS_TORCH_GOAL}; "
        f"{ms['attnlib'] / ms['torch eager']:.2f}× torch eager)"
    )
    print(
        f"  torch: {info['threads']} thread(s), CPU capability {info['cpu_capability']}, numpy {info['numpy']}; "
        f"{'malloc keeps freed memory' if info['kept_freed_memory'] else 'malloc as it comes'}"
    )
    for line in lines:
        print(f"  {line}")
    if not agree:
        print("  the two models DISAGREE: the times above compare different computations")
    return agree and ratio <= GPT_VS_TORCH_GOAL


def gpt_step(argv: list[str] | None = None) -> bool:
    """The GPT training step's time (and torch's, if its environment is there), with its heading."""
    args = parse(argv or [])
    python = args.torch_python
    if python is None and not args.no_torch:
        python = make_torch_env() if args.torch else torch_python()
    print("GPT training step (notebook 12's model, one thread):")
    return time_gpt(rounds=args.rounds, block=args.block, python=python, keep_memory=args.malloc == "keep")


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--torch", action="store_true", help="make _build/torch-env/ if missing, then compare")
    which.add_argument("--no-torch", action="store_true", help="time attnlib only")
    which.add_argument("--torch-python", type=Path, help="compare with this Python's torch instead")
    parser.add_argument("--malloc", choices=("keep", "default"), default="keep", help="see the docstring")
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds (default 15)")
    parser.add_argument("--block", type=int, default=4, help="steps a round for each (default 4)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    parse(arguments)  # --help and errors before anything runs
    sys.exit(run_parts([lambda: gpt_step(arguments)]))
