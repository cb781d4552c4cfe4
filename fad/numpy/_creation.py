"""Array creation: new arrays from shapes, from array-likes (which may hold
traced values), evenly spaced sequences (``linspace``, ``logspace``,
``geomspace``, differentiable in their endpoints), and arrays shaped like
another (``full_like`` differentiable in its fill value).

Functions that take only shapes and ints (``zeros``, ``eye``, ``arange``, the
window functions, ...) make constants: they are NumPy's own, listed with a
reason in :data:`NOT_DIFFERENTIABLE`."""

from __future__ import annotations

import operator
from typing import Any, Callable, Literal, Optional, Sequence, Union, overload

import numpy as np
from numpy.typing import DTypeLike

from fad._tracer import Tracer, concrete
from fad.numpy._base import as_operand, broadcast_to, concatenate, getitem, moveaxis, reshape
from fad.numpy._elementwise import absolute, log10, power
from fad.numpy._shape import astype, expand_dims
from fad.numpy._util import Array, ArrayLike, Shape, dtype, has_tracer, onp, shape

__all__ = [
    "array", "asarray", "asanyarray", "ascontiguousarray", "asfortranarray", "asarray_chkfinite",
    "require", "copy", "zeros", "ones", "full", "empty", "zeros_like", "ones_like", "full_like",
    "empty_like", "eye", "identity", "tri", "arange", "linspace", "logspace", "geomspace",
    "fromfunction", "bartlett", "blackman", "hamming", "hanning", "kaiser",
    "shape", "ndim", "size", "result_type",
]

NOT_DIFFERENTIABLE: dict[str, str] = {
    "zeros": "takes a shape: a constant",
    "ones": "takes a shape: a constant",
    "empty": "takes a shape: a constant",
    "eye": "takes a shape: a constant",
    "identity": "takes a size: a constant",
    "tri": "takes a shape: a constant",
    "arange": "takes concrete bounds (a traced bound is an error: use linspace)",
    "bartlett": "a window of a given length: a constant",
    "blackman": "a window of a given length: a constant",
    "hamming": "a window of a given length: a constant",
    "hanning": "a window of a given length: a constant",
    "kaiser": "a window of a given length: a constant (a traced beta is an error)",
    "shape": "returns a shape",
    "ndim": "returns an int",
    "size": "returns an int",
    "result_type": "returns a dtype",
}
"""The public names of this family that make constants, with the reason (the
coverage page reads it; every other public name is differentiable)."""

zeros = np.zeros
ones = np.ones
empty = np.empty
eye = np.eye
identity = np.identity
tri = np.tri
bartlett = np.bartlett
blackman = np.blackman
hamming = np.hamming
hanning = np.hanning
_np_linspace: Callable[..., Union[Array, tuple[Array, Array]]] = np.linspace
_np_logspace: Callable[..., Array] = np.logspace
_np_geomspace: Callable[..., Array] = np.geomspace
_np_arange: Callable[..., Array] = np.arange


def _seq_or_tracer(obj: Any) -> bool:
    """Whether ``obj`` needs the traced path: a Tracer, or a list holding one."""
    return type(obj) is Tracer or (type(obj) in (list, tuple) and has_tracer(obj))


# --- from array-likes -----------------------------------------------------------------


def _traced_array(obj: Any, dtype_: Optional[DTypeLike], ndmin: int = 0) -> Array:
    """A list holding Tracers (or a Tracer) as one Tracer of ``dtype_`` with at
    least ``ndmin`` axes. fad's values are immutable, so no copy is ever needed."""
    out: Array = as_operand(obj)
    if dtype_ is not None:
        out = astype(out, dtype_)
    nd = len(shape(out))
    if nd < ndmin:
        out = reshape(out, (1,) * (ndmin - nd) + shape(out))
    return out


