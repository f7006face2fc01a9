"""Notebook 12's challenge: the logits of a prompt's last position from that position's query alone, as a
writing model needs them (with the earlier keys and values kept: a KV cache).

last_logits() is the reference, written row by row as a student would; its keyword flags are the likeliest
slips, so the checker can name the one a wrong function made. run() calls a student's function on the
challenge's own small models and prompts and returns what it gave, or says what went wrong.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache, partial

import numpy as np

from ..maths.blocks import LN_EPS
from ..models.gpt import forward, init_params
from .function_answers import UNANSWERED

PROBE_SIZES = {"vocab_size": 11, "d_model": 8, "n_heads": 2, "n_layers": 1, "context": 8}  # small, every piece
PROMPT_LENGTHS = (1, 5, 8)  # one id, a few, the whole context
CALLED = "check('12-challenge-last-row', last_logits): the function itself, without calling it"


def _norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """Layer norm of each row of x (n, d): mean 0, variance 1, then gain and bias."""
    return (x - x.mean(axis=-1, keepdims=True)) / np.sqrt(x.var(axis=-1, keepdims=True) + LN_EPS) * gain + bias


def _gelu(u: np.ndarray, form: str) -> np.ndarray:
    """GPT-2's tanh GELU, or a slip: "relu"."""
    if form == "relu":
        return np.maximum(u, 0.0)
    return 0.5 * u * (1 + np.tanh(math.sqrt(2 / math.pi) * (u + 0.044715 * u**3)))


def last_logits(
    params: dict[str, np.ndarray],
    ids: np.ndarray,
    *,
    scale: str = "d_head",
    residual: bool = True,
    final_norm: bool = True,
    positions: str = "first",
    attends: str = "all",
    gelu: str = "tanh",
    norm_keys: bool = True,
    post_ln: bool = False,
    w_o: str = "heads",
) -> np.ndarray:
    """Return the logits (V,) of the last of `ids` (n,) in a one-block model: only its query row is computed."""
    p = {name: np.asarray(value, dtype=np.float64) for name, value in params.items()}
    ids = np.asarray(ids)
    n = len(ids)
    pos = p["pos_emb"][:n] if positions == "first" else p["pos_emb"][-n:]
    X = p["tok_emb"][ids] + pos  # (n, d): every position's vector
    d, heads, d_head = p["l0.W_Q"].shape
    h = X if post_ln else _norm(X, p["l0.ln1_g"], p["l0.ln1_b"])  # (n, d)
    q = np.einsum("d,dhk->hk", h[-1], p["l0.W_Q"])  # (heads, d_head): the last position's query only
    h = h if norm_keys else X
    K = np.einsum("nd,dhk->hnk", h, p["l0.W_K"])  # (heads, n, d_head): every position's key ...
    V = np.einsum("nd,dhk->hnk", h, p["l0.W_V"])  # ... and value (what a KV cache keeps)
    if attends == "itself":
        K, V = K[:, -1:], V[:, -1:]
    s = np.einsum("hk,hnk->hn", q, K) / math.sqrt({"d_head": d_head, "d_model": d, "none": 1}[scale])  # (heads, n)
    a = np.exp(s - s.max(axis=-1, keepdims=True))
    a /= a.sum(axis=-1, keepdims=True)  # no mask: the last position may see every position
    out = np.einsum("hn,hnk->hk", a, V)  # (heads, d_head)
    w = p["l0.W_O"].reshape(d, d)  # the heads' outputs side by side -> d_model
    x = out.reshape(d) @ (w if w_o == "heads" else w.T) + (X[-1] if residual else 0)  # (d,)
    if post_ln:  # notebook 11's order: the norm after the addition
        x = _norm(x, p["l0.ln1_g"], p["l0.ln1_b"])
        f = _gelu(x @ p["l0.W_1"] + p["l0.b_1"], gelu) @ p["l0.W_2"] + p["l0.b_2"]
        x = _norm(f + x, p["l0.ln2_g"], p["l0.ln2_b"])
    else:
        f = _gelu(_norm(x, p["l0.ln2_g"], p["l0.ln2_b"]) @ p["l0.W_1"] + p["l0.b_1"], gelu) @ p["l0.W_2"] + p["l0.b_2"]
        x = f + (x if residual else 0)
    return (_norm(x, p["lnf_g"], p["lnf_b"]) if final_norm else x) @ p["W_out"]  # (V,)


