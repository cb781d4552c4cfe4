"""Forwarded and refused NumPy names, a Tracer's ndarray methods, functional
updates (``x.at[i]``, ``fnp.at(x)[i]``) and the errors that point to the fnp
spelling or to the coverage page.

The derivatives of the differentiable methods are checked against finite
differences with ``fad.testing.check_grads``; the forwarded functions against
NumPy on the same values, traced and untraced.
"""

from __future__ import annotations

import inspect
from typing import Any, Callable

import numpy as np
import pytest

import fad
import fad.numpy as fnp
from fad.numpy import _forwarded
from fad.testing import check_grads

X = np.array([[0.5, -1.25, 2.0], [3.0, 0.25, -0.75]])
V = np.array([0.5, -1.25, 2.0, 3.0])


def traced(f: Callable[..., Any], *args: Any) -> Any:
    """What ``f`` returns when called with traced arguments (inside fad.grad)."""
    seen: list[Any] = []

    def g(*xs: Any) -> Any:
        seen.append(f(*xs))
        return fnp.sum(xs[0])

    fad.grad(g, argnums=tuple(range(len(args))))(*args)
    return seen[0]


# --- forwarded functions ---------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda x, v: fnp.isnan(x),
        lambda x, v: fnp.isclose(x, x + 1e-12),
        lambda x, v: fnp.argsort(v),
        lambda x, v: fnp.argmax(x, axis=1),
        lambda x, v: fnp.nonzero(x > 0),
        lambda x, v: fnp.searchsorted(fnp.sort(v), 1.0),
        lambda x, v: fnp.count_nonzero(x > 0, axis=0),
        lambda x, v: fnp.greater(x, v[:3]),
        lambda x, v: fnp.floor_divide(x, 0.5),
        lambda x, v: fnp.digitize(v, bins=[0.0, 1.0]),
        lambda x, v: fnp.array2string(x, precision=2),
        lambda x, v: fnp.isin(v, [0.5, 3.0]),
        lambda x, v: fnp.signbit(v),
    ],
    ids=["isnan", "isclose", "argsort", "argmax_axis", "nonzero", "searchsorted", "count_nonzero",
         "greater", "floor_divide", "digitize_kw", "array2string", "isin", "signbit"],
)
def test_forwarded_functions_agree_with_numpy_traced_and_untraced(call: Callable[..., Any]) -> None:
    expected = call(X, V)
    out = traced(call, X, V)
    assert type(out) is type(expected)
    for a, b in zip(fad.tree_leaves(out), fad.tree_leaves(expected)):
        assert not fad.is_tracer(a)
        np.testing.assert_array_equal(a, b)


def test_forwarded_functions_take_tracers_inside_lists_tuples_and_keywords() -> None:
    def f(x: Any, y: Any) -> Any:
        assert fnp.allclose([x, y], [x, y])
        assert not fnp.array_equal((x, y), (y, x))
        assert fnp.isclose(a=x, b=[x, x], atol=y * 0.0 + 1e-9).all()  # keyword arguments
        assert fnp.all([x > 0.0, y > 0.0])
        return x * y

    gx, gy = fad.grad(f, argnums=(0, 1))(2.0, 3.0)
    assert (float(gx), float(gy)) == (3.0, 2.0)


def test_assert_allclose_inside_a_traced_function() -> None:
    def f(x: Any) -> Any:
        y = fnp.sin(x) ** 2 + fnp.cos(x) ** 2
        assert fnp.allclose(y, 1.0)
        return fnp.sum(x * y)

    np.testing.assert_allclose(fad.grad(f)(V), np.ones(4))


def test_plain_numpy_calls_dispatch_to_the_forwarded_functions() -> None:
    def f(x: Any) -> Any:
        assert not np.isnan(x).any()
        assert (np.equal(x, x)).all() and (np.not_equal(x, x + 1.0)).all()
        i = np.argsort(x)  # __array_function__
        assert isinstance(i, np.ndarray)
        table = np.equal.outer(x, x)  # a no-derivative ufunc's other methods
        np.testing.assert_array_equal(table, np.eye(4, dtype=bool))
        out = np.isfinite(x, out=np.zeros(4, bool), where=np.array([True, False, True, True]))  # keywords
        np.testing.assert_array_equal(out, [True, False, True, True])
        return fnp.sum(x[i[-2:]])

    np.testing.assert_array_equal(fad.grad(f)(V), [0.0, 0.0, 1.0, 1.0])


