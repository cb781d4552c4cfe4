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

import itertools
import math
import operator
from typing import Any, Callable, Literal, Optional, Sequence, Union

import numpy as np
from numpy.typing import DTypeLike

from fad._primitive import Kind, Primitive, defjvp, defvjp
from fad._tracer import Tracer, concrete, keeps_real_arguments
from fad.numpy import _util
from fad.numpy._elementwise import real
from fad.numpy._base import (
    as_operand, broadcast_to, concatenate, getitem, index_update, moveaxis, reshape, sum, transpose, where,
)
from fad.numpy._util import Array, ArrayLike, Axis, Shape, bind, dtype, has_tracer, ndim, norm_axes, onp, shape

__all__ = [
    "sort_complex",
    "ravel", "expand_dims", "squeeze", "swapaxes", "stack", "hstack", "vstack", "astype",
    "flip", "fliplr", "flipud", "tril", "triu", "diag", "diagonal", "tile", "repeat", "sort", "pad",
    "roll", "rot90", "rollaxis", "matrix_transpose", "permute_dims", "atleast_1d", "atleast_2d",
    "atleast_3d", "split", "array_split", "hsplit", "vsplit", "dsplit", "unstack", "concat",
    "dstack", "column_stack", "row_stack", "block", "append", "insert", "delete", "resize",
    "trim_zeros", "diff", "ediff1d", "gradient", "unwrap", "diagflat", "broadcast_arrays",
    "meshgrid", "r_", "c_", "apply_along_axis", "apply_over_axes",
]


# --- axes ----------------------------------------------------------------------------


def ravel(x: ArrayLike, order: Literal["C", "F", "A", "K"] = "C") -> Array:
    """Flatten to one dimension.

    Args:
        x: an array-like.
        order: ``"C"`` (last axis fastest) or ``"F"`` (first axis fastest);
            ``"A"`` and ``"K"`` read a traced value in C order.

    Returns:
        A 1-D array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.ravel(np.ones((2, 2))).shape
        (4,)
    """
    if order == "F":
        x = as_operand(x)
        return reshape(transpose(x), (-1,)) if type(x) is Tracer else onp.ravel(x, order="F")
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


def stack(
    arrays: Sequence[ArrayLike], axis: int = 0, out: None = None, *,
    dtype: Optional[DTypeLike] = None, casting: str = "same_kind",
) -> Array:
    """Join arrays of equal shape along a new axis.

    Args:
        arrays: a sequence of array-likes of the same shape.
        axis: the position of the new axis in the result.
        out: not supported (must be None).
        dtype: the result's dtype, if given.
        casting: as NumPy's (for plain arrays).

    Returns:
        The stacked array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.stack([np.ones(2), np.zeros(2)]).shape
        (2, 2)
    """
    if out is not None:
        raise TypeError("np.stack: out= is not supported by fad; use the returned array")
    if not _traced(*arrays):
        return onp.stack(arrays, axis=axis, dtype=dtype, casting=casting)
    xs = [as_operand(a) for a in arrays]
    if not xs:
        raise ValueError("stack needs at least one array")
    s = shape(xs[0])
    if any(shape(x) != s for x in xs):
        raise ValueError(f"stack: all arrays need the same shape; got {[shape(x) for x in xs]}")
    (ax,) = norm_axes(axis, len(s) + 1, "stack")
    ax += len(s) + 1
    new = s[:ax] + (1,) + s[ax:]
    return _cast(concatenate([reshape(x, new) for x in xs], axis=ax), dtype)


def hstack(
    arrays: Sequence[ArrayLike], *, dtype: Optional[DTypeLike] = None, casting: str = "same_kind"
) -> Array:
    """Join arrays along axis 1 (axis 0 for 1-D arrays).

    Args:
        arrays: a sequence of array-likes.
        dtype: the result's dtype, if given.
        casting: as NumPy's (for plain arrays).

    Returns:
        The joined array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.hstack([np.ones(2), np.ones(3)]).shape
        (5,)
    """
    if not _traced(*arrays):
        return onp.hstack(arrays, dtype=dtype, casting=casting)
    xs = [as_operand(a) for a in arrays]
    xs = [reshape(x, (1,)) if ndim(x) == 0 else x for x in xs]  # as np.atleast_1d
    return _cast(concatenate(xs, axis=0 if ndim(xs[0]) == 1 else 1), dtype)


def vstack(
    arrays: Sequence[ArrayLike], *, dtype: Optional[DTypeLike] = None, casting: str = "same_kind"
) -> Array:
    """Join arrays along axis 0, treating 1-D arrays as rows.

    Args:
        arrays: a sequence of array-likes.
        dtype: the result's dtype, if given.
        casting: as NumPy's (for plain arrays).

    Returns:
        The joined array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.vstack([np.ones(2), np.ones(2)]).shape
        (2, 2)
    """
    if not _traced(*arrays):
        return onp.vstack(arrays, dtype=dtype, casting=casting)
    xs = [as_operand(a) for a in arrays]
    xs = [reshape(x, (1,) * (2 - ndim(x)) + shape(x)) if ndim(x) < 2 else x for x in xs]  # atleast_2d
    return _cast(concatenate(xs, axis=0), dtype)


# --- casts -------------------------------------------------------------------------


def _astype_impl(x: Any, dtype: Any) -> Any:
    return np.asarray(x).astype(dtype) if not isinstance(x, np.generic) else x.astype(dtype)


astype_p = Primitive("astype", _astype_impl, kind=Kind.ELEMENTWISE, saves=())
keeps_real_arguments.add(astype_p)  # the cast real -> complex itself (its rules take the real part)


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


def _cast_to(t: Any, to: Any) -> Any:
    """A (co)tangent cast to ``to``; a complex one cast to a real type keeps its
    real part (the transpose of real -> complex, docs/complex.md), without
    NumPy's ComplexWarning."""
    if _util.dtype(t).kind == "c" and np.dtype(to).kind != "c":
        t = real(t)
    return astype(t, to)


defvjp(astype_p, lambda y, ybar, x, dtype: _cast_to(ybar, _util.dtype(x)))
defjvp(astype_p, lambda xdot, y, x, dtype: _cast_to(xdot, dtype))


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
PadMode = Literal[
    "constant", "edge", "reflect", "symmetric", "wrap", "linear_ramp", "mean", "empty",
    "maximum", "minimum", "median",
]


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


def sort(
    x: ArrayLike, axis: Optional[int] = -1, kind: Optional[SortKind] = None, order: None = None, *,
    stable: Optional[bool] = None,
) -> Array:
    """Sort along ``axis`` (the flattened array when None).

    On traced values it gathers ``x`` in the order of a stable argsort of its
    value, so the derivative moves with the elements (at ties, to the one
    that comes first).

    Args:
        x: an array-like.
        axis: the axis, or None.
        kind: the sorting algorithm, for plain arrays (as ``np.sort``).
        order: not supported (structured arrays); must be None.
        stable: as NumPy's (traced sorts are always stable).

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
    if stable is not None and kind is not None:
        raise ValueError("np.sort: `kind` and `stable` parameters can't both be provided.")
    if type(x) is not Tracer:
        return onp.sort(x, axis=axis, kind=kind, stable=stable)
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



def sort_complex(a: ArrayLike) -> Array:
    """Sort complex values as NumPy does: by real part, then by imaginary part.

    Real input is sorted and returned as complex (of NumPy's dtype: complex64
    for small integers, complex128 otherwise). On traced values the derivative
    moves with the elements, as :func:`sort`'s.

    Args:
        a: an array-like (sorted along its last axis).

    Returns:
        The sorted complex array.

    Example:
        >>> import fad
        >>> sort_complex(np.array([1 + 2j, 1 - 1j, 0 + 5j]))
        array([0.+5.j, 1.-1.j, 1.+2.j])
        >>> fad.grad(lambda a: real(sort_complex(a)[0]))(np.array([3.0, 1.0, 2.0]))
        array([0., 1., 0.])
    """
    if type(a) is not Tracer:
        return onp.sort_complex(a)
    to = onp.sort_complex(np.zeros(0, dtype(a))).dtype
    return astype(sort(a), to) if dtype(a) != to else sort(a)


_GATHER_MODES = ("edge", "reflect", "symmetric", "wrap")
_LINEAR_MODES = ("linear_ramp", "mean")
_STAT_MODES = ("maximum", "minimum", "median", "mean")
_np_pad: Callable[..., Array] = np.pad


def _pad_kwargs(mode: str, constant_values: Any, stat_length: Any, end_values: Any, reflect_type: str) -> dict[str, Any]:
    """The keywords NumPy's pad takes for ``mode`` (it refuses the others)."""
    if mode == "constant":
        return {"constant_values": constant_values}
    if mode == "linear_ramp":
        return {"end_values": end_values}
    if mode in _STAT_MODES:
        return {"stat_length": stat_length}
    if mode in ("reflect", "symmetric"):
        return {"reflect_type": reflect_type}
    return {}


