"""Write docs/numpy-coverage.md: every public name of NumPy's main namespace and
what fad.numpy does with it; then every public name of fad.scipy's submodules.

Run ``python3 docs/gen_numpy_coverage.py`` after adding or changing a
fad.numpy function; ``python3 docs/gen_numpy_coverage.py --check`` exits with
status 1 when the page on disk is not what the code gives (the test suite
runs the same check, tests/test_coverage.py).

A name's kind comes from the code, never from this file:

- **differentiable**: a function a family module of fad.numpy exports (its
  ``__all__``), in both modes (reverse and forward); its note is the first
  line of its docstring (where fad states its convention at a kink or tie).
- **constant**: a function a family declares in its ``NOT_DIFFERENTIABLE``
  dict (name -> reason: it makes constants, such as ``zeros``), or a number,
  dtype or index object ``fad/numpy/_forwarded.py`` re-exports from NumPy.
- **forwarded**: a ``Forwarded`` function of ``_forwarded`` (no derivative:
  it runs NumPy on the concrete values), or a NumPy submodule or class it
  re-exports.
- **refused**: a ``Refused`` function of ``_forwarded``, or a NumPy object it
  lists in ``REFUSED``: an error on traced values, saying what to do instead.
- **missing**: a NumPy name fad.numpy does not have yet.

The fad.scipy tables are generic over its submodules (``SCIPY_SUBMODULES``):
each lists its module's ``__all__``, a name being **not differentiable** if the
module declares it in its ``NOT_DIFFERENTIABLE`` dict (name -> reason) and
**differentiable** otherwise; names that issue #13 asks of the module and it
lacks are **missing** (``SCIPY_WANTED``). A name whose SciPy namesake is a ufunc
that fad's dispatch table holds (or a name in the module's ``PLAIN_CALLS``: a
SciPy Python function calling such ufuncs) is reached by the plain SciPy call too.
A public name that is a module of its own (a distribution of ``fad.scipy.stats``,
such as ``norm``) stands for its functions: rows ``norm.logpdf``, ``norm.cdf``,
... from its ``__all__`` (and its own ``NOT_DIFFERENTIABLE``).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import sys
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout: use its fad
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import fad.numpy as fnp  # noqa: E402
from fad.numpy import _dispatch  # noqa: E402
from fad.numpy import _forwarded  # noqa: E402

PAGE = ROOT / "docs" / "numpy-coverage.md"

KINDS = ("differentiable", "forwarded", "constant", "refused", "missing")

# Families of fad.numpy -> the table their differentiable names go to.
ELEMENTWISE = "Elementwise"
STRUCTURE = "Structure: shapes, joining, splitting"
INDEXING = "Indexing"
REDUCTIONS = "Reductions and statistics"
PRODUCTS = "Products"
LINALG = "Linear algebra"
FFT = "Fourier transforms: fad.numpy.fft"
CREATION = "Creation, polynomials and interpolation"
PREDICATES = "Predicates, comparisons, sets and indices (forwarded)"
CONSTANTS = "Dtypes, constants, submodules and configuration"
REFUSED = "Refused on traced values"
MISSING = "Not in fad.numpy yet"
EXTRAS = "fad.numpy names that are not NumPy's"
TABLES = (
    ELEMENTWISE, STRUCTURE, INDEXING, REDUCTIONS, PRODUCTS, LINALG, FFT, CREATION, PREDICATES, CONSTANTS,
    REFUSED, MISSING, EXTRAS,
)
FAMILY_TABLE = {
    "_base": STRUCTURE,
    "_elementwise": ELEMENTWISE,
    "_shape": STRUCTURE,
    "_indexing": INDEXING,
    "_reductions": REDUCTIONS,
    "_statistics": REDUCTIONS,
    "_products": PRODUCTS,
    "_creation": CREATION,
    "_linear_algebra": LINALG,
    "_polynomial": CREATION,
    "_forwarded": PREDICATES,
}
# A few names sit in a family for its primitives but belong with others on the page.
TABLE_OF_NAME = {"sum": REDUCTIONS, "where": ELEMENTWISE, "getitem": INDEXING, "index_update": INDEXING,
                 "index_add": INDEXING, "at": INDEXING, "linalg": LINALG, "fft": FFT, "emath": ELEMENTWISE}

NOTES: dict[str, str] = {
    "linalg": "fad.numpy.linalg: {names}",
    "fft": "fad.numpy.fft: the rows fft.fft, fft.rfft, ... of this table list numpy.fft's names",
    "emath": "fad.numpy.emath: {names}; complex (a cast of the argument) where NumPy's emath gives "
    "complex, a choice made from the values and constant in the trace",
}
"""Notes written here rather than taken from the code (``{names}`` is filled in
for submodules)."""

PENDING_NOT_DIFFERENTIABLE: dict[str, str] = {
    "zeros": "a new array: a constant",
    "ones": "a new array: a constant",
    "full": "a new array: a constant (its fill value must be plain)",
    "eye": "a new array: a constant",
    "arange": "a new array: a constant",
    "shape": "a shape: no derivative",
    "ndim": "a number of dimensions: no derivative",
    "size": "a number of elements: no derivative",
    "result_type": "a dtype: no derivative",
    "zeros_like": "zeros of x's shape: a constant",
    "ones_like": "ones of x's shape: a constant",
    "full_like": "x's shape filled with a value: a constant (a traced fill value is taken as a constant)",
    "linspace": "evenly spaced numbers: a constant (traced endpoints are refused)",
}
"""Constant-making names of families that do not declare ``NOT_DIFFERENTIABLE``
yet (they exported these before it existed). Once a family has the dict, its
declarations are the whole truth and these entries are ignored for it;
tests/test_coverage.py reports the entries left over."""


@dataclass(frozen=True)
class Row:
    """One line of the page."""

    name: str
    kind: str
    table: str
    note: str

    @property
    def modes(self) -> str:
        return "fwd+rev" if self.kind == "differentiable" else ""


def numpy_names() -> list[str]:
    """The public names of the installed NumPy's main namespace."""
    return [n for n in dir(np) if not n.startswith("_")]


