"""Shared machinery for fad's benchmarks: timing, results, the table.

Not a benchmark itself (the runner only picks up ``bench_*.py``). Importing it
puts the repository root first on ``sys.path``, so the benchmarks measure the
fad checkout they live in, whether or not fad is installed.

Timing method
-------------
``compare`` times several implementations of the same computation *in the same
run*, interleaved: for each of ``repeats`` rounds it times every case once, in
a rotating order. A round of one case is a loop of ``loops`` calls (chosen so
that a round lasts at least ``min_time`` seconds), timed with
``time.perf_counter``. Before that, every case is warmed up (called until it
has run for ``min_time``). The figure reported per case is the **best** (minimum)
per-call time over the rounds; the median is kept as well (``--json``). Ratios
are fad's best over the reference's best, so slow periods on a busy machine
affect both sides alike. Each round's CPU time (``time.process_time``) is kept
too, for a machine too busy for wall-clock times to mean much. The garbage
collector stays enabled, as in real use, and is run once before every
comparison.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

REPO = Path(__file__).resolve().parent.parent

if (REPO / "fad" / "__init__.py").is_file() and sys.path[:1] != [str(REPO)]:
    sys.path.insert(0, str(REPO))

BLAS_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _preset_blas_threads(argv: Sequence[str]) -> None:
    """Pin BLAS threads before NumPy is imported (BLAS reads them when it loads).

    ``--blas-threads N`` sets N (0: leave BLAS at its own default). Without the
    flag, a thread count already set in the environment is kept, and otherwise
    BLAS gets one thread: on a small machine shared with other work,
    multithreaded BLAS times swing by one to two orders of magnitude, which
    would swamp the overhead these benchmarks are about.
    """
    n: Optional[str] = None
    for i, a in enumerate(argv):
        if a == "--blas-threads" and i + 1 < len(argv):
            n = argv[i + 1]
        elif a.startswith("--blas-threads="):
            n = a.split("=", 1)[1]
    if n is None:
        if any(v in os.environ for v in BLAS_VARS):
            return
        n = "1"
    if n.strip() == "0":
        return
    for var in BLAS_VARS:
        os.environ[var] = n


if "numpy" not in sys.modules:
    _preset_blas_threads(sys.argv)

import numpy as np  # noqa: E402

# ---------------------------------------------------------------------------
# settings


@dataclass
class Settings:
    """How hard to measure; the command line of ``run.py`` and each bench sets these."""

    repeats: int = 25
    """Timed rounds per case (the best and the median are over these)."""
    min_time: float = 0.02
    """Seconds each timed round (and the warm-up) lasts at least."""
    use_autograd: bool = True
    """Time autograd as well when it is importable."""


SETTINGS = Settings()


# ---------------------------------------------------------------------------
# timing

Thunk = Callable[[], object]
Case = Union[Thunk, Tuple[Callable[..., object], Tuple[Any, ...]]]
"""A thing to time: a function of no arguments, or ``(function, args)``.

