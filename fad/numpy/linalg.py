"""fad.numpy.linalg: linear algebra that traces (``fnp.linalg.inv`` etc.).

The counterpart of ``numpy.linalg``: ``np.linalg.inv(x)`` on a traced value
reaches ``fnp.linalg.inv`` through NumPy's dispatch. The functions are defined,
with their derivative rules, in ``fad/numpy/_linear_algebra.py``.

Example:
    >>> import numpy as np, fad, fad.numpy as fnp
    >>> float(fad.grad(fnp.linalg.det)(np.eye(2))[0, 0])
    1.0
"""

from fad.numpy._linear_algebra import cholesky as cholesky
from fad.numpy._linear_algebra import det as det
from fad.numpy._linear_algebra import eigh as eigh
from fad.numpy._linear_algebra import eigvalsh as eigvalsh
from fad.numpy._linear_algebra import inv as inv
from fad.numpy._linear_algebra import norm as norm
from fad.numpy._linear_algebra import qr as qr
from fad.numpy._linear_algebra import slogdet as slogdet
from fad.numpy._linear_algebra import solve as solve
from fad.numpy._linear_algebra import svd as svd
from fad.numpy._linear_algebra import svdvals as svdvals

__all__ = [
    "inv", "solve", "det", "slogdet", "norm", "cholesky", "eigh", "eigvalsh", "svd", "svdvals",
    "qr",
]