def array(
    object: ArrayLike,
    dtype: Optional[DTypeLike] = None,
    *,
    copy: Optional[bool] = True,
    order: Literal["K", "A", "C", "F"] = "K",
    subok: bool = False,
    ndmin: int = 0,
    ndmax: int = 0,
    like: Any = None,
) -> Array:
    """An array from an array-like, which may be a (nested) list holding traced values.

    Traced values are immutable, so ``copy`` (and ``order``) changes nothing
    for them: the result is the Tracer itself (cast to ``dtype``), and a list
    of Tracers is stacked into one.

    Args:
        object: an array-like, possibly a (nested) list of Tracers.
        dtype: an optional dtype (a cast to an integer type has no derivative).
        copy, order, subok, ndmin, ndmax, like: as for ``np.array``.

    Returns:
        A NumPy array, or a Tracer when ``object`` holds traced values.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> float(fad.grad(lambda x: fnp.sum(fnp.array([x, 2 * x])))(1.0))
        3.0
    """
    if not _seq_or_tracer(object):
        kw: dict[str, Any] = {} if like is None else {"like": like}
        if ndmax:
            kw["ndmax"] = ndmax
        return onp.array(object, dtype=dtype, copy=copy, order=order, subok=subok, ndmin=ndmin, **kw)
    return _traced_array(object, dtype, ndmin)


def asarray(
    a: ArrayLike,
    dtype: Optional[DTypeLike] = None,
    order: Optional[Literal["K", "A", "C", "F"]] = None,
    *,
    device: Optional[str] = None,
    copy: Optional[bool] = None,
    like: Any = None,
) -> Array:
    """An array from an array-like, copying only when needed (as ``np.asarray``).

    Args:
        a: an array-like, possibly holding traced values.
        dtype: an optional dtype.
        order, device, copy, like: as for ``np.asarray`` (no effect on traced values).

    Returns:
        A NumPy array, or a Tracer when ``a`` holds traced values.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.asarray([1.0, 2.0])
        array([1., 2.])
    """
    if not _seq_or_tracer(a):
        kw: dict[str, Any] = {} if like is None else {"like": like}
        return onp.asarray(a, dtype=dtype, order=order, device=device, copy=copy, **kw)
    return _traced_array(a, dtype)


def asanyarray(
    a: ArrayLike,
    dtype: Optional[DTypeLike] = None,
    order: Optional[Literal["K", "A", "C", "F"]] = None,
    *,
    device: Optional[str] = None,
    copy: Optional[bool] = None,
    like: Any = None,
) -> Array:
    """As :func:`asarray`, passing ndarray subclasses through (as ``np.asanyarray``).

    Args:
        a: an array-like, possibly holding traced values.
        dtype: an optional dtype.
        order, device, copy, like: as for ``np.asanyarray``.

    Returns:
        An array, or a Tracer when ``a`` holds traced values.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> float(fad.grad(lambda x: fnp.asanyarray([x, x])[1])(1.0))
        1.0
    """
    if not _seq_or_tracer(a):
        kw: dict[str, Any] = {} if like is None else {"like": like}
        return onp.asanyarray(a, dtype=dtype, order=order, device=device, copy=copy, **kw)
    return _traced_array(a, dtype)


def ascontiguousarray(a: ArrayLike, dtype: Optional[DTypeLike] = None, *, like: Any = None) -> Array:
    """A C-contiguous array of at least one dimension (as ``np.ascontiguousarray``).

    Args:
        a: an array-like, possibly holding traced values.
        dtype: an optional dtype.
        like: as for NumPy.

    Returns:
        An array with ``ndim >= 1`` (a Tracer when ``a`` holds traced values).

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.ascontiguousarray(np.float64(2.0))
        array([2.])
    """
    if not _seq_or_tracer(a):
        kw: dict[str, Any] = {} if like is None else {"like": like}
        return onp.ascontiguousarray(a, dtype=dtype, **kw)
    return _traced_array(a, dtype, ndmin=1)


