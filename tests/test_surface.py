"""fad's public surface: what ``import fad`` shows, and the transforms' calling
conventions (JAX's: has_aux is keyword-only)."""

from __future__ import annotations

import types
from typing import Any, Callable

import numpy as np
import pytest

import fad
import fad.numpy as fnp


OPTIONAL_SUBPACKAGES = {"scipy"}
"""Public subpackages ``import fad`` does not import (``fad.scipy`` needs SciPy):
an attribute of ``fad`` only once something imported them."""


def test_dir_of_fad_lists_its_public_names_and_private_modules_only() -> None:
    stray = [
        n
        for n in dir(fad)
        if not n.startswith("_") and n not in fad.__all__
        and n not in OPTIONAL_SUBPACKAGES
    ]
    assert stray == []
    for n in fad.__all__:
        assert hasattr(fad, n), n
    assert "Node" not in fad.__all__  # the graph's node type is fad's own business
    assert {"make_graph", "Graph", "format_graph", "to_dot"} <= set(fad.__all__)
    private = [n for n in dir(fad) if n.startswith("_") and not n.startswith("__")]
    assert all(isinstance(getattr(fad, n), types.ModuleType) for n in private), private


TRANSFORMS: dict[str, Callable[..., Any]] = {
    "vjp": fad.vjp,
    "jvp": fad.jvp,
    "linearize": fad.linearize,
}
WITH_ARGNUMS: dict[str, Callable[..., Any]] = {
    "grad": fad.grad,
    "value_and_grad": fad.value_and_grad,
    "jacrev": fad.jacrev,
    "jacfwd": fad.jacfwd,
    "jacobian": fad.jacobian,
    "hessian": fad.hessian,
}


@pytest.mark.parametrize("name", list(TRANSFORMS))
def test_has_aux_is_keyword_only(name: str) -> None:
    # fad.vjp(f, x) once took x as has_aux, silently
    with pytest.raises(TypeError):
        TRANSFORMS[name](fnp.sin, True)


@pytest.mark.parametrize("name", list(WITH_ARGNUMS))
def test_has_aux_is_keyword_only_after_argnums(name: str) -> None:
    with pytest.raises(TypeError):
        WITH_ARGNUMS[name](fnp.sin, 0, True)


def test_linearize_takes_has_aux() -> None:
    def f(x: Any) -> Any:
        return x**2, {"half": x / 2.0}

    y, push, aux = fad.linearize(f, has_aux=True)(3.0)
    assert float(y) == 9.0
    assert float(push(1.0)) == 6.0
    assert float(aux["half"]) == 1.5 and not fad.is_tracer(aux["half"])
    np.testing.assert_allclose(push(np.float64(2.0)), 12.0)


def test_make_graph_options_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        fad.make_graph(fnp.sin, 0)  # type: ignore[misc]
    g = fad.make_graph(fnp.sin, static_argnums=())(0.5)
    assert isinstance(g, fad.Graph) and "sin" in str(g)
