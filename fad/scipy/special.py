"""fad.scipy.special: the traced counterpart of ``scipy.special``.

Each function here computes SciPy's value (the implementation is SciPy's own
ufunc) and has derivatives in both modes to any order, written in terms of the
family's other functions: ``gammaln' = digamma``, ``digamma' = polygamma(1)``,
``polygamma(n)' = polygamma(n + 1)``, ``jv(v)' = (jv(v - 1) - jv(v + 1)) / 2``,
and so on, so that every derivative differentiates again. The sources of the
formulas are the sections of the NIST Digital Library of Mathematical
Functions (DLMF, https://dlmf.nist.gov) cited next to each rule.

SciPy's special functions are NumPy ufuncs, so plain SciPy code differentiates
unchanged: ``scipy.special.gammaln(x)`` on a traced ``x`` reaches
:func:`gammaln` here through NumPy's ``__array_ufunc__``, as ``np.sin(x)``
reaches ``fad.numpy.sin`` (the first such call imports this module). The
functions SciPy writes in Python (``polygamma``, ``multigammaln``,
``logsumexp``, ``softmax``, ``log_softmax``, ``softplus``) cannot be reached
that way (on a traced value they fail with an error naming the function here to
call); ``scipy.special.zeta`` can, as it calls a ufunc.

Complex arguments: the functions SciPy defines on complex values (``COMPLEX``:
``erf``, ``gamma``, ``loggamma``, ``digamma``, the Bessel functions of real order,
...) take complex traced values, with JAX's convention (docs/complex.md). They are
holomorphic (but ``ive``), so their rules are the real ones, ``f'(z) zdot`` and
``f'(z) ybar``; ``digamma``'s derivatives on complex values (SciPy's ``polygamma``
is real only) are computed by recurrence and asymptotic series. The others refuse
complex values with an error naming them (``gammaln`` points to ``loggamma``).

Arguments that are orders (``v`` of the Bessel functions, ``n`` of
``polygamma``), shapes (``a`` of ``gammainc``, ``a`` and ``b`` of ``betainc``)
or exponents (``x`` of ``zeta``) are constants: fad refuses a traced one with an
error, never a silent zero derivative. ``gammasgn``, piecewise constant, returns
a constant (``NOT_DIFFERENTIABLE``).

Example:
    >>> import fad, numpy as np, scipy.special
    >>> float(fad.grad(scipy.special.gammaln)(3.0))   # digamma(3) = 3/2 - Euler's gamma
    0.9227843350984671
"""

from __future__ import annotations

import math
from typing import Any, Callable, Optional, Union

import numpy as np
import scipy.special as _sp
from scipy.special import _ufuncs

import fad._primitive as _primitive
import fad.numpy as fnp
from fad._primitive import Kind, Primitive, defjvp, defvjp
from fad._tracer import Tracer, concrete
from fad.numpy import _dispatch
from fad.numpy._base import as_operand, where
from fad.numpy._elementwise import _has_complex, _i1, _times, cbrt, exp2, expm1, i0, log1p, logaddexp
from fad.numpy._util import Array, ArrayLike, Axis, bind, has_tracer, onp

__all__ = [
    # gamma and beta functions
    "gamma", "gammaln", "rgamma", "digamma", "psi", "polygamma", "multigammaln",
    "beta", "betaln", "gammainc", "gammaincc", "betainc", "betaincc", "gammasgn", "loggamma",
    "zeta",
    # error functions and the normal distribution
    "erf", "erfc", "erfinv", "erfcinv", "erfcx", "erfi", "dawsn", "wofz", "ndtr", "ndtri", "log_ndtr",
    "ndtri_exp",
    # logistic, logarithms, exponentials and entropies
    "expit", "logit", "log_expit", "softplus", "xlogy", "xlog1py", "entr", "rel_entr", "kl_div",
    "exp1", "expi", "expm1", "log1p", "exp2", "exp10", "cbrt",
    # Bessel functions
    "i0", "i0e", "i1", "i1e", "iv", "ive", "j0", "j1", "jv", "jn", "y0", "y1", "yn", "yv",
    "k0", "k0e", "k1", "k1e", "kv", "kve",
    # reductions
    "logsumexp", "softmax", "log_softmax",
]

NOT_DIFFERENTIABLE: dict[str, str] = {
    "gammasgn": "the sign of the gamma function, piecewise constant: computed on the concrete "
    "values and returned as a constant (its derivative is 0 away from the poles)",
}
"""Public names computed on concrete values and returned as constants (name -> why)."""

_PRIMITIVES: list[Primitive] = []


def _ew(name: str, impl: Callable[..., Any], saves: Any) -> Primitive:
    p = Primitive(name, impl, kind=Kind.ELEMENTWISE, saves=saves)
    _PRIMITIVES.append(p)
    return p


def _unary(name: str, impl: Callable[..., Any], deriv: Callable[[Any, Any], Any], saves: Any) -> Primitive:
    """An elementwise primitive of one argument whose derivative is ``deriv(y, x)``."""
    p = _ew(name, impl, saves)
    defvjp(p, lambda y, ybar, x: _times(ybar, deriv(y, x), y, x))
    defjvp(p, lambda xdot, y, x: _times(xdot, deriv(y, x), y, x))
    return p


def _of_order(name: str, impl: Callable[..., Any], deriv: Callable[[Any, Any, Any], Any], saves: Any) -> Primitive:
    """An elementwise primitive ``f(v, x)`` whose first argument is a constant
    (an order or a shape: no rule) and whose derivative in ``x`` is ``deriv(y, v, x)``."""
    p = _ew(name, impl, saves)
    defvjp(p, None, lambda y, ybar, v, x: ybar * deriv(y, v, x))
    defjvp(p, None, lambda xdot, y, v, x: xdot * deriv(y, v, x))
    return p


def _float_dtype(x: Any) -> np.dtype[Any]:
    """The floating dtype of a result computed from ``x``: float32 stays float32."""
    return np.result_type(np.asarray(x).dtype, np.float16)


def _as_given(v: Any) -> Any:
    """A constant argument for a primitive: a Python number as it is (NumPy's promotion
    treats it as weak: a float32 array next to it can stay float32, as in SciPy's own
    call), anything else as an array."""
    return v if type(v) in (int, float, bool) else np.asarray(v)


def _scipy_dtype(ufunc: Any, *args: Any) -> np.dtype[Any]:
    """The dtype SciPy's ``ufunc(*args)`` returns (Python numbers weak, as in the call)."""
    kinds = tuple(type(v) if type(v) in (int, float, bool) else np.asarray(concrete(v)).dtype for v in args)
    out: np.dtype[Any] = np.dtype(ufunc.resolve_dtypes(kinds + (None,))[-1])
    return out


def _like_x(ufunc: Any) -> Callable[..., Any]:
    """``ufunc(v, x)`` in ``x``'s floating dtype (SciPy computes some of them in
    float64 for a float32 ``x`` and an integer or float64 constant ``v``)."""

    def impl(v: Any, x: Any) -> Any:
        out = ufunc(v, x)
        dt = _float_dtype(x)
        return out.astype(dt) if isinstance(out, np.ndarray) else dt.type(out)

    return impl


def _arg(x: Any, fn: str) -> Any:
    """A traced call's argument (lists holding Tracers become one): complex values
    only for the functions SciPy defines on them (``COMPLEX``), refused otherwise."""
    if fn in COMPLEX:
        return as_operand(x)
    if fn == "gammaln" and _has_complex(x):
        raise TypeError(
            "fad.scipy.special.gammaln (scipy.special.gammaln on traced values) takes real values "
            "only (SciPy defines it for real arguments), but it got a complex operand. For the "
            "logarithm of the gamma function of complex values use scipy.special.loggamma "
            "(fad.scipy.special.loggamma: its principal branch, differentiable)."
        )
    if _has_complex(x):
        raise TypeError(
            f"fad.scipy.special.{fn} (scipy.special.{fn} on traced values) takes real values only, "
            f"as SciPy defines scipy.special.{fn} for real arguments only, but it got a complex "
            "operand. Apply it to real values: fnp.real(z), fnp.imag(z) or fnp.abs(z), as the "
            "computation needs."
        )
    return as_operand(x)


COMPLEX: frozenset[str] = frozenset({
    "gamma", "loggamma", "rgamma", "digamma", "erf", "erfc", "erfcx", "erfi", "dawsn", "wofz",
    "ndtr", "log_ndtr", "xlogy", "xlog1py", "exp1", "expi", "iv", "ive", "jv", "yv", "kv", "kve",
})
"""The functions here that take complex arguments, as SciPy's ufuncs of the same
names do: all holomorphic (off their poles and branch cuts) but ``ive``, scaled by
``exp(-|Re z|)``. Their rules follow JAX's convention (docs/complex.md): the
holomorphic ones keep their real rules, ``f'(z) zdot`` and ``f'(z) ybar``. The
others refuse complex arguments, naming the function, as SciPy has no complex
loop for them."""


def _constant(v: Any, fn: str, what: str, why: str) -> Any:
    """An order or shape argument, which must not be traced."""
    if has_tracer(v):
        raise TypeError(
            f"fad.scipy.special.{fn} (and scipy.special.{fn} on traced values): {what} is "
            f"a constant to fad ({why}), but a traced value was given for it. Pass a plain "
            f"number or array; if its derivative is not wanted, fad.stop_gradient({what.split()[-1]}) "
            "makes a traced value one."
        )
    return v


def _plain(x: Any) -> bool:
    """Whether ``x`` holds no traced value (the untraced fast path applies)."""
    t = type(x)
    return t is not Tracer and (t is not list and t is not tuple or not has_tracer(x))


def _plain2(x: Any, y: Any) -> bool:
    return _plain(x) and _plain(y)


_SQRT_PI = math.sqrt(math.pi)
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_SQRT_2PI = math.sqrt(2.0 * math.pi)
_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_SQRT1_2 = math.sqrt(0.5)


# --- the gamma function and its logarithmic derivatives --------------------------------
#
# psi = Gamma' / Gamma (DLMF 5.2.2), so (log Gamma)' = psi and Gamma' = Gamma psi;
# psi^(n)' = psi^(n+1) (DLMF 5.15.1 defines the polygamma functions as the derivatives
# of psi). (1 / Gamma)' = -psi / Gamma, and at the poles of Gamma (x = -n, n = 0, 1, ...)
# 1 / Gamma has the finite slope (-1)^n n! (the residue of Gamma there is (-1)^n / n!,
# DLMF 5.2.1 with 5.5.1); its higher derivatives there come from its series (5.7.1).


def _polygamma_impl(n: Any, x: Any) -> Any:
    if np.iscomplexobj(x):
        return _complex_polygamma(n, x)
    out = _sp.polygamma(n, x)
    dt = _float_dtype(x)
    return out.astype(dt) if isinstance(out, np.ndarray) else dt.type(out)


# B_2, B_4, ..., B_24: the Bernoulli numbers of the asymptotic series of psi^(n) (DLMF 24.2)
_BERNOULLI = (
    1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798,
    -174611 / 330, 854513 / 138, -236364091 / 2730,
)


def _psi_n(k: int, z: Any) -> Any:
    """psi^(k)(z) for an integer k >= 1 and complex128 ``z`` (SciPy's polygamma is real only).

    By the recurrence psi^(k)(z) = psi^(k)(z + m) + (-1)^(k+1) k! sum_{j<m} (z + j)^-(k+1)
    (DLMF 5.15.5, from the series 5.15.1), ``z`` is moved to Re w >= 20 + k, where the
    asymptotic series psi^(k)(w) ~ (-1)^(k+1) [(k-1)!/w^k + k!/(2 w^(k+1))
    + sum_j B_2j (2j+k-1)! / ((2j)! w^(2j+k))] (DLMF 5.15.8) is exact to rounding with
    the twelve terms above (its j-th term is below (2j+k)^(2j+k) / (2 pi w)^(2j) / w^k)."""
    shift = np.maximum(0.0, np.ceil(20.0 + k - z.real)).astype(np.int64)
    m = int(shift.max(initial=0))
    with np.errstate(divide="ignore", invalid="ignore"):  # at a pole (z = -j): inf, as SciPy's
        steps = np.arange(m)
        terms = (z[..., None] + steps) ** -(k + 1)
        total = np.where(steps < shift[..., None], terms, 0).sum(axis=-1)
        w = z + shift
        v = 1 / (w * w)
        tail = np.zeros(z.shape, np.complex128)
        for j in range(len(_BERNOULLI), 0, -1):  # Horner's rule in 1 / w^2
            tail = (tail + _BERNOULLI[j - 1] * (math.factorial(2 * j + k - 1) / math.factorial(2 * j))) * v
        s = (math.factorial(k - 1) + math.factorial(k) / (2 * w) + tail) / w**k
        return (-1) ** (k + 1) * (s + math.factorial(k) * total)


