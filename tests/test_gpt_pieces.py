"""A GPT block's pieces, one at a time (issue #26, notebook 12's table): init_params(..., pieces=...) gives each
variant its keys and parameter count, the params dict alone says which pieces it has (the empty "no_residual"
marker survives copies, Adam and dtypes), bad pieces get errors naming the argument, and every variant trains
and samples through the same code. The forward formulas, gradients and causality of every variant are tested
in tests/test_gpt.py; here, a short run on the plays puts the full block ahead of attention alone."""

import itertools
import math

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from attnlib.data import shakespeare as sh
from attnlib.models import gpt, gpt_train

pytestmark = pytest.mark.filterwarnings("error")
OPTIONAL = ("feed_forward", "residual", "layer_norm")
VARIANTS = [("attention", *c) for n in range(4) for c in itertools.combinations(OPTIONAL, n)]  # all 8
ATTENTION = ["W_Q", "W_K", "W_V", "W_O"]
FFN = ["W_1", "b_1", "W_2", "b_2"]


# --- the keys say which pieces there are --------------------------------------------------------------------


@pytest.mark.parametrize(
    "pieces, layer, extra",
    [
        (("attention",), ATTENTION, ["no_residual"]),
        (("attention", "feed_forward"), ATTENTION + FFN, ["no_residual"]),
        (("attention", "feed_forward", "residual"), ATTENTION + FFN, []),
        (("attention", "layer_norm"), ["ln1_g", "ln1_b"] + ATTENTION, ["no_residual", "lnf_g", "lnf_b"]),
        (gpt.PIECES, ["ln1_g", "ln1_b"] + ATTENTION + ["ln2_g", "ln2_b"] + FFN, ["lnf_g", "lnf_b"]),
    ],
)
def test_each_variant_has_the_keys_of_its_pieces_and_only_those(pieces, layer, extra):
    p = gpt.init_params(11, 8, 2, 2, 5, pieces=pieces)
    want = {"tok_emb", "pos_emb", "W_out", *extra} | {f"l{i}.{k}" for i in range(2) for k in layer}
    assert set(p) == want
    assert gpt.check_params(p)[1] == gpt.Config(11, 8, 2, 2, 5, pieces)
    assert list(p) == list(gpt.param_shapes(gpt.check_params(p)[1]))


def test_the_default_is_the_full_block_with_gpt2s_keys_and_pieces_are_read_in_any_order():
    assert gpt.PIECES == ("attention", "feed_forward", "residual", "layer_norm")
    full = gpt.init_params(11, 8, 2, 1, 5)
    assert "no_residual" not in full and gpt.check_params(full)[1].pieces == gpt.PIECES
    mixed = gpt.init_params(11, 8, 2, 1, 5, pieces=["layer_norm", "attention"])
    assert gpt.check_params(mixed)[1].pieces == ("attention", "layer_norm")
    assert all((v == full[k]).all() for k, v in gpt.init_params(11, 8, 2, 1, 5, pieces=set(gpt.PIECES)).items())


def test_parameter_counts_of_notebook_12s_rows():
    # attention alone: 2·V·d (tok_emb, W_out) + C·d (pos_emb) + 4 d² (W_Q, W_K, W_V, W_O), however many heads;
    # the feed-forward adds 8 d² + 5 d (W_1, b_1 of 4 d, W_2, b_2); layer norm 4 d a layer and 2 d at the end
    v, d, c = 65, 64, 64
    attention = 2 * v * d + c * d + 4 * d * d
    for heads in (1, 4):
        assert gpt.n_params(gpt.init_params(v, d, heads, 1, c, pieces=("attention",))) == attention == 28_800
    with_ffn = attention + 8 * d * d + 5 * d
    assert gpt.n_params(gpt.init_params(v, d, 4, 1, c, pieces=("attention", "feed_forward"))) == with_ffn
    assert gpt.n_params(gpt.init_params(v, d, 4, 1, c, pieces=("attention", "feed_forward", "residual"))) == with_ffn
    assert gpt.n_params(gpt.init_params(v, d, 4, 1, c)) == with_ffn + 4 * d + 2 * d == 62_272


