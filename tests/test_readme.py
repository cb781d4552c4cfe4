"""The README's code runs, and CI runs exactly the README's test command."""

from __future__ import annotations

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_readme_python_blocks_run() -> None:
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, "the README should show code"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


def test_ci_runs_the_readme_test_command() -> None:
    text = (ROOT / "README.md").read_text()
    after = text.split("<!-- test-command", 1)[1]
    line = next(ln for ln in after.splitlines() if ln.startswith("python3 "))
    assert "pytest" in line and "mypy --strict fad" in line and "pip install" in line
    ci = (ROOT / ".ci" / "run").read_text()
    assert "test-command" in ci and 'eval "$cmd"' in ci