def _families() -> dict[str, types.ModuleType]:
    return {m.__name__.rpartition(".")[2]: m for m in _dispatch._FAMILIES}


def owner(name: str) -> str | None:
    """The family module (``"_shape"``) that exports ``name``, if any."""
    if name in _forwarded.LAZY_SUBMODULES:  # re-exported on first use (fad/numpy/__init__.py)
        return "_forwarded"
    for short, module in _families().items():
        if name in module.__all__:
            return short
    return None


def _first_line(obj: Any) -> str:
    doc = inspect.getdoc(obj) or ""
    return doc.strip().split("\n\n")[0].replace("\n", " ").strip()


def _forwarded_row(name: str) -> Row:
    obj = getattr(fnp, name)
    if isinstance(obj, _forwarded.Refused):
        return Row(name, "refused", REFUSED, f"{obj.reason} Instead, {obj.instead}")
    if name in _forwarded.REFUSED:
        return Row(name, "refused", REFUSED, _forwarded.REFUSED[name] + " (NumPy's, for plain values)")
    if isinstance(obj, _forwarded.Forwarded):
        note = obj.note
        if obj.values:
            note += f". {obj.instead}"
        return Row(name, "forwarded", PREDICATES, note)
    if isinstance(obj, types.FunctionType):
        return Row(name, "differentiable", TABLE_OF_NAME.get(name, PREDICATES), _first_line(obj))
    note = _forwarded.NOTES.get(name, "")
    if isinstance(obj, types.ModuleType) and obj.__name__.startswith("fad."):  # fad's own (emath)
        names = ", ".join(getattr(obj, "__all__", []))
        return Row(name, "differentiable", TABLE_OF_NAME.get(name, ELEMENTWISE), NOTES.get(name, "").format(names=names))
    if isinstance(obj, types.ModuleType):
        return Row(name, "forwarded", CONSTANTS, note or "NumPy's submodule, re-exported (plain values)")
    if isinstance(obj, type) and not issubclass(obj, (np.generic, np.dtype)):
        return Row(name, "forwarded", CONSTANTS, note or "NumPy's class, re-exported")
    if isinstance(obj, type) or isinstance(obj, np.dtype):
        return Row(name, "constant", CONSTANTS, note or "a dtype or scalar type")
    return Row(name, "constant", CONSTANTS, note or f"NumPy's {type(obj).__name__}, re-exported")


def row(name: str) -> Row:
    """What fad.numpy does with the name ``name``."""
    if name not in fnp.__all__:
        return Row(name, "missing", MISSING, "")
    family = owner(name)
    obj = getattr(fnp, name)
    if family == "_forwarded":
        return _forwarded_row(name)
    if isinstance(obj, types.ModuleType):
        names = ", ".join(getattr(obj, "__all__", []))
        return Row(name, "differentiable", TABLE_OF_NAME.get(name, LINALG), NOTES.get(name, "").format(names=names))
    table = TABLE_OF_NAME.get(name, FAMILY_TABLE.get(family or "", MISSING))
    declared: dict[str, str] = getattr(_families().get(family or ""), "NOT_DIFFERENTIABLE", {})
    if name in declared:
        return Row(name, "constant", table, declared[name])
    if name in PENDING_NOT_DIFFERENTIABLE and not hasattr(_families().get(family or ""), "NOT_DIFFERENTIABLE"):
        return Row(name, "constant", table, PENDING_NOT_DIFFERENTIABLE[name])
    return Row(name, "differentiable", table, NOTES.get(name) or _first_line(obj))


