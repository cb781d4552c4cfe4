"""Draw the pictures of ``docs/seeing-the-graph.md``.

Run from the repository root::

    python docs/graphs/gen_graphs.py

It writes ``docs/graphs/<name>.dot`` for each graph below, and, where
Graphviz's ``dot`` program is installed, ``docs/graphs/<name>.svg`` from it.
``tests/test_make_graph.py`` checks that the committed DOT files are what the
code draws today: after a change to how graphs are drawn, run this again and
commit the results.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
if str(HERE.parent.parent) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(HERE.parent.parent))

import fad  # noqa: E402
import fad.numpy as fnp  # noqa: E402


def _cs231n() -> Callable[..., Any]:
    # the computational graph of cs231n's backpropagation notes
    def f(x: Any, y: Any, z: Any) -> Any:
        return (x + y) * z

    return f


def _baydin() -> Callable[..., Any]:
    # the evaluation-trace example of Baydin et al., "Automatic differentiation
    # in machine learning: a survey" (JMLR 2018), tables 2 and 3
    def f(x1: Any, x2: Any) -> Any:
        return fnp.log(x1) + x1 * x2 - fnp.sin(x2)

    return f


GRAPHS: dict[str, Callable[[], fad.Graph]] = {
    "cs231n-forward": lambda: fad.make_graph(_cs231n())(-2.0, 5.0, -4.0),
    "cs231n-backward": lambda: fad.make_graph(fad.value_and_grad(_cs231n(), argnums=(0, 1, 2)))(-2.0, 5.0, -4.0),
    "baydin-forward": lambda: fad.make_graph(_baydin())(2.0, 5.0),
    "baydin-reverse": lambda: fad.make_graph(fad.grad(_baydin(), argnums=(0, 1)))(2.0, 5.0),
}
"""Each picture's file name (without suffix) and the graph it shows."""


def dot_text(name: str) -> str:
    """The DOT file ``name`` as the code draws it today (values shown)."""
    return GRAPHS[name]().to_dot(values=True) + "\n"


def main() -> None:
    dot = shutil.which("dot")
    for name in GRAPHS:
        path = HERE / f"{name}.dot"
        path.write_text(dot_text(name))
        print("wrote", path)
        if dot is not None:
            svg = subprocess.run([dot, "-Tsvg", str(path)], check=True, capture_output=True).stdout
            (HERE / f"{name}.svg").write_bytes(svg)
            print("wrote", path.with_suffix(".svg"))
    if dot is None:
        print("Graphviz's dot is not installed: the SVG pictures were not redrawn")


if __name__ == "__main__":
    main()
