"""fad.scipy.signal: convolve and correlate against SciPy's values, and their derivatives.

The registry suite (tests/_catalogue_scipy_signal.py) checks the primitive's
rules at orders 1 and 2 in both modes; here: the values SciPy gives, in every
mode and method, 1-D to 3-D, with even-sized kernels (where "same" has to pick
a centre) and ``in2`` larger than ``in1``; derivatives against hand-built
Jacobians; the errors.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import scipy.signal as ss
from hypothesis import given, settings
from hypothesis import strategies as st

import fad
import fad.scipy.signal as fss
from fad.scipy.signal import _window, conv_p
from fad.testing import check_grads, check_rule

MODES = ["full", "same", "valid"]
METHODS = ["auto", "direct", "fft"]


@st.composite
def signal_cases(draw: Any) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], str, str]:
    d = draw(st.integers(1, 3))
    side = {1: 7, 2: 5, 3: 3}[d]
    n = tuple(draw(st.lists(st.integers(1, side), min_size=d, max_size=d)))
    m = tuple(draw(st.lists(st.integers(1, side), min_size=d, max_size=d)))
    mode = draw(st.sampled_from(MODES))
    if mode == "valid" and not (all(i >= j for i, j in zip(n, m)) or all(j >= i for i, j in zip(n, m))):
        m = tuple(min(i, j) for i, j in zip(n, m))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return rng.normal(size=n), rng.normal(size=m), mode, draw(st.sampled_from(METHODS))


@settings(deadline=None)
@given(signal_cases(), st.sampled_from(["convolve", "correlate"]))
def test_values_are_scipys(case: Any, name: str) -> None:
    a, v, mode, method = case
    want = getattr(ss, name)(a, v, mode, method)
    # traced (the primitive's implementation), through jvp's primal output
    got = fad.jvp(lambda a, v: getattr(fss, name)(a, v, mode, method))((a, v), (a, v))[0]
    assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)  # SciPy's own call: the same rounding


@settings(deadline=None, max_examples=30)
@given(signal_cases(), st.sampled_from(["convolve", "correlate"]))
def test_derivatives_against_finite_differences(case: Any, name: str) -> None:
    a, v, mode, method = case
    check_grads(lambda a, v: getattr(fss, name)(a, v, mode, method), (a, v), order=2, modes=("fwd", "rev"))


def _dense(fn: Any, a: Any, v: Any, which: int) -> Any:
    """The Jacobian of a bilinear ``fn`` in one argument, column by column, with SciPy."""
    x = (a, v)[which]
    cols = []
    for k in range(x.size):
        e = np.zeros(x.size)
        e[k] = 1.0
        e = e.reshape(x.shape)
        cols.append(fn(e, v) if which == 0 else fn(a, e))
    return np.stack(cols, axis=-1).reshape(cols[0].shape + x.shape)


@pytest.mark.parametrize("name", ["convolve", "correlate"])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("shapes", [((6,), (4,)), ((3,), (6,)), ((4, 5), (2, 2)), ((2, 3), (4, 4)), ((3, 2, 3), (2, 2, 2))])
def test_jacobians_are_exact(name: str, mode: str, shapes: Any) -> None:
    # convolve is bilinear: its Jacobian in each argument is SciPy's convolution of unit arrays
    rng = np.random.default_rng(1)
    a, v = rng.normal(size=shapes[0]), rng.normal(size=shapes[1])
    fn = lambda a, v: getattr(ss, name)(a, v, mode)  # noqa: E731
    f = lambda a, v: getattr(fss, name)(a, v, mode)  # noqa: E731
    for which in (0, 1):
        want = _dense(fn, a, v, which)
        np.testing.assert_allclose(fad.jacrev(f, argnums=which)(a, v), want, atol=1e-12)
        np.testing.assert_allclose(fad.jacfwd(f, argnums=which)(a, v), want, atol=1e-12)


def test_same_mode_centres_even_kernels_as_scipy() -> None:
    a = np.arange(1.0, 7.0)
    for m in (2, 4, 5, 8):
        v = np.arange(1.0, m + 1.0)
        for name in ("convolve", "correlate"):
            want = getattr(ss, name)(a, v, "same")
            got = fad.jvp(lambda a: getattr(fss, name)(a, v, "same"))((a,), (a,))[0]
            np.testing.assert_array_equal(got, want)
            # the derivative of one output picks the kernel's values around it
            g = fad.grad(lambda a: getattr(fss, name)(a, v, "same")[2])(a)
            np.testing.assert_allclose(g, _dense(lambda a, v: getattr(ss, name)(a, v, "same"), a, v, 0)[2])


def test_float32_stays_float32() -> None:
    a = np.linspace(-1.0, 1.0, 5, dtype=np.float32)
    v = np.array([0.5, -1.0, 2.0], np.float32)
    for method in METHODS:
        y = fad.jvp(lambda a: fss.convolve(a, v, method=method))((a,), (a,))[0]
        assert y.dtype == np.float32
        g = fad.grad(lambda v: fss.correlate(a, v, "same", method).sum())(v)
        assert g.dtype == np.float32
        np.testing.assert_allclose(g, _dense(lambda a, v: ss.correlate(a, v, "same"), a, v, 1).sum(0), rtol=1e-5, atol=1e-6)


def test_mixed_dtypes_give_cotangents_of_each_arguments_dtype() -> None:
    a = np.linspace(-1.0, 1.0, 5, dtype=np.float32)
    v = np.array([0.5, -1.0, 2.0])
    ga, gv = fad.grad(lambda a, v: fss.convolve(a, v).sum(), argnums=(0, 1))(a, v)
    assert ga.dtype == np.float32 and gv.dtype == np.float64


def test_a_long_signal_with_a_short_kernel() -> None:
    # the use case of a filter fit: 2^12 samples here (2^16 runs in the benchmarks' time scale)
    rng = np.random.default_rng(2)
    x, k = rng.normal(size=4096), rng.normal(size=33)

    def loss(k: Any) -> Any:
        return (fss.convolve(x, k, "same") ** 2).sum()

    g = fad.grad(loss)(k)
    y = ss.convolve(x, k, "same")
    np.testing.assert_allclose(g, 2 * _dense(lambda a, v: ss.convolve(a, v, "same"), x, k, 1).T @ y, rtol=1e-9)
    hv = fad.jvp(fad.grad(loss), )((k,), (np.ones(33),))[1]
    J = _dense(lambda a, v: ss.convolve(a, v, "same"), x, k, 1)
    np.testing.assert_allclose(hv, 2 * J.T @ (J @ np.ones(33)), rtol=1e-9)


def test_scalars_multiply() -> None:
    assert float(fad.grad(lambda x: fss.convolve(x, 3.0))(2.0)) == 3.0
    assert float(fad.grad(lambda x: fss.correlate(2.0, x))(1.0)) == 2.0


def test_untraced_calls_are_scipys() -> None:
    a, v = np.arange(4.0), np.array([1.0, -1.0])
    np.testing.assert_array_equal(fss.convolve(a, v, "same"), ss.convolve(a, v, "same"))
    np.testing.assert_array_equal(fss.correlate(a, v, "valid"), ss.correlate(a, v, "valid"))


@pytest.mark.parametrize("name", ["convolve", "correlate"])
def test_errors_name_the_function_and_say_what_to_do(name: str) -> None:
    f = getattr(fss, name)
    x = np.ones((3, 3))
    with pytest.raises(ValueError, match=rf"fad.scipy.signal.{name}: in1 and in2 should have the same dimensionality"):
        fad.grad(lambda x: f(x, np.ones(2)).sum())(x)
    with pytest.raises(ValueError, match=rf"fad.scipy.signal.{name}: mode must be"):
        fad.grad(lambda x: f(x, x, "middle").sum())(x)
    with pytest.raises(ValueError, match=rf"fad.scipy.signal.{name}: method must be"):
        fad.grad(lambda x: f(x, x, "full", "fast").sum())(x)
    with pytest.raises(ValueError, match=rf"fad.scipy.signal.{name}: for mode='valid' one input must be at least"):
        fad.grad(lambda x: f(x, np.ones((2, 4)), "valid").sum())(x)


# --- rule windows read only the entries that reach them ------------------------------------
# (a test_rules[scipy.signal.convolve] draw: correlate(a, v, "same", "fft") with a of shape
# (1, 2, 1) and v = [[[1, 4.4e-213]]], where the output, and so the derivative in a, is
# a * v[..., 1] alone. The pullback computed its window with the whole kernel, by an FFT
# along the last axis, whose rounding of v[..., 0] = 1 swamped v[..., 1]: half the right
# value, and no longer linear in the cotangent.)

# (in1's shape, in2's shape, in2's entries: large where the window of "same" does not read)
WINDOW_CASES = [
    ((1, 2, 1), (1, 1, 2), [1.0, 4.39605707e-213]),  # the drawn case
    ((2,), (4,), [4e-200, 3e-200, -2e-200, 1.0]),  # "same" of convolve reads in2[:3] only
    ((2,), (4,), [1.0, 4e-200, 3e-200, -2e-200]),  # "same" of correlate reads in2[1:] only
    # in2 larger on both axes: "same" of convolve reads in2[:3, 0], of correlate in2[1:, 1]
    ((2, 1), (4, 2), [[5e-200, 2e-200], [1e-200, -4e-200], [-3e-200, 6e-200], [1.0, 7e-200]]),
]


def _primitive_call(name: str, mode: str, n: Any, m: Any) -> dict[str, Any]:
    start, length = _window(n, m, mode, name)
    return dict(start=start, length=length, reverse=name == "correlate", mode=mode)


@pytest.mark.parametrize("dt", [np.float64, np.float32])
def test_the_drawn_same_mode_fft_correlation_has_consistent_rules(dt: Any) -> None:
    a = np.zeros((1, 2, 1), dt)
    v = np.array([[[1.0, 4.39605707e-213 if dt == np.float64 else 4.189506e-04]]], dt)
    check_rule(conv_p, a, v, start=(0, 0, 0), length=(1, 2, 1), method="fft", reverse=True, mode="same")
    w = np.array([[[0.1257], [-0.1321]]], dt)
    # the output is a * v[..., 1]: its pullback in a is w * v[..., 1], one product each
    abar = fad.vjp(lambda a: fss.correlate(a, v, "same", "fft"))(a)[1](w)[0]
    np.testing.assert_allclose(abar, w * v[..., 1:], rtol=4 * np.finfo(dt).eps, atol=0)
    assert abar.dtype == dt


def _has_valid(n: Any, m: Any) -> bool:
    return all(i >= j for i, j in zip(n, m)) or all(j >= i for i, j in zip(n, m))


@pytest.mark.parametrize("name", ["convolve", "correlate"])
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    "mode, case",
    [(mode, c) for c in WINDOW_CASES for mode in MODES if mode != "valid" or _has_valid(c[0], c[1])],
    ids=[f"{mode}-{c[0]}x{c[1]}" for c in WINDOW_CASES for mode in MODES if mode != "valid" or _has_valid(c[0], c[1])],
)
def test_rules_of_kernels_with_entries_of_very_different_sizes(name: str, mode: str, method: str, case: Any) -> None:
    n, m, entries = case
    rng = np.random.default_rng(4)
    a, v = rng.normal(size=n), np.array(entries).reshape(m)
    # the rules are each other's transposes, linear, and batch alike (tight tolerances,
    # relative to the values compared), with the kernel as either operand...
    check_rule(conv_p, a, v, method=method, **_primitive_call(name, mode, n, m))
    check_rule(conv_p, v, a, method=method, **_primitive_call(name, mode, m, n))
    # ... and their Jacobians are SciPy's (its direct sums: exact here), so centred as SciPy's
    f = lambda a, v: getattr(fss, name)(a, v, mode, method)  # noqa: E731
    ref = lambda a, v: getattr(ss, name)(a, v, mode, "direct")  # noqa: E731
    for which in (0, 1):
        want = _dense(ref, a, v, which)
        scale = np.abs(v).max() if which == 0 else np.abs(a).max()
        for jac in (fad.jacrev, fad.jacfwd):
            np.testing.assert_allclose(jac(f, argnums=which)(a, v), want, rtol=1e-13, atol=1e-14 * scale)


@pytest.mark.parametrize("name", ["convolve", "correlate"])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    "shapes", [((1, 2, 1), (1, 1, 2)), ((2,), (4,)), ((4,), (2,)), ((5,), (6,)), ((2, 3), (4, 4)), ((3, 2), (2, 4))]
)
def test_windows_against_finite_differences_of_scipy(name: str, mode: str, method: str, shapes: Any) -> None:
    # even lengths, in2 larger on some axis or all: where "same" has to pick a centre
    n, m = shapes
    if mode == "valid" and not _has_valid(n, m):
        with pytest.raises(ValueError, match=rf"fad.scipy.signal.{name}: for mode='valid'"):
            fad.jacrev(lambda a: getattr(fss, name)(a, np.ones(m), mode, method))(np.ones(n))
        return
    rng = np.random.default_rng(5)
    a, v = rng.normal(size=n), rng.normal(size=m)
    check_grads(lambda a, v: getattr(fss, name)(a, v, mode, method), (a, v), order=2, modes=("fwd", "rev"))


# --- complex operands ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["convolve", "correlate"])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("method", METHODS)
def test_complex_values_are_scipys_and_correlate_conjugates_in2(name: str, mode: str, method: str) -> None:
    rng = np.random.default_rng(3)
    a = rng.normal(size=(5, 3)) + 1j * rng.normal(size=(5, 3))
    v = rng.normal(size=(2, 2)) + 1j * rng.normal(size=(2, 2))
    want = getattr(ss, name)(a, v, mode, method)
    got = fad.jvp(lambda a, v: getattr(fss, name)(a, v, mode, method))((a, v), (a, v))[0]
    assert got.dtype == want.dtype
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    # a real operand next to a complex one: SciPy's complex result, a real cotangent
    x = rng.normal(size=5)
    k = v[0]
    np.testing.assert_allclose(fad.jvp(lambda x: getattr(fss, name)(x, k, mode, method))((x,), (x,))[0],
                               getattr(ss, name)(x, k, mode, method), rtol=1e-12, atol=1e-12)
    g = fad.grad(lambda x: (abs(getattr(fss, name)(x, k, mode, method)) ** 2).sum())(x)
    assert g.dtype == np.float64


@pytest.mark.parametrize("name", ["convolve", "correlate"])
@pytest.mark.parametrize("mode", MODES)
def test_complex_jacobians_follow_jaxs_convention(name: str, mode: str) -> None:
    # convolve is complex-bilinear: its JVP in each argument is the convolution with the
    # tangent (SciPy's, column by column); correlate is complex-linear in in1 and
    # conjugate-linear in in2: JVP(in2 direction t) = correlate(a, t). The VJP is the
    # transpose for the pairing Re(sum(w t)): check both against the dense map.
    rng = np.random.default_rng(4)
    a = rng.normal(size=6) + 1j * rng.normal(size=6)
    v = rng.normal(size=3) + 1j * rng.normal(size=3)
    fn = lambda a, v: getattr(ss, name)(a, v, mode)  # noqa: E731
    f = lambda a, v: getattr(fss, name)(a, v, mode)  # noqa: E731
    for which in (0, 1):
        t = rng.normal(size=(a, v)[which].shape) + 1j * rng.normal(size=(a, v)[which].shape)
        _, ydot = fad.jvp(f)((a, v), (t, np.zeros_like(v)) if which == 0 else (np.zeros_like(a), t))
        np.testing.assert_allclose(ydot, fn(t, v) if which == 0 else fn(a, t), atol=1e-12)
        y, pull = fad.vjp(f)(a, v)
        w = rng.normal(size=y.shape) + 1j * rng.normal(size=y.shape)
        xbar = pull(w)[which]
        # <w, J t> = <xbar, t>, the real pairing, for real and imaginary directions
        for d in (t, 1j * t):
            jd = fn(d, v) if which == 0 else fn(a, d)
            np.testing.assert_allclose(np.real(np.sum(w * jd)), np.real(np.sum(xbar * d)), atol=1e-10)
    check_grads(f, (a, v), order=2, modes=("fwd", "rev"))


def test_gradient_of_a_complex_matched_filter_loss() -> None:
    # |correlate(x, k)|^2 peaks where the kernel matches: its gradient in k by finite
    # differences along real and imaginary directions (fad.grad's conjugate convention)
    rng = np.random.default_rng(5)
    x = rng.normal(size=16) + 1j * rng.normal(size=16)
    k = rng.normal(size=4) + 1j * rng.normal(size=4)

    def loss(k: Any) -> Any:
        return (abs(fss.correlate(x, k, "valid")) ** 2).sum()

    g = fad.grad(loss)(k)
    h = 1e-6
    for i in range(4):
        e = np.zeros(4, complex)
        e[i] = 1.0
        d_re = (loss(k + h * e) - loss(k - h * e)) / (2 * h)
        d_im = (loss(k + 1j * h * e) - loss(k - 1j * h * e)) / (2 * h)
        np.testing.assert_allclose(g[i], d_re - 1j * d_im, rtol=1e-7)


# --- fad's extension: axes and dot_axes (autograd's generalized convolve) ------------------


def _by_loops(name: str, a: Any, v: Any, axes: Any, dot_axes: Any, mode: str) -> Any:
    """The generalized convolution by its definition: for every index of the outer
    axes, the sum over the contracted indices of SciPy's convolution of the slices."""
    ca, cb = axes
    da, db = dot_axes
    ia = [i for i in range(a.ndim) if i not in ca and i not in da]
    ib = [j for j in range(v.ndim) if j not in cb and j not in db]
    at = np.transpose(a, ia + list(da) + list(ca))  # slices' axes in the order of ``axes``
    vt = np.transpose(v, ib + list(db) + list(cb))
    outer_a, outer_b = at.shape[: len(ia)], vt.shape[: len(ib)]
    dots = at.shape[len(ia) : len(ia) + len(da)]
    rows = {}
    for i in np.ndindex(*outer_a):
        for j in np.ndindex(*outer_b):
            rows[i + j] = sum(getattr(ss, name)(at[i + d], vt[j + d], mode) for d in np.ndindex(*dots))
    first = next(iter(rows.values()))
    out = np.empty(outer_a + outer_b + np.shape(first), np.result_type(a, v))
    for k, r in rows.items():
        out[k] = r
    return out


