"""grad of a 10^5-point gamma log-likelihood in (log shape, log rate), vs hand-written NumPy/SciPy.

``f(la, lb) = sum(gamma.logpdf(x, a=exp(la), scale=exp(-lb)))`` over 10^5
points, differentiated by ``fad.grad`` in both arguments, through
``fad.scipy.stats.gamma.logpdf`` (``xlogy``, ``gammaln``). The reference is the
gradient by hand, with ``a = exp(la)``, ``b = exp(lb)`` and ``n`` points:
``df/dla = a (sum(log x) + n log b - n digamma(a))`` and
``df/dlb = b (n a / b - sum(x))``. Both are checked to agree to 1e-10 first.
Target: at most 3x.

Where fad's time goes (constant data at scalar parameters take gamma's
log-likelihood path, one primitive ``stats_gamma_data_logpdf``): one array of
the data's size, ``log x`` summed and turned into the log-density in place (two
passes more than the reference's ``log``, a BLAS axpy and a constant), the
check ``min(x) > 0``, the user's ``sum``, and in the reverse sweep ``sum(x)``
only (the sum's cotangent is one number spread over the data, so the
parameters' cotangents are ``y-bar_0 sum(log x)``, kept from the forward pass,
and ``y-bar_0 sum(x)``); the rest, about 0.1 ms, is the graph of five nodes.
Each extra array of the data's size alive at once would cost more than its
arithmetic: glibc gives freed blocks of 800 KB back to the system, and each
fresh one costs a page fault per 4 KB.
"""

from __future__ import annotations

from typing import Any, List

import _harness as H

import fad
import fad.numpy as fnp
import numpy as np
import scipy.special as sc
from fad.scipy.stats import gamma

NAME = "gamma_loglik"
TARGET_RATIO = 3.0
N = 10**5


def loglik(la: Any, lb: Any, x: Any) -> Any:
    return fnp.sum(gamma.logpdf(x, fnp.exp(la), scale=fnp.exp(-lb)))


def numpy_grad(la: float, lb: float, x: np.ndarray[Any, Any]) -> tuple[float, float]:
    """The gradient of ``loglik`` in ``(la, lb)``, by hand."""
    a, b, n = np.exp(la), np.exp(lb), x.size
    return (a * (np.sum(np.log(x)) + n * np.log(b) - n * sc.digamma(a)),
            b * (n * a / b - np.sum(x)))


def run() -> List[H.Result]:
    rng = np.random.default_rng(0)
    x = rng.gamma(2.5, 1 / 1.5, N)
    la, lb = np.log(2.0), np.log(1.2)
    grad_f = fad.grad(loglik, argnums=(0, 1))
    err, msg = H.check("d (la, lb)", np.array(grad_f(la, lb, x)), np.array(numpy_grad(la, lb, x)), 1e-10)
    t = H.compare({"fad": (grad_f, (la, lb, x)), "ref": (numpy_grad, (la, lb, x))})
    return [
        H.result(NAME, "10. grad, gamma log-likelihood (10^5 points)", t, unit="x",
                 target=TARGET_RATIO, error=msg, check_err=err)
    ]


if __name__ == "__main__":
    H.main_single(run, __doc__)
