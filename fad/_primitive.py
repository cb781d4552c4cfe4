"""Primitives and their derivative rules.

A :class:`Primitive` is one operation fad knows how to differentiate: a NumPy
implementation plus, for each argument, a vector–Jacobian product rule in the
j form and a Jacobian–vector product rule::

    vjp rule:  rule(y, ybar, *xs, **params) -> xbar     # one per argument
    jvp rule:  rule(xdot, y, *xs, **params) -> ydot     # one per argument

Rules are written with ``fad.numpy`` functions, so when the values they see are
tracers of an outer transform, the rules themselves are recorded and can be
differentiated again.
"""

from __future__ import annotations

import functools
import sys
from typing import Any, Callable, Collection, Optional, Sequence, overload

import numpy as np

from fad._tracer import bind

__all__ = [
    "Primitive",
    "primitive",
    "defvjp",
    "defjvp",
    "defvjp_argnum",
    "defjvp_argnum",
    "defjvp_all",
    "registry",
    "VJPRule",
    "JVPRule",
]

VJPRule = Callable[..., Any]
"""``rule(y, ybar, *xs, **params) -> xbar``: the cotangent of one argument."""
JVPRule = Callable[..., Any]
"""``rule(xdot, y, *xs, **params) -> ydot``: one argument's share of the output tangent."""

registry: dict[str, "Primitive"] = {}
"""Every primitive made so far, by name (fad's own and the user's)."""

_builtin_names: frozenset[str] = frozenset()


def seal_builtins() -> None:
    """Record fad's own primitives (called once ``fad.numpy`` is loaded), so that a
    user primitive cannot take one of their names."""
    global _builtin_names
    _builtin_names = frozenset(registry)


class Primitive:
    """An operation with a NumPy implementation and derivative rules.

    Calling a Primitive binds it: on plain arrays it runs the implementation, on
    traced values it also records a node.

    Args:
        name: its name, used in graphs and error messages; it may not be the name
            of one of fad's own primitives. (Making a primitive again under the
            same name, as when a notebook cell is re-run, replaces the old one
            in ``registry``.)
        impl: the NumPy implementation, ``impl(*args, **params) -> array``.
        elementwise: True for an elementwise (broadcasting) map, whose rules are
            themselves elementwise: the sweeps then handle broadcasting and
            batches of tangents for it.
        batchable: True when the rules accept tangents and cotangents with extra
            leading (batch) axes. Elementwise primitives are batchable. For the
            others, ``jacfwd`` and ``jacrev`` apply the rules one basis vector
            at a time.
        nondiff: if set, the primitive has no derivative and this text says why;
            differentiating through it raises an error that quotes it.
        exact_shapes: True when the rules always return (co)tangents of exactly
            the argument's (output's) shape, so the sweeps need not check them
            (an optimisation for fad's own non-elementwise primitives).
        saves: the residuals the rules (VJP and JVP) read, as ``(argument
            positions, output?)``; the node keeps only those values and their
            shapes otherwise, so large intermediates can be freed early. None
            (the default) keeps everything.

    Example:
        >>> import numpy as np
        >>> cube = Primitive("cube_example", lambda x: x ** 3, elementwise=True)
        >>> float(cube(2.0))
        8.0
    """

    __slots__ = (
        "name",
        "impl",
        "vjps",
        "jvps",
        "elementwise",
        "batchable",
        "nondiff",
        "exact_shapes",
        "saved_args",
        "saves_output",
        "jvp_all",
    )

    def __init__(
        self,
        name: str,
        impl: Callable[..., Any],
        *,
        elementwise: bool = False,
        batchable: bool = False,
        nondiff: Optional[str] = None,
        exact_shapes: bool = False,
        saves: Optional[tuple[Collection[int], bool]] = None,
    ) -> None:
        self.name = name
        self.impl = impl
        self.vjps: Sequence[Optional[VJPRule]] = ()
        self.jvps: Sequence[Optional[JVPRule]] = ()
        self.elementwise = elementwise
        self.batchable = batchable or elementwise
        self.nondiff = nondiff
        self.exact_shapes = exact_shapes and not elementwise
        self.saved_args: Optional[frozenset[int]] = None if saves is None else frozenset(saves[0])
        self.saves_output = True if saves is None else saves[1]
        self.jvp_all: Optional[Callable[..., Any]] = None
        if name in _builtin_names:
            raise ValueError(
                f"{name!r} is the name of one of fad's own primitives; give your "
                "primitive another name (names appear in graphs and error messages)."
            )
        registry[name] = self

    def __call__(self, *args: Any, **params: Any) -> Any:
        return bind(self, *args, **params)

    def __repr__(self) -> str:
        return f"<Primitive {self.name}>"

    def missing_rule(self, kind: str, argnum: int) -> TypeError:
        """The error for a derivative rule that does not exist.

        Args:
            kind: "VJP" or "JVP".
            argnum: the argument position.

        Returns:
            A TypeError naming the primitive and saying what to do.
        """
        rules = self.vjps if kind == "VJP" else self.jvps
        if self.nondiff is None and argnum < len(rules):
            return TypeError(
                f"Argument {argnum} of {self.name} is not differentiable (its {kind} rule "
                "was declared None), but a traced value was passed there. Pass a constant "
                "(e.g. fad.stop_gradient(x)) for that argument, or give it a rule with "
                f"fad.def{kind.lower()}."
            )
        if self.nondiff is not None:
            return TypeError(
                f"{self.name} is not differentiable: {self.nondiff} Apply it to "
                "fad.concrete(x), or wrap it with fad.stop_gradient, where no "
                "derivative is wanted."
            )
        return TypeError(
            f"Primitive {self.name!r} has no {kind} rule for argument {argnum}. "
            f"Define one with fad.def{kind.lower()}({self.name}, ...)."
        )


