"""Indexing functions built on ``_base``'s gather and scatter: ``take``,
``take_along_axis``, ``choose``, ``select``, ``compress``, ``extract``,
``partition``, and functional forms of NumPy's in-place writers (``put``,
``put_along_axis``, ``place``, ``putmask``, ``copyto``, ``fill_diagonal``).

``x[i]`` (``getitem``) and the functional updates ``x.at[i].set/add``
(``index_update``, ``index_add``) are primitives of ``_base``, where the index
normalisation and the batching of their rules live. Indices, masks and
conditions are concrete: they carry no derivative (a traced one is read by
value).

NumPy's in-place writers return None and change their first argument. Traced
values are immutable, so fad's versions return the updated array instead and
change nothing; plain ``np.put(tracer, ...)`` (and the other writers) raise an
error that names the functional form, rather than silently dropping the write.
"""

from __future__ import annotations

import math
from typing import Any, Callable, NoReturn, Optional, Sequence

import numpy as np

from fad._tracer import Tracer, concrete
from fad.numpy._base import as_operand, broadcast_to, getitem, index_update, reshape, where
from fad.numpy._shape import _along_axis, _traced, astype, ravel, stack
from fad.numpy._util import Array, ArrayLike, dtype, ndim, norm_axes, onp, shape

_np: Any = np  # NumPy untyped, for calls with values its stubs do not describe

__all__ = [
    "take", "take_along_axis", "put_along_axis", "choose", "select", "compress", "extract",
    "partition", "put", "place", "putmask", "copyto", "fill_diagonal",
]


def _index_mode(idx: Any, n: int, mode: str, fn: str) -> Any:
    """Integer indices into an axis of length n, under NumPy's ``mode``."""
    idx = np.asarray(concrete(idx))
    if idx.dtype != bool and not np.issubdtype(idx.dtype, np.integer):
        raise TypeError(f"{fn}: indices must be integers, got {idx.dtype}")
    if mode == "wrap":
        return idx % n if n else idx
    if mode == "clip":
        return np.clip(idx, 0, max(n - 1, 0))
    if mode != "raise":
        raise ValueError(f"{fn}: mode must be 'raise', 'wrap' or 'clip', got {mode!r}")
    if idx.size and (idx.min() < -n or idx.max() >= n):
        bad = idx[(idx < -n) | (idx >= n)].ravel()[0]
        raise IndexError(f"{fn}: index {bad} is out of bounds for axis with size {n}")
    return idx


def _like(v: Any, x: Any) -> Any:
    """``v`` in ``x``'s dtype (NumPy's writers cast what they write)."""
    v = as_operand(v)
    return v if dtype(v) == dtype(x) else astype(v, dtype(x))


def take(x: ArrayLike, indices: ArrayLike, axis: Optional[int] = None, out: None = None, mode: str = "raise") -> Array:
    """Take elements along an axis (of the flattened array when axis is None).

    Args:
        x: an array-like.
        indices: integer indices (concrete).
        axis: the axis, or None.
        out: not supported (must be None).
        mode: ``"raise"`` (out-of-range indices are an error), ``"wrap"`` or
            ``"clip"``, as ``np.take``.

    Returns:
        The selected elements.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.take(np.arange(4.0), np.array([3, 1]))
        array([3., 1.])
        >>> fnp.take(np.arange(4.0), [5, -1], mode="clip")
        array([3., 0.])
    """
    if out is not None:
        raise TypeError("np.take: out= is not supported by fad; use the returned array")
    if not _traced(x):
        return onp.take(x, concrete(indices), axis=axis, mode=mode)
    x = as_operand(x)
    if axis is None:
        x, axis = ravel(x), 0
    (ax,) = norm_axes(axis, ndim(x), "np.take")
    idx = _index_mode(indices, shape(x)[ax], mode, "np.take")
    return getitem(x, (slice(None),) * (ndim(x) + ax) + (idx,))