def test_autograds_generalization_cases() -> None:
    # the cases of autograd's test_convolve_generalization, by SciPy and tensordot
    rng = np.random.default_rng(6)
    a35, a34, a342 = rng.normal(size=(3, 5)), rng.normal(size=(3, 4)), rng.normal(size=(3, 4, 2))
    a2543, a24232 = rng.normal(size=(2, 5, 4, 3)), rng.normal(size=(2, 4, 2, 3, 2))
    for mode in MODES:
        y = fss.convolve(a35, a34, mode, axes=([1], [0]))
        assert y.shape[:2] == (3, 4)
        np.testing.assert_allclose(y[1, 2], ss.convolve(a35[1, :], a34[:, 2], mode), atol=1e-12)
        np.testing.assert_allclose(
            fss.convolve(a35, a34, mode, axes=([], []), dot_axes=([0], [0])), np.tensordot(a35, a34, ([0], [0]))
        )
        np.testing.assert_allclose(
            fss.convolve(a35, a342, mode, axes=([1], [2]), dot_axes=([0], [0]))[2],
            sum(ss.convolve(a35[i, :], a342[i, 2, :], mode) for i in range(3)),
        )
        want = sum(
            ss.convolve(a2543[i, :, :, j], a24232[i, 2, :, j, :], mode) for i in range(2) for j in range(3)
        )
        got = fss.convolve(a2543, a24232, mode, axes=([1, 2], [2, 4]), dot_axes=([0, 3], [0, 3]))[2]
        np.testing.assert_allclose(got, want, atol=1e-12)


