"""A tiny GPT in NumPy: a decoder-only transformer that predicts the next token, every gradient by hand.

    x = tok_emb[tokens] + pos_emb[:T]              (B, T, d_model): the residual stream
    n_layers times (GPT-2's pre-LN block):
        x = x + attention(LN1(x))                  causal, n_heads heads, scores scaled by 1/√d_head
        x = x + GELU(LN2(x) W_1 + b_1) W_2 + b_2   the feed-forward, 4·d_model wide
    logits = LN_f(x) W_out                         (B, T, vocab_size): one score per next token

A block may leave pieces out (init_params(..., pieces=...), attnlib.models.gpt_pieces): without the
feed-forward its second line goes, without layer norm every LN is the identity, and without residual
connections each line replaces x instead of adding to it: x = attention(x), then x = FFN(x).

Parameters are a dict of arrays, keyed as init_params lists them ("tok_emb", "l0.W_Q", ...). The heads show
in the shapes: W_Q, W_K, W_V are (d_model, n_heads, d_head) and W_O is (n_heads, d_head, d_model), the
(d_model, d_model) matrices of notebook 07 split by head (.reshape(d_model, d_model) gives them back).
The layer pieces and their backward passes are attnlib.maths.blocks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from .._validate import at_most, to_any_array, to_limited_whole_number, to_positive_number, to_whole_number
from ..maths import blocks
from .gpt_pieces import NO_RESIDUAL, PIECES, Config, check_params, init_params, param_shapes

MAX_LENGTH = 100_000  # a safety limit for sample()'s length
__all__ = [
    "PIECES",
    "Config",
    "GPTForward",
    "check_params",
    "check_tokens",
    "forward",
    "init_params",
    "loss_and_gradients",
    "n_params",
    "param_shapes",
    "sample",
]


NormCache = blocks.LayerNormCache | None  # None: a model without layer norm


class GPTForward(NamedTuple):
    """forward(..., return_cache=True): the logits, every attention weight, and what the backward pass reads."""

    logits: np.ndarray  # (B, T, vocab_size)
    weights: np.ndarray  # (n_layers, B, n_heads, T, T): row t of a head is how position t spread its attention
    cache: dict  # the activations of every layer, for the backward pass


def check_tokens(tokens: object, cfg: Config, name: str = "tokens", extra: int = 0, crop: bool = False) -> np.ndarray:
    """Return tokens (B, T + extra) as token ids in [0, vocab_size) with 1 ≤ T ≤ context (any T ≥ 1 if crop)."""
    ids = to_any_array(tokens, f"{name} must be a 2-D array (B, T) of token ids, got")
    if ids.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold whole numbers (token ids 0 to {cfg.vocab_size - 1}), got dtype {ids.dtype}")
    if ids.ndim != 2 or ids.shape[0] < 1 or ids.shape[1] < 1 + extra:
        want = f"(B, T{' + 1' if extra else ''}): one row per sequence, at least {1 + extra} token{'s' * extra} each"
        raise ValueError(f"{name} must be a 2-D array {want}; got shape {ids.shape}")
    bad = (ids < 0) | (ids >= cfg.vocab_size)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(f"{name} must be token ids from 0 to {cfg.vocab_size - 1}; got {ids[where]} at index {where}")
    if not crop and ids.shape[1] - extra > cfg.context:
        read = f"{ids.shape[1]} tokens a row, of which the model reads {ids.shape[1] - extra}" if extra else ""
        raise ValueError(
            f"{name} has {read or f'{ids.shape[1]} tokens a row'}, more than the model's context of {cfg.context} "
            f"(pos_emb has {cfg.context} rows); use shorter rows"
        )
    return ids.astype(np.intp, copy=False)


@np.errstate(over="ignore", invalid="ignore")  # numbers beyond the dtype: _require_finite says so
def _forward(p: dict[str, np.ndarray], ids: np.ndarray, cfg: Config) -> tuple[np.ndarray, dict]:
    """The forward pass for checked inputs: return logits (B·T, vocab_size) and the cache."""
    batch, t = ids.shape
    x = p["tok_emb"][ids]  # (B, T, d)
    x += p["pos_emb"][:t]
    x = x.reshape(batch * t, cfg.d_model)  # (N, d): the residual stream
    residual, layers = "residual" in cfg.pieces, []
    for i in range(cfg.n_layers):
        w = [p[f"l{i}.{name}"] for name in ("W_Q", "W_K", "W_V", "W_O")]
        x, ln1, attn = _sublayer(x, p, f"l{i}.ln1", residual, blocks.causal_self_attention, *w, batch)
        ln2 = ffn = None
        if "feed_forward" in cfg.pieces:
            w = [p[f"l{i}.{name}"] for name in ("W_1", "b_1", "W_2", "b_2")]
            x, ln2, ffn = _sublayer(x, p, f"l{i}.ln2", residual, blocks.feed_forward, *w)
        layers.append((ln1, attn, ln2, ffn))
    hf, lnf = _norm(x, p, "lnf")
    logits = hf @ p["W_out"]  # (N, vocab_size)
    _require_finite("the logits", logits)
    return logits, {"layers": layers, "lnf": lnf, "hf": hf}


def _sublayer(
    x: np.ndarray, p: dict[str, np.ndarray], norm: str, residual: bool, piece: Callable, *args: object
) -> tuple[np.ndarray, NormCache, tuple]:
    """Return (x + piece(LN(x), *args), LN's cache, piece's cache); without residual connections, x is replaced."""
    h, ln = _norm(x, p, norm)
    out, cache = piece(h, *args)
    return (np.add(out, x, out=out) if residual else out), ln, cache  # out is fresh: it takes the sum


def _norm(x: np.ndarray, p: dict[str, np.ndarray], name: str) -> tuple[np.ndarray, NormCache]:
    """Return (LN(x), its cache), LN's gain and bias p[name_g], p[name_b]; (x, None) in a model without them."""
    if name + "_g" not in p:
        return x, None
    return blocks.layer_norm(x, p[name + "_g"], p[name + "_b"])


