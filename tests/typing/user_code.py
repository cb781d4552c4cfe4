"""Code a user type-checks with mypy --strict: it must pass (see test_typing.py),
with no cast and no Any."""

from __future__ import annotations

import numpy as np

import fad
import fad.numpy as fnp


def model(w: fad.Array, x: fad.Array) -> fad.Array:
    return fnp.tanh(x @ w)


def loss(w: fad.Array, x: fad.Array, y: fad.Array) -> fad.Array:
    return fnp.mean((model(w, x) - y) ** 2)


def quadratic(t: fad.Array) -> fad.Array:
    return (t.T @ t) * 0.5 + t.sum()


def scaled(x: fad.Array, *, scale: float = 2.0) -> fad.Array:
    return fnp.sum(x * scale)


def mse(prediction: fad.Array, target: fad.Array) -> fad.Array:
    return fnp.mean(fnp.square(prediction - target))


def layer(params: tuple[fad.Array, fad.Array], x: fad.Array) -> fad.Array:
    w, b = params
    return fnp.tanh(x @ w + b)


def numpy_functions(x: fad.Array, a: fad.Array) -> fad.Array:
    z = fnp.exp(-x) + fnp.log1p(fnp.abs(x)) * fnp.sqrt(fnp.square(x) + 1.0)
    s = fnp.linalg.solve(a, z)
    sign, logdet = fnp.linalg.slogdet(a)
    d = fnp.linalg.det(a) * sign + logdet + fnp.linalg.norm(s) + fnp.linalg.inv(a)[0, 0]
    m = fnp.where(x > 0, x, 0.0) + fnp.maximum(z, 0.0) + fnp.clip(z, 0.0, 1.0)
    c = fnp.concatenate([z, s], axis=0)[:3] + fnp.stack([z, s]).sum(axis=0)
    e = fnp.einsum("ij,j->i", a, z) + fnp.dot(a, z) + fnp.matmul(a, s)
    v = fnp.array([x[0], 1.0]) + fnp.asarray([1.0, 2.0]) + fnp.getitem(a, (slice(None, 2), 0))
    v = fnp.index_update(v, [0], 0.0) + fnp.index_add(v, ..., fnp.take(x, [1, 2]))
    r = fnp.reshape(fnp.outer(z, s), (-1,)) + fnp.zeros(9) + fnp.sort(x, axis=None).sum()
    return fnp.mean(c) + d + fnp.sum(e * m) + fnp.max(r) + fnp.logsumexp(v) + fnp.var(x, axis=0)


def array_methods(x: fad.Array) -> fad.Array:
    n = len(x)
    rows: int = x.shape[0]
    shaped = x.reshape(n, -1).T @ x.reshape((n, -1))
    y = shaped.mean(axis=0) - shaped[0] + (-shaped) ** 2 / rows
    return y.sum() + x.ravel().max() + x.squeeze().var(ddof=1) + x.std() + x.cumsum(axis=0)[-1, 0]


def on_tracers(t: fad.Tracer) -> fad.Tracer:
    u = t.T @ (t * 2.0 + 1) - abs(t).sum(axis=0) / t.size
    return u.reshape(-1).clip(0.0, None).dot(fnp.ones(u.size)) + t[0].transpose().prod()


W, X, Y = np.ones(3), np.ones((4, 3)), np.zeros(4)
g = fad.grad(loss)(W, X, Y)
v, g2 = fad.value_and_grad(loss, argnums=(0,))(W, X, Y)
h = fad.hessian(loss)(W, X, Y)
out, pullback = fad.vjp(model)(W, X)
cts = pullback(np.ones(4))
out3, pullback3, aux = fad.vjp(lambda w: (model(w, X), 1.0), has_aux=True)(W)
y, ydot = fad.jvp(fad.grad(lambda w: loss(w, X, Y)))((W,), (W,))
y2, push = fad.linearize(model)(W, X)
q = fad.grad(quadratic)(np.ones(2))
k = fad.grad(scaled)(np.ones(2), scale=3.0)
n: int = quadratic(np.ones(2)).ndim
J = fad.jacobian(model)(W, X)
A = np.array([[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]])
value: fad.Array = numpy_functions(W, A)
g_numpy = fad.grad(numpy_functions, argnums=(0, 1))(W, A)
R = np.arange(12.0).reshape(4, 3) / 10 + 1
g_methods = fad.grad(array_methods)(R)
P0 = (np.ones((3, 2)), np.zeros(2))
g_layer = fad.grad(lambda p: mse(layer(p, X), np.zeros((4, 2))))(P0)
sol: fad.Array = fnp.linalg.solve(A, W)
grid = fnp.linspace(0.0, 1.0, 5)
grid2, step = fnp.linspace(0.0, 1.0, 5, retstep=True)
dims: int = fnp.ndim(X) + fnp.size(X)
dt = fnp.result_type(W, np.float32)
f32: fad.Array = fnp.astype(W, np.float32)
g_tracers = fad.grad(lambda t: fnp.sum(on_tracers(t)))(R)
