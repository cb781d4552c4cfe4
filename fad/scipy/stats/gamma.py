"""The gamma distribution, as ``scipy.stats.gamma``: shape ``a``, density
``z^(a-1) exp(-z) / (Gamma(a) scale)`` for ``z = (x - loc) / scale >= 0``.
``logpdf`` and ``pdf`` and the cdfs are differentiable in ``x``, ``a``, ``loc`` and
``scale`` (the cdfs' derivative in ``a`` by a series, or far in the upper tail
by quadrature: see ``cdf``). For a rate ``b``, pass
``scale=1/b``.

Example:
    >>> import fad
    >>> from fad.scipy.stats import gamma
    >>> float(fad.grad(gamma.logpdf)(1.0, 3.0))  # (a - 1) / x - 1
    1.0
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

import fad.numpy as fnp
from fad._tracer import Array, ArrayLike, Tracer, concrete
from fad.scipy.stats._util import (
    arg, both, combine, finish, gammainc, gammaln, is_constant, locscale, log, log_probability, mask, minus_log_scale, positive, safe, xlogy,
)

__all__ = ["logpdf", "pdf", "logcdf", "cdf", "logsf", "sf"]


def _standard(x: Any, a: Any, loc: Any, scale: Any, closed: bool = True) -> tuple[Any, Any, Any, Any, Any]:
    """``(z made safe, a made safe, scale, inside, valid)``; ``closed``: 0 is in the support."""
    z, scale, valid = locscale(x, loc, scale)
    a = arg(a)
    ok = positive(a)
    zc = np.asarray(concrete(z))
    inside = mask(zc >= 0 if closed else zc > 0)
    return safe(z, inside, 1.0), safe(a, ok, 1.0), scale, inside, both(valid, ok)


def _constant_data(x: Any, a: Any, loc: Any, scale: Any) -> Optional[Any]:
    """The log-density of data at traced scalar parameters, fast; None where
    this does not apply (the general path then serves).

    When ``x`` and ``loc`` are constants, every point is inside the support and
    ``a`` and ``scale`` are single valid numbers (a log-likelihood's usual
    case), the log-density is a fixed combination of two vectors of the data,
    ``(a - 1) log(x - loc) - (x - loc) / scale - (a log scale + log Gamma(a))``:
    ``c0 + c1 log(x - loc) + c2 (x - loc)``, constant rows of data with three
    traced coefficients (:func:`~fad.scipy.stats._util.combine`). Its
    derivative in the coefficients is a dot product per row, where the general
    path makes a dozen temporaries of the data's size.
    """
    if type(x) is Tracer or type(loc) is Tracer or (type(a) is not Tracer and type(scale) is not Tracer):
        return None
    a, s = arg(a), arg(scale)
    ac, sc = np.asarray(concrete(a)), np.asarray(concrete(s))
    if ac.ndim or sc.ndim or not (ac > 0 and sc > 0):
        return None
    d = np.asarray(arg(x) if is_constant(arg(loc), 0.0) else arg(x) - arg(loc))
    if not (d > 0).all():
        return None
    dt = np.result_type(d.dtype, ac.dtype if type(a) is not float else d.dtype,
                        sc.dtype if type(s) is not float else d.dtype)
    coefficients = (-(a * log(s) + gammaln(a)), a - 1.0, -1.0 / s)
    c = fnp.stack([v if fnp.result_type(v) == dt else fnp.astype(fnp.asarray(v), dt) for v in coefficients])
    return combine(c, (np.log(d), d), True)


def log_density(x: Any, a: Any, loc: Any, scale: Any) -> Any:
    """The gamma log-density (shared with ``chi2``)."""
    fast = _constant_data(x, a, loc, scale)
    if fast is not None:
        return fast
    z, a, scale, inside, valid = _standard(x, a, loc, scale)
    if (np.asarray(concrete(z)) > 0).all():  # no point on the edge: x log y as it reads
        power = (a - 1.0) * fnp.log(z)
    else:
        power = xlogy(a - 1.0, z)
    return finish(minus_log_scale(power - z - gammaln(a), scale), inside, -np.inf, valid)


def probability(x: Any, a: Any, loc: Any, scale: Any, upper: bool, take_log: bool, caller: str) -> Any:
    """The gamma cdf (``upper``: the sf), or its log (shared with ``chi2``)."""
    z, a, _, inside, valid = _standard(x, a, loc, scale)
    p = gammainc(a, z, upper, caller)
    if take_log:
        logp = log_probability(p, gammainc(a, z, not upper, caller))
        return finish(logp, inside, 0.0 if upper else -np.inf, valid)
    return finish(p, inside, 1.0 if upper else 0.0, valid)


def logpdf(x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the gamma density, ``(a-1) log z - z - log Gamma(a) - log scale``.

    Args:
        x: points (-inf below ``loc``).
        a: shapes (nan where not positive).
        loc: the left end of the support.
        scale: scales (nan where not positive).

    Returns:
        The log-density.

    Example:
        >>> from fad.scipy.stats import gamma
        >>> float(gamma.logpdf(2.0, 1.0))  # the exponential: -x
        -2.0
    """
    return log_density(x, a, loc, scale)  # type: ignore[no-any-return]


