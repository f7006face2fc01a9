"""tools/bench_gpt.py: one training step of notebook 12's GPT, timed, and against torch when it is there (#26).

torch is never installed in .venv, so these test what runs without it: the bench on a tiny model, the weights'
exchange with the torch reference, the verdict on agreement and the environment it makes. The last test runs
the torch reference itself, if _build/torch-env/ exists (python tools/bench_gpt.py --torch makes it).
"""

import subprocess
import sys

import bench_gpt
import gpt_torch_reference as ref
import numpy as np
import pytest
from _common import ROOT, TOOLS

from attnlib.models import gpt

TINY = {"vocab_size": 7, "d_model": 8, "n_heads": 2, "n_layers": 2, "context": 8}


def test_the_bench_times_a_tiny_model_and_says_how_to_compare_with_torch(capsys):
    assert bench_gpt.time_gpt(TINY, batch=2, rounds=2, block=2, warmup=1, python=None, keep_memory=False)
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "attnlib: loss_and_gradients + adam_step" in line)
    assert float(line.split()[0]) > 0 and "median of 4" in line and "page faults a step" in line
    assert "vocabulary 7, d_model 8, 2 heads, 2 layer(s), context 8, batch 2" in out
    assert "malloc as it comes" in out and "--torch" in out and "torch-env" in out


