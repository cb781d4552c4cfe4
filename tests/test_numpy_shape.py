"""fad.numpy's shape, indexing and product functions against NumPy: values
(untraced and traced) for keyword variants, plain NumPy dispatch, lists
holding Tracers, error messages, conventions at kinks, the cost of splits, and
batched Jacobians (jacrev/jacfwd) against a loop of single sweeps.

The derivatives themselves are checked at orders 1 and 2 from the drawers in
tests/_catalogue_shape.py (tests/test_rules.py::test_composites).
"""

from __future__ import annotations

import math
import warnings
from typing import Any, Callable

import numpy as np
import pytest

import fad
import fad.numpy as fnp
from fad.testing import check_grads
from fad.testing._culprit import applications

RNG = np.random.default_rng(0)
X = RNG.normal(size=(3, 4))
X3 = RNG.normal(size=(2, 3, 4))
V = RNG.normal(size=3)


def _traced_value(f: Callable[..., Any], *args: Any) -> Any:
    out, _ = fad.vjp(f)(*args)
    return out


def _in_place(np_f: Callable[..., Any]) -> Callable[..., Any]:
    """NumPy's in-place writer as a function returning the written copy."""

    def run(a: Any, *rest: Any, **kw: Any) -> Any:
        a = np.array(a, copy=True)
        np_f(a, *rest, **kw)
        return a

    return run


def _assert_same(got: Any, want: Any) -> None:
    if isinstance(want, (list, tuple)):
        assert isinstance(got, (list, tuple)) and len(got) == len(want)
        for g, w in zip(got, want):
            _assert_same(g, w)
        return
    assert np.shape(got) == np.shape(want)
    assert np.asarray(got).dtype == np.asarray(want).dtype
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-13)


