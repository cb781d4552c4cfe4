"""The identities that need no finite differences, written once for both modes.

For a mode's linear map (the pullback ``w -> J^T w`` or the pushforward
``u -> J u``, see :mod:`fad.testing._modes`):

- what it returns has its primal's shape and dtype;
- it is linear: ``map(a s1 + b s2) = a map(s1) + b map(s2)``;
- every other route to it agrees with it (``linearize`` with ``jvp``);
- with ``batched``, the Jacobian from ``jacrev``/``jacfwd``, which pushes a
  whole batch of seeds through one sweep, agrees with a single one.

And between the modes, the transpose identity ``<w, J u> = <J^T w, u>``,
argument by argument. All of these hold up to rounding, so the tolerance is
tight (:class:`~fad.testing._tolerances.Tight`).
"""

from __future__ import annotations

from typing import Any, Callable, Optional, Sequence

import numpy as np

from fad.testing._arrays import (
    Array,
    check_like,
    f64,
    flatten_inputs,
    inner,
    is_float,
    out_leaves,
    random_like,
    random_seeds,
)
from fad.testing._grads import central_differences
from fad.testing._modes import FORWARD, REVERSE, LinearMap, Mode
from fad.testing._report import (
    Names,
    difference,
    mismatch,
    name_of,
    num,
    reraise,
    show,
    show_all,
)
from fad.testing._tolerances import Tight, default_tolerances, least_precise

__all__ = ["check_identities", "check_vjp", "check_jvp"]

_MAX_JACOBIAN = 4096
"""Largest (output size x input size) for which the batched (Jacobian) paths are checked."""


def _differs(
    lhs: Sequence[Any], parts1: Sequence[Any], parts2: Sequence[Any], a: float, b: float,
    like: Sequence[Any], tight: Tight,
) -> Optional[tuple[int, float, float]]:
    """The first float leaf r where lhs[r] != a parts1[r] + b parts2[r]: (r, error, scale)."""
    for r, (l, p, q) in enumerate(zip(lhs, parts1, parts2)):
        if not is_float(like[r]) or np.size(l) == 0:
            continue
        rhs = a * f64(p) + b * f64(q)
        err = float(np.max(np.abs(f64(l) - rhs)))
        scale = float(np.max(np.abs(a * f64(p)) + np.abs(b * f64(q))))
        if tight.fails(err, scale):
            return r, err, scale
    return None


def _linear(
    mode: Mode, lin: LinearMap, xs: Sequence[Array], rng: np.random.Generator, tight: Tight,
    names: Names,
) -> tuple[list[Any], list[Any]]:
    """The map is linear; returns one seed and its image, for the checks that follow."""
    s1, s2 = random_seeds(lin.seeds_like, rng), random_seeds(lin.seeds_like, rng)
    r1 = lin.apply(s1)
    check_like(r1, lin.results_like, mode.noun, mode.result_of, names.head(),
               lambda r: mode.result_number(names, r))
    r2 = lin.apply(s2)
    a, b = float(rng.uniform(0.5, 2.0)), -float(rng.uniform(0.5, 2.0))
    mix = [(a * f64(p) + b * f64(q)).astype(np.asarray(p).dtype) for p, q in zip(s1, s2)]
    r12 = lin.apply(mix)
    bad = _differs(r12, r1, r2, a, b, lin.results_like, tight)
    if bad is not None:
        r, err, scale = bad
        call, s = mode.call, mode.sym
        raise mismatch(
            names.head(),
            f"the {mode.map} is not linear in the {mode.noun}: for {mode.result_name(names, r)}, "
            f"{call}(a {s}1 + b {s}2) != a {call}({s}1) + b {call}({s}2).",
            xs,
            [f"a = {num(a)}, b = {num(b)}", f"{s}1: {show_all(s1)}", f"{s}2: {show_all(s2)}"],
            [f"{call}(a {s}1 + b {s}2):       {show(r12[r])}",
             f"a {call}({s}1) + b {call}({s}2): {show(a * f64(r1[r]) + b * f64(r2[r]))}",
             difference(err, tight.allowed(scale), largest=True)],
        )
    return s1, r1


def _routes_agree(
    mode: Mode, F: Callable[..., Any], xs: Sequence[Array], lin: LinearMap, seeds: list[Any],
    results: list[Any], tight: Tight, names: Names,
) -> None:
    """Every other route to the mode's map gives the same result."""
    for route, apply in mode.routes(F, xs):
        bad = _differs(apply(seeds), results, results, 1.0, 0.0, lin.results_like, tight)
        if bad is not None:
            r, err, scale = bad
            raise mismatch(
                names.head(),
                f"{route} disagrees with {mode.call} for {mode.result_name(names, r)}.",
                xs, [f"{mode.sym}: {show_all(seeds)}"],
                [difference(err, tight.allowed(scale), largest=True)],
            )


