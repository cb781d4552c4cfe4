"""fad.numpy's creation and polynomial families: values against NumPy (untraced
and traced, keyword variants), NumPy's dispatch, lists holding Tracers, error
messages and the conventions at kinks. Derivatives at orders 1 and 2 are
checked from the catalogue (tests/_catalogue_creation.py, tests/test_rules.py).
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest

import fad
import fad.numpy as fnp
from _catalogue import CATALOGUE, PUBLIC
from fad.numpy import _creation, _polynomial
from fad.testing import check_grads


def traced_value(f: Callable[..., Any], *args: Any) -> Any:
    """``f``'s output when its arguments are traced (the value a transform sees)."""
    out, _ = fad.vjp(f)(*args)
    return out


def assert_same(got: Any, want: Any) -> None:
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape
    assert got.dtype == want.dtype
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


# --- coverage of the two families ---------------------------------------------------------


@pytest.mark.parametrize("family", [_creation, _polynomial])
def test_every_public_name_is_constant_or_has_a_catalogue_entry(family: Any) -> None:
    missing = [
        n for n in family.__all__
        if n not in family.NOT_DIFFERENTIABLE and n not in CATALOGUE and n not in PUBLIC
    ]
    assert missing == []
    assert set(family.NOT_DIFFERENTIABLE) <= set(family.__all__)


def test_numpys_own_constant_makers_are_reexported_unchanged() -> None:
    for name in ["zeros", "ones", "empty", "eye", "identity", "tri", "bartlett", "blackman", "hamming", "hanning"]:
        assert getattr(fnp, name) is getattr(np, name)
        assert name in _creation.NOT_DIFFERENTIABLE


# --- evenly spaced --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kw",
    [{}, {"endpoint": False}, {"num": 1}, {"num": 0}, {"num": 2, "endpoint": False}, {"axis": -1}, {"dtype": np.float32}],
)
def test_linspace_traced_matches_numpy(kw: dict[str, Any]) -> None:
    start, stop = np.array([0.0, 1.0]), np.array([[2.0], [-3.0]])
    args = {"num": 5, **kw}
    want = np.linspace(start, stop, **args)
    assert_same(traced_value(lambda a, b: fnp.linspace(a, b, **args), start, stop), want)
    assert_same(fnp.linspace(start, stop, **args), want)


def test_linspace_retstep_and_float32() -> None:
    a, b = np.float32(1.0), np.float32(2.0)
    y, step = traced_value(lambda a, b: fnp.linspace(a, b, 4, retstep=True), a, b)
    wy, wstep = np.linspace(a, b, 4, retstep=True)
    assert_same(y, wy)
    assert y.dtype == np.float32
    assert float(step) == pytest.approx(float(wstep))
    # the step is differentiable too
    assert float(fad.grad(lambda b: fnp.linspace(0.0, b, 5, retstep=True)[1])(1.0)) == pytest.approx(0.25)


def test_linspace_ends_are_exact_and_its_derivative_is_the_interpolation_weight() -> None:
    jac = fad.jacobian(lambda ends: fnp.linspace(ends[0], ends[1], 5))(np.array([0.1, 0.7]))
    t = np.linspace(0.0, 1.0, 5)
    np.testing.assert_allclose(jac, np.stack([1 - t, t], axis=1))
    assert traced_value(lambda b: fnp.linspace(0.1, b, 7), 0.7)[-1] == 0.7


def test_plain_numpy_linspace_reaches_fad() -> None:
    np.testing.assert_allclose(fad.jacobian(lambda b: np.linspace(0, b, 4))(2.0), [0.0, 1 / 3, 2 / 3, 1.0])
    assert float(fad.grad(lambda s: np.sum(np.logspace(s, 1.0, 3)))(0.0)) > 0
    assert float(fad.grad(lambda s: np.sum(np.geomspace(s, 8.0, 4)))(1.0)) > 0


@pytest.mark.parametrize("kw", [{}, {"endpoint": False}, {"base": 2.0}, {"axis": 1}])
def test_logspace_traced_matches_numpy(kw: dict[str, Any]) -> None:
    start, stop = np.array([0.0, 1.0]), 2.0
    assert_same(traced_value(lambda a: fnp.logspace(a, stop, 4, **kw), start), np.logspace(start, stop, 4, **kw))


