"""Compositions of transforms: every nesting of forward and reverse mode.

Higher derivatives to fourth order by all 16 orderings of rev/fwd agree with
each other and with analytic values; every route to a Hessian or a
Hessian-vector product agrees; nested transforms never confuse their
perturbations; a traced value that outlives its transform is an error.
"""

from __future__ import annotations

import itertools
import math
from typing import Any, Callable

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import fad
import fad.numpy as fnp
from _fd import assert_close, numerical_derivative, numerical_jacobian, numerical_jvp
from _catalogue import CASE_IDS, CASES, SEEDS, Example as Case

Fn = Callable[[Any], Any]


def d_rev(f: Fn) -> Fn:
    """The derivative of a scalar function by reverse mode."""
    return fad.grad(f)


def d_fwd(f: Fn) -> Fn:
    """The derivative of a scalar function by forward mode."""

    def df(x: Any) -> Any:
        return fad.jvp(f)((x,), (fnp.ones_like(x),))[1]

    return df


MODES = {"rev": d_rev, "fwd": d_fwd}


def nth_derivative(f: Fn, modes: tuple[str, ...]) -> Fn:
    for m in modes:
        f = MODES[m](f)
    return f


# f, and its derivatives of order 0..4 as functions of x
def _tanh_derivs(x: float) -> list[float]:
    t = math.tanh(x)
    return [
        t,
        1 - t**2,
        -2 * t * (1 - t**2),
        -2 + 8 * t**2 - 6 * t**4,
        16 * t - 40 * t**3 + 24 * t**5,
    ]


SCALAR_FUNCTIONS = {
    "sin": (fnp.sin, lambda x: [math.sin(x), math.cos(x), -math.sin(x), -math.cos(x), math.sin(x)]),
    "cos": (fnp.cos, lambda x: [math.cos(x), -math.sin(x), -math.cos(x), math.sin(x), math.cos(x)]),
    "exp": (fnp.exp, lambda x: [math.exp(x)] * 5),
    "log": (fnp.log, lambda x: [math.log(x), 1 / x, -1 / x**2, 2 / x**3, -6 / x**4]),
    "tanh": (fnp.tanh, _tanh_derivs),
    "x**4": (lambda x: x**4, lambda x: [x**4, 4 * x**3, 12 * x**2, 24 * x, 24.0]),
    "sqrt": (fnp.sqrt, lambda x: [x**0.5, 0.5 * x**-0.5, -0.25 * x**-1.5, 0.375 * x**-2.5, -0.9375 * x**-3.5]),
    "x*sin(x)": (
        lambda x: x * fnp.sin(x),
        lambda x: [
            x * math.sin(x),
            math.sin(x) + x * math.cos(x),
            2 * math.cos(x) - x * math.sin(x),
            -3 * math.sin(x) - x * math.cos(x),
            -4 * math.cos(x) + x * math.sin(x),
        ],
    ),
}

ORDER4 = list(itertools.product(["rev", "fwd"], repeat=4))


def test_analytic_tables_are_right() -> None:
    # guard the hand-written formulas above with loose finite differences
    for name, (_, derivs) in SCALAR_FUNCTIONS.items():
        np_f = {"sin": math.sin, "cos": math.cos, "exp": math.exp, "log": math.log, "tanh": math.tanh,
                "x**4": lambda x: x**4, "sqrt": math.sqrt, "x*sin(x)": lambda x: x * math.sin(x)}[name]
        for order in range(1, 5):
            num = numerical_derivative(np_f, 0.7, order, h=1e-2)
            assert num == pytest.approx(derivs(0.7)[order], rel=1e-2, abs=1e-2), (name, order)


@pytest.mark.parametrize("name", list(SCALAR_FUNCTIONS))
@pytest.mark.parametrize("modes", ORDER4, ids=["-".join(m) for m in ORDER4])
def test_fourth_derivative_every_ordering_matches_analytic(name: str, modes: tuple[str, ...]) -> None:
    f, derivs = SCALAR_FUNCTIONS[name]
    x = 0.7
    d4 = nth_derivative(f, modes)(x)
    assert not fad.is_tracer(d4)
    assert float(d4) == pytest.approx(derivs(x)[4], rel=1e-10, abs=1e-12)


