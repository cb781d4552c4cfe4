"""Linear algebra (public as ``fad.numpy.linalg``): solves, determinants, the
decompositions (cholesky, eigh, svd, qr, eig) and the functions built on them.

Each primitive works on stacks of matrices (leading axes), like NumPy's, and
its rules use ``swapaxes`` and ``matmul``, so extra leading batch axes on a
(co)tangent are handled by broadcasting.
"""

from __future__ import annotations

from typing import Any, Callable, Literal, NamedTuple, Optional, Sequence, Union

import builtins
import importlib
import operator

import numpy as np
from numpy.linalg import LinAlgError

from fad._primitive import Kind, Primitive, defjvp, defjvp_joint, defvjp, defvjp_joint
from fad._tracer import Tracer, concrete, keeps_real_arguments
from fad.numpy._base import (
    as_operand, broadcast_to, concatenate, getitem, moveaxis, reshape, sum, transpose, where,
)
from fad.numpy._elementwise import absolute, conjugate, power, real, sqrt, square
from fad.numpy._products import cross as _cross_of
from fad.numpy._products import outer as _outer_of
from fad.numpy._products import trace as _trace_of
from fad.numpy._products import matmul, tensordot, vecdot
from fad.numpy._reductions import max as _amax
from fad.numpy._reductions import min as _amin
from fad.numpy._shape import diagonal as _diagonal_of
from fad.numpy._shape import expand_dims, matrix_transpose, swapaxes
from fad.numpy._util import Array, ArrayLike, Axis, bind, dtype, has_tracer, ndim, onp, shape

__all__ = [
    "inv", "solve", "det", "slogdet", "norm", "cholesky", "eigh", "eigvalsh", "svd", "svdvals",
    "qr", "pinv", "lstsq", "matrix_power", "multi_dot", "tensorsolve", "tensorinv", "cond",
    "vector_norm", "matrix_norm", "matrix_rank", "eig", "eigvals",
    # the array API's: on the last axes, or vectors only
    "diagonal", "trace", "outer", "cross", "matmul", "tensordot", "vecdot", "matrix_transpose",
    "LinAlgError",
]


def _mT(a: Any) -> Any:
    return swapaxes(a, -1, -2)


def _mH(a: Any) -> Any:
    """The conjugate transpose of a stack of matrices (the transpose of real ones)."""
    return conjugate(_mT(a)) if dtype(a).kind == "c" else _mT(a)


def _imag_diagonal(c: Any, eye: Any) -> Any:
    """``i Im(diag(C))`` as a diagonal matrix (the part of ``C`` on the diagonal that is
    skew-Hermitian)."""
    return (c - conjugate(c)) * (eye * 0.5)


def _require_square(a: Any, fn: str) -> None:
    s = shape(a)
    if len(s) < 2 or s[-1] != s[-2]:
        raise ValueError(f"np.linalg.{fn} needs square matrices (..., n, n); got shape {s}")


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
# for complex A, log|det A| = Re(log det A): the JVP takes the real part, and the
# VJP (the transpose for the pairing Re(sum(w * t))) is the same as for real A
defjvp(logabsdet_p, lambda adot, y, a: _real_if(_trace_last2(matmul(_logabsdet_inv(a), adot)), a))


def _real_if(t: Any, a: Any) -> Any:
    return real(t) if dtype(a).kind == "c" else t


def slogdet(a: ArrayLike) -> tuple[Array, Array]:
    """Sign and log of the absolute value of the determinant.

    A real matrix's sign (+-1) carries no derivative, a complex one's
    (``det / |det|``) does; the log-determinant does, except at a singular
    matrix (where it is -inf): differentiating it there raises a
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
    if np.iscomplexobj(sign) and np.all(sign != 0):
        # a complex sign det/|det| moves with a (d sign = i Im(tr(a^-1 da)) sign), as JAX's does
        d = det(a)
        return d / absolute(d), bind(logabsdet_p, a)
    return sign, bind(logabsdet_p, a)


# --- the decompositions: shared pieces -------------------------------------------
#
# A decomposition with several outputs is one primitive whose output packs them
# along the second-to-last axis (eigh: the eigenvalues as one row above the
# eigenvectors), so that one node holds one NumPy call; the public function
# slices the pieces out (and a cotangent of a piece that is not used is zero).


def _consts(x: Any, n: int) -> tuple[Any, Any, Any]:
    """The constant masks the rules use, in ``x``'s dtype: ``(lower, strictly lower, eye)``."""
    dt = dtype(x)
    return np.tri(n, dtype=dt), np.tri(n, k=-1, dtype=dt), np.eye(n, dtype=dt)


def _symmetric_from(t: Any, upper: bool) -> Any:
    """The symmetric matrix that a LAPACK routine reading one triangle sees.

    NumPy's ``cholesky`` and ``eigh`` read only the lower (``upper``: the upper)
    triangle of their argument; this map from the argument (or a tangent of it)
    to that symmetric matrix is linear, so it is also how tangents go in.
    """
    if upper:
        return _mT(_symmetric_from(_mT(t), False))
    low, strict, eye = _consts(t, shape(t)[-1])
    if dtype(t).kind == "c":  # Hermitian: the strict triangle mirrored conjugated, the diagonal's real part
        return t * strict + conjugate(_mT(t * strict)) + real(t) * eye
    return t * low + _mT(t * strict)


def _symmetric_from_T(g: Any, upper: bool) -> Any:
    """The transpose of :func:`_symmetric_from`: a cotangent lands on the triangle read."""
    if upper:
        return _mT(_symmetric_from_T(_mT(g), False))
    low, strict, eye = _consts(g, shape(g)[-1])
    if dtype(g).kind == "c":  # the transpose for Re(sum(w * t)) of the Hermitian map above
        return (g + conjugate(_mT(g))) * strict + real(g) * eye
    return g * low + _mT(g) * strict


def _inverse_gaps(w: Any, squared: bool) -> Any:
    """``F[..., i, j] = 1 / (w_j - w_i)`` (``squared``: ``1 / (w_j^2 - w_i^2)``), masked.

    Where two values are within ``n * eps * max|w|`` of each other (the
    diagonal included), the entry is 0 instead of infinite (JAX and PyTorch
    leave it infinite, which turns every derivative into nan): a repeated
    eigen- or singular value leaves its vectors free to rotate within their
    subspace, and with the mask the first derivative of a function of the
    values that is symmetric within each repeated group (``sum(w)``,
    ``sum(log(w))``) is still right. The vectors themselves have no
    derivative there. The mask is computed on concrete values (a constant).
    """
    c = np.asarray(concrete(w))
    n = c.shape[-1]
    eps = np.finfo(c.dtype).eps
    scale = np.abs(c).max(axis=-1, keepdims=True)[..., None] if n else 0.0
    same = np.abs(c[..., None, :] - c[..., :, None]) <= n * eps * scale
    mask = same.astype(c.dtype)
    row, col = expand_dims(w, -2), expand_dims(w, -1)
    diff = row * row - col * col if squared else row - col
    return (1 - mask) / (diff + mask)


def _diag_embed(v: Any) -> Any:
    """``(..., n) -> (..., n, n)`` with ``v`` on the diagonal."""
    return expand_dims(v, -1) * np.eye(shape(v)[-1], dtype=dtype(v))


def _tracing(a: Any) -> bool:
    return type(a) is Tracer or (type(a) in (list, tuple) and has_tracer(a))


# --- triangular solves (private: the Cholesky rules' workhorse) ----------------------


def _triangle(m: Any, lower: bool) -> Any:
    """``m`` with the entries outside its lower (upper) triangle zeroed, by a constant mask."""
    n = shape(m)[-1]
    mask = np.tri(n, dtype=dtype(m))
    return m * (mask if lower else mask.T)


def _triangular_solve_impl(t: Any, b: Any, lower: bool) -> Any:
    """``T^-1 B`` reading only ``T``'s lower (upper) triangle; SciPy's LAPACK
    triangular solve for single matrices when SciPy is there (n^2 k flops,
    no factorisation), NumPy's ``solve`` otherwise."""
    if np.ndim(t) == 2 and np.ndim(b) > 2:  # one matrix, many right-hand sides: fold them
        bs = np.shape(b)
        cols = np.moveaxis(b, -2, 0).reshape(bs[-2], -1)
        x = _triangular_solve_impl(t, cols, lower)
        return np.moveaxis(x.reshape((bs[-2],) + bs[:-2] + bs[-1:]), 0, -2)
    if np.ndim(t) == 2 and np.ndim(b) == 2:
        try:
            scipy_linalg: Any = importlib.import_module("scipy.linalg")
        except ImportError:  # SciPy is optional
            pass
        else:
            return scipy_linalg.solve_triangular(t, b, lower=lower, check_finite=False)
    return np.linalg.solve(np.tril(t) if lower else np.triu(t), b)


triangular_solve_p = Primitive(
    "triangular_solve", _triangular_solve_impl, kind=Kind.STRUCTURAL, saves=(0, "y")
)


def _triangular_solve(t: Any, b: Any, lower: bool) -> Any:
    """``T^-1 B`` for triangular ``T`` ``(..., n, n)`` and ``B`` ``(..., n, k)``,
    their stacks broadcast, differentiable in both.

    Example:
        >>> _triangular_solve(np.array([[2.0, 0.0], [1.0, 1.0]]), np.array([[2.0], [3.0]]), True)
        array([[1.],
               [2.]])
    """
    if type(t) is not Tracer and type(b) is not Tracer:
        return _triangular_solve_impl(t, b, lower)
    st, sb = shape(t)[:-2], shape(b)[:-2]
    if st != sb and not (st == () and len(sb) > 0):  # a single t stays single
        stack: tuple[int, ...] = np.broadcast_shapes(st, sb)
        mt: tuple[int, ...] = shape(t)[-2:]
        mb: tuple[int, ...] = shape(b)[-2:]
        t = broadcast_to(t, stack + mt)
        b = broadcast_to(b, stack + mb)
    return bind(triangular_solve_p, t, b, lower=lower)


