"""Catalogue entries of fad.numpy's elementwise family (see tests/_catalogue.py).

Primitives register with ``_add``/``_entry``/``_elementwise``; public functions
made of several primitives with ``@composite(name)``, a drawer of cases that
call the public function (shapes, dtypes, parameters drawn by hypothesis).

Piecewise-constant functions (``floor``, ``round``, ``heaviside``, ...) are
drawn away from their jumps, by much more than a finite-difference step, so
that central differences see the zero derivative fad gives them.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import fad.numpy as fnp
from _catalogue import (  # noqa: F401
    PAIRS,
    Example,
    _add,
    _draw_tie_free,
    _dtypes,
    _elementwise,
    _entry,
    binary,
    composite,
    reduction,
    rng_of,
    tie_free,
    unary,
    values,
)
from fad.numpy._elementwise import _i1, _sinc_derivative
from fad.testing.strategies import (
    NONZERO,
    POSITIVE,
    REAL,
    UNIT_INTERVAL,
    Domain,
    broadcastable_shapes,
    float_arrays,
)

Array = np.ndarray[Any, Any]
Fun = Callable[..., Any]
Case = tuple[Fun, tuple[Array, ...]]

ABOVE_ONE = Domain(1.2, 4.0)
"""For arccosh: away from its branch point at 1."""
AWAY_FROM_ZERO = Domain(-4.0, 4.0, avoid=(0.0,), margin=0.3)
"""For cbrt (infinite slope at 0), and I1's own derivative (0 / 0 at 0 in its formula)."""
NEAR_ONE = Domain(-1.1, 1.1, avoid=(0.0,), margin=0.9)
"""Divisors of fmod and remainder: |y| in [0.9, 1.1]."""


# ---------------------------------------------------------------------------------------
# primitives

_elementwise("arccosh", ABOVE_ONE, routes=[("arccosh", fnp.arccosh), ("np.arccosh", np.arccosh)])
_elementwise("cbrt", AWAY_FROM_ZERO, routes=[("cbrt", fnp.cbrt), ("np.cbrt", np.cbrt)])
# sinc through 0, its removable point: the derivatives there come from a series
_elementwise("sinc", Domain(-3.0, 3.0), routes=[("sinc", fnp.sinc), ("np.sinc", np.sinc)])
_elementwise("i0", Domain(-4.0, 4.0), routes=[("i0", fnp.i0), ("np.i0", np.i0)])
_elementwise("exp2", REAL, routes=[("exp2", fnp.exp2), ("np.exp2", np.exp2)])
_elementwise("log2", POSITIVE, routes=[("log2", fnp.log2), ("np.log2", np.log2)])
_elementwise("log10", POSITIVE, routes=[("log10", fnp.log10), ("np.log10", np.log10)])
_elementwise("logaddexp", REAL, REAL, routes=[("fnp.logaddexp", fnp.logaddexp), ("np.logaddexp", np.logaddexp)])
_elementwise("logaddexp2", REAL, REAL, routes=[("logaddexp2", fnp.logaddexp2), ("np.logaddexp2", np.logaddexp2)])
# hypot's derivative is undefined at the origin: one argument away from 0
_elementwise("hypot", NONZERO, REAL, routes=[("hypot", fnp.hypot), ("np.hypot", np.hypot)])

_add(
    "fmax", _draw_tie_free(fnp.fmax),
    Example("fmax", tie_free(fnp.fmax)),
    Example("fmax_swapped", tie_free(fnp.fmax, swapped=True)),
    Example("np.fmax", tie_free(np.fmax)),
)
_add(
    "fmin", _draw_tie_free(fnp.fmin),
    Example("fmin", tie_free(fnp.fmin)),
    Example("np.fmin", tie_free(np.fmin)),
)


@_entry("sinc_derivative")
def _sinc_derivative_case(draw: st.DrawFn) -> Case:
    k = draw(st.integers(1, 3), label="k")
    x = draw(float_arrays(domain=Domain(-3.0, 3.0)))
    return (lambda x: _sinc_derivative(x, k)), (x,)


@_entry("i1")
def _i1_case(draw: st.DrawFn) -> Case:
    x = draw(float_arrays(domain=AWAY_FROM_ZERO))
    return (lambda x: _i1(x)), (x,)


def _mod_operands(draw: st.DrawFn) -> tuple[Array, Array]:
    """x and y with x / y at least 1/6 away from every integer (where fmod and
    remainder jump): |y| in [0.9, 1.1] and x = k + f, f in [0.35, 0.65], |x| < 2."""
    sa, sb = draw(broadcastable_shapes(2))
    da, db = _dtypes(draw, 2)
    k = draw(hnp.arrays(np.int64, sa, elements=st.integers(-2, 1)))
    f = draw(float_arrays(sa, np.float64, Domain(0.35, 0.65)))
    y = draw(float_arrays(sb, db, NEAR_ONE))
    return np.asarray(k + f, da), y


