"""Catalogue entries of fad.numpy's shape family (see tests/_catalogue.py).

Primitives register with ``_add``/``_entry``/``_elementwise``; public functions
made of several primitives with ``@composite(name)``, a drawer of cases that
call the public function (shapes, dtypes, parameters drawn by hypothesis).
"""

from __future__ import annotations

from _catalogue import (  # noqa: F401
    Example,
    _add,
    _elementwise,
    _entry,
    binary,
    composite,
    reduction,
    unary,
)

import warnings
from typing import Any, Callable

import numpy as np
from hypothesis import strategies as st

import fad.numpy as fnp
from fad.testing.strategies import (
    NONZERO,
    POSITIVE,
    REAL,
    Domain,
    broadcastable_shapes,
    float_arrays,
    float_dtypes,
    separated_arrays,
    shapes,
)

Fun = Callable[..., Any]
Case = tuple[Fun, tuple[Any, ...]]


def _arr(draw: st.DrawFn, s: Any = None, dt: Any = None, domain: Domain = REAL) -> Any:
    return draw(float_arrays(s if s is not None else shapes(max_side=3), dt, domain))


def _dims(draw: st.DrawFn, lo: int, hi: int = 3, max_side: int = 3) -> tuple[int, ...]:
    return tuple(draw(shapes(min_dims=lo, max_dims=hi, max_side=max_side)))


def _axis(draw: st.DrawFn, nd: int) -> int:
    a = draw(st.integers(0, nd - 1))
    return a - nd if draw(st.booleans()) else a


def _note(fun: Fun, **drawn: Any) -> Fun:
    setattr(fun, "note", " drawn " + ", ".join(f"{k}={v!r}" for k, v in drawn.items()))
    return fun


# --- rolling, rotating, axes -------------------------------------------------------------


@composite("roll")
def _roll(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 1))
    nd = x.ndim
    kind = draw(st.sampled_from(["none", "int", "tuple"]))
    if kind == "none":
        axis: Any = None
        shift: Any = draw(st.integers(-5, 5))
    elif kind == "int":
        axis, shift = _axis(draw, nd), draw(st.integers(-5, 5))
    else:
        k = draw(st.integers(1, 3))
        axis = tuple(_axis(draw, nd) for _ in range(k))
        shift = tuple(draw(st.integers(-4, 4)) for _ in range(k))
    return _note(lambda x: fnp.roll(x, shift, axis), shift=shift, axis=axis), (x,)


@composite("rot90")
def _rot90(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 2))
    nd = x.ndim
    a0 = _axis(draw, nd)
    a1 = draw(st.sampled_from([a for a in range(nd) if a != a0 % nd]))
    k = draw(st.integers(-2, 5))
    return _note(lambda x: fnp.rot90(x, k, (a0, a1)), k=k, axes=(a0, a1)), (x,)


@composite("rollaxis")
def _rollaxis(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 1))
    nd = x.ndim
    axis, start = _axis(draw, nd), draw(st.integers(-nd, nd))
    return _note(lambda x: fnp.rollaxis(x, axis, start), axis=axis, start=start), (x,)


@composite("matrix_transpose")
def _matrix_transpose(draw: st.DrawFn) -> Case:
    return (lambda x: fnp.matrix_transpose(x)), (_arr(draw, _dims(draw, 2)),)


@composite("permute_dims")
def _permute_dims(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 0))
    axes = None if draw(st.booleans()) else tuple(draw(st.permutations(list(range(x.ndim)))))
    return _note(lambda x: fnp.permute_dims(x, axes), axes=axes), (x,)


def _atleast(name: str) -> None:
    @composite(name)
    def draw_case(draw: st.DrawFn) -> Case:
        fn = getattr(fnp, name)
        xs = tuple(_arr(draw, _dims(draw, 0)) for _ in range(draw(st.integers(1, 2))))
        return (lambda *xs: fn(*xs)), xs


for _n in ("atleast_1d", "atleast_2d", "atleast_3d"):
    _atleast(_n)


# --- splitting ---------------------------------------------------------------------------


def _sections(draw: st.DrawFn, n: int, equal: bool) -> Any:
    if draw(st.booleans()):
        if equal:
            return draw(st.sampled_from([d for d in range(1, n + 1) if n % d == 0]))
        return draw(st.integers(1, n + 2))
    return sorted(draw(st.lists(st.integers(-n, n + 1), max_size=3)))


