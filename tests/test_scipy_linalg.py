"""fad.scipy.linalg: SciPy's values on traced and plain inputs, SciPy's own
derivative where it has one (expm_frechet), and clear errors.

The rules themselves are checked at orders 1 and 2 in both modes by the
registry suite (tests/_catalogue_scipy_linalg.py).
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest
import scipy.linalg as sl

import fad
import fad.numpy as fnp
from fad.scipy import linalg as fsl
from fad.testing import check_grads

RNG = np.random.default_rng(7)


def _spd(n: int, batch: tuple[int, ...] = ()) -> Any:
    b = RNG.normal(size=batch + (n, n))
    return b @ np.swapaxes(b, -1, -2) / n + np.eye(n)


def _traced_value(fn: Callable[..., Any], *args: Any) -> Any:
    """The value ``fn`` computes on traced arguments (the forward pass of a vjp)."""
    return fad.vjp(fn)(*args)[0]


def _tri(n: int, lower: bool) -> Any:
    t = RNG.uniform(-0.3, 0.3, (n, n)) + np.diag(RNG.uniform(1.0, 2.0, n))
    return t


@pytest.mark.parametrize("trans", [0, 1, 2, "N", "T", "C"])
@pytest.mark.parametrize("lower", [False, True])
@pytest.mark.parametrize("unit", [False, True])
def test_solve_triangular_matches_scipy(trans: Any, lower: bool, unit: bool) -> None:
    a, b = _tri(4, lower), RNG.normal(size=(4, 3))
    want = sl.solve_triangular(a, b, trans=trans, lower=lower, unit_diagonal=unit)
    fn = lambda a, b: fsl.solve_triangular(a, b, trans=trans, lower=lower, unit_diagonal=unit)  # noqa: E731
    np.testing.assert_allclose(_traced_value(fn, a, b), want, rtol=1e-12)
    np.testing.assert_array_equal(fn(a, b), want)  # untraced: SciPy's own call
    np.testing.assert_allclose(_traced_value(fn, a, b[:, 0]), want[:, 0], rtol=1e-12)


def test_solve_triangular_on_a_stack_and_its_gradient_reads_one_triangle() -> None:
    a, b = np.stack([_tri(3, True), _tri(3, True)]), RNG.normal(size=(2, 3, 2))
    x = _traced_value(lambda a, b: fsl.solve_triangular(a, b, lower=True), a, b)
    np.testing.assert_allclose(x, np.linalg.solve(np.tril(a), b), rtol=1e-12)
    g = fad.grad(lambda a: fnp.sum(fsl.solve_triangular(a, b, lower=True) ** 2))(a)
    assert np.all(np.triu(g, 1) == 0)  # the strict upper triangle is never read
    check_grads(lambda a, b: fsl.solve_triangular(a, b, lower=True), (a, b), order=2)


@pytest.mark.parametrize("lower", [False, True])
def test_cholesky_cho_factor_cho_solve_match_scipy(lower: bool) -> None:
    a, b = _spd(4), RNG.normal(size=4)
    np.testing.assert_allclose(_traced_value(lambda a: fsl.cholesky(a, lower=lower), a),
                               sl.cholesky(a, lower=lower), rtol=1e-12)
    c, low = fsl.cho_factor(a, lower=lower)
    want_c = sl.cho_factor(a, lower=lower)[0]
    keep = np.tril if lower else np.triu
    np.testing.assert_allclose(c, keep(want_c), rtol=1e-12)
    assert low is lower and np.all(c == keep(c))  # zeros outside the factor, traced or not
    traced_c = _traced_value(lambda a: fsl.cho_factor(a, lower=lower)[0], a)
    np.testing.assert_allclose(traced_c, keep(want_c), rtol=1e-12)
    want = sl.cho_solve(sl.cho_factor(a, lower=lower), b)
    np.testing.assert_allclose(fsl.cho_solve((c, lower), b), want, rtol=1e-12)
    x = _traced_value(lambda a, b: fsl.cho_solve(fsl.cho_factor(a, lower=lower), b), a, b)
    np.testing.assert_allclose(x, want, rtol=1e-12)


def test_cho_solve_never_reads_the_other_triangle() -> None:
    a, b = _spd(3), RNG.normal(size=(3, 2))
    c = sl.cho_factor(a, lower=True)[0]
    junk = c + np.triu(RNG.normal(size=(3, 3)), 1)
    g = fad.grad(lambda c: fnp.sum(fsl.cho_solve((c, True), b)))(junk)
    assert np.all(np.triu(g, 1) == 0)
    np.testing.assert_allclose(_traced_value(lambda c: fsl.cho_solve((c, True), b), junk),
                               sl.cho_solve((c, True), b), rtol=1e-12)


def test_gaussian_log_likelihood_through_the_factor_to_second_order() -> None:
    """The quadratic form and log-determinant by one factor: gradient and Hessian
    in the covariance's scale agree with the inverse-based formulas."""
    s, y = _spd(4), RNG.normal(size=4)

    def nll(t: Any) -> Any:
        c = fsl.cho_factor(s * t, lower=True)
        return 0.5 * y @ fsl.cho_solve(c, y) + fnp.sum(fnp.log(fnp.diagonal(c[0])))

    t = 1.3
    q = y @ np.linalg.solve(s, y)
    np.testing.assert_allclose(fad.grad(nll)(t), -0.5 * q / t**2 + 2.0 / t, rtol=1e-10)
    np.testing.assert_allclose(fad.grad(fad.grad(nll))(t), q / t**3 - 2.0 / t**2, rtol=1e-10)
    np.testing.assert_allclose(fad.hessian(nll)(t), q / t**3 - 2.0 / t**2, rtol=1e-10)


