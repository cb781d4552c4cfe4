"""Edge cases found in review: each test failed (or crashed) before its fix."""

from __future__ import annotations

import collections
from typing import Any

import numpy as np
import pytest

import fad
import fad.numpy as fnp
from _fd import numerical_jacobian


def test_index_update_with_repeated_indices_differentiates_the_winning_write() -> None:
    w = np.array([1.0, 2.0, 3.0])

    def f(v: Any) -> Any:
        return fnp.sum(fnp.index_update(np.zeros(3), np.array([0, 0]), v) * w)

    v = np.array([1.0, 2.0])
    for route in (fad.grad(f), fad.jacfwd(f), fad.jacrev(f)):
        np.testing.assert_array_equal(route(v), [0.0, 1.0])  # NumPy keeps the last write


def test_index_update_keeps_the_dtype_of_x() -> None:
    x = np.zeros(3, np.float32)
    assert fnp.index_update(x, 0, np.float64(1.0)).dtype == np.float32
    g = fad.grad(lambda x: fnp.sum(x.at[0].set(np.float64(2.0)) * x))(x)
    assert g.dtype == np.float32


@pytest.mark.parametrize(
    "shape, offset, axes",
    [((3, 3), 0, (0, 1)), ((3, 4), 1, (0, 1)), ((4, 3), -2, (0, 1)), ((2, 3, 4), 0, (0, 1)), ((2, 3, 4), 1, (2, 0))],
)
def test_trace_follows_numpy_for_offsets_and_stacks(shape: tuple[int, ...], offset: int, axes: tuple[int, int]) -> None:
    x = np.random.default_rng(0).normal(size=shape)
    want = np.trace(x, offset, *axes)
    f = lambda x: fnp.trace(x, offset, *axes)  # noqa: E731
    np.testing.assert_allclose(fad.vjp(f)(x)[0], want)
    jac = fad.jacrev(f)(x)
    assert jac.shape == np.shape(want) + shape
    np.testing.assert_allclose(jac, fad.jacfwd(f)(x))
    # the Jacobian of a trace selects the diagonal: its entries sum to the
    # number of diagonal elements
    assert jac.sum() == pytest.approx(np.size(np.diagonal(x, offset, *axes)))


def test_complex_intermediates_give_the_real_derivative() -> None:
    f = lambda x: fnp.abs(x * (1 + 1j))  # noqa: E731  (|x| sqrt 2)
    assert float(fad.grad(f)(2.0)) == pytest.approx(np.sqrt(2))
    assert float(fad.jvp(f)((2.0,), (1.0,))[1]) == pytest.approx(np.sqrt(2))
    assert float(fad.grad(f)(-2.0)) == pytest.approx(-np.sqrt(2))


def test_symbolic_zero_rules_work_in_looped_batches() -> None:
    zp = fad.primitive(lambda x: x * 1.0, name="edge_zero_rules")
    fad.defvjp(zp, lambda y, ybar, x: None)
    fad.defjvp(zp, lambda xdot, y, x: None)
    np.testing.assert_array_equal(fad.jacfwd(zp)(np.ones(3)), np.zeros((3, 3)))
    np.testing.assert_array_equal(fad.jacrev(zp)(np.ones(3)), np.zeros((3, 3)))


def test_keyword_arguments_pass_through_transforms_undifferentiated() -> None:
    def f(x: Any, scale: float = 1.0) -> Any:
        return fnp.sum(x**2) * scale

    x = np.array([1.0, 2.0])
    np.testing.assert_allclose(fad.grad(f)(x, scale=3.0), 6 * x)
    np.testing.assert_allclose(fad.value_and_grad(f)(x, scale=3.0)[1], 6 * x)
    np.testing.assert_allclose(fad.hessian(f)(x, scale=3.0), 6 * np.eye(2))
    np.testing.assert_allclose(fad.jacfwd(f)(x, scale=2.0), 4 * x)
    np.testing.assert_allclose(fad.elementwise_grad(lambda x, k=1.0: x * k)(x, k=5.0), [5.0, 5.0])


def test_grad_of_a_structured_output_is_an_error() -> None:
    with pytest.raises(TypeError, match="scalar"):
        fad.grad(lambda x: {"a": x * x})(1.0)


def test_shape_helpers_accept_what_numpy_accepts() -> None:
    x = np.arange(3.0)
    np.testing.assert_array_equal(fad.jacrev(lambda x: fnp.hstack([x[0], x[1]]))(x), np.eye(3)[:2])
    assert fad.vjp(lambda x: fnp.vstack([x[0], x[1]]))(x)[0].shape == np.vstack([x[0], x[1]]).shape
    assert fad.jacrev(lambda x: fnp.broadcast_to(x[0], 3))(x).shape == (3, 3)
    assert fad.vjp(lambda x: x[np.True_])(x)[0].shape == x[np.True_].shape