# X = T^-1 B, T triangular (only its triangle is read):
#   B-bar = T^-T X-bar,  T-bar = triangle(-B-bar X^T);   X-dot = T^-1 (B-dot - triangle(T-dot) X).
# A single t (n, n) may serve a stack of b (S..., n, k): t-bar is then summed
# over S, and t-dot is given room for S, counting axes from the end (a
# (co)tangent may carry extra leading batch axes).
def _triangular_solve_vjp(needed: Sequence[bool], x: Any, xbar: Any, t: Any, b: Any, lower: bool) -> list[Any]:
    bbar = _triangular_solve(_mT(t), xbar, not lower)
    tbar = None
    if needed[0]:
        tbar = _triangle(-matmul(bbar, _mT(x)), lower)
        extra = ndim(x) - ndim(t)
        if extra:
            tbar = sum(tbar, axis=tuple(range(-2 - extra, -2)))
    return [tbar, bbar if needed[1] else None]


def _triangular_solve_jvp(xdots: Sequence[Any], x: Any, t: Any, b: Any, lower: bool) -> Any:
    tdot, bdot = xdots
    if tdot is None:
        return _triangular_solve(t, bdot, lower)
    extra = ndim(x) - ndim(t)
    if extra:
        tdot = reshape(tdot, shape(tdot)[:-2] + (1,) * extra + shape(tdot)[-2:])
    rhs = -matmul(_triangle(tdot, lower), x)
    return _triangular_solve(t, rhs if bdot is None else bdot + rhs, lower)


defvjp_joint(triangular_solve_p, _triangular_solve_vjp)
defjvp_joint(triangular_solve_p, _triangular_solve_jvp)


# --- cholesky ---------------------------------------------------------------------

_NOT_PD = (
    "np.linalg.cholesky: Matrix is not positive definite. cholesky reads only the {which} "
    "triangle of its argument, and the symmetric matrix made from that triangle must be "
    "positive definite: check the smallest of np.linalg.eigvalsh(a), or add a small "
    "multiple of the identity (jitter) to a."
)

cholesky_p = Primitive("cholesky", np.linalg.cholesky, kind=Kind.STRUCTURAL, saves=("y",))


def cholesky(a: ArrayLike, /, *, upper: bool = False) -> Array:
    """The Cholesky factor of a symmetric positive-definite matrix (or a stack).

    A complex Hermitian positive-definite ``a`` gives ``L`` with ``L L^H = a``
    (derivatives with the convention of docs/complex.md). As NumPy's, it reads
    only the lower triangle of ``a`` (``upper=True``: the upper one) and
    assumes the other mirrors it (conjugated, for a complex ``a``, whose
    diagonal's imaginary part is not read). Its derivative is that of the
    function NumPy computes: a tangent's entries in the triangle read count,
    the others have no effect (so it agrees with finite differences in every
    direction). For a symmetric tangent this is the usual derivative; JAX
    instead symmetrises tangents, ``(t + t.T) / 2``, which differs for
    non-symmetric ones. The rules (I. Murray, "Differentiation of the Cholesky
    decomposition", 2016) use solves with the factor, never an inverse.

    Args:
        a: symmetric positive-definite matrices ``(..., n, n)``.
        upper: return the upper factor ``U = L.T`` (with ``U.T @ U = a``).

    Returns:
        The lower (or upper) triangular factor(s), shaped like ``a``.

    Raises:
        numpy.linalg.LinAlgError: where a matrix is not positive definite.

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> fnp.linalg.cholesky(np.array([[4.0, 2.0], [2.0, 2.0]]))
        array([[2., 0.],
               [1., 1.]])
        >>> fad.grad(lambda a: fnp.linalg.cholesky(a)[1, 1])(np.array([[4.0, 2.0], [2.0, 2.0]]))
        array([[ 0.125,  0.   ],
               [-0.5  ,  0.5  ]])
    """
    try:
        if not _tracing(a):
            return onp.linalg.cholesky(a, upper=upper)
        a = as_operand(a)
        _require_square(a, "cholesky")
        return _mT(bind(cholesky_p, _mT(a))) if upper else bind(cholesky_p, a)
    except np.linalg.LinAlgError:
        raise np.linalg.LinAlgError(_NOT_PD.format(which="upper" if upper else "lower")) from None


def _solve_both_sides(t: Any, x: Any, lower: bool) -> Any:
    """``T^-1 X T^-T`` for a triangular ``T`` (``T^-1 X T^-H`` for a complex one),
    by two triangular solves (no inverse)."""
    right = conjugate(t) if dtype(t).kind == "c" else t
    return _mT(_triangular_solve(right, _mT(_triangular_solve(t, x, lower)), lower))


def _phi(x: Any) -> Any:
    """Murray's Phi: the lower triangle with the diagonal halved."""
    low, _, eye = _consts(x, shape(x)[-1])
    return x * (low - 0.5 * eye)


# A = L L^T with the lower triangle of A read (Murray 2016, section 3):
#   L-dot = L Phi(L^-1 A-dot_s L^-T),   A-dot_s the symmetric matrix from A-dot's lower triangle;
#   its transpose: G = L^-T Phi(L^T L-bar) L^-1, and A-bar = tril(G) + tril(G^T, -1).
# For a complex Hermitian A = L L^H the same, with L^-H for L^-T on the right and
# A-dot_s Hermitian: the maps are complex-linear but for A-dot_s, whose transpose
# (for the pairing Re(sum(w * t))) is _symmetric_from_T's complex branch.
defjvp(
    cholesky_p,
    lambda adot, y, a: matmul(y, _phi(_solve_both_sides(y, _symmetric_from(adot, False), True))),
)
defvjp(
    cholesky_p,
    lambda y, ybar, a: _symmetric_from_T(
        _solve_both_sides(_mT(y), _phi(matmul(_mT(y), ybar)), False), False
    ),
)


# --- eigh, eigvalsh ---------------------------------------------------------------


class EighResult(NamedTuple):
    """``eigh``'s result, as NumPy's: ascending eigenvalues and the eigenvectors (columns)."""

    eigenvalues: Any
    eigenvectors: Any


def _eigh_impl(a: Any, upper: bool) -> Any:
    w, v = np.linalg.eigh(a, UPLO="U" if upper else "L")
    return np.concatenate([w[..., None, :], v], axis=-2)


eigh_p = Primitive("eigh", _eigh_impl, kind=Kind.STRUCTURAL, saves=("y",))


def eigh(a: ArrayLike, UPLO: Literal["L", "U"] = "L") -> EighResult:
    """Eigenvalues and eigenvectors of a symmetric matrix (or a stack).

    A complex Hermitian ``a`` has real eigenvalues and complex eigenvectors,
    each defined up to a phase: differentiate functions that do not depend
    on it (the eigenvalues, ``V @ diag(f(w)) @ V.conj().T``, ``abs(V)``). The
    rules are then the same with ``V^H`` for ``V^T`` (docs/complex.md).

    As NumPy's, it reads only the lower triangle (``UPLO="U"``: the upper),
    and its derivative is that of the function NumPy computes (see
    :func:`cholesky`). The rules are Giles's (2008): with ``M = V^T A-dot V``,
    ``w-dot = diag(M)`` and ``V-dot = V (F * M)``, ``F[i, j] = 1 / (w_j - w_i)``.

    Eigenvectors are defined up to sign (and, for a repeated eigenvalue, up
    to a rotation within its eigenspace): their derivative is that of the
    vectors LAPACK returns, so differentiate functions that do not depend on
    that choice, such as ``V @ diag(f(w)) @ V.T`` or the eigenvalues. Where
    eigenvalues repeat (within ``n * eps * max|w|``) no eigenvector derivative
    exists; the ``1 / (w_j - w_i)`` terms are then set to 0 rather than inf,
    which keeps first derivatives of symmetric functions of the eigenvalues
    (``sum(w)``, ``sum(log(w))``) right, but not higher orders, nor
    ``V @ diag(f(w)) @ V.T`` (it loses the in-block terms ``f'(w)``): near a
    repeated eigenvalue write such functions without ``eigh`` if you can.

    Args:
        a: symmetric matrices ``(..., n, n)``.
        UPLO: ``"L"`` or ``"U"``: the triangle read.

    Returns:
        ``(eigenvalues, eigenvectors)``, of shapes ``(..., n)`` and ``(..., n, n)``;
        the eigenvalues in ascending order, the eigenvectors in columns.

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> fnp.linalg.eigh(np.array([[2.0, 1.0], [1.0, 2.0]])).eigenvalues
        array([1., 3.])
        >>> fad.grad(lambda a: fnp.linalg.eigh(a)[0][1])(np.array([[2.0, 1.0], [1.0, 2.0]]))
        array([[0.5, 0. ],
               [1. , 0.5]])
    """
    if UPLO not in ("L", "U"):
        raise ValueError(f"np.linalg.eigh: UPLO must be 'L' or 'U', not {UPLO!r}")
    if not _tracing(a):
        w, v = np.linalg.eigh(a, UPLO=UPLO)  # type: ignore[arg-type]
        return EighResult(w, v)
    a = as_operand(a)
    _require_square(a, "eigh")
    y = bind(eigh_p, a, upper=UPLO == "U")
    values = y[..., 0, :]
    return EighResult(real(values) if dtype(y).kind == "c" else values, y[..., 1:, :])


