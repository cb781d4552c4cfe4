"""Values and conventions of the reductions and statistics families that the
property tests (tests/test_rules.py's composites) do not see: agreement with
NumPy untraced and traced for keyword variants, plain ``np.f(tracer)``
dispatch, lists holding Tracers, NaN handling, ties, and error messages."""

from __future__ import annotations

import warnings
from typing import Any, Callable

import numpy as np
import pytest

import fad
import fad.numpy as fnp
from fad.numpy import _reductions

RNG = np.random.default_rng(7)
X = RNG.standard_normal((3, 4, 5))
XN = X.copy()
XN[0, 1, :] = np.nan
XN[1, 2, 3] = np.nan


def traced_value(f: Callable[..., Any], x: Any) -> Any:
    """f(x) computed on a traced x (the value that fad.jvp returns)."""
    return fad.jvp(f)((x,), (np.ones_like(x),))[0]


def assert_same(got: Any, want: Any) -> None:
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape
    assert got.dtype == want.dtype
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=0, equal_nan=True)


CASES: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("mean", (X,), {"axis": (0, 2), "keepdims": True, "where": X > -0.5}),
    ("var", (X,), {"axis": 1, "ddof": 1}),
    ("var", (X,), {"axis": 1, "correction": 1, "where": X > -1.0}),
    ("std", (X,), {"axis": 0, "keepdims": True, "mean": X.mean(axis=0, keepdims=True)}),
    ("max", (X,), {"axis": 2, "initial": 0.5, "where": X < 1.0}),
    ("min", (X,), {"axis": (1, 2), "initial": 0.0}),
    ("prod", (X,), {"axis": 1, "initial": 2.0, "where": X > 0}),
    ("cumsum", (X,), {"axis": 1}),
    ("cumulative_sum", (X,), {"axis": 2, "include_initial": True}),
    ("cumulative_prod", (X,), {"axis": 0, "include_initial": True}),
    ("ptp", (X,), {"axis": 1, "keepdims": True}),
    ("average", (X,), {"axis": 1, "weights": np.arange(1.0, 5.0)}),
    ("median", (X,), {"axis": (0, 2)}),
    ("quantile", (X, [0.1, 0.5, 0.9]), {"axis": 1, "keepdims": True}),
    ("percentile", (X, 30.0), {"axis": 2, "method": "nearest"}),
    ("percentile", (X, np.array([[10.0, 60.0]])), {"axis": None, "method": "midpoint"}),
    ("quantile", (X, 0.3), {"axis": 0, "method": "higher"}),
    ("nansum", (XN,), {"axis": 2}),
    ("nanprod", (XN,), {"axis": 1, "keepdims": True}),
    ("nanmean", (XN,), {"axis": 2}),
    ("nanvar", (XN,), {"axis": 2, "ddof": 1}),
    ("nanstd", (XN,), {"axis": 0}),
    ("nanmax", (XN,), {"axis": 2}),
    ("nanmin", (XN,), {"axis": None}),
    ("nancumsum", (XN,), {"axis": 2}),
    ("nancumprod", (XN,), {"axis": 1}),
    ("nanmedian", (XN,), {"axis": 2}),
    ("nanquantile", (XN, [0.25, 0.75]), {"axis": 2}),
    ("nanpercentile", (XN, 40.0), {"axis": (0, 2), "method": "lower"}),
    ("cov", (X[0],), {"aweights": np.linspace(0.5, 1.0, 5), "fweights": np.array([1, 2, 1, 1, 3])}),
    ("corrcoef", (X[0],), {"rowvar": False}),
    ("trapezoid", (X,), {"x": np.linspace(0.0, 1.0, 4) ** 2, "axis": 1}),
]


