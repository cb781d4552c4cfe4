"""Linear algebra: inv, solve, det, slogdet, norm (public as ``fad.numpy.linalg``).

Each primitive works on stacks of matrices (leading axes), like NumPy's, and
its rules use ``swapaxes`` and ``matmul``, so extra leading batch axes on a
(co)tangent are handled by broadcasting.
"""

from __future__ import annotations

from typing import Any, Callable, Literal, Optional, Sequence

import numpy as np

from fad._primitive import Kind, Primitive, defjvp, defjvp_joint, defvjp, defvjp_joint
from fad._tracer import Tracer, concrete
from fad.numpy._base import as_operand, broadcast_to, getitem, reshape, sum
from fad.numpy._elementwise import sqrt, square
from fad.numpy._products import matmul
from fad.numpy._shape import swapaxes
from fad.numpy._util import Array, ArrayLike, Axis, bind, dtype, ndim, onp, shape

__all__ = ["inv", "solve", "det", "slogdet", "norm"]


def _mT(a: Any) -> Any:
    return swapaxes(a, -1, -2)


def _require_square(a: Any, fn: str) -> None:
    s = shape(a)
    if len(s) < 2 or s[-1] != s[-2]:
        raise ValueError(f"linalg.{fn} needs square matrices (..., n, n); got shape {s}")


# --- inv ------------------------------------------------------------------------

inv_p = Primitive("inv", np.linalg.inv, kind=Kind.STRUCTURAL, saves=("y",))


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
        return onp.linalg.inv(a)
    _require_square(a, "inv")
    return bind(inv_p, a)


# d(A^-1) = -A^-1 dA A^-1
defvjp(inv_p, lambda y, ybar, a: -matmul(matmul(_mT(y), ybar), _mT(y)))
defjvp(inv_p, lambda adot, y, a: -matmul(matmul(y, adot), y))


# --- solve ----------------------------------------------------------------------


def _solve_impl(a: Any, b: Any) -> Any:
    return np.linalg.solve(a, b)


solve_p = Primitive("solve", _solve_impl, kind=Kind.STRUCTURAL, saves=(0, "y"))


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
        return onp.linalg.solve(a, b)
    a, b = as_operand(a), as_operand(b)
    _require_square(a, "solve")
    # Canonical operands for the primitive, so its rules read like the maths: a
    # vector b becomes a column, and the stacks of a and b are broadcast to one.
    vector = ndim(b) == 1
    if vector:
        b = reshape(b, shape(b) + (1,))
    sa, sb = shape(a)[:-2], shape(b)[:-2]
    if sa != sb:
        stack: tuple[int, ...] = np.broadcast_shapes(sa, sb)
        ma: tuple[int, ...] = shape(a)[-2:]
        mb: tuple[int, ...] = shape(b)[-2:]
        a = broadcast_to(a, stack + ma)
        b = broadcast_to(b, stack + mb)
    x = bind(solve_p, a, b)
    return reshape(x, shape(x)[:-1]) if vector else x


# x = A^-1 B on canonical operands, A (..., n, n) and B (..., n, k) with one stack;
# a (co)tangent may carry extra leading batch axes (M. B. Giles, "An extended
# collection of matrix derivative results", 2008):
#   B-bar = A^-T X-bar,  A-bar = -B-bar X^T;   X-dot = A^-1 (B-dot - A-dot X).
def _solve_vjp(needed: Sequence[bool], x: Any, xbar: Any, a: Any, b: Any) -> list[Any]:
    bbar = solve(_mT(a), xbar)  # shared by both arguments
    return [-matmul(bbar, _mT(x)) if needed[0] else None, bbar if needed[1] else None]


def _solve_jvp(xdots: Sequence[Any], x: Any, a: Any, b: Any) -> Any:
    adot, bdot = xdots
    if adot is None:
        return solve(a, bdot)
    rhs = -matmul(adot, x) if bdot is None else bdot - matmul(adot, x)
    return solve(a, rhs)


defvjp_joint(solve_p, _solve_vjp)
defjvp_joint(solve_p, _solve_jvp)


