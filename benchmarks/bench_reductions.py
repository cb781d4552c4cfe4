"""grad of standardise-then-logsumexp on a (1000, 100) array, vs hand-written NumPy.

``z = (x - mean(x, axis=0)) / std(x, axis=0)`` and ``f = sum(logsumexp(z, axis=1))``:
the reductions family's mean, std and logsumexp, with their broadcasting. The
reference is the hand-written gradient (batch normalisation's backward pass):
with ``p = softmax(z, axis=1)``, ``dx = (p - mean(p, 0) - z * mean(p * z, 0)) / s``.
Both gradients are checked to agree to 1e-10 first. The notes time the gradient
of a median over 10^6 entries against ``np.median`` itself, and of a cumulative
sum along 10^6 entries against ``np.cumsum``. Target: at most 1.5x.
"""

from __future__ import annotations

from typing import Any, List

import _harness as H

import fad
import fad.numpy as fnp
import numpy as np

NAME = "reductions"
TARGET_RATIO = 1.5


def standardised_lse(x: Any) -> Any:
    z = (x - fnp.mean(x, axis=0)) / fnp.std(x, axis=0)
    return fnp.sum(fnp.logsumexp(z, axis=1))


def numpy_grad(x: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """The gradient of ``standardised_lse``, by hand."""
    mu = x.mean(axis=0)
    d = x - mu
    s = np.sqrt((d * d).mean(axis=0))
    z = d / s
    m = z.max(axis=1, keepdims=True)
    e = np.exp(z - m)
    p = e / e.sum(axis=1, keepdims=True)
    return (p - p.mean(axis=0) - z * (p * z).mean(axis=0)) / s  # type: ignore[no-any-return]


def run() -> List[H.Result]:
    x = np.random.default_rng(0).standard_normal((1000, 100))
    grad_f = fad.grad(standardised_lse)
    err, msg = H.check("d x", grad_f(x), numpy_grad(x), 1e-10)
    t = H.compare({"fad": (grad_f, (x,)), "ref": (numpy_grad, (x,))})
    notes: List[str] = []
    big = np.random.default_rng(1).standard_normal(10**6)
    g_med = fad.grad(fnp.median)
    g_cum = fad.grad(lambda v: fnp.sum(fnp.cumsum(v) * big))
    gm = g_med(big)  # an even count: 1/2 on each of the two middle entries
    middle = np.sort(big)[big.size // 2 - 1: big.size // 2 + 1]
    if not (np.count_nonzero(gm) == 2 and set(big[gm != 0]) == set(middle) and gm.sum() == 1.0):
        notes.append("WRONG: grad of median is not 1/2 on the two middle entries")
    t2 = H.compare({"fad": (g_med, (big,)), "ref": (np.median, (big,))})
    t3 = H.compare({"fad": (g_cum, (big,)), "ref": (np.cumsum, (big,))})
    notes.append(f"grad of median over 10^6 entries: {t2['fad'].best * 1e3:.1f} ms, "
                 f"np.median itself {t2['ref'].best * 1e3:.1f} ms "
                 f"({t2['fad'].best / t2['ref'].best:.1f}x)")
    notes.append(f"grad of sum(cumsum(v) * w) over 10^6 entries: {t3['fad'].best * 1e3:.1f} ms, "
                 f"np.cumsum itself {t3['ref'].best * 1e3:.1f} ms "
                 f"({t3['fad'].best / t3['ref'].best:.1f}x)")
    return [
        H.result(NAME, "9. grad, standardise + logsumexp (1000, 100)", t, unit="x",
                 target=TARGET_RATIO, error=msg, check_err=err, notes=notes)
    ]


if __name__ == "__main__":
    H.main_single(run, __doc__)
