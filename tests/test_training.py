"""attnlib.models.training: the fixed-seed training of notebook 10's layer reaches >= 95% held-out accuracy in
<= 10 s of CPU; the same seed gives the same loss curve; parameter-free attention does worse; the default
run is the plain Adam loop; training that diverges, bad settings and sizes that cannot be meant get clear
errors (warnings are errors). The training widget is tested here too: it needs the training run."""

import re
import time

import numpy as np
import pytest

import attnlib as al
from attnlib.data import senses as sense_task
from attnlib.models import sense_model, training

pytestmark = pytest.mark.filterwarnings("error")


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


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [(lambda: training.train_readout(np.ones((3, 8)), [0, 1]), ValueError, r"labels must be 3 sense indices")],
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


# --- sizes that cannot be meant ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: training.train_readout(np.ones((3, 8)), np.array([0, 1, 2]), steps=10**9),
            r"steps must be at most 100000, got 1000000000",
        )
    ],
)
def test_sizes_beyond_the_limits_are_refused_at_once(call, message, at_once):
    with at_once(), pytest.raises(ValueError, match=message):
        call()


def test_too_many_steps_are_refused_at_once(batches, at_once):
    with at_once(), pytest.raises(ValueError, match=r"steps must be at most 100000, got 1000000000"):
        al.train_sense_model(*batches[2:], steps=10**9)


# --- training that diverges --------------------------------------------------------------------------


@pytest.mark.parametrize("lr", [1e3, 10.0, 1e300])
def test_divergence_is_an_error_naming_lr(batches, lr):
    with pytest.raises(
        ValueError,
        match=r"training diverged at step [1-9]\d*: (the (loss|gradients|parameters) became "
        r"(inf|nan)|the model's numbers overflowed float64), so "
        + re.escape(f"lr={lr:g} is too large; try a smaller lr, such as lr={lr / 10:g}"),
    ):
        al.train_sense_model(*batches[2:], lr=lr)


@pytest.mark.parametrize(
    ("factor", "what"), [(1e150, r"the loss became inf"), (1e200, r"the model's numbers overflowed float64")]
)
def test_starting_parameters_too_large_are_an_error_naming_params(batches, factor, what):
    with pytest.raises(ValueError, match=r"params are too large: before any training " + what):
        al.train_sense_model(*batches[2:], params={k: v * factor for k, v in al.init_params().items()}, steps=3)


def test_a_large_but_stable_lr_trains_without_warnings(batches):
    run = al.train_sense_model(*batches[2:], lr=1.0, steps=50)
    assert np.isfinite(run.losses).all() and len(run.losses) == 50


def test_readout_divergence_is_an_error_naming_lr():
    with pytest.raises(ValueError, match=r"lr=1\.7e\+308 is too large"):
        training.train_readout(np.ones((3, 8)), np.array([0, 1, 2]), lr=1.7e308, steps=5)


def test_default_training_is_the_plain_adam_loop_bit_for_bit(batches):
    """The checks for divergence do not touch the numbers: the run equals the loop written out by hand."""
    _, _, train, test = batches
    run = al.train_sense_model(train, test, steps=40)
    params, state, losses = al.init_params(), {"m": {}, "s": {}}, []
    for step in range(1, 41):
        loss, grads = al.loss_and_gradients(params, train)
        losses.append(loss)
        training.adam_step(params, grads, state, step, 0.03)
    np.testing.assert_array_equal(run.losses, losses)
    for name in al.init_params():
        np.testing.assert_array_equal(run.params[name], params[name])
