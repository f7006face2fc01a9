"""Notebook 10's task and training: the sentences are deterministic and the test set holds new
combinations; the model's gradients pass the checker; the same seed gives the same loss curve; the
fixed-seed training reaches >= 95% held-out accuracy in <= 10 s of CPU; parameter-free attention does
worse; bad input gets clear errors."""

import time

import numpy as np
import pytest

import attnlib as al
from attnlib.data import senses as sense_task
from attnlib.models import sense_model, training


@pytest.fixture(scope="module")
def batches():
    train, test = al.make_sense_sentences()
    return train, test, al.encode_sentences(train), al.encode_sentences(test)


@pytest.fixture(scope="module")
def run(batches):
    _, _, train, test = batches
    start = time.process_time()
    result = al.train_sense_model(train, test)
    return result, time.process_time() - start


def _pairs(sentences):
    """(cue, other-topic word) of every sentence."""
    return {
        (next(w for w in t if w in sense_task.CUE_PHRASES[al.SENSES[lab]]), t[-1])
        for t, lab in zip(sentences.tokens, sentences.label, strict=True)
    }


def test_sentences_are_deterministic_and_differ_by_seed(batches):
    train, test, _, _ = batches
    again, _ = al.make_sense_sentences()
    assert again.tokens == train.tokens and np.array_equal(again.label, train.label)
    assert al.make_sense_sentences(seed=1)[0].tokens != train.tokens
    assert (len(train.tokens), len(test.tokens)) == (400, 200)


def test_the_test_set_holds_combinations_never_seen_in_training(batches):
    train, test, _, _ = batches
    seen, new = _pairs(train), _pairs(test)
    assert not seen & new
    words_in_train = {w.lower() for t in train.tokens for w in t}
    assert all(w.lower() in words_in_train for t in test.tokens for w in t)  # new pairs, known words
    assert not {" ".join(t) for t in train.tokens} & {" ".join(t) for t in test.tokens}


def test_every_sentence_has_its_ambiguous_word_at_the_target_and_all_senses_occur(batches):
    train, test, _, _ = batches
    for s in (train, test):
        assert all(t[i].lower() in ("apple", "bank") for t, i in zip(s.tokens, s.target, strict=True))
        assert set(s.label) == {0, 1, 2, 3}
        assert all((t[i] == "Apple") == (lab == 0) for t, i, lab in zip(s.tokens, s.target, s.label, strict=True))


def test_the_mask_blocks_padding_and_the_word_itself(batches):
    train, _, batch, _ = batches
    n = len(train.tokens[0])
    assert batch.mask[0, :, n:].sum() == 0 and not batch.mask[0].diagonal().any()
    assert batch.mask[0, 0, 1:n].all()
    assert batch.x.shape == (400, batch.mask.shape[-1], 8)


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


def test_fixed_seed_training_reaches_the_goal_within_the_budget(run):
    result, cpu = run
    final = result.snapshots[-1]
    assert final.step == 200 and final.test_accuracy >= 0.95 and final.train_accuracy >= 0.95
    assert cpu <= 10.0, f"training took {cpu:.1f} s of CPU"
    assert result.losses[-1] < 0.05 < result.losses[0]
    assert [s.step for s in result.snapshots] == list(range(0, 201, 10))


def test_same_seed_same_loss_curve(batches, run):
    _, _, train, test = batches
    again = al.train_sense_model(train, test, steps=30)
    np.testing.assert_array_equal(again.losses, run[0].losses[:30])
    other = al.train_sense_model(train, test, params=al.init_params(seed=1), steps=30)
    assert not np.array_equal(other.losses, again.losses)


