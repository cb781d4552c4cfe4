"""Catalogue entries of fad.numpy's linalg family (see tests/_catalogue.py).

Primitives register with ``_add``/``_entry``/``_elementwise``; public functions
made of several primitives with ``@composite(name)``, a drawer of cases that
call the public function (shapes, dtypes, parameters drawn by hypothesis).
"""

from __future__ import annotations

from _catalogue import (  # noqa: F401
    Example,
    _add,
    _elementwise,
    _entry,
    binary,
    composite,
    reduction,
    unary,
)

from typing import Any, Callable

import numpy as np
from hypothesis import strategies as st

import fad.numpy as fnp
from _catalogue import SEEDS
from fad.testing.strategies import broadcastable_shapes, float_arrays, float_dtypes, shapes, spd_matrices, square_matrices

Array = np.ndarray[Any, Any]
Fun = Callable[..., Any]
Case = tuple[Fun, tuple[Array, ...]]

BATCH = shapes(max_dims=1, max_side=2)


# --- drawn matrices with separated spectra -------------------------------------------


def _rng(draw: st.DrawFn) -> np.random.Generator:
    return np.random.default_rng(draw(SEEDS, label="seed"))


def _orthonormal(rng: np.random.Generator, batch: tuple[int, ...], n: int, k: int) -> Array:
    """Random ``(..., n, k)`` matrices with orthonormal columns (a QR of a random one)."""
    q: Array = np.linalg.qr(rng.normal(size=batch + (n, k)))[0]
    return q


def _spectrum(rng: np.random.Generator, batch: tuple[int, ...], k: int, low: float) -> Array:
    """``k`` values at least 0.5 apart, from ``low`` up, in a random order."""
    grid = low + 0.6 * np.arange(k) + rng.uniform(0.0, 0.1, batch + (k,))
    out: Array = rng.permuted(grid, axis=-1)
    return out


def symmetric_separated(draw: st.DrawFn, n: int, batch: tuple[int, ...], dtype: Any, low: float = -1.0) -> Array:
    """Symmetric ``(..., n, n)`` matrices with eigenvalues at least 0.5 apart."""
    rng = _rng(draw)
    v = _orthonormal(rng, batch, n, n)
    w = _spectrum(rng, batch, n, low)
    a = (v * w[..., None, :]) @ np.swapaxes(v, -1, -2)
    return np.asarray(0.5 * (a + np.swapaxes(a, -1, -2)), dtype=dtype)


def separated_singular(draw: st.DrawFn, m: int, n: int, batch: tuple[int, ...], dtype: Any) -> Array:
    """``(..., m, n)`` matrices with singular values in [1, 2.5], at least 0.5 apart."""
    rng = _rng(draw)
    k = min(m, n)
    u, v = _orthonormal(rng, batch, m, k), _orthonormal(rng, batch, n, k)
    s = _spectrum(rng, batch, k, 1.0)
    return np.asarray((u * s[..., None, :]) @ np.swapaxes(v, -1, -2), dtype=dtype)


def householder_safe(draw: st.DrawFn, m: int, n: int, batch: tuple[int, ...], dtype: Any) -> Array:
    """``(..., m, n)`` matrices whose Householder pivots stay far from 0.

    LAPACK's QR flips the sign of a row of ``R`` (and a column of ``Q``) where
    a pivot changes sign: NumPy's ``qr`` is discontinuous there. A dominant
    diagonal of entries +-(1 + 0.5 k), the rest in [-0.2, 0.2], keeps away.
    """
    rng = _rng(draw)
    k = min(m, n)
    a = rng.uniform(-0.2, 0.2, batch + (m, n))
    idx = np.arange(k)
    a[..., idx, idx] += rng.choice([-1.0, 1.0], batch + (k,)) * (1.0 + 0.5 * rng.permutation(k))
    return np.asarray(a, dtype=dtype)


def _sides(draw: st.DrawFn) -> tuple[int, int]:
    return draw(st.integers(1, 3), label="m"), draw(st.integers(1, 3), label="n")


# --- the decompositions (primitives) -------------------------------------------------


@_entry("cholesky")
def _cholesky(draw: st.DrawFn) -> Case:
    batch = draw(BATCH, label="batch")
    a = draw(spd_matrices(draw(st.integers(1, 3)), None, batch))
    upper = draw(st.booleans(), label="upper")
    return (lambda a: fnp.linalg.cholesky(a, upper=upper)), (a,)