def test_without_layer_norm_the_start_keeps_the_signals_scale():
    """GPT-2's 0.02 everywhere with layer norm; without it 1/√fan_in for a matrix and 1/√2 for each embedding
    (nothing would undo 0.02's shrinking); W_O and W_2 scaled by 1/√(2 n_layers) only with residuals."""
    d, layers = 64, 8
    sd = {}
    for pieces in [("attention", "feed_forward"), ("attention", "feed_forward", "residual"), gpt.PIECES]:
        p = gpt.init_params(65, d, 4, layers, 64, seed=1, dtype=np.float64, pieces=pieces)
        sd[pieces[1:]] = {k: p[k].std() for k in ("tok_emb", "l5.W_Q", "l5.W_O", "l5.W_1", "l5.W_2", "W_out")}
    root, scale = math.sqrt, 1 / math.sqrt(2 * layers)
    plain = {"tok_emb": root(0.5), "l5.W_Q": 1 / root(d), "l5.W_O": 1 / root(d), "l5.W_1": 1 / root(d)}
    plain |= {"l5.W_2": 1 / root(4 * d), "W_out": 1 / root(d)}
    residual = plain | {"l5.W_O": scale / root(d), "l5.W_2": scale / root(4 * d)}
    gpt2 = dict.fromkeys(plain, 0.02) | {"l5.W_O": 0.02 * scale, "l5.W_2": 0.02 * scale}
    for got, want in [(sd[("feed_forward",)], plain), (sd[("feed_forward", "residual")], residual)]:
        np.testing.assert_allclose([got[k] for k in want], list(want.values()), rtol=0.05)
    np.testing.assert_allclose([sd[gpt.PIECES[1:]][k] for k in gpt2], list(gpt2.values()), rtol=0.05)


@pytest.mark.parametrize("pieces", VARIANTS, ids="+".join)
def test_every_variant_starts_near_a_blind_guess(pieces):
    """ln V nats a token for a uniform guess; the variants without layer norm start a little above it."""
    tokens = np.random.default_rng(0).integers(0, 65, (8, 33))
    for layers in (1, 3):
        loss, _ = gpt.loss_and_gradients(gpt.init_params(65, 64, 4, layers, 32, pieces=pieces), tokens)
        assert -0.1 < loss - math.log(65) < 0.8, (layers, loss)


# --- the marker survives copies, Adam and dtypes ------------------------------------------------------------


def test_the_no_residual_marker_is_empty_and_survives_copies_training_and_a_float64_marker():
    p = gpt.init_params(7, 8, 2, 1, 8, seed=0, pieces=("attention", "feed_forward"))
    assert p["no_residual"].shape == (0,) and p["no_residual"].dtype == np.float32
    copy = {k: v.copy() for k, v in p.items()}
    assert gpt.check_params(copy)[1].pieces == ("attention", "feed_forward")
    ids = np.arange(200) % 7
    run = gpt_train.train_gpt(p, ids, ids, steps=3, batch_size=4, eval_every=3, progress=None)
    assert list(run.params) == list(p) and run.params["no_residual"].shape == (0,)
    assert gpt.check_params(run.params)[1].pieces == ("attention", "feed_forward")
    _, grads = gpt.loss_and_gradients(p, np.zeros((1, 4), int))
    assert grads["no_residual"].shape == (0,) and grads["no_residual"].dtype == np.float32
    logits = gpt.forward({**p, "no_residual": np.zeros(0)}, [[1, 2]])  # a float64 marker: still float32
    assert logits.dtype == np.float32


# --- errors name their argument -------------------------------------------------------------------------------


