"""Complex numbers, with JAX's convention (docs/complex.md).

JAX's documented examples are the facts checked here: ``grad`` of ``|z|^2`` at
``3 + 4j`` is ``6 - 8j`` (the conjugate of the steepest-ascent direction);
``grad(f, holomorphic=True)`` is ``f'(z)``; ``jacfwd`` and ``jacrev`` agree;
JAX's errors for complex outputs without ``holomorphic=True``, for real inputs
with it, and for complex inputs to ``jacfwd`` without it. The property suite
(tests/test_rules.py, ``test_rules_complex``) checks every op's complex draws.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest

import fad
import fad.numpy as fnp
from fad.testing import check_grads, check_jvp, check_vjp
from _fd import conj_gradient

Z = np.array([0.5 + 1.0j, -1.5 + 0.25j, 2.0 - 0.75j])


# --- JAX's documented facts ------------------------------------------------------------


def test_grad_of_abs_squared_is_the_conjugate_direction() -> None:
    assert complex(fad.grad(lambda z: fnp.abs(z) ** 2)(3.0 + 4.0j)) == pytest.approx(6 - 8j)
    assert complex(fad.grad(lambda z: fnp.real(z * fnp.conj(z)))(3.0 + 4.0j)) == 6 - 8j
    assert complex(fad.grad(lambda z: fnp.real(z))(3.0 + 4.0j)) == 1
    assert complex(fad.grad(lambda z: fnp.imag(z))(3.0 + 4.0j)) == -1j


@pytest.mark.parametrize(
    "f, df",
    [
        (fnp.exp, np.exp),
        (fnp.sin, np.cos),
        (lambda z: z**3, lambda z: 3 * z**2),
        (fnp.log, lambda z: 1 / z),
        (fnp.tanh, lambda z: 1 - np.tanh(z) ** 2),
        (lambda z: fnp.sqrt(z) * z, lambda z: 1.5 * np.sqrt(z)),
        (lambda z: 1 / (1 + z * z), lambda z: -2 * z / (1 + z * z) ** 2),
    ],
)
def test_holomorphic_derivatives_are_f_prime(f: Callable[[Any], Any], df: Callable[[Any], Any]) -> None:
    for z in Z:
        assert complex(fad.grad(f, holomorphic=True)(z)) == pytest.approx(complex(df(z)), rel=1e-12)
        v, g = fad.value_and_grad(f, holomorphic=True)(z)
        assert complex(g) == pytest.approx(complex(df(z)), rel=1e-12)
        _, t = fad.jvp(f)((z,), (1.0 + 0.0j,))  # the JVP along 1 is f'(z) too
        assert complex(t) == pytest.approx(complex(df(z)), rel=1e-12)
    np.testing.assert_allclose(fad.jacfwd(f, holomorphic=True)(Z), np.diag(df(Z)), rtol=1e-12)
    np.testing.assert_allclose(fad.jacrev(f, holomorphic=True)(Z), np.diag(df(Z)), rtol=1e-12)


def test_holomorphic_second_derivatives() -> None:
    z = 0.5 - 0.25j
    assert complex(fad.hessian(lambda z: z**3, holomorphic=True)(z)) == pytest.approx(6 * z)
    d2 = fad.grad(fad.grad(fnp.sin, holomorphic=True), holomorphic=True)(z)
    assert complex(d2) == pytest.approx(-np.sin(z))


def test_jacfwd_and_jacrev_agree_on_complex_functions() -> None:
    A = np.array([[1.0 + 1.0j, 2.0], [0.5j, -1.0]])
    f = lambda z: fnp.exp(A @ z) * z[::-1]  # noqa: E731
    np.testing.assert_allclose(fad.jacfwd(f, holomorphic=True)(Z[:2]), fad.jacrev(f, holomorphic=True)(Z[:2]))
    g = lambda x: fnp.exp(1j * x) * x  # noqa: E731  (real in, complex out: jacfwd's)
    x = np.array([0.3, -1.2])
    want = np.diag(np.exp(1j * x) * (1 + 1j * x))
    np.testing.assert_allclose(fad.jacfwd(g)(x), want)
    h = lambda z: fnp.abs(z) ** 2  # noqa: E731  (complex in, real out: jacrev's, rows are grads)
    np.testing.assert_allclose(fad.jacrev(h)(Z), np.diag(2 * np.conj(Z)))


def test_grad_of_real_functions_of_complex_inputs_matches_differences() -> None:
    A = np.array([[1.0 + 1.0j, 2.0, 0.0], [0.5j, -1.0, 1.0], [0.0, 1j, 3.0]])
    for f in (
        lambda z: fnp.sum(fnp.abs(A @ z) ** 2),
        lambda z: fnp.real(fnp.vdot(z, A @ z)),
        lambda z: fnp.sum(fnp.angle(z) * fnp.imag(z)),
        lambda z: fnp.real(fnp.prod(z)) + fnp.var(z),
        lambda z: fnp.abs(fnp.sum(fnp.exp(z) / z)),
    ):
        np.testing.assert_allclose(fad.grad(f)(Z), conj_gradient(f, Z), rtol=1e-6, atol=1e-6)


# --- dtypes ------------------------------------------------------------------------------


def test_cotangents_and_tangents_keep_their_primals_dtype() -> None:
    z64 = Z.astype(np.complex64)
    assert fad.grad(lambda z: fnp.sum(fnp.abs(z) ** 2))(z64).dtype == np.complex64
    x32 = np.array([0.3, 0.7], np.float32)
    g = fad.grad(lambda x: fnp.sum(fnp.abs(fnp.exp(1j * x) + x)))(x32)
    assert g.dtype == np.float32
    _, t = fad.jvp(lambda z: z * 2.0)((z64,), (z64,))
    assert t.dtype == np.complex64
    _, pull = fad.vjp(lambda x: x * (1 + 2j))(np.array([1.0, 2.0]))
    (xbar,) = pull(np.array([1.0 + 1.0j, 1.0j]))
    assert xbar.dtype == np.float64  # the real part of conj-free transpose: Re((1 + 2j) w)
    np.testing.assert_allclose(xbar, np.real((1 + 2j) * np.array([1.0 + 1.0j, 1.0j])))


def test_a_real_operand_broadcast_against_a_complex_one_gets_a_real_cotangent() -> None:
    x = np.array([0.5, -1.0, 2.0])
    z = np.array([[1.0 + 1.0j], [0.5 - 2.0j]])
    f = lambda x, z: fnp.sum(fnp.abs(x * z + 1.0) ** 2)  # noqa: E731
    gx, gz = fad.grad(f, argnums=(0, 1))(x, z)
    assert gx.dtype == np.float64 and gx.shape == (3,)
    assert gz.dtype == np.complex128 and gz.shape == (2, 1)
    check_grads(f, (x, z))


def test_complex_intermediates_of_real_functions_at_every_order() -> None:
    f = lambda x: fnp.real(fnp.exp(1j * x) * x)  # noqa: E731  (x cos x)
    x = 0.7
    assert float(fad.grad(f)(x)) == pytest.approx(np.cos(x) - x * np.sin(x))
    assert float(fad.hessian(f)(x)) == pytest.approx(-2 * np.sin(x) - x * np.cos(x))
    assert float(fad.grad(fad.grad(fad.grad(f)))(x)) == pytest.approx(-3 * np.cos(x) + x * np.sin(x))
    check_grads(lambda x: fnp.abs(x * 1j + fnp.exp(2j * x)), (np.array([0.3, 1.1]),), order=3)


def test_traced_methods_and_helpers() -> None:
    def f(z: Any) -> Any:
        assert np.iscomplexobj(z) and fnp.iscomplexobj(z)
        return fnp.sum(z.real * z.imag + fnp.real(z.conj() * z.conjugate()) + fnp.real(fnp.real_if_close(z)))

    check_grads(f, (Z,))
    # real_if_close drops an imaginary part that is all but 0, on the value, as NumPy
    g = fad.grad(lambda x: fnp.real_if_close(x * (1 + 1e-20j)) * 2.0)(1.5)
    assert g.dtype == np.float64 and float(g) == 2.0


def test_np_functions_on_traced_complex_values_dispatch_to_fad() -> None:
    f = lambda z: np.sum(np.abs(np.exp(z) * np.conj(z)) ** 2 + np.angle(z))  # noqa: E731
    np.testing.assert_allclose(fad.grad(f)(Z), conj_gradient(f, Z), rtol=1e-6)


def test_the_testing_checks_take_complex_values() -> None:
    check_vjp(lambda z: fnp.exp(z) * fnp.conj(z), (Z,))
    check_jvp(lambda z: fnp.exp(z) * fnp.conj(z), (Z,))
    check_vjp(lambda x: fnp.exp(1j * x), (np.array([0.1, 0.2]),))
    check_grads(lambda z, x: fnp.real(z * x) + fnp.abs(z) * x, (Z, np.array([1.0, 2.0, 3.0])))
    bad = fad.primitive(np.conjugate, name="test_complex_bad_conj", kind="elementwise")
    fad.defvjp(bad, lambda y, ybar, x: ybar)  # wrong: the VJP of conj is conj(ybar)
    fad.defjvp(bad, lambda xdot, y, x: fnp.conj(xdot))
    with pytest.raises(AssertionError, match="not each other's transpose"):
        check_vjp(bad, (Z,))
    with pytest.raises(AssertionError, match="VJP of .* disagrees with central differences"):
        check_grads(bad, (Z,), modes=("rev",))


# --- errors (JAX's) -------------------------------------------------------------------------


def test_a_complex_output_needs_holomorphic() -> None:
    with pytest.raises(TypeError, match=r"grad requires real-valued outputs .* pass holomorphic=True"):
        fad.grad(lambda z: z * z)(1.0j)
    with pytest.raises(TypeError, match=r"value_and_grad requires real-valued outputs"):
        fad.value_and_grad(lambda x: x * 1j)(1.0)
    with pytest.raises(TypeError, match=r"jacrev requires real-valued outputs"):
        fad.jacrev(lambda z: z * z)(Z)


def test_holomorphic_needs_complex_inputs_and_outputs() -> None:
    with pytest.raises(TypeError, match=r"grad with holomorphic=True requires inputs with complex dtype, but argument x has dtype float64"):
        fad.grad(lambda x: x * 1j, holomorphic=True)(1.0)
    with pytest.raises(TypeError, match=r"grad with holomorphic=True requires outputs with complex dtype"):
        fad.grad(lambda z: fnp.abs(z), holomorphic=True)(1.0j)
    with pytest.raises(TypeError, match=r"jacfwd with holomorphic=True requires inputs with complex dtype"):
        fad.jacfwd(fnp.exp, holomorphic=True)(np.ones(2))
    with pytest.raises(TypeError, match=r"jacrev with holomorphic=True requires outputs with complex dtype"):
        fad.jacrev(fnp.abs, holomorphic=True)(Z)


def test_jacfwd_needs_real_inputs_without_holomorphic() -> None:
    with pytest.raises(TypeError, match=r"jacfwd requires real-valued inputs .* use fad.jvp directly"):
        fad.jacfwd(fnp.abs)(Z)


def test_jvp_tangents_of_complex_primals_are_complex_of_their_dtype() -> None:
    with pytest.raises(ValueError, match="tangents of complex primals are complex of the same dtype"):
        fad.jvp(fnp.exp)((Z,), (np.ones(3),))
    with pytest.raises(TypeError, match="a real value has real tangents"):
        fad.jvp(fnp.exp)((np.ones(3),), (Z,))
    _, t = fad.jvp(fnp.exp)((1.0j,), (1.0,))  # a Python number is converted, as for real primals
    assert complex(t) == pytest.approx(complex(np.exp(1.0j)))


def test_maps_defined_for_real_values_only_refuse_complex_ones() -> None:
    with pytest.raises(TypeError, match=r"fad.numpy.cbrt \(np.cbrt on traced values\) takes real values only"):
        fad.grad(lambda z: fnp.abs(fnp.cbrt(z)))(1.0j)
    with pytest.raises(TypeError, match="takes real values only"):
        fad.grad(lambda x: fnp.sum(fnp.fmod(x * 1j, 1.0).real))(np.ones(2))


# --- linear algebra and statistics -------------------------------------------------------

_A = np.array([[3.0 + 1.0j, 1.0, 0.5j], [0.2, 2.0 - 1.0j, 1.0], [1.0j, 0.0, 4.0]])


@pytest.mark.parametrize(
    "f",
    [
        lambda a: fnp.linalg.solve(a, a[:, 0]),
        fnp.linalg.inv,
        fnp.linalg.det,
        lambda a: fnp.linalg.matrix_power(a, 3),
        lambda a: fnp.linalg.slogdet(a)[1],
        fnp.linalg.norm,
        lambda a: fnp.linalg.norm(a, axis=1),
        lambda a: fnp.linalg.norm(a, ord=1),
        fnp.cov,
        fnp.corrcoef,
    ],
)
def test_linalg_and_statistics_of_complex_matrices(f: Callable[[Any], Any]) -> None:
    check_grads(f, (_A,))


def test_correlate_conjugates_and_interp_takes_complex_values_as_numpy() -> None:
    a, v = Z, np.array([1.0 - 1.0j, 0.5j])
    y, _ = fad.vjp(lambda a, v: fnp.correlate(a, v, "full"))(a, v)
    np.testing.assert_allclose(y, np.correlate(a, v, "full"))
    check_grads(lambda a, v: fnp.correlate(a, v, "full"), (a, v))
    xp = np.arange(3.0)
    y, _ = fad.vjp(lambda fp: fnp.interp(np.array([0.5, 1.25]), xp, fp))(Z)
    np.testing.assert_allclose(y, np.interp([0.5, 1.25], xp, Z))
    check_grads(lambda fp: fnp.interp(np.array([0.5, 1.25, 9.0]), xp, fp, right=2j), (Z,))


def test_primitives_of_several_outputs_are_not_promoted() -> None:
    @fad.custom_vjp
    def pair(x: Any) -> Any:
        return x * 2.0, x * 3.0

    pair.defvjp(lambda x: ((x * 2.0, x * 3.0), None), lambda res, g: (g[0] * 2.0 + g[1] * 3.0,))
    assert float(fad.grad(lambda x: pair(x)[0] + pair(x)[1])(1.0)) == 5.0
    # nested: bind looks into the inner Tracer's value, a tuple, for a complex dtype
    assert float(fad.grad(fad.grad(lambda x: pair(x)[0] * pair(x)[1]))(1.0)) == 12.0


_H = _A @ _A.conj().T + np.diag([0.0, 1.0, 3.0])  # Hermitian positive definite, distinct eigenvalues


@pytest.mark.parametrize(
    "f",
    [
        fnp.linalg.eigvalsh,
        lambda a: fnp.linalg.eigvalsh(a, "U"),
        lambda a: fnp.linalg.eigh(a)[0],
        # functions of the eigenvectors that do not depend on their phases
        lambda a: fnp.abs(fnp.linalg.eigh(a)[1]),
        lambda a: (fnp.linalg.eigh(a)[1] * fnp.exp(fnp.linalg.eigh(a)[0] / 4)) @ fnp.linalg.eigh(a)[1].conj().T,
        fnp.linalg.cholesky,
        lambda a: fnp.linalg.cholesky(a, upper=True),
    ],
)
def test_hermitian_eigh_and_cholesky(f: Callable[[Any], Any]) -> None:
    check_grads(f, (_H,))
    check_grads(f, (_H.astype(np.complex64),), order=1)


def test_hermitian_eigenvalues_are_real_and_their_gradient_is_jaxs() -> None:
    w = fnp.linalg.eigvalsh(_H)
    g = fad.grad(lambda a: fnp.linalg.eigvalsh(a)[-1])(_H)
    assert np.isrealobj(fad.vjp(fnp.linalg.eigvalsh)(_H)[0])
    v = np.linalg.eigh(_H)[1][:, -1]
    # d w = Re(v^H dA_h v): on the lower triangle read, the conjugate-free pairing gives
    # conj(v) v^T below the diagonal twice (the mirrored entry), once on it
    want = np.tril(2 * np.outer(np.conj(v), v), -1) + np.diag(np.abs(v) ** 2)
    np.testing.assert_allclose(g, want, atol=1e-12)
    np.testing.assert_allclose(w, np.linalg.eigvalsh(_H))


# --- NumPy's order of complex values: real part first, then imaginary part ---------------


def test_order_based_ops_follow_numpys_lexicographic_order_at_equal_real_parts() -> None:
    """The draws keep real parts apart; at equal ones NumPy orders by the imaginary part, and
    the derivative goes to the element NumPy picks."""
    a = np.array([1.0 + 2.0j, 1.0 - 1.0j, 0.5 + 5.0j])
    b = np.array([1.0 - 3.0j, 1.0 + 1.0j, 0.5 + 5.5j])
    for fn, np_fn in [(fnp.max, np.max), (fnp.min, np.min), (fnp.sort, np.sort), (fnp.sort_complex, np.sort_complex)]:
        y, pull = fad.vjp(fn)(a)
        np.testing.assert_array_equal(y, np_fn(a))
        ybar = (np.arange(y.size) + 1.0).reshape(y.shape) * (1 - 1j)
        (g,) = pull(ybar)
        assert g.dtype == a.dtype
        picked = np.argsort(a, kind="stable") if y.ndim else [int(np.flatnonzero(a == np_fn(a))[0])]
        want = np.zeros_like(a)
        want[picked] = ybar
        np.testing.assert_array_equal(g, want)
    for fn, np_fn in [(fnp.maximum, np.maximum), (fnp.minimum, np.minimum)]:
        y, pull = fad.vjp(fn)(a, b)
        np.testing.assert_array_equal(y, np_fn(a, b))
        ga, gb = pull(np.ones_like(y))
        np.testing.assert_array_equal(ga, (y == a).astype(a.dtype))
        np.testing.assert_array_equal(gb, (y != a).astype(b.dtype))


def test_clip_of_complex_values_follows_numpy() -> None:
    z = np.array([2.0 + 1.0j, -2.0 + 0.5j, 0.25 - 3.0j])
    y, pull = fad.vjp(lambda z: fnp.clip(z, -1 + 2j, 1 - 1j))(z)
    np.testing.assert_array_equal(y, np.clip(z, -1 + 2j, 1 - 1j))
    np.testing.assert_array_equal(pull(np.ones(3, complex))[0], [0, 0, 1])


def test_sort_complex_of_real_values_is_complex_and_its_cotangent_real() -> None:
    for dt in (np.float32, np.float64):
        x = np.array([3.0, 1.0, 2.0], dt)
        y, pull = fad.vjp(fnp.sort_complex)(x)
        assert y.dtype == np.sort_complex(x).dtype
        np.testing.assert_array_equal(y, np.sort_complex(x))
        (g,) = pull(np.array([1 + 1j, 2 + 2j, 3 + 3j]))
        assert g.dtype == dt
        np.testing.assert_array_equal(g, [3.0, 1.0, 2.0])


def test_emath_on_traced_values_chooses_numpys_type_and_differentiates() -> None:
    # np.emath.sqrt of a negative value is complex: i sqrt(-x), whose imaginary part has slope -1 / (2 sqrt(-x))
    g = fad.grad(lambda x: fnp.real(fnp.emath.sqrt(x) * 1j))(-4.0)
    assert np.isclose(g, 0.25)
    assert np.isclose(fad.grad(lambda x: fnp.imag(np.emath.sqrt(x)))(-4.0), -0.25)  # plain NumPy's emath


def test_roots_of_a_real_polynomial_may_be_complex() -> None:
    """sum(r^2) = b^2/a^2 - 2c/a for the roots of a x^2 + b x + c: at [1, 0, 1] (roots +-i)
    its gradient is [2, 0, -2], real as the coefficients."""
    p = np.array([1.0, 0.0, 1.0])
    g = fad.grad(lambda p: fnp.real(fnp.sum(fnp.roots(p) ** 2)))(p)
    assert g.dtype == p.dtype
    np.testing.assert_allclose(g, [2.0, 0.0, -2.0], atol=1e-12)


def test_poly_of_conjugate_pairs_is_real_as_numpys() -> None:
    r = np.array([1.0 + 2.0j, 0.5, 1.0 - 2.0j])
    u = np.array([1.0 + 0.5j, -1.0, 1.0 - 0.5j])  # keeps the pair conjugate: a real tangent
    y, ydot = fad.jvp(fnp.poly)((r,), (u,))
    assert y.dtype == ydot.dtype == np.poly(r).dtype == np.float64
    np.testing.assert_allclose(y, np.poly(r))
    h = 1e-6
    np.testing.assert_allclose(ydot, (np.poly(r + h * u) - np.poly(r - h * u)) / (2 * h), atol=1e-8)


def test_complex_qr_follows_lapacks_real_diagonal_of_r() -> None:
    """Q and R of a complex matrix (LAPACK makes diag(R) real), at each shape; the rules'
    transpose identity; R's diagonal stays real to first order."""
    from fad.numpy._linear_algebra import qr_p
    from fad.testing import check_rule

    rng = np.random.default_rng(3)
    for shp in [(3, 3), (4, 2), (2, 3)]:
        a = rng.normal(size=shp) + 1j * rng.normal(size=shp) + 3 * np.eye(*shp)
        check_grads(lambda a: fnp.linalg.qr(a), (a,), order=2)
        if shp[0] >= shp[1]:
            check_rule(qr_p, a)
        u = rng.normal(size=shp) + 1j * rng.normal(size=shp)
        _, (qdot, rdot) = fad.jvp(fnp.linalg.qr)((a,), (u,))
        np.testing.assert_allclose(np.diag(rdot).imag, 0.0, atol=1e-12)