def asfortranarray(a: ArrayLike, dtype: Optional[DTypeLike] = None, *, like: Any = None) -> Array:
    """A Fortran-ordered array of at least one dimension (as ``np.asfortranarray``).

    Args:
        a: an array-like, possibly holding traced values (for which order has no meaning).
        dtype: an optional dtype.
        like: as for NumPy.

    Returns:
        An array with ``ndim >= 1`` (a Tracer when ``a`` holds traced values).

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.asfortranarray(np.ones((2, 2))).flags.f_contiguous
        True
    """
    if not _seq_or_tracer(a):
        kw: dict[str, Any] = {} if like is None else {"like": like}
        return onp.asfortranarray(a, dtype=dtype, **kw)
    return _traced_array(a, dtype, ndmin=1)


def asarray_chkfinite(
    a: ArrayLike, dtype: Optional[DTypeLike] = None, order: Optional[Literal["K", "A", "C", "F"]] = None
) -> Array:
    """As :func:`asarray`, raising ``ValueError`` if ``a`` holds an infinity or NaN.

    Args:
        a: an array-like, possibly holding traced values.
        dtype: an optional dtype.
        order: as for NumPy.

    Returns:
        An array (a Tracer when ``a`` holds traced values).

    Example:
        >>> import fad, fad.numpy as fnp
        >>> float(fad.grad(lambda x: fnp.asarray_chkfinite([x, 1.0])[0])(2.0))
        1.0
    """
    if not _seq_or_tracer(a):
        return onp.asarray_chkfinite(a, dtype=dtype, order=order)
    out = _traced_array(a, dtype)
    v = np.asarray(concrete(out))
    if v.dtype.char in np.typecodes["AllFloat"] and not np.isfinite(v).all():
        raise ValueError("np.asarray_chkfinite: array must not contain infs or NaNs")
    return out


_REQUIREMENTS = {"C", "C_CONTIGUOUS", "CONTIGUOUS", "F", "F_CONTIGUOUS", "FORTRAN", "A", "ALIGNED",
                 "W", "WRITEABLE", "O", "OWNDATA", "E", "ENSUREARRAY"}


def require(
    a: ArrayLike,
    dtype: Optional[DTypeLike] = None,
    requirements: Optional[Union[str, Sequence[str]]] = None,
    *,
    like: Any = None,
) -> Array:
    """An array of ``dtype`` that meets memory ``requirements`` (as ``np.require``).

    Traced values have no memory layout to meet: only ``dtype`` applies to
    them (the requirements are still checked for validity).

    Args:
        a: an array-like, possibly holding traced values.
        dtype: an optional dtype.
        requirements: flags such as ``"C"``, ``"F"``, ``"W"``, ``"O"``, ``"E"``.
        like: as for NumPy.

    Returns:
        An array (a Tracer when ``a`` holds traced values).

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.require(np.arange(3), np.float64, ["C"]).dtype
        dtype('float64')
    """
    if not _seq_or_tracer(a):
        kw: dict[str, Any] = {} if like is None else {"like": like}
        return onp.require(a, dtype=dtype, requirements=requirements, **kw)
    flags = [requirements] if isinstance(requirements, str) else list(requirements or [])
    bad = [f for f in flags if str(f).upper() not in _REQUIREMENTS]
    if bad:
        raise KeyError(f"np.require: unknown requirement {bad[0]!r}")
    return _traced_array(a, dtype)


def copy(a: ArrayLike, order: Literal["K", "A", "C", "F"] = "K", subok: bool = False) -> Array:
    """A copy of ``a`` (as ``np.copy``); a traced value is immutable, so it is returned itself.

    Args:
        a: an array-like, possibly holding traced values.
        order, subok: as for ``np.copy``.

    Returns:
        A new array, or the Tracer (a list holding Tracers is stacked into one).

    Example:
        >>> import fad, fad.numpy as fnp
        >>> float(fad.grad(lambda x: fnp.copy(x) * 3.0)(1.0))
        3.0
    """
    if not _seq_or_tracer(a):
        return onp.copy(a, order=order, subok=subok)
    return _traced_array(a, None)