def _along(arr: Any, indices: Any, axis: Optional[int], fn: str) -> tuple[Any, tuple[Any, ...]]:
    """The array (flattened for axis None) and the index of ``take_along_axis``."""
    idx = np.asarray(concrete(indices))
    if not np.issubdtype(idx.dtype, np.integer):
        raise IndexError(f"{fn}: `indices` must be an integer array")
    if axis is None:
        if idx.ndim != 1:
            raise ValueError(f"{fn}: when axis=None, `indices` must have a single dimension.")
        arr, axis = ravel(arr), 0
    nd = ndim(arr)
    if idx.ndim != nd:
        raise ValueError(f"{fn}: `indices` and `arr` must have the same number of dimensions")
    (ax,) = norm_axes(axis, nd, fn)
    s = shape(arr)
    full = np.broadcast_shapes(idx.shape, s[: nd + ax] + (1,) + s[nd + ax + 1 :])
    index = list(_along_axis(np.broadcast_to(idx, full), ax))
    return arr, tuple(index)


def take_along_axis(arr: ArrayLike, indices: ArrayLike, axis: Optional[int] = -1) -> Array:
    """Pick values along ``axis`` at ``indices`` (as returned by ``argsort``), as ``np.take_along_axis``.

    Args:
        arr: an array-like.
        indices: an integer array with ``arr``'s number of dimensions
            (broadcast against it on the other axes); concrete.
        axis: the axis, or None for the flattened array (1-D ``indices``).

    Returns:
        The picked values.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> x = np.array([[3.0, 1.0], [2.0, 5.0]])
        >>> fnp.take_along_axis(x, np.argsort(x, axis=1), axis=1)
        array([[1., 3.],
               [2., 5.]])
    """
    if not _traced(arr):
        return onp.take_along_axis(arr, concrete(indices), axis=axis)
    a, index = _along(as_operand(arr), indices, axis, "np.take_along_axis")
    return getitem(a, index)


def put_along_axis(arr: ArrayLike, indices: ArrayLike, values: ArrayLike, axis: Optional[int]) -> Array:
    """A copy of ``arr`` with ``values`` written along ``axis`` at ``indices``.

    Unlike ``np.put_along_axis``, which writes into ``arr`` and returns None,
    this returns the updated array and leaves ``arr`` unchanged. At repeated
    indices one write wins, as in NumPy (the last).

    Args:
        arr: an array-like.
        indices: an integer array, as for :func:`take_along_axis` (concrete).
        values: the values (broadcast to the indices' shape; cast to ``arr``'s dtype).
        axis: the axis, or None for the flattened array.

    Returns:
        The updated array (flattened if ``axis`` is None, as NumPy's view of it).

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.put_along_axis(np.zeros((2, 2)), np.array([[1], [0]]), 5.0, axis=1)
        array([[0., 5.],
               [5., 0.]])
    """
    if not _traced(arr, values):
        out = np.array(concrete(arr), copy=True)
        _np.put_along_axis(out, concrete(indices), values, axis)
        return out
    x = as_operand(arr)
    a, index = _along(x, indices, axis, "np.put_along_axis")
    new = index_update(a, index, _like(values, x))
    return new if axis is not None else reshape(new, shape(x))


