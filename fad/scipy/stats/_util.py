"""Shared pieces of fad.scipy.stats: argument handling, support masks, and the
incomplete gamma and beta functions the distribution functions are made of.

Masks (where ``x`` is in the support, where the parameters are valid) are
computed on concrete values: they are constants, and carry no derivative.
Outside a mask, a value is first replaced by a safe one *before* any function
with a singularity sees it ("the double where"), so that a point outside the
support gets the value SciPy gives (-inf, 0, nan) with a zero derivative, and
no nan leaks into the derivative of the points inside.
"""

from __future__ import annotations

import math
from typing import Any, Optional

import numpy as np
import scipy.special as _sc

import fad.numpy as fnp
from fad import _primitive
from fad._primitive import Kind, Primitive, defjvp, defvjp
from fad._tracer import Array, Tracer, concrete
from fad.numpy._util import has_tracer
from fad.scipy.special import betaln, digamma, gammaln, xlog1py, xlogy

__all__ = [
    "arg", "is_constant", "log", "mask", "safe", "finish", "positive", "not_nan", "both", "locscale",
    "log_probability", "like", "minus_log_scale", "gammaln", "betaln", "xlogy", "xlog1py",
    "gammainc", "gammainc_p", "betainc", "betainc_p", "stdtr", "stdtr_p",
    "t_logpdf_standard",
]

NAN = math.nan
INF = math.inf


def arg(v: Any) -> Any:
    """A distribution function's argument, ready for arithmetic.

    Tracers and Python floats pass through (a Python float is "weak": a
    float32 array stays float32 next to it); integers and integer arrays
    become float64, as in SciPy; lists and tuples become arrays.

    Example:
        >>> arg(2), arg([1, 2]).dtype
        (2.0, dtype('float64'))
    """
    if type(v) is float:
        return v
    if type(v) is Tracer:
        if np.result_type(concrete(v)).kind not in "fiub":  # as for plain values below: real numbers only
            raise TypeError(
                f"fad.scipy.stats takes real numbers; got a traced value of dtype {np.result_type(concrete(v))}"
            )
        return v
    if type(v) is int or type(v) is bool:
        return float(v)
    if type(v) in (list, tuple) and has_tracer(v):
        return fnp.asarray(v)
    a = np.asarray(v)
    if a.dtype.kind in "biu":
        return a.astype(np.float64)
    if a.dtype.kind not in "f":
        raise TypeError(
            f"fad.scipy.stats takes real numbers, not an array of dtype {a.dtype}: "
            "convert the argument with np.asarray(..., dtype=float)"
        )
    return a


def is_constant(v: Any, c: float) -> bool:
    """Whether ``v`` is the plain Python number ``c`` (a default loc or scale),
    so that the arithmetic with it can be skipped.

    Example:
        >>> is_constant(0.0, 0.0), is_constant(np.zeros(2), 0.0)
        (True, False)
    """
    return type(v) is float and v == c


def log(v: Any) -> Any:
    """``log(v)``, a Python float for a Python float (so it stays weak).

    Example:
        >>> log(1.0)
        0.0
    """
    if type(v) is float:
        return math.log(v) if v > 0 else NAN
    return fnp.log(v)


def mask(condition: Any) -> Optional[np.ndarray[Any, Any]]:
    """A concrete boolean mask, or None where it holds everywhere.

    Example:
        >>> mask(np.array([1.0, 2.0]) > 0) is None, mask(np.array([1.0, -2.0]) > 0)
        (True, array([ True, False]))
    """
    m = np.asarray(condition, dtype=bool)
    return None if m.all() else m


def safe(v: Any, inside: Optional[np.ndarray[Any, Any]], fill: float) -> Any:
    """``v`` inside the mask, the harmless ``fill`` outside it (the first where).

    Example:
        >>> safe(np.array([1.0, -2.0]), np.array([True, False]), 1.0)
        array([1., 1.])
    """
    return v if inside is None else fnp.where(inside, v, fill)


def finish(value: Any, inside: Optional[np.ndarray[Any, Any]], outside: float,
           valid: Optional[np.ndarray[Any, Any]] = None) -> Array:
    """``value`` inside the support, ``outside`` out of it, nan where the
    parameters are invalid (the second where), as SciPy does.

    Example:
        >>> finish(np.array([1.0, 2.0, 3.0]), np.array([True, False, True]), -np.inf,
        ...        np.array([True, True, False]))
        array([  1., -inf,  nan])
    """
    if type(value) is float:  # all arguments were Python numbers: a NumPy scalar, as SciPy
        value = np.float64(value)
    if inside is not None:
        value = fnp.where(inside, value, outside)
    if valid is not None:
        value = fnp.where(valid, value, NAN)
    out: Array = value
    return out


