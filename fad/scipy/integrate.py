"""fad.scipy.integrate: the traced counterpart of ``scipy.integrate``.

``odeint`` solves an initial value problem with SciPy's ``odeint`` (LSODA)
and is differentiable in the initial state, in the times and in any extra
arguments, in both modes and to any order, without differentiating through
the solver's steps:

- **reverse mode**, by the adjoint sensitivity method (Pontryagin; as in Chen
  et al. 2018, "Neural Ordinary Differential Equations", appendix B): the
  adjoint ``a(t) = dL/dy(t)`` obeys ``da/dt = -a . df/dy`` and the
  parameters' cotangent ``dL/dθ = ∫ a . df/dθ dt``; both are solved backwards
  in time from the last output to the first, together with ``y`` itself, as
  one augmented ODE, and the cotangent of each output is added to ``a`` as
  the solve passes its time. The products ``a . df/dy`` and ``a . df/dθ`` are
  one ``fad.vjp`` of ``func`` at each evaluation.
- **forward mode**, by the forward sensitivity equations: the tangent ``s(t)``
  of ``y(t)`` obeys ``ds/dt = df/dy . s + df/dθ . θdot``, solved alongside
  ``y`` (one ``fad.jvp`` of ``func`` at each evaluation).
- **the times**: ``dy(t_i)/dt_i = f(y(t_i), t_i)`` for an output time, and
  ``dy(t_j)/dt_0 = -Φ(t_j) f(y_0, t_0)`` for the initial one (Φ the
  sensitivity to ``y0``), so ``dL/dt_i = ybar_i . f(y_i, t_i)`` for i > 0 and
  ``dL/dt_0 = -a(t_0) . f(y_0, t_0)``.

Both rules solve their ODE with ``odeint`` itself, so they are differentiable
in turn: second derivatives (``fad.hessian``, ``jvp`` of ``grad``) are
sensitivities of sensitivities, each solved as an ODE.
"""

from __future__ import annotations

import inspect

import warnings
from typing import Any, Callable, Optional, Sequence

import numpy as np
import scipy.integrate as _si

from fad._primitive import Kind, Primitive, defjvp_joint, defvjp_joint, seal_carriers
from fad._tracer import Tracer, concrete
from fad._transforms import jvp, vjp
from fad._tree import TreeDef, tree_flatten, tree_unflatten
from fad.numpy._base import as_operand, concatenate, getitem, reshape
from fad.numpy._creation import zeros_like
from fad.numpy._products import matmul
from fad.numpy._shape import _traced, astype, stack
from fad.numpy._util import Array, ArrayLike, bind, dtype, shape

__all__ = ["odeint"]

NOT_DIFFERENTIABLE: dict[str, str] = {}
"""Every public name here is differentiable in its array arguments."""

_Options = tuple[float, float, int, float, float, float]
"""SciPy's odeint options: (rtol, atol, mxstep, hmax, hmin, h0)."""

_NAME = "fad.scipy.integrate.odeint"


# --- the primitive: y0 (n,), t (N,), *leaves -> ys (N, n), for a flat dynamics ---------
#
# ``fun(y, t, *leaves)`` takes and returns flat (n,) states: the user's func
# behind a reshape (``_UserDynamics``), or one of the rules' augmented systems.


def _closure_error() -> TypeError:
    return TypeError(
        f"{_NAME}: func returned a traced value when given plain arrays: it uses a "
        "differentiated variable from outside (a closure), whose derivative odeint cannot "
        "see. Pass that variable to odeint as an extra argument, odeint(func, y0, t, theta), "
        "and take it in func(y, t, theta)."
    )


