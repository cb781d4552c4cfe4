"""fad.scipy.linalg: the traced counterpart of ``scipy.linalg``.

The SciPy helpers that linear-algebra code uses beside ``numpy.linalg``:
triangular and Cholesky solves (so a Gaussian log-likelihood never forms an
inverse), banded and Sylvester solves, and the matrix exponential and square
root. Each takes SciPy's arguments (``lower``, ``trans``, ``unit_diagonal``,
``(l, u)``) and returns SciPy's values; each is differentiable in both modes
and to any order, its rules written with fad's own operations. Unlike SciPy's,
they also accept stacks of matrices ``(..., n, n)`` (except ``solve_banded``).

SciPy's functions are not NumPy ufuncs, so ``scipy.linalg.cholesky(x)`` on a
traced ``x`` cannot reach fad: call ``fad.scipy.linalg.cholesky`` instead (the
same arguments). ``cholesky``, ``solve``, ``inv`` and ``det`` are here for that.

Example:
    >>> import numpy as np, fad
    >>> from fad.scipy import linalg
    >>> a = np.array([[4.0, 2.0], [2.0, 3.0]])
    >>> y = np.array([1.0, 2.0])
    >>> def quad(t):  # y^T (A + t I)^-1 y by a Cholesky factor: no inverse formed
    ...     return y @ linalg.cho_solve(linalg.cho_factor(a + t * np.eye(2), lower=True), y)
    >>> x = np.linalg.solve(a, y)
    >>> bool(np.isclose(fad.grad(quad)(0.0), -x @ x))
    True
"""

from __future__ import annotations

from typing import Any, Literal, Sequence, Union

import numpy as np
import scipy.linalg as _sl

from fad._primitive import Kind, Primitive, defjvp, defjvp_joint, defvjp, defvjp_joint, seal_builtins
from fad._tracer import Tracer, concrete, keeps_real_arguments
from fad.numpy._base import as_operand, broadcast_to, concatenate, getitem, moveaxis, reshape, sum
from fad.numpy._linear_algebra import _triangle, _triangular_solve
from fad.numpy._linear_algebra import cholesky as _np_cholesky
from fad.numpy._linear_algebra import det as _np_det
from fad.numpy._linear_algebra import inv as _np_inv
from fad.numpy._linear_algebra import solve as _np_solve
from fad.numpy._products import matmul
from fad.numpy._shape import diagonal, expand_dims, swapaxes
from fad.numpy._elementwise import conjugate, real
from fad.numpy._util import Array, ArrayLike, bind, dtype, has_tracer, ndim, shape

__all__ = [
    "solve_triangular", "cho_factor", "cho_solve", "solve_banded", "solve_sylvester",
    "expm", "sqrtm", "cholesky", "solve", "inv", "det",
]

Trans = Union[Literal[0, 1, 2], Literal["N", "T", "C"]]


def _mT(a: Any) -> Any:
    return swapaxes(a, -1, -2)


def _traced(*xs: Any) -> bool:
    return any(type(x) is Tracer or (type(x) in (list, tuple) and has_tracer(x)) for x in xs)


def _square(a: Any, fn: str) -> None:
    s = shape(a)
    if len(s) < 2 or s[-1] != s[-2]:
        raise ValueError(f"scipy.linalg.{fn} needs square matrices (..., n, n); got shape {s}")


def _columns(b: Any, fn: str, n: int) -> tuple[Any, bool]:
    """``b`` as a (stack of) matrices of ``n`` rows, and whether it was a vector."""
    if ndim(b) == 0:
        raise ValueError(f"scipy.linalg.{fn} needs a right-hand side of at least one dimension")
    rows = shape(b)[0] if ndim(b) == 1 else shape(b)[-2]
    if rows != n:
        raise ValueError(
            f"scipy.linalg.{fn}: b must have {n} rows, as the matrix is {n} x {n}; got b of shape "
            f"{shape(b)} (a vector (n,) or matrices (..., n, k))"
        )
    if ndim(b) == 1:
        return reshape(b, shape(b) + (1,)), True
    return b, False


def _vector_back(x: Any, vector: bool) -> Any:
    return reshape(x, shape(x)[:-1]) if vector else x


# --- triangular and Cholesky solves ---------------------------------------------------


def _transposed(trans: Any) -> int:
    """0: solve ``a x = b``; 1: ``a^T x = b``; 2: ``a^H x = b`` (the conjugate transpose)."""
    if trans in (0, "N", "n"):
        return 0
    if trans in (1, "T", "t"):
        return 1
    if trans in (2, "C", "c"):
        return 2
    raise ValueError(f"scipy.linalg.solve_triangular: trans must be 0, 1, 2, 'N', 'T' or 'C'; got {trans!r}")


