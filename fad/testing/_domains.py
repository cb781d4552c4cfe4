"""The domain table: how to draw the inputs of each of fad's own primitives.

``DOMAINS`` maps a primitive's name to a drawer: a function that, given
hypothesis's ``draw``, returns a function of the differentiable inputs (which
calls the primitive, usually through its public ``fad.numpy`` function, with
drawn shapes, dtypes and parameters) and the inputs themselves. The suite in
``tests/test_rules.py`` walks fad's primitives, and for each one draws cases
from its entry and runs :func:`check_case`: derivatives of orders 1 and 2 in
both modes against central differences, and the rule identities.

Which primitives are fad's own? Those that ``import fad`` registers: the
names in ``fad._primitive.registry`` right after importing fad in a fresh
interpreter (:func:`fad_primitive_names`). A fresh interpreter is the only
snapshot that cannot be polluted by primitives made by tests, doctests or
users in this process, or miss one that fad makes in a factory, a loop or a
module nobody scans. A primitive fad registers without an entry here fails
the suite (:func:`check_coverage`), and so does an entry with no primitive.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Any, Callable, Iterable

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import fad.numpy as fnp
from fad.numpy import _elementwise, _indexing, _linalg, _reductions
from fad.testing import _applications, check_grads, check_rule
from fad.testing.strategies import (
    FLOAT_DTYPES,
    NONZERO,
    POSITIVE,
    REAL,
    UNIT_INTERVAL,
    Domain,
    broadcastable_shapes,
    float_arrays,
    float_dtypes,
    indices,
    separated_arrays,
    shapes,
    spd_matrices,
    square_matrices,
)

__all__ = [
    "Case",
    "DOMAINS",
    "cases",
    "check_case",
    "check_coverage",
    "fad_primitive_names",
]

Array = np.ndarray[Any, Any]
Drawer = Callable[[st.DrawFn], tuple[Callable[..., Any], tuple[Array, ...]]]


@dataclass(frozen=True)
class Case:
    """Drawn inputs for one primitive.

    Attributes:
        name: the primitive exercised.
        fun: a function of the differentiable inputs that applies it.
        args: the inputs.
        note: the drawn parameters, for messages.

    Example:
        >>> Case("sin", fnp.sin, (np.zeros(2),))
        Case(sin(np.array([0.0, 0.0], dtype=np.float64)))
    """

    name: str
    fun: Callable[..., Any]
    args: tuple[Array, ...]
    note: str = ""

    def __repr__(self) -> str:
        args = ", ".join(_show_value(a) for a in self.args)
        return f"Case({self.name}({args}){self.note})"


def _show_value(v: Any) -> str:
    if isinstance(v, np.ndarray):
        if v.dtype == np.bool_ or np.issubdtype(v.dtype, np.integer):
            return f"np.array({v.tolist()!r})"
        return f"np.array({v.tolist()!r}, dtype=np.{v.dtype})"
    if isinstance(v, tuple):
        inner = ", ".join(_show_value(i) for i in v)
        return f"({inner}{',' if len(v) == 1 else ''})"
    if isinstance(v, slice):
        return f"slice({v.start!r}, {v.stop!r}, {v.step!r})"
    if v is Ellipsis:
        return "..."
    return repr(v)


def _describe_applications(name: str, fun: Callable[..., Any], args: tuple[Array, ...]) -> str:
    """How the case applies its primitive: the recorded parameters, as text."""
    drawn = str(getattr(fun, "note", ""))
    try:
        nodes = _applications(fun, args)
    except Exception as e:  # the check itself will report it
        return f" {drawn} [tracing failed: {type(e).__name__}: {e}]"
    parts = []
    for n in nodes:
        if n.prim.name == name:
            extra = [_show_value(a) for a in n.args if not isinstance(a, np.ndarray)]
            extra += [f"{k}={_show_value(v)}" for k, v in n.params.items()]
            parts.append(f"{name}(..., {', '.join(extra)})" if extra else f"{name}(...)")
    return (" applying " + "; ".join(parts)) if parts else ""


DOMAINS: dict[str, Drawer] = {}
"""Primitive name -> drawer of (function of the inputs, inputs)."""


def _entry(*names: str) -> Callable[[Drawer], Drawer]:
    def register(drawer: Drawer) -> Drawer:
        for n in names:
            if n in DOMAINS:
                raise ValueError(f"two domain entries for {n!r}")
            DOMAINS[n] = drawer
        return drawer

    return register


def _noted(fun: Callable[..., Any], **drawn: Any) -> Callable[..., Any]:
    """Attach the drawn parameters to ``fun``, for the case's repr."""
    setattr(fun, "note", "drawn " + ", ".join(f"{k}={_show_value(v)}" for k, v in drawn.items()))
    return fun


