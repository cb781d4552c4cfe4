"""Reductions: sum (with NumPy's keywords), mean, var, std, max, min,
logsumexp, prod, cumsum, cumprod, cumulative_sum, cumulative_prod.

Axes are stored as negative numbers, counted from the last axis, so that the
rules work unchanged on tangents with extra leading batch axes.

NumPy's ``where=`` masks are used by value (they carry no derivative): a
masked-out entry gets a zero derivative. ``out=`` is passed to NumPy on plain
arrays; a traced value cannot be written into, so with a Tracer it must be None.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Optional

import numpy as np

from fad._primitive import Kind, Primitive, defjvp, defvjp
from fad._tracer import Tracer, concrete
from fad.numpy._base import as_operand, concatenate, getitem, reshape, transpose, unreduce
from fad.numpy._base import sum as _sum
from fad.numpy._base import where as _where
from fad.numpy._elementwise import conjugate, exp, maximum, minimum, real, sqrt
from fad.numpy._shape import astype, ravel
from fad.numpy._util import dtype as dtype_of
from fad.numpy._util import (
    Array, ArrayLike, Axis, bind, has_tracer, ndim, norm_axes, onp, shape,
)

__all__ = ["sum", "mean", "max", "min", "amax", "amin", "logsumexp", "var", "std",
    "cumsum", "cumprod", "prod", "cumulative_sum", "cumulative_prod",
]
# ``sum`` here is the public one, with all of np.sum's keywords; ``_base.sum``
# (axis and keepdims) is the primitive it and the rules are built on.

_SEQ = (list, tuple)
_NOVALUE: Any = np._NoValue  # NumPy's "not given" (np.sum's initial=, keepdims=)
_add_reduce: Any = np.add.reduce
_max_reduce: Any = np.maximum.reduce
_min_reduce: Any = np.minimum.reduce
_mul_reduce: Any = np.multiply.reduce


def _untraced(x: Any) -> bool:
    """Whether ``x`` holds no Tracer (the fast paths' test, inlined where it counts)."""
    return type(x) is not Tracer and ((type(x) is not list and type(x) is not tuple) or not has_tracer(x))


def _operand(x: Any, to: Any, out: Any, fn: str) -> Any:
    """A traced argument as the rules need it: lists stacked, cast to ``dtype=``."""
    if out is not None:
        raise TypeError(
            f"{fn}: out= cannot be used with traced values (a traced array is immutable); "
            "use the returned value instead"
        )
    x = as_operand(x)
    if to is not None:
        x = astype(x, to)
    return x


def _mask(where: Any, x: Any) -> Optional[np.ndarray[Any, Any]]:
    """``where=`` as a concrete boolean array of ``x``'s shape, or None for "all"."""
    if where is True or where is _NOVALUE:
        return None
    m = np.asarray(concrete(where), dtype=bool)
    return np.broadcast_to(m, shape(x))


def _count(x: Any, axes: tuple[int, ...], m: Optional[np.ndarray[Any, Any]], keepdims: bool) -> Any:
    """How many entries each reduction over ``axes`` takes (an int, or an array
    of the result's shape when a ``where=`` mask is given)."""
    if m is None:
        return math.prod([shape(x)[a] for a in axes])
    n = np.sum(m, axis=axes, keepdims=keepdims, dtype=np.intp)
    dt = dtype_of(x)
    if not np.issubdtype(dt, np.inexact):
        return n
    return n.astype(np.finfo(dt).dtype)  # float32 (and complex64's float32) stays: a count is real


# --- sum ------------------------------------------------------------------------------


def sum(
    x: ArrayLike, axis: Axis = None, dtype: Any = None, out: Any = None, keepdims: bool = False,
    initial: Any = _NOVALUE, where: Any = True,
) -> Array:
    """Sum of elements over ``axis``, with all of ``np.sum``'s keywords.

    Args:
        x: an array-like.
        axis: None (all axes), an int or a tuple of ints.
        dtype: the type to sum in (a cast first, on traced values).
        out: an array to write to (plain arrays only).
        keepdims: keep the reduced axes with length 1.
        initial: a value added to each sum.
        where: a boolean mask of the entries to sum (no derivative for the others).

    Returns:
        The sum.

    Example:
        >>> import numpy as np
        >>> float(sum(np.array([1.0, 2.0, 4.0]), where=np.array([True, False, True]), initial=1.0))
        6.0
    """
    if type(x) is not Tracer and ((type(x) is not list and type(x) is not tuple) or not has_tracer(x)):
        return _add_reduce(x, axis=axis, dtype=dtype, out=out, keepdims=keepdims,  # type: ignore[no-any-return]
                           initial=initial, where=where)
    x = _operand(x, dtype, out, "sum")
    m = _mask(where, x)
    if m is not None:
        x = _where(m, x, 0)
    y = _sum(x, axis=axis, keepdims=keepdims)
    return y if initial is _NOVALUE else y + initial


# --- mean, var, std -----------------------------------------------------------------


def _plain_float(x: Any) -> bool:
    return type(x) is np.ndarray and x.dtype.kind == "f" and x.dtype.itemsize >= 4


def _plain_count(x: Any, axis: Axis) -> int:
    """The number of entries per reduction of a plain array (0: let NumPy decide)."""
    if axis is None:
        return int(x.size)
    try:
        if type(axis) is int:
            return int(x.shape[axis])
        return math.prod([x.shape[a] for a in axis])  # type: ignore[union-attr]
    except (IndexError, TypeError):
        return 0


def mean(
    x: ArrayLike, axis: Axis = None, dtype: Any = None, out: Any = None, keepdims: bool = False,
    *, where: Any = True,
) -> Array:
    """Mean of elements over ``axis`` (all axes when None), as ``np.mean``.

    Args:
        x: an array-like (a list may hold Tracers).
        axis: None, an int or a tuple of ints.
        dtype: the type to compute in.
        out: an array to write to (plain arrays only).
        keepdims: keep the reduced axes with length 1.
        where: a boolean mask of the entries to average.

    Returns:
        The mean.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.mean(np.array([1.0, 2.0, 6.0])))
        3.0
    """
    if type(x) is not Tracer and ((type(x) is not list and type(x) is not tuple) or not has_tracer(x)):
        if dtype is None and out is None and where is True and _plain_float(x):
            n = _plain_count(x, axis)
            if n:  # np.mean's own sum and division, without its wrapper
                return _add_reduce(x, axis=axis, keepdims=keepdims) / n  # type: ignore[no-any-return]
        return onp.mean(x, axis=axis, dtype=dtype, out=out, keepdims=keepdims, where=where)
    x = _operand(x, dtype, out, "mean")
    axes = norm_axes(axis, ndim(x), "mean")
    m = _mask(where, x)
    if m is not None:
        x = _where(m, x, 0)
    y: Array = _sum(x, axis=axes, keepdims=keepdims) / _count(x, axes, m, keepdims)
    return y


def _ddof(ddof: Any, correction: Any, fn: str) -> Any:
    if correction is _NOVALUE:
        return ddof
    if ddof != 0:
        raise ValueError(f"{fn}: ddof and correction can't be provided simultaneously")
    return correction


def var(
    x: ArrayLike, axis: Axis = None, dtype: Any = None, out: Any = None, ddof: float = 0,
    keepdims: bool = False, *, where: Any = True, mean: Any = _NOVALUE, correction: Any = _NOVALUE,
) -> Array:
    """Variance over ``axis``, as ``np.var``: the mean of ``(x - mean)**2``
    divided by ``count - ddof`` instead of ``count``.

    Args:
        x: an array-like (a list may hold Tracers).
        axis: None, an int or a tuple of ints.
        dtype: the type to compute in.
        out: an array to write to (plain arrays only).
        ddof: delta degrees of freedom (NumPy 2's ``correction`` is the same).
        keepdims: keep the reduced axes with length 1.
        where: a boolean mask of the entries to include.
        mean: a precomputed mean (with ``keepdims=True``'s shape); it may be traced.
        correction: the Array API's name for ``ddof``.

    Returns:
        The variance.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.var(np.array([1.0, 3.0])))
        1.0
        >>> float(fnp.var(np.array([1.0, 3.0]), correction=1))
        2.0
    """
    if type(x) is not Tracer and ((type(x) is not list and type(x) is not tuple) or not has_tracer(x)):
        if (type(mean) is not Tracer and dtype is None and out is None and where is True
                and mean is _NOVALUE and correction is _NOVALUE and _plain_float(x)):
            n = _plain_count(x, axis)
            if n:  # np.var's own steps, without its wrapper
                d = x - _add_reduce(x, axis=axis, keepdims=True) / n
                return _add_reduce(d * d, axis=axis, keepdims=keepdims) / _clamp(n - ddof)  # type: ignore[no-any-return]
        if type(mean) is not Tracer:
            kw = {} if mean is _NOVALUE else {"mean": mean}
            if correction is not _NOVALUE:
                kw["correction"] = correction
            return onp.var(x, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims,
                           where=where, **kw)
    return _var(x, axis, dtype, out, _ddof(ddof, correction, "var"), keepdims, where, mean, "var")  # type: ignore[no-any-return]


def _clamp(n: Any) -> Any:
    """NumPy's divisor ``max(count - ddof, 0)``."""
    return np.maximum(n, 0) if isinstance(n, np.ndarray) else (n if n > 0 else 0)


def _var(x: Any, axis: Axis, to: Any, out: Any, ddof: Any, keepdims: bool, where: Any,
         mu: Any, fn: str) -> Any:
    x = _operand(x, to, out, fn)
    axes = norm_axes(axis, ndim(x), fn)
    m = _mask(where, x)
    cplx = dtype_of(x).kind == "c"
    if m is None and mu is _NOVALUE and not cplx:
        return bind(var_p, x, axis=axes, ddof=ddof, keepdims=keepdims)
    xm = x if m is None else _where(m, x, 0)  # masked entries (NaN, say) must not reach d * d
    if mu is _NOVALUE:
        mu = _sum(xm, axis=axes, keepdims=True) / _count(x, axes, m, True)
    d = xm - mu
    dd = real(d * conjugate(d)) if cplx else d * d  # |d|^2: NumPy's variance of complex values is real
    if m is not None:
        dd = _where(m, dd, 0)
    return _sum(dd, axis=axes, keepdims=keepdims) / _clamp(_count(x, axes, m, keepdims) - ddof)


def _var_impl(x: Any, axis: tuple[int, ...], ddof: Any, keepdims: bool) -> Any:
    x = np.asarray(x)
    n = math.prod([x.shape[a] for a in axis])
    d = x - _add_reduce(x, axis=axis, keepdims=True) / n
    d = np.multiply(d, d, out=d) if type(d) is np.ndarray else d * d  # in place: one large temporary
    return _add_reduce(d, axis=axis, keepdims=keepdims) / _clamp(n - ddof)


var_p = Primitive("var", _var_impl, kind=Kind.STRUCTURAL, saves=(0,))
"""The variance without a mask, as one primitive: its VJP is one product with
the centred values, where the composition's (a square, a subtraction and two
sums) takes several passes over the array."""


def _centred(x: Any, axis: tuple[int, ...]) -> Any:
    return x - _sum(x, axis=axis, keepdims=True) / math.prod([shape(x)[a] for a in axis])


def _twice_over(x: Any, axis: tuple[int, ...], ddof: Any) -> float:
    """``2 / (count - ddof)``, the derivative's scale (inf where NumPy divides by 0)."""
    c = math.prod([shape(x)[a] for a in axis]) - ddof
    return 2.0 / c if c > 0 else math.inf


# var = sum((x - mean)^2) / (n - ddof):  x̄ = ȳ · 2 (x - mean) / (n - ddof)  (the mean's
# own term vanishes, since the centred values sum to 0); ẏ = sum(ẋ · 2 (x - mean)) / (n - ddof)
defvjp(
    var_p,
    lambda y, ybar, x, axis, ddof, keepdims: (
        unreduce(ybar * _twice_over(x, axis, ddof), x, axis, keepdims) * _centred(x, axis)
    ),
)
defjvp(
    var_p,
    lambda xdot, y, x, axis, ddof, keepdims: (
        _sum(xdot * _centred(x, axis), axis=axis, keepdims=keepdims) * _twice_over(x, axis, ddof)
    ),
)


def std(
    x: ArrayLike, axis: Axis = None, dtype: Any = None, out: Any = None, ddof: float = 0,
    keepdims: bool = False, *, where: Any = True, mean: Any = _NOVALUE, correction: Any = _NOVALUE,
) -> Array:
    """Standard deviation over ``axis``, as ``np.std``: ``sqrt(var(...))``.

    Its derivative is infinite where the deviation is 0 (all entries equal).

    Args:
        x: an array-like (a list may hold Tracers).
        axis: None, an int or a tuple of ints.
        dtype: the type to compute in.
        out: an array to write to (plain arrays only).
        ddof: delta degrees of freedom.
        keepdims: keep the reduced axes with length 1.
        where: a boolean mask of the entries to include.
        mean: a precomputed mean (with ``keepdims=True``'s shape); it may be traced.
        correction: the Array API's name for ``ddof``.

    Returns:
        The standard deviation.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.std(np.array([1.0, 3.0])))
        1.0
    """
    if type(x) is not Tracer and ((type(x) is not list and type(x) is not tuple) or not has_tracer(x)):
        if (type(mean) is not Tracer and dtype is None and out is None and where is True
                and mean is _NOVALUE and correction is _NOVALUE and _plain_float(x)):
            n = _plain_count(x, axis)
            if n:
                d = x - _add_reduce(x, axis=axis, keepdims=True) / n
                return np.sqrt(_add_reduce(d * d, axis=axis, keepdims=keepdims) / _clamp(n - ddof))  # type: ignore[no-any-return]
        if type(mean) is not Tracer:
            kw = {} if mean is _NOVALUE else {"mean": mean}
            if correction is not _NOVALUE:
                kw["correction"] = correction
            return onp.std(x, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims,
                           where=where, **kw)
    return sqrt(_var(x, axis, dtype, out, _ddof(ddof, correction, "std"), keepdims, where, mean, "std"))


# --- max and min -------------------------------------------------------------------


def _extremum(name: str, impl: Any) -> Primitive:
    p = Primitive(
        name,
        lambda x, axis, keepdims: impl(x, axis=axis, keepdims=keepdims),
        kind=Kind.STRUCTURAL,
        saves=(0, "y"),
    )

    def share(y: Any, x: Any, axis: tuple[int, ...], keepdims: bool) -> Any:
        # The derivative goes to the extreme elements, split evenly among ties.
        ye = concrete(y) if keepdims else np.expand_dims(concrete(y), axis)
        hit = concrete(x) == ye
        return hit / np.sum(hit, axis=axis, keepdims=True).astype(np.result_type(concrete(x)))

    defvjp(p, lambda y, ybar, x, axis, keepdims: unreduce(ybar, x, axis, keepdims) * share(y, x, axis, keepdims))
    defjvp(p, lambda xdot, y, x, axis, keepdims: _sum(xdot * share(y, x, axis, keepdims), axis=axis, keepdims=keepdims))
    return p


max_p = _extremum("max", np.max)
min_p = _extremum("min", np.min)


def _extreme(p: Primitive, x: Any, axis: Axis, out: Any, keepdims: bool, initial: Any,
             where: Any, fn: str) -> Any:
    x = _operand(x, None, out, fn)
    axes = norm_axes(axis, ndim(x), fn)
    m = _mask(where, x)
    if m is not None:
        if initial is _NOVALUE:
            raise ValueError(
                f"{fn}: a where= mask needs initial= (the value of a reduction over no entries)"
            )
        x = _where(m, x, -np.inf if p is max_p else np.inf)
    if initial is not _NOVALUE and math.prod([shape(x)[a] for a in axes]) == 0:
        out_shape = tuple(1 if a - ndim(x) in axes else n for a, n in enumerate(shape(x)))
        y0 = np.full(out_shape, initial, dtype_of(x))
        return y0 if keepdims else y0.reshape([n for a, n in enumerate(shape(x)) if a - ndim(x) not in axes])
    y = bind(p, x, axis=axes, keepdims=keepdims)
    if initial is _NOVALUE:
        return y
    return maximum(y, initial) if p is max_p else minimum(y, initial)


def max(
    x: ArrayLike, axis: Axis = None, out: Any = None, keepdims: bool = False,
    initial: Any = _NOVALUE, where: Any = True,
) -> Array:
    """Maximum over ``axis``, as ``np.max``; the derivative is shared evenly among ties.

    With ``initial``, the result is ``maximum(max(x), initial)`` (at a tie with
    ``initial`` the derivative is split evenly, as ``maximum``'s).

    Args:
        x: an array-like.
        axis: None, an int or a tuple of ints.
        out: an array to write to (plain arrays only).
        keepdims: keep the reduced axes with length 1.
        initial: the smallest value the result may take.
        where: a boolean mask of the entries to include (needs ``initial``).

    Returns:
        The maximum.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.max(np.array([1.0, 5.0, 2.0])))
        5.0
    """
    if type(x) is not Tracer and ((type(x) is not list and type(x) is not tuple) or not has_tracer(x)):
        return _max_reduce(x, axis=axis, out=out, keepdims=keepdims,  # type: ignore[no-any-return]
                           initial=initial, where=where)
    return _extreme(max_p, x, axis, out, keepdims, initial, where, "max")  # type: ignore[no-any-return]


def min(
    x: ArrayLike, axis: Axis = None, out: Any = None, keepdims: bool = False,
    initial: Any = _NOVALUE, where: Any = True,
) -> Array:
    """Minimum over ``axis``, as ``np.min``; the derivative is shared evenly among ties.

    Args:
        x: an array-like.
        axis: None, an int or a tuple of ints.
        out: an array to write to (plain arrays only).
        keepdims: keep the reduced axes with length 1.
        initial: the largest value the result may take.
        where: a boolean mask of the entries to include (needs ``initial``).

    Returns:
        The minimum.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.min(np.array([1.0, 5.0, 2.0])))
        1.0
    """
    if type(x) is not Tracer and ((type(x) is not list and type(x) is not tuple) or not has_tracer(x)):
        return _min_reduce(x, axis=axis, out=out, keepdims=keepdims,  # type: ignore[no-any-return]
                           initial=initial, where=where)
    return _extreme(min_p, x, axis, out, keepdims, initial, where, "min")  # type: ignore[no-any-return]


amax = max
amin = min


# --- logsumexp -------------------------------------------------------------------

def _logsumexp_impl(x: Any, axis: tuple[int, ...], keepdims: bool) -> Any:
    x = np.asarray(x)
    m = np.maximum.reduce(x, axis=axis, keepdims=True)
    if not np.isfinite(m).all():
        m = np.where(np.isfinite(m), m, 0)
    t = x - m
    t = np.exp(t, out=t) if type(t) is np.ndarray and t.dtype.kind in "fc" else np.exp(t)  # in place
    out = np.log(_add_reduce(t, axis=axis, keepdims=True)) + m
    return out if keepdims else out.reshape([n for i, n in enumerate(out.shape) if i - out.ndim not in axis])


logsumexp_p = Primitive(
    "logsumexp", _logsumexp_impl, kind=Kind.STRUCTURAL, saves=(0, "y")
)


def logsumexp(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """``log(sum(exp(x)))`` over ``axis``, computed without overflow.

    Its derivative is the softmax of ``x`` along ``axis``.

    Args:
        x: an array-like.
        axis: None, an int or a tuple of ints.
        keepdims: keep the reduced axes with length 1.

    Returns:
        The log-sum-exp.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> round(float(fnp.logsumexp(np.array([1000.0, 1000.0]))), 4)
        1000.6931
    """
    x = as_operand(x)
    return bind(logsumexp_p, x, axis=norm_axes(axis, ndim(x), "logsumexp"), keepdims=keepdims)


def _softmax(y: Any, x: Any, axis: tuple[int, ...], keepdims: bool) -> Any:
    return exp(x - unreduce(y, x, axis, keepdims))


defvjp(
    logsumexp_p,
    lambda y, ybar, x, axis, keepdims: unreduce(ybar, x, axis, keepdims) * _softmax(y, x, axis, keepdims),
)
defjvp(
    logsumexp_p,
    lambda xdot, y, x, axis, keepdims: _sum(xdot * _softmax(y, x, axis, keepdims), axis=axis, keepdims=keepdims),
)


# --- cumulative sums and products -------------------------------------------------------


def _reverse(t: Any, axis: int) -> Any:
    """t reversed along ``axis`` (counted from the end, so batch axes are safe)."""
    return getitem(t, (slice(None),) * (ndim(t) + axis) + (slice(None, None, -1),))


def _cumsum_impl(x: Any, axis: int) -> Any:
    return np.cumsum(x, axis=axis)


cumsum_p = Primitive("cumsum", _cumsum_impl, kind=Kind.STRUCTURAL, saves=())


def cumsum(x: ArrayLike, axis: Optional[int] = None, dtype: Any = None, out: Any = None) -> Array:
    """Cumulative sum along ``axis`` (of the flattened array when None).

    One primitive: its VJP is the reversed cumulative sum of the cotangent, so
    a gradient costs one more pass over the array.

    Args:
        x: an array-like.
        axis: an int, or None to flatten first.
        dtype: the type to sum in.
        out: an array to write to (plain arrays only).

    Returns:
        The running sums, of ``x``'s shape (1-D when ``axis`` is None).

    Example:
        >>> import fad
        >>> cumsum(np.array([1.0, 2.0, 3.0]))
        array([1., 3., 6.])
        >>> fad.grad(lambda x: cumsum(x)[1])(np.ones(3))
        array([1., 1., 0.])
    """
    if type(x) is not Tracer and ((type(x) is not list and type(x) is not tuple) or not has_tracer(x)):
        if type(x) is np.ndarray:  # np.cumsum without its wrapper
            return x.cumsum(axis, dtype, out)  # type: ignore[no-any-return]
        return onp.cumsum(x, axis=axis, dtype=dtype, out=out)
    x = _operand(x, dtype, out, "cumsum")
    if axis is None:
        x = ravel(x)
        axis = 0
    (ax,) = norm_axes(axis, ndim(x), "cumsum")
    return bind(cumsum_p, x, axis=ax)


# x̄ = reversed cumulative sum of ȳ;  ẏ = cumulative sum of ẋ
defvjp(cumsum_p, lambda y, ybar, x, axis: _reverse(cumsum(_reverse(ybar, axis), axis), axis))
defjvp(cumsum_p, lambda xdot, y, x, axis: cumsum(xdot, axis))


def cumprod(x: ArrayLike, axis: Optional[int] = None, dtype: Any = None, out: Any = None) -> Array:
    """Cumulative product along ``axis`` (of the flattened array when None).

    On traced values it is computed as a scan of ``ceil(log2(n))`` elementwise
    products (each entry times the running product ``2**k`` places before it),
    so its derivatives of every order are exact, also where ``x`` has zeros.
    Traced values can then differ from NumPy's sequential products by rounding.

    Args:
        x: an array-like.
        axis: an int, or None to flatten first.
        dtype: the type to multiply in.
        out: an array to write to (plain arrays only).

    Returns:
        The running products, of ``x``'s shape (1-D when ``axis`` is None).

    Example:
        >>> import fad
        >>> cumprod(np.array([1.0, 2.0, 3.0]))
        array([1., 2., 6.])
        >>> fad.grad(lambda x: cumprod(x)[2])(np.array([0.0, 2.0, 3.0]))
        array([6., 0., 0.])
    """
    if type(x) is not Tracer and ((type(x) is not list and type(x) is not tuple) or not has_tracer(x)):
        if type(x) is np.ndarray:  # np.cumprod without its wrapper
            return x.cumprod(axis, dtype, out)  # type: ignore[no-any-return]
        return onp.cumprod(x, axis=axis, dtype=dtype, out=out)
    x = _operand(x, dtype, out, "cumprod")
    if axis is None:
        x = ravel(x)
        axis = 0
    (ax,) = norm_axes(axis, ndim(x), "cumprod")
    n = shape(x)[ax]
    lead = (slice(None),) * (ndim(x) + ax)
    k = 1
    while k < n:
        ones = list(shape(x))
        ones[ax] = k
        before = getitem(x, lead + (slice(0, n - k),))
        x = x * concatenate([np.ones(ones, dtype_of(x)), before], axis=ax)
        k *= 2
    return x  # type: ignore[return-value]


def _cumulative(x: Any, axis: Optional[int], to: Any, out: Any, include_initial: bool,
                fn: str) -> Any:
    x = _operand(x, to, out, fn)
    if ndim(x) == 0:
        x = reshape(x, (1,))
    if axis is None:
        if ndim(x) > 1:
            raise ValueError(f"{fn}: for arrays of more than one dimension, give axis=")
        axis = 0
    (ax,) = norm_axes(axis, ndim(x), fn)
    y = cumsum(x, ax) if fn == "cumulative_sum" else cumprod(x, ax)
    if not include_initial:
        return y
    first = list(shape(x))
    first[ax] = 1
    start = np.zeros(first, dtype_of(y)) if fn == "cumulative_sum" else np.ones(first, dtype_of(y))
    return concatenate([start, y], axis=ax)


def cumulative_sum(
    x: ArrayLike, /, *, axis: Optional[int] = None, dtype: Any = None, out: Any = None,
    include_initial: bool = False,
) -> Array:
    """Cumulative sum along ``axis``, as NumPy 2's ``np.cumulative_sum``.

    Args:
        x: an array-like.
        axis: the axis (may be None only for 1-D arrays).
        dtype: the type to sum in.
        out: an array to write to (plain arrays only).
        include_initial: start with the sum of no entries (0).

    Returns:
        The running sums (one longer along ``axis`` with ``include_initial``).

    Example:
        >>> cumulative_sum(np.array([1.0, 2.0]), include_initial=True)
        array([0., 1., 3.])
    """
    if type(x) is not Tracer and ((type(x) is not list and type(x) is not tuple) or not has_tracer(x)):
        return onp.cumulative_sum(x, axis=axis, dtype=dtype, out=out, include_initial=include_initial)
    return _cumulative(x, axis, dtype, out, include_initial, "cumulative_sum")  # type: ignore[no-any-return]


def cumulative_prod(
    x: ArrayLike, /, *, axis: Optional[int] = None, dtype: Any = None, out: Any = None,
    include_initial: bool = False,
) -> Array:
    """Cumulative product along ``axis``, as NumPy 2's ``np.cumulative_prod``.

    Args:
        x: an array-like.
        axis: the axis (may be None only for 1-D arrays).
        dtype: the type to multiply in.
        out: an array to write to (plain arrays only).
        include_initial: start with the product of no entries (1).

    Returns:
        The running products (one longer along ``axis`` with ``include_initial``).

    Example:
        >>> cumulative_prod(np.array([2.0, 3.0]), include_initial=True)
        array([1., 2., 6.])
    """
    if type(x) is not Tracer and ((type(x) is not list and type(x) is not tuple) or not has_tracer(x)):
        return onp.cumulative_prod(x, axis=axis, dtype=dtype, out=out, include_initial=include_initial)
    return _cumulative(x, axis, dtype, out, include_initial, "cumulative_prod")  # type: ignore[no-any-return]


# --- prod -----------------------------------------------------------------------------


def _prod_impl(x: Any, axis: tuple[int, ...], keepdims: bool) -> Any:
    return np.prod(x, axis=axis, keepdims=keepdims)


prod_p = Primitive("prod", _prod_impl, kind=Kind.STRUCTURAL, saves=(0,))


def prod(
    x: ArrayLike, axis: Axis = None, dtype: Any = None, out: Any = None, keepdims: bool = False,
    initial: Any = _NOVALUE, where: Any = True,
) -> Array:
    """Product of elements over ``axis`` (all axes when None), as ``np.prod``.

    The derivative is right where ``x`` has zeros too (the product of the
    other entries, not ``y / x``), to every order.

    Args:
        x: an array-like.
        axis: None, an int or a tuple of ints.
        dtype: the type to multiply in.
        out: an array to write to (plain arrays only).
        keepdims: keep the reduced axes with length 1.
        initial: a factor of each product.
        where: a boolean mask of the entries to multiply (no derivative for the others).

    Returns:
        The product.

    Example:
        >>> import fad
        >>> float(prod(np.array([1.0, 2.0, 3.0])))
        6.0
        >>> fad.grad(prod)(np.array([0.0, 2.0, 3.0]))
        array([6., 0., 0.])
    """
    if type(x) is not Tracer and ((type(x) is not list and type(x) is not tuple) or not has_tracer(x)):
        return _mul_reduce(x, axis=axis, dtype=dtype, out=out, keepdims=keepdims,  # type: ignore[no-any-return]
                           initial=initial, where=where)  # np.prod without its wrapper
    x = _operand(x, dtype, out, "prod")
    m = _mask(where, x)
    if m is not None:
        x = _where(m, x, 1)
    y = bind(prod_p, x, axis=norm_axes(axis, ndim(x), "prod"), keepdims=keepdims)
    return y if initial is _NOVALUE else y * initial


def _others(x: Any, axis: tuple[int, ...]) -> Any:
    """For each entry of x, the product of the other entries of its reduction.

    It multiplies the exclusive running products from the left and from the
    right: no division, so it is exact where x has zeros, and its own
    derivatives (through ``cumprod``'s scan when x is traced) are too.
    """
    nd = ndim(x)
    red = [a + nd for a in axis]
    perm = [i for i in range(nd) if i not in red] + red
    xt = transpose(x, perm)
    st = shape(xt)
    lead = st[: nd - len(red)]
    n = math.prod(st[nd - len(red):])
    if n == 0:
        return np.zeros(shape(x), dtype_of(x))
    xf = reshape(xt, lead + (n,))
    ones = np.ones(lead + (1,), dtype_of(x))
    head = (slice(None),) * len(lead) + (slice(0, n - 1),)
    left = concatenate([ones, getitem(cumprod(xf, -1), head)], axis=-1)
    right = concatenate([ones, getitem(cumprod(_reverse(xf, -1), -1), head)], axis=-1)
    o = reshape(left * _reverse(right, -1), st)
    return transpose(o, [int(i) for i in np.argsort(perm)])


defvjp(
    prod_p,
    lambda y, ybar, x, axis, keepdims: unreduce(ybar, x, axis, keepdims) * _others(x, axis),
)
defjvp(
    prod_p,
    lambda xdot, y, x, axis, keepdims: _sum(
        xdot * _others(x, axis), axis=axis, keepdims=keepdims
    ),
)


NUMPY: dict[Any, Callable[..., Any]] = {
    np.sum: sum, np.mean: mean, np.max: max, np.min: min, np.amax: max, np.amin: min,
    np.var: var, np.std: std, np.cumsum: cumsum, np.cumprod: cumprod, np.prod: prod,
    np.cumulative_sum: cumulative_sum, np.cumulative_prod: cumulative_prod,
}
"""NumPy's ufuncs and functions -> this module's functions of the same meaning
(``fad.numpy._dispatch`` gathers the families' tables for NumPy's dispatch)."""
