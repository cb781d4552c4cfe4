"""Regression tests from the review of complex-number support and fad.numpy.fft
(session 4).

Each test asserts the correct behaviour (SciPy's or NumPy's values, JAX's
documented semantics, closed forms, or central differences along real and
imaginary directions) at a point where fad once gave a wrong number, a zero
derivative that should not be zero, a crash, or an error that named the wrong
function; each docstring says what it was. All are fixed (a few by a clear
refusal, which the test accepts).
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest
import scipy.linalg
import scipy.signal
import scipy.stats

import fad
import fad.numpy as fnp
from fad.scipy import integrate as fintegrate
from fad.scipy import linalg as flinalg
from fad.scipy import signal as fsignal
from fad.scipy import special as fspecial
from fad.scipy import stats as fstats
from _fd import conj_gradient


HERM = np.array([[4.0, 1.0 + 2.0j], [1.0 - 2.0j, 5.0]])  # complex Hermitian, positive definite
B = np.array([1.0 + 1.0j, 2.0])


# ---------------------------------------------------------------------------
# wrong numbers


def test_scipy_solve_hermitian_traced_value_matches_scipy() -> None:
    """solve(assume_a='her') on a traced complex Hermitian matrix mirrors the read
    triangle with a plain transpose (complex symmetric), not the conjugate
    transpose, so even the value is wrong."""
    want = scipy.linalg.solve(HERM, B, assume_a="her")
    y, _ = fad.vjp(lambda a, b: flinalg.solve(a, b, assume_a="her"))(HERM, B)
    np.testing.assert_allclose(y, want, rtol=1e-12)


def test_scipy_solve_hermitian_gradient_in_b_matches_general_solve() -> None:
    """On a Hermitian matrix 'her' and 'gen' are the same function of b."""
    def loss(assume: str) -> Callable[[Any], Any]:
        return lambda b: fnp.sum(fnp.abs(flinalg.solve(HERM, b, assume_a=assume)) ** 2)

    g_her = fad.grad(loss("her"))(B)
    np.testing.assert_allclose(g_her, fad.grad(loss("gen"))(B), rtol=1e-10)
    np.testing.assert_allclose(g_her, conj_gradient(lambda b: np.sum(np.abs(np.linalg.solve(HERM, b)) ** 2), B),
                               rtol=1e-6)


@pytest.mark.parametrize("trans", [2, "C"])
@pytest.mark.parametrize("lower", [False, True])
def test_scipy_solve_triangular_conjugate_transpose_of_a_complex_matrix(trans: Any, lower: bool) -> None:
    """trans=2/'C' solves a^H x = b; traced, fad solves a^T x = b (fad/scipy/linalg.py
    treats 'C' as 'T': 'real matrices: the conjugate transpose is the transpose')."""
    u = np.array([[2.0 + 1.0j, 0.5 - 0.3j, 1.0j], [0.0, 1.5 - 0.5j, 0.2 + 0.7j], [0.0, 0.0, 3.0 + 0.2j]])
    a = u if not lower else u.conj().T
    b = np.array([1.0 + 0.5j, -0.3j, 2.0])
    want = scipy.linalg.solve_triangular(a, b, trans=trans, lower=lower)
    y, _ = fad.vjp(lambda a, b: flinalg.solve_triangular(a, b, trans=trans, lower=lower))(a, b)
    np.testing.assert_allclose(y, want, rtol=1e-12)
    g = fad.grad(lambda b: fnp.sum(fnp.abs(flinalg.solve_triangular(a, b, trans=trans, lower=lower)) ** 2))(b)
    np.testing.assert_allclose(
        g, conj_gradient(lambda b: np.sum(np.abs(scipy.linalg.solve_triangular(a, b, trans=trans, lower=lower)) ** 2), b),
        rtol=1e-6,
    )


def test_slogdet_sign_of_a_complex_matrix_has_a_derivative() -> None:
    """For complex a the sign det/|det| is a smooth function of a (JAX differentiates
    it: d sign = i Im(tr(a^-1 da)) sign); fad returns it as a constant, so the
    derivative is silently 0."""
    a = np.array([[1.0 + 2.0j, 0.5 - 1.0j], [0.3j, 2.0 + 0.1j]])

    def f(a: Any) -> Any:
        return fnp.real(fnp.linalg.slogdet(a)[0] * (0.3 - 0.7j))

    g = fad.grad(f)(a)
    want = conj_gradient(lambda m: np.real(np.linalg.slogdet(m)[0] * (0.3 - 0.7j)), a)
    assert np.abs(want).max() > 1e-3  # the sign does move
    np.testing.assert_allclose(g, want, rtol=1e-6, atol=1e-8)
    # forward mode, along one direction, against the closed form
    da = np.array([[0.2 - 0.1j, 1.0j], [0.5, -0.3 + 0.4j]])
    sign = np.linalg.slogdet(a)[0]
    ydot = fad.jvp(lambda a: fnp.linalg.slogdet(a)[0])((a,), (da,))[1]
    np.testing.assert_allclose(ydot, 1j * np.imag(np.trace(np.linalg.solve(a, da))) * sign, rtol=1e-10)


SIG_A = np.array([0.3 + 1.0j, -1.2 + 0.4j, 0.8 - 0.5j, 0.1 + 0.2j, -0.7 - 1.1j])
SIG_V = np.array([1.0 - 0.3j, 0.5 + 0.9j, -0.4 + 0.2j])


@pytest.mark.parametrize("fn", ["convolve", "correlate"])
@pytest.mark.parametrize("mode", ["full", "valid"])
def test_scipy_signal_gradient_of_complex_operands(fn: str, mode: str) -> None:
    """fad.scipy.signal's rules assume real values (the module doc says so) but
    complex operands are not refused: the values are SciPy's, the JVPs agree with
    differences, yet the VJPs are conjugated (a rule's window that is a SciPy mode
    is computed by scipy.signal.correlate, which conjugates its second operand),
    so grad of a real loss is silently wrong, for either operand."""
    ours, theirs = getattr(fsignal, fn), getattr(scipy.signal, fn)
    for which in (0, 1):
        def f(x: Any) -> Any:
            a, v = (x, SIG_V) if which == 0 else (SIG_A, x)
            return fnp.sum(fnp.abs(ours(a, v, mode=mode)) ** 2)

        def f_np(x: Any) -> Any:
            a, v = (x, SIG_V) if which == 0 else (SIG_A, x)
            return np.sum(np.abs(theirs(a, v, mode=mode)) ** 2)

        x = SIG_A if which == 0 else SIG_V
        try:
            g = fad.grad(f)(x)
        except TypeError as e:  # a clear refusal is right too (never a wrong number)
            assert f"scipy.signal.{fn}" in str(e), str(e)
            continue
        np.testing.assert_allclose(g, conj_gradient(f_np, x), rtol=1e-6, atol=1e-8)


def test_scipy_signal_convolve_real_signal_complex_kernel_gradient() -> None:
    x = np.real(SIG_A)
    try:
        g = fad.grad(lambda x: fnp.sum(fnp.abs(fsignal.convolve(x, SIG_V)) ** 2))(x)
    except TypeError as e:  # a clear refusal is right too (never a wrong number)
        assert "scipy.signal.convolve" in str(e), str(e)
        return
    want = conj_gradient(lambda x: np.sum(np.abs(scipy.signal.convolve(x, SIG_V)) ** 2), x.astype(complex))
    assert g.dtype == np.float64
    np.testing.assert_allclose(g, np.real(want), rtol=1e-6)


def test_odeint_of_a_complex_initial_value_is_not_silently_made_real() -> None:
    """SciPy's odeint refuses a complex y0 (TypeError); fad's integrates its real
    part (with ComplexWarnings) and returns y0.real for y' = -i y, whose solution
    is y0 exp(-i t). Either solve it, or refuse it as SciPy does."""
    y0 = np.array([0.3 + 0.2j, -0.5 + 0.1j])
    t = np.array([0.0, 1.0])
    try:
        y = fintegrate.odeint(lambda y, t: -1j * y, y0, t)
    except TypeError:
        return
    np.testing.assert_allclose(y[-1], y0 * np.exp(-1j), rtol=1e-6)


def test_scipy_stats_refuses_a_traced_complex_argument_as_an_untraced_one() -> None:
    """fad.scipy.stats refuses complex x untraced ('takes real numbers'), but a
    traced complex x passes stats._util.arg unchecked: cauchy.logpdf then returns
    -log(pi) - log1p(z^2), complex, where SciPy's value is real."""
    z = np.array([0.3 + 0.2j, -0.5 + 0.1j])
    with pytest.raises(TypeError):
        fstats.cauchy.logpdf(z)
    try:
        y, _ = fad.vjp(fstats.cauchy.logpdf)(z)
    except TypeError:
        return
    np.testing.assert_allclose(y, scipy.stats.cauchy.logpdf(z))


