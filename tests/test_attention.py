"""attnlib.maths.attention: attend(), the formula, against the loop reference; masks, batches, self-attention
and soft look-up; the extremes (with _numerics.py, the exact path for numbers near overflow); and clear
errors for bad input (warnings are errors)."""

import numpy as np
import pytest
from reference import attention_loop

import attnlib as al
from attnlib.maths._numerics import unit_products

pytestmark = pytest.mark.filterwarnings("error")
X = np.eye(3)


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


def test_soft_lookup_blends_values():
    w, value = al.soft_lookup([2.0, 0.0], [[1, 0], [0, 1]], [[10.0], [20.0]])
    np.testing.assert_allclose(w, al.softmax([2.0, 0.0]))
    np.testing.assert_allclose(value, [w @ [10.0, 20.0]])
    with pytest.raises(ValueError, match=r"query must be a 1-D vector \(d,\); got shape \(1, 2\)"):
        al.soft_lookup([[2.0, 0.0]], [[1, 0]], [[1.0]])


def test_docstrings_name_the_notebook_symbols():
    for symbol in ("Q", "K", "V", "A", "S"):
        assert f" {symbol} " in al.attention.__doc__ or f"{symbol} (" in al.attention.__doc__
    for symbol in ("X", "W_Q", "W_K", "W_V"):
        assert symbol in al.self_attention.__doc__


def test_inputs_are_not_modified():
    """The in-place fast path never touches the caller's arrays."""
    original = np.random.default_rng(5).normal(size=(4, 4)).astype(np.float32)
    q, k, v = (original.copy() for _ in range(3))
    al.attention(q, k, v, mask=al.causal_mask(4))
    for a in (q, k, v):
        np.testing.assert_array_equal(a, original)


# --- leading (batch) dimensions that do not broadcast --------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda q, k: al.attention(q, k, k),
            r"q, k and v have leading \(batch\) dimensions that do not broadcast: "
            r"q \(2, 3, 4\), k \(5, 3, 4\), v \(5, 3, 4\)",
        ),
        (
            lambda q, k: al.attention_scores(q, k),
            r"q and k have leading \(batch\) dimensions .*q \(2, 3, 4\), k \(5, 3, 4\)",
        ),
        (
            lambda q, k: al.weighted_sum(np.ones((2, 3, 3)), k[:, :, :2]),
            r"weights and vectors have leading \(batch\) dimensions .*weights \(2, 3, 3\), vectors \(5, 3, 2\)",
        ),
    ],
)
def test_batch_mismatch_is_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call(np.ones((2, 3, 4)), np.ones((5, 3, 4)))


def test_batched_weighted_sum_still_works():
    w, v = np.full((2, 1, 3), 1 / 3), np.arange(6.0).reshape(3, 2)
    np.testing.assert_allclose(al.weighted_sum(w, v), np.broadcast_to(v.mean(axis=0), (2, 1, 2)))


# --- numeric parameters of the wrong type, and other bad input ---------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda bad: al.attention(X, X, X, scale=bad), TypeError, r"scale must be a positive number, got"),
        (lambda bad: al.attention_scores(X, X, scale=bad), TypeError, r"scale must be a positive number, got"),
        (lambda bad: al.soft_lookup([1.0, 0.0], [[1, 0]], [[1.0]], scale=bad), TypeError, r"scale must be a positive"),
        (lambda bad: al.causal_mask(bad), TypeError, r"n must be a whole number >= 1, got"),
    ],
)
@pytest.mark.parametrize("bad", ["2", None, [2]])
def test_wrong_type_names_the_argument(call, error, message, bad):
    if bad is None and message.startswith("scale"):  # scale=None is the default: test_scale_none_is_one_over_root_dk
        return
    with pytest.raises(error, match=message):
        call(bad)


def test_scale_none_is_one_over_root_dk():
    """scale=None is not an error but the default, 1/√d_k: the same numbers as passing it."""
    d_k = X.shape[-1]
    np.testing.assert_array_equal(
        al.attention(X, X, X, scale=None)[1], al.attention(X, X, X, scale=1 / np.sqrt(d_k))[1]
    )
    np.testing.assert_array_equal(al.attention_scores(X, X, scale=None), al.attention_scores(X, X) * 1.0)
    np.testing.assert_array_equal(al.attention_scores(X, X, scale=None), X @ X.T / np.sqrt(d_k))
    keys, values = [[1.0, 0.0], [0.0, 1.0]], [[1.0], [3.0]]
    weights, _ = al.soft_lookup([2.0, 0.0], keys, values, scale=None)
    np.testing.assert_allclose(weights, al.softmax(np.array([2.0, 0.0]) / np.sqrt(2)), rtol=1e-15)


def test_0d_arrays_work_as_numbers():
    out, w = al.attention(X, X, X, scale=np.array(1.0))
    np.testing.assert_allclose(w, al.attention(X, X, X, scale=1.0)[1])
    assert al.causal_mask(np.array(3)).shape == (3, 3)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: al.attention(np.ones((2, 3)), np.ones((2, 3)), np.ones((2, 3)), mask="all"),
            TypeError,
            r"mask must be an array of booleans, got str",
        )
    ],
)
def test_error_names_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- extremes: a correct finite result, or a clear error ---------------------------------------------


