"""Catalogue entries of fad.numpy's reductions family (see tests/_catalogue.py).

Primitives register with ``_add``/``_entry``/``_elementwise``; public functions
made of several primitives with ``@composite(name)``, a drawer of cases that
call the public function (shapes, dtypes, parameters drawn by hypothesis).
"""

from __future__ import annotations

from _catalogue import (  # noqa: F401
    Example,
    _add,
    _elementwise,
    _entry,
    binary,
    composite,
    reduction,
    unary,
)

from typing import Any, Callable

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

import fad.numpy as fnp
from _catalogue import axes_for
from fad.testing.strategies import POSITIVE, Domain, float_arrays, float_dtypes, separated_arrays, shapes

Fun = Callable[..., Any]
Case = tuple[Fun, tuple[Any, ...]]
SMALL = shapes(max_side=3)
SMALL_1UP = shapes(min_dims=1, max_side=3)


def _noted(fun: Fun, **drawn: Any) -> Fun:
    """Attach the drawn parameters to ``fun``, for the case's repr."""
    setattr(fun, "note", " drawn " + ", ".join(f"{k}={v!r}" for k, v in drawn.items()))
    return fun


def _axis_set(axis: Any, nd: int) -> list[int]:
    if axis is None:
        return list(range(nd))
    if isinstance(axis, int):
        return [axis % nd]
    return [a % nd for a in axis]


def _reduced_count(shape: tuple[int, ...], axis: Any) -> int:
    return int(np.prod([shape[a] for a in _axis_set(axis, len(shape))], dtype=np.int64))


def _draw_axis(draw: st.DrawFn, x: Any, least: int = 1) -> Any:
    """An axis argument whose reductions take at least ``least`` entries (else None)."""
    axis = draw(axes_for(x.ndim))
    if _reduced_count(x.shape, axis) < least:
        axis = None
    return axis


def _mask_keeping(draw: st.DrawFn, shape: tuple[int, ...], axis: Any, least: int) -> Any:
    """A where= mask leaving at least ``least`` entries in every reduction."""
    m = np.asarray(draw(st.lists(st.booleans(), min_size=int(np.prod(shape)), max_size=int(np.prod(shape)))),
                   bool).reshape(shape)
    axes = tuple(_axis_set(axis, len(shape)))
    moved = np.moveaxis(m, axes, tuple(range(-len(axes), 0))) if axes else m[..., None]
    flat = moved.reshape(moved.shape[: moved.ndim - max(len(axes), 1)] + (-1,))
    flat[..., :least] = True  # the first entries of each reduction stay in
    back = flat.reshape(moved.shape)
    return np.moveaxis(back, tuple(range(-len(axes), 0)), axes) if axes else back[..., 0]


@composite("mean")
def _mean(draw: st.DrawFn) -> Case:
    x = draw(float_arrays(SMALL_1UP))
    axis = _draw_axis(draw, x)
    keepdims = draw(st.booleans())
    where = _mask_keeping(draw, x.shape, axis, 1) if draw(st.booleans()) else True
    return _noted(lambda x: fnp.mean(x, axis=axis, keepdims=keepdims, where=where),
                  axis=axis, keepdims=keepdims, where=where), (x,)


def _var_case(fn: Fun, draw: st.DrawFn) -> Case:
    x = draw(separated_arrays(SMALL_1UP))
    axis = _draw_axis(draw, x, 3)
    if _reduced_count(x.shape, axis) < 3:
        x = draw(separated_arrays(st.just(x.shape + (3,)), x.dtype))
        axis = None
    keepdims = draw(st.booleans())
    ddof = draw(st.sampled_from([0, 1]))
    kind = draw(st.sampled_from(["ddof", "correction", "where", "mean"]))
    if kind == "correction":
        return _noted(lambda x: fn(x, axis=axis, keepdims=keepdims, correction=ddof),
                      axis=axis, keepdims=keepdims, correction=ddof), (x,)
    if kind == "where":
        where = _mask_keeping(draw, x.shape, axis, 3)
        return _noted(lambda x: fn(x, axis=axis, keepdims=keepdims, ddof=ddof, where=where),
                      axis=axis, keepdims=keepdims, ddof=ddof, where=where), (x,)
    if kind == "mean":  # a traced precomputed mean
        return _noted(lambda x: fn(x, axis=axis, keepdims=keepdims, ddof=ddof,
                                   mean=fnp.mean(x, axis=axis, keepdims=True)),
                      axis=axis, keepdims=keepdims, ddof=ddof, mean="traced"), (x,)
    return _noted(lambda x: fn(x, axis, None, None, ddof, keepdims),
                  axis=axis, keepdims=keepdims, ddof=ddof), (x,)


