"""Input checks shared by every public function: clear errors that name the argument."""

from __future__ import annotations

import numbers
import os
from pathlib import Path

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
            f"{name} must be a rectangular array of numbers (all rows the same length); numpy could not read it: {exc}"
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
        raise ValueError(f"{name} must be {describe_ndim(ndim)}{hint}; got shape {arr.shape} ({arr.ndim}-D)")
    if min_ndim is not None and arr.ndim < min_ndim:
        raise ValueError(f"{name} must have at least {min_ndim} dimensions{hint}; got shape {arr.shape}")
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


def _as_scalar(x: object) -> object:
    """Return the number inside a 0-d numpy array (np.array(2.0) -> 2.0); anything else unchanged."""
    if isinstance(x, np.ndarray) and x.ndim == 0 and x.dtype.kind in "biuf":
        return x[()]
    return x


def to_whole_number(x: object, name: str, minimum: int = 1) -> int:
    """Return `x` as an int >= `minimum` (ints, numpy ints, 0-d int arrays), or raise naming `name`."""
    value = _as_scalar(x)
    expected = f"{name} must be a whole number >= {minimum}"
    if isinstance(value, (bool, np.bool_)) or (
        isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral)
    ):
        raise ValueError(f"{expected}, got {value}")
    if not isinstance(value, numbers.Integral):
        raise TypeError(f"{expected}, got {type(x).__name__} {x!r}")
    if value < minimum:
        raise ValueError(f"{expected}, got {value}")
    return int(value)


def to_real_number(x: object, name: str, *, above: float | None = None) -> float:
    """Return `x` as a finite float (> `above` if given), accepting 0-d arrays; or raise naming `name`."""
    value = _as_scalar(x)
    kind = "positive number" if above == 0 else "number"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a {kind}, got {type(x).__name__} {x!r}")
    bound = "" if above is None else f" > {above:g}"
    try:
        number = float(value)
    except OverflowError:  # a Python int beyond float64
        raise ValueError(f"{name} must be a finite number{bound}, got {x!r} (too large)") from None
    if not np.isfinite(number) or (above is not None and number <= above):
        raise ValueError(f"{name} must be a finite number{bound}, got {number!r}")
    return number


def to_positive_number(x: object, name: str) -> float:
    """Return `x` as a finite float > 0, or raise an error naming `name`."""
    return to_real_number(x, name, above=0)


def to_axis(axis: object, shape: tuple[int, ...], name: str = "axis", of: str = "x") -> int:
    """Return `axis` as a valid non-negative axis index for an array of `shape`, or raise clearly."""
    value = _as_scalar(axis)
    ndim = len(shape)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be a whole number (an axis index from {-ndim} to {ndim - 1}), "
            f"got {type(axis).__name__} {axis!r}"
        )
    if not -ndim <= value < ndim:
        raise ValueError(f"{name} must be in [{-ndim}, {ndim - 1}] for {of} of shape {shape}; got {axis}")
    return int(value) % ndim


def broadcast_leading(arrays: dict[str, np.ndarray], core_ndim: int = 2) -> tuple[int, ...]:
    """Return the broadcast shape of the arrays' leading (batch) dimensions, or raise naming them."""
    try:
        return np.broadcast_shapes(*(a.shape[: a.ndim - core_ndim] for a in arrays.values()))
    except ValueError:
        names = list(arrays)
        joined = ", ".join(names[:-1]) + f" and {names[-1]}"
        shapes = ", ".join(f"{n} {a.shape}" for n, a in arrays.items())
        raise ValueError(
            f"{joined} have leading (batch) dimensions that do not broadcast: {shapes} "
            f"(the last {core_ndim} axes are the matrices; the axes before must match or be 1)"
        ) from None


def to_bool_mask(mask: object, name: str, target_shape: tuple[int, ...]) -> np.ndarray:
    """Return `mask` as a boolean array broadcast to `target_shape`, or raise clearly."""
    if mask is None or isinstance(mask, (str, bytes, dict, set)):
        raise TypeError(f"{name} must be an array of booleans, got {type(mask).__name__}")
    arr = np.asarray(mask)
    if arr.dtype.kind != "b":
        raise TypeError(f"{name} must be a boolean array (True = may attend, False = blocked), got dtype {arr.dtype}")
    try:
        return np.broadcast_to(arr, target_shape)
    except ValueError:
        raise ValueError(f"{name} must broadcast to the scores' shape {target_shape}; got shape {arr.shape}") from None


_TOO_BIG = "a safety limit: anything larger would take hours, or more memory than a computer has"


def at_most(value: float, name: str, maximum: float, why: str = _TOO_BIG) -> float:
    """Return `value` if it is at most `maximum`, else raise a ValueError naming `name` and saying why."""
    if value > maximum:
        raise ValueError(f"{name} must be at most {maximum:g}, got {value} ({why})")
    return value


def to_limited_whole_number(x: object, name: str, maximum: int, minimum: int = 1) -> int:
    """Return `x` as an int from `minimum` to `maximum`, or raise naming `name`: the maximum catches typos
    (10**9 sentences would run for hours, d_k = 10**12 needs terabytes) before any work starts."""
    return int(at_most(to_whole_number(x, name, minimum), name, maximum))


def describe_value(x: object) -> str:
    """Name what a function returned, for an error: "float 2.0", "ndarray of shape (2,)", "a tuple of 3"."""
    if isinstance(x, np.ndarray):
        return f"ndarray of shape {x.shape}"
    if isinstance(x, (tuple, list)):
        return f"a {type(x).__name__} of {len(x)}"
    return type(x).__name__ if x is None else f"{type(x).__name__} {x!r:.40}"


def to_any_array(x: object, what: str) -> np.ndarray:
    """Return `x` as a numpy array of any dtype and shape (for the caller to judge), or raise a TypeError
    "{what}: str 'a'" for a str, bytes, dict, set or None, "{what}: ragged ..." for uneven nested lists."""
    if x is None or isinstance(x, (str, bytes, dict, set)):
        raise TypeError(f"{what}: {describe_value(x)}")
    try:
        return np.asarray(x)
    except ValueError:
        raise TypeError(f"{what}: ragged (rows of different lengths)") from None


def to_folder(x: object, name: str, holding: str) -> Path:
    """Return `x` (a str or os.PathLike) as the Path of an existing folder, or raise naming `name`;
    `holding` says what the folder should hold ("holding the model files")."""
    path = os.fspath(x) if isinstance(x, (str, os.PathLike)) else None
    if not isinstance(path, str):
        raise TypeError(f"{name} must be the path of a folder (a str or pathlib.Path), got {describe_value(x)}")
    if not path:
        raise ValueError(f"{name} is an empty string; give the path of a folder {holding}")
    if not Path(path).exists():
        raise FileNotFoundError(f"{name} {path} does not exist; give the path of a folder {holding}")
    if not Path(path).is_dir():
        raise ValueError(f"{name} must be a folder {holding}; {path} is a file")
    return Path(path)
