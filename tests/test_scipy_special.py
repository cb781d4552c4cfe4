"""fad.scipy.special: values, plain ``scipy.special`` calls on traced values, the
numerically delicate derivatives, errors and dtypes.

The property suite (tests/test_rules.py, from tests/_catalogue_scipy_special.py)
checks every primitive's rules at orders 1 and 2 in both modes on drawn inputs;
this file checks what it does not: that the values are SciPy's, that
``scipy.special.f(tracer)`` reaches fad (and only loads fad.scipy when it is
first needed), the tails where a naive derivative underflows or cancels, exact
values at special points, the errors for constant arguments given traced values,
and the functions and domains autograd's own SciPy tests cover.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from typing import Any, Callable

import numpy as np
import pytest
import scipy.special as sp
import scipy.stats

import fad
import fad.numpy as fnp
import fad.scipy.special as fsp
from fad.testing import check_grads

RNG = np.random.default_rng(0)
POS = np.array([0.4, 1.3, 2.7, 5.5])
GAMMA_X = np.array([-1.6, -0.5, 0.3, 1.0, 2.5, 7.0])
REAL_X = np.array([-2.5, -0.7, 0.0, 0.6, 1.9])
UNIT = np.array([0.05, 0.3, 0.5, 0.77, 0.95])
SIGNED = np.array([-3.0, -0.6, 0.6, 3.0])

# name -> the arguments of a call; ``None`` marks the traced one's position among them
CALLS: dict[str, tuple[Any, ...]] = {
    "gammaln": (GAMMA_X,), "gamma": (GAMMA_X,), "rgamma": (GAMMA_X,), "digamma": (GAMMA_X,),
    "psi": (GAMMA_X,), "beta": (POS, POS[::-1]), "betaln": (POS, POS[::-1]),
    "gammainc": (2.5, POS), "gammaincc": (np.array([0.5, 1.0, 2.0, 3.0]), POS),
    "betainc": (2.0, 3.5, UNIT), "betaincc": (0.5, 1.5, UNIT),
    "erf": (REAL_X,), "erfc": (REAL_X,), "erfcx": (REAL_X,), "erfinv": (UNIT * 2 - 1,),
    "erfcinv": (UNIT * 2,), "ndtr": (REAL_X,), "ndtri": (UNIT,), "log_ndtr": (REAL_X * 3,),
    "expit": (REAL_X,), "logit": (UNIT,), "xlogy": (REAL_X[:4], POS), "xlog1py": (REAL_X[:4], POS),
    "entr": (POS,), "rel_entr": (POS, POS[::-1]), "kl_div": (POS, POS[::-1]),
    "i0": (SIGNED,), "i0e": (SIGNED,), "i1": (SIGNED,), "i1e": (SIGNED,),
    "iv": (1.5, POS), "ive": (2, SIGNED), "j0": (REAL_X,), "j1": (REAL_X,),
    "jv": (2.5, POS), "jn": (3, REAL_X), "y0": (POS,), "y1": (POS,), "yn": (2, POS), "yv": (0.5, POS),
    "k0": (POS,), "k1": (POS,), "k0e": (POS,), "k1e": (POS,), "kv": (1.5, POS), "kve": (np.array([0, 1, 2, 3]), POS),
    "zeta": (2.5, POS), "loggamma": (POS,), "erfi": (REAL_X,), "dawsn": (REAL_X,), "ndtri_exp": (np.log(UNIT),),
    "log_expit": (REAL_X * 3,), "exp1": (POS,), "expi": (SIGNED,), "exp10": (REAL_X,),
    "expm1": (REAL_X,), "log1p": (POS - 0.3,), "exp2": (REAL_X,), "cbrt": (SIGNED,),
}
"""Every ufunc of fad.scipy.special's table (and its aliases), with arguments in
its domain; the traced argument is the last (the others are orders and shapes,
or, for the two-argument functions, also traced in the tests that say so)."""

FNP_NAMES = {"expm1", "log1p", "exp2", "cbrt", "i0", "i1"}
"""fad.scipy.special's names that are fad.numpy's functions (NumPy computes them)."""

UFUNCS = sorted(n for n in CALLS if isinstance(getattr(sp, n), np.ufunc))


def _split(name: str) -> tuple[tuple[Any, ...], np.ndarray]:
    *consts, x = CALLS[name]
    return tuple(consts), np.asarray(x, float)


# --- every name of the issue is here, and the ufunc table is complete -----------------

ISSUE = (
    "gammaln gamma rgamma digamma psi polygamma multigammaln beta betaln erf erfc erfinv "
    "erfcinv erfcx ndtr ndtri log_ndtr expit logit xlogy xlog1py entr rel_entr kl_div "
    "i0 i0e i1 i1e iv ive j0 j1 jn y0 y1 yn logsumexp softmax log_softmax gammainc gammaincc"
).split()


def test_every_name_of_the_issue_is_public() -> None:
    assert [n for n in ISSUE if n not in fsp.__all__] == []
    for n in fsp.__all__:
        assert callable(getattr(fsp, n)), n
        assert hasattr(sp, n), f"{n} is not SciPy's"


def test_every_ufunc_of_the_module_is_in_the_dispatch_table() -> None:
    for n in fsp.__all__:
        u = getattr(sp, n)
        if isinstance(u, np.ufunc):
            assert fsp.SCIPY.get(u) is getattr(fsp, n) or (n == "psi" and fsp.SCIPY[u] is fsp.digamma), n
    differentiable = set(fsp.__all__) - set(fsp.NOT_DIFFERENTIABLE)
    # (wofz, complex-valued, has its tests below, with the complex arguments)
    assert set(UFUNCS) | {"wofz"} == {n for n in differentiable if isinstance(getattr(sp, n), np.ufunc)}


# --- values are SciPy's ---------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CALLS))
def test_values_are_scipys_plain_and_traced(name: str) -> None:
    consts, x = _split(name)
    want = getattr(sp, name)(*consts, x)
    if name in FNP_NAMES:  # NumPy's own function: the same to rounding
        np.testing.assert_allclose(getattr(fsp, name)(*consts, x), want, rtol=5e-16, atol=0)
    else:
        np.testing.assert_array_equal(getattr(fsp, name)(*consts, x), want)
    out, _ = fad.jvp(lambda x: getattr(fsp, name)(*consts, x))((x,), (np.ones_like(x),))
    np.testing.assert_allclose(out, want, rtol=1e-14, atol=0)


def test_values_of_the_python_functions_are_scipys() -> None:
    x = RNG.normal(size=(3, 4))
    for axis in (None, 0, 1, (0, 1)):
        for keepdims in (False, True):
            np.testing.assert_allclose(
                fad.jvp(lambda x: fsp.logsumexp(x, axis=axis, keepdims=keepdims))((x,), (x,))[0],
                sp.logsumexp(x, axis=axis, keepdims=keepdims), rtol=1e-14,
            )
        np.testing.assert_allclose(fad.jvp(lambda x: fsp.softmax(x, axis=axis))((x,), (x,))[0], sp.softmax(x, axis=axis), rtol=1e-14)
        np.testing.assert_allclose(
            fad.jvp(lambda x: fsp.log_softmax(x, axis=axis))((x,), (x,))[0], sp.log_softmax(x, axis=axis), rtol=1e-13
        )
    for n in (0, 1, 3):
        np.testing.assert_allclose(fad.jvp(lambda x: fsp.polygamma(n, x))((POS,), (POS,))[0], sp.polygamma(n, POS), rtol=1e-14)
    a = np.array([2.0, 3.5])
    for d in (1, 2, 4):
        np.testing.assert_allclose(fad.jvp(lambda a: fsp.multigammaln(a, d))((a,), (a,))[0], sp.multigammaln(a, d), rtol=1e-13)


# --- plain scipy.special calls on traced values reach fad ----------------------------


@pytest.mark.parametrize("name", UFUNCS)
def test_scipy_ufuncs_on_traced_values_reach_fad_in_both_modes(name: str) -> None:
    consts, x = _split(name)
    plain = getattr(sp, name)
    ours = getattr(fsp, name)
    g_plain = fad.elementwise_grad(lambda x: plain(*consts, x))(x)
    np.testing.assert_array_equal(g_plain, fad.elementwise_grad(lambda x: ours(*consts, x))(x))
    _, t = fad.jvp(lambda x: plain(*consts, x))((x,), (np.ones_like(x),))
    np.testing.assert_allclose(t, g_plain, rtol=1e-13)
    h = 1e-6
    fd = (ours(*consts, x + h) - ours(*consts, x - h)) / (2 * h)
    np.testing.assert_allclose(g_plain, fd, rtol=1e-6, atol=1e-8)
    # the second derivative, through the plain call too
    gg = fad.elementwise_grad(fad.elementwise_grad(lambda x: plain(*consts, x)))(x)
    fd2 = (fad.elementwise_grad(lambda x: ours(*consts, x))(x + h) - fad.elementwise_grad(lambda x: ours(*consts, x))(x - h)) / (2 * h)
    np.testing.assert_allclose(gg, fd2, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", ["beta", "betaln", "xlogy", "xlog1py", "rel_entr", "kl_div"])
def test_scipy_ufuncs_of_two_traced_arguments(name: str) -> None:
    a, b = (np.asarray(v, float) for v in CALLS[name])
    plain, ours = getattr(sp, name), getattr(fsp, name)
    g = fad.grad(lambda a, b: fnp.sum(plain(a, b)), argnums=(0, 1))(a, b)
    want = fad.grad(lambda a, b: fnp.sum(ours(a, b)), argnums=(0, 1))(a, b)
    for got, w in zip(g, want):
        np.testing.assert_array_equal(got, w)
    check_grads(lambda a, b: plain(a, b), (a, b), order=2)


def test_a_scipy_ufunc_loads_fad_scipy_on_first_use_and_import_fad_does_not() -> None:
    code = (
        "import sys, numpy as np, fad\n"
        "print('scipy' in sys.modules)\n"
        "import scipy.special as sp\n"
        "print('fad.scipy.special' in sys.modules)\n"
        "print(float(fad.grad(sp.gammaln)(3.0)))\n"
        "print('fad.scipy.special' in sys.modules)\n"
        "print(float(fad.grad(lambda x: np.sin(x))(0.0)))\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False", repr(float(sp.digamma(3.0))), "True", "1.0"]


def test_scipy_ufunc_outer_on_traced_values() -> None:
    a, b = np.array([1.0, 2.0]), np.array([0.5, 1.5, 3.0])
    g = fad.grad(lambda b: fnp.sum(sp.xlogy.outer(a, b)))(b)
    np.testing.assert_allclose(g, a.sum() / b)


def test_a_scipy_ufunc_fad_lacks_is_named_as_scipys() -> None:
    with pytest.raises(TypeError) as info:
        fad.grad(lambda x: sp.spence(x))(1.0)
    msg = str(info.value)
    assert msg.startswith("scipy.special.spence is not supported on traced values"), msg
    assert "fad.scipy.special" in msg


def test_a_scipy_ufunc_method_fad_lacks_is_named_as_scipys() -> None:
    with pytest.raises(TypeError) as info:
        fad.grad(lambda x: fnp.sum(sp.xlogy.reduce(x)))(np.ones(2))
    assert str(info.value).startswith("scipy.special.xlogy.reduce is not supported"), str(info.value)


def test_boolean_and_piecewise_constant_scipy_ufuncs_are_constants() -> None:
    def f(x: Any) -> Any:
        s = sp.gammasgn(x)
        assert not fad.is_tracer(s)
        return fnp.sum(s * x)

    np.testing.assert_array_equal(fad.grad(f)(np.array([-0.5, 2.0])), [-1.0, 1.0])
    np.testing.assert_array_equal(fsp.gammasgn([-1.5, -0.5, 3.0]), sp.gammasgn([-1.5, -0.5, 3.0]))


# --- derivatives: identities, special points, tails -----------------------------------


def _d(f: Callable[[Any], Any], x: Any, n: int = 1) -> np.ndarray:
    for _ in range(n):
        f = fad.elementwise_grad(f)
    return np.asarray(f(np.asarray(x, float)))


def test_the_gamma_family_differentiates_into_itself() -> None:
    x = GAMMA_X
    np.testing.assert_allclose(_d(fsp.gammaln, x), sp.digamma(x), rtol=1e-14)
    np.testing.assert_allclose(_d(fsp.gammaln, x, 2), sp.polygamma(1, x), rtol=1e-13)
    np.testing.assert_allclose(_d(fsp.digamma, x, 3), sp.polygamma(3, x), rtol=1e-13)
    np.testing.assert_allclose(_d(fsp.gamma, x), sp.gamma(x) * sp.digamma(x), rtol=1e-13)
    np.testing.assert_allclose(_d(lambda x: fsp.polygamma(2, x), x, 2), sp.polygamma(4, x), rtol=1e-13)
    # jvp of the same, forward mode all the way
    _, t = fad.jvp(lambda x: fad.jvp(fsp.digamma)((x,), (np.ones_like(x),))[1])((x,), (np.ones_like(x),))
    np.testing.assert_allclose(t, sp.polygamma(2, x), rtol=1e-13)


def test_rgamma_has_its_finite_slope_at_the_poles_of_gamma() -> None:
    # 1/Gamma(x) near x = -n is (-1)^n n! (x + n) + ...
    n = np.arange(5.0)
    np.testing.assert_allclose(_d(fsp.rgamma, -n), (-1.0) ** n * sp.factorial(n), rtol=1e-14)
    # and higher derivatives there from its series: 1/Gamma(x) = x + gamma x^2 + ... at 0,
    # so rgamma''(-n) = -2 (-1)^n n! psi(n + 1)
    np.testing.assert_allclose(_d(fsp.rgamma, -n, 2), -2 * (-1.0) ** n * sp.factorial(n) * sp.digamma(n + 1), rtol=1e-13)
    for k in (2, 3):  # against central differences of the order below, across the pole
        h = 1e-5
        lower = lambda x: _d(fsp.rgamma, x, k - 1)  # noqa: E731
        np.testing.assert_allclose(_d(fsp.rgamma, -n, k), (lower(-n + h) - lower(-n - h)) / (2 * h), rtol=1e-6)
    check_grads(fsp.rgamma, (np.array([0.0, -1.0, -2.0, 0.7]),), order=2)
    # and its ordinary slope -rgamma * digamma elsewhere
    x = np.array([-2.5, -0.5, 0.5, 3.0])
    np.testing.assert_allclose(_d(fsp.rgamma, x), -sp.rgamma(x) * sp.digamma(x), rtol=1e-13)


def test_beta_derivatives() -> None:
    a, b = 2.5, 0.7
    ga, gb = fad.grad(fsp.betaln, argnums=(0, 1))(a, b)
    assert float(ga) == pytest.approx(sp.digamma(a) - sp.digamma(a + b), rel=1e-14)
    assert float(gb) == pytest.approx(sp.digamma(b) - sp.digamma(a + b), rel=1e-14)
    hab = fad.hessian(lambda v: fsp.betaln(v[0], v[1]))(np.array([a, b]))
    np.testing.assert_allclose(hab[0, 1], -sp.polygamma(1, a + b), rtol=1e-13)
    np.testing.assert_allclose(hab[0, 0], sp.polygamma(1, a) - sp.polygamma(1, a + b), rtol=1e-13)


def test_incomplete_gamma_and_beta_slopes() -> None:
    a, x = np.array([0.5, 1.0, 4.0]), np.array([0.3, 2.0, 6.0])
    dens = x ** (a - 1) * np.exp(-x) / sp.gamma(a)
    np.testing.assert_allclose(_d(lambda x: fsp.gammainc(a, x), x), dens, rtol=1e-13)
    np.testing.assert_allclose(_d(lambda x: fsp.gammaincc(a, x), x), -dens, rtol=1e-13)
    b, u = np.array([0.5, 2.0, 3.0]), np.array([0.2, 0.5, 0.9])
    bdens = u ** (a - 1) * (1 - u) ** (b - 1) / sp.beta(a, b)
    np.testing.assert_allclose(_d(lambda u: fsp.betainc(a, b, u), u), bdens, rtol=1e-13)
    np.testing.assert_allclose(_d(lambda u: fsp.betaincc(a, b, u), u), -bdens, rtol=1e-13)


def _fwd(f: Callable[[Any], Any], x: float, n: int) -> float:
    """The n-th derivative of f at x by nested JVPs (forward over forward)."""
    for _ in range(n):
        f = (lambda g: lambda x: fad.jvp(g)((x,), (np.ones_like(x),))[1])(f)
    return float(f(np.float64(x)))


B_05_2 = 1 / sp.beta(0.5, 2.0)
B_3_15 = 1 / sp.beta(3.0, 1.5)
INF = math.inf

# f, x at an end of the support, its derivatives of orders 1, 2, 3 there (from the slope
# x^(a-1) e^-x / Gamma(a) or x^(a-1) (1-x)^(b-1) / B(a, b) written out; inf where the
# one-sided derivative is infinite, None where it is not checked)
ENDS: list[tuple[str, Callable[[Any], Any], float, tuple[Any, ...]]] = [
    ("P(0.5)", lambda x: fsp.gammainc(0.5, x), 0.0, (INF, -INF, None)),
    ("P(1)", lambda x: fsp.gammainc(1.0, x), 0.0, (1.0, -1.0, 1.0)),       # 1 - e^-x
    ("P(1.5)", lambda x: fsp.gammainc(1.5, x), 0.0, (0.0, INF, None)),
    ("P(2)", lambda x: fsp.gammainc(2.0, x), 0.0, (0.0, 1.0, -2.0)),       # 1 - (1 + x) e^-x
    ("P(3)", lambda x: fsp.gammainc(3.0, x), 0.0, (0.0, 0.0, 1.0)),
    ("Q(2)", lambda x: fsp.gammaincc(2.0, x), 0.0, (0.0, -1.0, 2.0)),
    ("Q(1)", lambda x: fsp.gammaincc(1.0, x), 0.0, (-1.0, 1.0, -1.0)),
    ("I(2,2)@0", lambda x: fsp.betainc(2.0, 2.0, x), 0.0, (0.0, 6.0, -12.0)),  # 3x^2 - 2x^3
    ("I(2,2)@1", lambda x: fsp.betainc(2.0, 2.0, x), 1.0, (0.0, -6.0, -12.0)),
    ("I(1,3)@0", lambda x: fsp.betainc(1.0, 3.0, x), 0.0, (3.0, -6.0, 6.0)),   # 1 - (1-x)^3
    ("I(1,3)@1", lambda x: fsp.betainc(1.0, 3.0, x), 1.0, (0.0, 0.0, 6.0)),
    ("I(0.5,2)@0", lambda x: fsp.betainc(0.5, 2.0, x), 0.0, (INF, -INF, None)),
    ("I(0.5,2)@1", lambda x: fsp.betainc(0.5, 2.0, x), 1.0, (0.0, -B_05_2, None)),
    ("I(3,1.5)@1", lambda x: fsp.betainc(3.0, 1.5, x), 1.0, (0.0, -INF, None)),
    ("Ic(2,2)@1", lambda x: fsp.betaincc(2.0, 2.0, x), 1.0, (0.0, 6.0, 12.0)),
    ("Ic(3,1.5)@0", lambda x: fsp.betaincc(3.0, 1.5, x), 0.0, (0.0, 0.0, -2 * B_3_15)),
]


@pytest.mark.parametrize("name, f, x, want", ENDS, ids=[e[0] for e in ENDS])
def test_incomplete_gamma_and_beta_derivatives_at_the_ends_of_the_support(
    name: str, f: Callable[[Any], Any], x: float, want: tuple[Any, ...]
) -> None:
    # The slopes are exponentials of logarithms, whose derivative (a - 1) / x is
    # infinite at x = 0 where the slope's is not; at the ends they are written as powers.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for n, w in enumerate(want, start=1):
            if w is None:
                continue
            g: Callable[[Any], Any] = f
            for _ in range(n):
                g = fad.grad(g)
            for got in (float(g(x)), _fwd(f, x, n)):
                assert got == w if math.isinf(w) else got == pytest.approx(w, rel=1e-12, abs=1e-14), (n, got)
    # the value and the derivative away from the ends are unchanged, in one array
    xs = np.array([x, 0.25, 0.5])
    np.testing.assert_allclose(_d(f, xs)[1:], [_d(f, 0.25), _d(f, 0.5)], rtol=1e-14)


def test_error_function_inverses_by_the_inverse_function_rule() -> None:
    y = np.array([-0.999, -0.5, 0.0, 0.3, 0.99])
    x = sp.erfinv(y)
    np.testing.assert_allclose(_d(fsp.erfinv, y), 1 / (2 / math.sqrt(math.pi) * np.exp(-x * x)), rtol=1e-12)
    np.testing.assert_allclose(_d(fsp.erfcinv, 1 - y), -1 / (2 / math.sqrt(math.pi) * np.exp(-x * x)), rtol=1e-12)
    p = np.array([1e-10, 0.01, 0.5, 0.9])
    q = sp.ndtri(p)
    np.testing.assert_allclose(_d(fsp.ndtri, p), math.sqrt(2 * math.pi) * np.exp(q * q / 2), rtol=1e-12)
    # erfcx in the far tail, where e^(x^2) erfc(x) would be inf * 0
    x = np.array([-3.0, 0.0, 30.0, 1e4])
    np.testing.assert_allclose(_d(fsp.erfcx, x), 2 * x * sp.erfcx(x) - 2 / math.sqrt(math.pi), rtol=1e-9, atol=1e-300)
    assert np.all(np.isfinite(_d(fsp.erfcx, x, 2)))


def test_log_ndtr_derivative_is_accurate_in_both_tails() -> None:
    # phi / Phi: for x -> -inf it tends to -x (Mills ratio, DLMF 7.12.1); for x -> +inf to phi(x)
    x = np.array([-1e5, -40.0, -5.0, 0.0, 5.0, 40.0])
    want = np.sqrt(2 / np.pi) / sp.erfcx(-x / np.sqrt(2))
    got = _d(fsp.log_ndtr, x)
    np.testing.assert_allclose(got, want, rtol=1e-13)
    assert got[0] == pytest.approx(1e5, rel=1e-9)
    assert got[-1] == pytest.approx(np.exp(-800) / np.sqrt(2 * np.pi), rel=1e-12)
    # the second derivative, r' = -r (x + r), with r the first
    np.testing.assert_allclose(_d(fsp.log_ndtr, x, 2), -want * (x + want), rtol=1e-6, atol=1e-300)
    assert np.all(np.isfinite(_d(fsp.log_ndtr, x, 3)))


def test_expit_derivative_keeps_its_tails() -> None:
    x = np.array([-40.0, -3.0, 0.0, 3.0, 40.0, 800.0])
    want = sp.expit(x) * sp.expit(-x)
    np.testing.assert_allclose(_d(fsp.expit, x), want, rtol=1e-14)
    assert _d(fsp.expit, x)[4] > 0  # 1 - expit(40) would be 0
    np.testing.assert_allclose(_d(fsp.expit, x, 2), want * (1 - 2 * sp.expit(x)), rtol=1e-13, atol=1e-300)
    p = sp.expit(x[1:4])
    np.testing.assert_allclose(_d(fsp.logit, p), 1 / (p * (1 - p)), rtol=1e-12)


def test_xlogy_at_zero() -> None:
    gx, gy = fad.grad(fsp.xlogy, argnums=(0, 1))(0.0, 2.0)
    assert float(gx) == pytest.approx(math.log(2.0)) and float(gy) == 0.0
    with np.errstate(divide="ignore"):
        gx, gy = fad.grad(fsp.xlogy, argnums=(0, 1))(0.0, 0.0)
    assert float(gx) == -np.inf and float(gy) == 0.0  # x log 0 is -inf for every x != 0
    # on x = 0 (y != 0) the mixed derivative is 1/y: no constant branch hides it
    h = fad.hessian(lambda v: fsp.xlogy(v[0], v[1]))(np.array([0.0, 2.0]))
    np.testing.assert_allclose(h, [[0.0, 0.5], [0.5, 0.0]])
    h = fad.hessian(lambda v: fsp.xlog1py(v[0], v[1]))(np.array([0.0, 1.0]))
    np.testing.assert_allclose(h, [[0.0, 0.5], [0.5, 0.0]])
    assert float(fad.grad(fsp.xlog1py, argnums=1)(0.0, -1.0)) == 0.0


def test_entropies() -> None:
    x, y = np.array([0.3, 1.0, 2.0]), np.array([1.5, 0.5, 2.0])
    np.testing.assert_allclose(_d(fsp.entr, x), -(np.log(x) + 1), rtol=1e-14)
    gx, gy = fad.grad(lambda x, y: fnp.sum(fsp.rel_entr(x, y)), argnums=(0, 1))(x, y)
    np.testing.assert_allclose(gx, np.log(x / y) + 1, rtol=1e-13)
    np.testing.assert_allclose(gy, -x / y, rtol=1e-14)
    gx, gy = fad.grad(lambda x, y: fnp.sum(fsp.kl_div(x, y)), argnums=(0, 1))(x, y)
    np.testing.assert_allclose(gx, np.log(x / y), rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(gy, 1 - x / y, rtol=1e-14)


def test_bessel_recurrences() -> None:
    x = np.array([0.5, 2.0, 7.5])
    np.testing.assert_allclose(_d(fsp.j0, x), -sp.j1(x), rtol=1e-14)
    np.testing.assert_allclose(_d(fsp.j1, x), sp.j0(x) - sp.j1(x) / x, rtol=1e-12)
    np.testing.assert_allclose(_d(fsp.y0, x), -sp.y1(x), rtol=1e-14)
    np.testing.assert_allclose(_d(fsp.y1, x), sp.y0(x) - sp.y1(x) / x, rtol=1e-12)
    np.testing.assert_allclose(_d(fsp.i0, x), sp.i1(x), rtol=1e-13)
    for v in (0, 1, 2.5, 7):
        np.testing.assert_allclose(_d(lambda x: fsp.jv(v, x), x), sp.jvp(v, x), rtol=1e-12)
        np.testing.assert_allclose(_d(lambda x: fsp.jv(v, x), x, 2), sp.jvp(v, x, 2), rtol=1e-11)
        np.testing.assert_allclose(_d(lambda x: fsp.yv(v, x), x), sp.yvp(v, x), rtol=1e-12)
        np.testing.assert_allclose(_d(lambda x: fsp.iv(v, x), x, 2), sp.ivp(v, x, 2), rtol=1e-11)
    for n in (0, 1, 4):
        np.testing.assert_allclose(_d(lambda x: fsp.yn(n, x), x, 2), sp.yvp(n, x, 2), rtol=1e-11)


def test_scaled_bessel_functions_stay_finite_where_unscaled_ones_overflow() -> None:
    x = np.array([-800.0, -3.0, 0.7, 800.0])
    s = np.sign(x)
    np.testing.assert_allclose(_d(fsp.i0e, x), sp.i1e(x) - s * sp.i0e(x), rtol=1e-12)
    np.testing.assert_allclose(_d(fsp.i1e, x), sp.i0e(x) - sp.i1e(x) / x - s * sp.i1e(x), rtol=1e-10)
    for v in (0, 1, 2.5):
        want = 0.5 * (sp.ive(v - 1, x[2:]) + sp.ive(v + 1, x[2:])) - sp.ive(v, x[2:])
        np.testing.assert_allclose(_d(lambda x: fsp.ive(v, x), x[2:]), want, rtol=1e-12)
    assert np.all(np.isfinite(_d(fsp.i1e, x, 2))) and np.all(np.isfinite(_d(fsp.i0e, x, 3)))
    assert float(fad.grad(fsp.i1e)(0.0)) == 0.5


def test_modified_bessel_functions_of_the_second_kind() -> None:
    x = np.array([0.3, 2.0, 9.0])
    for v in (0, 1, 2.5):
        np.testing.assert_allclose(_d(lambda x: fsp.kv(v, x), x), sp.kvp(v, x), rtol=1e-12)
        np.testing.assert_allclose(_d(lambda x: fsp.kv(v, x), x, 2), sp.kvp(v, x, 2), rtol=1e-11)
        np.testing.assert_allclose(_d(lambda x: fsp.kve(v, x), x), (sp.kvp(v, x) + sp.kv(v, x)) * np.exp(x), rtol=1e-12)
    np.testing.assert_allclose(_d(fsp.k0, x), -sp.k1(x), rtol=1e-14)
    np.testing.assert_allclose(_d(fsp.k1, x, 2), sp.kvp(1, x, 2), rtol=1e-11)
    np.testing.assert_allclose(_d(fsp.k0e, x), sp.k0e(x) - sp.k1e(x), rtol=1e-13)
    # far out, where K underflows and the scaled functions do not
    big = np.array([800.0])
    assert np.isfinite(_d(fsp.k1e, big, 2)).all() and _d(fsp.k1e, big)[0] < 0


def test_more_functions_derivatives() -> None:
    x = np.array([-2.0, -0.3, 0.4, 3.0])
    np.testing.assert_allclose(_d(fsp.erfi, x), 2 / math.sqrt(math.pi) * np.exp(x * x), rtol=1e-14)
    np.testing.assert_allclose(_d(fsp.dawsn, x), 1 - 2 * x * sp.dawsn(x), rtol=1e-12)
    np.testing.assert_allclose(_d(fsp.log_expit, x), sp.expit(-x), rtol=1e-14)
    assert _d(fsp.log_expit, np.array([-800.0]))[0] == 1.0
    np.testing.assert_allclose(_d(fsp.softplus, x), sp.expit(x), rtol=1e-14)
    p = np.abs(x)
    np.testing.assert_allclose(_d(fsp.exp1, p), -np.exp(-p) / p, rtol=1e-14)
    np.testing.assert_allclose(_d(fsp.expi, x), np.exp(x) / x, rtol=1e-14)
    np.testing.assert_allclose(_d(fsp.loggamma, p), sp.digamma(p), rtol=1e-14)
    np.testing.assert_allclose(_d(fsp.exp10, x), math.log(10) * 10.0**x, rtol=1e-14)
    # ndtri_exp: exp(t) / phi(y), also where exp(t) underflows
    t = np.array([-1e4, -50.0, -2.0, -0.01])
    y = sp.ndtri_exp(t)
    want = np.exp(t + y * y / 2) * math.sqrt(2 * math.pi)
    np.testing.assert_allclose(_d(fsp.ndtri_exp, t), want, rtol=1e-9)
    assert np.all(np.isfinite(_d(fsp.ndtri_exp, t, 2)))


def test_logsumexp_derivative_is_the_softmax() -> None:
    x = RNG.normal(size=(3, 4))
    np.testing.assert_allclose(fad.grad(fsp.logsumexp)(x), sp.softmax(x), rtol=1e-14)
    g = fad.grad(lambda x: fnp.sum(fsp.logsumexp(x, axis=1)))(x)
    np.testing.assert_allclose(g, sp.softmax(x, axis=1), rtol=1e-14)
    # huge entries: no overflow
    big = np.array([1000.0, 1000.0, -1000.0])
    np.testing.assert_allclose(fad.grad(fsp.logsumexp)(big), [0.5, 0.5, 0.0])
    # weights: d/da = b e^(a - y), d/db = e^(a - y)
    b = np.array([0.5, 2.0, 1.0])
    a = np.array([0.1, -0.3, 0.7])
    y = sp.logsumexp(a, b=b)
    ga, gb = fad.grad(lambda a, b: fsp.logsumexp(a, b=b), argnums=(0, 1))(a, b)
    np.testing.assert_allclose(ga, b * np.exp(a - y), rtol=1e-14)
    np.testing.assert_allclose(gb, np.exp(a - y), rtol=1e-14)
    # a term of weight 0 does not count, even at +inf
    val, gz = fad.value_and_grad(lambda a: fsp.logsumexp(a, b=np.array([1.0, 0.0])))(np.array([0.0, np.inf]))
    assert float(val) == 0.0 and list(gz) == [1.0, 0.0]
    # return_sign with a negative sum
    bn = np.array([1.0, -5.0, 1.0])
    (v, sgn) = fsp.logsumexp(a, b=bn, return_sign=True)
    (vs, ss) = sp.logsumexp(a, b=bn, return_sign=True)
    assert float(v) == pytest.approx(float(vs), rel=1e-14) and float(sgn) == float(ss) == -1.0
    g = fad.grad(lambda a: fsp.logsumexp(a, b=bn, return_sign=True)[0])(a)
    s = np.sum(bn * np.exp(a))
    np.testing.assert_allclose(g, bn * np.exp(a) / s, rtol=1e-13)


def test_logsumexp_derivative_in_a_zero_weight_is_not_zero() -> None:
    # d/db_i log sum_j b_j e^(a_j) = e^(a_i - y), also where b_i = 0: the term adds
    # nothing to the value (SciPy's) but its weight still moves it.
    a = np.array([[0.3, 1.7, -0.4], [2.0, -1.0, 0.5]])
    b = np.array([[1.0, 0.0, 2.0], [0.0, 0.5, 0.0]])
    y = sp.logsumexp(a, b=b, axis=1, keepdims=True)
    ga, gb = fad.grad(lambda a, b: fnp.sum(fsp.logsumexp(a, b=b, axis=1)), argnums=(0, 1))(a, b)
    np.testing.assert_allclose(gb, np.exp(a - y), rtol=1e-14)
    np.testing.assert_allclose(ga, b * np.exp(a - y), rtol=1e-14)
    check_grads(lambda a, b: fsp.logsumexp(a, b=b, axis=1), (a, b), order=2)
    # where e^(a - m) overflows (a zero-weight term far above the others): the value is
    # still SciPy's, the derivative in that weight e^(a - y) overflows to inf, not nan
    for big in (1000.0, 1e300, np.inf):
        a2, b2 = np.array([0.0, big, 1.0]), np.array([1.0, 0.0, 1.0])
        with np.errstate(over="ignore"):
            v, g = fad.value_and_grad(lambda b: fsp.logsumexp(a2, b=b))(b2)
        assert float(v) == pytest.approx(float(sp.logsumexp(a2, b=b2)), rel=1e-15)
        np.testing.assert_allclose(g, [np.exp(-v), np.inf, np.exp(1 - v)], rtol=1e-14)
        np.testing.assert_array_equal(fad.grad(lambda a: fsp.logsumexp(a, b=b2))(a2)[1], 0.0)
    # a nan a of weight 0 does not count (SciPy's convention)
    a3, b3 = np.array([0.0, np.nan]), np.array([1.0, 0.0])
    assert float(fsp.logsumexp(a3, b=b3)) == 0.0
    with_sign = fad.value_and_grad(lambda b: fsp.logsumexp(a, b=b, return_sign=True)[0])(-b)
    want, _ = sp.logsumexp(a, b=-b, return_sign=True)
    assert float(with_sign[0]) == pytest.approx(float(want), rel=1e-14)
    np.testing.assert_allclose(with_sign[1], -np.exp(a - want), rtol=1e-14)


def test_softmax_jacobian_and_log_softmax() -> None:
    x = np.array([0.3, -1.2, 2.0])
    s = sp.softmax(x)
    np.testing.assert_allclose(fad.jacfwd(fsp.softmax)(x), np.diag(s) - np.outer(s, s), rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(fad.jacrev(fsp.log_softmax)(x), np.eye(3) - s[None, :], rtol=1e-13, atol=1e-16)
    check_grads(lambda x: fsp.softmax(x, axis=0), (RNG.normal(size=(3, 2)),), order=2)


# --- errors: constant arguments -----------------------------------------------------


@pytest.mark.parametrize(
    "call, name, what",
    [
        (lambda t: fsp.jv(t, 2.0), "jv", "the order v"),
        (lambda t: sp.jv(t, 2.0), "jv", "the order v"),
        (lambda t: sp.jn(t, 2.0), "jv", "the order v"),
        (lambda t: sp.yn(t, 2.0), "yn", "the order n"),
        (lambda t: sp.yv(t, 2.0), "yv", "the order v"),
        (lambda t: sp.iv(t, 2.0), "iv", "the order v"),
        (lambda t: sp.ive(t, 2.0), "ive", "the order v"),
        (lambda t: fsp.polygamma(t, 2.0), "polygamma", "the order n"),
        (lambda t: sp.gammainc(t, 2.0), "gammainc", "the shape a"),
        (lambda t: fsp.gammaincc(t, 2.0), "gammaincc", "the shape a"),
        (lambda t: sp.betainc(t, 1.0, 0.5), "betainc", "the parameter a"),
        (lambda t: sp.betainc(1.0, t, 0.5), "betainc", "the parameter b"),
        (lambda t: fsp.multigammaln(2.0, t), "multigammaln", "the dimension d"),
        (lambda t: sp.zeta(t, 2.0), "zeta", "the exponent x"),
    ],
)
def test_a_traced_constant_argument_is_a_clear_error(call: Callable[[Any], Any], name: str, what: str) -> None:
    with pytest.raises(TypeError) as info:
        fad.grad(call)(1.0)
    msg = str(info.value)
    assert msg.startswith(f"fad.scipy.special.{name} (and scipy.special.{name} on traced values): {what}"), msg
    assert "stop_gradient" in msg


def test_invalid_constant_arguments() -> None:
    with pytest.raises(ValueError, match="non-negative integer"):
        fsp.polygamma(-1, 2.0)
    with pytest.raises(ValueError, match="non-negative integer"):
        fsp.polygamma(1.5, 2.0)
    with pytest.raises(ValueError, match="must be an integer"):
        fsp.yn(1.5, 2.0)
    with pytest.raises(ValueError, match="greater than"):
        fad.grad(lambda a: fsp.multigammaln(a, 3))(0.9)
    # an integer-valued float order is fine
    assert float(fad.grad(lambda x: fsp.polygamma(1.0, x))(2.0)) == pytest.approx(sp.polygamma(2, 2.0))


# --- dtypes -------------------------------------------------------------------------


X_DTYPE = {"jv", "jn", "yv", "yn", "iv", "ive", "kv", "kve", "zeta"}
"""The functions of an order (or exponent) whose value is in x's floating dtype."""


