"""JAX's extension API: ``custom_jvp``, ``custom_vjp`` and ``checkpoint``.

Each call of a decorated function on traced values becomes one node of a
primitive shared by all such functions (``custom_jvp_call``,
``custom_vjp_call``, ``checkpoint``); the node's params hold a :class:`_Call`,
the per-call record of the user's function, its rules and the pytree
structures. Because ``bind`` runs the primitive again one level down when its
arguments are tracers of outer transforms, every transform that sees the call
records the same node, and each one's sweep uses the custom rule:

- ``custom_jvp_call``: the implementation runs the function on plain values;
  the JVP calls the user's rule; the VJP is the transpose of the rule's
  tangent map, found by tracing that map (it is linear in the tangents) and
  pulling the cotangent back through it. The rule is written with fad ops, so
  every order of every transform differentiates the rule, never the body.
- ``custom_vjp_call``: the implementation runs ``fwd``, whose residuals are
  kept in the node's value; the VJP calls ``bwd``. Forward mode refuses.
- ``checkpoint``: the implementation runs the block on plain values and keeps
  nothing of it; both rules trace the block again from its inputs when the
  sweep reaches it.

A function with several outputs (and ``custom_vjp``, whose residuals ride
along) gives its node a tuple value; one ``custom_part`` node per output leaf
takes its piece out. The (co)tangent of such a node is a :class:`_Parts`,
which the sweeps add like any cotangent. The core knows nothing of either.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Generic, Optional, Sequence, TypeVar, Union, cast, overload

import numpy as np
from typing_extensions import ParamSpec, override

from fad import _tracer
from fad._forward import ForwardPlan
from fad._graph import shape_of
from fad._primitive import Primitive, seal_carriers
from fad._reverse import backward
from fad._tracer import Tracer, bind, concrete
from fad._transforms import _Traced, _record
from fad._tree import TreeDef, leaf_paths, tree_flatten, tree_unflatten

__all__ = ["custom_jvp", "custom_vjp", "checkpoint", "remat"]

_EMPTY = tree_flatten(())[1]

P = ParamSpec("P")
R = TypeVar("R")


# ---------------------------------------------------------------------------
# multi-output nodes


class _Parts:
    """The (co)tangent of a node whose value is a tuple: one entry per item,
    None for a zero. Adding two adds them entry by entry (the sweeps add the
    cotangents a node receives with ``+``)."""

    __slots__ = ("items",)
    shape: tuple[int, ...] = ()  # the sweeps read shape_of(...) of any (co)tangent

    def __init__(self, items: Sequence[Any]) -> None:
        self.items = tuple(items)

    def __add__(self, other: "_Parts") -> "_Parts":
        return _Parts([a if b is None else b if a is None else a + b for a, b in zip(self.items, other.items)])

    @override
    def __repr__(self) -> str:
        return f"_Parts({list(self.items)!r})"


def _part_vjp(y: Any, ybar: Any, value: Any, *, index: int, count: int) -> _Parts:
    items: list[Any] = [None] * count
    items[index] = ybar
    return _Parts(items)


def _part_jvp(xdots: Sequence[Any], y: Any, value: Any, *, index: int, count: int) -> Any:
    d = xdots[0]
    return None if d is None else d.items[index]


_part_p = Primitive("custom_part", lambda value, *, index, count: value[index], kind="structural", saves=())
_part_p.vjps = (_part_vjp,)
_part_p.jvp = _part_jvp


def _part(value: Any, index: int, count: int) -> Any:
    """Item ``index`` of a tuple-valued node's value (recorded, if traced)."""
    return bind(_part_p, value, index=index, count=count)


# ---------------------------------------------------------------------------
# the per-call record


class _Call:
    """One call of a decorated function: what its node's rules need.

    ``diff_tree`` is the structure of the tuple of differentiable arguments,
    whose leaves are the node's arguments; ``nondiff`` holds the other
    arguments by position. The implementation fills in ``out_tree`` (and, for
    ``custom_vjp``, ``res_tree``/``res_arrays``) when it runs, once per call.
    """

    __slots__ = (
        "what", "name", "fun", "rule", "fwd", "bwd", "nondiff", "nargs", "diff_tree",
        "out_tree", "n_out", "packed", "res_tree", "res_arrays",
    )

    def __init__(
        self, what: str, name: str, fun: Callable[..., Any], nondiff: dict[int, Any], nargs: int, diff_tree: TreeDef
    ) -> None:
        self.what = what
        self.name = name
        self.fun = fun
        self.rule: Optional[Callable[..., Any]] = None
        self.fwd: Optional[Callable[..., Any]] = None
        self.bwd: Optional[Callable[..., Any]] = None
        self.nondiff = nondiff
        self.nargs = nargs
        self.diff_tree = diff_tree
        self.out_tree: Optional[TreeDef] = None
        self.n_out = 0
        self.packed = False
        self.res_tree: Optional[TreeDef] = None
        self.res_arrays: tuple[bool, ...] = ()

    @override
    def __repr__(self) -> str:
        return self.name

    def diff_args(self, leaves: Sequence[Any]) -> tuple[Any, ...]:
        """The differentiable arguments, rebuilt from the node's arguments."""
        return cast(tuple[Any, ...], tree_unflatten(self.diff_tree, leaves))

    def full_args(self, leaves: Sequence[Any]) -> list[Any]:
        """Every argument in its position, rebuilt from the node's arguments."""
        diff = iter(self.diff_args(leaves))
        return [self.nondiff[i] if i in self.nondiff else next(diff) for i in range(self.nargs)]

    def nondiff_first(self) -> list[Any]:
        """The non-differentiable arguments, in order: what the rules get first."""
        return [self.nondiff[i] for i in sorted(self.nondiff)]

    def outputs(self, out: Any, what: str) -> list[Any]:
        """The leaves of an output, as arrays; a traced one means a closure."""
        leaves, tree = tree_flatten(out)
        _refuse_closure(leaves, self, what)
        self.out_tree = tree
        self.n_out = len(leaves)
        return [_as_array(v) for v in leaves]