# --- det and slogdet ------------------------------------------------------------

det_p = Primitive("det", np.linalg.det, kind=Kind.STRUCTURAL, saves=(0, "y"))
logabsdet_p = Primitive(
    "logabsdet",
    lambda a: np.linalg.slogdet(a)[1],
    kind=Kind.STRUCTURAL,
    saves=(0,),
)


def det(a: ArrayLike) -> Array:
    """The determinant of a square matrix (or of each in a stack).

    Its derivatives, of every order and in both modes, exist everywhere,
    singular matrices included: the first is the transposed adjugate
    (Jacobi's formula), computed from cofactors where the matrix is singular
    or ill conditioned.

    Args:
        a: an array of shape ``(..., n, n)``.

    Returns:
        The determinant(s), of shape ``(...)``.

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> float(fnp.linalg.det(np.array([[2.0, 1.0], [1.0, 3.0]])))
        5.0
        >>> fad.grad(fnp.linalg.det)(np.array([[1.0, 2.0], [2.0, 4.0]])).round(12) + 0.0
        array([[ 4., -2.],
               [-2.,  1.]])
    """
    if type(a) is not Tracer:
        return onp.linalg.det(a)
    _require_square(a, "det")
    return bind(det_p, a)


def _expand2(t: Any) -> Any:
    """(B..., ...) -> (B..., ..., 1, 1), to scale matrices."""
    return reshape(t, shape(t) + (1, 1))


def _trace_last2(m: Any) -> Any:
    """Sum of the diagonals over the last two axes."""
    n = shape(m)[-1]
    eye = np.eye(n, dtype=np.result_type(m.dtype if hasattr(m, "dtype") else float))
    return sum(m * eye, axis=(-2, -1))


# The derivative of det is the transposed adjugate (Jacobi's formula,
# d det(A) = tr(adj(A) dA); M. B. Giles, "An extended collection of matrix
# derivative results for forward and reverse mode algorithmic
# differentiation", 2008). adj(A) = det(A) A^-1 only where A is
# invertible; the adjugate itself is a polynomial in A's entries, defined
# everywhere, so det's rules compute it without an inverse wherever A is
# singular or close to it.


def _cofactor_indices(n: int) -> tuple[Any, Any, Any]:
    """Index arrays that gather the n^2 minors of an n x n matrix, and their signs.

    Args:
        n: the matrix size, at least 2.

    Returns:
        ``(rows, cols, sign)``: ``a[..., rows, cols]`` has shape
        ``(..., n, n, n-1, n-1)``, its ``[..., i, j, :, :]`` being ``a`` without
        row ``i`` and column ``j``; ``sign[i, j] = (-1) ** (i + j)``.

    Example:
        >>> rows, cols, sign = _cofactor_indices(3)
        >>> np.arange(9.0).reshape(3, 3)[..., rows, cols][0, 1]
        array([[3., 5.],
               [6., 8.]])
    """
    keep = np.arange(n - 1)
    skip = keep[None, :] + (keep[None, :] >= np.arange(n)[:, None])  # (n, n-1): all but i
    rows = skip[:, None, :, None]  # (n, 1, n-1, 1)
    cols = skip[None, :, None, :]  # (1, n, 1, n-1)
    ij = np.arange(n)
    sign = 1.0 - 2.0 * ((ij[:, None] + ij[None, :]) % 2)
    return rows, cols, sign


