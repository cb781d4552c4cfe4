"""Errors: the right exception type, and a message that says what to do."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import fad
import fad.numpy as fnp

# ---------------------------------------------------------------------------
# grad needs a scalar output


@pytest.mark.parametrize("transform", [fad.grad, fad.value_and_grad], ids=["grad", "value_and_grad"])
@pytest.mark.parametrize(
    "f",
    [lambda x: x * 2.0, lambda x: fnp.reshape(fnp.sum(x), (1,)), lambda x: (fnp.sum(x), fnp.sum(x))],
    ids=["vector", "shape_1", "tuple_of_scalars"],
)
def test_grad_of_non_scalar_output_names_jacobian_and_vjp(transform: Any, f: Any) -> None:
    with pytest.raises(TypeError) as info:
        transform(f)(np.ones(3))
    msg = str(info.value)
    assert "scalar" in msg
    assert "jacobian" in msg and "vjp" in msg


def test_grad_of_integer_output_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="float"):
        fad.grad(lambda x: 3)(1.0)


# ---------------------------------------------------------------------------
# integer and other non-float inputs


@pytest.mark.parametrize(
    "transform",
    [
        lambda f, x: fad.grad(f)(x),
        lambda f, x: fad.value_and_grad(f)(x),
        lambda f, x: fad.vjp(f)(x),
        lambda f, x: fad.jvp(f)((x,), (x,)),
        lambda f, x: fad.linearize(f)(x),
        lambda f, x: fad.jacfwd(f)(x),
        lambda f, x: fad.jacrev(f)(x),
        lambda f, x: fad.hessian(f)(x),
        lambda f, x: fad.elementwise_grad(f)(x),
    ],
    ids=["grad", "value_and_grad", "vjp", "jvp", "linearize", "jacfwd", "jacrev", "hessian", "elementwise_grad"],
)
@pytest.mark.parametrize("x", [3, np.int64(3), np.arange(3), np.array([True, False])], ids=["int", "np.int64", "int_array", "bool_array"])
def test_non_float_inputs_are_a_type_error_suggesting_floats(transform: Any, x: Any) -> None:
    with pytest.raises(TypeError) as info:
        transform(lambda x: fnp.sum(x * 1.0), x)
    msg = str(info.value)
    assert "float" in msg
    assert "3.0" in msg or "astype" in msg  # says how to pass floats


def test_int_input_in_a_pytree_is_reported() -> None:
    with pytest.raises(TypeError, match="float"):
        fad.grad(lambda p: p["a"] * p["b"])({"a": 1.0, "b": 2})


def test_int_argument_not_differentiated_is_fine() -> None:
    assert float(fad.grad(lambda x, n: x**n)(2.0, 3)) == 12.0


def test_string_input_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        fad.grad(lambda x: x)("a")


# ---------------------------------------------------------------------------
# index assignment on a tracer


def test_index_assignment_points_to_at_set() -> None:
    def f(x: Any) -> Any:
        x[0] = 1.0
        return fnp.sum(x)

    with pytest.raises(TypeError) as info:
        fad.grad(f)(np.ones(3))
    msg = str(info.value)
    assert ".at[" in msg and ".set(" in msg


def test_slice_assignment_points_to_at_set() -> None:
    def f(x: Any) -> Any:
        x[1:] += 1.0
        return fnp.sum(x)

    with pytest.raises(TypeError, match=r"\.at\["):
        fad.grad(f)(np.ones(3))


# ---------------------------------------------------------------------------
# primitives without rules


def test_missing_vjp_rule_names_the_primitive() -> None:
    p = fad.primitive(np.sinc, name="sinc_without_vjp_rule")
    fad.defjvp(p, lambda xdot, y, x: xdot)
    with pytest.raises(TypeError) as info:
        fad.grad(p)(0.5)
    msg = str(info.value)
    assert "sinc_without_vjp_rule" in msg
    assert "defvjp" in msg


def test_missing_jvp_rule_names_the_primitive() -> None:
    p = fad.primitive(np.sinc, name="sinc_without_jvp_rule")
    fad.defvjp(p, lambda y, ybar, x: ybar)
    with pytest.raises(TypeError) as info:
        fad.jvp(p)((0.5,), (1.0,))
    msg = str(info.value)
    assert "sinc_without_jvp_rule" in msg
    assert "defjvp" in msg


def test_missing_rule_for_second_argument_names_the_primitive() -> None:
    p = fad.primitive(np.arctan2, name="arctan2_partial_rules")
    fad.defvjp(p, lambda y, ybar, a, b: ybar * b / (a * a + b * b))
    assert float(fad.grad(p)(1.0, 2.0)) == pytest.approx(2.0 / 5.0)
    with pytest.raises(TypeError, match="arctan2_partial_rules"):
        fad.grad(p, argnums=1)(1.0, 2.0)


def test_user_primitive_with_rules_works_on_plain_values_and_traced() -> None:
    cube = fad.primitive(lambda x: x**3, name="cube_for_error_tests")
    fad.defvjp(cube, lambda y, ybar, x: ybar * 3 * x**2)
    fad.defjvp(cube, lambda xdot, y, x: xdot * 3 * x**2)
    assert float(cube(2.0)) == 8.0
    assert float(fad.grad(cube)(2.0)) == 12.0
    assert float(fad.jvp(cube)((2.0,), (1.0,))[1]) == 12.0
    assert float(fad.grad(fad.grad(cube))(2.0)) == 12.0


# ---------------------------------------------------------------------------
# conversions that would lose the derivative


CONVERSIONS = {
    "np.asarray": lambda t: np.asarray(t),
    "np.array": lambda t: np.array(t),
    "np.array_of_list": lambda t: np.array([t, t]),
    "float": lambda t: float(t),
    "int": lambda t: int(t),
    "complex": lambda t: complex(t),
}


@pytest.mark.parametrize("convert", list(CONVERSIONS))
def test_converting_a_tracer_is_a_clear_type_error(convert: str) -> None:
    def f(x: Any) -> Any:
        CONVERSIONS[convert](x)
        return x

    with pytest.raises(TypeError) as info:
        fad.grad(f)(1.0)
    msg = str(info.value)
    assert "derivative" in msg
    assert "fad.numpy" in msg or "fnp" in msg  # what to use instead


def test_converting_a_forward_mode_tracer_is_an_error_too() -> None:
    with pytest.raises(TypeError, match="derivative"):
        fad.jvp(lambda x: np.asarray(x))((1.0,), (1.0,))


# ---------------------------------------------------------------------------
# unsupported NumPy calls on tracers


UNSUPPORTED = {
    "np.logaddexp.reduce (ufunc method)": (lambda t: np.logaddexp.reduce(t), "logaddexp.reduce"),
    "np.add.reduceat": (lambda t: np.add.reduceat(t, [0]), "add.reduceat"),
    "np.lib.stride_tricks.sliding_window_view (function)": (
        lambda t: np.lib.stride_tricks.sliding_window_view(t, 2), "stride_tricks.sliding_window_view"
    ),
}


@pytest.mark.parametrize("name", list(UNSUPPORTED))
def test_unsupported_numpy_call_on_tracer_is_a_clear_type_error(name: str) -> None:
    call, fn_name = UNSUPPORTED[name]

    def f(x: Any) -> Any:
        return fnp.sum(call(x))

    with pytest.raises(TypeError) as info:
        fad.grad(f)(np.array([1.0, 2.0]))
    msg = str(info.value)
    assert fn_name in msg
    assert "not supported" in msg
    assert "fad.numpy" in msg or "fad.primitive" in msg


def test_ufunc_with_out_argument_on_tracer_is_a_type_error() -> None:
    out = np.empty(2)

    def f(x: Any) -> Any:
        return fnp.sum(np.sin(x, out=out))

    with pytest.raises(TypeError, match="not supported"):
        fad.grad(f)(np.array([1.0, 2.0]))


def test_list_of_tracers_is_an_operand_for_fnp_and_an_error_for_plain_numpy() -> None:
    # fnp functions take lists holding Tracers (issue #9); NumPy's ufuncs cannot
    # dispatch on a list's contents, so np.exp([x, x]) says to build the array
    assert float(fad.grad(lambda x: fnp.sum(fnp.exp([x, x])))(0.0)) == 2.0
    with pytest.raises(TypeError, match="stack"):
        fad.grad(lambda x: fnp.sum(np.exp([x, x])))(1.0)


# ---------------------------------------------------------------------------
# escaped tracers


def test_tracer_used_after_its_transform_raises_escaped_error() -> None:
    leaked: list[Any] = []

    def f(x: Any) -> Any:
        leaked.append(x * 2.0)
        return x * 2.0

    fad.grad(f)(1.0)
    with pytest.raises(fad.EscapedTracerError) as info:
        leaked[0] + 1.0
    msg = str(info.value)
    assert "escaped" in msg
    assert "grad" in msg  # names the transform
    assert "has_aux" in msg or "Return" in msg  # says what to do


def test_escaped_tracer_through_global_state() -> None:
    state: dict[str, Any] = {}

    def f(x: Any) -> Any:
        state["last"] = fnp.tanh(x)
        return fnp.sum(state["last"])

    fad.grad(f)(np.ones(2))
    with pytest.raises(fad.EscapedTracerError, match="escaped"):
        fad.grad(lambda y: fnp.sum(y * state["last"]))(np.ones(2))


# ---------------------------------------------------------------------------
# jvp argument checks


@pytest.mark.parametrize(
    "primals, tangents, words",
    [
        ((np.ones(3),), (np.ones(2),), ["shape"]),
        ((np.ones((2, 3)),), (np.ones((3, 2)),), ["shape"]),
        ((np.ones(3),), (np.ones(3, np.float32),), ["dtype"]),
        ((np.ones(3, np.float32),), (np.ones(3),), ["dtype"]),
        ((np.ones(3),), (np.ones(3, np.int64),), ["dtype"]),
        ((np.ones(3),), ([np.ones(3)],), ["structure", "match"]),
        ((np.ones(3), 1.0), (np.ones(3),), ["structure", "match"]),
        (({"a": 1.0},), ({"b": 1.0},), ["structure", "match"]),
    ],
    ids=[
        "shape_length",
        "shape_transposed",
        "float32_tangent_for_float64",
        "float64_tangent_for_float32",
        "int_tangent_for_float",
        "list_for_array",
        "too_few_tangents",
        "dict_keys",
    ],
)
def test_jvp_mismatched_tangents_are_a_clear_error(primals: Any, tangents: Any, words: list[str]) -> None:
    f = lambda *a: fad.tree_leaves(a)[0] * 2.0  # noqa: E731
    with pytest.raises((ValueError, TypeError)) as info:
        fad.jvp(f)(primals, tangents)
    msg = str(info.value)
    for w in words:
        assert w in msg, f"{w!r} not in {msg!r}"


def test_jvp_needs_tuples() -> None:
    with pytest.raises(TypeError, match="tuple"):
        fad.jvp(lambda x: x * 2.0)(np.ones(3), np.ones(3))


def test_linearize_pushforward_checks_tangent_shape() -> None:
    _, push = fad.linearize(lambda x: x * 2.0)(np.ones(3))
    with pytest.raises(ValueError, match="shape"):
        push(np.ones(4))


def test_pullback_checks_cotangent_shape_and_structure() -> None:
    _, pullback = fad.vjp(lambda x: (x * 2.0, fnp.sum(x)))(np.ones(3))
    with pytest.raises(ValueError, match="shape"):
        pullback((np.ones(2), 1.0))
    with pytest.raises(ValueError, match="structure"):
        pullback(np.ones(3))


# ---------------------------------------------------------------------------
# other misuse


def test_has_aux_without_a_pair_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="pair"):
        fad.grad(lambda x: x * 2.0, has_aux=True)(1.0)


@pytest.mark.parametrize("argnums", [2, -3, (0, 5)])
def test_argnums_out_of_range_is_a_type_error(argnums: Any) -> None:
    with pytest.raises(TypeError, match="argnums"):
        fad.grad(lambda x, y: x * y, argnums=argnums)(1.0, 2.0)


def test_len_of_zero_d_tracer_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="0-d"):
        fad.grad(lambda x: len(x) * x)(1.0)


def test_traced_float_as_an_index_is_a_type_error() -> None:
    with pytest.raises((TypeError, IndexError)):
        fad.grad(lambda x: fnp.sum(fnp.getitem(np.ones(3), x)))(1.0)


# ---------------------------------------------------------------------------
# immutability


def _capture() -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def f(x: Any) -> Any:
        y = fnp.sum(fnp.sin(x), axis=0)
        seen["x"] = x
        seen["y"] = y
        seen["at"] = x.at
        seen["at_index"] = x.at[0]
        return fnp.sum(y)

    fad.grad(f)(np.ones((2, 2)))
    return seen


@pytest.mark.parametrize("attr", ["_node", "_trace", "node", "shape", "grad", "new_attribute"])
def test_setting_attributes_on_a_tracer_raises(attr: str) -> None:
    t = _capture()["y"]
    with pytest.raises(AttributeError):
        setattr(t, attr, None)


def test_deleting_attributes_on_a_tracer_raises() -> None:
    t = _capture()["y"]
    with pytest.raises(AttributeError):
        del t._node


def test_tracer_has_no_instance_dict() -> None:
    t = _capture()["y"]
    assert not hasattr(t, "__dict__")
    assert not hasattr(t, "grad")


@pytest.mark.parametrize("attr", ["prim", "args", "parents", "params", "value", "id", "grad", "new_attribute"])
def test_setting_attributes_on_a_node_raises(attr: str) -> None:
    node = _capture()["y"].node
    with pytest.raises(AttributeError):
        setattr(node, attr, None)


def test_node_params_cannot_be_changed() -> None:
    node = _capture()["y"].node
    assert node.prim.name == "sum" and dict(node.params)  # a node with parameters
    with pytest.raises(TypeError):
        node.params["axis"] = (0,)  # type: ignore[index]


def test_node_value_and_args_cannot_be_changed() -> None:
    node = _capture()["y"].node
    with pytest.raises(ValueError):
        node.value[0] = 1.0
    with pytest.raises(TypeError):
        node.args[0] = None  # type: ignore[index]
    with pytest.raises(ValueError):
        node.args[0][0, 0] = 1.0


@pytest.mark.parametrize("which", ["at", "at_index"])
def test_at_helpers_are_immutable(which: str) -> None:
    obj = _capture()[which]
    with pytest.raises(AttributeError):
        obj._x = None
