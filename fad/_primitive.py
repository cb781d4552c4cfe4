"""Primitives and their derivative rules.

A :class:`Primitive` is one operation fad knows how to differentiate: a NumPy
implementation, a vector–Jacobian product per argument in the j form, and one
Jacobian–vector product for all arguments::

    vjp rule:    rule(y, ybar, *xs, **params) -> xbar       # one per argument
    jvp:         jvp(xdots, y, *xs, **params) -> ydot        # xdots[i] None: a zero tangent

``defjvp(prim, *rules)`` is sugar for the common case, one rule per argument
``rule(xdot, y, *xs) -> ydot`` whose parts are added. Where the arguments'
cotangents share work (a concatenation split into its pieces, a product whose
operands need the same contraction), ``defvjp_joint`` gives one rule for all of
them instead.

Rules are written with ``fad.numpy`` functions, so when the values they see are
tracers of an outer transform, the rules themselves are recorded and can be
differentiated again.
"""

from __future__ import annotations

from typing import Any, Callable, Collection, Literal, Optional, Sequence, Union

import numpy as np

from fad._graph import Kind
from fad._tracer import bind

__all__ = [
    "Kind",
    "Primitive",
    "primitive",
    "defvjp",
    "defjvp",
    "defvjp_joint",
    "defjvp_joint",
    "registry",
    "VJPRule",
    "JVPRule",
    "JointVJP",
    "JointJVP",
]

VJPRule = Callable[..., Any]
"""``rule(y, ybar, *xs, **params) -> xbar``: the cotangent of one argument."""
JVPRule = Callable[..., Any]
"""``rule(xdot, y, *xs, **params) -> ydot``: one argument's share of the output tangent."""
JointVJP = Callable[..., Sequence[Any]]
"""``rule(needed, y, ybar, *xs, **params) -> xbars``: a cotangent for each argument
whose ``needed[i]`` is True (None, a zero, for the others)."""
JointJVP = Callable[..., Any]
"""``jvp(xdots, y, *xs, **params) -> ydot``: the output tangent, given each
argument's tangent (None where it is zero)."""

KindName = Literal["elementwise", "structural", "batched", "plain"]
Residual = Union[int, str]
"""A value a primitive's rules read: an argument's position, ``"xs"`` (every
argument) or ``"y"`` (the output)."""

registry: dict[str, "Primitive"] = {}
"""Every primitive made so far, by name (fad's own and the user's)."""

_builtin_names: frozenset[str] = frozenset()


def seal_builtins(*prims: "Primitive") -> None:
    """Record fad's own primitives, so that a user primitive cannot take one of
    their names (and the registry suite knows them all).

    Called with no arguments once ``fad.numpy`` is loaded (every primitive made
    so far is fad's); a module of fad's that ``import fad`` does not load
    (``fad.scipy.*``) names its primitives when it is imported.
    """
    global _builtin_names
    _builtin_names = frozenset(registry) if not prims else _builtin_names | {p.name for p in prims}


_carrier_names: frozenset[str] = frozenset()


