"""The pieces of a GPT block, each forward pass with its backward pass written out by hand: layer norm,
GELU (GPT-2's tanh form), the feed-forward, causal multi-head self-attention and the cross-entropy.

Each forward returns (output, cache), the cache holding what its backward needs; each backward takes
dL/d(output) and the cache and returns dL/d(every input). Rows are flattened: x is (N, d) with N = B·T.
No checks here, as in attend(): attnlib.models.gpt checks its inputs once, then calls these. They work in
float32 or float64 alike (their constants are Python floats, which never promote a float32 array).
"""

from __future__ import annotations

import math

import numpy as np

from .attention import attend, causal_mask
from .gradients import backward_from_weights
from .multihead import merge_heads, split_heads
from .softmax import softmax

LN_EPS = 1e-5  # GPT-2's layer norm epsilon, added to the variance
GELU_C = math.sqrt(2.0 / math.pi)  # GELU(x) ≈ ½ x (1 + tanh(√(2/π) (x + 0.044715 x³)))
GELU_A = 0.044715

LayerNormCache = tuple[np.ndarray, np.ndarray]  # x̂ (N, d) and 1/σ (N, 1)


def layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray) -> tuple[np.ndarray, LayerNormCache]:
    """Return (x̂ · gain + bias, cache): each row of x (N, d) shifted to mean 0, scaled to variance 1."""
    x_hat = x - _row_mean(x)  # (N, d): centred
    variance = np.einsum("nd,nd->n", x_hat, x_hat)[:, None] / x.shape[-1]  # (N, 1)
    inv_std = 1.0 / np.sqrt(variance + LN_EPS)  # (N, 1): 1/σ
    x_hat *= inv_std
    y = x_hat * gain
    y += bias
    return y, (x_hat, inv_std)


