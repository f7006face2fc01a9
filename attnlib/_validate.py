"""Input checks shared by every public function: clear errors that name the argument."""

from __future__ import annotations

import numbers

import numpy as np

_DIMS = {0: "a number", 1: "a 1-D vector", 2: "a 2-D matrix"}


def describe_ndim(ndim: int) -> str:
    """Return a short phrase for an array of `ndim` dimensions ("a 2-D matrix")."""
    return _DIMS.get(ndim, f"a {ndim}-D array")


def to_float_array(
    x: object,
    name: str,
    *,
    ndim: int | None = None,
    min_ndim: int | None = None,
    shape_hint: str = "",
    allow_neg_inf: bool = False,
) -> np.ndarray:
    """Return `x` as a float array (float32/float64 kept, ints become float64) or raise clearly."""
    if x is None or isinstance(x, (str, bytes, dict, set)):
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}")
    try:
        arr = np.asarray(x)
    except ValueError as exc:  # ragged nested lists
        raise ValueError(
            f"{name} must be a rectangular array of numbers (all rows the same length); "
            f"numpy could not read it: {exc}"
        ) from None
    if arr.dtype.kind in "iu":
        arr = arr.astype(np.float64)
    elif arr.dtype.kind != "f":
        raise TypeError(
            f"{name} must contain real numbers, got an array of dtype {arr.dtype}"
            + (f" (for example {arr.flat[0]!r})" if arr.size else "")
        )
    hint = f" {shape_hint}" if shape_hint else ""
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(
            f"{name} must be {describe_ndim(ndim)}{hint}; got shape {arr.shape} ({arr.ndim}-D)"
        )
    if min_ndim is not None and arr.ndim < min_ndim:
        raise ValueError(
            f"{name} must have at least {min_ndim} dimensions{hint}; got shape {arr.shape}"
        )
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}); it needs at least one number")
    if np.isnan(arr).any():
        where = tuple(int(i) for i in np.argwhere(np.isnan(arr))[0])
        raise ValueError(f"{name} contains NaN at index {where}; shape {arr.shape}")
    bad = np.isposinf(arr) if allow_neg_inf else np.isinf(arr)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{name} contains {arr[where]} at index {where}; only finite numbers are allowed"
            + (" (or -inf)" if allow_neg_inf else "")
        )
    return arr


def to_positive_number(x: object, name: str) -> float:
    """Return `x` as a finite float > 0, or raise an error naming `name`."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{name} must be a positive number, got {type(x).__name__} {x!r}")
    value = float(x)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return value


def to_bool_mask(mask: object, name: str, target_shape: tuple[int, ...]) -> np.ndarray:
    """Return `mask` as a boolean array broadcast to `target_shape`, or raise clearly."""
    if mask is None or isinstance(mask, (str, bytes, dict, set)):
        raise TypeError(f"{name} must be an array of booleans, got {type(mask).__name__}")
    arr = np.asarray(mask)
    if arr.dtype.kind != "b":
        raise TypeError(
            f"{name} must be a boolean array (True = may attend, False = blocked), "
            f"got dtype {arr.dtype}"
        )
    try:
        return np.broadcast_to(arr, target_shape)
    except ValueError:
        raise ValueError(
            f"{name} must broadcast to the scores' shape {target_shape}; got shape {arr.shape}"
        ) from None