def seal_carriers(*prims: "Primitive") -> None:
    """Reserve the names of fad's rule carriers: the primitives of ``custom_jvp``,
    ``custom_vjp``, ``checkpoint`` and ``fad.scipy.integrate.odeint``, which carry
    the user's function (and rules) rather than an op of their own. A user
    primitive may not take their names; the registry suite does not draw them
    (no op of their own to draw): tests/test_custom.py, test_checkpoint.py and
    test_scipy_integrate.py check them on concrete functions."""
    global _carrier_names
    _carrier_names = _carrier_names | {p.name for p in prims}


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
        kind: how its rules treat shapes (:class:`Kind`, or its name):
            ``"elementwise"``, ``"structural"`` (fad's own rank-aware ops),
            ``"batched"`` or ``"plain"`` (the default).
        saves: the residuals its rules (VJP and JVP) read: argument positions,
            ``"xs"`` for every argument, ``"y"`` for the output. A node keeps
            only these values (and the shapes of the others), so large
            intermediates can be freed early. The default keeps everything.

    Example:
        >>> cube = Primitive("cube_example", lambda x: x ** 3, kind="elementwise", saves=[0])
        >>> float(cube(2.0)), cube.kind.value
        (8.0, 'elementwise')
    """

    __slots__ = ("name", "impl", "kind", "vjps", "vjp_joint", "jvp", "jvp_parts", "saved_args", "saves_output")

    def __init__(
        self,
        name: str,
        impl: Callable[..., Any],
        *,
        kind: Union[Kind, KindName] = Kind.PLAIN,
        saves: Collection[Residual] = ("xs", "y"),
    ) -> None:
        self.name = name
        self.impl = impl
        try:
            self.kind = Kind(kind)
        except ValueError:
            names = ", ".join(repr(k.value) for k in Kind)
            raise ValueError(f"Primitive {name!r}: kind must be one of {names}, not {kind!r}.") from None
        self.vjps: Sequence[Optional[VJPRule]] = ()
        """One VJP rule per argument (None: no derivative), unless ``vjp_joint`` is set."""
        self.vjp_joint: Optional[JointVJP] = None
        """A VJP for all arguments at once, where they share work."""
        self.jvp: Optional[JointJVP] = None
        """The JVP for all arguments at once (``defjvp`` builds it from parts)."""
        self.jvp_parts: Optional[Sequence[Optional[JVPRule]]] = None
        """The per-argument JVP rules ``jvp`` was built from, if it was."""
        bad = [r for r in saves if not (r in ("xs", "y") or isinstance(r, int))]
        if bad or isinstance(saves, str):
            raise ValueError(
                f"Primitive {name!r}: saves takes argument positions, 'xs' and 'y', "
                f"not {saves!r}."
            )
        self.saved_args: Optional[frozenset[int]] = (
            None if "xs" in saves else frozenset(r for r in saves if isinstance(r, int))
        )
        self.saves_output = "y" in saves
        if name in _builtin_names or name in _carrier_names:
            raise ValueError(
                f"{name!r} is the name of one of fad's own primitives; give your "
                "primitive another name (names appear in graphs and error messages)."
            )
        registry[name] = self

    def __call__(self, *args: Any, **params: Any) -> Any:
        return bind(self, *args, **params)

    def __repr__(self) -> str:
        return f"<Primitive {self.name}>"

    def vjp_rule(self, argnum: int) -> Optional[VJPRule]:
        """The VJP rule of one argument, in the j form (from the joint rule if
        the primitive has one).

        Args:
            argnum: the argument position.

        Returns:
            ``rule(y, ybar, *xs, **params) -> xbar``, or None if there is none.

        Example:
            >>> import fad.numpy as fnp
            >>> from fad._primitive import registry
            >>> float(registry["sin"].vjp_rule(0)(0.0, 2.0, 0.0))
            2.0
        """
        joint = self.vjp_joint
        if joint is None:
            return self.vjps[argnum] if argnum < len(self.vjps) else None

        def rule(y: Any, ybar: Any, *xs: Any, **params: Any) -> Any:
            needed = tuple(j == argnum for j in range(len(xs)))
            return joint(needed, y, ybar, *xs, **params)[argnum]

        return rule

    def jvp_rule(self, argnum: int) -> Optional[JVPRule]:
        """The part of the JVP due to one argument's tangent alone.

        Args:
            argnum: the argument position.

        Returns:
            ``rule(xdot, y, *xs, **params) -> ydot``, or None if there is none.

        Example:
            >>> import fad.numpy as fnp
            >>> from fad._primitive import registry
            >>> float(registry["sin"].jvp_rule(0)(2.0, 0.0, 0.0))
            2.0
        """
        parts, jvp = self.jvp_parts, self.jvp
        if parts is not None:
            return parts[argnum] if argnum < len(parts) else None
        if jvp is None:
            return None

        def rule(xdot: Any, y: Any, *xs: Any, **params: Any) -> Any:
            xdots = [xdot if j == argnum else None for j in range(len(xs))]
            return jvp(xdots, y, *xs, **params)

        return rule

    def missing_rule(self, kind: str, argnum: int) -> TypeError:
        """The error for a derivative rule that does not exist.

        Args:
            kind: "VJP" or "JVP".
            argnum: the argument position.

        Returns:
            A TypeError naming the primitive and saying what to do.

        Example:
            >>> Primitive("no_rules_example", abs).missing_rule("VJP", 0).args[0][:41]
            "Primitive 'no_rules_example' has no VJP r"
        """
        declared = self.vjps if kind == "VJP" else (self.jvp_parts or ())
        if argnum < len(declared):
            return TypeError(
                f"Argument {argnum} of {self.name} is not differentiable (its {kind} rule "
                "was declared None), but a traced value was passed there. Pass a constant "
                "(e.g. fad.stop_gradient(x)) for that argument, or give it a rule with "
                f"fad.def{kind.lower()}."
            )
        return TypeError(
            f"Primitive {self.name!r} has no {kind} rule for argument {argnum}. "
            f"Define one with fad.def{kind.lower()}({self.name}, ...)."
        )


def primitive(
    fun: Callable[..., Any],
    name: Optional[str] = None,
    *,
    kind: Union[Kind, KindName] = Kind.PLAIN,
) -> Primitive:
    """Make a new primitive from a NumPy function.

    Give it rules with :func:`defvjp` and :func:`defjvp`.

    Args:
        fun: the NumPy implementation. It receives plain NumPy values.
        name: the primitive's name (default: ``fun.__name__``).
        kind: ``"plain"`` (the default: rules see one (co)tangent of the
            argument's or output's shape at a time), ``"elementwise"`` (``fun``
            maps arrays elementwise with broadcasting, and so do its rules) or
            ``"batched"`` (the rules accept extra leading batch axes).

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

    return Primitive(name, impl, kind=kind)


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
    prim.vjp_joint = None


def defvjp_joint(prim: Primitive, rule: JointVJP) -> None:
    """Give ``prim`` one vector–Jacobian product for all its arguments.

    For arguments whose cotangents share work, or for a primitive of any number
    of arguments. The rule has the form ``rule(needed, y, ybar, *xs, **params)
    -> xbars``: ``needed[i]`` says whether argument ``i`` needs a cotangent
    (whether it is traced); the rule returns one entry per argument, a
    cotangent or None (a zero) where none is needed.

    Args:
        prim: the primitive.
        rule: the joint rule.

    Example:
        >>> import fad
        >>> total = fad.primitive(lambda *xs: sum(xs), name="total_doc")
        >>> fad.defvjp_joint(total, lambda needed, y, ybar, *xs: [ybar] * len(xs))
        >>> float(fad.grad(lambda x: total(x, x, x))(1.0))
        3.0
    """
    prim.vjp_joint = rule
    prim.vjps = ()


def defjvp_joint(prim: Primitive, jvp: JointJVP) -> None:
    """Give ``prim`` its Jacobian–vector product, for all arguments at once.

    The rule has the form ``jvp(xdots, y, *xs, **params) -> ydot``, where
    ``xdots`` has one entry per argument: its tangent, or None where it is zero
    (a constant, or an input that does not depend on the differentiated ones).
    It may return None for a zero output tangent.

    Args:
        prim: the primitive.
        jvp: the rule.

    Example:
        >>> import numpy as np, fad
        >>> add3 = fad.primitive(lambda a, b, c: a + b + c, name="add3_doc")
        >>> fad.defjvp_joint(add3, lambda ds, y, *xs: sum(d for d in ds if d is not None))
        >>> float(fad.jvp(lambda x: add3(x, 2.0, x))((1.0,), (1.0,))[1])
        2.0
    """
    prim.jvp = jvp
    prim.jvp_parts = None


def defjvp(prim: Primitive, *rules: Optional[JVPRule]) -> None:
    """Give ``prim`` its Jacobian–vector product as one rule per argument.

    Each rule has the form ``rule(xdot, y, *xs, **params) -> ydot``: the part of
    the output tangent due to the tangent ``xdot`` of its argument. fad adds the
    parts of all arguments that have a tangent (this builds the primitive's one
    joint JVP; see :func:`defjvp_joint`). Use None for an argument that carries
    no derivative.

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
    parts = tuple(rules)
    if len(parts) == 1:
        (only,) = parts

        def jvp(xdots: Sequence[Any], y: Any, *xs: Any, **params: Any) -> Any:
            if only is None:
                raise prim.missing_rule("JVP", 0)
            return only(xdots[0], y, *xs, **params)

    else:

        def jvp(xdots: Sequence[Any], y: Any, *xs: Any, **params: Any) -> Any:
            out = None
            for i, d in enumerate(xdots):
                if d is None:
                    continue
                rule = parts[i] if i < len(parts) else None
                if rule is None:
                    raise prim.missing_rule("JVP", i)
                part = rule(d, y, *xs, **params)
                if part is not None:
                    out = part if out is None else out + part
            return out

    prim.jvp = jvp
    prim.jvp_parts = parts
