"""The immutable expression tree: nodes, orderings, printing and DOT output.

A :class:`Node` is one application of a primitive, recorded by a trace. It is a
tuple, so it cannot be changed after it is made, and it compares and hashes by
identity (never by walking its parents), so equality, hashing and ``repr`` are
O(1) however deep the graph is. Every walk over the graph in this module uses an
explicit stack: none of them recurses.
"""

from __future__ import annotations

import enum
import importlib
import itertools
import re

from operator import itemgetter
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Iterable,
    Mapping,
    NamedTuple,
    Optional,
    Protocol,
    Sequence,
    Union,
)

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
    "Graph",
    "Var",
    "Const",
    "Equation",
    "build_graph",
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


class Node(tuple):  # type: ignore[type-arg]
    """One recorded primitive application (or an input, when ``prim`` is None).

    A node is one flat tuple, ``(prim, params, value, id, *args, *parents)``,
    so that a recorded op costs one container rather than three (a deep graph
    of 10^6 scalar ops is mostly these tuples, and the memory a trace touches
    is most of its per-op cost at that depth). The sweeps read the fields by
    position; everything else uses the named properties.

    Attributes:
        prim: the primitive applied, or None for an input of the trace.
        params: keyword parameters of the primitive (read-only).
        value: the primal output.
        id: creation number; parents always have smaller ids.
        args: the argument values the primitive saw, one per argument. For an
            argument traced at this node's level this is the primal value; for
            anything else (a constant, or a tracer of an outer transform) it is
            the argument itself.
        parents: one entry per argument: the parent Node for arguments traced at
            this level, None for constants.

    Example:
        >>> n = leaf(2.0)
        >>> n.prim is None and n.value == 2.0 and n.args == () and n.parents == ()
        True
    """

    __slots__ = ()

    if TYPE_CHECKING:

        @property
        def prim(self) -> Optional[Op]: ...

        @property
        def params(self) -> Mapping[str, Any]: ...

        @property
        def value(self) -> Any: ...

        @property
        def id(self) -> int: ...

    else:  # C-level getters: the sweeps and the transforms read these for every node
        prim = property(itemgetter(0), doc="the primitive applied, or None for an input")
        params = property(itemgetter(1), doc="keyword parameters of the primitive (read-only)")
        value = property(itemgetter(2), doc="the primal output")
        id = property(itemgetter(3), doc="creation number; parents always have smaller ids")

    @property
    def args(self) -> tuple[Any, ...]:
        return self[4 : 4 + ((len(self) - 4) >> 1)]

    @property
    def parents(self) -> tuple[Optional["Node"], ...]:
        return self[4 + ((len(self) - 4) >> 1) :]

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
    return tuple.__new__(Node, (None, EMPTY_PARAMS, value, new_id()))


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

    This is the raw view of a trace still running (what ``Tracer.format_graph``
    shows): every node numbered ``%0, %1, ...``, inputs included. For the
    program of a whole function, with its parameter names, constants and
    outputs, use ``fad.make_graph(f)(*args)``.

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

    The raw view of a trace still running, one DOT node per recorded node; for
    a whole function's program use ``fad.make_graph(f)(*args).to_dot()``.

    Args:
        roots: the output nodes.

    Returns:
        A ``digraph`` source string.

    Example:
        >>> to_dot([leaf(1.0)]).splitlines()[0]
        'digraph fad {'
    """
    nodes = toposort(roots)
    index = {n.id: i for i, n in enumerate(nodes)}  # numbered per graph, as format_graph does
    out = ["digraph fad {", "  rankdir=LR;"]
    for i, n in enumerate(nodes):
        label = "input" if n.prim is None else n.prim.name
        out.append(f'  n{i} [label="{_dot_text(label)}\\n{_describe(n.value)}"];')
        for p in n.parents:
            if p is not None:
                out.append(f"  n{index[p.id]} -> n{i};")
    out.append("}")
    return "\n".join(out)


# ---------------------------------------------------------------------------
# Graph: a traced function's program, flat and immutable, for people to read
#
# ``fad.make_graph`` (``fad/_make_graph.py``) traces a function and hands the
# nodes it recorded to :func:`build_graph`, which numbers them afresh (so the
# text and DOT of a graph never depend on what the process did before) and
# keeps only what printing needs: names, shapes, dtypes, small values and
# parameters as text. Every walk below is a loop over a flat tuple.

_INLINE_SIZE = 8
"""Constants (and, with ``values=True``, values) of at most this many elements
are printed in full; larger ones by shape and dtype."""
_INLINE_CHARS = 48
"""... as long as their text is no longer than this."""
_PARAM_CHARS = 60
"""A parameter's text is cut to this length."""
_SVG_MAX_EQUATIONS = 2000
"""Notebooks draw graphs of at most this many equations as pictures (Graphviz
takes long on larger ones, and nobody can read them); larger ones show as text."""


