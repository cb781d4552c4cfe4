"""The NumPy coverage page (docs/numpy-coverage.md) and what it promises.

(a) The page on disk is what docs/gen_numpy_coverage.py writes from the code.
(b) Every name it lists as differentiable is checked by the property suite: a
    primitive of that name in ``CATALOGUE``, a drawer in ``PUBLIC``, an
    ``Example`` named ``name``, ``fnp.name`` or ``np.name``, or an alias of such
    a name (the same object).
(c) Every forwarded function runs on traced values (inside ``fad.grad``), and
    every refused one raises its clear error there.
(d) The fad.scipy tables list each submodule's ``__all__`` with its kind
    (``NOT_DIFFERENTIABLE`` or differentiable), every differentiable name is
    drawn by the property suite, and no name issue #13 asks of
    ``fad.scipy.special`` is missing.

NumPy names fad.numpy does not have yet are "missing": with ``ALLOW_MISSING``
the suite only reports how many remain.
"""

from __future__ import annotations

import importlib.util
import inspect
import sys
import types
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pytest

import fad
import fad.numpy as fnp
from fad.numpy import _forwarded

from _catalogue import CATALOGUE, COMPOSITES, PUBLIC

ALLOW_MISSING = False
"""While the families' work is unmerged, NumPy names fad.numpy lacks are only
reported; set to False to make every missing name a failure."""

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("gen_numpy_coverage", ROOT / "docs" / "gen_numpy_coverage.py")
assert _spec is not None and _spec.loader is not None
gen = importlib.util.module_from_spec(_spec)
sys.modules["gen_numpy_coverage"] = gen
_spec.loader.exec_module(gen)

ROWS = gen.rows()
BY_KIND: dict[str, list[str]] = {k: [r.name for r in ROWS if r.kind == k] for k in gen.KINDS}


# --- (a) the page is current -----------------------------------------------------------


def test_the_page_on_disk_is_what_the_generator_writes() -> None:
    assert gen.PAGE.read_text() == gen.render(), "docs/numpy-coverage.md is stale: run python3 docs/gen_numpy_coverage.py"


def test_the_generator_check_mode_agrees() -> None:
    assert gen.main(["--check"]) == 0


def test_every_numpy_name_is_on_the_page_once() -> None:
    names = [r.name for r in ROWS if r.table != gen.EXTRAS]
    assert names == [n for n in dir(np) if not n.startswith("_")]
    text = gen.PAGE.read_text()
    for n in names:
        assert f"| `{n}` |" in text


def test_missing_names(capsys: pytest.CaptureFixture[str]) -> None:
    missing = BY_KIND["missing"]
    with capsys.disabled():
        print(f"\n{len(missing)} NumPy names are missing from fad.numpy: {', '.join(missing)}")
    if not ALLOW_MISSING:
        assert missing == [], f"{len(missing)} NumPy names are missing from fad.numpy"


def test_pending_declarations_are_still_needed(capsys: pytest.CaptureFixture[str]) -> None:
    # The generator's stand-ins for NOT_DIFFERENTIABLE declarations: each must
    # name a function a family exports; once the family has its own dict, the
    # stand-in is ignored (reported: remove it from the generator).
    stale = []
    drawn = set(CATALOGUE) | set(PUBLIC)
    for name in gen.PENDING_NOT_DIFFERENTIABLE:
        family = gen.owner(name)
        assert family is not None and family != "_forwarded", name
        if hasattr(gen._families()[family], "NOT_DIFFERENTIABLE"):
            stale.append(name)
            continue
        # a drawer means the function became differentiable: the stand-in would hide it
        assert name not in drawn, (
            f"{name!r} has a catalogue drawer now (it is differentiable): remove it from "
            "PENDING_NOT_DIFFERENTIABLE in docs/gen_numpy_coverage.py and regenerate the page"
        )
    if stale:
        with capsys.disabled():
            print(f"\nPENDING_NOT_DIFFERENTIABLE entries no longer used (their family declares its own): {stale}")


def test_kinds_come_from_the_code() -> None:
    kind = {r.name: r.kind for r in ROWS}
    assert kind["sin"] == "differentiable"
    assert kind["isnan"] == "forwarded"
    assert kind["pi"] == "constant" and kind["float32"] == "constant"
    assert kind["save"] == "refused" and kind["ma"] == "refused"
    assert kind["random"] == "forwarded"


