"""Backward passes (notebook 10): every analytic gradient equals central differences in float64,
for random shapes, masks and scales; masked entries and fully masked rows pass no gradient back;
bad input, and a careless f or params, get clear errors."""

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import attnlib as al

pytestmark = pytest.mark.filterwarnings("error")
TOLERANCE = 1e-6  # the goal: max relative error per parameter


def _jacobian(p):
    return np.diag(p) - np.outer(p, p)


@given(st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_softmax_backward_is_the_jacobian_times_the_gradient(n, seed):
    rng = np.random.default_rng(seed)
    p = al.softmax(rng.normal(size=n) * 3)
    g = rng.normal(size=n)
    np.testing.assert_allclose(al.softmax_backward(p, g), _jacobian(p) @ g, atol=1e-12)
    assert abs(al.softmax_backward(p, g).sum()) < 1e-12  # a softmax gradient sums to 0


def test_softmax_backward_along_an_axis_and_for_an_empty_row():
    rng = np.random.default_rng(0)
    p = al.softmax(rng.normal(size=(3, 4)), axis=0)
    g = rng.normal(size=(3, 4))
    want = np.stack([_jacobian(p[:, j]) @ g[:, j] for j in range(4)], axis=1)
    np.testing.assert_allclose(al.softmax_backward(p, g, axis=0), want, atol=1e-12)
    np.testing.assert_array_equal(al.softmax_backward(np.zeros(3), g[0, :3]), 0.0)


shapes = st.tuples(st.integers(0, 2), st.integers(1, 4), st.integers(1, 4), st.integers(1, 3), st.integers(1, 3))


@given(shapes, st.sampled_from([None, 0.3, 1.0, 2.5]), st.booleans(), st.integers(0, 2**32 - 1))
@example(shape=(0, 1, 3, 3, 1), scale=1.0, masked=True, seed=3)  # saturated: every gradient near 1e-5
def test_attention_backward_matches_central_differences(shape, scale, masked, seed):
    batch, n, m, d_k, d_v = shape
    lead = (batch,) if batch else ()
    rng = np.random.default_rng(seed)
    q, k, v = (rng.normal(size=lead + s) for s in ((n, d_k), (m, d_k), (m, d_v)))
    mask = rng.random(lead + (n, m)) < 0.7 if masked else None
    g_out = rng.normal(size=lead + (n, d_v))

    def f(p):
        out, _ = al.attention(p["q"], p["k"], p["v"], mask=mask, scale=scale)
        grads = al.attention_backward(p["q"], p["k"], p["v"], g_out, mask=mask, scale=scale)
        return float((out * g_out).sum()), grads._asdict()

    errors = al.gradient_check(f, {"q": q, "k": k, "v": v})
    assert max(errors.values()) <= TOLERANCE, errors


@given(
    st.integers(1, 5),
    st.integers(1, 4),
    st.integers(1, 3),
    st.sampled_from([None, 0.5, 2.0]),
    st.sampled_from(["none", "causal", "random"]),
    st.integers(0, 2**32 - 1),
)
def test_self_attention_backward_matches_central_differences(n, d, d_k, scale, kind, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(2, n, d))
    params = {
        "x": x,
        "w_q": rng.normal(size=(d, d_k)),
        "w_k": rng.normal(size=(d, d_k)),
        "w_v": rng.normal(size=(d, 2)),
    }
    mask = {"none": None, "causal": al.causal_mask(n), "random": rng.random((2, n, n)) < 0.6}[kind]
    g_out = rng.normal(size=(2, n, 2))

    def f(p):
        out = al.self_attention(p["x"], p["w_q"], p["w_k"], p["w_v"], mask=mask, scale=scale).output
        grads = al.self_attention_backward(p["x"], p["w_q"], p["w_k"], p["w_v"], g_out, mask=mask, scale=scale)
        return float((out * g_out).sum()), grads._asdict()

    errors = al.gradient_check(f, params)
    assert max(errors.values()) <= TOLERANCE, errors


def test_broadcast_inputs_get_gradients_of_their_own_shape():
    rng = np.random.default_rng(1)
    q, k, v = rng.normal(size=(3, 2, 4, 2)), rng.normal(size=(1, 5, 2)), rng.normal(size=(5, 3))
    g_out = rng.normal(size=(3, 2, 4, 3))

    def f(p):
        out, _ = al.attention(p["q"], p["k"], p["v"])
        return float((out * g_out).sum()), al.attention_backward(p["q"], p["k"], p["v"], g_out)._asdict()

    grads = f({"q": q, "k": k, "v": v})[1]
    assert grads["q"].shape == q.shape and grads["k"].shape == k.shape and grads["v"].shape == v.shape
    assert max(al.gradient_check(f, {"q": q, "k": k, "v": v}).values()) <= TOLERANCE


def test_blocked_entries_and_fully_masked_rows_pass_no_gradient():
    rng = np.random.default_rng(2)
    q, k, v = rng.normal(size=(3, 2)), rng.normal(size=(4, 2)), rng.normal(size=(4, 2))
    mask = np.ones((3, 4), dtype=bool)
    mask[1] = False  # row 1 attends to nothing: output 0 whatever q[1] is
    mask[:, 3] = False  # nobody attends to word 3: its key and value do not matter
    grads = al.attention_backward(q, k, v, np.ones((3, 2)), mask=mask)
    np.testing.assert_array_equal(grads.q[1], 0.0)
    np.testing.assert_array_equal(grads.k[3], 0.0)
    np.testing.assert_array_equal(grads.v[3], 0.0)


def test_the_scale_is_in_the_query_and_key_gradients_only():
    rng = np.random.default_rng(3)
    q, k, v, g = (rng.normal(size=(3, 2)) for _ in range(4))
    one = al.attention_backward(q / 2, k, v, g, scale=1.0)
    half = al.attention_backward(q, k, v, g, scale=0.5)  # same scores: S = 0.5 q kᵀ = (q / 2) kᵀ
    np.testing.assert_allclose(half.q, one.q / 2)
    np.testing.assert_allclose(half.k, one.k)  # dK = scale · dSᵀ Q: 0.5 · dSᵀ q = 1 · dSᵀ (q / 2)
    np.testing.assert_allclose(half.v, one.v)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: al.softmax_backward([0.5, 0.5], [1.0]),
            ValueError,
            r"grad_probs must have the shape of probs, \(2,\); got \(1,\)",
        ),
        (lambda: al.softmax_backward("p", [1.0]), TypeError, r"probs must be an array of numbers, got str"),
        (
            lambda: al.softmax_backward([0.5, 0.5], [1.0, 0.0], axis=2),
            ValueError,
            r"axis must be in \[-1, 0\] for probs",
        ),
        (
            lambda: al.attention_backward(np.ones((2, 3)), np.ones((4, 3)), np.ones((4, 2)), np.ones((2, 3))),
            ValueError,
            r"grad_output must have the shape of the output of attention .*\(2, 2\); got \(2, 3\)",
        ),
        (
            lambda: al.attention_backward(np.ones((2, 3)), np.ones((4, 2)), np.ones((4, 2)), np.ones((2, 2))),
            ValueError,
            r"q and k must have the same last dimension d_k",
        ),
        (
            lambda: al.attention_backward(np.ones((2, 3)), np.ones((4, 3)), np.ones((4, 2)), np.ones((2, 2)), scale=0),
            ValueError,
            r"scale must be a finite number > 0",
        ),
        (
            lambda: al.attention_backward(
                np.ones((2, 3)), np.ones((4, 3)), np.ones((4, 2)), np.ones((2, 2)), mask=[1, 0]
            ),
            TypeError,
            r"mask must be a boolean array",
        ),
        (
            lambda: al.self_attention_backward(
                np.ones((3, 4)), np.ones((5, 2)), np.ones((4, 2)), np.ones((4, 2)), np.ones((3, 2))
            ),
            ValueError,
            r"w_q must have 4 rows",
        ),
        (
            lambda: al.self_attention_backward(
                np.ones((3, 4)), np.ones((4, 2)), np.ones((4, 2)), np.ones((4, 2)), np.ones((3, 3))
            ),
            ValueError,
            r"grad_output must have the shape",
        ),
        (
            lambda: al.gradient_check(3, {"a": np.ones(2)}),
            TypeError,
            r"f must be a function params -> \(loss, grads\), got int",
        ),
        (lambda: al.gradient_check(lambda p: (0.0, p), {}), TypeError, r"params must be a non-empty dict"),
        (
            lambda: al.gradient_check(lambda p: (0.0, p), {"a": [1.0]}, eps=-1),
            ValueError,
            r"eps must be a finite number > 0",
        ),
        (
            lambda: al.gradient_check(lambda p: (0.0, {"b": 1}), {"a": [1.0]}),
            ValueError,
            r"grads a dict of the keys \['a'\]; got \['b'\]",
        ),
        (
            lambda: al.gradient_check(lambda p: (0.0, {"a": [1.0, 2.0]}), {"a": [1.0]}),
            ValueError,
            r"grads\['a'\] must have the shape of params\['a'\], \(1,\); got \(2,\)",
        ),
    ],
)
def test_bad_input_is_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_gradient_check_finds_a_wrong_gradient_and_says_which():
    def f(p):  # loss = sum(a²) + sum(b³), with b's gradient wrong by a factor of 2
        return float((p["a"] ** 2).sum() + (p["b"] ** 3).sum()), {"a": 2 * p["a"], "b": 6 * p["b"] ** 2}

    errors = al.gradient_check(f, {"a": [1.0, -2.0], "b": [[0.5, 1.5]]})
    assert errors["a"] < 1e-8 and errors["b"] == pytest.approx(0.5, abs=1e-6)


