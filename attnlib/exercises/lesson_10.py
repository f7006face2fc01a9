"""Notebook 10's exercises and its challenge, each with its reference answer and likeliest mistakes.

Also the material one exercise needs: buggy_self_attention_backward, a backward pass with one
deliberate mistake for the gradient checker to find, and attention_gradient_problem, section 8's set-up.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike

from ..data import toy
from ..data.senses import make_sense_sentences, sentences_from_text
from ..maths.attention import attention, self_attention
from ..maths.gradients import SelfAttentionGradients, backward_from_weights, self_attention_backward, softmax_backward
from ..maths.softmax import softmax
from ..models.sense_model import encode_sentences, forward, init_params, loss_and_gradients
from ..models.training import train_sense_model
from .engine import register
from .exercise import Exercise

SOFTMAX_SCORES = (2.0, 1.0, 0.0)  # Exercise 10-softmax-gradient: the scores s ...
SOFTMAX_UPSTREAM = (1.0, 0.0, 0.0)  # ... and dL/da
NEW_SENTENCE = "we like my Apple watch near the apple seeds"  # Exercise 10-apple-attends: its second apple
CHALLENGE_SCALE = 1 / np.sqrt(8)  # the challenge's c in S = c · X Xᵀ


def buggy_self_attention_backward(
    x: ArrayLike,
    w_q: ArrayLike,
    w_k: ArrayLike,
    w_v: ArrayLike,
    grad_output: ArrayLike,
    mask: ArrayLike | None = None,
    scale: float | None = None,
) -> SelfAttentionGradients:
    """self_attention_backward with one deliberate mistake (Exercise 10-broken-backward): same arguments."""
    result = self_attention(x, w_q, w_k, w_v, mask=mask, scale=scale)
    mx, d_out = np.asarray(x, dtype=float), np.asarray(grad_output, dtype=float)
    grads = backward_from_weights(result.q, result.k, result.v, result.weights, d_out, 1.0)
    flat = mx.reshape(-1, mx.shape[-1])
    d_ws = [flat.T @ g.reshape(-1, g.shape[-1]) for g in grads]
    d_x = sum(g @ np.asarray(w, dtype=float).T for g, w in zip(grads, (w_q, w_k, w_v), strict=True))
    return SelfAttentionGradients(d_x, *d_ws)


def attention_gradient_problem(
    backward: Callable[..., SelfAttentionGradients] = self_attention_backward,
) -> tuple[Callable[[dict[str, np.ndarray]], tuple[float, dict[str, np.ndarray]]], dict[str, np.ndarray]]:
    """Notebook 10 section 8's check of a backward pass: return (loss_and_grads, params) for gradient_check.

    X (3 sentences of 5 words, d = 8), an upstream gradient G, a random mask with one row blocked, scale 0.7
    and random W_Q, W_K, W_V (8, 4), all from seed 1; the loss is L = Σ output ⊙ G, and its gradients come
    from `backward` (self_attention_backward, or the buggy one of Exercise 10-broken-backward)."""
    rng = np.random.default_rng(1)
    x, g = rng.normal(size=(3, 5, 8)), rng.normal(size=(3, 5, 4))
    mask = rng.random((3, 5, 5)) < 0.7
    mask[0, 2] = False  # a row that attends to nothing: output 0, gradient 0
    params = {"W_Q": rng.normal(size=(8, 4)), "W_K": rng.normal(size=(8, 4)), "W_V": rng.normal(size=(8, 4))}

    def loss_and_grads(p: dict[str, np.ndarray]) -> tuple[float, dict[str, np.ndarray]]:
        output = self_attention(x, p["W_Q"], p["W_K"], p["W_V"], mask=mask, scale=0.7).output
        grads = backward(x, p["W_Q"], p["W_K"], p["W_V"], g, mask=mask, scale=0.7)
        return float((output * g).sum()), {"W_Q": grads.w_q, "W_K": grads.w_k, "W_V": grads.w_v}

    return loss_and_grads, params


def _softmax_gradient() -> np.ndarray:
    """dL/ds for s = SOFTMAX_SCORES and dL/dA = SOFTMAX_UPSTREAM: (3,)."""
    return softmax_backward(softmax(SOFTMAX_SCORES), SOFTMAX_UPSTREAM)


@lru_cache(maxsize=1)
def _trained() -> dict[str, np.ndarray]:
    """The parameters of the reference training run (notebook 10's defaults)."""
    train, test = make_sense_sentences()
    return train_sense_model(encode_sentences(train), encode_sentences(test)).params


@lru_cache(maxsize=1)
def _plain() -> dict[str, np.ndarray]:
    """The parameters after section 10's plain gradient descent (300 steps at learning rate 1.0)."""
    params, batch = init_params(seed=0), encode_sentences(make_sense_sentences()[0])
    for _ in range(300):
        grads = loss_and_gradients(params, batch)[1]
        params = {name: value - 1.0 * grads[name] for name, value in params.items()}
    return params


def _row(params: dict[str, np.ndarray] | None, copy: int = 1, row: int | None = None) -> np.ndarray:
    """The weights of NEW_SENTENCE's first (copy=0) or second (copy=1) apple (or of word `row`), with trained
    params, or (None) with notebook 05's parameter-free attention on the static vectors: (9,)."""
    sentence = sentences_from_text(NEW_SENTENCE)
    batch, t = encode_sentences(sentence), int(sentence.target[0, copy])
    if params is None:
        features = batch.x[0, :, :8]
        weights = attention(features, features, features, mask=batch.mask[0], scale=1.0)[1]
    else:
        weights = forward(params, batch).weights[0]
    return weights[t if row is None else row]


def _scale_gradient(
    c: float = CHALLENGE_SCALE, using_scaled_scores: bool = False, table: str = "features", skip_softmax: bool = False
) -> float:
    """dL/dc for L = output[Apple, Tech] of softmax(c · X Xᵀ) X on "love Apple phones"; the flags give likely
    mistakes (table="2d": the 2-D vectors of notebooks 03 to 06; skip_softmax: dL/dA used as if it were dL/dS)."""
    x = toy.embed("love Apple phones", table=table).vectors
    weights = softmax(c * x @ x.T)
    d_out = np.zeros(x.shape)
    d_out[1, 0] = 1.0
    d_weights = d_out @ x.T  # dL/dA
    d_scores = d_weights if skip_softmax else softmax_backward(weights, d_weights)  # dL/dS for S = c · X Xᵀ
    return float((d_scores * (c * x @ x.T if using_scaled_scores else x @ x.T)).sum())


register(
    Exercise(
        "10-softmax-gradient",
        "The scores s = (2, 1, 0) give a = softmax(s). The loss grows by 1 per unit of the "
        "first weight and does not depend on the others: dL/da = (1, 0, 0). Compute dL/ds (3 numbers).",
        "array",
        _softmax_gradient,
        hint="dL/ds = a ⊙ (g - g·a) with g = dL/da (⊙: entry by entry; g·a = Σ g_i a_i): al.softmax_backward(a, g), "
        "or the Jacobian diag(a) - a aᵀ times g.",
        labels=("s_0", "s_1", "s_2"),
        mistakes=(
            (
                lambda: softmax(SOFTMAX_SCORES) * np.array(SOFTMAX_UPSTREAM),
                "that is a ⊙ g; subtract the weighted average g·a from g first: a ⊙ (g - g·a).",
            ),
            (
                lambda: softmax(SOFTMAX_SCORES) * (1 - softmax(SOFTMAX_SCORES)) * np.array(SOFTMAX_UPSTREAM),
                "you kept only the diagonal a_i (1 - a_i) of the Jacobian; raising s_1 or s_2 lowers the first "
                "weight too (the entries -a_i a_j), so their gradients are not 0.",
            ),
            (lambda: softmax(SOFTMAX_SCORES), "those are the weights a themselves; the question asks for dL/ds."),
            (
                lambda: softmax(SOFTMAX_SCORES) - np.array(SOFTMAX_UPSTREAM),
                "a - onehot is the gradient of the cross-entropy for its scores (section 4); here dL/da is given "
                "instead: pass g = dL/da through softmax's backward formula, a ⊙ (g - g·a).",
            ),
        ),
    )
)
register(
    Exercise(
        "10-broken-backward",
        "al.buggy_self_attention_backward has one deliberate mistake. "
        "Use al.gradient_check to find which of W_Q, W_K and W_V get wrong gradients; give their names as a list, "
        "like ['W_V'].",
        "words",
        lambda: ["W_Q", "W_K"],
        hint="Build a loss and gradients function with the buggy backward pass, as in the gradient-check section, "
        "and list every parameter whose error is far above 1e-6.",
        mistakes=(
            (lambda: ["W_Q"], "W_Q is wrong, but is it the only one? Read every error the checker prints."),
            (lambda: ["W_Q", "W_K", "W_V"], "W_V's error is tiny (far below 1e-6): its gradient is right."),
            (lambda: ["W_K"], "W_K is wrong, but is it the only one? Read every error the checker prints."),
            (lambda: ["W_V"], "W_V's error is tiny (far below 1e-6); the large errors are for other parameters."),
        ),
    )
)
register(
    Exercise(
        "10-apple-attends",
        f"After training, the second apple's row of weights A in '{NEW_SENTENCE}' (9 numbers, one per word); "
        "which word does it attend to most? Use the Adam-trained parameters, `trained` (the same as run.params).",
        "array",
        lambda: _row(_trained()),
        hint="Encode the sentence with al.sentences_from_text and al.encode_sentences, run al.forward with "
        "the trained parameters, and take the second apple's row of the weights (its position is "
        "target[0, 1]).",
        probabilities=True,
        labels=tuple(NEW_SENTENCE.split()),
        mistakes=(
            (
                lambda: _row(_trained(), copy=0),
                "that is where the first Apple looks; the second apple is the row target[0, 1].",
            ),
            (
                lambda: _row(_trained(), row=6),
                "that is the row of the, the word before the second apple: its position is target[0, 1] = 7.",
            ),
            (
                lambda: _row(None),
                "apple's own static vector is the most like itself (and like the first Apple's): that is notebook "
                "05's parameter-free attention. Use the trained weights, whose positions let each apple find its "
                "neighbour.",
            ),
            (
                lambda: _row(_plain()),
                "those weights come from `plain`, the model trained by plain gradient descent; the exercise asks "
                "for the Adam-trained one, `trained` (the same as run.params).",
            ),
            (
                lambda: _row(init_params()),
                "those are untrained weights (al.init_params gives small random ones, and every row is nearly "
                "flat); train first (al.train_sense_model) and use run.params.",
            ),
            (
                lambda: forward(_trained(), encode_sentences(sentences_from_text(NEW_SENTENCE))).weights[0][:, 7],
                "that is the second apple's column: how much each word gives apple. Read its row, "
                "weights[0, target[0, 1]].",
            ),
        ),
    )
)
register(
    Exercise(
        "10-challenge-scale-gradient",
        "Notebook 05's attention with a scale c: A = softmax(c · X Xᵀ), output = A X, "
        "for 'love Apple phones'. Let L be Apple's Tech feature after attention (output[1, 0]). Compute dL/dc at "
        "c = 1/√8, by the chain rule, and confirm it with a central difference.",
        "number",
        _scale_gradient,
        hint="dL/dA = dO Xᵀ with dO 1 at [1, 0]; dL/dS = al.softmax_backward(A, dL/dA); S = c · X Xᵀ, "
        "so dL/dc = Σ dL/dS ⊙ X Xᵀ.",
        mistakes=(
            (
                lambda: 0.0,
                "an answer of 0 (or nearly 0) is what adding up dL/dS alone gives: each row of a softmax "
                "gradient sums to 0. Multiply dL/dS by X Xᵀ entry by entry first, then add up.",
            ),
            (
                lambda: _scale_gradient(using_scaled_scores=True),
                "you multiplied by S = c · X Xᵀ; the derivative of c · X Xᵀ with respect to c is X Xᵀ itself.",
            ),
            (
                lambda: _scale_gradient(table="2d"),
                "Tech is a named feature: use the 8-feature vectors (al.embed's default table), not the 2-D table "
                "of notebooks 03 to 06.",
            ),
            (lambda: _scale_gradient(c=1 / 8), "that is at c = 1/8; the scale here is 1/√8 ≈ 0.354."),
            (
                lambda: _scale_gradient(skip_softmax=True),
                "you multiplied dL/dA by X Xᵀ directly; the scores reach A through softmax, so first turn dL/dA "
                "into dL/dS = al.softmax_backward(A, dL/dA).",
            ),
        ),
    )
)
