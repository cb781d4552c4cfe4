"""Property checks of derivatives, for fad's own rules and for yours.

fad proves its derivative rules with this module, and so can anyone who
writes a primitive:

- :func:`check_grads` compares fad's derivatives with central differences
  along random directions, in forward mode (``J u``) and reverse mode (the
  adjoint identity ``<J^T w, u> = <w, J u>``), recursing to any order.
- :func:`check_vjp` and :func:`check_jvp` test the identities that need no
  finite differences, at a tolerance close to rounding: the pullback and the
  pushforward are each other's transpose, both are linear, (co)tangents have
  their primal's shape and dtype, and the batched paths used by
  ``jacrev``/``jacfwd`` agree with the one-vector ones.
- :func:`check_rule` runs those checks on one primitive and also calls its
  rules directly, to test the shapes and dtypes they return.

Every failure is an ``AssertionError`` whose message names the function or the
primitive, the inputs' shapes and dtypes, the direction, both numbers and their
difference. Hypothesis strategies to draw inputs live in
:mod:`fad.testing.strategies` (the only part that needs hypothesis).
"""

from __future__ import annotations

import math
from typing import Any, Callable, Iterable, NamedTuple, Optional, Sequence

import numpy as np

from fad._graph import toposort
from fad._primitive import Primitive
from fad._trace import Trace, Tracer
from fad._transforms import jacfwd, jacrev, jvp, linearize, vjp
from fad._tree import TreeDef, tree_flatten, tree_leaves, tree_unflatten

__all__ = [
    "Tolerances",
    "default_tolerances",
    "check_grads",
    "check_vjp",
    "check_jvp",
    "check_rule",
]

Modes = Sequence[str]

_NOISE = 8.0
"""How many units of rounding the function values may carry (per evaluation)."""
_AD_ROUNDING = 64.0
"""How many units of rounding fad's own derivative may carry, relative to its terms."""
_MAX_JACOBIAN = 4096
"""Largest (output size x input size) for which the batched (Jacobian) paths are checked."""
_MAX_CULPRITS = 64
"""How many distinct primitive applications the culprit search tries at most."""


class Tolerances(NamedTuple):
    """The step and tolerances used for one floating-point dtype.

    Attributes:
        eps: the central-difference step (before scaling by the inputs' size).
        atol: absolute tolerance of a finite-difference comparison.
        rtol: relative tolerance of a finite-difference comparison.
        tight: relative tolerance of the identities that need no finite
            differences (transposition, linearity, batching), measured against
            the size of the terms compared.

    Example:
        >>> import numpy as np
        >>> t = default_tolerances(np.float64)
        >>> t.eps < t.rtol < 1e-4 and t.tight < 1e-12
        True
    """

    eps: float
    atol: float
    rtol: float
    tight: float


def default_tolerances(dtype: Any) -> Tolerances:
    """The step and tolerances fad uses for a floating-point dtype.

    They follow from the dtype's machine epsilon ``e``: the step is ``e**(1/3)``
    (which balances the truncation error of central differences against
    rounding), the finite-difference tolerances are twice that, and the tight
    tolerance is ``256 * e``. So float32 is about a thousand times looser than
    float64. On top of ``atol`` and ``rtol``, every finite-difference comparison
    allows for the rounding of the function values themselves.

    Args:
        dtype: a floating-point dtype (or anything ``np.dtype`` accepts).

    Returns:
        A :class:`Tolerances`.

    Example:
        >>> import numpy as np
        >>> t64, t32 = default_tolerances(np.float64), default_tolerances(np.float32)
        >>> t64.rtol < 1e-4 < t32.rtol < 0.05
        True
    """
    dt = np.dtype(dtype)
    if not np.issubdtype(dt, np.floating):
        raise TypeError(f"default_tolerances needs a floating-point dtype, got {dt}")
    e = float(np.finfo(dt).eps)
    step = e ** (1.0 / 3.0)
    return Tolerances(eps=step, atol=2.0 * step, rtol=2.0 * step, tight=256.0 * e)


# ---------------------------------------------------------------------------
# small helpers


def _name(f: Any) -> str:
    if isinstance(f, Primitive):
        return f.name
    return str(getattr(f, "__name__", type(f).__name__))


def _is_float(x: Any) -> bool:
    """Whether ``x`` is a floating-point array or number (not a list or tuple)."""
    if type(x) is Tracer or isinstance(x, (np.ndarray, np.generic)):
        return bool(np.issubdtype(x.dtype, np.floating))
    return isinstance(x, float)


def _describe(xs: Iterable[Any]) -> str:
    parts = []
    for x in xs:
        a = np.asarray(x)
        parts.append(f"{a.dtype}{list(a.shape)}")
    return ", ".join(parts) if parts else "(none)"


def _show(x: Any) -> str:
    a = np.asarray(x, dtype=np.float64)
    text = np.array2string(
        a, precision=4, threshold=12, edgeitems=2, separator=", ", max_line_width=76
    )
    return text.replace("\n", "\n      ")


def _show_all(xs: Sequence[Any]) -> str:
    if len(xs) == 1:
        return _show(xs[0])
    return "; ".join(f"[{k}] {_show(x)}" for k, x in enumerate(xs))


def _num(v: float) -> str:
    return f"{v:.8g}"


def _as_input(x: Any, k: int, who: str) -> np.ndarray[Any, Any]:
    if type(x) is Tracer:
        raise TypeError(f"{who}: input {k} is a traced value; pass concrete arrays.")
    a = np.asarray(x)
    if not np.issubdtype(a.dtype, np.floating):
        raise TypeError(
            f"{who} differentiates floating-point inputs only, but input {k} has dtype "
            f"{a.dtype}. Pass floats (e.g. x.astype(float)), or close over the "
            "argument in a lambda to hold it constant."
        )
    return a