def _split_case(name: str, min_dims: int, axis_of: Callable[[int], Any]) -> None:
    @composite(name)
    def draw_case(draw: st.DrawFn) -> Case:
        x = _arr(draw, _dims(draw, min_dims, max(min_dims, 3), max_side=4))
        axis = axis_of(x.ndim)
        if axis is None:
            axis = _axis(draw, x.ndim)
        ax = {"hsplit": 1 if x.ndim > 1 else 0, "vsplit": 0, "dsplit": 2}.get(name, axis)
        ios = _sections(draw, x.shape[ax], name != "array_split")
        fn = getattr(fnp, name)
        if name in ("split", "array_split"):
            return _note(lambda x: fn(x, ios, axis), ios=ios, axis=axis), (x,)
        return _note(lambda x: fn(x, ios), ios=ios), (x,)


_split_case("split", 1, lambda nd: None)
_split_case("array_split", 1, lambda nd: None)
_split_case("hsplit", 1, lambda nd: 0)
_split_case("vsplit", 2, lambda nd: 0)
_split_case("dsplit", 3, lambda nd: 0)


@composite("unstack")
def _unstack(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 1))
    axis = _axis(draw, x.ndim)
    return _note(lambda x: fnp.unstack(x, axis=axis), axis=axis), (x,)


# --- joining -----------------------------------------------------------------------------


@composite("concat")
def _concat(draw: st.DrawFn) -> Case:
    base = list(_dims(draw, 1))
    axis: Any = _axis(draw, len(base))
    xs = []
    for _ in range(draw(st.integers(1, 3))):
        s = list(base)
        s[axis] = draw(st.integers(1, 3))
        xs.append(_arr(draw, tuple(s)))
    if draw(st.integers(0, 3)) == 0:
        axis = None
    return _note(lambda *xs: fnp.concat(list(xs), axis=axis), axis=axis), tuple(xs)


@composite("dstack")
def _dstack(draw: st.DrawFn) -> Case:
    nd = draw(st.integers(0, 3))
    s = _dims(draw, nd, nd)
    xs = []
    for _ in range(draw(st.integers(1, 3))):
        xs.append(_arr(draw, s if nd < 3 else s[:2] + (draw(st.integers(1, 2)),)))
    return (lambda *xs: fnp.dstack(xs)), tuple(xs)


@composite("column_stack")
def _column_stack(draw: st.DrawFn) -> Case:
    n = draw(st.integers(1, 3))
    xs = [_arr(draw, (n,) if draw(st.booleans()) else (n, draw(st.integers(1, 2)))) for _ in range(draw(st.integers(1, 3)))]
    return (lambda *xs: fnp.column_stack(list(xs))), tuple(xs)


@composite("row_stack")
def _row_stack(draw: st.DrawFn) -> Case:
    n = draw(st.integers(1, 3))
    xs = [_arr(draw, (n,) if draw(st.booleans()) else (draw(st.integers(1, 2)), n)) for _ in range(draw(st.integers(1, 3)))]
    return (lambda *xs: fnp.row_stack(xs)), tuple(xs)


@composite("block")
def _block(draw: st.DrawFn) -> Case:
    if draw(st.booleans()):  # a row of 1-D blocks and scalars
        xs = tuple(_arr(draw, (draw(st.integers(1, 3)),) if draw(st.booleans()) else ()) for _ in range(3))
        return (lambda a, b, c: fnp.block([a, b, c])), xs
    r1, r2, c1, c2 = (draw(st.integers(1, 2)) for _ in range(4))
    xs = (_arr(draw, (r1, c1)), _arr(draw, (r1, c2)), _arr(draw, (r2, c1)), _arr(draw, (r2, c2)))
    return (lambda a, b, c, d: fnp.block([[a, b], [c, d]])), xs


# --- adding and removing -----------------------------------------------------------------


@composite("append")
def _append(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 1))
    if draw(st.booleans()):
        return (lambda x, v: fnp.append(x, v)), (x, _arr(draw, _dims(draw, 0)))
    axis = _axis(draw, x.ndim)
    s = list(x.shape)
    s[axis] = draw(st.integers(1, 2))
    return _note(lambda x, v: fnp.append(x, v, axis=axis), axis=axis), (x, _arr(draw, tuple(s), x.dtype))


@composite("insert")
def _insert(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 1))
    axis = None if draw(st.booleans()) else _axis(draw, x.ndim)
    n = x.size if axis is None else x.shape[axis]
    if draw(st.booleans()):
        obj: Any = draw(st.integers(-n, n))
        vs: Any = () if axis is None else x.shape[: axis % x.ndim] + x.shape[axis % x.ndim + 1 :]
    else:
        obj = draw(st.lists(st.integers(0, n), min_size=1, max_size=3))
        vs = ()
    v = _arr(draw, vs)
    return _note(lambda x, v: fnp.insert(x, obj, v, axis), obj=obj, axis=axis), (x, v)