def _spectral(w: Any, v: Any, f: Fun) -> Any:
    """``V diag(f(w)) V^T``: invariant to the eigenvectors' signs."""
    return fnp.matmul(v * fnp.expand_dims(f(w), -2), fnp.swapaxes(v, -1, -2))


@_entry("eigh")
def _eigh(draw: st.DrawFn) -> Case:
    batch = draw(BATCH, label="batch")
    a = symmetric_separated(draw, draw(st.integers(1, 3)), batch, draw(float_dtypes()))
    uplo = draw(st.sampled_from(["L", "U"]), label="UPLO")
    return (lambda a: _spectral(*fnp.linalg.eigh(a, UPLO=uplo), fnp.sin)), (a,)


@_entry("svd")
def _svd(draw: st.DrawFn) -> Case:
    batch = draw(BATCH, label="batch")
    m, n = _sides(draw)
    a = separated_singular(draw, m, n, batch, draw(float_dtypes()))

    def fun(a: Any) -> Any:
        u, s, vh = fnp.linalg.svd(a, full_matrices=False)
        return fnp.matmul(u * fnp.expand_dims(fnp.log(s) + s * s, -2), vh)

    return fun, (a,)


@_entry("qr")
def _qr(draw: st.DrawFn) -> Case:
    batch = draw(BATCH, label="batch")
    m, n = _sides(draw)
    a = householder_safe(draw, m, n, batch, draw(float_dtypes()))
    mode = draw(st.sampled_from(["reduced", "r"] + (["complete"] if m <= n else [])), label="mode")

    def fun(a: Any) -> Any:
        if mode == "r":
            return fnp.linalg.qr(a, mode="r")
        q, r = fnp.linalg.qr(a, mode=mode)
        return fnp.concatenate([q, r], axis=-1) if m == n else fnp.sum(q, axis=-1) + fnp.sum(r, axis=-2)[..., :1]

    return fun, (a,)


# --- public functions made of several primitives -------------------------------------


@composite("linalg.eigvalsh")
def _eigvalsh(draw: st.DrawFn) -> Case:
    batch = draw(BATCH, label="batch")
    a = symmetric_separated(draw, draw(st.integers(1, 3)), batch, draw(float_dtypes()))
    uplo = draw(st.sampled_from(["L", "U"]), label="UPLO")
    return (lambda a: fnp.linalg.eigvalsh(a, UPLO=uplo)), (a,)


@composite("linalg.svdvals")
def _svdvals(draw: st.DrawFn) -> Case:
    batch = draw(BATCH, label="batch")
    m, n = _sides(draw)
    a = separated_singular(draw, m, n, batch, draw(float_dtypes()))
    return (lambda a: fnp.linalg.svdvals(a)), (a,)


def _real_spectrum(draw: st.DrawFn) -> tuple[Array, bool]:
    """A real matrix with real eigenvalues (a stack), or one with a pair of complex ones."""
    if draw(st.booleans(), label="complex pair"):
        return real_with_complex_pair(draw, draw(st.integers(2, 3), label="n"), draw(float_dtypes())), True
    batch = draw(BATCH, label="batch")
    return nonsymmetric_separated(draw, draw(st.integers(1, 3)), batch, draw(float_dtypes())), False


@_entry("eig")
def _eig(draw: st.DrawFn) -> Case:
    """Real matrices; those with complex eigenvalues give complex results (a real
    cotangent flows back)."""
    a, _ = _real_spectrum(draw)

    def fun(a: Any) -> Any:  # V diag(f(w)) V^-1 = f(a): invariant to the vectors' scaling
        w, v = fnp.linalg.eig(a)
        return fnp.matmul(v * fnp.expand_dims(fnp.sin(w), -2), fnp.linalg.inv(v))

    return fun, (a,)


@composite("linalg.eigvals")
def _eigvals(draw: st.DrawFn) -> Case:
    a, pair = _real_spectrum(draw)
    if pair:  # the power sums (tr a^k) and the product: symmetric in the eigenvalues
        return (lambda a: fnp.stack([fnp.sum(fnp.linalg.eigvals(a) ** k) for k in (1, 2, 3)]
                                    + [fnp.prod(fnp.linalg.eigvals(a))])), (a,)
    # LAPACK's order of the eigenvalues can change under a small perturbation:
    # sorted, they are a continuous function of a
    return (lambda a: fnp.sort(fnp.linalg.eigvals(a), axis=-1)), (a,)


