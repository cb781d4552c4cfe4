"""fad's op catalogue: for every primitive, how to draw its inputs and the routes to it.

``CATALOGUE`` has one :class:`Entry` per primitive that ``import fad``
registers, keyed by the primitive's name:

- ``draw``, for the registry suite (tests/test_rules.py): given hypothesis's
  ``draw``, a function of the differentiable inputs that applies the primitive
  (through its public ``fad.numpy`` function where there is one) and the
  inputs, with drawn shapes (broadcasting included), dtypes (float32, float64
  and mixtures), values and parameters (axes, indices, permutations).
  :func:`cases` draws from it and :func:`check_case` checks a drawn case.
- ``examples``, for the per-op suites (tests/test_numpy_ops.py reverse mode,
  tests/test_forward.py forward mode and the transpose identity,
  tests/test_compositions.py second order): the public routes to the
  primitive (``fnp`` functions, operators, methods, plain NumPy calls that
  dispatch to fad), each an :class:`Example` that builds a function and its
  arguments at a given dtype.

``COMPOSITES`` adds the examples of public functions made of several
primitives (``var``, ``logaddexp``, ``dot``, ...). ``CASES`` is every example.

One domain vocabulary serves both: :class:`fad.testing.strategies.Domain`
(``REAL``, ``POSITIVE``, ``UNIT_INTERVAL``, ``NONZERO`` or a ``Domain(low,
high, avoid, margin)`` of its own), declared once per primitive. The drawers
take hypothesis's values from it (:func:`~fad.testing.strategies.float_arrays`);
the examples take seeded uniform values from it (:func:`values`), and two more
words cover what an interval cannot: :func:`separated` values (no ties, for
``max``) and :func:`tie_free_pair` (no ties between two arguments, for
``maximum``). Every domain keeps away from kinks and the edges of domains by
much more than a finite-difference step.

A primitive fad registers without an entry fails the suite
(:func:`check_coverage`), and so does an entry whose primitive is gone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import fad
import fad._primitive
import fad.numpy as fnp
from fad.testing import check_grads, check_rule
from fad.testing._culprit import applications
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
    "Entry",
    "Example",
    "Drawn",
    "CATALOGUE",
    "PUBLIC",
    "COMPOSITES",
    "CASES",
    "CASE_IDS",
    "CASES_F32",
    "SEEDS",
    "INDEXES",
    "X345",
    "values",
    "separated",
    "tie_free_pair",
    "cases",
    "check_case",
    "composite",
    "public_cases",
    "check_public_case",
    "COMPLEX",
    "complex_case",
    "complex_cases",
    "check_complex_case",
    "check_coverage",
    "fad_primitive_names",
]

Array = np.ndarray[Any, Any]
Fun = Callable[..., Any]
Drawer = Callable[[st.DrawFn], tuple[Fun, tuple[Array, ...]]]
"""The registry suite's drawer: ``draw -> (function applying the primitive, inputs)``."""
Build = Callable[[Any, Any], tuple[Fun, tuple[Array, ...]]]
"""An example's builder: ``build(data, dtype) -> (function, arguments)``."""


@dataclass(frozen=True)
class Example:
    """One public route to an op: ``build(data, dtype) -> (fn, args)``.

    ``fn`` only uses fad.numpy, Tracer operators or plain NumPy calls that
    dispatch to fad, so it runs both on plain arrays (for finite differences)
    and on traced values.
    """

    name: str
    build: Build
    float32: bool = True

    def __repr__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Entry:
    """What the suites know about one primitive.

    Attributes:
        name: the primitive's name.
        draw: the registry suite's drawer of its inputs.
        examples: the public routes to it, for the per-op suites.
    """

    name: str
    draw: Drawer
    examples: tuple[Example, ...] = ()


CATALOGUE: dict[str, Entry] = {}
"""Primitive name -> its entry."""

PUBLIC: dict[str, Drawer] = {}
"""Public ``fad.numpy`` name (``"ptp"``, ``"linalg.norm"``) -> a drawer of cases
that call it, for public functions made of several primitives: the registry
suite checks their derivatives at orders 1 and 2 in both modes, and the
coverage page's test checks that every differentiable name is drawn here or is
a primitive of the same name in ``CATALOGUE``."""

_EXTRA_COMPOSITES: list[Example] = []

COMPLEX: dict[str, Drawer] = {}
"""Name -> a drawer of cases with complex values (a primitive's name, checked
like its ``CATALOGUE`` entry; or a public function's, checked like ``PUBLIC``'s):
the registry suite's complex draws (tests/_catalogue_complex.py)."""


def complex_case(name: str) -> Callable[[Drawer], Drawer]:
    """Decorator: the drawer below draws complex cases of ``name``."""

    def register(drawer: Drawer) -> Drawer:
        if name in COMPLEX:
            raise ValueError(f"two complex drawers for {name!r}")
        COMPLEX[name] = drawer
        return drawer

    return register


def _add(name: str, draw: Drawer, *examples: Example) -> None:
    if name in CATALOGUE:
        raise ValueError(f"two catalogue entries for {name!r}")
    CATALOGUE[name] = Entry(name, draw, tuple(examples))


def composite(name: str, *examples: Example) -> Callable[[Drawer], Drawer]:
    """Decorator: the drawer below draws cases of the public function ``name``
    (made of several primitives), with these examples for the per-op suites."""

    def register(drawer: Drawer) -> Drawer:
        if name in PUBLIC:
            raise ValueError(f"two composite drawers for {name!r}")
        PUBLIC[name] = drawer
        _EXTRA_COMPOSITES.extend(examples)
        return drawer

    return register


def _entry(name: str, *examples: Example) -> Callable[[Drawer], Drawer]:
    """Decorator: the drawer below is ``name``'s, with these examples."""

    def register(drawer: Drawer) -> Drawer:
        _add(name, drawer, *examples)
        return drawer

    return register


# ---------------------------------------------------------------------------------------
# the vocabulary: domains (fad.testing.strategies.Domain), shapes, seeded values

SEEDS = st.integers(0, 2**32 - 1)
SHAPES = shapes(max_side=3)
SHAPES_1UP = shapes(min_dims=1, max_side=3)
PAIRS = broadcastable_shapes(2, max_side=3)
TRIPLES = broadcastable_shapes(3, max_side=3)


def rng_of(data: Any) -> np.random.Generator:
    """A generator seeded from a drawn seed (the examples' values)."""
    return np.random.default_rng(data.draw(SEEDS, label="seed"))


def values(rng: np.random.Generator, shape: tuple[int, ...], domain: Domain, dtype: Any) -> Array:
    """Uniform random values of ``shape`` in ``domain`` (each of its intervals
    chosen in proportion to its length).

    Example:
        >>> x = values(np.random.default_rng(0), (100,), NONZERO, np.float32)
        >>> x.dtype == np.float32 and bool(NONZERO.contains(x).all())
        True
    """
    parts = domain.intervals()
    lengths = np.array([b - a for a, b in parts])
    which = rng.choice(len(parts), size=shape, p=lengths / lengths.sum())
    lows = np.array([a for a, _ in parts])[which]
    return np.asarray(lows + rng.uniform(0.0, 1.0, shape) * lengths[which], dtype=dtype)


def separated(rng: np.random.Generator, shape: tuple[int, ...], dtype: Any) -> Array:
    """Values at least 0.3 apart: a permutation of a spaced grid, with a little
    noise (no ties: ``max`` and ``std`` are smooth there). The seeded analogue
    of :func:`~fad.testing.strategies.separated_arrays`."""
    n = int(np.prod(shape, dtype=np.int64))
    v = (rng.permutation(n) - n / 2) * 0.4 + rng.uniform(-0.05, 0.05, n)
    return np.asarray(v.reshape(shape), dtype=dtype)


