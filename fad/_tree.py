"""Pytrees: nested containers of arrays, flattened and rebuilt without recursion.

Containers are tuples, lists, dicts (keys in sorted order when they sort),
OrderedDicts (in their order), defaultdicts, None (a container with no
leaves), namedtuples, and any class registered with
:func:`register_pytree_node` or :func:`register_dataclass`. Everything else is a
leaf.
"""

from __future__ import annotations

import collections
import dataclasses
from typing import Any, Callable, Hashable, Iterable, Optional

import numpy as np
from typing_extensions import override

__all__ = [
    "TreeDef",
    "tree_flatten",
    "tree_unflatten",
    "tree_map",
    "tree_leaves",
    "register_pytree_node",
    "register_dataclass",
]

Flatten = Callable[[Any], tuple[Iterable[Any], Hashable]]
Unflatten = Callable[[Hashable, list[Any]], Any]

_registry: dict[type, tuple[Flatten, Unflatten]] = {}
_field_names: dict[type, tuple[str, ...]] = {}
"""The field names of classes registered with :func:`register_dataclass` (for messages)."""


def register_pytree_node(cls: type, flatten: Flatten, unflatten: Unflatten) -> None:
    """Teach fad to see inside instances of ``cls``.

    Args:
        cls: the container type.
        flatten: ``flatten(obj) -> (children, aux)``; ``aux`` is static data.
        unflatten: ``unflatten(aux, children) -> obj``.

    Example:
        >>> class Pair:
        ...     def __init__(self, a, b): self.a, self.b = a, b
        >>> register_pytree_node(Pair, lambda p: ((p.a, p.b), None),
        ...                      lambda aux, ch: Pair(*ch))
        >>> tree_leaves(Pair(1.0, 2.0))
        [1.0, 2.0]
    """
    _registry[cls] = (flatten, unflatten)


def register_dataclass(cls: type) -> type:
    """Register a dataclass as a pytree whose fields are its children.

    Usable as a decorator.

    Args:
        cls: a dataclass type.

    Returns:
        ``cls`` itself.

    Example:
        >>> import dataclasses
        >>> @register_dataclass
        ... @dataclasses.dataclass
        ... class Params:
        ...     w: float
        ...     b: float
        >>> tree_leaves(Params(1.0, 2.0))
        [1.0, 2.0]
    """
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"register_dataclass needs a dataclass, got {cls!r}")
    names = tuple(f.name for f in dataclasses.fields(cls))
    _field_names[cls] = names
    register_pytree_node(
        cls,
        lambda obj: (tuple(getattr(obj, n) for n in names), None),
        lambda aux, children: cls(**dict(zip(names, children))),
    )
    return cls


def _sorted_keys(d: dict[Any, Any]) -> tuple[Any, ...]:
    try:
        return tuple(sorted(d))
    except TypeError:
        return tuple(d)


def _children(obj: Any) -> Optional[tuple[Any, tuple[Any, ...], Hashable]]:
    """(kind, children, aux) for a container, None for a leaf."""
    t = type(obj)
    if t is tuple or t is list:
        return t, tuple(obj), None
    if t is dict:
        keys = _sorted_keys(obj)
        return dict, tuple(obj[k] for k in keys), keys
    if obj is None:
        return type(None), (), None
    if t in _registry:
        children, aux = _registry[t][0](obj)
        return t, tuple(children), aux
    if isinstance(obj, tuple) and hasattr(t, "_fields"):
        return t, tuple(obj), None
    return None


