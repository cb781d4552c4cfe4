"""Catalogue entries of fad.scipy.linalg (see tests/_catalogue.py).

Primitives (``expm``, ``sqrtm``, ``solve_sylvester``, ``solve_banded``) register
with ``@_entry``; the public functions made of fad.numpy's primitives
(``solve_triangular``, ``cho_factor``, ``cho_solve``, ...) with ``@composite``.
Every drawn matrix is well conditioned for its function: diagonally dominant
triangles and bands, small-norm exponents, symmetric positive-definite roots,
Sylvester operators whose spectra stay apart.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
from hypothesis import strategies as st

from _catalogue import SEEDS, _entry, composite
from _catalogue_linalg import BATCH
from fad.scipy import linalg as fsl
from fad.testing.strategies import float_dtypes, spd_matrices, square_matrices

Array = np.ndarray[Any, Any]
Fun = Callable[..., Any]
Case = tuple[Fun, tuple[Array, ...]]


def _rng(draw: st.DrawFn) -> np.random.Generator:
    return np.random.default_rng(draw(SEEDS, label="seed"))


def _triangular(rng: np.random.Generator, batch: tuple[int, ...], n: int) -> Array:
    """A dominant diagonal of +-[1, 2], the rest (both triangles: junk outside the
    one read) in [-0.3, 0.3]."""
    t = rng.uniform(-0.3, 0.3, batch + (n, n))
    t[..., np.arange(n), np.arange(n)] = rng.choice([-1.0, 1.0], batch + (n,)) * rng.uniform(1.0, 2.0, batch + (n,))
    return t


@composite("scipy.linalg.solve_triangular")
def _solve_triangular(draw: st.DrawFn) -> Case:
    batch = draw(BATCH, label="batch")
    n = draw(st.integers(1, 3), label="n")
    lower = draw(st.booleans(), label="lower")
    trans = draw(st.sampled_from([0, 1, 2, "N", "T"]), label="trans")
    unit = draw(st.booleans(), label="unit_diagonal")
    dt = draw(float_dtypes())
    rng = _rng(draw)
    a = _triangular(rng, batch, n)
    b = rng.normal(size=(n,) if draw(st.booleans(), label="vector") else batch + (n, 2))

    def fn(a: Any, b: Any) -> Any:
        return fsl.solve_triangular(a, b, trans=trans, lower=lower, unit_diagonal=unit)

    return fn, (np.asarray(a, dt), np.asarray(b, dt))


@composite("scipy.linalg.cholesky")
def _cholesky(draw: st.DrawFn) -> Case:
    a = draw(spd_matrices(draw(st.integers(1, 3)), None, draw(BATCH, label="batch")))
    lower = draw(st.booleans(), label="lower")
    return (lambda a: fsl.cholesky(a, lower=lower)), (a,)


@composite("scipy.linalg.cho_factor")
def _cho_factor(draw: st.DrawFn) -> Case:
    a = draw(spd_matrices(draw(st.integers(1, 3)), None, draw(BATCH, label="batch")))
    lower = draw(st.booleans(), label="lower")
    return (lambda a: fsl.cho_factor(a, lower=lower)[0]), (a,)


@composite("scipy.linalg.cho_solve")
def _cho_solve(draw: st.DrawFn) -> Case:
    n = draw(st.integers(1, 3), label="n")
    a = draw(spd_matrices(n, None, draw(BATCH, label="batch")))
    lower = draw(st.booleans(), label="lower")
    b = np.asarray(_rng(draw).normal(size=(n,) if draw(st.booleans()) else (n, 2)), a.dtype)
    # through the factor (a's triangle), as a user writes it
    return (lambda a, b: fsl.cho_solve(fsl.cho_factor(a, lower=lower), b)), (a, b)


@composite("scipy.linalg.solve")
def _solve(draw: st.DrawFn) -> Case:
    n = draw(st.integers(1, 3), label="n")
    assume = draw(st.sampled_from([None, "gen", "sym", "pos", "lower triangular", "upper triangular"]))
    lower = draw(st.booleans(), label="lower")
    transposed = draw(st.booleans(), label="transposed")
    if assume in ("sym", "pos"):
        a = draw(spd_matrices(n, None))
    else:
        a = draw(square_matrices(n, None))
    b = np.asarray(_rng(draw).normal(size=(n,) if draw(st.booleans()) else (n, 2)), a.dtype)
    return (lambda a, b: fsl.solve(a, b, lower=lower, assume_a=assume, transposed=transposed)), (a, b)


@composite("scipy.linalg.inv")
def _inv(draw: st.DrawFn) -> Case:
    return fsl.inv, (draw(square_matrices(None, None, draw(BATCH, label="batch"))),)


@composite("scipy.linalg.det")
def _det(draw: st.DrawFn) -> Case:
    return fsl.det, (draw(square_matrices(None, None, draw(BATCH, label="batch"))),)


@_entry("expm")
def _expm(draw: st.DrawFn) -> Case:
    """Exponents of norm at most ~1.5: the derivative's scale stays near 1."""
    batch = draw(BATCH, label="batch")
    n = draw(st.integers(1, 3), label="n")
    a = _rng(draw).uniform(-1.0, 1.0, batch + (n, n)) / n
    return fsl.expm, (np.asarray(a, draw(float_dtypes())),)


@_entry("sqrtm")
def _sqrtm(draw: st.DrawFn) -> Case:
    """Symmetric positive-definite matrices, nudged off symmetry: a real root whose
    eigenvalues (in [1, 2]) keep ``X`` and ``-X`` far apart."""
    batch = draw(BATCH, label="batch")
    n = draw(st.integers(1, 3), label="n")
    a = draw(spd_matrices(n, np.float64, batch))
    a = a + 0.05 * _rng(draw).uniform(-1.0, 1.0, a.shape)
    return fsl.sqrtm, (np.asarray(a, draw(float_dtypes())),)


@_entry("solve_sylvester")
def _solve_sylvester(draw: st.DrawFn) -> Case:
    """``a`` with eigenvalues near +1.5..2.5 and ``b`` near the same: ``a x + x b``
    keeps its spectrum (sums of theirs) far from 0."""
    batch = draw(BATCH, label="batch")
    m, n = draw(st.integers(1, 3), label="m"), draw(st.integers(1, 3), label="n")
    rng = _rng(draw)
    dt = draw(float_dtypes())
    a = 2.0 * np.eye(m) + rng.uniform(-0.3, 0.3, batch + (m, m)) / m
    b = 2.0 * np.eye(n) + rng.uniform(-0.3, 0.3, (n, n)) / n  # one b for a stack of a
    q = rng.normal(size=batch + (m, n))
    return fsl.solve_sylvester, (np.asarray(a, dt), np.asarray(b, dt), np.asarray(q, dt))


@_entry("solve_banded")
def _solve_banded(draw: st.DrawFn) -> Case:
    """Diagonally dominant bands; the corners of ``ab`` that SciPy never reads hold junk."""
    n = draw(st.integers(1, 4), label="n")
    l, u = draw(st.integers(0, 2), label="l"), draw(st.integers(0, 2), label="u")
    rng = _rng(draw)
    dt = draw(float_dtypes())
    ab = rng.uniform(-0.3, 0.3, (l + u + 1, n))
    ab[u] = rng.choice([-1.0, 1.0], n) * rng.uniform(2.0, 3.0, n)
    b = rng.normal(size=(n,) if draw(st.booleans(), label="vector") else (n, 2))
    return (lambda ab, b: fsl.solve_banded((l, u), ab, b)), (np.asarray(ab, dt), np.asarray(b, dt))
