"""fad.numpy's elementwise family: values, NumPy's dispatch, lists holding
Tracers, the conventions at kinks and removable points, and errors — what the
property tests of tests/test_rules.py (derivatives against central differences)
cannot see."""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np
import pytest

import fad
import fad.numpy as fnp
from fad.numpy import _dispatch, _elementwise

X = np.array([[0.3, -1.7, 2.2], [-0.45, 1.1, 3.6]])
POS = np.array([[0.3, 1.7, 2.2], [0.45, 1.1, 3.6]])
Y = np.array([0.8, -1.3, 0.6])


def traced_value(f: Callable[..., Any], *args: Any) -> Any:
    """f's value on traced arguments (the output of fad.vjp)."""
    out, _ = fad.vjp(f)(*args)
    return out


# --- values: untraced, traced, and through NumPy's dispatch -------------------------------

UNARY: dict[str, tuple[Callable[..., Any], np.ndarray]] = {
    "arccosh": (np.arccosh, POS + 1.0),
    "cbrt": (np.cbrt, X),
    "fabs": (np.fabs, X),
    "deg2rad": (np.deg2rad, X * 90),
    "radians": (np.radians, X * 90),
    "rad2deg": (np.rad2deg, X),
    "degrees": (np.degrees, X),
    "exp2": (np.exp2, X),
    "expm1": (np.expm1, X),
    "log1p": (np.log1p, POS),
    "log2": (np.log2, POS),
    "log10": (np.log10, POS),
    "reciprocal": (np.reciprocal, X),
    "sinc": (np.sinc, np.append(X.ravel(), 0.0)),
    "positive": (np.positive, X),
    "rint": (np.rint, X),
    "fix": (np.fix, X),
    "trunc": (np.trunc, X),
    "floor": (np.floor, X),
    "ceil": (np.ceil, X),
    "sign": (np.sign, X),
    "real": (np.real, X),
    "imag": (np.imag, X),
    "conj": (np.conj, X),
    "conjugate": (np.conjugate, X),
    "angle": (np.angle, X),
    "real_if_close": (np.real_if_close, X),
    "nan_to_num": (np.nan_to_num, np.array([1.0, np.nan, np.inf, -np.inf])),
    "i0": (np.i0, X * 3),
}

BINARY: dict[str, tuple[Callable[..., Any], np.ndarray, np.ndarray]] = {
    "float_power": (np.float_power, POS, Y),
    "fmax": (np.fmax, np.array([1.0, np.nan, 2.0, np.nan]), np.array([0.5, 3.0, np.nan, np.nan])),
    "fmin": (np.fmin, np.array([1.0, np.nan, 2.0, np.nan]), np.array([0.5, 3.0, np.nan, np.nan])),
    "fmod": (np.fmod, X * 2, Y),
    "mod": (np.mod, X * 2, Y),
    "remainder": (np.remainder, X * 2, Y),
    "logaddexp2": (np.logaddexp2, X, Y),
    "hypot": (np.hypot, X, Y),
    "copysign": (np.copysign, X, np.array([1.0, -0.0, -2.0])),
    "heaviside": (np.heaviside, np.array([-1.0, 0.0, 2.0]), Y),
    "ldexp": (np.ldexp, X, np.array([-2, 0, 3])),
}

