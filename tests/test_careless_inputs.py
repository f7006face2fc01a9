"""Careless inputs to what wave 2 added (gradient_check, notebook 10's task and training, the MiniLM model):
each gets a clear error naming the argument and what was expected, or a correct finite result; never a
numpy traceback, a silent NaN or inf, a hang or a raw MemoryError (warnings are errors here)."""

import contextlib
import re
import signal

import numpy as np
import pytest

import attnlib as al
from attnlib.models import minilm as pretrained
from attnlib.models import training

pytestmark = pytest.mark.filterwarnings("error")
W = {"w": np.array([1.0, 2.0])}


def _square(p):
    """A correct (loss, grads) function: loss = sum(w²)."""
    return float((p["w"] ** 2).sum()), {"w": 2 * p["w"]}


# --- gradient_check --------------------------------------------------------------------------------


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


# --- sizes that cannot be meant ----------------------------------------------------------------------


@contextlib.contextmanager
def at_once(seconds=1.0):
    """Fail the test, rather than hang, if the block is still running after `seconds` (where SIGALRM exists)."""

    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: a size beyond the limit was not refused at once")

    if not hasattr(signal, "setitimer"):
        yield
        return
    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: al.make_sense_sentences(n_train=10**9), r"n_train must be at most 100000, got 1000000000"),
        (lambda: al.make_sense_sentences(n_test=10**9), r"n_test must be at most 100000, got 1000000000"),
        (lambda: al.init_params(d_k=10**12), r"d_k must be at most 1000, got 1000000000000"),
        (lambda: al.init_params(d_v=10**12), r"d_v must be at most 1000, got 1000000000000"),
        (lambda: al.init_params(size=1e308), r"size must be at most 1000, got 1e\+308"),
        (
            lambda: training.train_readout(np.ones((3, 8)), np.array([0, 1, 2]), steps=10**9),
            r"steps must be at most 100000, got 1000000000",
        ),
    ],
)
def test_sizes_beyond_the_limits_are_refused_at_once(call, message):
    with at_once(), pytest.raises(ValueError, match=message):
        call()


@pytest.fixture(scope="module")
def batches():
    train, test = al.make_sense_sentences()
    return al.encode_sentences(train), al.encode_sentences(test)


def test_too_many_steps_are_refused_at_once(batches):
    with at_once(), pytest.raises(ValueError, match=r"steps must be at most 100000, got 1000000000"):
        al.train_sense_model(*batches, steps=10**9)


def test_sizes_at_the_limits_still_work():
    params = al.init_params(d_k=1000, d_v=1000, size=1000)
    assert params["W_Q"].shape == (8, 1000) and params["W_R"].shape == (1000, 4)
    assert np.isfinite(np.concatenate([p.ravel() for p in params.values()])).all()


# --- training that diverges --------------------------------------------------------------------------


@pytest.mark.parametrize("lr", [1e3, 10.0, 1e300])
def test_divergence_is_an_error_naming_lr(batches, lr):
    with pytest.raises(
        ValueError,
        match=r"training diverged at step [1-9]\d*: (the (loss|gradients|parameters) became "
        r"(inf|nan)|the model's numbers overflowed float64), so "
        + re.escape(f"lr={lr:g} is too large; try a smaller lr, such as lr={lr / 10:g}"),
    ):
        al.train_sense_model(*batches, lr=lr)


@pytest.mark.parametrize(
    ("factor", "what"), [(1e150, r"the loss became inf"), (1e200, r"the model's numbers overflowed float64")]
)
def test_starting_parameters_too_large_are_an_error_naming_params(batches, factor, what):
    with pytest.raises(ValueError, match=r"params are too large: before any training " + what):
        al.train_sense_model(*batches, params={k: v * factor for k, v in al.init_params().items()}, steps=3)


def test_a_large_but_stable_lr_trains_without_warnings(batches):
    run = al.train_sense_model(*batches, lr=1.0, steps=50)
    assert np.isfinite(run.losses).all() and len(run.losses) == 50


def test_readout_divergence_is_an_error_naming_lr():
    with pytest.raises(ValueError, match=r"lr=1\.7e\+308 is too large"):
        training.train_readout(np.ones((3, 8)), np.array([0, 1, 2]), lr=1.7e308, steps=5)


def test_default_training_is_the_plain_adam_loop_bit_for_bit(batches):
    """The checks for divergence do not touch the numbers: the run equals the loop written out by hand."""
    train, test = batches
    run = al.train_sense_model(train, test, steps=40)
    params, state, losses = al.init_params(), {"m": {}, "s": {}}, []
    for step in range(1, 41):
        loss, grads = al.loss_and_gradients(params, train)
        losses.append(loss)
        training.adam_step(params, grads, state, step, 0.03)
    np.testing.assert_array_equal(run.losses, losses)
    for name in al.init_params():
        np.testing.assert_array_equal(run.params[name], params[name])


# --- MiniLM: a student's attention_fn ------------------------------------------------------------------


