"""Parity with autograd's scipy tests: everything ``autograd.scipy`` differentiates
in its test suite (tests/test_scipy.py of HIPS/autograd), fad.scipy
differentiates too, on the same kinds of inputs and in the same arguments, at
orders 1 and 2, in reverse mode (all autograd checks) and in forward mode
(which autograd's scipy tests mostly leave out).

One table, one row per (function, inputs, differentiated arguments); the
inputs are drawn as autograd draws them (standard normals ``R``, uniforms
``U``, ``R**2 + 1.1`` for positive parameters). Rows whose argument lists
autograd combines (its ``combo_check``) are expanded here into every
combination. The registry suite (tests/test_rules.py) and the per-module test
files check the same functions more broadly (hypothesis draws, float32,
SciPy's values); this file pins the cases a user coming from autograd runs.
"""

from __future__ import annotations

import itertools
from typing import Any, Callable, Sequence

import numpy as np
import pytest

import fad.numpy as fnp
import fad.scipy.integrate as integrate
import fad.scipy.linalg as spla
import fad.scipy.signal as signal
import fad.scipy.special as special
from fad.scipy import stats
from fad.testing import check_grads

mvn = stats.multivariate_normal

_rng = np.random.default_rng(1)


def R(*shape: int) -> Any:
    """Standard normals (autograd's ``npr.randn``)."""
    return _rng.standard_normal(shape)


def U(lo: float, hi: float, shape: Any = ()) -> Any:
    """Uniforms on ``[lo, hi)`` (autograd's ``npr.uniform``)."""
    return _rng.uniform(lo, hi, shape)


def pos(*shape: int) -> Any:
    """A positive parameter, ``R**2 + 1.1``."""
    return R(*shape) ** 2 + 1.1


def symmetrized(fun: Callable[..., Any], argnum: int) -> Callable[..., Any]:
    """``fun`` with its argument ``argnum`` (a matrix) replaced by its symmetric part."""

    def f(*args: Any, **kwargs: Any) -> Any:
        a = list(args)
        a[argnum] = 0.5 * (a[argnum] + fnp.swapaxes(a[argnum], -1, -2))
        return fun(*a, **kwargs)

    return f


def psd(m: Any) -> Any:
    return m.T @ m + np.eye(m.shape[0])


Params = list[Any]
CASES: dict[str, Params] = {}


def case(group: str, name: str, fun: Callable[..., Any], args: Sequence[Any], argnums: Sequence[int],
         marks: Any = (), **kwargs: Any) -> None:
    """A row: ``fun(*args, **kwargs)`` differentiated in the arguments ``argnums``
    (all of them at once: the random directions move them together)."""
    fixed = list(args)

    def f(*xs: Any) -> Any:
        full = list(fixed)
        for i, x in zip(argnums, xs):
            full[i] = x
        return fun(*full, **kwargs)

    CASES.setdefault(group, []).append(
        pytest.param(f, tuple(fixed[i] for i in argnums), id=name, marks=marks))


def combos(group: str, name: str, fun: Callable[..., Any], arg_lists: Sequence[Sequence[Any]],
           argnums: Sequence[int], marks: Any = (), **kwarg_lists: Sequence[Any]) -> None:
    """Every combination of the argument (and keyword) candidates, as autograd's ``combo_check``."""
    keys = list(kwarg_lists)
    for n, combo in enumerate(itertools.product(*arg_lists, *(kwarg_lists[k] for k in keys))):
        args, kw = combo[:len(arg_lists)], dict(zip(keys, combo[len(arg_lists):]))
        label = ",".join(f"{k}={v}" for k, v in kw.items())
        case(group, f"{name}-{n}" + (f"-{label}" if label else ""), fun, args, argnums, marks, **kw)


# --- stats -------------------------------------------------------------------------------

for fn in ("pdf", "cdf", "logpdf"):
    combos("stats", f"chi2.{fn}", getattr(stats.chi2, fn), [[pos(4)], [1, 2, 3]], [0])
    combos("stats", f"gamma.{fn}", getattr(stats.gamma, fn), [[pos(4)], [pos(4)]], [0] if fn == "cdf" else [0, 1])
    combos("stats", f"beta.{fn}", getattr(stats.beta, fn), [[U(0.0, 1.0, 4)], [pos(4)], [pos(4)]],
           [0] if fn == "cdf" else [0, 1, 2])