@pytest.mark.parametrize("name", sorted(CALLS))
def test_float32_stays_float32(name: str) -> None:
    consts, x = _split(name)
    # (a float64 array next to float32 promotes, as NumPy does: make the others float32 too)
    consts = tuple(c.astype(np.float32) if isinstance(c, np.ndarray) and c.dtype == np.float64 else c for c in consts)
    x32 = x.astype(np.float32)
    fn = getattr(fsp, name)
    out, t = fad.jvp(lambda x: fn(*consts, x))((x32,), (np.ones_like(x32),))
    # the value's dtype is SciPy's (float64 for gammainc's Python shape, as SciPy's loops
    # resolve it), but x's for the functions of an order, which document it (SciPy gives
    # float64 for yn's Python int and kve's integer array); the tangent's is the value's,
    # the cotangent's the argument's
    want = np.float32 if name in X_DTYPE else np.asarray(getattr(sp, name)(*consts, x32)).dtype
    assert want == (np.float64 if name == "gammainc" else np.float32)
    assert np.asarray(out).dtype == want and np.asarray(t).dtype == want
    assert np.asarray(fn(*consts, x32)).dtype == want
    g = fad.grad(lambda x: fnp.sum(fn(*consts, x)))(x32)
    assert g.dtype == np.float32
    gg = fad.elementwise_grad(fad.elementwise_grad(lambda x: fn(*consts, x)))(x32)
    assert gg.dtype == np.float32


