"""The transforms: thin compositions of tracing and the two sweeps.

``vjp`` traces once and returns a pullback (the reverse sweep); ``linearize``
traces once and returns a pushforward (the forward sweep); everything else is
a few lines over those two.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import operator
from typing import Any, Callable, Literal, Optional, Sequence, SupportsIndex, Union, cast, overload

from typing_extensions import ParamSpec

import numpy as np

from fad._forward import ForwardPlan
from fad._graph import Node
from fad._graph import shape_of
from fad._reverse import backward
from fad import _tracer
from fad._tracer import EscapedTracerError, Trace, Tracer, concrete
from fad._tree import TreeDef, leaf_paths, tree_flatten, tree_map, tree_unflatten

__all__ = [
    "vjp",
    "jvp",
    "linearize",
    "grad",
    "value_and_grad",
    "elementwise_grad",
    "jacrev",
    "jacfwd",
    "jacobian",
    "hessian",
    "stop_gradient",
]

ArgNums = Union[SupportsIndex, Sequence[SupportsIndex]]

P = ParamSpec("P")
# A transform keeps the parameters of the function it transforms: the result is
# called with the same arguments (so a wrong arity or a wrong keyword is a type
# error). Annotate a function's array parameters with fad.Array (an ndarray or
# a Tracer): it receives Tracers while traced and arrays otherwise.

Pullback = Callable[[Any], tuple[Any, ...]]
"""``pullback(cotangent) -> tuple`` of cotangents, one per primal."""
Pushforward = Callable[..., Any]
"""``pushforward(*tangents) -> tangent`` of the output."""
JVPFunction = Callable[[Sequence[Any], Sequence[Any]], tuple[Any, Any]]
"""``(primals, tangents) -> (out, tangent_out)``."""
JVPFunctionAux = Callable[[Sequence[Any], Sequence[Any]], tuple[Any, Any, Any]]


# ---------------------------------------------------------------------------
# helpers


def _fname(f: Callable[..., Any]) -> str:
    return getattr(f, "__name__", type(f).__name__)


def _dtype(x: Any) -> np.dtype[Any]:
    d = getattr(x, "dtype", None)
    return d if d is not None else np.result_type(x)


def _check_inputs(
    leaves: Sequence[Any],
    transform: str,
    tree: Optional[TreeDef] = None,
    f: Optional[Callable[..., Any]] = None,
    holomorphic: bool = False,
) -> None:
    """Refuse leaves that are not float or complex arrays, and the dtypes JAX
    refuses: real inputs with ``holomorphic=True``, complex inputs to ``jacfwd``
    without it. ``tree`` (the structure of the tuple of arguments) and ``f``
    only serve to name the leaf in the message."""
    for k, x in enumerate(leaves):
        if type(x) is Tracer or type(x) is np.ndarray:
            dt = x.dtype
        elif isinstance(x, (np.ndarray, np.generic, int, float, complex)):
            dt = np.result_type(x)
        else:
            if dataclasses.is_dataclass(x):
                hint = (
                    f"fad sees inside a dataclass only once it is registered: decorate "
                    f"{type(x).__name__} with @fad.register_dataclass (above "
                    "@dataclasses.dataclass), or call "
                    f"fad.register_dataclass({type(x).__name__})."
                )
            else:
                hint = (
                    "pass NumPy arrays or Python floats, or a pytree of them (tuples, "
                    "lists, dicts, or a class registered with fad.register_pytree_node)."
                )
            raise TypeError(
                f"{transform}: {_input_label(k, tree, f)} is a {type(x).__name__}, "
                f"which is not an array; {hint}"
            )
        if dt.kind == "c":
            if transform == "jacfwd" and not holomorphic:
                raise TypeError(
                    f"jacfwd requires real-valued inputs (input dtype that is a sub-dtype of "
                    f"np.floating), but {_input_label(k, tree, f)} has dtype {dt}. For "
                    "holomorphic differentiation, pass holomorphic=True. For differentiating "
                    "non-holomorphic functions involving complex inputs, use fad.jvp directly "
                    "(or fad.jacrev, which takes complex inputs of a real-valued function)."
                )
            continue
        if holomorphic and dt.kind == "f":
            raise TypeError(
                f"{transform} with holomorphic=True requires inputs with complex dtype, but "
                f"{_input_label(k, tree, f)} has dtype {dt}. Pass complex values (e.g. "
                "x.astype(complex)), or drop holomorphic=True."
            )
        if dt.kind != "f":
            kind = "integer" if np.issubdtype(dt, np.integer) else str(dt)
            raise TypeError(
                f"{transform} needs floating-point inputs, but {_input_label(k, tree, f)} "
                f"has dtype {dt} ({kind}). Pass floats instead, e.g. 3.0 rather than 3, "
                "or x.astype(float)."
            )


def _input_label(k: int, tree: Optional[TreeDef], f: Optional[Callable[..., Any]]) -> str:
    """Leaf ``k`` of a tuple of arguments as the user would write it: ``params['w1']``."""
    path = leaf_paths(tree)[k] if tree is not None else ""
    if not path.startswith("["):
        return f"input {k}"
    end = path.index("]")
    p, rest = int(path[1:end]), path[end + 1 :]
    name = _arg_name(f, p)
    if name is None:
        return f"argument {p}" + (f" at {rest}" if rest else "")
    return name + rest if rest else "argument " + name


def _arg_name(f: Optional[Callable[..., Any]], p: int) -> Optional[str]:
    """The name of ``f``'s positional parameter ``p`` (``args[1]`` for ``*args``)."""
    if isinstance(f, _Partial):  # f's arguments at f.nums only
        p = f.nums[p]
        f = f.f
    try:
        params = list(inspect.signature(f).parameters.values()) if f is not None else []
    except (TypeError, ValueError):  # no signature (a builtin or a ufunc)
        params = []
    for i, prm in enumerate(params):
        if prm.kind is prm.VAR_POSITIONAL:
            return f"{prm.name}[{p - i}]"
        if i == p and prm.kind in (prm.POSITIONAL_ONLY, prm.POSITIONAL_OR_KEYWORD):
            return prm.name
    return None


