"""Tolerances: how close is close enough, for each floating-point dtype.

Two kinds of comparison: against central differences (:class:`Tolerances`,
whose step and tolerances follow from the dtype's machine epsilon), and the
identities that hold up to rounding (:class:`Tight`). Both use the least
precise dtype in play, so float32 is checked about a thousand times more
loosely than float64.
"""

from __future__ import annotations

import math
from typing import Any, Iterable, NamedTuple, Optional, Sequence

import numpy as np

from fad.testing._arrays import is_float

__all__ = [
    "Tolerances",
    "default_tolerances",
    "float_dtypes",
    "least_precise",
    "machine_eps",
    "Tight",
]


class Tolerances(NamedTuple):
    """The step and tolerances used for one floating-point dtype.

    Attributes:
        eps: the central-difference step (before scaling by the inputs' size).
        atol: absolute tolerance of a finite-difference comparison.
        rtol: relative tolerance of a finite-difference comparison.
        tight: relative tolerance of the identities that need no finite
            differences (transposition, linearity, batching), measured against
            the size of the terms compared.

    Example:
        >>> import numpy as np
        >>> t = default_tolerances(np.float64)
        >>> t.eps < t.rtol < 1e-4 and t.tight < 1e-12
        True
    """

    eps: float
    atol: float
    rtol: float
    tight: float


def default_tolerances(dtype: Any) -> Tolerances:
    """The step and tolerances fad uses for a floating-point dtype.

    They follow from the dtype's machine epsilon ``e``: the step is ``e**(1/3)``
    (which balances the truncation error of central differences against
    rounding), the finite-difference tolerances are twice that, and the tight
    tolerance is ``256 * e``. So float32 is about a thousand times looser than
    float64. On top of ``atol`` and ``rtol``, every finite-difference comparison
    allows for the rounding of the function values themselves.

    Args:
        dtype: a floating-point dtype (or anything ``np.dtype`` accepts); a
            complex dtype has the tolerances of its parts' (complex64: float32's).

    Returns:
        A :class:`Tolerances`.

    Example:
        >>> import numpy as np
        >>> t64, t32 = default_tolerances(np.float64), default_tolerances(np.float32)
        >>> t64.rtol < 1e-4 < t32.rtol < 0.05
        True
    """
    dt = np.dtype(dtype)
    if not np.issubdtype(dt, np.inexact):
        raise TypeError(f"default_tolerances needs a floating-point (or complex) dtype, got {dt}")
    e = float(np.finfo(dt).eps)
    step = e ** (1.0 / 3.0)
    return Tolerances(eps=step, atol=2.0 * step, rtol=2.0 * step, tight=256.0 * e)


def float_dtypes(values: Iterable[Any]) -> list[np.dtype[Any]]:
    """The dtypes of the floating-point values among ``values``."""
    return [np.asarray(v).dtype for v in values if is_float(v)]


def least_precise(dtypes: Iterable[np.dtype[Any]]) -> np.dtype[Any]:
    """The dtype with the largest machine epsilon (float64 when there is none).

    Example:
        >>> least_precise([np.dtype(np.float64), np.dtype(np.float32)])
        dtype('float32')
    """
    best: Optional[np.dtype[Any]] = None
    for d in dtypes:
        if best is None or np.finfo(d).eps > np.finfo(best).eps:
            best = d
    return best if best is not None else np.dtype(np.float64)


def machine_eps(values: Sequence[Any]) -> float:
    """The machine epsilon of the least precise floating-point value."""
    return float(np.finfo(least_precise(float_dtypes(values))).eps)


class Tight:
    """The tolerance of an identity that holds up to rounding: relative to the
    size of the terms, plus a floor for values that underflow in the least
    precise dtype.

    Args:
        values: every value in play (inputs and outputs).

    Example:
        >>> t = Tight([np.ones(3)])
        >>> t.fails(1e-15, 1.0), t.fails(1e-6, 1.0)
        (False, True)
    """

    __slots__ = ("rel", "floor")

    def __init__(self, values: Sequence[Any]) -> None:
        dt = least_precise(float_dtypes(values))
        self.rel = default_tolerances(dt).tight
        count = sum(int(np.size(v)) for v in values) + 1
        self.floor = 16.0 * count * float(np.finfo(dt).tiny)

    def allowed(self, scale: float) -> float:
        """The largest error allowed between terms of size ``scale``."""
        return self.rel * scale + self.floor

    def fails(self, err: float, scale: float) -> bool:
        """Whether ``err`` (between terms of size ``scale``) is too large, or not finite."""
        return not (err <= self.allowed(scale)) or not math.isfinite(err)
