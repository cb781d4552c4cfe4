"""fnp.linalg: gradients against central differences, and every route to the
Hessian agrees, for single matrices, stacks, and broadcasting between them."""

from __future__ import annotations

import numpy as np
import pytest

import fad
import fad.numpy as fnp
from _fd import numerical_jacobian

rng = np.random.default_rng(0)
A = rng.normal(size=(3, 3)) + 3 * np.eye(3)
AS = rng.normal(size=(2, 3, 3)) + 3 * np.eye(3)
b = rng.normal(size=3)
B2 = rng.normal(size=(3, 2))
BS = rng.normal(size=(2, 3, 2))


CASES = {
    "inv": (lambda a: fnp.sum(fnp.sin(fnp.linalg.inv(a))), A),
    "inv_stack": (lambda a: fnp.sum(fnp.sin(fnp.linalg.inv(a))), AS),
    "solve_a_vector": (lambda a: fnp.sum(fnp.sin(fnp.linalg.solve(a, b))), A),
    "solve_a_matrix": (lambda a: fnp.sum(fnp.sin(fnp.linalg.solve(a, B2))), A),
    "solve_vector": (lambda v: fnp.sum(fnp.sin(fnp.linalg.solve(A, v))), b),
    "solve_matrix": (lambda m: fnp.sum(fnp.sin(fnp.linalg.solve(A, m))), B2),
    "solve_stack_a_vector": (lambda a: fnp.sum(fnp.sin(fnp.linalg.solve(a, b))), AS),
    "solve_stack_a_matrix": (lambda a: fnp.sum(fnp.sin(fnp.linalg.solve(a, B2))), AS),
    "solve_a_stack_b": (lambda a: fnp.sum(fnp.sin(fnp.linalg.solve(a, BS))), A),
    "solve_stack_b": (lambda m: fnp.sum(fnp.sin(fnp.linalg.solve(A, m))), BS),
    "solve_vector_stack_a": (lambda v: fnp.sum(fnp.sin(fnp.linalg.solve(AS, v))), b),
    "det": (lambda a: fnp.linalg.det(a), A),
    "det_stack": (lambda a: fnp.sum(fnp.linalg.det(a) ** 2) / 1000, AS),
    "logdet": (lambda a: fnp.linalg.slogdet(a)[1], A),
    "norm": (lambda a: fnp.linalg.norm(a), A),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradient_matches_central_differences(name: str) -> None:
    f, x = CASES[name]
    np.testing.assert_allclose(fad.grad(f)(x), numerical_jacobian(f, [x]), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_route_to_the_hessian_agrees(name: str) -> None:
    f, x = CASES[name]
    h = fad.hessian(f)(x)
    assert h.shape == x.shape + x.shape
    for route in (fad.jacrev(fad.jacrev(f)), fad.jacfwd(fad.jacfwd(f)), fad.jacrev(fad.jacfwd(f))):
        np.testing.assert_allclose(route(x), h, rtol=1e-9, atol=1e-12)
    # and the Hessian is the derivative of the gradient
    g = fad.grad(f)
    np.testing.assert_allclose(
        h.reshape(x.size, x.size)[:, 0], numerical_jacobian(lambda x_: g(x_).reshape(-1)[0], [x]).reshape(-1),
        rtol=1e-5, atol=1e-6,
    )


def test_numpy_linalg_dispatches_on_traced_values() -> None:
    g = fad.grad(lambda a: np.linalg.det(a))(A)
    np.testing.assert_allclose(g, np.linalg.det(A) * np.linalg.inv(A).T, rtol=1e-10)


def test_non_square_matrix_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="square"):
        fad.grad(lambda a: fnp.sum(fnp.linalg.inv(a)))(np.ones((2, 3)))


def test_unsupported_norm_says_what_to_use() -> None:
    with pytest.raises(ValueError, match="ord=None"):
        fnp.linalg.norm(np.ones(3), ord=1)
