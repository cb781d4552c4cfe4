"""fad.hessian of f(x) = sum(tanh(A x)^2) for n = 100, vs the analytic Hessian.

fad.hessian is jacfwd(jacrev(f)): trace f, and the reverse sweep inside a
forward trace, then push a whole 100-vector basis through in one batched
forward sweep. The reference is the closed form

    H = A^T diag(2 s^2 - 4 t^2 s) A,   t = tanh(A x),  s = 1 - t^2

in NumPy (checked to agree first). Target: at most 2 ms per Hessian.
"""

from __future__ import annotations

from typing import Any, Dict, List

import _harness as H

import fad
import fad.numpy as fnp
import numpy as np

NAME = "hessian"
N = 100
TARGET_MS = 2.0


def run() -> List[H.Result]:
    rng = np.random.default_rng(1)
    A = rng.standard_normal((N, N)) / np.sqrt(N)
    x = rng.standard_normal(N)

    def f(x: Any) -> Any:
        return fnp.sum(fnp.tanh(A @ x) ** 2)

    def hessian_numpy(x: np.ndarray) -> np.ndarray:
        t = np.tanh(A @ x)
        s = 1.0 - t * t
        d = 2.0 * s * s - 4.0 * t * t * s
        return A.T @ (d[:, None] * A)  # type: ignore[no-any-return]

    hess_f = fad.hessian(f)
    err, msg = H.check("fad.hessian vs analytic", hess_f(x), hessian_numpy(x), 1e-10)
    cases: Dict[str, H.Case] = {"fad": (hess_f, (x,)), "ref": (hessian_numpy, (x,))}
    t = H.compare(cases)
    return [H.result(NAME, "3. hessian, sum(tanh(Ax)^2) n=100", t, unit="ms", target=TARGET_MS,
                     error=msg, check_err=err)]


if __name__ == "__main__":
    H.main_single(run, __doc__)
