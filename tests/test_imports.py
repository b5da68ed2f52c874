"""The import graph keeps the design: data flows one way (extract -> normalize -> validate ->
the run and the review outputs -> the CLI) and no two modules import each other, directly or
round a loop. Imports inside functions count too: a lazy import is still a dependency.

The graph is read from the source with `ast`, so the test needs nothing installed and sees
every import, taken or not."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# repository folder -> its package in the installed namespace (pyproject's package-dir)
FOLDERS = {"pipeline": "jixiao", "extract": "jixiao.extract", "normalize": "jixiao.normalize",
           "validate": "jixiao.validate"}
# layers in the order data flows; a module may import its own layer and the ones before it
LAYERS = ["jixiao.extract", "jixiao.normalize", "jixiao.validate", "jixiao.batch", "jixiao.review",
          "jixiao.cli"]


def _modules() -> dict[str, Path]:
    found = {}
    for folder, package in FOLDERS.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT / folder).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            name = ".".join([package, *parts])
            if package == "jixiao" and parts and f"jixiao.{parts[0]}" in FOLDERS.values():
                continue    # never nested in the repository, but be safe
            found[name] = path
    return found


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """jixiao modules that `name` imports, relative imports resolved."""
    is_package = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[:len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets = [module] + [f"{module}.{alias.name}" for alias in node.names]
        for target in targets:
            # the deepest known module the target names (`from .tables import clean` -> .tables)
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _layer(module: str) -> int | None:
    for i, prefix in reversed(list(enumerate(LAYERS))):
        if module == prefix or module.startswith(prefix + "."):
            return i
    return None          # the jixiao package root (the API): may use every layer


def _is_ancestor(package: str, module: str) -> bool:
    return module.startswith(package + ".")


def test_the_graph_is_read():
    graph = _graph()
    assert "jixiao.extract.pdf_reader" in graph and "jixiao.cli" in graph
    assert "jixiao.extract.model" in graph["jixiao.normalize.self_eval"]


def test_no_import_against_the_flow():
    wrong = []
    for module, imported in _graph().items():
        mine = _layer(module)
        if mine is None:
            continue
        for target in imported:
            theirs = _layer(target)
            if target == "jixiao" or (theirs is not None and theirs > mine):
                wrong.append(f"{module} imports {target}")
    assert not wrong, "imports against the flow extract -> normalize -> validate -> batch -> review -> cli:\n" \
        + "\n".join(sorted(wrong))


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan). A package's
    __init__ importing its own submodules is not a loop: importing the package runs it first."""
    edges = {m: {t for t in ts if t in graph and not _is_ancestor(t, m) and not _is_ancestor(m, t)}
             for m, ts in graph.items()}
    index, low, on, stack, out, counter = {}, {}, set(), [], [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles():
    cycles = _cycles(_graph())
    assert not cycles, "modules that import each other (directly or round a loop):\n" + \
        "\n".join(" <-> ".join(c) for c in cycles)


@pytest.mark.parametrize("graph, expected", [
    ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
    ({"a": {"b"}, "b": set()}, []),
])
def test_cycle_finder_finds_loops(graph, expected):
    assert _cycles(graph) == expected