def real_with_complex_pair(draw: st.DrawFn, n: int, dtype: Any) -> Array:
    """A real ``P D P^-1`` with eigenvalues ``c +- i d`` (``d`` in [0.5, 1]) and, for
    ``n = 3``, a real one at least 0.5 from ``c``; ``P`` well conditioned."""
    rng = _rng(draw)
    c, d = rng.uniform(-1.0, 1.0), rng.uniform(0.5, 1.0)
    blocks = np.zeros((n, n))
    blocks[:2, :2] = [[c, d], [-d, c]]
    if n == 3:
        blocks[2, 2] = c + rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 1.0)
    p = np.eye(n) + 0.25 * rng.uniform(-1.0, 1.0, (n, n)) / n
    return np.asarray(p @ blocks @ np.linalg.inv(p), dtype=dtype)


def nonsymmetric_separated(draw: st.DrawFn, n: int, batch: tuple[int, ...], dtype: Any) -> Array:
    """``P diag(w) P^-1`` with real eigenvalues at least 0.5 apart, ``P`` well conditioned."""
    rng = _rng(draw)
    p = np.eye(n) + 0.25 * rng.uniform(-1.0, 1.0, batch + (n, n)) / n
    w = _spectrum(rng, batch, n, -1.0)
    return np.asarray((p * w[..., None, :]) @ np.linalg.inv(p), dtype=dtype)


# --- norms: values away from the kinks -------------------------------------------------


def _magnitudes(rng: np.random.Generator, shape: tuple[int, ...]) -> Array:
    """Random signs times absolute values at least 0.2 apart, from 0.5 up (no ties)."""
    n = int(np.prod(shape, dtype=np.int64))
    mag = 0.5 + 0.25 * rng.permutation(n) + rng.uniform(0.0, 0.05, n)
    signs = rng.choice([-1.0, 1.0], n)
    out: Array = (signs * mag).reshape(shape)
    return out


def _sums_separated(rng: np.random.Generator, shape: tuple[int, ...], axes: tuple[int, int]) -> Array:
    """Entries away from 0 whose row sums and column sums of ``|x|`` (over ``axes``) never tie."""
    mag = 0.5 + rng.uniform(0.0, 0.1, shape)
    for ax in axes:
        k = shape[ax]
        offsets = 0.8 * rng.permutation(k)
        mag = mag + np.moveaxis(np.broadcast_to(offsets, shape[:ax] + shape[ax + 1:] + (k,)), -1, ax)
    out: Array = rng.choice([-1.0, 1.0], shape) * mag
    return out


VECTOR_ORDS = [None, 2, 1, 3, 0.5, np.inf, -np.inf, 0, -1.5]
MATRIX_ORDS: list[Any] = [None, "fro", "nuc", 2, -2, 1, -1, np.inf, -np.inf]


def _matrix_for_ord(draw: st.DrawFn, shape: tuple[int, ...], axes: tuple[int, int], ord: Any, dtype: Any) -> Array:
    rng = _rng(draw)
    if ord in ("nuc", 2, -2):
        r, c = axes
        rest = tuple(s for i, s in enumerate(shape) if i not in axes)
        a = separated_singular(draw, shape[r], shape[c], rest, np.float64)
        order = [i for i in range(len(shape)) if i not in axes] + [r, c]
        return np.asarray(np.moveaxis(a, list(range(len(shape))), order), dtype=dtype)
    return np.asarray(_sums_separated(rng, shape, axes), dtype=dtype)


@composite("linalg.norm")
def _norm(draw: st.DrawFn) -> Case:
    dt = draw(float_dtypes())
    keepdims = draw(st.booleans(), label="keepdims")
    if draw(st.booleans(), label="vector"):
        shape = draw(shapes(min_dims=1, max_dims=2, max_side=3), label="shape")
        ord = draw(st.sampled_from(VECTOR_ORDS), label="ord")
        if len(shape) == 1 and draw(st.booleans()):
            axis: Any = None
        else:
            axis = draw(st.integers(-len(shape), len(shape) - 1), label="axis")
        x = np.asarray(_magnitudes(_rng(draw), shape), dtype=dt)
        if ord is None and len(shape) > 1 and draw(st.booleans()):
            axis = None  # the 2-norm of the flattened array
    else:
        shape = draw(shapes(min_dims=2, max_dims=3, min_side=1, max_side=3), label="shape")
        ord = draw(st.sampled_from(MATRIX_ORDS), label="ord")
        if len(shape) == 2 and draw(st.booleans()):
            axis, axes = None, (0, 1)
        else:
            axes = tuple(draw(st.permutations(range(len(shape))))[:2])
            axis = axes
        x = _matrix_for_ord(draw, shape, axes, ord, dt)
    return (lambda x: fnp.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)), (x,)


