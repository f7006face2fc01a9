import numpy as np
import pytest
from reference import attention_loop

import attnlib as al


@pytest.fixture
def qkv():
    rng = np.random.default_rng(42)
    return rng.normal(size=(4, 3)), rng.normal(size=(5, 3)), rng.normal(size=(5, 2))


def test_matches_loop_reference_default_scale(qkv):
    q, k, v = qkv
    out, w = al.attention(q, k, v)
    ref_out, ref_w = attention_loop(q.tolist(), k.tolist(), v.tolist(), scale=1 / np.sqrt(3))
    np.testing.assert_allclose(w, ref_w, rtol=1e-10)
    np.testing.assert_allclose(out, ref_out, rtol=1e-10)


def test_scale_is_one_over_sqrt_dk(qkv):
    q, k, _ = qkv
    np.testing.assert_allclose(al.attention_scores(q, k), q @ k.T / np.sqrt(q.shape[1]))
    np.testing.assert_allclose(al.attention_scores(q, k, scale=1.0), q @ k.T)


def test_unscaled_form_is_the_guides_example():
    x = al.embed("love apple phones", "2d").vectors
    out, w = al.attention(x, x, x, scale=1.0)
    np.testing.assert_allclose(w[1], al.softmax([-2, 8, 8]))
    np.testing.assert_allclose(out[1], w[1] @ x)


def test_weights_rows_sum_to_one(qkv):
    _, w = al.attention(*qkv)
    np.testing.assert_allclose(w.sum(axis=-1), 1.0)


def test_mask_matches_loop_and_zeroes_weights(qkv):
    q, k, v = qkv
    mask = np.random.default_rng(1).random((4, 5)) > 0.4
    mask[0] = False  # a fully masked row
    out, w = al.attention(q, k, v, mask=mask)
    ref_out, ref_w = attention_loop(q.tolist(), k.tolist(), v.tolist(), 1 / np.sqrt(3), mask.tolist())
    np.testing.assert_allclose(w, ref_w, atol=1e-12)
    np.testing.assert_allclose(out, ref_out, atol=1e-12)
    assert (w[~mask] == 0).all()


def test_fully_masked_row_is_zero_not_nan(qkv):
    q, k, v = qkv
    out, w = al.attention(q, k, v, mask=np.zeros((4, 5), dtype=bool))
    assert not np.isnan(out).any() and not np.isnan(w).any()
    np.testing.assert_array_equal(w, 0.0)
    np.testing.assert_array_equal(out, 0.0)


def test_causal_mask():
    m = al.causal_mask(3)
    np.testing.assert_array_equal(m, [[1, 0, 0], [1, 1, 0], [1, 1, 1]])
    x = np.random.default_rng(0).normal(size=(3, 4))
    _, w = al.attention(x, x, x, mask=m)
    np.testing.assert_array_equal(np.triu(w, 1), 0.0)
    assert w[0, 0] == 1.0


@pytest.mark.parametrize("n", [0, -1, 2.5, True])
def test_causal_mask_bad_n(n):
    with pytest.raises(ValueError, match=r"n must be a whole number >= 1"):
        al.causal_mask(n)


def test_float32_preserved():
    rng = np.random.default_rng(0)
    q, k, v = (rng.normal(size=(2, 3, 4)).astype(np.float32) for _ in range(3))
    out, w = al.attention(q, k, v, mask=al.causal_mask(3))
    assert out.dtype == np.float32 and w.dtype == np.float32
    res = al.self_attention(q[0], *(rng.normal(size=(4, 4)).astype(np.float32) for _ in range(3)))
    assert res.output.dtype == np.float32 and res.weights.dtype == np.float32


def test_batched_leading_dims_equal_per_item():
    rng = np.random.default_rng(3)
    q, k, v = rng.normal(size=(2, 3, 4, 5)), rng.normal(size=(2, 3, 6, 5)), rng.normal(size=(2, 3, 6, 7))
    out, w = al.attention(q, k, v)
    assert out.shape == (2, 3, 4, 7) and w.shape == (2, 3, 4, 6)
    one_out, one_w = al.attention(q[1, 2], k[1, 2], v[1, 2])
    np.testing.assert_allclose(out[1, 2], one_out)
    np.testing.assert_allclose(w[1, 2], one_w)


