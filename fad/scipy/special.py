"""fad.scipy.special: the traced counterpart of ``scipy.special``."""

from __future__ import annotations

__all__: list[str] = []
