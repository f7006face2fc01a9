"""Notebook 08's exercises and its optional challenge: why attention wins.

Each has its reference answer, computed from attnlib, and its likeliest mistakes, each with the
hint that names it.
"""

from __future__ import annotations

from itertools import count

from ..maths.costs import attention_cost, longest_sequence, rnn_cost, weight_matrix_bytes
from .engine import register
from .exercise import Exercise

WORDS = 50  # 08-path-length
D_WIDE = 128  # 08-crossover
LONG = 3_000  # 08-weight-bytes
MIB = 2**20
BUDGET = 16 * MIB  # 08-longest-sentence


def path_lengths(n: int) -> list[int]:
    """[RNN, attention]: the steps from the first of n words to the last."""
    return [rnn_cost(n, 1)["max_path_length"], attention_cost(n, 1)["max_path_length"]]


def crossover(d: int, attention_share: float = 1.0, rnn_share: float = 1.0, equal: bool = False) -> int:
    """The smallest n at which attention's work (× attention_share) passes the RNN's (× rnn_share), or reaches it."""
    for n in count(1):
        attention_work = attention_share * attention_cost(n, d)["multiply_adds"]
        rnn_work = rnn_share * rnn_cost(n, d)["multiply_adds"]
        if attention_work > rnn_work or (equal and attention_work == rnn_work):
            return n
    raise AssertionError("unreachable: count() never ends")


register(
    Exercise(
        "08-path-length",
        f"A sentence has {WORDS} words: how many steps does information from the first word need to reach "
        "the last one? Give [RNN, self-attention].",
        "array",
        lambda: path_lengths(WORDS),
        hint="Count the updates of the RNN's memory after the first word; attention reads any word directly.",
        labels=("RNN", "self-attention"),
        mistakes=(
            (
                lambda: [rnn_cost(WORDS, 1)["sequential_steps"], path_lengths(WORDS)[1]],
                f"{WORDS} is the RNN's number of steps, one per word; the first word is already in the memory after "
                f"step 1, so it reaches the last word through the {path_lengths(WORDS)[0]} updates after that.",
            ),
            (
                lambda: path_lengths(WORDS)[::-1],
                "you swapped them: the RNN's path grows with the sentence, attention's is always 1 step.",
            ),
            (
                lambda: [path_lengths(WORDS)[0]] * 2,
                "attention does not pass through the words in between: the last word reads the first one directly, "
                "in 1 step, whatever the distance.",
            ),
        ),
    )
)
register(
    Exercise(
        "08-crossover",
        f"With d = {D_WIDE}: the smallest whole n at which one self-attention layer (2n²d multiply-adds) does "
        "more work than one RNN layer (2nd²).",
        "number",
        lambda: crossover(D_WIDE),
        hint="Divide both 2n²d and 2nd² by 2·n·d: attention does more work once n > d.",
        mistakes=(
            (
                lambda: crossover(D_WIDE, equal=True),
                f"at n = d = {D_WIDE} the two layers do exactly the same work; attention does more from the next "
                "word on.",
            ),
            (
                lambda: crossover(D_WIDE, rnn_share=0.5),
                f"{crossover(D_WIDE, rnn_share=0.5)} is the answer for d = 64 (section 2), or for an RNN doing only "
                f"nd²; here d = {D_WIDE}, and the RNN does two products per step (x_t W_x and h W_h): 2nd².",
            ),
            (
                lambda: crossover(D_WIDE, attention_share=0.5),
                "that is for attention doing only n²d; it does two products of n·n·d (QKᵀ and A V): 2n²d.",
            ),
        ),
    )
)
register(
    Exercise(
        "08-weight-bytes",
        f"How many bytes do the float32 attention weights A of one head take for a sentence of {LONG:,} words?",
        "number",
        lambda: weight_matrix_bytes(LONG),
        hint="A is n × n, and each float32 number takes 4 bytes.",
        mistakes=(
            (
                lambda: weight_matrix_bytes(LONG, bytes_per_entry=1),
                "that is the number of weights, n²; each float32 weight takes 4 bytes.",
            ),
            (lambda: 4 * LONG, "that is 4 bytes per word; A has one weight per pair of words, n × n of them."),
            (
                lambda: weight_matrix_bytes(LONG, bytes_per_entry=8),
                "that is float64, 8 bytes a number; float32 takes 4.",
            ),
            (lambda: weight_matrix_bytes(LONG) / MIB, "that is in MiB; the question asks for bytes."),
        ),
    )
)
register(
    Exercise(
        "08-longest-sentence",
        "The longest sentence whose float32 attention weights A for one head fit in 16 MiB (16 · 2**20 bytes).",
        "number",
        lambda: longest_sequence(BUDGET),
        hint="Divide the bytes by 4 to get how many weights fit, then find the largest n with n × n weights.",
        mistakes=(
            (
                lambda: longest_sequence(BUDGET, bytes_per_entry=1),
                "each float32 weight takes 4 bytes: divide the memory by 4 before the square root.",
            ),
            (
                lambda: BUDGET // 4,
                "that is how many weights fit; a sentence of n words needs n × n of them: take the square root.",
            ),
            (
                lambda: longest_sequence(16 * 10**6),
                f"that takes 1 MiB as 1,000,000 bytes; 1 MiB is 2**20 = {MIB:,} bytes.",
            ),
        ),
    )
)


# --- the challenge (optional) ----------------------------------------------------------------------
register(
    Exercise(
        "08-challenge-crossover",
        "With d = 64, attention's work is 2n²d for the scores and the mixing plus 3nd² "
        "for the projections X W_Q, X W_K, X W_V: the smallest whole n at which the n² part is the larger.",
        "number",
        lambda: next(n for n in range(1, 10_000) if 2 * n * n * 64 > 3 * n * 64**2),
        hint="Compare 2n²d with 3nd²: divide both by nd, or simply try n in a loop.",
        mistakes=(
            (lambda: 65, "65 is where attention overtakes the RNN's 2nd²; compare with the projections' 3nd²."),
            (lambda: 96, "at n = 96 the two parts are equal; the question asks for larger."),
        ),
    )
)