def test_gradient_check_still_catches_a_wrong_small_gradient():
    """The round-off floor (1e-4 · max(1, |loss|)) does not hide a 10% error in a gradient of size 1e-3."""

    def f(p):
        return float(1e-3 * p["a"].sum()), {"a": np.full(p["a"].shape, 1.1e-3)}

    assert al.gradient_check(f, {"a": [0.3, 0.7]})["a"] == pytest.approx(1e-4 / 1.1e-3, rel=1e-3)


def test_gradient_check_does_not_change_the_parameters():
    a = np.array([1.0, 2.0])
    al.gradient_check(lambda p: (float((p["a"] ** 2).sum()), {"a": 2 * p["a"]}), {"a": a})
    np.testing.assert_array_equal(a, [1.0, 2.0])


# --- gradient_check: careless input --------------------------------------------------------------------

W = {"w": np.array([1.0, 2.0])}


def _square(p):
    """A correct (loss, grads) function: loss = sum(w²)."""
    return float((p["w"] ** 2).sum()), {"w": 2 * p["w"]}


@pytest.mark.parametrize(
    ("f", "params", "error", "message"),
    [
        (lambda p: (float("nan"), {"w": p["w"]}), W, ValueError, r"f returned a loss of nan at params; .*finite loss"),
        (lambda p: (np.inf, {"w": p["w"]}), W, ValueError, r"f returned a loss of inf at params; .*finite loss"),
        (
            lambda p: float((p["w"] ** 2).sum()),
            W,
            TypeError,
            r"f must return a pair \(loss, grads\), a number and a dict of gradients; got float",
        ),
        (lambda p: None, W, TypeError, r"f must return a pair \(loss, grads\).*; got NoneType"),
        (lambda p: (1.0, {"w": p["w"]}, 3), W, TypeError, r"f must return a pair \(loss, grads\).*; got a tuple of 3"),
        (
            lambda p: (p["w"] ** 2, {"w": 2 * p["w"]}),
            W,
            TypeError,
            r"f must return \(loss, grads\) with loss a single number; got ndarray of shape \(2,\)",
        ),
        (
            lambda p: ("a", {"w": p["w"]}),
            W,
            TypeError,
            r"f must return \(loss, grads\) with loss a single number; got str",
        ),
        (lambda p: (10**400, {"w": p["w"]}), W, ValueError, r"f returned a loss of inf at params"),
        (
            lambda p: (1.0, [p["w"]]),
            W,
            ValueError,
            r"f must return \(loss, grads\) with grads a dict of the keys \['w'\]",
        ),
        (lambda p: (1.0, {}), W, ValueError, r"grads a dict of the keys \['w'\]; got \[\]"),
        (
            lambda p: (1.0, {"w": np.ones((2, 1))}),
            W,
            ValueError,
            r"grads\['w'\] must have the shape of params\['w'\], \(2,\); got \(2, 1\)",
        ),
        (lambda p: (1.0, {"w": "ab"}), W, TypeError, r"grads\['w'\] must be an array of numbers, got str"),
        (_square, [np.ones(2)], TypeError, r"params must be a non-empty dict of name -> array, got list"),
        (_square, np.ones(2), TypeError, r"params must be a non-empty dict of name -> array, got ndarray"),
        (_square, {"w": "abc"}, TypeError, r"params\['w'\] must be an array of numbers, got str"),
        (_square, {"w": [1.0, np.nan]}, ValueError, r"params\['w'\] contains NaN"),
        (_square, {1: np.ones(2)}, TypeError, r"params must map names \(str\) to arrays; got the key 1 \(int\)"),
    ],
)
def test_gradient_check_refuses_careless_input(f, params, error, message):
    with pytest.raises(error, match=message):
        al.gradient_check(f, params)


