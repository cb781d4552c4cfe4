"""Products: matmul, dot, inner, outer, vdot, trace, einsum.

``matmul`` and ``einsum`` are the primitives. ``matmul``'s rules treat 1-D
operands by promoting them to matrices (a row for the left operand, a column
for the right), which turns every case into a stack of matrix products; extra
leading batch axes on a (co)tangent then simply lead the stack. ``einsum``'s
rules are einsums themselves, with letters of their own for batch axes.
"""

from __future__ import annotations

import functools
import math
import operator
import string
import warnings
from typing import Any, Callable, NamedTuple, Optional, Sequence, Union

import numpy as np
from numpy.typing import DTypeLike

from fad._primitive import Kind, Primitive, defjvp, defjvp_joint, defvjp, defvjp_joint
from fad._tracer import Tracer
from fad.numpy._base import as_operand, broadcast_to, moveaxis, reshape, sum, transpose, unbroadcast
from fad.numpy._elementwise import conjugate
from fad.numpy._shape import _traced, astype, diagonal, ravel, stack, swapaxes
from fad.numpy._util import Array, ArrayLike, bind, dtype, nbatch, ndim, onp, shape

_dtype = dtype  # for functions with a ``dtype`` argument

__all__ = [
    "matmul", "dot", "inner", "outer", "vdot", "trace", "einsum", "kron", "tensordot", "cross",
    "vecdot", "matvec", "vecmat",
]

matmul_p = Primitive(
    "matmul", operator.matmul, kind=Kind.STRUCTURAL, saves=(0, 1)
)


def matmul(x: ArrayLike, y: ArrayLike, /, out: None = None, *, dtype: Optional[DTypeLike] = None) -> Array:
    """Matrix product ``x @ y`` with NumPy's rules for 1-D and stacked operands.

    Args:
        x: an array-like with at least one dimension.
        y: an array-like with at least one dimension.

        out: NumPy's, on plain arrays; on traced values it must be None.
        dtype: the product's dtype, if given (the operands are cast to it).

    Returns:
        The product.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.matmul(np.eye(2), np.array([1.0, 2.0]))
        array([1., 2.])
    """
    if type(x) is not Tracer and type(y) is not Tracer:  # untraced: NumPy itself
        try:
            if dtype is None and out is None:
                return onp.matmul(x, y)
            return onp.matmul(x, y, out=out, dtype=dtype)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not _traced(x, y):
                raise
    if out is not None:
        raise TypeError("np.matmul: out= is not supported on traced values; use the returned array")
    x, y = as_operand(x), as_operand(y)
    if ndim(x) == 0 or ndim(y) == 0:
        raise ValueError("matmul: operands must have at least one dimension; use * for scalars")
    if dtype is not None:
        want = np.dtype(dtype)  # (a loop, not a generator: a closure would cost every call a cell)
        x = x if _dtype(x) == want else astype(x, want)
        y = y if _dtype(y) == want else astype(y, want)
    return bind(matmul_p, x, y)


def _row(a: Any, nb: int) -> Any:
    """A 1-D operand (after nb batch axes) as a 1 x k matrix."""
    s = shape(a)
    return reshape(a, s[:nb] + (1,) + s[nb:])


def _col(b: Any, nb: int) -> Any:
    """A 1-D operand (after nb batch axes) as a k x 1 matrix."""
    return reshape(b, shape(b) + (1,))


def _lead(t: Any, nb: int, stack_rank: int, other_stack_rank: int) -> Any:
    """Pad the stack axes of a batched matrix operand so its batch axes lead."""
    pad = other_stack_rank - stack_rank
    if nb == 0 or pad <= 0:
        return t
    s = shape(t)
    return reshape(t, s[:nb] + (1,) * pad + s[nb:])


def _drop(y2: Any, a1: bool, b1: bool) -> Any:
    """Remove the axes added by promoting 1-D operands."""
    s = shape(y2)
    if a1 and b1:
        return reshape(y2, s[:-2])
    if a1:
        return reshape(y2, s[:-2] + s[-1:])
    if b1:
        return reshape(y2, s[:-1])
    return y2