class TreeDef:
    """The shape of a pytree, without its leaves.

    Two TreeDefs are equal when their containers, keys and nesting agree.
    """

    __slots__ = ("kind", "aux", "children", "num_leaves")

    def __init__(self, kind: Optional[type], aux: Hashable, children: tuple["TreeDef", ...]) -> None:
        self.kind = kind
        self.aux = aux
        self.children = children
        self.num_leaves: int = 1 if kind is None else sum(c.num_leaves for c in children)

    @override
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TreeDef):
            return NotImplemented
        stack = [(self, other)]
        while stack:
            a, b = stack.pop()
            if a is b:
                continue
            if a.kind is not b.kind or a.aux != b.aux or len(a.children) != len(b.children):
                return False
            stack.extend(zip(a.children, b.children))
        return True

    @override
    def __hash__(self) -> int:
        return hash((self.kind, self.num_leaves))

    def __str__(self) -> str:
        """The structure as it would be written, with ``*`` for each leaf.

        Example:
            >>> str(tree_flatten(({"w": 1.0, "b": 2.0}, [3.0], (4.0,)))[1])
            "({'b': *, 'w': *}, [*], (*,))"
        """
        parts: list[str] = []
        stack: list[Any] = [self]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                parts.append(item)
                continue
            kind = item.kind
            if kind is None:
                parts.append("*")
                continue
            if kind is type(None):
                parts.append("None")
                continue
            n = len(item.children)
            if kind is tuple:
                name, close = "(", ",)" if n == 1 else ")"
            elif kind is list:
                name, close = "[", "]"
            elif kind is dict:
                name, close = "{", "}"
            elif kind is collections.OrderedDict or kind is collections.defaultdict:
                name, close = kind.__name__ + "({", "})"
            else:
                name, close = kind.__name__ + "(", ")"
            parts.append(name)
            stack.append(close)
            keys = _child_keys(item)
            for i in reversed(range(n)):
                stack.append(item.children[i])
                stack.append(keys[i][0])
                if i:
                    stack.append(", ")
        return "".join(parts)

    @override
    def __repr__(self) -> str:
        return f"TreeDef({self})"


def _child_keys(td: TreeDef) -> list[tuple[str, str]]:
    """For each child of a container: its label in the structure (``'w': ``,
    ``x=`` or nothing) and its step in a leaf's path (``['w']``, ``.x``, ``[0]``)."""
    kind, n = td.kind, len(td.children)
    keys: Any = None
    if kind is dict or kind is collections.OrderedDict:
        keys = td.aux
    elif kind is collections.defaultdict:
        keys = td.aux[1]  # type: ignore[index]
    if isinstance(keys, tuple) and len(keys) == n:
        return [(f"{k!r}: ", f"[{k!r}]") for k in keys]
    names = _field_names.get(kind) if kind is not None else None
    if names is None:
        names = getattr(kind, "_fields", None)  # a namedtuple
    if isinstance(names, tuple) and len(names) == n:
        return [(f"{a}=", f".{a}") for a in names]
    return [("", f"[{i}]") for i in range(n)]


def leaf_paths(treedef: TreeDef) -> list[str]:
    """Where each leaf sits in its pytree, in leaf order, as it would be indexed.

    Args:
        treedef: a structure, from :func:`tree_flatten`.

    Returns:
        One path per leaf, such as ``"[0]['w1']"`` (empty for a lone leaf).

    Example:
        >>> leaf_paths(tree_flatten(({"w1": 1.0, "b1": 2.0}, 3.0))[1])
        ["[0]['b1']", "[0]['w1']", '[1]']
    """
    out: list[str] = []
    stack: list[tuple[TreeDef, str]] = [(treedef, "")]
    while stack:
        td, path = stack.pop()
        if td.kind is None:
            out.append(path)
            continue
        keys = _child_keys(td)
        for i in reversed(range(len(td.children))):
            stack.append((td.children[i], path + keys[i][1]))
    return out


LEAF = TreeDef(None, None, ())

# Fast paths: a lone array, or a flat tuple of arrays (the usual *args), skip
# the general walk. Types here are always leaves (never registered containers).
_LEAF_TYPES: set[type] = {float, int, complex, bool, np.ndarray, np.float64, np.float32, np.float16}
_FLAT_TUPLES: dict[int, TreeDef] = {}


def _flat_tuple(n: int) -> TreeDef:
    td = _FLAT_TUPLES.get(n)
    if td is None:
        td = _FLAT_TUPLES[n] = TreeDef(tuple, None, (LEAF,) * n)
    return td


def add_leaf_type(cls: type) -> None:
    """Mark ``cls`` as always a leaf (lets flattening take its fast path)."""
    _LEAF_TYPES.add(cls)


