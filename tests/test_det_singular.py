"""fnp.linalg.det is differentiable everywhere, singular matrices included.

det is a polynomial in the entries, so every derivative exists; the first is
the transposed adjugate (Jacobi's formula). The references here are fad-free:
the Leibniz formula (a sum over permutations), which gives any partial
derivative of det exactly, and central finite differences (tests/_fd.py), which
are exact up to rounding for the cubic 3 x 3 determinant. slogdet's
log|det| has no derivative at a singular matrix: that is a clear error.
"""

from __future__ import annotations

import itertools
from typing import Any, Callable

import numpy as np
import pytest

import fad
import fad.numpy as fnp
import fad.testing
from fad.numpy._linear_algebra import _adjugate_cofactors, _adjugate_svd, det_p

from _fd import assert_close, numerical_jacobian, numerical_jvp

rng = np.random.default_rng(20240607)

SING2 = np.array([[1.0, 2.0], [2.0, 4.0]])
RANK1 = np.outer([1.0, 2.0, -3.0], [4.0, -1.0, 2.0])  # rank 1: adj = 0, Hessian != 0
RANK2 = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])  # rank 2: adj != 0
ZERO = np.zeros((3, 3))  # rank 0: first and second derivatives vanish, the third does not
REGULAR = rng.normal(size=(3, 3)) + 3 * np.eye(3)
SINGULAR = {"rank1": RANK1, "rank2": RANK2, "zero": ZERO}


def det(a: Any) -> Any:
    return fnp.linalg.det(a)


# --- fad-free references --------------------------------------------------------


def _perm_sign(p: tuple[int, ...]) -> int:
    sign, seen = 1, set()
    for i in range(len(p)):
        if i in seen:
            continue
        j, length = i, 0
        while j not in seen:
            seen.add(j)
            j = p[j]
            length += 1
        sign *= -1 if length % 2 == 0 else 1
    return sign


def leibniz_partial(a: np.ndarray, entries: tuple[tuple[int, int], ...]) -> float:
    """d^k det / dA[r1, c1] ... dA[rk, ck], exactly, by the Leibniz formula."""
    n = a.shape[0]
    rows = [r for r, _ in entries]
    if len(set(rows)) < len(rows):
        return 0.0
    total = 0.0
    for p in itertools.permutations(range(n)):
        if all(p[r] == c for r, c in entries):
            total += _perm_sign(p) * float(np.prod([a[m, p[m]] for m in range(n) if m not in rows]))
    return total


def det_derivative(a: np.ndarray, order: int) -> np.ndarray:
    """The full derivative tensor of det of order ``order``, shape (n, n) * order."""
    n = a.shape[0]
    out = np.zeros((n, n) * order)
    for flat in itertools.product(range(n * n), repeat=order):
        entries = tuple(divmod(k, n) for k in flat)
        out[tuple(i for rc in entries for i in rc)] = leibniz_partial(a, entries)
    return out


def fd_grad(a: np.ndarray) -> np.ndarray:
    return numerical_jacobian(np.linalg.det, [a])


def fd_hessian(a: np.ndarray) -> np.ndarray:
    return numerical_jacobian(fd_grad, [a])


# --- first derivatives ----------------------------------------------------------