@composite("delete")
def _delete(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 1, max_side=4))
    axis = None if draw(st.booleans()) else _axis(draw, x.ndim)
    n = x.size if axis is None else x.shape[axis]
    kind = draw(st.sampled_from(["int", "list", "slice", "mask"]))
    obj: Any
    if kind == "int":
        obj = draw(st.integers(-n, n - 1))
    elif kind == "list":
        obj = draw(st.lists(st.integers(0, n - 1), max_size=3, unique=True))
    elif kind == "slice":
        obj = slice(draw(st.integers(0, n)), draw(st.integers(0, n)), draw(st.sampled_from([1, 2])))
    else:
        obj = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    return _note(lambda x: fnp.delete(x, obj, axis), obj=obj, axis=axis), (x,)


@composite("resize")
def _resize(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 0))
    new = _dims(draw, 0, 2, max_side=5)
    return _note(lambda x: fnp.resize(x, new), new_shape=new), (x,)


@composite("trim_zeros")
def _trim_zeros(draw: st.DrawFn) -> Case:
    core = _arr(draw, _dims(draw, 1, 2), domain=NONZERO)
    widths = tuple((draw(st.integers(0, 2)), draw(st.integers(0, 2))) for _ in range(core.ndim))
    trim = draw(st.sampled_from(["f", "b", "fb", "BF"]))
    axis = None if draw(st.booleans()) else _axis(draw, core.ndim)
    return (
        _note(lambda c: fnp.trim_zeros(fnp.pad(c, widths), trim, axis), widths=widths, trim=trim, axis=axis),
        (core,),
    )


# --- differences -------------------------------------------------------------------------


@composite("diff")
def _diff(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 1, max_side=4))
    axis = _axis(draw, x.ndim)
    n = draw(st.integers(0, 2))
    args = [x]
    kinds = []
    for _ in ("prepend", "append"):
        k = draw(st.sampled_from(["none", "scalar", "array"]))
        kinds.append(k)
        if k == "scalar":
            args.append(_arr(draw, (), x.dtype))
        elif k == "array":
            s = list(x.shape)
            s[axis] = draw(st.integers(1, 2))
            args.append(_arr(draw, tuple(s), x.dtype))

    def fun(x: Any, *extra: Any) -> Any:
        it = iter(extra)
        kw = {name: next(it) for name, k in zip(("prepend", "append"), kinds) if k != "none"}
        return fnp.diff(x, n, axis, **kw)

    return _note(fun, n=n, axis=axis, extras=kinds), tuple(args)


@composite("ediff1d")
def _ediff1d(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 0))
    begin = _arr(draw, _dims(draw, 0, 1), x.dtype) if draw(st.booleans()) else None
    end = _arr(draw, _dims(draw, 0, 1), x.dtype) if draw(st.booleans()) else None
    if begin is None and end is None:
        return (lambda x: fnp.ediff1d(x)), (x,)
    if begin is None:
        return (lambda x, e: fnp.ediff1d(x, to_end=e)), (x, end)
    if end is None:
        return (lambda x, b: fnp.ediff1d(x, to_begin=b)), (x, begin)
    return (lambda x, b, e: fnp.ediff1d(x, e, b)), (x, begin, end)


@composite("gradient")
def _gradient(draw: st.DrawFn) -> Case:
    edge_order = draw(st.integers(1, 2))
    nd = draw(st.integers(1, 2))
    s = tuple(draw(st.integers(edge_order + 1, 4)) for _ in range(nd))
    x = _arr(draw, s)
    kind = draw(st.sampled_from(["none", "int", "tuple"]))
    axes = list(range(nd)) if kind == "none" else [_axis(draw, nd)] if kind == "int" else [0, nd - 1][: nd]
    axis: Any = None if kind == "none" else axes[0] if kind == "int" else tuple(axes)
    spacing = draw(st.sampled_from(["none", "scalar", "each"]))
    coords: list[Any] = []
    if spacing == "scalar":
        coords = [draw(st.sampled_from([0.5, 2.0]))]
    elif spacing == "each":
        for a in axes:
            n = s[a]
            if draw(st.booleans()):
                coords.append(draw(st.sampled_from([0.5, 1.5])))
            else:  # increasing coordinates, at least 0.5 apart
                steps = _arr(draw, (n - 1,), np.float64, Domain(0.5, 1.5))
                coords.append(np.concatenate([[0.0], np.cumsum(steps)]))
    traced = [c for c in coords if np.ndim(c) == 1 and draw(st.booleans())]
    if traced:
        def fun(x: Any, *ts: Any) -> Any:
            it = iter(ts)
            hs = [next(it) if any(c is t for t in traced) else c for c in coords]
            return fnp.gradient(x, *hs, axis=axis, edge_order=edge_order)

        return _note(fun, axis=axis, edge_order=edge_order, spacing=spacing), (x, *traced)
    return (
        _note(lambda x: fnp.gradient(x, *coords, axis=axis, edge_order=edge_order),
              axis=axis, edge_order=edge_order, coords=coords),
        (x,),
    )


