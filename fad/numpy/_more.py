"""More NumPy functions: einsum, cumulative sums and products, prod, arctan2,
and compositions (flips, triangles, diagonals, tiling, repeating, sorting,
padding, base-2 and base-10 logarithms).

Four of them are primitives, with their rules next to them: ``einsum``,
``cumsum``, ``prod`` and ``arctan2``. The rest are built from other fad.numpy
functions, so they need no rules of their own. Rules address primal axes from
the end, so they take (co)tangents with extra leading batch axes; they count
them as the difference in rank between the (co)tangent and the primal.
"""

from __future__ import annotations

import functools
import math
import operator
import string
from typing import Any, NamedTuple, Optional, Sequence

import numpy as np

from fad._primitive import Primitive, defjvp, defjvp_argnum, defvjp, defvjp_argnum
from fad._trace import Tracer, bind, concrete
from fad.numpy import _elementwise as E
from fad.numpy import _reductions as R
from fad.numpy import _shape as S
from fad.numpy._indexing import getitem, index_update
from fad.numpy._util import Array, ArrayLike, Axis, as_operand, dtype, nbatch, ndim, norm_axes, shape

__all__ = [
    "einsum", "cumsum", "cumprod", "prod", "arctan2", "log2", "log10", "exp2", "hypot",
    "flip", "fliplr", "flipud", "tril", "triu", "diag", "diagonal", "tile", "repeat",
    "sort", "pad",
]


# --- einsum ---------------------------------------------------------------------------
#
# The primitive only ever sees *canonical* subscripts: explicit output, letters
# only (an ellipsis becomes letters of its own), no index repeated within an
# operand (those are diagonals, taken first with ``diagonal``), and every index
# of one length in all operands (a length-1 axis that NumPy would broadcast is
# reshaped away first). Its rules are then einsums of the same kind, and batch
# axes get letters that the subscripts do not use.

_LETTERS = string.ascii_letters
_EVERY_OPERAND = range(1024)  # einsum's rules read every operand but their own


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
    "einsum", _einsum_impl, batchable=True, exact_shapes=True, saves=(_EVERY_OPERAND, False)
)