@pytest.mark.parametrize("assume", [None, "gen", "sym", "pos", "lower triangular", "upper triangular"])
@pytest.mark.parametrize("lower", [False, True])
@pytest.mark.parametrize("transposed", [False, True])
def test_solve_reads_what_scipy_reads(assume: Any, lower: bool, transposed: bool) -> None:
    base = _spd(3) if assume in ("sym", "pos") else _tri(3, True)
    a = base + np.triu(RNG.uniform(-0.1, 0.1, (3, 3)), 1)  # not symmetric: the triangle matters
    b = RNG.normal(size=(3, 2))
    want = sl.solve(a, b, assume_a=assume, lower=lower, transposed=transposed)
    fn = lambda a, b: fsl.solve(a, b, assume_a=assume, lower=lower, transposed=transposed)  # noqa: E731
    np.testing.assert_allclose(_traced_value(fn, a, b), want, rtol=1e-10)


def test_inv_and_det_match_scipy() -> None:
    a = _tri(3, True)
    np.testing.assert_allclose(_traced_value(fsl.inv, a), sl.inv(a), rtol=1e-12)
    np.testing.assert_allclose(_traced_value(fsl.det, a), sl.det(a), rtol=1e-12)
    np.testing.assert_allclose(fad.grad(fsl.det)(a), sl.det(a) * sl.inv(a).T, rtol=1e-10)


def test_expm_value_and_derivative_match_scipys_frechet_derivative() -> None:
    a, e = RNG.normal(size=(4, 4)) / 2, RNG.normal(size=(4, 4))
    np.testing.assert_allclose(_traced_value(fsl.expm, a), sl.expm(a), rtol=1e-12)
    _, tangent = fad.jvp(fsl.expm)((a,), (e,))
    np.testing.assert_allclose(tangent, sl.expm_frechet(a, e, compute_expm=False), rtol=1e-10, atol=1e-12)
    w = RNG.normal(size=(4, 4))  # the transpose identity <w, L(A, E)> = <L(A^T, w), E>
    (abar,) = fad.vjp(fsl.expm)(a)[1](w)
    np.testing.assert_allclose(np.sum(abar * e), np.sum(w * tangent), rtol=1e-10)


def test_expm_of_a_rotation_generator_and_its_second_derivative() -> None:
    k = np.array([[0.0, -1.0], [1.0, 0.0]])

    def cos_t(t: Any) -> Any:
        return fsl.expm(t * k)[0, 0]

    for t in (0.0, 0.7, 2.0):
        np.testing.assert_allclose(cos_t(t), np.cos(t), atol=1e-14)
        np.testing.assert_allclose(fad.grad(cos_t)(t), -np.sin(t), atol=1e-12)
        np.testing.assert_allclose(fad.grad(fad.grad(cos_t))(t), -np.cos(t), atol=1e-12)
        np.testing.assert_allclose(fad.jacfwd(fad.grad(cos_t))(t), -np.cos(t), atol=1e-12)


