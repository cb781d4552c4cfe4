"""How the core and NumPy reach ``fad.numpy``.

The core (``fad/_tracer.py``, the sweeps, the transforms) never imports
``fad.numpy``; it calls the few array functions it needs through
``fad._tracer.array_ops``, typed by the protocol ``fad._tracer.ArrayOps``. This
module is that protocol's implementation: its attributes are the functions the
core needs, and ``fad/numpy/__init__.py`` hands the module itself to the core, once, with
``fad._tracer.set_array_ops`` (mypy checks that it satisfies the protocol). A
Tracer's ``__array_ufunc__`` and ``__array_function__`` look NumPy's functions
up in two tables here, ``ufuncs`` and ``functions``, to reach the ``fad.numpy``
function of the same meaning. To make ``np.f`` on a traced value reach a new
``fad.numpy`` function, add it to one of the tables.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from fad.numpy._base import (
    broadcast_batched,
    broadcast_to,
    concatenate,
    expand_batched,
    getitem,
    index_add,
    index_update,
    moveaxis,
    reshape,
    sum,
    transpose,
    unbroadcast,
    where,
)
from fad.numpy._creation import (
    array,
    asarray,
    full_like,
    linspace,
    ndim,
    ones_like,
    result_type,
    shape,
    size,
    zeros_like,
)
from fad.numpy._elementwise import (
    absolute,
    add,
    arccos,
    arcsin,
    arcsinh,
    arctan,
    arctan2,
    arctanh,
    ceil,
    clip,
    cos,
    cosh,
    divide,
    exp,
    exp2,
    expm1,
    floor,
    hypot,
    log,
    log10,
    log1p,
    log2,
    logaddexp,
    maximum,
    minimum,
    multiply,
    negative,
    positive,
    power,
    reciprocal,
    round,
    sign,
    sin,
    sinh,
    sqrt,
    square,
    subtract,
    tan,
    tanh,
)
from fad.numpy._indexing import take
from fad.numpy._linear_algebra import det, inv, norm, slogdet, solve
from fad.numpy._products import dot, einsum, inner, matmul, outer, trace, vdot
from fad.numpy._reductions import cumprod, cumsum, max, mean, min, prod, std, var
from fad.numpy._shape import (
    astype,
    diag,
    diagonal,
    expand_dims,
    flip,
    fliplr,
    flipud,
    hstack,
    pad,
    ravel,
    repeat,
    sort,
    squeeze,
    stack,
    swapaxes,
    tile,
    tril,
    triu,
    vstack,
)

__all__ = [
    # what the core calls (fad._tracer.ArrayOps): this module is its implementation
    "add", "subtract", "multiply", "divide", "power", "matmul", "negative", "absolute",
    "getitem", "index_update", "index_add", "transpose", "reshape", "squeeze", "stack",
    "astype", "sum", "mean", "max", "min", "var", "std", "prod", "cumsum", "cumprod",
    "clip", "dot", "trace", "unbroadcast", "expand_batched", "broadcast_batched",
    # NumPy's dispatch
    "ufuncs", "functions",
]

ufuncs: dict[np.ufunc, Callable[..., Any]] = {
    np.add: add, np.subtract: subtract, np.multiply: multiply,
    np.divide: divide, np.power: power, np.negative: negative,
    np.positive: positive, np.exp: exp, np.expm1: expm1,
    np.log: log, np.log1p: log1p, np.sin: sin, np.cos: cos,
    np.tan: tan, np.arcsin: arcsin, np.arccos: arccos,
    np.arctan: arctan, np.sinh: sinh, np.cosh: cosh,
    np.tanh: tanh, np.arcsinh: arcsinh, np.arctanh: arctanh,
    np.sqrt: sqrt, np.square: square, np.reciprocal: reciprocal,
    np.absolute: absolute, np.sign: sign, np.floor: floor,
    np.ceil: ceil, np.maximum: maximum, np.minimum: minimum,
    np.matmul: matmul, np.logaddexp: logaddexp,
    np.arctan2: arctan2, np.log2: log2, np.log10: log10,
    np.exp2: exp2, np.hypot: hypot,
}
"""NumPy ufunc -> fad.numpy function, for ``Tracer.__array_ufunc__``."""

functions: dict[Callable[..., Any], Callable[..., Any]] = {
    np.sum: sum, np.mean: mean, np.max: max, np.min: min,
    np.amax: max, np.amin: min, np.var: var, np.std: std,
    np.reshape: reshape, np.transpose: transpose, np.ravel: ravel,
    np.broadcast_to: broadcast_to, np.concatenate: concatenate,
    np.stack: stack, np.hstack: hstack, np.vstack: vstack,
    np.expand_dims: expand_dims, np.squeeze: squeeze,
    np.moveaxis: moveaxis, np.swapaxes: swapaxes, np.where: where,
    np.dot: dot, np.inner: inner, np.outer: outer, np.vdot: vdot,
    np.trace: trace, np.clip: clip, np.take: take,
    np.shape: shape, np.ndim: ndim, np.size: size,
    np.zeros_like: zeros_like, np.ones_like: ones_like,
    np.full_like: full_like, np.result_type: result_type,
    np.round: round, np.array: array, np.asarray: asarray,
    np.einsum: einsum, np.cumsum: cumsum, np.cumprod: cumprod,
    np.prod: prod, np.flip: flip, np.fliplr: fliplr,
    np.flipud: flipud, np.tril: tril, np.triu: triu,
    np.diag: diag, np.diagonal: diagonal, np.tile: tile,
    np.repeat: repeat, np.sort: sort, np.pad: pad,
    np.linspace: linspace,
    np.linalg.inv: inv, np.linalg.solve: solve, np.linalg.det: det,
    np.linalg.slogdet: slogdet, np.linalg.norm: norm,
}
"""NumPy function -> fad.numpy function, for ``Tracer.__array_function__``."""
