"""The normal distribution, as ``scipy.stats.norm``: ``(x - loc) / scale`` is
standard normal. Differentiable in ``x``, ``loc`` and ``scale``.

Example:
    >>> import fad
    >>> from fad.scipy.stats import norm
    >>> float(fad.grad(norm.logpdf)(1.0))  # d/dx (-x^2 / 2)
    -1.0
"""

from __future__ import annotations

import math

import fad.numpy as fnp
from fad._tracer import Array, ArrayLike
from fad.scipy.special import log_ndtr, ndtr
from fad.scipy.stats._util import finish, locscale, minus_log_scale

__all__ = ["logpdf", "pdf", "logcdf", "cdf", "logsf", "sf"]

_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


def logpdf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the normal density at ``x``, ``-z^2/2 - log(sqrt(2 pi) scale)``.

    Args:
        x: points.
        loc: means.
        scale: standard deviations (nan where not positive, as SciPy).

    Returns:
        The log-density, of the broadcast shape of the arguments.

    Example:
        >>> from fad.scipy.stats import norm
        >>> round(float(norm.logpdf(0.0)), 6)
        -0.918939
    """
    z, scale, valid = locscale(x, loc, scale)
    return finish(minus_log_scale(-0.5 * (z * z) - _HALF_LOG_2PI, scale), None, 0.0, valid)


def pdf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The normal density at ``x`` (``exp(logpdf)``).

    Args:
        x: points.
        loc: means.
        scale: standard deviations.

    Returns:
        The density.

    Example:
        >>> from fad.scipy.stats import norm
        >>> round(float(norm.pdf(0.0)), 6)
        0.398942
    """
    return fnp.exp(logpdf(x, loc, scale))


def cdf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The normal cumulative distribution function ``P(X <= x)``.

    Args:
        x: points.
        loc: means.
        scale: standard deviations.

    Returns:
        The probabilities.

    Example:
        >>> from fad.scipy.stats import norm
        >>> float(norm.cdf(1.0, loc=1.0))
        0.5
    """
    z, _, valid = locscale(x, loc, scale)
    return finish(ndtr(z), None, 0.0, valid)


def logcdf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the normal cdf, accurate far into the lower tail (``log_ndtr``).

    Args:
        x: points.
        loc: means.
        scale: standard deviations.

    Returns:
        ``log P(X <= x)``.

    Example:
        >>> from fad.scipy.stats import norm
        >>> round(float(norm.logcdf(-40.0)), 3)
        -804.608
    """
    z, _, valid = locscale(x, loc, scale)
    return finish(log_ndtr(z), None, 0.0, valid)


def sf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The normal survival function ``P(X > x) = 1 - cdf``, accurate in the upper tail.

    Args:
        x: points.
        loc: means.
        scale: standard deviations.

    Returns:
        The probabilities.

    Example:
        >>> from fad.scipy.stats import norm
        >>> float(norm.sf(0.0))
        0.5
    """
    z, _, valid = locscale(x, loc, scale)
    return finish(ndtr(-z), None, 0.0, valid)


def logsf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the normal survival function, accurate far into the upper tail.

    Args:
        x: points.
        loc: means.
        scale: standard deviations.

    Returns:
        ``log P(X > x)``.

    Example:
        >>> from fad.scipy.stats import norm
        >>> round(float(norm.logsf(40.0)), 3)
        -804.608
    """
    z, _, valid = locscale(x, loc, scale)
    return finish(log_ndtr(-z), None, 0.0, valid)
