"""The tiny GPT of attnlib.models.gpt in PyTorch, for tools/bench_gpt.py: the same model, loss and Adam step.

torch is never a dependency of the series: tools/bench_gpt.py runs this file in a throwaway environment
(_build/torch-env/, made by `python tools/bench_gpt.py --torch`) as a child process:

    _build/torch-env/bin/python tools/gpt_torch_reference.py IN.npz OUT.npz [--keep-freed-memory]

IN.npz holds parameter sets under attnlib's own names (write_exchange): "start", attnlib's init_params, and
"stressed" (stressed_params), with the token windows (S, B, T + 1) and the settings. The child builds GPT-2's
pre-LN block from those very arrays with torch's own kernels (embedding, layer_norm, addmm, tanh-GELU,
cross_entropy; torch.optim.Adam with attnlib's betas and eps), computes the first window's loss and every
gradient for each set, with eager attention and with SDPA, and the losses of `check_steps` Adam steps from
"start"; it writes them to OUT.npz (tools/bench_gpt.py compares them with attnlib's) and prints one JSON
line: torch's version and threads. Then it times steps on request, one line a request on stdin,
"<attention> <steps>", attention "eager" (softmax of the masked scores, as attnlib computes them) or "sdpa"
(torch's fused scaled_dot_product_attention, is_causal=True), each with its own copy of the parameters and
its own Adam, answering one JSON line of milliseconds per step; so the bench can interleave attnlib's steps
and torch's, and the machine's ups and downs fall on both alike.

This module imports torch only inside the child's functions: bench_gpt.py imports it for the exchange
format and keep_freed_memory without torch.
"""

from __future__ import annotations

import ctypes
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np

ATTENTIONS = ("eager", "sdpa")
LAYER_KEYS = ("ln1_g", "ln1_b", "W_Q", "W_K", "W_V", "W_O", "ln2_g", "ln2_b", "W_1", "b_1", "W_2", "b_2")
LN_EPS = 1e-5  # attnlib.maths.blocks.LN_EPS: GPT-2's
ADAM = {"betas": (0.9, 0.999), "eps": 1e-8}  # attnlib.models.training.adam_step's
# glibc's mallopt parameters (malloc.h); values for keep_freed_memory
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
TRIM_THRESHOLD = 1 << 30  # never give the top of the heap back unless 1 GiB of it is free
MMAP_THRESHOLD = 32 << 20  # the largest glibc allows on 64-bit: blocks below 32 MiB come from the heap


