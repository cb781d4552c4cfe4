"""Indexing: reading with ``x[i]`` and the functional updates ``x.at[i]``.

An index is normalised once, when the op is recorded: boolean masks become
integer arrays, and the result is a tuple. With that form the rules can put
slices for batch axes in front of it. NumPy moves the axes of
advanced indices to the front when they are separated by a slice; the rules
undo that for the batch axes, so batches always lead.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fad._primitive import Primitive, defjvp, defvjp
from fad._trace import Tracer, bind, concrete
from fad.numpy import _elementwise as E
from fad.numpy import _shape as S
from fad.numpy._util import Array, ArrayLike, as_operand, dtype, nbatch, ndim, shape

__all__ = ["getitem", "index_update", "index_add", "take"]


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
    used = sum(1 for i in items if i is not None and i is not Ellipsis)
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
    "getitem", _gather_impl, batchable=True, exact_shapes=True, saves=((), False)
)


def getitem(x: ArrayLike, index: Any) -> Array:
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
        return np.asarray(x)[index]
    return bind(getitem_p, x, index=_normalize(index, ndim(x)))


def _gather(t: Any, index: Index, nb: int) -> Any:
    """t[index] for t with nb leading batch axes, batch axes first."""
    bidx, front = _batched(index, nb)
    out = t[bidx] if type(t) is not Tracer else bind(getitem_p, t, index=Index(bidx))
    if nb and front > 0:
        out = S.moveaxis(out, tuple(range(front, front + nb)), tuple(range(nb)))
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
    "scatter_add", _scatter_impl, batchable=True, exact_shapes=True, saves=((), False)
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
    batchable=True,
    exact_shapes=True,
    saves=((), False),
)
index_add_p = Primitive(
    "index_add", lambda x, v, index: _update_impl(x, v, index, True),
    batchable=True,
    exact_shapes=True,
    saves=((), False),
)


def index_update(x: ArrayLike, index: Any, value: ArrayLike) -> Array:
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


def index_add(x: ArrayLike, index: Any, value: ArrayLike) -> Array:
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
            g = E.where(won, g, 0)
    return S.unbroadcast(g, shape(v), nb)


def _spread(vdot: Any, v: Any, x: Any, index: Index, add: bool) -> Any:
    """A tangent of x's shape holding vdot at index (zeros elsewhere)."""
    nb = nbatch(vdot, v)
    sel = _selection_shape(shape(x), index)
    full = S.broadcast_batched(vdot, sel, nb)
    if add:
        return _scatter(full, shape(x), index, nb)
    zero = np.zeros(shape(vdot)[:nb] + shape(x), dtype(vdot))
    return _update_batched(zero, full, index, nb)


def _update_batched(t: Any, v: Any, index: Index, nb: int) -> Any:
    if nb:
        v_moved = v
        bidx, front = _batched(index, nb)
        if front > 0 and ndim(v) > 0:
            v_moved = S.moveaxis(v, tuple(range(nb)), tuple(range(front, front + nb)))
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


def take(x: ArrayLike, indices: ArrayLike, axis: Any = None) -> Array:
    """Take elements along an axis (of the flattened array when axis is None).

    Args:
        x: an array-like.
        indices: integer indices.
        axis: the axis, or None.

    Returns:
        The selected elements.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.take(np.arange(4.0), np.array([3, 1]))
        array([3., 1.])
    """
    x = as_operand(x)
    if axis is None:
        return getitem(S.ravel(x), np.asarray(concrete(indices)))
    axis = int(axis) % ndim(x)
    return getitem(x, (slice(None),) * axis + (np.asarray(concrete(indices)),))