def _complex_polygamma(n: Any, x: Any) -> Any:
    """polygamma(n, x) for complex ``x`` (psi itself for n = 0), in ``x``'s dtype."""
    nv, xv = np.broadcast_arrays(np.asarray(n), np.asarray(x))
    z = xv.astype(np.complex128)
    out = np.empty(z.shape, np.complex128)
    for k in np.unique(nv):
        at = nv == k
        out[at] = _sp.psi(z[at]) if k == 0 else _psi_n(int(k), z[at])
    res = out.astype(np.asarray(x).dtype)
    return res if res.ndim else res[()]


def _polygamma_any(n: Any, x: Any) -> Any:
    """polygamma(n, x) of a traced ``x``, complex too: digamma's derivatives (SciPy's
    polygamma, and so fad's public one, take real values only)."""
    return bind(polygamma_p, n, x)


def _trigamma(x: Any) -> Any:
    """psi'(x): polygamma(1, x), complex too."""
    if _is_complex_value(x):
        return _polygamma_any(np.asarray(1), x)
    return polygamma(1, x)


def _is_complex_value(x: Any) -> bool:
    return bool(np.iscomplexobj(concrete(x)))


gammaln_p = _unary("gammaln", _sp.gammaln, lambda y, x: digamma(x), (0,))
gamma_p = _unary("gamma", _sp.gamma, lambda y, x: y * digamma(x), (0, "y"))
digamma_p = _unary("digamma", _sp.psi, lambda y, x: _trigamma(x), (0,))
polygamma_p = _of_order("polygamma", _polygamma_impl, lambda y, n, x: _polygamma_any(n + 1, x), (0, 1))


def _rgamma_series(terms: int) -> Any:
    """The Maclaurin coefficients c_j of 1/Gamma(z) = sum_j c_j z^j (DLMF 5.7.1), from
    log(1/Gamma(1 + z)) = gamma z + sum_{k>=2} (-1)^(k+1) zeta(k) z^k / k (DLMF 5.7.3)
    exponentiated as a power series, and 1/Gamma(z) = z / Gamma(1 + z)."""
    a = np.zeros(terms)
    a[1] = np.euler_gamma
    for k in range(2, terms):
        a[k] = (-1) ** (k + 1) * _sp.zeta(k) / k
    b = np.zeros(terms)
    b[0] = 1.0
    for m in range(1, terms):
        b[m] = sum(k * a[k] * b[m - k] for k in range(1, m + 1)) / m
    return np.concatenate([[0.0], b[:-1]])


_RGAMMA_SERIES = _rgamma_series(18)


def _rgamma_near_pole(n: int) -> Any:
    """The coefficients, in e = x + n, of rgamma'(x) near the pole x = -n of Gamma:
    1/Gamma(e - n) = (e - 1)(e - 2)...(e - n) / Gamma(e) (DLMF 5.5.1), differentiated."""
    q = np.polynomial.polynomial.polyfromroots(np.arange(1.0, n + 1)) if n else np.ones(1)
    return np.polynomial.polynomial.polyder(np.polynomial.polynomial.polymul(q, _RGAMMA_SERIES))


_NEAR_POLE = 0.1
"""Within this distance of a pole of Gamma, rgamma's slope is its series: there
-rgamma * digamma is a product of a small and a large number, whose derivatives
cancel to the digits lost (the series has 18 terms: < 1e-17 relative error at 0.1)."""


def _rgamma_slope(y: Any, x: Any) -> Any:
    xv = np.asarray(concrete(x))
    nearest = np.round(xv.real)  # (a complex x: the pole nearest to it, its distance |x + n|)
    pole = (nearest <= 0) & (np.abs(xv - nearest) < _NEAR_POLE)
    if not pole.any():
        return -y * digamma(x)
    # near a pole of Gamma, the slope of rgamma as a polynomial in e = x + n (0 at the
    # pole, and traced), so that its derivatives of every order up to the series'
    # length are exact there
    dt = _float_dtype(xv)
    n = np.where(pole, -nearest, 0.0)
    e = where(pole, x, 0.0) + n.astype(dt)
    coeffs = np.zeros((len(_RGAMMA_SERIES) - 1,) + xv.shape)
    for m in np.unique(n[pole]).astype(int):
        c = _rgamma_near_pole(int(m))[: coeffs.shape[0]]
        coeffs[: len(c), pole & (n == m)] = c[:, None]
    near = np.asarray(coeffs[-1], dt) * 1.0
    near_t: Any = near
    for c in coeffs[-2::-1]:  # Horner's rule
        near_t = near_t * e + np.asarray(c, dt)
    safe = where(pole, 0.5, x)
    return where(pole, near_t, -where(pole, 1.0, y) * digamma(safe))


rgamma_p = _unary("rgamma", _sp.rgamma, _rgamma_slope, (0, "y"))


def gammaln(x: ArrayLike) -> Array:
    """Elementwise logarithm of the absolute value of the gamma function.

    Its derivative is :func:`digamma` (DLMF 5.2.2).

    Args:
        x: an array-like.

    Returns:
        ``log|Gamma(x)|``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.gammaln(4.0)), round(float(fad.grad(fsp.gammaln)(1.0)), 12)
        (1.791759469228055, -0.577215664902)
    """
    if _plain(x):
        return _sp.gammaln(x)  # type: ignore[no-any-return]
    return bind(gammaln_p, _arg(x, "gammaln"))


def gamma(x: ArrayLike) -> Array:
    """Elementwise gamma function.

    Its derivative is ``gamma(x) * digamma(x)`` (DLMF 5.2.2).

    Args:
        x: an array-like.

    Returns:
        ``Gamma(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.gamma(5.0)), round(float(fad.grad(fsp.gamma)(1.0)), 12)
        (24.0, -0.577215664902)
    """
    if _plain(x):
        return _sp.gamma(x)  # type: ignore[no-any-return]
    return bind(gamma_p, _arg(x, "gamma"))


def rgamma(x: ArrayLike) -> Array:
    """Elementwise reciprocal of the gamma function, ``1 / Gamma(x)`` (an entire function).

    Its derivative is ``-rgamma(x) * digamma(x)``, and ``(-1)^n n!`` at the
    poles ``x = -n`` of Gamma, where ``rgamma`` is 0 (DLMF 5.2.1, 5.5.1); there
    the derivatives of higher orders come from the Maclaurin series of
    ``1/Gamma`` (DLMF 5.7.1), exact up to order 16.

    Args:
        x: an array-like.

    Returns:
        ``1 / Gamma(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.rgamma(0.0)), float(fad.grad(fsp.rgamma)(0.0)), float(fad.grad(fsp.rgamma)(-2.0))
        (0.0, 1.0, 2.0)
    """
    if _plain(x):
        return _sp.rgamma(x)  # type: ignore[no-any-return]
    return bind(rgamma_p, _arg(x, "rgamma"))


def digamma(x: ArrayLike) -> Array:
    """Elementwise digamma function, ``psi(x) = Gamma'(x) / Gamma(x)``.

    Its derivative is ``polygamma(1, x)`` (DLMF 5.15.1).

    Args:
        x: an array-like.

    Returns:
        ``psi(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> round(float(fsp.digamma(1.0)), 12), round(float(fad.grad(fsp.digamma)(1.0)), 12)   # pi^2 / 6
        (-0.577215664902, 1.644934066848)
    """
    if _plain(x):
        return _sp.psi(x)  # type: ignore[no-any-return]
    return bind(digamma_p, _arg(x, "digamma"))


psi = digamma


def polygamma(n: ArrayLike, x: ArrayLike) -> Array:
    """Elementwise polygamma function, the ``n``-th derivative of :func:`digamma`.

    Its derivative in ``x`` is ``polygamma(n + 1, x)`` (DLMF 5.15.1); the order
    ``n`` (a non-negative integer, or an array of them) is a constant.

    Args:
        n: the order: a non-negative integer or an integer array (not traced).
        x: an array-like (broadcast with ``n``).

    Returns:
        ``psi^(n)(x)`` in ``x``'s floating dtype (a Tracer if ``x`` is traced).

    Raises:
        TypeError: if ``n`` is traced.
        ValueError: if ``n`` is not a non-negative integer.

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> round(float(fsp.polygamma(1, 1.0)), 12), round(float(fad.grad(lambda x: fsp.polygamma(1, x))(1.0)), 9)
        (1.644934066848, -2.404113806)
    """
    _constant(n, "polygamma", "the order n", "a derivative in an integer order does not exist")
    nv = np.asarray(n)
    if nv.dtype.kind not in "iub" and not np.all(nv == np.floor(nv)) or np.any(nv < 0):
        raise ValueError(f"fad.scipy.special.polygamma: the order n must be a non-negative integer, got {n!r}")
    if nv.dtype.kind not in "iub":
        nv = nv.astype(np.int64)
    if _has_complex(x):  # refused, as by SciPy's polygamma (real only)
        _arg(x, "polygamma")
    if _plain(x):
        return _polygamma_impl(nv, x)  # type: ignore[no-any-return]
    return bind(polygamma_p, nv, _arg(x, "polygamma"))


def multigammaln(a: ArrayLike, d: int) -> Array:
    """The logarithm of the multivariate gamma function of dimension ``d``.

    ``log Gamma_d(a) = d (d - 1) / 4 log(pi) + sum_{j=0}^{d-1} gammaln(a - j / 2)``
    (DLMF 35.3.1), so its derivative is a sum of digammas.

    Args:
        a: an array-like, every element greater than ``(d - 1) / 2``.
        d: the dimension, a positive integer (not traced).

    Returns:
        An array of ``a``'s shape (a Tracer if ``a`` is traced).

    Raises:
        ValueError: if some element of ``a`` is not greater than ``(d - 1) / 2``.

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> round(float(fsp.multigammaln(3.0, 2)), 12), round(float(fad.grad(lambda a: fsp.multigammaln(a, 2))(3.0)), 12)
        (1.550194993958, 1.625940975744)
    """
    _constant(d, "multigammaln", "the dimension d", "it is an integer")
    d = int(d)
    if d < 1:
        raise ValueError(f"fad.scipy.special.multigammaln: the dimension d must be positive, got {d}")
    if _plain(a):
        return _sp.multigammaln(a, d)  # type: ignore[no-any-return]
    ta: Any = _arg(a, "multigammaln")
    if np.any(np.asarray(concrete(ta)) <= 0.5 * (d - 1)):
        raise ValueError(
            f"fad.scipy.special.multigammaln: every element of a must be greater than (d - 1) / 2 = {0.5 * (d - 1)}"
        )
    total: Array = gammaln(ta)
    for j in range(1, d):
        total = total + gammaln(ta - 0.5 * j)
    return total + d * (d - 1) * 0.25 * math.log(math.pi)


# --- the beta function ----------------------------------------------------------------
#
# B(a, b) = Gamma(a) Gamma(b) / Gamma(a + b) (DLMF 5.12.1), so
# d log|B| / da = psi(a) - psi(a + b), and dB / da = B (psi(a) - psi(a + b)).


def _dlogbeta(a: Any, b: Any) -> Any:
    return digamma(a) - digamma(a + b)


betaln_p = _ew("betaln", _sp.betaln, (0, 1))
defvjp(
    betaln_p,
    lambda y, ybar, a, b: ybar * _dlogbeta(a, b),
    lambda y, ybar, a, b: ybar * _dlogbeta(b, a),
)
defjvp(
    betaln_p,
    lambda adot, y, a, b: adot * _dlogbeta(a, b),
    lambda bdot, y, a, b: bdot * _dlogbeta(b, a),
)
beta_p = _ew("beta", _sp.beta, (0, 1, "y"))
defvjp(
    beta_p,
    lambda y, ybar, a, b: ybar * y * _dlogbeta(a, b),
    lambda y, ybar, a, b: ybar * y * _dlogbeta(b, a),
)
defjvp(
    beta_p,
    lambda adot, y, a, b: adot * y * _dlogbeta(a, b),
    lambda bdot, y, a, b: bdot * y * _dlogbeta(b, a),
)


