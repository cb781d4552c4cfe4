"""Catalogue entries of fad.numpy.fft (see tests/_catalogue.py).

Three primitives: ``fft`` (the complex transform over distinct axes, forward
or inverse), ``rfft`` (real to half spectrum) and ``irfft`` (half spectrum to
real), each drawn through its n-dimensional public function with drawn axes,
lengths ``s`` (cropping and padding, odd and even) and ``norm``, on float32
and float64 arrays, real or complex (complex64, complex128) where the
function takes complex values.

Every public function of ``fad.numpy.fft`` also has a ``@composite`` drawer
(``"fft.rfft"``, ...), through ``fnp.fft`` or plain ``np.fft`` calls.
"""

from __future__ import annotations

from typing import Any, Callable, Optional, Sequence

import numpy as np
from hypothesis import strategies as st

import fad.numpy as fnp
from _catalogue import Array, Example, Fun, _dtypes, _entry, _noted, composite, rng_of, values
from fad.testing.strategies import REAL, complex_arrays, float_arrays

Drawn = tuple[Fun, tuple[Array, ...]]

NORMS = st.sampled_from([None, "backward", "ortho", "forward"])


def _shape(draw: st.DrawFn, min_dims: int = 1, max_dims: int = 3) -> tuple[int, ...]:
    d = draw(st.integers(min_dims, max_dims), label="dimensions")
    side = 6 if d == 1 else 4 if d == 2 else 3
    return tuple(draw(st.lists(st.integers(1, side), min_size=d, max_size=d), label="shape"))


def _axes(draw: st.DrawFn, nd: int, count: Optional[int] = None) -> tuple[int, ...]:
    """Distinct axes in a drawn order, some negative."""
    k = draw(st.integers(1, nd), label="how many axes") if count is None else count
    chosen = draw(st.permutations(range(nd)), label="axes")[:k]
    return tuple(a - nd if draw(st.booleans()) else a for a in chosen)


def _lengths(draw: st.DrawFn, have: Sequence[int]) -> Optional[tuple[int, ...]]:
    """None (the axes' own lengths), or a length per axis: cropped, padded,
    kept (-1), odd and even."""
    if draw(st.booleans(), label="s given"):
        return tuple(draw(st.sampled_from([-1, max(n - 1, 1), n, n + 1, n + 2]), label="length") for n in have)
    return None


def _operand(draw: st.DrawFn, shape: tuple[int, ...], complex_: bool) -> tuple[Callable[..., Any], tuple[Array, ...]]:
    """A real operand, or a complex one (complex64 or complex128, as the
    float dtype drawn)."""
    dt = _dtypes(draw, 1)[0]
    if not complex_:
        return (lambda x: x), (draw(float_arrays(shape, dt)),)
    return (lambda z: z), (draw(complex_arrays(shape, np.result_type(dt, np.complex64))),)


def _make(transform: Callable[[Any], Any], make: Callable[..., Any], **notes: Any) -> Fun:
    return _noted(lambda *parts: transform(make(*parts)), **notes)


# --- the primitives -----------------------------------------------------------------------


def _build(transform: Callable[..., Any], complex_: bool, real_out: bool = False) -> Any:
    """An example's builder: ``transform`` of a seeded operand of a drawn shape."""

    def build(data: Any, dtype: Any) -> Drawn:
        shape = _shape(data.draw)
        rng = rng_of(data)
        re = values(rng, shape, REAL, dtype)
        if not complex_:
            return transform, (re,)
        im = values(rng, shape, REAL, dtype)
        return (lambda re, im: transform(re + 1j * im)), (re, im)

    return build


@_entry(
    "fft",
    Example("fnp.fft.fft", _build(lambda z: fnp.fft.fft(z), True)),
    Example("np.fft.fftn", _build(lambda x: np.fft.fftn(x, norm="ortho"), False)),
    Example("np.fft.ifft", _build(lambda z: np.fft.ifft(z, n=4), True)),
)
def _fft(draw: st.DrawFn) -> Drawn:
    shape = _shape(draw)
    axes = _axes(draw, len(shape))
    s = _lengths(draw, [shape[a] for a in axes])
    norm, inverse = draw(NORMS, label="norm"), draw(st.booleans(), label="inverse")
    make, args = _operand(draw, shape, draw(st.booleans(), label="complex"))
    fn = fnp.fft.ifftn if inverse else fnp.fft.fftn
    return _make(lambda z: fn(z, s, axes, norm), make, axes=axes, s=s, norm=norm, inverse=inverse), args


@_entry(
    "rfft",
    Example("fnp.fft.rfft", _build(lambda x: fnp.fft.rfft(x), False)),
    Example("np.fft.rfft", _build(lambda x: np.fft.rfft(x, n=5, axis=0), False)),
)
def _rfft(draw: st.DrawFn) -> Drawn:
    shape = _shape(draw)
    axes = _axes(draw, len(shape))
    s = _lengths(draw, [shape[a] for a in axes])
    norm = draw(NORMS, label="norm")
    make, args = _operand(draw, shape, False)
    return _make(lambda x: fnp.fft.rfftn(x, s, axes, norm), make, axes=axes, s=s, norm=norm), args


