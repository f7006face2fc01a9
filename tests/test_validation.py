"""Issue 10: every public function meets bad input with a clear error naming the argument, or a
correct finite result; never a numpy traceback, never a RuntimeWarning with NaN (warnings are errors)."""

import numpy as np
import pytest
from reference import attention_loop, softmax_loop

import attnlib as al
from attnlib import _validate
from attnlib.maths import costs, rnn
from attnlib.maths._numerics import unit_products
from attnlib.viz import readouts

pytestmark = pytest.mark.filterwarnings("error")


# --- the helpers themselves ---------------------------------------------------------------------


@pytest.mark.parametrize("value", [3, np.int64(3), np.array(3), np.uint8(3)])
def test_whole_number_accepts_ints_and_0d_arrays(value):
    assert _validate.to_whole_number(value, "n") == 3


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (0, ValueError, r"n must be a whole number >= 1, got 0"),
        (2.5, ValueError, r"n must be a whole number >= 1, got 2.5"),
        (True, ValueError, r"n must be a whole number >= 1, got True"),
        ("3", TypeError, r"n must be a whole number >= 1, got str '3'"),
        (None, TypeError, r"n must be a whole number >= 1, got NoneType None"),
        ([3], TypeError, r"n must be a whole number >= 1, got list \[3\]"),
        (np.array([3]), TypeError, r"n must be a whole number >= 1, got ndarray"),
    ],
)
def test_whole_number_refuses(value, error, message):
    with pytest.raises(error, match=message):
        _validate.to_whole_number(value, "n")


def test_whole_number_minimum():
    assert _validate.to_whole_number(0, "seed", minimum=0) == 0
    with pytest.raises(ValueError, match=r"seed must be a whole number >= 0, got -1"):
        _validate.to_whole_number(-1, "seed", minimum=0)


@pytest.mark.parametrize("value", [2.0, 2, np.float32(2.0), np.array(2.0), np.array(2)])
def test_real_number_accepts_0d_arrays_like_numpy_scalars(value):
    assert _validate.to_real_number(value, "t", above=0) == 2.0


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        ("2", TypeError, r"t must be a positive number, got str '2'"),
        (None, TypeError, r"t must be a positive number, got NoneType None"),
        ([2.0], TypeError, r"t must be a positive number, got list \[2.0\]"),
        (np.ones(2), TypeError, r"t must be a positive number, got ndarray"),
        (10**400, ValueError, r"t must be a finite number > 0, got 1000.* \(too large\)"),
        (float("nan"), ValueError, r"t must be a finite number > 0, got nan"),
        (-1.0, ValueError, r"t must be a finite number > 0, got -1.0"),
    ],
)
def test_real_number_refuses(value, error, message):
    with pytest.raises(error, match=message):
        _validate.to_real_number(value, "t", above=0)


def test_axis_helper():
    assert _validate.to_axis(-1, (2, 3)) == 1
    assert _validate.to_axis(np.array(0), (2, 3)) == 0
    with pytest.raises(ValueError, match=r"axis must be in \[-2, 1\] for x of shape \(2, 3\); got 2"):
        _validate.to_axis(2, (2, 3))


def test_broadcast_leading_names_every_array():
    a, b = np.ones((2, 3, 4)), np.ones((5, 3, 4))
    assert _validate.broadcast_leading({"a": a, "b": np.ones((1, 3, 4))}) == (2,)
    with pytest.raises(
        ValueError,
        match=r"a and b have leading \(batch\) dimensions that do not broadcast: "
        r"a \(2, 3, 4\), b \(5, 3, 4\)",
    ):
        _validate.broadcast_leading({"a": a, "b": b})


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
        (lambda q, k: al.dot_similarity_matrix(q, k), r"x and y have leading \(batch\) dimensions"),
        (lambda q, k: al.cosine_similarity_matrix(q, k), r"x and y have leading \(batch\) dimensions"),
        (lambda q, k: al.euclidean_distance_matrix(q, k), r"x and y have leading \(batch\) dimensions"),
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