def _describe_dtype(shape: tuple[int, ...], dtype: Any) -> str:
    return f"{dtype}{list(shape)}"


def _number(x: Any, precision: Optional[int]) -> str:
    """One float as text: the shortest text that reads back exactly
    (``precision=None``), or rounded to ``precision`` decimals."""
    f = float(x)
    if f != f or f in (float("inf"), float("-inf")):
        return repr(f)
    a = abs(f)
    if precision is None and 1e-4 <= a < 1e16 and type(x) in (float, np.float64):
        return repr(f)  # the same text as below, quicker
    if a != 0.0 and (a >= 1e16 or a < 1e-5):
        return np.format_float_scientific(x, precision=precision, trim="0", unique=True)
    return np.format_float_positional(x, precision=precision, trim="0", unique=True)


def _array_text(a: np.ndarray[Any, Any], precision: Optional[int] = None) -> str:
    """A small array as one line: ``2.0``, ``[1.0, -0.5]``, ``[[1, 0], [0, 1]]``."""
    if a.ndim == 0:  # the common case, without array2string's set-up
        k = a.dtype.kind
        if k == "f":
            return _number(a[()], precision)
        if k == "b":
            return str(bool(a))
        if k in "iu":
            return str(int(a))

    def fmt(x: Any) -> str:
        return _number(x, precision)

    text = np.array2string(
        a, separator=", ", max_line_width=10**6, threshold=10**6,
        formatter={"float_kind": fmt},
    )
    return " ".join(text.split())


def _small(value: Any) -> Optional[np.ndarray[Any, Any]]:
    """``value`` as a read-only array if it is a small enough number or array to
    print in full, else None."""
    if isinstance(value, (bool, int, float, np.generic, np.ndarray)):
        a = np.array(value)  # a copy: the graph aliases nothing
        if a.dtype.kind in "biuf" and a.size <= _INLINE_SIZE and (
            a.ndim == 0 or len(_array_text(a)) <= _INLINE_CHARS  # a number is short enough
        ):
            a.setflags(write=False)
            return a
    return None


class Var(NamedTuple):
    """A value of a :class:`Graph`: an input or the output of an equation.

    Attributes:
        name: its name in the listing (``x``, ``params['w']``, ``v3``).
        shape: its shape.
        dtype: its dtype.
        value: the value it had when traced, if small (else None): the
            listing shows it with ``values=True``.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> x = fad.make_graph(fnp.sin)(0.5).inputs[0]
        >>> x.name, x.type, float(x.value)
        ('x', 'float64[]', 0.5)
    """

    name: str
    shape: tuple[int, ...]
    dtype: Any
    value: Optional[np.ndarray[Any, Any]]

    @property
    def type(self) -> str:
        """Its dtype and shape as text: ``float64[3]``."""
        return _describe_dtype(self.shape, self.dtype)