# (name, fad function, NumPy's function, arguments): every one runs untraced and traced
CASES: list[tuple[str, Callable[..., Any], Callable[..., Any], tuple[Any, ...]]] = [
    ("roll_tuple", lambda x: fnp.roll(x, (1, -5, 2), (0, 1, 0)), lambda x: np.roll(x, (1, -5, 2), (0, 1, 0)), (X,)),
    ("roll_flat", lambda x: fnp.roll(x, 5), lambda x: np.roll(x, 5), (X,)),
    *[(f"rot90_{k}", (lambda k: lambda x: fnp.rot90(x, k, (2, 0)))(k), (lambda k: lambda x: np.rot90(x, k, (2, 0)))(k), (X3,))
      for k in (-1, 0, 1, 2, 3)],
    ("rollaxis", lambda x: fnp.rollaxis(x, 2, 1), lambda x: np.rollaxis(x, 2, 1), (X3,)),
    ("rollaxis_end", lambda x: fnp.rollaxis(x, 0, 3), lambda x: np.rollaxis(x, 0, 3), (X3,)),
    ("matrix_transpose", fnp.matrix_transpose, np.matrix_transpose, (X3,)),
    ("permute_dims", lambda x: fnp.permute_dims(x, (1, 2, 0)), lambda x: np.permute_dims(x, (1, 2, 0)), (X3,)),
    ("atleast_3d", lambda x: fnp.atleast_3d(x, x[0], x[0, 0]), lambda x: np.atleast_3d(x, x[0], x[0, 0]), (X,)),
    ("atleast_2d", lambda x: fnp.atleast_2d(x[0]), lambda x: np.atleast_2d(x[0]), (X,)),
    ("split_points", lambda x: fnp.split(x, [1, -1, 10], axis=1), lambda x: np.split(x, [1, -1, 10], axis=1), (X,)),
    ("split_equal", lambda x: fnp.split(x, 2, axis=-1), lambda x: np.split(x, 2, axis=-1), (X,)),
    ("array_split", lambda x: fnp.array_split(x, 3, 1), lambda x: np.array_split(x, 3, 1), (X,)),
    ("array_split_unsorted", lambda x: fnp.array_split(x, [3, 1]), lambda x: np.array_split(x, [3, 1]), (X,)),
    ("hsplit", lambda x: fnp.hsplit(x, 2), lambda x: np.hsplit(x, 2), (X,)),
    ("vsplit", lambda x: fnp.vsplit(x, [1]), lambda x: np.vsplit(x, [1]), (X,)),
    ("dsplit", lambda x: fnp.dsplit(x, 2), lambda x: np.dsplit(x, 2), (X3,)),
    ("unstack", lambda x: fnp.unstack(x, axis=1), lambda x: np.unstack(x, axis=1), (X3,)),
    ("concat_none", lambda x: fnp.concat([x, x[0]], axis=None), lambda x: np.concat([x, x[0]], axis=None), (X,)),
    ("concat_dtype", lambda x: fnp.concat([x, x], dtype=np.float32), lambda x: np.concat([x, x], dtype=np.float32), (X,)),
    ("stack_dtype", lambda x: fnp.stack([x, x], 1, dtype=np.float32), lambda x: np.stack([x, x], 1, dtype=np.float32), (X,)),
    ("dstack", lambda x: fnp.dstack([x, x]), lambda x: np.dstack([x, x]), (X,)),
    ("column_stack", lambda x: fnp.column_stack([x[0], x.T]), lambda x: np.column_stack([x[0], x.T]), (X,)),
    ("block", lambda x: fnp.block([[x, x[:, :1]], [x[:1], 1.0]]), lambda x: np.block([[x, x[:, :1]], [x[:1], 1.0]]), (X,)),
    ("block_1d", lambda x: fnp.block([x[0], 1.0]), lambda x: np.block([x[0], 1.0]), (X,)),
    ("append", lambda x: fnp.append(x, x, 0), lambda x: np.append(x, x, 0), (X,)),
    ("append_flat", lambda x: fnp.append(x, 2.0), lambda x: np.append(x, 2.0), (X,)),
    ("insert_list", lambda x: fnp.insert(x, [1, 2], 5.0, 1), lambda x: np.insert(x, [1, 2], 5.0, 1), (X,)),
    ("insert_row", lambda x: fnp.insert(x, 1, x[0] * 2, axis=0), lambda x: np.insert(x, 1, x[0] * 2, axis=0), (X,)),
    ("insert_slice", lambda x: fnp.insert(x, slice(0, 3), 7.0), lambda x: np.insert(x, slice(0, 3), 7.0), (X,)),
    ("insert_casts", lambda x: fnp.insert(x.astype(np.float32), 1, x[0, 0]),
     lambda x: np.insert(x.astype(np.float32), 1, x[0, 0]), (X,)),
    ("delete_slice", lambda x: fnp.delete(x, slice(0, 2), 1), lambda x: np.delete(x, slice(0, 2), 1), (X,)),
    ("delete_mask", lambda x: fnp.delete(x, x[:, 0] > 0, 0), lambda x: np.delete(x, x[:, 0] > 0, 0), (X,)),
    ("resize", lambda x: fnp.resize(x, (5, 5)), lambda x: np.resize(x, (5, 5)), (X,)),
    ("diff", lambda x: fnp.diff(x, 2, 0, prepend=1.0, append=x[:1]), lambda x: np.diff(x, 2, 0, prepend=1.0, append=x[:1]), (X,)),
    ("diff_n0", lambda x: fnp.diff(x, 0, prepend=1.0), lambda x: np.diff(x, 0, prepend=1.0), (X,)),
    ("ediff1d", lambda x: fnp.ediff1d(x, to_end=[1.0, 2.0], to_begin=3.0), lambda x: np.ediff1d(x, to_end=[1.0, 2.0], to_begin=3.0), (X,)),
    *[(f"gradient_{eo}_{i}", (lambda eo, sp, kw: lambda x: fnp.gradient(x, *sp, edge_order=eo, **kw))(eo, sp, kw),
       (lambda eo, sp, kw: lambda x: np.gradient(x, *sp, edge_order=eo, **kw))(eo, sp, kw), (X,))
      for eo in (1, 2)
      for i, (sp, kw) in enumerate([
          ((), {}), ((0.5,), {}), ((0.5, np.array([0.0, 1.0, 3.0, 3.5])), {}),
          ((np.array([0.0, 1.0, 3.0, 3.5]),), {"axis": -1}), ((2.0, 3.0), {"axis": (1, 0)}),
          ((np.array([0.0, 2.0, 4.0]),), {"axis": 0}),
      ])],
    ("gradient_float32", lambda x: fnp.gradient(x, np.array([0.0, 1.0, 3.0, 3.5]), axis=1),
     lambda x: np.gradient(x, np.array([0.0, 1.0, 3.0, 3.5]), axis=1), (X.astype(np.float32),)),
    ("unwrap", fnp.unwrap, np.unwrap, (np.cumsum(RNG.normal(size=10) * 3),)),
    ("unwrap_float32", fnp.unwrap, np.unwrap, (np.cumsum(RNG.normal(size=10) * 3).astype(np.float32),)),
    ("unwrap_period", lambda p: fnp.unwrap(p, period=3.0, discont=2.0), lambda p: np.unwrap(p, period=3.0, discont=2.0),
     (np.cumsum(RNG.normal(size=10) * 3),)),
    ("unwrap_half_turn", fnp.unwrap, np.unwrap, (np.array([0.0, np.pi, 0.0, -np.pi]),)),
    ("diagflat", lambda x: fnp.diagflat(x, 1), lambda x: np.diagflat(x, 1), (X,)),
    ("broadcast_arrays", lambda x: fnp.broadcast_arrays(x, x[:1], 2.0), lambda x: np.broadcast_arrays(x, x[:1], 2.0), (X,)),
    *[(f"meshgrid_{ix}_{sp}", (lambda ix, sp: lambda x: fnp.meshgrid(x[0], x[1, :2], x[2, :3], indexing=ix, sparse=sp))(ix, sp),
       (lambda ix, sp: lambda x: np.meshgrid(x[0], x[1, :2], x[2, :3], indexing=ix, sparse=sp))(ix, sp), (X,))
      for ix in ("xy", "ij") for sp in (False, True)],
    ("r_", lambda x: fnp.r_[x[0], 0.0, 1:3, x[1]], lambda x: np.r_[x[0], 0.0, 1:3, x[1]], (X,)),
    ("r_linspace", lambda x: fnp.r_[x[0], 0:1:3j], lambda x: np.r_[x[0], 0:1:3j], (X,)),
    ("r_directive", lambda x: fnp.r_["0,2,0", x[0], x[1]], lambda x: np.r_["0,2,0", x[0], x[1]], (X,)),
    ("r_axis", lambda x: fnp.r_["-1", x, x], lambda x: np.r_["-1", x, x], (X,)),
    ("c_", lambda x: fnp.c_[x[0], x[1]], lambda x: np.c_[x[0], x[1]], (X,)),
    ("c_2d", lambda x: fnp.c_[x, x, 0:3], lambda x: np.c_[x, x, 0:3], (X,)),
    ("apply_along_axis", lambda x: fnp.apply_along_axis(lambda r: fnp.stack([fnp.sum(r), r[0]]), 1, x),
     lambda x: np.apply_along_axis(lambda r: np.stack([np.sum(r), r[0]]), 1, x), (X3,)),
    ("apply_over_axes", lambda x: fnp.apply_over_axes(fnp.sum, x, [0, 2]), lambda x: np.apply_over_axes(np.sum, x, [0, 2]), (X3,)),
    ("sort_stable", lambda x: fnp.sort(x, 0, stable=True), lambda x: np.sort(x, 0, stable=True), (X,)),
    ("ravel_F", lambda x: fnp.ravel(x, "F"), lambda x: np.ravel(x, "F"), (X,)),
    ("repeat_array", lambda x: fnp.repeat(x, [1, 0, 2], axis=0), lambda x: np.repeat(x, [1, 0, 2], axis=0), (X,)),
    ("diagonal", lambda x: fnp.diagonal(x, 1, 2, 0), lambda x: np.diagonal(x, 1, 2, 0), (X3,)),
    ("trace", lambda x: fnp.trace(x, -1, 1, 2, dtype=np.float32), lambda x: np.trace(x, -1, 1, 2, dtype=np.float32), (X3,)),
    *[(f"pad_{m}", (lambda m: lambda x: fnp.pad(x, ((1, 2), (3, 0)), mode=m))(m), (lambda m: lambda x: np.pad(x, ((1, 2), (3, 0)), mode=m))(m), (X,))
      for m in ("constant", "edge", "reflect", "symmetric", "wrap", "linear_ramp", "mean", "maximum", "minimum", "median")],
    *[(f"pad_{i}", (lambda kw: lambda x: fnp.pad(x, ((1, 6), (5, 0)), **kw))(kw), (lambda kw: lambda x: np.pad(x, ((1, 6), (5, 0)), **kw))(kw), (X,))
      for i, kw in enumerate([
          {"mode": "reflect", "reflect_type": "odd"}, {"mode": "symmetric", "reflect_type": "odd"},
          {"mode": "linear_ramp", "end_values": ((1.0, 2.0), (-3.0, 0.0))}, {"mode": "mean", "stat_length": ((1, 2), (3, 1))},
          {"mode": "constant", "constant_values": ((1.0, 2.0), (3.0, 4.0))},
          {"mode": "maximum", "stat_length": ((1, 2), (3, 1))}, {"mode": "median", "stat_length": 2},
          {"mode": "median", "stat_length": ((3, 1), (2, 1))}, {"mode": "minimum", "stat_length": 10},
      ])],
    # indexing
    ("take_clip", lambda x: fnp.take(x, [5, -7, 1], 1, mode="clip"), lambda x: np.take(x, [5, -7, 1], 1, mode="clip"), (X,)),
    ("take_wrap", lambda x: fnp.take(x, [15, -7, 1], mode="wrap"), lambda x: np.take(x, [15, -7, 1], mode="wrap"), (X,)),
    ("take_along_axis", lambda x: fnp.take_along_axis(x, np.argsort(X, 0), 0), lambda x: np.take_along_axis(x, np.argsort(X, 0), 0), (X,)),
    ("take_along_axis_bcast", lambda x: fnp.take_along_axis(x, np.array([[2], [0], [1]]), 1),
     lambda x: np.take_along_axis(x, np.array([[2], [0], [1]]), 1), (X,)),
    ("take_along_axis_none", lambda x: fnp.take_along_axis(x, np.array([3, 1]), None),
     lambda x: np.take_along_axis(x, np.array([3, 1]), None), (X,)),
    ("put_along_axis", lambda x: fnp.put_along_axis(x, np.array([[1, 3]] * 3), x[:, :2] * 2, 1),
     lambda x: _in_place(np.put_along_axis)(x, np.array([[1, 3]] * 3), x[:, :2] * 2, 1), (X,)),
    ("put_along_axis_none", lambda x: fnp.put_along_axis(x, np.array([3, 1]), 7.0, None),
     lambda x: _in_place(np.put_along_axis)(x, np.array([3, 1]), 7.0, None), (X,)),
    *[(f"choose_{m}", (lambda m: lambda x: fnp.choose(np.array([[0, 1, 2, 0], [2, 2, 1, 0], [1, 0, 0, 0]]) + (m != "raise") * 2, [x, x * 2, x[0]], mode=m))(m),
       (lambda m: lambda x: np.choose(np.array([[0, 1, 2, 0], [2, 2, 1, 0], [1, 0, 0, 0]]) + (m != "raise") * 2, [x, x * 2, x[0]], mode=m))(m), (X,))
      for m in ("raise", "wrap", "clip")],
    ("select", lambda x: fnp.select([X < 0, X > 1], [x, x * 3], default=-1.0), lambda x: np.select([X < 0, X > 1], [x, x * 3], default=-1.0), (X,)),
    ("select_bcast", lambda x: fnp.select([X[0] < 0, X > 1], [x[0], 2.0]), lambda x: np.select([X[0] < 0, X > 1], [x[0], 2.0]), (X,)),
    ("compress", lambda x: fnp.compress([True, False, True], x, 1), lambda x: np.compress([True, False, True], x, 1), (X,)),
    ("compress_flat", lambda x: fnp.compress([True, False, True], x), lambda x: np.compress([True, False, True], x), (X,)),
    ("extract", lambda x: fnp.extract(X > 0, x), lambda x: np.extract(X > 0, x), (X,)),
    *[(f"partition_{i}", (lambda k, ax: lambda x: fnp.partition(x, k, ax))(k, ax), (lambda k, ax: lambda x: np.partition(x, k, ax))(k, ax), (X,))
      for i, (k, ax) in enumerate([(0, 1), (2, -1), ([1, 3], 1), (1, 0), (5, None), (-1, 1)])],
    ("partition_ties", lambda x: fnp.partition(x, 3), lambda x: np.partition(x, 3), (np.array([1.0, 2, 2, 1, 0, 3, 1, 1]),)),
    ("put", lambda x: fnp.put(x, [0, 5, 0, -1], [1.0, 2.0, 3.0]), lambda x: _in_place(np.put)(x, [0, 5, 0, -1], [1.0, 2.0, 3.0]), (X,)),
    ("put_wrap", lambda x: fnp.put(x, [0, 25], x[0, :2], mode="wrap"), lambda x: _in_place(np.put)(x, [0, 25], x[0, :2], mode="wrap"), (X,)),
    ("put_clip", lambda x: fnp.put(x, [-3, 25], x[0, :2], mode="clip"), lambda x: _in_place(np.put)(x, [-3, 25], x[0, :2], mode="clip"), (X,)),
    ("place", lambda x: fnp.place(x, X > 0, x[0, :3]), lambda x: _in_place(np.place)(x, X > 0, x[0, :3]), (X,)),
    ("putmask", lambda x: fnp.putmask(x, X > 0, x[0, :3]), lambda x: _in_place(np.putmask)(x, X > 0, x[0, :3]), (X,)),
    ("copyto_where", lambda x: fnp.copyto(x, x[0] * 2, where=X > 0), lambda x: _in_place(np.copyto)(x, x[0] * 2, where=X > 0), (X,)),
    ("copyto", lambda x: fnp.copyto(x, x[0] * 2), lambda x: _in_place(np.copyto)(x, x[0] * 2), (X,)),
    ("copyto_scalar", lambda x: fnp.copyto(x.astype(np.float32), x[0, 0]),
     lambda x: _in_place(np.copyto)(x.astype(np.float32), x[0, 0]), (X,)),
    ("copyto_python_scalar", lambda x: fnp.copyto(x, 2.0), lambda x: _in_place(np.copyto)(x, 2.0), (X,)),
    ("fill_diagonal", lambda x: fnp.fill_diagonal(x, [7.0, 8.0]), lambda x: _in_place(np.fill_diagonal)(x, [7.0, 8.0]), (X,)),
    ("fill_diagonal_wrap", lambda x: fnp.fill_diagonal(x, x[0, 0], wrap=True), lambda x: _in_place(np.fill_diagonal)(x, x[0, 0], wrap=True),
     (RNG.normal(size=(7, 3)),)),
    ("fill_diagonal_3d", lambda x: fnp.fill_diagonal(x, 5.0), lambda x: _in_place(np.fill_diagonal)(x, 5.0), (RNG.normal(size=(3, 3, 3)),)),
    # products
    ("kron", lambda x: fnp.kron(x, X3), lambda x: np.kron(x, X3), (X,)),
    ("kron_1d", lambda v: fnp.kron(v, X), lambda v: np.kron(v, X), (V,)),
    ("tensordot_int", lambda x: fnp.tensordot(x, X.T, 1), lambda x: np.tensordot(x, X.T, 1), (X,)),
    ("tensordot_pairs", lambda x: fnp.tensordot(x, X3, ([1, 0], [1, 0])), lambda x: np.tensordot(x, X3, ([1, 0], [1, 0])), (X3[:, :, :2],)),
    ("tensordot_0", lambda x: fnp.tensordot(x, V, 0), lambda x: np.tensordot(x, V, 0), (X,)),
    ("cross", lambda x: fnp.cross(x[:, :3], V), lambda x: np.cross(x[:, :3], V), (X,)),
    ("cross_axes", lambda x: fnp.cross(x[:3], V, axisa=0, axisc=0), lambda x: np.cross(x[:3], V, axisa=0, axisc=0), (X,)),
    ("cross_23", lambda x: fnp.cross(x[:, :2], V, axis=-1), lambda x: np.cross(x[:, :2], V, axis=-1), (X,)),
    ("cross_22", lambda x: fnp.cross(x[:, :2], V[:2]), lambda x: np.cross(x[:, :2], V[:2]), (X,)),
    ("vecdot", lambda x: fnp.vecdot(x, X[0]), lambda x: np.vecdot(x, X[0]), (X,)),
    ("vecdot_axis", lambda x: fnp.vecdot(x, X, axis=0), lambda x: np.vecdot(x, X, axis=0), (X,)),
    ("matvec", lambda x: fnp.matvec(X3, x), lambda x: np.matvec(X3, x), (X[0],)),
    ("matmul_dtype", lambda x: fnp.matmul(x, X.T, dtype=np.float32), lambda x: np.matmul(x, X.T, dtype=np.float32), (X,)),
    ("einsum_dtype", lambda x: fnp.einsum("ij,kj", x, X, dtype=np.float32, casting="same_kind"),
     lambda x: np.einsum("ij,kj", x, X, dtype=np.float32, casting="same_kind"), (X,)),
    ("vecmat", lambda x: fnp.vecmat(x, X3), lambda x: np.vecmat(x, X3), (V,)),
]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("name, f, g, args", CASES, ids=[c[0] for c in CASES])
def test_values_agree_with_numpy(name: str, f: Callable[..., Any], g: Callable[..., Any], args: tuple[Any, ...]) -> None:
    want = g(*args)
    _assert_same(f(*args), want)  # untraced: NumPy itself
    _assert_same(_traced_value(f, *args), want)  # traced


