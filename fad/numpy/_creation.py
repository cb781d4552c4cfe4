"""Array creation. New arrays are constants: they carry no derivative, except
``array``/``asarray`` of a list holding traced values, which stacks them."""

from __future__ import annotations

from typing import Any, Callable, Literal, Optional, Union, overload

import numpy as np
from numpy.typing import DTypeLike

from fad._tracer import Tracer, concrete
from fad.numpy._shape import astype, stack
from fad.numpy._base import as_operand
from fad.numpy._util import Array, ArrayLike, dtype, has_tracer, onp, shape

__all__ = [
    "array", "asarray", "zeros", "ones", "full", "zeros_like", "ones_like", "full_like",
    "eye", "arange", "linspace", "shape", "ndim", "size", "result_type",
]

zeros = np.zeros
ones = np.ones
full = np.full
eye = np.eye
arange = np.arange
_np_linspace: Callable[..., Union[Array, tuple[Array, Array]]] = np.linspace


def array(obj: ArrayLike, dtype: Optional[DTypeLike] = None) -> Array:
    """An array from nested lists, which may hold traced values.

    Args:
        obj: an array-like, possibly a (nested) list of Tracers.
        dtype: an optional dtype.

    Returns:
        A NumPy array, or a Tracer when ``obj`` holds traced values.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> float(fad.grad(lambda x: fnp.sum(fnp.array([x, 2 * x])))(1.0))
        3.0
    """
    if type(obj) is Tracer:
        return obj if dtype is None else astype(obj, dtype)
    if not has_tracer(obj):
        return onp.array(obj, dtype=dtype)
    out = as_operand(obj)
    return out if dtype is None else astype(out, dtype)


def asarray(obj: ArrayLike, dtype: Optional[DTypeLike] = None) -> Array:
    """Like :func:`array`, without copying plain arrays.

    Args:
        obj: an array-like, possibly holding traced values.
        dtype: an optional dtype.

    Returns:
        A NumPy array, or a Tracer when ``obj`` holds traced values.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.asarray([1.0, 2.0])
        array([1., 2.])
    """
    if not has_tracer(obj):
        return onp.asarray(obj, dtype=dtype)
    return array(obj, dtype=dtype)


@overload
def linspace(
    start: ArrayLike,
    stop: ArrayLike,
    num: int = 50,
    endpoint: bool = True,
    retstep: Literal[False] = False,
    dtype: Optional[DTypeLike] = None,
    axis: int = 0,
) -> Array: ...
@overload
def linspace(
    start: ArrayLike,
    stop: ArrayLike,
    num: int = 50,
    endpoint: bool = True,
    *,
    retstep: Literal[True],
    dtype: Optional[DTypeLike] = None,
    axis: int = 0,
) -> tuple[Array, Array]: ...
@overload
def linspace(
    start: ArrayLike,
    stop: ArrayLike,
    num: int,
    endpoint: bool,
    retstep: Literal[True],
    dtype: Optional[DTypeLike] = None,
    axis: int = 0,
) -> tuple[Array, Array]: ...
@overload
def linspace(
    start: ArrayLike,
    stop: ArrayLike,
    num: int = 50,
    endpoint: bool = True,
    retstep: bool = False,
    dtype: Optional[DTypeLike] = None,
    axis: int = 0,
) -> Union[Array, tuple[Array, Array]]: ...
def linspace(
    start: ArrayLike,
    stop: ArrayLike,
    num: int = 50,
    endpoint: bool = True,
    retstep: bool = False,
    dtype: Optional[DTypeLike] = None,
    axis: int = 0,
) -> Union[Array, tuple[Array, Array]]:
    """Evenly spaced numbers over an interval, as ``np.linspace`` (a constant).

    Its endpoints cannot be traced yet; for traced scalar endpoints write
    ``start + (stop - start) * np.linspace(0.0, 1.0, num)``, which is
    differentiable.

    Args:
        start, stop: the interval's ends (plain values).
        num, endpoint, retstep, dtype, axis: as for ``np.linspace``.

    Returns:
        A NumPy array (and the step, with ``retstep=True``).

    Example:
        >>> import fad.numpy as fnp
        >>> fnp.linspace(0.0, 1.0, 3)
        array([0. , 0.5, 1. ])
    """
    if type(start) is Tracer or type(stop) is Tracer:
        raise TypeError(
            "fad.numpy.linspace (which np.linspace on a traced value calls) is not "
            "differentiable in its endpoints yet. For traced endpoints write "
            "start + (stop - start) * np.linspace(0.0, 1.0, num) instead (for array "
            "endpoints, give the linspace a shape that broadcasts against them): that "
            "is differentiable."
        )
    return _np_linspace(start, stop, num, endpoint, retstep, dtype, axis)


def zeros_like(x: ArrayLike, dtype: Optional[DTypeLike] = None) -> Array:
    """Zeros of ``x``'s shape and dtype (a constant).

    Args:
        x: an array-like or Tracer.
        dtype: an optional dtype.

    Returns:
        A NumPy array of zeros.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.zeros_like(np.ones(2))
        array([0., 0.])
    """
    return onp.zeros_like(concrete(x), dtype=dtype)


def ones_like(x: ArrayLike, dtype: Optional[DTypeLike] = None) -> Array:
    """Ones of ``x``'s shape and dtype (a constant).

    Args:
        x: an array-like or Tracer.
        dtype: an optional dtype.

    Returns:
        A NumPy array of ones.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.ones_like(np.zeros(2))
        array([1., 1.])
    """
    return onp.ones_like(concrete(x), dtype=dtype)


def full_like(x: ArrayLike, fill_value: ArrayLike, dtype: Optional[DTypeLike] = None) -> Array:
    """An array of ``x``'s shape filled with ``fill_value`` (a constant).

    Args:
        x: an array-like or Tracer.
        fill_value: the value.
        dtype: an optional dtype.

    Returns:
        A NumPy array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.full_like(np.zeros(2), 7.0)
        array([7., 7.])
    """
    return onp.full_like(concrete(x), concrete(fill_value), dtype=dtype)


def ndim(x: ArrayLike) -> int:
    """The number of dimensions.

    Args:
        x: an array-like or Tracer.

    Returns:
        An int.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.ndim(np.ones((2, 3)))
        2
    """
    return len(shape(x))


def size(x: ArrayLike) -> int:
    """The number of elements.

    Args:
        x: an array-like or Tracer.

    Returns:
        An int.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.size(np.ones((2, 3)))
        6
    """
    return int(np.prod(shape(x), dtype=np.int64))


def result_type(*xs: Union[ArrayLike, DTypeLike]) -> np.dtype[Any]:
    """NumPy's result type of the arguments (Tracers count by their dtype).

    Args:
        *xs: array-likes or dtypes.

    Returns:
        A dtype.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.result_type(np.float32(1), 1.0)
        dtype('float32')
    """
    args: list[Any] = [dtype(x) if type(x) is Tracer else x for x in xs]
    return np.result_type(*args)


NUMPY: dict[Any, Callable[..., Any]] = {
    np.shape: shape, np.ndim: ndim, np.size: size, np.zeros_like: zeros_like,
    np.ones_like: ones_like, np.full_like: full_like, np.result_type: result_type,
    np.array: array, np.asarray: asarray, np.linspace: linspace,
}
"""NumPy's ufuncs and functions -> this module's functions of the same meaning
(``fad.numpy._dispatch`` gathers the families' tables for NumPy's dispatch)."""