def choose(a: ArrayLike, choices: Any, out: None = None, mode: str = "raise") -> Array:
    """Build an array from ``choices``: entry ``i`` comes from ``choices[a[i]]``, as ``np.choose``.

    Args:
        a: integer indices into ``choices`` (concrete), broadcast with them.
        choices: a sequence of array-likes (or an array, indexed along its
            first axis).
        out: not supported (must be None).
        mode: ``"raise"``, ``"wrap"`` or ``"clip"`` for indices out of range.

    Returns:
        The chosen values.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.choose([1, 0, 1], [np.zeros(3), np.ones(3)])
        array([1., 0., 1.])
    """
    if out is not None:
        raise TypeError("np.choose: out= is not supported by fad; use the returned array")
    if not _traced(choices) and not (type(choices) in (list, tuple) and _traced(*choices)):
        return onp.choose(concrete(a), choices, mode=mode)
    cs = [as_operand(c) for c in choices]
    idx = np.asarray(concrete(a))
    n = len(cs)
    if idx.dtype == bool or not np.issubdtype(idx.dtype, np.integer):
        idx = idx.astype(np.intp, casting="same_kind") if idx.dtype != bool else idx.astype(np.intp)
    if mode == "raise" and idx.size and (idx.min() < 0 or idx.max() >= n):
        raise ValueError("np.choose: invalid entry in choice array (use mode='wrap' or 'clip')")
    idx = _index_mode(idx, n, mode, "np.choose")
    full = np.broadcast_shapes(idx.shape, *[shape(c) for c in cs])
    stacked = stack([broadcast_to(c, full) for c in cs])
    pick = np.broadcast_to(idx, full)[None]
    return reshape(getitem(stacked, _along_axis(pick, -len(full) - 1)), full)


def select(condlist: Sequence[ArrayLike], choicelist: Sequence[ArrayLike], default: ArrayLike = 0) -> Array:
    """Entry-wise, the choice of the first condition that holds (``default`` where none does).

    Args:
        condlist: boolean array-likes (concrete).
        choicelist: array-likes, one per condition.
        default: the value where no condition holds.

    Returns:
        The selection, broadcast over all arguments.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> x = np.array([-2.0, 0.5, 3.0])
        >>> fnp.select([x < 0, x > 1], [-x, x * 10], default=x)
        array([ 2. ,  0.5, 30. ])
    """
    if not _traced(list(choicelist), default):
        return onp.select([concrete(c) for c in condlist], choicelist, default)
    if len(condlist) != len(choicelist):
        raise ValueError("np.select: list of cases must be same length as list of conditions")
    if not condlist:
        raise ValueError("np.select with an empty condition list is not possible")
    conds = [np.asarray(concrete(c)) for c in condlist]
    for i, c in enumerate(conds):
        if c.dtype != bool:
            raise TypeError(f"np.select: invalid entry {i} in condlist: should be boolean ndarray")
    choices = [as_operand(c) for c in choicelist]
    dt = _np.result_type(*[dtype(c) if ndim(c) or type(c) is Tracer else c for c in choices],
                         default if type(default) is not Tracer else dtype(default))
    out: Any = as_operand(default)
    for c, v in zip(reversed(conds), reversed(choices)):
        out = where(c, v, out)
    full = np.broadcast_shapes(shape(out), *[c.shape for c in conds])
    out = broadcast_to(out, full)
    result: Array = out if dtype(out) == dt else astype(out, dt)
    return result


def compress(condition: ArrayLike, a: ArrayLike, axis: Optional[int] = None, out: None = None) -> Array:
    """The slices of ``a`` along ``axis`` where ``condition`` holds, as ``np.compress``.

    Args:
        condition: a 1-D boolean array-like (concrete); it may be shorter than
            the axis (the rest counts as False).
        a: an array-like.
        axis: the axis, or None for the flattened array.
        out: not supported (must be None).

    Returns:
        The selected slices.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.compress([False, True], np.array([[1.0, 2.0], [3.0, 4.0]]), axis=0)
        array([[3., 4.]])
    """
    if out is not None:
        raise TypeError("np.compress: out= is not supported by fad; use the returned array")
    if not _traced(a):
        return onp.compress(concrete(condition), a, axis)
    x = as_operand(a)
    if axis is None:
        x, axis = ravel(x), 0
    cond = np.asarray(concrete(condition))
    if cond.ndim != 1:
        raise ValueError("np.compress: condition must be a 1-d array")
    (ax,) = norm_axes(axis, ndim(x), "np.compress")
    (where_true,) = np.nonzero(cond)
    n = shape(x)[ax]
    if where_true.size and where_true[-1] >= n:
        raise IndexError(f"np.compress: index {where_true[-1]} is out of bounds for axis with size {n}")
    return getitem(x, (slice(None),) * (ndim(x) + ax) + (where_true,))


