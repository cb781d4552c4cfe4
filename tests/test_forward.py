"""Forward mode: jvp, linearize, the Jacobian transforms and elementwise_grad.

Per-op checks (every case in tests/_op_cases.py): jvp against central
differences, float32 tangents, and the transpose identity
<w, J u> = <J^T w, u> between jvp and vjp at 1e-10 relative accuracy.
"""

from __future__ import annotations

from collections import namedtuple
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import fad
import fad.numpy as fnp
from _fd import assert_close, inner, numerical_jacobian, numerical_jvp
from _catalogue import CASE_IDS, CASES, CASES_F32, INDEXES, SEEDS, X345, Example as Case


def _draw_like(data: Any, arrays: Any, dtype: Any, label: str) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(data.draw(SEEDS, label=label))
    return tuple(rng.normal(size=np.shape(a)).astype(dtype) for a in arrays)


# ---------------------------------------------------------------------------
# every op, drawn shapes


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
@given(data=st.data())
def test_jvp_matches_finite_differences(case: Case, data: Any) -> None:
    fn, args = case.build(data, np.float64)
    tangents = _draw_like(data, args, np.float64, "tangent seed")
    out, tan = fad.jvp(fn)(args, tangents)
    expected = np.asarray(fn(*args))
    np.testing.assert_allclose(out, expected, rtol=1e-13, atol=1e-13)
    assert np.shape(tan) == expected.shape
    assert np.result_type(tan) == np.float64
    assert_close(tan, numerical_jvp(fn, args, tangents), err_msg=case.name)


@pytest.mark.parametrize("case", CASES_F32, ids=[c.name for c in CASES_F32])
@given(data=st.data())
def test_jvp_float32_stays_float32(case: Case, data: Any) -> None:
    fn, args = case.build(data, np.float32)
    tangents = _draw_like(data, args, np.float32, "tangent seed")
    out, tan = fad.jvp(fn)(args, tangents)
    assert np.result_type(out) == np.float32
    assert np.result_type(tan) == np.float32, f"{case.name}: tangent became {np.result_type(tan)}"
    assert np.shape(tan) == np.shape(out)
    assert_close(tan, numerical_jvp(fn, args, tangents), dtype=np.float32, err_msg=case.name)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
@given(data=st.data())
def test_transpose_identity_jvp_vs_vjp(case: Case, data: Any) -> None:
    """<w, J u> == <J^T w, u> to 1e-10 relative, in float64."""
    fn, args = case.build(data, np.float64)
    us = _draw_like(data, args, np.float64, "tangent seed")
    out, ju = fad.jvp(fn)(args, us)
    (w,) = _draw_like(data, [out], np.float64, "cotangent seed")
    _, pullback = fad.vjp(fn)(*args)
    jtw = pullback(w)
    lhs = inner(w, ju)
    rhs = sum(inner(g, u) for g, u in zip(jtw, us))
    scale = (
        np.linalg.norm(w) * np.linalg.norm(np.asarray(ju, dtype=np.float64))
        + sum(np.linalg.norm(np.asarray(g, dtype=np.float64)) * np.linalg.norm(u) for g, u in zip(jtw, us))
        + 1e-300
    )
    assert abs(lhs - rhs) <= 1e-10 * scale, f"{case.name}: <w, Ju> = {lhs!r}, <J^T w, u> = {rhs!r}"


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
@given(data=st.data())
def test_jacfwd_and_jacrev_match_finite_differences(case: Case, data: Any) -> None:
    """Whole Jacobians: the sweeps push / pull a batch of basis vectors at once."""
    fn, args = case.build(data, np.float64)
    nums = tuple(range(len(args)))
    out_shape = np.shape(fn(*args))
    jf = fad.jacfwd(fn, argnums=nums)(*args)
    jr = fad.jacrev(fn, argnums=nums)(*args)
    assert len(jf) == len(jr) == len(args)
    for i, (a, f_i, r_i) in enumerate(zip(args, jf, jr)):
        assert np.shape(f_i) == out_shape + a.shape, f"jacfwd block {i}"
        assert np.shape(r_i) == out_shape + a.shape, f"jacrev block {i}"
        ref = numerical_jacobian(fn, args, i)
        assert_close(f_i, ref, err_msg=f"{case.name}: jacfwd, argument {i}")
        assert_close(r_i, ref, err_msg=f"{case.name}: jacrev, argument {i}")


