"""Per-op cost of grad through a 10^6-op scalar chain, relative to a 10^3-op chain.

The chain alternates ``x = x * 1.0000001`` and ``x = sin(x)`` on a Python
float. A long graph keeps every node alive until the sweep reaches it, so costs
that grow with the number of live objects (the cyclic collector's full
collections, cache and page misses) show up as a per-op cost that grows with
depth; fad keeps full collections away while a transform runs (see
``fad/_collector.py``).

Reported: fad's per-op time at 10^6 ops over its per-op time at 10^3 ops
(target at most 1.2), as CPU time of this process (``time.process_time``, user
and system: the page faults of fresh memory count). The figure is the median of
seven pairs. In a pair, one call at 10^6 ops (about 3 s) sits between two
windows of about 1.5 s each in which the 10^3-op chain is called over and over;
the pair's ratio is the long call's per-op time over the two windows' mean
per-op time. Both sides are averages over seconds of the same machine's time:
comparing the *best* of many short calls with a single long one (as this file
did before) sets a lucky millisecond against three ordinary seconds, and on a
shared machine whose speed drifts by 20-40% between seconds that alone showed
ratios of 1.3-1.6 where the costs grow by about 10%. The notes split the long
call's time into user and system time (what is left of the growth is the first
touch of fresh memory: about 0.04 page faults per op, each costing several
microseconds on a virtual machine), and give a hand-written NumPy-scalar
forward and backward pass of the same chain at each length, measured in the
same run.

Takes about 45 s.
"""

from __future__ import annotations

import gc
import resource
import statistics
import time
from typing import Any, Callable, List, Tuple

import _harness as H

import fad
import fad.numpy as fnp
import numpy as np

NAME = "deep_chain"
SHORT, LONG = 1_000, 1_000_000
PAIRS = 7
WINDOW = 1.5  # seconds of CPU time on each side of a long call
SHORT_RUNS = 30  # best of, for the NumPy reference's per-op time
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


def mean_cpu_per_op(thunk: Callable[[], object], n_ops: int, seconds: float) -> float:
    """The mean CPU time per op of calling ``thunk`` over and over for at least
    ``seconds`` of CPU time, in seconds."""
    gc.collect()
    calls = 0
    t0 = time.process_time()
    while True:
        for _ in range(10):
            thunk()
        calls += 10
        spent = time.process_time() - t0
        if spent >= seconds:
            return spent / (calls * n_ops)


def long_call(thunk: Callable[[], object], n_ops: int) -> Tuple[float, float, float]:
    """CPU, user and system time per op of one call, in seconds."""
    gc.collect()
    r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.process_time()
    thunk()
    t1, r1 = time.process_time(), resource.getrusage(resource.RUSAGE_SELF)
    return (t1 - t0) / n_ops, (r1.ru_utime - r0.ru_utime) / n_ops, (r1.ru_stime - r0.ru_stime) / n_ops


def run() -> List[H.Result]:
    _, want = chain_numpy(SHORT)
    err, msg = H.check("fad.grad vs hand-written", fad.grad(chain(SHORT))(X0), want, 1e-10)
    short_f, long_f = fad.grad(chain(SHORT)), fad.grad(chain(LONG))
    long_f(X0)  # warm-up
    ratios, fad_shorts, fad_longs, users, systems = [], [], [], [], []
    for _ in range(PAIRS):
        before = mean_cpu_per_op(lambda: short_f(X0), SHORT, WINDOW)
        lo, user, system = long_call(lambda: long_f(X0), LONG)
        after = mean_cpu_per_op(lambda: short_f(X0), SHORT, WINDOW)
        s = (before + after) / 2
        ratios.append(lo / s)
        fad_shorts.append(s)
        fad_longs.append(lo)
        users.append(user)
        systems.append(system)
    ratio = statistics.median(ratios)
    fad_short, fad_long = statistics.median(fad_shorts), statistics.median(fad_longs)
    ref_short = best_cpu_per_op(lambda: chain_numpy(SHORT), SHORT, SHORT_RUNS)
    ref_long = best_cpu_per_op(lambda: chain_numpy(LONG), LONG, 2)
    notes = [
        f"per op (medians over the pairs): fad {fad_short * 1e6:.2f} µs at 10^3 ops, "
        f"{fad_long * 1e6:.2f} µs at 10^6 ops, of which {statistics.median(users) * 1e6:.2f} µs user "
        f"and {statistics.median(systems) * 1e6:.2f} µs system (page faults of fresh memory); "
        f"hand-written NumPy (best runs) {ref_short * 1e6:.2f} / {ref_long * 1e6:.2f} µs",
        f"10^6 / 10^3 ratio of each pair: {', '.join(f'{r:.2f}' for r in ratios)} "
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
