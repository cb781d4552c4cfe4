"""Hessian-vector products three ways, without forming the Hessian.

For a scalar function f of n variables, ``H v`` can be computed without ever
forming the n x n Hessian H:

1. forward-over-reverse: the JVP of the gradient, ``jvp(grad(f))((x,), (v,))``;
2. reverse-over-forward: the gradient of a directional derivative,
   ``grad(lambda x: jvp(f)((x,), (v,))[1])``;
3. reverse-over-reverse: the gradient of ``<grad f(x), v>``.

This script checks that all three agree with ``hessian(f)(x) @ v``, then
times them against one gradient and against building the Hessian. Each HVP
costs a small multiple of a gradient whatever n is; forming H costs about n
times more. Forward-over-reverse is the textbook cheap route (the outer
transform, which differentiates the bigger program, is the forward one); in
fad, where every transform records a tree, the three routes cost about the
same. With ``linearize(grad(f))`` the gradient is traced once and every
further product is a single forward sweep.

Run it with ``python examples/hessian_vector_products.py``.
"""

from __future__ import annotations

import time
from typing import Any, Callable

import numpy as np

import fad
import fad.numpy as fnp

rng = np.random.default_rng(0)
N = 200
LAYERS = 20
A = rng.normal(size=(N, N)) / np.sqrt(N)


def f(x: Any) -> Any:
    """A scalar function of N variables: a deep tanh network with a skip term."""
    h = x
    for _ in range(LAYERS):
        h = fnp.tanh(A @ h) + 0.1 * h
    return fnp.sum(h**2)


def hvp_fwd_rev(x: np.ndarray, v: np.ndarray) -> Any:
    return fad.jvp(fad.grad(f))((x,), (v,))[1]


def hvp_rev_fwd(x: np.ndarray, v: np.ndarray) -> Any:
    return fad.grad(lambda x: fad.jvp(f)((x,), (v,))[1])(x)


def hvp_rev_rev(x: np.ndarray, v: np.ndarray) -> Any:
    return fad.grad(lambda x: fnp.vdot(fad.grad(f)(x), v))(x)


def best_time(fn: Callable[[], Any], repeats: int = 5) -> float:
    """The fastest of a few runs, in milliseconds."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1e3


def main() -> None:
    x = rng.normal(size=N)
    v = rng.normal(size=N)

    H = fad.hessian(f)(x)
    if not np.allclose(H, H.T, atol=1e-10):
        raise SystemExit("hessian_vector_products: the Hessian is not symmetric")
    want = H @ v
    routes = {
        "forward-over-reverse": hvp_fwd_rev,
        "reverse-over-forward": hvp_rev_fwd,
        "reverse-over-reverse": hvp_rev_rev,
    }
    for name, hvp in routes.items():
        got = hvp(x, v)
        if not np.allclose(got, want, rtol=1e-9, atol=1e-10):
            err = np.max(np.abs(got - want))
            raise SystemExit(f"hessian_vector_products: {name} differs from H @ v by {err:.2e}")
        print(f"{name:22s} agrees with hessian(f)(x) @ v")

    # Many HVPs at one point: trace the gradient once, reuse the pushforward.
    _, hvp_at_x = fad.linearize(fad.grad(f))(x)
    basis = np.eye(N)
    for i in (0, N // 2, N - 1):
        if not np.allclose(hvp_at_x(basis[i]), H[:, i]):
            raise SystemExit(f"hessian_vector_products: linearize(grad f) gives a wrong column {i}")
    print("linearize(grad(f)) gives the Hessian's columns")

    print(f"\ntimes for n = {N}, {LAYERS} tanh layers (best of 5):")
    t_grad = best_time(lambda: fad.grad(f)(x))
    print(f"  {'gradient':22s} {t_grad:7.2f} ms   1.0 x")
    for name, hvp in routes.items():
        t = best_time(lambda: hvp(x, v))
        print(f"  {name:22s} {t:7.2f} ms  {t / t_grad:4.1f} x")
    t_push = best_time(lambda: hvp_at_x(v))
    print(f"  {'reused pushforward':22s} {t_push:7.2f} ms  {t_push / t_grad:4.1f} x")
    t_hess = best_time(lambda: fad.hessian(f)(x) @ v, repeats=2)
    print(f"  {'hessian(f)(x) @ v':22s} {t_hess:7.2f} ms  {t_hess / t_grad:4.1f} x")


if __name__ == "__main__":
    main()