def _matmul_jvp(which: int) -> Any:
    def rule(tdot: Any, y: Any, a: Any, b: Any) -> Any:
        if ndim(a) == 2 and ndim(b) == 2 and ndim(tdot) == 2:  # the common case, directly
            return tdot @ b if which == 0 else a @ tdot
        a1, b1 = ndim(a) == 1, ndim(b) == 1
        a2 = _row(a, 0) if a1 else a
        b2 = _col(b, 0) if b1 else b
        if which == 0:
            nb = nbatch(tdot, a)
            t2 = _row(tdot, nb) if a1 else tdot
            t2 = _lead(t2, nb, ndim(a2) - 2, ndim(b2) - 2)
            return _drop(matmul(t2, b2), a1, b1)
        nb = nbatch(tdot, b)
        t2 = _col(tdot, nb) if b1 else tdot
        t2 = _lead(t2, nb, ndim(b2) - 2, ndim(a2) - 2)
        return _drop(matmul(a2, t2), a1, b1)

    return rule


def _matmul_vjp(which: int) -> Any:
    def rule(y: Any, ybar: Any, a: Any, b: Any) -> Any:
        if ndim(a) == 2 and ndim(b) == 2 and ndim(ybar) == 2:  # the common case, directly
            return ybar @ b.T if which == 0 else a.T @ ybar
        a1, b1 = ndim(a) == 1, ndim(b) == 1
        nb = nbatch(ybar, y)
        a2 = _row(a, 0) if a1 else a
        b2 = _col(b, 0) if b1 else b
        s = shape(ybar)
        # put back the promoted axes: ybar as a (batch, stack, n, m) array
        if a1 and b1:
            y2 = reshape(ybar, s + (1, 1))
        elif a1:
            y2 = reshape(ybar, s[:-1] + (1,) + s[-1:])
        elif b1:
            y2 = reshape(ybar, s + (1,))
        else:
            y2 = ybar
        if which == 0:
            g = matmul(y2, swapaxes(b2, -1, -2))
            g = unbroadcast(g, shape(a2), nb)
            return reshape(g, shape(g)[:nb] + shape(a)) if a1 else g
        g = matmul(swapaxes(a2, -1, -2), y2)
        g = unbroadcast(g, shape(b2), nb)
        return reshape(g, shape(g)[:nb] + shape(b)) if b1 else g

    return rule


defvjp(matmul_p, _matmul_vjp(0), _matmul_vjp(1))
defjvp(matmul_p, _matmul_jvp(0), _matmul_jvp(1))


def dot(x: ArrayLike, y: ArrayLike, out: None = None) -> Array:
    """NumPy's ``dot``: products of scalars, vectors and matrices.

    For N-D operands it sums over the last axis of ``x`` and the second-to-last
    of ``y``, as ``np.dot`` does.

    Args:
        x: an array-like.
        y: an array-like.
        out: NumPy's, on plain arrays; on traced values it must be None.

    Returns:
        The product.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.dot(np.array([1.0, 2.0]), np.array([3.0, 4.0])))
        11.0
    """
    if out is not None:
        raise TypeError("np.dot: out= is not supported by fad; use the returned array")
    xa: Array = as_operand(x)
    ya: Array = as_operand(y)
    nx, ny = ndim(xa), ndim(ya)
    if nx == 0 or ny == 0:
        return xa * ya
    if nx <= 2 and ny <= 2:
        return matmul(xa, ya)
    # N-D: move y's contracted axis to the front, flatten the rest, multiply.
    k = shape(xa)[-1]
    yt = moveaxis(ya, -2, 0) if ny > 1 else ya
    rest = shape(yt)[1:]
    prod = matmul(reshape(xa, (-1, k)), reshape(yt, (k, -1)))
    return reshape(prod, shape(xa)[:-1] + rest)


def inner(x: ArrayLike, y: ArrayLike) -> Array:
    """Inner product over the last axes of ``x`` and ``y``.

    Args:
        x: an array-like.
        y: an array-like.

    Returns:
        ``sum(x[..., i] * y[..., i])`` with the other axes of both kept.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.inner(np.array([1.0, 2.0]), np.array([3.0, 4.0])))
        11.0
    """
    xa: Array = as_operand(x)
    ya: Array = as_operand(y)
    if ndim(xa) == 0 or ndim(ya) == 0:
        return xa * ya
    if ndim(ya) == 1:
        return matmul(xa, ya)
    return dot(xa, swapaxes(ya, -1, -2) if ndim(ya) == 2 else moveaxis(ya, -1, -2))