def _norm_argnums(argnums: ArgNums, nargs: int, transform: str) -> tuple[tuple[int, ...], bool]:
    """``argnums`` as non-negative positions (repeats kept, in order), and whether
    it was a single integer (then the derivative is not wrapped in a tuple)."""
    if type(argnums) is int and -nargs <= argnums < nargs:  # the common case, quickly
        return (argnums % nargs,), True
    single = hasattr(argnums, "__index__")  # an int or a NumPy integer
    try:
        if single:
            nums: tuple[int, ...] = (operator.index(cast(SupportsIndex, argnums)),)
        else:
            nums = tuple(operator.index(a) for a in cast(Sequence[SupportsIndex], argnums))
    except TypeError:
        raise TypeError(
            f"{transform}: argnums must be an int or a tuple of ints, not {argnums!r}."
        ) from None
    for a in nums:
        if not -nargs <= a < nargs:
            raise TypeError(
                f"{transform}: argnums={argnums!r} does not fit a call with {nargs} "
                "positional argument(s)."
            )
    return tuple(a % nargs for a in nums), single


class _Traced:
    """A function traced once: inputs, outputs and auxiliary data."""

    __slots__ = (
        "in_nodes", "in_leaves", "in_tree", "out_nodes", "out_values", "out_tree", "aux", "picks",
        "trace",
    )

    in_nodes: list[Node]
    in_leaves: list[Any]
    in_tree: TreeDef
    out_nodes: list[Optional[Node]]
    out_values: list[Any]
    out_tree: TreeDef
    aux: Any
    picks: Optional[tuple[int, ...]]
    """Set by _trace_argnums: for each requested argnum, its index among the
    traced (distinct) arguments; None for a single int argnums."""
    trace: Trace
    """The trace that recorded it; for a large graph it holds full collections
    off until the graph is dropped (this record is the graph's last owner in the
    transforms), so that no full collection visits it on its way out."""

    def __del__(self) -> None:
        trace = getattr(self, "trace", None)
        if trace is not None:
            trace.release()


def _record(
    f: Callable[..., Any], primals: tuple[Any, ...], has_aux: bool, transform: str, holomorphic: bool = False
) -> _Traced:
    """Run ``f(*primals)`` with every leaf of ``primals`` traced."""
    leaves, in_tree = tree_flatten(primals)
    _check_inputs(leaves, transform, in_tree, f, holomorphic)
    trace = Trace(transform)
    tracers = [trace.new_input(x) for x in leaves]
    try:
        out = f(*tree_unflatten(in_tree, tracers))
    except ValueError as e:
        if trace.frozen and "read-only" in str(e):
            raise ValueError(
                f"{_fname(f)} changed an array in place after a traced operation had "
                "used it. fad records a reference to each constant array an operation "
                "uses (not a copy), so the change would silently alter the derivative; "
                "such arrays are read-only while the function is traced. Make a new "
                "array instead (c = c * 2 rather than c *= 2; c = fnp.where(...) or "
                "c.at[i].set(v) on traced values rather than c[i] = v), or pass "
                "np.array(c) (a copy) to the traced operation."
            ) from e
        raise
    except BaseException:
        trace.finish()
        raise
    trace.finish(release=False)  # released when the graph is dropped (_Traced.__del__)
    r = _Traced()
    if has_aux:
        if not (isinstance(out, (tuple, list)) and len(out) == 2):
            raise TypeError(
                f"{transform}(..., has_aux=True) needs {_fname(f)} to return a pair "
                f"(output, aux); it returned {type(out).__name__}."
            )
        out, aux = out
        aux_leaves, aux_tree = tree_flatten(aux)
        _refuse_escaped(aux_leaves, trace, "an aux value of", f)
        r.aux = tree_unflatten(
            aux_tree, [_fresh(x._value) if trace.owns(x) else _copied(x) for x in aux_leaves]
        )
    else:
        r.aux = None
    out_leaves, r.out_tree = tree_flatten(out)
    _refuse_escaped(out_leaves, trace, "the output of", f)
    r.out_nodes = [x._node if trace.owns(x) else None for x in out_leaves]
    r.out_values = [
        x._value if trace.owns(x) else _as_value(x, transform, f) for x in out_leaves
    ]
    r.in_nodes = [t._node for t in tracers]
    r.in_leaves = [t._value for t in tracers]
    r.in_tree = in_tree
    r.trace = trace
    return r


