"""fad.numpy.fft: discrete Fourier transforms that trace (``fnp.fft.rfft`` etc.).

The counterpart of ``numpy.fft``: ``np.fft.rfft(x)`` on a traced value
reaches ``fnp.fft.rfft`` through NumPy's dispatch. Every transform is
differentiable in both modes and to any order (its derivatives are Fourier
transforms again; complex values follow JAX's convention, see
``docs/fft.md``); ``fftfreq`` and ``rfftfreq`` make constants. The functions
are defined, with their derivative rules, in ``fad/numpy/_fft.py``.

Example:
    >>> import numpy as np, fad.numpy as fnp
    >>> fnp.fft.rfft(np.array([1.0, 0.0, 0.0, 0.0]))
    array([1.+0.j, 1.+0.j, 1.+0.j])
"""

from fad.numpy._fft import fft as fft
from fad.numpy._fft import fft2 as fft2
from fad.numpy._fft import fftfreq as fftfreq
from fad.numpy._fft import fftn as fftn
from fad.numpy._fft import fftshift as fftshift
from fad.numpy._fft import hfft as hfft
from fad.numpy._fft import ifft as ifft
from fad.numpy._fft import ifft2 as ifft2
from fad.numpy._fft import ifftn as ifftn
from fad.numpy._fft import ifftshift as ifftshift
from fad.numpy._fft import ihfft as ihfft
from fad.numpy._fft import irfft as irfft
from fad.numpy._fft import irfft2 as irfft2
from fad.numpy._fft import irfftn as irfftn
from fad.numpy._fft import rfft as rfft
from fad.numpy._fft import rfft2 as rfft2
from fad.numpy._fft import rfftfreq as rfftfreq
from fad.numpy._fft import rfftn as rfftn

__all__ = [
    "fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfft2", "irfft2", "rfftn",
    "irfftn", "hfft", "ihfft", "fftshift", "ifftshift", "fftfreq", "rfftfreq",
]
