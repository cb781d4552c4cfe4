"""grad of a tanh MLP's loss w.r.t. all its parameters, vs hand-written backprop.

The 784-256-256-10 tanh network of ``_mlp.py`` with softmax cross-entropy
(written with ``fnp.logsumexp``), batch 128, float64. fad.grad differentiates
the loss with respect to the tuple of all six weights and biases; the reference
is the hand-written NumPy forward pass plus backprop, which also returns the
loss. Both gradients are checked to agree to 1e-10 first. The work is a few
large matrix products, so this measures the overhead fad adds to real array
code: target at most 1.15x the hand-written NumPy.
"""

from __future__ import annotations

import importlib
from typing import Any, Dict, List

import _harness as H
import _mlp

import fad
import fad.numpy as fnp

NAME = "mlp_grad"
TARGET_RATIO = 1.15


def run() -> List[H.Result]:
    d = _mlp.make_data()
    loss = _mlp.make_loss(fnp.tanh, fnp.logsumexp, fnp.sum, d.X, d.Y)
    grad_f = fad.grad(loss)
    _, want = _mlp.numpy_value_and_grad(d.params, d.X, d.Y)
    got = grad_f(d.params)
    errs = [H.check(f"d{name}", g, w, 1e-10)
            for name, g, w in zip(["W1", "b1", "W2", "b2", "W3", "b3"], got, want)]
    err = max(e for e, _ in errs)
    msgs = [m for _, m in errs if m is not None]
    if abs(float(loss(d.params)) - _mlp.numpy_value_and_grad(d.params, d.X, d.Y)[0]) > 1e-10:
        msgs.append("loss values differ")
    cases: Dict[str, H.Case] = {
        "fad": (grad_f, (d.params,)),
        "ref": (_mlp.numpy_value_and_grad, (d.params, d.X, d.Y)),
    }
    notes: List[str] = []
    ag = H.autograd()
    if ag is not None:
        autograd, anp = ag
        ag_lse = importlib.import_module("autograd.scipy.special").logsumexp
        ag_loss = _mlp.make_loss(anp.tanh, ag_lse, anp.sum, d.X, d.Y)
        ag_grad: Any = autograd.grad(ag_loss)
        for name, g, w in zip(["W1", "b1", "W2", "b2", "W3", "b3"], ag_grad(d.params), want):
            H.note_if_wrong(notes, f"autograd d{name}", g, w, 1e-10)
        cases["autograd"] = (ag_grad, (d.params,))
    t = H.compare(cases)
    return [
        H.result(NAME, "2. grad, MLP 784-256-256-10", t, unit="x", target=TARGET_RATIO,
                 error="; ".join(msgs) or None, check_err=err, notes=notes)
    ]


if __name__ == "__main__":
    H.main_single(run, __doc__)