@_entry(
    "irfft",
    Example("fnp.fft.irfft", _build(lambda z: fnp.fft.irfft(z, n=6), True)),
    Example("np.fft.irfft", _build(lambda z: np.fft.irfft(z, n=5), True)),
)
def _irfft(draw: st.DrawFn) -> Drawn:
    shape = _shape(draw)
    axes = _axes(draw, len(shape))
    s = _lengths(draw, [shape[a] for a in axes[:-1]] + [2 * shape[axes[-1]] - 1])
    if s is None and shape[axes[-1]] == 1:
        s = tuple(shape[a] for a in axes[:-1]) + (draw(st.sampled_from([1, 2]), label="n"),)
    norm = draw(NORMS, label="norm")
    make, args = _operand(draw, shape, draw(st.booleans(), label="complex"))
    return _make(lambda z: fnp.fft.irfftn(z, s, axes, norm), make, axes=axes, s=s, norm=norm), args


# --- every public function ------------------------------------------------------------------

_ROUTES = st.sampled_from(["fnp", "np"])


def _route(draw: st.DrawFn, name: str) -> Callable[..., Any]:
    """``fnp.fft.<name>``, or NumPy's, which dispatches to it on traced values."""
    module = fnp.fft if draw(_ROUTES, label="route") == "fnp" else np.fft
    return getattr(module, name)  # type: ignore[no-any-return]


def _one_axis(name: str, complex_in: bool, inverse_real: bool = False) -> Callable[[st.DrawFn], Drawn]:
    """A drawer for a 1-D transform ``name(a, n, axis, norm)``."""

    def draw_case(draw: st.DrawFn) -> Drawn:
        shape = _shape(draw, max_dims=2)
        axis = draw(st.integers(-len(shape), len(shape) - 1), label="axis")
        have = shape[axis]
        options: list[Optional[int]] = [max(have - 1, 1), have, have + 1, 2 * have - 1, 2 * have]
        if not inverse_real or have > 1:
            options.append(None)
        n = draw(st.sampled_from(options), label="n")
        norm = draw(NORMS, label="norm")
        fn = _route(draw, name)
        complex_ = complex_in and draw(st.booleans(), label="complex")
        make, args = _operand(draw, shape, complex_)
        return _make(lambda z: fn(z, n, axis, norm), make, n=n, axis=axis, norm=norm, complex=complex_), args

    return draw_case


def _n_axes(name: str, complex_in: bool, two: bool = False, inverse_real: bool = False) -> Callable[[st.DrawFn], Drawn]:
    """A drawer for an n-dimensional transform ``name(a, s, axes, norm)``."""

    def draw_case(draw: st.DrawFn) -> Drawn:
        shape = _shape(draw, min_dims=2 if two else 1)
        axes = _axes(draw, len(shape), 2 if two else None)
        have = [shape[a] for a in axes]
        if inverse_real:
            have[-1] = 2 * have[-1] - 1
        s = _lengths(draw, have)
        if inverse_real and s is None and shape[axes[-1]] == 1:
            s = tuple(have[:-1]) + (2,)
        norm = draw(NORMS, label="norm")
        fn = _route(draw, name)
        complex_ = complex_in and draw(st.booleans(), label="complex")
        make, args = _operand(draw, shape, complex_)
        return _make(lambda z: fn(z, s, axes, norm), make, s=s, axes=axes, norm=norm, complex=complex_), args

    return draw_case


for _name, _complex_in in (("fft", True), ("ifft", True), ("rfft", False), ("ihfft", False)):
    composite(f"fft.{_name}")(_one_axis(_name, _complex_in))
for _name in ("irfft", "hfft"):
    composite(f"fft.{_name}")(_one_axis(_name, True, inverse_real=True))
for _name, _complex_in in (("fftn", True), ("ifftn", True), ("rfftn", False)):
    composite(f"fft.{_name}")(_n_axes(_name, _complex_in))
for _name, _complex_in in (("fft2", True), ("ifft2", True), ("rfft2", False)):
    composite(f"fft.{_name}")(_n_axes(_name, _complex_in, two=True))
composite("fft.irfftn")(_n_axes("irfftn", True, inverse_real=True))
composite("fft.irfft2")(_n_axes("irfft2", True, two=True, inverse_real=True))


def _shift(name: str) -> Callable[[st.DrawFn], Drawn]:
    def draw_case(draw: st.DrawFn) -> Drawn:
        shape = _shape(draw)
        axes: Any = draw(st.sampled_from(["none", "int", "tuple"]), label="axes kind")
        if axes == "none":
            axes = None
        elif axes == "int":
            axes = draw(st.integers(-len(shape), len(shape) - 1), label="axis")
        else:
            axes = _axes(draw, len(shape))
        fn = _route(draw, name)
        complex_ = draw(st.booleans(), label="complex")
        make, args = _operand(draw, shape, complex_)
        return _make(lambda z: fn(z, axes), make, axes=axes, complex=complex_), args

    return draw_case


composite("fft.fftshift")(_shift("fftshift"))
composite("fft.ifftshift")(_shift("ifftshift"))