SLIPS = (  # (the slip, as last_logits' flags; what the student is told)
    (
        {"scale": "none"},
        "the scores are not scaled: divide each head's q · k by √d_head (notebook 07), as the model does.",
    ),
    (
        {"scale": "d_model"},
        "the scores are divided by √d_model; each head's queries and keys have d_head numbers, so divide by √d_head.",
    ),
    (
        {"residual": False},
        "there are no residual connections: each branch adds to its input, x + attention(LN1(x)), then "
        "x + FFN(LN2(x)).",
    ),
    ({"final_norm": False}, "the last layer norm is missing: the logits are LN(x) with lnf_g and lnf_b, times W_out."),
    (
        {"positions": "last"},
        "pos_emb[-n:] are the table's last rows; a prompt of n ids sits at positions 0 to n - 1: pos_emb[:n].",
    ),
    (
        {"attends": "itself"},
        "your query attends only to its own position; it attends to all n positions (the causal mask's last row "
        "allows them all), with every position's key and value.",
    ),
    ({"gelu": "relu"}, "the feed-forward network uses GELU, in GPT-2's tanh form (section 5), not ReLU."),
    (
        {"norm_keys": False},
        "your keys and values come from X itself; like the query, they come from LN1(X), the branch's layer norm.",
    ),
    (
        {"post_ln": True},
        "that is a post-LN block, notebook 11's order (the norm after each addition); this model is pre-LN: "
        "x + attention(LN1(x)), then x + FFN(LN2(x)).",
    ),
    (
        {"w_o": "transposed"},
        "W_O is transposed: the heads' outputs side by side (heads · d_head numbers) times W_O.reshape(d_model, "
        "d_model), head 0's rows first.",
    ),
)
HINT = (
    "Go through the block for the last row, checking each piece against section 4's order: X = tok_emb[ids] + "
    "pos_emb[:n]; LN1 (section 5, with eps 1e-5); one query row and every row's keys and values per head; scores / "
    "√d_head; softmax; W_O; the residual; then x + FFN(LN2(x)) with GELU's tanh form; then LN with lnf_g, lnf_b, "
    "and W_out."
)


def slip(**flags: str | bool) -> Callable:
    """The reference with one likely slip (a flag of last_logits): a function as a student would give it."""
    return partial(last_logits, **flags)


@lru_cache(maxsize=1)
def probes() -> tuple[tuple[dict[str, np.ndarray], np.ndarray], ...]:
    """The challenge's models and prompts: a small block with large weights and random gains and biases (so no
    piece is nearly the identity), and prompts of 1, 5 and 8 (the whole context) ids."""
    rng = np.random.default_rng(12)
    params = init_params(**PROBE_SIZES, seed=12, dtype=np.float64)
    for name, value in params.items():
        if name.endswith("_g"):
            params[name] = 1 + 0.5 * rng.normal(size=value.shape)
        elif value.ndim == 1:
            params[name] = 0.5 * rng.normal(size=value.shape)
        else:
            params[name] = 10 * value
    return tuple((params, rng.integers(0, PROBE_SIZES["vocab_size"], size=n)) for n in PROMPT_LENGTHS)


def run(fn: Callable) -> np.ndarray | str:
    """What `fn(params, ids)` gives on the probes, (3, V), or a sentence saying what went wrong."""
    if not callable(fn):
        return f"give your function: {CALLED}."
    if "gpt_forward" in getattr(getattr(fn, "__code__", None), "co_names", ()):
        return "your function calls al.gpt_forward, which computes every position: compute the last one yourself."
    outs = []
    for params, ids in probes():
        try:
            out = fn({k: v.copy() for k, v in params.items()}, ids.copy())
            if out is None or out is ...:
                return UNANSWERED
            out = np.asarray(out, dtype=float)
        except Exception as exc:  # a student's function may fail in any way; say how
            return f"your function raised {type(exc).__name__}: {exc} (on a prompt of {len(ids)} ids)."
        if out.shape != (PROBE_SIZES["vocab_size"],):
            return (
                f"your function must return the last position's logits, one per vocabulary entry: shape "
                f"({PROBE_SIZES['vocab_size']},) for this model; it returned shape {out.shape} for {len(ids)} ids."
            )
        if not np.isfinite(out).all():
            return f"your function returned inf or NaN for a prompt of {len(ids)} ids."
        outs.append(out)
    return np.stack(outs)


def full_forward_last(params: dict[str, np.ndarray], ids: np.ndarray) -> np.ndarray:
    """The model's whole forward pass, last position: what a right answer must agree with (V,)."""
    return forward(params, np.asarray(ids)[None])[0, -1]