def betaln(a: ArrayLike, b: ArrayLike) -> Array:
    """Elementwise logarithm of the absolute value of the beta function.

    Its partial derivatives are ``digamma(a) - digamma(a + b)`` and the same
    with ``a`` and ``b`` swapped (DLMF 5.12.1).

    Args:
        a, b: array-likes (broadcast together).

    Returns:
        ``log|B(a, b)|`` (a Tracer if an argument is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> round(float(fsp.betaln(2.0, 3.0)), 12), round(float(fad.grad(fsp.betaln)(2.0, 3.0)), 12)   # log(1/12), 1 - 25/12
        (-2.48490664979, -1.083333333333)
    """
    if _plain2(a, b):
        return _sp.betaln(a, b)  # type: ignore[no-any-return]
    return bind(betaln_p, _arg(a, "betaln"), _arg(b, "betaln"))


def beta(a: ArrayLike, b: ArrayLike) -> Array:
    """Elementwise beta function, ``Gamma(a) Gamma(b) / Gamma(a + b)``.

    Its partial derivative in ``a`` is ``beta(a, b) (digamma(a) - digamma(a + b))``
    (DLMF 5.12.1), and the same in ``b`` with the roles swapped.

    Args:
        a, b: array-likes (broadcast together).

    Returns:
        ``B(a, b)`` (a Tracer if an argument is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> round(float(fsp.beta(2.0, 3.0)), 12), round(float(fad.grad(fsp.beta)(2.0, 3.0)), 12)
        (0.083333333333, -0.090277777778)
    """
    if _plain2(a, b):
        return _sp.beta(a, b)  # type: ignore[no-any-return]
    return bind(beta_p, _arg(a, "beta"), _arg(b, "beta"))


# --- the incomplete gamma functions -----------------------------------------------------
#
# P(a, x) = gamma(a, x) / Gamma(a) with gamma(a, x) = int_0^x t^(a-1) e^-t dt (DLMF 8.2.1,
# 8.2.4), so dP/dx = x^(a-1) e^-x / Gamma(a) and Q = 1 - P has the opposite slope. Their
# derivatives in the shape a have no closed form: a is a constant to fad.


def _power_at(x: Any, p: Any, at: Any) -> Any:
    """x^p where ``at`` holds (there x is 0), by fad.numpy's power, whose derivatives
    at 0 are right at every order (0, a finite k! or inf); 1 elsewhere (a safe base,
    so the branch ``where`` does not take has finite derivatives)."""
    with np.errstate(divide="ignore"):  # 0^p = inf for p < 0: the slope is infinite there
        return fnp.power(where(at, x, 1.0), p)


def _safe_inside(x: Any, ends: Any, inside: float) -> Any:
    """x, with ``inside`` (a point where the logarithms are finite) where ``ends`` holds."""
    return where(ends, inside, x)


def _clipped_exp(t: Any, dt: np.dtype[Any]) -> Any:
    """The constant e^t in ``dt``, at most its largest finite number (so that it times a
    power that is 0 at the end of the support stays 0)."""
    with np.errstate(over="ignore"):
        return np.minimum(np.exp(t), np.finfo(dt).max).astype(dt)


def _gammainc_slope(a: Any, x: Any) -> Any:
    """x^(a-1) e^-x / Gamma(a), as an exponential of logarithms (no overflow), in
    x's dtype (the constant a does not promote it).

    At x = 0 the logarithm's derivative (a - 1) / x is infinite where the slope's is
    not (0 * inf = nan at order 2, for a > 1): there the slope is written x^(a-1) e^-x
    times the constant 1 / Gamma(a), whose derivatives at 0 are right at every order
    (0, finite, or inf for non-integer a where the true one is infinite), and the
    logarithmic form is evaluated at a safe x (the double-where)."""
    xv = np.asarray(concrete(x))
    dt = _scipy_dtype(_sp.gammainc, a, x)  # the value's dtype: SciPy's
    a = np.asarray(a, dt)
    zero = xv == 0
    if not zero.any():
        return fnp.exp(xlogy(a - 1, x) - x - _sp.gammaln(a))
    xs = _safe_inside(x, zero, 1.0)
    inside = fnp.exp(xlogy(a - 1, xs) - xs - _sp.gammaln(a))
    end = _power_at(x, a - 1, zero) * fnp.exp(-x) * _clipped_exp(-_sp.gammaln(a), dt)
    return where(zero, end, inside)


gammainc_p = _of_order("gammainc", _sp.gammainc, lambda y, a, x: _gammainc_slope(a, x), (0, 1))
gammaincc_p = _of_order("gammaincc", _sp.gammaincc, lambda y, a, x: -_gammainc_slope(a, x), (0, 1))

_SHAPE_WHY = (
    "its derivative in the shape has no closed form; differentiate in x, or "
    "write the integral with fad's functions if you need it"
)


def gammainc(a: ArrayLike, x: ArrayLike) -> Array:
    """The regularised lower incomplete gamma function ``P(a, x)``, elementwise.

    Differentiable in ``x``: ``dP/dx = x^(a-1) e^(-x) / Gamma(a)`` (DLMF 8.2.1,
    8.2.4). The shape ``a`` is a constant: a traced ``a`` is an error.

    Args:
        a: the shape, positive (not traced).
        x: an array-like, non-negative (broadcast with ``a``).

    Returns:
        ``P(a, x)`` in SciPy's result dtype (float64 for a float32 ``x`` and a Python ``a``,
        as ``scipy.special.gammainc``; a Tracer if ``x`` is traced).

    Raises:
        TypeError: if ``a`` is traced.

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> round(float(fsp.gammainc(1.0, 2.0)), 12), round(float(fad.grad(lambda x: fsp.gammainc(1.0, x))(2.0)), 12)
        (0.864664716763, 0.135335283237)
    """
    _constant(a, "gammainc", "the shape a", _SHAPE_WHY)
    if _plain(x):
        return _sp.gammainc(a, x)  # type: ignore[no-any-return]
    return bind(gammainc_p, _as_given(a), _arg(x, "gammainc"))


def gammaincc(a: ArrayLike, x: ArrayLike) -> Array:
    """The regularised upper incomplete gamma function ``Q(a, x) = 1 - P(a, x)``, elementwise.

    Differentiable in ``x``: ``dQ/dx = -x^(a-1) e^(-x) / Gamma(a)`` (DLMF 8.2.1,
    8.2.4). The shape ``a`` is a constant: a traced ``a`` is an error.

    Args:
        a: the shape, positive (not traced).
        x: an array-like, non-negative (broadcast with ``a``).

    Returns:
        ``Q(a, x)`` in SciPy's result dtype (as :func:`gammainc`; a Tracer if ``x`` is traced).

    Raises:
        TypeError: if ``a`` is traced.

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> round(float(fsp.gammaincc(1.0, 2.0)), 12), round(float(fad.grad(lambda x: fsp.gammaincc(1.0, x))(2.0)), 12)
        (0.135335283237, -0.135335283237)
    """
    _constant(a, "gammaincc", "the shape a", _SHAPE_WHY)
    if _plain(x):
        return _sp.gammaincc(a, x)  # type: ignore[no-any-return]
    return bind(gammaincc_p, _as_given(a), _arg(x, "gammaincc"))


# --- the incomplete beta functions ------------------------------------------------------
#
# I_x(a, b) = B_x(a, b) / B(a, b) with B_x(a, b) = int_0^x t^(a-1) (1-t)^(b-1) dt (DLMF
# 8.17.1, 8.17.2), so dI/dx = x^(a-1) (1-x)^(b-1) / B(a, b), and the complement 1 - I has
# the opposite slope. The parameters a and b are constants to fad, as gammainc's a.


def _betainc_slope(a: Any, b: Any, x: Any) -> Any:
    """x^(a-1) (1-x)^(b-1) / B(a, b), as an exponential of logarithms, in x's dtype.

    At x = 0 (and x = 1) the factor x^(a-1) (and (1-x)^(b-1)) is written as a power,
    as in :func:`_gammainc_slope`, the other factor as an exponential of its logarithm
    (finite there), and 1 / B(a, b) as a constant. (A derivative that is infinite
    there can still come out nan, where the product rule meets inf * 0 from a factor
    whose higher derivatives vanish, e.g. (1 - x)^1; a finite one is exact.)"""
    xv = np.asarray(concrete(x))
    dt = _float_dtype(xv)
    a, b = np.asarray(a, dt), np.asarray(b, dt)
    zero, one = xv == 0, xv == 1
    if not (zero.any() or one.any()):
        return fnp.exp(xlogy(a - 1, x) + xlog1py(b - 1, -x) - _sp.betaln(a, b))
    xs = _safe_inside(x, zero | one, 0.5)
    inside = fnp.exp(xlogy(a - 1, xs) + xlog1py(b - 1, -xs) - _sp.betaln(a, b))
    c = _clipped_exp(-_sp.betaln(a, b), dt)
    x0 = _safe_inside(x, ~zero, 0.0)  # x where it is 0, else 0: the other factor there
    x1 = _safe_inside(x, ~one, 1.0)
    at0 = _power_at(x, a - 1, zero) * fnp.exp(xlog1py(b - 1, -x0)) * c
    at1 = fnp.exp(xlogy(a - 1, x1)) * _power_at(1 - x, b - 1, one) * c
    return where(zero, at0, where(one, at1, inside))


def _like_last(ufunc: Any) -> Callable[..., Any]:
    """``ufunc(a, b, x)`` in ``x``'s floating dtype."""

    def impl(a: Any, b: Any, x: Any) -> Any:
        out = ufunc(a, b, x)
        dt = _float_dtype(x)
        return out.astype(dt) if isinstance(out, np.ndarray) else dt.type(out)

    return impl


betainc_p = _ew("betainc", _like_last(_sp.betainc), (0, 1, 2))
defvjp(betainc_p, None, None, lambda y, ybar, a, b, x: ybar * _betainc_slope(a, b, x))
defjvp(betainc_p, None, None, lambda xdot, y, a, b, x: xdot * _betainc_slope(a, b, x))
betaincc_p = _ew("betaincc", _like_last(_sp.betaincc), (0, 1, 2))
defvjp(betaincc_p, None, None, lambda y, ybar, a, b, x: -ybar * _betainc_slope(a, b, x))
defjvp(betaincc_p, None, None, lambda xdot, y, a, b, x: -xdot * _betainc_slope(a, b, x))

_BETA_WHY = (
    "its derivatives in the parameters have no closed form; differentiate in x, or "
    "write the integral with fad's functions if you need them"
)


def betainc(a: ArrayLike, b: ArrayLike, x: ArrayLike) -> Array:
    """The regularised incomplete beta function ``I_x(a, b)``, elementwise.

    Differentiable in ``x``: ``dI/dx = x^(a-1) (1-x)^(b-1) / B(a, b)`` (DLMF
    8.17.1, 8.17.2). The parameters ``a`` and ``b`` are constants: traced ones
    are an error.

    Args:
        a, b: the parameters, positive (not traced).
        x: an array-like in ``[0, 1]`` (broadcast with ``a`` and ``b``).

    Returns:
        ``I_x(a, b)`` in ``x``'s floating dtype (a Tracer if ``x`` is traced).

    Raises:
        TypeError: if ``a`` or ``b`` is traced.

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.betainc(2.0, 1.0, 0.5)), float(fad.grad(lambda x: fsp.betainc(2.0, 1.0, x))(0.5))
        (0.25, 1.0)
    """
    _constant(a, "betainc", "the parameter a", _BETA_WHY)
    _constant(b, "betainc", "the parameter b", _BETA_WHY)
    if _plain(x):
        return _sp.betainc(a, b, x)  # type: ignore[no-any-return]
    return bind(betainc_p, np.asarray(a), np.asarray(b), _arg(x, "betainc"))


