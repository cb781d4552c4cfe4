"""The structural primitives every family of ``fad.numpy`` builds on, as JAX's
``lax`` sits under ``jax.numpy``: reshape, transpose, broadcast, sum,
concatenate, select (``where``), gather (``getitem``) and its transpose
scatter-add, and the functional updates ``x.at[i].set/add``; with the helpers
that move (co)tangents between shapes: ``unbroadcast``, ``unreduce`` and the
batching helpers ``expand_batched`` and ``broadcast_batched``.

Their rules are written with each other only, so this module imports nothing
from ``fad.numpy`` but ``_util``; every family imports from here, and from the
families below it, never from one above (see ``tests/test_layering.py``).

Rules here take tangents and cotangents with extra leading batch axes: they
count them as the difference in rank between the (co)tangent and the primal,
and they address the primal's axes from the end.
"""

from __future__ import annotations

import itertools
import math
from typing import Any, Callable, Optional, Sequence, Union

import numpy as np

from fad._primitive import Kind, Primitive, defjvp, defjvp_joint, defvjp, defvjp_joint
from fad._tracer import Tracer, concrete
from fad.numpy._util import (
    Array, ArrayLike, Axis, IndexLike, Shape, bind, dtype, has_tracer, nbatch, ndim, norm_axes, onp, shape,
)

__all__ = [
    "reshape", "transpose", "moveaxis", "broadcast_to", "concatenate", "where",
    "getitem", "index_update", "index_add", "unbroadcast",
]
# Also for the other families and the core (imported by name, not public):
# as_operand, unreduce, expand_batched, broadcast_batched, and sum (axis and
# keepdims only: the public fnp.sum, with all of NumPy's keywords, is
# _reductions.sum, built on it).


# --- reshape --------------------------------------------------------------------

reshape_p = Primitive("reshape", np.reshape, kind=Kind.STRUCTURAL, saves=())


def reshape(x: ArrayLike, newshape: Shape) -> Array:
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
        return onp.reshape(x, newshape)
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


# --- transpose ------------------------------------------------------------------

transpose_p = Primitive("transpose", np.transpose, kind=Kind.STRUCTURAL, saves=())


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
        return onp.transpose(x, axes)
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


def moveaxis(
    x: ArrayLike, source: Union[int, Sequence[int]], destination: Union[int, Sequence[int]]
) -> Array:
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


# --- broadcasting -----------------------------------------------------------------

broadcast_to_p = Primitive(
    "broadcast_to", np.broadcast_to, kind=Kind.STRUCTURAL, saves=()
)


def broadcast_to(x: ArrayLike, newshape: Shape) -> Array:
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
        return onp.broadcast_to(x, newshape)
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


def unbroadcast(t: Array, target: Sequence[int], nb: int = 0) -> Array:
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
        t = sum(t, axis=axes)
    want = ts[:nb] + target
    if shape(t) != want:
        t = reshape(t, want)
    return t


defvjp(broadcast_to_p, lambda y, ybar, x, s: unbroadcast(ybar, shape(x), nbatch(ybar, y)))
defjvp(broadcast_to_p, lambda xdot, y, x, s: broadcast_batched(xdot, s, nbatch(xdot, x)))


# --- sum -------------------------------------------------------------------------

_add_reduce: Callable[..., Array] = np.add.reduce


def _sum_impl(x: Any, axis: tuple[int, ...], keepdims: bool) -> Any:
    return _add_reduce(x, axis=axis, keepdims=keepdims)


sum_p = Primitive("sum", _sum_impl, kind=Kind.STRUCTURAL, saves=())


