"""Finite differences, and ``check_grads``: fad's derivatives against them.

Forward mode compares ``J u`` element by element with the central difference
along ``u``; reverse mode checks the adjoint identity ``<J^T w, u> = <w, J u>``
with ``J u`` by central differences. Higher orders check, the same way, the
JVP along a fixed direction and the pullback of a fixed cotangent as
functions of the inputs (:attr:`Mode.along <fad.testing._modes.Mode>`).
"""

from __future__ import annotations

import math
from typing import Any, Callable, Optional, Sequence

import numpy as np

from fad._primitive import Primitive
from fad._transforms import jvp
from fad.testing._arrays import (
    Array,
    check_like,
    direction,
    f64,
    flatten_inputs,
    inner,
    is_float,
    out_leaves,
    random_seeds,
)
from fad.testing._culprit import find_culprit
from fad.testing._modes import FORWARD, REVERSE, Mode, modes_named
from fad.testing._report import Mismatch, difference, mismatch, name_of, num, show_all
from fad.testing._tolerances import (
    Tolerances,
    default_tolerances,
    float_dtypes,
    least_precise,
    machine_eps,
)

__all__ = ["central_differences", "check_grads"]

Modes = Sequence[str]

_NOISE = 8.0
"""How many units of rounding the function values may carry (per evaluation)."""
_AD_ROUNDING = 64.0
"""How many units of rounding fad's own derivative may carry, relative to its terms."""


class _Options:
    """The knobs of one check_grads call, resolved against the dtypes in play."""

    __slots__ = ("eps", "atol", "rtol", "seed")

    def __init__(
        self, eps: Optional[float], atol: Optional[float], rtol: Optional[float], seed: int
    ) -> None:
        self.eps = eps
        self.atol = atol
        self.rtol = rtol
        self.seed = seed

    def resolve(self, dtype: np.dtype[Any]) -> Tolerances:
        d = default_tolerances(dtype)
        return Tolerances(
            eps=d.eps if self.eps is None else float(self.eps),
            atol=d.atol if self.atol is None else float(self.atol),
            rtol=d.rtol if self.rtol is None else float(self.rtol),
            tight=d.tight,
        )


def _perturb(
    xs: Sequence[Array], us: Sequence[Array], h: float
) -> tuple[list[Any], list[Any], list[Array]]:
    """x + h u and x - h u in each input's dtype, and the exact direction between them.

    Rounding x +- h u to float32 moves the points; measuring the direction from
    the rounded points (in float64) keeps the secant exactly along it.
    """
    plus, minus, exact = [], [], []
    for x, u in zip(xs, us):
        xp = (f64(x) + h * u).astype(x.dtype)
        xm = (f64(x) - h * u).astype(x.dtype)
        plus.append(xp)
        minus.append(xm)
        exact.append((f64(xp) - f64(xm)) / (2.0 * h))
    return plus, minus, exact


def central_differences(
    F: Callable[..., Any], xs: Sequence[Array], us: Sequence[Array], h: float
) -> tuple[list[Array], list[Array], list[Array]]:
    """Central differences of ``F`` along ``us``, with step ``h``.

    Args:
        F: a function of the flat list of inputs.
        xs: the inputs.
        us: the direction (float64, one array per input).
        h: the step.

    Returns:
        ``(estimates, noise, exact)``: the estimate of ``J u`` for each output
        leaf (float64; zeros for leaves that are not floats), a bound on the
        rounding in each estimate, and the direction actually stepped along
        (after rounding ``x +- h u`` to the inputs' dtypes).

    Example:
        >>> est, _, _ = central_differences(lambda x: x ** 2, [np.array([3.0])], [np.ones(1)], 1e-4)
        >>> np.round(est[0], 6)
        array([6.])
    """
    xp, xm, exact = _perturb(xs, us, h)
    fp, _ = out_leaves(F(*xp))
    fm, _ = out_leaves(F(*xm))
    est, noise = [], []
    for a, b in zip(fp, fm):
        if not is_float(a):
            est.append(np.zeros(np.shape(a)))
            noise.append(np.zeros(np.shape(a)))
            continue
        e = float(np.finfo(np.asarray(a).dtype).eps)
        a64, b64 = f64(a), f64(b)
        est.append((a64 - b64) / (2.0 * h))
        noise.append(_NOISE * e * (np.abs(a64) + np.abs(b64)) / (2.0 * h))
    return est, noise, exact