def _adjugate_cofactors(a: Any) -> Any:
    """The adjugate from its definition: the transposed matrix of cofactors.

    ``adj(A)[..., j, i] = (-1)^(i+j) det(A without row i and column j)``. All
    ``n^2`` minors are gathered by one fancy index and go through one (batched)
    ``det``, so for a traced ``a`` every order of derivative is exact: the
    minors' derivatives come from det's rules again, down to 1 x 1 matrices,
    whose adjugate is the constant 1. It costs ``n^2`` determinants of size
    ``n - 1``.

    Args:
        a: matrices ``(..., n, n)``, concrete or traced.

    Returns:
        Their adjugates, of the same shape.

    Example:
        >>> _adjugate_cofactors(np.array([[1.0, 2.0], [2.0, 4.0]]))
        array([[ 4., -2.],
               [-2.,  1.]])
    """
    n = shape(a)[-1]
    if n <= 1:  # adj of a 1 x 1 matrix is [[1]] (and of a 0 x 0 one is empty)
        return np.ones(shape(a), dtype=dtype(a))
    rows, cols, sign = _cofactor_indices(n)
    if type(a) is Tracer:
        minors = getitem(a, (Ellipsis, rows, cols))
    else:
        minors = np.asarray(a)[..., rows, cols]
    return _mT(det(minors) * sign.astype(dtype(a)))