@pytest.mark.parametrize("index", [i for _, i in INDEXES], ids=[n for n, _ in INDEXES])
def test_jacobians_of_every_form_of_index(index: Any) -> None:
    """Batched gather / scatter: the Jacobian of x -> x[index] (a 0/1 matrix)."""
    expected = numerical_jacobian(lambda x: x[index], [X345])  # exact: the map is linear
    out_shape = X345[index].shape
    for name, jac in [("jacfwd", fad.jacfwd), ("jacrev", fad.jacrev)]:
        J = jac(lambda x: x[index])(X345)
        assert np.shape(J) == out_shape + X345.shape, name
        np.testing.assert_allclose(J, expected, atol=1e-9, err_msg=name)


# ---------------------------------------------------------------------------
# jvp


def test_jvp_of_sin_at_zero() -> None:
    y, ydot = fad.jvp(fnp.sin)((0.0,), (2.0,))
    assert float(y) == 0.0
    assert float(ydot) == pytest.approx(2.0)


def test_jvp_of_two_arguments_adds_both_contributions() -> None:
    f = lambda x, y: x * y + fnp.sin(x)  # noqa: E731
    y, ydot = fad.jvp(f)((2.0, 3.0), (0.5, -1.0))
    assert float(y) == pytest.approx(6.0 + np.sin(2.0))
    assert float(ydot) == pytest.approx(0.5 * 3.0 + 2.0 * -1.0 + np.cos(2.0) * 0.5)


def test_jvp_with_zero_tangent_gives_zero() -> None:
    y, ydot = fad.jvp(lambda x: fnp.exp(x))((np.ones(3),), (np.zeros(3),))
    np.testing.assert_array_equal(ydot, np.zeros(3))


def test_jvp_of_constant_output_is_zero_with_output_shape() -> None:
    y, ydot = fad.jvp(lambda x: np.ones((2, 2)))((np.ones(3),), (np.ones(3),))
    assert np.shape(ydot) == (2, 2)
    np.testing.assert_array_equal(ydot, 0.0)


def test_jvp_pytree_primals_and_outputs() -> None:
    Point = namedtuple("Point", ["x", "y"])

    def f(p: Any, d: Any) -> Any:
        return {"r": p.x * d["s"], "list": [p.y**2, None]}

    primals = (Point(np.array([1.0, 2.0]), 3.0), {"s": 4.0})
    tangents = (Point(np.array([1.0, 0.0]), 1.0), {"s": 0.5})
    out, tan = fad.jvp(f)(primals, tangents)
    np.testing.assert_allclose(out["r"], [4.0, 8.0])
    assert out["list"][1] is None and tan["list"][1] is None
    np.testing.assert_allclose(tan["r"], np.array([1.0, 0.0]) * 4.0 + np.array([1.0, 2.0]) * 0.5)
    assert float(tan["list"][0]) == pytest.approx(2 * 3.0 * 1.0)


def test_jvp_has_aux() -> None:
    def f(x: Any) -> Any:
        return fnp.sum(x**2), {"double": 2 * x}

    out, tan, aux = fad.jvp(f, has_aux=True)((np.array([1.0, 2.0]),), (np.array([1.0, 1.0]),))
    assert float(out) == 5.0
    assert float(tan) == pytest.approx(6.0)
    assert not fad.is_tracer(aux["double"])
    np.testing.assert_allclose(aux["double"], [2.0, 4.0])


def test_jvp_accepts_lists_for_primals_and_tangents() -> None:
    y, ydot = fad.jvp(lambda x: x**3)([2.0], [1.0])
    assert float(ydot) == pytest.approx(12.0)


# ---------------------------------------------------------------------------
# linearize


