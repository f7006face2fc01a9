"""Plain-loop reference implementations, written for clarity, to test attnlib against."""

import math


def softmax_loop(xs):
    """Softmax of a list of numbers with explicit loops (max subtracted for stability)."""
    top = max(xs)
    exps = [math.exp(x - top) for x in xs]
    total = sum(exps)
    return [e / total for e in exps]


def attention_loop(q, k, v, scale, mask=None):
    """Attention for 2-D lists: for each query, score every key, softmax, mix the values."""
    out, weights = [], []
    for i, qi in enumerate(q):
        allowed = [j for j in range(len(k)) if mask is None or mask[i][j]]
        if not allowed:
            weights.append([0.0] * len(k))
            out.append([0.0] * len(v[0]))
            continue
        scores = [sum(a * b for a, b in zip(qi, k[j])) * scale for j in allowed]
        probs = softmax_loop(scores)
        row = [0.0] * len(k)
        for j, p in zip(allowed, probs):
            row[j] = p
        weights.append(row)
        out.append([sum(row[j] * v[j][c] for j in range(len(k))) for c in range(len(v[0]))])
    return out, weights