def _flatten_inputs(
    f: Callable[..., Any], args: Any, who: str
) -> tuple[Callable[..., Any], list[np.ndarray[Any, Any]]]:
    """``f`` as a function of the flat list of input leaves, and those leaves."""
    if not isinstance(args, (tuple, list)):
        raise TypeError(
            f"{who} takes the arguments as a tuple, one entry per positional argument: "
            f"{who}(f, (x,)), not {who}(f, x)."
        )
    leaves, tree = tree_flatten(tuple(args))
    xs = [_as_input(x, k, who) for k, x in enumerate(leaves)]

    def flat(*ls: Any) -> Any:
        return f(*tree_unflatten(tree, list(ls)))

    flat.__name__ = _name(f)
    return flat, xs


def _out_leaves(out: Any) -> tuple[list[Any], TreeDef]:
    leaves, tree = tree_flatten(out)
    return leaves, tree


def _f64(x: Any) -> np.ndarray[Any, Any]:
    return np.asarray(x, dtype=np.float64)


def _float_dtypes(values: Iterable[Any]) -> list[np.dtype[Any]]:
    return [np.asarray(v).dtype for v in values if _is_float(v)]


def _least_precise(dtypes: Iterable[np.dtype[Any]]) -> np.dtype[Any]:
    best: Optional[np.dtype[Any]] = None
    for d in dtypes:
        if best is None or np.finfo(d).eps > np.finfo(best).eps:
            best = d
    return best if best is not None else np.dtype(np.float64)


class _Options:
    """The knobs of one check_grads call, resolved against the dtypes in play."""

    __slots__ = ("eps", "atol", "rtol", "seed", "search")

    def __init__(
        self, eps: Optional[float], atol: Optional[float], rtol: Optional[float], seed: int
    ) -> None:
        self.eps = eps
        self.atol = atol
        self.rtol = rtol
        self.seed = seed
        self.search = True

    def resolve(self, dtype: np.dtype[Any]) -> Tolerances:
        d = default_tolerances(dtype)
        return Tolerances(
            eps=d.eps if self.eps is None else float(self.eps),
            atol=d.atol if self.atol is None else float(self.atol),
            rtol=d.rtol if self.rtol is None else float(self.rtol),
            tight=d.tight,
        )


class _Mismatch(AssertionError):
    """A failed check (re-raised as a plain AssertionError at the public boundary)."""


class _Ctx:
    """How a check names things in its messages."""

    __slots__ = ("who", "label", "suspect", "argpos")

    def __init__(
        self, who: str, label: str, suspect: str = "VJP and JVP",
        argpos: Optional[Sequence[int]] = None,
    ) -> None:
        self.who = who
        self.label = label
        self.suspect = suspect
        self.argpos = argpos

    def arg(self, i: int) -> int:
        return i if self.argpos is None else self.argpos[i]

    def head(self) -> str:
        return f"{self.who}({self.label})"


def _direction(xs: Sequence[np.ndarray[Any, Any]], rng: np.random.Generator) -> list[np.ndarray[Any, Any]]:
    """A random input direction (float64): largest entry 1, scaled by each input's size."""
    us = [rng.standard_normal(x.shape) for x in xs]
    top = max((float(np.max(np.abs(u))) for u in us if u.size), default=0.0)
    if top > 0:
        us = [u / top for u in us]
    return [u * max(1.0, float(np.max(np.abs(x))) if x.size else 1.0) for u, x in zip(us, xs)]


def _perturb(
    xs: Sequence[np.ndarray[Any, Any]], us: Sequence[np.ndarray[Any, Any]], h: float
) -> tuple[list[Any], list[Any], list[np.ndarray[Any, Any]]]:
    """x + h u and x - h u in each input's dtype, and the exact direction between them.

    Rounding x +- h u to float32 moves the points; measuring the direction from
    the rounded points (in float64) keeps the secant exactly along it.
    """
    plus, minus, exact = [], [], []
    for x, u in zip(xs, us):
        xp = (_f64(x) + h * u).astype(x.dtype)
        xm = (_f64(x) - h * u).astype(x.dtype)
        plus.append(xp)
        minus.append(xm)
        exact.append((_f64(xp) - _f64(xm)) / (2.0 * h))
    return plus, minus, exact


def _random_like(v: Any, rng: np.random.Generator) -> np.ndarray[Any, Any]:
    a = np.asarray(v)
    dt = a.dtype if np.issubdtype(a.dtype, np.floating) else np.dtype(np.float64)
    return rng.standard_normal(a.shape).astype(dt)


def _check_like(
    got: Sequence[Any], want: Sequence[Any], what: str, of: str, ctx: _Ctx, inputs: bool
) -> None:
    """Every ``got`` leaf has the shape and dtype of the matching ``want`` leaf."""
    if len(got) != len(want):
        raise _Mismatch(f"{ctx.head()}: {len(got)} {what}(s) for {len(want)} {of}(s).")
    for k, (g, w) in enumerate(zip(got, want)):
        if not _is_float(w):
            continue
        gs, ws = np.shape(g), np.shape(w)
        gd, wd = np.asarray(g).dtype, np.asarray(w).dtype
        if gs != ws or gd != wd:
            n = ctx.arg(k) if inputs else k
            raise _Mismatch(
                f"{ctx.head()}: the {what} of {of} {n} is {gd}{list(gs)}, but the {of} is "
                f"{wd}{list(ws)}; a {what} must have the shape and dtype of its primal."
            )