The second form calls ``function(*args)`` straight from the timing loop, with no
wrapper in between; use it for calls that take well under a microsecond.
"""


@dataclass(frozen=True)
class Timing:
    """Per-call times of one case, in seconds."""

    best: float
    median: float
    loops: int
    repeats: int
    best_cpu: float
    """The best round by the process's CPU time (``time.process_time``), which
    time spent waiting for a busy CPU does not inflate."""


def _split(case: Case) -> Tuple[Callable[..., object], Tuple[Any, ...]]:
    if isinstance(case, tuple):
        return case
    return case, ()


def _loop(fn: Callable[..., object], args: Tuple[Any, ...], n: int) -> float:
    """Seconds taken by ``n`` calls of ``fn(*args)``."""
    it = range(n)
    t0 = time.perf_counter()
    for _ in it:
        fn(*args)
    return time.perf_counter() - t0


def _loop_cpu(fn: Callable[..., object], args: Tuple[Any, ...], n: int) -> Tuple[float, float]:
    """Wall-clock and CPU seconds taken by ``n`` calls of ``fn(*args)``."""
    it = range(n)
    c0 = time.process_time()
    t0 = time.perf_counter()
    for _ in it:
        fn(*args)
    t1 = time.perf_counter()
    return t1 - t0, time.process_time() - c0


def _calibrate(fn: Callable[..., object], args: Tuple[Any, ...], min_time: float) -> int:
    """Warm ``fn`` up and find how many calls make a round of ``min_time``."""
    n = 1
    while True:
        t = _loop(fn, args, n)
        if t >= min_time:
            break
        grow = min_time / t * 1.2 if t > 0 else 100.0
        n = max(n + 1, min(int(math.ceil(n * grow)), n * 100))
    # the calibration ran the case for at least min_time: that was the warm-up.
    return n


def compare(cases: Dict[str, Case], settings: Optional[Settings] = None) -> Dict[str, Timing]:
    """Time several cases against each other, interleaved (see the module doc).

    Args:
        cases: name -> case. The names key the result.
        settings: defaults to the global ``SETTINGS``.

    Returns:
        name -> Timing.
    """
    s = settings or SETTINGS
    gc.collect()
    split = {k: _split(c) for k, c in cases.items()}
    loops = {k: _calibrate(fn, args, s.min_time) for k, (fn, args) in split.items()}
    names = list(cases)
    wall: Dict[str, List[float]] = {k: [] for k in names}
    cpu: Dict[str, List[float]] = {k: [] for k in names}
    for r in range(s.repeats):
        k0 = r % len(names)
        for k in names[k0:] + names[:k0]:
            fn, args = split[k]
            w, c = _loop_cpu(fn, args, loops[k])
            wall[k].append(w / loops[k])
            cpu[k].append(c / loops[k])
    return {
        k: Timing(min(v), statistics.median(v), loops[k], len(v), min(cpu[k]))
        for k, v in wall.items()
    }


# ---------------------------------------------------------------------------
# checks


def max_rel_err(got: Any, want: Any) -> float:
    """Largest elementwise error, relative to the largest |want| (0 when both are 0)."""
    g = np.asarray(got, dtype=np.float64)
    w = np.asarray(want, dtype=np.float64)
    if g.shape != w.shape:
        return math.inf
    scale = float(np.max(np.abs(w))) if w.size else 0.0
    err = float(np.max(np.abs(g - w))) if w.size else 0.0
    if scale == 0.0:
        return err
    return err / scale


def check(what: str, got: Any, want: Any, rtol: float) -> Tuple[float, Optional[str]]:
    """Compare a derivative with its reference before timing it.

    Returns:
        (error, message) where message is None when ``error <= rtol``.
    """
    err = max_rel_err(got, want)
    if err <= rtol:
        return err, None
    return err, f"{what}: max rel. error {err:.2e} > {rtol:.0e}"


def note_if_wrong(notes: List[str], what: str, got: Any, want: Any, rtol: float) -> None:
    """Check a reference implementation (autograd) and add a note if it disagrees."""
    _, msg = check(what, got, want, rtol)
    if msg is not None:
        notes.append(msg)


# ---------------------------------------------------------------------------
# results


@dataclass
class Result:
    """One row of the table.

    ``metric`` is what the target is about, in ``unit``: "x" (a ratio of
    fad's time to the NumPy reference's), "ms" or "us/op" (absolute).
    """

    bench: str
    label: str
    fad: float
    ref: float
    ref_label: str
    metric: float
    target: float
    unit: str
    fad_median: float = math.nan
    ref_median: float = math.nan
    autograd: Optional[float] = None
    autograd_median: Optional[float] = None
    fad_cpu: float = math.nan
    """fad's best per-call CPU time (process_time), for a machine under load."""
    ref_cpu: float = math.nan
    error: Optional[str] = None
    """Set when fad's answer disagreed with the reference (the row then fails)."""
    check_err: Optional[float] = None
    notes: List[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.fad / self.ref

    @property
    def passed(self) -> bool:
        return self.error is None and self.metric <= self.target


def result(
    bench: str,
    label: str,
    times: Dict[str, Timing],
    *,
    unit: str,
    target: float,
    ref_label: str = "NumPy",
    per: float = 1.0,
    error: Optional[str] = None,
    check_err: Optional[float] = None,
    notes: Optional[List[str]] = None,
) -> Result:
    """Build a Result from ``compare`` timings keyed "fad", "ref" and maybe "autograd".

    Args:
        unit: "x" (the metric is fad/ref), "ms" (fad's time in ms), "us/op"
            (fad's time in µs divided by ``per`` operations) or "us added"
            (fad's time minus the reference's, in µs).
    """
    f, r = times["fad"], times["ref"]
    a = times.get("autograd")
    if unit == "x":
        metric = f.best / r.best
    elif unit == "ms":
        metric = f.best * 1e3
    elif unit == "us/op":
        metric = f.best * 1e6 / per
    elif unit == "us added":
        metric = (f.best - r.best) * 1e6
    else:
        raise ValueError(f"unknown unit {unit!r}")
    return Result(
        bench=bench,
        label=label,
        fad=f.best,
        ref=r.best,
        ref_label=ref_label,
        metric=metric,
        target=target,
        unit=unit,
        fad_median=f.median,
        ref_median=r.median,
        autograd=None if a is None else a.best,
        autograd_median=None if a is None else a.median,
        fad_cpu=f.best_cpu,
        ref_cpu=r.best_cpu,
        error=error,
        check_err=check_err,
        notes=list(notes or []),
    )


def failed(bench: str, label: str, exc: BaseException) -> Result:
    """A row for a benchmark that raised (fad may be mid-edit)."""
    msg = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    return Result(bench, label, math.nan, math.nan, "NumPy", math.nan, math.nan, "x", error=msg)


# ---------------------------------------------------------------------------
# autograd (optional)


def autograd() -> Optional[Tuple[ModuleType, ModuleType]]:
    """``(autograd, autograd.numpy)`` if autograd is importable and wanted, else None."""
    if not SETTINGS.use_autograd:
        return None
    try:
        return importlib.import_module("autograd"), importlib.import_module("autograd.numpy")
    except ImportError:
        return None


# ---------------------------------------------------------------------------
# the table


def fmt_time(t: Optional[float]) -> str:
    """A time in s, ms or µs with three significant figures."""
    if t is None or math.isnan(t):
        return "-"
    if t >= 1.0:
        return f"{t:.3g} s"
    if t >= 1e-3:
        return f"{t * 1e3:.3g} ms"
    if t >= 1e-6:
        return f"{t * 1e6:.3g} µs"
    return f"{t * 1e9:.3g} ns"


def _fmt_metric(v: float, unit: str) -> str:
    if math.isnan(v):
        return "-"
    if unit == "x":
        return f"{v:.2f}x"
    if unit == "ms":
        return f"{v:.3g} ms"
    if unit == "us added":
        return f"{v:+.3g} µs"
    return f"{v:.3g} µs/op"


def _fmt_target(v: float, unit: str) -> str:
    if math.isnan(v):
        return "-"
    return "<= " + _fmt_metric(v, unit)


def table(results: Sequence[Result]) -> str:
    """The results as a plain-text table, with notes underneath."""
    show_ag = any(r.autograd is not None for r in results)
    head = ["benchmark", "fad", "NumPy ref", "ratio"]
    if show_ag:
        head += ["autograd", "ag ratio"]
    head += ["measured", "target", "ok"]
    rows: List[List[str]] = []
    for r in results:
        ratio = "-" if math.isnan(r.fad) else f"{r.ratio:.2f}x"
        row = [r.label, fmt_time(r.fad), fmt_time(r.ref), ratio]
        if show_ag:
            ag = "-" if r.autograd is None else f"{r.autograd / r.ref:.2f}x"
            row += [fmt_time(r.autograd), ag]
        ok = "WRONG" if r.error and not math.isnan(r.fad) else ("ERROR" if r.error else
                                                                ("pass" if r.passed else "FAIL"))
        row += [_fmt_metric(r.metric, r.unit), _fmt_target(r.target, r.unit), ok]
        rows.append(row)
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h)
              for i, h in enumerate(head)]

    def line(cells: Sequence[str]) -> str:
        out = [cells[0].ljust(widths[0])]
        out += [c.rjust(w) for c, w in zip(cells[1:], widths[1:])]
        return "  ".join(out).rstrip()

    sep = "  ".join("-" * w for w in widths)
    lines = [line(head), sep] + [line(row) for row in rows] + [sep]
    n_pass = sum(r.passed for r in results)
    lines.append(f"{n_pass}/{len(results)} within target")
    notes = [(r.label, n) for r in results for n in ([r.error] if r.error else []) + r.notes]
    if notes:
        lines.append("")
        lines.append("notes:")
        for label, n in notes:
            lines.append(f"  {label}: {n}")
    return "\n".join(lines)


