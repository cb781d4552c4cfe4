"""Elementwise maps: arithmetic, exponentials and logarithms, trigonometry
(with arctan2 and hypot), maximum, minimum and clip; NumPy's other
elementwise functions (sinc, cbrt, fmod, remainder, fmax, fmin, frexp, modf,
ldexp, copysign, nan_to_num, i0, ...); the piecewise-constant maps (floor,
round, rint, heaviside, ...), whose derivative is 0; and the complex helpers
(real, imag, conj, angle, real_if_close).

Complex values follow JAX's convention (docs/complex.md): a JVP is linear over
the complex numbers in the tangent, and a VJP is its plain transpose (no
conjugate), so the holomorphic maps (exp, sin, ...) keep their real rules
``ybar * f'(x)`` unchanged; the maps that are not holomorphic (abs, real,
imag, conj, angle) have rules of their own.

Every primitive here is elementwise with broadcasting, so its rules are
elementwise too and fad's sweeps handle broadcasting (and batches of tangents)
for them once, in one place: no rule below sums over broadcast axes. The
selection ``where``, which these rules use, is a primitive of ``_base``.
"""

from __future__ import annotations

import math
import operator
from typing import Any, Callable, Optional

import numpy as np

from fad._primitive import Kind, Primitive, defjvp, defvjp
from fad._tracer import Tracer, concrete
from fad.numpy._base import as_operand, where
from fad.numpy._util import Array, ArrayLike, bind, dtype, has_tracer, onp

_ndarray = np.ndarray

__all__ = [
    "add", "subtract", "multiply", "divide", "true_divide", "power", "negative",
    "positive", "exp", "expm1", "log", "log1p", "sin", "cos", "tan",
    "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh", "arctanh",
    "sqrt", "square", "reciprocal", "absolute", "abs", "sign", "floor", "ceil",
    "round", "maximum", "minimum", "clip", "logaddexp", "sigmoid",
    "arctan2", "log2", "log10", "exp2", "hypot",
    "arccosh", "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "pow",
    "cbrt", "fabs", "deg2rad", "radians", "rad2deg", "degrees", "float_power", "logaddexp2",
    "sinc", "fmax", "fmin", "fmod", "remainder", "mod", "divmod", "copysign", "nan_to_num",
    "ldexp", "frexp", "modf", "around", "rint", "trunc", "fix", "heaviside",
    "real", "imag", "conjugate", "conj", "angle", "real_if_close", "i0",
]


_X = (0,)  # the rules read the argument only
_Y = ("y",)  # the rules read the output only
_NONE = ()  # the rules read shapes only
_ARGS = (0, 1)  # the rules read both arguments


_SEQ = (list, tuple)


def _traced_seq(x: Any, y: Any) -> bool:
    """Whether either argument is a list or tuple holding a Tracer (the fast
    paths have already seen that neither is a Tracer itself)."""
    return ((type(x) is list or type(x) is tuple) and has_tracer(x)) or ((type(y) is list or type(y) is tuple) and has_tracer(y))


def _ew(name: str, impl: Callable[..., Any], saves: Any) -> Primitive:
    return Primitive(name, impl, kind=Kind.ELEMENTWISE, saves=saves)


# --- arithmetic -------------------------------------------------------------

add_p = _ew("add", operator.add, _NONE)
subtract_p = _ew("subtract", operator.sub, _NONE)
multiply_p = _ew("multiply", operator.mul, _ARGS)
divide_p = _ew("divide", operator.truediv, (1, "y"))
power_p = _ew("power", operator.pow, (0, 1, "y"))
negative_p = _ew("negative", operator.neg, _NONE)


def add(x: ArrayLike, y: ArrayLike) -> Array:
    """Elementwise ``x + y`` with broadcasting.

    Args:
        x, y: array-likes.

    Returns:
        The sum.

    Example:
        >>> float(add(1.0, 2.0))
        3.0
    """
    if type(x) is not Tracer and type(y) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.add(x, y)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not _traced_seq(x, y):
                raise
    return bind(add_p, as_operand(x), as_operand(y))


def subtract(x: ArrayLike, y: ArrayLike) -> Array:
    """Elementwise ``x - y`` with broadcasting.

    Args:
        x, y: array-likes.

    Returns:
        The difference.

    Example:
        >>> float(subtract(3.0, 1.0))
        2.0
    """
    if type(x) is not Tracer and type(y) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.subtract(x, y)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not _traced_seq(x, y):
                raise
    return bind(subtract_p, as_operand(x), as_operand(y))


def multiply(x: ArrayLike, y: ArrayLike) -> Array:
    """Elementwise ``x * y`` with broadcasting.

    Args:
        x, y: array-likes.

    Returns:
        The product.

    Example:
        >>> float(multiply(3.0, 2.0))
        6.0
    """
    if type(x) is not Tracer and type(y) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.multiply(x, y)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not _traced_seq(x, y):
                raise
    return bind(multiply_p, as_operand(x), as_operand(y))


def divide(x: ArrayLike, y: ArrayLike) -> Array:
    """Elementwise ``x / y`` with broadcasting.

    Args:
        x, y: array-likes.

    Returns:
        The quotient.

    Example:
        >>> float(divide(3.0, 2.0))
        1.5
    """
    if type(x) is not Tracer and type(y) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.divide(x, y)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not _traced_seq(x, y):
                raise
    return bind(divide_p, as_operand(x), as_operand(y))


true_divide = divide


def power(x: ArrayLike, y: ArrayLike) -> Array:
    """Elementwise ``x ** y`` with broadcasting.

    The derivative with respect to the exponent uses ``log(x)``, taken as 0
    where ``x <= 0``.

    Args:
        x: the base.
        y: the exponent.

    Returns:
        The power.

    Example:
        >>> float(power(2.0, 3))
        8.0
    """
    if type(x) is not Tracer and type(y) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.power(x, y)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not _traced_seq(x, y):
                raise
    return bind(power_p, as_operand(x), as_operand(y))


