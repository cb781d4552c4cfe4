"""The beta distribution, as ``scipy.stats.beta``: shapes ``a`` and ``b``,
density ``z^(a-1) (1-z)^(b-1) / (B(a, b) scale)`` for ``z = (x - loc) /
scale`` in [0, 1]. Every function is differentiable in ``x``, ``a``, ``b``,
``loc`` and ``scale``.

Example:
    >>> import fad
    >>> from fad.scipy.stats import beta
    >>> float(fad.grad(beta.logpdf)(0.5, 2.0, 2.0))  # the mode of a symmetric beta
    0.0
"""

from __future__ import annotations

from typing import Any

import numpy as np

import fad.numpy as fnp
from fad._tracer import Array, ArrayLike, concrete
from fad.scipy.stats._util import (
    arg, betainc, betaln, both, finish, locscale, log_probability, mask, minus_log_scale, positive, safe, xlog1py, xlogy,
)

__all__ = ["logpdf", "pdf", "logcdf", "cdf", "logsf", "sf"]


def _standard(x: Any, a: Any, b: Any, loc: Any, scale: Any) -> tuple[Any, ...]:
    """``(z made safe, a, b made safe, scale, below, above, valid)``."""
    z, scale, valid = locscale(x, loc, scale)
    a, b = arg(a), arg(b)
    oka, okb = positive(a), positive(b)
    zc = np.asarray(concrete(z))
    below, above = zc < 0, zc > 1
    inside = mask(~(below | above))
    return (safe(z, inside, 0.5), safe(a, oka, 1.0), safe(b, okb, 1.0), scale, below, above,
            both(valid, both(oka, okb)))


def _outside(value: Any, below: Any, above: Any, low: float, high: float, valid: Any) -> Any:
    if below.any():
        value = fnp.where(below, low, value)
    if above.any():
        value = fnp.where(above, high, value)
    return finish(value, None, 0.0, valid)


def logpdf(x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the beta density, ``(a-1) log z + (b-1) log(1-z) - log B(a, b) - log scale``.

    Args:
        x: points (-inf outside [loc, loc + scale]).
        a, b: shapes (nan where not positive).
        loc: the left end of the support.
        scale: its length (nan where not positive).

    Returns:
        The log-density.

    Example:
        >>> from fad.scipy.stats import beta
        >>> float(beta.logpdf(0.3, 1.0, 1.0))  # the uniform
        0.0
    """
    z, sa, sb, s, below, above, valid = _standard(x, a, b, loc, scale)
    value = minus_log_scale(xlogy(sa - 1.0, z) + xlog1py(sb - 1.0, -z) - betaln(sa, sb), s)
    return _outside(value, below, above, -np.inf, -np.inf, valid)  # type: ignore[no-any-return]


def pdf(x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The beta density.

    Args:
        x: points.
        a, b: shapes.
        loc: the left end of the support.
        scale: its length.

    Returns:
        The density.

    Example:
        >>> from fad.scipy.stats import beta
        >>> float(beta.pdf(0.5, 2.0, 2.0))
        1.5
    """
    return fnp.exp(logpdf(x, a, b, loc, scale))


def _log01(p: float) -> float:
    return 0.0 if p == 1.0 else -np.inf


def _probability(x: Any, a: Any, b: Any, loc: Any, scale: Any, upper: bool, take_log: bool, caller: str) -> Any:
    z, a, b, _, below, above, valid = _standard(x, a, b, loc, scale)
    lower, upper_ = betainc(a, b, z, caller), betainc(b, a, 1.0 - z, caller)
    p, q = (upper_, lower) if upper else (lower, upper_)
    low, high = (1.0, 0.0) if upper else (0.0, 1.0)
    if take_log:
        return _outside(log_probability(p, q), below, above, _log01(low), _log01(high), valid)
    return _outside(p, below, above, low, high, valid)


def cdf(x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The beta cdf, the regularized incomplete beta function ``I_z(a, b)``.

    Differentiable in every argument: in ``a`` and ``b`` by the series of
    ``I_z(a, b)`` (DLMF 8.17.8) differentiated term by term, of ``I_(1-z)(b, a)``
    above ``(a + 1) / (a + b + 2)``.

    Args:
        x: points.
        a, b: shapes.
        loc: the left end of the support.
        scale: its length.

    Returns:
        ``P(X <= x)``.

    Example:
        >>> from fad.scipy.stats import beta
        >>> float(beta.cdf(0.25, 1.0, 1.0))
        0.25
    """
    return _probability(x, a, b, loc, scale, False, False, "beta.cdf:a, b")  # type: ignore[no-any-return]


def logcdf(x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the beta cdf.

    Args:
        x: points.
        a, b: shapes.
        loc: the left end of the support.
        scale: its length.

    Returns:
        ``log P(X <= x)``.

    Example:
        >>> from fad.scipy.stats import beta
        >>> float(beta.logcdf(2.0, 1.0, 1.0))
        0.0
    """
    return _probability(x, a, b, loc, scale, False, True, "beta.logcdf:a, b")  # type: ignore[no-any-return]


def sf(x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The beta survival function ``I_(1-z)(b, a)``.

    Args:
        x: points.
        a, b: shapes.
        loc: the left end of the support.
        scale: its length.

    Returns:
        ``P(X > x)``.

    Example:
        >>> from fad.scipy.stats import beta
        >>> float(beta.sf(0.25, 1.0, 1.0))
        0.75
    """
    return _probability(x, a, b, loc, scale, True, False, "beta.sf:a, b")  # type: ignore[no-any-return]


def logsf(x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the beta survival function.

    Args:
        x: points.
        a, b: shapes.
        loc: the left end of the support.
        scale: its length.

    Returns:
        ``log P(X > x)``.

    Example:
        >>> from fad.scipy.stats import beta
        >>> float(beta.logsf(-1.0, 1.0, 1.0))
        0.0
    """
    return _probability(x, a, b, loc, scale, True, True, "beta.logsf:a, b")  # type: ignore[no-any-return]
