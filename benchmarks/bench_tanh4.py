"""Fourth derivative of tanh at 1,000 points by four nested elementwise_grad.

``elementwise_grad`` four times over ``fnp.tanh``: each level traces the
reverse sweep of the level inside it, so this measures how fad's cost grows
with nesting (the tree at the top level holds every rule application of the
levels below). The reference is the closed form, with t = tanh(x),

    tanh'''' = (16 t - 24 t^3) (1 - t^2) = 16 t - 40 t^3 + 24 t^5

(from tanh' = 1 - t^2, tanh'' = -2 t (1 - t^2), tanh''' = (6 t^2 - 2)(1 - t^2)),
checked to agree first. Target: at most 0.4 ms.
"""

from __future__ import annotations

from typing import Any, Dict, List

import _harness as H

import fad
import fad.numpy as fnp
import numpy as np

NAME = "tanh4"
N = 1000
TARGET_MS = 0.4


def d4_numpy(x: np.ndarray) -> np.ndarray:
    t = np.tanh(x)
    t2 = t * t
    return t * (16.0 + t2 * (-40.0 + 24.0 * t2))  # type: ignore[no-any-return]


def run() -> List[H.Result]:
    x = np.linspace(-3.0, 3.0, N)
    eg = fad.elementwise_grad
    d4_fad = eg(eg(eg(eg(fnp.tanh))))
    err, msg = H.check("4 x elementwise_grad vs closed form", d4_fad(x), d4_numpy(x), 1e-10)
    cases: Dict[str, H.Case] = {"fad": (d4_fad, (x,)), "ref": (d4_numpy, (x,))}
    notes: List[str] = []
    ag = H.autograd()
    if ag is not None:
        autograd, anp = ag
        ae = autograd.elementwise_grad
        d4_ag: Any = ae(ae(ae(ae(anp.tanh))))
        H.note_if_wrong(notes, "autograd", d4_ag(x), d4_numpy(x), 1e-10)
        cases["autograd"] = (d4_ag, (x,))
    t = H.compare(cases)
    return [H.result(NAME, "5. tanh'''' by 4x elementwise_grad", t, unit="ms",
                     target=TARGET_MS, error=msg, check_err=err, notes=notes)]


if __name__ == "__main__":
    H.main_single(run, __doc__)