@composite("unwrap")
def _unwrap(draw: st.DrawFn) -> Case:
    # steps away from the jumps of the correction (odd multiples of pi)
    n = draw(st.integers(2, 5))
    steps = _arr(draw, (n,), np.float64, Domain(-8.0, 8.0, avoid=(-3 * np.pi, -np.pi, np.pi, 3 * np.pi), margin=0.3))
    x = np.cumsum(steps).astype(draw(float_dtypes()))
    if draw(st.booleans()):
        return (lambda x: fnp.unwrap(x)), (x,)
    return (lambda x: fnp.unwrap(fnp.stack([x, -x]), axis=1)), (x,)


# --- diagonals, broadcasting, grids -------------------------------------------------------


@composite("diagflat")
def _diagflat(draw: st.DrawFn) -> Case:
    k = draw(st.integers(-2, 2))
    return _note(lambda v: fnp.diagflat(v, k), k=k), (_arr(draw, _dims(draw, 0, 2)),)


@composite("broadcast_arrays")
def _broadcast_arrays(draw: st.DrawFn) -> Case:
    sa, sb = draw(broadcastable_shapes(2, max_side=3))
    return (lambda a, b: fnp.broadcast_arrays(a, b)), (_arr(draw, sa), _arr(draw, sb))


@composite("meshgrid")
def _meshgrid(draw: st.DrawFn) -> Case:
    xs = tuple(_arr(draw, _dims(draw, 0, 1)) for _ in range(draw(st.integers(1, 3))))
    indexing = draw(st.sampled_from(["xy", "ij"]))
    sparse = draw(st.booleans())
    return _note(lambda *xs: fnp.meshgrid(*xs, indexing=indexing, sparse=sparse),
                 indexing=indexing, sparse=sparse), xs


@composite("r_")
def _r(draw: st.DrawFn) -> Case:
    x, y = _arr(draw, _dims(draw, 0, 1)), _arr(draw, _dims(draw, 1, 1))
    if draw(st.booleans()):
        return (lambda x, y: fnp.r_[x, 0.5, 1:3, y]), (x, y)
    z = _arr(draw, (2, 3))
    return (lambda z, y: fnp.r_["1", z, fnp.reshape(fnp.concatenate([y, y]), (2, -1))]), (z, y)


@composite("c_")
def _c(draw: st.DrawFn) -> Case:
    n = draw(st.integers(1, 3))
    x = _arr(draw, (n,))
    y = _arr(draw, (n,) if draw(st.booleans()) else (n, 2))
    return (lambda x, y: fnp.c_[x, y, 0:n]), (x, y)


@composite("apply_along_axis")
def _apply_along_axis(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 1))
    axis = _axis(draw, x.ndim)
    which = draw(st.sampled_from(["scalar", "same", "pair"]))
    f1: Fun = {
        "scalar": lambda r: fnp.sum(r * r),
        "same": lambda r: r * fnp.sum(r),
        "pair": lambda r: fnp.stack([fnp.sum(r), r[0] * r[-1]]),
    }[which]
    return _note(lambda x: fnp.apply_along_axis(f1, axis, x), axis=axis, func=which), (x,)


@composite("apply_over_axes")
def _apply_over_axes(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 1))
    axes = draw(st.lists(st.integers(0, x.ndim - 1), min_size=1, max_size=2, unique=True))
    return _note(lambda x: fnp.apply_over_axes(fnp.sum, x * x, axes), axes=axes), (x,)


# --- indexing ----------------------------------------------------------------------------


def _rng(draw: st.DrawFn) -> np.random.Generator:
    return np.random.default_rng(draw(st.integers(0, 2**32 - 1)))


