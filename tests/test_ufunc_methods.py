"""NumPy's ufunc methods and keywords on traced values: ``np.add.reduce`` is a
sum, ``np.multiply.accumulate`` a cumulative product, ``ufunc.outer`` the ufunc
on every pair; keywords go to the fad.numpy function; ``out=`` is refused."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest

import fad
import fad.numpy as fnp
from fad.testing import check_grads

X = np.array([[1.0, 2.0, 3.0], [4.0, 5.5, 0.5]])

CASES: dict[str, Callable[[Any], Any]] = {
    "add.reduce": lambda x: np.add.reduce(x),
    "add.reduce axis=1 keepdims": lambda x: np.add.reduce(x, axis=1, keepdims=True),
    "add.reduce axis=None": lambda x: np.add.reduce(x, axis=None),
    "multiply.reduce": lambda x: np.multiply.reduce(x, 1),
    "maximum.reduce": lambda x: np.maximum.reduce(x),
    "minimum.reduce": lambda x: np.minimum.reduce(x, axis=1),
    "add.accumulate": lambda x: np.add.accumulate(x),
    "multiply.accumulate": lambda x: np.multiply.accumulate(x, axis=1),
    "multiply.outer": lambda x: np.multiply.outer(x[0], x[1]),
    "subtract.outer": lambda x: np.subtract.outer(x, x[0]),
    "vecdot axis=0": lambda x: np.vecdot(x, x, axis=0),
}


@pytest.mark.parametrize("name", list(CASES))
def test_ufunc_methods_give_numpys_values_and_derivatives(name: str) -> None:
    f = CASES[name]
    value, _ = fad.vjp(f)(X)
    np.testing.assert_allclose(value, f(X))
    check_grads(f, (X,), order=2)


def test_out_is_refused_with_what_to_do() -> None:
    with pytest.raises(TypeError, match=r"np.sin with out= .*y = f\(x\)"):
        fad.grad(lambda x: fnp.sum(np.sin(x, out=np.empty(3))))(np.ones(3))


def test_a_keyword_the_fad_function_lacks_is_named() -> None:
    with pytest.raises(TypeError, match="np.sin on a traced value goes to fad.numpy.sin"):
        fad.grad(lambda x: fnp.sum(np.sin(x, where=x > 0)))(np.ones(3))


def test_methods_fad_lacks_are_named() -> None:
    with pytest.raises(TypeError, match="np.add.reduceat is not supported"):
        fad.grad(lambda x: fnp.sum(np.add.reduceat(x, [0, 1])))(np.ones(3))


def test_pythons_divmod_on_a_traced_value() -> None:
    # divmod(x, y) = (x // y, x % y): the quotient is piecewise constant, the
    # remainder x - q y has derivative 1 in x and -q in y
    x, y = np.array([7.5, -3.25]), np.array([2.0, 1.5])
    q, r = divmod(x, y)
    g = fad.grad(lambda x, y: fnp.sum(divmod(x, y)[1] + divmod(x, y)[0]), argnums=(0, 1))(x, y)
    np.testing.assert_allclose(g[0], np.ones(2))
    np.testing.assert_allclose(g[1], -q)
    gr = fad.grad(lambda y: fnp.sum(divmod(10.0, y)[1]))(y)
    np.testing.assert_allclose(gr, -np.floor_divide(10.0, y))