def test_elementwise_grad_of_a_complex_output_is_not_silently_its_real_part() -> None:
    """grad refuses a complex output (JAX's rule), but elementwise_grad -- documented
    as the gradient of sum(f(x)) -- silently returns Re(f'(x)): -sin(0.3) for
    exp(1j x), whose derivative is i exp(0.3 i). Either refuse like grad, or
    return the derivative."""
    x = np.array([0.3])
    with pytest.raises(TypeError):
        fad.grad(lambda x: fnp.sum(fnp.exp(1j * x)))(x)
    try:
        out = fad.elementwise_grad(lambda x: fnp.exp(1j * x))(x)
    except TypeError:
        return
    np.testing.assert_allclose(out, 1j * np.exp(0.3j))


# ---------------------------------------------------------------------------
# crashes


def _sin_custom_vjp() -> Any:
    @fad.custom_vjp
    def h(z: Any) -> Any:
        return fnp.sin(z)

    h.defvjp(lambda z: (fnp.sin(z), z), lambda z, g: (fnp.cos(z) * g,))
    return h


def test_custom_vjp_with_a_complex_output() -> None:
    """bind's promotion of real arguments to a complex result casts custom_part's
    argument (the tuple of outputs) to complex, which binds again: RecursionError."""
    h = _sin_custom_vjp()
    z = np.array([0.7 + 0.1j, 0.2 - 0.3j])
    g = fad.grad(lambda z: fnp.sum(fnp.abs(h(z)) ** 2))(z)
    np.testing.assert_allclose(g, 2 * np.conj(np.sin(z)) * np.cos(z), rtol=1e-12)


