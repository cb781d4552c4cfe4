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


def test_eig_of_real_spectra_and_of_complex_ones() -> None:
    p = np.eye(3) + 0.3 * rng.normal(size=(3, 3))
    a = p @ np.diag([1.0, 2.0, 3.5]) @ np.linalg.inv(p)
    w, v = fad.vjp(lambda a: np.linalg.eig(a))(a)[0]
    want = np.linalg.eig(a)
    np.testing.assert_allclose(w, want.eigenvalues, rtol=1e-12)
    np.testing.assert_allclose(v, want.eigenvectors, rtol=1e-12)
    np.testing.assert_allclose(fad.vjp(np.linalg.eigvals)(a)[0], np.linalg.eigvals(a), rtol=1e-12)
    f = lambda a: fnp.sum(fnp.linalg.eigvals(a) ** 3)  # noqa: E731
    np.testing.assert_allclose(fad.grad(f)(a), 3 * np.linalg.matrix_power(a, 2).T, rtol=1e-8)  # d tr(A^3)
    rotation = np.array([[0.0, 1.0], [-1.0, 0.0]])  # complex eigenvalues, as NumPy's (tests/test_linalg_complex.py)
    for fn in ("eig", "eigvals"):
        w = _traced_value(lambda a: getattr(np.linalg, fn)(a), rotation)
        want = getattr(np.linalg, fn)(rotation)
        np.testing.assert_allclose(w[0] if fn == "eig" else w, want[0] if fn == "eig" else want)
        g = fad.grad(lambda a: fnp.real(fnp.sum(getattr(np.linalg, fn)(a)[0] ** 2)))(rotation)
        assert g.dtype == np.float64  # a real matrix's gradient is real


