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


def test_invalid_norm_orders_are_clear_errors() -> None:
    for ord, x in (("fro", np.ones(3)), (3, np.ones((2, 2))), ("nuc", np.ones(3))):
        with pytest.raises(ValueError, match="invalid norm order"):
            fad.grad(lambda x: fnp.linalg.norm(x, ord=ord))(x)


# --- the decompositions ---------------------------------------------------------------

S = A @ A.T + np.eye(3)  # symmetric positive definite
SS = np.stack([S, S + np.diag([1.0, 2.0, 3.0])])
W = rng.normal(size=(4, 3))  # tall
WIDE = rng.normal(size=(2, 4))


def _fd_grad(f, x):
    return numerical_jacobian(f, [x])


def test_cholesky_values_match_numpy_traced_and_untraced() -> None:
    for upper in (False, True):
        want = np.linalg.cholesky(SS, upper=upper)
        np.testing.assert_allclose(fnp.linalg.cholesky(SS, upper=upper), want)
        got = fad.vjp(lambda a: fnp.linalg.cholesky(a, upper=upper))(SS)[0]
        np.testing.assert_allclose(got, want, rtol=1e-12)
        got = fad.vjp(lambda a: np.linalg.cholesky(a, upper=upper))(SS)[0]  # NumPy's dispatch
        np.testing.assert_allclose(got, want, rtol=1e-12)


def test_cholesky_reads_one_triangle_and_agrees_with_differences_in_every_direction() -> None:
    a = S + np.triu(rng.normal(size=(3, 3)), 1)  # junk above the diagonal, never read
    for upper in (False, True):
        aa = a.T if upper else a
        f = lambda x: np.sum(np.sin(np.linalg.cholesky(x, upper=upper)))  # noqa: E731
        g = fad.grad(lambda x: fnp.sum(fnp.sin(fnp.linalg.cholesky(x, upper=upper))))(aa)
        np.testing.assert_allclose(g, _fd_grad(f, aa), rtol=1e-6, atol=1e-8)
        unread = np.triu(np.ones((3, 3)), 1) if not upper else np.tril(np.ones((3, 3)), -1)
        assert (g[unread == 1] == 0).all()


def test_cholesky_of_a_matrix_that_is_not_positive_definite_says_what_to_do() -> None:
    bad = np.array([[1.0, 2.0], [2.0, 1.0]])
    for call in (lambda: fnp.linalg.cholesky(bad), lambda: fad.grad(lambda a: fnp.sum(fnp.linalg.cholesky(a)))(bad)):
        with pytest.raises(np.linalg.LinAlgError, match="not positive definite.*jitter"):
            call()
    with pytest.raises(np.linalg.LinAlgError, match="upper triangle"):
        fnp.linalg.cholesky(bad, upper=True)


def test_cholesky_of_a_list_holding_tracers() -> None:
    g = fad.grad(lambda t: fnp.linalg.cholesky([[t, 1.0], [1.0, 2.0]])[0, 0])(4.0)
    assert float(g) == pytest.approx(0.25)


def test_reparameterisation_through_cholesky_to_second_order() -> None:
    mu, eps = rng.normal(size=3), rng.normal(size=3)

    def f(s):
        z = mu + fnp.linalg.cholesky(s) @ eps
        return fnp.sum(z**3)

    h = fad.hessian(f)(S)
    for route in (fad.jacrev(fad.jacrev(f)), fad.jacrev(fad.jacfwd(f))):
        np.testing.assert_allclose(route(S), h, rtol=1e-9, atol=1e-10)
    g = fad.grad(f)
    fd = numerical_jacobian(lambda s: g(s).reshape(-1), [S]).reshape(9, 9)
    np.testing.assert_allclose(h.reshape(9, 9), fd, rtol=1e-5, atol=1e-6)


def _matrix_function(w, v, f, vh=None):
    """``V diag(f(w)) V^T`` (or ``U diag(f(s)) Vh``): invariant to the vectors' signs."""
    right = fnp.swapaxes(v, -1, -2) if vh is None else vh
    return fnp.matmul(v * fnp.expand_dims(f(w), -2), right)