def test_geomspace_of_complex_ends_is_numpys_and_differentiates() -> None:
    a, b = 1.0 + 1.0j, 4.0 + 2.0j
    for num, endpoint in [(3, True), (4, False), (1, True)]:
        y = fad.jvp(lambda a, b: fnp.geomspace(a, b, num, endpoint))((np.array(a), np.array(b)), (1j, 1.0))[0]
        np.testing.assert_allclose(y, np.geomspace(a, b, num, endpoint), rtol=1e-14)
        check_grads(lambda a, b: fnp.geomspace(a, b, num, endpoint), (np.array(a), np.array(b)), order=2)
    # the middle sample is sqrt(a b) (principal roots here): d/db = sqrt(a / b) / 2
    g = fad.grad(lambda b: fnp.geomspace(a, b, 3)[1], holomorphic=True)(b)
    np.testing.assert_allclose(g, np.sqrt(a / b) / 2, rtol=1e-14)
    # one real end: np.geomspace(-2, 3j) turns through the plane; the real end's cotangent is real
    y, pull = fad.vjp(lambda s: np.geomspace(s, 3j, 4))(-2.0)
    np.testing.assert_allclose(y, np.geomspace(-2.0, 3j, 4), rtol=1e-14)
    assert np.asarray(pull(np.ones(4, complex))[0]).dtype == np.float64
    with pytest.raises(ValueError, match=r"opposite signs"):
        fad.vjp(lambda s: fnp.geomspace(s, 2.0, 3))(-1.0)


