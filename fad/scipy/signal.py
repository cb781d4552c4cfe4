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
not a full convolution). Every window is computed by SciPy itself, with the
``method`` the caller chose: ``"direct"`` sums products as SciPy does,
``"fft"`` uses FFTs, ``"auto"`` lets SciPy choose for each convolution (the
forward one and each rule's, by their sizes). The forward values are SciPy's
call on the caller's arrays, to the last bit. A rule's window first cuts both
operands down to the entries that reach it (a ``same`` window of an even or
longer ``in2`` reads only part of it), then is SciPy's mode where it is one,
otherwise a ``valid`` convolution of a zero-padded operand. The derivatives
are the same maths whichever method computes them; they differ in rounding
only, and the rounding of an FFT, which is relative to the largest entries
it transforms, never comes from entries the window does not read.

``correlate(in1, in2)`` is ``convolve(in1, reverse(conj(in2)))``, SciPy's
definition. The primitive never conjugates (its correlation flag reverses only):
it is bilinear over the complex numbers, so for complex operands its rules are
the real ones, which is JAX's convention (docs/complex.md): the JVP is the
convolution with a tangent, the VJP its plain transpose (a correlation without
conjugate). The conjugate of ``correlate`` is ``fad.numpy.conjugate`` applied to
``in2`` before the primitive, with its own rules.

Both functions also take autograd's extension of SciPy's convolution,
keyword-only ``axes`` and ``dot_axes`` (axes convolved in pairs, axes
contracted as by ``np.tensordot``, every other axis an outer product), made of
the same primitive and of shape operations: a contracted axis is the middle
value of a correlation along it, an outer axis a convolution with a size-1
axis of the other operand or a leading axis where the operands broadcast.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal, Optional

import numpy as np
import scipy.signal as _ss

from fad import _primitive
from fad._primitive import Kind, Primitive, defjvp, defvjp
from fad._tracer import Tracer
from fad.numpy._base import as_operand, getitem, reshape, transpose, unbroadcast
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


def _crop(
    n: tuple[int, ...], m: tuple[int, ...], start: tuple[int, ...], length: tuple[int, ...]
) -> Optional[tuple[list[slice], list[slice], tuple[int, ...]]]:
    """The entries of ``a`` (shape ``n``) and ``w`` (shape ``m``) that reach a
    window of ``conv(a, w)``, and the window's start in the convolution of
    those entries alone; None if none does.

    Along each axis y[k] = sum a[i] w[j] over i + j = k + start, so the window
    reads i in [start - (m - 1), start + length - 1] and j in
    [start - (n - 1), start + length - 1], within each array; every i of that
    range meets some j of the other (and the converse), so both are cut at once.
    """
    ia, iw, new_start = [], [], []
    for i, j, s, ln in zip(n, m, start, length):
        a0, a1 = max(s - (j - 1), 0), min(s + ln, i)
        w0, w1 = max(s - (i - 1), 0), min(s + ln, j)
        if a0 >= a1 or w0 >= w1:
            return None
        ia.append(slice(a0, a1))
        iw.append(slice(w0, w1))
        new_start.append(s - a0 - w0)
    return ia, iw, tuple(new_start)


def _window_unbatched(
    a: Any, v: Any, start: tuple[int, ...], length: tuple[int, ...], method: str, reverse: bool, mode: str
) -> Any:
    """The window of ``conv(a, v)`` (of ``conv(a, v reversed)`` if ``reverse``:
    SciPy's correlation of real arrays) of arrays of the same rank, by SciPy."""
    if not (mode and _window(a.shape, v.shape, mode, "convolve") == (start, length)):
        # Not the caller's own convolution (whose values are SciPy's call on the
        # whole operands): a rule's window. Only the entries a[i], w[j] with
        # i + j in [start, start + length) reach it; the others are cut off
        # first. Besides the work, this keeps the rounding of method="fft"
        # relative to the entries that count: an FFT spreads the rounding of
        # its largest entry over every output, so a window that reads only
        # small entries of an operand must not be computed with its large ones
        # (a kernel [1, 1e-200] of which the window needs only the second).
        crop = _crop(a.shape, v.shape, start, length)
        if crop is None:  # no entry reaches the window
            return np.zeros(length, np.result_type(a, v))
        ia, iw, start = crop
        if reverse:  # the entries of w = v reversed are those of v in reverse order
            iw = [slice(v.shape[ax] - s.stop, v.shape[ax] - s.start) for ax, s in enumerate(iw)]
        a, v, mode = a[tuple(ia)], v[tuple(iw)], ""
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


def _check_mode(mode: Any, method: Any, fn: str) -> None:
    if not isinstance(mode, str) or mode not in _MODES:
        hint = ""
        if not isinstance(mode, str):  # autograd's convolve(A, B, axes, dot_axes, mode), positionally
            hint = " (axes and dot_axes are keyword-only here: the third argument is SciPy's mode)"
        raise ValueError(f"fad.scipy.signal.{fn}: mode must be 'full', 'same' or 'valid', not {mode!r}{hint}")
    if not isinstance(method, str) or method not in _METHODS:
        raise ValueError(f"fad.scipy.signal.{fn}: method must be 'auto', 'direct' or 'fft', not {method!r}")


def _check(in1: Any, in2: Any, mode: str, method: str, fn: str) -> tuple[Any, Any]:
    _check_mode(mode, method, fn)
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


def convolve(
    in1: ArrayLike,
    in2: ArrayLike,
    mode: _Mode = "full",
    method: _Method = "auto",
    *,
    axes: Optional[_AxisPairs] = None,
    dot_axes: Optional[_AxisPairs] = None,
) -> Array:
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
        axes: (a fad extension, as autograd's; keyword only) a pair
            ``([axes of in1], [axes of in2])`` of the axes convolved with
            each other, in pairs. ``None``: every axis not in ``dot_axes``,
            in order (SciPy's convolution when ``dot_axes`` is empty).
        dot_axes: (a fad extension, as autograd's; keyword only) a pair
            ``([axes of in1], [axes of in2])`` contracted as by
            ``np.tensordot`` (summed over, sizes equal). Every other axis of
            ``in1`` and ``in2`` makes an outer product. The result's axes are
            ``in1``'s other axes, then ``in2``'s, then the convolved ones
            (``mode`` applies to those). With both left at their defaults
            the function is SciPy's.

    Returns:
        The convolution (a Tracer when an argument is traced).

    Example:
        >>> import numpy as np, fad, fad.scipy.signal as fss
        >>> fss.convolve(np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0, 0.5]))
        array([0. , 1. , 2.5, 4. , 1.5])
        >>> fad.grad(lambda k: fss.convolve(np.array([1.0, 2.0, 3.0]), k, "valid")[0])(np.ones(3))
        array([3., 2., 1.])

        A signal of three channels, filtered by a kernel per channel and
        summed over the channels (``dot_axes``), by two filters at once (an
        axis of ``in2`` alone):

        >>> x = np.ones((3, 5))                   # (channel, time)
        >>> k = np.ones((2, 3, 2))                # (filter, channel, tap)
        >>> fss.convolve(x, k, "valid", axes=([1], [2]), dot_axes=([0], [1]))
        array([[6., 6., 6., 6.],
               [6., 6., 6., 6.]])
    """
    _check_mode(mode, method, "convolve")
    if axes is not None or _given(dot_axes, "convolve"):
        return _generalized(in1, in2, mode, method, axes, dot_axes, False, "convolve")
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


def correlate(
    in1: ArrayLike,
    in2: ArrayLike,
    mode: _Mode = "full",
    method: _Method = "auto",
    *,
    axes: Optional[_AxisPairs] = None,
    dot_axes: Optional[_AxisPairs] = None,
) -> Array:
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
        axes: (a fad extension; keyword only) the axes correlated, in pairs,
            as for :func:`convolve`.
        dot_axes: (a fad extension; keyword only) the axes contracted, as for
            :func:`convolve`. The result is ``convolve`` of ``in1`` with
            ``in2`` conjugated and reversed along its ``axes``, so a complex
            ``in2`` is conjugated on its contracted axes too (as ``np.vdot``).

    Returns:
        The correlation (a Tracer when an argument is traced).

    Example:
        >>> import numpy as np, fad, fad.scipy.signal as fss
        >>> fss.correlate(np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0]), "valid")
        array([2., 3.])
        >>> fad.grad(lambda x: fss.correlate(x, np.array([0.0, 1.0]), "valid")[1])(np.ones(3))
        array([0., 0., 1.])
    """
    _check_mode(mode, method, "correlate")
    if axes is not None or _given(dot_axes, "correlate"):
        return _generalized(in1, in2, mode, method, axes, dot_axes, True, "correlate")
    if not _traced(in1, in2):
        return _ss.correlate(in1, in2, mode, method)  # type: ignore[no-any-return]
    a, v = _check(in1, in2, mode, method, "correlate")
    if dtype(v).kind == "c":  # SciPy conjugates in2 (its definition: conj(in2) reversed)
        v = conjugate(v)
    return _convolve(a, v, mode, method, True, "correlate")


# --- fad's extension (autograd's): axes convolved, axes contracted, the rest an outer product -


_AxisPairs = tuple[Sequence[int], Sequence[int]]


def _given(dot_axes: Optional[_AxisPairs], fn: str) -> bool:
    """Whether ``dot_axes`` names any axis (``None`` and ``([], [])`` do not)."""
    return dot_axes is not None and any(len(side) for side in _pair(dot_axes, "dot_axes", fn))


def _pair(given: Any, name: str, fn: str) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    try:
        first, second = given
        return tuple(first), tuple(second)
    except (TypeError, ValueError):
        raise ValueError(
            f"fad.scipy.signal.{fn}: {name} must be a pair ([axes of in1], [axes of in2]), not {given!r}"
        ) from None


def _axes_of(given: tuple[Any, ...], nd: int, arg: str, name: str, fn: str) -> tuple[int, ...]:
    out = []
    for ax in given:
        if isinstance(ax, bool) or not isinstance(ax, (int, np.integer)):
            raise TypeError(f"fad.scipy.signal.{fn}: {name} holds axis numbers (ints), not {ax!r}")
        if not -nd <= ax < nd:
            raise ValueError(f"fad.scipy.signal.{fn}: {name} names axis {ax}, out of range for {arg}'s {nd} axes")
        out.append(int(ax) % nd)
    return tuple(out)


def _parse_axes(
    sa: tuple[int, ...], sb: tuple[int, ...], axes: Any, dot_axes: Any, fn: str
) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """(convolved axes of in1, of in2, contracted axes of in1, of in2), checked."""
    na, nb = len(sa), len(sb)
    da, db = _pair(dot_axes, "dot_axes", fn) if dot_axes is not None else ((), ())
    da, db = _axes_of(da, na, "in1", "dot_axes", fn), _axes_of(db, nb, "in2", "dot_axes", fn)
    if len(da) != len(db):
        raise ValueError(
            f"fad.scipy.signal.{fn}: dot_axes pairs {len(da)} axes of in1 with {len(db)} of in2; "
            "give as many of each"
        )
    if axes is None:  # every axis that is not contracted, in order
        ca = tuple(i for i in range(na) if i not in da)
        cb = tuple(j for j in range(nb) if j not in db)
        if len(ca) != len(cb):
            raise ValueError(
                f"fad.scipy.signal.{fn}: with axes=None every axis not in dot_axes is convolved, and in1 "
                f"has {len(ca)} of them, in2 {len(cb)}; give axes=([...], [...]) explicitly"
            )
    else:
        ca, cb = _pair(axes, "axes", fn)
        ca, cb = _axes_of(ca, na, "in1", "axes", fn), _axes_of(cb, nb, "in2", "axes", fn)
        if len(ca) != len(cb):
            raise ValueError(
                f"fad.scipy.signal.{fn}: axes pairs {len(ca)} axes of in1 with {len(cb)} of in2; "
                "give as many of each"
            )
    for arg, conv, dot in (("in1", ca, da), ("in2", cb, db)):
        both = sorted(set(conv) & set(dot))
        if both:
            raise ValueError(
                f"fad.scipy.signal.{fn}: axis {both[0]} of {arg} is in both axes and dot_axes; "
                "an axis is either convolved or contracted"
            )
        for group, name in ((conv, "axes"), (dot, "dot_axes")):
            if len(set(group)) != len(group):
                ax = next(a for a in group if group.count(a) > 1)
                raise ValueError(f"fad.scipy.signal.{fn}: axis {ax} of {arg} is repeated in {name}")
    for i, j in zip(da, db):
        if sa[i] != sb[j]:
            raise ValueError(
                f"fad.scipy.signal.{fn}: dot_axes pairs axis {i} of in1 (size {sa[i]}) with axis {j} "
                f"of in2 (size {sb[j]}); contracted axes must have the same size"
            )
    return ca, cb, da, db


def _generalized(
    in1: ArrayLike, in2: ArrayLike, mode: str, method: str, axes: Any, dot_axes: Any, corr: bool, fn: str
) -> Array:
    """convolve (correlate if ``corr``) with autograd's ``axes`` and ``dot_axes``.

    Built from the windowed-convolution primitive and shape ops, whose rules
    give the derivatives: an axis that is contracted (a tensordot) is the middle
    value of a correlation along it (``in2`` reversed there, a window of length
    1 at ``size - 1``); an axis of one operand alone is an outer product, either
    a convolution with a size-1 axis of the other operand (a full window) or a
    leading axis of the primitive, where the operands broadcast. Which operand's
    outer axes lead is chosen so that SciPy's per-call kernel is the smaller
    operand on every axis of that call (no zero padding on an axis where the
    larger one has size 1).
    """
    _check_mode(mode, method, fn)
    a, v = as_operand(in1), as_operand(in2)
    if type(a) is not Tracer:
        a = np.asarray(a)
    if type(v) is not Tracer:
        v = np.asarray(v)
    sa, sb = tuple(shape(a)), tuple(shape(v))
    ca, cb, da, db = _parse_axes(sa, sb, axes, dot_axes, fn)
    ia = tuple(i for i in range(len(sa)) if i not in ca and i not in da)
    ib = tuple(j for j in range(len(sb)) if j not in cb and j not in db)
    n, m = tuple(sa[i] for i in ca), tuple(sb[j] for j in cb)
    start_c, len_c = _window(n, m, mode, fn)
    outer_a, outer_b, dots = tuple(sa[i] for i in ia), tuple(sb[j] for j in ib), tuple(sa[i] for i in da)
    out_shape = outer_a + outer_b + len_c
    if corr and dtype(v).kind == "c":  # SciPy's correlate conjugates in2
        v = conjugate(v)
    if 0 in sa or 0 in sb:  # nothing to sum: zeros
        return zeros(out_shape, np.result_type(dtype(a), dtype(v)))
    a1 = transpose(a, ia + da + ca)  # (outer of in1, contracted, convolved)
    v1 = transpose(v, ib + db + cb)  # (outer of in2, contracted, convolved)
    # in2 reversed on its contracted axes (and, for a correlation, its convolved ones)
    flip = range(len(ib), len(ib) + len(db) + (len(cb) if corr else 0))
    if any(shape(v1)[k] > 1 for k in flip):
        v1 = getitem(v1, tuple(slice(None, None, -1) if k in flip else slice(None) for k in range(ndim(v1))))
    dot_start, dot_len = tuple(k - 1 for k in dots), (1,) * len(dots)
    pa, pb = math.prod(outer_a), math.prod(outer_b)
    size_a, size_b = math.prod(sa), math.prod(sb)
    good_a, good_b = size_b >= size_a // pa, size_a >= size_b // pb  # (one of them holds)
    lead_a = good_a if good_a != good_b else pa <= pb  # in1's outer axes lead, or in2's
    if lead_a:
        a1 = reshape(a1, outer_a + (1,) * len(outer_b) + dots + n)
        start, length = (0,) * len(outer_b) + dot_start + start_c, outer_b + dot_len + len_c
    else:
        v1 = reshape(v1, outer_b + (1,) * len(outer_a) + dots + m)
        start, length = (0,) * len(outer_a) + dot_start + start_c, outer_a + dot_len + len_c
    y = _conv(a1, v1, start, length, method, False) if start else a1 * v1
    if lead_a:
        return reshape(y, out_shape)
    y = reshape(y, outer_b + outer_a + len_c)
    pa_n, pb_n = len(outer_a), len(outer_b)
    perm = tuple(range(pb_n, pb_n + pa_n)) + tuple(range(pb_n)) + tuple(range(pa_n + pb_n, ndim(y)))
    return transpose(y, perm)