def betaincc(a: ArrayLike, b: ArrayLike, x: ArrayLike) -> Array:
    """The complement ``1 - I_x(a, b)`` of :func:`betainc`, elementwise (accurate where I is near 1).

    Differentiable in ``x``: ``-x^(a-1) (1-x)^(b-1) / B(a, b)`` (DLMF 8.17.2).
    The parameters ``a`` and ``b`` are constants: traced ones are an error.

    Args:
        a, b: the parameters, positive (not traced).
        x: an array-like in ``[0, 1]`` (broadcast with ``a`` and ``b``).

    Returns:
        ``1 - I_x(a, b)`` in ``x``'s floating dtype (a Tracer if ``x`` is traced).

    Raises:
        TypeError: if ``a`` or ``b`` is traced.

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.betaincc(2.0, 1.0, 0.5)), float(fad.grad(lambda x: fsp.betaincc(2.0, 1.0, x))(0.5))
        (0.75, -1.0)
    """
    _constant(a, "betaincc", "the parameter a", _BETA_WHY)
    _constant(b, "betaincc", "the parameter b", _BETA_WHY)
    if _plain(x):
        return _sp.betaincc(a, b, x)  # type: ignore[no-any-return]
    return bind(betaincc_p, np.asarray(a), np.asarray(b), _arg(x, "betaincc"))


def gammasgn(x: ArrayLike) -> Array:
    """The sign of the gamma function, elementwise: a constant (no derivative).

    Piecewise constant (+1 or -1, and 0 or nan at the poles), so it is computed
    on the concrete values, and a traced ``x`` gives a plain array: its
    derivative is 0 wherever it has one.

    Args:
        x: an array-like.

    Returns:
        The sign of ``Gamma(x)`` (a plain NumPy value).

    Example:
        >>> import fad.scipy.special as fsp
        >>> float(fsp.gammasgn(-0.5)), float(fsp.gammasgn(2.5))
        (-1.0, 1.0)
    """
    return _sp.gammasgn(_concrete_arg(x))  # type: ignore[no-any-return]


def _concrete_arg(x: Any) -> Any:
    """``x``'s concrete values (a list holding traced values too)."""
    if type(x) is list or type(x) is tuple:
        return np.asarray([_concrete_arg(v) for v in x])
    return concrete(x)


# --- the error functions and the normal distribution -----------------------------------
#
# erf' = 2/sqrt(pi) e^(-x^2) (DLMF 7.2.1), erfc = 1 - erf, erfcx = e^(x^2) erfc(x) (DLMF
# 7.2.3) so erfcx' = 2 x erfcx - 2/sqrt(pi); the inverses by the inverse function rule
# (DLMF 7.17): erfinv' = sqrt(pi)/2 e^(erfinv^2), erfcinv' = -sqrt(pi)/2 e^(erfcinv^2).
# ndtr(x) = erfc(-x/sqrt 2) / 2 (DLMF 7.18 ... the normal distribution function, 7.2.2),
# so ndtr' = phi(x) = e^(-x^2/2) / sqrt(2 pi), and ndtri' = 1 / phi(ndtri).
# log_ndtr' = phi / ndtr: for x >= 0 as exp(-x^2/2 - log sqrt(2 pi) - log_ndtr(x)); for
# x < 0, where both are tiny, as sqrt(2/pi) / erfcx(-x/sqrt 2) (ndtr(x) = e^(-x^2/2)
# erfcx(-x/sqrt 2) / 2), which neither underflows nor cancels.


def _log_ndtr_slope(y: Any, x: Any) -> Any:
    if _is_complex_value(x):  # phi / ndtr = exp(-x^2/2 - log sqrt(2 pi) - log ndtr), on any branch
        return fnp.exp(-0.5 * x * x - _LOG_SQRT_2PI - y)
    neg = np.asarray(concrete(x)) < 0
    if neg.all():
        return _SQRT_2_OVER_PI / erfcx(-x * _SQRT1_2)
    if not neg.any():
        return fnp.exp(-0.5 * x * x - _LOG_SQRT_2PI - y)
    xn = where(neg, x, 0.0)
    xp = where(neg, 0.0, x)
    yp = where(neg, 0.0, y)
    return where(neg, _SQRT_2_OVER_PI / erfcx(-xn * _SQRT1_2), fnp.exp(-0.5 * xp * xp - _LOG_SQRT_2PI - yp))


erf_p = _unary("erf", _sp.erf, lambda y, x: _TWO_OVER_SQRT_PI * fnp.exp(-x * x), (0,))
erfc_p = _unary("erfc", _sp.erfc, lambda y, x: -_TWO_OVER_SQRT_PI * fnp.exp(-x * x), (0,))
erfcx_p = _unary("erfcx", _sp.erfcx, lambda y, x: 2 * x * y - _TWO_OVER_SQRT_PI, (0, "y"))
erfinv_p = _unary("erfinv", _sp.erfinv, lambda y, x: 0.5 * _SQRT_PI * fnp.exp(y * y), ("y",))
erfcinv_p = _unary("erfcinv", _sp.erfcinv, lambda y, x: -0.5 * _SQRT_PI * fnp.exp(y * y), ("y",))
ndtr_p = _unary("ndtr", _sp.ndtr, lambda y, x: fnp.exp(-0.5 * x * x) / _SQRT_2PI, (0,))
ndtri_p = _unary("ndtri", _sp.ndtri, lambda y, x: _SQRT_2PI * fnp.exp(0.5 * y * y), ("y",))
log_ndtr_p = _unary("log_ndtr", _sp.log_ndtr, _log_ndtr_slope, (0, "y"))


def erf(x: ArrayLike) -> Array:
    """Elementwise error function, ``2/sqrt(pi) int_0^x e^(-t^2) dt``.

    Its derivative is ``2/sqrt(pi) e^(-x^2)`` (DLMF 7.2.1).

    Args:
        x: an array-like.

    Returns:
        ``erf(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.erf(0.0)), round(float(fad.grad(fsp.erf)(0.0)), 12)
        (0.0, 1.128379167096)
    """
    if _plain(x):
        return _sp.erf(x)  # type: ignore[no-any-return]
    return bind(erf_p, _arg(x, "erf"))


def erfc(x: ArrayLike) -> Array:
    """Elementwise complementary error function, ``1 - erf(x)`` (accurate where erf is near 1).

    Its derivative is ``-2/sqrt(pi) e^(-x^2)`` (DLMF 7.2.2).

    Args:
        x: an array-like.

    Returns:
        ``erfc(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.erfc(0.0)), round(float(fad.grad(fsp.erfc)(0.0)), 12)
        (1.0, -1.128379167096)
    """
    if _plain(x):
        return _sp.erfc(x)  # type: ignore[no-any-return]
    return bind(erfc_p, _arg(x, "erfc"))


def erfcx(x: ArrayLike) -> Array:
    """Elementwise scaled complementary error function, ``e^(x^2) erfc(x)``.

    Its derivative is ``2 x erfcx(x) - 2/sqrt(pi)`` (DLMF 7.2.3 with 7.2.2).

    Args:
        x: an array-like.

    Returns:
        ``erfcx(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.erfcx(0.0)), round(float(fad.grad(fsp.erfcx)(0.0)), 12)
        (1.0, -1.128379167096)
    """
    if _plain(x):
        return _sp.erfcx(x)  # type: ignore[no-any-return]
    return bind(erfcx_p, _arg(x, "erfcx"))


def erfinv(y: ArrayLike) -> Array:
    """Elementwise inverse of the error function, on ``(-1, 1)``.

    Its derivative is ``sqrt(pi)/2 e^(erfinv(y)^2)`` (the inverse function rule
    with DLMF 7.2.1; DLMF 7.17).

    Args:
        y: an array-like with values in ``[-1, 1]``.

    Returns:
        ``x`` with ``erf(x) = y``, of the same shape (a Tracer if ``y`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.erfinv(0.0)), round(float(fad.grad(fsp.erfinv)(0.0)), 12)
        (0.0, 0.886226925453)
    """
    if _plain(y):
        return _sp.erfinv(y)  # type: ignore[no-any-return]
    return bind(erfinv_p, _arg(y, "erfinv"))


def erfcinv(y: ArrayLike) -> Array:
    """Elementwise inverse of the complementary error function, on ``(0, 2)``.

    Its derivative is ``-sqrt(pi)/2 e^(erfcinv(y)^2)`` (the inverse function
    rule with DLMF 7.2.2; DLMF 7.17).

    Args:
        y: an array-like with values in ``[0, 2]``.

    Returns:
        ``x`` with ``erfc(x) = y``, of the same shape (a Tracer if ``y`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.erfcinv(1.0)), round(float(fad.grad(fsp.erfcinv)(1.0)), 12)
        (0.0, -0.886226925453)
    """
    if _plain(y):
        return _sp.erfcinv(y)  # type: ignore[no-any-return]
    return bind(erfcinv_p, _arg(y, "erfcinv"))


def ndtr(x: ArrayLike) -> Array:
    """Elementwise standard normal distribution function, ``Phi(x)``.

    Its derivative is the normal density ``e^(-x^2/2) / sqrt(2 pi)`` (DLMF 7.2.2, 7.18).

    Args:
        x: an array-like.

    Returns:
        ``Phi(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.ndtr(0.0)), round(float(fad.grad(fsp.ndtr)(0.0)), 12)
        (0.5, 0.398942280401)
    """
    if _plain(x):
        return _sp.ndtr(x)  # type: ignore[no-any-return]
    return bind(ndtr_p, _arg(x, "ndtr"))


def ndtri(p: ArrayLike) -> Array:
    """Elementwise inverse of :func:`ndtr`: the standard normal quantile of ``p``.

    Its derivative is ``sqrt(2 pi) e^(ndtri(p)^2 / 2)``, one over the normal
    density at the quantile (the inverse function rule).

    Args:
        p: an array-like with values in ``[0, 1]``.

    Returns:
        ``x`` with ``Phi(x) = p``, of the same shape (a Tracer if ``p`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.ndtri(0.5)), round(float(fad.grad(fsp.ndtri)(0.5)), 12)
        (0.0, 2.506628274631)
    """
    if _plain(p):
        return _sp.ndtri(p)  # type: ignore[no-any-return]
    return bind(ndtri_p, _arg(p, "ndtri"))


def log_ndtr(x: ArrayLike) -> Array:
    """Elementwise logarithm of :func:`ndtr`, accurate far into both tails.

    Its derivative ``phi(x) / Phi(x)`` is computed without underflow: as
    ``sqrt(2/pi) / erfcx(-x / sqrt 2)`` for negative ``x`` and as
    ``exp(-x^2/2 - log sqrt(2 pi) - log_ndtr(x))`` otherwise (DLMF 7.2.3).

    Args:
        x: an array-like.

    Returns:
        ``log Phi(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> round(float(fad.grad(fsp.log_ndtr)(0.0)), 12), round(float(fad.grad(fsp.log_ndtr)(-40.0)), 6)
        (0.797884560803, 40.02497)
    """
    if _plain(x):
        return _sp.log_ndtr(x)  # type: ignore[no-any-return]
    return bind(log_ndtr_p, _arg(x, "log_ndtr"))


# --- the logistic function and its inverse ----------------------------------------------
#
# expit(x) = 1 / (1 + e^-x) has expit' = expit(x) (1 - expit(x)) = expit(x) expit(-x): the
# second form is accurate in both tails (1 - expit(x) cancels for large x). logit is its
# inverse, logit(p) = log(p / (1 - p)), with logit' = 1 / (p (1 - p)).


def _expit_slope(y: Any, x: Any) -> Any:
    return y * expit(-x)


expit_p = _unary("expit", _sp.expit, _expit_slope, (0, "y"))
logit_p = _unary("logit", _sp.logit, lambda y, x: 1 / (x * (1 - x)), (0,))


def expit(x: ArrayLike) -> Array:
    """Elementwise logistic sigmoid, ``1 / (1 + exp(-x))``.

    Its derivative is ``expit(x) expit(-x)``, which is ``y (1 - y)`` computed
    without cancellation for large ``x``.

    Args:
        x: an array-like.

    Returns:
        ``expit(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.expit(0.0)), float(fad.grad(fsp.expit)(0.0))
        (0.5, 0.25)
    """
    if _plain(x):
        return _sp.expit(x)  # type: ignore[no-any-return]
    return bind(expit_p, _arg(x, "expit"))


