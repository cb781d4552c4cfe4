"""Catalogue entries of fad.scipy.integrate (see tests/_catalogue.py): none.

``odeint``'s primitive is checked in tests/test_scipy_integrate.py instead,
at orders 1 and 2 in both modes (``check_grads``, closed forms, finite
differences of SciPy's own solution), because the registry suite's rule
checks hold to rounding and an ODE solver's rules do not: the adjoint and
sensitivity solves choose their steps from the (co)tangents' own values, so
the pullback is linear, and the transpose of the pushforward, only to the
solver's tolerance (a drawn case missed linearity by 1e-13 against a
tolerance of 8e-14 at rtol = atol = 1e-12), and each case costs seconds of
solves. The primitive is therefore not among fad's sealed built-in names
(``fad._primitive._builtin_names``), which the suite requires entries for.
"""

from __future__ import annotations
