"""The Laplace (double exponential) distribution, as ``scipy.stats.laplace``:
density ``exp(-|x - loc| / scale) / (2 scale)``. Differentiable in ``x``,
``loc`` and ``scale`` (at ``x = loc``, the kink, the derivative in ``x`` is 0).

Example:
    >>> import fad
    >>> from fad.scipy.stats import laplace
    >>> float(fad.grad(laplace.logpdf)(2.0))
    -1.0
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import fad.numpy as fnp
from fad._tracer import Array, ArrayLike, concrete
from fad.scipy.stats._util import finish, locscale, minus_log_scale

__all__ = ["logpdf", "pdf", "logcdf", "cdf", "logsf", "sf"]

_LOG2 = math.log(2.0)


def logpdf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the Laplace density, ``-|z| - log(2 scale)``.

    Args:
        x: points.
        loc: locations (the medians).
        scale: scales (nan where not positive).

    Returns:
        The log-density.

    Example:
        >>> from fad.scipy.stats import laplace
        >>> round(float(laplace.logpdf(0.0)), 6)
        -0.693147
    """
    z, scale, valid = locscale(x, loc, scale)
    return finish(minus_log_scale(-fnp.abs(z) - _LOG2, scale), None, 0.0, valid)


def pdf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The Laplace density.

    Args:
        x: points.
        loc: locations.
        scale: scales.

    Returns:
        The density.

    Example:
        >>> from fad.scipy.stats import laplace
        >>> float(laplace.pdf(0.0))
        0.5
    """
    return fnp.exp(logpdf(x, loc, scale))


def _halves(z: Any) -> tuple[Any, Any, Any]:
    """The lower mask (z < 0), and z made safe on each side: ``(lower, z_lower, z_upper)``
    with ``z_lower <= 0`` and ``z_upper >= 0``, so neither exponential below overflows."""
    lower = np.asarray(concrete(z)) < 0
    return lower, fnp.where(lower, z, 0.0), fnp.where(lower, 0.0, z)


def _cdf(z: Any) -> Any:
    lower, zl, zu = _halves(z)
    return fnp.where(lower, 0.5 * fnp.exp(zl), 1.0 - 0.5 * fnp.exp(-zu))


def _logcdf(z: Any) -> Any:
    lower, zl, zu = _halves(z)
    return fnp.where(lower, zl - _LOG2, fnp.log1p(-0.5 * fnp.exp(-zu)))


def cdf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The Laplace cdf: ``exp(z) / 2`` below ``loc``, ``1 - exp(-z) / 2`` above.

    Args:
        x: points.
        loc: locations.
        scale: scales.

    Returns:
        ``P(X <= x)``.

    Example:
        >>> from fad.scipy.stats import laplace
        >>> float(laplace.cdf(0.0))
        0.5
    """
    z, _, valid = locscale(x, loc, scale)
    return finish(_cdf(z), None, 0.0, valid)


def logcdf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the Laplace cdf (exact in the lower tail: ``z - log 2``).

    Args:
        x: points.
        loc: locations.
        scale: scales.

    Returns:
        ``log P(X <= x)``.

    Example:
        >>> from fad.scipy.stats import laplace
        >>> round(float(laplace.logcdf(-100.0)), 6)
        -100.693147
    """
    z, _, valid = locscale(x, loc, scale)
    return finish(_logcdf(z), None, 0.0, valid)


def sf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The Laplace survival function ``P(X > x)`` (the cdf at ``-z``, by symmetry).

    Args:
        x: points.
        loc: locations.
        scale: scales.

    Returns:
        ``P(X > x)``.

    Example:
        >>> from fad.scipy.stats import laplace
        >>> float(laplace.sf(0.0))
        0.5
    """
    z, _, valid = locscale(x, loc, scale)
    return finish(_cdf(-z), None, 0.0, valid)


def logsf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the Laplace survival function.

    Args:
        x: points.
        loc: locations.
        scale: scales.

    Returns:
        ``log P(X > x)``.

    Example:
        >>> from fad.scipy.stats import laplace
        >>> round(float(laplace.logsf(100.0)), 6)
        -100.693147
    """
    z, _, valid = locscale(x, loc, scale)
    return finish(_logcdf(-z), None, 0.0, valid)
