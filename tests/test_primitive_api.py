"""The Primitive API: a kind, named residuals, per-argument VJPs or one joint
VJP, and one joint JVP (which ``defjvp`` builds from per-argument parts)."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pytest

import fad
import fad.numpy as fnp
from fad._primitive import Kind, Primitive, registry
from fad.testing import check_grads, check_rule


def test_kind_is_one_field_and_accepts_its_name() -> None:
    p = fad.primitive(np.sin, name="kind_by_name", kind="elementwise")
    assert p.kind is Kind.ELEMENTWISE
    assert fad.primitive(np.sin, name="kind_default").kind is Kind.PLAIN
    with pytest.raises(ValueError, match="kind must be one of 'elementwise', 'structural'"):
        fad.primitive(np.sin, name="kind_wrong", kind="sideways")  # type: ignore[arg-type]
    kinds = {p.kind for name, p in registry.items() if name in fad._primitive._builtin_names}
    assert kinds == {Kind.ELEMENTWISE, Kind.STRUCTURAL}  # fad's own: no other kinds


def test_residuals_are_named() -> None:
    p = Primitive("saves_example", np.sin, saves=(0, "y"))
    assert p.saved_args == frozenset({0}) and p.saves_output
    q = Primitive("saves_nothing_example", np.sin, saves=())
    assert q.saved_args == frozenset() and not q.saves_output
    r = Primitive("saves_all_example", np.sin)
    assert r.saved_args is None and r.saves_output  # the default keeps everything
    with pytest.raises(ValueError, match="saves"):
        Primitive("saves_typo_example", np.sin, saves=("x",))
    with pytest.raises(ValueError, match="saves"):
        Primitive("saves_string_example", np.sin, saves="y")


def test_a_joint_vjp_is_called_once_and_told_which_arguments_need_a_cotangent() -> None:
    calls: list[tuple[bool, ...]] = []
    prod3 = fad.primitive(lambda a, b, c: a * b * c, name="prod3_joint", kind="elementwise")

    def vjp(needed: Sequence[bool], y: Any, ybar: Any, a: Any, b: Any, c: Any) -> list[Any]:
        calls.append(tuple(needed))
        shared = ybar * y  # work shared by every argument
        return [shared / x if w else None for x, w in zip((a, b, c), needed)]

    fad.defvjp_joint(prod3, vjp)
    fad.defjvp(prod3, lambda d, y, a, b, c: d * b * c, lambda d, y, a, b, c: a * d * c,
               lambda d, y, a, b, c: a * b * d)
    g = fad.grad(lambda a, c: prod3(a, 2.0, c), argnums=(0, 1))(3.0, 4.0)
    assert [float(v) for v in g] == [8.0, 6.0]
    assert calls == [(True, False, True)]  # once per node; b is a constant
    check_rule(prod3, np.array([1.5, -0.5]), np.array([2.0, 3.0]), np.array([0.7, 1.1]))
    check_grads(lambda x: prod3(x, x, 2.0), (np.array([0.5, 1.5]),), order=2)


def test_defjvp_builds_the_one_joint_jvp() -> None:
    p = fad.primitive(lambda a, b: a * b, name="mul_parts", kind="elementwise")
    fad.defjvp(p, lambda d, y, a, b: d * b, lambda d, y, a, b: a * d)
    assert p.jvp is not None and p.jvp_parts is not None
    assert float(p.jvp([1.0, None], 6.0, 2.0, 3.0)) == 3.0
    assert float(p.jvp([1.0, 1.0], 6.0, 2.0, 3.0)) == 5.0
    rule = p.jvp_rule(1)
    assert rule is not None and float(rule(1.0, 6.0, 2.0, 3.0)) == 2.0


def test_per_argument_rules_are_derived_from_joint_ones() -> None:
    cat = registry["concatenate"]  # joint rules: any number of pieces
    a, b = np.array([1.0, 2.0]), np.array([3.0])
    y = np.concatenate([a, b])
    ybar = np.array([10.0, 20.0, 30.0])
    vjp1 = cat.vjp_rule(1)
    assert vjp1 is not None
    np.testing.assert_allclose(vjp1(y, ybar, a, b, axis=-1, offsets=(0, 2, 3)), [30.0])
    jvp0 = cat.jvp_rule(0)
    assert jvp0 is not None
    np.testing.assert_allclose(jvp0(np.ones(2), y, a, b, axis=-1, offsets=(0, 2, 3)), [1.0, 1.0, 0.0])


def test_a_missing_jvp_names_the_argument_and_what_to_call() -> None:
    p = fad.primitive(np.sin, name="no_jvp_example", kind="elementwise")
    fad.defvjp(p, lambda y, ybar, x: ybar * fnp.cos(x))
    with pytest.raises(TypeError, match=r"no JVP rule for argument 0.*fad\.defjvp"):
        fad.jvp(p)((1.0,), (1.0,))
    q = fad.primitive(lambda x, n: x * n, name="no_jvp_for_n", kind="elementwise")
    fad.defvjp(q, lambda y, ybar, x, n: ybar * n, None)
    fad.defjvp(q, lambda d, y, x, n: d * n, None)
    with pytest.raises(TypeError, match="Argument 1 of no_jvp_for_n is not differentiable"):
        fad.jvp(lambda n: q(2.0, n))((3.0,), (1.0,))


def test_einsum_with_a_constant_operand_pulls_back_only_the_traced_one() -> None:
    a, b = np.arange(6.0).reshape(2, 3), np.arange(3.0)
    g = fad.grad(lambda a: fnp.sum(fnp.einsum("ij,j->i", a, b)))(a)
    np.testing.assert_allclose(g, np.broadcast_to(b, (2, 3)))
    check_grads(lambda a, b: fnp.einsum("ij,j->i", a, b), (a, b), order=2)
