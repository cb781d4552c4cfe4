"""fad.scipy.stats against SciPy: values (float64 and float32, broadcasting,
outside the support, invalid parameters), derivatives (finite differences,
closed forms, zero and finite outside the support), allow_singular, errors.

The property suite (tests/test_rules.py, drawers in
tests/_catalogue_scipy_stats.py) checks every function's derivatives at
orders 1 and 2 in both modes; this file checks what it cannot.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest
import scipy.special as sc
import scipy.stats as ss

import fad
import fad.numpy as fnp
from fad.scipy import stats
from fad.testing import check_grads

CONTINUOUS = {
    # name: (shape parameters' ranges, the range of z drawn (wider than the support))
    "norm": ([], (-6.0, 6.0)),
    "laplace": ([], (-6.0, 6.0)),
    "logistic": ([], (-30.0, 30.0)),
    "cauchy": ([], (-50.0, 50.0)),
    "expon": ([], (-1.0, 8.0)),
    "t": ([(0.5, 30.0)], (-8.0, 8.0)),
    "gamma": ([(0.3, 8.0)], (-1.0, 12.0)),
    "chi2": ([(0.5, 12.0)], (-1.0, 20.0)),
    "beta": ([(0.3, 6.0), (0.3, 6.0)], (-0.3, 1.3)),
}
FUNCTIONS = ("logpdf", "pdf", "logcdf", "cdf", "logsf", "sf")
DISCRETE_FUNCTIONS = ("logpmf", "pmf", "logcdf", "cdf", "logsf", "sf")


def _draw_continuous(name: str, rng: np.random.Generator, shape: tuple[int, ...] = (40,)) -> list[Any]:
    shape_ranges, (lo, hi) = CONTINUOUS[name]
    z = rng.uniform(lo, hi, shape)
    loc = rng.normal(size=shape)
    scale = rng.uniform(0.3, 3.0, shape)
    shapes = [rng.uniform(a, b, shape) for a, b in shape_ranges]
    return [loc + scale * z, *shapes, loc, scale]


def _close(got: Any, want: Any, rtol: float, atol: float = 0.0) -> None:
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    assert got.shape == want.shape
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    np.testing.assert_array_equal(np.isinf(got) & (got > 0), np.isinf(want) & (want > 0))
    np.testing.assert_array_equal(np.isinf(got) & (got < 0), np.isinf(want) & (want < 0))
    ok = np.isfinite(want)
    np.testing.assert_allclose(got[ok], want[ok], rtol=rtol, atol=atol)


def _atol(fn: str) -> float:
    """Log-probabilities near 0 carry SciPy's absolute rounding error (fad's are
    computed as log1p of the complement there)."""
    return 1e-15 if fn.startswith("log") else 1e-300


# --- values ------------------------------------------------------------------------------


@pytest.mark.parametrize("fn", FUNCTIONS)
@pytest.mark.parametrize("name", list(CONTINUOUS))
def test_continuous_values_agree_with_scipy(name: str, fn: str) -> None:
    rng = np.random.default_rng(abs(hash((name, fn))) % 2**32)
    for _ in range(5):
        args = _draw_continuous(name, rng)
        got = getattr(getattr(stats, name), fn)(*args)
        want = getattr(getattr(ss, name), fn)(*args)
        # log-probabilities near 0: SciPy's own rounding error is absolute
        _close(got, want, rtol=1e-9, atol=1e-15 if fn.startswith("log") else 1e-300)


@pytest.mark.parametrize("fn", FUNCTIONS)
@pytest.mark.parametrize("name", list(CONTINUOUS))
def test_float32_in_float32_out(name: str, fn: str) -> None:
    rng = np.random.default_rng(7)
    args = [np.asarray(a, np.float32) for a in _draw_continuous(name, rng)]
    got = getattr(getattr(stats, name), fn)(*args)
    assert got.dtype == np.float32
    want = getattr(getattr(ss, name), fn)(*[a.astype(np.float64) for a in args])
    if fn.startswith("log"):  # log-probabilities: relative to their size, or 1
        _close(got, want, rtol=2e-4, atol=2e-4)
    else:
        _close(got, want, rtol=2e-4, atol=1e-6)


@pytest.mark.parametrize("name", list(CONTINUOUS))
def test_broadcasting_and_defaults(name: str) -> None:
    rng = np.random.default_rng(3)
    shape_ranges, (lo, hi) = CONTINUOUS[name]
    x = rng.uniform(max(lo, 0.1), min(hi, 0.9 if name == "beta" else hi), (3, 1))
    shapes = [rng.uniform(a, b, (4,)) for a, b in shape_ranges]
    for fn in FUNCTIONS:
        got = getattr(getattr(stats, name), fn)(x, *shapes)
        want = getattr(getattr(ss, name), fn)(x, *shapes)
        assert np.shape(got) == np.shape(want) == (3, 1 if not shapes else 4)
        _close(got, want, rtol=1e-9)
        scalar = getattr(getattr(stats, name), fn)(float(x[0, 0]), *[float(s[0]) for s in shapes], loc=0.5, scale=2.0)
        assert isinstance(scalar, np.floating) or np.ndim(scalar) == 0
        _close(scalar, getattr(getattr(ss, name), fn)(float(x[0, 0]), *[float(s[0]) for s in shapes], loc=0.5, scale=2.0), 1e-9)


def test_t_with_infinite_degrees_of_freedom_is_the_normal() -> None:
    x = np.array([-1.0, 0.0, 2.5])
    df = np.array([np.inf, 3.0, np.inf])
    for fn in FUNCTIONS:
        _close(getattr(stats.t, fn)(x, df), getattr(ss.t, fn)(x, df), 1e-12)
    g = fad.grad(lambda x: fnp.sum(stats.t.logpdf(x, df)))(x)
    np.testing.assert_allclose(g[[0, 2]], -x[[0, 2]], rtol=1e-12)
    np.testing.assert_allclose(fad.grad(lambda x: fnp.sum(stats.t.cdf(x, df)))(x), stats.t.pdf(x, df), rtol=1e-12)


@pytest.mark.parametrize("name", list(CONTINUOUS))
def test_invalid_parameters_give_nan(name: str) -> None:
    shape_ranges, _ = CONTINUOUS[name]
    x = np.array([0.5, 0.5, 0.5])
    shapes = [np.array([1.5, 1.5, -1.0])[: 3] for _ in shape_ranges]
    scale = np.array([1.0, -1.0, 1.0])
    for fn in FUNCTIONS:
        got = getattr(getattr(stats, name), fn)(x, *shapes, 0.0, scale)
        want = getattr(getattr(ss, name), fn)(x, *shapes, 0.0, scale)
        _close(got, want, rtol=1e-9)


@pytest.mark.parametrize("name", list(CONTINUOUS))
def test_nan_points_give_nan(name: str) -> None:
    # a nan point is neither inside nor outside a support: nan, as in SciPy; the
    # derivative at another point is the one without it
    shape_ranges, _ = CONTINUOUS[name]
    x = np.array([np.nan, 0.4, -0.5])
    shapes = [2.5 for _ in shape_ranges]
    for fn in FUNCTIONS:
        f = getattr(getattr(stats, name), fn)
        with np.errstate(invalid="ignore"):  # (nan arithmetic at the nan point)
            _close(f(x, *shapes), getattr(getattr(ss, name), fn)(x, *shapes), rtol=1e-9, atol=_atol(fn))
            g = fad.grad(lambda x: f(x, *shapes)[1])(x)
        want = fad.grad(lambda x: f(x, *shapes)[0])(x[1:])
        np.testing.assert_allclose(g[1], want[0], rtol=1e-12)


def test_discrete_nan_counts_give_nan() -> None:
    k = np.array([np.nan, 1.0, -1.0])
    for fn in DISCRETE_FUNCTIONS:
        with np.errstate(invalid="ignore"):
            _close(getattr(stats.poisson, fn)(k, 2.0), getattr(ss.poisson, fn)(k, 2.0), 1e-9, _atol(fn))
            _close(getattr(stats.binom, fn)(k, 5, 0.3), getattr(ss.binom, fn)(k, 5, 0.3), 1e-9, _atol(fn))
            _close(getattr(stats.bernoulli, fn)(k, 0.3), getattr(ss.bernoulli, fn)(k, 0.3), 1e-9, _atol(fn))


def test_discrete_values_agree_with_scipy() -> None:
    rng = np.random.default_rng(11)
    k = np.array([-2, -1, 0, 1, 2, 3, 5, 8, 12, 30, 1.5, 2.5])
    for _ in range(5):
        mu = rng.uniform(0.1, 10.0)
        n = int(rng.integers(1, 20))
        p = rng.uniform(0.01, 0.99)
        for fn in DISCRETE_FUNCTIONS:
            _close(getattr(stats.poisson, fn)(k, mu), getattr(ss.poisson, fn)(k, mu), 1e-9, _atol(fn))
            _close(getattr(stats.binom, fn)(k, n, p), getattr(ss.binom, fn)(k, n, p), 1e-9, _atol(fn))
            _close(getattr(stats.bernoulli, fn)(k, p), getattr(ss.bernoulli, fn)(k, p), 1e-9, _atol(fn))
            _close(getattr(stats.poisson, fn)(k, mu, loc=2), getattr(ss.poisson, fn)(k, mu, loc=2), 1e-9, _atol(fn))
    for fn in DISCRETE_FUNCTIONS:  # the edges of the parameters
        _close(getattr(stats.poisson, fn)(k, 0.0), getattr(ss.poisson, fn)(k, 0.0), 1e-9, _atol(fn))
        _close(getattr(stats.poisson, fn)(k, -1.0), getattr(ss.poisson, fn)(k, -1.0), 1e-9, _atol(fn))
        # (SciPy's logcdf is 0 for k >= n even where p is invalid and its cdf nan: fad's is nan)
        for p in (0.0, 1.0) if fn == "logcdf" else (0.0, 1.0, 1.5, -0.5):
            _close(getattr(stats.binom, fn)(k, 10, p), getattr(ss.binom, fn)(k, 10, p), 1e-9, _atol(fn))
            _close(getattr(stats.bernoulli, fn)(k, p), getattr(ss.bernoulli, fn)(k, p), 1e-9, _atol(fn))
        n = [4, 7, -1, 4] * 3 if fn != "logcdf" else [4, 7, 2, 4] * 3
        _close(getattr(stats.binom, fn)(k, n, 0.3), getattr(ss.binom, fn)(k, n, 0.3), 1e-9, _atol(fn))


def test_discrete_float32_and_broadcasting() -> None:
    k = np.arange(5)[:, None]
    mu = np.array([0.5, 2.0, 7.0], np.float32)
    got = stats.poisson.logpmf(k, mu)
    assert got.shape == (5, 3) and got.dtype == np.float32
    np.testing.assert_allclose(got, ss.poisson.logpmf(k, mu.astype(np.float64)), rtol=1e-5)
    p = np.array([0.2, 0.7], np.float32)
    got = stats.binom.cdf(k[:, :, None], np.array([3, 6])[:, None], p)
    assert got.shape == (5, 2, 2) and got.dtype == np.float32
    np.testing.assert_allclose(got, ss.binom.cdf(k[:, :, None], np.array([3, 6])[:, None], p.astype(np.float64)), rtol=1e-5)


def test_dirichlet_values() -> None:
    rng = np.random.default_rng(5)
    for k in (2, 3, 5):
        alpha = rng.uniform(0.3, 5.0, k)
        x = rng.dirichlet(np.ones(k), size=4).T  # (k, 4)
        _close(stats.dirichlet.logpdf(x, alpha), ss.dirichlet.logpdf(x, alpha), 1e-10)
        _close(stats.dirichlet.pdf(x, alpha), ss.dirichlet.pdf(x, alpha), 1e-10)
        _close(stats.dirichlet.logpdf(x[:-1], alpha), ss.dirichlet.logpdf(x[:-1], alpha), 1e-10)
        one = stats.dirichlet.logpdf(x[:, 0], alpha)
        assert np.ndim(one) == 0
        _close(one, ss.dirichlet.logpdf(x[:, 0], alpha), 1e-10)
    # at the edges of the simplex: xlogy's conventions, as SciPy
    for x in ([0.0, 0.5, 0.5], [0.2, 0.8, 0.0]):
        _close(stats.dirichlet.logpdf(x, [1.0, 2.0, 3.0]), ss.dirichlet.logpdf(x, [1.0, 2.0, 3.0]), 1e-12)
    got = stats.dirichlet.logpdf(np.array([0.2, 0.3, 0.5], np.float32), np.array([1.0, 2.0, 3.0], np.float32))
    assert got.dtype == np.float32


def test_multivariate_normal_values_and_shapes() -> None:
    rng = np.random.default_rng(9)
    for d in (1, 2, 4):
        a = rng.normal(size=(d, d))
        cov = a @ a.T + 0.5 * np.eye(d)
        mean = rng.normal(size=d)
        for shape in [(d,), (5, d), (2, 3, d), (1, d), (3, 1, d)]:
            x = rng.normal(size=shape)
            for allow in (False, True):
                for fn in ("logpdf", "pdf"):
                    got = getattr(stats.multivariate_normal, fn)(x, mean, cov, allow_singular=allow)
                    want = getattr(ss.multivariate_normal, fn)(x, mean, cov, allow_singular=allow)
                    assert np.shape(got) == np.shape(want)
                    _close(got, want, 1e-10)
        _close(stats.multivariate_normal.entropy(mean, cov), ss.multivariate_normal.entropy(mean, cov), 1e-12)
    # dimension 1: a 1-D x is many points; cov a number or a vector of variances
    x = rng.normal(size=6)
    _close(stats.multivariate_normal.logpdf(x, 0.5, 2.0), ss.multivariate_normal.logpdf(x, 0.5, 2.0), 1e-12)
    _close(stats.multivariate_normal.logpdf(x[:3], np.zeros(3), [1.0, 2.0, 3.0]),
           ss.multivariate_normal.logpdf(x[:3], np.zeros(3), [1.0, 2.0, 3.0]), 1e-12)
    _close(stats.multivariate_normal.logpdf(x), ss.multivariate_normal.logpdf(x), 1e-12)
    got = stats.multivariate_normal.logpdf(x.reshape(3, 2).astype(np.float32), np.zeros(2, np.float32),
                                           np.eye(2, dtype=np.float32))
    assert got.dtype == np.float32


# --- derivatives -----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CONTINUOUS))
def test_the_cdf_differentiates_to_the_pdf(name: str) -> None:
    rng = np.random.default_rng(13)
    shape_ranges, _ = CONTINUOUS[name]
    z = rng.uniform(0.2, 0.8 if name == "beta" else 3.0, 6)
    shapes = [rng.uniform(max(a, 0.8), min(b, 5.0), 6) for a, b in shape_ranges]
    loc, scale = 0.3, 1.7
    x = loc + scale * z
    dist = getattr(stats, name)
    pdf = dist.pdf(x, *shapes, loc, scale)
    for fn, sign in (("cdf", 1), ("sf", -1)):
        g = fad.elementwise_grad(lambda x: getattr(dist, fn)(x, *shapes, loc, scale))(x)
        np.testing.assert_allclose(g, sign * pdf, rtol=1e-10)
        g = fad.jvp(lambda x: getattr(dist, fn)(x, *shapes, loc, scale))((x,), (np.ones_like(x),))[1]
        np.testing.assert_allclose(g, sign * pdf, rtol=1e-10)
    g = fad.elementwise_grad(lambda x: dist.logcdf(x, *shapes, loc, scale))(x)
    np.testing.assert_allclose(g, pdf / dist.cdf(x, *shapes, loc, scale), rtol=1e-10)


def test_closed_form_gradients_of_the_gamma_and_beta_log_densities() -> None:
    x, a, s = np.array([0.3, 1.0, 4.0]), 2.5, 1.5
    ga, gs = fad.grad(lambda a, s: fnp.sum(stats.gamma.logpdf(x, a, scale=s)), argnums=(0, 1))(a, s)
    np.testing.assert_allclose(ga, np.sum(np.log(x / s) - sc.digamma(a)), rtol=1e-12)
    np.testing.assert_allclose(gs, np.sum(x / s**2 - a / s), rtol=1e-12)
    x, a, b = np.array([0.2, 0.5, 0.9]), 1.5, 3.0
    ga, gb = fad.grad(lambda a, b: fnp.sum(stats.beta.logpdf(x, a, b)), argnums=(0, 1))(a, b)
    np.testing.assert_allclose(ga, np.sum(np.log(x) - sc.digamma(a) + sc.digamma(a + b)), rtol=1e-12)
    np.testing.assert_allclose(gb, np.sum(np.log1p(-x) - sc.digamma(b) + sc.digamma(a + b)), rtol=1e-12)
    df, t = 4.0, np.array([-1.0, 0.5, 2.0])
    g = fad.grad(lambda df: fnp.sum(stats.t.logpdf(t, df)))(df)
    want = 0.5 * (sc.digamma((df + 1) / 2) - sc.digamma(df / 2) - 1 / df - np.log1p(t * t / df)
                  + (df + 1) * t * t / (df * df * (1 + t * t / df)))
    np.testing.assert_allclose(g, np.sum(want), rtol=1e-12)


def test_gamma_log_likelihood_of_constant_data() -> None:
    # constant data at traced scalar parameters take a path of their own (one
    # product of the coefficients with the data's rows): the same values and
    # derivatives as the general path, at every order, in both modes
    rng = np.random.default_rng(29)
    x = rng.gamma(2.0, 1.0, (4, 3)) + 0.5
    for dtype in (np.float64, np.float32):
        xs = x.astype(dtype)
        for loc in (0.0, 0.25, np.asarray(0.25, dtype)):
            a, s = np.asarray(1.7, dtype), np.asarray(0.8, dtype)
            fast = stats.gamma.logpdf(xs, a, loc, s)
            assert fast.dtype == dtype
            check_grads(lambda a, s: stats.gamma.logpdf(xs, a, loc, s), (a, s), order=2, modes=("fwd", "rev"))
            check_grads(lambda a: stats.gamma.logpdf(xs, a, loc), (a,), order=2, modes=("fwd", "rev"))
            general = fad.jacrev(lambda a, s, x: stats.gamma.logpdf(x, a, loc, s), argnums=(0, 1))(a, s, xs)
            special_path = fad.jacrev(lambda a, s: stats.gamma.logpdf(xs, a, loc, s), argnums=(0, 1))(a, s)
            for g, h in zip(general, special_path):
                np.testing.assert_allclose(g, h, rtol=1e-5 if dtype == np.float32 else 1e-12)
            want = ss.gamma.logpdf(xs.astype(np.float64), 1.7, float(loc), 0.8)
            got = fad.vjp(lambda a: stats.gamma.logpdf(xs, a, loc, s))(a)[0]
            np.testing.assert_allclose(got, want, rtol=1e-5 if dtype == np.float32 else 1e-12)
    # a point below loc: the general path, -inf there with a zero derivative
    xs = np.array([0.1, 1.0, 2.0])
    g = fad.grad(lambda a: fnp.sum(fnp.where(xs > 0.5, stats.gamma.logpdf(xs, a, 0.5), 0.0)))(2.0)
    np.testing.assert_allclose(g, np.sum(np.log(xs[1:] - 0.5) - sc.digamma(2.0)), rtol=1e-12)


def test_gamma_log_likelihood_second_derivatives_in_closed_form() -> None:
    # the log-likelihood path's rules take a sum's cotangent (one number spread over
    # the data) as reductions of the data; its Hessian in both modes, against
    # f_aa = -n trigamma(a), f_as = -n / s, f_ss = n a / s^2 - 2 sum(d) / s^3
    rng = np.random.default_rng(31)
    for dtype, rtol in ((np.float64, 1e-12), (np.float32, 2e-5)):
        x = (rng.gamma(2.0, 1.0, (7, 5)) + 0.3).astype(dtype)
        a, s, loc = dtype(1.8), dtype(0.7), 0.2

        def f(a: Any, s: Any) -> Any:
            return fnp.sum(stats.gamma.logpdf(x, a, loc, s))

        assert "stats_gamma_data_logpdf" in str(fad.make_graph(f)(a, s))
        d, n = x.astype(np.float64) - loc, x.size
        want = np.array([[-n * sc.polygamma(1, 1.8), -n / 0.7],
                         [-n / 0.7, n * 1.8 / 0.7**2 - 2 * np.sum(d) / 0.7**3]])
        grad_want = [np.sum(np.log(d / 0.7)) - n * sc.digamma(1.8), np.sum(d) / 0.7**2 - n * 1.8 / 0.7]
        np.testing.assert_allclose(fad.grad(f, argnums=(0, 1))(a, s), grad_want, rtol=rtol)
        for h in (fad.hessian, lambda f, argnums: fad.jacfwd(fad.grad(f, argnums=argnums), argnums=argnums),
                  lambda f, argnums: fad.jacrev(fad.grad(f, argnums=argnums), argnums=argnums)):
            got = np.array(h(f, argnums=(0, 1))(a, s), dtype=np.float64)
            np.testing.assert_allclose(got, want, rtol=rtol)
        # a batch of spread cotangents (jacrev: one per output), and a cotangent that is not spread
        jac = fad.jacrev(lambda a: f(a, s) * np.array([1.0, -2.0], dtype))(a)
        np.testing.assert_allclose(jac, np.array([1.0, -2.0]) * grad_want[0], rtol=rtol)
        w = rng.normal(size=x.shape)
        ga = fad.grad(lambda a: fnp.sum(w * stats.gamma.logpdf(x, a, loc, s)))(a)
        np.testing.assert_allclose(ga, np.sum(w * (np.log(d / 0.7) - sc.digamma(1.8))), rtol=10 * rtol)


def test_gamma_log_likelihood_path_edges() -> None:
    # one point, as a 0-d array; a float16 or non-contiguous sample; a point below
    # loc (the general path: -inf there, the other points' derivatives intact)
    g = fad.grad(lambda a, s: stats.gamma.logpdf(np.asarray(2.0), a, scale=s), argnums=(0, 1))(1.5, 2.0)
    np.testing.assert_allclose(g, [np.log(1.0) - sc.digamma(1.5), 2.0 / 4.0 - 1.5 / 2.0], rtol=1e-12)
    x = np.linspace(0.5, 3.0, 12)
    for xs in (x.astype(np.float16), x[::2], x.reshape(3, 4).T):
        got = fad.vjp(lambda s: stats.gamma.logpdf(xs, 2.5, scale=s))(np.asarray(0.8, xs.dtype))[0]
        assert got.dtype == xs.dtype
        want = ss.gamma.logpdf(xs.astype(np.float64), 2.5, scale=float(np.asarray(0.8, xs.dtype)))
        _close(got, want, rtol=2e-3 if xs.dtype == np.float16 else 1e-12)
    for xs in (np.array([-1.0, 1.0]),):
        val = fad.vjp(lambda a: stats.gamma.logpdf(xs, a))(2.0)[0]
        _close(val, ss.gamma.logpdf(xs, 2.0), rtol=1e-12)
        g = fad.grad(lambda a: stats.gamma.logpdf(xs, a)[1])(2.0)
        np.testing.assert_allclose(g, -sc.digamma(2.0), rtol=1e-12)


def test_gamma_cdfs_differentiate_in_the_shape() -> None:
    # against central differences of SciPy's functions in a (of Q where P is near 1,
    # which keeps their relative precision), from the bulk to far in the upper tail
    def fd(f: Any, a: float, x: float, h: float = 1e-5) -> float:
        return float((f(a + h, x) - f(a - h, x)) / (2 * h))

    for a, x in [(0.5, 0.1), (2.0, 3.0), (50.0, 45.0), (7.0, 0.5), (0.3, 12.0), (1.0, 12.5),
                 (4.0, 19.0), (3.0, 40.0), (100.0, 300.0)]:
        g = fad.grad(lambda a: stats.gamma.cdf(x, a))(a)
        want = -fd(sc.gammaincc, a, x) if x > 2 * a else fd(sc.gammainc, a, x)
        np.testing.assert_allclose(g, want, rtol=1e-7)
        g = fad.jvp(lambda a: stats.gamma.logsf(x, a))((a,), (1.0,))[1]
        log_q = (lambda a, x: np.log1p(-sc.gammainc(a, x))) if sc.gammainc(a, x) < 0.5 else (
            lambda a, x: np.log(sc.gammaincc(a, x)))
        np.testing.assert_allclose(g, fd(log_q, a, x), rtol=1e-7)
    g = fad.grad(lambda df: stats.chi2.cdf(3.0, df))(4.0)
    np.testing.assert_allclose(g, 0.5 * fd(sc.gammainc, 2.0, 1.5), rtol=1e-7)
    assert float(fad.grad(lambda a: stats.gamma.cdf(0.0, a))(2.0)) == 0.0
    check_grads(lambda a, x: stats.gamma.logsf(x, a), (np.array([0.7, 2.0, 3.0]), np.array([0.5, 3.0, 30.0])),
                order=2, modes=("fwd", "rev"))
    with pytest.raises(ValueError, match="terms"):
        fad.grad(lambda a: stats.gamma.cdf(2e6 + 4000.0, a))(2e6)  # 21,000 terms


def test_discrete_cdfs_differentiate_in_their_parameters() -> None:
    k = np.array([0, 1, 3, 7])
    mu = 2.5
    g = fad.grad(lambda mu: fnp.sum(stats.poisson.cdf(k, mu)))(mu)
    np.testing.assert_allclose(g, -np.sum(ss.poisson.pmf(k, mu)), rtol=1e-12)
    g = fad.grad(lambda mu: fnp.sum(stats.poisson.sf(k, mu)))(mu)
    np.testing.assert_allclose(g, np.sum(ss.poisson.pmf(k, mu)), rtol=1e-12)
    n, p = 8, 0.3
    g = fad.grad(lambda p: fnp.sum(stats.binom.cdf(k, n, p)))(p)
    np.testing.assert_allclose(g, -n * np.sum(ss.binom.pmf(k, n - 1, p)), rtol=1e-12)
    g = fad.grad(lambda p: fnp.sum(stats.bernoulli.logpmf(np.array([0, 1, 1]), p)))(p)
    np.testing.assert_allclose(g, -1 / (1 - p) + 2 / p, rtol=1e-12)
    check_grads(lambda mu: stats.poisson.logcdf(k, mu), (np.array([0.7, 2.5, 9.0, 4.0]),), order=2)
    check_grads(lambda p: stats.binom.logsf(k, 9, p), (np.array([0.1, 0.3, 0.6, 0.9]),), order=2)


OUTSIDE: dict[str, tuple[Callable[..., Any], np.ndarray[Any, Any], tuple[Any, ...]]] = {
    # name: (function, points (some outside the support), constant arguments after them)
    "expon.logpdf": (stats.expon.logpdf, np.array([-1.0, 0.0, 1.0]), ()),
    "expon.logcdf": (stats.expon.logcdf, np.array([-1.0, 0.0, 1.0]), ()),
    "expon.cdf": (stats.expon.cdf, np.array([-1.0, 0.0, 1.0]), ()),
    "expon.logsf": (stats.expon.logsf, np.array([-1.0, 0.0, 1.0]), ()),
    "gamma.logpdf": (stats.gamma.logpdf, np.array([-1.0, -0.5, 2.0]), (0.5,)),
    "gamma.logpdf_a2": (stats.gamma.logpdf, np.array([-1.0, 0.5, 2.0]), (2.0,)),
    "gamma.cdf": (stats.gamma.cdf, np.array([-1.0, -0.5, 2.0]), (0.5,)),
    "gamma.logsf": (stats.gamma.logsf, np.array([-1.0, 0.3, 2.0]), (0.5,)),
    "chi2.logpdf": (stats.chi2.logpdf, np.array([-1.0, 0.5, 2.0]), (1.0,)),
    "beta.logpdf": (stats.beta.logpdf, np.array([-0.5, 0.3, 1.5]), (0.5, 0.5)),
    "beta.cdf": (stats.beta.cdf, np.array([-0.5, 0.3, 1.5]), (0.5, 0.5)),
    "beta.logcdf": (stats.beta.logcdf, np.array([-0.5, 0.3, 1.5]), (0.5, 0.5)),
    "beta.logsf": (stats.beta.logsf, np.array([-0.5, 0.3, 1.5]), (0.5, 0.5)),
}


@pytest.mark.parametrize("name", list(OUTSIDE))
def test_outside_the_support_the_derivative_is_zero_and_nothing_is_nan(name: str) -> None:
    fn, x, rest = OUTSIDE[name]
    x = x.astype(np.float64)
    value = fn(x, *rest)
    want = getattr(getattr(ss, name.split(".")[0]), name.split(".")[1].split("_")[0])(x, *rest)
    _close(value, want, 1e-12)
    inside = np.isfinite(value) & (x > 0) & ~((x >= 1) & name.startswith("beta"))
    for g in (fad.elementwise_grad(lambda x: fn(x, *rest))(x),
              fad.jvp(lambda x: fn(x, *rest))((x,), (np.ones_like(x),))[1],
              np.diagonal(fad.hessian(lambda x: fnp.sum(fn(x, *rest)))(x))):
        assert not np.isnan(g).any(), g
        assert (g[x < 0] == 0).all(), g
        assert np.isfinite(g[inside]).all(), g
    # and in the parameters: loc and scale
    gl, gs = fad.grad(lambda loc, s: fnp.sum(fnp.where(np.isfinite(value), fn(x, *rest, loc, s), 0.0)),
                      argnums=(0, 1))(0.0, 1.0)
    assert np.isfinite(gl) and np.isfinite(gs)


def test_points_outside_a_batch_do_not_spoil_its_gradient() -> None:
    x = np.array([-3.0, 0.5, 1.0, 2.5])  # one point below the support
    f = lambda a: fnp.sum(fnp.where(x > 0, stats.gamma.logpdf(x, a), 0.0))  # noqa: E731
    g = fad.grad(f)(1.5)
    np.testing.assert_allclose(g, np.sum(np.log(x[1:]) - sc.digamma(1.5)), rtol=1e-12)
    h = fad.hessian(f)(1.5)
    np.testing.assert_allclose(h, -3 * sc.polygamma(1, 1.5), rtol=1e-10)


def test_multivariate_normal_gradients_in_closed_form() -> None:
    rng = np.random.default_rng(17)
    a = rng.normal(size=(3, 3))
    cov = a @ a.T + np.eye(3)
    mean = rng.normal(size=3)
    x = rng.normal(size=(4, 3))
    inv = np.linalg.inv(cov)
    dev = x - mean
    gx = fad.grad(lambda x: fnp.sum(stats.multivariate_normal.logpdf(x, mean, cov)))(x)
    np.testing.assert_allclose(gx, -dev @ inv, rtol=1e-10)
    gc = fad.grad(lambda c: fnp.sum(stats.multivariate_normal.logpdf(x, mean, c)))(cov)
    want = 0.5 * (inv @ dev.T @ dev @ inv - 4 * inv)
    np.testing.assert_allclose(gc, want, rtol=1e-9, atol=1e-12)  # symmetric, as the derivative of a symmetric argument
    ge = fad.grad(stats.multivariate_normal.entropy, argnums=1)(mean, cov)
    np.testing.assert_allclose(ge, 0.5 * inv, rtol=1e-10)
    check_grads(lambda c: stats.multivariate_normal.entropy(None, c), (cov,), order=2)


# --- allow_singular ------------------------------------------------------------------


def test_allow_singular_values_agree_with_scipy() -> None:
    rng = np.random.default_rng(19)
    for d, r in ((2, 1), (3, 1), (3, 2), (4, 2)):
        b = rng.normal(size=(d, r))
        cov = b @ b.T
        mean = rng.normal(size=d)
        on = mean + rng.normal(size=(5, r)) @ b.T  # on the subspace
        off = on + rng.normal(size=(5, d))  # off it
        x = np.concatenate([on, off])
        for fn in ("logpdf", "pdf"):
            got = getattr(stats.multivariate_normal, fn)(x, mean, cov, allow_singular=True)
            want = getattr(ss.multivariate_normal, fn)(x, mean, cov, allow_singular=True)
            _close(got, want, 1e-8)
        assert np.isneginf(stats.multivariate_normal.logpdf(off, mean, cov, allow_singular=True)).all()
        _close(stats.multivariate_normal.entropy(mean, cov), ss.multivariate_normal.entropy(mean, cov), 1e-8)


def test_allow_singular_gradient_in_x_lies_in_the_subspace() -> None:
    rng = np.random.default_rng(23)
    b = rng.normal(size=(3, 2))
    cov = b @ b.T
    pinv = np.linalg.pinv(cov)
    x = rng.normal(size=(4, 2)) @ b.T
    g = fad.grad(lambda x: fnp.sum(stats.multivariate_normal.logpdf(x, None, cov, allow_singular=True)))(x)
    np.testing.assert_allclose(g, -x @ pinv, rtol=1e-8, atol=1e-10)
    off = x + 5.0 * np.linalg.svd(b)[0][:, -1]  # off the subspace: -inf, derivative 0
    g = fad.grad(lambda x: fnp.sum(fnp.where(np.arange(4) < 2, stats.multivariate_normal.logpdf(
        fnp.concatenate([x[:2], off[2:]]), None, cov, allow_singular=True), 0.0)))(x)
    assert np.isfinite(g).all() and (g[2:] == 0).all()


def test_singular_covariance_without_allow_singular_is_a_clear_error() -> None:
    cov = np.array([[1.0, 1.0], [1.0, 1.0]])
    with pytest.raises(np.linalg.LinAlgError, match="allow_singular=True"):
        stats.multivariate_normal.logpdf(np.zeros(2), None, cov)
    with pytest.raises(np.linalg.LinAlgError, match="allow_singular=True"):
        fad.grad(lambda c: stats.multivariate_normal.logpdf(np.zeros(2), None, c))(cov)
    with pytest.raises(ValueError, match="positive semidefinite"):
        stats.multivariate_normal.logpdf(np.zeros(2), None, np.diag([1.0, -1.0]), allow_singular=True)


# --- errors ------------------------------------------------------------------------------


def test_t_and_beta_cdfs_differentiate_in_the_shapes() -> None:
    # against central differences of SciPy's functions (of the sf where the cdf is
    # near 1, which keeps their precision), fourth-order ones (steps of 1e-3)
    h = 1e-3

    def fd(f: Callable[[float], float], v: float) -> float:
        return (8 * (f(v + h) - f(v - h)) - (f(v + 2 * h) - f(v - 2 * h))) / (12 * h)

    for df, x in [(3.0, 1.5), (3.0, -2.0), (0.8, 4.0), (30.0, 0.3), (2.0, -0.01)]:
        g = fad.grad(lambda df: stats.t.cdf(x, df))(df)
        want = fd(lambda d: -ss.t.sf(x, d), df) if x > 0 else fd(lambda d: ss.t.cdf(x, d), df)
        np.testing.assert_allclose(g, want, rtol=1e-6)
        g = fad.jvp(lambda df: stats.t.logsf(x, df))((df,), (1.0,))[1]
        np.testing.assert_allclose(g, fd(lambda d: ss.t.logsf(x, d), df), rtol=1e-6)
    assert float(fad.grad(lambda df: stats.t.cdf(0.0, df))(4.0)) == 0.0
    for a, b, x in [(2.0, 3.0, 0.3), (2.0, 3.0, 0.8), (0.5, 0.5, 0.1), (0.5, 0.5, 0.95), (10.0, 2.0, 0.9),
                    (1.5, 40.0, 0.02), (30.0, 30.0, 0.5)]:
        ga, gb = fad.grad(lambda a, b: stats.beta.cdf(x, a, b), argnums=(0, 1))(a, b)
        near_one = ss.beta.cdf(x, a, b) > 0.5
        np.testing.assert_allclose(ga, fd(lambda v: -ss.beta.sf(x, v, b) if near_one else ss.beta.cdf(x, v, b), a), rtol=1e-6)
        np.testing.assert_allclose(gb, fd(lambda v: -ss.beta.sf(x, a, v) if near_one else ss.beta.cdf(x, a, v), b), rtol=1e-6)
    ga, gb = fad.grad(lambda a, b: stats.beta.cdf(1.0, a, b) + stats.beta.cdf(0.0, a, b), argnums=(0, 1))(2.0, 3.0)
    assert float(ga) == 0.0 and float(gb) == 0.0
    check_grads(lambda df, x: stats.t.cdf(x, df), (np.array([1.5, 3.0, 7.0]), np.array([-1.0, 0.5, 2.0])),
                order=2, modes=("fwd", "rev"))
    check_grads(lambda a, b, x: stats.beta.logsf(x, a, b),
                (np.array([1.5, 2.0, 5.0]), np.array([2.0, 0.7, 3.0]), np.array([0.3, 0.6, 0.9])),
                order=2, modes=("fwd", "rev"))


def test_a_traced_count_is_a_clear_error() -> None:
    for call in (lambda k: stats.poisson.logpmf(k, 2.0), lambda k: stats.binom.cdf(k, 5, 0.3),
                 lambda k: stats.bernoulli.pmf(k, 0.3)):
        with pytest.raises(TypeError, match="counts of a discrete distribution"):
            fad.grad(call)(1.0)
    with pytest.raises(TypeError, match="n is traced"):
        fad.grad(lambda n: stats.binom.logpmf(1, n, 0.3))(3.0)


def test_shape_errors() -> None:
    with pytest.raises(ValueError, match="simplex"):
        stats.dirichlet.logpdf([0.2, 0.3, 0.6], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="greater than 0"):
        stats.dirichlet.logpdf([0.2, 0.3, 0.5], [1.0, -2.0, 3.0])
    with pytest.raises(ValueError, match="first axis"):
        stats.dirichlet.logpdf([0.2, 0.8], [1.0, 2.0, 3.0, 4.0])
    with pytest.raises(ValueError, match="covariance has shape"):
        stats.multivariate_normal.logpdf(np.zeros(2), np.zeros(2), np.eye(3))
    with pytest.raises(ValueError, match="last axis"):
        stats.multivariate_normal.logpdf(np.zeros(3), np.zeros(2), np.eye(2))
    with pytest.raises(TypeError, match="real numbers"):
        stats.norm.logpdf(np.array([1j]))


def test_the_module_lists_its_distributions() -> None:
    assert sorted(stats.__all__) == sorted(
        ["norm", "t", "cauchy", "logistic", "laplace", "expon", "gamma", "beta", "chi2", "poisson",
         "binom", "bernoulli", "dirichlet", "multivariate_normal"])
    for name in stats.__all__:
        mod = getattr(stats, name)
        for fn in mod.__all__:
            assert "Example" in (getattr(mod, fn).__doc__ or ""), f"{name}.{fn}"


# --- the normal quantile functions ------------------------------------------------------


@pytest.mark.parametrize("fn", ["ppf", "isf"])
def test_norm_quantiles_agree_with_scipy(fn: str) -> None:
    rng = np.random.default_rng(7)
    q = np.concatenate([rng.uniform(0.0, 1.0, 30), [0.0, 1.0, -0.1, 1.5, np.nan, 1e-300, 1 - 1e-16]])
    loc = rng.normal(size=q.shape)
    scale = rng.uniform(0.3, 3.0, q.shape)
    scale[3] = -1.0  # an invalid scale: nan
    got, want = getattr(stats.norm, fn)(q, loc, scale), getattr(ss.norm, fn)(q, loc, scale)
    _close(got, want, rtol=1e-12, atol=1e-13)
    got32 = getattr(stats.norm, fn)(q.astype(np.float32), np.float32(1.0), np.float32(2.0))
    assert got32.dtype == np.float32
    _close(getattr(stats.norm, fn)(0.3), getattr(ss.norm, fn)(0.3), rtol=1e-14)
    # broadcasting: (4, 3) probabilities, (1, 3) locations, (4, 1) scales
    qb, lb, sb = rng.uniform(0.05, 0.95, (4, 3)), rng.normal(size=(1, 3)), rng.uniform(0.5, 2.0, (4, 1))
    _close(getattr(stats.norm, fn)(qb, lb, sb), getattr(ss.norm, fn)(qb, lb, sb), rtol=1e-12)


def test_norm_quantile_derivatives_in_closed_form() -> None:
    # ppf: 1 / pdf(ppf(q)) in q, 1 in loc, ndtri(q) in scale; isf: the negatives in q and scale
    q, loc, scale = np.array([0.02, 0.3, 0.5, 0.9]), np.array([-1.0, 0.0, 0.5, 2.0]), np.array([0.5, 1.0, 2.0, 3.0])
    z = sc.ndtri(q)
    for fn, sign in (("ppf", 1.0), ("isf", -1.0)):
        f = getattr(stats.norm, fn)
        gq, gl, gs = fad.grad(lambda q, loc, s: fnp.sum(f(q, loc, s)), argnums=(0, 1, 2))(q, loc, scale)
        np.testing.assert_allclose(gq, sign * scale / ss.norm.pdf(z), rtol=1e-12)
        np.testing.assert_allclose(gl, np.ones(4), rtol=1e-15)
        np.testing.assert_allclose(gs, sign * z, rtol=1e-12)
        # and in forward mode, with the second derivative in q: d/dq (1/phi(z)) = z / phi(z)^2
        d2 = fad.jacfwd(fad.grad(lambda q: fnp.sum(f(q))))(q)
        np.testing.assert_allclose(np.diag(d2), sign * z / ss.norm.pdf(z) ** 2, rtol=1e-10)


def test_dirichlet_samples_are_scipys_and_refuse_a_traced_alpha() -> None:
    alpha = np.array([1.5, 2.0, 0.7])
    got = stats.dirichlet.rvs(alpha, size=4, random_state=3)
    np.testing.assert_array_equal(got, ss.dirichlet.rvs(alpha, size=4, random_state=3))
    with pytest.raises(TypeError, match=r"dirichlet\.rvs: alpha is traced.*stop_gradient"):
        fad.grad(lambda a: fnp.sum(stats.dirichlet.rvs(a, random_state=0)))(alpha)
    # at alpha's value, through stop_gradient: a constant sample
    g = fad.grad(lambda a: fnp.sum(stats.dirichlet.rvs(fad.stop_gradient(a), random_state=0) * 0.0) + fnp.sum(a))(alpha)
    np.testing.assert_array_equal(g, np.ones(3))