def test_custom_vjp_of_a_real_input_with_a_complex_output() -> None:
    h = _sin_custom_vjp()
    # |sin(i x)|^2 = sinh(x)^2, derivative 2 sinh(x) cosh(x) = sinh(2x)
    g = fad.grad(lambda x: fnp.sum(fnp.abs(h(x * 1j)) ** 2))(np.array([0.7]))
    np.testing.assert_allclose(g, [np.sinh(1.4)], rtol=1e-12)


def test_custom_jvp_with_several_complex_outputs() -> None:
    @fad.custom_jvp
    def k(z: Any) -> Any:
        return fnp.sin(z), fnp.cos(z)

    @k.defjvp
    def k_jvp(primals: Any, tangents: Any) -> Any:
        (z,), (t,) = primals, tangents
        return k(z), (fnp.cos(z) * t, -fnp.sin(z) * t)

    z = np.array([0.7 + 0.1j, 0.2 - 0.3j])
    g = fad.grad(lambda z: fnp.sum(fnp.real(k(z)[0] + k(z)[1])))(z)
    np.testing.assert_allclose(g, np.cos(z) - np.sin(z), rtol=1e-12)


def test_checkpoint_with_several_complex_outputs() -> None:
    z = np.array([0.7 + 0.1j, 0.2 - 0.3j])
    step = fad.checkpoint(lambda z: (fnp.sin(z), z * 2))
    g = fad.grad(lambda z: fnp.sum(fnp.real(step(z)[0])))(z)
    np.testing.assert_allclose(g, np.cos(z), rtol=1e-12)


# ---------------------------------------------------------------------------
# a real function refused as complex


@pytest.mark.parametrize("fn", ["norm", "vector_norm"])
def test_norm_order_zero_of_a_complex_vector_is_real(fn: str) -> None:
    """norm(z, 0) counts nonzeros: NumPy returns a real float. Traced, fad returns
    it as complex, so grad refuses the real-valued function that uses it."""
    z = np.array([1.0 + 2.0j, 0.0j, 3.0 - 1.0j])
    call = (lambda z: fnp.linalg.norm(z, 0)) if fn == "norm" else (lambda z: fnp.linalg.vector_norm(z, ord=0))
    y, _ = fad.vjp(call)(z)
    assert np.asarray(y).dtype == np.float64
    g = fad.grad(lambda z: call(z) + fnp.sum(fnp.abs(z) ** 2))(z)
    np.testing.assert_allclose(g, 2 * np.conj(z))


ZV = np.array([0.3 + 0.2j, -0.5 + 0.1j, 1.0 - 1.0j, 0.2 + 0.5j])
MASK = np.array([True, False, True, True])