# --- new arrays of a shape --------------------------------------------------------------


def _concrete_operand(a: Any) -> Any:
    """``a``'s value, for functions that read only its shape and dtype."""
    return concrete(as_operand(a)) if _seq_or_tracer(a) else a


def full(
    shape: Shape,
    fill_value: ArrayLike,
    dtype: Optional[DTypeLike] = None,
    order: Literal["C", "F"] = "C",
    *,
    device: Optional[str] = None,
    like: Any = None,
) -> Array:
    """An array of ``shape`` filled with ``fill_value`` (differentiable in ``fill_value``).

    Args:
        shape: the shape.
        fill_value: a scalar or an array that broadcasts to ``shape``, maybe traced.
        dtype: the dtype (``fill_value``'s when None; an integer dtype makes a constant).
        order, device, like: as for ``np.full``.

    Returns:
        The filled array (a Tracer when ``fill_value`` is traced).

    Example:
        >>> import fad, fad.numpy as fnp
        >>> float(fad.grad(lambda v: fnp.sum(fnp.full((2, 3), v)))(1.0))
        6.0
    """
    if not _seq_or_tracer(fill_value):
        kw: dict[str, Any] = {} if like is None else {"like": like}
        return onp.full(shape, fill_value, dtype=dtype, order=order, device=device, **kw)
    v = as_operand(fill_value)
    to = _util_dtype(v) if dtype is None else np.dtype(dtype)
    if not np.issubdtype(to, np.inexact):
        return onp.full(shape, concrete(v), dtype=to, order=order)
    target = (int(shape),) if isinstance(shape, (int, np.integer)) else tuple(int(s) for s in shape)
    return broadcast_to(astype(v, to), target)


_util_dtype = dtype


def _like_shape(a: Any, shape_: Optional[Shape]) -> tuple[int, ...]:
    if shape_ is None:
        return shape(a)
    if isinstance(shape_, (int, np.integer)):
        return (int(shape_),)
    return tuple(int(s) for s in shape_)


def zeros_like(
    a: ArrayLike,
    dtype: Optional[DTypeLike] = None,
    order: Literal["K", "A", "C", "F"] = "K",
    subok: bool = True,
    shape: Optional[Shape] = None,
    *,
    device: Optional[str] = None,
) -> Array:
    """Zeros of ``a``'s shape and dtype (a constant: its derivative in ``a`` is zero).

    Args:
        a: an array-like or Tracer.
        dtype, order, subok, shape, device: as for ``np.zeros_like``.

    Returns:
        A NumPy array of zeros.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.zeros_like(np.ones(2))
        array([0., 0.])
    """
    return onp.zeros_like(_concrete_operand(a), dtype=dtype, order=order, subok=subok, shape=shape, device=device)


def ones_like(
    a: ArrayLike,
    dtype: Optional[DTypeLike] = None,
    order: Literal["K", "A", "C", "F"] = "K",
    subok: bool = True,
    shape: Optional[Shape] = None,
    *,
    device: Optional[str] = None,
) -> Array:
    """Ones of ``a``'s shape and dtype (a constant: its derivative in ``a`` is zero).

    Args:
        a: an array-like or Tracer.
        dtype, order, subok, shape, device: as for ``np.ones_like``.

    Returns:
        A NumPy array of ones.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.ones_like(np.zeros(2))
        array([1., 1.])
    """
    return onp.ones_like(_concrete_operand(a), dtype=dtype, order=order, subok=subok, shape=shape, device=device)


