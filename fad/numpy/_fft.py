"""Discrete Fourier transforms (public as ``fad.numpy.fft``): NumPy's
``numpy.fft`` with derivatives in both modes, to any order.

Three primitives do all the transforms, each over a tuple of distinct axes
(negative numbers, so that leading batch axes pass through the rules), on an
operand the wrapper has already cropped or padded with zeros to the
transform's lengths (``n``, ``s``: slices and concatenations, which
differentiate on their own):

- ``fft``: the complex transform, forward or inverse (``fftn``/``ifftn`` and
  every function built on them), of a complex or real operand;
- ``rfft``: the transform of a real operand, keeping the ``n // 2 + 1``
  non-negative frequencies along the last axis (``rfftn``);
- ``irfft``: its inverse, from ``n // 2 + 1`` Hermitian half-spectrum values
  along the last axis to ``n`` real values (``irfftn``).

``hfft``, ``ihfft``, ``fft2``, ``rfft2``, ... compose them as NumPy defines
them; ``fftshift``/``ifftshift`` are rolls; ``fftfreq``/``rfftfreq`` are
constants.

Complex values follow JAX's convention: a JVP is the transform applied to the
tangent (the transforms are linear), and a VJP is the *transpose* of that map
(no conjugation of the matrix), with a real operand's cotangent the real part
of the transposed map's result. Every rule is one of the three primitives
again (the VJP of an FFT is an FFT, never a dense matrix), so derivatives of
every order come with them. With ``F`` the DFT over the axes, ``N`` the
product of their lengths, ``n`` the length of the last one and ``m = n // 2 + 1``:

- ``fft``: the DFT matrix ``w^(jk)`` is symmetric, and so are its inverse's
  and their scalings: its transpose is the same transform with the same
  ``norm``.
- ``rfft``: the map is ``x -> P F x`` (``P`` keeps the first ``m`` bins along
  the last axis), whose transpose is ``ybar -> Re F P^T ybar``. As
  ``Re(z) = Re(conj z)`` and ``conj F = N ifft``, and an ``irfft`` of ``m``
  bins counts the bins strictly between 0 and the Nyquist frequency twice
  (their mirror images) and the real parts of bins 0 and ``n / 2``
  (even ``n``) once: ``xbar = irfft(conj(ybar) * c)`` with ``c`` 1 at bin 0
  and at bin ``n / 2`` and 1/2 elsewhere, its ``norm`` swapped
  (``backward`` <-> ``forward``, ``ortho`` stays) to undo the ``1 / N``.
- ``irfft``: ``y_j = (1/N) [Re X_0 + 2 sum_{0<k<n/2} Re(X_k w^(-jk)) +
  Re X_{n/2} (-1)^j]`` (the last term for even ``n``; along the other axes an
  inverse complex transform), so ``sum_j ybar_j y_j = Re sum_k Xbar_k X_k``
  with ``Xbar = conj(rfft(ybar)) * c'``, ``c'`` 1 at bins 0 and ``n / 2``
  and 2 elsewhere, ``norm`` swapped. (The same weights as JAX's transpose of
  its IRFFT; see also the numpy.fft documentation on Hermitian symmetry.)

Cropping (``n`` smaller than the axis) is a slice, whose transpose pads with
zeros; padding is a concatenation with zeros, whose transpose crops: both are
fad's own primitives, so an ``irfft`` of a spectrum shorter or longer than
``n // 2 + 1`` is differentiated right for odd and even ``n``.
"""

from __future__ import annotations

import functools
import operator
from typing import Any, Callable, Literal, Optional, Protocol, Sequence, Union, cast

import numpy as np

from fad._primitive import Kind, Primitive, defjvp, defvjp
from fad._tracer import Tracer, keeps_real_arguments
from fad.numpy._base import as_operand, concatenate, getitem
from fad.numpy._elementwise import conjugate, divide, multiply, real
from fad.numpy._shape import roll
from fad.numpy._util import Array, ArrayLike, bind, dtype, has_tracer, ndim, shape

__all__ = [
    "fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfft2", "irfft2", "rfftn",
    "irfftn", "hfft", "ihfft", "fftshift", "ifftshift", "fftfreq", "rfftfreq",
]

NOT_DIFFERENTIABLE: dict[str, str] = {
    "fftfreq": "the sample frequencies of a length and a spacing: constants (a traced spacing d divides them, with its derivative)",
    "rfftfreq": "the non-negative sample frequencies of a length and a spacing: constants (a traced spacing d divides them, with its derivative)",
}
"""The public names of this family that make constants (name -> why)."""