def _copied(x: Any) -> Any:
    """An array copied (Tracers and NumPy scalars are immutable: as they are):
    for a constant leaf of an output or aux, which may be an array the user
    passed in, and for a repeated argnum's second derivative. fad's results
    alias nothing."""
    return x.copy() if isinstance(x, np.ndarray) else x


def _as_value(x: Any, transform: str, f: Callable[..., Any]) -> Any:
    if isinstance(x, np.ndarray):
        return _copied(x)
    if type(x) is Tracer or isinstance(x, np.generic):
        return x
    if isinstance(x, (int, float, complex, bool)):
        return np.asarray(x)
    raise TypeError(
        f"{transform}: {_fname(f)} returned a {type(x).__name__}; outputs must be "
        "arrays, numbers or pytrees of them."
    )


def _refuse_escaped(
    leaves: Sequence[Any], trace: Optional[Trace], what: str, f: Optional[Callable[..., Any]] = None
) -> None:
    """Raise EscapedTracerError for a Tracer among ``leaves`` whose transform has
    returned (``trace``'s own tracers excepted: it has just finished itself).
    ``what`` (followed by ``f``'s name, if given) says which value it was."""
    for x in leaves:
        if type(x) is Tracer and x._trace is not trace and not x._trace.alive:
            tr = x._trace
            raise EscapedTracerError(
                f"{what}{'' if f is None else ' ' + _fname(f)} is a traced value of "
                f"{tr.name} (level {tr.level}), which had already returned: it escaped its transform, and its derivative is "
                "lost. Return it from the transformed function (or use has_aux=True) "
                "instead of keeping it in a list, dict, global or closure."
            )


def _root(x: np.ndarray[Any, Any]) -> Any:
    """The array that owns ``x``'s memory (``x`` itself, or the end of its bases)."""
    while isinstance(x.base, np.ndarray):
        x = x.base
    return x


def _fresh(x: Any, passed: Sequence[Any] = ()) -> Any:
    """``x`` as fad hands it to the user: writeable, aliasing nothing of fad's
    records nor any array the user passed in (``passed``: those arrays' roots).

    Recorded values are read-only (the graph keeps them), broadcast views are
    read-only, and a rule may hand back its cotangent unchanged; those are
    copied. A fresh result of a rule (the usual case) is returned as it is.
    """
    if type(x) is not np.ndarray:
        return x  # Tracers and NumPy scalars are immutable
    if not x.flags.writeable:
        return x.copy()
    if passed:
        r = _root(x)
        for p in passed:
            if p is r:
                return x.copy()
    return x


def _roots(leaves: Sequence[Any]) -> list[Any]:
    """The memory owners of the arrays among ``leaves``."""
    return [_root(x) for x in leaves if type(x) is np.ndarray]


def _zeros(x: Any) -> Any:
    return np.zeros(shape_of(x), _dtype(x))


def _cast(ct: Any, like: Any) -> Any:
    """Give a cotangent or tangent the dtype of its primal (a complex one of a
    real primal keeps its real part, as at a real -> complex cast)."""
    want = _dtype(like)
    have = _dtype(ct)
    if have != want:
        if have.kind == "c" and want.kind != "c":
            ct = ct.real  # an ndarray's or a Tracer's real part (fnp.real)
        return _tracer.array_ops.astype(ct, want)
    return ct


def _check_output(y: Any, transform: str, f: Callable[..., Any], holomorphic: bool, real_only: bool) -> None:
    """JAX's checks of an output's dtype: complex with ``holomorphic=True``; with
    ``real_only`` (grad, jacrev), real without it."""
    dt = _dtype(y)
    if holomorphic:
        if dt.kind != "c":
            raise TypeError(
                f"{transform} with holomorphic=True requires outputs with complex dtype, but "
                f"{_fname(f)} returned dtype {dt}. Drop holomorphic=True for a real-valued "
                "function."
            )
    elif real_only and dt.kind == "c":
        raise TypeError(
            f"{transform} requires real-valued outputs (output dtype that is a sub-dtype of "
            f"np.floating), but {_fname(f)} returned dtype {dt}. For holomorphic "
            "differentiation, pass holomorphic=True. For differentiating non-holomorphic "
            "functions involving complex outputs, use fad.vjp directly (or take a real part, "
            "e.g. fnp.abs(y) ** 2)."
        )


def _pull(t: _Traced, ct_leaves: Sequence[Any], nb: int = 0, once: bool = False) -> list[Any]:
    """Cotangents of the inputs, given those of the outputs (zeros included).

    With ``once`` (a transform that pulls back once, as ``grad`` does), the
    record lets go of its outputs before the sweep, which then frees each
    node's values as soon as it is done with them (as PyTorch frees a graph's
    saved tensors during ``backward``): the sweep's peak memory falls as it
    goes, instead of holding every value until it ends. ``t`` cannot be pulled
    back again afterwards."""
    seeds = [(n, c) for n, c in zip(t.out_nodes, ct_leaves) if n is not None and c is not None]
    if not seeds:
        got: dict[int, Any] = {}
    elif once:
        t.out_nodes = []
        # only the iterator holds the seeds, and it lets go of them once read
        it = iter(seeds)
        del seeds
        got = backward(it, nb, t.trace.holding)
    else:
        got = backward(seeds, nb, t.trace.holding)
    out = []
    for node, x in zip(t.in_nodes, t.in_leaves):
        g = got.get(node.id)
        if g is None:
            g = np.zeros(tuple(shape_of(ct_leaves[0])[:nb]) + shape_of(x), _dtype(x)) if nb else _zeros(x)
        out.append(_cast(g, x))
    passed = _roots(ct_leaves)
    return [_fresh(g, passed) for g in out]