def test_eigh_values_and_gauge_invariant_derivatives() -> None:
    for uplo in ("L", "U"):
        w, v = fad.vjp(lambda a: fnp.linalg.eigh(a, UPLO=uplo))(SS)[0]
        want = np.linalg.eigh(SS, UPLO=uplo)
        np.testing.assert_allclose(w, want.eigenvalues, rtol=1e-12)
        np.testing.assert_allclose(np.abs(v), np.abs(want.eigenvectors), rtol=1e-10, atol=1e-12)
        res = fnp.linalg.eigh(SS, UPLO=uplo)
        assert res.eigenvalues.shape == (2, 3) and res.eigenvectors.shape == (2, 3, 3)
    f = lambda a: fnp.sum(fnp.cos(_matrix_function(*fnp.linalg.eigh(a), fnp.sqrt)))  # noqa: E731
    np.testing.assert_allclose(fad.grad(f)(S), _fd_grad(f, S), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(fad.hessian(f)(S), fad.jacfwd(fad.jacrev(f))(S), rtol=1e-9, atol=1e-10)


def test_sum_of_eigenvalues_is_the_trace_even_where_they_repeat() -> None:
    for a in (S, 2.0 * np.eye(3)):
        g = fad.grad(lambda a: fnp.sum(fnp.linalg.eigvalsh(a)))(a)
        np.testing.assert_allclose(g, np.eye(3), atol=1e-12)
        assert np.isfinite(fad.jacfwd(lambda a: fnp.linalg.eigvalsh(a))(a)).all()


def test_log_det_via_eigenvalues_matches_slogdet_on_the_triangle_read() -> None:
    for a in (S, 2.0 * np.eye(3)):  # distinct and repeated eigenvalues
        g = fad.grad(lambda a: fnp.sum(fnp.log(np.linalg.eigvalsh(a))))(a)
        inv = np.linalg.inv(a)
        want = np.tril(2 * inv) - np.diag(np.diag(inv))  # lower triangle read: off-diagonals twice
        np.testing.assert_allclose(g, want, rtol=1e-10, atol=1e-12)


def test_svd_values_match_numpy_and_factor_functions_differentiate() -> None:
    for a in (S, W, WIDE, np.stack([W, 2 * W])):
        u, s, vh = fad.vjp(lambda a: fnp.linalg.svd(a, full_matrices=False))(a)[0]
        want = np.linalg.svd(a, full_matrices=False)
        np.testing.assert_allclose(s, want.S, rtol=1e-12)
        np.testing.assert_allclose(np.abs(u), np.abs(want.U), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(np.abs(vh), np.abs(want.Vh), rtol=1e-9, atol=1e-12)

        def f(a):
            u, s, vh = fnp.linalg.svd(a, full_matrices=False)
            return fnp.sum(fnp.sin(_matrix_function(s, u, fnp.tanh, vh)))

        np.testing.assert_allclose(fad.grad(f)(a), _fd_grad(f, a), rtol=1e-6, atol=1e-8)
        np.testing.assert_allclose(fad.jacfwd(f)(a), fad.grad(f)(a), rtol=1e-10, atol=1e-12)


def test_svd_full_matrices_of_a_non_square_matrix_asks_for_the_reduced_factors() -> None:
    with pytest.raises(ValueError, match="full_matrices=False"):
        fad.grad(lambda a: fnp.sum(fnp.linalg.svd(a)[0]))(W)
    # square matrices, or the singular values only, are fine with the defaults
    fad.grad(lambda a: fnp.sum(np.linalg.svd(a)[1]))(S)
    g = fad.grad(lambda a: fnp.sum(np.linalg.svd(a, compute_uv=False)))(W)
    u, _, vh = np.linalg.svd(W, full_matrices=False)
    np.testing.assert_allclose(g, u @ vh, rtol=1e-10)


def test_svd_hermitian_follows_numpys_route() -> None:
    a = S - 4 * np.eye(3)  # indefinite
    got = fad.vjp(lambda a: fnp.linalg.svd(a, hermitian=True))(a)[0]
    want = np.linalg.svd(a, hermitian=True)
    for x, y in zip(got, want):
        np.testing.assert_allclose(x, y, rtol=1e-10, atol=1e-12)
    f = lambda a: fnp.sum(fnp.linalg.svd(a, hermitian=True, compute_uv=False) ** 3)  # noqa: E731
    np.testing.assert_allclose(fad.grad(f)(a), _fd_grad(f, a), rtol=1e-6, atol=1e-8)


def test_svdvals_matches_numpy() -> None:
    np.testing.assert_allclose(fad.vjp(fnp.linalg.svdvals)(W)[0], np.linalg.svdvals(W), rtol=1e-12)
    g = fad.grad(lambda a: fnp.sum(np.linalg.svdvals(a)))(W)
    np.testing.assert_allclose(g, _fd_grad(lambda a: np.sum(np.linalg.svdvals(a)), W), rtol=1e-6)


@pytest.mark.parametrize("a", [S, W, WIDE, np.stack([W, W[::-1]])], ids=["square", "tall", "wide", "stack"])
def test_qr_values_match_numpy_and_derivatives_match_differences(a) -> None:
    modes = ["reduced", "r"] + (["complete"] if a.shape[-2] <= a.shape[-1] else [])
    for mode in modes:
        got = fad.vjp(lambda a: fnp.linalg.qr(a, mode=mode))(a)[0]
        want = np.linalg.qr(a, mode=mode)
        for x, y in zip(got if mode != "r" else [got], want if mode != "r" else [want]):
            np.testing.assert_allclose(x, y, rtol=1e-10, atol=1e-12)
    f = lambda a: np.sum(np.sin(np.linalg.qr(a)[0])) + np.sum(np.linalg.qr(a, mode="r") ** 2 * 0.3)  # noqa: E731
    np.testing.assert_allclose(fad.grad(f)(a), _fd_grad(f, a), rtol=1e-6, atol=1e-8)


def test_qr_modes_without_a_derivative_say_so() -> None:
    with pytest.raises(ValueError, match="mode='reduced'"):
        fad.grad(lambda a: fnp.sum(fnp.linalg.qr(a, mode="complete")[0]))(W)
    with pytest.raises(ValueError, match="not differentiable"):
        fad.grad(lambda a: fnp.sum(fnp.linalg.qr(a, mode="raw")[0]))(W)