def test_gradient_check_refuses_a_loss_that_is_undefined_near_params():
    """log(w) at w = 1e-6: w - eps is negative, where the loss is NaN (the user's own warning, silenced)."""

    def f(p):
        with np.errstate(invalid="ignore"):
            return float(np.log(p["w"]).sum()), {"w": 1 / p["w"]}

    with pytest.raises(
        ValueError,
        match=r"f returned a loss of nan at params\['w'\]\[0\] moved by -1e-05; "
        r"the gradient check needs finite losses at params and within eps of them",
    ):
        al.gradient_check(f, {"w": [1e-6, 1.0]})


def test_gradient_check_refuses_losses_too_large_to_subtract():
    def f(p):  # jumps from -1.7e308 to +1.7e308 across w = 0: the difference of the two losses overflows
        return float(1.7e308 * np.tanh(1e6 * p["w"]).sum()), {"w": np.ones(p["w"].shape)}

    with pytest.raises(ValueError, match=r"f's losses near params\['w'\] are too large to compare"):
        al.gradient_check(f, {"w": [0.0]})


def test_gradient_check_accepts_a_single_number_parameter():
    def f(p):  # loss = c² + sum(w)
        return float(p["c"] ** 2 + p["w"].sum()), {"c": 2 * p["c"], "w": np.ones(p["w"].shape)}

    errors = al.gradient_check(f, {"c": 0.5, "w": [1.0, 2.0]})
    assert set(errors) == {"c", "w"} and max(errors.values()) < 1e-8


def test_gradient_check_accepts_numpy_and_0d_losses():
    errors = al.gradient_check(lambda p: (np.float32((p["w"] ** 2).sum()), {"w": 2 * p["w"]}), W)
    assert errors["w"] < 0.1  # a float32 loss makes the check coarse, but the answer is finite
    assert al.gradient_check(lambda p: (np.array((p["w"] ** 2).sum()), {"w": 2 * p["w"]}), W)["w"] < 1e-8