def _git_rev() -> str:
    try:
        rev = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--", "fad"],
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout.strip()
        return rev + (" (fad/ modified)" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _version(dist: str) -> str:
    try:
        from importlib.metadata import version

        return version(dist)
    except Exception:  # noqa: BLE001  (any metadata problem: just say so)
        return "installed"


def load_average() -> Optional[float]:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def meta() -> Dict[str, Any]:
    """Where and how the numbers were taken."""
    import fad

    ag = autograd()
    return {
        "fad": str(Path(fad.__file__).resolve().parent),
        "fad_version": getattr(fad, "__version__", "?"),
        "git": _git_rev(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "autograd": None if ag is None else _version("autograd"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}",
        "blas_threads": next((os.environ[v] for v in BLAS_VARS if v in os.environ), "default"),
        "repeats": SETTINGS.repeats,
        "min_time": SETTINGS.min_time,
        "method": "best of repeats (interleaved rounds, perf_counter, warm-up first)",
        "time": time.strftime("%Y-%m-%d %H:%M:%S"),
        "load_avg_1min": load_average(),
        "cpus": os.cpu_count(),
    }


def header(m: Dict[str, Any]) -> str:
    ag = m["autograd"] or "not used"
    load = str(m["load_avg_1min"])
    if m.get("load_avg_1min_start") is not None:
        load = f"{m['load_avg_1min_start']} at start, {load} at end"
    return (
        f"fad {m['fad_version']} from {m['fad']} @ {m['git']}\n"
        f"Python {m['python']}, NumPy {m['numpy']}, autograd {ag}; {m['machine']}, "
        f"BLAS threads: {m['blas_threads']}; load average {load}\n"
        f"times: per call, best of {m['repeats']} interleaved rounds of >= "
        f"{m['min_time'] * 1e3:.0f} ms each (after a warm-up); ratio = fad / NumPy reference"
    )


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options every benchmark entry point takes."""
    p.add_argument("--json", metavar="PATH", help="also write the results to PATH as JSON")
    p.add_argument("--repeats", type=int, default=SETTINGS.repeats,
                   help=f"timed rounds per case (default {SETTINGS.repeats})")
    p.add_argument("--min-time", type=float, default=SETTINGS.min_time,
                   help=f"seconds per round, at least (default {SETTINGS.min_time})")
    p.add_argument("--quick", action="store_true",
                   help="3 rounds of >= 10 ms: a rough answer in a few seconds")
    p.add_argument("--no-autograd", action="store_true", help="do not time autograd")
    p.add_argument("--blas-threads", type=int, metavar="N",
                   help="BLAS threads (sets OPENBLAS/OMP/MKL_NUM_THREADS; default 1 unless "
                        "already set in the environment; 0 = BLAS's own default)")


def apply_arguments(args: argparse.Namespace) -> None:
    SETTINGS.repeats = 3 if args.quick else max(1, args.repeats)
    SETTINGS.min_time = 0.01 if args.quick else args.min_time
    SETTINGS.use_autograd = not args.no_autograd


def _no_nan(v: Any) -> Any:
    """NaN and infinities as null, so the file is strict JSON."""
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {k: _no_nan(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_no_nan(x) for x in v]
    return v


def dump_json(path: str, m: Dict[str, Any], results: Sequence[Result]) -> None:
    """Write the run's metadata and every row (times in seconds) to ``path``."""
    rows = []
    for r in results:
        d = asdict(r)
        d["ratio"] = r.ratio
        d["ratio_median"] = r.fad_median / r.ref_median
        d["passed"] = r.passed
        rows.append(d)
    text = json.dumps(_no_nan({"meta": m, "results": rows}), indent=2, allow_nan=False)
    Path(path).write_text(text + "\n", encoding="utf-8")


def busy_warning(start: Dict[str, Any], end: Dict[str, Any], results: Sequence[Result]) -> str:
    """A warning, with CPU-time figures for the absolute targets, if the machine was busy."""
    cpus = end.get("cpus") or 1
    loads = [x for x in (start.get("load_avg_1min"), end.get("load_avg_1min")) if x is not None]
    if not loads or max(loads) <= 0.75 * cpus:
        return ""
    lines = [
        f"warning: the machine was busy (1-min load average {'/'.join(map(str, loads))} at "
        f"start/end on {cpus} CPUs): absolute times are inflated; ratios are more reliable.",
    ]
    rows = [r for r in results if not math.isnan(r.fad_cpu)]
    if rows:
        lines.append("  The same rows by CPU time (time.process_time, best round), which waiting "
                     "for the CPU does not inflate:")
        cells = [["benchmark", "fad cpu", "NumPy cpu", "ratio", "measured", "ok"]]
        for r in rows:
            ratio = r.fad_cpu / r.ref_cpu
            if r.unit == "x":
                v = ratio
            elif r.unit == "ms":
                v = r.fad_cpu * 1e3
            elif r.unit == "us added":
                v = (r.fad_cpu - r.ref_cpu) * 1e6
            else:
                v = r.metric * r.fad_cpu / r.fad
            ok = "WRONG" if r.error else ("pass" if v <= r.target else "FAIL")
            cells.append([r.label, fmt_time(r.fad_cpu), fmt_time(r.ref_cpu), f"{ratio:.2f}x",
                          _fmt_metric(v, r.unit), ok])
        widths = [max(len(c[i]) for c in cells) for i in range(len(cells[0]))]
        for c in cells:
            lines.append("    " + "  ".join([c[0].ljust(widths[0])]
                                             + [x.rjust(w) for x, w in zip(c[1:], widths[1:])]))
    return "\n".join(lines)


def report(results: Sequence[Result], json_path: Optional[str],
           start: Optional[Dict[str, Any]] = None) -> None:
    """Print the header and the table (and a busy-machine warning); write JSON if asked."""
    m = meta()
    if start is not None:
        m["load_avg_1min_start"] = start.get("load_avg_1min")
    print(header(m))
    print()
    print(table(results))
    warn = busy_warning(start or m, m, results)
    if warn:
        print()
        print(warn)
    if json_path:
        dump_json(json_path, m, results)
        print(f"\nwrote {json_path}")


def main_single(run: Callable[[], List[Result]], doc: Optional[str]) -> None:
    """The ``__main__`` of one bench file."""
    p = argparse.ArgumentParser(description=(doc or "").strip().splitlines()[0] if doc else None)
    add_arguments(p)
    args = p.parse_args()
    apply_arguments(args)
    start = {"load_avg_1min": load_average()}
    report(run(), args.json, start)