X32 = np.array([0.4, 1.3, 2.7], np.float32)
MIXED: list[tuple[str, Callable[[Any], Any], Callable[[Any], Any]]] = [
    (f"{n}({args})", (lambda n, k: lambda x: getattr(fsp, n)(*((x, k) if first else (k, x))))(n, k),
     (lambda n, k: lambda x: getattr(sp, n)(*((x, k) if first else (k, x))))(n, k))
    for n in ("betaln", "beta", "xlogy", "xlog1py", "rel_entr", "kl_div")
    for k in (0.5, 2)
    for first, args in ((True, f"x32, {k!r}"), (False, f"{k!r}, x32"))
] + [
    ("gammainc(2.5, x32)", lambda x: fsp.gammainc(2.5, x), lambda x: sp.gammainc(2.5, x)),
    ("gammaincc(2, x32)", lambda x: fsp.gammaincc(2, x), lambda x: sp.gammaincc(2, x)),
    ("betainc(2.0, 3.5, x32)", lambda x: fsp.betainc(2.0, 3.5, x / 3), lambda x: sp.betainc(2.0, 3.5, x / 3)),
    ("jv(2.5, x32)", lambda x: fsp.jv(2.5, x), lambda x: sp.jv(2.5, x)),
    ("zeta(2.5, x32)", lambda x: fsp.zeta(2.5, x), lambda x: sp.zeta(2.5, x)),
    ("logsumexp(x32, b=0.5)", lambda x: fsp.logsumexp(x, b=0.5), lambda x: sp.logsumexp(x, b=0.5)),
    ("logsumexp(0.5, b=x32)", lambda x: fsp.logsumexp(0.5, b=x), lambda x: sp.logsumexp(0.5, b=x)),
]


