"""Tests of fad.testing itself: it must catch wrong rules, and say which.

The planted bug of issue #4 is ``sin``'s VJP returning ``ybar * sin(x)``
instead of ``ybar * cos(x)``. It is planted on new primitives, or on fad's own
``sin`` with the real rule restored in a ``finally``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fad
import fad.numpy as fnp
import fad.testing
from fad._primitive import registry
from fad.testing import (
    check_grads,
    check_jvp,
    check_rule,
    check_vjp,
    default_tolerances,
)
from fad.testing import strategies as fst
from _catalogue import CATALOGUE, Drawn, cases, check_case, check_coverage, fad_primitive_names

X = np.linspace(-1.2, 1.3, 5)


def _sin_with(vjp: Any = None, jvp: Any = None, name: str = "planted_sin") -> fad.Primitive:
    """A new elementwise sine whose rules default to the right ones."""
    p = fad.primitive(np.sin, name=name, kind="elementwise")
    fad.defvjp(p, vjp or (lambda y, ybar, x: ybar * fnp.cos(x)))
    fad.defjvp(p, jvp or (lambda xdot, y, x: xdot * fnp.cos(x)))
    return p


def _wrong_vjp(y: Any, ybar: Any, x: Any) -> Any:
    return ybar * fnp.sin(x)  # the planted bug: sin instead of cos


@pytest.fixture
def planted_sin() -> fad.Primitive:
    return _sin_with(vjp=_wrong_vjp)


@pytest.fixture
def fads_sin_planted() -> Iterator[fad.Primitive]:
    """fad's own sin with the wrong VJP, restored afterwards whatever happens."""
    sin_p = registry["sin"]
    saved = sin_p.vjps
    fad.defvjp(sin_p, _wrong_vjp)
    try:
        yield sin_p
    finally:
        fad.defvjp(sin_p, *saved)
    assert registry["sin"].vjps == saved


# --- check_grads --------------------------------------------------------------------


def test_check_grads_passes_on_right_rules() -> None:
    check_grads(_sin_with(), (X,), order=3)
    check_grads(lambda x, y: fnp.sum(fnp.exp(x) * y, axis=0), (X.reshape(5, 1), X[:3]))
    check_grads(fnp.tanh, (X.astype(np.float32),), order=2)


def test_check_grads_takes_pytrees() -> None:
    params = {"w": np.eye(2) + 0.5, "b": np.array([0.1, -0.2])}
    check_grads(lambda p, x: fnp.tanh(p["w"] @ x + p["b"]), (params, np.array([0.3, 0.7])))


def test_check_grads_catches_the_planted_vjp(planted_sin: fad.Primitive) -> None:
    with pytest.raises(AssertionError) as info:
        check_grads(planted_sin, (X,))
    msg = str(info.value)
    assert msg.startswith("check_grads(planted_sin): the VJP of planted_sin disagrees")
    assert "inputs: float64[5]" in msg
    assert "direction u" in msg and "cotangent w" in msg
    assert "by fad's VJP" in msg and "by central differences" in msg and "difference" in msg


def test_check_grads_forward_mode_alone_misses_a_wrong_vjp(planted_sin: fad.Primitive) -> None:
    check_grads(planted_sin, (X,), modes=("fwd",), order=1)


def test_check_grads_names_the_primitive_inside_a_function(planted_sin: fad.Primitive) -> None:
    def model(x: Any, w: Any) -> Any:
        return fnp.sum(fnp.exp(planted_sin(x * w)) ** 2)

    with pytest.raises(AssertionError) as info:
        check_grads(model, (X, np.float64(0.7)), modes=("rev",))
    msg = str(info.value)
    assert msg.startswith("check_grads(model): the VJP of model disagrees")
    assert "culprit: primitive 'planted_sin' fails on its own" in msg


def test_the_culprit_search_sees_values_that_nodes_do_not_keep(planted_sin: fad.Primitive) -> None:
    # nodes elide large arguments that no rule reads (here x + 1 for add); the
    # search replays the graph to get them back
    x = np.linspace(-1.0, 1.0, 9000)
    with pytest.raises(AssertionError, match="culprit: primitive 'planted_sin' fails on its own"):
        check_grads(lambda x: fnp.sum(planted_sin(x + 1.0) * 2.0), (x,), order=1, modes=("rev",))


def test_check_grads_catches_a_wrong_second_derivative() -> None:
    # first derivatives are right, but the rules use concrete values, so the
    # derivative of the rules (the second derivative) is lost
    p = _sin_with(
        vjp=lambda y, ybar, x: ybar * np.cos(fad.concrete(x)),
        jvp=lambda xdot, y, x: xdot * np.cos(fad.concrete(x)),
        name="sin_first_order_only",
    )
    check_grads(p, (X,), order=1)
    with pytest.raises(AssertionError, match=r"of sin_first_order_only disagrees .*order 2 of 2"):
        check_grads(p, (X,), order=2)


