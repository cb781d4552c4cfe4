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
from fad.testing.strategies import float_dtypes, shapes, spd_matrices, square_matrices

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
    a = separated_singular(draw, m, n, batch, draw(float_dtypes()))
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
