"""Input coercion and argument checks of the statistics functions."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import numpy as np

from .. import _core
from .._core import STATS_MAX_RESAMPLES
from .._frame import samples
from ..errors import CoterminousTypeError, CoterminousValueError
from ..framework import Framework

#: The most resamples one call may draw (the general paths keep one float per resample, 80 MB).
MAX_RESAMPLES: int = int(STATS_MAX_RESAMPLES)

_P = ParamSpec("_P")
_R = TypeVar("_R")


def renamed(**old: str) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Refuse the old names of renamed arguments (``old="new"``) with a CoterminousTypeError
    pointing to the new name, instead of Python's bare TypeError."""

    def wrap(f: Callable[_P, _R]) -> Callable[_P, _R]:
        @functools.wraps(f)
        def call(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            for name, new in old.items():
                if name in kwargs:
                    raise CoterminousTypeError(
                        f"{f.__name__}: `{name}=` was renamed `{new}=` in 0.2.0; "
                        f"call {f.__name__}({', '.join(old.values())}, ...)"
                    )
            return f(*args, **kwargs)

        return call

    return wrap


#: Integers beyond this magnitude do not all have a float64 of their own.
_EXACT_INT = samples.EXACT_INT


def _numbers(x: Any, arg: str) -> np.ndarray:
    """A validated 1-D array of numbers in its own kind: integers stay integers (int64, uint64,
    or Python ints in an object array when neither holds them), so that ``x - y`` can be taken
    exactly; anything else is float64. Lists, numpy arrays and library columns (read by
    ``_frame.samples``)."""
    x = samples.sample_values(x, arg)
    if isinstance(x, (str, bytes)) or np.isscalar(x):
        raise CoterminousTypeError(f"{arg}: expected a sequence of numbers, got {type(x).__name__}")
    a = np.asarray(x)
    if (
        a.dtype.kind == "f"
        and isinstance(x, (list, tuple))
        and any(isinstance(v, int) and abs(v) > _EXACT_INT for v in x)
    ):
        a = np.array(x, dtype=object)  # numpy rounds a list mixing huge and negative ints to float64
    if a.dtype == object:
        values = a.tolist()
        for i, v in enumerate(values):
            if v is None:
                raise CoterminousValueError(f"{arg}: row {i}: missing value")
            if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
                raise CoterminousTypeError(f"{arg}: row {i}: {v!r} is not a number")
        if a.ndim == 1 and all(isinstance(v, (int, np.integer)) for v in values):
            a = samples.integers([int(v) for v in values])
        else:
            a = _as_float(a, arg)
    if a.dtype.kind == "b" or a.dtype.kind not in "iufO":
        first = a.ravel()[0] if a.size else None
        raise CoterminousTypeError(f"{arg}: expected numbers, got values of type {a.dtype} (first {first!r})")
    if a.ndim != 1:
        raise CoterminousValueError(f"{arg}: expected a 1-D sequence, got shape {a.shape}")
    if a.size == 0:
        raise CoterminousValueError(f"{arg}: no observations")
    if a.dtype.kind == "f":
        a = np.ascontiguousarray(a, dtype=np.float64)
        bad = ~np.isfinite(a)
        if bad.any():
            i = int(np.argmax(bad))
            raise CoterminousValueError(f"{arg}: row {i}: {a[i]} is not a finite number (NaN or missing)")
    return a


#: 1-D ``a`` as contiguous float64; an error for an integer that float64 cannot hold exactly.
_as_float = samples.as_float64


def _vector(x: Any, arg: str) -> np.ndarray:
    """A 1-D float64 array from a list, numpy array or a pandas/polars/pyarrow column."""
    return _as_float(_numbers(x, arg), arg)


def _pair(x: Any, y: Any, names: tuple[str, str] = ("x", "y")) -> tuple[np.ndarray, np.ndarray]:
    """Paired samples of one length, each in its own kind (see ``_numbers``)."""
    xa, ya = _numbers(x, names[0]), _numbers(y, names[1])
    if xa.shape != ya.shape:
        raise CoterminousValueError(
            f"{names[0]}, {names[1]}: paired samples must have one length, got {len(xa)} and {len(ya)}"
        )
    return xa, ya


def _difference(xa: np.ndarray, ya: np.ndarray, names: tuple[str, str] = ("x", "y")) -> np.ndarray:
    """``x - y`` taken exactly: integers as integers (int64 where nothing overflows, Python ints
    otherwise), anything else in float64, with an error where the difference overflows."""
    if xa.dtype.kind in "iuO" and ya.dtype.kind in "iuO":
        fits = [
            a.dtype.kind == "i" or (a.dtype.kind == "u" and (a.size == 0 or a.max() <= np.iinfo(np.int64).max))
            for a in (xa, ya)
        ]
        if all(fits):
            x64, y64 = xa.astype(np.int64), ya.astype(np.int64)
            with np.errstate(over="ignore"):
                d = x64 - y64
            if not (((x64 ^ y64) & (x64 ^ d)) < 0).any():  # no signed overflow
                return d
        return samples.integers([int(a) - int(b) for a, b in zip(xa.tolist(), ya.tolist())])
    xf, yf = _as_float(xa, names[0]), _as_float(ya, names[1])
    with np.errstate(over="ignore", invalid="ignore"):
        diff: np.ndarray = xf - yf
    bad = ~np.isfinite(diff)
    if bad.any():
        i = int(np.argmax(bad))
        raise CoterminousValueError(
            f"{names[0]} - {names[1]} overflows at row {i}: {float(xf[i])!r} - {float(yf[i])!r} "
            "is beyond the float64 range"
        )
    return diff


def _signs(d: np.ndarray) -> np.ndarray:
    """The signs of exact differences as float64 (all the sign test and paired dominance use)."""
    return np.ascontiguousarray(np.sign(d), dtype=np.float64)


def _check_scores(a: np.ndarray, framework: Framework | str | None, arg: str) -> None:
    """ScoreError when ``framework`` is given and a value of ``a`` is not an integer score on its scale."""
    if framework is None:
        return
    from ..scoring import _framework

    fw = _framework(framework)
    _core.check_scores(fw._inner, _rule_input(a), arg=arg)


def _rule_input(a: np.ndarray) -> np.ndarray:
    """``a`` as the core's score rule reads it: int64, uint64 or float64, contiguous (Python
    integers beyond both, in an object array, as float64: off any scale either way)."""
    if a.dtype.kind in "iu" and a.dtype.itemsize == 8:
        return np.ascontiguousarray(a)
    if a.dtype.kind in "iub":
        return np.ascontiguousarray(a, dtype=np.int64)
    return np.ascontiguousarray(a, dtype=np.float64)


def _integer(value: Any, arg: str) -> int:
    """``value`` as a Python int, or CoterminousTypeError (the core checks its range)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise CoterminousTypeError(f"{arg}: expected an integer, got {type(value).__name__}")
    return int(value)


def _real(value: Any, arg: str) -> float:
    """``value`` as a float, or CoterminousTypeError (the core checks its range)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise CoterminousTypeError(f"{arg}: expected a number between 0 and 1, got {type(value).__name__}")
    return float(value)


def _seed(rng: Any) -> int:
    """A 64-bit seed from ``rng``: an int seed, a numpy Generator (one draw), or None (fresh)."""
    if rng is None:
        return int(np.random.default_rng().integers(0, 2**63))
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(0, 2**63))
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        if rng < 0:
            raise CoterminousValueError(f"rng: a seed must be a non-negative integer, got {rng}")
        return int(rng) % 2**64
    raise CoterminousTypeError(f"rng: expected None, an int seed or a numpy.random.Generator, got {type(rng).__name__}")