CASES = [
    # (in1's shape, in2's shape, axes, dot_axes): autograd's test_convolve_ignore and _ignore_dot,
    # and layouts where either operand's outer axes lead the primitive's call (in2's for
    # CASES[0, 1, 3, 4, 5, 9, 12], in1's for the others)
    ((4, 3), (3, 2), ([0], [0]), ([], [])),
    ((4, 3), (3, 2), ([1], [1]), ([], [])),
    ((4, 3), (3, 2), ([0], [1]), ([], [])),
    ((4, 3), (3, 2), ([1], [0]), ([], [])),
    ((4, 3), (3, 2), ([0, 1], [0, 1]), ([], [])),
    ((4, 3), (3, 2), ([1, 0], [1, 0]), ([], [])),
    ((3, 3, 2), (3, 2, 3), ([1], [1]), ([0], [2])),
    ((3, 3, 2), (3, 2, 3), ([1], [1]), ([0], [0])),
    ((2, 6), (4, 2, 3), ([1], [2]), ([0], [1])),  # in2 has more outer entries
    ((5, 2, 6), (3,), ([2], [0]), ([], [])),  # in2 has no outer axis
    ((2,), (3, 4, 2), ([0], [2]), ([], [])),  # in1 has no outer axis
    ((3, 4), (4, 3), ([], []), ([0, 1], [1, 0])),  # a full contraction: a scalar
    ((2, 3), (4,), ([], []), ([], [])),  # an outer product
]


