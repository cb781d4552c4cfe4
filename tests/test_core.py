"""The core contract: grad, value_and_grad, vjp, argnums, has_aux, pytrees, nesting."""

from __future__ import annotations

import dataclasses
import math
import threading
from collections import namedtuple
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import fad
import fad.numpy as fnp
from fad._graph import Node

# ---------------------------------------------------------------------------
# worked examples


def test_worked_example_x_plus_y_times_z() -> None:
    def f(x: Any, y: Any, z: Any) -> Any:
        return (x + y) * z

    gx, gy, gz = fad.grad(f, argnums=(0, 1, 2))(-2.0, 5.0, -4.0)
    assert (float(gx), float(gy), float(gz)) == (-4.0, -4.0, 3.0)
    value, pullback = fad.vjp(f)(-2.0, 5.0, -4.0)
    assert float(value) == -12.0
    assert tuple(float(c) for c in pullback(1.0)) == (-4.0, -4.0, 3.0)


def test_worked_example_log_x1_plus_x1_x2_minus_sin_x2() -> None:
    def f(x1: Any, x2: Any) -> Any:
        return fnp.log(x1) + x1 * x2 - fnp.sin(x2)

    g1, g2 = fad.grad(f, argnums=(0, 1))(2.0, 5.0)
    assert float(g1) == pytest.approx(5.5, rel=1e-15)
    assert float(g2) == pytest.approx(2.0 - math.cos(5.0), rel=1e-15)
    v, (h1, h2) = fad.value_and_grad(f, argnums=(0, 1))(2.0, 5.0)
    assert float(v) == pytest.approx(math.log(2.0) + 10.0 - math.sin(5.0))
    assert (float(h1), float(h2)) == (float(g1), float(g2))


def test_worked_example_gradient_of_two_x_dot_x() -> None:
    x = np.arange(4.0)
    g = fad.grad(lambda x: 2 * fnp.dot(x, x))(x)
    assert isinstance(g, np.ndarray) and g.shape == (4,) and g.dtype == np.float64
    np.testing.assert_array_equal(g, 4 * x)


# ---------------------------------------------------------------------------
# grad, value_and_grad, argnums, has_aux


def test_grad_returns_plain_values_of_the_argument_shape() -> None:
    g = fad.grad(lambda x: fnp.sum(x**2))(np.ones((2, 3)))
    assert not fad.is_tracer(g)
    assert g.shape == (2, 3)
    np.testing.assert_array_equal(g, 2.0)


def test_grad_is_lazy_and_keeps_the_name() -> None:
    calls = []

    def my_function(x: Any) -> Any:
        calls.append(x)
        return x * x

    gf = fad.grad(my_function)
    assert calls == []
    assert gf.__name__ == "my_function"
    assert float(gf(3.0)) == 6.0
    assert len(calls) == 1


def test_value_and_grad() -> None:
    v, g = fad.value_and_grad(lambda x: fnp.sum(fnp.exp(x)))(np.array([0.0, 1.0]))
    assert float(v) == pytest.approx(1.0 + math.e)
    np.testing.assert_allclose(g, [1.0, math.e])
    assert not fad.is_tracer(v)


def test_has_aux_grad_and_value_and_grad() -> None:
    def f(x: Any) -> Any:
        y = fnp.sum(x**2)
        return y, {"y": y, "x": x, "label": "loss"}

    x = np.array([1.0, 2.0])
    g, aux = fad.grad(f, has_aux=True)(x)
    np.testing.assert_allclose(g, 2 * x)
    assert float(aux["y"]) == 5.0 and aux["label"] == "loss"
    assert not fad.is_tracer(aux["y"]) and not fad.is_tracer(aux["x"])
    np.testing.assert_array_equal(aux["x"], x)
    (v, aux2), g2 = fad.value_and_grad(f, has_aux=True)(x)
    assert float(v) == 5.0
    np.testing.assert_allclose(g2, 2 * x)
    assert float(aux2["y"]) == 5.0


def test_vjp_has_aux() -> None:
    out, pullback, aux = fad.vjp(lambda x: (x * 2.0, x**2), has_aux=True)(3.0)
    assert float(out) == 6.0 and float(aux) == 9.0
    (ct,) = pullback(1.0)
    assert float(ct) == 2.0


