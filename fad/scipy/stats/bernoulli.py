"""The Bernoulli distribution, as ``scipy.stats.bernoulli``: 1 with
probability ``p``, 0 otherwise (the binomial with one trial). Differentiable
in ``p``; the outcome ``k`` has no derivative.

Example:
    >>> import fad
    >>> from fad.scipy.stats import bernoulli
    >>> float(fad.grad(bernoulli.logpmf, argnums=1)(1, 0.25))  # 1 / p
    4.0
"""

from __future__ import annotations

from fad._tracer import Array, ArrayLike
from fad.scipy.stats import binom as _binom

__all__ = ["logpmf", "pmf", "logcdf", "cdf", "logsf", "sf"]


def logpmf(k: ArrayLike, p: ArrayLike, loc: ArrayLike = 0) -> Array:
    """The log of the Bernoulli probability mass: ``log p`` at 1, ``log(1 - p)`` at 0.

    Args:
        k: outcomes (constants; -inf where not 0 or 1).
        p: probabilities of 1 (nan outside [0, 1]).
        loc: a shift of the outcomes.

    Returns:
        The log-probabilities.

    Example:
        >>> from fad.scipy.stats import bernoulli
        >>> float(bernoulli.logpmf(2, 0.5))
        -inf
    """
    return _binom.logpmf(k, 1, p, loc)


def pmf(k: ArrayLike, p: ArrayLike, loc: ArrayLike = 0) -> Array:
    """The Bernoulli probability mass.

    Args:
        k: outcomes.
        p: probabilities of 1.
        loc: a shift of the outcomes.

    Returns:
        The probabilities.

    Example:
        >>> from fad.scipy.stats import bernoulli
        >>> float(bernoulli.pmf(0, 0.25))
        0.75
    """
    return _binom.pmf(k, 1, p, loc)


def cdf(k: ArrayLike, p: ArrayLike, loc: ArrayLike = 0) -> Array:
    """The Bernoulli cdf: 0 below 0, ``1 - p`` on [0, 1), 1 from 1 on.

    Args:
        k: outcomes.
        p: probabilities of 1.
        loc: a shift of the outcomes.

    Returns:
        ``P(K <= k)``.

    Example:
        >>> from fad.scipy.stats import bernoulli
        >>> float(bernoulli.cdf(0, 0.25))
        0.75
    """
    return _binom.cdf(k, 1, p, loc)


def logcdf(k: ArrayLike, p: ArrayLike, loc: ArrayLike = 0) -> Array:
    """The log of the Bernoulli cdf.

    Args:
        k: outcomes.
        p: probabilities of 1.
        loc: a shift of the outcomes.

    Returns:
        ``log P(K <= k)``.

    Example:
        >>> from fad.scipy.stats import bernoulli
        >>> float(bernoulli.logcdf(1, 0.25))
        0.0
    """
    return _binom.logcdf(k, 1, p, loc)


def sf(k: ArrayLike, p: ArrayLike, loc: ArrayLike = 0) -> Array:
    """The Bernoulli survival function ``P(K > k)``.

    Args:
        k: outcomes.
        p: probabilities of 1.
        loc: a shift of the outcomes.

    Returns:
        The probabilities.

    Example:
        >>> from fad.scipy.stats import bernoulli
        >>> float(bernoulli.sf(0, 0.25))
        0.25
    """
    return _binom.sf(k, 1, p, loc)


def logsf(k: ArrayLike, p: ArrayLike, loc: ArrayLike = 0) -> Array:
    """The log of the Bernoulli survival function.

    Args:
        k: outcomes.
        p: probabilities of 1.
        loc: a shift of the outcomes.

    Returns:
        ``log P(K > k)``.

    Example:
        >>> from fad.scipy.stats import bernoulli
        >>> float(bernoulli.logsf(1, 0.25))
        -inf
    """
    return _binom.logsf(k, 1, p, loc)