def solve_triangular(
    a: ArrayLike,
    b: ArrayLike,
    trans: Trans = 0,
    lower: bool = False,
    unit_diagonal: bool = False,
    overwrite_b: bool = False,
    check_finite: bool = True,
) -> Array:
    """Solve ``a x = b`` (or ``a^T x = b``) for a triangular ``a``.

    Only ``a``'s lower (``lower=True``) or upper triangle is read, as in
    SciPy, and so only that triangle has a derivative; with
    ``unit_diagonal=True`` its diagonal is taken to be ones and not read either.
    The cost is that of the solve (no factorisation, no inverse): the
    derivative with respect to ``b`` is another triangular solve, and with
    respect to ``a`` a product with it.

    Args:
        a: triangular matrices ``(..., n, n)``.
        b: right-hand side(s), ``(n,)`` or ``(..., n, k)``.
        trans: 0 or ``'N'`` solves ``a x = b``; 1, 2, ``'T'`` or ``'C'`` solve ``a^T x = b``.
        lower: read the lower triangle (else the upper).
        unit_diagonal: take the diagonal to be ones.
        overwrite_b: accepted for SciPy's signature; fad never writes into its arguments.
        check_finite: SciPy's check for infinities and NaNs in the inputs.

    Returns:
        The solution, shaped like ``b`` (broadcast with ``a``'s stack).

    Example:
        >>> import numpy as np
        >>> from fad.scipy.linalg import solve_triangular
        >>> solve_triangular(np.array([[2.0, 0.0], [1.0, 1.0]]), np.array([2.0, 3.0]), lower=True)
        array([1., 2.])
    """
    if not _traced(a, b):
        return _sl.solve_triangular(  # type: ignore[no-any-return]
            a, b, trans=trans, lower=lower, unit_diagonal=unit_diagonal, check_finite=check_finite
        )
    a, b = as_operand(a), as_operand(b)
    _square(a, "solve_triangular")
    _finite(check_finite, "solve_triangular", a, b)
    if unit_diagonal:  # the diagonal is not read: ones in its place
        eye = np.eye(shape(a)[-1], dtype=dtype(a))
        a = a * (1 - eye) + eye
    kind = _transposed(trans)
    if kind:
        a, lower = _mT(a), not lower
        if kind == 2 and np.iscomplexobj(concrete(a)):
            a = conjugate(a)
    b, vector = _columns(b, "solve_triangular", shape(a)[-1])
    return _vector_back(_triangular_solve(a, b, lower), vector)  # type: ignore[no-any-return]


def _finite(check: bool, fn: str, *xs: Any) -> None:
    """SciPy's ``check_finite``, on the values of traced arguments."""
    if check:

        for x in xs:
            if not np.all(np.isfinite(concrete(x))):
                raise ValueError(f"scipy.linalg.{fn}: array must not contain infs or NaNs")


def cholesky(a: ArrayLike, lower: bool = False, overwrite_a: bool = False, check_finite: bool = True) -> Array:
    """The Cholesky factor of a symmetric positive-definite matrix, SciPy's way.

    SciPy's default is the *upper* factor ``U`` (``a = U^T U``), read from
    ``a``'s upper triangle; ``lower=True`` gives NumPy's ``L`` (``a = L L^T``)
    from the lower triangle. The rules are those of
    ``fad.numpy.linalg.cholesky`` (Murray 2016).

    Args:
        a: symmetric positive-definite matrices ``(..., n, n)``.
        lower: return the lower factor (else the upper).
        overwrite_a: accepted for SciPy's signature; fad never writes into its arguments.
        check_finite: SciPy's check for infinities and NaNs.

    Returns:
        The factor, of ``a``'s shape, zero outside its triangle.

    Example:
        >>> import numpy as np
        >>> from fad.scipy.linalg import cholesky
        >>> cholesky(np.array([[4.0, 2.0], [2.0, 2.0]]))
        array([[2., 1.],
               [0., 1.]])
    """
    if not _traced(a):
        return _sl.cholesky(a, lower=lower, check_finite=check_finite)  # type: ignore[no-any-return]
    a = as_operand(a)
    _finite(check_finite, "cholesky", a)
    return _factor(a, lower, "cholesky")


def _factor(a: Any, lower: bool, fn: str) -> Array:
    """``fad.numpy.linalg.cholesky``, its error naming ``scipy.linalg.<fn>``."""
    try:
        return _np_cholesky(a, upper=not lower)
    except np.linalg.LinAlgError as error:
        raise np.linalg.LinAlgError(str(error).replace("np.linalg.cholesky", f"scipy.linalg.{fn}", 1)) from None


