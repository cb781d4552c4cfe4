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

import importlib
import itertools
import operator
import sys
from typing import (
    Any, Callable, Iterator, Mapping, NoReturn, Optional, Protocol, Sequence, SupportsIndex, Union, cast,
)

from typing_extensions import TypeAlias, override

import numpy as np
from numpy.typing import DTypeLike

from fad._collector import LARGE, quiet_collections
from fad._graph import EMPTY_PARAMS, Elided, Node, Op, Params, format_graph, leaf, new_id
from fad._tree import add_leaf_type


__all__ = [
    "Trace",
    "Tracer",
    "bind",
    "concrete",
    "is_tracer",
    "EscapedTracerError",
    "array_ops",
    "ArrayOps",
    "set_array_ops",
]

Array: TypeAlias = Union[np.ndarray[Any, Any], "Tracer"]
"""What fad hands a transformed function and what fad.numpy returns: a NumPy
array, or a :class:`Tracer` standing for one while a transform traces. Annotate
the array parameters and results of functions you differentiate with it."""

_Element: TypeAlias = Union[bool, int, float, complex, np.generic, np.ndarray[Any, Any], "Tracer"]
ArrayLike: TypeAlias = Union[
    _Element,
    Sequence[_Element],
    Sequence[Sequence[_Element]],
    Sequence[Sequence[Sequence[_Element]]],
    Sequence[Sequence[Sequence[Sequence[_Element]]]],
]
"""What fad.numpy accepts where NumPy takes an array: arrays, Tracers, Python
and NumPy scalars, and lists or tuples of them nested up to four deep (not
strings: fad's arrays are numbers)."""


class EscapedTracerError(RuntimeError):
    """A traced value was used after the transform that made it had returned."""


class Trace:
    """The record kept by one running transform.

    Attributes:
        level: this trace's place in the nesting order (higher is inner).
        name: the transform that opened it, for error messages.
        alive: False once the transform has returned.
        frozen: the writeable NumPy arrays that recorded ops used as constants;
            they are read-only while the trace is open (see :meth:`finish`).
    """

    __slots__ = ("level", "name", "alive", "frozen", "holding", "released")
    _levels = itertools.count(1)

    def __init__(self, name: str) -> None:
        self.level = next(Trace._levels)
        self.name = name
        self.alive = True
        self.frozen: list[np.ndarray[Any, Any]] = []
        self.holding = False  # has it grown large enough to hold collections off?
        self.released = False  # and has it let them run again?

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
            refuse_subclass(value)
            value = np.asarray(value)
            value.setflags(write=False)
        return _make_tracer(leaf(value), self, value)

    def owns(self, x: Any) -> bool:
        """Whether ``x`` is a tracer of this trace."""
        return type(x) is Tracer and x._trace is self

    def finish(self, release: bool = True) -> None:
        """End the trace: its tracers are dead, and the constant arrays it made
        read-only are writeable again.

        A recorded op keeps a reference to each constant array it used, not a
        copy; while ``f`` runs, changing such an array in place would silently
        change the derivative, so it is read-only until the trace ends.

        Args:
            release: also let full collections run again (see :meth:`hold`).
                A transform that goes on to sweep the graph passes False, and
                calls :meth:`release` once it has dropped the graph: a full
                collection run in between would visit every node of it.
        """
        self.alive = False
        frozen, self.frozen = self.frozen, []
        for a in frozen:
            try:
                a.setflags(write=True)
            except ValueError:  # pragma: no cover  (its base became read-only)
                pass
        if release:
            self.release()

    def hold(self) -> None:
        """Keep full collections off until :meth:`release` (called by ``bind``
        every ``LARGE`` nodes; see ``fad._collector``)."""
        if not self.holding:
            self.holding = True
            quiet_collections.__enter__()

    def release(self) -> None:
        """Let full collections run again, if :meth:`hold` held them off (once)."""
        if self.holding and not self.released:
            self.released = True
            quiet_collections.__exit__(None, None, None)

    @override
    def __repr__(self) -> str:
        state = "" if self.alive else ", finished"
        return f"<Trace {self.name} level {self.level}{state}>"


keeps_real_arguments: set[Any] = set()
"""Primitives whose complex result may come from real traced arguments, and
whose rules handle that themselves (a cast to a complex type, a real-input
transform such as ``rfft``): their real arguments are not promoted.

Every other primitive that gives a complex result from a real traced argument
is recorded on that argument cast to the result's complex type (as JAX
promotes explicitly): its rules then see complex arguments only, and the
cast's VJP takes the real part of the cotangent flowing back into the real
value (see docs/complex.md)."""


def _complex_dtype(y: Any) -> Optional[np.dtype[Any]]:
    """The dtype of ``y`` (a value or a Tracer of any depth) if it is complex
    (None for anything else, such as the tuple a primitive of several outputs gives)."""
    while type(y) is Tracer:
        y = y._value
    dt = getattr(y, "dtype", None)
    if dt is None:
        return np.dtype(np.complex128) if type(y) is complex else None
    return dt if dt.kind == "c" else None


def _promoted(prim: Op, args: Sequence[Any], params: Mapping[str, Any], to: np.dtype[Any], top: Trace) -> Any:
    """``prim`` applied again with its real arguments traced by ``top`` cast to
    ``to``, or None when all of them are complex already (the slow path of
    ``bind``, for a complex result only; tracers of outer transforms were
    promoted by the inner ``bind`` already)."""
    new = list(args)
    changed = False
    for i, a in enumerate(args):
        if type(a) is Tracer and a._trace is top:
            c = concrete(a)
            if type(c) is tuple:  # a node with several outputs (custom_vjp): not a number to cast
                continue
            dt = getattr(c, "dtype", None)
            if (dt if dt is not None else np.result_type(c)).kind in "fiub":
                new[i] = array_ops.astype(a, to)
                changed = True
    if not changed:
        return None
    return bind(prim, *new, **params)


