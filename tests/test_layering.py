"""fad.numpy's layering, and its public surface.

The modules of ``fad.numpy`` form layers: each imports only the layers below it
(``LAYERS``), so any of them can be imported first, with no import order to
respect and no module aliases to break cycles. The public modules,
``fad.numpy``, ``fad.numpy.linalg`` and ``fad.numpy.fft``, hold nothing but their public names.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import types
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator, Optional

import pytest

import fad.numpy as fnp

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "fad" / "numpy"

# fad.numpy's modules, bottom first: each may import only those before it.
LAYERS = [
    "fad.numpy._util",  # helpers: shapes, dtypes, axes (no primitives)
    "fad.numpy._base",  # the structural primitives: reshape, transpose, broadcast_to, sum, ...
    "fad.numpy._elementwise",
    "fad.numpy._shape",
    "fad.numpy._indexing",
    "fad.numpy._reductions",
    "fad.numpy._products",
    "fad.numpy._statistics",
    "fad.numpy._creation",
    "fad.numpy._linear_algebra",
    "fad.numpy._polynomial",
    "fad.numpy._fft",
    "fad.numpy._forwarded",
    "fad.numpy.linalg",  # public: re-exports only
    "fad.numpy.fft",  # public: re-exports only
    "fad.numpy._dispatch",  # the core's array functions and NumPy's dispatch tables
    "fad.numpy",  # public: re-exports only
]
RANK = {name: i for i, name in enumerate(LAYERS)}
# The families: they import the names they use from the families below them
# (``from fad.numpy._base import reshape``), never a family module itself.
FAMILIES = LAYERS[1 : LAYERS.index("fad.numpy.linalg")]


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_files() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = _module_files()


def test_every_module_of_fad_numpy_has_a_layer() -> None:
    assert sorted(MODULES) == sorted(LAYERS), "add the new module to LAYERS, above what it imports"


# --- each module imports first -------------------------------------------------------

# Run the module with the packages above it left empty, so that it really is
# the first of fad.numpy to run (``import fad.numpy._x`` on its own would run
# fad/__init__.py, and so fad/numpy/__init__.py, first), then report which of
# fad.numpy's modules it loaded.
_FIRST = """
import importlib, sys, types
root, target = sys.argv[1], sys.argv[2]
empty = [pkg for pkg in ("fad", "fad.numpy") if target.startswith(pkg + ".")]
for pkg in empty:
    m = types.ModuleType(pkg)
    m.__path__ = [root + "/" + pkg.replace(".", "/")]
    sys.modules[pkg] = m