def empty_like(
    prototype: ArrayLike,
    /,
    dtype: Optional[DTypeLike] = None,
    order: Literal["K", "A", "C", "F"] = "K",
    subok: bool = True,
    shape: Optional[Shape] = None,
    *,
    device: Optional[str] = None,
) -> Array:
    """An uninitialised array of ``prototype``'s shape and dtype (a constant).

    Args:
        prototype: an array-like or Tracer.
        dtype, order, subok, shape, device: as for ``np.empty_like``.

    Returns:
        A NumPy array (its values are whatever memory held).

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.empty_like(np.zeros((2, 3))).shape
        (2, 3)
    """
    return onp.empty_like(
        _concrete_operand(prototype), dtype=dtype, order=order, subok=subok, shape=shape, device=device
    )


def full_like(
    a: ArrayLike,
    fill_value: ArrayLike,
    dtype: Optional[DTypeLike] = None,
    order: Literal["K", "A", "C", "F"] = "K",
    subok: bool = True,
    shape: Optional[Shape] = None,
    *,
    device: Optional[str] = None,
) -> Array:
    """An array of ``a``'s shape and dtype filled with ``fill_value``.

    Differentiable in ``fill_value`` (when the dtype is floating); a constant
    in ``a``. As in NumPy, ``fill_value`` is cast to ``a``'s dtype unless
    ``dtype`` is given.

    Args:
        a: an array-like or Tracer (only its shape and dtype are read).
        fill_value: a scalar or an array that broadcasts to the shape, maybe traced.
        dtype, order, subok, shape, device: as for ``np.full_like``.

    Returns:
        The filled array (a Tracer when ``fill_value`` is traced).

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> fnp.full_like(np.zeros(2), 7.0)
        array([7., 7.])
        >>> float(fad.grad(lambda v: fnp.sum(fnp.full_like(np.zeros(3), v)))(1.0))
        3.0
    """
    ac = _concrete_operand(a)
    if not _seq_or_tracer(fill_value):
        return onp.full_like(ac, fill_value, dtype=dtype, order=order, subok=subok, shape=shape, device=device)
    v = as_operand(fill_value)
    to = _util_dtype(ac) if dtype is None else np.dtype(dtype)
    if not np.issubdtype(to, np.inexact):
        return onp.full_like(ac, concrete(v), dtype=to, order=order, subok=subok, shape=shape, device=device)
    return broadcast_to(astype(v, to), _like_shape(ac, shape))


_ARANGE_NAMES = ("start", "stop", "step")


def arange(*args: Any, **kwargs: Any) -> Array:
    """Evenly spaced values in a half-open interval, as ``np.arange([start,] stop[, step], dtype=None)``.

    A constant: its bounds must be concrete. For a traced start or stop use
    :func:`linspace`, which is differentiable in its endpoints.

    Args:
        *args: ``stop``, ``start, stop`` or ``start, stop, step``.
        **kwargs: ``start``, ``stop``, ``step``, ``dtype``, ``device``, ``like``, as for NumPy.

    Returns:
        A NumPy array.

    Example:
        >>> import fad.numpy as fnp
        >>> fnp.arange(1.0, 2.0, 0.5)
        array([1. , 1.5])
    """
    names = ("stop",) if len(args) == 1 else _ARANGE_NAMES
    for name, v in list(zip(names, args)) + [(k, v) for k, v in kwargs.items() if k in _ARANGE_NAMES]:
        if _seq_or_tracer(v):
            raise TypeError(
                f"np.arange: its {name} is traced, but arange makes constants and has no "
                f"derivative in {name}. Use np.linspace(start, stop, num) instead, which is "
                "differentiable in start and stop (or write start + step * np.arange(n) with "
                "a concrete n)."
            )
    return _np_arange(*args, **kwargs)


