"""Shape and layout: ravel, expand_dims, squeeze, swapaxes, stack, casts;
flips, triangles, diagonals, tiling, repeating, sorting and padding.

They are built on the structural primitives of ``_base`` (reshape, transpose,
broadcast_to, concatenate, gather and scatter), which also hold the public
``reshape``, ``transpose``, ``moveaxis``, ``broadcast_to``, ``concatenate``
and ``unbroadcast``. Rules here take tangents and cotangents with extra
leading batch axes: they count them as the difference in rank between the
(co)tangent and the primal.
"""

from __future__ import annotations

import operator
from typing import Any, Callable, Literal, Optional, Sequence, Union

import numpy as np
from numpy.typing import DTypeLike

from fad._primitive import Kind, Primitive, defjvp, defvjp
from fad._tracer import Tracer, concrete
from fad.numpy import _util
from fad.numpy._base import as_operand, broadcast_to, concatenate, getitem, index_update, moveaxis, reshape, transpose, where
from fad.numpy._util import Array, ArrayLike, Axis, Shape, bind, dtype, ndim, norm_axes, onp, shape

__all__ = [
    "ravel", "expand_dims", "squeeze", "swapaxes", "stack", "hstack", "vstack", "astype",
    "flip", "fliplr", "flipud", "tril", "triu", "diag", "diagonal", "tile", "repeat", "sort", "pad",
]


# --- axes ----------------------------------------------------------------------------


def ravel(x: ArrayLike) -> Array:
    """Flatten to one dimension.

    Args:
        x: an array-like.

    Returns:
        A 1-D array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.ravel(np.ones((2, 2))).shape
        (4,)
    """
    return reshape(x, (-1,))


def expand_dims(x: ArrayLike, axis: Union[int, Sequence[int]]) -> Array:
    """Insert length-1 axes at ``axis``.

    Args:
        x: an array-like.
        axis: an int or tuple of ints, positions in the result.

    Returns:
        The array with the new axes.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.expand_dims(np.ones(3), 0).shape
        (1, 3)
    """
    x = as_operand(x)
    return reshape(x, np.expand_dims(np.empty(shape(x), np.bool_), axis).shape)


def squeeze(x: ArrayLike, axis: Axis = None) -> Array:
    """Remove length-1 axes (all of them, or those in ``axis``).

    Args:
        x: an array-like.
        axis: None, or an int or tuple of ints.

    Returns:
        The array without those axes.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.squeeze(np.ones((1, 3, 1))).shape
        (3,)
    """
    x = as_operand(x)
    return reshape(x, np.squeeze(np.empty(shape(x), np.bool_), axis).shape)


def swapaxes(x: ArrayLike, axis1: int, axis2: int) -> Array:
    """Exchange two axes.

    Args:
        x: an array-like.
        axis1, axis2: the axes.

    Returns:
        The array with the two axes swapped.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.swapaxes(np.ones((2, 3, 4)), 0, 2).shape
        (4, 3, 2)
    """
    x = as_operand(x)
    perm = list(range(ndim(x)))
    perm[axis1], perm[axis2] = perm[axis2], perm[axis1]
    return transpose(x, perm)


# --- stacking ----------------------------------------------------------------------


def stack(arrays: Sequence[ArrayLike], axis: int = 0) -> Array:
    """Join arrays of equal shape along a new axis.

    Args:
        arrays: a sequence of array-likes of the same shape.
        axis: the position of the new axis in the result.

    Returns:
        The stacked array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.stack([np.ones(2), np.zeros(2)]).shape
        (2, 2)
    """
    xs = [as_operand(a) for a in arrays]
    if not xs:
        raise ValueError("stack needs at least one array")
    s = shape(xs[0])
    if any(shape(x) != s for x in xs):
        raise ValueError(f"stack: all arrays need the same shape; got {[shape(x) for x in xs]}")
    (ax,) = norm_axes(axis, len(s) + 1, "stack")
    ax += len(s) + 1
    new = s[:ax] + (1,) + s[ax:]
    return concatenate([reshape(x, new) for x in xs], axis=ax)