# plain NumPy calls on a Tracer reach fad (the NumPy function, then its arguments)
DISPATCH: list[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = [
    (np.roll, (1,), {"axis": 0}), (np.rot90, (), {}), (np.rollaxis, (1,), {}),
    (np.matrix_transpose, (), {}), (np.atleast_3d, (), {}), (np.split, (2,), {"axis": 1}),
    (np.array_split, (3,), {}), (np.hsplit, (2,), {}), (np.vsplit, ([1],), {}),
    (np.unstack, (), {"axis": 1}), (np.dstack, (), {}), (np.column_stack, (), {}),
    (np.append, (1.0,), {}), (np.insert, (1, 5.0), {}), (np.delete, (0,), {"axis": 1}),
    (np.resize, ((2, 7),), {}), (np.trim_zeros, (), {}), (np.diff, (), {"prepend": 0.0}),
    (np.ediff1d, (), {}), (np.gradient, (), {"edge_order": 2}), (np.unwrap, (), {}),
    (np.diagflat, (), {}), (np.meshgrid, (), {}), (np.take, ([1, 0],), {"mode": "wrap"}),
    (np.take_along_axis, (np.array([[0], [1], [2]]),), {"axis": 1}), (np.partition, (1,), {}),
    (np.compress, ([True, False],), {"axis": 0}), (np.kron, (np.eye(2),), {}),
    (np.tensordot, (np.ones((4, 2)),), {"axes": 1}), (np.vecdot, (X,), {}), (np.sort, (), {"stable": True}),
    (np.trace, (), {"dtype": np.float32}),
]


@pytest.mark.parametrize("np_f, rest, kw", DISPATCH, ids=[d[0].__name__ for d in DISPATCH])
def test_plain_numpy_calls_dispatch_to_fad(np_f: Callable[..., Any], rest: tuple[Any, ...], kw: dict[str, Any]) -> None:
    def run(x: Any) -> Any:
        if np_f in (np.dstack, np.column_stack):
            return np_f([x, x], **kw)
        if np_f in (np.compress, np.extract):
            return np_f(rest[0], x, **kw)
        if np_f is np.meshgrid:
            return np_f(x[0], x[1], **kw)
        return np_f(x, *rest, **kw)

    want = run(X)
    _assert_same(_traced_value(run, X), want)


def test_vecdot_matvec_vecmat_are_ufuncs_that_reach_fad() -> None:
    assert isinstance(np.vecdot, np.ufunc) and isinstance(np.matvec, np.ufunc)
    g = fad.grad(lambda v: np.sum(np.matvec(X3, v) + np.vecmat(X3[:, :, 0], X3)[..., :1]))(X[0])
    np.testing.assert_allclose(g, X3.sum(axis=(0, 1)))
    np.testing.assert_allclose(fad.grad(lambda x: np.vecdot(x, V))(V), V)


def test_concat_is_numpys_concatenate() -> None:
    assert np.concat is np.concatenate  # nothing separate to claim for NumPy's dispatch
    g = fad.grad(lambda x: fnp.sum(fnp.concat([x, 2 * x], axis=None)))(X)
    np.testing.assert_array_equal(g, np.full(X.shape, 3.0))


def test_lists_holding_tracers() -> None:
    def f(x: Any) -> Any:
        a = fnp.append([x, 1.0], [[x, 2.0]])
        b = fnp.insert([x, x], 1, [3.0])
        c = fnp.roll([x, 2.0 * x, 0.0], 1)
        d = fnp.block([[x, 1.0], [2.0, x]])
        e = fnp.column_stack([[x, 1.0], [2.0, 3.0]])
        r = fnp.r_[[x, 1.0], x, 0:2] + fnp.matmul([x, 1.0], np.zeros((2, 5))) + fnp.einsum("i,i->i", [x, 1.0, 1.0, 1.0, 1.0], np.zeros(5))
        return fnp.sum(a) + fnp.sum(b) + c[1] * 10 + fnp.sum(d) + fnp.sum(e) + fnp.sum(r * r)

    x0 = 1.5
    # sum(a) = 2x + 3, sum(b) = 2x + 3, c = [0, x, 2x], sum(d) = 2x + 3,
    # sum(e) = x + 6, r = [x, 1, x, 0, 1] so sum(r * r) = 2x^2 + 2
    want = 2 + 2 + 10 + 2 + 1 + 4 * x0
    assert float(fad.grad(f)(x0)) == pytest.approx(want)
    assert float(f(x0)) == pytest.approx(2 * x0 + 3 + 2 * x0 + 3 + 10 * x0 + 2 * x0 + 3 + x0 + 6 + 2 * x0**2 + 2)


def test_in_place_writers_return_the_new_array_and_leave_the_input() -> None:
    a = np.zeros(4)
    out = fnp.put(a, [1], [5.0])
    assert out[1] == 5.0 and a[1] == 0.0
    out = fnp.fill_diagonal(np.zeros((2, 2)), 1.0)
    np.testing.assert_array_equal(out, np.eye(2))


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda x: np.put(x, [0], 1.0), "np.put writes into its argument"),
        (lambda x: np.fill_diagonal(x, 1.0), "fnp.fill_diagonal"),
        (lambda x: np.copyto(x, 1.0), "dst = fnp.copyto"),
        (lambda x: np.put_along_axis(x, np.zeros((3, 1), int), 1.0, 1), "fnp.put_along_axis"),
        (lambda x: np.place(x, x > 0, 1.0), "fnp.place"),
        (lambda x: np.putmask(x, x > 0, 1.0), "fnp.putmask"),
        (lambda x: fnp.split(x, 3, axis=1), "does not result in an equal division"),
        (lambda x: fnp.rot90(x, 1, (0, 0)), "axes must be different"),
        (lambda x: fnp.choose([0, 3, 1, 0], [x, x]), "invalid entry in choice array"),
        (lambda x: fnp.take(x, [7], axis=0), "out of bounds"),
        (lambda x: fnp.vsplit(x[0], 2), "np.vsplit only works on arrays of 2 or more dimensions"),
        (lambda x: fnp.gradient(x, edge_order=3), "edge_order"),
        (lambda x: fnp.meshgrid(x, indexing="yx"), "indexing"),
        (lambda x: fnp.block([[x], x]), "nested to different depths"),
        (lambda x: fnp.block((x, x)), "only lists"),
        (lambda x: fnp.r_["r", x, x], "np.matrix"),
        (lambda x: fnp.select([X > 0], [x, x]), "same length"),
        (lambda x: fnp.cross(x, x), "dimension must be 2 or 3"),
        (lambda x: fnp.matrix_transpose(x[0]), "at least 2-dimensional"),
        (lambda x: fnp.pad(x, 1, mode=lambda *a: None), "not supported on traced values"),
        (lambda x: fnp.einsum("ij,ij", x, X, dtype=np.float32), "cannot cast operand 0"),
    ],
)
def test_errors_name_the_function_and_say_what_to_do(call: Callable[[Any], Any], message: str) -> None:
    with pytest.raises((TypeError, ValueError, IndexError)) as info:
        fad.grad(lambda x: fnp.sum(call(x)))(X)
    assert message in str(info.value)


