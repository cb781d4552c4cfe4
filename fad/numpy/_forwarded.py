"""NumPy's names that have no derivative, and the names fad refuses.

Three kinds of name live here (``docs/numpy-coverage.md`` lists them, and
``docs/gen_numpy_coverage.py`` reads their kind from this module):

- **forwarded** functions, instances of :class:`Forwarded`: predicates,
  comparisons, indices, sets, counting, dtype queries, printing and
  configuration. Their results are booleans, integers, dtypes or text, which
  do not change when the inputs change a little (or change by steps): they
  carry no derivative. Called with traced values anywhere in their arguments
  they run NumPy on the concrete values (``fad.concrete``) and return NumPy's
  plain result, so ``assert fnp.allclose(x, y)`` works inside a traced
  function. NumPy's own submodules and classes re-exported here
  (``fnp.random``, ``fnp.errstate``) are forwarded too.
- **constants**: numbers (``pi``), dtypes and scalar types (``float32``),
  index-expression objects (``s_``, ``mgrid``), re-exported from NumPy.
- **refused** names, instances of :class:`Refused` (or NumPy's objects listed
  in ``REFUSED``): on plain values they are NumPy's; given a traced value they
  raise a TypeError that names the function as ``np.save`` and says what to do
  instead (file output, object arrays, iterators, matrices, complex results, ...).

A forwarded function whose result holds values of some inputs (``np.unique``
returns elements of ``ar``) lists those parameters (``Forwarded(...,
values=("ar",))``): a traced value there is refused, since a plain result
would silently drop its derivative.

``at(x)[index].set(v)`` (JAX's functional updates, for plain and traced
arrays alike) is here too: it is the function form of a Tracer's ``x.at``.
"""

from __future__ import annotations

import builtins
import inspect
import importlib
import sys
import types
from typing import Any, Callable, Optional

import numpy as np
from numpy import True_ as True_, False_ as False_  # noqa: F401  (re-exported)

from fad._tracer import Tracer, concrete
from fad.numpy._base import as_operand, getitem, index_add, index_update
from fad.numpy._base import where as _where
from fad.numpy._elementwise import arccos as _arccos
from fad.numpy._elementwise import arccosh as _arccosh
from fad.numpy._elementwise import arcsin as _arcsin
from fad.numpy._elementwise import arctanh as _arctanh
from fad.numpy._elementwise import divide, maximum, minimum, multiply, power
from fad.numpy._elementwise import log as _log
from fad.numpy._elementwise import log2 as _log2
from fad.numpy._elementwise import log10 as _log10
from fad.numpy._elementwise import sqrt as _sqrt
from fad.numpy._shape import astype as _astype

_SEQ = (list, tuple)
_MAY_HOLD_TRACERS = frozenset({Tracer, list, tuple, dict})
COVERAGE_PAGE = "docs/numpy-coverage.md"
"""Where the kind of every NumPy name is listed (generated from the code)."""


def _traced(values: Any) -> builtins.bool:
    """Whether an iterable of arguments holds a Tracer (also inside lists,
    tuples and dicts)."""
    todo = list(values)
    while todo:
        o = todo.pop()
        t = type(o)
        if t is Tracer:
            return True
        if t in _SEQ:
            todo.extend(o)
        elif t is dict:
            todo.extend(o.values())
    return False


def _concrete_tree(obj: Any) -> Any:
    """``obj`` with each Tracer (also inside lists, tuples, dicts) replaced by
    its concrete value."""
    t = type(obj)
    if t is Tracer:
        return concrete(obj)
    if t in _SEQ:
        return t(_concrete_tree(o) for o in obj)
    if t is dict:
        return {k: _concrete_tree(v) for k, v in obj.items()}
    return obj


def _np_name(fn: Any) -> str:
    """``np.isnan``: how a user writes the NumPy function ``fn``."""
    name = getattr(fn, "__name__", repr(fn))
    return f"np.{name}" if getattr(np, name, None) is fn else name


class Forwarded:
    """A NumPy function with no derivative, forwarded to NumPy.

    Its results (booleans, indices, counts, dtypes, text) do not change when
    the inputs change a little, or change by steps, so they carry no
    derivative. On traced values, anywhere in its arguments (also inside
    lists, tuples and keyword arguments), it runs NumPy's function on their
    concrete values and returns NumPy's plain result; on plain values it is
    NumPy's function. ``inspect.signature`` and ``help(f.__wrapped__)`` show
    NumPy's function, which is ``f.__wrapped__``; ``f.note`` says why it has
    no derivative. The parameters in ``f.values`` are those whose values the
    result holds (``np.unique``'s ``ar``): a traced value there is refused,
    with what to do instead, rather than silently losing its derivative.

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> def f(x):
        ...     assert fnp.all(fnp.isfinite(x))
        ...     return fnp.sum(x[fnp.argsort(x)[-2:]])
        >>> fad.grad(f)(np.array([3.0, 1.0, 2.0]))
        array([1., 0., 1.])
        >>> fnp.isnan
        <fad.numpy.isnan: forwarded to np.isnan>
    """

    __slots__ = ("__wrapped__", "__name__", "__qualname__", "note", "values", "instead")

    def __init__(self, fn: Callable[..., Any], note: str, values: tuple[str, ...] = (), instead: str = "") -> None:
        self.__wrapped__ = fn
        self.__name__: str = fn.__name__
        self.__qualname__ = fn.__name__
        self.note = note
        self.values = values
        self.instead = instead

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        for a in args:  # the fast path: plain arguments go straight to NumPy
            if type(a) in _MAY_HOLD_TRACERS:
                return self._call_traced(args, kwargs)
        if kwargs and _traced(kwargs.values()):
            return self._call_traced(args, kwargs)
        return self.__wrapped__(*args, **kwargs)

    def _call_traced(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if self.values and (_traced(args) or _traced(kwargs.values())):
            self._check_values(args, kwargs)
        return self.__wrapped__(*_concrete_tree(args), **_concrete_tree(kwargs))

    def _check_values(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        try:
            bound = inspect.signature(self.__wrapped__).bind(*args, **kwargs).arguments
        except TypeError:
            return  # NumPy itself will say what is wrong with the call
        traced = [p for p in self.values if p in bound and _traced([bound[p]])]
        if traced:
            raise TypeError(
                f"{_np_name(self.__wrapped__)} on a traced {traced[0]!r}: its result holds "
                f"values of {traced[0]!r}, and fad cannot forward them without dropping "
                f"their derivative. {self.instead} (See {COVERAGE_PAGE}.)"
            )

    def __getattr__(self, name: str) -> Any:
        # a ufunc's attributes and methods (nin, types, reduce, ...) are NumPy's
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.__wrapped__, name)

    def __repr__(self) -> str:
        return f"<fad.numpy.{self.__name__}: forwarded to {_np_name(self.__wrapped__)}>"


class Refused:
    """A NumPy function fad refuses on traced values.

    On plain values it is NumPy's function (``f.__wrapped__``). Given a
    traced value anywhere in its arguments, it raises a TypeError that names
    the function as ``np.save``, says why (``f.reason``) and what to do
    instead (``f.instead``).

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> def f(x):
        ...     fnp.save("x.npy", x)
        ...     return x
        >>> fad.grad(f)(1.0)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        TypeError: np.save of a traced value: ...
    """

    __slots__ = ("__wrapped__", "__name__", "__qualname__", "reason", "instead")

    def __init__(self, fn: Callable[..., Any], reason: str, instead: str) -> None:
        self.__wrapped__ = fn
        self.__name__: str = fn.__name__
        self.__qualname__ = fn.__name__
        self.reason = reason
        self.instead = instead

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if _traced(args) or (kwargs and _traced(kwargs.values())):
            raise self.error()
        return self.__wrapped__(*args, **kwargs)

    def error(self) -> TypeError:
        """The error raised for a traced argument."""
        return TypeError(
            f"{_np_name(self.__wrapped__)} of a traced value: {self.reason} "
            f"Instead, {self.instead} (See {COVERAGE_PAGE}.)"
        )

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.__wrapped__, name)

    def __repr__(self) -> str:
        return f"<fad.numpy.{self.__name__}: {_np_name(self.__wrapped__)}, refused on traced values>"


