"""Peak memory and time of grad through a 100-layer tanh network, with and
without ``fad.checkpoint`` every 10 layers.

The network is ``h = tanh(h @ W_i + b_i)`` for 100 layers of width 512 on a
batch of 128 rows, and the gradient is that of ``sum(h)`` with respect to the
input (the weights are constants, made before measuring, so the figures are
the activations fad keeps and the sweep's temporaries). Without checkpointing
fad keeps one array per layer (each tanh output, which both the tanh and the
next matmul read); with it, the ten blocks keep their inputs and the reverse
sweep traces one block again at a time. Reported: the peak of ``tracemalloc``
during one call of each, their ratio (target at least 5x), and the ratio of
their best CPU times over interleaved rounds (target under 1.5x; wall times
too, in the notes).

A bound on the memory ratio: while the sweep does the last block, the nine
other blocks' inputs and the last block's ten recomputed activations are
alive, against the hundred activations of the plain network, with the same
few temporaries on both sides: (100 + t) / (19 + t). A matmul's rule makes its
cotangent while the one it was given is alive, so t >= 1 beside what a layer
keeps, and the forward pass holds a layer's input, its pre-activation and its
output at once: 101 / 20 = 5.05x is the most this network can show. fad gets
there (t = 1, plus NumPy's 64 KiB buffer for the bias's broadcast) because
``grad`` frees each node's values as soon as its sweep is done with them, and
tanh's rule makes one array, not three (docs/design.md, "The reverse sweep");
before those two it showed 4.68x (t = 3, every value held to the end).

The time has a floor too: the plain gradient does two matmuls per layer
(forward, and the cotangent's back through the weights), the checkpointed one
three (the block runs again), so with matmuls dominating the ratio tends to
1.5x from below only by what tanh and its rule add to both.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from typing import Any, Callable, List

import _harness as H

import fad
import fad.numpy as fnp
import numpy as np

NAME = "checkpoint"
LAYERS, WIDTH, BATCH, EVERY = 100, 512, 128, 10
MEMORY_TARGET = 5.0
TIME_TARGET = 1.5
ROUNDS = 5

_rng = np.random.default_rng(0)
WEIGHTS = [_rng.normal(size=(WIDTH, WIDTH)) / np.sqrt(WIDTH) for _ in range(LAYERS)]
BIASES = [_rng.normal(size=WIDTH) * 0.1 for _ in range(LAYERS)]
X = _rng.normal(size=(BATCH, WIDTH))


def layers(h: Any, lo: int, hi: int) -> Any:
    for i in range(lo, hi):
        h = fnp.tanh(h @ WEIGHTS[i] + BIASES[i])
    return h


def plain(x: Any) -> Any:
    return fnp.sum(layers(x, 0, LAYERS))


def _block(lo: int) -> Callable[[Any], Any]:
    return fad.checkpoint(lambda h: layers(h, lo, lo + EVERY))


BLOCKS = [_block(lo) for lo in range(0, LAYERS, EVERY)]


def checkpointed(x: Any) -> Any:
    h = x
    for block in BLOCKS:
        h = block(h)
    return fnp.sum(h)


def peak_bytes(f: Callable[[Any], Any]) -> int:
    """The peak of the memory allocated during one call (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        f(X)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def best_times(f: Callable[[Any], Any], other: Callable[[Any], Any]) -> tuple[list[float], list[float]]:
    """Best wall and CPU times (``time.process_time``) of ``f`` and ``other``
    over interleaved rounds: ``([wall_f, wall_other], [cpu_f, cpu_other])``."""
    wall, cpu = [float("inf")] * 2, [float("inf")] * 2
    for r in range(ROUNDS):
        for which in ((0, 1) if r % 2 == 0 else (1, 0)):
            g = (f, other)[which]
            gc.collect()
            w0, c0 = time.perf_counter(), time.process_time()
            g(X)
            wall[which] = min(wall[which], time.perf_counter() - w0)
            cpu[which] = min(cpu[which], time.process_time() - c0)
    return wall, cpu


def run() -> List[H.Result]:
    g_plain, g_ckpt = fad.grad(plain), fad.grad(checkpointed)
    err, msg = H.check("checkpointed grad vs plain grad", g_ckpt(X), g_plain(X), 1e-12)
    mem_plain, mem_ckpt = peak_bytes(g_plain), peak_bytes(g_ckpt)
    (t_ckpt, t_plain), (c_ckpt, c_plain) = best_times(g_ckpt, g_plain)
    act = BATCH * WIDTH * 8
    mem_ratio = mem_plain / mem_ckpt
    time_ratio = c_ckpt / c_plain
    notes = [
        f"peak (tracemalloc): {mem_plain / 2**20:.1f} MiB plain, {mem_ckpt / 2**20:.1f} MiB checkpointed "
        f"({mem_plain / act:.1f} and {mem_ckpt / act:.1f} activations of {act / 2**20:.2f} MiB): "
        f"{mem_ratio:.2f}x less (target at least {MEMORY_TARGET}x; the bound is in the module doc)",
        f"time (best of {ROUNDS}): CPU {c_plain * 1e3:.0f} ms plain, {c_ckpt * 1e3:.0f} ms checkpointed: "
        f"{time_ratio:.2f}x (target under {TIME_TARGET}x); wall {t_plain * 1e3:.0f} / {t_ckpt * 1e3:.0f} ms: "
        f"{t_ckpt / t_plain:.2f}x",
    ]
    if time_ratio >= TIME_TARGET:
        notes.append(f"the time ratio {time_ratio:.2f}x is not under {TIME_TARGET}x")
    return [
        H.Result(
            bench=NAME,
            label="10. checkpoint every 10 of 100 tanh layers: time; measured = peak memory with / without",
            fad=t_ckpt,
            ref=t_plain,
            ref_label="fad without checkpoint",
            # the table passes a row whose metric is at most its target: the
            # peak memory with checkpoints over the peak without, against 1/5
            metric=1.0 / mem_ratio,
            target=1.0 / MEMORY_TARGET,
            unit="x",
            fad_cpu=c_ckpt,
            ref_cpu=c_plain,
            error=msg,
            check_err=err,
            notes=notes,
        )
    ]


if __name__ == "__main__":
    H.main_single(run, __doc__)