def _trace_argnums(
    f: Callable[..., Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    argnums: ArgNums,
    has_aux: bool,
    transform: str,
    holomorphic: bool = False,
) -> _Traced:
    """Trace ``f(*args, **kwargs)`` with only the positional arguments at
    ``argnums`` traced (keyword arguments are passed through as constants).

    An argument asked for twice is traced once (``t.picks`` maps the request
    back), so each of its positions gets its full derivative, as in JAX."""
    nums, single = _norm_argnums(argnums, len(args), transform)
    distinct = tuple(dict.fromkeys(nums))
    t = _record(_Partial(f, args, kwargs, distinct), tuple(args[i] for i in distinct), has_aux, transform, holomorphic)
    t.picks = None if single else tuple(distinct.index(i) for i in nums)
    return t


def _by_argnums(t: _Traced, g: tuple[Any, ...]) -> Any:
    """Derivatives ``g`` of the traced arguments, arranged as ``argnums`` asked:
    ``g[0]`` for a single int, else a tuple with one entry per requested argnum
    (a repeated one gets its own copy, so that the arrays alias nothing)."""
    if t.picks is None:
        return g[0]
    out = []
    seen: set[int] = set()
    for k in t.picks:
        out.append(tree_map(_copied, g[k]) if k in seen else g[k])
        seen.add(k)
    return tuple(out)


def _with_kwargs(f: Callable[..., Any], kwargs: dict[str, Any]) -> Callable[..., Any]:
    """``f`` with keyword arguments bound (they are constants to the transform)."""
    if not kwargs:
        return f
    g = functools.partial(f, **kwargs)
    functools.update_wrapper(g, f)
    return g


class _Partial:
    """``f`` as a function of the (distinct) positional arguments at ``nums`` only;
    the other arguments and ``kwargs`` are fixed."""

    __slots__ = ("f", "args", "kwargs", "nums", "__name__")

    def __init__(
        self, f: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], nums: tuple[int, ...]
    ) -> None:
        self.f = f
        self.args = args
        self.kwargs = kwargs
        self.nums = nums
        self.__name__ = _fname(f)

    def __call__(self, *diff: Any) -> Any:
        full = list(self.args)
        for i, a in zip(self.nums, diff):
            full[i] = a
        return self.f(*full, **self.kwargs)


# ---------------------------------------------------------------------------
# reverse mode


@overload
def vjp(f: Callable[P, Any], *, has_aux: Literal[False] = False) -> Callable[P, tuple[Any, Pullback]]: ...
@overload
def vjp(f: Callable[P, Any], *, has_aux: Literal[True]) -> Callable[P, tuple[Any, Pullback, Any]]: ...
def vjp(f: Callable[P, Any], *, has_aux: bool = False) -> Callable[P, tuple[Any, ...]]:
    """Reverse mode: the value of ``f`` and a pullback of cotangents.

    Args:
        f: the function to differentiate; its arguments and output are pytrees
            of float arrays.
        has_aux: if True, ``f`` returns ``(output, aux)`` and aux is passed
            through undifferentiated.

    Returns:
        A function of ``*primals`` that returns ``(out, pullback)`` (or
        ``(out, pullback, aux)``). ``pullback(ct)`` takes a cotangent shaped
        like ``out`` and returns a tuple of cotangents, one per primal. fad
        does not copy your arrays: the pullback reads the primals and any
        constant arrays ``f`` used, so change them in place only after you are
        done with it.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> out, pullback = fad.vjp(lambda x, y: x * y)(3.0, 4.0)
        >>> [float(c) for c in pullback(1.0)]
        [4.0, 3.0]
    """

    @functools.wraps(f)
    def vjp_f(*primals: P.args, **kwargs: P.kwargs) -> Any:
        t = _record(_with_kwargs(f, kwargs), primals, has_aux, "vjp")

        def pullback(ct: Any) -> tuple[Any, ...]:
            ct_leaves, ct_tree = tree_flatten(ct)
            _refuse_escaped(ct_leaves, None, "a cotangent")
            if ct_tree != t.out_tree:
                raise ValueError(
                    f"pullback: the cotangent's structure {ct_tree} does not match the "
                    f"output's {t.out_tree}."
                )
            for c, y in zip(ct_leaves, t.out_values):
                if c is not None and shape_of(c) != shape_of(y):
                    raise ValueError(
                        f"pullback: a cotangent has shape {shape_of(c)} but its output has "
                        f"shape {shape_of(y)}; they must match."
                    )
            cts = _pull(t, ct_leaves)
            return tree_unflatten(t.in_tree, cts)  # type: ignore[no-any-return]

        out = tree_unflatten(t.out_tree, [_fresh(v) for v in t.out_values])
        t.trace.release()  # the pullback keeps the graph, for as long as the user keeps it
        return (out, pullback, t.aux) if has_aux else (out, pullback)

    return vjp_f


