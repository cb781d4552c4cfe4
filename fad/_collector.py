"""Keeping CPython's full collections off fad's graphs while a transform runs.

Every recorded op leaves a container the cyclic collector tracks (its node, one
flat tuple; and the Tracer, while the traced function holds it), and none of them is
garbage until the transform returns. CPython runs a *full* collection, which
visits every tracked object alive, each time the objects that survived two
younger collections grow by a quarter. On a graph of 10^6 nodes those visits
cost more than the ops themselves, and the per-op cost of ``grad`` grows with
the depth of the graph.

So from the moment a trace has recorded :data:`LARGE` nodes until its graph is
dropped, and while a sweep over a large graph runs, :data:`quiet_collections` raises
the collector's third threshold (the number of middle-generation collections
before a full one is considered) out of reach, and puts the old thresholds back
when the last of them ends. The young and middle generations are still
collected as usual, so short-lived cycles made by the user's function are
freed on time; only cycles that survive into the oldest generation wait until
the transform returns. Outside a transform the collector is never touched, and
it is never disabled. (Alternatives considered: ``gc.disable()`` would stop the
collection of the user's own young cycles too; ``gc.freeze()`` moves objects
into a generation that is never collected, which is also the mechanism some
servers use before forking, so fad must not undo the user's freezes.)
"""

from __future__ import annotations

import gc
import threading
from types import TracebackType
from typing import Optional

__all__ = ["quiet_collections", "LARGE"]

_OUT_OF_REACH = 1 << 30

LARGE = 1 << 14
"""A graph of at least this many nodes holds full collections off. (Smaller ones
do not: entering and leaving costs about a microsecond, which a short graph
would notice and a long one cannot.)"""


class _QuietCollections:
    """A re-entrant, thread-safe context manager; see the module docstring.

    Example:
        >>> import gc
        >>> before = gc.get_threshold()
        >>> with quiet_collections:
        ...     gc.get_threshold()[2] > before[2]
        True
        >>> gc.get_threshold() == before
        True
    """

    __slots__ = ("_lock", "_depth", "_saved")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._saved: Optional[tuple[int, int, int]] = None

    def __enter__(self) -> None:
        with self._lock:
            if self._depth == 0:
                saved = gc.get_threshold()
                self._saved = saved
                gc.set_threshold(saved[0], saved[1], _OUT_OF_REACH)
            self._depth += 1

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        with self._lock:
            self._depth -= 1
            saved = self._saved
            if self._depth == 0 and saved is not None:
                self._saved = None
                now = gc.get_threshold()
                # put the old value back unless the user changed it meanwhile
                if now == (saved[0], saved[1], _OUT_OF_REACH):
                    gc.set_threshold(*saved)


quiet_collections = _QuietCollections()
"""Enter while a graph is being recorded or swept (nests, and threads share it)."""