@pytest.mark.parametrize("name", ["convolve", "correlate"])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}x{c[1]}-axes{c[2]}-dot{c[3]}" for c in CASES])
def test_axes_and_dot_axes_values_match_loops_of_scipy(name: str, mode: str, case: Any) -> None:
    sa, sb, axes, dot_axes = case
    rng = np.random.default_rng(7)
    a, v = rng.normal(size=sa), rng.normal(size=sb)
    want = _by_loops(name, a, v, axes, dot_axes, mode)
    f = getattr(fss, name)
    np.testing.assert_allclose(f(a, v, mode, axes=axes, dot_axes=dot_axes), want, atol=1e-12)
    got = fad.jvp(lambda a, v: f(a, v, mode, axes=axes, dot_axes=dot_axes))((a, v), (a, v))[0]
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, atol=1e-12)
    # complex operands (correlate conjugates in2, its contracted axes too)
    ac, vc = a + 1j * rng.normal(size=sa), v - 1j * rng.normal(size=sb)
    want = _by_loops(name, ac, vc, axes, dot_axes, mode)
    got = fad.jvp(lambda a, v: f(a, v, mode, axes=axes, dot_axes=dot_axes))((ac, vc), (ac, vc))[0]
    np.testing.assert_allclose(got, want, atol=1e-12)


