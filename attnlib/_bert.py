"""The pieces of a BERT encoder layer in NumPy, float32: erf, GELU, layer norm, one post-LN block.

Used by attnlib.pretrained (the real all-MiniLM-L6-v2 model). Every array stays float32: the
scalars here are Python floats, which NumPy never lets promote a float32 array.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .multihead import merge_heads, split_heads

# erf(t) = 1 - exp(-t²) · 2 P(y) / (1 + 2t) for t = |x| ≥ 0, with y = (t - 2.5) / (t + 2.5) in [-1, 1)
# (Weideman's change of variable for erfc). P's coefficients (constant term first) are a
# least-squares fit to math.erf on 40 001 points of [0, 4]; the fit's error is below 3e-11, and
# clamping t at 4 costs at most erfc(4) = 1.5e-8. Evaluated in float64 and rounded once, so the
# float32 result is within 3e-8 of the true erf (tests/test_pretrained.py checks it on a dense grid).
_ERF_K = 2.5
_ERF_P = (
    0.6324190921705035, -0.061178382000291194, -0.04951226619226927, 0.07881501571278492,
    -0.05148358031551053, 0.016378622763122335, 0.00046192665694536755, -0.002179488786051029,
    0.0003140765416366829, 0.0004498301124570083, 8.634892675615656e-05,
)


def erf(x: np.ndarray) -> np.ndarray:
    """The error function, vectorised: erf(x) = 2/√π ∫₀ˣ exp(-t²) dt, in x's float dtype."""
    x = np.asarray(x)
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    t = np.minimum(np.abs(x, dtype=np.float64), 4.0)
    y = (t - _ERF_K) / (t + _ERF_K)
    p = np.full_like(t, _ERF_P[-1])
    for c in _ERF_P[-2::-1]:                       # Horner: p = (...(c10 y + c9) y + ...) + c0
        p *= y
        p += c
    p *= 2.0 / (1.0 + 2.0 * t)
    p *= np.exp(-t * t)
    out = 1.0 - p
    np.copysign(out, x, out=out)
    return out.astype(dtype, copy=False)


def gelu(x: np.ndarray) -> np.ndarray:
    """The exact GELU BERT uses: x · Φ(x) = x · ½ (1 + erf(x / √2)) (not the tanh approximation)."""
    phi = erf(x * np.float32(1 / np.sqrt(2)))
    phi += 1.0
    phi *= 0.5
    return x * phi


def layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """Normalise each row (last axis) to mean 0 and variance 1, then scale by gamma and shift by beta."""
    centred = x - x.mean(axis=-1, keepdims=True)
    var = np.mean(centred * centred, axis=-1, keepdims=True)
    return centred / np.sqrt(var + eps) * gamma + beta


def dense(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """A linear layer as PyTorch stores it: weight is (out, in), so y = x Wᵀ + b."""
    y = x @ weight.T
    y += bias
    return y


AttentionFn = Callable[..., tuple[np.ndarray, np.ndarray]]


def heads_attention(
    q: np.ndarray, k: np.ndarray, v: np.ndarray, mask: np.ndarray, scale: float, attention_fn: AttentionFn,
) -> tuple[np.ndarray, np.ndarray]:
    """Call a student's attention_fn once per sentence and head, on 2-D (n, d_head) matrices."""
    out, weights = np.empty_like(q), np.empty(q.shape[:-1] + (q.shape[-2],), dtype=q.dtype)
    for b in range(q.shape[0]):
        for h in range(q.shape[1]):
            o, w = attention_fn(q[b, h], k[b, h], v[b, h], mask=mask[b, 0], scale=scale)
            o, w = np.asarray(o), np.asarray(w)
            if o.shape != out.shape[2:] or w.shape != weights.shape[2:]:
                raise ValueError(
                    f"attention_fn must return (output, weights) of shapes {out.shape[2:]} and "
                    f"{weights.shape[2:]}; got {o.shape} and {w.shape}"
                )
            out[b, h], weights[b, h] = o, w
    return out, weights


def encoder_layer(
    x: np.ndarray, w: dict[str, np.ndarray], prefix: str, n_heads: int, mask: np.ndarray,
    eps: float, attention_fn: AttentionFn | None,
) -> tuple[np.ndarray, np.ndarray]:
    """One post-LN BERT block on x (b, n, d): returns the new x (b, n, d) and weights (b, heads, n, n).

    x ← LayerNorm(x + W_O·MultiHead(x) + b_O), then x ← LayerNorm(x + W_2·GELU(W_1 x + b_1) + b_2).
    mask (b, 1, n, n) is True where a query may attend to a key (real tokens, not padding).
    """
    from .attention import attention

    def p(name: str) -> np.ndarray:
        return w[f"{prefix}.{name}"]

    q, k, v = (split_heads(dense(x, p(f"attention.self.{n}.weight"), p(f"attention.self.{n}.bias")), n_heads)
               for n in ("query", "key", "value"))                  # each (b, heads, n, d_head)
    scale = 1.0 / float(np.sqrt(q.shape[-1]))
    if attention_fn is None:
        heads, weights = attention(q, k, v, mask=mask, scale=scale)
    else:
        heads, weights = heads_attention(q, k, v, mask, scale, attention_fn)
    mixed = dense(merge_heads(heads), p("attention.output.dense.weight"), p("attention.output.dense.bias"))
    x = layer_norm(x + mixed, p("attention.output.LayerNorm.weight"), p("attention.output.LayerNorm.bias"), eps)
    hidden = gelu(dense(x, p("intermediate.dense.weight"), p("intermediate.dense.bias")))
    ffn = dense(hidden, p("output.dense.weight"), p("output.dense.bias"))
    x = layer_norm(x + ffn, p("output.LayerNorm.weight"), p("output.LayerNorm.bias"), eps)
    return x, weights