# ---------------------------------------------------------------------------
# check_grads: finite differences


def _fd(
    F: Callable[..., Any], xs: Sequence[np.ndarray[Any, Any]], us: Sequence[np.ndarray[Any, Any]], h: float
) -> tuple[list[np.ndarray[Any, Any]], list[np.ndarray[Any, Any]], list[np.ndarray[Any, Any]]]:
    """Central differences of F along us: (estimates, noise bounds, exact directions)."""
    xp, xm, exact = _perturb(xs, us, h)
    fp, _ = _out_leaves(F(*xp))
    fm, _ = _out_leaves(F(*xm))
    est, noise = [], []
    for a, b in zip(fp, fm):
        if not _is_float(a):
            est.append(np.zeros(np.shape(a)))
            noise.append(np.zeros(np.shape(a)))
            continue
        e = float(np.finfo(np.asarray(a).dtype).eps)
        a64, b64 = _f64(a), _f64(b)
        est.append((a64 - b64) / (2.0 * h))
        noise.append(_NOISE * e * (np.abs(a64) + np.abs(b64)) / (2.0 * h))
    return est, noise, exact


def _grads_fwd(
    F: Callable[..., Any], xs: Sequence[np.ndarray[Any, Any]], tol: Tolerances,
    rng: np.random.Generator, label: str, where: str,
) -> None:
    us = _direction(xs, rng)
    est, noise, exact = _fd(F, xs, us, tol.eps)
    tangents = tuple(d.astype(x.dtype) for d, x in zip(exact, xs))
    out, tan = jvp(F)(tuple(xs), tangents)
    out_l, _ = _out_leaves(out)
    tan_l, _ = _out_leaves(tan)
    _check_like(tan_l, out_l, "tangent", "output", _Ctx("check_grads", _root(label)), False)
    for k, (t, b, nz, o) in enumerate(zip(tan_l, est, noise, out_l)):
        if not _is_float(o) or np.size(o) == 0:
            continue
        a = _f64(t)
        allowed = tol.atol + tol.rtol * np.abs(b) + nz + _AD_ROUNDING * _eps([o], xs) * np.abs(a)
        excess = np.abs(a - b) - allowed
        if np.all(excess <= 0) and np.all(np.isfinite(a)) == np.all(np.isfinite(b)):
            continue
        worst = np.unravel_index(int(np.nanargmax(np.where(np.isnan(excess), np.inf, excess))), np.shape(a))
        av, bv = float(a[worst]), float(b[worst])
        raise _Mismatch(
            f"check_grads({_root(label)}): the JVP of {label} disagrees with central "
            f"differences{where}.\n"
            f"  inputs: {_describe(xs)}\n"
            f"  direction u (step h = {tol.eps:.3g}): {_show_all(exact)}\n"
            f"  output {k} ({np.asarray(o).dtype}{list(np.shape(o))}), element "
            f"{tuple(int(i) for i in worst)}:\n"
            f"    J u by fad's JVP:           {_num(av)}\n"
            f"    J u by central differences: {_num(bv)}\n"
            f"    difference: {_num(abs(av - bv))} (tolerance {_num(float(allowed[worst]))})"
        )


def _eps(outs: Sequence[Any], xs: Sequence[np.ndarray[Any, Any]]) -> float:
    """The machine epsilon of the least precise of the outputs and the inputs."""
    return float(np.finfo(_least_precise(_float_dtypes(outs) + [x.dtype for x in xs])).eps)


def _grads_rev(
    F: Callable[..., Any], xs: Sequence[np.ndarray[Any, Any]], tol: Tolerances,
    rng: np.random.Generator, label: str, where: str,
) -> None:
    us = _direction(xs, rng)
    out, pullback = vjp(F)(*xs)
    out_l, out_tree = _out_leaves(out)
    ws = [_random_like(o, rng) if _is_float(o) else np.zeros(np.shape(o)) for o in out_l]
    xbar = list(pullback(tree_unflatten(out_tree, ws)))
    _check_like(xbar, xs, "cotangent", "argument", _Ctx("check_grads", _root(label)), True)
    est, noise, exact = _fd(F, xs, us, tol.eps)
    a = sum(float(np.sum(_f64(g) * d)) for g, d in zip(xbar, exact))
    b = sum(float(np.sum(_f64(w) * e)) for w, e in zip(ws, est))
    wabs = [np.abs(_f64(w)) for w in ws]
    allowed = (
        tol.atol * sum(float(np.sum(w)) for w in wabs)
        + tol.rtol * sum(float(np.sum(w * np.abs(e))) for w, e in zip(wabs, est))
        + sum(float(np.sum(w * nz)) for w, nz in zip(wabs, noise))
        + _AD_ROUNDING * _eps(out_l, xs) * sum(
            float(np.sum(np.abs(_f64(g) * d))) for g, d in zip(xbar, exact)
        )
    )
    if abs(a - b) <= allowed and math.isfinite(a) == math.isfinite(b):
        return
    raise _Mismatch(
        f"check_grads({_root(label)}): the VJP of {label} disagrees with central "
        f"differences{where}.\n"
        f"  inputs: {_describe(xs)}\n"
        f"  direction u (step h = {tol.eps:.3g}): {_show_all(exact)}\n"
        f"  cotangent w: {_show_all(ws)}\n"
        f"    <J^T w, u> by fad's VJP:         {_num(a)}\n"
        f"    <w, J u> by central differences: {_num(b)}\n"
        f"    difference: {_num(abs(a - b))} (tolerance {_num(allowed)})"
    )


