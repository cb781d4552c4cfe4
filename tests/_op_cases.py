"""A catalogue of fad.numpy operations for the per-op derivative tests.

Each :class:`Case` draws (with hypothesis) a function of some float arrays and
arguments for it. The function only uses fad.numpy, Tracer operators or plain
NumPy calls that dispatch to fad, so it runs both on plain arrays (for finite
differences) and on traced values. Argument values stay away from kinks
(abs, maximum, clip, ...) and from the edges of domains (log, sqrt, arcsin,
...) by much more than the finite-difference step.

Used by tests/test_numpy_ops.py (reverse mode) and tests/test_forward.py
(forward mode and the transpose identity).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import fad
import fad.numpy as fnp

Build = Callable[[Any, Any], tuple[Callable[..., Any], tuple[np.ndarray, ...]]]


@dataclass(frozen=True)
class Case:
    """One op: ``build(data, dtype) -> (fn, args)``."""

    name: str
    build: Build
    float32: bool = True

    def __repr__(self) -> str:
        return self.name


SEEDS = st.integers(0, 2**32 - 1)
SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3)
SHAPES_1UP = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=3)
PAIRS = hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, min_side=1, max_side=3)
TRIPLES = hnp.mutually_broadcastable_shapes(num_shapes=3, min_dims=0, max_dims=3, min_side=1, max_side=3)


def rng_of(data: Any) -> np.random.Generator:
    return np.random.default_rng(data.draw(SEEDS, label="seed"))


def values(rng: np.random.Generator, shape: tuple[int, ...], domain: str, dtype: Any) -> np.ndarray:
    """Random values of ``shape`` in a domain where the ops below are smooth.

    Domains: any (-2, 2); pos (0.5, 2); unit (-0.8, 0.8); away (|x| in (0.3, 2));
    log1p (-0.5, 2); lo / hi: two interleaved lattices (x = k + 0.25 + noise,
    y = k + 0.75 + noise), so a lo and a hi value always differ by > 0.3;
    clip: away from the bounds +-0.5 and from 0; distinct: a permutation of a
    spaced grid (no ties for max/min).
    """
    n = int(np.prod(shape, dtype=np.int64))
    if domain == "any":
        v = rng.uniform(-2, 2, shape)
    elif domain == "pos":
        v = rng.uniform(0.5, 2, shape)
    elif domain == "unit":
        v = rng.uniform(-0.8, 0.8, shape)
    elif domain == "away":
        v = rng.uniform(0.3, 2, shape) * rng.choice([-1.0, 1.0], shape)
    elif domain == "log1p":
        v = rng.uniform(-0.5, 2, shape)
    elif domain == "lo":
        v = rng.integers(-2, 2, shape) + 0.25 + rng.uniform(-0.1, 0.1, shape)
    elif domain == "hi":
        v = rng.integers(-2, 2, shape) + 0.75 + rng.uniform(-0.1, 0.1, shape)
    elif domain == "clip":
        pieces = np.array([-1.5, -0.9, -0.3, 0.3, 0.9, 1.5])
        v = rng.choice(pieces, shape) + rng.uniform(-0.1, 0.1, shape)
    elif domain == "distinct":
        v = (rng.permutation(n) - n / 2) * 0.4 + rng.uniform(-0.05, 0.05, n)
        v = v.reshape(shape)
    else:  # pragma: no cover
        raise ValueError(domain)
    return np.asarray(v, dtype=dtype)


# ---------------------------------------------------------------------------
# builders


def unary(fn: Callable[[Any], Any], domain: str = "any", shapes: Any = SHAPES) -> Build:
    def build(data: Any, dtype: Any) -> Any:
        shape = data.draw(shapes, label="shape")
        return fn, (values(rng_of(data), shape, domain, dtype),)

    return build


def binary(fn: Callable[[Any, Any], Any], dx: str = "any", dy: str = "any") -> Build:
    def build(data: Any, dtype: Any) -> Any:
        (sx, sy), _ = data.draw(PAIRS, label="shapes")
        rng = rng_of(data)
        return fn, (values(rng, sx, dx, dtype), values(rng, sy, dy, dtype))

    return build


def build_where(use_numpy: bool) -> Build:
    def build(data: Any, dtype: Any) -> Any:
        (sc, sx, sy), _ = data.draw(TRIPLES, label="shapes")
        rng = rng_of(data)
        cond = rng.random(sc) < 0.5
        where = np.where if use_numpy else fnp.where
        return (lambda x, y: where(cond, x, y)), (values(rng, sx, "any", dtype), values(rng, sy, "any", dtype))

    return build


@st.composite
def axes_for(draw: Any, nd: int) -> Any:
    """None, an int (maybe negative) or a tuple of distinct ints (maybe negative)."""
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


def reduction(fn: Callable[..., Any], domain: str = "any", min_count: int = 1) -> Build:
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
        x = values(rng_of(data), shape, domain, dtype)
        return (lambda x: fn(x, axis=axis, keepdims=keepdims)), (x,)

    return build


@st.composite
def matmul_shapes(draw: Any) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Operand shapes for matmul: 1-D, 2-D and stacked (broadcasting) combinations."""
    n, k, m = (draw(st.integers(1, 3)) for _ in range(3))
    (ba, bb), _ = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=1, max_dims=2, max_side=3))
    a_kind = draw(st.sampled_from(["1d", "2d", "stacked"]))
    b_kind = draw(st.sampled_from(["1d", "2d", "stacked"]))
    sa = {"1d": (k,), "2d": (n, k), "stacked": ba + (n, k)}[a_kind]
    sb = {"1d": (k,), "2d": (k, m), "stacked": bb + (k, m)}[b_kind]
    return sa, sb