def _norm_backward(
    d_y: np.ndarray, ln: NormCache, p: dict[str, np.ndarray], name: str, g: dict[str, np.ndarray]
) -> np.ndarray:
    """Return dL/dx of _norm from dL/d(its output) d_y, putting the gain's and bias's gradients in g."""
    if ln is None:
        return d_y
    d_x, g[name + "_g"], g[name + "_b"] = blocks.layer_norm_backward(d_y, ln, p[name + "_g"])
    return d_x


def _require_finite(what: str, *arrays: np.ndarray) -> None:
    """Raise a ValueError if a number of `what` overflowed to inf or NaN (never return them silently)."""
    if not all(np.isfinite(a).all() for a in arrays):
        raise ValueError(f"{what} overflowed to inf or NaN: the parameters are too large (diverged? try a smaller lr)")


def forward(params: dict[str, np.ndarray], tokens: ArrayLike, return_cache: bool = False) -> np.ndarray | GPTForward:
    """Return the logits (B, T, vocab_size) for tokens (B, T) of ids, T ≤ context; with return_cache=True a
    GPTForward with the logits, every layer's attention weights (n_layers, B, n_heads, T, T) and the cache."""
    p, cfg = check_params(params)
    ids = check_tokens(tokens, cfg)
    if not isinstance(return_cache, bool):
        raise TypeError(f"return_cache must be True or False, got {return_cache!r}")
    logits, cache = _forward(p, ids, cfg)
    logits = logits.reshape(ids.shape + (cfg.vocab_size,))
    return GPTForward(logits, np.stack([a[1][5] for a in cache["layers"]]), cache) if return_cache else logits