def tie_free_pair(
    rng: np.random.Generator, sa: tuple[int, ...], sb: tuple[int, ...], dtypes: Sequence[Any]
) -> tuple[Array, Array]:
    """Two arrays that never tie, element by element (at least 0.3 apart):
    one on the lattice ``k + 0.25``, the other on ``k + 0.75``, with a little
    noise, in a drawn order (for ``maximum`` and ``minimum``)."""
    lo = rng.integers(-2, 2, sa) + 0.25 + rng.uniform(-0.1, 0.1, sa)
    hi = rng.integers(-2, 2, sb) + 0.75 + rng.uniform(-0.1, 0.1, sb)
    return np.asarray(lo, dtype=dtypes[0]), np.asarray(hi, dtype=dtypes[1])


def _dtypes(draw: st.DrawFn, n: int) -> list[np.dtype[Any]]:
    """n dtypes: usually all the same, sometimes mixed (promotion)."""
    first = draw(float_dtypes())
    mixed = draw(st.integers(0, 3)) == 0
    return [first] + [draw(float_dtypes()) if mixed else first for _ in range(n - 1)]


@st.composite
def axes_for(draw: Any, nd: int) -> Any:
    """None, an int (maybe negative) or a tuple of distinct ints (maybe negative, maybe empty)."""
    kind = draw(st.sampled_from(["none", "int", "tuple"] if nd else ["none", "tuple"]))
    if kind == "none":
        return None
    if kind == "int":
        a = draw(st.integers(0, nd - 1))
        return a - nd if draw(st.booleans()) else a
    chosen = draw(st.lists(st.integers(0, max(nd - 1, 0)), unique=True, max_size=nd)) if nd else []
    return tuple(a - nd if draw(st.booleans()) else a for a in chosen)


def _axis_list(axis: Any, nd: int) -> list[int]:
    if axis is None:
        return list(range(nd))
    if isinstance(axis, int):
        return [axis % nd]
    return [a % nd for a in axis]


# ---------------------------------------------------------------------------------------
# example builders


def unary(fn: Fun, domain: Domain = REAL, shape_strategy: Any = SHAPES) -> Build:
    def build(data: Any, dtype: Any) -> Any:
        shape = data.draw(shape_strategy, label="shape")
        return fn, (values(rng_of(data), shape, domain, dtype),)

    return build


def binary(fn: Fun, dx: Domain = REAL, dy: Domain = REAL, pairs: Any = PAIRS) -> Build:
    """``fn(x, y)``, shapes from ``pairs`` (by default: broadcasting together)."""

    def build(data: Any, dtype: Any) -> Any:
        sx, sy = data.draw(pairs, label="shapes")
        rng = rng_of(data)
        return fn, (values(rng, sx, dx, dtype), values(rng, sy, dy, dtype))

    return build


def tie_free(fn: Fun, swapped: bool = False) -> Build:
    def build(data: Any, dtype: Any) -> Any:
        sx, sy = data.draw(PAIRS, label="shapes")
        lo, hi = tie_free_pair(rng_of(data), sx, sy, (dtype, dtype))
        return fn, ((hi, lo) if swapped else (lo, hi))

    return build


def ndarray_binary(fn: Fun, dy: Domain = REAL) -> Build:
    """A plain ndarray on the left of an operator, a traced value on the right."""

    def build(data: Any, dtype: Any) -> Any:
        sa, sy = data.draw(PAIRS, label="shapes")
        rng = rng_of(data)
        a = values(rng, sa, REAL, dtype)
        if a.ndim == 0:
            a = a.reshape(1)  # keep it an ndarray (0-d arithmetic gives scalars)
        return (lambda y: fn(a, y)), (values(rng, sy, dy, dtype),)

    return build


def reduction(fn: Fun, domain: Domain | None = REAL, min_count: int = 1) -> Build:
    """``fn(x, axis=..., keepdims=...)``; ``domain=None`` for :func:`separated` values."""

    def build(data: Any, dtype: Any) -> Any:
        shape = data.draw(SHAPES, label="shape")
        nd = len(shape)
        axis = data.draw(axes_for(nd), label="axis")
        count = int(np.prod([shape[a] for a in _axis_list(axis, nd)], dtype=np.int64))
        if count < min_count:
            # the reduction over too few elements is not smooth (std of one value)
            axis, count = None, int(np.prod(shape, dtype=np.int64))
            if count < min_count:
                shape = shape + (2,)
        keepdims = data.draw(st.booleans(), label="keepdims")
        rng = rng_of(data)
        x = separated(rng, shape, dtype) if domain is None else values(rng, shape, domain, dtype)
        return (lambda x: fn(x, axis=axis, keepdims=keepdims)), (x,)

    return build


def _method_or(method: str, fn: Fun) -> Fun:
    """``x.method(...)`` on a traced value, ``fn(x, ...)`` on a plain array."""

    def call(x: Any, **kw: Any) -> Any:
        return getattr(x, method)(**kw) if fad.is_tracer(x) else fn(x, **kw)

    return call


# ---------------------------------------------------------------------------------------
# elementwise primitives: drawn from their domains


