"""fad.checkpoint (fad.remat): same values and derivatives as the plain
function, at orders 1 to 3 and in both modes; the block's values are not
recorded by the outer transform but recomputed when its sweep reaches it."""

from __future__ import annotations

import functools
from typing import Any, Callable

import numpy as np
import pytest

import fad
import fad.numpy as fnp
from fad._graph import toposort
from fad.testing import check_grads, check_jvp, check_vjp

RNG = np.random.default_rng(1)
W = RNG.normal(size=(3, 3)) / 2


def block(x: Any) -> Any:
    for _ in range(3):
        x = fnp.tanh(x @ W + 0.1) * fnp.cos(x)
    return x


def plain_net(x: Any) -> Any:
    return fnp.sum(block(block(x)) ** 2)


ck_block = fad.checkpoint(block)


def ck_net(x: Any) -> Any:
    return fnp.sum(ck_block(ck_block(x)) ** 2)


def _nest(t: Callable[..., Any], f: Callable[..., Any], n: int) -> Callable[..., Any]:
    for _ in range(n):
        f = t(f)
    return f


X = RNG.normal(size=3)


def test_values_are_the_plain_function_s() -> None:
    np.testing.assert_array_equal(ck_net(X), plain_net(X))
    np.testing.assert_array_equal(fad.value_and_grad(ck_net)(X)[0], plain_net(X))


@pytest.mark.parametrize("order", [1, 2, 3])
@pytest.mark.parametrize("transform", ["jacrev", "jacfwd"])
def test_derivatives_agree_with_the_plain_function(order: int, transform: str) -> None:
    t = getattr(fad, transform)
    got = _nest(t, ck_net, order)(X)
    want = _nest(t, plain_net, order)(X)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("order", [1, 2, 3])
def test_scalar_grads_to_third_order(order: int) -> None:
    f = fad.checkpoint(lambda x: fnp.sin(fnp.exp(x) * x))
    g = lambda x: fnp.sin(fnp.exp(x) * x)  # noqa: E731
    assert float(_nest(fad.grad, f, order)(0.4)) == pytest.approx(float(_nest(fad.grad, g, order)(0.4)), rel=1e-13)


def test_mixed_routes() -> None:
    np.testing.assert_allclose(fad.hessian(ck_net)(X), fad.hessian(plain_net)(X), rtol=1e-12)
    np.testing.assert_allclose(fad.jacrev(fad.jacfwd(ck_net))(X), fad.hessian(plain_net)(X), rtol=1e-12)
    u = RNG.normal(size=3)
    hvp = lambda f: fad.jvp(fad.grad(f))((X,), (u,))[1]  # noqa: E731
    np.testing.assert_allclose(hvp(ck_net), hvp(plain_net), rtol=1e-12)
    _, push = fad.linearize(ck_block)(X)
    _, push_plain = fad.linearize(block)(X)
    np.testing.assert_allclose(push(u), push_plain(u), rtol=1e-12)


def test_against_finite_differences() -> None:
    check_grads(ck_net, (X,), order=3, modes=("fwd", "rev"))
    check_vjp(ck_block, (X,))
    check_jvp(ck_block, (X,))


def test_the_outer_graph_records_the_block_as_one_node() -> None:
    kept = []

    def f(x: Any) -> Any:
        y = ck_block(x)
        kept.append(y.node)
        return fnp.sum(y)

    fad.grad(f)(X)
    names = [n.prim.name for n in toposort(kept) if n.prim is not None]
    assert names == ["checkpoint"]


def test_the_block_runs_again_in_the_reverse_sweep() -> None:
    runs = []

    @fad.checkpoint
    def f(x: Any) -> Any:
        runs.append(fad.is_tracer(x))
        return fnp.sin(x) * 2.0

    assert float(fad.grad(f)(0.3)) == pytest.approx(2 * np.cos(0.3))
    assert runs == [False, True]  # untraced forward, traced again in the sweep
    runs.clear()
    assert float(f(0.3)) == pytest.approx(2 * np.sin(0.3))
    assert runs == [False]


def test_pytrees_several_outputs_and_static_argnums() -> None:
    @functools.partial(fad.checkpoint, static_argnums=(1,))
    def f(p: Any, n: int) -> Any:
        x = p["x"]
        for _ in range(n):
            x = fnp.tanh(x * p["k"])
        return x, {"s": fnp.sum(x * p["k"])}

    def plain(p: Any, n: int) -> Any:
        x = p["x"]
        for _ in range(n):
            x = fnp.tanh(x * p["k"])
        return x, {"s": fnp.sum(x * p["k"])}

    p = {"x": X, "k": np.array(1.3)}
    loss = lambda f: lambda p: fnp.sum(f(p, 3)[0] ** 2) + f(p, 2)[1]["s"]  # noqa: E731
    g, h = fad.grad(loss(f))(p), fad.grad(loss(plain))(p)
    for k in p:
        np.testing.assert_allclose(g[k], h[k], rtol=1e-13)
    hk = lambda f: fad.hessian(lambda k: loss(f)({"x": X, "k": k}))(np.array(1.3))  # noqa: E731
    np.testing.assert_allclose(hk(f), hk(plain), rtol=1e-12)
    check_grads(lambda p: f(p, 2), (p,), order=2, modes=("fwd", "rev"))


def test_nested_checkpoints() -> None:
    inner = fad.checkpoint(lambda x: fnp.sin(x) * x)
    outer = fad.checkpoint(lambda x: inner(inner(x)) + x)
    plain = lambda x: (lambda y: fnp.sin(y) * y)(fnp.sin(x) * x) + x  # noqa: E731
    for n in (1, 2, 3):
        assert float(_nest(fad.grad, outer, n)(0.7)) == pytest.approx(float(_nest(fad.grad, plain, n)(0.7)), rel=1e-12)


def test_remat_is_checkpoint_and_decorator_forms() -> None:
    assert fad.remat is fad.checkpoint

    @fad.remat
    def f(x: Any) -> Any:
        return x**3

    @fad.checkpoint(prevent_cse=False)
    def g(x: Any) -> Any:
        return x**3

    assert fad.grad(f)(2.0) == 12.0 == fad.grad(g)(2.0)
    assert f.__name__ == "f"


def test_closing_over_a_traced_value_is_an_error() -> None:
    def f(w: Any) -> Any:
        return fnp.sum(fad.checkpoint(lambda x: x * w)(X))

    with pytest.raises(TypeError, match="checkpoint function <lambda>: its output depends on a traced value"):
        fad.grad(f)(2.0)
    # passed as an argument, it works
    g = lambda w: fnp.sum(fad.checkpoint(lambda x, w: x * w)(X, w))  # noqa: E731
    assert float(fad.grad(g)(2.0)) == pytest.approx(float(np.sum(X)))


def test_policies_are_refused() -> None:
    with pytest.raises(TypeError, match="policy=None"):
        fad.checkpoint(block, policy="dots_saveable")  # type: ignore[call-overload]
