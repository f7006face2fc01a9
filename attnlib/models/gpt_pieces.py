"""The tiny GPT's parameters (attnlib.models.gpt): which pieces its blocks have, their shapes, start and checks.

A block is built from pieces, and notebook 12 adds them one at a time, measuring what each one buys:

    init_params(..., pieces=("attention",))                        x = attention(x)
    init_params(..., pieces=("attention", "feed_forward"))         x = attention(x); x = FFN(x)
    init_params(..., pieces=PIECES)  (the default)                 x = x + attention(LN1(x)); x = x + FFN(LN2(x))

The params dict itself says which pieces it has, so forward, loss_and_gradients, sample and train_gpt read
every variant unchanged: a piece with weights is there when its keys are ("l0.W_1": the feed-forward,
"l0.ln1_g": the layer norms, LN1, LN2 and the final LN_f). Residual connections have no weights, so their
absence is marked by a key holding an empty array, "no_residual": nothing to train (Adam's update of it is a
no-op), no parameter to count, and it survives {k: v.copy()}. Marking the absence, not the presence, keeps
the full block's keys those of GPT-2's block (and of every params dict made before pieces existed).
Variants with layer norm start as GPT-2 does (normal(0, 0.02)); without it nothing would undo that small
scale, so they start at one that keeps the signal's variance about 1 (_start_sd).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
from numpy.typing import DTypeLike

from .._validate import to_any_array, to_limited_whole_number, to_whole_number

PIECES = ("attention", "feed_forward", "residual", "layer_norm")  # all of them: GPT-2's pre-LN block
NO_RESIDUAL = "no_residual"  # the key of the empty array that marks a model without residual connections
LIMITS = {"vocab_size": 1_000_000, "d_model": 4096, "n_heads": 4096, "n_layers": 96, "context": 8192}


class Config(NamedTuple):
    """The sizes of a GPT and the pieces of its blocks, read from its parameters."""

    vocab_size: int
    d_model: int
    n_heads: int
    n_layers: int
    context: int
    pieces: tuple[str, ...] = PIECES  # in PIECES' order; "attention" always


def to_pieces(pieces: object) -> tuple[str, ...]:
    """Return `pieces` (names from PIECES, "attention" among them) in PIECES' order, or raise naming `pieces`."""
    if isinstance(pieces, str) or not isinstance(pieces, Iterable):
        raise TypeError(f"pieces must be a tuple of names from {PIECES}, such as ('attention',); got {pieces!r}")
    names = list(pieces)
    unknown = [name for name in names if name not in PIECES]
    if unknown or len(set(names)) != len(names):
        what = f"unknown {unknown}" if unknown else f"a name twice: {names}"
        raise ValueError(f"pieces must name each of {PIECES} at most once; got {what}")
    if "attention" not in names:
        raise ValueError(f"pieces must include 'attention': it is what every block is built around; got {names}")
    return tuple(name for name in PIECES if name in names)


def param_shapes(cfg: Config) -> dict[str, tuple[int, ...]]:
    """Return every parameter's name and shape, in order: embeddings, each layer, final layer norm, W_out."""
    v, d, h, n_layers, c, pieces = cfg
    d_head, wide, norm = d // h, 4 * d, "layer_norm" in pieces
    layer = {"ln1_g": (d,), "ln1_b": (d,)} if norm else {}
    layer |= {"W_Q": (d, h, d_head), "W_K": (d, h, d_head), "W_V": (d, h, d_head), "W_O": (h, d_head, d)}
    if "feed_forward" in pieces:
        layer |= {"ln2_g": (d,), "ln2_b": (d,)} if norm else {}
        layer |= {"W_1": (d, wide), "b_1": (wide,), "W_2": (wide, d), "b_2": (d,)}
    shapes = {"tok_emb": (v, d), "pos_emb": (c, d)} | ({} if "residual" in pieces else {NO_RESIDUAL: (0,)})
    for i in range(n_layers):
        shapes |= {f"l{i}.{name}": shape for name, shape in layer.items()}
    return shapes | ({"lnf_g": (d,), "lnf_b": (d,)} if norm else {}) | {"W_out": (d, v)}


