"""fad.numpy.linalg: linear algebra that traces (``fnp.linalg.inv`` etc.).

Each primitive works on stacks of matrices (leading axes), like NumPy's, and
its rules use ``swapaxes`` and ``matmul``, so extra leading batch axes on a
(co)tangent are handled by broadcasting.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fad._primitive import Primitive, defjvp, defvjp
from fad._trace import Tracer, bind
from fad.numpy import _elementwise as E
from fad.numpy import _reductions as R
from fad.numpy import _shape as S
from fad.numpy._linalg import matmul
from fad.numpy._util import Array, ArrayLike, as_operand, nbatch, ndim, shape

__all__ = ["inv", "solve", "det", "slogdet", "norm"]


def _mT(a: Any) -> Any:
    return S.swapaxes(a, -1, -2)


def _square(a: Any, fn: str) -> None:
    s = shape(a)
    if len(s) < 2 or s[-1] != s[-2]:
        raise ValueError(f"linalg.{fn} needs square matrices (..., n, n); got shape {s}")


# --- inv ------------------------------------------------------------------------

inv_p = Primitive("inv", np.linalg.inv, batchable=True, exact_shapes=True, saves=((), True))


def inv(a: ArrayLike) -> Array:
    """The inverse of a square matrix (or of each matrix in a stack).

    Args:
        a: an array of shape ``(..., n, n)``.

    Returns:
        Its inverse, of the same shape.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.linalg.inv(np.array([[2.0, 0.0], [0.0, 4.0]]))
        array([[0.5 , 0.  ],
               [0.  , 0.25]])
    """
    if type(a) is not Tracer:
        return np.linalg.inv(a)
    _square(a, "inv")
    return bind(inv_p, a)


# d(A^-1) = -A^-1 dA A^-1
defvjp(inv_p, lambda y, ybar, a: -matmul(matmul(_mT(y), ybar), _mT(y)))
defjvp(inv_p, lambda adot, y, a: -matmul(matmul(y, adot), y))


# --- solve ----------------------------------------------------------------------


def _solve_impl(a: Any, b: Any) -> Any:
    return np.linalg.solve(a, b)


solve_p = Primitive("solve", _solve_impl, batchable=True, exact_shapes=True, saves=((0,), True))


def solve(a: ArrayLike, b: ArrayLike) -> Array:
    """Solve ``a @ x = b`` for ``x``.

    As in NumPy 2, ``b`` is a vector when it is 1-D, and a (stack of) matrices
    ``(..., n, k)`` otherwise.

    Args:
        a: coefficient matrices ``(..., n, n)``.
        b: right-hand side(s), ``(n,)`` or ``(..., n, k)``.

    Returns:
        The solution, shaped like ``b`` (broadcast with ``a``'s stack).

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.linalg.solve(np.array([[2.0, 0.0], [0.0, 4.0]]), np.array([1.0, 1.0]))
        array([0.5 , 0.25])
    """
    if type(a) is not Tracer and type(b) is not Tracer:
        return np.linalg.solve(a, b)
    a, b = as_operand(a), as_operand(b)
    _square(a, "solve")
    if ndim(b) == 1 and ndim(a) > 2:  # a vector against a stack: solve it as a column
        return S.reshape(bind(solve_p, a, S.reshape(b, (-1, 1))), shape(a)[:-1])
    return bind(solve_p, a, b)


def _solve_any(a: Any, rhs: Any, vector: bool, nb: int) -> Any:
    """solve(a, rhs) where rhs may carry nb leading batch axes."""
    if not vector:
        return solve(a, rhs)
    if nb == 0:
        return solve(a, rhs)
    # a batch of vectors (B..., n): solve them as the columns of one matrix
    s = shape(rhs)
    cols = _mT(S.reshape(rhs, (-1, s[-1])))  # (n, B)
    return S.reshape(_mT(solve(a, cols)), s)


def _solve_vjp_b(y: Any, ybar: Any, a: Any, b: Any) -> Any:
    vector = ndim(b) == 1
    g = _solve_any(_mT(a), ybar, vector, nbatch(ybar, y))
    return S.unbroadcast(g, shape(b), nbatch(ybar, y))


def _solve_vjp_a(y: Any, ybar: Any, a: Any, b: Any) -> Any:
    nb = nbatch(ybar, y)
    vector = ndim(b) == 1
    bbar = _solve_any(_mT(a), ybar, vector, nb)
    if vector:  # -outer(bbar, x)
        g = -(S.expand_dims(bbar, -1) * y)
    else:
        g = -matmul(bbar, _mT(y))
    return S.unbroadcast(g, shape(a), nb)


def _solve_jvp_a(adot: Any, y: Any, a: Any, b: Any) -> Any:
    nb = nbatch(adot, a)
    vector = ndim(b) == 1
    if not vector:  # a may be broadcast against b's stack: line the batch axes up
        adot = S.expand_batched(adot, shape(y)[:-2] + shape(a)[-2:], nb)
    rhs = matmul(adot, y)  # (B..., n) for a vector b, else (B..., n, k)
    return -_solve_any(a, rhs, vector, nb)


def _solve_jvp_b(bdot: Any, y: Any, a: Any, b: Any) -> Any:
    vector = ndim(b) == 1
    nb = nbatch(bdot, b)
    if not vector:  # b may be broadcast against a's stack
        bdot = S.expand_batched(bdot, shape(y), nb)
    return _solve_any(a, bdot, vector, nb)


defvjp(solve_p, _solve_vjp_a, _solve_vjp_b)
defjvp(solve_p, _solve_jvp_a, _solve_jvp_b)


# --- det and slogdet ------------------------------------------------------------

det_p = Primitive("det", np.linalg.det, batchable=True, exact_shapes=True, saves=((0,), True))
logabsdet_p = Primitive(
    "logabsdet",
    lambda a: np.linalg.slogdet(a)[1],
    batchable=True,
    exact_shapes=True,
    saves=((0,), False),
)


def det(a: ArrayLike) -> Array:
    """The determinant of a square matrix (or of each in a stack).

    Args:
        a: an array of shape ``(..., n, n)``.

    Returns:
        The determinant(s), of shape ``(...)``.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.linalg.det(np.array([[2.0, 1.0], [1.0, 3.0]])))
        5.0
    """
    if type(a) is not Tracer:
        return np.linalg.det(a)
    _square(a, "det")
    return bind(det_p, a)


def _expand2(t: Any) -> Any:
    """(B..., ...) -> (B..., ..., 1, 1), to scale matrices."""
    return S.reshape(t, shape(t) + (1, 1))


def _trace_last2(m: Any) -> Any:
    """Sum of the diagonals over the last two axes."""
    n = shape(m)[-1]
    eye = np.eye(n, dtype=np.result_type(m.dtype if hasattr(m, "dtype") else float))
    return R.sum(m * eye, axis=(-2, -1))


# d det(A) = det(A) tr(A^-1 dA);  d log|det A| = tr(A^-1 dA)
defvjp(det_p, lambda y, ybar, a: _expand2(ybar * y) * _mT(inv(a)))
defjvp(det_p, lambda adot, y, a: y * _trace_last2(matmul(inv(a), adot)))
defvjp(logabsdet_p, lambda y, ybar, a: _expand2(ybar) * _mT(inv(a)))
defjvp(logabsdet_p, lambda adot, y, a: _trace_last2(matmul(inv(a), adot)))


def slogdet(a: ArrayLike) -> tuple[Array, Array]:
    """Sign and log of the absolute value of the determinant.

    The sign carries no derivative; the log-determinant does.

    Args:
        a: an array of shape ``(..., n, n)``.

    Returns:
        ``(sign, logabsdet)``, each of shape ``(...)``.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> sign, logdet = fnp.linalg.slogdet(np.array([[2.0, 0.0], [0.0, -3.0]]))
        >>> float(sign), round(float(logdet), 6)
        (-1.0, 1.791759)
    """
    if type(a) is not Tracer:
        sign, logdet = np.linalg.slogdet(a)
        return sign, logdet
    _square(a, "slogdet")
    from fad._trace import concrete

    sign = np.linalg.slogdet(concrete(a))[0]
    return sign, bind(logabsdet_p, a)


def norm(x: ArrayLike, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Array:
    """Vector 2-norm, or Frobenius norm of a matrix (``ord=None`` only).

    Args:
        x: an array-like.
        ord: must be None (the 2-norm / Frobenius norm); others raise.
        axis: None, an int or a tuple of ints.
        keepdims: keep the reduced axes.

    Returns:
        The norm.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.linalg.norm(np.array([3.0, 4.0])))
        5.0
    """
    if ord not in (None, 2, "fro"):
        raise ValueError(
            f"fnp.linalg.norm supports ord=None (the 2-norm or Frobenius norm) only, not {ord!r}; "
            "write other norms with fnp.sum and fnp.abs"
        )
    if ord == 2 and (axis is None and ndim(x) == 2 or isinstance(axis, tuple) and len(axis) == 2):
        raise ValueError("the matrix 2-norm (largest singular value) is not supported; use ord=None")
    return E.sqrt(R.sum(E.square(x), axis=axis, keepdims=keepdims))