def cho_factor(
    a: ArrayLike, lower: bool = False, overwrite_a: bool = False, check_finite: bool = True
) -> tuple[Array, bool]:
    """The Cholesky factorisation of ``a``, for :func:`cho_solve`.

    As SciPy's, it returns ``(c, lower)`` with the factor in ``c``'s lower
    (``lower=True``) or upper triangle. SciPy leaves arbitrary values in the
    other triangle; fad leaves zeros there, so that the values are the same
    traced or not (``cho_solve`` reads neither).

    Args:
        a: symmetric positive-definite matrices ``(..., n, n)``.
        lower: keep the lower factor (else the upper).
        overwrite_a: accepted for SciPy's signature; fad never writes into its arguments.
        check_finite: SciPy's check for infinities and NaNs.

    Returns:
        ``(c, lower)``.

    Example:
        >>> import numpy as np
        >>> from fad.scipy.linalg import cho_factor
        >>> c, lower = cho_factor(np.array([[4.0, 2.0], [2.0, 2.0]]), lower=True)
        >>> np.tril(c), lower
        (array([[2., 0.],
               [1., 1.]]), True)
    """
    if not _traced(a):
        c = _sl.cho_factor(a, lower=lower, check_finite=check_finite)[0]
        return (np.tril(c) if lower else np.triu(c)), lower  # the same values traced or not
    a = as_operand(a)
    _finite(check_finite, "cho_factor", a)
    return _factor(a, lower, "cho_factor"), lower


def cho_solve(
    c_and_lower: tuple[ArrayLike, bool], b: ArrayLike, overwrite_b: bool = False, check_finite: bool = True
) -> Array:
    """Solve ``a x = b`` given ``a``'s Cholesky factorisation from :func:`cho_factor`.

    Two triangular solves, ``L^-H (L^-1 b)`` (``L^-T`` for a real factor): the factor's triangle is all that
    is read, and no inverse is formed, in the value or in its derivatives.

    Args:
        c_and_lower: ``(c, lower)`` as :func:`cho_factor` returns it.
        b: right-hand side(s), ``(n,)`` or ``(..., n, k)``.
        overwrite_b: accepted for SciPy's signature; fad never writes into its arguments.
        check_finite: SciPy's check for infinities and NaNs.

    Returns:
        The solution, shaped like ``b``.

    Example:
        >>> import numpy as np
        >>> from fad.scipy.linalg import cho_factor, cho_solve
        >>> a = np.array([[4.0, 2.0], [2.0, 2.0]])
        >>> cho_solve(cho_factor(a), np.array([2.0, 0.0]))
        array([ 1., -1.])
    """
    try:
        c, lower = c_and_lower
        if not isinstance(lower, (bool, np.bool_, int)):  # e.g. the rows of a matrix
            raise TypeError
    except (TypeError, ValueError):
        raise TypeError(
            "scipy.linalg.cho_solve takes (c, lower) as its first argument, as cho_factor returns it"
        ) from None
    if not _traced(c, b):
        return _sl.cho_solve((c, lower), b, check_finite=check_finite)  # type: ignore[no-any-return]
    c, b = as_operand(c), as_operand(b)
    _square(c, "cho_solve")
    _finite(check_finite, "cho_solve", c, b)
    b, vector = _columns(b, "cho_solve", shape(c)[-1])
    ch = conjugate(_mT(c)) if dtype(c).kind == "c" else _mT(c)  # c^H
    if lower:  # a = L L^H
        x = _triangular_solve(ch, _triangular_solve(c, b, True), False)
    else:  # a = U^H U
        x = _triangular_solve(c, _triangular_solve(ch, b, True), False)
    return _vector_back(x, vector)  # type: ignore[no-any-return]