class Const(NamedTuple):
    """A constant operand (or output) of a :class:`Graph`.

    Attributes:
        name: how the listing writes it: the value itself for a small constant
            (``2.0``, ``[1.0, 2.0]``), a name (``c1``) for a larger one.
        shape: its shape (``()`` for something that is not an array).
        dtype: its dtype (None for something that is not an array).
        value: the value, for a small constant (else None: the graph keeps no
            large array alive).

    Example:
        >>> import fad
        >>> c = fad.make_graph(lambda x: x * 2.0)(1.0).equations[0].inputs[1]
        >>> c.name, c.inline
        ('2.0', True)
    """

    name: str
    shape: tuple[int, ...]
    dtype: Any
    value: Optional[np.ndarray[Any, Any]]

    @property
    def type(self) -> str:
        """Its dtype and shape as text: ``float64[3]``."""
        return _describe_dtype(self.shape, self.dtype) if self.dtype is not None else "object"

    @property
    def inline(self) -> bool:
        """Whether the listing writes the value itself (a small constant)."""
        return self.value is not None


Atom = Union[Var, Const]
"""An operand or output of a graph: a variable or a constant."""


class Equation(NamedTuple):
    """One primitive application of a :class:`Graph`: ``out = primitive[params](*inputs)``.

    Attributes:
        primitive: the primitive's name (``multiply``, ``sin``).
        inputs: its operands, in order.
        params: its keyword parameters as ``(name, text)`` pairs.
        out: the value it makes.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> e = fad.make_graph(lambda x: fnp.sum(x, axis=0))(np.ones((2, 3))).equations[0]
        >>> e.primitive, [a.name for a in e.inputs], e.params, e.out.type
        ('sum', ['x'], (('axis', '(-2,)'), ('keepdims', 'False')), 'float64[3]')
    """

    primitive: str
    inputs: tuple[Atom, ...]
    params: tuple[tuple[str, str], ...]
    out: Var


def _param_value(v: Any) -> str:
    """A parameter as short text with no process-dependent part (no addresses)."""
    if isinstance(v, np.ndarray):
        small = _small(v)
        return _array_text(small) if small is not None else _describe_dtype(v.shape, v.dtype)
    if callable(v) and not isinstance(v, (type, np.dtype)):
        return str(getattr(v, "__qualname__", None) or getattr(v, "__name__", None) or type(v).__name__)
    text = re.sub(r" at 0x[0-9a-fA-F]+", "", repr(v))
    return text if len(text) <= _PARAM_CHARS else text[: _PARAM_CHARS - 3] + "..."


def _unique_prefix(prefix: str, taken: Iterable[str]) -> str:
    """``prefix`` (or ``_prefix``, ``__prefix``...) such that no name in ``taken``
    is that prefix followed by digits."""
    taken = list(taken)
    while any(re.fullmatch(re.escape(prefix) + r"\d+", t) for t in taken):
        prefix = "_" + prefix
    return prefix