def kaiser(M: int, beta: float) -> Array:
    """The Kaiser window of ``M`` points (a constant, as ``np.kaiser``).

    Args:
        M: the number of points.
        beta: the shape parameter (concrete: fad does not differentiate the window in it).

    Returns:
        A NumPy array of ``M`` values.

    Example:
        >>> import fad.numpy as fnp
        >>> fnp.kaiser(3, 0.0)
        array([1., 1., 1.])
    """
    if _seq_or_tracer(beta) or _seq_or_tracer(M):
        raise TypeError(
            "np.kaiser: beta is traced, but fad does not differentiate the Kaiser window "
            "in beta (it needs the Bessel function i0). Pass a concrete beta, or write the "
            "window yourself with differentiable functions."
        )
    return onp.kaiser(M, beta)


def fromfunction(
    function: Callable[..., Any], shape: Shape, *, dtype: DTypeLike = float, like: Any = None, **kwargs: Any
) -> Any:
    """Call ``function`` on index arrays, one per axis of ``shape`` (as ``np.fromfunction``).

    The indices are constants; the result is differentiable in whatever traced
    values ``function`` uses (closed over, or passed in ``kwargs``).

    Args:
        function: called as ``function(i0, i1, ..., **kwargs)`` with arrays of ``shape``.
        shape: the shape of the index arrays.
        dtype: the index arrays' dtype.
        like: as for NumPy.
        **kwargs: passed on to ``function``.

    Returns:
        Whatever ``function`` returns.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> float(fad.grad(lambda a: fnp.sum(fnp.fromfunction(lambda i, j: a * i + j, (2, 2))))(1.0))
        2.0
    """
    dims = (int(shape),) if isinstance(shape, (int, np.integer)) else tuple(int(s) for s in shape)
    index = np.indices(dims, dtype=dtype)
    return function(*index, **kwargs)


# --- evenly spaced --------------------------------------------------------------------


def _as_float_operand(x: Any) -> Any:
    x = as_operand(x)
    return x if type(x) is Tracer else np.asanyarray(x) * 1.0


def _linspace_traced(
    start: Any, stop: Any, num: int, endpoint: bool, retstep: bool, dtype_: Optional[DTypeLike], axis: int,
) -> Union[Array, tuple[Array, Any]]:
    num = operator.index(num)  # as NumPy: an integer, not a float
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    start, stop = _as_float_operand(start), _as_float_operand(stop)
    dt = np.result_type(_util_dtype(start), _util_dtype(stop), float(num))
    if dtype_ is not None and not np.issubdtype(np.dtype(dtype_), np.inexact):
        return _np_linspace(concrete(start), concrete(stop), num, endpoint, retstep, dtype_, axis)
    div = (num - 1) if endpoint else num
    delta = stop - start
    tail = np.broadcast_shapes(shape(start), shape(stop))
    t = np.arange(num, dtype=dt).reshape((-1,) + (1,) * len(tail))
    step: Any
    if div > 0:
        step = delta / div
        # as NumPy: where a step is zero (an underflow), scale before multiplying
        y = t / div * delta if np.any(concrete(step) == 0) else t * step
    else:
        step = np.nan
        y = t * delta
    y = astype(y + start, dt)
    if endpoint and num > 1:
        last = reshape(astype(broadcast_to(stop, tail), dt), (1,) + tail)
        y = concatenate([getitem(y, slice(None, -1)), last], axis=0)
    if axis != 0:
        y = moveaxis(y, 0, axis)
    if dtype_ is not None:
        y = astype(y, dtype_)
    return (y, step) if retstep else y


