"""The logistic distribution, as ``scipy.stats.logistic``: cdf ``1 / (1 +
exp(-z))``, ``z = (x - loc) / scale``. Differentiable in ``x``, ``loc`` and
``scale``; written with ``logaddexp``, so it neither overflows nor loses
precision in the tails.

Example:
    >>> import fad
    >>> from fad.scipy.stats import logistic
    >>> float(fad.grad(logistic.logcdf)(0.0))  # 1 - cdf(0)
    0.5
"""

from __future__ import annotations

from typing import Any

import fad.numpy as fnp
from fad._tracer import Array, ArrayLike
from fad.scipy.stats._util import finish, locscale, minus_log_scale

__all__ = ["logpdf", "pdf", "logcdf", "cdf", "logsf", "sf"]


def _log_expit(z: Any) -> Any:
    """``log(1 / (1 + exp(-z))) = -log(1 + exp(-z))``, stable everywhere."""
    return -fnp.logaddexp(0.0, -z)


def logpdf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the logistic density, ``log F(z) + log F(-z) - log scale``.

    Args:
        x: points.
        loc: locations.
        scale: scales (nan where not positive).

    Returns:
        The log-density.

    Example:
        >>> from fad.scipy.stats import logistic
        >>> round(float(logistic.logpdf(0.0)), 6)  # log(1/4)
        -1.386294
    """
    z, scale, valid = locscale(x, loc, scale)
    return finish(minus_log_scale(_log_expit(z) + _log_expit(-z), scale), None, 0.0, valid)


def pdf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The logistic density.

    Args:
        x: points.
        loc: locations.
        scale: scales.

    Returns:
        The density.

    Example:
        >>> from fad.scipy.stats import logistic
        >>> float(logistic.pdf(0.0))
        0.25
    """
    return fnp.exp(logpdf(x, loc, scale))


def logcdf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the logistic cdf, ``-log(1 + exp(-z))``.

    Args:
        x: points.
        loc: locations.
        scale: scales.

    Returns:
        ``log P(X <= x)``.

    Example:
        >>> from fad.scipy.stats import logistic
        >>> float(logistic.logcdf(-800.0))
        -800.0
    """
    z, _, valid = locscale(x, loc, scale)
    return finish(_log_expit(z), None, 0.0, valid)


def cdf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The logistic cdf ``1 / (1 + exp(-z))`` (the expit of ``z``).

    Args:
        x: points.
        loc: locations.
        scale: scales.

    Returns:
        ``P(X <= x)``.

    Example:
        >>> from fad.scipy.stats import logistic
        >>> float(logistic.cdf(0.0))
        0.5
    """
    return fnp.exp(logcdf(x, loc, scale))


def logsf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the logistic survival function, ``-log(1 + exp(z))``.

    Args:
        x: points.
        loc: locations.
        scale: scales.

    Returns:
        ``log P(X > x)``.

    Example:
        >>> from fad.scipy.stats import logistic
        >>> float(logistic.logsf(800.0))
        -800.0
    """
    z, _, valid = locscale(x, loc, scale)
    return finish(_log_expit(-z), None, 0.0, valid)


def sf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The logistic survival function ``P(X > x)``.

    Args:
        x: points.
        loc: locations.
        scale: scales.

    Returns:
        ``P(X > x)``.

    Example:
        >>> from fad.scipy.stats import logistic
        >>> float(logistic.sf(0.0))
        0.5
    """
    return fnp.exp(logsf(x, loc, scale))
