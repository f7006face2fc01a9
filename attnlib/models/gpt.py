"""A tiny GPT in NumPy: a decoder-only transformer that predicts the next token, every gradient by hand.

    x = tok_emb[tokens] + pos_emb[:T]              (B, T, d_model): the residual stream
    n_layers times (GPT-2's pre-LN block):
        x = x + attention(LN1(x))                  causal, n_heads heads, scores scaled by 1/√d_head
        x = x + GELU(LN2(x) W_1 + b_1) W_2 + b_2   the feed-forward, 4·d_model wide
    logits = LN_f(x) W_out                         (B, T, vocab_size): one score per next token

Parameters are a dict of arrays, keyed as init_params lists them ("tok_emb", "l0.W_Q", ...). The heads show
in the shapes: W_Q, W_K, W_V are (d_model, n_heads, d_head) and W_O is (n_heads, d_head, d_model), the
(d_model, d_model) matrices of notebook 07 split by head (.reshape(d_model, d_model) gives them back).
The layer pieces and their backward passes are attnlib.maths.blocks.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from .._validate import at_most, to_any_array, to_limited_whole_number, to_positive_number, to_whole_number
from ..maths import blocks

LAYER_KEYS = ("ln1_g", "ln1_b", "W_Q", "W_K", "W_V", "W_O", "ln2_g", "ln2_b", "W_1", "b_1", "W_2", "b_2")
LIMITS = {"vocab_size": 1_000_000, "d_model": 4096, "n_heads": 4096, "n_layers": 96, "context": 8192}
MAX_LENGTH = 100_000  # a safety limit for sample()'s length


class Config(NamedTuple):
    """The sizes of a GPT, read from its parameters' shapes."""

    vocab_size: int
    d_model: int
    n_heads: int
    n_layers: int
    context: int


class GPTForward(NamedTuple):
    """forward(..., return_cache=True): the logits, every attention weight, and what the backward pass reads."""

    logits: np.ndarray  # (B, T, vocab_size)
    weights: np.ndarray  # (n_layers, B, n_heads, T, T): row t of a head is how position t spread its attention
    cache: dict  # the activations of every layer, for the backward pass


def param_shapes(cfg: Config) -> dict[str, tuple[int, ...]]:
    """Return every parameter's name and shape, in order: embeddings, each layer, final layer norm, W_out."""
    v, d, h, n_layers, c = cfg
    d_head, wide = d // h, 4 * d
    layer = dict(zip(LAYER_KEYS, [(d,), (d,), (d, h, d_head), (d, h, d_head), (d, h, d_head), (h, d_head, d)]))
    layer |= {"ln2_g": (d,), "ln2_b": (d,), "W_1": (d, wide), "b_1": (wide,), "W_2": (wide, d), "b_2": (d,)}
    shapes = {"tok_emb": (v, d), "pos_emb": (c, d)}
    for i in range(n_layers):
        shapes |= {f"l{i}.{name}": shape for name, shape in layer.items()}
    return shapes | {"lnf_g": (d,), "lnf_b": (d,), "W_out": (d, v)}


def init_params(
    vocab_size: int,
    d_model: int,
    n_heads: int,
    n_layers: int,
    context: int,
    seed: int = 0,
    dtype: DTypeLike = np.float32,
) -> dict[str, np.ndarray]:
    """Return GPT-2's starting parameters, seeded: weights normal(0, 0.02), the residual projections W_O and
    W_2 scaled by 1/√(2 n_layers), gains 1, biases 0; dtype float32 (default) or float64."""
    sizes = (vocab_size, d_model, n_heads, n_layers, context)
    cfg = Config(*(to_limited_whole_number(value, name, LIMITS[name]) for name, value in zip(LIMITS, sizes)))
    if cfg.d_model % cfg.n_heads:
        raise ValueError(
            f"n_heads = {cfg.n_heads} must divide d_model = {cfg.d_model}: each head gets d_model / n_heads"
        )
    kind = {"float32": np.float32, "float64": np.float64}.get(getattr(dtype, "__name__", str(dtype)))
    if kind is None:
        raise ValueError(f"dtype must be np.float32 or np.float64, got {dtype!r}")
    rng = np.random.default_rng(to_whole_number(seed, "seed", minimum=0))
    params = {}
    for name, shape in param_shapes(cfg).items():
        last = name.rsplit(".", 1)[-1]
        if last.endswith("_g"):
            params[name] = np.ones(shape, dtype=kind)
        elif last.endswith("_b") or last.startswith("b_"):
            params[name] = np.zeros(shape, dtype=kind)
        else:
            sd = 0.02 / math.sqrt(2 * cfg.n_layers) if last in ("W_O", "W_2") else 0.02
            params[name] = rng.normal(0.0, sd, shape).astype(kind)
    return params