@overload
def linspace(
    start: ArrayLike,
    stop: ArrayLike,
    num: int = 50,
    endpoint: bool = True,
    retstep: Literal[False] = False,
    dtype: Optional[DTypeLike] = None,
    axis: int = 0,
    *,
    device: Optional[str] = None,
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
    device: Optional[str] = None,
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
    *,
    device: Optional[str] = None,
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
    *,
    device: Optional[str] = None,
) -> Union[Array, tuple[Array, Array]]: ...
def linspace(
    start: ArrayLike,
    stop: ArrayLike,
    num: int = 50,
    endpoint: bool = True,
    retstep: bool = False,
    dtype: Optional[DTypeLike] = None,
    axis: int = 0,
    *,
    device: Optional[str] = None,
) -> Union[Array, tuple[Array, Array]]:
    """``num`` evenly spaced numbers from ``start`` to ``stop``, differentiable in both.

    As NumPy: ``start + k * step`` with ``step = (stop - start) / (num - 1)``
    (``/ num`` without the endpoint), and the last value exactly ``stop``.
    Array endpoints broadcast; the new axis is ``axis`` of the result.

    Args:
        start, stop: the interval's ends (scalars or arrays, maybe traced).
        num, endpoint, retstep, dtype, axis, device: as for ``np.linspace``
            (an integer ``dtype`` makes a constant).

    Returns:
        The samples, and with ``retstep=True`` also the step.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> fnp.linspace(0.0, 1.0, 3)
        array([0. , 0.5, 1. ])
        >>> fad.jacobian(lambda b: fnp.linspace(0.0, b, 3))(2.0)
        array([0. , 0.5, 1. ])
    """
    if not (_seq_or_tracer(start) or _seq_or_tracer(stop)):
        return _np_linspace(start, stop, num, endpoint, retstep, dtype, axis, device=device)
    return _linspace_traced(start, stop, num, endpoint, retstep, dtype, axis)


def logspace(
    start: ArrayLike,
    stop: ArrayLike,
    num: int = 50,
    endpoint: bool = True,
    base: ArrayLike = 10.0,
    dtype: Optional[DTypeLike] = None,
    axis: int = 0,
) -> Array:
    """``base ** linspace(start, stop, num)``, differentiable in ``start``, ``stop`` and ``base``.

    Args:
        start, stop: the exponents of the ends (maybe traced arrays).
        num, endpoint, dtype, axis: as for ``np.logspace``.
        base: the base (a scalar or an array broadcasting with the ends; maybe traced).

    Returns:
        The samples.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> fnp.logspace(0.0, 2.0, 3)
        array([  1.,  10., 100.])
        >>> float(fad.grad(lambda s: fnp.logspace(s, 2.0, 3)[0])(0.0))  # d 10**s / ds = log(10)
        2.302585092994046
    """
    if not (_seq_or_tracer(start) or _seq_or_tracer(stop) or _seq_or_tracer(base)):
        return _np_logspace(start, stop, num, endpoint, base, dtype, axis)
    start, stop, base = as_operand(start), as_operand(stop), as_operand(base)
    if not isinstance(base, (float, int)) and len(shape(base)):
        # as NumPy: an array base broadcasts with the ends, so all have its rank first
        nd = len(np.broadcast_shapes(shape(start), shape(stop), shape(base)))
        start, stop, base = (_ndmin(v, nd) for v in (start, stop, base))
        base = expand_dims(base, axis)
    y = linspace(start, stop, num, endpoint, axis=axis)
    out = power(base, y)
    return out if dtype is None else astype(out, dtype)


def _ndmin(v: Any, nd: int) -> Any:
    s = shape(v)
    return v if len(s) >= nd else reshape(v, (1,) * (nd - len(s)) + s)


