"""The reverse sweep: cotangents from outputs back to inputs.

Nodes are visited in decreasing id order. A node's id is larger than every one
of its parents' ids, so when a node comes off the heap, every node that uses it
is already done and its cotangent is complete. Cotangents live in a local dict
keyed by node id; each one is dropped as soon as its node has been handled. No
node is ever written, and nothing recurses, so graphs of any depth work.

A sweep may carry a batch of cotangents at once (``nb`` leading axes): that is
how ``jacrev`` pulls back a whole basis in one pass.
"""

from __future__ import annotations

from heapq import heappop, heappush

import numpy as np
from typing import Any, Iterable, Optional, Sequence

from fad._collector import quiet_collections
from fad._graph import Kind, Node
from fad._graph import shape_of
from fad import _tracer

__all__ = ["backward"]

_STRUCTURAL = Kind.STRUCTURAL
_PLAIN = Kind.PLAIN


def _looped_vjp(rule: Any, node: Node, ybar: Any, nb: int) -> Any:
    """Apply a rule that does not take batches to each batch element in turn."""
    params, value, args = node.params, node.value, node.args
    batch = shape_of(ybar)[:nb]
    flat = _tracer.array_ops.reshape(ybar, (-1,) + shape_of(ybar)[nb:])
    parts = _zeros_for_none([rule(value, flat[k], *args, **params) for k in range(shape_of(flat)[0])])
    if parts is None:
        return None
    return _tracer.array_ops.reshape(_tracer.array_ops.stack(parts), batch + shape_of(parts[0]))


def _zeros_for_none(parts: list[Any]) -> Optional[list[Any]]:
    """Parts of a looped rule, with symbolic zeros (None) made explicit.

    Returns None when every part is a symbolic zero.
    """
    known = [p for p in parts if p is not None]
    if not known:
        return None
    if len(known) == len(parts):
        return parts
    zero = np.zeros(shape_of(known[0]), getattr(known[0], "dtype", float))
    return [zero if p is None else p for p in parts]


def backward(seeds: Iterable[tuple[Node, Any]], nb: int = 0, hold: bool = False) -> dict[int, Any]:
    """Pull cotangents back from output nodes to the input nodes.

    Args:
        seeds: pairs of an output node and its cotangent (with ``nb`` leading
            batch axes).
        nb: the number of leading batch axes on every cotangent.
        hold: hold the collector's full collections off during the sweep (for a
            large graph; see ``fad._collector``).

    Returns:
        The cotangent of every input (leaf) node reached, by node id. Inputs
        not reached have a zero cotangent and are absent.
    """
    if hold:
        quiet_collections.__enter__()
    try:
        return _sweep(seeds, nb)
    finally:
        if hold:
            quiet_collections.__exit__(None, None, None)


def _sweep(seeds: Iterable[tuple[Node, Any]], nb: int) -> dict[int, Any]:
    cts: dict[int, Any] = {}
    heap: list[tuple[int, Node]] = []
    for node, ct in seeds:
        old = cts.get(node.id)
        if old is None:
            cts[node.id] = ct
            heappush(heap, (-node.id, node))
        else:
            cts[node.id] = old + ct
    leaves: dict[int, Any] = {}
    unbroadcast = _tracer.array_ops.unbroadcast
    while heap:
        node = heappop(heap)[1]
        # The flat layout of fad._graph.Node, unpacked whole for one and two
        # arguments (most ops), which is cheaper than slicing it.
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
        ybar = cts.pop(nid)
        if prim is None:
            leaves[nid] = ybar
            continue
        rules = prim.vjps
        kind = prim.kind
        check = kind is not _STRUCTURAL  # fad's own rank-aware rules return exact shapes
        looped = nb and kind is _PLAIN  # rules that take one cotangent at a time
        batch: Optional[tuple[int, ...]] = shape_of(ybar)[:nb] if nb else None
        joint = prim.vjp_joint
        xbars: Optional[Sequence[Any]] = None
        if joint is not None and not looped:  # one rule for all arguments
            needed = tuple(p is not None for p in parents)
            xbars = joint(needed, value, ybar, *args, **params)
        for i, p in enumerate(parents):
            if p is None:
                continue
            if xbars is not None:
                xbar = xbars[i]
            else:
                if joint is None:
                    rule = rules[i] if i < len(rules) else None
                else:  # a joint rule, in a looped batch: one argument at a time
                    rule = prim.vjp_rule(i)
                if rule is None:
                    raise prim.missing_rule("VJP", i)
                if looped:
                    xbar = _looped_vjp(rule, node, ybar, nb)
                else:
                    xbar = rule(value, ybar, *args, **params)
            if xbar is None:  # a symbolic zero
                continue
            if check:
                xshape = shape_of(p[2])
                want = xshape if batch is None else batch + xshape
                if shape_of(xbar) != want:
                    xbar = unbroadcast(xbar, xshape, nb)
            pid = p[3]
            old = cts.get(pid)
            if old is None:
                cts[pid] = xbar
                heappush(heap, (-pid, p))
            else:
                cts[pid] = old + xbar
    return leaves
