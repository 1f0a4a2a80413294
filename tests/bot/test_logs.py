import json
import logging
import subprocess
import sys
from pathlib import Path

from bot.logs import JsonFormatter
from bot.masking import MaskingFilter, SecretMask
from tests.builders import FERRY_STORY, make_dump

ROOT = Path(__file__).resolve().parents[2]


def record(message: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord("bot.test", logging.WARNING, __file__, 1, message, args, exc_info)


def test_a_record_is_one_json_object_with_its_traceback() -> None:
    try:
        raise ValueError("bad input")
    except ValueError as error:
        line = JsonFormatter().format(record("feed %s failed", "https://example.test/rss", exc=error))
    assert "\n" not in line
    data = json.loads(line)
    assert data["level"] == "WARNING" and data["logger"] == "bot.test"
    assert data["message"] == "feed https://example.test/rss failed"
    assert "ValueError: bad input" in data["exception"]
    assert data["time"].endswith("+00:00")


def test_secrets_are_masked_before_the_json_is_written() -> None:
    item = record("calling https://api.test/bot%s/getMe", "123:SECRET")
    assert MaskingFilter(SecretMask(["123:SECRET"])).filter(item)
    line = JsonFormatter().format(item)
    assert "SECRET" not in line and "***" in line


def test_log_format_json_makes_the_command_log_json(tmp_path: Path) -> None:
    """A real run: `articlebot -v ingest FILE` with LOG_FORMAT=json logs JSON lines on stderr."""
    story = tmp_path / "story.txt"
    story.write_text(make_dump(*FERRY_STORY), encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "bot",
        "--db",
        f"sqlite:///{tmp_path / 'x.db'}",
        "-v",
        "ingest",
        str(story),
    ]
    environment = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "LOG_FORMAT": "json",
        "EMBEDDING_MODEL": "none",
    }
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=120, env=environment, cwd=tmp_path, check=False
    )
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.strip()]
    assert any(line["message"].startswith(f"parsed {story}") for line in lines), done.stderr
    assert "1 added" in done.stdout