@pytest.mark.parametrize("name, f, plain", MIXED, ids=[m[0] for m in MIXED])
def test_a_float32_array_and_a_python_number_give_scipys_dtype(
    name: str, f: Callable[[Any], Any], plain: Callable[[Any], Any]
) -> None:
    # A Python number is weak in NumPy's promotion (NEP 50), but SciPy's ufuncs resolve
    # their loops in order: betaln, beta, xlogy, xlog1py and gammainc list float64 first
    # and give float64, rel_entr and kl_div float32 first and keep float32. fad gives
    # SciPy's dtype, untraced and traced alike; the cotangent keeps the argument's.
    want = np.asarray(plain(X32)).dtype
    assert np.asarray(f(X32)).dtype == want
    out, pullback = fad.vjp(f)(X32)
    assert np.asarray(out).dtype == want
    (xbar,) = pullback(np.ones_like(out))
    assert xbar.dtype == np.float32
    _, t = fad.jvp(f)((X32,), (np.ones_like(X32),))
    assert np.asarray(t).dtype == want


def test_float32_of_the_python_functions() -> None:
    x = np.array([[0.75, 1.5], [2.0, 3.0]], np.float32)
    for f in (fsp.logsumexp, fsp.softmax, fsp.log_softmax, lambda x: fsp.multigammaln(x, 2), lambda x: fsp.polygamma(2, x)):
        assert fad.grad(lambda x: fnp.sum(f(x)))(x).dtype == np.float32


