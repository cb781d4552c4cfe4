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

import math
from typing import Any, Optional

import numpy as np
import scipy.linalg.blas as _blas
import scipy.special as _special

import fad.numpy as fnp
from fad._primitive import Kind, Primitive, defjvp_joint, defvjp_joint, seal_builtins
from fad._tracer import Array, ArrayLike, Tracer, concrete
from fad.scipy.special import digamma
from fad.scipy.stats._util import (
    arg, both, finish, not_nan, gammainc, gammaln, is_constant, locscale, log, log_probability, mask, minus_log_scale, positive, safe, xlogy,
)

__all__ = ["logpdf", "pdf", "logcdf", "cdf", "logsf", "sf"]


def _standard(x: Any, a: Any, loc: Any, scale: Any, closed: bool = True) -> tuple[Any, Any, Any, Any, Any]:
    """``(z made safe, a made safe, scale, inside, valid)``; ``closed``: 0 is in the support."""
    z, scale, valid = locscale(x, loc, scale)
    a = arg(a)
    ok = positive(a)
    zc = np.asarray(concrete(z))
    inside = mask(zc >= 0 if closed else zc > 0)
    return safe(z, inside, 1.0), safe(a, ok, 1.0), scale, inside, both(both(valid, ok), not_nan(zc))


def _constant_data(x: Any, a: Any, loc: Any, scale: Any) -> Optional[Any]:
    """The log-density of data at traced scalar parameters, fast; None where
    this does not apply (the general path then serves).

    When ``x`` and ``loc`` are constants, every point is inside the support and
    ``a`` and ``scale`` are single valid numbers (a log-likelihood's usual
    case), the log-density is one primitive of the two parameters and the
    constant data ``d = x - loc`` (``data_logpdf_p``, below): it makes one
    array of the data's size, and the cotangent of a sum of it pulls back to
    the parameters as reductions of the data, where the general path makes a
    dozen graph nodes and as many temporaries of the data's size.
    """
    if type(x) is Tracer or type(loc) is Tracer or (type(a) is not Tracer and type(scale) is not Tracer):
        return None
    a, s = arg(a), arg(scale)
    ac, sc = concrete(a), concrete(s)
    if np.ndim(ac) or np.ndim(sc) or not (ac > 0 and sc > 0):
        return None
    x, loc = arg(x), arg(loc)
    d = np.asarray(x if is_constant(loc, 0.0) else x - loc)
    if d.size == 0 or not d.min() > 0:  # a point at or below loc (or nan): the general path
        return None
    dt = np.result_type(d.dtype, d.dtype if type(ac) is float else ac.dtype,
                        d.dtype if type(sc) is float else sc.dtype)
    return data_logpdf_p(_as(a, ac, dt), _as(s, sc, dt), d.astype(dt, copy=False), log_sum=LogSum())


def _as(v: Any, c: Any, dt: Any) -> Any:
    """A scalar parameter ``v`` (whose value is ``c``) in the data's dtype ``dt``."""
    if type(v) is Tracer:
        return v if np.result_type(c) == dt else fnp.astype(v, dt)
    return np.asarray(v, dtype=dt)


# --- the log-density of constant data at scalar parameters, one primitive ----------------
#
# y = (a - 1) log d - d / s - a log s - log Gamma(a), with the constant data d = x - loc
# (every d > 0) and 0-d parameters a and s. Its derivatives:
#   dy/da = log d - log s - digamma(a),          dy/ds = (d / s - a) / s,
# so the cotangents are contractions over the data's axes (the last ones; a batch of
# cotangents has leading axes), a-bar = <y-bar, dy/da> and s-bar = <y-bar, dy/ds>.
# When y-bar is one number spread over the data (the cotangent of a sum: a broadcast
# with zero strides), they are reductions of the data alone:
#   a-bar = y-bar_0 (sum(log d) - n (log s + digamma(a))),
#   s-bar = y-bar_0 (sum(d) / s - n a) / s,
# and no array of the data's size is made. The value is made in one array (log d,
# summed, then turned into y in place), and the node keeps no array but the data: the
# sum of log d, a residual, is kept in the node's ``log_sum`` (a LogSum the
# implementation fills), and log d is taken again only where a rule needs it whole
# (a cotangent that is not spread, a tangent). A second array of the data's size alive
# across the sweep would cost more than its arithmetic: for large data each fresh array
# costs a page fault per 4 KB (glibc gives freed large blocks back to the system). The
# rules use fad's functions where the parameters or the cotangent may be traced, so
# they are differentiated again at order 2.

