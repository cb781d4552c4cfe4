"""Catalogue entries of fad.numpy's creation family (see tests/_catalogue.py).

Primitives register with ``_add``/``_entry``/``_elementwise``; public functions
made of several primitives with ``@composite(name)``, a drawer of cases that
call the public function (shapes, dtypes, parameters drawn by hypothesis).
"""

from __future__ import annotations

from _catalogue import (  # noqa: F401, E402
    Example,
    _add,
    _elementwise,
    _entry,
    binary,
    complex_case,
    composite,
    reduction,
    unary,
)

from typing import Any

import numpy as np
from hypothesis import strategies as st

import fad.numpy as fnp
from _catalogue import Array, Fun, rng_of, values
from fad.numpy._polynomial import _conv_full
from fad.testing.strategies import (
    NONZERO,
    POSITIVE,
    REAL,
    Domain,
    complex_arrays,
    complex_dtypes,
    float_arrays,
    float_dtypes,
    separated_arrays,
    shapes,
)

Drawn = tuple[Fun, tuple[Array, ...]]
SMALL = shapes(max_dims=2, max_side=3)
MODES = st.sampled_from(["full", "same", "valid"])
_KNOTS = np.array([-1.0, 0.0, 0.5, 1.5])


def _noted(fun: Fun, **drawn: Any) -> Fun:
    """Attach the drawn parameters to ``fun``, for the case's repr."""
    setattr(fun, "note", "drawn " + ", ".join(f"{k}={v!r}" for k, v in drawn.items()))
    return fun


def _vector(draw: st.DrawFn, dt: Any, low: int = 1, high: int = 4, domain: Domain = REAL) -> Array:
    n = draw(st.integers(low, high), label="length")
    return draw(float_arrays((n,), dt, domain))


# --- the creation family ----------------------------------------------------------------


def _ends(draw: st.DrawFn, domain: Domain = REAL) -> tuple[Array, Array]:
    """Start and stop of broadcasting shapes (scalars or small arrays)."""
    dt = draw(float_dtypes())
    sa = draw(st.sampled_from([(), (2,), (1, 2)]), label="start shape")
    sb = draw(st.sampled_from([(), (2,)]), label="stop shape")
    return draw(float_arrays(sa, dt, domain)), draw(float_arrays(sb, dt, domain))


@composite("linspace")
def _linspace(draw: st.DrawFn) -> Drawn:
    start, stop = _ends(draw)
    num = draw(st.integers(0, 4), label="num")
    endpoint = draw(st.booleans(), label="endpoint")
    retstep = num >= 2 and draw(st.booleans(), label="retstep")  # else the step is NaN
    axis = draw(st.integers(-1, 0), label="axis") if np.ndim(start) or np.ndim(stop) else 0
    return _noted(
        lambda a, b: fnp.linspace(a, b, num, endpoint, retstep, axis=axis),
        num=num, endpoint=endpoint, retstep=retstep, axis=axis,
    ), (start, stop)


@composite("logspace")
def _logspace(draw: st.DrawFn) -> Drawn:
    start, stop = _ends(draw, Domain(-1.0, 1.0))
    num = draw(st.integers(1, 4), label="num")
    endpoint = draw(st.booleans(), label="endpoint")
    base = draw(float_arrays(draw(st.sampled_from([(), (2,)])), np.float64, POSITIVE), label="base")
    return _noted(lambda a, b, c: fnp.logspace(a, b, num, endpoint, c), num=num, endpoint=endpoint), (
        start, stop, base,
    )


@composite("geomspace")
def _geomspace(draw: st.DrawFn) -> Drawn:
    start, stop = _ends(draw, POSITIVE)
    sign = draw(st.sampled_from([1.0, -1.0]), label="sign")
    num = draw(st.integers(1, 4), label="num")
    endpoint = draw(st.booleans(), label="endpoint")
    axis = -1 if np.ndim(start) or np.ndim(stop) else 0
    return _noted(lambda a, b: fnp.geomspace(a, b, num, endpoint, axis=axis), num=num, axis=axis), (
        start * np.asarray(sign, start.dtype), stop * np.asarray(sign, stop.dtype),
    )