@composite("linalg.vector_norm")
def _vector_norm(draw: st.DrawFn) -> Case:
    shape = draw(shapes(min_dims=1, max_dims=3, max_side=3), label="shape")
    ord = draw(st.sampled_from([2, 1, 3, np.inf, -np.inf, 0]), label="ord")
    axis: Any = draw(st.one_of(st.none(), st.integers(0, len(shape) - 1), st.just(tuple(range(len(shape))))))
    keepdims = draw(st.booleans(), label="keepdims")
    x = np.asarray(_magnitudes(_rng(draw), shape), dtype=draw(float_dtypes()))
    return (lambda x: fnp.linalg.vector_norm(x, axis=axis, keepdims=keepdims, ord=ord)), (x,)


@composite("linalg.matrix_norm")
def _matrix_norm(draw: st.DrawFn) -> Case:
    shape = draw(BATCH, label="batch") + draw(st.tuples(st.integers(1, 3), st.integers(1, 3)), label="mn")
    ord = draw(st.sampled_from(["fro", "nuc", 2, -2, 1, -1, np.inf, -np.inf]), label="ord")
    keepdims = draw(st.booleans(), label="keepdims")
    nd = len(shape)
    x = _matrix_for_ord(draw, shape, (nd - 2, nd - 1), ord, draw(float_dtypes()))
    return (lambda x: fnp.linalg.matrix_norm(x, keepdims=keepdims, ord=ord)), (x,)


@composite("linalg.cond")
def _cond(draw: st.DrawFn) -> Case:
    p = draw(st.sampled_from([None, 2, -2, "fro", "nuc"]), label="p")
    batch = draw(BATCH, label="batch")
    m, n = _sides(draw)
    if p in ("fro", "nuc"):
        n = m
    a = separated_singular(draw, m, n, batch, draw(float_dtypes()))
    return (lambda a: fnp.linalg.cond(a, p)), (a,)


# --- solves and inverses ----------------------------------------------------------------


@composite("linalg.pinv")
def _pinv(draw: st.DrawFn) -> Case:
    batch = draw(BATCH, label="batch")
    dt = draw(float_dtypes())
    if draw(st.booleans(), label="hermitian"):
        a = symmetric_separated(draw, draw(st.integers(1, 3)), batch, dt, low=0.5)
        return (lambda a: fnp.linalg.pinv(a, hermitian=True)), (a,)
    m, n = _sides(draw)
    a = separated_singular(draw, m, n, batch, dt)
    rtol = draw(st.sampled_from([None, 1e-3]), label="rtol")
    return (lambda a: fnp.linalg.pinv(a, rtol=rtol)), (a,)


@composite("linalg.lstsq")
def _lstsq(draw: st.DrawFn) -> Case:
    n = draw(st.integers(1, 3), label="n")
    m = draw(st.integers(n, 4), label="m")
    da = draw(float_dtypes())
    a = separated_singular(draw, m, n, (), da)
    rng = _rng(draw)
    b = np.asarray(rng.normal(size=(m,) if draw(st.booleans()) else (m, 2)), dtype=da)

    def fun(a: Any, b: Any) -> Any:
        x, res, _, s = fnp.linalg.lstsq(a, b)
        return x + fnp.sum(res) + fnp.sum(s)

    return fun, (a, b)


@composite("linalg.matrix_power")
def _matrix_power(draw: st.DrawFn) -> Case:
    batch = draw(BATCH, label="batch")
    a = draw(square_matrices(draw(st.integers(1, 3)), None, batch))
    k = draw(st.sampled_from([1, 2, 3, 4, -1, -2]), label="n")
    return (lambda a: fnp.linalg.matrix_power(a, k)), (a,)


