"""Statistics: order statistics (median, percentile, quantile), the NaN-ignoring
reductions, weighted means, covariance and integration (average, ptp, nan*, cov,
corrcoef, trapezoid).

Order statistics are chosen on the concrete values (by partitioning, or a
stable argsort for many quantiles; at ties the derivative goes where
``sort``'s does: to the tied entries in their order); the traced value is then a gather of at most two entries per output
and the interpolation between them, so a gradient costs one scatter into an
array of the input's shape and nothing more. NaN entries that the ``nan*``
functions skip get a zero derivative.
"""

from __future__ import annotations

import math
import warnings
from typing import Any, Callable, Optional, Union

import numpy as np

from fad._tracer import Tracer, concrete
from fad.numpy._base import as_operand, concatenate, getitem, reshape, transpose
from fad.numpy._base import sum as _sum
from fad.numpy._base import where as _where
from fad.numpy._elementwise import clip, conjugate, imag, real, sqrt
from fad.numpy._products import matmul
from fad.numpy._reductions import _NOVALUE, _mask, _operand, _var, cumprod, cumsum
from fad.numpy._reductions import max as _max
from fad.numpy._reductions import mean as _mean
from fad.numpy._reductions import min as _min
from fad.numpy._reductions import prod as _prod
from fad.numpy._reductions import sum as _sum_full
from fad.numpy._shape import astype, diag, squeeze
from fad.numpy._util import Array, ArrayLike, Axis, has_tracer, ndim, norm_axes, onp, shape
from fad.numpy._util import dtype as dtype_of

__all__ = [
    "median", "percentile", "quantile", "average", "ptp",
    "nansum", "nanprod", "nanmean", "nanvar", "nanstd", "nanmax", "nanmin",
    "nancumsum", "nancumprod", "nanmedian", "nanpercentile", "nanquantile",
    "cov", "corrcoef", "trapezoid",
]

_SEQ = (list, tuple)


def _untraced(*xs: Any) -> bool:
    return not any(type(x) is Tracer or ((type(x) is list or type(x) is tuple) and has_tracer(x)) for x in xs)


# --- order statistics ---------------------------------------------------------------------

# Hyndman & Fan's continuous methods: virtual index n*q + alpha + q*(1 - alpha - beta) - 1
# (NumPy's table in numpy/lib/_function_base_impl.py, after Hyndman and Fan 1996).
_ALPHA_BETA = {
    "interpolated_inverted_cdf": (0.0, 1.0),
    "hazen": (0.5, 0.5),
    "weibull": (0.0, 0.0),
    "median_unbiased": (1 / 3, 1 / 3),
    "normal_unbiased": (3 / 8, 3 / 8),
}
_METHODS = ("linear", "lower", "higher", "nearest", "midpoint", *_ALPHA_BETA)


def _positions(count: Any, q: Any, method: str) -> tuple[Any, Any, Any]:
    """The two order statistics (0-based ranks) each output lies between, and the
    weight of the upper one, for ``count`` entries per slice and quantiles ``q``."""
    if method == "linear":
        v = (count - 1) * q
    elif method == "lower":
        v = np.floor((count - 1) * q)
    elif method == "higher":
        v = np.ceil((count - 1) * q)
    elif method == "nearest":
        v = np.around((count - 1) * q)
    elif method == "midpoint":
        v = 0.5 * (np.floor((count - 1) * q) + np.ceil((count - 1) * q))
    else:
        alpha, beta = _ALPHA_BETA[method]
        v = count * q + (alpha + q * (1 - alpha - beta)) - 1
    lo = np.floor(v)
    gamma = v - lo
    hi = lo + 1
    above = v >= count - 1
    below = v < 0
    lo = np.where(above, count - 1, np.where(below, 0, lo))
    hi = np.where(above, count - 1, np.where(below, 0, hi))
    gamma = np.where(above | below, 0.0, gamma)
    return lo.astype(np.intp), hi.astype(np.intp), gamma


