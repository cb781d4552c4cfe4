"""Polynomials, signals and interpolation: ``convolve``/``correlate``,
``polyval`` and the polynomial arithmetic, ``roots``/``poly``, ``polyfit``,
``vander``, ``interp`` and ``piecewise``.

One primitive per operation that composition would make slow or inexact:

- ``convolve``: a window (``start``, ``length``) of the full discrete
  convolution along the last axis (leading axes broadcast); the modes
  ``full``, ``same`` and ``valid`` are three windows. It is bilinear, and its
  transpose in either argument is a window of a correlation, that is of a
  convolution with the other argument reversed, so its rules are the same
  primitive again: no dense matrix, derivatives of every order, and each rule
  computes only the window it needs (the kernel's cotangent of a long signal
  costs ``len(kernel)`` dot products, not a full convolution of two long
  signals). One pair of signals is NumPy's own ``np.convolve`` (of the
  operands cropped or padded with zeros, for a window that is none of its
  modes); a batch of (co)tangents (``jacrev``, ``jacfwd``) sums shifted
  products when one operand is short and uses FFTs when both are long.
- ``roots``: the roots of a polynomial (real or complex), differentiated
  implicitly from ``p(r) = 0``: ``dr = -dp(r) / p'(r)`` at each simple root.

Everything else composes fad.numpy functions (Horner's rule, slices,
concatenations, ``solve``), so derivatives of every order come with them.
"""

from __future__ import annotations

import operator
import warnings
from typing import Any, Callable, Literal, Optional, Sequence, Union

import numpy as np

from fad._primitive import Kind, Primitive, defjvp, defvjp
from fad._tracer import Tracer, concrete
from fad.numpy._base import (
    as_operand, broadcast_to, concatenate, getitem, index_update, reshape, sum, unbroadcast, where,
)
from fad.numpy._creation import zeros_like
from fad.numpy._elementwise import conjugate, real, sqrt
from fad.numpy._linear_algebra import inv, solve
from fad.numpy._products import matmul
from fad.numpy._shape import astype, flip, stack
from fad.numpy._util import Array, ArrayLike, bind, dtype, has_tracer, nbatch, onp, shape

__all__ = [
    "convolve", "correlate", "polyval", "polyadd", "polysub", "polymul", "polyder", "polyint",
    "polydiv", "vander", "poly", "roots", "polyfit", "interp", "piecewise",
]

_np: Any = np
"""NumPy, untyped, for the fast paths of functions whose return types NumPy's stubs split by overloads."""

NOT_DIFFERENTIABLE: dict[str, str] = {}
"""The public names of this family that make constants (none: every function
here is differentiable in its array arguments)."""


def _traced(x: Any) -> bool:
    """Whether ``x`` is a Tracer or a list or tuple holding one."""
    return type(x) is Tracer or (type(x) in (list, tuple) and has_tracer(x))


def _last(x: Any, start: Optional[int], stop: Optional[int], step: Optional[int] = None) -> Array:
    """``x[..., start:stop:step]``."""
    return getitem(x, (Ellipsis, slice(start, stop, step)))


# --- convolution ------------------------------------------------------------------------

_DIRECT_MAX = 64
"""Up to this length of the shorter operand (or of the window), a convolution
sums shifted products (exact as NumPy's); beyond it, with both long, FFTs
(rounding of the order of the largest product)."""


def _window_1d(a: Any, v: Any, start: int, length: int) -> Any:
    """``conv(a, v)[start : start + length]`` of two 1-D arrays (zero outside
    the full convolution), at the cost of the window alone: NumPy's own
    ``np.convolve`` where the window is one of its modes; otherwise the longer
    operand, cropped or padded with zeros, convolved with the shorter in
    ``"valid"`` mode (``length * min(n, m)`` products: the kernel's cotangent
    of a long signal is ``m`` dot products, not a full convolution); FFTs
    where both that window and the shorter operand are long."""
    n, m = a.shape[-1], v.shape[-1]
    lo, hi = min(n, m), max(n, m)
    if start == 0 and length == n + m - 1:
        return np.convolve(a, v)
    if start == (lo - 1) // 2 and length == hi:
        return np.convolve(a, v, "same")
    if start == lo - 1 and length == hi - lo + 1:
        return np.convolve(a, v, "valid")
    x, k = (a, v) if n >= m else (v, a)
    if lo > _DIRECT_MAX and length > _DIRECT_MAX:  # both long: FFTs of the full convolution
        full = _conv_impl(a, v, start=0, length=n + m - 1, fft=True)
        return _crop_or_pad(full, start, length)
    # y[start + t] = sum_i k[i] x[start + t - i] = valid(xp, k)[t], xp[u] = x[u + start - (lo - 1)]
    xp = _crop_or_pad(x, start - (lo - 1), length + lo - 1)
    if np.iscomplexobj(k):  # (np.correlate would conjugate k)
        return np.convolve(xp, k, "valid")
    # (np.convolve would correlate with a reversed view of k: a strided dot
    # product, several times slower than on a contiguous copy when k is long)
    return np.correlate(xp, np.ascontiguousarray(k[::-1]), "valid")


