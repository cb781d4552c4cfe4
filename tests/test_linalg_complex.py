"""fnp.linalg on complex matrices (docs/complex.md's convention): the complex SVD,
complex spectra of ``eig``/``eigvals`` (of complex matrices and of real ones), and
what is built on them. Traced values are NumPy's; gradients are checked against
central differences of NumPy's own functions (written without fad), and against
closed forms. The registry suite (tests/_catalogue_complex.py) checks orders 1
and 2 in both modes on drawn matrices."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest

import fad
import fad.numpy as fnp
from fad.testing import check_grads
from _fd import conj_gradient

rng = np.random.default_rng(7)


def _cz(*shape: int) -> np.ndarray:
    return rng.normal(size=shape) + 1j * rng.normal(size=shape)


A = _cz(3, 3)
TALL = _cz(4, 2)
WIDE = _cz(2, 3)
ROTATION = np.array([[0.0, 1.0], [-1.0, 0.0]])  # eigenvalues +-i
REAL_PAIR = np.array([[1.0, 2.0, 0.5], [-1.5, 0.5, 0.0], [0.3, 0.2, -1.0]])  # one real, a complex pair


def _traced(f: Callable[..., Any], *args: Any) -> Any:
    return fad.vjp(f)(*args)[0]


# --- the values: NumPy's, through NumPy's own functions on traced values ------------------


@pytest.mark.parametrize("a", [A, TALL, WIDE], ids=["square", "tall", "wide"])
def test_traced_svd_of_a_complex_matrix_is_numpys(a: np.ndarray) -> None:
    u, s, vh = _traced(lambda a: np.linalg.svd(a, full_matrices=False), a)
    want = np.linalg.svd(a, full_matrices=False)
    for got, w in zip((u, s, vh), want):
        np.testing.assert_allclose(got, w, rtol=1e-12, atol=1e-14)
    assert s.dtype == np.float64 and u.dtype == vh.dtype == np.complex128
    np.testing.assert_allclose(_traced(np.linalg.svdvals, a), np.linalg.svdvals(a), rtol=1e-12)
    np.testing.assert_allclose(_traced(lambda a: np.linalg.svd(a, compute_uv=False), a), want[1], rtol=1e-12)


def test_traced_svd_full_matrices_and_hermitian() -> None:
    for got, want in zip(_traced(np.linalg.svd, A), np.linalg.svd(A)):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)
    h = A + A.conj().T
    u, s, vh = _traced(lambda a: np.linalg.svd(a, hermitian=True), h)
    np.testing.assert_allclose(s, np.linalg.svd(h, hermitian=True)[1], rtol=1e-12)
    np.testing.assert_allclose((u * s) @ vh, h, atol=1e-12)


@pytest.mark.parametrize("a", [A, ROTATION, REAL_PAIR], ids=["complex", "rotation", "real_with_pair"])
def test_traced_eig_is_numpys_complex_spectrum(a: np.ndarray) -> None:
    w, v = _traced(np.linalg.eig, a)
    want = np.linalg.eig(a)
    np.testing.assert_allclose(w, want.eigenvalues, rtol=1e-12)
    np.testing.assert_allclose(v, want.eigenvectors, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(_traced(np.linalg.eigvals, a), np.linalg.eigvals(a), rtol=1e-12)


def test_traced_pinv_lstsq_cond_norms_of_complex_matrices_are_numpys() -> None:
    np.testing.assert_allclose(_traced(np.linalg.pinv, TALL), np.linalg.pinv(TALL), rtol=1e-12)
    b = _cz(4)
    x, res, rank, s = _traced(lambda a, b: np.linalg.lstsq(a, b), TALL, b)
    want = np.linalg.lstsq(TALL, b)
    np.testing.assert_allclose(x, want[0], rtol=1e-12)
    np.testing.assert_allclose(res, want[1], rtol=1e-12)
    assert rank == want[2] and res.dtype == want[1].dtype == np.float64
    np.testing.assert_allclose(s, want[3], rtol=1e-12)
    for p in (None, 2, -2, "fro", "nuc"):
        np.testing.assert_allclose(_traced(lambda a: np.linalg.cond(a, p), A), np.linalg.cond(A, p), rtol=1e-12)
    for o in (None, "fro", "nuc", 2, -2, 1, -1, np.inf, -np.inf):
        np.testing.assert_allclose(_traced(lambda a: np.linalg.norm(a, o), TALL), np.linalg.norm(TALL, o), rtol=1e-12)
    assert int(fnp.linalg.matrix_rank(TALL)) == 2


# --- gradients -----------------------------------------------------------------------------


def test_gradient_of_the_nuclear_norm_is_conj_u_vh() -> None:
    """d sum(S) = Re tr(U^H dA V): the gradient (JAX's convention) is conj(U Vh)."""
    u, _, vh = np.linalg.svd(TALL, full_matrices=False)
    g = fad.grad(lambda a: fnp.sum(fnp.linalg.svd(a, full_matrices=False)[1]))(TALL)
    np.testing.assert_allclose(g, np.conj(u @ vh), rtol=1e-10)
    np.testing.assert_allclose(fad.grad(lambda a: fnp.linalg.norm(a, "nuc"))(TALL), np.conj(u @ vh), rtol=1e-10)


@pytest.mark.parametrize(
    "f",
    [
        lambda a: np.linalg.norm(a, 2),
        lambda a: np.linalg.norm(a, -2),
        lambda a: np.linalg.cond(a),
        lambda a: np.real(np.sum(np.linalg.pinv(a) * np.arange(1.0, 5.0)[None, :] ** 2)),
        lambda a: np.sum(np.abs(np.linalg.svd(a, full_matrices=False)[0][:, 0]) ** 4),  # phase-free
        lambda a: np.sum(np.linalg.lstsq(a, np.arange(4.0) + 1j, rcond=None)[1]),
    ],
    ids=["norm_2", "norm_-2", "cond", "pinv", "abs_u", "lstsq_residuals"],
)
def test_gradients_of_real_functions_of_a_complex_svd_match_central_differences(f: Callable[[Any], Any]) -> None:
    np.testing.assert_allclose(fad.grad(f)(TALL), conj_gradient(f, TALL), rtol=1e-6, atol=1e-8)


def test_eigenvector_derivatives_follow_lapacks_normalisation() -> None:
    """Unit columns whose largest entry is real: the JVP of V itself is the derivative of
    NumPy's V (away from a swap of the largest entries), for complex and real matrices."""
    for a in (A, REAL_PAIR):
        t = _cz(3, 3) if np.iscomplexobj(a) else rng.normal(size=(3, 3))
        _, vdot = fad.jvp(lambda a: fnp.linalg.eig(a)[1])((a,), (t,))
        h = 1e-6
        fd = (np.linalg.eig(a + h * t)[1] - np.linalg.eig(a - h * t)[1]) / (2 * h)
        np.testing.assert_allclose(vdot, fd, rtol=1e-6, atol=1e-8)
    check_grads(lambda a: fnp.linalg.eig(a)[1], (A,), order=2)


def test_holomorphic_derivative_of_a_power_sum_of_eigenvalues() -> None:
    """sum(w^3) = tr(A^3), holomorphic: its derivative is 3 (A^2)^T."""
    f = lambda a: fnp.sum(fnp.linalg.eigvals(a) ** 3)  # noqa: E731
    np.testing.assert_allclose(fad.grad(f, holomorphic=True)(A), 3 * np.linalg.matrix_power(A, 2).T, rtol=1e-9)


def test_real_matrix_with_complex_eigenvalues_has_a_real_gradient() -> None:
    """The rotation's eigenvalue i moves by (a01 - a10) / 2 in its imaginary part."""
    g = fad.grad(lambda a: fnp.imag(fnp.linalg.eigvals(a)[0]))(ROTATION)
    assert g.dtype == np.float64
    np.testing.assert_allclose(g, [[0.0, 0.5], [-0.5, 0.0]], atol=1e-12)
    f = lambda a: np.real(np.sum(np.linalg.eigvals(a) ** 3))  # noqa: E731  tr(a^3)
    np.testing.assert_allclose(fad.grad(f)(REAL_PAIR), 3 * np.linalg.matrix_power(REAL_PAIR, 2).T, rtol=1e-9, atol=1e-12)
    check_grads(lambda a: fnp.linalg.eig(a)[1], (REAL_PAIR,), order=2)


def test_repeated_eigenvalues_keep_the_first_derivative_of_symmetric_functions() -> None:
    """As for eigh: the 1 / (w_j - w_i) terms of a repeated pair are set to 0, so the
    trace's derivative (the identity) survives where the eigenvectors have none."""
    p = np.eye(3) + 0.2 * _cz(3, 3)
    a = p @ np.diag([1.0 + 1.0j, 1.0 + 1.0j, -1.0]) @ np.linalg.inv(p)
    g = fad.grad(lambda a: fnp.real(fnp.sum(fnp.linalg.eigvals(a))))(a)
    np.testing.assert_allclose(g, np.eye(3), atol=1e-9)


def test_complex_svd_and_eig_second_order_in_both_modes() -> None:
    """Order 2, forward and reverse (the registry suite draws more)."""
    check_grads(lambda a: fnp.linalg.svdvals(a), (WIDE,), order=2)
    check_grads(lambda a: fnp.linalg.pinv(a), (TALL,), order=2)
    check_grads(lambda a: fnp.sort(fnp.linalg.eigvals(a)), (A,), order=2)


def test_eig_of_a_complex_matrix_with_real_entries_is_numpys() -> None:
    """A complex dtype goes to NumPy's complex routine, even with zero imaginary parts
    (its vectors and order may differ from the real routine's on the same values)."""
    z = REAL_PAIR.astype(complex)
    for got, want in zip(_traced(np.linalg.eig, z), np.linalg.eig(z)):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)
    # a complex perturbation can swap the conjugate pair in LAPACK's order: summed over the
    # eigenpairs, |V| is smooth
    check_grads(lambda a: fnp.sum(fnp.abs(fnp.linalg.eig(a)[1]) * fnp.linalg.eig(a)[0], axis=-1), (z,), order=2)


