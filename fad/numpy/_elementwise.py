"""Elementwise maps: arithmetic, exponentials and logarithms, trigonometry
(with arctan2 and hypot), maximum, minimum and clip.

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
from fad.numpy._util import Array, ArrayLike, bind, onp

__all__ = [
    "add", "subtract", "multiply", "divide", "true_divide", "power", "negative",
    "positive", "exp", "expm1", "log", "log1p", "sin", "cos", "tan",
    "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh", "arctanh",
    "sqrt", "square", "reciprocal", "absolute", "abs", "sign", "floor", "ceil",
    "round", "maximum", "minimum", "clip", "logaddexp", "sigmoid",
    "arctan2", "log2", "log10", "exp2", "hypot",
]


_X = (0,)  # the rules read the argument only
_Y = ("y",)  # the rules read the output only
_NONE = ()  # the rules read shapes only
_ARGS = (0, 1)  # the rules read both arguments


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
    if type(x) is not Tracer and type(y) is not Tracer:
        return onp.add(x, y)
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
    if type(x) is not Tracer and type(y) is not Tracer:
        return onp.subtract(x, y)
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
    if type(x) is not Tracer and type(y) is not Tracer:
        return onp.multiply(x, y)
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
    if type(x) is not Tracer and type(y) is not Tracer:
        return onp.divide(x, y)
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
    if type(x) is not Tracer and type(y) is not Tracer:
        return onp.power(x, y)
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
    if type(x) is not Tracer:
        return onp.negative(x)
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
    return onp.positive(x)


def _safe_log(x: Any) -> Any:
    """log(x) where x > 0, else 0: the exponent derivative of x ** y."""
    pos = concrete(x) > 0
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
    defvjp(p, lambda y, ybar, x: ybar * deriv(y, x))
    defjvp(p, lambda xdot, y, x: xdot * deriv(y, x))
    return p


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
tanh_p = _unary("tanh", np.tanh, lambda y, x: 1 - y * y, _Y)
arcsinh_p = _unary("arcsinh", np.arcsinh, lambda y, x: 1 / sqrt(x * x + 1), _X)
arctanh_p = _unary("arctanh", np.arctanh, lambda y, x: 1 / (1 - x * x), _X)
sqrt_p = _unary("sqrt", np.sqrt, lambda y, x: 0.5 / y, _Y)
square_p = _unary("square", np.square, lambda y, x: 2 * x, _X)
reciprocal_p = _unary("reciprocal", np.reciprocal, lambda y, x: -y * y, _Y)
absolute_p = _unary("absolute", np.absolute, lambda y, x: np.sign(concrete(x)), _X)
sigmoid_p = _unary("sigmoid", lambda x: 0.5 * (np.tanh(0.5 * x) + 1), lambda y, x: y * (1 - y), _Y)


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
    if type(x) is not Tracer:
        return onp.exp(x)
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
    if type(x) is not Tracer:
        return onp.expm1(x)
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
    if type(x) is not Tracer:
        return onp.log(x)
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
    if type(x) is not Tracer:
        return onp.log1p(x)
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
    if type(x) is not Tracer:
        return onp.sin(x)
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
    if type(x) is not Tracer:
        return onp.cos(x)
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
    if type(x) is not Tracer:
        return onp.tan(x)
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
    if type(x) is not Tracer:
        return onp.arcsin(x)
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
    if type(x) is not Tracer:
        return onp.arccos(x)
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
    if type(x) is not Tracer:
        return onp.arctan(x)
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
    if type(x) is not Tracer:
        return onp.sinh(x)
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
    if type(x) is not Tracer:
        return onp.cosh(x)
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
    if type(x) is not Tracer:
        return onp.tanh(x)
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
    if type(x) is not Tracer:
        return onp.arcsinh(x)
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
    if type(x) is not Tracer:
        return onp.arctanh(x)
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
    if type(x) is not Tracer:
        return onp.sqrt(x)
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
    if type(x) is not Tracer:
        return onp.square(x)
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
    if type(x) is not Tracer:
        return onp.reciprocal(x)
    return bind(reciprocal_p, as_operand(x))


def absolute(x: ArrayLike) -> Array:
    """Elementwise absolute value (derivative ``sign(x)``, 0 at 0).

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.absolute(-2.0))
        2.0
    """
    if type(x) is not Tracer:
        return onp.absolute(x)
    return bind(absolute_p, as_operand(x))


abs = absolute


def sigmoid(x: ArrayLike) -> Array:
    """Elementwise logistic sigmoid ``1 / (1 + exp(-x))``.

    Args:
        x: an array-like.

    Returns:
        An array of the same shape (a Tracer if ``x`` is traced).

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.sigmoid(0.0))
        0.5
    """
    if type(x) is not Tracer:
        y: Array = sigmoid_p.impl(onp.asarray(x))
        return y
    return bind(sigmoid_p, as_operand(x))


# --- piecewise-constant maps: no derivative to carry -------------------------


def sign(x: ArrayLike) -> Array:
    """Elementwise sign (-1, 0 or 1): piecewise constant, so its derivative is 0.

    On a traced value it returns a plain array (a constant to every transform),
    which is exactly its derivative almost everywhere.

    Args:
        x: an array-like.

    Returns:
        A plain NumPy array.

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.sign(-1.5))
        -1.0
    """
    return onp.sign(concrete(as_operand(x)))


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


def round(x: ArrayLike, decimals: int = 0) -> Array:
    """Round to ``decimals`` places: piecewise constant, so its derivative is 0.

    On a traced value it returns a plain array (a constant to every transform).

    Args:
        x: an array-like.
        decimals: the number of decimal places.

    Returns:
        A plain NumPy array.

    Example:
        >>> import fad.numpy as fnp
        >>> float(fnp.round(2.567, 2))
        2.57
    """
    return onp.round(concrete(as_operand(x)), decimals)


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
    if type(x) is not Tracer and type(y) is not Tracer:
        return onp.maximum(x, y)
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
    if type(x) is not Tracer and type(y) is not Tracer:
        return onp.minimum(x, y)
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
    m = maximum(x, y)
    m = np.where(np.isfinite(concrete(m)), concrete(m), 0.0)
    return m + log(exp(subtract(x, m)) + exp(subtract(y, m)))


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
    if type(y) is not Tracer and type(x) is not Tracer:
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


# --- elementwise compositions ------------------------------------------------------------

_LN2 = math.log(2.0)
_LN10 = math.log(10.0)


def log2(x: ArrayLike) -> Array:
    """Elementwise base-2 logarithm, ``log(x) / log(2)``.

    Args:
        x: an array-like.

    Returns:
        An array of ``x``'s shape.

    Example:
        >>> float(log2(8.0))
        3.0
    """
    if type(x) is not Tracer:
        return onp.log2(x)
    return log(x) * (1.0 / _LN2)


def log10(x: ArrayLike) -> Array:
    """Elementwise base-10 logarithm, ``log(x) / log(10)``.

    Args:
        x: an array-like.

    Returns:
        An array of ``x``'s shape.

    Example:
        >>> float(log10(1000.0))
        3.0
    """
    if type(x) is not Tracer:
        return onp.log10(x)
    return log(x) * (1.0 / _LN10)


def exp2(x: ArrayLike) -> Array:
    """Elementwise ``2 ** x``, as ``exp(x log 2)``.

    Args:
        x: an array-like.

    Returns:
        An array of ``x``'s shape.

    Example:
        >>> float(exp2(3.0))
        8.0
    """
    if type(x) is not Tracer:
        return onp.exp2(x)
    return exp(x * _LN2)


def hypot(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Elementwise ``sqrt(x1**2 + x2**2)``, with broadcasting.

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
    if type(x1) is not Tracer and type(x2) is not Tracer:
        return onp.hypot(x1, x2)
    a, b = as_operand(x1), as_operand(x2)
    return sqrt(a * a + b * b)


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
}
"""NumPy's ufuncs and functions -> this module's functions of the same meaning
(``fad.numpy._dispatch`` gathers the families' tables for NumPy's dispatch)."""