def test_a_derivative_flows_through_indices_found_by_forwarded_functions() -> None:
    def f(x: Any) -> Any:
        return x[fnp.argmax(x)] + fnp.sum(x[fnp.nonzero(x > 1.0)])

    np.testing.assert_array_equal(fad.grad(f)(V), [0.0, 0.0, 1.0, 2.0])


def test_untraced_calls_are_numpys_results() -> None:
    assert fnp.isnan.__wrapped__ is np.isnan
    assert fnp.isnan(np.nan) is np.isnan(np.nan)  # the same NumPy scalar (True_)
    np.testing.assert_array_equal(fnp.unique([3, 1, 3]), [1, 3])
    assert fnp.argmax([1.0, 5.0, 2.0]) == 1
    assert fnp.isnan.nin == 1  # a ufunc's attributes are NumPy's


def test_forwarded_functions_show_numpys_signature() -> None:
    assert inspect.signature(fnp.unique) == inspect.signature(np.unique)
    assert inspect.signature(fnp.allclose) == inspect.signature(np.allclose)
    assert "forwarded" in repr(fnp.isnan) and "np.isnan" in repr(fnp.isnan)
    assert "Example" in (type(fnp.isnan).__doc__ or "")


def test_numpys_aliases_are_aliases() -> None:
    assert fnp.bitwise_not is fnp.invert and fnp.bitwise_invert is fnp.invert
    assert fnp.bitwise_left_shift is fnp.left_shift and fnp.bitwise_right_shift is fnp.right_shift


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda x: fnp.unique(x), r"np\.unique on a traced 'ar'.*return_index=True"),
        (lambda x: fnp.unique_values(x), r"np\.unique_values on a traced 'x'"),
        (lambda x: fnp.union1d(x, [1.0]), r"np\.union1d on a traced 'ar1'"),
        (lambda x: fnp.histogram(x), r"np\.histogram on a traced 'a'.*fad\.concrete\(a\)"),
        (lambda x: fnp.bincount([0, 1, 1, 2], weights=x), r"np\.bincount on a traced 'weights'.*index_add"),
        (lambda x: fnp.bincount([0, 1, 1, 2], x), r"np\.bincount on a traced 'weights'"),
    ],
    ids=["unique", "unique_values", "union1d", "histogram", "bincount_kw", "bincount_positional"],
)
def test_forwarding_refuses_values_that_would_lose_their_derivative(call: Callable[..., Any], match: str) -> None:
    with pytest.raises(TypeError, match=match):
        fad.grad(lambda x: fnp.sum(call(x)))(V)


def test_forwarded_functions_take_traced_values_where_no_derivative_is_lost() -> None:
    counts = traced(lambda x: fnp.bincount([0, 1, 1], minlength=fnp.size(x)), V)
    np.testing.assert_array_equal(counts, [1, 2, 0, 0])
    found = traced(lambda x: fnp.isin([0.5, 7.0], x), V)
    np.testing.assert_array_equal(found, [True, False])


def test_the_suggested_ways_around_a_refused_value_are_differentiable() -> None:
    def unique_sum(x: Any) -> Any:
        _, i = np.unique(fad.concrete(x), return_index=True)
        return fnp.sum(x.ravel()[i])

    np.testing.assert_array_equal(fad.grad(unique_sum)(np.array([1.0, 2.0, 1.0])), [1.0, 1.0, 0.0])

    def weighted_counts(w: Any) -> Any:
        return fnp.index_add(fnp.zeros(3), np.array([0, 2, 2]), w)

    np.testing.assert_array_equal(fad.jacobian(weighted_counts)(np.ones(3)), [[1, 0, 0], [0, 0, 0], [0, 1, 1]])


# --- constants, types, submodules --------------------------------------------------------


def test_constants_types_and_submodules_are_numpys() -> None:
    assert fnp.pi is np.pi and fnp.e is np.e and fnp.euler_gamma is np.euler_gamma
    assert fnp.newaxis is None and np.isnan(fnp.nan) and fnp.inf == np.inf
    assert fnp.float32 is np.float32 and fnp.bool_ is np.bool_ and fnp.dtype is np.dtype
    # NumPy's lazy submodules are placeholders until first used (whatever ran before this test)
    assert fnp.random.default_rng is np.random.default_rng and fnp.testing.assert_equal is np.testing.assert_equal
    assert fnp.random is np.random and fnp.testing is np.testing and fnp.exceptions is np.exceptions
    assert fnp.finfo(np.float32).eps == np.finfo(np.float32).eps
    assert "float32" in dir(fnp) and "random" in fnp.__all__