def _three(a: Any, b: Any, c: Any) -> Any:
    return a * b**2 + fnp.sin(c) * a


A, B, C = 2.0, 3.0, 0.5
DA, DB, DC = B**2 + math.sin(C), 2 * A * B, math.cos(C) * A


@pytest.mark.parametrize(
    "argnums, expected",
    [
        (0, DA),
        (1, DB),
        (2, DC),
        (-1, DC),
        (-3, DA),
        ((0,), (DA,)),
        ((2, 0), (DC, DA)),
        ((0, 1, 2), (DA, DB, DC)),
        ((-1, 1), (DC, DB)),
    ],
)
def test_argnums_int_tuple_and_negative(argnums: Any, expected: Any) -> None:
    g = fad.grad(_three, argnums=argnums)(A, B, C)
    if isinstance(expected, tuple):
        assert isinstance(g, tuple) and len(g) == len(expected)
        for gi, ei in zip(g, expected):
            assert float(gi) == pytest.approx(ei, rel=1e-15)
    else:
        assert not isinstance(g, tuple)
        assert float(g) == pytest.approx(expected, rel=1e-15)


def test_non_differentiated_arguments_may_be_anything() -> None:
    def f(x: Any, n: int, name: str) -> Any:
        assert isinstance(n, int) and name == "ok"
        return x**n

    assert float(fad.grad(f)(2.0, 3, "ok")) == 12.0


def test_gradient_of_unused_argument_is_zero_of_its_shape_and_dtype() -> None:
    gx, gy = fad.grad(lambda x, y: fnp.sum(x), argnums=(0, 1))(np.ones(2), np.ones((3, 1), np.float32))
    np.testing.assert_array_equal(gx, 1.0)
    assert gy.shape == (3, 1) and gy.dtype == np.float32
    np.testing.assert_array_equal(gy, 0.0)


def test_grad_of_constant_function_is_zero() -> None:
    g = fad.grad(lambda x: 3.0)(np.ones(2))
    np.testing.assert_array_equal(g, np.zeros(2))


def test_grad_does_not_modify_inputs() -> None:
    x = np.array([1.0, 2.0, 3.0])
    before = x.copy()
    fad.grad(lambda x: fnp.sum(x.at[0].set(5.0) ** 2))(x)
    np.testing.assert_array_equal(x, before)
    assert x.flags.writeable


def test_numpy_scalar_and_zero_d_inputs() -> None:
    for x in [np.float64(2.0), np.array(2.0), 2.0]:
        g = fad.grad(lambda x: x**3)(x)
        assert float(g) == 12.0
        assert np.shape(g) == ()


def test_stop_gradient_blocks_the_derivative() -> None:
    assert float(fad.grad(lambda x: x * fad.stop_gradient(x))(3.0)) == 3.0
    assert float(fad.grad(lambda x: fad.stop_gradient(x**2) + x)(3.0)) == 1.0


# ---------------------------------------------------------------------------
# pytrees


Pair = namedtuple("Pair", ["first", "second"])


@fad.register_dataclass
@dataclasses.dataclass
class Params:
    w: Any
    b: Any


class Box:
    """A custom container registered by hand."""

    def __init__(self, inside: Any, tag: str) -> None:
        self.inside = inside
        self.tag = tag


fad.register_pytree_node(Box, lambda b: ((b.inside,), b.tag), lambda tag, ch: Box(ch[0], tag))


def _tree_loss(tree: Any) -> Any:
    leaves = fad.tree_leaves(tree)
    return fnp.sum(fnp.stack([fnp.sum(leaf**2) * (k + 1) for k, leaf in enumerate(leaves)]))


TREES = {
    "dict": {"b": np.array([1.0, 2.0]), "a": 3.0},
    "list": [np.ones(2), 2.0, [np.array(4.0)]],
    "tuple": (1.0, (2.0, np.arange(3.0))),
    "namedtuple": Pair(np.array([1.0, -1.0]), 0.5),
    "none_inside": {"x": 2.0, "nothing": None, "y": [None, 3.0]},
    "dataclass": Params(w=np.arange(4.0).reshape(2, 2), b=np.array([0.5, 1.5])),
    "custom": Box({"k": np.array([2.0, 3.0])}, tag="t"),
    "nested_everything": [Params(w=Pair(1.0, 2.0), b={"z": (3.0, None)})],
}