# --- axis values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("axis", "error", "message"),
    [
        (2, ValueError, r"axis must be in \[-2, 1\] for x of shape \(2, 3\); got 2"),
        (-3, ValueError, r"axis must be in \[-2, 1\] for x of shape \(2, 3\); got -3"),
        (1.0, TypeError, r"axis must be a whole number \(an axis index from -2 to 1\), got float 1.0"),
        ("0", TypeError, r"axis must be a whole number .*got str '0'"),
        (None, TypeError, r"axis must be a whole number .*got NoneType None"),
        (True, TypeError, r"axis must be a whole number .*got bool True"),
    ],
)
def test_softmax_bad_axis(axis, error, message):
    with pytest.raises(error, match=message):
        al.softmax(np.ones((2, 3)), axis=axis)


def test_softmax_axis_as_numpy_int_and_0d_array():
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(al.softmax(x, axis=np.int64(0)), al.softmax(x, axis=0))
    np.testing.assert_allclose(al.softmax(x, axis=np.array(-1)), al.softmax(x, axis=-1))


# --- numeric parameters of the wrong type ----------------------------------------------------------

X = np.eye(3)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda bad: al.softmax([1.0, 2.0], temperature=bad), TypeError, r"temperature must be a positive number, got"),
        (lambda bad: al.attention(X, X, X, scale=bad), TypeError, r"scale must be a positive number, got"),
        (lambda bad: al.attention_scores(X, X, scale=bad), TypeError, r"scale must be a positive number, got"),
        (lambda bad: al.soft_lookup([1.0, 0.0], [[1, 0]], [[1.0]], scale=bad), TypeError, r"scale must be a positive"),
        (lambda bad: al.random_projections(2, 2, seed=bad), TypeError, r"seed must be a whole number >= 0, got"),
        (lambda bad: al.random_projections(bad, 2), TypeError, r"d_in must be a whole number >= 1, got"),
        (lambda bad: al.sinusoidal_positional_encoding(4, bad), TypeError, r"d_model must be a whole number >= 1, got"),
        (lambda bad: al.sinusoidal_positional_encoding(4, 8, base=bad), TypeError, r"base must be a number, got"),
        (lambda bad: al.split_heads(np.ones((2, 4)), bad), TypeError, r"n_heads must be a whole number >= 1, got"),
        (lambda bad: al.multi_head_attention(np.eye(4), *[np.eye(4)] * 4, n_heads=bad), TypeError, r"n_heads must be"),
        (lambda bad: al.causal_mask(bad), TypeError, r"n must be a whole number >= 1, got"),
        (lambda bad: costs.attention_cost(bad, 4), TypeError, r"n must be a whole number >= 1, got"),
        (lambda bad: costs.longest_sequence(bad), TypeError, r"memory_bytes must be a whole number >= 1, got"),
        (
            lambda bad: rnn.rnn_first_word_influence(np.ones((2, 2)), np.eye(2), np.eye(2), eps=bad),
            TypeError,
            r"eps must be a positive number, got",
        ),
        (
            lambda bad: al.format_profiles(np.ones(8), ["a"], decimals=bad),
            TypeError,
            r"decimals must be a whole number >= 0",
        ),
    ],
)
@pytest.mark.parametrize("bad", ["2", None, [2]])
def test_wrong_type_names_the_argument(call, error, message, bad):
    if bad is None and message.startswith("scale"):
        assert call(None) is not None  # scale=None is the default 1/√d_k: a result, not an error
        return
    with pytest.raises(error, match=message):
        call(bad)


def test_0d_arrays_work_as_numbers():
    x = np.array([1.0, 2.0, 4.0])
    np.testing.assert_allclose(al.softmax(x, temperature=np.array(2.0)), softmax_loop(list(x / 2)))
    out, w = al.attention(X, X, X, scale=np.array(1.0))
    np.testing.assert_allclose(w, al.attention(X, X, X, scale=1.0)[1])
    assert al.causal_mask(np.array(3)).shape == (3, 3)
    assert al.sinusoidal_positional_encoding(np.array(4), np.int32(6), base=np.array(100.0)).shape == (4, 6)
    assert al.split_heads(np.ones((2, 4)), np.array(2)).shape == (2, 2, 2)
    assert len(al.random_projections(np.array(2), 3, seed=np.array(1), count=np.int8(2))) == 2


