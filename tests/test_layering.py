"""Dependencies point one way: bot/ uses knowledge/, knowledge/ knows nothing of Telegram."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(package: str) -> set[str]:
    names: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module.split(".")[0])
    return names


def test_knowledge_does_not_import_telegram_or_bot() -> None:
    assert not imported_modules("knowledge") & {"telegram", "bot"}


def test_bot_does_not_touch_the_database_directly() -> None:
    assert "sqlalchemy" not in imported_modules("bot")
