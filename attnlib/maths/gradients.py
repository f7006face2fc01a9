"""Gradients by hand: the backward passes of softmax, attention and self-attention, and a checker.

A backward pass answers "if the loss changes by grad_output per unit of each output number, by how
much does it change per unit of each input number?" It applies the chain rule, one step of the
forward pass at a time, in reverse. gradient_check compares any such gradient with central
differences, the slow but simple definition: (loss(p + eps) - loss(p - eps)) / (2 eps).
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from .._validate import describe_value, to_axis, to_float_array, to_positive_number
from .attention import attention, self_attention


class AttentionGradients(NamedTuple):
    """The gradients of the loss for the queries Q, the keys K and the values V of attention()."""

    q: np.ndarray  # (..., n, d_k), like q
    k: np.ndarray  # (..., m, d_k), like k
    v: np.ndarray  # (..., m, d_v), like v


class SelfAttentionGradients(NamedTuple):
    """The gradients of the loss for X, W_Q, W_K and W_V of self_attention()."""

    x: np.ndarray  # (..., n, d), like x
    w_q: np.ndarray  # (d, d_k)
    w_k: np.ndarray  # (d, d_k)
    w_v: np.ndarray  # (d, d_v)


def _same_shape(grad: ArrayLike, name: str, like: np.ndarray, like_name: str) -> np.ndarray:
    """Return grad as a float array of exactly like's shape, or raise naming both."""
    g = to_float_array(grad, name, min_ndim=1, shape_hint=f"{like.shape}, the shape of {like_name}")
    if g.shape != like.shape:
        raise ValueError(f"{name} must have the shape of {like_name}, {like.shape}; got {g.shape}")
    return g


def softmax_backward(probs: ArrayLike, grad_probs: ArrayLike, axis: int = -1) -> np.ndarray:
    """Return dL/ds for p = softmax(s) from p and g = dL/dp: p · (g - Σ g·p), without the Jacobian.

    The Jacobian of softmax is diag(a) - a aᵀ (a = probs); multiplying it by g gives the formula above, so
    the n × n matrix is never built. Works along `axis`; a slice of p that is all 0 (a fully
    masked row of attention) gets gradient 0, as its output does not depend on its scores.
    """
    p = to_float_array(probs, "probs", min_ndim=1)
    g = _same_shape(grad_probs, "grad_probs", p, "probs")
    ax = to_axis(axis, p.shape, of="probs")
    return p * (g - (g * p).sum(axis=ax, keepdims=True))


def _unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum grad over the leading axes that broadcasting added or stretched, back to `shape`."""
    extra = grad.ndim - len(shape)
    total = grad.sum(axis=tuple(range(extra))) if extra > 0 else grad
    stretched = tuple(i for i, size in enumerate(shape) if size == 1 and total.shape[i] != 1)
    return total.sum(axis=stretched, keepdims=True) if stretched else total


def attention_backward(
    q: ArrayLike,
    k: ArrayLike,
    v: ArrayLike,
    grad_output: ArrayLike,
    mask: ArrayLike | None = None,
    scale: float | None = None,
) -> AttentionGradients:
    """Return the gradients for Q, K and V of attention(q, k, v, mask, scale) given dL/d(output).

    With S = scale · Q Kᵀ, A = softmax(S) and output = A V:
    dV = Aᵀ dOutput, dA = dOutput Vᵀ, dS = softmax_backward(A, dA), dQ = scale · dS K and
    dK = scale · dSᵀ Q. Blocked scores have weight 0, so their dS is 0 and a fully masked row
    passes no gradient back, matching attention()'s output 0 there. Shapes as in attention();
    grad_output has the output's shape (..., n, d_v).
    """
    output, weights = attention(q, k, v, mask=mask, scale=scale)  # validates q, k, v, mask and scale
    mq, mk, mv = (to_float_array(a, name) for a, name in ((q, "q"), (k, "k"), (v, "v")))
    d_out = _same_shape(grad_output, "grad_output", output, "the output of attention (..., n, d_v)")
    s = 1.0 / float(np.sqrt(mq.shape[-1])) if scale is None else float(scale)
    return backward_from_weights(mq, mk, mv, weights, d_out, s)


def backward_from_weights(
    q: np.ndarray, k: np.ndarray, v: np.ndarray, weights: np.ndarray, grad_output: np.ndarray, scale: float
) -> AttentionGradients:
    """The backward pass of attention when its weights A are already known (no checks: for loops that
    have just run the forward pass). Arrays as in attention_backward; weights is A (..., n, m)."""
    d_v = np.swapaxes(weights, -1, -2) @ grad_output  # (..., m, d_v)
    d_weights = grad_output @ np.swapaxes(v, -1, -2)  # (..., n, m)
    d_scores = softmax_backward(weights, d_weights) * scale  # (..., n, m): through S = scale · Q Kᵀ
    d_q = d_scores @ k  # (..., n, d_k)
    d_k = np.swapaxes(d_scores, -1, -2) @ q  # (..., m, d_k)
    return AttentionGradients(_unbroadcast(d_q, q.shape), _unbroadcast(d_k, k.shape), _unbroadcast(d_v, v.shape))


def self_attention_backward(
    x: ArrayLike,
    w_q: ArrayLike,
    w_k: ArrayLike,
    w_v: ArrayLike,
    grad_output: ArrayLike,
    mask: ArrayLike | None = None,
    scale: float | None = None,
) -> SelfAttentionGradients:
    """Return the gradients for X, W_Q, W_K and W_V of self_attention(...) given dL/d(output).

    Q = X W_Q, so dW_Q = Xᵀ dQ (summed over every sentence of a batch) and X receives
    dQ W_Qᵀ + dK W_Kᵀ + dV W_Vᵀ: X is used three times, so its three gradients add up.
    x is X (..., n, d); w_q, w_k, w_v are W_Q (d, d_k), W_K (d, d_k), W_V (d, d_v); grad_output
    has the output's shape (..., n, d_v); mask and scale are as in attention().
    """
    result = self_attention(x, w_q, w_k, w_v, mask=mask, scale=scale)  # validates every argument
    mx = to_float_array(x, "x")
    ws = [to_float_array(w, name) for w, name in ((w_q, "w_q"), (w_k, "w_k"), (w_v, "w_v"))]
    d_out = _same_shape(grad_output, "grad_output", result.output, "the output of self_attention (..., n, d_v)")
    s = 1.0 / float(np.sqrt(result.q.shape[-1])) if scale is None else float(scale)
    grads = backward_from_weights(result.q, result.k, result.v, result.weights, d_out, s)
    flat_x = mx.reshape(-1, mx.shape[-1])  # (batch · n, d)
    d_ws = [flat_x.T @ g.reshape(-1, g.shape[-1]) for g in grads]  # (d, d_k), (d, d_k), (d, d_v)
    d_x = sum(g @ w.T for g, w in zip(grads, ws, strict=True))  # (..., n, d)
    return SelfAttentionGradients(d_x, *d_ws)


def _call(f: Callable, point: dict[str, np.ndarray], where: str = "params") -> tuple[float, object]:
    """Return f's (loss, grads) at a copy of point, the loss a finite float, or raise naming f."""
    result = f({n: p.copy() for n, p in point.items()})
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise TypeError(
            f"f must return a pair (loss, grads), a number and a dict of gradients; got {describe_value(result)}"
        )
    loss = result[0][()] if isinstance(result[0], np.ndarray) and result[0].ndim == 0 else result[0]
    if isinstance(loss, (bool, np.bool_)) or not isinstance(loss, numbers.Real):
        raise TypeError(f"f must return (loss, grads) with loss a single number; got {describe_value(loss)}")
    try:
        value = float(loss)
    except OverflowError:  # a Python int beyond float64
        value = float("inf")
    if not np.isfinite(value):
        raise ValueError(
            f"f returned a loss of {value} at {where}; the gradient check needs finite losses "
            f"at params and within eps of them (check f, or choose params where the loss is defined)"
        )
    return value, result[1]


