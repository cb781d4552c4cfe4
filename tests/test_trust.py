"""No silent wrong numbers: each corner here once returned a plausible but wrong
result, and must now give the right number or a clear error."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest

import fad
import fad.numpy as fnp

# ---------------------------------------------------------------------------
# a traced value that escaped its transform, returned by an outer function

PASS_THROUGH: dict[str, Callable[[Any], Any]] = {
    "direct": lambda t: t,
    "+t": lambda t: +t,
    "t.copy()": lambda t: t.copy(),
    "fnp.array(t)": lambda t: fnp.array(t),
    "same-shape reshape": lambda t: t.reshape(2),
    "astype to the same dtype": lambda t: t.astype(np.float64),
    "clip(t, None, None)": lambda t: fnp.clip(t, None, None),
    "einsum('i->i', t)": lambda t: fnp.einsum("i->i", t),
    "transpose of a vector": lambda t: t.T,
    "broadcast_to its own shape": lambda t: fnp.broadcast_to(t, (2,)),
}


@pytest.fixture
def leaked() -> Any:
    """A Tracer of a grad that has returned."""
    kept: list[Any] = []

    def inner(x: Any) -> Any:
        kept.append(x * 2.0)
        return fnp.sum(x)

    fad.grad(inner)(np.ones(2))
    return kept[0]


@pytest.mark.parametrize("op", list(PASS_THROUGH), ids=list(PASS_THROUGH))
def test_an_escaped_tracer_returned_as_an_output_is_an_error(leaked: Any, op: str) -> None:
    f = PASS_THROUGH[op]
    with pytest.raises(fad.EscapedTracerError):
        fad.grad(lambda y: (fnp.sum(y), [f(leaked)]), has_aux=True)(np.ones(2))
    with pytest.raises(fad.EscapedTracerError):  # in a list, beside a proper output
        fad.jacobian(lambda y: [y, f(leaked)])(np.ones(2))
    with pytest.raises(fad.EscapedTracerError):  # as aux, in a dict
        fad.value_and_grad(lambda y: (fnp.sum(y), {"kept": f(leaked)}), has_aux=True)(np.ones(2))
    with pytest.raises(fad.EscapedTracerError):
        fad.vjp(lambda y: (y, f(leaked)))(np.ones(2))
    with pytest.raises(fad.EscapedTracerError):
        fad.jvp(lambda y: {"a": y, "b": f(leaked)})((np.ones(2),), (np.ones(2),))


def test_an_escaped_tracer_as_a_tangent_or_cotangent_is_an_error(leaked: Any) -> None:
    with pytest.raises(fad.EscapedTracerError):
        fad.jvp(fnp.sin)((np.ones(2),), (leaked,))
    _, pullback = fad.vjp(fnp.sin)(np.ones(2))
    with pytest.raises(fad.EscapedTracerError):
        pullback(leaked)


def test_an_outer_tracer_returned_by_an_inner_function_is_fine() -> None:
    # closing over a live outer value is not an escape: the inner output is a
    # constant of the inner transform and still carries the outer derivative
    def outer(x: Any) -> Any:
        y, _ = fad.vjp(lambda z: x * 1.0)(2.0)
        return y

    assert float(fad.grad(outer)(3.0)) == 1.0


# ---------------------------------------------------------------------------
# complex intermediates: differentiated (JAX's convention, docs/complex.md), not refused


@pytest.mark.parametrize(
    "f",
    [
        lambda x: fnp.abs(x.astype(complex) * 1j + 1.0),
        lambda x: fnp.abs(fnp.astype(x, np.complex64) + 1.0),
        lambda x: fnp.abs(fnp.array(x, dtype=complex) * (1 - 2j)),
        lambda x: fnp.abs(x * 1j + 1.0),
        lambda x: np.real(np.exp(1j * x) * x),
    ],
)
def test_a_complex_intermediate_is_differentiated_in_every_mode(f: Callable[[Any], Any]) -> None:
    def fd(g: Callable[[float], Any], x: float, h: float = 1e-3) -> float:
        return float((g(x + h) - g(x - h)) / (2 * h))

    plain = lambda x: float(f(np.float64(x)))  # noqa: E731  (f on plain values: NumPy's)
    d1 = fd(plain, 0.3)
    d2 = fd(lambda x: float(fad.grad(f)(x)), 0.3)
    tol = 1e-3  # one example computes in single precision (complex64)
    assert float(fad.grad(f)(0.3)) == pytest.approx(d1, rel=tol, abs=tol)
    assert float(fad.jvp(f)((0.3,), (1.0,))[1]) == pytest.approx(d1, rel=tol, abs=tol)
    assert float(fad.jacfwd(f)(0.3)) == pytest.approx(d1, rel=tol, abs=tol)
    assert float(fad.hessian(f)(0.3)) == pytest.approx(d2, rel=1e-3, abs=1e-3)
    assert float(fad.grad(fad.grad(f))(0.3)) == pytest.approx(d2, rel=1e-3, abs=1e-3)
    assert fad.grad(f)(0.3).dtype == np.float64  # a real input's gradient is real


def test_a_complex_output_still_needs_holomorphic_or_vjp() -> None:
    with pytest.raises(TypeError, match="grad requires real-valued outputs.*holomorphic=True"):
        fad.grad(lambda x: x * 1j)(0.3)
    with pytest.raises(TypeError, match="jacrev requires real-valued outputs"):
        fad.jacrev(lambda x: x * 1j)(np.ones(2))


# ---------------------------------------------------------------------------
# array subclasses whose arithmetic differs from ndarray's


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")  # np.matrix itself warns
def test_masked_arrays_and_matrices_are_refused_with_what_to_pass() -> None:
    masked = np.ma.masked_array([1.0, 2.0, 3.0], mask=[False, True, False])
    with pytest.raises(TypeError, match=r"\.filled"):
        fad.grad(lambda x: fnp.sum(x * x))(masked)
    with pytest.raises(TypeError, match=r"\.filled"):  # as a constant inside f
        fad.grad(lambda x: fnp.sum(x * masked))(np.ones(3))
    with pytest.raises(TypeError, match=r"\.filled"):
        fad.jvp(lambda x: x * 2.0)((masked,), (np.ones(3),))
    m = np.matrix([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(TypeError, match=r"np\.asarray"):
        fad.grad(lambda x: fnp.sum(x * x))(m)
    with pytest.raises(TypeError, match=r"np\.asarray"):
        fad.grad(lambda x: fnp.sum(x * m))(np.ones((2, 2)))


# ---------------------------------------------------------------------------
# in-place ndarray methods


@pytest.mark.parametrize(
    "method, call, instead",
    [
        ("sort", lambda t: t.sort(), "fnp.sort(x"),
        ("partition", lambda t: t.partition(1), "fnp.sort(x"),
        ("fill", lambda t: t.fill(0.0), "fnp.full_like(x"),
        ("put", lambda t: t.put([0], [1.0]), ".at["),
        ("itemset", lambda t: t.itemset(0, 1.0), ".at["),
        ("resize", lambda t: t.resize((2,)), "fnp.reshape"),
        ("setfield", lambda t: t.setfield(1.0, np.float64), ".at["),
    ],
)
def test_in_place_methods_name_the_functional_form(
    method: str, call: Callable[[Any], Any], instead: str
) -> None:
    def f(x: Any) -> Any:
        call(x)
        return x[0]

    with pytest.raises(TypeError, match=rf"x\.{method}\(\) changes an array in place") as e:
        fad.grad(f)(np.array([3.0, 1.0, 2.0]))
    assert instead in str(e.value)


def test_flag_and_byte_methods_are_refused() -> None:
    with pytest.raises(TypeError, match="always read-only"):
        fad.grad(lambda t: t.setflags(write=True))(np.ones(2))
    with pytest.raises(TypeError, match="no derivative"):
        fad.grad(lambda t: t.byteswap(True))(np.ones(2))


def test_augmented_assignment_rebinds_as_in_jax() -> None:
    def f(x: Any) -> Any:
        y = x
        y += 1.0  # a new value bound to y; x is unchanged
        return fnp.sum(x * y)

    x = np.array([1.0, 2.0])
    np.testing.assert_allclose(fad.grad(f)(x), 2 * x + 1)


# ---------------------------------------------------------------------------
# a constant array changed in place after a traced op used it


def _scaled_in_place(x: Any) -> Any:
    c = np.ones(3)
    y = x * c
    c *= 2
    return fnp.sum(y * c)


def _slice_assigned(x: Any) -> Any:
    c = np.ones(3)
    y = x * c
    c[0] = 5.0
    return fnp.sum(y * c)


@pytest.mark.parametrize("f", [_scaled_in_place, _slice_assigned])
def test_changing_a_recorded_constant_in_place_is_an_error(f: Callable[[Any], Any]) -> None:
    with pytest.raises(ValueError, match="changed an array in place"):
        fad.grad(f)(np.ones(3))
    with pytest.raises(ValueError, match="changed an array in place"):
        fad.jvp(f)((np.ones(3),), (np.ones(3),))


def test_constants_are_writeable_again_after_the_transform() -> None:
    c = np.ones(3)
    g = fad.grad(lambda x: fnp.sum(x * c))(np.ones(3))
    c *= 2  # the user's array is theirs again
    np.testing.assert_allclose(g, 1.0)
    np.testing.assert_allclose(fad.grad(lambda x: fnp.sum(x * c))(np.ones(3)), 2.0)
    assert c.flags.writeable


def test_a_constant_the_user_made_read_only_stays_read_only() -> None:
    c = np.ones(3)
    c.setflags(write=False)
    fad.grad(lambda x: fnp.sum(x * c))(np.ones(3))
    assert not c.flags.writeable


def test_mutating_an_unused_array_is_fine() -> None:
    def f(x: Any) -> Any:
        buf = np.zeros(3)
        buf[1] = 2.0  # before any traced use: an ordinary NumPy array
        return fnp.sum(x * buf)

    np.testing.assert_allclose(fad.grad(f)(np.ones(3)), [0.0, 2.0, 0.0])


# ---------------------------------------------------------------------------
# arrays handed back to the user


def _writeable_and_own(a: Any, *passed: Any) -> None:
    assert isinstance(a, np.ndarray)
    assert a.flags.writeable
    for p in passed:
        assert not np.shares_memory(a, p)
    a += 1.0  # does not raise


def test_returned_arrays_are_writeable_and_alias_nothing_passed_in() -> None:
    x = np.array([1.0, 2.0, 3.0])
    _writeable_and_own(fad.grad(fnp.sum)(x), x)
    _writeable_and_own(fad.elementwise_grad(lambda x: x + 1.0)(x), x)

    ct = np.array([1.0, 1.0, 1.0])
    out, pullback = fad.vjp(lambda x: x + 1.0)(x)
    (g,) = pullback(ct)
    _writeable_and_own(g, ct, x)
    _writeable_and_own(out, x)
    out2, _ = fad.vjp(lambda x: x)(x)  # the output is the input itself
    _writeable_and_own(out2, x)

    xdot = np.array([1.0, 0.0, 0.0])
    y, ydot = fad.jvp(lambda x: x + 1.0)((x,), (xdot,))
    _writeable_and_own(ydot, xdot, x)
    _writeable_and_own(y, x)
    y, push = fad.linearize(lambda x: fnp.reshape(x, (3, 1)))(x)
    _writeable_and_own(push(xdot), xdot)
    _writeable_and_own(y, x)

    v, g = fad.value_and_grad(lambda x: fnp.sum(x), has_aux=False)(x)
    _writeable_and_own(g, x)
    (_, aux), _ = fad.value_and_grad(lambda x: (fnp.sum(x), x * 2.0), has_aux=True)(x)
    _writeable_and_own(aux, x)
    _writeable_and_own(fad.jacrev(lambda x: x)(x), x)
    _writeable_and_own(fad.jacfwd(lambda x: x)(x), x)
    _writeable_and_own(fad.hessian(lambda x: fnp.sum(x**2))(x), x)

    g1, g2 = fad.grad(lambda a, b: fnp.sum(a + b), argnums=(0, 1))(x, x.copy())
    _writeable_and_own(g1, x)
    _writeable_and_own(g2, x)
    assert not np.shares_memory(g1, g2)