def logit(p: ArrayLike) -> Array:
    """Elementwise log-odds ``log(p / (1 - p))``, the inverse of :func:`expit`.

    Its derivative is ``1 / (p (1 - p))``.

    Args:
        p: an array-like with values in ``[0, 1]``.

    Returns:
        ``logit(p)``, of the same shape (a Tracer if ``p`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.logit(0.5)), float(fad.grad(fsp.logit)(0.5))
        (0.0, 4.0)
    """
    if _plain(p):
        return _sp.logit(p)  # type: ignore[no-any-return]
    return bind(logit_p, _arg(p, "logit"))


# --- x log y and the entropies -----------------------------------------------------------
#
# xlogy(x, y) = x log y, and 0 where x = 0 (even at y = 0): d/dx = log y, d/dy = x / y.
# Where x = y = 0 (the one point where x / y is 0 / 0) d/dy is taken as 0, the limit
# along x = 0, where the function is 0; elsewhere on x = 0, x / y is already 0 and stays
# differentiable in x (d2/dxdy = 1/y). xlog1py(x, y) = x log(1 + y) likewise, with 1 + y.
# entr(x) = -x log x, rel_entr(x, y) = x log(x / y), kl_div(x, y) = x log(x / y) - x + y
# (for x, y > 0): their partial derivatives are -(log x + 1); log(x / y) + 1 and -x / y;
# log(x / y) and 1 - x / y.


def _x_over(x: Any, y: Any, zero: Any) -> Any:
    """x / y, and 0 where x = 0 and ``zero`` holds (there y = 0: 0 / 0)."""
    bad = (np.asarray(concrete(x)) == 0) & zero
    if not bad.any():
        return x / y
    return where(bad, 0.0, x / where(bad, 1.0, y))


def _xlogy_dy(x: Any, y: Any) -> Any:
    return _x_over(x, y, np.asarray(concrete(y)) == 0)


def _xlog1py_dy(x: Any, y: Any) -> Any:
    return _x_over(x, 1 + y, np.asarray(concrete(y)) == -1)


def _times_log(t: Any, log: Callable[[Any], Any], y: Any, at: float) -> Any:
    """``t * log(y)`` (a cotangent or tangent times d/dx), with 0 where ``t`` is 0 at the
    log's pole (y = ``at``): a point that does not take part contributes nothing, where
    0 * -inf would put nan into every reduction of the result (the sum over the data
    that a scalar parameter's cotangent is)."""
    pole = np.asarray(concrete(y)) == at
    if not pole.any():
        return t * log(y)
    with np.errstate(divide="ignore"):
        log_y = log(y)
    bad = pole & (np.asarray(concrete(t)) == 0)
    if not bad.any():
        return t * log_y
    return where(bad, 0.0, t * where(bad, 1.0, log_y))


xlogy_p = _ew("xlogy", _sp.xlogy, (0, 1))
defvjp(
    xlogy_p,
    lambda z, zbar, x, y: _times_log(zbar, fnp.log, y, 0.0),
    lambda z, zbar, x, y: zbar * _xlogy_dy(x, y),
)
defjvp(
    xlogy_p,
    lambda xdot, z, x, y: _times_log(xdot, fnp.log, y, 0.0),
    lambda ydot, z, x, y: ydot * _xlogy_dy(x, y),
)
xlog1py_p = _ew("xlog1py", _sp.xlog1py, (0, 1))
defvjp(
    xlog1py_p,
    lambda z, zbar, x, y: _times_log(zbar, fnp.log1p, y, -1.0),
    lambda z, zbar, x, y: zbar * _xlog1py_dy(x, y),
)
defjvp(
    xlog1py_p,
    lambda xdot, z, x, y: _times_log(xdot, fnp.log1p, y, -1.0),
    lambda ydot, z, x, y: ydot * _xlog1py_dy(x, y),
)

entr_p = _unary("entr", _sp.entr, lambda y, x: -(fnp.log(x) + 1), (0,))
rel_entr_p = _ew("rel_entr", _sp.rel_entr, (0, 1))
defvjp(
    rel_entr_p,
    lambda z, zbar, x, y: zbar * (fnp.log(x) - fnp.log(y) + 1),
    lambda z, zbar, x, y: zbar * -(x / y),
)
defjvp(
    rel_entr_p,
    lambda xdot, z, x, y: xdot * (fnp.log(x) - fnp.log(y) + 1),
    lambda ydot, z, x, y: ydot * -(x / y),
)
kl_div_p = _ew("kl_div", _sp.kl_div, (0, 1))
defvjp(
    kl_div_p,
    lambda z, zbar, x, y: zbar * (fnp.log(x) - fnp.log(y)),
    lambda z, zbar, x, y: zbar * (1 - x / y),
)
defjvp(
    kl_div_p,
    lambda xdot, z, x, y: xdot * (fnp.log(x) - fnp.log(y)),
    lambda ydot, z, x, y: ydot * (1 - x / y),
)


def xlogy(x: ArrayLike, y: ArrayLike) -> Array:
    """Elementwise ``x * log(y)``, and 0 where ``x = 0`` (even where ``y = 0``).

    Its partial derivatives are ``log(y)`` and ``x / y`` (0 where ``x = y = 0``).

    Args:
        x, y: array-likes (broadcast together).

    Returns:
        ``x log y`` (a Tracer if an argument is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.xlogy(0.0, 0.0)), float(fad.grad(fsp.xlogy, argnums=1)(2.0, 4.0))
        (0.0, 0.5)
    """
    if _plain2(x, y):
        return _sp.xlogy(x, y)  # type: ignore[no-any-return]
    return bind(xlogy_p, _arg(x, "xlogy"), _arg(y, "xlogy"))


def xlog1py(x: ArrayLike, y: ArrayLike) -> Array:
    """Elementwise ``x * log1p(y)``, and 0 where ``x = 0`` (even where ``y = -1``).

    Its partial derivatives are ``log1p(y)`` and ``x / (1 + y)`` (0 where
    ``x = 0`` and ``y = -1``).

    Args:
        x, y: array-likes (broadcast together).

    Returns:
        ``x log(1 + y)`` (a Tracer if an argument is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.xlog1py(0.0, -1.0)), float(fad.grad(fsp.xlog1py, argnums=1)(2.0, 3.0))
        (0.0, 0.5)
    """
    if _plain2(x, y):
        return _sp.xlog1py(x, y)  # type: ignore[no-any-return]
    return bind(xlog1py_p, _arg(x, "xlog1py"), _arg(y, "xlog1py"))


def entr(x: ArrayLike) -> Array:
    """Elementwise entropy term ``-x log x`` (0 at 0, ``-inf`` for negative ``x``).

    Its derivative is ``-(log x + 1)``.

    Args:
        x: an array-like.

    Returns:
        ``-x log x``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.entr(1.0)), float(fad.grad(fsp.entr)(1.0))
        (-0.0, -1.0)
    """
    if _plain(x):
        return _sp.entr(x)  # type: ignore[no-any-return]
    return bind(entr_p, _arg(x, "entr"))


def rel_entr(x: ArrayLike, y: ArrayLike) -> Array:
    """Elementwise relative entropy term ``x log(x / y)`` (SciPy's conventions at 0 and below).

    Its partial derivatives are ``log(x / y) + 1`` and ``-x / y``.

    Args:
        x, y: array-likes (broadcast together).

    Returns:
        ``x log(x / y)`` (a Tracer if an argument is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.rel_entr(1.0, 1.0)), float(fad.grad(fsp.rel_entr)(1.0, 1.0))
        (0.0, 1.0)
    """
    if _plain2(x, y):
        return _sp.rel_entr(x, y)  # type: ignore[no-any-return]
    return bind(rel_entr_p, _arg(x, "rel_entr"), _arg(y, "rel_entr"))


def kl_div(x: ArrayLike, y: ArrayLike) -> Array:
    """Elementwise Kullback-Leibler term ``x log(x / y) - x + y`` (SciPy's conventions at 0 and below).

    Its partial derivatives are ``log(x / y)`` and ``1 - x / y``.

    Args:
        x, y: array-likes (broadcast together).

    Returns:
        ``x log(x / y) - x + y`` (a Tracer if an argument is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.kl_div(1.0, 1.0)), float(fad.grad(fsp.kl_div, argnums=1)(1.0, 2.0))
        (0.0, 0.5)
    """
    if _plain2(x, y):
        return _sp.kl_div(x, y)  # type: ignore[no-any-return]
    return bind(kl_div_p, _arg(x, "kl_div"), _arg(y, "kl_div"))


# --- Bessel functions --------------------------------------------------------------------
#
# J_v' = (J_{v-1} - J_{v+1}) / 2 and the same for Y_v (DLMF 10.6.1), so J_0' = -J_1 and
# Y_0' = -Y_1 (DLMF 10.6.3); I_v' = (I_{v-1} + I_{v+1}) / 2 (DLMF 10.29.1), I_0' = I_1
# (DLMF 10.29.3). The exponentially scaled ive(v, x) = I_v(x) e^(-|x|) has
# ive' = (ive(v-1) + ive(v+1)) / 2 - sign(x) ive(v), which keeps the scaling at every
# order (no overflow for large x). The order v is a constant: it is the primitive's
# first argument, without a rule.

_ORDER_WHY = "fad differentiates Bessel functions in x only"


def _sign(x: Any) -> Any:
    return np.sign(concrete(x))


jv_p = _of_order("jv", _like_x(_sp.jv), lambda y, v, x: 0.5 * (jv(v - 1, x) - jv(v + 1, x)), (0, 1))
yv_p = _of_order("yv", _like_x(_sp.yv), lambda y, v, x: 0.5 * (yv(v - 1, x) - yv(v + 1, x)), (0, 1))
yn_p = _of_order("yn", _like_x(_sp.yn), lambda y, n, x: 0.5 * (yn(n - 1, x) - yn(n + 1, x)), (0, 1))
iv_p = _of_order("iv", _like_x(_sp.iv), lambda y, v, x: 0.5 * (iv(v - 1, x) + iv(v + 1, x)), (0, 1))
ive_p = _ew("ive", _like_x(_sp.ive), (0, 1, "y"))


def _ive_vjp(y: Any, ybar: Any, v: Any, x: Any) -> Any:
    slope = 0.5 * (ive(v - 1, x) + ive(v + 1, x))
    if _is_complex_value(x):  # the transpose of the JVP below: its Re(xdot) term gives a real part
        return ybar * slope - _sign_re(x) * fnp.real(ybar * y)
    return ybar * (slope - _sign(x) * y)


def _ive_jvp(xdot: Any, y: Any, v: Any, x: Any) -> Any:
    slope = 0.5 * (ive(v - 1, x) + ive(v + 1, x))
    if _is_complex_value(x):
        # ive(v, z) = iv(v, z) e^(-|Re z|) is not holomorphic: its scale's derivative is
        # -sign(Re z) ive(v, z) Re(zdot) (real-linear in zdot, as JAX's rules for such maps)
        return xdot * slope - _sign_re(x) * y * fnp.real(xdot)
    return xdot * (slope - _sign(x) * y)


def _sign_re(x: Any) -> Any:
    return np.sign(np.asarray(concrete(x)).real)


defvjp(ive_p, None, _ive_vjp)
defjvp(ive_p, None, _ive_jvp)
j0_p = _unary("j0", _sp.j0, lambda y, x: -j1(x), (0,))
j1_p = _unary("j1", _sp.j1, lambda y, x: 0.5 * (j0(x) - jv(2, x)), (0,))
y0_p = _unary("y0", _sp.y0, lambda y, x: -y1(x), (0,))
y1_p = _unary("y1", _sp.y1, lambda y, x: 0.5 * (y0(x) - yn(2, x)), (0,))
i0e_p = _unary("i0e", _sp.i0e, lambda y, x: i1e(x) - _sign(x) * y, (0, "y"))
i1e_p = _unary("i1e", _sp.i1e, lambda y, x: 0.5 * (i0e(x) + ive(2, x)) - _sign(x) * y, (0, "y"))


def _order(v: Any, fn: str, integer: bool = False) -> Any:
    _constant(v, fn, "the order v" if not integer else "the order n", _ORDER_WHY)
    v = np.asarray(v)
    if integer and v.dtype.kind not in "iub":
        if not np.all(v == np.floor(v)):
            raise ValueError(f"fad.scipy.special.{fn}: the order n must be an integer, got {v!r}")
        v = v.astype(np.int64)
    return v