def _conj(x: Any) -> Any:
    """``x`` as an operand, conjugated if it is complex (vdot, vecdot, vecmat)."""
    x = as_operand(x)
    return conjugate(x) if dtype(x).kind == "c" else x


def vdot(x: ArrayLike, y: ArrayLike) -> Array:
    """Dot product of the flattened arrays, conjugating ``x`` if it is complex (as NumPy).

    Args:
        x: an array-like.
        y: an array-like of the same size.

    Returns:
        A scalar.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.vdot(np.ones((2, 2)), np.ones((2, 2))))
        4.0
    """
    return matmul(ravel(_conj(x)), ravel(y))


def outer(x: ArrayLike, y: ArrayLike, out: None = None) -> Array:
    """Outer product of the flattened arrays.

    Args:
        x: an array-like.
        y: an array-like.
        out: NumPy's, on plain arrays; on traced values it must be None.

    Returns:
        A matrix of shape ``(x.size, y.size)``.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.outer(np.array([1.0, 2.0]), np.array([1.0, 10.0]))
        array([[ 1., 10.],
               [ 2., 20.]])
    """
    if out is not None:
        raise TypeError("np.outer: out= is not supported by fad; use the returned array")
    x, y = ravel(x), ravel(y)
    return reshape(x, (-1, 1)) * reshape(y, (1, -1))


def trace(
    x: ArrayLike, offset: int = 0, axis1: int = 0, axis2: int = 1, dtype: Optional[DTypeLike] = None,
    out: None = None,
) -> Array:
    """Sum along a diagonal, as ``np.trace``: of axes ``axis1`` and ``axis2``.

    Args:
        x: an array-like with at least two dimensions.
        offset: the diagonal's offset from the main one (positive: above).
        axis1, axis2: the two axes the diagonal runs over.
        dtype: the dtype of the sums, if given.
        out: NumPy's, on plain arrays; on traced values it must be None.

    Returns:
        The sums, with those two axes removed.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.trace(np.eye(3)))
        3.0
        >>> fnp.trace(np.ones((2, 2, 3)))
        array([2., 2., 2.])
    """
    if out is not None:
        raise TypeError("np.trace: out= is not supported by fad; use the returned array")
    if type(x) is not Tracer:
        return onp.trace(x, offset, axis1, axis2, dtype)
    if ndim(x) < 2:
        raise ValueError("trace needs an array with at least two dimensions")
    if dtype is not None and np.dtype(dtype) != _dtype(x):
        x = astype(x, dtype)
    return sum(diagonal(x, offset, axis1, axis2), axis=-1)  # the diagonal comes last


# --- einsum ---------------------------------------------------------------------------
#
# The primitive only ever sees *canonical* subscripts: explicit output, letters
# only (an ellipsis becomes letters of its own), no index repeated within an
# operand (those are diagonals, taken first with ``diagonal``), and every index
# of one length in all operands (a length-1 axis that NumPy would broadcast is
# reshaped away first). Its rules are then einsums of the same kind, and batch
# axes get letters that the subscripts do not use.

_LETTERS = string.ascii_letters


class _Plan(NamedTuple):
    """How to bring the operands of one einsum call to canonical form."""

    diagonals: tuple[tuple[tuple[int, int], ...], ...]  # per operand: axis pairs, in order
    reshapes: tuple[Optional[tuple[int, ...]], ...]  # per operand: drop length-1 axes
    subscripts: str  # canonical


def _einsum_error(msg: str) -> ValueError:
    return ValueError(f"einsum: {msg}")