@pytest.fixture(scope="module")
def model():
    return al.load_minilm()


def _weights(mask):
    return mask / mask.sum(axis=1, keepdims=True)


SHAPES = r"of shapes \(3, 32\) and \(3, 3\)"  # "hi": [CLS] hi [SEP], 3 tokens of 32 numbers per head


@pytest.mark.parametrize(
    ("fn", "error", "message"),
    [
        (
            3,
            TypeError,
            r"attention_fn must be a function \(q, k, v, mask=..., scale=...\) -> \(output, weights\), got int",
        ),
        ("softmax", TypeError, r"attention_fn must be a function .*, got str"),
        (
            lambda q, k, v, mask, scale: q,
            TypeError,
            r"attention_fn must return a pair \(output, weights\) " + SHAPES + r"; got ndarray",
        ),
        (lambda q, k, v, mask, scale: None, TypeError, r"attention_fn must return a pair .*; got NoneType"),
        (
            lambda q, k, v, mask, scale: (q, _weights(mask), 1),
            TypeError,
            r"attention_fn must return a pair .*; got a tuple of 3",
        ),
        (
            lambda q, k, v, mask, scale: ("a", "b"),
            TypeError,
            r"attention_fn must return \(output, weights\) " + SHAPES + r", of real numbers; its output: str 'a'",
        ),
        (lambda q, k, v, mask, scale: (q + 0j, _weights(mask)), TypeError, r"its output: an array of dtype complex64"),
        (lambda q, k, v, mask, scale: (q, mask), TypeError, r"its weights: an array of dtype bool"),
        (
            lambda q, k, v, mask, scale: ([[1.0], [1.0, 2.0]], _weights(mask)),
            TypeError,
            r"its output: ragged \(rows of different lengths\)",
        ),
        (
            lambda q, k, v, mask, scale: (q.T, _weights(mask)),
            ValueError,
            r"attention_fn must return \(output, weights\) " + SHAPES + r"; got \(32, 3\) and \(3, 3\)",
        ),
        (
            lambda q, k, v, mask, scale: (q * np.nan, _weights(mask)),
            ValueError,
            r"attention_fn returned NaN in its output \(shape \(3, 32\)\); it must return finite numbers",
        ),
        (
            lambda q, k, v, mask, scale: (q, np.where(mask, np.inf, 0.0)),
            ValueError,
            r"attention_fn returned inf in its weights \(shape \(3, 3\)\)",
        ),
    ],
)
def test_attention_fn_careless_is_a_clear_error(model, fn, error, message):
    with pytest.raises(error, match=message):
        model.encode("hi", attention_fn=fn)


def test_attention_fn_returning_lists_works(model):
    def as_lists(q, k, v, mask, scale):
        out, weights = al.attention(q, k, v, mask=mask, scale=scale)
        return out.tolist(), weights.tolist()

    mine, default = model.encode("hi there", attention_fn=as_lists), model.encode("hi there")
    np.testing.assert_allclose(mine.embedding, default.embedding, atol=1e-6)


# --- MiniLM: the folder ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("folder", "error", "message"),
    [
        (123, TypeError, r"folder must be the path of a folder \(a str or pathlib.Path\), got int 123"),
        (["a"], TypeError, r"folder must be the path of a folder .*, got a list of 1"),
        (b"/tmp", TypeError, r"folder must be the path of a folder .*, got bytes"),
        ("", ValueError, r"folder is an empty string"),
        (__file__, ValueError, rf"folder must be a folder holding the model files; {re.escape(__file__)} is a file"),
        ("/no/such/folder", FileNotFoundError, r"folder /no/such/folder does not exist"),
    ],
)
def test_load_minilm_bad_folder_is_named(folder, error, message):
    with pytest.raises(error, match=message):
        al.load_minilm(folder)


def test_load_minilm_empty_folder_says_which_files_are_missing(tmp_path):
    want = ", ".join(str(tmp_path / name) for name in pretrained.FILES)
    with pytest.raises(FileNotFoundError, match=re.escape(f"model files missing: {want}; folder must hold")):
        al.load_minilm(tmp_path)


def test_load_minilm_names_the_one_missing_file_of_a_given_folder(tmp_path):
    src = pretrained.model_dir()
    for name in pretrained.FILES[:2] + pretrained.FILES[3:]:  # all but tokenizer.json
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).symlink_to(src / name)
    with pytest.raises(
        FileNotFoundError,
        match=re.escape(
            f"model file missing: {tmp_path / 'tokenizer.json'}; "
            f"folder must hold config.json, 1_Pooling/config.json, "
            f"tokenizer.json, model.safetensors"
        ),
    ):
        al.load_minilm(tmp_path)


def test_load_minilm_a_model_file_that_is_a_folder_is_named(tmp_path):
    (tmp_path / "config.json").mkdir()
    with pytest.raises(FileNotFoundError, match=re.escape(f"model files missing: {tmp_path / 'config.json'}")):
        al.load_minilm(tmp_path)
