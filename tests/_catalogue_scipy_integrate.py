"""Catalogue entries of fad.scipy.integrate (see tests/_catalogue.py)."""

from __future__ import annotations