@functools.lru_cache(maxsize=512)
def _plan(subscripts: str, shapes: tuple[tuple[int, ...], ...]) -> _Plan:
    s = subscripts.replace(" ", "")
    if "->" in s:
        lhs, rhs = s.split("->", 1)
    else:
        lhs, rhs = s, None
    terms = lhs.split(",")
    if len(terms) != len(shapes):
        raise _einsum_error(
            f"subscripts {subscripts!r} name {len(terms)} operand(s), but {len(shapes)} were given"
        )
    for t in terms + ([] if rhs is None else [rhs]):
        rest = t.replace("...", "", 1)
        bad = [c for c in rest if c not in _LETTERS]
        if bad:
            raise _einsum_error(
                f"invalid subscript {bad[0]!r} in {subscripts!r}: use letters, ',', '->' "
                "and one '...' per term"
            )
    used = set(s) & set(_LETTERS)
    free = [c for c in _LETTERS if c not in used]
    # ellipsis dimensions, right-aligned across operands as in broadcasting
    ell_dims = []
    for k, (t, sh) in enumerate(zip(terms, shapes)):
        named = len(t.replace("...", ""))
        n = len(sh) - named if "..." in t else 0
        if n < 0 or ("..." not in t and named != len(sh)):
            raise _einsum_error(
                f"operand {k} has {len(sh)} dimension(s), but its subscripts {t!r} name {named}"
            )
        ell_dims.append(n)
    n_ell = max(ell_dims, default=0)
    if n_ell > len(free):
        raise _einsum_error("too many dimensions: no letters left for the ellipsis")
    ell = "".join(free[:n_ell])
    terms = [t.replace("...", ell[n_ell - n:]) for t, n in zip(terms, ell_dims)]
    if rhs is None:  # implicit output: the ellipsis, then the indices used once, sorted
        counts: dict[str, int] = {}
        for t in terms:
            for c in t:
                if c not in ell:
                    counts[c] = counts.get(c, 0) + 1
        out = ell + "".join(sorted(c for c, n in counts.items() if n == 1))
    else:
        if "..." in rhs:
            out = rhs.replace("...", ell)
        elif n_ell:
            raise _einsum_error(
                f"the operands have dimensions under '...' but the output {rhs!r} has no '...'"
            )
        else:
            out = rhs
        for c in out:
            if out.count(c) > 1:
                raise _einsum_error(f"output index {c!r} appears more than once in {subscripts!r}")
            if not any(c in t for t in terms):
                raise _einsum_error(f"output index {c!r} does not appear in any operand of {subscripts!r}")
    # repeated indices within an operand: take those diagonals first
    diagonals: list[tuple[tuple[int, int], ...]] = []
    shapes_now: list[tuple[int, ...]] = []
    for k, (t, sh) in enumerate(zip(terms, shapes)):
        steps = []
        sh = tuple(sh)
        while True:
            twice = next((c for c in t if t.count(c) > 1), None)
            if twice is None:
                break
            p = t.index(twice)
            q = t.index(twice, p + 1)
            if sh[p] != sh[q]:
                raise _einsum_error(
                    f"index {twice!r} repeats in operand {k} over axes of lengths {sh[p]} and {sh[q]}"
                )
            steps.append((p, q))
            t = "".join(x for i, x in enumerate(t) if i not in (p, q)) + twice
            sh = tuple(n for i, n in enumerate(sh) if i not in (p, q)) + (sh[p],)
        terms[k] = t
        diagonals.append(tuple(steps))
        shapes_now.append(sh)
    # one length per index; a length-1 axis against a longer one is broadcast
    full: dict[str, int] = {}
    for t, sh in zip(terms, shapes_now):
        for c, n in zip(t, sh):
            m = full.get(c, 1)
            if n != 1 and m != 1 and n != m:
                raise _einsum_error(f"index {c!r} has lengths {m} and {n}, which do not broadcast")
            if n != 1:
                full[c] = n
    reshapes: list[Optional[tuple[int, ...]]] = []
    for k, (t, sh) in enumerate(zip(terms, shapes_now)):
        keep = [i for i, (c, n) in enumerate(zip(t, sh)) if not (n == 1 and full.get(c, 1) != 1)]
        if len(keep) == len(t):
            reshapes.append(None)
        else:
            terms[k] = "".join(t[i] for i in keep)
            reshapes.append(tuple(sh[i] for i in keep))
    return _Plan(tuple(diagonals), tuple(reshapes), ",".join(terms) + "->" + out)


@functools.lru_cache(maxsize=512)
def _split(subscripts: str) -> tuple[tuple[str, ...], str]:
    """Canonical subscripts as (operand terms, output term)."""
    lhs, out = subscripts.split("->")
    return tuple(lhs.split(",")), out


