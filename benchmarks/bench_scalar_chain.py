"""grad of a 1,000-op scalar chain: fad's cost per traced operation.

The chain is 250 repetitions of ``x = sin(x); x = x * 1.0001; x = x + 0.1;
x = tanh(x)`` on a Python float, so 1,000 primitive operations on 0-d values,
where NumPy's own work is tiny and fad's bookkeeping (tracing each op, then the
reverse sweep) is nearly everything. Reported: fad.grad's time per op (trace +
sweep; target at most 5 µs/op) and its ratio to a hand-written forward and
backward pass of the same chain with NumPy scalar functions (np.sin, np.cos,
np.tanh on float64 scalars). A pure-Python version with the ``math`` module is
timed too and given in the notes.
"""

from __future__ import annotations

import math
from typing import Any, Dict, List, Tuple

import _harness as H

import fad
import fad.numpy as fnp
import numpy as np

NAME = "scalar_chain"
REPS = 250
OPS = 4 * REPS
X0 = 0.5
TARGET_US_PER_OP = 5.0


def chain_fad(x: Any) -> Any:
    for _ in range(REPS):
        x = fnp.sin(x)
        x = x * 1.0001
        x = x + 0.1
        x = fnp.tanh(x)
    return x


def chain_numpy(x: float) -> Tuple[Any, Any]:
    """The chain's value and derivative, forward then backward, with NumPy scalars."""
    sin, cos, tanh = np.sin, np.cos, np.tanh
    tape: List[Tuple[Any, Any]] = []
    v: Any = np.float64(x)
    for _ in range(REPS):
        c = cos(v)
        v = sin(v)
        v = v * 1.0001
        v = v + 0.1
        v = tanh(v)
        tape.append((c, v))
    g: Any = np.float64(1.0)
    for c, t in reversed(tape):
        g = g * (1.0 - t * t)  # tanh
        g = g * 1.0001  # multiply
        g = g * c  # sin
    return v, g


def chain_math(x: float) -> Tuple[float, float]:
    """The same with Python floats and the ``math`` module (the floor for any Python AD)."""
    sin, cos, tanh = math.sin, math.cos, math.tanh
    tape: List[Tuple[float, float]] = []
    v = x
    for _ in range(REPS):
        c = cos(v)
        v = tanh(sin(v) * 1.0001 + 0.1)
        tape.append((c, v))
    g = 1.0
    for c, t in reversed(tape):
        g = g * (1.0 - t * t) * 1.0001 * c
    return v, g


def run() -> List[H.Result]:
    grad_f = fad.grad(chain_fad)
    _, want = chain_numpy(X0)
    err, msg = H.check("fad.grad vs hand-written", grad_f(X0), want, 1e-10)
    cases: Dict[str, H.Case] = {
        "fad": (grad_f, (X0,)),
        "ref": (chain_numpy, (X0,)),
        "math": (chain_math, (X0,)),
    }
    notes: List[str] = []
    ag = H.autograd()
    if ag is not None:
        autograd, anp = ag

        def chain_ag(x: Any) -> Any:
            for _ in range(REPS):
                x = anp.sin(x)
                x = x * 1.0001
                x = x + 0.1
                x = anp.tanh(x)
            return x

        ag_grad = autograd.grad(chain_ag)
        H.note_if_wrong(notes, "autograd", ag_grad(X0), want, 1e-10)
        cases["autograd"] = (ag_grad, (X0,))
    t = H.compare(cases)
    m = t["math"].best
    notes += [
        f"{OPS} ops; fad {t['fad'].best * 1e6 / OPS:.2f} µs/op, NumPy-scalar reference "
        f"{t['ref'].best * 1e6 / OPS:.2f} µs/op; pure-Python math reference {H.fmt_time(m)} "
        f"({m * 1e6 / OPS:.3f} µs/op, fad is {t['fad'].best / m:.0f}x that)",
    ]
    return [
        H.result(NAME, "1. grad, 1000-op scalar chain", t, unit="us/op",
                 target=TARGET_US_PER_OP, per=OPS, error=msg, check_err=err, notes=notes)
    ]


if __name__ == "__main__":
    H.main_single(run, __doc__)