def _eigh_jvp(adot: Any, y: Any, a: Any, upper: bool) -> Any:
    w, v = y[..., 0, :], y[..., 1:, :]
    if dtype(y).kind == "c":  # Hermitian a: M = V^H A-dot V, w-dot = Re diag(M)
        w = real(w)
        m = matmul(conjugate(_mT(v)), matmul(_symmetric_from(adot, upper), v))
        wdot = real(_diagonal_of(m, 0, -2, -1)) + 0j
    else:
        m = matmul(_mT(v), matmul(_symmetric_from(adot, upper), v))
        wdot = _diagonal_of(m, 0, -2, -1)
    vdot = matmul(v, _inverse_gaps(w, False) * m)
    return concatenate([expand_dims(wdot, -2), vdot], axis=-2)


def _eigh_vjp(y: Any, ybar: Any, a: Any, upper: bool) -> Any:
    w, v = y[..., 0, :], y[..., 1:, :]
    wbar, vbar = ybar[..., 0, :], ybar[..., 1:, :]
    if dtype(y).kind == "c":  # A-bar from B = conj(V) G V^T, G = diag(Re w-bar) + F o V^T V-bar
        inner = _diag_embed(real(wbar)) + _inverse_gaps(real(w), False) * matmul(_mT(v), vbar)
        return _symmetric_from_T(matmul(conjugate(v), matmul(inner, _mT(v))), upper)
    inner = _diag_embed(wbar) + _inverse_gaps(w, False) * matmul(_mT(v), vbar)
    return _symmetric_from_T(matmul(v, matmul(inner, _mT(v))), upper)


# A = V diag(w) V^T (M. B. Giles, "An extended collection of matrix derivative
# results for forward and reverse mode algorithmic differentiation", 2008, 3.1):
#   w-dot = diag(V^T A-dot V),  V-dot = V (F o V^T A-dot V),  F_ij = 1/(w_j - w_i);
#   A-bar = V (diag(w-bar) + F o V^T V-bar) V^T.
defjvp(eigh_p, _eigh_jvp)
defvjp(eigh_p, _eigh_vjp)


def eigvalsh(a: ArrayLike, UPLO: Literal["L", "U"] = "L") -> Array:
    """Eigenvalues of a symmetric matrix (or a stack), in ascending order.

    Traced, it is ``eigh(a, UPLO)[0]`` (the eigenvectors are needed for the
    derivative, ``w-dot = diag(V^T A-dot V)``), and like ``eigh`` it reads one
    triangle only. At a repeated eigenvalue the eigenvalues are not
    differentiable; the rule then gives the derivative of the eigenvalues of
    the eigenvectors LAPACK chose, while their sum over a repeated group is
    exact (see :func:`eigh`).

    Args:
        a: symmetric matrices ``(..., n, n)``.
        UPLO: ``"L"`` or ``"U"``: the triangle read.

    Returns:
        The eigenvalues, ``(..., n)``.

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> fnp.linalg.eigvalsh(np.array([[2.0, 1.0], [1.0, 2.0]]))
        array([1., 3.])
        >>> fad.grad(lambda a: fnp.sum(fnp.linalg.eigvalsh(a)))(np.eye(2))  # the trace's
        array([[1., 0.],
               [0., 1.]])
    """
    if not _tracing(a):
        return onp.linalg.eigvalsh(a, UPLO=UPLO)
    w: Array = eigh(a, UPLO)[0]
    return w


# --- svd, svdvals -----------------------------------------------------------------


class SVDResult(NamedTuple):
    """``svd``'s result, as NumPy's: ``U``, the singular values ``S`` (descending), ``Vh``."""

    U: Any
    S: Any
    Vh: Any


def _svd_impl(a: Any) -> Any:
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    v = np.swapaxes(vh.conj() if np.iscomplexobj(vh) else vh, -1, -2)  # V, of A = U S V^H
    return np.concatenate([u, s[..., None, :].astype(u.dtype), v], axis=-2)


svd_p = Primitive("svd", _svd_impl, kind=Kind.STRUCTURAL, saves=("y",))


def _svd_parts(y: Any, m: int) -> tuple[Any, Any, Any]:
    return y[..., :m, :], y[..., m, :], y[..., m + 1:, :]


def _inverse_or_zero(s: Any) -> Any:
    """``1 / s``, with 0 where ``s`` is 0 (a constant mask), as JAX's complex SVD rule."""
    zero = (np.asarray(concrete(s)) == 0).astype(dtype(s))
    return (1 - zero) / (s + zero)


def _svd_jvp(adot: Any, y: Any, a: Any) -> Any:
    m, n = shape(a)[-2:]
    k = builtins.min(m, n)
    u, s, v = _svd_parts(y, m)
    cplx = dtype(y).kind == "c"
    if cplx:
        s = real(s)
    s_row, s_col = expand_dims(s, -2), expand_dims(s, -1)
    f = _inverse_gaps(s, True)
    ds_full = matmul(adot, v)  # A-dot V, (m, k)
    dp = matmul(_mH(u), ds_full)  # U^H A-dot V, (k, k)
    dps = dp * s_row  # dP S
    sdp = s_col * dp  # S dP
    inner = f * (dps + _mH(dps))
    if cplx:  # the phases: U^H U-dot - V^H V-dot has the diagonal i Im(diag(dP)) / S
        inner = inner + _imag_diagonal(dp, np.eye(k, dtype=dtype(s))) * expand_dims(_inverse_or_zero(s), -2)
    du = matmul(u, inner)
    dv = matmul(v, f * (sdp + _mH(sdp)))
    # 1 / s with 0 at a zero singular value (JAX's convention): there the column of U
    # (or V) outside A's range is arbitrary, and a function of S alone stays finite
    inv_row = expand_dims(_inverse_or_zero(s), -2)
    if m > k:
        du = du + (ds_full - matmul(u, dp)) * inv_row
    if n > k:
        dv = dv + (matmul(_mH(adot), u) - matmul(v, _mH(dp))) * inv_row
    sdot = _diagonal_of(dp, 0, -2, -1)
    if cplx:
        sdot = real(sdot) + 0j
    return concatenate([du, expand_dims(sdot, -2), dv], axis=-2)


def _svd_vjp(y: Any, ybar: Any, a: Any) -> Any:
    m, n = shape(a)[-2:]
    k = builtins.min(m, n)
    u, s, v = _svd_parts(y, m)
    ubar, sbar, vbar = _svd_parts(ybar, m)
    cplx = dtype(y).kind == "c"
    if cplx:  # the adjoint for Re tr(G^H X) below takes G = conj(X-bar) (docs/complex.md)
        s, sbar = real(s), real(sbar)
        ubar, vbar = conjugate(ubar), conjugate(vbar)
    s_row, s_col = expand_dims(s, -2), expand_dims(s, -1)
    f = _inverse_gaps(s, True)
    utu = matmul(_mH(u), ubar)
    vtv = matmul(_mH(v), vbar)
    j, kk = f * utu, f * vtv
    inner = _diag_embed(sbar) + (j + _mH(j)) * s_row + s_col * (kk + _mH(kk))
    if cplx:
        inner = inner + _imag_diagonal(utu, np.eye(k, dtype=dtype(s))) * expand_dims(_inverse_or_zero(s), -2)
    abar = matmul(u, matmul(inner, _mH(v)))
    inv_row = expand_dims(_inverse_or_zero(s), -2)  # 1 / s, 0 at a zero singular value (as in the JVP)
    if m > k:
        abar = abar + matmul((ubar - matmul(u, utu)) * inv_row, _mH(v))
    if n > k:
        abar = abar + matmul(u, _mH((vbar - matmul(v, vtv)) * inv_row))
    return conjugate(abar) if cplx else abar


# A = U diag(s) V^T, reduced (U (m, k), V (n, k), k = min(m, n)); with
# P = U^T A-dot V and F_ij = 1 / (s_j^2 - s_i^2) (J. Townsend, "Differentiating
# the singular value decomposition", 2016; the real case of JAX's rule):
#   s-dot = diag(P)
#   U-dot = U (F o (P S + S P^T)) + (I - U U^T) A-dot V S^-1     (second term: m > k)
#   V-dot = V (F o (S P + P^T S)) + (I - V V^T) A-dot^T U S^-1   (second term: n > k)
# and the VJP is its transpose, term by term:
#   A-bar = U (diag(s-bar) + (J + J^T) S + S (K + K^T)) V^T
#           + (I - U U^T) U-bar S^-1 V^T + U S^-1 V-bar^T (I - V V^T),
#   J = F o U^T U-bar,  K = F o V^T V-bar.
# Complex A = U S V^H (Z.-Q. Wan and S.-X. Zhang, "Automatic differentiation for
# complex valued SVD", arXiv:1909.02659, 2019; the rule JAX uses): transposes become
# conjugate transposes, s-dot = Re diag(P), and the phases of U's and V's columns,
# free together (U D, V D for a diagonal unitary D), are fixed by putting the whole
# i Im(diag(P)) S^-1 on U: U-dot gains U (i Im(diag(P)) S^-1). Only functions that
# do not depend on those phases (U S V^H, |U|, S) are derivatives of NumPy's.
# The VJP is the adjoint for <G, X> = Re tr(G^H X), G = conj(X-bar), as for qr:
# the same as the real one with ^H, plus U (i Im(diag(U^H G_U)) S^-1) V^H, and
# A-bar = conj(G_A).
defjvp(svd_p, _svd_jvp)
defvjp(svd_p, _svd_vjp)


def _svd_traced(a: Any, fn: str) -> tuple[Any, Any, Any]:
    """``(u, s, vh)`` of a traced ``a``, reduced."""
    if ndim(a) < 2:
        raise ValueError(f"np.linalg.{fn} needs matrices (..., m, n); got shape {shape(a)}")
    m = shape(a)[-2]
    u, s, v = _svd_parts(bind(svd_p, a), m)
    return u, real(s) if dtype(s).kind == "c" else s, _mH(v)