def pdf(x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The gamma density.

    Args:
        x: points.
        a: shapes.
        loc: the left end of the support.
        scale: scales.

    Returns:
        The density.

    Example:
        >>> from fad.scipy.stats import gamma
        >>> float(gamma.pdf(0.0, 1.0))
        1.0
    """
    return fnp.exp(logpdf(x, a, loc, scale))


def cdf(x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The gamma cdf, the regularized lower incomplete gamma function ``P(a, z)``.

    Differentiable in ``x``, ``loc``, ``scale`` and ``a``: ``dP/da`` is the series
    of ``P`` (DLMF 8.7.1) differentiated term by term, and far in the upper tail
    (``z > a + 3 sqrt(a) + 10``) a Gauss-Laguerre quadrature of ``d Gamma(a, z) / da``, which
    keeps the relative precision of ``logsf``'s derivative there.

    Args:
        x: points.
        a: shapes.
        loc: the left end of the support.
        scale: scales.

    Returns:
        ``P(X <= x)``.

    Example:
        >>> from fad.scipy.stats import gamma
        >>> round(float(gamma.cdf(1.0, 1.0)), 6)  # 1 - exp(-1)
        0.632121
    """
    return probability(x, a, loc, scale, False, False, "gamma.cdf:a")  # type: ignore[no-any-return]


def logcdf(x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the gamma cdf.

    Args:
        x: points.
        a: shapes.
        loc: the left end of the support.
        scale: scales.

    Returns:
        ``log P(X <= x)``.

    Example:
        >>> from fad.scipy.stats import gamma
        >>> float(gamma.logcdf(-1.0, 2.0))
        -inf
    """
    return probability(x, a, loc, scale, False, True, "gamma.logcdf:a")  # type: ignore[no-any-return]


def sf(x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The gamma survival function, the regularized upper incomplete gamma ``Q(a, z)``.

    Args:
        x: points.
        a: shapes.
        loc: the left end of the support.
        scale: scales.

    Returns:
        ``P(X > x)``.

    Example:
        >>> from fad.scipy.stats import gamma
        >>> round(float(gamma.sf(1.0, 1.0)), 6)  # exp(-1)
        0.367879
    """
    return probability(x, a, loc, scale, True, False, "gamma.sf:a")  # type: ignore[no-any-return]


def logsf(x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Array:
    """The log of the gamma survival function.

    Args:
        x: points.
        a: shapes.
        loc: the left end of the support.
        scale: scales.

    Returns:
        ``log P(X > x)``.

    Example:
        >>> from fad.scipy.stats import gamma
        >>> round(float(gamma.logsf(3.0, 1.0)), 6)  # -x
        -3.0
    """
    return probability(x, a, loc, scale, True, True, "gamma.logsf:a")  # type: ignore[no-any-return]
