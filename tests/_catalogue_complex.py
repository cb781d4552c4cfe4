"""Complex draws for the registry suite (see tests/_catalogue.py): ``COMPLEX``.

Each entry draws complex64/complex128 inputs (real and imaginary parts from
two :class:`~fad.testing.strategies.Domain`, keeping off branch cuts and
poles) for an op that NumPy defines on complex values; a binary op sometimes
gets one real operand, so the promotion of a real value to complex (and the
real part of its cotangent) is checked too. ``tests/test_rules.py`` checks
each at orders 1 and 2 in both modes, and a primitive's rules by
``check_rule``, as for its real draws.

The primitives ``real``, ``imag`` and ``conjugate`` act on complex values only
(on real ones fad.numpy returns the value itself or zeros), so their
``CATALOGUE`` entries are drawn here.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import fad
import fad.numpy as fnp
from _catalogue import _add, axes_for, complex_case, composite, matmul_shapes
from fad.testing.strategies import (
    NONZERO,
    POSITIVE,
    REAL,
    UNIT_INTERVAL,
    Domain,
    broadcastable_shapes,
    complex_arrays,
    complex_dtypes,
    float_arrays,
    separated_arrays,
    shapes,
)

Array = np.ndarray[Any, Any]
Fun = Callable[..., Any]
Case = tuple[Fun, tuple[Array, ...]]
Drawer = Callable[[st.DrawFn], Case]
Plane = tuple[Domain, Domain]
"""A region of the complex plane: the domains of the real and imaginary parts."""

PLANE: Plane = (REAL, REAL)
RIGHT: Plane = (POSITIVE, REAL)
"""Re z > 0: off the cut of log, sqrt, power and angle (the negative real axis)."""
OFF_ZERO: Plane = (NONZERO, REAL)
"""|Re z| > 0.25: away from 0 (abs, reciprocal, a divisor)."""
STRIP: Plane = (UNIT_INTERVAL, REAL)
"""|Re z| < 1: off the cuts of arcsin, arccos, arctanh (the real axis beyond +-1)."""
BAND: Plane = (REAL, UNIT_INTERVAL)
"""|Im z| < 1: off the cuts of arcsinh and arctan (the imaginary axis beyond +-i)."""
SMALL = Domain(-1.2, 1.2)
"""Keeps tan (poles at real pi/2) and tanh (at imaginary pi/2) off their poles."""
LOG_SHAPES = shapes(max_side=3)


def _z(draw: st.DrawFn, plane: Plane, shape: Any = LOG_SHAPES, dtype: Any = None) -> Array:
    return draw(complex_arrays(shape, dtype, real=plane[0], imag=plane[1]))


def _unary(fn: Fun, plane: Plane) -> Drawer:
    def draw_case(draw: st.DrawFn) -> Case:
        return (lambda z: fn(z)), (_z(draw, plane),)

    return draw_case


def _operand(draw: st.DrawFn, shape: Any, dtype: Any, plane: Plane, real_ok: bool) -> Array:
    """A complex operand, or (sometimes, if ``real_ok``) a real one of the same precision."""
    if real_ok and draw(st.integers(0, 3), label="real operand") == 0:
        return draw(float_arrays(shape, np.finfo(dtype).dtype, plane[0]))
    return _z(draw, plane, shape, dtype)


def _binary(fn: Fun, left: Plane, right: Plane) -> Drawer:
    def draw_case(draw: st.DrawFn) -> Case:
        sa, sb = draw(broadcastable_shapes(2, max_side=3))
        dt = draw(complex_dtypes())
        a = _operand(draw, sa, dt, left, True)
        b = _operand(draw, sb, dt, right, a.dtype.kind == "c")  # at least one complex
        return (lambda a, b: fn(a, b)), (a, b)

    return draw_case


def _unaries(plane: Plane, *names: str) -> None:
    for name in names:
        complex_case(name)(_unary(getattr(fnp, name), plane))


# --- elementwise: holomorphic maps keep their real rules ---------------------------------

_unaries(PLANE, "negative", "exp", "expm1", "exp2", "sin", "cos", "sinh", "cosh", "square")
_unaries(RIGHT, "log", "log2", "log10", "sqrt")
_unaries(STRIP, "arcsin", "arccos", "arctanh")
_unaries(BAND, "arcsinh", "arctan")
_unaries(OFF_ZERO, "reciprocal")
complex_case("log1p")(_unary(fnp.log1p, (Domain(-0.5, 3.0), REAL)))
complex_case("arccosh")(_unary(fnp.arccosh, (Domain(1.2, 4.0), REAL)))
complex_case("tan")(_unary(fnp.tan, (SMALL, REAL)))
complex_case("tanh")(_unary(fnp.tanh, (REAL, SMALL)))
complex_case("sigmoid")(_unary(fnp.sigmoid, (Domain(-4.0, 4.0), SMALL)))

for _name, _left, _right in [
    ("add", PLANE, PLANE),
    ("subtract", PLANE, PLANE),
    ("multiply", PLANE, PLANE),
    ("divide", PLANE, OFF_ZERO),
    ("power", RIGHT, PLANE),
]:
    complex_case(_name)(_binary(getattr(fnp, _name), _left, _right))

# --- the maps that are not holomorphic -----------------------------------------------------

_add("real", _unary(fnp.real, PLANE))
_add("imag", _unary(fnp.imag, PLANE))
_add("conjugate", _unary(fnp.conjugate, PLANE))
_unaries(OFF_ZERO, "absolute")
complex_case("angle")(_unary(fnp.angle, (Domain(0.5, 3.0), REAL)))  # float32 second differences need |z| >= 0.5
complex_case("sign")(_unary(fnp.sign, OFF_ZERO))
complex_case("abs2")(_unary(lambda z: fnp.real(z * fnp.conj(z)), PLANE))


@complex_case("astype")
def _astype(draw: st.DrawFn) -> Case:
    """A real value cast to complex (the promotion's own primitive)."""
    to = draw(complex_dtypes())
    x = draw(float_arrays(LOG_SHAPES))
    return (lambda x: fnp.astype(x, to) * (1 - 2j)), (x,)


@complex_case("real_times_1j")
def _times_1j(draw: st.DrawFn) -> Case:
    """``x * 1j`` on a real value, then back to a real one."""
    x = draw(float_arrays(LOG_SHAPES))
    return (lambda x: fnp.abs(x * 1j + 1.0)), (x,)


# --- structural: sums, products -----------------------------------------------------------


@complex_case("sum")
def _sum(draw: st.DrawFn) -> Case:
    z = _z(draw, PLANE)
    axis = draw(axes_for(z.ndim))
    keepdims = draw(st.booleans())
    return (lambda z: fnp.sum(z, axis=axis, keepdims=keepdims)), (z,)


@complex_case("mean")
def _mean(draw: st.DrawFn) -> Case:
    z = _z(draw, PLANE)
    axis = draw(axes_for(z.ndim))
    return (lambda z: fnp.mean(z, axis=axis)), (z,)


@complex_case("prod")
def _prod(draw: st.DrawFn) -> Case:
    z = _z(draw, OFF_ZERO)
    axis = draw(axes_for(z.ndim))
    return (lambda z: fnp.prod(z, axis=axis)), (z,)


@complex_case("matmul")
def _matmul(draw: st.DrawFn) -> Case:
    sa, sb = draw(matmul_shapes())
    dt = draw(complex_dtypes())
    a = _operand(draw, sa, dt, PLANE, True)
    b = _operand(draw, sb, dt, PLANE, a.dtype.kind == "c")
    return (lambda a, b: fnp.matmul(a, b)), (a, b)


@complex_case("einsum")
def _einsum(draw: st.DrawFn) -> Case:
    spec, sa, sb = draw(st.sampled_from([("ij,jk->ik", (2, 3), (3, 2)), ("i,i->", (3,), (3,)), ("ij,j->i", (2, 3), (3,))]))
    dt = draw(complex_dtypes())
    return (lambda a, b: fnp.einsum(spec, a, b)), (_z(draw, PLANE, sa, dt), _z(draw, PLANE, sb, dt))


@complex_case("vdot")
def _vdot(draw: st.DrawFn) -> Case:
    dt = draw(complex_dtypes())
    n = draw(st.integers(1, 4))
    return (lambda a, b: fnp.vdot(a, b)), (_z(draw, PLANE, (n,), dt), _z(draw, PLANE, (n,), dt))


@complex_case("where")
def _where(draw: st.DrawFn) -> Case:
    z = _z(draw, PLANE, (3,))
    c = np.array([True, False, True])
    return (lambda z: fnp.where(c, z, 2.0 * z)), (z,)


@complex_case("getitem")
def _getitem(draw: st.DrawFn) -> Case:
    z = _z(draw, PLANE, (3, 2))
    return (lambda z: z[::2, 1]), (z,)


@complex_case("var_of_complex")  # a composition (|x - mean|^2), not the real primitive var
def _var(draw: st.DrawFn) -> Case:
    z = _z(draw, PLANE, (3, 2))
    axis = draw(st.sampled_from([None, 0, 1]))
    return (lambda z: fnp.var(z, axis=axis)), (z,)


@complex_case("std")
def _std(draw: st.DrawFn) -> Case:
    z = _z(draw, PLANE, (4,))
    z = (z + np.arange(4) * (2 + 1j)).astype(z.dtype)  # spread out: std well above 0, where it is smooth
    return (lambda z: fnp.std(z)), (z,)


# --- linear algebra: Hermitian matrices -----------------------------------------------------


def _hermitian(draw: st.DrawFn) -> Array:
    """A Hermitian positive-definite matrix with eigenvalues well apart (n = 2 or 3)."""
    n = draw(st.integers(2, 3))
    dt = draw(complex_dtypes())
    b = _z(draw, PLANE, (n, n), dt).astype(np.complex128)
    mix = np.tril(np.full((n, n), 1.5 + 1.5j), -1)  # keeps q off diagonal (b = 0 is drawn)
    q, _ = np.linalg.qr(b + 3 * np.eye(n) + mix)  # a unitary matrix
    w = np.arange(1.0, n + 1) * 1.5 + draw(st.floats(0.0, 0.5))
    return np.asarray((q * w) @ q.conj().T, dtype=dt)


@complex_case("eigh")
def _eigh(draw: st.DrawFn) -> Case:
    """Functions of eigh that do not depend on the eigenvectors' phases."""
    a = _hermitian(draw)
    upper = draw(st.booleans())
    uplo = "U" if upper else "L"
    which = draw(st.sampled_from(["values", "abs_vectors", "spectral"]))

    def f(a: Any) -> Any:
        w, v = fnp.linalg.eigh(a, uplo)
        if which == "values":
            return w
        if which == "abs_vectors":  # |v|^2, smooth where a component is 0 (|v| has a kink there)
            return fnp.real(v * fnp.conj(v))
        return (v * fnp.exp(w / 4)) @ fnp.conj(fnp.swapaxes(v, -1, -2))

    return f, (a,)


@complex_case("cholesky")
def _cholesky(draw: st.DrawFn) -> Case:
    a = _hermitian(draw)
    upper = draw(st.booleans())
    return (lambda a: fnp.linalg.cholesky(a, upper=upper)), (a,)


# --- order-based ops: NumPy orders complex values lexicographically (real part first) -------


def _separated(draw: st.DrawFn, shape: Any = LOG_SHAPES, dtype: Any = None) -> Array:
    """Complex values whose real parts differ pairwise by 0.25 or more: no ties in NumPy's
    order, and a central difference does not reorder them."""
    dt = np.dtype(dtype) if dtype is not None else draw(complex_dtypes())
    re = draw(separated_arrays(shape, np.finfo(dt).dtype))
    im = draw(float_arrays(re.shape, np.finfo(dt).dtype))
    return (re + 1j * im).astype(dt)


def _tie_free_pair(draw: st.DrawFn) -> tuple[Array, Array]:
    """Two operands (one sometimes real) whose real parts differ by 0.25 to 1 everywhere."""
    sa, sb = draw(broadcastable_shapes(2, max_side=3))
    dt = draw(complex_dtypes())
    a = _operand(draw, sa, dt, PLANE, True)
    shape = np.broadcast_shapes(sa, sb)
    gap = draw(float_arrays(shape, np.finfo(dt).dtype, Domain(0.25, 1.0)))
    sign = np.where(draw(hnp.arrays(np.bool_, shape)), 1.0, -1.0)
    b = np.broadcast_to(a, shape) + sign * gap
    if a.dtype.kind == "c" and draw(st.booleans(), label="real b"):
        b = b.real
    else:
        b = b + 1j * draw(float_arrays(shape, np.finfo(dt).dtype))
    b = np.asarray(b, dtype=dt if np.iscomplexobj(b) else np.finfo(dt).dtype)
    return a, b


for _name, _fn in [("maximum", fnp.maximum), ("minimum", fnp.minimum)]:

    def _draw_extremum(draw: st.DrawFn, fn: Fun = _fn) -> Case:
        a, b = _tie_free_pair(draw)
        return (lambda a, b: fn(a, b)), (a, b)

    complex_case(_name)(_draw_extremum)


@complex_case("clip")
def _clip(draw: st.DrawFn) -> Case:
    """Bounds -1 + 2i and 1 - i; real parts kept 0.25 off them (ties in Re go by Im)."""
    dt = draw(complex_dtypes())
    re = draw(float_arrays((4,), np.finfo(dt).dtype, Domain(-2.0, 2.0, avoid=(-1.0, 1.0), margin=0.25)))
    z = (re + 1j * draw(float_arrays((4,), np.finfo(dt).dtype))).astype(dt)
    return (lambda z: fnp.clip(z, -1 + 2j, 1 - 1j)), (z,)


for _name in ["max", "min"]:

    def _draw_reduce(draw: st.DrawFn, fn: Fun = getattr(fnp, _name)) -> Case:
        z = _separated(draw)
        axis = draw(axes_for(z.ndim))
        keepdims = draw(st.booleans())
        return (lambda z: fn(z, axis=axis, keepdims=keepdims)), (z,)

    complex_case(_name)(_draw_reduce)


@complex_case("sort")
def _sort(draw: st.DrawFn) -> Case:
    z = _separated(draw, shapes(min_dims=1, max_dims=2, max_side=3))
    axis = draw(st.integers(-z.ndim, z.ndim - 1))
    return (lambda z: fnp.sort(z, axis=axis)), (z,)


@complex_case("partition")
def _partition(draw: st.DrawFn) -> Case:
    z = _separated(draw, (4,))
    kth = draw(st.integers(0, 3))
    return (lambda z: fnp.partition(z, kth)), (z,)


@complex_case("take_along_argsort")
def _argsort(draw: st.DrawFn) -> Case:
    z = _separated(draw, (2, 3))
    return (lambda z: fnp.take_along_axis(z, fnp.argsort(z, axis=1), axis=1)), (z,)


@complex_case("sort_complex")
def _sort_complex(draw: st.DrawFn) -> Case:
    z = _separated(draw, (2, 3))
    return (lambda z: fnp.sort_complex(z)), (z,)


@composite("sort_complex")
def _sort_complex_real(draw: st.DrawFn) -> Case:
    """Real input: NumPy sorts it and returns complex values (the real part of the cotangent
    flows back)."""
    x = draw(separated_arrays(shapes(min_dims=1, max_dims=2, max_side=3)))
    return (lambda x: fnp.sort_complex(x) * (1 - 2j)), (x,)


# --- cumulative ops, differences ------------------------------------------------------------


@complex_case("cumsum")
def _cumsum(draw: st.DrawFn) -> Case:
    z = _z(draw, PLANE)
    axis = None if z.ndim == 0 else draw(st.none() | st.integers(-z.ndim, z.ndim - 1))
    return (lambda z: fnp.cumsum(z, axis)), (z,)


@complex_case("cumprod")
def _cumprod(draw: st.DrawFn) -> Case:
    z = _z(draw, OFF_ZERO, shapes(min_dims=1, max_dims=2, max_side=3))
    axis = draw(st.integers(-z.ndim, z.ndim - 1))
    return (lambda z: fnp.cumprod(z, axis=axis)), (z,)


@complex_case("diff")
def _diff(draw: st.DrawFn) -> Case:
    z = _z(draw, PLANE, (4,))
    n = draw(st.integers(1, 2))
    return (lambda z: fnp.diff(z, n=n)), (z,)


# --- indexing and updates -------------------------------------------------------------------


@complex_case("getitem_advanced")
def _getitem_advanced(draw: st.DrawFn) -> Case:
    z = _z(draw, PLANE, (3, 2))
    i = np.array(draw(st.lists(st.integers(-3, 2), min_size=1, max_size=4)))
    return (lambda z: z[i, ::-1]), (z,)


def _update_case(draw: st.DrawFn, how: str) -> Case:
    dt = draw(complex_dtypes())
    z = _z(draw, PLANE, (4,), dt)
    unique = how in ("set", "index_update", "multiply")
    i = np.array(draw(st.lists(st.integers(-4, 3), min_size=1, max_size=3,
                               unique_by=(lambda k: k % 4) if unique else None)))
    v = _operand(draw, i.shape, dt, OFF_ZERO if how == "multiply" else PLANE, True)
    if how == "index_update":
        return (lambda z, v: fnp.index_update(z, i, v)), (z, v)
    if how == "index_add":
        return (lambda z, v: fnp.index_add(z, i, v)), (z, v)
    return (lambda z, v: getattr(fnp.at(z)[i], how)(v)), (z, v)


complex_case("index_update")(lambda draw: _update_case(draw, "index_update"))
complex_case("index_add")(lambda draw: _update_case(draw, "index_add"))
complex_case("at_set")(lambda draw: _update_case(draw, "set"))
complex_case("at_add")(lambda draw: _update_case(draw, "add"))
complex_case("at_multiply")(lambda draw: _update_case(draw, "multiply"))


@complex_case("scatter_add")
def _scatter_add(draw: st.DrawFn) -> Case:
    """getitem's pullback (no public function applies it), of a complex cotangent."""
    t = _z(draw, PLANE, (3, 2))
    index = (np.array([0, 2, 0]), slice(None))
    zeros = np.zeros((3, 2), t.dtype)

    def scatter(t: Any) -> Any:
        return fad.vjp(lambda x: fnp.getitem(x, index))(zeros)[1](t)[0]

    return scatter, (t,)


@complex_case("where_broadcast")
def _where_broadcast(draw: st.DrawFn) -> Case:
    """Both branches traced, one sometimes real (promoted), broadcast against a condition."""
    dt = draw(complex_dtypes())
    c = draw(hnp.arrays(np.bool_, (2, 3)))
    a = _operand(draw, (3,), dt, PLANE, True)
    b = _operand(draw, (2, 1), dt, PLANE, a.dtype.kind == "c")
    return (lambda a, b: fnp.where(c, a, b)), (a, b)


# --- shape ops -----------------------------------------------------------------------------


@complex_case("concatenate")
def _concatenate(draw: st.DrawFn) -> Case:
    dt = draw(complex_dtypes())
    a = _z(draw, PLANE, (2, 2), dt)
    b = _operand(draw, (1, 2), dt, PLANE, True)
    return (lambda a, b: fnp.concatenate([a, b])), (a, b)


@complex_case("stack")
def _stack(draw: st.DrawFn) -> Case:
    dt = draw(complex_dtypes())
    a = _operand(draw, (3,), dt, PLANE, True)
    b = _operand(draw, (3,), dt, PLANE, a.dtype.kind == "c")
    axis = draw(st.integers(-2, 1))
    return (lambda a, b: fnp.stack([a, b], axis=axis)), (a, b)


_SHAPE_OPS: dict[str, Fun] = {
    "reshape": lambda z: fnp.reshape(z, (3, 2)),
    "transpose": lambda z: fnp.transpose(z),
    "broadcast_to": lambda z: fnp.broadcast_to(z[0], (2, 2, 3)),
    "flip": lambda z: fnp.flip(z, axis=1),
    "roll": lambda z: fnp.roll(z, -1, axis=1),
    "trace": lambda z: fnp.trace(z[:, :2]),
    "diagonal": lambda z: fnp.diagonal(z, 1),
}
for _name, _fn in _SHAPE_OPS.items():
    complex_case(_name)(lambda draw, fn=_fn: (fn, (_z(draw, PLANE, (2, 3)),)))


# --- products, polynomials, creation --------------------------------------------------------


def _pair(fn: Fun, sa: tuple[int, ...], sb: tuple[int, ...], right: Plane = PLANE) -> Drawer:
    def draw_case(draw: st.DrawFn) -> Case:
        dt = draw(complex_dtypes())
        a = _operand(draw, sa, dt, PLANE, True)
        b = _operand(draw, sb, dt, right, a.dtype.kind == "c")
        return (lambda a, b: fn(a, b)), (a, b)

    return draw_case


complex_case("dot")(_pair(fnp.dot, (2, 3), (3,)))
complex_case("tensordot")(_pair(lambda a, b: fnp.tensordot(a, b, axes=1), (2, 3), (3, 2)))
complex_case("outer")(_pair(fnp.outer, (2,), (3,)))
complex_case("kron")(_pair(fnp.kron, (2,), (2, 1)))
complex_case("cross")(_pair(fnp.cross, (3,), (2, 3)))
complex_case("convolve")(_pair(fnp.convolve, (3,), (2,)))
complex_case("polyval")(_pair(fnp.polyval, (3,), (2,)))
complex_case("linspace")(_pair(lambda a, b: fnp.linspace(a, b, 4), (), (2,)))


@complex_case("roots")
def _roots(draw: st.DrawFn) -> Case:
    """Symmetric functions of the roots (NumPy's order of complex roots is the companion
    matrix's eigenvalues'); the roots kept apart, the coefficients complex or real."""
    dt = draw(complex_dtypes())
    r = np.array([-1.5, 0.0, 1.5]) + _z(draw, (Domain(-0.5, 0.5), Domain(-0.5, 0.5)), (3,), np.complex128)
    p = np.poly(r).astype(dt)
    if draw(st.booleans(), label="real coefficients"):
        p = np.array([1.0, 0.0, 2.0, 1.0], np.finfo(dt).dtype)  # one real root, a conjugate pair
    return (lambda p: fnp.sum(fnp.roots(p) ** 3)), (p,)


# roots in the upper half plane: never conjugate pairs, where np.poly drops the imaginary part
complex_case("poly")(lambda draw: (fnp.poly, (_z(draw, (REAL, POSITIVE), (3,)),)))


def _reflecting(a: Array) -> Array:
    """``a`` with each column whose Householder step LAPACK skips turned by the phase e^(i/2).

    LAPACK's zlarfg reflects nothing (tau = 0) where the pivot is real and the entries
    below it are 0, and R's diagonal keeps the pivot's sign; anywhere else it sets that
    entry to -sign(Re pivot) |column|. So NumPy's complex ``qr`` jumps (a column of Q and
    a row of R change sign) at such a matrix, in complex128 as in complex64: central
    differences step off it. The last pivot of a square matrix (or of a wide one's
    leading square) has nothing below it, so an exactly real last pivot is such a point,
    e.g. [[3, 0], [1+1j, 3]]. The phase keeps Re(pivot)'s sign; the earlier reflectors
    do not depend on column k, so step k then reflects (tau != 0)."""
    for k in range(min(a.shape)):
        if np.linalg.qr(a, mode="raw")[1][k] == 0:
            a[:, k] *= np.exp(0.5j)
    return a


@complex_case("qr")
def _qr(draw: st.DrawFn) -> Case:
    """Tall, square or wide; a dominant diagonal keeps LAPACK's pivots off the sign jump
    (Re(pivot) = 0), a fixed lower part keeps most draws off triangular matrices, and
    :func:`_reflecting` off every step LAPACK skips (R's diagonal keeps its sign: a jump)."""
    m, n = draw(st.sampled_from([(2, 2), (3, 2), (2, 3)]))
    dt = draw(complex_dtypes())
    lower = np.tril(np.full((m, n), 1.0 + 1.0j), -1)
    a = _reflecting((_z(draw, PLANE, (m, n), dt) + 3 * np.eye(m, n) + lower).astype(dt))
    mode = draw(st.sampled_from(["reduced", "r"]))
    return (lambda a: fnp.linalg.qr(a, mode=mode)), (a,)


# --- linear algebra: the complex SVD, complex spectra, and what is built on them ---------------
# Small single matrices (the stacks are the real draws' business): order-2 checks of these
# decompositions are the suite's most expensive.


def _rng(draw: st.DrawFn) -> np.random.Generator:
    return np.random.default_rng(draw(st.integers(0, 2**32 - 1), label="seed"))


def _unitary(rng: np.random.Generator, n: int, k: int) -> Array:
    """An ``(n, k)`` matrix with orthonormal complex columns (a QR of a random one)."""
    q: Array = np.linalg.qr(rng.normal(size=(n, k)) + 1j * rng.normal(size=(n, k)))[0]
    return q


def _singular_separated(draw: st.DrawFn, m: int, n: int, dtype: Any = None) -> Array:
    """A complex ``(m, n)`` matrix with singular values in [1, 2.5], at least 0.5 apart."""
    dt = np.dtype(dtype) if dtype is not None else draw(complex_dtypes())
    rng = _rng(draw)
    k = min(m, n)
    s = rng.permuted(1.0 + 0.6 * np.arange(k) + rng.uniform(0.0, 0.1, k))
    return np.asarray((_unitary(rng, m, k) * s) @ _unitary(rng, n, k).conj().T, dtype=dt)


def _sides(draw: st.DrawFn) -> tuple[int, int]:
    return draw(st.sampled_from([(1, 1), (2, 2), (3, 3), (3, 2), (2, 3), (3, 1), (1, 2)]), label="m, n")


def _abs2(x: Any) -> Any:
    """|x|^2 entrywise: smooth, and blind to the phases of singular and eigenvectors."""
    return fnp.real(x * fnp.conj(x))


@complex_case("svd")
def _svd(draw: st.DrawFn) -> Case:
    """Functions of the complex SVD that do not depend on the phases of U's columns (shared
    with Vh's rows): U diag(f(S)) Vh, |U|^2, |Vh|^2, S; full_matrices=True on square ones."""
    m, n = _sides(draw)
    a = _singular_separated(draw, m, n)
    full = m == n and draw(st.booleans(), label="full_matrices")
    which = draw(st.sampled_from(["spectral", "abs_u", "abs_vh", "values"]), label="which")

    def f(a: Any) -> Any:
        u, s, vh = fnp.linalg.svd(a, full_matrices=full)
        if which == "values":
            return s
        if which == "abs_u":
            return _abs2(u)
        if which == "abs_vh":
            return _abs2(vh)
        return fnp.matmul(u * fnp.expand_dims(fnp.log(s) + s * s, -2), vh)

    return f, (a,)


@complex_case("linalg.svdvals")
def _svdvals(draw: st.DrawFn) -> Case:
    m, n = _sides(draw)
    return (lambda a: fnp.linalg.svdvals(a)), (_singular_separated(draw, m, n),)


@complex_case("linalg.svd_hermitian")
def _svd_hermitian(draw: st.DrawFn) -> Case:
    """``svd(hermitian=True)`` (through eigh): a Hermitian matrix with eigenvalues of both
    signs, their moduli apart."""
    dt = draw(complex_dtypes())
    rng = _rng(draw)
    n = draw(st.integers(1, 3), label="n")
    w = rng.permuted((0.8 + 0.6 * np.arange(n)) * rng.choice([-1.0, 1.0], n))
    q = _unitary(rng, n, n)
    a = np.asarray((q * w) @ q.conj().T, dtype=dt)

    def f(a: Any) -> Any:
        u, s, vh = fnp.linalg.svd(a, hermitian=True)
        return fnp.matmul(u * fnp.expand_dims(fnp.sqrt(s), -2), vh)

    return f, (a,)


def _spectrum_separated(draw: st.DrawFn, n: int) -> Array:
    """A complex ``(n, n)`` matrix ``P diag(w) P^-1``, ``P`` well conditioned, the
    eigenvalues' real parts at least 0.5 apart (so sorted, they are smooth)."""
    dt = draw(complex_dtypes())
    rng = _rng(draw)
    p = np.eye(n) + 0.25 * (rng.uniform(-1.0, 1.0, (n, n)) + 1j * rng.uniform(-1.0, 1.0, (n, n))) / n
    w = rng.permuted(-1.0 + 0.6 * np.arange(n) + rng.uniform(0.0, 0.1, n)) + 1j * rng.uniform(-1.0, 1.0, n)
    return np.asarray((p * w) @ np.linalg.inv(p), dtype=dt)


@complex_case("eig")
def _eig(draw: st.DrawFn) -> Case:
    """Functions of eig that depend neither on LAPACK's phases of the eigenvectors nor on
    its order of the eigenpairs (which can change under a small perturbation)."""
    a = _spectrum_separated(draw, draw(st.integers(1, 3), label="n"))
    which = draw(st.sampled_from(["spectral", "abs_vectors"]), label="which")

    def f(a: Any) -> Any:
        w, v = fnp.linalg.eig(a)
        if which == "abs_vectors":  # summed over the pairs (w_j, v_j): LAPACK's order is not smooth
            return fnp.sum(_abs2(v) * fnp.expand_dims(fnp.exp(w), -2), axis=-1)
        return fnp.matmul(v * fnp.expand_dims(fnp.sin(w), -2), fnp.linalg.inv(v))  # sin(a)

    return f, (a,)


@complex_case("linalg.eigvals")
def _eigvals(draw: st.DrawFn) -> Case:
    a = _spectrum_separated(draw, draw(st.integers(1, 3), label="n"))
    return (lambda a: fnp.sort(fnp.linalg.eigvals(a))), (a,)


@complex_case("linalg.pinv")
def _pinv(draw: st.DrawFn) -> Case:
    m, n = _sides(draw)
    rtol = draw(st.sampled_from([None, 1e-3]), label="rtol")
    return (lambda a: fnp.linalg.pinv(a, rtol=rtol)), (_singular_separated(draw, m, n),)


@complex_case("linalg.lstsq")
def _lstsq(draw: st.DrawFn) -> Case:
    """Complex a and b (b sometimes real): the solution, the residuals, the singular values."""
    n = draw(st.integers(1, 2), label="n")
    m = draw(st.integers(n, 3), label="m")
    dt = draw(complex_dtypes())
    a = _singular_separated(draw, m, n, dt)
    b = _operand(draw, (m,) if draw(st.booleans(), label="vector b") else (m, 2), dt, PLANE, True)

    def fun(a: Any, b: Any) -> Any:
        x, res, _, s = fnp.linalg.lstsq(a, b)
        return x + fnp.sum(res) + fnp.sum(s)

    return fun, (a, b)


@complex_case("linalg.cond")
def _cond(draw: st.DrawFn) -> Case:
    p = draw(st.sampled_from([None, 2, -2, "fro", "nuc"]), label="p")  # 1, inf: ties in inv(a)'s sums
    m, n = _sides(draw)
    if p not in (None, 2, -2):
        n = m
    return (lambda a: fnp.linalg.cond(a, p)), (_singular_separated(draw, m, n),)


@complex_case("linalg.matrix_norm")
def _matrix_norm(draw: st.DrawFn) -> Case:
    """The SVD's orders on separated singular values; the sums of moduli on entries whose
    row and column sums never tie (the real draws' matrices, with phases)."""
    ord = draw(st.sampled_from(["fro", "nuc", 2, -2, 1, -1, np.inf, -np.inf]), label="ord")
    m, n = _sides(draw)
    keepdims = draw(st.booleans(), label="keepdims")
    dt = draw(complex_dtypes())
    if ord in ("nuc", 2, -2):
        x = _singular_separated(draw, m, n, dt)
    else:
        from _catalogue_linalg import _sums_separated

        rng = _rng(draw)
        x = np.asarray(np.abs(_sums_separated(rng, (m, n), (0, 1))) * np.exp(1j * rng.uniform(-3, 3, (m, n))), dtype=dt)
    return (lambda x: fnp.linalg.matrix_norm(x, ord=ord, keepdims=keepdims)), (x,)


@complex_case("linalg.norm")
def _norm(draw: st.DrawFn) -> Case:
    """``norm`` with a matrix order over a pair of axes, or a vector order, of a complex array."""
    dt = draw(complex_dtypes())
    if draw(st.booleans(), label="vector"):
        ord = draw(st.sampled_from([None, 2, 1, 3, np.inf, -np.inf]), label="ord")
        rng = _rng(draw)  # moduli 0.5 to 2.5, at least 0.4 apart (no ties for inf), any phase
        mod = (0.5 + 0.4 * rng.permutation(6) + rng.uniform(0.0, 0.05, 6)).reshape(3, 2)
        z = np.asarray(mod * np.exp(1j * rng.uniform(-3.0, 3.0, (3, 2))), dtype=dt)
        return (lambda z: fnp.linalg.norm(z, ord=ord, axis=0)), (z,)
    ord = draw(st.sampled_from([None, "fro", "nuc", 2, -2]), label="ord")
    a = _singular_separated(draw, 2, 3, dt)
    return (lambda a: fnp.linalg.norm(fnp.swapaxes(a, 0, 1), ord=ord, axis=(1, 0))), (a,)


@complex_case("linalg.tensorsolve")
def _tensorsolve(draw: st.DrawFn) -> Case:
    """A well-conditioned 4 x 4 matrix (singular values in [1, 2.5]; float32 second
    differences of an inverse need it) as a (2, 2, 4) tensor."""
    dt = draw(complex_dtypes())
    a = _singular_separated(draw, 4, 4, dt).reshape(2, 2, 4)
    b = _operand(draw, (2, 2), dt, PLANE, True)
    return (lambda a, b: fnp.linalg.tensorsolve(a, b)), (a, b)


@complex_case("linalg.tensorinv")
def _tensorinv(draw: st.DrawFn) -> Case:
    a = _singular_separated(draw, 4, 4).reshape(2, 2, 2, 2)
    return (lambda a: fnp.linalg.tensorinv(a, ind=2)), (a,)


@complex_case("linalg.multi_dot")
def _multi_dot(draw: st.DrawFn) -> Case:
    dt = draw(complex_dtypes())
    a = _operand(draw, (3,), dt, PLANE, True)
    b = _z(draw, PLANE, (3, 2), dt)
    c = _operand(draw, (2, 4), dt, PLANE, True)
    return (lambda a, b, c: fnp.linalg.multi_dot([a, b, c])), (a, b, c)


# --- inverses, determinants, solves; fad.scipy.linalg's matrix functions ---------------------
# Small matrices (n <= 3) and short stacks: order-2 checks of these are expensive.


def _dominant(draw: st.DrawFn, batch: tuple[int, ...], n: int, dt: Any, real: bool = False) -> Array:
    """A complex ``batch + (n, n)`` matrix with a dominant diagonal of modulus 1.5 to 2.5
    (any phase) and off-diagonal entries of modulus below 0.5 / n: well conditioned. With
    ``real``, a real one (diagonal +-[1.5, 2.5]) of ``dt``'s precision."""
    rng = _rng(draw)
    shape = batch + (n, n)
    phase = rng.choice([0.0, np.pi], batch + (n,)) if real else rng.uniform(-np.pi, np.pi, batch + (n,))
    a = (rng.uniform(-0.35, 0.35, shape) + 1j * rng.uniform(-0.35, 0.35, shape)) / n
    a[..., np.arange(n), np.arange(n)] = rng.uniform(1.5, 2.5, batch + (n,)) * np.exp(1j * phase)
    return np.asarray(a.real, np.finfo(dt).dtype) if real else np.asarray(a, dtype=dt)


def _one_in_four(draw: st.DrawFn, label: str) -> bool:
    return bool(draw(st.integers(0, 3), label=label) == 0)


def _square(draw: st.DrawFn) -> Array:
    from _catalogue_linalg import BATCH

    return _dominant(draw, draw(BATCH, label="batch"), draw(st.integers(1, 3), label="n"), draw(complex_dtypes()))


complex_case("inv")(lambda draw: ((lambda a: fnp.linalg.inv(a)), (_square(draw),)))
complex_case("det")(lambda draw: ((lambda a: fnp.linalg.det(a)), (_square(draw),)))


@complex_case("logabsdet")
def _logabsdet(draw: st.DrawFn) -> Case:
    """slogdet's log |det a| (real) and its sign (the phase of det a, smooth off det a = 0)."""
    a = _square(draw)
    which = draw(st.sampled_from(["logabsdet", "both"]), label="which")

    def f(a: Any) -> Any:
        sign, logabsdet = fnp.linalg.slogdet(a)
        return logabsdet if which == "logabsdet" else sign * fnp.exp(logabsdet)

    return f, (a,)


@complex_case("solve")
def _solve(draw: st.DrawFn) -> Case:
    """A complex (sometimes real) ``a``, a stack of them; ``b`` a vector or a stack of
    matrices, sometimes real (at least one operand complex)."""
    from _catalogue_linalg import BATCH

    batch = draw(BATCH, label="batch")
    n = draw(st.integers(1, 3), label="n")
    dt = draw(complex_dtypes())
    a = _dominant(draw, batch, n, dt, real=_one_in_four(draw, "real a"))
    shape = (n,) if draw(st.booleans(), label="vector b") else batch + (n, 2)
    b = _operand(draw, shape, dt, PLANE, a.dtype.kind == "c")
    return (lambda a, b: fnp.linalg.solve(a, b)), (a, b)


@complex_case("linalg.matrix_power")
def _matrix_power(draw: st.DrawFn) -> Case:
    a = _dominant(draw, (), draw(st.integers(1, 3), label="n"), draw(complex_dtypes())) / 2
    k = draw(st.sampled_from([-2, -1, 0, 1, 2, 3]), label="power")
    return (lambda a: fnp.linalg.matrix_power(a, k)), (np.asarray(a),)


@complex_case("expm")
def _expm(draw: st.DrawFn) -> Case:
    """Complex exponents of norm at most ~1.5 (the real draws' scale)."""
    from _catalogue_linalg import BATCH
    from fad.scipy import linalg as fsl

    shape = draw(BATCH, label="batch") + (draw(st.integers(1, 3), label="n"),) * 2
    rng = _rng(draw)
    a = (rng.uniform(-1.0, 1.0, shape) + 1j * rng.uniform(-1.0, 1.0, shape)) / (shape[-1] * np.sqrt(2))
    return fsl.expm, (np.asarray(a, draw(complex_dtypes())),)


def _similar(rng: np.random.Generator, w: Array) -> Array:
    """``P diag(w) P^-1`` with ``P`` complex and well conditioned."""
    n = w.shape[-1]
    p = np.eye(n) + 0.25 * (rng.uniform(-1.0, 1.0, (n, n)) + 1j * rng.uniform(-1.0, 1.0, (n, n))) / n
    out: Array = (p * w) @ np.linalg.inv(p)
    return out


@complex_case("sqrtm")
def _sqrtm(draw: st.DrawFn) -> Case:
    """The principal root of a complex matrix whose eigenvalues keep off the negative real
    axis (Re in [0.5, 2]); or of a real one with a negative eigenvalue, whose root is complex
    (the eigenvalue stays on the negative axis under real perturbations, its root on i R+)."""
    from fad.scipy import linalg as fsl

    n = draw(st.integers(1, 3), label="n")
    dt = draw(complex_dtypes())
    rng = _rng(draw)
    if draw(st.booleans(), label="real with a negative eigenvalue"):
        w = rng.permuted(np.concatenate([[-rng.uniform(1.0, 2.0)], 1.0 + 0.6 * np.arange(n - 1)]))
        p = np.eye(n) + 0.25 * rng.uniform(-1.0, 1.0, (n, n)) / n
        a = np.asarray((p * w) @ np.linalg.inv(p), np.finfo(dt).dtype)
    else:
        w = rng.uniform(0.5, 2.0, n) + 1j * rng.uniform(-1.0, 1.0, n)
        a = np.asarray(_similar(rng, w), dt)
    return fsl.sqrtm, (a,)


@complex_case("solve_sylvester")
def _solve_sylvester(draw: st.DrawFn) -> Case:
    """``a`` and ``b`` with eigenvalues near 2 (any small complex spread): the spectrum of
    ``x -> a x + x b`` stays near 4; ``q`` sometimes real."""
    from fad.scipy import linalg as fsl

    m, n = draw(st.integers(1, 3), label="m"), draw(st.integers(1, 3), label="n")
    dt = draw(complex_dtypes())
    rng = _rng(draw)

    def near2(k: int) -> Array:
        return 2.0 * np.eye(k) + (rng.uniform(-0.3, 0.3, (k, k)) + 1j * rng.uniform(-0.3, 0.3, (k, k))) / k

    q = _operand(draw, (m, n), dt, PLANE, True)
    return fsl.solve_sylvester, (np.asarray(near2(m), dt), np.asarray(near2(n), dt), q)


@complex_case("triangular_solve")
def _triangular_solve(draw: st.DrawFn) -> Case:
    """solve_triangular on complex triangles (junk in the other triangle), every ``trans``
    ('C' the conjugate transpose); ``b`` sometimes real."""
    from _catalogue_linalg import BATCH
    from fad.scipy import linalg as fsl

    batch = draw(BATCH, label="batch")
    n = draw(st.integers(1, 3), label="n")
    lower = draw(st.booleans(), label="lower")
    trans = draw(st.sampled_from([0, 1, 2, "N", "T", "C"]), label="trans")
    unit = draw(st.booleans(), label="unit_diagonal")
    dt = draw(complex_dtypes())
    a = _dominant(draw, batch, n, dt)
    shape = (n,) if draw(st.booleans(), label="vector") else batch + (n, 2)
    b = _operand(draw, shape, dt, PLANE, True)

    def fn(a: Any, b: Any) -> Any:
        return fsl.solve_triangular(a, b, trans=trans, lower=lower, unit_diagonal=unit)

    return fn, (a, b)


@complex_case("solve_banded")
def _solve_banded(draw: st.DrawFn) -> Case:
    """Complex bands with a dominant diagonal; the corners SciPy never reads hold junk."""
    from fad.scipy import linalg as fsl

    n = draw(st.integers(1, 3), label="n")
    l, u = draw(st.integers(0, 2), label="l"), draw(st.integers(0, 2), label="u")
    dt = draw(complex_dtypes())
    rng = _rng(draw)
    shape = (l + u + 1, n)
    real = _one_in_four(draw, "real ab")
    ab = rng.uniform(-0.3, 0.3, shape) + 1j * rng.uniform(-0.3, 0.3, shape)
    ab[u] = rng.uniform(2.0, 3.0, n) * np.exp(1j * (rng.choice([0.0, np.pi], n) if real else rng.uniform(-np.pi, np.pi, n)))
    ab = np.asarray(ab.real, np.finfo(dt).dtype) if real else np.asarray(ab, dt)
    # SciPy's own n = 1 case divides a real b in place by a complex ab, and fails (SciPy 1.17)
    real_b = ab.dtype.kind == "c" and n > 1
    b = _operand(draw, (n,) if draw(st.booleans(), label="vector") else (n, 2), dt, PLANE, real_b)
    return (lambda ab, b: fsl.solve_banded((l, u), ab, b)), (ab, b)


@complex_case("scipy.linalg.cho_factor")
def _cho_factor(draw: st.DrawFn) -> Case:
    from fad.scipy import linalg as fsl

    a = _hermitian(draw)
    lower = draw(st.booleans(), label="lower")
    return (lambda a: fsl.cho_factor(a, lower=lower)[0]), (a,)


@complex_case("scipy.linalg.cho_solve")
def _cho_solve(draw: st.DrawFn) -> Case:
    from fad.scipy import linalg as fsl

    a = _hermitian(draw)
    lower = draw(st.booleans(), label="lower")
    b = _operand(draw, (a.shape[-1],) if draw(st.booleans(), label="vector") else (a.shape[-1], 2), a.dtype, PLANE, True)
    return (lambda a, b: fsl.cho_solve(fsl.cho_factor(a, lower=lower), b)), (a, b)


@complex_case("scipy.special.logsumexp")
def _logsumexp(draw: st.DrawFn) -> Case:
    """scipy.special.logsumexp of complex values with |Im| < 0.8: every exp(z) lies in the
    right half-plane, so their sum keeps off log's cut."""
    from fad.scipy import special as fsp

    z = _z(draw, BAND)
    axis = draw(axes_for(z.ndim))
    keepdims = draw(st.booleans(), label="keepdims")
    return (lambda z: fsp.logsumexp(z, axis=axis, keepdims=keepdims)), (z,)


# --- sinc, fmax, fmin ------------------------------------------------------------------------

complex_case("sinc")(_unary(fnp.sinc, (REAL, SMALL)))  # through 0 (the series) and |z| >= 1


for _name, _fn in [("fmax", fnp.fmax), ("fmin", fnp.fmin)]:

    def _draw_nan_extremum(draw: st.DrawFn, fn: Fun = _fn) -> Case:
        """Tie-free pairs (NumPy's order: real parts first); NaN operands, whose derivative
        goes to the other one, are in tests/test_complex.py (central differences cannot
        step through a NaN)."""
        a, b = _tie_free_pair(draw)
        return (lambda a, b: fn(a, b)), (a, b)

    complex_case(_name)(_draw_nan_extremum)