def solve(a: ArrayLike, b: ArrayLike, lower: bool = False, overwrite_a: bool = False,
          overwrite_b: bool = False, check_finite: bool = True, assume_a: Any = None,
          transposed: bool = False) -> Array:
    """Solve ``a x = b`` for a square ``a``, with SciPy's arguments.

    ``assume_a`` names the structure, and so what is read, as in SciPy:
    ``'pos'`` (positive definite) solves by a Cholesky factor of ``a``'s
    ``lower`` (else upper) triangle; ``'sym'`` and ``'her'`` (the same for real
    matrices) by an LU solve of the symmetric matrix made from that triangle;
    ``'lower triangular'`` and ``'upper triangular'`` by one triangular solve;
    ``'diagonal'`` and ``'tridiagonal'`` read only those bands; ``None``,
    ``'gen'`` and ``'banded'`` solve the whole matrix by LU
    (``fad.numpy.linalg.solve``). Any other string is an error, as in SciPy.

    Args:
        a: square matrices ``(..., n, n)``.
        b: right-hand side(s), ``(n,)`` or ``(..., n, k)``.
        lower: with ``assume_a='pos'`` or ``'sym'``, read the lower triangle.
        overwrite_a: accepted for SciPy's signature; fad never writes into its arguments.
        overwrite_b: accepted for SciPy's signature.
        check_finite: SciPy's check for infinities and NaNs.
        assume_a: SciPy's structure hint.
        transposed: solve ``a^T x = b``.

    Returns:
        The solution, shaped like ``b``.

    Example:
        >>> import numpy as np
        >>> from fad.scipy.linalg import solve
        >>> solve(np.array([[4.0, 2.0], [2.0, 2.0]]), np.array([2.0, 0.0]), assume_a="pos")
        array([ 1., -1.])
    """
    if not _traced(a, b):
        return _sl.solve(a, b, lower=lower, check_finite=check_finite,  # type: ignore[no-any-return]
                         assume_a=assume_a, transposed=transposed)
    a, b = as_operand(a), as_operand(b)
    _square(a, "solve")
    _finite(check_finite, "solve", a, b)
    # As SciPy: a symmetric a is its own transpose (``transposed`` changes nothing)
    # and is read from its ``lower`` (else upper) triangle; a triangular one from
    # the triangle its kind names.
    n = shape(a)[-1]
    _columns(b, "solve", n)  # the shape check, naming solve
    if assume_a in ("pos", "positive definite"):
        c = _factor(a, lower, "solve")
        return cho_solve((c, lower), b, check_finite=False)
    if assume_a in ("sym", "symmetric", "her", "hermitian"):  # for real matrices, one and the same
        t = _triangle(a, lower)
        eye = np.eye(n, dtype=dtype(a))
        if assume_a in ("her", "hermitian") and np.iscomplexobj(concrete(a)):
            # LAPACK mirrors the triangle conjugated and reads the diagonal's real part
            strict = t - t * eye
            return _np_solve(strict + conjugate(_mT(strict)) + real(t * eye), b)
        return _np_solve(t + _mT(t) - t * eye, b)
    if assume_a in ("lower triangular", "upper triangular"):
        return solve_triangular(a, b, trans=1 if transposed else 0,
                                lower=assume_a.startswith("lower"), check_finite=False)
    if assume_a == "diagonal":  # only the diagonal is read
        d = diagonal(a, axis1=-2, axis2=-1)
        return b / (d if ndim(b) == 1 else expand_dims(d, -1))
    if assume_a == "tridiagonal":  # only the three middle bands are read
        a = a * (np.tri(n, n, 1, dtype=dtype(a)) * np.tri(n, n, 1, dtype=dtype(a)).T)
    elif assume_a not in _GENERAL:
        raise ValueError(
            f"scipy.linalg.solve: {assume_a!r} is not a recognized matrix structure; SciPy's are "
            "None, 'gen'/'general', 'banded', 'tridiagonal', 'diagonal', 'sym'/'symmetric', "
            "'her'/'hermitian', 'pos'/'positive definite', 'lower triangular', 'upper triangular'"
        )
    return _np_solve(_mT(a) if transposed else a, b)


_GENERAL = (None, "gen", "general", "banded")
"""Structures solved by LU on the whole matrix. SciPy's ``'banded'`` finds the
bands from the values (an entry outside them is zero), so its derivative is the
general solve's."""


def inv(a: ArrayLike, overwrite_a: bool = False, check_finite: bool = True) -> Array:
    """The inverse of a square matrix, as ``fad.numpy.linalg.inv``.

    Args:
        a: square matrices ``(..., n, n)``.
        overwrite_a: accepted for SciPy's signature; fad never writes into its arguments.
        check_finite: SciPy's check for infinities and NaNs.

    Returns:
        The inverse.

    Example:
        >>> import numpy as np
        >>> from fad.scipy.linalg import inv
        >>> inv(np.array([[2.0, 0.0], [0.0, 4.0]]))
        array([[0.5 , 0.  ],
               [0.  , 0.25]])
    """
    if not _traced(a):
        return _sl.inv(a, check_finite=check_finite)  # type: ignore[no-any-return]
    _finite(check_finite, "inv", a)
    return _np_inv(as_operand(a))


