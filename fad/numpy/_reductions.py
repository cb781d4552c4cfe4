"""Reductions: mean, var, std, max, min, logsumexp, prod, cumsum, cumprod
(``sum``, which every family needs, is a primitive of ``_base``).

Axes are stored as negative numbers, counted from the last axis, so that the
rules work unchanged on tangents with extra leading batch axes.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Optional

import numpy as np

from fad._primitive import Kind, Primitive, defjvp, defvjp
from fad._tracer import Tracer, concrete
from fad.numpy._base import as_operand, concatenate, getitem, reshape, sum, transpose, unreduce
from fad.numpy._elementwise import exp, sqrt
from fad.numpy._shape import ravel
from fad.numpy._util import Array, ArrayLike, Axis, bind, dtype, ndim, norm_axes, onp, shape

__all__ = ["mean", "max", "min", "amax", "amin", "logsumexp", "var", "std",
    "cumsum", "cumprod", "prod",
]


# --- mean, var, std -----------------------------------------------------------------


def mean(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Mean of elements over ``axis`` (all axes when None).

    Args:
        x: an array-like.
        axis: None, an int or a tuple of ints.
        keepdims: keep the reduced axes with length 1.

    Returns:
        The mean.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.mean(np.array([1.0, 2.0, 6.0])))
        3.0
    """
    x = as_operand(x)
    axes = norm_axes(axis, ndim(x), "mean")
    count = math.prod([shape(x)[a] for a in axes])
    return sum(x, axis=axes, keepdims=keepdims) / count


def var(x: ArrayLike, axis: Axis = None, keepdims: bool = False, ddof: int = 0) -> Array:
    """Variance over ``axis``.

    Args:
        x: an array-like.
        axis: None, an int or a tuple of ints.
        keepdims: keep the reduced axes with length 1.
        ddof: delta degrees of freedom.

    Returns:
        The variance.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.var(np.array([1.0, 3.0])))
        1.0
    """
    x = as_operand(x)
    axes = norm_axes(axis, ndim(x), "var")
    count = math.prod([shape(x)[a] for a in axes])
    d = x - mean(x, axis=axes, keepdims=True)
    return sum(d * d, axis=axes, keepdims=keepdims) / (count - ddof)


def std(x: ArrayLike, axis: Axis = None, keepdims: bool = False, ddof: int = 0) -> Array:
    """Standard deviation over ``axis``.

    Args:
        x: an array-like.
        axis: None, an int or a tuple of ints.
        keepdims: keep the reduced axes with length 1.
        ddof: delta degrees of freedom.

    Returns:
        The standard deviation.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.std(np.array([1.0, 3.0])))
        1.0
    """
    return sqrt(var(x, axis=axis, keepdims=keepdims, ddof=ddof))


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
    defjvp(p, lambda xdot, y, x, axis, keepdims: sum(xdot * share(y, x, axis, keepdims), axis=axis, keepdims=keepdims))
    return p


max_p = _extremum("max", np.max)
min_p = _extremum("min", np.min)


def max(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Maximum over ``axis``; the derivative is shared evenly among ties.

    Args:
        x: an array-like.
        axis: None, an int or a tuple of ints.
        keepdims: keep the reduced axes with length 1.

    Returns:
        The maximum.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.max(np.array([1.0, 5.0, 2.0])))
        5.0
    """
    x = as_operand(x)
    return bind(max_p, x, axis=norm_axes(axis, ndim(x), "max"), keepdims=keepdims)


def min(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Minimum over ``axis``; the derivative is shared evenly among ties.

    Args:
        x: an array-like.
        axis: None, an int or a tuple of ints.
        keepdims: keep the reduced axes with length 1.

    Returns:
        The minimum.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.min(np.array([1.0, 5.0, 2.0])))
        1.0
    """
    x = as_operand(x)
    return bind(min_p, x, axis=norm_axes(axis, ndim(x), "min"), keepdims=keepdims)


amax = max
amin = min


# --- logsumexp -------------------------------------------------------------------

_add_reduce: Any = np.add.reduce


def _logsumexp_impl(x: Any, axis: tuple[int, ...], keepdims: bool) -> Any:
    x = np.asarray(x)
    m = np.maximum.reduce(x, axis=axis, keepdims=True)
    if not np.isfinite(m).all():
        m = np.where(np.isfinite(m), m, 0)
    out = np.log(_add_reduce(np.exp(x - m), axis=axis, keepdims=True)) + m
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
    lambda xdot, y, x, axis, keepdims: sum(xdot * _softmax(y, x, axis, keepdims), axis=axis, keepdims=keepdims),
)