def _root(label: str) -> str:
    return label.rsplit(" of ", 1)[-1]


def _grads(
    F: Callable[..., Any], xs: list[np.ndarray[Any, Any]], order: int, total: int,
    modes: Modes, opts: _Options, rng: np.random.Generator, label: str,
) -> None:
    out_l, _ = _out_leaves(F(*xs))
    tol = opts.resolve(_least_precise([x.dtype for x in xs] + _float_dtypes(out_l)))
    k = total - order + 1
    where = f" (derivative order {k} of {total})" if total > 1 else ""
    if "fwd" in modes:
        _grads_fwd(F, xs, tol, rng, label, where)
    if "rev" in modes:
        _grads_rev(F, xs, tol, rng, label, where)
    if order <= 1:
        return
    if "fwd" in modes:
        u = tuple(d.astype(x.dtype) for d, x in zip(_direction(xs, rng), xs))

        def jvp_of(*p: Any) -> Any:
            return jvp(F)(p, u)[1]

        _grads(jvp_of, xs, order - 1, total, modes, opts, rng, f"JVP of {label}")
    if "rev" in modes:
        leaves, tree = _out_leaves(F(*xs))
        w = tree_unflatten(
            tree, [_random_like(o, rng) if _is_float(o) else np.zeros(np.shape(o)) for o in leaves]
        )

        def vjp_of(*p: Any) -> Any:
            return vjp(F)(*p)[1](w)

        _grads(vjp_of, xs, order - 1, total, modes, opts, rng, f"VJP of {label}")


class _Application(NamedTuple):
    """One primitive application recorded by a trace, with its argument values."""

    prim: Primitive
    args: tuple[Any, ...]
    traced: tuple[bool, ...]
    params: dict[str, Any]


def _applications(F: Callable[..., Any], xs: Sequence[Any]) -> list[_Application]:
    """The primitive applications recorded when F runs on xs, in order.

    A node may keep only the residuals its rules read (large arrays no rule
    needs are elided), so the argument values are recomputed here by replaying
    the recorded graph from the inputs.
    """
    trace = Trace("fad.testing")
    tracers = [trace.new_input(x) for x in xs]
    try:
        out = F(*tracers)
    finally:
        trace.finish()
    roots = [t.node for t in tree_leaves(out) if type(t) is Tracer and t._trace is trace]
    values: dict[int, Any] = {t.node.id: np.asarray(x) for t, x in zip(tracers, xs)}
    apps = []
    for node in toposort(roots):
        prim = node.prim
        if prim is None:
            continue
        args = tuple(
            a if p is None else values[p.id] for a, p in zip(node.args, node.parents)
        )
        params = dict(node.params)
        values[node.id] = prim.impl(*args, **params)
        apps.append(_Application(prim, args, tuple(p is not None for p in node.parents), params))
    return apps


def _node_function(app: _Application) -> tuple[Callable[..., Any], list[np.ndarray[Any, Any]]]:
    """One recorded application as a function of its traced float arguments."""
    prim = app.prim
    pos = [i for i, t in enumerate(app.traced) if t and _is_float(app.args[i])]
    full = list(app.args)
    params = app.params

    def apply(*d: Any) -> Any:
        args = list(full)
        for i, v in zip(pos, d):
            args[i] = v
        return prim(*args, **params)

    apply.__name__ = prim.name
    return apply, [np.asarray(app.args[i]) for i in pos]


def _signature(app: _Application) -> str:
    return f"{app.prim.name}({_describe(app.args)}){sorted(app.params.items())!r}"


def _find_culprit(
    F: Callable[..., Any], xs: list[np.ndarray[Any, Any]], order: int, modes: Modes, opts: _Options
) -> str:
    """Check each primitive application of F on its own: which one fails?"""
    try:
        nodes = _applications(F, xs)
    except Exception as e:  # pragma: no cover - F ran fine untraced just before
        return f"  (could not trace {_name(F)} to look for the primitive at fault: {e})"
    sub = _Options(opts.eps, opts.atol, opts.rtol, opts.seed)
    sub.search = False
    seen: set[str] = set()
    for node in nodes:
        prim = node.prim
        if prim.nondiff is not None or not any(node.traced):
            continue
        key = _signature(node)
        if key in seen:
            continue
        seen.add(key)
        if len(seen) > _MAX_CULPRITS:
            break
        g, gx = _node_function(node)
        if not gx:
            continue
        try:
            _grads(g, gx, order, order, modes, sub, np.random.default_rng(sub.seed), prim.name)
        except AssertionError as e:
            first = str(e).split("\n", 1)[0].split(": ", 1)[-1]
        except Exception as e:  # a rule that raises is at fault too
            first = f"differentiating it raises {type(e).__name__}: {e}"
        else:
            continue
        return (
            f"  culprit: primitive {prim.name!r} fails on its own, at inputs "
            f"{_describe(gx)}{_param_note(node)}: {first}"
        )
    names = sorted({n.prim.name for n in nodes})
    return (
        "  culprit: none found. Each primitive applied by the function passes this check "
        f"on its own ({', '.join(names) or 'none'}); the fault may be in how they combine, "
        "or the tolerances may be too tight for this function."
    )


