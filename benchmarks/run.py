"""Run fad's benchmarks and print one table.

    python3 benchmarks/run.py                   # everything (about a minute)
    python3 benchmarks/run.py --only mlp,hvp    # some of them (by name, substrings match)
    python3 benchmarks/run.py --json out.json   # also dump the results
    python3 benchmarks/run.py --quick           # a rough answer in a few seconds
    python3 benchmarks/run.py --list            # the benchmarks' names

Each ``bench_*.py`` next to this file defines ``NAME`` and ``run()``, and can
also be run on its own with the same options. See README.md.

Exit status: 1 if a benchmark raised or fad's answer disagreed with the
reference; with ``--strict``, also if a target was missed; else 0.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback
from pathlib import Path
from types import ModuleType
from typing import List, Optional, Sequence

import _harness as H

HERE = Path(__file__).resolve().parent
ORDER = ["scalar_chain", "mlp_grad", "hessian", "hvp", "tanh4", "jacobian", "overhead", "deep_chain",
         "reductions", "gp", "checkpoint", "gamma_loglik", "spectral"]


def discover() -> List[ModuleType]:
    """The bench modules, in ORDER first and then any others alphabetically."""
    stems = sorted(p.stem for p in HERE.glob("bench_*.py"))
    rank = {f"bench_{n}": i for i, n in enumerate(ORDER)}
    stems.sort(key=lambda s: (rank.get(s, len(ORDER)), s))
    return [importlib.import_module(s) for s in stems]


def select(mods: Sequence[ModuleType], only: Optional[str]) -> List[ModuleType]:
    if not only:
        return list(mods)
    wanted = [w.strip() for w in only.split(",") if w.strip()]
    picked = [m for m in mods if any(w in m.NAME or w == m.__name__ for w in wanted)]
    if not picked:
        names = ", ".join(m.NAME for m in mods)
        raise SystemExit(f"--only {only!r} matches no benchmark; the names are: {names}")
    return picked


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(description="Run fad's benchmarks and print a table.")
    H.add_arguments(p)
    p.add_argument("--only", metavar="NAME[,NAME]",
                   help="run only these benchmarks (names or parts of names)")
    p.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    p.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = p.parse_args(argv)
    H.apply_arguments(args)
    mods = discover()
    if args.list:
        for m in mods:
            first = (m.__doc__ or "").strip().splitlines()[0]
            print(f"{m.NAME:14s} {first}")
        return 0
    results: List[H.Result] = []
    start = {"load_avg_1min": H.load_average()}
    t0 = time.perf_counter()
    for m in select(mods, args.only):
        t = time.perf_counter()
        print(f"running {m.NAME} ...", end=" ", file=sys.stderr, flush=True)
        try:
            results.extend(m.run())
        except Exception as exc:  # noqa: BLE001  (fad may be mid-edit: report, go on)
            traceback.print_exc(file=sys.stderr)
            results.append(H.failed(m.NAME, m.NAME, exc))
        print(f"{time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)
    print(f"total {time.perf_counter() - t0:.1f} s\n", file=sys.stderr, flush=True)
    H.report(results, args.json, start)
    if any(r.error for r in results):
        return 1
    if args.strict and not all(r.passed for r in results):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