def test_logspace_with_an_array_base_is_differentiable_in_it() -> None:
    base = np.array([2.0, 3.0])
    want = np.logspace(0.0, 2.0, 3, base=base)
    assert_same(traced_value(lambda b: fnp.logspace(0.0, 2.0, 3, base=b), base), want)
    check_grads(lambda b: fnp.logspace(0.0, 2.0, 3, base=b, axis=-1), (base,), order=2)


@pytest.mark.parametrize("kw", [{}, {"endpoint": False}, {"num": 1}, {"axis": -1}])
def test_geomspace_traced_matches_numpy(kw: dict[str, Any]) -> None:
    start, stop = np.array([1.0, -2.0]), np.array([100.0, -0.5])
    want = np.geomspace(start, stop, 4 if "num" not in kw else kw["num"], **{k: v for k, v in kw.items() if k != "num"})
    got = traced_value(lambda a, b: fnp.geomspace(a, b, kw.get("num", 4), **{k: v for k, v in kw.items() if k != "num"}), start, stop)
    assert_same(got, want)


def test_geomspace_refuses_zero_and_opposite_signs() -> None:
    with pytest.raises(ValueError, match="cannot include zero"):
        fad.grad(lambda a: fnp.sum(fnp.geomspace(a, 0.0, 3)))(1.0)
    with pytest.raises(ValueError, match="complex"):
        fad.grad(lambda a: fnp.sum(fnp.geomspace(a, -1.0, 3)))(1.0)


# --- constants and arange -------------------------------------------------------------------


def test_arange_with_a_traced_bound_names_it_and_suggests_linspace() -> None:
    with pytest.raises(TypeError, match=r"np\.arange: its stop is traced.*linspace"):
        fad.grad(lambda x: fnp.sum(fnp.arange(x)))(3.0)
    with pytest.raises(TypeError, match=r"its start is traced"):
        fad.grad(lambda x: fnp.sum(fnp.arange(x, 5.0)))(1.0)
    with pytest.raises(TypeError, match=r"its step is traced"):
        fad.grad(lambda x: fnp.sum(fnp.arange(0.0, 5.0, step=x)))(1.0)
    np.testing.assert_array_equal(fnp.arange(1, 7, 2, dtype=np.float32), np.arange(1, 7, 2, dtype=np.float32))


def test_kaiser_refuses_a_traced_beta() -> None:
    np.testing.assert_array_equal(fnp.kaiser(4, 2.0), np.kaiser(4, 2.0))
    with pytest.raises(TypeError, match="np.kaiser: beta is traced"):
        fad.grad(lambda b: fnp.sum(fnp.kaiser(4, b)))(2.0)


def test_like_functions_on_traced_values() -> None:
    def f(x: Any) -> Any:
        z, o, e = fnp.zeros_like(x), fnp.ones_like(x, dtype=np.float32), fnp.empty_like(x, shape=(2,))
        assert type(z) is np.ndarray and type(o) is np.ndarray and e.shape == (2,)
        assert o.dtype == np.float32
        return fnp.sum(x * o) + fnp.sum(z)

    np.testing.assert_array_equal(fad.grad(f)(np.ones(3)), np.ones(3))
    # zeros_like of a list holding Tracers reads its shape
    assert fad.grad(lambda x: fnp.sum(fnp.zeros_like([x, x])) + x)(1.0) == 1.0


def test_full_like_and_full_are_differentiable_in_the_fill_value() -> None:
    a = np.zeros((2, 3), np.float32)
    out = traced_value(lambda v: fnp.full_like(a, v), np.float64(2.5))
    assert_same(out, np.full_like(a, 2.5))  # cast to a's dtype, as NumPy
    assert float(fad.grad(lambda v: fnp.sum(fnp.full_like(a, v)))(1.0)) == 6.0
    # an integer dtype makes a constant, as NumPy's cast would
    ints = traced_value(lambda v: fnp.full_like(np.zeros(2, int), v), 2.7)
    assert type(ints) is np.ndarray and ints.dtype == int and ints.tolist() == [2, 2]
    assert_same(traced_value(lambda v: fnp.full((2, 2), v), np.array([1.0, 2.0])), np.full((2, 2), [1.0, 2.0]))
    np.testing.assert_array_equal(fad.grad(lambda v: fnp.sum(fnp.full((3, 2), v)))(np.ones(2)), [3.0, 3.0])