Norm = Optional[Literal["backward", "ortho", "forward"]]
"""NumPy's ``norm``: the scaling of the forward and inverse transforms."""
_NORMS = ("backward", "ortho", "forward")
_SWAP = {"backward": "forward", "ortho": "ortho", "forward": "backward"}
_Lengths = Optional[Sequence[Optional[int]]]


class _NumPyFFT(Protocol):
    """``numpy.fft`` as the untraced fast paths call it (see ``fad.numpy._util.onp``)."""

    def __getattr__(self, name: str) -> Callable[..., Array]: ...


_npfft = cast(_NumPyFFT, np.fft)


def _traced(x: Any) -> bool:
    return type(x) is Tracer or ((type(x) is list or type(x) is tuple) and has_tracer(x))


def _is_complex(x: Any) -> bool:
    return bool(np.issubdtype(dtype(x), np.complexfloating))


def _norm(norm: Any, fn: str) -> str:
    if norm is None:
        return "backward"
    if norm not in _NORMS:
        raise ValueError(f'np.fft.{fn}: norm must be "backward", "ortho", "forward" or None, not {norm!r}')
    return str(norm)


def _operand(a: Any, out: Any, fn: str) -> Any:
    if out is not None:
        raise TypeError(
            f"np.fft.{fn}: out= cannot be used with traced values (a traced array is immutable); "
            "use the returned value instead"
        )
    x = as_operand(a)
    if not np.issubdtype(dtype(x), np.inexact):
        x = multiply(x, 1.0)  # (lists of traced values and integers: as floats)
    return x


# --- the primitives --------------------------------------------------------------------


def _fft_impl(x: Any, *, axes: tuple[int, ...], inverse: bool, norm: Any) -> Any:
    if len(axes) == 1:
        return (np.fft.ifft if inverse else np.fft.fft)(x, axis=axes[0], norm=norm)
    return (np.fft.ifftn if inverse else np.fft.fftn)(x, axes=axes, norm=norm)


def _rfft_impl(x: Any, *, axes: tuple[int, ...], norm: Any) -> Any:
    if len(axes) == 1:
        return np.fft.rfft(x, axis=axes[0], norm=norm)
    return np.fft.rfftn(x, axes=axes, norm=norm)


def _irfft_impl(x: Any, *, axes: tuple[int, ...], n: int, norm: Any) -> Any:
    x = np.asarray(x)
    if len(axes) == 1:
        return np.fft.irfft(x, n, axis=axes[0], norm=norm)
    s = [x.shape[a] for a in axes[:-1]] + [n]
    return np.fft.irfftn(x, s=s, axes=axes, norm=norm)


fft_p = Primitive("fft", _fft_impl, kind=Kind.STRUCTURAL, saves=())
rfft_p = Primitive("rfft", _rfft_impl, kind=Kind.STRUCTURAL, saves=())
irfft_p = Primitive("irfft", _irfft_impl, kind=Kind.STRUCTURAL, saves=())
# A real operand stays real (rfft needs it so; fft's rules take the real part
# themselves, which saves the cast's copy and node).
keeps_real_arguments.update({fft_p, rfft_p})


def _real_like(t: Any, x: Any) -> Any:
    """A cotangent for ``x``: the real part where ``x`` is real (the transpose
    of taking a real operand as complex)."""
    return t if _is_complex(x) else real(t)


@functools.lru_cache(maxsize=64)
def _weights_of(n: int, axis: int, real: np.dtype[Any], inner: float) -> Any:
    m = n // 2 + 1
    c = np.full(m, inner, dtype=real)
    c[0] = 1.0
    if n % 2 == 0:
        c[-1] = 1.0
    c.setflags(write=False)  # (shared by every call: read-only)
    return c.reshape((m,) + (1,) * (-axis - 1))


def _weights(n: int, axis: int, ybar: Any, inner: float) -> Any:
    """The bins of a half spectrum of ``n // 2 + 1`` values along ``axis``
    (negative): 1 at bin 0 and at bin ``n / 2`` (even ``n``), ``inner``
    strictly between, shaped to broadcast along ``axis``, in the real dtype
    of ``ybar``."""
    return _weights_of(n, axis, np.finfo(dtype(ybar)).dtype, inner)


def _fft_vjp(y: Any, ybar: Any, x: Any, *, axes: tuple[int, ...], inverse: bool, norm: str) -> Any:
    # the DFT matrix (scaled, forward or inverse) is symmetric: its own transpose
    return _real_like(bind(fft_p, ybar, axes=axes, inverse=inverse, norm=norm), x)