def _solve(fun: Callable[..., Any], y0: Any, t: Any, leaves: Sequence[Any], opts: _Options) -> Any:
    """SciPy's odeint on plain arrays, with every failure an error."""
    rtol, atol, mxstep, hmax, hmin, h0 = opts
    y0, t = np.asarray(y0, np.float64), np.asarray(t, np.float64)
    if t[0] == t[-1]:  # no time passes (SciPy would call that a failure)
        return np.tile(y0, (t.size, 1))

    def rhs(y: Any, tt: float) -> Any:
        out = fun(y, tt, *leaves)
        if type(out) is Tracer:
            raise _closure_error()
        return np.asarray(out, dtype=np.float64)

    with warnings.catch_warnings():  # SciPy warns and returns garbage: we raise instead
        warnings.simplefilter("ignore", _si.ODEintWarning)
        ys, info = _si.odeint(
            rhs, y0, t, rtol=rtol, atol=atol,
            mxstep=mxstep, hmax=hmax, hmin=hmin, h0=h0, full_output=True,
        )
    if info["message"] != "Integration successful.":
        raise RuntimeError(
            f"{_NAME}: the solver failed ({info['message'].strip().rstrip('.')}). If the problem is stiff or "
            "long, allow more steps per output time (mxstep=...), add output times, or loosen "
            "rtol/atol."
        )
    return ys


def _odeint_impl(y0: Any, t: Any, *leaves: Any, fun: Callable[..., Any], opts: _Options) -> Any:
    return _solve(fun, y0, t, leaves, opts)


odeint_p = Primitive("scipy.integrate.odeint", _odeint_impl, kind=Kind.PLAIN, saves=("xs", "y"))
"""Kind.PLAIN: the sweeps give the rules one (co)tangent at a time (each is a solve)."""
# A carrier of the user's dynamics (as custom_jvp's primitive is): its name is fad's, but
# an adaptive solver's rules are linear only to its tolerance, so the registry suite's
# rounding-level checks do not apply; tests/test_scipy_integrate.py checks it.
seal_carriers(odeint_p)


def _odeint(fun: Callable[..., Any], y0: Any, t: Any, leaves: Sequence[Any], opts: _Options) -> Any:
    if type(y0) is not Tracer and type(t) is not Tracer and not any(type(x) is Tracer for x in leaves):
        return _solve(fun, y0, t, leaves, opts)
    return bind(odeint_p, y0, t, *leaves, fun=fun, opts=opts)


def _flat(x: Any) -> Any:
    return reshape(x, (-1,))


class _Adjoint:
    """The augmented dynamics of the adjoint method, in reversed time s = -t.

    State ``[y, a, θbar]`` (flat): ``dy/ds = -f``, ``da/ds = a . df/dy``,
    ``dθbar/ds = a . df/dθ`` for the leaves that need a cotangent.
    """

    def __init__(self, fun: Callable[..., Any], n: int, wanted: tuple[int, ...]) -> None:
        self.fun, self.n, self.wanted = fun, n, wanted

    def __call__(self, z: Any, s: Any, *leaves: Any) -> Any:
        n, fun, wanted = self.n, self.fun, self.wanted
        y, a = getitem(z, slice(0, n)), getitem(z, slice(n, 2 * n))
        t = -s

        def f(y: Any, *chosen: Any) -> Any:
            ls = list(leaves)
            for k, c in zip(wanted, chosen):
                ls[k] = c
            return fun(y, t, *ls)

        out, pullback = vjp(f)(y, *(leaves[k] for k in wanted))
        bars = pullback(a)
        parts = [-out, bars[0]] + [_flat(b) for b in bars[1:]]
        return concatenate(parts)

    def __repr__(self) -> str:
        return f"adjoint of {self.fun!r}"


class _Tangent:
    """The forward sensitivity equations: state ``[y, s]``, ``dy/dt = f``,
    ``ds/dt = df/dy . s + df/dθ . θdot``; the tangents of the leaves in
    ``moving`` come after the leaves."""

    def __init__(self, fun: Callable[..., Any], n: int, nleaves: int, moving: tuple[int, ...]) -> None:
        self.fun, self.n, self.nleaves, self.moving = fun, n, nleaves, moving

    def __call__(self, z: Any, t: Any, *rest: Any) -> Any:
        n, fun, moving = self.n, self.fun, self.moving
        leaves, dots = rest[: self.nleaves], rest[self.nleaves :]
        y, s = getitem(z, slice(0, n)), getitem(z, slice(n, 2 * n))

        def f(y: Any, *chosen: Any) -> Any:
            ls = list(leaves)
            for k, c in zip(moving, chosen):
                ls[k] = c
            return fun(y, t, *ls)

        out, out_dot = jvp(f)((y, *(leaves[k] for k in moving)), (s, *dots))
        return concatenate([out, out_dot])

    def __repr__(self) -> str:
        return f"tangent of {self.fun!r}"


