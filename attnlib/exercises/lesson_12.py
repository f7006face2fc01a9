"""Notebook 12's exercises and challenge (a tiny GPT), with their likeliest mistakes; plays read once, lazily."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from ..data.shakespeare import load_plays, train_validation, vocabulary
from ..maths.attention import causal_mask
from ..maths.softmax import softmax
from ..models.gpt_pieces import PIECES, Config, param_shapes
from . import last_row
from .engine import register
from .exercise import Exercise

D_MODEL, N_HEADS, CONTEXT = 64, 4, 64  # Exercise 12-ffn-params: the lesson's block
SMALL_VOCAB = 27  # 12-uniform-loss: the lowercase letters and the space, so the printed ln 65 is not the answer
FFN = ("W_1", "b_1", "W_2", "b_2")  # the feed-forward network's own parameters
SEEN, E_SEEN = 3, 2  # Exercise 12-add-one: a context seen 3 times, followed by e twice (and a once)
ROW_SCORES = (2.0, 0.5, 1.0, 1.5, 3.0, -1.0)  # Exercise 12-causal-row: one head's scores for ...
ROW = 3  # ... the character at position 3 (counted from 0) of a 6-character window


@lru_cache(maxsize=1)
def _vocab_size() -> int:
    """The number of characters of the training plays (section 2 of the lesson)."""
    return len(vocabulary(train_validation(load_plays())[0]))


def _add_one_loss(count: float, total: float, log=np.log) -> float:  # 12-add-one: -log(count / total)
    return float(-log(count / total))


def _count(d_model: int = D_MODEL, names: tuple[str, ...] = FFN, pieces: tuple[str, ...] = PIECES) -> int:
    """How many numbers the named parameters of layer 0 hold, in a one-block model of the lesson's sizes."""
    shapes = param_shapes(Config(_vocab_size(), d_model, N_HEADS, 1, CONTEXT, pieces))
    return sum(math.prod(shapes[f"l0.{name}"]) for name in names)


def _row(mask: str = "causal", blocked: float = -np.inf, after: bool = False) -> np.ndarray:
    """Position ROW's weights over 6 positions (or a likely mistake: mask "none", "transposed", "before" (positions
    0 to ROW - 1 only); blocked scores set to `blocked`; after=True: the weights of the unmasked softmax, masked
    afterwards and not renormalised): (6,)."""
    allowed = {
        "causal": causal_mask(6)[ROW],
        "none": np.ones(6, dtype=bool),
        "transposed": causal_mask(6).T[ROW],
        "before": np.arange(6) < ROW,
    }[mask]
    scores = np.array(ROW_SCORES)
    if after:
        return softmax(scores) * allowed
    return softmax(np.where(allowed, scores, blocked))