def check_params(params: object) -> tuple[dict[str, np.ndarray], Config]:
    """Return the parameters as float arrays of one dtype (float32 or wider) and the sizes, or raise clearly."""
    if not isinstance(params, dict) or not {"tok_emb", "pos_emb", "l0.W_Q"} <= set(params):
        got = list(params)[:6] if isinstance(params, dict) else type(params).__name__
        raise TypeError(f"params must be a dict of arrays from init_params (tok_emb, pos_emb, l0.W_Q, ...); got {got}")
    arrays = {name: to_any_array(value, f"params[{name!r}] must be an array") for name, value in params.items()}
    tok, pos, w_q = arrays["tok_emb"], arrays["pos_emb"], arrays["l0.W_Q"]
    if tok.ndim != 2 or pos.ndim != 2 or w_q.ndim != 3:
        raise ValueError(
            f"params['tok_emb'] must be (vocab_size, d_model), params['pos_emb'] (context, d_model) and "
            f"params['l0.W_Q'] (d_model, n_heads, d_head); got {tok.shape}, {pos.shape} and {w_q.shape}"
        )
    if 0 in tok.shape + pos.shape or w_q.shape[1] == 0 or tok.shape[1] % w_q.shape[1]:
        raise ValueError(f"params have an empty axis or n_heads = {w_q.shape[1]} not dividing d_model = {tok.shape[1]}")
    cfg = Config(tok.shape[0], tok.shape[1], w_q.shape[1], sum(n.endswith(".W_Q") for n in arrays), pos.shape[0])
    shapes = param_shapes(cfg)
    if set(arrays) != set(shapes):
        missing, extra = sorted(set(shapes) - set(arrays)), sorted(set(arrays) - set(shapes))
        raise ValueError(f"params must have the keys of init_params; missing {missing}, unexpected {extra}")
    for name, shape in shapes.items():
        if arrays[name].shape != shape:
            raise ValueError(f"params[{name!r}] must have shape {shape} to fit the others; got {arrays[name].shape}")
        if arrays[name].dtype.kind != "f" or not np.isfinite(arrays[name]).all():
            kind = "NaN or inf" if arrays[name].dtype.kind == "f" else f"dtype {arrays[name].dtype}"
            raise ValueError(f"params[{name!r}] must hold finite floats; it has {kind}")
    work = np.promote_types(np.result_type(*arrays.values()), np.float32)
    return {name: arrays[name].astype(work, copy=False) for name in shapes}, cfg


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
    layers = []
    for i in range(cfg.n_layers):
        w = {name: p[f"l{i}.{name}"] for name in LAYER_KEYS}
        h1, ln1 = blocks.layer_norm(x, w["ln1_g"], w["ln1_b"])
        a, attn = blocks.causal_self_attention(h1, w["W_Q"], w["W_K"], w["W_V"], w["W_O"], batch)
        x = np.add(a, x, out=a)  # x + attention(LN1(x)), in a's fresh buffer
        h2, ln2 = blocks.layer_norm(x, w["ln2_g"], w["ln2_b"])
        f, ffn = blocks.feed_forward(h2, w["W_1"], w["b_1"], w["W_2"], w["b_2"])
        x = np.add(f, x, out=f)  # x + FFN(LN2(x))
        layers.append((ln1, attn, ln2, ffn))
    hf, lnf = blocks.layer_norm(x, p["lnf_g"], p["lnf_b"])
    logits = hf @ p["W_out"]  # (N, vocab_size)
    _require_finite("the logits", logits)
    return logits, {"layers": layers, "lnf": lnf, "hf": hf}


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
    d_x, g["lnf_g"], g["lnf_b"] = blocks.layer_norm_backward(d_logits @ p["W_out"].T, cache["lnf"], p["lnf_g"])
    for i in reversed(range(cfg.n_layers)):  # d_x: dL/d(the residual stream) after layer i
        w, (ln1, attn, ln2, ffn), k = {n: p[f"l{i}.{n}"] for n in LAYER_KEYS}, cache["layers"][i], f"l{i}."
        d_h2, *grads = blocks.feed_forward_backward(d_x, ffn, w["W_1"], w["W_2"])  # dW_1, db_1, dW_2, db_2
        g |= {k + name: grad for name, grad in zip(("W_1", "b_1", "W_2", "b_2"), grads)}
        d_in, g[k + "ln2_g"], g[k + "ln2_b"] = blocks.layer_norm_backward(d_h2, ln2, w["ln2_g"])
        d_x += d_in  # x + f(x): the gradient comes back along both paths
        d_h1, *grads = blocks.causal_self_attention_backward(d_x, attn, w["W_O"])  # dW_Q, dW_K, dW_V, dW_O
        g |= {k + name: grad for name, grad in zip(("W_Q", "W_K", "W_V", "W_O"), grads)}
        d_in, g[k + "ln1_g"], g[k + "ln1_b"] = blocks.layer_norm_backward(d_h1, ln1, w["ln1_g"])
        d_x += d_in
    d_emb = d_x.reshape(inputs.shape + (cfg.d_model,))  # (B, T, d)
    g["pos_emb"] = np.zeros_like(p["pos_emb"])
    g["pos_emb"][: inputs.shape[1]] = d_emb.sum(axis=0)  # every row of the batch used positions 0..T-1
    g["tok_emb"] = np.zeros_like(p["tok_emb"])
    np.add.at(g["tok_emb"], inputs, d_emb)  # a token used twice gets both gradients
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