def _cast(x: Any, like: Any) -> Any:
    return x if dtype(x) == dtype(like) else astype(x, dtype(like))


def _odeint_vjp(
    needed: Sequence[bool], ys: Any, ybar: Any, y0: Any, t: Any, *leaves: Any, fun: Callable[..., Any],
    opts: _Options,
) -> list[Any]:
    n, N = shape(ys)[1], shape(ys)[0]
    wanted = tuple(k for k, w in enumerate(needed[2:]) if w)
    aug = _Adjoint(fun, n, wanted)
    a = getitem(ybar, N - 1)
    lbar: Any = concatenate([_flat(zeros_like(leaves[k])) for k in wanted]) if wanted else None
    tbars = []
    for i in range(N - 1, 0, -1):
        if needed[1]:  # dL/dt_i = ybar_i . f(y_i, t_i)
            tbars.append(matmul(getitem(ybar, i), fun(getitem(ys, i), getitem(t, i), *leaves)))
        state = [getitem(ys, i), a] + ([lbar] if wanted else [])
        try:
            z = _odeint(aug, concatenate(state), stack([-getitem(t, i), -getitem(t, i - 1)]), leaves, opts)
        except RuntimeError as error:
            raise RuntimeError(
                f"{_NAME}: the forward solve succeeded, but reverse mode's adjoint solve (y, and "
                f"the adjoint, integrated backwards in time from t={float(concrete(getitem(t, i)))} "
                f"to t={float(concrete(getitem(t, i - 1)))}) failed: {error}. Integrating y "
                "backwards is unstable where the forward problem is strongly damped (stiff). "
                "Forward mode (fad.jvp, fad.jacfwd) solves the sensitivity equations forwards "
                "instead, and suits few parameters; or add output times closer together."
            ) from None
        z = getitem(z, 1)
        a = getitem(z, slice(n, 2 * n))  # the adjoint at t_{i-1}, before ybar_{i-1}
        if wanted:
            lbar = getitem(z, slice(2 * n, None))
        if i > 1:
            a = a + getitem(ybar, i - 1)
    out: list[Any] = [None] * len(needed)
    if needed[1]:
        if N > 1:  # dL/dt_0 = -a(t_0) . f(y_0, t_0), a without ybar_0
            t0bar = -matmul(a, fun(getitem(ys, 0), getitem(t, 0), *leaves))
            out[1] = _cast(stack([t0bar] + tbars[::-1]), t)
        else:  # y(t_0) = y0 whatever t_0 is
            out[1] = zeros_like(t)
    if needed[0]:
        out[0] = _cast(getitem(ybar, 0) + a if N > 1 else getitem(ybar, 0), y0)
    offset = 0
    for k in wanted:
        size = int(np.prod(shape(leaves[k]), dtype=np.int64))
        if N > 1:
            part = reshape(getitem(lbar, slice(offset, offset + size)), shape(leaves[k]))
        else:
            part = zeros_like(leaves[k])
        out[2 + k] = _cast(part, leaves[k])
        offset += size
    return out


def _odeint_jvp(
    xdots: Sequence[Any], ys: Any, y0: Any, t: Any, *leaves: Any, fun: Callable[..., Any], opts: _Options
) -> Any:
    y0dot, tdot, ldots = xdots[0], xdots[1], xdots[2:]
    moving = tuple(k for k, d in enumerate(ldots) if d is not None)
    n, N = shape(ys)[1], shape(ys)[0]
    s0 = y0dot
    if tdot is not None:  # moving t_0 moves the start: s(t_0) = y0dot - f(y_0, t_0) t0dot
        f0 = fun(y0, getitem(t, 0), *leaves)
        s0 = (0.0 if s0 is None else s0) - f0 * getitem(tdot, 0)
    if s0 is None and not moving:
        return None
    if s0 is None:
        s0 = zeros_like(getitem(ys, 0))
    aug = _Tangent(fun, n, len(leaves), moving)
    z = _odeint(aug, concatenate([y0, s0]), t, tuple(leaves) + tuple(ldots[k] for k in moving), opts)
    ydot = getitem(z, (slice(None), slice(n, 2 * n)))
    if tdot is not None:  # an output's own time: dy_i/dt_i = f(y_i, t_i)
        fs = stack([fun(getitem(ys, i), getitem(t, i), *leaves) for i in range(N)])
        ydot = ydot + fs * reshape(tdot, (N, 1))
    return ydot


