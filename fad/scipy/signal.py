"""fad.scipy.signal: the traced counterpart of ``scipy.signal``.

``convolve`` and ``correlate`` of n-dimensional arrays, with SciPy's
signatures (``mode`` ``"full"``, ``"same"`` or ``"valid"``; ``method``
``"auto"``, ``"direct"`` or ``"fft"``), differentiable in both arguments to
any order.

One primitive does all of it: a *windowed* convolution, a window of the full
convolution along each axis,

    y[k] = sum_i a[i] w[k + start - i]       (zero outside both arrays),

of ``a`` with ``w = v`` or with ``w = v reversed`` (a correlation: a flag of
the primitive, so that SciPy computes each case in its own way), with
``start`` and ``length`` per axis. The three modes are three windows
(``full``: start 0, length n + m - 1; ``same``: start (m - 1) // 2, length n;
``valid``: start min(n, m) - 1, length |n - m| + 1). The transpose of a
windowed convolution in either argument is a windowed correlation with the
other argument, and the transpose of a correlation a convolution:

    abar = window(conv(ybar, reverse(w)), start = m - 1 - start, length = n)
    wbar = window(conv(ybar, reverse(a)), start = n - 1 - start, length = m)

so the VJP rules are the primitive itself, and so are the JVP rules (it is
bilinear): derivatives of every order, never a dense matrix, and each costs
what a convolution of its output's size costs (the kernel's cotangent of a
2^16-sample signal with a 33-tap kernel is 33 dot products of length 2^16,
not a full convolution). Every window is computed by SciPy itself (the
caller's mode where the window is one, otherwise a ``valid`` convolution of a
zero-padded operand), with the ``method`` the caller chose: ``"direct"`` sums
products as SciPy does, ``"fft"`` uses FFTs, ``"auto"`` lets SciPy choose for
each convolution (the forward one and each rule's, by their sizes). The
derivatives are the same maths whichever method computes them; they differ in
rounding only. The forward values are SciPy's, to the last bit.

``correlate(in1, in2)`` is ``convolve(in1, reverse(conj(in2)))``, SciPy's
definition. The primitive never conjugates (its correlation flag reverses only):
it is bilinear over the complex numbers, so for complex operands its rules are
the real ones, which is JAX's convention (docs/complex.md): the JVP is the
convolution with a tangent, the VJP its plain transpose (a correlation without
conjugate). The conjugate of ``correlate`` is ``fad.numpy.conjugate`` applied to
``in2`` before the primitive, with its own rules.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import scipy.signal as _ss

from fad import _primitive
from fad._primitive import Kind, Primitive, defjvp, defvjp
from fad._tracer import Tracer
from fad.numpy._base import as_operand, getitem, reshape, unbroadcast
from fad.numpy._creation import zeros
from fad.numpy._elementwise import conjugate
from fad.numpy._shape import _traced, astype
from fad.numpy._util import Array, ArrayLike, bind, dtype, nbatch, ndim, shape

__all__ = ["convolve", "correlate"]

NOT_DIFFERENTIABLE: dict[str, str] = {}
"""Every public name here is differentiable in its array arguments."""

_Mode = Literal["full", "same", "valid"]
_Method = Literal["auto", "direct", "fft"]
_MODES = ("full", "same", "valid")
_METHODS = ("auto", "direct", "fft")


# --- the primitive: a window of the full convolution over the last d axes ---------------


def _mode_of(
    n: tuple[int, ...], m: tuple[int, ...], start: tuple[int, ...], length: tuple[int, ...], mode: str
) -> str:
    """The mode whose window this is, or "" for another window. ``mode``, the
    caller's, comes first where two modes have the same window (for an ``in2``
    longer than ``in1``, "same" and "valid" do, and SciPy rounds them apart)."""
    if mode and _window(n, m, mode, "convolve") == (start, length):
        return mode
    if start == (0,) * len(n) and length == tuple(i + j - 1 for i, j in zip(n, m)):
        return "full"
    if start == tuple((j - 1) // 2 for j in m) and length == n:
        return "same"
    if (all(i >= j for i, j in zip(n, m)) or all(j >= i for i, j in zip(n, m))) and (
        start == tuple(min(i, j) - 1 for i, j in zip(n, m))
        and length == tuple(abs(i - j) + 1 for i, j in zip(n, m))
    ):
        return "valid"
    return ""


def _window_unbatched(
    a: Any, v: Any, start: tuple[int, ...], length: tuple[int, ...], method: str, reverse: bool, mode: str
) -> Any:
    """The window of ``conv(a, v)`` (of ``conv(a, v reversed)`` if ``reverse``:
    SciPy's correlation of real arrays) of arrays of the same rank, by SciPy."""
    mode = _mode_of(a.shape, v.shape, start, length, mode)
    if mode and reverse:  # SciPy's correlate conjugates its second operand: the primitive does not
        return _ss.correlate(a, np.conj(v) if v.dtype.kind == "c" else v, mode, method)
    if mode:
        return _ss.convolve(a, v, mode, method)
    if reverse:
        v = v[(slice(None, None, -1),) * v.ndim]
    # Any other window: y[k] = sum_j K[j] X[k + start - j] for either role
    # (convolution commutes); the smaller operand is the kernel K, and X, padded
    # with zeros (or cropped) to length + len(K) - 1 along each axis, gives the
    # window as a valid convolution, at the cost of the window alone.
    x, k = (a, v) if a.size >= v.size else (v, a)
    index, pads = [], []
    for ax, (s, ln) in enumerate(zip(start, length)):
        before = k.shape[ax] - 1 - s  # zeros before x (negative: crop)
        after = ln + s - x.shape[ax]  # zeros after x (negative: crop)
        index.append(slice(max(-before, 0), x.shape[ax] - max(-after, 0)))
        pads.append((max(before, 0), max(after, 0)))
    xp = np.pad(x[tuple(index)], pads)
    return _ss.convolve(xp, k, "valid", method)


def _window_impl(
    a: Any, v: Any, *, start: tuple[int, ...], length: tuple[int, ...], method: str, reverse: bool, mode: str
) -> Any:
    """The window over the last ``len(start)`` axes; leading axes broadcast."""
    a, v = np.asarray(a), np.asarray(v)
    d = len(start)
    la, lv = a.shape[: a.ndim - d], v.shape[: v.ndim - d]
    if not la and not lv:
        return _window_unbatched(a, v, start, length, method, reverse, mode)
    lead = np.broadcast_shapes(la, lv)
    ab = np.broadcast_to(a, lead + a.shape[a.ndim - d :])
    vb = np.broadcast_to(v, lead + v.shape[v.ndim - d :])
    dt = np.result_type(a, v)
    out = np.empty(lead + length, dt)
    for idx in np.ndindex(*lead):  # a batch of (co)tangents: one SciPy call each
        out[idx] = _window_unbatched(ab[idx], vb[idx], start, length, method, reverse, mode)
    return out


conv_p = Primitive("scipy.signal.convolve", _window_impl, kind=Kind.STRUCTURAL, saves=(0, 1))


def _conv(
    a: Any, v: Any, start: tuple[int, ...], length: tuple[int, ...], method: str, reverse: bool, mode: str = ""
) -> Any:
    if type(a) is not Tracer and type(v) is not Tracer:
        return _window_impl(a, v, start=start, length=length, method=method, reverse=reverse, mode=mode)
    return bind(conv_p, a, v, start=start, length=length, method=method, reverse=reverse, mode=mode)


def _reverse(x: Any, d: int) -> Any:
    """``x`` reversed along its last ``d`` axes."""
    return getitem(x, (Ellipsis,) + (slice(None, None, -1),) * d)


_Window = tuple[int, ...]


def _vjp(which: int) -> Any:
    def rule(
        y: Any, ybar: Any, a: Any, v: Any, *, start: _Window, length: _Window, method: str, reverse: bool,
        mode: str
    ) -> Any:
        # The transpose of a windowed convolution y = conv(a, w), w = v or v
        # reversed, is a correlation with the other operand, i.e. a windowed
        # convolution with it reversed (see the module's doc):
        #   abar = window(conv(ybar, reverse(w)))   wbar = window(conv(ybar, reverse(a)))
        d = len(start)
        n, m = shape(a)[ndim(a) - d :], shape(v)[ndim(v) - d :]
        if which == 0:
            t = _conv(ybar, v, tuple(j - 1 - s for j, s in zip(m, start)), n, method, not reverse)
            x = a
        else:
            t = _conv(ybar, a, tuple(i - 1 - s for i, s in zip(n, start)), m, method, True)
            if reverse:
                t = _reverse(t, d)
            x = v
        if dtype(t) != dtype(x):
            t = astype(t, dtype(x))
        return unbroadcast(t, shape(x), nbatch(ybar, y))

    return rule


def _jvp(which: int) -> Any:
    def rule(
        xdot: Any, y: Any, a: Any, v: Any, *, start: _Window, length: _Window, method: str, reverse: bool,
        mode: str
    ) -> Any:
        # bilinear: the same convolution with one operand replaced by its tangent
        d = len(start)
        x = a if which == 0 else v
        nb = nbatch(xdot, x)
        lead_y, lead_x = ndim(y) - d, ndim(x) - d
        if nb and lead_y > lead_x:  # keep the batch axes in front of the other operand's
            s = shape(xdot)
            xdot = reshape(xdot, s[:nb] + (1,) * (lead_y - lead_x) + s[nb:])
        if which == 0:
            return _conv(xdot, v, start, length, method, reverse)
        return _conv(a, xdot, start, length, method, reverse)

    return rule


defvjp(conv_p, _vjp(0), _vjp(1))
defjvp(conv_p, _jvp(0), _jvp(1))

# fad.scipy's primitives are fad's own (the catalogue checks them), though
# ``import fad`` does not make them: count them among the built-in names.
_primitive.seal_builtins(conv_p)


# --- the public functions -----------------------------------------------------------------


def _window(n: tuple[int, ...], m: tuple[int, ...], mode: str, fn: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(start, length) of ``mode``'s window of the full convolution, per axis."""
    if mode == "full":
        return (0,) * len(n), tuple(i + j - 1 for i, j in zip(n, m))
    if mode == "same":
        return tuple((j - 1) // 2 for j in m), n
    if not (all(i >= j for i, j in zip(n, m)) or all(j >= i for i, j in zip(n, m))):
        raise ValueError(
            f"fad.scipy.signal.{fn}: for mode='valid' one input must be at least as large as the "
            f"other in every dimension (shapes {n} and {m}); use mode='full' or 'same'"
        )
    return tuple(min(i, j) - 1 for i, j in zip(n, m)), tuple(abs(i - j) + 1 for i, j in zip(n, m))


def _check(in1: Any, in2: Any, mode: str, method: str, fn: str) -> tuple[Any, Any]:
    if mode not in _MODES:
        raise ValueError(f"fad.scipy.signal.{fn}: mode must be 'full', 'same' or 'valid', not {mode!r}")
    if method not in _METHODS:
        raise ValueError(f"fad.scipy.signal.{fn}: method must be 'auto', 'direct' or 'fft', not {method!r}")
    a, v = as_operand(in1), as_operand(in2)
    if type(a) is not Tracer:
        a = np.asarray(a)
    if type(v) is not Tracer:
        v = np.asarray(v)
    if ndim(a) != ndim(v):
        raise ValueError(
            f"fad.scipy.signal.{fn}: in1 and in2 should have the same dimensionality "
            f"(shapes {shape(a)} and {shape(v)}); reshape one of them"
        )
    return a, v


def convolve(in1: ArrayLike, in2: ArrayLike, mode: _Mode = "full", method: _Method = "auto") -> Array:
    """Convolve two n-dimensional arrays, as ``scipy.signal.convolve``; differentiable in both.

    ``full[k] = sum_i in1[i] in2[k - i]`` over every index where the arrays
    overlap; ``"same"`` keeps the centre of it, of ``in1``'s shape (for an
    even-sized ``in2``, the window starts at ``(len(in2) - 1) // 2``, as
    SciPy's); ``"valid"`` keeps the values that need no zero padding. The
    derivative in either argument is a correlation with the other one,
    computed by SciPy like the forward convolution (see the module's doc).

    Args:
        in1: an array-like (maybe traced).
        in2: an array-like of the same number of dimensions (maybe traced).
        mode: ``"full"``, ``"same"`` or ``"valid"``.
        method: ``"direct"`` (sums of products), ``"fft"`` (FFTs), or
            ``"auto"`` (SciPy chooses by the sizes, for the convolution and
            for each of its derivatives separately). All three compute the
            same values up to rounding, and the same derivatives.

    Returns:
        The convolution (a Tracer when an argument is traced).

    Example:
        >>> import numpy as np, fad, fad.scipy.signal as fss
        >>> fss.convolve(np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0, 0.5]))
        array([0. , 1. , 2.5, 4. , 1.5])
        >>> fad.grad(lambda k: fss.convolve(np.array([1.0, 2.0, 3.0]), k, "valid")[0])(np.ones(3))
        array([3., 2., 1.])
    """
    if not _traced(in1, in2):
        return _ss.convolve(in1, in2, mode, method)  # type: ignore[no-any-return]
    a, v = _check(in1, in2, mode, method, "convolve")
    return _convolve(a, v, mode, method, False, "convolve")


def _convolve(a: Any, v: Any, mode: str, method: str, reverse: bool, fn: str) -> Array:
    """convolve (of ``v`` reversed, if ``reverse``) of checked operands."""
    if ndim(a) == 0:
        return a * v  # type: ignore[no-any-return]
    n, m = tuple(shape(a)), tuple(shape(v))
    start, length = _window(n, m, mode, fn)
    if 0 in n or 0 in m:  # nothing to sum: zeros, as SciPy gives
        out = _ss.convolve(np.zeros(n), np.zeros(m), mode, method)
        return zeros(out.shape, np.result_type(dtype(a), dtype(v)))
    y: Array = _conv(a, v, start, length, method, reverse, mode)
    return y


def correlate(in1: ArrayLike, in2: ArrayLike, mode: _Mode = "full", method: _Method = "auto") -> Array:
    """Cross-correlate two n-dimensional arrays, as ``scipy.signal.correlate``; differentiable in both.

    ``full[k] = sum_i in1[i + k - (len(in2) - 1)] conj(in2[i])``: SciPy's
    definition, which is ``convolve(in1, in2 reversed and conjugated)`` in
    every mode (real input is not conjugated). ``"same"`` has ``in1``'s
    shape, ``"valid"`` keeps the values that need no zero padding.

    Args:
        in1: an array-like (maybe traced).
        in2: an array-like of the same number of dimensions (maybe traced).
        mode: ``"full"``, ``"same"`` or ``"valid"``.
        method: ``"auto"``, ``"direct"`` or ``"fft"``, as for :func:`convolve`.

    Returns:
        The correlation (a Tracer when an argument is traced).

    Example:
        >>> import numpy as np, fad, fad.scipy.signal as fss
        >>> fss.correlate(np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0]), "valid")
        array([2., 3.])
        >>> fad.grad(lambda x: fss.correlate(x, np.array([0.0, 1.0]), "valid")[1])(np.ones(3))
        array([0., 0., 1.])
    """
    if not _traced(in1, in2):
        return _ss.correlate(in1, in2, mode, method)  # type: ignore[no-any-return]
    a, v = _check(in1, in2, mode, method, "correlate")
    if dtype(v).kind == "c":  # SciPy conjugates in2 (its definition: conj(in2) reversed)
        v = conjugate(v)
    return _convolve(a, v, mode, method, True, "correlate")