def _order_statistics(
    x: Any, q: Any, axis: Axis, method: str, keepdims: bool, skip_nan: bool, fn: str,
    median: bool = False,
) -> Any:
    """The quantiles ``q`` (in [0, 1]) of traced ``x`` over ``axis``: gathers and one lerp."""
    if method not in _METHODS:
        raise ValueError(
            f"{fn}: method={method!r} is not supported on traced values; use one of "
            f"{', '.join(_METHODS)}"
        )
    x = as_operand(x)
    nd = ndim(x)
    axes = norm_axes(axis, nd, fn)
    red = [a + nd for a in axes]
    kept = [i for i in range(nd) if i not in red]
    full = shape(x)
    n = math.prod([full[i] for i in red])
    if n == 0:
        raise ValueError(f"{fn}: cannot take a quantile of an empty slice")
    xr = reshape(transpose(x, kept + red), tuple(full[i] for i in kept) + (n,))
    xc = np.asarray(concrete(xr))
    batch = xc.shape[:-1]
    qc = np.asarray(q)
    qflat = qc.reshape((-1,) + (1,) * len(batch))
    nan = np.isnan(xc)
    count = np.sum(~nan, axis=-1) if skip_nan else np.full(batch, n)
    lo, hi, gamma = _positions(count, qflat, method)
    lo = np.clip(lo, 0, n - 1)
    hi = np.clip(hi, 0, n - 1)
    bidx = tuple(np.arange(b).reshape((-1,) + (1,) * (len(batch) - 1 - i)) for i, b in enumerate(batch))
    lerp = bool(np.any(gamma != 0))
    at = _ranked(xc, np.concatenate([lo, hi]) if lerp else lo, bidx, not (skip_nan and nan.any()))
    a = getitem(xr, bidx + (at[: len(lo)],))
    if lerp:
        b = getitem(xr, bidx + (at[len(lo):],))
        if median:  # np.median's mean of the two middle values
            y = _where(gamma == 0, a, (a + b) / 2)
        else:  # NumPy's lerp, exact at both ends (numpy.lib._function_base_impl._lerp)
            g = gamma.astype(np.result_type(dtype_of(x), qc.dtype if qc.ndim else q))
            d = b - a
            y = _where(g >= 0.5, b - d * (1 - g), a + d * g)
    else:
        y = a
    bad = (count == 0) if skip_nan else np.any(nan, axis=-1)
    if np.any(bad):
        y = _where(bad, np.nan, y)
    shape_q = qc.shape
    if keepdims:
        out_shape = shape_q + tuple(1 if i in red else full[i] for i in range(nd))
    else:
        out_shape = shape_q + batch
    y = reshape(y, out_shape)
    return y


def _ranked(xc: Any, ranks: Any, bidx: tuple[Any, ...], same_count: bool) -> Any:
    """For each rank (0-based, per slice of ``xc``'s last axis), the index of the
    entry a stable sort puts there: at ties, the tied entries in their order.

    With few distinct ranks, the same in every slice, it partitions (O(n) per
    rank) and breaks ties by counting; otherwise it sorts (O(n log n)).
    """
    ks = np.unique(ranks)
    if not same_count or ks.size > 8:
        order = np.argsort(xc, axis=-1, kind="stable")  # NaN last; ties in order
        return order[bidx + (ranks,)]
    part = np.partition(xc, ks, axis=-1)
    table = []
    for k in ks:
        v = part[..., k : k + 1]
        eq = xc == v
        before = k - np.sum(xc < v, axis=-1, keepdims=True)  # tied entries ranked before it
        table.append(np.argmax(eq & (np.cumsum(eq, axis=-1) == before + 1), axis=-1))
    return np.stack(table)[(np.searchsorted(ks, ranks),) + bidx]


def _out_dtype(x: Any, q: Any, method: str, fn: str) -> Any:
    """The dtype NumPy gives (and its check of q and method), from a tiny call."""
    probe = np.zeros(2, dtype_of(x))
    if fn.endswith("percentile"):
        return onp.percentile(probe, q, method=method).dtype
    return onp.quantile(probe, q, method=method).dtype


def _quantile_traced(
    a: Any, q: Any, axis: Axis, out: Any, method: str, keepdims: bool, weights: Any,
    skip_nan: bool, fn: str, scale: float,
) -> Any:
    if weights is not None:
        raise TypeError(f"{fn}: weights= is not supported on traced values")
    a = _operand(a, None, out, fn)
    q = concrete(q)
    if (type(q) is list or type(q) is tuple):
        q = np.asarray(q)
    to = _out_dtype(a, q, method if method in _METHODS else "linear", fn)
    qv = np.true_divide(q, scale) if scale != 1 else q
    y = _order_statistics(a, qv, axis, method, keepdims, skip_nan, fn)
    return astype(y, to) if dtype_of(y) != to else y


def quantile(
    a: ArrayLike, q: ArrayLike, axis: Axis = None, out: Any = None, overwrite_input: bool = False,
    method: str = "linear", keepdims: bool = False, *, weights: Any = None,
) -> Array:
    """Quantiles ``q`` (in [0, 1]) of ``a`` over ``axis``, as ``np.quantile``.

    Differentiable in ``a`` for the methods ``linear`` (the default),
    ``lower``, ``higher``, ``nearest``, ``midpoint`` and NumPy's continuous
    methods (``hazen``, ``weibull``, ``median_unbiased``, ``normal_unbiased``,
    ``interpolated_inverted_cdf``): each output is an interpolation between two
    order statistics, chosen on the concrete values. At ties the derivative
    goes to the tied entry that ``sort`` puts first. ``q`` carries no derivative.

    Args:
        a: an array-like.
        q: a quantile or an array of them, in [0, 1].
        axis: None, an int or a tuple of ints.
        out: an array to write to (plain arrays only).
        overwrite_input: ignored on traced values (NumPy's memory hint).
        method: how to pick or interpolate between order statistics.
        keepdims: keep the reduced axes with length 1.
        weights: plain arrays only (NumPy's ``inverted_cdf`` weights).

    Returns:
        The quantiles, of shape ``q.shape + `` the reduced shape.

    Example:
        >>> import numpy as np, fad
        >>> float(quantile(np.array([1.0, 2.0, 4.0]), 0.75))
        3.0
        >>> fad.grad(lambda a: quantile(a, 0.75))(np.array([1.0, 2.0, 4.0]))
        array([0. , 0.5, 0.5])
    """
    if _untraced(a):
        return onp.quantile(a, q, axis=axis, out=out, overwrite_input=overwrite_input, method=method,
                            keepdims=keepdims, weights=weights)
    return _quantile_traced(a, q, axis, out, method, keepdims, weights, False, "quantile", 1)  # type: ignore[no-any-return]