@composite("take_along_axis")
def _take_along_axis(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 1))
    rng = _rng(draw)
    if draw(st.integers(0, 3)) == 0:
        idx = rng.integers(0, x.size, draw(st.integers(0, 4)))
        return _note(lambda x: fnp.take_along_axis(x, idx, None), idx=idx), (x,)
    axis = _axis(draw, x.ndim)
    s = list(x.shape)
    s[axis] = draw(st.integers(0, 4))
    if draw(st.booleans()):
        s = [1 if (i != axis % x.ndim and draw(st.booleans())) else n for i, n in enumerate(s)]
    idx = rng.integers(-x.shape[axis], x.shape[axis], s)
    return _note(lambda x: fnp.take_along_axis(x, idx, axis), idx=idx, axis=axis), (x,)


@composite("put_along_axis")
def _put_along_axis(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 1))
    axis = _axis(draw, x.ndim)
    rng = _rng(draw)
    s = list(x.shape)
    s[axis] = draw(st.integers(1, x.shape[axis]))
    idx = np.stack([rng.permutation(x.shape[axis])[: s[axis]] for _ in range(int(np.prod(s)) // s[axis])])
    idx = np.moveaxis(idx.reshape([n for i, n in enumerate(s) if i != axis % x.ndim] + [s[axis]]), -1, axis)
    v = _arr(draw, tuple(s) if draw(st.booleans()) else (), x.dtype)
    return _note(lambda x, v: fnp.put_along_axis(x, idx, v, axis), idx=idx, axis=axis), (x, v)


@composite("choose")
def _choose(draw: st.DrawFn) -> Case:
    shs = draw(broadcastable_shapes(3, max_side=3))
    k = draw(st.integers(1, 3))
    rng = _rng(draw)
    mode = draw(st.sampled_from(["raise", "wrap", "clip"]))
    hi = k if mode == "raise" else k + 2
    a = rng.integers(0 if mode == "raise" else -1, hi, shs[0])
    cs = tuple(_arr(draw, shs[1 + (i % 2)]) for i in range(k))
    return _note(lambda *cs: fnp.choose(a, list(cs), mode=mode), a=a, mode=mode), cs


@composite("select")
def _select(draw: st.DrawFn) -> Case:
    shs = draw(broadcastable_shapes(3, max_side=3))
    rng = _rng(draw)
    conds = [rng.random(shs[0]) < 0.4, rng.random(shs[1]) < 0.5]
    cs = (_arr(draw, shs[1]), _arr(draw, shs[2]))
    if draw(st.booleans()):
        return (lambda a, b, d: fnp.select(conds, [a, b], d)), cs + (_arr(draw, ()),)
    return (lambda a, b: fnp.select(conds, [a, b])), cs


@composite("compress")
def _compress(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 1))
    axis = None if draw(st.booleans()) else _axis(draw, x.ndim)
    n = x.size if axis is None else x.shape[axis]
    cond = draw(st.lists(st.booleans(), min_size=0, max_size=n))
    return _note(lambda x: fnp.compress(cond, x, axis), cond=cond, axis=axis), (x,)


@composite("extract")
def _extract(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 0))
    cond = _rng(draw).random(x.shape) < 0.5
    return _note(lambda x: fnp.extract(cond, x), cond=cond), (x,)


@composite("partition")
def _partition(draw: st.DrawFn) -> Case:
    x = draw(separated_arrays(_dims(draw, 1, max_side=4)))
    axis = None if draw(st.integers(0, 3)) == 0 else _axis(draw, x.ndim)
    n = x.size if axis is None else x.shape[axis]
    kth: Any = draw(st.integers(-n, n - 1)) if draw(st.booleans()) else sorted(
        draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=2, unique=True)))
    return _note(lambda x: fnp.partition(x, kth, axis), kth=kth, axis=axis), (x,)


@composite("put")
def _put(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 1))
    mode = draw(st.sampled_from(["raise", "wrap", "clip"]))
    n = x.size
    lo, hi = (-n, n - 1) if mode == "raise" else (-2 * n, 2 * n)
    ind = draw(st.lists(st.integers(lo, hi), min_size=1, max_size=4))
    v = _arr(draw, (draw(st.integers(1, 3)),), x.dtype)
    return _note(lambda x, v: fnp.put(x, ind, v, mode=mode), ind=ind, mode=mode), (x, v)


@composite("place")
def _place(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 1))
    mask = _rng(draw).random(x.shape) < 0.5
    v = _arr(draw, (draw(st.integers(1, 3)),), x.dtype)
    return _note(lambda x, v: fnp.place(x, mask, v), mask=mask), (x, v)