def test_check_grads_float32_is_checked_with_looser_tolerances() -> None:
    t32, t64 = default_tolerances(np.float32), default_tolerances(np.float64)
    assert t32.rtol > 100 * t64.rtol and t32.eps > t64.eps and t32.tight > t64.tight
    x = X.astype(np.float32)
    check_grads(lambda x: fnp.log1p(fnp.exp(x)) * 3.0, (x,), order=2)
    with pytest.raises(AssertionError, match="inputs: float32"):
        check_grads(_sin_with(vjp=lambda y, ybar, x: ybar * fnp.cos(x) * 1.05, name="sin5"), (x,))


def test_check_grads_catches_a_one_percent_error_in_float64() -> None:
    p = _sin_with(jvp=lambda xdot, y, x: xdot * fnp.cos(x) * 1.01, name="sin1pct")
    with pytest.raises(AssertionError, match=r"JVP of sin1pct disagrees"):
        check_grads(p, (X,), modes=("fwd",), order=1)


def test_check_grads_rejects_bad_arguments() -> None:
    with pytest.raises(TypeError, match="as a tuple"):
        check_grads(fnp.sin, X)
    with pytest.raises(TypeError, match="floating-point or complex inputs only"):
        check_grads(fnp.sin, (np.arange(3),))
    with pytest.raises(ValueError, match="modes"):
        check_grads(fnp.sin, (X,), modes=("sideways",))
    with pytest.raises(ValueError, match="order"):
        check_grads(fnp.sin, (X,), order=0)


# --- check_vjp, check_jvp, check_rule -------------------------------------------------


def test_check_vjp_and_check_jvp_pass_on_right_rules() -> None:
    f = lambda a, b: fnp.matmul(fnp.tanh(a), b)  # noqa: E731
    args = (X[:4].reshape(2, 2), X[1:].reshape(2, 2))
    check_vjp(f, args)
    check_jvp(f, args)


def test_check_rule_passes_on_right_rules() -> None:
    check_rule(_sin_with(), X)
    check_rule(registry["multiply"], X, np.ones((2, 5), np.float32))
    check_rule(registry["sum"], X.reshape(5, 1), axis=(-2,), keepdims=False)


def test_check_rule_catches_the_planted_vjp(planted_sin: fad.Primitive) -> None:
    with pytest.raises(AssertionError) as info:
        check_rule(planted_sin, X)
    msg = str(info.value)
    assert msg.startswith(
        "check_rule(planted_sin): the VJP and JVP rules of 'planted_sin' are not each "
        "other's transpose for argument 0"
    )
    assert "the VJP looks wrong" in msg


def test_check_rule_catches_fads_own_sin_planted(fads_sin_planted: fad.Primitive) -> None:
    with pytest.raises(AssertionError, match=r"(?s)^check_rule\(sin\): .*the VJP looks wrong"):
        check_rule(fads_sin_planted, X)


def test_check_jvp_catches_a_wrong_jvp() -> None:
    p = _sin_with(jvp=lambda xdot, y, x: xdot * fnp.sin(x), name="sin_bad_jvp")
    with pytest.raises(AssertionError, match=r"(?s)^check_jvp\(sin_bad_jvp\).*the JVP looks wrong"):
        check_jvp(p, (X,))


def test_check_rule_catches_a_nonlinear_pullback() -> None:
    p = _sin_with(vjp=lambda y, ybar, x: ybar * fnp.abs(ybar) * fnp.cos(x), name="sin_nonlinear")
    with pytest.raises(AssertionError, match="pullback is not linear in the cotangent"):
        check_rule(p, X)


def test_check_jvp_catches_a_nonlinear_pushforward() -> None:
    p = _sin_with(jvp=lambda xdot, y, x: xdot * fnp.abs(xdot) * fnp.cos(x), name="sin_nonlinear_jvp")
    with pytest.raises(AssertionError, match=r"pushforward is not linear in the tangent: for output 0"):
        check_jvp(p, (X,))


def _double_with_a_batch_bug() -> fad.Primitive:
    """2 x, whose rules are right for one (co)tangent and wrong (3 x) for a batch."""
    p = fad.primitive(lambda x: 2.0 * x, name="double_batch_bug", kind="batched")
    fad.defvjp(p, lambda y, ybar, x: (3.0 if np.ndim(ybar) > np.ndim(y) else 2.0) * ybar)
    fad.defjvp(p, lambda xdot, y, x: (3.0 if np.ndim(xdot) > np.ndim(x) else 2.0) * xdot)
    return p