def _param_note(node: _Application) -> str:
    if not node.params:
        return ""
    return " with " + ", ".join(f"{k}={v!r}" for k, v in node.params.items())


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
    modes = tuple(modes)
    bad = [m for m in modes if m not in ("fwd", "rev")]
    if bad or not modes:
        raise ValueError(f"check_grads: modes must be 'fwd' and/or 'rev', got {modes!r}")
    F, xs = _flatten_inputs(f, args, "check_grads")
    opts = _Options(eps, atol, rtol, seed)
    try:
        _grads(F, xs, order, order, modes, opts, np.random.default_rng(seed), _name(f))
    except _Mismatch as e:
        msg = str(e)
        if opts.search and not isinstance(f, Primitive):
            msg += "\n" + _find_culprit(F, xs, order, modes, opts)
        raise AssertionError(msg) from None


# ---------------------------------------------------------------------------
# check_vjp / check_jvp: identities without finite differences


class _Tight:
    """The tolerance of an identity that holds up to rounding: relative to the
    size of the terms, plus a floor for values that underflow in the least
    precise dtype."""

    __slots__ = ("rel", "floor")

    def __init__(self, values: Sequence[Any]) -> None:
        dt = _least_precise(_float_dtypes(values))
        self.rel = default_tolerances(dt).tight
        count = sum(int(np.size(v)) for v in values) + 1
        self.floor = 16.0 * count * float(np.finfo(dt).tiny)

    def allowed(self, scale: float) -> float:
        return self.rel * scale + self.floor


def _tight_fail(err: float, scale: float, tight: _Tight) -> bool:
    return not (err <= tight.allowed(scale)) or not math.isfinite(err)


def _tight_of(values: Sequence[Any]) -> _Tight:
    return _Tight(values)


def _random_cotangents(out_l: Sequence[Any], rng: np.random.Generator) -> list[Any]:
    return [_random_like(o, rng) if _is_float(o) else np.zeros(np.shape(o)) for o in out_l]


def _transpose_identity(
    F: Callable[..., Any], xs: Sequence[np.ndarray[Any, Any]], ws: Sequence[Any],
    xbar: Sequence[Any], rng: np.random.Generator, tight: _Tight, ctx: _Ctx,
) -> None:
    """<w, J u_i> by the JVP equals <(J^T w)_i, u_i> by the VJP, argument by argument."""
    zeros = [np.zeros_like(x) for x in xs]
    for i, x in enumerate(xs):
        if x.size == 0:
            continue
        u = rng.standard_normal(x.shape).astype(x.dtype)
        tangents = list(zeros)
        tangents[i] = u
        _, tan = jvp(F)(tuple(xs), tuple(tangents))
        tan_l, _ = _out_leaves(tan)
        a = sum(float(np.sum(_f64(w) * _f64(t))) for w, t in zip(ws, tan_l))
        b = float(np.sum(_f64(xbar[i]) * _f64(u)))
        scale = sum(float(np.sum(np.abs(_f64(w) * _f64(t)))) for w, t in zip(ws, tan_l))
        scale += float(np.sum(np.abs(_f64(xbar[i]) * _f64(u))))
        if not _tight_fail(abs(a - b), scale, tight):
            continue
        raise _Mismatch(
            f"{ctx.head()}: the {ctx.suspect} are not each other's transpose for "
            f"argument {ctx.arg(i)}: <w, J u> != <J^T w, u>.\n"
            f"  inputs: {_describe(xs)}\n"
            f"  tangent u of argument {ctx.arg(i)}: {_show(u)}\n"
            f"  cotangent w: {_show_all(ws)}\n"
            f"    <w, J u> by the JVP:   {_num(a)}\n"
            f"    <J^T w, u> by the VJP: {_num(b)}\n"
            f"    difference: {_num(abs(a - b))} (tolerance {_num(tight.allowed(scale))})"
            + _side_hint(F, xs, i, u, ws, a, b)
        )


def _side_hint(
    F: Callable[..., Any], xs: Sequence[np.ndarray[Any, Any]], i: int, u: Any,
    ws: Sequence[Any], a: float, b: float,
) -> str:
    """Which side central differences agree with, to point at the wrong rule."""
    try:
        h = default_tolerances(_least_precise([x.dtype for x in xs])).eps
        us = [np.zeros(x.shape) for x in xs]
        us[i] = _f64(u)
        est, _, _ = _fd(F, xs, us, h)
        c = sum(float(np.sum(_f64(w) * e)) for w, e in zip(ws, est))
    except Exception:  # pragma: no cover - a hint only
        return ""
    wrong = "VJP" if abs(c - a) < abs(c - b) else "JVP"
    right = "JVP" if wrong == "VJP" else "VJP"
    return (
        f"\n    <w, J u> by central differences: {_num(c)}, closer to the {right}: "
        f"the {wrong} looks wrong."
    )


def _linear_fail(
    lhs: Sequence[Any], parts1: Sequence[Any], parts2: Sequence[Any], a: float, b: float,
    tight: _Tight,
) -> Optional[tuple[int, float, float]]:
    for k, (l, p, q) in enumerate(zip(lhs, parts1, parts2)):
        if np.size(l) == 0:
            continue
        rhs = a * _f64(p) + b * _f64(q)
        err = float(np.max(np.abs(_f64(l) - rhs)))
        scale = float(np.max(np.abs(a * _f64(p)) + np.abs(b * _f64(q))))
        if _tight_fail(err, scale, tight):
            return k, err, scale
    return None


def _jacobian_size(xs: Sequence[Any], out_l: Sequence[Any]) -> int:
    return sum(int(np.size(x)) for x in xs) * sum(int(np.size(o)) for o in out_l)