def test_partition_gradient_follows_the_elements() -> None:
    x = np.array([3.0, 1.0, 2.0, 0.0, 5.0])
    p = np.partition(x, 2)
    for j in range(5):
        g = fad.grad(lambda x: fnp.partition(x, 2)[j])(x)
        assert g.sum() == 1.0 and x[np.argmax(g)] == p[j]


def test_partition_at_ties_matches_values_one_to_one() -> None:
    x = np.array([1.0, 1.0, 0.0, 1.0])
    jac = fad.jacrev(lambda x: fnp.partition(x, 1))(x)
    np.testing.assert_array_equal(jac.sum(axis=0), np.ones(4))  # a permutation
    np.testing.assert_array_equal(jac @ x, np.partition(x, 1))


def test_trim_zeros_cuts_on_values_and_differentiates_the_kept_part() -> None:
    x = np.array([0.0, 0.0, 1.0, 0.0, 2.0, 0.0])
    g = fad.grad(lambda x: fnp.sum(fnp.trim_zeros(x) ** 2))(x)
    np.testing.assert_array_equal(g, [0.0, 0.0, 2.0, 0.0, 4.0, 0.0])
    assert fad.jacrev(lambda x: fnp.trim_zeros(x, "b"))(x).shape == (5, 6)


def test_unwrap_corrections_are_constant_whole_periods() -> None:
    p = np.array([0.0, 3.0, 6.5, 0.2, -3.5])
    jac = fad.jacrev(fnp.unwrap)(p)
    np.testing.assert_array_equal(jac, np.eye(5))
    steps = (fnp.unwrap(p) - p) / (2 * np.pi)
    np.testing.assert_allclose(steps, np.round(steps))


