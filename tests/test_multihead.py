"""attnlib.maths.multihead: multi-head attention against a loop over heads, splitting and merging heads,
random projections, and clear errors for bad input (warnings are errors)."""

import numpy as np
import pytest
from reference import attention_loop

import attnlib as al

pytestmark = pytest.mark.filterwarnings("error")


def heads_loop(x, w_q, w_k, w_v, w_o, h, mask=None):
    """Multi-head attention with a plain loop over heads, for reference."""
    d_head = x.shape[1] // h
    outs, weights = [], []
    for i in range(h):
        cols = slice(i * d_head, (i + 1) * d_head)
        q, k, v = x @ w_q[:, cols], x @ w_k[:, cols], x @ w_v[:, cols]
        o, w = attention_loop(
            q.tolist(), k.tolist(), v.tolist(), 1 / np.sqrt(d_head), None if mask is None else mask.tolist()
        )
        outs.append(np.array(o))
        weights.append(np.array(w))
    return np.concatenate(outs, axis=1) @ w_o, np.stack(weights)


@pytest.mark.parametrize("h", [1, 2, 4])
@pytest.mark.parametrize("causal", [False, True])
def test_multi_head_matches_loop_over_heads(h, causal):
    rng = np.random.default_rng(h)
    x = rng.normal(size=(5, 8))
    ws = al.random_projections(8, 8, seed=1, count=4)
    mask = al.causal_mask(5) if causal else None
    res = al.multi_head_attention(x, *ws, n_heads=h, mask=mask)
    ref_out, ref_w = heads_loop(x, *ws, h, mask)
    assert res.output.shape == (5, 8) and res.weights.shape == (h, 5, 5) and res.head_outputs.shape == (h, 5, 8 // h)
    np.testing.assert_allclose(res.output, ref_out, atol=1e-10)
    np.testing.assert_allclose(res.weights, ref_w, atol=1e-12)


def test_one_head_equals_self_attention():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 4))
    wq, wk, wv = al.random_projections(4, 4, seed=2)
    res = al.multi_head_attention(x, wq, wk, wv, np.eye(4), n_heads=1)
    np.testing.assert_allclose(res.output, al.self_attention(x, wq, wk, wv).output)


def test_split_merge_round_trip():
    x = np.arange(24.0).reshape(3, 8)
    parts = al.split_heads(x, 4)
    assert parts.shape == (4, 3, 2)
    np.testing.assert_array_equal(parts[1], x[:, 2:4])
    np.testing.assert_array_equal(al.merge_heads(parts), x)


def test_split_heads_errors():
    with pytest.raises(
        ValueError, match=r"d_model = 6 \(last axis of x, shape \(2, 6\)\) must be divisible by n_heads = 4"
    ):
        al.split_heads(np.ones((2, 6)), 4)
    with pytest.raises(ValueError, match=r"n_heads must be a whole number >= 1, got 0"):
        al.split_heads(np.ones((2, 6)), 0)


def test_multi_head_weight_shape_error():
    with pytest.raises(ValueError, match=r"w_o must have shape \(4, 4\) for x of shape \(3, 4\); got \(4, 2\)"):
        al.multi_head_attention(np.ones((3, 4)), np.eye(4), np.eye(4), np.eye(4), np.ones((4, 2)), 2)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda bad: al.random_projections(2, 2, seed=bad), TypeError, r"seed must be a whole number >= 0, got"),
        (lambda bad: al.random_projections(bad, 2), TypeError, r"d_in must be a whole number >= 1, got"),
        (lambda bad: al.split_heads(np.ones((2, 4)), bad), TypeError, r"n_heads must be a whole number >= 1, got"),
        (lambda bad: al.multi_head_attention(np.eye(4), *[np.eye(4)] * 4, n_heads=bad), TypeError, r"n_heads must be"),
    ],
)
@pytest.mark.parametrize("bad", ["2", None, [2]])
def test_wrong_type_names_the_argument(call, error, message, bad):
    with pytest.raises(error, match=message):
        call(bad)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [(lambda: al.random_projections(4, 0), ValueError, r"d_out must be a whole number >= 1, got 0")],
)
def test_error_names_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_0d_arrays_work_as_numbers():
    assert al.split_heads(np.ones((2, 4)), np.array(2)).shape == (2, 2, 2)
    assert len(al.random_projections(np.array(2), 3, seed=np.array(1), count=np.int8(2))) == 2


def test_projections_that_overflow_are_clear_errors():
    x = np.full((2, 2), 1e200)
    with pytest.raises(ValueError, match=r"x @ w_q is too large for float64"):
        al.multi_head_attention(x, x, x, x, x, n_heads=1)