MULTI: dict[str, tuple[Callable[..., Any], tuple[np.ndarray, ...]]] = {
    "frexp": (np.frexp, (np.array([0.0, 12.0, -0.3, 1e-310, np.inf]),)),
    "modf": (np.modf, (np.array([0.0, 2.5, -2.5, -3.0, 7.25]),)),
    "divmod": (np.divmod, (X * 2, Y)),
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_values_agree_with_numpy(name: str) -> None:
    np_fn, x = UNARY[name]
    f = getattr(fnp, name)
    want = np_fn(x)
    np.testing.assert_array_equal(f(x), want)
    np.testing.assert_allclose(traced_value(f, x), want, rtol=1e-15, atol=0)
    np.testing.assert_allclose(traced_value(np_fn, x), want, rtol=1e-15, atol=0)  # dispatch


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_values_agree_with_numpy(name: str) -> None:
    np_fn, x, y = BINARY[name]
    f = getattr(fnp, name)
    want = np_fn(x, y)
    np.testing.assert_array_equal(f(x, y), want)
    np.testing.assert_allclose(traced_value(lambda x: f(x, y), x), want, rtol=1e-15, atol=0)
    np.testing.assert_allclose(traced_value(lambda x: np_fn(x, y), x), want, rtol=1e-15, atol=0)
    if name != "ldexp":  # its exponents are integers, not traced
        np.testing.assert_allclose(traced_value(lambda y: f(x, y), y), want, rtol=1e-15, atol=0)


@pytest.mark.parametrize("name", sorted(MULTI))
def test_multiple_outputs_agree_with_numpy(name: str) -> None:
    np_fn, args = MULTI[name]
    f = getattr(fnp, name)
    want = np_fn(*args)
    for got in (f(*args), traced_value(f, *args), traced_value(np_fn, *args)):
        assert len(got) == 2
        for g, w in zip(got, want):
            np.testing.assert_array_equal(g, w)
            np.testing.assert_array_equal(np.signbit(g), np.signbit(w))  # -0.0 too
            assert np.asarray(g).dtype == w.dtype


def test_every_table_entry_is_reached_through_numpys_dispatch() -> None:
    for np_fn, fad_fn in _elementwise.NUMPY.items():
        table = _dispatch.ufuncs if isinstance(np_fn, np.ufunc) else _dispatch.functions
        assert table[np_fn] is fad_fn


def test_numpy_2_aliases_are_the_same_functions() -> None:
    pairs = [("acos", "arccos"), ("acosh", "arccosh"), ("asin", "arcsin"), ("asinh", "arcsinh"),
             ("atan", "arctan"), ("atan2", "arctan2"), ("atanh", "arctanh"), ("pow", "power"),
             ("mod", "remainder"), ("conj", "conjugate"), ("around", "round"), ("abs", "absolute")]
    for alias, name in pairs:
        assert getattr(fnp, alias) is getattr(fnp, name)
    # NumPy's aliases are the same ufuncs too, so one table entry serves both
    for alias, name in pairs[:8]:
        assert getattr(np, alias) is getattr(np, name)
    assert float(fad.grad(np.acos)(0.5)) == pytest.approx(-1 / math.sqrt(0.75))


def test_dtypes_follow_numpy() -> None:
    x32 = np.array([0.5, 1.5], np.float32)
    for f in (fnp.cbrt, fnp.sinc, fnp.i0, fnp.deg2rad, fnp.exp2, fnp.fabs, fnp.arccosh):
        arg = x32 + 1 if f is fnp.arccosh else x32
        assert traced_value(f, arg).dtype == np.float32, f
    assert traced_value(lambda x: fnp.fmod(x, np.float32(0.7)), x32).dtype == np.float32
    assert traced_value(lambda x: fnp.float_power(x, 2), x32).dtype == np.float64
    g = fad.grad(lambda x: fnp.sum(fnp.float_power(x, 2)))(x32)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, 2 * x32)
    m, e = traced_value(fnp.frexp, x32)
    assert m.dtype == np.float32 and e.dtype == np.frexp(x32)[1].dtype


@pytest.mark.parametrize("name", sorted(BINARY.keys() - {"ldexp"}))
@pytest.mark.parametrize("other", [0.7, 2, np.float64(0.7), np.array([0.7, 0.2], np.float32)], ids=repr)
def test_binary_dtypes_follow_numpys_promotion(name: str, other: Any) -> None:
    # Python numbers are weak (float32 stays float32), NumPy scalars are not
    np_fn, f = BINARY[name][0], getattr(fnp, name)
    x = np.array([0.3, 1.7] if name == "float_power" else [0.3, -1.7], np.float32)
    for got, want in ((traced_value(lambda x: f(x, other), x), np_fn(x, other)),
                      (traced_value(lambda x: f(other, x), x), np_fn(other, x))):
        assert got.dtype == want.dtype
        np.testing.assert_allclose(got, want, rtol=1e-6)