def percentile(
    a: ArrayLike, q: ArrayLike, axis: Axis = None, out: Any = None, overwrite_input: bool = False,
    method: str = "linear", keepdims: bool = False, *, weights: Any = None,
) -> Array:
    """Percentiles ``q`` (in [0, 100]) of ``a`` over ``axis``, as ``np.percentile``.

    ``quantile(a, q / 100, ...)``: see :func:`quantile` for the methods and the
    convention at ties.

    Args:
        a: an array-like.
        q: a percentile or an array of them, in [0, 100].
        axis: None, an int or a tuple of ints.
        out: an array to write to (plain arrays only).
        overwrite_input: ignored on traced values.
        method: how to pick or interpolate between order statistics.
        keepdims: keep the reduced axes with length 1.
        weights: plain arrays only.

    Returns:
        The percentiles.

    Example:
        >>> import numpy as np
        >>> float(percentile(np.array([1.0, 2.0, 4.0]), 50))
        2.0
    """
    if _untraced(a):
        return onp.percentile(a, q, axis=axis, out=out, overwrite_input=overwrite_input,
                              method=method, keepdims=keepdims, weights=weights)
    return _quantile_traced(a, q, axis, out, method, keepdims, weights, False, "percentile", 100)  # type: ignore[no-any-return]


def _median(a: Any, axis: Axis, out: Any, keepdims: bool, skip_nan: bool, fn: str) -> Any:
    a = _operand(a, None, out, fn)
    return _order_statistics(a, 0.5, axis, "linear", keepdims, skip_nan, fn, median=True)


def median(
    a: ArrayLike, axis: Axis = None, out: Any = None, overwrite_input: bool = False,
    keepdims: bool = False,
) -> Array:
    """Median over ``axis``, as ``np.median`` (the mean of the two middle
    values for an even count).

    At ties the derivative goes where ``sort``'s does (see :func:`quantile`).

    Args:
        a: an array-like.
        axis: None, an int or a tuple of ints.
        out: an array to write to (plain arrays only).
        overwrite_input: ignored on traced values.
        keepdims: keep the reduced axes with length 1.

    Returns:
        The median.

    Example:
        >>> import numpy as np, fad
        >>> fad.grad(median)(np.array([3.0, 1.0, 4.0, 2.0]))
        array([0.5, 0. , 0. , 0.5])
    """
    if _untraced(a):
        return onp.median(a, axis=axis, out=out, overwrite_input=overwrite_input, keepdims=keepdims)
    return _median(a, axis, out, keepdims, False, "median")  # type: ignore[no-any-return]


def nanmedian(
    a: ArrayLike, axis: Axis = None, out: Any = None, overwrite_input: bool = False,
    keepdims: bool = False,
) -> Array:
    """Median over ``axis`` ignoring NaNs, as ``np.nanmedian`` (NaN for an all-NaN slice).

    Args:
        a: an array-like.
        axis: None, an int or a tuple of ints.
        out: an array to write to (plain arrays only).
        overwrite_input: ignored on traced values.
        keepdims: keep the reduced axes with length 1.

    Returns:
        The median of the non-NaN entries.

    Example:
        >>> import numpy as np
        >>> float(nanmedian(np.array([3.0, np.nan, 1.0])))
        2.0
    """
    if _untraced(a):
        return onp.nanmedian(a, axis=axis, out=out, overwrite_input=overwrite_input, keepdims=keepdims)
    return _median(a, axis, out, keepdims, True, "nanmedian")  # type: ignore[no-any-return]


def nanquantile(
    a: ArrayLike, q: ArrayLike, axis: Axis = None, out: Any = None, overwrite_input: bool = False,
    method: str = "linear", keepdims: bool = False, *, weights: Any = None,
) -> Array:
    """Quantiles ignoring NaNs, as ``np.nanquantile`` (see :func:`quantile`).

    Args:
        a: an array-like.
        q: a quantile or an array of them, in [0, 1].
        axis: None, an int or a tuple of ints.
        out: an array to write to (plain arrays only).
        overwrite_input: ignored on traced values.
        method: how to pick or interpolate between order statistics.
        keepdims: keep the reduced axes with length 1.
        weights: plain arrays only.

    Returns:
        The quantiles of the non-NaN entries (NaN for an all-NaN slice).

    Example:
        >>> import numpy as np
        >>> float(nanquantile(np.array([1.0, np.nan, 3.0]), 0.5))
        2.0
    """
    if _untraced(a):
        return onp.nanquantile(a, q, axis=axis, out=out, overwrite_input=overwrite_input,
                               method=method, keepdims=keepdims, weights=weights)
    return _quantile_traced(a, q, axis, out, method, keepdims, weights, True, "nanquantile", 1)  # type: ignore[no-any-return]


