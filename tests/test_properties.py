"""Property tests: laws that must hold for any input, not just the examples."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from reference import attention_loop

import attnlib as al

finite = st.floats(-50, 50, allow_nan=False, allow_infinity=False, width=64)


def matrices():
    return st.tuples(st.integers(1, 5), st.integers(1, 5)).flatmap(lambda s: arrays(np.float64, s, elements=finite))


@given(matrices())
def test_softmax_rows_sum_to_one_and_are_positive(x):
    p = al.softmax(x)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)
    assert (p >= 0).all() and (p <= 1).all()


@given(matrices(), finite)
def test_softmax_is_shift_invariant(x, c):
    np.testing.assert_allclose(al.softmax(x + c), al.softmax(x), atol=1e-12)


@given(arrays(np.float64, st.integers(2, 6), elements=st.floats(-1e6, 1e6)))
def test_softmax_never_overflows(x):
    p = al.softmax(x)
    assert np.isfinite(p).all()
    np.testing.assert_allclose(p.sum(), 1.0)


@given(st.integers(1, 5), st.integers(1, 4), st.integers(0, 2**32 - 1))
def test_self_attention_is_permutation_equivariant(n, d, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d))
    w = [rng.normal(size=(d, d)) for _ in range(3)]
    perm = rng.permutation(n)
    res, shuffled = al.self_attention(x, *w), al.self_attention(x[perm], *w)
    np.testing.assert_allclose(shuffled.output, res.output[perm], atol=1e-10)
    np.testing.assert_allclose(shuffled.weights, res.weights[perm][:, perm], atol=1e-12)


@given(st.integers(1, 4), st.integers(1, 5), st.integers(1, 3), st.integers(0, 2**32 - 1), st.booleans())
def test_vectorised_attention_equals_loop(n, m, d, seed, use_mask):
    rng = np.random.default_rng(seed)
    q, k, v = rng.normal(size=(n, d)), rng.normal(size=(m, d)), rng.normal(size=(m, d + 1))
    mask = rng.random((n, m)) > 0.3 if use_mask else None
    out, w = al.attention(q, k, v, mask=mask)
    ref_out, ref_w = attention_loop(
        q.tolist(), k.tolist(), v.tolist(), 1 / np.sqrt(d), None if mask is None else mask.tolist()
    )
    np.testing.assert_allclose(w, ref_w, atol=1e-12)
    np.testing.assert_allclose(out, ref_out, atol=1e-10)


@given(matrices(), st.integers(0, 2**32 - 1))
def test_masked_weights_are_zero(x, seed):
    mask = np.random.default_rng(seed).random((x.shape[0], x.shape[0])) > 0.5
    _, w = al.attention(x, x, x, mask=mask)
    assert (w[~mask] == 0).all()
    rows = mask.any(axis=1)
    np.testing.assert_allclose(w[rows].sum(axis=1), 1.0)


@given(matrices())
def test_similarity_matrix_is_symmetric(x):
    s = al.dot_similarity_matrix(x)
    np.testing.assert_array_equal(s, s.T)


@given(matrices(), st.sampled_from([np.float32, np.float64]))
def test_dtype_preserved(x, dtype):
    x = x.astype(dtype)
    assert al.softmax(x).dtype == dtype
    out, w = al.attention(x, x, x)
    assert out.dtype == dtype and w.dtype == dtype