# --- lists holding Tracers ----------------------------------------------------------------


def test_lists_holding_tracers_are_operands() -> None:
    def f(x: Any) -> Any:
        parts = [
            fnp.exp([x, 1.0]),
            fnp.cbrt([x, 8.0]),
            fnp.sinc([x, 0.0]),
            fnp.fmax([x, np.nan], 0.0),
            fnp.fmod([x, 3.0], 2.0),
            fnp.copysign([x, 1.0], -1.0),
            fnp.add([x, 1.0], [1.0, x]),
            fnp.arctan2([x, 1.0], 2.0),
            fnp.real([x, 1.0]),
            fnp.positive([x, 1.0]),
            fnp.nan_to_num([x, np.nan]),
            fnp.frexp([x, 1.0])[0],
            fnp.ldexp([x, 1.0], 2),
            fnp.exp2([x, 1.0]),
            fnp.clip([x, 1.0]),
        ]
        return fnp.sum(fnp.stack([p[0] for p in parts]))

    x = 1.3
    want = (math.exp(x) + x ** (-2 / 3) / 3 + (math.pi * x * math.cos(math.pi * x) - math.sin(math.pi * x))
            / (math.pi * x * x) + 1 + 1 - 1 + 1 + 2 / (4 + x * x) + 1 + 1 + 1 + 0.5 + 4
            + math.log(2) * 2**x + 1)
    assert float(fad.grad(f)(x)) == pytest.approx(want)


def test_piecewise_constant_maps_take_lists_holding_tracers() -> None:
    for f in (fnp.rint, fnp.trunc, fnp.fix, fnp.floor, fnp.round, fnp.sign, fnp.angle, fnp.imag):
        assert float(fad.grad(lambda x: fnp.sum(f([x, 2.0])) + x)(1.3)) == 1.0, f


# --- conventions at kinks, jumps and removable points --------------------------------------


def test_fmax_and_fmin_give_the_derivative_to_the_argument_that_is_not_nan() -> None:
    a = np.array([1.0, np.nan, 2.0, np.nan, 1.0])
    b = np.array([0.5, 3.0, np.nan, np.nan, 1.0])
    for f in (fnp.fmax, fnp.fmin):
        ga, gb = fad.grad(lambda a, b: fnp.sum(f(a, b)), argnums=(0, 1))(a, b)
        # a wins 1 (fmax) / 0 (fmin) at 0; a NaN loses; both NaN: the first; a tie splits
        first = 1.0 if f is fnp.fmax else 0.0
        np.testing.assert_array_equal(ga, [first, 0.0, 1.0, 1.0, 0.5])
        np.testing.assert_array_equal(gb, [1 - first, 1.0, 0.0, 0.0, 0.5])
        # forward mode agrees
        _, t = fad.jvp(lambda a: f(a, b))((a,), (np.ones(5),))
        np.testing.assert_array_equal(t, ga)


@pytest.mark.parametrize("name, rounding", [("fmod", np.trunc), ("remainder", np.floor), ("mod", np.floor)])
def test_remainders_derivative_in_the_divisor_is_minus_the_quotient(name: str, rounding: Any) -> None:
    f = getattr(fnp, name)
    x, y = np.array([-7.0, 7.0, 5.5, -5.5]), np.array([2.0, -2.0, 1.5, 1.5])
    gx, gy = fad.grad(lambda x, y: fnp.sum(f(x, y)), argnums=(0, 1))(x, y)
    np.testing.assert_array_equal(gx, np.ones(4))
    np.testing.assert_array_equal(gy, -rounding(x / y))
    np.testing.assert_array_equal(fad.hessian(lambda y: fnp.sum(f(x, y)))(y), np.zeros((4, 4)))


