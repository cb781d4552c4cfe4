"""Shape and layout: reshape, transpose, broadcast, concatenate, casts; flips,
triangles, diagonals, tiling, repeating, sorting and padding.

Rules here take tangents and cotangents with extra leading batch axes: they
count them as the difference in rank between the (co)tangent and the primal.
"""

from __future__ import annotations

import itertools
import math
import operator
from typing import Any, Optional, Sequence

import numpy as np

from fad._primitive import Primitive, defjvp, defjvp_all, defvjp, defvjp_argnum
from fad._trace import Tracer, bind, concrete
from fad.numpy import _elementwise as E
from fad.numpy import _reductions as R
from fad.numpy import _util
from fad.numpy._indexing import getitem, index_update
from fad.numpy._util import Array, ArrayLike, Axis, as_operand, dtype, nbatch, ndim, norm_axes, shape

__all__ = [
    "reshape", "transpose", "broadcast_to", "concatenate", "stack", "hstack", "vstack",
    "expand_dims", "squeeze", "moveaxis", "swapaxes", "ravel", "astype", "unbroadcast",
    "expand_batched", "broadcast_batched",
    "flip", "fliplr", "flipud", "tril", "triu", "diag", "diagonal", "tile", "repeat", "sort", "pad",
]


# --- reshape --------------------------------------------------------------------

reshape_p = Primitive("reshape", np.reshape, batchable=True, exact_shapes=True, saves=((), False))