def _free_letters(subscripts: str, n: int) -> str:
    """n letters the subscripts do not use (for batch axes)."""
    free = [c for c in _LETTERS if c not in subscripts]
    if n > len(free):
        raise ValueError("einsum: too many dimensions to differentiate with batches of tangents")
    return "".join(free[:n])


def _interleaved(args: Sequence[Any]) -> tuple[str, list[Any]]:
    """``einsum(op0, sublist0, op1, sublist1, ..., [sublistout])`` as a string spec."""

    def term(sub: Any) -> str:
        return "".join("..." if s is Ellipsis else _LETTERS[operator.index(s)] for s in sub)

    args = list(args)
    out = args.pop() if len(args) % 2 else None
    ops, subs = args[0::2], args[1::2]
    spec = ",".join(term(s) for s in subs) + ("" if out is None else "->" + term(out))
    return spec, ops


def _einsum_impl(*operands: Any, subscripts: str, optimize: Any) -> Any:
    return np.einsum(subscripts, *operands, optimize=optimize)


einsum_p = Primitive(
    "einsum", _einsum_impl, kind=Kind.STRUCTURAL, saves=("xs",)
)


def einsum(
    subscripts: Union[str, ArrayLike], *operands: ArrayLike, out: None = None,
    optimize: Union[bool, str, Sequence[Any]] = False, dtype: Optional[DTypeLike] = None,
    order: str = "K", casting: str = "safe",
) -> Array:
    """Einstein summation, as ``np.einsum``.

    Both modes work: explicit (``"ij,jk->ik"``) and implicit (``"ij,jk"``: the
    output has the indices used once, in alphabetical order), with ``...`` for
    leading (broadcast) axes, broadcasting of length-1 axes, repeated indices
    within an operand (diagonals and traces, ``"ii->i"``, ``"ii"``), and the
    interleaved form ``einsum(x, [0, 1], y, [1, 2])``.

    Args:
        subscripts: the subscripts, such as ``"ij,jk->ik"``.
        *operands: the arrays.
        out: NumPy's, on plain arrays; on traced values it must be None.
        optimize: passed to ``np.einsum`` (False, True, "greedy" or "optimal");
            the derivative's einsums use the same setting. An explicit
            contraction path is used for plain arrays only.
        dtype: the operands are cast to it (under ``casting``), if given.
        order: the memory layout, for plain arrays.
        casting: NumPy's casting rule for ``dtype``.

    Returns:
        The contraction.

    Example:
        >>> import fad
        >>> a = np.array([[1.0, 2.0], [3.0, 4.0]])
        >>> einsum("ij,jk->ik", a, np.eye(2))
        array([[1., 2.],
               [3., 4.]])
        >>> fad.grad(lambda a: einsum("ii", a))(a)      # d trace / d a
        array([[1., 0.],
               [0., 1.]])
    """
    if not isinstance(subscripts, str):
        subscripts, operands_l = _interleaved((subscripts,) + operands)
        operands = tuple(operands_l)
    if out is not None:
        raise TypeError("np.einsum: out= is not supported by fad; use the returned array")
    if not _traced(*operands):
        return onp.einsum(subscripts, *operands, optimize=optimize, dtype=dtype, order=order, casting=casting)
    ops = [as_operand(o) for o in operands]
    if dtype is not None:
        for k, o in enumerate(ops):
            if not np.can_cast(_dtype(o), dtype, casting=casting):  # type: ignore[arg-type]
                raise TypeError(f"np.einsum: cannot cast operand {k} from {_dtype(o)} to {np.dtype(dtype)} under {casting!r}")
            ops[k] = o if _dtype(o) == np.dtype(dtype) else astype(o, dtype)
    plan = _plan(subscripts, tuple(tuple(shape(o)) for o in ops))
    for k, (steps, newshape) in enumerate(zip(plan.diagonals, plan.reshapes)):
        for p, q in steps:
            ops[k] = diagonal(ops[k], 0, p, q)
        if newshape is not None:
            ops[k] = reshape(ops[k], newshape)
    if not isinstance(optimize, (bool, str)):
        optimize = True  # an explicit path names the original operands: let NumPy choose
    return _contract(plan.subscripts, ops, optimize)