def test_gradient_with_traced_coordinates() -> None:
    x = np.array([0.0, 1.0, 2.5, 3.0, 4.5])
    f = x**2
    # d/dx of gradient(f, x) agrees with finite differences, at orders 1 and 2
    check_grads(lambda f, x: fnp.gradient(f, x, edge_order=2), (f, x), order=2)
    check_grads(lambda f, x: fnp.gradient(f, x), (f, x), order=2)
    # the second-order formulas are exact for quadratics
    np.testing.assert_allclose(fnp.gradient(f, x, edge_order=2), 2 * x)


def _reverse_work(f: Callable[..., Any], x: Any) -> int:
    """Elements the reverse rules of f's slices write: each slice's cotangent is
    spread over its parent's size."""
    return sum(math.prod(np.shape(a.args[0])) for a in applications(f, [x]) if a.prim.name == "getitem")


@pytest.mark.parametrize("split", [
    lambda x: fnp.split(x, x.shape[0]),
    lambda x: fnp.array_split(x, 1000),
    lambda x: [fnp.reshape(p, (1,)) for p in fnp.unstack(x)],
], ids=["split", "array_split", "unstack"])
def test_long_splits_cost_size_times_log_pieces_in_the_reverse_sweep(split: Callable[[Any], Any]) -> None:
    x = np.arange(1024.0)
    join = lambda x: fnp.concatenate(split(x))  # noqa: E731
    # each level of halving slices both halves out of their parent: 2 * size per level
    assert _reverse_work(join, x) <= 2 * 1024 * math.ceil(math.log2(1024))  # one by one: 1024 * 1024
    g = fad.grad(lambda x: fnp.sum(join(x) * np.arange(1024.0)))(x)
    np.testing.assert_array_equal(g, np.arange(1024.0))