def reshape(x: ArrayLike, newshape: Any) -> Array:
    """Give ``x`` a new shape with the same number of elements.

    Args:
        x: an array-like.
        newshape: an int or tuple of ints; one entry may be -1.

    Returns:
        The reshaped array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.reshape(np.arange(6.0), (2, -1)).shape
        (2, 3)
    """
    if type(x) is not Tracer:
        return np.reshape(x, newshape)
    if isinstance(newshape, (int, np.integer)):
        newshape = (int(newshape),)
    newshape = tuple(int(s) for s in newshape)
    if -1 in newshape:  # resolve it so that rules can prepend batch axes
        size = math.prod(shape(x))
        known = math.prod([s for s in newshape if s != -1])
        if newshape.count(-1) > 1 or known == 0 or size % known:
            raise ValueError(f"cannot reshape an array of shape {shape(x)} into {newshape}")
        newshape = tuple(size // known if s == -1 else s for s in newshape)
    if math.prod(newshape) != math.prod(shape(x)):
        raise ValueError(f"cannot reshape an array of shape {shape(x)} into {newshape}")
    if newshape == shape(x):
        return x
    return bind(reshape_p, x, newshape)


defvjp(reshape_p, lambda y, ybar, x, s: reshape(ybar, shape(ybar)[: nbatch(ybar, y)] + shape(x)))
defjvp(reshape_p, lambda xdot, y, x, s: reshape(xdot, shape(xdot)[: nbatch(xdot, x)] + s))


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


def expand_dims(x: ArrayLike, axis: Any) -> Array:
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


def squeeze(x: ArrayLike, axis: Any = None) -> Array:
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


# --- transpose ------------------------------------------------------------------

transpose_p = Primitive("transpose", np.transpose, batchable=True, exact_shapes=True, saves=((), False))


def _batched_perm(perm: Sequence[int], nb: int) -> tuple[int, ...]:
    return tuple(range(nb)) + tuple(nb + p for p in perm)


def transpose(x: ArrayLike, axes: Optional[Sequence[int]] = None) -> Array:
    """Permute the axes of ``x`` (reverse them when ``axes`` is None).

    Args:
        x: an array-like.
        axes: a permutation of ``range(x.ndim)``, or None.

    Returns:
        The transposed array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.transpose(np.ones((2, 3))).shape
        (3, 2)
    """
    if type(x) is not Tracer:
        return np.transpose(x, axes)
    nd = ndim(x)
    perm = tuple(range(nd))[::-1] if axes is None else tuple(int(a) % max(nd, 1) for a in axes)
    if sorted(perm) != list(range(nd)):
        raise ValueError(f"transpose: axes {axes!r} are not a permutation of {nd} axes")
    if perm == tuple(range(nd)):
        return x
    return bind(transpose_p, x, perm)


def _inverse(perm: Sequence[int]) -> tuple[int, ...]:
    return tuple(int(i) for i in np.argsort(perm))


defvjp(
    transpose_p,
    lambda y, ybar, x, axes: transpose(ybar, _batched_perm(_inverse(axes), nbatch(ybar, y))),
)
defjvp(
    transpose_p,
    lambda xdot, y, x, axes: transpose(xdot, _batched_perm(axes, nbatch(xdot, x))),
)


def moveaxis(x: ArrayLike, source: Any, destination: Any) -> Array:
    """Move axes to new positions.

    Args:
        x: an array-like.
        source: an int or tuple of ints.
        destination: an int or tuple of ints, as many as ``source``.

    Returns:
        The array with its axes moved.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.moveaxis(np.ones((2, 3, 4)), 0, -1).shape
        (3, 4, 2)
    """
    x = as_operand(x)
    nd = ndim(x)
    src = [int(s) % nd for s in np.atleast_1d(source)]
    dst = [int(d) % nd for d in np.atleast_1d(destination)]
    order = [n for n in range(nd) if n not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return transpose(x, order)


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


# --- broadcasting -----------------------------------------------------------------

broadcast_to_p = Primitive(
    "broadcast_to", np.broadcast_to, batchable=True, exact_shapes=True, saves=((), False)
)


def broadcast_to(x: ArrayLike, newshape: Any) -> Array:
    """Broadcast ``x`` to ``newshape`` (a read-only view on plain arrays).

    Args:
        x: an array-like.
        newshape: the target shape.

    Returns:
        The broadcast array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.broadcast_to(np.ones(3), (2, 3)).shape
        (2, 3)
    """
    if type(x) is not Tracer:
        return np.broadcast_to(x, newshape)
    if isinstance(newshape, (int, np.integer)):
        newshape = (newshape,)
    newshape = tuple(int(s) for s in newshape)
    if shape(x) == newshape:
        return x
    return bind(broadcast_to_p, x, newshape)


def expand_batched(t: Any, primal_shape: tuple[int, ...], nb: int) -> Any:
    """Insert length-1 axes after the batch axes so ``t`` has the primal's rank.

    Args:
        t: a (co)tangent with ``nb`` leading batch axes.
        primal_shape: the shape of the value ``t`` should line up with.
        nb: the number of batch axes.

    Returns:
        ``t`` reshaped to ``batch + (1,)*k + t.shape[nb:]`` of full rank.
    """
    ts = shape(t)
    missing = len(primal_shape) - (len(ts) - nb)
    if missing <= 0:
        return t
    return reshape(t, ts[:nb] + (1,) * missing + ts[nb:])


def broadcast_batched(t: Any, target: tuple[int, ...], nb: int) -> Any:
    """Broadcast a (co)tangent with ``nb`` batch axes to ``batch + target``.

    Args:
        t: the (co)tangent.
        target: the shape without batch axes.
        nb: the number of batch axes.

    Returns:
        The broadcast (co)tangent.
    """
    t = expand_batched(t, target, nb)
    return broadcast_to(t, shape(t)[:nb] + tuple(target))


def unbroadcast(t: Any, target: tuple[int, ...], nb: int = 0) -> Any:
    """Sum a (co)tangent back to ``batch + target`` after broadcasting.

    Leading axes beyond ``target``'s rank are summed away, and so are axes where
    ``target`` has length 1. The first ``nb`` (batch) axes are kept.

    Args:
        t: a cotangent of the broadcast shape, with ``nb`` batch axes.
        target: the shape of the argument that was broadcast.
        nb: the number of leading batch axes.

    Returns:
        A cotangent of shape ``t.shape[:nb] + target``.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.unbroadcast(np.ones((2, 3)), (3,))
        array([2., 2., 2.])
    """
    ts = shape(t)
    target = tuple(target)
    if ts[nb:] == target:
        return t
    lead = len(ts) - nb - len(target)
    axes = tuple(range(nb, nb + lead)) + tuple(
        nb + lead + i for i, n in enumerate(target) if n == 1 and ts[nb + lead + i] != 1
    )
    if axes:
        t = R.sum(t, axis=axes)
    want = ts[:nb] + target
    if shape(t) != want:
        t = reshape(t, want)
    return t


defvjp(broadcast_to_p, lambda y, ybar, x, s: unbroadcast(ybar, shape(x), nbatch(ybar, y)))
defjvp(broadcast_to_p, lambda xdot, y, x, s: broadcast_batched(xdot, s, nbatch(xdot, x)))


# --- concatenate and stack ------------------------------------------------------


def _concat_impl(*xs: Any, axis: int, offsets: tuple[int, ...]) -> Any:
    return np.concatenate(xs, axis=axis)


concatenate_p = Primitive(
    "concatenate", _concat_impl, batchable=True, exact_shapes=True, saves=((), False)
)


def concatenate(arrays: Sequence[ArrayLike], axis: int = 0) -> Array:
    """Join arrays along an existing axis.

    Args:
        arrays: a sequence of array-likes of equal shape except along ``axis``.
        axis: the axis to join along.

    Returns:
        The joined array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.concatenate([np.ones(2), np.zeros(3)]).shape
        (5,)
    """
    if not any(type(a) is Tracer for a in arrays):
        return np.concatenate(arrays, axis=axis)
    xs = [as_operand(a) for a in arrays]
    nd = ndim(xs[0])
    if nd == 0:
        raise ValueError("concatenate: zero-dimensional arrays cannot be concatenated; use stack")
    (ax,) = norm_axes(axis, nd, "concatenate")
    offsets = (0,) + tuple(itertools.accumulate(shape(x)[ax] for x in xs))
    return bind(concatenate_p, *xs, axis=ax, offsets=offsets)


def _concat_vjp(i: int, y: Any, ybar: Any, *xs: Any, axis: int, offsets: tuple[int, ...]) -> Any:
    """The part of ybar (along ``axis``, counted from the end) that came from xs[i]."""
    index = (slice(None),) * (ndim(ybar) + axis) + (slice(offsets[i], offsets[i + 1]),)
    return ybar[index]


def _concat_jvp(xdots: Sequence[Any], y: Any, *xs: Any, axis: int, offsets: tuple[int, ...]) -> Any:
    """All arguments' tangents at once: one concatenation, zeros where none."""
    i, t = next((i, t) for i, t in enumerate(xdots) if t is not None)
    batch = shape(t)[: nbatch(t, xs[i])]
    parts = [np.zeros(batch + shape(x), dtype(t)) if d is None else d for d, x in zip(xdots, xs)]
    return concatenate(parts, axis=axis)


defvjp_argnum(concatenate_p, _concat_vjp)
defjvp_all(concatenate_p, _concat_jvp)


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


astype_p = Primitive("astype", _astype_impl, elementwise=True, saves=((), False))


def astype(x: ArrayLike, new_dtype: Any) -> Array:
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
    new_dtype = np.dtype(new_dtype)
    if not np.issubdtype(new_dtype, np.inexact):
        return _astype_impl(concrete(x), new_dtype)
    if type(x) is not Tracer:
        return _astype_impl(x, new_dtype)
    if dtype(x) == new_dtype:
        return x
    return bind(astype_p, x, dtype=new_dtype)


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
        return np.flip(x, axis if axis is None or isinstance(axis, int) else tuple(axis))
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
        return np.fliplr(x)
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
        return np.flipud(x)
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
        return np.tril(x, k)
    if ndim(x) < 1:
        raise ValueError("tril needs an array with at least one dimension")
    return E.where(_tri(x, k), x, np.zeros((), dtype(x)))


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
        return np.triu(x, k)
    if ndim(x) < 1:
        raise ValueError("triu needs an array with at least one dimension")
    return E.where(_tri(x, k - 1), np.zeros((), dtype(x)), x)


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
        return np.diagonal(x, offset, axis1, axis2)
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


def tile(x: ArrayLike, reps: Any) -> Array:
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
        return np.tile(x, reps)
    r = (operator.index(reps),) if np.ndim(reps) == 0 else tuple(operator.index(n) for n in reps)
    s = shape(x)
    d = max(len(r), len(s))
    r = (1,) * (d - len(r)) + r
    s = (1,) * (d - len(s)) + s
    spread = tuple(n for pair in zip((1,) * d, s) for n in pair)
    wide = tuple(n for pair in zip(r, s) for n in pair)
    out = broadcast_to(reshape(x, spread), wide)
    return reshape(out, tuple(a * b for a, b in zip(r, s)))


def repeat(x: ArrayLike, repeats: Any, axis: Optional[int] = None) -> Array:
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
        return np.repeat(x, repeats, axis)
    if axis is None:
        x = ravel(x)
        axis = 0
    (ax,) = norm_axes(axis, ndim(x), "repeat")
    idx = np.repeat(np.arange(shape(x)[ax]), np.asarray(concrete(repeats)))
    return getitem(x, (slice(None),) * (ndim(x) + ax) + (idx,))


def sort(x: ArrayLike, axis: Optional[int] = -1, kind: Any = None, order: Any = None) -> Array:
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
        return np.sort(x, axis=axis, kind=kind)
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
_np_pad: Any = np.pad


def pad(x: ArrayLike, pad_width: Any, mode: str = "constant", constant_values: Any = 0) -> Array:
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
    x = as_operand(x)
    s = shape(x)
    widths = np.broadcast_to(np.asarray(pad_width), (len(s), 2))
    if not np.issubdtype(widths.dtype, np.integer) or (widths < 0).any():
        raise ValueError(f"pad: pad_width must be non-negative ints, got {pad_width!r}")
    if mode == "constant":
        inner = tuple(slice(int(b), int(b) + n) for (b, _), n in zip(widths, s))
        if type(constant_values) is Tracer:
            if ndim(constant_values) != 0:
                raise ValueError("pad: a traced constant_values must be a scalar")
            c = constant_values if dtype(constant_values) == dtype(x) else astype(constant_values, dtype(x))
            big = tuple(int(b) + n + int(a) for (b, a), n in zip(widths, s))
            return index_update(broadcast_to(c, big), inner, x)
        base = np.pad(np.zeros(s, dtype(x)), widths, mode="constant", constant_values=constant_values)
        return index_update(base, inner, x)
    for i, ((b, a), n) in enumerate(zip(widths, s)):
        if b == 0 and a == 0:
            continue
        idx = _np_pad(np.arange(n), (int(b), int(a)), mode=mode)
        x = getitem(x, (slice(None),) * i + (idx,))
    return x
