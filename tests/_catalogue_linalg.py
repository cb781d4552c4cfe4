"""Catalogue entries of fad.numpy's linalg family (see tests/_catalogue.py).

Primitives register with ``_add``/``_entry``/``_elementwise``; public functions
made of several primitives with ``@composite(name)``, a drawer of cases that
call the public function (shapes, dtypes, parameters drawn by hypothesis).
"""

from __future__ import annotations

from _catalogue import (  # noqa: F401
    Example,
    _add,
    _elementwise,
    _entry,
    binary,
    composite,
    reduction,
    unary,
)