def layer_norm_backward(
    d_y: np.ndarray, cache: LayerNormCache, gain: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (dx, d_gain, d_bias) from dy (N, d): with g = dy · gain, dx = (g - mean(g) - x̂ mean(g x̂)) / σ."""
    x_hat, inv_std = cache
    g = d_y * gain  # (N, d): dL/dx̂
    along = np.einsum("nd,nd->n", g, x_hat)[:, None] / x_hat.shape[-1]  # (N, 1): mean(g x̂)
    g -= _row_mean(g)
    g -= x_hat * along
    g *= inv_std
    return g, np.einsum("nd,nd->d", d_y, x_hat), d_y.sum(axis=0)


def _row_mean(x: np.ndarray) -> np.ndarray:
    """Return each row's mean, (N, d) -> (N, 1), as one matrix-vector product (faster than .mean for short rows)."""
    return (x @ np.full(x.shape[-1], 1.0 / x.shape[-1], dtype=x.dtype))[:, None]


def gelu(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (½ x (1 + t), t) with t = tanh(√(2/π) (x + 0.044715 x³)): GPT-2's GELU, and t for its backward."""
    t = x * x
    t *= GELU_A
    t += 1.0
    t *= x
    t *= GELU_C
    np.tanh(t, out=t)  # (N, h): t
    y = t + 1.0
    y *= x
    y *= 0.5
    return y, t


def gelu_backward(d_y: np.ndarray, x: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Return dx = dy · (½ (1 + t) + ½ x (1 - t²) √(2/π) (1 + 3 · 0.044715 x²)) for gelu's t."""
    slope = x * x
    slope *= 3 * GELU_A
    slope += 1.0
    slope *= x
    slope *= 0.5 * GELU_C  # ½ x √(2/π) (1 + 3a x²)
    part = t * t
    np.subtract(1.0, part, out=part)  # 1 - t²: tanh's derivative
    slope *= part
    np.add(t, 1.0, out=part)
    part *= 0.5  # ½ (1 + t)
    slope += part
    slope *= d_y
    return slope


FeedForwardCache = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # x, pre-activation, t, hidden


def feed_forward(
    x: np.ndarray, w_1: np.ndarray, b_1: np.ndarray, w_2: np.ndarray, b_2: np.ndarray
) -> tuple[np.ndarray, FeedForwardCache]:
    """Return (GELU(x W_1 + b_1) W_2 + b_2, cache): x (N, d), W_1 (d, 4d), b_1 (4d,), W_2 (4d, d), b_2 (d,)."""
    pre = x @ w_1  # (N, 4d)
    pre += b_1
    hidden, t = gelu(pre)  # (N, 4d)
    out = hidden @ w_2  # (N, d)
    out += b_2
    return out, (x, pre, t, hidden)


def feed_forward_backward(
    d_y: np.ndarray, cache: FeedForwardCache, w_1: np.ndarray, w_2: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return (dx, dW_1, db_1, dW_2, db_2) of feed_forward from dy (N, d)."""
    x, pre, t, hidden = cache
    d_pre = gelu_backward(d_y @ w_2.T, pre, t)  # (N, 4d): through W_2, then GELU
    return d_pre @ w_1.T, x.T @ d_pre, d_pre.sum(axis=0), hidden.T @ d_y, d_y.sum(axis=0)


AttentionCache = tuple[np.ndarray, ...]  # x, W_QKV, Q, K, V, A, the merged heads


def causal_self_attention(
    x: np.ndarray, w_q: np.ndarray, w_k: np.ndarray, w_v: np.ndarray, w_o: np.ndarray, batch: int
) -> tuple[np.ndarray, AttentionCache]:
    """Return (output (N, d), cache): causal multi-head self-attention of x (N, d), N = batch · T rows.

    W_Q, W_K, W_V are (d, n_heads, d_head), the (d, d) matrices of notebook 07 split by head; W_O is
    (n_heads, d_head, d). Each head attends with attend() (notebook 06's formula), scores scaled by
    1/√d_head, word t seeing words 0..t only. The weights A (batch, n_heads, T, T) are cache[5].
    """
    n, d = x.shape
    heads, t = w_q.shape[1], n // batch
    w_qkv = np.concatenate([w.reshape(d, d) for w in (w_q, w_k, w_v)], axis=1)  # (d, 3d): one product for all
    qkv = (x @ w_qkv).reshape(batch, t, 3 * d)  # (B, T, 3d)
    q, k, v = (split_heads(qkv[..., i * d : (i + 1) * d], heads) for i in range(3))  # (B, h, T, d_head) each
    allowed = np.broadcast_to(causal_mask(t), (batch, heads, t, t))
    out, weights = attend(q, k, v, allowed, 1.0 / math.sqrt(w_q.shape[2]))  # (B, h, T, d_head), (B, h, T, T)
    merged = merge_heads(out).reshape(n, d)  # (N, d): the heads side by side
    return merged @ w_o.reshape(d, d), (x, w_qkv, q, k, v, weights, merged)


def causal_self_attention_backward(
    d_y: np.ndarray, cache: AttentionCache, w_o: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return (dx, dW_Q, dW_K, dW_V, dW_O) of causal_self_attention from dy (N, d), each in its weight's shape.

    Through W_O, then each head's attention by backward_from_weights (notebook 10: dS = A ⊙ (dA - Σ dA·A),
    never the softmax's Jacobian; blocked scores have A = 0 and get no gradient), then through W_QKV.
    """
    x, w_qkv, q, k, v, weights, merged = cache
    n, d = x.shape
    batch, heads, t, d_head = q.shape
    d_merged = (d_y @ w_o.reshape(d, d).T).reshape(batch, t, d)  # (B, T, d)
    grads = backward_from_weights(q, k, v, weights, split_heads(d_merged, heads), 1.0 / math.sqrt(d_head))
    d_qkv = np.concatenate([merge_heads(g) for g in grads], axis=-1).reshape(n, 3 * d)  # (N, 3d)
    d_w = x.T @ d_qkv  # (d, 3d)
    d_ws = [d_w[:, i * d : (i + 1) * d].reshape(d, heads, d_head) for i in range(3)]
    return d_qkv @ w_qkv.T, *d_ws, (merged.T @ d_y).reshape(heads, d_head, d)


def cross_entropy(logits: np.ndarray, targets: np.ndarray) -> tuple[float, np.ndarray]:
    """Return (mean of -log softmax(logits)[target], the softmax): logits (N, V), targets (N,) token ids."""
    shifted = logits - logits.max(axis=-1, keepdims=True)  # (N, V), max 0: exp cannot overflow
    probs = np.exp(shifted)
    total = probs.sum(axis=-1, keepdims=True)  # (N, 1)
    probs /= total
    picked = shifted[np.arange(len(targets)), targets]  # (N,): the right token's shifted logit
    return float(np.mean(np.log(total[:, 0], dtype=np.float64) - picked)), probs


def cross_entropy_backward(probs: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Return dL/dlogits = (softmax - one-hot(target)) / N for cross_entropy's softmax probs (N, V)."""
    d_logits = probs.copy()
    d_logits[np.arange(len(targets)), targets] -= 1.0
    d_logits /= len(targets)
    return d_logits


def next_token_probs(logits: np.ndarray, temperature: float = 1.0, top_k: int | None = None) -> np.ndarray:
    """Return softmax(logits / temperature) in float64 over the last axis (..., V), keeping only the top_k
    largest logits if given (exactly k: ties go to the lower id) and giving the rest probability 0."""
    scores = logits.astype(np.float64)  # a copy: the blocked entries are overwritten
    if top_k is not None:
        blocked = np.argsort(-scores, axis=-1, kind="stable")[..., top_k:]
        np.put_along_axis(scores, blocked, -np.inf, axis=-1)
    return softmax(scores, temperature=temperature)