@np.errstate(over="ignore", invalid="ignore")
def loss_and_gradients(params: dict[str, np.ndarray], tokens: ArrayLike) -> tuple[float, dict[str, np.ndarray]]:
    """Return the mean cross-entropy of predicting tokens[:, 1:] from tokens[:, :-1] (tokens (B, T + 1)) and its
    gradient for every parameter (same keys, shapes and dtype), by the chain rule, one piece at a time."""
    p, cfg = check_params(params)
    ids = check_tokens(tokens, cfg, extra=1)
    inputs, targets = ids[:, :-1], ids[:, 1:].reshape(-1)  # (B, T), (N,)
    logits, cache = _forward(p, inputs, cfg)
    loss, probs = blocks.cross_entropy(logits, targets)
    d_logits = blocks.cross_entropy_backward(probs, targets)  # (N, vocab_size)
    g = {"W_out": cache["hf"].T @ d_logits}
    d_x = _norm_backward(d_logits @ p["W_out"].T, cache["lnf"], p, "lnf", g)
    residual = "residual" in cfg.pieces
    for i in reversed(range(cfg.n_layers)):  # d_x: dL/d(the residual stream) after layer i
        (ln1, attn, ln2, ffn), k = cache["layers"][i], f"l{i}."
        if ffn is not None:
            d_h2, *grads = blocks.feed_forward_backward(d_x, ffn, p[k + "W_1"], p[k + "W_2"])  # dW_1, db_1, dW_2, db_2
            g |= {k + name: grad for name, grad in zip(("W_1", "b_1", "W_2", "b_2"), grads)}
            d_in = _norm_backward(d_h2, ln2, p, k + "ln2", g)
            d_x = np.add(d_x, d_in, out=d_x) if residual else d_in  # x + f(x): back along both paths
        d_h1, *grads = blocks.causal_self_attention_backward(d_x, attn, p[k + "W_O"])  # dW_Q, dW_K, dW_V, dW_O
        g |= {k + name: grad for name, grad in zip(("W_Q", "W_K", "W_V", "W_O"), grads)}
        d_in = _norm_backward(d_h1, ln1, p, k + "ln1", g)
        d_x = np.add(d_x, d_in, out=d_x) if residual else d_in
    d_emb = d_x.reshape(inputs.shape + (cfg.d_model,))  # (B, T, d)
    g["pos_emb"] = np.zeros_like(p["pos_emb"])
    g["pos_emb"][: inputs.shape[1]] = d_emb.sum(axis=0)  # every row of the batch used positions 0..T-1
    g["tok_emb"] = np.zeros_like(p["tok_emb"])
    np.add.at(g["tok_emb"], inputs, d_emb)  # a token used twice gets both gradients
    g |= {NO_RESIDUAL: np.zeros_like(p[NO_RESIDUAL])} if NO_RESIDUAL in p else {}  # the empty marker
    _require_finite("the gradients", *g.values())
    return loss, {name: g[name] for name in p}


def sample(
    params: dict[str, np.ndarray],
    prompt_tokens: ArrayLike,
    length: int,
    temperature: float = 1.0,
    top_k: int | None = None,
    seed: int = 0,
) -> np.ndarray:
    """Return the prompt followed by `length` sampled tokens: prompt_tokens (T,) gives (T + length,), a batch
    (B, T) gives (B, T + length). Each token is drawn from softmax(logits / temperature), from the top_k
    likeliest only if given (top_k=1: always the likeliest); the model reads the last `context` tokens."""
    p, cfg = check_params(params)
    prompt = to_any_array(prompt_tokens, "prompt_tokens must be token ids, (T,) or (B, T), got")
    if prompt.ndim not in (1, 2) or prompt.size == 0:
        empty = "is empty; the model needs at least one token to continue:" if prompt.ndim in (1, 2) else "must be"
        raise ValueError(f"prompt_tokens {empty} token ids, (T,) or (B, T); got shape {prompt.shape}")
    ids = check_tokens(prompt.reshape(-1, prompt.shape[-1]), cfg, "prompt_tokens", crop=True)  # (B, T)
    steps = to_limited_whole_number(length, "length", MAX_LENGTH, minimum=0)
    heat = to_positive_number(temperature, "temperature")
    why = "the vocabulary size: there are no more tokens to choose from"
    k = None if top_k is None else int(at_most(to_whole_number(top_k, "top_k"), "top_k", cfg.vocab_size, why))
    rng = np.random.default_rng(to_whole_number(seed, "seed", minimum=0))
    for _ in range(steps):
        logits, _ = _forward(p, ids[:, -cfg.context :], cfg)
        last = logits.reshape(ids.shape[0], -1, cfg.vocab_size)[:, -1]  # (B, vocab_size)
        probs = blocks.next_token_probs(last, heat, k)
        chosen = [rng.choice(cfg.vocab_size, p=row) for row in probs]
        ids = np.concatenate([ids, np.array(chosen, dtype=np.intp)[:, None]], axis=1)
    return ids[0] if prompt.ndim == 1 else ids


def n_params(params: dict[str, np.ndarray]) -> int:
    """Return the number of parameters: every entry of every array."""
    return sum(int(a.size) for a in check_params(params)[0].values())