@pytest.mark.parametrize("name", ["convolve", "correlate"])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", CASES[:8], ids=[f"{c[0]}x{c[1]}-axes{c[2]}-dot{c[3]}" for c in CASES[:8]])
def test_axes_and_dot_axes_derivatives(name: str, mode: str, case: Any) -> None:
    # autograd's test_convolve_ignore / _ignore_dot combinations, both modes, order 2
    sa, sb, axes, dot_axes = case
    rng = np.random.default_rng(8)
    a, v = rng.normal(size=sa), rng.normal(size=sb)
    f = getattr(fss, name)
    check_grads(lambda a, v: f(a, v, mode, axes=axes, dot_axes=dot_axes), (a, v), order=2, modes=("fwd", "rev"))


@pytest.mark.parametrize("name", ["convolve", "correlate"])
@pytest.mark.parametrize(
    "case",
    [CASES[3], CASES[2], CASES[6], CASES[8]],
    ids=["in2-outer-leads", "in1-outer-leads", "dot", "in2-outer-only"],
)
def test_axes_and_dot_axes_jacobians_are_exact(name: str, case: Any) -> None:
    # bilinear: the Jacobian in each argument is the loops' value on unit arrays; jacrev and
    # jacfwd push batches of (co)tangents through the primitive's broadcast leading axes
    sa, sb, axes, dot_axes = case
    rng = np.random.default_rng(9)
    a, v = rng.normal(size=sa), rng.normal(size=sb)
    for mode in MODES:
        fn = lambda a, v: _by_loops(name, a, v, axes, dot_axes, mode)  # noqa: E731
        f = lambda a, v: getattr(fss, name)(a, v, mode, axes=axes, dot_axes=dot_axes)  # noqa: E731
        for which in (0, 1):
            want = _dense(fn, a, v, which)
            np.testing.assert_allclose(fad.jacrev(f, argnums=which)(a, v), want, atol=1e-12)
            np.testing.assert_allclose(fad.jacfwd(f, argnums=which)(a, v), want, atol=1e-12)