def nanpercentile(
    a: ArrayLike, q: ArrayLike, axis: Axis = None, out: Any = None, overwrite_input: bool = False,
    method: str = "linear", keepdims: bool = False, *, weights: Any = None,
) -> Array:
    """Percentiles ignoring NaNs, as ``np.nanpercentile`` (see :func:`quantile`).

    Args:
        a: an array-like.
        q: a percentile or an array of them, in [0, 100].
        axis: None, an int or a tuple of ints.
        out: an array to write to (plain arrays only).
        overwrite_input: ignored on traced values.
        method: how to pick or interpolate between order statistics.
        keepdims: keep the reduced axes with length 1.
        weights: plain arrays only.

    Returns:
        The percentiles of the non-NaN entries (NaN for an all-NaN slice).

    Example:
        >>> import numpy as np
        >>> float(nanpercentile(np.array([1.0, np.nan, 3.0]), 50))
        2.0
    """
    if _untraced(a):
        return onp.nanpercentile(a, q, axis=axis, out=out, overwrite_input=overwrite_input,
                                 method=method, keepdims=keepdims, weights=weights)
    return _quantile_traced(a, q, axis, out, method, keepdims, weights, True, "nanpercentile", 100)  # type: ignore[no-any-return]


# --- average and ptp ---------------------------------------------------------------------


def average(
    a: ArrayLike, axis: Axis = None, weights: Optional[ArrayLike] = None, returned: bool = False,
    *, keepdims: bool = False,
) -> Union[Array, tuple[Array, Array]]:
    """Weighted mean over ``axis``, as ``np.average``; differentiable in ``a``
    and in ``weights``.

    Args:
        a: an array-like.
        axis: None, an int or a tuple of ints.
        weights: None (the mean), an array of ``a``'s shape, or one whose shape
            is that of ``a`` along ``axis``.
        returned: also return the sum of the weights (broadcast to the result).
        keepdims: keep the reduced axes with length 1.

    Returns:
        The average, or ``(average, sum of weights)`` with ``returned``.

    Example:
        >>> import numpy as np
        >>> float(average(np.array([1.0, 4.0]), weights=np.array([2.0, 1.0])))
        2.0
    """
    if _untraced(a, weights):
        return onp.average(a, axis=axis, weights=weights, returned=returned,
                           keepdims=keepdims)
    x = as_operand(a)
    nd = ndim(x)
    axes = norm_axes(axis, nd, "average")
    if weights is None:
        avg = _mean(x, axis=axes, keepdims=keepdims)
        scl: Any = np.full(shape(avg), math.prod([shape(x)[i] for i in axes]), dtype_of(avg))
    else:
        w = as_operand(weights)
        if shape(w) != shape(x):
            if axis is None:
                raise TypeError("average: axis must be given when the shapes of a and weights differ")
            given = [int(i) % nd for i in ((axis,) if isinstance(axis, (int, np.integer)) else axis)]
            if shape(w) != tuple(shape(x)[i] for i in given):
                raise ValueError(
                    "average: the shape of weights must be that of a, or that of a along axis "
                    f"({tuple(shape(x)[i] for i in given)}), not {shape(w)}"
                )
            w = transpose(w, [int(i) for i in np.argsort(given)])
            w = reshape(w, tuple(shape(x)[i] if i in given else 1 for i in range(nd)))
        scl = _sum(w * np.ones(shape(x), dtype_of(w)), axis=axes, keepdims=keepdims)
        if np.any(concrete(scl) == 0.0):
            raise ZeroDivisionError("average: weights sum to zero, can't be normalized")
        avg = _sum(x * w, axis=axes, keepdims=keepdims) / scl
    if not returned:
        return avg
    if shape(scl) != shape(avg):
        scl = scl * np.ones(shape(avg), dtype_of(avg))
    return avg, scl


def ptp(a: ArrayLike, axis: Axis = None, out: Any = None, keepdims: bool = False) -> Array:
    """Range ``max - min`` over ``axis``, as ``np.ptp`` (ties share as ``max``'s).

    Args:
        a: an array-like.
        axis: None, an int or a tuple of ints.
        out: an array to write to (plain arrays only).
        keepdims: keep the reduced axes with length 1.

    Returns:
        The range.

    Example:
        >>> import numpy as np
        >>> float(ptp(np.array([3.0, 1.0, 4.0])))
        3.0
    """
    if _untraced(a):
        return onp.ptp(a, axis=axis, out=out, keepdims=keepdims)
    x = _operand(a, None, out, "ptp")
    y: Array = _max(x, axis=axis, keepdims=keepdims) - _min(x, axis=axis, keepdims=keepdims)
    return y