def _as_list_or_array(draw: st.DrawFn, convert: Fun, name: str) -> Drawn:
    """``convert`` applied to a traced array, or to a list of traced scalars."""
    x = draw(float_arrays(SMALL))
    if x.ndim == 1 and draw(st.booleans(), label="as a list"):
        return _noted(lambda x: convert([x[i] for i in range(x.shape[0])]), route=f"{name}(list)"), (x,)
    return convert, (x,)


@composite("array")
def _array(draw: st.DrawFn) -> Drawn:
    ndmin = draw(st.integers(0, 3), label="ndmin")
    return _as_list_or_array(draw, lambda x: fnp.array(x, ndmin=ndmin), "array")


@composite("asarray")
def _asarray(draw: st.DrawFn) -> Drawn:
    dt = draw(st.sampled_from([None, np.float64]), label="dtype")
    return _as_list_or_array(draw, lambda x: fnp.asarray(x, dtype=dt), "asarray")


@composite("asanyarray")
def _asanyarray(draw: st.DrawFn) -> Drawn:
    return _as_list_or_array(draw, fnp.asanyarray, "asanyarray")


@composite("ascontiguousarray")
def _ascontiguousarray(draw: st.DrawFn) -> Drawn:
    return _as_list_or_array(draw, fnp.ascontiguousarray, "ascontiguousarray")


@composite("asfortranarray")
def _asfortranarray(draw: st.DrawFn) -> Drawn:
    return _as_list_or_array(draw, fnp.asfortranarray, "asfortranarray")


@composite("asarray_chkfinite")
def _asarray_chkfinite(draw: st.DrawFn) -> Drawn:
    return _as_list_or_array(draw, fnp.asarray_chkfinite, "asarray_chkfinite")


@composite("require")
def _require(draw: st.DrawFn) -> Drawn:
    return _as_list_or_array(draw, lambda x: fnp.require(x, None, ["C", "W"]), "require")


@composite("copy")
def _copy(draw: st.DrawFn) -> Drawn:
    # np.copy of a list does not reach fad (NumPy dispatches on arrays only)
    return _as_list_or_array(draw, lambda x: fnp.copy(x) if type(x) is list else np.copy(x), "copy")


@composite("zeros_like")
def _zeros_like(draw: st.DrawFn) -> Drawn:
    # a constant: the derivative is zero
    return (lambda x: fnp.zeros_like(x)), (draw(float_arrays(SMALL)),)


@composite("ones_like")
def _ones_like(draw: st.DrawFn) -> Drawn:
    return (lambda x: x * np.ones_like(x)), (draw(float_arrays(SMALL)),)


@composite("empty_like")
def _empty_like(draw: st.DrawFn) -> Drawn:
    # a constant of x's shape (its values are arbitrary, so only its shape is used)
    return (lambda x: fnp.reshape(x, fnp.empty_like(x).shape)), (draw(float_arrays(SMALL)),)


@composite("full_like")
def _full_like(draw: st.DrawFn) -> Drawn:
    a = draw(float_arrays(SMALL))
    v = draw(float_arrays(()))
    return (lambda v: fnp.full_like(a, v)), (v,)


@composite("full")
def _full(draw: st.DrawFn) -> Drawn:
    s = draw(st.sampled_from([(), (3,), (2, 3)]), label="shape")
    v = draw(float_arrays(draw(st.sampled_from([(), (1,), (3,)])) if s else ()))
    return _noted(lambda v: fnp.full(s, v), shape=s), (v,)


@composite("fromfunction")
def _fromfunction(draw: st.DrawFn) -> Drawn:
    c = draw(float_arrays((2,)))
    return (lambda c: fnp.fromfunction(lambda i, j: c[0] * i + c[1] * j * j, (2, 3))), (c,)


# --- the polynomial family --------------------------------------------------------------

_LEADS = [((), ()), ((2,), ()), ((2, 1), (3,)), ((), (2,))]


def _signal_example(fn: Fun) -> Fun:
    """An example's builder: ``fn`` of two seeded 1-D signals of drawn lengths."""

    def build(data: Any, dtype: Any) -> Drawn:
        rng = rng_of(data)
        n, m = data.draw(st.integers(1, 4), label="n"), data.draw(st.integers(1, 4), label="m")
        return fn, (values(rng, (n,), REAL, dtype), values(rng, (m,), REAL, dtype))

    return build