def extract(condition: ArrayLike, arr: ArrayLike) -> Array:
    """The elements of the flattened ``arr`` where the flattened ``condition`` is non-zero.

    Args:
        condition: an array-like (concrete), read as truth values.
        arr: an array-like.

    Returns:
        A 1-D array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> x = np.arange(4.0).reshape(2, 2)
        >>> fnp.extract(x > 1, x)
        array([2., 3.])
    """
    if not _traced(arr):
        return onp.extract(concrete(condition), arr)
    (at,) = np.nonzero(np.ravel(concrete(condition)))
    return take(ravel(as_operand(arr)), at)


def partition(a: ArrayLike, kth: Any, axis: Optional[int] = -1, kind: str = "introselect", order: None = None) -> Array:
    """Partially sort along ``axis`` so that entry ``kth`` is in its sorted place, as ``np.partition``.

    The values are NumPy's ``np.partition`` of the concrete values; the
    derivative moves with the elements that land in each place (like
    :func:`sort`; equal values are matched in order of position).

    Args:
        a: an array-like.
        kth: an int or a sequence of ints (concrete).
        axis: the axis, or None for the flattened array.
        kind: the selection algorithm (NumPy's only one, ``"introselect"``).
        order: not supported (structured arrays); must be None.

    Returns:
        The partitioned array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.partition(np.array([3.0, 1.0, 2.0, 0.0]), 1)[:2]
        array([0., 1.])
    """
    if order is not None:
        raise TypeError("np.partition: order (for structured arrays) is not supported")
    if not _traced(a):
        return onp.partition(a, concrete(kth), axis=axis, kind=kind)
    x = as_operand(a)
    if axis is None:
        x, axis = ravel(x), -1
    (ax,) = norm_axes(axis, ndim(x), "np.partition")
    v = np.asarray(concrete(x))
    p = _np.partition(v, concrete(kth), axis=ax, kind=kind)
    # The element of v that NumPy put at each place: the j-th smallest of the
    # partition's values is the j-th smallest of v (stable orders match ties).
    from_v = np.argsort(v, axis=ax, kind="stable")
    to_p = np.argsort(p, axis=ax, kind="stable")
    perm = np.empty_like(from_v)
    np.put_along_axis(perm, to_p, from_v, axis=ax)
    return getitem(x, _along_axis(perm, ax))


def _cycled(v: Any, n: int, fn: str) -> Any:
    """The flattened ``v`` repeated to length ``n`` (NumPy's writers repeat values)."""
    flat = ravel(v)
    m = shape(flat)[0]
    if m == 0:
        raise ValueError(f"{fn}: cannot insert from an empty array")
    if m == n:
        return flat
    return getitem(flat, np.arange(n) % m)


def put(a: ArrayLike, ind: ArrayLike, v: ArrayLike, mode: str = "raise") -> Array:
    """A copy of ``a`` with its flat entries ``ind`` set to ``v``.

    Unlike ``np.put``, which writes into ``a`` and returns None, this returns
    the updated array and leaves ``a`` unchanged. ``v`` is repeated if shorter
    than ``ind``; at repeated indices the last write wins, as in NumPy.

    Args:
        a: an array-like.
        ind: flat integer indices (concrete).
        v: the values (cast to ``a``'s dtype).
        mode: ``"raise"``, ``"wrap"`` or ``"clip"`` for indices out of range.

    Returns:
        The updated array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.put(np.zeros(4), [0, 2], [1.0, 2.0])
        array([1., 0., 2., 0.])
    """
    if not _traced(a, v):
        out = np.array(concrete(a), copy=True)
        _np.put(out, concrete(ind), v, mode=mode)
        return out
    x = as_operand(a)
    n = math.prod(shape(x))
    idx = np.ravel(_index_mode(ind, n, mode, "np.put"))
    if idx.size == 0:
        return x  # type: ignore[no-any-return]
    vals = _cycled(_like(v, x), idx.size, "np.put")
    return reshape(index_update(ravel(x), idx % n, vals), shape(x))


