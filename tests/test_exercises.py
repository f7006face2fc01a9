import numpy as np
import pytest

import attnlib as al
from attnlib import exercises


@pytest.mark.parametrize("ex_id", exercises.exercise_ids())
def test_reference_answer_passes(ex_id, capsys):
    al.check(ex_id, exercises.expected_answer(ex_id))
    assert capsys.readouterr().out.startswith("✅")


@pytest.mark.parametrize("ex_id", exercises.exercise_ids())
@pytest.mark.parametrize("junk", ["banana", {"a": 1}, [[1, 2], [3]], object(), -1, np.nan, [np.inf]])
def test_junk_never_raises_and_fails(ex_id, junk):
    fb = al.evaluate(ex_id, junk)
    assert not fb.ok
    assert fb.message.startswith("❌")


@pytest.mark.parametrize("ex_id", exercises.exercise_ids())
@pytest.mark.parametrize("placeholder", [..., None])
def test_placeholder_says_not_answered(ex_id, placeholder):
    fb = al.evaluate(ex_id, placeholder)
    assert not fb.ok and "Not answered yet" in fb.message


def test_lists_accepted():
    assert al.evaluate("03-cat-scores", [[5, 5, 8], [5, 10, 9], [8, 9, 13]]).ok


def test_softmax_hint_names_the_row_sum():
    fb = al.evaluate("04-cat-softmax", [0.2, 0.2, 0.9])
    assert "sum to 1.3" in fb.message and "softmax outputs sum to 1" in fb.message


def test_negative_probability_hint():
    fb = al.evaluate("04-cat-softmax", [-0.1, 0.2, 0.9])
    assert "never negative" in fb.message and "[0] (cat)" in fb.message


def test_raw_scores_instead_of_softmax():
    assert "apply softmax" in al.evaluate("04-cat-softmax", [5, 5, 8]).message


def test_rounded_probabilities_pass_with_exact_values():
    fb = al.evaluate("04-cat-softmax", [0.05, 0.05, 0.91])
    assert fb.ok and "exact values" in fb.message


def test_symmetry_hint():
    fb = al.evaluate("03-cat-scores", [[5, 5, 8], [6, 10, 9], [8, 9, 13]])
    assert "(cat · sat) is 5" in fb.message and "symmetric" in fb.message


def test_wrong_entry_named():
    fb = al.evaluate("03-cat-scores", [[5, 5, 8], [5, 11, 9], [8, 9, 13]])
    assert "1 of 9 entries are off" in fb.message and "[1, 1] (sat · sat)" in fb.message


def test_shape_hint():
    fb = al.evaluate("03-cat-scores", [5, 5, 8])
    assert "Expected shape (3, 3), but your answer has shape (3,)" in fb.message


def test_shapes_exercise():
    good = {"E": (20, 512), "Q": (20, 64), "K": (20, 64), "V": (20, 64), "scores": (20, 20), "output": (20, 64)}
    assert al.evaluate("07-shapes", good).ok
    assert "Missing: output" in al.evaluate("07-shapes", {k: v for k, v in good.items() if k != "output"}).message
    assert "scores: you have (20, 64)" in al.evaluate("07-shapes", {**good, "scores": (20, 64)}).message
    assert "tuple of whole numbers" in al.evaluate("07-shapes", {**good, "Q": "big"}).message


def test_known_mistake_for_dot():
    assert "now add them up" in al.evaluate("00-dot", [3, 8]).message
    assert al.evaluate("00-dot", np.int64(11)).ok


def test_unknown_exercise_id_is_a_message_not_an_error():
    fb = al.evaluate("03-cat-scorez", 1)
    assert not fb.ok and "no exercise called '03-cat-scorez'" in fb.message and "03-cat-scores" in fb.message


def test_expected_answer_unknown_id():
    with pytest.raises(KeyError, match="unknown exercise id 'nope'"):
        exercises.expected_answer("nope")


def test_words_checker():
    ex = exercises.Exercise("t-words", "", "words", lambda: ["river", "slopes"], hint="Look for nature.")
    assert exercises._check_words(ex, ["River", "slopes"]).ok
    fb = exercises._check_words(ex, ["river", "money"])
    assert "1 word(s) missing" in fb.message and "money" in fb.message
    assert not exercises._check_words(ex, "river").ok


@pytest.mark.parametrize("ex_id", exercises.exercise_ids())
def test_unanswered_exercise_prints_its_prompt_once(ex_id, capsys):
    """The prompt is stored once, in the catalogue; `check(id, ...)` shows it."""
    al.check(ex_id, ...)
    out = capsys.readouterr().out
    prompt = exercises._registry()[ex_id].prompt
    assert len(prompt) > 10 and out.count(prompt) == 1 and "Not answered yet" in out
    assert f"Exercise {ex_id}:" in out


def test_an_id_cannot_be_registered_twice():
    with pytest.raises(ValueError, match=r"exercise id '00-dot' is registered twice"):
        exercises.register(exercises.Exercise("00-dot", "again", "number", lambda: 1.0))


def test_catalogue_is_grouped_by_notebook():
    ids = list(exercises._registry())
    assert ids == sorted(ids, key=lambda i: i[:2]), "exercises are registered notebook by notebook"