def test_the_bench_runs_alone_and_a_python_without_torch_fails_it_saying_why():
    """As a command: the conditions line, the part, the verdict. A --torch-python that cannot run the reference
    (here .venv's own Python, which has no torch) is an exceeded budget with torch's error, not a crash."""
    command = [sys.executable, str(TOOLS / "bench_gpt.py"), "--rounds", "1", "--block", "1"]
    done = subprocess.run([*command, "--no-torch"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("conditions: ") and " ms  attnlib" in done.stdout
    assert done.stdout.rstrip().endswith("within budget")
    done = subprocess.run(
        [*command, "--torch-python", sys.executable], capture_output=True, text=True, timeout=300, cwd=ROOT
    )
    assert done.returncode == 1 and "No module named 'torch'" in done.stdout and "OVER BUDGET" in done.stdout


def test_the_weights_reach_torch_as_init_params_made_them(tmp_path):
    params = gpt.init_params(**TINY, seed=3)
    stressed = ref.stressed_params(params)
    windows = np.random.default_rng(0).integers(0, 7, size=(3, 2, 9))
    path = tmp_path / "exchange.npz"
    ref.write_exchange(path, {"start": params, "stressed": stressed}, windows, {"n_heads": 2, "lr": 3e-3})
    sets, got_windows, meta = ref.read_exchange(path)
    assert list(sets) == ["start", "stressed"] and list(sets["start"]) == list(params), "init_params' order"
    for kind, want in (("start", params), ("stressed", stressed)):
        for name, value in want.items():
            assert sets[kind][name].dtype == np.float32 and np.array_equal(sets[kind][name], value), (kind, name)
    assert np.array_equal(got_windows, windows) and got_windows.dtype == np.int64
    assert meta == {"n_heads": 2, "lr": 3e-3}


def test_the_stressed_weights_make_every_piece_count():
    """Larger weights, gains and biases away from 1 and 0: GELU's inputs and the attention scores of order 1."""
    params = gpt.init_params(**TINY, seed=0)
    stressed = ref.stressed_params(params)
    assert list(stressed) == list(params) and all(stressed[k].dtype == np.float32 for k in params)
    assert np.allclose(stressed["l0.W_1"], 10 * params["l0.W_1"]) and not np.allclose(stressed["l1.ln2_g"], 1)
    assert np.abs(stressed["l0.b_1"]).max() > 0.1
    assert np.array_equal(ref.stressed_params(params)["lnf_b"], stressed["lnf_b"]), "seeded"


def _torch_like(ours: dict, off: float = 0.0) -> dict:
    """What the torch reference would write if it computed attnlib's numbers, each off by `off` (relative)."""
    theirs = {"losses": np.array(ours["losses"]) * (1 + off)}
    for kind in ("start", "stressed"):
        loss, grads = ours[kind]
        for attention in ("eager", "sdpa"):
            theirs[f"{kind}/{attention}/loss"] = np.array(loss * (1 + off))
            theirs |= {f"{kind}/{attention}/grad/{name}": g * (1 + off) for name, g in grads.items()}
    return theirs


def test_the_models_must_agree_before_their_times_compare():
    """compare() accepts round-off and refuses another loss, a wrong gradient or Adam steps that drift, with
    either attention and either parameter set."""
    params = gpt.init_params(**TINY, seed=0)
    window = np.random.default_rng(0).integers(0, 7, size=(2, 9))
    sets = {"start": params, "stressed": ref.stressed_params(params)}
    ours = {kind: gpt.loss_and_gradients(p, window) for kind, p in sets.items()}
    ours["losses"] = [ours["start"][0], ours["start"][0] - 0.1]
    theirs = _torch_like(ours, off=1e-7)
    lines, agree = bench_gpt.compare(ours, theirs)
    assert agree and len(lines) == 5 and "init_params: first loss" in lines[0]
    loss, grads = ours["stressed"]
    for change in (
        {"losses": np.array([ours["losses"][0], ours["losses"][1] + 1e-4])},
        {"start/sdpa/loss": np.array(ours["start"][0] + 1e-4)},
        {"stressed/eager/loss": np.array(loss + 1e-4)},
        {"stressed/sdpa/grad/l1.W_2": -grads["l1.W_2"]},
        {"start/eager/grad/tok_emb": ours["start"][1]["tok_emb"] * 1.01},
        {"start/sdpa/grad/pos_emb": ours["start"][1]["pos_emb"] * np.nan},
    ):
        lines, agree = bench_gpt.compare(ours, theirs | change)
        assert not agree, change
    assert "worst l1.W_2" in bench_gpt.compare(ours, theirs | {"stressed/sdpa/grad/l1.W_2": -grads["l1.W_2"]})[0][3]


def test_keep_freed_memory_takes_effect_on_glibc():
    if not sys.platform.startswith("linux"):
        pytest.skip("mallopt is glibc's")
    code = "import gpt_torch_reference as r; print(r.keep_freed_memory())"  # in a child: this process keeps its malloc
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=TOOLS)
    assert done.stdout.strip() == "True", done.stderr


def test_the_torch_environment_is_throwaway_cpu_only_and_counts_only_once_complete(tmp_path, monkeypatch):
    env = tmp_path / "torch-env"
    assert bench_gpt.torch_python(env) is None
    commands = []

    def run(command, check):
        commands.append(command)
        if command[1:3] == ["-m", "venv"]:
            bench_gpt.env_python(env).parent.mkdir(parents=True)
            bench_gpt.env_python(env).touch()
        assert bench_gpt.torch_python(env) is None, "a half-made environment is not used"

    monkeypatch.setattr(bench_gpt.subprocess, "run", run)
    python = bench_gpt.make_torch_env(env)
    assert python == bench_gpt.env_python(env) == bench_gpt.torch_python(env)
    assert commands[0][:3] == [sys.executable, "-m", "venv"], "never installs into .venv"
    assert ["--index-url", bench_gpt.TORCH_INDEX] == commands[1][4:6] and commands[1][-1].startswith("torch==")
    assert bench_gpt.make_torch_env(env) == python and len(commands) == 3, "made once"


@pytest.mark.skipif(bench_gpt.torch_python() is None, reason="no _build/torch-env (python tools/bench_gpt.py --torch)")
def test_torch_computes_the_same_model(capsys):
    """With the torch environment: the same loss, gradients and Adam steps on a tiny 2-layer model."""
    bench_gpt.time_gpt(TINY, batch=2, rounds=1, block=1, warmup=1, python=bench_gpt.torch_python(), keep_memory=False)
    out = capsys.readouterr().out
    assert "DISAGREE" not in out and "first loss" in out and "torch eager" in out