def _jacobian_blocks(
    jac: Callable[..., Any], F: Callable[..., Any], xs: Sequence[Any], n_out: int
) -> list[list[Any]]:
    """J[k][i]: the Jacobian block of output leaf k by input i."""

    def as_tuple(*p: Any) -> Any:
        return tuple(_out_leaves(F(*p))[0])

    J = jac(as_tuple, argnums=tuple(range(len(xs))))(*xs)
    return [list(J[k]) for k in range(n_out)]


def _vjp_checks(
    F: Callable[..., Any], xs: list[np.ndarray[Any, Any]], seed: int, batched: bool, ctx: _Ctx
) -> None:
    rng = np.random.default_rng(seed)
    out, pullback = vjp(F)(*xs)
    out_l, out_tree = _out_leaves(out)
    tight = _tight_of(list(xs) + list(out_l))
    w1, w2 = _random_cotangents(out_l, rng), _random_cotangents(out_l, rng)
    g1 = list(pullback(tree_unflatten(out_tree, w1)))
    _check_like(g1, xs, "cotangent", "argument", ctx, True)
    g2 = list(pullback(tree_unflatten(out_tree, w2)))
    a, b = float(rng.uniform(0.5, 2.0)), -float(rng.uniform(0.5, 2.0))
    mix = [(a * _f64(p) + b * _f64(q)).astype(np.asarray(p).dtype) for p, q in zip(w1, w2)]
    g12 = list(pullback(tree_unflatten(out_tree, mix)))
    bad = _linear_fail(g12, g1, g2, a, b, tight)
    if bad is not None:
        k, err, scale = bad
        raise _Mismatch(
            f"{ctx.head()}: the pullback is not linear in the cotangent: for argument "
            f"{ctx.arg(k)}, pullback(a w1 + b w2) != a pullback(w1) + b pullback(w2).\n"
            f"  inputs: {_describe(xs)}\n"
            f"  a = {_num(a)}, b = {_num(b)}\n"
            f"  w1: {_show_all(w1)}\n"
            f"  w2: {_show_all(w2)}\n"
            f"    pullback(a w1 + b w2):           {_show(g12[k])}\n"
            f"    a pullback(w1) + b pullback(w2): {_show(a * _f64(g1[k]) + b * _f64(g2[k]))}\n"
            f"    largest difference: {_num(err)} (tolerance {_num(tight.allowed(scale))})"
        )
    _transpose_identity(F, xs, w1, g1, rng, tight, ctx)
    if batched and 0 < _jacobian_size(xs, out_l) <= _MAX_JACOBIAN:
        _batched_rev(F, xs, out_l, w1, g1, tight, ctx)


def _batched_rev(
    F: Callable[..., Any], xs: Sequence[np.ndarray[Any, Any]], out_l: Sequence[Any],
    ws: Sequence[Any], xbar: Sequence[Any], tight: _Tight, ctx: _Ctx,
) -> None:
    """The batched reverse sweep (jacrev) agrees with one pullback."""
    blocks = _jacobian_blocks(jacrev, F, xs, len(out_l))
    for i, x in enumerate(xs):
        if x.size == 0:
            continue
        got = np.zeros(x.shape)
        scale = np.zeros(x.shape)
        for k, w in enumerate(ws):
            if not _is_float(out_l[k]):
                continue
            Jk = _f64(blocks[k][i])
            nd = np.ndim(w)
            got = got + np.tensordot(_f64(w), Jk, axes=nd)
            scale = scale + np.tensordot(np.abs(_f64(w)), np.abs(Jk), axes=nd)
        err = float(np.max(np.abs(got - _f64(xbar[i]))))
        if _tight_fail(err, float(np.max(scale)), tight):
            raise _Mismatch(
                f"{ctx.head()}: the batched reverse sweep (jacrev) disagrees with a "
                f"single pullback for argument {ctx.arg(i)}: w . jacrev(f) != pullback(w).\n"
                f"  inputs: {_describe(xs)}\n"
                f"  cotangent w: {_show_all(ws)}\n"
                f"    w . jacrev(f): {_show(got)}\n"
                f"    pullback(w):   {_show(xbar[i])}\n"
                f"    largest difference: {_num(err)} (tolerance {_num(tight.allowed(float(np.max(scale))))})"
            )


