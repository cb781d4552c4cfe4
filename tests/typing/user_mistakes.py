"""Mistakes a user makes, each on its own line marked ``# error``: mypy --strict
must report an error on exactly the marked lines (see test_typing.py)."""

from __future__ import annotations

import numpy as np

import fad
import fad.numpy as fnp


def model(w: fad.Array, x: fad.Array) -> fad.Array:
    return fnp.tanh(x @ w)


def norm2(w: fad.Array) -> fad.Array:
    return fnp.sum(w * w)


def misspelt(w: fad.Array) -> fad.Array:
    return w.sumn()  # error


def wrong_annotation(w: fad.Array) -> int:
    return w * 2  # error


W = np.ones(3)
g = fad.grad(norm2)(W, W)  # error
g2 = fad.grad(model)(W)  # error
g3 = fad.grad(norm2)(W, scale=2.0)  # error
h = fad.hessian(norm2)(W, has_aux=True)  # error
o = fad.vjp(norm2, True)  # error
j = fad.jvp(norm2)(W, W)  # error
s = fnp.linalg.solve(np.eye(3))  # error
e = fad.linearize(model, True)  # error


def on_tracers(t: fad.Tracer) -> fad.Tracer:
    return t * 2.0


def update(x: fad.Array) -> fad.Array:
    return x.at[0].set(1.0)  # error


# fad.numpy: wrong argument types and counts, and misuse of its results
A = np.eye(3)
t1 = fnp.tanh("x")  # error
t2 = fnp.sum(W, axis="0")  # error
t3 = fnp.sin(W).sumn()  # error
t4: int = fnp.sum(W)  # error
t5: np.ndarray = fnp.exp(W)  # error
t6 = fad.grad(on_tracers)(W)  # error
t7 = fnp.concatenate(W, W)  # error
t8 = fnp.reshape(W, "3")  # error
t9 = fnp.mean(W, keepdims="yes")  # error
t10 = fnp.linalg.norm(W, ord="one")  # error
t11 = fnp.sort(W, kind="fast")  # error
t12 = fnp.dot(W)  # error
t13 = fnp.linalg.solve(A, W, W)  # error
t14 = fnp.astype(W, 3.5)  # error
t15 = fnp.linalg.eigh(A, UPLO="lower")  # error
t15 = fnp.clip(W, "0", 1.0)  # error
t16 = fnp.index_update(W, 0)  # error
t17 = fnp.einsum("ij,j->i", A, W, optimize=3)  # error
t18 = fnp.linspace(0.0, 1.0, 5, retstep=True) + 1.0  # error
t19 = fnp.getitem(W, "0")  # error
t20 = fnp.index_update(W, 1.5, 0.0)  # error