def test_linearize_runs_f_once_and_pushforward_is_reusable() -> None:
    calls = []

    def f(x: Any) -> Any:
        calls.append(1)
        return fnp.sin(x) * x

    x = np.array([0.3, 1.2, -0.7])
    y, push = fad.linearize(f)(x)
    assert len(calls) == 1
    np.testing.assert_allclose(y, np.sin(x) * x)
    d = np.cos(x) * x + np.sin(x)
    for k in range(5):
        u = np.random.default_rng(k).normal(size=3)
        np.testing.assert_allclose(push(u), d * u, rtol=1e-12)
    # the pushforward is linear
    u1, u2 = np.ones(3), np.arange(3.0)
    np.testing.assert_allclose(push(2 * u1 - 3 * u2), 2 * push(u1) - 3 * push(u2), rtol=1e-12)
    assert len(calls) == 1, "the pushforward must not run f again"


def test_linearize_matches_jvp_for_several_arguments() -> None:
    f = lambda a, b: fnp.tanh(a @ b)  # noqa: E731
    a = np.arange(6.0).reshape(2, 3) / 6
    b = np.linspace(-1, 1, 3)
    da, db = np.ones((2, 3)), np.array([1.0, 0.0, -1.0])
    y, push = fad.linearize(f)(a, b)
    y2, ydot = fad.jvp(f)((a, b), (da, db))
    np.testing.assert_allclose(y, y2)
    np.testing.assert_allclose(push(da, db), ydot, rtol=1e-12)


def test_linearize_float32_pushforward_stays_float32() -> None:
    x = np.array([0.5, 1.0], np.float32)
    y, push = fad.linearize(lambda x: fnp.exp(x) * 2.0)(x)
    t = push(np.ones(2, np.float32))
    assert y.dtype == np.float32 and t.dtype == np.float32
    np.testing.assert_allclose(t, 2 * np.exp(x), rtol=1e-6)


# ---------------------------------------------------------------------------
# Jacobians


def _f_matrix(x: Any) -> Any:
    """A map from (2, 3) matrices to (3, 2) matrices that mixes entries."""
    return fnp.tanh(x.T * 2.0) + fnp.sum(x**2) * np.ones((3, 2))


def _f_matrix_np(x: np.ndarray) -> np.ndarray:
    return np.tanh(x.T * 2.0) + np.sum(x**2) * np.ones((3, 2))


X23 = np.linspace(-1.0, 1.0, 6).reshape(2, 3)