@composite("var")
def _var(draw: st.DrawFn) -> Case:
    return _var_case(fnp.var, draw)


@composite("std")
def _std(draw: st.DrawFn) -> Case:
    return _var_case(fnp.std, draw)


def _extreme_case(fn: Fun, draw: st.DrawFn) -> Case:
    x = draw(separated_arrays(SMALL_1UP))
    axis = _draw_axis(draw, x)
    keepdims = draw(st.booleans())
    # initial well away from the values, below (max) or above (min) them all, or
    # inside their range but off the grid of values
    initial = float(draw(st.sampled_from([-50.0, 50.0, 0.09375])))
    where = _mask_keeping(draw, x.shape, axis, 1) if draw(st.booleans()) else True
    return _noted(lambda x: fn(x, axis=axis, keepdims=keepdims, initial=initial, where=where),
                  axis=axis, keepdims=keepdims, initial=initial, where=where), (x,)


@composite("amax")
def _amax(draw: st.DrawFn) -> Case:
    return _extreme_case(fnp.amax, draw)


@composite("amin")
def _amin(draw: st.DrawFn) -> Case:
    return _extreme_case(fnp.amin, draw)


@composite("ptp")
def _ptp(draw: st.DrawFn) -> Case:
    x = draw(separated_arrays(SMALL_1UP))
    axis = _draw_axis(draw, x)
    keepdims = draw(st.booleans())
    return _noted(lambda x: fnp.ptp(x, axis=axis, keepdims=keepdims), axis=axis, keepdims=keepdims), (x,)


@composite("cumprod")
def _cumprod(draw: st.DrawFn) -> Case:
    x = draw(float_arrays(shapes(max_side=3), domain=Domain(-1.5, 1.5)))
    axis = None if x.ndim == 0 else draw(st.none() | st.integers(-x.ndim, x.ndim - 1))
    return _noted(lambda x: fnp.cumprod(x, axis), axis=axis), (x,)


def _cumulative_case(fn: Fun, draw: st.DrawFn) -> Case:
    x = draw(float_arrays(SMALL_1UP, domain=Domain(-1.5, 1.5)))
    axis = None if x.ndim == 1 and draw(st.booleans()) else draw(st.integers(-x.ndim, x.ndim - 1))
    include = draw(st.booleans())
    return _noted(lambda x: fn(x, axis=axis, include_initial=include), axis=axis,
                  include_initial=include), (x,)


@composite("cumulative_sum")
def _cumulative_sum(draw: st.DrawFn) -> Case:
    return _cumulative_case(fnp.cumulative_sum, draw)


@composite("cumulative_prod")
def _cumulative_prod(draw: st.DrawFn) -> Case:
    return _cumulative_case(fnp.cumulative_prod, draw)


@composite("average")
def _average(draw: st.DrawFn) -> Case:
    x = draw(float_arrays(SMALL_1UP))
    kind = draw(st.sampled_from(["none", "full", "axis"]))
    keepdims = draw(st.booleans())
    returned = draw(st.booleans())

    def pick(r: Any) -> Any:
        return r[0] * 2.0 + r[1] if returned else r  # both outputs differentiate

    if kind == "none":
        axis = _draw_axis(draw, x)
        return _noted(lambda x: pick(fnp.average(x, axis=axis, keepdims=keepdims, returned=returned)),
                      axis=axis, keepdims=keepdims, returned=returned), (x,)
    if kind == "full":
        axis = _draw_axis(draw, x)
        w = draw(float_arrays(x.shape, x.dtype, Domain(0.5, 2.0)))
    else:
        axis = draw(st.integers(0, x.ndim - 1))
        w = draw(float_arrays((x.shape[axis],), x.dtype, Domain(0.5, 2.0)))
    return _noted(lambda x, w: pick(fnp.average(x, axis=axis, weights=w, keepdims=keepdims, returned=returned)),
                  axis=axis, keepdims=keepdims, returned=returned), (x, w)


_METHODS = ["linear", "lower", "higher", "nearest", "midpoint", "hazen", "median_unbiased"]


