"""fad.scipy.integrate.odeint: values, derivatives in both modes and to second order, errors.

Derivatives are checked against closed forms (exponential decay, a linear
system y' = A y, whose solution is expm(A t) y0) and against central
differences of ``scipy.integrate.odeint`` itself at tight tolerances
(Lotka-Volterra). The adjoint and sensitivity solves are only as accurate as
the tolerances ask, so the comparisons allow a few times those.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import scipy.integrate as si
import scipy.linalg as sl

import fad
import fad.numpy as fnp
from fad.scipy.integrate import odeint
from fad.testing import check_grads

TIGHT = dict(rtol=1e-11, atol=1e-11)


def decay(y: Any, t: Any, k: Any) -> Any:
    return -k * y


def lotka_volterra(y: Any, t: Any, theta: Any) -> Any:
    a, b, c, d = theta[0], theta[1], theta[2], theta[3]
    return fnp.stack([a * y[0] - b * y[0] * y[1], -c * y[1] + d * y[0] * y[1]])


def lv_numpy(y: Any, t: Any, theta: Any) -> Any:
    a, b, c, d = theta
    return np.array([a * y[0] - b * y[0] * y[1], -c * y[1] + d * y[0] * y[1]])


def central(f: Any, x: Any, eps: float = 1e-5) -> Any:
    """d f / d x by central differences: shape f(x).shape + x.shape."""
    x = np.asarray(x, np.float64)
    cols = []
    for i in range(x.size):
        e = np.zeros(x.size)
        e[i] = eps
        e = e.reshape(x.shape)
        cols.append((f(x + e) - f(x - e)) / (2 * eps))
    return np.moveaxis(np.array(cols), 0, -1).reshape(np.shape(f(x)) + x.shape)


# --- values ---------------------------------------------------------------------------------


def test_values_are_scipys() -> None:
    y0, t, theta = np.array([1.0, 0.5]), np.linspace(0.0, 3.0, 7), np.array([1.0, 0.5, 0.8, 0.3])
    want = si.odeint(lv_numpy, y0, t, args=(theta,))
    np.testing.assert_array_equal(odeint(lotka_volterra, y0, t, theta), want)
    traced = fad.jvp(lambda y0: odeint(lotka_volterra, y0, t, theta))((y0,), (y0,))[0]
    np.testing.assert_array_equal(traced, want)


def test_shapes_pytrees_and_tfirst() -> None:
    def f(y: Any, t: Any, p: Any) -> Any:
        return -p["k"] * y + p["c"][0] * fnp.sin(t)

    t = np.array([0.0, 0.5, 1.0])
    y0 = np.ones((2, 2))
    p = {"k": np.array([[1.0, 2.0], [0.5, 0.1]]), "c": np.array([0.3])}
    assert odeint(f, y0, t, p).shape == (3, 2, 2)
    assert fad.jacrev(lambda y0: odeint(f, y0, t, p))(y0).shape == (3, 2, 2, 2, 2)
    check_grads(
        lambda y0, k, c: odeint(f, y0, t, {"k": k, "c": c}, **TIGHT), (y0, p["k"], p["c"]),
        order=1, modes=("fwd", "rev"),
    )
    np.testing.assert_array_equal(odeint(lambda t, y: -y, 1.0, t, tfirst=True), odeint(lambda y, t: -y, 1.0, t))


def test_scipys_args_keyword_is_the_same_as_extra_arguments() -> None:
    t = np.array([0.0, 1.0])
    np.testing.assert_array_equal(odeint(decay, 1.0, t, args=(0.5,)), odeint(decay, 1.0, t, 0.5))
    g = fad.grad(lambda k: odeint(decay, 1.0, t, args=(k,), **TIGHT)[-1])(0.5)
    np.testing.assert_allclose(g, -np.exp(-0.5), rtol=1e-8)
    with pytest.raises(TypeError, match="either after t or as args"):
        odeint(decay, 1.0, t, 0.5, args=(0.5,))


# --- closed forms ---------------------------------------------------------------------------


def test_exponential_decay_derivatives_are_the_closed_forms() -> None:
    t = np.array([0.2, 0.7, 1.5, 3.0])
    y0, k = 2.0, 0.8

    def y(y0: Any, t: Any, k: Any) -> Any:
        return odeint(decay, y0, t, k, **TIGHT)

    exact = y0 * np.exp(-k * (t - t[0]))
    np.testing.assert_allclose(y(y0, t, k), exact, rtol=1e-9)
    d_y0 = exact / y0
    d_k = -(t - t[0]) * exact
    d_t = np.diag(-k * exact)
    d_t[:, 0] = k * exact  # moving the start moves the whole solution
    d_t[0, 0] = 0.0  # y(t_0) = y0 whatever t_0 is
    for jac in (fad.jacrev, fad.jacfwd):
        np.testing.assert_allclose(jac(y, argnums=0)(y0, t, k), d_y0, rtol=1e-8)
        np.testing.assert_allclose(jac(y, argnums=2)(y0, t, k), d_k, rtol=1e-8, atol=1e-12)
        np.testing.assert_allclose(jac(y, argnums=1)(y0, t, k), d_t, rtol=1e-8, atol=1e-12)
    # second order: d2 y / dk2 = (t - t0)^2 y, d2 y / dk dy0 = -(t - t0) exp(-k (t - t0))
    last = lambda y0, k: y(y0, t, k)[-1]  # noqa: E731
    tau = t[-1] - t[0]
    np.testing.assert_allclose(fad.hessian(last, argnums=1)(y0, k), tau**2 * exact[-1], rtol=1e-7)
    np.testing.assert_allclose(fad.grad(fad.grad(last, argnums=1), argnums=0)(y0, k), -tau * exact[-1] / y0, rtol=1e-7)


def test_linear_system_derivatives_are_the_matrix_exponentials() -> None:
    A = np.array([[-0.5, 1.0, 0.0], [-1.0, -0.2, 0.3], [0.1, 0.0, -0.8]])
    y0 = np.array([1.0, -0.5, 2.0])
    t = np.array([0.0, 0.4, 1.3])

    def y(y0: Any, A: Any, t: Any) -> Any:
        return odeint(lambda y, t, A: A @ y, y0, t, A, **TIGHT)

    exact = np.stack([sl.expm(A * s) @ y0 for s in t])
    np.testing.assert_allclose(y(y0, A, t), exact, rtol=1e-9, atol=1e-12)
    d_y0 = np.stack([sl.expm(A * s) for s in t])
    # d expm(A s) y0 / dA[p, q] = (Fréchet derivative of expm at A s in direction s E_pq) y0
    d_A = np.zeros((3, 3, 3, 3))
    for i, s in enumerate(t):
        for p in range(3):
            for q in range(3):
                E = np.zeros((3, 3))
                E[p, q] = s
                d_A[i, :, p, q] = sl.expm_frechet(A * s, E, compute_expm=False) @ y0
    d_t = np.zeros((3, 3, 3))  # y(t_0) = y0 does not move with t_0
    for i in range(1, 3):
        d_t[i, :, i] = A @ exact[i]
        d_t[i, :, 0] = -sl.expm(A * t[i]) @ A @ y0
    for jac in (fad.jacrev, fad.jacfwd):
        np.testing.assert_allclose(jac(y, argnums=0)(y0, A, t), d_y0, rtol=1e-8, atol=1e-10)
        np.testing.assert_allclose(jac(y, argnums=1)(y0, A, t), d_A, rtol=1e-8, atol=1e-10)
        np.testing.assert_allclose(jac(y, argnums=2)(y0, A, t), d_t, rtol=1e-8, atol=1e-10)


# --- against finite differences of SciPy's solution -------------------------------------------


def test_lotka_volterra_against_finite_differences_of_scipy() -> None:
    y0, t, theta = np.array([1.0, 0.5]), np.linspace(0.0, 2.0, 4), np.array([1.0, 0.5, 0.8, 0.3])

    def scipy_solution(y0: Any, t: Any, theta: Any) -> Any:
        return si.odeint(lv_numpy, y0, t, args=(theta,), rtol=1e-13, atol=1e-13)

    def y(y0: Any, t: Any, theta: Any) -> Any:
        return odeint(lotka_volterra, y0, t, theta, **TIGHT)

    fds = [
        central(lambda x: scipy_solution(x, t, theta), y0),
        central(lambda x: scipy_solution(y0, x, theta), t),
        central(lambda x: scipy_solution(y0, t, x), theta),
    ]
    for argnum, fd in enumerate(fds):
        for jac in (fad.jacrev, fad.jacfwd):
            np.testing.assert_allclose(jac(y, argnums=argnum)(y0, t, theta), fd, rtol=1e-6, atol=1e-7)


def test_second_order_against_finite_differences_of_the_gradient() -> None:
    y0, t, theta = np.array([1.0, 0.5]), np.array([0.0, 0.8, 1.5]), np.array([1.0, 0.5, 0.8, 0.3])

    def loss(theta: Any, y0: Any) -> Any:
        ys = odeint(lotka_volterra, y0, t, theta, **TIGHT)
        return fnp.sum(ys[:, 0] * ys[:, 1])

    H = fad.hessian(loss)(theta, y0)
    fd = central(lambda th: fad.grad(loss)(th, y0), theta, 1e-4)
    np.testing.assert_allclose(H, fd, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(H, H.T, rtol=1e-7, atol=1e-8)
    # reverse over reverse, forward over reverse and over forward: the same matrix
    mixed = fad.jacrev(fad.grad(loss, argnums=1), argnums=0)(theta, y0)
    fd_mixed = central(lambda th: fad.grad(loss, argnums=1)(th, y0), theta, 1e-4)
    np.testing.assert_allclose(mixed, fd_mixed, rtol=1e-5, atol=1e-6)
    u = np.array([1.0, -0.5, 0.25, 2.0])  # forward over forward: u^T H u
    first = lambda th: fad.jvp(lambda th: loss(th, y0))((th,), (u,))[1]  # noqa: E731
    np.testing.assert_allclose(fad.jvp(first)((theta,), (u,))[1], u @ H @ u, rtol=1e-6)


def test_check_grads_at_second_order_in_every_argument() -> None:
    t = np.array([0.0, 0.5, 1.0])
    check_grads(
        lambda y0, t, theta: odeint(lotka_volterra, y0, t, theta, **TIGHT),
        (np.array([1.0, 0.5]), t, np.array([1.0, 0.5, 0.8, 0.3])),
        order=2, modes=("fwd", "rev"),
    )


def test_time_derivatives_at_repeated_and_single_times() -> None:
    # y = 2 exp(-t^2 / 2): dy(t_i)/dt_i = -t_i y(t_i); y(t_0) does not move with t_0 = 0 (f(y0, 0) = 0)
    t = np.array([0.0, 1.0, 1.0, 2.0])
    g = fad.grad(lambda t: fnp.sum(odeint(lambda y, s: -y * s, 2.0, t, **TIGHT)))(t)
    np.testing.assert_allclose(g, -t * 2.0 * np.exp(-(t**2) / 2), rtol=1e-8, atol=1e-14)
    one = np.array([0.5])
    assert float(fad.grad(lambda y0: odeint(decay, y0, one, 1.0)[0])(3.0)) == 1.0
    np.testing.assert_array_equal(fad.grad(lambda t: odeint(decay, 3.0, t, 1.0)[0])(one), [0.0])


def test_float32_inputs_get_float32_cotangents() -> None:
    t = np.array([0.0, 1.0], np.float32)
    gy, gt, gk = fad.grad(lambda y0, t, k: odeint(decay, y0, t, k)[-1], argnums=(0, 1, 2))(
        np.float32(1.0), t, np.float32(0.5)
    )
    assert gy.dtype == gt.dtype == gk.dtype == np.float32


# --- errors -------------------------------------------------------------------------------------


def test_func_of_the_wrong_shape_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"fad.scipy.integrate.odeint: func returned an array of shape \(1,\); it must return dy/dt, of y0's shape \(2,\)"):
        odeint(lambda y, t: y[:1], np.ones(2), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="func returned an array of shape"):
        fad.grad(lambda y0: fnp.sum(odeint(lambda y, t: y[:1], y0, np.array([0.0, 1.0]))))(np.ones(2))


def test_decreasing_times_are_an_error_that_says_how_to_integrate_backwards() -> None:
    with pytest.raises(ValueError, match=r"t must be nondecreasing .* substitute s = -t"):
        odeint(decay, 1.0, np.array([1.0, 0.0]), 1.0)
    with pytest.raises(ValueError, match="t must be nondecreasing"):
        fad.grad(lambda t: odeint(decay, 1.0, t, 1.0)[-1])(np.array([0.0, 2.0, 1.0]))
    with pytest.raises(ValueError, match="t must be a nonempty 1-D array"):
        odeint(decay, 1.0, np.zeros((2, 2)), 1.0)


def test_a_closure_over_a_differentiated_value_is_an_error() -> None:
    t = np.array([0.0, 1.0])
    with pytest.raises(TypeError, match=r"uses a differentiated variable from outside .* odeint\(func, y0, t, theta\)"):
        fad.grad(lambda k: odeint(lambda y, s: -k * y, 1.0, t)[-1])(1.0)
    # passed as an argument, it differentiates
    np.testing.assert_allclose(fad.grad(lambda k: odeint(decay, 1.0, t, k, **TIGHT)[-1])(1.0), -np.exp(-1.0), rtol=1e-8)


def test_a_failed_solve_is_an_error_not_a_warning_and_garbage() -> None:
    with pytest.raises(RuntimeError, match=r"the solver failed \(Excess work done.*mxstep"):
        odeint(lambda y, t: -1e6 * y + np.sin(1e3 * t), 1.0, np.array([0.0, 1e3]), mxstep=5)


def test_a_tuple_after_t_is_scipys_args_when_func_takes_its_items() -> None:
    # SciPy's and autograd's call odeint(func, y0, t, (a, b)); a func that takes one
    # tuple gets it whole (JAX's reading of odeint(func, y0, t, *args)).
    t = np.linspace(0.0, 1.0, 3)

    def two(y: Any, t: Any, a: Any, b: Any) -> Any:
        return -a * y + b

    def one(y: Any, t: Any, ab: Any) -> Any:
        return -ab[0] * y + ab[1]

    want = odeint(two, 1.0, t, args=(0.5, 0.2))
    np.testing.assert_allclose(odeint(two, 1.0, t, (0.5, 0.2)), want)
    np.testing.assert_allclose(odeint(one, 1.0, t, (0.5, 0.2)), want)
    g = fad.grad(lambda a: odeint(two, 1.0, t, (a, 0.2))[-1])(0.5)
    assert g == pytest.approx(float(fad.grad(lambda a: odeint(one, 1.0, t, (a, 0.2))[-1])(0.5)), rel=1e-6)