# --- array-likes ------------------------------------------------------------------------


def test_array_of_a_list_of_tracers_with_dtype_and_ndmin() -> None:
    def f(x: Any) -> Any:
        a = fnp.array([[x, 1.0], [2.0, x]], dtype=np.float32, ndmin=3)
        assert a.shape == (1, 2, 2) and a.dtype == np.float32
        return fnp.sum(a)

    assert float(fad.grad(f)(np.float32(1.0))) == 2.0


@pytest.mark.parametrize(
    "fn", [fnp.array, fnp.asarray, fnp.asanyarray, fnp.ascontiguousarray, fnp.asfortranarray,
           fnp.asarray_chkfinite, fnp.require, fnp.copy],
)
def test_array_likes_of_tracers_and_lists(fn: Callable[..., Any]) -> None:
    seen = {}

    def f(x: Any) -> Any:
        seen["same"] = fn(x) is x  # immutable: no copy needed
        return fnp.sum(fn([x[0], 2.0 * x[1]]))

    np.testing.assert_array_equal(fad.grad(f)(np.ones(2)), [1.0, 2.0])
    assert seen["same"]
    plain = np.arange(3.0)
    np.testing.assert_array_equal(fn(plain), plain)


def test_zero_d_inputs_get_an_axis_from_ascontiguousarray_as_numpy() -> None:
    assert traced_value(lambda x: fnp.ascontiguousarray(x), 2.0).shape == np.ascontiguousarray(2.0).shape == (1,)
    assert traced_value(lambda x: fnp.asfortranarray(x), 2.0).shape == (1,)


def test_array_copy_semantics_untraced() -> None:
    x = np.arange(3.0)
    assert fnp.array(x) is not x and fnp.asarray(x) is x
    assert fnp.copy(x) is not x and fnp.array(x, copy=False) is x


def test_asarray_chkfinite_and_require_errors() -> None:
    with pytest.raises(ValueError, match="infs or NaNs"):
        fad.grad(lambda x: fnp.sum(fnp.asarray_chkfinite([x, np.inf])))(1.0)
    with pytest.raises(KeyError, match="unknown requirement"):
        fad.grad(lambda x: fnp.sum(fnp.require(x, None, ["Q"])))(np.ones(2))


def test_fromfunction_passes_index_arrays_and_kwargs() -> None:
    def f(a: Any) -> Any:
        return fnp.fromfunction(lambda i, j, s: s * a * i + j, (2, 3), s=2.0)

    assert_same(traced_value(f, 1.5), np.fromfunction(lambda i, j: 3.0 * i + j, (2, 3)))
    assert float(fad.grad(lambda a: fnp.sum(f(a)))(1.0)) == 6.0


# --- convolution -----------------------------------------------------------------------------


@pytest.mark.parametrize("n, m", [(5, 3), (3, 5), (4, 4), (1, 3), (2, 6), (6, 1)])
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_convolve_and_correlate_match_numpy(n: int, m: int, mode: str) -> None:
    rng = np.random.default_rng(n * 10 + m)
    a, v = rng.normal(size=n), rng.normal(size=m)
    assert_same(traced_value(lambda a, v: fnp.convolve(a, v, mode), a, v), np.convolve(a, v, mode))
    assert_same(traced_value(lambda a, v: fnp.correlate(a, v, mode), a, v), np.correlate(a, v, mode))
    assert_same(traced_value(lambda a: np.correlate(a, v, mode), a), np.correlate(a, v, mode))