@pytest.mark.parametrize("name", list(SCALAR_FUNCTIONS))
@given(x=st.floats(0.2, 2.0), order=st.integers(1, 3), data=st.data())
def test_all_orderings_agree_at_drawn_points(name: str, x: float, order: int, data: Any) -> None:
    f, derivs = SCALAR_FUNCTIONS[name]
    modes = data.draw(st.tuples(*[st.sampled_from(["rev", "fwd"])] * order))
    got = float(nth_derivative(f, modes)(x))
    assert got == pytest.approx(derivs(x)[order], rel=1e-9, abs=1e-11)


@pytest.mark.parametrize("modes", ORDER4, ids=["-".join(m) for m in ORDER4])
def test_fourth_derivative_float32_stays_float32(modes: tuple[str, ...]) -> None:
    d4 = nth_derivative(fnp.sin, modes)(np.float32(0.5))
    assert np.result_type(d4) == np.float32
    assert float(d4) == pytest.approx(math.sin(0.5), rel=1e-5)


# --- fourth-order tensors by jacfwd / jacrev ----------------------------------

JACS = {"jacfwd": fad.jacfwd, "jacrev": fad.jacrev}


def _fourth_tensor_of_monomial(x: np.ndarray) -> np.ndarray:
    """The fourth derivative tensor of f(x) = x0^2 x1^3."""
    T = np.zeros((2, 2, 2, 2))
    for idx in itertools.product(range(2), repeat=4):
        a = idx.count(0)
        if a == 2:
            T[idx] = 12 * x[1]
        elif a == 1:
            T[idx] = 12 * x[0]
    return T


@pytest.mark.parametrize("jacs", ORDER4, ids=["-".join(m) for m in ORDER4])
def test_fourth_derivative_tensor_by_every_jacobian_nesting(jacs: tuple[str, ...]) -> None:
    def f(x: Any) -> Any:
        return x[0] ** 2 * x[1] ** 3

    g: Fn = f
    for j in jacs:
        g = JACS["jacfwd" if j == "fwd" else "jacrev"](g)
    x = np.array([0.8, -1.3])
    T = g(x)
    assert np.shape(T) == (2, 2, 2, 2)
    np.testing.assert_allclose(T, _fourth_tensor_of_monomial(x), rtol=1e-12, atol=1e-12)


# ---------------------------------------------------------------------------
# Hessians and Hessian-vector products


def _tanh_model(A: np.ndarray) -> Fn:
    def f(x: Any) -> Any:
        return fnp.sum(fnp.tanh(A @ x) ** 2)

    return f


def _tanh_model_hessian(A: np.ndarray, x: np.ndarray) -> np.ndarray:
    t = np.tanh(A @ x)
    s = 1 - t**2
    return A.T @ np.diag(2 * s**2 - 4 * t**2 * s) @ A


def _problem(seed: int, m: int = 4, n: int = 3) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(m, n)) / 2, rng.normal(size=n), rng.normal(size=n)


HESSIAN_ROUTES = {
    "hessian": fad.hessian,
    "jacfwd(jacrev)": lambda f: fad.jacfwd(fad.jacrev(f)),
    "jacrev(jacrev)": lambda f: fad.jacrev(fad.jacrev(f)),
    "jacfwd(jacfwd)": lambda f: fad.jacfwd(fad.jacfwd(f)),
    "jacrev(jacfwd)": lambda f: fad.jacrev(fad.jacfwd(f)),
    "jacobian(grad)": lambda f: fad.jacobian(fad.grad(f)),
    "jacfwd(grad)": lambda f: fad.jacfwd(fad.grad(f)),
}


@pytest.mark.parametrize("route", list(HESSIAN_ROUTES))
@given(seed=st.integers(0, 2**32 - 1), shape=st.tuples(st.integers(1, 5), st.integers(1, 4)))
def test_every_hessian_route_matches_analytic_tanh_model(route: str, seed: int, shape: tuple[int, int]) -> None:
    A, x, _ = _problem(seed, *shape)
    H = HESSIAN_ROUTES[route](_tanh_model(A))(x)
    assert np.shape(H) == (shape[1], shape[1])
    np.testing.assert_allclose(H, _tanh_model_hessian(A, x), rtol=1e-10, atol=1e-12)