def gradient_check(
    f: Callable[[dict[str, np.ndarray]], tuple[float, Mapping[str, ArrayLike]]],
    params: Mapping[str, ArrayLike],
    eps: float = 1e-5,
) -> dict[str, float]:
    """Compare f's gradients with central differences; return the largest relative error per parameter.

    f(params) must return (loss, grads) with one gradient per parameter, of the same shape. For each
    number p of each parameter the numerical gradient is (loss(p + eps) - loss(p - eps)) / (2 eps),
    computed in float64. A parameter's error is the largest |analytic - numerical| over its entries,
    divided by its largest gradient entry (either kind), or by 1e-4·max(1, |loss|) if that is larger:
    the difference quotient itself is only good to about 1e-16·|loss| / eps (1e-11 here), so smaller
    gradients cannot be checked to 1e-6, and all-zero gradients give 0. eps = 1e-5 balances that
    round-off against the quotient's own error, about eps² (1e-10). Every loss must be finite.
    """
    if not callable(f):
        raise TypeError(f"f must be a function params -> (loss, grads), got {type(f).__name__}")
    if not isinstance(params, Mapping) or not params:
        raise TypeError(f"params must be a non-empty dict of name -> array, got {type(params).__name__}")
    for n in params:
        if not isinstance(n, str):
            raise TypeError(f"params must map names (str) to arrays; got the key {n!r} ({type(n).__name__})")
    step = to_positive_number(eps, "eps")
    point = {n: to_float_array(p, f"params[{n!r}]").astype(np.float64) for n, p in params.items()}
    loss, grads = _call(f, point)
    if not isinstance(grads, Mapping) or set(grads) != set(point):
        got = sorted(grads) if isinstance(grads, Mapping) else type(grads).__name__
        raise ValueError(f"f must return (loss, grads) with grads a dict of the keys {sorted(point)}; got {got}")
    errors = {}
    for name, value in point.items():
        analytic = to_float_array(grads[name], f"grads[{name!r}]")
        if analytic.shape != value.shape:
            raise ValueError(
                f"grads[{name!r}] must have the shape of params[{name!r}], {value.shape}; got {analytic.shape}"
            )
        numeric = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            losses = []
            for sign in (1.0, -1.0):
                moved = {n: p.copy() for n, p in point.items()}
                moved[name][index] += sign * step
                where = f"params[{name!r}]{list(index) if index else ''} moved by {sign * step:+g}"
                losses.append(_call(f, moved, where)[0])
            numeric[index] = (losses[0] - losses[1]) / (2 * step)
        with np.errstate(over="ignore", invalid="ignore"):
            diff = float(np.abs(analytic - numeric).max())
        if not (np.isfinite(numeric).all() and np.isfinite(diff)):
            raise ValueError(
                f"f's losses near params[{name!r}] are too large to compare (beyond float64's range "
                f"when subtracted); scale the loss down"
            )
        biggest = max(float(np.abs(analytic).max()), float(np.abs(numeric).max()), 1e-4 * max(1.0, abs(loss)))
        errors[name] = diff / biggest
    return errors
