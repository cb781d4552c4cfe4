"""The immutable expression tree: nodes, orderings, printing and DOT output.

A :class:`Node` is one application of a primitive, recorded by a trace. It is a
tuple, so it cannot be changed after it is made, and it compares and hashes by
identity (never by walking its parents), so equality, hashing and ``repr`` are
O(1) however deep the graph is. Every walk over the graph in this module uses an
explicit stack: none of them recurses.
"""

from __future__ import annotations

import enum
import itertools

from typing import Any, Callable, Iterable, Mapping, NamedTuple, Optional, Protocol, Sequence

import numpy as np
from typing_extensions import override

__all__ = [
    "Kind",
    "Op",
    "Node",
    "Params",
    "Elided",
    "shape_of",
    "toposort",
    "format_graph",
    "to_dot",
    "new_id",
    "leaf",
    "EMPTY_PARAMS",
]


def _read_only(self: Any, *args: Any, **kwargs: Any) -> Any:
    raise TypeError("a node's params are read-only")


class Params(dict):  # type: ignore[type-arg]
    """A node's keyword parameters: a dict that cannot be changed.

    It is a ``dict`` subclass (not a ``MappingProxyType``) because ``**params``
    of a true dict is about three times faster, and the sweeps pass a node's
    params to its rules that way for every node.

    Example:
        >>> p = Params(axis=(-1,))
        >>> p["axis"] = (0,)
        Traceback (most recent call last):
          ...
        TypeError: a node's params are read-only
    """

    __slots__ = ()
    __setitem__ = __delitem__ = _read_only
    clear = pop = popitem = setdefault = update = __ior__ = _read_only


EMPTY_PARAMS: Mapping[str, Any] = Params()

_ids = itertools.count(1)
new_id = _ids.__next__
"""Return a fresh node id. Ids grow with creation time, so a node's id is
always larger than its parents' ids: sorting by id is a topological order."""


class Kind(enum.Enum):
    """How a primitive's rules treat shapes; the sweeps act on it."""

    ELEMENTWISE = "elementwise"
    """A broadcasting elementwise map, whose rules are elementwise too: the
    sweeps broadcast its tangents to the output's shape, sum its cotangents back
    to each argument's shape, and pass batches through as leading axes."""
    STRUCTURAL = "structural"
    """fad's own rank-aware primitives: the rules accept leading batch axes and
    return (co)tangents of exactly the argument's (output's) shape, so the
    sweeps check nothing."""
    BATCHED = "batched"
    """Rules that accept leading batch axes; the sweeps check (co)tangent shapes
    and sum broadcast ones back."""
    PLAIN = "plain"
    """Rules that see one (co)tangent at a time: the sweeps loop over a batch,
    and check shapes."""


class Op(Protocol):
    """What the graph and the sweeps need of a node's operation.

    ``fad._primitive.Primitive`` is the one implementation; the interface is
    declared here, at the bottom of the core, so that every layer above (the
    trace, the sweeps) depends on it and not on the layer that defines
    primitives (graph <- trace <- primitive <- sweeps <- transforms).
    """

    name: str
    impl: Callable[..., Any]
    kind: Kind
    vjps: Sequence[Optional[Callable[..., Any]]]
    vjp_joint: Optional[Callable[..., Sequence[Any]]]
    jvp: Optional[Callable[..., Any]]
    saved_args: Optional[frozenset[int]]
    saves_output: bool

    def vjp_rule(self, argnum: int) -> Optional[Callable[..., Any]]:
        """The VJP rule of one argument (from the joint rule, if there is one)."""

    def missing_rule(self, kind: str, argnum: int) -> Exception:
        """The error for a derivative rule that does not exist."""


class Node(NamedTuple):
    """One recorded primitive application (or an input, when ``prim`` is None).

    Attributes:
        prim: the primitive applied, or None for an input of the trace.
        args: the argument values the primitive saw, one per argument. For an
            argument traced at this node's level this is the primal value; for
            anything else (a constant, or a tracer of an outer transform) it is
            the argument itself.
        parents: one entry per argument: the parent Node for arguments traced at
            this level, None for constants.
        params: keyword parameters of the primitive (read-only).
        value: the primal output.
        id: creation number; parents always have smaller ids.
    """

    prim: Optional[Op]
    args: tuple[Any, ...]
    parents: tuple[Optional["Node"], ...]
    params: Mapping[str, Any]
    value: Any
    id: int

    # Identity semantics: a tuple would compare (and hash, and print) by
    # recursing into its parents, which is both wrong and unbounded in depth.
    @override
    def __eq__(self, other: object) -> bool:
        return self is other

    @override
    def __ne__(self, other: object) -> bool:
        return self is not other

    @override
    def __hash__(self) -> int:
        return id(self)

    @override
    def __repr__(self) -> str:
        name = "input" if self.prim is None else self.prim.name
        shape = getattr(self.value, "shape", ())
        return f"<Node #{self.id} {name} shape={tuple(shape)}>"