def test_expm_on_a_stack() -> None:
    a = RNG.normal(size=(2, 3, 3)) / 3
    np.testing.assert_allclose(_traced_value(fsl.expm, a), sl.expm(a), rtol=1e-12)
    check_grads(fsl.expm, (a,), order=2)


def test_sqrtm_matches_scipy_and_squares_back() -> None:
    a = _spd(4)
    x = _traced_value(fsl.sqrtm, a)
    np.testing.assert_allclose(x, sl.sqrtm(a), rtol=1e-10)
    np.testing.assert_allclose(x @ x, a, rtol=1e-10)
    check_grads(fsl.sqrtm, (a,), order=2)
    # d(trace sqrt(A)) = (1/2) A^(-1/2), a symmetric matrix
    g = fad.grad(lambda a: fnp.trace(fsl.sqrtm(a)))(a)
    np.testing.assert_allclose(g, 0.5 * np.linalg.inv(sl.sqrtm(a)).T, rtol=1e-8)


def test_sqrtm_of_complex_matrices() -> None:
    a = np.array([[1.0, 2.0], [0.0, -1.0]])  # a negative eigenvalue: a complex root, as SciPy's
    x = _traced_value(fsl.sqrtm, a)
    assert np.iscomplexobj(x)
    np.testing.assert_allclose(x, sl.sqrtm(a), rtol=1e-12)
    c = np.array([[3.0 + 1.0j, 0.5], [0.2j, 2.0 - 0.5j]])  # eigenvalues off the branch cut
    np.testing.assert_allclose(_traced_value(fsl.sqrtm, c), sl.sqrtm(c), rtol=1e-12)
    check_grads(fsl.sqrtm, (c,), order=2)


def test_solve_sylvester_matches_scipy_and_broadcasts_stacks() -> None:
    a, b, q = RNG.normal(size=(3, 3)) + 3 * np.eye(3), RNG.normal(size=(2, 2)) + 3 * np.eye(2), RNG.normal(size=(3, 2))
    np.testing.assert_allclose(_traced_value(fsl.solve_sylvester, a, b, q), sl.solve_sylvester(a, b, q), rtol=1e-12)
    qs = RNG.normal(size=(4, 3, 2))
    x = _traced_value(fsl.solve_sylvester, a, b, qs)
    np.testing.assert_allclose(x, np.stack([sl.solve_sylvester(a, b, qi) for qi in qs]), rtol=1e-12)
    check_grads(fsl.solve_sylvester, (a, b, qs), order=2)


def test_solve_sylvester_shape_errors_name_the_function() -> None:
    with pytest.raises(ValueError, match=r"scipy.linalg.solve_sylvester: q must be"):
        fad.grad(lambda q: fnp.sum(fsl.solve_sylvester(np.eye(2), np.eye(3), q)))(np.ones((3, 2)))


@pytest.mark.parametrize("l,u", [(0, 0), (1, 1), (2, 0), (0, 2), (1, 2)])
@pytest.mark.parametrize("vector", [True, False])
def test_solve_banded_matches_scipy_and_the_dense_solve(l: int, u: int, vector: bool) -> None:
    n = 5
    ab = RNG.uniform(-0.3, 0.3, (l + u + 1, n))
    ab[u] += 3.0
    b = RNG.normal(size=(n,) if vector else (n, 2))
    want = sl.solve_banded((l, u), ab, b)
    fn = lambda ab, b: fsl.solve_banded((l, u), ab, b)  # noqa: E731
    np.testing.assert_allclose(_traced_value(fn, ab, b), want, rtol=1e-12)
    dense = np.zeros((n, n))  # a[i, j] = ab[u + i - j, j]
    for i in range(n):
        for j in range(max(0, i - l), min(n, i + u + 1)):
            dense[i, j] = ab[u + i - j, j]
    np.testing.assert_allclose(want, np.linalg.solve(dense, b), rtol=1e-10)
    check_grads(fn, (ab, b), order=2)
    # the gradient in the band storage is the dense gradient read on the bands
    gab = fad.grad(lambda ab: fnp.sum(fn(ab, b) ** 3))(ab)
    gd = fad.grad(lambda d: fnp.sum(fnp.linalg.solve(d, b) ** 3))(dense)
    for r in range(l + u + 1):
        for j in range(n):
            i = r - u + j
            assert gab[r, j] == (pytest.approx(gd[i, j], rel=1e-9, abs=1e-12) if 0 <= i < n else 0.0)


