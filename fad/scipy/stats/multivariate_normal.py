"""The multivariate normal distribution, as ``scipy.stats.multivariate_normal``.

``logpdf(x, mean, cov, allow_singular=False)`` and ``pdf``, differentiable in
``x``, ``mean`` and ``cov``; ``entropy(mean, cov)`` (which, as SciPy's, accepts
a singular covariance), differentiable in ``cov``.
A positive-definite covariance is factored by Cholesky, ``cov = L L^T``:
the Mahalanobis term is ``|L^-1 (x - mean)|^2`` by a triangular solve and the
log-determinant is ``2 sum(log diag L)``; no inverse is formed. With
``allow_singular=True`` a singular covariance is handled as SciPy does, by its
eigendecomposition: the eigenvalues above SciPy's cutoff give the rank, the
pseudo-determinant and the pseudo-inverse, and points off the subspace the
distribution lives on have log-density -inf. The derivative in ``cov`` is
then that of the function of matrices of the same rank (a perturbation that
raises the rank jumps to another function).

The covariance is used through its symmetric part ``(cov + cov^T) / 2``
(SciPy reads one triangle; for a symmetric matrix that is the same number),
so the derivative in ``cov`` is a symmetric matrix. Shapes are SciPy's: ``x``
has the components on its last axis (a 1-D ``x`` is one point, or, when the
dimension is 1, many), ``mean`` is a vector, ``cov`` a matrix, a vector (its
diagonal) or a number (times the identity); the result is squeezed.

Example:
    >>> import numpy as np, fad
    >>> from fad.scipy.stats import multivariate_normal as mvn
    >>> cov = np.array([[2.0, 0.5], [0.5, 1.0]])
    >>> fad.grad(mvn.logpdf, argnums=1)(np.zeros(2), np.zeros(2), cov)  # 0 at the mean
    array([0., 0.])
"""

from __future__ import annotations

import math
from typing import Any, Optional

import numpy as np

import fad.numpy as fnp
from fad._tracer import Array, ArrayLike, Tracer, concrete
from fad.numpy._linear_algebra import _triangular_solve
from fad.scipy.stats._util import arg

__all__ = ["logpdf", "pdf", "entropy"]

_LOG_2PI = math.log(2 * math.pi)


def _dim(mean: Any, cov: Any) -> int:
    if mean is not None:
        return int(np.size(concrete(mean)))
    c = np.shape(concrete(cov))
    return int(c[0]) if c else 1


def _parameters(mean: Any, cov: Any, fn: str) -> tuple[int, Any, Any]:
    """SciPy's conventions: ``(dim, mean (dim,), cov (dim, dim) symmetrised)``."""
    dim = _dim(mean, cov)
    cov = arg(cov)
    nd = np.ndim(concrete(cov))
    if nd == 0:
        cov = cov * np.eye(dim)
    elif nd == 1:
        cov = cov * np.eye(dim) if np.shape(concrete(cov))[0] == dim else cov
    if np.shape(concrete(cov)) != (dim, dim):
        raise ValueError(
            f"fad.scipy.stats.multivariate_normal.{fn}: the covariance has shape "
            f"{np.shape(concrete(cov))}, but the mean has {dim} component(s): give a "
            f"({dim}, {dim}) matrix, a vector of {dim} variances, or a number"
        )
    if mean is None:
        mean = np.zeros(dim)
    else:
        mean = arg(mean)
        if np.ndim(concrete(mean)) != 1:
            mean = fnp.reshape(mean, (dim,))
    return dim, mean, 0.5 * (cov + fnp.swapaxes(cov, -1, -2))


def _quantiles(x: Any, dim: int, fn: str) -> Any:
    x = arg(x)
    shape = np.shape(concrete(x))
    if len(shape) == 0:
        x = fnp.reshape(x, (1,))
    elif len(shape) == 1:
        x = fnp.reshape(x, (shape[0], 1) if dim == 1 else (1, shape[0]))
    if np.shape(concrete(x))[-1] != dim:
        raise ValueError(
            f"fad.scipy.stats.multivariate_normal.{fn}: x has {np.shape(concrete(x))[-1]} "
            f"component(s) on its last axis, the distribution {dim}"
        )
    return x


def _cutoff(w: np.ndarray[Any, Any]) -> float:
    """SciPy's cutoff below which an eigenvalue of the covariance counts as 0."""
    factor = 1e3 if w.dtype == np.float32 else 1e6
    return float(factor * np.finfo(w.dtype).eps * np.max(np.abs(w)))