class Elided:
    """Stands in a node for a value that none of its primitive's rules read.

    A primitive declares which of its values its derivative rules need (its
    residuals); a large array that is not needed is not kept by the node, so it
    can be freed as soon as the traced function no longer holds it. Only its
    shape and dtype remain, for shape bookkeeping and printing.

    Attributes:
        shape: the value's shape.
        dtype: the value's dtype.
    """

    __slots__ = ("shape", "dtype")

    def __init__(self, shape: tuple[int, ...], dtype: Any) -> None:
        self.shape = shape
        self.dtype = dtype

    @property
    def ndim(self) -> int:
        """The number of dimensions."""
        return len(self.shape)

    @property
    def size(self) -> int:
        """The number of elements."""
        n = 1
        for s in self.shape:
            n *= s
        return n

    @override
    def __repr__(self) -> str:
        return f"Elided({self.dtype}{list(self.shape)})"


def shape_of(x: Any) -> tuple[int, ...]:
    """The shape of an array, a NumPy scalar, a Tracer, an Elided stub or a number.

    Args:
        x: the value.

    Returns:
        Its shape (``()`` for a Python number).

    Example:
        >>> shape_of(2.0)
        ()
    """
    s = getattr(x, "shape", None)
    if s is None:
        return tuple(np.shape(x))
    return s  # type: ignore[no-any-return]


def leaf(value: Any) -> Node:
    """Make an input node holding ``value``.

    Args:
        value: the primal value of the input.

    Returns:
        A Node with no primitive and no parents.

    Example:
        >>> import numpy as np
        >>> leaf(np.zeros(2)).prim is None
        True
    """
    return tuple.__new__(Node, (None, (), (), EMPTY_PARAMS, value, new_id()))


def toposort(roots: Iterable[Optional[Node]]) -> list[Node]:
    """Every node reachable from ``roots``, parents before children.

    The walk uses an explicit stack, so graphs of any depth are fine.

    Args:
        roots: the nodes to start from (None entries are ignored).

    Returns:
        The reachable nodes in increasing id order, which is topological.

    Example:
        >>> a = leaf(1.0)
        >>> [n.id for n in toposort([a])] == [a.id]
        True
    """
    seen: dict[int, Node] = {}
    stack = [r for r in roots if r is not None]
    while stack:
        node = stack.pop()
        if node.id in seen:
            continue
        seen[node.id] = node
        for p in node.parents:
            if p is not None and p.id not in seen:
                stack.append(p)
    return [seen[i] for i in sorted(seen)]


def _describe(value: Any) -> str:
    shape = getattr(value, "shape", None)
    dtype = getattr(value, "dtype", None)
    if shape is None:
        return type(value).__name__
    return f"{dtype}{list(shape)}"


def _param_text(params: Mapping[str, Any]) -> str:
    if not params:
        return ""
    inner = ", ".join(f"{k}={v!r}" for k, v in params.items())
    return f"[{inner}]"


def format_graph(roots: Iterable[Optional[Node]]) -> str:
    """Render the graph below ``roots`` as text, one line per node.

    Args:
        roots: the output nodes.

    Returns:
        Lines of the form ``%7 = mul(%3, const) : float64[3]``.

    Example:
        >>> print(format_graph([leaf(2.0)]))
        %0 = input : float
    """
    nodes = toposort(roots)
    names = {n.id: f"%{i}" for i, n in enumerate(nodes)}
    lines = []
    for n in nodes:
        if n.prim is None:
            rhs = "input"
        else:
            operands = ", ".join(
                names[p.id] if p is not None else "const" for p in n.parents
            )
            rhs = f"{n.prim.name}{_param_text(n.params)}({operands})"
        lines.append(f"{names[n.id]} = {rhs} : {_describe(n.value)}")
    return "\n".join(lines)


def to_dot(roots: Iterable[Optional[Node]]) -> str:
    """Render the graph below ``roots`` in Graphviz DOT.

    Args:
        roots: the output nodes.

    Returns:
        A ``digraph`` source string.

    Example:
        >>> to_dot([leaf(1.0)]).splitlines()[0]
        'digraph fad {'
    """
    nodes = toposort(roots)
    out = ["digraph fad {", "  rankdir=LR;"]
    for n in nodes:
        label = "input" if n.prim is None else n.prim.name
        out.append(f'  n{n.id} [label="{label}\\n{_describe(n.value)}"];')
        for p in n.parents:
            if p is not None:
                out.append(f"  n{p.id} -> n{n.id};")
    out.append("}")
    return "\n".join(out)