def test_index_expressions_keep_the_derivative() -> None:
    g = fad.grad(lambda x: fnp.sum(x[fnp.s_[1:3]]) + fnp.sum(x[fnp.index_exp[0]]))(V)
    np.testing.assert_array_equal(g, [1.0, 1.0, 1.0, 0.0])


def test_errstate_works_around_traced_code() -> None:
    def f(x: Any) -> Any:
        with fnp.errstate(divide="ignore"):
            return fnp.sum(x / 2.0)

    np.testing.assert_array_equal(fad.grad(f)(V), np.full(4, 0.5))


# --- refused names -------------------------------------------------------------------------


def test_refused_functions_name_numpys_function_and_what_to_do() -> None:
    with pytest.raises(TypeError) as info:
        fad.grad(lambda x: fnp.sum(fnp.save("never.npy", x) or x))(V)
    msg = str(info.value)
    assert msg.startswith("np.save of a traced value:") and "fad.concrete(x)" in msg


def test_plain_numpy_calls_reach_the_refusals() -> None:
    # np.save dispatches on its traced array through __array_function__
    with pytest.raises(TypeError, match=r"np\.save of a traced value.*fad\.concrete"):
        fad.grad(lambda x: fnp.sum(np.save("never.npy", x) or x))(V)
    with pytest.raises(TypeError, match=r"np\.nextafter of a traced value"):
        fad.grad(lambda x: fnp.sum(np.nextafter(x, 5.0)))(V)


@pytest.mark.parametrize(
    "call, start",
    [
        (lambda x: np.rec.fromarrays([x]), "np.rec.fromarrays cannot take traced values: record arrays"),
        (lambda x: np.ma.array(x), "np.ma.array cannot take traced values: masked arrays"),
    ],
    ids=["rec", "ma"],  # (np.emath differentiates: fad.numpy.emath, tests/test_complex.py)
)
def test_functions_of_refused_submodules_give_the_submodules_reason(call: Callable[..., Any], start: str) -> None:
    with pytest.raises(TypeError) as info:
        fad.grad(lambda x: fnp.sum(x) + 0.0 * fnp.sum(call(x)))(V)
    msg = str(info.value)
    assert msg.startswith(start), msg
    assert "docs/numpy-coverage.md" in msg


def test_vectorize_says_what_to_do() -> None:
    with pytest.raises(TypeError, match=r"np\.vectorize cannot take traced values.*fnp\.stack"):
        fad.grad(lambda x: fnp.sum(np.vectorize(lambda t: t * 2.0)(x)))(V)


# --- errors: NumPy converting a Tracer, NumPy functions fad lacks --------------------------


def test_a_list_of_tracers_given_to_numpy_names_the_fnp_spelling() -> None:
    with pytest.raises(TypeError) as info:
        fad.grad(lambda x: np.mean([x, 2.0 * x]))(1.0)
    msg = str(info.value)
    assert msg.startswith("np.mean converted a traced value"), msg
    assert "fnp.mean([x, y])" in msg
    # and the fnp spelling works
    assert float(fad.grad(lambda x: fnp.mean([x, 2.0 * x]))(1.0)) == 1.5


def test_a_list_of_tracers_given_to_a_numpy_function_fad_lacks_points_to_the_page() -> None:
    window = np.lib.stride_tricks.sliding_window_view  # not meant for fad.numpy
    with pytest.raises(TypeError) as info:
        fad.grad(lambda x: fnp.sum(window([x, 2.0 * x], 1)))(1.0)
    msg = str(info.value)
    assert msg.startswith("np.lib.stride_tricks.sliding_window_view converted a traced value"), msg
    assert "docs/numpy-coverage.md" in msg


def test_np_asarray_of_a_tracer_keeps_its_general_message() -> None:
    with pytest.raises(TypeError, match=r"np\.asarray, np\.array.*fnp\.stack"):
        fad.grad(lambda x: np.asarray(x))(1.0)


def test_a_numpy_function_fad_lacks_is_named_as_called_and_points_to_the_page() -> None:
    window = np.lib.stride_tricks.sliding_window_view  # not meant for fad.numpy
    with pytest.raises(TypeError) as info:
        fad.grad(lambda x: fnp.sum(window(x, 2)))(V)
    msg = str(info.value)
    assert msg.startswith("np.lib.stride_tricks.sliding_window_view is not supported on traced values"), msg
    assert "docs/numpy-coverage.md" in msg