def det(a: ArrayLike, overwrite_a: bool = False, check_finite: bool = True) -> Array:
    """The determinant, as ``fad.numpy.linalg.det`` (its derivative the transposed adjugate).

    Args:
        a: square matrices ``(..., n, n)``.
        overwrite_a: accepted for SciPy's signature; fad never writes into its arguments.
        check_finite: SciPy's check for infinities and NaNs.

    Returns:
        The determinant(s).

    Example:
        >>> import numpy as np
        >>> from fad.scipy.linalg import det
        >>> float(det(np.array([[2.0, 1.0], [1.0, 3.0]])))
        5.0
    """
    if not _traced(a):
        return _sl.det(a, check_finite=check_finite)  # type: ignore[no-any-return]
    _finite(check_finite, "det", a)
    return _np_det(as_operand(a))


# --- the Sylvester equation -----------------------------------------------------------


def _stacked(fn: Any, *xs: Any) -> Any:
    """Apply SciPy's 2-D ``fn`` to each matrix of broadcast stacks."""
    stack = np.broadcast_shapes(*(np.shape(x)[:-2] for x in xs))
    if not stack:
        return fn(*xs)
    xs = tuple(np.broadcast_to(x, stack + np.shape(x)[-2:]) for x in xs)
    out = [fn(*(x[i] for x in xs)) for i in np.ndindex(stack)]
    return np.stack(out).reshape(stack + out[0].shape)


def _separation(a: Any, b: Any) -> tuple[float, float]:
    """``min |lambda_i(a) + mu_j(b)|`` over all the stacks' matrices, and the
    tolerance below which ``a x + x b = q`` has no unique solution (the operator
    ``x -> a x + x b`` has the eigenvalues ``lambda_i + mu_j``)."""
    la, mb = np.linalg.eigvals(a), np.linalg.eigvals(b)
    sums = np.abs(la[..., :, None] + mb[..., None, :])
    scale = np.max(np.abs(la), initial=0.0) + np.max(np.abs(mb), initial=0.0)
    eps = np.finfo(np.result_type(a, b, np.float32)).eps
    return float(np.min(sums, initial=np.inf)), max(a.shape[-1], b.shape[-1]) * eps * scale


def _sylvester_impl(a: Any, b: Any, q: Any) -> Any:
    sep, tol = _separation(a, b)
    if not sep > tol:
        raise np.linalg.LinAlgError(
            "scipy.linalg.solve_sylvester: a x + x b = q has no unique solution, as a and -b "
            f"share an eigenvalue (the smallest |lambda(a) + mu(b)| is {sep:.3g}); SciPy would "
            "return an arbitrary x"
        )
    return _stacked(_sl.solve_sylvester, a, b, q)


solve_sylvester_p = Primitive("solve_sylvester", _sylvester_impl, kind=Kind.STRUCTURAL, saves=(0, 1, "y"))


def solve_sylvester(a: ArrayLike, b: ArrayLike, q: ArrayLike) -> Array:
    """Solve the Sylvester equation ``a x + x b = q`` for ``x``.

    Bartels–Stewart, as SciPy's, but where the equation has no unique solution
    (``a`` and ``-b`` share an eigenvalue) a ``LinAlgError`` says so instead of
    returning an arbitrary ``x``. Its derivative is another Sylvester solve:
    ``a dx + dx b = dq - da x - x db``, and the transpose of that map solves
    with ``a^T`` and ``b^T``.

    Args:
        a: ``(..., m, m)``.
        b: ``(..., n, n)``.
        q: ``(..., m, n)``.

    Returns:
        ``x``, ``(..., m, n)``.

    Example:
        >>> import numpy as np
        >>> from fad.scipy.linalg import solve_sylvester
        >>> solve_sylvester(np.diag([1.0, 2.0]), np.array([[1.0]]), np.array([[2.0], [6.0]]))
        array([[1.],
               [2.]])
    """
    if not _traced(a, b, q):
        return _sylvester_impl(np.asarray(a), np.asarray(b), np.asarray(q))  # type: ignore[no-any-return]
    a, b, q = as_operand(a), as_operand(b), as_operand(q)
    _square(a, "solve_sylvester")
    _square(b, "solve_sylvester")
    if shape(q)[-2:] != (shape(a)[-1], shape(b)[-1]):
        raise ValueError(
            f"scipy.linalg.solve_sylvester: q must be (..., {shape(a)[-1]}, {shape(b)[-1]}) "
            f"for a {shape(a)} and b {shape(b)}; got {shape(q)}"
        )
    stack = np.broadcast_shapes(shape(a)[:-2], shape(b)[:-2], shape(q)[:-2])
    if stack:  # one stack for all three, so the rules read like the maths
        a, b, q = (broadcast_to(t, stack + shape(t)[-2:]) for t in (a, b, q))
    return bind(solve_sylvester_p, a, b, q)


