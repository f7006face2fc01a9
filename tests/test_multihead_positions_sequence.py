import numpy as np
import pytest
from reference import attention_loop

import attnlib as al
from attnlib.maths import costs, rnn


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


def test_positional_encoding_formula():
    pe = al.sinusoidal_positional_encoding(50, 16)
    assert pe.shape == (50, 16)
    pos, i = 7, 3
    assert pe[pos, 2 * i] == pytest.approx(np.sin(pos / 10000 ** (2 * i / 16)))
    assert pe[pos, 2 * i + 1] == pytest.approx(np.cos(pos / 10000 ** (2 * i / 16)))
    np.testing.assert_allclose(pe[0, 0::2], 0)
    np.testing.assert_allclose(pe[0, 1::2], 1)
    assert al.sinusoidal_positional_encoding(3, 5).shape == (3, 5)  # odd d_model works


def test_positions_break_permutation_equivariance():
    tokens, x = al.embed("I love Apple phones")
    w = al.random_projections(8, 8, seed=0)
    pe = al.sinusoidal_positional_encoding(4, 8)
    perm = [1, 0, 2, 3]
    plain, swapped = al.self_attention(x, *w), al.self_attention(x[perm], *w)
    np.testing.assert_allclose(swapped.output, plain.output[perm])
    with_pos, swapped_pos = al.self_attention(x + pe, *w), al.self_attention(x[perm] + pe, *w)
    assert not np.allclose(swapped_pos.output, with_pos.output[perm])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 4), "n_positions must be a whole number >= 1, got 0"),
        ((4, 2.5), "d_model must be a whole number >= 1, got 2.5"),
    ],
)
def test_positional_encoding_errors(args, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        al.sinusoidal_positional_encoding(*args)


def test_rnn_forward_matches_step_by_step():
    rng = np.random.default_rng(0)
    x, wx, wh = rng.normal(size=(4, 3)), rng.normal(size=(3, 5)), rng.normal(size=(5, 5)) * 0.5
    states = rnn.rnn_forward(x, wx, wh)
    h = np.zeros(5)
    for t in range(4):
        h = np.tanh(x[t] @ wx + h @ wh)
        np.testing.assert_allclose(states[t], h)


def test_rnn_influence_decays_with_distance():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(30, 4))
    wx, wh = rng.normal(size=(4, 8)) * 0.5, rng.normal(size=(8, 8)) * 0.2
    influence = rnn.rnn_first_word_influence(x, wx, wh)
    assert influence[0] > influence[10] > influence[29]
    assert influence[29] < 1e-3 * influence[0]


def test_rnn_shape_errors():
    with pytest.raises(ValueError, match=r"w_h must have shape \(5, 5\) to match w_x \(3, 5\); got \(4, 4\)"):
        rnn.rnn_forward(np.ones((2, 3)), np.ones((3, 5)), np.ones((4, 4)))


def test_costs_scale_as_the_paper_says():
    a1, a2 = costs.attention_cost(100, 64), costs.attention_cost(200, 64)
    r1, r2 = costs.rnn_cost(100, 64), costs.rnn_cost(200, 64)
    assert a2["multiply_adds"] == 4 * a1["multiply_adds"]  # O(n² d)
    assert r2["multiply_adds"] == 2 * r1["multiply_adds"]  # O(n d²)
    assert a1["sequential_steps"] == a2["sequential_steps"] == 1  # O(1)
    assert r2["sequential_steps"] == 200  # O(n)
    assert a2["max_path_length"] == 1 and r2["max_path_length"] == 199


def test_memory_and_longest_sequence():
    assert costs.weight_matrix_bytes(1000) == 4_000_000
    n = costs.longest_sequence(2**30)
    assert costs.weight_matrix_bytes(n) <= 2**30 < costs.weight_matrix_bytes(n + 1)
    assert costs.longest_sequence(2**30, heads=16) < n


def test_soft_lookup_blends_values():
    w, value = al.soft_lookup([2.0, 0.0], [[1, 0], [0, 1]], [[10.0], [20.0]])
    np.testing.assert_allclose(w, al.softmax([2.0, 0.0]))
    np.testing.assert_allclose(value, [w @ [10.0, 20.0]])
    with pytest.raises(ValueError, match=r"query must be a 1-D vector \(d,\); got shape \(1, 2\)"):
        al.soft_lookup([[2.0, 0.0]], [[1, 0]], [[1.0]])