def positive(v: Any) -> Optional[np.ndarray[Any, Any]]:
    """The mask of the entries of ``v`` that are > 0 (None: all of them).

    Example:
        >>> positive(np.array([1.0, 0.0]))
        array([ True, False])
    """
    return mask(np.asarray(concrete(v)) > 0)


def not_nan(zc: Any) -> Optional[np.ndarray[Any, Any]]:
    """The mask of the entries of the concrete ``zc`` that are not nan (None:
    all of them): a nan point is neither inside nor outside a support, and
    its value is nan, as in SciPy.

    Example:
        >>> not_nan(np.array([1.0, np.nan]))
        array([ True, False])
    """
    return mask(~np.isnan(zc))


def both(a: Optional[np.ndarray[Any, Any]], b: Optional[np.ndarray[Any, Any]]) -> Optional[np.ndarray[Any, Any]]:
    """The conjunction of two masks (None: everywhere).

    Example:
        >>> both(None, np.array([True, False]))
        array([ True, False])
    """
    if a is None:
        return b
    if b is None:
        return a
    return mask(a & b)


def locscale(x: Any, loc: Any, scale: Any) -> tuple[Any, Any, Optional[np.ndarray[Any, Any]]]:
    """``z = (x - loc) / scale``, the scale made safe where it is not positive.

    Returns:
        ``(z, scale, valid)``: ``valid`` is None when every scale is positive
        (and no constant point is nan), else the mask of the positive ones (where
        the others are, ``scale`` is 1 and the caller's result must be nan) and
        of the points that are not nan (which are taken as 1 in ``z``: their
        cotangent is 0, and their derivative in the scale would be nan).

    Example:
        >>> locscale(3.0, 1.0, 2.0)
        (1.0, 2.0, None)
    """
    x, loc, scale = arg(x), arg(loc), arg(scale)
    valid = positive(scale)
    scale = safe(scale, valid, 1.0)
    z = x if is_constant(loc, 0.0) else x - loc
    if type(z) is not Tracer:  # constant points: a nan one is made harmless, and its value nan
        # (its cotangent 0 times dz/dscale = nan would make every point's derivative in
        # the scale nan, as a sum over the points)
        nan_free = not_nan(np.asarray(z))
        if nan_free is not None:
            z, valid = safe(z, nan_free, 1.0), both(valid, nan_free)
    if not is_constant(scale, 1.0):
        z = z / scale
    return z, scale, valid


def log_probability(p: Any, q: Any) -> Any:
    """``log p`` for a probability ``p`` given its complement ``q = 1 - p`` too:
    ``log1p(-q)`` where ``p > 1/2``, which keeps the relative precision of
    ``log p`` near 0 (where ``log p`` of the rounded ``p`` would lose it).

    Example:
        >>> float(log_probability(np.float64(1.0), 1e-20))
        -1e-20
    """
    near_one = np.asarray(concrete(p)) > 0.5
    with np.errstate(divide="ignore"):  # log(0) = -inf: a probability of 0
        if not near_one.any():
            return fnp.log(p)
        if near_one.all():
            return fnp.log1p(-q)
        return fnp.where(near_one, fnp.log1p(-fnp.where(near_one, q, 0.0)), fnp.log(fnp.where(near_one, 1.0, p)))


def like(k: np.ndarray[Any, Any], *params: Any) -> np.ndarray[Any, Any]:
    """Counts ``k`` (float64) as float32 when the parameters are float32, so that
    float32 parameters give float32 results.

    Example:
        >>> like(np.array([1.0]), np.float32(0.5)).dtype
        dtype('float32')
    """
    dts = [np.asarray(concrete(p)).dtype for p in params if type(p) is not float]
    if dts and np.result_type(*dts) == np.float32:
        return k.astype(np.float32)
    return k


def minus_log_scale(value: Any, scale: Any) -> Any:
    """``value - log(scale)``, skipped for the default scale 1.

    Example:
        >>> minus_log_scale(1.0, 1.0)
        1.0
    """
    return value if is_constant(scale, 1.0) else value - log(scale)