@composite("putmask")
def _putmask(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 1))
    mask = _rng(draw).random(x.shape) < 0.5
    v = _arr(draw, (draw(st.integers(1, 3)),), x.dtype)
    return _note(lambda x, v: fnp.putmask(x, mask, v), mask=mask), (x, v)


@composite("copyto")
def _copyto(draw: st.DrawFn) -> Case:
    sd, ss = draw(broadcastable_shapes(2, max_side=3))
    sd = np.broadcast_shapes(sd, ss)
    dt = draw(float_dtypes())
    d, s = _arr(draw, sd, np.float64), _arr(draw, ss, dt)
    where = True if draw(st.booleans()) else _rng(draw).random(sd) < 0.5
    return _note(lambda d, s: fnp.copyto(d, s, where=where), where=where), (d, s)


@composite("fill_diagonal")
def _fill_diagonal(draw: st.DrawFn) -> Case:
    if draw(st.booleans()):
        s: Any = (draw(st.integers(1, 6)), draw(st.integers(1, 3)))
    else:
        s = (draw(st.integers(1, 3)),) * draw(st.integers(2, 3))
    x = _arr(draw, s)
    wrap = draw(st.booleans())
    v = _arr(draw, _dims(draw, 0, 1), x.dtype)
    return _note(lambda x, v: fnp.fill_diagonal(x, v, wrap), wrap=wrap), (x, v)


# --- products ----------------------------------------------------------------------------


@composite("kron")
def _kron(draw: st.DrawFn) -> Case:
    return (lambda a, b: fnp.kron(a, b)), (_arr(draw, _dims(draw, 0, 2)), _arr(draw, _dims(draw, 0, 3, 2)))


@composite("tensordot")
def _tensordot(draw: st.DrawFn) -> Case:
    k = draw(st.integers(0, 2))
    shared = _dims(draw, k, k)
    fa, fb = _dims(draw, 0, 2), _dims(draw, 0, 2)
    if draw(st.booleans()):
        a, b = _arr(draw, fa + shared), _arr(draw, shared + fb)
        return _note(lambda a, b: fnp.tensordot(a, b, k), axes=k), (a, b)
    pa = draw(st.permutations(list(range(len(fa) + k))))
    pb = draw(st.permutations(list(range(k + len(fb)))))
    sa = tuple((fa + shared)[i] for i in pa)
    sb = tuple((shared + fb)[i] for i in pb)
    axes_a = [list(pa).index(len(fa) + i) for i in range(k)]
    axes_b = [list(pb).index(i) for i in range(k)]
    return _note(lambda a, b: fnp.tensordot(a, b, (axes_a, axes_b)), axes=(axes_a, axes_b)), (_arr(draw, sa), _arr(draw, sb))


@composite("cross")
def _cross(draw: st.DrawFn) -> Case:
    na, nb = draw(st.sampled_from([3, 2])), draw(st.sampled_from([3, 2]))
    ba, bb = draw(broadcastable_shapes(2, max_dims=2, max_side=2))
    a, b = _arr(draw, ba + (na,)), _arr(draw, bb + (nb,))
    axisa = 0 if draw(st.booleans()) else -1
    if axisa == 0:
        a = np.moveaxis(a, -1, 0)

    def fun(a: Any, b: Any) -> Any:
        with warnings.catch_warnings():  # NumPy 2 deprecates 2-vectors; fad follows it
            warnings.simplefilter("ignore", DeprecationWarning)
            return fnp.cross(a, b, axisa=axisa)

    return _note(fun, axisa=axisa), (a, b)


@composite("vecdot")
def _vecdot(draw: st.DrawFn) -> Case:
    n = draw(st.integers(1, 3))
    ba, bb = draw(broadcastable_shapes(2, max_dims=2, max_side=2))
    a, b = _arr(draw, ba + (n,)), _arr(draw, bb + (n,))
    if draw(st.booleans()):
        return (lambda a, b: fnp.vecdot(a, b)), (a, b)
    return (lambda a, b: np.vecdot(a, b)), (a, b)


@composite("matvec")
def _matvec(draw: st.DrawFn) -> Case:
    m, n = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    ba, bb = draw(broadcastable_shapes(2, max_dims=2, max_side=2))
    return (lambda a, b: fnp.matvec(a, b)), (_arr(draw, ba + (m, n)), _arr(draw, bb + (n,)))


