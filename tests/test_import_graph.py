"""Our packages' imports: no cycles (counting imports inside functions), and the leaf packages import
only what the architecture allows (docs/architecture.md, "Packages").

The graph is read from the source with ``ast`` (nothing is imported): an edge for every ``import`` and
``from ... import`` at module level or inside a function, except under ``if TYPE_CHECKING:``. One kind of
edge may close a loop: the app factory's deferred import of the installed-features list
(``bot/app/installed.py`` is the root of the app; it names features whose CLIs build contexts).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from tests.support import ROOT

PACKAGES = ("bot", "flows", "nlu", "signposting", "safeguarding")
MAY_IMPORT = {  # leaf packages: which of our other packages each may import
    "safeguarding": set(),
    "nlu": set(),
    "signposting": set(),
    "flows": {"nlu", "signposting", "safeguarding"},
}
# The installed list is imported inside a function by these three only: the app factory, the table list, and
# the lazy CLI (bot/cli/main.py imports a feature's commands when one runs, so `waymark db upgrade` is fast).
DEFERRED_ROOT = {
    ("bot.app.context", "bot.app.installed"),
    ("bot.storage.tables", "bot.app.installed"),
    ("bot.cli.main", "bot.app.installed"),
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                found[_module_name(path)] = path
    return found


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement with whether it runs at module level, skipping TYPE_CHECKING blocks."""

    def walk(node: ast.AST, top: bool) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                for other in child.orelse:
                    yield from walk(other, top)
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                yield child, top
            inner = top and not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            yield from walk(child, inner)

    yield from walk(tree, True)


def import_graph(modules: Mapping[str, Path]) -> dict[str, dict[str, bool]]:
    """module -> {imported module: True if any import of it runs at module level}."""
    graph: dict[str, dict[str, bool]] = {}
    for name, path in modules.items():
        edges: dict[str, bool] = {}
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node, top in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*anchor, *([base] if base else [])])
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    edges[target] = edges.get(target, False) or top
        graph[name] = edges
    return graph


def cycles(graph: Mapping[str, Mapping[str, bool]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _without_deferred_root(graph: dict[str, dict[str, bool]]) -> dict[str, dict[str, bool]]:
    return {
        src: {dst: top for dst, top in edges.items() if top or (src, dst) not in DEFERRED_ROOT}
        for src, edges in graph.items()
    }


def test_no_import_cycles_in_our_packages() -> None:
    graph = import_graph(_modules())
    assert len(graph) > 200  # the walk found our modules
    assert cycles(_without_deferred_root(graph)) == []


def test_only_the_app_factory_the_tables_and_the_cli_defer_importing_the_installed_list() -> None:
    graph = import_graph(_modules())
    deferred = {(src, dst) for src, edges in graph.items() for dst, top in edges.items() if not top}
    assert {pair for pair in deferred if pair[1] == "bot.app.installed"} == DEFERRED_ROOT


def test_the_cycle_finder_finds_a_cycle_through_a_function_level_import() -> None:
    graph = {"a": {"b": True}, "b": {"c": False}, "c": {"a": True}, "d": {"a": True}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b": True}, "b": {}}) == []


def test_the_leaf_packages_import_only_what_they_may() -> None:
    graph = import_graph(_modules())
    wrong = sorted(
        (src, dst)
        for src, edges in graph.items()
        if (leaf := src.split(".")[0]) in MAY_IMPORT
        for dst in edges
        if (other := dst.split(".")[0]) != leaf and other not in MAY_IMPORT[leaf]
    )
    assert wrong == []


def test_no_leaf_package_mentions_import_bot() -> None:
    """The text check of `rg "import bot" flows nlu signposting safeguarding` (docstrings included)."""
    pattern = re.compile(r"import bot")
    hits = [
        str(path.relative_to(ROOT))
        for package in MAY_IMPORT
        for path in (ROOT / package).rglob("*")
        if path.is_file()
        and path.suffix in (".py", ".yml", ".yaml", ".md", ".json", ".txt")
        and pattern.search(path.read_text(encoding="utf-8", errors="ignore"))
    ]
    assert hits == []