def _crop_or_pad(x: Any, start: int, length: int) -> Any:
    """``x[..., start : start + length]`` along the last axis, with zeros where
    that range leaves ``x``."""
    n = x.shape[-1]
    if start >= 0 and start + length <= n:
        return x[..., start : start + length]
    out = np.zeros(x.shape[:-1] + (length,), x.dtype)
    lo, hi = max(start, 0), min(start + length, n)
    if lo < hi:
        out[..., lo - start : hi - start] = x[..., lo:hi]
    return out


def _conv_impl(a: Any, v: Any, *, start: int = 0, length: Optional[int] = None, fft: bool = False) -> Any:
    """A window of the full convolution of ``a (..., n)`` and ``v (..., m)``
    along the last axis, the leading axes broadcast: ``y[..., t] = sum_i
    a[..., i] v[..., start + t - i]`` for ``t < length`` (zero outside both)."""
    a, v = np.asarray(a), np.asarray(v)
    n, m = a.shape[-1], v.shape[-1]
    if length is None:
        length = n + m - 1
    if a.ndim == 1 and v.ndim == 1 and not fft:
        return _window_1d(a, v, start, length)
    if n < m:
        a, v, n, m = v, a, m, n
    lead = np.broadcast_shapes(a.shape[:-1], v.shape[:-1])
    dt = np.result_type(a, v)
    if m <= _DIRECT_MAX and not fft:
        out = np.zeros(lead + (n + m - 1,), dt)
        for k in range(m):
            out[..., k : k + n] += a * v[..., k : k + 1]
    else:
        size = n + m - 1
        y: np.ndarray[Any, Any]
        if np.iscomplexobj(a) or np.iscomplexobj(v):
            y = np.fft.ifft(np.fft.fft(a, size) * np.fft.fft(v, size), size)
        else:
            y = np.fft.irfft(np.fft.rfft(a, size) * np.fft.rfft(v, size), size)
        out = np.ascontiguousarray(np.broadcast_to(y, lead + (size,)), dtype=dt)
    return out if (start, length) == (0, n + m - 1) else np.ascontiguousarray(_crop_or_pad(out, start, length))


convolve_p = Primitive("convolve", _conv_impl, kind=Kind.STRUCTURAL, saves=(0, 1))


def _conv_window(a: Any, v: Any, start: int, length: int) -> Array:
    """The primitive on operands given the same rank (leading length-1 axes),
    so that broadcasting lines their leading axes up from the right."""
    ra, rv = len(shape(a)), len(shape(v))
    if ra < rv:
        a = reshape(a, (1,) * (rv - ra) + shape(a))
    elif rv < ra:
        v = reshape(v, (1,) * (ra - rv) + shape(v))
    return bind(convolve_p, a, v, start=start, length=length)


def _conv_full(a: Any, v: Any) -> Array:
    """The full convolution (the primitive's widest window)."""
    return _conv_window(a, v, 0, shape(a)[-1] + shape(v)[-1] - 1)


# The transpose of a window of y = conv(a, v) in either argument is a window of a
# correlation with the other, i.e. of a convolution with it reversed:
#   abar[i] = sum_t ybar[t] v[start + t - i] = conv(ybar, reverse(v))[m - 1 - start + i]
#   vbar[j] = sum_t ybar[t] a[start + t - j] = conv(ybar, reverse(a))[n - 1 - start + j]
# so each rule asks for the window it needs (n or m values), never the full product.
def _conv_vjp_a(y: Any, ybar: Any, a: Any, v: Any, *, start: int, length: int) -> Any:
    n, m = shape(a)[-1], shape(v)[-1]
    t = _conv_window(ybar, _last(v, None, None, -1), m - 1 - start, n)
    return unbroadcast(t, shape(a), nbatch(ybar, y))


def _conv_vjp_v(y: Any, ybar: Any, a: Any, v: Any, *, start: int, length: int) -> Any:
    n, m = shape(a)[-1], shape(v)[-1]
    t = _conv_window(ybar, _last(a, None, None, -1), n - 1 - start, m)
    return unbroadcast(t, shape(v), nbatch(ybar, y))


defvjp(convolve_p, _conv_vjp_a, _conv_vjp_v)
defjvp(
    convolve_p,
    lambda adot, y, a, v, *, start, length: _conv_window(adot, v, start, length),
    lambda vdot, y, a, v, *, start, length: _conv_window(a, vdot, start, length),
)

_Mode = Literal["full", "same", "valid"]


def _signal_operands(a: Any, v: Any, fn: str) -> tuple[Any, Any]:
    a, v = as_operand(a), as_operand(v)
    if type(a) is not Tracer:
        a = np.asarray(a)
    if type(v) is not Tracer:
        v = np.asarray(v)
    for name, x in (("a", a), ("v", v)):
        if len(shape(x)) != 1:
            raise ValueError(f"np.{fn}: {name} must be one-dimensional, not of shape {shape(x)}")
        if shape(x)[0] == 0:
            raise ValueError(f"np.{fn}: {name} cannot be empty")
    return a, v