# --- what autograd's SciPy tests differentiate ---------------------------------------
# (autograd's tests/test_scipy.py: the same functions over the same domains; fad checks
# order 2 in both modes, where autograd checks reverse mode)

U = RNG.uniform
SQ = RNG.normal(size=4) ** 2
ORDERS = U(1.0, 50.0, 4)
WEIGHTS = np.exp(RNG.normal(size=(3, 4)))

AUTOGRAD: dict[str, tuple[Callable[..., Any], tuple[Any, ...]]] = {
    "beta": (fsp.beta, (SQ + 1.1, SQ[::-1] + 1.1)),
    "betaln": (fsp.betaln, (SQ + 1.1, SQ[::-1] + 1.1)),
    "betainc": (lambda x: fsp.betainc(SQ + 1.1, SQ[::-1] + 1.1, x), (U(0.05, 0.95, 4),)),
    "gammainc": (lambda x: fsp.gammainc(1, x), (SQ + 1.3,)),
    "gammaincc": (lambda x: fsp.gammaincc(1, x), (SQ + 1.3,)),
    "polygamma": (lambda x: fsp.polygamma(0, x), (SQ + 1.3,)),
    "jn": (lambda x: fsp.jn(2, x), (SQ + 1.3,)),
    "yn": (lambda x: fsp.yn(2, x), (SQ + 1.3,)),
    "iv": (lambda x: fsp.iv(ORDERS, x), (SQ + 1.3,)),
    "ive": (lambda x: fsp.ive(ORDERS, x), (SQ + 1.3,)),
    "multigammaln": (lambda a: fsp.multigammaln(a, 3), (U(4.0, 5.0, (2, 3)),)),
    **{n: (getattr(fsp, n), (U(0.3, 2.0, 5),)) for n in ("psi", "digamma", "gamma", "gammaln", "rgamma")},
    **{n: (getattr(fsp, n), (U(0.2, 20.0, 5),)) for n in ("j0", "j1", "y0", "y1", "i0", "i1")},
    "erf": (fsp.erf, (U(-3.0, 3.0, 5),)),
    "erfc": (fsp.erfc, (U(-3.0, 3.0, 5),)),
    "erfinv": (fsp.erfinv, (U(-0.95, 0.95, 5),)),
    "erfcinv": (fsp.erfcinv, (U(0.05, 1.95, 5),)),
    "logit": (fsp.logit, (U(0.1, 0.9, 5),)),
    "expit": (fsp.expit, (U(-4.05, 4.95, 5),)),
    "logsumexp_b": (lambda a: fsp.logsumexp(a, b=WEIGHTS, axis=1), (RNG.normal(size=(3, 4)),)),
    "logsumexp_keepdims": (lambda a: fsp.logsumexp(a, axis=1, keepdims=True), (RNG.normal(size=(1, 5)),)),
    "logsumexp_3d": (lambda a: fsp.logsumexp(a, axis=0), (RNG.normal(size=(4, 5, 6)),)),
}