def test_the_error_for_a_missing_function_points_to_the_page() -> None:
    # (a NumPy function fad.numpy is not meant to grow)
    window = np.lib.stride_tricks.sliding_window_view
    with pytest.raises(TypeError) as info:
        fad.grad(lambda x: fnp.sum(window(x, 2)))(V)
    msg = str(info.value)
    assert msg.startswith("np.lib.stride_tricks.sliding_window_view is not supported"), msg
    assert "docs/numpy-coverage.md" in msg


def test_the_index_links_the_page() -> None:
    assert "numpy-coverage.md" in (ROOT / "docs" / "index.md").read_text()


# --- (b) every differentiable name is drawn by the property suite ---------------------


def _covered_names() -> set[str]:
    covered = set(CATALOGUE) | set(PUBLIC)
    examples = [e for entry in CATALOGUE.values() for e in entry.examples] + list(COMPOSITES)
    for e in examples:
        for prefix in ("fnp.", "np.", ""):
            if e.name.startswith(prefix):
                covered.add(e.name[len(prefix):])
    return covered


def _uncovered() -> list[str]:
    covered = _covered_names()
    objects = {id(getattr(fnp, n)) for n in covered if hasattr(fnp, n)}
    out = []
    for name in BY_KIND["differentiable"]:
        obj = getattr(fnp, name)
        if isinstance(obj, types.ModuleType):
            continue  # a submodule: its functions have their own tests
        if name not in covered and id(obj) not in objects:
            out.append(name)
    return out


def test_every_differentiable_name_is_covered_by_the_property_suite() -> None:
    uncovered = _uncovered()
    assert uncovered == [], (
        f"differentiable fad.numpy names without a catalogue entry, drawer or example: {uncovered}. "
        "Add an @composite drawer (tests/_catalogue_<family>.py) or a primitive's entry."
    )


# --- (d) fad.scipy: every public name on the page, drawn if differentiable ------------

SCIPY_ROWS = gen.scipy_rows()


def _scipy_covered(sub: str) -> set[str]:
    """The names of ``fad.scipy.<sub>`` the property suite draws (the rule is in
    tests/_catalogue_scipy_special.py's docstring): a ``scipy.<sub>.<name>``
    composite drawer or example (or ``fad.scipy.<sub>.<name>`` example), a
    primitive entry of the name (``expm``; special's entries name their routes
    by examples instead), or the same object as such a name."""
    prefix = f"scipy.{sub}."
    names = {k[len(prefix):] for k in PUBLIC if k.startswith(prefix)}
    module = gen.scipy_module(sub)
    public = gen.scipy_public_names(module)
    # a primitive's own entry (``expm``, ``scipy.signal.convolve``) draws the public
    # function of that name, which binds it
    names |= {k[len(prefix):] if k.startswith(prefix) else k for k in CATALOGUE
              if k.startswith(prefix) or (k in public and sub != "special")}
    for entry in CATALOGUE.values():
        for e in entry.examples:
            for p in (prefix, "fad." + prefix):
                if e.name.startswith(p):
                    names.add(e.name[len(p):])
    objects = {id(gen._scipy_lookup(module, n)[0]) for n in names if n in public}
    return names | {n for n in public if id(gen._scipy_lookup(module, n)[0]) in objects}


def test_every_public_fad_scipy_name_is_on_the_page_once() -> None:
    text = gen.PAGE.read_text()
    for sub in gen.SCIPY_SUBMODULES:
        module = gen.scipy_module(sub)
        rows = [r.name for r in SCIPY_ROWS if r.module == sub and r.kind != "missing"]
        assert rows == gen.scipy_public_names(module), sub
        assert set(getattr(module, "NOT_DIFFERENTIABLE", {})) <= set(module.__all__), (
            f"fad.scipy.{sub}.NOT_DIFFERENTIABLE names something that is not public"
        )
        if rows:
            section = text[text.index(f"### fad.scipy.{sub}\n"):]
            for n in rows:
                assert f"| `{n}` |" in section, (sub, n)