def tree_flatten(tree: Any) -> tuple[list[Any], TreeDef]:
    """Split a pytree into its leaves and its structure.

    Args:
        tree: a pytree.

    Returns:
        ``(leaves, treedef)``, leaves in depth-first order.

    Example:
        >>> leaves, td = tree_flatten({"b": (1.0, 2.0), "a": 3.0})
        >>> leaves
        [3.0, 1.0, 2.0]
    """
    t = type(tree)
    if t in _LEAF_TYPES:
        return [tree], LEAF
    if t is tuple and all(type(x) in _LEAF_TYPES for x in tree):
        return list(tree), _flat_tuple(len(tree))
    leaves: list[Any] = []
    out: list[TreeDef] = []
    stack: list[tuple[bool, Any, list[TreeDef]]] = [(True, tree, out)]
    while stack:
        visit, obj, dest = stack.pop()
        if visit:
            info = _children(obj)
            if info is None:
                leaves.append(obj)
                dest.append(LEAF)
                continue
            kind, children, aux = info
            kids: list[TreeDef] = []
            stack.append((False, (kind, aux, kids), dest))
            for c in reversed(children):
                stack.append((True, c, kids))
        else:
            kind, aux, kids = obj
            dest.append(TreeDef(kind, aux, tuple(kids)))
    return leaves, out[0]


def _build(kind: type, aux: Hashable, children: list[Any]) -> Any:
    if kind is tuple:
        return tuple(children)
    if kind is list:
        return list(children)
    if kind is dict:
        return dict(zip(aux, children))  # type: ignore[call-overload]
    if kind is type(None):
        return None
    if kind in _registry:
        return _registry[kind][1](aux, children)
    return kind(*children)  # namedtuple


def tree_unflatten(treedef: TreeDef, leaves: Iterable[Any]) -> Any:
    """Rebuild a pytree from its structure and leaves.

    Args:
        treedef: the structure, from :func:`tree_flatten`.
        leaves: the leaves, in the same order.

    Returns:
        The pytree.

    Example:
        >>> _, td = tree_flatten((1.0, [2.0]))
        >>> tree_unflatten(td, [5.0, 6.0])
        (5.0, [6.0])
    """
    if treedef is LEAF:
        return next(iter(leaves))
    if treedef is _FLAT_TUPLES.get(treedef.num_leaves):
        return tuple(leaves)
    it = iter(leaves)
    out: list[Any] = []
    stack: list[tuple[bool, TreeDef, list[Any], list[Any]]] = [(True, treedef, out, [])]
    while stack:
        visit, td, dest, kids = stack.pop()
        if visit:
            if td.kind is None:
                dest.append(next(it))
                continue
            kids = []
            stack.append((False, td, dest, kids))
            for c in reversed(td.children):
                stack.append((True, c, kids, []))
        else:
            dest.append(_build(td.kind, td.aux, kids))  # type: ignore[arg-type]
    return out[0]


def tree_leaves(tree: Any) -> list[Any]:
    """The leaves of a pytree.

    Args:
        tree: a pytree.

    Returns:
        Its leaves in depth-first order.

    Example:
        >>> tree_leaves([1.0, (2.0, None)])
        [1.0, 2.0]
    """
    return tree_flatten(tree)[0]


def tree_map(f: Callable[..., Any], tree: Any, *rest: Any) -> Any:
    """Apply ``f`` to every leaf (of several trees of the same structure).

    Args:
        f: a function of as many leaves as there are trees.
        tree: the first pytree; its structure is the result's.
        *rest: more pytrees of the same structure.

    Returns:
        A pytree of ``f``'s results.

    Example:
        >>> tree_map(lambda a, b: a + b, (1.0, [2.0]), (10.0, [20.0]))
        (11.0, [22.0])
    """
    leaves, td = tree_flatten(tree)
    others = []
    for r in rest:
        rl, rtd = tree_flatten(r)
        if rtd != td:
            raise ValueError(f"tree_map: structures differ: {td} and {rtd}")
        others.append(rl)
    return tree_unflatten(td, [f(*xs) for xs in zip(leaves, *others)])


def _unflatten_ordered(keys: Any, children: list[Any]) -> Any:
    return collections.OrderedDict(zip(keys, children))


def _unflatten_defaultdict(aux: Any, children: list[Any]) -> Any:
    factory, keys = aux
    return collections.defaultdict(factory, zip(keys, children))


register_pytree_node(
    collections.OrderedDict,
    lambda d: (tuple(d.values()), tuple(d.keys())),
    _unflatten_ordered,
)


def _flatten_defaultdict(d: "collections.defaultdict[Any, Any]") -> tuple[tuple[Any, ...], Hashable]:
    keys = _sorted_keys(d)
    return tuple(d[k] for k in keys), (d.default_factory, keys)


register_pytree_node(collections.defaultdict, _flatten_defaultdict, _unflatten_defaultdict)