# --- the standard cdfs: differentiable in x, not in the shape parameters ---------------


def _gammainc_impl(a: Any, x: Any, upper: bool, caller: str) -> Any:
    return _sc.gammaincc(a, x) if upper else _sc.gammainc(a, x)


gammainc_p = Primitive("stats_gammainc", _gammainc_impl, kind=Kind.ELEMENTWISE, saves=(0, 1))


def gammainc(a: Any, x: Any, upper: bool, caller: str) -> Any:
    """The regularized incomplete gamma function ``P(a, x)`` (``upper``: ``Q(a, x)``),
    differentiable in ``x`` and in the shape ``a`` (``caller``, ``"gamma.cdf:a"``,
    names the public function, for errors).

    Example:
        >>> round(float(gammainc(1.0, 1.0, False, "gamma.cdf:a")), 6)  # 1 - exp(-1)
        0.632121
    """
    if type(a) is not Tracer and type(x) is not Tracer:
        return _gammainc_impl(a, x, upper, caller)
    return gammainc_p(a, x, upper=upper, caller=caller)


_SERIES_TERMS_MAX = 20000
_LAGUERRE = np.polynomial.laguerre.laggauss(64)


def _float_of(*xs: Any) -> Any:
    """float32 when every argument is float32 (or a weak Python float), else float64."""
    kinds = [np.asarray(concrete(v)).dtype for v in xs if type(v) is not float]
    return np.result_type(*kinds) if kinds else np.float64