def _transpose(
    F: Callable[..., Any], xs: Sequence[Array], rng: np.random.Generator, tight: Tight,
    names: Names,
) -> None:
    """<w, J u_i> by the JVP equals <(J^T w)_i, u_i> by the VJP, argument by argument."""
    back = REVERSE.linear_map(F, xs)
    ws = random_seeds(back.seeds_like, rng)
    xbar = back.apply(ws)
    forward = FORWARD.linear_map(F, xs)
    zeros = [np.zeros_like(x) for x in xs]
    for i, x in enumerate(xs):
        if x.size == 0:
            continue
        u = random_like(x, rng)
        tangents = list(zeros)
        tangents[i] = u
        tan_l = forward.apply(tangents)
        a = sum(inner(w, t) for w, t in zip(ws, tan_l))
        b = inner(xbar[i], u)
        scale = sum(float(np.sum(np.abs(f64(w) * f64(t)))) for w, t in zip(ws, tan_l))
        scale += float(np.sum(np.abs(f64(xbar[i]) * f64(u))))
        if not tight.fails(abs(a - b), scale):
            continue
        raise mismatch(
            names.head(),
            f"the {names.suspect} are not each other's transpose for argument "
            f"{names.arg(i)}: <w, J u> != <J^T w, u>.",
            xs,
            [f"tangent u of argument {names.arg(i)}: {show(u)}", f"cotangent w: {show_all(ws)}"],
            [f"<w, J u> by the JVP:   {num(a)}",
             f"<J^T w, u> by the VJP: {num(b)}",
             difference(abs(a - b), tight.allowed(scale))] + _side_hint(F, xs, i, u, ws, a, b),
        )


def _side_hint(
    F: Callable[..., Any], xs: Sequence[Array], i: int, u: Any,
    ws: Sequence[Any], a: float, b: float,
) -> list[str]:
    """Which side central differences agree with, to point at the wrong rule."""
    try:
        h = default_tolerances(least_precise([x.dtype for x in xs])).eps
        us = [np.zeros(x.shape) for x in xs]
        us[i] = f64(u)
        est, _, _ = central_differences(F, xs, us, h)
        c = sum(inner(w, e) for w, e in zip(ws, est))
    except Exception:  # pragma: no cover - a hint only
        return []
    wrong = "VJP" if abs(c - a) < abs(c - b) else "JVP"
    right = "JVP" if wrong == "VJP" else "VJP"
    return [f"<w, J u> by central differences: {num(c)}, closer to the {right}: "
            f"the {wrong} looks wrong."]


def _jacobian_blocks(
    jac: Callable[..., Any], F: Callable[..., Any], xs: Sequence[Any], n_out: int
) -> list[list[Any]]:
    """J[k][i]: the Jacobian block of output leaf k by input i."""

    def as_tuple(*p: Any) -> Any:
        return tuple(out_leaves(F(*p))[0])

    J = jac(as_tuple, argnums=tuple(range(len(xs))))(*xs)
    return [list(J[k]) for k in range(n_out)]


def _batched_agrees(
    mode: Mode, F: Callable[..., Any], xs: Sequence[Array], lin: LinearMap,
    seeds: Sequence[Any], results: Sequence[Any], tight: Tight, names: Names,
) -> None:
    """The batched sweep (a whole Jacobian) agrees with the map of one seed."""
    J = _jacobian_blocks(mode.jacobian, F, xs, len(lin.out))
    for r, like in enumerate(lin.results_like):
        if not is_float(like) or np.size(like) == 0:
            continue
        got = np.zeros(np.shape(like))
        scale = np.zeros(np.shape(like))
        for s, seed in enumerate(seeds):
            if not is_float(lin.seeds_like[s]):
                continue
            block = mode.block(J, r, s, np.ndim(seed))
            got = got + np.tensordot(f64(seed), block, axes=np.ndim(seed))
            scale = scale + np.tensordot(np.abs(f64(seed)), np.abs(block), axes=np.ndim(seed))
        err = float(np.max(np.abs(got - f64(results[r]))))
        if tight.fails(err, float(np.max(scale))):
            batched, single = mode.batched, mode.single()
            width = max(len(batched), len(single)) + 1
            raise mismatch(
                names.head(),
                f"the batched {mode.sweep} sweep ({mode.jacobian.__name__}) disagrees with a "
                f"single {mode.map} for {mode.result_name(names, r)}: {batched} != {single}.",
                xs,
                [f"{mode.noun} {mode.sym}: {show_all(seeds)}"],
                [f"{batched + ':':{width}} {show(got)}",
                 f"{single + ':':{width}} {show(results[r])}",
                 difference(err, tight.allowed(float(np.max(scale))), largest=True)],
            )