def _contract(subscripts: str, ops: Sequence[Array], optimize: Any) -> Array:
    """einsum of canonical subscripts (the rules' einsums)."""
    ins, out = _split(subscripts)
    if len(ins) == 1 and ins[0] == out:
        return ops[0]
    if not any(type(o) is Tracer for o in ops):
        return onp.einsum(subscripts, *ops, optimize=optimize)
    return bind(einsum_p, *ops, subscripts=subscripts, optimize=optimize)


def _einsum_vjp(k: int, y: Any, ybar: Any, *xs: Any, subscripts: str, optimize: Any) -> Any:
    # x̄_k = ȳ contracted with the other operands into x_k's indices, then
    # broadcast over the indices that only x_k has (it summed them away).
    ins, out = _split(subscripts)
    nb = nbatch(ybar, y)
    b = _free_letters(subscripts, nb)
    others = [t for j, t in enumerate(ins) if j != k]
    have = set(out).union(*others)
    target = "".join(c for c in ins[k] if c in have)
    spec = ",".join([b + out] + others) + "->" + b + target
    g = _contract(spec, [ybar] + [x for j, x in enumerate(xs) if j != k], optimize)
    xk_shape = shape(xs[k])
    if target != ins[k]:
        batch = shape(ybar)[:nb]
        g = reshape(g, batch + tuple(n if c in have else 1 for c, n in zip(ins[k], xk_shape)))
        g = broadcast_to(g, batch + xk_shape)
    if dtype(g) != dtype(xs[k]):
        g = astype(g, dtype(xs[k]))
    return g


def _einsum_jvp(k: int, xdot: Any, y: Any, *xs: Any, subscripts: str, optimize: Any) -> Any:
    # ẏ = the same einsum with x_k replaced by its tangent
    ins, out = _split(subscripts)
    b = _free_letters(subscripts, nbatch(xdot, xs[k]))
    terms = [b + t if j == k else t for j, t in enumerate(ins)]
    ops = [xdot if j == k else x for j, x in enumerate(xs)]
    return _contract(",".join(terms) + "->" + b + out, ops, optimize)


def _einsum_joint_vjp(needed: Sequence[bool], y: Any, ybar: Any, *xs: Any, subscripts: str, optimize: Any) -> list[Any]:
    return [
        _einsum_vjp(k, y, ybar, *xs, subscripts=subscripts, optimize=optimize) if w else None
        for k, w in enumerate(needed)
    ]


def _einsum_joint_jvp(xdots: Sequence[Any], y: Any, *xs: Any, subscripts: str, optimize: Any) -> Any:
    out = None
    for k, d in enumerate(xdots):
        if d is not None:
            part = _einsum_jvp(k, d, y, *xs, subscripts=subscripts, optimize=optimize)
            out = part if out is None else out + part
    return out


defvjp_joint(einsum_p, _einsum_joint_vjp)  # any number of operands
defjvp_joint(einsum_p, _einsum_joint_jvp)


# --- more products ----------------------------------------------------------------------


def kron(a: ArrayLike, b: ArrayLike) -> Array:
    """The Kronecker product: blocks ``a[i, j] * b``, as ``np.kron``.

    The operand with fewer dimensions gets leading length-1 axes first.

    Args:
        a: an array-like.
        b: an array-like.

    Returns:
        An array of shape ``a.shape * b.shape`` (entry by entry).

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.kron(np.eye(2), np.array([[1.0, 2.0]]))
        array([[1., 2., 0., 0.],
               [0., 0., 1., 2.]])
    """
    if not _traced(a, b):
        return onp.kron(a, b)
    x, y = as_operand(a), as_operand(b)
    nd = max(ndim(x), ndim(y))
    sx = (1,) * (nd - ndim(x)) + shape(x)
    sy = (1,) * (nd - ndim(y)) + shape(y)
    # interleave: x's axes at even places, y's at odd ones, then merge each pair
    xs = reshape(x, tuple(n for m in sx for n in (m, 1)))
    ys = reshape(y, tuple(n for m in sy for n in (1, m)))
    return reshape(xs * ys, tuple(m * n for m, n in zip(sx, sy)))