# --- NaN-ignoring reductions ---------------------------------------------------------------


def _nan_filled(a: Any, fill: float, out: Any, fn: str, to: Any = None) -> tuple[Any, Any]:
    """``a`` with its NaNs replaced by ``fill`` (by value: they get no derivative),
    and the NaN mask."""
    x = _operand(a, to, out, fn)
    nan = np.isnan(concrete(x))
    return (_where(nan, fill, x) if nan.any() else x), nan


def _and_where(nan: Any, where: Any, x: Any) -> Any:
    m = _mask(where, x)
    return ~nan if m is None else (~nan & m)


def nansum(
    a: ArrayLike, axis: Axis = None, dtype: Any = None, out: Any = None, keepdims: bool = False,
    initial: Any = _NOVALUE, where: Any = True,
) -> Array:
    """Sum over ``axis`` treating NaNs as 0, as ``np.nansum`` (NaNs get a zero derivative).

    Args:
        a: an array-like.
        axis: None, an int or a tuple of ints.
        dtype: the type to sum in.
        out: an array to write to (plain arrays only).
        keepdims: keep the reduced axes with length 1.
        initial: a value added to each sum.
        where: a boolean mask of the entries to sum.

    Returns:
        The sum of the non-NaN entries.

    Example:
        >>> import numpy as np
        >>> float(nansum(np.array([1.0, np.nan, 2.0])))
        3.0
    """
    if _untraced(a):
        return onp.nansum(a, axis=axis, dtype=dtype, out=out, keepdims=keepdims, initial=initial,
                          where=where)
    x, _ = _nan_filled(a, 0.0, out, "nansum", dtype)
    return _sum_full(x, axis=axis, keepdims=keepdims, initial=initial, where=where)


def nanprod(
    a: ArrayLike, axis: Axis = None, dtype: Any = None, out: Any = None, keepdims: bool = False,
    initial: Any = _NOVALUE, where: Any = True,
) -> Array:
    """Product over ``axis`` treating NaNs as 1, as ``np.nanprod`` (NaNs get a zero derivative).

    Args:
        a: an array-like.
        axis: None, an int or a tuple of ints.
        dtype: the type to multiply in.
        out: an array to write to (plain arrays only).
        keepdims: keep the reduced axes with length 1.
        initial: a factor of each product.
        where: a boolean mask of the entries to multiply.

    Returns:
        The product of the non-NaN entries.

    Example:
        >>> import numpy as np
        >>> float(nanprod(np.array([2.0, np.nan, 3.0])))
        6.0
    """
    if _untraced(a):
        return onp.nanprod(a, axis=axis, dtype=dtype, out=out, keepdims=keepdims, initial=initial,
                           where=where)
    x, _ = _nan_filled(a, 1.0, out, "nanprod", dtype)
    return _prod(x, axis=axis, keepdims=keepdims, initial=initial, where=where)


def nanmean(
    a: ArrayLike, axis: Axis = None, dtype: Any = None, out: Any = None, keepdims: bool = False,
    *, where: Any = True,
) -> Array:
    """Mean over ``axis`` of the non-NaN entries, as ``np.nanmean`` (NaN for an
    all-NaN slice; NaNs get a zero derivative).

    Args:
        a: an array-like.
        axis: None, an int or a tuple of ints.
        dtype: the type to compute in.
        out: an array to write to (plain arrays only).
        keepdims: keep the reduced axes with length 1.
        where: a boolean mask of the entries to include.

    Returns:
        The mean of the non-NaN entries.

    Example:
        >>> import numpy as np
        >>> float(nanmean(np.array([1.0, np.nan, 2.0])))
        1.5
    """
    if _untraced(a):
        return onp.nanmean(a, axis=axis, dtype=dtype, out=out, keepdims=keepdims, where=where)
    x, nan = _nan_filled(a, 0.0, out, "nanmean", dtype)
    with np.errstate(invalid="ignore", divide="ignore"):
        return _mean(x, axis=axis, keepdims=keepdims, where=_and_where(nan, where, x))