# --- cumulative sums and products -------------------------------------------------------


def _reverse(t: Any, axis: int) -> Any:
    """t reversed along ``axis`` (counted from the end, so batch axes are safe)."""
    return getitem(t, (slice(None),) * (ndim(t) + axis) + (slice(None, None, -1),))


def _cumsum_impl(x: Any, axis: int) -> Any:
    return np.cumsum(x, axis=axis)


cumsum_p = Primitive("cumsum", _cumsum_impl, kind=Kind.STRUCTURAL, saves=())


def cumsum(x: ArrayLike, axis: Optional[int] = None) -> Array:
    """Cumulative sum along ``axis`` (of the flattened array when None).

    Args:
        x: an array-like.
        axis: an int, or None to flatten first.

    Returns:
        The running sums, of ``x``'s shape (1-D when ``axis`` is None).

    Example:
        >>> import fad
        >>> cumsum(np.array([1.0, 2.0, 3.0]))
        array([1., 3., 6.])
        >>> fad.grad(lambda x: cumsum(x)[1])(np.ones(3))
        array([1., 1., 0.])
    """
    if type(x) is not Tracer:
        return onp.cumsum(x, axis=axis)
    if axis is None:
        x = ravel(x)
        axis = 0
    (ax,) = norm_axes(axis, ndim(x), "cumsum")
    return bind(cumsum_p, x, axis=ax)


# x̄ = reversed cumulative sum of ȳ;  ẏ = cumulative sum of ẋ
defvjp(cumsum_p, lambda y, ybar, x, axis: _reverse(cumsum(_reverse(ybar, axis), axis), axis))
defjvp(cumsum_p, lambda xdot, y, x, axis: cumsum(xdot, axis))


def cumprod(x: ArrayLike, axis: Optional[int] = None) -> Array:
    """Cumulative product along ``axis`` (of the flattened array when None).

    On traced values it is computed as a scan of ``ceil(log2(n))`` elementwise
    products (each entry times the running product ``2**k`` places before it),
    so its derivatives of every order are exact, also where ``x`` has zeros.
    Traced values can then differ from NumPy's sequential products by rounding.

    Args:
        x: an array-like.
        axis: an int, or None to flatten first.

    Returns:
        The running products, of ``x``'s shape (1-D when ``axis`` is None).

    Example:
        >>> import fad
        >>> cumprod(np.array([1.0, 2.0, 3.0]))
        array([1., 2., 6.])
        >>> fad.grad(lambda x: cumprod(x)[2])(np.array([0.0, 2.0, 3.0]))
        array([6., 0., 0.])
    """
    if type(x) is not Tracer:
        return onp.cumprod(x, axis=axis)
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
        x = x * concatenate([np.ones(ones, dtype(x)), before], axis=ax)
        k *= 2
    return x


# --- prod -----------------------------------------------------------------------------


def _prod_impl(x: Any, axis: tuple[int, ...], keepdims: bool) -> Any:
    return np.prod(x, axis=axis, keepdims=keepdims)


prod_p = Primitive("prod", _prod_impl, kind=Kind.STRUCTURAL, saves=(0,))


def prod(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Product of elements over ``axis`` (all axes when None).

    The derivative is right where ``x`` has zeros too (the product of the
    other entries, not ``y / x``), to every order.

    Args:
        x: an array-like.
        axis: None, an int or a tuple of ints.
        keepdims: keep the reduced axes with length 1.

    Returns:
        The product.

    Example:
        >>> import fad
        >>> float(prod(np.array([1.0, 2.0, 3.0])))
        6.0
        >>> fad.grad(prod)(np.array([0.0, 2.0, 3.0]))
        array([6., 0., 0.])
    """
    if type(x) is not Tracer:
        return onp.prod(x, axis=axis, keepdims=keepdims)
    return bind(prod_p, x, axis=norm_axes(axis, ndim(x), "prod"), keepdims=keepdims)


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
        return np.zeros(shape(x), dtype(x))
    xf = reshape(xt, lead + (n,))
    ones = np.ones(lead + (1,), dtype(x))
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
    lambda xdot, y, x, axis, keepdims: sum(
        xdot * _others(x, axis), axis=axis, keepdims=keepdims
    ),
)


NUMPY: dict[Any, Callable[..., Any]] = {
    np.mean: mean, np.max: max, np.min: min, np.amax: max, np.amin: min,
    np.var: var, np.std: std, np.cumsum: cumsum, np.cumprod: cumprod, np.prod: prod,
}
"""NumPy's ufuncs and functions -> this module's functions of the same meaning
(``fad.numpy._dispatch`` gathers the families' tables for NumPy's dispatch)."""