def test_the_identities_catch_rules_wrong_only_for_a_batch() -> None:
    p = _double_with_a_batch_bug()
    check_grads(p, (X,))  # one (co)tangent at a time: nothing to see
    with pytest.raises(AssertionError, match=r"batched reverse sweep \(jacrev\) disagrees .* argument 0"):
        check_vjp(p, (X,))
    with pytest.raises(AssertionError, match=r"batched forward sweep \(jacfwd\) disagrees .* output 0"):
        check_jvp(p, (X,))
    with pytest.raises(AssertionError, match=r"^check_rule\(double_batch_bug\): the batched reverse"):
        check_rule(p, X)
    check_vjp(p, (X,), batched=False)


def test_check_rule_catches_a_cotangent_of_the_wrong_dtype() -> None:
    p = _sin_with(vjp=lambda y, ybar, x: ybar * fnp.cos(fnp.astype(x, np.float64)), name="sin_f64")
    with pytest.raises(AssertionError, match="cotangent of dtype float64, but the argument is float32"):
        check_rule(p, X.astype(np.float32))


def test_check_rule_catches_a_cotangent_of_the_wrong_shape() -> None:
    p = _sin_with(vjp=lambda y, ybar, x: fnp.sum(ybar * fnp.cos(x)), name="sin_summed")
    with pytest.raises(AssertionError, match=r"cotangent of shape \(\), which is neither"):
        check_rule(p, X)


def test_check_rule_needs_both_rules() -> None:
    p = fad.primitive(np.sin, name="sin_vjp_only", kind="elementwise")
    fad.defvjp(p, lambda y, ybar, x: ybar * fnp.cos(x))
    with pytest.raises(AssertionError, match=r"argument 0 has no JVP rule.*fad.defjvp\(sin_vjp_only"):
        check_rule(p, X)


def test_check_rule_numbers_arguments_as_the_primitive_does() -> None:
    # where(c, a, b): the condition is argument 0, so a wrong rule for b is "argument 2"
    where_p = registry["where"]
    c = X > 0
    bad = fad.primitive(np.where, name="where_bad", kind="elementwise")
    fad.defvjp(bad, None, where_p.vjp_rule(1), lambda y, ybar, c, a, b: fnp.where(c, ybar, 0))
    fad.defjvp(bad, *[where_p.jvp_rule(i) for i in range(3)])
    with pytest.raises(AssertionError, match="for argument 2"):
        check_rule(bad, c, X, -X)


# --- the registry suite ---------------------------------------------------------------


def _registry_check(name: str, max_examples: int = 10) -> None:
    """What tests/test_rules.py runs for one primitive, with few examples."""

    @settings(max_examples=max_examples, deadline=None, database=None,
              report_multiple_bugs=False, suppress_health_check=[HealthCheck.too_slow])
    @given(cases(name))
    def run(case: Drawn) -> None:
        check_case(case, order=2)

    run()


def test_registry_suite_catches_fads_own_sin_planted(fads_sin_planted: fad.Primitive) -> None:
    with pytest.raises(AssertionError) as info:
        _registry_check("sin")
    msg = str(info.value)
    # hypothesis reports the simplest failing example: usually check_grads's
    # failure; where sin(x) and cos(x) are close, only check_rule's tight check
    if msg.startswith("check_grads"):
        assert msg.startswith("check_grads(sin): the VJP of sin disagrees")
        assert "culprit: primitive 'sin' fails on its own" in msg
    else:
        assert msg.startswith("check_rule(sin): the VJP and JVP rules of 'sin' are not")
        assert "the VJP looks wrong" in msg


def test_registry_suite_passes_once_sin_is_restored() -> None:
    _registry_check("sin", max_examples=5)


def test_registry_style_check_catches_a_planted_primitive(planted_sin: fad.Primitive) -> None:
    fun = lambda x: planted_sin(x)  # noqa: E731
    fun.__name__ = "planted_sin"
    with pytest.raises(AssertionError, match=r"^check_grads\(planted_sin\)"):
        check_case(Drawn("planted_sin", fun, (X,)))


def test_a_case_must_apply_its_primitive() -> None:
    fun = lambda x: fnp.cos(x)  # noqa: E731
    with pytest.raises(AssertionError, match="does not apply the primitive 'sin'"):
        check_case(Drawn("sin", fun, (X,)))


def test_a_primitive_without_a_catalogue_entry_fails_the_suite() -> None:
    fresh = fad.primitive(np.sin, name="sin_without_entry", kind="elementwise")
    with pytest.raises(AssertionError, match="primitives without a catalogue entry: sin_without_entry"):
        check_coverage(fad_primitive_names() | {fresh.name})
    with pytest.raises(KeyError, match="no catalogue entry"):
        cases(fresh.name)


