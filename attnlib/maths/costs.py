"""Honest counts of the work and memory of one attention layer and one recurrent layer (notebook 08)."""

from __future__ import annotations

import math

from .._validate import to_whole_number


def attention_cost(n: int, d: int) -> dict[str, int]:
    """Count one self-attention layer's work for n words of size d (Q, K, V given)."""
    n, d = to_whole_number(n, "n"), to_whole_number(d, "d")
    return {
        "multiply_adds": 2 * n * n * d,  # Q Kᵀ (n·n·d) and weights @ V (n·n·d)
        "sequential_steps": 1,  # every row can be computed at the same time
        "max_path_length": 1,  # any word reaches any other in one step
        "weight_entries": n * n,  # the n × n attention matrix held in memory
    }


def rnn_cost(n: int, d: int) -> dict[str, int]:
    """Count one recurrent layer's work for n words with hidden size d."""
    n, d = to_whole_number(n, "n"), to_whole_number(d, "d")
    return {
        "multiply_adds": 2 * n * d * d,  # per step: x_t W_x and h W_h, each d·d
        "sequential_steps": n,  # step t needs h_{t-1}
        "max_path_length": n - 1 if n > 1 else 1,  # word 0 reaches word n-1 through n-1 steps
        "weight_entries": 0,  # no n × n matrix; one hidden state at a time
    }


def weight_matrix_bytes(n: int, bytes_per_entry: int = 4, heads: int = 1) -> int:
    """Return the memory of the n × n attention weights (float32 = 4 bytes), per layer."""
    n, per_entry = to_whole_number(n, "n"), to_whole_number(bytes_per_entry, "bytes_per_entry")
    return n**2 * per_entry * to_whole_number(heads, "heads")


def longest_sequence(memory_bytes: int, bytes_per_entry: int = 4, heads: int = 1) -> int:
    """Return the largest n whose n × n attention weights fit in memory_bytes."""
    per_entry = to_whole_number(bytes_per_entry, "bytes_per_entry") * to_whole_number(heads, "heads")
    budget = to_whole_number(memory_bytes, "memory_bytes") // per_entry
    return math.isqrt(budget)  # exact for any size: the largest n with n * n <= budget