@pytest.mark.parametrize("name", sorted(AUTOGRAD))
def test_what_autograd_differentiates(name: str) -> None:
    fn, args = AUTOGRAD[name]
    check_grads(fn, tuple(np.asarray(a, float) for a in args), order=2)
    # and through the plain SciPy ufunc where there is one
    plain = getattr(sp, name, None)
    if isinstance(plain, np.ufunc) and name not in ("iv", "ive", "jn", "yn", "gammainc", "gammaincc", "betainc"):
        check_grads(lambda *xs: plain(*xs), tuple(np.asarray(a, float) for a in args), order=1)


def test_grad_of_grad_of_logsumexp_with_keepdims() -> None:
    x = RNG.normal(size=(1, 5))

    def f(a: Any) -> Any:
        return fsp.logsumexp(a, axis=1, keepdims=True)

    check_grads(lambda a: fad.grad(lambda a: fnp.sum(f(a)))(a), (x,), order=1)


# --- SciPy's functions written in Python: a clear error naming fad's -------------------


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda x: sp.logsumexp(x), "logsumexp"),
        (lambda x: fnp.sum(sp.polygamma(1, x)), "polygamma"),
        (lambda x: fnp.sum(sp.softmax(x)), "softmax"),
        (lambda x: fnp.sum(sp.multigammaln(x + 3.0, 2)), "multigammaln"),
    ],
)
def test_scipys_python_functions_on_traced_values_point_to_fad_scipy(call: Callable[[Any], Any], name: str) -> None:
    with pytest.raises(TypeError) as info:
        fad.grad(call)(np.ones(3))
    msg = str(info.value)
    assert msg.startswith(f"scipy.special.{name} converted a traced value to a NumPy array"), msg
    assert f"Call fad.scipy.special.{name} instead" in msg, msg