# --- tests of values: booleans ----------------------------------------------------

_TEST = "a test: its booleans carry no derivative"
all = Forwarded(np.all, _TEST)
any = Forwarded(np.any, _TEST)
allclose = Forwarded(np.allclose, _TEST)
isclose = Forwarded(np.isclose, _TEST)
array_equal = Forwarded(np.array_equal, _TEST)
array_equiv = Forwarded(np.array_equiv, _TEST)
isfinite = Forwarded(np.isfinite, _TEST)
isnan = Forwarded(np.isnan, _TEST)
isinf = Forwarded(np.isinf, _TEST)
isneginf = Forwarded(np.isneginf, _TEST)
isposinf = Forwarded(np.isposinf, _TEST)
isnat = Forwarded(np.isnat, _TEST)
isreal = Forwarded(np.isreal, _TEST)
iscomplex = Forwarded(np.iscomplex, _TEST)
isrealobj = Forwarded(np.isrealobj, "a test of the dtype")
iscomplexobj = Forwarded(np.iscomplexobj, "a test of the dtype")
isscalar = Forwarded(np.isscalar, "a test of the type: a traced value is an array, never a scalar")
isfortran = Forwarded(np.isfortran, "a test of the memory layout")
iterable = Forwarded(np.iterable, "a test of the type")
signbit = Forwarded(np.signbit, _TEST)
equal = Forwarded(np.equal, _TEST)
not_equal = Forwarded(np.not_equal, _TEST)
less = Forwarded(np.less, _TEST)
less_equal = Forwarded(np.less_equal, _TEST)
greater = Forwarded(np.greater, _TEST)
greater_equal = Forwarded(np.greater_equal, _TEST)
logical_and = Forwarded(np.logical_and, _TEST)
logical_or = Forwarded(np.logical_or, _TEST)
logical_xor = Forwarded(np.logical_xor, _TEST)
logical_not = Forwarded(np.logical_not, _TEST)
isin = Forwarded(np.isin, _TEST)
may_share_memory = Forwarded(np.may_share_memory, "a test of memory: traced values share none with the caller's arrays")
shares_memory = Forwarded(np.shares_memory, "a test of memory: traced values share none with the caller's arrays")

# --- integers, bits and steps -----------------------------------------------------

_BITS = "integer and boolean bits: no derivative"
invert = Forwarded(np.invert, _BITS)
bitwise_not = invert  # NumPy's aliases: the same ufunc
bitwise_invert = invert
bitwise_and = Forwarded(np.bitwise_and, _BITS)
bitwise_or = Forwarded(np.bitwise_or, _BITS)
bitwise_xor = Forwarded(np.bitwise_xor, _BITS)
bitwise_count = Forwarded(np.bitwise_count, _BITS)
left_shift = Forwarded(np.left_shift, _BITS)
bitwise_left_shift = left_shift
right_shift = Forwarded(np.right_shift, _BITS)
bitwise_right_shift = right_shift
packbits = Forwarded(np.packbits, _BITS)
unpackbits = Forwarded(np.unpackbits, _BITS)
gcd = Forwarded(np.gcd, "integers: no derivative")
lcm = Forwarded(np.lcm, "integers: no derivative")
floor_divide = Forwarded(
    np.floor_divide, "piecewise constant: its derivative is 0 wherever it is defined (as x // y on a traced value)"
)
spacing = Forwarded(np.spacing, "piecewise constant (the gap to the next float): derivative 0")

# --- positions, indices, counts --------------------------------------------------

