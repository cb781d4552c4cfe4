"""fad is typed for its users, both ways round: correct code that uses it passes
``mypy --strict`` with no cast and no Any, and each of a list of mistakes is
reported by mypy on its own line."""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
TYPING = HERE / "typing"


def _mypy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_user_code_passes_mypy_strict() -> None:
    run = _mypy(str(TYPING / "user_code.py"))
    assert run.returncode == 0, run.stdout + run.stderr


def test_each_user_mistake_is_reported_on_its_line() -> None:
    path = TYPING / "user_mistakes.py"
    marked = {
        i for i, line in enumerate(path.read_text().splitlines(), 1) if line.rstrip().endswith("# error")
    }
    assert len(marked) >= 10
    run = _mypy(str(path))
    reported = {
        int(m.group(1))
        for m in re.finditer(rf"^{re.escape(str(path.relative_to(ROOT)))}:(\d+): error:", run.stdout, re.M)
    }
    assert reported == marked, (
        f"mistakes mypy missed: lines {sorted(marked - reported)}; errors on unmarked "
        f"lines: {sorted(reported - marked)}\n{run.stdout}"
    )