@composite("vecmat")
def _vecmat(draw: st.DrawFn) -> Case:
    m, n = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    ba, bb = draw(broadcastable_shapes(2, max_dims=2, max_side=2))
    return (lambda a, b: np.vecmat(a, b)), (_arr(draw, ba + (n,)), _arr(draw, bb + (n, m)))


# --- the family's older public functions (made of _base primitives) ----------------------


@composite("ravel")
def _ravel(draw: st.DrawFn) -> Case:
    order = draw(st.sampled_from(["C", "F"]))
    return _note(lambda x: fnp.ravel(x, order), order=order), (_arr(draw),)


@composite("expand_dims")
def _expand_dims(draw: st.DrawFn) -> Case:
    x = _arr(draw)
    axis = draw(st.integers(-(x.ndim + 1), x.ndim))
    return _note(lambda x: fnp.expand_dims(x, axis), axis=axis), (x,)


@composite("squeeze")
def _squeeze(draw: st.DrawFn) -> Case:
    s = _dims(draw, 0)
    s = tuple(1 if draw(st.booleans()) else n for n in s)
    ones = [i for i, n in enumerate(s) if n == 1]
    axis = None if not ones or draw(st.booleans()) else draw(st.sampled_from(ones))
    return _note(lambda x: fnp.squeeze(x, axis), axis=axis), (_arr(draw, s),)


@composite("swapaxes")
def _swapaxes(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 1))
    a, b = _axis(draw, x.ndim), _axis(draw, x.ndim)
    return _note(lambda x: fnp.swapaxes(x, a, b), axes=(a, b)), (x,)


@composite("stack")
def _stack(draw: st.DrawFn) -> Case:
    s = _dims(draw, 0, 2)
    axis = draw(st.integers(-(len(s) + 1), len(s)))
    xs = tuple(_arr(draw, s) for _ in range(draw(st.integers(1, 3))))
    return _note(lambda *xs: fnp.stack(xs, axis), axis=axis), xs


@composite("hstack")
def _hstack(draw: st.DrawFn) -> Case:
    r = draw(st.integers(1, 3))
    nd = draw(st.integers(1, 2))
    xs = tuple(_arr(draw, (draw(st.integers(1, 3)),) if nd == 1 else (r, draw(st.integers(1, 3))))
               for _ in range(draw(st.integers(1, 3))))
    return (lambda *xs: fnp.hstack(xs)), xs


@composite("vstack")
def _vstack(draw: st.DrawFn) -> Case:
    return _row_stack(draw)


def _flip_like(name: str, min_dims: int) -> None:
    @composite(name)
    def draw_case(draw: st.DrawFn) -> Case:
        fn = getattr(fnp, name)
        return (lambda x: fn(x)), (_arr(draw, _dims(draw, min_dims)),)


_flip_like("fliplr", 2)
_flip_like("flipud", 1)


@composite("flip")
def _flip(draw: st.DrawFn) -> Case:
    x = _arr(draw)
    axis: Any = None if x.ndim == 0 or draw(st.booleans()) else _axis(draw, x.ndim)
    return _note(lambda x: fnp.flip(x, axis), axis=axis), (x,)


def _triangle(name: str) -> None:
    @composite(name)
    def draw_case(draw: st.DrawFn) -> Case:
        fn = getattr(fnp, name)
        k = draw(st.integers(-2, 2))
        return _note(lambda x: fn(x, k), k=k), (_arr(draw, _dims(draw, 1)),)


_triangle("tril")
_triangle("triu")


@composite("diag")
def _diag(draw: st.DrawFn) -> Case:
    k = draw(st.integers(-2, 2))
    return _note(lambda v: fnp.diag(v, k), k=k), (_arr(draw, _dims(draw, 1, 2)),)


@composite("diagonal")
def _diagonal(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 2))
    a1 = _axis(draw, x.ndim)
    a2 = draw(st.sampled_from([a for a in range(x.ndim) if a != a1 % x.ndim]))
    off = draw(st.integers(-2, 2))
    return _note(lambda x: fnp.diagonal(x, off, a1, a2), offset=off, axes=(a1, a2)), (x,)


@composite("trace")
def _trace(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 2))
    a1 = _axis(draw, x.ndim)
    a2 = draw(st.sampled_from([a for a in range(x.ndim) if a != a1 % x.ndim]))
    off = draw(st.integers(-1, 1))
    return _note(lambda x: fnp.trace(x, off, a1, a2), offset=off, axes=(a1, a2)), (x,)