_INDEX = "indices: integers carry no derivative (index with them to keep one: x[fnp.argmax(x)])"
argsort = Forwarded(np.argsort, _INDEX)
argmax = Forwarded(np.argmax, _INDEX)
argmin = Forwarded(np.argmin, _INDEX)
nanargmax = Forwarded(np.nanargmax, _INDEX)
nanargmin = Forwarded(np.nanargmin, _INDEX)
argpartition = Forwarded(np.argpartition, _INDEX)
argwhere = Forwarded(np.argwhere, _INDEX)
nonzero = Forwarded(np.nonzero, _INDEX)
flatnonzero = Forwarded(np.flatnonzero, _INDEX)
searchsorted = Forwarded(np.searchsorted, _INDEX)
digitize = Forwarded(np.digitize, _INDEX)
lexsort = Forwarded(np.lexsort, _INDEX)
count_nonzero = Forwarded(np.count_nonzero, "a count: integers carry no derivative")
ravel_multi_index = Forwarded(np.ravel_multi_index, _INDEX)
unravel_index = Forwarded(np.unravel_index, _INDEX)
indices = Forwarded(np.indices, "a grid of indices: a constant")
ix_ = Forwarded(np.ix_, "index arrays for an open mesh: constants (x[fnp.ix_(i, j)] keeps x's derivative)")
diag_indices = Forwarded(np.diag_indices, _INDEX)
diag_indices_from = Forwarded(np.diag_indices_from, _INDEX)
tril_indices = Forwarded(np.tril_indices, _INDEX)
tril_indices_from = Forwarded(np.tril_indices_from, _INDEX)
triu_indices = Forwarded(np.triu_indices, _INDEX)
triu_indices_from = Forwarded(np.triu_indices_from, _INDEX)
mask_indices = Forwarded(np.mask_indices, _INDEX)
einsum_path = Forwarded(np.einsum_path, "a contraction order: no derivative (fnp.einsum takes optimize=)")

# --- sets and histograms: their results hold values of some inputs ---------------

_UNIQUE = (
    "To differentiate through the unique values, index with the positions: "
    "_, i = np.unique(fad.concrete(x), return_index=True); u = x.ravel()[i]."
)
_SETS = (
    "To differentiate, find the positions on concrete values and index with them, e.g. "
    "mask = fnp.isin(x, y); x[mask] (fnp.isin takes traced values)."
)
unique = Forwarded(np.unique, "sorted distinct values; a traced ar is refused (the values would lose their derivative)", ("ar",), _UNIQUE)
unique_values = Forwarded(np.unique_values, "distinct values; a traced x is refused (the values would lose their derivative)", ("x",), _UNIQUE)
unique_all = Forwarded(np.unique_all, "distinct values, indices, counts; a traced x is refused (the values would lose their derivative)", ("x",), _UNIQUE)
unique_counts = Forwarded(np.unique_counts, "distinct values and counts; a traced x is refused (the values would lose their derivative)", ("x",), _UNIQUE)
unique_inverse = Forwarded(np.unique_inverse, "distinct values and inverse indices; a traced x is refused (the values would lose their derivative)", ("x",), _UNIQUE)
intersect1d = Forwarded(np.intersect1d, "set operations on values; traced arrays are refused (the values would lose their derivative)", ("ar1", "ar2"), _SETS)
union1d = Forwarded(np.union1d, "set operations on values; traced arrays are refused (the values would lose their derivative)", ("ar1", "ar2"), _SETS)
setdiff1d = Forwarded(np.setdiff1d, "set operations on values; traced arrays are refused (the values would lose their derivative)", ("ar1", "ar2"), _SETS)
setxor1d = Forwarded(np.setxor1d, "set operations on values; traced arrays are refused (the values would lose their derivative)", ("ar1", "ar2"), _SETS)
_HIST = (
    "Counts are piecewise constant in the data, but the bin edges follow its range and "
    "weighted counts are sums of the weights: pass fad.concrete(a) (and plain weights) "
    "if the counts are all you need, or write weighted counts with fnp.index_add."
)
histogram = Forwarded(np.histogram, "counts and bin edges; traced data or weights are refused", ("a", "weights"), _HIST)
histogram2d = Forwarded(
    np.histogram2d, "counts and bin edges; traced data or weights are refused", ("x", "y", "weights"), _HIST
)
histogramdd = Forwarded(
    np.histogramdd, "counts and bin edges; traced data or weights are refused", ("sample", "weights"), _HIST
)
histogram_bin_edges = Forwarded(np.histogram_bin_edges, "bin edges; traced data is refused (the edges follow its range)", ("a", "weights"), _HIST)
bincount = Forwarded(
    np.bincount,
    "counts of integers (weighted counts are refused on traced weights)",
    ("weights",),
    "Weighted counts are sums of the weights: fnp.index_add(fnp.zeros(n), x, w).",
)

# --- dtypes and shapes --------------------------------------------------------------

_DTYPE = "a dtype question: no derivative"
can_cast = Forwarded(np.can_cast, _DTYPE)
promote_types = Forwarded(np.promote_types, _DTYPE)
min_scalar_type = Forwarded(np.min_scalar_type, _DTYPE)
common_type = Forwarded(np.common_type, _DTYPE)
mintypecode = Forwarded(np.mintypecode, _DTYPE)
issubdtype = Forwarded(np.issubdtype, _DTYPE)
isdtype = Forwarded(np.isdtype, _DTYPE)
typename = Forwarded(np.typename, _DTYPE)
broadcast_shapes = Forwarded(np.broadcast_shapes, "a shape: no derivative")

# --- text, printing, configuration -------------------------------------------------

_TEXT = "text of the concrete values: no derivative"
array2string = Forwarded(np.array2string, _TEXT)
array_repr = Forwarded(np.array_repr, _TEXT)
array_str = Forwarded(np.array_str, _TEXT)
format_float_positional = Forwarded(np.format_float_positional, _TEXT)
format_float_scientific = Forwarded(np.format_float_scientific, _TEXT)
base_repr = Forwarded(np.base_repr, _TEXT)
binary_repr = Forwarded(np.binary_repr, _TEXT)
datetime_as_string = Forwarded(np.datetime_as_string, "dates: no derivative")
datetime_data = Forwarded(np.datetime_data, "dates: no derivative")
busday_count = Forwarded(np.busday_count, "dates: no derivative")
busday_offset = Forwarded(np.busday_offset, "dates: no derivative")
is_busday = Forwarded(np.is_busday, "dates: no derivative")
_CONFIG = "NumPy's configuration: no derivative"
set_printoptions = Forwarded(np.set_printoptions, _CONFIG)
get_printoptions = Forwarded(np.get_printoptions, _CONFIG)
printoptions = Forwarded(np.printoptions, _CONFIG)
seterr = Forwarded(np.seterr, _CONFIG)
geterr = Forwarded(np.geterr, _CONFIG)
seterrcall = Forwarded(np.seterrcall, _CONFIG)
geterrcall = Forwarded(np.geterrcall, _CONFIG)
setbufsize = Forwarded(np.setbufsize, _CONFIG)
getbufsize = Forwarded(np.getbufsize, _CONFIG)
get_include = Forwarded(np.get_include, _CONFIG)
show_config = Forwarded(np.show_config, _CONFIG)
show_runtime = Forwarded(np.show_runtime, _CONFIG)
info = Forwarded(np.info, "help text: no derivative")