# --- np.emath on traced values (fad.numpy.emath) ------------------------------------------

EMATH_CASES = {
    "sqrt": [np.array([4.0, 2.0]), np.array([-4.0, 2.0])],
    "log": [np.array([0.5, 2.0]), np.array([-0.5, 2.0])],
    "log2": [np.array([0.5, 2.0]), np.array([-0.5, 2.0])],
    "log10": [np.array([0.5, 2.0]), np.array([-0.5, 2.0])],
    "arcsin": [np.array([0.3, -0.6]), np.array([0.3, 1.7])],
    "arccos": [np.array([0.3, -0.6]), np.array([-1.7, 0.3])],
    "arctanh": [np.array([0.3, -0.6]), np.array([0.3, 1.7])],
}


@pytest.mark.parametrize("name", sorted(EMATH_CASES))
@pytest.mark.parametrize("dt", [np.float32, np.float64])
def test_emath_picks_numpys_real_or_complex_result_from_the_values(name: str, dt: Any) -> None:
    for x in EMATH_CASES[name]:
        x = x.astype(dt)
        want = getattr(np.emath, name)(x)
        for f in (getattr(fnp.emath, name), getattr(np.emath, name)):  # fad's, and NumPy's reaching it
            y, t = fad.jvp(f)((x,), (np.ones_like(x),))
            assert y.dtype == want.dtype and t.dtype == want.dtype, (name, x, y.dtype, want.dtype)
            np.testing.assert_allclose(y, want, rtol=1e-6 if dt == np.float32 else 1e-15)
        if dt == np.float64:
            # the derivative of the ordinary function on the (maybe complex) value, at orders 1 and 2
            fad.testing.check_grads(lambda x: getattr(np.emath, name)(x), (x,), order=2)
            (g,) = fad.vjp(getattr(fnp.emath, name))(x)[1](np.ones_like(want))
            assert g.dtype == x.dtype  # a real argument's cotangent stays real


