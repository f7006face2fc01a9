"""attnlib.data.senses, notebook 10's task: the sentences are deterministic and the test set holds new
combinations; encode_sentences' mask; sentences_from_text; bad input and sizes that cannot be meant get
clear errors at once (warnings are errors)."""

import numpy as np
import pytest

import attnlib as al

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(scope="module")
def batches():
    train, test = al.make_sense_sentences()
    return train, test, al.encode_sentences(train), al.encode_sentences(test)


def _cue_pairs(sentences):
    """The two cues (the word right next to each ambiguous word, that decides it) of every sentence."""
    return {
        tuple(
            next(w for w in (t[i - 1], t[i + 1] if i + 1 < len(t) else "") if w in al.CUE_PHRASES[al.SENSES[lab]])
            for i, lab in zip(targets, labels, strict=True)
        )
        for t, targets, labels in zip(sentences.tokens, sentences.target, sentences.label, strict=True)
    }


def test_sentences_are_deterministic_and_differ_by_seed(batches):
    train, test, _, _ = batches
    again, _ = al.make_sense_sentences()
    assert again.tokens == train.tokens and np.array_equal(again.label, train.label)
    assert al.make_sense_sentences(seed=1)[0].tokens != train.tokens
    assert (len(train.tokens), len(test.tokens)) == (400, 200)


def test_the_test_set_holds_pairs_of_cues_never_seen_in_training(batches):
    train, test, _, _ = batches
    seen, new = {frozenset(p) for p in _cue_pairs(train)}, {frozenset(p) for p in _cue_pairs(test)}
    assert not seen & new and len(new) >= 8
    words_in_train = {w.lower() for t in train.tokens for w in t}
    assert all(w.lower() in words_in_train for t in test.tokens for w in t)  # new pairs, known words
    assert not {" ".join(t) for t in train.tokens} & {" ".join(t) for t in test.tokens}


def test_every_sentence_holds_one_word_twice_in_its_two_senses(batches):
    train, test, _, _ = batches
    for s in (train, test):
        assert s.target.shape == s.label.shape == (len(s.tokens), 2) and (s.target >= 0).all()
        for t, targets, labels in zip(s.tokens, s.target, s.label, strict=True):
            words = {t[i].lower() for i in targets}
            assert len(words) == 1 and set(labels) <= {al.SENSES.index(x) for x in al.WORD_SENSES[words.pop()]}
            assert all((t[i] == "Apple") == (lab == 0) for i, lab in zip(targets, labels, strict=True))
        assert set(s.label.ravel()) == {0, 1, 2, 3} and set(s.label[:, 0]) == {0, 1, 2, 3}  # either sense first


def test_sentences_from_text():
    s = al.sentences_from_text(
        ["I love my Apple watch", "the river bank near the bank loan"], senses=["tech", ("river", "money")]
    )
    assert s.target.tolist() == [[3, -1], [2, 5]] and s.label.tolist() == [[0, -1], [3, 2]]
    assert al.sentences_from_text("apple pie").label.tolist() == [[-1, -1]]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: al.sentences_from_text("I love pears"), ValueError, r"'pears' is not in notebook 10's vocabulary"),
        (lambda: al.sentences_from_text("I love my phones"), ValueError, r"has no ambiguous word; it needs Apple"),
        (lambda: al.sentences_from_text([]), ValueError, r"texts must hold at least one sentence"),
        (lambda: al.sentences_from_text("apple pie", senses=["money"]), ValueError, r"must name 1 sense\(s\) of apple"),
        (
            lambda: al.sentences_from_text("apple pie", senses="fruit"),
            ValueError,
            r"senses must be a list of 1 entries",
        ),
        (lambda: al.sentences_from_text("apple bank"), ValueError, r"one ambiguous word once or twice"),
        (lambda: al.sentences_from_text("apple apple apple"), ValueError, r"one ambiguous word once or twice"),
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