def test_longest_sequence_is_exact_for_huge_budgets():
    n = costs.longest_sequence(10**400, bytes_per_entry=1)
    assert n * n <= 10**400 < (n + 1) ** 2


# --- extremes: a correct finite result, or a clear error ---------------------------------------------


@pytest.mark.parametrize("t", [1e-300, 5e-324])
def test_softmax_tiny_temperature_is_argmax(t):
    np.testing.assert_array_equal(al.softmax([1.0, 3.0, 2.0], temperature=t), [0.0, 1.0, 0.0])
    np.testing.assert_array_equal(al.softmax([1.0, 3.0, 3.0], temperature=t), [0.0, 0.5, 0.5])


def test_softmax_huge_temperature_is_uniform():
    np.testing.assert_allclose(al.softmax([-1e308, 1e308], temperature=1e308), softmax_loop([-1.0, 1.0]))


def test_softmax_extreme_range_and_neg_inf():
    np.testing.assert_array_equal(al.softmax([-1.7e308, 1.7e308, -np.inf]), [0.0, 1.0, 0.0])


@pytest.mark.parametrize("dtype", [np.float16, np.float32])
def test_softmax_low_precision_near_the_dtype_limit(dtype):
    top = float(np.finfo(dtype).max)
    p = al.softmax(np.array([-top, top / 2, top], dtype=dtype), temperature=0.5)
    assert p.dtype == dtype
    np.testing.assert_array_equal(p, [0, 0, 1])


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


def test_similarity_extremes():
    big = np.array([1e200, 1e200])
    assert al.cosine_similarity(big, big * 2) == pytest.approx(1.0)
    assert al.cosine_similarity([1e-200, 0.0], [0.0, 1e-200]) == 0.0  # tiny, not zero-length
    assert al.euclidean_distance([1e-200, 0.0], [0.0, 0.0]) == pytest.approx(1e-200)
    assert al.euclidean_distance([1e300, 0.0], [-1e300, 0.0]) == pytest.approx(2e300)
    np.testing.assert_allclose(
        al.cosine_similarity_matrix([[1e300, 1e300], [-1e300, 1e300]]), [[1, 0], [0, 1]], atol=1e-15
    )
    d = al.euclidean_distance_matrix(np.array([[3e38, 0.0]], dtype=np.float32), np.zeros((1, 2), np.float32))
    assert d.dtype == np.float32 and d[0, 0] == np.float32(3e38)
    with pytest.raises(ValueError, match=r"a · b is too large for float64"):
        al.dot_similarity([1e200], [1e200])
    with pytest.raises(ValueError, match=r"the distance \|a - b\| is too large for float64"):
        al.euclidean_distance([1.7e308], [-1.7e308])
    with pytest.raises(ValueError, match=r"a dot product x\[i\] · y\[j\] is too large for float32"):
        al.dot_similarity_matrix(np.full((1, 2), 1e20, np.float32))


def test_projections_that_overflow_are_clear_errors():
    x = np.full((2, 2), 1e200)
    with pytest.raises(ValueError, match=r"x @ w_q is too large for float64"):
        al.self_attention(x, x, x, x)
    with pytest.raises(ValueError, match=r"x @ w_q is too large for float64"):
        al.multi_head_attention(x, x, x, x, x, n_heads=1)
    with pytest.raises(ValueError, match=r"step 0: x_t @ w_x \+ h @ w_h is too large for float64"):
        rnn.rnn_forward(x, x, x)
    assert al.tech_fruit_split([1e308, 1e308, 0, 0, 0, 0, 0, 0]) == (0.5, 0.5)


# --- new names and their older aliases ----------------------------------------------------------------


def test_paired_names_and_no_old_aliases():
    for name in (
        "dot_similarity_matrix",
        "euclidean_distance_matrix",
        "SelfAttentionResult",
        "MultiHeadAttentionResult",
    ):
        assert name in al.__all__
    for old in ("similarity_matrix", "distance_matrix", "SelfAttention", "MultiHeadAttention"):  # gone in 0.1
        assert old not in al.__all__ and not hasattr(al, old)
    assert type(al.self_attention(X, X, X, X)).__name__ == "SelfAttentionResult"
    assert type(al.multi_head_attention(X, X, X, X, X, n_heads=1)).__name__ == "MultiHeadAttentionResult"