# --- reading data: the arrays read are constants --------------------------------------

_READ = "reads data: the array read is a constant"
load = Forwarded(np.load, _READ)
loadtxt = Forwarded(np.loadtxt, _READ)
genfromtxt = Forwarded(np.genfromtxt, _READ)
fromfile = Forwarded(np.fromfile, _READ)
fromregex = Forwarded(np.fromregex, _READ)
frombuffer = Forwarded(np.frombuffer, _READ)
fromstring = Forwarded(np.fromstring, _READ)

# --- refused on traced values --------------------------------------------------------

_SAVE = (
    "writing a traced value to a file would store a value whose derivative is lost "
    "(and a Tracer exists only while its transform runs)."
)
_SAVE_INSTEAD = "save fad.concrete(x), or the result the transform returns."
save = Refused(np.save, _SAVE, _SAVE_INSTEAD)
savez = Refused(np.savez, _SAVE, _SAVE_INSTEAD)
savez_compressed = Refused(np.savez_compressed, _SAVE, _SAVE_INSTEAD)
savetxt = Refused(np.savetxt, _SAVE, _SAVE_INSTEAD)
frompyfunc = Refused(
    np.frompyfunc,
    "its ufuncs compute with object arrays, which cannot hold traced values.",
    "write the function with fad.numpy operations, which act elementwise already.",
)
fromiter = Refused(
    np.fromiter, "it converts each item to a NumPy scalar, dropping its derivative.", "use fnp.stack(list(iterable))."
)
from_dlpack = Refused(
    np.from_dlpack, "it shares another array's memory, which a traced value does not have.", "use the traced value itself."
)
nextafter = Refused(
    np.nextafter,
    "it moves x1 by one unit in the last place: its derivative in x1 is 1, which a forwarded "
    "(plain) result would lose.",
    "use x1 itself where a derivative should flow (the step is below any derivative's accuracy).",
)
_MATRIX = "np.matrix's operators mean something else than ndarray's (* is a matrix product)."
asmatrix = Refused(np.asmatrix, _MATRIX, "use arrays and @ for matrix products.")
bmat = Refused(np.bmat, _MATRIX, "use fnp.block or fnp.concatenate, and @ for matrix products.")
_ITER = "it iterates over NumPy's buffers, which cannot hold traced values."
nditer = Refused(np.nditer, _ITER, "index the traced array (x[i]) or write the loop with fad.numpy operations.")
nested_iters = Refused(np.nested_iters, _ITER, "index the traced array or write the loop with fad.numpy operations.")
ndenumerate = Refused(np.ndenumerate, _ITER, "use for i in fnp.ndindex(x.shape): ... x[i] ...")

# --- NumPy objects re-exported: submodules, classes, constants -----------------------

from numpy import (  # noqa: E402  (grouped after the functions, as on the coverage page)
    ScalarType as ScalarType, bool as bool, bool_ as bool_, broadcast as broadcast, busdaycalendar as busdaycalendar,
    byte as byte, bytes_ as bytes_, cdouble as cdouble, character as character, clongdouble as clongdouble,
    complex64 as complex64, complex128 as complex128, complexfloating as complexfloating, csingle as csingle,
    datetime64 as datetime64, double as double, dtype as dtype, e as e, errstate as errstate,
    euler_gamma as euler_gamma, finfo as finfo, flatiter as flatiter, flexible as flexible, float16 as float16,
    float32 as float32, float64 as float64, floating as floating, generic as generic, half as half,
    iinfo as iinfo, index_exp as index_exp, inexact as inexact, inf as inf, int8 as int8, int16 as int16,
    int32 as int32, int64 as int64, int_ as int_, intc as intc, integer as integer, intp as intp,
    little_endian as little_endian, long as long, longdouble as longdouble, longlong as longlong, mgrid as mgrid,
    nan as nan, ndarray as ndarray, ndindex as ndindex, newaxis as newaxis, number as number, object_ as object_,
    ogrid as ogrid, pi as pi, s_ as s_, sctypeDict as sctypeDict, short as short, signedinteger as signedinteger,
    single as single, str_ as str_, timedelta64 as timedelta64, typecodes as typecodes, ubyte as ubyte,
    ufunc as ufunc, uint as uint, uint8 as uint8, uint16 as uint16, uint32 as uint32, uint64 as uint64,
    uintc as uintc, uintp as uintp, ulong as ulong, ulonglong as ulonglong, unsignedinteger as unsignedinteger,
    ushort as ushort, void as void, memmap as memmap, test as test,
)
from numpy import (  # noqa: E402  (NumPy's submodules that NumPy imports with itself, re-exported)
    dtypes as dtypes, exceptions as exceptions, lib as lib, strings as strings,
)
from numpy import matrix as matrix, recarray as recarray  # noqa: E402
from numpy import poly1d as poly1d  # noqa: E402
from numpy import record as record, vectorize as vectorize  # noqa: E402

LAZY_SUBMODULES = (
    "char", "core", "ctypeslib", "f2py", "ma", "polynomial", "random", "rec", "testing", "typing",
)
"""NumPy's submodules that NumPy imports only on first use (``np.random``,
``np.testing``, ...): ``fad.numpy`` re-exports them the same way (each a
:class:`LazySubmodule` until first used), so ``import fad`` imports none of them."""