defvjp_joint(odeint_p, _odeint_vjp)
defjvp_joint(odeint_p, _odeint_jvp)


# --- the public function -----------------------------------------------------------------


class _UserDynamics:
    """The user's ``func(y, t, *args)`` on flat states and flat leaves."""

    def __init__(self, func: Callable[..., Any], y_shape: tuple[int, ...], treedef: TreeDef, tfirst: bool) -> None:
        self.func, self.y_shape, self.treedef, self.tfirst = func, y_shape, treedef, tfirst

    def __call__(self, y: Any, t: Any, *leaves: Any) -> Any:
        args = tree_unflatten(self.treedef, leaves)
        y = reshape(y, self.y_shape)
        out = self.func(t, y, *args) if self.tfirst else self.func(y, t, *args)
        out = as_operand(out)
        if tuple(shape(out)) != self.y_shape:
            raise ValueError(
                f"{_NAME}: func returned an array of shape {tuple(shape(out))}; it must return "
                f"dy/dt, of y0's shape {self.y_shape}"
            )
        return _flat(out)

    def __repr__(self) -> str:
        return getattr(self.func, "__name__", repr(self.func))


def _scipy_args_tuple(func: Callable[..., Any], more: tuple[Any, ...]) -> bool:
    """Whether ``odeint(func, y0, t, more[0])`` is SciPy's (and autograd's) call, whose
    fourth positional argument is the tuple of ``func``'s extra arguments, rather
    than one extra argument that is a tuple: decided by ``func``'s signature, which
    takes the tuple's items and not the tuple itself."""
    if len(more) != 1 or type(more[0]) is not tuple:
        return False
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):  # no signature to read: one extra argument, as written
        return False

    def binds(*a: Any) -> bool:
        try:
            sig.bind(*a)
        except TypeError:
            return False
        return True

    return not binds(None, None, more[0]) and binds(None, None, *more[0])