class _Factor:
    """What the log-density needs of the covariance: its rank, the log of its
    (pseudo-)determinant, a map ``dev -> |cov^(-1/2) dev|^2`` and, for a
    singular one, a map ``dev -> in the support``."""

    rank: int
    logdet: Any
    chol: Any = None
    values: Any = None
    vectors: Any = None
    null: Optional[np.ndarray[Any, Any]] = None
    eps: float = 0.0

    def __init__(self, cov: Any, dim: int, allow_singular: bool, fn: str) -> None:
        where = f"fad.scipy.stats.multivariate_normal.{fn}"
        if allow_singular:
            w_c, v_c = np.linalg.eigh(np.asarray(concrete(cov)))
            eps = _cutoff(w_c)
            if w_c.min() < -eps:
                raise ValueError(f"{where}: the covariance must be symmetric positive semidefinite")
            if w_c.min() <= eps:  # singular: SciPy's eigendecomposition
                w, v = fnp.linalg.eigh(cov)
                keep = np.nonzero(w_c > eps)[0]
                self.values, self.vectors = w[keep], v[:, keep]
                self.rank = int(keep.size)
                self.logdet = fnp.sum(fnp.log(self.values))
                self.null, self.eps = v_c[:, w_c <= eps], 1e3 * eps
                return
        try:
            self.chol = fnp.linalg.cholesky(cov)
        except np.linalg.LinAlgError:
            raise np.linalg.LinAlgError(
                f"{where}: the covariance is not positive definite. For a singular "
                "(positive semidefinite) covariance pass allow_singular=True; otherwise "
                "check it, or add a small multiple of the identity to it."
            ) from None
        self.rank = dim
        self.logdet = 2.0 * fnp.sum(fnp.log(fnp.diagonal(self.chol)))

    def mahalanobis(self, dev: Any) -> Any:
        """``dev^T cov^+ dev`` for each row of ``dev`` (n, dim)."""
        if self.chol is not None:
            y = _triangular_solve(self.chol, fnp.swapaxes(dev, -1, -2), True)  # (dim, n)
            return fnp.sum(y * y, axis=0)
        p = fnp.matmul(dev, self.vectors)
        return fnp.sum(p * p / self.values, axis=-1)

    def inside(self, dev: Any) -> Optional[np.ndarray[Any, Any]]:
        if self.null is None:
            return None
        residual = np.linalg.norm(np.asarray(concrete(dev)) @ self.null, axis=-1)
        inside = residual < self.eps
        return None if inside.all() else inside


def _squeeze(v: Any) -> Any:
    s = np.shape(concrete(v))
    kept = tuple(n for n in s if n != 1)
    if kept == s:
        return v
    out = fnp.reshape(v, kept)
    return out[()] if type(out) is not Tracer and kept == () else out


def logpdf(x: ArrayLike, mean: Optional[ArrayLike] = None, cov: ArrayLike = 1.0,
           allow_singular: bool = False) -> Array:
    """The log of the multivariate normal density at the rows of ``x``.

    ``-(k log(2 pi) + log det cov + (x - mean)^T cov^-1 (x - mean)) / 2`` with
    ``k`` the dimension; for a singular covariance (``allow_singular=True``),
    ``k`` is its rank and the determinant and inverse are the pseudo ones.

    Args:
        x: points, with the components on the last axis.
        mean: the mean vector (default: zeros).
        cov: the covariance matrix, a vector of variances, or a number (default 1).
        allow_singular: accept a singular covariance (else it is an error).

    Returns:
        The log-density of each point, squeezed as SciPy does.

    Raises:
        numpy.linalg.LinAlgError: the covariance is not positive definite and
            ``allow_singular`` is False.
        ValueError: ``allow_singular`` is True and the covariance has a
            negative eigenvalue; or the shapes disagree.

    Example:
        >>> import numpy as np
        >>> from fad.scipy.stats import multivariate_normal as mvn
        >>> round(float(mvn.logpdf([0.0, 0.0], [0.0, 0.0], np.eye(2))), 6)  # -log(2 pi)
        -1.837877
    """
    dim, mu, sigma = _parameters(mean, cov, "logpdf")
    points = _quantiles(x, dim, "logpdf")
    factor = _Factor(sigma, dim, allow_singular, "logpdf")
    dev = points - mu
    batch = np.shape(concrete(dev))[:-1]
    rows = fnp.reshape(dev, (-1, dim))
    inside = factor.inside(rows)
    if inside is not None:
        rows = fnp.where(inside[:, None], rows, 0.0)
    out = -0.5 * (factor.rank * _LOG_2PI + factor.logdet + factor.mahalanobis(rows))
    if inside is not None:
        out = fnp.where(inside, out, -np.inf)
    return _squeeze(fnp.reshape(out, batch))  # type: ignore[no-any-return]


def pdf(x: ArrayLike, mean: Optional[ArrayLike] = None, cov: ArrayLike = 1.0,
        allow_singular: bool = False) -> Array:
    """The multivariate normal density at the rows of ``x`` (``exp(logpdf)``).

    Args:
        x: points, with the components on the last axis.
        mean: the mean vector (default: zeros).
        cov: the covariance matrix, a vector of variances, or a number (default 1).
        allow_singular: accept a singular covariance.

    Returns:
        The density of each point, squeezed as SciPy does.

    Example:
        >>> from fad.scipy.stats import multivariate_normal as mvn
        >>> round(float(mvn.pdf(0.0)), 6)  # 1 / sqrt(2 pi)
        0.398942
    """
    return fnp.exp(logpdf(x, mean, cov, allow_singular))


def entropy(mean: Optional[ArrayLike] = None, cov: ArrayLike = 1.0) -> Array:
    """The differential entropy ``(k (1 + log(2 pi)) + log det cov) / 2``.

    As SciPy's, it accepts a singular covariance: ``k`` is then its rank and
    the determinant the pseudo-determinant (the product of the eigenvalues
    above SciPy's cutoff).

    Args:
        mean: the mean vector (it sets the dimension only).
        cov: the covariance matrix, a vector of variances, or a number (default 1).

    Returns:
        The entropy, in nats.

    Example:
        >>> import numpy as np
        >>> from fad.scipy.stats import multivariate_normal as mvn
        >>> round(float(mvn.entropy(np.zeros(2), np.eye(2))), 6)  # 1 + log(2 pi)
        2.837877
    """
    dim, _, sigma = _parameters(mean, cov, "entropy")
    factor = _Factor(sigma, dim, True, "entropy")
    out = 0.5 * (factor.rank * (1.0 + _LOG_2PI) + factor.logdet)
    return np.float64(out) if type(out) is float else out  # type: ignore[no-any-return]