def test_emath_power_and_logn() -> None:
    x = np.array([-2.0, 3.0])
    np.testing.assert_allclose(fad.jvp(lambda x: np.emath.power(x, 0.5))((x,), (x,))[0], np.emath.power(x, 0.5))
    np.testing.assert_allclose(fad.jvp(lambda x: np.emath.power(x, -2))((x,), (x,))[0], np.emath.power(x, -2))
    fad.testing.check_grads(lambda x, p: np.emath.power(x, p), (x, np.array([0.5, 1.5])), order=2)
    fad.testing.check_grads(lambda n, x: np.emath.logn(n, x), (np.array([2.0, -3.0]), x), order=2)
    np.testing.assert_allclose(fad.jvp(lambda n: fnp.emath.logn(n, x))((np.array([2.0, -3.0]),), (x,))[0],
                               np.emath.logn(np.array([2.0, -3.0]), x))
    # the choice is a constant of the trace: a positive x stays real, with the real derivative
    assert fad.grad(lambda x: np.emath.power(x, 3))(2.0) == 12.0


def test_emath_is_fad_numpys_module() -> None:
    import fad.numpy.emath as em

    assert em is fnp.emath and sorted(em.__all__) == sorted(
        ["sqrt", "log", "log2", "log10", "logn", "power", "arccos", "arcsin", "arctanh"]
    )
    for n in em.__all__:  # plain values: NumPy's own
        args = (2.0, -8.0) if n in ("logn", "power") else (-0.5,) if n != "arccos" else (2.0,)
        np.testing.assert_array_equal(getattr(em, n)(*args), getattr(np.emath, n)(*args))