def _svd_hermitian(a: Any) -> tuple[Any, Any, Any]:
    """NumPy's ``svd(hermitian=True)`` route, through :func:`eigh`."""
    w, v = eigh(a)
    order = np.argsort(np.abs(np.asarray(concrete(w))), axis=-1)[..., ::-1]
    # a permutation matrix per stack entry: x @ perm reorders x's columns
    n = shape(w)[-1]
    perm = (order[..., None, :] == np.arange(n)[:, None]).astype(dtype(w))
    wp = matmul(expand_dims(w, -2), perm)[..., 0, :]
    u = matmul(v, perm)
    sgn = np.sign(np.asarray(concrete(wp)))
    return u, absolute(wp), _mH(u * expand_dims(sgn, -2))


def svd(
    a: ArrayLike, full_matrices: bool = True, compute_uv: bool = True, hermitian: bool = False
) -> Any:
    """Singular value decomposition ``a = U @ diag(S) @ Vh`` (of each matrix in a stack).

    Differentiable for the reduced factors (``k = min(m, n)`` columns of ``U``
    and rows of ``Vh``): with ``full_matrices=True`` (NumPy's default) and
    ``m != n``, the extra columns span a complement that is not unique and have
    no derivative, so a traced call asks for ``full_matrices=False`` (or
    ``compute_uv=False``) with a ``ValueError``; square matrices are fine either
    way. Singular vectors are defined up to sign (and a rotation within a
    repeated singular value's subspace): differentiate functions that do not
    depend on that choice, such as ``U @ diag(f(S)) @ Vh`` or ``S``. Where
    singular values repeat, the ``1 / (s_j^2 - s_i^2)`` terms are set to 0 as
    in :func:`eigh` (so ``sum(S)`` keeps its first derivative). For ``m != n``
    the derivative of ``U`` (or ``Vh``) also divides by ``S``: it needs full
    rank.

    A complex ``a`` has real ``S`` and complex ``U``, ``Vh``; each column of
    ``U`` and the matching row of ``Vh`` are defined up to a common phase
    (``U D``, ``D^H Vh`` for a diagonal unitary ``D``), so differentiate
    functions that do not depend on it, such as ``U @ diag(f(S)) @ Vh``,
    ``abs(U)`` or ``S`` (docs/complex.md's convention; the rule is Wan and
    Zhang's, 2019, as JAX's).

    Args:
        a: matrices ``(..., m, n)``.
        full_matrices: as NumPy (see above).
        compute_uv: return ``(U, S, Vh)``; else ``S`` only.
        hermitian: ``a`` is symmetric (Hermitian): computed from :func:`eigh` as NumPy does.

    Returns:
        ``(U, S, Vh)``, or ``S`` when ``compute_uv`` is False.

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> fnp.linalg.svd(np.array([[3.0, 0.0], [0.0, -2.0]])).S
        array([3., 2.])
        >>> fad.grad(lambda a: fnp.linalg.svd(a, compute_uv=False)[0])(np.array([[3.0, 0.0], [0.0, -2.0]]))
        array([[1., 0.],
               [0., 0.]])
    """
    if not _tracing(a):
        if compute_uv:
            u, s, vh = np.linalg.svd(a, full_matrices, True, hermitian)  # type: ignore[call-overload]
            return SVDResult(u, s, vh)
        return onp.linalg.svd(a, full_matrices, False, hermitian)
    a = as_operand(a)
    if hermitian:
        _require_square(a, "svd")
        u, s, vh = _svd_hermitian(a)
    else:
        if compute_uv and full_matrices and ndim(a) >= 2 and shape(a)[-1] != shape(a)[-2]:
            raise ValueError(
                f"np.linalg.svd: with full_matrices=True, U and Vh of a non-square matrix "
                f"(here {shape(a)[-2:]}) have extra columns spanning a complement that is not "
                "unique, which have no derivative. Pass full_matrices=False (the reduced "
                "factors are differentiable), or compute_uv=False for the singular values."
            )
        u, s, vh = _svd_traced(a, "svd")
    return SVDResult(u, s, vh) if compute_uv else s


def svdvals(x: ArrayLike, /) -> Array:
    """The singular values of a matrix (or a stack), in descending order.

    Traced, the singular vectors are computed too (the derivative is
    ``s-dot = diag(U^T x-dot V)``, ``Re diag(U^H x-dot V)`` for a complex
    ``x``). At a repeated singular value the values
    are not differentiable (see :func:`svd`), and at a zero singular value the
    derivative is that of the factors LAPACK chose (``|t|`` has a kink at 0).

    Args:
        x: matrices ``(..., m, n)``.

    Returns:
        The singular values, ``(..., min(m, n))``.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.linalg.svdvals(np.array([[0.0, 2.0], [1.0, 0.0]]))
        array([2., 1.])
    """
    if not _tracing(x):
        return onp.linalg.svdvals(x)
    s: Array = _svd_traced(as_operand(x), "svdvals")[1]
    return s


# --- qr ---------------------------------------------------------------------------


class QRResult(NamedTuple):
    """``qr``'s result, as NumPy's: ``Q`` (orthonormal columns) and ``R`` (upper triangular)."""

    Q: Any
    R: Any


def _qr_impl(a: Any) -> Any:
    q, r = np.linalg.qr(a)
    return np.concatenate([q, np.swapaxes(r, -1, -2)], axis=-2)


qr_p = Primitive("qr", _qr_impl, kind=Kind.STRUCTURAL, saves=("y",))


def _qr_parts(y: Any, m: int) -> tuple[Any, Any]:
    return y[..., :m, :], _mT(y[..., m:, :])


def _qr_jvp(adot: Any, y: Any, a: Any) -> Any:
    q, r = _qr_parts(y, shape(a)[-2])
    _, strict, eye = _consts(real(r), shape(r)[-1])
    e = _mH(solve(_mH(r), _mH(adot)))  # A-dot R^-1
    c = matmul(_mH(q), e)
    low = c * strict
    omega = low - _mH(low)
    if dtype(y).kind == "c":
        omega = omega + _imag_diagonal(c, eye)
    dq = matmul(q, omega - c) + e
    dr = matmul(c - omega, r)
    return concatenate([dq, _mT(dr)], axis=-2)


def _qr_vjp(y: Any, ybar: Any, a: Any) -> Any:
    q, r = _qr_parts(y, shape(a)[-2])
    qbar, rbar = _qr_parts(ybar, shape(a)[-2])
    cplx = dtype(y).kind == "c"
    if cplx:  # the adjoint for Re tr(G^H X) below takes G = conj(X-bar) (docs/complex.md)
        qbar, rbar = conjugate(qbar), conjugate(rbar)
    _, strict, eye = _consts(real(r), shape(r)[-1])
    mm = matmul(_mH(q), qbar) - matmul(rbar, _mH(r))
    nn = (mm - _mH(mm)) * strict - mm
    if cplx:
        nn = nn + _imag_diagonal(mm, eye)
    ebar = qbar + matmul(q, nn)
    abar = _mH(solve(r, _mH(ebar)))  # E-bar R^-H
    return conjugate(abar) if cplx else abar


# A = Q R, m >= n, reduced (the real case of JAX's rule; S. F. Walter and
# L. Lehmann, "Algorithmic differentiation of linear algebra functions with
# application in optimum experimental design", 2013): with E = A-dot R^-1,
# C = Q^T E and Omega = tril(C, -1) - tril(C, -1)^T (antisymmetric),
#   Q-dot = Q (Omega - C) + E,   R-dot = (C - Omega) R;
# the transpose: M = Q^T Q-bar - R-bar R^T, N = tril(M - M^T, -1) - M,
#   A-bar = (Q-bar + Q N) R^-T.
# Complex A (H. Liao, J. Liu, L. Wang and T. Xiang, "Differentiable programming
# tensor networks", Phys. Rev. X 9, 031041, 2019, for the adjoint): transposes
# become conjugate transposes, and LAPACK makes diag(R) real, so Omega = Q^H Q-dot
# is skew-Hermitian with the diagonal i Im(diag(C)) (R-dot R^-1 has a real
# diagonal): Omega = L - L^H + i Im(diag(C)), L = tril(C, -1). Its adjoint for
# <G, X> = Re tr(G^H X), with G = conj(X-bar) for fad's pairing Re sum(X-bar X):
# M = Q^H G_Q - G_R R^H, N = tril(M - M^H, -1) + i Im(diag(M)) - M,
# G_A = (G_Q + Q N) R^-H, and A-bar = conj(G_A).
defjvp(qr_p, _qr_jvp)
defvjp(qr_p, _qr_vjp)