def jv(v: ArrayLike, x: ArrayLike) -> Array:
    """Bessel function of the first kind of real order ``v``, elementwise (``jn`` is the same function).

    Its derivative in ``x`` is ``(jv(v - 1, x) - jv(v + 1, x)) / 2`` (DLMF 10.6.1);
    the order ``v`` is a constant.

    Args:
        v: the order (not traced).
        x: an array-like (broadcast with ``v``).

    Returns:
        ``J_v(x)`` in ``x``'s floating dtype (a Tracer if ``x`` is traced).

    Raises:
        TypeError: if ``v`` is traced.

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> bool(abs(fad.grad(lambda x: fsp.jv(0, x))(1.5) + fsp.j1(1.5)) < 1e-15)
        True
    """
    v = _order(v, "jv")
    if _plain(x):
        return _like_x(_sp.jv)(v, x)  # type: ignore[no-any-return]
    return bind(jv_p, v, _arg(x, "jv"))


jn = jv


def yv(v: ArrayLike, x: ArrayLike) -> Array:
    """Bessel function of the second kind of real order ``v``, elementwise.

    Its derivative in ``x`` is ``(yv(v - 1, x) - yv(v + 1, x)) / 2`` (DLMF 10.6.1);
    the order ``v`` is a constant.

    Args:
        v: the order (not traced).
        x: an array-like, positive (broadcast with ``v``).

    Returns:
        ``Y_v(x)`` in ``x``'s floating dtype (a Tracer if ``x`` is traced).

    Raises:
        TypeError: if ``v`` is traced.

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> bool(abs(fad.grad(lambda x: fsp.yv(0, x))(1.5) + fsp.y1(1.5)) < 1e-15)
        True
    """
    v = _order(v, "yv")
    if _plain(x):
        return _like_x(_sp.yv)(v, x)  # type: ignore[no-any-return]
    return bind(yv_p, v, _arg(x, "yv"))


def yn(n: ArrayLike, x: ArrayLike) -> Array:
    """Bessel function of the second kind of integer order ``n``, elementwise.

    Its derivative in ``x`` is ``(yn(n - 1, x) - yn(n + 1, x)) / 2`` (DLMF 10.6.1);
    the order ``n`` is a constant.

    Args:
        n: the order, an integer or integer array (not traced).
        x: an array-like, positive (broadcast with ``n``).

    Returns:
        ``Y_n(x)`` in ``x``'s floating dtype (a Tracer if ``x`` is traced).

    Raises:
        TypeError: if ``n`` is traced.

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> bool(abs(fad.grad(lambda x: fsp.yn(0, x))(1.5) + fsp.y1(1.5)) < 1e-15)
        True
    """
    n = _order(n, "yn", integer=True)
    if _plain(x):
        return _like_x(_sp.yn)(n, x)  # type: ignore[no-any-return]
    return bind(yn_p, n, _arg(x, "yn"))


def iv(v: ArrayLike, x: ArrayLike) -> Array:
    """Modified Bessel function of the first kind of real order ``v``, elementwise.

    Its derivative in ``x`` is ``(iv(v - 1, x) + iv(v + 1, x)) / 2`` (DLMF 10.29.1);
    the order ``v`` is a constant.

    Args:
        v: the order (not traced).
        x: an array-like (broadcast with ``v``).

    Returns:
        ``I_v(x)`` in ``x``'s floating dtype (a Tracer if ``x`` is traced).

    Raises:
        TypeError: if ``v`` is traced.

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> bool(abs(fad.grad(lambda x: fsp.iv(0, x))(1.5) - fsp.i1(1.5)) < 1e-15)
        True
    """
    v = _order(v, "iv")
    if _plain(x):
        return _like_x(_sp.iv)(v, x)  # type: ignore[no-any-return]
    return bind(iv_p, v, _arg(x, "iv"))


def ive(v: ArrayLike, x: ArrayLike) -> Array:
    """Exponentially scaled modified Bessel function ``iv(v, x) * exp(-|x|)``, elementwise.

    Its derivative in ``x`` is ``(ive(v - 1, x) + ive(v + 1, x)) / 2 - sign(x) ive(v, x)``
    (DLMF 10.29.1), scaled like the function at every order; the order ``v`` is a constant.

    Args:
        v: the order (not traced).
        x: an array-like (broadcast with ``v``).

    Returns:
        ``I_v(x) e^(-|x|)`` in ``x``'s floating dtype (a Tracer if ``x`` is traced).

    Raises:
        TypeError: if ``v`` is traced.

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> bool(abs(fad.grad(lambda x: fsp.ive(0, x))(1.5) - (fsp.i1e(1.5) - fsp.i0e(1.5))) < 1e-15)
        True
    """
    v = _order(v, "ive")
    if _plain(x):
        return _like_x(_sp.ive)(v, x)  # type: ignore[no-any-return]
    return bind(ive_p, v, _arg(x, "ive"))


def j0(x: ArrayLike) -> Array:
    """Bessel function of the first kind of order 0, elementwise.

    Its derivative is ``-j1(x)`` (DLMF 10.6.3).

    Args:
        x: an array-like.

    Returns:
        ``J_0(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.j0(0.0)), float(fad.grad(fsp.j0)(0.0))
        (1.0, -0.0)
    """
    if _plain(x):
        return _sp.j0(x)  # type: ignore[no-any-return]
    return bind(j0_p, _arg(x, "j0"))


def j1(x: ArrayLike) -> Array:
    """Bessel function of the first kind of order 1, elementwise.

    Its derivative is ``(j0(x) - jv(2, x)) / 2`` (DLMF 10.6.1).

    Args:
        x: an array-like.

    Returns:
        ``J_1(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.j1(0.0)), float(fad.grad(fsp.j1)(0.0))
        (0.0, 0.5)
    """
    if _plain(x):
        return _sp.j1(x)  # type: ignore[no-any-return]
    return bind(j1_p, _arg(x, "j1"))


def y0(x: ArrayLike) -> Array:
    """Bessel function of the second kind of order 0, elementwise (for ``x > 0``).

    Its derivative is ``-y1(x)`` (DLMF 10.6.3).

    Args:
        x: an array-like, positive.

    Returns:
        ``Y_0(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> bool(fad.grad(fsp.y0)(1.0) == -fsp.y1(1.0))
        True
    """
    if _plain(x):
        return _sp.y0(x)  # type: ignore[no-any-return]
    return bind(y0_p, _arg(x, "y0"))


def y1(x: ArrayLike) -> Array:
    """Bessel function of the second kind of order 1, elementwise (for ``x > 0``).

    Its derivative is ``(y0(x) - yn(2, x)) / 2`` (DLMF 10.6.1).

    Args:
        x: an array-like, positive.

    Returns:
        ``Y_1(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> bool(abs(fad.grad(fsp.y1)(1.0) - (fsp.y0(1.0) - fsp.y1(1.0))) < 1e-15)   # Y1' = Y0 - Y1 / x
        True
    """
    if _plain(x):
        return _sp.y1(x)  # type: ignore[no-any-return]
    return bind(y1_p, _arg(x, "y1"))


def i1(x: ArrayLike) -> Array:
    """Modified Bessel function of the first kind of order 1, elementwise.

    The derivative of ``fad.numpy.i0`` (this is its primitive, whose values
    agree with SciPy's to rounding); its own derivative is
    ``i0(x) - i1(x) / x``, 1/2 at 0 (DLMF 10.29.2).

    Args:
        x: an array-like.

    Returns:
        ``I_1(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.i1(0.0)), float(fad.grad(fsp.i1)(0.0))
        (0.0, 0.5)
    """
    if _plain(x):
        return _sp.i1(x)  # type: ignore[no-any-return]
    return _i1(_arg(x, "i1"))  # type: ignore[no-any-return]


def i0e(x: ArrayLike) -> Array:
    """Exponentially scaled modified Bessel function of order 0, ``i0(x) exp(-|x|)``, elementwise.

    Its derivative is ``i1e(x) - sign(x) i0e(x)`` (DLMF 10.29.3), 0 at the kink at 0.

    Args:
        x: an array-like.

    Returns:
        ``I_0(x) e^(-|x|)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.i0e(0.0)), round(float(fad.grad(fsp.i0e)(1.0)), 12)
        (1.0, -0.257849192244)
    """
    if _plain(x):
        return _sp.i0e(x)  # type: ignore[no-any-return]
    return bind(i0e_p, _arg(x, "i0e"))


def i1e(x: ArrayLike) -> Array:
    """Exponentially scaled modified Bessel function of order 1, ``i1(x) exp(-|x|)``, elementwise.

    Its derivative is ``(i0e(x) + ive(2, x)) / 2 - sign(x) i1e(x)`` (DLMF 10.29.1).

    Args:
        x: an array-like.

    Returns:
        ``I_1(x) e^(-|x|)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.i1e(0.0)), float(fad.grad(fsp.i1e)(0.0))
        (0.0, 0.5)
    """
    if _plain(x):
        return _sp.i1e(x)  # type: ignore[no-any-return]
    return bind(i1e_p, _arg(x, "i1e"))


# --- more of SciPy's functions ----------------------------------------------------------
#
# loggamma (real): log Gamma for x > 0, derivative psi (DLMF 5.2.2). erfi = -i erf(i x):
# erfi' = 2/sqrt(pi) e^(x^2) (DLMF 7.2.1). Dawson's integral F(x) = e^(-x^2) int_0^x
# e^(t^2) dt (DLMF 7.2.5): F' = 1 - 2 x F. ndtri_exp(t) = ndtri(e^t): by the chain and
# inverse function rules its slope is e^t / phi(y) = exp(t + y^2/2 + log sqrt(2 pi)).
# log_expit' = 1 - expit = expit(-x). E1' = -e^(-x) / x (DLMF 6.2.1), Ei' = e^x / x (DLMF
# 6.2.5). exp10' = log(10) exp10. K_v' = -(K_{v-1} + K_{v+1}) / 2 (DLMF 10.29.1), K_0' = -K_1
# (DLMF 10.29.3); kve(v, x) = K_v(x) e^x has kve' = -(kve(v-1) + kve(v+1)) / 2 + kve(v).

_LN10 = math.log(10.0)

loggamma_p = _unary("loggamma", _sp.loggamma, lambda y, x: digamma(x), (0,))
erfi_p = _unary("erfi", _sp.erfi, lambda y, x: _TWO_OVER_SQRT_PI * fnp.exp(x * x), (0,))
dawsn_p = _unary("dawsn", _sp.dawsn, lambda y, x: 1 - 2 * x * y, (0, "y"))
# the Faddeeva function w(z) = e^(-z^2) erfc(-iz): w' = -2 z w + 2i/sqrt(pi) (DLMF 7.10.2)
wofz_p = _unary("wofz", _sp.wofz, lambda y, x: -2 * x * y + 1j * _TWO_OVER_SQRT_PI, (0, "y"))
ndtri_exp_p = _unary(
    "ndtri_exp", _sp.ndtri_exp, lambda y, t: fnp.exp(t + 0.5 * y * y + _LOG_SQRT_2PI), (0, "y")
)
log_expit_p = _unary("log_expit", _sp.log_expit, lambda y, x: expit(-x), (0,))
exp1_p = _unary("exp1", _sp.exp1, lambda y, x: -fnp.exp(-x) / x, (0,))
expi_p = _unary("expi", _sp.expi, lambda y, x: fnp.exp(x) / x, (0,))
exp10_p = _unary("exp10", _sp.exp10, lambda y, x: _LN10 * y, ("y",))
kv_p = _of_order("kv", _like_x(_sp.kv), lambda y, v, x: -0.5 * (kv(v - 1, x) + kv(v + 1, x)), (0, 1))
kve_p = _of_order(
    "kve", _like_x(_sp.kve), lambda y, v, x: y - 0.5 * (kve(v - 1, x) + kve(v + 1, x)), (0, 1, "y")
)
k0_p = _unary("k0", _sp.k0, lambda y, x: -k1(x), (0,))
k1_p = _unary("k1", _sp.k1, lambda y, x: -0.5 * (k0(x) + kv(2, x)), (0,))
k0e_p = _unary("k0e", _sp.k0e, lambda y, x: y - k1e(x), (0, "y"))
k1e_p = _unary("k1e", _sp.k1e, lambda y, x: y - 0.5 * (k0e(x) + kve(2, x)), (0, "y"))