def _root(label: str) -> str:
    return label.rsplit(" of ", 1)[-1]


def _disagrees(mode: Mode, label: str, where: str) -> str:
    return f"the {mode.rule} of {label} disagrees with central differences{where}."


def _fwd_against_fd(
    F: Callable[..., Any], xs: Sequence[Array], tol: Tolerances,
    rng: np.random.Generator, label: str, where: str,
) -> None:
    """J u by fad's JVP equals the central difference, element by element."""
    head = f"check_grads({_root(label)})"
    est, noise, exact = central_differences(F, xs, direction(xs, rng), tol.eps)
    out, tan = jvp(F)(tuple(xs), tuple(d.astype(x.dtype) for d, x in zip(exact, xs)))
    out_l, tan_l = out_leaves(out)[0], out_leaves(tan)[0]
    check_like(tan_l, out_l, FORWARD.noun, FORWARD.result_of, head)
    for k, (t, b, nz, o) in enumerate(zip(tan_l, est, noise, out_l)):
        if not is_float(o) or np.size(o) == 0:
            continue
        a = f64(t)
        allowed = tol.atol + tol.rtol * np.abs(b) + nz + _AD_ROUNDING * machine_eps([o, *xs]) * np.abs(a)
        excess = np.abs(a - b) - allowed
        if np.all(excess <= 0) and np.all(np.isfinite(a)) == np.all(np.isfinite(b)):
            continue
        worst = np.unravel_index(int(np.nanargmax(np.where(np.isnan(excess), np.inf, excess))), np.shape(a))
        av, bv = a[worst].item(), b[worst].item()
        raise mismatch(
            head, _disagrees(FORWARD, label, where), xs,
            [f"direction u (step h = {tol.eps:.3g}): {show_all(exact)}",
             f"output {k} ({np.asarray(o).dtype}{list(np.shape(o))}), element "
             f"{tuple(int(i) for i in worst)}:"],
            [f"J u by fad's JVP:           {num(av)}",
             f"J u by central differences: {num(bv)}",
             difference(abs(av - bv), float(allowed[worst]))],
        )


def _rev_against_fd(
    F: Callable[..., Any], xs: Sequence[Array], tol: Tolerances,
    rng: np.random.Generator, label: str, where: str,
) -> None:
    """<J^T w, u> by fad's VJP equals <w, J u> with J u by central differences."""
    head = f"check_grads({_root(label)})"
    us = direction(xs, rng)
    lin = REVERSE.linear_map(F, xs)
    ws = random_seeds(lin.out, rng)
    xbar = lin.apply(ws)
    check_like(xbar, xs, REVERSE.noun, REVERSE.result_of, head)
    est, noise, exact = central_differences(F, xs, us, tol.eps)
    a = sum(inner(g, d) for g, d in zip(xbar, exact))
    b = sum(inner(w, e) for w, e in zip(ws, est))
    wabs = [np.abs(f64(w)) for w in ws]
    allowed = (
        tol.atol * sum(float(np.sum(w)) for w in wabs)
        + tol.rtol * sum(float(np.sum(w * np.abs(e))) for w, e in zip(wabs, est))
        + sum(float(np.sum(w * nz)) for w, nz in zip(wabs, noise))
        + _AD_ROUNDING * machine_eps([*lin.out, *xs]) * sum(
            float(np.sum(np.abs(f64(g) * d))) for g, d in zip(xbar, exact)
        )
    )
    if abs(a - b) <= allowed and math.isfinite(a) == math.isfinite(b):
        return
    raise mismatch(
        head, _disagrees(REVERSE, label, where), xs,
        [f"direction u (step h = {tol.eps:.3g}): {show_all(exact)}",
         f"cotangent w: {show_all(ws)}"],
        [f"<J^T w, u> by fad's VJP:         {num(a)}",
         f"<w, J u> by central differences: {num(b)}",
         difference(abs(a - b), allowed)],
    )


