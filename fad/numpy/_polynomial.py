"""Polynomials, signals and interpolation: polyval, vander, convolve,
correlate, interp, the window functions, ..."""

from __future__ import annotations

from typing import Any, Callable

__all__: list[str] = []

NUMPY: dict[Any, Callable[..., Any]] = {}
"""NumPy's ufuncs and functions -> this module's functions of the same meaning
(``fad.numpy._dispatch`` gathers the families' tables for NumPy's dispatch)."""