class LazySubmodule(types.ModuleType):
    """One of NumPy's lazily imported submodules, as ``fad.numpy`` re-exports it:
    the first attribute read imports NumPy's module, puts it in this one's place
    (``fnp.random`` is then ``np.random`` itself) and reads the attribute there.

    (A module-level ``__getattr__`` in ``fad.numpy`` would do the same, but
    CPython does not specialise attribute reads on a module that has one, and
    every ``fnp.sin`` would pay for it.)

    Example:
        >>> import numpy as np, fad.numpy as fnp
        >>> int(fnp.random.default_rng(0).integers(10)) == int(np.random.default_rng(0).integers(10))
        True
        >>> fnp.random is np.random  # after its first use
        True
    """

    def __getattr__(self, attr: str) -> Any:
        short = self.__name__.rpartition(".")[2]
        module = importlib.import_module(self.__name__)
        for holder in ("fad.numpy", __name__):
            space = sys.modules.get(holder)
            if space is not None and isinstance(vars(space).get(short), LazySubmodule):
                setattr(space, short, module)
        return getattr(module, attr)


globals().update({n: LazySubmodule("numpy." + n) for n in LAZY_SUBMODULES})

_MODULE_NAMES = {"ma": "numpy.ma", "rec": "numpy.rec", "polynomial": "numpy.polynomial"}
"""The module names of the refused submodules, without importing the lazy ones."""

# Platform-dependent extended precision (absent on some platforms).
_PLATFORM = [n for n in ("float96", "float128", "complex192", "complex256") if hasattr(np, n)]
globals().update({n: getattr(np, n) for n in _PLATFORM})

REFUSED: dict[str, str] = {
    "ma": (
        "masked arrays: fad's transforms refuse them (the mask would be silently dropped). "
        "Pass x.filled(value) and handle the masked entries with fnp.where."
    ),
    "matrix": "np.matrix: fad's transforms refuse it (* is a matrix product). Use arrays and @.",
    "rec": "record arrays hold structured dtypes; traced values are numeric arrays. Keep fields as separate arrays (a dict of arrays is a pytree).",
    "polynomial": (
        "np.polynomial's series classes and functions keep their coefficients in NumPy "
        "arrays, which cannot hold traced values. Use fnp.polyval, fnp.polyfit and the "
        "other fnp.poly* functions on coefficient arrays."
    ),
    "poly1d": (
        "an np.poly1d keeps its coefficients in a NumPy array, which cannot hold traced "
        "values. Use fnp.polyval(coefficients, x) (and the other fnp.poly* functions)."
    ),
    "vectorize": (
        "it runs a Python function per element through object arrays, which cannot hold traced "
        "values. Write the function with fad.numpy operations (elementwise already), or loop: "
        "fnp.stack([f(xi) for xi in x])."
    ),
}
"""NumPy's own objects re-exported here that traced values cannot go through
(the name -> why, and what to do instead). Plain values work as in NumPy; a
traced value given to them fails with this reason (``fad._tracer`` finds it
when NumPy converts the traced value)."""

NOTES: dict[str, str] = {
    "random": "NumPy's random module: samples are constants (reparametrize: mu + sigma * np.random.normal(size=n))",
    "testing": "NumPy's testing module: compare fad.concrete(x), or fad's results",
    "char": "NumPy's string functions: strings carry no derivative",
    "strings": "NumPy's string functions: strings carry no derivative",
    "errstate": "a context manager: works around traced code",
    "ndindex": "indices of a shape: constants (for i in fnp.ndindex(x.shape): x[i])",
    "s_": "index expressions: x[fnp.s_[1:3]] keeps x's derivative",
    "index_exp": "index expressions: x[fnp.index_exp[1:3]] keeps x's derivative",
    "mgrid": "dense grids: constants",
    "ogrid": "open grids: constants",
    "memmap": "file-backed arrays: constants when read",
    "core": "NumPy's deprecated alias of its private numpy._core, re-exported as NumPy has it",
    "recarray": "record arrays: a traced value cannot be a field (np.rec functions refuse it); keep fields as separate arrays",
    "record": "structured scalars: a traced value cannot be a field; keep fields as separate arrays",
}
"""Notes for the coverage page on the re-exported objects."""


# --- functional updates: x.at[index].set(value), also on plain arrays ---------------


class _Updater:
    """The object ``at(x)[index]`` returns: JAX's functional updates.

    Each method returns a new array; ``x`` is unchanged. ``set`` with a
    repeated index keeps one of the values written; ``add`` accumulates
    repeats (as ``np.add.at``); ``multiply``, ``divide``, ``power``, ``min``
    and ``max`` need distinct positions (they raise otherwise).
    """

    __slots__ = ("_x", "_index")
    _x: Any
    _index: Any

    def __init__(self, x: Any, index: Any) -> None:
        object.__setattr__(self, "_x", x)
        object.__setattr__(self, "_index", index)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("at(x)[index] objects are immutable")

    def get(self) -> Any:
        """``x[index]``."""
        return getitem(as_operand(self._x), self._index)

    def set(self, value: Any) -> Any:
        """A copy of ``x`` with ``x[index]`` replaced by ``value``."""
        return index_update(self._x, self._index, value)

    def add(self, value: Any) -> Any:
        """A copy of ``x`` with ``value`` added at ``index`` (repeats accumulate)."""
        return index_add(self._x, self._index, value)

    def _combine(self, op: Callable[[Any, Any], Any], name: str, value: Any) -> Any:
        x = as_operand(self._x)
        _distinct(np.shape(concrete(x)), self._index, name)
        return index_update(x, self._index, op(getitem(x, self._index), value))

    def multiply(self, value: Any) -> Any:
        """A copy of ``x`` with ``x[index]`` multiplied by ``value``."""
        return self._combine(multiply, "multiply", value)

    def divide(self, value: Any) -> Any:
        """A copy of ``x`` with ``x[index]`` divided by ``value``."""
        return self._combine(divide, "divide", value)

    def power(self, value: Any) -> Any:
        """A copy of ``x`` with ``x[index]`` raised to ``value``."""
        return self._combine(power, "power", value)

    def min(self, value: Any) -> Any:
        """A copy of ``x`` with ``x[index]`` replaced by ``minimum(x[index], value)``."""
        return self._combine(minimum, "min", value)

    def max(self, value: Any) -> Any:
        """A copy of ``x`` with ``x[index]`` replaced by ``maximum(x[index], value)``."""
        return self._combine(maximum, "max", value)


