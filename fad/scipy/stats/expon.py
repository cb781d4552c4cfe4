"""The exponential distribution, as ``scipy.stats.expon``: density ``exp(-z) /
scale`` for ``z = (x - loc) / scale >= 0``, 0 below. Differentiable in ``x``,
``loc`` and ``scale``; below the support the log-density is -inf with a zero
derivative.

Example:
    >>> import fad
    >>> from fad.scipy.stats import expon
    >>> float(fad.grad(expon.logpdf, argnums=2)(1.0, 0.0, 2.0))  # d/dscale (-x/scale - log scale)
    -0.25
"""

from __future__ import annotations

import numpy as np

import fad.numpy as fnp
from fad._tracer import Array, ArrayLike, concrete
from fad.scipy.stats._util import both, finish, locscale, mask, minus_log_scale, not_nan, safe

__all__ = ["logpdf", "pdf", "logcdf", "cdf", "logsf", "sf"]


def logpdf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the exponential density, ``-z - log scale`` for ``z >= 0``, -inf below.

    Args:
        x: points.
        loc: the left end of the support.
        scale: scales, ``1 / rate`` (nan where not positive).

    Returns:
        The log-density.

    Example:
        >>> from fad.scipy.stats import expon
        >>> float(expon.logpdf(-1.0))
        -inf
    """
    z, scale, valid = locscale(x, loc, scale)
    zc = np.asarray(concrete(z))
    inside, valid = mask(zc >= 0), both(valid, not_nan(zc))
    return finish(minus_log_scale(-z, scale), inside, -np.inf, valid)


def pdf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The exponential density (0 below the support).

    Args:
        x: points.
        loc: the left end of the support.
        scale: scales.

    Returns:
        The density.

    Example:
        >>> from fad.scipy.stats import expon
        >>> float(expon.pdf(0.0))
        1.0
    """
    return fnp.exp(logpdf(x, loc, scale))


def cdf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The exponential cdf ``1 - exp(-z)`` (``-expm1(-z)``), 0 below the support.

    Args:
        x: points.
        loc: the left end of the support.
        scale: scales.

    Returns:
        ``P(X <= x)``.

    Example:
        >>> from fad.scipy.stats import expon
        >>> round(float(expon.cdf(1.0)), 6)
        0.632121
    """
    z, _, valid = locscale(x, loc, scale)
    zc = np.asarray(concrete(z))
    inside, valid = mask(zc >= 0), both(valid, not_nan(zc))
    return finish(-fnp.expm1(-safe(z, inside, 0.0)), inside, 0.0, valid)


def logcdf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the exponential cdf, ``log(-expm1(-z))`` (-inf at and below ``loc``).

    Args:
        x: points.
        loc: the left end of the support.
        scale: scales.

    Returns:
        ``log P(X <= x)``.

    Example:
        >>> from fad.scipy.stats import expon
        >>> round(float(expon.logcdf(1e-10)), 6)
        -23.025851
    """
    z, _, valid = locscale(x, loc, scale)
    zc = np.asarray(concrete(z))
    inside, valid = mask(zc > 0), both(valid, not_nan(zc))
    return finish(fnp.log(-fnp.expm1(-safe(z, inside, 1.0))), inside, -np.inf, valid)


def sf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The exponential survival function ``exp(-z)``, 1 below the support.

    Args:
        x: points.
        loc: the left end of the support.
        scale: scales.

    Returns:
        ``P(X > x)``.

    Example:
        >>> from fad.scipy.stats import expon
        >>> float(expon.sf(-1.0))
        1.0
    """
    return fnp.exp(logsf(x, loc, scale))


def logsf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the exponential survival function, ``-z`` (0 below the support).

    Args:
        x: points.
        loc: the left end of the support.
        scale: scales.

    Returns:
        ``log P(X > x)``.

    Example:
        >>> from fad.scipy.stats import expon
        >>> float(expon.logsf(3.0))
        -3.0
    """
    z, _, valid = locscale(x, loc, scale)
    zc = np.asarray(concrete(z))
    inside, valid = mask(zc >= 0), both(valid, not_nan(zc))
    return finish(-z, inside, 0.0, valid)
