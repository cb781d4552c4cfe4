"""Every script in examples/ runs to completion and prints something.

Each example checks its own results and exits with a message on a mismatch,
so a zero exit status means its derivatives were right.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))


def test_examples_exist() -> None:
    names = {p.name for p in EXAMPLES}
    for expected in [
        "demo.py",
        "hessian_vector_products.py",
        "logistic_regression.py",
        "newton.py",
        "custom_primitive.py",
        "lotka_volterra.py",
    ]:
        assert expected in names, f"examples/{expected} is missing"


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_runs(path: Path) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, (
        f"examples/{path.name} exited with status {proc.returncode}\n"
        f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"
    )
    assert proc.stdout.strip(), f"examples/{path.name} printed nothing"