def _jvp_checks(
    F: Callable[..., Any], xs: list[np.ndarray[Any, Any]], seed: int, batched: bool, ctx: _Ctx
) -> None:
    rng = np.random.default_rng(seed + 1)
    u1 = tuple(_random_like(x, rng) for x in xs)
    u2 = tuple(_random_like(x, rng) for x in xs)
    out, t1 = jvp(F)(tuple(xs), u1)
    out_l, out_tree = _out_leaves(out)
    tight = _tight_of(list(xs) + list(out_l))
    t1_l, _ = _out_leaves(t1)
    _check_like(t1_l, out_l, "tangent", "output", ctx, False)
    floats = [k for k, o in enumerate(out_l) if _is_float(o)]
    _, t2 = jvp(F)(tuple(xs), u2)
    t2_l, _ = _out_leaves(t2)
    a, b = float(rng.uniform(0.5, 2.0)), -float(rng.uniform(0.5, 2.0))
    mix = tuple((a * _f64(p) + b * _f64(q)).astype(p.dtype) for p, q in zip(u1, u2))
    _, t12 = jvp(F)(tuple(xs), mix)
    t12_l, _ = _out_leaves(t12)
    bad = _linear_fail(
        [t12_l[k] for k in floats], [t1_l[k] for k in floats], [t2_l[k] for k in floats],
        a, b, tight,
    )
    if bad is not None:
        k, err, scale = bad
        raise _Mismatch(
            f"{ctx.head()}: the pushforward is not linear in the tangent: for output "
            f"{floats[k]}, jvp(a u1 + b u2) != a jvp(u1) + b jvp(u2).\n"
            f"  inputs: {_describe(xs)}\n"
            f"  a = {_num(a)}, b = {_num(b)}\n"
            f"  u1: {_show_all(u1)}\n"
            f"  u2: {_show_all(u2)}\n"
            f"    largest difference: {_num(err)} (tolerance {_num(tight.allowed(scale))})"
        )
    _, push = linearize(F)(*xs)
    lin_l, _ = _out_leaves(push(*u1))
    bad = _linear_fail(
        [lin_l[k] for k in floats], [t1_l[k] for k in floats], [t1_l[k] for k in floats],
        1.0, 0.0, tight,
    )
    if bad is not None:
        k, err, scale = bad
        raise _Mismatch(
            f"{ctx.head()}: linearize's pushforward disagrees with jvp for output "
            f"{floats[k]}.\n"
            f"  inputs: {_describe(xs)}\n"
            f"  u: {_show_all(u1)}\n"
            f"    largest difference: {_num(err)} (tolerance {_num(tight.allowed(scale))})"
        )
    _, pullback = vjp(F)(*xs)
    ws = _random_cotangents(out_l, rng)
    xbar = list(pullback(tree_unflatten(out_tree, ws)))
    _transpose_identity(F, xs, ws, xbar, rng, tight, ctx)
    if batched and 0 < _jacobian_size(xs, out_l) <= _MAX_JACOBIAN:
        _batched_fwd(F, xs, out_l, u1, t1_l, tight, ctx)


def _batched_fwd(
    F: Callable[..., Any], xs: Sequence[np.ndarray[Any, Any]], out_l: Sequence[Any],
    us: Sequence[Any], tans: Sequence[Any], tight: _Tight, ctx: _Ctx,
) -> None:
    """The batched forward sweep (jacfwd) agrees with one pushforward."""
    blocks = _jacobian_blocks(jacfwd, F, xs, len(out_l))
    for k, o in enumerate(out_l):
        if not _is_float(o) or np.size(o) == 0:
            continue
        got = np.zeros(np.shape(o))
        scale = np.zeros(np.shape(o))
        for i, u in enumerate(us):
            Jk = _f64(blocks[k][i])
            nd = np.ndim(u)
            axes = (list(range(np.ndim(o), np.ndim(o) + nd)), list(range(nd)))
            got = got + np.tensordot(Jk, _f64(u), axes=axes)
            scale = scale + np.tensordot(np.abs(Jk), np.abs(_f64(u)), axes=axes)
        err = float(np.max(np.abs(got - _f64(tans[k]))))
        if _tight_fail(err, float(np.max(scale)), tight):
            raise _Mismatch(
                f"{ctx.head()}: the batched forward sweep (jacfwd) disagrees with a "
                f"single pushforward for output {k}: jacfwd(f) . u != jvp(u).\n"
                f"  inputs: {_describe(xs)}\n"
                f"  tangent u: {_show_all(us)}\n"
                f"    jacfwd(f) . u: {_show(got)}\n"
                f"    jvp(u):        {_show(tans[k])}\n"
                f"    largest difference: {_num(err)} (tolerance {_num(tight.allowed(float(np.max(scale))))})"
            )


def _run(check: Callable[[], None]) -> None:
    try:
        check()
    except _Mismatch as e:
        raise AssertionError(str(e)) from None


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
    F, xs = _flatten_inputs(f, args, "check_vjp")
    _run(lambda: _vjp_checks(F, xs, seed, batched, _Ctx("check_vjp", _name(f))))


def check_jvp(
    f: Callable[..., Any], args: Sequence[Any], *, seed: int = 0, batched: bool = True
) -> None:
    """Check the forward mode of ``f`` by identities, without finite differences.

    The checks: output tangents have the shape and dtype of the outputs; the
    pushforward is linear in the tangent; :func:`fad.linearize` agrees with
    :func:`fad.jvp`; the JVP is the transpose of the VJP,
    ``<w, J u> = <J^T w, u>`` for each argument; and (with ``batched``) a
    Jacobian from ``jacfwd`` agrees with a single pushforward. The tolerance is
    tight (rounding only).

    Args:
        f: the function; its arguments and output are pytrees of float arrays.
        args: the arguments, as a tuple.
        seed: the seed of the random vectors.
        batched: also check the batched sweep (skipped for big Jacobians).

    Returns:
        None; raises an AssertionError naming ``f`` when a check fails.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> check_jvp(lambda x: fnp.sum(x * x, axis=0), (np.arange(6.0).reshape(2, 3),))
    """
    F, xs = _flatten_inputs(f, args, "check_jvp")
    _run(lambda: _jvp_checks(F, xs, seed, batched, _Ctx("check_jvp", _name(f))))

# ---------------------------------------------------------------------------
# check_rule: one primitive


def _rule_at(rules: Any, i: int) -> Any:
    return rules[i] if i < len(rules) else None


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


