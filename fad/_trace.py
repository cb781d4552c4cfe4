"""Traces, tracers and ``bind``: how running a function records its tree.

Each call of a transform opens a :class:`Trace` with a fresh level. Levels come
from one process-wide counter, so a transform started inside another always has
the higher level; a tracer of any other level is a constant to it. There is no
ambient "current trace": every tracer carries its own trace, and ``bind`` finds
the highest one among its arguments. So nothing is shared between threads, and
two threads can differentiate at once.

``bind(prim, *args, **params)`` runs the primitive on the arguments' primal
values. Those values may themselves be tracers of lower levels, in which case
``bind`` is called again one level down: that is how an outer transform sees the
work of an inner one (including the inner transform's own derivative rules).
"""

from __future__ import annotations

import itertools
import operator
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping, Optional

import numpy as np

from fad._graph import EMPTY_PARAMS, Elided, Node, Params, format_graph, leaf, new_id
from fad._tree import add_leaf_type

if TYPE_CHECKING:  # pragma: no cover
    from fad._primitive import Primitive

__all__ = [
    "Trace",
    "Tracer",
    "bind",
    "concrete",
    "is_tracer",
    "EscapedTracerError",
    "array_ops",
]

Array = Any
"""What fad.numpy functions return: a NumPy array or scalar, or a :class:`Tracer`
standing for one. (An alias of Any: annotate with it for documentation.)"""
ArrayLike = Any
"""What fad.numpy functions accept: arrays, scalars, nested lists, Tracers."""


class EscapedTracerError(RuntimeError):
    """A traced value was used after the transform that made it had returned."""


class Trace:
    """The record kept by one running transform.

    Attributes:
        level: this trace's place in the nesting order (higher is inner).
        name: the transform that opened it, for error messages.
        alive: False once the transform has returned.
    """

    __slots__ = ("level", "name", "alive")
    _levels = itertools.count(1)

    def __init__(self, name: str) -> None:
        self.level = next(Trace._levels)
        self.name = name
        self.alive = True

    def new_input(self, value: Any) -> "Tracer":
        """Wrap ``value`` as an input of this trace.

        Args:
            value: the primal (an array, or a tracer of an outer transform).

        Returns:
            A Tracer whose node is an input of this trace.
        """
        if type(value) is np.ndarray:
            value = value.view()
            value.setflags(write=False)
        elif type(value) is not Tracer and not isinstance(value, np.generic):
            value = np.asarray(value)
            value.setflags(write=False)
        return _make_tracer(leaf(value), self, value)

    def owns(self, x: Any) -> bool:
        """Whether ``x`` is a tracer of this trace."""
        return type(x) is Tracer and x._trace is self

    def __repr__(self) -> str:
        state = "" if self.alive else ", finished"
        return f"<Trace {self.name} level {self.level}{state}>"


class _ArrayOps:
    """The array functions the core needs but does not define.

    ``fad.numpy`` fills these in when it is imported (the core never imports
    ``fad.numpy``). Tracer operators and the sweeps call through here.
    """

    def __getattr__(self, name: str) -> Callable[..., Any]:
        raise AttributeError(
            f"fad's array operations are not registered ({name!r}); import fad, "
            "not only fad._trace"
        )


array_ops: Any = _ArrayOps()


class _TracerOps:
    """A typed view of ``array_ops`` for the Tracer's own methods: applied to a
    Tracer, each of these returns a Tracer (of the same or a higher level)."""

    add: Callable[[Any, Any], "Tracer"]
    subtract: Callable[[Any, Any], "Tracer"]
    multiply: Callable[[Any, Any], "Tracer"]
    divide: Callable[[Any, Any], "Tracer"]
    power: Callable[[Any, Any], "Tracer"]
    matmul: Callable[[Any, Any], "Tracer"]
    negative: Callable[[Any], "Tracer"]
    absolute: Callable[[Any], "Tracer"]
    getitem: Callable[[Any, Any], "Tracer"]
    transpose: Callable[..., "Tracer"]
    reshape: Callable[[Any, Any], "Tracer"]
    sum: Callable[..., "Tracer"]
    mean: Callable[..., "Tracer"]
    max: Callable[..., "Tracer"]
    min: Callable[..., "Tracer"]
    dot: Callable[[Any, Any], "Tracer"]
    squeeze: Callable[[Any, Any], "Tracer"]
    var: Callable[..., "Tracer"]
    std: Callable[..., "Tracer"]
    clip: Callable[[Any, Any, Any], "Tracer"]
    prod: Callable[..., "Tracer"]
    cumsum: Callable[[Any, Any], "Tracer"]
    cumprod: Callable[[Any, Any], "Tracer"]
    sort: Callable[[Any, Any], "Tracer"]