def test_every_differentiable_fad_scipy_name_is_covered_by_the_property_suite() -> None:
    uncovered = []
    for sub in gen.SCIPY_SUBMODULES:
        covered = _scipy_covered(sub)
        uncovered += [f"fad.scipy.{sub}.{r.name}" for r in SCIPY_ROWS
                      if r.module == sub and r.kind == "differentiable" and r.name not in covered]
    assert uncovered == [], (
        f"differentiable fad.scipy names without a catalogue entry or drawer: {uncovered}. Add a "
        "@composite('scipy.<module>.<name>') drawer or an Example named so (tests/_catalogue_scipy_<module>.py)."
    )


def test_no_name_the_issue_asks_of_fad_scipy_special_is_missing() -> None:
    missing = [r.name for r in SCIPY_ROWS if r.kind == "missing" and r.module == "special"]
    assert missing == []
    assert len([r for r in SCIPY_ROWS if r.module == "special"]) >= len(gen.SCIPY_WANTED["special"])


def test_scipy_special_ufuncs_reach_fad_and_the_page_says_so() -> None:
    plain = {r.name: r.plain for r in SCIPY_ROWS if r.module == "special"}
    assert plain["gammaln"] == "yes" and plain["expit"] == "yes" and plain["i0"] == "yes"
    assert plain["logsumexp"] == "no" and plain["polygamma"] == "no" and plain["zeta"] == "yes"

def test_every_differentiable_fft_name_is_drawn_by_the_property_suite() -> None:
    rows = gen.fft_rows()
    assert {r.name for r in rows} == {f"fft.{n}" for n in np.fft.__all__}
    undrawn = [r.name for r in rows if r.kind == "differentiable" and r.name not in PUBLIC]
    assert undrawn == [], f"add an @composite drawer to tests/_catalogue_fft.py for {undrawn}"
    assert [r.name for r in rows if r.kind == "missing"] == []


# --- (c) forwarded names run on traced values; refused ones raise ---------------------

X = np.array([[0.5, -1.0, 2.0], [3.0, 0.25, -0.5]])
V = np.array([0.5, -1.0, 2.0, 3.0])
INTS = np.array([1, 3, 0, 2])