def test_divmod_quotient_is_a_constant() -> None:
    def f(x: Any) -> Any:
        q, r = np.divmod(x, 0.75)
        assert not fad.is_tracer(q)
        return fnp.sum(q + r)

    np.testing.assert_array_equal(fad.grad(f)(np.array([1.0, -2.0])), [1.0, 1.0])


def test_copysign_derivative() -> None:
    x = np.array([3.0, -3.0, 3.0, -3.0, 0.0])
    y = np.array([1.0, 1.0, -1.0, -0.0, -2.0])
    gx, gy = fad.grad(lambda x, y: fnp.sum(fnp.copysign(x, y)), argnums=(0, 1))(x, y)
    np.testing.assert_array_equal(gx, [1.0, -1.0, -1.0, 1.0, 0.0])
    np.testing.assert_array_equal(gy, np.zeros(5))


def test_nan_to_num_derivative_is_one_where_finite_and_zero_where_replaced() -> None:
    x = np.array([1.0, np.nan, np.inf, -np.inf, -2.0])
    for kw in ({}, {"nan": 5.0, "posinf": 1.0, "neginf": -1.0}):
        out, pull = fad.vjp(lambda x: fnp.nan_to_num(x, **kw))(x)
        np.testing.assert_array_equal(out, np.nan_to_num(x, **kw))
        np.testing.assert_array_equal(pull(np.ones(5))[0], [1.0, 0.0, 0.0, 0.0, 1.0])
    x32 = x.astype(np.float32)
    np.testing.assert_array_equal(traced_value(np.nan_to_num, x32), np.nan_to_num(x32))
    assert traced_value(np.nan_to_num, x32).dtype == np.float32


def _derivatives_at(f: Callable[..., Any], x: float, n: int) -> list[float]:
    out = []
    g = f
    for _ in range(n):
        g = fad.grad(g)
        out.append(float(g(x)))
    return out


def test_sinc_at_its_removable_point() -> None:
    d1, d2, d3, d4 = _derivatives_at(fnp.sinc, 0.0, 4)
    assert (d1, d3) == (0.0, 0.0)
    assert d2 == pytest.approx(-math.pi**2 / 3, rel=1e-14)
    assert d4 == pytest.approx(math.pi**4 / 5, rel=1e-14)
    # forward over forward agrees at 0
    dd = fad.jacfwd(fad.jacfwd(fnp.sinc))(0.0)
    assert float(dd) == pytest.approx(-math.pi**2 / 3, rel=1e-14)
    # near 0 the derivatives are smooth (no 0 / 0, no cancellation) ...
    for x in (1e-9, -1e-5):
        d1, d2 = _derivatives_at(fnp.sinc, x, 2)
        assert d1 == pytest.approx(-math.pi**2 * x / 3, rel=1e-6)
        assert d2 == pytest.approx(-math.pi**2 / 3, rel=1e-6)
    # ... and where the computation switches from the series to the closed form, continuous
    for x in (0.999999, 1.0, 1.000001):
        d1, d2 = _derivatives_at(fnp.sinc, x, 2)
        z = math.pi * x
        sinc, dsinc = math.sin(z) / z, (z * math.cos(z) - math.sin(z)) / (math.pi * x * x)
        assert d1 == pytest.approx(dsinc, rel=1e-12)
        assert d2 == pytest.approx(-math.pi**2 * sinc - 2 * dsinc / x, rel=1e-9)


def test_sinc_derivatives_agree_with_the_closed_form_away_from_zero() -> None:
    x = np.array([-2.3, -1.0, 1.7, 3.1])
    z = np.pi * x
    g = fad.elementwise_grad(fnp.sinc)(x)
    np.testing.assert_allclose(g, (z * np.cos(z) - np.sin(z)) / (np.pi * x * x), rtol=1e-13)