def _has_jacobian(mode: Mode, lin: LinearMap) -> bool:
    """Whether the mode's map is a Jacobian product with real seeds: its seeds
    (the outputs' cotangents for jacrev, the inputs' tangents for jacfwd) are
    real. A complex seed of a map that need not be holomorphic has no
    complex Jacobian to batch (jacrev and jacfwd refuse it, as JAX's do)."""
    return not any(np.iscomplexobj(v) for v in lin.seeds_like)


def check_identities(
    F: Callable[..., Any], xs: list[Array], seed: int, batched: bool, names: Names,
    modes: Sequence[Mode],
) -> None:
    """All the identities for ``modes``, cheapest first; raises a Mismatch.

    Args:
        F: a function of the flat list of inputs.
        xs: the inputs.
        seed: the seed of the random vectors.
        batched: also check the batched sweeps (skipped for big Jacobians).
        names: how messages name things.
        modes: the modes whose maps are checked, at least one (the
            transpose identity involves both, whichever are given).
    """
    rng = np.random.default_rng(seed)
    lins = [(mode, mode.linear_map(F, xs)) for mode in modes]
    tight = Tight(list(xs) + list(lins[0][1].out))
    checked = []
    for mode, lin in lins:
        seeds, results = _linear(mode, lin, xs, rng, tight, names)
        _routes_agree(mode, F, xs, lin, seeds, results, tight, names)
        checked.append((mode, lin, seeds, results))
    _transpose(F, xs, rng, tight, names)
    for mode, lin, seeds, results in checked:
        size = sum(int(np.size(x)) for x in xs) * sum(int(np.size(o)) for o in lin.out)
        if batched and 0 < size <= _MAX_JACOBIAN and _has_jacobian(mode, lin):
            _batched_agrees(mode, F, xs, lin, seeds, results, tight, names)


def check_vjp(
    f: Callable[..., Any], args: Sequence[Any], *, seed: int = 0, batched: bool = True
) -> None:
    """Check the reverse mode of ``f`` by identities, without finite differences.

    The checks: cotangents have the shape and dtype of their primal; the
    pullback is linear in the cotangent; it is the transpose of the JVP,
    ``<w, J u> = <J^T w, u>`` for each argument; and (with ``batched``) a
    Jacobian from ``jacrev``, which pulls back a whole batch of cotangents in
    one sweep, agrees with a single pullback. All of these hold up to rounding,
    so the tolerance is tight (see :func:`default_tolerances`).

    Args:
        f: the function; its arguments and output are pytrees of float arrays.
        args: the arguments, as a tuple.
        seed: the seed of the random vectors.
        batched: also check the batched sweep (skipped for big Jacobians).

    Returns:
        None; raises an AssertionError naming ``f`` when a check fails.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> check_vjp(lambda a, b: fnp.matmul(a, b), (np.ones((2, 3)), np.ones(3)))
    """
    _check_mode(REVERSE, "check_vjp", f, args, seed, batched)


def check_jvp(
    f: Callable[..., Any], args: Sequence[Any], *, seed: int = 0, batched: bool = True
) -> None:
    """Check the forward mode of ``f`` by identities, without finite differences.

    The forward twin of :func:`check_vjp`. The checks: output tangents have
    the shape and dtype of the outputs; the pushforward is linear in the
    tangent; :func:`fad.linearize` agrees with :func:`fad.jvp`; the JVP is the
    transpose of the VJP, ``<w, J u> = <J^T w, u>`` for each argument; and
    (with ``batched``) a Jacobian from ``jacfwd`` agrees with a single
    pushforward. The tolerance is tight (rounding only).

    Args:
        f: as for :func:`check_vjp`: pytrees of float arrays in and out.
        args: as for :func:`check_vjp`.
        seed: as for :func:`check_vjp`.
        batched: as for :func:`check_vjp` (the forward sweep, here).

    Returns:
        None, as :func:`check_vjp`; raises an AssertionError naming ``f``.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> check_jvp(lambda x: fnp.sum(x * x, axis=0), (np.arange(6.0).reshape(2, 3),))
    """
    _check_mode(FORWARD, "check_jvp", f, args, seed, batched)


def _check_mode(
    mode: Mode, who: str, f: Callable[..., Any], args: Sequence[Any], seed: int, batched: bool
) -> None:
    F, xs = flatten_inputs(f, args, who)
    names = Names(who, name_of(f))
    reraise(lambda: check_identities(F, xs, seed, batched, names, [mode]))
