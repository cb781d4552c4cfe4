"""What the reverse sweep keeps alive: values freed as soon as a one-shot sweep
is done with them, and elementwise rules that make one array, not three.

These count objects and bytes (weak references, ``tracemalloc``), which are
the same on every run; nothing here reads a clock.
"""

from __future__ import annotations

import gc
import tracemalloc
import weakref
from typing import Any, Callable

import numpy as np
import pytest

import fad
import fad.numpy as fnp

N = 1 << 15  # elements: 256 KiB arrays, far above anything else a sweep allocates
ARRAY = N * 8


def _probe(seen: list[bool], refs: list[Callable[[], Any]]) -> Callable[[Any], Any]:
    """An identity primitive whose VJP rule, which runs last in the sweep (it is
    the first op), records whether the values behind ``refs`` are gone."""

    probe = fad.primitive(lambda x: np.array(x, copy=True), name="probe")

    def vjp(y: Any, ybar: Any, x: Any) -> Any:
        gc.collect()
        seen.append(all(r() is None for r in refs))
        return ybar

    fad.defvjp(probe, vjp)
    fad.defjvp(probe, lambda xdot, y, x: xdot)
    return probe


def _chain(seen: list[bool], refs: list[Callable[[], Any]]) -> Callable[[Any], Any]:
    probe = _probe(seen, refs)

    def f(x: Any) -> Any:
        h = probe(x)
        for _ in range(3):
            h = fnp.tanh(h)
            refs.append(weakref.ref(fad.concrete(h)))  # the value tanh's node saves
        return fnp.sum(h)

    return f


@pytest.mark.parametrize("transform", ["grad", "value_and_grad"])
def test_a_one_shot_sweep_frees_values_it_is_done_with(transform: str) -> None:
    seen: list[bool] = []
    refs: list[Callable[[], Any]] = []
    getattr(fad, transform)(_chain(seen, refs))(np.linspace(0.0, 1.0, 8))
    assert seen == [True]  # the tanh outputs went before the sweep reached the first op


def test_elementwise_grad_frees_values_too() -> None:
    seen: list[bool] = []
    refs: list[Callable[[], Any]] = []
    chain = _chain(seen, refs)
    fad.elementwise_grad(lambda x: chain(x) * x)(np.linspace(0.0, 1.0, 8))
    assert seen == [True]


def test_a_vjp_pullback_keeps_its_graph_and_can_be_called_again() -> None:
    seen: list[bool] = []
    refs: list[Callable[[], Any]] = []
    x = np.linspace(0.0, 1.0, 8)
    y, pullback = fad.vjp(_chain(seen, refs))(x)
    (g1,) = pullback(1.0)
    (g2,) = pullback(1.0)
    assert seen == [False, False]  # the values stay for the next call
    np.testing.assert_array_equal(g1, g2)
    np.testing.assert_allclose(g1, fad.grad(_chain([], []))(x), rtol=1e-15)


def _peak_during(thunk: Callable[[], Any]) -> float:
    """The most memory ``thunk`` had allocated at once beyond what it started
    with, in arrays of N float64s."""
    gc.collect()
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        thunk()
        return (tracemalloc.get_traced_memory()[1] - start) / ARRAY
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fn", [fnp.tanh, fnp.sin, fnp.exp, fnp.sqrt])
@pytest.mark.parametrize("n", [N, N // 2])
def test_an_elementwise_rule_makes_one_array(fn: Callable[[Any], Any], n: int) -> None:
    # (NumPy itself reuses a temporary of 256 KiB or more in ``ybar * factor``
    # when the call comes straight from Python code; n = N // 2 is below that)
    x = np.linspace(0.1, 0.9, n)
    ct = np.linspace(-1.0, 1.0, n)
    _, pullback = fad.vjp(fn)(x)
    pullback(ct)  # warm any caches
    # the cotangent it returns, and no temporary beside it (two arrays before:
    # the factor and the product; three for tanh's 1 - y * y)
    assert _peak_during(lambda: pullback(ct)) * N / n < 1.2


def test_an_elementwise_rule_changes_nothing_it_was_given() -> None:
    x = np.linspace(0.1, 0.9, N)
    ct = np.linspace(-1.0, 1.0, N)
    for fn in (fnp.exp, fnp.tanh, fnp.sin):
        kept_x, kept_ct = x.copy(), ct.copy()
        y, pullback = fad.vjp(fn)(x)
        kept_y = np.array(y, copy=True)
        (g1,) = pullback(ct)
        (g2,) = pullback(ct)
        np.testing.assert_array_equal(g1, g2)
        np.testing.assert_array_equal(x, kept_x)
        np.testing.assert_array_equal(ct, kept_ct)
        np.testing.assert_array_equal(y, kept_y)
        assert not np.shares_memory(g1, ct) and not np.shares_memory(g1, x)
        # and forward mode: the tangent given is not the one returned
        _, t = fad.jvp(fn)((x,), (ct,))
        np.testing.assert_array_equal(ct, kept_ct)
        assert not np.shares_memory(t, ct)


def test_tanh_and_sigmoid_rules_at_higher_order_and_in_batches() -> None:
    # the one-buffer factors fall back to fnp arithmetic on tracers and batches
    x = np.linspace(-1.0, 1.0, 5)
    t = np.tanh(x)
    np.testing.assert_allclose(fad.elementwise_grad(fad.elementwise_grad(fnp.tanh))(x), -2 * t * (1 - t * t), rtol=1e-13)
    s = 1 / (1 + np.exp(-x))
    np.testing.assert_allclose(
        fad.elementwise_grad(fad.elementwise_grad(fnp.sigmoid))(x), s * (1 - s) * (1 - 2 * s), rtol=1e-13
    )
    np.testing.assert_allclose(fad.jacrev(fnp.tanh)(x), np.diag(1 - t * t), rtol=1e-14)
    np.testing.assert_allclose(fad.jacfwd(fnp.tanh)(x), np.diag(1 - t * t), rtol=1e-14)


@pytest.mark.parametrize("fn, slope", [(fnp.tanh, lambda y: 1 - y * y), (fnp.sigmoid, lambda y: y * (1 - y))])
def test_factors_on_0d_arrays_and_float32(fn: Callable[[Any], Any], slope: Callable[[Any], Any]) -> None:
    # y * y of a 0-d array is a NumPy scalar, which has no buffer to reuse
    x0 = np.array(0.5)
    np.testing.assert_allclose(fad.grad(fn)(x0), slope(fn(0.5)), rtol=1e-15)
    x32 = np.linspace(-1, 1, 7, dtype=np.float32)
    g = fad.elementwise_grad(fn)(x32)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, slope(np.asarray(fn(x32))), rtol=1e-6)