@composite("linalg.multi_dot")
def _multi_dot(draw: st.DrawFn) -> Case:
    count = draw(st.integers(2, 4), label="count")
    dims = draw(st.lists(st.integers(1, 3), min_size=count + 1, max_size=count + 1), label="dims")
    first, last = draw(st.booleans(), label="first_1d"), draw(st.booleans(), label="last_1d")
    rng = _rng(draw)
    dt = draw(float_dtypes())
    arrays = []
    for i in range(count):
        s: tuple[int, ...] = (dims[i], dims[i + 1])
        if i == 0 and first:
            s = s[1:]
        if i == count - 1 and last:
            s = s[:1]
        arrays.append(np.asarray(rng.normal(size=s), dtype=dt))
    return (lambda *xs: fnp.linalg.multi_dot(list(xs))), tuple(arrays)


_SPLITS = {2: [((2,), (2,))], 3: [((3,), (3,))], 4: [((4,), (4,)), ((2, 2), (4,)), ((4,), (2, 2)), ((2, 2), (2, 2))]}


@composite("linalg.tensorsolve")
def _tensorsolve(draw: st.DrawFn) -> Case:
    p = draw(st.sampled_from(sorted(_SPLITS)), label="size")
    sb, sx = draw(st.sampled_from(_SPLITS[p]), label="shapes")
    dt = draw(float_dtypes())
    a = draw(square_matrices(p, dt)).reshape(sb + sx)
    b = np.asarray(_rng(draw).normal(size=sb), dtype=dt)
    return (lambda a, b: fnp.linalg.tensorsolve(a, b)), (a, b)


@composite("linalg.tensorinv")
def _tensorinv(draw: st.DrawFn) -> Case:
    p = draw(st.sampled_from(sorted(_SPLITS)), label="size")
    rows, cols = draw(st.sampled_from(_SPLITS[p]), label="shapes")
    a = draw(square_matrices(p, None)).reshape(rows + cols)
    return (lambda a: fnp.linalg.tensorinv(a, ind=len(rows))), (a,)


@_entry("triangular_solve")
def _triangular_solve(draw: st.DrawFn) -> Case:
    """The Cholesky rules' private triangular solve: ``T`` well conditioned
    (a dominant diagonal), junk outside its triangle (never read)."""
    from fad.numpy._linear_algebra import _triangular_solve as solve_tri

    batch = draw(BATCH, label="batch")
    n, k = draw(st.integers(1, 3), label="n"), draw(st.integers(1, 2), label="k")
    lower = draw(st.booleans(), label="lower")
    dt = draw(float_dtypes())
    rng = _rng(draw)
    # one t for a stack of b (the rules' own case in batched sweeps), or stacks of both
    tb = () if draw(st.booleans(), label="single_t") else batch
    t = rng.uniform(-0.3, 0.3, tb + (n, n))
    t[..., np.arange(n), np.arange(n)] = rng.choice([-1.0, 1.0], tb + (n,)) * rng.uniform(1.0, 2.0, tb + (n,))
    b = rng.normal(size=(n, k) if draw(st.booleans()) else batch + (n, k))
    return (lambda t, b: solve_tri(t, b, lower)), (np.asarray(t, dtype=dt), np.asarray(b, dtype=dt))


# --- the array API's linalg functions (last axes; vectors only) ----------------------


@composite("linalg.diagonal")
def _linalg_diagonal(draw: st.DrawFn) -> Case:
    s = draw(shapes(min_dims=2, max_dims=3, max_side=3))
    offset = draw(st.integers(-1, 1))
    x = draw(float_arrays(s))
    return (lambda x: fnp.linalg.diagonal(x, offset=offset)), (x,)


@composite("linalg.trace")
def _linalg_trace(draw: st.DrawFn) -> Case:
    s = draw(shapes(min_dims=2, max_dims=3, max_side=3))
    offset = draw(st.integers(-1, 1))
    x = draw(float_arrays(s))
    return (lambda x: fnp.linalg.trace(x, offset=offset)), (x,)


@composite("linalg.outer")
def _linalg_outer(draw: st.DrawFn) -> Case:
    m, n = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    dt = draw(float_dtypes())
    return (lambda a, b: fnp.linalg.outer(a, b)), (draw(float_arrays((m,), dt)), draw(float_arrays((n,), dt)))


@composite("linalg.cross")
def _linalg_cross(draw: st.DrawFn) -> Case:
    sa, sb = draw(broadcastable_shapes(2, max_dims=2, max_side=2))
    dt = draw(float_dtypes())
    a = draw(float_arrays(tuple(sa) + (3,), dt))
    b = draw(float_arrays(tuple(sb) + (3,), dt))
    return (lambda a, b: fnp.linalg.cross(a, b)), (a, b)
