"""The house shows its architecture: the layer rules of the packages, checked on the source (AST only).

Three parts (README, "Layout"): the library (the ``sms_estate`` root modules and ``messaging``,
``registrations``, ``tracking``), the YAML app (``sms_estate.yaml_app``) and the tools
(``sms_estate.cli``); beside them the Lambda side, ``sms_runtime``. The rules:

* no import cycles between modules (a reader of a cycle cannot understand either module alone);
* the library never imports the YAML app or the tools; the YAML app never imports the tools;
* ``sms_runtime`` never imports ``sms_estate`` (it ships alone in the Lambda asset);
* ``yaml_app/app_builder.py`` and ``yaml_app/stacks/*`` take library names only from ``sms_estate``
  itself, the public API, as any other client of the library does;
* ``sms_runtime.registration.field_definitions`` is the public facade of the field-definition
  modules: it holds no code, and no module of its own package imports it.

Every import counts: module-level, inside functions (lazy imports) and under ``TYPE_CHECKING``, since a
reader follows all of them. Python runs a package's ``__init__`` before its submodules; that implicit
step is not an edge here (``from pkg import name`` is an edge to ``pkg.name`` when that is a module,
else to ``pkg``), as in import-linter. Nothing here imports the packages, so no CDK is loaded.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (ROOT / "constructs" / "sms_estate", ROOT / "custom_resources" / "sms_runtime")

LIBRARY_PACKAGES = ("sms_estate.messaging", "sms_estate.registrations", "sms_estate.tracking")
PUBLIC_API = "sms_estate"
FACADE = "sms_runtime.registration.field_definitions"


@dataclass(frozen=True)
class Import:
    """One import statement's target, resolved to a module of the graph when it names one."""

    source: str  # the importing module
    target: str  # the module imported (the longest known prefix of the dotted name)
    named: str  # the dotted name as written (resolved if relative), for messages
    line: int