# How to call a forwarded function on a traced float array ``x`` (2-D) or
# vector ``v``; the ones on integers, dtypes or text take the traced value
# where it fits (a shape, a dtype) or are called without it.
CALLS: dict[str, Callable[[Any, Any], Any]] = {
    "all": lambda x, v: fnp.all(x > -5),
    "any": lambda x, v: fnp.any(x),
    "allclose": lambda x, v: fnp.allclose(x, x),
    "isclose": lambda x, v: fnp.isclose(x, [x[0], x[1]]),
    "array_equal": lambda x, v: fnp.array_equal(x, x),
    "array_equiv": lambda x, v: fnp.array_equiv(x, x[0]),
    "isnat": lambda x, v: fnp.isnat(np.datetime64("2020-01-01")),
    "isscalar": lambda x, v: fnp.isscalar(x),
    "iterable": lambda x, v: fnp.iterable(x),
    "may_share_memory": lambda x, v: fnp.may_share_memory(x, v),
    "shares_memory": lambda x, v: fnp.shares_memory(x, v),
    "isin": lambda x, v: fnp.isin(x, v),
    "invert": lambda x, v: fnp.invert(x > 0),
    "bitwise_not": lambda x, v: fnp.bitwise_not(x > 0),
    "bitwise_invert": lambda x, v: fnp.bitwise_invert(x > 0),
    "bitwise_left_shift": lambda x, v: fnp.bitwise_left_shift(INTS, 1),
    "bitwise_right_shift": lambda x, v: fnp.bitwise_right_shift(INTS, 1),
    "equal": lambda x, v: fnp.equal(x, v[:3]),
    "not_equal": lambda x, v: fnp.not_equal(x, v[:3]),
    "less": lambda x, v: fnp.less(x, v[:3]),
    "less_equal": lambda x, v: fnp.less_equal(x, v[:3]),
    "greater": lambda x, v: fnp.greater(x, v[:3]),
    "greater_equal": lambda x, v: fnp.greater_equal(x, v[:3]),
    "floor_divide": lambda x, v: fnp.floor_divide(x, 0.5),
    "get_include": lambda x, v: fnp.get_include(),
    "get_printoptions": lambda x, v: fnp.get_printoptions(),
    "getbufsize": lambda x, v: fnp.getbufsize(),
    "geterr": lambda x, v: fnp.geterr(),
    "geterrcall": lambda x, v: fnp.geterrcall(),
    "bitwise_and": lambda x, v: fnp.bitwise_and(x > 0, v[:3] > 0),
    "bitwise_or": lambda x, v: fnp.bitwise_or(x > 0, v[:3] > 0),
    "bitwise_xor": lambda x, v: fnp.bitwise_xor(x > 0, v[:3] > 0),
    "bitwise_count": lambda x, v: fnp.bitwise_count(INTS),
    "left_shift": lambda x, v: fnp.left_shift(INTS, 1),
    "right_shift": lambda x, v: fnp.right_shift(INTS, 1),
    "packbits": lambda x, v: fnp.packbits(x > 0),
    "unpackbits": lambda x, v: fnp.unpackbits(np.uint8([3])),
    "gcd": lambda x, v: fnp.gcd(INTS, 2),
    "lcm": lambda x, v: fnp.lcm(INTS, 2),
    "logical_and": lambda x, v: fnp.logical_and(x, v[:3]),
    "logical_or": lambda x, v: fnp.logical_or(x, v[:3]),
    "logical_xor": lambda x, v: fnp.logical_xor(x, v[:3]),
    "argpartition": lambda x, v: fnp.argpartition(v, 1),
    "searchsorted": lambda x, v: fnp.searchsorted(fnp.sort(v), x),
    "digitize": lambda x, v: fnp.digitize(x, [0.0, 1.0]),
    "lexsort": lambda x, v: fnp.lexsort((v, v)),
    "ravel_multi_index": lambda x, v: fnp.ravel_multi_index(([0, 1], [1, 2]), x.shape),
    "unravel_index": lambda x, v: fnp.unravel_index(4, x.shape),
    "indices": lambda x, v: fnp.indices(x.shape),
    "ix_": lambda x, v: fnp.ix_([0, 1], [2]),
    "diag_indices": lambda x, v: fnp.diag_indices(2),
    "diag_indices_from": lambda x, v: fnp.diag_indices_from(x[:, :2]),
    "tril_indices": lambda x, v: fnp.tril_indices(3),
    "tril_indices_from": lambda x, v: fnp.tril_indices_from(x),
    "triu_indices": lambda x, v: fnp.triu_indices(3),
    "triu_indices_from": lambda x, v: fnp.triu_indices_from(x),
    "mask_indices": lambda x, v: fnp.mask_indices(3, fnp.triu),
    "einsum_path": lambda x, v: fnp.einsum_path("ij,j->i", x, v[:3]),
    "unique": lambda x, v: fnp.unique(INTS),
    "unique_values": lambda x, v: fnp.unique_values(INTS),
    "unique_all": lambda x, v: fnp.unique_all(INTS),
    "unique_counts": lambda x, v: fnp.unique_counts(INTS),
    "unique_inverse": lambda x, v: fnp.unique_inverse(INTS),
    "intersect1d": lambda x, v: fnp.intersect1d(INTS, [1, 2]),
    "union1d": lambda x, v: fnp.union1d(INTS, [1, 2]),
    "setdiff1d": lambda x, v: fnp.setdiff1d(INTS, [1, 2]),
    "setxor1d": lambda x, v: fnp.setxor1d(INTS, [1, 2]),
    "histogram": lambda x, v: fnp.histogram(fad.concrete(v), bins=[-2.0, 0.0, 4.0]),
    "histogram2d": lambda x, v: fnp.histogram2d(fad.concrete(v), fad.concrete(v), bins=2),
    "histogramdd": lambda x, v: fnp.histogramdd(fad.concrete(x), bins=2),
    "histogram_bin_edges": lambda x, v: fnp.histogram_bin_edges(fad.concrete(v), bins=2),
    "bincount": lambda x, v: fnp.bincount(INTS, minlength=fnp.size(v)),
    "can_cast": lambda x, v: fnp.can_cast(x.dtype, np.float32),
    "promote_types": lambda x, v: fnp.promote_types(x.dtype, np.float32),
    "min_scalar_type": lambda x, v: fnp.min_scalar_type(x),
    "common_type": lambda x, v: fnp.common_type(x, v),
    "mintypecode": lambda x, v: fnp.mintypecode(["f", "d"]),
    "issubdtype": lambda x, v: fnp.issubdtype(x.dtype, np.floating),
    "isdtype": lambda x, v: fnp.isdtype(x.dtype, "real floating"),
    "typename": lambda x, v: fnp.typename("d"),
    "broadcast_shapes": lambda x, v: fnp.broadcast_shapes(x.shape, (1, 3)),
    "format_float_positional": lambda x, v: fnp.format_float_positional(x[0, 0]),
    "format_float_scientific": lambda x, v: fnp.format_float_scientific(x[0, 0]),
    "base_repr": lambda x, v: fnp.base_repr(5, 2),
    "binary_repr": lambda x, v: fnp.binary_repr(5),
    "datetime_as_string": lambda x, v: fnp.datetime_as_string(np.datetime64("2020-01-01")),
    "datetime_data": lambda x, v: fnp.datetime_data(np.dtype("M8[s]")),
    "busday_count": lambda x, v: fnp.busday_count("2020-01-01", "2020-02-01"),
    "busday_offset": lambda x, v: fnp.busday_offset("2020-01-01", 1),
    "is_busday": lambda x, v: fnp.is_busday("2020-01-01"),
    "set_printoptions": lambda x, v: fnp.set_printoptions(**np.get_printoptions()),
    "printoptions": lambda x, v: fnp.printoptions(precision=3),
    "seterr": lambda x, v: fnp.seterr(**np.geterr()),
    "seterrcall": lambda x, v: fnp.seterrcall(np.geterrcall()),
    "setbufsize": lambda x, v: fnp.setbufsize(np.getbufsize()),
    "show_config": None,  # type: ignore[dict-item]  (prints pages of text)
    "show_runtime": None,  # type: ignore[dict-item]
    "info": None,  # type: ignore[dict-item]
    "load": None,  # type: ignore[dict-item]  (reads files: checked on a plain file below)
    "loadtxt": None,  # type: ignore[dict-item]
    "genfromtxt": None,  # type: ignore[dict-item]
    "fromfile": None,  # type: ignore[dict-item]
    "fromregex": None,  # type: ignore[dict-item]
    "frombuffer": lambda x, v: fnp.frombuffer(b"\x00" * 8),
    "fromstring": lambda x, v: fnp.fromstring("1 2", sep=" "),
}

