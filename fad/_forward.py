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
from fad._graph import Kind, Node
from fad._graph import shape_of, toposort
from fad._reverse import _zeros_for_none
from fad import _tracer

__all__ = ["ForwardPlan"]

_ELEMENTWISE = Kind.ELEMENTWISE
_STRUCTURAL = Kind.STRUCTURAL
_PLAIN = Kind.PLAIN


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
        expand = _tracer.array_ops.expand_batched
        for node in self.order:
            # The flat layout of fad._graph.Node, unpacked whole for one and
            # two arguments (most ops), which is cheaper than slicing it.
            size = len(node)
            if size == 6:
                prim, params, value, nid, a0, p0 = node
                args: tuple[Any, ...] = (a0,)
                parents: tuple[Optional[Node], ...] = (p0,)
            elif size == 8:
                prim, params, value, nid, a0, a1, p0, p1 = node
                args = (a0, a1)
                parents = (p0, p1)
            else:
                prim, params, value, nid = node[:4]
                k = (size - 4) >> 1
                args = node[4 : 4 + k]
                parents = node[4 + k :]
            if prim is None:  # pragma: no cover - the plan holds no input nodes
                continue
            xdots: list[Any] = []
            known = None  # a tangent that is not zero
            for p in parents:
                if p is None:
                    xdots.append(None)
                    continue
                pid = p[3]
                d = tans.get(pid)
                n_left = left[pid] - 1
                left[pid] = n_left
                if n_left == 0:
                    tans.pop(pid, None)
                xdots.append(d)
                if known is None:
                    known = d
            if known is None:  # every tangent is zero: so is the output's
                continue
            jvp = prim.jvp
            if jvp is None:
                raise prim.missing_rule("JVP", next(i for i, d in enumerate(xdots) if d is not None))
            kind = prim.kind
            batch: Optional[tuple[int, ...]] = None
            if nb:
                batch = shape_of(known)[:nb]
                if kind is _ELEMENTWISE:  # elementwise rules need the output's shape
                    yshape = shape_of(value)
                    xdots = [None if d is None else expand(d, yshape, nb) for d in xdots]
                elif kind is _PLAIN:  # rules that take one tangent at a time
                    ydot = _looped_jvp(jvp, node, xdots, batch, nb)
                    if ydot is not None:
                        tans[nid] = ydot
                    continue
            ydot = jvp(xdots, value, *args, **params)
            if ydot is None:
                continue
            if kind is not _STRUCTURAL:  # fad's own rank-aware rules return exact shapes
                yshape = shape_of(value)
                want = yshape if batch is None else batch + yshape
                if shape_of(ydot) != want:
                    ydot = broadcast(ydot, yshape, nb)
            tans[nid] = ydot
        return [None if n is None else tans.get(n.id) for n in self.outputs]


def _looped_jvp(jvp: Any, node: Node, xdots: list[Any], batch: tuple[int, ...], nb: int) -> Any:
    """Apply a JVP that does not take batches to each batch element in turn."""
    params, value, args = node.params, node.value, node.args
    ops = _tracer.array_ops
    flat = [None if d is None else ops.reshape(d, (-1,) + shape_of(d)[nb:]) for d in xdots]
    n = next(shape_of(d)[0] for d in flat if d is not None)
    got = _zeros_for_none(
        [jvp([None if d is None else d[k] for d in flat], value, *args, **params) for k in range(n)]
    )
    if got is None:
        return None
    parts = [ops.broadcast_batched(p, shape_of(value), 0) for p in got]
    return ops.reshape(ops.stack(parts), batch + shape_of(value))