def test_attention_with_huge_entries_is_finite_and_right():
    q = np.array([[1e200, 0.0], [0.0, 1e200]])
    k = np.array([[1e200, 0.0], [0.0, 1e200], [1e200, 1e200]])
    v = np.array([[1.0], [2.0], [3.0]])
    out, w = al.attention(q, k, v)
    np.testing.assert_array_equal(w, [[0.5, 0, 0.5], [0, 0.5, 0.5]])  # ties: exactly half each
    np.testing.assert_array_equal(out, [[2.0], [2.5]])


def test_attention_overflow_with_mask_and_cancellation():
    q = np.array([[1e200, 1e200], [1.0, 1.0]])
    k = np.array([[1e200, -1e200], [1e200, 1e200], [-1e200, -1e200]])  # q0·k0 cancels to exactly 0
    mask = np.array([[True, False, True], [False, False, False]])
    out, w = al.attention(q, k, np.eye(3), mask=mask)
    np.testing.assert_array_equal(w, [[1.0, 0, 0], [0, 0, 0]])
    np.testing.assert_array_equal(out, w)


@pytest.mark.parametrize("dtype", [np.float16, np.float32])
def test_attention_low_precision_overflow_matches_float64(dtype):
    rng = np.random.default_rng(0)
    big = float(np.finfo(dtype).max) ** 0.5 * 4  # q · k beyond the dtype's range
    q, k = (rng.normal(size=(3, 4)) * big for _ in range(2))
    v = rng.normal(size=(5, 2))[:3]
    q, k, v = (a.astype(dtype) for a in (q, k, v))
    out, w = al.attention(q, k, v, mask=al.causal_mask(3))
    ref_out, ref_w = attention_loop(
        *(a.astype(np.float64).tolist() for a in (q, k, v)), 0.5, al.causal_mask(3).tolist()
    )
    assert out.dtype == dtype and w.dtype == dtype
    np.testing.assert_allclose(w, ref_w, atol=1e-3)
    np.testing.assert_allclose(out, ref_out, atol=1e-2)


def test_attention_huge_scale_is_argmax_and_huge_values_stay_finite():
    q, k = np.array([[1.0, 2.0]]), np.array([[1.0, 0.0], [0.0, 1.0]])
    v = np.array([[3e38, 3e38], [3.4e38, 3.4e38]], dtype=np.float32)
    out, w = al.attention(q.astype(np.float32), k.astype(np.float32), v, scale=1e300)
    np.testing.assert_array_equal(w, [[0, 1]])
    assert np.isfinite(out).all() and out[0, 0] == np.float32(3.4e38)


def test_attention_scores_overflow_is_a_clear_error():
    with pytest.raises(ValueError, match=r"a score scale · q\[i\] · k\[j\] is too large for float64 at index \(0, 0\)"):
        al.attention_scores([[1e200]], [[1e200]], scale=1.0)
    np.testing.assert_array_equal(al.attention_scores([[1e200, 1e200]], [[1e200, -1e200]]), [[0.0]])
    s = al.attention_scores(np.array([[3e19]], dtype=np.float32), np.array([[3e19]], dtype=np.float32), scale=1e-10)
    assert s.dtype == np.float32 and s[0, 0] == pytest.approx(9e28, rel=1e-6)


def test_projections_that_overflow_are_clear_errors():
    x = np.full((2, 2), 1e200)
    with pytest.raises(ValueError, match=r"x @ w_q is too large for float64"):
        al.self_attention(x, x, x, x)


# --- _numerics.py: products beyond float64, the same bits on every machine ----------------------------------


def _products_in_order(x, y, scale):
    """scale · x @ yᵀ after unit_products' rescaling, in Python floats: each product rounded, then added
    left to right, with no fused multiply-add. IEEE arithmetic gives these bits on every machine."""
    ex, ey = (int(np.frexp(np.abs(a).max())[1]) for a in (x, y))
    mantissa, es = np.frexp(scale)
    rows = [[float(np.ldexp(v, -ex)) for v in row] for row in x]
    cols = [[float(np.ldexp(v, -ey)) for v in row] for row in y]
    out = []
    for a in rows:
        out.append([])
        for b in cols:
            total = 0.0
            for p, q in zip(a, b):
                total += p * q
            out[-1].append(total * float(mantissa))
    return np.array(out), ex + ey + int(es)


@pytest.mark.parametrize("d", [2, 3, 8, 33, 100])
def test_the_overflow_path_gives_the_same_bits_on_every_machine(d):
    """The path for products beyond float64 does not depend on the BLAS kernel or on FMA: a fixed order
    of rounded products and sums (before, a matmul gave 5 of these 5 cases other bits here)."""
    rng = np.random.default_rng(d)
    x, y = rng.normal(size=(5, d)) * 1e200, rng.normal(size=(4, d)) * 1e200
    p, e = unit_products(x, y, 0.7)
    expected, expected_e = _products_in_order(x, y, 0.7)
    assert e == expected_e
    np.testing.assert_array_equal(p, expected)


def test_an_overflowing_sum_that_cancels_is_exactly_zero_everywhere():
    """a·a - a·a is 0; a fused multiply-add returns the rounding error of a·a instead, which times 2**e
    overflowed, so some machines raised and others returned 0."""
    a = np.random.default_rng(0).uniform(1e199, 1e201, size=20)
    x = np.stack([a, a], axis=1)  # (20, 2)
    y = np.stack([a, -a], axis=1)
    np.testing.assert_array_equal(np.diag(al.dot_similarity_matrix(x, y)), np.zeros(20))
    np.testing.assert_array_equal(al.attention_scores(x, y, scale=1.0).diagonal(), np.zeros(20))
