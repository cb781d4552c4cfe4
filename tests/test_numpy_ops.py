"""Reverse-mode derivatives of every fad.numpy op, against finite differences.

The ops and their argument draws are in tests/_op_cases.py; the finite
differences in tests/_fd.py. Further tests pin down indexing, functional
updates, NumPy dispatch, comparisons and dtype handling.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import fad
import fad.numpy as fnp
from _fd import assert_close, numerical_jacobian, numerical_vjp
from _catalogue import CASE_IDS, CASES, CASES_F32, INDEXES, SEEDS, X345, Example as Case

# ---------------------------------------------------------------------------
# every op, drawn shapes


def _cotangent(data: Any, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
    rng = np.random.default_rng(data.draw(SEEDS, label="cotangent seed"))
    return rng.normal(size=shape).astype(dtype)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
@given(data=st.data())
def test_grad_matches_finite_differences(case: Case, data: Any) -> None:
    fn, args = case.build(data, np.float64)
    expected = np.asarray(fn(*args))
    w = _cotangent(data, expected.shape, np.float64)
    nums = tuple(range(len(args)))

    def loss(*a: Any) -> Any:
        return fnp.sum(fn(*a) * w)

    value, grads = fad.value_and_grad(loss, argnums=nums)(*args)
    assert np.asarray(value) == pytest.approx(float(np.sum(expected * w)), rel=1e-12, abs=1e-12)
    reference = numerical_vjp(fn, args, w)
    assert isinstance(grads, tuple) and len(grads) == len(args)
    for i, (g, r, a) in enumerate(zip(grads, reference, args)):
        assert np.shape(g) == a.shape, f"gradient {i} has shape {np.shape(g)}, argument {a.shape}"
        assert np.result_type(g) == np.float64
        assert_close(g, r, err_msg=f"{case.name}: argument {i}")


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
@given(data=st.data())
def test_vjp_value_and_pullback(case: Case, data: Any) -> None:
    fn, args = case.build(data, np.float64)
    out, pullback = fad.vjp(fn)(*args)
    expected = np.asarray(fn(*args))
    assert not fad.is_tracer(out)
    assert np.shape(out) == expected.shape
    np.testing.assert_allclose(out, expected, rtol=1e-13, atol=1e-13)
    w = _cotangent(data, expected.shape, np.float64)
    cts = pullback(w)
    assert len(cts) == len(args)
    for i, (c, r, a) in enumerate(zip(cts, numerical_vjp(fn, args, w), args)):
        assert np.shape(c) == a.shape
        assert_close(c, r, err_msg=f"{case.name}: argument {i}")


@pytest.mark.parametrize("case", CASES_F32, ids=[c.name for c in CASES_F32])
@given(data=st.data())
def test_float32_values_and_cotangents_stay_float32(case: Case, data: Any) -> None:
    fn, args = case.build(data, np.float32)
    assert all(a.dtype == np.float32 for a in args)
    expected = np.asarray(fn(*args))
    assert expected.dtype == np.float32, "the test function itself should keep float32"
    out, pullback = fad.vjp(fn)(*args)
    assert np.result_type(out) == np.float32, f"{case.name}: value became {np.result_type(out)}"
    w = _cotangent(data, expected.shape, np.float32)
    cts = pullback(w)
    for i, (c, r, a) in enumerate(zip(cts, numerical_vjp(fn, args, w), args)):
        assert np.shape(c) == a.shape
        assert np.result_type(c) == np.float32, f"{case.name}: cotangent {i} is {np.result_type(c)}"
        assert_close(c, r, dtype=np.float32, err_msg=f"{case.name}: argument {i}")


# ---------------------------------------------------------------------------
# the worked examples of the issue that concern single ops


def test_gradient_of_two_x_dot_x_is_four_x() -> None:
    x = np.arange(4.0)
    g = fad.grad(lambda x: 2 * fnp.dot(x, x))(x)
    np.testing.assert_allclose(g, 4 * x)


def test_gradient_of_elementwise_sum_with_numpy_functions() -> None:
    x = np.linspace(-1.0, 1.0, 5)
    g = fad.grad(lambda x: np.sum(np.sin(x) * np.exp(x)))(x)
    np.testing.assert_allclose(g, np.cos(x) * np.exp(x) + np.sin(x) * np.exp(x))


# ---------------------------------------------------------------------------
# indexing: each form of index, gradient = scatter-add of ones



@pytest.mark.parametrize("index", [i for _, i in INDEXES], ids=[n for n, _ in INDEXES])
def test_getitem_gradient_is_scatter_add_of_the_cotangent(index: Any) -> None:
    expected_value = X345[index]
    w = np.random.default_rng(0).normal(size=expected_value.shape)
    value, g = fad.value_and_grad(lambda x: fnp.sum(x[index] * w))(X345)
    expected = np.zeros_like(X345)
    # np.add.at accumulates repeated indices, as the derivative must.
    np.add.at(expected, index, w)
    np.testing.assert_allclose(g, expected, rtol=1e-12, atol=1e-12)
    assert float(value) == pytest.approx(float(np.sum(expected_value * w)))


@pytest.mark.parametrize("index", [i for _, i in INDEXES], ids=[n for n, _ in INDEXES])
def test_getitem_value_matches_numpy(index: Any) -> None:
    out, _ = fad.vjp(lambda x: x[index])(X345)
    np.testing.assert_array_equal(out, X345[index])


def test_iterating_over_a_tracer_yields_rows_with_derivatives() -> None:
    x = np.arange(6.0).reshape(3, 2)
    g = fad.grad(lambda x: sum(fnp.sum(row) * k for k, row in enumerate(x)))(x)
    np.testing.assert_allclose(g, np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]))


# ---------------------------------------------------------------------------
# functional updates


def test_at_set_gradient_zeroes_the_overwritten_entries() -> None:
    x = np.arange(5.0)

    def f(x: Any, v: Any) -> Any:
        return fnp.sum(x.at[1:3].set(v) * np.arange(1.0, 6.0))

    gx, gv = fad.grad(f, argnums=(0, 1))(x, 10.0)
    np.testing.assert_allclose(gx, [1.0, 0.0, 0.0, 4.0, 5.0])
    assert float(gv) == pytest.approx(2.0 + 3.0)  # v is broadcast to both entries


def test_at_add_with_repeated_indices_accumulates() -> None:
    x = np.zeros(4)
    idx = np.array([1, 1, 3])

    def f(x: Any, v: Any) -> Any:
        y = x.at[idx].add(v)
        return fnp.sum(y * y)

    v = np.array([1.0, 2.0, 3.0])
    (y, _) = fad.vjp(lambda x, v: x.at[idx].add(v))(x, v)
    np.testing.assert_allclose(y, [0.0, 3.0, 0.0, 3.0])
    gx, gv = fad.grad(f, argnums=(0, 1))(x, v)
    np.testing.assert_allclose(gx, 2 * np.array([0.0, 3.0, 0.0, 3.0]))
    np.testing.assert_allclose(gv, [6.0, 6.0, 6.0])


def test_at_set_leaves_the_original_unchanged_and_get_reads() -> None:
    seen = {}

    def f(x: Any) -> Any:
        y = x.at[0].set(100.0)
        seen["x0"] = fad.concrete(x)[0]
        seen["y0"] = fad.concrete(y)[0]
        return fnp.sum(y) + x.at[2].get()

    g = fad.grad(f)(np.ones(3))
    assert seen == {"x0": 1.0, "y0": 100.0}
    np.testing.assert_allclose(g, [0.0, 1.0, 2.0])


def test_index_update_on_plain_arrays_is_a_copy() -> None:
    x = np.zeros(3)
    y = fnp.index_update(x, 1, 5.0)
    np.testing.assert_array_equal(y, [0.0, 5.0, 0.0])
    np.testing.assert_array_equal(x, np.zeros(3))


# ---------------------------------------------------------------------------
# NumPy dispatch and comparisons


def test_numpy_functions_on_tracers_return_tracers() -> None:
    kinds = {}

    def f(x: Any) -> Any:
        a = np.sin(x)
        b = np.sum(x, axis=0)
        c = np.ones((2, 3)) @ x
        d = np.ones(3) * x
        kinds.update(sin=type(a), sum=type(b), rmatmul=type(c), rmul=type(d))
        return fnp.sum(a) + fnp.sum(b) + fnp.sum(c) + fnp.sum(d)

    x = np.linspace(0.0, 1.0, 3)
    g = fad.grad(f)(x)
    assert set(kinds.values()) == {fad.Tracer}
    np.testing.assert_allclose(g, np.cos(x) + 1.0 + 2.0 + 1.0)


def test_ndarray_matmul_tracer_matches_the_transpose_product() -> None:
    a = np.arange(6.0).reshape(2, 3)
    w = np.array([1.0, -2.0])
    g = fad.grad(lambda x: fnp.sum((a @ x) * w))(np.ones(3))
    np.testing.assert_allclose(g, a.T @ w)


@pytest.mark.parametrize(
    "compare",
    [
        lambda x, y: x < y,
        lambda x, y: x <= y,
        lambda x, y: x > y,
        lambda x, y: x >= y,
        lambda x, y: x == y,
        lambda x, y: x != y,
    ],
    ids=["lt", "le", "gt", "ge", "eq", "ne"],
)
def test_comparisons_on_tracers_return_plain_numpy_bools(compare: Any) -> None:
    x0 = np.array([0.0, 1.0, 2.0])
    y0 = np.array([1.0, 1.0, 1.0])
    seen = []

    def f(x: Any, y: Any) -> Any:
        seen.append(compare(x, y))  # traced vs traced
        seen.append(compare(x, 1.0))  # traced vs constant
        seen.append(compare(x[0], y[0]))  # 0-d
        return fnp.sum(x * y)

    fad.grad(f, argnums=(0, 1))(x0, y0)
    assert len(seen) == 3
    for r in seen:
        assert not fad.is_tracer(r)
        assert isinstance(r, (np.ndarray, np.bool_))
        assert np.asarray(r).dtype == np.bool_
    np.testing.assert_array_equal(seen[0], compare(x0, y0))
    np.testing.assert_array_equal(seen[1], compare(x0, 1.0))
    assert bool(seen[2]) == bool(compare(x0[0], y0[0]))


def test_comparison_drives_control_flow_without_derivative() -> None:
    def relu_sum(x: Any) -> Any:
        return fnp.sum(fnp.where(x > 0, x, 0.0))

    g = fad.grad(relu_sum)(np.array([-1.0, 0.5, 2.0]))
    np.testing.assert_allclose(g, [0.0, 1.0, 1.0])


# ---------------------------------------------------------------------------
# reductions: explicit axis handling


@pytest.mark.parametrize(
    "axis, keepdims",
    [(None, False), (0, False), (-1, True), ((0, 2), False), ((-3, -1), True), ((), False), (1, True)],
)
def test_sum_and_mean_gradients_for_axes(axis: Any, keepdims: bool) -> None:
    x = np.arange(24.0).reshape(2, 3, 4)
    out = np.sum(x, axis=axis, keepdims=keepdims)
    w = np.arange(1.0, out.size + 1).reshape(out.shape)
    g_sum = fad.grad(lambda x: fnp.sum(fnp.sum(x, axis=axis, keepdims=keepdims) * w))(x)
    g_mean = fad.grad(lambda x: fnp.sum(fnp.mean(x, axis=axis, keepdims=keepdims) * w))(x)
    wk = w if keepdims else np.expand_dims(w, axis) if axis is not None else w
    expected = np.broadcast_to(wk, x.shape)
    np.testing.assert_allclose(g_sum, expected)
    count = x.size // out.size
    np.testing.assert_allclose(g_mean, expected / count)


# ---------------------------------------------------------------------------
# power at a zero base


@pytest.mark.parametrize("n, expected", [(0, 0.0), (1, 1.0), (2, 0.0), (3, 0.0)])
def test_integer_power_derivative_at_zero_base_is_exact(n: int, expected: float) -> None:
    # d/dx x**n = n x**(n-1): finite at x = 0 for every integer n >= 0
    g = fad.grad(lambda x: x**n)(0.0)
    _, t = fad.jvp(lambda x: x**n)((0.0,), (1.0,))
    assert float(g) == expected
    assert float(t) == expected


def test_second_derivative_of_square_at_zero() -> None:
    assert float(fad.grad(fad.grad(lambda x: x**2))(0.0)) == 2.0
    assert float(fad.grad(fad.grad(lambda x: x**2.0))(0.0)) == 2.0


def test_power_exponent_derivative_uses_log_of_positive_base() -> None:
    # d/dy 2**y = 2**y log 2; d/dy 0**y = 0 for y > 0 (log 0 is taken as 0)
    assert float(fad.grad(lambda y: 2.0**y)(3.0)) == pytest.approx(8 * np.log(2.0))
    assert float(fad.grad(lambda y: 0.0**y)(2.0)) == 0.0


# ---------------------------------------------------------------------------
# dtypes


def test_astype_float32_round_trip_gradient_has_input_dtype() -> None:
    x = np.array([1.0, 2.0, 3.0])
    g = fad.grad(lambda x: fnp.sum(fnp.astype(x, np.float32) ** 2))(x)
    assert g.dtype == np.float64
    np.testing.assert_allclose(g, 2 * x, rtol=1e-6)


def test_astype_float32_to_float64_gradient_is_float32() -> None:
    x = np.array([1.0, 2.0, 3.0], dtype=np.float32)
    g = fad.grad(lambda x: fnp.sum(x.astype(np.float64) ** 3))(x)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, 3 * x.astype(np.float64) ** 2, rtol=1e-6)


def test_float32_scalar_grad_stays_float32() -> None:
    g = fad.grad(lambda x: fnp.tanh(x) * 3.0 + x**2)(np.float32(0.5))
    assert np.result_type(g) == np.float32
    assert float(g) == pytest.approx(3 * (1 - np.tanh(0.5) ** 2) + 1.0, rel=1e-6)


def test_float32_matmul_chain_keeps_float32() -> None:
    a = np.arange(6, dtype=np.float32).reshape(2, 3) / 6
    x = np.ones(3, np.float32)
    g = fad.grad(lambda x: fnp.sum(fnp.tanh(a @ x) ** 2))(x)
    assert g.dtype == np.float32
    t = np.tanh(a.astype(np.float64) @ x)
    np.testing.assert_allclose(g, a.T.astype(np.float64) @ (2 * t * (1 - t**2)), rtol=1e-5)


def test_jacobian_of_elementwise_op_matches_fd_jacobian() -> None:
    # a cross-check of the helper itself: full Jacobians from fad vs from _fd
    x = np.linspace(0.1, 0.9, 4)
    jac = fad.jacobian(lambda x: fnp.sin(x) * x[::-1])(x)
    np.testing.assert_allclose(jac, numerical_jacobian(lambda x: np.sin(x) * x[::-1], [x]), rtol=1e-8, atol=1e-10)