def test_solve_banded_errors() -> None:
    with pytest.raises(ValueError, match=r"scipy.linalg.solve_banded: ab must be"):
        fad.grad(lambda ab: fnp.sum(fsl.solve_banded((1, 1), ab, np.ones(3))))(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"scipy.linalg.solve_banded: b must be"):
        fad.grad(lambda b: fnp.sum(fsl.solve_banded((0, 0), np.ones((1, 3)), b)))(np.ones(4))


def test_check_finite_and_bad_arguments_give_clear_errors() -> None:
    a = np.array([[1.0, 0.0], [np.nan, 1.0]])
    with pytest.raises(ValueError, match="scipy.linalg.solve_triangular: array must not contain infs or NaNs"):
        fad.grad(lambda a: fnp.sum(fsl.solve_triangular(a, np.ones(2), lower=True)))(a)
    with pytest.raises(ValueError, match="trans must be"):
        fad.grad(lambda a: fnp.sum(fsl.solve_triangular(a, np.ones(2), trans="X")))(np.eye(2))
    with pytest.raises(TypeError, match=r"cho_solve takes \(c, lower\)"):
        fsl.cho_solve(np.eye(2), np.ones(2))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="scipy.linalg.expm needs square matrices"):
        fad.grad(lambda a: fnp.sum(fsl.expm(a)))(np.ones((2, 3)))


def test_float32_stays_float32() -> None:
    a = _spd(3).astype(np.float32)
    for fn in (fsl.expm, fsl.sqrtm, lambda a: fsl.cho_solve(fsl.cho_factor(a), a[0])):
        g = fad.grad(lambda a: fnp.sum(fn(a)))(a)
        assert g.dtype == np.float32


@pytest.mark.parametrize("vector", [True, False])
def test_solve_banded_jacobians_push_whole_bases_through_the_band(vector: bool) -> None:
    l, u, n = 1, 2, 5
    ab = RNG.uniform(-0.3, 0.3, (l + u + 1, n))
    ab[u] += 3.0
    b = RNG.normal(size=(n,) if vector else (n, 2))
    fn = lambda ab, b: fsl.solve_banded((l, u), ab, b)  # noqa: E731
    for argnum in (0, 1):
        jr = fad.jacrev(fn, argnums=argnum)(ab, b)
        jf = fad.jacfwd(fn, argnums=argnum)(ab, b)
        np.testing.assert_allclose(jr, jf, rtol=1e-10, atol=1e-12)
    h = fad.hessian(lambda ab: fnp.sum(fn(ab, b) ** 2))(ab)
    assert h.shape == ab.shape * 2 and np.allclose(h, np.swapaxes(np.swapaxes(h, 0, 2), 1, 3))


def test_solve_sylvester_without_a_unique_solution_says_so() -> None:
    a = np.diag([1.0, 2.0])
    with pytest.raises(np.linalg.LinAlgError, match="no unique solution"):
        fsl.solve_sylvester(a, -a, np.ones((2, 2)))  # a and -b share both eigenvalues


@pytest.mark.parametrize("lower", [False, True])
def test_cho_solve_of_a_complex_hermitian_factor_traced_is_scipys(lower: bool) -> None:
    # a = L L^H for a complex factor: the traced value used L L^T (a silent wrong
    # answer; the untraced path is SciPy's own and was right).
    rng = np.random.default_rng(3)
    a = rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3))
    h = a @ a.conj().T + 3 * np.eye(3)
    b = rng.normal(size=(3, 2)) + 1j * rng.normal(size=(3, 2))
    c = sl.cho_factor(h, lower=lower)[0]
    got, _ = fad.vjp(lambda c: fsl.cho_solve((c, lower), b))(c)
    np.testing.assert_allclose(got, sl.cho_solve((c, lower), b), rtol=1e-10)
    check_grads(lambda c: fsl.cho_solve((c, lower), b), (c,))