def _distinct(shape: tuple[int, ...], index: Any, name: str) -> None:
    """Refuse an index that selects a position twice, for updates that would
    apply only one of the repeated values."""
    positions = np.arange(int(np.prod(shape)), dtype=np.intp).reshape(shape)[_concrete_tree(index)]
    if np.unique(positions).size != np.size(positions):
        raise ValueError(
            f"x.at[index].{name}(v): the index selects some positions more than once, and "
            f"the update would apply only one of their values. Use distinct positions "
            f"(for sums of repeated positions, x.at[index].add(v))."
        )


class _At:
    """What ``at(x)`` returns: index it to choose where to update."""

    __slots__ = ("_x",)
    _x: Any

    def __init__(self, x: Any) -> None:
        object.__setattr__(self, "_x", x)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("at(x) objects are immutable")

    def __getitem__(self, index: Any) -> _Updater:
        return _Updater(self._x, index)


def at(x: Any) -> _At:
    """JAX's functional updates for any array: ``at(x)[index].set(value)``.

    The function form of a traced value's ``x.at[index]``, which also works on
    plain arrays, so the same code runs traced and untraced. The methods
    ``set``, ``add``, ``multiply``, ``divide``, ``power``, ``min``, ``max``
    and ``get`` return a new array (``x`` is unchanged); derivatives flow to
    ``x`` and to the value. ``set`` with a repeated index keeps one of the
    values; ``add`` accumulates repeats; the others need distinct positions.

    Args:
        x: an array-like, plain or traced.

    Returns:
        An object to index with the positions to update.

    Example:
        >>> import numpy as np, fad, fad.numpy as fnp
        >>> fnp.at(np.zeros(3))[1].set(5.0)
        array([0., 5., 0.])
        >>> fad.grad(lambda x: fnp.sum(fnp.at(x)[0].multiply(3.0)))(np.ones(2))
        array([3., 1.])
    """
    return _At(x)


# --- the module's exports and NumPy's dispatch --------------------------------------

# --- np.emath: a real or a complex result, chosen from the values ----------------------
#
# NumPy's np.emath (numpy.lib.scimath) casts its argument to complex where some
# element is out of the real function's domain (x < 0 for sqrt and the logarithms,
# |x| > 1 for arcsin, arccos and arctanh) and computes the ordinary function: the
# choice of type is made from the values, once, so on a traced value it is a constant
# of the trace (a small change of x does not change it), and the derivative is that
# of the ordinary function on the (maybe cast) value: fad's rules for complex values
# (docs/complex.md) where the result is complex.


def _emath_complex_dtype(dt: np.dtype[Any]) -> np.dtype[Any]:
    """The complex type NumPy's emath casts ``dt`` to (complex64 for float32 and the
    small integers, complex128 for the rest)."""
    small = (np.float16, np.float32, np.int8, np.int16, np.uint8, np.uint16, np.complex64)
    return np.dtype(np.complex64 if dt.type in small else np.complex128)


def _emath_operand(x: Any, out_of_domain: Callable[[Any], Any]) -> Any:
    """``x`` as an operand, cast to complex where NumPy's emath casts it: some
    element is real and ``out_of_domain``."""
    x = as_operand(x)
    c = np.asarray(concrete(x))
    if c.dtype.kind in "fiub" and builtins.bool(np.any(out_of_domain(c))):
        return _astype(x, _emath_complex_dtype(c.dtype))
    return x


def _negative(c: Any) -> Any:
    return c < 0


def _beyond_one(c: Any) -> Any:
    return np.abs(c) > 1


def _emath_on_cut(x: Any, fn: Callable[[Any], Any], name: str) -> Any:
    """arcsin or arccos of a real ``x`` as NumPy's emath gives them: complex where
    some ``|x| > 1``, i.e. on the branch cuts of the complex functions, where
    NumPy's values are the limits from one side (C99's, for a real argument with
    imaginary part +0): arcsin(x) = sign(x) pi/2 + i arccosh(|x|) and arccos(x) =
    (pi if x < -1 else 0) - i arccosh(|x|) (DLMF 4.23.19-4.23.22). Differentiating
    those real formulas gives the derivative along the real line that NumPy's
    values have; the complex functions' rules, 1 / sqrt(1 - z^2) evaluated on the
    cut, could take the other side."""
    x = as_operand(x)
    c = np.asarray(concrete(x))
    if c.dtype.kind not in "fiub" or not builtins.bool(np.any(np.abs(c) > 1)):
        return fn(x)
    if c.dtype.kind != "f":
        x = _astype(x, np.result_type(c.dtype, np.float16))
        c = c.astype(np.result_type(c.dtype, np.float16))
    out = np.abs(c) > 1
    sign = np.where(c < 0, -1, 1).astype(c.dtype)
    inside = fn(_where(out, 0.0, x))  # real where |x| <= 1 (0 elsewhere: a safe point)
    depth = _arccosh(_where(out, x * sign, 2.0))  # arccosh(|x|) where |x| > 1 (a safe 2 elsewhere)
    if name == "arcsin":
        re, im = sign * (np.pi / 2), depth
    else:
        re, im = np.where(c < 0, np.pi, 0.0).astype(c.dtype), -depth
    return _where(out, re + im * 1j, _astype(inside, _emath_complex_dtype(c.dtype)))


def _emath_sqrt(x: Any) -> Any:
    """``np.emath.sqrt``, differentiable: complex where NumPy's emath gives complex.

    ``x`` is cast to complex where some real element is out of ``np.sqrt``'s real
    domain (x < 0), as ``np.emath.sqrt`` does: a choice made from the values,
    constant in the trace; the derivative is ``np.sqrt``'s on the (cast) value,
    with JAX's convention for complex values (docs/complex.md).

    Args:
        x: an array-like (maybe traced).

    Returns:
        ``np.emath.sqrt(x)``: real, or complex where NumPy's is.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> complex(fnp.emath.sqrt(-4.0))
        2j
        >>> float(fad.grad(lambda x: fnp.imag(fnp.emath.sqrt(x)))(-4.0))   # i sqrt(-x)
        -0.25
    """
    if not _traced((x,)):
        return np.emath.sqrt(x)
    return _sqrt(_emath_operand(x, _negative))


