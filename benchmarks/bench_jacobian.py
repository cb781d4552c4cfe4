"""fad.jacobian of a 100 -> 100 map x -> tanh(W x + b), vs diag(1 - t^2) W.

``fad.jacobian`` is ``jacrev``: one trace and one reverse sweep that pulls back
the whole 100 x 100 identity at once (a batch of cotangents). The reference is
the analytic Jacobian ``(1 - t^2)[:, None] * W`` with t = tanh(W x + b),
checked to agree first. fad.jacfwd's time is given in the notes. Target: at
most 1 ms.
"""

from __future__ import annotations

from typing import Any, Dict, List

import _harness as H

import fad
import fad.numpy as fnp
import numpy as np

NAME = "jacobian"
N = 100
TARGET_MS = 1.0


def run() -> List[H.Result]:
    rng = np.random.default_rng(2)
    W = rng.standard_normal((N, N)) / np.sqrt(N)
    b = 0.1 * rng.standard_normal(N)
    x = rng.standard_normal(N)

    def f(x: Any) -> Any:
        return fnp.tanh(W @ x + b)

    def jac_numpy(x: np.ndarray) -> np.ndarray:
        t = np.tanh(W @ x + b)
        return (1.0 - t * t)[:, None] * W  # type: ignore[no-any-return]

    want = jac_numpy(x)
    jac_f = fad.jacobian(f)
    jacfwd_f = fad.jacfwd(f)
    err, msg = H.check("fad.jacobian vs analytic", jac_f(x), want, 1e-12)
    err2, msg2 = H.check("fad.jacfwd vs analytic", jacfwd_f(x), want, 1e-12)
    cases: Dict[str, H.Case] = {
        "fad": (jac_f, (x,)),
        "ref": (jac_numpy, (x,)),
        "jacfwd": (jacfwd_f, (x,)),
    }
    notes: List[str] = []
    ag = H.autograd()
    if ag is not None:
        autograd, anp = ag

        def f_ag(x: Any) -> Any:
            return anp.tanh(W @ x + b)

        jac_ag: Any = autograd.jacobian(f_ag)
        H.note_if_wrong(notes, "autograd", jac_ag(x), want, 1e-12)
        cases["autograd"] = (jac_ag, (x,))
    t = H.compare(cases)
    notes += [f"fad.jacfwd {H.fmt_time(t['jacfwd'].best)} "
             f"({t['jacfwd'].best / t['ref'].best:.2f}x NumPy)"]
    if msg2:
        notes.append(msg2)
    return [H.result(NAME, "6. jacobian, tanh(Wx+b) 100->100", t, unit="ms", target=TARGET_MS,
                     error=msg, check_err=max(err, err2), notes=notes)]


if __name__ == "__main__":
    H.main_single(run, __doc__)
