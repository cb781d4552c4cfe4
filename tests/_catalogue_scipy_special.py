"""Catalogue entries of fad.scipy.special (see tests/_catalogue.py)."""

from __future__ import annotations