def test_docstrings_name_the_notebook_symbols():
    for symbol in ("Q", "K", "V", "A", "S"):
        assert f" {symbol} " in al.attention.__doc__ or f"{symbol} (" in al.attention.__doc__
    for symbol in ("X", "W_Q", "W_K", "W_V"):
        assert symbol in al.self_attention.__doc__


# --- the in-place fast path never touches the caller's arrays ----------------------------------------


def test_inputs_are_not_modified():
    original = np.random.default_rng(5).normal(size=(4, 4)).astype(np.float32)
    x, q, k, v = (original.copy() for _ in range(4))
    al.softmax(x, temperature=0.5)
    al.attention(q, k, v, mask=al.causal_mask(4))
    for a in (x, q, k, v):
        np.testing.assert_array_equal(a, original)


# --- the maths behind the widgets (moved out of widgets.py) -------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: al.rebalance([0.1, 0.5, 0.4], 1.5, 0.2), ValueError, r"index must be a whole number >= 0, got 1.5"),
        (lambda: al.rebalance([0.1, 0.5, 0.4], "1", 0.2), TypeError, r"index must be a whole number >= 0, got str"),
        (lambda: al.rebalance([0.1, 0.5, 0.4], 3, 0.2), ValueError, r"index must be a whole number in \[0, 2\]; got 3"),
        (lambda: al.rebalance([0.1, 0.5, 0.4], 1, None), TypeError, r"value must be a number, got NoneType"),
        (lambda: al.rebalance([0.1, 0.5, 0.4], 1, float("nan")), ValueError, r"value must be a finite number"),
        (lambda: al.rebalance([0.1, 0.5, 0.4], 1, 0.2, step="0.05"), TypeError, r"step must be a positive number"),
        (lambda: al.mix_profile([0.5, 0.5], np.ones((3, 8))), ValueError, r"weights"),
        (lambda: al.polar_to_xy("45", 2), TypeError, r"angle_degrees must be a number, got str"),
        (lambda: al.polar_to_xy(45, [2]), TypeError, r"length must be a number, got list"),
        (lambda: al.compare_vectors([1, 2], [1, 2, 3]), ValueError, r"\(2,\).*\(3,\)|must have the same"),
        (lambda: al.score_statistics(64.0, True), ValueError, r"d_k must be a whole number >= 1, got 64.0"),
        (lambda: al.score_statistics(64, True, n_keys="8"), TypeError, r"n_keys must be a whole number"),
        (lambda: al.score_statistics(64, True, seed=-1), ValueError, r"seed must be a whole number >= 0, got -1"),
        (lambda: readouts.heads_weights(n_heads=3), ValueError, r"n_heads"),
        (lambda: readouts.heads_weights(query_key_gain="4"), TypeError, r"query_key_gain must be a number, got str"),
        (lambda: readouts.contextualize("I love laptops"), ValueError, r"'laptops' is not in the features vocabulary"),
    ],
)
def test_widget_maths_refuses_bad_input_clearly(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_widget_maths_takes_0d_arrays_and_numpy_scalars():
    np.testing.assert_allclose(al.polar_to_xy(np.array(90.0), np.float32(2)), [0, 2], atol=1e-12)
    np.testing.assert_allclose(
        al.rebalance([0.1, 0.5, 0.4], np.int64(2), np.array(0.8), step=np.array(0.05)), [0.05, 0.15, 0.8]
    )
    stats = al.score_statistics(np.array(64), True, seed=np.int64(0))
    np.testing.assert_array_equal(stats["scores"], al.score_statistics(64, True)["scores"])
    assert 0.9 < stats["score_std"] < 1.1 and set(stats) == {"score_std", "mean_max_weight", "scores"}


def test_widget_maths_is_finite_at_the_extremes():
    assert np.isfinite(al.rebalance([1e-300, 0, 0], 1, 0.5, step=0.05)).all()
    assert np.isfinite(al.polar_to_xy(1e6, 1e300)).all()
    _, weights, new = readouts.contextualize("I love Apple phones", scale=1e300)
    assert np.isfinite(weights).all() and np.isfinite(new).all()
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0)
