"""Catalogue entries of fad.scipy.stats (see tests/_catalogue.py)."""

from __future__ import annotations