# With S(X) = A X + X B and X = S^-1(Q) (the adjoint of S is G -> A^T G + G B^T):
#   X-dot = S^-1(Q-dot - A-dot X - X B-dot);
#   G = S^-T(X-bar): Q-bar = G, A-bar = -G X^T, B-bar = -X^T G.
def _sylvester_vjp(needed: Sequence[bool], x: Any, xbar: Any, a: Any, b: Any, q: Any) -> list[Any]:
    g = solve_sylvester(_mT(a), _mT(b), xbar)
    return [
        -matmul(g, _mT(x)) if needed[0] else None,
        -matmul(_mT(x), g) if needed[1] else None,
        g if needed[2] else None,
    ]


def _sylvester_jvp(xdots: Sequence[Any], x: Any, a: Any, b: Any, q: Any) -> Any:
    adot, bdot, qdot = xdots
    terms = [qdot, None if adot is None else -matmul(adot, x), None if bdot is None else -matmul(x, bdot)]
    rhs = [t for t in terms if t is not None]
    total = rhs[0]
    for t in rhs[1:]:
        total = total + t
    return solve_sylvester(a, b, total)  # a tangent's batch axes broadcast a and b


defvjp_joint(solve_sylvester_p, _sylvester_vjp)
defjvp_joint(solve_sylvester_p, _sylvester_jvp)


# --- the matrix exponential -----------------------------------------------------------


expm_p = Primitive("expm", _sl.expm, kind=Kind.STRUCTURAL, saves=(0,))


def expm(A: ArrayLike) -> Array:
    """The matrix exponential ``sum_k A^k / k!``.

    SciPy's scaling-and-squaring Padé approximation for the value; the
    derivative (the Fréchet derivative ``L(A, E)``) is the top-right block of
    the exponential of the block matrix ``[[A, E], [0, A]]`` (Mathias 1996;
    Higham, *Functions of Matrices*, 2008, thm 3.6), and its transpose is
    ``L(A^T, .)`` (ibid., the adjoint of a Fréchet derivative of a function
    with real Taylor coefficients). Both are written with ``expm`` itself, so
    they differentiate again.

    Args:
        A: square matrices ``(..., n, n)``.

    Returns:
        ``exp(A)``, of ``A``'s shape.

    Example:
        >>> import numpy as np, fad
        >>> from fad.scipy.linalg import expm
        >>> expm(np.zeros((2, 2)))
        array([[1., 0.],
               [0., 1.]])
        >>> float(fad.grad(lambda t: expm(t * np.array([[0.0, 1.0], [-1.0, 0.0]]))[0, 1])(0.0))
        1.0
    """
    if not _traced(A):
        return _sl.expm(A)  # type: ignore[no-any-return]
    A = as_operand(A)
    _square(A, "expm")
    return bind(expm_p, A)


def _frechet_expm(a: Any, e: Any) -> Any:
    """``L(A, E)``: the top-right block of ``expm([[A, E], [0, A]])``; ``E`` may
    carry leading batch axes that ``A`` lacks."""
    n = shape(a)[-1]
    stack = np.broadcast_shapes(shape(a)[:-2], shape(e)[:-2])
    a = broadcast_to(a, stack + (n, n))
    e = broadcast_to(e, stack + (n, n))
    zero = np.zeros(stack + (n, n), dtype=np.result_type(dtype(a), dtype(e)))
    block = concatenate([concatenate([a, e], axis=-1), concatenate([zero, a], axis=-1)], axis=-2)
    return getitem(expm(block), (Ellipsis, slice(0, n), slice(n, 2 * n)))


defjvp(expm_p, lambda adot, y, a: _frechet_expm(a, adot))
defvjp(expm_p, lambda y, ybar, a: _frechet_expm(_mT(a), ybar))


# --- the matrix square root -----------------------------------------------------------


def _sqrtm_impl(a: Any) -> Any:
    x = _sl.sqrtm(a)
    if np.iscomplexobj(x) and not np.iscomplexobj(a) and np.all(np.imag(x) == 0):
        return np.real(x)  # SciPy's complex type for a real root it found by a complex Schur form
    return x


sqrtm_p = Primitive("sqrtm", _sqrtm_impl, kind=Kind.STRUCTURAL, saves=("y",))