def test_self_attention_returns_all_parts():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(3, 6))
    wq, wk, wv = rng.normal(size=(6, 4)), rng.normal(size=(6, 4)), rng.normal(size=(6, 5))
    res = al.self_attention(x, wq, wk, wv)
    np.testing.assert_allclose(res.q, x @ wq)
    np.testing.assert_allclose(res.k, x @ wk)
    np.testing.assert_allclose(res.v, x @ wv)
    out, w = al.attention(x @ wq, x @ wk, x @ wv)
    np.testing.assert_allclose(res.output, out)
    np.testing.assert_allclose(res.weights, w)
    assert res.output.shape == (3, 5) and res.weights.shape == (3, 3)


def test_self_attention_with_different_w_is_asymmetric():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 4))
    res = al.self_attention(x, rng.normal(size=(4, 4)), rng.normal(size=(4, 4)), np.eye(4), scale=1.0)
    scores = res.q @ res.k.T
    assert not np.allclose(scores, scores.T)


def test_weighted_sum():
    vecs = al.embed("love apple phones").vectors
    np.testing.assert_allclose(al.weighted_sum([0.1, 0.5, 0.4], vecs), 0.1 * vecs[0] + 0.5 * vecs[1] + 0.4 * vecs[2])
    with pytest.raises(ValueError, match=r"weights has 2 weights per row \(shape \(2,\)\) but vectors has 3 rows"):
        al.weighted_sum([0.5, 0.5], vecs)


def test_error_dk_mismatch():
    with pytest.raises(
        ValueError, match=r"q and k must have the same last dimension d_k; got q \(2, 3\) and k \(2, 4\)"
    ):
        al.attention(np.ones((2, 3)), np.ones((2, 4)), np.ones((2, 4)))


def test_error_kv_rows_mismatch():
    with pytest.raises(
        ValueError, match=r"k and v must have the same number of rows m .* got k with 2 rows and v of shape \(3, 4\)"
    ):
        al.attention(np.ones((2, 3)), np.ones((2, 3)), np.ones((3, 4)))


def test_error_q_not_matrix():
    with pytest.raises(
        ValueError, match=r"q must have at least 2 dimensions \(n, d_k\): one query per row; got shape \(3,\)"
    ):
        al.attention(np.ones(3), np.ones((2, 3)), np.ones((2, 3)))


def test_error_batch_mismatch():
    with pytest.raises(ValueError, match=r"leading \(batch\) dimensions that do not broadcast"):
        al.attention(np.ones((2, 2, 3)), np.ones((2, 2, 3)), np.ones((3, 2, 4)))


def test_error_mask_not_bool():
    with pytest.raises(TypeError, match=r"mask must be a boolean array .* got dtype int64"):
        al.attention(np.ones((2, 3)), np.ones((2, 3)), np.ones((2, 3)), mask=np.ones((2, 2), dtype=np.int64))


def test_error_mask_shape():
    with pytest.raises(ValueError, match=r"mask must broadcast to the scores' shape \(2, 2\); got shape \(3, 3\)"):
        al.attention(np.ones((2, 3)), np.ones((2, 3)), np.ones((2, 3)), mask=np.ones((3, 3), dtype=bool))


@pytest.mark.parametrize("scale", [0, -2.0])
def test_error_scale(scale):
    with pytest.raises(ValueError, match=r"scale must be a finite number > 0"):
        al.attention(np.ones((2, 3)), np.ones((2, 3)), np.ones((2, 3)), scale=scale)


def test_error_self_attention_w_rows():
    with pytest.raises(
        ValueError, match=r"w_k must have 4 rows to multiply x of shape \(3, 4\); got w_k of shape \(5, 2\)"
    ):
        al.self_attention(np.ones((3, 4)), np.ones((4, 2)), np.ones((5, 2)), np.ones((4, 2)))


def test_error_self_attention_dk_mismatch():
    with pytest.raises(ValueError, match=r"w_q and w_k must have the same number of columns d_k"):
        al.self_attention(np.ones((3, 4)), np.ones((4, 2)), np.ones((4, 3)), np.ones((4, 2)))


def test_error_self_attention_w_not_matrix():
    with pytest.raises(ValueError, match=r"w_v must be a 2-D matrix \(d, d_out\) with d = 4; got shape \(4,\)"):
        al.self_attention(np.ones((3, 4)), np.ones((4, 2)), np.ones((4, 2)), np.ones(4))
