"""The values a check works on: its inputs, outputs and random vectors.

A check sees the function as one of a flat list of float (or complex) arrays
(:func:`flatten_inputs`) and its output as a flat list of leaves
(:func:`out_leaves`). Tangents and cotangents are drawn at random, in their
primal's dtype, and must come back with their primal's shape and dtype
(:func:`check_like`). A complex value is a vector over the reals: directions
have random real and imaginary parts, and (co)tangents are paired by the real
inner product ``Re(sum(a * b))`` (:func:`inner`), for which fad's VJP is the
transpose of its JVP (JAX's convention, docs/complex.md).
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from fad._tracer import Tracer
from fad._tree import TreeDef, tree_flatten, tree_unflatten
from fad.testing._report import Mismatch, name_of

__all__ = [
    "Array",
    "is_float",
    "f64",
    "inner",
    "as_input",
    "flatten_inputs",
    "out_leaves",
    "random_like",
    "random_seeds",
    "direction",
    "check_like",
]

Array = np.ndarray[Any, Any]


def is_float(x: Any) -> bool:
    """Whether ``x`` is a floating-point or complex array or number (not a list
    or tuple): a value that carries derivatives.

    Example:
        >>> is_float(np.ones(2)), is_float(1.5), is_float(np.arange(2)), is_float([1.5]), is_float(1j)
        (True, True, False, False, True)
    """
    if type(x) is Tracer or isinstance(x, (np.ndarray, np.generic)):
        return bool(np.issubdtype(x.dtype, np.inexact))
    return isinstance(x, (float, complex))


def f64(x: Any) -> Array:
    """``x`` as a float64 array, or complex128 if it is complex (for sums and
    products that must not round)."""
    if np.iscomplexobj(x):
        return np.asarray(x, dtype=np.complex128)
    return np.asarray(x, dtype=np.float64)


def inner(a: Any, b: Any) -> float:
    """The real inner product ``Re(sum(a * b))`` (no conjugate: a complex
    cotangent ``w`` acts on a tangent ``t`` as ``Re(w t)``).

    Example:
        >>> inner(np.array([1.0, 2.0]), np.array([3.0, 4.0])), inner(1j, 1j)
        (11.0, -1.0)
    """
    return float(np.real(np.sum(f64(a) * f64(b))))


def as_input(x: Any, k: int, who: str) -> Array:
    """Input ``k`` of a check, which must be a concrete floating-point (or complex) array."""
    if type(x) is Tracer:
        raise TypeError(f"{who}: input {k} is a traced value; pass concrete arrays.")
    a = np.asarray(x)
    if not np.issubdtype(a.dtype, np.inexact):
        raise TypeError(
            f"{who} differentiates floating-point or complex inputs only, but input {k} has dtype "
            f"{a.dtype}. Pass floats (e.g. x.astype(float)), or close over the "
            "argument in a lambda to hold it constant."
        )
    return a


def flatten_inputs(
    f: Callable[..., Any], args: Any, who: str
) -> tuple[Callable[..., Any], list[Array]]:
    """``f`` as a function of the flat list of input leaves, and those leaves.

    Example:
        >>> F, xs = flatten_inputs(lambda p: p["a"] * p["b"], ({"a": 2.0, "b": 3.0},), "check")
        >>> float(F(*xs))
        6.0
    """
    if not isinstance(args, (tuple, list)):
        raise TypeError(
            f"{who} takes the arguments as a tuple, one entry per positional argument: "
            f"{who}(f, (x,)), not {who}(f, x)."
        )
    leaves, tree = tree_flatten(tuple(args))
    xs = [as_input(x, k, who) for k, x in enumerate(leaves)]

    def flat(*ls: Any) -> Any:
        return f(*tree_unflatten(tree, list(ls)))

    flat.__name__ = name_of(f)
    return flat, xs


def out_leaves(out: Any) -> tuple[list[Any], TreeDef]:
    """The leaves of an output and its tree structure."""
    leaves, tree = tree_flatten(out)
    return leaves, tree


def random_like(v: Any, rng: np.random.Generator) -> Array:
    """A standard normal array of ``v``'s shape, in its dtype if that is a float
    (random real and imaginary parts if it is complex)."""
    a = np.asarray(v)
    if np.issubdtype(a.dtype, np.complexfloating):
        return (rng.standard_normal(a.shape) + 1j * rng.standard_normal(a.shape)).astype(a.dtype)
    dt = a.dtype if np.issubdtype(a.dtype, np.floating) else np.dtype(np.float64)
    return rng.standard_normal(a.shape).astype(dt)


def random_seeds(like: Sequence[Any], rng: np.random.Generator) -> list[Array]:
    """Random (co)tangents for the leaves ``like``: zeros for those that are not floats."""
    return [random_like(v, rng) if is_float(v) else np.zeros(np.shape(v)) for v in like]


def direction(xs: Sequence[Array], rng: np.random.Generator) -> list[Array]:
    """A random input direction (float64; complex128 for a complex input, with
    random real and imaginary parts): largest entry 1, scaled by each input's size."""
    us = [
        rng.standard_normal(tuple(x.shape)) + 1j * rng.standard_normal(tuple(x.shape))
        if np.iscomplexobj(x) else rng.standard_normal(tuple(x.shape))
        for x in xs
    ]
    top = max((float(np.max(np.abs(u))) for u in us if u.size), default=0.0)
    if top > 0:
        us = [u / top for u in us]
    return [u * max(1.0, float(np.max(np.abs(x))) if x.size else 1.0) for u, x in zip(us, xs)]


def check_like(
    got: Sequence[Any], want: Sequence[Any], noun: str, of: str, head: str,
    number: Callable[[int], int] = int,
) -> None:
    """Every ``got`` leaf has the shape and dtype of the matching ``want`` leaf.

    Args:
        got: the (co)tangents returned.
        want: their primals.
        noun: ``"tangent"`` or ``"cotangent"``.
        of: what the primals are, ``"argument"`` or ``"output"``.
        head: the start of the message, ``check_vjp(f)``.
        number: how the user numbers the primals.
    """
    if len(got) != len(want):
        raise Mismatch(f"{head}: {len(got)} {noun}(s) for {len(want)} {of}(s).")
    for k, (g, w) in enumerate(zip(got, want)):
        if not is_float(w):
            continue
        gs, ws = np.shape(g), np.shape(w)
        gd, wd = np.asarray(g).dtype, np.asarray(w).dtype
        if gs != ws or gd != wd:
            raise Mismatch(
                f"{head}: the {noun} of {of} {number(k)} is {gd}{list(gs)}, but the {of} is "
                f"{wd}{list(ws)}; a {noun} must have the shape and dtype of its primal."
            )