def sqrtm(A: ArrayLike) -> Array:
    """The principal square root ``X`` of a matrix (``X @ X = A``).

    The value is SciPy's (Schur method). Differentiating ``X X = A`` gives a
    Sylvester equation, ``X dX + dX X = dA``, so the derivative is one
    :func:`solve_sylvester` (and its transpose one with ``X^T``); it exists
    where ``X`` and ``-X`` share no eigenvalue, i.e. for a nonsingular ``A``.
    A real matrix with negative eigenvalues has a complex root, as in SciPy,
    differentiable like any complex value (docs/complex.md).

    Args:
        A: square matrices ``(..., n, n)``.

    Returns:
        ``X``, of ``A``'s shape.

    Example:
        >>> import numpy as np, fad
        >>> from fad.scipy.linalg import sqrtm
        >>> sqrtm(np.array([[4.0, 0.0], [0.0, 9.0]]))
        array([[2., 0.],
               [0., 3.]])
        >>> float(fad.grad(lambda a: sqrtm(a)[0, 0])(np.array([[4.0, 0.0], [0.0, 9.0]]))[0, 0])
        0.25
    """
    if not _traced(A):
        return _sl.sqrtm(A)  # type: ignore[no-any-return]
    A = as_operand(A)
    _square(A, "sqrtm")
    return bind(sqrtm_p, A)


def _root_sylvester(y: Any, rhs: Any) -> Any:
    """``solve_sylvester(y, y, rhs)``, the derivative's equation ``X dX + dX X = dA``,
    which has no unique solution where ``X`` and ``-X`` share an eigenvalue (a
    singular ``A``): there the derivative of the root is infinite."""
    yc = np.asarray(concrete(y))
    sep, tol = _separation(yc, yc)
    if not sep > tol:
        raise np.linalg.LinAlgError(
            "scipy.linalg.sqrtm: the square root has no derivative here: the matrix is "
            "singular (or its root X shares an eigenvalue with -X), where the root's "
            "derivative is infinite, as sqrt's is at 0"
        )
    return solve_sylvester(y, y, rhs)


defjvp(sqrtm_p, lambda adot, y, a: _root_sylvester(y, adot))
def _sqrtm_vjp(y: Any, ybar: Any, a: Any) -> Any:
    abar = _root_sylvester(_mT(y), ybar)
    # a real matrix's complex root (a negative eigenvalue): the cotangent of the real
    # argument is the real part (docs/complex.md)
    return real(abar) if dtype(abar).kind == "c" and dtype(a).kind != "c" else abar


defvjp(sqrtm_p, _sqrtm_vjp)
# A real matrix is rooted as it is (SciPy's real Schur route, whose complex root of a
# negative eigenvalue is the principal one), not cast to complex first: SciPy's complex
# Schur form can put such an eigenvalue just below the branch cut and give the conjugate.
keeps_real_arguments.add(sqrtm_p)


# --- banded solves --------------------------------------------------------------------


def _shift(v: Any, s: int, axis: int = 0) -> Any:
    """``w[j] = v[j + s]`` along ``axis``, zero where ``j + s`` is out of range."""
    n = shape(v)[axis]
    if s == 0:
        return v
    if abs(s) >= n:
        return v * 0
    sv = list(shape(v))
    sv[axis] = abs(s)
    pad = np.zeros(tuple(sv), dtype=dtype(v))
    cut = [slice(None)] * ndim(v)
    cut[axis] = slice(s, None) if s > 0 else slice(None, n + s)
    kept = getitem(v, tuple(cut))
    return concatenate([kept, pad] if s > 0 else [pad, kept], axis=axis)


def _band_transpose(ab: Any, l: int, u: int) -> Any:
    """The band storage of ``A^T`` (bands ``(u, l)``) from that of ``A`` (``(l, u)``):
    ``abT[k, j] = ab[u + l - k, j + k - l]``."""
    rows = [_shift(getitem(ab, u + l - k), k - l) for k in range(l + u + 1)]
    return concatenate([reshape(r, (1,) + shape(r)) for r in rows])


def _band_matvec(ab: Any, x: Any, l: int, u: int) -> Any:
    """``A x`` from ``A``'s band storage ``ab`` (``(..., l + u + 1, n)``, leading batch
    axes allowed), ``x`` of shape ``(n,)`` or ``(n, k)``:
    ``(A x)[i] = sum_r ab[r, i - r + u] x[i - r + u]``."""
    vector = ndim(x) == 1
    total = None
    for r in range(l + u + 1):
        row = getitem(ab, (Ellipsis, r, slice(None)))
        term = _shift(row * x if vector else expand_dims(row, -1) * x, u - r, -1 if vector else -2)
        total = term if total is None else total + term
    return total


def _solve_banded_batched(l: int, u: int, ab: Any, rhs: Any, core: int) -> Any:
    """A banded solve of ``rhs`` whose last ``core`` axes are ``b``'s (``(n,)`` or
    ``(n, k)``) and whose leading ones are a batch: the batch becomes more columns."""
    nb = ndim(rhs) - core
    if nb == 0:
        return solve_banded((l, u), ab, rhs, check_finite=False)
    lead, back = tuple(range(nb)), tuple(range(-nb, 0))
    moved = moveaxis(rhs, lead, back)  # (n[, k], batch...)
    flat = reshape(moved, (shape(moved)[0], -1))
    return moveaxis(reshape(solve_banded((l, u), ab, flat, check_finite=False), shape(moved)), back, lead)


