"""How the package's modules depend on each other.

* No import cycles: the module-level import graph of ``wlnet`` (read statically with ast;
  an import inside a function runs on first use and does not count) has no cycle.
* The core stands alone: a session that evaluates ``Range[3]`` has not imported Numba,
  wlnet.net or wlnet.kernels (checked in a fresh interpreter).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import wlnet

PACKAGE_DIR = Path(wlnet.__file__).parent
ROOT = PACKAGE_DIR.parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE_DIR.rglob("*.py"))}


def _module_level_imports(tree: ast.Module):
    """The import statements that run when the module is imported: those outside
    functions (class bodies and module-level if/try blocks run), except under
    ``if TYPE_CHECKING:``."""
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
        else:
            stack.extend(ast.iter_child_nodes(node))


def _target(base: str, modules: dict) -> str | None:
    """The package module ``base`` names, or its nearest enclosing module."""
    while base and base not in modules:
        base = base.rpartition(".")[0]
    return base or None


def _all_imports(tree: ast.Module):
    """Every import statement of a module, those inside functions included."""
    return (node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom)))


def import_graph(lazy: bool = False) -> dict[str, set[str]]:
    """module -> the wlnet modules it imports at module level (``lazy``: anywhere, inside
    functions too)."""
    modules = all_modules()
    imports = _all_imports if lazy else _module_level_imports
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges = set()
        for node in imports(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                bases = [a.name for a in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[:len(anchor) - (node.level - 1)]
                    base = ".".join(anchor + ([base] if base else []))
                # from pkg import sub: the submodule when there is one
                bases = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                         for a in node.names]
            for base in bases:
                if base == "wlnet" or base.startswith("wlnet."):
                    target = _target(base, modules)
                    if target is not None and target != name:
                        edges.add(target)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected component of more than one module."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []

    def strongconnect(v):                    # Tarjan's algorithm
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(component)

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(graph) + 100))
    try:
        for v in sorted(graph):
            if v not in index:
                strongconnect(v)
    finally:
        sys.setrecursionlimit(limit)
    return [_cycle_in(graph, component) for component in components]


def _cycle_in(graph, component: set) -> list[str]:
    """A shortest cycle through the component's first module (breadth-first)."""
    start = min(component)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph[v] & component):
                if w == start:
                    return paths[v] + [start]
                if w not in paths:
                    paths[w] = paths[v] + [w]
                    nxt.append(w)
        frontier = nxt
    return [start]


def test_the_graph_sees_module_level_imports_only():
    graph = import_graph()
    assert "wlnet.core.registry" in graph["wlnet.core.evaluator"]
    assert "wlnet.core.numeric_array" in graph["wlnet.builtins.numeric_array"]
    # Session loads the builtins inside __init__: a lazy import, not an edge
    assert not any(m.startswith("wlnet.builtins") for m in graph["wlnet.core.session"])


def test_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_core_imports_nothing_above_it():
    graph = import_graph()
    above = ("wlnet.builtins", "wlnet.net", "wlnet.kernels", "wlnet.repl", "wlnet.cli",
             "wlnet.notebook", "wlnet.graphics")
    wrong = sorted((m, t) for m, ts in graph.items() if m.startswith("wlnet.core")
                   for t in ts if t.startswith(above))
    assert not wrong, wrong


@pytest.mark.parametrize("lazy", [False, True], ids=["module-level", "with-lazy-imports"])
def test_no_import_cycles(lazy):
    """No cycles, also counting imports inside functions (a lazy import that closes a circle
    only hides a knot in the design)."""
    found = cycles(import_graph(lazy))
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)


def run_probe(code: str):
    """Run ``code`` in a fresh interpreter (nothing imported yet) and return its result."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    return out


def test_a_core_session_does_not_load_the_net_framework():
    probe = (
        "import sys, wlnet\n"
        "s = wlnet.Session(echo=False)\n"
        "assert str(s.evaluate('Range[3]')) == 'List[1, 2, 3]', s.evaluate('Range[3]')\n"
        "s.evaluate('f[x_] := x^2; Table[f[i], {i, 3}]; NumericArray[{1, 2}]; ?Plus')\n"
        "print(sorted(m for m in sys.modules if m == 'numba' or m.startswith(\n"
        "    ('numba.', 'wlnet.net', 'wlnet.kernels', 'wlnet.builtins.net', 'wlnet.builtins.train'))))\n"
    )
    out = run_probe(probe)
    assert out.stdout.strip() == "[]", out.stdout


def test_a_net_symbol_loads_the_net_framework_on_first_use():
    probe = (
        "import sys, wlnet\n"
        "s = wlnet.Session(echo=False)\n"
        "names = s.evaluate('Names[\"NetCh*\"]')\n"
        "before = 'wlnet.net' in sys.modules\n"
        "usage = s.evaluate('NetChain::usage').value\n"
        "net = s.evaluate('NetChain[{LinearLayer[2, \"Input\" -> 3]}]')\n"
        "print(names, before, usage.startswith('NetChain[{layer1'), 'wlnet.net' in sys.modules,\n"
        "      net.head, s.messages)\n"
    )
    out = run_probe(probe)
    assert out.stdout.split() == ['List["NetChain"]', "False", "True", "True",
                                  "Symbol('NetChain')", "[]"], out.stdout


def test_net_symbols_answer_before_their_first_use():
    # every session is made before the net builtins load: each query must load them or
    # install them in its own session, and answer as a session with them loaded does
    probe = (
        "import wlnet\n"
        "from wlnet.syntax.printer import input_form\n"
        "queries = ['Options[NetChain]', 'Attributes[NetTrain]', 'Context[NetGraph]',\n"
        "           '?NetInitialize', 'NetDecoder::usage', 'NetChain = 1']\n"
        "sessions = [wlnet.Session(echo=False) for _ in queries]\n"
        "for s, q in zip(sessions, queries):\n"
        "    r = s.evaluate(q)\n"
        "    print(repr([input_form(r), s.output, s.messages]))\n"
    )
    lines = [ast.literal_eval(line) for line in run_probe(probe).stdout.splitlines()]
    assert lines[0] == ["{LearningRateMultipliers -> Automatic}", [], []]
    assert lines[1] == ["{Protected}", [], []]
    assert lines[2] == ['"System`"', [], []]
    assert lines[3][0] == "Null" and lines[3][1][0].startswith("NetInitialize[net] gives a net")
    assert lines[4][0].startswith('"NetDecoder[{')
    assert lines[5][0] == "1" and lines[5][2] == ["Set::wrsym: Symbol NetChain is Protected."]


def test_a_net_module_imported_on_its_own_brings_its_whole_group():
    # wlnet.builtins.net alone registers NetChain but not net[data] (net_evaluation) or
    # NetTrain (train): a session made afterwards completes the group
    probe = (
        "import sys, wlnet\n"
        "import wlnet.builtins.net\n"
        "s = wlnet.Session(echo=False)\n"
        "out = s.evaluate('NetInitialize[LinearLayer[1, \"Input\" -> 1, \"Weights\" -> {{2}}, "
        "\"Biases\" -> {1}]][{3}]')\n"
        "print([x.value for x in out.args], 'wlnet.builtins.train' in sys.modules, s.messages)\n"
    )
    assert run_probe(probe).stdout.split() == ["[7.0]", "True", "[]"]