def test_a_linalg_function_fad_lacks_is_named_as_np_linalg() -> None:
    if hasattr(fnp.linalg, "eigh"):
        pytest.skip("fad.numpy.linalg has eigh now")
    with pytest.raises(TypeError) as info:
        fad.grad(lambda x: fnp.sum(np.linalg.eigh(x)[0]))(np.eye(2))
    msg = str(info.value)
    assert msg.startswith("np.linalg.eigh is not supported on traced values"), msg
    assert "docs/numpy-coverage.md" in msg


# --- a Tracer's ndarray methods ------------------------------------------------------------

A = np.array([[0.3, -1.1, 2.2], [1.7, 0.4, -0.6], [0.9, 2.6, -1.9]])
B = np.arange(24.0).reshape(2, 3, 4) / 7.0 - 1.0

# name -> (method call on a Tracer or ndarray, argument): each means on a Tracer
# what it means on an ndarray, and its derivative matches finite differences.
DIFFERENTIABLE_METHODS: dict[str, tuple[Callable[[Any], Any], np.ndarray]] = {
    "swapaxes": (lambda x: x.swapaxes(0, 2), B),
    "mT": (lambda x: x.mT, B),
    "T": (lambda x: x.T, B),
    "diagonal": (lambda x: x.diagonal(1), A),
    "diagonal_axes": (lambda x: x.diagonal(0, 2, 1), B),
    "repeat": (lambda x: x.repeat(2, axis=1), A),
    "take": (lambda x: x.take([2, 0, 2], axis=1), A),
    "take_flat": (lambda x: x.take([5, 1]), A),
    "trace": (lambda x: x.trace(), A),
    "conj": (lambda x: x.conj() * x.conjugate(), A),
    "real": (lambda x: x.real * 2.0, A),
    "round": (lambda x: x * x.round(1), A),
    "cumsum": (lambda x: x.cumsum(axis=1), A),
    "cumprod": (lambda x: x.cumprod(axis=0), A),
    "prod": (lambda x: x.prod(axis=1), A),
    "flatten": (lambda x: x.flatten(), B),
    "ravel": (lambda x: x.ravel(), B),
    "reshape": (lambda x: x.reshape(4, -1), B),
    "transpose": (lambda x: x.transpose(1, 0, 2), B),
    "squeeze": (lambda x: x[None].squeeze(0), A),
    "clip": (lambda x: x.clip(-1.0, 1.0), A),
    "var": (lambda x: x.var(axis=0, ddof=1), A),
    "std": (lambda x: x.std(axis=1), A),
    "dot": (lambda x: x.dot(A), A),
    "astype": (lambda x: x.astype(np.float32), A),
    "sum_mean_max_min": (lambda x: x.sum(0) + x.mean(1) + x.max(0) + x.min(1), A),
}


@pytest.mark.parametrize("name", sorted(DIFFERENTIABLE_METHODS))
def test_ndarray_methods_mean_what_they_mean_on_an_ndarray(name: str) -> None:
    call, x = DIFFERENTIABLE_METHODS[name]
    np.testing.assert_allclose(np.asarray(fad.concrete(traced(call, x))), call(x), rtol=1e-6)
    check_grads(call, (x,), order=1, modes=("fwd", "rev"))


@pytest.mark.parametrize(
    "name, call",
    [
        ("argsort", lambda x: x.argsort(axis=0)),
        ("argmax", lambda x: x.argmax(axis=1, keepdims=True)),
        ("argmin", lambda x: x.argmin()),
        ("argpartition", lambda x: x.argpartition(1, axis=1)),
        ("nonzero", lambda x: x.nonzero()),
        ("searchsorted", lambda x: x[0].searchsorted(0.0)),
        ("all", lambda x: (x > -5).all(axis=0)),
        ("any", lambda x: x.any(axis=1, keepdims=True)),
        ("imag", lambda x: x.imag),
        ("shape_size_ndim", lambda x: (x.shape, x.size, x.ndim, x.dtype, x.itemsize, x.nbytes)),
    ],
)
def test_ndarray_methods_without_a_derivative_give_numpys_plain_answer(name: str, call: Callable[..., Any]) -> None:
    out = traced(call, A)
    expected = call(A)
    for a, b in zip(fad.tree_leaves(out), fad.tree_leaves(expected)):
        assert not fad.is_tracer(a)
        np.testing.assert_array_equal(a, b)


def test_round_on_a_tracer_is_pythons_round_too() -> None:
    out = traced(lambda x: round(x, 1), A)
    np.testing.assert_array_equal(out, np.round(A, 1))