def _adjugate_svd(c: Any) -> Any:
    """The adjugate of concrete matrices from their SVD, in O(n^3), at any rank.

    With ``A = U S V^H``, ``adj(A) = adj(V^H) adj(S) adj(U)
    = det(U) det(V^H) V diag(prod_{j != i} s_j) U^H``, the products taken
    without division.

    Args:
        c: a concrete NumPy array of finite matrices ``(..., n, n)``, n >= 1.

    Returns:
        Their adjugates (a constant: use it only where no derivative of the
        adjugate is wanted).

    Example:
        >>> _adjugate_svd(np.array([[1.0, 2.0], [2.0, 4.0]])).round(12) + 0.0
        array([[ 4., -2.],
               [-2.,  1.]])
    """
    u, s, vh = np.linalg.svd(c)
    one = np.ones_like(s[..., :1])
    before = np.cumprod(np.concatenate([one, s[..., :-1]], axis=-1), axis=-1)  # prod_{j<i}
    after = np.cumprod(np.concatenate([one, s[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
    phase = np.linalg.det(u) * np.linalg.det(vh)
    v = np.conj(np.swapaxes(vh, -1, -2))
    adj = np.matmul(v * (before * after)[..., None, :], np.conj(np.swapaxes(u, -1, -2)))
    return (phase[..., None, None] * adj).astype(c.dtype, copy=False)


def _levels(x: Any) -> int:
    """How many tracer levels wrap ``x`` (0 for a concrete value).

    Args:
        x: a value, possibly a Tracer (of tracers).

    Returns:
        The number of nested Tracers.

    Example:
        >>> _levels(np.eye(2))
        0
    """
    n = 0
    while type(x) is Tracer:
        x = x._value
        n += 1
    return n


def _adjugate(a: Any, d: Any) -> Any:
    """The adjugate of ``a``, written so that it differentiates to any order.

    For a concrete ``a`` (the adjugate is a constant: no derivative of it is
    wanted) it is ``det(a) inv(a)``: NumPy computes both from the same LU
    factors, which makes the product accurate at any condition number. Only
    where that fails (an exactly singular matrix, overflow) does an SVD take
    over (:func:`_adjugate_svd`).

    For a traced ``a``, at d levels, the adjugate may be differentiated d more
    times. ``det(a) inv(a)``, differentiable through inv's and det's rules, is
    used where every matrix of the stack is well conditioned (decided on the
    concrete values): its m-th derivative, a sum of terms
    ``det(a) inv(a)^(m+1)`` that cancel, is only accurate to about
    ``eps * cond^m``, so the 1-norm condition number must stay below
    ``eps^(-1/(2(d+1)))`` (in float64, 8e3 for d = 1, 4e2 for d = 2), which
    keeps the relative error below about ``eps^(2/3)``. Otherwise the whole
    stack takes the cofactor definition (:func:`_adjugate_cofactors`), exact at
    every order.

    Args:
        a: matrices ``(..., n, n)``, concrete or traced.
        d: ``det(a)``, as recorded (the det primitive's output).

    Returns:
        ``adj(a)``, with ``adj(a) @ a = det(a) I``.

    Example:
        >>> a = np.array([[2.0, 1.0], [1.0, 3.0]])
        >>> _adjugate(a, np.linalg.det(a)).round(12) + 0.0
        array([[ 3., -1.],
               [-1.,  2.]])
    """
    if shape(a)[-1] <= 1:
        return _adjugate_cofactors(a)
    levels = _levels(a)
    c = np.asarray(concrete(a))
    with np.errstate(all="ignore"):
        try:
            ic = np.linalg.inv(c)
        except np.linalg.LinAlgError:  # exactly singular (a zero pivot)
            ic = None
        if levels == 0:
            if ic is not None:
                adj = np.asarray(d)[..., None, None] * ic
                if np.isfinite(adj).all():
                    return adj
            return _adjugate_svd(c) if np.isfinite(c).all() else _adjugate_cofactors(c)
        if ic is not None:
            cond = np.linalg.norm(c, 1, axis=(-2, -1)) * np.linalg.norm(ic, 1, axis=(-2, -1))
            if (cond < np.finfo(ic.dtype).eps ** (-0.5 / (1 + levels))).all():  # False for nan
                return _expand2(d) * inv(a)
    return _adjugate_cofactors(a)


_SINGULAR_SLOGDET = (
    "np.linalg.slogdet: {which} is singular, and the derivative of log|det A| does "
    "not exist at a singular matrix (det A = 0, so log|det A| = -inf). Differentiate "
    "np.linalg.det (fnp.linalg.det) instead: its derivative, the transposed adjugate, "
    "exists everywhere. (slogdet's sign output has zero derivative.)"
)


def _logabsdet_inv(a: Any) -> Any:
    """``inv(a)`` for log|det|'s rules, with a clear error at a singular matrix.

    Args:
        a: matrices ``(..., n, n)``, concrete or traced.

    Returns:
        ``inv(a)``.

    Example:
        >>> _logabsdet_inv(np.array([[2.0, 0.0], [0.0, 4.0]]))
        array([[0.5 , 0.  ],
               [0.  , 0.25]])
    """
    try:
        return inv(a)
    except np.linalg.LinAlgError:
        s = shape(a)
        which = f"a matrix of the stack of shape {s}" if len(s) > 2 else "the matrix"
        raise np.linalg.LinAlgError(_SINGULAR_SLOGDET.format(which=which)) from None


# d det(A) = tr(adj(A) dA) (Jacobi);  d log|det A| = tr(A^-1 dA)
defvjp(det_p, lambda y, ybar, a: _expand2(ybar) * _mT(_adjugate(a, y)))
defjvp(det_p, lambda adot, y, a: sum(_mT(_adjugate(a, y)) * adot, axis=(-2, -1)))
defvjp(logabsdet_p, lambda y, ybar, a: _expand2(ybar) * _mT(_logabsdet_inv(a)))
defjvp(logabsdet_p, lambda adot, y, a: _trace_last2(matmul(_logabsdet_inv(a), adot)))


def slogdet(a: ArrayLike) -> tuple[Array, Array]:
    """Sign and log of the absolute value of the determinant.

    The sign carries no derivative; the log-determinant does, except at a
    singular matrix (where it is -inf): differentiating it there raises a
    ``LinAlgError`` that says so (differentiate :func:`det` instead).

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
        av: Any = a  # NumPy's stubs reject mixed sequences such as [[x, 1.0], ...]
        sign, logdet = np.linalg.slogdet(av)
        return sign, logdet
    _require_square(a, "slogdet")
    sign = np.linalg.slogdet(concrete(a))[0]
    return sign, bind(logabsdet_p, a)


def norm(
    x: ArrayLike, ord: Optional[Literal[2, "fro"]] = None, axis: Axis = None, keepdims: bool = False
) -> Array:
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
    return sqrt(sum(square(x), axis=axis, keepdims=keepdims))


NUMPY: dict[Any, Callable[..., Any]] = {
    np.linalg.inv: inv, np.linalg.solve: solve, np.linalg.det: det,
    np.linalg.slogdet: slogdet, np.linalg.norm: norm,
}
"""NumPy's ufuncs and functions -> this module's functions of the same meaning
(``fad.numpy._dispatch`` gathers the families' tables for NumPy's dispatch)."""