def _interp_example(data: Any, dtype: Any) -> Drawn:
    rng = rng_of(data)
    x = values(rng, (3,), Domain(-2.0, 2.0, avoid=tuple(_KNOTS), margin=0.1), dtype)
    return (lambda x, fp: np.interp(x, _KNOTS, fp)), (x, values(rng, (4,), REAL, dtype))


@_entry(
    "convolve",
    Example("np.convolve", _signal_example(lambda a, v: np.convolve(a, v, "same"))),
    Example("np.polymul", _signal_example(lambda a, v: np.polymul(a, v))),
)
def _convolve(draw: st.DrawFn) -> Drawn:
    dt = draw(float_dtypes())
    n, m = draw(st.integers(1, 4), label="n"), draw(st.integers(1, 4), label="m")
    la, lv = draw(st.sampled_from(_LEADS), label="leading axes")
    a = draw(float_arrays(la + (n,), dt))
    v = draw(float_arrays(lv + (m,), dt))
    if la or lv:  # the primitive broadcasts leading axes (what its batched rules use)
        return _noted(_conv_full, leading=(la, lv)), (a, v)
    mode = draw(MODES, label="mode")
    via = draw(st.sampled_from([fnp.convolve, np.convolve]), label="route")
    return _noted(lambda a, v: via(a, v, mode), mode=mode), (a, v)


@composite("correlate", Example("np.correlate", _signal_example(lambda a, v: np.correlate(a, v, "full"))))
def _correlate(draw: st.DrawFn) -> Drawn:
    dt = draw(float_dtypes())
    a, v = _vector(draw, dt), _vector(draw, dt)
    mode = draw(MODES, label="mode")
    return _noted(lambda a, v: np.correlate(a, v, mode), mode=mode), (a, v)


@composite("polyval")
def _polyval(draw: st.DrawFn) -> Drawn:
    dt = draw(float_dtypes())
    p = _vector(draw, dt)
    if draw(st.booleans(), label="2-D p"):
        p = np.stack([p, p[::-1]], axis=1)
    x = draw(float_arrays(draw(st.sampled_from([(), (2,)] if p.ndim == 1 else [(), (2,)])), dt))
    return (lambda p, x: fnp.polyval(p, x)), (p, x)


def _two_polys(draw: st.DrawFn) -> tuple[Array, Array]:
    dt = draw(float_dtypes())
    return _vector(draw, dt), _vector(draw, dt)


@composite("polyadd")
def _polyadd(draw: st.DrawFn) -> Drawn:
    return (lambda a, b: np.polyadd(a, b)), _two_polys(draw)


@composite("polysub")
def _polysub(draw: st.DrawFn) -> Drawn:
    return (lambda a, b: fnp.polysub(a, b)), _two_polys(draw)


@composite("polymul")
def _polymul(draw: st.DrawFn) -> Drawn:
    # no zero coefficients: NumPy drops leading zeros, so the output's shape would change
    dt = draw(float_dtypes())
    return (lambda a, b: np.polymul(a, b)), (_vector(draw, dt, domain=NONZERO), _vector(draw, dt, domain=NONZERO))


@composite("polyder")
def _polyder(draw: st.DrawFn) -> Drawn:
    p = _vector(draw, draw(float_dtypes()), 1, 5)
    m = draw(st.integers(0, 2), label="m")
    return _noted(lambda p: fnp.polyder(p, m), m=m), (p,)


@composite("polyint")
def _polyint(draw: st.DrawFn) -> Drawn:
    dt = draw(float_dtypes())
    p = _vector(draw, dt)
    m = draw(st.integers(0, 2), label="m")
    k = draw(float_arrays((max(m, 1),), dt))
    return _noted(lambda p, k: fnp.polyint(p, m, k), m=m), (p, k)


