"""fad.scipy.linalg: the traced counterpart of ``scipy.linalg``."""

from __future__ import annotations

__all__: list[str] = []