def build_graph(
    name: str,
    inputs: Sequence[Node],
    input_names: Sequence[str],
    outputs: Sequence[Any],
    output_paths: Sequence[str],
    returns: Optional[str] = None,
    concrete: Callable[[Any], Any] = lambda x: x,
) -> "Graph":
    """Make the :class:`Graph` of recorded nodes (``fad.make_graph`` calls this).

    Args:
        name: what to call the program (the traced function's name).
        inputs: the input nodes of the trace, in argument order.
        input_names: one name per input (``x``, ``params['w']``).
        outputs: one entry per output leaf: a Node of the trace, or a
            constant (any other value).
        output_paths: where each output leaf sits in the output pytree
            (``""`` for a lone leaf, ``"[0]"``, ``"['loss']"``).
        returns: the ``return`` line's expression with ``{0}``, ``{1}``, ...
            standing for the outputs' names (default: them, comma-separated).
        concrete: gives the plain value under a recorded one (values recorded
            under an outer transform are themselves traced).

    Returns:
        The graph of every node the outputs depend on, numbered from 1 in the
        order they were recorded.

    Example:
        >>> x = leaf(np.float64(2.0))
        >>> print(build_graph("f", [x], ["x"], [x], [""]))
        f(x: float64[]):
            return x
    """
    nodes = toposort([o for o in outputs if type(o) is Node])
    v = _unique_prefix("v", input_names)
    c = _unique_prefix("c", input_names)
    atoms: dict[int, Var] = {}

    def var(nm: str, value: Any) -> Var:
        if type(value) is tuple:  # a node with several outputs (custom_jvp, custom_vjp): its parts follow
            return Var(nm, (len(value),), "tuple", None)
        value = concrete(value)
        dtype = getattr(value, "dtype", None)
        if dtype is None:
            dtype = np.result_type(value)
        small = None if isinstance(value, Elided) else _small(value)
        return Var(nm, tuple(shape_of(value)), dtype, small)

    in_vars = []
    for node, nm in zip(inputs, input_names):
        atoms[node.id] = var(nm, node.value)
        in_vars.append(atoms[node.id])
    consts: list[Const] = []
    seen_consts: dict[int, Const] = {}
    keep: list[Any] = []  # the constants seen, so that their ids stay theirs meanwhile

    def const(x: Any) -> Const:
        x = concrete(x)
        small = _small(x)
        if small is not None:
            return Const(_array_text(small), small.shape, small.dtype, small)
        got = seen_consts.get(id(x))
        if got is None:
            keep.append(x)
            shape = getattr(x, "shape", None)
            dtype = getattr(x, "dtype", None)
            label = f"{c}{len(consts) + 1}"
            if shape is None or dtype is None:
                label = _param_value(x)
            got = Const(label, tuple(shape) if shape is not None else (), dtype, None)
            if shape is not None and dtype is not None:
                consts.append(got)
            seen_consts[id(x)] = got
        return got

    eqns: list[Equation] = []
    for node in nodes:
        if node.prim is None:
            if node.id not in atoms:  # an input the caller did not list
                atoms[node.id] = var(f"input{len(atoms) + 1}", node.value)
                in_vars.append(atoms[node.id])
            continue
        ins = tuple(
            atoms[p.id] if p is not None else const(a) for a, p in zip(node.args, node.parents)
        )
        out = var(f"{v}{len(eqns) + 1}", node.value)
        atoms[node.id] = out
        params = tuple((k, _param_value(val)) for k, val in node.params.items())
        eqns.append(Equation(node.prim.name, ins, params, out))
    outs = tuple(atoms[o.id] if type(o) is Node else const(o) for o in outputs)
    return Graph(name, tuple(in_vars), tuple(consts), tuple(eqns), outs, tuple(output_paths), returns)