@pytest.mark.parametrize(
    "name, ours, theirs",
    [
        ("var where", lambda z: fnp.var(z, where=MASK), lambda z: np.var(z, where=MASK)),
        ("std where", lambda z: fnp.std(z, where=MASK), lambda z: np.std(z, where=MASK)),
        ("nanvar", fnp.nanvar, np.nanvar),
        ("nanstd", fnp.nanstd, np.nanstd),
    ],
)
def test_masked_variance_of_complex_values_is_real(name: str, ours: Any, theirs: Any) -> None:
    """NumPy's variance of complex values is real; with a mask (where=, or the NaN
    mask of nanvar/nanstd) fad divides by a count cast to x's complex dtype
    (_reductions._count), so the traced result is complex and grad refuses it."""
    y, _ = fad.vjp(ours)(ZV)
    assert np.asarray(y).dtype == np.float64, name
    np.testing.assert_allclose(fad.grad(ours)(ZV), conj_gradient(theirs, ZV), rtol=1e-6, atol=1e-9)


# ---------------------------------------------------------------------------
# errors that name the wrong function or give wrong advice


def test_special_function_refusing_complex_names_the_function_called() -> None:
    """The message reads 'fad.numpy.fad.scipy.special.erf (np.fad.scipy.special.erf
    on traced values)': the prefixes are added twice."""
    with pytest.raises(TypeError) as info:  # (erf takes complex values now: expit does not, as SciPy's)
        fad.grad(lambda z: fnp.real(fspecial.expit(z)))(0.5 + 0.5j)
    msg = str(info.value)
    assert "fad.scipy.special.expit" in msg
    assert "fad.numpy.fad.scipy" not in msg and "np.fad.scipy" not in msg


def test_complex_matrix_norm_two_names_norm() -> None:
    """docs/complex.md says the norms take complex matrices; ord=2/-2/'nuc' go
    through svdvals and the error names np.linalg.svdvals, not the norm called."""
    a = np.array([[1.0 + 1.0j, 0.5], [0.2j, 2.0]])
    try:
        g = fad.grad(lambda a: fnp.linalg.norm(a, 2))(a)
    except TypeError as e:
        assert "norm" in str(e), str(e)
    else:
        np.testing.assert_allclose(g, conj_gradient(lambda m: np.linalg.norm(m, 2), a), rtol=1e-6)


def test_sqrtm_of_a_complex_matrix_does_not_claim_negative_eigenvalues() -> None:
    """a has eigenvalues 3.04+1.03i and 1.96-0.53i; traced sqrtm says it 'has
    negative real eigenvalues' and that fad 'does not differentiate complex
    values yet' (it does now)."""
    a = np.array([[3.0 + 1.0j, 0.5], [0.2j, 2.0 - 0.5j]])
    try:
        y, _ = fad.vjp(flinalg.sqrtm)(a)
    except ValueError as e:
        assert "negative real eigenvalues" not in str(e), str(e)
    else:
        np.testing.assert_allclose(y, scipy.linalg.sqrtm(a), rtol=1e-10)


def test_hessian_of_a_real_function_of_complex_input_error_names_hessian() -> None:
    """JAX refuses this too, but fad's message names jacfwd (not the hessian the
    user called) and advises holomorphic=True, which then fails again (the
    function is real-valued)."""
    z = np.array([1.0 + 2.0j, 0.5j])
    f = lambda z: fnp.sum(fnp.abs(z) ** 4)  # noqa: E731
    with pytest.raises(TypeError) as info:
        fad.hessian(f)(z)
    assert "hessian" in str(info.value), str(info.value)


def test_make_graph_takes_a_python_complex_like_a_python_float() -> None:
    fad.make_graph(fnp.sin)(1.0)
    fad.make_graph(fnp.sin)(1.0j)


def test_np_fft_on_a_list_of_traced_values_does_not_claim_fad_has_no_fft() -> None:
    """np.fft.fft([x, 2x]) cannot dispatch (a list); the error then says 'fad.numpy
    has no np.fft.fft', which is false (fnp.fft.fft takes such lists): the check
    in Tracer.__array__ only looks for np.<name> in fad.numpy.__all__, not in the
    fft (or linalg) submodule."""
    with pytest.raises(TypeError) as info:
        fad.grad(lambda x: fnp.sum(fnp.abs(np.fft.fft([x, 2 * x, 0.5])) ** 2))(1.0)
    msg = str(info.value)
    assert "has no np.fft.fft" not in msg, msg
    assert "fnp.fft.fft" in msg, msg
    assert float(fad.grad(lambda x: fnp.sum(fnp.abs(fnp.fft.fft([x, 2 * x, 0.5])) ** 2))(1.0)) == pytest.approx(30.0)