def _dtypes(draw: st.DrawFn, n: int) -> list[np.dtype[Any]]:
    """n dtypes: usually all the same, sometimes mixed (promotion)."""
    first = draw(float_dtypes())
    mixed = draw(st.integers(0, 3)) == 0
    return [first] + [draw(float_dtypes()) if mixed else first for _ in range(n - 1)]


# --- elementwise ---------------------------------------------------------------

_UNARY: dict[str, Domain] = {
    "negative": REAL,
    "exp": REAL,
    "expm1": REAL,
    "log": POSITIVE,
    "log1p": Domain(-0.5, 3.0),
    "sin": Domain(-3.0, 3.0),
    "cos": Domain(-3.0, 3.0),
    "tan": Domain(-1.2, 1.2),
    "arcsin": UNIT_INTERVAL,
    "arccos": UNIT_INTERVAL,
    "arctan": REAL,
    "sinh": REAL,
    "cosh": REAL,
    "tanh": REAL,
    "arcsinh": REAL,
    "arctanh": UNIT_INTERVAL,
    "sqrt": POSITIVE,
    "square": REAL,
    "reciprocal": NONZERO,
    "absolute": NONZERO,
    "sigmoid": Domain(-4.0, 4.0),
}


def _unary(name: str, domain: Domain) -> Drawer:
    fn = getattr(fnp, name)

    def draw_case(draw: st.DrawFn) -> tuple[Callable[..., Any], tuple[Array, ...]]:
        x = draw(float_arrays(domain=domain))
        return (lambda x: fn(x)), (x,)

    return draw_case


for _n, _d in _UNARY.items():
    _entry(_n)(_unary(_n, _d))


def _binary(name: str, left: Domain, right: Domain) -> Drawer:
    fn = getattr(fnp, name)

    def draw_case(draw: st.DrawFn) -> tuple[Callable[..., Any], tuple[Array, ...]]:
        sa, sb = draw(broadcastable_shapes(2))
        da, db = _dtypes(draw, 2)
        a = draw(float_arrays(sa, da, left))
        b = draw(float_arrays(sb, db, right))
        return (lambda a, b: fn(a, b)), (a, b)

    return draw_case


_entry("add")(_binary("add", REAL, REAL))
_entry("subtract")(_binary("subtract", REAL, REAL))
_entry("multiply")(_binary("multiply", REAL, REAL))
_entry("divide")(_binary("divide", REAL, NONZERO))


@_entry("power")
def _power(draw: st.DrawFn) -> tuple[Callable[..., Any], tuple[Array, ...]]:
    if draw(st.booleans()):  # both differentiable: a positive base
        return _binary("power", POSITIVE, REAL)(draw)
    # any real base, a constant integer exponent
    x = draw(float_arrays(domain=REAL))
    k = draw(st.sampled_from([2, 3, -1, 0.5]))
    if k in (-1, 0.5):
        x = draw(float_arrays(x.shape, x.dtype, NONZERO if k == -1 else POSITIVE))
    return (lambda x: fnp.power(x, k)), (x,)


def _extremes(fn: Callable[..., Any]) -> Drawer:
    def draw_case(draw: st.DrawFn) -> tuple[Callable[..., Any], tuple[Array, ...]]:
        return _ties_apart(draw, fn)

    return draw_case


def _ties_apart(draw: st.DrawFn, fn: Callable[..., Any]) -> tuple[Callable[..., Any], tuple[Array, ...]]:
    # One side on the integer grid k/2, the other on the shifted grid k/2 + 1/4:
    # never a tie, so the derivative is defined and central differences agree.
    sa, sb = draw(broadcastable_shapes(2))
    da, db = _dtypes(draw, 2)
    grid = st.integers(-4, 4)
    a = draw(hnp.arrays(np.int64, sa, elements=grid)).astype(da) / 2
    b = draw(hnp.arrays(np.int64, sb, elements=grid)).astype(db) / 2 + 0.25
    if draw(st.booleans()):
        a, b = b.astype(da), a.astype(db)
    return (lambda a, b: fn(a, b)), (np.asarray(a, da), np.asarray(b, db))