def test_a_catalogue_entry_without_a_primitive_fails_the_suite() -> None:
    with pytest.raises(AssertionError, match="catalogue entries for primitives fad does not register: sin"):
        check_coverage(fad_primitive_names() - {"sin"})


def test_fads_primitives_are_those_that_import_fad_registers() -> None:
    fad.primitive(np.cos, name="made_in_a_test")
    names = fad_primitive_names()
    assert "made_in_a_test" not in names and "planted_sin" not in names
    assert {"sin", "matmul", "getitem", "sum"} <= names <= set(registry)
    assert set(CATALOGUE) >= names
    # the registry's own list agrees with what a fresh interpreter registers (with
    # fad.scipy, whose modules name their primitives among fad's own when imported;
    # the rule carriers of custom_jvp, custom_vjp and checkpoint are not ops)
    code = (
        "import fad, fad.scipy, fad._primitive as p; "
        "print(' '.join(sorted(set(p.registry) - p._carrier_names)))"
    )
    assert _run_python(code).split() == sorted(names)


# --- strategies ----------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(fst.broadcastable_shapes(2), fst.broadcastable_shapes(3, min_dims=1))
def test_broadcastable_shapes_broadcast(pair: Any, triple: Any) -> None:
    np.broadcast_shapes(*pair)
    np.broadcast_shapes(*triple)
    assert len(pair) == 2 and len(triple) == 3 and all(len(s) >= 1 for s in triple)


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_arrays_respect_their_domain(data: st.DataObject) -> None:
    domain = data.draw(st.sampled_from([fst.REAL, fst.POSITIVE, fst.UNIT_INTERVAL, fst.NONZERO]))
    x = data.draw(fst.float_arrays(domain=domain))
    assert x.dtype in fst.FLOAT_DTYPES
    assert domain.contains(x).all()


def test_domains() -> None:
    assert fst.POSITIVE.low > 0 and -1 < fst.UNIT_INTERVAL.low and fst.UNIT_INTERVAL.high < 1
    assert not fst.NONZERO.contains([0.0, 0.2, -0.2]).any()
    with pytest.raises(ValueError, match="empty"):
        fst.Domain(0.0, 1.0, avoid=(0.5,), margin=1.0).intervals()


@settings(max_examples=25, deadline=None)
@given(fst.square_matrices(batch_shape=(2,)), fst.spd_matrices())
def test_matrices_are_well_conditioned(a: Any, s: Any) -> None:
    n = a.shape[-1]
    assert a.shape[0] == 2 and (np.linalg.cond(a.astype(np.float64)) <= 2 * n + 1.01).all()
    s64 = s.astype(np.float64)
    np.testing.assert_array_equal(s64, s64.T)
    assert np.linalg.eigvalsh(s64).min() > 0.99


@settings(max_examples=25, deadline=None)
@given(fst.separated_arrays(gap=0.25))
def test_separated_arrays_have_no_ties(x: Any) -> None:
    v = np.sort(x.ravel().astype(np.float64))
    assert (np.diff(v) >= 0.25).all()


@settings(max_examples=50, deadline=None)
@given(st.data())
def test_indices_index_like_numpy(data: st.DataObject) -> None:
    shape = data.draw(fst.shapes())
    unique = data.draw(st.booleans())
    index = data.draw(fst.indices(shape, unique=unique))
    x = np.arange(int(np.prod(shape))).reshape(shape)
    picked = x[index]
    if unique:
        assert len(np.unique(picked)) == picked.size


def _run_python(code: str) -> str:
    """Run ``code`` in a fresh interpreter; its standard output."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_import_fad_does_not_import_hypothesis() -> None:
    # fad imports fad.testing eagerly; only fad.testing.strategies may need hypothesis
    code = "import fad, sys; assert 'hypothesis' not in sys.modules, 'import fad imported hypothesis'"
    _run_python(code)


def test_import_fad_testing_does_not_need_hypothesis() -> None:
    modules = sorted(
        f"fad.testing.{p.stem}" for p in Path(fad.testing.__file__).parent.glob("_*.py")
        if p.stem != "__init__"
    )
    assert "fad.testing._grads" in modules
    code = (
        "import sys, importlib; sys.modules['hypothesis'] = None\n"
        "import numpy as np, fad.numpy as fnp, fad.testing\n"
        f"for m in {modules!r}:\n    importlib.import_module(m)\n"
        "fad.testing.check_grads(fnp.sin, (np.ones(2),))\n"
        "try:\n    import fad.testing.strategies\nexcept ImportError:\n    print('ok')\n"
    )
    assert _run_python(code).strip() == "ok"


def test_fad_testing_lists_its_public_names_only() -> None:
    assert dir(fad.testing) == sorted(fad.testing.__all__ + ["strategies"])
    assert fad.testing.strategies is fst