@pytest.mark.parametrize("name", ["convolve", "correlate"])
def test_axes_and_dot_axes_complex_derivatives(name: str) -> None:
    rng = np.random.default_rng(10)
    a = rng.normal(size=(3, 3, 2)) + 1j * rng.normal(size=(3, 3, 2))
    v = rng.normal(size=(3, 2, 3)) + 1j * rng.normal(size=(3, 2, 3))
    f = getattr(fss, name)
    for mode in MODES:
        check_grads(
            lambda a, v: f(a, v, mode, axes=([1], [1]), dot_axes=([0], [2])), (a, v), order=2, modes=("fwd", "rev")
        )


@pytest.mark.parametrize("name", ["convolve", "correlate"])
@pytest.mark.parametrize("method", METHODS)
def test_default_axes_are_scipys(name: str, method: str) -> None:
    # every axis convolved in order, nothing contracted: SciPy's function, to the last bit
    rng = np.random.default_rng(11)
    a, v = rng.normal(size=(5, 4)), rng.normal(size=(2, 3))
    f = getattr(fss, name)
    for mode in MODES:
        want = getattr(ss, name)(a, v, mode, method)
        for kw in ({"dot_axes": ([], [])}, {"axes": None, "dot_axes": None}):
            got = fad.jvp(lambda a: f(a, v, mode, method, **kw))((a,), (a,))[0]
            np.testing.assert_array_equal(got, want)
        got = fad.jvp(lambda a: f(a, v, mode, method, axes=([0, 1], [0, 1])))((a,), (a,))[0]
        np.testing.assert_allclose(got, want, atol=1e-12)
        # axes=None with dot_axes: every other axis, in order
        b = rng.normal(size=(3, 5, 4))
        c = rng.normal(size=(2, 3, 3))
        got = f(b, c, mode, method, dot_axes=([0], [1]))
        np.testing.assert_allclose(got, f(b, c, mode, method, axes=([1, 2], [0, 2]), dot_axes=([0], [1])))


