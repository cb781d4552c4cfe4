"""fad.scipy.signal: the traced counterpart of ``scipy.signal``."""

from __future__ import annotations

__all__: list[str] = []
