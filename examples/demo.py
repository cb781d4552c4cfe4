"""A quick tour of fad: gradients, a Hessian and a Jacobian-vector product.

Run it with ``python examples/demo.py``. Every result is printed and checked
against the derivative worked out by hand; a mismatch stops the script with a
message.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import fad
import fad.numpy as fnp


def check(what: str, got: Any, want: Any) -> None:
    """Print a result and stop with a message if it is not what we expect."""
    label = f"{what}: "
    text = np.array2string(np.round(np.asarray(got, dtype=float), 6), prefix=label)
    print(label + text)
    if not np.allclose(got, want, rtol=1e-10, atol=1e-12):
        raise SystemExit(f"demo: {what} is {got}, expected {want}")


def scalar_example() -> None:
    """f(x, y, z) = (x + y) z at (-2, 5, -4)."""
    print("f(x, y, z) = (x + y) * z at (x, y, z) = (-2, 5, -4)")

    def f(x: Any, y: Any, z: Any) -> Any:
        return (x + y) * z

    check("  f", f(-2.0, 5.0, -4.0), -12.0)
    dx, dy, dz = fad.grad(f, argnums=(0, 1, 2))(-2.0, 5.0, -4.0)
    # df/dx = df/dy = z, df/dz = x + y
    check("  (df/dx, df/dy, df/dz)", [dx, dy, dz], [-4.0, -4.0, 3.0])


def two_variable_example() -> None:
    """f(x1, x2) = log x1 + x1 x2 - sin x2 at (2, 5)."""
    print("f(x1, x2) = log(x1) + x1 * x2 - sin(x2) at (2, 5)")

    def f(x1: Any, x2: Any) -> Any:
        return fnp.log(x1) + x1 * x2 - fnp.sin(x2)

    value, (g1, g2) = fad.value_and_grad(f, argnums=(0, 1))(2.0, 5.0)
    check("  f", value, np.log(2.0) + 10.0 - np.sin(5.0))
    # df/dx1 = 1/x1 + x2 = 5.5, df/dx2 = x1 - cos x2 = 2 - cos 5
    check("  gradient", [g1, g2], [5.5, 2.0 - np.cos(5.0)])

    # A JVP is a directional derivative: along (1, 0) it is df/dx1.
    _, along_x1 = fad.jvp(f)((2.0, 5.0), (1.0, 0.0))
    check("  jvp along (1, 0)", along_x1, 5.5)
    # linearize traces f once; the pushforward takes any direction.
    _, push = fad.linearize(f)(2.0, 5.0)
    check("  pushforward of (1, 1)", push(1.0, 1.0), 5.5 + 2.0 - np.cos(5.0))


def vector_example() -> None:
    """The gradient of 2 x.x is 4 x."""
    print("f(x) = 2 x.x at x = arange(4.0)")
    x = np.arange(4.0)
    g = fad.grad(lambda x: 2.0 * fnp.dot(x, x))(x)
    check("  gradient (= 4x)", g, 4.0 * x)


def hessian_example() -> None:
    """The Hessian of f(x) = x0^2 x1 + x1^3 at (1, 2)."""
    print("f(x) = x0**2 * x1 + x1**3 at x = (1, 2)")

    def f(x: Any) -> Any:
        return x[0] ** 2 * x[1] + x[1] ** 3

    x = np.array([1.0, 2.0])
    H = fad.hessian(f)(x)
    # [[2 x1, 2 x0], [2 x0, 6 x1]]
    check("  Hessian", H, [[4.0, 2.0], [2.0, 12.0]])
    # The same matrix by nesting grad: the derivative of each gradient entry.
    row0 = fad.grad(lambda x: fad.grad(f)(x)[0])(x)
    check("  grad of (grad f)[0]", row0, [4.0, 2.0])


def main() -> None:
    scalar_example()
    two_variable_example()
    vector_example()
    hessian_example()
    print("all results match the derivatives worked out by hand")


if __name__ == "__main__":
    main()
