"""Property checks of derivatives, for fad's own rules and for yours.

fad proves its derivative rules with this module, and so can anyone who
writes a primitive:

- :func:`check_grads` compares fad's derivatives with central differences
  along random directions, in forward mode (``J u``) and reverse mode (the
  adjoint identity ``<J^T w, u> = <w, J u>``), recursing to any order.
- :func:`check_vjp` and :func:`check_jvp` test the identities that need no
  finite differences, at a tolerance close to rounding: the pullback and the
  pushforward are each other's transpose, both are linear, (co)tangents have
  their primal's shape and dtype, and the batched paths used by
  ``jacrev``/``jacfwd`` agree with the one-vector ones.
- :func:`check_rule` runs those checks on one primitive and also calls its
  rules directly, to test the shapes and dtypes they return.

Every failure is an ``AssertionError`` whose message names the function or the
primitive, the inputs' shapes and dtypes, the direction, both numbers and their
difference. Hypothesis strategies to draw inputs live in
:mod:`fad.testing.strategies` (the only part that needs hypothesis; it is
imported on first use).

The private modules, by concern: ``_grads`` (finite differences and
``check_grads``), ``_culprit`` (which primitive of a function fails),
``_identities`` (linearity, transposition, batched agreement), written once
over the two modes of ``_modes``; ``_rules`` (``check_rule``), ``_report``
(the failure messages), ``_tolerances`` and ``_arrays`` (inputs and random
vectors).
"""

from __future__ import annotations

from typing import Any

from fad.testing._grads import check_grads
from fad.testing._identities import check_jvp, check_vjp
from fad.testing._rules import check_rule
from fad.testing._tolerances import Tolerances, default_tolerances

__all__ = [
    "Tolerances",
    "default_tolerances",
    "check_grads",
    "check_vjp",
    "check_jvp",
    "check_rule",
]


def __getattr__(name: str) -> Any:
    # ``fad.testing.strategies`` on first use, so that importing fad.testing
    # does not need hypothesis.
    if name == "strategies":
        import importlib

        return importlib.import_module("fad.testing.strategies")
    raise AttributeError(f"module 'fad.testing' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*__all__, "strategies"])