def test_mT_needs_two_dimensions() -> None:
    with pytest.raises(ValueError, match="at least 2 dimensions"):
        traced(lambda x: x.mT, V)


@pytest.mark.parametrize("method", ["tobytes", "tofile", "dump", "dumps", "item", "tolist"])
def test_methods_that_would_drop_the_derivative_are_refused(method: str) -> None:
    with pytest.raises(TypeError, match="drop its derivative"):
        traced(lambda x: getattr(x, method)(*(["never.bin"] if method in ("tofile", "dump") else [])), V)


@pytest.mark.parametrize("method", ["sort", "fill", "put", "partition", "resize"])
def test_mutating_methods_still_raise(method: str) -> None:
    args = {"sort": (), "fill": (0.0,), "put": ([0], [1.0]), "partition": (1,), "resize": ((2, 2),)}[method]
    with pytest.raises(TypeError, match="in place"):
        traced(lambda x: getattr(x, method)(*args), V)


# --- functional updates: x.at[i] and fnp.at(x)[i] --------------------------------------------

UPDATES: dict[str, Callable[[np.ndarray, Any, np.ndarray], np.ndarray]] = {
    "set": lambda a, i, v: _np_update(a, i, v, lambda old, v: v + 0 * old),
    "add": lambda a, i, v: _np_update(a, i, v, np.add),
    "multiply": lambda a, i, v: _np_update(a, i, v, np.multiply),
    "divide": lambda a, i, v: _np_update(a, i, v, np.divide),
    "power": lambda a, i, v: _np_update(a, i, v, np.power),
    "min": lambda a, i, v: _np_update(a, i, v, np.minimum),
    "max": lambda a, i, v: _np_update(a, i, v, np.maximum),
}


def _np_update(a: np.ndarray, index: Any, v: Any, op: Callable[[Any, Any], Any]) -> np.ndarray:
    out = a.copy()
    out[index] = op(out[index], v)
    return out


P = np.array([[0.5, 1.5, 2.5], [1.25, 0.75, 2.0]])  # positive: power is smooth
INDEXES = [(1, 2), (slice(None), 0), np.array([1, 0]), (np.array([0, 1]), np.array([2, 1]))]


@pytest.mark.parametrize("op", sorted(UPDATES))
@pytest.mark.parametrize("index", INDEXES, ids=["ints", "slice", "int_array", "two_arrays"])
def test_at_updates_agree_with_numpy_traced_and_untraced(op: str, index: Any) -> None:
    v = np.full(P[index].shape, 1.1)
    expected = UPDATES[op](P, index, v)
    before = P.copy()
    np.testing.assert_allclose(getattr(fnp.at(P)[index], op)(v), expected)  # plain arrays
    np.testing.assert_array_equal(P, before)  # unchanged
    out = traced(lambda x, v: getattr(x.at[index], op)(v), P, v)
    np.testing.assert_allclose(fad.concrete(out), expected)
    check_grads(lambda x, v: getattr(fnp.at(x)[index], op)(v), (P, v), order=1, modes=("fwd", "rev"))


def test_at_get_is_indexing() -> None:
    np.testing.assert_array_equal(fnp.at(P)[1].get(), P[1])
    g = fad.grad(lambda x: fnp.sum(x.at[:, 1].get()))(P)
    np.testing.assert_array_equal(g, [[0, 1, 0], [0, 1, 0]])


def test_at_add_accumulates_repeated_indices() -> None:
    out = fnp.at(np.zeros(3))[np.array([0, 0, 2])].add(1.0)
    np.testing.assert_array_equal(out, [2.0, 0.0, 1.0])


@pytest.mark.parametrize("op", ["multiply", "divide", "power", "min", "max"])
def test_at_updates_refuse_repeated_positions(op: str) -> None:
    with pytest.raises(ValueError, match=rf"x\.at\[index\]\.{op}\(v\).*more than once"):
        getattr(fnp.at(P)[np.array([0, 0])], op)(2.0)
    with pytest.raises(ValueError, match="more than once"):
        traced(lambda x: getattr(x.at[(np.array([0, 0]), np.array([1, 1]))], op)(2.0), P)


def test_at_on_a_tracer_is_the_same_helper_as_fnp_at() -> None:
    kinds = traced(lambda x: type(x.at), P)
    assert kinds is type(fnp.at(P))
    assert isinstance(_forwarded.at, type(test_at_get_is_indexing))  # a plain function, with an Example
    assert "Example" in (fnp.at.__doc__ or "")
