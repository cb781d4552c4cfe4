"""The two modes, as one object each, so that every check is written once.

Reverse mode maps an output cotangent ``w`` to the arguments' cotangents
``J^T w`` (the pullback); forward mode maps the arguments' tangents ``u`` to
the output tangent ``J u`` (the pushforward). A check asks a :class:`Mode`
for its linear map at the inputs, its words (for messages), its Jacobian
transform and its rule table; the identities, the batched agreement and the
rule checks do not otherwise care which mode they check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, NamedTuple, Optional, Sequence

import numpy as np

from fad._primitive import Primitive
from fad._transforms import jacfwd, jacrev, jvp, linearize, vjp
from fad._tree import tree_unflatten
from fad.testing._arrays import Array, direction, f64, out_leaves, random_seeds
from fad.testing._report import Names

__all__ = ["LinearMap", "Mode", "REVERSE", "FORWARD", "modes_named"]

Apply = Callable[[Sequence[Any]], list[Any]]


class LinearMap(NamedTuple):
    """A mode's linear map at some inputs, on flat lists of leaves.

    Attributes:
        out: the output leaves.
        seeds_like: the primals that a seed (the map's argument) is like.
        results_like: the primals that a result is like.
        apply: the map: seed leaves to result leaves.
    """

    out: list[Any]
    seeds_like: list[Any]
    results_like: list[Any]
    apply: Apply


def _pullback(F: Callable[..., Any], xs: Sequence[Any]) -> LinearMap:
    out, pullback = vjp(F)(*xs)
    leaves, tree = out_leaves(out)
    return LinearMap(leaves, leaves, list(xs), lambda ws: list(pullback(tree_unflatten(tree, list(ws)))))


def _pushforward(F: Callable[..., Any], xs: Sequence[Any]) -> LinearMap:
    leaves, _ = out_leaves(F(*xs))
    return LinearMap(leaves, list(xs), leaves, lambda us: out_leaves(jvp(F)(tuple(xs), tuple(us))[1])[0])


def _linearized(F: Callable[..., Any], xs: Sequence[Any]) -> list[tuple[str, Apply]]:
    _, push = linearize(F)(*xs)
    return [("linearize's pushforward", lambda us: out_leaves(push(*us))[0])]


def _vjp_along(F: Callable[..., Any], xs: Sequence[Array], rng: np.random.Generator) -> Callable[..., Any]:
    leaves, tree = out_leaves(F(*xs))
    w = tree_unflatten(tree, random_seeds(leaves, rng))
    return lambda *p: vjp(F)(*p)[1](w)


def _jvp_along(F: Callable[..., Any], xs: Sequence[Array], rng: np.random.Generator) -> Callable[..., Any]:
    u = tuple(d.astype(x.dtype) for d, x in zip(direction(xs, rng), xs))
    return lambda *p: jvp(F)(p, u)[1]


@dataclass(frozen=True, repr=False)
class Mode:
    """One mode of differentiation: its words, its maps and its rules.

    Attributes:
        key: ``"rev"`` or ``"fwd"``, as ``check_grads(modes=...)`` names it.
        rule: ``"VJP"`` or ``"JVP"``.
        sweep: ``"reverse"`` or ``"forward"``.
        map: ``"pullback"`` or ``"pushforward"``.
        call: the map applied in a formula: ``"pullback"`` or ``"jvp"``.
        noun: what it maps: ``"cotangent"`` or ``"tangent"``.
        sym: the symbol of a seed: ``"w"`` or ``"u"``.
        batched: the batched formula: ``"w . jacrev(f)"`` or ``"jacfwd(f) . u"``.
        seeds_outputs: whether seeds belong to the outputs (reverse mode) or
            to the arguments (forward mode); results belong to the others.
        jacobian: ``jacrev`` or ``jacfwd``.
        linear_map: the map of ``F`` at ``xs``, ``linear_map(F, xs)``.
        routes: other routes to the same map, which must agree with it.
        along: ``along(F, xs, rng)``: the map applied to a fixed random seed, as a
            function of the inputs. ``check_grads`` goes up one order by
            checking it as it checked ``F``.
        rule_of: ``rule_of(prim, i)``: the primitive's rule of this mode for
            argument ``i`` (None if it has none).
        call_rule: ``call_rule(rule, seed, y, args, params)``: call one rule directly.
    """

    key: str
    rule: str
    sweep: str
    map: str
    call: str
    noun: str
    sym: str
    batched: str
    seeds_outputs: bool
    jacobian: Callable[..., Any]
    linear_map: Callable[[Callable[..., Any], Sequence[Any]], LinearMap]
    routes: Callable[[Callable[..., Any], Sequence[Any]], list[tuple[str, Apply]]]
    along: Callable[[Callable[..., Any], Sequence[Array], np.random.Generator], Callable[..., Any]]
    rule_of: Callable[[Primitive, int], Optional[Callable[..., Any]]]
    call_rule: Callable[[Callable[..., Any], Any, Any, Sequence[Any], dict[str, Any]], Any]

    def __repr__(self) -> str:
        return f"<{self.sweep} mode>"

    @property
    def result_of(self) -> str:
        """What a result belongs to: ``"argument"`` or ``"output"``."""
        return "argument" if self.seeds_outputs else "output"

    def single(self) -> str:
        """The map applied to one seed, in a formula: ``pullback(w)``."""
        return f"{self.call}({self.sym})"

    def result_number(self, names: Names, r: int) -> int:
        """How the user numbers result ``r`` (an argument of a primitive keeps its position)."""
        return names.arg(r) if self.seeds_outputs else r

    def result_name(self, names: Names, r: int) -> str:
        """How a message names result ``r``: ``argument 2``, ``output 0``."""
        return f"{self.result_of} {self.result_number(names, r)}"

    def block(self, J: Sequence[Sequence[Any]], r: int, s: int, seed_ndim: int) -> Array:
        """The Jacobian block (``J[output][input]``) of result ``r`` and seed ``s``,
        as float64 with the seed's axes first."""
        if self.seeds_outputs:
            return f64(J[s][r])
        b = f64(J[r][s])
        return np.moveaxis(b, list(range(b.ndim - seed_ndim, b.ndim)), list(range(seed_ndim)))


REVERSE = Mode(
    key="rev", rule="VJP", sweep="reverse", map="pullback", call="pullback", noun="cotangent",
    sym="w", batched="w . jacrev(f)", seeds_outputs=True, jacobian=jacrev,
    linear_map=_pullback, routes=lambda F, xs: [], along=_vjp_along,
    rule_of=lambda prim, i: prim.vjp_rule(i),
    call_rule=lambda rule, w, y, args, params: rule(y, w, *args, **params),
)
FORWARD = Mode(
    key="fwd", rule="JVP", sweep="forward", map="pushforward", call="jvp", noun="tangent",
    sym="u", batched="jacfwd(f) . u", seeds_outputs=False, jacobian=jacfwd,
    linear_map=_pushforward, routes=_linearized, along=_jvp_along,
    rule_of=lambda prim, i: prim.jvp_rule(i),
    call_rule=lambda rule, u, y, args, params: rule(u, y, *args, **params),
)


def modes_named(keys: Sequence[str], who: str) -> list[Mode]:
    """The modes ``keys`` names (``"fwd"``, ``"rev"``), forward first.

    Example:
        >>> modes_named(("rev", "fwd"), "check_grads")
        [<forward mode>, <reverse mode>]
    """
    keys = tuple(keys)
    bad = [k for k in keys if k not in (FORWARD.key, REVERSE.key)]
    if bad or not keys:
        raise ValueError(f"{who}: modes must be 'fwd' and/or 'rev', got {keys!r}")
    return [m for m in (FORWARD, REVERSE) if m.key in keys]
