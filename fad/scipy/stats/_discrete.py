"""The count argument of the discrete distributions: a constant, checked."""

from __future__ import annotations

from typing import Any

import numpy as np

from fad._tracer import Tracer
from fad.numpy._util import has_tracer

__all__ = ["counts"]


def counts(k: Any, loc: Any, caller: str, name: str = "k") -> np.ndarray[Any, Any]:
    """``k - loc`` as a float array; a traced ``k`` or ``loc`` is an error.

    Example:
        >>> counts([1, 2], 1, "poisson.logpmf")
        array([0., 1.])
    """
    for name, v in ((name, k), ("loc", loc)):
        if type(v) is Tracer or (type(v) in (list, tuple) and has_tracer(v)):
            raise TypeError(
                f"fad.scipy.stats.{caller}: {name} is traced, but the counts of a discrete "
                f"distribution (and its integer shift loc) have no derivative. Differentiate "
                f"in the distribution's parameters only, and pass {name} as a plain number "
                "or array."
            )
    return np.asarray(np.asarray(k, dtype=np.float64) - np.asarray(loc, dtype=np.float64))
