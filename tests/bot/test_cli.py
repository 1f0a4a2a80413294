import io
import json
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.builders import FERRY_STORY, make_dump, make_feed, make_html
from tests.site import serve_site


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)  # no stray .env, database files land here
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    return f"sqlite:///{tmp_path / 'cli.db'}"


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "ferry.txt"
    path.write_text(make_dump(*FERRY_STORY), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_ingest_then_ask_json(db: str, story: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "--db", db, "ingest", str(story))
    assert code == 0 and "Harbour Town Debates New Ferry Schedule" in out
    code, out = run(capsys, "--db", db, "ask", "who said nobody asked the island", "--json")
    data = json.loads(out)
    assert code == 0 and data["intent"] == "who_said" and data["found"]
    assert data["excerpts"][0]["speaker"] == "Priya Nair"
    assert "Priya Nair" in data["text"]


def test_ingest_twice_does_not_duplicate(db: str, story: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--db", db, "ingest", str(story))
    code, out = run(capsys, "--db", db, "ingest", str(story.parent))
    assert "(unchanged)" in out and "1 skipped" in out
    code, out = run(capsys, "--db", db, "articles", "--json")
    assert len(json.loads(out)) == 1


def test_parse_json_format(story: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "parse", str(story), "--url", "https://example.org/ferry", "--json")
    data = json.loads(out)
    assert code == 0
    assert set(data) >= {
        "title",
        "publisher",
        "published",
        "url",
        "author",
        "dateline",
        "text",
        "sentences",
        "quotes",
        "speakers",
    }
    assert data["url"] == "https://example.org/ferry" and data["dateline"] == "Portvale"
    assert {"text", "speaker", "speaker_role", "cue", "kind", "sentence"} <= set(data["quotes"][0])
    assert {"name", "aliases", "role", "kind"} <= set(data["speakers"][0])


def test_summary_json(db: str, story: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--db", db, "ingest", str(story))
    code, out = run(capsys, "--db", db, "summary", "--sentences", "2", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["sentences"]) == 2 and data["article_id"] == 1


def test_bad_input_gets_a_message_not_a_traceback(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("Menu\nHome\n")
    assert main(["--db", db, "ingest", str(empty)]) == 1
    assert main(["--db", db, "summary", "99"]) == 1
    assert main(["--db", db, "ingest", str(tmp_path / "nope.pdf")]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "There is no article with id 99" in err
    assert "No article text found" in out


def test_run_without_token_points_to_chat(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db, "run"]) == 2
    assert "articlebot chat" in capsys.readouterr().err


def test_chat_demo_answers_piped_questions(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("who is quoted\nwhat did Pell say\n"))
    assert main(["--db", db, "chat", "--demo"]) == 0
    out = capsys.readouterr().out
    assert "People quoted:" in out and "Ruth Pell" in out and "Councillor" in out


def test_the_console_speaks_the_language_of_lang(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO("кого цитируют\nwho said the lighthouse is purple\n"))
    assert main(["--db", db, "chat", "--demo"]) == 0
    out = capsys.readouterr().out
    assert "Кого цитируют:" in out and "Ruth Pell" in out
    assert "Не нахожу, чтобы кто-то говорил такое." in out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_ingest_progress_bar_only_on_a_terminal(
    db: str, story: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    captured, terminal = sys.stderr, _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code, out = run(capsys, "--db", db, "ingest", str(story))
    assert code == 0
    bar = terminal.getvalue()
    assert "1/1" in bar and "ferry.txt" in bar and bar.endswith("\r")  # drawn on stderr, then cleared
    lines = out.splitlines()  # stdout holds only the results and the report
    assert lines[0].startswith("1\t") and lines[0].endswith("quotes\t(added)")
    assert lines[1:] == ["1 added, 0 updated, 0 skipped (already stored), 0 failed"]
    monkeypatch.setattr(sys, "stderr", captured)  # not a terminal: no bar
    code, out = run(capsys, "--db", db, "ingest", str(story))
    assert "1/1" not in capsys.readouterr().err
    assert out.splitlines()[1:] == ["0 added, 0 updated, 1 skipped (already stored), 0 failed"]


def test_folder_ingest_counts_and_failure_reasons(
    db: str, tmp_path: Path, story: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "ferry.txt").write_text(make_dump(*FERRY_STORY), encoding="utf-8")
    (folder / "page.html").write_text(
        make_html(*FERRY_STORY[:4], title="Another ferry story"), encoding="utf-8"
    )
    (folder / "empty.txt").write_text("Menu\nHome\n", encoding="utf-8")
    (folder / "notes.docx").write_bytes(b"ignored: not a supported kind")
    code, out = run(capsys, "--db", db, "ingest", str(folder))
    assert code == 0
    assert "2 added, 0 updated, 0 skipped (already stored), 1 failed" in out
    assert "failed: " in out and "empty.txt: No article text found" in out
    code, out = run(capsys, "--db", db, "ingest", str(folder))
    assert "0 added, 0 updated, 2 skipped (already stored), 1 failed" in out


def test_a_large_folder_is_parsed_in_workers_with_the_same_report(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(9):
        story = (f"The harbour board met for the {n + 1}th time on Friday.", *FERRY_STORY[1:])
        (folder / f"story{n}.txt").write_text(make_dump(*story, title=f"Ferry story {n}"), encoding="utf-8")
    (folder / "broken.txt").write_text("Menu\nHome\n", encoding="utf-8")
    code, out = run(capsys, "--db", db, "ingest", str(folder))
    assert code == 0
    assert "9 added, 0 updated, 0 skipped (already stored), 1 failed" in out
    assert "broken.txt: No article text found" in out
    assert [line.split("\t")[1] for line in out.splitlines() if "\t" in line] == [
        f"Ferry story {n}" for n in range(9)
    ]  # in the folder's order
    code, out = run(capsys, "--db", db, "ask", "who said nobody asked the island", "--json")
    assert json.loads(out)["excerpts"][0]["speaker"] == "Priya Nair"


def test_ingest_feed_command(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FETCH_ALLOW_PRIVATE", "1")  # the feed is served on loopback
    with serve_site() as site:
        site.add("/a", make_html(*FERRY_STORY))
        feed = site.add("/feed.xml", make_feed(site.base, ["/a"]), "application/rss+xml")
        code, out = run(capsys, "--db", db, "ingest-feed", feed)
        assert code == 0 and "1 added or updated, 0 already stored, 0 failed" in out
        code, out = run(capsys, "--db", db, "ingest-feed", feed)
        assert "0 added or updated, 1 already stored" in out


def test_url_refused_without_the_private_setting(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    with serve_site() as site:
        url = site.add("/a", make_html(*FERRY_STORY))
        code, out = run(capsys, "--db", db, "ingest", url)
    assert code == 1
    assert "FETCH_ALLOW_PRIVATE" in out


def test_webhook_mode_without_settings_is_a_clear_error(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:not-used")
    assert main(["--db", db, "run", "--webhook"]) == 2
    assert "WEBHOOK_URL" in capsys.readouterr().err


def test_output_cut_short_by_its_reader_ends_quietly(db: str, story: Path) -> None:
    """`articlebot ask … | head`: the reader has gone; no BrokenPipe traceback."""
    import os
    import subprocess

    assert main(["--db", db, "ingest", str(story)]) == 0
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line is written
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bot", "--db", db, "ask", "who said nobody asked the island", "--json"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        )
    finally:
        os.close(write_end)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


NAMES = ("Abel", "Brook", "Cato", "Dunn", "Ellis", "Frost", "Grey", "Hale")


def eight_stories(folder: Path) -> Path:
    """Eight different versions of the ferry story, one file each."""
    folder.mkdir()
    for i, name in enumerate(NAMES):
        body = (
            f"Councillor {name} voted against the plan, saying the island was not consulted.",
            *FERRY_STORY,
        )
        (folder / f"story{i}.txt").write_text(
            make_dump(*body, title=f"Ferry Story {i + 1}"), encoding="utf-8"
        )
    return folder


def test_files_ingested_in_bulk_are_made_searchable_by_meaning(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """With the shipped encoder: many files are parsed in parallel, then their vectors are made, and a
    question in other words than the article's is answered."""
    assert main(["--db", db, "ingest", str(eight_stories(tmp_path / "many"))]) == 0
    assert "8 articles searchable by meaning" in capsys.readouterr().out
    assert main(["--db", db, "ask", "How long will the crew's preparation take?", "--article", "1"]) == 0
    assert "six more weeks of training" in capsys.readouterr().out


def test_vectors_later_leaves_them_to_the_bot(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db, "ingest", str(eight_stories(tmp_path / "later")), "--vectors-later"]) == 0
    assert "searchable by meaning" not in capsys.readouterr().out


def test_an_older_database_is_refused_until_db_upgrade(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old.db"
    old.write_bytes((Path(__file__).resolve().parents[1] / "fixtures" / "release-0.1.0.sqlite").read_bytes())
    db = f"sqlite:///{old}"
    assert main(["--db", db, "db", "current"]) == 1
    assert "older than" in capsys.readouterr().out
    assert main(["--db", db, "articles"]) == 1
    assert "articlebot db upgrade" in capsys.readouterr().err
    assert main(["--db", db, "db", "upgrade"]) == 0
    assert "upgraded from 0001" in capsys.readouterr().out
    assert main(["--db", db, "db", "current"]) == 0
    assert main(["--db", db, "ask", "who said we heard them"]) == 0
    assert "Dana Whitfield" in capsys.readouterr().out


def test_search_terms_of_an_earlier_release_are_computed_again_by_db_upgrade(
    db: str, story: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy import create_engine, text

    assert main(["--db", db, "ingest", str(story)]) == 0
    engine = create_engine(db)
    with engine.begin() as conn:  # as an earlier release would have left them
        conn.execute(text("UPDATE sentences SET terms = 'stale'"))
        conn.execute(text("UPDATE search_meta SET value = 'old' WHERE key = 'terms'"))
    engine.dispose()
    capsys.readouterr()
    assert main(["--db", db, "db", "current"]) == 1
    assert "search terms of version old" in capsys.readouterr().out
    assert main(["--db", db, "ask", "who said nobody asked the island"]) == 1
    assert "articlebot db upgrade" in capsys.readouterr().err
    assert main(["--db", db, "db", "upgrade"]) == 0
    assert "search terms computed again" in capsys.readouterr().out
    assert main(["--db", db, "db", "current"]) == 0
    assert main(["--db", db, "ask", "who said nobody asked the island"]) == 0
    assert "Priya Nair" in capsys.readouterr().out