def _rfft_vjp(y: Any, ybar: Any, x: Any, *, axes: tuple[int, ...], norm: str) -> Any:
    # xbar = Re F P^T ybar = irfft(conj(ybar) * c), norm swapped (module docstring)
    n = shape(x)[axes[-1]]
    c = _weights(n, axes[-1], ybar, 0.5)
    if type(ybar) is Tracer:
        spectrum = multiply(conjugate(ybar), c)
    else:  # (the same on a plain cotangent, with one temporary instead of two)
        spectrum = np.conjugate(ybar)
        spectrum *= c
    return bind(irfft_p, spectrum, axes=axes, n=n, norm=_SWAP[norm])


def _irfft_vjp(y: Any, ybar: Any, x: Any, *, axes: tuple[int, ...], n: int, norm: str) -> Any:
    # Xbar = conj(rfft(ybar)) * c', norm swapped (module docstring)
    spectrum = conjugate(bind(rfft_p, ybar, axes=axes, norm=_SWAP[norm]))
    return _real_like(multiply(spectrum, _weights(n, axes[-1], spectrum, 2.0)), x)


defvjp(fft_p, _fft_vjp)
defjvp(fft_p, lambda xdot, y, x, **p: bind(fft_p, xdot, **p))
defvjp(rfft_p, _rfft_vjp)
defjvp(rfft_p, lambda xdot, y, x, **p: bind(rfft_p, xdot, **p))
defvjp(irfft_p, _irfft_vjp)
defjvp(irfft_p, lambda xdot, y, x, **p: bind(irfft_p, xdot, **p))


# --- lengths and axes, as NumPy reads them ---------------------------------------------


def _axes(axes: Sequence[int], nd: int, fn: str) -> list[int]:
    out = []
    for a in axes:
        a = operator.index(a)
        if not -nd <= a < nd:
            raise np.exceptions.AxisError(f"np.fft.{fn}: axis {a} is out of bounds for an array of dimension {nd}")
        out.append(a - nd if a >= 0 else a)
    return out


def _cook(x: Any, s: _Lengths, axes: Optional[Sequence[int]], fn: str, invreal: bool = False) -> tuple[list[int], list[int]]:
    """``(lengths, axes)`` of an n-dimensional transform, as NumPy's
    ``_cook_nd_args``: every axis by default, the last ``len(s)`` axes when only
    ``s`` is given; ``-1`` (or None) in ``s`` keeps an axis's length; an
    inverse real transform's last length defaults to ``2 * (m - 1)``."""
    sh, nd = shape(x), ndim(x)
    if axes is None:
        ax = list(range(-nd, 0)) if s is None else list(range(-len(s), 0))
    else:
        ax = list(axes)
    ax = _axes(ax, nd, fn)
    if s is not None and len(s) != len(ax):
        raise ValueError(f"np.fft.{fn}: s and axes have different lengths ({len(s)} and {len(ax)})")
    lengths = [sh[a] for a in ax] if s is None else [sh[a] if n is None or n == -1 else operator.index(n) for n, a in zip(s, ax)]
    if invreal and ax and (s is None or s[-1] is None):
        lengths[-1] = 2 * (sh[ax[-1]] - 1)
    for n in lengths:
        if n < 1:
            raise ValueError(f"np.fft.{fn}: invalid number of data points ({n}) specified")
    return lengths, ax


def _resize(x: Any, axis: int, n: int) -> Any:
    """``x`` cropped, or padded with zeros at the end, to length ``n`` along
    ``axis`` (negative), as NumPy's transforms read their input."""
    have = shape(x)[axis]
    if have == n:
        return x
    lead = (slice(None),) * (ndim(x) + axis)
    if have > n:
        return getitem(x, lead + (slice(0, n),))
    pad_shape = list(shape(x))
    pad_shape[axis] = n - have
    return concatenate([x, np.zeros(pad_shape, dtype(x))], axis=axis)


def _distinct(axes: Sequence[int]) -> bool:
    return len(set(axes)) == len(axes)


def _c2c(x: Any, lengths: Sequence[int], axes: Sequence[int], inverse: bool, norm: str) -> Array:
    if not axes:
        return cast(Array, x)  # (NumPy returns the input itself)
    if not _distinct(axes):  # NumPy transforms a repeated axis again, last axis first
        for n, a in reversed(list(zip(lengths, axes))):
            x = _c2c(x, [n], [a], inverse, norm)
        return cast(Array, x)
    for n, a in zip(lengths, axes):
        x = _resize(x, a, n)
    return bind(fft_p, x, axes=tuple(axes), inverse=inverse, norm=norm)


