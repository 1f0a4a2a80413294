import io
import json
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.builders import FERRY_STORY, make_dump

TRAM_COURIER = (
    "GLENMOOR, (Courier) - The Glenmoor city council approved a 40-kilometre tram line on Tuesday that will "
    "link the airport with the old town by 2029.",
    "The tram line will cost 1.2 billion dollars, most of it paid by the regional government.",
    "Mayor Ines Carvalho called the council vote a turning point for Glenmoor.",
    '"We have talked about this tram for twenty years, and now we will build it," Carvalho said.',
)
TRAM_LEDGER = (
    "Glenmoor's councillors voted 31 to 9 on Tuesday to build a tram line between the airport and the "
    "old town, ending a decade of debate.",
    "The regional government will pay most of the 1.2 billion dollar cost of the tram.",
    "Work on the airport tram line starts next spring, Mayor Ines Carvalho said.",
)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    database = f"sqlite:///{tmp_path / 'cli.db'}"
    stories = {
        "ferry.txt": make_dump(*FERRY_STORY),
        "courier.txt": make_dump(*TRAM_COURIER, title="Glenmoor council approves airport tram line"),
        "ledger.txt": make_dump(*TRAM_LEDGER, title="Airport tram line wins Glenmoor council vote"),
    }
    for name, text in stories.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert main(["--db", database, "ingest", str(tmp_path / name)]) == 0
    capsys.readouterr()
    return database


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_summary_text_has_sentences_and_key_voices(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", db, "summary", "1", "--sentences", "2")
    assert code == 0
    assert out.startswith("Summary of “Harbour Town Debates New Ferry Schedule”:")
    assert "  > The Portvale harbour board voted on Monday" in out
    assert "Key voices:" in out and "• Dana Whitfield — the chair of the harbour board" in out


def test_summary_json_is_backward_compatible_and_links_voices(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--db", db, "summary", "1", "--sentences", "1", "--json")
    data = json.loads(out)
    assert code == 0
    assert {"article_id", "title", "url", "sentences", "voices"} <= set(data)
    assert data["article_id"] == 1 and len(data["sentences"]) == 1
    assert all(isinstance(s, str) for s in data["sentences"])
    assert {"name", "role", "quotes", "quote", "link"} <= set(data["voices"][0])


@pytest.mark.parametrize("count", ["0", "11"])
def test_summary_length_out_of_range(db: str, capsys: pytest.CaptureFixture[str], count: str) -> None:
    code, _, err = run(capsys, "--db", db, "summary", "1", "--sentences", count)
    assert code == 2 and "between 1 and 10" in err


def test_digest_groups_reports_of_the_same_story(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", db, "digest", "--json")
    data = json.loads(out)
    assert code == 0 and data["articles"] == 3 and data["stories"] == 2
    reports = sorted(sorted(r["id"] for r in item["reports"]) for item in data["items"])
    assert reports == [[1], [2, 3]]
    assert all(1 <= len(item["sentences"]) <= 2 for item in data["items"])


def test_digest_on_a_topic_in_plain_text(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", db, "digest", "airport", "tram")
    assert code == 0
    assert out.startswith("Stories about “airport tram” (1 story, from 2 article(s)):")
    assert "2 reports: #" in out and "Harbour" not in out


def test_digest_of_recent_days_leaves_out_undated_and_old_articles(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--db", db, "digest", "--days", "3")
    assert code == 0 and out.startswith("I have no articles from the last 3 days.")
    assert run(capsys, "--db", db, "digest", "--days", "-1")[0] == 2


def test_console_chat_answers_digest_and_summary(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("digest tram\nsummarize #1\n"))
    assert main(["--db", db, "chat"]) == 0
    out = capsys.readouterr().out
    assert "Stories about “tram” (1 story, from 2 article(s)):" in out
    assert "Summary of “" in out and "Key voices:" in out
