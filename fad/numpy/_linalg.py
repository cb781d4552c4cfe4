"""Products: matmul, dot, inner, outer, vdot, einsum-free linear algebra.

``matmul`` is the one primitive. Its rules treat 1-D operands by promoting them
to matrices (a row for the left operand, a column for the right), which turns
every case into a stack of matrix products; extra leading batch axes on a
(co)tangent then simply lead the stack.
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from fad._primitive import Primitive, defjvp, defvjp
from fad._trace import Tracer, bind
from fad.numpy import _shape as S
from fad.numpy._util import Array, ArrayLike, as_operand, nbatch, ndim, shape

__all__ = ["matmul", "dot", "inner", "outer", "vdot", "trace"]

matmul_p = Primitive(
    "matmul", operator.matmul, batchable=True, exact_shapes=True, saves=((0, 1), False)
)


def matmul(x: ArrayLike, y: ArrayLike) -> Array:
    """Matrix product ``x @ y`` with NumPy's rules for 1-D and stacked operands.

    Args:
        x: an array-like with at least one dimension.
        y: an array-like with at least one dimension.

    Returns:
        The product.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.matmul(np.eye(2), np.array([1.0, 2.0]))
        array([1., 2.])
    """
    if type(x) is not Tracer and type(y) is not Tracer:
        return np.matmul(x, y)
    x, y = as_operand(x), as_operand(y)
    if ndim(x) == 0 or ndim(y) == 0:
        raise ValueError("matmul: operands must have at least one dimension; use * for scalars")
    return bind(matmul_p, x, y)


def _row(a: Any, nb: int) -> Any:
    """A 1-D operand (after nb batch axes) as a 1 x k matrix."""
    s = shape(a)
    return S.reshape(a, s[:nb] + (1,) + s[nb:])


def _col(b: Any, nb: int) -> Any:
    """A 1-D operand (after nb batch axes) as a k x 1 matrix."""
    return S.reshape(b, shape(b) + (1,))


def _lead(t: Any, nb: int, stack_rank: int, other_stack_rank: int) -> Any:
    """Pad the stack axes of a batched matrix operand so its batch axes lead."""
    pad = other_stack_rank - stack_rank
    if nb == 0 or pad <= 0:
        return t
    s = shape(t)
    return S.reshape(t, s[:nb] + (1,) * pad + s[nb:])


def _drop(y2: Any, a1: bool, b1: bool) -> Any:
    """Remove the axes added by promoting 1-D operands."""
    s = shape(y2)
    if a1 and b1:
        return S.reshape(y2, s[:-2])
    if a1:
        return S.reshape(y2, s[:-2] + s[-1:])
    if b1:
        return S.reshape(y2, s[:-1])
    return y2


def _matmul_jvp(which: int) -> Any:
    def rule(tdot: Any, y: Any, a: Any, b: Any) -> Any:
        if ndim(a) == 2 and ndim(b) == 2 and ndim(tdot) == 2:  # the common case, directly
            return tdot @ b if which == 0 else a @ tdot
        a1, b1 = ndim(a) == 1, ndim(b) == 1
        a2 = _row(a, 0) if a1 else a
        b2 = _col(b, 0) if b1 else b
        if which == 0:
            nb = nbatch(tdot, a)
            t2 = _row(tdot, nb) if a1 else tdot
            t2 = _lead(t2, nb, ndim(a2) - 2, ndim(b2) - 2)
            return _drop(matmul(t2, b2), a1, b1)
        nb = nbatch(tdot, b)
        t2 = _col(tdot, nb) if b1 else tdot
        t2 = _lead(t2, nb, ndim(b2) - 2, ndim(a2) - 2)
        return _drop(matmul(a2, t2), a1, b1)

    return rule


def _matmul_vjp(which: int) -> Any:
    def rule(y: Any, ybar: Any, a: Any, b: Any) -> Any:
        if ndim(a) == 2 and ndim(b) == 2 and ndim(ybar) == 2:  # the common case, directly
            return ybar @ b.T if which == 0 else a.T @ ybar
        a1, b1 = ndim(a) == 1, ndim(b) == 1
        nb = nbatch(ybar, y)
        a2 = _row(a, 0) if a1 else a
        b2 = _col(b, 0) if b1 else b
        s = shape(ybar)
        # put back the promoted axes: ybar as a (batch, stack, n, m) array
        if a1 and b1:
            y2 = S.reshape(ybar, s + (1, 1))
        elif a1:
            y2 = S.reshape(ybar, s[:-1] + (1,) + s[-1:])
        elif b1:
            y2 = S.reshape(ybar, s + (1,))
        else:
            y2 = ybar
        if which == 0:
            g = matmul(y2, S.swapaxes(b2, -1, -2))
            g = S.unbroadcast(g, shape(a2), nb)
            return S.reshape(g, shape(g)[:nb] + shape(a)) if a1 else g
        g = matmul(S.swapaxes(a2, -1, -2), y2)
        g = S.unbroadcast(g, shape(b2), nb)
        return S.reshape(g, shape(g)[:nb] + shape(b)) if b1 else g

    return rule


defvjp(matmul_p, _matmul_vjp(0), _matmul_vjp(1))
defjvp(matmul_p, _matmul_jvp(0), _matmul_jvp(1))


def dot(x: ArrayLike, y: ArrayLike) -> Array:
    """NumPy's ``dot``: products of scalars, vectors and matrices.

    For N-D operands it sums over the last axis of ``x`` and the second-to-last
    of ``y``, as ``np.dot`` does.

    Args:
        x: an array-like.
        y: an array-like.

    Returns:
        The product.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.dot(np.array([1.0, 2.0]), np.array([3.0, 4.0])))
        11.0
    """
    x, y = as_operand(x), as_operand(y)
    nx, ny = ndim(x), ndim(y)
    if nx == 0 or ny == 0:
        return x * y
    if nx <= 2 and ny <= 2:
        return matmul(x, y)
    # N-D: move y's contracted axis to the front, flatten the rest, multiply.
    k = shape(x)[-1]
    yt = S.moveaxis(y, -2, 0) if ny > 1 else y
    rest = shape(yt)[1:]
    out = matmul(S.reshape(x, (-1, k)), S.reshape(yt, (k, -1)))
    return S.reshape(out, shape(x)[:-1] + rest)


def inner(x: ArrayLike, y: ArrayLike) -> Array:
    """Inner product over the last axes of ``x`` and ``y``.

    Args:
        x: an array-like.
        y: an array-like.

    Returns:
        ``sum(x[..., i] * y[..., i])`` with the other axes of both kept.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.inner(np.array([1.0, 2.0]), np.array([3.0, 4.0])))
        11.0
    """
    x, y = as_operand(x), as_operand(y)
    if ndim(x) == 0 or ndim(y) == 0:
        return x * y
    if ndim(y) == 1:
        return matmul(x, y)
    return dot(x, S.swapaxes(y, -1, -2) if ndim(y) == 2 else S.moveaxis(y, -1, -2))


def vdot(x: ArrayLike, y: ArrayLike) -> Array:
    """Dot product of the flattened arrays.

    Args:
        x: an array-like.
        y: an array-like of the same size.

    Returns:
        A scalar.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.vdot(np.ones((2, 2)), np.ones((2, 2))))
        4.0
    """
    return matmul(S.ravel(x), S.ravel(y))


def outer(x: ArrayLike, y: ArrayLike) -> Array:
    """Outer product of the flattened arrays.

    Args:
        x: an array-like.
        y: an array-like.

    Returns:
        A matrix of shape ``(x.size, y.size)``.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.outer(np.array([1.0, 2.0]), np.array([1.0, 10.0]))
        array([[ 1., 10.],
               [ 2., 20.]])
    """
    x, y = S.ravel(x), S.ravel(y)
    return S.reshape(x, (-1, 1)) * S.reshape(y, (1, -1))


def trace(x: ArrayLike, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Array:
    """Sum along a diagonal, as ``np.trace``: of axes ``axis1`` and ``axis2``.

    Args:
        x: an array-like with at least two dimensions.
        offset: the diagonal's offset from the main one (positive: above).
        axis1, axis2: the two axes the diagonal runs over.

    Returns:
        The sums, with those two axes removed.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.trace(np.eye(3)))
        3.0
        >>> fnp.trace(np.ones((2, 2, 3)))
        array([2., 2., 2.])
    """
    from fad.numpy._indexing import getitem
    from fad.numpy._reductions import sum

    if type(x) is not Tracer:
        return np.trace(x, offset, axis1, axis2)
    nd = ndim(x)
    if nd < 2:
        raise ValueError("trace needs an array with at least two dimensions")
    x = S.moveaxis(x, (axis1, axis2), (0, 1))
    n1, n2 = shape(x)[:2]
    rows = np.arange(max(0, min(n1 + min(offset, 0), n2 - max(offset, 0))))
    diag = getitem(x, (rows - min(offset, 0), rows + max(offset, 0)))
    return sum(diag, axis=0)