def keep_freed_memory() -> bool:
    """Make glibc's malloc keep freed memory for the next allocation instead of returning it to the system
    (mallopt: trim threshold 1 GiB, mmap threshold 32 MiB); return whether it took effect (False off glibc).

    By default a block of 128 KiB or more gets fresh pages from the system (mmap) and gives them back
    when freed, and the heap's free top is trimmed: a training step of this model allocates and frees
    about 20 MB of temporaries, so in a fresh process every step pays 2,000 to 5,000 page faults (the
    kernel zeroing each 4 KiB page). glibc raises both thresholds by itself once a block between the
    current threshold and 32 MiB is freed, which a notebook that has loaded and encoded a text has
    usually done; a fresh process has not. This sets what such a process has, at once."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):  # not glibc (macOS, Windows)
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1 and mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1


def page_faults() -> int:
    """This process's minor page faults so far (pages the kernel had to map, mostly zero-filled)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def cpu_seconds() -> float:
    """This process's CPU time so far, all threads (the bench does not count it as other processes' load)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def write_exchange(path: Path, sets: dict[str, dict[str, np.ndarray]], windows: np.ndarray, meta: dict) -> None:
    """Write parameter sets ("start": attnlib's init_params; "stressed": see stressed_params) under their names,
    shapes and dtype, the windows (S, B, T + 1) and the settings."""
    arrays = {f"{kind}/{name}": np.ascontiguousarray(v) for kind, params in sets.items() for name, v in params.items()}
    np.savez(path, meta=np.array(json.dumps(meta)), windows=np.asarray(windows, dtype=np.int64), **arrays)


def read_exchange(path: Path) -> tuple[dict[str, dict[str, np.ndarray]], np.ndarray, dict]:
    """Read what write_exchange wrote: (parameter sets, each in its order; windows; meta)."""
    sets: dict[str, dict[str, np.ndarray]] = {}
    with np.load(path) as data:
        for key in data.files:
            if "/" in key:
                kind, name = key.split("/", 1)
                sets.setdefault(kind, {})[name] = data[key]
        return sets, data["windows"], json.loads(str(data["meta"]))


def stressed_params(params: dict[str, np.ndarray], seed: int = 1) -> dict[str, np.ndarray]:
    """Return params with every weight matrix 10 times larger and gains 1 + N(0, 0.2), biases N(0, 0.2): at
    init_params' scale GELU's inputs are near 0 (where tanh-GELU and erf-GELU agree to 1e-7) and the attention
    nearly uniform, so a loss that agrees there proves less than one that agrees here too."""
    rng = np.random.default_rng(seed)
    out = {}
    for name, value in params.items():
        last = name.rsplit(".", 1)[-1]
        if last.endswith("_g"):
            out[name] = (1 + 0.2 * rng.standard_normal(value.shape)).astype(value.dtype)
        elif last.endswith("_b") or last.startswith("b_"):
            out[name] = (0.2 * rng.standard_normal(value.shape)).astype(value.dtype)
        else:
            out[name] = value * value.dtype.type(10)
    return out


def build(params: dict[str, np.ndarray], n_heads: int):
    """Return (torch parameters by attnlib's names, loss(windows) -> mean cross-entropy, attention setter)."""
    import torch
    import torch.nn.functional as F

    p = {name: torch.nn.Parameter(torch.from_numpy(value.copy())) for name, value in params.items()}
    if "l0.W_1" not in p or "l0.ln1_g" not in p or "no_residual" in p:
        raise ValueError("the torch reference builds GPT-2's whole block: attention, feed-forward, residuals, LN")
    vocab, d = p["tok_emb"].shape
    n_layers = sum(name.endswith(".W_Q") for name in p)
    d_head = d // n_heads
    layers = [{name: p[f"l{i}.{name}"] for name in LAYER_KEYS} for i in range(n_layers)]
    how, masks = {"attention": "eager"}, {}

    def attention(q, k, v):  # (B, h, T, d_head) each
        if how["attention"] == "sdpa":
            return F.scaled_dot_product_attention(q, k, v, is_causal=True)
        t = q.shape[-2]
        if t not in masks:  # blocked: above the diagonal
            masks[t] = ~torch.ones(t, t, dtype=torch.bool).tril()
        scores = (q * d_head**-0.5) @ k.transpose(-1, -2)  # attnlib scales q first
        scores = scores.masked_fill(masks[t], float("-inf"))
        return torch.softmax(scores, dim=-1) @ v

    def loss(window):  # (B, T + 1) int64
        inputs, targets = window[:, :-1], window[:, 1:].reshape(-1)
        batch, t = inputs.shape
        x = (F.embedding(inputs, p["tok_emb"]) + p["pos_emb"][:t]).reshape(batch * t, d)  # (N, d)
        for w in layers:
            h = F.layer_norm(x, (d,), w["ln1_g"], w["ln1_b"], LN_EPS)
            w_qkv = torch.cat([w[n].reshape(d, d) for n in ("W_Q", "W_K", "W_V")], dim=1)  # (d, 3d)
            q, k, v = (h @ w_qkv).reshape(batch, t, 3, n_heads, d_head).permute(2, 0, 3, 1, 4)  # (B, h, T, d_head)
            merged = attention(q, k, v).transpose(1, 2).reshape(batch * t, d)
            x = x + merged @ w["W_O"].reshape(d, d)
            h = F.layer_norm(x, (d,), w["ln2_g"], w["ln2_b"], LN_EPS)
            hidden = F.gelu(torch.addmm(w["b_1"], h, w["W_1"]), approximate="tanh")
            x = x + torch.addmm(w["b_2"], hidden, w["W_2"])
        logits = F.layer_norm(x, (d,), p["lnf_g"], p["lnf_b"], LN_EPS) @ p["W_out"]  # (N, vocab)
        return F.cross_entropy(logits, targets)

    def use(attention_kind: str) -> None:
        how["attention"] = attention_kind

    return p, loss, use


def check(sets: dict[str, dict[str, np.ndarray]], windows: np.ndarray, meta: dict) -> dict[str, np.ndarray]:
    """From attnlib's starting parameters (sets["start"]): the first window's loss and gradients, then
    meta["check_steps"] Adam steps' losses and the parameters after them (eager attention); the same first
    loss with torch's SDPA; and for each other set (sets["stressed"]) its loss and gradients, both ways."""
    import torch

    start = sets["start"]
    p, loss, _ = build(start, meta["n_heads"])
    opt = torch.optim.Adam(p.values(), lr=meta["lr"], **ADAM)
    data = torch.from_numpy(windows)
    losses = []
    for step in range(meta["check_steps"]):
        opt.zero_grad(set_to_none=True)
        value = loss(data[step % len(data)])
        value.backward()
        losses.append(value.item())
        opt.step()
    out = {"losses": np.array(losses)}
    for kind, params in sets.items():
        for attention in ATTENTIONS:
            p, loss, use = build(params, meta["n_heads"])
            use(attention)
            value = loss(data[0])
            value.backward()
            out[f"{kind}/{attention}/loss"] = np.array(value.item())
            out |= {f"{kind}/{attention}/grad/{name}": v.grad.numpy().copy() for name, v in p.items()}
    return out


def serve(params: dict[str, np.ndarray], windows: np.ndarray, meta: dict) -> None:
    """Answer timing requests from stdin ("<attention> <steps>"; "quit" or end of input stops): run that
    many training steps (zero_grad, loss, backward, Adam) and print {"ms": [...], "page_faults": n, "cpu": s}."""
    import torch

    data = [torch.from_numpy(w) for w in windows]
    models = {}
    for kind in ATTENTIONS:
        p, loss, use = build(params, meta["n_heads"])
        models[kind] = (loss, use, torch.optim.Adam(p.values(), lr=meta["lr"], **ADAM), [0])
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            break
        kind, count = words[0], int(words[1])
        loss, use, opt, done = models[kind]
        use(kind)
        times, faults = [], page_faults()
        for _ in range(count):
            start = time.perf_counter()
            opt.zero_grad(set_to_none=True)
            value = loss(data[done[0] % len(data)])
            value.backward()
            opt.step()
            times.append((time.perf_counter() - start) * 1e3)
            done[0] += 1
        print(json.dumps({"ms": times, "page_faults": page_faults() - faults, "cpu": cpu_seconds()}), flush=True)


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3) or (len(argv) == 3 and argv[2] != "--keep-freed-memory"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    kept = keep_freed_memory() if "--keep-freed-memory" in argv else False
    import torch

    torch.set_num_threads(1)  # as attnlib's one BLAS thread
    torch.set_num_interop_threads(1)
    sets, windows, meta = read_exchange(Path(argv[0]))
    np.savez(argv[1], **check(sets, windows, meta))
    info = {
        "torch": torch.__version__,
        "numpy": np.__version__,
        "threads": torch.get_num_threads(),
        "kept_freed_memory": kept,
        "mkldnn": torch.backends.mkldnn.is_available(),
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "cpu": cpu_seconds(),
    }
    print(json.dumps(info), flush=True)
    serve(sets["start"], windows, meta)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