def _mode_window(n: int, m: int, mode: str, fn: str, same_start: int) -> tuple[int, int]:
    """(start, length) of a mode's window of the full convolution."""
    if mode == "full":
        return 0, n + m - 1
    if mode == "same":
        return same_start, max(n, m)
    if mode == "valid":
        return min(n, m) - 1, abs(n - m) + 1
    raise ValueError(f"np.{fn}: mode must be 'full', 'same' or 'valid', not {mode!r}")


def convolve(a: ArrayLike, v: ArrayLike, mode: _Mode = "full") -> Array:
    """The discrete linear convolution of two 1-D sequences, differentiable in both.

    ``full[k] = sum_i a[i] v[k - i]``; ``"same"`` keeps the centre
    ``max(len(a), len(v))`` values and ``"valid"`` those where the sequences
    overlap completely, as ``np.convolve``. Its derivative in either argument
    is a correlation with the other, computed as a convolution at the cost of
    the forward one (never a dense matrix).

    Args:
        a, v: 1-D array-likes (maybe traced), not empty.
        mode: ``"full"``, ``"same"`` or ``"valid"``.

    Returns:
        The convolution (a Tracer when an argument is traced).

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> fnp.convolve(np.array([1.0, 2.0]), np.array([1.0, 1.0, 1.0]))
        array([1., 3., 3., 2.])
        >>> fad.grad(lambda a: fnp.sum(fnp.convolve(a, np.array([1.0, 2.0]))))(np.ones(2))
        array([3., 3.])
    """
    if not (_traced(a) or _traced(v)):
        return onp.convolve(a, v, mode)
    a, v = _signal_operands(a, v, "convolve")
    n, m = shape(a)[0], shape(v)[0]
    return _conv_window(a, v, *_mode_window(n, m, mode, "convolve", (min(n, m) - 1) // 2))


def correlate(a: ArrayLike, v: ArrayLike, mode: _Mode = "valid") -> Array:
    """The cross-correlation of two real 1-D sequences, differentiable in both.

    ``c[k] = sum_n a[n + k] conj(v[n])`` (``mode="full"`` over every overlap), as
    ``np.correlate``: a convolution of ``a`` with ``v`` reversed (and conjugated,
    for complex ``v``).

    Args:
        a, v: 1-D array-likes (maybe traced), not empty.
        mode: ``"valid"`` (the default), ``"same"`` or ``"full"``.

    Returns:
        The correlation (a Tracer when an argument is traced).

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.correlate(np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0]))
        array([2., 3.])
    """
    if not (_traced(a) or _traced(v)):
        return onp.correlate(a, v, mode)
    a, v = _signal_operands(a, v, "correlate")
    if dtype(v).kind == "c":
        v = conjugate(v)
    n, m = shape(a)[0], shape(v)[0]
    # NumPy centres "same" on the longer sequence's window of the full correlation
    start = (m - 1) // 2 if n >= m else n - 1 - (n - 1) // 2
    return _conv_window(a, _last(v, None, None, -1), *_mode_window(n, m, mode, "correlate", start))


# --- polynomials -------------------------------------------------------------------------


def _atleast_1d(x: Any) -> Any:
    x = as_operand(x)
    if type(x) is not Tracer:
        return np.atleast_1d(np.asarray(x))
    return reshape(x, (1,)) if shape(x) == () else x


def polyval(p: ArrayLike, x: ArrayLike) -> Array:
    """The polynomial with coefficients ``p`` (highest power first) at ``x``.

    Horner's rule, as ``np.polyval``: differentiable in the coefficients and
    in ``x``. A 2-D ``p`` holds one polynomial per column.

    Args:
        p: the coefficients, ``(deg + 1,)`` or ``(deg + 1, K)``.
        x: where to evaluate.

    Returns:
        ``p[0] * x**deg + ... + p[deg]``.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> float(fnp.polyval([1.0, 0.0, -1.0], 3.0))
        8.0
        >>> float(fad.grad(lambda x: fnp.polyval([1.0, 0.0, -1.0], x))(3.0))
        6.0
    """
    if not (_traced(p) or _traced(x)):
        return onp.polyval(p, x)
    p, x = as_operand(p), as_operand(x)
    if type(p) is not Tracer:
        p = np.asarray(p)
    y: Array = zeros_like(x)
    for i in range(shape(p)[0] if shape(p) else 0):
        y = y * x + getitem(p, i)
    return y


def _pad_front(a: Any, k: int) -> Any:
    if k <= 0:
        return a
    return concatenate([np.zeros((k,), dtype(a)), a])


def polyadd(a1: ArrayLike, a2: ArrayLike) -> Array:
    """The sum of two polynomials (highest power first), as ``np.polyadd``.

    Args:
        a1, a2: coefficient sequences (maybe traced).

    Returns:
        The coefficients of the sum.

    Example:
        >>> import fad.numpy as fnp
        >>> fnp.polyadd([1.0, 2.0], [1.0, 0.0, 0.0])
        array([1., 1., 2.])
    """
    if not (_traced(a1) or _traced(a2)):
        return onp.polyadd(a1, a2)
    a1, a2 = _atleast_1d(a1), _atleast_1d(a2)
    n1, n2 = shape(a1)[0], shape(a2)[0]
    out: Array = _pad_front(a1, n2 - n1) + _pad_front(a2, n1 - n2)
    return out


def polysub(a1: ArrayLike, a2: ArrayLike) -> Array:
    """The difference of two polynomials (highest power first), as ``np.polysub``.

    Args:
        a1, a2: coefficient sequences (maybe traced).

    Returns:
        The coefficients of ``a1 - a2``.

    Example:
        >>> import fad.numpy as fnp
        >>> fnp.polysub([2.0, 10.0, -2.0], [3.0, 10.0, -4.0])
        array([-1.,  0.,  2.])
    """
    if not (_traced(a1) or _traced(a2)):
        return onp.polysub(a1, a2)
    a1, a2 = _atleast_1d(a1), _atleast_1d(a2)
    n1, n2 = shape(a1)[0], shape(a2)[0]
    out: Array = _pad_front(a1, n2 - n1) - _pad_front(a2, n1 - n2)
    return out


def polymul(a1: ArrayLike, a2: ArrayLike) -> Array:
    """The product of two polynomials (highest power first), as ``np.polymul``.

    Args:
        a1, a2: coefficient sequences (maybe traced).

    Returns:
        The coefficients of the product (their convolution), after dropping
        the factors' leading zeros as NumPy does.

    Example:
        >>> import fad.numpy as fnp
        >>> fnp.polymul([1.0, 1.0], [1.0, -1.0])
        array([ 1.,  0., -1.])
    """
    if not (_traced(a1) or _traced(a2)):
        return onp.polymul(a1, a2)
    return convolve(_trim_leading_zeros(_atleast_1d(a1)), _trim_leading_zeros(_atleast_1d(a2)))


def _trim_leading_zeros(a: Any) -> Any:
    """As NumPy's ``poly1d``: without its leading zero coefficients (one zero if all are)."""
    nonzero = np.flatnonzero(np.asarray(concrete(a)) != 0)
    first = int(nonzero[0]) if nonzero.size else shape(a)[0] - 1
    return getitem(a, slice(first, None)) if first else a


def polyder(p: ArrayLike, m: int = 1) -> Array:
    """The ``m``-th derivative of a polynomial (highest power first), as ``np.polyder``.

    Args:
        p: the coefficients (maybe traced).
        m: the order of the derivative (>= 0).

    Returns:
        The derivative's coefficients.

    Example:
        >>> import fad.numpy as fnp
        >>> fnp.polyder([1.0, 1.0, 1.0, 1.0])
        array([3., 2., 1.])
    """
    if not _traced(p):
        return onp.polyder(p, m)
    m = operator.index(m)
    if m < 0:
        raise ValueError("Order of derivative must be positive (see polyint)")
    out: Array = as_operand(p)
    for _ in range(m):
        n = shape(out)[0] - 1
        out = getitem(out, slice(None, -1)) * np.arange(n, 0, -1)
    return out


def polyint(p: ArrayLike, m: int = 1, k: Optional[ArrayLike] = None) -> Array:
    """The ``m``-th antiderivative of a polynomial, as ``np.polyint``.

    Differentiable in the coefficients and in the integration constants ``k``.

    Args:
        p: the coefficients (highest power first, maybe traced).
        m: the order of the antiderivative (>= 0).
        k: the integration constants, highest order first (a scalar or ``m`` values; zeros if None).

    Returns:
        The antiderivative's coefficients.

    Example:
        >>> import fad.numpy as fnp
        >>> fnp.polyint([3.0, 2.0, 1.0], k=5.0)
        array([1., 1., 1., 5.])
    """
    if not (_traced(p) or _traced(k)):
        return onp.polyint(p, m, k)
    m = operator.index(m)
    if m < 0:
        raise ValueError("Order of integral must be positive (see polyder)")
    ks: Any = np.zeros(m, float) if k is None else _atleast_1d(k)
    if shape(ks)[0] == 1 and m > 1:
        ks = getitem(ks, 0) * np.ones(m, float)
    if shape(ks)[0] < m:
        raise ValueError("k must be a scalar or a rank-1 array of length 1 or >m.")
    out: Array = as_operand(p)
    if type(out) is not Tracer:
        out = np.asarray(out)
    for i in range(m):
        scaled = out / np.arange(shape(out)[0], 0, -1)
        out = concatenate([scaled, reshape(astype(getitem(ks, i), np.result_type(dtype(scaled), float)), (1,))])
    return out


def polydiv(u: ArrayLike, v: ArrayLike) -> tuple[Array, Array]:
    """The quotient and remainder of polynomial division, as ``np.polydiv``.

    Long division, differentiable in both polynomials. As NumPy, leading
    entries of the remainder that are zero to rounding are dropped. Unlike
    NumPy, the remainder never has more than ``max(len(v) - 1, 1)`` entries:
    NumPy keeps a leading entry that the division cancels when its rounding
    error exceeds ``1e-8`` (in float32, or for large coefficients), which
    makes the remainder's shape depend on rounding; fad drops it, traced or not.

    Args:
        u: the dividend's coefficients (highest power first, maybe traced).
        v: the divisor's coefficients (its leading one nonzero).

    Returns:
        ``(q, r)`` with ``u = q * v + r``.

    Example:
        >>> import fad.numpy as fnp
        >>> q, r = fnp.polydiv([3.0, 5.0, 2.0], [2.0, 1.0])
        >>> q, r
        (array([1.5 , 1.75]), array([0.25]))
    """
    if not (_traced(u) or _traced(v)):
        q0, r0 = _np.polydiv(u, v)
        keep = max(_np.shape(_np.atleast_1d(v))[0] - 1, 1)
        return q0, (r0[-keep:] if r0.shape[0] > keep else r0)
    u, v = _atleast_1d(u) + 0.0, _atleast_1d(v) + 0.0
    m, n = shape(u)[0] - 1, shape(v)[0] - 1
    scale = 1.0 / getitem(v, 0)
    vs = [getitem(v, j) for j in range(n + 1)]
    r = [getitem(u, j) for j in range(m + 1)]
    q = []
    for k in range(m - n + 1):
        d = scale * r[k]
        q.append(d)
        for j in range(n + 1):
            r[k + j] = r[k + j] - d * vs[j]
    dt = np.result_type(dtype(u), dtype(v))
    quotient = astype(stack(q), dt) if q else np.zeros((1,), dt)
    while len(r) > 1 and np.allclose(concrete(r[0]), 0, rtol=1e-14):
        r = r[1:]
    r = r[-max(n, 1) :]  # the entries the division cancels, even where rounding leaves a residue
    return quotient, astype(stack(r), dt)


def vander(x: ArrayLike, N: Optional[int] = None, increasing: bool = False) -> Array:
    """The Vandermonde matrix of ``x``: columns ``x**(N-1), ..., x, 1`` (reversed if ``increasing``).

    Built by repeated multiplication as NumPy does (no ``x**0`` whose derivative
    would divide by zero), differentiable in ``x``.

    Args:
        x: a 1-D array-like (maybe traced).
        N: the number of columns (``len(x)`` when None).
        increasing: whether the powers increase from left to right.

    Returns:
        A ``(len(x), N)`` array.

    Example:
        >>> import fad.numpy as fnp
        >>> fnp.vander([2.0, 3.0], 3)
        array([[4., 2., 1.],
               [9., 3., 1.]])
    """
    if not _traced(x):
        return onp.vander(x, N, increasing)
    x = as_operand(x)
    if len(shape(x)) != 1:
        raise ValueError("x must be a one-dimensional array or sequence.")
    n = shape(x)[0] if N is None else operator.index(N)
    dt = np.promote_types(dtype(x), int)
    x = astype(x, dt)
    cols: list[Any] = []
    if n > 0:
        cols.append(np.ones(shape(x), dt))
    power = x
    for _ in range(1, n):
        cols.append(power)
        power = power * x
    if not cols:
        return np.zeros(shape(x) + (0,), dt)
    out = stack(cols, axis=1)
    return out if increasing else flip(out, axis=1)


def poly(seq_of_zeros: ArrayLike) -> Array:
    """The coefficients of the monic polynomial with the given roots, as ``np.poly``.

    Differentiable in the roots. Complex roots give complex coefficients, real
    ones (their real part, as NumPy's) where the roots come in conjugate pairs:
    the derivative is then the real part's. (NumPy also takes a square matrix, whose
    eigenvalues it uses: that is not differentiable here; pass the roots.)

    Args:
        seq_of_zeros: a 1-D array-like of roots (maybe traced).

    Returns:
        The coefficients, highest power first, leading 1.

    Example:
        >>> import fad.numpy as fnp
        >>> fnp.poly([1.0, 2.0])
        array([ 1., -3.,  2.])
    """
    if not _traced(seq_of_zeros):
        return onp.poly(seq_of_zeros)
    z = _atleast_1d(seq_of_zeros)
    if len(shape(z)) != 1:
        raise ValueError(
            "np.poly: fad differentiates poly in a 1-D sequence of roots only; for a square "
            "matrix, pass its eigenvalues"
        )
    dt = dtype(z) if np.issubdtype(dtype(z), np.inexact) else np.dtype(float)
    z = astype(z, dt)
    a: Any = np.ones((1,), dt)
    for i in range(shape(z)[0]):
        # a * (x - z_i): shift a up a power and subtract z_i times a
        a = concatenate([a, np.zeros((1,), dt)]) - getitem(z, i) * concatenate([np.zeros((1,), dt), a])
    out: Array = a
    if dt.kind == "c" and _conjugate_pairs(concrete(z)):
        out = real(a)  # NumPy's: the imaginary parts are 0 up to rounding
    return out


def _conjugate_pairs(r: Any) -> bool:
    """Whether the roots ``r`` come in conjugate pairs (``np.poly`` returns real coefficients then)."""
    up = onp.sort_complex(r[r.imag > 0])
    down = np.conj(onp.sort_complex(r[r.imag < 0]))
    return bool(up.shape == down.shape and np.all(up == down))


# --- roots ------------------------------------------------------------------------------


def _roots_impl(p: Any) -> Any:
    return np.roots(p)


roots_p = Primitive("roots", _roots_impl, kind=Kind.STRUCTURAL, saves=(0, "y"))


def _polyval_last(c: Any, x: Any) -> Any:
    """Polynomials with coefficients along ``c``'s last axis (leading batch axes)
    at the points ``x`` (1-D): shape ``c.shape[:-1] + x.shape``."""
    y = _last(c, 0, 1)
    for j in range(1, shape(c)[-1]):
        y = y * x + _last(c, j, j + 1)
    return broadcast_to(y, shape(y)[:-1] + shape(x)) if shape(y)[-1:] != shape(x) else y


def _slope_at_roots(y: Any, p: Any) -> Any:
    return _polyval_last(polyder(p), y)


# p(r) = 0 for every root r, so dp(r) + p'(r) dr = 0: dr = -dp(r) / p'(r) (simple roots)
defjvp(roots_p, lambda pdot, y, p: astype(-_polyval_last(pdot, y) / _slope_at_roots(y, p), dtype(y)))
defvjp(
    roots_p,
    lambda y, ybar, p: astype(
        -matmul(ybar / _slope_at_roots(y, p), vander(y, shape(p)[0])), dtype(p)
    ),
)


def roots(p: ArrayLike) -> Array:
    """The roots of a polynomial (highest power first), as ``np.roots``.

    Differentiable where every root is simple, by implicit differentiation of
    ``p(r) = 0``: ``dr = -dp(r) / p'(r)`` (holomorphic in the coefficients, so
    complex roots follow docs/complex.md; a real polynomial with complex roots
    is differentiated as a complex one whose coefficients are real). At a
    repeated root ``p'(r) = 0`` and the derivative is infinite (NaN or inf).
    The roots come in NumPy's order (the companion matrix's eigenvalues'): use
    them through a function that does not depend on it, or sort real roots.

    Args:
        p: the coefficients, 1-D (maybe traced).

    Returns:
        The roots.

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> np.sort(fnp.roots([1.0, -3.0, 2.0]))
        array([1., 2.])
        >>> fad.jacobian(lambda c: fnp.sort(fnp.roots(fnp.array([1.0, -3.0, c]))))(2.0)
        array([ 1., -1.])
    """
    if not _traced(p):
        return onp.roots(p)
    p = as_operand(p)
    if len(shape(p)) != 1:
        raise ValueError("Input must be a rank-1 array.")
    return bind(roots_p, p)


# --- least squares ----------------------------------------------------------------------


def polyfit(
    x: ArrayLike,
    y: ArrayLike,
    deg: int,
    rcond: Optional[float] = None,
    full: bool = False,
    w: Optional[ArrayLike] = None,
    cov: Union[bool, Literal["unscaled"]] = False,
) -> Any:
    """The least-squares polynomial fit of degree ``deg``, as ``np.polyfit``.

    With ``x`` and ``w`` concrete (the usual case) the fit is linear in ``y``:
    ``c = M @ y`` with ``M`` NumPy's own scaled least-squares solution (by
    SVD, as NumPy), so it is exact at every order and as well conditioned as
    NumPy's fit. With a traced ``x`` or ``w`` it solves the normal equations
    ``(A^T A) c = A^T y`` of the column-scaled Vandermonde matrix ``A`` with
    ``solve``: their condition number is the square of ``A``'s, so keep the
    degree small and ``x`` well spread (centred and scaled). ``full`` returns
    the residuals (differentiable), and the rank, singular values and
    ``rcond`` (constants); ``cov`` the (differentiable) covariance.

    Args:
        x: the sample points, 1-D.
        y: the values, ``(n,)`` or ``(n, K)`` (maybe traced).
        deg: the degree.
        rcond, full, w, cov: as for ``np.polyfit``.

    Returns:
        The coefficients, highest power first (and what ``full``/``cov`` add).

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> x = np.array([0.0, 1.0, 2.0])
        >>> np.round(fnp.polyfit(x, 2.0 * x + 1.0, 1), 12)
        array([2., 1.])
        >>> np.round(fad.jacobian(lambda y: fnp.polyfit(x, y, 1))(np.zeros(3)), 12)
        array([[-0.5       ,  0.        ,  0.5       ],
               [ 0.83333333,  0.33333333, -0.16666667]])
    """
    if not (_traced(x) or _traced(y) or _traced(w)):
        return _np.polyfit(x, y, deg, rcond, full, w, cov)
    order = operator.index(deg) + 1
    x, y = as_operand(x) + 0.0, as_operand(y) + 0.0
    if deg < 0:
        raise ValueError("expected deg >= 0")
    if len(shape(x)) != 1:
        raise TypeError("expected 1D vector for x")
    if shape(x)[0] == 0:
        raise TypeError("expected non-empty vector for x")
    if not 1 <= len(shape(y)) <= 2:
        raise TypeError("expected 1D or 2D array for y")
    if shape(x)[0] != shape(y)[0]:
        raise TypeError("expected x and y to have same length")
    n = shape(x)[0]
    if rcond is None:
        rcond = n * float(np.finfo(dtype(x)).eps)
    lhs: Any = vander(x, order)
    rhs: Any = y
    if w is not None:
        w = as_operand(w) + 0.0
        if len(shape(w)) != 1:
            raise TypeError("expected a 1-d array for weights")
        if shape(w)[0] != shape(y)[0]:
            raise TypeError("expected w and y to have the same length")
        lhs = lhs * reshape(w, (n, 1))
        rhs = rhs * (reshape(w, (n, 1)) if len(shape(rhs)) == 2 else w)
    scale = sqrt(sum(lhs * lhs, axis=0))
    lhs = lhs / scale
    lc = concrete(lhs)
    _, _, rank, sv = np.linalg.lstsq(lc, np.zeros(n), rcond)
    if type(lhs) is Tracer:
        gram = matmul(lhs.T, lhs)
        c = solve(gram, matmul(lhs.T, rhs))
    else:  # a constant least-squares map, NumPy's own: c = pinv(lhs) @ rhs
        c = matmul(np.linalg.lstsq(lc, np.eye(n), rcond)[0], rhs)
    c = c / (scale if len(shape(c)) == 1 else reshape(scale, (order, 1)))
    if rank != order and not full:
        warnings.warn("Polyfit may be poorly conditioned", np.exceptions.RankWarning, stacklevel=2)
    if not (full or cov):
        return c
    resid = rhs - matmul(lhs, c * (scale if len(shape(c)) == 1 else reshape(scale, (order, 1))))
    # NumPy's lstsq gives the residuals only for full rank and more points than unknowns
    resids: Any = sum(resid * resid, axis=0) if rank == order and n > order else np.zeros((0,))
    if len(shape(resids)) == 0:
        resids = reshape(resids, (1,))
    if full:
        return c, resids, rank, sv, rcond
    vbase: Any = matmul(concrete(lhs).T if type(lhs) is not Tracer else lhs.T, lhs)
    vbase = inv(vbase) / (reshape(scale, (order, 1)) * reshape(scale, (1, order)))
    if cov == "unscaled":
        fac: Any = 1.0
    else:
        if n <= order:
            raise ValueError("the number of data points must exceed order to scale the covariance matrix")
        fac = resids / (n - order)
    if len(shape(y)) == 1:
        return c, vbase * fac
    return c, reshape(vbase, (order, order, 1)) * fac


# --- interpolation and piecewise functions ----------------------------------------------


def interp(
    x: ArrayLike,
    xp: ArrayLike,
    fp: ArrayLike,
    left: Optional[ArrayLike] = None,
    right: Optional[ArrayLike] = None,
    period: Optional[float] = None,
) -> Array:
    """Piecewise-linear interpolation of the points ``(xp, fp)`` at ``x``, as ``np.interp``.

    Differentiable in ``x``, ``fp``, ``left`` and ``right``; ``xp`` must be
    concrete (and increasing, as NumPy requires). At a knot ``x == xp[j]`` the
    derivative in ``x`` is the slope of the segment to its right (of the last
    segment at ``xp[-1]``); outside ``[xp[0], xp[-1]]`` it is zero. As NumPy,
    the result is float64.

    Args:
        x: where to interpolate (maybe traced).
        xp: the knots, 1-D increasing (concrete).
        fp: the values at the knots (maybe traced).
        left, right: the values below ``xp[0]`` and above ``xp[-1]`` (``fp[0]``, ``fp[-1]`` if None).
        period: for periodic data: ``left``/``right`` are then ignored.

    Returns:
        The interpolated values, shaped like ``x``.

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> float(fnp.interp(2.5, [1.0, 2.0, 3.0], [3.0, 2.0, 0.0]))
        1.0
        >>> float(fad.grad(lambda x: fnp.interp(x, [1.0, 2.0, 3.0], [3.0, 2.0, 0.0]))(2.5))
        -2.0
    """
    if not (_traced(x) or _traced(xp) or _traced(fp) or _traced(left) or _traced(right)):
        return onp.interp(x, xp, fp, left, right, period)
    if _traced(xp):
        raise TypeError(
            "np.interp: xp is traced, but fad differentiates interp in x, fp, left and right "
            "only; pass concrete knots xp."
        )
    x, fp = as_operand(x), as_operand(fp)
    xpc = np.asarray(xp, dtype=np.float64)
    if len(shape(fp)) != 1 or xpc.ndim != 1:
        raise ValueError("np.interp: xp and fp must be one-dimensional")
    if xpc.shape[0] != shape(fp)[0]:
        raise ValueError("fp and xp are not of the same length.")
    if xpc.shape[0] == 0:
        raise ValueError("array of sample points is empty")
    to = np.complex128 if np.iscomplexobj(concrete(fp)) else np.float64  # NumPy's: complex fp, complex values
    if type(fp) is not Tracer:
        fp = np.asarray(fp, dtype=to)
    fp = astype(fp, to)
    x = astype(x, np.float64) if type(x) is Tracer else np.asarray(x, dtype=np.float64)
    xc = np.asarray(concrete(x))
    if period is not None:
        if period == 0:
            raise ValueError("period must be a non-zero value")
        period = abs(period)
        left = right = None
        x = x - period * np.floor(xc / period)  # x mod period, with derivative 1
        xc = np.asarray(concrete(x))
        xpm = xpc % period
        order = np.argsort(xpm, kind="stable")
        xpm = xpm[order]
        fp = getitem(fp, order)
        xpc = np.concatenate([xpm[-1:] - period, xpm, xpm[:1] + period])
        fp = concatenate([getitem(fp, slice(-1, None)), fp, getitem(fp, slice(None, 1))])
    n = xpc.shape[0]
    first, last = getitem(fp, 0), getitem(fp, -1)
    lo: Any = first if left is None else astype(as_operand(left), to)
    hi: Any = last if right is None else astype(as_operand(right), to)
    if n == 1:
        inside: Any = zeros_like(xc) + first
    else:
        j = np.clip(np.searchsorted(xpc, xc, side="right") - 1, 0, n - 2)
        x0 = xpc[j]
        f0, f1 = getitem(fp, j), getitem(fp, j + 1)
        slope = (f1 - f0) / (xpc[j + 1] - x0)
        inside = (x - x0) * slope + f0
        # exactly fp[-1] at the last knot, with the last segment's slope
        inside = where(xc == xpc[-1], (x - xpc[-1]) * slope + last, inside)
    out: Array = where(xc < xpc[0], lo, where(xc > xpc[-1], hi, inside))
    return out


def piecewise(x: ArrayLike, condlist: Any, funclist: Sequence[Any], *args: Any, **kw: Any) -> Array:
    """A function defined piece by piece, as ``np.piecewise``: differentiable in ``x``.

    Where ``condlist[i]`` holds, the result is ``funclist[i](x[condlist[i]])``
    (or the scalar ``funclist[i]``); with one more function than conditions,
    the last applies where none holds; elsewhere the result is 0. The
    conditions are read as constants. The pieces may also use traced values of
    their own (closed over, or a traced scalar piece), even when ``x`` is a
    plain array: NumPy's ``piecewise`` would try to store them in an array.

    Args:
        x: the input (maybe traced).
        condlist: boolean arrays (or one) of ``x``'s shape.
        funclist: functions (called with the selected values, ``*args`` and ``**kw``) or scalars.
        *args, **kw: passed on to the functions.

    Returns:
        An array of ``x``'s shape and dtype.

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> f = lambda x: fnp.sum(fnp.piecewise(x, [x < 0, x >= 0], [lambda t: -t, lambda t: t * t]))
        >>> fad.grad(f)(np.array([-1.0, 2.0]))
        array([-1.,  4.])
    """
    x = as_operand(x)
    if type(x) is not Tracer:
        x = np.asanyarray(x)
    xc = np.asarray(concrete(x))
    if type(condlist) in (list, tuple):
        condlist = [np.asarray(concrete(c)) for c in condlist]
    else:
        condlist = np.asarray(concrete(condlist))
    n2 = len(funclist)
    if np.isscalar(condlist) or np.ndim(condlist) == 0 or (
        not isinstance(condlist[0], (list, np.ndarray)) and xc.ndim != 0
    ):
        condlist = [condlist]
    conds = np.asarray(condlist, dtype=bool)
    n = len(conds)
    if n == n2 - 1:
        conds = np.concatenate([conds, ~np.any(conds, axis=0, keepdims=True)], axis=0)
        n += 1
    elif n != n2:
        raise ValueError(f"with {n} condition(s), either {n} or {n + 1} functions are expected")
    scalar = xc.ndim == 0
    if scalar:  # work on one element, as x[cond] does for a 0-d x
        x = reshape(x, (1,))
        conds = conds.reshape(n, 1)
    pieces = []
    for cond, func in zip(conds, funclist):
        if not callable(func):
            pieces.append((cond, as_operand(func)))
        elif cond.any():
            pieces.append((cond, func(getitem(x, cond), *args, **kw)))
    y: Any = np.zeros(shape(x), xc.dtype)
    if not any(type(v) is Tracer for _, v in pieces):  # untraced: NumPy's own assignments
        for cond, v in pieces:
            y[cond] = v
    else:
        for cond, v in pieces:
            y = index_update(y, cond, astype(v, xc.dtype) if type(v) is Tracer else v)
    out: Array = reshape(y, ()) if scalar else y
    return out


NUMPY: dict[Any, Callable[..., Any]] = {
    np.convolve: convolve, np.correlate: correlate, np.polyval: polyval, np.polyadd: polyadd,
    np.polysub: polysub, np.polymul: polymul, np.polyder: polyder, np.polyint: polyint,
    np.polydiv: polydiv, np.vander: vander, np.poly: poly, np.roots: roots, np.polyfit: polyfit,
    np.interp: interp, np.piecewise: piecewise,
}
"""NumPy's ufuncs and functions -> this module's functions of the same meaning
(``fad.numpy._dispatch`` gathers the families' tables for NumPy's dispatch)."""