def test_attention_moves_onto_the_cue_and_parameter_free_attention_does_worse(batches, run):
    test_sentences, test = batches[1], batches[3]
    before = sense_model.forward(run[0].snapshots[0].params, test).weights
    after = sense_model.forward(run[0].params, test).weights
    cues = [
        next(i for i, w in enumerate(t) if w in sense_task.CUE_PHRASES[al.SENSES[lab]])
        for t, lab in zip(test_sentences.tokens, test_sentences.label, strict=True)
    ]
    rows = np.arange(len(cues))
    assert after[rows, test.target, cues].mean() > 0.8 > 0.2 > before[rows, test.target, cues].mean()
    readout = training.train_readout(sense_model.parameter_free_outputs(batches[2]), batches[2].label)
    logits = sense_model.parameter_free_outputs(test) @ readout["W_R"] + readout["b_R"]
    assert (logits.argmax(axis=1) == test.label).mean() < run[0].snapshots[-1].test_accuracy - 0.05


def test_sentences_from_text():
    s = al.sentences_from_text(["I love my Apple watch", "the bank of the lake"], senses=["tech", "river"])
    assert s.target.tolist() == [3, 1] and s.label.tolist() == [0, 3]
    assert al.sentences_from_text("apple pie").label.tolist() == [-1]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: al.sentences_from_text("I love pears"), ValueError, r"'pears' is not in notebook 10's vocabulary"),
        (lambda: al.sentences_from_text("I love my phones"), ValueError, r"has no ambiguous word; it needs Apple"),
        (lambda: al.sentences_from_text([]), ValueError, r"texts must hold at least one sentence"),
        (lambda: al.sentences_from_text("apple pie", senses=["food"]), ValueError, r"senses must be a list of 1 names"),
        (lambda: al.make_sense_sentences(n_train=0), ValueError, r"n_train must be a whole number >= 1, got 0"),
        (lambda: al.make_sense_sentences(seed="0"), TypeError, r"seed must be a whole number >= 0"),
        (lambda: al.encode_sentences(["apple pie"]), TypeError, r"sentences must be SenseSentences"),
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
        (lambda: training.train_readout(np.ones((3, 8)), [0, 1]), ValueError, r"labels must be 3 sense indices"),
    ],
)
def test_bad_input_is_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_train_sense_model_refuses_bad_settings(batches):
    _, _, train, test = batches
    with pytest.raises(ValueError, match=r"steps must be a whole number >= 1, got 0"):
        al.train_sense_model(train, test, steps=0)
    with pytest.raises(ValueError, match=r"lr must be a finite number > 0"):
        al.train_sense_model(train, test, lr=-0.1)
    with pytest.raises(TypeError, match=r"batch must be a Batch"):
        al.train_sense_model(train, None)


def test_training_widget_looks_pages_up_and_agrees_with_the_run(batches, run):
    pytest.importorskip("ipywidgets")
    from attnlib.viz import html

    result = run[0]
    box = al.build_training_widget(result, ["I love my Apple watch by the lake", "the bank loan"])
    slider, picker, out = box.children
    assert "attnlib-training-widget" in box._dom_classes
    assert [v for _, v in slider.options] == [s.step for s in result.snapshots] and slider.value == 0
    slider.value = 200
    assert "step 200 of 200" in out.value and f"test accuracy {result.snapshots[-1].test_accuracy:.1%}" in out.value
    assert "Apple attends most to <b>watch</b>" in out.value and "reads it as <b>tech</b>" in out.value
    picker.value = "the bank loan"
    assert "bank attends most to <b>loan</b>" in out.value and "reads it as <b>money</b>" in out.value
    start = time.perf_counter()
    for step in [s.step for s in result.snapshots] * 5:
        slider.value = step
    assert (time.perf_counter() - start) / (5 * len(result.snapshots)) < 0.1  # the series' widget budget
    svg = html.render_curve_svg([2.0, 1.0, 0.0], total=4)
    assert "points='0.0,0.0 60.0,30.0 120.0,60.0'" in svg
    with pytest.raises(TypeError, match=r"run must be the TrainingRun that train_sense_model returns"):
        al.build_training_widget("run")