def rows() -> list[Row]:
    """Every NumPy name, then fad.numpy's own names that NumPy lacks."""
    out = [row(n) for n in numpy_names()]
    extras = sorted(set(fnp.__all__) - set(numpy_names()))
    for n in extras:
        r = row(n)
        out.append(Row(r.name, r.kind, EXTRAS, r.note))
    return out


# --- fad.scipy -----------------------------------------------------------------------

SCIPY_SUBMODULES = ("special", "stats", "linalg", "signal", "integrate")
"""fad.scipy's submodules, each the traced counterpart of its SciPy namesake."""

SCIPY_KINDS = ("differentiable", "not differentiable", "missing")

SCIPY_WANTED: dict[str, tuple[str, ...]] = {
    "special": tuple(
        "gammaln gamma rgamma digamma psi polygamma multigammaln beta betaln erf erfc erfinv "
        "erfcinv erfcx ndtr ndtri log_ndtr expit logit xlogy xlog1py entr rel_entr kl_div "
        "i0 i0e i1 i1e iv ive j0 j1 jn y0 y1 yn logsumexp softmax log_softmax gammainc "
        "gammaincc".split()
    ),
    "stats": tuple(
        [f"{d}.{f}" for d in "norm t cauchy logistic laplace expon gamma beta chi2".split()
         for f in ("logpdf", "pdf", "logcdf", "cdf")]
        + [f"{d}.{f}" for d in "poisson binom bernoulli".split()
           for f in ("logpmf", "pmf", "logcdf", "cdf")]
        + ["dirichlet.logpdf", "dirichlet.pdf", "multivariate_normal.logpdf",
           "multivariate_normal.pdf", "multivariate_normal.entropy"]
    ),
}
"""The names issue #13 asks of each submodule: those it lacks are listed as missing."""


@dataclass(frozen=True)
class ScipyRow:
    """One line of a fad.scipy table."""

    module: str
    name: str
    kind: str
    plain: str
    note: str

    @property
    def modes(self) -> str:
        return "fwd+rev" if self.kind == "differentiable" else ""


def scipy_module(sub: str) -> types.ModuleType:
    """``fad.scipy.<sub>`` (importing it)."""
    return importlib.import_module(f"fad.scipy.{sub}")


def _plain_call(sub: str, name: str) -> str:
    """Whether SciPy's own ``scipy.<sub>.<name>`` on a traced value reaches fad."""
    try:
        original = getattr(importlib.import_module(f"scipy.{sub}"), name, None)
    except ImportError:  # pragma: no cover - every submodule exists in SciPy
        return ""
    if isinstance(original, np.ufunc) and original in _dispatch.ufuncs:
        return "yes"
    if name in getattr(scipy_module(sub), "PLAIN_CALLS", ()):  # a Python function calling such ufuncs
        return "yes"
    return "no"


def scipy_public_names(module: types.ModuleType) -> list[str]:
    """A fad.scipy submodule's public names, a module among them (a distribution
    of ``fad.scipy.stats``) standing for its own: ``norm`` -> ``norm.logpdf``, ..."""
    out = []
    for name in getattr(module, "__all__", []):
        obj = getattr(module, name)
        if isinstance(obj, types.ModuleType):
            out += [f"{name}.{inner}" for inner in obj.__all__]
        else:
            out.append(name)
    return out


def _scipy_lookup(module: types.ModuleType, dotted: str) -> tuple[Any, dict[str, str], str]:
    """``(object, the NOT_DIFFERENTIABLE dict that governs it, its last name)``."""
    owner, _, last = dotted.rpartition(".")
    holder = getattr(module, owner) if owner else module
    return getattr(holder, last), getattr(holder, "NOT_DIFFERENTIABLE", {}), last


def scipy_rows() -> list[ScipyRow]:
    """Every public name of fad.scipy's submodules, and the wanted names they lack."""
    out = []
    for sub in SCIPY_SUBMODULES:
        module = scipy_module(sub)
        names = scipy_public_names(module)
        for name in names:
            obj, declared, last = _scipy_lookup(module, name)
            if last in declared:
                out.append(ScipyRow(sub, name, "not differentiable", _plain_call(sub, name), declared[last]))
            else:
                out.append(ScipyRow(sub, name, "differentiable", _plain_call(sub, name), _first_line(obj)))
        for name in SCIPY_WANTED.get(sub, ()):
            if name not in names:
                out.append(ScipyRow(sub, name, "missing", "", "asked for by issue #13; not in fad.scipy yet"))
    return out