def test_axes_and_dot_axes_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        fss.convolve(np.ones(3), np.ones(2), "full", "auto", ([0], [0]))  # type: ignore[misc]


def test_empty_axes_give_zeros_of_the_right_shape() -> None:
    y = fad.jvp(lambda a: fss.convolve(a, np.ones((2, 3)), axes=([1], [1])))((np.ones((0, 4)),), (np.ones((0, 4)),))[0]
    assert y.shape == (0, 2, 6) and not y.any()


@pytest.mark.parametrize("name", ["convolve", "correlate"])
def test_bad_axes_are_clear_errors(name: str) -> None:
    f = getattr(fss, name)
    a, v = np.ones((3, 4)), np.ones((3, 2))
    pre = rf"fad.scipy.signal.{name}: "
    with pytest.raises(ValueError, match=pre + "axes pairs 2 axes of in1 with 1 of in2"):
        f(a, v, axes=([0, 1], [1]))
    with pytest.raises(ValueError, match=pre + "dot_axes pairs 1 axes of in1 with 0 of in2"):
        fad.grad(lambda a: f(a, v, axes=([1], [1]), dot_axes=([0], [])).sum())(a)
    with pytest.raises(ValueError, match=pre + "axis 1 of in1 is repeated in axes"):
        f(a, v, axes=([1, -1], [0, 1]))
    with pytest.raises(ValueError, match=pre + "axis 0 of in2 is in both axes and dot_axes"):
        f(a, v, axes=([1], [0]), dot_axes=([0], [0]))
    sizes = r"dot_axes pairs axis 1 of in1 \(size 4\) with axis 1 of in2 \(size 2\)"
    with pytest.raises(ValueError, match=pre + sizes):
        fad.grad(lambda a: f(a, v, axes=([0], [0]), dot_axes=([1], [1])).sum())(a)
    with pytest.raises(ValueError, match=pre + "axes names axis 2, out of range for in1's 2 axes"):
        f(a, v, axes=([2], [0]))
    with pytest.raises(ValueError, match=pre + "axes must be a pair"):
        f(a, v, axes=[0, 1])
    with pytest.raises(ValueError, match=pre + "with axes=None every axis not in dot_axes is convolved"):
        f(a, np.ones((3, 2, 2)), dot_axes=([0], [0]))
    with pytest.raises(ValueError, match=pre + "for mode='valid' one input must be at least"):
        f(a, np.ones((2, 5)), "valid", axes=([0, 1], [0, 1]))
    with pytest.raises(ValueError, match=pre + "mode must be"):
        f(a, v, "middle", axes=([0], [0]))
    with pytest.raises(ValueError, match=pre + "mode must be .*axes and dot_axes are keyword-only"):
        f(a, v, ([0], [0]))  # type: ignore[arg-type]