def _mod_values(data: Any, dtype: Any) -> tuple[Array, Array]:
    """The seeded analogue of :func:`_mod_operands`, for the examples."""
    sx, sy = data.draw(PAIRS, label="shapes")
    rng = rng_of(data)
    x = rng.integers(-2, 2, sx) + values(rng, sx, Domain(0.35, 0.65), np.float64)
    return np.asarray(x, dtype), values(rng, sy, NEAR_ONE, dtype)


def _draw_mod(fn: Fun) -> Callable[[st.DrawFn], Case]:
    def draw_case(draw: st.DrawFn) -> Case:
        return (lambda x, y: fn(x, y)), _mod_operands(draw)

    return draw_case


def _build_mod(fn: Fun) -> Any:
    def build(data: Any, dtype: Any) -> Any:
        return fn, _mod_values(data, dtype)

    return build


_add(
    "fmod", _draw_mod(fnp.fmod),
    Example("fmod", _build_mod(fnp.fmod)), Example("np.fmod", _build_mod(np.fmod)),
)
_add(
    "remainder", _draw_mod(fnp.remainder),
    Example("remainder", _build_mod(fnp.remainder)), Example("np.remainder", _build_mod(np.remainder)),
    Example("np.mod", _build_mod(np.mod)),
)


def _draw_ldexp(draw: st.DrawFn) -> Case:
    sa, sb = draw(broadcastable_shapes(2))
    x = draw(float_arrays(sa))
    e = draw(hnp.arrays(np.int32, sb, elements=st.integers(-3, 3)))
    return (lambda x: fnp.ldexp(x, e)), (x,)


def _build_ldexp(fn: Fun) -> Any:
    def build(data: Any, dtype: Any) -> Any:
        sx, se = data.draw(PAIRS, label="shapes")
        rng = rng_of(data)
        e = rng.integers(-3, 4, se).astype(np.int32)
        return (lambda x: fn(x, e)), (values(rng, sx, REAL, dtype),)

    return build


_add("ldexp", _draw_ldexp, Example("ldexp", _build_ldexp(fnp.ldexp)), Example("np.ldexp", _build_ldexp(np.ldexp)))


# ---------------------------------------------------------------------------------------
# public functions made of the primitives: drawers


def _unary_case(fn: Fun, domain: Domain) -> Callable[[st.DrawFn], Case]:
    def draw_case(draw: st.DrawFn) -> Case:
        return (lambda x: fn(x)), (draw(float_arrays(domain=domain)),)

    return draw_case


def _binary_case(fn: Fun, left: Domain, right: Domain) -> Callable[[st.DrawFn], Case]:
    def draw_case(draw: st.DrawFn) -> Case:
        sa, sb = draw(broadcastable_shapes(2))
        da, db = _dtypes(draw, 2)
        return (lambda a, b: fn(a, b)), (draw(float_arrays(sa, da, left)), draw(float_arrays(sb, db, right)))

    return draw_case


def _unary_composites(domain: Domain, *names: str) -> None:
    for name in names:
        fn = getattr(fnp, name)
        composite(name, Example(name, unary(fn, domain)))(_unary_case(fn, domain))


def _binary_composites(left: Domain, right: Domain, *names: str) -> None:
    for name in names:
        fn = getattr(fnp, name)
        composite(name, Example(name, binary(fn, left, right)))(_binary_case(fn, left, right))


# NumPy 2's aliases (the same functions), and the other smooth compositions
_unary_composites(UNIT_INTERVAL, "acos", "asin", "atanh")
_unary_composites(ABOVE_ONE, "acosh")
_unary_composites(REAL, "asinh", "atan", "deg2rad", "radians", "rad2deg", "degrees")
composite("positive")(_unary_case(fnp.positive, REAL))  # its example is in COMPOSITES
_unary_composites(NONZERO, "fabs", "abs")
# complex helpers on real numbers: identities (real, conj) and constants (imag, angle)
_unary_composites(REAL, "real", "conjugate", "conj", "real_if_close", "imag")
_binary_composites(POSITIVE, REAL, "pow")
# float_power computes in float64, so its float32 examples give float64 (as NumPy's)
composite("float_power", Example("float_power", binary(fnp.float_power, POSITIVE, REAL), float32=False))(
    _binary_case(fnp.float_power, POSITIVE, REAL)
)
_binary_composites(REAL, NONZERO, "true_divide")
# copysign's derivative jumps where x2 changes sign
_binary_composites(NONZERO, NONZERO, "copysign")


@composite("atan2")
def _atan2(draw: st.DrawFn) -> Case:
    # away from the origin and from the branch cut (y = 0, x < 0), as arctan2's entry
    sa, sb = draw(broadcastable_shapes(2))
    da, db = _dtypes(draw, 2)
    far = Domain(-2.0, 2.0, avoid=(0.0,), margin=0.5)
    left, right = draw(st.sampled_from([(REAL, Domain(0.5, 2.0)), (far, REAL)]))
    return (lambda y, x: fnp.atan2(y, x)), (draw(float_arrays(sa, da, left)), draw(float_arrays(sb, db, right)))


