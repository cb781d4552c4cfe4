"""A user-defined primitive with VJP and JVP rules, differentiated twice.

``softplus(x) = log(1 + e^x)`` is computed stably by ``np.logaddexp(0, x)``,
which fad has no rule for as a single operation. We wrap it as a primitive and
give it its derivative, the logistic sigmoid, in both modes:

    VJP (j form):  rule(y, ybar, x) -> ybar * sigmoid(x)
    JVP:           rule(xdot, y, x) -> xdot * sigmoid(x)

The rules are written with fad.numpy, so they are traced like any other code
and the primitive can be differentiated again: grad(grad(softplus)) is the
derivative of the sigmoid, sigmoid(x) (1 - sigmoid(x)).

A second primitive, a cumulative sum along the last axis, shows a rule that
calls its own primitive and a primitive marked ``batchable``.

Run it with ``python examples/custom_primitive.py``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import fad
import fad.numpy as fnp

# --- softplus: an elementwise primitive -------------------------------------

softplus = fad.primitive(lambda x: np.logaddexp(0.0, x), name="softplus", kind="elementwise")
fad.defvjp(softplus, lambda y, ybar, x: ybar * fnp.sigmoid(x))
fad.defjvp(softplus, lambda xdot, y, x: xdot * fnp.sigmoid(x))

# --- cumsum: a rank-aware primitive whose rules call itself ---------------------

cumsum = fad.primitive(lambda x: np.cumsum(x, axis=-1), name="cumsum_last", kind="batched")
# The transpose of a running sum is a running sum from the other end.
fad.defvjp(cumsum, lambda y, ybar, x: cumsum(ybar[..., ::-1])[..., ::-1])
fad.defjvp(cumsum, lambda xdot, y, x: cumsum(xdot))


def sigmoid(x: np.ndarray) -> Any:
    """The logistic sigmoid in plain NumPy, the expected derivative."""
    return 1.0 / (1.0 + np.exp(-x))


def check(what: str, got: Any, want: Any, tol: float = 1e-10) -> None:
    if not np.allclose(got, want, rtol=tol, atol=tol):
        raise SystemExit(f"custom_primitive: {what}:\n  got  {got}\n  want {want}")
    print(f"ok  {what}")


def main() -> None:
    x = np.linspace(-3.0, 3.0, 7)
    print(f"x = {x}")
    print(f"softplus(x) = {np.round(softplus(x), 4)}")

    # First derivatives, in both modes.
    d1 = fad.elementwise_grad(softplus)(x)
    check("elementwise_grad(softplus) = sigmoid", d1, sigmoid(x))
    _, tangent = fad.jvp(softplus)((x,), (np.ones_like(x),))
    check("jvp(softplus) along ones = sigmoid", tangent, sigmoid(x))
    check("jacfwd(softplus) = jacrev(softplus) = diag(sigmoid)",
          [fad.jacfwd(softplus)(x), fad.jacrev(softplus)(x)], [np.diag(sigmoid(x))] * 2)

    # Second derivatives: the rules themselves are differentiated.
    s = sigmoid(x)
    d2 = fad.elementwise_grad(fad.elementwise_grad(softplus))(x)
    check("second derivative = sigmoid (1 - sigmoid)", d2, s * (1.0 - s))
    d2_at_0 = float(fad.grad(fad.grad(softplus))(0.0))
    check("grad(grad(softplus))(0) = 1/4", d2_at_0, 0.25)

    # A Hessian through the primitive: f(w) = sum softplus(A w) has
    # H = A^T diag(s (1 - s)) A with s = sigmoid(A w).
    rng = np.random.default_rng(1)
    A = rng.normal(size=(5, 3))
    w = rng.normal(size=3)
    H = fad.hessian(lambda w: fnp.sum(softplus(A @ w)))(w)
    sw = sigmoid(A @ w)
    check("hessian(sum softplus(A w)) = A^T diag(s(1-s)) A", H, A.T @ np.diag(sw * (1 - sw)) @ A)

    # The primitive agrees with the same function composed from fad.numpy ops.
    def composed(x: Any) -> Any:
        return fnp.log1p(fnp.exp(x))  # fine for moderate x; overflows for large x

    check("agrees with log1p(exp(x)) to second order",
          fad.elementwise_grad(fad.elementwise_grad(composed))(x), d2)

    # Finite differences as an independent check of the first derivative.
    eps = 1e-6
    fd = (softplus(x + eps) - softplus(x - eps)) / (2 * eps)
    check("matches central finite differences", d1, fd, tol=1e-8)

    # cumsum: its Jacobian is lower-triangular ones, in both modes, and its
    # rules (which call cumsum) differentiate again.
    v = np.array([1.0, 2.0, 3.0])
    check("jacrev(cumsum) = lower-triangular ones", fad.jacrev(cumsum)(v), np.tril(np.ones((3, 3))))
    check("jacfwd(cumsum) = jacrev(cumsum)", fad.jacfwd(cumsum)(v), fad.jacrev(cumsum)(v))
    L = np.tril(np.ones((3, 3)))
    check("hessian(sum cumsum(x)^2) = 2 L^T L",
          fad.hessian(lambda x: fnp.sum(cumsum(x) ** 2))(v), 2.0 * L.T @ L)
    print("the custom primitives differentiate correctly to second order")


if __name__ == "__main__":
    main()