def nanvar(
    a: ArrayLike, axis: Axis = None, dtype: Any = None, out: Any = None, ddof: float = 0,
    keepdims: bool = False, *, where: Any = True, mean: Any = _NOVALUE, correction: Any = _NOVALUE,
) -> Array:
    """Variance over ``axis`` of the non-NaN entries, as ``np.nanvar`` (NaNs get
    a zero derivative; NaN for an all-NaN slice).

    Args:
        a: an array-like.
        axis: None, an int or a tuple of ints.
        dtype: the type to compute in.
        out: an array to write to (plain arrays only).
        ddof: delta degrees of freedom.
        keepdims: keep the reduced axes with length 1.
        where: a boolean mask of the entries to include.
        mean: a precomputed mean (``keepdims=True``'s shape).
        correction: the Array API's name for ``ddof``.

    Returns:
        The variance of the non-NaN entries.

    Example:
        >>> import numpy as np
        >>> float(nanvar(np.array([1.0, np.nan, 3.0])))
        1.0
    """
    if _untraced(a, mean):
        kw: dict[str, Any] = {} if mean is _NOVALUE else {"mean": mean}
        if correction is not _NOVALUE:
            kw["correction"] = correction
        return onp.nanvar(a, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims,
                          where=where, **kw)
    return _nanvar(a, axis, dtype, out, ddof, keepdims, where, mean, correction, "nanvar")  # type: ignore[no-any-return]


def _nanvar(a: Any, axis: Axis, to: Any, out: Any, ddof: Any, keepdims: bool, where: Any,
            mean: Any, correction: Any, fn: str) -> Any:
    if correction is not _NOVALUE:
        if ddof != 0:
            raise ValueError(f"{fn}: ddof and correction can't be provided simultaneously")
        ddof = correction
    x, nan = _nan_filled(a, 0.0, out, fn, to)
    with np.errstate(invalid="ignore", divide="ignore"):
        return _var(x, axis, None, None, ddof, keepdims, _and_where(nan, where, x), mean, fn)


def nanstd(
    a: ArrayLike, axis: Axis = None, dtype: Any = None, out: Any = None, ddof: float = 0,
    keepdims: bool = False, *, where: Any = True, mean: Any = _NOVALUE, correction: Any = _NOVALUE,
) -> Array:
    """Standard deviation over ``axis`` of the non-NaN entries, as ``np.nanstd``.

    Args:
        a: an array-like.
        axis: None, an int or a tuple of ints.
        dtype: the type to compute in.
        out: an array to write to (plain arrays only).
        ddof: delta degrees of freedom.
        keepdims: keep the reduced axes with length 1.
        where: a boolean mask of the entries to include.
        mean: a precomputed mean (``keepdims=True``'s shape).
        correction: the Array API's name for ``ddof``.

    Returns:
        The standard deviation of the non-NaN entries.

    Example:
        >>> import numpy as np
        >>> float(nanstd(np.array([1.0, np.nan, 3.0])))
        1.0
    """
    if _untraced(a, mean):
        kw: dict[str, Any] = {} if mean is _NOVALUE else {"mean": mean}
        if correction is not _NOVALUE:
            kw["correction"] = correction
        return onp.nanstd(a, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims,
                          where=where, **kw)
    return sqrt(_nanvar(a, axis, dtype, out, ddof, keepdims, where, mean, correction, "nanstd"))


def _nan_extreme(a: Any, axis: Axis, out: Any, keepdims: bool, initial: Any, where: Any,
                 fn: str) -> Any:
    big = fn == "nanmax"
    x, nan = _nan_filled(a, -np.inf if big else np.inf, out, fn)
    reduce = _max if big else _min
    y = reduce(x, axis=axis, keepdims=keepdims, initial=initial, where=where)
    if initial is _NOVALUE:
        axes = norm_axes(axis, ndim(x), fn)
        m = _mask(where, x)
        empty = np.all(nan if m is None else (nan | ~m), axis=axes, keepdims=keepdims)
        if np.any(empty):
            y = _where(empty, np.nan, y)
    return y


def nanmax(
    a: ArrayLike, axis: Axis = None, out: Any = None, keepdims: bool = False,
    initial: Any = _NOVALUE, where: Any = True,
) -> Array:
    """Maximum over ``axis`` ignoring NaNs, as ``np.nanmax`` (NaN for an all-NaN
    slice; ties share the derivative as ``max``'s).

    Args:
        a: an array-like.
        axis: None, an int or a tuple of ints.
        out: an array to write to (plain arrays only).
        keepdims: keep the reduced axes with length 1.
        initial: the smallest value the result may take.
        where: a boolean mask of the entries to include.

    Returns:
        The maximum of the non-NaN entries.

    Example:
        >>> import numpy as np
        >>> float(nanmax(np.array([1.0, np.nan, 2.0])))
        2.0
    """
    if _untraced(a):
        return onp.nanmax(a, axis=axis, out=out, keepdims=keepdims, initial=initial, where=where)
    return _nan_extreme(a, axis, out, keepdims, initial, where, "nanmax")  # type: ignore[no-any-return]


def nanmin(
    a: ArrayLike, axis: Axis = None, out: Any = None, keepdims: bool = False,
    initial: Any = _NOVALUE, where: Any = True,
) -> Array:
    """Minimum over ``axis`` ignoring NaNs, as ``np.nanmin`` (NaN for an all-NaN slice).

    Args:
        a: an array-like.
        axis: None, an int or a tuple of ints.
        out: an array to write to (plain arrays only).
        keepdims: keep the reduced axes with length 1.
        initial: the largest value the result may take.
        where: a boolean mask of the entries to include.

    Returns:
        The minimum of the non-NaN entries.

    Example:
        >>> import numpy as np
        >>> float(nanmin(np.array([1.0, np.nan, 2.0])))
        1.0
    """
    if _untraced(a):
        return onp.nanmin(a, axis=axis, out=out, keepdims=keepdims, initial=initial, where=where)
    return _nan_extreme(a, axis, out, keepdims, initial, where, "nanmin")  # type: ignore[no-any-return]