_entry("maximum")(_extremes(fnp.maximum))
_entry("minimum")(_extremes(fnp.minimum))


@_entry("where")
def _where(draw: st.DrawFn) -> tuple[Callable[..., Any], tuple[Array, ...]]:
    sc, sa, sb = draw(broadcastable_shapes(3))
    c = draw(hnp.arrays(np.bool_, sc))
    da, db = _dtypes(draw, 2)
    a = draw(float_arrays(sa, da))
    b = draw(float_arrays(sb, db))
    return (lambda a, b: fnp.where(c, a, b)), (a, b)


@_entry("astype")
def _astype(draw: st.DrawFn) -> tuple[Callable[..., Any], tuple[Array, ...]]:
    x = draw(float_arrays())
    to = FLOAT_DTYPES[1] if x.dtype == FLOAT_DTYPES[0] else FLOAT_DTYPES[0]
    return (lambda x: fnp.astype(x, to)), (x,)


# --- shape ----------------------------------------------------------------------


@_entry("reshape")
def _reshape(draw: st.DrawFn) -> tuple[Callable[..., Any], tuple[Array, ...]]:
    x = draw(float_arrays())
    s = x.shape
    options = [(x.size,), (1,) + s, s + (1,), s[::-1], (-1, 1)]
    if x.size % 2 == 0:
        options.append((2, -1))
    new = draw(st.sampled_from([o for o in options if o != s and o != (-1,) + s[1:]]))
    if tuple(np.empty(s).reshape(new).shape) == s:
        new = (1,) + s
    return (lambda x: fnp.reshape(x, new)), (x,)


@_entry("transpose")
def _transpose(draw: st.DrawFn) -> tuple[Callable[..., Any], tuple[Array, ...]]:
    x = draw(float_arrays(shapes(min_dims=2, max_dims=4, max_side=3)))
    nd = x.ndim
    perm = draw(st.permutations(list(range(nd))).filter(lambda p: list(p) != list(range(nd))))
    return (lambda x: fnp.transpose(x, perm)), (x,)


@_entry("broadcast_to")
def _broadcast_to(draw: st.DrawFn) -> tuple[Callable[..., Any], tuple[Array, ...]]:
    target = draw(shapes(min_dims=1))
    drop = draw(st.integers(0, len(target)))
    ones = draw(st.lists(st.booleans(), min_size=len(target) - drop, max_size=len(target) - drop))
    s = tuple(1 if o else n for o, n in zip(ones, target[drop:]))
    if s == target:
        target = (2,) + target
    x = draw(float_arrays(s))
    return (lambda x: fnp.broadcast_to(x, target)), (x,)


@_entry("concatenate")
def _concatenate(draw: st.DrawFn) -> tuple[Callable[..., Any], tuple[Array, ...]]:
    base = draw(shapes(min_dims=1))
    axis = draw(st.integers(-len(base), len(base) - 1))
    k = draw(st.integers(1, 3))
    dts = _dtypes(draw, k)
    xs = []
    for dt in dts:
        s = list(base)
        s[axis] = draw(st.integers(1, 3))
        xs.append(draw(float_arrays(tuple(s), dt)))
    return (lambda *xs: fnp.concatenate(list(xs), axis=axis)), tuple(xs)


# --- reductions -------------------------------------------------------------------


def _axis(draw: st.DrawFn, nd: int) -> Any:
    if nd == 0:
        return draw(st.sampled_from([None, ()]))
    one = st.integers(-nd, nd - 1)
    many = st.lists(st.integers(0, nd - 1), min_size=1, max_size=nd, unique=True).map(tuple)
    return draw(st.none() | one | many)


def _reduction(fn: Callable[..., Any], separated: bool) -> Drawer:
    def draw_case(draw: st.DrawFn) -> tuple[Callable[..., Any], tuple[Array, ...]]:
        x = draw(separated_arrays() if separated else float_arrays())
        axis = _axis(draw, x.ndim)
        keepdims = draw(st.booleans())
        return (lambda x: fn(x, axis=axis, keepdims=keepdims)), (x,)

    return draw_case