def test_plain_numpy_convolve_reaches_fad_and_takes_lists_of_tracers() -> None:
    k = np.array([1.0, 2.0])
    np.testing.assert_array_equal(fad.grad(lambda x: np.sum(np.convolve(x, k)))(np.ones(3)), [3.0, 3.0, 3.0])
    assert float(fad.grad(lambda x: fnp.sum(fnp.convolve([x, 1.0], k)))(1.0)) == 3.0
    y = traced_value(lambda x: np.convolve(x, np.array([1.0, 1.0], np.float32)), np.ones(2, np.float32))
    assert y.dtype == np.float32


def test_long_convolutions_use_correlations_for_their_derivatives() -> None:
    # lengths beyond the direct sum (FFTs in the batched sweeps): the pullback is
    # a correlation, checked against NumPy's
    rng = np.random.default_rng(0)
    a, v = rng.normal(size=500), rng.normal(size=300)
    out, pullback = fad.vjp(lambda a, v: fnp.convolve(a, v))(a, v)
    np.testing.assert_allclose(out, np.convolve(a, v))
    w = rng.normal(size=out.shape)
    abar, vbar = pullback(w)
    np.testing.assert_allclose(abar, np.correlate(w, v, "valid"), atol=1e-10)
    np.testing.assert_allclose(vbar, np.correlate(w, a, "valid"), atol=1e-10)
    # a batch of cotangents goes through the FFT branch of the primitive
    jac = fad.jacrev(lambda v: fnp.convolve(a[:100], v, "valid"))(v[:80])
    dense = np.stack([np.convolve(a[:100], e, "valid") for e in np.eye(80)], axis=1)
    np.testing.assert_allclose(jac, dense, atol=1e-10)


def test_the_fft_branch_has_correct_second_derivatives(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_polynomial, "_DIRECT_MAX", 1)
    rng = np.random.default_rng(1)
    a, v = rng.normal(size=(2, 5)), rng.normal(size=4)
    np.testing.assert_allclose(_polynomial._conv_impl(a, v), np.stack([np.convolve(r, v) for r in a]))
    check_grads(lambda a, v: fnp.convolve(a, v, "same") ** 2, (a[0], v), order=2)


def test_convolve_errors() -> None:
    with pytest.raises(ValueError, match="v cannot be empty"):
        fad.grad(lambda x: fnp.sum(fnp.convolve(x, np.zeros(0))))(np.ones(2))
    with pytest.raises(ValueError, match="one-dimensional"):
        fad.grad(lambda x: fnp.sum(fnp.convolve(x, np.ones(2))))(np.ones((2, 2)))
    with pytest.raises(ValueError, match="mode must be"):
        fad.grad(lambda x: fnp.sum(fnp.correlate(x, np.ones(2), "middle")))(np.ones(3))  # type: ignore[arg-type]


# --- polynomials ------------------------------------------------------------------------------


def test_polynomial_arithmetic_matches_numpy_traced() -> None:
    p, q = np.array([1.0, -2.0, 3.0, 0.5]), np.array([2.0, 1.0])
    for name in ["polyadd", "polysub", "polymul"]:
        for a, b in [(p, q), (q, p)]:
            assert_same(traced_value(lambda a, b: getattr(np, name)(a, b), a, b), getattr(np, name)(a, b))
    for m in range(4):
        assert_same(traced_value(lambda p: np.polyder(p, m), p), np.polyder(p, m))
        assert_same(traced_value(lambda p: np.polyint(p, m, 1.5), p), np.polyint(p, m, 1.5))
    assert_same(traced_value(lambda k: fnp.polyint(p, 2, k), np.array([1.0, 2.0])), np.polyint(p, 2, [1.0, 2.0]))
    for u, v in [(p, q), (q, p), (p, np.array([2.0])), (p, np.array([1.0, 0.5, -1.0]))]:
        got, want = traced_value(lambda u, v: np.polydiv(u, v), u, v), np.polydiv(u, v)
        assert_same(got[0], want[0])
        assert_same(got[1], want[1])
    x = np.array([-1.0, 0.5, 2.0])
    assert_same(traced_value(lambda p, x: np.polyval(p, x), p, x), np.polyval(p, x))
    p2 = np.stack([p, p[::-1]], axis=1)
    assert_same(traced_value(lambda p: np.polyval(p, 2.0), p2), np.polyval(p2, 2.0))
    for kw in [{}, {"N": 2}, {"N": 0}, {"increasing": True}]:
        assert_same(traced_value(lambda x: np.vander(x, **kw), x), np.vander(x, **kw))
    assert_same(traced_value(lambda z: np.poly(z), x), np.poly(x))