def _scalar_grad(
    f: Callable[..., Any],
    argnums: ArgNums,
    has_aux: bool,
    transform: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    holomorphic: bool = False,
) -> tuple[Any, Any, Any]:
    t = _trace_argnums(f, args, kwargs, argnums, has_aux, transform, holomorphic)
    try:
        if t.out_tree.kind is not None:
            raise TypeError(
                f"{transform} needs {_fname(f)} to return a scalar array, but it returned a "
                f"pytree {t.out_tree}. Return the scalar itself (use has_aux=True to return "
                "more), or use fad.vjp or fad.jacobian for structured outputs."
            )
        if len(t.out_values) != 1 or shape_of(t.out_values[0]) != ():
            shapes = [shape_of(v) for v in t.out_values]
            raise TypeError(
                f"{transform} needs {_fname(f)} to return a scalar, but it returned "
                f"{'shape ' + str(shapes[0]) if len(shapes) == 1 else str(len(shapes)) + ' outputs'}. "
                "For a non-scalar output use fad.jacobian (the full Jacobian) or fad.vjp "
                "(a vector-Jacobian product), or reduce it to a scalar first."
            )
        y = t.out_values[0]
        _check_output(y, transform, f, holomorphic, True)
        if not np.issubdtype(_dtype(y), np.inexact):
            raise TypeError(f"{transform} needs a floating-point output; got dtype {_dtype(y)}.")
        g = tree_unflatten(t.in_tree, _pull(t, [np.ones((), _dtype(y))], once=True))
        return _fresh(y), _by_argnums(t, g), t.aux
    except BaseException:  # a traceback may keep the graph: let full collections run
        t.trace.release()
        raise


def grad(
    f: Callable[P, Any], argnums: ArgNums = 0, *, has_aux: bool = False, holomorphic: bool = False
) -> Callable[P, Any]:
    """The gradient of a scalar-valued function.

    Args:
        f: a function returning a scalar (0-d) float.
        argnums: which positional argument(s) to differentiate: an int, or a
            tuple of ints (then the gradient is a tuple).
        has_aux: if True, ``f`` returns ``(scalar, aux)``; ``grad`` then returns
            ``(gradient, aux)``.
        holomorphic: promise that ``f`` is holomorphic (complex inputs and
            output): the gradient is then the complex derivative ``f'(z)``.
            Without it the output must be real; for complex inputs the
            gradient is JAX's, ``df/dx - 1j df/dy`` (docs/complex.md).

    Returns:
        A function with ``f``'s signature returning the gradient, shaped like
        the chosen argument(s), of their dtypes.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> float(fad.grad(fnp.sin)(0.0))
        1.0
        >>> float(fad.grad(fad.grad(lambda x: x ** 3))(2.0))
        12.0
    """

    @functools.wraps(f)
    def grad_f(*args: P.args, **kwargs: P.kwargs) -> Any:
        _, g, aux = _scalar_grad(f, argnums, has_aux, "grad", args, kwargs, holomorphic)
        return (g, aux) if has_aux else g

    return grad_f


def value_and_grad(
    f: Callable[P, Any], argnums: ArgNums = 0, *, has_aux: bool = False, holomorphic: bool = False
) -> Callable[P, tuple[Any, Any]]:
    """The value of a scalar-valued function together with its gradient.

    Args:
        f: a function returning a scalar float.
        argnums: as for :func:`grad`.
        has_aux: if True, ``f`` returns ``(scalar, aux)`` and the value is
            ``(scalar, aux)``.
        holomorphic: as for :func:`grad`.

    Returns:
        A function returning ``(value, gradient)``.

    Example:
        >>> import fad
        >>> v, g = fad.value_and_grad(lambda x: x * x)(3.0)
        >>> float(v), float(g)
        (9.0, 6.0)
    """

    @functools.wraps(f)
    def value_and_grad_f(*args: P.args, **kwargs: P.kwargs) -> Any:
        y, g, aux = _scalar_grad(f, argnums, has_aux, "value_and_grad", args, kwargs, holomorphic)
        return ((y, aux), g) if has_aux else (y, g)

    return value_and_grad_f


def elementwise_grad(f: Callable[P, Any], argnums: ArgNums = 0) -> Callable[P, Any]:
    """The gradient of ``sum(f(x))``: the derivative of an elementwise map.

    For a function that acts elementwise this is the derivative at every point
    at once. It is computed as a pullback of ones (no sum is recorded).

    Args:
        f: a function of arrays returning an array.
        argnums: as for :func:`grad`.

    Returns:
        A function returning arrays shaped like the chosen argument(s).

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> fad.elementwise_grad(fnp.sin)(np.array([0.0, np.pi]))
        array([ 1., -1.])
    """

    @functools.wraps(f)
    def egrad_f(*args: P.args, **kwargs: P.kwargs) -> Any:
        t = _trace_argnums(f, args, kwargs, argnums, False, "elementwise_grad")
        try:
            for v in t.out_values:  # as grad: a complex output has no gradient (JAX's rule)
                _check_output(v, "elementwise_grad", f, False, True)
            ones = [np.ones(shape_of(v), _dtype(v)) for v in t.out_values]
            g = tree_unflatten(t.in_tree, _pull(t, ones, once=True))
            return _by_argnums(t, g)
        except BaseException:  # a traceback may keep the graph: let full collections run
            t.trace.release()
            raise

    return egrad_f


