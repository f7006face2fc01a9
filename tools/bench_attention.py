"""Time attnlib.attention against the formula in plain numpy (goal: within 1.1×) and its causal-masked
path against the unmasked one (within 1.5×), float32, one BLAS thread; torch's SDPA beside them if
torch is installed.

Usage: python tools/bench_attention.py    (make benchmark runs it with the other parts: benchmark.py)
Exits 1 if a goal is missed. A measurement, not a test: a busy machine gives other ratios.
"""

from __future__ import annotations

import os
import sys

from _bench import best_ms, run_parts
from machine_load import OtherLoad

ATTENTION_VS_NUMPY_GOAL = 1.1  # attnlib.attention within 1.1× of the in-place numpy formula
MASKED_VS_UNMASKED_GOAL = 1.5  # the causal-masked path within 1.5× of the unmasked one


def _numpy_attention(q, k, v):
    """The formula in plain in-place numpy: the yardstick attnlib.attention is measured against."""
    import numpy as np

    scores = (q @ k.T) * (1.0 / q.shape[-1] ** 0.5)  # a Python float keeps float32 float32
    scores -= scores.max(axis=-1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=-1, keepdims=True)
    return scores @ v


def _torch_sdpa_ms(q, k, v, repeats: int) -> tuple[float, float] | None:
    """Best times of torch's scaled_dot_product_attention (plain, is_causal), or None without torch."""
    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        return None
    torch.set_num_threads(1)
    tq, tk, tv = (torch.from_numpy(a)[None] for a in (q, k, v))
    with torch.no_grad():
        plain = best_ms(lambda: F.scaled_dot_product_attention(tq, tk, tv), repeats)
        causal = best_ms(lambda: F.scaled_dot_product_attention(tq, tk, tv, is_causal=True), repeats)
    return plain, causal


def time_attention(n: int = 2048, d_k: int = 64, repeats: int = 7) -> bool:
    """Time attnlib.attention (float32, n × d_k, one thread) against numpy and torch; return goals met."""
    import contextlib

    import numpy as np

    import attnlib as al

    try:
        from threadpoolctl import threadpool_limits

        limit, threads = threadpool_limits(limits=1), "1 thread (threadpoolctl)"
    except ImportError:
        limit = contextlib.nullcontext()
        threads = (
            f"threadpoolctl not installed: BLAS threads as set by the environment "
            f"(OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, "
            f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}, {os.cpu_count()} CPUs)"
        )
    rng = np.random.default_rng(0)
    q, k, v = (rng.standard_normal((n, d_k), dtype=np.float32) for _ in range(3))
    mask = al.causal_mask(n)
    with limit, OtherLoad() as load:
        plain = best_ms(lambda: al.attention(q, k, v), repeats)
        formula = best_ms(lambda: _numpy_attention(q, k, v), repeats)
        masked = best_ms(lambda: al.attention(q, k, v, mask=mask), repeats)
        torch_ms = _torch_sdpa_ms(q, k, v, repeats)
    print(f"  float32, n = {n}, d_k = {d_k}, best of {repeats}; {threads}; {load.describe()}")
    print(f"  {plain:8.2f} ms  attnlib.attention")
    print(f"  {formula:8.2f} ms  in-place numpy formula")
    print(f"  {masked:8.2f} ms  attnlib.attention with a causal mask")
    ratio, masked_ratio = plain / formula, masked / plain
    print(f"  {ratio:8.2f} ×   attnlib / numpy (goal <= {ATTENTION_VS_NUMPY_GOAL})")
    print(f"  {masked_ratio:8.2f} ×   masked / unmasked (goal <= {MASKED_VS_UNMASKED_GOAL})")
    if torch_ms is None:
        print("  torch not installed: SDPA comparison skipped")
    else:
        print(f"  {torch_ms[0]:8.2f} ms  torch SDPA ({plain / torch_ms[0]:.2f}× for attnlib)")
        print(f"  {torch_ms[1]:8.2f} ms  torch SDPA is_causal ({masked / torch_ms[1]:.2f}× for attnlib masked)")
    return ratio <= ATTENTION_VS_NUMPY_GOAL and masked_ratio <= MASKED_VS_UNMASKED_GOAL


def attention() -> bool:
    """attnlib.attention's speed, with its heading; return whether both goals are met."""
    print("attention (float32, one thread):")
    return time_attention()


if __name__ == "__main__":
    sys.exit(run_parts([attention]))