def negative(x: ArrayLike) -> Array:
    """Elementwise ``-x``.

    Args:
        x: an array-like.

    Returns:
        The negation.

    Example:
        >>> float(negative(2.0))
        -2.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.negative(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(negative_p, as_operand(x))


def positive(x: ArrayLike) -> Array:
    """``x`` itself (``+x``).

    Args:
        x: an array-like.

    Returns:
        ``x``.

    Example:
        >>> float(positive(2.0))
        2.0
    """
    if type(x) is Tracer:
        return x
    if (type(x) is list or type(x) is tuple) and has_tracer(x):
        return as_operand(x)  # type: ignore[no-any-return]
    return onp.positive(x)


def _is_complex(x: Any) -> bool:
    """Whether ``x`` (an array, scalar or Tracer) has a complex dtype."""
    return dtype(x).kind == "c"


def _safe_log(x: Any) -> Any:
    """log(x) where x > 0 (x != 0 for a complex x: the principal log), else 0:
    the exponent derivative of x ** y."""
    c = concrete(x)
    pos = c != 0 if np.iscomplexobj(c) else c > 0
    return where(pos, log(where(pos, x, 1)), 0)


defvjp(add_p, lambda y, ybar, a, b: ybar, lambda y, ybar, a, b: ybar)
defjvp(add_p, lambda adot, y, a, b: adot, lambda bdot, y, a, b: bdot)
defvjp(subtract_p, lambda y, ybar, a, b: ybar, lambda y, ybar, a, b: -ybar)
defjvp(subtract_p, lambda adot, y, a, b: adot, lambda bdot, y, a, b: -bdot)
defvjp(multiply_p, lambda y, ybar, a, b: ybar * b, lambda y, ybar, a, b: ybar * a)
defjvp(multiply_p, lambda adot, y, a, b: adot * b, lambda bdot, y, a, b: a * bdot)
defvjp(divide_p, lambda y, ybar, a, b: ybar / b, lambda y, ybar, a, b: -ybar * y / b)
defjvp(divide_p, lambda adot, y, a, b: adot / b, lambda bdot, y, a, b: -bdot * y / b)
def _dpow(a: Any, b: Any) -> Any:
    """d(a ** b)/da = b * a ** (b - 1), and exactly 0 at a == b == 0 (not 0 * inf)."""
    zero = (concrete(b) == 0) & (concrete(a) == 0)
    if np.any(zero):
        return b * a ** where(zero, 1, b - 1)
    return b * a ** (b - 1)


defvjp(
    power_p,
    lambda y, ybar, a, b: ybar * _dpow(a, b),
    lambda y, ybar, a, b: ybar * y * _safe_log(a),
)
defjvp(
    power_p,
    lambda adot, y, a, b: adot * _dpow(a, b),
    lambda bdot, y, a, b: bdot * y * _safe_log(a),
)
defvjp(negative_p, lambda y, ybar, x: -ybar)
defjvp(negative_p, lambda xdot, y, x: -xdot)


# --- unary maps ---------------------------------------------------------------
# Each entry: name, NumPy implementation, derivative dy/dx written from (y, x).
# The VJP is ybar * dy/dx and the JVP xdot * dy/dx: the same factor both ways.


def _unary(name: str, impl: Callable[..., Any], deriv: Callable[[Any, Any], Any], saves: Any) -> Primitive:
    p = _ew(name, impl, saves)
    defvjp(p, lambda y, ybar, x: _times(ybar, deriv(y, x), y, x))
    defjvp(p, lambda xdot, y, x: _times(xdot, deriv(y, x), y, x))
    return p


def _times(c: Any, d: Any, y: Any, x: Any) -> Any:
    """``c * d``: a cotangent (or tangent) times a rule's derivative factor.

    At first order on NumPy arrays the product is written over ``d`` when the
    rule has just made ``d`` (a new array that owns its memory, not the saved
    ``x`` or ``y``) and it has the product's shape and dtype: the sweep then has
    one array fewer alive while the rule runs, which is what a long chain of
    elementwise ops pays at its peak memory (docs/design.md, "The reverse
    sweep"). Anything
    else (a Tracer at a higher order, a batch, a broadcast, another dtype) is
    the plain product.
    """
    if (
        type(d) is _ndarray
        and type(c) is _ndarray
        and d is not y
        and d is not x
        and c.shape == d.shape
        and c.dtype == d.dtype
        and d.flags.owndata
        and d.flags.writeable
    ):
        return onp.multiply(c, d, out=d)
    return c * d


def _one_minus_square(y: Any) -> Any:
    """``1 - y * y`` (tanh's slope), in one new array for a NumPy ``y``, not two."""
    if type(y) is _ndarray:
        d = y * y
        return onp.subtract(1, d, out=d) if type(d) is _ndarray else 1 - d  # (a 0-d y gives a scalar)
    return 1 - y * y


def _logistic(x: Any) -> Any:
    """The logistic sigmoid of a NumPy value, accurate in both tails.

    ``1 / (1 + e^-x)`` where ``Re x >= 0`` and ``e^x / (1 + e^x)`` where
    ``Re x < 0``: the exponential never overflows, and a far negative ``x``
    gives ``e^x`` (4.2e-18 at -40) where ``0.5 (tanh(x / 2) + 1)`` rounds to 0
    below -37. Integers and booleans are taken as float64, as that tanh form
    (and SciPy's expit) take them.
    """
    if np.result_type(x).kind in "biu":
        x = np.asarray(x, np.float64)
    neg = np.real(x) < 0
    e = np.exp(np.where(neg, x, -x))
    r = 1 / (1 + e)
    return r * np.where(neg, e, 1.0)  # r where Re x >= 0 (and at NaN), e * r where Re x < 0


def _logistic_slope(y: Any, x: Any) -> Any:
    """The sigmoid's slope ``y * sigmoid(-x)``: ``y (1 - y)`` in a form that
    keeps its size in the upper tail, where ``1 - y`` rounds to 0 (x > 37).
    For a NumPy ``x`` the product is written over ``sigmoid(-x)``'s new array."""
    if type(x) is _ndarray:
        d = _logistic(-x if x.dtype.kind not in "biu" else -x.astype(np.float64))  # (-x of a uint wraps)
        if type(d) is _ndarray and type(y) is _ndarray and d.shape == y.shape and d.dtype == y.dtype:
            return onp.multiply(y, d, out=d)
        return y * d
    return y * sigmoid(-x)


exp_p = _unary("exp", np.exp, lambda y, x: y, _Y)
expm1_p = _unary("expm1", np.expm1, lambda y, x: y + 1, _Y)
log_p = _unary("log", np.log, lambda y, x: 1 / x, _X)
log1p_p = _unary("log1p", np.log1p, lambda y, x: 1 / (1 + x), _X)
sin_p = _unary("sin", np.sin, lambda y, x: cos(x), _X)
cos_p = _unary("cos", np.cos, lambda y, x: -sin(x), _X)
tan_p = _unary("tan", np.tan, lambda y, x: 1 + y * y, _Y)
arcsin_p = _unary("arcsin", np.arcsin, lambda y, x: 1 / sqrt(1 - x * x), _X)
arccos_p = _unary("arccos", np.arccos, lambda y, x: -1 / sqrt(1 - x * x), _X)
arctan_p = _unary("arctan", np.arctan, lambda y, x: 1 / (1 + x * x), _X)
sinh_p = _unary("sinh", np.sinh, lambda y, x: cosh(x), _X)
cosh_p = _unary("cosh", np.cosh, lambda y, x: sinh(x), _X)
tanh_p = _unary("tanh", np.tanh, lambda y, x: _one_minus_square(y), _Y)
arcsinh_p = _unary("arcsinh", np.arcsinh, lambda y, x: 1 / sqrt(x * x + 1), _X)
arctanh_p = _unary("arctanh", np.arctanh, lambda y, x: 1 / (1 - x * x), _X)
sqrt_p = _unary("sqrt", np.sqrt, lambda y, x: 0.5 / y, _Y)
square_p = _unary("square", np.square, lambda y, x: 2 * x, _X)
reciprocal_p = _unary("reciprocal", np.reciprocal, lambda y, x: -y * y, _Y)
absolute_p = _ew("absolute", np.absolute, _X)


def _unit_conj(x: Any) -> Any:
    """conj(x) / |x| for complex ``x`` (0 where x == 0): d|x| = Re(conj(x) dx) / |x|."""
    r = absolute(x)
    zero = concrete(r) == 0
    return conjugate(x) / where(zero, 1, r) if np.any(zero) else conjugate(x) / r


defvjp(absolute_p, lambda y, ybar, x: ybar * _unit_conj(x) if _is_complex(x) else ybar * np.sign(concrete(x)))
defjvp(absolute_p, lambda xdot, y, x: real(xdot * _unit_conj(x)) if _is_complex(x) else xdot * np.sign(concrete(x)))
sigmoid_p = _unary("sigmoid", _logistic, _logistic_slope, (0, "y"))


def exp(x: ArrayLike) -> Array:
    """Elementwise exponential.

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.exp(0.0))
        1.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.exp(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(exp_p, as_operand(x))


def expm1(x: ArrayLike) -> Array:
    """Elementwise ``exp(x) - 1``, accurate near 0.

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.expm1(0.0))
        0.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.expm1(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(expm1_p, as_operand(x))


def log(x: ArrayLike) -> Array:
    """Elementwise natural logarithm.

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.log(1.0))
        0.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.log(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(log_p, as_operand(x))


def log1p(x: ArrayLike) -> Array:
    """Elementwise ``log(1 + x)``, accurate near 0.

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.log1p(0.0))
        0.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.log1p(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(log1p_p, as_operand(x))


def sin(x: ArrayLike) -> Array:
    """Elementwise sine.

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.sin(0.0))
        0.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.sin(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(sin_p, as_operand(x))


def cos(x: ArrayLike) -> Array:
    """Elementwise cosine.

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.cos(0.0))
        1.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.cos(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(cos_p, as_operand(x))


def tan(x: ArrayLike) -> Array:
    """Elementwise tangent.

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.tan(0.0))
        0.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.tan(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(tan_p, as_operand(x))


def arcsin(x: ArrayLike) -> Array:
    """Elementwise inverse sine.

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.arcsin(0.0))
        0.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.arcsin(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(arcsin_p, as_operand(x))


def arccos(x: ArrayLike) -> Array:
    """Elementwise inverse cosine.

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.arccos(1.0))
        0.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.arccos(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(arccos_p, as_operand(x))


def arctan(x: ArrayLike) -> Array:
    """Elementwise inverse tangent.

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.arctan(0.0))
        0.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.arctan(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(arctan_p, as_operand(x))


def sinh(x: ArrayLike) -> Array:
    """Elementwise hyperbolic sine.

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.sinh(0.0))
        0.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.sinh(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(sinh_p, as_operand(x))


def cosh(x: ArrayLike) -> Array:
    """Elementwise hyperbolic cosine.

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.cosh(0.0))
        1.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.cosh(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(cosh_p, as_operand(x))


def tanh(x: ArrayLike) -> Array:
    """Elementwise hyperbolic tangent.

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.tanh(0.0))
        0.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.tanh(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(tanh_p, as_operand(x))


def arcsinh(x: ArrayLike) -> Array:
    """Elementwise inverse hyperbolic sine.

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.arcsinh(0.0))
        0.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.arcsinh(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(arcsinh_p, as_operand(x))


def arctanh(x: ArrayLike) -> Array:
    """Elementwise inverse hyperbolic tangent.

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.arctanh(0.0))
        0.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.arctanh(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(arctanh_p, as_operand(x))


def sqrt(x: ArrayLike) -> Array:
    """Elementwise square root.

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.sqrt(4.0))
        2.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.sqrt(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(sqrt_p, as_operand(x))


def square(x: ArrayLike) -> Array:
    """Elementwise square ``x * x``.

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.square(3.0))
        9.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.square(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(square_p, as_operand(x))


def reciprocal(x: ArrayLike) -> Array:
    """Elementwise reciprocal ``1 / x``.

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.reciprocal(4.0))
        0.25
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.reciprocal(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(reciprocal_p, as_operand(x))


def absolute(x: ArrayLike) -> Array:
    """Elementwise absolute value (derivative ``sign(x)``, 0 at 0).

    For complex ``x`` it is the modulus, with JVP ``Re(conj(x) xdot) / |x|``
    and VJP ``ybar conj(x) / |x|`` (0 at 0; docs/complex.md).

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.absolute(-2.0))
        2.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.absolute(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(absolute_p, as_operand(x))


abs = absolute


def sigmoid(x: ArrayLike) -> Array:
    """Elementwise logistic sigmoid ``1 / (1 + exp(-x))``.

    Accurate in both tails, as ``scipy.special.expit`` is: ``sigmoid(-40)`` is
    4.2e-18 (not 0), and so is the derivative at 40, ``y * sigmoid(-x)``.

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.sigmoid(0.0))
        0.5
    """
    tx = type(x)  # the untraced fast path: two identity tests for an array
    if tx is not Tracer and (tx is not list and tx is not tuple or not has_tracer(x)):
        y: Array = sigmoid_p.impl(onp.asarray(x))
        return y
    return bind(sigmoid_p, as_operand(x))


# --- piecewise-constant maps: no derivative to carry -------------------------


def sign(x: ArrayLike) -> Array:
    """Elementwise sign (-1, 0 or 1): piecewise constant, so its derivative is 0.

    On a traced value it returns a plain array (a constant to every transform),
    which is exactly its derivative almost everywhere. For a complex value it
    is ``x / |x|`` (0 at 0), as NumPy's, and is differentiated as that.

    Args:
        x: an array-like.

    Returns:
        A plain NumPy array.

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.sign(-1.5))
        -1.0
    """
    x = as_operand(x)
    if type(x) is Tracer and _is_complex(x):
        r = absolute(x)
        zero = concrete(r) == 0
        return where(zero, 0, x / where(zero, 1, r)) if np.any(zero) else x / r
    return onp.sign(concrete(x))


def floor(x: ArrayLike) -> Array:
    """Elementwise floor, the largest integer ``<= x``: piecewise constant, so its derivative is 0.

    On a traced value it returns a plain array (a constant to every transform),
    which is exactly its derivative almost everywhere.

    Args:
        x: an array-like.

    Returns:
        A plain NumPy array.

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.floor(-1.5))
        -2.0
    """
    return onp.floor(concrete(as_operand(x)))


def ceil(x: ArrayLike) -> Array:
    """Elementwise ceiling, the least integer ``>= x``: piecewise constant, so its derivative is 0.

    On a traced value it returns a plain array (a constant to every transform),
    which is exactly its derivative almost everywhere.

    Args:
        x: an array-like.

    Returns:
        A plain NumPy array.

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.ceil(-1.5))
        -1.0
    """
    return onp.ceil(concrete(as_operand(x)))


def round(a: ArrayLike, decimals: int = 0, out: Optional[Array] = None) -> Array:
    """Round to ``decimals`` places (halves to even): piecewise constant, so its derivative is 0.

    On a traced value it returns a plain array (a constant to every transform).
    ``around`` is the same function.

    Args:
        a: an array-like.
        decimals: the number of decimal places (negative: to tens, hundreds, ...).
        out: an array to write the result into (as NumPy).

    Returns:
        A plain NumPy array.

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.round(2.567, 2)), float(fnp.around(1250.0, -2))
        (2.57, 1200.0)
    """
    return onp.round(concrete(as_operand(a)), decimals, out)


around = round


# --- maximum, minimum, clip ----------------------------------------------------------

maximum_p = _ew("maximum", np.maximum, _ARGS)
minimum_p = _ew("minimum", np.minimum, _ARGS)


def _share(a: Any, b: Any) -> Any:
    """Where a wins 1, where b wins 0, where they tie 1/2 (the mean of both sides)."""
    a, b = concrete(a), concrete(b)
    return np.where(a > b, 1.0, np.where(a == b, 0.5, 0.0))


def _weighted(t: Any, w: Any) -> Any:
    return where(w == 1.0, t, where(w == 0.0, 0, t * 0.5))


def maximum(x: ArrayLike, y: ArrayLike) -> Array:
    """Elementwise maximum; at ties the derivative is split evenly.

    Args:
        x, y: array-likes.

    Returns:
        The larger of each pair.

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.maximum(1.0, 2.0))
        2.0
    """
    if type(x) is not Tracer and type(y) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.maximum(x, y)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not _traced_seq(x, y):
                raise
    return bind(maximum_p, as_operand(x), as_operand(y))


def minimum(x: ArrayLike, y: ArrayLike) -> Array:
    """Elementwise minimum; at ties the derivative is split evenly.

    Args:
        x, y: array-likes.

    Returns:
        The smaller of each pair.

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.minimum(1.0, 2.0))
        1.0
    """
    if type(x) is not Tracer and type(y) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.minimum(x, y)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not _traced_seq(x, y):
                raise
    return bind(minimum_p, as_operand(x), as_operand(y))


defvjp(
    maximum_p,
    lambda y, ybar, a, b: _weighted(ybar, _share(a, b)),
    lambda y, ybar, a, b: _weighted(ybar, _share(b, a)),
)
defjvp(
    maximum_p,
    lambda adot, y, a, b: _weighted(adot, _share(a, b)),
    lambda bdot, y, a, b: _weighted(bdot, _share(b, a)),
)
defvjp(
    minimum_p,
    lambda y, ybar, a, b: _weighted(ybar, _share(b, a)),
    lambda y, ybar, a, b: _weighted(ybar, _share(a, b)),
)
defjvp(
    minimum_p,
    lambda adot, y, a, b: _weighted(adot, _share(b, a)),
    lambda bdot, y, a, b: _weighted(bdot, _share(a, b)),
)


def clip(x: ArrayLike, a_min: Optional[ArrayLike] = None, a_max: Optional[ArrayLike] = None) -> Array:
    """Limit values to ``[a_min, a_max]`` (either bound may be None).

    Args:
        x: an array-like.
        a_min: the lower bound, or None.
        a_max: the upper bound, or None.

    Returns:
        The clipped array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.clip(np.array([-2.0, 0.5, 3.0]), 0.0, 1.0)
        array([0. , 0.5, 1. ])
    """
    if a_max is not None:
        return minimum(x if a_min is None else maximum(x, a_min), a_max)
    if a_min is not None:
        return maximum(x, a_min)
    x = as_operand(x)
    return x if type(x) is Tracer else onp.asarray(x)


def logaddexp(x: ArrayLike, y: ArrayLike) -> Array:
    """Elementwise ``log(exp(x) + exp(y))``, computed stably.

    Args:
        x, y: array-likes.

    Returns:
        The log of the sum of exponentials.

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.round(fnp.logaddexp(0.0, 0.0), 6))
        0.693147
    """
    if type(x) is not Tracer and type(y) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.logaddexp(x, y)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not _traced_seq(x, y):
                raise
    return bind(logaddexp_p, _operand(x, "logaddexp"), _operand(y, "logaddexp"))


# d logaddexp(a, b) = exp(a - y) da + exp(b - y) db with y = logaddexp(a, b) (the
# weights of a softmax of two); logaddexp2 the same in base 2. Where y is infinite
# (an infinite argument, or both -inf) the weights are maximum's: the larger
# argument takes all, ties split evenly.
logaddexp_p = _ew("logaddexp", np.logaddexp, (0, 1, "y"))
logaddexp2_p = _ew("logaddexp2", np.logaddexp2, (0, 1, "y"))


def _softmax_weight(y: Any, a: Any, b: Any, pow_: Callable[[Any], Any]) -> Any:
    finite = np.isfinite(concrete(y))
    if finite.all():
        return pow_(a - y)
    with np.errstate(invalid="ignore"):  # inf - inf where y is infinite, selected away
        d = a - y
    return where(finite, pow_(where(finite, d, 0.0)), _share(a, b))


defvjp(
    logaddexp_p,
    lambda y, ybar, a, b: ybar * _softmax_weight(y, a, b, exp),
    lambda y, ybar, a, b: ybar * _softmax_weight(y, b, a, exp),
)
defjvp(
    logaddexp_p,
    lambda adot, y, a, b: adot * _softmax_weight(y, a, b, exp),
    lambda bdot, y, a, b: bdot * _softmax_weight(y, b, a, exp),
)
defvjp(
    logaddexp2_p,
    lambda y, ybar, a, b: ybar * _softmax_weight(y, a, b, exp2),
    lambda y, ybar, a, b: ybar * _softmax_weight(y, b, a, exp2),
)
defjvp(
    logaddexp2_p,
    lambda adot, y, a, b: adot * _softmax_weight(y, a, b, exp2),
    lambda bdot, y, a, b: bdot * _softmax_weight(y, b, a, exp2),
)


# --- arctan2 ------------------------------------------------------------------------

arctan2_p = Primitive("arctan2", np.arctan2, kind=Kind.ELEMENTWISE, saves=(0, 1))


def arctan2(y: ArrayLike, x: ArrayLike) -> Array:
    """Elementwise angle of the point ``(x, y)``: ``arctan(y / x)`` in the right quadrant.

    Args:
        y: the y coordinates.
        x: the x coordinates (broadcast with ``y``).

    Returns:
        Angles in ``[-pi, pi]``.

    Example:
        >>> import fad
        >>> float(arctan2(1.0, -1.0)) == 3 * np.pi / 4
        True
        >>> [float(g) for g in fad.grad(arctan2, argnums=(0, 1))(1.0, 1.0)]
        [0.5, -0.5]
    """
    if type(y) is not Tracer and type(x) is not Tracer and not _traced_seq(y, x):
        return onp.arctan2(y, x)
    return bind(arctan2_p, as_operand(y), as_operand(x))


# d atan2(a, b) = (b da - a db) / (a² + b²)
defvjp(
    arctan2_p,
    lambda z, zbar, a, b: zbar * b / (a * a + b * b),
    lambda z, zbar, a, b: -zbar * a / (a * a + b * b),
)
defjvp(
    arctan2_p,
    lambda adot, z, a, b: adot * b / (a * a + b * b),
    lambda bdot, z, a, b: -bdot * a / (a * a + b * b),
)


# --- logarithms and powers of 2 and 10, hypot ---------------------------------------------
# Primitives rather than compositions (log(x) / log(2), ...) so that traced values
# are NumPy's to the last bit: log2(8) is 3 and exp2(3) is 8, exactly, and
# floor(log2(x)) agrees with NumPy's; hypot does not overflow for large arguments.

_LN2 = math.log(2.0)
_LN10 = math.log(10.0)

log2_p = _unary("log2", np.log2, lambda y, x: 1 / (x * _LN2), _X)
log10_p = _unary("log10", np.log10, lambda y, x: 1 / (x * _LN10), _X)
exp2_p = _unary("exp2", np.exp2, lambda y, x: y * _LN2, _Y)
hypot_p = _ew("hypot", np.hypot, (0, 1, "y"))

# d hypot(a, b) = (a da + b db) / hypot(a, b)
defvjp(hypot_p, lambda y, ybar, a, b: ybar * a / y, lambda y, ybar, a, b: ybar * b / y)
defjvp(hypot_p, lambda adot, y, a, b: adot * a / y, lambda bdot, y, a, b: bdot * b / y)


def log2(x: ArrayLike) -> Array:
    """Elementwise base-2 logarithm.

    Args:
        x: an array-like.

    Returns:
        An array of ``x``'s shape (a Tracer if ``x`` is traced).

    Example:
        >>> float(log2(8.0))
        3.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.log2(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(log2_p, as_operand(x))


def log10(x: ArrayLike) -> Array:
    """Elementwise base-10 logarithm.

    Args:
        x: an array-like.

    Returns:
        An array of ``x``'s shape (a Tracer if ``x`` is traced).

    Example:
        >>> float(log10(1000.0))
        3.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.log10(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(log10_p, as_operand(x))


def exp2(x: ArrayLike) -> Array:
    """Elementwise ``2 ** x``.

    Args:
        x: an array-like.

    Returns:
        An array of ``x``'s shape (a Tracer if ``x`` is traced).

    Example:
        >>> float(exp2(3.0))
        8.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.exp2(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(exp2_p, as_operand(x))


def hypot(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Elementwise ``sqrt(x1**2 + x2**2)``, with broadcasting, without overflow.

    Its derivative is undefined (NaN) where both arguments are 0.

    Args:
        x1, x2: array-likes.

    Returns:
        The lengths of the hypotenuses.

    Example:
        >>> import fad
        >>> float(hypot(3.0, 4.0))
        5.0
        >>> float(fad.grad(hypot)(3.0, 4.0))
        0.6
    """
    if type(x1) is not Tracer and type(x2) is not Tracer and not _traced_seq(x1, x2):
        return onp.hypot(x1, x2)
    return bind(hypot_p, as_operand(x1), as_operand(x2))


# --- more of NumPy's elementwise maps (issue #9) ---------------------------------------
#
# Each one below is a primitive where a composition would lose accuracy or
# exactness (cbrt, sinc, fmod, ldexp, i0, ...), and a composition of the
# primitives above where that is as cheap and as exact.


def _operand(x: Any, fn: str) -> Any:
    """``as_operand`` for a traced call of ``fn``, a map NumPy (or fad's rules)
    defines for real values only: refuses complex operands, naming ``fn``."""
    if _has_complex(x):
        # fn is a fad.numpy name (sin), or a full one (fad.scipy.special.erf)
        ours, theirs = (fn, fn[len("fad."):]) if fn.startswith("fad.") else (f"fad.numpy.{fn}", f"np.{fn}")
        raise TypeError(
            f"{ours} ({theirs} on traced values) takes real values only, but it got a "
            "complex operand. Apply it to the real and imaginary parts (fnp.real(z), fnp.imag(z)), "
            "or to fnp.abs(z), as the computation needs."
        )
    return as_operand(x)


def _has_complex(x: Any) -> bool:
    """Whether ``x`` (an array, scalar, or nested lists of them and Tracers) holds a complex number."""
    if (type(x) is list or type(x) is tuple):
        return any(_has_complex(o) for o in x)
    return bool(np.iscomplexobj(concrete(x)))


# d/dz arccosh z = 1 / (sqrt(z - 1) sqrt(z + 1)) on NumPy's principal branch; for
# complex z the two roots may not be merged into sqrt(z^2 - 1) (DLMF 4.37.16, 4.37.19).
arccosh_p = _unary(
    "arccosh",
    np.arccosh,
    lambda y, x: 1 / (sqrt(x - 1) * sqrt(x + 1)) if _is_complex(x) else 1 / sqrt((x - 1) * (x + 1)),
    _X,
)
cbrt_p = _unary("cbrt", np.cbrt, lambda y, x: 1 / (3 * y * y), _Y)


def arccosh(x: ArrayLike) -> Array:
    """Elementwise inverse hyperbolic cosine (defined for ``x >= 1``).

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.numpy as fnp
        >>> float(fnp.arccosh(1.0))
        0.0
        >>> float(fnp.round(fad.grad(fnp.arccosh)(2.0), 6))   # 1 / sqrt(x^2 - 1)
        0.57735
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.arccosh(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(arccosh_p, as_operand(x))


def cbrt(x: ArrayLike) -> Array:
    """Elementwise cube root, the real one (``cbrt(-8) = -2``).

    Its derivative ``1 / (3 cbrt(x)^2)`` is infinite at 0.

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.numpy as fnp
        >>> float(fnp.cbrt(-8.0)), float(fad.grad(fnp.cbrt)(8.0))
        (-2.0, 0.08333333333333333)
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.cbrt(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(cbrt_p, _operand(x, "cbrt"))


def fabs(x: ArrayLike) -> Array:
    """Elementwise absolute value of real numbers (derivative ``sign(x)``, 0 at 0).

    Args:
        x: a real array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.fabs(-2.5))
        2.5
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.fabs(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(absolute_p, _operand(x, "fabs"))


# the aliases NumPy 2 added (the same ufuncs: np.acos is np.arccos)
acos = arccos
acosh = arccosh
asin = arcsin
asinh = arcsinh
atan = arctan
atan2 = arctan2
atanh = arctanh
pow = power


# --- angles, in degrees and radians ---------------------------------------------------

_RAD_PER_DEG = math.pi / 180.0
_DEG_PER_RAD = 180.0 / math.pi


def deg2rad(x: ArrayLike) -> Array:
    """Elementwise degrees to radians, ``x * pi / 180``.

    Args:
        x: angles in degrees.

    Returns:
        The angles in radians.

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.deg2rad(180.0))
        3.141592653589793
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.deg2rad(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return _operand(x, "deg2rad") * _RAD_PER_DEG  # type: ignore[no-any-return]


radians = deg2rad  # NumPy's other name (a separate ufunc there, the same map)


def rad2deg(x: ArrayLike) -> Array:
    """Elementwise radians to degrees, ``x * 180 / pi``.

    Args:
        x: angles in radians.

    Returns:
        The angles in degrees.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> float(fnp.rad2deg(np.pi))
        180.0
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.rad2deg(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return _operand(x, "rad2deg") * _DEG_PER_RAD  # type: ignore[no-any-return]


degrees = rad2deg  # NumPy's other name (a separate ufunc there, the same map)


# --- powers and logarithms ------------------------------------------------------------


def _as_float64(x: Any) -> Any:
    """``x`` as float64, or complex128 if it is complex (NumPy's float_power)."""
    to = np.complex128 if _has_complex(x) else np.float64
    if type(x) is Tracer:
        return x if x.dtype == to else x.astype(to)
    return np.asarray(x, dtype=to)


def float_power(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Elementwise ``x1 ** x2``, computed in float64 (at least): float32 in gives float64 out.

    The derivative with respect to the exponent uses ``log(x1)``, taken as 0
    where ``x1 <= 0`` (as :func:`power`).

    Args:
        x1: the base.
        x2: the exponent.

    Returns:
        The power, as float64.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.float_power(np.float32(2.0), 3).dtype
        dtype('float64')
    """
    if type(x1) is not Tracer and type(x2) is not Tracer and not _traced_seq(x1, x2):
        return onp.float_power(x1, x2)
    return power(_as_float64(as_operand(x1)), _as_float64(as_operand(x2)))


def logaddexp2(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Elementwise ``log2(2**x1 + 2**x2)``, computed stably.

    Args:
        x1, x2: array-likes.

    Returns:
        The base-2 log of the sum of powers of 2.

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.logaddexp2(1.0, 1.0))
        2.0
    """
    if type(x1) is not Tracer and type(x2) is not Tracer and not _traced_seq(x1, x2):
        return onp.logaddexp2(x1, x2)
    return bind(logaddexp2_p, _operand(x1, "logaddexp2"), _operand(x2, "logaddexp2"))


# --- sinc, with its removable point at 0 ------------------------------------------------
#
# sinc(x) = sin(pi x) / (pi x), and 1 at 0. Its k-th derivative is its own primitive
# (``sinc_derivative``, whose derivative is the (k+1)-th), so every order is exact
# at and near 0, where the closed forms divide 0 by 0.
#   - |x| < 1: the Maclaurin series sinc(x) = sum_n (-1)^n (pi x)^(2n) / (2n+1)!,
#     differentiated term by term;
#   - |x| >= 1: from x sinc(x) = sin(pi x) / pi, differentiated k times (Leibniz):
#     x f^(k) + k f^(k-1) = pi^(k-1) sin(pi x + k pi / 2), a recursion from f = sinc.
# sinc is entire, so on complex z both forms hold as they are (|z| < 1 picks the series)
# and, holomorphic, it keeps its real rules: the JVP f'(z) zdot (docs/complex.md).

_SINC_TERMS = 30  # (pi x)^60 / 61! < 1e-54 for |x| < 1


def _sinc_derivative_impl(x: Any, k: int) -> Any:
    x = np.asarray(x)
    dt = np.result_type(x.dtype, np.float16)  # np.sinc's dtype: float32 stays float32, complex64 too
    wide = np.complex128 if dt.kind == "c" else np.float64  # sinc is entire: both forms hold for complex z
    x64 = x.astype(wide)
    out = np.empty(x64.shape, wide)
    near = np.abs(x64) < 1.0
    if near.any():
        z = x64[near]
        total = np.zeros(z.shape, wide)
        for n in range((k + 1) // 2, _SINC_TERMS):
            # d^k/dx^k x^(2n) = (2n)! / (2n - k)! x^(2n - k)
            coef = (-1) ** n * math.pi ** (2 * n) / math.factorial(2 * n + 1)
            coef *= math.factorial(2 * n) / math.factorial(2 * n - k)
            total += coef * z ** (2 * n - k)
        out[near] = total
    far = ~near
    if far.any():
        z = x64[far]
        f = np.sinc(z)
        s, c = np.sin(np.pi * z), np.cos(np.pi * z)
        for j in range(1, k + 1):
            turn = (s, c, -s, -c)[j % 4]  # sin(pi z + j pi / 2)
            f = (math.pi ** (j - 1) * turn - j * f) / z
        out[far] = f
    return out.astype(dt)[()]


sinc_p = _ew("sinc", np.sinc, _X)
sinc_derivative_p = _ew("sinc_derivative", _sinc_derivative_impl, _X)


def _sinc_derivative(x: Any, k: int) -> Any:
    return bind(sinc_derivative_p, x, k=k)


defvjp(sinc_p, lambda y, ybar, x: ybar * _sinc_derivative(x, 1))
defjvp(sinc_p, lambda xdot, y, x: xdot * _sinc_derivative(x, 1))
defvjp(sinc_derivative_p, lambda y, ybar, x, k: ybar * _sinc_derivative(x, k + 1))
defjvp(sinc_derivative_p, lambda xdot, y, x, k: xdot * _sinc_derivative(x, k + 1))


def sinc(x: ArrayLike) -> Array:
    """Elementwise normalised sinc, ``sin(pi x) / (pi x)``, and 1 at ``x = 0``.

    The removable point at 0 is handled in the derivatives too: at 0 the first
    derivative is 0 and the second ``-pi**2 / 3``, and every order is computed
    from a series near 0 (no 0 / 0). On complex values it is holomorphic, with
    the derivative ``(cos(pi z) - sinc(z)) / z`` (0 at 0).

    Args:
        x: an array-like (real or complex).

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.numpy as fnp
        >>> float(fnp.sinc(0.0)), float(fad.grad(fnp.sinc)(0.0))
        (1.0, 0.0)
        >>> float(fnp.round(fad.grad(fad.grad(fnp.sinc))(0.0), 6))   # -pi^2 / 3
        -3.289868
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.sinc(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(sinc_p, as_operand(x))


# --- fmax, fmin: maximum and minimum that ignore NaN ---------------------------------

fmax_p = _ew("fmax", np.fmax, _ARGS)
fmin_p = _ew("fmin", np.fmin, _ARGS)


def _nan_share(a: Any, b: Any, w: Any) -> Any:
    """The first argument's weights ``w`` corrected for NaN: 1 where only ``b``
    is NaN, 0 where only ``a`` is (both NaN: 1, the first argument, whose NaN
    NumPy returns). The second argument's weights are 1 minus these."""
    a, b = concrete(a), concrete(b)
    return np.where(np.isnan(b), 1.0, np.where(np.isnan(a), 0.0, w))


def _fmax_share(a: Any, b: Any) -> Any:
    with np.errstate(invalid="ignore"):  # complex NaN compared: NumPy warns (real NaN does not)
        return _nan_share(a, b, _share(a, b))


def _fmin_share(a: Any, b: Any) -> Any:
    with np.errstate(invalid="ignore"):  # complex NaN compared: NumPy warns (real NaN does not)
        return _nan_share(a, b, _share(b, a))


defvjp(
    fmax_p,
    lambda y, ybar, a, b: _weighted(ybar, _fmax_share(a, b)),
    lambda y, ybar, a, b: _weighted(ybar, 1.0 - _fmax_share(a, b)),
)
defjvp(
    fmax_p,
    lambda adot, y, a, b: _weighted(adot, _fmax_share(a, b)),
    lambda bdot, y, a, b: _weighted(bdot, 1.0 - _fmax_share(a, b)),
)
defvjp(
    fmin_p,
    lambda y, ybar, a, b: _weighted(ybar, _fmin_share(a, b)),
    lambda y, ybar, a, b: _weighted(ybar, 1.0 - _fmin_share(a, b)),
)
defjvp(
    fmin_p,
    lambda adot, y, a, b: _weighted(adot, _fmin_share(a, b)),
    lambda bdot, y, a, b: _weighted(bdot, 1.0 - _fmin_share(a, b)),
)


def fmax(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Elementwise maximum that ignores NaN: where one argument is NaN, the other.

    The derivative goes to the argument returned: to the one that is not NaN
    (to the first where both are); at ties it is split evenly, as in :func:`maximum`.
    Complex values are ordered as NumPy orders them, real parts first, then
    imaginary parts (a complex value is NaN if either part is).

    Args:
        x1, x2: array-likes.

    Returns:
        The larger of each pair, NaN only where both are NaN.

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> fnp.fmax(np.array([1.0, np.nan]), np.array([2.0, 3.0]))
        array([2., 3.])
        >>> fad.grad(lambda x: fnp.sum(fnp.fmax(x, np.array([0.0, np.nan]))))(np.array([1.0, -1.0]))
        array([1., 1.])
    """
    if type(x1) is not Tracer and type(x2) is not Tracer and not _traced_seq(x1, x2):
        return onp.fmax(x1, x2)
    return bind(fmax_p, as_operand(x1), as_operand(x2))


def fmin(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Elementwise minimum that ignores NaN: where one argument is NaN, the other.

    The derivative goes to the argument returned: to the one that is not NaN
    (to the first where both are); at ties it is split evenly, as in :func:`minimum`.
    Complex values are ordered as NumPy orders them, real parts first, then
    imaginary parts (a complex value is NaN if either part is).

    Args:
        x1, x2: array-likes.

    Returns:
        The smaller of each pair, NaN only where both are NaN.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.fmin(np.array([1.0, np.nan]), np.array([2.0, 3.0]))
        array([1., 3.])
    """
    if type(x1) is not Tracer and type(x2) is not Tracer and not _traced_seq(x1, x2):
        return onp.fmin(x1, x2)
    return bind(fmin_p, as_operand(x1), as_operand(x2))


# --- fmod, remainder (mod), divmod ------------------------------------------------------
#
# r = x - q y with q an integer, constant between the jumps: dr/dx = 1, dr/dy = -q.
# q is read back from the output, (x - r) / y rounded to the integer it is, so it
# agrees with the value NumPy computed even where x / y rounds across an integer.

fmod_p = _ew("fmod", np.fmod, (0, 1, "y"))
remainder_p = _ew("remainder", np.remainder, (0, 1, "y"))


def _quotient(r: Any, a: Any, b: Any) -> Any:
    """The integer q of r = a - q b, in r's dtype (a constant to every transform)."""
    r, a, b = concrete(r), concrete(a), concrete(b)
    with np.errstate(invalid="ignore", divide="ignore"):
        q = np.rint((a - r) / b)
    return np.asarray(q, dtype=np.result_type(r))


defvjp(fmod_p, lambda y, ybar, a, b: ybar, lambda y, ybar, a, b: -ybar * _quotient(y, a, b))
defjvp(fmod_p, lambda adot, y, a, b: adot, lambda bdot, y, a, b: -bdot * _quotient(y, a, b))
defvjp(remainder_p, lambda y, ybar, a, b: ybar, lambda y, ybar, a, b: -ybar * _quotient(y, a, b))
defjvp(remainder_p, lambda adot, y, a, b: adot, lambda bdot, y, a, b: -bdot * _quotient(y, a, b))


def fmod(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Elementwise remainder of C's ``fmod``: ``x1 - trunc(x1 / x2) * x2``, with the sign of ``x1``.

    Its derivative is 1 in ``x1`` and ``-trunc(x1 / x2)`` in ``x2`` (it jumps
    where ``x1`` is a multiple of ``x2``).

    Args:
        x1: the dividend.
        x2: the divisor.

    Returns:
        The remainder.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> float(fnp.fmod(-7.0, 2.0))
        -1.0
        >>> [float(g) for g in fad.grad(fnp.fmod, argnums=(0, 1))(-7.0, 2.0)]
        [1.0, 3.0]
    """
    if type(x1) is not Tracer and type(x2) is not Tracer and not _traced_seq(x1, x2):
        return onp.fmod(x1, x2)
    return bind(fmod_p, _operand(x1, "fmod"), _operand(x2, "fmod"))


def remainder(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Elementwise remainder of Python's ``%``: ``x1 - floor(x1 / x2) * x2``, with the sign of ``x2``.

    Its derivative is 1 in ``x1`` and ``-floor(x1 / x2)`` in ``x2`` (it jumps
    where ``x1`` is a multiple of ``x2``).

    Args:
        x1: the dividend.
        x2: the divisor.

    Returns:
        The remainder.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> float(fnp.remainder(-7.0, 2.0))
        1.0
        >>> [float(g) for g in fad.grad(fnp.remainder, argnums=(0, 1))(-7.0, 2.0)]
        [1.0, 4.0]
    """
    if type(x1) is not Tracer and type(x2) is not Tracer and not _traced_seq(x1, x2):
        return onp.remainder(x1, x2)
    return bind(remainder_p, _operand(x1, "remainder"), _operand(x2, "remainder"))


mod = remainder


def divmod(x1: ArrayLike, x2: ArrayLike) -> tuple[Array, Array]:
    """Elementwise ``(floor_divide(x1, x2), remainder(x1, x2))``.

    The quotient is piecewise constant: it is a plain array (derivative 0).

    Args:
        x1: the dividend.
        x2: the divisor.

    Returns:
        The pair (quotient, remainder).

    Example:
        >>> import fad.numpy as fnp
        >>> [float(v) for v in fnp.divmod(-7.0, 2.0)]
        [-4.0, 1.0]
    """
    if type(x1) is not Tracer and type(x2) is not Tracer and not _traced_seq(x1, x2):
        qr: Any = onp.divmod(x1, x2)
        return qr[0], qr[1]
    a, b = _operand(x1, "divmod"), _operand(x2, "divmod")
    return onp.floor_divide(concrete(a), concrete(b)), remainder(a, b)


# --- sign bits, NaN and infinities, exponents ------------------------------------------


def copysign(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Elementwise ``x1``'s magnitude with ``x2``'s sign.

    Its derivative is ``sign(x1) * sign(x2)`` in ``x1`` (0 at ``x1 = 0``; the
    sign of ``x2`` read from its sign bit, so ``+0.0`` counts as positive) and 0
    in ``x2``.

    Args:
        x1: the magnitudes.
        x2: the signs.

    Returns:
        The broadcast result.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> float(fnp.copysign(3.0, -1.0)), float(fad.grad(fnp.copysign)(-3.0, -1.0))
        (-3.0, 1.0)
    """
    if type(x1) is not Tracer and type(x2) is not Tracer and not _traced_seq(x1, x2):
        return onp.copysign(x1, x2)
    a, b = _operand(x1, "copysign"), concrete(_operand(x2, "copysign"))
    if type(b) in (int, float, bool):  # a Python number: weak in NumPy's promotion, so keep it one
        sign: Any = math.copysign(1.0, b)
    else:
        sign = np.copysign(np.ones((), np.result_type(b, np.float16)), b)
    magnitude = math.fabs(a) if type(a) in (int, float, bool) else absolute(a)
    return magnitude * sign  # type: ignore[no-any-return]


def nan_to_num(
    x: ArrayLike, copy: bool = True, nan: float = 0.0,
    posinf: Optional[float] = None, neginf: Optional[float] = None,
) -> Array:
    """Replace NaN and infinities by finite numbers (NumPy's defaults: 0 and the largest floats).

    The derivative is 1 where ``x`` is finite and 0 where it was replaced.

    Args:
        x: an array-like.
        copy: whether NumPy may write into ``x`` (ignored for traced values,
            which are never changed in place).
        nan: the value for NaN.
        posinf: the value for +inf (default: the largest float of the dtype).
        neginf: the value for -inf (default: the most negative float).

    Returns:
        The array with finite values only.

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> fnp.nan_to_num(np.array([1.0, np.nan, -np.inf]), neginf=-9.0)
        array([ 1.,  0., -9.])
        >>> fad.grad(lambda x: fnp.sum(fnp.nan_to_num(x)))(np.array([1.0, np.inf]))
        array([1., 0.])
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.nan_to_num(x, copy=copy, nan=nan, posinf=posinf, neginf=neginf)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    a = _operand(x, "nan_to_num")
    c = concrete(a)
    finite = np.isfinite(c)
    if finite.all():
        return a  # type: ignore[no-any-return]
    return where(finite, a, np.nan_to_num(c, nan=nan, posinf=posinf, neginf=neginf))


ldexp_p = _ew("ldexp", np.ldexp, (1,))  # the rules read the exponents only


def ldexp(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Elementwise ``x1 * 2**x2`` for integer exponents ``x2``, exactly.

    It is linear in ``x1`` (derivative ``2**x2``); the integer exponents carry no derivative.

    Args:
        x1: the mantissas.
        x2: the exponents, integers.

    Returns:
        The broadcast result.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> float(fnp.ldexp(3.0, 2)), float(fad.grad(fnp.ldexp)(3.0, 2))
        (12.0, 4.0)
    """
    if type(x1) is not Tracer and type(x2) is not Tracer and not _traced_seq(x1, x2):
        return onp.ldexp(x1, x2)
    e = concrete(as_operand(x2))
    if not np.issubdtype(np.result_type(e), np.integer):
        raise TypeError(
            f"ldexp: the exponents x2 must be integers, not {np.result_type(e)} (they carry no "
            "derivative); for a differentiable exponent write x1 * 2.0 ** x2 (or fnp.exp2(x2))."
        )
    return bind(ldexp_p, _operand(x1, "ldexp"), e)


defvjp(ldexp_p, lambda y, ybar, x, e: ldexp(ybar, e), None)
defjvp(ldexp_p, lambda xdot, y, x, e: ldexp(xdot, e), None)


def frexp(x: ArrayLike) -> tuple[Array, Array]:
    """Elementwise split into mantissa and exponent: ``x = m * 2**e``, ``0.5 <= |m| < 1``.

    The mantissa's derivative is ``1 / 2**e`` (it jumps at powers of 2); the
    integer exponents are a plain array, with no derivative.

    Args:
        x: an array-like.

    Returns:
        The pair (mantissa, exponent).

    Example:
        >>> import fad, fad.numpy as fnp
        >>> m, e = fnp.frexp(12.0)
        >>> float(m), int(e)
        (0.75, 4)
        >>> float(fad.grad(lambda x: fnp.frexp(x)[0])(12.0))
        0.0625
    """
    tx = type(x)  # the untraced fast path: two identity tests for an array
    if tx is not Tracer and (tx is not list and tx is not tuple or not has_tracer(x)):
        me: Any = onp.frexp(x)
        return me[0], me[1]
    a = _operand(x, "frexp")
    _, e = np.frexp(concrete(a))
    return ldexp(a, -e), e


def modf(x: ArrayLike) -> tuple[Array, Array]:
    """Elementwise split into fractional and integral parts, both with ``x``'s sign.

    The fractional part has derivative 1 (it jumps at integers); the integral
    part is a plain array, with no derivative.

    Args:
        x: an array-like.

    Returns:
        The pair (fractional part, integral part).

    Example:
        >>> import fad, fad.numpy as fnp
        >>> [float(v) for v in fnp.modf(-2.5)]
        [-0.5, -2.0]
        >>> float(fad.grad(lambda x: fnp.modf(x)[0])(-2.5))
        1.0
    """
    tx = type(x)  # the untraced fast path: two identity tests for an array
    if tx is not Tracer and (tx is not list and tx is not tuple or not has_tracer(x)):
        fi: Any = onp.modf(x)
        return fi[0], fi[1]
    a = _operand(x, "modf")
    c = concrete(a)
    whole = np.trunc(c)
    # fmod(x, 1) is x - trunc(x) exactly, with x's sign (-0.0 at negative integers, as NumPy)
    frac = fmod(a, 1.0)
    inf = np.isinf(c)
    if inf.any():  # fmod(+-inf, 1) is NaN; NumPy's fractional part of +-inf is +-0
        frac = where(inf, np.modf(c)[0], frac)
    return frac, whole


# --- piecewise-constant maps: no derivative to carry (continued) -------------------


def rint(x: ArrayLike) -> Array:
    """Round to the nearest integer (halves to even): piecewise constant, so its derivative is 0.

    On a traced value it returns a plain array (a constant to every transform).

    Args:
        x: an array-like.

    Returns:
        A plain NumPy array.

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.rint(2.5))
        2.0
    """
    return onp.rint(concrete(as_operand(x)))


def trunc(x: ArrayLike) -> Array:
    """Round towards zero: piecewise constant, so its derivative is 0.

    On a traced value it returns a plain array (a constant to every transform).

    Args:
        x: an array-like.

    Returns:
        A plain NumPy array.

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.trunc(-1.7))
        -1.0
    """
    return onp.trunc(concrete(as_operand(x)))


def fix(x: ArrayLike, out: Optional[Array] = None) -> Array:
    """Round towards zero (as :func:`trunc`): piecewise constant, so its derivative is 0.

    On a traced value it returns a plain array (a constant to every transform).

    Args:
        x: an array-like.
        out: an array to write the result into (as NumPy).

    Returns:
        A plain NumPy array.

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.fix(-1.7))
        -1.0
    """
    return onp.fix(concrete(as_operand(x)), out)


def heaviside(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Heaviside step: 0 where ``x1 < 0``, ``x2`` where ``x1 == 0``, 1 where ``x1 > 0``.

    Piecewise constant: its derivative is 0 in both arguments (a plain array on
    traced values, as JAX and autograd do).

    Args:
        x1: the input.
        x2: the value at 0.

    Returns:
        A plain NumPy array.

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.heaviside(np.array([-1.0, 0.0, 2.0]), 0.5)
        array([0. , 0.5, 1. ])
    """
    return onp.heaviside(concrete(as_operand(x1)), concrete(as_operand(x2)))


# --- complex helpers -----------------------------------------------------------------
#
# With the pairing <a, b> = Re(sum(a * b)) that makes a VJP the transpose of its
# JVP (docs/complex.md):
#   real:  ydot = Re(xdot)       xbar = ybar (as a complex value)
#   imag:  ydot = Im(xdot)       xbar = -1j * ybar      (Re(-1j r v) = r Im(v))
#   conj:  ydot = conj(xdot)     xbar = conj(ybar)      (Re(c conj v) = Re(conj(c) v))
# On real values real and conj are the identity and imag is a constant 0.

real_p = _ew("real", np.real, _NONE)
imag_p = _ew("imag", np.imag, _NONE)
conjugate_p = _ew("conjugate", np.conjugate, _NONE)


def _complex_like(t: Any, x: Any) -> Any:
    """The real cotangent ``t`` as a complex value (of ``x``'s precision: a
    float32 ``t`` plus the Python ``0j`` is complex64)."""
    return t + 0j


defvjp(real_p, lambda y, ybar, x: _complex_like(ybar, x))
defjvp(real_p, lambda xdot, y, x: real(xdot))
defvjp(imag_p, lambda y, ybar, x: ybar * -1j)
defjvp(imag_p, lambda xdot, y, x: imag(xdot))
defvjp(conjugate_p, lambda y, ybar, x: conjugate(ybar))
defjvp(conjugate_p, lambda xdot, y, x: conjugate(xdot))


def _traced_arg(x: Any) -> Optional[Tracer]:
    """A Tracer for a Tracer or a list holding one, else None."""
    if type(x) is Tracer:
        return x
    if (type(x) is list or type(x) is tuple) and has_tracer(x):
        t: Tracer = as_operand(x)
        return t
    return None


def real(val: ArrayLike) -> Array:
    """The real part (for real input, the input itself).

    Not holomorphic: its VJP turns a real cotangent ``ybar`` into the complex
    cotangent ``ybar + 0j`` (see docs/complex.md).

    Args:
        val: an array-like.

    Returns:
        The real part (a Tracer if ``val`` is traced).

    Example:
        >>> import fad, fad.numpy as fnp
        >>> complex(fad.grad(lambda z: fnp.real(z) * 2.0)(1.0 + 1.0j))
        (2+0j)
    """
    t = _traced_arg(val)
    if t is None:
        return onp.real(val)
    return bind(real_p, t) if _is_complex(t) else t


def imag(val: ArrayLike) -> Array:
    """The imaginary part (for real input, constant zeros).

    Not holomorphic: its VJP turns a real cotangent ``ybar`` into ``-1j * ybar``
    (JAX's convention, see docs/complex.md).

    Args:
        val: an array-like.

    Returns:
        The imaginary part (a Tracer for traced complex input; a plain array of
        zeros for traced real input).

    Example:
        >>> import fad, fad.numpy as fnp
        >>> complex(fad.grad(lambda z: fnp.imag(z))(1.0 + 1.0j))
        -1j
    """
    t = _traced_arg(val)
    if t is None:
        return onp.imag(val)
    return bind(imag_p, t) if _is_complex(t) else onp.zeros_like(concrete(t))


def conjugate(x: ArrayLike) -> Array:
    """The complex conjugate (for real input, the input itself).

    Not holomorphic: both its JVP and its VJP are conjugations.

    Args:
        x: an array-like.

    Returns:
        The conjugate (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.numpy as fnp
        >>> complex(fad.grad(lambda z: fnp.real(z * fnp.conjugate(z)))(3.0 + 4.0j))
        (6-8j)
    """
    t = _traced_arg(x)
    if t is None:
        return onp.conjugate(x)
    return bind(conjugate_p, t) if _is_complex(t) else t


conj = conjugate


def angle(z: ArrayLike, deg: bool = False) -> Array:
    """The argument of complex numbers, ``arctan2(imag(z), real(z))``.

    On real input it is 0 (``x >= 0``) or pi (``x < 0``), piecewise constant:
    a plain array on traced real values (derivative 0).

    Args:
        z: an array-like.
        deg: angles in degrees instead of radians.

    Returns:
        The angles (a Tracer for traced complex input).

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> fnp.angle(np.array([2.0, -2.0]), deg=True)
        array([  0., 180.])
        >>> complex(fad.grad(fnp.angle)(1.0j))   # d angle = Im(dz / z)
        (-1+0j)
    """
    t = _traced_arg(z)
    if t is None:
        return onp.angle(z, deg)
    if not _is_complex(t):
        return onp.angle(concrete(t), deg)
    a = arctan2(imag(t), real(t))
    return a * (180 / np.pi) if deg else a


def real_if_close(a: ArrayLike, tol: float = 100) -> Array:
    """Complex input whose imaginary parts are all close to 0 as its real part;
    other input unchanged (the decision is made on the value, as NumPy's).

    Args:
        a: an array-like.
        tol: the tolerance, in machine epsilons (as NumPy).

    Returns:
        ``real(a)`` if ``a`` is complex with all imaginary parts within ``tol``
        machine epsilons of 0, else ``a`` (a Tracer if ``a`` is traced).

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> fnp.real_if_close(np.array([1.0, 2.0]))
        array([1., 2.])
        >>> fnp.real_if_close(np.array([1.0 + 1e-20j]))
        array([1.])
    """
    t = _traced_arg(a)
    if t is None:
        return onp.real_if_close(a, tol)
    c = concrete(t)
    if _is_complex(t) and not np.iscomplexobj(onp.real_if_close(c, tol)):
        return real(t)
    return t


# --- i0, the modified Bessel function of the first kind, order 0 ------------------------
#
# I0' = I1 and I1' = I0 - I1 / x (-> 1/2 at 0): Abramowitz & Stegun 9.6.27 (with
# nu = 1, and I0' = I1 from 9.6.28). NumPy has no I1, so it is computed here:
#   - |x| <= 30: the power series I1(x) = sum_k (x/2)^(2k+1) / (k! (k+1)!)
#     (A&S 9.6.10), whose terms are all of one sign: no cancellation;
#   - |x| > 30: the asymptotic expansion (A&S 9.7.1)
#     I1(x) ~ e^x / sqrt(2 pi x) sum_k (-1)^k a_k / x^k,
#     a_k = prod_{j=1..k} (4 - (2j - 1)^2) / (k! 8^k),
#     whose terms shrink until k ~ 2x: 20 of them leave < 1e-17 at x = 30.

_I1_SERIES_TERMS = 90  # (15)^180 / (90! 91!) is far below 1e-17 of I1(30)
_I1_ASYMPTOTIC_TERMS = 20


def _i1_impl(x: Any) -> Any:
    x = np.asarray(x)
    dt = np.result_type(x.dtype, np.float16)  # np.i0's dtype: float32 stays float32
    a = np.abs(x.astype(np.float64))
    out = np.empty(a.shape)
    small = a <= 30.0
    if small.any():
        s = a[small]
        h = (s / 2) ** 2
        term = s / 2
        total = term.copy()
        for k in range(1, _I1_SERIES_TERMS):
            term = term * h / (k * (k + 1))
            total += term
        out[small] = total
    large = ~small
    if large.any():
        b = a[large]
        with np.errstate(over="ignore", invalid="ignore"):
            coef, total, term = 1.0, np.ones(b.shape), np.ones(b.shape)
            for k in range(1, _I1_ASYMPTOTIC_TERMS):
                coef *= -(4 - (2 * k - 1) ** 2) / (8 * k)
                term = term / b
                total += coef * term
            v = np.exp(b - 0.5 * np.log(2 * np.pi * b)) * total
        out[large] = np.where(np.isinf(b), np.inf, v)  # inf - inf above
    return (np.sign(x) * out).astype(dt)[()]


i0_p = _ew("i0", np.i0, _X)
i1_p = _ew("i1", _i1_impl, _X)


def _i1(x: Any) -> Any:
    return bind(i1_p, x)


def _di1(x: Any) -> Any:
    """I1'(x) = I0(x) - I1(x) / x, and 1/2 at 0 (no 0 / 0 there, in any order)."""
    zero = concrete(x) == 0
    if not np.any(zero):
        return i0(x) - _i1(x) / x
    safe = where(zero, 1.0, x)
    return where(zero, 0.5, i0(safe) - _i1(safe) / safe)


defvjp(i0_p, lambda y, ybar, x: ybar * _i1(x))
defjvp(i0_p, lambda xdot, y, x: xdot * _i1(x))
defvjp(i1_p, lambda y, ybar, x: ybar * _di1(x))
defjvp(i1_p, lambda xdot, y, x: xdot * _di1(x))


def i0(x: ArrayLike) -> Array:
    """The modified Bessel function of the first kind of order 0, elementwise.

    Its derivative is I1, the order-1 function (computed by fad: NumPy has
    none), whose own derivative is ``I0 - I1 / x`` (1/2 at 0).

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad, fad.numpy as fnp
        >>> float(fnp.i0(0.0)), float(fad.grad(fnp.i0)(0.0)), float(fad.grad(fad.grad(fnp.i0))(0.0))
        (1.0, 0.0, 0.5)
    """
    if type(x) is not Tracer:  # untraced: NumPy itself
        try:
            return onp.i0(x)
        except TypeError:  # a list holding Tracers, which NumPy cannot convert: trace it
            if not has_tracer(x):
                raise
    return bind(i0_p, _operand(x, "i0"))


NUMPY: dict[Any, Callable[..., Any]] = {
    np.add: add, np.subtract: subtract, np.multiply: multiply,
    np.divide: divide, np.power: power, np.negative: negative,
    np.positive: positive, np.exp: exp, np.expm1: expm1,
    np.log: log, np.log1p: log1p, np.sin: sin, np.cos: cos,
    np.tan: tan, np.arcsin: arcsin, np.arccos: arccos,
    np.arctan: arctan, np.sinh: sinh, np.cosh: cosh,
    np.tanh: tanh, np.arcsinh: arcsinh, np.arctanh: arctanh,
    np.sqrt: sqrt, np.square: square, np.reciprocal: reciprocal,
    np.absolute: absolute, np.sign: sign, np.floor: floor,
    np.ceil: ceil, np.maximum: maximum, np.minimum: minimum,
    np.logaddexp: logaddexp, np.arctan2: arctan2, np.log2: log2,
    np.log10: log10, np.exp2: exp2, np.hypot: hypot,
    np.clip: clip, np.round: round,
    # issue #9 (NumPy 2's aliases, np.acos and the rest, are these same ufuncs)
    np.arccosh: arccosh, np.cbrt: cbrt, np.fabs: fabs,
    np.deg2rad: deg2rad, np.radians: radians, np.rad2deg: rad2deg, np.degrees: degrees,
    np.float_power: float_power, np.logaddexp2: logaddexp2, np.sinc: sinc,
    np.fmax: fmax, np.fmin: fmin, np.fmod: fmod, np.remainder: remainder, np.divmod: divmod,
    np.copysign: copysign, np.nan_to_num: nan_to_num, np.ldexp: ldexp, np.frexp: frexp,
    np.modf: modf, np.around: around, np.rint: rint, np.trunc: trunc, np.fix: fix,
    np.heaviside: heaviside, np.real: real, np.imag: imag, np.conjugate: conjugate,
    np.angle: angle, np.real_if_close: real_if_close, np.i0: i0,
}
"""NumPy's ufuncs and functions -> this module's functions of the same meaning
(``fad.numpy._dispatch`` gathers the families' tables for NumPy's dispatch)."""
