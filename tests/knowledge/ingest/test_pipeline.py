"""Parsing many sources in worker processes, and storing them as they come."""

import logging
import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest

from knowledge.errors import BlockedURLError, IngestError, KnowledgeError, ParseError, ParseTimeout
from knowledge.ingest.pipeline import Parsed, capped, collect_sources, parse_all, parse_isolated, parse_text
from knowledge.models import Article, IngestResult, SearchColumns
from knowledge.search.columns import search_columns
from tests.builders import CLINIC_STORY, CLINIC_TITLE, FERRY_STORY, make_dump, make_html, make_library


def test_parse_all_keeps_the_order_and_reports_failures(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    sources: list[Path | str] = [make_dump(*FERRY_STORY), empty, make_dump(*CLINIC_STORY, title=CLINIC_TITLE)]
    parsed = list(parse_all(sources * 20, columns=search_columns, workers=2))
    assert len(parsed) == 60
    ferry, clinic = (
        parse_text(make_dump(*FERRY_STORY)),
        parse_text(make_dump(*CLINIC_STORY, title=CLINIC_TITLE)),
    )
    assert parsed[0] == Parsed(
        ferry, search_columns(ferry)
    )  # the search terms come computed with the article
    assert isinstance(parsed[1], IngestError) and parsed[1].source == str(empty)
    assert parsed[59] == Parsed(clinic, search_columns(clinic))
    assert [type(p) for p in parsed] == [
        type(p) for p in parse_all(sources * 20, columns=search_columns, workers=1)
    ]


def test_ingest_many_stores_each_article_and_yields_errors(tmp_path: Path) -> None:
    library = make_library(tmp_path)
    sources: list[Path | str] = [make_dump(*FERRY_STORY), tmp_path / "missing.txt", make_dump(*FERRY_STORY)]
    added, missing, again = library.ingest_many(sources)
    assert isinstance(added, IngestResult) and added.status == "added"
    assert isinstance(missing, KnowledgeError)
    assert isinstance(again, IngestResult) and again.status == "unchanged"
    assert library.ask("who said we support more crossings").excerpts[0].speaker == "Marcus Lee"
    library.close()


def failing_columns(article: Article) -> SearchColumns:
    """Search columns, except that an article mentioning BOOM makes the parser fail as a defect would,
    and one mentioning CRASH kills the worker process parsing it (module level: it runs in the workers)."""
    if "BOOM" in article.text:
        raise RuntimeError("a defect in the parser")
    if "CRASH" in article.text:
        os.kill(os.getpid(), signal.SIGKILL)
    return search_columns(article)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_source_the_parser_fails_on_costs_only_itself(workers: int) -> None:
    good = make_dump(*FERRY_STORY)
    sources: list[Path | str] = (
        [good] * 20
        + [
            make_dump(
                *FERRY_STORY, "The harbour master said the BOOM in evening traffic would last all summer."
            )
        ]
        + [good] * 20
    )
    parsed = list(parse_all(sources, columns=failing_columns, workers=workers))
    assert len(parsed) == 41
    assert isinstance(parsed[20], IngestError) and "could not be parsed (RuntimeError)" in str(parsed[20])
    assert all(isinstance(p, Parsed) for i, p in enumerate(parsed) if i != 20)


def test_a_worker_that_dies_costs_only_its_source() -> None:
    good = make_dump(*FERRY_STORY)
    sources: list[Path | str] = (
        [good] * 40
        + [
            make_dump(
                *FERRY_STORY, "The harbour master said the CRASH of the old pier had cost nobody their job."
            )
        ]
        + [good] * 40
    )
    parsed = list(parse_all(sources, columns=failing_columns, workers=2))
    assert len(parsed) == 81
    assert isinstance(parsed[40], ParseError) and "the parsing process died" in str(parsed[40])
    assert all(isinstance(p, Parsed) for i, p in enumerate(parsed) if i != 40)


def test_parse_text_turns_a_defect_into_a_parse_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_paragraphs: object) -> None:
        raise LookupError("unknown encoding: base64")

    monkeypatch.setattr("knowledge.ingest.pipeline.read_article", broken)
    with pytest.raises(ParseError, match=r"story\.txt: could not be parsed \(LookupError\)"):
        parse_text(make_dump(*FERRY_STORY), source="story.txt")


@pytest.mark.parametrize("label", ["base64", "rot13", "hex", "punycode"])
def test_a_folder_with_an_odd_charset_label_is_ingested_whole(tmp_path: Path, label: str) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(10):
        unique = (
            f"The board will meet again in {i + 2} weeks to review the first results of the new timetable."
        )
        page = make_html(
            *FERRY_STORY, unique, title=f"Ferry story number {i}", published=f"2031-02-{i + 1:02}"
        )
        if i == 4:
            page = page.replace('charset="utf-8"', f'charset="{label}"')
        (folder / f"page{i}.html").write_text(page, encoding="utf-8")
    library = make_library(tmp_path)
    results = list(library.ingest_many(collect_sources([folder])))
    assert [type(r) for r in results] == [IngestResult] * 10
    assert library.stats().articles == 10
    library.close()


def test_a_text_beyond_the_cap_is_cut_at_a_sentence_end(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("knowledge.ingest.pipeline.MAX_ARTICLE_CHARS", 600)
    with caplog.at_level(logging.WARNING, logger="knowledge.ingest.pipeline"):
        article = parse_text(make_dump(*FERRY_STORY, *CLINIC_STORY), source="long.txt")
    assert 0 < len("".join(article.paragraphs)) <= 600
    assert article.paragraphs[-1].endswith((".", '"', "”"))
    assert "long.txt: text cut to" in caplog.text and "MAX_ARTICLE_CHARS" in caplog.text


def test_capped_keeps_short_texts_whole_and_cuts_one_long_paragraph() -> None:
    short = ("One sentence here.", "Another one.")
    assert capped(short, limit=100) == short
    long = ("First sentence is here. Second sentence is here. Third one is cut",)
    assert capped(long, limit=50) == ("First sentence is here. Second sentence is here.",)
    assert capped(("word " * 30,), limit=22) == ("word word word word",)
    assert capped(("A whole sentence.", "no sentence end in reach " * 3), limit=40) == ("A whole sentence.",)


def _slow_parse(seconds: float) -> Article:
    time.sleep(seconds)
    raise AssertionError("not stopped")


def _blocked(url: str) -> Article:
    raise BlockedURLError("a private address", url=url)


def test_an_isolated_parse_returns_its_article() -> None:
    article = parse_isolated(parse_text, make_dump(*FERRY_STORY), source="ferry", timeout=60)
    assert article == parse_text(make_dump(*FERRY_STORY))


def test_an_isolated_parse_past_its_time_limit_is_stopped() -> None:
    before = {p.pid for p in multiprocessing.active_children()}
    with pytest.raises(ParseTimeout, match="longer than 1 s"):
        parse_isolated(_slow_parse, 30.0, source="slow.txt", timeout=1)
    assert {p.pid for p in multiprocessing.active_children()} <= before  # the parsing process is gone


def test_an_isolated_parse_raises_the_error_of_its_kind() -> None:
    with pytest.raises(BlockedURLError, match="private address"):
        parse_isolated(_blocked, "http://10.0.0.1/", source="http://10.0.0.1/", timeout=60)