def loggamma(x: ArrayLike) -> Array:
    """Elementwise logarithm of the gamma function: real ``x > 0`` (nan below, as SciPy's), or complex.

    Its derivative is :func:`digamma` (DLMF 5.2.2); for negative real ``x`` use
    :func:`gammaln`, the logarithm of ``|Gamma|``. For complex ``x`` it is SciPy's
    principal branch (cut along the negative real axis), holomorphic off the cut.

    Args:
        x: an array-like, real or complex.

    Returns:
        ``log Gamma(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.loggamma(4.0)), round(float(fad.grad(fsp.loggamma)(1.0)), 12)
        (1.791759469228055, -0.577215664902)
    """
    if _plain(x):
        return _sp.loggamma(x)  # type: ignore[no-any-return]
    return bind(loggamma_p, _arg(x, "loggamma"))


def erfi(x: ArrayLike) -> Array:
    """Elementwise imaginary error function, ``-i erf(i x)``.

    Its derivative is ``2/sqrt(pi) e^(x^2)`` (DLMF 7.2.1).

    Args:
        x: an array-like.

    Returns:
        ``erfi(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.erfi(0.0)), round(float(fad.grad(fsp.erfi)(0.0)), 12)
        (0.0, 1.128379167096)
    """
    if _plain(x):
        return _sp.erfi(x)  # type: ignore[no-any-return]
    return bind(erfi_p, _arg(x, "erfi"))


def dawsn(x: ArrayLike) -> Array:
    """Elementwise Dawson's integral, ``e^(-x^2) int_0^x e^(t^2) dt``.

    Its derivative is ``1 - 2 x dawsn(x)`` (DLMF 7.2.5).

    Args:
        x: an array-like.

    Returns:
        ``F(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.dawsn(0.0)), float(fad.grad(fsp.dawsn)(0.0))
        (0.0, 1.0)
    """
    if _plain(x):
        return _sp.dawsn(x)  # type: ignore[no-any-return]
    return bind(dawsn_p, _arg(x, "dawsn"))


def wofz(z: ArrayLike) -> Array:
    """Elementwise Faddeeva function ``w(z) = exp(-z^2) erfc(-i z)`` (complex values).

    Its derivative is ``-2 z w(z) + 2i/sqrt(pi)`` (DLMF 7.10.2). A real ``z``
    gives a complex result, as SciPy's (fad records it on ``z`` cast to complex).

    Args:
        z: an array-like, real or complex.

    Returns:
        ``w(z)``, complex, of the same shape (a Tracer if ``z`` is traced).

    Example:
        >>> import fad, numpy as np, fad.scipy.special as fsp
        >>> complex(fsp.wofz(0.0)), complex(fad.grad(fsp.wofz, holomorphic=True)(0j))
        ((1+0j), 1.1283791670955126j)
    """
    if _plain(z):
        return _sp.wofz(z)  # type: ignore[no-any-return]
    return bind(wofz_p, _arg(z, "wofz"))


def ndtri_exp(t: ArrayLike) -> Array:
    """Elementwise ``ndtri(exp(t))``, the normal quantile of a log-probability ``t <= 0``.

    Its derivative is ``exp(t) / phi(ndtri_exp(t))``, computed as one exponential
    (no underflow for very negative ``t``).

    Args:
        t: an array-like of non-positive numbers.

    Returns:
        The quantile, of the same shape (a Tracer if ``t`` is traced).

    Example:
        >>> import math, fad, fad.scipy.special as fsp
        >>> float(fsp.ndtri_exp(math.log(0.5))), round(float(fad.grad(fsp.ndtri_exp)(math.log(0.5))), 12)
        (0.0, 1.253314137316)
    """
    if _plain(t):
        return _sp.ndtri_exp(t)  # type: ignore[no-any-return]
    return bind(ndtri_exp_p, _arg(t, "ndtri_exp"))


def log_expit(x: ArrayLike) -> Array:
    """Elementwise logarithm of :func:`expit`, ``-log(1 + exp(-x))``, accurate in both tails.

    Its derivative is ``expit(-x)``.

    Args:
        x: an array-like.

    Returns:
        ``log expit(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> round(float(fsp.log_expit(0.0)), 12), float(fad.grad(fsp.log_expit)(0.0))
        (-0.69314718056, 0.5)
    """
    if _plain(x):
        return _sp.log_expit(x)  # type: ignore[no-any-return]
    return bind(log_expit_p, _arg(x, "log_expit"))


def softplus(x: ArrayLike) -> Array:
    """Elementwise ``log(1 + exp(x))``, computed stably (as ``logaddexp(0, x)``).

    Its derivative is ``expit(x)``.

    Args:
        x: an array-like.

    Returns:
        ``softplus(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> round(float(fsp.softplus(0.0)), 12), float(fad.grad(fsp.softplus)(0.0))
        (0.69314718056, 0.5)
    """
    if _plain(x):
        return onp.logaddexp(0.0, x)
    return logaddexp(0.0, _arg(x, "softplus"))


def exp1(x: ArrayLike) -> Array:
    """Elementwise exponential integral ``E1(x) = int_x^inf e^(-t) / t dt``, for ``x > 0``.

    Its derivative is ``-e^(-x) / x`` (DLMF 6.2.1).

    Args:
        x: an array-like.

    Returns:
        ``E1(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> round(float(fad.grad(fsp.exp1)(1.0)), 12)
        -0.367879441171
    """
    if _plain(x):
        return _sp.exp1(x)  # type: ignore[no-any-return]
    return bind(exp1_p, _arg(x, "exp1"))


def expi(x: ArrayLike) -> Array:
    """Elementwise exponential integral ``Ei(x)`` (a principal value for ``x > 0``).

    Its derivative is ``e^x / x`` (DLMF 6.2.5).

    Args:
        x: an array-like, nonzero.

    Returns:
        ``Ei(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> round(float(fad.grad(fsp.expi)(1.0)), 12)
        2.718281828459
    """
    if _plain(x):
        return _sp.expi(x)  # type: ignore[no-any-return]
    return bind(expi_p, _arg(x, "expi"))


def exp10(x: ArrayLike) -> Array:
    """Elementwise ``10 ** x`` (exact at integers, as SciPy's).

    Its derivative is ``log(10) 10 ** x``.

    Args:
        x: an array-like.

    Returns:
        ``10 ** x``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> float(fsp.exp10(2.0)), round(float(fad.grad(fsp.exp10)(0.0)), 12)
        (100.0, 2.302585092994)
    """
    if _plain(x):
        return _sp.exp10(x)  # type: ignore[no-any-return]
    return bind(exp10_p, _arg(x, "exp10"))


def kv(v: ArrayLike, x: ArrayLike) -> Array:
    """Modified Bessel function of the second kind of real order ``v``, elementwise (``x > 0``).

    Its derivative in ``x`` is ``-(kv(v - 1, x) + kv(v + 1, x)) / 2`` (DLMF 10.29.1);
    the order ``v`` is a constant.

    Args:
        v: the order (not traced).
        x: an array-like, positive (broadcast with ``v``).

    Returns:
        ``K_v(x)`` in ``x``'s floating dtype (a Tracer if ``x`` is traced).

    Raises:
        TypeError: if ``v`` is traced.

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> bool(abs(fad.grad(lambda x: fsp.kv(0, x))(1.5) + fsp.k1(1.5)) < 1e-15)
        True
    """
    v = _order(v, "kv")
    if _plain(x):
        return _like_x(_sp.kv)(v, x)  # type: ignore[no-any-return]
    return bind(kv_p, v, _arg(x, "kv"))


def kve(v: ArrayLike, x: ArrayLike) -> Array:
    """Exponentially scaled modified Bessel function ``kv(v, x) * exp(x)``, elementwise (``x > 0``).

    Its derivative in ``x`` is ``kve(v, x) - (kve(v - 1, x) + kve(v + 1, x)) / 2``
    (DLMF 10.29.1), scaled like the function at every order; the order ``v`` is a constant.

    Args:
        v: the order (not traced).
        x: an array-like, positive (broadcast with ``v``).

    Returns:
        ``K_v(x) e^x`` in ``x``'s floating dtype (a Tracer if ``x`` is traced).

    Raises:
        TypeError: if ``v`` is traced.

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> bool(abs(fad.grad(lambda x: fsp.kve(0, x))(1.5) - (fsp.k0e(1.5) - fsp.k1e(1.5))) < 1e-15)
        True
    """
    v = _order(v, "kve")
    if _plain(x):
        return _like_x(_sp.kve)(v, x)  # type: ignore[no-any-return]
    return bind(kve_p, v, _arg(x, "kve"))


def k0(x: ArrayLike) -> Array:
    """Modified Bessel function of the second kind of order 0, elementwise (``x > 0``).

    Its derivative is ``-k1(x)`` (DLMF 10.29.3).

    Args:
        x: an array-like, positive.

    Returns:
        ``K_0(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> bool(fad.grad(fsp.k0)(1.0) == -fsp.k1(1.0))
        True
    """
    if _plain(x):
        return _sp.k0(x)  # type: ignore[no-any-return]
    return bind(k0_p, _arg(x, "k0"))


def k1(x: ArrayLike) -> Array:
    """Modified Bessel function of the second kind of order 1, elementwise (``x > 0``).

    Its derivative is ``-(k0(x) + kv(2, x)) / 2`` (DLMF 10.29.1).

    Args:
        x: an array-like, positive.

    Returns:
        ``K_1(x)``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> bool(abs(fad.grad(fsp.k1)(1.0) + fsp.k0(1.0) + fsp.k1(1.0)) < 1e-15)   # K1' = -K0 - K1 / x
        True
    """
    if _plain(x):
        return _sp.k1(x)  # type: ignore[no-any-return]
    return bind(k1_p, _arg(x, "k1"))


def k0e(x: ArrayLike) -> Array:
    """Exponentially scaled ``k0(x) * exp(x)``, elementwise (``x > 0``).

    Its derivative is ``k0e(x) - k1e(x)`` (DLMF 10.29.3).

    Args:
        x: an array-like, positive.

    Returns:
        ``K_0(x) e^x``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> bool(fad.grad(fsp.k0e)(1.0) == fsp.k0e(1.0) - fsp.k1e(1.0))
        True
    """
    if _plain(x):
        return _sp.k0e(x)  # type: ignore[no-any-return]
    return bind(k0e_p, _arg(x, "k0e"))


def k1e(x: ArrayLike) -> Array:
    """Exponentially scaled ``k1(x) * exp(x)``, elementwise (``x > 0``).

    Its derivative is ``k1e(x) - (k0e(x) + kve(2, x)) / 2`` (DLMF 10.29.1).

    Args:
        x: an array-like, positive.

    Returns:
        ``K_1(x) e^x``, of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> bool(abs(fad.grad(fsp.k1e)(1.0) - (fsp.k1e(1.0) - fsp.k0e(1.0) - fsp.k1e(1.0))) < 1e-15)
        True
    """
    if _plain(x):
        return _sp.k1e(x)  # type: ignore[no-any-return]
    return bind(k1e_p, _arg(x, "k1e"))


# --- the Hurwitz zeta function --------------------------------------------------------
#
# zeta(s, q) = sum_n (n + q)^-s has d/dq = -s zeta(s + 1, q) (DLMF 25.11.17); its
# derivative in s has no closed form in SciPy's functions: s is a constant to fad.

def _zeta_slope(x: Any, q: Any) -> Any:
    """-x zeta(x + 1, q), in q's dtype (the constant x does not promote it)."""
    x = np.asarray(x, _float_dtype(concrete(q)))
    return -x * zeta(x + 1, q)


zeta_p = _of_order("zeta", _like_x(_ufuncs._zeta), lambda y, x, q: _zeta_slope(x, q), (0, 1))