def place(arr: ArrayLike, mask: ArrayLike, vals: ArrayLike) -> Array:
    """A copy of ``arr`` with the entries where ``mask`` holds set to ``vals``, in order.

    Unlike ``np.place``, which writes into ``arr`` and returns None, this
    returns the updated array. ``vals`` is repeated if shorter than the
    number of True entries.

    Args:
        arr: an array-like.
        mask: a boolean array-like of ``arr``'s size (concrete).
        vals: the values (cast to ``arr``'s dtype).

    Returns:
        The updated array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.place(np.zeros(4), np.array([True, False, True, True]), [1.0, 2.0])
        array([1., 0., 2., 1.])
    """
    if not _traced(arr, vals):
        out = np.array(concrete(arr), copy=True)
        _np.place(out, concrete(mask), vals)
        return out
    x = as_operand(arr)
    m = np.asarray(concrete(mask), bool)
    if m.size != math.prod(shape(x)):
        raise ValueError("np.place: mask and data must be the same size")
    (at,) = np.nonzero(m.ravel())
    if at.size == 0:
        return x  # type: ignore[no-any-return]
    values = _cycled(_like(vals, x), at.size, "np.place")
    return reshape(index_update(ravel(x), at, values), shape(x))


def putmask(a: ArrayLike, mask: ArrayLike, values: ArrayLike) -> Array:
    """A copy of ``a`` with ``a.flat[n] = values.flat[n % len(values)]`` where ``mask.flat[n]`` holds.

    Unlike ``np.putmask``, which writes into ``a`` and returns None, this
    returns the updated array. Note that the value is chosen by the entry's
    flat position (not by the count of True entries, as in :func:`place`).

    Args:
        a: an array-like.
        mask: a boolean array-like of ``a``'s shape (concrete).
        values: the values (cast to ``a``'s dtype).

    Returns:
        The updated array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.putmask(np.zeros(4), np.array([True, False, True, True]), [1.0, 2.0])
        array([1., 0., 1., 2.])
    """
    if not _traced(a, values):
        out = np.array(concrete(a), copy=True)
        _np.putmask(out, concrete(mask), values)
        return out
    x = as_operand(a)
    m = np.asarray(concrete(mask), bool)
    if m.shape != shape(x):
        raise ValueError("np.putmask: mask and data must be the same size")
    n = math.prod(shape(x))
    if n == 0:
        return x  # type: ignore[no-any-return]
    full = reshape(_cycled(_like(values, x), n, "np.putmask"), shape(x))
    return where(m, full, x)


def copyto(dst: ArrayLike, src: ArrayLike, casting: str = "same_kind", where: ArrayLike = True) -> Array:
    """``src`` broadcast into ``dst``'s shape and dtype, where ``where`` holds (``dst`` elsewhere).

    Unlike ``np.copyto``, which writes into ``dst`` and returns None, this
    returns the new array and leaves ``dst`` unchanged.

    Args:
        dst: an array-like (its shape and dtype are the result's).
        src: an array-like broadcastable to ``dst``'s shape.
        casting: NumPy's casting rule from ``src``'s dtype to ``dst``'s.
        where: a boolean array-like (concrete), broadcast to ``dst``'s shape.

    Returns:
        The new array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.copyto(np.zeros(3), 5.0, where=np.array([True, False, True]))
        array([5., 0., 5.])
    """
    if not _traced(dst, src):
        out = np.array(concrete(dst), copy=True)
        _np.copyto(out, src, casting=casting, where=concrete(where))
        return out
    d, s = as_operand(dst), as_operand(src)
    weak = type(src) in (int, float, complex)  # Python scalars take dst's dtype
    if not weak and not np.can_cast(dtype(s), dtype(d), casting=casting):  # type: ignore[arg-type]
        raise TypeError(
            f"np.copyto: cannot cast array data from {dtype(s)!r} to {dtype(d)!r} "
            f"according to the rule {casting!r}"
        )
    s = broadcast_to(_like(s, d), shape(d))
    w = np.asarray(concrete(where), bool)
    if w.all():
        return s
    return where_(w, s, d)


