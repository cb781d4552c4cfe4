"""Reporting: how a failed check reads.

Every check raises :class:`Mismatch` (an ``AssertionError``); the public
functions re-raise it as a plain ``AssertionError`` through :func:`reraise`, so
that the user sees the message and not fad's internals. A message starts with
``check_x(name): what failed.``, then shows the inputs' shapes and dtypes, the
vectors used, and the numbers compared with their difference and tolerance::

    check_grads(f): the VJP of f disagrees with central differences.
      inputs: float64[4]
      direction u (step h = 6.06e-06): [...]
        <J^T w, u> by fad's VJP:         ...
        difference: ... (tolerance ...)
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Optional, Sequence

import numpy as np

from fad._primitive import Primitive

__all__ = [
    "Mismatch",
    "Names",
    "name_of",
    "describe",
    "show",
    "show_all",
    "num",
    "difference",
    "mismatch",
    "reraise",
]


class Mismatch(AssertionError):
    """A failed check (re-raised as a plain AssertionError at the public boundary)."""


class Names:
    """How a check names things in its messages.

    Args:
        who: the public check (``"check_vjp"``).
        label: the function or primitive checked.
        suspect: what a failed transpose identity blames.
        argpos: the primitive's positions of the differentiated arguments
            (None: they are numbered from 0).

    Example:
        >>> Names("check_rule", "where", argpos=[1, 2]).arg(1)
        2
    """

    __slots__ = ("who", "label", "suspect", "argpos")

    def __init__(
        self, who: str, label: str, suspect: str = "VJP and JVP",
        argpos: Optional[Sequence[int]] = None,
    ) -> None:
        self.who = who
        self.label = label
        self.suspect = suspect
        self.argpos = argpos

    def arg(self, i: int) -> int:
        """The number of the ``i``-th differentiated argument, as the user counts."""
        return i if self.argpos is None else self.argpos[i]

    def head(self) -> str:
        """The start of every message: ``check_vjp(f)``."""
        return f"{self.who}({self.label})"


def name_of(f: Any) -> str:
    """The name a message gives a function or a primitive."""
    if isinstance(f, Primitive):
        return f.name
    return str(getattr(f, "__name__", type(f).__name__))


def describe(xs: Iterable[Any]) -> str:
    """Shapes and dtypes, as ``float64[3, 2], float32[]``.

    Example:
        >>> describe([np.zeros((3, 2)), np.float32(1.0)])
        'float64[3, 2], float32[]'
    """
    parts = []
    for x in xs:
        a = np.asarray(x)
        parts.append(f"{a.dtype}{list(a.shape)}")
    return ", ".join(parts) if parts else "(none)"


def show(x: Any) -> str:
    """The values of an array, short (large arrays are summarised)."""
    a = np.asarray(x, dtype=np.complex128 if np.iscomplexobj(x) else np.float64)
    text = np.array2string(
        a, precision=4, threshold=12, edgeitems=2, separator=", ", max_line_width=76
    )
    return text.replace("\n", "\n      ")


def show_all(xs: Sequence[Any]) -> str:
    """The values of several arrays, numbered when there is more than one."""
    if len(xs) == 1:
        return show(xs[0])
    return "; ".join(f"[{k}] {show(x)}" for k, x in enumerate(xs))


def num(v: complex) -> str:
    """One number, to 8 significant digits (a complex one as ``a+bj``)."""
    if isinstance(v, complex):
        return f"{v.real:.8g}{v.imag:+.8g}j"
    return f"{v:.8g}"


def difference(err: float, tolerance: float, largest: bool = False) -> str:
    """The last line of a comparison: the difference and what was allowed."""
    what = "largest difference" if largest else "difference"
    return f"{what}: {num(err)} (tolerance {num(tolerance)})"


def mismatch(
    head: str, summary: str, inputs: Sequence[Any], given: Sequence[str],
    compared: Sequence[str],
) -> Mismatch:
    """A failure in the common layout.

    Args:
        head: who failed, ``check_vjp(f)``.
        summary: what failed, one sentence.
        inputs: the inputs (their shapes and dtypes are shown).
        given: lines on the vectors used (direction, cotangent, ...).
        compared: lines on the numbers compared, the last one their difference.

    Returns:
        The :class:`Mismatch` to raise.

    Example:
        >>> print(mismatch("check_jvp(f)", "the JVP is off.", [np.zeros(2)],
        ...                ["u: [1, 0]"], ["J u: 3", difference(1.0, 1e-9)]))
        check_jvp(f): the JVP is off.
          inputs: float64[2]
          u: [1, 0]
            J u: 3
            difference: 1 (tolerance 1e-09)
    """
    lines = [f"{head}: {summary}", f"  inputs: {describe(inputs)}"]
    lines += [f"  {g}" for g in given]
    lines += [f"    {c}" for c in compared]
    return Mismatch("\n".join(lines))


def reraise(check: Callable[[], None]) -> None:
    """Run ``check``; a :class:`Mismatch` becomes a plain AssertionError."""
    try:
        check()
    except Mismatch as e:
        raise AssertionError(str(e)) from None