# --- qr where LAPACK skips a reflection ------------------------------------------------------

SKIPPED = np.array([[3.0, 0.0], [1.0 + 1.0j, 3.0]])
"""Its last pivot is real with nothing below it: LAPACK reflects nothing there and R[1, 1] keeps
the pivot's sign (+2.71), while off this matrix (a pivot not real) it is -2.71. A draw of the
registry suite's complex qr (tests/_catalogue_complex.py turns such a column by a phase)."""


def _qr_through(a: np.ndarray, q0: np.ndarray) -> np.ndarray:
    """NumPy's [Q | R], with each column of Q (row of R) signed as in ``q0``: smooth through it."""
    q, r = np.linalg.qr(a)
    s = np.sign(np.real(np.sum(np.conj(q) * q0, axis=0)))
    return np.concatenate([q * s, s[:, None] * r], axis=-1)


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_qr_where_lapack_skips_the_last_reflection(dtype: Any) -> None:
    a = SKIPPED.astype(dtype)
    t = np.array([[0.3 - 1.1j, -0.3 + 0.7j], [1.3 + 2.7j, 0.2 + 2.0j]])
    q0, r0 = np.linalg.qr(a)
    assert np.all(np.diag(r0).imag == 0)  # LAPACK's convention, kept by _qr_through's signs
    # NumPy's factors jump here (so central differences of them cannot check any rule)
    assert r0[1, 1].real > 0 > np.linalg.qr(a + 1e-6j * t)[1][1, 1].real
    with pytest.raises(AssertionError, match="disagrees with central differences"):
        check_grads(fnp.linalg.qr, (a,), order=1)
    # fad's JVP is the derivative of the factors through NumPy's value, whose R has a real diagonal
    _, dy = fad.jvp(lambda a: fnp.concatenate(fnp.linalg.qr(a), axis=-1))((a,), (t.astype(dtype),))
    h, a128 = 1e-6, a.astype(np.complex128)
    fd = (_qr_through(a128 + h * t, q0) - _qr_through(a128 - h * t, q0)) / (2 * h)
    tol = 1e-5 if dtype == np.complex64 else 1e-8
    np.testing.assert_allclose(dy, fd, rtol=tol, atol=tol)
    # the registry's draw: the last column turned by e^(i/2), a point where NumPy's qr is smooth
    turned = (SKIPPED * np.array([1.0, np.exp(0.5j)])).astype(dtype)
    assert np.linalg.qr(turned, mode="raw")[1][1] != 0
    check_grads(fnp.linalg.qr, (turned,), order=2)
    check_grads(lambda a: fnp.linalg.qr(a, mode="r"), (turned,), order=2)
