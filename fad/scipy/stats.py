"""fad.scipy.stats: the traced counterpart of ``scipy.stats``."""

from __future__ import annotations

__all__: list[str] = []