def test_numpy_tests_and_index_functions_run_on_concrete_values() -> None:
    def f(x: Any) -> Any:
        keep = np.isfinite(x) & np.greater(x, 0)
        i = np.argmax(x)
        assert np.allclose(x, x) and np.any(x > 0)
        return fnp.sum(fnp.where(keep, x, 0.0)) + x[i] + np.sum(np.floor(x))

    np.testing.assert_allclose(fad.grad(f)(np.array([1.0, -2.0, 3.0])), [1.0, 0.0, 2.0])


def test_unsupported_keywords_through_dispatch_say_what_happened() -> None:
    with pytest.raises(TypeError, match="fad.numpy.reshape"):
        fad.grad(lambda x: fnp.sum(np.reshape(x, (2,), order="F")))(np.ones(2))


def test_ordered_and_default_dicts_are_pytrees() -> None:
    od = collections.OrderedDict([("b", 1.0), ("a", 2.0)])
    g = fad.grad(lambda p: p["a"] * p["b"])(od)
    assert isinstance(g, collections.OrderedDict) and list(g) == ["b", "a"]
    assert float(g["b"]) == 2.0
    dd = collections.defaultdict(float, {"x": 1.0, "y": 3.0})
    g2 = fad.grad(lambda p: p["x"] * p["y"])(dd)
    assert isinstance(g2, collections.defaultdict) and float(g2["x"]) == 3.0


def test_concatenating_many_values_is_linear_in_their_number() -> None:
    # the forward sweep makes one concatenation, not one per argument
    k = 300
    xs = np.arange(float(k))
    f = lambda x: fnp.stack([x[i] * x[i] for i in range(k)])  # noqa: E731
    _, ydot = fad.jvp(f)((xs,), (np.ones(k),))
    np.testing.assert_allclose(ydot, 2 * xs)
    np.testing.assert_allclose(fad.grad(lambda x: fnp.sum(f(x)))(xs), 2 * xs)


def test_jacobian_blocks_take_the_dtype_of_the_cotangent_or_tangent() -> None:
    # jacrev's blocks are cotangents of the inputs; jacfwd's are tangents of the
    # outputs: the same whether or not an input is reached
    x32 = np.ones(2, np.float32)
    x64 = np.ones(2)
    ja, jb = fad.jacrev(lambda a, b: a * 2.0, argnums=(0, 1))(x32, x64)
    assert ja.dtype == np.float32 and jb.dtype == np.float64
    fa, fb = fad.jacfwd(lambda a, b: a * 2.0, argnums=(0, 1))(x32, x64)
    assert fa.dtype == np.float32 and fb.dtype == np.float32


def test_a_user_primitive_cannot_take_the_name_of_one_of_fads() -> None:
    with pytest.raises(ValueError, match="another name"):
        fad.primitive(np.cos, name="sin")
    assert fad._primitive.registry["sin"].impl is np.sin


def test_tracer_methods_users_reach_for() -> None:
    x = np.array([[1.5, -2.25, 3.1]])  # away from the kinks of clip and mod

    def f(t: Any) -> Any:
        i = t.argmax()
        return t.squeeze()[i] + t.var() + t.std(ddof=1) + t.clip(0.0, 2.0).sum() + (t % 1.0).sum() + t.copy().sum()

    g = fad.grad(f)(x)
    np.testing.assert_allclose(g, numerical_jacobian(f, [x]), rtol=1e-6, atol=1e-6)
    assert int(fad.grad(lambda t: (t // 1.0).sum() + t.sum())(x).sum()) == 3
    with pytest.raises(TypeError, match="drop its derivative"):
        fad.grad(lambda t: t.sum().item())(x)


def test_hessian_with_aux() -> None:
    x = np.array([1.0, 2.0])
    h, aux = fad.hessian(lambda x: (fnp.sum(x**3), {"total": fnp.sum(x)}), has_aux=True)(x)
    np.testing.assert_allclose(h, np.diag(6 * x))
    assert float(aux["total"]) == 3.0 and not fad.is_tracer(aux["total"])


def test_tracer_reduction_and_ordering_methods() -> None:
    x = np.array([3.0, 1.0, 2.0])
    np.testing.assert_allclose(fad.grad(lambda t: t.prod())(x), [2.0, 6.0, 3.0])
    np.testing.assert_allclose(fad.grad(lambda t: t.cumsum().sum())(x), [3.0, 2.0, 1.0])
    np.testing.assert_allclose(fad.grad(lambda t: t.cumprod()[-1])(x), [2.0, 6.0, 3.0])
    np.testing.assert_allclose(fad.grad(lambda t: (fnp.sort(t) * np.array([1.0, 10.0, 100.0])).sum())(x), [100.0, 1.0, 10.0])
    with pytest.raises(TypeError, match=r"fnp\.sort\(x"):  # in place on an ndarray: refused
        fad.grad(lambda t: t.sort())(x)
