"""The shape of the code base, as rules a change cannot break unnoticed.

Imports run downward only: faces (views, API, admin, commands, tasks) -> area services ->
the story core -> models. Read from the source with `ast`, imports inside functions
included, so a lazy import cannot hide a cycle. Imports under `if TYPE_CHECKING:` are left
out: they never run, they only name types for annotations.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("archive", "accounts", "config")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The project module `name` refers to (a module, or the package holding a name)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text())
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    targets: set[str] = set()
    type_only = {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
        for child in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                prefix = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{prefix}.{base}" if base else prefix
            names = [f"{base}.{alias.name}" for alias in node.names] or [base]
        else:
            continue
        for name in names:
            resolved = _resolve(name)
            if resolved and resolved != module:
                targets.add(resolved)
    return targets


GRAPH = {module: _imports(module) for module in MODULES}


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    return found


def _importers_of(target: str) -> set[str]:
    return {module for module, targets in GRAPH.items() if target in targets}


def test_no_module_of_the_app_is_part_of_an_import_cycle():
    assert _cycles() == []


def test_only_the_celery_app_loads_the_task_module():
    # Services enqueue tasks by name (archive/queue.py); nothing imports the tasks.
    assert _importers_of("archive.tasks") == set()


def test_the_api_reads_through_selectors_never_through_view_modules():
    for api in ("archive.contribute.api", "archive.public.api"):
        views = {t for t in GRAPH[api] if t.endswith(".views") or t.endswith(".reports")}
        assert views == set(), api


def test_the_story_core_imports_no_face_of_the_app():
    faces = ("archive.contribute", "archive.public", "archive.moderation", "archive.importers")
    for module in (m for m in MODULES if m.startswith("archive.stories")):
        assert not [t for t in GRAPH[module] if t.startswith(faces)], module