for fn in ("pdf", "cdf", "sf", "logpdf", "logcdf", "logsf"):
    case("stats", f"norm.{fn}", getattr(stats.norm, fn), [R(4), R(4), pos(4)], [0, 1, 2])
    case("stats", f"norm.{fn}-broadcast", getattr(stats.norm, fn), [R(4, 3), R(1, 3), pos(4, 1)], [0, 1, 2])
for fn in ("ppf", "isf"):
    case("stats", f"norm.{fn}", getattr(stats.norm, fn), [U(0.05, 0.95, 4), R(4), pos(4)], [0, 1, 2])
    case("stats", f"norm.{fn}-broadcast", getattr(stats.norm, fn),
         [U(0.05, 0.95, (4, 3)), R(1, 3), pos(4, 1)], [0, 1, 2])

for fn in ("cdf", "logpmf", "pmf"):  # in the rate; the counts are constants
    case("stats", f"poisson.{fn}", getattr(stats.poisson, fn), [np.round(R(4) ** 2), pos(4)], [1])
    case("stats", f"poisson.{fn}-broadcast", getattr(stats.poisson, fn), [np.round(R(4, 3) ** 2), pos(4, 1)], [1])

for fn in ("pdf", "cdf", "logpdf", "logcdf"):
    t_argnums = [0, 2] if "cdf" in fn else [0, 1, 2, 3]  # autograd: the cdfs in x and loc only
    case("stats", f"t.{fn}", getattr(stats.t, fn), [R(4), R(4) ** 2 + 2.1, R(4), R(4) ** 2 + 2.1], t_argnums)
    case("stats", f"t.{fn}-broadcast", getattr(stats.t, fn),
         [R(4, 3), R(1, 3) ** 2 + 2.1, R(4, 3), R(4, 1) ** 2 + 2.1], t_argnums)
    # beyond autograd: the cdfs in df and scale too
    if "cdf" in fn:
        case("stats", f"t.{fn}-all-arguments", getattr(stats.t, fn),
             [R(4), R(4) ** 2 + 2.1, R(4), R(4) ** 2 + 2.1], [0, 1, 2, 3])

for fn in ("pdf", "logpdf"):
    f = symmetrized(getattr(mvn, fn), 2)
    case("stats", f"multivariate_normal.{fn}", f, [R(4), R(4), psd(R(4, 4))], [0, 1, 2], allow_singular=False)
    case("stats", f"multivariate_normal.{fn}-batch", f, [R(5, 4), R(4), psd(R(4, 4))], [0, 1, 2])
case("stats", "multivariate_normal.entropy", symmetrized(mvn.entropy, 1), [10 * R(4), psd(R(4, 4))], [0, 1])

_sing_cov = np.diag([1.0, 1.0, 0.0, 0.0])


def _singular(fn: Callable[..., Any]) -> Callable[..., Any]:
    """autograd's singular-covariance check: x moves only along the first two
    coordinates (the variance of the last two is zero)."""

    def f(x: Any, mean: Any, cov: Any) -> Any:
        x = fnp.concatenate([x[:2], mean[2:]])
        return symmetrized(fn, 2)(x, mean, cov, allow_singular=True)

    return f


for fn in ("pdf", "logpdf"):
    case("stats", f"multivariate_normal.{fn}-singular", _singular(getattr(mvn, fn)),
         [np.concatenate((R(2), np.zeros(2))), np.concatenate((R(2), np.zeros(2))), _sing_cov], [0, 1])

_alpha = _rng.random(4) ** 2 + 1.2
_x = stats.dirichlet.rvs(_alpha, size=1, random_state=_rng)[0, :]  # autograd's test samples with the module's rvs


def _normalized(fn: Callable[..., Any]) -> Callable[..., Any]:
    """x divided by its sum, so that it stays on the simplex when perturbed."""
    return lambda x, alpha: fn(x / fnp.sum(x), alpha)


for fn in ("pdf", "logpdf"):
    case("stats", f"dirichlet.{fn}-x", _normalized(getattr(stats.dirichlet, fn)), [_x, _alpha], [0])
    case("stats", f"dirichlet.{fn}-alpha", getattr(stats.dirichlet, fn), [_x, _alpha], [1])


# --- special -----------------------------------------------------------------------------

lse = special.logsumexp
combos("special", "logsumexp1", lse, [[np.array([1.1]), R(4), R(3, 4)]], [0], axis=[None, 0], keepdims=[True, False])
combos("special", "logsumexp2", lse, [[R(3, 4), R(4, 5, 6), R(1, 5)]], [0], axis=[None, 0, 1],
       keepdims=[True, False])
