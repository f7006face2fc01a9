"""Two numeric set-ups: the one that makes the committed outputs, and another one that tests them.

A notebook's printed numbers must not depend on the CPU's numeric kernels: a student's laptop, a
university JupyterHub and a Binder node all run other kernels than the machine that made the outputs.
So the outputs are made with this machine's own kernels (tools/run_notebooks.py calls reference_env)
and `make test` runs the whole suite, nbval included, on a different set-up (other_setup), chosen
from what this machine can run:

- OpenBLAS one kernel family down from the one it picks for this CPU (SkylakeX -> Haswell ->
  Sandybridge -> Nehalem): other FMA use, other vector widths, other blocking of sums;
- numpy with its widest SIMD paths turned off (AVX-512, else AVX2), so its own loops take others.

Every part is tried in a subprocess first and kept only if it took effect there without a word on
stderr; on a CPU with nothing lower to choose (not x86-64, say) the suite runs on the machine's own
kernels and says so. Usage:

    python tools/numerics.py                  describe both set-ups
    python tools/numerics.py run -- CMD ...   run CMD on the other set-up (make test does this)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import NamedTuple

# Variables that choose kernels; the reference set-up removes them, so a stray one in a developer's
# shell cannot leak into the committed outputs.
KERNEL_VARS = ("OPENBLAS_CORETYPE", "NPY_DISABLE_CPU_FEATURES")
DESCRIBE_VAR = "ATTNLIB_NUMERICS"  # what make test runs on, for the report header and tests/test_numerics.py

# OpenBLAS's x86-64 kernel families (as threadpoolctl names them), each to the next one down.
ONE_FAMILY_DOWN = {
    "sapphirerapids": "Haswell",
    "cooperlake": "Haswell",
    "skylakex": "Haswell",
    "zen": "Sandybridge",
    "haswell": "Sandybridge",
    "excavator": "Sandybridge",
    "sandybridge": "Nehalem",
    "bulldozer": "Nehalem",
    "piledriver": "Nehalem",
    "steamroller": "Nehalem",
}
WIDEST = ("X86_V4", "512")  # numpy >= 2.4 groups AVX-512 as X86_V4; older names contain 512
NEXT_WIDEST = ("X86_V3", "AVX2", "FMA3")  # AVX2 and FMA, where no AVX-512 path is found

PROBE = """
import json, platform
import numpy as np
try:
    from numpy._core import _multiarray_umath as umath
except ImportError:                      # numpy < 2
    from numpy.core import _multiarray_umath as umath
try:
    from threadpoolctl import threadpool_info
    blas = [i.get("architecture") for i in threadpool_info() if i.get("internal_api") == "openblas"]
except ImportError:
    blas = []
print(json.dumps({"machine": platform.machine(), "openblas": blas[0] if blas else None,
                  "dispatch": list(umath.__cpu_dispatch__),
                  "features": {k: bool(v) for k, v in umath.__cpu_features__.items()}}))
"""


class Setup(NamedTuple):
    """A numeric set-up: the environment variables that make it, and a sentence saying what it is."""

    env: dict[str, str]
    description: str


def reference_env(environ: dict[str, str] | None = None) -> dict[str, str]:
    """Return environ (default: this process's) without the variables that choose kernels."""
    return {k: v for k, v in (os.environ if environ is None else environ).items() if k not in KERNEL_VARS}


def probe(extra: dict[str, str] | None = None) -> tuple[dict, str]:
    """Return (what numpy and OpenBLAS run on, stderr) in a fresh Python with extra set on the reference."""
    env = {**reference_env(), **(extra or {})}
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        return {}, done.stderr.strip() or f"exit code {done.returncode}"
    return json.loads(done.stdout), done.stderr.strip()


def lower_openblas(architecture: str | None) -> str | None:
    """Return the OpenBLAS kernel family one step below `architecture`, or None if none is known."""
    return ONE_FAMILY_DOWN.get((architecture or "").lower())


def widest_numpy_targets(dispatch: list[str], features: dict[str, bool]) -> list[str]:
    """Return numpy's widest dispatched SIMD targets this CPU has (AVX-512, else AVX2), to turn off."""
    found = [t for t in dispatch if features.get(t)]
    for level in (WIDEST, NEXT_WIDEST):
        chosen = [t for t in found if any(part in t for part in level)]
        if chosen:
            return chosen
    return []


def other_setup() -> Setup:
    """Return a numeric set-up this machine can run that differs from its own, tried in a subprocess."""
    own, err = probe()
    if not own:
        return Setup({}, f"the machine's own kernels (could not probe numpy: {err})")
    env: dict[str, str] = {}
    notes = []
    core = lower_openblas(own["openblas"])
    if core:
        got, err = probe({"OPENBLAS_CORETYPE": core})
        if got.get("openblas") and got["openblas"].lower() != own["openblas"].lower() and not err:
            env["OPENBLAS_CORETYPE"] = core
            notes.append(f"OpenBLAS's {got['openblas']} kernels (this machine's own: {own['openblas']})")
    if "OPENBLAS_CORETYPE" not in env:
        notes.append(f"OpenBLAS's own kernels ({own['openblas'] or 'no OpenBLAS found'}; no lower family to try)")
    targets = widest_numpy_targets(own["dispatch"], own["features"])
    if targets:
        value = " ".join(targets)
        got, err = probe({**env, "NPY_DISABLE_CPU_FEATURES": value})
        if got and not err and not any(got["features"].get(t) for t in targets):
            env["NPY_DISABLE_CPU_FEATURES"] = value
            notes.append(f"numpy without {', '.join(targets)}")
    if "NPY_DISABLE_CPU_FEATURES" not in env:
        notes.append("numpy's own SIMD paths (none to turn off)")
    return Setup(env, f"on {own['machine']}: " + "; ".join(notes))


def main(argv: list[str]) -> int:
    """Describe the two set-ups, or run a command on the other one."""
    setup = other_setup()
    if argv[:1] == ["run"]:
        command = argv[2:] if argv[1:2] == ["--"] else argv[1:]
        if not command:
            print("usage: python tools/numerics.py run -- CMD ...", file=sys.stderr)
            return 2
        print(
            f"numeric set-up for this run, not the one that made the committed outputs: {setup.description}", flush=True
        )
        env = {**os.environ, **setup.env, DESCRIBE_VAR: json.dumps(setup.env)}
        for var in KERNEL_VARS:
            if var not in setup.env:
                env.pop(var, None)  # the machine's own, not a stray setting of the shell
        os.execvpe(command[0], command, env)
    print("committed outputs: this machine's own kernels (tools/run_notebooks.py)")
    print(f"make test:         {setup.description}")
    for name, value in setup.env.items():
        print(f"  {name}={value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
