"""fad.numpy: NumPy functions that trace.

Import it as ``import fad.numpy as fnp`` and write functions with it as you
would with NumPy. On plain arrays these functions run NumPy; on traced values
they also record the operation, so fad can differentiate it. Plain NumPy calls
on traced values (``np.sin(x)``, ``np.sum(x)``) reach the same functions
through NumPy's dispatch protocols.

This module only re-exports. The functions live in one private module per
family, each op beside its derivative rules; a family imports ``_base`` and the
families listed before it, never one after (``tests/test_layering.py``):

- ``_base``: the structural primitives the others build on (reshape,
  transpose, broadcast_to, sum, concatenate, where, getitem and the
  ``x.at[i]`` updates, unbroadcast);
- ``_elementwise``, ``_shape``, ``_indexing``, ``_reductions``, ``_products``
  (matmul, dot, einsum, ...), ``_creation``;
- ``_linear_algebra``, public as :mod:`fad.numpy.linalg`;
- ``_dispatch``: what the core and NumPy's dispatch protocols call.
"""

from numpy import e as e
from numpy import float32 as float32
from numpy import float64 as float64
from numpy import inf as inf
from numpy import nan as nan
from numpy import pi as pi

from fad.numpy import _dispatch
from fad.numpy import linalg as linalg
from fad.numpy._base import (
    broadcast_to as broadcast_to,
    concatenate as concatenate,
    getitem as getitem,
    index_add as index_add,
    index_update as index_update,
    moveaxis as moveaxis,
    reshape as reshape,
    sum as sum,
    transpose as transpose,
    unbroadcast as unbroadcast,
    where as where,
)
from fad.numpy._elementwise import (
    abs as abs,
    absolute as absolute,
    add as add,
    arccos as arccos,
    arcsin as arcsin,
    arcsinh as arcsinh,
    arctan as arctan,
    arctan2 as arctan2,
    arctanh as arctanh,
    ceil as ceil,
    clip as clip,
    cos as cos,
    cosh as cosh,
    divide as divide,
    exp as exp,
    exp2 as exp2,
    expm1 as expm1,
    floor as floor,
    hypot as hypot,
    log as log,
    log10 as log10,
    log1p as log1p,
    log2 as log2,
    logaddexp as logaddexp,
    maximum as maximum,
    minimum as minimum,
    multiply as multiply,
    negative as negative,
    positive as positive,
    power as power,
    reciprocal as reciprocal,
    round as round,
    sigmoid as sigmoid,
    sign as sign,
    sin as sin,
    sinh as sinh,
    sqrt as sqrt,
    square as square,
    subtract as subtract,
    tan as tan,
    tanh as tanh,
    true_divide as true_divide,
)
from fad.numpy._shape import (
    astype as astype,
    diag as diag,
    diagonal as diagonal,
    expand_dims as expand_dims,
    flip as flip,
    fliplr as fliplr,
    flipud as flipud,
    hstack as hstack,
    pad as pad,
    ravel as ravel,
    repeat as repeat,
    sort as sort,
    squeeze as squeeze,
    stack as stack,
    swapaxes as swapaxes,
    tile as tile,
    tril as tril,
    triu as triu,
    vstack as vstack,
)
from fad.numpy._indexing import (
    take as take,
)
from fad.numpy._reductions import (
    amax as amax,
    amin as amin,
    cumprod as cumprod,
    cumsum as cumsum,
    logsumexp as logsumexp,
    max as max,
    mean as mean,
    min as min,
    prod as prod,
    std as std,
    var as var,
)
from fad.numpy._products import (
    dot as dot,
    einsum as einsum,
    inner as inner,
    matmul as matmul,
    outer as outer,
    trace as trace,
    vdot as vdot,
)
from fad.numpy._creation import (
    arange as arange,
    array as array,
    asarray as asarray,
    eye as eye,
    full as full,
    full_like as full_like,
    linspace as linspace,
    ndim as ndim,
    ones as ones,
    ones_like as ones_like,
    result_type as result_type,
    shape as shape,
    size as size,
    zeros as zeros,
    zeros_like as zeros_like,
)

newaxis = None

__all__ = [
    # public submodules
    "linalg",
    # _base
    "broadcast_to", "concatenate", "getitem", "index_add", "index_update", "moveaxis",
    "reshape", "sum", "transpose", "unbroadcast", "where",
    # _elementwise
    "abs", "absolute", "add", "arccos", "arcsin", "arcsinh", "arctan", "arctan2", "arctanh",
    "ceil", "clip", "cos", "cosh", "divide", "exp", "exp2", "expm1", "floor", "hypot",
    "log", "log10", "log1p", "log2", "logaddexp", "maximum", "minimum", "multiply",
    "negative", "positive", "power", "reciprocal", "round", "sigmoid", "sign", "sin",
    "sinh", "sqrt", "square", "subtract", "tan", "tanh", "true_divide",
    # _shape
    "astype", "diag", "diagonal", "expand_dims", "flip", "fliplr", "flipud", "hstack",
    "pad", "ravel", "repeat", "sort", "squeeze", "stack", "swapaxes", "tile", "tril",
    "triu", "vstack",
    # _indexing
    "take",
    # _reductions
    "amax", "amin", "cumprod", "cumsum", "logsumexp", "max", "mean", "min", "prod", "std",
    "var",
    # _products
    "dot", "einsum", "inner", "matmul", "outer", "trace", "vdot",
    # _creation
    "arange", "array", "asarray", "eye", "full", "full_like", "linspace", "ndim", "ones",
    "ones_like", "result_type", "shape", "size", "zeros", "zeros_like",
    # constants and types
    "e", "float32", "float64", "inf", "nan", "newaxis", "pi",
]



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