def qr(a: ArrayLike, mode: Literal["reduced", "complete", "r", "raw"] = "reduced") -> Any:
    """QR decomposition ``a = Q @ R`` (of each matrix in a stack).

    Differentiable for ``mode="reduced"`` and ``"r"`` at any shape, and for
    ``"complete"`` where ``m <= n`` (then it is the reduced one): the extra
    columns of a complete ``Q`` of a tall matrix span a complement that is not
    unique, and a traced call asks for ``mode="reduced"`` instead. The
    derivative needs the leading ``min(m, n)`` columns to be linearly
    independent (``R``'s diagonal nonzero); a wide matrix ``[X | Y]`` is
    factored as ``X = Q R1``, ``R = [R1 | Q^T Y]``, as LAPACK does.
    ``mode="raw"`` (Householder reflectors) is not differentiable. LAPACK
    does not make ``R``'s diagonal positive: where a Householder pivot
    changes sign, NumPy's ``Q`` and ``R`` flip the sign of a column and a row,
    a jump, and the derivative is that of the factors on either side
    (``Q * sign(diag(R))`` and ``sign(diag(R))[:, None] * R`` are smooth).
    A complex matrix is factored as LAPACK does, with ``R``'s diagonal real,
    and differentiated with that convention. LAPACK also skips a step whose
    pivot is real with zeros below it, where ``R``'s entry keeps the pivot's
    sign (its neighbours' take the opposite one): a jump again, at triangular
    matrices and, for complex ones, wherever the last pivot of a square
    matrix is real (a real matrix stored as complex, say); there too the
    derivative is that of the factors through NumPy's value.

    Args:
        a: matrices ``(..., m, n)``.
        mode: ``"reduced"``, ``"complete"``, ``"r"`` or ``"raw"`` (see above).

    Returns:
        ``(Q, R)``, or ``R`` for ``mode="r"``.

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> q, r = fnp.linalg.qr(np.array([[3.0, 1.0], [4.0, 2.0]]))
        >>> np.allclose(q @ r, [[3.0, 1.0], [4.0, 2.0]])
        True
        >>> fad.grad(lambda a: fnp.abs(fnp.linalg.qr(a, mode="r")[0, 0]))(np.array([[3.0, 1.0], [4.0, 2.0]]))
        array([[0.6, 0. ],
               [0.8, 0. ]])
    """
    if not _tracing(a):
        out = np.linalg.qr(a, mode)  # type: ignore[arg-type]
        return QRResult(*out) if mode in ("reduced", "complete") else out
    x: Any = as_operand(a)
    if mode not in ("reduced", "complete", "r"):
        raise ValueError(
            f"np.linalg.qr: mode={mode!r} is not differentiable (or not a mode); use "
            "mode='reduced', 'complete' or 'r' on traced values"
        )
    if ndim(x) < 2:
        raise ValueError(f"np.linalg.qr needs matrices (..., m, n); got shape {shape(x)}")
    m, n = shape(x)[-2:]
    if mode == "complete" and m > n:
        raise ValueError(
            f"np.linalg.qr: mode='complete' on a tall matrix (here {m} x {n}) gives Q extra "
            "columns spanning a complement that is not unique, which have no derivative; "
            "use mode='reduced' (the same R, and Q's first columns)."
        )
    if m < n:
        q, r1 = _qr_parts(bind(qr_p, x[..., :, :m]), m)
        r = concatenate([r1, matmul(_mH(q), x[..., :, m:])], axis=-1)
    else:
        q, r = _qr_parts(bind(qr_p, x), m)
    return r if mode == "r" else QRResult(q, r)


# --- eig, eigvals ---------------------------------------------------------------------


class EigResult(NamedTuple):
    """``eig``'s result, as NumPy's: the eigenvalues and the (unit) eigenvectors in columns."""

    eigenvalues: Any
    eigenvectors: Any


def _eig_impl(a: Any) -> Any:
    w, v = np.linalg.eig(a)
    return np.concatenate([w[..., None, :], v], axis=-2)


eig_p = Primitive("eig", _eig_impl, kind=Kind.STRUCTURAL, saves=("y",))
# A real matrix with complex eigenvalues gives complex results from NumPy's real routine
# (whose order and vectors the complex one, on the matrix cast to complex, need not
# match): the rules take the real argument as it is, and the VJP returns a real cotangent.
keeps_real_arguments.add(eig_p)


def _largest_entries(v: Any) -> Any:
    """A constant 0/1 mask of each column's largest entry in modulus (LAPACK makes it real)."""
    c = np.abs(np.asarray(concrete(v)))
    rows = np.arange(c.shape[-2])[:, None]
    return (rows == np.argmax(c, axis=-2)[..., None, :]).astype(c.dtype)


def _eig_gauge(x: Any, v: Any) -> Any:
    """The tangent ``x`` of complex unit eigenvectors ``v`` moved along ``v`` (a free
    direction) so that each column keeps unit length and its largest entry stays real:
    ``x - v Re(v^H x) - i v Im(x_k) / v_k``, ``k`` the largest entry's row."""
    x = x - v * real(sum(conjugate(v) * x, axis=-2, keepdims=True))
    e = _largest_entries(v)
    xk = sum(x * e, axis=-2, keepdims=True)
    vk = real(sum(v * e, axis=-2, keepdims=True))
    return x - v * ((xk - conjugate(xk)) * 0.5 / vk)


def _eig_gauge_T(xbar: Any, v: Any) -> Any:
    """The transpose of :func:`_eig_gauge` (for the pairing ``Re sum(w * t)``)."""
    c = sum(v * xbar, axis=-2, keepdims=True)
    e = _largest_entries(v)
    vk = real(sum(v * e, axis=-2, keepdims=True))
    return xbar - conjugate(v) * real(c) - e * ((c - conjugate(c)) * 0.5 / vk)


def _not_defective(v: Any) -> None:
    """Raise where LAPACK's eigenvectors ``v`` are singular to working precision (a
    defective matrix, e.g. a Jordan block): there the eigenvalues are not
    differentiable (they move as the square root of a perturbation), and solving
    with ``v`` would return a huge, meaningless number rather than fail."""
    vc = np.asarray(concrete(v))
    if vc.size and not (np.linalg.cond(vc) < 0.1 / np.finfo(vc.dtype).eps).all():
        raise np.linalg.LinAlgError(
            "np.linalg.eig: the matrix is defective (its eigenvectors are linearly dependent "
            "to working precision, as at a Jordan block), and its eigenvalues and vectors have "
            "no derivative there. Differentiate a function that is smooth at such matrices "
            "instead: the trace (fnp.trace(a), the eigenvalues' sum), the determinant (their "
            "product), or traces of powers (fnp.trace(fnp.linalg.matrix_power(a, k)), their "
            "k-th power sums)."
        )


def _eig_jvp(adot: Any, y: Any, a: Any) -> Any:
    w, v = y[..., 0, :], y[..., 1:, :]
    _not_defective(v)
    m = solve(v, matmul(adot, v))  # V^-1 A-dot V
    vdot = matmul(v, _inverse_gaps(w, False) * m)
    if dtype(y).kind == "c":
        vdot = _eig_gauge(vdot, v)
    else:
        vdot = vdot - v * sum(v * vdot, axis=-2, keepdims=True)  # the columns keep unit length
    return concatenate([expand_dims(_diagonal_of(m, 0, -2, -1), -2), vdot], axis=-2)


def _eig_vjp(y: Any, ybar: Any, a: Any) -> Any:
    w, v = y[..., 0, :], y[..., 1:, :]
    _not_defective(v)
    wbar, vbar = ybar[..., 0, :], ybar[..., 1:, :]
    if dtype(y).kind == "c":
        vbar = _eig_gauge_T(vbar, v)
    else:
        vbar = vbar - v * sum(v * vbar, axis=-2, keepdims=True)
    inner = _diag_embed(wbar) + _inverse_gaps(w, False) * matmul(_mT(v), vbar)
    abar = solve(_mT(v), matmul(inner, _mT(v)))  # V^-T (...) V^T
    return real(abar) if dtype(abar).kind == "c" and dtype(a).kind != "c" else abar


# A = V diag(w) V^-1 (Giles 2008, 3.1), V's columns of unit length as LAPACK
# returns them: with M = V^-1 A-dot V and F_ij = 1/(w_j - w_i),
#   w-dot = diag(M),  V-dot = V (F o M) - V diag(V^T V (F o M))   (the projection
#   keeps each column's length);  A-bar = V^-T (diag(w-bar) + F o V^T V-bar') V^T,
#   V-bar' = V-bar - V diag(V^T V-bar).
# Complex eigenvalues (of a complex matrix, or of a real one, whose cotangent is then
# the real part of the complex one): the same maps, complex-linear but for the gauge. Each column may move
# along itself (V-dot_j + c_j V_j solves the perturbation equations for any c_j);
# LAPACK's choice, unit length and the largest entry v_kj real, fixes
# c_j = -Re(V_j^H X_j) - i Im(X_kj) / v_kj for X = V (F o M) (_eig_gauge). The VJP
# takes its transpose for the pairing Re sum(w * t) (_eig_gauge_T) and then the
# real formula: V^-T and V^T stay plain transposes (the maps are holomorphic).
defjvp(eig_p, _eig_jvp)
defvjp(eig_p, _eig_vjp)


def eig(a: ArrayLike) -> EigResult:
    """Eigenvalues and right eigenvectors of a square matrix (or a stack).

    As NumPy's, the results are real where a real matrix has real eigenvalues
    only, and complex otherwise (for a complex matrix, or a real one with
    complex eigenvalues, which then come in conjugate pairs); derivatives
    follow docs/complex.md (a real ``a``'s cotangent is real). The
    eigenvalues' derivative is ``w-dot = diag(V^-1 A-dot V)`` (Giles 2008); the
    eigenvectors' is that of LAPACK's normalisation: each column of unit
    length, and for complex vectors with its largest entry (in modulus) real.
    That choice is LAPACK's (a real vector's sign too, and the phase jumps
    where two entries of largest modulus swap): differentiate functions that
    do not depend on it where you can, such as ``V @ diag(f(w)) @ inv(V)`` or
    ``abs(V)``. Repeated eigenvalues are treated as in :func:`eigh` (the
    ``1 / (w_j - w_i)`` terms set to 0: symmetric functions of the eigenvalues
    keep their first derivative, the vectors have none); a defective matrix
    (``V`` singular to working precision) has no derivative, and the rules
    raise ``LinAlgError`` there.

    Args:
        a: square matrices ``(..., n, n)``.

    Returns:
        ``(eigenvalues, eigenvectors)``, in LAPACK's order (not sorted).

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> fnp.linalg.eig(np.array([[2.0, 1.0], [0.0, 3.0]])).eigenvalues
        array([2., 3.])
        >>> fad.grad(lambda a: fnp.linalg.eig(a)[0][1])(np.array([[2.0, 1.0], [0.0, 3.0]]))
        array([[0., 1.],
               [0., 1.]])
        >>> rotation = np.array([[0.0, 1.0], [-1.0, 0.0]])      # eigenvalues +-i
        >>> fnp.linalg.eig(rotation).eigenvalues
        array([0.+1.j, 0.-1.j])
        >>> fad.grad(lambda a: fnp.imag(fnp.linalg.eig(a)[0][0]))(rotation)
        array([[ 0. ,  0.5],
               [-0.5,  0. ]])
    """
    if not _tracing(a):
        w, v = np.linalg.eig(a)  # type: ignore[arg-type]
        return EigResult(w, v)
    x = as_operand(a)
    _require_square(x, "eig")
    y = bind(eig_p, x)
    return EigResult(y[..., 0, :], y[..., 1:, :])