importlib.import_module(target)
loaded = [m for m in sys.modules if m == "fad.numpy" or m.startswith("fad.numpy.")]
print(" ".join(m for m in loaded if m not in empty))
"""


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def first_imports() -> Iterator[dict[str, tuple[subprocess.CompletedProcess[str], ...]]]:
    """For each module, in fresh interpreters (run side by side): ``import
    fad.numpy.<mod>`` as a user writes it, and the module run first of all."""

    def both(name: str) -> tuple[subprocess.CompletedProcess[str], ...]:
        return _run(["-c", f"import {name}"]), _run(["-c", _FIRST, str(ROOT), name])

    with ThreadPoolExecutor(max_workers=4) as pool:
        yield dict(zip(LAYERS, pool.map(both, LAYERS)))


@pytest.mark.parametrize("name", LAYERS)
def test_module_imports_first_in_a_fresh_interpreter(
    name: str, first_imports: dict[str, tuple[subprocess.CompletedProcess[str], ...]]
) -> None:
    plain, first = first_imports[name]
    assert plain.returncode == 0, f"import {name}:\n{plain.stderr}"
    assert first.returncode == 0, f"{name}, imported before the rest of fad.numpy:\n{first.stderr}"
    loaded = first.stdout.split()
    above = [m for m in loaded if RANK.get(m, -1) > RANK[name]]
    assert above == [], f"{name} loads {above}, which sit above it in LAYERS"


# --- imports go down only ------------------------------------------------------------


def _fad_numpy_imports(path: Path, name: str) -> Iterator[tuple[int, str, Optional[str]]]:
    """(line, imported module of fad.numpy, how) for each import in a module's
    source, including imports inside functions. ``how`` is the module's name as
    bound in the importing module when a module (not a name) is imported."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("fad.numpy"):
                    yield node.lineno, alias.name, alias.asname or alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                parent = parent[: len(parent) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            if base != "fad.numpy" and not base.startswith("fad.numpy."):
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in MODULES:  # a module: `from fad.numpy import _base`
                    yield node.lineno, sub, alias.asname or alias.name
                else:  # a name from the module `base`
                    yield node.lineno, base, None


def _upward(path: Path, name: str) -> list[str]:
    return [
        f"line {line}: {name} imports {imported}, which is not below it"
        for line, imported, _ in _fad_numpy_imports(path, name)
        if RANK.get(imported, len(LAYERS)) >= RANK[name]
    ]


def _module_bindings(path: Path, name: str) -> list[str]:
    return [
        f"line {line}: {name} binds the module {imported} as {how!r}; import the names it uses"
        for line, imported, how in _fad_numpy_imports(path, name)
        if how is not None and imported != "fad.numpy._util"
    ]


@pytest.mark.parametrize("name", LAYERS)
def test_modules_import_only_the_layers_below_them(name: str) -> None:
    wrong = _upward(MODULES[name], name)
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("name", FAMILIES)
def test_families_import_names_not_family_modules(name: str) -> None:
    # `from fad.numpy._base import reshape`, not `from fad.numpy import _base as B`
    wrong = _module_bindings(MODULES[name], name)
    assert wrong == [], "\n".join(wrong)


def test_the_checks_catch_the_old_cycle(tmp_path: Path) -> None:
    # _shape once imported _reductions (for unbroadcast's sum), which imported _shape
    old = tmp_path / "_shape.py"
    old.write_text(
        "from fad.numpy import _reductions as R\n"
        "def trace(x):\n"
        "    from fad.numpy._reductions import sum\n"
        "    return sum(x)\n"
    )
    assert len(_upward(old, "fad.numpy._shape")) == 2
    assert len(_module_bindings(old, "fad.numpy._shape")) == 1


# --- the public surface ---------------------------------------------------------------

PUBLIC = {"fad.numpy": fnp, "fad.numpy.linalg": fnp.linalg, "fad.numpy.fft": fnp.fft}
PUBLIC_SUBMODULES = {"fad.numpy": {"linalg", "fft"}, "fad.numpy.linalg": set(), "fad.numpy.fft": set()}


def _dunder(n: str) -> bool:
    return n.startswith("__") and n.endswith("__")


@pytest.mark.parametrize("name", list(PUBLIC))
def test_dir_lists_public_names_only(name: str) -> None:
    mod = PUBLIC[name]
    extra = set(dir(mod)) - set(mod.__all__)
    assert {n for n in extra if not _dunder(n)} <= PUBLIC_SUBMODULES[name]


@pytest.mark.parametrize("name", list(PUBLIC))
def test_public_modules_hold_their_public_names_and_nothing_else(name: str) -> None:
    # Not only what dir() shows: the namespace itself. The one exception is the
    # private submodules that the import system binds on their package.
    mod = PUBLIC[name]
    assert len(mod.__all__) == len(set(mod.__all__)), "a name is listed twice in __all__"
    missing = [n for n in mod.__all__ if not hasattr(mod, n)]
    assert missing == []
    stray = [
        n
        for n, v in vars(mod).items()
        if not _dunder(n)
        and n not in mod.__all__
        and n not in PUBLIC_SUBMODULES[name]
        and not (isinstance(v, types.ModuleType) and v.__name__ == f"{name}.{n}" and n.startswith("_"))
    ]
    assert stray == []


@pytest.mark.parametrize("name", [n for n in LAYERS if n not in PUBLIC])
def test_private_modules_say_what_they_export(name: str) -> None:
    mod = sys.modules[name]
    exported = getattr(mod, "__all__", None)
    assert exported, f"{name} has no __all__"
    assert [n for n in exported if not hasattr(mod, n)] == []


def test_the_public_names_come_from_the_families() -> None:
    # fad.numpy re-exports: each public function is one a family exports
    exported = set()
    for name in FAMILIES:
        exported.update(sys.modules[name].__all__)
    functions = [n for n in fnp.__all__ if isinstance(getattr(fnp, n), types.FunctionType)]
    assert [n for n in functions if n not in exported] == []


# --- docstrings in the source ---------------------------------------------------------


def _doc_assignments(tree: ast.AST) -> list[int]:
    """The lines that assign to a ``__doc__`` attribute (``fn.__doc__ = ...``,
    also augmented or annotated) or call ``setattr(..., "__doc__", ...)``."""
    lines = []
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "setattr"
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value == "__doc__"
        ):
            lines.append(node.lineno)
        for target in targets:
            for t in ast.walk(target):
                if isinstance(t, ast.Attribute) and t.attr == "__doc__":
                    lines.append(node.lineno)
    return lines


def test_doc_assignments_are_found() -> None:
    tree = ast.parse("def f(): pass\nf.__doc__ = 'x'\nsetattr(f, '__doc__', 'y')\n")
    assert _doc_assignments(tree) == [2, 3]


@pytest.mark.parametrize("name", LAYERS)
def test_docstrings_are_written_in_the_source(name: str) -> None:
    # Editors and documentation tools read docstrings from the source: none is
    # built and assigned at import time.
    tree = ast.parse(MODULES[name].read_text(), filename=str(MODULES[name]))
    assert _doc_assignments(tree) == [], f"{name} assigns __doc__"


def test_every_public_function_has_a_docstring_with_an_example() -> None:
    functions = {n: getattr(fnp, n) for n in fnp.__all__ if isinstance(getattr(fnp, n), types.FunctionType)}
    assert functions
    missing = [n for n, f in functions.items() if "Example" not in (f.__doc__ or "")]
    assert missing == []