_ops: _TracerOps = array_ops  # the same object, typed


def _escaped(trace: Trace) -> EscapedTracerError:
    return EscapedTracerError(
        f"A traced value escaped its transform: it was made inside {trace.name} "
        f"(level {trace.level}), which has already returned. Return the value from "
        "the function being transformed (or use has_aux=True) instead of keeping "
        "it in a global, a closure or an attribute."
    )


_new = object.__new__
_ndarray = np.ndarray
_frozen_params = Params


def bind(prim: "Primitive", *args: Any, **params: Any) -> Any:
    """Apply ``prim`` to ``args``, recording it if any argument is traced.

    Args:
        prim: the primitive to apply.
        *args: its positional arguments (arrays, scalars or tracers).
        **params: its static keyword parameters.

    Returns:
        The primitive's value; a Tracer of the innermost trace among the
        arguments, or a plain NumPy value when nothing is traced.

    Example:
        >>> import fad.numpy as fnp
        >>> from fad._primitive import registry
        >>> float(bind(registry["sin"], 0.0))
        0.0
    """
    top: Optional[Trace] = None
    for a in args:
        if type(a) is Tracer:
            tr = a._trace
            if top is None or tr.level > top.level:
                top = tr
    if top is None:
        return prim.impl(*args, **params)
    if not top.alive:
        raise _escaped(top)
    vals = []
    parents: list[Optional[Node]] = []
    lower = False  # does any argument hold a tracer of an outer transform?
    arrays = False  # does any traced argument hold an array (worth eliding)?
    for a in args:
        if type(a) is Tracer and a._trace is top:
            v = a._value
            vals.append(v)
            parents.append(a._node)
            tv = type(v)
            if tv is Tracer:
                lower = arrays = True
            elif tv is _ndarray:
                arrays = True
        else:
            vals.append(a)
            parents.append(None)
            if type(a) is Tracer:
                lower = True
    y = bind(prim, *vals, **params) if lower else prim.impl(*vals, **params)
    node_y = y
    if type(y) is _ndarray:
        y.setflags(write=False)
        arrays = True
    if arrays:
        saved = prim.saved_args
        if saved is not None:  # keep only the residuals the rules read
            for i, p in enumerate(parents):
                if p is not None and i not in saved:
                    vals[i] = _elide(vals[i])
            if not prim.saves_output:
                node_y = _elide(y)
    node = tuple.__new__(
        Node,
        (
            prim,
            tuple(vals),
            tuple(parents),
            _frozen_params(params) if params else EMPTY_PARAMS,
            node_y,
            new_id(),
        ),
    )
    t = _new(Tracer)  # _make_tracer, inlined on the hot path
    _set_node(t, node)
    _set_trace(t, top)
    _set_value(t, y)
    return t


_ELIDE_SIZE = 8192
"""Arrays of at least this many elements are elided when no rule reads them;
smaller ones cost more to elide than they free."""


def _elide(v: Any) -> Any:
    """A large array (or a tracer of one) as its shape and dtype only."""
    t = type(v)
    if t is np.ndarray:
        if v.size >= _ELIDE_SIZE:
            return Elided(v.shape, v.dtype)
    elif t is Tracer:
        c = v._value
        while type(c) is Tracer:
            c = c._value
        if type(c) is np.ndarray and c.size >= _ELIDE_SIZE:
            return Elided(c.shape, c.dtype)
    return v