def einsum(subscripts: Any, *operands: ArrayLike, optimize: Any = False) -> Array:
    """Einstein summation, as ``np.einsum``.

    Both modes work: explicit (``"ij,jk->ik"``) and implicit (``"ij,jk"``: the
    output has the indices used once, in alphabetical order), with ``...`` for
    leading (broadcast) axes, broadcasting of length-1 axes, repeated indices
    within an operand (diagonals and traces, ``"ii->i"``, ``"ii"``), and the
    interleaved form ``einsum(x, [0, 1], y, [1, 2])``.

    Args:
        subscripts: the subscripts, such as ``"ij,jk->ik"``.
        *operands: the arrays.
        optimize: passed to ``np.einsum`` (False, True, "greedy" or "optimal");
            the derivative's einsums use the same setting. An explicit
            contraction path is used for plain arrays only.

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
    if not any(type(o) is Tracer for o in operands):
        return np.einsum(subscripts, *operands, optimize=optimize)
    ops = [as_operand(o) for o in operands]
    plan = _plan(subscripts, tuple(tuple(shape(o)) for o in ops))
    for k, (steps, newshape) in enumerate(zip(plan.diagonals, plan.reshapes)):
        for p, q in steps:
            ops[k] = diagonal(ops[k], 0, p, q)
        if newshape is not None:
            ops[k] = S.reshape(ops[k], newshape)
    if not isinstance(optimize, (bool, str)):
        optimize = True  # an explicit path names the original operands: let NumPy choose
    return _contract(plan.subscripts, ops, optimize)


def _contract(subscripts: str, ops: Sequence[Any], optimize: Any) -> Any:
    """einsum of canonical subscripts (the rules' einsums)."""
    ins, out = _split(subscripts)
    if len(ins) == 1 and ins[0] == out:
        return ops[0]
    if not any(type(o) is Tracer for o in ops):
        return np.einsum(subscripts, *ops, optimize=optimize)
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
        g = S.reshape(g, batch + tuple(n if c in have else 1 for c, n in zip(ins[k], xk_shape)))
        g = S.broadcast_to(g, batch + xk_shape)
    if dtype(g) != dtype(xs[k]):
        g = S.astype(g, dtype(xs[k]))
    return g


def _einsum_jvp(k: int, xdot: Any, y: Any, *xs: Any, subscripts: str, optimize: Any) -> Any:
    # ẏ = the same einsum with x_k replaced by its tangent
    ins, out = _split(subscripts)
    b = _free_letters(subscripts, nbatch(xdot, xs[k]))
    terms = [b + t if j == k else t for j, t in enumerate(ins)]
    ops = [xdot if j == k else x for j, x in enumerate(xs)]
    return _contract(",".join(terms) + "->" + b + out, ops, optimize)


defvjp_argnum(einsum_p, _einsum_vjp)
defjvp_argnum(einsum_p, _einsum_jvp)


# --- cumulative sums and products -------------------------------------------------------


def _reverse(t: Any, axis: int) -> Any:
    """t reversed along ``axis`` (counted from the end, so batch axes are safe)."""
    return getitem(t, (slice(None),) * (ndim(t) + axis) + (slice(None, None, -1),))


def _cumsum_impl(x: Any, axis: int) -> Any:
    return np.cumsum(x, axis=axis)


cumsum_p = Primitive("cumsum", _cumsum_impl, batchable=True, exact_shapes=True, saves=((), False))


def cumsum(x: ArrayLike, axis: Optional[int] = None) -> Array:
    """Cumulative sum along ``axis`` (of the flattened array when None).

    Args:
        x: an array-like.
        axis: an int, or None to flatten first.

    Returns:
        The running sums, of ``x``'s shape (1-D when ``axis`` is None).

    Example:
        >>> import fad
        >>> cumsum(np.array([1.0, 2.0, 3.0]))
        array([1., 3., 6.])
        >>> fad.grad(lambda x: cumsum(x)[1])(np.ones(3))
        array([1., 1., 0.])
    """
    if type(x) is not Tracer:
        return np.cumsum(x, axis=axis)
    if axis is None:
        x = S.ravel(x)
        axis = 0
    (ax,) = norm_axes(axis, ndim(x), "cumsum")
    return bind(cumsum_p, x, axis=ax)


# x̄ = reversed cumulative sum of ȳ;  ẏ = cumulative sum of ẋ
defvjp(cumsum_p, lambda y, ybar, x, axis: _reverse(cumsum(_reverse(ybar, axis), axis), axis))
defjvp(cumsum_p, lambda xdot, y, x, axis: cumsum(xdot, axis))


def cumprod(x: ArrayLike, axis: Optional[int] = None) -> Array:
    """Cumulative product along ``axis`` (of the flattened array when None).

    On traced values it is computed as a scan of ``ceil(log2(n))`` elementwise
    products (each entry times the running product ``2**k`` places before it),
    so its derivatives of every order are exact, also where ``x`` has zeros.
    Traced values can then differ from NumPy's sequential products by rounding.

    Args:
        x: an array-like.
        axis: an int, or None to flatten first.

    Returns:
        The running products, of ``x``'s shape (1-D when ``axis`` is None).

    Example:
        >>> import fad
        >>> cumprod(np.array([1.0, 2.0, 3.0]))
        array([1., 2., 6.])
        >>> fad.grad(lambda x: cumprod(x)[2])(np.array([0.0, 2.0, 3.0]))
        array([6., 0., 0.])
    """
    if type(x) is not Tracer:
        return np.cumprod(x, axis=axis)
    if axis is None:
        x = S.ravel(x)
        axis = 0
    (ax,) = norm_axes(axis, ndim(x), "cumprod")
    n = shape(x)[ax]
    lead = (slice(None),) * (ndim(x) + ax)
    k = 1
    while k < n:
        ones = list(shape(x))
        ones[ax] = k
        before = getitem(x, lead + (slice(0, n - k),))
        x = x * S.concatenate([np.ones(ones, dtype(x)), before], axis=ax)
        k *= 2
    return x


# --- prod -----------------------------------------------------------------------------


def _prod_impl(x: Any, axis: tuple[int, ...], keepdims: bool) -> Any:
    return np.prod(x, axis=axis, keepdims=keepdims)


prod_p = Primitive("prod", _prod_impl, batchable=True, exact_shapes=True, saves=((0,), False))


def prod(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Product of elements over ``axis`` (all axes when None).

    The derivative is right where ``x`` has zeros too (the product of the
    other entries, not ``y / x``), to every order.

    Args:
        x: an array-like.
        axis: None, an int or a tuple of ints.
        keepdims: keep the reduced axes with length 1.

    Returns:
        The product.

    Example:
        >>> import fad
        >>> float(prod(np.array([1.0, 2.0, 3.0])))
        6.0
        >>> fad.grad(prod)(np.array([0.0, 2.0, 3.0]))
        array([6., 0., 0.])
    """
    if type(x) is not Tracer:
        return np.prod(x, axis=axis, keepdims=keepdims)
    return bind(prod_p, x, axis=norm_axes(axis, ndim(x), "prod"), keepdims=keepdims)


def _kept(t: Any, x: Any, axis: tuple[int, ...], keepdims: bool) -> Any:
    """A reduction's output (or cotangent, with batch axes) with x's rank: 1 on the reduced axes."""
    if keepdims:
        return t
    nb = ndim(t) - (ndim(x) - len(axis))
    s = list(shape(x))
    for a in axis:
        s[a] = 1
    return S.reshape(t, shape(t)[:nb] + tuple(s))


def _others(x: Any, axis: tuple[int, ...]) -> Any:
    """For each entry of x, the product of the other entries of its reduction.

    It multiplies the exclusive running products from the left and from the
    right: no division, so it is exact where x has zeros, and its own
    derivatives (through ``cumprod``'s scan when x is traced) are too.
    """
    nd = ndim(x)
    red = [a + nd for a in axis]
    perm = [i for i in range(nd) if i not in red] + red
    xt = S.transpose(x, perm)
    st = shape(xt)
    lead = st[: nd - len(red)]
    n = math.prod(st[nd - len(red):])
    if n == 0:
        return np.zeros(shape(x), dtype(x))
    xf = S.reshape(xt, lead + (n,))
    ones = np.ones(lead + (1,), dtype(x))
    head = (slice(None),) * len(lead) + (slice(0, n - 1),)
    left = S.concatenate([ones, getitem(cumprod(xf, -1), head)], axis=-1)
    right = S.concatenate([ones, getitem(cumprod(_reverse(xf, -1), -1), head)], axis=-1)
    o = S.reshape(left * _reverse(right, -1), st)
    return S.transpose(o, [int(i) for i in np.argsort(perm)])


defvjp(
    prod_p,
    lambda y, ybar, x, axis, keepdims: _kept(ybar, x, axis, keepdims) * _others(x, axis),
)
defjvp(
    prod_p,
    lambda xdot, y, x, axis, keepdims: R.sum(
        xdot * _others(x, axis), axis=axis, keepdims=keepdims
    ),
)


# --- arctan2 ------------------------------------------------------------------------

arctan2_p = Primitive("arctan2", np.arctan2, elementwise=True, saves=((0, 1), False))


def arctan2(y: ArrayLike, x: ArrayLike) -> Array:
    """Elementwise angle of the point ``(x, y)``: ``arctan(y / x)`` in the right quadrant.

    Args:
        y: the y coordinates.
        x: the x coordinates (broadcast with ``y``).

    Returns:
        Angles in ``[-pi, pi]``.

    Example:
        >>> import fad
        >>> float(arctan2(1.0, -1.0)) == 3 * np.pi / 4
        True
        >>> [float(g) for g in fad.grad(arctan2, argnums=(0, 1))(1.0, 1.0)]
        [0.5, -0.5]
    """
    if type(y) is not Tracer and type(x) is not Tracer:
        return np.arctan2(y, x)
    return bind(arctan2_p, as_operand(y), as_operand(x))


# d atan2(a, b) = (b da - a db) / (a² + b²)
defvjp(
    arctan2_p,
    lambda z, zbar, a, b: zbar * b / (a * a + b * b),
    lambda z, zbar, a, b: -zbar * a / (a * a + b * b),
)
defjvp(
    arctan2_p,
    lambda adot, z, a, b: adot * b / (a * a + b * b),
    lambda bdot, z, a, b: -bdot * a / (a * a + b * b),
)


# --- elementwise compositions ------------------------------------------------------------

_LN2 = math.log(2.0)
_LN10 = math.log(10.0)


def log2(x: ArrayLike) -> Array:
    """Elementwise base-2 logarithm, ``log(x) / log(2)``.

    Args:
        x: an array-like.

    Returns:
        An array of ``x``'s shape.

    Example:
        >>> float(log2(8.0))
        3.0
    """
    if type(x) is not Tracer:
        return np.log2(x)
    return E.log(x) * (1.0 / _LN2)


def log10(x: ArrayLike) -> Array:
    """Elementwise base-10 logarithm, ``log(x) / log(10)``.

    Args:
        x: an array-like.

    Returns:
        An array of ``x``'s shape.

    Example:
        >>> float(log10(1000.0))
        3.0
    """
    if type(x) is not Tracer:
        return np.log10(x)
    return E.log(x) * (1.0 / _LN10)


def exp2(x: ArrayLike) -> Array:
    """Elementwise ``2 ** x``, as ``exp(x log 2)``.

    Args:
        x: an array-like.

    Returns:
        An array of ``x``'s shape.

    Example:
        >>> float(exp2(3.0))
        8.0
    """
    if type(x) is not Tracer:
        return np.exp2(x)
    return E.exp(x * _LN2)


def hypot(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Elementwise ``sqrt(x1**2 + x2**2)``, with broadcasting.

    Its derivative is undefined (NaN) where both arguments are 0.

    Args:
        x1, x2: array-likes.

    Returns:
        The lengths of the hypotenuses.

    Example:
        >>> import fad
        >>> float(hypot(3.0, 4.0))
        5.0
        >>> float(fad.grad(hypot)(3.0, 4.0))
        0.6
    """
    if type(x1) is not Tracer and type(x2) is not Tracer:
        return np.hypot(x1, x2)
    x1, x2 = as_operand(x1), as_operand(x2)
    return E.sqrt(x1 * x1 + x2 * x2)


# --- flips, triangles, diagonals ------------------------------------------------------


def flip(x: ArrayLike, axis: Axis = None) -> Array:
    """Reverse the order of elements along ``axis`` (all axes when None).

    Args:
        x: an array-like.
        axis: None, an int or a tuple of ints.

    Returns:
        The flipped array.

    Example:
        >>> flip(np.array([[1.0, 2.0], [3.0, 4.0]]), 1)
        array([[2., 1.],
               [4., 3.]])
    """
    if type(x) is not Tracer:
        return np.flip(x, axis if axis is None or isinstance(axis, int) else tuple(axis))
    nd = ndim(x)
    axes = norm_axes(axis, nd, "flip")
    if not axes:
        return x
    return getitem(x, tuple(slice(None, None, -1) if i - nd in axes else slice(None) for i in range(nd)))


def fliplr(x: ArrayLike) -> Array:
    """Reverse the columns (axis 1) of an array with at least two dimensions.

    Args:
        x: an array-like, at least 2-D.

    Returns:
        The flipped array.

    Example:
        >>> fliplr(np.array([[1.0, 2.0], [3.0, 4.0]]))
        array([[2., 1.],
               [4., 3.]])
    """
    if type(x) is not Tracer:
        return np.fliplr(x)
    if ndim(x) < 2:
        raise ValueError("fliplr needs an array with at least two dimensions")
    return flip(x, 1)


def flipud(x: ArrayLike) -> Array:
    """Reverse the rows (axis 0) of an array with at least one dimension.

    Args:
        x: an array-like, at least 1-D.

    Returns:
        The flipped array.

    Example:
        >>> flipud(np.array([[1.0, 2.0], [3.0, 4.0]]))
        array([[3., 4.],
               [1., 2.]])
    """
    if type(x) is not Tracer:
        return np.flipud(x)
    if ndim(x) < 1:
        raise ValueError("flipud needs an array with at least one dimension")
    return flip(x, 0)


def _tri(x: Any, k: int) -> Any:
    """``np.tri`` for the last two axes of x: True on and below diagonal k."""
    s = shape(x)
    return np.tri(s[-2] if len(s) > 1 else s[-1], s[-1], k=k, dtype=bool)


def tril(x: ArrayLike, k: int = 0) -> Array:
    """The lower triangle of a matrix (of each matrix in a stack): zeros above diagonal ``k``.

    Args:
        x: an array-like with at least one dimension (a 1-D array is
            broadcast to a square matrix, as in NumPy).
        k: the diagonal above which to zero (positive: above the main one).

    Returns:
        The lower triangle.

    Example:
        >>> tril(np.ones((3, 3)))
        array([[1., 0., 0.],
               [1., 1., 0.],
               [1., 1., 1.]])
    """
    if type(x) is not Tracer:
        return np.tril(x, k)
    if ndim(x) < 1:
        raise ValueError("tril needs an array with at least one dimension")
    return E.where(_tri(x, k), x, np.zeros((), dtype(x)))


def triu(x: ArrayLike, k: int = 0) -> Array:
    """The upper triangle of a matrix (of each matrix in a stack): zeros below diagonal ``k``.

    Args:
        x: an array-like with at least one dimension (a 1-D array is
            broadcast to a square matrix, as in NumPy).
        k: the diagonal below which to zero (positive: above the main one).

    Returns:
        The upper triangle.

    Example:
        >>> triu(np.ones((3, 3)), 1)
        array([[0., 1., 1.],
               [0., 0., 1.],
               [0., 0., 0.]])
    """
    if type(x) is not Tracer:
        return np.triu(x, k)
    if ndim(x) < 1:
        raise ValueError("triu needs an array with at least one dimension")
    return E.where(_tri(x, k - 1), np.zeros((), dtype(x)), x)


def _diagonal_index(n1: int, n2: int, offset: int) -> tuple[Any, Any]:
    """Row and column indices of diagonal ``offset`` of an n1 x n2 matrix."""
    length = max(0, min(n1 + min(offset, 0), n2 - max(offset, 0)))
    i = np.arange(length)
    return i - min(offset, 0), i + max(offset, 0)


def diagonal(x: ArrayLike, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Array:
    """A diagonal of ``x`` over axes ``axis1`` and ``axis2``, as ``np.diagonal``.

    The diagonal becomes the last axis of the result; the other axes keep
    their order.

    Args:
        x: an array-like with at least two dimensions.
        offset: the diagonal's offset from the main one (positive: above).
        axis1, axis2: the two axes the diagonal runs over.

    Returns:
        The diagonal (a copy).

    Example:
        >>> diagonal(np.arange(9.0).reshape(3, 3), 1)
        array([1., 5.])
    """
    if type(x) is not Tracer:
        return np.diagonal(x, offset, axis1, axis2)
    nd = ndim(x)
    if nd < 2:
        raise ValueError("diagonal needs an array with at least two dimensions")
    a1, a2 = norm_axes(axis1, nd, "diagonal")[0], norm_axes(axis2, nd, "diagonal")[0]
    if a1 == a2:
        raise ValueError("diagonal: axis1 and axis2 cannot be the same")
    x = S.moveaxis(x, (a1, a2), (-2, -1))
    rows, cols = _diagonal_index(shape(x)[-2], shape(x)[-1], offset)
    return getitem(x, (slice(None),) * (nd - 2) + (rows, cols))


def diag(v: ArrayLike, k: int = 0) -> Array:
    """Build a diagonal matrix from a 1-D array, or take a diagonal of a 2-D one.

    Args:
        v: a 1-D array (put on diagonal ``k`` of a square matrix of zeros) or a
            2-D array (whose diagonal ``k`` is returned).
        k: the diagonal (positive: above the main one).

    Returns:
        A matrix, or a 1-D array.

    Example:
        >>> diag(np.array([1.0, 2.0]))
        array([[1., 0.],
               [0., 2.]])
        >>> diag(np.arange(4.0).reshape(2, 2))
        array([0., 3.])
    """
    if type(v) is not Tracer:
        return np.diag(v, k)
    s = shape(v)
    if len(s) == 1:
        n = s[0] + abs(k)
        rows, cols = _diagonal_index(n, n, k)
        return index_update(np.zeros((n, n), dtype(v)), (rows, cols), v)
    if len(s) == 2:
        return getitem(v, _diagonal_index(s[0], s[1], k))
    raise ValueError(f"diag needs a 1-D or 2-D array, got {len(s)} dimensions; use diagonal")


# --- tiling, repeating, sorting, padding ------------------------------------------------


def tile(x: ArrayLike, reps: Any) -> Array:
    """Repeat the whole of ``x`` ``reps`` times along each axis, as ``np.tile``.

    Args:
        x: an array-like.
        reps: an int or a tuple of ints (the repetitions per axis; shorter
            ``reps`` or arrays are padded with ones at the front).

    Returns:
        The tiled array.

    Example:
        >>> tile(np.array([1.0, 2.0]), (2, 2))
        array([[1., 2., 1., 2.],
               [1., 2., 1., 2.]])
    """
    if type(x) is not Tracer:
        return np.tile(x, reps)
    r = (operator.index(reps),) if np.ndim(reps) == 0 else tuple(operator.index(n) for n in reps)
    s = shape(x)
    d = max(len(r), len(s))
    r = (1,) * (d - len(r)) + r
    s = (1,) * (d - len(s)) + s
    spread = tuple(n for pair in zip((1,) * d, s) for n in pair)
    wide = tuple(n for pair in zip(r, s) for n in pair)
    out = S.broadcast_to(S.reshape(x, spread), wide)
    return S.reshape(out, tuple(a * b for a, b in zip(r, s)))


def repeat(x: ArrayLike, repeats: Any, axis: Optional[int] = None) -> Array:
    """Repeat each element of ``x``, as ``np.repeat``.

    Args:
        x: an array-like.
        repeats: an int, or one int per element along ``axis``.
        axis: the axis, or None to repeat the elements of the flattened array.

    Returns:
        The array with repeated elements.

    Example:
        >>> repeat(np.array([1.0, 2.0]), 2)
        array([1., 1., 2., 2.])
    """
    if type(x) is not Tracer:
        return np.repeat(x, repeats, axis)
    if axis is None:
        x = S.ravel(x)
        axis = 0
    (ax,) = norm_axes(axis, ndim(x), "repeat")
    idx = np.repeat(np.arange(shape(x)[ax]), np.asarray(concrete(repeats)))
    return getitem(x, (slice(None),) * (ndim(x) + ax) + (idx,))


def sort(x: ArrayLike, axis: Optional[int] = -1, kind: Any = None, order: Any = None) -> Array:
    """Sort along ``axis`` (the flattened array when None).

    On traced values it gathers ``x`` in the order of a stable argsort of its
    value, so the derivative moves with the elements (at ties, to the one
    that comes first).

    Args:
        x: an array-like.
        axis: the axis, or None.
        kind: the sorting algorithm, for plain arrays (as ``np.sort``).
        order: not supported (structured arrays); must be None.

    Returns:
        The sorted array.

    Example:
        >>> import fad
        >>> sort(np.array([3.0, 1.0, 2.0]))
        array([1., 2., 3.])
        >>> fad.grad(lambda x: sort(x)[0])(np.array([3.0, 1.0, 2.0]))
        array([0., 1., 0.])
    """
    if order is not None:
        raise TypeError("sort: order (for structured arrays) is not supported")
    if type(x) is not Tracer:
        return np.sort(x, axis=axis, kind=kind)
    if axis is None:
        x = S.ravel(x)
        axis = -1
    nd = ndim(x)
    (ax,) = norm_axes(axis, nd, "sort")
    idx = np.argsort(concrete(x), axis=ax, kind="stable")
    s = shape(x)
    index = tuple(
        idx if i - nd == ax else np.arange(n).reshape((-1,) + (1,) * (nd - 1 - i))
        for i, n in enumerate(s)
    )
    return getitem(x, index)


_GATHER_MODES = ("edge", "reflect", "symmetric", "wrap")
_np_pad: Any = np.pad


def pad(x: ArrayLike, pad_width: Any, mode: str = "constant", constant_values: Any = 0) -> Array:
    """Pad an array, as ``np.pad``.

    Modes: ``"constant"`` (with ``constant_values``, a scalar — possibly
    traced — or NumPy's per-axis pairs of constants), and the modes that
    copy entries of ``x``: ``"edge"``, ``"reflect"``, ``"symmetric"`` and
    ``"wrap"``. Other modes raise an error.

    Args:
        x: an array-like.
        pad_width: as in ``np.pad``: an int, a ``(before, after)`` pair, or one
            pair per axis.
        mode: the padding mode.
        constant_values: the value(s) to pad with in ``"constant"`` mode.

    Returns:
        The padded array, of ``x``'s dtype.

    Example:
        >>> import fad
        >>> pad(np.array([1.0, 2.0]), (1, 2))
        array([0., 1., 2., 0., 0.])
        >>> fad.grad(lambda x: fad.numpy.sum(pad(x, 1, mode="edge")))(np.array([1.0, 2.0]))
        array([2., 2.])
    """
    if mode != "constant" and mode not in _GATHER_MODES:
        raise ValueError(
            f"pad: mode {mode!r} is not supported; use 'constant', 'edge', 'reflect', "
            "'symmetric' or 'wrap', or build the padding with concatenate and slicing"
        )
    if type(x) is not Tracer and type(constant_values) is not Tracer:
        if mode == "constant":
            return _np_pad(x, pad_width, mode="constant", constant_values=constant_values)
        return _np_pad(x, pad_width, mode=mode)
    x = as_operand(x)
    s = shape(x)
    widths = np.broadcast_to(np.asarray(pad_width), (len(s), 2))
    if not np.issubdtype(widths.dtype, np.integer) or (widths < 0).any():
        raise ValueError(f"pad: pad_width must be non-negative ints, got {pad_width!r}")
    if mode == "constant":
        inner = tuple(slice(int(b), int(b) + n) for (b, _), n in zip(widths, s))
        if type(constant_values) is Tracer:
            if ndim(constant_values) != 0:
                raise ValueError("pad: a traced constant_values must be a scalar")
            c = constant_values if dtype(constant_values) == dtype(x) else S.astype(constant_values, dtype(x))
            big = tuple(int(b) + n + int(a) for (b, a), n in zip(widths, s))
            return index_update(S.broadcast_to(c, big), inner, x)
        base = np.pad(np.zeros(s, dtype(x)), widths, mode="constant", constant_values=constant_values)
        return index_update(base, inner, x)
    for i, ((b, a), n) in enumerate(zip(widths, s)):
        if b == 0 and a == 0:
            continue
        idx = _np_pad(np.arange(n), (int(b), int(a)), mode=mode)
        x = getitem(x, (slice(None),) * i + (idx,))
    return x