VECTOR_ORDS = [None, 2, 1, 3, 0.5, np.inf, -np.inf, 0, -1, -2]
MATRIX_ORDS = [None, "fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf]
X3 = rng.normal(size=(2, 3, 4))


def _traced_value(f, *args):
    return fad.vjp(f)(*args)[0]


@pytest.mark.parametrize("ord", VECTOR_ORDS, ids=str)
def test_vector_norms_match_numpy_traced(ord) -> None:
    v = rng.normal(size=5)
    for f, x in (
        (lambda v: np.linalg.norm(v, ord), v),
        (lambda x: np.linalg.norm(x, ord, axis=1, keepdims=True), X3),
        (lambda x: np.linalg.vector_norm(x, ord=ord if ord is not None else 2, axis=(0, 2)), X3),
        (lambda x: np.linalg.vector_norm(x, ord=ord if ord is not None else 2, keepdims=True), X3),
    ):
        np.testing.assert_allclose(_traced_value(f, x), f(x), rtol=1e-12)


@pytest.mark.parametrize("ord", MATRIX_ORDS, ids=str)
def test_matrix_norms_and_cond_match_numpy_traced(ord) -> None:
    for f, x in (
        (lambda m: np.linalg.norm(m, ord), A),
        (lambda x: np.linalg.norm(x, ord, axis=(2, 0), keepdims=True), X3),
        (lambda x: np.linalg.matrix_norm(x, ord=ord if ord is not None else "fro", keepdims=True), X3),
        (lambda m: np.linalg.cond(m, ord), A),
        (lambda m: np.linalg.cond(m, ord), AS),
    ):
        np.testing.assert_allclose(_traced_value(f, x), f(x), rtol=1e-10)


@pytest.mark.parametrize("ord", [1, -1, np.inf, -np.inf, "fro", "nuc"], ids=str)
def test_cond_with_norms_matches_differences(ord) -> None:
    f = lambda a: np.linalg.cond(a, ord)  # noqa: E731
    np.testing.assert_allclose(fad.grad(f)(A), _fd_grad(f, A), rtol=1e-6, atol=1e-8)


def test_norm_conventions_at_zero_and_at_ties() -> None:
    # the Euclidean norm (a square root) at 0: nan, as "Sharp bits" says
    assert np.isnan(fad.grad(fnp.linalg.norm)(np.zeros(3))).all()
    # |x| has slope 0 at 0; a tie of the largest |x_i| shares the derivative evenly
    np.testing.assert_allclose(fad.grad(lambda x: fnp.linalg.norm(x, 1))(np.array([0.0, 2.0, -1.0])), [0.0, 1.0, -1.0])
    np.testing.assert_allclose(fad.grad(lambda x: fnp.linalg.norm(x, np.inf))(np.array([2.0, -2.0, 1.0])), [0.5, -0.5, 0.0])
    # ord=0 counts nonzero entries: piecewise constant
    np.testing.assert_allclose(fad.grad(lambda x: fnp.linalg.norm(x, 0) + fnp.sum(x))(np.array([0.0, 2.0])), [1.0, 1.0])


def test_pinv_and_lstsq_match_numpy_and_their_keywords() -> None:
    for f in (
        lambda m: np.linalg.pinv(m),
        lambda m: np.linalg.pinv(m, rtol=None),
        lambda m: np.linalg.pinv(m, 1e-3),
        lambda m: np.linalg.pinv(m + np.swapaxes(m, -1, -2), hermitian=True),
    ):
        np.testing.assert_allclose(_traced_value(f, AS), f(AS), rtol=1e-9)
    np.testing.assert_allclose(_traced_value(np.linalg.pinv, W), np.linalg.pinv(W), rtol=1e-10)
    with pytest.raises(ValueError, match="can't be both set"):
        fad.grad(lambda m: fnp.sum(fnp.linalg.pinv(m, 1e-3, rtol=1e-3)))(A)
    for rhs in (rng.normal(size=4), rng.normal(size=(4, 2))):
        got = fad.vjp(lambda a: np.linalg.lstsq(a, rhs))(W)[0]
        want = np.linalg.lstsq(W, rhs)
        for x, y in zip(got, want):
            np.testing.assert_allclose(x, y, rtol=1e-10)
        f = lambda a: np.sum(np.linalg.lstsq(a, rhs)[0] ** 2) + np.sum(np.linalg.lstsq(a, rhs)[1])  # noqa: E731
        np.testing.assert_allclose(fad.grad(f)(W), _fd_grad(f, W), rtol=1e-6, atol=1e-8)


def test_lstsq_at_a_rank_deficient_matrix() -> None:
    low = np.outer(np.arange(1.0, 5.0), [1.0, 2.0, 3.0])  # rank 1
    rhs = np.arange(4.0)
    with pytest.raises(np.linalg.LinAlgError, match="rank 1 < 3"):
        fad.grad(lambda a: fnp.sum(np.linalg.lstsq(a, rhs)[0]))(low)
    # with a constant, any rank: the minimum-norm solution is linear in b
    g = fad.grad(lambda b: fnp.sum(np.linalg.lstsq(low, b)[0]))(rhs)
    np.testing.assert_allclose(g, np.linalg.pinv(low).sum(axis=0), rtol=1e-10)
    x, res, rank, _ = fad.vjp(lambda b: np.linalg.lstsq(low, b))(rhs)[0]
    assert rank == 1 and res.shape == (0,)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5, -1, -3])
def test_matrix_power_matches_numpy(n) -> None:
    f = lambda m: np.linalg.matrix_power(m, n)  # noqa: E731
    np.testing.assert_allclose(_traced_value(f, AS), f(AS), rtol=1e-10)
    if n != 0:
        g = lambda m: np.sum(np.sin(np.linalg.matrix_power(m, n)))  # noqa: E731
        a = A / np.linalg.norm(A, 2)  # powers of moderate size
        np.testing.assert_allclose(fad.grad(g)(a), _fd_grad(g, a), rtol=1e-6, atol=1e-8)
    else:
        np.testing.assert_array_equal(fad.grad(lambda m: np.sum(np.linalg.matrix_power(m, 0)) + m[0, 0])(A)[1:], 0.0)