@pytest.mark.parametrize("name", list(TREES))
def test_grad_of_pytree_argument_has_its_structure(name: str) -> None:
    tree = TREES[name]
    g = fad.grad(_tree_loss)(tree)
    g_leaves, g_def = fad.tree_flatten(g)
    t_leaves, t_def = fad.tree_flatten(tree)
    assert g_def == t_def
    assert type(g) is type(tree)
    for k, (gl, tl) in enumerate(zip(g_leaves, t_leaves)):
        assert np.shape(gl) == np.shape(tl)
        np.testing.assert_allclose(gl, 2 * (k + 1) * np.asarray(tl))


@pytest.mark.parametrize("name", list(TREES))
def test_vjp_pytree_in_and_out(name: str) -> None:
    tree = TREES[name]

    def f(t: Any) -> Any:
        # an output with the same structure, each leaf mapped
        return fad.tree_map(lambda leaf: fnp.sin(leaf) * 2.0, t)

    out, pullback = fad.vjp(f)(tree)
    out_leaves, out_def = fad.tree_flatten(out)
    t_leaves, t_def = fad.tree_flatten(tree)
    assert out_def == t_def
    for o, leaf in zip(out_leaves, t_leaves):
        assert not fad.is_tracer(o)
        np.testing.assert_allclose(o, 2 * np.sin(leaf))
    ct = fad.tree_map(lambda leaf: np.ones(np.shape(leaf)), tree)
    (g,) = pullback(ct)
    g_leaves, g_def = fad.tree_flatten(g)
    assert g_def == t_def
    for gl, leaf in zip(g_leaves, t_leaves):
        np.testing.assert_allclose(gl, 2 * np.cos(leaf))


def test_vjp_output_dict_of_mixed_shapes_and_several_primals() -> None:
    def f(x: Any, p: Any) -> Any:
        return {"scalar": fnp.sum(x * p.w), "vec": x * p.b, "none": None}

    x = np.array([1.0, 2.0])
    p = Params(w=np.array([3.0, 4.0]), b=2.0)
    out, pullback = fad.vjp(f)(x, p)
    assert out["none"] is None
    assert float(out["scalar"]) == 11.0
    gx, gp = pullback({"scalar": 1.0, "vec": np.array([1.0, -1.0]), "none": None})
    np.testing.assert_allclose(gx, p.w + np.array([1.0, -1.0]) * 2.0)
    assert isinstance(gp, Params)
    np.testing.assert_allclose(gp.w, x)
    assert float(gp.b) == pytest.approx(1.0 - 2.0)


def test_vjp_pullback_can_be_called_many_times() -> None:
    calls = []

    def f(x: Any) -> Any:
        calls.append(1)
        return fnp.sin(x)

    x = np.array([0.1, 0.2])
    _, pullback = fad.vjp(f)(x)
    for s in [1.0, 2.0, -3.0]:
        (g,) = pullback(np.full(2, s))
        np.testing.assert_allclose(g, s * np.cos(x))
    assert len(calls) == 1


def test_grad_of_namedtuple_and_list_outputs_via_has_aux() -> None:
    def f(x: Any) -> Any:
        return fnp.sum(x), Pair([x * 2.0], None)

    g, aux = fad.grad(f, has_aux=True)(np.ones(2))
    assert isinstance(aux, Pair) and aux.second is None
    np.testing.assert_array_equal(aux.first[0], [2.0, 2.0])


# ---------------------------------------------------------------------------
# nested gradients


NESTED = {
    "sin": (fnp.sin, [math.cos, lambda x: -math.sin(x), lambda x: -math.cos(x)]),
    "exp": (fnp.exp, [math.exp] * 3),
    "x**4": (lambda x: x**4, [lambda x: 4 * x**3, lambda x: 12 * x**2, lambda x: 24 * x]),
    "tanh": (
        fnp.tanh,
        [
            lambda x: 1 - math.tanh(x) ** 2,
            lambda x: -2 * math.tanh(x) * (1 - math.tanh(x) ** 2),
            lambda x: -2 + 8 * math.tanh(x) ** 2 - 6 * math.tanh(x) ** 4,
        ],
    ),
    "log": (fnp.log, [lambda x: 1 / x, lambda x: -1 / x**2, lambda x: 2 / x**3]),
    "1/x": (lambda x: 1.0 / x, [lambda x: -1 / x**2, lambda x: 2 / x**3, lambda x: -6 / x**4]),
    "x*exp(-x)": (
        lambda x: x * fnp.exp(-x),
        [
            lambda x: (1 - x) * math.exp(-x),
            lambda x: (x - 2) * math.exp(-x),
            lambda x: (3 - x) * math.exp(-x),
        ],
    ),
}