BATCHED = [
    ("roll", lambda x: fnp.roll(x, (1, 2), (0, 1))),
    ("rot90", lambda x: fnp.rot90(x, 3)),
    ("split", lambda x: fnp.concatenate([p[..., :1] ** 2 for p in fnp.array_split(x, 3, axis=1)])),
    ("insert", lambda x: fnp.insert(x, [0, 2], x[0, 0], axis=1)),
    ("delete", lambda x: fnp.delete(x, [1], axis=1)),
    ("resize", lambda x: fnp.resize(x, (3, 5))),
    ("diff", lambda x: fnp.diff(x, 2, axis=1, prepend=x[:, :1])),
    ("gradient", lambda x: fnp.stack(fnp.gradient(x, 0.5, np.array([0.0, 1.0, 3.0, 4.5]), edge_order=2))),
    ("unwrap", lambda x: fnp.unwrap(x * 3)),
    ("take_along_axis", lambda x: fnp.take_along_axis(x, np.argsort(X, 1), 1)),
    ("put_along_axis", lambda x: fnp.put_along_axis(x, np.array([[1], [0], [3]]), x[:, :1] ** 2, 1)),
    ("choose", lambda x: fnp.choose(X > 0, [x, x[0] ** 2])),
    ("select", lambda x: fnp.select([X > 0.5, X < 0], [x, x * x], x[0, 0])),
    ("partition", lambda x: fnp.partition(x, 1, axis=0)),
    ("put", lambda x: fnp.put(x, [0, 3, 0], x[1, :3] * 2)),
    ("putmask", lambda x: fnp.putmask(x, X > 0, x[0] ** 2)),
    ("copyto", lambda x: fnp.copyto(x, x[0] ** 2, where=X > 0)),
    ("fill_diagonal", lambda x: fnp.fill_diagonal(x, x[0, :2] ** 2)),
    ("apply_along_axis", lambda x: fnp.apply_along_axis(lambda r: r * fnp.sum(r), 0, x)),
    ("kron", lambda x: fnp.kron(x, x[:2, :2])),
    ("tensordot", lambda x: fnp.tensordot(x, x, ([0], [0]))),
    ("cross", lambda x: fnp.cross(x[:, :3], x[:, 1:])),
    ("vecdot", lambda x: fnp.vecdot(x, x[::-1])),
    ("matvec", lambda x: fnp.matvec(x, x[0])),
    ("vecmat", lambda x: fnp.vecmat(x[:, 0], x)),
    ("meshgrid", lambda x: fnp.stack(fnp.meshgrid(x[0], x[1]))),
    ("r_", lambda x: fnp.r_[x[0], 1.0, x[1] ** 2]),
]


