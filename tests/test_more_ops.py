"""fad.numpy's later ops: einsum, cumsum, cumprod, prod, arctan2 and the compositions
(log2, log10, exp2, hypot, flips, triangles, diagonals, tile, repeat, sort, pad).

For every op: values equal NumPy's (exactly on plain arrays), gradients agree
with central differences, jacfwd/jacrev and every route to the Hessian agree,
float32 stays float32, and fad.testing.check_grads passes to order 2. Then the
special cases: prod at zeros, einsum's forms and errors, pad's modes.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest

import fad
import fad.numpy as fnp
import fad.testing
from fad._tracer import array_ops
from fad._primitive import registry
from _fd import numerical_jacobian

rng = np.random.default_rng(7)


def normal(*shape: int) -> np.ndarray:
    return rng.normal(size=shape)


def positive(*shape: int) -> np.ndarray:
    return rng.uniform(0.5, 2.0, size=shape)


Case = tuple[Callable[..., Any], Callable[..., Any], tuple[np.ndarray, ...]]


def op(name: str, *arrays: np.ndarray, pre: tuple[Any, ...] = (), **kw: Any) -> Case:
    """fad's ``name`` and NumPy's, called the same way, and their arguments."""
    mine, theirs = getattr(fnp, name), getattr(np, name)
    return (lambda *a: mine(*pre, *a, **kw)), (lambda *a: theirs(*pre, *a, **kw)), arrays


A = normal(3, 4)
STACK = normal(2, 3, 3)
CASES: dict[str, Case] = {
    "einsum_matmul": op("einsum", normal(2, 3), normal(3, 4), pre=("ij,jk->ik",)),
    "einsum_implicit": op("einsum", normal(2, 3), normal(4, 3), pre=("ij,kj",)),
    "einsum_three": op("einsum", normal(2, 3), normal(3, 2), normal(2, 2), pre=("ij,jk,kl->li",)),
    "einsum_ellipsis_broadcast": op(
        "einsum", normal(2, 1, 2, 3), normal(3, 3, 2), pre=("...ij,...jk->...ik",)
    ),
    "einsum_length_one_broadcast": op("einsum", normal(1, 3), normal(2, 3), pre=("ij,ij->ij",)),
    "einsum_summed_in_one": op("einsum", normal(2, 3), normal(4), pre=("ij,k->ik",)),
    "einsum_trace": op("einsum", normal(3, 3), pre=("ii",)),
    "einsum_diagonal": op("einsum", normal(2, 2, 3), pre=("iij->ji",)),
    "einsum_scalar": op("einsum", normal(3), np.array(1.5), pre=("i,->i",)),
    "einsum_optimize": op(
        "einsum", normal(2, 3), normal(3, 4), normal(4), pre=("ij,jk,k->i",), optimize=True
    ),
    "einsum_interleaved": (
        lambda a, b: fnp.einsum(a, [0, 1], b, [1], [0]),
        lambda a, b: np.einsum(a, [0, 1], b, [1], [0]),
        (normal(2, 3), normal(3)),
    ),
    "cumsum": op("cumsum", A),
    "cumsum_axis0": op("cumsum", A, axis=0),
    "cumsum_axis-1": op("cumsum", normal(2, 3, 4), axis=-1),
    "cumprod": op("cumprod", normal(5)),
    "cumprod_axis1": op("cumprod", A, axis=1),
    "prod": op("prod", normal(2, 3)),
    "prod_axis": op("prod", A, axis=1),
    "prod_axes_keepdims": op("prod", normal(2, 3, 2), axis=(0, 2), keepdims=True),
    "arctan2": op("arctan2", normal(3, 1), normal(4)),
    "log2": op("log2", positive(3, 2)),
    "log10": op("log10", positive(3, 2)),
    "exp2": op("exp2", normal(3, 2)),
    "hypot": op("hypot", normal(2, 3), normal(3)),
    "flip": op("flip", A),
    "flip_axis": op("flip", A, axis=1),
    "fliplr": op("fliplr", A),
    "flipud": op("flipud", A),
    "tril": op("tril", A),
    "tril_k": op("tril", STACK, k=-1),
    "triu": op("triu", A),
    "triu_k": op("triu", STACK, k=1),
    "diag_build": op("diag", normal(3)),
    "diag_build_k": op("diag", normal(3), k=-1),
    "diag_take": op("diag", A, k=1),
    "diagonal": op("diagonal", A),
    "diagonal_axes": op("diagonal", normal(3, 2, 4), offset=-1, axis1=2, axis2=0),
    "tile": op("tile", A, reps=2),
    "tile_more_axes": op("tile", normal(2, 2), reps=(2, 1, 3)),
    "repeat": op("repeat", A, repeats=2),
    "repeat_axis": op("repeat", A, repeats=[1, 0, 2], axis=0),
    "sort": op("sort", A),
    "sort_axis0": op("sort", A, axis=0),
    "sort_flat": op("sort", A, axis=None),
    "pad": op("pad", A, pad_width=1),
    "pad_pairs": op("pad", A, pad_width=((1, 0), (2, 1)), constant_values=((1.0, 2.0), (3.0, 4.0))),
    "pad_edge": op("pad", A, pad_width=(1, 2), mode="edge"),
    "pad_reflect": op("pad", A, pad_width=2, mode="reflect"),
    "pad_symmetric": op("pad", A, pad_width=((0, 3), (1, 1)), mode="symmetric"),
    "pad_wrap": op("pad", normal(3), pad_width=2, mode="wrap"),
}
NAMES = sorted(CASES)


def _weights(shape: tuple[int, ...]) -> np.ndarray:
    return np.random.default_rng(len(shape) + int(np.prod(shape))).normal(size=shape)


def _loss(name: str) -> tuple[Callable[..., Any], tuple[np.ndarray, ...]]:
    """A smooth scalar function of the case's arguments that applies its op."""
    f, ref, args = CASES[name]
    w = _weights(np.shape(ref(*args)))
    return (lambda *a: fnp.sum(fnp.sin(f(*a)) * w)), args