register(
    Exercise(
        "12-ffn-params",
        f"The feed-forward network of the lesson's block (d_model = {D_MODEL}) widens each character's vector to "
        f"4 · {D_MODEL} = {4 * D_MODEL} numbers with W_1 and b_1, applies GELU, and brings it back to {D_MODEL} "
        "numbers with W_2 and b_2. How many numbers does it learn? Count them by hand (al.gpt_n_params counts a "
        "whole model).",
        "number",
        _count,
        hint=f"W_1 is {D_MODEL} × {4 * D_MODEL} and b_1 has {4 * D_MODEL} numbers; W_2 is {4 * D_MODEL} × {D_MODEL} "
        f"and b_2 has {D_MODEL}: add the four up.",
        mistakes=(
            (
                lambda: _count(names=("W_1", "W_2")),
                f"you counted the two matrices but not the biases: b_1 adds {4 * D_MODEL} numbers and b_2 {D_MODEL}.",
            ),
            (
                lambda: 2 * D_MODEL * D_MODEL + 2 * D_MODEL,
                f"that is two {D_MODEL} × {D_MODEL} matrices (and their biases); the network widens to 4 · "
                f"{D_MODEL} = {4 * D_MODEL} numbers, so W_1 is {D_MODEL} × {4 * D_MODEL} and W_2 "
                f"{4 * D_MODEL} × {D_MODEL}.",
            ),
            (
                lambda: _count(names=("W_1", "b_1")),
                f"that is only the first half, W_1 and b_1; add W_2 ({4 * D_MODEL} × {D_MODEL}) and b_2 ({D_MODEL}).",
            ),
            (
                lambda: _count(names=(*FFN, "ln2_g", "ln2_b")),
                f"that includes LN2's gain and bias ({2 * D_MODEL} numbers): the layer norm before the network, which "
                "leaves with it when a model drops the feed-forward piece. Count W_1, b_1, W_2 and b_2 only.",
            ),
        ),
    )
)
register(
    Exercise(
        "12-uniform-loss",
        "A model that knows nothing gives each character of its vocabulary the same probability. What is its "
        f"loss, in nats a character, for a vocabulary of {SMALL_VOCAB} characters (the 26 lowercase letters and the "
        "space, instead of the plays' 65)?",
        "number",
        lambda: float(np.log(SMALL_VOCAB)),
        hint="Each of the 27 characters gets p = 1/27; the loss is -ln p, in nats (np.log).",
        mistakes=(
            (
                lambda: float(np.log(_vocab_size())),
                "that is ln 65, the plays' vocabulary from section 2; this exercise has 27 characters.",
            ),
            (
                lambda: float(np.log2(SMALL_VOCAB)),
                "that is in bits (log base 2); the lesson measures nats, with the natural logarithm: np.log.",
            ),
            (
                lambda: float(np.log10(SMALL_VOCAB)),
                "that is the logarithm base 10; the loss uses the natural logarithm, np.log.",
            ),
            (lambda: 1 / SMALL_VOCAB, "that is the probability each character gets, 1/27; the loss is -ln of it."),
            (
                lambda: float(np.log(1 / SMALL_VOCAB)),
                "that is ln p itself, which is negative; the loss is minus it, -ln p, a positive number.",
            ),
        ),
    )
)
register(
    Exercise(
        "12-add-one",
        f"In the training plays, a context of two characters was followed {SEEN} times: twice by e and once by a. A "
        "trigram table adds 1 to each of the 65 counts of that context. When e does come next, what loss does the "
        "table score there, in nats?",
        "number",
        lambda: _add_one_loss(E_SEEN + 1, SEEN + 65),
        hint="P(e) = (its count + 1) / (the row's total): every one of the 65 characters gets 1, so the total grows "
        "by 65. The loss is -ln P(e).",
        mistakes=(
            (
                lambda: _add_one_loss(E_SEEN, SEEN),
                "that is -ln(2/3), the count alone; the table adds 1 to every count first.",
            ),
            (
                lambda: _add_one_loss(E_SEEN + 1, SEEN + 1),
                "you added 1 to the total once; each of the 65 counts gets 1, so the total grows by 65: 3 + 65.",
            ),
            (
                lambda: _add_one_loss(E_SEEN + 1, SEEN + 2),
                "you added 1 to the two characters seen; every one of the 65 gets 1, seen or not: 3 + 65 in all.",
            ),
            (
                lambda: _add_one_loss(1, 65),
                "that is a context never seen (every count 0, so P = 1/65); this one was seen 3 times.",
            ),
            (lambda: (E_SEEN + 1) / (SEEN + 65), "that is P(e) itself, 3/68; the loss is -ln P(e), in nats."),
            (lambda: _add_one_loss(E_SEEN + 1, SEEN + 65, np.log2), "that is in bits (log base 2); give nats, np.log."),
        ),
    )
)
register(
    Exercise(
        "12-causal-row",
        f"One head's scores for the character at position {ROW} (counted from 0) of a 6-character window are "
        f"s = {ROW_SCORES}, one for each position 0 to 5. With the causal mask, what are its 6 attention weights?",
        "array",
        _row,
        hint=f"Position {ROW} may attend to positions 0 to {ROW}: give the others the score -inf (np.where with "
        f"al.causal_mask(6)[{ROW}]), then al.softmax; the weights after position {ROW} are 0.",
        probabilities=True,
        labels=tuple(f"position {i}" for i in range(6)),
        mistakes=(
            (
                lambda: _row(mask="none"),
                f"that row has no mask: position {ROW} would read position 4, the character it must predict, and "
                "position 5 after it. Block them (score -inf) before the softmax.",
            ),
            (
                lambda: _row(mask="transposed"),
                f"that mask is transposed: position {ROW} sees positions {ROW} to 5, the future. Row i of the causal "
                "mask allows columns 0 to i.",
            ),
            (
                lambda: _row(blocked=0.0),
                "you set the blocked scores to 0, which still gives them weight (e⁰ = 1); a blocked score is -inf, so "
                "its weight is exactly 0.",
            ),
            (
                lambda: _row(after=True),
                "you blocked the weights after the softmax, so the row no longer sums to 1; block the scores before it "
                "and let the softmax share the weight among positions 0 to 3.",
            ),
            (
                lambda: _row(mask="before"),
                f"position {ROW} also sees itself: the causal mask allows positions 0 to {ROW}, four of them.",
            ),
            (
                lambda: causal_mask(6)[ROW].astype(float),
                "that is the mask's row (1 = may attend); use it to block the scores, then softmax them into weights.",
            ),
        ),
    )
)


# --- the challenge (optional) ----------------------------------------------------------------------
register(
    Exercise(
        "12-challenge-last-row",
        "When the model writes, it needs only the last position's prediction, and the earlier positions' keys and "
        "values never change (while the text fits in the context; in a stack of blocks the causal mask ensures it), "
        "so a writer can keep them (a KV cache) and compute one query row. Write last_logits(params, ids): for a "
        "one-block model with every piece and ids (n,), the logits of the last position, from its query row alone "
        "(attending over the keys and values of all n positions), without al.gpt_forward. Then "
        f"{last_row.CALLED}; it is compared with the whole forward pass on small models of its own.",
        "function",
        lambda: last_row.last_logits,
        run=last_row.run,
        hint=last_row.HINT,
        mistakes=tuple((lambda flags=flags: last_row.slip(**flags), said) for flags, said in last_row.SLIPS),
    )
)
