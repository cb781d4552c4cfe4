"""``check_rule``: one primitive's VJP and JVP rules, against each other.

It calls the rules directly (their results must have the right shape and
dtype), then runs the identities of :mod:`fad.testing._identities` on the
primitive as a function of its differentiable arguments.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fad._primitive import Kind, Primitive
from fad.testing._arrays import as_input, is_float, random_like
from fad.testing._culprit import partial_primitive
from fad.testing._identities import check_identities
from fad.testing._modes import FORWARD, REVERSE, Mode
from fad.testing._report import Mismatch, Names, reraise

__all__ = ["check_rule"]


def _reduces_to(got: tuple[int, ...], want: tuple[int, ...]) -> bool:
    """Whether fad's sweep can sum a cotangent of shape ``got`` back to ``want``."""
    if len(got) < len(want):
        return False
    tail = got[len(got) - len(want):]
    return all(w == g or w == 1 for w, g in zip(want, tail))


def _broadcasts_to(got: tuple[int, ...], want: tuple[int, ...]) -> bool:
    try:
        return np.broadcast_shapes(got, want) == want
    except ValueError:
        return False


def _shape_problem(mode: Mode, s: tuple[int, ...], x: tuple[int, ...], y: tuple[int, ...]) -> str:
    """Why a rule's result of shape ``s`` is wrong ("" when it is fine).

    A VJP rule may return the argument's shape or a broadcast of it to the
    output's shape (the sweep sums it back); a JVP rule, anything that
    broadcasts to the output's shape.
    """
    if mode.seeds_outputs:
        if s == x or (_reduces_to(s, x) and _broadcasts_to(s, y)):
            return ""
        return f"which is neither the argument's shape {x} nor a broadcast of it to the output's shape {y}"
    if _broadcasts_to(s, y):
        return ""
    return f"which does not broadcast to the output's shape {y}"


def _raw_rules(prim: Primitive, args: list[Any], params: dict[str, Any], pos: list[int],
               seed: int) -> None:
    """Call the rules directly: the shapes and dtypes they return."""
    rng = np.random.default_rng(seed + 2)
    y = np.asarray(prim(*args, **params))
    if not np.issubdtype(y.dtype, np.inexact):
        raise Mismatch(
            f"check_rule({prim.name}): the primitive returned dtype {y.dtype}; only "
            "floating-point (or complex) outputs carry derivatives."
        )
    same = len({y.dtype} | {np.asarray(args[i]).dtype for i in pos}) == 1
    exact = prim.kind is Kind.STRUCTURAL
    for i in pos:
        x = np.asarray(args[i])
        for mode in (REVERSE, FORWARD):
            # a reverse rule maps the output's cotangent to the argument's; a forward one the other way
            primal, seed_like = (x, y) if mode.seeds_outputs else (y, x)
            rule = mode.rule_of(prim, i)
            if rule is None:  # pragma: no cover - check_rule refused such arguments already
                continue
            got = mode.call_rule(rule, random_like(seed_like, rng), y, args, params)
            if got is None:
                continue
            s, d = tuple(np.shape(got)), np.asarray(got).dtype
            what = f"check_rule({prim.name}): the {mode.rule} rule for argument {i} returned a {mode.noun} of"
            if exact and s != primal.shape:
                raise Mismatch(
                    f"{what} shape {s}, but the {mode.result_of}'s shape is {primal.shape}, and "
                    "the primitive promises exact shapes (kind=Kind.STRUCTURAL)."
                )
            problem = _shape_problem(mode, s, x.shape, y.shape)
            if problem:
                raise Mismatch(f"{what} shape {s}, {problem}.")
            if d not in ({primal.dtype} if same else {x.dtype, y.dtype}):
                also = f" (output {y.dtype})" if mode.seeds_outputs else ""
                raise Mismatch(
                    f"{what} dtype {d}, but the {mode.result_of} is {primal.dtype}{also}; "
                    f"{mode.noun}s keep their primal's dtype (float32 stays float32)."
                )


def check_rule(prim: Primitive, *args: Any, seed: int = 0, **params: Any) -> None:
    """Check a primitive's VJP and JVP rules against each other, at ``args``.

    The differentiable arguments are the floating-point (or complex) positional arguments
    that have a rule; the others (and ``params``) are held fixed. The checks,
    all without finite differences:

    - each rule, called directly, returns a (co)tangent of the right shape (a
      VJP rule may return the broadcast output's shape, which fad sums back) and
      of the primal's dtype;
    - the pullback is linear, the pushforward too, and they are each other's
      transpose, ``<w, J u> = <J^T w, u>``, argument by argument (a failure
      says which side central differences agree with, to point at the wrong
      rule);
    - the batched sweeps of ``jacrev`` and ``jacfwd`` agree with single ones.

    Consistent rules can still both be wrong: pair this with
    :func:`check_grads`.

    Args:
        prim: the primitive.
        *args: its positional arguments (arrays; floats are differentiated).
        seed: the seed of the random vectors (reserved: not passed to ``prim``).
        **params: its keyword parameters, as in ``prim(*args, **params)``.

    Returns:
        None; raises an AssertionError naming the primitive when a check fails.

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> cube = fad.primitive(lambda x: x ** 3, name="cube_rule_doc", kind="elementwise")
        >>> fad.defvjp(cube, lambda y, ybar, x: ybar * 3 * x ** 2)
        >>> fad.defjvp(cube, lambda xdot, y, x: xdot * 3 * x ** 2)
        >>> check_rule(cube, np.array([0.5, -1.0, 2.0]))
    """
    if not isinstance(prim, Primitive):
        raise TypeError(
            f"check_rule takes a Primitive (made with fad.primitive), got "
            f"{type(prim).__name__}; for a plain function use check_vjp and check_jvp."
        )
    full = [np.asarray(a) if isinstance(a, (float, complex, np.inexact)) else a for a in args]
    modes = (REVERSE, FORWARD)
    pos = [
        i for i, a in enumerate(full)
        if is_float(a) and any(m.rule_of(prim, i) is not None for m in modes)
    ]
    if not pos:
        raise TypeError(
            f"check_rule({prim.name}): no floating-point argument has a derivative rule; "
            "define them with fad.defvjp and fad.defjvp."
        )
    for i in pos:
        for mode in modes:
            if mode.rule_of(prim, i) is None:
                kind = mode.rule
                raise AssertionError(
                    f"check_rule({prim.name}): argument {i} has no {kind} rule; define "
                    f"one with fad.def{kind.lower()}({prim.name}, ...)."
                )

    g = partial_primitive(prim, full, params, pos)
    xs = [as_input(full[i], i, "check_rule") for i in pos]
    names = Names("check_rule", prim.name, f"VJP and JVP rules of {prim.name!r}", pos)

    def checks() -> None:
        _raw_rules(prim, full, params, pos, seed)
        check_identities(g, xs, seed, True, names, modes)

    reraise(checks)