@st.composite
def general_cases(draw: Any) -> tuple[Any, ...]:
    """Operands of 0 to 3 axes each, every axis drawn convolved (in pairs, in a drawn
    order), contracted (in pairs) or outer; sizes that fit the mode."""
    mode = draw(st.sampled_from(MODES))
    c, q = draw(st.integers(0, 2)), draw(st.integers(0, 1))
    pa, pb = draw(st.integers(0, 3 - c - q)), draw(st.integers(0, 3 - c - q))
    flip = draw(st.booleans())
    conv = []
    for _ in range(c):
        big, small = draw(st.integers(1, 4)), draw(st.integers(1, 4))
        small = min(big, small) if mode == "valid" else small
        conv.append((small, big) if flip else (big, small))
    dots = [draw(st.integers(1, 3)) for _ in range(q)]
    outer_a = [draw(st.integers(1, 2)) for _ in range(pa)]
    outer_b = [draw(st.integers(1, 2)) for _ in range(pb)]
    # each operand's axes: convolved, contracted and outer ones, in a drawn order
    shared = [("c", k) for k in range(c)] + [("d", k) for k in range(q)]
    roles_a = draw(st.permutations(shared + [("o", k) for k in range(pa)]))
    roles_b = draw(st.permutations(shared + [("o", k) for k in range(pb)]))

    def size(role: str, k: int, side: int) -> int:
        return conv[k][side] if role == "c" else dots[k] if role == "d" else (outer_a, outer_b)[side][k]

    sa = tuple(size(r, k, 0) for r, k in roles_a)
    sb = tuple(size(r, k, 1) for r, k in roles_b)
    order = draw(st.permutations(range(c)))  # pairs of convolved axes in a drawn order
    axes = ([roles_a.index(("c", k)) for k in order], [roles_b.index(("c", k)) for k in order])
    dot_axes = ([roles_a.index(("d", k)) for k in range(q)], [roles_b.index(("d", k)) for k in range(q)])
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    a, v = rng.normal(size=sa), rng.normal(size=sb)
    if draw(st.booleans()):
        a, v = a + 1j * rng.normal(size=sa), v + 1j * rng.normal(size=sb)
    return a, v, axes, dot_axes, mode, draw(st.sampled_from(METHODS))


@settings(deadline=None, max_examples=60)
@given(general_cases(), st.sampled_from(["convolve", "correlate"]))
def test_drawn_axes_and_dot_axes_match_loops_of_scipy(case: Any, name: str) -> None:
    a, v, axes, dot_axes, mode, method = case
    want = _by_loops(name, a, v, axes, dot_axes, mode)
    f = getattr(fss, name)
    got = fad.jvp(lambda a, v: f(a, v, mode, method, axes=axes, dot_axes=dot_axes))((a, v), (a, v))[0]
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(f(a, v, mode, method, axes=axes, dot_axes=dot_axes), want, rtol=1e-10, atol=1e-10)


@settings(deadline=None, max_examples=25)
@given(general_cases(), st.sampled_from(["convolve", "correlate"]))
def test_drawn_axes_and_dot_axes_derivatives(case: Any, name: str) -> None:
    a, v, axes, dot_axes, mode, method = case
    f = getattr(fss, name)
    check_grads(
        lambda a, v: f(a, v, mode, method, axes=axes, dot_axes=dot_axes), (a, v), order=2, modes=("fwd", "rev")
    )
