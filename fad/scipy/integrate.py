"""fad.scipy.integrate: the traced counterpart of ``scipy.integrate``."""

from __future__ import annotations

__all__: list[str] = []
