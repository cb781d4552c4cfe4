"""The chi-squared distribution, as ``scipy.stats.chi2``: the gamma
distribution with shape ``df / 2`` and scale ``2 scale``. ``logpdf`` and
``pdf`` and the cdfs are differentiable in ``x``, ``df``, ``loc`` and ``scale``.

Example:
    >>> import fad
    >>> from fad.scipy.stats import chi2
    >>> float(fad.grad(chi2.logpdf)(2.0, 2.0))  # -1/2: the exponential of mean 2
    -0.5
"""

from __future__ import annotations

from typing import Any

import fad.numpy as fnp
from fad._tracer import Array, ArrayLike
from fad.scipy.stats import gamma as _gamma
from fad.scipy.stats._util import arg

__all__ = ["logpdf", "pdf", "logcdf", "cdf", "logsf", "sf"]


def _shape(df: Any, scale: Any) -> tuple[Any, Any]:
    return 0.5 * arg(df), 2.0 * arg(scale)


def logpdf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the chi-squared density.

    Args:
        x: points (-inf below ``loc``).
        df: degrees of freedom (nan where not positive).
        loc: the left end of the support.
        scale: scales.

    Returns:
        The log-density.

    Example:
        >>> from fad.scipy.stats import chi2
        >>> round(float(chi2.logpdf(0.0, 2.0)), 6)  # log(1/2)
        -0.693147
    """
    a, s = _shape(df, scale)
    return _gamma.log_density(x, a, loc, s)  # type: ignore[no-any-return]


def pdf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The chi-squared density.

    Args:
        x: points.
        df: degrees of freedom.
        loc: the left end of the support.
        scale: scales.

    Returns:
        The density.

    Example:
        >>> from fad.scipy.stats import chi2
        >>> float(chi2.pdf(0.0, 2.0))
        0.5
    """
    return fnp.exp(logpdf(x, df, loc, scale))


def cdf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The chi-squared cdf (the gamma's, with ``a = df / 2``): differentiable in every argument.

    Args:
        x: points.
        df: degrees of freedom.
        loc: the left end of the support.
        scale: scales.

    Returns:
        ``P(X <= x)``.

    Example:
        >>> from fad.scipy.stats import chi2
        >>> round(float(chi2.cdf(2.0, 2.0)), 6)  # 1 - exp(-1)
        0.632121
    """
    a, s = _shape(df, scale)
    return _gamma.probability(x, a, loc, s, False, False, "chi2.cdf:df")  # type: ignore[no-any-return]


def logcdf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the chi-squared cdf.

    Args:
        x: points.
        df: degrees of freedom.
        loc: the left end of the support.
        scale: scales.

    Returns:
        ``log P(X <= x)``.

    Example:
        >>> from fad.scipy.stats import chi2
        >>> float(chi2.logcdf(0.0, 2.0))
        -inf
    """
    a, s = _shape(df, scale)
    return _gamma.probability(x, a, loc, s, False, True, "chi2.logcdf:df")  # type: ignore[no-any-return]


def sf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The chi-squared survival function.

    Args:
        x: points.
        df: degrees of freedom.
        loc: the left end of the support.
        scale: scales.

    Returns:
        ``P(X > x)``.

    Example:
        >>> from fad.scipy.stats import chi2
        >>> round(float(chi2.sf(2.0, 2.0)), 6)  # exp(-1)
        0.367879
    """
    a, s = _shape(df, scale)
    return _gamma.probability(x, a, loc, s, True, False, "chi2.sf:df")  # type: ignore[no-any-return]


def logsf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the chi-squared survival function.

    Args:
        x: points.
        df: degrees of freedom.
        loc: the left end of the support.
        scale: scales.

    Returns:
        ``log P(X > x)``.

    Example:
        >>> from fad.scipy.stats import chi2
        >>> float(chi2.logsf(4.0, 2.0))  # -x / 2
        -2.0
    """
    a, s = _shape(df, scale)
    return _gamma.probability(x, a, loc, s, True, True, "chi2.logsf:df")  # type: ignore[no-any-return]