def eigvals(a: ArrayLike) -> Array:
    """The eigenvalues of a square matrix (or a stack), complex ones as NumPy's.

    Traced, it is ``eig(a)[0]`` (the derivative ``diag(V^-1 A-dot V)`` needs
    the eigenvectors): real where a real matrix has real eigenvalues only,
    complex otherwise. LAPACK's order can change under a small perturbation
    (it is not sorted): differentiate functions that do not depend on it, such
    as ``sum(w ** k)``, where eigenvalues come close.

    Args:
        a: square matrices ``(..., n, n)``.

    Returns:
        The eigenvalues, ``(..., n)``, in LAPACK's order.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.linalg.eigvals(np.array([[2.0, 1.0], [0.0, 3.0]]))
        array([2., 3.])
    """
    if not _tracing(a):
        return onp.linalg.eigvals(a)
    _require_square(as_operand(a), "eigvals")
    w: Array = eig(a)[0]
    return w


# --- norms ------------------------------------------------------------------------

NormOrder = Union[None, float, Literal["fro", "nuc"]]


def _axis_tuple(axis: Any, nd: int, fn: str) -> tuple[int, ...]:
    """``axis`` as a tuple of non-negative ints, in the order given."""
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    out = []
    for a in axes:
        a = int(a)
        if not -nd <= a < nd:
            raise np.exceptions.AxisError(f"{fn}: axis {a} is out of bounds for an array of dimension {nd}")
        out.append(a % nd)
    if len(set(out)) != len(out):
        raise ValueError(f"{fn}: duplicate axes given")
    return tuple(out)


def _abs2(x: Any) -> Any:
    """|x|^2: x * x, or Re(x conj(x)) for complex x."""
    return real(x * conjugate(x)) if dtype(x).kind == "c" else square(x)


def _vector_norm(x: Any, ord: Any, axes: tuple[int, ...], keepdims: bool, fn: str) -> Any:
    if isinstance(ord, str):
        raise ValueError(f"{fn}: invalid norm order {ord!r} for vectors")
    if ord is None or ord == 2:
        return sqrt(sum(_abs2(x), axis=axes, keepdims=keepdims))
    if ord == np.inf:
        return _amax(absolute(x), axis=axes, keepdims=keepdims)
    if ord == -np.inf:
        return _amin(absolute(x), axis=axes, keepdims=keepdims)
    if ord == 0:  # the number of nonzero entries: piecewise constant
        c = np.asarray(concrete(x))
        real = np.finfo(c.dtype).dtype if np.issubdtype(c.dtype, np.inexact) else np.float64
        return np.sum((c != 0).astype(real), axis=axes, keepdims=keepdims)  # a count: real
    if ord == 1:
        return sum(absolute(x), axis=axes, keepdims=keepdims)
    p = float(ord)
    return power(sum(power(absolute(x), p), axis=axes, keepdims=keepdims), 1.0 / p)


def _matrix_norm(x: Any, ord: Any, axes: tuple[int, ...], keepdims: bool, fn: str) -> Any:
    r, c = axes
    if ord is None or ord == "fro":
        out = sqrt(sum(_abs2(x), axis=(r, c)))
    elif ord in (2, -2, "nuc"):
        m = moveaxis(x, (r, c), (-2, -1))
        s = svdvals(m)
        out = s[..., 0] if ord == 2 else s[..., -1] if ord == -2 else sum(s, axis=-1)
    elif ord in (1, -1):  # the largest (smallest) column sum
        pick = _amax if ord == 1 else _amin
        out = pick(sum(absolute(x), axis=r), axis=c - 1 if c > r else c)
    elif ord in (np.inf, -np.inf):  # the largest (smallest) row sum
        pick = _amax if ord == np.inf else _amin
        out = pick(sum(absolute(x), axis=c), axis=r - 1 if r > c else r)
    else:
        raise ValueError(f"{fn}: invalid norm order {ord!r} for matrices")
    if keepdims:
        s_ = list(shape(x))
        s_[r] = s_[c] = 1
        out = reshape(out, tuple(s_))
    return out


def norm(x: ArrayLike, ord: NormOrder = None, axis: Axis = None, keepdims: bool = False) -> Array:
    """Vector or matrix norm, with every ``ord`` NumPy accepts.

    Vectors (``axis`` an int, or ``x`` 1-D): ``ord`` None or 2 (Euclidean),
    ``inf`` / ``-inf`` (largest / smallest ``|x_i|``), 0 (the number of
    nonzero entries: piecewise constant, zero derivative), 1, or any other
    ``p`` (``sum(|x|^p)^(1/p)``). Matrices (``axis`` a pair, or ``x`` 2-D):
    None or ``"fro"``, ``"nuc"`` (sum of singular values), 2 / -2 (largest /
    smallest singular value), 1 / -1 (largest / smallest column sum of
    ``|x|``), ``inf`` / ``-inf`` (row sums).

    Non-differentiable points follow fad's conventions: ``|x|`` has slope 0 at
    0, ties of the largest (smallest) entry share the derivative evenly, and
    the Euclidean and p-norms, which are ``sqrt`` (a root) of a sum, have an
    infinite slope at ``x = 0``, where the gradient is nan (see "Sharp bits";
    JAX chooses 0). The matrix 2-norm and nuclear norm go through the SVD, so
    they are differentiable where the singular values involved are distinct
    (2, -2) or nonzero ("nuc").

    Complex ``x`` takes every order too (moduli ``|x_ij|``, and the singular
    values of the complex SVD for 2, -2 and ``"nuc"``); the norm is real.

    Args:
        x: an array-like.
        ord: the order (above).
        axis: None (all of a 1-D or 2-D ``x``; with ``ord=None``, all of any
            ``x``, flattened), an int (vector norms) or a pair (matrix norms).
        keepdims: keep the reduced axes, with length 1.

    Returns:
        The norm(s).

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> float(fnp.linalg.norm(np.array([3.0, 4.0])))
        5.0
        >>> fad.grad(lambda x: fnp.linalg.norm(x, 1))(np.array([3.0, -4.0]))
        array([ 1., -1.])
    """
    if not _tracing(x):
        return onp.linalg.norm(x, ord, axis, keepdims)
    x = as_operand(x)
    nd = ndim(x)
    fn = "np.linalg.norm"
    out: Array
    if axis is None:
        if ord is None:
            out = sqrt(sum(_abs2(x)))
            return reshape(out, (1,) * nd) if keepdims else out
        if nd not in (1, 2):
            raise ValueError(f"{fn}: improper number of dimensions to norm (give axis)")
        axes: tuple[int, ...] = tuple(range(nd))
    else:
        axes = _axis_tuple(axis, nd, fn)
    if len(axes) == 1:
        out = _vector_norm(x, ord, axes, keepdims, fn)
        return out
    if len(axes) == 2:
        out = _matrix_norm(x, ord, axes, keepdims, fn)
        return out
    raise ValueError("np.linalg.norm: improper number of dimensions to norm (one or two axes)")


def vector_norm(
    x: ArrayLike, /, *, axis: Axis = None, keepdims: bool = False, ord: float = 2
) -> Array:
    """The vector norm over ``axis`` (all axes when None: of the flattened array).

    Any ``ord`` of :func:`norm`'s vector norms; the same conventions.

    Args:
        x: an array-like.
        axis: None, an int or a tuple of ints.
        keepdims: keep the reduced axes, with length 1.
        ord: the order (2, ``inf``, ``-inf``, 0, 1 or any ``p``).

    Returns:
        The norm(s).

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.linalg.vector_norm(np.array([[3.0, -4.0], [0.0, 1.0]]), axis=1, ord=np.inf)
        array([4., 1.])
    """
    if not _tracing(x):
        return onp.linalg.vector_norm(x, axis=axis, keepdims=keepdims, ord=ord)
    x = as_operand(x)
    nd = ndim(x)
    axes = tuple(range(nd)) if axis is None else _axis_tuple(axis, nd, "np.linalg.vector_norm")
    out: Array = _vector_norm(x, ord, axes, keepdims, "np.linalg.vector_norm")
    return out


def matrix_norm(x: ArrayLike, /, *, keepdims: bool = False, ord: NormOrder = "fro") -> Array:
    """The matrix norm of each matrix in a stack (the last two axes).

    Any ``ord`` of :func:`norm`'s matrix norms; the same conventions.

    Args:
        x: matrices ``(..., m, n)``.
        keepdims: keep the two reduced axes, with length 1.
        ord: ``"fro"``, ``"nuc"``, 1, -1, 2, -2, ``inf`` or ``-inf``.

    Returns:
        The norms, ``(...)``.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.linalg.matrix_norm(np.array([[1.0, -2.0], [3.0, 4.0]]), ord=1))
        6.0
    """
    if not _tracing(x):
        return onp.linalg.matrix_norm(x, keepdims=keepdims, ord=ord)
    x = as_operand(x)
    if ndim(x) < 2:
        raise ValueError(f"np.linalg.matrix_norm needs matrices (..., m, n); got shape {shape(x)}")
    nd = ndim(x)
    out: Array = _matrix_norm(x, ord, (nd - 2, nd - 1), keepdims, "np.linalg.matrix_norm")
    return out