def concrete(x: Any) -> Any:
    """The concrete NumPy value under any number of tracer levels.

    Args:
        x: a value, possibly a Tracer (of tracers).

    Returns:
        The innermost primal value. Use it only for decisions that carry no
        derivative, such as control flow or comparisons.

    Example:
        >>> concrete(2.0)
        2.0
    """
    while type(x) is Tracer:
        x = x._value
    return x


def is_tracer(x: Any) -> bool:
    """Whether ``x`` is a traced value.

    Args:
        x: anything.

    Returns:
        True for a Tracer.

    Example:
        >>> is_tracer(1.0)
        False
    """
    return type(x) is Tracer


def _frozen(self: object, name: str, value: object) -> None:
    raise AttributeError(f"{type(self).__name__} objects are immutable")


def _frozen_del(self: object, name: str) -> None:
    raise AttributeError(f"{type(self).__name__} objects are immutable")


class _At:
    __slots__ = ("_x",)
    _x: "Tracer"

    def __init__(self, x: "Tracer") -> None:
        object.__setattr__(self, "_x", x)

    def __getitem__(self, index: Any) -> "_AtIndex":
        return _AtIndex(self._x, index)


class _AtIndex:
    __slots__ = ("_x", "_index")
    _x: "Tracer"
    _index: Any

    def __init__(self, x: "Tracer", index: Any) -> None:
        object.__setattr__(self, "_x", x)
        object.__setattr__(self, "_index", index)

    def set(self, value: Any) -> Any:
        """A copy of the array with ``x[index]`` replaced by ``value``."""
        return array_ops.index_update(self._x, self._index, value)

    def add(self, value: Any) -> Any:
        """A copy of the array with ``value`` added at ``x[index]``."""
        return array_ops.index_add(self._x, self._index, value)

    def get(self) -> Any:
        """``x[index]``."""
        return array_ops.getitem(self._x, self._index)