@composite("tile")
def _tile(draw: st.DrawFn) -> Case:
    reps = tuple(draw(st.lists(st.integers(1, 2), max_size=3)))
    return _note(lambda x: fnp.tile(x, reps), reps=reps), (_arr(draw),)


@composite("repeat")
def _repeat(draw: st.DrawFn) -> Case:
    x = _arr(draw)
    if x.ndim == 0 or draw(st.booleans()):
        r: Any = draw(st.integers(0, 2))
        return _note(lambda x: fnp.repeat(x, r), repeats=r), (x,)
    axis = _axis(draw, x.ndim)
    r = draw(st.lists(st.integers(0, 2), min_size=x.shape[axis], max_size=x.shape[axis]))
    return _note(lambda x: fnp.repeat(x, r, axis), repeats=r, axis=axis), (x,)


@composite("sort")
def _sort(draw: st.DrawFn) -> Case:
    x = draw(separated_arrays(_dims(draw, 1)))
    axis = None if draw(st.integers(0, 3)) == 0 else _axis(draw, x.ndim)
    return _note(lambda x: fnp.sort(x, axis), axis=axis), (x,)


@composite("pad")
def _pad(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 1, 2))
    mode = draw(st.sampled_from(["constant", "edge", "reflect", "symmetric", "wrap", "linear_ramp", "mean",
                                 "maximum", "minimum", "median"]))
    if mode in ("maximum", "minimum", "median"):  # no ties: the picked entries stay put under a small step
        x = draw(separated_arrays(x.shape, x.dtype))
    widths = tuple((draw(st.integers(0, 3)), draw(st.integers(0, 3))) for _ in range(x.ndim))
    if mode == "constant" and draw(st.booleans()):
        return _note(lambda x, c: fnp.pad(x, widths, constant_values=c), widths=widths), (x, _arr(draw, (), x.dtype))
    kw: dict[str, Any] = {}
    if mode in ("reflect", "symmetric"):
        kw["reflect_type"] = draw(st.sampled_from(["even", "odd"]))
    elif mode == "linear_ramp":
        kw["end_values"] = draw(st.sampled_from([0, 1.5, ((1.0, -1.0),)]))
    elif mode in ("mean", "maximum", "minimum", "median"):
        kw["stat_length"] = draw(st.sampled_from([None, 1, 2, ((1, 2),)]))
    return _note(lambda x: fnp.pad(x, widths, mode=mode, **kw), widths=widths, mode=mode, **kw), (x,)


@composite("take")
def _take(draw: st.DrawFn) -> Case:
    x = _arr(draw, _dims(draw, 1))
    axis = None if draw(st.booleans()) else _axis(draw, x.ndim)
    n = x.size if axis is None else x.shape[axis]
    mode = draw(st.sampled_from(["raise", "wrap", "clip"]))
    lo, hi = (-n, n - 1) if mode == "raise" else (-2 * n, 2 * n)
    idx = np.array(draw(st.lists(st.integers(lo, hi), max_size=4)), dtype=np.intp)
    return _note(lambda x: fnp.take(x, idx, axis, mode=mode), idx=idx, axis=axis, mode=mode), (x,)


@composite("outer")
def _outer(draw: st.DrawFn) -> Case:
    return (lambda a, b: fnp.outer(a, b)), (_arr(draw), _arr(draw))


@composite("inner")
def _inner(draw: st.DrawFn) -> Case:
    n = draw(st.integers(1, 3))
    return (lambda a, b: fnp.inner(a, b)), (_arr(draw, _dims(draw, 0, 2) + (n,)), _arr(draw, _dims(draw, 0, 1) + (n,)))


@composite("vdot")
def _vdot(draw: st.DrawFn) -> Case:
    s = _dims(draw, 0)
    return (lambda a, b: fnp.vdot(a, b)), (_arr(draw, s), _arr(draw, s[::-1]))


@composite("dot")
def _dot(draw: st.DrawFn) -> Case:
    k = draw(st.integers(1, 3))
    kx, ky = draw(st.sampled_from(["0d", "1d", "nd"])), draw(st.sampled_from(["0d", "1d", "nd"]))
    sx = {"0d": (), "1d": (k,), "nd": _dims(draw, 0, 2) + (k,)}[kx]
    tail = (draw(st.integers(1, 3)),)  # y's contracted axis is its second-to-last
    sy = {"0d": (), "1d": (k,), "nd": _dims(draw, 0, 1) + (k,) + tail}[ky]
    return (lambda a, b: fnp.dot(a, b)), (_arr(draw, sx), _arr(draw, sy))