# Those not in CALLS take the traced vector, or the traced matrix.
_ON_VECTOR = {"lexsort", "argpartition"}

FORWARDED = sorted(n for n in BY_KIND["forwarded"] if isinstance(getattr(fnp, n), _forwarded.Forwarded))
REFUSED_FUNCTIONS = sorted(n for n in BY_KIND["refused"] if isinstance(getattr(fnp, n), _forwarded.Refused))


def _call(name: str, x: Any, v: Any) -> Any:
    if name in CALLS:
        return CALLS[name](x, v)
    return getattr(fnp, name)(x)


@pytest.mark.parametrize("name", FORWARDED)
def test_forwarded_functions_run_on_traced_values(name: str) -> None:
    if name in CALLS and CALLS[name] is None:
        pytest.skip("prints text or reads files: no traced value to give")
    seen: list[Any] = []

    def f(x: Any, v: Any) -> Any:
        seen.append(_call(name, x, v))
        return fnp.sum(x) + fnp.sum(v)

    gx, gv = fad.grad(f, argnums=(0, 1))(X, V)
    np.testing.assert_array_equal(gx, np.ones_like(X))
    # the result is plain NumPy's, as NumPy gives it on the concrete values
    expected = _call(name, X, V)
    out = seen[0]
    assert not fad.is_tracer(out)
    for a, b in zip(fad.tree_leaves(out) if isinstance(out, (tuple, list)) else [out],
                    fad.tree_leaves(expected) if isinstance(expected, (tuple, list)) else [expected]):
        if isinstance(a, (np.ndarray, np.generic, int, float, bool, str)):
            np.testing.assert_array_equal(a, b)


