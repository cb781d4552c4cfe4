"""Catalogue entries of fad.scipy.signal (see tests/_catalogue.py).

One primitive, ``scipy.signal.convolve`` (a window of the full convolution of
n-dimensional arrays, maybe of the second operand reversed), drawn through
``convolve`` and ``correlate`` in every mode and method, 1-D to 3-D, and
directly with leading axes that broadcast (what its batched rules use); and
with complex operands (``COMPLEX``; sometimes one of them real), where
``correlate`` conjugates ``in2`` as SciPy's does. Both also draw fad's
extension, ``axes`` and ``dot_axes`` (autograd's): axes convolved, contracted
or in an outer product, from a few layouts of up to three axes per operand.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

import fad.scipy.signal as fss
import numpy as np

from _catalogue import Array, Example, Fun, _dtypes, _entry, _noted, complex_case, composite, rng_of, values
from fad.scipy.signal import _conv, _window
from fad.testing.strategies import REAL, complex_arrays, complex_dtypes, float_arrays

Drawn = tuple[Fun, tuple[Array, ...]]

MODES = st.sampled_from(["full", "same", "valid"])
METHODS = st.sampled_from(["auto", "direct", "fft"])


def _shapes(draw: st.DrawFn, mode: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    d = draw(st.integers(1, 3), label="dimensions")
    side = 4 if d == 1 else 3 if d == 2 else 2
    n = tuple(draw(st.lists(st.integers(1, side), min_size=d, max_size=d), label="in1 shape"))
    m = tuple(draw(st.lists(st.integers(1, side), min_size=d, max_size=d), label="in2 shape"))
    if mode == "valid" and not (all(i >= j for i, j in zip(n, m)) or all(j >= i for i, j in zip(n, m))):
        m = tuple(min(i, j) for i, j in zip(n, m))  # one at least as large as the other
    return n, m


LAYOUTS = [
    # (in1's rank, in2's rank, axes, dot_axes)
    (2, 2, ([1], [0]), None),  # an outer axis of each
    (2, 2, ([0, 1], [1, 0]), None),  # convolved in another order
    (2, 2, ([], []), ([0], [0])),  # a tensordot
    (3, 3, ([1], [1]), ([0], [2])),  # autograd's test_convolve_ignore_dot
    (2, 3, ([1], [2]), ([0], [0])),
    (2, 1, ([1], [0]), None),  # in2 has no outer axis
]


def _general_shapes(draw: st.DrawFn, layout: Any, mode: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Shapes for a layout: contracted sizes equal, convolved ones fit ``mode``."""
    na, nb, axes, dots = layout
    sa, sb = [0] * na, [0] * nb
    flip = draw(st.booleans(), label="in2 larger")
    for i, j in zip(*axes):
        big, small = draw(st.integers(1, 3), label="size"), draw(st.integers(1, 3), label="size")
        small = min(big, small) if mode == "valid" else small
        sa[i], sb[j] = (small, big) if flip else (big, small)
    for i, j in zip(*(dots or ([], []))):
        sa[i] = sb[j] = draw(st.integers(1, 2), label="contracted size")
    for s in (sa, sb):
        for k, x in enumerate(s):
            if x == 0:
                s[k] = draw(st.integers(1, 2), label="outer size")
    return tuple(sa), tuple(sb)


def _general(draw: st.DrawFn, method: str, operands: Any) -> Drawn:
    """convolve or correlate with ``axes``/``dot_axes`` of a drawn layout."""
    layout = draw(st.sampled_from(LAYOUTS), label="layout")
    mode = draw(MODES, label="mode")
    n, m = _general_shapes(draw, layout, mode)
    a, v = operands(n, m)
    axes, dots = layout[2], layout[3]
    fn = draw(st.sampled_from([fss.convolve, fss.correlate]), label="function")
    fun = _noted(
        lambda a, v: fn(a, v, mode, method, axes=axes, dot_axes=dots),
        fn=fn.__name__, mode=mode, method=method, axes=axes, dot_axes=dots,
    )
    return fun, (a, v)


def _signal_example(fn: Any) -> Any:
    """An example's builder: ``fn`` of two seeded arrays of drawn shapes."""

    def build(data: Any, dtype: Any) -> Drawn:
        mode = data.draw(MODES, label="mode")
        n, m = _shapes(data.draw, mode)
        rng = rng_of(data)
        return (lambda a, v: fn(a, v, mode)), (values(rng, n, REAL, dtype), values(rng, m, REAL, dtype))

    return build


def _general_example(data: Any, dtype: Any) -> Drawn:
    """convolve with ``axes``/``dot_axes`` of a drawn layout, on seeded values."""
    layout = data.draw(st.sampled_from(LAYOUTS), label="layout")
    mode = data.draw(MODES, label="mode")
    n, m = _general_shapes(data.draw, layout, mode)
    rng = rng_of(data)
    axes, dots = layout[2], layout[3]
    return (
        (lambda a, v: fss.convolve(a, v, mode, axes=axes, dot_axes=dots)),
        (values(rng, n, REAL, dtype), values(rng, m, REAL, dtype)),
    )