P = gpt.init_params(7, 8, 2, 2, 5, seed=0)


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: gpt.init_params(7, 8, 2, 1, 5, pieces="attention"), TypeError, "pieces must be a tuple of names"),
        (lambda: gpt.init_params(7, 8, 2, 1, 5, pieces=3), TypeError, "pieces must be a tuple of names"),
        (lambda: gpt.init_params(7, 8, 2, 1, 5, pieces=("attention", "mlp")), ValueError, "unknown ['mlp']"),
        (lambda: gpt.init_params(7, 8, 2, 1, 5, pieces=("attention",) * 2), ValueError, "a name twice"),
        (lambda: gpt.init_params(7, 8, 2, 1, 5, pieces=("feed_forward",)), ValueError, "must include 'attention'"),
        (lambda: gpt.init_params(7, 8, 2, 1, 5, pieces=()), ValueError, "must include 'attention'"),
        (
            lambda: gpt.forward({k: v for k, v in P.items() if k != "l0.ln2_g"}, [[0]]),
            ValueError,
            "missing ['l0.ln2_g']",
        ),
        (
            lambda: gpt.forward({k: v for k, v in P.items() if k not in ("l1.W_1", "l1.b_1")}, [[0]]),
            ValueError,
            "a piece has all its keys in every layer, or none); missing ['l1.W_1', 'l1.b_1']",
        ),
        (
            lambda: gpt.forward({k: v for k, v in P.items() if not k.endswith(("ln1_g", "ln1_b"))}, [[0]]),
            ValueError,
            "pieces=('attention', 'feed_forward', 'residual')), read from l0.W_1, l0.ln1_g and no_residual",
        ),
        (
            lambda: gpt.forward({**P, "no_residual": np.zeros(3)}, [[0]]),
            ValueError,
            "params['no_residual'] must have shape (0,)",
        ),
    ],
)
def test_bad_pieces_get_errors_naming_them(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)


# --- every variant trains and samples through the same code -------------------------------------------------


@pytest.mark.parametrize("pieces", VARIANTS, ids="+".join)
def test_every_variant_learns_a_tiny_random_corpus_and_samples(pieces):
    """A random walk on 7 tokens (each next token 1 or 2 above the last): ln 7 = 1.95 nats for a blind guess,
    ln 2 = 0.69 for a model that reads the last token. 150 Adam steps take every variant below 1 (0.70 to 0.78)."""
    rng = np.random.default_rng(0)
    ids = np.cumsum(rng.integers(1, 3, size=3000)) % 7
    params = gpt.init_params(7, 16, 2, 1, 8, seed=0, pieces=pieces)
    with threadpool_limits(1):
        run = gpt_train.train_gpt(params, ids[:2500], ids[2500:], steps=150, batch_size=16, progress=None)
    assert run.val_loss[-1] < 1.0, run.val_loss
    out = gpt.sample(run.params, [0, 1], 10, seed=0)
    assert out.shape == (12,) and ((out >= 0) & (out < 7)).all()
    assert gpt.forward(run.params, [[0, 1, 3]], return_cache=True).weights.shape == (1, 1, 2, 3, 3)


# --- the full block beats attention alone on the plays -------------------------------------------------------


def test_on_the_plays_the_full_block_beats_attention_alone(plays):
    """300 Adam steps (d_model 32, 4 heads, context 32, batch 16; 1 s): measured here, attention alone 2.67 to 2.69
    on the validation plays over seeds 0-3, the full block 2.43 to 2.45; the test asks for a lead of 0.1."""
    train, val = sh.train_validation(plays)
    vocab = sh.vocabulary(train)
    train_ids, val_ids = sh.encode(train, vocab), sh.encode(val, vocab)
    loss = {}
    with threadpool_limits(1):
        for pieces in [("attention",), gpt.PIECES]:
            params = gpt.init_params(len(vocab), 32, 4, 1, 32, seed=0, pieces=pieces)
            run = gpt_train.train_gpt(
                params, train_ids, val_ids, steps=300, batch_size=16, eval_every=300, progress=None
            )
            loss[pieces] = run.val_loss[-1]
    assert loss[gpt.PIECES] < loss[("attention",)] - 0.1, loss
