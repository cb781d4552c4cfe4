"""Per-op cost of grad through a 10^6-op scalar chain, relative to a 10^3-op chain.

The chain alternates ``x = x * 1.0000001`` and ``x = sin(x)`` on a Python
float. A long graph keeps every node alive until the sweep is done, so costs
that grow with the number of live objects (the cyclic collector's full
collections, cache and page misses) show up as a per-op cost that grows with
depth; fad keeps full collections away while a transform runs (see
``fad/_collector.py``). Reported: fad's per-op time at 10^6 ops over its
per-op time at 10^3 ops (target at most 1.2), both CPU times of this process
(``time.process_time``: a busy machine does not inflate them): the median over
five pairs, each a 10^6-op run between two best-of-seven 10^3-op runs. The notes give both per-op times and a hand-written NumPy-scalar forward
and backward pass of the same chain at each length, measured in the same run.

Takes about 40 s (five runs of the 10^6-op chain).
"""

from __future__ import annotations

import gc
import statistics
import time
from typing import Any, Callable, List, Tuple

import _harness as H

import fad
import fad.numpy as fnp
import numpy as np

NAME = "deep_chain"
SHORT, LONG = 1_000, 1_000_000
SHORT_RUNS, LONG_RUNS = 30, 5
GROWTH = 1.0000001
X0 = 0.5
TARGET_RATIO = 1.2


def chain(n_ops: int) -> Callable[[Any], Any]:
    def f(x: Any) -> Any:
        for _ in range(n_ops // 2):
            x = x * GROWTH
            x = fnp.sin(x)
        return x

    return f


def chain_numpy(n_ops: int) -> Tuple[Any, Any]:
    """The chain's value and derivative, forward (with a tape) then backward."""
    sin, cos = np.sin, np.cos
    tape: List[Any] = []
    v: Any = np.float64(X0)
    for _ in range(n_ops // 2):
        v = v * GROWTH
        tape.append(cos(v))
        v = sin(v)
    g: Any = np.float64(1.0)
    for c in reversed(tape):
        g = g * c * GROWTH
    return v, g


def best_cpu_per_op(thunk: Callable[[], object], n_ops: int, runs: int) -> float:
    """The best CPU time of ``runs`` calls, per op, in seconds (the graph's
    teardown is inside the timed call, as in real use)."""
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        t0 = time.process_time()
        thunk()
        best = min(best, time.process_time() - t0)
    return best / n_ops


def run() -> List[H.Result]:
    _, want = chain_numpy(SHORT)
    err, msg = H.check("fad.grad vs hand-written", fad.grad(chain(SHORT))(X0), want, 1e-10)
    short_f, long_f = fad.grad(chain(SHORT)), fad.grad(chain(LONG))
    # Interleaved: each long run is compared with short runs taken right next to
    # it, so that a slow period of the (shared) machine affects both sides of a
    # ratio; the median ratio over the pairs is reported.
    ratios, fad_shorts, fad_longs = [], [], []
    for _ in range(LONG_RUNS):
        s = best_cpu_per_op(lambda: short_f(X0), SHORT, SHORT_RUNS // LONG_RUNS + 1)
        lo = best_cpu_per_op(lambda: long_f(X0), LONG, 1)
        s = min(s, best_cpu_per_op(lambda: short_f(X0), SHORT, SHORT_RUNS // LONG_RUNS + 1))
        ratios.append(lo / s)
        fad_shorts.append(s)
        fad_longs.append(lo)
    ratio = statistics.median(ratios)
    fad_short, fad_long = min(fad_shorts), min(fad_longs)
    ref_short = best_cpu_per_op(lambda: chain_numpy(SHORT), SHORT, SHORT_RUNS)
    ref_long = best_cpu_per_op(lambda: chain_numpy(LONG), LONG, 2)
    notes = [
        f"per op (best runs): fad {fad_short * 1e6:.2f} µs at 10^3 ops, {fad_long * 1e6:.2f} µs at "
        f"10^6 ops; hand-written NumPy {ref_short * 1e6:.2f} / {ref_long * 1e6:.2f} µs "
        f"(x{ref_long / ref_short:.2f}); fad / NumPy {fad_short / ref_short:.1f}x and "
        f"{fad_long / ref_long:.1f}x",
        f"10^6 / 10^3 ratio of each interleaved pair: {', '.join(f'{r:.2f}' for r in ratios)} "
        "(median reported); CPU times; gc enabled as in real use",
    ]
    return [
        H.Result(
            bench=NAME,
            label="8. grad, per-op cost at 10^6 ops / at 10^3 ops",
            fad=fad_long,
            ref=fad_short,
            ref_label="fad at 10^3 ops",
            metric=ratio,
            target=TARGET_RATIO,
            unit="x",
            fad_cpu=fad_long,
            ref_cpu=fad_short,
            error=msg,
            check_err=err,
            notes=notes,
        )
    ]


if __name__ == "__main__":
    H.main_single(run, __doc__)
