"""Small helpers shared by the fad.numpy families."""

from __future__ import annotations

import operator
from types import EllipsisType
from typing import Any, Callable, Optional, Protocol, Sequence, SupportsIndex, Union, cast

import numpy as np

from fad._graph import shape_of
from fad._tracer import Array, ArrayLike, Tracer, concrete
from fad._tracer import bind as _bind

Axis = Optional[Union[int, Sequence[int]]]
"""An axis argument: an int, a sequence of ints, or None for all axes."""
Shape = Union[int, np.integer[Any], Sequence[SupportsIndex]]
"""A shape argument: an int or a sequence of ints (Python's or NumPy's)."""
_IndexItem = Union[
    None, slice, EllipsisType, SupportsIndex, np.ndarray[Any, Any], Tracer, Sequence[int], Sequence[Sequence[int]]
]
IndexLike = Union[_IndexItem, tuple[_IndexItem, ...]]
"""An index, as ``x[index]`` takes it: ints, slices, None, ``...``, integer or
boolean arrays (NumPy's, traced, or lists), or a tuple of them."""

bind: Callable[..., Array] = _bind
"""``fad._tracer.bind`` as the fad.numpy wrappers see it: applied to one of
their primitives it returns an Array (a Tracer when an argument is traced, the
NumPy value otherwise). The same function: the annotation costs nothing."""


class _NumPyFunctions(Protocol):
    """NumPy as the wrappers' untraced fast paths call it: any function, taking
    what fad.numpy's signatures accept and returning an Array.

    NumPy's own stubs return ``Any`` for scalar arguments and reject mixed
    sequences such as ``[x, 1.0]`` that fad's ``ArrayLike`` (and NumPy at run
    time) accepts, so a fast path ``return np.exp(x)`` would not type-check as
    returning an Array. ``onp.exp(x)`` is the same call on the same module.
    """

    def __getattr__(self, name: str) -> Callable[..., Array]: ...

    @property
    def linalg(self) -> _NumPyFunctions: ...


onp: _NumPyFunctions = cast(_NumPyFunctions, np)
"""NumPy itself, typed for the wrappers' fast paths (see ``_NumPyFunctions``)."""

_SEQ = (list, tuple)


shape = shape_of
"""The shape of an array, scalar, list or Tracer (``fad._graph.shape_of``)."""


def ndim(x: Any) -> int:
    """The number of dimensions of an array, scalar, list or Tracer."""
    n = getattr(x, "ndim", None)
    if n is None:
        return int(np.ndim(x))
    return n  # type: ignore[no-any-return]


def dtype(x: Any) -> np.dtype[Any]:
    """The dtype of an array, scalar or Tracer."""
    d = getattr(x, "dtype", None)
    if d is None:
        return np.result_type(x)
    return d  # type: ignore[no-any-return]


def has_tracer(obj: Any) -> bool:
    """Whether ``obj`` is a Tracer or a (nested) list or tuple holding one."""
    todo = [obj]
    while todo:
        o = todo.pop()
        if type(o) is Tracer:
            return True
        if (type(o) is list or type(o) is tuple):
            todo.extend(o)
    return False


def norm_axes(axis: Axis, nd: int, fn: str) -> tuple[int, ...]:
    """Axes as a sorted tuple of negative ints (so leading batch axes are safe)."""
    if axis is None:
        return tuple(range(-nd, 0))
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    out = []
    for a in axes:
        a = operator.index(a)
        if not -nd <= a < nd:
            raise np.exceptions.AxisError(f"{fn}: axis {a} is out of bounds for an array of dimension {nd}")
        out.append(a - nd if a >= 0 else a)
    if len(set(out)) != len(out):
        raise ValueError(f"{fn}: repeated axis in {axis!r}")
    return tuple(sorted(out))


def nbatch(t: Any, x: Any) -> int:
    """How many leading batch axes ``t`` has beyond ``x``'s dimensions."""
    return ndim(t) - ndim(x)


def is_float(x: Any) -> bool:
    """Whether ``x`` has a floating-point dtype."""
    return bool(np.issubdtype(dtype(x), np.inexact))


__all__ = [
    "Array",
    "ArrayLike",
    "Axis",
    "Shape",
    "IndexLike",
    "bind",
    "has_tracer",
    "onp",
    "shape",
    "ndim",
    "dtype",
    "norm_axes",
    "nbatch",
    "is_float",
    "concrete",
]
