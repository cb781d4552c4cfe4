"""The tanh MLP shared by ``bench_mlp_grad`` and ``bench_hvp``.

A 784-256-256-10 network with tanh hidden layers and softmax cross-entropy,
on a float64 batch of 128 random inputs with random labels::

    h1 = tanh(X W1 + b1);  h2 = tanh(h1 W2 + b2);  z = h2 W3 + b3
    loss = mean_i( logsumexp(z_i) - z_i[label_i] )

The same loss is written three times: with ``fad.numpy`` (and autograd) as a
user would write it, and by hand in NumPy together with its gradient (backprop)
and its Hessian-vector product with respect to W1 (Pearlmutter's R-operator),
which are the references the benchmarks compare against.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple, Tuple

import numpy as np

SIZES = (784, 256, 256, 10)
BATCH = 128

Params = Tuple[np.ndarray, ...]
"""(W1, b1, W2, b2, W3, b3): a tuple pytree."""


class Data(NamedTuple):
    params: Params
    X: np.ndarray
    Y: np.ndarray
    """One-hot labels, (BATCH, 10)."""
    V: np.ndarray
    """A direction for the Hessian-vector product, shaped like W1."""


def make_data(seed: int = 0) -> Data:
    """Random parameters (scaled 1/sqrt(fan-in)), inputs, labels and a direction."""
    rng = np.random.default_rng(seed)
    params = []
    for m, n in zip(SIZES[:-1], SIZES[1:]):
        params.append(rng.standard_normal((m, n)) / np.sqrt(m))
        params.append(0.1 * rng.standard_normal(n))
    X = rng.standard_normal((BATCH, SIZES[0]))
    Y = np.eye(SIZES[-1])[rng.integers(0, SIZES[-1], BATCH)]
    V = rng.standard_normal((SIZES[0], SIZES[1])) / np.sqrt(SIZES[0])
    return Data(tuple(params), X, Y, V)


def make_loss(
    tanh: Callable[[Any], Any],
    logsumexp: Callable[..., Any],
    sum_: Callable[..., Any],
    X: np.ndarray,
    Y: np.ndarray,
) -> Callable[[Any], Any]:
    """The loss as a function of the params tuple, written with the given ops."""
    n = X.shape[0]

    def loss(params: Any) -> Any:
        W1, b1, W2, b2, W3, b3 = params
        h1 = tanh(X @ W1 + b1)
        h2 = tanh(h1 @ W2 + b2)
        z = h2 @ W3 + b3
        return sum_(logsumexp(z, axis=1) - sum_(Y * z, axis=1)) / n

    return loss


def numpy_value_and_grad(params: Params, X: np.ndarray, Y: np.ndarray) -> Tuple[float, Params]:
    """The loss and its gradient w.r.t. every parameter, by hand-written backprop."""
    W1, b1, W2, b2, W3, b3 = params
    n = X.shape[0]
    h1 = np.tanh(X @ W1 + b1)
    h2 = np.tanh(h1 @ W2 + b2)
    z = h2 @ W3 + b3
    m = z.max(axis=1, keepdims=True)
    e = np.exp(z - m)
    se = e.sum(axis=1, keepdims=True)
    loss = float(np.sum(np.log(se) + m) - np.sum(Y * z)) / n
    dz = (e / se - Y) / n
    dW3 = h2.T @ dz
    db3 = dz.sum(axis=0)
    d2 = (dz @ W3.T) * (1.0 - h2 * h2)
    dW2 = h1.T @ d2
    db2 = d2.sum(axis=0)
    d1 = (d2 @ W2.T) * (1.0 - h1 * h1)
    dW1 = X.T @ d1
    db1 = d1.sum(axis=0)
    return loss, (dW1, db1, dW2, db2, dW3, db3)


def numpy_hvp_w1(params: Params, X: np.ndarray, Y: np.ndarray, V: np.ndarray) -> np.ndarray:
    """(d^2 loss / dW1^2) V by hand: the R-operator pushed through backprop."""
    W1, b1, W2, b2, W3, b3 = params
    n = X.shape[0]
    h1 = np.tanh(X @ W1 + b1)
    h2 = np.tanh(h1 @ W2 + b2)
    z = h2 @ W3 + b3
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    s1 = 1.0 - h1 * h1
    s2 = 1.0 - h2 * h2
    # forward: R{.} of each intermediate along V
    Rh1 = s1 * (X @ V)
    Rh2 = s2 * (Rh1 @ W2)
    Rz = Rh2 @ W3
    Rp = p * (Rz - np.sum(p * Rz, axis=1, keepdims=True))
    # backward, with its R{.}
    dz = (p - Y) / n
    Rdz = Rp / n
    dh2 = dz @ W3.T
    Rd2 = (Rdz @ W3.T) * s2 - 2.0 * dh2 * h2 * Rh2
    d2 = dh2 * s2
    dh1 = d2 @ W2.T
    Rd1 = (Rd2 @ W2.T) * s1 - 2.0 * dh1 * h1 * Rh1
    return X.T @ Rd1  # type: ignore[no-any-return]