def test_multi_dot_tensorsolve_tensorinv_match_numpy() -> None:
    a1, a2, a3, v5 = rng.normal(size=(2, 4)), rng.normal(size=(4, 3)), rng.normal(size=(3, 5)), rng.normal(size=5)
    f = lambda a: np.linalg.multi_dot([a, a2, a3, v5])  # noqa: E731
    np.testing.assert_allclose(_traced_value(f, a1), f(a1), rtol=1e-12)
    f = lambda v: np.linalg.multi_dot([v, a2, a3, v5])  # noqa: E731
    v4 = rng.normal(size=4)
    np.testing.assert_allclose(_traced_value(f, v4), f(v4), rtol=1e-12)
    a6 = rng.normal(size=(2, 3, 6)) + 3 * np.eye(6).reshape(2, 3, 6)
    f = lambda a: np.linalg.tensorsolve(a, np.ones((2, 3)))  # noqa: E731
    np.testing.assert_allclose(_traced_value(f, a6), f(a6), rtol=1e-12)
    a4 = np.moveaxis(a6, -1, 0)
    f = lambda a: np.linalg.tensorsolve(a, np.ones((2, 3)), axes=(0,))  # noqa: E731
    np.testing.assert_allclose(_traced_value(f, a4), f(a4), rtol=1e-12)
    f = lambda a: np.linalg.tensorinv(a, ind=1)  # noqa: E731
    np.testing.assert_allclose(_traced_value(f, a4.reshape(6, 2, 3)), f(a4.reshape(6, 2, 3)), rtol=1e-12)


def test_matrix_rank_is_a_plain_integer_of_the_concrete_value() -> None:
    r = fad.vjp(lambda a: (a * 1.0, np.linalg.matrix_rank(a)))(np.outer([1.0, 2.0], [3.0, 4.0]))[0][1]
    assert type(r) is not fad._tracer.Tracer and int(r) == 1


def test_lists_holding_tracers_are_matrices() -> None:
    g = fad.grad(lambda t: fnp.linalg.norm([[t, 1.0], [2.0, 3.0]], "nuc"))(0.5)
    h = 1e-6
    fd = (np.linalg.norm([[0.5 + h, 1.0], [2.0, 3.0]], "nuc") - np.linalg.norm([[0.5 - h, 1.0], [2.0, 3.0]], "nuc")) / (2 * h)
    assert float(g) == pytest.approx(fd, rel=1e-6)
    g = fad.grad(lambda t: fnp.linalg.eigvalsh([[t, 1.0], [1.0, 3.0]])[1])(2.0)
    assert float(g) == pytest.approx(0.5 - 0.5 / np.sqrt(5.0) * 1.0, rel=1e-6)


@pytest.mark.parametrize(
    "name, f, x",
    [
        ("cholesky", lambda a: fnp.linalg.cholesky(a), S),
        ("eigh", lambda a: fnp.linalg.eigh(a)[1], S),
        ("eigvalsh", fnp.linalg.eigvalsh, S),
        ("svd", lambda a: fnp.linalg.svd(a, full_matrices=False)[0], W),
        ("svdvals", fnp.linalg.svdvals, W),
        ("qr", lambda a: fnp.linalg.qr(a)[1], W),
        ("eig", lambda a: fnp.linalg.eigvals(a), S),
        ("pinv", fnp.linalg.pinv, W),
        ("norm-nuc", lambda a: fnp.linalg.norm(a, "nuc"), W),
        ("cond", fnp.linalg.cond, S),
        ("matrix_power", lambda a: fnp.linalg.matrix_power(a, -2), S),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_float32_stays_float32_and_its_gradient_too(name, f, x) -> None:
    x32 = x.astype(np.float32)
    out = fad.vjp(f)(x32)[0]
    assert out.dtype == np.float32 == np.asarray(f(x32)).dtype
    g = fad.grad(lambda a: fnp.sum(f(a)))(x32)
    assert g.dtype == np.float32 and np.isfinite(g).all()