def _as_array(v: Any) -> Any:
    if type(v) is np.ndarray or isinstance(v, np.generic):
        return v
    if isinstance(v, (bool, int, float)):
        return np.asarray(v)
    return v


def _refuse_closure(leaves: Sequence[Any], call: _Call, what: str) -> None:
    for v in leaves:
        if type(v) is Tracer:
            raise TypeError(
                f"fad.{call.what} function {call.name}: {what} depends on a traced value "
                f"that {call.name} did not receive as an argument (it closes over it, or "
                f"reads it from a global): it is being differentiated by "
                f"{v._trace.name}, and the custom rule says nothing about the derivative "
                f"with respect to it (JAX refuses this too). Pass that value to "
                f"{call.name} as an argument, and give the rule its derivative"
                + (" (return None for its cotangent if it has none)." if call.what == "custom_vjp" else ".")
            )


def _is_float(x: Any) -> bool:
    dt = getattr(x, "dtype", None)
    if dt is None:
        dt = np.result_type(x)
    return bool(np.issubdtype(dt, np.inexact))


def _dtype(x: Any) -> Any:
    d = getattr(x, "dtype", None)
    return d if d is not None else np.result_type(x)


def _zeros(x: Any) -> Any:
    dt = _dtype(x)
    return np.zeros(shape_of(x), dt if np.issubdtype(dt, np.inexact) else np.float64)


def _nbatch(d: Any, like: Any) -> int:
    return len(shape_of(d)) - len(shape_of(like))


def _fit(d: Any, like: Any, nb: int) -> Any:
    """A (co)tangent with ``nb`` batch axes, cast and broadcast to ``like``'s
    dtype and shape (a rule may return a smaller, broadcastable one)."""
    ops = _tracer.array_ops
    if _dtype(d) != _dtype(like) and _is_float(like):
        d = ops.astype(d, _dtype(like))
    s = shape_of(like)
    if tuple(shape_of(d)[nb:]) != tuple(s) or len(shape_of(d)) != nb + len(s):
        d = ops.broadcast_batched(d, s, nb)
    return d


def _items(call: _Call, ybar: Any) -> list[Any]:
    """The cotangents (or tangents) of the output leaves, None for zeros."""
    if not call.packed:
        return [ybar]
    assert type(ybar) is _Parts  # the sweeps hand a tuple-valued node a _Parts
    return list(ybar.items)


def _first_batch(pairs: Sequence[tuple[Any, Any]]) -> int:
    for d, like in pairs:
        if d is not None:
            return _nbatch(d, like)
    return 0


def _pull(box: list[_Traced], cts: Sequence[Any], nb: int) -> list[Any]:
    """Cotangents of a traced function's inputs (None for zeros) given its
    outputs' (None too). The record is taken out of ``box`` and dropped before
    the sweep, which then frees each node's values as soon as it is done with
    it (checkpoint relies on this: a block's values go as the sweep passes)."""
    t = box.pop()
    ids = [n.id for n in t.in_nodes]
    xs = t.in_leaves
    hold = t.trace.holding
    # only the iterator holds the seeds, and it lets go of them once read
    seeds = iter([(n, c) for n, c in zip(t.out_nodes, cts) if n is not None and c is not None])
    del t
    got = backward(seeds, nb, hold)
    return [None if got.get(i) is None else _fit(got[i], x, nb) for i, x in zip(ids, xs)]


def _traced_on(
    fun: Callable[..., Any], leaves: Sequence[Any], which: Sequence[int], transform: str
) -> _Traced:
    """``fun(*leaves)`` traced with only the leaves at ``which`` as inputs."""
    fixed = list(leaves)

    def of(*picked: Any) -> Any:
        args = list(fixed)
        for i, v in zip(which, picked):
            args[i] = v
        return fun(*args)

    of.__name__ = getattr(fun, "__name__", transform)
    return _record(of, tuple(leaves[i] for i in which), False, transform)


