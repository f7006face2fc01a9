"""attnlib.models.sense_model, notebook 10's layer: its gradients pass the checker, the loss is the mean
cross-entropy; bad input and sizes that cannot be meant get clear errors at once (warnings are errors)."""

import numpy as np
import pytest

import attnlib as al
from attnlib.data import senses as sense_task
from attnlib.models import sense_model

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(scope="module")
def batches():
    train, test = al.make_sense_sentences()
    return train, test, al.encode_sentences(train), al.encode_sentences(test)


def test_the_model_gradients_pass_the_checker(batches):
    _, _, train, _ = batches
    small = sense_task.Batch(*(a[:12] for a in train))
    params = al.init_params(seed=3, size=0.5)
    errors = al.gradient_check(lambda p: al.loss_and_gradients(p, small), params)
    assert set(errors) == set(sense_model.PARAMETERS) and max(errors.values()) <= 1e-6, errors


def test_the_loss_is_the_mean_cross_entropy(batches):
    _, _, train, _ = batches
    params = al.init_params()
    probs = sense_model.forward(params, train).probs
    want = -np.mean(np.log(probs[np.arange(len(train.label)), train.label]))
    assert al.loss_and_gradients(params, train)[0] == pytest.approx(want)
    assert want == pytest.approx(np.log(4), abs=0.05)  # small random weights: about 1/4 per sense


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: al.init_params(d_k=0), ValueError, r"d_k must be a whole number >= 1"),
        (lambda: al.loss_and_gradients({"W_Q": 1}, None), TypeError, r"params must be a dict with the keys"),
        (
            lambda: al.loss_and_gradients({**al.init_params(), "W_R": np.ones((3, 4))}, None),
            ValueError,
            r"params\['W_R'\] must have shape \(4, 4\) to fit the others; got \(3, 4\)",
        ),
        (lambda: al.loss_and_gradients(al.init_params(), "batch"), TypeError, r"batch must be a Batch"),
        (
            lambda: al.loss_and_gradients(al.init_params(), al.encode_sentences(al.sentences_from_text("apple pie"))),
            ValueError,
            r"sentences without a sense \(label -1\)",
        ),
    ],
)
def test_bad_input_is_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- sizes that cannot be meant ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: al.init_params(d_k=10**12), r"d_k must be at most 1000, got 1000000000000"),
        (lambda: al.init_params(d_v=10**12), r"d_v must be at most 1000, got 1000000000000"),
        (lambda: al.init_params(size=1e308), r"size must be at most 1000, got 1e\+308"),
    ],
)
def test_sizes_beyond_the_limits_are_refused_at_once(call, message, at_once):
    with at_once(), pytest.raises(ValueError, match=message):
        call()


def test_sizes_at_the_limits_still_work():
    params = al.init_params(d_k=1000, d_v=1000, size=1000)
    assert params["W_Q"].shape == (8, 1000) and params["W_R"].shape == (1000, 4)
    assert np.isfinite(np.concatenate([p.ravel() for p in params.values()])).all()