def hstack(arrays: Sequence[ArrayLike]) -> Array:
    """Join arrays along axis 1 (axis 0 for 1-D arrays).

    Args:
        arrays: a sequence of array-likes.

    Returns:
        The joined array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.hstack([np.ones(2), np.ones(3)]).shape
        (5,)
    """
    xs = [as_operand(a) for a in arrays]
    xs = [reshape(x, (1,)) if ndim(x) == 0 else x for x in xs]  # as np.atleast_1d
    return concatenate(xs, axis=0 if ndim(xs[0]) == 1 else 1)


def vstack(arrays: Sequence[ArrayLike]) -> Array:
    """Join arrays along axis 0, treating 1-D arrays as rows.

    Args:
        arrays: a sequence of array-likes.

    Returns:
        The joined array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.vstack([np.ones(2), np.ones(2)]).shape
        (2, 2)
    """
    xs = [as_operand(a) for a in arrays]
    xs = [reshape(x, (1,) * (2 - ndim(x)) + shape(x)) if ndim(x) < 2 else x for x in xs]  # atleast_2d
    return concatenate(xs, axis=0)


# --- casts -------------------------------------------------------------------------


def _astype_impl(x: Any, dtype: Any) -> Any:
    return np.asarray(x).astype(dtype) if not isinstance(x, np.generic) else x.astype(dtype)


astype_p = Primitive("astype", _astype_impl, kind=Kind.ELEMENTWISE, saves=())


def astype(x: ArrayLike, new_dtype: DTypeLike) -> Array:
    """Cast to ``new_dtype``; derivatives flow between floating types.

    A cast to an integer or boolean type has no derivative: the result is a
    plain (constant) array.

    Args:
        x: an array-like.
        new_dtype: the target dtype.

    Returns:
        The cast array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.astype(np.ones(2), np.float32).dtype
        dtype('float32')
    """
    x = as_operand(x)
    to = np.dtype(new_dtype)
    if not np.issubdtype(to, np.inexact):
        y: Array = _astype_impl(concrete(x), to)
        return y
    if type(x) is not Tracer:
        y = _astype_impl(x, to)
        return y
    if dtype(x) == to:
        return x
    return bind(astype_p, x, dtype=to)


defvjp(astype_p, lambda y, ybar, x, dtype: astype(ybar, _util.dtype(x)))
defjvp(astype_p, lambda xdot, y, x, dtype: astype(xdot, dtype))


# --- flips, triangles, diagonals ------------------------------------------------------


def flip(x: ArrayLike, axis: Axis = None) -> Array:
    """Reverse the order of elements along ``axis`` (all axes when None).

    Args:
        x: an array-like.
        axis: None, an int or a tuple of ints.

    Returns:
        The flipped array.

    Example:
        >>> flip(np.array([[1.0, 2.0], [3.0, 4.0]]), 1)
        array([[2., 1.],
               [4., 3.]])
    """
    if type(x) is not Tracer:
        return onp.flip(x, axis if axis is None or isinstance(axis, int) else tuple(axis))
    nd = ndim(x)
    axes = norm_axes(axis, nd, "flip")
    if not axes:
        return x
    return getitem(x, tuple(slice(None, None, -1) if i - nd in axes else slice(None) for i in range(nd)))


def fliplr(x: ArrayLike) -> Array:
    """Reverse the columns (axis 1) of an array with at least two dimensions.

    Args:
        x: an array-like, at least 2-D.

    Returns:
        The flipped array.

    Example:
        >>> fliplr(np.array([[1.0, 2.0], [3.0, 4.0]]))
        array([[2., 1.],
               [4., 3.]])
    """
    if type(x) is not Tracer:
        return onp.fliplr(x)
    if ndim(x) < 2:
        raise ValueError("fliplr needs an array with at least two dimensions")
    return flip(x, 1)


def flipud(x: ArrayLike) -> Array:
    """Reverse the rows (axis 0) of an array with at least one dimension.

    Args:
        x: an array-like, at least 1-D.

    Returns:
        The flipped array.

    Example:
        >>> flipud(np.array([[1.0, 2.0], [3.0, 4.0]]))
        array([[3., 4.],
               [1., 2.]])
    """
    if type(x) is not Tracer:
        return onp.flipud(x)
    if ndim(x) < 1:
        raise ValueError("flipud needs an array with at least one dimension")
    return flip(x, 0)