class _Signature:
    """What resolving a call of ``fun`` needs, read once per function.

    ``full`` is how many positional arguments leave no default to fill in: the
    number of positional parameters when some of them have defaults, 0 when
    none do (or the signature cannot be read). A call with no keyword
    arguments and exactly ``full`` positional ones (or any number, if ``full``
    is 0) is already resolved.
    """

    __slots__ = ("fun", "sig", "full", "defaults")

    def __init__(self, fun: Callable[..., Any]) -> None:
        self.fun = fun
        try:
            self.sig: Optional[inspect.Signature] = inspect.signature(fun)
        except (TypeError, ValueError):  # a builtin, say: nothing to fill in
            self.sig = None
        positional = (
            []
            if self.sig is None
            else [
                p
                for p in self.sig.parameters.values()
                if p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
            ]
        )
        self.defaults = [(p.name, p.default) for p in positional if p.default is not inspect.Parameter.empty]
        self.full = len(positional) if self.defaults else 0


def _resolve(info: _Signature, args: tuple[Any, ...], kwargs: dict[str, Any], what: str) -> tuple[Any, ...]:
    """Every positional parameter's argument, by position, as ``jax``'s
    ``_resolve_kwargs`` gives them: keyword arguments mapped to their positions
    and defaults filled in, so the rules see the same arguments however the
    function was called (they take positional ones only)."""
    if not kwargs and (info.full == 0 or len(args) == info.full):
        return args
    fun = info.fun
    sig = info.sig if info.sig is not None else inspect.signature(fun)
    try:
        ba = sig.bind(*args, **kwargs)
    except TypeError as e:
        raise TypeError(f"fad.{what} function {_name(fun)}: {e}") from None
    for name, default in info.defaults:
        ba.arguments.setdefault(name, default)
    if ba.kwargs:
        raise TypeError(
            f"fad.{what} function {_name(fun)} was called with keyword arguments that do not "
            f"map to positional parameters ({', '.join(ba.kwargs)}); custom rules take "
            "positional arguments only. Pass them by position."
        )
    return tuple(ba.args)


def _name(fun: Callable[..., Any]) -> str:
    return str(getattr(fun, "__name__", type(fun).__name__))


def _norm_nondiff(nums: Sequence[int], nargs: int, name: str, what: str, label: str) -> frozenset[int]:
    out = set()
    for i in nums:
        if not -nargs <= i < nargs:
            raise TypeError(
                f"fad.{what} function {name}: {label}={tuple(nums)!r} does not fit a call with "
                f"{nargs} positional argument(s)."
            )
        out.add(i % nargs)
    return frozenset(out)


def _has_tracer(leaves: Sequence[Any]) -> bool:
    for x in leaves:
        if type(x) is Tracer:
            return True
    return False


def _split(
    fun: Callable[..., Any], args: tuple[Any, ...], nums: Sequence[int], what: str, label: str, concretize: bool
) -> tuple[dict[int, Any], list[Any], TreeDef]:
    """Split a call's arguments into non-differentiable ones (by position) and
    the leaves of the differentiable ones."""
    nondiff: dict[int, Any] = {}
    if nums:
        pos = _norm_nondiff(nums, len(args), _name(fun), what, label)
        for i in pos:
            leaves, td = tree_flatten(args[i])
            if _has_tracer(leaves):
                if not concretize:
                    raise TypeError(
                        f"fad.{what} function {_name(fun)}: argument {i} is in {label} but "
                        "holds a traced value. Those arguments must not be traced values "
                        "(use them for functions, shapes, flags and the like): pass that "
                        "array as an ordinary argument"
                        + (", and return None for its cotangent from bwd." if what == "custom_vjp" else ".")
                    )
                # JAX's custom_jvp: a traced value in a nondiff position is a constant
                args_i = tree_unflatten(td, [concrete(x) for x in leaves])
            else:
                args_i = args[i]
            nondiff[i] = args_i
    diff = tuple(a for i, a in enumerate(args) if i not in nondiff)
    leaves, tree = tree_flatten(diff)
    return nondiff, leaves, tree


_PLAIN = frozenset({np.ndarray, float, int, bool, np.float64, np.float32})