def _emath_log(x: Any) -> Any:
    """``np.emath.log``, differentiable: complex where NumPy's emath gives complex.

    ``x`` is cast to complex where some real element is out of ``np.log``'s real
    domain (x < 0), as ``np.emath.log`` does: a choice made from the values,
    constant in the trace; the derivative is ``np.log``'s on the (cast) value,
    with JAX's convention for complex values (docs/complex.md).

    Args:
        x: an array-like (maybe traced).

    Returns:
        ``np.emath.log(x)``: real, or complex where NumPy's is.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> complex(fnp.emath.log(-1.0)).imag
        3.141592653589793
        >>> float(fad.grad(lambda x: fnp.real(fnp.emath.log(x)))(-2.0))   # log|x| + i pi
        -0.5
    """
    if not _traced((x,)):
        return np.emath.log(x)
    return _log(_emath_operand(x, _negative))


def _emath_log2(x: Any) -> Any:
    """``np.emath.log2``, differentiable: complex where NumPy's emath gives complex.

    ``x`` is cast to complex where some real element is out of ``np.log2``'s real
    domain (x < 0), as ``np.emath.log2`` does: a choice made from the values,
    constant in the trace; the derivative is ``np.log2``'s on the (cast) value,
    with JAX's convention for complex values (docs/complex.md).

    Args:
        x: an array-like (maybe traced).

    Returns:
        ``np.emath.log2(x)``: real, or complex where NumPy's is.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> z = complex(fnp.emath.log2(-8.0))   # 3 + i pi / log(2)
        >>> round(z.real, 12), round(z.imag, 12)
        (3.0, 4.532360141827)
        >>> round(float(fad.grad(lambda x: fnp.real(fnp.emath.log2(x)))(-8.0)), 12)
        -0.180336880111
    """
    if not _traced((x,)):
        return np.emath.log2(x)
    return _log2(_emath_operand(x, _negative))


def _emath_log10(x: Any) -> Any:
    """``np.emath.log10``, differentiable: complex where NumPy's emath gives complex.

    ``x`` is cast to complex where some real element is out of ``np.log10``'s real
    domain (x < 0), as ``np.emath.log10`` does: a choice made from the values,
    constant in the trace; the derivative is ``np.log10``'s on the (cast) value,
    with JAX's convention for complex values (docs/complex.md).

    Args:
        x: an array-like (maybe traced).

    Returns:
        ``np.emath.log10(x)``: real, or complex where NumPy's is.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> z = complex(fnp.emath.log10(-100.0))   # 2 + i pi / log(10)
        >>> round(z.real, 12), round(z.imag, 12)
        (2.0, 1.364376353842)
        >>> round(float(fad.grad(lambda x: fnp.real(fnp.emath.log10(x)))(-100.0)), 12)
        -0.004342944819
    """
    if not _traced((x,)):
        return np.emath.log10(x)
    return _log10(_emath_operand(x, _negative))


def _emath_arcsin(x: Any) -> Any:
    """``np.emath.arcsin``, differentiable: complex where NumPy's emath gives complex.

    ``x`` is cast to complex where some real element is out of ``np.arcsin``'s real
    domain (|x| > 1), as ``np.emath.arcsin`` does: a choice made from the values,
    constant in the trace; the derivative is ``np.arcsin``'s on the (cast) value,
    with JAX's convention for complex values (docs/complex.md).

    Args:
        x: an array-like (maybe traced).

    Returns:
        ``np.emath.arcsin(x)``: real, or complex where NumPy's is.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> fnp.emath.arcsin(2.0).dtype
        dtype('complex128')
        >>> round(float(fad.grad(fnp.emath.arcsin)(0.6)), 12)   # real inside [-1, 1]: 1 / sqrt(1 - x^2)
        1.25
    """
    if not _traced((x,)):
        return np.emath.arcsin(x)
    return _emath_on_cut(x, _arcsin, "arcsin")


def _emath_arccos(x: Any) -> Any:
    """``np.emath.arccos``, differentiable: complex where NumPy's emath gives complex.

    ``x`` is cast to complex where some real element is out of ``np.arccos``'s real
    domain (|x| > 1), as ``np.emath.arccos`` does: a choice made from the values,
    constant in the trace; the derivative is ``np.arccos``'s on the (cast) value,
    with JAX's convention for complex values (docs/complex.md).

    Args:
        x: an array-like (maybe traced).

    Returns:
        ``np.emath.arccos(x)``: real, or complex where NumPy's is.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> fnp.emath.arccos(2.0).dtype
        dtype('complex128')
        >>> round(float(fad.grad(fnp.emath.arccos)(0.6)), 12)
        -1.25
    """
    if not _traced((x,)):
        return np.emath.arccos(x)
    return _emath_on_cut(x, _arccos, "arccos")


def _emath_arctanh(x: Any) -> Any:
    """``np.emath.arctanh``, differentiable: complex where NumPy's emath gives complex.

    ``x`` is cast to complex where some real element is out of ``np.arctanh``'s real
    domain (|x| > 1), as ``np.emath.arctanh`` does: a choice made from the values,
    constant in the trace; the derivative is ``np.arctanh``'s on the (cast) value,
    with JAX's convention for complex values (docs/complex.md).

    Args:
        x: an array-like (maybe traced).

    Returns:
        ``np.emath.arctanh(x)``: real, or complex where NumPy's is.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> fnp.emath.arctanh(2.0).dtype
        dtype('complex128')
        >>> round(float(fad.grad(fnp.emath.arctanh)(0.5)), 12)   # 1 / (1 - x^2)
        1.333333333333
    """
    if not _traced((x,)):
        return np.emath.arctanh(x)
    return _arctanh(_emath_operand(x, _beyond_one))