def test_hessian_routes_agree_on_matrix_argument() -> None:
    def f(X: Any) -> Any:
        return fnp.sum(fnp.sin(X @ X.T)) + fnp.sum(X**3) / 3

    X = np.linspace(-1, 1, 6).reshape(2, 3)
    results = {name: route(f)(X) for name, route in HESSIAN_ROUTES.items()}
    ref = results.pop("hessian")
    assert ref.shape == (2, 3, 2, 3)
    for name, H in results.items():
        np.testing.assert_allclose(H, ref, rtol=1e-11, atol=1e-12, err_msg=name)
    num = numerical_jacobian(lambda X: fad.grad(f)(X), [X])
    np.testing.assert_allclose(ref, num, rtol=1e-7, atol=1e-9)


def _hvp_fwd_over_rev(f: Fn, x: Any, v: Any) -> Any:
    return fad.jvp(fad.grad(f))((x,), (v,))[1]


def _hvp_rev_over_fwd(f: Fn, x: Any, v: Any) -> Any:
    return fad.grad(lambda x: fad.jvp(f)((x,), (v,))[1])(x)


def _hvp_rev_over_rev(f: Fn, x: Any, v: Any) -> Any:
    return fad.grad(lambda x: fnp.sum(fad.grad(f)(x) * v))(x)


def _hvp_linearize(f: Fn, x: Any, v: Any) -> Any:
    return fad.linearize(fad.grad(f))(x)[1](v)


def _hvp_vjp_of_grad(f: Fn, x: Any, v: Any) -> Any:
    # the Hessian is symmetric, so a pullback of grad is also an HVP
    return fad.vjp(fad.grad(f))(x)[1](v)[0]


HVPS = {
    "jvp(grad)": _hvp_fwd_over_rev,
    "grad(jvp)": _hvp_rev_over_fwd,
    "grad(<grad, v>)": _hvp_rev_over_rev,
    "linearize(grad)": _hvp_linearize,
    "vjp(grad)": _hvp_vjp_of_grad,
}


