"""The registry-driven suite: every primitive fad registers, checked from its catalogue entry.

For each primitive, hypothesis draws inputs from its entry in
``tests/_catalogue.py`` (shapes with broadcasting, float32 and float64, mixed
dtypes, drawn parameters) and :func:`check_case` checks:

- derivatives of orders 1 and 2, in forward and reverse mode (and their
  mixtures), against central differences (``fad.testing.check_grads``), for
  real draws and, for the ops NumPy defines on complex values, complex ones
  (``COMPLEX``, JAX's convention: docs/complex.md);
- the rule identities at rounding-level tolerance (``fad.testing.check_rule``):
  the VJP and JVP rules are each other's transpose, both are linear, they
  return (co)tangents of the right shape and dtype, and the batched sweeps of
  ``jacrev``/``jacfwd`` agree with single ones.

A primitive that fad registers (``fad._primitive``'s sealed built-ins) without
a catalogue entry fails here, so coverage cannot drop silently; so does an
example filed under a primitive it never applies. The number of examples
follows the hypothesis profile (``FAD_HYPOTHESIS_PROFILE``: ``dev`` or
``ci``), times ``_SCALE``.

At the end: regression tests for the fad bugs this suite found.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fad
import fad.numpy as fnp
from _catalogue import (
    CATALOGUE,
    COMPLEX,
    PUBLIC,
    Example,
    cases,
    check_case,
    check_complex_case,
    check_coverage,
    check_public_case,
    fad_primitive_names,
    complex_cases,
    public_cases,
)
from fad._primitive import registry
from fad.testing._culprit import applications

NAMES = sorted(fad_primitive_names() | set(CATALOGUE))
_SCALE = 2
"""A primitive's check costs a few milliseconds: afford more examples than the
profile's (twice as many: with ~90 primitives and ~250 composites, CI must stay
well under 10 minutes)."""
EXAMPLES = [(entry.name, e) for entry in CATALOGUE.values() for e in entry.examples]


def test_every_primitive_has_a_catalogue_entry() -> None:
    names = fad_primitive_names()
    assert {"sin", "matmul", "getitem", "sum"} <= names <= set(registry)
    check_coverage(names)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=_SCALE * settings.default.max_examples)
@given(data=st.data())
def test_rules(name: str, data: st.DataObject) -> None:
    case = data.draw(cases(name), label=name)
    check_case(case, order=2)


@pytest.mark.parametrize("name", sorted(COMPLEX))
@settings(max_examples=settings.default.max_examples)
@given(data=st.data())
def test_rules_complex(name: str, data: st.DataObject) -> None:
    """Complex draws (tests/_catalogue_complex.py): orders 1 and 2, both modes,
    with JAX's convention; a primitive's rules by check_rule too."""
    case = data.draw(complex_cases(name), label=name)
    check_complex_case(case, order=2)


_COMPOSITE_SHARE = 4
"""A composite's primitives are each checked above; its own check is of the glue
between them, so it draws a quarter of the profile's examples (at least 5)."""


