"""Catalogue entries of fad.scipy.integrate (see tests/_catalogue.py).

``odeint`` is drawn as a composite (``@composite``): the registry suite checks
its derivatives at orders 1 and 2 in both modes against central differences,
but not its primitive's rules with ``check_rule``, whose identities hold to
rounding. An ODE solver's rules hold to its tolerance only: the adjoint and
sensitivity solves choose their steps from the (co)tangents' own values, so
the pullback is linear, and the transpose of the pushforward, to about
``rtol`` (a drawn case missed linearity by 1e-13 against a tolerance of 8e-14
at rtol = atol = 1e-12). The primitive is therefore not among fad's sealed
built-in names, which need a ``CATALOGUE`` entry; tests/test_scipy_integrate.py
checks it against closed forms and SciPy's own solution.

The cases ask for tight tolerances (1e-12) and stay small (one or two states,
up to three times), because every derivative of every order is a solve.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

import fad.numpy as fnp
from _catalogue import Array, Fun, _noted, composite
from fad.scipy.integrate import odeint
from fad.testing.strategies import Domain, float_arrays

Drawn = tuple[Fun, tuple[Array, ...]]
TIGHT = dict(rtol=1e-12, atol=1e-12)


def decay(y: Any, t: Any, k: Any) -> Any:
    return -k * y + 0.5 * fnp.sin(t)


def linear(y: Any, t: Any, A: Any) -> Any:
    return A @ y


def lotka_volterra(y: Any, t: Any, theta: Any) -> Any:
    a, b, c, d = theta[0], theta[1], theta[2], theta[3]
    return fnp.stack([a * y[0] - b * y[0] * y[1], -c * y[1] + d * y[0] * y[1]])


def _times(draw: st.DrawFn) -> Array:
    n = draw(st.integers(1, 3), label="number of times")
    steps = draw(float_arrays((n,), np.float64, Domain(0.1, 0.6)))
    start = draw(st.sampled_from([0.0, 0.3]), label="t0")
    return np.concatenate([[start], start + np.cumsum(steps)[: n - 1]])


def _problem(draw: st.DrawFn) -> tuple[Any, Array, Array]:
    which = draw(st.sampled_from(["decay", "linear", "lotka_volterra"]), label="dynamics")
    if which == "decay":
        shape = draw(st.sampled_from([(), (2,), (2, 1)]), label="state shape")
        y0 = draw(float_arrays(shape, np.float64, Domain(0.5, 2.0)))
        return decay, y0, draw(float_arrays(shape, np.float64, Domain(0.2, 1.5)))
    if which == "linear":
        y0 = draw(float_arrays((2,), np.float64, Domain(-1.0, 1.0)))
        return linear, y0, draw(float_arrays((2, 2), np.float64, Domain(-1.0, 1.0)))
    y0 = draw(float_arrays((2,), np.float64, Domain(0.5, 1.5)))
    return lotka_volterra, y0, draw(float_arrays((4,), np.float64, Domain(0.3, 1.2)))


@composite("scipy.integrate.odeint")
def _odeint(draw: st.DrawFn) -> Drawn:
    func, y0, p = _problem(draw)
    t = _times(draw)
    which = draw(st.sampled_from(["y0", "t", "args", "all"]), label="differentiated")
    name = getattr(func, "__name__")
    if which == "y0":
        return _noted(lambda y0: odeint(func, y0, t, p, **TIGHT), func=name, t=t), (y0,)
    if which == "t":
        return _noted(lambda t: odeint(func, y0, t, p, **TIGHT), func=name), (t,)
    if which == "args":
        return _noted(lambda p: odeint(func, y0, t, p, **TIGHT), func=name, t=t), (p,)
    return _noted(lambda y0, t, p: odeint(func, y0, t, p, **TIGHT), func=name), (y0, t, p)