def refuse_subclass(x: Any) -> None:
    """Refuse NumPy array types whose arithmetic differs from ndarray's.

    A masked array's mask and ``np.matrix``'s ``*`` (a matrix product) would be
    silently dropped by the derivative rules, which treat every value as a
    plain ndarray.

    Args:
        x: a value passed to a transform or used by a traced operation.

    Raises:
        TypeError: for a masked array or an ``np.matrix``.
    """
    if isinstance(x, np.matrix):
        raise TypeError(
            "fad does not differentiate np.matrix values: their operators mean "
            "something else than ndarray's (* is a matrix product) and their rules "
            "would be wrong. Pass np.asarray(m) and use @ for matrix products."
        )
    ma = sys.modules.get("numpy.ma")
    if ma is not None and isinstance(x, ma.MaskedArray):
        raise TypeError(
            "fad does not differentiate masked arrays: the mask would be silently "
            "dropped. Pass x.filled(value) (or np.asarray(x) with the masked entries "
            "handled explicitly, e.g. with fnp.where)."
        )


class ArrayOps(Protocol):
    """The array functions the core calls but does not define.

    The core never imports ``fad.numpy``: ``fad.numpy`` hands these over once,
    when it is imported, with :func:`set_array_ops` (its module
    ``fad/numpy/_dispatch.py`` is the one implementation: a module whose
    attributes satisfy this protocol, which mypy checks). Tracer operators, the
    sweeps and the transforms call them as ``array_ops.<name>``.
    """

    add: Callable[..., Any]
    subtract: Callable[..., Any]
    multiply: Callable[..., Any]
    divide: Callable[..., Any]
    power: Callable[..., Any]
    matmul: Callable[..., Any]
    negative: Callable[..., Any]
    absolute: Callable[..., Any]
    getitem: Callable[..., Any]
    index_update: Callable[..., Any]
    index_add: Callable[..., Any]
    transpose: Callable[..., Any]
    reshape: Callable[..., Any]
    squeeze: Callable[..., Any]
    stack: Callable[..., Any]
    astype: Callable[..., Any]
    sum: Callable[..., Any]
    mean: Callable[..., Any]
    max: Callable[..., Any]
    min: Callable[..., Any]
    var: Callable[..., Any]
    std: Callable[..., Any]
    prod: Callable[..., Any]
    cumsum: Callable[..., Any]
    cumprod: Callable[..., Any]
    clip: Callable[..., Any]
    dot: Callable[..., Any]
    trace: Callable[..., Any]
    unbroadcast: Callable[..., Any]
    """Sum a (co)tangent with ``nb`` batch axes back to a shape it was broadcast from."""
    expand_batched: Callable[..., Any]
    """Broadcast a batched tangent to an elementwise primitive's output shape."""
    broadcast_batched: Callable[..., Any]
    """Broadcast a batched tangent to a given shape after its batch axes."""

    @property
    def ufuncs(self) -> Mapping[Any, Callable[..., Any]]:
        """NumPy ufunc -> fad.numpy function, for ``Tracer.__array_ufunc__``."""

    @property
    def functions(self) -> Mapping[Any, Callable[..., Any]]:
        """NumPy function -> fad.numpy function, for ``Tracer.__array_function__``."""

    @property
    def ufunc_methods(self) -> Mapping[tuple[Any, str], Callable[..., Any]]:
        """(NumPy ufunc, method) -> fad.numpy function (``np.add.reduce`` -> ``fnp.sum``)."""

    load_ufunc: Callable[..., bool]
    """Import the fad module for another package's ufunc (``scipy.special.gammaln``
    -> ``fad.scipy.special``); True if ``ufuncs`` has it then."""


class _NotProvided:
    """Stands for the array functions until ``fad.numpy`` provides them."""

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(
            f"fad's array functions are not provided yet ({name!r}); import fad, "
            "not only fad._tracer"
        )


array_ops: ArrayOps = cast(ArrayOps, _NotProvided())


class _TracerOps(Protocol):
    """``array_ops`` as the Tracer's own methods see it: applied to a Tracer, each
    of these returns a Tracer (of the same or a higher level)."""

    add: Callable[..., "Tracer"]
    subtract: Callable[..., "Tracer"]
    multiply: Callable[..., "Tracer"]
    divide: Callable[..., "Tracer"]
    power: Callable[..., "Tracer"]
    matmul: Callable[..., "Tracer"]
    negative: Callable[..., "Tracer"]
    absolute: Callable[..., "Tracer"]
    getitem: Callable[..., "Tracer"]
    transpose: Callable[..., "Tracer"]
    reshape: Callable[..., "Tracer"]
    squeeze: Callable[..., "Tracer"]
    sum: Callable[..., "Tracer"]
    mean: Callable[..., "Tracer"]
    max: Callable[..., "Tracer"]
    min: Callable[..., "Tracer"]
    var: Callable[..., "Tracer"]
    std: Callable[..., "Tracer"]
    prod: Callable[..., "Tracer"]
    cumsum: Callable[..., "Tracer"]
    cumprod: Callable[..., "Tracer"]
    clip: Callable[..., "Tracer"]
    dot: Callable[..., "Tracer"]
    trace: Callable[..., "Tracer"]


_ops: _TracerOps = cast(_TracerOps, array_ops)


def set_array_ops(impl: ArrayOps) -> None:
    """Hand the core its array functions (``fad.numpy`` does, once, on import).

    Args:
        impl: the implementation (``fad.numpy._dispatch``).

    Example:
        >>> import fad.numpy._dispatch as d
        >>> set_array_ops(d)  # what importing fad.numpy did already
        >>> array_ops is d
        True
    """
    global array_ops, _ops
    array_ops = impl
    _ops = cast(_TracerOps, impl)