def test_grad_at_singular_2x2_is_the_transposed_adjugate() -> None:
    want = np.array([[4.0, -2.0], [-2.0, 1.0]])
    np.testing.assert_allclose(fad.grad(det)(SING2), want, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(fad.jacfwd(det)(SING2), want, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(fad.grad(lambda a: np.linalg.det(a))(SING2), want, rtol=1e-12, atol=1e-14)
    _, t = fad.jvp(det)((SING2,), (np.array([[1.0, 0.0], [0.0, 0.0]]),))
    assert abs(float(t) - 4.0) < 1e-12


@pytest.mark.parametrize("name", sorted(SINGULAR))
def test_first_derivative_at_singular_3x3(name: str) -> None:
    a = SINGULAR[name]
    exact = det_derivative(a, 1)
    assert_close(exact, fd_grad(a))  # the reference agrees with finite differences
    for route in (fad.grad(det), fad.jacrev(det), fad.jacfwd(det)):
        assert_close(route(a), exact)
    v = rng.normal(size=(3, 3))
    _, t = fad.jvp(det)((a,), (v,))
    assert_close(t, np.sum(exact * v))


def test_grad_at_regular_matrix_is_unchanged() -> None:
    want = np.linalg.det(REGULAR) * np.linalg.inv(REGULAR).T
    np.testing.assert_allclose(fad.grad(det)(REGULAR), want, rtol=1e-12)
    np.testing.assert_allclose(fad.jacfwd(det)(REGULAR), want, rtol=1e-12)


# --- second derivatives ---------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SINGULAR))
def test_hessian_at_singular_3x3(name: str) -> None:
    a = SINGULAR[name]
    exact = det_derivative(a, 2)
    assert_close(exact, fd_hessian(a))
    routes: list[Callable[..., Any]] = [
        fad.hessian(det),
        fad.jacrev(fad.jacrev(det)),
        fad.jacfwd(fad.jacfwd(det)),
        fad.jacrev(fad.jacfwd(det)),
    ]
    for route in routes:
        assert_close(route(a), exact)


@pytest.mark.parametrize("name", sorted(SINGULAR))
def test_jvp_of_grad_and_grad_of_jvp_at_singular_3x3(name: str) -> None:
    a = SINGULAR[name]
    v = rng.normal(size=(3, 3))
    hv = np.tensordot(det_derivative(a, 2), v, axes=2)
    assert_close(hv, numerical_jvp(fd_grad, [a], [v]))
    _, t = fad.jvp(fad.grad(det))((a,), (v,))  # forward over reverse
    assert_close(t, hv)
    g = fad.grad(lambda x: fad.jvp(det)((x,), (v,))[1])(a)  # reverse over forward
    assert_close(g, hv)
    gg = fad.grad(lambda x: fnp.sum(fad.grad(det)(x) * v))(a)  # reverse over reverse
    assert_close(gg, hv)


def test_second_derivative_at_singular_2x2() -> None:
    # d^2 det of a 2 x 2 matrix is constant: d/dA[0,0] d/dA[1,1] = 1, d/dA[0,1] d/dA[1,0] = -1
    exact = det_derivative(SING2, 2)
    assert exact[0, 0, 1, 1] == 1.0 and exact[0, 1, 1, 0] == -1.0
    assert_close(fad.hessian(det)(SING2), exact)


# --- third order ----------------------------------------------------------------


def test_third_derivative_at_zero_3x3_is_the_levi_civita_product() -> None:
    eps = np.zeros((3, 3, 3))
    for p in itertools.permutations(range(3)):
        eps[p] = _perm_sign(p)
    # d^3 det / dA[i,a] dA[j,b] dA[k,c] at 0 = eps_ijk eps_abc
    want = np.einsum("ijk,abc->iajbkc", eps, eps)
    assert np.array_equal(det_derivative(ZERO, 3), want)
    routes: list[Callable[..., Any]] = [
        fad.jacfwd(fad.hessian(det)),
        fad.jacrev(fad.jacrev(fad.jacrev(det))),
        fad.jacfwd(fad.jacfwd(fad.jacfwd(det))),
        fad.jacrev(fad.jacfwd(fad.jacrev(det))),
    ]
    for route in routes:
        np.testing.assert_allclose(route(ZERO), want, atol=1e-14)
    # a single third-order directional derivative, forward over forward over reverse
    u, v, w = (rng.normal(size=(3, 3)) for _ in range(3))

    def d2(x: Any) -> Any:
        return fad.jvp(fad.grad(det))((x,), (u,))[1]

    _, t = fad.jvp(d2)((ZERO,), (v,))
    assert_close(np.sum(t * w), np.einsum("iajbkc,ia,jb,kc->", want, w, u, v))
    # the fourth derivative of a cubic is zero
    np.testing.assert_allclose(fad.jacfwd(fad.jacfwd(fad.hessian(det)))(ZERO), 0.0, atol=1e-14)


def test_third_derivative_at_rank1_4x4() -> None:
    a = np.outer([1.0, -2.0, 0.5, 3.0], [2.0, 1.0, -1.0, 0.5])
    exact = det_derivative(a, 3)
    assert np.abs(exact).max() > 1.0
    assert_close(fad.jacfwd(fad.hessian(det))(a), exact)
    assert_close(fad.jacrev(fad.jacrev(fad.jacrev(det)))(a), exact)


# --- batches --------------------------------------------------------------------


def test_batch_mixing_singular_and_regular_matrices() -> None:
    stack = np.stack([RANK1, REGULAR])  # (2, 3, 3)
    weights = np.array([1.5, -0.5])
    g1 = [det_derivative(m, 1) for m in stack]
    g2 = [det_derivative(m, 2) for m in stack]
    # the Jacobian of the (2,) determinants: block diagonal
    want_jac = np.zeros((2, 2, 3, 3))
    for i in range(2):
        want_jac[i, i] = g1[i]
    assert_close(fad.jacrev(det)(stack), want_jac)
    assert_close(fad.jacfwd(det)(stack), want_jac)

    def f(x: Any) -> Any:
        return fnp.sum(weights * fnp.linalg.det(x))

    assert_close(fad.grad(f)(stack), np.stack([weights[i] * g1[i] for i in range(2)]))
    want_h = np.zeros((2, 3, 3, 2, 3, 3))
    for i in range(2):
        want_h[i, :, :, i] = weights[i] * g2[i]
    for route in (fad.hessian(f), fad.jacrev(fad.jacrev(f)), fad.jacfwd(fad.jacfwd(f))):
        assert_close(route(stack), want_h)
    v = rng.normal(size=(2, 3, 3))
    _, t = fad.jvp(fad.grad(f))((stack,), (v,))
    assert_close(t, np.tensordot(want_h, v, axes=3))
    assert_close(t, numerical_jvp(lambda x: numerical_jacobian(lambda y: np.sum(weights * np.linalg.det(y)), [x]), [stack], [v]))


def test_nested_batch_with_zero_and_singular_matrices() -> None:
    stack = np.stack([np.stack([ZERO, RANK2]), np.stack([REGULAR, RANK1])])  # (2, 2, 3, 3)

    def f(x: Any) -> Any:
        return fnp.sum(fnp.linalg.det(x) ** 2)

    want = np.zeros((2, 2, 3, 3, 2, 2, 3, 3))
    for i, j in np.ndindex(2, 2):
        m = stack[i, j]
        d, g, h = np.linalg.det(m), det_derivative(m, 1), det_derivative(m, 2)
        want[i, j, :, :, i, j] = 2 * (np.einsum("ab,cd->abcd", g, g) + d * h)
    assert_close(fad.hessian(f)(stack), want)
    assert_close(fad.jacrev(fad.jacfwd(f))(stack), want)


# --- ill conditioned, tiny, float32, non-finite ---------------------------------


@pytest.mark.parametrize("smallest", [1e-3, 1e-6, 1e-9, 1e-13])
def test_ill_conditioned_matrices_at_every_order(smallest: float) -> None:
    u, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    v, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    a = u @ np.diag([2.0, 1.0, smallest]) @ v.T
    assert_close(fad.grad(det)(a), det_derivative(a, 1))
    assert_close(fad.hessian(det)(a), det_derivative(a, 2))
    assert_close(fad.jacfwd(fad.hessian(det))(a), det_derivative(a, 3))


def test_one_by_one_and_empty_matrices() -> None:
    one = np.array([[0.0]])
    np.testing.assert_array_equal(fad.grad(det)(one), [[1.0]])
    np.testing.assert_array_equal(fad.hessian(det)(one), np.zeros((1, 1, 1, 1)))
    empty = np.zeros((2, 0, 0))
    assert fad.grad(lambda x: fnp.sum(fnp.linalg.det(x)))(empty).shape == (2, 0, 0)
    assert fad.hessian(lambda x: fnp.sum(fnp.linalg.det(x)))(empty).shape == (2, 0, 0, 2, 0, 0)


def test_float32_singular_matrix_keeps_its_dtype() -> None:
    a = RANK2.astype(np.float32)
    g = fad.grad(det)(a)
    assert g.dtype == np.float32
    assert_close(g, det_derivative(RANK2, 1), dtype=np.float32)
    h = fad.hessian(det)(a)
    assert h.dtype == np.float32
    assert_close(h, det_derivative(RANK2, 2), dtype=np.float32)


def test_non_finite_entries_give_the_cofactors_not_an_error() -> None:
    a = np.array([[np.nan, 1.0], [2.0, 3.0]])
    with np.errstate(invalid="ignore"):  # NumPy's own det(a) warns
        g = fad.grad(det)(a)  # cofactors that avoid the nan entry stay finite
    np.testing.assert_allclose(g, [[3.0, -2.0], [-1.0, np.nan]], rtol=1e-15)


def test_svd_and_cofactor_adjugates_agree() -> None:
    for n in (1, 2, 3, 5):
        for rank in range(n + 1):
            x = rng.normal(size=(2, n, rank)) @ rng.normal(size=(2, rank, n))
            z = x + 1j * (rng.normal(size=(2, n, rank)) @ rng.normal(size=(2, rank, n)))
            for m in (x, z):
                cof, svd = _adjugate_cofactors(m), _adjugate_svd(m)
                scale = max(1.0, float(np.abs(cof).max()))
                np.testing.assert_allclose(svd, cof, atol=1e-12 * scale)
                eye = np.linalg.det(m)[:, None, None] * np.eye(n)
                np.testing.assert_allclose(cof @ m, eye, atol=1e-12 * scale * max(1.0, float(np.abs(m).max())))


# --- fad.testing checkers on singular inputs --------------------------------------


@pytest.mark.parametrize("name", ["sing2", "rank1", "rank2", "zero", "batch"])
def test_fad_testing_checkers_on_singular_inputs(name: str) -> None:
    a = {"sing2": SING2, "batch": np.stack([RANK1, REGULAR, ZERO]), **SINGULAR}[name]
    fad.testing.check_grads(det, (a,), order=3)
    fad.testing.check_vjp(det, (a,))
    fad.testing.check_jvp(det, (a,))
    fad.testing.check_rule(det_p, a)
    g = fad.grad(lambda x: fnp.sum(fnp.linalg.det(x)))
    fad.testing.check_vjp(g, (a,))
    fad.testing.check_jvp(g, (a,))


# --- slogdet --------------------------------------------------------------------


def _logabsdet(a: Any) -> Any:
    return fnp.sum(fnp.linalg.slogdet(a)[1])


@pytest.mark.parametrize(
    "run",
    [
        lambda a: fad.grad(_logabsdet)(a),
        lambda a: fad.jacfwd(_logabsdet)(a),
        lambda a: fad.jvp(_logabsdet)((a,), (np.ones_like(a),)),
        lambda a: fad.hessian(_logabsdet)(a),
    ],
    ids=["grad", "jacfwd", "jvp", "hessian"],
)
@pytest.mark.parametrize("a", [SING2, RANK1, np.stack([REGULAR, ZERO])], ids=["2x2", "rank1", "stack"])
def test_slogdet_at_singular_matrix_is_a_clear_error(run: Callable[[Any], Any], a: np.ndarray) -> None:
    with pytest.raises(np.linalg.LinAlgError) as info:
        run(a)
    msg = str(info.value)
    assert "np.linalg.slogdet" in msg
    assert "does not exist at a singular matrix" in msg
    assert "np.linalg.det" in msg and "sign" in msg
    if a.ndim > 2:
        assert "stack of shape (2, 3, 3)" in msg


def test_slogdet_at_regular_matrix_is_unchanged() -> None:
    sign, logdet = fnp.linalg.slogdet(REGULAR)
    assert (sign, logdet) == tuple(np.linalg.slogdet(REGULAR))
    np.testing.assert_allclose(fad.grad(_logabsdet)(REGULAR), np.linalg.inv(REGULAR).T, rtol=1e-12)
    _, t = fad.jvp(_logabsdet)((REGULAR,), (np.eye(3),))
    np.testing.assert_allclose(t, np.trace(np.linalg.inv(REGULAR)), rtol=1e-12)