# ---------------------------------------------------------------------------
# forward mode


def _check_tangents(
    primals: Any, tangents: Any, f: Optional[Callable[..., Any]] = None
) -> tuple[list[Any], list[Any]]:
    if not isinstance(primals, (tuple, list)) or not isinstance(tangents, (tuple, list)):
        raise TypeError(
            "jvp takes primals and tangents as tuples, one entry per argument: "
            "fad.jvp(f)((x,), (xdot,))."
        )
    p_leaves, p_tree = tree_flatten(tuple(primals))
    _check_inputs(p_leaves, "jvp", p_tree, f)
    t_leaves, t_tree = tree_flatten(tuple(tangents))
    _refuse_escaped(t_leaves, None, "a tangent")
    if p_tree != t_tree:
        raise ValueError(f"jvp: tangents {t_tree} do not match the structure of primals {p_tree}.")
    for k, (p, t) in enumerate(zip(p_leaves, t_leaves)):
        if shape_of(p) != shape_of(t):
            raise ValueError(
                f"jvp: tangent {k} has shape {shape_of(t)} but its primal has shape "
                f"{shape_of(p)}; they must match."
            )
        pd, td = np.result_type(_dtype(p)), np.result_type(_dtype(t))
        if pd.kind == "c":
            if not isinstance(t, (float, complex)) and td != pd:
                raise ValueError(
                    f"jvp: tangent {k} has dtype {td} but its primal has dtype {pd}; tangents "
                    "of complex primals are complex of the same dtype (cast the tangent with "
                    ".astype)."
                )
            continue
        if td.kind == "c":
            raise TypeError(
                f"jvp: tangent {k} has dtype {td}, but its primal is real ({pd}): a real "
                "value has real tangents. Pass a real tangent (e.g. its real part)."
            )
        if td.kind != "f" and not isinstance(t, float):
            raise TypeError(
                f"jvp: tangent {k} has dtype {td}, but tangents of floating-point primals "
                f"must be floats of the primal's dtype ({pd}); write 1.0 rather than 1."
            )
        if np.issubdtype(pd, np.floating) and not isinstance(t, float) and pd != td:
            raise ValueError(
                f"jvp: tangent {k} has dtype {td} but its primal has dtype {pd}; "
                "they must match (cast the tangent with .astype)."
            )
    t_leaves = [t if type(t) is Tracer else np.asarray(t, _dtype(p)) for t, p in zip(t_leaves, p_leaves)]
    return p_leaves, t_leaves


def _jvp_call_error(
    f: Callable[..., Any], primals: Any, tangents: Any, extra: tuple[Any, ...], kwargs: dict[str, Any]
) -> TypeError:
    """The error for a call of ``jvp(f)`` with other than ``(primals, tangents)``."""
    name = _fname(f) if _fname(f).isidentifier() else "f"
    if kwargs:
        k = sorted(kwargs)[0]
        got = "keyword argument(s) " + ", ".join(sorted(kwargs))
        how = (
            f"to pass keyword arguments to {name}, bind them first: "
            f"fad.jvp(functools.partial({name}, {k}=...)) or "
            f"fad.jvp(lambda x: {name}(x, {k}=...))."
        )
    else:
        n = sum(a is not None for a in (primals, tangents)) + len(extra)
        got = f"{n} positional argument(s)"
        how = (
            "put the primals of all arguments in the first tuple and their tangents "
            "in the second."
        )
    return TypeError(
        f"fad.jvp({name}) returns a function of exactly two arguments, (primals, "
        "tangents): two tuples with one entry per argument of the function, as in "
        f"fad.jvp(f)((x, y), (xdot, ydot)). It was called with {got}; {how}"
    )


def _tangents_out(t: _Traced, plan: ForwardPlan, tangents: Sequence[Any]) -> Any:
    outs = plan.push(tangents)
    passed = _roots(tangents)
    return tree_unflatten(
        t.out_tree,
        [_zeros(v) if d is None else _fresh(_cast(d, v), passed) for d, v in zip(outs, t.out_values)],
    )


@overload
def jvp(f: Callable[P, Any], *, has_aux: Literal[False] = False) -> JVPFunction: ...
@overload
def jvp(f: Callable[P, Any], *, has_aux: Literal[True]) -> JVPFunctionAux: ...
def jvp(f: Callable[P, Any], *, has_aux: bool = False) -> Union[JVPFunction, JVPFunctionAux]:
    """Forward mode: the value of ``f`` and its directional derivative.

    Args:
        f: the function to differentiate.
        has_aux: if True, ``f`` returns ``(output, aux)``.

    Returns:
        A function of ``(primals, tangents)``, two tuples with one entry per
        argument of matching shapes and dtypes, returning ``(out, tangent_out)``
        (or ``(out, tangent_out, aux)``).

    Example:
        >>> import fad, fad.numpy as fnp
        >>> y, ydot = fad.jvp(fnp.sin)((0.0,), (2.0,))
        >>> float(y), float(ydot)
        (0.0, 2.0)
    """

    @functools.wraps(f)
    def jvp_f(primals: Any = None, tangents: Any = None, *extra: Any, **kwargs: Any) -> Any:
        if tangents is None or extra or kwargs:
            raise _jvp_call_error(f, primals, tangents, extra, kwargs)
        _, t_leaves = _check_tangents(primals, tangents, f)
        t = _record(f, tuple(primals), has_aux, "jvp")
        try:
            plan = ForwardPlan(t.in_nodes, t.out_nodes)
            tan = _tangents_out(t, plan, t_leaves)
            out = tree_unflatten(t.out_tree, [_fresh(v) for v in t.out_values])
            return (out, tan, t.aux) if has_aux else (out, tan)
        except BaseException:  # a traceback may keep the graph: let full collections run
            t.trace.release()
            raise

    return jvp_f


