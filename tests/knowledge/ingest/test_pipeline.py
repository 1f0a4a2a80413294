"""Parsing many sources in worker processes, and storing them as they come."""

from pathlib import Path

from knowledge.errors import IngestError, KnowledgeError
from knowledge.ingest.pipeline import Parsed, parse_all, parse_text
from knowledge.models import IngestResult
from knowledge.search.columns import search_columns
from tests.builders import CLINIC_STORY, CLINIC_TITLE, FERRY_STORY, make_dump, make_library


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
    assert parsed[0] == Parsed(ferry, search_columns(ferry))  # the search terms come computed with the article
    assert isinstance(parsed[1], IngestError) and parsed[1].source == str(empty)
    assert parsed[59] == Parsed(clinic, search_columns(clinic))
    assert [type(p) for p in parsed] == [type(p) for p in parse_all(sources * 20, columns=search_columns, workers=1)]


def test_ingest_many_stores_each_article_and_yields_errors(tmp_path: Path) -> None:
    library = make_library(tmp_path)
    sources: list[Path | str] = [make_dump(*FERRY_STORY), tmp_path / "missing.txt", make_dump(*FERRY_STORY)]
    added, missing, again = library.ingest_many(sources)
    assert isinstance(added, IngestResult) and added.status == "added"
    assert isinstance(missing, KnowledgeError)
    assert isinstance(again, IngestResult) and again.status == "unchanged"
    assert library.ask("who said we support more crossings").excerpts[0].speaker == "Marcus Lee"
    library.close()
