"""Code a user type-checks with mypy --strict: it must pass (see test_typing.py)."""

from __future__ import annotations

import numpy as np

import fad
import fad.numpy as fnp


def model(w: fad.Array, x: fad.Array) -> fad.Array:
    return fnp.tanh(x @ w)


def loss(w: fad.Array, x: fad.Array, y: fad.Array) -> fad.Array:
    return fnp.mean((model(w, x) - y) ** 2)


def quadratic(t: fad.Tracer) -> fad.Tracer:
    return (t.T @ t) * 0.5 + t.sum()


g = fad.grad(loss)(np.ones(3), np.ones((4, 3)), np.zeros(4))
v, g2 = fad.value_and_grad(loss, argnums=(0,))(np.ones(3), np.ones((4, 3)), np.zeros(4))
h = fad.hessian(loss)(np.ones(3), np.ones((4, 3)), np.zeros(4))
out, pullback = fad.vjp(model)(np.ones(3), np.ones((4, 3)))
cts = pullback(np.ones(4))
y, ydot = fad.jvp(fad.grad(lambda w: loss(w, np.ones((4, 3)), np.zeros(4))))((np.ones(3),), (np.ones(3),))
q = fad.grad(quadratic)(np.ones(2))