combos("special", "logsumexp3", lse, [[R(4)]], [0], b=[np.exp(R(4))], axis=[None, 0], keepdims=[True, False])
combos("special", "logsumexp4", lse, [[R(3, 4)]], [0], b=[np.exp(R(3, 4))], axis=[None, 0, 1],
       keepdims=[True, False])
combos("special", "logsumexp5", lse, [[R(2, 3, 4)]], [0], b=[np.exp(R(2, 3, 4))], axis=[None, 0, 1],
       keepdims=[True, False])
case("special", "logsumexp6", lse, [R(1, 5)], [0], axis=1, keepdims=True)  # order 2 is autograd's grad-of check

for fn in ("beta", "betaln"):
    case("special", fn, getattr(special, fn), [pos(4), pos(4)], [0, 1])
case("special", "betainc", special.betainc, [pos(4), pos(4), U(0.0, 1.0, 4)], [2])
for fn, const in (("gammainc", 1), ("gammaincc", 1), ("polygamma", 0), ("jn", 2), ("yn", 2)):
    case("special", fn, getattr(special, fn), [const, R(4) ** 2 + 1.3], [1])
for fn in ("iv", "ive"):
    case("special", fn, getattr(special, fn), [U(1.0, 50.0, 4), R(4) ** 2 + 1.3], [1])
    # beyond autograd: orders up to 50 make most values tiny (1e-50); small orders too
    case("special", f"{fn}-small-orders", getattr(special, fn), [U(0.0, 3.0, 4), R(4) ** 2 + 1.3], [1])
combos("special", "multigammaln", special.multigammaln, [[U(4.0, 5.0), U(4.0, 5.0, (2, 3))], [1, 2, 3]], [0])


def _within(lims: tuple[float, float], u: Any) -> Any:
    return lims[0] + (lims[1] - lims[0]) * np.asarray(u)


UNARY = {
    "psi": (0.3, 2.0), "digamma": (0.3, 2.0), "gamma": (0.3, 2.0), "gammaln": (0.3, 2.0),
    "gammasgn": (0.3, 2.0), "rgamma": (0.3, 2.0),
    "j0": (0.2, 20.0), "j1": (0.2, 20.0), "y0": (0.2, 20.0), "y1": (0.2, 20.0), "i0": (0.2, 20.0),
    "i1": (0.2, 20.0),
    "erf": (-3.0, 3.0), "erfc": (-3.0, 3.0), "erfinv": (-0.95, 0.95), "erfcinv": (0.05, 1.95),
    "logit": (0.1, 0.9), "expit": (-4.05, 4.95),
}
for fn, lims in UNARY.items():
    # autograd's unary_ufunc_check: a scalar, a vector, and two matrices inside the limits
    for label, x in (("scalar", _within(lims, 0.4)), ("vector", _within(lims, U(0, 1, 2))),
                     ("matrix", _within(lims, U(0, 1, (3, 2)))), ("row", _within(lims, U(0, 1, (1, 2))))):
        case("special", f"{fn}-{label}", getattr(special, fn), [x], [0])
    if fn in ("erf", "erfc"):  # autograd checks these at complex points too
        case("special", f"{fn}-complex-scalar", getattr(special, fn),
             [_within(lims, 0.4) + 0.1j * _within(lims, 0.3)], [0])
        case("special", f"{fn}-complex-matrix", getattr(special, fn),
             [_within(lims, U(0, 1, (3, 2))) + 0.1j * U(0, 1, (3, 2))], [0])


# --- signal ------------------------------------------------------------------------------

combos("signal", "convolve", signal.convolve, [[R(4), R(5), R(6)], [R(2), R(3), R(4)]], [0, 1],
       mode=["full", "valid", "same"])
combos("signal", "convolve_2d", signal.convolve, [[R(4, 3), R(5, 4), R(6, 7)], [R(2, 2), R(3, 2), R(4, 2), R(4, 1)]],
       [0, 1], mode=["full", "valid", "same"])


# --- integrate ---------------------------------------------------------------------------


def _dynamics(y: Any, t: Any, arg1: Any, arg2: Any) -> Any:
    return -fnp.sqrt(t) - y + arg1 - fnp.mean((y + arg2) ** 2)