def test_i0_derivatives() -> None:
    # I0' = I1, I0'' = I0 - I1 / x (1/2 at 0); I1 checked against its series
    assert _derivatives_at(fnp.i0, 0.0, 3) == [0.0, 0.5, 0.0]
    x = np.array([-3.0, -0.5, 0.25, 1.0, 5.0, 31.0, 60.0])
    i1 = np.zeros_like(x)
    term = x / 2
    for k in range(1, 200):  # A&S 9.6.10
        i1 += term
        term = term * (x / 2) ** 2 / (k * (k + 1))
    np.testing.assert_allclose(fad.elementwise_grad(fnp.i0)(x), i1, rtol=1e-13)
    np.testing.assert_allclose(
        fad.elementwise_grad(fad.elementwise_grad(fnp.i0))(x), np.i0(x) - i1 / x, rtol=1e-13
    )
    assert float(fad.grad(np.i0)(1.0)) == pytest.approx(0.5651591039924851, rel=1e-14)  # I1(1)


def test_i1_against_scipy() -> None:
    special = pytest.importorskip("scipy.special")
    x = np.concatenate([np.linspace(-40.0, 40.0, 801), [0.0, 1e-300, -1e-5]])
    got = fad.elementwise_grad(fnp.i0)(x)
    np.testing.assert_allclose(got, special.i1(x), rtol=5e-14)


def test_i1_at_infinities() -> None:
    from fad.numpy._elementwise import _i1

    np.testing.assert_array_equal(_i1(np.array([np.inf, -np.inf, np.nan])), [np.inf, -np.inf, np.nan])


def test_frexp_mantissa_derivative_is_a_power_of_two() -> None:
    x = np.array([12.0, -0.3, 1e-3, 5.0])
    _, e = np.frexp(x)
    g = fad.elementwise_grad(lambda x: fnp.frexp(x)[0])(x)
    np.testing.assert_array_equal(g, 2.0 ** -e)


def test_modf_and_ldexp() -> None:
    x = np.array([2.5, -2.5, 0.25])
    np.testing.assert_array_equal(fad.elementwise_grad(lambda x: fnp.modf(x)[0])(x), np.ones(3))
    # ldexp is exact where 2**e alone would overflow
    y, pull = fad.vjp(lambda x: fnp.ldexp(x, 1100))(np.array([1e-300]))
    np.testing.assert_array_equal(y, np.ldexp(1e-300, 1100))
    np.testing.assert_array_equal(pull(np.array([1e-300]))[0], np.ldexp(1e-300, 1100))


def test_piecewise_constant_maps_have_zero_derivatives() -> None:
    x = np.array([0.3, -1.7, 2.5, 1.25])
    cases = {
        "rint": fnp.rint, "fix": fnp.fix, "trunc": fnp.trunc, "round": lambda x: fnp.round(x, 1),
        "around": lambda x: fnp.around(x, decimals=-1), "np.around": lambda x: np.around(x, 1),
        "np.round": lambda x: np.round(x, decimals=1), "angle": lambda x: fnp.angle(x, deg=True),
        "imag": fnp.imag, "np.heaviside": lambda x: np.heaviside(x, 0.5),
    }
    for name, f in cases.items():
        out, pull = fad.vjp(f)(x)
        assert not fad.is_tracer(out), name
        np.testing.assert_array_equal(pull(np.ones(4))[0], np.zeros(4))
    gx, gy = fad.grad(lambda a, b: fnp.sum(fnp.heaviside(a, b)), argnums=(0, 1))(np.array([-1.0, 0.0, 1.0]), 0.5)
    np.testing.assert_array_equal(gx, np.zeros(3))
    assert float(gy) == 0.0