# --- sinc, fmax, fmin: NumPy defines them on complex values ---------------------------------


def test_sinc_of_complex_values_is_holomorphic_with_its_limit_at_0() -> None:
    z = np.array([0.3 + 0.2j, 1.5 - 0.7j, -2.0 + 0.5j])
    np.testing.assert_allclose(fnp.sinc(fnp.asarray(z) * 1.0), np.sinc(z))
    d = np.array([fad.grad(fnp.sinc, holomorphic=True)(w) for w in z])
    np.testing.assert_allclose(d, (np.cos(np.pi * z) - np.sinc(z)) / z, rtol=1e-12)
    assert fad.grad(fnp.sinc, holomorphic=True)(0j) == 0
    np.testing.assert_allclose(fad.grad(fad.grad(fnp.sinc, holomorphic=True), holomorphic=True)(0j), -np.pi**2 / 3)


def test_fmax_fmin_of_complex_values_follow_numpy_with_nan() -> None:
    """NumPy's order (real parts first, then imaginary parts); a value with a NaN part is
    NaN, and the other operand is returned and gets the derivative."""
    a = np.array([1.0 + 2.0j, 1.0 - 1.0j, complex(np.nan, 1.0), 3.0 + 0.0j])
    b = np.array([1.0 - 3.0j, 1.0 + 1.0j, 0.5 + 5.5j, complex(0.0, np.nan)])
    for fn, np_fn in [(fnp.fmax, np.fmax), (fnp.fmin, np.fmin)]:
        y, pull = fad.vjp(fn)(a, b)
        np.testing.assert_array_equal(y, np_fn(a, b))
        ybar = np.arange(1.0, 5.0) * (1 - 1j)
        ga, gb = pull(ybar)
        picked_a = y == a  # False where a is NaN
        assert list(picked_a) == ([True, False, False, True] if fn is fnp.fmax else [False, True, False, True])
        np.testing.assert_array_equal(ga, np.where(picked_a, ybar, 0))
        np.testing.assert_array_equal(gb, np.where(picked_a, 0, ybar))