def _escaped(trace: Trace) -> EscapedTracerError:
    return EscapedTracerError(
        f"A traced value escaped its transform: it was made inside {trace.name} "
        f"(level {trace.level}), which has already returned. Return the value from "
        "the function being transformed (or use has_aux=True) instead of keeping "
        "it in a global, a closure or an attribute."
    )


_new = object.__new__
_ndarray = np.ndarray
_LARGE_MASK = LARGE - 1
_PLAIN_CONSTANTS = frozenset({float, int, bool, np.float64, np.float32, np.int64, type(None)})
_COMPLEX_SCALARS = frozenset({complex, np.complex64, np.complex128, np.clongdouble})
_frozen_params = Params


def bind(prim: Op, *args: Any, **params: Any) -> Any:
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
            ta = type(a)
            if ta is Tracer:
                lower = True
            elif ta is _ndarray:
                if a.flags.writeable:  # read-only while the trace is open
                    a.setflags(write=False)
                    top.frozen.append(a)
            elif ta not in _PLAIN_CONSTANTS and isinstance(a, _ndarray):
                refuse_subclass(a)
    y = bind(prim, *vals, **params) if lower else prim.impl(*vals, **params)
    node_y = y
    ty = type(y)
    if ty is _ndarray:
        y.setflags(write=False)
        arrays = True
        if y.dtype.kind == "c" and prim not in keeps_real_arguments:
            promoted = _promoted(prim, args, params, y.dtype, top)
            if promoted is not None:
                return promoted
    elif ty in _COMPLEX_OR_TRACED and prim not in keeps_real_arguments:  # a complex scalar, or nested
        dt = _complex_dtype(y)
        if dt is not None:
            promoted = _promoted(prim, args, params, dt, top)
            if promoted is not None:
                return promoted
    if arrays:
        saved = prim.saved_args
        if saved is not None:  # keep only the residuals the rules read
            for i, p in enumerate(parents):
                if p is not None and i not in saved:
                    vals[i] = _elide(vals[i])
        if not prim.saves_output:  # also for saves=("xs",): every argument, not the output
            node_y = _elide(y)
    nid = new_id()
    if not nid & _LARGE_MASK:  # every LARGE nodes: a long trace holds collections off
        top.hold()
    node = tuple.__new__(  # the flat layout of fad._graph.Node
        Node, (prim, _frozen_params(params) if params else EMPTY_PARAMS, node_y, nid, *vals, *parents)
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


def _fnp(name: str) -> Callable[..., Any]:
    """``fad.numpy``'s public function ``name``, for the ndarray methods whose
    function ``ArrayOps`` does not list.

    ``ArrayOps`` is what the core itself needs (operators, sweeps, transforms);
    an ndarray method such as ``x.diagonal()`` only forwards to the fad.numpy
    function of the same meaning, so it looks that function up when called
    instead of widening the core's interface. ``fad.numpy`` is loaded whenever
    a Tracer exists (``import fad`` imports it), so the look-up is in
    ``sys.modules``: no import, and the core still never imports fad.numpy.
    """
    return cast(Callable[..., Any], getattr(sys.modules["fad.numpy"], name))


_STORE_HINT = (
    "To put a traced value into a NumPy array (a[i] = x), collect the values in a "
    "list and build the array with fnp.stack(values), or update it functionally: "
    "a = fnp.index_update(a, i, x) (on a traced array, a.at[i].set(x)). "
)


_Axis: TypeAlias = Optional[Union[int, Sequence[int]]]
"""An axis argument of the Tracer's reductions (as ``fad.numpy``'s ``Axis``)."""


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

    # (the trace a value belongs to is ``x._trace``: the name ``trace`` is
    # ndarray's method, below)
    def trace(self, offset: int = 0, axis1: int = 0, axis2: int = 1) -> "Tracer":
        """Sum along a diagonal, as ``ndarray.trace``; see ``fad.numpy.trace``."""
        return _ops.trace(self, offset, axis1, axis2)

    def __len__(self) -> int:
        shape = self.shape
        if not shape:
            raise TypeError("len() of a 0-d traced array")
        return shape[0]

    def __iter__(self) -> Iterator["Tracer"]:
        for i in range(len(self)):
            yield array_ops.getitem(self, i)

    @override
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
        scipy_function = _scipy_caller()
        if scipy_function is not None:  # SciPy's Python code (scipy.special.logsumexp)
            raise self._lost(f"{scipy_function} converted a traced value to a NumPy array, which", _scipy_hint(scipy_function))
        caller = _numpy_caller()
        if caller is None:
            raise self._lost(
                "Converting a traced value to a NumPy array (np.asarray, np.array)",
                "If you passed a list of traced values to a NumPy function, build the "
                "array with fnp.stack or fnp.array first. " + _STORE_HINT,
            )
        public, name = _public_name(caller), getattr(caller, "__name__", "")
        refused = _refusal(caller)
        if refused is not None:
            raise TypeError(f"{public} cannot take traced values: {refused} (See {COVERAGE_PAGE}.)")
        ours = _fad_numpy_name(public)
        if ours is not None:
            hint = (
                f"NumPy cannot see traced values inside a list or other container, so it "
                f"converted them. Call fad.numpy's function instead: {ours}(...) "
                f"(e.g. {ours}([x, y]), with import fad.numpy as fnp), which takes "
                "lists holding traced values. "
            )
        else:
            hint = (
                f"fad.numpy has no {public} ({COVERAGE_PAGE} lists what it has). If "
                "you passed a list of traced values, build the array with fnp.stack "
                "first, so that NumPy's dispatch reaches fad. "
            )
        raise self._lost(f"{public} converted a traced value to a NumPy array, which", hint)

    # NumPy calls these for ``a[i] = x`` into a float, int or complex array, and
    # raises its own "setting an array element with a sequence" with this error
    # as the cause (it always replaces the message: a Tracer has __getitem__).
    def __float__(self) -> float:
        raise self._lost("float() of a traced value", _STORE_HINT)

    def __int__(self) -> int:
        raise self._lost("int() of a traced value", _STORE_HINT)

    def __complex__(self) -> complex:
        raise self._lost("complex() of a traced value", _STORE_HINT)

    @override
    def __format__(self, spec: str) -> str:
        if not spec:
            return str(self)
        raise TypeError(
            f"A traced value cannot be formatted with {spec!r}: it is a Tracer, not a "
            "number. To print its value, format fad.concrete(x) instead, e.g. "
            f'f"{{fad.concrete(x):{spec}}}" (a value that carries no derivative).'
        )

    # ---- copying and pickling -----------------------------------------------
    def __copy__(self) -> "Tracer":
        return self  # immutable: the same value

    def __deepcopy__(self, memo: Any) -> "Tracer":
        raise TypeError(
            "copy.deepcopy of a traced value: a Tracer is immutable, so it never needs "
            "copying; use it as it is (copy.copy(x) returns x itself). For an "
            "independent NumPy array of its value (which carries no derivative), use "
            "fad.concrete(x).copy()."
        )

    @override
    def __reduce_ex__(self, protocol: Any) -> Any:
        raise TypeError(
            "A traced value cannot be pickled: a Tracer exists only while its transform "
            "runs. Pickle its value, fad.concrete(x) (which carries no derivative), or "
            "the result the transform returns."
        )

    def __bool__(self) -> bool:
        return bool(concrete(self))

    @override
    def __hash__(self) -> int:
        return id(self)

    def __setitem__(self, index: Any, value: Any) -> None:
        raise TypeError(
            "fad arrays are immutable: x[i] = v is not allowed on a traced value. "
            "Use the functional update y = x.at[i].set(v) (or fnp.index_update(x, i, v)), "
            "which returns a new array."
        )

    @property
    def at(self) -> Any:
        """JAX's functional index updates: ``x.at[i].set(v)``; also ``add``,
        ``multiply``, ``divide``, ``power``, ``min``, ``max`` and ``get``.
        Each returns a new array; see ``fad.numpy.at``, the same for plain
        arrays too."""
        if not self._trace.alive:
            raise _escaped(self._trace)
        return _fnp("at")(self)

    # ---- arithmetic ------------------------------------------------------
    def __add__(self, other: ArrayLike) -> "Tracer":
        return _ops.add(self, other)

    def __radd__(self, other: ArrayLike) -> "Tracer":
        return _ops.add(other, self)

    def __sub__(self, other: ArrayLike) -> "Tracer":
        return _ops.subtract(self, other)

    def __rsub__(self, other: ArrayLike) -> "Tracer":
        return _ops.subtract(other, self)

    def __mul__(self, other: ArrayLike) -> "Tracer":
        return _ops.multiply(self, other)

    def __rmul__(self, other: ArrayLike) -> "Tracer":
        return _ops.multiply(other, self)

    def __truediv__(self, other: ArrayLike) -> "Tracer":
        return _ops.divide(self, other)

    def __rtruediv__(self, other: ArrayLike) -> "Tracer":
        return _ops.divide(other, self)

    def __pow__(self, other: ArrayLike) -> "Tracer":
        return _ops.power(self, other)

    def __rpow__(self, other: ArrayLike) -> "Tracer":
        return _ops.power(other, self)

    def __matmul__(self, other: ArrayLike) -> "Tracer":
        return _ops.matmul(self, other)

    def __rmatmul__(self, other: ArrayLike) -> "Tracer":
        return _ops.matmul(other, self)

    def __floordiv__(self, other: ArrayLike) -> Any:
        # piecewise constant: its derivative is 0 almost everywhere
        return np.floor_divide(concrete(self), concrete(other))

    def __rfloordiv__(self, other: ArrayLike) -> Any:
        return np.floor_divide(concrete(other), concrete(self))

    def __mod__(self, other: ArrayLike) -> "Tracer":
        # x mod y = x - floor(x / y) * y, with the floor a constant
        return _ops.subtract(self, _ops.multiply(np.floor_divide(concrete(self), concrete(other)), other))

    def __rmod__(self, other: ArrayLike) -> "Tracer":
        return _ops.subtract(other, _ops.multiply(np.floor_divide(concrete(other), concrete(self)), self))

    def __divmod__(self, other: ArrayLike) -> tuple[Any, "Tracer"]:
        # (x // y, x % y), as Python's divmod: the quotient a constant
        return self.__floordiv__(other), self.__mod__(other)

    def __rdivmod__(self, other: ArrayLike) -> tuple[Any, "Tracer"]:
        return self.__rfloordiv__(other), self.__rmod__(other)

    def __neg__(self) -> "Tracer":
        return _ops.negative(self)

    def __pos__(self) -> "Tracer":
        if not self._trace.alive:
            raise _escaped(self._trace)
        return self

    def __abs__(self) -> "Tracer":
        return _ops.absolute(self)

    def __getitem__(self, index: Any) -> "Tracer":
        return _ops.getitem(self, index)

    # Comparisons carry no derivative: they answer with plain boolean arrays.
    def __lt__(self, other: ArrayLike) -> Any:
        return operator.lt(concrete(self), concrete(other))

    def __le__(self, other: ArrayLike) -> Any:
        return operator.le(concrete(self), concrete(other))

    def __gt__(self, other: ArrayLike) -> Any:
        return operator.gt(concrete(self), concrete(other))

    def __ge__(self, other: ArrayLike) -> Any:
        return operator.ge(concrete(self), concrete(other))

    @override
    def __eq__(self, other: Any) -> Any:
        return operator.eq(concrete(self), concrete(other))

    @override
    def __ne__(self, other: Any) -> Any:
        return operator.ne(concrete(self), concrete(other))

    # ---- array methods -----------------------------------------------------
    @property
    def T(self) -> "Tracer":
        """The transpose (axes reversed)."""
        return _ops.transpose(self)

    def transpose(self, *axes: Union[None, SupportsIndex, Sequence[SupportsIndex]]) -> "Tracer":
        """Permute the axes; see ``fad.numpy.transpose``."""
        if len(axes) == 1 and (axes[0] is None or isinstance(axes[0], (tuple, list))):
            return _ops.transpose(self, axes[0])
        return _ops.transpose(self, axes or None)

    def reshape(self, *shape: Union[SupportsIndex, Sequence[SupportsIndex]]) -> "Tracer":
        """Give the array a new shape; see ``fad.numpy.reshape``."""
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return _ops.reshape(self, shape)

    def sum(self, axis: _Axis = None, keepdims: bool = False) -> "Tracer":
        """Sum over ``axis``; see ``fad.numpy.sum``."""
        return _ops.sum(self, axis=axis, keepdims=keepdims)

    def mean(self, axis: _Axis = None, keepdims: bool = False) -> "Tracer":
        """Mean over ``axis``; see ``fad.numpy.mean``."""
        return _ops.mean(self, axis=axis, keepdims=keepdims)

    def max(self, axis: _Axis = None, keepdims: bool = False) -> "Tracer":
        """Maximum over ``axis``; see ``fad.numpy.max``."""
        return _ops.max(self, axis=axis, keepdims=keepdims)

    def min(self, axis: _Axis = None, keepdims: bool = False) -> "Tracer":
        """Minimum over ``axis``; see ``fad.numpy.min``."""
        return _ops.min(self, axis=axis, keepdims=keepdims)

    def dot(self, other: ArrayLike) -> "Tracer":
        """Dot product; see ``fad.numpy.dot``."""
        return _ops.dot(self, other)

    def astype(self, dtype: DTypeLike) -> Any:
        """Cast to ``dtype``; see ``fad.numpy.astype``."""
        return array_ops.astype(self, dtype)

    def squeeze(self, axis: _Axis = None) -> "Tracer":
        """Remove length-1 axes; see ``fad.numpy.squeeze``."""
        return _ops.squeeze(self, axis)

    def var(self, axis: _Axis = None, keepdims: bool = False, ddof: int = 0) -> "Tracer":
        """Variance over ``axis``; see ``fad.numpy.var``."""
        return _ops.var(self, axis=axis, keepdims=keepdims, ddof=ddof)

    def std(self, axis: _Axis = None, keepdims: bool = False, ddof: int = 0) -> "Tracer":
        """Standard deviation over ``axis``; see ``fad.numpy.std``."""
        return _ops.std(self, axis=axis, keepdims=keepdims, ddof=ddof)

    def clip(self, a_min: Optional[ArrayLike] = None, a_max: Optional[ArrayLike] = None) -> "Tracer":
        """Limit values to ``[a_min, a_max]``; see ``fad.numpy.clip``."""
        return _ops.clip(self, a_min, a_max)

    def prod(self, axis: _Axis = None, keepdims: bool = False) -> "Tracer":
        """Product over ``axis``; see ``fad.numpy.prod``."""
        return _ops.prod(self, axis=axis, keepdims=keepdims)

    def cumsum(self, axis: Optional[int] = None) -> "Tracer":
        """Cumulative sum along ``axis``; see ``fad.numpy.cumsum``."""
        return _ops.cumsum(self, axis)

    def cumprod(self, axis: Optional[int] = None) -> "Tracer":
        """Cumulative product along ``axis``; see ``fad.numpy.cumprod``."""
        return _ops.cumprod(self, axis)

    def copy(self) -> "Tracer":
        """The same value (traced values are immutable, so no copy is needed)."""
        if not self._trace.alive:
            raise _escaped(self._trace)
        return self

    # ndarray methods that change the array in place: a Tracer cannot change,
    # and a silent copy would leave the caller's variable unchanged.
    def _in_place(self, method: str, instead: str) -> TypeError:
        return TypeError(
            f"x.{method}() changes an array in place, and traced values are "
            f"immutable. Use the functional form, which returns a new array: "
            f"{instead}."
        )

    def sort(self, axis: int = -1, kind: Any = None, order: Any = None) -> NoReturn:
        """Refused: sorts in place on an ndarray; use ``y = fnp.sort(x)``."""
        raise self._in_place("sort", "y = fnp.sort(x, axis)")

    def partition(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Refused: partitions in place on an ndarray; use ``y = fnp.sort(x)``."""
        raise self._in_place("partition", "y = fnp.sort(x, axis) (a full sort is a partition)")

    def fill(self, value: Any) -> NoReturn:
        """Refused: fills in place on an ndarray; use ``fnp.full_like(x, value)``."""
        raise self._in_place("fill", "y = fnp.full_like(x, value)")

    def put(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Refused: writes in place on an ndarray; use ``x.at[i].set(v)``."""
        raise self._in_place("put", "y = x.ravel().at[indices].set(values).reshape(x.shape)")

    def itemset(self, *args: Any) -> NoReturn:
        """Refused: writes in place on an ndarray; use ``x.at[i].set(v)``."""
        raise self._in_place("itemset", "y = x.at[index].set(value)")

    def resize(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Refused: resizes in place on an ndarray; use ``fnp.reshape``."""
        raise self._in_place("resize", "y = fnp.reshape(x, shape) (or fnp.pad / slicing to change the size)")

    def setfield(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Refused: writes in place on an ndarray."""
        raise self._in_place("setfield", "y = x.at[index].set(value)")

    def setflags(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Refused: traced values are always read-only."""
        raise TypeError(
            "x.setflags() changes an array's flags in place; a traced value is always "
            "read-only and has no flags to set. Build a new array instead (for a "
            "changed copy, y = x.at[index].set(value))."
        )

    def byteswap(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Refused: byte order carries no derivative."""
        raise TypeError(
            "x.byteswap() reinterprets an array's bytes, which has no derivative. Apply "
            "it to fad.concrete(x) only where no derivative should flow."
        )

    def argmax(self, axis: Optional[int] = None, keepdims: bool = False) -> Any:
        """Index of the maximum (no derivative: a plain integer or array)."""
        return np.argmax(concrete(self), axis=axis, keepdims=keepdims)

    def argmin(self, axis: Optional[int] = None, keepdims: bool = False) -> Any:
        """Index of the minimum (no derivative: a plain integer or array)."""
        return np.argmin(concrete(self), axis=axis, keepdims=keepdims)

    def argsort(self, axis: Optional[int] = -1, kind: Any = None, order: Any = None, *, stable: Any = None) -> Any:
        """Indices that sort the array (no derivative: a plain array)."""
        return np.argsort(concrete(self), axis=axis, kind=kind, order=order, stable=stable)

    def argpartition(self, kth: Any, axis: Optional[int] = -1, kind: Any = "introselect", order: Any = None) -> Any:
        """Indices that partition the array (no derivative: a plain array)."""
        return np.argpartition(concrete(self), concrete(kth), axis=axis, kind=kind, order=order)

    def nonzero(self) -> tuple[np.ndarray[Any, Any], ...]:
        """Indices of the nonzero entries (no derivative: plain arrays)."""
        return np.nonzero(concrete(self))

    def searchsorted(self, v: Any, side: Any = "left", sorter: Any = None) -> Any:
        """Where ``v`` would go to keep the array sorted (no derivative: indices)."""
        return np.searchsorted(concrete(self), concrete(v), side=side, sorter=concrete(sorter))

    def all(self, axis: _Axis = None, keepdims: bool = False) -> Any:
        """Whether all entries are true (no derivative: plain booleans)."""
        return np.all(concrete(self), axis=axis, keepdims=keepdims)  # type: ignore[arg-type]

    def any(self, axis: _Axis = None, keepdims: bool = False) -> Any:
        """Whether any entry is true (no derivative: plain booleans)."""
        return np.any(concrete(self), axis=axis, keepdims=keepdims)  # type: ignore[arg-type]

    def swapaxes(self, axis1: int, axis2: int) -> "Tracer":
        """Swap two axes; see ``fad.numpy.swapaxes``."""
        return cast(Tracer, _fnp("swapaxes")(self, axis1, axis2))

    @property
    def mT(self) -> "Tracer":
        """The matrix transpose: the last two axes swapped (as ``ndarray.mT``)."""
        if self.ndim < 2:
            raise ValueError("x.mT needs an array with at least 2 dimensions")
        return cast(Tracer, _fnp("swapaxes")(self, -1, -2))

    def diagonal(self, offset: int = 0, axis1: int = 0, axis2: int = 1) -> "Tracer":
        """The diagonal; see ``fad.numpy.diagonal``."""
        return cast(Tracer, _fnp("diagonal")(self, offset, axis1, axis2))

    def repeat(self, repeats: Any, axis: Optional[int] = None) -> "Tracer":
        """Repeat entries; see ``fad.numpy.repeat``."""
        return cast(Tracer, _fnp("repeat")(self, repeats, axis))

    def take(self, indices: Any, axis: Optional[int] = None) -> "Tracer":
        """Entries at ``indices``; see ``fad.numpy.take``."""
        return cast(Tracer, _fnp("take")(self, indices, axis))

    def round(self, decimals: int = 0) -> "Tracer":
        """Round to ``decimals``; see ``fad.numpy.round`` (derivative 0)."""
        return cast(Tracer, _fnp("round")(self, decimals))

    def __round__(self, ndigits: Optional[int] = None) -> "Tracer":
        return self.round(0 if ndigits is None else ndigits)

    # The complex helpers: fad.numpy's functions (the identity, or zeros, on real values).
    def conj(self) -> "Tracer":
        """The complex conjugate; see ``fad.numpy.conjugate``."""
        return cast(Tracer, _fnp("conjugate")(self))

    def conjugate(self) -> "Tracer":
        """The complex conjugate; see ``fad.numpy.conjugate``."""
        return cast(Tracer, _fnp("conjugate")(self))

    @property
    def real(self) -> "Tracer":
        """The real part; see ``fad.numpy.real``."""
        return cast(Tracer, _fnp("real")(self))

    @property
    def imag(self) -> Any:
        """The imaginary part; see ``fad.numpy.imag`` (constant zeros for a real value)."""
        return _fnp("imag")(self)

    @property
    def itemsize(self) -> int:
        """The size of one element in bytes."""
        return concrete(self).itemsize  # type: ignore[no-any-return]

    @property
    def nbytes(self) -> int:
        """The size of the array's elements in bytes."""
        return concrete(self).nbytes  # type: ignore[no-any-return]

    def tobytes(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Refused: bytes would drop the derivative."""
        raise self._lost("x.tobytes() of a traced value")

    def tofile(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Refused: writing a traced value to a file drops its derivative."""
        raise self._lost("x.tofile() of a traced value", "Write fad.concrete(x), or the transform's result. ")

    def dump(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Refused: pickling a traced value drops its derivative."""
        raise self._lost("x.dump() of a traced value", "Pickle fad.concrete(x), or the transform's result. ")

    def dumps(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Refused: pickling a traced value drops its derivative."""
        raise self._lost("x.dumps() of a traced value", "Pickle fad.concrete(x), or the transform's result. ")

    def item(self) -> NoReturn:
        """Refused: a Python number would drop the derivative."""
        raise self._lost(".item() of a traced value")

    def tolist(self) -> NoReturn:
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
        if method == "__call__":
            fn = array_ops.ufuncs.get(ufunc)
        elif method == "outer" and ufunc in array_ops.ufuncs and len(inputs) == 2:
            fn = _ufunc_outer(array_ops.ufuncs[ufunc])
        else:
            fn = array_ops.ufunc_methods.get((ufunc, method))
            if fn is not None and method in ("reduce", "accumulate"):
                kwargs.setdefault("axis", 0)  # a ufunc's reduce and accumulate default to axis 0
        if fn is None or kwargs.get("out") is not None:
            if _no_derivative(ufunc):
                # a test or a piecewise-constant map (also its reduce, accumulate,
                # outer, ...): its value carries no derivative
                return getattr(ufunc, method)(*_concrete_tree(inputs), **_concrete_tree(kwargs))
            if ufunc not in array_ops.ufuncs and array_ops.load_ufunc(ufunc):
                # another package's ufunc (SciPy's special functions): its fad module
                # is imported now, and has registered it
                return self.__array_ufunc__(ufunc, method, *inputs, **kwargs)
            detail = _public_name(ufunc) + ("" if method == "__call__" else f".{method}")
            if fn is not None:  # out=...: NumPy would write into an array
                raise TypeError(
                    f"{detail} with out= is not supported on traced values: out= writes into "
                    "an array in place, and an array cannot hold a traced value. Use the "
                    "returned value instead (y = f(x), not f(x, out=y))."
                )
            if detail.startswith("scipy."):
                raise TypeError(
                    f"{detail} is not supported on traced values: fad has no derivative "
                    f"for it. {COVERAGE_PAGE} lists the functions of fad.scipy.special. "
                    "Write it with fad.numpy and fad.scipy.special functions, or define a "
                    "primitive with fad.primitive and fad.defvjp."
                )
            raise TypeError(
                f"{detail} is not supported on traced values: fad has no derivative "
                f"for it. {COVERAGE_PAGE} lists every NumPy name and what fad does with "
                "it. Use an equivalent fad.numpy function if there is one, "
                "write it with fad.numpy functions, or define a primitive with "
                "fad.primitive and fad.defvjp."
            )
        kwargs.pop("out", None)
        if not kwargs:
            return fn(*inputs)
        try:
            return fn(*inputs, **kwargs)
        except TypeError as e:
            if "unexpected keyword" in str(e) or "positional argument" in str(e):
                detail = _public_name(ufunc) + ("" if method == "__call__" else f".{method}")
                raise TypeError(
                    f"{detail} on a traced value goes to {_public_name(fn)}, which does not "
                    f"take these arguments ({e}). Call it with the arguments fad.numpy "
                    "supports (see its docstring)."
                ) from e
            raise

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        caller = _numpy_caller()  # NumPy code calling func for the user (np.poly1d -> np.atleast_1d)
        if caller is not None:
            refused = _refusal(caller)
            if refused is not None:
                raise TypeError(f"{_public_name(caller)} cannot take traced values: {refused} (See {COVERAGE_PAGE}.)")
        fn = array_ops.functions.get(func)
        if fn is None:
            refused = _refusal(func)
            if refused is not None:
                raise TypeError(
                    f"{_public_name(func)} is not supported on traced values: {refused} "
                    f"(See {COVERAGE_PAGE}.)"
                )
            raise TypeError(
                f"{_public_name(func)} is not supported on traced values: fad has no "
                f"derivative for it. fad.numpy has no such function yet ({COVERAGE_PAGE} "
                "lists every NumPy name and what fad does with it): use an equivalent "
                "fad.numpy function if there is one, write it with fad.numpy functions, "
                "or define a primitive with fad.primitive and fad.defvjp."
            )
        try:
            return fn(*args, **kwargs)
        except TypeError as e:
            if "unexpected keyword" in str(e) or "positional argument" in str(e):
                raise TypeError(
                    f"{_public_name(func)} on a traced value goes to {_public_name(fn)}, "
                    f"which does not take these arguments ({e}). Call it with the "
                    "arguments fad.numpy supports (see its docstring)."
                ) from e
            raise


def _ufunc_outer(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``ufunc.outer(a, b)``: ``fn`` applied to every pair, ``a``'s axes first."""

    def outer(a: Any, b: Any, **kwargs: Any) -> Any:
        a = array_ops.reshape(a, np.shape(a) + (1,) * np.ndim(b))
        return fn(a, b, **kwargs)

    return outer


add_leaf_type(Tracer)
_COMPLEX_OR_TRACED = _COMPLEX_SCALARS | {Tracer}  # the results ``bind`` looks into for a complex dtype
_set_node = Tracer.__dict__["_node"].__set__
_set_trace = Tracer.__dict__["_trace"].__set__
_set_value = Tracer.__dict__["_value"].__set__
Tracer.__setattr__ = _frozen  # type: ignore[method-assign]
Tracer.__delattr__ = _frozen_del  # type: ignore[method-assign]


# Ufuncs whose value carries no derivative: tests (bool results) and maps that
# are constant almost everywhere. On traced values they run on the concrete values.
_PIECEWISE_CONSTANT = {np.floor, np.ceil, np.trunc, np.rint, np.sign, np.floor_divide, np.signbit}


def _no_derivative(ufunc: Any) -> bool:
    if ufunc in _PIECEWISE_CONSTANT:
        return True
    # every (non-object) loop returns bool
    return all(t.endswith("?") for t in ufunc.types if "O" not in t)


def _fad_numpy_name(public: str) -> Optional[str]:
    """``fnp.fft.fft`` for NumPy's ``np.fft.fft`` if fad.numpy has it (public), else None."""
    if not public.startswith("np."):
        return None
    space: Any = sys.modules.get("fad.numpy")
    for part in public[3:].split("."):
        if space is None or part not in getattr(space, "__all__", ()):
            return None
        space = getattr(space, part, None)
    return "fnp." + public[3:]


def _public_name(func: Any) -> str:
    """How a user would write ``func``: ``np.linalg.eigh``, ``scipy.special.expit``."""
    name = getattr(func, "__name__", None) or repr(func)
    if isinstance(func, np.ufunc):  # its __module__ says little (SciPy's are None)
        if getattr(np, name, None) is func:
            return "np." + name
        special = sys.modules.get("scipy.special")  # only if the user imported it
        if special is not None and getattr(special, name, None) is func:
            return "scipy.special." + name
        if special is not None and name.startswith("_") and callable(getattr(special, name[1:], None)):
            return "scipy.special." + name[1:]  # a private ufunc behind SciPy's function of that name
        return f"the ufunc {name}"
    # the module up to its first private part: numpy.linalg._linalg -> numpy.linalg;
    # then the shortest public module that really has it (numpy._core.* -> numpy,
    # numpy.ma.core.array -> numpy.ma)
    parts = str(getattr(func, "__module__", None) or "").split(".")
    public = list(itertools.takewhile(lambda p: p != "" and not p.startswith("_"), parts))
    path = ".".join(public)
    for k in range(1, len(public) + 1):
        mod = sys.modules.get(".".join(public[:k]))
        if mod is not None and getattr(mod, name, None) is func:
            path = ".".join(public[:k])
            break
    if path == "numpy" or path.startswith("numpy."):
        path = "np" + path[5:]
    return f"{path}.{name}" if path else name


def _concrete_tree(obj: Any) -> Any:
    """Concrete values inside (nested) tuples, lists and dicts of arguments."""
    if type(obj) is Tracer:
        return concrete(obj)
    if isinstance(obj, (list, tuple)):
        return type(obj)(_concrete_tree(o) for o in obj)
    if isinstance(obj, dict):
        return {k: _concrete_tree(v) for k, v in obj.items()}
    return obj


COVERAGE_PAGE = "docs/numpy-coverage.md"
"""The page that lists every NumPy name and its kind in fad (generated)."""


def _numpy_caller() -> Any:
    """The NumPy function that is converting a Tracer with ``__array__`` (or
    calling another NumPy function on it, which reaches ``__array_function__``).

    NumPy cannot dispatch on the contents of a list (``np.mean([x, y])``), so
    it converts the Tracers inside. The Python frames just above
    ``__array__`` then belong to NumPy; the outermost of that run is the
    function the user called. Returns it (as its module holds it: ``np.mean``),
    or None when NumPy's converting function is not written in Python
    (``np.asarray``, ``a[i] = x``) or NumPy is not the caller.
    """
    frame = sys._getframe(2)  # past this function and __array__ (or __array_function__)
    outer = None
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module != "numpy" and not module.startswith("numpy."):
            break
        outer = frame
        frame = frame.f_back  # type: ignore[assignment]
    if outer is None:
        return None
    code = outer.f_code
    qualname = getattr(code, "co_qualname", code.co_name)  # Python 3.11+
    first = qualname.split(".")[0]  # a method's class: vectorize.__call__ -> vectorize
    if first.startswith("_") or first == "<module>":
        return None
    return getattr(sys.modules.get(outer.f_globals.get("__name__", "")), first, None)


def _scipy_caller() -> Optional[str]:
    """The public name (``scipy.special.logsumexp``) of the SciPy function, written
    in Python, that is converting a Tracer with ``__array__``, or None.

    SciPy's ufuncs dispatch to fad (``__array_ufunc__``); its Python functions
    convert their arguments with ``np.asarray``. The outermost of the SciPy (and
    NumPy) frames above ``__array__`` is the function the user called.
    """
    frame = sys._getframe(2)  # past this function and __array__
    outer = None
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if not (module.startswith("scipy.") or module == "numpy" or module.startswith("numpy.")):
            break
        if module.startswith("scipy."):
            outer = frame
        frame = frame.f_back  # type: ignore[assignment]
    if outer is None:
        return None
    name = outer.f_code.co_name
    parts = outer.f_globals["__name__"].split(".")
    public = list(itertools.takewhile(lambda p: not p.startswith("_"), parts))
    for k in range(len(public), 0, -1):  # the public module that has it: scipy.special
        mod = sys.modules.get(".".join(public[:k]))
        if mod is not None and getattr(getattr(mod, name, None), "__code__", None) is outer.f_code:
            return ".".join(public[:k]) + "." + name
    return None


def _scipy_hint(public: str) -> str:
    """What to call instead of SciPy's ``public`` on traced values."""
    module, _, name = public.rpartition(".")
    try:
        ours = importlib.import_module("fad." + module)
    except ImportError:
        ours = None
    if ours is not None and name in getattr(ours, "__all__", ()):
        return f"Call fad.{public} instead (import fad.{module}), which takes traced values. "
    return (
        f"fad.{module} has no {name} ({COVERAGE_PAGE} lists what fad.scipy has): write it "
        "with fad.numpy and fad.scipy functions. "
    )


def _refusal(func: Any) -> Optional[str]:
    """Why fad.numpy refuses NumPy's ``func`` on traced values, if it does
    (``fad.numpy._forwarded.refusal``, looked up: the core never imports fad.numpy)."""
    forwarded = sys.modules.get("fad.numpy._forwarded")
    found: Optional[str] = forwarded.refusal(func) if forwarded is not None else None
    return found


def _make_tracer(node: Node, trace: Trace, value: Any) -> Tracer:
    t = _new(Tracer)
    _set_node(t, node)
    _set_trace(t, trace)
    _set_value(t, value)
    return t