def nancumsum(a: ArrayLike, axis: Optional[int] = None, dtype: Any = None, out: Any = None) -> Array:
    """Cumulative sum treating NaNs as 0, as ``np.nancumsum``.

    Args:
        a: an array-like.
        axis: an int, or None to flatten first.
        dtype: the type to sum in.
        out: an array to write to (plain arrays only).

    Returns:
        The running sums.

    Example:
        >>> import numpy as np
        >>> nancumsum(np.array([1.0, np.nan, 2.0]))
        array([1., 1., 3.])
    """
    if _untraced(a):
        return onp.nancumsum(a, axis=axis, dtype=dtype, out=out)
    x, _ = _nan_filled(a, 0.0, out, "nancumsum", dtype)
    return cumsum(x, axis)


def nancumprod(a: ArrayLike, axis: Optional[int] = None, dtype: Any = None, out: Any = None) -> Array:
    """Cumulative product treating NaNs as 1, as ``np.nancumprod``.

    Args:
        a: an array-like.
        axis: an int, or None to flatten first.
        dtype: the type to multiply in.
        out: an array to write to (plain arrays only).

    Returns:
        The running products.

    Example:
        >>> import numpy as np
        >>> nancumprod(np.array([2.0, np.nan, 3.0]))
        array([2., 2., 6.])
    """
    if _untraced(a):
        return onp.nancumprod(a, axis=axis, dtype=dtype, out=out)
    x, _ = _nan_filled(a, 1.0, out, "nancumprod", dtype)
    return cumprod(x, axis)


# --- covariance and correlation -------------------------------------------------------------


def _rows(v: Any, rowvar: bool, to: Any, fn: str) -> Any:
    v = as_operand(v)
    if to is not None:
        v = astype(v, to)
    if ndim(v) > 2:
        raise ValueError(f"{fn}: m has more than 2 dimensions")
    if ndim(v) < 2:
        v = reshape(v, (1, -1))
    if not rowvar and shape(v)[0] != 1:
        v = transpose(v)
    return v


def cov(
    m: ArrayLike, y: Optional[ArrayLike] = None, rowvar: bool = True, bias: bool = False,
    ddof: Optional[int] = None, fweights: Optional[ArrayLike] = None,
    aweights: Optional[ArrayLike] = None, *, dtype: Any = None,
) -> Array:
    """Covariance matrix of the rows (variables) of ``m``, as ``np.cov``;
    differentiable in ``m``, ``y`` and ``aweights``.

    Args:
        m: a 1-D or 2-D array-like: one variable per row (per column if not ``rowvar``).
        y: more variables, joined to ``m``'s.
        rowvar: whether rows are variables.
        bias: normalise by N (else by N - 1).
        ddof: overrides ``bias``: normalise by N - ddof.
        fweights: integer frequency weights of the observations (no derivative).
        aweights: observation weights.
        dtype: the type to compute in.

    Returns:
        The covariance matrix (squeezed, as NumPy's).

    Example:
        >>> import numpy as np
        >>> cov(np.array([[0.0, 1.0, 2.0], [2.0, 1.0, 0.0]]))
        array([[ 1., -1.],
               [-1.,  1.]])
    """
    if _untraced(m, y, aweights):
        return onp.cov(m, y, rowvar, bias, ddof, fweights, aweights, dtype=dtype)
    if ddof is not None and ddof != int(ddof):
        raise ValueError("cov: ddof must be an integer")
    x = _rows(m, rowvar, dtype, "cov")
    if y is not None:
        x = concatenate([x, _rows(y, rowvar, dtype, "cov")], axis=0)
    if ddof is None:
        ddof = 0 if bias else 1
    nobs = shape(x)[1]
    w: Any = None
    if fweights is not None:
        fw = np.asarray(concrete(fweights), dtype=float)
        if fw.ndim > 1 or fw.shape[0] != nobs:
            raise RuntimeError("cov: fweights must be 1-D with one weight per observation")
        if np.any(fw < 0) or np.any(fw != np.around(fw)):
            raise ValueError("cov: fweights must be non-negative integers")
        w = fw
    aw: Any = None
    if aweights is not None:
        aw = as_operand(aweights)
        if ndim(aw) > 1 or shape(aw)[0] != nobs:
            raise RuntimeError("cov: aweights must be 1-D with one weight per observation")
        if np.any(concrete(aw) < 0):
            raise ValueError("cov: aweights must be non-negative")
        w = aw if w is None else w * aw
    if w is None:
        avg = _mean(x, axis=1)
        fact: Any = nobs - ddof
    else:
        avg, scl = average(x, axis=1, weights=w, returned=True)
        w_sum = getitem(scl, 0)
        if ddof == 0:
            fact = w_sum
        elif aw is None:
            fact = w_sum - ddof
        else:
            fact = w_sum - ddof * _sum(w * aw) / w_sum
    if np.any(np.asarray(concrete(fact)) <= 0):  # NumPy warns and divides by 0
        warnings.warn("cov: degrees of freedom <= 0 for slice", RuntimeWarning, stacklevel=2)
        fact = 0.0
    d = x - reshape(avg, (-1, 1))
    dt = transpose(d if w is None else d * w)
    if dtype_of(dt).kind == "c":  # NumPy's: X @ X^H
        dt = conjugate(dt)
    c: Array = squeeze(matmul(d, dt) / fact)
    return c


