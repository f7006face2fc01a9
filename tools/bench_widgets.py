"""Time every widget's reaction: in the kernel (< 100 ms each) and in the browser (p95 <= 150 ms).

Usage: python tools/bench_widgets.py [--no-browser]   (make benchmark runs both with the other parts)

In the kernel: each widget's callback in this process (change a control, wait for the display to be
recomputed), the median of 15 changes. In the browser: JupyterLab started as `make lab` starts it
(tools/browser/, the browser tests' machinery), every lesson run in headless Chromium, and 20
interactions (a key, a click, a choice: tools/browser/drivers.py, each widget's `timed`) with each
widget, from the moment the input lands to the readout's last change. Exits 1 over a budget.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _bench import median_ms, run_parts
from _common import ROOT
from machine_load import OtherLoad

WIDGET_BUDGET_MS = 100.0
BROWSER_P95_BUDGET_MS = 150.0
# Two 20-token sentences for the MiniLM widget (a new sentence each time: the first encode is the slow one).
MINILM_SENTENCES = (
    "the old fisherman sat quietly on the grassy bank of the wide river and watched the slow boats",
    "my sister bought a new phone and a smart watch from the apple store in the busy city centre",
)


def _training_run():
    """Notebook 10's training run (about a second), for its widget."""
    import attnlib as al

    train, test = (al.encode_sentences(s) for s in al.make_sense_sentences(n_train=400, n_test=200, seed=0))
    return al.train_sense_model(train, test)


def _minilm_widget():
    """Notebook 11's widget over the real model."""
    from attnlib import build_minilm_widget, load_minilm

    return build_minilm_widget(load_minilm())


def time_widgets() -> float:
    """Time each widget's reaction to a control change (the kernel-side callback); return the worst."""
    import attnlib as al

    w = al  # the widget builders load ipywidgets on first use
    cases = {
        "softmax": (w.build_softmax_widget(), lambda b, i: setattr(b.children[0], "value", float(i % 10))),
        "profile": (w.build_profile_widget(), lambda b, i: setattr(b.children[0], "index", i % 3)),
        "mixing": (w.build_mixing_widget(), lambda b, i: setattr(b.children[2], "value", 0.2 + 0.05 * (i % 10))),
        "vector": (w.build_vector_widget(), lambda b, i: setattr(b.children[0], "value", float(5 * i))),
        "sentence": (
            w.build_sentence_widget(),
            lambda b, i: setattr(b.children[0], "value", ["I love apple juice", "I love Apple phones"][i % 2]),
        ),
        "lookup": (w.build_soft_lookup_widget(), lambda b, i: setattr(b.children[0], "value", float(5 * i))),
        "scaling": (w.build_scaling_widget(), lambda b, i: setattr(b.children[0], "value", [64, 512][i % 2])),
        "cost": (w.build_cost_widget(), lambda b, i: setattr(b.children[0], "value", 2 ** (3 + i % 12))),
        "heads": (w.build_heads_widget(), lambda b, i: setattr(b.children[1], "value", [1, 2, 4, 8][i % 4])),
        "training": (
            w.build_training_widget(_training_run()),
            lambda b, i: setattr(b.children[0], "value", 10 * (i % 20)),
        ),
        "minilm": (_minilm_widget(), lambda b, i: setattr(b.children[0], "value", MINILM_SENTENCES[i % 2])),
    }
    worst = 0.0
    with OtherLoad() as load:
        for name, (box, change) in cases.items():
            ms = median_ms(lambda i, box=box, change=change: change(box, i))
            worst = max(worst, ms)
            print(f"  {ms:7.2f} ms  {name} widget")
    print(f"  {load.describe()}")
    print(f"  {worst:7.2f} ms  slowest (budget {WIDGET_BUDGET_MS:.0f} ms, kernel side; the browser adds its drawing)")
    return worst


def time_browser_widgets(repeats: int = 20) -> float:
    """Time every lesson widget's reaction in JupyterLab in headless Chromium; return the overall p95."""
    import browser as bs  # here, not at the top: it loads numpy, after run_parts has chosen the kernels
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
        print(
            f"  {rel:<48}{cls.removeprefix('attnlib-'):<26}{len(t):>4}"
            f"{np.median(t):>7.0f}ms{np.percentile(t, 95):>7.0f}ms{t.max():>7.0f}ms"
        )
    p95 = float(np.percentile(everything, 95))
    print(f"  all {len(everything)} interactions: p95 {p95:.0f} ms (budget {BROWSER_P95_BUDGET_MS:.0f} ms)")
    return p95


def in_kernel() -> bool:
    """The widgets' kernel-side reactions, with their heading; return whether all are within budget."""
    print("widgets in the kernel (median of 15 changes):")
    return time_widgets() <= WIDGET_BUDGET_MS


def in_browser() -> bool:
    """The widgets' reactions in the browser, with their heading; return whether the p95 is within budget."""
    print("widgets in the browser (interaction to the readout's last change):")
    return time_browser_widgets() <= BROWSER_P95_BUDGET_MS


if __name__ == "__main__":
    sys.exit(run_parts([in_kernel] + ([] if "--no-browser" in sys.argv[1:] else [in_browser])))