def test_round_takes_decimals_and_out_as_numpy_does() -> None:
    x = np.array([1.2345, -9.876, 1250.0])
    for d in (0, 2, -2):
        np.testing.assert_array_equal(fnp.round(x, d), np.round(x, d))
        np.testing.assert_array_equal(traced_value(lambda x: fnp.around(x, decimals=d), x), np.around(x, d))
    buf = np.empty(3)
    assert fnp.round(x, 1, out=buf) is buf
    np.testing.assert_array_equal(buf, np.round(x, 1))


def test_real_number_complex_helpers_are_identities_or_constants() -> None:
    x = np.array([2.0, -3.0])
    for f in (fnp.real, fnp.conj, fnp.conjugate, fnp.real_if_close, np.real, np.conj, np.real_if_close):
        out, pull = fad.vjp(f)(x)
        np.testing.assert_array_equal(out, x)
        np.testing.assert_array_equal(pull(np.array([1.0, 2.0]))[0], [1.0, 2.0])
    np.testing.assert_array_equal(traced_value(fnp.angle, x), [0.0, np.pi])
    np.testing.assert_array_equal(traced_value(lambda x: np.angle(x, deg=True), x), [0.0, 180.0])
    out = traced_value(np.imag, x)
    np.testing.assert_array_equal(out, [0.0, 0.0])
    out[0] = 1.0  # a fresh, writeable array


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["deg2rad", "fmod", "cbrt", "logaddexp", "fabs"])
def test_complex_operands_of_real_only_maps_are_refused(name: str) -> None:
    f = getattr(fnp, name)
    two = name in ("fmod", "logaddexp")
    args: Callable[[Any], Any] = (lambda x: f([x, 1j], 2.0)) if two else (lambda x: f([x, 1j]))
    with pytest.raises(TypeError, match=rf"fad.numpy.{name} \(np.{name} on traced values\) takes real values only"):
        fad.grad(lambda x: fnp.sum(fnp.real(args(x))))(1.0)
    traced: Callable[[Any], Any] = (lambda z: f(z, 2.0)) if two else f  # a traced complex operand too
    with pytest.raises(TypeError, match="takes real values only"):
        fad.grad(lambda z: fnp.sum(fnp.real(traced(z))))(np.array([1j, 2.0]))


@pytest.mark.parametrize("name", ["real", "imag", "conjugate", "angle", "real_if_close"])
def test_complex_operands_next_to_traced_ones_are_differentiated(name: str) -> None:
    f = getattr(fnp, name)
    got = fad.grad(lambda x: fnp.sum(fnp.real(f(fnp.stack([x, x * 1j + 1j])))))(1.0)
    g = getattr(np, name)
    plain = lambda x: float(np.sum(np.real(g(np.array([x, x * 1j + 1j])))))  # noqa: E731
    assert float(got) == pytest.approx((plain(1.0 + 1e-6) - plain(1.0 - 1e-6)) / 2e-6, abs=1e-6)


def test_complex_input_untraced_is_numpys() -> None:
    z = np.array([1 + 2j, -3j])
    np.testing.assert_array_equal(fnp.real(z), np.real(z))
    np.testing.assert_array_equal(fnp.imag(z), np.imag(z))
    np.testing.assert_array_equal(fnp.conj(z), np.conj(z))
    np.testing.assert_array_equal(fnp.angle(z), np.angle(z))


def test_ldexp_refuses_float_exponents_clearly() -> None:
    with pytest.raises(TypeError, match="ldexp: the exponents x2 must be integers"):
        fad.grad(lambda e: fnp.ldexp(3.0, e))(2.0)


def test_ufunc_keywords_on_traced_values() -> None:
    # out= is refused by Tracer.__array_ufunc__ with the ufunc's name; other
    # keywords go to the fad.numpy function, which names what it lacks;
    # piecewise-constant ufuncs run on the concrete values (no derivative to lose)
    x = np.array([1.0, 8.0])
    with pytest.raises(TypeError, match=r"np.cbrt with out= is not supported on traced values"):
        fad.grad(lambda x: fnp.sum(np.cbrt(x, out=np.empty(2))))(x)
    with pytest.raises(TypeError, match=r"np.fmod on a traced value goes to fad.numpy.fmod, which does not take"):
        fad.grad(lambda x: fnp.sum(np.fmod(x, 3.0, where=x > 2)))(x)
    buf = np.empty(2)
    g = fad.grad(lambda x: fnp.sum(np.cbrt(x) + np.rint(x, out=buf)))(x)
    np.testing.assert_allclose(g, 1 / (3 * np.cbrt(x) ** 2))
    np.testing.assert_array_equal(buf, np.rint(x))


