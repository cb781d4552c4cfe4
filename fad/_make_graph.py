"""``fad.make_graph``: the program a function runs, as a :class:`~fad.Graph` to read.

fad's counterpart of ``jax.make_jaxpr``. It traces ``f`` on the arguments it
is given, as every transform does, and returns the recorded program instead of
differentiating it. A transformed function is traced the same way: when
``make_graph(fad.grad(f))`` runs ``grad``'s reverse sweep, the rules' fad.numpy
operations act on values of the outer trace and so are recorded by it (as they
are for ``grad(grad(f))``): the graph is the derivative program itself.
"""

from __future__ import annotations

import functools
import inspect
import operator
import os
import re
from typing import Any, Callable, Optional, Sequence, SupportsIndex, Union

import numpy as np
from typing_extensions import ParamSpec

from fad._graph import Graph, build_graph
from fad._tracer import EscapedTracerError, Trace, Tracer, concrete
from fad._tree import TreeDef, leaf_paths, tree_flatten, tree_unflatten

__all__ = ["make_graph"]

P = ParamSpec("P")

_FAD_DIR = os.path.dirname(os.path.abspath(__file__))
"""fad's own modules, where its transforms are defined."""
_TRANSFORM_NAMES = {"egrad": "elementwise_grad"}
"""fad's transforms are closures named ``<transform>_f``; where the name is
not the transform's own (``egrad_f``), its public name."""


def _display_name(f: Callable[..., Any]) -> str:
    """How the listing names ``f``: its name, or ``grad(f)`` for a function a
    fad transform made (read from the closure's code name, ``grad_f``), and
    ``partial(f)`` for a ``functools.partial``."""
    layers = []
    g: Any = f
    while True:
        if isinstance(g, functools.partial):
            layers.append("partial")
            g = g.func
            continue
        wrapped = getattr(g, "__wrapped__", None)
        code = getattr(g, "__code__", None)
        if (
            wrapped is None
            or code is None
            or not code.co_name.endswith("_f")
            or os.path.dirname(os.path.abspath(code.co_filename)) != _FAD_DIR
        ):
            break
        t = code.co_name[:-2]
        layers.append(_TRANSFORM_NAMES.get(t, t))
        g = wrapped
    base = getattr(g, "__name__", None) or type(g).__name__
    if base == "<lambda>":
        base = "lambda"
    for t in reversed(layers):
        base = f"{t}({base})"
    return base


def _static_positions(static_argnums: Union[SupportsIndex, Sequence[SupportsIndex]], nargs: int) -> set[int]:
    try:
        nums = (
            [operator.index(static_argnums)]
            if hasattr(static_argnums, "__index__")
            else [operator.index(a) for a in static_argnums]
        )
    except TypeError:
        raise TypeError(
            f"make_graph: static_argnums must be an int or a tuple of ints, not {static_argnums!r}."
        ) from None
    out = set()
    for a in nums:
        if not -nargs <= a < nargs:
            raise ValueError(
                f"make_graph: static_argnums={static_argnums!r} does not fit a call with "
                f"{nargs} positional argument(s)."
            )
        out.add(a % nargs)
    return out


def _parameters(f: Callable[..., Any]) -> list[inspect.Parameter]:
    """``f``'s parameters: those of the function it wraps when its own are only
    ``*args, **kwargs`` (``grad(f)``), else its own (``jvp(f)`` takes
    ``primals, tangents``)."""
    try:
        own = list(inspect.signature(f, follow_wrapped=False).parameters.values())
        if any(p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in own):
            return own
        return list(inspect.signature(f).parameters.values())
    except (TypeError, ValueError):  # no signature (a builtin or a ufunc)
        return []


def _arg_name(params: Sequence[inspect.Parameter], p: int) -> str:
    """The name of positional argument ``p`` (``args[1]`` for ``*args``)."""
    for i, prm in enumerate(params):
        if prm.kind is prm.VAR_POSITIONAL:
            return f"{prm.name}[{p - i}]"
        if i == p and prm.kind in (prm.POSITIONAL_ONLY, prm.POSITIONAL_OR_KEYWORD):
            return prm.name
    return f"arg{p}"


def _input_names(f: Callable[..., Any], positions: Sequence[int], tree: TreeDef) -> list[str]:
    """Each traced leaf as the user would write it: ``x``, ``params['w']``, ``xs[0]``."""
    params = _parameters(f)
    names = []
    for path in leaf_paths(tree):
        end = path.index("]")
        p = positions[int(path[1:end])]
        names.append(_arg_name(params, p) + path[end + 1 :])
    return names


def _is_array_leaf(x: Any) -> bool:
    return type(x) is Tracer or isinstance(x, (np.ndarray, np.generic, bool, int, float, complex))