def _dot_text(s: str) -> str:
    """``s`` inside a DOT double-quoted string."""
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class Graph:
    """A traced function's program: what ``fad.make_graph(f)(*args)`` returns.

    ``str(graph)`` lists it one line per primitive application, with the
    function's parameter names for its inputs; :meth:`format` can add the
    values each variable had; :meth:`to_dot` draws it for Graphviz, and in a
    notebook with the ``graphviz`` package installed it shows as a picture.

    A Graph is immutable, and keeps no large array alive (only small values,
    and shapes and dtypes).

    Attributes:
        name: the traced function's name (``grad(f)`` for a transformed one).
        inputs: the traced inputs, in argument order.
        constants: the constants too large to print, named ``c1``, ``c2``, ...
        equations: the primitive applications, in the order they ran.
        outputs: the output leaves (variables or constants).
        output_paths: where each output leaf sits in the output pytree.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> g = fad.make_graph(lambda x: fnp.sin(x) * 2.0)(1.0)
        >>> print(g)
        lambda(x: float64[]):
            v1: float64[] = sin(x)
            v2: float64[] = multiply(v1, 2.0)
            return v2
    """

    __slots__ = ("name", "inputs", "constants", "equations", "outputs", "output_paths", "_returns")

    name: str
    inputs: tuple[Var, ...]
    constants: tuple[Const, ...]
    equations: tuple[Equation, ...]
    outputs: tuple[Atom, ...]
    output_paths: tuple[str, ...]
    _returns: Optional[str]

    def __init__(
        self,
        name: str,
        inputs: tuple[Var, ...],
        constants: tuple[Const, ...],
        equations: tuple[Equation, ...],
        outputs: tuple[Atom, ...],
        output_paths: tuple[str, ...],
        returns: Optional[str] = None,
    ) -> None:
        for k, val in (
            ("name", name), ("inputs", inputs), ("constants", constants), ("equations", equations),
            ("outputs", outputs), ("output_paths", output_paths), ("_returns", returns),
        ):
            object.__setattr__(self, k, val)

    @override
    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a Graph is immutable")

    @override
    def __delattr__(self, name: str) -> None:
        raise AttributeError("a Graph is immutable")

    @override
    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # pickle and copy rebuild it through __init__ (setting attributes is refused)
        return (Graph, (
            self.name, self.inputs, self.constants, self.equations, self.outputs,
            self.output_paths, self._returns,
        ))

    def __len__(self) -> int:
        """The number of equations (``len(graph)``)."""
        return len(self.equations)

    def format(self, *, values: bool = False, precision: int = 4) -> str:
        """The program as text, one line per equation.

        Args:
            values: also show the value each input and variable had when traced
                (for small ones), as the evaluation-trace tables of the AD
                literature do: inputs as defaults, variables in a comment.
            precision: decimals of those values.

        Returns:
            ``str(graph)`` when ``values`` is False.

        Example:
            >>> import fad
            >>> g = fad.make_graph(lambda x, y: x * y + x)(2.0, 5.0)
            >>> print(g.format(values=True))
            lambda(x: float64[] = 2.0, y: float64[] = 5.0):
                v1: float64[] = multiply(x, y)  # 10.0
                v2: float64[] = add(v1, x)  # 12.0
                return v2
        """

        def shown(a: Var) -> str:
            if not values or a.value is None:
                return ""
            return _array_text(a.value, precision)

        sig = []
        for a in self.inputs:
            val = shown(a)
            sig.append(f"{a.name}: {a.type}" + (f" = {val}" if val else ""))
        lines = [f"{self.name}({', '.join(sig)}):"]
        for k in self.constants:
            lines.append(f"    {k.name}: {k.type} = <constant>")
        for e in self.equations:
            params = ""
            if e.params:
                params = "[" + ", ".join(f"{k}={t}" for k, t in e.params) + "]"
            args = ", ".join(a.name for a in e.inputs)
            val = shown(e.out)
            lines.append(
                f"    {e.out.name}: {e.out.type} = {e.primitive}{params}({args})" + (f"  # {val}" if val else "")
            )
        names = [a.name for a in self.outputs]
        if self._returns is not None:
            ret = self._returns.format(*names)
        else:
            ret = ", ".join(names) if names else "()"
        lines.append(f"    return {ret}")
        return "\n".join(lines)

    @override
    def __str__(self) -> str:
        return self.format()

    @override
    def __repr__(self) -> str:
        return self.format()

    def to_dot(self, *, values: bool = False, precision: int = 4, rankdir: str = "LR") -> str:
        """The program drawn for Graphviz, in its DOT language.

        Inputs are ellipses, equations boxes, small constants plain text and
        outputs bold ellipses; the operands of an equation with more than one
        are numbered on their edges. Node names are numbered afresh for each
        graph, so the text depends only on the program.

        Args:
            values: also show the value each input and variable had (for small
                ones), as in the computational-graph pictures of the AD
                literature.
            precision: decimals of those values.
            rankdir: Graphviz's direction: ``LR`` (left to right) or ``TB``.

        Returns:
            A ``digraph`` source string; render it with ``dot -Tsvg``.

        Example:
            >>> import fad
            >>> dot = fad.make_graph(lambda x: x * 2.0)(1.0).to_dot()
            >>> print(dot)  # doctest: +NORMALIZE_WHITESPACE
            digraph "lambda" {
              rankdir=LR;
              node [fontname="Helvetica", fontsize=12];
              edge [fontname="Helvetica", fontsize=9];
              in1 [label="x: float64[]", shape=ellipse];
              k1 [label="2.0", shape=plaintext];
              v1 [label="multiply\\nv1: float64[]", shape=box];
              in1 -> v1 [label="0"];
              k1 -> v1 [label="1"];
              out1 [label="out", shape=ellipse, style=bold];
              v1 -> out1;
            }
        """
        ids: dict[int, str] = {}  # id() of a Var -> its DOT node (Vars are unique objects)

        def shown(a: Var) -> str:
            if not values or a.value is None:
                return ""
            return "\n= " + _array_text(a.value, precision)

        out = [
            f'digraph "{_dot_text(self.name)}" {{',
            f"  rankdir={rankdir};",
            '  node [fontname="Helvetica", fontsize=12];',
            '  edge [fontname="Helvetica", fontsize=9];',
        ]
        for i, a in enumerate(self.inputs, 1):
            ids[id(a)] = f"in{i}"
            label = f"{a.name}: {a.type}{shown(a)}"
            out.append(f'  in{i} [label="{_dot_text(label)}", shape=ellipse];')
        consts: dict[int, str] = {}
        for i, k in enumerate(self.constants, 1):
            consts[id(k)] = f"c{i}"
            out.append(f'  c{i} [label="{_dot_text(k.name + chr(10) + k.type)}", shape=box, style=dashed];')
        inline = 0

        def operand(a: Atom) -> str:
            nonlocal inline
            if type(a) is Var:
                return ids[id(a)]
            got = consts.get(id(a))
            if got is not None:
                return got
            inline += 1  # a small constant: its own node at each use
            out.append(f'  k{inline} [label="{_dot_text(a.name)}", shape=plaintext];')
            return f"k{inline}"

        for j, e in enumerate(self.equations, 1):
            srcs = [operand(a) for a in e.inputs]
            me = f"v{j}"
            ids[id(e.out)] = me
            params = ""
            if e.params:
                params = "[" + ", ".join(f"{k}={t}" for k, t in e.params) + "]"
            label = f"{e.primitive}{params}\n{e.out.name}: {e.out.type}{shown(e.out)}"
            out.append(f'  {me} [label="{_dot_text(label)}", shape=box];')
            for n, s in enumerate(srcs):
                out.append(f'  {s} -> {me} [label="{n}"];' if len(srcs) > 1 else f"  {s} -> {me};")
        for i, (o, path) in enumerate(zip(self.outputs, self.output_paths), 1):
            src = operand(o)
            out.append(f'  out{i} [label="{_dot_text("out" + path)}", shape=ellipse, style=bold];')
            out.append(f"  {src} -> out{i};")
        out.append("}")
        return "\n".join(out)

    def _svg(self) -> Optional[str]:
        """The picture as SVG text, if the ``graphviz`` package (and Graphviz's
        ``dot``) can draw it; None otherwise."""
        if len(self.equations) > _SVG_MAX_EQUATIONS:
            return None
        try:
            graphviz = importlib.import_module("graphviz")  # optional: imported only here
        except ImportError:
            return None
        try:
            svg = graphviz.Source(self.to_dot()).pipe(format="svg", encoding="utf-8")
        except Exception:  # no `dot` program, or it failed: show the text instead
            return None
        return svg if isinstance(svg, str) else None

    def _repr_svg_(self) -> Optional[str]:
        """Jupyter's picture of the graph (None without the ``graphviz`` package)."""
        return self._svg()

    def _repr_mimebundle_(
        self, include: Optional[Iterable[str]] = None, exclude: Optional[Iterable[str]] = None
    ) -> dict[str, str]:
        """Jupyter's representations: the text, and the SVG picture where the
        ``graphviz`` package is installed."""
        bundle = {"text/plain": str(self)}
        want = set(include) if include is not None else None
        drop = set(exclude) if exclude is not None else set()
        if (want is None or "image/svg+xml" in want) and "image/svg+xml" not in drop:
            svg = self._svg()
            if svg is not None:
                bundle["image/svg+xml"] = svg
        return bundle