_entry("sum")(_reduction(fnp.sum, False))
_entry("logsumexp")(_reduction(fnp.logsumexp, False))
_entry("max")(_reduction(fnp.max, True))
_entry("min")(_reduction(fnp.min, True))


# --- indexing ----------------------------------------------------------------------


@_entry("getitem")
def _getitem(draw: st.DrawFn) -> tuple[Callable[..., Any], tuple[Array, ...]]:
    x = draw(float_arrays(shapes(min_dims=draw(st.sampled_from([0, 2])))))
    index = draw(indices(x.shape))
    return _noted(lambda x: fnp.getitem(x, index), index=index), (x,)


def _selection(shape: tuple[int, ...], index: Any) -> tuple[int, ...]:
    return tuple(np.empty(shape, np.bool_)[index].shape)


@_entry("scatter_add")
def _scatter_add(draw: st.DrawFn) -> tuple[Callable[..., Any], tuple[Array, ...]]:
    x_shape = draw(shapes(min_dims=draw(st.sampled_from([0, 2]))))
    index = draw(indices(x_shape))
    norm = _indexing._normalize(index, len(x_shape))
    t = draw(float_arrays(_selection(x_shape, index)))
    return _noted(lambda t: _indexing._scatter(t, x_shape, norm, 0), index=index), (t,)


def _value_shape(draw: st.DrawFn, sel: tuple[int, ...]) -> tuple[int, ...]:
    """A shape that broadcasts to the selection ``sel``."""
    drop = draw(st.integers(0, len(sel)))
    ones = draw(st.lists(st.booleans(), min_size=len(sel) - drop, max_size=len(sel) - drop))
    return tuple(1 if o else n for o, n in zip(ones, sel[drop:]))


def _update(fn: Callable[..., Any], unique: bool) -> Drawer:
    def draw_case(draw: st.DrawFn) -> tuple[Callable[..., Any], tuple[Array, ...]]:
        dx, dv = _dtypes(draw, 2)
        x = draw(float_arrays(shapes(min_dims=draw(st.sampled_from([0, 2]))), dx))
        index = draw(indices(x.shape, unique=unique))
        v = draw(float_arrays(_value_shape(draw, _selection(x.shape, index)), dv))
        return _noted(lambda x, v: fn(x, index, v), index=index), (x, v)

    return draw_case


# index_update with a repeated index keeps one of the values written: no
# derivative to speak of, so its domain has unique indices.
_entry("index_update")(_update(fnp.index_update, True))
_entry("index_add")(_update(fnp.index_add, False))


# --- products --------------------------------------------------------------------------


@_entry("matmul")
def _matmul(draw: st.DrawFn) -> tuple[Callable[..., Any], tuple[Array, ...]]:
    n, k, m = (draw(st.integers(1, 3)) for _ in range(3))
    sa, sb = draw(broadcastable_shapes(2, max_dims=2, max_side=3))
    a_shape = (k,) if draw(st.integers(0, 3)) == 0 else sa + (n, k)
    b_shape = (k,) if draw(st.integers(0, 3)) == 0 else sb + (k, m)
    da, db = _dtypes(draw, 2)
    a = draw(float_arrays(a_shape, da))
    b = draw(float_arrays(b_shape, db))
    return (lambda a, b: fnp.matmul(a, b)), (a, b)


# --- linear algebra ----------------------------------------------------------------------


def _matrix(draw: st.DrawFn, batch: tuple[int, ...], dtype: Any = None) -> Array:
    n = draw(st.integers(1, 3))
    if draw(st.booleans()):
        return draw(spd_matrices(n, dtype, batch))
    return draw(square_matrices(n, dtype, batch))


def _square_unary(fn: Callable[[Any], Any]) -> Drawer:
    def draw_case(draw: st.DrawFn) -> tuple[Callable[..., Any], tuple[Array, ...]]:
        batch = draw(shapes(max_dims=2, max_side=2))
        return (lambda a: fn(a)), (_matrix(draw, batch),)

    return draw_case