def build_matmul(fn: Callable[[Any, Any], Any]) -> Build:
    def build(data: Any, dtype: Any) -> Any:
        sa, sb = data.draw(matmul_shapes(), label="shapes")
        rng = rng_of(data)
        return fn, (values(rng, sa, "any", dtype), values(rng, sb, "any", dtype))

    return build


def build_ndarray_matmul(data: Any, dtype: Any) -> Any:
    sa, sb = data.draw(matmul_shapes(), label="shapes")
    rng = rng_of(data)
    a = values(rng, sa, "any", dtype)
    return (lambda b: a @ b), (values(rng, sb, "any", dtype),)


def build_ndarray_binary(fn: Callable[[Any, Any], Any], dy: str = "any") -> Build:
    """A plain ndarray on the left of an operator, a traced value on the right."""

    def build(data: Any, dtype: Any) -> Any:
        (sa, sy), _ = data.draw(PAIRS, label="shapes")
        rng = rng_of(data)
        a = values(rng, sa, "any", dtype)
        if a.ndim == 0:
            a = a.reshape(1)  # keep it an ndarray (0-d arithmetic gives scalars)
        return (lambda y: fn(a, y)), (values(rng, sy, dy, dtype),)

    return build


@st.composite
def dot_shapes(draw: Any) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Operand shapes for np.dot: scalars, vectors, matrices and N-D arrays."""
    k = draw(st.integers(1, 3))
    lead = draw(hnp.array_shapes(min_dims=0, max_dims=2, max_side=3))
    tail = draw(hnp.array_shapes(min_dims=0, max_dims=2, max_side=3))
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


def build_dot(fn: Callable[[Any, Any], Any]) -> Build:
    def build(data: Any, dtype: Any) -> Any:
        sx, sy = data.draw(dot_shapes(), label="shapes")
        rng = rng_of(data)
        return fn, (values(rng, sx, "any", dtype), values(rng, sy, "any", dtype))

    return build


def build_same_shape(fn: Callable[[Any, Any], Any], shapes: Any = SHAPES_1UP) -> Build:
    def build(data: Any, dtype: Any) -> Any:
        s = data.draw(shapes, label="shape")
        rng = rng_of(data)
        return fn, (values(rng, s, "any", dtype), values(rng, s, "any", dtype))

    return build


def build_outer(data: Any, dtype: Any) -> Any:
    sx = data.draw(SHAPES, label="sx")
    sy = data.draw(SHAPES, label="sy")
    rng = rng_of(data)
    return fnp.outer, (values(rng, sx, "any", dtype), values(rng, sy, "any", dtype))


def build_trace(data: Any, dtype: Any) -> Any:
    s = data.draw(st.tuples(st.integers(1, 4), st.integers(1, 4)), label="shape")
    return fnp.trace, (values(rng_of(data), s, "any", dtype),)


# --- shape ops -----------------------------------------------------------------


def build_reshape(data: Any, dtype: Any) -> Any:
    shape = data.draw(SHAPES, label="shape")
    n = int(np.prod(shape, dtype=np.int64))
    divisors = [d for d in range(1, n + 1) if n % d == 0]
    d = data.draw(st.sampled_from(divisors), label="d")
    new = data.draw(
        st.sampled_from([(n,), (-1,), shape[::-1], (1,) + shape + (1,), (n // d, d), (d, -1), ()] if n == 1
                        else [(n,), (-1,), shape[::-1], (1,) + shape + (1,), (n // d, d), (d, -1)]),
        label="newshape",
    )
    style = data.draw(st.sampled_from(["fnp", "method_tuple", "method_args", "np"]), label="style")
    x = values(rng_of(data), shape, "any", dtype)

    def fn(x: Any) -> Any:
        if style == "fnp" or not fad.is_tracer(x) and style.startswith("method"):
            return fnp.reshape(x, new)
        if style == "method_tuple":
            return x.reshape(new)
        if style == "method_args":
            return x.reshape(*new) if new else x.reshape(())
        return np.reshape(x, new)

    return fn, (x,)


def build_transpose(data: Any, dtype: Any) -> Any:
    shape = data.draw(SHAPES, label="shape")
    nd = len(shape)
    perm = data.draw(st.permutations(range(nd)), label="perm")
    perm = [p - nd if data.draw(st.booleans()) else p for p in perm]
    style = data.draw(st.sampled_from(["axes", "none", "T", "method", "np"]), label="style")
    x = values(rng_of(data), shape, "any", dtype)

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


def build_moveaxis(data: Any, dtype: Any) -> Any:
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, max_side=3), label="shape")
    nd = len(shape)
    src = data.draw(st.integers(-nd, nd - 1), label="src")
    dst = data.draw(st.integers(-nd, nd - 1), label="dst")
    return (lambda x: fnp.moveaxis(x, src, dst)), (values(rng_of(data), shape, "any", dtype),)


def build_swapaxes(data: Any, dtype: Any) -> Any:
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, max_side=3), label="shape")
    nd = len(shape)
    a1 = data.draw(st.integers(0, nd - 1), label="a1")
    a2 = data.draw(st.integers(0, nd - 1), label="a2")
    return (lambda x: fnp.swapaxes(x, a1, a2)), (values(rng_of(data), shape, "any", dtype),)


def build_squeeze(data: Any, dtype: Any) -> Any:
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=2), label="shape")
    ones = [i for i, s in enumerate(shape) if s == 1]
    axis = data.draw(st.sampled_from([None] + [tuple(ones)] + [o for o in ones]), label="axis")
    return (lambda x: fnp.squeeze(x, axis)), (values(rng_of(data), shape, "any", dtype),)


def build_expand_dims(data: Any, dtype: Any) -> Any:
    shape = data.draw(SHAPES, label="shape")
    nd = len(shape)
    axis = data.draw(st.integers(-(nd + 1), nd), label="axis")
    return (lambda x: fnp.expand_dims(x, axis)), (values(rng_of(data), shape, "any", dtype),)


def build_broadcast_to(data: Any, dtype: Any) -> Any:
    (s, _), target = data.draw(PAIRS, label="shapes")
    return (lambda x: fnp.broadcast_to(x, target)), (values(rng_of(data), s, "any", dtype),)


def build_concatenate(use_numpy: bool) -> Build:
    def build(data: Any, dtype: Any) -> Any:
        base = list(data.draw(hnp.array_shapes(min_dims=1, max_dims=3, max_side=3), label="shape"))
        nd = len(base)
        axis = data.draw(st.integers(-nd, nd - 1), label="axis")
        count = data.draw(st.integers(1, 3), label="count")
        rng = rng_of(data)
        args = []
        for _ in range(count):
            s = list(base)
            s[axis] = data.draw(st.integers(1, 3))
            args.append(values(rng, tuple(s), "any", dtype))
        cat = np.concatenate if use_numpy else fnp.concatenate
        return (lambda *xs: cat(list(xs), axis=axis)), tuple(args)

    return build


def build_stack(use_numpy: bool) -> Build:
    def build(data: Any, dtype: Any) -> Any:
        shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=2, max_side=3), label="shape")
        nd = len(shape)
        axis = data.draw(st.integers(-(nd + 1), nd), label="axis")
        count = data.draw(st.integers(1, 3), label="count")
        rng = rng_of(data)
        args = tuple(values(rng, shape, "any", dtype) for _ in range(count))
        stk = np.stack if use_numpy else fnp.stack
        return (lambda *xs: stk(list(xs), axis=axis)), args

    return build


def build_hvstack(which: str) -> Build:
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
            args.append(values(rng, s, "any", dtype))
        fn = fnp.hstack if which == "h" else fnp.vstack
        return (lambda *xs: fn(list(xs))), tuple(args)

    return build


# --- indexing --------------------------------------------------------------------


def _is_full(item: Any) -> bool:
    return isinstance(item, slice) and item == slice(None)


@st.composite
def indices_for(draw: Any, shape: tuple[int, ...]) -> Any:
    """An index for ``shape``: slices (negative steps too), ints (negative too),
    None, Ellipsis, int arrays (with repeats, possibly split by a slice so NumPy
    moves their axes to the front) or one bool mask."""
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


def build_getitem(style: str) -> Build:
    def build(data: Any, dtype: Any) -> Any:
        shape = data.draw(SHAPES_1UP, label="shape")
        index = data.draw(indices_for(shape), label="index")
        x = values(rng_of(data), shape, "any", dtype)
        x[index]  # the index is valid NumPy

        if style == "getitem":
            return (lambda x: x[index] if fad.is_tracer(x) else fnp.getitem(x, index)), (x,)
        return (lambda x: fnp.getitem(x, index)), (x,)

    return build


@st.composite
def update_index(draw: Any, shape: tuple[int, ...], repeats: bool) -> Any:
    """A simpler index for .at updates: an int, a slice, or an int array."""
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


def build_at(op: str) -> Build:
    def build(data: Any, dtype: Any) -> Any:
        shape = data.draw(SHAPES_1UP, label="shape")
        index = data.draw(update_index(shape, repeats=(op == "add")), label="index")
        sel = np.empty(shape)[index].shape
        vshape = data.draw(st.sampled_from([sel, sel[1:] if sel else (), ()]), label="vshape")
        rng = rng_of(data)
        x = values(rng, shape, "any", dtype)
        v = values(rng, vshape, "any", dtype)
        plain = fnp.index_update if op == "set" else fnp.index_add

        def fn(x: Any, v: Any) -> Any:
            if fad.is_tracer(x):
                at = x.at[index]
                return at.set(v) if op == "set" else at.add(v)
            return plain(x, index, v)

        return fn, (x, v)

    return build


def build_take(data: Any, dtype: Any) -> Any:
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=2, max_side=3), label="shape")
    axis = data.draw(st.sampled_from([None] + list(range(len(shape)))), label="axis")
    n = int(np.prod(shape)) if axis is None else shape[axis]
    idx = np.array(data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=4), label="idx"))
    return (lambda x: fnp.take(x, idx, axis=axis)), (values(rng_of(data), shape, "any", dtype),)


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


# ---------------------------------------------------------------------------
# the catalogue

CASES: list[Case] = [
    # arithmetic operators, with broadcasting
    Case("add", binary(lambda x, y: x + y)),
    Case("subtract", binary(lambda x, y: x - y)),
    Case("multiply", binary(lambda x, y: x * y)),
    Case("divide", binary(lambda x, y: x / y, dy="away")),
    Case("power", binary(lambda x, y: x**y, dx="pos")),
    Case("fnp.add", binary(fnp.add)),
    Case("fnp.subtract", binary(fnp.subtract)),
    Case("fnp.multiply", binary(fnp.multiply)),
    Case("fnp.divide", binary(fnp.divide, dy="away")),
    Case("fnp.power", binary(fnp.power, dx="pos")),
    Case("power_int_exponent", unary(lambda x: x**3)),
    Case("power_neg_exponent", unary(lambda x: x**-1.5, "pos")),
    Case("rpower", unary(lambda x: 2.0**x)),
    Case("rsub", unary(lambda x: 1.5 - x)),
    Case("rdiv", unary(lambda x: 1.5 / x, "away")),
    Case("negative", unary(lambda x: -x)),
    Case("fnp.negative", unary(fnp.negative)),
    Case("positive", unary(lambda x: +x)),
    Case("abs", unary(fnp.abs, "away")),
    Case("builtin_abs", unary(lambda x: abs(x), "away")),
    # unary maps
    Case("exp", unary(fnp.exp)),
    Case("expm1", unary(fnp.expm1)),
    Case("log", unary(fnp.log, "pos")),
    Case("log1p", unary(fnp.log1p, "log1p")),
    Case("sin", unary(fnp.sin)),
    Case("cos", unary(fnp.cos)),
    Case("tan", unary(fnp.tan, "unit")),
    Case("tanh", unary(fnp.tanh)),
    Case("sinh", unary(fnp.sinh)),
    Case("cosh", unary(fnp.cosh)),
    Case("arcsin", unary(fnp.arcsin, "unit")),
    Case("arccos", unary(fnp.arccos, "unit")),
    Case("arctan", unary(fnp.arctan)),
    Case("arcsinh", unary(fnp.arcsinh)),
    Case("arctanh", unary(fnp.arctanh, "unit")),
    Case("sqrt", unary(fnp.sqrt, "pos")),
    Case("square", unary(fnp.square)),
    Case("reciprocal", unary(fnp.reciprocal, "away")),
    Case("sigmoid", unary(fnp.sigmoid)),
    # selections
    Case("maximum", binary(fnp.maximum, "lo", "hi")),
    Case("maximum_swapped", binary(fnp.maximum, "hi", "lo")),
    Case("minimum", binary(fnp.minimum, "lo", "hi")),
    Case("minimum_swapped", binary(fnp.minimum, "hi", "lo")),
    Case("where", build_where(False)),
    Case("clip", unary(lambda x: fnp.clip(x, -0.6, 0.6), "clip")),
    Case("logaddexp", binary(fnp.logaddexp)),
    # reductions
    Case("sum", reduction(fnp.sum)),
    Case("mean", reduction(fnp.mean)),
    Case("sum_method", reduction(lambda x, axis, keepdims: x.sum(axis=axis, keepdims=keepdims)
                                 if fad.is_tracer(x) else np.sum(x, axis=axis, keepdims=keepdims))),
    Case("mean_method", reduction(lambda x, axis, keepdims: x.mean(axis=axis, keepdims=keepdims)
                                  if fad.is_tracer(x) else np.mean(x, axis=axis, keepdims=keepdims))),
    Case("var", reduction(fnp.var)),
    Case("std", reduction(fnp.std, "distinct", min_count=2)),  # spread out: std well above 0
    Case("max", reduction(fnp.max, "distinct")),
    Case("min", reduction(fnp.min, "distinct")),
    Case("logsumexp", reduction(fnp.logsumexp)),
    # products
    Case("matmul_operator", build_matmul(lambda a, b: a @ b)),
    Case("fnp.matmul", build_matmul(fnp.matmul)),
    Case("dot", build_dot(fnp.dot)),
    Case("inner", build_same_shape(fnp.inner)),
    Case("vdot", build_same_shape(fnp.vdot)),
    Case("outer", build_outer),
    Case("trace", build_trace),
    # shapes
    Case("reshape", build_reshape),
    Case("ravel", unary(fnp.ravel)),
    Case("transpose", build_transpose),
    Case("moveaxis", build_moveaxis),
    Case("swapaxes", build_swapaxes),
    Case("squeeze", build_squeeze),
    Case("expand_dims", build_expand_dims),
    Case("broadcast_to", build_broadcast_to),
    Case("concatenate", build_concatenate(False)),
    Case("stack", build_stack(False)),
    Case("hstack", build_hvstack("h")),
    Case("vstack", build_hvstack("v")),
    # indexing
    Case("getitem", build_getitem("getitem")),
    Case("fnp.getitem", build_getitem("fnp")),
    Case("take", build_take),
    Case("at_set", build_at("set")),
    Case("at_add", build_at("add")),
    # plain NumPy calls on traced values (dispatch)
    Case("np.sin", unary(np.sin)),
    Case("np.exp", unary(np.exp)),
    Case("np.log", unary(np.log, "pos")),
    Case("np.tanh", unary(np.tanh)),
    Case("np.sqrt", unary(np.sqrt, "pos")),
    Case("np.add", binary(np.add)),
    Case("np.multiply", binary(np.multiply)),
    Case("np.maximum", binary(np.maximum, "lo", "hi")),
    Case("np.sum", reduction(np.sum)),
    Case("np.mean", reduction(np.mean)),
    Case("np.where", build_where(True)),
    Case("np.dot", build_dot(np.dot)),
    Case("np.matmul", build_matmul(np.matmul)),
    Case("ndarray_matmul_tracer", build_ndarray_matmul),
    Case("ndarray_times_tracer", build_ndarray_binary(lambda a, y: a * y)),
    Case("ndarray_minus_tracer", build_ndarray_binary(lambda a, y: a - y)),
    Case("ndarray_over_tracer", build_ndarray_binary(lambda a, y: a / y, dy="away")),
    Case("np.concatenate", build_concatenate(True)),
    Case("np.stack", build_stack(True)),
]


CASE_IDS = [c.name for c in CASES]
CASES_F32 = [c for c in CASES if c.float32]
