"""Hessian-vector product of the MLP loss w.r.t. W1, by forward-over-reverse.

``fad.jvp(fad.grad(loss_w1))((W1,), (V,))`` on the network of ``_mlp.py``
(784-256-256-10, batch 128, float64): the gradient with respect to the first
layer's weights is traced by an outer forward-mode transform, which pushes the
direction V through it. It is checked against a hand-written NumPy HVP
(Pearlmutter's R-operator through backprop, ``_mlp.numpy_hvp_w1``) to 1e-10.

Following the project's target, the ratio is to the hand-written NumPy
*gradient* of all parameters (the cost of one backprop): target at most 2.5x.
The hand-written NumPy HVP's own time is given in the notes.
"""

from __future__ import annotations

import importlib
from typing import Any, Dict, List, Tuple

import _harness as H
import _mlp

import fad
import fad.numpy as fnp
import numpy as np

NAME = "hvp"
TARGET_RATIO = 2.5


def run() -> List[H.Result]:
    d = _mlp.make_data()
    rest = d.params[1:]
    W1 = d.params[0]
    loss = _mlp.make_loss(fnp.tanh, fnp.logsumexp, fnp.sum, d.X, d.Y)

    def loss_w1(W1: Any) -> Any:
        return loss((W1,) + rest)

    hvp_jvp = fad.jvp(fad.grad(loss_w1))

    def hvp_fad(W1: np.ndarray, V: np.ndarray) -> Any:
        return hvp_jvp((W1,), (V,))[1]

    want = _mlp.numpy_hvp_w1(d.params, d.X, d.Y, d.V)
    err, msg = H.check("fad HVP vs hand-written R-op", hvp_fad(W1, d.V), want, 1e-10)
    cases: Dict[str, H.Case] = {
        "fad": (hvp_fad, (W1, d.V)),
        "ref": (_mlp.numpy_value_and_grad, (d.params, d.X, d.Y)),
        "numpy_hvp": (_mlp.numpy_hvp_w1, (d.params, d.X, d.Y, d.V)),
    }
    notes: List[str] = []
    ag = H.autograd()
    if ag is not None:
        autograd, anp = ag
        ag_lse = importlib.import_module("autograd.scipy.special").logsumexp
        ag_loss = _mlp.make_loss(anp.tanh, ag_lse, anp.sum, d.X, d.Y)

        def ag_loss_w1(W1: Any) -> Any:
            return ag_loss((W1,) + rest)

        ag_jvp: Any = autograd.make_jvp(autograd.grad(ag_loss_w1))

        def hvp_ag(W1: np.ndarray, V: np.ndarray) -> Any:
            out: Tuple[Any, Any] = ag_jvp(W1)(V)
            return out[1]

        H.note_if_wrong(notes, "autograd HVP", hvp_ag(W1, d.V), want, 1e-10)
        cases["autograd"] = (hvp_ag, (W1, d.V))
    t = H.compare(cases)
    nh = t["numpy_hvp"].best
    notes += [f"hand-written NumPy HVP (R-op) {H.fmt_time(nh)}; fad HVP is "
             f"{t['fad'].best / nh:.2f}x that"]
    return [H.result(NAME, "4. HVP fwd-over-rev, MLP dW1", t, unit="x", target=TARGET_RATIO,
                     ref_label="NumPy grad", error=msg, check_err=err, notes=notes)]


if __name__ == "__main__":
    H.main_single(run, __doc__)
