"""Error messages that say what went wrong and what to do, and the behaviours
behind them: repeated ``argnums``, ``jvp``'s call signature, names of NumPy and
SciPy functions, pytree structures and leaf paths, hypothesis as an optional
dependency, formatting/copying/pickling a Tracer, ``ndarray.trace`` on a Tracer,
and storing a traced value into a NumPy array."""

from __future__ import annotations

import collections
import copy
import dataclasses
import os
import pickle
import subprocess
import sys
from typing import Any, NamedTuple

import numpy as np
import pytest

import fad
import fad.numpy as fnp


def _run(code: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)


# ---------------------------------------------------------------------------
# 1. repeated argnums get the full derivative at each position; NumPy integers


def test_grad_with_a_repeated_argnum_gives_each_position_the_full_derivative() -> None:
    g = fad.grad(lambda a, b: a * b, argnums=(0, 0))(2.0, 3.0)
    assert isinstance(g, tuple) and len(g) == 2
    assert float(g[0]) == 3.0 and float(g[1]) == 3.0


def test_repeated_argnums_keep_the_requested_order() -> None:
    f = lambda a, b: a * a * b  # noqa: E731
    g = fad.grad(f, argnums=(1, 0, 1))(2.0, 3.0)
    assert [float(v) for v in g] == [4.0, 12.0, 4.0]
    v, g2 = fad.value_and_grad(f, argnums=(0, 0))(2.0, 3.0)
    assert float(v) == 12.0 and [float(x) for x in g2] == [12.0, 12.0]


def test_repeated_argnums_return_arrays_that_alias_nothing() -> None:
    x = np.array([1.0, 2.0])
    ga, gb = fad.grad(lambda a: fnp.sum(a * a), argnums=(0, 0))(x)
    np.testing.assert_allclose(ga, 2 * x)
    np.testing.assert_allclose(gb, 2 * x)
    assert not np.shares_memory(ga, gb)
    ga += 1.0
    np.testing.assert_allclose(gb, 2 * x)


@pytest.mark.parametrize("jac", [fad.jacrev, fad.jacfwd], ids=["jacrev", "jacfwd"])
def test_jacobians_with_a_repeated_argnum(jac: Any) -> None:
    a, b = np.array([1.0, 2.0]), np.array([3.0, 5.0])
    f = lambda a, b: a * b  # noqa: E731
    J0, J0b, J1 = jac(f, argnums=(0, 0, 1))(a, b)
    np.testing.assert_allclose(J0, np.diag(b))
    np.testing.assert_allclose(J0b, np.diag(b))
    np.testing.assert_allclose(J1, np.diag(a))
    assert not np.shares_memory(J0, J0b)


def test_hessian_with_a_repeated_argnum_has_no_zero_blocks() -> None:
    f = lambda a, b: a**2 * b  # noqa: E731
    (h00, h01), (h10, h11) = fad.hessian(f, argnums=(0, 0))(2.0, 3.0)
    assert [float(h) for h in (h00, h01, h10, h11)] == [6.0] * 4


def test_elementwise_grad_with_a_repeated_argnum() -> None:
    x = np.array([0.0, 1.0])
    ga, gb = fad.elementwise_grad(fnp.sin, argnums=(0, 0))(x)
    np.testing.assert_allclose(ga, np.cos(x))
    np.testing.assert_allclose(gb, np.cos(x))


def test_repeated_argnums_inside_an_outer_grad() -> None:
    # d/da of sum(grad(a^2 b, argnums=(0, 0))) = d/da (4 a b) = 4 b
    inner = fad.grad(lambda a, b: a**2 * b, argnums=(0, 0))
    assert float(fad.grad(lambda a: inner(a, 3.0)[0] + inner(a, 3.0)[1])(2.0)) == 12.0


@pytest.mark.parametrize(
    "transform",
    [fad.grad, fad.elementwise_grad, fad.jacrev, fad.jacfwd, fad.hessian],
    ids=["grad", "elementwise_grad", "jacrev", "jacfwd", "hessian"],
)
def test_numpy_integer_argnums_behave_as_int(transform: Any) -> None:
    f = lambda a, b: a * b * b  # noqa: E731
    assert float(transform(f, argnums=np.int64(1))(2.0, 3.0)) == float(transform(f, argnums=1)(2.0, 3.0))
    g = transform(f, argnums=(np.int32(0), np.int64(1)))(2.0, 3.0)
    assert isinstance(g, tuple) and len(g) == 2


def test_value_and_grad_numpy_integer_argnums() -> None:
    v, g = fad.value_and_grad(lambda a, b: a * b, argnums=np.int64(1))(2.0, 3.0)
    assert float(v) == 6.0 and float(g) == 2.0