def test_traced_values_are_numpys_to_the_last_bit() -> None:
    # so that floor(log2(x)) and friends agree with NumPy on traced values
    x = np.array([8.0, 1024.0, 0.125, 3.0])
    inputs = {np.log2: x, np.log10: x * 125, np.exp2: np.log2(x), np.cbrt: x, np.sinc: x / 7, np.i0: x / 100}
    for f, arg in inputs.items():
        np.testing.assert_array_equal(traced_value(f, arg), f(arg))
    for f2 in (np.hypot, np.logaddexp, np.logaddexp2, np.fmod, np.remainder):
        np.testing.assert_array_equal(traced_value(lambda x: f2(x, 0.7), x), f2(x, 0.7))
    assert float(traced_value(lambda x: fnp.floor(fnp.log2(x)), 8.0)) == 3.0
    big = np.array([1e200, -3e300])
    np.testing.assert_array_equal(traced_value(lambda x: fnp.hypot(x, 1e200), big), np.hypot(big, 1e200))
    np.testing.assert_allclose(fad.elementwise_grad(lambda x: fnp.hypot(x, 1e200))(big), big / np.hypot(big, 1e200))


def test_logaddexp_derivatives_at_infinities() -> None:
    a = np.array([-np.inf, -np.inf, np.inf, 1.0, np.inf])
    b = np.array([0.0, -np.inf, 2.0, np.inf, np.inf])
    for f in (fnp.logaddexp, fnp.logaddexp2):
        _, pull = fad.vjp(f)(a, b)
        ga, gb = pull(np.ones(5))
        # weights of a softmax; where the value is infinite, the larger argument's
        np.testing.assert_array_equal(ga, [0.0, 0.5, 1.0, 0.0, 0.5])
        np.testing.assert_array_equal(gb, [1.0, 0.5, 0.0, 1.0, 0.5])
    g = fad.grad(lambda x: fnp.logaddexp2(x, 1.0))(1.0)
    assert float(g) == 0.5


def test_sigmoid_and_its_derivatives_keep_their_size_in_both_tails() -> None:
    # The tanh form 0.5 (tanh(x / 2) + 1) rounds to 0 below x = -37, and the
    # slope y (1 - y) to 0 above 37; the values there are e^-|x|, not 0.
    sp = pytest.importorskip("scipy.special", reason="SciPy's expit is the reference")
    x = np.concatenate([np.linspace(-700.0, 700.0, 141), [-40.0, 40.0]])
    s, t = sp.expit(x), sp.expit(-x)
    np.testing.assert_allclose(fnp.sigmoid(x), s, rtol=1e-14, atol=0)
    np.testing.assert_allclose(fad.elementwise_grad(fnp.sigmoid)(x), s * t, rtol=1e-14, atol=0)
    second = fad.elementwise_grad(fad.elementwise_grad(fnp.sigmoid))(x)
    np.testing.assert_allclose(second, s * t * (t - s), rtol=1e-12, atol=0)
    assert float(fad.grad(fnp.sigmoid)(40.0)) == pytest.approx(4.248354255291589e-18, rel=1e-14)
    assert fnp.sigmoid(np.float32(-40.0)).dtype == np.float32 and float(fnp.sigmoid(np.float32(-40.0))) > 0
    assert np.isnan(fnp.sigmoid(np.nan)) and fnp.sigmoid(np.inf) == 1.0 and fnp.sigmoid(-np.inf) == 0.0