_entry("inv")(_square_unary(lambda a: fnp.linalg.inv(a)))
_entry("det")(_square_unary(lambda a: fnp.linalg.det(a)))
_entry("logabsdet")(_square_unary(lambda a: fnp.linalg.slogdet(a)[1]))


@_entry("solve")
def _solve(draw: st.DrawFn) -> tuple[Callable[..., Any], tuple[Array, ...]]:
    sa, sb = draw(broadcastable_shapes(2, max_dims=2, max_side=2))
    da, db = _dtypes(draw, 2)
    a = _matrix(draw, sa, da)
    n = a.shape[-1]
    if draw(st.integers(0, 2)) == 0:
        b = draw(float_arrays((n,), db))
    else:
        b = draw(float_arrays(sb + (n, draw(st.integers(1, 3))), db))
    return (lambda a, b: fnp.linalg.solve(a, b)), (a, b)


# --- more: einsum, cumsum, prod, arctan2 ---------------------------------------------------

_EINSUM_SPECS = [
    "ij,jk->ik", "ij,kj", "i,i->", "ij->ji", "ij->", "ij->i", "i,j->ij", "ij,k->ik",
    "bij,bjk->bik", "ij,jk,kl->li", "i,->i", "...ij,...j->...i", "...i,...i", "ijk,kj->ik",
]


@_entry("einsum")
def _einsum(draw: st.DrawFn) -> tuple[Callable[..., Any], tuple[Array, ...]]:
    # Every index gets a drawn length; sometimes an operand has length 1 there
    # instead (NumPy broadcasts it), and the "..." axes broadcast too.
    spec = draw(st.sampled_from(_EINSUM_SPECS))
    terms = spec.split("->")[0].split(",")
    size = {c: draw(st.integers(1, 3)) for c in sorted(set(spec) - set(",->."))}
    ells: Any = [()] * len(terms)
    if "..." in spec:
        ells = draw(broadcastable_shapes(len(terms), max_dims=2, max_side=2))
    dts = _dtypes(draw, len(terms))
    ops = []
    for t, ell, dt in zip(terms, ells, dts):
        named = tuple(
            1 if len(terms) > 1 and draw(st.integers(0, 5)) == 0 else size[c]
            for c in t.replace("...", "")
        )
        ops.append(draw(float_arrays(tuple(ell) + named, dt)))
    return _noted(lambda *ops: _linalg.einsum(spec, *ops), subscripts=spec), tuple(ops)


@_entry("cumsum")
def _cumsum(draw: st.DrawFn) -> tuple[Callable[..., Any], tuple[Array, ...]]:
    x = draw(float_arrays())
    axis = None if x.ndim == 0 else draw(st.none() | st.integers(-x.ndim, x.ndim - 1))
    return _noted(lambda x: _reductions.cumsum(x, axis), axis=axis), (x,)


@_entry("prod")
def _prod(draw: st.DrawFn) -> tuple[Callable[..., Any], tuple[Array, ...]]:
    # Entries in [-1.5, 1.5], and sometimes one or two exact zeros, where the
    # derivative is the product of the other entries (not y / x). At most 9
    # entries: a product of many has derivatives too large for central differences.
    small = st.one_of(shapes(max_dims=2, max_side=3), shapes(min_dims=3, max_dims=3, max_side=2))
    x = draw(float_arrays(small, domain=Domain(-1.5, 1.5)))
    k = min(draw(st.integers(0, 2)), x.size)
    if k:
        x = x.copy()
        x.reshape(-1)[draw(st.lists(st.integers(0, x.size - 1), min_size=k, max_size=k, unique=True))] = 0
    axis = _axis(draw, x.ndim)
    keepdims = draw(st.booleans())
    return _noted(lambda x: _reductions.prod(x, axis=axis, keepdims=keepdims), axis=axis, keepdims=keepdims), (x,)


@_entry("arctan2")
def _arctan2(draw: st.DrawFn) -> tuple[Callable[..., Any], tuple[Array, ...]]:
    # at least 0.5 from the origin (derivatives grow like 1/r^k) and away
    # from the branch cut (y = 0, x < 0): x >= 0.5, or |y| >= 0.5
    sa, sb = draw(broadcastable_shapes(2))
    da, db = _dtypes(draw, 2)
    far = Domain(-2.0, 2.0, avoid=(0.0,), margin=0.5)
    left, right = draw(st.sampled_from([(REAL, Domain(0.5, 2.0)), (far, REAL)]))
    y = draw(float_arrays(sa, da, left))
    x = draw(float_arrays(sb, db, right))
    return (lambda y, x: _elementwise.arctan2(y, x)), (y, x)