@dataclass(frozen=True)
class Graph:
    modules: Mapping[str, Path]
    imports: tuple[Import, ...]

    def edges(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {name: set() for name in self.modules}
        for edge in self.imports:
            if edge.target in self.modules and edge.target != edge.source:
                found[edge.source].add(edge.target)
        return found


def module_name(root: Path, path: Path) -> str:
    """``<root>/a/b.py`` -> ``<root name>.a.b``; a package's ``__init__.py`` is the package."""
    parts = [root.name, *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def _resolve(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The absolute dotted name of a ``from`` import (``level`` dots relative to ``module``)."""
    if level == 0:
        return name or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


def _known(dotted: str, modules: Mapping[str, Path]) -> str:
    """The longest prefix of ``dotted`` that is a module of the graph (or ``dotted`` itself if none)."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return dotted


def build_graph(roots: Iterable[Path]) -> Graph:
    """Every module under ``roots`` and every import in it, at any depth of its syntax tree."""
    paths = {
        module_name(root, path): path
        for root in roots
        for path in sorted(root.rglob("*.py"))
        if "__pycache__" not in path.parts
    }
    imports: list[Import] = []
    for module, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    imports.append(Import(module, _known(alias.name, paths), alias.name, node.lineno))
            elif isinstance(node, ast.ImportFrom):
                package = _resolve(module, _is_package(path), node.level, node.module)
                for alias in node.names:
                    submodule = f"{package}.{alias.name}"
                    target = submodule if submodule in paths else _known(package, paths)
                    imports.append(Import(module, target, submodule if submodule in paths else package, node.lineno))
    return Graph(paths, tuple(imports))


def find_cycles(edges: Mapping[str, set[str]]) -> list[list[str]]:
    """One cycle path (``[a, b, ..., a]``) per strongly connected component that has one (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(node: str) -> None:  # recursive: the module graph is a few hundred nodes deep at most
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(edges.get(node, ())):
            if succ not in index:
                connect(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return [_cycle_through(component, edges) for component in sorted(components)]


def _cycle_through(component: list[str], edges: Mapping[str, set[str]]) -> list[str]:
    """The shortest cycle from the component's first module back to itself (breadth first)."""
    start, members = component[0], set(component)
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for succ in sorted(edges[node] & members):
                if succ == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [start, *reversed(path[:-1]), start] if len(path) > 1 else [start, node, start]
                if succ not in came_from:
                    came_from[succ] = node
                    following.append(succ)
        frontier = following
    raise AssertionError(f"no cycle through {start}")  # pragma: no cover - a component always has one


def _within(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def is_library(module: str, modules: Mapping[str, Path]) -> bool:
    """The ``sms_estate`` package, its root modules (files, not subpackages) and the library subpackages."""
    if module == PUBLIC_API or _within(module, *LIBRARY_PACKAGES):
        return True
    parts = module.split(".")
    return len(parts) == 2 and parts[0] == PUBLIC_API and not _is_package(modules.get(module, Path("x.py")))


def _lines(found: Iterable[Import]) -> str:
    return "\n".join(f"  {i.source} (line {i.line}) imports {i.named}" for i in found)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph(SOURCES)


def test_the_graph_reads_every_kind_of_import(tmp_path: Path) -> None:
    """The builder itself: function-level, ``TYPE_CHECKING`` and relative imports are edges; a cycle is named."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.sub import b\n")
    (package / "sub" / "b.py").write_text("def later():\n    from ..c import thing\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pkg.a\nthing = 1\n")
    (package / "d.py").write_text("from . import c\nimport os\n")
    built = build_graph([package])
    edges = built.edges()
    assert edges["pkg.a"] == {"pkg.sub.b"} and edges["pkg.sub.b"] == {"pkg.c"} and edges["pkg.c"] == {"pkg.a"}
    assert edges["pkg.d"] == {"pkg.c"}
    assert find_cycles(edges) == [["pkg.a", "pkg.sub.b", "pkg.c", "pkg.a"]]
    (package / "c.py").write_text("thing = 1\n")
    assert find_cycles(build_graph([package]).edges()) == []


def test_the_graph_covers_both_packages(graph: Graph) -> None:
    edges = graph.edges()
    assert "sms_estate.cli.diff.rules" in edges["sms_estate.cli.diff.consequences"]
    assert "sms_runtime.contract" in edges["sms_estate.cli.diff.replacement"]
    assert len(graph.modules) > 150


def test_no_import_cycles_between_modules(graph: Graph) -> None:
    cycles = find_cycles(graph.edges())
    assert not cycles, "import cycles (each a module chain back to its start):\n" + "\n".join(
        "  " + " -> ".join(cycle) for cycle in cycles
    )


def test_the_library_never_imports_the_yaml_app_or_the_tools(graph: Graph) -> None:
    wrong = [
        i
        for i in graph.imports
        if is_library(i.source, graph.modules) and _within(i.named, "sms_estate.yaml_app", "sms_estate.cli")
    ]
    assert not wrong, "the library imports the YAML app or the tools:\n" + _lines(wrong)


def test_the_yaml_app_never_imports_the_tools(graph: Graph) -> None:
    wrong = [
        i for i in graph.imports if _within(i.source, "sms_estate.yaml_app") and _within(i.named, "sms_estate.cli")
    ]
    assert not wrong, "the YAML app imports the tools:\n" + _lines(wrong)


def test_the_runtime_never_imports_the_constructs(graph: Graph) -> None:
    wrong = [i for i in graph.imports if _within(i.source, "sms_runtime") and _within(i.named, "sms_estate")]
    assert not wrong, "sms_runtime imports sms_estate (it ships alone in the Lambda asset):\n" + _lines(wrong)


def test_only_the_command_line_entry_imports_a_command(graph: Graph) -> None:
    """A command module is a leaf: what two commands share (``diff`` revisions, synthesis) lives outside them."""
    wrong = [
        i
        for i in graph.imports
        if _within(i.named, "sms_estate.cli.commands")
        and i.named != "sms_estate.cli.commands"
        and not _within(i.source, "sms_estate.cli.commands", "sms_estate.cli.main")
    ]
    assert not wrong, "a module outside the command line's entry imports a command:\n" + _lines(wrong)


# Library modules the YAML app may import although they are not public, each with its reason.
PRIVATE_IMPORTS_ALLOWED = {
    ("sms_estate.yaml_app.bulk.rollout_workflow", "sms_estate.runtime_function"): (
        "the bulk rollout's row step and starter run the library's Lambda asset on the library's runtime "
        "settings; a second declaration would let them drift apart"
    ),
    ("sms_estate.yaml_app.bulk.rollout_workflow", "sms_estate.ledger_table"): (
        "the bulk ledger is the same table shape as the tracker's ledger (one definition of its keys, "
        "encryption and retention)"
    ),
}


def test_the_yaml_app_uses_only_the_public_api(graph: Graph) -> None:
    """The YAML app is a client of the library like any other app: names come from ``sms_estate``."""
    wrong = [
        i
        for i in graph.imports
        if _within(i.source, "sms_estate.yaml_app")
        and i.target != PUBLIC_API
        and is_library(i.target, graph.modules)
        and (i.source, i.target) not in PRIVATE_IMPORTS_ALLOWED
    ]
    assert not wrong, "take library names from `sms_estate` (the public API), not its modules:\n" + _lines(wrong)


def test_every_allowed_private_import_still_exists_and_has_a_reason(graph: Graph) -> None:
    present = {(i.source, i.target) for i in graph.imports}
    assert set(PRIVATE_IMPORTS_ALLOWED) <= present
    assert all(len(reason) > 40 for reason in PRIVATE_IMPORTS_ALLOWED.values())


def test_the_field_definitions_facade_holds_no_code_and_sits_on_top(graph: Graph) -> None:
    tree = ast.parse(graph.modules[FACADE].read_text(encoding="utf-8"))
    code = [
        node.lineno
        for node in tree.body
        if not isinstance(node, ast.Import | ast.ImportFrom | ast.Expr)
        and not (isinstance(node, ast.Assign) and [ast.unparse(t) for t in node.targets] == ["__all__"])
    ]
    assert not code, f"{FACADE} should only re-export; code on lines {code}"
    inside = [i for i in graph.imports if _within(i.source, "sms_runtime.registration") and i.target == FACADE]
    assert not inside, "import the module that owns the concern, not the facade:\n" + _lines(inside)