_AGAINST_FD = {FORWARD.key: _fwd_against_fd, REVERSE.key: _rev_against_fd}


def _grads(
    F: Callable[..., Any], xs: list[Array], order: int, total: int,
    modes: Sequence[Mode], opts: _Options, rng: np.random.Generator, label: str,
) -> None:
    out_l, _ = out_leaves(F(*xs))
    tol = opts.resolve(least_precise([x.dtype for x in xs] + float_dtypes(out_l)))
    k = total - order + 1
    where = f" (derivative order {k} of {total})" if total > 1 else ""
    for mode in modes:
        _AGAINST_FD[mode.key](F, xs, tol, rng, label, where)
    if order <= 1:
        return
    for mode in modes:
        along = mode.along(F, xs, rng)
        _grads(along, xs, order - 1, total, modes, opts, rng, f"{mode.rule} of {label}")


def check_grads(
    f: Callable[..., Any],
    args: Sequence[Any],
    order: int = 2,
    modes: Modes = ("fwd", "rev"),
    eps: Optional[float] = None,
    atol: Optional[float] = None,
    rtol: Optional[float] = None,
    *,
    seed: int = 0,
) -> None:
    """Check fad's derivatives of ``f`` against central differences.

    In forward mode it compares ``J u``, computed by :func:`fad.jvp`, with the
    central difference ``(f(x + h u) - f(x - h u)) / 2h`` along a random
    direction ``u``. In reverse mode it checks the adjoint identity
    ``<J^T w, u> = <w, J u>`` for a random cotangent ``w``, with ``J^T w`` from
    :func:`fad.vjp` and ``J u`` by central differences. For ``order > 1`` it
    then checks, the same way, the derivatives of the JVP (along a fixed
    direction) and of the pullback (of a fixed cotangent), recursively; so
    ``order=2`` also covers forward-over-reverse, reverse-over-forward and the
    rest.

    Tolerances come from the least precise dtype among the inputs and outputs
    (see :func:`default_tolerances`), and allow for the rounding of the function
    values. When a check fails and ``f`` applies several primitives, each
    application is checked on its own to name the primitive at fault.

    Args:
        f: the function; its arguments and output are pytrees of float arrays.
        args: the arguments, as a tuple (one entry per positional argument).
        order: the highest derivative order to check.
        modes: ``"fwd"``, ``"rev"`` or both.
        eps: the finite-difference step (default: by dtype). Directions have
            largest entry 1, times ``max(1, max|x|)`` for each input ``x``.
        atol: absolute tolerance (default: by dtype).
        rtol: relative tolerance (default: by dtype).
        seed: the seed of the random directions; the check is deterministic.

    Returns:
        None. Raises an AssertionError that shows the inputs' shapes, the
        direction, both numbers and their difference when a check fails.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> check_grads(lambda x, y: fnp.sum(fnp.sin(x) * y), (np.ones(3), np.arange(3.0)))
        >>> check_grads(fnp.tanh, (np.linspace(-1, 1, 4, dtype=np.float32),), order=3)
    """
    if not isinstance(order, int) or order < 1:
        raise ValueError(f"check_grads: order must be a positive int, got {order!r}")
    chosen = modes_named(modes, "check_grads")
    F, xs = flatten_inputs(f, args, "check_grads")
    opts = _Options(eps, atol, rtol, seed)

    def check(g: Callable[..., Any], gx: list[Array]) -> None:
        _grads(g, gx, order, order, chosen, opts, np.random.default_rng(seed), name_of(g))

    try:
        check(F, xs)
    except Mismatch as e:
        msg = str(e)
        if not isinstance(f, Primitive):
            msg += "\n" + find_culprit(F, xs, check)
        raise AssertionError(msg) from None