def _emath_power(x: Any, p: Any) -> Any:
    """``np.emath.power(x, p)``, differentiable in both: ``x`` cast to complex where it has a negative element.

    As NumPy's: a real ``x`` with some element below 0 is cast to complex (a
    choice made from the values, constant in the trace), and an integer ``p`` with
    a negative element to float; the derivative is ``np.power``'s on those values.

    Args:
        x: the base (maybe traced).
        p: the exponent (maybe traced).

    Returns:
        ``x ** p``, complex where NumPy's emath gives complex.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> round(complex(fnp.emath.power(-4.0, 0.5)).imag, 12)
        2.0
        >>> round(float(fad.grad(lambda x: fnp.imag(fnp.emath.power(x, 0.5)))(-4.0)), 12)
        -0.25
    """
    if not _traced((x, p)):
        return np.emath.power(x, p)
    p = as_operand(p)
    pc = np.asarray(concrete(p))
    if pc.dtype.kind in "iu" and builtins.bool(np.any(pc < 0)):
        p = pc * 1.0  # (an integer is a constant)
    return power(_emath_operand(x, _negative), p)


def _emath_logn(n: Any, x: Any) -> Any:
    """``np.emath.logn(n, x)``: the logarithm of ``x`` in base ``n``, differentiable in both.

    ``log(x) / log(n)``, each argument cast to complex where it has a negative
    element (NumPy's choice, made from the values and constant in the trace).

    Args:
        n: the base (maybe traced).
        x: the argument (maybe traced).

    Returns:
        ``log(x) / log(n)``, complex where NumPy's emath gives complex.

    Example:
        >>> import fad, fad.numpy as fnp
        >>> float(fnp.emath.logn(2.0, 8.0)), round(float(fad.grad(lambda x: fnp.emath.logn(2.0, x))(8.0)), 12)
        (3.0, 0.180336880111)
    """
    if not _traced((n, x)):
        return np.emath.logn(n, x)
    return divide(_log(_emath_operand(x, _negative)), _log(_emath_operand(n, _negative)))


_EMATH: dict[str, Callable[..., Any]] = {
    "sqrt": _emath_sqrt, "log": _emath_log, "log2": _emath_log2, "log10": _emath_log10,
    "arcsin": _emath_arcsin, "arccos": _emath_arccos, "arctanh": _emath_arctanh,
    "power": _emath_power, "logn": _emath_logn,
}
"""fad.numpy.emath's functions, by NumPy's names."""
for _n, _f in _EMATH.items():  # (their names as fnp.emath's, in reprs and errors)
    _f.__name__ = _f.__qualname__ = _n

emath = types.ModuleType(
    "fad.numpy.emath",
    """fad.numpy.emath: NumPy's ``np.emath`` (``numpy.lib.scimath``), differentiable.

Each function casts its argument to complex where NumPy's does (a real element
out of the real function's domain: ``sqrt(-1)`` is ``1j``), a choice made from the
concrete values and constant in the trace, and differentiates the ordinary
function on the result. ``np.emath.sqrt(x)`` on a traced ``x`` reaches
``fnp.emath.sqrt`` through NumPy's dispatch.

Example:
    >>> import numpy as np, fad, fad.numpy as fnp
    >>> complex(fnp.emath.sqrt(-4.0))
    2j
    >>> float(fad.grad(lambda x: fnp.imag(np.emath.sqrt(x)))(-4.0))   # d/dx i sqrt(-x) = -i / (2 sqrt(-x))
    -0.25
""",
)
emath.__dict__.update(_EMATH)
emath.__all__ = sorted(_EMATH)  # type: ignore[attr-defined]
sys.modules.setdefault("fad.numpy.emath", emath)

__all__ = sorted(
    [n for n, v in globals().items() if isinstance(v, (Forwarded, Refused))]
    + [
        "True_", "False_", "ScalarType", "bool", "bool_", "broadcast", "busdaycalendar", "byte", "bytes_",
        "cdouble", "character", "clongdouble", "complex64", "complex128", "complexfloating", "csingle",
        "datetime64", "double", "dtype", "e", "errstate", "euler_gamma", "finfo", "flatiter", "flexible",
        "float16", "float32", "float64", "floating", "generic", "half", "iinfo", "index_exp", "inexact", "inf",
        "int8", "int16", "int32", "int64", "int_", "intc", "integer", "intp", "little_endian", "long",
        "longdouble", "longlong", "mgrid", "nan", "ndarray", "ndindex", "newaxis", "number", "object_", "ogrid",
        "pi", "s_", "sctypeDict", "short", "signedinteger", "single", "str_", "timedelta64", "typecodes", "ubyte",
        "ufunc", "uint", "uint8", "uint16", "uint32", "uint64", "uintc", "uintp", "ulong", "ulonglong",
        "unsignedinteger", "ushort", "void", "memmap", "test",
        "dtypes", "exceptions", "lib", "strings", *LAZY_SUBMODULES,
        "emath", "matrix", "recarray", "record", "vectorize", "poly1d",
        "at",
        *_PLATFORM,
    ]
)

NUMPY: dict[Any, Callable[..., Any]] = {
    v.__wrapped__: v for v in list(globals().values()) if isinstance(v, (Forwarded, Refused))
} | {getattr(np.emath, n): f for n, f in _EMATH.items()}
"""NumPy's ufuncs and functions -> this module's functions of the same meaning
(``fad.numpy._dispatch`` gathers the families' tables for NumPy's dispatch).
The ufuncs among them (``np.isnan``) reach it through ``__array_ufunc__``."""


def refusal(func: Any) -> Optional[str]:
    """Why fad refuses the NumPy function ``func`` on traced values, or None.

    Args:
        func: a NumPy function or class (``np.save``, ``np.vectorize``,
            ``np.ma.array``), or its name in NumPy's main namespace.

    Returns:
        The reason and what to do instead, for a refused function or a
        function of a refused submodule (``np.ma``, ``np.rec``, ``np.polynomial``).

    Example:
        >>> refusal(np.save).startswith("writing a traced value")
        True
        >>> refusal(np.sin) is None
        True
    """
    name = func if isinstance(func, str) else getattr(func, "__name__", "")
    if isinstance(func, str) or getattr(np, name, None) is func:
        obj = globals().get(name)
        if isinstance(obj, Refused):
            return f"{obj.reason} Instead, {obj.instead}"
        if name in REFUSED:
            return REFUSED[name]
    module = str(getattr(func, "__module__", None) or "")
    for refused, reason in REFUSED.items():
        sub = _MODULE_NAMES.get(refused)
        if sub is not None and (module == sub or module.startswith(sub + ".")):
            return reason
    return None