def _draw_unary(fn: Fun, domain: Domain) -> Drawer:
    def draw_case(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
        x = draw(float_arrays(domain=domain))
        return (lambda x: fn(x)), (x,)

    return draw_case


def _draw_binary(fn: Fun, left: Domain, right: Domain) -> Drawer:
    def draw_case(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
        sa, sb = draw(broadcastable_shapes(2))
        da, db = _dtypes(draw, 2)
        a = draw(float_arrays(sa, da, left))
        b = draw(float_arrays(sb, db, right))
        return (lambda a, b: fn(a, b)), (a, b)

    return draw_case


def _elementwise(name: str, *domains: Domain, routes: Sequence[tuple[str, Fun]] = (),
                 more: Sequence[Example] = ()) -> None:
    """An elementwise primitive of one or two arguments, with a domain for each.

    Its drawer and its ``routes`` (examples named ``(name, function)``) draw
    from the same domains; ``more`` are examples with domains of their own.
    """
    fn = getattr(fnp, name)
    if len(domains) == 1:
        draw, build = _draw_unary(fn, domains[0]), unary
    else:
        draw, build = _draw_binary(fn, *domains), binary
    _add(name, draw, *(Example(n, build(f, *domains)) for n, f in routes), *more)


_elementwise("negative", REAL, routes=[("negative", lambda x: -x), ("fnp.negative", fnp.negative)])
_elementwise("exp", REAL, routes=[("exp", fnp.exp), ("np.exp", np.exp)])
_elementwise("expm1", REAL, routes=[("expm1", fnp.expm1)])
_elementwise("log", POSITIVE, routes=[("log", fnp.log), ("np.log", np.log)])
_elementwise("log1p", Domain(-0.5, 3.0), routes=[("log1p", fnp.log1p)])
_elementwise("sin", Domain(-3.0, 3.0), routes=[("sin", fnp.sin), ("np.sin", np.sin)])
_elementwise("cos", Domain(-3.0, 3.0), routes=[("cos", fnp.cos)])
_elementwise("tan", Domain(-1.2, 1.2), routes=[("tan", fnp.tan)])
_elementwise("arcsin", UNIT_INTERVAL, routes=[("arcsin", fnp.arcsin)])
_elementwise("arccos", UNIT_INTERVAL, routes=[("arccos", fnp.arccos)])
_elementwise("arctan", REAL, routes=[("arctan", fnp.arctan)])
_elementwise("sinh", REAL, routes=[("sinh", fnp.sinh)])
_elementwise("cosh", REAL, routes=[("cosh", fnp.cosh)])
_elementwise("tanh", REAL, routes=[("tanh", fnp.tanh), ("np.tanh", np.tanh)])
_elementwise("arcsinh", REAL, routes=[("arcsinh", fnp.arcsinh)])
_elementwise("arctanh", UNIT_INTERVAL, routes=[("arctanh", fnp.arctanh)])
_elementwise("sqrt", POSITIVE, routes=[("sqrt", fnp.sqrt), ("np.sqrt", np.sqrt)])
_elementwise("square", REAL, routes=[("square", fnp.square)])
_elementwise("reciprocal", NONZERO, routes=[("reciprocal", fnp.reciprocal)])
_elementwise("absolute", NONZERO, routes=[("abs", fnp.abs), ("builtin_abs", lambda x: abs(x))])
_elementwise("sigmoid", Domain(-4.0, 4.0), routes=[("sigmoid", fnp.sigmoid)])

_elementwise("add", REAL, REAL, routes=[("add", lambda x, y: x + y), ("fnp.add", fnp.add), ("np.add", np.add)])
_elementwise(
    "subtract", REAL, REAL,
    routes=[("subtract", lambda x, y: x - y), ("fnp.subtract", fnp.subtract)],
    more=[Example("rsub", unary(lambda x: 1.5 - x)),
          Example("ndarray_minus_tracer", ndarray_binary(lambda a, y: a - y))],
)
_elementwise(
    "multiply", REAL, REAL,
    routes=[("multiply", lambda x, y: x * y), ("fnp.multiply", fnp.multiply), ("np.multiply", np.multiply)],
    more=[Example("ndarray_times_tracer", ndarray_binary(lambda a, y: a * y))],
)
_elementwise(
    "divide", REAL, NONZERO,
    routes=[("divide", lambda x, y: x / y), ("fnp.divide", fnp.divide)],
    more=[Example("rdiv", unary(lambda x: 1.5 / x, NONZERO)),
          Example("ndarray_over_tracer", ndarray_binary(lambda a, y: a / y, NONZERO))],
)


@_entry(
    "power",
    Example("power", binary(lambda x, y: x**y, POSITIVE, REAL)),
    Example("fnp.power", binary(fnp.power, POSITIVE, REAL)),
    Example("power_int_exponent", unary(lambda x: x**3)),
    Example("power_neg_exponent", unary(lambda x: x**-1.5, POSITIVE)),
    Example("rpower", unary(lambda x: 2.0**x)),
)
def _power(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    if draw(st.booleans()):  # both differentiable: a positive base
        return _draw_binary(fnp.power, POSITIVE, REAL)(draw)
    # any real base, a constant exponent
    x = draw(float_arrays(domain=REAL))
    k = draw(st.sampled_from([2, 3, -1, 0.5]))
    if k in (-1, 0.5):
        x = draw(float_arrays(x.shape, x.dtype, NONZERO if k == -1 else POSITIVE))
    return (lambda x: fnp.power(x, k)), (x,)


def _draw_tie_free(fn: Fun) -> Drawer:
    def draw_case(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
        # One side on the grid k/2, the other on the shifted grid k/2 + 1/4:
        # never a tie, so the derivative is defined and central differences agree.
        sa, sb = draw(broadcastable_shapes(2))
        da, db = _dtypes(draw, 2)
        grid = st.integers(-4, 4)
        a = draw(hnp.arrays(np.int64, sa, elements=grid)).astype(da) / 2
        b = draw(hnp.arrays(np.int64, sb, elements=grid)).astype(db) / 2 + 0.25
        if draw(st.booleans()):
            a, b = b.astype(da), a.astype(db)
        return (lambda a, b: fn(a, b)), (np.asarray(a, da), np.asarray(b, db))

    return draw_case


_add(
    "maximum", _draw_tie_free(fnp.maximum),
    Example("maximum", tie_free(fnp.maximum)),
    Example("maximum_swapped", tie_free(fnp.maximum, swapped=True)),
    Example("np.maximum", tie_free(np.maximum)),
)
_add(
    "minimum", _draw_tie_free(fnp.minimum),
    Example("minimum", tie_free(fnp.minimum)),
    Example("minimum_swapped", tie_free(fnp.minimum, swapped=True)),
)


def _build_where(where: Fun) -> Build:
    def build(data: Any, dtype: Any) -> Any:
        sc, sx, sy = data.draw(TRIPLES, label="shapes")
        rng = rng_of(data)
        cond = rng.random(sc) < 0.5
        return (lambda x, y: where(cond, x, y)), (values(rng, sx, REAL, dtype), values(rng, sy, REAL, dtype))

    return build


@_entry("where", Example("where", _build_where(fnp.where)), Example("np.where", _build_where(np.where)))
def _where(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    sc, sa, sb = draw(broadcastable_shapes(3))
    c = draw(hnp.arrays(np.bool_, sc))
    da, db = _dtypes(draw, 2)
    a = draw(float_arrays(sa, da))
    b = draw(float_arrays(sb, db))
    return (lambda a, b: fnp.where(c, a, b)), (a, b)


@_entry("arctan2")
def _arctan2(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    # at least 0.5 from the origin (derivatives grow like 1/r^k) and away
    # from the branch cut (y = 0, x < 0): x >= 0.5, or |y| >= 0.5
    sa, sb = draw(broadcastable_shapes(2))
    da, db = _dtypes(draw, 2)
    far = Domain(-2.0, 2.0, avoid=(0.0,), margin=0.5)
    left, right = draw(st.sampled_from([(REAL, Domain(0.5, 2.0)), (far, REAL)]))
    y = draw(float_arrays(sa, da, left))
    x = draw(float_arrays(sb, db, right))
    return (lambda y, x: fnp.arctan2(y, x)), (y, x)


@_entry("astype")
def _astype(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    x = draw(float_arrays())
    to = FLOAT_DTYPES[1] if x.dtype == FLOAT_DTYPES[0] else FLOAT_DTYPES[0]
    return (lambda x: fnp.astype(x, to)), (x,)


# ---------------------------------------------------------------------------------------
# shapes


def new_shapes(shape: tuple[int, ...], divisor: int) -> list[tuple[int, ...]]:
    """Shapes to reshape ``shape`` to (with -1 for an inferred side)."""
    n = int(np.prod(shape, dtype=np.int64))
    d = divisor
    options = [(n,), (-1,), shape[::-1], (1,) + shape, shape + (1,), (1,) + shape + (1,),
               (n // d, d), (d, -1), (-1, 1)]
    return options + [()] if n == 1 else options


@st.composite
def _reshape_to(draw: Any, shape: tuple[int, ...]) -> tuple[int, ...]:
    n = int(np.prod(shape, dtype=np.int64))
    d = draw(st.sampled_from([d for d in range(1, n + 1) if n % d == 0]), label="d")
    return tuple(draw(st.sampled_from(new_shapes(shape, d)), label="newshape"))


def _build_reshape(data: Any, dtype: Any) -> Any:
    shape = data.draw(SHAPES, label="shape")
    new = data.draw(_reshape_to(shape))
    style = data.draw(st.sampled_from(["fnp", "method_tuple", "method_args", "np"]), label="style")
    x = values(rng_of(data), shape, REAL, dtype)

    def fn(x: Any) -> Any:
        if style == "fnp" or not fad.is_tracer(x) and style.startswith("method"):
            return fnp.reshape(x, new)
        if style == "method_tuple":
            return x.reshape(new)
        if style == "method_args":
            return x.reshape(*new) if new else x.reshape(())
        return np.reshape(x, new)

    return fn, (x,)


def _build_squeeze(data: Any, dtype: Any) -> Any:
    shape = data.draw(shapes(min_dims=1, max_dims=4, max_side=2), label="shape")
    ones = [i for i, s in enumerate(shape) if s == 1]
    axis = data.draw(st.sampled_from([None] + [tuple(ones)] + [o for o in ones]), label="axis")
    return (lambda x: fnp.squeeze(x, axis)), (values(rng_of(data), shape, REAL, dtype),)


def _build_expand_dims(data: Any, dtype: Any) -> Any:
    shape = data.draw(SHAPES, label="shape")
    nd = len(shape)
    axis = data.draw(st.integers(-(nd + 1), nd), label="axis")
    return (lambda x: fnp.expand_dims(x, axis)), (values(rng_of(data), shape, REAL, dtype),)


@_entry(
    "reshape",
    Example("reshape", _build_reshape),
    Example("ravel", unary(fnp.ravel)),
    Example("squeeze", _build_squeeze),
    Example("expand_dims", _build_expand_dims),
)
def _reshape(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    x = draw(float_arrays())
    new = draw(_reshape_to(x.shape))
    if tuple(np.empty(x.shape).reshape(new).shape) == x.shape:  # not a reshape at all
        new = (1,) + x.shape
    return (lambda x: fnp.reshape(x, new)), (x,)


def _build_transpose(data: Any, dtype: Any) -> Any:
    shape = data.draw(SHAPES, label="shape")
    nd = len(shape)
    perm = data.draw(st.permutations(range(nd)), label="perm")
    perm = [p - nd if data.draw(st.booleans()) else p for p in perm]
    style = data.draw(st.sampled_from(["axes", "none", "T", "method", "np"]), label="style")
    x = values(rng_of(data), shape, REAL, dtype)

    def fn(x: Any) -> Any:
        if style == "axes":
            return fnp.transpose(x, perm)
        if style == "none":
            return fnp.transpose(x)
        if style == "T":
            return x.T
        if style == "method":
            return x.transpose(*perm) if perm else x.transpose()
        return np.transpose(x, perm)

    return fn, (x,)


def _build_two_axes(fn: Fun) -> Build:
    def build(data: Any, dtype: Any) -> Any:
        shape = data.draw(SHAPES_1UP, label="shape")
        nd = len(shape)
        a1 = data.draw(st.integers(-nd, nd - 1), label="a1")
        a2 = data.draw(st.integers(-nd, nd - 1), label="a2")
        return (lambda x: fn(x, a1, a2)), (values(rng_of(data), shape, REAL, dtype),)

    return build


@_entry(
    "transpose",
    Example("transpose", _build_transpose),
    Example("moveaxis", _build_two_axes(fnp.moveaxis)),
    Example("swapaxes", _build_two_axes(fnp.swapaxes)),
)
def _transpose(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    x = draw(float_arrays(shapes(min_dims=2, max_dims=4, max_side=3)))
    nd = x.ndim
    perm = draw(st.permutations(list(range(nd))).filter(lambda p: list(p) != list(range(nd))))
    return (lambda x: fnp.transpose(x, perm)), (x,)


@st.composite
def broadcast_source(draw: Any, target: tuple[int, ...]) -> tuple[int, ...]:
    """A shape that broadcasts to ``target``: some leading axes dropped, some sides 1."""
    drop = draw(st.integers(0, len(target)))
    ones = draw(st.lists(st.booleans(), min_size=len(target) - drop, max_size=len(target) - drop))
    return tuple(1 if o else n for o, n in zip(ones, target[drop:]))


def _build_broadcast_to(data: Any, dtype: Any) -> Any:
    target = data.draw(SHAPES, label="target")
    s = data.draw(broadcast_source(target), label="shape")
    return (lambda x: fnp.broadcast_to(x, target)), (values(rng_of(data), s, REAL, dtype),)


@_entry("broadcast_to", Example("broadcast_to", _build_broadcast_to))
def _broadcast_to(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    target = draw(shapes(min_dims=1))
    s = draw(broadcast_source(target))
    if s == target:
        target = (2,) + target
    x = draw(float_arrays(s))
    return (lambda x: fnp.broadcast_to(x, target)), (x,)


@st.composite
def concat_shapes(draw: Any, max_side: int = 4) -> tuple[list[tuple[int, ...]], int]:
    """One to three shapes that concatenate along a drawn axis, and the axis."""
    base = list(draw(shapes(min_dims=1, max_side=max_side), label="shape"))
    axis = draw(st.integers(-len(base), len(base) - 1), label="axis")
    count = draw(st.integers(1, 3), label="count")
    out = []
    for _ in range(count):
        s = list(base)
        s[axis] = draw(st.integers(1, 3))
        out.append(tuple(s))
    return out, axis


def _build_concatenate(cat: Fun) -> Build:
    def build(data: Any, dtype: Any) -> Any:
        ss, axis = data.draw(concat_shapes(max_side=3))
        rng = rng_of(data)
        args = tuple(values(rng, s, REAL, dtype) for s in ss)
        return (lambda *xs: cat(list(xs), axis=axis)), args

    return build


def _build_stack(stk: Fun) -> Build:
    def build(data: Any, dtype: Any) -> Any:
        shape = data.draw(shapes(max_dims=2, max_side=3), label="shape")
        nd = len(shape)
        axis = data.draw(st.integers(-(nd + 1), nd), label="axis")
        count = data.draw(st.integers(1, 3), label="count")
        rng = rng_of(data)
        args = tuple(values(rng, shape, REAL, dtype) for _ in range(count))
        return (lambda *xs: stk(list(xs), axis=axis)), args

    return build


def _build_hvstack(which: str) -> Build:
    def build(data: Any, dtype: Any) -> Any:
        nd = data.draw(st.integers(1, 2), label="nd")
        r = data.draw(st.integers(1, 3), label="rows")
        count = data.draw(st.integers(1, 3), label="count")
        rng = rng_of(data)
        args = []
        for _ in range(count):
            c = data.draw(st.integers(1, 3))
            if which == "h":
                s = (c,) if nd == 1 else (r, c)
            else:
                s = (r,) if nd == 1 else (c, r)
            args.append(values(rng, s, REAL, dtype))
        fn = fnp.hstack if which == "h" else fnp.vstack
        return (lambda *xs: fn(list(xs))), tuple(args)

    return build


@_entry(
    "concatenate",
    Example("concatenate", _build_concatenate(fnp.concatenate)),
    Example("np.concatenate", _build_concatenate(np.concatenate)),
    Example("stack", _build_stack(fnp.stack)),
    Example("np.stack", _build_stack(np.stack)),
    Example("hstack", _build_hvstack("h")),
    Example("vstack", _build_hvstack("v")),
)
def _concatenate(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    ss, axis = draw(concat_shapes())
    xs = [draw(float_arrays(s, dt)) for s, dt in zip(ss, _dtypes(draw, len(ss)))]
    return (lambda *xs: fnp.concatenate(list(xs), axis=axis)), tuple(xs)


# ---------------------------------------------------------------------------------------
# reductions


def _draw_reduction(fn: Fun, separate: bool) -> Drawer:
    def draw_case(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
        x = draw(separated_arrays() if separate else float_arrays())
        axis = draw(axes_for(x.ndim))
        keepdims = draw(st.booleans())
        return (lambda x: fn(x, axis=axis, keepdims=keepdims)), (x,)

    return draw_case


_add(
    "sum", _draw_reduction(fnp.sum, False),
    Example("sum", reduction(fnp.sum)),
    Example("sum_method", reduction(_method_or("sum", np.sum))),
    Example("np.sum", reduction(np.sum)),
    Example("mean", reduction(fnp.mean)),
    Example("mean_method", reduction(_method_or("mean", np.mean))),
    Example("np.mean", reduction(np.mean)),
)
_add("logsumexp", _draw_reduction(fnp.logsumexp, False), Example("logsumexp", reduction(fnp.logsumexp)))
_add("max", _draw_reduction(fnp.max, True), Example("max", reduction(fnp.max, None)))
_add("min", _draw_reduction(fnp.min, True), Example("min", reduction(fnp.min, None)))


@_entry("cumsum")
def _cumsum(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    x = draw(float_arrays())
    axis = None if x.ndim == 0 else draw(st.none() | st.integers(-x.ndim, x.ndim - 1))
    return _noted(lambda x: fnp.cumsum(x, axis), axis=axis), (x,)


@_entry("prod")
def _prod(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    # Entries in [-1.5, 1.5], and sometimes one or two exact zeros, where the
    # derivative is the product of the other entries (not y / x). At most 9
    # entries: a product of many has derivatives too large for central differences.
    small = st.one_of(shapes(max_dims=2, max_side=3), shapes(min_dims=3, max_dims=3, max_side=2))
    x = draw(float_arrays(small, domain=Domain(-1.5, 1.5)))
    k = min(draw(st.integers(0, 2)), x.size)
    if k:
        x = x.copy()
        x.reshape(-1)[draw(st.lists(st.integers(0, x.size - 1), min_size=k, max_size=k, unique=True))] = 0
    axis = draw(axes_for(x.ndim))
    keepdims = draw(st.booleans())
    return _noted(lambda x: fnp.prod(x, axis=axis, keepdims=keepdims), axis=axis, keepdims=keepdims), (x,)


# ---------------------------------------------------------------------------------------
# indexing


def _is_full(item: Any) -> bool:
    return isinstance(item, slice) and item == slice(None)


@st.composite
def indices_for(draw: Any, shape: tuple[int, ...]) -> Any:
    """An index for ``shape``, as users write them: slices (negative steps too),
    ints (negative too), None (several), Ellipsis, int arrays (with repeats, 2-D
    too, possibly split by a slice so NumPy moves their axes to the front) or
    one bool mask. (:func:`fad.testing.strategies.indices` draws the registry
    suite's; this one adds 2-D integer arrays and runs of None.)"""
    items: list[Any] = []
    adv_shape: Any = None
    used_bool = False
    for s in shape:
        while draw(st.integers(0, 5)) == 5:
            items.append(None)
        kinds = ["full", "slice", "int"]
        if not used_bool:
            kinds.append("intarr")
        if adv_shape is None and not used_bool:
            kinds.append("bool")
        kind = draw(st.sampled_from(kinds))
        if kind == "full":
            items.append(slice(None))
        elif kind == "slice":
            bound = st.one_of(st.none(), st.integers(-s - 1, s + 1))
            step = draw(st.sampled_from([None, 1, 2, -1, -2]))
            items.append(slice(draw(bound), draw(bound), step))
        elif kind == "int":
            items.append(draw(st.integers(-s, s - 1)))
        elif kind == "intarr":
            if adv_shape is None:
                adv_shape = draw(st.sampled_from([(1,), (2,), (3,), (4,), (2, 2)]))
            n = int(np.prod(adv_shape))
            items.append(np.array(draw(st.lists(st.integers(-s, s - 1), min_size=n, max_size=n))).reshape(adv_shape))
        else:
            used_bool = True
            items.append(np.array(draw(st.lists(st.booleans(), min_size=s, max_size=s)), dtype=bool))
    shorten = draw(st.sampled_from(["keep", "drop_trailing", "ellipsis"]))
    if shorten == "drop_trailing":
        while items and _is_full(items[-1]) and draw(st.booleans()):
            items.pop()
    elif shorten == "ellipsis":
        # an Ellipsis standing for a run of full slices (maybe an empty run)
        i = draw(st.integers(0, len(items)))
        j = i
        while j < len(items) and _is_full(items[j]) and draw(st.booleans()):
            j += 1
        items[i:j] = [Ellipsis]
    if len(items) == 1 and draw(st.booleans()):
        return items[0]
    return tuple(items)


def _build_getitem(style: str) -> Build:
    def build(data: Any, dtype: Any) -> Any:
        shape = data.draw(SHAPES_1UP, label="shape")
        index = data.draw(indices_for(shape), label="index")
        x = values(rng_of(data), shape, REAL, dtype)
        x[index]  # the index is valid NumPy

        if style == "getitem":
            return (lambda x: x[index] if fad.is_tracer(x) else fnp.getitem(x, index)), (x,)
        return (lambda x: fnp.getitem(x, index)), (x,)

    return build


def _build_take(data: Any, dtype: Any) -> Any:
    shape = data.draw(shapes(min_dims=1, max_dims=2, max_side=3), label="shape")
    axis = data.draw(st.sampled_from([None] + list(range(len(shape)))), label="axis")
    n = int(np.prod(shape)) if axis is None else shape[axis]
    idx = np.array(data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=4), label="idx"))
    return (lambda x: fnp.take(x, idx, axis=axis)), (values(rng_of(data), shape, REAL, dtype),)


@_entry(
    "getitem",
    Example("getitem", _build_getitem("getitem")),
    Example("fnp.getitem", _build_getitem("fnp")),
    Example("take", _build_take),
)
def _getitem(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    x = draw(float_arrays(shapes(min_dims=draw(st.sampled_from([0, 2])))))
    index = draw(indices(x.shape))
    return _noted(lambda x: fnp.getitem(x, index), index=index), (x,)


def _selection(shape: tuple[int, ...], index: Any) -> tuple[int, ...]:
    return tuple(np.empty(shape, np.bool_)[index].shape)


@_entry("scatter_add")
def _scatter_add(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    # No public function applies scatter_add: it is getitem's pullback.
    x_shape = draw(shapes(min_dims=draw(st.sampled_from([0, 2]))))
    index = draw(indices(x_shape))
    t = draw(float_arrays(_selection(x_shape, index)))
    zeros = np.zeros(x_shape, t.dtype)

    def scatter(t: Any) -> Any:
        return fad.vjp(lambda x: fnp.getitem(x, index))(zeros)[1](t)[0]

    return _noted(scatter, index=index), (t,)


@st.composite
def update_index(draw: Any, shape: tuple[int, ...], repeats: bool) -> Any:
    """A simple index for ``.at`` updates: an int, a slice, an int array or a pair."""
    s = shape[0]
    kind = draw(st.sampled_from(["int", "slice", "intarr", "tuple"]))
    if kind == "int":
        return draw(st.integers(-s, s - 1))
    if kind == "slice":
        return slice(draw(st.integers(0, s)), None, draw(st.sampled_from([None, 1, 2, -1])))
    if kind == "intarr":
        if repeats:
            idx = draw(st.lists(st.integers(-s, s - 1), min_size=1, max_size=4))
        else:
            idx = draw(st.lists(st.integers(0, s - 1), min_size=1, max_size=s, unique=True))
        return np.array(idx)
    if len(shape) < 2:
        return (draw(st.integers(0, s - 1)),)
    return (slice(None), draw(st.integers(-shape[1], shape[1] - 1)))


def _build_at(op: str) -> Build:
    def build(data: Any, dtype: Any) -> Any:
        shape = data.draw(SHAPES_1UP, label="shape")
        index = data.draw(update_index(shape, repeats=(op == "add")), label="index")
        sel = np.empty(shape)[index].shape
        vshape = data.draw(st.sampled_from([sel, sel[1:] if sel else (), ()]), label="vshape")
        rng = rng_of(data)
        x = values(rng, shape, REAL, dtype)
        v = values(rng, vshape, REAL, dtype)
        plain = fnp.index_update if op == "set" else fnp.index_add

        def fn(x: Any, v: Any) -> Any:
            if fad.is_tracer(x):
                at = x.at[index]
                return at.set(v) if op == "set" else at.add(v)
            return plain(x, index, v)

        return fn, (x, v)

    return build


def _draw_update(fn: Fun, unique: bool) -> Drawer:
    def draw_case(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
        dx, dv = _dtypes(draw, 2)
        x = draw(float_arrays(shapes(min_dims=draw(st.sampled_from([0, 2]))), dx))
        index = draw(indices(x.shape, unique=unique))
        v = draw(float_arrays(draw(broadcast_source(_selection(x.shape, index))), dv))
        return _noted(lambda x, v: fn(x, index, v), index=index), (x, v)

    return draw_case


# index_update with a repeated index keeps one of the values written: no
# derivative to speak of, so its domain has unique indices.
_add("index_update", _draw_update(fnp.index_update, True), Example("at_set", _build_at("set")))
_add("index_add", _draw_update(fnp.index_add, False), Example("at_add", _build_at("add")))

# Fixed index examples on a (3, 4, 5) array, one per form of index.
X345 = np.arange(60.0).reshape(3, 4, 5) / 10.0

INDEXES = [
    ("int", 1),
    ("negative_int", -1),
    ("slice", slice(1, 3)),
    ("negative_step", slice(None, None, -1)),
    ("slice_step", (slice(None), slice(0, 4, 2))),
    ("two_ints", (0, -2)),
    ("none", None),
    ("none_inside", (slice(None), None, 1)),
    ("ellipsis_last", (Ellipsis, 0)),
    ("ellipsis_first", (0, Ellipsis)),
    ("ellipsis_middle", (1, Ellipsis, -1)),
    ("int_array_repeats", np.array([0, 0, 2, 0])),
    ("int_list_repeats", [2, 2, 1]),
    ("negative_int_array", np.array([-1, -3, -1])),
    ("int_array_2d", np.array([[0, 1], [1, 1]])),
    ("two_int_arrays", (np.array([0, 2, 2]), np.array([1, 1, 3]))),
    ("int_arrays_split_by_slice", (np.array([0, 2, 2]), slice(None), np.array([4, 4, 0]))),
    ("int_and_array_split", (1, slice(1, 3), np.array([0, 0]))),
    ("bool_mask_first_axis", np.array([True, False, True])),
    ("bool_mask_full", X345 > 2.5),
    ("bool_mask_2d", (X345[..., 0] > 1.0)),
    ("bool_mask_second_axis", (slice(None), np.array([False, True, True, False]))),
    ("mixed", (slice(None, None, -1), None, np.array([3, 3]), Ellipsis)),
    # An Ellipsis between two advanced indices separates them even when it
    # stands for no axes: NumPy then moves the advanced axes to the front.
    ("empty_ellipsis_between_advanced", (slice(None), np.array([0, 0]), Ellipsis, 1)),
    ("ellipsis_between_advanced", (np.array([0, 2]), Ellipsis, np.array([1, 1]))),
]


# ---------------------------------------------------------------------------------------
# products


@st.composite
def matmul_shapes(draw: Any) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Operand shapes for matmul: 1-D, 2-D and stacked (broadcasting) combinations."""
    n, k, m = (draw(st.integers(1, 3)) for _ in range(3))
    ba, bb = draw(broadcastable_shapes(2, min_dims=1, max_dims=2, max_side=3))
    a_kind = draw(st.sampled_from(["1d", "2d", "stacked"]))
    b_kind = draw(st.sampled_from(["1d", "2d", "stacked"]))
    sa = {"1d": (k,), "2d": (n, k), "stacked": ba + (n, k)}[a_kind]
    sb = {"1d": (k,), "2d": (k, m), "stacked": bb + (k, m)}[b_kind]
    return sa, sb


def _build_ndarray_matmul(data: Any, dtype: Any) -> Any:
    sa, sb = data.draw(matmul_shapes(), label="shapes")
    rng = rng_of(data)
    a = values(rng, sa, REAL, dtype)
    return (lambda b: a @ b), (values(rng, sb, REAL, dtype),)


def _build_same_shape(fn: Fun) -> Build:
    def build(data: Any, dtype: Any) -> Any:
        s = data.draw(SHAPES_1UP, label="shape")
        rng = rng_of(data)
        return fn, (values(rng, s, REAL, dtype), values(rng, s, REAL, dtype))

    return build


@_entry(
    "matmul",
    Example("matmul_operator", binary(lambda a, b: a @ b, pairs=matmul_shapes())),
    Example("fnp.matmul", binary(fnp.matmul, pairs=matmul_shapes())),
    Example("np.matmul", binary(np.matmul, pairs=matmul_shapes())),
    Example("ndarray_matmul_tracer", _build_ndarray_matmul),
    Example("inner", _build_same_shape(fnp.inner)),
    Example("vdot", _build_same_shape(fnp.vdot)),
)
def _matmul(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    sa, sb = draw(matmul_shapes())
    da, db = _dtypes(draw, 2)
    return (lambda a, b: fnp.matmul(a, b)), (draw(float_arrays(sa, da)), draw(float_arrays(sb, db)))


_EINSUM_SPECS = [
    "ij,jk->ik", "ij,kj", "i,i->", "ij->ji", "ij->", "ij->i", "i,j->ij", "ij,k->ik",
    "bij,bjk->bik", "ij,jk,kl->li", "i,->i", "...ij,...j->...i", "...i,...i", "ijk,kj->ik",
]


@_entry("einsum")
def _einsum(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    # Every index gets a drawn length; sometimes an operand has length 1 there
    # instead (NumPy broadcasts it), and the "..." axes broadcast too.
    spec = draw(st.sampled_from(_EINSUM_SPECS))
    terms = spec.split("->")[0].split(",")
    size = {c: draw(st.integers(1, 3)) for c in sorted(set(spec) - set(",->."))}
    ells: Any = [()] * len(terms)
    if "..." in spec:
        ells = draw(broadcastable_shapes(len(terms), max_dims=2, max_side=2))
    ops = []
    for t, ell, dt in zip(terms, ells, _dtypes(draw, len(terms))):
        named = tuple(
            1 if len(terms) > 1 and draw(st.integers(0, 5)) == 0 else size[c]
            for c in t.replace("...", "")
        )
        ops.append(draw(float_arrays(tuple(ell) + named, dt)))
    return _noted(lambda *ops: fnp.einsum(spec, *ops), subscripts=spec), tuple(ops)


# ---------------------------------------------------------------------------------------
# linear algebra


def _matrix(draw: st.DrawFn, batch: tuple[int, ...], dtype: Any = None) -> Array:
    n = draw(st.integers(1, 3))
    if draw(st.booleans()):
        return draw(spd_matrices(n, dtype, batch))
    return draw(square_matrices(n, dtype, batch))


def _draw_square(fn: Fun) -> Drawer:
    def draw_case(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
        batch = draw(shapes(max_dims=2, max_side=2))
        return (lambda a: fn(a)), (_matrix(draw, batch),)

    return draw_case


_add("inv", _draw_square(lambda a: fnp.linalg.inv(a)))
_add("det", _draw_square(lambda a: fnp.linalg.det(a)))
_add("logabsdet", _draw_square(lambda a: fnp.linalg.slogdet(a)[1]))


@_entry("solve")
def _solve(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    sa, sb = draw(broadcastable_shapes(2, max_dims=2, max_side=2))
    da, db = _dtypes(draw, 2)
    a = _matrix(draw, sa, da)
    n = a.shape[-1]
    if draw(st.integers(0, 2)) == 0:
        b = draw(float_arrays((n,), db))
    else:
        b = draw(float_arrays(sb + (n, draw(st.integers(1, 3))), db))
    return (lambda a, b: fnp.linalg.solve(a, b)), (a, b)


# ---------------------------------------------------------------------------------------
# public functions made of several primitives


def _build_outer(data: Any, dtype: Any) -> Any:
    sx = data.draw(SHAPES, label="sx")
    sy = data.draw(SHAPES, label="sy")
    rng = rng_of(data)
    return fnp.outer, (values(rng, sx, REAL, dtype), values(rng, sy, REAL, dtype))


def _build_trace(data: Any, dtype: Any) -> Any:
    s = data.draw(st.tuples(st.integers(1, 4), st.integers(1, 4)), label="shape")
    return fnp.trace, (values(rng_of(data), s, REAL, dtype),)


@st.composite
def dot_shapes(draw: Any) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Operand shapes for np.dot: scalars, vectors, matrices and N-D arrays."""
    k = draw(st.integers(1, 3))
    lead = draw(shapes(max_dims=2, max_side=3))
    tail = draw(shapes(max_dims=2, max_side=3))
    kx = draw(st.sampled_from(["0d", "1d", "nd"]))
    ky = draw(st.sampled_from(["0d", "1d", "nd"]))
    sx = {"0d": (), "1d": (k,), "nd": lead + (k,)}[kx]
    if ky == "0d":
        sy: tuple[int, ...] = ()
    elif ky == "1d":
        sy = (k,)
    else:
        sy = tail[:-1] + (k,) + tail[-1:] if tail else (k,)
    return sx, sy


COMPOSITES: tuple[Example, ...] = (
    Example("positive", unary(lambda x: +x)),
    Example("clip", unary(lambda x: fnp.clip(x, -0.6, 0.6), Domain(-1.6, 1.6, avoid=(-0.6, 0.6), margin=0.2))),
    Example("logaddexp", binary(fnp.logaddexp)),
    Example("var", reduction(fnp.var)),
    Example("std", reduction(fnp.std, None, min_count=2)),  # spread out: std well above 0
    Example("dot", binary(fnp.dot, pairs=dot_shapes())),
    Example("np.dot", binary(np.dot, pairs=dot_shapes())),
    Example("outer", _build_outer),
    Example("trace", _build_trace),
)
"""Examples of public functions made of several primitives."""

# The families' entries, in files of their own; each registers into CATALOGUE,
# PUBLIC and the composites' examples with the helpers above, so these imports
# come after them.
import _catalogue_elementwise  # noqa: E402,F401
import _catalogue_shape  # noqa: E402,F401
import _catalogue_reductions  # noqa: E402,F401
import _catalogue_creation  # noqa: E402,F401
import _catalogue_linalg  # noqa: E402,F401
import _catalogue_complex  # noqa: E402,F401

COMPOSITES = COMPOSITES + tuple(_EXTRA_COMPOSITES)

CASES: list[Example] = [e for entry in CATALOGUE.values() for e in entry.examples] + list(COMPOSITES)
"""Every example: the per-op suites run each one."""
CASE_IDS = [c.name for c in CASES]
CASES_F32 = [c for c in CASES if c.float32]


# ---------------------------------------------------------------------------------------
# the registry suite: drawn cases, their check, coverage


@dataclass(frozen=True)
class Drawn:
    """Inputs drawn for one primitive from its entry.

    Attributes:
        name: the primitive exercised.
        fun: a function of the differentiable inputs that applies it.
        args: the inputs.
        note: the drawn parameters, for messages.

    Example:
        >>> Drawn("sin", fnp.sin, (np.zeros(2),))
        Drawn(sin(np.array([0.0, 0.0], dtype=np.float64)))
    """

    name: str
    fun: Fun
    args: tuple[Array, ...]
    note: str = ""

    def __repr__(self) -> str:
        args = ", ".join(_show_value(a) for a in self.args)
        return f"Drawn({self.name}({args}){self.note})"


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


def _noted(fun: Fun, **drawn: Any) -> Fun:
    """Attach the drawn parameters to ``fun``, for the case's repr."""
    setattr(fun, "note", "drawn " + ", ".join(f"{k}={_show_value(v)}" for k, v in drawn.items()))
    return fun


def _describe_applications(name: str, fun: Fun, args: tuple[Array, ...]) -> str:
    """How the case applies its primitive: the recorded parameters, as text."""
    drawn = str(getattr(fun, "note", ""))
    try:
        apps = applications(fun, args)
    except Exception as e:  # the check itself will report it
        return f" {drawn} [tracing failed: {type(e).__name__}: {e}]"
    parts = []
    for a in apps:
        if a.prim.name == name:
            extra = [_show_value(v) for v in a.args if not isinstance(v, np.ndarray)]
            extra += [f"{k}={_show_value(v)}" for k, v in a.params.items()]
            parts.append(f"{name}(..., {', '.join(extra)})" if extra else f"{name}(...)")
    return (" applying " + "; ".join(parts)) if parts else ""


@st.composite
def _drawn(draw: st.DrawFn, name: str) -> Drawn:
    fun, args = CATALOGUE[name].draw(draw)
    fun.__name__ = name
    return Drawn(name, fun, tuple(args), _describe_applications(name, fun, tuple(args)))


def cases(name: str) -> st.SearchStrategy[Drawn]:
    """Drawn inputs for the primitive ``name``, from its catalogue entry.

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=3, deadline=None)
        ... @given(cases("sin"))
        ... def test(case):
        ...     check_case(case)
        >>> test()
    """
    if name not in CATALOGUE:
        raise KeyError(
            f"primitive {name!r} has no catalogue entry: add one to CATALOGUE in "
            "tests/_catalogue.py saying how to draw its inputs."
        )
    return _drawn(name)


def check_case(case: Drawn, *, order: int = 2) -> None:
    """The registry suite's check of one drawn case.

    It checks that the case applies its primitive, then runs
    :func:`~fad.testing.check_grads` (orders 1 to ``order``, forward and
    reverse) on the case's function and :func:`~fad.testing.check_rule` on
    each distinct application of the primitive it recorded.

    Example:
        >>> fun = lambda x: fnp.sin(x)
        >>> fun.__name__ = "sin"
        >>> check_case(Drawn("sin", fun, (np.linspace(-1, 1, 3),)))
    """
    apps = [a for a in applications(case.fun, case.args) if a.prim.name == case.name]
    if not apps:
        raise AssertionError(
            f"the catalogue entry for {case.name!r} drew {case!r}, which does not apply "
            f"the primitive {case.name!r}: fix its drawer in CATALOGUE."
        )
    check_grads(case.fun, case.args, order=order, modes=("fwd", "rev"))
    seen: set[str] = set()
    for app in apps:
        key = repr([(np.shape(a), np.asarray(a).dtype) if isinstance(a, np.ndarray) else a for a in app.args])
        if key in seen:
            continue
        seen.add(key)
        check_rule(app.prim, *app.args, **app.params)


@st.composite
def _drawn_public(draw: st.DrawFn, name: str) -> Drawn:
    fun, args = PUBLIC[name](draw)
    return Drawn(name, fun, tuple(args), str(getattr(fun, "note", "")))


def public_cases(name: str) -> st.SearchStrategy[Drawn]:
    """Drawn cases of the public composite function ``name``, from ``PUBLIC``."""
    return _drawn_public(name)


def check_public_case(case: Drawn, *, order: int = 2) -> None:
    """Check a composite's drawn case: derivatives of orders 1 to ``order`` in
    both modes against central differences (each primitive it applies has its
    own rules checked by :func:`check_case`)."""
    check_grads(case.fun, case.args, order=order, modes=("fwd", "rev"))


@st.composite
def _drawn_complex(draw: st.DrawFn, name: str) -> Drawn:
    fun, args = COMPLEX[name](draw)
    fun.__name__ = name
    return Drawn(name, fun, tuple(args), str(getattr(fun, "note", "")))


def complex_cases(name: str) -> st.SearchStrategy[Drawn]:
    """Drawn complex cases of ``name``, from ``COMPLEX``."""
    return _drawn_complex(name)


def check_complex_case(case: Drawn, *, order: int = 2) -> None:
    """A complex case: as :func:`check_case` for a primitive (its rules too),
    as :func:`check_public_case` for a public function."""
    if case.name in CATALOGUE:
        check_case(case, order=order)
    else:
        check_public_case(case, order=order)


def fad_primitive_names() -> frozenset[str]:
    """The names of fad's own primitives, as the registry knows them.

    ``fad._primitive`` seals its built-ins once ``import fad`` has made them
    (so that a user primitive cannot take their names), and ``fad.scipy``'s
    modules add theirs when imported (this catalogue imports them all);
    primitives made later, by tests, doctests or users, never count.

    Example:
        >>> "sin" in fad_primitive_names()
        True
    """
    return frozenset(fad._primitive._builtin_names)


def check_coverage(names: Iterable[str]) -> None:
    """Every primitive in ``names`` has a catalogue entry, and every entry a primitive.

    Example:
        >>> check_coverage(fad_primitive_names())
    """
    names = set(names)
    missing = sorted(names - set(CATALOGUE))
    stale = sorted(set(CATALOGUE) - names)
    problems = []
    if missing:
        problems.append(
            f"primitives without a catalogue entry: {', '.join(missing)}. Add an entry to "
            "CATALOGUE in tests/_catalogue.py saying how to draw each one's inputs, "
            "so that its rules are checked."
        )
    if stale:
        problems.append(
            f"catalogue entries for primitives fad does not register: {', '.join(stale)}. "
            "Remove them, or fix their names."
        )
    if problems:
        raise AssertionError("\n".join(problems))


# ---------------------------------------------------------------------------------------
# drawers for public functions that existed before the coverage page checked them
# (tests/test_coverage.py): each draws small shapes, float32 and float64, values in
# a safe domain and the function's parameters. A family's catalogue file (imported
# above) may have its own drawer for the same name: then the family's is kept.


def _fallback(name: str) -> Callable[[Drawer], Drawer]:
    """Like :func:`composite`, unless a family's catalogue has a drawer for ``name``."""
    return (lambda drawer: drawer) if name in PUBLIC else composite(name)


def _draw_elementwise(fn: Fun, domain: Domain = REAL) -> Drawer:
    def draw_case(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
        return (lambda x: fn(x)), (draw(float_arrays(SHAPES, domain=domain)),)

    return draw_case


# piecewise constant (derivative 0): values away from the jumps
_OFF_INTEGERS = Domain(-2.0, 2.0, avoid=(-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0), margin=0.1)
_fallback("floor")(_draw_elementwise(fnp.floor, _OFF_INTEGERS))
_fallback("ceil")(_draw_elementwise(fnp.ceil, _OFF_INTEGERS))
_fallback("sign")(_draw_elementwise(fnp.sign, NONZERO))
_fallback("exp2")(_draw_elementwise(fnp.exp2))
_fallback("log2")(_draw_elementwise(fnp.log2, POSITIVE))
_fallback("log10")(_draw_elementwise(fnp.log10, POSITIVE))
_fallback("fliplr")(lambda draw: (fnp.fliplr, (draw(float_arrays(shapes(min_dims=2, max_side=3))),)))
_fallback("flipud")(lambda draw: (fnp.flipud, (draw(float_arrays(SHAPES_1UP)),)))


@_fallback("round")
def _round(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    decimals = draw(st.integers(0, 1))
    x = draw(float_arrays(SHAPES, domain=_OFF_INTEGERS))
    x = np.round(x, 1) + np.asarray(0.03, x.dtype)  # away from the rounding points
    return _noted(lambda x: fnp.round(x, decimals), decimals=decimals), (x,)


@_fallback("hypot")
def _hypot(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    sa, sb = draw(PAIRS)
    da, db = _dtypes(draw, 2)
    return (lambda a, b: fnp.hypot(a, b)), (draw(float_arrays(sa, da, NONZERO)), draw(float_arrays(sb, db, NONZERO)))


@_fallback("cumprod")
def _cumprod(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    x = draw(float_arrays(shapes(max_dims=2, max_side=3), domain=Domain(-1.5, 1.5)))
    axis = None if x.ndim == 0 else draw(st.none() | st.integers(-x.ndim, x.ndim - 1))
    return _noted(lambda x: fnp.cumprod(x, axis), axis=axis), (x,)


@_fallback("flip")
def _flip(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    x = draw(float_arrays())
    axis = draw(axes_for(x.ndim))
    return _noted(lambda x: fnp.flip(x, axis), axis=axis), (x,)


@_fallback("diagonal")
def _diagonal(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    x = draw(float_arrays(shapes(min_dims=2, max_dims=3, max_side=3)))
    a1, a2 = draw(st.lists(st.integers(-x.ndim, x.ndim - 1), min_size=2, max_size=2, unique_by=lambda a: a % x.ndim))
    offset = draw(st.integers(-1, 1))
    return _noted(lambda x: fnp.diagonal(x, offset, a1, a2), offset=offset, axis1=a1, axis2=a2), (x,)


@_fallback("diag")
def _diag(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    x = draw(float_arrays(shapes(min_dims=1, max_dims=2, max_side=3)))
    k = draw(st.integers(-1, 1))
    return _noted(lambda x: fnp.diag(x, k), k=k), (x,)


@_fallback("tril")
def _tril(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    x = draw(float_arrays(shapes(min_dims=2, max_dims=3, max_side=3)))
    k = draw(st.integers(-1, 1))
    return _noted(lambda x: fnp.tril(x, k), k=k), (x,)


@_fallback("triu")
def _triu(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    x = draw(float_arrays(shapes(min_dims=2, max_dims=3, max_side=3)))
    k = draw(st.integers(-1, 1))
    return _noted(lambda x: fnp.triu(x, k), k=k), (x,)


@_fallback("tile")
def _tile(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    x = draw(float_arrays(shapes(max_dims=2, max_side=3)))
    reps = draw(st.one_of(st.integers(1, 2), st.lists(st.integers(1, 2), min_size=1, max_size=3).map(tuple)))
    return _noted(lambda x: fnp.tile(x, reps), reps=reps), (x,)


@_fallback("repeat")
def _repeat(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    x = draw(float_arrays(SHAPES_1UP))
    axis = draw(st.none() | st.integers(-x.ndim, x.ndim - 1))
    n = x.size if axis is None else x.shape[axis]
    repeats = draw(st.integers(0, 2) | st.lists(st.integers(0, 2), min_size=n, max_size=n))
    return _noted(lambda x: fnp.repeat(x, repeats, axis), repeats=repeats, axis=axis), (x,)


@_fallback("sort")
def _sort(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    x = draw(separated_arrays(SHAPES_1UP))
    axis = draw(st.none() | st.integers(-x.ndim, x.ndim - 1))
    return _noted(lambda x: fnp.sort(x, axis), axis=axis), (x,)


@_fallback("pad")
def _pad(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    x = draw(float_arrays(shapes(min_dims=1, max_dims=2, min_side=2, max_side=3)))
    mode = draw(st.sampled_from(["constant", "edge", "reflect", "symmetric", "wrap"]))
    width = draw(st.integers(0, 1) | st.tuples(st.integers(0, 1), st.integers(0, 2)))
    if mode == "constant":
        c = draw(float_arrays(()))
        return _noted(lambda x, c: fnp.pad(x, width, constant_values=c), pad_width=width), (x, c)
    return _noted(lambda x: fnp.pad(x, width, mode=mode), pad_width=width, mode=mode), (x,)


@_fallback("array")
def _array(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    x = draw(float_arrays(SHAPES))
    return (lambda x: fnp.array([[x, 2.0 * x], [x * x, np.ones(x.shape, x.dtype)]])), (x,)


@_fallback("asarray")
def _asarray(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    a, b = draw(float_arrays(SHAPES)), None
    b = draw(float_arrays(a.shape, a.dtype))
    return (lambda a, b: fnp.asarray([a, b, a * b])), (a, b)


@_fallback("unbroadcast")
def _unbroadcast(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    source = draw(shapes(max_dims=2, max_side=3))
    target = draw(broadcast_source(source))
    x = draw(float_arrays(source))
    return _noted(lambda x: fnp.unbroadcast(x, target), target=target), (x,)


@_fallback("at")
def _at(draw: st.DrawFn) -> tuple[Fun, tuple[Array, ...]]:
    dx, dv = _dtypes(draw, 2)
    x = draw(float_arrays(shapes(min_dims=1, max_dims=2, max_side=3), dx, POSITIVE))
    op = draw(st.sampled_from(["set", "add", "multiply", "divide", "power", "min", "max", "get"]))
    index = draw(indices(x.shape, unique=op != "add"))
    sel = np.empty(x.shape)[index].shape
    if op in ("min", "max"):  # no ties between x and v
        v = np.asarray(x[index] + np.where(draw(st.booleans()), 0.5, -0.5), dv)
    else:
        v = draw(float_arrays(draw(broadcast_source(sel)), dv, POSITIVE if op == "power" else Domain(0.5, 2.0)))

    def fn(x: Any, v: Any) -> Any:
        updater = fnp.at(x)[index]
        return updater.get() * fnp.sum(v) if op == "get" else getattr(updater, op)(v)

    return _noted(fn, op=op, index=index), (x, v)
import _catalogue_scipy_special  # noqa: E402,F401
import _catalogue_scipy_stats  # noqa: E402,F401
import _catalogue_scipy_linalg  # noqa: E402,F401
import _catalogue_scipy_signal  # noqa: E402,F401
import _catalogue_scipy_integrate  # noqa: E402,F401
import _catalogue_fft  # noqa: E402,F401