def _untraced(fun: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """Whether a call is plainly untraced (plain arrays and numbers only): then
    the function just runs, with nothing to check or split."""
    if kwargs:
        return False
    for a in args:
        if type(a) not in _PLAIN:
            return False
    return True


def _plain_result(out: Any, fun: Callable[..., Any], what: str) -> Any:
    """An untraced call's output, refused if a closed-over traced value reached it."""
    if type(out) not in _PLAIN:
        _refuse_closure(tree_flatten(out)[0], _Call(what, _name(fun), fun, {}, 0, _EMPTY), "its output")
    return out


class _CustomPrimitive(Primitive):
    """The primitive of custom calls. Called directly (as ``fad.testing``
    replays a graph, one primitive at a time), it returns the decorated
    function's output, not its node's tuple of items."""

    __slots__ = ()

    @override
    def __call__(self, *args: Any, **params: Any) -> Any:
        call: _Call = params["call"]
        return _unpack(bind(self, *args, call=call), call)


def _unpack(y: Any, call: _Call) -> Any:
    assert call.out_tree is not None  # set by the implementation, which has run
    if not call.packed:
        return tree_unflatten(call.out_tree, [y])
    count = call.n_out + len(call.res_arrays)
    return tree_unflatten(call.out_tree, [_part(y, i, count) for i in range(call.n_out)])


# ---------------------------------------------------------------------------
# custom_jvp


def _leaves_up_to(obj: Any, tree: TreeDef) -> Optional[list[Any]]:
    """The leaves of ``obj`` as a pytree of structure ``tree``, where None may
    stand in for a leaf or a whole subtree (a zero): one entry per leaf of
    ``tree``, None for those. None if the structures do not match otherwise."""
    leaves, have = tree_flatten(obj)
    if have == tree:
        return leaves
    it = iter(leaves)
    out: list[Any] = []
    stack = [(tree, have)]
    while stack:
        want, got = stack.pop()
        if got.kind is type(None):  # a zero for everything below
            out.extend([None] * want.num_leaves)
        elif want.kind is None:
            if got.kind is not None:
                return None
            out.append(next(it))
        elif got.kind is not want.kind or got.aux != want.aux or len(got.children) != len(want.children):
            return None
        else:
            stack.extend(reversed(list(zip(want.children, got.children))))
    return out


def _broadcasts(s: tuple[int, ...], to: tuple[int, ...]) -> bool:
    """Whether an array of shape ``s`` broadcasts to shape ``to``."""
    if len(s) > len(to):
        return False
    return all(a == b or a == 1 for a, b in zip(s[::-1], to[::-1]))


def _call_rule(call: _Call, primals: Sequence[Any], tangents: Sequence[Any], outs: Sequence[Any]) -> list[Any]:
    """The rule's output tangent leaves (None where the rule gave None), each
    checked against its output leaf ``outs[k]``: its shape must broadcast to
    the output's (the tangents here carry no batch axes)."""
    assert call.rule is not None
    got = call.rule(*call.nondiff_first(), call.diff_args(primals), call.diff_args(tangents))
    if not (isinstance(got, (tuple, list)) and len(got) == 2):
        raise TypeError(
            f"The JVP rule of fad.custom_jvp function {call.name} must return a pair "
            f"(primal_out, tangent_out); it returned {type(got).__name__}."
        )
    tan = got[1]
    assert call.out_tree is not None
    if tan is None:
        return [None] * call.n_out
    leaves = _leaves_up_to(tan, call.out_tree)
    if leaves is None:
        raise TypeError(
            f"The JVP rule of fad.custom_jvp function {call.name} returned a tangent of "
            f"structure {tree_flatten(tan)[1]}, but {call.name} returns {call.out_tree}: the "
            "tangent must have the output's structure (None stands for a zero tangent of "
            "a leaf or of a whole part)."
        )
    for k, (d, o) in enumerate(zip(leaves, outs)):
        if d is not None and not _broadcasts(tuple(shape_of(d)), tuple(shape_of(o))):
            raise ValueError(
                f"The JVP rule of fad.custom_jvp function {call.name} returned a tangent "
                f"of shape {tuple(shape_of(d))} for an output of shape {tuple(shape_of(o))}"
                + (f" (output {leaf_paths(call.out_tree)[k]})" if call.n_out > 1 else "")
                + ": it must have the output's shape (or one that broadcasts to it)."
            )
    return leaves


def _jvp_impl(*leaves: Any, call: _Call) -> Any:
    outs = call.outputs(call.fun(*call.full_args(leaves)), "its output")
    call.packed = len(outs) != 1
    return tuple(outs) if call.packed else outs[0]


def _out_values(call: _Call, y: Any) -> list[Any]:
    """The output leaves' plain values (for their shapes and dtypes)."""
    v = concrete(y)
    return list(v[: call.n_out]) if call.packed else [v]


def _jvp_call_jvp(xdots: Sequence[Any], y: Any, *leaves: Any, call: _Call) -> Any:
    outs = _out_values(call, y)
    nb = _first_batch(list(zip(xdots, leaves)))
    if nb == 0:
        tangents = [_zeros(x) if d is None else d for d, x in zip(xdots, leaves)]
        ds = _call_rule(call, leaves, tangents, outs)
    else:  # a batch: push it through the rule's tangent map, traced once
        which = [i for i, d in enumerate(xdots) if d is not None]
        t = _traced_on(_tangent_map(call, leaves, outs), [_zeros(x) for x in leaves], which, "custom_jvp")
        ds = ForwardPlan(t.in_nodes, t.out_nodes).push([xdots[i] for i in which], nb)
    ds = [None if d is None or not _is_float(o) else _fit(d, o, nb) for d, o in zip(ds, outs)]
    return _Parts(ds) if call.packed else ds[0]


def _tangent_map(call: _Call, primals: Sequence[Any], outs: Sequence[Any]) -> Callable[..., Any]:
    """The rule's output tangents as a function of the input tangents (linear in
    them), each of its output's shape and dtype (0.0 stands for a zero)."""

    def tangent_map(*tangents: Any) -> tuple[Any, ...]:
        ds = _call_rule(call, primals, tangents, outs)
        return tuple(0.0 if d is None or not _is_float(o) else _fit(d, o, 0) for d, o in zip(ds, outs))

    tangent_map.__name__ = call.name
    return tangent_map


def _jvp_call_vjp(needed: Sequence[bool], y: Any, ybar: Any, *leaves: Any, call: _Call) -> list[Any]:
    cts = _items(call, ybar)
    outs = _out_values(call, y)
    which = [i for i, n in enumerate(needed) if n]
    box = [_traced_on(_tangent_map(call, leaves, outs), [_zeros(x) for x in leaves], which, "custom_jvp")]
    got = _pull(box, cts, _first_batch(list(zip(cts, outs))))
    out: list[Any] = [None] * len(leaves)
    for i, g in zip(which, got):
        out[i] = g
    return out


_custom_jvp_p = _CustomPrimitive("custom_jvp_call", _jvp_impl, kind="structural", saves=("xs",))
_custom_jvp_p.vjp_joint = _jvp_call_vjp
_custom_jvp_p.jvp = _jvp_call_jvp


class custom_jvp(Generic[P, R]):
    """A function with a JVP rule of your own, as ``jax.custom_jvp``.

    Decorate the function, then give it its rule with ``@f.defjvp``. The rule
    ``rule(primals, tangents) -> (primal_out, tangent_out)`` takes tuples of the
    (differentiable) arguments and their tangents, and returns the output and
    its tangent, with the output's structure (None, in place of the tangent or
    of any part of it, is a zero; a leaf may have any shape that broadcasts to
    its output's). Defaults are filled in: the rule gets every positional
    parameter, however the function was called. It is written with fad.numpy (or
    NumPy) functions, and fad differentiates it: every transform uses it, to
    any order; reverse mode transposes its tangent map (which must be linear in
    the tangents). Arguments at ``nondiff_argnums`` are passed to the rule
    first, before ``primals``, and carry no derivative (a traced value there
    counts as a constant). Called on untraced values, the function just runs.

    Args:
        fun: the function; its body is ordinary fad/NumPy code.
        nondiff_argnums: positions of arguments that are not differentiated.

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> @fad.custom_jvp
        ... def log1pexp(x):
        ...     return fnp.log(1.0 + fnp.exp(x))
        >>> @log1pexp.defjvp
        ... def log1pexp_jvp(primals, tangents):
        ...     (x,), (xdot,) = primals, tangents
        ...     return log1pexp(x), xdot * (1.0 - 1.0 / (1.0 + fnp.exp(x)))
        >>> float(fad.grad(log1pexp)(100.0))
        1.0
    """

    def __init__(self, fun: Callable[P, R], nondiff_argnums: Sequence[int] = ()) -> None:
        self.fun: Callable[..., Any] = fun
        self.nondiff_argnums = tuple(nondiff_argnums)
        self.jvp: Optional[Callable[..., Any]] = None
        functools.update_wrapper(self, fun)
        self._signature = _Signature(fun)  # after update_wrapper, which copies fun's __dict__

    def defjvp(self, jvp: Callable[..., Any]) -> Callable[..., Any]:
        """Set the JVP rule (usable as a decorator).

        Args:
            jvp: ``jvp(*nondiff_args, primals, tangents) -> (primal_out, tangent_out)``.

        Returns:
            ``jvp`` itself.
        """
        self.jvp = jvp
        return jvp

    def defjvps(self, *jvps: Optional[Callable[..., Any]]) -> None:
        """Set the JVP rule as one part per argument, added up (JAX's ``defjvps``).

        Args:
            *jvps: one ``jvp_i(tangent_i, primal_out, *primals) -> tangent_out``
                per argument (its share of the output's tangent), or None for an
                argument that contributes nothing.

        Example:
            >>> import fad, fad.numpy as fnp
            >>> @fad.custom_jvp
            ... def f(x, y):
            ...     return fnp.sin(x) * y
            >>> f.defjvps(lambda xd, ans, x, y: fnp.cos(x) * xd * y,
            ...           lambda yd, ans, x, y: fnp.sin(x) * yd)
            >>> float(fad.grad(f, 1)(0.5, 2.0)) == float(fnp.sin(0.5))
            True
        """
        if self.nondiff_argnums:
            raise TypeError(
                f"fad.custom_jvp function {_name(self.fun)}: defjvps cannot be used with "
                "nondiff_argnums (as in JAX); write the rule with defjvp."
            )
        fun = self.fun

        def jvp(primals: Sequence[Any], tangents: Sequence[Any]) -> tuple[Any, Any]:
            ans = fun(*primals)
            ans_leaves, tree = tree_flatten(ans)
            total: list[Any] = [None] * len(ans_leaves)
            for part, t in zip(jvps, tangents):
                if part is None:
                    continue
                got = tree_flatten(part(t, ans, *primals))[0]
                total = [g if s is None else s + g for s, g in zip(total, got)]
            return ans, tree_unflatten(tree, [np.zeros_like(concrete(a)) if d is None else d for d, a in zip(total, ans_leaves)])

        self.jvp = jvp

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        name = _name(self.fun)
        if self.jvp is None:
            raise AttributeError(
                f"fad.custom_jvp function {name} has no JVP rule: define one with "
                f"@{name}.defjvp before calling it."
            )
        if _untraced(self.fun, args, kwargs):
            return cast(R, _plain_result(self.fun(*args), self.fun, "custom_jvp"))
        full = _resolve(self._signature, args, kwargs, "custom_jvp")
        nondiff, leaves, tree = _split(self.fun, full, self.nondiff_argnums, "custom_jvp", "nondiff_argnums", True)
        call = _Call("custom_jvp", name, self.fun, nondiff, len(full), tree)
        if not _has_tracer(leaves):  # nothing to differentiate: just run it
            out = self.fun(*call.full_args(leaves))
            call.outputs(out, "its output")
            return cast(R, out)
        call.rule = self.jvp
        return cast(R, _unpack(bind(_custom_jvp_p, *leaves, call=call), call))


# ---------------------------------------------------------------------------
# custom_vjp


def _vjp_impl(*leaves: Any, call: _Call) -> Any:
    assert call.fwd is not None
    got = call.fwd(*call.full_args(leaves))
    if not (isinstance(got, (tuple, list)) and len(got) == 2):
        raise TypeError(
            f"The fwd rule of fad.custom_vjp function {call.name} must return a pair "
            f"(output, residuals); it returned {type(got).__name__}."
        )
    outs = call.outputs(got[0], "the output of its fwd rule")
    res, call.res_tree = tree_flatten(got[1])
    _refuse_closure(res, call, "the residuals of its fwd rule")
    res = [_as_array(r) for r in res]
    call.res_arrays = tuple(type(r) is np.ndarray or isinstance(r, np.generic) for r in res)
    call.packed = True
    return tuple(outs) + tuple(res)


def _custom_vjp_jvp(xdots: Sequence[Any], y: Any, *leaves: Any, call: _Call) -> Any:
    raise TypeError(
        f"fad.custom_vjp function {call.name} cannot be differentiated in forward mode "
        "(jvp, jacfwd, linearize, or the outer jacfwd of hessian): its rule only pulls "
        "cotangents back. Use reverse mode (grad, vjp, jacrev; for a Hessian, "
        f"fad.jacrev(fad.jacrev(f))), or define {call.name} with fad.custom_jvp instead, "
        "from which fad derives both modes."
    )


def _bwd_leaves(call: _Call, got: Any, leaves: Sequence[Any]) -> list[Any]:
    """``bwd``'s result as one cotangent per node argument (None for zeros)."""
    diff = call.diff_args(leaves)
    if not (isinstance(got, (tuple, list)) and len(got) == len(diff)):
        raise TypeError(
            f"The bwd rule of fad.custom_vjp function {call.name} must return a tuple with "
            f"one cotangent per differentiable argument ({len(diff)}; None for a zero), "
            f"but returned {type(got).__name__}"
            + (f" of length {len(got)}." if isinstance(got, (tuple, list)) else ".")
        )
    out: list[Any] = []
    for k, (g, a) in enumerate(zip(got, diff)):
        a_leaves, a_tree = tree_flatten(a)
        if g is None:
            out.extend([None] * len(a_leaves))
            continue
        g_leaves = _leaves_up_to(g, a_tree)
        if g_leaves is None:
            raise TypeError(
                f"The bwd rule of fad.custom_vjp function {call.name} returned a cotangent "
                f"of structure {tree_flatten(g)[1]} for differentiable argument {k}, whose "
                f"structure is {a_tree}: they must match (None stands for a zero cotangent, "
                "of the whole argument or of any part of it)."
            )
        for c, x in zip(g_leaves, a_leaves):
            if c is not None and shape_of(c) != shape_of(x):
                raise ValueError(
                    f"The bwd rule of fad.custom_vjp function {call.name} returned a "
                    f"cotangent of shape {shape_of(c)} for an argument of shape "
                    f"{shape_of(x)} (differentiable argument {k}): they must match."
                )
            out.append(c)
    return out


def _custom_vjp_vjp(needed: Sequence[bool], y: Any, ybar: Any, *leaves: Any, call: _Call) -> list[Any]:
    assert call.bwd is not None and call.res_tree is not None
    items = _items(call, ybar)
    out_cts, res_cts = items[: call.n_out], items[call.n_out :]
    count = len(items)
    total: list[Any] = [None] * len(leaves)

    def add(i: int, g: Any) -> None:
        if g is not None and needed[i] and _is_float(leaves[i]):
            total[i] = g if total[i] is None else total[i] + g

    if any(c is not None for c in out_cts):
        outs = _out_values(call, y)
        res = [
            _part(y, call.n_out + k, count) if is_array else concrete(y)[call.n_out + k]
            for k, is_array in enumerate(call.res_arrays)
        ]
        residuals = tree_unflatten(call.res_tree, res)
        nb = _first_batch(list(zip(out_cts, outs)))
        assert call.out_tree is not None

        def bwd(cts: Sequence[Any]) -> list[Any]:
            ct = tree_unflatten(call.out_tree, [_zeros(o) if c is None else c for c, o in zip(cts, outs)])  # type: ignore[arg-type]
            return _bwd_leaves(call, call.bwd(*call.nondiff_first(), residuals, ct), leaves)  # type: ignore[misc]

        if nb == 0:
            got = bwd(out_cts)
        else:  # a batch of cotangents: bwd takes one at a time
            ops = _tracer.array_ops
            batch = next(shape_of(c)[:nb] for c in out_cts if c is not None)
            n = int(np.prod(batch, dtype=np.int64))
            flat = [None if c is None else ops.reshape(c, (n,) + tuple(shape_of(c)[nb:])) for c in out_cts]
            rows = [bwd([None if c is None else c[k] for c in flat]) for k in range(n)]
            got = []
            for i, x in enumerate(leaves):
                col = [r[i] for r in rows]
                if all(c is None for c in col):
                    got.append(None)
                    continue
                col = [_zeros(x) if c is None else c for c in col]
                got.append(ops.reshape(ops.stack(col), tuple(batch) + tuple(shape_of(x))))
        for i, (g, x) in enumerate(zip(got, leaves)):
            add(i, None if g is None else _fit(g, x, nb))
    if any(c is not None for c in res_cts):
        # the residuals' own cotangents (a higher-order sweep differentiates bwd
        # through them): pull them back through fwd, by ordinary AD
        which = [i for i, n in enumerate(needed) if n and _is_float(leaves[i])]
        arrays = [k for k, a in enumerate(call.res_arrays) if a]
        fwd = call.fwd
        assert fwd is not None

        def residuals_of(*ls: Any) -> tuple[Any, ...]:
            r = tree_flatten(fwd(*call.full_args(ls))[1])[0]
            return tuple(r[k] for k in arrays)

        cts = [res_cts[k] for k in arrays]
        rv = concrete(y)[call.n_out :]
        nb = _first_batch([(cts[j], rv[k]) for j, k in enumerate(arrays)])
        box = [_traced_on(residuals_of, leaves, which, "custom_vjp")]
        for i, g in zip(which, _pull(box, cts, nb)):
            add(i, g)
    return total


_custom_vjp_p = _CustomPrimitive("custom_vjp_call", _vjp_impl, kind="structural")
_custom_vjp_p.vjp_joint = _custom_vjp_vjp
_custom_vjp_p.jvp = _custom_vjp_jvp


class custom_vjp(Generic[P, R]):
    """A function with a VJP rule of your own, as ``jax.custom_vjp``.

    Decorate the function, then give it its rule with ``f.defvjp(fwd, bwd)``:
    ``fwd(*args) -> (out, residuals)`` runs in its place under reverse mode and
    returns what ``bwd`` needs; ``bwd(residuals, ct) -> tuple`` returns one
    cotangent per differentiable argument (a pytree like the argument, in which
    None, in place of the whole or of any part, is a zero). Both get every
    positional parameter, defaults filled in. Arguments at ``nondiff_argnums`` are passed to ``bwd`` first
    and get no cotangent; they must not be traced values. Written with
    fad.numpy functions, ``bwd`` differentiates again, so reverse mode works to
    any order; forward mode (``jvp``, ``jacfwd``, ``hessian``) through the
    function is a TypeError. Called on untraced values, the function just runs.

    Args:
        fun: the function; its body is ordinary fad/NumPy code.
        nondiff_argnums: positions of non-differentiable (untraced) arguments.

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> @fad.custom_vjp
        ... def clip_gradient(x):
        ...     return x
        >>> clip_gradient.defvjp(lambda x: (x, None),
        ...                      lambda _, g: (fnp.clip(g, -1.0, 1.0),))
        >>> float(fad.grad(lambda x: 5.0 * clip_gradient(x))(2.0))
        1.0
    """

    def __init__(self, fun: Callable[P, R], nondiff_argnums: Sequence[int] = ()) -> None:
        self.fun: Callable[..., Any] = fun
        self.nondiff_argnums = tuple(nondiff_argnums)
        self.fwd: Optional[Callable[..., Any]] = None
        self.bwd: Optional[Callable[..., Any]] = None
        functools.update_wrapper(self, fun)
        self._signature = _Signature(fun)  # after update_wrapper, which copies fun's __dict__

    def defvjp(self, fwd: Callable[..., Any], bwd: Callable[..., Any]) -> None:
        """Set the rule.

        Args:
            fwd: ``fwd(*args) -> (out, residuals)``, with ``fun``'s arguments.
            bwd: ``bwd(*nondiff_args, residuals, ct) -> tuple`` of cotangents,
                one per differentiable argument (None for a zero).
        """
        self.fwd = fwd
        self.bwd = bwd

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        name = _name(self.fun)
        if self.fwd is None or self.bwd is None:
            raise AttributeError(
                f"fad.custom_vjp function {name} has no VJP rule: define one with "
                f"{name}.defvjp(fwd, bwd) before calling it."
            )
        if _untraced(self.fun, args, kwargs):
            return cast(R, _plain_result(self.fun(*args), self.fun, "custom_vjp"))
        full = _resolve(self._signature, args, kwargs, "custom_vjp")
        nondiff, leaves, tree = _split(self.fun, full, self.nondiff_argnums, "custom_vjp", "nondiff_argnums", False)
        call = _Call("custom_vjp", name, self.fun, nondiff, len(full), tree)
        if not _has_tracer(leaves):
            out = self.fun(*full)
            call.outputs(out, "its output")
            return cast(R, out)
        call.fwd, call.bwd = self.fwd, self.bwd
        return cast(R, _unpack(bind(_custom_vjp_p, *leaves, call=call), call))


# ---------------------------------------------------------------------------
# checkpoint


def _ckpt_impl(*leaves: Any, call: _Call) -> Any:
    return _jvp_impl(*leaves, call=call)


def _flat_fun(call: _Call) -> Callable[..., tuple[Any, ...]]:
    def block(*leaves: Any) -> tuple[Any, ...]:
        return tuple(tree_flatten(call.fun(*call.full_args(leaves)))[0])

    block.__name__ = call.name
    return block


def _ckpt_vjp(needed: Sequence[bool], y: Any, ybar: Any, *leaves: Any, call: _Call) -> list[Any]:
    # the block again, traced from its inputs: its values live only while this
    # rule runs (the sweep drops each as soon as it is done)
    which = [i for i, n in enumerate(needed) if n]
    cts = _items(call, ybar)
    nb = _first_batch(list(zip(cts, _out_values(call, y))))
    box = [_traced_on(_flat_fun(call), leaves, which, "checkpoint")]
    out: list[Any] = [None] * len(leaves)
    for i, g in zip(which, _pull(box, cts, nb)):
        out[i] = g
    return out


def _ckpt_jvp(xdots: Sequence[Any], y: Any, *leaves: Any, call: _Call) -> Any:
    which = [i for i, d in enumerate(xdots) if d is not None]
    t = _traced_on(_flat_fun(call), leaves, which, "checkpoint")
    nb = _first_batch([(xdots[i], leaves[i]) for i in which])
    ds = ForwardPlan(t.in_nodes, t.out_nodes).push([xdots[i] for i in which], nb)
    ds = [None if d is None or not _is_float(v) else _fit(d, v, nb) for d, v in zip(ds, t.out_values)]
    return _Parts(ds) if call.packed else ds[0]


_checkpoint_p = _CustomPrimitive("checkpoint", _ckpt_impl, kind="structural", saves=("xs",))
_checkpoint_p.vjp_joint = _ckpt_vjp
_checkpoint_p.jvp = _ckpt_jvp


@overload
def checkpoint(
    fun: Callable[P, R], *, prevent_cse: bool = True, policy: None = None, static_argnums: Union[int, Sequence[int]] = ()
) -> Callable[P, R]: ...
@overload
def checkpoint(
    fun: None = None, *, prevent_cse: bool = True, policy: None = None, static_argnums: Union[int, Sequence[int]] = ()
) -> Callable[[Callable[P, R]], Callable[P, R]]: ...
def checkpoint(
    fun: Optional[Callable[P, R]] = None,
    *,
    prevent_cse: bool = True,
    policy: None = None,
    static_argnums: Union[int, Sequence[int]] = (),
) -> Any:
    """Recompute a block's values in the reverse sweep instead of keeping them,
    as ``jax.checkpoint`` (also ``fad.remat``).

    Under a transform, the block runs untraced: of its values only its inputs
    are kept. When the reverse sweep reaches it, the block is traced again from
    those inputs and swept at once, so only one block's values are alive at a
    time. Values and derivatives are those of ``fun``, at every order and in
    both modes; the price is running the block twice. The block must receive
    every traced value it uses as an argument (closing over one is a
    TypeError saying so).

    Args:
        fun: the block, a function of arrays (pytrees allowed). Omit it to use
            ``checkpoint(static_argnums=...)`` as a decorator.
        prevent_cse: accepted for JAX's signature; fad has no compiler to
            merge the recomputation away, so it has no effect.
        policy: JAX's policies of what else to save; only None (save the
            inputs alone) is supported.
        static_argnums: positions of non-array arguments (flags, shapes,
            functions), passed through unchanged.

    Returns:
        The checkpointed function.

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> @fad.checkpoint
        ... def block(x):
        ...     return fnp.sin(fnp.sin(x))
        >>> x = 0.5
        >>> bool(np.isclose(fad.grad(block)(x), np.cos(np.sin(x)) * np.cos(x)))
        True
    """
    if policy is not None:
        raise TypeError(
            "fad.checkpoint supports policy=None only: it keeps a block's inputs and "
            "recomputes everything else. Checkpoint smaller blocks to keep more."
        )
    nums = (static_argnums,) if isinstance(static_argnums, int) else tuple(static_argnums)
    if fun is None:
        return functools.partial(checkpoint, prevent_cse=prevent_cse, policy=policy, static_argnums=nums)
    f: Callable[..., Any] = fun
    name = _name(f)
    signature = _Signature(f)

    @functools.wraps(f)
    def checkpointed(*args: Any, **kwargs: Any) -> Any:
        if _untraced(f, args, kwargs):
            return _plain_result(f(*args), f, "checkpoint")
        full = _resolve(signature, args, kwargs, "checkpoint")
        nondiff, leaves, tree = _split(f, full, nums, "checkpoint", "static_argnums", False)
        call = _Call("checkpoint", name, f, nondiff, len(full), tree)
        if not _has_tracer(leaves):
            out = f(*full)
            call.outputs(out, "its output")
            return out
        return _unpack(bind(_checkpoint_p, *leaves, call=call), call)

    return checkpointed


remat = checkpoint


seal_carriers(_part_p, _custom_jvp_p, _custom_vjp_p, _checkpoint_p)  # their names are fad's