def _solve_banded_impl(ab: Any, b: Any, l: int, u: int) -> Any:
    return _sl.solve_banded((l, u), ab, b, check_finite=False)


solve_banded_p = Primitive("solve_banded", _solve_banded_impl, kind=Kind.STRUCTURAL, saves=(0, "y"))


def solve_banded(
    l_and_u: tuple[int, int], ab: ArrayLike, b: ArrayLike, overwrite_ab: bool = False,
    overwrite_b: bool = False, check_finite: bool = True,
) -> Array:
    """Solve ``a x = b`` for a banded ``a`` given in SciPy's band storage.

    ``ab[u + i - j, j] == a[i, j]`` for the ``l`` bands below the diagonal and
    ``u`` above it. The derivative keeps the band structure: ``b``'s is a
    banded solve with ``a^T`` (whose band storage is a shuffle of ``ab``'s),
    and ``ab``'s is ``-bbar x^T`` read on the bands — O(n (l + u)) work, no
    dense matrix.

    Args:
        l_and_u: ``(l, u)``, the numbers of nonzero bands below and above the diagonal.
        ab: the band storage, ``(l + u + 1, n)``.
        b: right-hand side(s), ``(n,)`` or ``(n, k)``.
        overwrite_ab: accepted for SciPy's signature; fad never writes into its arguments.
        overwrite_b: accepted for SciPy's signature.
        check_finite: SciPy's check for infinities and NaNs.

    Returns:
        The solution, shaped like ``b``.

    Example:
        >>> import numpy as np
        >>> from fad.scipy.linalg import solve_banded
        >>> ab = np.array([[0.0, 1.0, 1.0], [4.0, 4.0, 4.0], [1.0, 1.0, 0.0]])  # tridiagonal
        >>> solve_banded((1, 1), ab, np.array([5.0, 6.0, 5.0]))
        array([1., 1., 1.])
    """
    if not _traced(ab, b):
        return _sl.solve_banded(l_and_u, ab, b, check_finite=check_finite)  # type: ignore[no-any-return]
    l, u = (int(k) for k in l_and_u)
    ab, b = as_operand(ab), as_operand(b)
    if ndim(ab) != 2 or shape(ab)[0] != l + u + 1:
        raise ValueError(
            f"scipy.linalg.solve_banded: ab must be (l + u + 1, n) = ({l + u + 1}, n) for "
            f"(l, u) = ({l}, {u}); got shape {shape(ab)} (stacks are not supported)"
        )
    if ndim(b) not in (1, 2) or shape(b)[0] != shape(ab)[1]:
        raise ValueError(
            f"scipy.linalg.solve_banded: b must be ({shape(ab)[1]},) or ({shape(ab)[1]}, k); got {shape(b)}"
        )
    _finite(check_finite, "solve_banded", ab, b)
    return bind(solve_banded_p, ab, b, l=l, u=u)


# x = A^-1 b with A in band storage (the rules of solve, kept on the bands):
#   b-bar = A^-T x-bar (a banded solve with bands (u, l)),
#   ab-bar[r, j] = -sum_k b-bar[j + r - u, k] x[j, k]   (-b-bar x^T read on the bands);
#   x-dot = A^-1 (b-dot - A-dot x).
def _solve_banded_vjp(needed: Sequence[bool], x: Any, xbar: Any, ab: Any, b: Any, l: int, u: int) -> list[Any]:
    core = ndim(x)
    bbar = _solve_banded_batched(u, l, _band_transpose(ab, l, u), xbar, core)
    abbar = None
    if needed[0]:
        rows = []
        for r in range(l + u + 1):
            prod = _shift(bbar, r - u, -core) * x
            rows.append(expand_dims(prod if core == 1 else sum(prod, axis=-1), -2))
        abbar = -concatenate(rows, axis=-2)
    return [abbar, bbar if needed[1] else None]


def _solve_banded_jvp(xdots: Sequence[Any], x: Any, ab: Any, b: Any, l: int, u: int) -> Any:
    abdot, bdot = xdots
    rhs = bdot
    if abdot is not None:
        ax = _band_matvec(abdot, x, l, u)
        rhs = -ax if rhs is None else rhs - ax
    return _solve_banded_batched(l, u, ab, rhs, ndim(x))


defvjp_joint(solve_banded_p, _solve_banded_vjp)
defjvp_joint(solve_banded_p, _solve_banded_jvp)


seal_builtins(solve_sylvester_p, expm_p, sqrtm_p, solve_banded_p)  # fad's own, though import fad skips them