def primitive(
    fun: Callable[..., Any],
    name: Optional[str] = None,
    *,
    elementwise: bool = False,
    batchable: bool = False,
) -> Primitive:
    """Make a new primitive from a NumPy function.

    Give it rules with :func:`defvjp` and :func:`defjvp`.

    Args:
        fun: the NumPy implementation. It receives plain NumPy values.
        name: the primitive's name (default: ``fun.__name__``).
        elementwise: True if ``fun`` maps arrays elementwise with broadcasting.
        batchable: True if the rules accept extra leading batch axes.

    Returns:
        A callable Primitive.

    Example:
        >>> import numpy as np, fad
        >>> sinc = fad.primitive(np.sinc, name="my_sinc")
        >>> round(float(sinc(0.5)), 4)
        0.6366
    """
    name = name or str(getattr(fun, "__name__", "primitive"))

    def impl(*args: Any, **params: Any) -> Any:
        y = fun(*args, **params)
        if type(y) is not np.ndarray and not isinstance(y, np.generic):
            y = np.asarray(y)
        return y

    return Primitive(name, impl, elementwise=elementwise, batchable=batchable)


def defvjp(prim: Primitive, *rules: Optional[VJPRule]) -> None:
    """Give ``prim`` its vector–Jacobian products, one rule per argument.

    Each rule has the j form ``rule(y, ybar, *xs, **params) -> xbar``: given the
    primal output ``y``, its cotangent ``ybar`` and the primal arguments, it
    returns the cotangent of its argument. Use None for an argument that carries
    no derivative. Rules return a cotangent of the output's broadcast shape or of
    the argument's shape; fad sums it back to the argument's shape.

    Args:
        prim: the primitive.
        *rules: one rule (or None) per positional argument.

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> cube = fad.primitive(lambda x: x ** 3, name="cube_vjp_doc")
        >>> fad.defvjp(cube, lambda y, ybar, x: ybar * 3 * x ** 2)
        >>> float(fad.grad(cube)(2.0))
        12.0
    """
    prim.vjps = tuple(rules)


