"""The package's imports form no circle: every module can be understood, and imported, from
the ones below it. Imports inside functions and under TYPE_CHECKING count too, since each is
a dependency a reader must follow. (The layers themselves are import-linter's contracts.)"""

from __future__ import annotations

import ast
from pathlib import Path

import cpuviz

PACKAGE = Path(cpuviz.__file__).resolve().parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, modules: set[str]) -> set[str]:
    """The cpuviz modules `path` imports anywhere in it: `from a.b import c` is a.b.c where
    that is a module, else a.b."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}".rstrip(".")
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in modules else base)
    return {name for name in found if name in modules and name != here}


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(path) for path in paths}
    return {module_name(path): imported_modules(path, modules) for path in paths}


def find_circle(graph: dict[str, set[str]]) -> list[str]:
    """One circle of imports as [a, b, …, a], or [] when there is none (depth-first search)."""
    state: dict[str, str] = {}  # "open" while on the current path, "done" after
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = "open"
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state and (circle := visit(target)):
                return circle
        path.pop()
        state[module] = "done"
        return []

    for module in sorted(graph):
        if module not in state and (circle := visit(module)):
            return circle
    return []


def test_the_walk_sees_imports_at_module_level_and_inside_functions():
    graph = import_graph()
    assert "cpuviz.options" in graph["cpuviz.cli.arguments.parser"]  # at the top of the module
    assert "cpuviz.cli.window" in graph["cpuviz.cli.main"]  # inside run_gui's caller
    assert "cpuviz.bridge.run_feed" in graph["cpuviz.cli.snapshot"]  # under TYPE_CHECKING


def test_a_circle_is_found_when_there_is_one():
    assert find_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_circle({"a": {"b"}, "b": set(), "c": {"a"}}) == []


def test_no_module_of_cpuviz_imports_one_that_imports_it_back():
    assert find_circle(import_graph()) == []
