"""Student's t distribution, as ``scipy.stats.t``: ``(x - loc) / scale`` has
``df`` degrees of freedom. Every function is differentiable in ``x``, ``df``,
``loc`` and ``scale`` (the cdfs in ``df`` through the incomplete beta function's
series; see ``cdf``).

Example:
    >>> import fad
    >>> from fad.scipy.stats import t
    >>> float(fad.grad(t.logpdf)(0.0, 3.0))  # the density peaks at loc
    0.0
"""

from __future__ import annotations

from typing import Any

import fad.numpy as fnp
from fad._tracer import Array, ArrayLike
from fad.scipy.stats._util import (
    arg, both, finish, locscale, log_probability, minus_log_scale, positive, safe, stdtr, t_logpdf_standard,
)

__all__ = ["logpdf", "pdf", "logcdf", "cdf", "logsf", "sf"]


def _standard(x: Any, df: Any, loc: Any, scale: Any) -> tuple[Any, Any, Any, Any]:
    z, scale, valid = locscale(x, loc, scale)
    df = arg(df)
    ok = positive(df)
    return z, safe(df, ok, 1.0), scale, both(valid, ok)


def logpdf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of Student's t density.

    ``log Gamma((df+1)/2) - log Gamma(df/2) - log(pi df)/2 - (df+1)/2 log(1 + z^2/df) - log scale``.

    Args:
        x: points.
        df: degrees of freedom (nan where not positive).
        loc: locations.
        scale: scales (nan where not positive).

    Returns:
        The log-density.

    Example:
        >>> from fad.scipy.stats import t
        >>> round(float(t.logpdf(0.0, 1.0)), 6)  # the Cauchy density: log(1 / pi)
        -1.14473
    """
    z, df, scale, valid = _standard(x, df, loc, scale)
    return finish(minus_log_scale(t_logpdf_standard(z, df), scale), None, 0.0, valid)


def pdf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """Student's t density.

    Args:
        x: points.
        df: degrees of freedom.
        loc: locations.
        scale: scales.

    Returns:
        The density.

    Example:
        >>> from fad.scipy.stats import t
        >>> round(float(t.pdf(0.0, 1.0)), 6)  # 1 / pi
        0.31831
    """
    return fnp.exp(logpdf(x, df, loc, scale))


def cdf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """Student's t cdf (SciPy's ``stdtr``), differentiable in every argument.

    Its derivative in ``df`` comes from ``cdf = 1 - I_x(df/2, 1/2) / 2`` (for
    ``x > loc``; ``I_x(df/2, 1/2) / 2`` below), ``x = df / (df + z^2)``, and the
    incomplete beta function's series differentiated term by term.

    Args:
        x: points.
        df: degrees of freedom.
        loc: locations.
        scale: scales.

    Returns:
        ``P(X <= x)``.

    Example:
        >>> from fad.scipy.stats import t
        >>> float(t.cdf(1.0, 1.0))  # the Cauchy cdf
        0.75
    """
    z, df, _, valid = _standard(x, df, loc, scale)
    return finish(stdtr(df, z, "t.cdf:df"), None, 0.0, valid)


def logcdf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of Student's t cdf.

    Args:
        x: points.
        df: degrees of freedom.
        loc: locations.
        scale: scales.

    Returns:
        ``log P(X <= x)``.

    Example:
        >>> from fad.scipy.stats import t
        >>> round(float(t.logcdf(0.0, 4.0)), 6)
        -0.693147
    """
    z, df, _, valid = _standard(x, df, loc, scale)
    return finish(log_probability(stdtr(df, z, "t.logcdf:df"), stdtr(df, -z, "t.logcdf:df")), None, 0.0, valid)


def sf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """Student's t survival function ``P(X > x)``.

    Args:
        x: points.
        df: degrees of freedom.
        loc: locations.
        scale: scales.

    Returns:
        ``P(X > x)``.

    Example:
        >>> from fad.scipy.stats import t
        >>> float(t.sf(1.0, 1.0))
        0.25
    """
    z, df, _, valid = _standard(x, df, loc, scale)
    return finish(stdtr(df, -z, "t.sf:df"), None, 0.0, valid)


def logsf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of Student's t survival function.

    Args:
        x: points.
        df: degrees of freedom.
        loc: locations.
        scale: scales.

    Returns:
        ``log P(X > x)``.

    Example:
        >>> from fad.scipy.stats import t
        >>> round(float(t.logsf(0.0, 4.0)), 6)
        -0.693147
    """
    z, df, _, valid = _standard(x, df, loc, scale)
    return finish(log_probability(stdtr(df, -z, "t.logsf:df"), stdtr(df, z, "t.logsf:df")), None, 0.0, valid)
