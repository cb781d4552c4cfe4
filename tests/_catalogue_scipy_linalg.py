"""Catalogue entries of fad.scipy.linalg (see tests/_catalogue.py)."""

from __future__ import annotations
