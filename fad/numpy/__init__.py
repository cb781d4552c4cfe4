"""fad.numpy: NumPy functions that trace.

Import it as ``import fad.numpy as fnp`` and write functions with it as you
would with NumPy. On plain arrays these functions run NumPy; on traced values
they also record the operation, so fad can differentiate it. Plain NumPy calls
on traced values (``np.sin(x)``, ``np.sum(x)``) reach the same functions
through NumPy's dispatch protocols.

This module only re-exports: each family's ``__all__``. The functions live in one private module per
family, each op beside its derivative rules; a family imports ``_base`` and the
families listed before it, never one after (``tests/test_layering.py``):

- ``_base``: the structural primitives the others build on (reshape,
  transpose, broadcast_to, sum, concatenate, where, getitem and the
  ``x.at[i]`` updates, unbroadcast);
- ``_elementwise``, ``_shape``, ``_indexing``, ``_reductions``, ``_products``
  (matmul, dot, einsum, ...), ``_statistics``, ``_creation``;
- ``_linear_algebra``, public as :mod:`fad.numpy.linalg`; ``_polynomial``
  (polynomials, signals, interpolation); ``_fft``, public as
  :mod:`fad.numpy.fft`; ``_forwarded`` (the non-differentiable names, and
  those fad refuses);
- ``_dispatch``: what the core and NumPy's dispatch protocols call.
"""

import typing as _typing

from fad.numpy import _dispatch
from fad.numpy import fft as fft
from fad.numpy import linalg as linalg
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
from fad.numpy._base import *
from fad.numpy._elementwise import *
from fad.numpy._shape import *
from fad.numpy._indexing import *
from fad.numpy._reductions import *
from fad.numpy._products import *
from fad.numpy._statistics import *
from fad.numpy._creation import *
from fad.numpy._polynomial import *
from fad.numpy._forwarded import *

__all__ = [
    "linalg", "fft",  # public submodules
    *_base.__all__, *_elementwise.__all__, *_shape.__all__, *_indexing.__all__,
    *_reductions.__all__, *_products.__all__, *_statistics.__all__, *_creation.__all__,
    *_polynomial.__all__, *_forwarded.__all__,  # (constants, types and NumPy's submodules too)
]

if _typing.TYPE_CHECKING:  # the lazy submodules' types (at run time: _forwarded.LazySubmodule)
    from numpy import char as char, core as core, ctypeslib as ctypeslib, f2py as f2py
    from numpy import ma as ma, polynomial as polynomial, random as random, rec as rec
    from numpy import testing as testing, typing as typing
del _typing


def _provide() -> None:
    """Hand the core its array functions (this package's ``_dispatch`` module),
    and record that fad's own primitives are all made (their names are taken)."""
    from fad import _primitive, _tracer

    _tracer.set_array_ops(_dispatch)
    _primitive.seal_builtins()


_provide()
del _provide


def __dir__() -> list[str]:
    """The public names and dunders: ``dir(fad.numpy)`` leaves out the private
    family modules, which the import system binds here as attributes."""
    return [n for n in globals() if not n.startswith("_") or n.startswith("__")]