def corrcoef(x: ArrayLike, y: Optional[ArrayLike] = None, rowvar: bool = True, *, dtype: Any = None) -> Array:
    """Correlation coefficients of the rows of ``x``, as ``np.corrcoef``
    (``cov`` divided by the outer product of the deviations, clipped to [-1, 1]).

    Args:
        x: a 1-D or 2-D array-like: one variable per row (per column if not ``rowvar``).
        y: more variables, joined to ``x``'s.
        rowvar: whether rows are variables.
        dtype: the type to compute in.

    Returns:
        The correlation matrix.

    Example:
        >>> import numpy as np
        >>> corrcoef(np.array([[0.0, 1.0, 2.0], [2.0, 1.0, 0.5]])).round(3)
        array([[ 1.   , -0.982],
               [-0.982,  1.   ]])
    """
    if _untraced(x, y):
        return onp.corrcoef(x, y, rowvar, dtype=dtype)
    c = cov(x, y, rowvar, dtype=dtype)
    if ndim(c) == 0:
        one: Array = c / c
        return one
    cplx = dtype_of(c).kind == "c"
    s = sqrt(real(diag(c)) if cplx else diag(c))
    c = c / reshape(s, (-1, 1))
    c = c / reshape(s, (1, -1))
    if cplx:  # as NumPy: the real and imaginary parts clipped to [-1, 1] each
        return clip(real(c), -1, 1) + clip(imag(c), -1, 1) * 1j
    return clip(c, -1, 1)


# --- integration ------------------------------------------------------------------------------


def trapezoid(y: ArrayLike, x: Optional[ArrayLike] = None, dx: Any = 1.0, axis: int = -1) -> Array:
    """Integral of ``y`` along ``axis`` by the trapezoidal rule, as ``np.trapezoid``;
    differentiable in ``y``, ``x`` and ``dx``.

    Args:
        y: the values.
        x: the sample points (1-D along ``axis``, or ``y``'s shape), or None.
        dx: the spacing when ``x`` is None.
        axis: the axis to integrate along.

    Returns:
        The integral (``y`` with ``axis`` removed).

    Example:
        >>> import numpy as np
        >>> float(trapezoid(np.array([1.0, 2.0, 3.0]), dx=0.5))
        2.0
    """
    if _untraced(y, x, dx):
        return onp.trapezoid(y, x, dx, axis)
    y = as_operand(y)
    nd = ndim(y)
    (ax,) = norm_axes(axis, nd, "trapezoid")
    lead = (slice(None),) * (nd + ax)
    if x is None:
        d: Any = dx
    else:
        x = as_operand(x)
        if ndim(x) == 1:
            d = getitem(x, slice(1, None)) - getitem(x, slice(None, -1))
            d = reshape(d, tuple(shape(d)[0] if i - nd == ax else 1 for i in range(nd)))
        else:
            xl = (slice(None),) * (ndim(x) + ax)
            d = getitem(x, xl + (slice(1, None),)) - getitem(x, xl + (slice(None, -1),))
    upper = getitem(y, lead + (slice(1, None),))
    lower = getitem(y, lead + (slice(None, -1),))
    r: Array = _sum(d * (upper + lower) / 2.0, axis=ax)
    return r


NUMPY: dict[Any, Callable[..., Any]] = {
    np.median: median, np.percentile: percentile, np.quantile: quantile,
    np.nanmedian: nanmedian, np.nanpercentile: nanpercentile, np.nanquantile: nanquantile,
    np.average: average, np.ptp: ptp,
    np.nansum: nansum, np.nanprod: nanprod, np.nanmean: nanmean, np.nanvar: nanvar,
    np.nanstd: nanstd, np.nanmax: nanmax, np.nanmin: nanmin,
    np.nancumsum: nancumsum, np.nancumprod: nancumprod,
    np.cov: cov, np.corrcoef: corrcoef, np.trapezoid: trapezoid,
}
"""NumPy's ufuncs and functions -> this module's functions of the same meaning
(``fad.numpy._dispatch`` gathers the families' tables for NumPy's dispatch)."""
