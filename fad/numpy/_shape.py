"""Shape and layout: reshape, transpose, broadcast, concatenate, casts.

Rules here take tangents and cotangents with extra leading batch axes: they
count them as the difference in rank between the (co)tangent and the primal.
"""

from __future__ import annotations

import itertools
import math
from typing import Any, Optional, Sequence

import numpy as np

from fad._primitive import Primitive, defjvp, defjvp_all, defvjp, defvjp_argnum
from fad._trace import Tracer, bind, concrete
from fad.numpy import _reductions as R
from fad.numpy import _util
from fad.numpy._util import Array, ArrayLike, as_operand, dtype, nbatch, ndim, norm_axes, shape

__all__ = [
    "reshape", "transpose", "broadcast_to", "concatenate", "stack", "hstack", "vstack",
    "expand_dims", "squeeze", "moveaxis", "swapaxes", "ravel", "astype", "unbroadcast",
    "expand_batched", "broadcast_batched",
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