def _quantile_case(fn: Fun, draw: st.DrawFn, scale: float, nan: bool) -> Case:
    x = draw(separated_arrays(SMALL_1UP))
    axis = _draw_axis(draw, x)
    hole = _holes(draw, x, axis) if nan else np.zeros(x.shape, bool)
    method = draw(st.sampled_from(_METHODS))
    keepdims = draw(st.booleans())
    q: Any = draw(st.sampled_from([0.5, 0.25, 0.0, 1.0, 0.8]))
    if draw(st.booleans()):
        q = np.array([0.1, 0.5, 0.9])
    q = q * scale
    return _noted(lambda x: fn(_nan_at(hole, x), q, axis=axis, method=method, keepdims=keepdims),
                  q=q, axis=axis, method=method, keepdims=keepdims, nan_at=hole), (x,)


@composite("quantile")
def _quantile(draw: st.DrawFn) -> Case:
    return _quantile_case(fnp.quantile, draw, 1.0, False)


@composite("percentile")
def _percentile(draw: st.DrawFn) -> Case:
    return _quantile_case(fnp.percentile, draw, 100.0, False)


@composite("nanquantile")
def _nanquantile(draw: st.DrawFn) -> Case:
    return _quantile_case(fnp.nanquantile, draw, 1.0, True)


@composite("nanpercentile")
def _nanpercentile(draw: st.DrawFn) -> Case:
    return _quantile_case(fnp.nanpercentile, draw, 100.0, True)


def _median_case(fn: Fun, draw: st.DrawFn, nan: bool) -> Case:
    x = draw(separated_arrays(SMALL_1UP))
    axis = _draw_axis(draw, x)
    hole = _holes(draw, x, axis) if nan else np.zeros(x.shape, bool)
    keepdims = draw(st.booleans())
    return _noted(lambda x: fn(_nan_at(hole, x), axis=axis, keepdims=keepdims),
                  axis=axis, keepdims=keepdims, nan_at=hole), (x,)


@composite("median")
def _median(draw: st.DrawFn) -> Case:
    return _median_case(fnp.median, draw, False)


@composite("nanmedian")
def _nanmedian(draw: st.DrawFn) -> Case:
    return _median_case(fnp.nanmedian, draw, True)


def _holes(draw: st.DrawFn, x: Any, axis: Any) -> Any:
    """Where to put NaNs in x: a few entries, leaving a number in every reduction."""
    if x.size < 2:
        return np.zeros(x.shape, bool)
    keep = _mask_keeping(draw, x.shape, axis, 1)
    nan = draw(st.lists(st.booleans(), min_size=x.size, max_size=x.size))
    return np.asarray(nan, bool).reshape(x.shape) & ~keep


def _nan_at(hole: Any, x: Any) -> Any:
    """x with NaN where ``hole`` is set. The checks' finite differences and
    directions need finite inputs, so the cases insert the NaNs inside the
    function: the nan* function still sees them in its (traced) argument."""
    return fnp.where(hole, np.nan, x) if np.any(hole) else x


def _nan_reduction(name: str, least: int = 1, separated: bool = False,
                   domain: Domain = Domain(-2.0, 2.0), **extra: Any) -> None:
    fn = getattr(fnp, name)

    @composite(name)
    def draw_case(draw: st.DrawFn) -> Case:
        x = draw(separated_arrays(SMALL_1UP) if separated else float_arrays(SMALL_1UP, domain=domain))
        axis = _draw_axis(draw, x, least)
        if _reduced_count(x.shape, axis) < least:
            axis = None
            if x.size < least:
                x = np.concatenate([x.reshape(-1), np.arange(least, dtype=x.dtype) + 0.40625])
        keepdims = draw(st.booleans())
        kw = {k: draw(v) for k, v in extra.items()}
        # NaNs where every reduction keeps `least` numbers
        hole = _holes(draw, x, axis) & ~_mask_keeping(draw, x.shape, axis, least)
        return _noted(lambda x: fn(_nan_at(hole, x), axis=axis, keepdims=keepdims, **kw),
                      axis=axis, keepdims=keepdims, nan_at=hole, **kw), (x,)


_nan_reduction("nansum")
_nan_reduction("nanprod", domain=Domain(-1.5, 1.5))
_nan_reduction("nanmean")
_nan_reduction("nanvar", least=3, separated=True, ddof=st.sampled_from([0, 1]))
_nan_reduction("nanstd", least=3, separated=True, ddof=st.sampled_from([0, 1]))
_nan_reduction("nanmax", separated=True)
_nan_reduction("nanmin", separated=True)