def _scipy_lines() -> list[str]:
    rs = scipy_rows()
    lines = [
        "## fad.scipy",
        "",
        "Each submodule of `fad.scipy` (SciPy is an optional dependency: "
        "`pip install 'fad[scipy]'`) and its public names:",
        "",
        "- **differentiable**: traced, with derivatives in both modes (`fwd+rev`).",
        "- **not differentiable**: computed on the concrete values and returned as a constant "
        "(the note says why).",
        "- **missing**: a name the fad.scipy issue (#13) asks for that the module does not have yet.",
        "",
        "*plain SciPy* says whether SciPy's own function, called on a traced value, reaches "
        "fad's: SciPy's special functions are NumPy ufuncs, which dispatch to fad "
        "(`scipy.special.gammaln(x)` is `fad.scipy.special.gammaln(x)`); SciPy's other "
        "functions convert their arguments to NumPy arrays, so call fad's.",
        "",
        "| module | " + " | ".join(SCIPY_KINDS) + " |",
        "| --- | " + " | ".join("---" for _ in SCIPY_KINDS) + " |",
    ]
    for sub in SCIPY_SUBMODULES:
        counts = [sum(1 for r in rs if r.module == sub and r.kind == k) for k in SCIPY_KINDS]
        lines.append(f"| `fad.scipy.{sub}` | " + " | ".join(str(c) for c in counts) + " |")
    lines.append("")
    for sub in SCIPY_SUBMODULES:
        members = sorted((r for r in rs if r.module == sub), key=lambda r: r.name.lower())
        if not members:
            continue
        lines += [
            f"### fad.scipy.{sub}", "",
            "| name | kind | modes | plain SciPy | notes |", "| --- | --- | --- | --- | --- |",
            *[f"| `{r.name}` | {r.kind} | {r.modes} | {r.plain} | {_cell(r.note)} |" for r in members],
            "",
        ]
    return lines



def fft_rows() -> list[Row]:
    """Each public name of ``numpy.fft`` (as ``fft.<name>``) and what
    ``fad.numpy.fft`` does with it: its kind from ``fad/numpy/_fft.py``'s
    ``NOT_DIFFERENTIABLE``, as for the families."""
    from fad.numpy import _fft

    out = []
    for name in sorted(np.fft.__all__):
        if name not in fnp.fft.__all__:
            out.append(Row(f"fft.{name}", "missing", FFT, ""))
        elif name in _fft.NOT_DIFFERENTIABLE:
            out.append(Row(f"fft.{name}", "constant", FFT, _fft.NOT_DIFFERENTIABLE[name]))
        else:
            out.append(Row(f"fft.{name}", "differentiable", FFT, _first_line(getattr(fnp.fft, name))))
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(rs: Iterable[Row]) -> list[str]:
    lines = ["| name | kind | modes | notes |", "| --- | --- | --- | --- |"]
    for r in rs:
        lines.append(f"| `{r.name}` | {r.kind} | {r.modes} | {_cell(r.note)} |")
    return lines


def render() -> str:
    """The page's text."""
    rs = rows()
    numpy_rows = [r for r in rs if r.table != EXTRAS]
    counts = {k: sum(1 for r in numpy_rows if r.kind == k) for k in KINDS}
    lines = [
        "# NumPy coverage of fad.numpy",
        "",
        "<!-- Generated by docs/gen_numpy_coverage.py from the code; do not edit. "
        "Regenerate with: python3 docs/gen_numpy_coverage.py -->",
        "",
        f"Every public name of NumPy's main namespace (NumPy {np.__version__}: "
        f"{len(numpy_rows)} names), and what `fad.numpy` does with it:",
        "",
        "- **differentiable**: traced, with derivatives in both modes (`fwd+rev`); "
        "the note gives the convention at kinks and ties.",
        "- **forwarded**: no derivative (booleans, indices, counts, dtypes, text); on traced "
        "values it runs NumPy on their concrete values and returns NumPy's plain result.",
        "- **constant**: a number, a type, or a function that makes new constant arrays.",
        "- **refused**: works on plain values as NumPy's; on traced values it is an error "
        "that says what to do instead.",
        "- **missing**: not in `fad.numpy` yet; on traced values NumPy's function fails "
        "with an error that names it and points here.",
        "",
        "Plain `np.f(x)` on a traced `x` reaches the same function through NumPy's dispatch.",
        "",
        "| kind | names |",
        "| --- | --- |",
        *[f"| {k} | {counts[k]} |" for k in KINDS],
        "",
    ]
    for title in TABLES:
        members = sorted((r for r in rs + fft_rows() if r.table == title), key=lambda r: r.name.lower())
        if not members:
            continue
        lines += [f"## {title}", "", *_table(members), ""]
    lines += _scipy_lines()
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the page on disk is stale")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if not PAGE.exists() or PAGE.read_text() != text:
            print(f"{PAGE.relative_to(ROOT)} is stale: run python3 docs/gen_numpy_coverage.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