@composite("polydiv")
def _polydiv(draw: st.DrawFn) -> Drawn:
    dt = draw(float_dtypes())
    u = _vector(draw, dt, 1, 4, NONZERO)
    # a divisor of degree <= 1, so that the remainder has one entry whatever the
    # values (NumPy drops its leading entries that are zero, changing its shape)
    v = _vector(draw, dt, 1, 2)
    v[0] = np.asarray(1.0 + abs(float(v[0])), dt)  # a leading coefficient away from 0
    # fad's polydiv, also untraced: NumPy's remainder shape depends on rounding (see its docstring)
    return (lambda u, v: fnp.polydiv(u, v)), (u, v)


@composite("vander")
def _vander(draw: st.DrawFn) -> Drawn:
    x = _vector(draw, draw(float_dtypes()))
    n = draw(st.none() | st.integers(0, 4), label="N")
    increasing = draw(st.booleans(), label="increasing")
    return _noted(lambda x: np.vander(x, n, increasing), N=n, increasing=increasing), (x,)


@composite("poly")
def _poly(draw: st.DrawFn) -> Drawn:
    return (lambda z: np.poly(z)), (_vector(draw, draw(float_dtypes()), 1, 3),)


def _poly_with_real_roots(draw: st.DrawFn) -> Array:
    """Coefficients of a polynomial with 1 to 3 well-separated real roots."""
    dt = draw(float_dtypes())
    r = draw(separated_arrays((draw(st.integers(1, 3), label="degree"),), np.float64, gap=0.75))
    lead = draw(st.sampled_from([1.0, -0.5, 2.0]), label="leading coefficient")
    return np.asarray(lead * np.poly(r), dt)


@_entry("roots")
def _roots(draw: st.DrawFn) -> Drawn:
    # sorted: the order of the roots is NumPy's, not a function of p
    return (lambda p: fnp.sort(np.roots(p))), (_poly_with_real_roots(draw),)


@composite("polyfit")
def _polyfit(draw: st.DrawFn) -> Drawn:
    dt = draw(float_dtypes())
    n = draw(st.integers(3, 5), label="points")
    deg = draw(st.integers(0, 2), label="deg")
    x = np.linspace(-1.0, 1.0, n).astype(dt)
    y = draw(float_arrays(draw(st.sampled_from([(n,), (n, 2)])), dt))
    how = draw(st.sampled_from(["y", "weighted", "x and y", "full", "cov"]), label="variant")
    if how == "x and y":  # the normal equations
        return _noted(lambda x, y: fnp.polyfit(x, y, deg), deg=deg, how=how), (x, y)
    if how == "weighted":
        w = draw(float_arrays((n,), dt, POSITIVE))
        return _noted(lambda y, w: fnp.polyfit(x, y, deg, w=w), deg=deg, how=how), (y, w)
    if how == "full":
        return _noted(lambda y: fnp.polyfit(x, y, deg, full=True)[:2], deg=deg, how=how), (y,)
    if how == "cov" and n > deg + 1:
        return _noted(lambda y: fnp.polyfit(x, y, deg, cov=True), deg=deg, how=how), (y,)
    return _noted(lambda y: np.polyfit(x, y, deg), deg=deg), (y,)


@composite("interp", Example("np.interp", _interp_example, float32=False))  # float64 out, as NumPy
def _interp(draw: st.DrawFn) -> Drawn:
    dt = draw(float_dtypes())
    how = draw(st.sampled_from(["plain", "left-right", "period"]), label="variant")
    # away from the knots (kinks), also their images modulo the period 2.5
    kinks = tuple(_KNOTS) + tuple(_KNOTS + 2.5) + tuple(_KNOTS - 2.5)
    x = draw(float_arrays(draw(st.sampled_from([(), (3,)])), dt, Domain(-2.0, 2.0, avoid=kinks, margin=0.1)))
    fp = draw(float_arrays((4,), dt))
    if how == "plain":
        return (lambda x, fp: np.interp(x, _KNOTS, fp)), (x, fp)
    if how == "period":
        return (lambda x, fp: fnp.interp(x, _KNOTS, fp, period=2.5)), (x, fp)
    lr = draw(float_arrays((2,), dt))
    return (lambda x, fp, lr: fnp.interp(x, _KNOTS, fp, lr[0], lr[1])), (x, fp, lr)


