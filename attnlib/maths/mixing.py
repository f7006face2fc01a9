"""Mixing words (notebook 02): a new word vector as a weighted mix of the sentence's vectors."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .._validate import to_float_array, to_positive_number, to_real_number, to_whole_number
from .attention import weighted_sum


def mix_profile(weights: ArrayLike, vectors: ArrayLike) -> np.ndarray:
    """Return the weighted mix of row vectors after normalising the weights to sum to 1: (d,)."""
    wv = to_float_array(weights, "weights", ndim=1, shape_hint="(m,)")
    if (wv < 0).any() or wv.sum() == 0:
        raise ValueError(f"weights must be >= 0 and not all 0; got {wv.tolist()}")
    return weighted_sum(wv / wv.sum(), vectors)


def rebalance(weights: ArrayLike, index: int, value: float, step: float | None = None) -> np.ndarray:
    """Set weights[index] = value (clipped to [0, 1]) and rescale the others so all sum to 1: (m,).

    With a step (such as a slider's 0.05), every weight lands on that grid and they still sum to
    exactly 1: the others share what is left in whole steps, by largest remainder.
    """
    wv = to_float_array(weights, "weights", ndim=1, shape_hint="(m,)").astype(float)
    index = to_whole_number(index, "index", minimum=0)
    if index >= wv.shape[0]:
        raise ValueError(f"index must be a whole number in [0, {wv.shape[0] - 1}]; got {index!r}")
    value = min(1.0, max(0.0, to_real_number(value, "value")))
    others = np.delete(np.arange(wv.shape[0]), index)
    rest = wv[others].clip(min=0)
    share = rest / rest.sum() if rest.sum() > 0 else np.full(len(others), 1 / len(others))
    if step is None:
        wv[others] = (1 - value) * share
        wv[index] = value
        return wv
    units = round(1 / to_positive_number(step, "step"))
    if units > 10_000 or abs(units * float(step) - 1) > 1e-9:
        raise ValueError(f"step must divide 1 into whole steps (such as 0.05 or 0.01); got {step!r}")
    mine = round(value * units)
    ideal = (units - mine) * share  # whole steps each other weight deserves
    given = np.floor(ideal + 1e-9).astype(int)
    for j in np.argsort(-(ideal - given), kind="stable")[: units - mine - given.sum()]:
        given[j] += 1  # largest remainders get the spare steps
    out = np.empty(wv.shape[0])
    out[others] = given / units
    out[index] = mine / units
    return out