class LogSum:
    """``sum(log d)`` of one node's data, a residual its implementation computes
    on the way (a node's parameter: the primitive has one output).

    Example:
        >>> float(LogSum().of(np.array([1.0, np.e])))
        1.0
    """

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value: Any = None

    def of(self, d: np.ndarray[Any, Any]) -> Any:
        """The sum (computed, if the implementation has not)."""
        if self.value is None:
            self.value = np.add.reduce(np.log(d), axis=None)
        return self.value

    def __repr__(self) -> str:
        return "LogSum()" if self.value is None else f"LogSum({self.value!r})"


def _data_impl(a: Any, s: Any, d: np.ndarray[Any, Any], log_sum: LogSum) -> Any:
    dt = d.dtype
    a, s = float(a), float(s)  # the coefficients in double precision (Python floats keep float32 float32)
    out = np.log(d, out=np.empty(d.shape, dtype=dt))  # the one array of the data's size made, turned into y
    log_sum.value = np.add.reduce(out, axis=None)
    np.multiply(out, a - 1.0, out=out)
    axpy = _AXPY.get(dt)
    if axpy is not None and out.flags.c_contiguous and d.flags.c_contiguous:
        axpy(d.reshape(-1), out.reshape(-1), a=-1.0 / s)  # in place: y -= d / s
    else:
        out -= d / s
    out += -(a * math.log(s) + float(_special.gammaln(a)))  # (math.lgamma overflows past 2.6e305)
    return out


_AXPY = {np.dtype(np.float64): _blas.daxpy, np.dtype(np.float32): _blas.saxpy}


data_logpdf_p = Primitive("stats_gamma_data_logpdf", _data_impl, kind=Kind.STRUCTURAL, saves=(0, 1, 2))
seal_builtins(data_logpdf_p)


def _spread(ybar: Any, nd: int) -> Any:
    """The value of a cotangent that is one number over the data's last ``nd``
    axes (a zero-stride broadcast, as a sum's cotangent is), with its leading
    batch axes; None for any other cotangent (or a traced one)."""
    if type(ybar) is not np.ndarray or ybar.ndim < nd:
        return None
    tail = ybar.ndim - nd
    if any(st != 0 and n != 1 for st, n in zip(ybar.strides[tail:], ybar.shape[tail:])):
        return None
    return ybar[(Ellipsis,) + (0,) * nd]


def _data_vjp(needed: Any, y: Any, ybar: Any, a: Any, s: Any, d: Any, log_sum: LogSum) -> Any:
    nd = d.ndim
    one = _spread(ybar, nd)
    abar: Any = None
    sbar: Any = None
    if one is not None:  # reductions of the data alone
        total = one * d.size
        if needed[0]:
            abar = one * log_sum.of(d) - total * (fnp.log(s) + digamma(a))
        if needed[1]:
            sbar = (one * np.add.reduce(d, axis=None) / s - total * a) / s
    else:  # the derivatives elementwise, then contracted (linear in y-bar to rounding)
        if needed[0]:
            abar = fnp.tensordot(ybar, _da(a, s, d), axes=nd)
        if needed[1]:
            sbar = fnp.tensordot(ybar, _ds(a, s, d), axes=nd)
    return [abar, sbar, None]


def _da(a: Any, s: Any, d: Any) -> Any:
    """``dy/da = log d - log s - digamma(a)``, of the data's shape."""
    return fnp.subtract(np.log(d), fnp.log(s) + digamma(a))


def _ds(a: Any, s: Any, d: Any) -> Any:
    """``dy/ds = (d / s - a) / s``, of the data's shape."""
    return (d / s - a) / s


def _data_jvp(xdots: Any, y: Any, a: Any, s: Any, d: Any, log_sum: LogSum) -> Any:
    adot, sdot = xdots[0], xdots[1]
    if adot is None and sdot is None:
        return None
    lead = tuple(fnp.shape(adot if adot is not None else sdot))
    ones = lead + (1,) * d.ndim
    out: Any = None
    if adot is not None:
        out = fnp.reshape(adot, ones) * _da(a, s, d)
    if sdot is not None:
        part = fnp.reshape(sdot, ones) * _ds(a, s, d)
        out = part if out is None else out + part
    return out


defvjp_joint(data_logpdf_p, _data_vjp)
defjvp_joint(data_logpdf_p, _data_jvp)


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
