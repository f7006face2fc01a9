"""attnlib.data.senses, notebook 10's task: the sentences are deterministic and the test set holds new
combinations; encode_sentences' mask; sentences_from_text; bad input and sizes that cannot be meant get
clear errors at once (warnings are errors)."""

import numpy as np
import pytest

import attnlib as al
from attnlib.data import senses as sense_task

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(scope="module")
def batches():
    train, test = al.make_sense_sentences()
    return train, test, al.encode_sentences(train), al.encode_sentences(test)


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
    ],
)
def test_bad_input_is_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: al.make_sense_sentences(n_train=10**9), r"n_train must be at most 100000, got 1000000000"),
        (lambda: al.make_sense_sentences(n_test=10**9), r"n_test must be at most 100000, got 1000000000"),
    ],
)
def test_sizes_beyond_the_limits_are_refused_at_once(call, message, at_once):
    with at_once(), pytest.raises(ValueError, match=message):
        call()