def test_polynomial_functions_take_lists_of_tracers() -> None:
    assert float(fad.grad(lambda a: fnp.polyval([a, 0.0, 1.0], 3.0))(1.0)) == 9.0
    assert float(fad.grad(lambda z: fnp.poly([z, 2.0])[1])(1.0)) == -1.0
    assert float(fad.grad(lambda a: fnp.sum(fnp.polymul([a, 1.0], [1.0, 1.0])))(1.0)) == 2.0


def test_polyder_polyint_errors() -> None:
    with pytest.raises(ValueError, match="Order of derivative must be positive"):
        fad.grad(lambda p: fnp.sum(fnp.polyder(p, -1)))(np.ones(3))
    with pytest.raises(ValueError, match="k must be a scalar"):
        fad.grad(lambda p: fnp.sum(fnp.polyint(p, 3, [1.0, 2.0])))(np.ones(3))


def test_roots_derivative_is_implicit_and_matches_perturbation_theory() -> None:
    # p = (x - 1)(x - 2)(x - 3): dr_i/dp_j = -r_i**(3 - j) / p'(r_i)
    p = np.poly([1.0, 2.0, 3.0])
    jac = fad.jacobian(lambda p: fnp.sort(np.roots(p)))(p)
    r = np.array([1.0, 2.0, 3.0])
    want = -np.vander(r, 4) / np.polyval(np.polyder(p), r)[:, None]
    np.testing.assert_allclose(jac, want, atol=1e-9)
    assert_same(np.sort(traced_value(lambda p: np.roots(p), p)), np.sort(np.roots(p)))


def test_poly_of_a_traced_matrix_asks_for_its_eigenvalues() -> None:
    with pytest.raises(ValueError, match="eigenvalues"):
        fad.grad(lambda a: fnp.sum(fnp.poly(a)))(np.eye(2))


@pytest.mark.parametrize("kw", [{}, {"w": np.array([1.0, 2.0, 0.5, 1.0, 3.0])}, {"full": True}, {"cov": True}, {"cov": "unscaled"}])
def test_polyfit_matches_numpy(kw: dict[str, Any]) -> None:
    x = np.array([-1.0, -0.3, 0.2, 0.6, 1.4])
    y = np.stack([np.sin(3 * x), np.cos(x)], axis=1)
    for yy in (y[:, 0], y):
        want = np.polyfit(x, yy, 2, **kw)
        for got in (traced_value(lambda y: fnp.polyfit(x, y, 2, **kw), yy),
                    traced_value(lambda x, y: fnp.polyfit(x, y, 2, **kw), x, yy)):
            if isinstance(want, tuple):
                for g, w in zip(got, want):
                    np.testing.assert_allclose(np.asarray(g), np.asarray(w), rtol=1e-9, atol=1e-12)
            else:
                np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)


def test_polyfit_is_linear_in_y_and_differentiable_in_x() -> None:
    x = np.linspace(-1.0, 1.0, 6)
    jac = fad.jacobian(lambda y: fnp.polyfit(x, y, 2))(np.zeros(6))
    np.testing.assert_allclose(jac, np.linalg.pinv(np.vander(x, 3)), atol=1e-12)
    check_grads(lambda x: fnp.polyfit(x, np.exp(x), 2), (x,), order=2)


# --- interpolation and piecewise --------------------------------------------------------------

XP, FP = np.array([0.0, 1.0, 2.0, 4.0]), np.array([1.0, 3.0, 2.0, 6.0])


