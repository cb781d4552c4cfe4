"""Findings of the session-5 review: complex svd/eig and the norms built on them,
the fused gamma log-likelihood primitive (``stats_gamma_data_logpdf``) and the
distributions' handling of nan points, and error messages of fnp.linalg.

Each test asserts the expected behaviour (SciPy's or NumPy's values, finite
differences, agreement of forward and reverse mode, or what the docstring
promises) at an input where fad currently does something else.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest
import scipy.stats

import fad
import fad.numpy as fnp
from fad.scipy import stats


# --- fnp.linalg ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "a",
    [
        np.array([[1.0, 0.0], [2.0, 0.0], [0.0, 0.0]]),
        np.array([[1.0 + 1.0j, 0.0], [2.0, 0.0], [0.0, 0.0]]),
        np.array([[1.0 + 1.0j, 2.0, 0.0], [0.0, 0.0, 0.0]]),
    ],
    ids=["real_tall", "complex_tall", "complex_wide"],
)
def test_spectral_norm_gradient_is_finite_at_a_zero_singular_value(a: np.ndarray) -> None:
    """norm(a, 2) = s_0 is smooth where s_0 is simple and nonzero, whatever the other
    singular values: its gradient is conj(u_0 vh_0) (central differences agree). A
    non-square matrix with an exactly zero singular value gets nan: the reduced SVD's
    VJP divides (U-bar - U U^H U-bar) by S, 0 / 0 when only S is used. (Complex
    norm(a, 2) went through eigvalsh(A^H A) before and was finite there.)"""
    u, _, vh = np.linalg.svd(a, full_matrices=False)
    want = np.conj(np.outer(u[:, 0], vh[0]))
    with np.errstate(all="ignore"):
        g = fad.grad(lambda x: fnp.linalg.norm(x, 2))(a)
        gs = fad.grad(lambda x: fnp.linalg.svdvals(x)[0])(a)
    np.testing.assert_allclose(g, want, atol=1e-12)
    np.testing.assert_allclose(gs, want, atol=1e-12)


def test_eigvals_of_a_non_square_matrix_names_eigvals() -> None:
    """The error names the function the user called, with its np. prefix; it
    currently says 'linalg.eig needs square matrices'."""
    a = np.ones((2, 3)) + 1j
    with pytest.raises(ValueError, match=r"np\.linalg\.eigvals"):
        fad.grad(lambda x: fnp.real(fnp.sum(fnp.linalg.eigvals(x))))(a)


def test_eig_of_a_defective_matrix_raises_as_documented() -> None:
    """eig's docstring: 'a defective matrix (V singular) has no derivative, and solve
    raises LinAlgError there'. At the Jordan block LAPACK's V is [[1, -1], [0, 2e-16]],
    singular to working precision, solve does not raise, and the eigenvalue's gradient
    comes out as a silent 4.5e15 (the true derivative is unbounded: lambda = 1 +- sqrt(eps))."""
    jordan = np.array([[1.0, 1.0], [0.0, 1.0]]) + 0j
    with np.errstate(all="ignore"), pytest.raises(np.linalg.LinAlgError):
        fad.grad(lambda x: fnp.real(fnp.linalg.eigvals(x)[0]))(jordan)


# --- fad.scipy.stats ------------------------------------------------------------------


def test_gamma_logpdf_of_data_at_a_huge_shape_is_scipys() -> None:
    """The fused data path computes log Gamma(a) with math.lgamma, which raises
    OverflowError ('math range error') for a >~ 2.6e305 where scipy.special.gammaln
    gives inf; SciPy's gamma.logpdf (and fad's untraced and general paths) give -inf."""
    x = np.array([0.5, 1.0, 3.0])
    want = scipy.stats.gamma.logpdf(x, 1e306)
    got = fad.vjp(lambda a: stats.gamma.logpdf(x, a))(1e306)[0]
    np.testing.assert_array_equal(got, want)
    got_s = fad.vjp(lambda s: stats.gamma.logpdf(x, 1e306, 0.0, s))(1.0)[0]
    np.testing.assert_array_equal(got_s, want)


@pytest.mark.parametrize(
    "logpdf",
    [
        lambda x, s: stats.gamma.logpdf(x, 2.5, 0.0, s),
        lambda x, s: stats.expon.logpdf(x, 0.0, s),
        lambda x, s: stats.chi2.logpdf(x, 3.0, 0.0, s),
    ],
    ids=["gamma", "expon", "chi2"],
)
def test_a_nan_point_leaves_the_scale_derivative_of_the_other_points(logpdf: Callable[[Any, Any], Any]) -> None:
    """d61c2e5: 'not_nan joins the parameters' validity mask, so the other points'
    derivatives are untouched'. Forward mode agrees (the Jacobian in the scale is
    [dy_0/ds, 0]), reverse mode gives nan for every point: the masked point's z-bar is
    0, times dz/ds = -(x - loc) / s^2 = nan. Expected: jacrev == jacfwd, and the first
    point's derivative is that of the same point alone."""
    x = np.array([1.0, np.nan])
    with np.errstate(invalid="ignore"):
        jf = fad.jacfwd(lambda s: logpdf(x, s))(1.3)
        jr = fad.jacrev(lambda s: logpdf(x, s))(1.3)
    alone = fad.grad(lambda s: logpdf(x[:1], s)[0])(1.3)
    np.testing.assert_allclose(jf, [alone, 0.0], rtol=1e-12)
    np.testing.assert_allclose(jr, jf, rtol=1e-12)