@pytest.mark.parametrize("argnums", ["a", 1.0, (0, "x"), np.array([0, 1])])
def test_argnums_of_the_wrong_type_say_what_argnums_takes(argnums: Any) -> None:
    with pytest.raises(TypeError, match="argnums must be an int or a tuple of ints"):
        fad.grad(lambda x, y: x * y, argnums=argnums)(1.0, 2.0)


# ---------------------------------------------------------------------------
# 2. jvp takes (primals, tangents) only


def test_jvp_with_a_keyword_argument_says_what_jvp_takes() -> None:
    def f(x: Any, scale: float = 1.0) -> Any:
        return x * scale

    with pytest.raises(TypeError) as info:
        fad.jvp(f)((1.0,), (1.0,), scale=3.0)
    msg = str(info.value)
    assert "(primals, tangents)" in msg
    assert "scale" in msg
    assert "functools.partial(f, scale=" in msg and "lambda" in msg
    assert "unexpected keyword" not in msg


@pytest.mark.parametrize("args", [((1.0,),), ((1.0,), (1.0,), (2.0,))], ids=["one", "three"])
def test_jvp_with_the_wrong_number_of_arguments_says_what_jvp_takes(args: Any) -> None:
    with pytest.raises(TypeError, match=r"exactly two arguments, \(primals, tangents\)"):
        fad.jvp(lambda x: x * 2.0)(*args)


def test_jvp_still_takes_primals_and_tangents_by_keyword() -> None:
    y, ydot = fad.jvp(lambda x: x * 2.0)(primals=(1.0,), tangents=(3.0,))
    assert float(y) == 2.0 and float(ydot) == 6.0


# ---------------------------------------------------------------------------
# 3. functions named as the user wrote them


def _message(f: Any, x: Any) -> str:
    with pytest.raises(TypeError) as info:
        fad.grad(lambda x: fnp.sum(f(x)))(x)
    return str(info.value)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda x: np.lib.stride_tricks.sliding_window_view(x, 2), "np.lib.stride_tricks.sliding_window_view"),
        (lambda x: np.logaddexp.reduce(x), "np.logaddexp.reduce"),
        (lambda x: np.add.reduceat(x, [0]), "np.add.reduceat"),
    ],
    ids=["sliding_window_view", "logaddexp.reduce", "add.reduceat"],
)
def test_unsupported_numpy_functions_are_named_with_their_module(call: Any, name: str) -> None:
    msg = _message(call, np.eye(2))
    assert msg.startswith(name + " is not supported"), msg


def test_scipy_special_ufuncs_are_named_as_scipy_special() -> None:
    special = pytest.importorskip(
        "scipy.special", reason="scipy is optional; this checks how its ufuncs are named"
    )
    msg = _message(special.spence, np.ones(2))  # (one fad.scipy.special does not have)
    assert msg.startswith("scipy.special.spence is not supported"), msg