def _tri(x: Any, k: int) -> Any:
    """``np.tri`` for the last two axes of x: True on and below diagonal k."""
    s = shape(x)
    return np.tri(s[-2] if len(s) > 1 else s[-1], s[-1], k=k, dtype=bool)


def tril(x: ArrayLike, k: int = 0) -> Array:
    """The lower triangle of a matrix (of each matrix in a stack): zeros above diagonal ``k``.

    Args:
        x: an array-like with at least one dimension (a 1-D array is
            broadcast to a square matrix, as in NumPy).
        k: the diagonal above which to zero (positive: above the main one).

    Returns:
        The lower triangle.

    Example:
        >>> tril(np.ones((3, 3)))
        array([[1., 0., 0.],
               [1., 1., 0.],
               [1., 1., 1.]])
    """
    if type(x) is not Tracer:
        return onp.tril(x, k)
    if ndim(x) < 1:
        raise ValueError("tril needs an array with at least one dimension")
    return where(_tri(x, k), x, np.zeros((), dtype(x)))


def triu(x: ArrayLike, k: int = 0) -> Array:
    """The upper triangle of a matrix (of each matrix in a stack): zeros below diagonal ``k``.

    Args:
        x: an array-like with at least one dimension (a 1-D array is
            broadcast to a square matrix, as in NumPy).
        k: the diagonal below which to zero (positive: above the main one).

    Returns:
        The upper triangle.

    Example:
        >>> triu(np.ones((3, 3)), 1)
        array([[0., 1., 1.],
               [0., 0., 1.],
               [0., 0., 0.]])
    """
    if type(x) is not Tracer:
        return onp.triu(x, k)
    if ndim(x) < 1:
        raise ValueError("triu needs an array with at least one dimension")
    return where(_tri(x, k - 1), np.zeros((), dtype(x)), x)


def _diagonal_index(n1: int, n2: int, offset: int) -> tuple[Any, Any]:
    """Row and column indices of diagonal ``offset`` of an n1 x n2 matrix."""
    length = max(0, min(n1 + min(offset, 0), n2 - max(offset, 0)))
    i = np.arange(length)
    return i - min(offset, 0), i + max(offset, 0)