@pytest.mark.parametrize("name", NAMES)
def test_values_equal_numpy_on_plain_arrays(name: str) -> None:
    f, ref, args = CASES[name]
    got, want = f(*args), ref(*args)
    assert np.asarray(got).dtype == np.asarray(want).dtype
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("name", NAMES)
def test_traced_values_match_numpy(name: str) -> None:
    f, ref, args = CASES[name]
    out, _ = fad.vjp(f)(*args)
    want = ref(*args)
    assert np.shape(out) == np.shape(want)
    np.testing.assert_allclose(out, want, rtol=1e-13, atol=1e-14)


@pytest.mark.parametrize("name", NAMES)
def test_gradient_matches_central_differences(name: str) -> None:
    loss, args = _loss(name)
    grads = fad.grad(loss, argnums=tuple(range(len(args))))(*args)
    for i, g in enumerate(grads):
        assert np.shape(g) == np.shape(args[i])
        want = numerical_jacobian(loss, args, i)
        np.testing.assert_allclose(g, want, rtol=1e-6, atol=1e-7, err_msg=f"argument {i}")


@pytest.mark.parametrize("name", NAMES)
def test_jacobians_and_hessians_agree(name: str) -> None:
    f, ref, args = CASES[name]
    x, rest = args[0], args[1:]

    def g(x: Any) -> Any:
        return f(x, *rest)

    jr, jf = fad.jacrev(g)(x), fad.jacfwd(g)(x)
    assert jr.shape == np.shape(ref(*args)) + x.shape
    np.testing.assert_allclose(jf, jr, rtol=1e-12, atol=1e-12)
    loss, _ = _loss(name)

    def h(x: Any) -> Any:
        return loss(x, *rest)

    hess = fad.hessian(h)(x)
    for route in (fad.jacrev(fad.jacrev(h)), fad.jacfwd(fad.jacfwd(h)), fad.jacrev(fad.jacfwd(h))):
        np.testing.assert_allclose(route(x), hess, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_float32_stays_float32(name: str) -> None:
    f, ref, args = CASES[name]
    args32 = tuple(np.asarray(a, np.float32) for a in args)
    out, pullback = fad.vjp(f)(*args32)
    assert np.asarray(out).dtype == np.float32
    for g in pullback(np.ones(np.shape(out), np.float32)):
        assert np.asarray(g).dtype == np.float32
    assert fad.jacfwd(lambda x: f(x, *args32[1:]))(args32[0]).dtype == np.float32
    np.testing.assert_allclose(out, ref(*args), rtol=2e-5, atol=2e-5)


@pytest.mark.parametrize("name", NAMES)
def test_check_grads_to_order_2(name: str) -> None:
    f, _, args = CASES[name]
    fad.testing.check_grads(f, args, order=2)


# --- prod at zeros -------------------------------------------------------------------------


def test_prod_with_one_zero() -> None:
    x = np.array([2.0, 0.0, 3.0, 4.0])
    np.testing.assert_array_equal(fad.grad(fnp.prod)(x), [0.0, 24.0, 0.0, 0.0])
    want = np.array([[0, 12, 0, 0], [12, 0, 8, 6], [0, 8, 0, 0], [0, 6, 0, 0]], float)
    np.testing.assert_array_equal(fad.hessian(fnp.prod)(x), want)
    np.testing.assert_array_equal(fad.jacfwd(fad.grad(fnp.prod))(x), want)


def test_prod_with_two_zeros() -> None:
    x = np.array([2.0, 0.0, 3.0, 0.0])
    np.testing.assert_array_equal(fad.grad(fnp.prod)(x), np.zeros(4))
    want = np.zeros((4, 4))
    want[1, 3] = want[3, 1] = 6.0
    np.testing.assert_array_equal(fad.hessian(fnp.prod)(x), want)
    np.testing.assert_array_equal(fad.jacrev(fad.grad(fnp.prod))(x), want)


def test_prod_with_zeros_along_an_axis_checks_to_order_3() -> None:
    x = normal(3, 4)
    x[0, 1] = 0.0
    x[2, 0] = x[2, 3] = 0.0
    for axis, keepdims in ((1, False), (0, True), (None, False)):
        f = lambda x: fnp.prod(x, axis=axis, keepdims=keepdims)  # noqa: E731
        fad.testing.check_grads(f, (x,), order=3)
        fad.testing.check_rule(registry["prod"], x, axis=(-1,), keepdims=keepdims)


def test_cumprod_at_zeros_is_exact() -> None:
    x = np.array([2.0, 0.0, 3.0])
    # y = (x0, x0 x1, x0 x1 x2): rows of the Jacobian
    want = np.array([[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 6.0, 0.0]])
    np.testing.assert_array_equal(fad.jacrev(fnp.cumprod)(x), want)
    np.testing.assert_array_equal(fad.jacfwd(fnp.cumprod)(x), want)


# --- cumsum ---------------------------------------------------------------------------------


def test_cumsum_jacobian_is_lower_triangular_ones() -> None:
    want = np.tril(np.ones((4, 4)))
    np.testing.assert_array_equal(fad.jacrev(fnp.cumsum)(np.ones(4)), want)
    np.testing.assert_array_equal(fad.jacfwd(fnp.cumsum)(np.ones(4)), want)


def test_cumsum_and_einsum_rules() -> None:
    fad.testing.check_rule(registry["cumsum"], normal(3, 4), axis=-2)
    fad.testing.check_rule(registry["einsum"], normal(2, 3), normal(3, 4), subscripts="ij,jk->ik", optimize=False)
    fad.testing.check_rule(registry["einsum"], normal(2, 3), normal(4), subscripts="ij,k->ik", optimize=False)
    fad.testing.check_rule(registry["arctan2"], normal(3), positive(2, 1))


# --- einsum forms and errors -------------------------------------------------------------


def test_einsum_third_order_matches_the_matmul_route() -> None:
    b = normal(3, 3)

    def via_einsum(a: Any) -> Any:
        return fnp.sum(fnp.tanh(fnp.einsum("ij,jk,kl->il", a, b, a)))

    def via_matmul(a: Any) -> Any:
        return fnp.sum(fnp.tanh(a @ b @ a))

    a = normal(3, 3)
    for t in (fad.hessian, lambda f: fad.jacfwd(fad.hessian(f))):
        np.testing.assert_allclose(t(via_einsum)(a), t(via_matmul)(a), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize(
    "subscripts, shapes, match",
    [
        ("ij,jk->ik", [(2, 3)], "name 2 operand"),
        ("ijk->i", [(2, 3)], "subscripts 'ijk' name 3"),
        ("...i->i", [(2, 3)], "no '...'"),
        ("ij,jk->ik", [(2, 3), (4, 5)], "do not broadcast"),
        ("ii->i", [(2, 3)], "repeats in operand 0"),
        ("i->ii", [(3,)], "more than once"),
        ("i->j", [(3,)], "does not appear"),
        ("i2->i", [(3, 3)], "invalid subscript"),
    ],
)
def test_einsum_errors_say_what_is_wrong(subscripts: str, shapes: list[tuple[int, ...]], match: str) -> None:
    ops = [normal(*s) for s in shapes]
    with pytest.raises(ValueError, match=match):
        fad.grad(lambda *o: fnp.sum(fnp.einsum(subscripts, *o)))(*ops)


def test_einsum_identity_records_nothing() -> None:
    x = normal(2, 3)
    np.testing.assert_array_equal(fad.grad(lambda x: fnp.sum(fnp.einsum("ij->ij", x) * x))(x), 2 * x)


def test_einsum_mixed_dtypes_give_each_operand_its_own_dtype() -> None:
    a, b = normal(2, 3).astype(np.float32), normal(3)
    ga, gb = fad.grad(lambda a, b: fnp.sum(fnp.einsum("ij,j->i", a, b)), argnums=(0, 1))(a, b)
    assert ga.dtype == np.float32 and gb.dtype == np.float64


# --- the compositions ----------------------------------------------------------------------


def test_sort_moves_the_derivative_with_the_elements() -> None:
    x = np.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]])
    g = fad.grad(lambda x: fnp.sum(fnp.sort(x, axis=1) * np.array([1.0, 10.0, 100.0])))(x)
    np.testing.assert_array_equal(g, [[100.0, 1.0, 10.0], [1.0, 100.0, 10.0]])