class Tracer:
    """A traced array: what a transformed function sees instead of its input.

    A Tracer stands for an array value and supports NumPy's operators, its
    ``__array_ufunc__`` and ``__array_function__`` protocols, and the common
    array methods. It is immutable: use ``x.at[i].set(v)`` in place of
    ``x[i] = v``. Its primal value is ``fad.concrete(x)``; converting it to a
    NumPy array or a Python number is an error, because the derivative would be
    silently lost.
    """

    __slots__ = ("_node", "_trace", "_value")
    _node: Node
    _trace: Trace
    _value: Any
    __array_priority__ = 1000.0

    # ---- introspection -------------------------------------------------
    @property
    def shape(self) -> tuple[int, ...]:
        """The array's shape."""
        return concrete(self).shape  # type: ignore[no-any-return]

    @property
    def dtype(self) -> np.dtype[Any]:
        """The array's dtype."""
        return concrete(self).dtype  # type: ignore[no-any-return]

    @property
    def ndim(self) -> int:
        """The number of dimensions."""
        return concrete(self).ndim  # type: ignore[no-any-return]

    @property
    def size(self) -> int:
        """The number of elements."""
        return concrete(self).size  # type: ignore[no-any-return]

    @property
    def node(self) -> Node:
        """The node that recorded this value."""
        return self._node

    @property
    def trace(self) -> Trace:
        """The trace this value belongs to."""
        return self._trace

    def __len__(self) -> int:
        shape = self.shape
        if not shape:
            raise TypeError("len() of a 0-d traced array")
        return shape[0]

    def __iter__(self) -> Iterator[Any]:
        for i in range(len(self)):
            yield array_ops.getitem(self, i)

    def __repr__(self) -> str:
        return f"Tracer<{self._trace.name}, level {self._trace.level}>({concrete(self)!r})"

    def format_graph(self) -> str:
        """The recorded computation of this value, one line per node.

        Returns:
            Text such as ``%1 = sin(%0) : float64[]``.
        """
        return format_graph([self._node])

    # ---- conversions that would lose the derivative ----------------------
    def _lost(self, what: str, hint: str = "") -> TypeError:
        return TypeError(
            f"{what} would drop its derivative. {hint}Keep the computation in "
            "fad.numpy (import fad.numpy as fnp) or plain NumPy functions on the "
            "traced value; use fad.concrete(x) only where no derivative should flow "
            "(e.g. for printing or control flow)."
        )

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray[Any, Any]:
        raise self._lost(
            "Converting a traced value to a NumPy array (np.asarray, np.array)",
            "If you passed a list of traced values to a NumPy function, build the "
            "array with fnp.stack or fnp.array first. ",
        )

    def __float__(self) -> float:
        raise self._lost("float() of a traced value")

    def __int__(self) -> int:
        raise self._lost("int() of a traced value")

    def __complex__(self) -> complex:
        raise self._lost("complex() of a traced value")

    def __bool__(self) -> bool:
        return bool(concrete(self))

    def __hash__(self) -> int:
        return id(self)

    def __setitem__(self, index: Any, value: Any) -> None:
        raise TypeError(
            "fad arrays are immutable: x[i] = v is not allowed on a traced value. "
            "Use the functional update y = x.at[i].set(v) (or fnp.index_update(x, i, v)), "
            "which returns a new array."
        )

    @property
    def at(self) -> _At:
        """Functional index updates: ``x.at[i].set(v)``, ``x.at[i].add(v)``."""
        return _At(self)

    # ---- arithmetic ------------------------------------------------------
    def __add__(self, other: Any) -> "Tracer":
        return _ops.add(self, other)

    def __radd__(self, other: Any) -> "Tracer":
        return _ops.add(other, self)

    def __sub__(self, other: Any) -> "Tracer":
        return _ops.subtract(self, other)

    def __rsub__(self, other: Any) -> "Tracer":
        return _ops.subtract(other, self)

    def __mul__(self, other: Any) -> "Tracer":
        return _ops.multiply(self, other)

    def __rmul__(self, other: Any) -> "Tracer":
        return _ops.multiply(other, self)

    def __truediv__(self, other: Any) -> "Tracer":
        return _ops.divide(self, other)

    def __rtruediv__(self, other: Any) -> "Tracer":
        return _ops.divide(other, self)

    def __pow__(self, other: Any) -> "Tracer":
        return _ops.power(self, other)

    def __rpow__(self, other: Any) -> "Tracer":
        return _ops.power(other, self)

    def __matmul__(self, other: Any) -> "Tracer":
        return _ops.matmul(self, other)

    def __rmatmul__(self, other: Any) -> "Tracer":
        return _ops.matmul(other, self)

    def __floordiv__(self, other: Any) -> Any:
        # piecewise constant: its derivative is 0 almost everywhere
        return np.floor_divide(concrete(self), concrete(other))

    def __rfloordiv__(self, other: Any) -> Any:
        return np.floor_divide(concrete(other), concrete(self))

    def __mod__(self, other: Any) -> "Tracer":
        # x mod y = x - floor(x / y) * y, with the floor a constant
        return _ops.subtract(self, _ops.multiply(np.floor_divide(concrete(self), concrete(other)), other))

    def __rmod__(self, other: Any) -> "Tracer":
        return _ops.subtract(other, _ops.multiply(np.floor_divide(concrete(other), concrete(self)), self))

    def __neg__(self) -> "Tracer":
        return _ops.negative(self)

    def __pos__(self) -> "Tracer":
        return self

    def __abs__(self) -> "Tracer":
        return _ops.absolute(self)

    def __getitem__(self, index: Any) -> "Tracer":
        return _ops.getitem(self, index)

    # Comparisons carry no derivative: they answer with plain boolean arrays.
    def __lt__(self, other: Any) -> Any:
        return operator.lt(concrete(self), concrete(other))

    def __le__(self, other: Any) -> Any:
        return operator.le(concrete(self), concrete(other))

    def __gt__(self, other: Any) -> Any:
        return operator.gt(concrete(self), concrete(other))

    def __ge__(self, other: Any) -> Any:
        return operator.ge(concrete(self), concrete(other))

    def __eq__(self, other: Any) -> Any:
        return operator.eq(concrete(self), concrete(other))

    def __ne__(self, other: Any) -> Any:
        return operator.ne(concrete(self), concrete(other))

    # ---- array methods -----------------------------------------------------
    @property
    def T(self) -> "Tracer":
        """The transpose (axes reversed)."""
        return _ops.transpose(self)

    def transpose(self, *axes: Any) -> "Tracer":
        """Permute the axes; see ``fad.numpy.transpose``."""
        if len(axes) == 1 and (axes[0] is None or isinstance(axes[0], (tuple, list))):
            return _ops.transpose(self, axes[0])
        return _ops.transpose(self, axes or None)

    def reshape(self, *shape: Any) -> "Tracer":
        """Give the array a new shape; see ``fad.numpy.reshape``."""
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return _ops.reshape(self, shape)

    def sum(self, axis: Any = None, keepdims: bool = False) -> "Tracer":
        """Sum over ``axis``; see ``fad.numpy.sum``."""
        return _ops.sum(self, axis=axis, keepdims=keepdims)

    def mean(self, axis: Any = None, keepdims: bool = False) -> "Tracer":
        """Mean over ``axis``; see ``fad.numpy.mean``."""
        return _ops.mean(self, axis=axis, keepdims=keepdims)

    def max(self, axis: Any = None, keepdims: bool = False) -> "Tracer":
        """Maximum over ``axis``; see ``fad.numpy.max``."""
        return _ops.max(self, axis=axis, keepdims=keepdims)

    def min(self, axis: Any = None, keepdims: bool = False) -> "Tracer":
        """Minimum over ``axis``; see ``fad.numpy.min``."""
        return _ops.min(self, axis=axis, keepdims=keepdims)

    def dot(self, other: Any) -> "Tracer":
        """Dot product; see ``fad.numpy.dot``."""
        return _ops.dot(self, other)

    def astype(self, dtype: Any) -> Any:
        """Cast to ``dtype``; see ``fad.numpy.astype``."""
        return array_ops.astype(self, dtype)

    def squeeze(self, axis: Any = None) -> "Tracer":
        """Remove length-1 axes; see ``fad.numpy.squeeze``."""
        return _ops.squeeze(self, axis)

    def var(self, axis: Any = None, keepdims: bool = False, ddof: int = 0) -> "Tracer":
        """Variance over ``axis``; see ``fad.numpy.var``."""
        return _ops.var(self, axis=axis, keepdims=keepdims, ddof=ddof)

    def std(self, axis: Any = None, keepdims: bool = False, ddof: int = 0) -> "Tracer":
        """Standard deviation over ``axis``; see ``fad.numpy.std``."""
        return _ops.std(self, axis=axis, keepdims=keepdims, ddof=ddof)

    def clip(self, a_min: Any = None, a_max: Any = None) -> "Tracer":
        """Limit values to ``[a_min, a_max]``; see ``fad.numpy.clip``."""
        return _ops.clip(self, a_min, a_max)

    def prod(self, axis: Any = None, keepdims: bool = False) -> "Tracer":
        """Product over ``axis``; see ``fad.numpy.prod``."""
        return _ops.prod(self, axis=axis, keepdims=keepdims)

    def cumsum(self, axis: Any = None) -> "Tracer":
        """Cumulative sum along ``axis``; see ``fad.numpy.cumsum``."""
        return _ops.cumsum(self, axis)

    def cumprod(self, axis: Any = None) -> "Tracer":
        """Cumulative product along ``axis``; see ``fad.numpy.cumprod``."""
        return _ops.cumprod(self, axis)

    def sort(self, axis: int = -1) -> "Tracer":
        """A sorted copy (traced values are immutable, so not in place); see
        ``fad.numpy.sort``."""
        return _ops.sort(self, axis)

    def copy(self) -> "Tracer":
        """The same value (traced values are immutable, so no copy is needed)."""
        return self

    def argmax(self, axis: Any = None) -> Any:
        """Index of the maximum (no derivative: a plain integer or array)."""
        return np.argmax(concrete(self), axis=axis)

    def argmin(self, axis: Any = None) -> Any:
        """Index of the minimum (no derivative: a plain integer or array)."""
        return np.argmin(concrete(self), axis=axis)

    def item(self) -> Any:
        """Refused: a Python number would drop the derivative."""
        raise self._lost(".item() of a traced value")

    def tolist(self) -> Any:
        """Refused: Python numbers would drop the derivative."""
        raise self._lost(".tolist() of a traced value")

    def ravel(self) -> "Tracer":
        """Flatten to one dimension."""
        return _ops.reshape(self, (-1,))

    def flatten(self) -> "Tracer":
        """Flatten to one dimension."""
        return _ops.reshape(self, (-1,))

    # ---- NumPy's dispatch protocols -------------------------------------
    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        fn = array_ops.ufuncs.get(ufunc) if method == "__call__" and not kwargs else None
        if fn is None:
            if method == "__call__" and _no_derivative(ufunc):
                # a test or a piecewise-constant map: its value carries no derivative
                return ufunc(*[concrete(i) for i in inputs], **kwargs)
            detail = f"np.{ufunc.__name__}" + ("" if method == "__call__" else f".{method}")
            if kwargs:
                detail += f" with {sorted(kwargs)}"
            raise TypeError(
                f"{detail} is not supported on traced values: fad has no derivative "
                "for it. Use an equivalent fad.numpy function if there is one (see "
                "dir(fad.numpy)), write it with fad.numpy functions, or define a "
                "primitive with fad.primitive and fad.defvjp."
            )
        return fn(*inputs)

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        fn = array_ops.functions.get(func)
        if fn is None:
            if func in _INDEX_FUNCTIONS:  # answers about positions or truth: no derivative
                return func(*_concrete_tree(args), **_concrete_tree(kwargs))
            raise TypeError(
                f"np.{func.__name__} is not supported on traced values: fad has no "
                "derivative for it. Use an equivalent fad.numpy function if there is one "
                "(see dir(fad.numpy)), write it with fad.numpy functions, or define a "
                "primitive with fad.primitive and fad.defvjp."
            )
        try:
            return fn(*args, **kwargs)
        except TypeError as e:
            if "unexpected keyword" in str(e) or "positional argument" in str(e):
                raise TypeError(
                    f"np.{func.__name__} on a traced value goes to fad.numpy.{func.__name__}, "
                    f"which does not take these arguments ({e}). Call it with the "
                    "arguments fad.numpy supports (see its docstring)."
                ) from e
            raise