@overload
def linearize(f: Callable[P, Any], *, has_aux: Literal[False] = False) -> Callable[P, tuple[Any, Pushforward]]: ...
@overload
def linearize(f: Callable[P, Any], *, has_aux: Literal[True]) -> Callable[P, tuple[Any, Pushforward, Any]]: ...
def linearize(f: Callable[P, Any], *, has_aux: bool = False) -> Callable[P, tuple[Any, ...]]:
    """Trace ``f`` once and return its value and a reusable pushforward.

    Args:
        f: the function to linearize.
        has_aux: if True, ``f`` returns ``(output, aux)``; the result is then
            ``(out, pushforward, aux)``.

    Returns:
        A function of ``*primals`` returning ``(out, pushforward)``, where
        ``pushforward(*tangents)`` is the Jacobian–vector product at the primals.
        It can be called many times; ``f`` is not run again.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> y, push = fad.linearize(lambda x: x ** 2)(3.0)
        >>> float(push(1.0)), float(push(2.0))
        (6.0, 12.0)
    """

    @functools.wraps(f)
    def linearize_f(*primals: P.args, **kwargs: P.kwargs) -> Any:
        t = _record(_with_kwargs(f, kwargs), primals, has_aux, "linearize")
        plan = ForwardPlan(t.in_nodes, t.out_nodes)

        def pushforward(*tangents: Any) -> Any:
            _, t_leaves = _check_tangents(primals, tangents)
            return _tangents_out(t, plan, t_leaves)

        out = tree_unflatten(t.out_tree, [_fresh(v) for v in t.out_values])
        t.trace.release()  # the pushforward keeps the graph, for as long as the user keeps it
        return (out, pushforward, t.aux) if has_aux else (out, pushforward)

    return linearize_f


# ---------------------------------------------------------------------------
# Jacobians


def _basis(x: Any) -> Any:
    """The standard basis for ``x``'s shape, stacked on a leading axis."""
    shape = shape_of(x)
    n = int(np.prod(shape, dtype=np.int64))
    return np.eye(n, dtype=_dtype(x)).reshape((n,) + tuple(shape))


def _assemble(t: _Traced, blocks: list[list[Any]]) -> Any:
    """Nest blocks[out_leaf][in_leaf] as out-tree of in-tree."""
    per_out = []
    for row in blocks:
        g = tree_unflatten(t.in_tree, [_fresh(b) for b in row])
        per_out.append(_by_argnums(t, g))
    return tree_unflatten(t.out_tree, per_out)


def jacrev(
    f: Callable[P, Any], argnums: ArgNums = 0, *, has_aux: bool = False, holomorphic: bool = False
) -> Callable[P, Any]:
    """The Jacobian by reverse mode: one pullback of a whole basis.

    Args:
        f: the function.
        argnums: which argument(s) to differentiate (int or tuple).
        has_aux: if True, ``f`` returns ``(output, aux)`` and the result is
            ``(jacobian, aux)``.
        holomorphic: promise that ``f`` is holomorphic (complex inputs and
            outputs); without it the outputs must be real (as for :func:`grad`).

    Returns:
        A function returning the Jacobian, of shape ``out.shape + in.shape``
        (nested as the output's pytree of the inputs' pytree).

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> fad.jacrev(lambda x: x[::-1] * 2.0)(np.zeros(2))
        array([[0., 2.],
               [2., 0.]])
    """

    @functools.wraps(f)
    def jacrev_f(*args: P.args, **kwargs: P.kwargs) -> Any:
        t = _trace_argnums(f, args, kwargs, argnums, has_aux, "jacrev", holomorphic)
        try:
            for y in t.out_values:
                _check_output(y, "jacrev", f, holomorphic, True)
            blocks = []
            for k, (node, y) in enumerate(zip(t.out_nodes, t.out_values)):
                yshape = tuple(shape_of(y))
                if node is None or int(np.prod(yshape)) == 0:
                    row = [np.zeros(yshape + tuple(shape_of(x)), _dtype(x)) for x in t.in_leaves]
                else:
                    basis = _basis(y)
                    row = []
                    got = backward([(node, basis)], 1, t.trace.holding)
                    for n, x in zip(t.in_nodes, t.in_leaves):
                        g = got.get(n.id)
                        full = yshape + tuple(shape_of(x))
                        if g is None:
                            row.append(np.zeros(full, _dtype(x)))
                        else:
                            row.append(_cast(_tracer.array_ops.reshape(g, full), x))
                blocks.append(row)
            jac = _assemble(t, blocks)
            return (jac, t.aux) if has_aux else jac
        except BaseException:  # a traceback may keep the graph: let full collections run
            t.trace.release()
            raise

    return jacrev_f