class _ByArgnum(Sequence[Any]):
    """Rules for any number of arguments, made from one rule that takes the
    argument's position first: ``self[i]`` is ``rule(i, ...)``."""

    def __init__(self, rule: Callable[..., Any]) -> None:
        self._rule = rule
        self._made: dict[int, Callable[..., Any]] = {}

    def __len__(self) -> int:
        return sys.maxsize

    @overload
    def __getitem__(self, i: int) -> Callable[..., Any]: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Any]: ...
    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            raise TypeError("rules by argnum cannot be sliced")
        made = self._made.get(i)
        if made is None:
            made = self._made[i] = functools.partial(self._rule, i)
        return made


def defvjp_argnum(prim: Primitive, rule: Callable[..., Any]) -> None:
    """Give a primitive with any number of arguments one VJP rule for all.

    The rule has the form ``rule(argnum, y, ybar, *xs, **params) -> xbar``.

    Args:
        prim: the primitive (for example a variadic one, like concatenate).
        rule: the rule, taking the argument position first.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> total = fad.primitive(lambda *xs: sum(xs), name="total_doc")
        >>> fad.defvjp_argnum(total, lambda i, y, ybar, *xs: ybar)
        >>> float(fad.grad(lambda x: total(x, x, x))(1.0))
        3.0
    """
    prim.vjps = _ByArgnum(rule)


def defjvp_argnum(prim: Primitive, rule: Callable[..., Any]) -> None:
    """Give a primitive with any number of arguments one JVP rule for all.

    The rule has the form ``rule(argnum, xdot, y, *xs, **params) -> ydot``.

    Args:
        prim: the primitive.
        rule: the rule, taking the argument position first.

    Example:
        >>> import fad
        >>> total = fad.primitive(lambda *xs: sum(xs), name="total_jvp_doc")
        >>> fad.defjvp_argnum(total, lambda i, xdot, y, *xs: xdot)
        >>> float(fad.jvp(lambda x: total(x, x))((1.0,), (1.0,))[1])
        2.0
    """
    prim.jvps = _ByArgnum(rule)


def defjvp_all(prim: Primitive, rule: Callable[..., Any]) -> None:
    """Give ``prim`` one JVP rule that takes every argument's tangent at once.

    The rule has the form ``rule(xdots, y, *xs, **params) -> ydot``, where
    ``xdots`` has one entry per argument: its tangent, or None where it is zero
    (a constant, or an input that does not depend on the differentiated ones).
    For a primitive of many arguments (a concatenation, a sum of many terms)
    this makes one output tangent instead of adding one per argument. The
    forward sweep uses it in place of per-argument rules; per-argument rules
    (``prim.jvps[i]``, as used by ``fad.testing.check_rule``) are derived from
    it by giving argument ``i`` alone a tangent.

    Args:
        prim: the primitive.
        rule: the joint rule.

    Example:
        >>> import numpy as np, fad
        >>> add3 = fad.primitive(lambda a, b, c: a + b + c, name="add3_doc")
        >>> fad.defjvp_all(add3, lambda ds, y, *xs: sum(d for d in ds if d is not None))
        >>> float(fad.jvp(lambda x: add3(x, 2.0, x))((1.0,), (1.0,))[1])
        2.0
    """
    prim.jvp_all = rule

    def one(i: int, xdot: Any, y: Any, *xs: Any, **params: Any) -> Any:
        return rule([xdot if j == i else None for j in range(len(xs))], y, *xs, **params)

    prim.jvps = _ByArgnum(one)


def defjvp(prim: Primitive, *rules: Optional[JVPRule]) -> None:
    """Give ``prim`` its Jacobian–vector products, one rule per argument.

    Each rule has the form ``rule(xdot, y, *xs, **params) -> ydot``: the part of
    the output tangent due to the tangent ``xdot`` of its argument. fad adds the
    parts of all arguments that have a tangent. Use None for an argument that
    carries no derivative.

    Args:
        prim: the primitive.
        *rules: one rule (or None) per positional argument.

    Example:
        >>> import numpy as np, fad
        >>> cube = fad.primitive(lambda x: x ** 3, name="cube_jvp_doc")
        >>> fad.defjvp(cube, lambda xdot, y, x: xdot * 3 * x ** 2)
        >>> float(fad.jvp(cube)((2.0,), (1.0,))[1])
        12.0
    """
    prim.jvps = tuple(rules)
