"""Gradient of a Gaussian process's negative log marginal likelihood, n = 500.

An RBF kernel ``K = s^2 exp(-|x - x'|^2 / (2 l^2)) + sigma^2 I`` on 500 points
in 2-D, with parameters ``theta = (log l, log s, log sigma)``:

    nlml(theta) = y^T K^-1 y / 2 + sum(log diag L) + n log(2 pi) / 2,   K = L L^T

fad differentiates it written with ``fad.scipy.linalg.cho_factor`` and
``cho_solve`` (Cholesky and triangular solves; no inverse, in the value or in
the derivative). The reference is the classic hand-written gradient with
SciPy's ``cho_factor``/``cho_solve``:

    d nlml / d theta_i = -trace((alpha alpha^T - K^-1) dK/dtheta_i) / 2,   alpha = K^-1 y

(checked to agree first). Target: at most 2.5x. A second row reports the
Hessian of ``log det S(A)`` for a 50x50 SPD ``S(A) = A A^T + I``, through
``cholesky`` (``fad.hessian``, a 2500 x 2500 Hessian), in ms; no target.
"""

from __future__ import annotations

from typing import Any, Dict, List

import _harness as H

import fad
import fad.numpy as fnp
import numpy as np
import scipy.linalg as sl
from fad.scipy import linalg as fsl

NAME = "gp"
N = 500
TARGET_RATIO = 2.5


def _data() -> tuple[Any, Any, Any]:
    rng = np.random.default_rng(0)
    x = rng.uniform(0.0, 5.0, (N, 2))
    y = np.sin(x[:, 0]) * np.cos(x[:, 1]) + 0.1 * rng.standard_normal(N)
    d2 = np.sum((x[:, None, :] - x[None, :, :]) ** 2, axis=-1)
    return d2, y, np.array([0.0, 0.0, np.log(0.1)])


def run() -> List[H.Result]:
    d2, y, theta = _data()
    eye = np.eye(N)

    def nlml(theta: Any) -> Any:
        log_l, log_s, log_sigma = theta[0], theta[1], theta[2]
        k = fnp.exp(2 * log_s - 0.5 * d2 * fnp.exp(-2 * log_l)) + fnp.exp(2 * log_sigma) * eye
        c = fsl.cho_factor(k, lower=True)
        alpha = fsl.cho_solve(c, y)
        return 0.5 * y @ alpha + fnp.sum(fnp.log(fnp.diagonal(c[0]))) + 0.5 * N * np.log(2 * np.pi)

    def grad_numpy(theta: np.ndarray) -> np.ndarray:
        log_l, log_s, log_sigma = theta
        rbf = np.exp(2 * log_s - 0.5 * d2 * np.exp(-2 * log_l))
        k = rbf + np.exp(2 * log_sigma) * eye
        c = sl.cho_factor(k, lower=True, check_finite=False)
        alpha = sl.cho_solve(c, y, check_finite=False)
        w = np.outer(alpha, alpha) - sl.cho_solve(c, eye, check_finite=False)
        dk = (rbf * d2 * np.exp(-2 * log_l), 2 * rbf, 2 * np.exp(2 * log_sigma) * eye)
        return np.array([-0.5 * np.sum(w * d) for d in dk])

    grad_fad = fad.grad(nlml)
    err, msg = H.check("fad.grad vs hand-written GP gradient", grad_fad(theta), grad_numpy(theta), 1e-8)
    t = H.compare({"fad": (grad_fad, (theta,)), "ref": (grad_numpy, (theta,))},
                  H.Settings(repeats=7, min_time=0.05))
    rows = [H.result(NAME, "10. GP -log marginal likelihood grad, n=500", t, unit="x",
                     target=TARGET_RATIO, ref_label="SciPy cho_solve", error=msg, check_err=err)]

    n = 50
    a = np.random.default_rng(1).standard_normal((n, n)) / np.sqrt(n)

    def logdet(a: Any) -> Any:
        s = a @ a.T + np.eye(n)
        return 2 * fnp.sum(fnp.log(fnp.diagonal(fnp.linalg.cholesky(s))))

    def hessian_numpy(a: np.ndarray) -> np.ndarray:
        # f(A) = log det(A A^T + I), P = (A A^T + I)^-1, B = P A: the gradient is 2B, and
        # d(2B) = 2 (P dA - P dA A^T B - B dA^T B), so with dA = e_k e_l^T
        # H[i, j, k, l] = 2 (P_ik delta_jl - P_ik (A^T B)_lj - B_il B_kj).
        p = np.linalg.inv(a @ a.T + np.eye(n))
        b = p @ a
        h = 2 * np.einsum("ik,jl->ijkl", p, np.eye(n))
        h -= 2 * np.einsum("il,kj->ijkl", b, b)
        h -= 2 * np.einsum("ik,jl->ijkl", p, b.T @ a)
        return h

    hess = fad.hessian(logdet)
    err2, msg2 = H.check("fad.hessian of logdet vs closed form", hess(a), hessian_numpy(a), 1e-8)
    t2 = H.compare({"fad": (hess, (a,)), "ref": (hessian_numpy, (a,))}, H.Settings(repeats=2, min_time=0.0))
    rows.append(H.result(NAME, "11. hessian of logdet(A A^T + I), 50x50, via cholesky", t2, unit="ms",
                         target=float("inf"), ref_label="closed form", error=msg2, check_err=err2))
    return rows


if __name__ == "__main__":
    H.main_single(run, __doc__)
