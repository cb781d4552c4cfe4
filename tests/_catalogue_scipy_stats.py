"""Catalogue entries of fad.scipy.stats (see tests/_catalogue.py).

Every public differentiable function of ``fad.scipy.stats`` has a
``@composite`` drawer named ``"scipy.stats.<distribution>.<function>"``: the
registry suite (tests/test_rules.py) checks it at orders 1 and 2 in both modes
against central differences. The drawers draw broadcasting shapes, float32
and float64, and points well inside the support (the standardised point
``z = (x - loc) / scale`` from a safe interval, then ``x = loc + scale z``),
and differentiate in every continuous argument: points, ``loc``, ``scale``,
shapes, probabilities, means and covariances.
Counts ``k`` and trial numbers ``n`` are drawn integers, held constant.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
from hypothesis import strategies as st

from _catalogue import _entry, composite
from fad.scipy import stats
from fad.scipy.stats import _util
from fad.scipy.stats import gamma as gamma_stats
from fad.testing.strategies import REAL, Domain, broadcastable_shapes, float_arrays, float_dtypes, shapes, spd_matrices

Array = np.ndarray[Any, Any]
Fun = Callable[..., Any]
Case = tuple[Fun, tuple[Array, ...]]

SCALE = Domain(0.5, 2.0)
POSITIVE_Z = Domain(0.3, 3.0)

# distribution -> (its shape parameters' domains, the domain of z)
CONTINUOUS: dict[str, tuple[tuple[Domain, ...], Domain]] = {
    "norm": ((), REAL),
    "laplace": ((), Domain(-2.0, 2.0, avoid=(0.0,), margin=0.3)),  # the kink at loc
    "logistic": ((), REAL),
    "cauchy": ((), REAL),
    "expon": ((), POSITIVE_Z),
    "t": ((Domain(0.8, 6.0),), REAL),
    "gamma": ((Domain(0.6, 4.0),), POSITIVE_Z),
    "chi2": ((Domain(1.2, 6.0),), POSITIVE_Z),
    # shapes above 1: below it the density's derivatives blow up at 0 and 1, and
    # float32 central differences (steps of ~5e-3) lose the second derivative
    "beta": ((Domain(1.2, 3.0), Domain(1.2, 3.0)), Domain(0.2, 0.8)),
}
DENSITIES = ("logpdf", "pdf")
PROBABILITIES = ("logcdf", "cdf", "logsf", "sf")


def _continuous(dist: str, fn_name: str) -> Callable[[st.DrawFn], Case]:
    shape_domains, z_domain = CONTINUOUS[dist]
    fn = getattr(getattr(stats, dist), fn_name)
    traced_shapes = True

    def draw_case(draw: st.DrawFn) -> Case:
        dtype = draw(float_dtypes())
        ss = draw(broadcastable_shapes(3 + len(shape_domains), max_dims=2, max_side=3))
        z = draw(float_arrays(ss[0], dtype, z_domain))
        loc = draw(float_arrays(ss[1], dtype, REAL))
        # the beta's support is [loc, loc + scale]: a wider one keeps float32's
        # central differences (steps of ~5e-3) well inside it
        scale = draw(float_arrays(ss[2], dtype, Domain(1.0, 2.5) if dist == "beta" else SCALE))
        shapes = [draw(float_arrays(s, dtype, d)) for s, d in zip(ss[3:], shape_domains)]
        x = np.asarray(loc + scale * z, dtype=dtype)
        if traced_shapes:
            return (lambda x, loc, scale, *sh: fn(x, *sh, loc, scale)), (x, loc, scale, *shapes)
        return (lambda x, loc, scale: fn(x, *shapes, loc, scale)), (x, loc, scale)

    return draw_case


for _dist in CONTINUOUS:
    for _fn in DENSITIES + PROBABILITIES:
        composite(f"scipy.stats.{_dist}.{_fn}")(_continuous(_dist, _fn))


# --- the normal quantile functions: q inside (0, 1), away from its ends (where
# ndtri's derivatives blow up), differentiated with loc and scale ---------------------


def _norm_quantile(fn_name: str) -> Callable[[st.DrawFn], Case]:
    fn = getattr(stats.norm, fn_name)

    def draw_case(draw: st.DrawFn) -> Case:
        dtype = draw(float_dtypes())
        sq, sl, ss = draw(broadcastable_shapes(3, max_dims=2, max_side=3))
        q = draw(float_arrays(sq, dtype, Domain(0.05, 0.95)))
        loc = draw(float_arrays(sl, dtype, REAL))
        scale = draw(float_arrays(ss, dtype, SCALE))
        return (lambda q, loc, scale: fn(q, loc, scale)), (q, loc, scale)

    return draw_case


for _fn in ("ppf", "isf"):
    composite(f"scipy.stats.norm.{_fn}")(_norm_quantile(_fn))


# --- discrete: the parameters are differentiated, the counts are constants ---------

DISCRETE_FUNCTIONS = ("logpmf", "pmf") + PROBABILITIES


def _poisson(fn_name: str) -> Callable[[st.DrawFn], Case]:
    fn = getattr(stats.poisson, fn_name)

    def draw_case(draw: st.DrawFn) -> Case:
        sk, sm = draw(broadcastable_shapes(2, max_dims=2, max_side=3))
        k = np.asarray(draw(st.lists(st.integers(0, 6), min_size=int(np.prod(sk)), max_size=int(np.prod(sk)))))
        mu = draw(float_arrays(sm, None, Domain(0.5, 4.0)))
        return (lambda mu: fn(k.reshape(sk), mu)), (mu,)

    return draw_case


def _binom(fn_name: str, bernoulli: bool) -> Callable[[st.DrawFn], Case]:
    fn = getattr(stats.bernoulli if bernoulli else stats.binom, fn_name)

    def draw_case(draw: st.DrawFn) -> Case:
        sk, sn, sp = draw(broadcastable_shapes(3, max_dims=2, max_side=3))
        size = int(np.prod(np.broadcast_shapes(sk, sn)))
        n = np.ones(sn, dtype=np.int64) if bernoulli else np.asarray(
            draw(st.lists(st.integers(1, 6), min_size=int(np.prod(sn)), max_size=int(np.prod(sn))))
        ).reshape(sn)
        u = np.asarray(draw(st.lists(st.floats(0.0, 1.0), min_size=size, max_size=size)))
        k = np.floor(u.reshape(np.broadcast_shapes(sk, sn)) * (np.broadcast_to(n, np.broadcast_shapes(sk, sn)) + 1))
        # logsf is -inf at k = n (no derivative to check): there k stays below n
        k = np.minimum(k, n - 1 if fn_name == "logsf" else n).astype(np.int64)
        p = draw(float_arrays(sp, None, Domain(0.15, 0.85)))
        if bernoulli:
            return (lambda p: fn(k, p)), (p,)
        return (lambda p: fn(k, n, p)), (p,)

    return draw_case


for _fn in DISCRETE_FUNCTIONS:
    composite(f"scipy.stats.poisson.{_fn}")(_poisson(_fn))
    composite(f"scipy.stats.binom.{_fn}")(_binom(_fn, False))
    composite(f"scipy.stats.bernoulli.{_fn}")(_binom(_fn, True))


# --- dirichlet: x with its last component left out, so that x stays on the simplex --


def _dirichlet(fn_name: str) -> Callable[[st.DrawFn], Case]:
    fn = getattr(stats.dirichlet, fn_name)

    def draw_case(draw: st.DrawFn) -> Case:
        dtype = draw(float_dtypes())
        k = draw(st.integers(2, 4))
        points = draw(st.sampled_from([(), (2,)]))
        w = draw(float_arrays((k,) + points, np.float64, Domain(0.5, 2.0)))
        x = np.asarray((w / w.sum(axis=0))[:-1], dtype=dtype)
        alpha = draw(float_arrays((k,), dtype, Domain(0.6, 3.0)))
        return (lambda x, alpha: fn(x, alpha)), (x, alpha)

    return draw_case


for _fn in ("logpdf", "pdf"):
    composite(f"scipy.stats.dirichlet.{_fn}")(_dirichlet(_fn))


# --- multivariate_normal -------------------------------------------------------------


def _mvn(fn_name: str) -> Callable[[st.DrawFn], Case]:
    fn = getattr(stats.multivariate_normal, fn_name)

    def draw_case(draw: st.DrawFn) -> Case:
        dtype = draw(float_dtypes())
        d = draw(st.integers(1, 3))
        cov = draw(spd_matrices(d, dtype))
        mean = draw(float_arrays((d,), dtype, REAL))
        allow = draw(st.booleans())
        if draw(st.booleans()) and d > 1:  # a singular covariance B B^T of rank d - 1
            b = draw(float_arrays((d, d - 1), dtype, Domain(-1.5, 1.5)))
            b = np.asarray(b + 2.0 * np.eye(d, d - 1), dtype=dtype)  # well conditioned
            u = draw(float_arrays((2, d - 1), dtype, REAL))
            if fn_name == "entropy":
                return (lambda b: fn(None, b @ b.T)), (b,)
            # points on the distribution's subspace, mean + B u, wherever B moves
            return (lambda b, u, mean: fn(mean + u @ b.T, mean, b @ b.T, allow_singular=True)), (b, u, mean)
        if fn_name == "entropy":
            return (lambda cov: fn(None, cov)), (cov,)
        shape = draw(st.sampled_from([(d,), (2, d), (2, 1, d)]))
        x = draw(float_arrays(shape, dtype, REAL))
        return (lambda x, mean, cov: fn(x, mean, cov, allow_singular=allow)), (x, mean, cov)

    return draw_case


for _fn in ("logpdf", "pdf", "entropy"):
    composite(f"scipy.stats.multivariate_normal.{_fn}")(_mvn(_fn))


# --- the private primitives: the incomplete gamma and beta functions and Student's t
# cdf, differentiable in x and in their shapes -----------------------------------------


@_entry("stats_gammainc")
def _gammainc(draw: st.DrawFn) -> Case:
    sa, sx = draw(broadcastable_shapes(2, max_dims=2, max_side=3))
    a = draw(float_arrays(sa, None, Domain(0.6, 4.0)))
    x = draw(float_arrays(sx, None, Domain(0.3, 4.0)))
    upper = draw(st.booleans())
    return (lambda a, x: _util.gammainc(a, x, upper, "gamma.cdf:a")), (a, x)


@_entry("stats_betainc")
def _betainc(draw: st.DrawFn) -> Case:
    sa, sb, sx = draw(broadcastable_shapes(3, max_dims=2, max_side=3))
    a = draw(float_arrays(sa, None, Domain(1.2, 3.0)))
    b = draw(float_arrays(sb, None, Domain(1.2, 3.0)))
    x = draw(float_arrays(sx, None, Domain(0.2, 0.8)))
    return (lambda a, b, x: _util.betainc(a, b, x, "beta.cdf:a, b")), (a, b, x)


@_entry("stats_stdtr")
def _stdtr(draw: st.DrawFn) -> Case:
    sd, st_ = draw(broadcastable_shapes(2, max_dims=2, max_side=3))
    df = draw(float_arrays(sd, None, Domain(0.8, 6.0)))
    t = draw(float_arrays(st_, None, REAL))
    return (lambda df, t: _util.stdtr(df, t, "t.cdf:df")), (df, t)


@_entry("stats_gamma_data_logpdf")
def _gamma_data_logpdf(draw: st.DrawFn) -> Case:
    # the gamma log-density of constant data at scalar parameters (gamma.logpdf's
    # log-likelihood path); both parameters traced, or one of them
    dtype = draw(float_dtypes())
    d = draw(float_arrays(draw(shapes(max_dims=2, max_side=3)), dtype, POSITIVE_Z))
    a = draw(float_arrays((), dtype, Domain(0.6, 4.0)))
    s = draw(float_arrays((), dtype, SCALE))
    p = gamma_stats.data_logpdf_p
    which = draw(st.sampled_from(("both", "a", "scale")))
    if which == "a":
        return (lambda a: p(a, s, d, log_sum=gamma_stats.LogSum())), (a,)
    if which == "scale":
        return (lambda s: p(a, s, d, log_sum=gamma_stats.LogSum())), (s,)
    return (lambda a, s: p(a, s, d, log_sum=gamma_stats.LogSum())), (a, s)
