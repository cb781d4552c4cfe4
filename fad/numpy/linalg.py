"""fad.numpy.linalg: linear algebra that traces (``fnp.linalg.inv`` etc.).

The counterpart of ``numpy.linalg``: ``np.linalg.inv(x)`` on a traced value
reaches ``fnp.linalg.inv`` through NumPy's dispatch. The functions are defined,
with their derivative rules, in ``fad/numpy/_linear_algebra.py``.

Example:
    >>> import numpy as np, fad, fad.numpy as fnp
    >>> float(fad.grad(fnp.linalg.det)(np.eye(2))[0, 0])
    1.0
"""

from numpy.linalg import LinAlgError as LinAlgError

from fad.numpy._linear_algebra import cholesky as cholesky
from fad.numpy._linear_algebra import cross as cross
from fad.numpy._linear_algebra import diagonal as diagonal
from fad.numpy._linear_algebra import matmul as matmul
from fad.numpy._linear_algebra import matrix_transpose as matrix_transpose
from fad.numpy._linear_algebra import outer as outer
from fad.numpy._linear_algebra import tensordot as tensordot
from fad.numpy._linear_algebra import trace as trace
from fad.numpy._linear_algebra import vecdot as vecdot
from fad.numpy._linear_algebra import cond as cond
from fad.numpy._linear_algebra import det as det
from fad.numpy._linear_algebra import eig as eig
from fad.numpy._linear_algebra import eigh as eigh
from fad.numpy._linear_algebra import eigvals as eigvals
from fad.numpy._linear_algebra import eigvalsh as eigvalsh
from fad.numpy._linear_algebra import inv as inv
from fad.numpy._linear_algebra import lstsq as lstsq
from fad.numpy._linear_algebra import matrix_norm as matrix_norm
from fad.numpy._linear_algebra import matrix_power as matrix_power
from fad.numpy._linear_algebra import matrix_rank as matrix_rank
from fad.numpy._linear_algebra import multi_dot as multi_dot
from fad.numpy._linear_algebra import norm as norm
from fad.numpy._linear_algebra import pinv as pinv
from fad.numpy._linear_algebra import qr as qr
from fad.numpy._linear_algebra import slogdet as slogdet
from fad.numpy._linear_algebra import solve as solve
from fad.numpy._linear_algebra import svd as svd
from fad.numpy._linear_algebra import svdvals as svdvals
from fad.numpy._linear_algebra import tensorinv as tensorinv
from fad.numpy._linear_algebra import tensorsolve as tensorsolve
from fad.numpy._linear_algebra import vector_norm as vector_norm

__all__ = [
    "inv", "solve", "det", "slogdet", "norm", "cholesky", "eigh", "eigvalsh", "svd", "svdvals",
    "qr", "pinv", "lstsq", "matrix_power", "multi_dot", "tensorsolve", "tensorinv", "cond",
    "vector_norm", "matrix_norm", "matrix_rank", "eig", "eigvals",
    # the array API's: on the last axes, or vectors only
    "diagonal", "trace", "outer", "cross", "matmul", "tensordot", "vecdot", "matrix_transpose",
    "LinAlgError",
]