def tensordot(a: ArrayLike, b: ArrayLike, axes: Union[int, Sequence[Any]] = 2) -> Array:
    """Sum products over the given axes, as ``np.tensordot``.

    Args:
        a: an array-like.
        b: an array-like.
        axes: an int N (the last N axes of ``a`` with the first N of ``b``) or
            a pair of sequences of axes (``a``'s, ``b``'s), paired in order.

    Returns:
        The product: ``a``'s free axes, then ``b``'s.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.tensordot(np.ones((2, 3, 4)), np.ones((4, 3)), axes=([1, 2], [1, 0]))
        array([12., 12.])
    """
    if not _traced(a, b):
        return onp.tensordot(a, b, axes)
    x, y = as_operand(a), as_operand(b)
    nx, ny = ndim(x), ndim(y)
    if np.ndim(axes) == 0:
        n = operator.index(axes)  # type: ignore[arg-type]
        if n < 0 or n > min(nx, ny):
            raise ValueError(f"np.tensordot: axes={n} is more than the operands have")
        ax_a, ax_b = list(range(nx - n, nx)), list(range(n))
    else:
        pa, pb = axes  # type: ignore[misc]
        ax_a = [int(i) for i in np.atleast_1d(pa)]
        ax_b = [int(i) for i in np.atleast_1d(pb)]
        if len(ax_a) != len(ax_b):
            raise ValueError("np.tensordot: shape-mismatch for sum (the two lists of axes differ in length)")
        ax_a = [i % nx if nx else i for i in ax_a]
        ax_b = [i % ny if ny else i for i in ax_b]
    sa, sb = shape(x), shape(y)
    for i, j in zip(ax_a, ax_b):
        if sa[i] != sb[j]:
            raise ValueError(f"np.tensordot: shape-mismatch for sum (axis {i} of a has {sa[i]}, axis {j} of b {sb[j]})")
    free_a = [i for i in range(nx) if i not in ax_a]
    free_b = [j for j in range(ny) if j not in ax_b]
    k = math.prod(sa[i] for i in ax_a)
    xa = reshape(transpose(x, free_a + ax_a), (math.prod(sa[i] for i in free_a), k))
    yb = reshape(transpose(y, ax_b + free_b), (k, math.prod(sb[j] for j in free_b)))
    return reshape(matmul(xa, yb), tuple(sa[i] for i in free_a) + tuple(sb[j] for j in free_b))


def cross(
    a: ArrayLike, b: ArrayLike, axisa: int = -1, axisb: int = -1, axisc: int = -1, axis: Optional[int] = None
) -> Array:
    """The cross product of 3-vectors (or 2-vectors), as ``np.cross``.

    Two 2-vectors give the z component of their cross product (a scalar per
    pair); a 2-vector with a 3-vector is taken with z = 0.

    Args:
        a: an array-like of vectors along ``axisa``.
        b: an array-like of vectors along ``axisb`` (broadcast with ``a``).
        axisa, axisb: the vectors' axes.
        axisc: the result's vector axis (for 3-vector results).
        axis: if given, overrides all three.

    Returns:
        The cross products.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.cross(np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0]))
        array([0., 0., 1.])
    """
    if axis is not None:
        axisa = axisb = axisc = axis
    if not _traced(a, b):
        return onp.cross(a, b, axisa, axisb, axisc)
    x = moveaxis(as_operand(a), axisa, -1)
    y = moveaxis(as_operand(b), axisb, -1)
    na, nb = shape(x)[-1], shape(y)[-1]
    if na not in (2, 3) or nb not in (2, 3):
        raise ValueError("np.cross: incompatible dimensions for cross product (dimension must be 2 or 3)")
    a0, a1 = x[..., 0], x[..., 1]
    b0, b1 = y[..., 0], y[..., 1]
    if na == 2 or nb == 2:
        warnings.warn(
            "Arrays of 2-dimensional vectors are deprecated. Use arrays of 3-dimensional vectors "
            "instead. (deprecated in NumPy 2.0)", DeprecationWarning, stacklevel=2,
        )
    if na == 2 and nb == 2:
        return a0 * b1 - a1 * b0
    if na == 3 and nb == 3:
        a2, b2 = x[..., 2], y[..., 2]
        c0, c1 = a1 * b2 - a2 * b1, a2 * b0 - a0 * b2
    elif na == 3:  # b has z = 0
        a2 = x[..., 2]
        c0, c1 = -a2 * b1, a2 * b0
    else:  # a has z = 0
        b2 = y[..., 2]
        c0, c1 = a1 * b2, -a0 * b2
    c2 = a0 * b1 - a1 * b0
    full = np.broadcast_shapes(shape(c0), shape(c1), shape(c2))
    c = stack([broadcast_to(c0, full), broadcast_to(c1, full), broadcast_to(c2, full)], axis=-1)
    return moveaxis(c, -1, axisc)