def cond(x: ArrayLike, p: NormOrder = None) -> Array:
    """The condition number of a matrix (of each in a stack).

    For ``p`` None, 2 or -2 it is the ratio of extreme singular values (from
    :func:`svdvals`: differentiable where they are distinct); for the other
    orders (``"fro"``, ``"nuc"``, 1, -1, ``inf``, ``-inf``) it is
    ``norm(x, p) * norm(inv(x), p)``, which needs square, invertible matrices
    (a traced singular matrix raises ``LinAlgError``). Complex matrices work
    alike (the complex SVD), and the result is real.

    Args:
        x: matrices ``(..., m, n)`` (square unless ``p`` is None, 2 or -2).
        p: the norm's order.

    Returns:
        The condition number(s).

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.linalg.cond(np.array([[2.0, 0.0], [0.0, 0.5]])))
        4.0
    """
    if not _tracing(x):
        return onp.linalg.cond(x, p)
    x = as_operand(x)
    if p is None or p == 2 or p == -2:
        s = svdvals(x)
        return s[..., -1] / s[..., 0] if p == -2 else s[..., 0] / s[..., -1]
    _require_square(x, "cond")
    nd = ndim(x)
    last = (nd - 2, nd - 1)
    out: Array = _matrix_norm(x, p, last, False, "np.linalg.cond") * _matrix_norm(
        inv(x), p, last, False, "np.linalg.cond"
    )
    return out


def matrix_rank(A: ArrayLike, tol: Any = None, hermitian: bool = False, *, rtol: Any = None) -> Array:
    """The rank of a matrix (of each in a stack): an integer, not differentiable.

    It is computed by NumPy on the concrete values (of a traced ``A`` too) and
    returned as a plain integer array, with no derivative.

    Args:
        A: matrices ``(..., m, n)`` (or a vector).
        tol: the threshold below which singular values count as zero.
        hermitian: ``A`` is symmetric.
        rtol: the threshold relative to the largest singular value.

    Returns:
        The rank(s), as NumPy returns them.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> int(fnp.linalg.matrix_rank(np.array([[1.0, 2.0], [2.0, 4.0]])))
        1
    """
    c = concrete(as_operand(A)) if _tracing(A) else A
    return onp.linalg.matrix_rank(c, tol=concrete(tol), hermitian=hermitian, rtol=concrete(rtol))


# --- solves and inverses built on the decompositions --------------------------------


class _NoValueType:
    def __repr__(self) -> str:
        return "<no value>"


_NOVALUE: Any = _NoValueType()


def pinv(a: ArrayLike, rcond: Any = None, hermitian: bool = False, *, rtol: Any = _NOVALUE) -> Array:
    """The Moore-Penrose pseudo-inverse of a matrix (of each in a stack).

    Computed as NumPy does, from the SVD, with singular values at or below
    ``rcond * max(s)`` treated as zero (``rcond`` 1e-15 by default, or
    ``rtol``: ``max(m, n) * eps`` when it is None). Its derivative is that of
    the SVD-based formula with the rank held fixed: the derivative of the
    pseudo-inverse where the matrix has full rank (the pseudo-inverse is not
    continuous where the rank changes). Differentiating it at a rank-deficient
    non-square matrix gives nan (the SVD's rule divides by the zero singular
    values). A complex ``a`` gives ``V S^-1 U^H`` (and ``hermitian=True``
    means Hermitian).

    Args:
        a: matrices ``(..., m, n)``.
        rcond: the relative cut-off (NumPy's older name of ``rtol``).
        hermitian: ``a`` is symmetric (the SVD comes from :func:`eigh`).
        rtol: the relative cut-off; give ``rcond`` or ``rtol``, not both.

    Returns:
        The pseudo-inverse(s), ``(..., n, m)``.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.linalg.pinv(np.array([[2.0], [0.0]]))
        array([[0.5, 0. ]])
    """
    if not _tracing(a) and not _tracing(rcond):
        if rtol is _NOVALUE:
            return onp.linalg.pinv(a, rcond, hermitian)
        return onp.linalg.pinv(a, rcond, hermitian, rtol=rtol)
    x = as_operand(a)
    if ndim(x) < 2:
        raise ValueError(f"np.linalg.pinv needs matrices (..., m, n); got shape {shape(x)}")
    if rcond is None:
        if rtol is _NOVALUE:
            rcond = 1e-15
        elif rtol is None:
            rcond = builtins.max(shape(x)[-2:]) * np.finfo(dtype(x)).eps
        else:
            rcond = rtol
    elif rtol is not _NOVALUE:
        raise ValueError("np.linalg.pinv: `rtol` and `rcond` can't be both set.")
    u, s, vh = svd(x, full_matrices=False, hermitian=hermitian)
    cs = np.asarray(concrete(s))
    large = cs > np.asarray(concrete(rcond))[..., None] * cs.max(axis=-1, keepdims=True)
    keep = large.astype(cs.dtype)
    sinv = keep / where(large, s, 1.0)
    out: Array = matmul(_mH(vh), expand_dims(sinv, -1) * _mH(u))
    return out


def lstsq(a: ArrayLike, b: ArrayLike, rcond: Optional[float] = None) -> tuple[Any, Any, Any, Any]:
    """Least-squares solution of ``a @ x = b``, as NumPy's: ``(x, residuals, rank, s)``.

    Traced, ``x`` is computed from the SVD of ``a`` (``x = V S^-1 U^T b``), the
    residuals (the squared 2-norm of each column of ``b - a @ x``, when ``a``
    has full column rank and more rows than columns; else an empty array) from
    ``x``, ``rank`` from the concrete values (a plain int) and ``s`` with
    :func:`svdvals`. The derivative with respect to ``a`` needs full column
    rank (the solution is not differentiable where the rank drops): a traced
    ``a`` of lower rank raises ``LinAlgError``. With respect to ``b`` (``a``
    not traced) every rank works: ``x = pinv(a) @ b`` is linear in ``b``.
    Complex ``a`` and ``b`` work alike (``x = V S^-1 U^H b``; the residuals
    and ``s`` are real).

    Args:
        a: the coefficient matrix ``(m, n)``.
        b: the right-hand side, ``(m,)`` or ``(m, k)``.
        rcond: singular values at or below ``rcond * max(s)`` count as zero
            (``max(m, n) * eps`` when None).

    Returns:
        ``(x, residuals, rank, s)``.

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> a = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
        >>> x, res, rank, s = fnp.linalg.lstsq(a, np.array([1.0, 2.0, 2.0]))
        >>> x.round(6), res.round(6), int(rank)
        (array([1.166667, 0.5     ]), array([0.166667]), 2)
        >>> fad.grad(lambda b: fnp.linalg.lstsq(a, b)[0][1])(np.array([1.0, 2.0, 2.0])).round(12) + 0.0
        array([-0.5,  0. ,  0.5])
    """
    if not _tracing(a) and not _tracing(b):
        out = np.linalg.lstsq(a, b, rcond)  # type: ignore[arg-type]
        return out[0], out[1], out[2], out[3]
    x_a, x_b = as_operand(a), as_operand(b)
    ca, cb = np.asarray(concrete(x_a)), np.asarray(concrete(x_b))
    _, resid, rank, sv = np.linalg.lstsq(ca, cb, rcond)
    m, n = ca.shape
    rc = builtins.max(m, n) * np.finfo(ca.dtype).eps if rcond is None else rcond
    if type(x_a) is Tracer:
        if rank < n:
            raise np.linalg.LinAlgError(
                f"np.linalg.lstsq: a traced a has rank {rank} < {n} columns; the least-squares "
                "solution is not differentiable with respect to a where the rank drops. Keep a "
                "constant, or regularise: solve (a.conj().T @ a + lam * I) x = a.conj().T @ b "
                "(.conj() leaves a real a as it is)."
            )
        x = matmul(pinv(x_a, rc), x_b)
        s = svdvals(x_a)
    else:
        x = matmul(np.linalg.pinv(ca, rc), x_b)
        s = sv
    if rank == n and m > n:
        r = x_b - matmul(x_a, x)
        res = sum(_abs2(r), axis=0)
        resid_out = reshape(res, (1,)) if ndim(x_b) == 1 else res
    else:
        resid_out = resid
    return x, resid_out, rank, s


def matrix_power(a: ArrayLike, n: int) -> Array:
    """A square matrix (each in a stack) raised to the integer power ``n``.

    By repeated squaring with ``matmul``; a negative ``n`` inverts first
    (``inv(a) ** -n``), and ``n = 0`` gives the identity (a constant).

    Args:
        a: square matrices ``(..., m, m)``.
        n: the exponent, an integer.

    Returns:
        ``a @ a @ ... @ a`` (``n`` factors), shaped like ``a``.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.linalg.matrix_power(np.array([[1.0, 1.0], [0.0, 1.0]]), -2)
        array([[ 1., -2.],
               [ 0.,  1.]])
    """
    if not _tracing(a):
        return onp.linalg.matrix_power(a, n)
    x = as_operand(a)
    try:
        k = operator.index(n)
    except TypeError:
        raise TypeError("np.linalg.matrix_power: the exponent must be an integer") from None
    _require_square(x, "matrix_power")
    if k == 0:
        eye: Array = np.broadcast_to(np.eye(shape(x)[-1], dtype=dtype(x)), shape(x)).copy()
        return eye
    if k < 0:
        x, k = inv(x), -k
    result: Any = None
    z = x
    while True:  # binary decomposition of k, as NumPy
        if k & 1:
            result = z if result is None else matmul(result, z)
        k >>= 1
        if not k:
            break
        z = matmul(z, z)
    out: Array = result
    return out