@pytest.mark.parametrize("name, f", BATCHED, ids=[b[0] for b in BATCHED])
def test_batched_jacobians_agree_with_single_sweeps(name: str, f: Callable[[Any], Any]) -> None:
    """jacrev and jacfwd push a whole basis through one sweep (batched rules);
    they must agree with each other and with one vjp per output entry."""
    x = X
    y, pullback = fad.vjp(f)(x)
    rows = [pullback(e.reshape(np.shape(y)))[0] for e in np.eye(np.size(y))]
    want = np.stack(rows).reshape(np.shape(y) + x.shape)
    np.testing.assert_allclose(fad.jacrev(f)(x), want, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(fad.jacfwd(f)(x), want, rtol=1e-12, atol=1e-12)


def test_cross_of_2_vectors_warns_as_numpy_does() -> None:
    with pytest.warns(DeprecationWarning, match="2-dimensional vectors"):
        fad.grad(lambda x: fnp.cross(x, V[:2]))(X[0, :2])


def test_copyto_refuses_a_cast_numpy_refuses() -> None:
    with pytest.raises(TypeError, match="cannot cast"):
        fad.grad(lambda x: fnp.sum(fnp.copyto(np.zeros(3, np.float32), x, casting="safe")))(V)


def test_pad_maximum_at_a_tie_differentiates_the_first_maximum() -> None:
    g = fad.grad(lambda x: fnp.sum(fnp.pad(x, (0, 2), mode="maximum")))(np.array([1.0, 3.0, 3.0]))
    np.testing.assert_array_equal(g, [1.0, 3.0, 1.0])
