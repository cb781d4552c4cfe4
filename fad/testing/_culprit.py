"""Which primitive is at fault: replay a function's trace, check each application.

When ``check_grads`` fails on a function that applies several primitives, it
traces the function once, recovers each primitive application with its
argument values (:func:`applications`), and checks each one on its own
(:func:`find_culprit`), to name the first primitive that fails.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple, Sequence, cast

import numpy as np

from fad._graph import toposort
from fad._primitive import Primitive
from fad._tracer import Trace, Tracer
from fad._tree import tree_leaves
from fad.testing._arrays import Array, is_float
from fad.testing._report import describe, name_of

__all__ = ["Application", "applications", "partial_primitive", "find_culprit"]

_MAX_CULPRITS = 64
"""How many distinct primitive applications the culprit search tries at most."""


class Application(NamedTuple):
    """One primitive application recorded by a trace, with its argument values.

    Attributes:
        prim: the primitive.
        args: its positional arguments (values, recomputed).
        traced: for each argument, whether it depended on the inputs.
        params: its keyword parameters.
    """

    prim: Primitive
    args: tuple[Any, ...]
    traced: tuple[bool, ...]
    params: dict[str, Any]


def applications(F: Callable[..., Any], xs: Sequence[Any]) -> list[Application]:
    """The primitive applications recorded when F runs on xs, in order.

    A node may keep only the residuals its rules read (large arrays no rule
    needs are elided), so the argument values are recomputed here by replaying
    the recorded graph from the inputs.

    Example:
        >>> import fad.numpy as fnp
        >>> [a.prim.name for a in applications(lambda x: fnp.sin(x) * 2.0, [np.ones(2)])]
        ['sin', 'multiply']
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
        apps.append(Application(cast(Primitive, prim), args, tuple(p is not None for p in node.parents), params))
    return apps


def partial_primitive(
    prim: Primitive, args: Sequence[Any], params: dict[str, Any], pos: Sequence[int]
) -> Callable[..., Any]:
    """``prim`` as a function of its arguments at positions ``pos``, the others held.

    Example:
        >>> from fad._primitive import registry
        >>> float(partial_primitive(registry["multiply"], [2.0, 3.0], {}, [1])(5.0))
        10.0
    """
    held = list(args)

    def apply(*d: Any) -> Any:
        call = list(held)
        for i, v in zip(pos, d):
            call[i] = v
        return prim(*call, **params)

    apply.__name__ = prim.name
    return apply


def _as_function(app: Application) -> tuple[Callable[..., Any], list[Array]]:
    """One recorded application as a function of its traced float arguments."""
    pos = [i for i, t in enumerate(app.traced) if t and is_float(app.args[i])]
    return partial_primitive(app.prim, app.args, app.params, pos), [np.asarray(app.args[i]) for i in pos]


def _signature(app: Application) -> str:
    return f"{app.prim.name}({describe(app.args)}){sorted(app.params.items())!r}"


def _param_note(app: Application) -> str:
    if not app.params:
        return ""
    return " with " + ", ".join(f"{k}={v!r}" for k, v in app.params.items())


def find_culprit(
    F: Callable[..., Any], xs: list[Array], check: Callable[[Callable[..., Any], list[Array]], None]
) -> str:
    """Run ``check`` on each primitive application of F on its own: which one fails?

    Args:
        F: the function that failed ``check``.
        xs: its inputs.
        check: the check that failed, ``check(g, inputs)``; it raises an
            AssertionError on failure.

    Returns:
        A line for the failure message, naming the first primitive that fails
        (or saying that none does).
    """
    try:
        apps = applications(F, xs)
    except Exception as e:  # pragma: no cover - F ran fine untraced just before
        return f"  (could not trace {name_of(F)} to look for the primitive at fault: {e})"
    seen: set[str] = set()
    for app in apps:
        prim = app.prim
        if not any(app.traced):
            continue
        key = _signature(app)
        if key in seen:
            continue
        seen.add(key)
        if len(seen) > _MAX_CULPRITS:
            break
        g, gx = _as_function(app)
        if not gx:
            continue
        try:
            check(g, gx)
        except AssertionError as e:
            first = str(e).split("\n", 1)[0].split(": ", 1)[-1]
        except Exception as e:  # a rule that raises is at fault too
            first = f"differentiating it raises {type(e).__name__}: {e}"
        else:
            continue
        return (
            f"  culprit: primitive {prim.name!r} fails on its own, at inputs "
            f"{describe(gx)}{_param_note(app)}: {first}"
        )
    names = sorted({a.prim.name for a in apps})
    return (
        "  culprit: none found. Each primitive applied by the function passes this check "
        f"on its own ({', '.join(names) or 'none'}); the fault may be in how they combine, "
        "or the tolerances may be too tight for this function."
    )
