"""Newton's method on the Rosenbrock function, with fad.hessian.

The Rosenbrock function ``f(x, y) = (1 - x)^2 + 100 (y - x^2)^2`` has its
minimum at (1, 1), at the end of a long curved valley where gradient descent
crawls. Newton's method solves ``H(x) step = -grad f(x)`` at every iterate and,
from the classic start (-1.2, 1), reaches the minimum to machine precision in a
handful of steps.

Run it with ``python examples/newton.py``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import fad


def rosenbrock(z: Any) -> Any:
    """The Rosenbrock function of a 2-vector."""
    return (1.0 - z[0]) ** 2 + 100.0 * (z[1] - z[0] ** 2) ** 2


value_and_gradient = fad.value_and_grad(rosenbrock)
hessian = fad.hessian(rosenbrock)


def newton(z0: np.ndarray, tol: float = 1e-10, max_steps: int = 50) -> tuple[np.ndarray, int]:
    """Plain Newton iterations until the gradient norm drops below ``tol``."""
    z = np.asarray(z0, dtype=float)
    print(f"{'step':>4}  {'x':>12}  {'y':>12}  {'f':>11}  {'|grad f|':>9}")
    for step in range(max_steps):
        f, g = value_and_gradient(z)
        gnorm = float(np.linalg.norm(g))
        print(f"{step:4d}  {z[0]:12.8f}  {z[1]:12.8f}  {float(f):11.4e}  {gnorm:9.2e}")
        if gnorm < tol:
            return z, step
        H = hessian(z)
        z = z - np.linalg.solve(H, g)
    raise SystemExit(f"newton: no convergence after {max_steps} steps; last iterate {z}")


def rosenbrock_grad_by_hand(z: np.ndarray) -> np.ndarray:
    """The gradient worked out on paper, to check fad's."""
    x, y = z
    return np.array([-2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x)])


def main() -> None:
    z0 = np.array([-1.2, 1.0])
    _, g0 = value_and_gradient(z0)
    print(f"gradient at (-1.2, 1): {g0}")
    if not np.allclose(g0, rosenbrock_grad_by_hand(z0)):
        raise SystemExit(f"newton: gradient {g0}, expected {rosenbrock_grad_by_hand(z0)}")

    # The Hessian at the minimum, for reference: [[802, -400], [-400, 200]].
    H_star = hessian(np.array([1.0, 1.0]))
    print("\nHessian at (1, 1):")
    print(H_star)
    if not np.allclose(H_star, [[802.0, -400.0], [-400.0, 200.0]]):
        raise SystemExit(f"newton: wrong Hessian at the minimum: {H_star}")

    print("\nNewton's method from (-1.2, 1):")
    z, steps = newton(z0)
    if not np.allclose(z, [1.0, 1.0], rtol=0.0, atol=1e-8):
        raise SystemExit(f"newton: converged to {z}, expected (1, 1)")
    if steps > 10:
        raise SystemExit(f"newton: took {steps} steps; Newton's method should need fewer than 10")
    print(f"\nconverged to ({z[0]:.6f}, {z[1]:.6f}) in {steps} Newton steps")


if __name__ == "__main__":
    main()