def diagonal(x: ArrayLike, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Array:
    """A diagonal of ``x`` over axes ``axis1`` and ``axis2``, as ``np.diagonal``.

    The diagonal becomes the last axis of the result; the other axes keep
    their order.

    Args:
        x: an array-like with at least two dimensions.
        offset: the diagonal's offset from the main one (positive: above).
        axis1, axis2: the two axes the diagonal runs over.

    Returns:
        The diagonal (a copy).

    Example:
        >>> diagonal(np.arange(9.0).reshape(3, 3), 1)
        array([1., 5.])
    """
    if type(x) is not Tracer:
        return onp.diagonal(x, offset, axis1, axis2)
    nd = ndim(x)
    if nd < 2:
        raise ValueError("diagonal needs an array with at least two dimensions")
    a1, a2 = norm_axes(axis1, nd, "diagonal")[0], norm_axes(axis2, nd, "diagonal")[0]
    if a1 == a2:
        raise ValueError("diagonal: axis1 and axis2 cannot be the same")
    x = moveaxis(x, (a1, a2), (-2, -1))
    rows, cols = _diagonal_index(shape(x)[-2], shape(x)[-1], offset)
    return getitem(x, (slice(None),) * (nd - 2) + (rows, cols))


def diag(v: ArrayLike, k: int = 0) -> Array:
    """Build a diagonal matrix from a 1-D array, or take a diagonal of a 2-D one.

    Args:
        v: a 1-D array (put on diagonal ``k`` of a square matrix of zeros) or a
            2-D array (whose diagonal ``k`` is returned).
        k: the diagonal (positive: above the main one).

    Returns:
        A matrix, or a 1-D array.

    Example:
        >>> diag(np.array([1.0, 2.0]))
        array([[1., 0.],
               [0., 2.]])
        >>> diag(np.arange(4.0).reshape(2, 2))
        array([0., 3.])
    """
    if type(v) is not Tracer:
        return np.diag(v, k)
    s = shape(v)
    if len(s) == 1:
        n = s[0] + abs(k)
        rows, cols = _diagonal_index(n, n, k)
        return index_update(np.zeros((n, n), dtype(v)), (rows, cols), v)
    if len(s) == 2:
        return getitem(v, _diagonal_index(s[0], s[1], k))
    raise ValueError(f"diag needs a 1-D or 2-D array, got {len(s)} dimensions; use diagonal")


# --- tiling, repeating, sorting, padding ------------------------------------------------

SortKind = Literal["quicksort", "mergesort", "heapsort", "stable"]
PadMode = Literal["constant", "edge", "reflect", "symmetric", "wrap"]


def tile(x: ArrayLike, reps: Shape) -> Array:
    """Repeat the whole of ``x`` ``reps`` times along each axis, as ``np.tile``.

    Args:
        x: an array-like.
        reps: an int or a tuple of ints (the repetitions per axis; shorter
            ``reps`` or arrays are padded with ones at the front).

    Returns:
        The tiled array.

    Example:
        >>> tile(np.array([1.0, 2.0]), (2, 2))
        array([[1., 2., 1., 2.],
               [1., 2., 1., 2.]])
    """
    if type(x) is not Tracer:
        return onp.tile(x, reps)
    rs: Any = reps  # an int, a sequence of ints, or a 0-d or 1-d integer array
    r = (operator.index(rs),) if np.ndim(rs) == 0 else tuple(operator.index(n) for n in rs)
    s = shape(x)
    d = max(len(r), len(s))
    r = (1,) * (d - len(r)) + r
    s = (1,) * (d - len(s)) + s
    spread = tuple(n for pair in zip((1,) * d, s) for n in pair)
    wide = tuple(n for pair in zip(r, s) for n in pair)
    out = broadcast_to(reshape(x, spread), wide)
    return reshape(out, tuple(a * b for a, b in zip(r, s)))


def repeat(x: ArrayLike, repeats: Union[int, Sequence[int], np.ndarray[Any, Any]], axis: Optional[int] = None) -> Array:
    """Repeat each element of ``x``, as ``np.repeat``.

    Args:
        x: an array-like.
        repeats: an int, or one int per element along ``axis``.
        axis: the axis, or None to repeat the elements of the flattened array.

    Returns:
        The array with repeated elements.

    Example:
        >>> repeat(np.array([1.0, 2.0]), 2)
        array([1., 1., 2., 2.])
    """
    if type(x) is not Tracer:
        return onp.repeat(x, repeats, axis)
    if axis is None:
        x = ravel(x)
        axis = 0
    (ax,) = norm_axes(axis, ndim(x), "repeat")
    idx = np.repeat(np.arange(shape(x)[ax]), np.asarray(concrete(repeats)))
    return getitem(x, (slice(None),) * (ndim(x) + ax) + (idx,))


def sort(x: ArrayLike, axis: Optional[int] = -1, kind: Optional[SortKind] = None, order: None = None) -> Array:
    """Sort along ``axis`` (the flattened array when None).

    On traced values it gathers ``x`` in the order of a stable argsort of its
    value, so the derivative moves with the elements (at ties, to the one
    that comes first).

    Args:
        x: an array-like.
        axis: the axis, or None.
        kind: the sorting algorithm, for plain arrays (as ``np.sort``).
        order: not supported (structured arrays); must be None.

    Returns:
        The sorted array.

    Example:
        >>> import fad
        >>> sort(np.array([3.0, 1.0, 2.0]))
        array([1., 2., 3.])
        >>> fad.grad(lambda x: sort(x)[0])(np.array([3.0, 1.0, 2.0]))
        array([0., 1., 0.])
    """
    if order is not None:
        raise TypeError("sort: order (for structured arrays) is not supported")
    if type(x) is not Tracer:
        return onp.sort(x, axis=axis, kind=kind)
    if axis is None:
        x = ravel(x)
        axis = -1
    nd = ndim(x)
    (ax,) = norm_axes(axis, nd, "sort")
    idx = np.argsort(concrete(x), axis=ax, kind="stable")
    s = shape(x)
    index = tuple(
        idx if i - nd == ax else np.arange(n).reshape((-1,) + (1,) * (nd - 1 - i))
        for i, n in enumerate(s)
    )
    return getitem(x, index)


_GATHER_MODES = ("edge", "reflect", "symmetric", "wrap")
_np_pad: Callable[..., Array] = np.pad


def pad(
    x: ArrayLike,
    pad_width: Union[int, Sequence[int], Sequence[Sequence[int]], np.ndarray[Any, Any]],
    mode: PadMode = "constant",
    constant_values: ArrayLike = 0,
) -> Array:
    """Pad an array, as ``np.pad``.

    Modes: ``"constant"`` (with ``constant_values``, a scalar — possibly
    traced — or NumPy's per-axis pairs of constants), and the modes that
    copy entries of ``x``: ``"edge"``, ``"reflect"``, ``"symmetric"`` and
    ``"wrap"``. Other modes raise an error.

    Args:
        x: an array-like.
        pad_width: as in ``np.pad``: an int, a ``(before, after)`` pair, or one
            pair per axis.
        mode: the padding mode.
        constant_values: the value(s) to pad with in ``"constant"`` mode.

    Returns:
        The padded array, of ``x``'s dtype.

    Example:
        >>> import fad
        >>> pad(np.array([1.0, 2.0]), (1, 2))
        array([0., 1., 2., 0., 0.])
        >>> fad.grad(lambda x: fad.numpy.sum(pad(x, 1, mode="edge")))(np.array([1.0, 2.0]))
        array([2., 2.])
    """
    if mode != "constant" and mode not in _GATHER_MODES:
        raise ValueError(
            f"pad: mode {mode!r} is not supported; use 'constant', 'edge', 'reflect', "
            "'symmetric' or 'wrap', or build the padding with concatenate and slicing"
        )
    if type(x) is not Tracer and type(constant_values) is not Tracer:
        if mode == "constant":
            return _np_pad(x, pad_width, mode="constant", constant_values=constant_values)
        return _np_pad(x, pad_width, mode=mode)
    xa: Array = as_operand(x)
    s = shape(xa)
    widths = np.broadcast_to(np.asarray(pad_width), (len(s), 2))
    if not np.issubdtype(widths.dtype, np.integer) or (widths < 0).any():
        raise ValueError(f"pad: pad_width must be non-negative ints, got {pad_width!r}")
    if mode == "constant":
        inner = tuple(slice(int(b), int(b) + n) for (b, _), n in zip(widths, s))
        if type(constant_values) is Tracer:
            if ndim(constant_values) != 0:
                raise ValueError("pad: a traced constant_values must be a scalar")
            c = constant_values if dtype(constant_values) == dtype(xa) else astype(constant_values, dtype(xa))
            big = tuple(int(b) + n + int(a) for (b, a), n in zip(widths, s))
            return index_update(broadcast_to(c, big), inner, xa)
        base = onp.pad(np.zeros(s, dtype(xa)), widths, mode="constant", constant_values=constant_values)
        return index_update(base, inner, xa)
    for i, ((b, a), n) in enumerate(zip(widths, s)):
        if b == 0 and a == 0:
            continue
        idx = np.pad(np.arange(n), (int(b), int(a)), mode=mode)
        xa = getitem(xa, (slice(None),) * i + (idx,))
    return xa


NUMPY: dict[Any, Callable[..., Any]] = {
    np.ravel: ravel, np.stack: stack, np.hstack: hstack, np.vstack: vstack,
    np.expand_dims: expand_dims, np.squeeze: squeeze, np.swapaxes: swapaxes,
    np.flip: flip, np.fliplr: fliplr, np.flipud: flipud, np.tril: tril,
    np.triu: triu, np.diag: diag, np.diagonal: diagonal, np.tile: tile,
    np.repeat: repeat, np.sort: sort, np.pad: pad,
}
"""NumPy's ufuncs and functions -> this module's functions of the same meaning
(``fad.numpy._dispatch`` gathers the families' tables for NumPy's dispatch)."""