def test_naming_an_unsupported_ufunc_does_not_import_scipy() -> None:
    done = _run(
        "import sys, numpy as np, fad, fad.numpy as fnp\n"
        "try:\n    fad.grad(lambda x: fnp.sum(np.logaddexp.reduce(x)))(np.ones(2))\n"
        "except TypeError as e:\n    print(str(e).split()[0])\n"
        "print('scipy' in sys.modules)\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["np.logaddexp.reduce", "False"]


@pytest.mark.parametrize("linspace", [fnp.linspace, np.linspace], ids=["fnp", "np"])
def test_linspace_with_a_traced_endpoint_is_differentiable(linspace: Any) -> None:
    # it used to say "not differentiable in its endpoints yet" (issue #9 made it so)
    g = fad.grad(lambda x: fnp.sum(linspace(0.0, x, 4)))(1.0)
    assert float(g) == pytest.approx(np.linspace(0.0, 1.0, 4).sum())


def test_the_suggested_linspace_rewrite_is_differentiable() -> None:
    f = lambda x: fnp.sum(0.0 + (x - 0.0) * np.linspace(0.0, 1.0, 4))  # noqa: E731
    assert float(fad.grad(f)(1.0)) == pytest.approx(2.0)


def test_linspace_of_plain_values_is_numpy_linspace() -> None:
    np.testing.assert_array_equal(fnp.linspace(0.0, 1.0, 5), np.linspace(0.0, 1.0, 5))
    y, step = fnp.linspace(0.0, 1.0, 5, retstep=True)
    assert step == 0.25


# ---------------------------------------------------------------------------
# 4. pytree structures as written, and leaves named by their path


def _td(tree: Any) -> Any:
    return fad.tree_flatten(tree)[1]


class Point(NamedTuple):
    x: float
    y: float


@fad.register_dataclass
@dataclasses.dataclass
class Layer:
    w: Any
    b: Any


@pytest.mark.parametrize(
    "tree, text",
    [
        ((1.0, 2.0), "(*, *)"),
        ((1.0,), "(*,)"),
        ((), "()"),
        ([1.0, (2.0,)], "[*, (*,)]"),
        ({"w1": 1.0, "b1": 2.0}, "{'b1': *, 'w1': *}"),
        ((None, 1.0), "(None, *)"),
        (Point(1.0, 2.0), "Point(x=*, y=*)"),
        (Layer(1.0, 2.0), "Layer(w=*, b=*)"),
        (collections.OrderedDict(z=1.0, a=2.0), "OrderedDict({'z': *, 'a': *})"),
        (1.0, "*"),
    ],
)
def test_structures_print_as_they_are_written(tree: Any, text: str) -> None:
    assert str(_td(tree)) == text
    assert repr(_td(tree)) == f"TreeDef({text})"


def test_jvp_structure_mismatch_shows_both_structures_readably() -> None:
    with pytest.raises(ValueError) as info:
        fad.jvp(lambda x, y: x * y)((1.0, 2.0), (1.0,))
    msg = str(info.value)
    assert "(*,)" in msg and "(*, *)" in msg
    assert "TreeDef" not in msg


def test_pullback_structure_mismatch_shows_dict_keys() -> None:
    _, pullback = fad.vjp(lambda x: {"w1": x * 2.0, "b1": x})(1.0)
    with pytest.raises(ValueError) as info:
        pullback({"w1": 1.0})
    msg = str(info.value)
    assert "{'w1': *}" in msg and "{'b1': *, 'w1': *}" in msg


def test_leaf_paths() -> None:
    from fad._tree import leaf_paths

    tree = ({"w1": 1.0, "b1": [2.0, 3.0]}, Point(4.0, 5.0), Layer(6.0, 7.0))
    assert leaf_paths(_td(tree)) == [
        "[0]['b1'][0]", "[0]['b1'][1]", "[0]['w1']", "[1].x", "[1].y", "[2].w", "[2].b",
    ]
    assert leaf_paths(_td(1.0)) == [""]


def test_an_integer_leaf_is_named_by_its_path() -> None:
    params = {"w1": np.ones(2), "b1": np.arange(2)}
    with pytest.raises(TypeError) as info:
        fad.grad(lambda params: fnp.sum(params["w1"]))(params)
    msg = str(info.value)
    assert "params['b1'] has dtype int64" in msg
    assert "input 1" not in msg


def test_an_integer_leaf_is_named_by_its_parameter_with_argnums() -> None:
    def loss(x: Any, layer: Any) -> Any:
        return fnp.sum(layer.w * x)

    with pytest.raises(TypeError, match=r"layer\.b has dtype int64"):
        fad.grad(loss, argnums=(0, 1))(np.ones(2), Layer(np.ones(2), np.arange(2)))
    with pytest.raises(TypeError, match=r"argument x has dtype int64"):
        fad.jacfwd(loss, argnums=(1, 0))(np.arange(2), Layer(np.ones(2), np.ones(2)))


def test_jvp_names_the_leaf_of_a_primal() -> None:
    with pytest.raises(TypeError, match=r"p\['a'\]\[1\] has dtype int64"):
        fad.jvp(lambda p: p["a"][0])(({"a": (1.0, 2)},), ({"a": (1.0, 1.0)},))


def test_a_leaf_of_star_args_is_named_by_position() -> None:
    with pytest.raises(TypeError, match=r"argument args\[1\] has dtype int64"):
        fad.grad(lambda *args: args[0], argnums=(0, 1))(1.0, 2)


def test_an_unregistered_dataclass_suggests_register_dataclass() -> None:
    @dataclasses.dataclass
    class Params:
        w: float

    with pytest.raises(TypeError) as info:
        fad.grad(lambda p: p.w * 2.0)(Params(1.0))
    msg = str(info.value)
    assert "Params" in msg and "fad.register_dataclass" in msg


def test_an_unknown_object_suggests_register_pytree_node() -> None:
    with pytest.raises(TypeError, match="fad.register_pytree_node"):
        fad.grad(lambda x: 2.0)(object())


# ---------------------------------------------------------------------------
# 5. hypothesis is optional


def test_strategies_without_hypothesis_says_to_install_the_test_extras() -> None:
    done = _run(
        "import sys; sys.modules['hypothesis'] = None\n"
        "try:\n    import fad.testing.strategies\n"
        "except ImportError as e:\n    print(e)\n"
    )
    assert done.returncode == 0, done.stderr
    assert "fad[test]" in done.stdout
    assert "hypothesis" in done.stdout


# ---------------------------------------------------------------------------
# 6. formatting, copying and pickling a Tracer


def _inside(f: Any) -> Any:
    """Run f on a Tracer inside grad; return what it returned (or raise)."""
    seen: dict[str, Any] = {}

    def g(x: Any) -> Any:
        seen["out"] = f(x)
        return x

    fad.grad(g)(1.5)
    return seen["out"]


def test_formatting_a_tracer_with_a_spec_says_to_format_concrete() -> None:
    with pytest.raises(TypeError) as info:
        _inside(lambda x: f"{x:.3f}")
    msg = str(info.value)
    assert "fad.concrete(x)" in msg and ".3f" in msg
    assert "unsupported format string" not in msg


def test_formatting_a_tracer_without_a_spec_is_its_str() -> None:
    text = _inside(lambda x: f"{x}")
    assert "Tracer" in text and "1.5" in text
    assert _inside(lambda x: f"{fad.concrete(x):.3f}") == "1.500"


def test_copy_of_a_tracer_is_the_tracer() -> None:
    assert _inside(lambda x: copy.copy(x) is x)
    assert float(fad.grad(lambda x: copy.copy(x) * x)(3.0)) == 6.0


def test_deepcopy_of_a_tracer_says_it_needs_no_copy() -> None:
    with pytest.raises(TypeError) as info:
        _inside(copy.deepcopy)
    msg = str(info.value)
    assert "immutable" in msg and "fad.concrete(x)" in msg
    assert "objects are immutable" not in msg  # the old AttributeError text


def test_pickling_a_tracer_says_to_pickle_its_value() -> None:
    with pytest.raises(TypeError) as info:
        _inside(pickle.dumps)
    assert "pickle" in str(info.value).lower() and "fad.concrete(x)" in str(info.value)


# ---------------------------------------------------------------------------
# 7. ndarray method names on a Tracer mean what they mean on an ndarray


def test_trace_method_of_a_traced_matrix() -> None:
    M = np.arange(9.0).reshape(3, 3)
    np.testing.assert_allclose(fad.grad(lambda m: m.trace())(M), np.eye(3))
    np.testing.assert_allclose(fad.grad(lambda m: m.trace(1))(M), np.eye(3, k=1))
    T = np.arange(24.0).reshape(2, 3, 4)
    got = fad.jacrev(lambda t: t.trace(offset=0, axis1=1, axis2=2))(T)
    np.testing.assert_allclose(got, fad.jacrev(lambda t: fnp.trace(t, 0, 1, 2))(T))
    assert float(fad.grad(lambda m: m.trace(offset=0, axis1=0, axis2=1))(M)[1, 1]) == 1.0


def test_tracer_attributes_shared_with_ndarray_are_of_the_same_kind() -> None:
    # a property where ndarray has a method (or the reverse) shadows its meaning
    shared = {n for n in set(dir(np.ndarray)) & set(dir(fad.Tracer)) if not n.startswith("_")}
    assert "trace" in shared
    for name in sorted(shared):
        assert callable(getattr(np.ndarray, name)) == callable(getattr(fad.Tracer, name)), name


# ---------------------------------------------------------------------------
# 8. storing a traced value into a NumPy array


def _store(a: np.ndarray[Any, Any], index: Any) -> Any:
    def f(x: Any) -> Any:
        a[index] = x
        return fnp.sum(x)

    return f


def test_storing_a_traced_scalar_into_a_float_array_explains_in_the_cause() -> None:
    # NumPy replaces the message with "setting an array element with a sequence"
    # (a Tracer has __getitem__); fad's text is its cause, shown in the traceback.
    with pytest.raises(ValueError) as info:
        fad.grad(_store(np.zeros(3), 0))(1.0)
    cause = str(info.value.__cause__)
    assert "fnp.stack" in cause and "index_update" in cause and ".at[i].set" in cause


def test_storing_a_traced_scalar_into_an_int_array_says_what_to_do() -> None:
    with pytest.raises(TypeError, match="fnp.stack"):
        fad.grad(_store(np.zeros(3, int), 0))(1.0)


def test_storing_a_traced_row_into_an_array_says_what_to_do() -> None:
    with pytest.raises(TypeError) as info:
        fad.grad(_store(np.zeros((2, 3)), 0))(np.ones(3))
    msg = str(info.value)
    assert "fnp.stack" in msg and ".at[i].set" in msg


def test_the_suggested_index_update_is_differentiable() -> None:
    f = lambda x: fnp.sum(fnp.index_update(np.zeros(3), 1, x) * 2.0)  # noqa: E731
    assert float(fad.grad(f)(1.0)) == 2.0