@pytest.mark.parametrize("name, args, kw", CASES, ids=[c[0] for c in CASES])
def test_values_agree_with_numpy_untraced_traced_and_dispatched(name: str, args: tuple[Any, ...],
                                                                kw: dict[str, Any]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        want = getattr(np, name)(*args, **kw)
        assert_same(getattr(fnp, name)(*args, **kw), want)
        assert_same(traced_value(lambda x: getattr(fnp, name)(x, *args[1:], **kw), args[0]), want)
        # plain NumPy on a traced value reaches fad's function
        assert_same(traced_value(lambda x: getattr(np, name)(x, *args[1:], **kw), args[0]), want)


def test_np_sum_where_on_a_tracer() -> None:
    m = X > 0
    want = np.sum(X, axis=1, where=m, initial=1.0)
    assert_same(traced_value(lambda x: _reductions.sum(x, axis=1, where=m, initial=1.0), X), want)
    g = fad.grad(lambda x: _reductions.sum(x, where=m))(X)
    assert_same(g, m.astype(float))


def test_np_sum_where_dispatches_to_the_full_sum() -> None:
    m = X > 0
    assert_same(traced_value(lambda x: np.sum(x, where=m), X), np.sum(X, where=m))


def test_lists_holding_tracers() -> None:
    names = ["mean", "var", "std", "max", "min", "prod", "ptp", "median", "nanmean", "nansum",
             "average", "cumsum", "amax", "nanmax"]
    for name in names:
        f = getattr(fnp, name)
        got = fad.grad(lambda a, b: f([a, 2.0, b]) if name != "cumsum" else f([a, 2.0, b])[-1])(1.0, 3.5)
        want = (f([1.0 + 1e-6, 2.0, 3.5]) - f([1.0 - 1e-6, 2.0, 3.5])) / 2e-6
        if name == "cumsum":
            want = 1.0
        assert abs(float(got) - float(want)) < 1e-6, name


def test_nan_entries_get_zero_gradient() -> None:
    holes = np.isnan(XN)  # one slice of XN is all NaN
    some = holes & (np.arange(5) >= 2)  # every slice keeps two numbers (std is smooth there)
    for name in ["nansum", "nanprod", "nanmean", "nanvar", "nanstd", "nanmax", "nanmin", "nanmedian",
                 "nancumsum", "nancumprod"]:
        for nan in (holes, some):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                g = fad.grad(lambda x: fnp.sum(getattr(fnp, name)(fnp.where(nan, np.nan, x), axis=2)))(X)
            assert (g[nan] == 0).all(), name
            assert np.isfinite(g).all(), name


def test_all_nan_slices_as_numpy() -> None:
    a = np.array([[np.nan, np.nan], [1.0, 2.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for name in ["nanmean", "nanvar", "nanstd", "nanmax", "nanmin", "nanmedian"]:
            assert_same(traced_value(lambda x: getattr(fnp, name)(x, axis=1), a),
                        getattr(np, name)(a, axis=1))
        assert_same(traced_value(lambda x: fnp.nansum(x, axis=1), a), np.nansum(a, axis=1))
        g = fad.grad(lambda x: fnp.nanmax(x, axis=1)[1])(a)
        assert_same(g, np.array([[0.0, 0.0], [0.0, 1.0]]))


def test_quantile_ties_follow_sort() -> None:
    x = np.array([3.0, 1.0, 3.0, 2.0, 3.0, 1.0])
    for k in range(6):
        g = fad.grad(lambda t: fnp.quantile(t, k / 5, method="lower"))(x)
        h = fad.grad(lambda t: fnp.sort(t)[k])(x)
        assert_same(g, h)
    # many quantiles at once take the sorting route: the same convention
    q = np.linspace(0, 1, 11)
    jac = fad.jacobian(lambda t: fnp.quantile(t, q, method="nearest"))(x)
    for i, qi in enumerate(q):
        assert_same(jac[i], fad.grad(lambda t: fnp.sort(t)[int(np.around(qi * 5))])(x))


def test_median_gradient_splits_between_the_middle_entries() -> None:
    assert_same(fad.grad(fnp.median)(np.array([4.0, 1.0, 3.0, 2.0])), np.array([0.0, 0.0, 0.5, 0.5]))
    x = np.array([2.0, 0.0, 1.0])
    assert_same(fad.grad(fnp.median)(x), np.array([0.0, 0.0, 1.0]))


def test_float32_stays_float32() -> None:
    x = X.astype(np.float32)
    for name in ["mean", "var", "std", "median", "nanmean", "ptp"]:
        assert traced_value(lambda t: getattr(fnp, name)(t, axis=1), x).dtype == np.float32, name
    assert traced_value(lambda t: fnp.quantile(t, 0.3, axis=1), x).dtype == np.float32
    assert traced_value(lambda t: fnp.quantile(t, np.array([0.3]), axis=1), x).dtype == np.float64


def test_untraced_out_and_fast_paths() -> None:
    out = np.empty(4)
    r = fnp.mean(X[0], axis=1, out=out)
    assert r is out
    assert_same(out, X[0].mean(axis=1))
    out = np.empty(4)
    fnp.var(X[0], axis=1, out=out, ddof=1)
    assert_same(out, X[0].var(axis=1, ddof=1))
    assert_same(fnp.std(X, axis=(0, 2)), np.std(X, axis=(0, 2)))
    assert_same(fnp.mean(np.arange(5)), np.mean(np.arange(5)))
    assert_same(fnp.max([1.0, 3.0, 2.0]), np.max([1.0, 3.0, 2.0]))


def test_errors_name_the_function() -> None:
    with pytest.raises(TypeError, match="mean: out="):
        fad.grad(lambda x: fnp.mean(x, out=np.empty(())))(X)
    with pytest.raises(ValueError, match="ddof and correction"):
        fad.grad(lambda x: fnp.var(x, ddof=1, correction=1))(X)
    with pytest.raises(ValueError, match="max: a where= mask needs initial="):
        fad.grad(lambda x: fnp.max(x, where=X > 0))(X)
    with pytest.raises(ValueError, match="quantile: method='inverted_cdf' is not supported"):
        fad.grad(lambda x: fnp.quantile(x, 0.5, method="inverted_cdf"))(X)
    with pytest.raises(ValueError, match="Quantiles must be in the range"):
        fad.grad(lambda x: fnp.quantile(x, 1.5))(X)
    with pytest.raises(ValueError, match="cumulative_sum: for arrays of more than one dimension"):
        fad.grad(lambda x: fnp.sum(fnp.cumulative_sum(x)))(X)
    with pytest.raises(TypeError, match="average: axis must be given"):
        fad.grad(lambda x: fnp.average(x, weights=np.ones(5)))(X)
    with pytest.raises(ZeroDivisionError, match="average: weights sum to zero"):
        fad.grad(lambda x: fnp.average(x, axis=2, weights=np.zeros(5)))(X)


def test_cov_is_differentiable_in_its_weights() -> None:
    m = X[0]
    aw = np.linspace(0.5, 1.0, 5)
    f = lambda w: fnp.sum(fnp.cov(m, aweights=w))  # noqa: E731
    g = fad.grad(f)(aw)
    e = np.eye(5) * 1e-6
    fd = np.array([(np.sum(np.cov(m, aweights=aw + e[i])) - np.sum(np.cov(m, aweights=aw - e[i]))) / 2e-6
                   for i in range(5)])
    np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-8)
