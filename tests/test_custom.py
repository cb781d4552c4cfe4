"""fad.custom_jvp and fad.custom_vjp: JAX's API and semantics.

Custom rules are checked with fad.testing against central differences of the
function itself (untraced, a decorated function runs its plain body), at
orders 1 and 2, in both modes for custom_jvp and in reverse mode for
custom_vjp; a deliberately "wrong" rule shows that every transform, at every
order, uses the rule and never the body.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import fad
import fad.numpy as fnp
from fad.testing import check_grads, check_jvp, check_vjp
from fad.testing import strategies as fst

RNG = np.random.default_rng(0)


def _vec(n: int = 3) -> np.ndarray:
    return RNG.normal(size=n)


# ---------------------------------------------------------------------------
# custom_jvp functions used below


@fad.custom_jvp
def log1pexp(x: Any) -> Any:
    return fnp.log(1.0 + fnp.exp(x))


@log1pexp.defjvp
def _log1pexp_jvp(primals: Any, tangents: Any) -> Any:
    (x,), (xdot,) = primals, tangents
    return log1pexp(x), xdot * (1.0 - 1.0 / (1.0 + fnp.exp(x)))


@fad.custom_jvp
def sin_rule_x2(x: Any) -> Any:
    """sin, whose rule says the derivative is x**2: every transform must agree."""
    return fnp.sin(x)


@sin_rule_x2.defjvp
def _sin_rule_x2_jvp(primals: Any, tangents: Any) -> Any:
    (x,), (xdot,) = primals, tangents
    return fnp.sin(x), x**2 * xdot


@fad.custom_jvp
def prod2(x: Any, y: Any) -> Any:
    return fnp.sin(x) * y


@prod2.defjvp
def _prod2_jvp(primals: Any, tangents: Any) -> Any:
    (x, y), (xd, yd) = primals, tangents
    return prod2(x, y), fnp.cos(x) * xd * y + fnp.sin(x) * yd


@fad.custom_jvp
def polar(p: Any) -> Any:
    """A dict in, a tuple of two outputs out."""
    r, t = p["r"], p["t"]
    return r * fnp.cos(t), {"y": r * fnp.sin(t)}


@polar.defjvp
def _polar_jvp(primals: Any, tangents: Any) -> Any:
    (p,), (d,) = primals, tangents
    r, t, rd, td = p["r"], p["t"], d["r"], d["t"]
    return polar(p), (rd * fnp.cos(t) - r * fnp.sin(t) * td, {"y": rd * fnp.sin(t) + r * fnp.cos(t) * td})


# ---------------------------------------------------------------------------
# custom_jvp: the rule, everywhere


def test_log1pexp_is_stable_at_100_in_every_transform() -> None:
    assert fad.grad(log1pexp)(100.0) == 1.0
    x = np.array([1.0, 100.0])
    s = 1.0 / (1.0 + np.exp(-1.0))
    for jac in (fad.jacrev, fad.jacfwd):
        np.testing.assert_array_equal(jac(log1pexp)(x), np.diag([s, 1.0]))
    h = fad.hessian(lambda x: fnp.sum(log1pexp(x)))(x)
    assert np.all(np.isfinite(h))
    np.testing.assert_allclose(h, np.diag([s * (1 - s), 0.0]), atol=1e-15)
    _, ydot = fad.jvp(log1pexp)((100.0,), (1.0,))
    assert ydot == 1.0
    _, push = fad.linearize(log1pexp)(100.0)
    assert push(2.0) == 2.0
    _, pull = fad.vjp(log1pexp)(100.0)
    assert pull(3.0)[0] == 3.0
    assert fad.grad(fad.grad(log1pexp))(100.0) == pytest.approx(np.exp(-100.0))


def test_the_body_would_overflow_where_the_rule_does_not() -> None:
    def body(x: Any) -> Any:
        return fnp.log(1.0 + fnp.exp(x))

    with np.errstate(over="ignore", invalid="ignore"):
        assert not np.isfinite(fad.grad(body)(1000.0))
        assert fad.grad(log1pexp)(1000.0) == 1.0  # exp overflows to inf in the rule, harmlessly


TRANSFORMS_2 = {
    "grad(grad)": lambda f: fad.grad(fad.grad(f)),
    "jacfwd(jacrev)": lambda f: fad.jacfwd(fad.jacrev(f)),
    "jacrev(jacfwd)": lambda f: fad.jacrev(fad.jacfwd(f)),
    "jacfwd(jacfwd)": lambda f: fad.jacfwd(fad.jacfwd(f)),
    "hessian": fad.hessian,
    "jvp(grad)": lambda f: lambda x: fad.jvp(fad.grad(f))((x,), (1.0,))[1],
    "grad(jvp)": lambda f: fad.grad(lambda x: fad.jvp(f)((x,), (1.0,))[1]),
    "linearize(grad)": lambda f: lambda x: fad.linearize(fad.grad(f))(x)[1](1.0),
    "grad(vjp)": lambda f: fad.grad(lambda x: fad.vjp(f)(x)[1](1.0)[0]),
}


@pytest.mark.parametrize("name", list(TRANSFORMS_2))
def test_every_second_order_route_differentiates_the_rule(name: str) -> None:
    # the rule says d sin(x)/dx = x**2 (not cos x): d2 = 2x, whatever the route
    x = 0.7
    got = TRANSFORMS_2[name](sin_rule_x2)(x)
    assert float(got) == pytest.approx(2 * x, rel=1e-14)


def test_first_and_third_order_use_the_rule() -> None:
    x = 0.7
    for f in (fad.grad, fad.jacfwd, fad.jacrev, fad.elementwise_grad):
        assert float(f(sin_rule_x2)(x)) == pytest.approx(x**2)
    assert float(fad.grad(fad.grad(fad.grad(sin_rule_x2)))(x)) == 2.0
    assert float(fad.jacfwd(fad.jacrev(fad.grad(sin_rule_x2)))(x)) == 2.0


def test_jacobians_with_batches_use_the_rule() -> None:
    x = _vec(4)
    np.testing.assert_allclose(fad.jacfwd(sin_rule_x2)(x), np.diag(x**2))
    np.testing.assert_allclose(fad.jacrev(sin_rule_x2)(x), np.diag(x**2))
    h = fad.hessian(lambda x: fnp.sum(sin_rule_x2(x)))(x)
    np.testing.assert_allclose(h, np.diag(2 * x))


@pytest.mark.parametrize("seed", range(3))
def test_custom_jvp_against_finite_differences(seed: int) -> None:
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=3), rng.normal(size=3)
    check_grads(log1pexp, (x * 3,), order=2, modes=("fwd", "rev"))
    check_grads(prod2, (x, y), order=2, modes=("fwd", "rev"))
    check_grads(lambda x, y: fnp.sum(prod2(x, y) ** 2), (x, y), order=2, modes=("fwd", "rev"))


def test_custom_jvp_identities() -> None:
    x, y = _vec(), _vec()
    check_vjp(prod2, (x, y))
    check_jvp(prod2, (x, y))
    check_vjp(polar, ({"r": np.abs(x) + 1, "t": y},))
    check_jvp(polar, ({"r": np.abs(x) + 1, "t": y},))


def test_pytrees_in_and_out() -> None:
    p = {"r": np.array([1.0, 2.0]), "t": np.array([0.3, -0.4])}
    check_grads(polar, (p,), order=2, modes=("fwd", "rev"))
    a, b = polar(p)
    np.testing.assert_allclose(a, p["r"] * np.cos(p["t"]))
    np.testing.assert_allclose(b["y"], p["r"] * np.sin(p["t"]))
    g = fad.grad(lambda p: fnp.sum(polar(p)[1]["y"]))(p)
    np.testing.assert_allclose(g["r"], np.sin(p["t"]))
    np.testing.assert_allclose(g["t"], p["r"] * np.cos(p["t"]))


def test_a_scalar_tangent_is_broadcast_to_the_output() -> None:
    @fad.custom_jvp
    def total(x: Any) -> Any:
        return fnp.sum(x) * np.ones(3)

    total.defjvp(lambda p, t: (total(p[0]), fnp.sum(t[0])))
    x = _vec()
    np.testing.assert_allclose(fad.jacrev(total)(x), np.ones((3, 3)))
    np.testing.assert_allclose(fad.jacfwd(total)(x), np.ones((3, 3)))


def test_the_rule_may_return_none_for_a_zero_tangent() -> None:
    @fad.custom_jvp
    def const(x: Any) -> Any:
        return fnp.floor(x)

    const.defjvp(lambda p, t: (const(p[0]), None))
    assert fad.grad(const)(1.5) == 0.0
    assert fad.jvp(const)((1.5,), (1.0,))[1] == 0.0


def test_the_rule_may_return_none_for_some_output_tangents() -> None:
    # None anywhere in the tangent's pytree (a leaf, or a whole part) is a zero
    # for those outputs; the others keep their tangents, in every transform
    @fad.custom_jvp
    def parts(x: Any) -> Any:
        return {"s": fnp.sin(x), "rest": (fnp.argmax(x), 2.0 * x)}

    @parts.defjvp
    def _(p: Any, t: Any) -> Any:
        (x,), (xd,) = p, t
        return parts(x), {"s": fnp.cos(x) * xd, "rest": None}

    x = _vec()
    for jac in (fad.jacfwd, fad.jacrev):
        np.testing.assert_allclose(jac(lambda x: parts(x)["s"])(x), np.diag(np.cos(x)))
        np.testing.assert_array_equal(jac(lambda x: parts(x)["rest"][1])(x), np.zeros((3, 3)))
    np.testing.assert_allclose(fad.hessian(lambda x: fnp.sum(parts(x)["s"]))(x), np.diag(-np.sin(x)))

    @parts.defjvp
    def _leafwise(p: Any, t: Any) -> Any:
        (x,), (xd,) = p, t
        return parts(x), {"s": fnp.cos(x) * xd, "rest": (None, 2.0 * xd)}

    for jac in (fad.jacfwd, fad.jacrev):
        np.testing.assert_allclose(jac(lambda x: parts(x)["rest"][1])(x), 2.0 * np.eye(3))
    check_grads(lambda x: fnp.sum(parts(x)["s"] * parts(x)["rest"][1]), (x,), order=2, modes=("fwd", "rev"))


def test_a_tangent_that_does_not_fit_its_output_names_the_function_and_shapes() -> None:
    @fad.custom_jvp
    def pair(x: Any) -> Any:
        return fnp.sum(x), 2.0 * x

    pair.defjvp(lambda p, t: (pair(p[0]), (fnp.sum(t[0]), fnp.ones(4))))
    wrong = r"a tangent of shape \(4,\) for an output of shape \(3,\) \(output \[1\]\)"
    for run in (
        lambda: fad.grad(lambda x: pair(x)[0])(_vec()),
        lambda: fad.jvp(pair)((_vec(),), (_vec(),)),
        lambda: fad.jacfwd(lambda x: pair(x)[1])(_vec()),
    ):
        with pytest.raises(ValueError, match=rf"custom_jvp function pair returned {wrong}"):
            run()


def test_nondiff_argnums_are_passed_first_and_carry_no_derivative() -> None:
    @functools.partial(fad.custom_jvp, nondiff_argnums=(0,))
    def apply(fn: Any, x: Any) -> Any:
        return fn(x)

    seen = []

    @apply.defjvp
    def _(fn: Any, primals: Any, tangents: Any) -> Any:
        seen.append(fn)
        (x,), (xd,) = primals, tangents
        return apply(fn, x), 2.0 * xd

    assert fad.grad(lambda x: apply(fnp.sin, x))(1.0) == 2.0
    assert seen and seen[0] is fnp.sin

    @functools.partial(fad.custom_jvp, nondiff_argnums=(1,))
    def scale(x: Any, k: Any) -> Any:
        return x * k

    scale.defjvp(lambda k, p, t: (scale(p[0], k), t[0] * k))
    # a traced value in a nondiff position is a constant (JAX's stop_gradient)
    assert fad.grad(lambda k: scale(2.0, k))(3.0) == 0.0
    assert fad.grad(lambda x: scale(x, 3.0))(2.0) == 3.0
    check_grads(lambda x: scale(x, 3.0), (_vec(),), order=2)


def test_keyword_arguments_map_to_positions() -> None:
    x, y = _vec(), _vec()
    np.testing.assert_allclose(
        fad.grad(lambda x: fnp.sum(prod2(x, y=y)))(x), fad.grad(lambda x: fnp.sum(prod2(x, y)))(x)
    )


def test_defaulted_arguments_reach_the_rules_however_the_function_is_called() -> None:
    # as JAX's _resolve_kwargs: defaults are filled in, so the rules always see
    # every positional parameter, whether it was passed, by name, or defaulted
    seen: list[int] = []

    @fad.custom_jvp
    def f(x: Any, y: Any = 3.0) -> Any:
        return x * y

    @f.defjvp
    def _(p: Any, t: Any) -> Any:
        seen.append(len(p))
        (x, y), (xd, yd) = p, t
        return f(x, y), xd * y + x * yd

    @fad.custom_vjp
    def g(x: Any, y: Any = 3.0) -> Any:
        return x * y

    g.defvjp(lambda x, y: (x * y, (x, y)), lambda r, ct: (ct * r[1], ct * r[0]))

    @fad.checkpoint
    def h(x: Any, y: Any = 3.0) -> Any:
        return fnp.sin(x) * y

    for fun, d1, d2 in ((f, 3.0, 0.0), (g, 3.0, 0.0), (h, 3.0 * np.cos(2.0), -3.0 * np.sin(2.0))):
        calls = (lambda x: fun(x), lambda x: fun(x, 3.0), lambda x: fun(x, y=3.0), lambda x: fun(y=3.0, x=x))
        for call in calls:
            assert float(fad.grad(call)(2.0)) == pytest.approx(d1)
            assert float(fad.grad(fad.grad(call))(2.0)) == pytest.approx(d2)
    assert set(seen) == {2}
    assert float(fad.jvp(f)((2.0,), (1.0,))[1]) == 3.0


def test_keyword_only_parameters_keep_their_defaults_but_cannot_be_passed() -> None:
    # a keyword-only parameter with a default is left to the function when not
    # passed (JAX refuses such functions outright); passing it is an error
    # naming the function, since the rules take positional arguments only
    @fad.custom_jvp
    def f(x: Any, *, scale: float = 2.0) -> Any:
        return x * scale

    f.defjvp(lambda p, t: (f(*p), t[0] * 2.0))
    assert float(fad.grad(f)(1.0)) == 2.0
    with pytest.raises(TypeError, match=r"custom_jvp function f was called with keyword arguments .*\(scale\)"):
        fad.grad(lambda x: f(x, scale=2.0))(1.0)


def test_a_bad_call_is_an_error_naming_the_function() -> None:
    @fad.custom_vjp
    def g(x: Any, y: Any = 3.0) -> Any:
        return x * y

    g.defvjp(lambda x, y: (x * y, (x, y)), lambda r, ct: (ct * r[1], ct * r[0]))
    with pytest.raises(TypeError, match="custom_vjp function g: too many positional arguments"):
        fad.grad(lambda x: g(x, 1.0, 2.0))(1.0)
    with pytest.raises(TypeError, match="custom_vjp function g: .*unexpected keyword argument 'z'"):
        fad.grad(lambda x: g(x, z=2.0))(1.0)


def test_untraced_calls_run_the_body_only() -> None:
    calls = []

    @fad.custom_jvp
    def f(x: Any) -> Any:
        calls.append("f")
        return x * 2

    @f.defjvp
    def _(p: Any, t: Any) -> Any:
        calls.append("rule")
        return f(p[0]), 2 * t[0]

    x = np.arange(3.0)
    y = f(x)
    assert type(y) is np.ndarray and calls == ["f"]
    np.testing.assert_array_equal(y, 2 * x)
    assert f.__name__ == "f"


def test_a_custom_function_inside_a_bigger_one() -> None:
    def g(x: Any) -> Any:
        return fnp.sum(fnp.tanh(log1pexp(x * 2.0) * x))

    check_grads(g, (_vec(),), order=2, modes=("fwd", "rev"))


# ---------------------------------------------------------------------------
# custom_vjp


@fad.custom_vjp
def clip_gradient(lo: Any, hi: Any, x: Any) -> Any:
    return x


clip_gradient.defvjp(
    lambda lo, hi, x: (x, (lo, hi)),
    lambda res, g: (None, None, fnp.clip(g, res[0], res[1])),
)


@fad.custom_vjp
def sin_times(x: Any, y: Any) -> Any:
    return fnp.sin(x) * y


def _sin_times_fwd(x: Any, y: Any) -> Any:
    return sin_times(x, y), (fnp.cos(x), fnp.sin(x), y)


def _sin_times_bwd(res: Any, g: Any) -> Any:
    c, s, y = res
    return (c * g * y, s * g)


sin_times.defvjp(_sin_times_fwd, _sin_times_bwd)


def test_gradient_clipping() -> None:
    f = lambda x: fnp.sum(clip_gradient(-1.0, 1.0, 5.0 * x))  # noqa: E731
    x = _vec()
    np.testing.assert_array_equal(fad.grad(f)(x), np.full(3, 5.0))
    g = lambda x: fnp.sum(5.0 * clip_gradient(-1.0, 1.0, x))  # noqa: E731
    np.testing.assert_array_equal(fad.grad(g)(x), np.ones(3))
    np.testing.assert_array_equal(g(x), np.sum(5.0 * x))


@pytest.mark.parametrize("seed", range(3))
def test_custom_vjp_against_finite_differences(seed: int) -> None:
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=3), rng.normal(size=3)
    check_grads(sin_times, (x, y), order=2, modes=("rev",))
    check_grads(lambda x, y: fnp.sum(sin_times(x, y) ** 2), (x, y), order=2, modes=("rev",))


def test_custom_vjp_reverse_mode_to_third_order() -> None:
    plain = lambda x: fnp.sin(x) * x  # noqa: E731
    custom = lambda x: sin_times(x, x)  # noqa: E731
    for n in (1, 2, 3):
        f, g = custom, plain
        for _ in range(n):
            f, g = fad.grad(f), fad.grad(g)
        assert float(f(0.8)) == pytest.approx(float(g(0.8)), rel=1e-13)
    x = _vec()
    h = lambda f: fad.jacrev(fad.jacrev(lambda x: fnp.sum(f(x))))  # noqa: E731
    np.testing.assert_allclose(h(custom)(x), h(plain)(x), rtol=1e-13)


def test_custom_vjp_batched_pullback_loops_over_bwd() -> None:
    x, y = _vec(), _vec()
    np.testing.assert_allclose(fad.jacrev(sin_times)(x, y), np.diag(np.cos(x) * y))
    np.testing.assert_allclose(fad.jacrev(sin_times, 1)(x, y), np.diag(np.sin(x)))


@pytest.mark.parametrize(
    "transform",
    [
        lambda f: fad.jvp(f)((0.5,), (1.0,)),
        lambda f: fad.jacfwd(f)(0.5),
        lambda f: fad.linearize(f)(0.5)[1](1.0),  # when a tangent is pushed
        lambda f: fad.hessian(lambda x: f(x) * x)(0.5),
    ],
)
def test_custom_vjp_refuses_forward_mode(transform: Any) -> None:
    f = lambda x: sin_times(x, 2.0)  # noqa: E731
    with pytest.raises(TypeError, match="custom_vjp function sin_times cannot be differentiated in forward mode"):
        transform(f)


def test_hessian_of_a_custom_vjp_by_jacrev_jacrev() -> None:
    x = _vec()
    got = fad.jacrev(fad.jacrev(lambda x: fnp.sum(sin_times(x, x))))(x)
    want = fad.hessian(lambda x: fnp.sum(fnp.sin(x) * x))(x)
    np.testing.assert_allclose(got, want, rtol=1e-13)


def test_custom_vjp_pytrees_and_none_cotangents() -> None:
    @fad.custom_vjp
    def f(p: Any, k: Any) -> Any:
        return {"s": p["a"] * p["b"] * k}

    def fwd(p: Any, k: Any) -> Any:
        return f(p, k), (p, k)

    def bwd(res: Any, ct: Any) -> Any:
        p, k = res
        g = ct["s"] * k
        return {"a": g * p["b"], "b": g * p["a"]}, None

    f.defvjp(fwd, bwd)
    p = {"a": _vec(), "b": _vec()}
    check_grads(lambda p: f(p, 3.0), (p,), order=2, modes=("rev",))
    assert fad.grad(lambda k: fnp.sum(f(p, k)["s"]))(3.0) == 0.0  # None: a zero


def test_custom_vjp_nondiff_argnums() -> None:
    @functools.partial(fad.custom_vjp, nondiff_argnums=(0,))
    def apply(fn: Any, x: Any) -> Any:
        return fn(x)

    apply.defvjp(lambda fn, x: (fn(x), x), lambda fn, x, g: (g * 2.0,))
    assert fad.grad(lambda x: apply(fnp.sin, x))(1.0) == 2.0
    with pytest.raises(TypeError, match="argument 0 is in nondiff_argnums but holds a traced value"):
        fad.grad(lambda x: apply(x, x))(1.0)


def test_custom_vjp_bwd_errors() -> None:
    @fad.custom_vjp
    def f(x: Any, y: Any) -> Any:
        return x * y

    f.defvjp(lambda x, y: (x * y, None), lambda r, g: (g,))
    with pytest.raises(TypeError, match="one cotangent per differentiable argument"):
        fad.grad(f)(1.0, 2.0)
    f.defvjp(lambda x, y: (x * y, None), lambda r, g: (np.ones(2), None))
    with pytest.raises(ValueError, match="shape"):
        fad.grad(f)(1.0, 2.0)
    f.defvjp(lambda x, y: x * y, lambda r, g: (g, g))
    with pytest.raises(TypeError, match="must return a pair"):
        fad.grad(f)(1.0, 2.0)
    f.defvjp(lambda x, y: (x * y, None), lambda r, g: ((g,), None))
    with pytest.raises(TypeError, match="structure"):
        fad.grad(f)(1.0, 2.0)


def test_bwd_may_return_none_for_part_of_an_argument() -> None:
    @fad.custom_vjp
    def f(p: Any) -> Any:
        return p["a"] * p["b"][0]

    f.defvjp(lambda p: (f(p), p), lambda r, g: ({"a": g * r["b"][0], "b": (None, None)},))
    p = {"a": 2.0, "b": (3.0, 4.0)}
    grads = fad.grad(f)(p)
    assert float(grads["a"]) == 3.0 and float(grads["b"][0]) == 0.0 and float(grads["b"][1]) == 0.0


def test_missing_rules_are_an_error_naming_the_function() -> None:
    @fad.custom_jvp
    def f(x: Any) -> Any:
        return x

    @fad.custom_vjp
    def g(x: Any) -> Any:
        return x

    with pytest.raises(AttributeError, match=r"@f.defjvp"):
        f(1.0)
    with pytest.raises(AttributeError, match=r"g.defvjp\(fwd, bwd\)"):
        g(1.0)


def test_jvp_rule_errors() -> None:
    @fad.custom_jvp
    def f(x: Any) -> Any:
        return x, x

    f.defjvp(lambda p, t: (f(p[0]), t[0]))  # a tangent of the wrong structure
    with pytest.raises(TypeError, match="structure"):
        fad.grad(lambda x: f(x)[0])(1.0)


# ---------------------------------------------------------------------------
# closures over traced values (JAX: an error when differentiating with respect
# to them; pass them as arguments instead)


def test_closing_over_a_traced_value_is_an_error() -> None:
    def outer_jvp(c: Any) -> Any:
        @fad.custom_jvp
        def f(x: Any) -> Any:
            return x * c

        f.defjvp(lambda p, t: (f(p[0]), t[0] * c))
        return f(2.0) + f(c)

    def outer_vjp(c: Any) -> Any:
        @fad.custom_vjp
        def f(x: Any) -> Any:
            return x * c

        f.defvjp(lambda x: (x * c, None), lambda r, g: (g * c,))
        return f(c)

    with pytest.raises(TypeError, match="custom_jvp function f: its output depends on a traced value"):
        fad.grad(outer_jvp)(1.0)
    with pytest.raises(TypeError, match="custom_vjp function f: the output of its fwd rule depends"):
        fad.grad(outer_vjp)(1.0)


def test_closing_over_constants_is_fine() -> None:
    c = np.array([1.0, 2.0, 3.0])

    @fad.custom_jvp
    def f(x: Any) -> Any:
        return x * c

    f.defjvp(lambda p, t: (f(p[0]), t[0] * c))
    np.testing.assert_allclose(fad.jacfwd(f)(_vec()), np.diag(c))
    np.testing.assert_allclose(fad.jacrev(f)(_vec()), np.diag(c))


def test_rules_may_close_over_outer_traced_values() -> None:
    # a nested derivative: the rule reads a value of the outer transform, as
    # the argument's own value; the mixed derivative comes out right
    def outer(y: Any) -> Any:
        return fad.grad(lambda x: prod2(x, y))(0.3)

    assert float(fad.grad(outer)(2.0)) == pytest.approx(np.cos(0.3))


# ---------------------------------------------------------------------------
# against the undecorated function, and an implicit function


@pytest.mark.parametrize(
    "transform",
    [fad.grad, fad.jacfwd, fad.jacrev, fad.hessian, lambda f: fad.jacrev(fad.jacrev(f)), lambda f: fad.jacrev(fad.jacfwd(f))],
)
def test_a_correct_rule_gives_the_body_s_derivatives(transform: Any) -> None:
    y = _vec()

    def custom(x: Any) -> Any:
        return fnp.sum(prod2(x, y) * log1pexp(x))

    def body(x: Any) -> Any:
        return fnp.sum(prod2.fun(x, y) * log1pexp.fun(x))

    x = _vec()
    np.testing.assert_allclose(transform(custom)(x), transform(body)(x), rtol=1e-12, atol=1e-14)


def _iterate(step: Any, x: Any, tol: float = 1e-14, max_iter: int = 1000) -> Any:
    for _ in range(max_iter):
        x_new = step(x)
        if np.max(np.abs(fad.concrete(x_new) - fad.concrete(x))) < tol:
            return x_new
        x = x_new
    return x


@functools.partial(fad.custom_vjp, nondiff_argnums=(0,))
def fixed_point(g: Any, theta: Any, x0: Any) -> Any:
    return _iterate(lambda x: g(x, theta), x0)


def _fixed_point_fwd(g: Any, theta: Any, x0: Any) -> Any:
    x = fixed_point(g, theta, x0)
    return x, (theta, x)


def _fixed_point_bwd(g: Any, res: Any, x_bar: Any) -> Any:
    theta, x = res
    _, pullback = fad.vjp(g)(x, theta)
    w = _iterate(lambda w: x_bar + pullback(w)[0], x_bar)
    return pullback(w)[1], None


fixed_point.defvjp(_fixed_point_fwd, _fixed_point_bwd)


def test_implicit_function_theorem_rule() -> None:
    g = lambda x, th: th * fnp.cos(x)  # noqa: E731
    th = 0.5
    x = fixed_point(g, th, 0.0)
    want = np.cos(x) / (1 + th * np.sin(x))
    assert float(fad.grad(fixed_point, 1)(g, th, 0.0)) == pytest.approx(want, rel=1e-10)
    check_grads(lambda th: fixed_point(g, th, 0.0), (th,), order=2, modes=("rev",))
    # a vector fixed point x = tanh(A x + b), with respect to b
    a = RNG.normal(size=(3, 3)) / 4
    gv = lambda x, b: fnp.tanh(a @ x + b)  # noqa: E731
    b = _vec()
    check_grads(lambda b: fixed_point(gv, b, np.zeros(3)), (b,), order=2, modes=("rev",))


# ---------------------------------------------------------------------------
# drawn inputs: shapes, dtypes and values from fad.testing.strategies


@given(data=st.data())
def test_drawn_custom_jvp_against_finite_differences(data: Any) -> None:
    shape = data.draw(fst.shapes(max_dims=2, max_side=3), label="shape")
    x = data.draw(fst.float_arrays(shape, np.float64, fst.Domain(-3.0, 3.0)), label="x")
    y = data.draw(fst.float_arrays(shape, np.float64, fst.Domain(-3.0, 3.0)), label="y")
    check_grads(lambda x, y: prod2(x, y) * log1pexp(y), (x, y), order=2, modes=("fwd", "rev"))


@given(data=st.data())
def test_drawn_custom_vjp_against_finite_differences(data: Any) -> None:
    shape = data.draw(fst.shapes(max_dims=2, max_side=3), label="shape")
    x = data.draw(fst.float_arrays(shape, np.float64, fst.Domain(-3.0, 3.0)), label="x")
    y = data.draw(fst.float_arrays(shape, np.float64, fst.Domain(-3.0, 3.0)), label="y")
    check_grads(lambda x, y: sin_times(x, y) * fnp.cos(y), (x, y), order=2, modes=("rev",))


def test_defjvps_one_part_per_argument() -> None:
    @fad.custom_jvp
    def f(x: Any, y: Any) -> Any:
        return fnp.sin(x) * y

    f.defjvps(lambda xd, ans, x, y: fnp.cos(x) * xd * y, None)  # no part for y: a zero
    x, y = _vec(), _vec()
    np.testing.assert_allclose(fad.jacfwd(f)(x, y), np.diag(np.cos(x) * y))
    np.testing.assert_array_equal(fad.jacrev(f, 1)(x, y), np.zeros((3, 3)))
    f.defjvps(lambda xd, ans, x, y: fnp.cos(x) * xd * y, lambda yd, ans, x, y: fnp.sin(x) * yd)
    check_grads(f, (x, y), order=2, modes=("fwd", "rev"))
    with pytest.raises(TypeError, match="defjvps cannot be used with nondiff_argnums"):
        fad.custom_jvp(lambda k, x: x, nondiff_argnums=(0,)).defjvps(None)


def test_check_grads_names_a_wrong_rule() -> None:
    @fad.custom_jvp
    def f(x: Any) -> Any:
        return fnp.sin(x)

    f.defjvp(lambda p, t: (f(p[0]), 2.0 * t[0]))  # not sin's derivative

    @fad.custom_vjp
    def g(x: Any) -> Any:
        return fnp.sin(x)

    g.defvjp(lambda x: (g(x), x), lambda x, ct: (2.0 * ct,))
    with pytest.raises(AssertionError, match="culprit: primitive 'custom_jvp_call' .* with call=f"):
        check_grads(lambda x: fnp.sum(f(x) * x), (np.ones(3),), order=1)
    with pytest.raises(AssertionError, match="culprit: primitive 'custom_vjp_call' .* with call=g"):
        check_grads(lambda x: fnp.sum(g(x) * x), (np.ones(3),), order=1, modes=("rev",))


def test_the_rule_carriers_names_are_reserved() -> None:
    for name in ("custom_jvp_call", "custom_vjp_call", "custom_part", "checkpoint"):
        with pytest.raises(ValueError, match="one of fad's own primitives"):
            fad.primitive(np.sin, name=name)