where_ = where


def fill_diagonal(a: ArrayLike, val: ArrayLike, wrap: bool = False) -> Array:
    """A copy of ``a`` with its main diagonal set to ``val``, as ``np.fill_diagonal``.

    Unlike ``np.fill_diagonal``, which writes into ``a`` and returns None, this
    returns the updated array. ``val`` is repeated along the diagonal if
    shorter; for a tall matrix, ``wrap=True`` continues the diagonal after
    every ``N + 1`` rows, as NumPy.

    Args:
        a: an array-like with at least two dimensions, all equal unless 2-D.
        val: the value(s) (cast to ``a``'s dtype).
        wrap: whether a tall matrix's diagonal wraps around.

    Returns:
        The updated array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.fill_diagonal(np.zeros((2, 2)), [1.0, 2.0])
        array([[1., 0.],
               [0., 2.]])
    """
    if not _traced(a, val):
        out = np.array(concrete(a), copy=True)
        np.fill_diagonal(out, val, wrap)
        return out
    x = as_operand(a)
    s = shape(x)
    if len(s) < 2:
        raise ValueError("np.fill_diagonal: array must be at least 2-d")
    if len(s) == 2:
        step = s[1] + 1
        end = None if wrap else s[1] * s[1]
    else:
        if len(set(s)) != 1:
            raise ValueError("np.fill_diagonal: all dimensions of input must be of equal length")
        step = 1 + int(np.cumprod(s[:-1]).sum())
        end = None
    at = np.arange(math.prod(s))[:end:step]
    if at.size == 0:
        return x  # type: ignore[no-any-return]
    values = _cycled(_like(val, x), at.size, "np.fill_diagonal")
    return reshape(index_update(ravel(x), at, values), s)


def _refuse_in_place(name: str, instead: str) -> Callable[..., NoReturn]:
    def refuse(*args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError(
            f"np.{name} writes into its argument and returns None; traced values are "
            f"immutable. Use the functional form, which returns the new array: {instead}"
        )

    refuse.__name__ = refuse.__qualname__ = f"{name}_in_place"
    return refuse


NUMPY: dict[Any, Callable[..., Any]] = {
    np.take: take, np.take_along_axis: take_along_axis, np.choose: choose, np.select: select,
    np.compress: compress, np.extract: extract, np.partition: partition,
    np.put: _refuse_in_place("put", "a = fnp.put(a, ind, v)"),
    np.put_along_axis: _refuse_in_place("put_along_axis", "a = fnp.put_along_axis(a, indices, values, axis)"),
    np.place: _refuse_in_place("place", "a = fnp.place(a, mask, vals)"),
    np.putmask: _refuse_in_place("putmask", "a = fnp.putmask(a, mask, values)"),
    np.copyto: _refuse_in_place("copyto", "dst = fnp.copyto(dst, src, where=...)"),
    np.fill_diagonal: _refuse_in_place("fill_diagonal", "a = fnp.fill_diagonal(a, val)"),
}
"""NumPy's ufuncs and functions -> this module's functions of the same meaning
(``fad.numpy._dispatch`` gathers the families' tables for NumPy's dispatch).
NumPy's in-place writers map to errors that name fad's functional forms."""