@pytest.mark.parametrize("name", sorted(PUBLIC))
@settings(max_examples=max(5, settings.default.max_examples // _COMPOSITE_SHARE))
@given(data=st.data())
def test_composites(name: str, data: st.DataObject) -> None:
    """Public functions made of several primitives: orders 1 and 2, both modes."""
    case = data.draw(public_cases(name), label=name)
    check_public_case(case, order=2)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=max(5, settings.default.max_examples // 2))
@given(data=st.data())
def test_rules_read_only_the_values_they_declare(name: str, data: st.DataObject) -> None:
    """With every value a primitive does not declare in ``saves`` elided (the
    threshold lowered from 8,192 elements to 1), the rules still work: a rule
    reading an elided value would fail, since a stub has no arithmetic."""
    case = data.draw(cases(name), label=name)
    saved = fad._tracer._ELIDE_SIZE
    fad._tracer._ELIDE_SIZE = 1
    try:
        check_case(case, order=2)
    finally:
        fad._tracer._ELIDE_SIZE = saved


@pytest.mark.parametrize("name, example", EXAMPLES, ids=[f"{n}-{e.name}" for n, e in EXAMPLES])
def test_examples_reach_their_primitive(name: str, example: Example) -> None:
    """An example filed under a primitive applies it, for some of its draws (a
    reshape to the same shape, say, applies nothing)."""
    reached: set[str] = set()

    @settings(max_examples=10, derandomize=True, database=None, deadline=None)
    @given(data=st.data())
    def draw(data: st.DataObject) -> None:
        fn, args = example.build(data, np.float64)
        reached.update(a.prim.name for a in applications(fn, args))

    draw()
    assert name in reached, f"{example.name} is filed under {name!r} but applies only {sorted(reached)}"


# --- fad bugs found by this suite ------------------------------------------------------
# Each test below failed when it was written; see the report of issue #4.


def _getitem_jacobian(shape: tuple[int, ...], index: tuple[object, ...]) -> np.ndarray:
    """The exact Jacobian of x -> x[index], built by indexing a basis."""
    n = int(np.prod(shape))
    basis = np.eye(n).reshape((n,) + shape)
    cols = np.stack([b[index] for b in basis], axis=-1)
    return cols.reshape(cols.shape[:-1] + shape)


def test_jacrev_of_getitem_with_advanced_indices_split_by_a_slice() -> None:
    # fad/numpy/_indexing.py, _scatter_impl: with nb batch axes and advanced
    # indices that NumPy moves to the front, the batch axes of t are moved
    # first and the output's batch shape is then read from the moved t.
    x = np.arange(24.0).reshape(2, 3, 4)
    index = (np.array([0, 1, 1]), slice(None), 0)
    want = _getitem_jacobian(x.shape, index)
    np.testing.assert_array_equal(fad.jacrev(lambda x: fnp.getitem(x, index))(x), want)


def test_jacfwd_of_index_add_with_advanced_indices_split_by_a_slice() -> None:
    # the same _scatter_impl bug, reached through index_add's JVP rule
    x = np.zeros((2, 3, 4))
    index = (np.array([0, 1, 1]), slice(None), 0)
    v = np.ones((3, 3))
    jac = fad.jacfwd(lambda v: fnp.index_add(x, index, v))(v)
    assert jac.shape == x.shape + v.shape
    np.testing.assert_allclose(np.einsum("abcij->", jac), v.size)


def test_jacrev_of_index_update_with_advanced_indices_split_by_a_slice() -> None:
    # fad/numpy/_indexing.py, _update_batched: _zero_at passes a 0-d value,
    # which has no batch axes to move, so moveaxis divides by ndim 0.
    x = np.arange(24.0).reshape(2, 3, 4)
    index = (np.array([0, 1]), slice(None), 0)
    jac = fad.jacrev(lambda x: fnp.index_update(x, index, 1.0))(x)
    keep = np.ones(x.shape)
    keep[index] = 0.0
    np.testing.assert_array_equal(jac, np.diag(keep.ravel()).reshape(x.shape + x.shape))


def test_traced_getitem_keeps_numpys_shape_when_an_ellipsis_stands_for_no_axes() -> None:
    # fad/numpy/_indexing.py, _normalize: an Ellipsis that stands for no axes
    # is dropped, but NumPy still counts it as separating the advanced
    # indices around it (and so moves them to the front). Untraced, fnp.getitem
    # follows NumPy; traced, it does not.
    x = np.arange(6.0).reshape(2, 3)
    index = (None, np.array([0, 1, 1]), Ellipsis, 0)
    assert x[index].shape == (3, 1)
    out, _ = fad.vjp(lambda x: fnp.getitem(x, index))(x)
    assert np.shape(out) == x[index].shape


def test_mixed_second_derivative_of_power_at_a_zero_exponent() -> None:
    # fad/numpy/_elementwise.py, _dpow: where b == 0 it computes
    # b * a ** where(b == 0, 1, b - 1), which is right in value but cuts the
    # exponent's dependence on b, so d/db (d/da a**b) at b = 0 comes out as a
    # instead of 1/a, and the two mixed partials disagree.
    def f(a: float, b: float) -> object:
        return fnp.power(a, b)

    assert float(fad.grad(fad.grad(f, 1), 0)(0.5, 0.0)) == pytest.approx(2.0)
    assert float(fad.grad(fad.grad(f, 0), 1)(0.5, 0.0)) == pytest.approx(2.0)