def zeta(x: ArrayLike, q: Optional[ArrayLike] = None) -> Array:
    """The Riemann zeta function ``zeta(x)``, or the Hurwitz zeta function ``zeta(x, q)``.

    Differentiable in ``q``: ``d/dq zeta(x, q) = -x zeta(x + 1, q)`` (DLMF
    25.11.17). The exponent ``x`` is a constant (no closed form of the derivative
    in it): a traced ``x`` is an error.

    Args:
        x: the exponent (not traced).
        q: the shift, an array-like (broadcast with ``x``), or None for Riemann's function.

    Returns:
        ``zeta(x, q)`` in ``q``'s floating dtype (a Tracer if ``q`` is traced).

    Raises:
        TypeError: if ``x`` is traced.

    Example:
        >>> import fad, fad.scipy.special as fsp
        >>> round(float(fsp.zeta(2.0)), 12), round(float(fad.grad(lambda q: fsp.zeta(2.0, q))(1.0)), 12)
        (1.644934066848, -2.404113806319)
    """
    _constant(x, "zeta", "the exponent x", "its derivative in the exponent has no closed form")
    if q is None:
        return _sp.zeta(x)  # type: ignore[no-any-return]
    if _plain(q):
        return _sp.zeta(x, q)  # type: ignore[no-any-return]
    return bind(zeta_p, np.asarray(x), _arg(q, "zeta"))


def _riemann_zeta(x: ArrayLike) -> Array:
    """SciPy's ``zeta(x)`` (its ufunc ``_riemann_zeta``) on a traced value: refused."""
    return zeta(x)


# --- logsumexp and the softmax ----------------------------------------------------------
#
# Without weights, logsumexp is fad.numpy's primitive (its derivative the softmax
# e^(x - y), at every order); softmax and log_softmax are e^(x - y) and x - y with
# y = logsumexp(x) over the axis, kept. With weights b, logsumexp(a) = m + log sum
# b e^(a - m) for the constant m = max a (no term overflows), written with fad.numpy's
# functions: its derivative is b e^(a - y) in a and e^(a - y) in b (also where b = 0).


def _max_shift(a: Any, axis: Axis) -> Any:
    """The maximum of ``a`` over ``axis`` (kept), as a constant; 0 where it is not finite."""
    av = np.asarray(concrete(a))
    m = np.max(av, axis=axis, keepdims=True)
    return np.where(np.isfinite(m), m, 0).astype(_float_dtype(av))


def _complex_logsumexp(a: Any, axis: Axis, keepdims: bool) -> Any:
    """``log sum exp(a)`` of complex ``a``, shifted by the largest real part (a
    constant): SciPy's value (its principal logarithm of the sum, plus the shift);
    holomorphic, so its derivative is the complex softmax ``exp(a - y)``."""
    if np.ndim(concrete(a)) == 0:
        a = fnp.reshape(a, (1,))
    m = _max_shift(np.real(np.asarray(concrete(a))), axis)
    out = fnp.log(fnp.sum(fnp.exp(a - m), axis=axis, keepdims=True)) + m
    if keepdims:
        return out
    return fnp.squeeze(out, axis=tuple(range(fnp.ndim(out))) if axis is None else axis)


def logsumexp(
    a: ArrayLike, axis: Axis = None, b: Optional[ArrayLike] = None, keepdims: bool = False,
    return_sign: bool = False,
) -> Union[Array, tuple[Array, Array]]:
    """The logarithm of the sum of exponentials, ``log sum b exp(a)``, computed stably.

    Its derivative in ``a`` is the softmax ``b exp(a - logsumexp(a))`` (and in
    ``b``, ``exp(a - logsumexp(a))``), at every order. Terms with ``b = 0`` do
    not count in the value (SciPy's convention, even where ``a`` is infinite or
    nan), but the derivative in such a weight is still ``exp(a - logsumexp(a))``
    where ``a`` is finite (inf where that overflows).

    Args:
        a: an array-like.
        axis: the axis or axes to sum over (None: all).
        b: weights broadcast with ``a`` (traced or not), or None.
        keepdims: keep the summed axes, of length 1.
        return_sign: also return the sign of the sum (then the logarithm is of
            its absolute value, and a negative sum is allowed).

    Returns:
        The logarithm; with ``return_sign``, the pair (logarithm, sign), the sign
        a constant.

    Example:
        >>> import fad, numpy as np, fad.scipy.special as fsp
        >>> x = np.log(np.array([1.0, 3.0]))
        >>> round(float(fsp.logsumexp(x)), 12), fad.grad(fsp.logsumexp)(x)
        (1.386294361120, array([0.25, 0.75]))
    """
    if _plain2(a, b):
        return _sp.logsumexp(a, axis=axis, b=b, keepdims=keepdims, return_sign=return_sign)  # type: ignore[no-any-return]
    if _has_complex(a) or (b is not None and _has_complex(b)):
        if b is None and not return_sign:
            return _complex_logsumexp(as_operand(a), axis, keepdims)  # type: ignore[no-any-return]
        raise TypeError(
            "fad.scipy.special.logsumexp (scipy.special.logsumexp on traced values) takes complex "
            "values without b= and return_sign= only. For weights, fold them into a: "
            "logsumexp(a + log(b)) with a complex log(b) for negative or complex weights."
        )
    a = _arg(a, "logsumexp")
    if b is None:
        if np.ndim(concrete(a)) == 0:  # SciPy sums a 0-d array as a 1-d one (keepdims gives (1,))
            a = fnp.reshape(a, (1,))
        lse: Array = fnp.logsumexp(a, axis=axis, keepdims=keepdims)
        if return_sign:
            return lse, np.ones(np.shape(concrete(lse)), _float_dtype(concrete(lse)))
        return lse
    b = _arg(b, "logsumexp")
    # a Python number is weak, as in SciPy's call: it takes the other argument's float dtype
    if type(b) in (int, float, bool):
        b = np.asarray(b, _float_dtype(concrete(a)))
    elif type(a) in (int, float, bool):
        a = np.asarray(a, _float_dtype(concrete(b)))
    common = np.broadcast_shapes(np.shape(concrete(a)), np.shape(concrete(b)))
    if common == ():  # (as above)
        common = (1,)
    a, b = fnp.broadcast_to(a, common), fnp.broadcast_to(b, common)
    av, zero = np.asarray(concrete(a)), np.asarray(concrete(b)) == 0
    # A term of weight 0 adds nothing to the value, but the derivative in its weight is
    # still e^(a - y): only the shift m ignores it, and an a that is not finite there
    # (whose e^(a - m) * 0 would be nan) is taken as -inf.
    m = _max_shift(np.where(zero, -np.inf, av), axis)
    with np.errstate(invalid="ignore"):
        split = zero & (av - m > 0)
    if not np.any(split):
        e = fnp.exp(where(zero & ~np.isfinite(av), -np.inf, a) - m) * b
    else:
        # A term of weight 0 above the shift: e^(a - m) may overflow (inf * 0 = nan), so
        # it is written (e^h b) e^h with h = (a - m) / 2, which is 0 at b = 0 for a - m
        # up to twice the overflow threshold; beyond it (or at a = inf) h is capped, the
        # derivative in b, e^(a - y), overflowing to inf either way. The other terms are
        # e^(a - m) b, evaluated at a safe a where the split form is the one taken.
        cap = 2 * math.log(float(np.finfo(_float_dtype(av)).max))
        with np.errstate(invalid="ignore"):
            capped = split & ~(av - m <= cap)
        h = (where(split & ~capped, a, np.where(capped, m + cap, m)) - m) / 2
        direct = where(split | (zero & ~np.isfinite(av)), np.where(split, m, -np.inf), a)
        e = where(split, fnp.exp(h) * b * fnp.exp(h), fnp.exp(direct - m) * b)
    s = fnp.sum(e, axis=axis, keepdims=keepdims)
    shift = m if keepdims else m.reshape(np.shape(concrete(s)))
    out: Array = fnp.log(fnp.abs(s) if return_sign else s) + shift
    if return_sign:
        sign: Array = np.sign(np.asarray(concrete(s)))
        return out, sign
    return out


def softmax(x: ArrayLike, axis: Axis = None) -> Array:
    """The softmax ``exp(x) / sum exp(x)`` over ``axis``, computed stably.

    Its Jacobian is ``diag(s) - s s^T`` along the axis, at every order (fad
    differentiates the composition).

    Args:
        x: an array-like.
        axis: the axis or axes to normalise over (None: all).

    Returns:
        An array of ``x``'s shape, summing to 1 over ``axis``.

    Example:
        >>> import numpy as np, fad.scipy.special as fsp
        >>> fsp.softmax(np.log(np.array([1.0, 3.0])))
        array([0.25, 0.75])
    """
    if _plain(x):
        return _sp.softmax(x, axis=axis)  # type: ignore[no-any-return]
    tx: Any = _arg(x, "softmax")
    return fnp.exp(tx - fnp.logsumexp(tx, axis=axis, keepdims=True))


def log_softmax(x: ArrayLike, axis: Axis = None) -> Array:
    """The logarithm of the softmax, ``x - logsumexp(x)`` over ``axis``.

    Args:
        x: an array-like.
        axis: the axis or axes to normalise over (None: all).

    Returns:
        An array of ``x``'s shape.

    Example:
        >>> import numpy as np, fad.scipy.special as fsp
        >>> np.exp(fsp.log_softmax(np.log(np.array([1.0, 3.0]))))
        array([0.25, 0.75])
    """
    if _plain(x):
        return _sp.log_softmax(x, axis=axis)  # type: ignore[no-any-return]
    tx: Any = _arg(x, "log_softmax")
    return tx - fnp.logsumexp(tx, axis=axis, keepdims=True)  # type: ignore[no-any-return]


# --- registration ----------------------------------------------------------------------

SCIPY: dict[Any, Callable[..., Any]] = {
    _sp.gammaln: gammaln, _sp.gamma: gamma, _sp.rgamma: rgamma, _sp.psi: digamma,
    _sp.beta: beta, _sp.betaln: betaln, _sp.gammainc: gammainc, _sp.gammaincc: gammaincc,
    _sp.betainc: betainc, _sp.betaincc: betaincc, _sp.gammasgn: gammasgn,
    _sp.erf: erf, _sp.erfc: erfc, _sp.erfcx: erfcx, _sp.erfinv: erfinv, _sp.erfcinv: erfcinv,
    _sp.ndtr: ndtr, _sp.ndtri: ndtri, _sp.log_ndtr: log_ndtr,
    _sp.expit: expit, _sp.logit: logit, _sp.xlogy: xlogy, _sp.xlog1py: xlog1py,
    _sp.entr: entr, _sp.rel_entr: rel_entr, _sp.kl_div: kl_div,
    _sp.i0: i0, _sp.i0e: i0e, _sp.i1: i1, _sp.i1e: i1e, _sp.iv: iv, _sp.ive: ive,
    _sp.j0: j0, _sp.j1: j1, _sp.jv: jv, _sp.y0: y0, _sp.y1: y1, _sp.yn: yn, _sp.yv: yv,
    _sp.loggamma: loggamma, _sp.erfi: erfi, _sp.dawsn: dawsn, _sp.wofz: wofz, _sp.ndtri_exp: ndtri_exp,
    _sp.log_expit: log_expit, _sp.exp1: exp1, _sp.expi: expi, _sp.exp10: exp10,
    _sp.expm1: expm1, _sp.log1p: log1p, _sp.exp2: exp2, _sp.cbrt: cbrt,
    _sp.kv: kv, _sp.kve: kve, _sp.k0: k0, _sp.k1: k1, _sp.k0e: k0e, _sp.k1e: k1e,
    # scipy.special.zeta (a Python function) calls these ufuncs
    _ufuncs._zeta: zeta, _ufuncs._riemann_zeta: _riemann_zeta,
}
"""SciPy's ufuncs -> this module's functions of the same meaning: registered with
``fad.numpy``'s dispatch when this module is imported, so that
``scipy.special.gammaln(x)`` on a traced ``x`` reaches :func:`gammaln`."""

PLAIN_CALLS: tuple[str, ...] = ("zeta",)
"""SciPy's Python functions (not ufuncs) whose plain calls on traced values reach
this module anyway: they call ufuncs of ``SCIPY`` (``scipy.special.zeta`` calls
``_zeta``)."""


# fad's own primitives (as those ``import fad`` makes): a user primitive may not take
# their names, and the test catalogue must cover them
_primitive.seal_builtins(*_PRIMITIVES)
_dispatch.register_ufuncs(SCIPY)