def _chain_order(dims: list[int]) -> list[list[int]]:
    """The matrix-chain split points minimising scalar multiplications (Cormen et al.)."""
    n = len(dims) - 1
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = -1
            for k in range(i, j):
                c = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1]
                if cost[i][j] < 0 or c < cost[i][j]:
                    cost[i][j], split[i][j] = c, k
    return split


def multi_dot(arrays: Sequence[ArrayLike], *, out: None = None) -> Array:
    """The product of two or more matrices, in the cheapest order.

    As NumPy's: the first array may be 1-D (a row vector), the last 1-D (a
    column vector); the others are 2-D.

    Args:
        arrays: the factors.
        out: must be None (fad returns new arrays).

    Returns:
        Their product.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.linalg.multi_dot([np.ones(2), np.eye(2), np.array([[1.0], [2.0]])])
        array([3.])
    """
    if not any(_tracing(x) for x in arrays):
        return onp.linalg.multi_dot(arrays, out=out)
    if out is not None:
        raise TypeError("np.linalg.multi_dot: out= is not supported on traced values; use the result")
    xs = [as_operand(x) for x in arrays]
    if len(xs) < 2:
        raise ValueError("np.linalg.multi_dot: expecting at least two arrays")
    first, last = ndim(xs[0]) == 1, ndim(xs[-1]) == 1
    if first:
        xs[0] = reshape(xs[0], (1,) + shape(xs[0]))
    if last:
        xs[-1] = reshape(xs[-1], shape(xs[-1]) + (1,))
    for x in xs:
        if ndim(x) != 2:
            raise ValueError("np.linalg.multi_dot: the arrays must be 2-D (the first and last may be 1-D)")
    split = _chain_order([shape(xs[0])[0]] + [shape(x)[1] for x in xs])

    def product(i: int, j: int) -> Any:
        if i == j:
            return xs[i]
        k = split[i][j]
        return matmul(product(i, k), product(k + 1, j))

    result = product(0, len(xs) - 1)
    if first and last:
        return reshape(result, ())
    if first:
        return reshape(result, shape(result)[1:])
    res: Array = reshape(result, shape(result)[:1]) if last else result
    return res


def tensorsolve(a: ArrayLike, b: ArrayLike, axes: Optional[Sequence[int]] = None) -> Array:
    """Solve the tensor equation ``tensordot(a, x, x.ndim) = b`` for ``x``.

    As NumPy's: ``a`` is reshaped to a square matrix and :func:`solve` does
    the work (so the derivative is solve's).

    Args:
        a: coefficients, of shape ``b.shape + x.shape``.
        b: the right-hand side.
        axes: axes of ``a`` to move to the end first.

    Returns:
        ``x``, of shape ``a.shape[b.ndim:]``.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> a = np.eye(6).reshape(2, 3, 6) * 2.0
        >>> fnp.linalg.tensorsolve(a, np.ones((2, 3))).shape
        (6,)
    """
    if not _tracing(a) and not _tracing(b):
        return onp.linalg.tensorsolve(a, b, axes)
    x, y = as_operand(a), as_operand(b)
    an = ndim(x)
    if axes is not None:
        order = [i for i in range(an) if i not in [k % an for k in axes]] + [k % an for k in axes]
        x = transpose(x, order)
    old: tuple[int, ...] = shape(x)[-(an - ndim(y)):]
    prod = int(np.prod(old))
    if int(np.prod(shape(x))) != prod * prod:
        raise np.linalg.LinAlgError(
            "np.linalg.tensorsolve: Input arrays must satisfy the requirement "
            "prod(a.shape[b.ndim:]) == prod(a.shape[:b.ndim])"
        )
    res = solve(reshape(x, (prod, prod)), reshape(y, (prod,)))
    return reshape(res, old)


def tensorinv(a: ArrayLike, ind: int = 2) -> Array:
    """The inverse of ``a`` with respect to ``tensordot`` over ``ind`` axes.

    As NumPy's: ``a`` is reshaped to a square matrix and :func:`inv` does the
    work (so the derivative is inv's).

    Args:
        a: a tensor with ``prod(a.shape[:ind]) == prod(a.shape[ind:])``.
        ind: how many leading axes form the "rows".

    Returns:
        The inverse, of shape ``a.shape[ind:] + a.shape[:ind]``.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.linalg.tensorinv(np.eye(4).reshape(4, 2, 2) * 2.0, ind=1).shape
        (2, 2, 4)
    """
    if not _tracing(a):
        return onp.linalg.tensorinv(a, ind)
    x = as_operand(a)
    if ind <= 0:
        raise ValueError("np.linalg.tensorinv: Invalid ind argument.")
    old: tuple[int, ...] = shape(x)
    rows = int(np.prod(old[:ind]))
    cols = int(np.prod(old[ind:]))
    if rows != cols:
        raise np.linalg.LinAlgError("np.linalg.tensorinv: the reshaped matrix must be square")
    return reshape(inv(reshape(x, (rows, cols))), old[ind:] + old[:ind])


# --- the array API's linalg functions -------------------------------------------
# numpy.linalg also holds the array API's versions of a few main-namespace
# functions; they act on the last axes (trace, diagonal), or take only vectors
# (outer, cross). matmul, tensordot, vecdot and matrix_transpose mean what the
# main namespace's do, and are the same functions.


def diagonal(x: ArrayLike, /, *, offset: int = 0) -> Array:
    """The diagonals of the matrices in the last two axes (``np.linalg.diagonal``).

    Args:
        x: an array ``(..., M, N)``.
        offset: which diagonal (positive: above the main one).

    Returns:
        An array ``(..., K)``.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.linalg.diagonal(np.arange(8.0).reshape(2, 2, 2))
        array([[0., 3.],
               [4., 7.]])
    """
    if type(x) is not Tracer:
        return onp.linalg.diagonal(x, offset=offset)
    return _diagonal_of(x, offset, -2, -1)


def trace(x: ArrayLike, /, *, offset: int = 0, dtype: Any = None) -> Array:
    """The sums of the diagonals of the matrices in the last two axes (``np.linalg.trace``).

    Args:
        x: an array ``(..., M, N)``.
        offset: which diagonal (positive: above the main one).
        dtype: the dtype of the sum.

    Returns:
        An array ``(...)``.

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> fad.grad(lambda a: fnp.linalg.trace(a))(np.ones((2, 2)))
        array([[1., 0.],
               [0., 1.]])
    """
    if type(x) is not Tracer:
        return onp.linalg.trace(x, offset=offset, dtype=dtype)
    return _trace_of(x, offset, -2, -1, dtype=dtype)


def outer(x1: ArrayLike, x2: ArrayLike, /) -> Array:
    """The outer product of two vectors (``np.linalg.outer``: 1-D only).

    Args:
        x1: a vector ``(M,)``.
        x2: a vector ``(N,)``.

    Returns:
        The matrix ``(M, N)`` of products ``x1[i] * x2[j]``.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.linalg.outer(np.array([1.0, 2.0]), np.array([3.0, 4.0]))
        array([[3., 4.],
               [6., 8.]])
    """
    if type(x1) is not Tracer and type(x2) is not Tracer:
        return onp.linalg.outer(x1, x2)
    x1, x2 = as_operand(x1), as_operand(x2)
    if ndim(x1) != 1 or ndim(x2) != 1:
        raise ValueError(
            f"np.linalg.outer takes vectors; got shapes {shape(x1)} and {shape(x2)} "
            "(np.outer flattens its arguments)"
        )
    return _outer_of(x1, x2)


def cross(x1: ArrayLike, x2: ArrayLike, /, *, axis: int = -1) -> Array:
    """The cross product of 3-element vectors (``np.linalg.cross``).

    Args:
        x1: an array with 3 elements along ``axis``.
        x2: an array with 3 elements along ``axis``, broadcastable with ``x1``.
        axis: the axis of the vectors.

    Returns:
        The cross products, along ``axis``.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.linalg.cross(np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0]))
        array([0., 0., 1.])
    """
    if type(x1) is not Tracer and type(x2) is not Tracer:
        return onp.linalg.cross(x1, x2, axis=axis)
    x1, x2 = as_operand(x1), as_operand(x2)
    if shape(x1)[axis] != 3 or shape(x2)[axis] != 3:
        raise ValueError(
            f"np.linalg.cross takes 3-element vectors along axis {axis}; got shapes "
            f"{shape(x1)} and {shape(x2)} (np.cross also takes 2-element ones)"
        )
    return _cross_of(x1, x2, axis=axis)


NUMPY: dict[Any, Callable[..., Any]] = {
    np.linalg.inv: inv, np.linalg.solve: solve, np.linalg.det: det,
    np.linalg.slogdet: slogdet, np.linalg.norm: norm, np.linalg.cholesky: cholesky,
    np.linalg.eigh: eigh, np.linalg.eigvalsh: eigvalsh, np.linalg.svd: svd,
    np.linalg.svdvals: svdvals, np.linalg.qr: qr, np.linalg.pinv: pinv, np.linalg.lstsq: lstsq,
    np.linalg.matrix_power: matrix_power, np.linalg.multi_dot: multi_dot,
    np.linalg.tensorsolve: tensorsolve, np.linalg.tensorinv: tensorinv, np.linalg.cond: cond,
    np.linalg.vector_norm: vector_norm, np.linalg.matrix_norm: matrix_norm,
    np.linalg.matrix_rank: matrix_rank, np.linalg.eig: eig, np.linalg.eigvals: eigvals,
    np.linalg.diagonal: diagonal, np.linalg.trace: trace, np.linalg.outer: outer,
    np.linalg.cross: cross, np.linalg.matmul: matmul, np.linalg.tensordot: tensordot,
    np.linalg.vecdot: vecdot, np.linalg.matrix_transpose: matrix_transpose,
}
"""NumPy's ufuncs and functions -> this module's functions of the same meaning
(``fad.numpy._dispatch`` gathers the families' tables for NumPy's dispatch)."""
