"""Notebook 12's challenge 12-challenge-last-row: the answer is a function (kind "function"), run on the
challenge's own small models and compared with the whole forward pass."""

import numpy as np

import attnlib as al
from attnlib.exercises import last_row


def student_last_logits(params, ids):
    """A right answer written as a student would, head by head with the lesson's own formulas (as the solution)."""

    def layer_norm(x, g, b):
        return (x - x.mean(axis=-1, keepdims=True)) / np.sqrt(x.var(axis=-1, keepdims=True) + 1e-5) * g + b

    n = len(ids)
    X = params["tok_emb"][ids] + params["pos_emb"][:n]
    h = layer_norm(X, params["l0.ln1_g"], params["l0.ln1_b"])
    d_model, n_heads, d_head = params["l0.W_Q"].shape
    x = X[-1].copy()
    for head in range(n_heads):
        q = h[-1] @ params["l0.W_Q"][:, head]
        K, V = h @ params["l0.W_K"][:, head], h @ params["l0.W_V"][:, head]
        a = al.softmax(K @ q / np.sqrt(d_head))
        x += (a @ V) @ params["l0.W_O"][head]
    u = layer_norm(x, params["l0.ln2_g"], params["l0.ln2_b"]) @ params["l0.W_1"] + params["l0.b_1"]
    c = np.sqrt(2 / np.pi) * (u + 0.044715 * u**3)
    x = x + (0.5 * u * (1 + np.tanh(c))) @ params["l0.W_2"] + params["l0.b_2"]
    return layer_norm(x, params["lnf_g"], params["lnf_b"]) @ params["W_out"]


def test_the_reference_is_the_whole_forward_pass_at_the_last_position():
    for params, ids in last_row.probes():
        full = last_row.full_forward_last(params, ids)
        assert np.abs(last_row.last_logits(params, ids) - full).max() < 1e-12
        assert np.abs(full).max() > 0.5, "the probes' logits are not all near 0, so a missing piece shows"


def test_a_students_own_function_passes_and_so_does_the_lessons_model():
    assert al.evaluate("12-challenge-last-row", student_last_logits).ok
    params = al.gpt_init_params(65, 64, 4, 1, 64, seed=3, dtype=np.float64)
    ids = np.arange(20) % 65
    assert np.abs(student_last_logits(params, ids) - al.gpt_forward(params, ids[None])[0, -1]).max() < 1e-10


def test_what_a_wrong_function_is_told():
    def calls_forward(params, ids):
        return al.gpt_forward(params, ids[None])[0, -1]

    def every_row(params, ids):
        return np.zeros((len(ids), 11))

    def breaks(params, ids):
        return params["l0.W_q"]

    def overflows(params, ids):
        return np.full(11, np.inf)

    said = {name: al.evaluate("12-challenge-last-row", fn).message for name, fn in locals().items()}
    assert "calls al.gpt_forward" in said["calls_forward"]
    assert "shape (11,) for this model; it returned shape (1, 11)" in said["every_row"]
    assert "raised KeyError: 'l0.W_q' (on a prompt of 1 ids)" in said["breaks"]
    assert "inf or NaN" in said["overflows"]
    told = al.evaluate("12-challenge-last-row", student_last_logits(*last_row.probes()[0])).message
    assert "Give your function" in told and "without calling it" in told
    off = al.evaluate("12-challenge-last-row", lambda params, ids: student_last_logits(params, ids) + 0.1).message
    assert off.startswith("❌ Your function's results are off by up to 0.1") and "√d_head" in off


def test_a_function_still_to_write_is_not_answered_yet():
    def last_logits(params, ids): ...  # the notebook's cell as it comes

    said = al.evaluate("12-challenge-last-row", last_logits).message
    assert said.startswith("⏳ Not answered yet") and "Exercise 12-challenge-last-row: When the model writes" in said