def test_pad_with_a_traced_constant() -> None:
    x = normal(2, 2)
    g = fad.grad(lambda c: fnp.sum(fnp.pad(x, 1, constant_values=c)), argnums=0)(1.5)
    assert float(g) == 12.0  # a 4 x 4 border around 2 x 2
    out, _ = fad.vjp(lambda x: fnp.pad(x, 1, constant_values=1.5))(x)
    np.testing.assert_array_equal(out, np.pad(x, 1, constant_values=1.5))


def test_pad_with_a_callable_mode_is_a_clear_error() -> None:
    with pytest.raises(Exception) as info:
        fad.grad(lambda x: fnp.sum(fnp.pad(x, 1, mode=lambda *a: None)))(np.ones(3))
    assert "mode" in str(info.value)


def test_shape_errors() -> None:
    with pytest.raises(ValueError, match="1-D or 2-D"):
        fad.grad(lambda x: fnp.sum(fnp.diag(x)))(np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match="two dimensions"):
        fad.grad(lambda x: fnp.sum(fnp.diagonal(x)))(np.ones(3))
    with pytest.raises(ValueError, match="two dimensions"):
        fad.grad(lambda x: fnp.sum(fnp.fliplr(x)))(np.ones(3))


def test_hypot_and_arctan2_give_polar_coordinates() -> None:
    x, y = 3.0, 4.0
    gr = fad.grad(fnp.hypot, argnums=(0, 1))(x, y)
    gt = fad.grad(lambda y, x: fnp.arctan2(y, x), argnums=(0, 1))(y, x)
    np.testing.assert_allclose([float(v) for v in gr], [0.6, 0.8])
    np.testing.assert_allclose([float(v) for v in gt], [x / 25, -y / 25])


# --- NumPy's dispatch (once fad.numpy registers these functions) ---------------------------


def test_numpy_functions_dispatch_on_traced_values() -> None:
    def f(a: Any) -> Any:
        t = np.einsum("ij,jk->ik", a, a) + np.cumsum(a, axis=0) + np.sort(a, axis=0)
        t = t + np.tril(a) + np.flip(a, 0) + np.arctan2(a, 2.0) + np.hypot(a, 1.0)
        return np.sum(t) + np.prod(a) + np.sum(np.pad(a, 1)) + np.sum(np.diag(a))

    fad.testing.check_grads(f, (normal(3, 3),), order=2)
