"""Notebook 12's counting baselines with longer contexts (attnlib.maths.ngram): the n-gram loss, checked against
the bigram and by hand, the fraction of unseen contexts, and its errors."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attnlib.data import shakespeare as sh
from attnlib.maths.bigram import bigram_counts, bigram_loss
from attnlib.maths.ngram import ngram_loss, ngram_seen, ngram_unseen


def loop_ngram_loss(train, ids, n, vocab_size, smoothing):
    """The same loss, one prediction at a time with a dict of counts: the formula the module vectorises."""
    runs, contexts = {}, {}
    for i in range(len(train) - n + 1):
        run = tuple(train[i : i + n])
        runs[run] = runs.get(run, 0) + 1
        contexts[run[:-1]] = contexts.get(run[:-1], 0) + 1
    losses = []
    for i in range(len(ids) - n + 1):
        run = tuple(ids[i : i + n])
        p = (runs.get(run, 0) + smoothing) / (contexts.get(run[:-1], 0) + vocab_size * smoothing)
        losses.append(-math.log(p))
    return sum(losses) / len(losses)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(0, 3), min_size=6, max_size=40),
    st.lists(st.integers(0, 3), min_size=6, max_size=20),
    st.integers(1, 5),
    st.sampled_from([1.0, 0.1, 2.5]),
)
def test_ngram_loss_is_the_counting_formula(train, ids, n, smoothing):
    expected = loop_ngram_loss(train, ids, n, 4, smoothing)
    assert ngram_loss(train, ids, n, 4, smoothing) == pytest.approx(expected, rel=1e-12)


def test_a_bigram_is_the_ngram_of_two():
    rng = np.random.default_rng(0)
    train, ids = rng.integers(0, 5, 300), rng.integers(0, 5, 100)
    for smoothing in [1.0, 0.3]:
        table = bigram_counts(train, 5, smoothing=smoothing)
        assert ngram_loss(train, ids, 2, 5, smoothing) == pytest.approx(bigram_loss(table, ids), rel=1e-12)


def test_a_repeating_text_is_predicted_once_its_period_fits_in_the_context():
    period = np.array([0, 1, 0, 2] * 50)  # after 0 comes 1 or 2: one character of context is not enough
    assert ngram_loss(period, period, 2, 3, smoothing=1e-9) == pytest.approx(100 * math.log(2) / 199, rel=1e-6), (
        "100 of 199 follow a 0"
    )
    assert ngram_loss(period, period, 3, 3, smoothing=1e-9) == pytest.approx(0, abs=1e-6)
    assert ngram_unseen(period, [0, 1, 0, 2, 2, 2], 3, 3) == pytest.approx(1 / 4), "of 4 contexts, (2, 2) never occurs"
    assert ngram_unseen(period, period, 3, 3) == 0
    assert [ngram_seen(period, n, 3) for n in (1, 2, 3, 4)] == [3, 4, 4, 4], "0 1 2; 01 10 02 20; 010 102 020 201"


def test_ngram_errors_name_the_argument():
    ids = [0, 1, 2, 0, 1]
    with pytest.raises(ValueError, match="n must be a whole number >= 1"):
        ngram_loss(ids, ids, 0, 3)
    with pytest.raises(ValueError, match="n must be at most 12"):
        ngram_loss(ids, ids, 13, 3)
    with pytest.raises(ValueError, match="too long for vocab_size = 65000: the 65000\\*\\*4 possible runs"):
        ngram_loss(ids, ids, 4, 65_000)
    with pytest.raises(ValueError, match="ids must be a 1-D sequence of at least n = 4 ids"):
        ngram_loss(ids, [0, 1, 2], 4, 3)
    with pytest.raises(ValueError, match="train_ids must be ids from 0 to 2"):
        ngram_unseen([0, 3, 1], ids, 2, 3)
    with pytest.raises(ValueError, match="smoothing must be a finite number > 0"):
        ngram_loss(ids, ids, 2, 3, smoothing=0)
    with pytest.raises(TypeError, match="ids must hold whole numbers"):
        ngram_loss(ids, [0.5, 1.0], 2, 3)


def test_real_counting_improves_to_five_characters_and_then_runs_out_of_data(plays):
    train, val = sh.train_validation(plays)
    vocab = sh.vocabulary(train)
    t, v = sh.encode(train, vocab), sh.encode(val, vocab)
    losses = [ngram_loss(t, v, n, len(vocab), smoothing=0.1) for n in range(2, 7)]
    assert losses[:4] == sorted(losses[:4], reverse=True) and losses[4] > losses[3], losses
    seen = [ngram_seen(t, n, len(vocab)) for n in range(2, 7)]
    assert seen == sorted(seen) and seen[-1] < len(vocab) ** 4, "most of a long table is never counted"
    unseen = [ngram_unseen(t, v, n, len(vocab)) for n in range(2, 7)]
    assert unseen == sorted(unseen) and unseen[0] == 0 and unseen[-1] > 0.02, unseen
