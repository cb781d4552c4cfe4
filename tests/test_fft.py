"""fad.numpy.fft: values against NumPy's, derivatives of every function at
orders 1 and 2 in both modes, the rules' transpose identities (JAX's
convention: ``Re sum(w * J u) = Re sum(J^T w * u)``), the Hermitian
bookkeeping of rfft/irfft for odd and even, cropped and padded lengths, plain
``np.fft`` calls on traced values, and the errors.

The property suite draws every function too (tests/_catalogue_fft.py); the
cases here are fixed ones that name what they check.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest

import fad
import fad.numpy as fnp
from fad.numpy import _fft
from fad.testing import check_grads

rng = np.random.default_rng(0)
X1 = rng.standard_normal(6)
X2 = rng.standard_normal((3, 5))
X3 = rng.standard_normal((2, 3, 4))
Z1 = rng.standard_normal(5) + 1j * rng.standard_normal(5)
Z2 = rng.standard_normal((3, 4)) + 1j * rng.standard_normal((3, 4))
NORMS = [None, "backward", "ortho", "forward"]


def _traced_complex(f: Callable[..., Any], *args: Any) -> Any:
    """``f(*args)`` computed on traced values (the output ``fad.vjp`` records)."""
    out, _ = fad.vjp(f)(*args)
    return out


# --- values ---------------------------------------------------------------------------------

ONE_AXIS = [
    ("fft", X1, {}), ("fft", Z1, {"n": 8}), ("fft", X2, {"n": 3, "axis": 0}),
    ("ifft", Z1, {"n": 4}), ("ifft", X2, {"axis": -2}),
    ("rfft", X1, {}), ("rfft", X1, {"n": 9}), ("rfft", X2, {"n": 4, "axis": 0}),
    ("irfft", Z1, {}), ("irfft", Z1, {"n": 9}), ("irfft", Z1, {"n": 4}), ("irfft", Z2, {"axis": 0, "n": 5}),
    ("hfft", Z1, {}), ("hfft", Z1, {"n": 7}), ("hfft", X1, {"n": 3}),
    ("ihfft", X1, {}), ("ihfft", X2, {"n": 7, "axis": 0}),
]


@pytest.mark.parametrize("norm", NORMS)
@pytest.mark.parametrize("name, x, kw", ONE_AXIS, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(ONE_AXIS)])
def test_one_axis_transforms_match_numpy(name: str, x: Any, kw: dict[str, Any], norm: Any) -> None:
    want = getattr(np.fft, name)(x, norm=norm, **kw)
    for fn in (getattr(fnp.fft, name), getattr(np.fft, name)):  # fad's, and NumPy's dispatching to it
        got = _traced_complex(lambda a: fn(a, norm=norm, **kw), x)
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


N_AXES = [
    ("fftn", X3, {}), ("fftn", X3, {"s": (2, 5), "axes": (0, 2)}), ("fftn", Z2, {"axes": (1,)}),
    ("fftn", X3, {"axes": (2, 0, 2)}),  # a repeated axis: transformed twice, as NumPy does
    ("ifftn", Z2, {"s": (4, 3), "axes": (0, 1)}), ("fft2", X3, {}), ("ifft2", X3, {"axes": (0, 2), "s": (3, 3)}),
    ("rfftn", X3, {}), ("rfftn", X3, {"s": (3, 5), "axes": (2, 1)}), ("rfft2", X2, {"s": (2, 6)}),
    ("rfftn", X3, {"axes": (1, 2, 1)}),
    ("irfftn", Z2, {}), ("irfftn", Z2, {"s": (2, 7), "axes": (-2, -1)}), ("irfft2", Z2, {"s": (5, 4)}),
    ("irfftn", Z2, {"axes": (1, 0)}), ("irfftn", Z2, {"axes": (0, 1, 0), "s": (3, 4, 5)}),
]


@pytest.mark.parametrize("norm", NORMS)
@pytest.mark.parametrize("name, x, kw", N_AXES, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(N_AXES)])
def test_n_dimensional_transforms_match_numpy(name: str, x: Any, kw: dict[str, Any], norm: Any) -> None:
    want = getattr(np.fft, name)(x, norm=norm, **kw)
    for fn in (getattr(fnp.fft, name), getattr(np.fft, name)):
        got = _traced_complex(lambda a: fn(a, norm=norm, **kw), x)
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def test_single_precision_stays_single() -> None:
    x = X1.astype(np.float32)
    y = _traced_complex(fnp.fft.rfft, x)
    assert y.dtype == np.complex64
    assert _traced_complex(lambda x: fnp.fft.irfft(fnp.fft.rfft(x)), x).dtype == np.float32
    g = fad.grad(lambda x: fnp.sum(fnp.abs(fnp.fft.fft(x)) ** 2))(x)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, 2 * 6 * x, rtol=1e-5)


def test_shifts_and_frequencies() -> None:
    for x in (X1, X2, rng.standard_normal(7)):
        for axes in (None, 0, (-1,)):
            np.testing.assert_array_equal(_traced_complex(lambda a: fnp.fft.fftshift(a, axes), x),
                                          np.fft.fftshift(x, axes))
            np.testing.assert_array_equal(_traced_complex(lambda a: np.fft.ifftshift(a, axes), x),
                                          np.fft.ifftshift(x, axes))
    np.testing.assert_array_equal(fnp.fft.fftfreq(7, 0.1), np.fft.fftfreq(7, 0.1))
    np.testing.assert_array_equal(fnp.fft.rfftfreq(8), np.fft.rfftfreq(8))
    # a traced spacing divides the constants, with its derivative
    g = fad.grad(lambda d: fnp.sum(fnp.fft.rfftfreq(8, d) ** 2))(0.5)
    np.testing.assert_allclose(g, -2 * np.sum(np.fft.rfftfreq(8, 1.0) ** 2) / 0.5**3)


# --- derivatives: every function, orders 1 and 2, both modes ------------------------------------


DERIVATIVES: dict[str, tuple[Callable[..., Any], tuple[Any, ...]]] = {
    "fft": (lambda z: fnp.fft.fft(z, n=7, norm="ortho"), (Z1,)),
    "fft_real_cropped": (lambda x: np.fft.fft(x, n=4), (X1,)),
    "ifft": (lambda z: fnp.fft.ifft(z, axis=0), (Z2,)),
    "fft2": (lambda x: fnp.fft.fft2(x, s=(2, 6)), (X3,)),
    "ifft2": (lambda z: fnp.fft.ifft2(z, norm="forward"), (Z2,)),
    "fftn": (lambda x: fnp.fft.fftn(x, axes=(0, 2)), (X3,)),
    "ifftn": (lambda z: np.fft.ifftn(z, s=(4, 5), axes=(0, 1)), (Z2,)),
    "rfft_even": (lambda x: fnp.fft.rfft(x), (X1,)),
    "rfft_odd_padded": (lambda x: fnp.fft.rfft(x, n=9, norm="forward"), (X1,)),
    "rfft_even_cropped": (lambda x: np.fft.rfft(x, n=4, norm="ortho"), (X1,)),
    "rfft2": (lambda x: fnp.fft.rfft2(x, s=(3, 4)), (X2,)),
    "rfftn": (lambda x: fnp.fft.rfftn(x, axes=(2, 0)), (X3,)),
    "irfft_even": (lambda z: fnp.fft.irfft(z), (Z1,)),
    "irfft_odd": (lambda z: fnp.fft.irfft(z, n=9), (Z1,)),
    "irfft_cropped_spectrum": (lambda z: np.fft.irfft(z, n=5, norm="ortho"), (Z1,)),
    "irfft_padded_spectrum": (lambda z: fnp.fft.irfft(z, n=12, norm="forward"), (Z1,)),
    "irfft_real_input": (lambda x: fnp.fft.irfft(x, n=7), (X1,)),
    "irfft2": (lambda z: fnp.fft.irfft2(z, s=(3, 5)), (Z2,)),
    "irfftn": (lambda z: fnp.fft.irfftn(z, axes=(1, 0)), (Z2,)),
    "hfft": (lambda z: fnp.fft.hfft(z, n=7, norm="ortho"), (Z1,)),
    "hfft_even_cropped": (lambda z: fnp.fft.hfft(z, n=4), (Z1,)),
    "hfft_real_input_padded": (lambda x: np.fft.hfft(x, n=14, norm="forward"), (X1,)),
    "ihfft": (lambda x: np.fft.ihfft(x, n=5), (X1,)),
    "ihfft_padded": (lambda x: fnp.fft.ihfft(x, n=9, norm="ortho"), (X1,)),
    "rfft_float32": (lambda x: fnp.fft.rfft(x, n=7), (X1.astype(np.float32),)),
    "irfft_complex64": (lambda z: fnp.fft.irfft(z, n=8), (Z1.astype(np.complex64),)),
    "fftshift": (lambda z: fnp.fft.fftshift(z, axes=0), (Z2,)),
    "ifftshift": (lambda x: np.fft.ifftshift(x), (X3,)),
    "spectral_loss": (lambda x: fnp.sum(fnp.abs(fnp.fft.rfft(x)) ** 2 * np.arange(4.0)), (X1,)),
}


@pytest.mark.parametrize("name", sorted(DERIVATIVES))
def test_derivatives_of_every_function(name: str) -> None:
    f, args = DERIVATIVES[name]
    check_grads(f, args, order=2, modes=("fwd", "rev"))


def test_every_public_function_is_checked() -> None:
    checked = {name.split("_")[0] for name in DERIVATIVES}
    assert set(fnp.fft.__all__) - set(_fft.NOT_DIFFERENTIABLE) <= checked


def test_complex_inputs_directly() -> None:
    # grad of a real loss of a complex input: the conjugate of the ascent direction
    # (JAX's convention). For L = sum |fft(z)|^2 = n sum |z|^2 that is 2 n conj(z).
    g = fad.grad(lambda z: fnp.sum(fnp.abs(fnp.fft.fft(z)) ** 2))(Z1)
    np.testing.assert_allclose(g, 2 * 5 * np.conj(Z1), rtol=1e-12)
    # a holomorphic map: jacfwd/jacrev with holomorphic=True give the DFT matrix
    dft = np.fft.fft(np.eye(5), axis=0)
    np.testing.assert_allclose(fad.jacfwd(fnp.fft.fft, holomorphic=True)(Z1), dft, atol=1e-12)
    np.testing.assert_allclose(fad.jacrev(fnp.fft.fft, holomorphic=True)(Z1), dft, atol=1e-12)


def test_irfft_ignores_the_imaginary_parts_of_bins_0_and_nyquist() -> None:
    # irfft reads Re X[0] and (even n) Re X[n/2] only: their imaginary parts get no cotangent
    w = rng.standard_normal(8)
    g_even = fad.grad(lambda z: fnp.sum(fnp.fft.irfft(z, n=8) * w))(Z1)
    assert g_even[0].imag == 0 and g_even[4].imag == 0
    assert np.all(g_even[1:4].imag != 0)
    g_odd = fad.grad(lambda z: fnp.sum(fnp.fft.irfft(z, n=9) * np.arange(9.0)))(Z1)
    assert g_odd[0].imag == 0 and g_odd[4].imag != 0
    # against the dense real-linear map, column by column: along a real direction e,
    # Re(g e) = w . J e; along an imaginary one, Re(g i e) = -Im(g) e = w . J (i e)
    for n in (7, 8, 4, 12):
        m = Z1.size
        jac = np.stack([np.fft.irfft(e, n) for e in np.eye(m)], axis=1)
        jac_i = np.stack([np.fft.irfft(1j * e, n) for e in np.eye(m)], axis=1)
        wn = rng.standard_normal(n)
        g = fad.grad(lambda z: fnp.sum(fnp.fft.irfft(z, n) * wn))(Z1)
        np.testing.assert_allclose(g.real, wn @ jac, atol=1e-12)
        np.testing.assert_allclose(-g.imag, wn @ jac_i, atol=1e-12)


@pytest.mark.parametrize("n", [4, 5, 6, 9])
def test_jacobians_of_rfft_are_the_dft_rows(n: int) -> None:
    # batched sweeps through the rules: jacfwd of rfft (real input, complex output)
    x = rng.standard_normal(7)
    dft = np.fft.rfft(np.eye(7), n=n, axis=0)  # (n // 2 + 1, 7): the cropped or padded DFT rows
    np.testing.assert_allclose(fad.jacfwd(lambda x: fnp.fft.rfft(x, n))(x), dft, atol=1e-12)
    # and jacrev of a real map through both directions: irfft(rfft(x) * h)
    h = rng.standard_normal(n // 2 + 1)
    dense = np.stack([np.fft.irfft(np.fft.rfft(e, n) * h, n) for e in np.eye(7)], axis=1)
    np.testing.assert_allclose(fad.jacrev(lambda x: fnp.fft.irfft(fnp.fft.rfft(x, n) * h, n))(x), dense, atol=1e-12)
    np.testing.assert_allclose(fad.jacfwd(lambda x: fnp.fft.irfft(fnp.fft.rfft(x, n) * h, n))(x), dense, atol=1e-12)


def test_hessian_through_a_transform() -> None:
    # Parseval: sum |rfft(x) * d|^2 / n with the Hermitian weights d is sum x^2
    n = X1.size
    d = np.full(n // 2 + 1, np.sqrt(2.0))
    d[0] = d[-1] = 1.0
    h = fad.hessian(lambda x: fnp.sum(fnp.abs(fnp.fft.rfft(x) * d) ** 2) / n)(X1)
    np.testing.assert_allclose(h, 2 * np.eye(n), atol=1e-12)


def test_the_rules_are_transforms_not_matrices() -> None:
    graph = str(fad.make_graph(fad.grad(lambda x: fnp.sum(fnp.abs(fnp.fft.rfft(x)) ** 2)))(X1))
    assert "irfft[" in graph and "matmul" not in graph and "dot" not in graph


# --- the rules themselves, on plain arrays: transpose identities --------------------------------


def _pair(w: Any, v: Any) -> float:
    return float(np.real(np.sum(w * v)))


def _cplx(shape: tuple[int, ...]) -> Any:
    return rng.standard_normal(shape) + 1j * rng.standard_normal(shape)


CASES = [((5,), (-1,)), ((6,), (-1,)), ((3, 4), (-2, -1)), ((3, 5), (-1, -2)), ((2, 3, 4), (-3, -1)), ((4, 3), (-2,))]


@pytest.mark.parametrize("norm", ["backward", "ortho", "forward"])
@pytest.mark.parametrize("shape, axes", CASES)
@pytest.mark.parametrize("batch", [(), (2,)])
def test_rules_are_transposes(shape: tuple[int, ...], axes: tuple[int, ...], norm: str, batch: tuple[int, ...]) -> None:
    # Re sum(w * J u) = Re sum(J^T w * u) for each primitive, with a real or complex
    # operand, and cotangents with leading batch axes (as jacrev's sweeps give them)
    for inverse in (False, True):
        for x in (rng.standard_normal(shape), _cplx(shape)):
            p = dict(axes=axes, inverse=inverse, norm=norm)
            y = _fft.fft_p.impl(x, **p)
            w = _cplx(batch + y.shape)
            xb = _fft._fft_vjp(y, w, x, **p)
            assert xb.shape == batch + x.shape and np.iscomplexobj(xb) == np.iscomplexobj(x)
            assert np.allclose(np.real(np.sum(w * _fft.fft_p.impl(x, **p), axis=tuple(range(-len(shape), 0)))),
                               np.sum(np.real(xb * x), axis=tuple(range(-len(shape), 0))))
    x = rng.standard_normal(shape)
    y = _fft.rfft_p.impl(x, axes=axes, norm=norm)
    w = _cplx(batch + y.shape)
    xb = _fft._rfft_vjp(y, w, x, axes=axes, norm=norm)
    assert xb.shape == batch + x.shape and xb.dtype == np.float64
    for i in np.ndindex(*batch):
        assert np.isclose(_pair(w[i], y), _pair(xb[i], x))
    n = shape[axes[-1]]
    spectrum = list(shape)
    spectrum[axes[-1]] = n // 2 + 1
    for z in (rng.standard_normal(spectrum), _cplx(tuple(spectrum))):
        y = _fft.irfft_p.impl(z, axes=axes, n=n, norm=norm)
        w = rng.standard_normal(batch + y.shape)
        zb = _fft._irfft_vjp(y, w, z, axes=axes, n=n, norm=norm)
        assert zb.shape == batch + z.shape and np.iscomplexobj(zb) == np.iscomplexobj(z)
        for i in np.ndindex(*batch):
            assert np.isclose(_pair(w[i], y), _pair(zb[i], z))


# --- errors -----------------------------------------------------------------------------------


def _raises(exc: type, f: Callable[[Any], Any], x: Any = X1) -> str:
    with pytest.raises(exc) as info:
        fad.grad(lambda x: fnp.sum(fnp.real(f(x))))(x)
    return str(info.value)


def test_errors_name_the_function_and_say_what_to_do() -> None:
    assert "np.fft.rfft" in _raises(ValueError, lambda x: fnp.fft.rfft(x, norm="unitary"))
    assert "out=" in _raises(TypeError, lambda x: fnp.fft.fft(x, out=np.empty(6, complex)))
    assert "invalid number of data points (0)" in _raises(ValueError, lambda x: fnp.fft.fft(x, n=0))
    _raises(np.exceptions.AxisError, lambda x: fnp.fft.fft(x, axis=1))
    assert "different lengths" in _raises(ValueError, lambda x: fnp.fft.fftn(x, s=(2, 3), axes=(0,)))
    msg = _raises(TypeError, lambda x: fnp.fft.rfft(x * 1j))
    assert msg.startswith("np.fft.rfft transforms real values") and "np.fft.fft" in msg
    # NumPy's own errors on plain values are unchanged
    with pytest.raises(TypeError):
        np.fft.rfft(Z1)


# --- fnp.convolve's windows (the spectral benchmark's other half) --------------------------------


def test_convolution_windows_match_a_cropped_or_padded_full_convolution() -> None:
    # the primitive computes y[start : start + length] of the full convolution, zeros
    # outside it, by NumPy's modes or a valid convolution of a cropped/padded operand
    from fad.numpy._polynomial import _conv_impl

    for n, m in [(7, 3), (3, 7), (6, 6), (80, 70)]:
        for a, v in [(rng.standard_normal(n), rng.standard_normal(m)),
                     (rng.standard_normal(n) + 1j * rng.standard_normal(n), rng.standard_normal(m) + 0.5j)]:
            full = np.convolve(a, v)
            padded = np.concatenate([np.zeros(n + m), full, np.zeros(n + m)])
            for start in (-2, 0, 1, m - 1, n - 1, n + m - 3):
                for length in (1, min(n, m), max(n, m), n + m + 1):
                    want = padded[n + m + start : n + m + start + length]
                    np.testing.assert_allclose(_conv_impl(a, v, start=start, length=length), want, atol=1e-12)


def test_kernel_cotangent_of_a_long_signal() -> None:
    # d/dk of sum(convolve(x, k, "same") * r) is a correlation of the padded r with x:
    # the rule asks for the kernel's window only (m values), not a full convolution
    x, k, r = rng.standard_normal(3000), rng.standard_normal(33), rng.standard_normal(3000)
    gx, gk = fad.grad(lambda x, k: fnp.sum(fnp.convolve(x, k, "same") * r), argnums=(0, 1))(x, k)
    full = np.pad(r, (16, 16))
    np.testing.assert_allclose(gx, np.correlate(full, k, "valid"), atol=1e-10)
    np.testing.assert_allclose(gk, np.correlate(full, x, "valid"), atol=1e-10)
    z = x + 1j * rng.standard_normal(3000)
    check_grads(lambda k: fnp.convolve(z[:40], k, "same"), (k + 0.5j,), order=2)
