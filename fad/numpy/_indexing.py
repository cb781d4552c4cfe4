"""Indexing functions built on ``_base``'s gather and scatter-add: ``take``.

``x[i]`` (``getitem``) and the functional updates ``x.at[i].set/add``
(``index_update``, ``index_add``) are primitives of ``_base``, where the index
normalisation and the batching of their rules live.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

import numpy as np

from fad._tracer import concrete
from fad.numpy._base import as_operand, getitem
from fad.numpy._shape import ravel
from fad.numpy._util import Array, ArrayLike, ndim

__all__ = ["take"]


def take(x: ArrayLike, indices: ArrayLike, axis: Optional[int] = None) -> Array:
    """Take elements along an axis (of the flattened array when axis is None).

    Args:
        x: an array-like.
        indices: integer indices.
        axis: the axis, or None.

    Returns:
        The selected elements.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.take(np.arange(4.0), np.array([3, 1]))
        array([3., 1.])
    """
    x = as_operand(x)
    if axis is None:
        return getitem(ravel(x), np.asarray(concrete(indices)))
    axis = int(axis) % ndim(x)
    return getitem(x, (slice(None),) * axis + (np.asarray(concrete(indices)),))


NUMPY: dict[Any, Callable[..., Any]] = {np.take: take}
"""NumPy's ufuncs and functions -> this module's functions of the same meaning
(``fad.numpy._dispatch`` gathers the families' tables for NumPy's dispatch)."""