def pad(
    x: ArrayLike,
    pad_width: Union[int, Sequence[int], Sequence[Sequence[int]], np.ndarray[Any, Any]],
    mode: PadMode = "constant",
    constant_values: ArrayLike = 0,
    *,
    stat_length: Any = None,
    end_values: Any = 0,
    reflect_type: Literal["even", "odd"] = "even",
) -> Array:
    """Pad an array, as ``np.pad``.

    Modes: ``"constant"`` (with ``constant_values``, a scalar — possibly
    traced — or NumPy's per-axis pairs of constants); the modes that copy
    entries of ``x``: ``"edge"``, ``"reflect"``, ``"symmetric"`` and
    ``"wrap"``; the modes whose padding is linear in ``x``:
    ``"linear_ramp"`` (with ``end_values``), ``"mean"`` (with
    ``stat_length``) and ``reflect_type="odd"``; ``"maximum"``,
    ``"minimum"`` and ``"median"`` (with ``stat_length``: the padding copies
    the extreme or middle entries, chosen on the concrete values; at ties
    the derivative goes to the first extreme, as ``argmax``); and
    ``"empty"`` (zeros on traced values: NumPy leaves the padding
    undefined). A callable mode raises an error on traced values.

    Args:
        x: an array-like.
        pad_width: as in ``np.pad``: an int, a ``(before, after)`` pair, or one
            pair per axis.
        mode: the padding mode.
        constant_values: the value(s) to pad with in ``"constant"`` mode.
        stat_length: for ``"mean"``, ``"maximum"``, ``"minimum"`` and
            ``"median"``: how many entries at each end the statistic reads
            (as NumPy's; None: the whole axis).
        end_values: for ``"linear_ramp"``: the values the ramps start from.
        reflect_type: for ``"reflect"`` and ``"symmetric"``: ``"even"`` or
            ``"odd"`` (the reflection is subtracted from twice the edge).

    Returns:
        The padded array, of ``x``'s dtype.

    Example:
        >>> import fad
        >>> pad(np.array([1.0, 2.0]), (1, 2))
        array([0., 1., 2., 0., 0.])
        >>> fad.grad(lambda x: fad.numpy.sum(pad(x, 1, mode="edge")))(np.array([1.0, 2.0]))
        array([2., 2.])
    """
    if type(x) is not Tracer and type(constant_values) is not Tracer and not _traced(x):
        return _np_pad(x, pad_width, mode=mode, **_pad_kwargs(mode, constant_values, stat_length, end_values, reflect_type))
    if mode not in ("constant", "empty", *_GATHER_MODES, *_LINEAR_MODES, *_STAT_MODES):
        raise ValueError(
            f"np.pad: mode {mode!r} is not supported on traced values; use 'constant', 'edge', "
            "'reflect', 'symmetric', 'wrap', 'linear_ramp', 'mean', 'maximum', 'minimum', "
            "'median' or 'empty', or build the padding with concatenate and slicing"
        )
    if reflect_type not in ("even", "odd"):
        raise ValueError(f"np.pad: reflect_type must be 'even' or 'odd', got {reflect_type!r}")
    xa: Array = as_operand(x)
    s = shape(xa)
    widths = np.broadcast_to(np.asarray(pad_width), (len(s), 2))
    if not np.issubdtype(widths.dtype, np.integer) or (widths < 0).any():
        raise ValueError(f"np.pad: pad_width must be non-negative ints, got {pad_width!r}")
    if mode in ("constant", "empty"):
        inner = tuple(slice(int(b), int(b) + n) for (b, _), n in zip(widths, s))
        if type(constant_values) is Tracer and mode == "constant":
            if ndim(constant_values) != 0:
                raise ValueError("np.pad: a traced constant_values must be a scalar")
            c = constant_values if dtype(constant_values) == dtype(xa) else astype(constant_values, dtype(xa))
            big = tuple(int(b) + n + int(a) for (b, a), n in zip(widths, s))
            return index_update(broadcast_to(c, big), inner, xa)
        cv = constant_values if mode == "constant" else 0
        base = onp.pad(np.zeros(s, dtype(xa)), widths, mode="constant", constant_values=cv)
        return index_update(base, inner, xa)
    if mode in ("maximum", "minimum", "median"):
        stats = None if stat_length is None else np.broadcast_to(np.asarray(stat_length), (len(s), 2))
        for i, (b, a) in enumerate(widths):
            if b or a:
                lengths = (None, None) if stats is None else tuple(int(v) for v in stats[i])
                xa = _pad_axis_stat(xa, i - len(s), int(b), int(a), mode, lengths)
        return xa
    if mode in _LINEAR_MODES or (reflect_type == "odd" and mode in ("reflect", "symmetric")):
        stats = None if stat_length is None else np.broadcast_to(np.asarray(stat_length), (len(s), 2))
        ends = np.broadcast_to(np.asarray(end_values), (len(s), 2))
        for i, (b, a) in enumerate(widths):
            if b or a:
                extra: dict[str, Any] = {"reflect_type": reflect_type}
                if mode == "linear_ramp":
                    extra = {"end_values": 0}
                elif mode == "mean":
                    extra = {"stat_length": None if stats is None else tuple(int(v) for v in stats[i])}
                offset = None
                if mode == "linear_ramp" and ends[i].any():
                    offset = np.pad(np.zeros(shape(xa)[i], dtype(xa)), (int(b), int(a)), mode=mode, end_values=tuple(ends[i]))
                xa = _pad_axis_linear(xa, i - len(s), int(b), int(a), mode, extra, offset)
        return xa
    for i, ((b, a), n) in enumerate(zip(widths, s)):
        if b == 0 and a == 0:
            continue
        idx = np.pad(np.arange(n), (int(b), int(a)), mode=mode)
        xa = getitem(xa, (slice(None),) * i + (idx,))
    return xa


