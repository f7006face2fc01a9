"""attnlib.models.sense_model, notebook 10's layer: encode_sentences (features, positions, the padding
mask), the gradients pass the checker, the loss is the mean cross-entropy over both ambiguous words,
ties between copies are read the same way on every machine; bad input and sizes that cannot be meant
get clear errors at once (warnings are errors)."""

import numpy as np
import pytest

import attnlib as al
from attnlib.models import sense_model

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(scope="module")
def batches():
    train, test = al.make_sense_sentences()
    return train, test, al.encode_sentences(train), al.encode_sentences(test)


def test_encode_appends_positions_and_masks_only_padding(batches):
    train, _, batch, _ = batches
    n = len(train.tokens[0])
    assert batch.x.shape == (400, batch.mask.shape[-1], 16)
    np.testing.assert_array_equal(batch.x[0, :n, :8], [al.VOCABULARY[w.lower()] for w in train.tokens[0]])
    np.testing.assert_array_equal(batch.x[0, :n, 8:], al.sinusoidal_positional_encoding(n, 8))
    assert not batch.x[0, n:].any() and batch.mask[0, :n, :n].all() and not batch.mask[0, n:].any()
    assert not batch.mask[0, :, n:].any()  # padding is never attended to
    assert al.encode_sentences(train, positions=False).x.shape == (400, batch.mask.shape[-1], 8)


def test_copies_lists_every_ambiguous_word(batches):
    train, _, batch, _ = batches
    c = al.copies(batch)
    assert len(c.sentence) == 800 and c.sentence[:4].tolist() == [0, 0, 1, 1]
    assert all(train.tokens[b][t].lower() in ("apple", "bank") for b, t in zip(c.sentence, c.position, strict=True))


def test_the_model_gradients_pass_the_checker(batches):
    _, _, train, _ = batches
    small = al.Batch(*(a[:12] for a in train))
    params = al.init_params(seed=3, size=0.5)
    errors = al.gradient_check(lambda p: al.loss_and_gradients(p, small), params)
    assert set(errors) == set(sense_model.PARAMETERS) and max(errors.values()) <= 1e-6, errors


def test_the_loss_is_the_mean_cross_entropy_over_both_words(batches):
    _, _, train, _ = batches
    params = al.init_params()
    probs = sense_model.forward(params, train).probs  # (B, 2, 4)
    b, k = np.nonzero(train.target >= 0)
    want = -np.mean(np.log(probs[b, k, train.label[b, k]]))
    assert al.loss_and_gradients(params, train)[0] == pytest.approx(want)
    assert want == pytest.approx(np.log(4), abs=0.05)  # small random weights: about 1/4 per sense


def test_a_tie_up_to_round_off_is_read_the_same_way():
    """Two copies a model cannot tell apart get the same sense, whatever the last bits of their numbers."""
    probs = np.array([[0.5, 0.5 + 1e-16, 0.0, 0.0], [0.5 + 1e-16, 0.5, 0.0, 0.0]])
    assert al.decide(probs).tolist() == [0, 0]
    assert al.decide(np.array([0.1, 0.2, 0.6, 0.1])) == 2


def _labelled():
    return al.encode_sentences(al.sentences_from_text("apple pie", senses=["fruit"]))


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: al.init_params(d_k=0), ValueError, r"d_k must be a whole number >= 1"),
        (lambda: al.loss_and_gradients({"W_Q": 1}, None), TypeError, r"params must be a dict with the keys"),
        (
            lambda: al.loss_and_gradients({**al.init_params(), "W_R": np.ones((3, 4))}, None),
            ValueError,
            r"params\['W_R'\] must have shape \(8, 4\) to fit the others; got \(3, 4\)",
        ),
        (lambda: al.loss_and_gradients(al.init_params(), "batch"), TypeError, r"batch must be a Batch"),
        (
            lambda: al.forward(
                al.init_params(), al.encode_sentences(al.sentences_from_text("apple pie"), positions=False)
            ),
            ValueError,
            r"params take inputs of width 16 but the batch's X has width 8: encode with positions=True",
        ),
        (lambda: al.accuracy(al.init_params(), _labelled(), word="pear"), ValueError, r"word must be 'apple', 'bank'"),
        (
            lambda: al.loss_and_gradients(al.init_params(), al.encode_sentences(al.sentences_from_text("apple pie"))),
            ValueError,
            r"ambiguous words without a sense \(label -1\)",
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
        (lambda: al.init_params(d_in=10**12), r"d_in must be at most 1000, got 1000000000000"),
        (lambda: al.init_params(size=1e308), r"size must be at most 1000, got 1e\+308"),
    ],
)
def test_sizes_beyond_the_limits_are_refused_at_once(call, message, at_once):
    with at_once(), pytest.raises(ValueError, match=message):
        call()


def test_sizes_at_the_limits_still_work():
    params = al.init_params(d_k=1000, d_v=1000, size=1000)
    assert params["W_Q"].shape == (16, 1000) and params["W_R"].shape == (1000, 4)
    assert np.isfinite(np.concatenate([p.ravel() for p in params.values()])).all()
