"""fad.scipy: SciPy's namespaces, traced (``special``, ``stats``, ``linalg``,
``signal``, ``integrate``).

SciPy is an optional dependency (``pip install 'fad[scipy]'``): ``import fad``
never imports it, and ``import fad.scipy`` says how to install it when it is
missing. As ``fad.numpy`` mirrors NumPy, each submodule mirrors its SciPy
namesake, differentiable in both modes wherever the maths is.

Example:
    >>> import fad, fad.scipy.linalg
    >>> fad.scipy.linalg.__name__
    'fad.scipy.linalg'
"""


try:
    import scipy as _scipy  # noqa: F401
except ImportError as error:  # pragma: no cover - the test extra installs SciPy
    raise ImportError(
        "fad.scipy needs SciPy, an optional dependency: pip install 'fad[scipy]'"
    ) from error

from fad.scipy import integrate as integrate
from fad.scipy import linalg as linalg
from fad.scipy import signal as signal
from fad.scipy import special as special
from fad.scipy import stats as stats

__all__ = ["integrate", "linalg", "signal", "special", "stats"]
