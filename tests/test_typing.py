"""fad is typed for its users: code that uses it (typed functions, lambdas,
Tracer methods) passes ``mypy --strict``."""

from __future__ import annotations

import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent


def _mypy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_user_code_passes_mypy_strict() -> None:
    run = _mypy(str(HERE / "typing" / "user_code.py"))
    assert run.returncode == 0, run.stdout + run.stderr