@pytest.mark.parametrize("name", list(NESTED))
@given(x=st.floats(0.1, 3.0))
def test_nested_grad_to_third_order(name: str, x: float) -> None:
    f, derivs = NESTED[name]
    g = f
    for order in range(3):
        g = fad.grad(g)
        assert float(g(x)) == pytest.approx(derivs[order](x), rel=1e-11, abs=1e-13), (name, order + 1)


def test_nested_grad_with_vector_inner_function() -> None:
    # d/dx sum(grad(y -> sum(sin(x * y)))(y0)) at x
    y0 = np.array([0.5, 1.0])

    def inner_sum(x: Any) -> Any:
        return fnp.sum(fad.grad(lambda y: fnp.sum(fnp.sin(x * y)))(y0))  # sum x cos(x y)

    x = 0.3
    expected = float(np.sum(np.cos(x * y0) - x * y0 * np.sin(x * y0)))
    assert float(fad.grad(inner_sum)(x)) == pytest.approx(expected, rel=1e-12)


def test_perturbation_confusion_classic_example() -> None:
    assert float(fad.grad(lambda x: x * fad.grad(lambda y: x + y)(1.0))(1.0)) == 1.0


def test_closure_over_outer_variable_example() -> None:
    assert float(fad.grad(lambda x: fad.grad(lambda y: (x * y) ** 2)(3.0))(2.0)) == 24.0


def test_grad_of_grad_of_function_of_two_arguments() -> None:
    def f(x: Any, y: Any) -> Any:
        return x**2 * y**3

    dxy = fad.grad(fad.grad(f, argnums=0), argnums=1)(2.0, 3.0)
    assert float(dxy) == pytest.approx(2 * 2.0 * 3 * 3.0**2)


# ---------------------------------------------------------------------------
# graph objects


def test_tracer_exposes_its_node_and_graph() -> None:
    seen = {}

    def f(x: Any) -> Any:
        y = fnp.sin(x) * 2.0
        seen["y"] = y
        seen["text"] = y.format_graph()
        seen["node"] = y.node
        seen["shape"] = (y.shape, y.ndim, y.size, y.dtype)
        return y

    fad.grad(f)(0.5)
    node = seen["node"]
    assert isinstance(node, Node)
    assert node.prim is not None and node.prim.name == "multiply"
    assert "sin" in seen["text"] and "multiply" in seen["text"] and "input" in seen["text"]
    assert seen["shape"] == ((), 0, 1, np.dtype(np.float64))
    assert "sin" in fad.format_graph([node])
    assert fad.to_dot([node]).startswith("digraph")


def test_node_values_are_read_only() -> None:
    nodes = []

    def f(x: Any) -> Any:
        y = fnp.exp(x)
        nodes.append(y.node)
        return fnp.sum(y)

    fad.grad(f)(np.ones(3))
    value = nodes[0].value
    assert isinstance(value, np.ndarray)
    with pytest.raises(ValueError):
        value[0] = 2.0


# ---------------------------------------------------------------------------
# threads


def test_two_threads_can_differentiate_at_once() -> None:
    errors: list[BaseException] = []
    results: dict[int, list[float]] = {0: [], 1: []}
    barrier = threading.Barrier(2)

    def work(k: int) -> None:
        try:
            barrier.wait()
            for i in range(200):
                x = 0.1 * (i % 7) + k
                g = fad.grad(lambda x: x * fad.grad(lambda y: fnp.sin(x * y))(1.0))(x)
                # d/dx [x * x cos(x)] = 2x cos x - x^2 sin x
                results[k].append(float(g) - (2 * x * math.cos(x) - x * x * math.sin(x)))
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for k in range(2):
        assert len(results[k]) == 200
        assert max(abs(r) for r in results[k]) < 1e-12