def _pad_axis_stat(x: Any, ax: int, b: int, a: int, mode: str, lengths: Sequence[Optional[int]]) -> Any:
    """Pad the negative axis ``ax`` with the maximum, minimum or median of
    the first and last ``lengths`` entries (gathered by their concrete order)."""
    nd, n = ndim(x), shape(x)[ax]
    lead = _lead(nd, ax)

    def stat(region: Any) -> Any:
        v = np.asarray(concrete(region))
        if v.shape[ax] == 0:
            raise ValueError("np.pad: stat_length of 0 yields no value for padding")
        if mode != "median":
            pick = (np.argmax if mode == "maximum" else np.argmin)(v, axis=ax, keepdims=True)
            return getitem(region, _along_axis(pick, ax))
        order = np.argsort(v, axis=ax, kind="stable")
        m = v.shape[ax]
        mid = getitem(region, _along_axis(getitem(order, lead + (slice(m // 2, m // 2 + 1),)), ax))
        if m % 2:
            return mid
        low = getitem(region, _along_axis(getitem(order, lead + (slice(m // 2 - 1, m // 2),)), ax))
        return (low + mid) / 2  # NumPy's median: the mean of the two middle values

    def region(first: bool, length: Any) -> Any:
        k = n if length is None else min(int(length), n)
        return getitem(x, lead + ((slice(0, k),) if first else (slice(n - k, n),)))

    parts = []
    full = list(shape(x))
    if b:
        full[ax] = b
        parts.append(broadcast_to(stat(region(True, lengths[0])), tuple(full)))
    parts.append(x)
    if a:
        full[ax] = a
        parts.append(broadcast_to(stat(region(False, lengths[1])), tuple(full)))
    return concatenate(parts, axis=ax)


def _pad_axis_linear(x: Any, ax: int, b: int, a: int, mode: str, kw: dict[str, Any], offset: Any) -> Any:
    """Pad the negative axis ``ax`` with a map linear in ``x`` (plus ``offset``).

    NumPy's pad of the identity matrix along its rows gives that map's
    matrix: its first ``b`` and last ``a`` rows weigh the entries of the
    axis into each padded entry (the rows in between are the identity).
    """
    n = shape(x)[ax]
    m = _np_pad(np.eye(n, dtype=dtype(x)), ((b, a), (0, 0)), mode=mode, **kw)
    moved = moveaxis(x, ax, -1)
    ms = shape(moved)
    col = reshape(moved, ms[:-1] + (1, n))
    parts = []
    if b:
        before = sum(col * m[:b], axis=-1)
        parts.append(before if offset is None else before + offset[:b])
    parts.append(moved)
    if a:
        after = sum(col * m[b + n :], axis=-1)
        parts.append(after if offset is None else after + offset[b + n :])
    return moveaxis(concatenate(parts, axis=-1), -1, ax)


# --- helpers for the functions below ------------------------------------------------------


def _traced(*xs: Any) -> bool:
    """Whether any argument is a Tracer or a list/tuple holding one."""
    for x in xs:
        t = type(x)
        if t is Tracer or ((t is list or t is tuple) and has_tracer(x)):
            return True
    return False


def _lead(nd: int, ax: int) -> tuple[slice, ...]:
    """Full slices for the axes before the (negative) axis ``ax`` of an nd-array."""
    return (slice(None),) * (nd + ax)


def _ids(s: tuple[int, ...], start: int = 0) -> Any:
    """Element numbers ``start, start + 1, ...`` in an array of shape ``s``."""
    return np.arange(start, start + math.prod(s)).reshape(s)


def _gather_ids(sources: Sequence[Any], ids: Any) -> Array:
    """The elements numbered ``ids`` of the sources, raveled and joined (one gather).

    Functions that only move, copy or drop elements (``insert``, ``delete``,
    ``resize``) compute ``ids`` by running NumPy's own function on element
    numbers, so the traced result is NumPy's element for element.
    """
    flat = [ravel(s) for s in sources]
    src = flat[0] if len(flat) == 1 else concatenate(flat, axis=0)
    return getitem(src, np.asarray(ids, dtype=np.intp))


def _along_axis(idx: Any, ax: int) -> tuple[Any, ...]:
    """An index that picks ``idx`` (broadcast like ``take_along_axis``) along the
    negative axis ``ax`` and keeps every other axis."""
    nd = np.ndim(idx)
    return tuple(
        idx if i - nd == ax else np.arange(n).reshape((-1,) + (1,) * (nd - 1 - i))
        for i, n in enumerate(np.shape(idx))
    )


# --- rolling and rotating -------------------------------------------------------------


def roll(a: ArrayLike, shift: Union[int, Sequence[int]], axis: Axis = None) -> Array:
    """Roll elements along ``axis``: those pushed off the end come back at the start.

    Args:
        a: an array-like.
        shift: an int or a tuple of ints (places to shift; broadcast against ``axis``).
        axis: an int or a tuple of ints, or None to roll the flattened array
            (the shape is then restored).

    Returns:
        The rolled array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.roll(np.arange(4.0), 1)
        array([3., 0., 1., 2.])
    """
    if not _traced(a):
        return onp.roll(a, shift, axis)
    x: Array = as_operand(a)
    if axis is None:
        return reshape(roll(ravel(x), shift, 0), shape(x))
    nd = ndim(x)
    shifts, axes = np.broadcast_arrays(np.asarray(shift), np.asarray(axis))
    if shifts.ndim > 1:
        raise ValueError("np.roll: shift and axis must be ints or 1-D sequences of ints")
    total: dict[int, int] = {}
    for s, a_ in zip(shifts.ravel(), axes.ravel()):
        (ax,) = norm_axes(int(a_), nd, "np.roll")
        total[ax] = total.get(ax, 0) + int(s)
    for ax, s in total.items():
        n = shape(x)[ax]
        if n == 0 or s % n == 0:
            continue
        cut = n - s % n
        lead = _lead(nd, ax)
        x = concatenate([getitem(x, lead + (slice(cut, None),)), getitem(x, lead + (slice(0, cut),))], axis=ax)
    return x


def rot90(m: ArrayLike, k: int = 1, axes: Sequence[int] = (0, 1)) -> Array:
    """Rotate by 90 degrees ``k`` times in the plane of ``axes``, from the first axis towards the second.

    Args:
        m: an array-like with at least two dimensions.
        k: the number of quarter turns (negative: the other way).
        axes: the two axes of the plane.

    Returns:
        The rotated array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.rot90(np.array([[1.0, 2.0], [3.0, 4.0]]))
        array([[2., 4.],
               [1., 3.]])
    """
    if not _traced(m):
        return onp.rot90(m, k, axes)
    x: Array = as_operand(m)
    nd = ndim(x)
    axes = tuple(axes)
    if len(axes) != 2:
        raise ValueError("np.rot90: len(axes) must be 2")
    a0, a1 = (norm_axes(a, nd, "np.rot90")[0] for a in axes)
    if a0 == a1:
        raise ValueError("np.rot90: axes must be different")
    k = operator.index(k) % 4
    if k == 0:
        return x
    if k == 2:
        return flip(x, (a0, a1))
    perm = list(range(nd))
    perm[a0], perm[a1] = perm[a1], perm[a0]
    if k == 1:
        return transpose(flip(x, a1), perm)
    return flip(transpose(x, perm), a1)


def rollaxis(a: ArrayLike, axis: int, start: int = 0) -> Array:
    """Roll ``axis`` backwards until it lies before position ``start`` (NumPy's older ``moveaxis``).

    Args:
        a: an array-like.
        axis: the axis to move.
        start: the position it should come before (``a.ndim`` puts it last).

    Returns:
        The array with the axis moved.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.rollaxis(np.ones((3, 4, 5)), 2).shape
        (5, 3, 4)
    """
    if not _traced(a):
        return onp.rollaxis(a, axis, start)
    x: Array = as_operand(a)
    nd = ndim(x)
    ax = norm_axes(axis, nd, "np.rollaxis")[0] + nd
    st = operator.index(start)
    if not -nd <= st <= nd:
        raise np.exceptions.AxisError(f"np.rollaxis: start {st} is out of bounds for an array of dimension {nd}")
    if st < 0:
        st += nd
    if ax < st:
        st -= 1
    if ax == st:
        return x
    perm = [i for i in range(nd) if i != ax]
    perm.insert(st, ax)
    return transpose(x, perm)


def matrix_transpose(x: ArrayLike, /) -> Array:
    """Swap the last two axes (transpose each matrix of a stack).

    Args:
        x: an array-like with at least two dimensions.

    Returns:
        The transposed stack.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.matrix_transpose(np.ones((2, 3, 4))).shape
        (2, 4, 3)
    """
    if not _traced(x):
        return onp.matrix_transpose(x)
    x = as_operand(x)
    if ndim(x) < 2:
        raise ValueError(f"np.matrix_transpose: input array must be at least 2-dimensional, got {ndim(x)}")
    return swapaxes(x, -1, -2)


def permute_dims(a: ArrayLike, axes: Optional[Sequence[int]] = None) -> Array:
    """Permute the axes (the array API's name for ``transpose``).

    Args:
        a: an array-like.
        axes: a permutation of the axes, or None to reverse them.

    Returns:
        The permuted array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.permute_dims(np.ones((2, 3, 4)), (2, 0, 1)).shape
        (4, 2, 3)
    """
    return transpose(as_operand(a), axes)


# --- at least n dimensions --------------------------------------------------------------


def _atleast(arys: tuple[Any, ...], n: int) -> Any:
    out = []
    for a in arys:
        a = as_operand(a)
        s = shape(a)
        if len(s) < n:
            if n == 3:
                new = {0: (1, 1, 1), 1: (1,) + s + (1,), 2: s + (1,)}[len(s)]
            else:
                new = (1,) * (n - len(s)) + s
            a = reshape(a, new) if type(a) is Tracer else np.reshape(np.asarray(a), new)
        out.append(a if type(a) is Tracer else np.asarray(a))
    return out[0] if len(out) == 1 else tuple(out)


def atleast_1d(*arys: ArrayLike) -> Any:
    """Each argument as an array with at least one dimension.

    Args:
        *arys: array-likes.

    Returns:
        One array for one argument, a tuple of arrays for several.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.atleast_1d(1.0)
        array([1.])
    """
    if not _traced(*arys):
        return onp.atleast_1d(*arys)
    return _atleast(arys, 1)


def atleast_2d(*arys: ArrayLike) -> Any:
    """Each argument as an array with at least two dimensions (1-D arrays become rows).

    Args:
        *arys: array-likes.

    Returns:
        One array for one argument, a tuple of arrays for several.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.atleast_2d(np.ones(3)).shape
        (1, 3)
    """
    if not _traced(*arys):
        return onp.atleast_2d(*arys)
    return _atleast(arys, 2)


def atleast_3d(*arys: ArrayLike) -> Any:
    """Each argument as an array with at least three dimensions, as ``np.atleast_3d``.

    A 1-D array of length N becomes ``(1, N, 1)``, a 2-D ``(M, N)`` one ``(M, N, 1)``.

    Args:
        *arys: array-likes.

    Returns:
        One array for one argument, a tuple of arrays for several.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.atleast_3d(np.ones(3)).shape
        (1, 3, 1)
    """
    if not _traced(*arys):
        return onp.atleast_3d(*arys)
    return _atleast(arys, 3)


# --- splitting --------------------------------------------------------------------------


def _cut(x: Any, ranges: Sequence[tuple[int, int]], ax: int) -> list[Any]:
    """The pieces ``x[..., s:e, ...]`` (along the negative axis ``ax``) for each range.

    The pieces are cut by bisection: each half of the list of pieces is first
    sliced out of its parent as one block. A slice's reverse rule writes its
    cotangent into zeros of its parent's size, so cutting N pieces one by one
    out of the whole array would cost N times the array in the reverse sweep;
    by halves it costs the array once per level, log2(N) times.
    """
    nd = ndim(x)
    lead = _lead(nd, ax)
    out: list[Any] = [None] * len(ranges)

    def part(p: Any, base: int, lo: int, hi: int) -> Any:
        if lo == base and hi - base == shape(p)[ax]:
            return p
        return getitem(p, lead + (slice(lo - base, hi - base),))

    def rec(p: Any, base: int, which: list[int]) -> None:
        if len(which) == 1:
            i = which[0]
            out[i] = part(p, base, *ranges[i])
            return
        mid = len(which) // 2
        for group in (which[:mid], which[mid:]):
            lo = min(ranges[i][0] for i in group)
            hi = max(ranges[i][1] for i in group)
            rec(part(p, base, lo, hi), lo, group)

    if ranges:
        rec(x, 0, list(range(len(ranges))))
    return out


def _split_ranges(n: int, ios: Any, equal: bool, fn: str) -> list[tuple[int, int]]:
    """NumPy's pieces of an axis of length n: ``ios`` sections or split points."""
    if np.ndim(ios) == 0:
        k = operator.index(ios)
        if k <= 0:
            raise ValueError(f"{fn}: number sections must be larger than 0")
        if equal and n % k:
            raise ValueError(
                f"{fn}: array split does not result in an equal division ({n} into {k}); "
                "use np.array_split for unequal pieces"
            )
        each, extra = divmod(n, k)
        sizes = [each + 1] * extra + [each] * (k - extra)
        edges = [0] + list(itertools.accumulate(sizes))
        return list(zip(edges[:-1], edges[1:]))
    points = [0] + [operator.index(i) for i in ios] + [n]
    ranges = []
    for a, b in zip(points[:-1], points[1:]):
        s, e, _ = slice(a, b).indices(n)
        ranges.append((s, max(s, e)))
    return ranges


def _split(ary: Any, ios: Any, axis: int, equal: bool, fn: str) -> list[Any]:
    x = as_operand(ary)
    (ax,) = norm_axes(axis, ndim(x), fn)
    return _cut(x, _split_ranges(shape(x)[ax], ios, equal, fn), ax)


def array_split(ary: ArrayLike, indices_or_sections: Any, axis: int = 0) -> list[Array]:
    """Split into pieces along ``axis``; sections need not be equal, as ``np.array_split``.

    With N sections of an axis of length L, the first ``L % N`` pieces get one
    element more. The reverse sweep costs O(size * log(pieces)), not
    O(size * pieces): the pieces are cut by halves.

    Args:
        ary: an array-like.
        indices_or_sections: an int (the number of pieces) or a sequence of
            split points.
        axis: the axis to split.

    Returns:
        A list of arrays.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> [p.tolist() for p in fnp.array_split(np.arange(5.0), 2)]
        [[0.0, 1.0, 2.0], [3.0, 4.0]]
    """
    if not _traced(ary):
        return list(onp.array_split(ary, indices_or_sections, axis))
    return _split(ary, indices_or_sections, axis, False, "np.array_split")


def split(ary: ArrayLike, indices_or_sections: Any, axis: int = 0) -> list[Array]:
    """Split into equal pieces (an int) or at split points (a sequence), as ``np.split``.

    Args:
        ary: an array-like.
        indices_or_sections: an int that divides the axis's length, or a
            sequence of split points.
        axis: the axis to split.

    Returns:
        A list of arrays.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> [p.tolist() for p in fnp.split(np.arange(4.0), [1, 3])]
        [[0.0], [1.0, 2.0], [3.0]]
    """
    if not _traced(ary):
        return list(onp.split(ary, indices_or_sections, axis))
    return _split(ary, indices_or_sections, axis, True, "np.split")


def hsplit(ary: ArrayLike, indices_or_sections: Any) -> list[Array]:
    """Split along axis 1 (axis 0 for 1-D arrays), as ``np.hsplit``.

    Args:
        ary: an array-like with at least one dimension.
        indices_or_sections: as for :func:`split`.

    Returns:
        A list of arrays.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> [p.shape for p in fnp.hsplit(np.ones((2, 4)), 2)]
        [(2, 2), (2, 2)]
    """
    if not _traced(ary):
        return list(onp.hsplit(ary, indices_or_sections))
    x = as_operand(ary)
    if ndim(x) == 0:
        raise ValueError("np.hsplit only works on arrays of 1 or more dimensions")
    return _split(x, indices_or_sections, 1 if ndim(x) > 1 else 0, True, "np.hsplit")


def vsplit(ary: ArrayLike, indices_or_sections: Any) -> list[Array]:
    """Split along axis 0 an array with at least two dimensions, as ``np.vsplit``.

    Args:
        ary: an array-like with at least two dimensions.
        indices_or_sections: as for :func:`split`.

    Returns:
        A list of arrays.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> [p.shape for p in fnp.vsplit(np.ones((4, 2)), 2)]
        [(2, 2), (2, 2)]
    """
    if not _traced(ary):
        return list(onp.vsplit(ary, indices_or_sections))
    x = as_operand(ary)
    if ndim(x) < 2:
        raise ValueError("np.vsplit only works on arrays of 2 or more dimensions")
    return _split(x, indices_or_sections, 0, True, "np.vsplit")


def dsplit(ary: ArrayLike, indices_or_sections: Any) -> list[Array]:
    """Split along axis 2 an array with at least three dimensions, as ``np.dsplit``.

    Args:
        ary: an array-like with at least three dimensions.
        indices_or_sections: as for :func:`split`.

    Returns:
        A list of arrays.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> [p.shape for p in fnp.dsplit(np.ones((1, 2, 4)), 2)]
        [(1, 2, 2), (1, 2, 2)]
    """
    if not _traced(ary):
        return list(onp.dsplit(ary, indices_or_sections))
    x = as_operand(ary)
    if ndim(x) < 3:
        raise ValueError("np.dsplit only works on arrays of 3 or more dimensions")
    return _split(x, indices_or_sections, 2, True, "np.dsplit")


def unstack(x: ArrayLike, /, *, axis: int = 0) -> tuple[Array, ...]:
    """The slices of ``x`` along ``axis``, as a tuple (the inverse of ``stack``).

    Args:
        x: an array-like with at least one dimension.
        axis: the axis to unstack.

    Returns:
        A tuple of ``x.shape[axis]`` arrays, each without that axis.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> [p.tolist() for p in fnp.unstack(np.arange(4.0).reshape(2, 2))]
        [[0.0, 1.0], [2.0, 3.0]]
    """
    if not _traced(x):
        return tuple(onp.unstack(x, axis=axis))
    xa = as_operand(x)
    if ndim(xa) == 0:
        raise ValueError("np.unstack: input array must be at least 1-d")
    (ax,) = norm_axes(axis, ndim(xa), "np.unstack")
    s = shape(xa)
    rest = s[: len(s) + ax] + s[len(s) + ax + 1 :]
    pieces = _cut(xa, [(i, i + 1) for i in range(s[ax])], ax)
    return tuple(reshape(p, rest) for p in pieces)


# --- joining ----------------------------------------------------------------------------


def _cast(x: Any, dt: Any) -> Array:
    y: Array = x if dt is None or dtype(x) == np.dtype(dt) else astype(x, dt)
    return y


def concat(
    arrays: Sequence[ArrayLike], /, axis: Optional[int] = 0, out: None = None, *,
    dtype: Optional[DTypeLike] = None, casting: str = "same_kind",
) -> Array:
    """Join arrays along an existing axis (NumPy 2's name for ``concatenate``).

    Args:
        arrays: array-likes of equal shape except along ``axis``.
        axis: the axis to join along (None: flatten them first).
        out: not supported (must be None).
        dtype: the result's dtype, if given.
        casting: as NumPy's (for plain arrays).

    Returns:
        The joined array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.concat([np.ones(2), np.zeros(1)])
        array([1., 1., 0.])
    """
    if out is not None:
        raise TypeError("np.concat: out= is not supported by fad; use the returned array")
    if not _traced(*arrays):
        return onp.concatenate(arrays, axis=axis, dtype=dtype, casting=casting)
    xs = [as_operand(a) for a in arrays]
    if axis is None:
        xs, axis = [ravel(x) for x in xs], 0
    return _cast(concatenate(xs, axis=axis), dtype)


def dstack(tup: Sequence[ArrayLike]) -> Array:
    """Join arrays along axis 2, after making each at least 3-D (as ``atleast_3d``).

    Args:
        tup: a sequence of array-likes.

    Returns:
        The joined array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.dstack([np.ones(2), np.zeros(2)]).shape
        (1, 2, 2)
    """
    if not _traced(list(tup)):
        return onp.dstack(tup)
    xs = [_atleast((a,), 3) for a in tup]
    return concatenate(xs, axis=2)


def column_stack(tup: Sequence[ArrayLike]) -> Array:
    """Join 1-D arrays as the columns of a matrix (2-D arrays join along axis 1).

    Args:
        tup: a sequence of array-likes.

    Returns:
        The joined array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.column_stack([np.ones(2), np.zeros(2)])
        array([[1., 0.],
               [1., 0.]])
    """
    if not _traced(list(tup)):
        return onp.column_stack(tup)
    xs = []
    for a in tup:
        x = as_operand(a)
        if ndim(x) < 2:
            x = reshape(x, (-1, 1)) if type(x) is Tracer else np.reshape(x, (-1, 1))
        xs.append(x)
    return concatenate(xs, axis=1)


def row_stack(tup: Sequence[ArrayLike], *, dtype: Optional[DTypeLike] = None, casting: str = "same_kind") -> Array:
    """Join arrays as rows: NumPy's deprecated alias of :func:`vstack`.

    Args:
        tup: a sequence of array-likes.
        dtype: the result's dtype, if given.
        casting: as NumPy's (for plain arrays).

    Returns:
        The joined array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.row_stack([np.ones(2), np.zeros(2)]).shape
        (2, 2)
    """
    return vstack(tup, dtype=dtype, casting=casting)


def block(arrays: Any) -> Array:
    """Assemble an array from nested lists of blocks, as ``np.block``.

    The innermost lists join along the last axis, the next ones out along the
    second-to-last, and so on; blocks get leading length-1 axes as needed.

    Args:
        arrays: nested lists (not tuples) of array-likes, equally deep.

    Returns:
        The assembled array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.block([[np.eye(2), np.zeros((2, 1))]]).shape
        (2, 3)
    """
    if not has_tracer(arrays):
        return onp.block(arrays)

    def depth(a: Any, where: str) -> int:
        if type(a) is tuple:
            raise TypeError(f"np.block: {where} is a tuple; only lists can be used to arrange blocks")
        if type(a) is not list:
            return 0
        if not a:
            raise ValueError(f"np.block: {where} is an empty list")
        ds = {depth(e, f"{where}[{i}]") for i, e in enumerate(a)}
        if len(ds) > 1:
            raise ValueError(f"np.block: the lists in {where} are nested to different depths")
        return 1 + ds.pop()

    def leaves(a: Any) -> list[Any]:
        return [x for e in a for x in leaves(e)] if type(a) is list else [a]

    d = depth(arrays, "arrays")
    nd = max([d] + [ndim(x) for x in leaves(arrays)])

    def build(a: Any, level: int) -> Any:
        if level == d:
            x = as_operand(a)
            x = x if type(x) is Tracer else np.asarray(x)
            return reshape(x, (1,) * (nd - ndim(x)) + shape(x)) if ndim(x) < nd else x
        return concatenate([build(e, level + 1) for e in a], axis=level - d)

    out: Array = build(arrays, 0)
    return out


# --- adding and removing elements -------------------------------------------------------


def append(arr: ArrayLike, values: ArrayLike, axis: Optional[int] = None) -> Array:
    """``values`` appended to ``arr`` along ``axis`` (both flattened when None).

    Args:
        arr: an array-like.
        values: an array-like (of ``arr``'s shape but along ``axis`` when given).
        axis: the axis, or None.

    Returns:
        The joined copy.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.append(np.ones(2), [[3.0]])
        array([1., 1., 3.])
    """
    if not _traced(arr, values):
        return onp.append(arr, values, axis)
    x, v = as_operand(arr), as_operand(values)
    if axis is None:
        return concatenate([ravel(x), ravel(v)], axis=0)
    return concatenate([x, v], axis=axis)


def insert(arr: ArrayLike, obj: Any, values: ArrayLike, axis: Optional[int] = None) -> Array:
    """``values`` inserted before the indices ``obj`` along ``axis``, as ``np.insert``.

    The values take ``arr``'s dtype; ``obj`` (an int, slice or sequence of
    ints) is concrete. The result is NumPy's element for element (fad runs
    ``np.insert`` on element numbers and gathers).

    Args:
        arr: an array-like.
        obj: where to insert.
        values: what to insert (broadcast as NumPy does).
        axis: the axis, or None to insert into the flattened array.

    Returns:
        The new array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.insert(np.array([1.0, 2.0]), 1, 5.0)
        array([1., 5., 2.])
    """
    if not _traced(arr, values):
        return onp.insert(arr, concrete(obj), values, axis)
    x, v = as_operand(arr), as_operand(values)
    if dtype(v) != dtype(x):
        v = astype(v, dtype(x))
    n = math.prod(shape(x))
    ids = np.insert(_ids(shape(x)), concrete(obj), _ids(shape(v), n), axis)
    return _gather_ids([x, v], ids)


def delete(arr: ArrayLike, obj: Any, axis: Optional[int] = None) -> Array:
    """A copy without the entries ``obj`` along ``axis``, as ``np.delete``.

    Args:
        arr: an array-like.
        obj: an int, slice, sequence of ints or boolean mask (concrete).
        axis: the axis, or None for the flattened array.

    Returns:
        The new array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.delete(np.arange(4.0), [0, 2])
        array([1., 3.])
    """
    if not _traced(arr):
        return onp.delete(arr, concrete(obj), axis)
    x = as_operand(arr)
    return _gather_ids([x], np.delete(_ids(shape(x)), concrete(obj), axis))


def resize(a: ArrayLike, new_shape: Shape) -> Array:
    """An array of ``new_shape`` filled with repeated copies of ``a``'s elements, as ``np.resize``.

    Args:
        a: an array-like.
        new_shape: the new shape.

    Returns:
        The resized array (zeros when ``a`` is empty, as NumPy).

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.resize(np.array([1.0, 2.0, 3.0]), (2, 2))
        array([[1., 2.],
               [3., 1.]])
    """
    if not _traced(a):
        return onp.resize(a, new_shape)
    x = as_operand(a)
    if math.prod(shape(x)) == 0:
        return onp.resize(concrete(x), new_shape)
    return _gather_ids([x], np.resize(_ids(shape(x)), new_shape))


def trim_zeros(filt: ArrayLike, trim: str = "fb", axis: Axis = None) -> Array:
    """Trim leading (``"f"``) and/or trailing (``"b"``) zeros, as ``np.trim_zeros``.

    The cut is decided on the concrete values; the kept part is a slice, so
    derivatives flow to it (and not to the trimmed zeros).

    Args:
        filt: an array-like.
        trim: ``"f"``, ``"b"`` or ``"fb"`` (any case).
        axis: the axes to trim (None: all of them, by the bounding box of the
            non-zero entries).

    Returns:
        The trimmed array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.trim_zeros(np.array([0.0, 1.0, 2.0, 0.0]))
        array([1., 2.])
    """
    if not _traced(filt):
        return onp.trim_zeros(filt, trim, axis)
    x = as_operand(filt)
    t = trim.lower()
    if set(t) - {"f", "b"}:
        raise ValueError(f"np.trim_zeros: unexpected character(s) in `trim`: {trim!r}")
    v = np.asarray(concrete(x))
    nd = v.ndim
    index: list[slice] = [slice(None)] * nd
    nonzero = np.nonzero(v)
    for ax in norm_axes(axis, nd, "np.trim_zeros"):
        at = nonzero[ax]
        n = v.shape[ax]
        if at.size == 0:  # all zeros: NumPy trims the axis to nothing, from either end
            index[ax] = slice(0, 0)
            continue
        start = int(at.min()) if "f" in t else 0
        stop = int(at.max()) + 1 if "b" in t else n
        index[ax] = slice(start, stop)
    return getitem(x, tuple(index))


# --- differences and gradients ----------------------------------------------------------

_NO_VALUE: Any = getattr(np, "_NoValue")


def _diff_once(x: Any, ax: int) -> Any:
    lead = _lead(ndim(x), ax)
    return getitem(x, lead + (slice(1, None),)) - getitem(x, lead + (slice(None, -1),))


def diff(a: ArrayLike, n: int = 1, axis: int = -1, prepend: Any = _NO_VALUE, append: Any = _NO_VALUE) -> Array:
    """The n-th discrete difference along ``axis``: ``a[1:] - a[:-1]``, n times.

    Args:
        a: an array-like with at least one dimension.
        n: how many times to difference (0 returns ``a``, ignoring
            ``prepend`` and ``append``, as NumPy).
        axis: the axis.
        prepend, append: values joined to ``a`` along ``axis`` first (a scalar
            is broadcast to length 1 along ``axis``); may be traced.

    Returns:
        The differences (``n`` fewer entries along ``axis``).

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.diff(np.array([1.0, 4.0, 9.0]))
        array([3., 5.])
    """
    if not _traced(a, prepend, append):
        kw = {k: v for k, v in (("prepend", prepend), ("append", append)) if v is not _NO_VALUE}
        return onp.diff(a, n, axis, **kw)
    n = operator.index(n)
    if n < 0:
        raise ValueError(f"np.diff: order must be non-negative but got {n}")
    x: Array = as_operand(a)
    if n == 0:  # NumPy returns ``a`` itself, without prepend or append
        return x
    nd = ndim(x)
    if nd == 0:
        raise ValueError("np.diff requires input that is at least one dimensional")
    (ax,) = norm_axes(axis, nd, "np.diff")
    parts = []
    here = object()  # marks x's place between prepend and append
    for extra in (prepend, here, append):
        if extra is here:
            parts.append(x)
        elif extra is not _NO_VALUE:
            e = as_operand(extra)
            if ndim(e) == 0:
                s = list(shape(x))
                s[ax] = 1
                e = broadcast_to(e, tuple(s))
            parts.append(e)
    if len(parts) > 1:
        x = concatenate(parts, axis=ax)
    for _ in range(n):
        x = _diff_once(x, ax)
    return x


def ediff1d(ary: ArrayLike, to_end: Optional[ArrayLike] = None, to_begin: Optional[ArrayLike] = None) -> Array:
    """Differences of consecutive elements of the flattened array, with optional ends.

    Args:
        ary: an array-like.
        to_end: values appended after the differences (flattened).
        to_begin: values put before them (flattened).

    Returns:
        A 1-D array of ``ary``'s dtype.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.ediff1d(np.array([1.0, 2.0, 4.0]), to_begin=0.0)
        array([0., 1., 2.])
    """
    if not _traced(ary, to_end, to_begin):
        return onp.ediff1d(ary, to_end, to_begin)
    x = ravel(as_operand(ary))
    dt = dtype(x)
    parts = [_diff_once(x, -1)]
    if to_begin is not None:
        parts.insert(0, _cast(ravel(as_operand(to_begin)), dt))
    if to_end is not None:
        parts.append(_cast(ravel(as_operand(to_end)), dt))
    return concatenate(parts, axis=0) if len(parts) > 1 else parts[0]


def _gradient_axis(f: Any, h: Any, ax: int, edge_order: int) -> Any:
    """np.gradient along the negative axis ``ax``: second-order central
    differences inside, one-sided ones of order ``edge_order`` at the ends.
    ``h`` is a scalar spacing or the (1-D) coordinates. The non-uniform
    formulas are those of Fornberg (1988), as in NumPy's documentation."""
    nd = ndim(f)
    lead = _lead(nd, ax)

    def at(s: Any) -> Any:
        return getitem(f, lead + (s,))

    def along(c: Any) -> Any:  # a 1-D coefficient array lined up with axis ax
        return reshape(c, (-1,) + (1,) * (-ax - 1)) if ndim(c) else c

    if ndim(h) == 0:
        inner = (at(slice(2, None)) - at(slice(None, -2))) / (2.0 * h)
        if edge_order == 1:
            first = (at(slice(1, 2)) - at(slice(0, 1))) / h
            last = (at(slice(-1, None)) - at(slice(-2, -1))) / h
        else:
            first = (-1.5 / h) * at(slice(0, 1)) + (2.0 / h) * at(slice(1, 2)) + (-0.5 / h) * at(slice(2, 3))
            last = (0.5 / h) * at(slice(-3, -2)) + (-2.0 / h) * at(slice(-2, -1)) + (1.5 / h) * at(slice(-1, None))
    else:
        dx = h[1:] - h[:-1]
        d1, d2 = along(dx[:-1]), along(dx[1:])
        a = -d2 / (d1 * (d1 + d2))
        b = (d2 - d1) / (d1 * d2)
        c = d1 / (d2 * (d1 + d2))
        inner = a * at(slice(None, -2)) + b * at(slice(1, -1)) + c * at(slice(2, None))
        if edge_order == 1:
            first = (at(slice(1, 2)) - at(slice(0, 1))) / dx[0]
            last = (at(slice(-1, None)) - at(slice(-2, -1))) / dx[-1]
        else:
            d1, d2 = dx[0], dx[1]
            a = -(2.0 * d1 + d2) / (d1 * (d1 + d2))
            b = (d1 + d2) / (d1 * d2)
            c = -d1 / (d2 * (d1 + d2))
            first = a * at(slice(0, 1)) + b * at(slice(1, 2)) + c * at(slice(2, 3))
            d1, d2 = dx[-2], dx[-1]
            a = d2 / (d1 * (d1 + d2))
            b = -(d2 + d1) / (d1 * d2)
            c = (2.0 * d2 + d1) / (d2 * (d1 + d2))
            last = a * at(slice(-3, -2)) + b * at(slice(-2, -1)) + c * at(slice(-1, None))
    return concatenate([first, inner, last], axis=ax)


def gradient(f: ArrayLike, *varargs: Any, axis: Axis = None, edge_order: int = 1) -> Any:
    """The gradient of sampled values by finite differences, as ``np.gradient``.

    Second-order central differences inside, one-sided differences of order
    ``edge_order`` (1 or 2) at the boundaries.

    Args:
        f: an array-like of samples (integers are taken as float64).
        *varargs: the spacing: none (1.0), one scalar for every axis, or one
            per axis, each a scalar or the axis's coordinates (a 1-D array of
            its length; may be traced).
        axis: the axes to differentiate along (None: all).
        edge_order: 1 or 2.

    Returns:
        One array for one axis, else a tuple of arrays (one per axis).

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.gradient(np.array([1.0, 4.0, 9.0, 16.0]))
        array([3., 4., 6., 7.])
    """
    if not _traced(f, list(varargs)):
        return onp.gradient(f, *varargs, axis=axis, edge_order=edge_order)
    x = as_operand(f)
    if not np.issubdtype(dtype(x), np.inexact):
        x = astype(x, np.float64)
    nd = ndim(x)
    if axis is None:
        axes = tuple(range(-nd, 0))
    elif isinstance(axis, (int, np.integer)):
        axes = norm_axes(axis, nd, "np.gradient")
    else:  # in the order given
        axes = tuple(norm_axes(a, nd, "np.gradient")[0] for a in axis)
        if len(set(axes)) != len(axes):
            raise ValueError(f"np.gradient: repeated axis in {axis!r}")
    if len(varargs) == 0:
        spacing: list[Any] = [1.0] * len(axes)
    elif len(varargs) == 1 and ndim(varargs[0]) == 0:
        spacing = [varargs[0]] * len(axes)
    elif len(varargs) == len(axes):
        spacing = list(varargs)
    else:
        raise TypeError("np.gradient: invalid number of arguments (give no spacing, one scalar, or one per axis)")
    if edge_order not in (1, 2):
        raise ValueError("np.gradient: 'edge_order' greater than 2 not supported")
    out = []
    for ax, h in zip(axes, spacing):
        n = shape(x)[ax]
        if n < edge_order + 1:
            raise ValueError(
                "np.gradient: shape of array too small to calculate a numerical gradient, "
                "at least (edge_order + 1) elements are required."
            )
        h = as_operand(h)
        if ndim(h) == 1:
            if shape(h)[0] != n:
                raise ValueError("np.gradient: when 1d, distances must match the length of the corresponding dimension")
            hv = np.asarray(concrete(h))
            if np.issubdtype(hv.dtype, np.integer):
                h = astype(h, np.float64)
            dx = np.diff(np.asarray(concrete(h)))
            if type(h) is not Tracer and (dx == dx[0]).all():
                h = dx[0]  # uniform coordinates: NumPy's scalar formulas
        elif ndim(h) != 0:
            raise ValueError("np.gradient: distances must be either scalars or 1d")
        out.append(_cast(_gradient_axis(x, h, ax, edge_order), dtype(x)))  # f's dtype, as NumPy
    return out[0] if len(out) == 1 else tuple(out)


def unwrap(p: ArrayLike, discont: Optional[float] = None, axis: int = -1, *, period: float = 2 * np.pi) -> Array:
    """Unwrap phases: remove jumps larger than ``discont`` by adding multiples of ``period``.

    The corrections are whole periods, decided on the concrete values (as
    NumPy does), so they are constants: the derivative is that of ``p``.

    Args:
        p: an array-like of phases.
        discont: the smallest jump to remove (default and minimum ``period/2``).
        axis: the axis to unwrap along.
        period: the period of the values.

    Returns:
        The unwrapped phases.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.unwrap(np.array([0.0, 2.0, 4.0, 0.5])).round(3)
        array([0.   , 2.   , 4.   , 6.783])
    """
    if not _traced(p):
        return onp.unwrap(p, discont, axis, period=period)
    x = as_operand(p)
    if not np.issubdtype(dtype(x), np.inexact):
        x = astype(x, np.float64)
    nd = ndim(x)
    (ax,) = norm_axes(axis, nd, "np.unwrap")
    v = np.asarray(concrete(x))
    dd = np.diff(v, axis=ax)
    if discont is None:
        discont = period / 2
    high = period / 2
    ddmod = np.mod(dd + high, period) - high
    ddmod = np.where((ddmod == -high) & (dd > 0), high, ddmod)  # an exact half turn goes up
    correct = np.where(np.abs(dd) < discont, 0, ddmod - dd).astype(dd.dtype)
    lead = _lead(nd, ax)
    rest = getitem(x, lead + (slice(1, None),)) + np.cumsum(correct, axis=ax)
    return concatenate([getitem(x, lead + (slice(0, 1),)), rest], axis=ax)


# --- diagonal matrices, broadcasting, grids ------------------------------------------------


def diagflat(v: ArrayLike, k: int = 0) -> Array:
    """A square matrix with the flattened ``v`` on diagonal ``k``.

    Args:
        v: an array-like (flattened).
        k: the diagonal (positive: above the main one).

    Returns:
        The matrix.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.diagflat(np.array([[1.0, 2.0]]))
        array([[1., 0.],
               [0., 2.]])
    """
    if not _traced(v):
        return onp.diagflat(v, k)
    return diag(ravel(as_operand(v)), k)


def broadcast_arrays(*args: ArrayLike, subok: bool = False) -> tuple[Array, ...]:
    """The arguments broadcast against each other.

    Args:
        *args: array-likes.
        subok: as NumPy's (ignored for traced values).

    Returns:
        A tuple of arrays of the common shape.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> [a.shape for a in fnp.broadcast_arrays(np.ones(3), np.ones((2, 1)))]
        [(2, 3), (2, 3)]
    """
    if not _traced(*args):
        return tuple(onp.broadcast_arrays(*args, subok=subok))
    xs = [as_operand(a) for a in args]
    target = np.broadcast_shapes(*[shape(x) for x in xs])
    return tuple(broadcast_to(x, target) if type(x) is Tracer else np.broadcast_to(x, target) for x in xs)


def meshgrid(*xi: ArrayLike, copy: bool = True, sparse: bool = False, indexing: str = "xy") -> tuple[Array, ...]:
    """Coordinate arrays from coordinate vectors, as ``np.meshgrid``.

    Args:
        *xi: array-likes (each flattened): the coordinates along each axis.
        copy: as NumPy's (traced results are always new values).
        sparse: return arrays with length-1 axes instead of full grids.
        indexing: ``"xy"`` (Cartesian: the first two axes swapped) or ``"ij"``.

    Returns:
        A tuple of arrays.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> [g.shape for g in fnp.meshgrid(np.ones(3), np.ones(2))]
        [(2, 3), (2, 3)]
    """
    if indexing not in ("xy", "ij"):
        raise ValueError("np.meshgrid: valid values for `indexing` are 'xy' and 'ij'.")
    if not _traced(*xi):
        return tuple(onp.meshgrid(*xi, copy=copy, sparse=sparse, indexing=indexing))
    nd = len(xi)
    ones = (1,) * nd
    out = []
    for i, x in enumerate(xi):
        s = ones[:i] + (-1,) + ones[i + 1 :]
        if indexing == "xy" and nd > 1 and i < 2:
            s = ((1, -1) if i == 0 else (-1, 1)) + ones[2:]
        x = as_operand(x)
        out.append(reshape(x, s) if type(x) is Tracer else np.reshape(x, s))
    if sparse:
        return tuple(out)
    return broadcast_arrays(*out)


# --- r_ and c_ ----------------------------------------------------------------------------


class _AxisConcatenator:
    """NumPy's ``r_``/``c_`` index tricks, for items that may be traced.

    Items with no Tracer among them go to NumPy's own object.
    """

    def __init__(self, numpy_obj: Any, axis: int, ndmin: int, trans1d: int) -> None:
        self._numpy = numpy_obj
        self.axis, self.ndmin, self.trans1d = axis, ndmin, trans1d

    def __getitem__(self, key: Any) -> Array:
        if not has_tracer(key if type(key) is tuple else (key,)):
            return self._numpy[key]  # type: ignore[no-any-return]
        items = key if type(key) is tuple else (key,)
        axis, ndmin, trans1d = self.axis, self.ndmin, self.trans1d
        objs: list[Any] = []
        kinds: list[Any] = []
        for k, item in enumerate(items):
            if isinstance(item, str):
                if k != 0:
                    raise ValueError("r_/c_: special directives must be the first entry")
                if item in ("r", "c"):
                    raise ValueError("r_/c_: the 'r' and 'c' directives make np.matrix, which fad does not trace")
                try:
                    vec = [int(s) for s in item.split(",")]
                except ValueError:
                    raise ValueError(f"r_/c_: unknown special directive {item!r}") from None
                if len(vec) == 1:
                    axis = vec[0]
                else:
                    axis, ndmin = vec[0], vec[1]
                    if len(vec) == 3:
                        trans1d = vec[2]
                continue
            if isinstance(item, slice):
                start = 0 if item.start is None else item.start
                step = 1 if item.step is None else item.step
                if isinstance(step, (complex, np.complexfloating)):
                    obj: Any = np.linspace(start, item.stop, num=int(abs(complex(step))))
                else:
                    obj = np.arange(start, item.stop, step)
                if ndmin > 1:
                    obj = np.array(obj, ndmin=ndmin)
                    if trans1d != -1:
                        obj = obj.swapaxes(-1, trans1d)
                kinds.append(obj.dtype)
            elif type(item) is not Tracer and type(item) in (int, float, complex, bool) or isinstance(item, np.generic):
                obj = np.array(item, ndmin=ndmin)
                kinds.append(item)
            else:
                obj = as_operand(item)
                obj = obj if type(obj) is Tracer else np.asarray(obj)
                item_nd = ndim(obj)
                if item_nd < ndmin:
                    obj = reshape(obj, (1,) * (ndmin - item_nd) + shape(obj))
                    if trans1d != -1:
                        k2 = ndmin - item_nd
                        k1 = trans1d + k2 + 1 if trans1d < 0 else trans1d
                        order = list(range(ndmin))
                        obj = transpose(obj, order[:k1] + order[k2:] + order[k1:k2])
                kinds.append(dtype(obj))
            objs.append(obj)
        final = np.result_type(*kinds)
        objs = [_cast(o, final) if type(o) is Tracer else np.asarray(o, final) for o in objs]
        return concatenate(objs, axis=axis)


r_ = _AxisConcatenator(np.r_, 0, 1, -1)
"""Join slices, scalars and arrays along the first axis: ``fnp.r_[x, 0.0, 1:3]``.
Items may be traced (plain NumPy's ``np.r_`` cannot see a Tracer); a slice
``a:b:c`` is ``arange(a, b, c)``, and ``a:b:nj`` is ``linspace(a, b, n)``."""

c_ = _AxisConcatenator(np.c_, -1, 2, 0)
"""Join along the last axis, 1-D items as columns: ``fnp.c_[x, y]``. Items may be traced."""


# --- applying functions ------------------------------------------------------------------


def apply_along_axis(func1d: Callable[..., Any], axis: int, arr: ArrayLike, *args: Any, **kwargs: Any) -> Array:
    """Apply ``func1d`` to each 1-D slice of ``arr`` along ``axis``, as ``np.apply_along_axis``.

    On traced values ``func1d`` receives traced slices, so it must be written
    with fad.numpy (or NumPy calls that dispatch to it).

    Args:
        func1d: a function of a 1-D array.
        axis: the axis of the slices.
        arr: an array-like.
        *args, **kwargs: passed on to ``func1d``.

    Returns:
        The results, with ``func1d``'s output axes in place of ``axis``.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.apply_along_axis(fnp.diff, 1, np.array([[1.0, 3.0], [2.0, 7.0]]))
        array([[2.],
               [5.]])
    """
    if not _traced(arr):
        return onp.apply_along_axis(func1d, axis, arr, *args, **kwargs)
    x = as_operand(arr)
    nd = ndim(x)
    (ax,) = norm_axes(axis, nd, "np.apply_along_axis")
    moved = moveaxis(x, ax, -1)
    outer = shape(moved)[:-1]
    m = math.prod(outer)
    if m == 0:
        raise ValueError("np.apply_along_axis: cannot apply_along_axis when any iteration dimensions are 0")
    rows = unstack(reshape(moved, (m, shape(moved)[-1])))
    res = [as_operand(func1d(r, *args, **kwargs)) for r in rows]
    out = stack(res)
    rs = shape(out)[1:]
    out = reshape(out, outer + rs)
    a = nd + ax
    perm = list(range(a)) + list(range(len(outer), len(outer) + len(rs))) + list(range(a, len(outer)))
    return transpose(out, perm)


def apply_over_axes(func: Callable[[Any, int], Any], a: ArrayLike, axes: Union[int, Sequence[int]]) -> Array:
    """Apply ``func(a, axis)`` repeatedly over ``axes``, keeping the number of dimensions.

    Args:
        func: a function ``func(array, axis)`` that keeps or removes that axis.
        a: an array-like.
        axes: an int or a sequence of ints.

    Returns:
        The result, with as many dimensions as ``a``.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.apply_over_axes(fnp.sum, np.ones((2, 3)), [0, 1])
        array([[6.]])
    """
    if not _traced(a):
        return onp.apply_over_axes(func, a, axes)
    val = as_operand(a)
    nd = ndim(val)
    for axis in np.atleast_1d(np.asarray(axes)).tolist():
        if axis < 0:
            axis += nd
        res = as_operand(func(val, axis))
        if ndim(res) != ndim(val):
            res = expand_dims(res, axis)
            if ndim(res) != ndim(val):
                raise ValueError("np.apply_over_axes: function is not returning an array of the correct shape")
        val = res
    return val  # type: ignore[no-any-return]

NUMPY: dict[Any, Callable[..., Any]] = {
    np.ravel: ravel, np.stack: stack, np.hstack: hstack, np.vstack: vstack,
    np.expand_dims: expand_dims, np.squeeze: squeeze, np.swapaxes: swapaxes,
    np.flip: flip, np.fliplr: fliplr, np.flipud: flipud, np.tril: tril,
    np.triu: triu, np.diag: diag, np.diagonal: diagonal, np.tile: tile,
    np.repeat: repeat, np.sort: sort, np.pad: pad,
    np.roll: roll, np.rot90: rot90, np.rollaxis: rollaxis, np.matrix_transpose: matrix_transpose,
    np.atleast_1d: atleast_1d, np.atleast_2d: atleast_2d,
    np.atleast_3d: atleast_3d, np.split: split, np.array_split: array_split, np.hsplit: hsplit,
    np.vsplit: vsplit, np.dsplit: dsplit, np.unstack: unstack, np.dstack: dstack,
    np.column_stack: column_stack, np.row_stack: row_stack, np.block: block, np.append: append,
    np.insert: insert, np.delete: delete, np.resize: resize, np.trim_zeros: trim_zeros,
    np.diff: diff, np.ediff1d: ediff1d, np.gradient: gradient, np.unwrap: unwrap,
    np.diagflat: diagflat, np.broadcast_arrays: broadcast_arrays, np.meshgrid: meshgrid,
    np.apply_along_axis: apply_along_axis, np.apply_over_axes: apply_over_axes,
}
"""NumPy's ufuncs and functions -> this module's functions of the same meaning
(``fad.numpy._dispatch`` gathers the families' tables for NumPy's dispatch)."""
