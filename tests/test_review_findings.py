"""Regression tests from the review of custom_jvp/custom_vjp/checkpoint,
make_graph and fad.scipy (session 4).

Each test asserts the correct behaviour (SciPy's values, JAX's documented
semantics, or finite differences of the undecorated function) at a point where
fad once gave a wrong number or an unhelpful error; all of them were fixed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import scipy.linalg
import scipy.special

import fad
import fad.numpy as fnp
from fad.scipy import integrate as fint
from fad.scipy import linalg as flinalg
from fad.scipy import special as fspecial

RNG = np.random.default_rng(20261201)


def _fd_grad(f: Any, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g


# ---------------------------------------------------------------------------
# wrong numbers


def test_logsumexp_weight_gradient_is_not_zero_where_the_weight_is_zero() -> None:
    # d/db_i log(sum_j b_j e^{a_j}) = e^{a_i - lse}, also at b_i = 0 (JAX and finite
    # differences of SciPy agree); fad gives 0 there.
    a = np.array([0.0, 0.5])
    b = np.array([1.0, 0.0])
    got = fad.grad(lambda b: fspecial.logsumexp(a, b=b))(b)
    fd = _fd_grad(lambda b: scipy.special.logsumexp(a, b=b), b)
    np.testing.assert_allclose(got, fd, rtol=1e-6)
    np.testing.assert_allclose(got, np.exp(a - scipy.special.logsumexp(a, b=b)), rtol=1e-12)


def test_logsumexp_weight_tangent_is_not_zero_where_the_weight_is_zero() -> None:
    a = np.array([0.0, 0.5])
    b = np.array([1.0, 0.0])
    _, tangent = fad.jvp(lambda b: fspecial.logsumexp(a, b=b))((b,), (np.array([0.0, 1.0]),))
    assert np.isclose(tangent, np.exp(0.5))


@pytest.mark.parametrize(
    "f, args, want",
    [
        # P(2, x) = 1 - (1 + x) e^-x: P'' = (1 - x) e^-x, 1 at x = 0
        (fspecial.gammainc, (2.0, 0.0), 1.0),
        (fspecial.gammaincc, (2.0, 0.0), -1.0),
        # I(2, 2, x) = 3x^2 - 2x^3: I'' = 6 - 12x, 6 at 0 and -6 at 1
        (fspecial.betainc, (2.0, 2.0, 0.0), 6.0),
        (fspecial.betainc, (2.0, 2.0, 1.0), -6.0),
    ],
)
def test_incomplete_gamma_and_beta_second_derivative_at_the_end_of_the_support(
    f: Any, args: tuple[float, ...], want: float
) -> None:
    # The first derivatives are right there (x^(a-1) e^-x / Gamma(a) = 0 at x = 0 for a > 1),
    # but the slope is written exp(xlogy(a - 1, x) - ...), whose derivative in x is
    # exp(...) * (a - 1) / x = 0 * inf = nan at x = 0 (and at x = 1 for betainc's
    # xlog1py(b - 1, -x)). Finite one-sided values (1e-300 gives them) become nan.
    k = len(args) - 1
    got = float(fad.grad(fad.grad(f, argnums=k), argnums=k)(*args))
    assert np.isclose(got, want), got


@pytest.mark.parametrize("assume_a", ["her", "hermitian"])
def test_solve_assume_hermitian_reads_one_triangle_as_scipy(assume_a: str) -> None:
    # SciPy: for a real matrix 'her' is 'sym': only the `lower` (else upper) triangle is
    # read. fad sends 'her' to the general LU solve, so the value differs from SciPy's.
    a = RNG.normal(size=(4, 4)) + 4 * np.eye(4)
    b = RNG.normal(size=4)
    for lower in (False, True):
        want = scipy.linalg.solve(a, b, assume_a=assume_a, lower=lower)
        got = fad.value_and_grad(lambda b: fnp.sum(flinalg.solve(a, b, assume_a=assume_a, lower=lower)))(b)[0]
        assert np.isclose(got, want.sum()), (lower, got, want.sum())


def test_solve_assume_hermitian_gradient_is_on_the_read_triangle() -> None:
    # even for a symmetric matrix: SciPy's solve does not depend on the unread triangle,
    # so its derivative there is 0 (fad.scipy.linalg.solve(assume_a='sym') agrees).
    s = RNG.normal(size=(4, 4))
    s = s @ s.T + 4 * np.eye(4)
    b = RNG.normal(size=4)
    w = RNG.normal(size=4)
    got = fad.grad(lambda a: fnp.sum(w * flinalg.solve(a, b, assume_a="her")))(s)
    fd = _fd_grad(lambda a: np.sum(w * scipy.linalg.solve(a, b, assume_a="her")), s)
    np.testing.assert_allclose(got, fd, atol=1e-6)


@pytest.mark.parametrize("assume_a", ["diagonal", "tridiagonal"])
def test_solve_assume_diagonal_or_tridiagonal_reads_only_those_bands(assume_a: str) -> None:
    # SciPy 1.17 documents 'diagonal' and 'tridiagonal' structures whose solvers read only
    # those bands; fad sends them to the general LU solve of the whole matrix.
    a = RNG.normal(size=(4, 4)) + 4 * np.eye(4)
    b = RNG.normal(size=4)
    want = scipy.linalg.solve(a, b, assume_a=assume_a)
    got = fad.value_and_grad(lambda b: fnp.sum(flinalg.solve(a, b, assume_a=assume_a)))(b)[0]
    assert np.isclose(got, want.sum())
    g = fad.grad(lambda a: fnp.sum(flinalg.solve(a, b, assume_a=assume_a)))(a)
    fd = _fd_grad(lambda a: np.sum(scipy.linalg.solve(a, b, assume_a=assume_a)), a)
    np.testing.assert_allclose(g, fd, atol=1e-6)


def test_solve_refuses_an_unknown_assume_a_as_scipy() -> None:
    # SciPy: ValueError("foo is not a recognized matrix structure"); fad silently runs LU,
    # so a misspelt structure ('postive definite') is never noticed under a transform.
    a = 2 * np.eye(3)
    b = np.ones(3)
    with pytest.raises(ValueError):
        scipy.linalg.solve(a, b, assume_a="foo")
    with pytest.raises(ValueError, match="foo"):
        fad.grad(lambda b: fnp.sum(flinalg.solve(a, b, assume_a="foo")))(b)


def test_sqrtm_derivative_at_a_singular_matrix_is_not_a_silent_finite_number() -> None:
    # The docstring: the derivative exists for a nonsingular A only. At diag(1, 0) the
    # derivative of sqrt(a22) is infinite; fad returns 4.5e15, the garbage of a singular
    # Sylvester solve, with no error (DESIGN: never a silently wrong derivative).
    a = np.diag([1.0, 0.0])
    try:
        g = fad.grad(lambda a: fnp.sum(flinalg.sqrtm(a)))(a)
    except (ValueError, np.linalg.LinAlgError, ArithmeticError):
        return  # an error saying the derivative does not exist there is fine
    assert not np.isfinite(g[1, 1]), g


# ---------------------------------------------------------------------------
# JAX's semantics of custom rules


def test_custom_jvp_rule_gets_defaulted_arguments() -> None:
    # JAX resolves every call with inspect.signature(...).bind + apply_defaults, so the rule
    # always sees (x, y), whether y was passed or defaulted. fad passes the defaults only
    # when some keyword argument was given; here the rule gets a 1-tuple and fails to unpack.
    @fad.custom_jvp
    def f(x: Any, y: Any = 3.0) -> Any:
        return x * y

    @f.defjvp
    def f_jvp(primals: Any, tangents: Any) -> Any:
        (x, y), (xd, yd) = primals, tangents
        return f(x, y), xd * y + x * yd

    assert float(fad.grad(f)(2.0)) == 3.0
    assert float(fad.grad(lambda x: f(x, y=3.0))(2.0)) == 3.0  # works today


def test_custom_vjp_rule_gets_defaulted_arguments() -> None:
    @fad.custom_vjp
    def f(x: Any, y: Any = 3.0) -> Any:
        return x * y

    f.defvjp(lambda x, y=3.0: (x * y, (x, y)), lambda r, g: (g * r[1], g * r[0]))
    assert float(fad.grad(lambda x: f(x, y=3.0))(2.0)) == 3.0  # works today: bwd returns 2
    assert float(fad.grad(f)(2.0)) == 3.0  # fails: the same bwd must now return 1


def test_custom_jvp_rule_may_return_none_for_one_output_tangent() -> None:
    # docs/custom-derivatives.md: "It may return `None` as a tangent (a zero)". With two
    # outputs, a None for the integer one's tangent is refused as a structure mismatch
    # ((*, None) against (*, *)), and nothing says how to write that zero instead.
    @fad.custom_jvp
    def sin_and_argmax(x: Any) -> Any:
        return fnp.sin(x), fnp.argmax(x)

    @sin_and_argmax.defjvp
    def rule(primals: Any, tangents: Any) -> Any:
        (x,), (xd,) = primals, tangents
        return sin_and_argmax(x), (fnp.cos(x) * xd, None)

    x = np.array([0.3, 0.9])
    np.testing.assert_allclose(fad.grad(lambda x: fnp.sum(sin_and_argmax(x)[0]))(x), np.cos(x))


def test_custom_jvp_tangent_of_the_wrong_shape_names_the_function() -> None:
    # A rule whose tangent does not fit the output (here (2,) for a scalar) fails deep in
    # broadcasting ("cannot broadcast a non-scalar to a scalar array"); custom_vjp's bwd
    # gets a message naming the function and both shapes, custom_jvp's rule should too.
    @fad.custom_jvp
    def total(x: Any) -> Any:
        return fnp.sum(x)

    @total.defjvp
    def rule(primals: Any, tangents: Any) -> Any:
        (x,), (xd,) = primals, tangents
        return total(x), xd  # wrong: should be fnp.sum(xd)

    x = np.array([1.0, 2.0])
    for run in (lambda: fad.grad(total)(x), lambda: fad.jvp(total)((x,), (np.ones(2),))):
        with pytest.raises((TypeError, ValueError)) as info:
            run()
        assert "total" in str(info.value), str(info.value)


# ---------------------------------------------------------------------------
# float32


def test_odeint_keeps_float32() -> None:
    # DESIGN: float32 stays float32 (JAX's odeint keeps the state's dtype); fad returns
    # float64 values (its gradients are cast back to float32, the values are not).
    y0 = np.array([1.0, 0.5], np.float32)
    t = np.array([0.0, 0.5, 1.0], np.float32)

    def decay(y: Any, t: Any, k: Any) -> Any:
        return -k * y

    assert fint.odeint(decay, y0, t, np.float32(0.5)).dtype == np.float32
    value, grad = fad.value_and_grad(lambda y: fnp.sum(fint.odeint(decay, y, t, np.float32(0.5))))(y0)
    assert grad.dtype == np.float32  # true today
    assert np.asarray(value).dtype == np.float32


# ---------------------------------------------------------------------------
# errors


def test_odeint_adjoint_failure_says_it_is_the_reverse_mode_solve() -> None:
    # The forward solve and forward mode succeed on this stiff problem; only the adjoint's
    # backward re-integration of y (unstable backwards in time) fails. The error blames
    # mxstep/tolerances as if odeint itself had failed; it should say that the gradient's
    # backward solve failed and that forward mode (jvp, jacfwd) works.
    t = np.array([0.0, 0.5, 1.0])

    def relax(y: Any, t: Any, k: Any) -> Any:
        return -k * (y - fnp.cos(t))

    fint.odeint(relax, 1.0, t, 1000.0)  # fine
    fad.jacfwd(lambda k: fint.odeint(relax, 1.0, t, k))(1000.0)  # fine
    with pytest.raises(RuntimeError) as info:
        fad.grad(lambda k: fint.odeint(relax, 1.0, t, k)[-1])(1000.0)
    message = str(info.value)
    assert "adjoint" in message or "reverse" in message, message
    assert "jacfwd" in message or "jvp" in message, message


def test_scipy_lambertw_on_a_traced_value_names_scipy_special_lambertw() -> None:
    # The error names "the ufunc _lambertw" (SciPy's private ufunc behind the Python
    # function the user called) and points to NumPy's coverage list.
    with pytest.raises(TypeError) as info:
        fad.grad(lambda x: fnp.sum(scipy.special.lambertw(x).real))(np.array([0.3]))
    message = str(info.value)
    assert "scipy.special.lambertw" in message, message
    assert "_lambertw" not in message.replace("scipy.special.lambertw", ""), message


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda a: flinalg.cholesky(a), "scipy.linalg.cholesky"),
        (lambda a: flinalg.cho_factor(a, lower=True)[0], "scipy.linalg.cho_factor"),
        (lambda a: flinalg.solve(a, np.ones(2), assume_a="pos"), "scipy.linalg.solve"),
    ],
)
def test_scipy_linalg_not_positive_definite_error_names_the_function_called(call: Any, name: str) -> None:
    # The message says "np.linalg.cholesky: Matrix is not positive definite" whichever of
    # fad.scipy.linalg's functions was called (standards: name the function the user called).
    not_pd = np.array([[1.0, 2.0], [2.0, 1.0]])
    with pytest.raises(np.linalg.LinAlgError) as info:
        fad.grad(lambda a: fnp.sum(call(a)))(not_pd)
    message = str(info.value)
    assert name in message, message
    assert "np.linalg.cholesky" not in message, message


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda a, b: flinalg.solve_triangular(a, b), "solve_triangular"),
        (lambda a, b: flinalg.cho_solve((a, True), b), "cho_solve"),
        (lambda a, b: flinalg.solve(a, b, assume_a="pos"), "solve"),
    ],
)
def test_scipy_linalg_wrong_right_hand_side_error_names_the_function_and_shape(call: Any, name: str) -> None:
    # "shapes of a (2, 2) and b (3, 1) are incompatible": no function named, and b's shape
    # is not the one the user passed ((3,)).
    with pytest.raises(ValueError) as info:
        fad.grad(lambda a: fnp.sum(call(a, np.ones(3))))(np.eye(2))
    message = str(info.value)
    assert f"scipy.linalg.{name}" in message, message
    assert "(3,)" in message, message
