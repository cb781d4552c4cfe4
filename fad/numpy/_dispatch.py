"""How the core and NumPy reach ``fad.numpy``.

The core (``fad/_tracer.py``, the sweeps, the transforms) never imports
``fad.numpy``; it calls the few array functions it needs through
``fad._tracer.array_ops``, typed by the protocol ``fad._tracer.ArrayOps``. This
module is that protocol's implementation: its attributes are the functions the
core needs, and ``fad/numpy/__init__.py`` hands the module itself to the core, once, with
``fad._tracer.set_array_ops`` (mypy checks that it satisfies the protocol). A
Tracer's ``__array_ufunc__`` and ``__array_function__`` look NumPy's functions
up in two tables here, ``ufuncs`` and ``functions``, to reach the ``fad.numpy``
function of the same meaning. The tables gather each family's own ``NUMPY``
table (NumPy function or ufunc -> fad.numpy function): to make ``np.f`` on a
traced value reach a new ``fad.numpy`` function, add it to its family's table.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any, Callable, Mapping

import numpy as np

from fad.numpy import (
    _base,
    _creation,
    _elementwise,
    _fft,
    _forwarded,
    _indexing,
    _linear_algebra,
    _polynomial,
    _products,
    _reductions,
    _shape,
    _statistics,
)
from fad.numpy._base import (
    broadcast_batched,
    expand_batched,
    getitem,
    index_add,
    index_update,
    reshape,
    sum,
    transpose,
    unbroadcast,
)
from fad.numpy._elementwise import (
    absolute,
    add,
    clip,
    divide,
    multiply,
    negative,
    power,
    subtract,
)
from fad.numpy._products import dot, matmul, trace
from fad.numpy._reductions import cumprod, cumsum, max, mean, min, prod, std, var
from fad.numpy._shape import astype, squeeze, stack

__all__ = [
    # what the core calls (fad._tracer.ArrayOps): this module is its implementation
    "add", "subtract", "multiply", "divide", "power", "matmul", "negative", "absolute",
    "getitem", "index_update", "index_add", "transpose", "reshape", "squeeze", "stack",
    "astype", "sum", "mean", "max", "min", "var", "std", "prod", "cumsum", "cumprod",
    "clip", "dot", "trace", "unbroadcast", "expand_batched", "broadcast_batched",
    # NumPy's dispatch
    "ufuncs", "functions", "ufunc_methods", "register_ufuncs", "load_ufunc",
]

_FAMILIES = (
    _base, _elementwise, _shape, _indexing, _reductions, _products, _statistics,
    _creation, _linear_algebra, _polynomial, _fft, _forwarded,
)


def _gather() -> tuple[dict[np.ufunc, Callable[..., Any]], dict[Callable[..., Any], Callable[..., Any]]]:
    """Split the families' ``NUMPY`` tables into ufuncs and other functions,
    refusing a NumPy name that two families both claim."""
    ufuncs: dict[np.ufunc, Callable[..., Any]] = {}
    functions: dict[Callable[..., Any], Callable[..., Any]] = {}
    for family in _FAMILIES:
        for np_fn, fad_fn in family.NUMPY.items():
            table: dict[Any, Callable[..., Any]] = ufuncs if isinstance(np_fn, np.ufunc) else functions
            if np_fn in table and table[np_fn] is not fad_fn:
                raise RuntimeError(f"two fad.numpy functions claim {np_fn!r}")
            table[np_fn] = fad_fn
    return ufuncs, functions


ufuncs, functions = _gather()

ufunc_methods: dict[tuple[np.ufunc, str], Callable[..., Any]] = {
    (np.add, "reduce"): sum, (np.multiply, "reduce"): prod,
    (np.maximum, "reduce"): max, (np.minimum, "reduce"): min,
    (np.add, "accumulate"): cumsum, (np.multiply, "accumulate"): cumprod,
}
"""(NumPy ufunc, method) -> fad.numpy function, for ``Tracer.__array_ufunc__``:
``np.add.reduce(x, axis=0)`` is ``fnp.sum(x, axis=0)``. (``ufunc.outer`` works
for every ufunc in ``ufuncs``.)"""


LAZY_UFUNCS: dict[str, str] = {"scipy.special": "fad.scipy.special"}
"""Packages whose ufuncs fad differentiates -> the fad module that registers them
(with :func:`register_ufuncs`) when imported. ``import fad`` imports none of
them: the first traced call of such a ufunc does (:func:`load_ufunc`)."""


def register_ufuncs(table: Mapping[np.ufunc, Callable[..., Any]]) -> None:
    """Add another package's ufuncs to ``ufuncs`` (``fad.scipy.special`` does, on
    import), refusing a ufunc that another fad function already claims.

    Args:
        table: ufunc -> the fad function of the same meaning.

    Example:
        >>> register_ufuncs({})
    """
    for u, fn in table.items():
        if ufuncs.get(u, fn) is not fn:
            raise RuntimeError(f"two fad functions claim {u!r}")
    ufuncs.update(table)


def load_ufunc(ufunc: Any) -> bool:
    """Whether ``ufunc``, missing from ``ufuncs``, is there once the fad module
    for its package is imported (``scipy.special.gammaln`` -> ``fad.scipy.special``).

    Called by ``Tracer.__array_ufunc__`` for a ufunc it does not know, so the
    cost of NumPy's own ufuncs is one dict look-up as before.

    Args:
        ufunc: a NumPy ufunc.

    Returns:
        True if ``ufunc`` is in ``ufuncs`` now.

    Example:
        >>> load_ufunc(np.isnan)   # NumPy's own, and not differentiable
        False
    """
    name = getattr(ufunc, "__name__", None)
    if name is None:
        return False
    for package, module in LAZY_UFUNCS.items():
        # imported already if the caller has its ufunc (its private ufuncs too, which its
        # Python functions call: scipy.special.zeta calls scipy.special._ufuncs._zeta)
        for holder in (package, package + "._ufuncs"):
            mod = sys.modules.get(holder)
            if mod is not None and getattr(mod, name, None) is ufunc:
                importlib.import_module(module)
                return ufunc in ufuncs
    return False