def sum(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Sum of elements over ``axis`` (all axes when None).

    Args:
        x: an array-like.
        axis: None, an int or a tuple of ints.
        keepdims: keep the reduced axes with length 1.

    Returns:
        The sum.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.sum(np.ones((2, 3)), axis=1)
        array([3., 3.])
    """
    if type(x) is not Tracer:
        return _add_reduce(x, axis=axis, keepdims=keepdims)  # np.sum without its wrapper
    axes = norm_axes(axis, ndim(x), "sum")
    return bind(sum_p, x, axis=axes, keepdims=keepdims)


def unreduce(t: Any, x: Any, axis: tuple[int, ...], keepdims: bool) -> Any:
    """A reduction's output, or its (co)tangent, with the reduced axes put back as length 1.

    Args:
        t: the reduction of ``x`` over ``axis`` (or a (co)tangent of it, with
            leading batch axes).
        x: the reduced array (or its shape stand-in).
        axis: the reduced axes, as negative ints.
        keepdims: whether the reduction kept them already.

    Returns:
        ``t``, reshaped to broadcast against ``x`` (batch axes first).

    Example:
        >>> unreduce(np.ones((5, 2)), np.ones((2, 3)), (-1,), False).shape
        (5, 2, 1)
    """
    if keepdims:
        return t
    nb = ndim(t) - (ndim(x) - len(axis))
    full = list(shape(t)[:nb] + shape(x))
    for a in axis:
        full[a] = 1
    return reshape(t, tuple(full))


defvjp(
    sum_p,
    lambda y, ybar, x, axis, keepdims: broadcast_to(
        unreduce(ybar, x, axis, keepdims), shape(ybar)[: nbatch(ybar, y)] + shape(x)
    ),
)
defjvp(sum_p, lambda xdot, y, x, axis, keepdims: sum(xdot, axis=axis, keepdims=keepdims))


# --- concatenate ------------------------------------------------------------------


def _concat_impl(*xs: Any, axis: int, offsets: tuple[int, ...]) -> Any:
    return np.concatenate(xs, axis=axis)


concatenate_p = Primitive(
    "concatenate", _concat_impl, kind=Kind.STRUCTURAL, saves=()
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
        return onp.concatenate(arrays, axis=axis)
    xs = [as_operand(a) for a in arrays]
    nd = ndim(xs[0])
    if nd == 0:
        raise ValueError("concatenate: zero-dimensional arrays cannot be concatenated; use stack")
    (ax,) = norm_axes(axis, nd, "concatenate")
    offsets = (0,) + tuple(itertools.accumulate(shape(x)[ax] for x in xs))
    return bind(concatenate_p, *xs, axis=ax, offsets=offsets)


def as_operand(x: Any) -> Any:
    """An array-like argument as the rules need it: a list or tuple becomes an
    array, a Tracer when it holds traced values (``fnp.mean([x, y])``); anything
    else passes through.

    Example:
        >>> import fad
        >>> float(fad.grad(lambda x: sum(as_operand([[x, 1.0], [2.0, x]])[0, :]))(3.0))
        1.0
    """
    if (type(x) is not list and type(x) is not tuple):
        return x
    if not has_tracer(x):
        return np.asarray(x)
    return _stack_nested(x)


_SEQ = (list, tuple)


def _stack_nested(obj: Any) -> Any:
    """Nested lists holding Tracers -> one Tracer (NumPy's ``array`` of them).
    Recursion only as deep as the array has axes."""
    if (type(obj) is not list and type(obj) is not tuple):
        return obj if type(obj) is Tracer else np.asarray(obj)
    parts = [_stack_nested(o) for o in obj]
    shapes = {shape(p) for p in parts}
    if len(shapes) != 1:
        raise ValueError(
            "setting an array element with a sequence: the nested lists have an inhomogeneous "
            f"shape (parts of shapes {sorted(shapes)})"
        )
    (s,) = shapes
    if not parts:
        return np.zeros((0,))
    return concatenate([reshape(p, (1,) + s) for p in parts], axis=0)


def _concat_vjp(
    needed: Sequence[bool], y: Any, ybar: Any, *xs: Any, axis: int, offsets: tuple[int, ...]
) -> list[Any]:
    """Each piece's cotangent: the part of ybar (along ``axis``, counted from the
    end) that came from it."""
    lead = (slice(None),) * (ndim(ybar) + axis)
    return [
        ybar[lead + (slice(offsets[i], offsets[i + 1]),)] if w else None
        for i, w in enumerate(needed)
    ]


def _concat_jvp(xdots: Sequence[Any], y: Any, *xs: Any, axis: int, offsets: tuple[int, ...]) -> Any:
    """All arguments' tangents at once: one concatenation, zeros where none."""
    i, t = next((i, t) for i, t in enumerate(xdots) if t is not None)
    batch = shape(t)[: nbatch(t, xs[i])]
    parts = [np.zeros(batch + shape(x), dtype(t)) if d is None else d for d, x in zip(xdots, xs)]
    return concatenate(parts, axis=axis)


defvjp_joint(concatenate_p, _concat_vjp)
defjvp_joint(concatenate_p, _concat_jvp)


# --- select -------------------------------------------------------------------------

where_p = Primitive("where", np.where, kind=Kind.ELEMENTWISE, saves=(0,))  # the condition


def where(condition: ArrayLike, x: ArrayLike, y: ArrayLike) -> Array:
    """Elementwise choice: ``x`` where ``condition`` holds, else ``y``.

    The condition carries no derivative (a traced condition is used by value).

    Args:
        condition: a boolean array-like.
        x: values where the condition is true.
        y: values where it is false.

    Returns:
        The broadcast selection.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.where(np.array([True, False]), 1.0, 2.0)
        array([1., 2.])
    """
    condition = np.asarray(concrete(condition), bool)
    if type(x) is not Tracer and type(y) is not Tracer:
        return onp.where(condition, x, y)
    return bind(where_p, condition, as_operand(x), as_operand(y))


defvjp(where_p, None, lambda y, ybar, c, a, b: where(c, ybar, 0), lambda y, ybar, c, a, b: where(c, 0, ybar))
defjvp(where_p, None, lambda adot, y, c, a, b: where(c, adot, 0), lambda bdot, y, c, a, b: where(c, 0, bdot))


# --- gather and scatter-add ---------------------------------------------------------
#
# An index is normalised once, when the op is recorded: boolean masks become
# integer arrays, and the result is a tuple. With that form the rules can put
# slices for batch axes in front of it. NumPy moves the axes of advanced indices
# to the front when they are separated by a slice; the rules undo that for the
# batch axes, so batches always lead.


class Index(tuple):  # type: ignore[type-arg]
    """A normalised index: a tuple of ints, slices, None and integer arrays."""

    def __repr__(self) -> str:
        parts = []
        for i in self:
            if isinstance(i, slice):
                parts.append(
                    ":".join("" if v is None else str(v) for v in (i.start, i.stop))
                    + ("" if i.step is None else f":{i.step}")
                )
            elif isinstance(i, np.ndarray):
                parts.append(f"int{list(i.shape)}")
            else:
                parts.append(repr(i))
        return "[" + ", ".join(parts) + "]"


def _normalize(index: Any, nd: int) -> Index:
    if not isinstance(index, tuple):
        index = (index,)
    items: list[Any] = []
    for i in index:
        if type(i) is Tracer:
            i = concrete(i)
            if np.issubdtype(np.asarray(i).dtype, np.floating):
                raise TypeError("Indices must be integers or booleans, not traced floats.")
        if isinstance(i, (bool, np.bool_)):
            if not i:
                raise IndexError(
                    "A False scalar index (an empty selection) is not supported on traced "
                    "values; use fnp.where or an empty integer index array."
                )
            items.append(None)  # x[True] adds an axis of length 1, like None
            continue
        if isinstance(i, (list, np.ndarray)):
            arr = np.asarray(i)
            if arr.dtype == bool:
                items.extend(np.nonzero(arr))
                continue
            if not np.issubdtype(arr.dtype, np.integer):
                raise IndexError(f"Index arrays must be integers or booleans, got {arr.dtype}.")
            items.append(arr)
        elif isinstance(i, (int, np.integer)):
            items.append(int(i))
        elif i is None or i is Ellipsis or isinstance(i, slice):
            items.append(i)
        else:
            raise IndexError(f"Unsupported index {i!r}; use ints, slices, None, Ellipsis or int arrays.")
    used = len([i for i in items if i is not None and i is not Ellipsis])
    ellipses = [k for k, i in enumerate(items) if i is Ellipsis]
    if len(ellipses) > 1:
        raise IndexError("An index can only have a single Ellipsis.")
    # An Ellipsis is kept as it is: even when it stands for no axes it separates
    # advanced indices, and NumPy then moves their axes to the front.
    if used > nd:
        raise IndexError(f"Too many indices ({used}) for an array of dimension {nd}.")
    return Index(items)


def _advanced_front(index: Index) -> int:
    """The rank of the advanced-index block when NumPy puts it first, else -1."""
    adv = [k for k, i in enumerate(index) if isinstance(i, np.ndarray)]
    if not adv:
        return -1
    scalars = [k for k, i in enumerate(index) if isinstance(i, int)]
    pos = sorted(adv + scalars)
    if pos == list(range(pos[0], pos[-1] + 1)):
        return -1  # one contiguous block: NumPy keeps it in place
    return len(np.broadcast_shapes(*[index[k].shape for k in adv]))


def _batched(index: Index, nb: int) -> tuple[tuple[Any, ...], int]:
    return (slice(None),) * nb + tuple(index), _advanced_front(index)


def _gather_impl(x: Any, index: Index) -> Any:
    return x[tuple(index)]


getitem_p = Primitive(
    "getitem", _gather_impl, kind=Kind.STRUCTURAL, saves=()
)


def getitem(x: ArrayLike, index: IndexLike) -> Array:
    """``x[index]``: basic slicing, integers, None, Ellipsis, int and bool arrays.

    Args:
        x: an array-like.
        index: the index.

    Returns:
        The selected part (a copy for advanced indices, as in NumPy).

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.getitem(np.arange(5.0), np.array([0, 0, 3]))
        array([0., 0., 3.])
    """
    if type(x) is not Tracer:
        return onp.asarray(x)[index]
    return bind(getitem_p, x, index=_normalize(index, ndim(x)))


def _gather(t: Any, index: Index, nb: int) -> Any:
    """t[index] for t with nb leading batch axes, batch axes first."""
    bidx, front = _batched(index, nb)
    out = t[bidx] if type(t) is not Tracer else bind(getitem_p, t, index=Index(bidx))
    if nb and front > 0:
        out = moveaxis(out, tuple(range(front, front + nb)), tuple(range(nb)))
    return out


def _scatter_impl(t: Any, x_shape: tuple[int, ...], index: Index, nb: int) -> Any:
    """zeros(batch + x_shape) with t added at index (t has nb batch axes)."""
    bidx, front = _batched(index, nb)
    out = np.zeros(np.shape(t)[:nb] + tuple(x_shape), np.result_type(t))
    if nb and front > 0:
        t = np.moveaxis(t, tuple(range(nb)), tuple(range(front, front + nb)))
    if np.size(t) == 0:
        return out
    if any(isinstance(i, np.ndarray) for i in index):
        np.add.at(out, bidx, t)
    else:
        out[bidx] = t
    return out


scatter_add_p = Primitive(
    "scatter_add", _scatter_impl, kind=Kind.STRUCTURAL, saves=()
)


def _scatter(t: Any, x_shape: tuple[int, ...], index: Index, nb: int) -> Any:
    return bind(scatter_add_p, t, x_shape=tuple(x_shape), index=index, nb=nb)


# gather and scatter-add are each other's transpose; both are linear.
defvjp(getitem_p, lambda y, ybar, x, index: _scatter(ybar, shape(x), index, nbatch(ybar, y)))
defjvp(getitem_p, lambda xdot, y, x, index: _gather(xdot, index, nbatch(xdot, x)))


def _scatter_vjp(y: Any, ybar: Any, t: Any, x_shape: Any, index: Index, nb: int) -> Any:
    return _gather(ybar, index, nb + nbatch(ybar, y))


def _scatter_jvp(tdot: Any, y: Any, t: Any, x_shape: Any, index: Index, nb: int) -> Any:
    extra = nbatch(tdot, t)
    return _scatter(tdot, x_shape, index, nb + extra)


defvjp(scatter_add_p, _scatter_vjp)
defjvp(scatter_add_p, _scatter_jvp)


# --- functional updates --------------------------------------------------------


def _selection_shape(x_shape: tuple[int, ...], index: Index) -> tuple[int, ...]:
    return np.broadcast_to(np.empty((), np.bool_), x_shape)[tuple(index)].shape  # type: ignore[no-any-return]


def _update_impl(x: Any, v: Any, index: Index, add: bool) -> Any:
    out = np.array(x, copy=True)  # keeps x's dtype, as x[i] = v does
    if add:
        np.add.at(out, tuple(index), v)
    else:
        out[tuple(index)] = v
    return out


index_update_p = Primitive(
    "index_update", lambda x, v, index: _update_impl(x, v, index, False),
    kind=Kind.STRUCTURAL,
    saves=(),
)
index_add_p = Primitive(
    "index_add", lambda x, v, index: _update_impl(x, v, index, True),
    kind=Kind.STRUCTURAL,
    saves=(),
)


def index_update(x: ArrayLike, index: IndexLike, value: ArrayLike) -> Array:
    """A copy of ``x`` with ``x[index]`` set to ``value`` (``x.at[index].set(value)``).

    With repeated indices one write wins (NumPy's choice, in practice the
    last); the derivative with respect to ``value`` follows the same choice, so
    the overwritten entries get a zero derivative.

    Args:
        x: an array-like.
        index: where to write.
        value: what to write (broadcast to the selection).

    Returns:
        The updated copy; ``x`` is unchanged.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.index_update(np.zeros(3), 1, 5.0)
        array([0., 5., 0.])
    """
    x, value = as_operand(x), as_operand(value)
    return bind(index_update_p, x, value, index=_normalize(index, ndim(x)))


def index_add(x: ArrayLike, index: IndexLike, value: ArrayLike) -> Array:
    """A copy of ``x`` with ``value`` added at ``index`` (``x.at[index].add(value)``).

    Repeated indices accumulate, as with ``np.add.at``.

    Args:
        x: an array-like.
        index: where to add.
        value: what to add (broadcast to the selection).

    Returns:
        The updated copy; ``x`` is unchanged.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.index_add(np.zeros(3), np.array([1, 1]), 1.0)
        array([0., 2., 0.])
    """
    x, value = as_operand(x), as_operand(value)
    return bind(index_add_p, x, value, index=_normalize(index, ndim(x)))


def _winners(x_shape: tuple[int, ...], index: Index) -> Any:
    """Which entries of the selection survive an assignment (None: all do).

    With repeated indices only one write lands; NumPy's assignment decides
    which, so the same assignment of entry numbers tells us.
    """
    sel = _selection_shape(x_shape, index)
    ids = np.arange(int(np.prod(sel, dtype=np.int64))).reshape(sel)
    board = np.full(x_shape, -1)
    board[tuple(index)] = ids
    won = board[tuple(index)] == ids
    return None if won.all() else won


def _value_part(t: Any, y: Any, v: Any, index: Index, overwrite: bool = False) -> Any:
    """The cotangent of the written value: the selection, summed to v's shape.

    For an overwrite, entries whose write was overwritten by a later repeat of
    the same index get nothing.
    """
    nb = nbatch(t, y)
    g = _gather(t, index, nb)
    if overwrite:
        won = _winners(shape(y), index)
        if won is not None:
            g = where(won, g, 0)
    return unbroadcast(g, shape(v), nb)


def _spread(vdot: Any, v: Any, x: Any, index: Index, add: bool) -> Any:
    """A tangent of x's shape holding vdot at index (zeros elsewhere)."""
    nb = nbatch(vdot, v)
    sel = _selection_shape(shape(x), index)
    full = broadcast_batched(vdot, sel, nb)
    if add:
        return _scatter(full, shape(x), index, nb)
    zero = np.zeros(shape(vdot)[:nb] + shape(x), dtype(vdot))
    return _update_batched(zero, full, index, nb)


def _update_batched(t: Any, v: Any, index: Index, nb: int) -> Any:
    if nb:
        v_moved = v
        bidx, front = _batched(index, nb)
        if front > 0 and ndim(v) > 0:
            v_moved = moveaxis(v, tuple(range(nb)), tuple(range(front, front + nb)))
        return bind(index_update_p, t, v_moved, index=Index(bidx))
    return bind(index_update_p, t, v, index=index)


def _zero_at(t: Any, x: Any, index: Index) -> Any:
    nb = nbatch(t, x)
    return _update_batched(t, np.zeros((), dtype(t)), index, nb)


defvjp(
    index_update_p,
    lambda y, ybar, x, v, index: _zero_at(ybar, y, index),
    lambda y, ybar, x, v, index: _value_part(ybar, y, v, index, overwrite=True),
)
defjvp(
    index_update_p,
    lambda xdot, y, x, v, index: _zero_at(xdot, x, index),
    lambda vdot, y, x, v, index: _spread(vdot, v, x, index, False),
)
defvjp(
    index_add_p,
    lambda y, ybar, x, v, index: ybar,
    lambda y, ybar, x, v, index: _value_part(ybar, y, v, index),
)
defjvp(
    index_add_p,
    lambda xdot, y, x, v, index: xdot,
    lambda vdot, y, x, v, index: _spread(vdot, v, x, index, True),
)


NUMPY: dict[Any, Callable[..., Any]] = {
    np.reshape: reshape, np.transpose: transpose,
    np.broadcast_to: broadcast_to, np.concatenate: concatenate,
    np.moveaxis: moveaxis, np.where: where,
}
"""NumPy's ufuncs and functions -> this module's functions of the same meaning
(``fad.numpy._dispatch`` gathers the families' tables for NumPy's dispatch)."""
