"""The suite checks the committed outputs on another numeric set-up than the one that made them
(tools/numerics.py): a notebook whose printed numbers depend on the CPU's kernels fails here."""

import json
import os

import numpy as np
import pytest
import run_notebooks
from numerics import DESCRIBE_VAR, KERNEL_VARS, lower_openblas, other_setup, probe, widest_numpy_targets

NUMPY_2_4 = ["X86_V3", "X86_V4", "AVX512_ICL", "AVX512_SPR"]
NUMPY_1_26 = [
    "SSSE3",
    "SSE41",
    "POPCNT",
    "SSE42",
    "AVX",
    "F16C",
    "FMA3",
    "AVX2",
    "AVX512F",
    "AVX512CD",
    "AVX512_KNL",
    "AVX512_SKX",
    "AVX512_CLX",
    "AVX512_CNL",
    "AVX512_ICL",
    "AVX512_SPR",
]


@pytest.mark.parametrize(
    ("own", "lower"),
    [
        ("SkylakeX", "Haswell"),
        ("SapphireRapids", "Haswell"),
        ("Zen", "Sandybridge"),
        ("Haswell", "Sandybridge"),
        ("Sandybridge", "Nehalem"),
        ("neoversen1", None),
        (None, None),
    ],
)
def test_openblas_goes_one_kernel_family_down(own, lower):
    assert lower_openblas(own) == lower


def test_numpy_turns_off_its_widest_paths_only():
    avx512 = {t: True for t in NUMPY_2_4[:3]}
    assert widest_numpy_targets(NUMPY_2_4, avx512) == ["X86_V4", "AVX512_ICL"]
    assert widest_numpy_targets(NUMPY_2_4, {"X86_V3": True}) == ["X86_V3"]  # AVX2, no AVX-512
    assert widest_numpy_targets(NUMPY_2_4, {}) == []  # nothing to turn off
    old = {t: True for t in NUMPY_1_26[:12]}  # up to AVX512_SKX
    assert widest_numpy_targets(NUMPY_1_26, old) == ["AVX512F", "AVX512CD", "AVX512_KNL", "AVX512_SKX"]


def test_the_other_setup_really_differs_from_the_machines_own():
    """Each part of the set-up is one this machine runs, and it changes what numpy and OpenBLAS use."""
    setup = other_setup()
    if not setup.env:
        pytest.skip(f"no other set-up on this machine: {setup.description}")
    own, _ = probe()
    other, err = probe(setup.env)
    assert not err, f"the other set-up writes to stderr: {err}"
    if "OPENBLAS_CORETYPE" in setup.env:
        assert other["openblas"].lower() == setup.env["OPENBLAS_CORETYPE"].lower() != own["openblas"].lower()
    for target in setup.env.get("NPY_DISABLE_CPU_FEATURES", "").split():
        assert own["features"][target] and not other["features"][target]


def test_make_test_runs_on_the_setup_it_announces():
    """Under make test (tools/numerics.py run), this worker and the kernels it starts run the other set-up."""
    declared = os.environ.get(DESCRIBE_VAR)
    if declared is None:
        pytest.skip("make test runs the suite through tools/numerics.py; this run did not")
    env = json.loads(declared)
    for var in KERNEL_VARS:
        assert os.environ.get(var) == env.get(var), f"{var} is not what tools/numerics.py set"
    if "OPENBLAS_CORETYPE" in env:
        from threadpoolctl import threadpool_info

        blas = [i["architecture"] for i in threadpool_info() if i.get("internal_api") == "openblas"]
        assert [a.lower() for a in blas] == [env["OPENBLAS_CORETYPE"].lower()]
    try:
        from numpy._core._multiarray_umath import __cpu_features__
    except ImportError:  # numpy < 2
        from numpy.core._multiarray_umath import __cpu_features__
    assert not any(__cpu_features__[t] for t in env.get("NPY_DISABLE_CPU_FEATURES", "").split())
    assert np.ones(3) @ np.ones(3) == 3.0


def test_committed_outputs_come_from_the_machines_own_kernels(monkeypatch):
    """tools/run_notebooks.py drops a kernel choice left in the shell before any kernel starts."""
    seen = {}
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Sandybridge")
    monkeypatch.setenv("NPY_DISABLE_CPU_FEATURES", "X86_V4")
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):  # main() sets them: undo after
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(run_notebooks, "execute", lambda path: seen.update(os.environ) or 0.0)
    assert run_notebooks.main([str(run_notebooks.ROOT / "notebooks" / "00_start_here.ipynb")]) == 0
    assert not set(KERNEL_VARS) & set(seen)


def test_machine_load_counts_only_other_processes(monkeypatch):
    """Timing tools print how busy the machine was: all CPU time spent, minus this process's own."""
    import machine_load

    clock = iter([100.0, 102.0])  # 2 s of wall time
    busy = iter([500.0, 503.0])  # all CPUs together were busy 3 s meanwhile
    own = iter([10.0, 12.0])  # 2 s of them were this process
    monkeypatch.setattr(machine_load.time, "monotonic", lambda: next(clock))
    monkeypatch.setattr(machine_load, "_busy_seconds", lambda: next(busy))
    monkeypatch.setattr(machine_load, "_own_seconds", lambda: next(own))
    monkeypatch.setattr(machine_load.os, "cpu_count", lambda: 2)
    with machine_load.OtherLoad() as load:
        pass
    assert load.share == pytest.approx(0.25)  # 1 s of others' work over 2 s × 2 CPUs
    assert load.describe() == "other processes used 25% of the 2 CPUs meanwhile"
