"""fad.numpy: NumPy functions that trace.

Import it as ``import fad.numpy as fnp`` and write functions with it as you
would with NumPy. On plain arrays these functions run NumPy; on traced values
they also record the operation, so fad can differentiate it. Plain NumPy calls
on traced values (``np.sin(x)``, ``np.sum(x)``) reach the same functions
through NumPy's dispatch protocols.

The functions live in one module per family: ``_elementwise``,
``_reductions``, ``_shape``, ``_indexing``, ``_linalg`` and ``_creation``.
"""

from __future__ import annotations

import numpy as _np

from fad import _primitive, _trace
from fad.numpy import _elementwise, _reductions, _shape  # noqa: F401  (order matters)
from fad.numpy import linalg as linalg
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
    size as size,
    zeros as zeros,
    zeros_like as zeros_like,
)
from fad.numpy._creation import shape as shape
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
    where as where,
)
from fad.numpy._indexing import (
    getitem as getitem,
    index_add as index_add,
    index_update as index_update,
    take as take,
)
from fad.numpy._linalg import (
    dot as dot,
    einsum as einsum,
    inner as inner,
    matmul as matmul,
    outer as outer,
    trace as trace,
    vdot as vdot,
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
    sum as sum,
    var as var,
)
from fad.numpy._shape import (
    astype as astype,
    broadcast_to as broadcast_to,
    concatenate as concatenate,
    diag as diag,
    diagonal as diagonal,
    expand_dims as expand_dims,
    flip as flip,
    fliplr as fliplr,
    flipud as flipud,
    hstack as hstack,
    moveaxis as moveaxis,
    pad as pad,
    ravel as ravel,
    repeat as repeat,
    reshape as reshape,
    sort as sort,
    squeeze as squeeze,
    stack as stack,
    swapaxes as swapaxes,
    tile as tile,
    transpose as transpose,
    tril as tril,
    triu as triu,
    unbroadcast as unbroadcast,
    vstack as vstack,
)

pi = _np.pi
e = _np.e
inf = _np.inf
nan = _np.nan
newaxis = None
float32 = _np.float32
float64 = _np.float64


def _register() -> None:
    """Hand the core the array functions it calls but does not define."""
    ops = _trace.array_ops
    for name in [
        "add", "subtract", "multiply", "divide", "power", "matmul", "negative",
        "absolute", "getitem", "transpose", "reshape", "sum", "mean", "max", "min",
        "dot", "astype", "stack", "unbroadcast", "index_update", "index_add",
        "moveaxis", "squeeze", "var", "std", "clip", "prod", "cumsum", "cumprod", "sort",
        "trace",
    ]:
        setattr(ops, name, globals()[name])
    ops.expand_batched = _shape.expand_batched
    ops.broadcast_batched = _shape.broadcast_batched
    g = globals()
    ops.ufuncs = {
        uf: g[name]
        for uf, name in [
            (_np.add, "add"), (_np.subtract, "subtract"), (_np.multiply, "multiply"),
            (_np.divide, "divide"), (_np.power, "power"), (_np.negative, "negative"),
            (_np.positive, "positive"), (_np.exp, "exp"), (_np.expm1, "expm1"),
            (_np.log, "log"), (_np.log1p, "log1p"), (_np.sin, "sin"), (_np.cos, "cos"),
            (_np.tan, "tan"), (_np.arcsin, "arcsin"), (_np.arccos, "arccos"),
            (_np.arctan, "arctan"), (_np.sinh, "sinh"), (_np.cosh, "cosh"),
            (_np.tanh, "tanh"), (_np.arcsinh, "arcsinh"), (_np.arctanh, "arctanh"),
            (_np.sqrt, "sqrt"), (_np.square, "square"), (_np.reciprocal, "reciprocal"),
            (_np.absolute, "absolute"), (_np.sign, "sign"), (_np.floor, "floor"),
            (_np.ceil, "ceil"), (_np.maximum, "maximum"), (_np.minimum, "minimum"),
            (_np.matmul, "matmul"), (_np.logaddexp, "logaddexp"),
            (_np.arctan2, "arctan2"), (_np.log2, "log2"), (_np.log10, "log10"),
            (_np.exp2, "exp2"), (_np.hypot, "hypot"),
        ]
    }
    ops.functions = {
        fn: g[name]
        for fn, name in [
            (_np.sum, "sum"), (_np.mean, "mean"), (_np.max, "max"), (_np.min, "min"),
            (_np.amax, "max"), (_np.amin, "min"), (_np.var, "var"), (_np.std, "std"),
            (_np.reshape, "reshape"), (_np.transpose, "transpose"), (_np.ravel, "ravel"),
            (_np.broadcast_to, "broadcast_to"), (_np.concatenate, "concatenate"),
            (_np.stack, "stack"), (_np.hstack, "hstack"), (_np.vstack, "vstack"),
            (_np.expand_dims, "expand_dims"), (_np.squeeze, "squeeze"),
            (_np.moveaxis, "moveaxis"), (_np.swapaxes, "swapaxes"), (_np.where, "where"),
            (_np.dot, "dot"), (_np.inner, "inner"), (_np.outer, "outer"), (_np.vdot, "vdot"),
            (_np.trace, "trace"), (_np.clip, "clip"), (_np.take, "take"),
            (_np.shape, "shape"), (_np.ndim, "ndim"), (_np.size, "size"),
            (_np.zeros_like, "zeros_like"), (_np.ones_like, "ones_like"),
            (_np.full_like, "full_like"), (_np.result_type, "result_type"),
            (_np.round, "round"), (_np.array, "array"), (_np.asarray, "asarray"),
            (_np.einsum, "einsum"), (_np.cumsum, "cumsum"), (_np.cumprod, "cumprod"),
            (_np.prod, "prod"), (_np.flip, "flip"), (_np.fliplr, "fliplr"),
            (_np.flipud, "flipud"), (_np.tril, "tril"), (_np.triu, "triu"),
            (_np.diag, "diag"), (_np.diagonal, "diagonal"), (_np.tile, "tile"),
            (_np.repeat, "repeat"), (_np.sort, "sort"), (_np.pad, "pad"),
            (_np.linspace, "linspace"),
        ]
    }
    ops.functions.update(
        {
            _np.linalg.inv: linalg.inv,
            _np.linalg.solve: linalg.solve,
            _np.linalg.det: linalg.det,
            _np.linalg.slogdet: linalg.slogdet,
            _np.linalg.norm: linalg.norm,
        }
    )


_register()
_primitive.seal_builtins()
