"""Deep graphs: nothing in fad may recurse along the depth of a graph.

A chain of a million scalar ops is differentiated with Python's default
recursion limit. The forward sweep, printing, DOT output, node equality and
hashing, and freeing the graph are checked on 100,000-deep graphs. Nothing
here reads a clock: the per-op cost at depth is a benchmark
(benchmarks/bench_deep_chain.py).
"""

from __future__ import annotations

import gc
import math
import pathlib
import subprocess
import sys
import textwrap
from typing import Any, Callable, Iterator

import numpy as np
import pytest

import fad
import fad.numpy as fnp
from fad._collector import LARGE

GROWTH = 1.0000001


def chain(n_ops: int) -> Callable[[Any], Any]:
    """x -> n_ops scalar ops: alternately x * 1.0000001 and sin(x)."""

    def f(x: Any) -> Any:
        for _ in range(n_ops // 2):
            x = x * GROWTH
            x = fnp.sin(x)
        return x

    return f


def chain_value_and_derivative(x: float, n_ops: int) -> tuple[float, float]:
    """The chain and its derivative by the chain rule, in plain floats."""
    d = 1.0
    for _ in range(n_ops // 2):
        x = x * GROWTH
        d *= GROWTH
        d *= math.cos(x)
        x = math.sin(x)
    return x, d


# A probe primitive: the identity, whose rules record the recursion limit
# while the sweeps run (so a sweep that raised the limit temporarily shows).
_limits_seen: list[int] = []
probe = fad.primitive(lambda x: x * 1.0, name="recursion_limit_probe", kind="elementwise")
fad.defvjp(probe, lambda y, ybar, x: (_limits_seen.append(sys.getrecursionlimit()), ybar)[1])
fad.defjvp(probe, lambda xdot, y, x: (_limits_seen.append(sys.getrecursionlimit()), xdot)[1])


@pytest.fixture
def default_recursion_limit() -> Iterator[int]:
    limit = sys.getrecursionlimit()
    assert limit <= 1000, "these tests must run with Python's default recursion limit"
    _limits_seen.clear()
    yield limit
    assert sys.getrecursionlimit() == limit


# ---------------------------------------------------------------------------
# a million ops


def test_grad_through_a_million_scalar_ops(default_recursion_limit: int) -> None:
    # correctness and no recursion only: the per-op cost at this depth is
    # measured by benchmarks/bench_deep_chain.py, not here (a timing is not a test)
    n, x0 = 1_000_000, 0.5
    g = fad.grad(lambda x: chain(n)(probe(x)))(x0)  # probe first: its VJP runs last, deepest
    assert _limits_seen and set(_limits_seen) == {default_recursion_limit}
    _, expected = chain_value_and_derivative(x0, n)
    assert float(g) == pytest.approx(expected, rel=1e-8)


def test_full_collections_are_held_off_only_while_a_large_graph_is_live() -> None:
    # see fad._collector: a long trace, and a sweep over a large graph, raise the
    # collector's third threshold; everything else leaves the collector alone
    before = gc.get_threshold()
    seen: list[tuple[int, int, int]] = []
    probe_t = fad.primitive(lambda x: x * 1.0, name="threshold_probe", kind="elementwise")
    fad.defvjp(probe_t, lambda y, ybar, x: (seen.append(gc.get_threshold()), ybar)[1])

    def f(x: Any) -> Any:
        seen.append(gc.get_threshold())  # at the start: a small trace so far
        y = chain(4 * LARGE)(probe_t(x))
        seen.append(gc.get_threshold())  # at the end: a large one
        return y

    fad.grad(f)(0.5)
    start, end, in_sweep = seen
    assert start == before
    assert end[2] > before[2] and end[:2] == before[:2]
    assert in_sweep[2] > before[2]
    assert gc.get_threshold() == before and gc.isenabled()

    seen.clear()
    fad.grad(lambda x: probe_t(x) * 2.0)(0.5)  # a small graph: the collector untouched
    assert seen == [before]

    def fails(x: Any) -> Any:
        chain(4 * LARGE)(x)
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):  # restored when f raises, too
        fad.grad(fails)(0.5)
    assert gc.get_threshold() == before


# ---------------------------------------------------------------------------
# 100,000-deep graphs

DEPTH = 100_000


@pytest.fixture(scope="module")
def deep_graph() -> dict[str, Any]:
    """A 100,000-op chain: its root node, its output tracer and a pullback."""
    seen: dict[str, Any] = {}
    f = chain(DEPTH)

    def g(x: Any) -> Any:
        y = f(x)
        seen["node"] = y.node
        seen["tracer"] = y
        # while the transform is running: a tracer's repr and == are O(1)
        seen["tracer_repr"] = repr(y)
        seen["tracer_eq"] = y == y
        seen["tracer_ne"] = y != f(x)  # an equal value, from a separate chain
        return y

    out, pullback = fad.vjp(g)(0.5)
    seen["out"] = out
    seen["pullback"] = pullback
    return seen


def test_vjp_pullback_on_deep_graph(deep_graph: dict[str, Any], default_recursion_limit: int) -> None:
    value, d = chain_value_and_derivative(0.5, DEPTH)
    assert float(deep_graph["out"]) == pytest.approx(value, rel=1e-12)
    (g,) = deep_graph["pullback"](1.0)
    assert float(g) == pytest.approx(d, rel=1e-9)
    (g2,) = deep_graph["pullback"](2.0)  # reusable
    assert float(g2) == pytest.approx(2 * d, rel=1e-9)


def test_jvp_on_deep_graph(default_recursion_limit: int) -> None:
    f = chain(DEPTH)
    y, ydot = fad.jvp(lambda x: f(probe(x)))((0.5,), (1.0,))
    value, d = chain_value_and_derivative(0.5, DEPTH)
    assert float(y) == pytest.approx(value, rel=1e-12)
    assert float(ydot) == pytest.approx(d, rel=1e-9)
    assert _limits_seen and set(_limits_seen) == {default_recursion_limit}


def test_linearize_on_deep_graph(default_recursion_limit: int) -> None:
    f = chain(DEPTH)
    calls = []

    def g(x: Any) -> Any:
        calls.append(1)
        return f(x)

    y, push = fad.linearize(g)(0.5)
    _, d = chain_value_and_derivative(0.5, DEPTH)
    assert float(push(1.0)) == pytest.approx(d, rel=1e-9)
    assert float(push(-3.0)) == pytest.approx(-3 * d, rel=1e-9)
    assert len(calls) == 1


def test_vector_chain_jacobians_on_deep_graph(default_recursion_limit: int) -> None:
    # a deep graph of array ops, through jacfwd and jacrev (batched sweeps)
    def f(x: Any) -> Any:
        for _ in range(DEPTH // 20):
            x = fnp.sin(x * GROWTH)
        return x

    x0 = np.array([0.3, 0.6])
    Jf = fad.jacfwd(f)(x0)
    Jr = fad.jacrev(f)(x0)
    d = np.array([chain_value_and_derivative(v, DEPTH // 10)[1] for v in x0])
    np.testing.assert_allclose(np.diag(Jf), d, rtol=1e-9)
    np.testing.assert_allclose(Jr, Jf, rtol=1e-12, atol=0)
    assert Jf[0, 1] == 0.0 and Jf[1, 0] == 0.0


def test_second_derivative_through_deep_graph(default_recursion_limit: int) -> None:
    # grad(grad(f)): the outer transform records the inner reverse sweep
    n = 20_000

    def f(x: Any) -> Any:
        for _ in range(n):
            x = fnp.sin(x)
        return x

    # derivatives by the plain chain rule: d' = d * cos(x), d'' = d'' cos(x) - d^2 sin(x)
    x, d1, d2 = 0.5, 1.0, 0.0
    for _ in range(n):
        d2 = d2 * math.cos(x) - d1 * d1 * math.sin(x)
        d1 = d1 * math.cos(x)
        x = math.sin(x)
    assert float(fad.grad(f)(0.5)) == pytest.approx(d1, rel=1e-9)
    assert float(fad.grad(fad.grad(f))(0.5)) == pytest.approx(d2, rel=1e-8)
    assert float(fad.jvp(fad.grad(f))((0.5,), (1.0,))[1]) == pytest.approx(d2, rel=1e-8)


def test_format_graph_on_deep_graph(deep_graph: dict[str, Any], default_recursion_limit: int) -> None:
    text = fad.format_graph([deep_graph["node"]])
    lines = text.splitlines()
    assert len(lines) == DEPTH + 1
    assert lines[0].startswith("%0 = input")
    assert "multiply" in lines[1] and "sin" in lines[2]
    assert lines[-1].startswith(f"%{DEPTH} = sin(%{DEPTH - 1})")
    assert deep_graph["tracer"].format_graph() == text


def test_to_dot_on_deep_graph(deep_graph: dict[str, Any], default_recursion_limit: int) -> None:
    dot = fad.to_dot([deep_graph["node"]])
    assert dot.startswith("digraph")
    assert dot.rstrip().endswith("}")
    assert dot.count("->") == DEPTH  # one edge per op in a chain


def test_repr_eq_and_hash_on_deep_graph(deep_graph: dict[str, Any], default_recursion_limit: int) -> None:
    node = deep_graph["node"]
    parent = node.parents[0]
    r = repr(node)
    assert "sin" in r and len(r) < 200
    assert node == node and not (node != node)
    assert node != parent and not (node == parent)
    assert len({node, parent, node}) == 2
    assert {node: 1}[node] == 1
    assert hash(node) == hash(node)
    assert "Tracer" in deep_graph["tracer_repr"] and len(deep_graph["tracer_repr"]) < 300
    # tracers compare by value and answer with plain bools, without walking the graph
    assert deep_graph["tracer_eq"] is np.True_ or deep_graph["tracer_eq"] is True
    assert not deep_graph["tracer_ne"]


def test_deep_pytree_flatten_and_unflatten(default_recursion_limit: int) -> None:
    tree: Any = 1.0
    for _ in range(DEPTH):
        tree = [tree]
    leaves, treedef = fad.tree_flatten(tree)
    assert leaves == [1.0]
    rebuilt = fad.tree_unflatten(treedef, [2.0])
    assert treedef == fad.tree_flatten(rebuilt)[1]
    assert len(repr(treedef)) > DEPTH
    assert fad.tree_leaves(rebuilt) == [2.0]


def test_dropping_a_deep_graph_in_process(default_recursion_limit: int) -> None:
    unraisable: list[Any] = []
    old_hook = sys.unraisablehook
    sys.unraisablehook = unraisable.append
    try:
        kept: list[Any] = []
        f = chain(DEPTH)

        def g(x: Any) -> Any:
            y = f(x)
            kept.append(y.node)
            return y

        _, pullback = fad.vjp(g)(0.5)
        del pullback
        del kept[:]
        gc.collect()
    finally:
        sys.unraisablehook = old_hook
    assert unraisable == []


def test_dropping_a_very_deep_graph_in_a_fresh_interpreter() -> None:
    # a crash (C stack overflow) while freeing would kill pytest itself, so free it
    # in a child process with the default recursion limit
    script = textwrap.dedent(
        """
        import gc, sys
        import fad, fad.numpy as fnp
        assert sys.getrecursionlimit() == 1000
        kept = []
        def f(x):
            for _ in range(150_000):
                x = fnp.sin(x * 1.0000001)
            kept.append(x.node)
            return x
        out, pullback = fad.vjp(f)(0.5)
        (g,) = pullback(1.0)
        del pullback, out
        kept.clear()
        gc.collect()
        print("ok", float(g))
        """
    )
    root = pathlib.Path(__file__).resolve().parents[1]
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=root
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith("ok")
    assert "RecursionError" not in proc.stderr and "Exception ignored" not in proc.stderr


def test_a_kept_traceback_does_not_keep_full_collections_off() -> None:
    # an error after a large trace (here: a non-scalar output for grad) leaves
    # the graph alive in the traceback; the collector is given back all the same
    before = gc.get_threshold()

    def vector_out(x: Any) -> Any:
        return fnp.stack([chain(4 * LARGE)(x), x])

    try:
        fad.grad(vector_out)(0.5)
    except TypeError as e:
        kept = e  # the traceback, and with it the graph, stays alive here
        assert gc.get_threshold() == before
    assert kept is not None