def _far(ac: np.ndarray[Any, Any], xc: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Where ``x`` is far in the upper tail (``x > a + 3 sqrt(a) + 10``): there
    the quadrature serves, elsewhere the series (whose absolute error, about
    1e-16, is then small next to ``Q``)."""
    return np.asarray(xc > ac + 3.0 * np.sqrt(np.maximum(ac, 0.0)) + 10.0)


def _dgammainc_da_series(a: Any, x: Any, caller: str) -> Any:
    """``d P(a, x) / da``, by differentiating the series ``P(a, x) = sum_n
    exp((a + n) log x - x - log Gamma(a + n + 1))`` (DLMF 8.7.1) term by term:
    ``sum_n term_n (log x - digamma(a + n + 1))``. The terms grow until ``n``
    is about ``x - a`` and then fall faster than geometrically; enough of them
    are summed for double precision. The sum is accurate to about 1e-16
    absolutely: used outside the far upper tail (:func:`_far`)."""
    ac, xc = np.asarray(concrete(a), dtype=np.float64), np.asarray(concrete(x), dtype=np.float64)
    peak = float(np.max(np.maximum(xc - ac, 0.0), initial=0.0))
    n_terms = int(peak + 12.0 * np.sqrt(np.max(xc, initial=0.0)) + 40.0)
    if n_terms > _SERIES_TERMS_MAX:
        name, _, shape = caller.partition(":")
        raise ValueError(
            f"fad.scipy.stats.{name}: its derivative in the shape {shape} is summed from a "
            f"series that would need {n_terms} terms here (x - a up to {peak:.0f}; fad sums at "
            f"most {_SERIES_TERMS_MAX}). Rescale the problem (a smaller shape), or hold the "
            "shape constant."
        )
    positive_x = xc > 0
    xs = x if positive_x.all() else fnp.where(positive_x, x, 1.0)
    n = np.arange(n_terms, dtype=_float_of(a, x))
    log_x = fnp.expand_dims(fnp.log(xs), -1)
    an1 = fnp.expand_dims(a, -1) + n + 1.0
    terms = fnp.exp((an1 - 1.0) * log_x - fnp.expand_dims(xs, -1) - gammaln(an1))
    out = fnp.sum(terms * (log_x - digamma(an1)), axis=-1)
    return out if positive_x.all() else fnp.where(positive_x, out, 0.0)


def _dgammaincc_da_far(a: Any, x: Any) -> Any:
    """``d Q(a, x) / da`` far in the upper tail, with its relative precision.

    ``Gamma(a, x) = int_x^inf t^(a-1) e^-t dt``; with ``t = x + w x / m``, ``m =
    x - a + 1``, it is ``e^-x x^(a-1) (x/m) I1`` and its derivative in ``a`` is
    ``e^-x x^(a-1) (x/m) (log x I1 + I2)``, where ``I1 = int e^-w h(w) dw``,
    ``I2 = int e^-w h(w) log(1 + w/m) dw`` and ``h(w) = exp((a - 1) (log(1 +
    w/m) - w/m))``, a smooth slowly varying factor there: 64-point
    Gauss-Laguerre quadrature. So ``dQ/da = e^-x x^(a-1) (x/m) / Gamma(a)
    (I1 (log x - digamma(a)) + I2)``, a sum of positive terms."""
    nodes, weights = (v.astype(_float_of(a, x)) for v in _LAGUERRE)
    m = x - a + 1.0
    u = nodes / fnp.expand_dims(m, -1)
    log1p_u = fnp.log1p(u)
    h = fnp.exp(fnp.expand_dims(a - 1.0, -1) * (log1p_u - u))
    i1 = fnp.sum(weights * h, axis=-1)
    i2 = fnp.sum(weights * h * log1p_u, axis=-1)
    log_x = fnp.log(x)
    scale = fnp.exp((a - 1.0) * log_x - x - gammaln(a) + fnp.log(x / m))
    return scale * (i1 * (log_x - digamma(a)) + i2)


def _dgammainc_da(a: Any, x: Any, caller: str) -> Any:
    """``d P(a, x) / da`` (``d Q / da`` is its negative), to any order (written
    with fad's functions): the series near and below the bulk, the upper
    tail's quadrature far above it."""
    ac, xc = np.asarray(concrete(a), dtype=np.float64), np.asarray(concrete(x), dtype=np.float64)
    far = _far(ac, xc)
    if not far.any():
        return _dgammainc_da_series(a, x, caller)
    if far.all():
        return -_dgammaincc_da_far(a, x)
    near = _dgammainc_da_series(a, fnp.where(far, 1.0, x), caller)
    tail = -_dgammaincc_da_far(a, fnp.where(far, x, a + 3.0 * fnp.sqrt(fnp.abs(a)) + 11.0))
    return fnp.where(far, tail, near)


def _gamma_density(a: Any, x: Any) -> Any:
    # d P(a, x) / dx = x^(a-1) e^-x / Gamma(a)  (DLMF 8.8.13)
    return fnp.exp(xlogy(a - 1, x) - x - gammaln(a))


def _signed(v: Any, upper: bool) -> Any:
    return -v if upper else v  # Q = 1 - P


defvjp(
    gammainc_p,
    lambda y, ybar, a, x, upper, caller: ybar * _signed(_dgammainc_da(a, x, caller), upper),
    lambda y, ybar, a, x, upper, caller: ybar * _signed(_gamma_density(a, x), upper),
)
defjvp(
    gammainc_p,
    lambda adot, y, a, x, upper, caller: adot * _signed(_dgammainc_da(a, x, caller), upper),
    lambda xdot, y, a, x, upper, caller: xdot * _signed(_gamma_density(a, x), upper),
)


def _betainc_impl(a: Any, b: Any, x: Any, caller: str) -> Any:
    return _sc.betainc(a, b, x)


betainc_p = Primitive("stats_betainc", _betainc_impl, kind=Kind.ELEMENTWISE, saves=(0, 1, 2))


def betainc(a: Any, b: Any, x: Any, caller: str) -> Any:
    """The regularized incomplete beta function ``I_x(a, b)``, differentiable in
    ``x`` and in the shapes ``a`` and ``b``.

    Example:
        >>> float(betainc(1.0, 1.0, 0.25, "beta.cdf:a, b"))
        0.25
    """
    if type(a) is not Tracer and type(b) is not Tracer and type(x) is not Tracer:
        return _betainc_impl(a, b, x, caller)
    return betainc_p(a, b, x, caller=caller)


def _betainc_series_grads(a: Any, b: Any, x: Any, caller: str) -> tuple[Any, Any]:
    """``(dI/da, dI/db)`` of ``I_x(a, b)`` for ``0 < x <= (a + 1) / (a + b + 2)``, from
    ``I_x(a, b) = sum_n exp((a + n) log x + b log(1 - x) + log Gamma(a + b + n)
    - log Gamma(a + n + 1) - log Gamma(b))`` (DLMF 8.17.8, the hypergeometric
    series written with log-gamma functions), differentiated term by term. Below
    that bound the terms fall monotonically (ratio at most ``x (a + b + n) / (a +
    1 + n)`` < 1). Written with fad's functions: differentiable again."""
    xc = np.asarray(concrete(x), dtype=np.float64)
    worst = float(np.max(xc, initial=0.5))
    n_terms = int(60.0 + 40.0 / -np.log(worst))
    if n_terms > _SERIES_TERMS_MAX:
        name, _, shape = caller.partition(":")
        raise ValueError(
            f"fad.scipy.stats.{name}: its derivative in the shapes {shape} is summed from a "
            f"series that would need {n_terms} terms here (one shape is much larger than the "
            f"other; fad sums at most {_SERIES_TERMS_MAX}). Hold the shapes constant."
        )
    n = np.arange(n_terms, dtype=_float_of(a, b, x))
    big_a = fnp.expand_dims(a, -1) + n
    big_b = fnp.expand_dims(b, -1)
    log_x = fnp.expand_dims(fnp.log(x), -1)
    log_1mx = fnp.expand_dims(fnp.log1p(-x), -1)
    terms = fnp.exp(big_a * log_x + big_b * log_1mx + gammaln(big_a + big_b) - gammaln(big_a + 1.0)
                    - gammaln(big_b))
    common = digamma(big_a + big_b)
    da = fnp.sum(terms * (log_x + common - digamma(big_a + 1.0)), axis=-1)
    db = fnp.sum(terms * (log_1mx + common - digamma(big_b)), axis=-1)
    return da, db


def _dbetainc(a: Any, b: Any, x: Any, caller: str) -> tuple[Any, Any]:
    """``(dI/da, dI/db)`` of ``I_x(a, b)``: the series below ``(a + 1) / (a + b + 2)``,
    and above it the series of ``I_(1-x)(b, a) = 1 - I_x(a, b)`` (DLMF 8.17.4);
    0 at ``x = 0`` and ``x = 1``."""
    ac = np.asarray(concrete(a), dtype=np.float64)
    bc = np.asarray(concrete(b), dtype=np.float64)
    xc = np.asarray(concrete(x), dtype=np.float64)
    edge = (xc <= 0) | (xc >= 1)
    bound = (ac + 1) / (ac + bc + 2)
    low = (xc <= bound) & ~edge
    high = ~low & ~edge
    parts_a, parts_b = [], []
    if low.any():
        xl = x if low.all() else fnp.where(low, x, (0.5 * bound).astype(_float_of(a, b, x)))
        da, db = _betainc_series_grads(a, b, xl, caller)
        parts_a.append((low, da))
        parts_b.append((low, db))
    if high.any():
        y = 1.0 - x if high.all() else fnp.where(high, 1.0 - x, (0.5 * (1.0 - bound)).astype(_float_of(a, b, x)))
        db_, da_ = _betainc_series_grads(b, a, y, caller)
        parts_a.append((high, -da_))
        parts_b.append((high, -db_))

    def assemble(parts: list[tuple[Any, Any]]) -> Any:
        out: Any = 0.0
        for m, v in parts:
            out = v if m.all() else fnp.where(m, v, out)
        return out if not edge.any() else fnp.where(edge, 0.0, out)

    return assemble(parts_a), assemble(parts_b)


def _beta_density(a: Any, b: Any, x: Any) -> Any:
    # d I_x(a, b) / dx = x^(a-1) (1-x)^(b-1) / B(a, b)  (DLMF 8.17.2)
    return fnp.exp(xlogy(a - 1, x) + xlog1py(b - 1, -x) - betaln(a, b))


defvjp(
    betainc_p,
    lambda y, ybar, a, b, x, caller: ybar * _dbetainc(a, b, x, caller)[0],
    lambda y, ybar, a, b, x, caller: ybar * _dbetainc(a, b, x, caller)[1],
    lambda y, ybar, a, b, x, caller: ybar * _beta_density(a, b, x),
)
defjvp(
    betainc_p,
    lambda adot, y, a, b, x, caller: adot * _dbetainc(a, b, x, caller)[0],
    lambda bdot, y, a, b, x, caller: bdot * _dbetainc(a, b, x, caller)[1],
    lambda xdot, y, a, b, x, caller: xdot * _beta_density(a, b, x),
)


def _stdtr_impl(df: Any, t: Any, caller: str) -> Any:
    return _sc.stdtr(df, t)


stdtr_p = Primitive("stats_stdtr", _stdtr_impl, kind=Kind.ELEMENTWISE, saves=(0, 1))


def stdtr(df: Any, t: Any, caller: str) -> Any:
    """Student's t cdf ``P(T <= t)`` with ``df`` degrees of freedom, differentiable
    in ``t`` and ``df``.

    Example:
        >>> float(stdtr(3.0, 0.0, "t.cdf:df"))
        0.5
    """
    if type(df) is not Tracer and type(t) is not Tracer:
        return _stdtr_impl(df, t, caller)
    return stdtr_p(df, t, caller=caller)


def _dstdtr_ddf(df: Any, t: Any, caller: str) -> Any:
    """``d P(T <= t) / d df``. With ``y = t^2 / (df + t^2)`` (computed as such, so
    that small ``t`` keep their precision) the cdf is ``1/2 + sign(t) I_y(1/2,
    df/2) / 2`` (DLMF 8.17 and the t distribution's definition), so its
    derivative in ``df`` is ``sign(t) dI/db / 4 - t (1 - y)^(df/2 - 1) (df +
    t^2)^(-3/2) / (2 B(1/2, df/2))``. Near ``t = 0`` (the cdf is 1/2 there for
    every ``df``) it is ``t d pdf(0) / d df`` to ``O(t^3)``: for ``|t| <
    1e-6 sqrt(df)``, where ``y`` would underflow, that serves, with the right
    derivatives in ``t`` and ``df``; 0 at ``df = inf``."""
    tc = np.asarray(concrete(t))
    dfc = np.asarray(concrete(df))
    infinite = np.isinf(dfc)
    small = np.abs(tc) < 1e-6 * np.sqrt(np.where(infinite, 1.0, dfc))
    zero = small | infinite
    dfs = df if not infinite.any() else fnp.where(infinite, 1.0, df)
    ts = t if not zero.any() else fnp.where(zero, 1.0, t)
    half = np.asarray(0.5, dtype=_float_of(df, t))  # (an array: special's functions promote a Python float)
    r = dfs + ts * ts
    y = ts * ts / r
    db = _dbetainc(half, 0.5 * dfs, y, caller)[1]
    sign = np.sign(np.where(zero, 1.0, tc)).astype(tc.dtype)
    tail = ts * fnp.exp((0.5 * dfs - 1.0) * fnp.log(dfs / r) - 1.5 * fnp.log(r) - betaln(half, 0.5 * dfs))
    out = 0.25 * sign * db - 0.5 * tail
    if not zero.any():
        return out
    # near t = 0: t times d pdf(0; df) / d df, with d log pdf(0; df) / d df =
    # (digamma((df + 1) / 2) - digamma(df / 2) - 1 / df) / 2
    dlog0 = 0.5 * (digamma(0.5 * (dfs + 1.0)) - digamma(0.5 * dfs) - 1.0 / dfs)
    at_zero = t * fnp.exp(t_logpdf_standard(0.0 * t, dfs)) * dlog0
    out = fnp.where(small, at_zero, out)
    return out if not infinite.any() else fnp.where(infinite, 0.0, out)


def t_logpdf_standard(t: Any, df: Any) -> Any:
    """The log-density of Student's t with ``df`` degrees of freedom at ``t``
    (``df = inf``: the standard normal's, as SciPy).

    Example:
        >>> round(float(t_logpdf_standard(0.0, 1.0)), 6)  # the Cauchy density at 0, 1/pi
        -1.14473
    """
    infinite = np.isinf(np.asarray(concrete(df)))
    if infinite.any():
        finite = t_logpdf_standard(t, fnp.where(infinite, 1.0, df))
        return fnp.where(infinite, -0.5 * (t * t) - 0.5 * math.log(2 * math.pi), finite)
    half = 0.5 * (df + 1)
    return (gammaln(half) - gammaln(0.5 * df) - 0.5 * fnp.log(df * math.pi)
            - half * fnp.log1p(t * t / df))


defvjp(
    stdtr_p,
    lambda y, ybar, df, t, caller: ybar * _dstdtr_ddf(df, t, caller),
    lambda y, ybar, df, t, caller: ybar * fnp.exp(t_logpdf_standard(t, df)),
)
defjvp(
    stdtr_p,
    lambda dfdot, y, df, t, caller: dfdot * _dstdtr_ddf(df, t, caller),
    lambda tdot, y, df, t, caller: tdot * fnp.exp(t_logpdf_standard(t, df)),
)


# fad's own primitives (as those ``import fad`` makes): a user primitive may not take
# their names, and the test catalogue must cover them
_primitive._builtin_names = _primitive._builtin_names | frozenset(
    p.name for p in (gammainc_p, betainc_p, stdtr_p)
)