def init_params(
    vocab_size: int,
    d_model: int,
    n_heads: int,
    n_layers: int,
    context: int,
    seed: int = 0,
    dtype: DTypeLike = np.float32,
    pieces: Iterable[str] = PIECES,
) -> dict[str, np.ndarray]:
    """Return starting parameters for blocks of `pieces`, seeded: gains 1, biases 0, weights normal (_start_sd);
    dtype float32 (default) or float64."""
    sizes = (vocab_size, d_model, n_heads, n_layers, context)
    cfg = Config(*(to_limited_whole_number(value, name, LIMITS[name]) for name, value in zip(LIMITS, sizes)))
    cfg = cfg._replace(pieces=to_pieces(pieces))
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
        elif last.endswith("_b") or last.startswith("b_") or name == NO_RESIDUAL:
            params[name] = np.zeros(shape, dtype=kind)
        else:
            params[name] = rng.normal(0.0, _start_sd(last, shape, cfg), shape).astype(kind)
    return params


def _start_sd(last: str, shape: tuple[int, ...], cfg: Config) -> float:
    """The spread of a weight at the start. With layer norm, GPT-2's: 0.02 (layer norm rescales the signal).
    Without it, nothing would undo 0.02's shrinking, so the signal keeps variance about 1: 1/√fan_in for a
    matrix, 1/√2 for each embedding (x = tok + pos). The projections W_O and W_2, which add into the residual
    stream, are scaled by 1/√(2 n_layers), as in GPT-2, when there are residual connections to add up."""
    if "layer_norm" in cfg.pieces:
        sd = 0.02
    elif last in ("tok_emb", "pos_emb"):
        sd = math.sqrt(0.5)
    else:
        sd = 1.0 / math.sqrt(shape[0] * shape[1] if last == "W_O" else shape[0])  # W_O: (n_heads, d_head, d)
    return sd / math.sqrt(2 * cfg.n_layers) if "residual" in cfg.pieces and last in ("W_O", "W_2") else sd


def check_params(params: object) -> tuple[dict[str, np.ndarray], Config]:
    """Return the parameters as float arrays of one dtype (float32 or wider) and the config, or raise clearly."""
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
    found = {
        "feed_forward": "l0.W_1" in arrays,
        "residual": NO_RESIDUAL not in arrays,
        "layer_norm": "l0.ln1_g" in arrays,
    }
    pieces = tuple(name for name in PIECES if found.get(name, True))
    n_layers = sum(n.endswith(".W_Q") for n in arrays)
    cfg = Config(tok.shape[0], tok.shape[1], w_q.shape[1], n_layers, pos.shape[0], pieces)
    shapes = param_shapes(cfg)
    if set(arrays) != set(shapes):
        missing, extra = sorted(set(shapes) - set(arrays)), sorted(set(arrays) - set(shapes))
        raise ValueError(
            f"params must have the keys of init_params(..., pieces={pieces}), read from l0.W_1, l0.ln1_g and "
            f"{NO_RESIDUAL} (a piece has all its keys in every layer, or none); missing {missing}, unexpected {extra}"
        )
    for name, shape in shapes.items():
        if arrays[name].shape != shape:
            raise ValueError(f"params[{name!r}] must have shape {shape} to fit the others; got {arrays[name].shape}")
        if arrays[name].dtype.kind != "f" or not np.isfinite(arrays[name]).all():
            kind = "NaN or inf" if arrays[name].dtype.kind == "f" else f"dtype {arrays[name].dtype}"
            raise ValueError(f"params[{name!r}] must hold finite floats; it has {kind}")
    weights = [a for name, a in arrays.items() if name != NO_RESIDUAL]  # the empty marker sets no dtype
    work = np.promote_types(np.result_type(*weights), np.float32)
    return {name: arrays[name].astype(work, copy=False) for name in shapes}, cfg