def geomspace(
    start: ArrayLike,
    stop: ArrayLike,
    num: int = 50,
    endpoint: bool = True,
    dtype: Optional[DTypeLike] = None,
    axis: int = 0,
) -> Array:
    """A geometric progression from ``start`` to ``stop``, differentiable in both.

    As NumPy: ``sign * logspace(log10(start / sign), log10(stop / sign))``
    with the ends set exactly to ``start`` and ``stop``. ``start`` and
    ``stop`` must be nonzero; real ends must have the same sign element by
    element (NumPy gives nan for ends of opposite signs: refused on traced
    values). For complex ends (or one complex end) the sign is ``start /
    |start|``, a traced value: the sequence turns from ``start`` to ``stop``
    along the principal logarithm of ``stop / sign``, and differentiates in
    both ends (JAX's convention for complex values, docs/complex.md).

    Args:
        start, stop: the ends (scalars or arrays, maybe traced).
        num, endpoint, dtype, axis: as for ``np.geomspace``.

    Returns:
        The samples.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> fnp.geomspace(1.0, 100.0, 3)
        array([  1.,  10., 100.])
        >>> float(fad.grad(lambda b: fnp.geomspace(1.0, b, 3)[1])(100.0))  # sqrt(b)' = 1 / (2 sqrt(b))
        0.05
        >>> fnp.geomspace(1.0, -1.0 + 0j, 3)   # along the unit circle
        array([ 1.000000e+00+0.j,  6.123234e-17+1.j, -1.000000e+00+0.j])
        >>> complex(fad.grad(lambda b: fnp.geomspace(1.0 + 0j, b, 3)[1], holomorphic=True)(4.0 + 0j))   # sqrt(b)'
        (0.25+0j)
    """
    if not (_seq_or_tracer(start) or _seq_or_tracer(stop)):
        return _np_geomspace(start, stop, num, endpoint, dtype, axis)
    start, stop = as_operand(start), as_operand(stop)
    s0, s1 = np.asarray(concrete(start)), np.asarray(concrete(stop))
    if np.any(s0 == 0) or np.any(s1 == 0):
        raise ValueError("Geometric sequence cannot include zero")
    dt = np.result_type(s0.dtype, s1.dtype, float(num), np.zeros((), dtype).dtype)
    num = operator.index(num)
    if dt.kind == "c":
        # NumPy's sign of a complex start is start / |start| (a traced value here): the ends
        # divided by it are |start| and stop / sign, whose principal log10 logspace joins
        zs = astype(start, dt)
        sign: Any = zs / absolute(zs)
    elif np.any(np.sign(s0) != np.sign(s1)):
        raise ValueError(
            "np.geomspace (fnp.geomspace) of real ends of opposite signs is nan in NumPy (a real "
            "sequence cannot pass through 0). For a complex sequence give a complex end "
            "(fnp.geomspace(start + 0j, stop, num)), or build it: start * (stop / start) ** fnp.linspace(0.0, 1.0, num)."
        )
    else:
        sign = np.sign(s0).astype(dt)
    lo, hi = astype(start, dt) / sign, astype(stop, dt) / sign
    out = logspace(log10(lo), log10(hi), num, endpoint, 10.0, dt)
    tail = np.broadcast_shapes(shape(lo), shape(hi))
    if num > 0:  # as NumPy, the ends exactly (10 ** log10(x) need not be x)
        ends = [reshape(broadcast_to(lo, tail), (1,) + tail)]
        middle = getitem(out, slice(1, None))
        if num > 1 and endpoint:
            middle = getitem(out, slice(1, -1))
            ends.append(reshape(broadcast_to(hi, tail), (1,) + tail))
        out = concatenate([ends[0], middle] + ends[1:], axis=0)
    out = out * sign
    if axis != 0:
        out = moveaxis(out, 0, axis)
    return out if dtype is None else astype(out, dtype)


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
    np.shape: shape, np.ndim: ndim, np.size: size, np.result_type: result_type,
    np.zeros_like: zeros_like, np.ones_like: ones_like, np.full_like: full_like,
    np.empty_like: empty_like, np.full: full, np.array: array, np.asarray: asarray,
    np.asanyarray: asanyarray, np.ascontiguousarray: ascontiguousarray,
    np.asfortranarray: asfortranarray, np.asarray_chkfinite: asarray_chkfinite,
    np.require: require, np.copy: copy, np.linspace: linspace, np.logspace: logspace,
    np.geomspace: geomspace, np.arange: arange, np.kaiser: kaiser, np.fromfunction: fromfunction,
}
"""NumPy's ufuncs and functions -> this module's functions of the same meaning
(``fad.numpy._dispatch`` gathers the families' tables for NumPy's dispatch)."""
