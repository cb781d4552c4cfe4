"""Logistic regression trained by gradient descent with fad.value_and_grad.

We draw a synthetic binary classification problem from a NumPy random
generator, fit a weight vector and a bias by full-batch gradient descent on the
mean cross-entropy, and check that

- fad's gradient equals the textbook gradient ``X^T (sigmoid(z) - y) / N``;
- the loss goes down at every step;
- the trained model classifies most points correctly.

Run it with ``python examples/logistic_regression.py``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import fad
import fad.numpy as fnp


def make_data(rng: np.random.Generator, n: int = 400, d: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Points in d dimensions labelled by a noisy linear rule."""
    X = rng.normal(size=(n, d))
    true_w = np.array([2.0, -3.0, 1.0])[:d]
    true_b = 0.5
    p = 1.0 / (1.0 + np.exp(-(X @ true_w + true_b)))
    y = (rng.uniform(size=n) < p).astype(float)
    return X, y


def loss(params: dict[str, Any], X: np.ndarray, y: np.ndarray) -> Any:
    """Mean binary cross-entropy of the logistic model.

    With logits z, -[y log s(z) + (1 - y) log(1 - s(z))] = log(1 + e^z) - y z,
    and logaddexp(0, z) computes log(1 + e^z) without overflow.
    """
    z = X @ params["w"] + params["b"]
    return fnp.mean(fnp.logaddexp(0.0, z) - y * z)


def accuracy(params: dict[str, Any], X: np.ndarray, y: np.ndarray) -> float:
    z = X @ params["w"] + params["b"]
    return float(np.mean((z > 0) == (y > 0.5)))


def main() -> None:
    rng = np.random.default_rng(0)
    X, y = make_data(rng)
    n, d = X.shape
    params: dict[str, Any] = {"w": np.zeros(d), "b": 0.0}
    loss_and_grad = fad.value_and_grad(loss)

    # fad's gradient against the one worked out by hand, at the starting point.
    _, g = loss_and_grad(params, X, y)
    s = 1.0 / (1.0 + np.exp(-(X @ params["w"] + params["b"])))
    if not (np.allclose(g["w"], X.T @ (s - y) / n) and np.isclose(g["b"], np.mean(s - y))):
        raise SystemExit(f"logistic_regression: gradient {g} does not match the analytic one")
    print("gradient at the start matches X^T (sigmoid(z) - y) / N")

    learning_rate = 0.5
    losses = []
    for step in range(201):
        value, g = loss_and_grad(params, X, y)
        losses.append(float(value))
        if step % 25 == 0:
            print(f"step {step:3d}  loss {float(value):.4f}  accuracy {accuracy(params, X, y):.3f}")
        params = {k: params[k] - learning_rate * g[k] for k in params}

    if any(b > a + 1e-12 for a, b in zip(losses, losses[1:])):
        raise SystemExit("logistic_regression: the loss went up during training")
    if not losses[-1] < 0.7 * losses[0]:
        raise SystemExit(f"logistic_regression: loss only fell from {losses[0]:.4f} to {losses[-1]:.4f}")
    acc = accuracy(params, X, y)
    if acc < 0.8:
        raise SystemExit(f"logistic_regression: training accuracy {acc:.3f} is too low")
    print(f"loss {losses[0]:.4f} -> {losses[-1]:.4f}, decreasing at every step; "
          f"training accuracy {acc:.3f}")
    print(f"learned w = {np.round(params['w'], 3)}, b = {float(params['b']):.3f}")


if __name__ == "__main__":
    main()