def test_a_scipy_python_function_fad_lacks_is_named() -> None:
    with pytest.raises(TypeError) as info:
        fad.grad(lambda x: fnp.sum(sp.factorial(x)))(np.ones(2))
    msg = str(info.value)
    assert msg.startswith("scipy.special.factorial converted a traced value to a NumPy array"), msg
    assert "fad.scipy.special has no factorial" in msg, msg


def test_scipys_zeta_reaches_fad_through_its_private_ufunc() -> None:
    q = np.array([0.5, 1.0, 3.0])
    np.testing.assert_allclose(fad.elementwise_grad(lambda q: sp.zeta(3.0, q))(q), -3 * sp.zeta(4.0, q), rtol=1e-14)
    np.testing.assert_allclose(_d(lambda q: sp.zeta(2.0, q), q, 2), 6 * sp.zeta(4.0, q), rtol=1e-13)
    with pytest.raises(TypeError, match=r"fad.scipy.special.zeta \(and scipy.special.zeta on traced values\): the exponent x"):
        fad.grad(lambda x: sp.zeta(x))(2.0)


# --- complex arguments ----------------------------------------------------------------
# The functions SciPy defines on complex values take complex traced values too, through
# both routes; the holomorphic ones have the complex derivative f'(z) as their JVP's
# factor (JAX's convention, docs/complex.md).

Z = np.array([0.7 + 0.4j, 1.3 - 0.9j, 2.1 + 1.6j])
ZS = np.array([-1.3 + 0.5j, 0.6 - 0.8j, 1.1 + 1.2j])  # both half planes (entire functions, integer orders)
COMPLEX_CALLS: dict[str, tuple[Any, ...]] = {
    "erf": (ZS,), "erfc": (ZS,), "erfcx": (Z,), "erfi": (ZS,), "dawsn": (ZS,), "wofz": (ZS,),
    "ndtr": (ZS,), "log_ndtr": (Z,), "gamma": (Z,), "loggamma": (Z,), "rgamma": (ZS,),
    "digamma": (Z,), "psi": (Z,), "exp1": (Z,), "expi": (Z,), "xlogy": (ZS[::-1], Z),
    "xlog1py": (ZS[::-1], Z), "iv": (1.5, Z), "jv": (2, ZS), "jn": (1, ZS), "yv": (0.5, Z),
    "kv": (1.5, Z), "kve": (np.array([0, 1, 2]), Z), "ive": (2, ZS),
}
"""Every function of fad.scipy.special that takes complex values (its ``COMPLEX``,
and the aliases ``psi``, ``jn``), with complex arguments off cuts and poles."""


def test_the_complex_functions_are_scipys_complex_ufuncs() -> None:
    assert set(fsp.COMPLEX) | {"psi", "jn"} == set(COMPLEX_CALLS)
    for n in COMPLEX_CALLS:
        assert any("D" in t for t in getattr(sp, n).types), n  # SciPy has a complex loop


@pytest.mark.parametrize("name", sorted(COMPLEX_CALLS))
def test_complex_values_reach_fad_through_both_routes(name: str) -> None:
    *consts, z = COMPLEX_CALLS[name]
    plain, ours = getattr(sp, name), getattr(fsp, name)
    want = plain(*consts, z)
    for f in (plain, ours):
        out, t = fad.jvp(lambda z: f(*consts, z))((z,), (np.ones_like(z),))
        np.testing.assert_array_equal(out, want)
        if name == "ive":  # not holomorphic (e^(-|Re z|)): checked by check_grads below
            continue
        h = 1e-6  # holomorphic: the JVP along 1 is f'(z), a derivative along any direction
        for step in (h, 1j * h):
            fd = (plain(*consts, z + step) - plain(*consts, z - step)) / (2 * step)
            np.testing.assert_allclose(t, fd, rtol=1e-7, atol=1e-9)
    check_grads(lambda z: plain(*consts, z), (z,), order=2)