@pytest.mark.parametrize("kw", [{}, {"left": -1.0, "right": 9.0}, {"period": 3.0}])
def test_interp_matches_numpy(kw: dict[str, Any]) -> None:
    x = np.array([-1.0, 0.0, 0.5, 1.0, 3.0, 4.0, 5.0, 7.5])
    want = np.interp(x, XP, FP, **kw)
    assert_same(traced_value(lambda x, fp: np.interp(x, XP, fp, **kw), x, FP), want)
    assert_same(traced_value(lambda fp: fnp.interp(x, XP, fp, **kw), FP), want)
    assert_same(traced_value(lambda fp: fnp.interp(2.5, XP, [fp[0], 3.0, 2.0, 6.0], **kw), FP), np.asarray(np.interp(2.5, XP, FP, **kw)))


def test_interp_derivative_conventions_at_knots_and_outside() -> None:
    grad = fad.elementwise_grad(lambda x: fnp.interp(x, XP, FP))
    x = np.array([-1.0, 0.0, 1.0, 2.0, 4.0, 5.0])
    # a knot takes the slope of the segment to its right; the last knot its left segment's; outside, 0
    np.testing.assert_allclose(grad(x), [0.0, 2.0, -1.0, 2.0, 2.0, 0.0])
    # in fp: the interpolation weights; left and right get the outside points
    jac = fad.jacobian(lambda fp, l, r: fnp.interp(np.array([-1.0, 1.5, 9.0]), XP, fp, l, r), argnums=(0, 1, 2))(FP, 0.0, 0.0)
    np.testing.assert_allclose(jac[0], [[0, 0, 0, 0], [0, 0.5, 0.5, 0], [0, 0, 0, 0]])
    np.testing.assert_allclose(jac[1], [1.0, 0.0, 0.0])
    np.testing.assert_allclose(jac[2], [0.0, 0.0, 1.0])


def test_interp_refuses_traced_knots() -> None:
    with pytest.raises(TypeError, match="xp is traced"):
        fad.grad(lambda xp: fnp.interp(0.5, xp, FP))(XP)
    with pytest.raises(TypeError, match="xp is traced"):
        fad.grad(lambda xp: np.interp(0.5, xp, FP))(XP)


def test_piecewise_matches_numpy_and_differentiates_each_piece() -> None:
    x = np.array([-2.0, -0.5, 0.5, 3.0])
    conds = [x < 0, x > 1]
    funcs = [lambda t: t**2, 4.0, lambda t: -t]
    assert_same(traced_value(lambda x: np.piecewise(x, conds, funcs), x), np.piecewise(x, conds, funcs))
    np.testing.assert_allclose(fad.elementwise_grad(lambda x: fnp.piecewise(x, [x < 0, x > 1], funcs))(x), [-4.0, -1.0, -1.0, 0.0])
    # a scalar x, and a traced scalar as a piece
    assert float(fad.grad(lambda c: fnp.piecewise(np.float64(-1.0), [True], [c]))(3.0)) == 1.0
    assert float(fad.grad(lambda x: fnp.piecewise(x, [x < 0, x >= 0], [lambda t: -t, lambda t: t]))(-2.0)) == -1.0
    with pytest.raises(ValueError, match="functions are expected"):
        fad.grad(lambda x: fnp.sum(fnp.piecewise(x, [x < 0], [1.0, 2.0, 3.0])))(x)


def test_piecewise_pieces_may_use_traced_values_of_their_own() -> None:
    x = np.array([-1.0, 2.0])
    # fnp.piecewise: np.piecewise on a plain x does not reach fad
    f = lambda a: fnp.sum(fnp.piecewise(x, [x < 0], [lambda t: a * t, lambda t: a * a]))  # noqa: E731
    assert float(fad.grad(f)(3.0)) == pytest.approx(-1.0 + 6.0)
    g = lambda a: fnp.sum(fnp.piecewise(x, [x < 0], [a, 1.0]))  # noqa: E731
    assert float(fad.grad(g)(3.0)) == 1.0
    # untraced: NumPy's values, dtype included
    xi = np.array([-2, 3])
    assert_same(fnp.piecewise(xi, [xi < 0], [lambda t: t * 2.5, 7.0]), np.piecewise(xi, [xi < 0], [lambda t: t * 2.5, 7.0]))
    assert_same(fnp.piecewise(np.float64(-2.0), [True], [lambda t: -t]), np.piecewise(np.float64(-2.0), [True], [lambda t: -t]))
