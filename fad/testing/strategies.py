"""Hypothesis strategies for property tests of derivatives.

Draw the inputs of a derivative check with these: float arrays of drawn shapes
and dtypes (float32 and float64), complex arrays (complex64 and complex128,
real and imaginary parts each from a :class:`Domain`), pairs and triples of mutually broadcastable
shapes, inputs from a :class:`Domain` (positive, inside (-1, 1), away from a
kink), arrays whose entries are far apart (no ties for ``max``), indices, and
well-conditioned or symmetric positive-definite matrices for linear algebra.

This module needs hypothesis; the rest of :mod:`fad.testing` does not.

Example:
    >>> import fad.numpy as fnp
    >>> from hypothesis import given, settings
    >>> from fad.testing import check_grads
    >>> @settings(max_examples=5, deadline=None)
    ... @given(float_arrays(domain=POSITIVE))
    ... def test_log(x):
    ...     check_grads(fnp.log, (x,), order=2)
    >>> test_log()
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Optional, Sequence, Union

import numpy as np

try:
    from hypothesis import strategies as st
    from hypothesis.extra import numpy as hnp
except ImportError as e:  # pragma: no cover  (tested in a subprocess)
    raise ImportError(
        "fad.testing.strategies needs hypothesis, which is not installed: install "
        "fad's test extras with pip install 'fad[test]' (or pip install hypothesis). "
        "The rest of fad.testing (check_grads, check_vjp, ...) works without it."
    ) from e

__all__ = [
    "Domain",
    "REAL",
    "POSITIVE",
    "UNIT_INTERVAL",
    "NONZERO",
    "FLOAT_DTYPES",
    "COMPLEX_DTYPES",
    "float_dtypes",
    "complex_dtypes",
    "shapes",
    "broadcastable_shapes",
    "elements",
    "float_arrays",
    "complex_arrays",
    "separated_arrays",
    "indices",
    "square_matrices",
    "spd_matrices",
]

Shape = tuple[int, ...]
Array = np.ndarray[Any, Any]
ShapeArg = Union[None, Sequence[int], "st.SearchStrategy[Shape]"]
DTypeArg = Union[None, Any, "st.SearchStrategy[np.dtype[Any]]"]

FLOAT_DTYPES: tuple[np.dtype[Any], ...] = (np.dtype(np.float32), np.dtype(np.float64))
"""The dtypes drawn by default: float32 and float64."""

COMPLEX_DTYPES: tuple[np.dtype[Any], ...] = (np.dtype(np.complex64), np.dtype(np.complex128))
"""The complex dtypes drawn by :func:`complex_arrays`: complex64 and complex128."""


@dataclass(frozen=True)
class Domain:
    """An interval of real numbers to draw inputs from, minus neighbourhoods of kinks.

    Keep a margin from singularities and kinks: central differences step
    across a neighbourhood of each point (up to ``max(1, |x|) * 5e-3`` for
    float32), and should not cross a kink or leave the domain.

    Args:
        low: the smallest value.
        high: the largest value.
        avoid: points to stay away from (kinks, poles).
        margin: the distance to keep from each point in ``avoid``.

    Example:
        >>> Domain(-2.0, 2.0, avoid=(0.0,), margin=0.5).intervals()
        [(-2.0, -0.5), (0.5, 2.0)]
    """

    low: float
    high: float
    avoid: tuple[float, ...] = ()
    margin: float = 0.0

    def intervals(self) -> list[tuple[float, float]]:
        """The closed intervals that make up the domain.

        Returns:
            A list of ``(low, high)`` pairs, in increasing order.

        Example:
            >>> POSITIVE.intervals()
            [(0.25, 3.0)]
        """
        parts = [(float(self.low), float(self.high))]
        for p in sorted(self.avoid):
            nxt = []
            for a, b in parts:
                if a < p - self.margin:
                    nxt.append((a, min(b, p - self.margin)))
                if b > p + self.margin:
                    nxt.append((max(a, p + self.margin), b))
            parts = nxt
        if not parts:
            raise ValueError(f"{self} is empty")
        return parts

    def contains(self, x: Any) -> Any:
        """Whether each entry of ``x`` lies in the domain.

        Args:
            x: an array-like.

        Returns:
            A boolean array of ``x``'s shape.

        Example:
            >>> NONZERO.contains([0.0, 1.0])
            array([False,  True])
        """
        a = np.asarray(x, dtype=np.float64)
        ok = np.zeros(a.shape, bool)
        for lo, hi in self.intervals():
            ok |= (a >= lo) & (a <= hi)
        return ok


REAL = Domain(-2.0, 2.0)
"""Moderate real numbers, [-2, 2]."""
POSITIVE = Domain(0.25, 3.0)
"""Positive numbers away from 0 (for log, sqrt, reciprocal, a base of power)."""
UNIT_INTERVAL = Domain(-0.8, 0.8)
"""Inside (-1, 1), away from its ends (for arcsin, arccos, arctanh)."""
NONZERO = Domain(-2.0, 2.0, avoid=(0.0,), margin=0.25)
"""Away from the kink or pole at 0 (for abs, a divisor)."""


def float_dtypes() -> st.SearchStrategy[np.dtype[Any]]:
    """float32 or float64.

    Returns:
        A strategy of NumPy dtypes.

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(float_dtypes())
        ... def test(dt):
        ...     assert dt in FLOAT_DTYPES
        >>> test()
    """
    return st.sampled_from(FLOAT_DTYPES)


def complex_dtypes() -> st.SearchStrategy[np.dtype[Any]]:
    """complex64 or complex128.

    Returns:
        A strategy of NumPy dtypes.

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(complex_dtypes())
        ... def test(dt):
        ...     assert dt in COMPLEX_DTYPES
        >>> test()
    """
    return st.sampled_from(COMPLEX_DTYPES)


def shapes(
    *, min_dims: int = 0, max_dims: int = 3, min_side: int = 1, max_side: int = 4
) -> st.SearchStrategy[Shape]:
    """Array shapes, small by default (a derivative check costs per element).

    Args:
        min_dims: the fewest dimensions (0 allows scalars).
        max_dims: the most dimensions.
        min_side: the shortest side (0 allows empty arrays).
        max_side: the longest side.

    Returns:
        A strategy of shape tuples.

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(shapes(min_dims=1, max_dims=2))
        ... def test(s):
        ...     assert 1 <= len(s) <= 2
        >>> test()
    """
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side)


def broadcastable_shapes(
    num_shapes: int = 2, *, min_dims: int = 0, max_dims: int = 3, min_side: int = 1,
    max_side: int = 4,
) -> st.SearchStrategy[tuple[Shape, ...]]:
    """Tuples of shapes that broadcast together: pairs, triples and so on.

    Sides of length 1 and missing leading axes are drawn, so the rules'
    handling of broadcasting is exercised.

    Args:
        num_shapes: how many shapes (2 for a pair, 3 for a triple).
        min_dims: the fewest dimensions of each shape.
        max_dims: the most dimensions of each shape.
        min_side: the shortest side.
        max_side: the longest side.

    Returns:
        A strategy of tuples of ``num_shapes`` shapes.

    Example:
        >>> import numpy as np
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(broadcastable_shapes(3))
        ... def test(ss):
        ...     np.broadcast_shapes(*ss)
        >>> test()
    """
    return hnp.mutually_broadcastable_shapes(
        num_shapes=num_shapes, min_dims=min_dims, max_dims=max_dims, min_side=min_side,
        max_side=max_side,
    ).map(lambda b: tuple(b.input_shapes))


def _inward(v: float, dtype: np.dtype[Any], up: bool) -> float:
    """``v`` rounded to ``dtype``, moved inside the interval if rounding left it."""
    r = np.asarray(v, dtype=dtype)
    if up and float(r) < v:
        r = np.nextafter(r, np.asarray(np.inf, dtype=dtype))
    if not up and float(r) > v:
        r = np.nextafter(r, np.asarray(-np.inf, dtype=dtype))
    return float(r)


def elements(domain: Domain, dtype: Any = np.float64) -> st.SearchStrategy[float]:
    """Single numbers from a domain, exactly representable in ``dtype``.

    Args:
        domain: where to draw from.
        dtype: float32 or float64.

    Returns:
        A strategy of Python floats, each exactly representable in ``dtype``
        and inside the domain (the ends are rounded inwards).

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10)
        ... @given(elements(NONZERO, np.float32))
        ... def test(v):
        ...     assert abs(v) >= 0.25
        >>> test()
    """
    dt = np.dtype(dtype)
    width = 8 * dt.itemsize
    parts = [
        st.floats(
            _inward(a, dt, True), _inward(b, dt, False), width=width,
            allow_nan=False, allow_infinity=False, allow_subnormal=False,
        )
        for a, b in domain.intervals()
    ]
    return st.one_of(parts)


def _shape_strategy(shape: ShapeArg) -> st.SearchStrategy[Shape]:
    if shape is None:
        return shapes()
    if isinstance(shape, st.SearchStrategy):
        return shape
    return st.just(tuple(int(s) for s in shape))


def _dtype_strategy(dtype: DTypeArg) -> st.SearchStrategy[np.dtype[Any]]:
    if dtype is None:
        return float_dtypes()
    if isinstance(dtype, st.SearchStrategy):
        return dtype
    return st.just(np.dtype(dtype))


def float_arrays(
    shape: ShapeArg = None, dtype: DTypeArg = None, domain: Domain = REAL
) -> st.SearchStrategy[Array]:
    """Float arrays with entries from a domain.

    Args:
        shape: a shape, a strategy of shapes, or None for :func:`shapes`.
        dtype: a dtype, a strategy of dtypes, or None for :func:`float_dtypes`.
        domain: where the entries come from (default :data:`REAL`).

    Returns:
        A strategy of NumPy arrays (0-d arrays for the shape ``()``).

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(float_arrays((2, 3), np.float32, POSITIVE))
        ... def test(x):
        ...     assert x.shape == (2, 3) and x.dtype == np.float32 and (x > 0).all()
        >>> test()
    """
    return st.tuples(_shape_strategy(shape), _dtype_strategy(dtype)).flatmap(
        lambda sd: hnp.arrays(sd[1], sd[0], elements=elements(domain, sd[1]))
    )


@st.composite
def _complex_arrays(draw: st.DrawFn, shape: ShapeArg, dtype: DTypeArg, real: Domain, imag: Domain) -> Array:
    s = draw(_shape_strategy(shape))
    dt = draw(complex_dtypes() if dtype is None else _dtype_strategy(dtype))
    part = np.finfo(dt).dtype  # complex64's parts are float32
    re = draw(hnp.arrays(part, s, elements=elements(real, part)))
    im = draw(hnp.arrays(part, s, elements=elements(imag, part)))
    return np.asarray(re + 1j * im.astype(np.float64), dtype=dt)


def complex_arrays(
    shape: ShapeArg = None, dtype: DTypeArg = None, real: Domain = REAL, imag: Domain = REAL
) -> st.SearchStrategy[Array]:
    """Complex arrays whose real and imaginary parts come from two domains.

    Branch cuts and poles are kept away by the domains: ``real=POSITIVE`` keeps
    off the negative real axis (``log``, ``sqrt``, ``angle``), ``real=NONZERO``
    away from 0 (``abs``, ``reciprocal``), ``real=UNIT_INTERVAL`` off the cuts
    of ``arcsin``, ``arccos`` and ``arctanh``, ``imag=UNIT_INTERVAL`` off
    those of ``arcsinh`` and ``arctan``.

    Args:
        shape: a shape, a strategy of shapes, or None for :func:`shapes`.
        dtype: a complex dtype, a strategy of them, or None for :func:`complex_dtypes`.
        real: where the real parts come from (default :data:`REAL`).
        imag: where the imaginary parts come from (default :data:`REAL`).

    Returns:
        A strategy of complex NumPy arrays.

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(complex_arrays((2,), np.complex64, real=POSITIVE))
        ... def test(z):
        ...     assert z.dtype == np.complex64 and (z.real > 0).all()
        >>> test()
    """
    return _complex_arrays(shape, dtype, real, imag)


@st.composite
def _separated(draw: st.DrawFn, shape: ShapeArg, dtype: DTypeArg, gap: float) -> Array:
    s = draw(_shape_strategy(shape))
    dt = draw(_dtype_strategy(dtype))
    n = math.prod(s)
    order = np.array(draw(st.permutations(list(range(n)))), dtype=np.float64)
    offset = draw(st.sampled_from([0.0, 0.5, -0.5, 0.25])) * gap
    return ((order - (n - 1) / 2.0) * gap + offset).reshape(s).astype(dt)


def separated_arrays(
    shape: ShapeArg = None, dtype: DTypeArg = None, gap: float = 0.25
) -> st.SearchStrategy[Array]:
    """Arrays whose entries differ pairwise by at least ``gap``: no ties.

    For functions with a kink where two entries are equal, such as ``max``,
    ``min`` or ``sort``: a central difference must not swap two entries.

    Args:
        shape: a shape, a strategy of shapes, or None for :func:`shapes`.
        dtype: a dtype, a strategy of dtypes, or None for :func:`float_dtypes`.
        gap: the least difference between two entries (a power of 2 keeps
            float32 exact).

    Returns:
        A strategy of arrays: a drawn permutation of an evenly spaced grid.

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(separated_arrays((5,), np.float64))
        ... def test(x):
        ...     assert np.min(np.diff(np.sort(x))) >= 0.25
        >>> test()
    """
    return _separated(shape, dtype, gap)


@st.composite
def _indices(
    draw: st.DrawFn, shape: Shape, allow_advanced: bool, unique: bool
) -> Any:
    nd = len(shape)
    ellipsis = nd > 0 and draw(st.booleans())
    if ellipsis:  # address some leading and some trailing axes around the Ellipsis
        lead = draw(st.integers(0, nd))
        trail = draw(st.integers(0, nd - lead))
        axes = list(range(lead)) + list(range(nd - trail, nd))
    else:  # often all axes: more room for advanced indices split by a slice
        lead = draw(st.just(nd) | st.integers(0, nd))
        axes = list(range(lead))
    length = draw(st.integers(1, 3))
    items: list[Any] = []
    advanced = ""  # "", "array" or "mask": masks do not mix with other arrays
    for ax in axes:
        n = shape[ax]
        kinds = ["full", "int", "slice"]
        if allow_advanced and not advanced:  # favour arrays: their layout rules are the subtle part
            kinds += ["array", "array", "mask"]
        elif allow_advanced and not unique and advanced == "array":
            kinds += ["array", "array"]
        kind = draw(st.sampled_from(kinds))
        if kind == "full":
            items.append(slice(None))
        elif kind == "int":
            items.append(draw(st.integers(-n, n - 1)))
        elif kind == "slice":
            bound = st.none() | st.integers(-n - 1, n + 1)
            step = draw(st.sampled_from([None, 1, 2, -1, -2]))
            items.append(slice(draw(bound), draw(bound), step))
        elif kind == "mask":
            items.append(draw(hnp.arrays(np.bool_, (n,))))
            advanced = "mask"
        elif unique:
            vals = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=min(n, 3), unique=True))
            neg = draw(st.lists(st.booleans(), min_size=len(vals), max_size=len(vals)))
            items.append(np.array([v - n if m else v for v, m in zip(vals, neg)], dtype=np.intp))
            advanced = "array"
        else:
            items.append(draw(hnp.arrays(np.intp, (length,), elements=st.integers(-n, n - 1))))
            advanced = "array"
    if ellipsis:
        items.insert(lead, Ellipsis)
    if draw(st.booleans()):
        items.insert(draw(st.integers(0, len(items))), None)
    if len(items) == 1 and draw(st.booleans()):
        return items[0]
    return tuple(items)


def indices(
    shape: Sequence[int], *, allow_advanced: bool = True, unique: bool = False
) -> st.SearchStrategy[Any]:
    """Indices for an array of ``shape``: ints, slices, None, Ellipsis, int and bool arrays.

    Integer arrays may repeat entries (so gathers that accumulate are
    exercised) and may be separated by slices (so NumPy moves their axes to the
    front).

    Args:
        shape: the shape of the array indexed.
        allow_advanced: allow integer and boolean arrays.
        unique: never address an element twice (for assignments, where a
            repeated index keeps only one of the values written).

    Returns:
        A strategy of indices, as written between brackets.

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10)
        ... @given(indices((3, 4)))
        ... def test(i):
        ...     np.zeros((3, 4))[i]
        >>> test()
    """
    return _indices(tuple(int(s) for s in shape), allow_advanced, unique)


@st.composite
def _square(
    draw: st.DrawFn, n: Optional[int], dtype: DTypeArg, batch_shape: Shape, spd: bool
) -> Array:
    size = draw(st.integers(1, 4)) if n is None else int(n)
    dt = draw(_dtype_strategy(dtype))
    entries = elements(Domain(-1.0, 1.0), np.float64)
    m = draw(hnp.arrays(np.float64, batch_shape + (size, size), elements=entries))
    eye = np.eye(size)
    if spd:
        a = m @ np.swapaxes(m, -1, -2) / size + eye
        a = 0.5 * (a + np.swapaxes(a, -1, -2))
    else:
        signs = draw(hnp.arrays(np.float64, batch_shape + (size,), elements=st.sampled_from([-1.0, 1.0])))
        a = (m + (size + 1) * signs[..., :, None] * eye) / (size + 1)
    return np.asarray(a.astype(dt))


def square_matrices(
    n: Optional[int] = None, dtype: DTypeArg = None, batch_shape: Sequence[int] = ()
) -> st.SearchStrategy[Array]:
    """Well-conditioned square matrices (condition number at most ``2n + 1``).

    Each is ``D + M / (n + 1)`` with ``D`` diagonal of entries +-1 and ``M``
    drawn in [-1, 1], so it is strictly diagonally dominant: invertible, with
    a bounded inverse, but neither symmetric nor definite.

    Args:
        n: the size (drawn from 1..4 when None).
        dtype: a dtype, a strategy of dtypes, or None for :func:`float_dtypes`.
        batch_shape: leading (stack) axes.

    Returns:
        A strategy of arrays of shape ``batch_shape + (n, n)``.

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(square_matrices(3, np.float64))
        ... def test(a):
        ...     assert np.linalg.cond(a) <= 7
        >>> test()
    """
    return _square(n, dtype, tuple(int(s) for s in batch_shape), False)


def spd_matrices(
    n: Optional[int] = None, dtype: DTypeArg = None, batch_shape: Sequence[int] = ()
) -> st.SearchStrategy[Array]:
    """Symmetric positive-definite matrices with eigenvalues in [1, n + 1].

    Each is ``B B^T / n + I`` with ``B`` drawn in [-1, 1], symmetrised exactly.
    For Cholesky factors, solves with them, log-determinants and the like.

    Args:
        n: as for :func:`square_matrices` (the size, drawn when None).
        dtype: as for :func:`square_matrices`.
        batch_shape: as for :func:`square_matrices` (leading axes).

    Returns:
        A strategy of symmetric arrays, shaped like those of :func:`square_matrices`.

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(spd_matrices(3, np.float64))
        ... def test(a):
        ...     assert (a == a.T).all() and np.linalg.eigvalsh(a).min() >= 1 - 1e-12
        >>> test()
    """
    return _square(n, dtype, tuple(int(s) for s in batch_shape), True)
