"""The Poisson distribution, as ``scipy.stats.poisson``: mean ``mu``,
``P(k) = mu^k exp(-mu) / k!``. Differentiable in ``mu`` (all four functions);
the count ``k`` has no derivative.

Example:
    >>> import fad
    >>> from fad.scipy.stats import poisson
    >>> float(fad.grad(poisson.logpmf, argnums=1)(3, 2.0))  # k / mu - 1
    0.5
"""

from __future__ import annotations

from typing import Any

import numpy as np

import fad.numpy as fnp
from fad._tracer import Array, ArrayLike, concrete
from fad.scipy.stats._discrete import counts
from fad.scipy.stats._util import arg, both, finish, gammainc, gammaln, like, log_probability, mask, not_nan, safe, xlogy

__all__ = ["logpmf", "pmf", "logcdf", "cdf", "logsf", "sf"]


def _mu(mu: Any) -> tuple[Any, Any]:
    mu = arg(mu)
    ok = mask(np.asarray(concrete(mu)) >= 0)
    return safe(mu, ok, 1.0), ok


def logpmf(k: ArrayLike, mu: ArrayLike, loc: ArrayLike = 0) -> Array:
    """The log of the Poisson probability mass, ``k log mu - mu - log k!``.

    Args:
        k: counts (constants; -inf where not a nonnegative integer).
        mu: means (nan where negative).
        loc: a shift of the counts.

    Returns:
        The log-probabilities.

    Example:
        >>> from fad.scipy.stats import poisson
        >>> float(poisson.logpmf(0, 2.0))  # -mu
        -2.0
    """
    kk = counts(k, loc, "poisson.logpmf")
    mu, ok = _mu(mu)
    inside, ok = mask((kk >= 0) & (kk == np.floor(kk))), both(ok, not_nan(kk))
    kk = like(np.where(kk >= 0, kk, 0.0) if inside is not None else kk, mu)
    return finish(xlogy(kk, mu) - mu - gammaln(kk + 1.0), inside, -np.inf, ok)


def pmf(k: ArrayLike, mu: ArrayLike, loc: ArrayLike = 0) -> Array:
    """The Poisson probability mass.

    Args:
        k: counts.
        mu: means.
        loc: a shift of the counts.

    Returns:
        The probabilities.

    Example:
        >>> from fad.scipy.stats import poisson
        >>> round(float(poisson.pmf(1, 1.0)), 6)  # exp(-1)
        0.367879
    """
    return fnp.exp(logpmf(k, mu, loc))


def _probability(k: Any, mu: Any, loc: Any, upper: bool, take_log: bool, caller: str) -> Any:
    kk = np.floor(counts(k, loc, caller))
    mu, ok = _mu(mu)
    inside, ok = mask(kk >= 0), both(ok, not_nan(kk))
    # P(K <= k) = Q(k + 1, mu), the regularized upper incomplete gamma (DLMF 8.4.10)
    a = like(np.where(kk >= 0, kk, 0.0) + 1.0, mu)
    p = gammainc(a, mu, not upper, caller + ":k")
    outside = 1.0 if upper else 0.0
    if take_log:
        logp = log_probability(p, gammainc(a, mu, upper, caller + ":k"))
        return finish(logp, inside, 0.0 if upper else -np.inf, ok)
    return finish(p, inside, outside, ok)


def cdf(k: ArrayLike, mu: ArrayLike, loc: ArrayLike = 0) -> Array:
    """The Poisson cdf ``P(K <= k)``, differentiable in ``mu`` (its derivative is ``-pmf(floor(k), mu)``).

    Args:
        k: counts (non-integers round down).
        mu: means.
        loc: a shift of the counts.

    Returns:
        The probabilities.

    Example:
        >>> from fad.scipy.stats import poisson
        >>> round(float(poisson.cdf(0, 1.0)), 6)
        0.367879
    """
    return _probability(k, mu, loc, False, False, "poisson.cdf")  # type: ignore[no-any-return]


def logcdf(k: ArrayLike, mu: ArrayLike, loc: ArrayLike = 0) -> Array:
    """The log of the Poisson cdf.

    Args:
        k: counts.
        mu: means.
        loc: a shift of the counts.

    Returns:
        ``log P(K <= k)``.

    Example:
        >>> from fad.scipy.stats import poisson
        >>> float(poisson.logcdf(0, 1.0))
        -1.0
    """
    return _probability(k, mu, loc, False, True, "poisson.logcdf")  # type: ignore[no-any-return]


def sf(k: ArrayLike, mu: ArrayLike, loc: ArrayLike = 0) -> Array:
    """The Poisson survival function ``P(K > k)``.

    Args:
        k: counts.
        mu: means.
        loc: a shift of the counts.

    Returns:
        The probabilities.

    Example:
        >>> from fad.scipy.stats import poisson
        >>> round(float(poisson.sf(0, 1.0)), 6)  # 1 - exp(-1)
        0.632121
    """
    return _probability(k, mu, loc, True, False, "poisson.sf")  # type: ignore[no-any-return]


def logsf(k: ArrayLike, mu: ArrayLike, loc: ArrayLike = 0) -> Array:
    """The log of the Poisson survival function.

    Args:
        k: counts.
        mu: means.
        loc: a shift of the counts.

    Returns:
        ``log P(K > k)``.

    Example:
        >>> from fad.scipy.stats import poisson
        >>> float(poisson.logsf(-1, 1.0))
        0.0
    """
    return _probability(k, mu, loc, True, True, "poisson.logsf")  # type: ignore[no-any-return]
