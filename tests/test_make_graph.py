"""fad.make_graph and fad.Graph: the listing, constants, names, pytrees, the
derivative program, DOT output, determinism, depth, immutability, and the
committed pictures of docs/seeing-the-graph.md."""

from __future__ import annotations

import collections
import copy
import functools
import gc
import importlib.util
import pickle
import re
import shutil
import subprocess
import sys
import types
import weakref
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import pytest

import fad
import fad.numpy as fnp

ROOT = Path(__file__).resolve().parent.parent
GRAPHS_DIR = ROOT / "docs" / "graphs"


def _gen_graphs() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("gen_graphs", GRAPHS_DIR / "gen_graphs.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# ---------------------------------------------------------------------------
# the listing


def test_str_lists_one_line_per_op_with_inputs_and_outputs() -> None:
    def f(x: Any, y: Any) -> Any:
        return fnp.exp(x) * y - x

    g = fad.make_graph(f)(np.zeros(3), 2.0)
    assert str(g) == (
        "f(x: float64[3], y: float64[]):\n"
        "    v1: float64[3] = exp(x)\n"
        "    v2: float64[3] = multiply(v1, y)\n"
        "    v3: float64[3] = subtract(v2, x)\n"
        "    return v3"
    )
    assert repr(g) == str(g) == g.format()
    assert len(g) == 3 and [e.primitive for e in g.equations] == ["exp", "multiply", "subtract"]


def test_params_follow_the_primitive_and_carry_no_addresses() -> None:
    g = fad.make_graph(lambda x: fnp.sum(x, axis=0, keepdims=True))(np.ones((2, 3)))
    assert "v1: float64[1, 3] = sum[axis=(-2,), keepdims=True](x)" in str(g)

    class Opaque:
        pass

    def scaled(x: Any, fn: Any = None, obj: Any = None, index: Any = None) -> Any:
        return x * 2.0

    prim = fad.primitive(scaled, name="scaled_by_two", kind="elementwise")
    fad.defvjp(prim, lambda y, ybar, x, **params: ybar * 2.0)
    g = fad.make_graph(lambda x: prim(x, fn=lambda v: v, obj=Opaque(), index=np.arange(100)))(1.0)
    line = str(g).splitlines()[1]
    assert line.startswith("    v1: float64[] = scaled_by_two[fn=")
    assert "index=int64[100]" in line and "<lambda>" in line
    assert not re.search(r"0x[0-9a-fA-F]+", str(g) + g.to_dot())


def test_only_what_the_outputs_depend_on_is_listed() -> None:
    def f(x: Any) -> Any:
        fnp.cos(x)  # unused
        return fnp.sin(x)

    assert [e.primitive for e in fad.make_graph(f)(1.0).equations] == ["sin"]


def test_values_are_shown_on_request_for_small_values_only() -> None:
    def f(x: Any, w: Any) -> Any:
        return fnp.sum(w * x)

    g = fad.make_graph(f)(3.0, np.arange(100.0))
    text = g.format(values=True)
    assert text.splitlines()[0] == "f(x: float64[] = 3.0, w: float64[100]):"
    assert "v1: float64[100] = multiply(w, x)\n" in text + "\n"  # too large: no value
    assert text.splitlines()[2].endswith("# 14850.0")
    assert "14850" not in str(g)
    assert fad.make_graph(fnp.log)(2.0).format(values=True, precision=2).splitlines()[1].endswith("# 0.69")


# ---------------------------------------------------------------------------
# constants


def test_small_constants_are_inline_and_large_ones_by_shape() -> None:
    big = np.linspace(0.0, 1.0, 50)
    other = np.ones((4, 5))

    def f(x: Any) -> Any:
        return fnp.sum(x * big + big) * 2.0 + fnp.sum(other) * x[0] + fnp.sum(x * np.array([1.0, 2.0]).sum())

    text = str(fad.make_graph(f)(np.ones(50)))
    lines = text.splitlines()
    assert lines[1] == "    c1: float64[50] = <constant>"
    assert "multiply(x, c1)" in text and "add(v1, c1)" in text  # the same array, the same name
    assert "multiply(v3, 2.0)" in text
    assert "c2" not in text  # fnp.sum(other) of a constant is a constant: folded, not recorded
    g = fad.make_graph(lambda x: x @ other + fnp.array([1.0, -0.5, 0.0, 2.0, 3.0]))(np.ones(4))
    assert "matmul(x, c1)" in str(g) and "add(v1, [1.0, -0.5, 0.0, 2.0, 3.0])" in str(g)
    assert g.constants[0].type == "float64[4, 5]" and g.constants[0].value is None
    inline = g.equations[1].inputs[1]
    assert isinstance(inline, fad._graph.Const) and inline.inline and inline.value is not None
    assert not inline.value.flags.writeable


def test_the_graph_keeps_no_large_array_alive() -> None:
    big = np.linspace(0.0, 1.0, 10_000)
    ref = weakref.ref(big)
    g = fad.make_graph(lambda x: fnp.sum(fnp.sin(x * big)))(np.ones(10_000))
    del big
    gc.collect()
    assert ref() is None
    assert "c1: float64[10000] = <constant>" in str(g)


def test_intermediate_names_avoid_parameter_names() -> None:
    def f(v1: Any, c1: Any) -> Any:
        return v1 * c1 * np.ones(20)

    text = str(fad.make_graph(f)(1.0, 2.0))
    assert "_v1: float64[] = multiply(v1, c1)" in text
    assert "_c1: float64[20] = <constant>" in text


# ---------------------------------------------------------------------------
# names, pytrees and outputs


def test_inputs_are_named_after_parameters_and_pytree_paths() -> None:
    def f(params: Any, xs: Any, *rest: Any, scale: float = 1.0) -> Any:
        return (params["w"] * xs[0] + params["b"] * xs[1] + rest[0]) * scale

    g = fad.make_graph(f)({"w": 1.0, "b": 2.0}, (3.0, 4.0), 5.0, scale=2.0)
    assert [a.name for a in g.inputs] == ["params['b']", "params['w']", "xs[0]", "xs[1]", "rest[0]"]
    assert str(g).splitlines()[0].startswith("f(params['b']: float64[], params['w']: float64[], xs[0]")
    assert "v5: float64[] = multiply(v4, 2.0)" in str(g)  # a keyword argument is a constant


def test_static_argnums() -> None:
    def f(x: Any, n: int, flag: str) -> Any:
        for _ in range(n):
            x = fnp.sin(x)
        return x if flag == "plain" else -x

    g = fad.make_graph(f, static_argnums=(1, -1))(0.5, 3, "plain")
    assert [a.name for a in g.inputs] == ["x"]
    assert [e.primitive for e in g.equations] == ["sin"] * 3
    assert fad.make_graph(f, static_argnums=(1, 2))(0.5, 1, "neg").equations[-1].primitive == "negative"
    with pytest.raises(TypeError, match="make_graph: flag is a str.*static_argnums"):
        fad.make_graph(f, static_argnums=1)(0.5, 3, "plain")
    with pytest.raises(ValueError, match="static_argnums=5 does not fit"):
        fad.make_graph(f, static_argnums=5)(0.5, 3, "plain")
    with pytest.raises(TypeError, match="static_argnums must be an int or a tuple"):
        fad.make_graph(f, static_argnums="n")(0.5, 3, "plain")  # type: ignore[arg-type]


Point = collections.namedtuple("Point", ["x", "y"])


def test_outputs_keep_their_structure() -> None:
    def f(x: Any) -> Any:
        y = fnp.sin(x)
        return {"y": y, "pair": (x, y), "const": 3.0, "p": Point(y, 2.0 * y)}

    g = fad.make_graph(f)(1.0)
    last = str(g).splitlines()[-1]
    assert last == "    return {'const': 3.0, 'p': Point(x=v1, y=v2), 'pair': (x, v1), 'y': v1}"
    assert g.output_paths == ("['const']", "['p'].x", "['p'].y", "['pair'][0]", "['pair'][1]", "['y']")
    assert g.outputs[3] is g.inputs[0]  # an input returned as it is
    assert str(fad.make_graph(lambda x: [x * 2.0])(1.0)).endswith("return [v1]")


def test_names_of_transformed_and_anonymous_functions() -> None:
    def f(x: Any) -> Any:
        return fnp.sum(fnp.exp(x))

    x = np.ones(2)
    assert fad.make_graph(fad.grad(f))(x).name == "grad(f)"
    assert fad.make_graph(fad.hessian(f))(x).name == "hessian(f)"
    assert fad.make_graph(fad.jacfwd(fad.jacrev(f)))(x).name == "jacfwd(jacrev(f))"
    assert fad.make_graph(fad.elementwise_grad(fnp.sin))(x).name == "elementwise_grad(sin)"
    assert fad.make_graph(lambda x: x + 1.0)(x).name == "lambda"
    assert fad.make_graph(functools.partial(lambda x, y: x * y, y=2.0))(x).name == "partial(lambda)"


# ---------------------------------------------------------------------------
# the derivative program


def test_grad_program_is_the_backward_sweep() -> None:
    def f(x1: Any, x2: Any) -> Any:
        return fnp.log(x1) + x1 * x2 - fnp.sin(x2)

    g = fad.make_graph(fad.grad(f, argnums=(0, 1)))(2.0, 5.0)
    assert [e.primitive for e in g.equations] == [
        "cos", "multiply", "multiply", "multiply", "add", "divide", "multiply", "add",
    ]
    dx1, dx2 = fad.grad(f, argnums=(0, 1))(2.0, 5.0)
    assert [float(o.value) for o in g.outputs] == [float(dx1), float(dx2)]  # type: ignore[arg-type]
    assert float(dx1) == pytest.approx(5.5) and float(dx2) == pytest.approx(2.0 - np.cos(5.0))


def test_second_derivative_program() -> None:
    g = fad.make_graph(fad.grad(fad.grad(fnp.sin)))(0.5)
    assert g.outputs[0].value is not None
    assert float(g.outputs[0].value) == pytest.approx(-np.sin(0.5))
    assert "sin" in [e.primitive for e in g.equations]


def test_value_and_grad_program_lists_forward_and_backward() -> None:
    def f(x: Any, y: Any, z: Any) -> Any:
        return (x + y) * z

    g = fad.make_graph(fad.value_and_grad(f, argnums=(0, 1, 2)))(-2.0, 5.0, -4.0)
    assert [float(o.value) for o in g.outputs] == [-12.0, -4.0, -4.0, 3.0]  # type: ignore[arg-type]
    assert str(g).endswith("return (v2, (v3, v3, v4))")


def test_jvp_program_names_primals_and_tangents() -> None:
    def f(x: Any, y: Any) -> Any:
        return fnp.sin(x) * y

    g = fad.make_graph(fad.jvp(f))((0.5, 2.0), (1.0, 0.0))
    assert g.name == "jvp(f)"
    assert [a.name for a in g.inputs] == ["primals[0]", "primals[1]", "tangents[0]", "tangents[1]"]
    out, tangent = fad.jvp(f)((0.5, 2.0), (1.0, 0.0))
    assert [float(o.value) for o in g.outputs] == [float(out), float(tangent)]  # type: ignore[arg-type]
    assert "cos(primals[0])" in str(g)


def test_escaped_tracer_output_is_refused() -> None:
    kept: list[Any] = []

    def keep(x: Any) -> Any:
        kept.append(x)
        return x * 2.0

    fad.grad(keep)(1.0)
    with pytest.raises(fad.EscapedTracerError, match="make_graph"):
        fad.make_graph(lambda x: (x, kept[0]))(1.0)


# ---------------------------------------------------------------------------
# DOT


def _check_dot(dot: str) -> None:
    assert dot.startswith("digraph ") and dot.endswith("}")
    body = re.sub(r'"(?:[^"\\]|\\.)*"', '""', dot)  # quoted strings out of the way
    assert body.count('"') % 2 == 0
    assert body.count("{") == body.count("}") == 1
    assert body.count("[") == body.count("]")
    defined = set(re.findall(r"^  (\w+) \[label=", dot, re.M))
    edges = re.findall(r"^  (\w+) -> (\w+)", dot, re.M)
    assert edges
    for a, b in edges:
        assert a in defined and b in defined, (a, b)
    assert len(defined) == len(re.findall(r"^  (\w+) \[label=", dot, re.M))  # no node twice


def _graphs() -> Iterator[fad.Graph]:
    big = np.ones((3, 4))

    def f(p: Any, x: Any) -> Any:
        h = fnp.tanh(x @ p["w"] + p["b"]) @ big
        return {"loss": fnp.sum(h ** 2), 'say "hi"\\': h}

    p = {"w": np.ones((2, 3)), "b": np.zeros(3)}
    yield fad.make_graph(f)(p, np.ones(2))
    yield fad.make_graph(fad.grad(lambda p, x: f(p, x)["loss"]))(p, np.ones(2))
    yield fad.make_graph(lambda x: 2.0)(1.0)
    yield fad.make_graph(lambda x: x)(1.0)


def test_dot_is_valid() -> None:
    for g in _graphs():
        _check_dot(g.to_dot())
        _check_dot(g.to_dot(values=True, rankdir="TB"))


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot program is not installed")
def test_graphviz_reads_the_dot() -> None:
    for g in _graphs():
        r = subprocess.run(["dot", "-Tsvg"], input=g.to_dot(values=True), capture_output=True, text=True)
        assert r.returncode == 0 and not r.stderr, r.stderr
        assert "<svg" in r.stdout


def test_committed_dot_files_are_what_the_code_draws() -> None:
    gen = _gen_graphs()
    assert gen.GRAPHS, "no graphs"
    for name in gen.GRAPHS:
        path = GRAPHS_DIR / f"{name}.dot"
        assert path.read_text() == gen.dot_text(name), (
            f"{path} is out of date: run python docs/graphs/gen_graphs.py and commit the results"
        )
        assert (GRAPHS_DIR / f"{name}.svg").exists()


def test_output_is_deterministic() -> None:
    def f(x: Any, y: Any) -> Any:
        return fnp.sin(x) * y + np.arange(20.0)

    first = fad.make_graph(fad.grad(lambda x, y: fnp.sum(f(x, y))))(np.ones(20), 2.0)
    for _ in range(3):  # more nodes, tracers and levels made in between
        fad.grad(lambda x: fnp.sum(f(x, 1.0)))(np.ones(20))
    again = fad.make_graph(fad.grad(lambda x, y: fnp.sum(f(x, y))))(np.ones(20), 2.0)
    assert str(first) == str(again)
    assert first.to_dot(values=True) == again.to_dot(values=True)
    # and across processes: the committed DOT files (test above) were drawn by another one


# ---------------------------------------------------------------------------
# depth, immutability, notebooks


def test_a_deep_graph_prints_without_recursion() -> None:
    n = 100_000

    def chain(x: Any) -> Any:
        for _ in range(n // 2):
            x = fnp.sin(x * 1.0000001)
        return x

    g = fad.make_graph(chain)(0.5)
    limit = sys.getrecursionlimit()
    assert limit <= 1000, "this test must run with Python's default recursion limit"
    text = str(g)
    lines = text.splitlines()
    assert len(lines) == n + 2 and len(g) == n
    assert lines[-2] == f"    v{n}: float64[] = sin(v{n - 1})" and lines[-1] == f"    return v{n}"
    dot = g.to_dot()
    assert dot.count(" -> ") == 2 * (n // 2) + n // 2 + 1  # two edges per multiply, one per sin, the output
    assert g._repr_svg_() is None  # too large to draw: text
    assert sys.getrecursionlimit() == limit


def test_a_deep_grad_program_prints() -> None:
    def chain(x: Any) -> Any:
        for _ in range(5000):
            x = fnp.sin(x)
        return x

    g = fad.make_graph(fad.grad(chain))(0.5)
    assert len(str(g).splitlines()) == len(g) + 2 and len(g) > 10_000


def test_graph_is_immutable() -> None:
    g = fad.make_graph(lambda x: fnp.sin(x) * np.ones(3))(np.zeros(3))
    with pytest.raises(AttributeError, match="immutable"):
        g.name = "other"
    with pytest.raises(AttributeError, match="immutable"):
        del g.equations
    with pytest.raises(AttributeError):
        g.extra = 1
    for part in (g.inputs, g.constants, g.equations, g.outputs, g.output_paths):
        assert type(part) is tuple
    with pytest.raises(AttributeError):
        g.equations[0].out.name = "w"  # type: ignore[misc]
    value = g.inputs[0].value
    assert value is not None and not value.flags.writeable
    with pytest.raises(ValueError):
        value[0] = 1.0


def test_graph_pickles_and_copies() -> None:
    g = fad.make_graph(fad.grad(lambda x: fnp.sum(fnp.sin(x) * np.ones(20))))(np.zeros(20))
    for h in (pickle.loads(pickle.dumps(g)), copy.copy(g), copy.deepcopy(g)):
        assert isinstance(h, fad.Graph)
        assert str(h) == str(g) and h.to_dot(values=True) == g.to_dot(values=True)


class _FakeSource:
    def __init__(self, source: str) -> None:
        self.source = source

    def pipe(self, format: str, encoding: str) -> str:
        assert format == "svg" and encoding == "utf-8"
        return "<svg>" + str(self.source.count("->")) + "</svg>"


def test_notebook_picture_with_graphviz(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("graphviz")
    fake.Source = _FakeSource  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "graphviz", fake)
    g = fad.make_graph(lambda x: fnp.sin(x) * 2.0)(1.0)
    assert g._repr_svg_() == "<svg>4</svg>"
    bundle = g._repr_mimebundle_()
    assert bundle == {"text/plain": str(g), "image/svg+xml": "<svg>4</svg>"}
    assert g._repr_mimebundle_(exclude=["image/svg+xml"]) == {"text/plain": str(g)}


def test_notebook_text_without_graphviz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "graphviz", None)  # import graphviz raises ImportError
    g = fad.make_graph(lambda x: fnp.sin(x))(1.0)
    assert g._repr_svg_() is None
    assert g._repr_mimebundle_() == {"text/plain": str(g)}

    broken = types.ModuleType("graphviz")

    class NoDot:
        def __init__(self, source: str) -> None:
            pass

        def pipe(self, **kwargs: Any) -> str:
            raise RuntimeError("failed to execute 'dot'")

    broken.Source = NoDot  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "graphviz", broken)
    assert g._repr_svg_() is None


def test_import_fad_does_not_import_graphviz() -> None:
    code = "import sys, fad; fad.make_graph(lambda x: x * 2.0)(1.0); print('graphviz' in sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "False"


def test_old_node_level_views_still_work() -> None:
    seen: dict[str, Any] = {}

    def f(x: Any) -> Any:
        y: Any = fnp.sin(x)
        seen["text"] = y.format_graph()
        seen["node"] = y.node
        return y

    fad.grad(f)(1.0)
    assert seen["text"] == fad.format_graph([seen["node"]]) == "%0 = input : float64[]\n%1 = sin(%0) : float64[]"
    assert fad.to_dot([seen["node"]]) == (  # numbered per graph, as format_graph is
        'digraph fad {\n  rankdir=LR;\n  n0 [label="input\\nfloat64[]"];\n'
        '  n1 [label="sin\\nfloat64[]"];\n  n0 -> n1;\n}'
    )


def test_a_node_with_several_outputs_prints_as_a_tuple_and_its_parts() -> None:
    @fad.custom_vjp
    def f(x: Any) -> Any:
        return fnp.sin(x), fnp.cos(x)

    f.defvjp(lambda x: (f(x), x), lambda r, ct: (ct[0] * fnp.cos(r) - ct[1] * fnp.sin(r),))
    text = str(fad.make_graph(lambda x: f(x)[0] * f(x)[1])(0.3))
    assert "v1: tuple[3] = custom_vjp_call[call=f](x)" in text
    assert "v2: float64[] = custom_part[index=0, count=3](v1)" in text
    assert "tuple" in fad.make_graph(fad.grad(lambda x: f(x)[0]))(0.3).to_dot()
