"""The normal distribution, as ``scipy.stats.norm``: ``(x - loc) / scale`` is
standard normal. Differentiable in ``x``, ``loc`` and ``scale`` (the
quantile functions ``ppf`` and ``isf`` in ``q``, ``loc`` and ``scale``).

Example:
    >>> import fad
    >>> from fad.scipy.stats import norm
    >>> float(fad.grad(norm.logpdf)(1.0))  # d/dx (-x^2 / 2)
    -1.0
"""

from __future__ import annotations

import math
from typing import Any

import fad.numpy as fnp
from fad._tracer import Array, ArrayLike
from fad.scipy.special import log_ndtr, ndtr, ndtri
from fad.scipy.stats._util import arg, finish, is_constant, locscale, minus_log_scale, positive, safe

__all__ = ["logpdf", "pdf", "logcdf", "cdf", "logsf", "sf", "ppf", "isf"]

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


def _quantile(z: Any, loc: ArrayLike, scale: ArrayLike) -> Array:
    """``loc + scale z`` for a standard normal quantile ``z`` (a traced
    ``ndtri``), nan where the scale is not positive, as SciPy."""
    lo: Any = arg(loc)
    sc: Any = arg(scale)
    valid = positive(sc)
    sc = safe(sc, valid, 1.0)
    x: Any = z if is_constant(sc, 1.0) else sc * z
    if not is_constant(lo, 0.0):
        x = x + lo
    return finish(x, None, 0.0, valid)


def ppf(q: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The normal quantile function (the inverse of :func:`cdf`), ``loc + scale ndtri(q)``.

    Its derivatives: ``1 / pdf(ppf(q))`` in ``q`` (the inverse function's),
    1 in ``loc`` and ``ndtri(q)`` in ``scale``. As SciPy's, it is ``-inf``
    at ``q = 0``, ``inf`` at ``q = 1`` and nan outside ``[0, 1]``.

    Args:
        q: probabilities, in ``[0, 1]``.
        loc: means.
        scale: standard deviations (nan where not positive, as SciPy).

    Returns:
        The ``x`` with ``cdf(x, loc, scale) = q``, of the broadcast shape of the arguments.

    Example:
        >>> import fad
        >>> from fad.scipy.stats import norm
        >>> round(float(norm.ppf(0.975)), 6)
        1.959964
        >>> round(float(fad.grad(norm.ppf)(0.5)), 6)  # 1 / pdf(0) = sqrt(2 pi)
        2.506628
    """
    return _quantile(ndtri(arg(q)), loc, scale)


def isf(q: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The normal inverse survival function (the inverse of :func:`sf`), ``loc - scale ndtri(q)``.

    Its derivatives: ``-1 / pdf(isf(q))`` in ``q``, 1 in ``loc`` and
    ``-ndtri(q)`` in ``scale``. As SciPy's, it is ``inf`` at ``q = 0``,
    ``-inf`` at ``q = 1`` and nan outside ``[0, 1]``.

    Args:
        q: probabilities of the upper tail, in ``[0, 1]``.
        loc: means.
        scale: standard deviations (nan where not positive, as SciPy).

    Returns:
        The ``x`` with ``sf(x, loc, scale) = q``.

    Example:
        >>> import fad
        >>> from fad.scipy.stats import norm
        >>> round(float(norm.isf(0.025, loc=1.0)), 6)
        2.959964
        >>> round(float(fad.grad(norm.isf)(0.5)), 6)  # -1 / pdf(0)
        -2.506628
    """
    return _quantile(-ndtri(arg(q)), loc, scale)
