"""Catalogue entries of fad.scipy.signal (see tests/_catalogue.py)."""

from __future__ import annotations