@_entry(
    "scipy.signal.convolve",
    Example("fss.convolve", _signal_example(lambda a, v, mode: fss.convolve(a, v, mode))),
    Example("fss.correlate", _signal_example(lambda a, v, mode: fss.correlate(a, v, mode))),
    Example("fss.convolve(axes=, dot_axes=)", lambda data, dtype: _general_example(data, dtype)),
)
def _convolve(draw: st.DrawFn) -> Drawn:
    da, dv = _dtypes(draw, 2)
    method = draw(METHODS, label="method")
    if draw(st.integers(0, 3), label="leading axes") == 0:
        # the primitive itself, with leading axes that broadcast and a drawn window
        la, lv = draw(st.sampled_from([((2,), ()), ((2, 1), (3,)), ((), (2,))]), label="leads")
        n, m = _shapes(draw, "full")
        start = tuple(draw(st.integers(-1, i + j - 2)) for i, j in zip(n, m))
        length = tuple(draw(st.integers(1, i + j)) for i, j in zip(n, m))
        reverse = draw(st.booleans(), label="reverse")
        a = draw(float_arrays(la + n, da))
        v = draw(float_arrays(lv + m, dv))
        fun = _noted(
            lambda a, v: _conv(a, v, start, length, method, reverse),
            start=start, length=length, method=method, reverse=reverse,
        )
        return fun, (a, v)
    if draw(st.integers(0, 3), label="axes and dot_axes") == 0:
        return _general(draw, method, lambda n, m: (draw(float_arrays(n, da)), draw(float_arrays(m, dv))))
    mode = draw(MODES, label="mode")
    n, m = _shapes(draw, mode)
    a, v = draw(float_arrays(n, da)), draw(float_arrays(m, dv))
    fn = draw(st.sampled_from([fss.convolve, fss.correlate]), label="function")
    _window(n, m, mode, "convolve")  # (checks the drawn shapes)
    return _noted(lambda a, v: fn(a, v, mode, method), fn=fn.__name__, mode=mode, method=method), (a, v)


@composite("scipy.signal.correlate")
def _correlate(draw: st.DrawFn) -> Drawn:
    dt = _dtypes(draw, 1)[0]
    mode, method = draw(MODES, label="mode"), draw(METHODS, label="method")
    n, m = _shapes(draw, mode)
    a, v = draw(float_arrays(n, dt)), draw(float_arrays(m, dt))
    return _noted(lambda a, v: fss.correlate(a, v, mode, method), mode=mode, method=method), (a, v)


# --- complex operands --------------------------------------------------------------------


def _complex_operands(draw: st.DrawFn, n: tuple[int, ...], m: tuple[int, ...]) -> tuple[Array, Array]:
    """Complex operands of one precision; sometimes one of them real (promoted by the trace)."""
    dt = draw(complex_dtypes(), label="dtype")
    real = draw(st.sampled_from(["neither", "neither", "in1", "in2"]), label="real operand")
    rdt = np.finfo(dt).dtype
    a = draw(float_arrays(n, rdt)) if real == "in1" else draw(complex_arrays(n, dt))
    v = draw(float_arrays(m, rdt)) if real == "in2" else draw(complex_arrays(m, dt))
    return a, v


COMPLEX_METHODS = st.sampled_from(["auto", "direct"])
"""(method="fft" on complex64 values leaves rounding noise of 1e-7 where the rule
checks' tolerance is relative to exact values, 0 for some draws: its complex values
are checked in tests/test_scipy_signal.py.)"""


@complex_case("scipy.signal.convolve")
def _convolve_complex(draw: st.DrawFn) -> Drawn:
    method = draw(COMPLEX_METHODS, label="method")
    if draw(st.integers(0, 3), label="axes and dot_axes") == 0:
        return _general(draw, method, lambda n, m: _complex_operands(draw, n, m))
    mode = draw(MODES, label="mode")
    n, m = _shapes(draw, mode)
    a, v = _complex_operands(draw, n, m)
    if draw(st.integers(0, 3), label="the primitive") == 0:  # a window of no mode, reversed or not
        start = tuple(draw(st.integers(-1, i + j - 2)) for i, j in zip(n, m))
        length = tuple(draw(st.integers(1, i + j)) for i, j in zip(n, m))
        reverse = draw(st.booleans(), label="reverse")
        fun = _noted(
            lambda a, v: _conv(a, v, start, length, method, reverse),
            start=start, length=length, method=method, reverse=reverse,
        )
        return fun, (a, v)
    fn = draw(st.sampled_from([fss.convolve, fss.correlate]), label="function")
    return _noted(lambda a, v: fn(a, v, mode, method), fn=fn.__name__, mode=mode, method=method), (a, v)


@complex_case("scipy.signal.correlate")
def _correlate_complex(draw: st.DrawFn) -> Drawn:
    mode, method = draw(MODES, label="mode"), draw(COMPLEX_METHODS, label="method")
    n, m = _shapes(draw, mode)
    a, v = _complex_operands(draw, n, m)
    return _noted(lambda a, v: fss.correlate(a, v, mode, method), mode=mode, method=method), (a, v)