def jacfwd(
    f: Callable[P, Any], argnums: ArgNums = 0, *, has_aux: bool = False, holomorphic: bool = False
) -> Callable[P, Any]:
    """The Jacobian by forward mode: trace once, push a whole basis in one sweep.

    Args:
        f: the function.
        argnums: which argument(s) to differentiate (int or tuple).
        has_aux: if True, ``f`` returns ``(output, aux)`` and the result is
            ``(jacobian, aux)``.
        holomorphic: promise that ``f`` is holomorphic (complex inputs and
            outputs); without it the inputs must be real (outputs may be
            complex), as in JAX.

    Returns:
        A function returning the Jacobian, of shape ``out.shape + in.shape``.

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> fad.jacfwd(lambda x: x ** 2)(np.array([1.0, 2.0]))
        array([[2., 0.],
               [0., 4.]])
    """

    @functools.wraps(f)
    def jacfwd_f(*args: P.args, **kwargs: P.kwargs) -> Any:
        t = _trace_argnums(f, args, kwargs, argnums, has_aux, "jacfwd", holomorphic)
        try:
            for y in t.out_values:
                _check_output(y, "jacfwd", f, holomorphic, False)
            plan = ForwardPlan(t.in_nodes, t.out_nodes)
            blocks: list[list[Any]] = [[] for _ in t.out_nodes]
            for j, x in enumerate(t.in_leaves):
                xshape = tuple(shape_of(x))
                n = int(np.prod(xshape, dtype=np.int64))
                tangents: list[Any] = [None] * len(t.in_leaves)
                if n == 0:  # an empty input: every Jacobian block is empty
                    for k, y in enumerate(t.out_values):
                        blocks[k].append(np.zeros(tuple(shape_of(y)) + xshape, _dtype(y)))
                    continue
                tangents[j] = _basis(x)
                outs = plan.push(tangents, 1)
                for k, (d, y) in enumerate(zip(outs, t.out_values)):
                    yshape = tuple(shape_of(y))
                    if d is None:
                        blocks[k].append(np.zeros(yshape + xshape, _dtype(y)))
                        continue
                    m = int(np.prod(yshape, dtype=np.int64))
                    d = _tracer.array_ops.transpose(_tracer.array_ops.reshape(d, (n, m)), (1, 0))
                    blocks[k].append(_cast(_tracer.array_ops.reshape(d, yshape + xshape), y))
            jac = _assemble(t, blocks)
            return (jac, t.aux) if has_aux else jac
        except BaseException:  # a traceback may keep the graph: let full collections run
            t.trace.release()
            raise

    return jacfwd_f


jacobian = jacrev


def hessian(
    f: Callable[P, Any], argnums: ArgNums = 0, *, has_aux: bool = False, holomorphic: bool = False
) -> Callable[P, Any]:
    """The Hessian of a scalar function: ``jacfwd(jacrev(f))``.

    Args:
        f: a scalar-valued function.
        argnums: which argument(s) to differentiate.
        has_aux: if True, ``f`` returns ``(scalar, aux)`` and the result is
            ``(hessian, aux)``.
        holomorphic: as for :func:`jacfwd` and :func:`jacrev`.

    Returns:
        A function returning the Hessian, of shape ``in.shape + in.shape``.

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> fad.hessian(lambda x: fnp.sum(x ** 3))(np.array([1.0, 2.0]))
        array([[ 6.,  0.],
               [ 0., 12.]])
    """
    inner = jacfwd(
        jacrev(f, argnums, has_aux=has_aux, holomorphic=holomorphic), argnums, has_aux=has_aux, holomorphic=holomorphic
    )
    nums = [operator.index(argnums)] if not isinstance(argnums, Sequence) else [operator.index(i) for i in argnums]

    @functools.wraps(f)
    def hessian_f(*args: P.args, **kwargs: P.kwargs) -> Any:
        for i in () if holomorphic else nums:
            leaves = tree_flatten(args[i])[0] if -len(args) <= i < len(args) else []
            if any(np.iscomplexobj(concrete(x)) for x in leaves):
                raise TypeError(
                    f"hessian of {_fname(f)} at a complex input: hessian is jacfwd(jacrev(f)), "
                    "and as in JAX jacfwd takes complex inputs only with holomorphic=True, which "
                    "a real-valued function is not. For a real function of z = x + iy, take "
                    "the Hessian in the real and imaginary parts: "
                    "fad.hessian(lambda x, y: f(x + 1j * y), argnums=(0, 1))(z.real, z.imag)."
                )
        return inner(*args, **kwargs)

    return hessian_f


def stop_gradient(x: Any) -> Any:
    """``x`` with no derivative: a constant to every transform.

    Args:
        x: a pytree of arrays or traced values.

    Returns:
        The same values, untraced.

    Example:
        >>> import fad
        >>> float(fad.grad(lambda x: x * fad.stop_gradient(x))(3.0))
        3.0
    """
    leaves, td = tree_flatten(x)
    return tree_unflatten(td, [concrete(v) for v in leaves])