class _Slot:
    """Stands for output leaf ``k`` while the ``return`` line's template is made."""

    __slots__ = ("k",)

    def __init__(self, k: int) -> None:
        self.k = k

    def __repr__(self) -> str:
        return f"\x00{self.k}\x00"


def _returns(out_tree: TreeDef, n: int) -> Optional[str]:
    """The ``return`` line's expression as a template (``({0}, {1})``): the
    output pytree's repr with the leaves' names in it; None for a lone leaf, or
    when the pytree's classes will not hold stand-ins (the names are then
    listed, comma-separated)."""
    if out_tree.kind is None:
        return None
    try:
        text = repr(tree_unflatten(out_tree, [_Slot(k) for k in range(n)]))
    except Exception:
        return None
    text = text.replace("{", "{{").replace("}", "}}")
    return re.sub("\x00([0-9]+)\x00", r"{\1}", text)


def make_graph(
    f: Callable[P, Any], *, static_argnums: Union[SupportsIndex, Sequence[SupportsIndex]] = ()
) -> Callable[P, Graph]:
    """The program ``f`` runs, recorded on example arguments: fad's ``jax.make_jaxpr``.

    ``make_graph(f)(*args)`` runs ``f(*args)`` once with its array arguments
    traced and returns the :class:`~fad.Graph` of what it did: one equation per
    primitive application, the inputs named after ``f``'s parameters (a pytree
    argument's leaves as ``params['w']``, ``xs[0]``), constants written out when
    small and by shape and dtype when large, and the outputs. Only what the
    outputs depend on is listed.

    ``make_graph(fad.grad(f))(x)`` is the derivative program: the forward
    operations ``grad`` needs and its reverse sweep, operation by operation, as
    the rules recorded them.

    Args:
        f: the function, with arrays, numbers or pytrees of them as arguments.
        static_argnums: positional arguments that are not traced but passed to
            ``f`` as they are (flags, sizes, anything that is not an array);
            keyword arguments of the call are never traced either.

    Returns:
        A function of ``f``'s arguments that returns the Graph. ``str(graph)``
        lists it, ``graph.format(values=True)`` with the values it had,
        ``graph.to_dot()`` draws it for Graphviz; in a notebook with the
        ``graphviz`` package installed the graph shows as a picture.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> def f(x, y):
        ...     return fnp.sin(x) * y
        >>> print(fad.make_graph(f)(0.5, 2.0))
        f(x: float64[], y: float64[]):
            v1: float64[] = sin(x)
            v2: float64[] = multiply(v1, y)
            return v2
        >>> print(fad.make_graph(fad.grad(f))(0.5, 2.0))
        grad(f)(x: float64[], y: float64[]):
            v1: float64[] = multiply(1.0, y)
            v2: float64[] = cos(x)
            v3: float64[] = multiply(v1, v2)
            return v3
    """

    @functools.wraps(f)
    def make_graph_f(*args: P.args, **kwargs: P.kwargs) -> Graph:
        static = _static_positions(static_argnums, len(args)) if static_argnums != () else set()
        positions = [i for i in range(len(args)) if i not in static]
        leaves, in_tree = tree_flatten(tuple(args[i] for i in positions))
        names = _input_names(f, positions, in_tree)
        for x, nm in zip(leaves, names):
            if not _is_array_leaf(x):
                raise TypeError(
                    f"make_graph: {nm} is a {type(x).__name__}, which is not an array; "
                    "pass arrays, numbers or pytrees of them, and give other arguments "
                    "by keyword or list their positions in static_argnums."
                )
        trace = Trace("make_graph")
        tracers = [trace.new_input(x) for x in leaves]
        traced = tree_unflatten(in_tree, tracers)
        full = list(args)
        for i, t in zip(positions, traced):
            full[i] = t
        fn: Callable[..., Any] = f
        try:
            out = fn(*full, **kwargs)
        except BaseException:
            trace.finish()
            raise
        trace.finish(release=False)  # a large graph holds full collections off until built
        try:
            out_leaves, out_tree = tree_flatten(out)
            outputs: list[Any] = []
            for x in out_leaves:
                if trace.owns(x):
                    outputs.append(x._node)
                elif type(x) is Tracer and not x._trace.alive:
                    raise EscapedTracerError(
                        f"make_graph: an output of {_display_name(f)} is a traced value of "
                        f"{x._trace.name}, which had already returned: it escaped its "
                        "transform. Return it from the transformed function instead of "
                        "keeping it in a global or closure."
                    )
                else:
                    outputs.append(x)
            paths = leaf_paths(out_tree)
            return build_graph(
                _display_name(f),
                [t._node for t in tracers],
                names,
                outputs,
                paths,
                _returns(out_tree, len(out_leaves)),
                concrete,
            )
        finally:
            trace.release()

    return make_graph_f