add_leaf_type(Tracer)
_set_node = Tracer.__dict__["_node"].__set__
_set_trace = Tracer.__dict__["_trace"].__set__
_set_value = Tracer.__dict__["_value"].__set__
Tracer.__setattr__ = _frozen  # type: ignore[method-assign]
Tracer.__delattr__ = _frozen_del  # type: ignore[method-assign]
_At.__setattr__ = _frozen  # type: ignore[method-assign]
_AtIndex.__setattr__ = _frozen  # type: ignore[method-assign]


# Ufuncs whose value carries no derivative: tests (bool results) and maps that
# are constant almost everywhere. On traced values they run on the concrete values.
_PIECEWISE_CONSTANT = {np.floor, np.ceil, np.trunc, np.rint, np.sign, np.floor_divide, np.signbit}


def _no_derivative(ufunc: Any) -> bool:
    if ufunc in _PIECEWISE_CONSTANT:
        return True
    # every (non-object) loop returns bool
    return all(t.endswith("?") for t in ufunc.types if "O" not in t)


_INDEX_FUNCTIONS = {
    np.argmax, np.argmin, np.argsort, np.argwhere, np.nonzero, np.flatnonzero,
    np.count_nonzero, np.searchsorted, np.allclose, np.isclose, np.array_equal,
    np.array_equiv, np.any, np.all, np.isrealobj, np.iscomplexobj,
}


def _concrete_tree(obj: Any) -> Any:
    """Concrete values inside (nested) tuples, lists and dicts of arguments."""
    if type(obj) is Tracer:
        return concrete(obj)
    if isinstance(obj, (list, tuple)):
        return type(obj)(_concrete_tree(o) for o in obj)
    if isinstance(obj, dict):
        return {k: _concrete_tree(v) for k, v in obj.items()}
    return obj


def _make_tracer(node: Node, trace: Trace, value: Any) -> Tracer:
    t = _new(Tracer)
    _set_node(t, node)
    _set_trace(t, trace)
    _set_value(t, value)
    return t