def vecdot(x1: ArrayLike, x2: ArrayLike, /, *, axis: int = -1) -> Array:
    """The dot product of vectors along ``axis``, broadcast over the other axes (NumPy's ufunc ``vecdot``).

    ``sum(conj(x1) * x2, axis)``.

    Args:
        x1: an array-like.
        x2: an array-like.
        axis: the vectors' axis.

    Returns:
        The dot products.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.vecdot(np.ones((2, 3)), np.arange(3.0))
        array([3., 3.])
    """
    if not _traced(x1, x2):
        return onp.vecdot(x1, x2, axis=axis)
    a, b = moveaxis(_conj(x1), axis, -1), moveaxis(as_operand(x2), axis, -1)
    if shape(a)[-1] != shape(b)[-1]:
        raise ValueError(f"np.vecdot: the vectors differ in length ({shape(a)[-1]} and {shape(b)[-1]})")
    sa, sb = shape(a), shape(b)
    out = matmul(reshape(a, sa[:-1] + (1,) + sa[-1:]), reshape(b, sb + (1,)))
    return reshape(out, shape(out)[:-2])


def matvec(x1: ArrayLike, x2: ArrayLike, /) -> Array:
    """Matrix-vector products over stacks: ``(..., m, n), (..., n) -> (..., m)`` (NumPy's ufunc ``matvec``).

    Args:
        x1: an array-like of matrices.
        x2: an array-like of vectors.

    Returns:
        The products.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.matvec(np.eye(2), np.array([[1.0, 2.0], [3.0, 4.0]]))
        array([[1., 2.],
               [3., 4.]])
    """
    if not _traced(x1, x2):
        return onp.matvec(x1, x2)
    a, b = as_operand(x1), as_operand(x2)
    if ndim(a) < 2 or ndim(b) < 1:
        raise ValueError("np.matvec: needs matrices (at least 2-D) and vectors (at least 1-D)")
    out = matmul(a, reshape(b, shape(b) + (1,)))
    return reshape(out, shape(out)[:-1])


def vecmat(x1: ArrayLike, x2: ArrayLike, /) -> Array:
    """Vector-matrix products over stacks: ``(..., n), (..., n, m) -> (..., m)`` (NumPy's ufunc ``vecmat``).

    ``x1`` is conjugated if it is complex (as NumPy).

    Args:
        x1: an array-like of vectors.
        x2: an array-like of matrices.

    Returns:
        The products.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.vecmat(np.array([1.0, 2.0]), np.eye(2))
        array([1., 2.])
    """
    if not _traced(x1, x2):
        return onp.vecmat(x1, x2)
    a, b = _conj(x1), as_operand(x2)
    if ndim(a) < 1 or ndim(b) < 2:
        raise ValueError("np.vecmat: needs vectors (at least 1-D) and matrices (at least 2-D)")
    sa = shape(a)
    out = matmul(reshape(a, sa[:-1] + (1,) + sa[-1:]), b)
    s = shape(out)
    return reshape(out, s[:-2] + s[-1:])


NUMPY: dict[Any, Callable[..., Any]] = {
    np.matmul: matmul, np.dot: dot, np.inner: inner, np.outer: outer,
    np.vdot: vdot, np.trace: trace, np.einsum: einsum, np.kron: kron, np.tensordot: tensordot,
    np.cross: cross, np.vecdot: vecdot, np.matvec: matvec, np.vecmat: vecmat,
}
"""NumPy's ufuncs and functions -> this module's functions of the same meaning
(``fad.numpy._dispatch`` gathers the families' tables for NumPy's dispatch)."""
