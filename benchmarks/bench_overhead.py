"""Overhead of fad.numpy functions on plain (untraced) values, vs the NumPy call.

The design says that on plain arrays, with nothing traced, ``fnp`` functions
run at NumPy speed. Each row times one ``fnp`` function against the NumPy
function it wraps, called directly from the timing loop (no wrapper), on a
Python float, on small arrays where any per-call overhead shows, and on a
1,000-element array where it should vanish. The target is the time *added* per
call: at most 0.25 µs, room for one thin Python-level dispatch (a function call
and a type check) and no more. A ratio would be the wrong measure here: a NumPy
call on a Python float takes about 0.1 µs, so any Python wrapper at all doubles
it, while on real arrays the same 0.1 µs vanishes.
"""

from __future__ import annotations

from typing import Any, Callable, List, Tuple

import _harness as H

import fad.numpy as fnp
import numpy as np

NAME = "overhead"
TARGET_ADDED_US = 0.25


def _cases() -> List[Tuple[str, Callable[..., Any], Callable[..., Any], Tuple[Any, ...]]]:
    rng = np.random.default_rng(3)
    a10 = rng.standard_normal(10)
    b10 = rng.standard_normal(10)
    a1k = rng.standard_normal(1000)
    m10 = rng.standard_normal((10, 10))
    return [
        ("sin, Python float", fnp.sin, np.sin, (0.5,)),
        ("sin, (10,)", fnp.sin, np.sin, (a10,)),
        ("sin, (1000,)", fnp.sin, np.sin, (a1k,)),
        ("add, (10,) + (10,)", fnp.add, np.add, (a10, b10)),
        ("sum, (10,)", fnp.sum, np.sum, (a10,)),
        ("matmul, (10,10) @ (10,)", fnp.matmul, np.matmul, (m10, a10)),
    ]


def run() -> List[H.Result]:
    out = []
    for label, f, ref, args in _cases():
        row = f"7. untraced fnp.{label}"
        try:
            err, msg = H.check(row, f(*args), ref(*args), 0.0)
            t = H.compare({"fad": (f, args), "ref": (ref, args)})
            out.append(H.result(NAME, row, t, unit="us added", target=TARGET_ADDED_US,
                                ref_label=f"np.{ref.__name__}", error=msg, check_err=err))
        except Exception as exc:  # noqa: BLE001  (report and go on with the other rows)
            out.append(H.failed(NAME, row, exc))
    return out


if __name__ == "__main__":
    H.main_single(run, __doc__)
