"""Dependencies point one way: bot/ uses knowledge/'s public API, the stages of knowledge/ use only the
stages before them, and no module imports itself back through others (function-level imports included)."""

from __future__ import annotations

import ast
from pathlib import Path

import knowledge

ROOT = Path(__file__).resolve().parents[1]

# What each part of knowledge/ may import, besides models, errors and itself.
ALLOWED: dict[str, set[str]] = {
    "text": set(),
    "understand": {"text"},
    "ingest": {"text", "understand"},
    "meaning": set(),
    "storage": {"text", "meaning"},
    "search": {"text", "storage", "meaning"},
    "summarize": {"text"},
    "answer": {"text", "summarize", "meaning"},
    "links": set(),
    "library": {"text", "ingest", "understand", "storage", "search", "answer", "summarize", "meaning"},
    "__init__": {"answer", "ingest", "library", "links", "meaning", "summarize"},
}
CORE = {"models", "errors"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module of this project that ``path`` imports, at any depth of its code."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)  # `from pkg import module`
    return {name for name in found if name.split(".")[0] in ("bot", "knowledge")}


def graph() -> dict[str, set[str]]:
    paths = [*(ROOT / "knowledge").rglob("*.py"), *(ROOT / "bot").rglob("*.py")]
    modules = {module_name(p): p for p in paths}
    return {name: {m for m in imports_of(path) if m in modules and m != name} for name, path in modules.items()}


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def find_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle a depth-first walk of ``edges`` meets, each as the modules along it."""
    state: dict[str, int] = {}  # 1: on the current trail, 2: done
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    return cycles


def test_no_import_cycles() -> None:
    assert find_cycles(graph()) == []


def test_a_cycle_would_be_caught() -> None:
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_stages_of_knowledge_import_only_earlier_stages() -> None:
    wrong = []
    for module, imported in graph().items():
        if not module.startswith("knowledge"):
            continue
        for target in imported:
            if stage(target) in CORE | {stage(module)}:
                continue
            if stage(target) not in ALLOWED[stage(module)]:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_bot_imports_only_the_public_api() -> None:
    deep = [
        f"{module} -> {target}"
        for module, imported in graph().items()
        if module.startswith("bot")
        for target in imported
        if target.startswith("knowledge") and target not in ("knowledge", "knowledge.models", "knowledge.errors")
    ]
    assert deep == []


def test_public_api_is_sorted_and_complete() -> None:
    assert knowledge.__all__ == sorted(knowledge.__all__)
    assert all(hasattr(knowledge, name) for name in knowledge.__all__)
    assert {"Library", "Question", "Answer", "KnowledgeError"} <= set(knowledge.__all__)


def test_knowledge_does_not_import_telegram_or_bot() -> None:
    third_party = set()
    for path in (ROOT / "knowledge").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                third_party.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                third_party.add(node.module.split(".")[0])
    assert not third_party & {"telegram", "bot"}


def test_bot_does_not_touch_the_database_directly() -> None:
    imported = set()
    for path in (ROOT / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
    assert "sqlalchemy" not in imported
