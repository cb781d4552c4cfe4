"""The Cauchy distribution, as ``scipy.stats.cauchy``: density ``1 / (pi
scale (1 + z^2))``, ``z = (x - loc) / scale``. Differentiable in ``x``, ``loc``
and ``scale``.

Example:
    >>> import fad
    >>> from fad.scipy.stats import cauchy
    >>> float(fad.grad(cauchy.logpdf)(1.0))  # -2x / (1 + x^2)
    -1.0
"""

from __future__ import annotations

import math

import fad.numpy as fnp
from fad._tracer import Array, ArrayLike
from fad.scipy.stats._util import finish, locscale, minus_log_scale

__all__ = ["logpdf", "pdf", "logcdf", "cdf", "logsf", "sf"]

_LOG_PI = math.log(math.pi)


def logpdf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the Cauchy density, ``-log(pi scale) - log1p(z^2)``.

    Args:
        x: points.
        loc: locations (the medians).
        scale: scales (nan where not positive).

    Returns:
        The log-density.

    Example:
        >>> from fad.scipy.stats import cauchy
        >>> round(float(cauchy.logpdf(0.0)), 6)  # log(1 / pi)
        -1.14473
    """
    z, scale, valid = locscale(x, loc, scale)
    return finish(minus_log_scale(-fnp.log1p(z * z) - _LOG_PI, scale), None, 0.0, valid)


def pdf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The Cauchy density.

    Args:
        x: points.
        loc: locations.
        scale: scales.

    Returns:
        The density.

    Example:
        >>> from fad.scipy.stats import cauchy
        >>> round(float(cauchy.pdf(1.0)), 6)  # 1 / (2 pi)
        0.159155
    """
    return fnp.exp(logpdf(x, loc, scale))


def cdf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The Cauchy cdf ``1/2 + arctan(z) / pi``, computed as ``arctan2(1, -z) / pi``
    (the same number, without the cancellation in the lower tail).

    Args:
        x: points.
        loc: locations.
        scale: scales.

    Returns:
        ``P(X <= x)``.

    Example:
        >>> from fad.scipy.stats import cauchy
        >>> float(cauchy.cdf(1.0))
        0.75
    """
    z, _, valid = locscale(x, loc, scale)
    return finish(fnp.arctan2(1.0, -z) / math.pi, None, 0.0, valid)


def logcdf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the Cauchy cdf.

    Args:
        x: points.
        loc: locations.
        scale: scales.

    Returns:
        ``log P(X <= x)``.

    Example:
        >>> from fad.scipy.stats import cauchy
        >>> round(float(cauchy.logcdf(1.0)), 6)  # log(3/4)
        -0.287682
    """
    return fnp.log(cdf(x, loc, scale))


def sf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The Cauchy survival function ``P(X > x)``, ``arctan2(1, z) / pi``.

    Args:
        x: points.
        loc: locations.
        scale: scales.

    Returns:
        ``P(X > x)``.

    Example:
        >>> from fad.scipy.stats import cauchy
        >>> float(cauchy.sf(1.0))
        0.25
    """
    z, _, valid = locscale(x, loc, scale)
    return finish(fnp.arctan2(1.0, z) / math.pi, None, 0.0, valid)


def logsf(x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the Cauchy survival function.

    Args:
        x: points.
        loc: locations.
        scale: scales.

    Returns:
        ``log P(X > x)``.

    Example:
        >>> from fad.scipy.stats import cauchy
        >>> round(float(cauchy.logsf(1.0)), 6)  # log(1/4)
        -1.386294
    """
    return fnp.log(sf(x, loc, scale))
