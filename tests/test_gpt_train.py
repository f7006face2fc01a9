"""Training the tiny GPT (attnlib.models.gpt_train) on Shakespeare (notebook 12's groundwork, issue #26)."""

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from attnlib.data import shakespeare as sh
from attnlib.maths.bigram import bigram_counts, bigram_loss
from attnlib.models import gpt, gpt_train


@pytest.fixture(scope="module")
def text(plays):
    train, val = sh.train_validation(plays)
    vocab = sh.vocabulary(train)
    return sh.encode(train, vocab), sh.encode(val, vocab), len(vocab)


def test_a_few_seconds_of_training_beat_the_bigram_on_plays_it_never_saw(text):
    """400 Adam steps of a small block (d_model 32, 4 heads, context 64): validation loss below the bigram's
    2.5 nats by at least 0.1, and the run's records are complete and seeded (the same seed, the same run)."""
    train, val, vocab = text
    bigram = bigram_loss(bigram_counts(train, vocab), val)
    with threadpool_limits(1):
        params = gpt.init_params(vocab, 32, 4, 1, 64, seed=0)
        run = gpt_train.train_gpt(params, train, val, steps=400, eval_every=200, progress=None)
        again = gpt_train.train_gpt(params, train, val, steps=200, eval_every=200, progress=None)
    assert run.steps == [200, 400] and len(run.train_loss) == len(run.val_loss) == 2
    assert run.val_loss[-1] < bigram - 0.1, (run.val_loss, bigram)
    assert run.val_loss[0] == again.val_loss[0], "the same seed must give the same run"
    assert not np.shares_memory(run.params["tok_emb"], params["tok_emb"]), "train_gpt trains a copy"


def test_training_reports_progress_and_a_diverging_learning_rate_names_lr():
    rng = np.random.default_rng(0)
    ids = rng.integers(0, 7, size=500)
    params = gpt.init_params(7, 8, 2, 1, 8, seed=0)
    seen = []
    run = gpt_train.train_gpt(params, ids, ids, steps=4, batch_size=4, eval_every=2, progress=lambda *a: seen.append(a))
    assert [a[0] for a in seen] == [2, 4] and all(a[1] == 4 for a in seen) and run.steps == [2, 4]
    with pytest.raises(ValueError, match=r"training diverged at step \d+: .* lr=1e\+06 is too large"):
        gpt_train.train_gpt(params, ids, ids, steps=50, batch_size=4, lr=1e6, eval_every=10, progress=None)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"steps": 0}, ValueError, r"steps"),
        ({"lr": -1}, ValueError, r"lr"),
        ({"progress": "yes"}, TypeError, r"progress must be a function"),
        ({"train_ids": [0, 1, 99]}, ValueError, r"train_ids"),
    ],
)
def test_train_gpt_refuses_bad_input_naming_the_argument(kwargs, error, message):
    params = gpt.init_params(7, 8, 2, 1, 8, seed=0)
    ids = np.arange(50) % 7
    args = {"train_ids": ids, "val_ids": ids, "steps": 2, "batch_size": 2, "progress": None, **kwargs}
    with pytest.raises(error, match=message):
        gpt_train.train_gpt(params, **args)


def test_evaluate_is_the_mean_loss_on_fixed_windows():
    rng = np.random.default_rng(1)
    ids = rng.integers(0, 7, size=300)
    params = gpt.init_params(7, 8, 2, 1, 8, seed=0, dtype=np.float64)
    first, second = gpt_train.evaluate(params, ids, n_windows=10), gpt_train.evaluate(params, ids, n_windows=10)
    assert first == second, "the same windows every time"
    window = next(sh.batches(ids, 10, 8, seed=1, steps=1))
    loss, _ = gpt.loss_and_gradients(params, window)
    assert abs(first - loss) < 1e-9