@pytest.mark.parametrize("dt", [np.complex64, np.complex128])
def test_complex_dtypes_are_kept(dt: Any) -> None:
    z = Z.astype(dt)
    for name in ("erf", "gamma", "digamma", "log_ndtr"):
        y, pull = fad.vjp(getattr(sp, name))(z)
        assert y.dtype == getattr(sp, name)(z).dtype == dt, name
        assert pull(np.ones_like(y))[0].dtype == dt, name
    assert fad.jvp(lambda z: sp.jv(np.array([0, 1, 2]), z))((z,), (z,))[1].dtype == dt


@pytest.mark.parametrize("name", ["erf", "erfc"])
def test_erf_and_erfc_of_complex_values_as_autograds_scipy_tests_differentiate_them(name: str) -> None:
    # autograd's tests/test_scipy.py checks erf and erfc with test_complex=True on [-3, 3]
    z = U(-3.0, 3.0, 6) + 1j * U(-1.0, 1.0, 6)
    check_grads(getattr(fsp, name), (z,), order=2)
    check_grads(lambda z: getattr(sp, name)(z), (z,), order=2)
    sign = 1 if name == "erf" else -1
    g = fad.grad(lambda z: fnp.sum(getattr(sp, name)(z)), holomorphic=True)(z)
    np.testing.assert_allclose(g, sign * 2 / np.sqrt(np.pi) * np.exp(-z * z), rtol=1e-14)


def test_second_derivative_of_complex_digamma_is_psi_2() -> None:
    # digamma' = polygamma(1) and digamma'' = polygamma(2) on complex values (SciPy's
    # polygamma is real only: fad sums its series), against differences of SciPy's psi
    z = np.array([0.6 + 0.3j, -1.4 + 0.7j, 3.0 - 2.0j, 25.0 + 1.0j])
    d1 = fad.jvp(sp.psi)((z,), (np.ones_like(z),))[1]
    d2 = fad.jvp(lambda z: fad.jvp(sp.psi)((z,), (np.ones_like(z),))[1])((z,), (np.ones_like(z),))[1]
    h = 1e-5
    np.testing.assert_allclose(d1, (sp.psi(z + h) - sp.psi(z - h)) / (2 * h), rtol=1e-8)
    d1h = [fad.jvp(sp.psi)((z + s,), (np.ones_like(z),))[1] for s in (h, -h)]
    np.testing.assert_allclose(d2, (d1h[0] - d1h[1]) / (2 * h), rtol=1e-8)
    # the reflection formula psi'(1 - z) + psi'(z) = pi^2 / sin^2(pi z) (DLMF 5.15.6)
    d1r = fad.jvp(sp.psi)((1 - z,), (np.ones_like(z),))[1]
    np.testing.assert_allclose(d1 + d1r, np.pi**2 / np.sin(np.pi * z) ** 2, rtol=1e-12)
    # on the real axis: SciPy's polygamma
    x = np.array([0.3, 1.7, -2.4, 5.0, 40.0]).astype(complex)
    for n in (1, 2, 3):
        np.testing.assert_allclose(fsp._polygamma_any(np.asarray(n), x).real, sp.polygamma(n, x.real), rtol=1e-14)


def test_functions_scipy_defines_for_real_values_only_refuse_complex_ones() -> None:
    z = np.array([0.3 + 0.2j, 0.6 - 0.1j])
    for name in ("expit", "logit", "log_expit", "ndtri", "erfinv", "i0e", "k0", "beta", "entr", "polygamma"):
        for route in ("fad.scipy.special", "scipy.special"):
            f = getattr(fsp if route.startswith("fad") else sp, name)
            if name == "polygamma":
                call = lambda z, f=f: f(1, z)  # noqa: E731
            elif name == "beta":
                call = lambda z, f=f: f(z, z)  # noqa: E731
            else:
                call = f
            if route == "scipy.special" and not isinstance(f, np.ufunc):
                continue
            with pytest.raises(TypeError) as info:
                fad.vjp(call)(z)
            assert f"scipy.special.{name}" in str(info.value), (name, route, str(info.value))
    with pytest.raises(TypeError, match=r"scipy\.special\.gammaln .* use scipy\.special\.loggamma"):
        fad.vjp(sp.gammaln)(z)


def test_xlogy_point_at_the_pole_with_a_zero_cotangent_contributes_nothing() -> None:
    # d/dx xlogy(x, 0) is log 0 = -inf; a point whose cotangent (or tangent) is 0 must
    # contribute 0 to a reduction, not 0 * -inf = nan (seen through gamma.logpdf with a
    # point at 0: the general path's gradient in the shape was nan).
    from fad.scipy.stats import gamma

    x = np.array([0.0, 1.0])
    g = fad.grad(lambda a: gamma.logpdf(x, a)[1])(2.0)
    h = 1e-6
    want = (scipy.stats.gamma.logpdf(1.0, 2.0 + h) - scipy.stats.gamma.logpdf(1.0, 2.0 - h)) / (2 * h)
    np.testing.assert_allclose(g, want, rtol=1e-6)
    for f, pole, log in ((fsp.xlogy, 0.0, np.log), (fsp.xlog1py, -1.0, np.log1p)):
        y = np.array([pole, 2.0])
        assert fad.grad(lambda a: f(a, y)[1])(1.5) == pytest.approx(log(2.0))
        assert fad.grad(lambda a: f(a, y)[0])(1.5) == -np.inf  # the point itself: log 0
        _, t = fad.jvp(lambda a: f(a, y))((np.ones(2),), (np.array([0.0, 1.0]),))
        np.testing.assert_allclose(t, [0.0, log(2.0)])
        # a row of parameters broadcast over a (2, 3) grid with poles in its first row
        grid = np.array([[pole, 2.0, pole], [3.0, 2.0, 4.0]])
        g = fad.grad(lambda a: fnp.sum(f(a, grid)[1]))(np.array([1.5, 0.5, 2.0]))
        np.testing.assert_allclose(g, log(grid[1]))


@pytest.mark.parametrize("kw", [{}, {"axis": 0}, {"axis": 1, "keepdims": True}, {"axis": (0, 1)}])
def test_logsumexp_of_complex_values_is_scipys_and_holomorphic(kw: dict[str, Any]) -> None:
    rng = np.random.default_rng(1)
    a = rng.normal(size=(3, 4)) + 1j * rng.normal(size=(3, 4))
    got, _ = fad.vjp(lambda a: fsp.logsumexp(a, **kw))(a)
    np.testing.assert_allclose(got, sp.logsumexp(a, **kw), rtol=1e-12)
    assert np.shape(got) == np.shape(sp.logsumexp(a, **kw))
    check_grads(lambda a: fsp.logsumexp(a, **kw), (a,))
    col = a[:, 0]
    np.testing.assert_allclose(fad.grad(fsp.logsumexp, holomorphic=True)(col), sp.softmax(col), rtol=1e-12)
    with pytest.raises(TypeError, match="without b= and return_sign="):
        fad.vjp(lambda a: fsp.logsumexp(a, b=np.ones(4), axis=-1))(a)
