"""NumPy's non-differentiable functions, forwarded: predicates, indices,
comparisons, sets, counting, dtypes and constants take Tracers and return
plain arrays computed from their concrete values; and the names fad refuses
(file I/O, random state, ...), each with its reason."""

from __future__ import annotations

from typing import Any, Callable

__all__: list[str] = []

NUMPY: dict[Any, Callable[..., Any]] = {}
"""NumPy's ufuncs and functions -> this module's functions of the same meaning
(``fad.numpy._dispatch`` gathers the families' tables for NumPy's dispatch)."""