def test_every_forwarded_function_has_a_call_or_takes_an_array() -> None:
    # a forwarded function missing from CALLS is called with the traced matrix:
    # make sure that is how it is called (one positional array)
    for name in FORWARDED:
        if name in CALLS:
            continue
        params = list(inspect.signature(getattr(fnp, name)).parameters.values()) if _has_signature(name) else []
        assert not params or params[0].kind in (params[0].POSITIONAL_ONLY, params[0].POSITIONAL_OR_KEYWORD), name


def _has_signature(name: str) -> bool:
    try:
        inspect.signature(getattr(fnp, name))
    except (TypeError, ValueError):
        return False
    return True


REFUSED_CALLS: dict[str, Callable[[Any], Any]] = {
    "save": lambda x: fnp.save("never-written.npy", x),
    "savez": lambda x: fnp.savez("never-written.npz", x=x),
    "savez_compressed": lambda x: fnp.savez_compressed("never-written.npz", x=x),
    "savetxt": lambda x: fnp.savetxt("never-written.txt", x),
    "frompyfunc": lambda x: fnp.frompyfunc(x, 1, 1),
    "fromiter": lambda x: fnp.fromiter([x[0], x[1]], float),
    "from_dlpack": lambda x: fnp.from_dlpack(x),
    "nextafter": lambda x: fnp.nextafter(x, 10.0),
    "asmatrix": lambda x: fnp.asmatrix(x),
    "bmat": lambda x: fnp.bmat([[x]]),
    "nditer": lambda x: fnp.nditer(x),
    "nested_iters": lambda x: fnp.nested_iters(x, [[0], []]),
    "ndenumerate": lambda x: fnp.ndenumerate(x),
}


@pytest.mark.parametrize("name", REFUSED_FUNCTIONS)
def test_refused_functions_raise_a_clear_error_on_traced_values(name: str) -> None:
    def f(x: Any) -> Any:
        REFUSED_CALLS[name](x)
        return fnp.sum(x)

    with pytest.raises(TypeError) as info:
        fad.grad(f)(np.array([1.0, 2.0, 3.0]))
    msg = str(info.value)
    assert msg.startswith(f"np.{name} of a traced value:"), msg
    assert "Instead," in msg and "docs/numpy-coverage.md" in msg
    assert not Path("never-written.npy").exists()


@pytest.mark.parametrize("name", ["save", "fromiter", "nextafter"])
def test_refused_functions_are_numpys_on_plain_values(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    x = np.array([1.0, 2.0, 3.0])
    if name == "save":
        fnp.save("x.npy", x)
        np.testing.assert_array_equal(fnp.load("x.npy"), x)
    elif name == "fromiter":
        np.testing.assert_array_equal(fnp.fromiter(iter([1.0, 2.0]), float), [1.0, 2.0])
    else:
        assert fnp.nextafter(1.0, 2.0) == np.nextafter(1.0, 2.0)


@pytest.mark.filterwarnings("ignore:the matrix subclass:PendingDeprecationWarning")
@pytest.mark.parametrize("name", sorted(n for n in BY_KIND["refused"] if n in _forwarded.REFUSED))
def test_refused_numpy_objects_raise_a_clear_error_on_traced_values(name: str) -> None:
    calls: dict[str, Callable[[Any], Any]] = {
        "ma": lambda x: fad.grad(lambda m: fnp.sum(m))(np.ma.array([1.0, 2.0])),
        "matrix": lambda x: fad.grad(lambda m: fnp.sum(m))(np.matrix([[1.0, 2.0]])),
        "rec": lambda x: np.rec.fromarrays([x]),
        "emath": lambda x: np.emath.sqrt(x),
        "vectorize": lambda x: np.vectorize(lambda t: t)(x),
        "poly1d": lambda x: np.poly1d(x),
        "polynomial": lambda x: np.polynomial.Polynomial(x)(2.0),
    }

    def f(x: Any) -> Any:
        calls[name](x)
        return fnp.sum(x)

    with pytest.raises(TypeError) as info:
        fad.grad(f)(np.array([1.0, 2.0]))
    msg = str(info.value)
    assert _forwarded.REFUSED[name].split(":")[0] in msg, msg
