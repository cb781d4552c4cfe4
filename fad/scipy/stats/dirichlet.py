"""The Dirichlet distribution, as ``scipy.stats.dirichlet``: concentrations
``alpha`` (K of them), density ``prod(x_i^(alpha_i - 1)) / B(alpha)`` on the
simplex. Differentiable in ``x`` and ``alpha`` (``rvs``, SciPy's sampler, is
not differentiable). As in SciPy, the components
are on the *first* axis of ``x`` (shape ``(K, ...)``), and ``x`` may leave out
its last component (shape ``(K - 1, ...)``), which is then ``1 - sum(x)``.

Example:
    >>> import numpy as np, fad
    >>> from fad.scipy.stats import dirichlet
    >>> x = np.array([0.2, 0.3, 0.5])
    >>> g = fad.grad(dirichlet.logpdf, argnums=1)(x, np.ones(3))
    >>> bool(np.allclose(g, np.log(x) + 1.5))  # log x - digamma(alpha) + digamma(sum alpha)
    True
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.stats as _ss

import fad.numpy as fnp
from fad._tracer import Array, ArrayLike, Tracer, concrete
from fad.scipy.stats._util import arg, gammaln, xlogy

__all__ = ["logpdf", "pdf", "rvs"]

NOT_DIFFERENTIABLE: dict[str, str] = {
    "rvs": "random samples, drawn by SciPy; a traced alpha is an error (wrap it in fad.stop_gradient)",
}


def _check(x: Any, alpha: Any, fn: str) -> tuple[Any, Any]:
    where = f"fad.scipy.stats.dirichlet.{fn}"
    x, alpha = arg(x), arg(alpha)
    ac = np.asarray(concrete(alpha))
    if ac.ndim != 1:
        raise ValueError(f"{where}: alpha must be a vector (K,), not of shape {ac.shape}")
    if (ac <= 0).any():
        raise ValueError(f"{where}: every alpha must be greater than 0")
    k = ac.shape[0]
    xs = np.shape(concrete(x))
    if not xs or xs[0] not in (k, k - 1):
        raise ValueError(
            f"{where}: x has {xs[0] if xs else 0} component(s) on its first axis; alpha has {k}: "
            f"give x of shape ({k}, ...) or ({k - 1}, ...)"
        )
    if xs[0] == k - 1:
        rest = 1.0 - fnp.sum(x, axis=0, keepdims=True)
        x = fnp.concatenate([x, rest], axis=0)
    xc = np.asarray(concrete(x))
    if (xc < 0).any() or (xc > 1).any():
        raise ValueError(f"{where}: every entry of x must be in [0, 1]")
    if ((xc == 0) & (ac.reshape((k,) + (1,) * (xc.ndim - 1)) < 1)).any():
        raise ValueError(f"{where}: an entry of x must be greater than 0 where its alpha is less than 1")
    if (np.abs(xc.sum(axis=0) - 1.0) > 1e-9).any():
        raise ValueError(f"{where}: x must lie on the simplex (its components must sum to 1 along axis 0)")
    return x, alpha


def logpdf(x: ArrayLike, alpha: ArrayLike) -> Array:
    """The log of the Dirichlet density, ``sum((alpha_i - 1) log x_i) - log B(alpha)``
    with ``log B(alpha) = sum(log Gamma(alpha_i)) - log Gamma(sum(alpha))``.

    Args:
        x: points on the simplex, components on the first axis.
        alpha: the concentrations, a vector of K positive numbers.

    Returns:
        The log-density of each point (a scalar for one point).

    Raises:
        ValueError: ``x`` is not on the simplex, or ``alpha`` not positive.

    Example:
        >>> from fad.scipy.stats import dirichlet
        >>> round(float(dirichlet.logpdf([0.5, 0.5], [1.0, 1.0])), 6)  # uniform on [0, 1]
        0.0
    """
    xs, alphas = _check(x, alpha, "logpdf")
    nd = np.ndim(concrete(xs))
    a = alphas if nd == 1 else fnp.reshape(alphas, (-1,) + (1,) * (nd - 1))
    log_b = fnp.sum(gammaln(alphas)) - gammaln(fnp.sum(alphas))
    out = fnp.sum(xlogy(a - 1.0, xs), axis=0) - log_b
    if type(out) is not Tracer:
        result: Array = np.asarray(out).squeeze()[()]
        return result
    return fnp.squeeze(out)


def pdf(x: ArrayLike, alpha: ArrayLike) -> Array:
    """The Dirichlet density.

    Args:
        x: points on the simplex, components on the first axis.
        alpha: the concentrations.

    Returns:
        The density of each point.

    Example:
        >>> from fad.scipy.stats import dirichlet
        >>> float(dirichlet.pdf([0.2, 0.3, 0.5], [1.0, 1.0, 1.0]))  # uniform: 1 / (1/2)
        2.0
    """
    return fnp.exp(logpdf(x, alpha))


def rvs(alpha: ArrayLike, size: Any = 1, random_state: Any = None) -> np.ndarray[Any, Any]:
    """Random samples of the Dirichlet distribution, SciPy's (not differentiable).

    The samples are a plain array, shape ``size + (K,)`` (components on the
    *last* axis, as SciPy's ``rvs``). They have no derivative here: a traced
    ``alpha`` is an error rather than a silently constant sample (the samples
    do depend on ``alpha``). Wrap ``alpha`` in :func:`fad.stop_gradient` to
    sample at its value.

    Args:
        alpha: the concentrations, a vector (K,) of positive numbers.
        size: the number (or shape) of samples.
        random_state: a seed, ``np.random.Generator`` or ``RandomState``, as SciPy's.

    Returns:
        The samples, float64.

    Raises:
        TypeError: for a traced ``alpha``.

    Example:
        >>> import numpy as np
        >>> from fad.scipy.stats import dirichlet
        >>> x = dirichlet.rvs(np.array([1.0, 2.0, 3.0]), size=2, random_state=0)
        >>> x.shape, bool(np.allclose(x.sum(axis=1), 1.0))
        ((2, 3), True)
    """
    if type(alpha) is Tracer:
        raise TypeError(
            "fad.scipy.stats.dirichlet.rvs: alpha is traced, and the samples have no derivative here "
            "(they are SciPy's random draws). Sample at alpha's value with "
            "dirichlet.rvs(fad.stop_gradient(alpha), ...), or write a reparameterised sampler "
            "(normalised gamma draws) if the derivative is wanted."
        )
    out: np.ndarray[Any, Any] = _ss.dirichlet.rvs(np.asarray(alpha, dtype=np.float64), size=size,
                                                  random_state=random_state)
    return out