def _nan_cumulative(name: str) -> None:
    fn = getattr(fnp, name)

    @composite(name)
    def draw_case(draw: st.DrawFn) -> Case:
        x = draw(float_arrays(SMALL_1UP, domain=Domain(-1.5, 1.5)))
        axis = draw(st.none() | st.integers(-x.ndim, x.ndim - 1))
        hole = _holes(draw, x, None)
        return _noted(lambda x: fn(_nan_at(hole, x), axis), axis=axis, nan_at=hole), (x,)


_nan_cumulative("nancumsum")
_nan_cumulative("nancumprod")


@st.composite
def _observations(draw: st.DrawFn, least: int = 3) -> Any:
    k = draw(st.integers(1, 3))
    n = draw(st.integers(least, 4))
    return draw(float_arrays((k, n)))


@composite("cov")
def _cov(draw: st.DrawFn) -> Case:
    x = draw(_observations())
    rowvar = draw(st.booleans())
    kind = draw(st.sampled_from(["plain", "bias", "ddof", "fweights", "aweights", "both", "y", "1d"]))
    n = x.shape[1]
    if not rowvar:
        x = np.ascontiguousarray(x.T)
    if kind == "1d":
        x1 = x.reshape(-1)
        return _noted(lambda x: fnp.cov(x), kind=kind), (x1,)
    if kind == "y":
        y = draw(float_arrays(x.shape, x.dtype))
        return _noted(lambda x, y: fnp.cov(x, y, rowvar=rowvar), rowvar=rowvar, kind=kind), (x, y)
    kw: dict[str, Any] = {"rowvar": rowvar}
    if kind == "bias":
        kw["bias"] = True
    if kind == "ddof":
        kw["ddof"] = draw(st.sampled_from([0, 2]))
    if kind in ("fweights", "both"):
        kw["fweights"] = np.asarray(draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)))
    if kind in ("aweights", "both"):
        aw = draw(float_arrays((n,), x.dtype, Domain(0.5, 2.0)))
        return _noted(lambda x, aw: fnp.cov(x, aweights=aw, **kw), **kw), (x, aw)
    return _noted(lambda x: fnp.cov(x, **kw), **kw), (x,)


@composite("corrcoef")
def _corrcoef(draw: st.DrawFn) -> Case:
    k = draw(st.integers(1, 3))
    x = draw(separated_arrays((k, 4)))  # spread out: no row nearly constant
    # away from perfect correlation, where corrcoef's clip to [-1, 1] has its kink
    c = np.corrcoef(x.astype(np.float64))
    assume(bool(np.all(np.isfinite(c))) and bool(np.all(np.abs(c - np.eye(k)) < 0.95)))
    rowvar = draw(st.booleans())
    if not rowvar:
        x = np.ascontiguousarray(x.T)
    return _noted(lambda x: fnp.corrcoef(x, rowvar=rowvar), rowvar=rowvar), (x,)


@composite("trapezoid")
def _trapezoid(draw: st.DrawFn) -> Case:
    y = draw(float_arrays(SMALL_1UP))
    axis = draw(st.integers(-y.ndim, y.ndim - 1))
    kind = draw(st.sampled_from(["dx", "x1d", "xfull"]))
    if kind == "dx":
        dx = draw(float_arrays((), y.dtype, POSITIVE))
        return _noted(lambda y, dx: fnp.trapezoid(y, dx=dx, axis=axis), axis=axis), (y, dx)
    xs = draw(float_arrays((y.shape[axis],) if kind == "x1d" else y.shape, y.dtype))
    return _noted(lambda y, x: fnp.trapezoid(y, x, axis=axis), axis=axis, kind=kind), (y, xs)


@_entry("var")
def _var_primitive(draw: st.DrawFn) -> Case:
    """The unmasked variance's primitive (``var`` and ``std`` without where= or mean=)."""
    x = draw(float_arrays(SMALL_1UP))
    axis = _draw_axis(draw, x)
    keepdims = draw(st.booleans())
    ddof = draw(st.sampled_from([0, 1])) if _reduced_count(x.shape, axis) > 1 else 0
    return _noted(lambda x: fnp.var(x, axis=axis, keepdims=keepdims, ddof=ddof),
                  axis=axis, keepdims=keepdims, ddof=ddof), (x,)