def odeint(
    func: Callable[..., Any], y0: ArrayLike, t: ArrayLike, *more: Any, rtol: float = 1.49012e-8,
    atol: float = 1.49012e-8, mxstep: int = 0, hmax: float = 0.0, hmin: float = 0.0, h0: float = 0.0,
    tfirst: bool = False, args: Optional[tuple[Any, ...]] = None,
) -> Array:
    """Integrate ``dy/dt = func(y, t, *args)`` from ``y(t[0]) = y0``, as ``scipy.integrate.odeint``; differentiable.

    The solution is SciPy's (LSODA). Its derivatives in ``y0``, ``t`` and
    ``args`` are solutions of ODEs too: reverse mode (``grad``, ``vjp``) by
    the adjoint method, an augmented ODE solved backwards in time; forward
    mode (``jvp``, ``jacfwd``) by the sensitivity equations, solved alongside
    ``y``. They are as accurate as the tolerances make those solves (see
    docs/ode.md), not the derivatives of the solver's steps. Second
    derivatives work too: the rules are ``odeint`` calls themselves.

    ``func`` is ordinary fad/NumPy code, called on plain arrays by the solver
    and on traced values by the rules. A differentiated value it uses must be
    passed in ``args`` (a closure over one is an error that says so).

    Args:
        func: the dynamics, ``func(y, t, *args) -> dy/dt`` of ``y0``'s shape
            (``func(t, y, *args)`` with ``tfirst=True``).
        y0: the initial state, an array-like of any shape.
        t: the times, a 1-D array-like, nondecreasing; ``t[0]`` is the initial time.
        *more: the extra arguments ``args`` of ``func``: arrays or pytrees of arrays.
        rtol, atol: the solver's relative and absolute tolerances, for the
            solution and for the derivatives' solves alike.
        mxstep: the most steps per output time (0: SciPy's 500).
        hmax, hmin, h0: SciPy's step-size bounds and first step (0: automatic).
        tfirst: whether ``func`` takes ``t`` first, as SciPy's option.
        args: SciPy's way to pass the extra arguments, a tuple
            (``args=(theta,)`` is ``odeint(func, y0, t, theta)``). SciPy's
            positional form, ``odeint(func, y0, t, (a, b))``, is read as
            ``args=(a, b)`` when ``func`` takes ``a`` and ``b`` but not one
            tuple (as its signature says); otherwise a tuple there is one
            extra argument, as JAX's ``odeint`` reads it.

    Returns:
        ``y`` at each time, of shape ``(len(t),) + y0.shape`` (``y[0]`` is ``y0``),
        float32 for a float32 ``y0`` and float64 otherwise (SciPy solves in float64).

    Example:
        >>> import numpy as np, fad
        >>> from fad.scipy.integrate import odeint
        >>> def decay(y, t, k):
        ...     return -k * y
        >>> t = np.array([0.0, 1.0, 2.0])
        >>> np.round(odeint(decay, 1.0, t, 0.5), 6)       # exp(-k t)
        array([1.      , 0.606531, 0.367879])
        >>> g = fad.grad(lambda k: odeint(decay, 1.0, t, k)[-1])(0.5)
        >>> round(float(g), 5)                              # -t exp(-k t) at t = 2
        -0.73576
    """
    extra = args
    del args
    if extra is None and _scipy_args_tuple(func, more):  # odeint(func, y0, t, (a, b)), SciPy's call
        extra = more[0]
        more = ()
    if extra is not None:
        if more:
            raise TypeError(f"{_NAME}: pass the extra arguments either after t or as args=(...), not both")
        more = tuple(extra) if isinstance(extra, (tuple, list)) else (extra,)
    yv, tv = as_operand(y0), as_operand(t)
    for name, v in (("y0", yv), ("t", tv)):
        if np.result_type(concrete(v)).kind == "c":  # SciPy's LSODA solves real systems only
            raise TypeError(
                f"{_NAME}: {name} is complex, and scipy.integrate.odeint solves real systems only. "
                "Split the state into its real and imaginary parts (a real state of twice the size)."
            )
    leaves, treedef = tree_flatten(more)
    leaves = [as_operand(x) for x in leaves]
    tc = np.asarray(concrete(tv), dtype=np.float64)
    if tc.ndim != 1 or tc.size == 0:
        raise ValueError(f"{_NAME}: t must be a nonempty 1-D array of times, not of shape {tc.shape}")
    if np.any(np.diff(tc) < 0):
        raise ValueError(
            f"{_NAME}: t must be nondecreasing (t[0] is the initial time). To integrate backwards, "
            "substitute s = -t: odeint(lambda y, s, *args: -func(y, -s, *args), y0, -t, *args)"
        )
    y_shape = tuple(shape(yv))
    fun = _UserDynamics(func, y_shape, treedef, tfirst)
    # one call first: a wrong shape or a closure over a traced value says so before SciPy runs
    probe = fun(np.asarray(concrete(yv), np.float64).reshape(-1), tc[0], *[concrete(x) for x in leaves])
    if type(probe) is Tracer:
        raise _closure_error()
    opts: _Options = (float(rtol), float(atol), int(mxstep), float(hmax), float(hmin), float(h0))
    yflat = _flat(yv) if _traced(yv) else np.asarray(yv, np.float64).reshape(-1)
    ys = _odeint(fun, yflat, tv if _traced(tv) else tc, leaves, opts)
    out: Array = reshape(ys, (tc.size,) + y_shape)
    if dtype(yv) == np.float32:  # SciPy solves in float64; the solution has y0's dtype, as JAX's
        out = astype(out, np.float32)
    return out