def _odeint_args_tuple(y0: Any, t: Any, args: Any) -> Any:
    # autograd's (and SciPy's) call: the extra arguments as one tuple, the fourth positional argument
    return integrate.odeint(_dynamics, y0, t, args)


_ODE = [R(3), np.linspace(0.1, 0.2, 4), (R(3), R(3))]
case("integrate", "odeint-args-tuple", _odeint_args_tuple, _ODE, [0, 1, 2])
# the same solve with the extra arguments passed as SciPy's keyword args=
case("integrate", "odeint-args-keyword",
     lambda y0, t, args: integrate.odeint(_dynamics, y0, t, args=args), _ODE, [0, 1, 2])


# --- linalg ------------------------------------------------------------------------------

case("linalg", "sqrtm-symmetrized", symmetrized(spla.sqrtm, 0), [R(3, 3)], [0])
# autograd's first sqrtm test (shadowed in its file by the second): a non-symmetric matrix,
# here with a negative real eigenvalue (its root is complex)
case("linalg", "sqrtm", spla.sqrtm, [R(3, 3)], [0])
case("linalg", "solve_sylvester", spla.solve_sylvester, [R(3, 3), R(3, 3), R(3, 3)], [0, 1, 2])
case("linalg", "solve_banded", spla.solve_banded, [(1, 1), R(3, 5), R(5)], [1, 2])
# beyond autograd's test file: the other solvers autograd.scipy.linalg exports
for lower in (True, False):
    for trans in (0, 1):
        case("linalg", f"solve_triangular-lower={lower}-trans={trans}",
             lambda a, b, lower=lower, trans=trans: spla.solve_triangular(
                 fnp.tril(a) if lower else fnp.triu(a), b, trans=trans, lower=lower),
             [R(3, 3) + 3 * np.eye(3), R(3, 2)], [0, 1])
    case("linalg", f"cho_solve-lower={lower}",
         lambda a, b, lower=lower: spla.cho_solve(spla.cho_factor(0.5 * (a + a.T), lower=lower), b),
         [psd(R(3, 3)), R(3)], [0, 1])


@pytest.mark.parametrize("f, xs", CASES["stats"])
def test_stats(f: Callable[..., Any], xs: tuple[Any, ...]) -> None:
    check_grads(f, xs, order=2, modes=("fwd", "rev"))


@pytest.mark.parametrize("f, xs", CASES["special"])
def test_special(f: Callable[..., Any], xs: tuple[Any, ...]) -> None:
    check_grads(f, xs, order=2, modes=("fwd", "rev"))


@pytest.mark.parametrize("f, xs", CASES["signal"])
def test_signal(f: Callable[..., Any], xs: tuple[Any, ...]) -> None:
    check_grads(f, xs, order=2, modes=("fwd", "rev"))


@pytest.mark.parametrize("f, xs", CASES["integrate"])
def test_integrate(f: Callable[..., Any], xs: tuple[Any, ...]) -> None:
    check_grads(f, xs, order=2, modes=("fwd", "rev"))


@pytest.mark.parametrize("f, xs", CASES["linalg"])
def test_linalg(f: Callable[..., Any], xs: tuple[Any, ...]) -> None:
    check_grads(f, xs, order=2, modes=("fwd", "rev"))


_AXES_CASES = [
    # autograd's test_convolve_ignore and test_convolve_ignore_dot combinations
    *[((4, 3), (3, 2), ax, None) for ax in
      [([0], [0]), ([1], [1]), ([0], [1]), ([1], [0]), ([0, 1], [0, 1]), ([1, 0], [1, 0])]],
    ((3, 3, 2), (3, 2, 3), ([1], [1]), ([0], [2])),
    ((3, 3, 2), (3, 2, 3), ([1], [1]), ([0], [0])),
]


@pytest.mark.parametrize("mode", ["full", "valid", "same"])
@pytest.mark.parametrize("sa, sb, axes, dot_axes", _AXES_CASES)
def test_convolve_axes_and_dot_axes(sa: Any, sb: Any, axes: Any, dot_axes: Any, mode: str) -> None:
    """autograd's extension of convolve (convolution along chosen axes, contraction
    along others), in both operands, both modes, order 2."""
    a, b = R(*sa), R(*sb)
    kw: dict[str, Any] = {"axes": axes, "mode": mode}
    if dot_axes is not None:
        kw["dot_axes"] = dot_axes
    check_grads(lambda a, b: signal.convolve(a, b, **kw), (a, b), order=2, modes=("fwd", "rev"))