def _r2c(x: Any, lengths: Sequence[int], axes: Sequence[int], norm: str, fn: str) -> Array:
    if _is_complex(x):
        raise TypeError(
            f"np.fft.{fn} transforms real values, and this one is complex (NumPy raises a TypeError too). "
            f"Use np.fft.fft/fftn for complex values, or np.fft.{fn}(np.real(x)) for the real part."
        )
    if not _distinct(axes):  # NumPy: the real transform along the last axis, then the others
        x = _r2c(x, lengths[-1:], axes[-1:], norm, fn)
        for n, a in reversed(list(zip(lengths[:-1], axes[:-1]))):
            x = _c2c(x, [n], [a], False, norm)
        return cast(Array, x)
    for n, a in zip(lengths, axes):
        x = _resize(x, a, n)
    return bind(rfft_p, x, axes=tuple(axes), norm=norm)


def _c2r(x: Any, lengths: Sequence[int], axes: Sequence[int], norm: str) -> Array:
    if not _distinct(axes):  # NumPy: the complex inverses along the others, then the real one
        for n, a in zip(lengths[:-1], axes[:-1]):
            x = _c2c(x, [n], [a], True, norm)
        return _c2r(x, lengths[-1:], axes[-1:], norm)
    for n, a in zip(lengths[:-1], axes[:-1]):
        x = _resize(x, a, n)
    x = _resize(x, axes[-1], lengths[-1] // 2 + 1)
    return bind(irfft_p, x, axes=tuple(axes), n=lengths[-1], norm=norm)


def _one(n: Optional[int], axis: int) -> tuple[Optional[list[Optional[int]]], list[int]]:
    return (None if n is None else [n]), [axis]


# --- complex transforms -----------------------------------------------------------------


def fft(a: ArrayLike, n: Optional[int] = None, axis: int = -1, norm: Norm = None, out: Any = None) -> Array:
    """The one-dimensional discrete Fourier transform, as ``np.fft.fft``.

    ``y[k] = sum_j a[j] exp(-2 pi i j k / n)`` (scaled by ``norm``), of a
    real or complex input cropped or padded with zeros to ``n``. Its
    derivatives are Fourier transforms again (JAX's convention for complex
    values: see ``docs/fft.md``).

    Args:
        a: the input (maybe traced).
        n: the length of the transform (default: the axis's).
        axis: the axis to transform.
        norm: ``"backward"`` (default: no scaling), ``"ortho"`` (1/sqrt(n))
            or ``"forward"`` (1/n).
        out: an array to write to (plain arrays only).

    Returns:
        The complex transform.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.fft.fft(np.array([1.0, 2.0, 3.0, 4.0]))
        array([10.+0.j, -2.+2.j, -2.+0.j, -2.-2.j])
    """
    if not _traced(a):
        return _npfft.fft(a, n, axis, norm, out)
    x = _operand(a, out, "fft")
    s, axes = _cook(x, *_one(n, axis), "fft")
    return _c2c(x, s, axes, False, _norm(norm, "fft"))


def ifft(a: ArrayLike, n: Optional[int] = None, axis: int = -1, norm: Norm = None, out: Any = None) -> Array:
    """The one-dimensional inverse discrete Fourier transform, as ``np.fft.ifft``.

    ``y[j] = (1/n) sum_k a[k] exp(2 pi i j k / n)`` (with ``norm``'s scaling
    instead of ``1/n``), of an input cropped or padded with zeros to ``n``.

    Args:
        a: the input (maybe traced).
        n: the length of the transform (default: the axis's).
        axis: the axis to transform.
        norm: ``"backward"`` (default: 1/n), ``"ortho"`` (1/sqrt(n)) or
            ``"forward"`` (no scaling).
        out: an array to write to (plain arrays only).

    Returns:
        The complex inverse transform.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.fft.ifft(np.array([4.0, 0.0, 0.0, 0.0]))
        array([1.+0.j, 1.+0.j, 1.+0.j, 1.+0.j])
    """
    if not _traced(a):
        return _npfft.ifft(a, n, axis, norm, out)
    x = _operand(a, out, "ifft")
    s, axes = _cook(x, *_one(n, axis), "ifft")
    return _c2c(x, s, axes, True, _norm(norm, "ifft"))


def fftn(a: ArrayLike, s: _Lengths = None, axes: Optional[Sequence[int]] = None, norm: Norm = None,
         out: Any = None) -> Array:
    """The n-dimensional discrete Fourier transform, as ``np.fft.fftn``.

    Args:
        a: the input (maybe traced).
        s: the lengths of the transform along ``axes`` (each axis cropped or
            padded with zeros; -1 keeps an axis's length).
        axes: the axes to transform (default: all, or the last ``len(s)``).
        norm: ``"backward"``, ``"ortho"`` or ``"forward"`` (see :func:`fft`).
        out: an array to write to (plain arrays only).

    Returns:
        The complex transform.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.fft.fftn(np.ones((2, 2)))
        array([[4.+0.j, 0.+0.j],
               [0.+0.j, 0.+0.j]])
    """
    if not _traced(a):
        return _npfft.fftn(a, s, axes, norm, out)
    x = _operand(a, out, "fftn")
    lengths, ax = _cook(x, s, axes, "fftn")
    return _c2c(x, lengths, ax, False, _norm(norm, "fftn"))


def ifftn(a: ArrayLike, s: _Lengths = None, axes: Optional[Sequence[int]] = None, norm: Norm = None,
          out: Any = None) -> Array:
    """The n-dimensional inverse discrete Fourier transform, as ``np.fft.ifftn``.

    Args:
        a: the input (maybe traced).
        s: the lengths of the transform along ``axes`` (each axis cropped or
            padded with zeros; -1 keeps an axis's length).
        axes: the axes to transform (default: all, or the last ``len(s)``).
        norm: ``"backward"``, ``"ortho"`` or ``"forward"`` (see :func:`ifft`).
        out: an array to write to (plain arrays only).

    Returns:
        The complex inverse transform.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.fft.ifftn(np.array([[4.0, 0.0], [0.0, 0.0]])).real
        array([[1., 1.],
               [1., 1.]])
    """
    if not _traced(a):
        return _npfft.ifftn(a, s, axes, norm, out)
    x = _operand(a, out, "ifftn")
    lengths, ax = _cook(x, s, axes, "ifftn")
    return _c2c(x, lengths, ax, True, _norm(norm, "ifftn"))


def fft2(a: ArrayLike, s: _Lengths = None, axes: Sequence[int] = (-2, -1), norm: Norm = None,
         out: Any = None) -> Array:
    """The two-dimensional discrete Fourier transform, as ``np.fft.fft2``: :func:`fftn` over two axes.

    Args:
        a: the input (maybe traced), with at least two dimensions.
        s: the lengths of the transform along ``axes``.
        axes: the two axes (default: the last two).
        norm: ``"backward"``, ``"ortho"`` or ``"forward"`` (see :func:`fft`).
        out: an array to write to (plain arrays only).

    Returns:
        The complex transform.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.fft.fft2(np.eye(2)).real
        array([[2., 0.],
               [0., 2.]])
    """
    if not _traced(a):
        return _npfft.fft2(a, s, axes, norm, out)
    x = _operand(a, out, "fft2")
    lengths, ax = _cook(x, s, axes, "fft2")
    return _c2c(x, lengths, ax, False, _norm(norm, "fft2"))


def ifft2(a: ArrayLike, s: _Lengths = None, axes: Sequence[int] = (-2, -1), norm: Norm = None,
          out: Any = None) -> Array:
    """The two-dimensional inverse discrete Fourier transform, as ``np.fft.ifft2``: :func:`ifftn` over two axes.

    Args:
        a: the input (maybe traced), with at least two dimensions.
        s: the lengths of the transform along ``axes``.
        axes: the two axes (default: the last two).
        norm: ``"backward"``, ``"ortho"`` or ``"forward"`` (see :func:`ifft`).
        out: an array to write to (plain arrays only).

    Returns:
        The complex inverse transform.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.fft.ifft2(np.array([[2.0, 0.0], [0.0, 2.0]])).real
        array([[1., 0.],
               [0., 1.]])
    """
    if not _traced(a):
        return _npfft.ifft2(a, s, axes, norm, out)
    x = _operand(a, out, "ifft2")
    lengths, ax = _cook(x, s, axes, "ifft2")
    return _c2c(x, lengths, ax, True, _norm(norm, "ifft2"))


# --- real transforms ----------------------------------------------------------------------


def rfft(a: ArrayLike, n: Optional[int] = None, axis: int = -1, norm: Norm = None, out: Any = None) -> Array:
    """The discrete Fourier transform of real input, as ``np.fft.rfft``: its
    ``n // 2 + 1`` non-negative frequency terms.

    The input is cropped or padded with zeros to ``n``. Its derivative is an
    inverse real transform (``irfft``) of the cotangent with the bins other
    than 0 and ``n / 2`` halved, as they stand for two bins of the full
    spectrum (``docs/fft.md``).

    Args:
        a: the real input (maybe traced); complex input is a TypeError, as in NumPy.
        n: the length of the transform (default: the axis's).
        axis: the axis to transform.
        norm: ``"backward"``, ``"ortho"`` or ``"forward"`` (see :func:`fft`).
        out: an array to write to (plain arrays only).

    Returns:
        The complex half spectrum, ``n // 2 + 1`` long along ``axis``.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.fft.rfft(np.array([1.0, 2.0, 3.0, 4.0]))
        array([10.+0.j, -2.+2.j, -2.+0.j])
    """
    if not _traced(a):
        return _npfft.rfft(a, n, axis, norm, out)
    x = _operand(a, out, "rfft")
    s, axes = _cook(x, *_one(n, axis), "rfft")
    return _r2c(x, s, axes, _norm(norm, "rfft"), "rfft")


def irfft(a: ArrayLike, n: Optional[int] = None, axis: int = -1, norm: Norm = None, out: Any = None) -> Array:
    """The inverse of :func:`rfft`, as ``np.fft.irfft``: ``n`` real values from a half spectrum.

    The input's first ``n // 2 + 1`` values along ``axis`` are used (padded
    with zeros if there are fewer); as in NumPy, the imaginary parts of bin 0
    and (for even ``n``) bin ``n / 2`` do not count, and neither do their
    derivatives.

    Args:
        a: the half spectrum (maybe traced), complex or real.
        n: the length of the output (default: ``2 * (m - 1)`` for ``m`` input values).
        axis: the axis to transform.
        norm: ``"backward"`` (default: 1/n), ``"ortho"`` or ``"forward"``.
        out: an array to write to (plain arrays only).

    Returns:
        The real signal, ``n`` long along ``axis``.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.fft.irfft(np.array([10.0, -2.0 + 2.0j, -2.0]))
        array([1., 2., 3., 4.])
    """
    if not _traced(a):
        return _npfft.irfft(a, n, axis, norm, out)
    x = _operand(a, out, "irfft")
    s, axes = _cook(x, *_one(n, axis), "irfft", invreal=True)
    return _c2r(x, s, axes, _norm(norm, "irfft"))


def rfftn(a: ArrayLike, s: _Lengths = None, axes: Optional[Sequence[int]] = None, norm: Norm = None,
          out: Any = None) -> Array:
    """The n-dimensional discrete Fourier transform of real input, as ``np.fft.rfftn``.

    The last axis keeps its ``s[-1] // 2 + 1`` non-negative frequencies; the
    others are transformed in full.

    Args:
        a: the real input (maybe traced).
        s: the lengths of the transform along ``axes`` (cropping or padding with zeros).
        axes: the axes to transform (default: all, or the last ``len(s)``).
        norm: ``"backward"``, ``"ortho"`` or ``"forward"`` (see :func:`fft`).
        out: an array to write to (plain arrays only).

    Returns:
        The complex transform.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.fft.rfftn(np.ones((2, 4)))
        array([[8.+0.j, 0.+0.j, 0.+0.j],
               [0.+0.j, 0.+0.j, 0.+0.j]])
    """
    if not _traced(a):
        return _npfft.rfftn(a, s, axes, norm, out)
    x = _operand(a, out, "rfftn")
    lengths, ax = _cook(x, s, axes, "rfftn")
    if not ax:
        raise ValueError("np.fft.rfftn: at least one axis is needed")
    return _r2c(x, lengths, ax, _norm(norm, "rfftn"), "rfftn")


def irfftn(a: ArrayLike, s: _Lengths = None, axes: Optional[Sequence[int]] = None, norm: Norm = None,
           out: Any = None) -> Array:
    """The inverse of :func:`rfftn`, as ``np.fft.irfftn``.

    Args:
        a: the half spectrum (maybe traced).
        s: the lengths of the output along ``axes`` (default: the input's,
            and ``2 * (m - 1)`` along the last axis).
        axes: the axes to transform (default: all, or the last ``len(s)``).
        norm: ``"backward"``, ``"ortho"`` or ``"forward"`` (see :func:`irfft`).
        out: an array to write to (plain arrays only).

    Returns:
        The real output.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.fft.irfftn(np.array([[8.0, 0.0, 0.0], [0.0, 0.0, 0.0]]))
        array([[1., 1., 1., 1.],
               [1., 1., 1., 1.]])
    """
    if not _traced(a):
        return _npfft.irfftn(a, s, axes, norm, out)
    x = _operand(a, out, "irfftn")
    lengths, ax = _cook(x, s, axes, "irfftn", invreal=True)
    if not ax:
        raise ValueError("np.fft.irfftn: at least one axis is needed")
    return _c2r(x, lengths, ax, _norm(norm, "irfftn"))


def rfft2(a: ArrayLike, s: _Lengths = None, axes: Sequence[int] = (-2, -1), norm: Norm = None,
          out: Any = None) -> Array:
    """The two-dimensional discrete Fourier transform of real input, as ``np.fft.rfft2``: :func:`rfftn` over two axes.

    Args:
        a: the real input (maybe traced), with at least two dimensions.
        s: the lengths of the transform along ``axes``.
        axes: the two axes (default: the last two).
        norm: ``"backward"``, ``"ortho"`` or ``"forward"`` (see :func:`fft`).
        out: an array to write to (plain arrays only).

    Returns:
        The complex transform.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.fft.rfft2(np.ones((2, 2))).real
        array([[4., 0.],
               [0., 0.]])
    """
    if not _traced(a):
        return _npfft.rfft2(a, s, axes, norm, out)
    x = _operand(a, out, "rfft2")
    lengths, ax = _cook(x, s, axes, "rfft2")
    return _r2c(x, lengths, ax, _norm(norm, "rfft2"), "rfft2")


def irfft2(a: ArrayLike, s: _Lengths = None, axes: Sequence[int] = (-2, -1), norm: Norm = None,
           out: Any = None) -> Array:
    """The inverse of :func:`rfft2`, as ``np.fft.irfft2``: :func:`irfftn` over two axes.

    Args:
        a: the half spectrum (maybe traced), with at least two dimensions.
        s: the lengths of the output along ``axes``.
        axes: the two axes (default: the last two).
        norm: ``"backward"``, ``"ortho"`` or ``"forward"`` (see :func:`irfft`).
        out: an array to write to (plain arrays only).

    Returns:
        The real output.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.fft.irfft2(np.array([[4.0, 0.0], [0.0, 0.0]]))
        array([[1., 1.],
               [1., 1.]])
    """
    if not _traced(a):
        return _npfft.irfft2(a, s, axes, norm, out)
    x = _operand(a, out, "irfft2")
    lengths, ax = _cook(x, s, axes, "irfft2", invreal=True)
    return _c2r(x, lengths, ax, _norm(norm, "irfft2"))


# --- Hermitian transforms -----------------------------------------------------------------


def hfft(a: ArrayLike, n: Optional[int] = None, axis: int = -1, norm: Norm = None, out: Any = None) -> Array:
    """The transform of a signal with Hermitian symmetry (a real spectrum), as ``np.fft.hfft``.

    NumPy's definition: ``irfft(conj(a), n)`` with the ``norm`` swapped
    (``backward`` scales nothing here).

    Args:
        a: the first half of the Hermitian signal (maybe traced).
        n: the length of the output (default: ``2 * (m - 1)``).
        axis: the axis to transform.
        norm: ``"backward"`` (default: no scaling), ``"ortho"`` or ``"forward"`` (1/n).
        out: an array to write to (plain arrays only).

    Returns:
        The real spectrum, ``n`` long along ``axis``.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.fft.hfft(np.array([1.0, 2.0, 3.0, 4.0]), 6)
        array([15., -4.,  0., -1.,  0., -4.])
    """
    if not _traced(a):
        return _npfft.hfft(a, n, axis, norm, out)
    x = _operand(a, out, "hfft")
    s, axes = _cook(x, *_one(n, axis), "hfft", invreal=True)
    return _c2r(conjugate(x), s, axes, _SWAP[_norm(norm, "hfft")])


def ihfft(a: ArrayLike, n: Optional[int] = None, axis: int = -1, norm: Norm = None, out: Any = None) -> Array:
    """The inverse of :func:`hfft`, as ``np.fft.ihfft``: the half spectrum of a real signal's inverse transform.

    NumPy's definition: ``conj(rfft(a, n))`` with the ``norm`` swapped.

    Args:
        a: the real input (maybe traced).
        n: the length of the transform (default: the axis's).
        axis: the axis to transform.
        norm: ``"backward"`` (default: 1/n), ``"ortho"`` or ``"forward"``.
        out: an array to write to (plain arrays only).

    Returns:
        The complex half spectrum, ``n // 2 + 1`` long along ``axis``.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.fft.ihfft(np.array([4.0, 0.0, 0.0, 0.0]))
        array([1.-0.j, 1.-0.j, 1.-0.j])
    """
    if not _traced(a):
        return _npfft.ihfft(a, n, axis, norm, out)
    x = _operand(a, out, "ihfft")
    s, axes = _cook(x, *_one(n, axis), "ihfft")
    return conjugate(_r2c(x, s, axes, _SWAP[_norm(norm, "ihfft")], "ihfft"))


# --- shifts and frequencies ---------------------------------------------------------------


def _shift(x: Any, axes: Union[None, int, Sequence[int]], sign: int) -> Array:
    nd = ndim(x)
    ax = list(range(nd)) if axes is None else [axes] if isinstance(axes, (int, np.integer)) else list(axes)
    ax = _axes(ax, nd, "fftshift" if sign > 0 else "ifftshift")
    return roll(x, [sign * (shape(x)[a] // 2) for a in ax], ax)


def fftshift(x: ArrayLike, axes: Union[None, int, Sequence[int]] = None) -> Array:
    """The zero-frequency term moved to the centre, as ``np.fft.fftshift``: a roll by half of each axis.

    Args:
        x: the input (maybe traced).
        axes: the axes to shift (default: all).

    Returns:
        The shifted array (its derivative is the opposite shift).

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.fft.fftshift(np.fft.fftfreq(5))
        array([-0.4, -0.2,  0. ,  0.2,  0.4])
    """
    if not _traced(x):
        return _npfft.fftshift(x, axes)
    return _shift(as_operand(x), axes, 1)


def ifftshift(x: ArrayLike, axes: Union[None, int, Sequence[int]] = None) -> Array:
    """The inverse of :func:`fftshift`, as ``np.fft.ifftshift`` (the same for even lengths).

    Args:
        x: the input (maybe traced).
        axes: the axes to shift (default: all).

    Returns:
        The shifted array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.fft.ifftshift(fnp.fft.fftshift(np.arange(5.0)))
        array([0., 1., 2., 3., 4.])
    """
    if not _traced(x):
        return _npfft.ifftshift(x, axes)
    return _shift(as_operand(x), axes, -1)


def fftfreq(n: int, d: Any = 1.0, device: Any = None) -> Array:
    """The sample frequencies of a transform of length ``n`` and sample spacing ``d``, as ``np.fft.fftfreq``.

    Constants: ``[0, 1, ..., n//2 - 1 (or (n-1)/2), -n//2, ..., -1] / (d n)``.
    A traced ``d`` divides them, with its derivative.

    Args:
        n: the window length.
        d: the sample spacing.
        device: as NumPy's (``"cpu"`` or None).

    Returns:
        The frequencies, in cycles per unit of ``d``.

    Example:
        >>> import fad.numpy as fnp
        >>> fnp.fft.fftfreq(4, d=0.5)
        array([ 0. ,  0.5, -1. , -0.5])
    """
    if type(d) is not Tracer:
        return _npfft.fftfreq(operator.index(n), d, device=device)
    return divide(np.fft.fftfreq(operator.index(n), 1.0, device=device), d)


def rfftfreq(n: int, d: Any = 1.0, device: Any = None) -> Array:
    """The non-negative sample frequencies of :func:`rfft`, as ``np.fft.rfftfreq``.

    Constants: ``[0, 1, ..., n // 2] / (d n)``. A traced ``d`` divides them,
    with its derivative.

    Args:
        n: the window length.
        d: the sample spacing.
        device: as NumPy's (``"cpu"`` or None).

    Returns:
        The ``n // 2 + 1`` frequencies.

    Example:
        >>> import fad.numpy as fnp
        >>> fnp.fft.rfftfreq(4)
        array([0.  , 0.25, 0.5 ])
    """
    if type(d) is not Tracer:
        return _npfft.rfftfreq(operator.index(n), d, device=device)
    return divide(np.fft.rfftfreq(operator.index(n), 1.0, device=device), d)


NUMPY: dict[Any, Callable[..., Any]] = {
    np.fft.fft: fft, np.fft.ifft: ifft, np.fft.fft2: fft2, np.fft.ifft2: ifft2, np.fft.fftn: fftn,
    np.fft.ifftn: ifftn, np.fft.rfft: rfft, np.fft.irfft: irfft, np.fft.rfft2: rfft2,
    np.fft.irfft2: irfft2, np.fft.rfftn: rfftn, np.fft.irfftn: irfftn, np.fft.hfft: hfft,
    np.fft.ihfft: ihfft, np.fft.fftshift: fftshift, np.fft.ifftshift: ifftshift,
}
"""NumPy's ``numpy.fft`` functions -> this module's (``fad.numpy._dispatch``
gathers the families' tables for NumPy's dispatch: ``np.fft.rfft(x)`` on a
traced ``x`` is ``fnp.fft.rfft(x)``). ``fftfreq`` and ``rfftfreq`` take no
array, so NumPy does not dispatch them."""
