"""Layers: no import cycles between tablefix modules, and the library never imports the command-line side.

Imports are read from the source (every `import` statement, also those inside functions, which are
dependencies all the same), so a cycle hidden behind a lazy import is still found."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "tablefix"
KNOWN_CORE_CYCLES: list[set[str]] = []
"""Cycles allowed between modules: none."""
SHELL = {"cli", "options", "run", "jobs", "pools", "inputs", "outputs", "progress"}
"""The command-line and batch side: the library (model, readers, repairs, detect, writers) never imports it."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Each tablefix module -> the tablefix modules it imports."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")[:len(package.split(".")) - node.level + 1]
                    base = ".".join(parent + ([node.module] if node.module else []))
                found.add(base)
                found.update(f"{base}.{a.name}" for a in node.names)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The groups of modules that import each other, directly or through others."""
    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for m in graph[todo.pop()] - seen:
                seen.add(m)
                todo.append(m)
        return seen

    reachable = {m: reach(m) for m in graph}
    groups = {frozenset(m2 for m2 in reachable[m] if m in reachable[m2]) for m in graph if m in reachable[m]}
    return [set(g) for g in groups]


def test_no_import_cycles() -> None:
    assert [c for c in cycles(imports()) if c not in KNOWN_CORE_CYCLES] == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]


def test_the_library_does_not_import_the_command_line_side() -> None:
    shell = {f"tablefix.{m}" for m in SHELL}
    graph = imports()
    library = [m for m in graph if m.split(".")[1:2] in (["model"], ["readers"], ["repairs"], ["detect"], ["writers"])]
    assert {m: graph[m] & shell for m in library if graph[m] & shell} == {}


def test_writers_do_not_import_readers_or_repairs() -> None:
    """Writers take a Document; what they share with the readers (inline Markdown) lives in a neutral module."""
    graph = imports()
    upward = {m: sorted(d for d in graph[m] if d.split(".")[1] in ("readers", "repairs", "detect"))
              for m in graph if m.startswith("tablefix.writers")}
    assert {m: d for m, d in upward.items() if d} == {}


def test_the_package_says_it_is_typed() -> None:
    """PEP 561: type checkers read tablefix's hints only when the package ships py.typed."""
    import tablefix

    assert (Path(tablefix.__file__).parent / "py.typed").is_file()
