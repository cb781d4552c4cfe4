"""Finite differences for the tests, written independently of fad: the one
reference that every test file compares fad's derivatives with.

Everything here runs plain NumPy on float64 copies of the inputs, so the
reference derivatives never go through fad (``fad.testing.check_grads`` has
finite differences of its own: that is the code under test). Central
differences are Richardson-extrapolated (error O(h^4)), which makes them
accurate to about 1e-10 for the smooth O(1) functions the tests use. A
gradient of a scalar function is ``numerical_jacobian(f, args, argnum)``.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

Fn = Callable[..., Any]

STEP = 1e-3


def as64(x: Any) -> np.ndarray:
    """A float64 copy of ``x`` (arrays and Python / NumPy scalars)."""
    return np.array(x, dtype=np.float64)


def _central(f: Fn, args: list[np.ndarray], argnum: int, flat_index: int, h: float) -> np.ndarray:
    plus = [a.copy() for a in args]
    minus = [a.copy() for a in args]
    plus[argnum].reshape(-1)[flat_index] += h
    minus[argnum].reshape(-1)[flat_index] -= h
    return (as64(f(*plus)) - as64(f(*minus))) / (2 * h)


def _richardson(f: Fn, args: list[np.ndarray], argnum: int, flat_index: int, h: float) -> np.ndarray:
    d1 = _central(f, args, argnum, flat_index, h)
    d2 = _central(f, args, argnum, flat_index, h / 2)
    return (4 * d2 - d1) / 3


def numerical_jacobian(f: Fn, args: Sequence[Any], argnum: int = 0, h: float = STEP) -> np.ndarray:
    """The Jacobian of ``f`` with respect to ``args[argnum]`` by central differences.

    ``f`` must return a single array. The result has shape
    ``out.shape + args[argnum].shape`` and dtype float64.
    """
    args64 = [as64(a) for a in args]
    out_shape = np.shape(f(*args64))
    x = args64[argnum]
    cols = [_richardson(f, args64, argnum, k, h) for k in range(x.size)]
    if not cols:
        return np.zeros(out_shape + x.shape)
    jac = np.stack([np.broadcast_to(c, out_shape) for c in cols], axis=-1)
    return jac.reshape(out_shape + x.shape)


def numerical_jvp(f: Fn, args: Sequence[Any], tangents: Sequence[Any], h: float = STEP) -> np.ndarray:
    """The directional derivative of ``f`` at ``args`` along ``tangents``."""
    args64 = [as64(a) for a in args]
    tans64 = [as64(t) for t in tangents]

    def at(s: float) -> np.ndarray:
        return as64(f(*[a + s * t for a, t in zip(args64, tans64)]))

    d1 = (at(h) - at(-h)) / (2 * h)
    d2 = (at(h / 2) - at(-h / 2)) / h
    return (4 * d2 - d1) / 3


def numerical_vjp(f: Fn, args: Sequence[Any], ct: Any, h: float = STEP) -> list[np.ndarray]:
    """``J^T ct`` for every argument, from the finite-difference Jacobians."""
    ct64 = as64(ct)
    out = []
    for i, a in enumerate(args):
        jac = numerical_jacobian(f, args, i, h)
        ct_b = np.broadcast_to(ct64, jac.shape[: jac.ndim - np.ndim(a)])
        out.append(np.tensordot(ct_b, jac, axes=ct_b.ndim) if ct_b.ndim else ct_b * jac)
    return out


def numerical_derivative(f: Callable[[float], float], x: float, order: int = 1, h: float = 1e-2) -> float:
    """A higher derivative of a scalar function by repeated central differences.

    Only for sanity checks of analytic formulas in the tests (loose accuracy).
    """
    if order == 0:
        return float(f(x))
    return (
        numerical_derivative(f, x + h, order - 1, h) - numerical_derivative(f, x - h, order - 1, h)
    ) / (2 * h)


def assert_close(actual: Any, desired: Any, dtype: Any = np.float64, scale: float = 1.0, err_msg: str = "") -> None:
    """Compare a derivative with a reference, with a tolerance for ``dtype``.

    float64: rtol 1e-6; float32: rtol 2e-3. The absolute tolerance is scaled by
    the size of the reference (so near-zero entries of an O(1) result pass).
    """
    actual = np.asarray(actual, dtype=np.float64)
    desired = np.asarray(desired, dtype=np.float64)
    if np.dtype(dtype) == np.float32:
        rtol, atol = 2e-3, 2e-3
    else:
        rtol, atol = 1e-6, 1e-7
    mag = max(1.0, float(np.max(np.abs(desired)))) if desired.size else 1.0
    np.testing.assert_allclose(actual, desired, rtol=rtol, atol=atol * mag * scale, err_msg=err_msg)


def inner(a: Any, b: Any) -> float:
    """The Euclidean inner product of two arrays of the same shape, in float64."""
    return float(np.sum(as64(a) * as64(b)))


def conj_gradient(f: Fn, z: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """``df/da - i df/db`` of a real function of complex ``z = a + ib`` (what JAX's
    and fad's ``grad`` return for it), by central differences along each element's
    real and imaginary directions."""
    out = np.zeros_like(z)
    for k in range(z.size):
        e = np.zeros_like(z)
        e.flat[k] = h
        da = (float(f(z + e)) - float(f(z - e))) / (2 * h)
        db = (float(f(z + 1j * e)) - float(f(z - 1j * e))) / (2 * h)
        out.flat[k] = da - 1j * db
    return out