def _raw_rules(prim: Primitive, args: list[Any], params: dict[str, Any], pos: list[int],
               seed: int) -> None:
    """Call the rules directly: the shapes and dtypes they return."""
    rng = np.random.default_rng(seed + 2)
    y = np.asarray(prim(*args, **params))
    if not np.issubdtype(y.dtype, np.floating):
        raise _Mismatch(
            f"check_rule({prim.name}): the primitive returned dtype {y.dtype}; only "
            "floating-point outputs carry derivatives."
        )
    dts = {y.dtype} | {np.asarray(args[i]).dtype for i in pos}
    same = len(dts) == 1
    exact = bool(getattr(prim, "exact_shapes", False))
    for i in pos:
        x = np.asarray(args[i])
        allowed = {x.dtype} if same else {x.dtype, y.dtype}
        ybar = rng.standard_normal(y.shape).astype(y.dtype)
        xbar = _rule_at(prim.vjps, i)(y, ybar, *args, **params)
        if xbar is not None:
            s, d = tuple(np.shape(xbar)), np.asarray(xbar).dtype
            if exact and s != x.shape:
                raise _Mismatch(
                    f"check_rule({prim.name}): the VJP rule for argument {i} returned a "
                    f"cotangent of shape {s}, but the argument's shape is {x.shape}, and "
                    "the primitive promises exact shapes (exact_shapes=True)."
                )
            if s != x.shape and not (_reduces_to(s, x.shape) and _broadcasts_to(s, y.shape)):
                raise _Mismatch(
                    f"check_rule({prim.name}): the VJP rule for argument {i} returned a "
                    f"cotangent of shape {s}, which is neither the argument's shape "
                    f"{x.shape} nor a broadcast of it to the output's shape {y.shape}."
                )
            if d not in allowed:
                raise _Mismatch(
                    f"check_rule({prim.name}): the VJP rule for argument {i} returned a "
                    f"cotangent of dtype {d}, but the argument is {x.dtype} (output "
                    f"{y.dtype}); cotangents keep their primal's dtype (float32 stays "
                    "float32)."
                )
        xdot = rng.standard_normal(x.shape).astype(x.dtype)
        ydot = _rule_at(prim.jvps, i)(xdot, y, *args, **params)
        if ydot is not None:
            s, d = tuple(np.shape(ydot)), np.asarray(ydot).dtype
            allowed_t = {y.dtype} if same else {x.dtype, y.dtype}
            if exact and s != y.shape:
                raise _Mismatch(
                    f"check_rule({prim.name}): the JVP rule for argument {i} returned a "
                    f"tangent of shape {s}, but the output's shape is {y.shape}, and the "
                    "primitive promises exact shapes (exact_shapes=True)."
                )
            if not _broadcasts_to(s, y.shape):
                raise _Mismatch(
                    f"check_rule({prim.name}): the JVP rule for argument {i} returned a "
                    f"tangent of shape {s}, which does not broadcast to the output's "
                    f"shape {y.shape}."
                )
            if d not in allowed_t:
                raise _Mismatch(
                    f"check_rule({prim.name}): the JVP rule for argument {i} returned a "
                    f"tangent of dtype {d}, but the output is {y.dtype}; tangents keep "
                    "their primal's dtype."
                )


def check_rule(prim: Primitive, *args: Any, seed: int = 0, **params: Any) -> None:
    """Check a primitive's VJP and JVP rules against each other, at ``args``.

    The differentiable arguments are the floating-point positional arguments
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
        >>> cube = fad.primitive(lambda x: x ** 3, name="cube_rule_doc", elementwise=True)
        >>> fad.defvjp(cube, lambda y, ybar, x: ybar * 3 * x ** 2)
        >>> fad.defjvp(cube, lambda xdot, y, x: xdot * 3 * x ** 2)
        >>> check_rule(cube, np.array([0.5, -1.0, 2.0]))
    """
    if not isinstance(prim, Primitive):
        raise TypeError(
            f"check_rule takes a Primitive (made with fad.primitive), got "
            f"{type(prim).__name__}; for a plain function use check_vjp and check_jvp."
        )
    if prim.nondiff is not None:
        raise TypeError(f"check_rule({prim.name}): the primitive is not differentiable: {prim.nondiff}")
    full = [np.asarray(a) if isinstance(a, (float, np.floating)) else a for a in args]
    pos = [
        i for i, a in enumerate(full)
        if _is_float(a) and (_rule_at(prim.vjps, i) is not None or _rule_at(prim.jvps, i) is not None)
    ]
    if not pos:
        raise TypeError(
            f"check_rule({prim.name}): no floating-point argument has a derivative rule; "
            "define them with fad.defvjp and fad.defjvp."
        )
    for i in pos:
        for kind, rules in (("VJP", prim.vjps), ("JVP", prim.jvps)):
            if _rule_at(rules, i) is None:
                raise AssertionError(
                    f"check_rule({prim.name}): argument {i} has no {kind} rule; define "
                    f"one with fad.def{kind.lower()}({prim.name}, ...)."
                )

    def g(*d: Any) -> Any:
        call = list(full)
        for i, v in zip(pos, d):
            call[i] = v
        return prim(*call, **params)

    g.__name__ = prim.name
    xs = [_as_input(full[i], i, "check_rule") for i in pos]

    ctx = _Ctx("check_rule", prim.name, f"VJP and JVP rules of {prim.name!r}", pos)

    def checks() -> None:
        _raw_rules(prim, full, params, pos, seed)
        _vjp_checks(g, xs, seed, True, ctx)
        _jvp_checks(g, xs, seed, True, ctx)

    _run(checks)


def __getattr__(name: str) -> Any:
    # ``fad.testing.strategies`` on first use, so that importing fad.testing
    # does not need hypothesis.
    if name == "strategies":
        import importlib

        return importlib.import_module("fad.testing.strategies")
    raise AttributeError(f"module 'fad.testing' has no attribute {name!r}")