@pytest.mark.parametrize("hvp", list(HVPS))
@given(seed=st.integers(0, 2**32 - 1))
def test_hessian_vector_products_agree_with_hessian(hvp: str, seed: int) -> None:
    A, x, v = _problem(seed)
    f = _tanh_model(A)
    got = HVPS[hvp](f, x, v)
    H = fad.hessian(f)(x)
    np.testing.assert_allclose(got, H @ v, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(got, _tanh_model_hessian(A, x) @ v, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
@given(data=st.data())
def test_second_order_of_every_op_three_ways(case: Case, data: Any) -> None:
    """H u for g = <w, f(args)>: fwd-over-rev, rev-over-fwd and rev-over-rev
    agree with each other and with finite differences of the gradient."""
    fn, args = case.build(data, np.float64)
    rng = np.random.default_rng(data.draw(SEEDS, label="vectors seed"))
    w = rng.normal(size=np.shape(fn(*args)))
    us = tuple(rng.normal(size=a.shape) for a in args)
    nums = tuple(range(len(args)))

    def g(*a: Any) -> Any:
        return fnp.sum(fn(*a) * w)

    grad_g = fad.grad(g, argnums=nums)
    fwd_rev = fad.jvp(grad_g)(args, us)[1]
    rev_fwd = fad.grad(lambda *a: fnp.sum(fad.jvp(fn)(a, us)[1] * w), argnums=nums)(*args)
    rev_rev = fad.grad(
        lambda *a: sum(fnp.sum(gi * ui) for gi, ui in zip(grad_g(*a), us)), argnums=nums
    )(*args)
    for i in range(len(args)):
        ref = numerical_jvp(lambda *a: grad_g(*a)[i], args, us)
        for name, got in [("fwd-over-rev", fwd_rev), ("rev-over-fwd", rev_fwd), ("rev-over-rev", rev_rev)]:
            assert np.shape(got[i]) == args[i].shape, f"{case.name}: {name}, argument {i}"
            assert_close(got[i], ref, scale=10.0, err_msg=f"{case.name}: {name}, argument {i}")


def test_linearized_hvp_is_reusable_without_rerunning_f() -> None:
    calls = []
    A, x, _ = _problem(7)

    def f(x: Any) -> Any:
        calls.append(1)
        return _tanh_model(A)(x)

    _, hvp = fad.linearize(fad.grad(f))(x)
    n_calls = len(calls)
    H = _tanh_model_hessian(A, x)
    for k in range(3):
        e = np.eye(3)[k]
        np.testing.assert_allclose(hvp(e), H[:, k], rtol=1e-10, atol=1e-12)
    assert len(calls) == n_calls


def test_reverse_of_a_pushforward_is_the_transpose() -> None:
    # grad through linearize's pushforward (in its tangent) gives J^T w
    A = np.arange(6.0).reshape(2, 3) / 5
    f = lambda x: fnp.sin(A @ x)  # noqa: E731
    x = np.array([0.1, 0.2, -0.3])
    _, push = fad.linearize(f)(x)
    w = np.array([1.0, -2.0])
    g = fad.grad(lambda u: fnp.sum(push(u) * w))(np.zeros(3))
    J = np.cos(A @ x)[:, None] * A
    np.testing.assert_allclose(g, J.T @ w, rtol=1e-12)


def test_third_order_mixed_partials_commute() -> None:
    def f(x: Any, y: Any) -> Any:
        return fnp.sin(x * y) * fnp.exp(y)

    x, y = 0.3, 0.8
    dxxy = fad.grad(fad.grad(fad.grad(f, 0), 0), 1)(x, y)
    dxyx = fad.grad(fad.grad(fad.grad(f, 0), 1), 0)(x, y)
    dyxx = fad.grad(fad.grad(fad.grad(f, 1), 0), 0)(x, y)
    assert float(dxxy) == pytest.approx(float(dxyx), rel=1e-12)
    assert float(dxxy) == pytest.approx(float(dyxx), rel=1e-12)
    # analytic: f_xx = -y^2 sin(xy) e^y; d/dy of that
    expected = (-2 * y * math.sin(x * y) - y**2 * x * math.cos(x * y) - y**2 * math.sin(x * y)) * math.exp(y)
    assert float(dxxy) == pytest.approx(expected, rel=1e-12)


# ---------------------------------------------------------------------------
# perturbation confusion


def _rev_rev() -> Any:
    return fad.grad(lambda x: x * fad.grad(lambda y: x + y)(1.0))(1.0)


def _fwd_fwd() -> Any:
    return d_fwd(lambda x: x * d_fwd(lambda y: x + y)(1.0))(1.0)


def _fwd_rev() -> Any:
    return d_fwd(lambda x: x * fad.grad(lambda y: x + y)(1.0))(1.0)


def _rev_fwd() -> Any:
    return fad.grad(lambda x: x * d_fwd(lambda y: x + y)(1.0))(1.0)


@pytest.mark.parametrize("nest", [_rev_rev, _fwd_fwd, _fwd_rev, _rev_fwd], ids=["rev/rev", "fwd/fwd", "fwd/rev", "rev/fwd"])
def test_no_perturbation_confusion(nest: Any) -> None:
    assert float(nest()) == 1.0


@pytest.mark.parametrize("outer", ["rev", "fwd"])
@pytest.mark.parametrize("inner", ["rev", "fwd"])
def test_closure_over_outer_variable_is_a_constant_inside(outer: str, inner: str) -> None:
    # d/dx [ d/dy (x*y)^2 at y=3 ] at x=2 = d/dx (2 x^2 y) = 4 x y = 24
    D_out, D_in = MODES[outer], MODES[inner]
    val = D_out(lambda x: D_in(lambda y: (x * y) ** 2)(3.0))(2.0)
    assert float(val) == pytest.approx(24.0)


@pytest.mark.parametrize("outer", ["rev", "fwd"])
@pytest.mark.parametrize("inner", ["rev", "fwd"])
def test_inner_derivative_of_outer_only_expression_is_zero(outer: str, inner: str) -> None:
    # the inner transform sees x as a constant: d/dy (x^2) = 0 whatever x is traced by
    D_out, D_in = MODES[outer], MODES[inner]
    val = D_out(lambda x: x * 3.0 + D_in(lambda y: x**2 + 0.0 * y)(1.0))(2.0)
    assert float(val) == pytest.approx(3.0)


class Scaled:
    """A callable object closing over a parameter."""

    def __init__(self, a: float) -> None:
        self.a = a

    def __call__(self, x: Any) -> Any:
        return self.a * fnp.sin(x) + x * x


@pytest.mark.parametrize("outer", ["rev", "fwd"])
@pytest.mark.parametrize("inner", ["rev", "fwd"])
def test_callable_objects_nest(outer: str, inner: str) -> None:
    obj = Scaled(2.0)
    d2 = MODES[outer](MODES[inner](obj))(0.4)
    assert float(d2) == pytest.approx(-2.0 * math.sin(0.4) + 2.0, rel=1e-12)


@pytest.mark.parametrize("outer", ["rev", "fwd"])
@pytest.mark.parametrize("inner", ["rev", "fwd"])
def test_callable_object_whose_parameter_is_traced_by_the_outer_transform(outer: str, inner: str) -> None:
    # d/da [ d/dx (a sin x + x^2) at x0 ] = cos(x0)
    def outer_fn(a: Any) -> Any:
        return MODES[inner](Scaled(a))(0.4)

    assert float(MODES[outer](outer_fn)(2.0)) == pytest.approx(math.cos(0.4), rel=1e-12)


def test_three_levels_of_nesting_keep_their_own_perturbations() -> None:
    # d/dx [ x * d/dy [ y * d/dz (x + y + z) ] ] = d/dx [x * d/dy y] = 1
    val = fad.grad(lambda x: x * fad.grad(lambda y: y * fad.grad(lambda z: x + y + z)(1.0))(1.0))(1.0)
    assert float(val) == 1.0


def test_jacobian_of_a_closure_inside_grad() -> None:
    # the inner jacobian closes over the outer tracer x
    def f(x: Any) -> Any:
        J = fad.jacfwd(lambda v: x * v**2)(np.array([1.0, 2.0]))  # diag(2 x v)
        return fnp.sum(J)

    assert float(fad.grad(f)(5.0)) == pytest.approx(2 * (1.0 + 2.0))


# ---------------------------------------------------------------------------
# tracers that escape their transform


LEAKING_TRANSFORMS = {
    "grad": lambda f: fad.grad(f)(1.5),
    "value_and_grad": lambda f: fad.value_and_grad(f)(1.5),
    "vjp": lambda f: fad.vjp(f)(1.5),
    "jvp": lambda f: fad.jvp(f)((1.5,), (1.0,)),
    "linearize": lambda f: fad.linearize(f)(1.5),
    "jacfwd": lambda f: fad.jacfwd(f)(1.5),
    "jacrev": lambda f: fad.jacrev(f)(1.5),
    "hessian": lambda f: fad.hessian(f)(1.5),
    "elementwise_grad": lambda f: fad.elementwise_grad(f)(1.5),
}

LATER_USES = {
    "add": lambda t: t + 1.0,
    "radd": lambda t: 1.0 + t,
    "fnp.sin": lambda t: fnp.sin(t),
    "np.sin": lambda t: np.sin(t),
    "with itself": lambda t: t * t,
    "inside a new grad": lambda t: fad.grad(lambda y: y * t)(2.0),
    "inside a new jvp": lambda t: fad.jvp(lambda y: y * t)((2.0,), (1.0,)),
}


@pytest.mark.parametrize("use", list(LATER_USES))
@pytest.mark.parametrize("transform", list(LEAKING_TRANSFORMS))
def test_leaked_tracer_raises_escaped_error(transform: str, use: str) -> None:
    leaked: list[Any] = []

    def f(x: Any) -> Any:
        y = fnp.sin(x) * x
        leaked.append(y)
        return y

    LEAKING_TRANSFORMS[transform](f)
    assert len(leaked) >= 1 and fad.is_tracer(leaked[0])
    with pytest.raises(fad.EscapedTracerError, match="escaped"):
        LATER_USES[use](leaked[0])


def test_tracer_leaked_from_inner_transform_into_outer_raises() -> None:
    def outer(x: Any) -> Any:
        store: list[Any] = []

        def inner(y: Any) -> Any:
            store.append(y * y)
            return y * x

        fad.grad(inner)(x)
        return store[0] * x  # the inner transform has finished

    with pytest.raises(fad.EscapedTracerError, match="escaped"):
        fad.grad(outer)(1.0)


def test_leaked_input_tracer_is_an_error_not_a_number() -> None:
    leaked: list[Any] = []
    fad.grad(lambda x: (leaked.append(x), x * 2.0)[1])(3.0)
    with pytest.raises(fad.EscapedTracerError):
        leaked[0] * 2.0
    with pytest.raises(TypeError):
        float(leaked[0])


def test_aux_and_outputs_are_not_tracers() -> None:
    # the sanctioned ways of getting values out return plain arrays
    (v, aux), g = fad.value_and_grad(lambda x: (x**2, {"x3": x**3}), has_aux=True)(2.0)
    assert not fad.is_tracer(v) and not fad.is_tracer(aux["x3"]) and not fad.is_tracer(g)
    assert float(aux["x3"]) == 8.0