@composite("piecewise")
def _piecewise(draw: st.DrawFn) -> Drawn:
    x = draw(float_arrays(draw(st.sampled_from([(), (3,), (2, 2)])), None, Domain(-2.0, 2.0, avoid=(0.0, 1.0), margin=0.25)))
    c = draw(float_arrays((), x.dtype))
    otherwise = draw(st.booleans(), label="otherwise")
    funcs: list[Any] = [lambda t, c: t * t, 2.5] + ([lambda t, c: c * t] if otherwise else [])
    return _noted(
        lambda x, c: fnp.piecewise(x, [x < 0, x > 1.0], funcs, c) if otherwise
        else np.piecewise(x, [x < 0], [funcs[0], lambda t, c: t * c], c),
        otherwise=otherwise,
    ), (x, c)


# --- complex draws (COMPLEX) ---------------------------------------------------------------


@complex_case("geomspace")
def _geomspace_complex(draw: st.DrawFn) -> Drawn:
    """Complex ends (sometimes one of them real and positive) in the right half plane, so
    that stop / sign(start) keeps off the cut of the logarithm (the negative real axis)."""
    dt = draw(complex_dtypes(), label="dtype")
    plane = (Domain(0.5, 2.5), Domain(-1.0, 1.0))
    sa, sb = draw(st.sampled_from([((), ()), ((2,), ()), ((), (2,))]), label="shapes")  # (small: a check is costly)
    real = draw(st.sampled_from(["neither", "neither", "start", "stop"]), label="real end")
    rdt = np.finfo(dt).dtype
    start = draw(float_arrays(sa, rdt, plane[0])) if real == "start" else draw(complex_arrays(sa, dt, *plane))
    stop = draw(float_arrays(sb, rdt, plane[0])) if real == "stop" else draw(complex_arrays(sb, dt, *plane))
    num = draw(st.integers(1, 3), label="num")
    endpoint = draw(st.booleans(), label="endpoint")
    axis = -1 if np.ndim(start) or np.ndim(stop) else 0
    return _noted(lambda a, b: fnp.geomspace(a, b, num, endpoint, axis=axis), num=num, axis=axis), (start, stop)


# np.emath (fad.numpy.emath, in fad/numpy/_forwarded.py; drawn here, beside the other
# functions that pick a result's type from values): real arguments with elements out
# of the real domain, so that the result is complex, kept off 0 and +-1 (the branch
# points) by more than a difference step; sometimes within the domain (a real result).
_LOGS = Domain(-3.0, 3.0, avoid=(0.0,), margin=0.3)
_ARCS = Domain(-3.0, 3.0, avoid=(-1.0, 1.0), margin=0.3)


def _emath_case(name: str, domain: Domain) -> None:
    @complex_case(f"emath.{name}")
    def draw_case(draw: st.DrawFn) -> Drawn:
        x = draw(float_arrays(st.sampled_from([(), (2,), (3,)]), domain=domain))
        via = draw(st.sampled_from(["fnp", "np"]), label="route")
        f = getattr(fnp.emath if via == "fnp" else np.emath, name)
        return _noted(lambda x: f(x), route=via), (x,)


for _name in ("sqrt", "log", "log2", "log10"):
    _emath_case(_name, _LOGS)
for _name in ("arcsin", "arccos", "arctanh"):
    _emath_case(_name, _ARCS)


@complex_case("emath.power")
def _emath_power(draw: st.DrawFn) -> Drawn:
    sa, sb = draw(st.sampled_from([((), ()), ((2,), ()), ((2,), (2,)), ((), (3,))]), label="shapes")
    dt = draw(float_dtypes())
    x = draw(float_arrays(sa, dt, _LOGS))
    p = draw(float_arrays(sb, dt, Domain(-2.0, 2.0)))
    return (lambda x, p: np.emath.power(x, p)), (x, p)


@complex_case("emath.logn")
def _emath_logn(draw: st.DrawFn) -> Drawn:
    dt = draw(float_dtypes())
    n = draw(float_arrays(st.sampled_from([(), (2,)]), dt, Domain(-4.0, 4.0, avoid=(-1.0, 0.0, 1.0), margin=0.4)))
    x = draw(float_arrays(st.sampled_from([(), (2,)]), dt, _LOGS))
    return (lambda n, x: fnp.emath.logn(n, x)), (n, x)
