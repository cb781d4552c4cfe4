"""The binomial distribution, as ``scipy.stats.binom``: ``n`` trials of
success probability ``p``. Differentiable in ``p`` (all four functions); the
count ``k`` and the number of trials ``n`` are integers and have no derivative.

Example:
    >>> import fad
    >>> from fad.scipy.stats import binom
    >>> float(fad.grad(binom.logpmf, argnums=2)(3, 10, 0.3))  # k/p - (n-k)/(1-p): the MLE
    0.0
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.special as _sc

import fad.numpy as fnp
from fad._tracer import Array, ArrayLike, concrete
from fad.scipy.stats._discrete import counts
from fad.scipy.stats._util import arg, betainc, both, finish, like, log_probability, mask, not_nan, safe, xlog1py, xlogy

__all__ = ["logpmf", "pmf", "logcdf", "cdf", "logsf", "sf"]


def _parameters(n: Any, p: Any, caller: str) -> tuple[np.ndarray[Any, Any], Any, Any]:
    """``(n, p made safe, valid)``: n a nonnegative integer, p in [0, 1]."""
    nn = counts(n, 0.0, caller, "n")
    p = arg(p)
    pc = np.asarray(concrete(p))
    ok = both(mask((nn >= 0) & (nn == np.floor(nn))), mask((pc >= 0) & (pc <= 1)))
    return nn, safe(p, mask((pc >= 0) & (pc <= 1)), 0.5), ok


def logpmf(k: ArrayLike, n: ArrayLike, p: ArrayLike, loc: ArrayLike = 0) -> Array:
    """The log of the binomial probability mass,
    ``log C(n, k) + k log p + (n - k) log(1 - p)``.

    Args:
        k: counts of successes (constants; -inf where not an integer in [0, n]).
        n: numbers of trials (constants; nan where not a nonnegative integer).
        p: success probabilities (nan outside [0, 1]).
        loc: a shift of the counts.

    Returns:
        The log-probabilities.

    Example:
        >>> from fad.scipy.stats import binom
        >>> round(float(binom.logpmf(1, 2, 0.5)), 6)  # log(1/2)
        -0.693147
    """
    kk = counts(k, loc, "binom.logpmf")
    nn, q, ok = _parameters(n, p, "binom.logpmf")
    inside, ok = mask((kk >= 0) & (kk <= nn) & (kk == np.floor(kk))), both(ok, not_nan(kk))
    if inside is not None:
        kk = np.where(inside, kk, 0.0)
    with np.errstate(invalid="ignore"):  # nan for an invalid n, as SciPy
        log_choose = like(_sc.gammaln(nn + 1) - _sc.gammaln(kk + 1) - _sc.gammaln(nn - kk + 1), q)
    kk, nn = like(kk, q), like(nn, q)
    value = log_choose + xlogy(kk, q) + xlog1py(nn - kk, -q)
    return finish(value, inside, -np.inf, ok)


def pmf(k: ArrayLike, n: ArrayLike, p: ArrayLike, loc: ArrayLike = 0) -> Array:
    """The binomial probability mass.

    Args:
        k: counts of successes.
        n: numbers of trials.
        p: success probabilities.
        loc: a shift of the counts.

    Returns:
        The probabilities.

    Example:
        >>> from fad.scipy.stats import binom
        >>> float(binom.pmf(1, 2, 0.5))
        0.5
    """
    return fnp.exp(logpmf(k, n, p, loc))


def _probability(k: Any, n: Any, p: Any, loc: Any, upper: bool, take_log: bool, caller: str) -> Any:
    kk = np.floor(counts(k, loc, caller))
    nn, p, ok = _parameters(n, p, caller)
    low, high = kk < 0, kk >= nn
    inside = mask(~(low | high))
    kk = np.where(inside if inside is not None else True, kk, 0.0)
    m = np.where(inside if inside is not None else True, nn, 1.0)
    # P(K <= k) = I_(1-p)(n - k, k + 1); P(K > k) = I_p(k + 1, n - k)  (DLMF 8.17.5)
    kk, m = like(kk, p), like(m, p)
    above = betainc(kk + 1.0, m - kk, p, caller + ":k")
    below = betainc(m - kk, kk + 1.0, 1.0 - p, caller + ":k")
    value, other = (above, below) if upper else (below, above)
    lo, hi = (1.0, 0.0) if upper else (0.0, 1.0)
    if take_log:
        value = log_probability(value, other)
        lo, hi = (0.0 if lo == 1.0 else -np.inf), (0.0 if hi == 1.0 else -np.inf)
    if low.any():
        value = fnp.where(low, lo, value)
    if high.any():
        value = fnp.where(high, hi, value)
    return finish(value, None, 0.0, ok)


def cdf(k: ArrayLike, n: ArrayLike, p: ArrayLike, loc: ArrayLike = 0) -> Array:
    """The binomial cdf ``P(K <= k)``, differentiable in ``p``.

    Args:
        k: counts (non-integers round down).
        n: numbers of trials.
        p: success probabilities.
        loc: a shift of the counts.

    Returns:
        The probabilities.

    Example:
        >>> from fad.scipy.stats import binom
        >>> float(binom.cdf(1, 2, 0.5))
        0.75
    """
    return _probability(k, n, p, loc, False, False, "binom.cdf")  # type: ignore[no-any-return]


def logcdf(k: ArrayLike, n: ArrayLike, p: ArrayLike, loc: ArrayLike = 0) -> Array:
    """The log of the binomial cdf.

    Args:
        k: counts.
        n: numbers of trials.
        p: success probabilities.
        loc: a shift of the counts.

    Returns:
        ``log P(K <= k)``.

    Example:
        >>> from fad.scipy.stats import binom
        >>> float(binom.logcdf(2, 2, 0.5))
        0.0
    """
    return _probability(k, n, p, loc, False, True, "binom.logcdf")  # type: ignore[no-any-return]


def sf(k: ArrayLike, n: ArrayLike, p: ArrayLike, loc: ArrayLike = 0) -> Array:
    """The binomial survival function ``P(K > k)``.

    Args:
        k: counts.
        n: numbers of trials.
        p: success probabilities.
        loc: a shift of the counts.

    Returns:
        The probabilities.

    Example:
        >>> from fad.scipy.stats import binom
        >>> float(binom.sf(1, 2, 0.5))
        0.25
    """
    return _probability(k, n, p, loc, True, False, "binom.sf")  # type: ignore[no-any-return]


def logsf(k: ArrayLike, n: ArrayLike, p: ArrayLike, loc: ArrayLike = 0) -> Array:
    """The log of the binomial survival function.

    Args:
        k: counts.
        n: numbers of trials.
        p: success probabilities.
        loc: a shift of the counts.

    Returns:
        ``log P(K > k)``.

    Example:
        >>> from fad.scipy.stats import binom
        >>> float(binom.logsf(-1, 2, 0.5))
        0.0
    """
    return _probability(k, n, p, loc, True, True, "binom.logsf")  # type: ignore[no-any-return]
