"""Catalogue entries of fad.scipy.special (see tests/_catalogue.py).

Each primitive is drawn from its domain, kept away from poles, branch points
and kinks by much more than a finite-difference step: positive arguments (or
negative ones between the poles) for the gamma family, (0, 1) for ``ndtri`` and
``logit``, (-1, 1) for ``erfinv``, ``x > 0`` for the Bessel functions of the
second kind and of non-integer order. Orders (``n``, ``v``) and the shape of
``gammainc`` are drawn as constants. Every primitive has two routes: the
``fad.scipy.special`` function and the plain ``scipy.special`` ufunc on a traced
value (or only the first, for SciPy's functions that are not ufuncs).

Public functions made of several primitives (``logsumexp``, ``softmax``,
``log_softmax``, ``multigammaln``) have ``@composite`` drawers keyed
``scipy.special.<name>``.

How tests/test_coverage.py counts a differentiable ``fad.scipy.<module>.<name>``
as drawn by the property suite (every fad.scipy catalogue file follows it): a
``@composite("scipy.<module>.<name>")`` drawer, or an ``Example`` named
``scipy.<module>.<name>`` or ``fad.scipy.<module>.<name>`` in a catalogue entry
(the entry of the primitive it applies), or being the same object as such a name
of the module (``psi`` is ``digamma``).
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np
import scipy.special as sp
from hypothesis import strategies as st

import fad.scipy.special as fsp
from _catalogue import (  # noqa: F401
    SHAPES,
    Example,
    _add,
    _draw_binary,
    _entry,
    _draw_unary,
    _dtypes,
    _noted,
    axes_for,
    binary,
    complex_case,
    composite,
    rng_of,
    unary,
    values,
)
import fad.numpy as fnp
from fad.testing.strategies import (
    POSITIVE,
    REAL,
    Domain,
    broadcastable_shapes,
    complex_arrays,
    complex_dtypes,
    float_arrays,
    shapes,
)

Array = np.ndarray[Any, Any]
Fun = Callable[..., Any]
Case = tuple[Fun, tuple[Array, ...]]

GAMMA_ARGS = Domain(-1.7, 4.0, avoid=(-2.0, -1.0, 0.0), margin=0.3)
"""Between and beyond the poles of Gamma at 0, -1, -2, ..."""
ABOVE_ZERO = Domain(0.4, 4.0)
"""Positive, away from 0 (beta's arguments, x of gammainc and of Bessel functions)."""
AWAY_FROM_ZERO = Domain(-4.0, 4.0, avoid=(0.0,), margin=0.3)
"""Either sign, away from the kink of the scaled Bessel functions at 0."""
OPEN_UNIT = Domain(0.05, 0.95)
"""Inside (0, 1): ndtri, logit."""


def _special(name: str, *domains: Domain, ufunc: bool = True) -> None:
    """An elementwise primitive of fad.scipy.special of one or two arguments,
    with its routes ``fsp.name`` and (for a ufunc) ``scipy.special.name``."""
    fn = getattr(fsp, name)
    routes: list[tuple[str, Fun]] = [(f"fad.scipy.special.{name}", fn)]
    if ufunc:
        routes.append((f"scipy.special.{name}", getattr(sp, name)))
    if len(domains) == 1:
        draw, build = _draw_unary(fn, domains[0]), unary
    else:
        draw, build = _draw_binary(fn, *domains), binary
    _add(name, draw, *(Example(n, build(f, *domains)) for n, f in routes))


# gamma and beta functions
_special("gammaln", GAMMA_ARGS)
_special("gamma", GAMMA_ARGS)
_special("digamma", GAMMA_ARGS)
_special("rgamma", Domain(-2.5, 3.0))  # entire: through the poles of Gamma too
_special("beta", ABOVE_ZERO, ABOVE_ZERO)
_special("betaln", ABOVE_ZERO, ABOVE_ZERO)
# error functions and the normal distribution
_special("erf", REAL)
_special("erfc", REAL)
_special("erfcx", REAL)
_special("erfinv", Domain(-0.9, 0.9))
_special("erfcinv", Domain(0.1, 1.9))
_special("ndtr", Domain(-3.0, 3.0))
_special("ndtri", OPEN_UNIT)
_special("log_ndtr", Domain(-6.0, 4.0))  # both of its derivative's forms
# logistic, logarithms, entropies
_special("expit", Domain(-5.0, 5.0))
_special("logit", OPEN_UNIT)
_special("xlogy", REAL, POSITIVE)
_special("xlog1py", REAL, Domain(-0.7, 2.0))
_special("entr", POSITIVE)
_special("rel_entr", POSITIVE, POSITIVE)
_special("kl_div", POSITIVE, POSITIVE)
_special("loggamma", Domain(0.3, 4.0))
_special("erfi", REAL)
_special("dawsn", Domain(-3.0, 3.0))
_special("ndtri_exp", Domain(-6.0, -0.3))  # (float32 second differences failed near -0.1)
_special("log_expit", Domain(-5.0, 5.0))
_special("exp1", Domain(0.3, 4.0))
_special("expi", Domain(-4.0, 4.0, avoid=(0.0,), margin=0.3))
_special("exp10", REAL)
# Bessel functions of order 0 and 1
_special("k0", ABOVE_ZERO)
_special("k1", ABOVE_ZERO)
_special("k0e", ABOVE_ZERO)
_special("k1e", ABOVE_ZERO)
_special("j0", Domain(-5.0, 5.0))
_special("j1", Domain(-5.0, 5.0))
_special("y0", Domain(0.5, 5.0))
_special("y1", Domain(0.5, 5.0))
_special("i0e", AWAY_FROM_ZERO)
_special("i1e", AWAY_FROM_ZERO)


# --- primitives with a constant first argument (an order, a shape) ---------------------


def _shapes_for(c: Any) -> st.SearchStrategy[tuple[int, ...]]:
    """Shapes of x that broadcast with the constant ``c`` (a scalar or a 1-d array)."""
    if np.ndim(c) == 0:
        return SHAPES
    return st.sampled_from([(), (1,), np.shape(c), (3,) + np.shape(c), (2, 1)])


def _constant_first(name: str, firsts: Sequence[Any], domain: Domain, ufunc: bool = True) -> None:
    """``f(c, x)`` with ``c`` drawn from ``firsts`` (a constant) and ``x`` traced."""
    fn = getattr(fsp, name)

    def draw_case(draw: st.DrawFn) -> Case:
        c = draw(st.sampled_from(list(firsts)), label="constant")
        x = draw(float_arrays(draw(_shapes_for(c)), domain=domain))
        return _noted(lambda x: fn(c, x), **{"constant": c}), (x,)

    def build(f: Fun) -> Any:
        def b(data: Any, dtype: Any) -> Any:
            c = data.draw(st.sampled_from(list(firsts)), label="constant")
            shape = data.draw(_shapes_for(c), label="shape")
            return (lambda x: f(c, x)), (values(rng_of(data), shape, domain, dtype),)

        return b

    examples = [Example(f"fad.scipy.special.{name}", build(fn))]
    if ufunc:
        examples.append(Example(f"scipy.special.{name}", build(getattr(sp, name))))
    _add(name, draw_case, *examples)


_constant_first("polygamma", [0, 1, 2, 3, np.array([1, 2])], Domain(0.7, 4.0), ufunc=False)  # (float32 differences of psi^(5) failed at 0.5)
_constant_first("gammainc", [0.5, 1.0, 2.5, np.array([0.7, 3.0])], ABOVE_ZERO)
_constant_first("gammaincc", [0.5, 1.0, 2.5], ABOVE_ZERO)


def _build_betainc(f: Fun) -> Any:
    def build(data: Any, dtype: Any) -> Any:
        shape = data.draw(SHAPES, label="shape")
        return (lambda x: f(2.0, 3.5, x)), (values(rng_of(data), shape, Domain(0.1, 0.9), dtype),)

    return build


@_entry(
    "betainc",
    Example("fad.scipy.special.betainc", _build_betainc(fsp.betainc)),
    Example("scipy.special.betainc", _build_betainc(sp.betainc)),
)
def _betainc(draw: st.DrawFn) -> Case:
    a, b = draw(st.sampled_from([(0.5, 0.5), (1.0, 1.0), (2.0, 3.5), (5.0, 1.5)]), label="a, b")
    x = draw(float_arrays(domain=Domain(0.1, 0.9)))
    return _noted(lambda x: fsp.betainc(a, b, x), a=a, b=b), (x,)


@_entry(
    "betaincc",
    Example("fad.scipy.special.betaincc", _build_betainc(fsp.betaincc)),
    Example("scipy.special.betaincc", _build_betainc(sp.betaincc)),
)
def _betaincc(draw: st.DrawFn) -> Case:
    a, b = draw(st.sampled_from([(0.5, 0.5), (2.0, 3.5), (5.0, 1.5)]), label="a, b")
    x = draw(float_arrays(domain=Domain(0.1, 0.9)))
    return _noted(lambda x: sp.betaincc(a, b, x), a=a, b=b), (x,)


_constant_first("jv", [0, 1, 2, 2.5, -0.5, np.array([0.0, 1.5])], ABOVE_ZERO)
_constant_first("yv", [0, 1, 1.5, 3], Domain(0.5, 4.0))
_constant_first("yn", [0, 1, 2, -1, np.array([0, 3])], Domain(0.5, 4.0))
_constant_first("zeta", [2.0, 3.5, 1.5, np.array([2.0, 4.0])], Domain(0.5, 3.0))  # (SciPy's zeta calls its ufunc)
_constant_first("kv", [0, 1, 2.5, -0.5, np.array([0.0, 1.5])], ABOVE_ZERO)
_constant_first("kve", [0, 1, 2.5], ABOVE_ZERO)
_constant_first("iv", [0, 1, 2, 1.5, -0.5], ABOVE_ZERO)
_constant_first("ive", [0, 1, 2, 1.5], ABOVE_ZERO)


# --- composites --------------------------------------------------------------------------


@composite("scipy.special.multigammaln")
def _multigammaln(draw: st.DrawFn) -> Case:
    d = draw(st.integers(1, 3), label="d")
    a = draw(float_arrays(domain=Domain(0.5 * (d - 1) + 0.4, 0.5 * (d - 1) + 3.0)))
    return _noted(lambda a: fsp.multigammaln(a, d), d=d), (a,)


@composite("scipy.special.logsumexp")
def _logsumexp(draw: st.DrawFn) -> Case:
    shape = draw(shapes(max_dims=3, max_side=3), label="shape")
    axis = draw(axes_for(len(shape)), label="axis")
    keepdims = draw(st.booleans(), label="keepdims")
    a = draw(float_arrays(shape, domain=Domain(-4.0, 4.0)))
    weights = draw(st.sampled_from(["none", "constant", "traced"]), label="b")
    return_sign = draw(st.booleans(), label="return_sign")
    if weights == "none":
        def f(a: Any) -> Any:
            out = fsp.logsumexp(a, axis=axis, keepdims=keepdims, return_sign=return_sign)
            return out[0] if return_sign else out

        return _noted(f, axis=axis, keepdims=keepdims, return_sign=return_sign), (a,)
    sb = draw(st.sampled_from([shape, shape[1:], ()]), label="b shape")
    b = draw(float_arrays(sb, a.dtype, Domain(0.3, 2.0)))
    if b.ndim and draw(st.booleans(), label="zero weights"):
        # terms of weight 0 do not count in the value, but the derivative in a traced
        # weight is e^(a - y) there too; a sum over all of them keeps a term
        b = np.where(b < 0.6, 0.0, b).astype(a.dtype)
        b.flat[0] = 1.0
        axis = None
    if weights == "constant":
        def fc(a: Any) -> Any:
            out = fsp.logsumexp(a, axis=axis, b=b, keepdims=keepdims, return_sign=return_sign)
            return out[0] if return_sign else out

        return _noted(fc, axis=axis, keepdims=keepdims, b=b, return_sign=return_sign), (a,)

    def fb(a: Any, b: Any) -> Any:
        out = fsp.logsumexp(a, axis=axis, b=b, keepdims=keepdims, return_sign=return_sign)
        return out[0] if return_sign else out

    return _noted(fb, axis=axis, keepdims=keepdims, return_sign=return_sign), (a, b)


def _normalising(fn: Fun) -> Callable[[st.DrawFn], Case]:
    def draw_case(draw: st.DrawFn) -> Case:
        shape = draw(shapes(max_dims=3, max_side=3), label="shape")
        axis = draw(axes_for(len(shape)), label="axis")
        x = draw(float_arrays(shape, domain=Domain(-4.0, 4.0)))
        return _noted(lambda x: fn(x, axis=axis), axis=axis), (x,)

    return draw_case


composite("scipy.special.softmax")(_normalising(fsp.softmax))
composite("scipy.special.log_softmax")(_normalising(fsp.log_softmax))


# fad.numpy's i0 and its derivative's primitive i1 (catalogued with fad.numpy's
# elementwise family), as fad.scipy.special's public i0 and i1 and SciPy's ufuncs
composite("scipy.special.i0", Example("scipy.special.i0", unary(sp.i0, Domain(-4.0, 4.0))))(
    _draw_unary(fsp.i0, Domain(-4.0, 4.0))
)
composite("scipy.special.i1", Example("scipy.special.i1", unary(sp.i1, AWAY_FROM_ZERO)))(
    _draw_unary(fsp.i1, AWAY_FROM_ZERO)
)


# fad.numpy's functions under SciPy's names (SciPy's ufuncs of the same meaning reach them)
for _name, _domain in [("expm1", REAL), ("log1p", Domain(-0.5, 3.0)), ("exp2", REAL),
                       ("cbrt", AWAY_FROM_ZERO), ("softplus", Domain(-5.0, 5.0))]:
    _plain = getattr(sp, _name)
    composite(f"scipy.special.{_name}", Example(f"scipy.special.{_name}", unary(_plain, _domain)))(
        _draw_unary(getattr(fsp, _name), _domain)
    )


# --- complex draws (COMPLEX): the functions SciPy defines on complex values ---------------
#
# Regions of the plane (the domains of the real and imaginary parts) away from poles,
# branch cuts (loggamma, exp1, expi, xlogy's log: the negative real axis; Ei's jump on
# the positive one too), the kink of ive at Re z = 0, and the far plane where the values
# grow fast (e^(-z^2) for |Im z| large). Each case takes either route, the fad.scipy
# function or SciPy's ufunc on a traced value. The draws are small: these run with the
# profile's example count, and each id must stay well under 2 s.

Plane = tuple[Domain, Domain]
BOX: Plane = (Domain(-1.5, 1.5), Domain(-1.5, 1.5))
RIGHT_HALF: Plane = (Domain(0.4, 3.0), Domain(-1.5, 1.5))
SMALL_SHAPES = st.sampled_from([(), (2,), (3,), (2, 2)])


def _z(draw: st.DrawFn, plane: Plane, shape: Any = None, dtype: Any = None) -> Array:
    return draw(complex_arrays(shape if shape is not None else SMALL_SHAPES, dtype, real=plane[0], imag=plane[1]))


def _route(draw: st.DrawFn, name: str) -> Fun:
    """fad.scipy.special.name or scipy.special.name (a ufunc on a traced value)."""
    plain = draw(st.booleans(), label="plain scipy.special")
    return getattr(sp, name) if plain else getattr(fsp, name)  # type: ignore[no-any-return]


def _complex_unary(name: str, plane: Plane) -> None:
    @complex_case(name)
    def draw_case(draw: st.DrawFn) -> Case:
        f = _route(draw, name)
        return (lambda z: f(z)), (_z(draw, plane),)


def _complex_of_order(name: str, orders: Sequence[Any], plane: Plane) -> None:
    @complex_case(name)
    def draw_case(draw: st.DrawFn) -> Case:
        f = _route(draw, name)
        v = draw(st.sampled_from(list(orders)), label="order")
        shape = () if np.ndim(v) else draw(SMALL_SHAPES, label="shape")
        return _noted(lambda z: f(v, z), v=v), (_z(draw, plane, shape),)


for _name in ("erf", "erfc", "erfi", "ndtr", "dawsn"):
    _complex_unary(_name, BOX)
_complex_unary("erfcx", (Domain(-1.0, 2.0), Domain(-1.5, 1.5)))
_complex_unary("wofz", (Domain(-2.0, 2.0), Domain(-0.5, 2.0)))
_complex_unary("log_ndtr", (Domain(-2.0, 3.0), Domain(-1.0, 1.0)))
_complex_unary("gamma", RIGHT_HALF)
_complex_unary("loggamma", (Domain(0.3, 3.0), Domain(-3.0, 3.0)))
_complex_unary("digamma", RIGHT_HALF)
_complex_unary("rgamma", (Domain(-2.5, 3.0), Domain(-0.5, 0.5)))  # entire: near the poles of Gamma too
_complex_unary("exp1", RIGHT_HALF)
_complex_unary("expi", (Domain(-2.0, 2.0), Domain(-2.0, 2.0, avoid=(0.0,), margin=0.3)))
_complex_of_order("jv", [0, 1, 2.5, np.array([0.0, 1.5])], RIGHT_HALF)
_complex_of_order("yv", [0, 1.5], RIGHT_HALF)
_complex_of_order("iv", [0, 1, 1.5], RIGHT_HALF)
_complex_of_order("kv", [0, 2.5], RIGHT_HALF)
_complex_of_order("kve", [0, 1], RIGHT_HALF)
_complex_of_order("ive", [0, 1, 2],  # integer orders: no cut on the negative real axis
                  (Domain(-3.0, 3.0, avoid=(0.0,), margin=0.4), Domain(-1.5, 1.5)))


def _complex_binary(name: str, left: Plane, right: Plane) -> None:
    @complex_case(name)
    def draw_case(draw: st.DrawFn) -> Case:
        f = _route(draw, name)
        sa, sb = draw(broadcastable_shapes(2, max_side=2))
        dt = draw(complex_dtypes())
        real_x = draw(st.integers(0, 3), label="real x") == 0  # a real operand, promoted
        x = draw(float_arrays(sa, np.finfo(dt).dtype, left[0])) if real_x else _z(draw, left, sa, dt)
        return _noted(lambda x, y: f(x, y), real_x=real_x), (x, _z(draw, right, sb, dt))


_complex_binary("xlogy", BOX, RIGHT_HALF)
_complex_binary("xlog1py", BOX, (Domain(-0.5, 2.0), Domain(-1.0, 1.0)))


@complex_case("polygamma")
def _polygamma_complex(draw: st.DrawFn) -> Case:
    """digamma's derivatives on complex values (SciPy's polygamma, and fad's public one,
    are real only: fad computes them by recurrence and asymptotic series)."""
    n = draw(st.sampled_from([1, 2, np.array([1, 2])]), label="n")  # (orders 2 to 4 at order 2)
    shape = () if np.ndim(n) else draw(st.sampled_from([(), (2,)]), label="shape")
    dt = draw(complex_dtypes())
    # Between the poles, complex64's finite-difference step (about 5e-3) is too coarse:
    # at -2.5 + 0.375j, psi^(4) nearly cancels (|.| = 33) while psi^(6) is of order 10^4,
    # and central differences miss the second derivative by 3% where fad's values agree
    # with complex128's to 1e-7 (and check_grads passes there in complex128).
    re = Domain(-2.5, 3.0, avoid=(-2.0, -1.0, 0.0), margin=0.3) if dt == np.complex128 else Domain(0.3, 3.0)
    z = _z(draw, (re, Domain(-1.0, 1.0)), shape, dt)
    return _noted(lambda z: fsp._polygamma_any(np.asarray(n), z), n=n), (z,)


def _build_wofz(f: Fun) -> Any:
    """A real argument (cast to complex by the trace), a real result (its real and
    imaginary parts) for the per-op suites of real values."""
    def build(data: Any, dtype: Any) -> Any:
        shape = data.draw(SHAPES, label="shape")
        return (lambda x: fnp.real(f(x)) - 0.5 * fnp.imag(f(x))), (values(rng_of(data), shape, Domain(-2.0, 2.0), dtype),)

    return build


@_entry(
    "wofz",
    Example("fad.scipy.special.wofz", _build_wofz(fsp.wofz)),
    Example("scipy.special.wofz", _build_wofz(sp.wofz)),
)
def _wofz(draw: st.DrawFn) -> Case:
    """Real arguments: w(x) = e^(-x^2) + 2i/sqrt(pi) dawsn(x), complex (COMPLEX draws complex ones)."""
    x = draw(float_arrays(domain=Domain(-2.0, 2.0)))
    return (lambda x: fsp.wofz(x)), (x,)