@composite("clip")  # its example is in COMPOSITES
def _clip(draw: st.DrawFn) -> Case:
    # bounds at +-0.6 (either may be None), values at least 0.2 away from them
    lo = draw(st.sampled_from([-0.6, None]))
    hi = draw(st.sampled_from([0.6, None]))
    x = draw(float_arrays(domain=Domain(-1.6, 1.6, avoid=(-0.6, 0.6), margin=0.2)))
    return (lambda x: fnp.clip(x, lo, hi)), (x,)


@composite("mod", Example("mod", _build_mod(fnp.mod)))
def _mod(draw: st.DrawFn) -> Case:
    return (lambda x, y: fnp.mod(x, y)), _mod_operands(draw)


@composite("divmod", Example("divmod", _build_mod(lambda x, y: fnp.divmod(x, y)[1])))
def _divmod(draw: st.DrawFn) -> Case:
    both = draw(st.booleans(), label="both outputs")
    if both:
        return (lambda x, y: fnp.divmod(x, y)), _mod_operands(draw)
    return (lambda x, y: fnp.divmod(x, y)[1]), _mod_operands(draw)


@composite("nan_to_num")
def _nan_to_num(draw: st.DrawFn) -> Case:
    # NaN and infinities put in by a selection with constants (so that no
    # derivative rule meets them), then replaced with drawn values or the defaults
    x = draw(float_arrays())
    bad = draw(hnp.arrays(np.float64, x.shape, elements=st.sampled_from([np.nan, np.inf, -np.inf]))).astype(x.dtype)
    keep = draw(hnp.arrays(np.bool_, x.shape))
    # (finite replacements: NumPy's defaults, the largest floats, would swamp the
    # differences' tolerance; tests/test_numpy_elementwise.py checks the defaults)
    kw = draw(st.sampled_from([{"posinf": 3.0, "neginf": -3.0}, {"nan": 1.5, "posinf": 2.0, "neginf": -2.0}]))
    return (lambda x: fnp.nan_to_num(fnp.where(keep, x, bad), **kw)), (x,)


@composite("frexp", Example("frexp", lambda data, dtype: (lambda x: fnp.frexp(x)[0], (
    np.asarray(np.ldexp(values(rng_of(data), (3,), Domain(0.55, 0.95), np.float64), [-1, 1, 2]), dtype),))))
def _frexp(draw: st.DrawFn) -> Case:
    # x = +-m 2^e with the mantissa m in [0.55, 0.95]: away from the powers of 2,
    # where the mantissa jumps (relatively: |x| may be small)
    x = draw(float_arrays(domain=Domain(0.55, 0.95)))
    e = draw(hnp.arrays(np.int32, x.shape, elements=st.integers(-1, 2)))
    s = draw(hnp.arrays(np.bool_, x.shape))
    x = np.asarray(np.where(s, -1, 1) * np.ldexp(x, e), x.dtype)
    if draw(st.booleans(), label="both outputs"):
        return (lambda x: fnp.frexp(x)), (x,)
    return (lambda x: fnp.frexp(x)[0]), (x,)


_AWAY_FROM_INTEGERS = Domain(-2.8, 2.8, avoid=(-2.0, -1.0, 0.0, 1.0, 2.0), margin=0.15)
_AWAY_FROM_HALVES = Domain(-2.4, 2.4, avoid=(-1.5, -0.5, 0.5, 1.5), margin=0.15)


@composite("modf", Example("modf", unary(lambda x: fnp.modf(x)[0], _AWAY_FROM_INTEGERS)))
def _modf(draw: st.DrawFn) -> Case:
    x = draw(float_arrays(domain=_AWAY_FROM_INTEGERS))
    if draw(st.booleans(), label="both outputs"):
        return (lambda x: fnp.modf(x)), (x,)
    return (lambda x: fnp.modf(x)[0] * 2.0), (x,)


# piecewise constant: drawn away from their jumps (integers or halves)
_unary_composites(_AWAY_FROM_INTEGERS, "floor", "ceil", "trunc", "fix")
_unary_composites(_AWAY_FROM_HALVES, "rint")
_unary_composites(NONZERO, "sign")
_binary_composites(NONZERO, REAL, "heaviside")


def _draw_round(fn: Fun) -> Callable[[st.DrawFn], Case]:
    def draw_case(draw: st.DrawFn) -> Case:
        # x = (k + f) 10^-d with f at least 0.25 from 1/2: rounding to d decimals
        # jumps at (k + 1/2) 10^-d, which stays far
        d = draw(st.sampled_from([0, 1, -1]), label="decimals")
        x = draw(float_arrays(domain=Domain(-2.0, 2.0, avoid=(-1.5, -0.5, 0.5, 1.5), margin=0.25)))
        x = np.asarray(x * 10.0 ** -d, x.dtype)
        return (lambda x: fn(x, d)), (x,)

    return draw_case


composite("round", Example("round", unary(fnp.round, _AWAY_FROM_HALVES)))(_draw_round(fnp.round))
composite("around", Example("np.around", unary(np.around, _AWAY_FROM_HALVES)))(_draw_round(fnp.around))


@composite("angle")
def _angle(draw: st.DrawFn) -> Case:
    deg = draw(st.booleans(), label="deg")
    return (lambda x: fnp.angle(x, deg=deg)), (draw(float_arrays(domain=NONZERO)),)
