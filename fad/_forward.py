"""The forward sweep: tangents from inputs to outputs over a recorded tree.

A :class:`ForwardPlan` is made once per traced function: the nodes between the
inputs and the outputs in topological (increasing id) order, and for each node
how many later nodes use it. Pushing tangents through the plan applies each
primitive's JVP rules and drops a tangent as soon as its last user is done.
The same plan can be swept many times (``linearize``), and with a batch of
tangents at once (``jacfwd``, ``hessian``).
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

from fad._collector import LARGE, quiet_collections
from fad._graph import Node
from fad._graph import shape_of as _shape, toposort
from fad._reverse import _zeros_for_none
from fad import _tracer

__all__ = ["ForwardPlan"]


class ForwardPlan:
    """The part of a recorded tree that forward sweeps visit.

    Args:
        inputs: the input (leaf) nodes, in order.
        outputs: the output nodes (None for an output that is a constant).
    """

    __slots__ = ("inputs", "outputs", "order", "uses")

    def __init__(self, inputs: Sequence[Node], outputs: Sequence[Optional[Node]]) -> None:
        self.inputs = tuple(inputs)
        self.outputs = tuple(outputs)
        self.order = [n for n in toposort(outputs) if n.prim is not None]
        uses: dict[int, int] = {}
        for n in self.order:
            for p in n.parents:
                if p is not None:
                    uses[p.id] = uses.get(p.id, 0) + 1
        for out in outputs:
            if out is not None:
                uses[out.id] = uses.get(out.id, 0) + 1  # outputs are never dropped
        self.uses = uses

    def push(self, tangents: Sequence[Any], nb: int = 0) -> list[Any]:
        """Push input tangents through the tree.

        Args:
            tangents: one tangent per input, or None for a zero tangent. Each
                has ``nb`` leading batch axes before the input's shape.
            nb: the number of leading batch axes.

        Returns:
            One tangent per output, None where it is zero.
        """
        if len(self.order) < LARGE:
            return self._push(tangents, nb)
        with quiet_collections:
            return self._push(tangents, nb)

    def _push(self, tangents: Sequence[Any], nb: int) -> list[Any]:
        tans: dict[int, Any] = {}
        for node, t in zip(self.inputs, tangents):
            if t is not None:
                tans[node.id] = t
        left = dict(self.uses)
        broadcast = _tracer.array_ops.broadcast_batched
        for node in self.order:
            prim, args, parents, params, value, nid = node
            rules = prim.jvps  # type: ignore[union-attr]
            ydot = None
            batch: Optional[tuple[int, ...]] = None
            if prim.jvp_all is not None:  # type: ignore[union-attr]
                ydot = self._joint(node, tans, left, nb)
                if ydot is not None:
                    tans[nid] = ydot
                continue
            for i, p in enumerate(parents):
                if p is None:
                    continue
                pid = p.id
                xdot = tans.get(pid)
                n_left = left[pid] - 1
                left[pid] = n_left
                if n_left == 0:
                    tans.pop(pid, None)
                if xdot is None:
                    continue
                rule = rules[i] if i < len(rules) else None
                if rule is None:
                    raise prim.missing_rule("JVP", i)  # type: ignore[union-attr]
                if nb:
                    if batch is None:
                        batch = _shape(xdot)[:nb]
                    if prim.elementwise:  # type: ignore[union-attr]
                        xdot = _tracer.array_ops.expand_batched(xdot, _shape(value), nb)
                    elif not prim.batchable:  # type: ignore[union-attr]
                        d = _looped_jvp(rule, node, xdot, nb)
                        if d is not None:
                            ydot = d if ydot is None else ydot + d
                        continue
                d = rule(xdot, value, *args, **params)
                if d is None:
                    continue
                ydot = d if ydot is None else ydot + d
            if ydot is not None:
                if not prim.exact_shapes:  # type: ignore[union-attr]
                    yshape = _shape(value)
                    want = yshape if batch is None else batch + yshape
                    if _shape(ydot) != want:
                        ydot = broadcast(ydot, yshape, nb)
                tans[nid] = ydot
        return [None if n is None else tans.get(n.id) for n in self.outputs]

    @staticmethod
    def _joint(node: Node, tans: dict[int, Any], left: dict[int, int], nb: int) -> Any:
        """Apply a primitive's all-arguments JVP rule (see ``defjvp_all``)."""
        prim, args, parents, params, value, _ = node
        xdots: list[Any] = []
        for p in parents:
            if p is None:
                xdots.append(None)
                continue
            xdots.append(tans.get(p.id))
            left[p.id] -= 1
            if left[p.id] == 0:
                tans.pop(p.id, None)
        known = [d for d in xdots if d is not None]
        if not known:
            return None
        rule: Any = prim.jvp_all  # type: ignore[union-attr]
        if nb and not prim.batchable:  # type: ignore[union-attr]
            batch = _shape(known[0])[:nb]
            flat = [None if d is None else _tracer.array_ops.reshape(d, (-1,) + _shape(d)[nb:]) for d in xdots]
            parts = [
                rule([None if d is None else d[k] for d in flat], value, *args, **params)
                for k in range(_shape(flat[xdots.index(known[0])])[0])
            ]
            return _tracer.array_ops.reshape(_tracer.array_ops.stack(parts), batch + _shape(value))
        return rule(xdots, value, *args, **params)


def _looped_jvp(rule: Any, node: Node, xdot: Any, nb: int) -> Any:
    """Apply a rule that does not take batches to each batch element in turn."""
    prim, args, _, params, value, _ = node
    batch = _shape(xdot)[:nb]
    flat = _tracer.array_ops.reshape(xdot, (-1,) + _shape(xdot)[nb:])
    got = _zeros_for_none([rule(flat[k], value, *args, **params) for k in range(_shape(flat)[0])])
    if got is None:
        return None
    parts = [_tracer.array_ops.broadcast_batched(p, _shape(value), 0) for p in got]
    return _tracer.array_ops.reshape(_tracer.array_ops.stack(parts), batch + _shape(value))