# ---------------------------------------------------------------------------------------


@st.composite
def _case(draw: st.DrawFn, name: str) -> Case:
    fun, args = DOMAINS[name](draw)
    fun.__name__ = name
    return Case(name, fun, tuple(args), _describe_applications(name, fun, tuple(args)))


def cases(name: str) -> st.SearchStrategy[Case]:
    """Drawn inputs for the primitive ``name``, from its domain entry.

    Args:
        name: a primitive's name.

    Returns:
        A strategy of :class:`Case`.

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=3, deadline=None)
        ... @given(cases("sin"))
        ... def test(case):
        ...     check_case(case)
        >>> test()
    """
    if name not in DOMAINS:
        raise KeyError(
            f"primitive {name!r} has no domain entry: add one to DOMAINS in "
            "fad/testing/_domains.py saying how to draw its inputs."
        )
    return _case(name)


def check_case(case: Case, *, order: int = 2) -> None:
    """The registry suite's check of one drawn case.

    It checks that the case applies its primitive, then runs
    :func:`~fad.testing.check_grads` (orders 1 to ``order``, forward and
    reverse) on the case's function and :func:`~fad.testing.check_rule` on
    each distinct application of the primitive it recorded.

    Args:
        case: the drawn inputs.
        order: the highest derivative order checked.

    Returns:
        None; raises an AssertionError naming the primitive on failure.

    Example:
        >>> fun = lambda x: fnp.sin(x)
        >>> fun.__name__ = "sin"
        >>> check_case(Case("sin", fun, (np.linspace(-1, 1, 3),)))
    """
    nodes = [n for n in _applications(case.fun, case.args) if n.prim.name == case.name]
    if not nodes:
        raise AssertionError(
            f"the domain entry for {case.name!r} drew {case!r}, which does not apply "
            f"the primitive {case.name!r}: fix its drawer in DOMAINS."
        )
    check_grads(case.fun, case.args, order=order, modes=("fwd", "rev"))
    seen: set[str] = set()
    for node in nodes:
        key = repr([(np.shape(a), np.asarray(a).dtype) if isinstance(a, np.ndarray) else a for a in node.args])
        if key in seen:
            continue
        seen.add(key)
        check_rule(node.prim, *node.args, **node.params)


@functools.lru_cache(maxsize=None)
def fad_primitive_names() -> frozenset[str]:
    """The names of the primitives that ``import fad`` registers.

    Computed in a fresh interpreter (once per process), so primitives made by
    tests, doctests or users in this process never count, and every primitive
    fad makes on import does, however it is made.

    Returns:
        A frozenset of names.

    Example:
        >>> "sin" in fad_primitive_names()
        True
    """
    code = "import fad, fad._primitive as p; print('\\n'.join(p.registry))"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"could not list fad's primitives in a fresh interpreter:\n{done.stderr}")
    return frozenset(line for line in done.stdout.splitlines() if line)


def check_coverage(names: Iterable[str]) -> None:
    """Every primitive in ``names`` has a domain entry, and every entry a primitive.

    Args:
        names: the primitives that must be covered (normally
            :func:`fad_primitive_names`).

    Returns:
        None; raises an AssertionError listing the primitives without an entry,
        and the entries without a primitive.

    Example:
        >>> check_coverage(fad_primitive_names())
    """
    names = set(names)
    missing = sorted(names - set(DOMAINS))
    stale = sorted(set(DOMAINS) - names)
    problems = []
    if missing:
        problems.append(
            f"primitives without a domain entry: {', '.join(missing)}. Add an entry to "
            "DOMAINS in fad/testing/_domains.py saying how to draw each one's inputs, "
            "so that its rules are checked."
        )
    if stale:
        problems.append(
            f"domain entries for primitives fad does not register: {', '.join(stale)}. "
            "Remove them, or fix their names."
        )
    if problems:
        raise AssertionError("\n".join(problems))