@pytest.mark.parametrize("jac", [fad.jacfwd, fad.jacrev, fad.jacobian], ids=["jacfwd", "jacrev", "jacobian"])
def test_jacobian_shape_is_out_shape_plus_in_shape(jac: Any) -> None:
    J = jac(_f_matrix)(X23)
    assert np.shape(J) == (3, 2) + (2, 3)
    np.testing.assert_allclose(J, numerical_jacobian(_f_matrix_np, [X23]), rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("jac", [fad.jacfwd, fad.jacrev], ids=["jacfwd", "jacrev"])
@pytest.mark.parametrize(
    "in_shape, out_fn",
    [
        ((), lambda x: x * np.arange(1.0, 4.0)),  # scalar -> vector
        ((3,), lambda x: fnp.sum(x**2)),  # vector -> scalar
        ((), lambda x: x**3),  # scalar -> scalar
        ((2, 2), lambda x: x @ x),  # matrix -> matrix
        ((4,), lambda x: fnp.reshape(x, (2, 1, 2))),  # vector -> 3-d
    ],
    ids=["scalar_to_vector", "vector_to_scalar", "scalar_to_scalar", "matrix_to_matrix", "vector_to_3d"],
)
def test_jacobian_shapes_for_scalar_and_tensor_inputs(jac: Any, in_shape: Any, out_fn: Any) -> None:
    x = np.linspace(0.2, 0.8, int(np.prod(in_shape))).reshape(in_shape)
    J = jac(out_fn)(x)
    out_shape = np.shape(out_fn(x))
    assert np.shape(J) == out_shape + in_shape
    np.testing.assert_allclose(J, numerical_jacobian(out_fn, [x]), rtol=1e-8, atol=1e-10)


def test_jacfwd_and_jacrev_agree_on_a_rectangular_map() -> None:
    A = np.arange(12.0).reshape(4, 3) / 10

    def f(x: Any) -> Any:
        return fnp.sin(A @ x) * fnp.sum(x)

    x = np.array([0.1, -0.4, 0.9])
    Jf, Jr = fad.jacfwd(f)(x), fad.jacrev(f)(x)
    assert Jf.shape == Jr.shape == (4, 3)
    np.testing.assert_allclose(Jf, Jr, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(Jf, numerical_jacobian(f, [x]), rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("jac", [fad.jacfwd, fad.jacrev], ids=["jacfwd", "jacrev"])
def test_jacobian_argnums_int_and_tuple(jac: Any) -> None:
    def f(a: Any, b: Any, c: Any) -> Any:
        return a * b + fnp.sin(c) * a

    a, b, c = np.array([1.0, 2.0]), np.array([3.0, -1.0]), np.array([0.5, 0.25])
    Jb = jac(f, argnums=1)(a, b, c)
    np.testing.assert_allclose(Jb, np.diag(a))
    Ja, Jc = jac(f, argnums=(0, 2))(a, b, c)
    np.testing.assert_allclose(Ja, np.diag(b + np.sin(c)))
    np.testing.assert_allclose(Jc, np.diag(np.cos(c) * a))
    (Jneg,) = jac(f, argnums=(-1,))(a, b, c)
    np.testing.assert_allclose(Jneg, Jc)


@pytest.mark.parametrize("jac", [fad.jacfwd, fad.jacrev], ids=["jacfwd", "jacrev"])
def test_jacobian_has_aux(jac: Any) -> None:
    def f(x: Any) -> Any:
        y = x**2
        return y, {"y": y, "n": 3}

    J, aux = jac(f, has_aux=True)(np.array([1.0, 2.0]))
    np.testing.assert_allclose(J, np.diag([2.0, 4.0]))
    assert not fad.is_tracer(aux["y"])
    np.testing.assert_allclose(aux["y"], [1.0, 4.0])
    assert aux["n"] == 3


@pytest.mark.parametrize("jac", [fad.jacfwd, fad.jacrev], ids=["jacfwd", "jacrev"])
def test_jacobian_of_pytree_output_and_input(jac: Any) -> None:
    def f(p: Any) -> Any:
        return {"a": p["w"] * p["b"], "b": fnp.sum(p["w"])}

    p = {"w": np.array([1.0, 2.0, 3.0]), "b": 2.0}
    J = jac(f)(p)
    np.testing.assert_allclose(J["a"]["w"], 2.0 * np.eye(3))
    np.testing.assert_allclose(J["a"]["b"], [1.0, 2.0, 3.0])
    np.testing.assert_allclose(J["b"]["w"], np.ones(3))
    assert float(J["b"]["b"]) == 0.0


@pytest.mark.parametrize("jac", [fad.jacfwd, fad.jacrev], ids=["jacfwd", "jacrev"])
def test_jacobian_float32_stays_float32(jac: Any) -> None:
    x = np.array([0.5, 1.5], np.float32)
    J = jac(lambda x: fnp.exp(x) * x[::-1])(x)
    assert J.dtype == np.float32
    x64 = x.astype(np.float64)
    np.testing.assert_allclose(J, numerical_jacobian(lambda x: np.exp(x) * x[::-1], [x64]), rtol=1e-5)


def test_jacobians_of_a_user_primitive_without_batched_rules() -> None:
    # rules written for one vector at a time: jacfwd / jacrev must apply them per basis vector
    L = np.tril(np.ones((3, 3)))
    cumsum = fad.primitive(np.cumsum, name="cumsum_unbatched_rules_test")
    fad.defvjp(cumsum, lambda y, ybar, x: fnp.matmul(L.T, ybar))
    fad.defjvp(cumsum, lambda xdot, y, x: fnp.matmul(L, xdot))
    x = np.array([1.0, -2.0, 0.5])
    expected = 2 * np.cumsum(x)[:, None] * L
    np.testing.assert_allclose(fad.jacfwd(lambda x: cumsum(x) ** 2)(x), expected)
    np.testing.assert_allclose(fad.jacrev(lambda x: cumsum(x) ** 2)(x), expected)
    np.testing.assert_allclose(fad.hessian(lambda x: fnp.sum(cumsum(x) ** 2))(x), 2 * L.T @ L)


def test_jacobian_is_jacrev() -> None:
    assert fad.jacobian is fad.jacrev


def test_jacfwd_runs_f_once_for_all_basis_vectors() -> None:
    calls = []

    def f(x: Any) -> Any:
        calls.append(1)
        return fnp.sin(x) * fnp.sum(x)

    J = fad.jacfwd(f)(np.linspace(0.1, 0.9, 7))
    assert J.shape == (7, 7)
    assert len(calls) == 1


def test_jacrev_runs_f_once_for_all_basis_vectors() -> None:
    calls = []

    def f(x: Any) -> Any:
        calls.append(1)
        return fnp.sin(x) * fnp.sum(x)

    J = fad.jacrev(f)(np.linspace(0.1, 0.9, 7))
    assert J.shape == (7, 7)
    assert len(calls) == 1


# ---------------------------------------------------------------------------
# hessian


def test_hessian_of_sum_of_cubes() -> None:
    H = fad.hessian(lambda x: fnp.sum(x**3))(np.array([1.0, 2.0]))
    np.testing.assert_allclose(H, np.diag([6.0, 12.0]))


def test_hessian_shape_for_matrix_input() -> None:
    def f(x: Any) -> Any:
        return fnp.sum(fnp.sin(x) * x[::-1, ::-1])

    x = np.linspace(-1, 1, 6).reshape(2, 3)
    H = fad.hessian(f)(x)
    assert H.shape == (2, 3, 2, 3)
    Hn = numerical_jacobian(lambda x: fad.grad(f)(x), [x])
    np.testing.assert_allclose(H, Hn, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(H.reshape(6, 6), H.reshape(6, 6).T, atol=1e-12)


def test_hessian_argnums() -> None:
    def f(x: Any, y: Any) -> Any:
        return fnp.sum(x**2 * y) + fnp.sum(y**3)

    x, y = np.array([1.0, 2.0]), np.array([3.0, 4.0])
    Hy = fad.hessian(f, argnums=1)(x, y)
    np.testing.assert_allclose(Hy, np.diag(6 * y))
    (Hxx, Hxy), (Hyx, Hyy) = fad.hessian(f, argnums=(0, 1))(x, y)
    np.testing.assert_allclose(Hxx, np.diag(2 * y))
    np.testing.assert_allclose(Hxy, np.diag(2 * x))
    np.testing.assert_allclose(Hyx, np.diag(2 * x))
    np.testing.assert_allclose(Hyy, np.diag(6 * y))


def test_hessian_runs_f_once() -> None:
    calls = []

    def f(x: Any) -> Any:
        calls.append(1)
        return fnp.sum(fnp.tanh(x) ** 2) * fnp.sum(x)

    H = fad.hessian(f)(np.linspace(-0.5, 0.5, 6))
    assert H.shape == (6, 6)
    assert len(calls) == 1


# ---------------------------------------------------------------------------
# elementwise_grad


def test_elementwise_grad_of_sin_is_cos() -> None:
    x = np.linspace(-3, 3, 7)
    np.testing.assert_allclose(fad.elementwise_grad(fnp.sin)(x), np.cos(x))


def test_elementwise_grad_of_matrix_map() -> None:
    x = np.linspace(0.5, 2.0, 6).reshape(2, 3)
    g = fad.elementwise_grad(lambda x: fnp.log(x) * x)(x)
    assert g.shape == (2, 3)
    np.testing.assert_allclose(g, np.log(x) + 1.0)


def test_elementwise_grad_argnums_tuple() -> None:
    x, y = np.array([1.0, 2.0]), np.array([3.0, 5.0])
    gx, gy = fad.elementwise_grad(lambda x, y: x * y**2, argnums=(0, 1))(x, y)
    np.testing.assert_allclose(gx, y**2)
    np.testing.assert_allclose(gy, 2 * x * y)


def test_elementwise_grad_twice_is_second_derivative() -> None:
    x = np.linspace(-1, 1, 5)
    d2 = fad.elementwise_grad(fad.elementwise_grad(fnp.tanh))(x)
    t = np.tanh(x)
    np.testing.assert_allclose(d2, -2 * t * (1 - t**2), rtol=1e-12)


def test_elementwise_grad_float32() -> None:
    x = np.linspace(-1, 1, 5, dtype=np.float32)
    g = fad.elementwise_grad(fnp.exp)(x)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, np.exp(x), rtol=1e-6)
