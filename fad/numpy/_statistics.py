"""Statistics: order statistics (median, percentile, quantile), the NaN-ignoring
reductions, weighted means, covariance and integration (average, ptp, nan*, cov,
corrcoef, trapezoid, ...)."""

from __future__ import annotations

from typing import Any, Callable

__all__: list[str] = []

NUMPY: dict[Any, Callable[..., Any]] = {}
"""NumPy's ufuncs and functions -> this module's functions of the same meaning
(``fad.numpy._dispatch`` gathers the families' tables for NumPy's dispatch)."""
