"""The stored search terms computed again, as an explicit step that can stop and go on (both databases)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from knowledge.errors import TermsOutdatedError
from knowledge.library import Library, search_terms_versions, upgrade_database
from knowledge.search.columns import reindex_search_columns
from knowledge.storage.engine import open_engine
from knowledge.text.terms import TERMS_VERSION
from tests.builders import CLINIC_STORY, CLINIC_TITLE, FERRY_STORY, make_dump
from tests.postgres import database_url

SAFETY = "who said we support more crossings but not at the expense of safety"


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database_url(request.param, tmp_path) as found:
        yield found


def _made_by_an_earlier_release(url: str) -> None:
    """Two articles whose stored terms an earlier release computed otherwise (here: computed wrong)."""
    library = Library(url)
    library.ingest_text(make_dump(*FERRY_STORY))
    library.ingest_text(make_dump(*CLINIC_STORY, title=CLINIC_TITLE))
    library.close()
    engine = open_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE sentences SET terms = 'stale'"))
        conn.execute(text("UPDATE quotes SET terms = 'stale'"))
        conn.execute(text("UPDATE search_meta SET value = 'old' WHERE key = 'terms'"))
    engine.dispose()


def _stale_articles(url: str) -> set[int]:
    engine = open_engine(url)
    with engine.connect() as conn:
        found = conn.execute(
            text("SELECT DISTINCT article_id FROM sentences WHERE terms = 'stale'")
        ).scalars()
        stale = set(found)
    engine.dispose()
    return stale


def test_outdated_terms_are_refused_then_computed_again_where_a_stopped_run_left_off(url: str) -> None:
    _made_by_an_earlier_release(url)
    assert search_terms_versions(url) == ("old", TERMS_VERSION)
    with pytest.raises(TermsOutdatedError, match="search terms are of version old"):
        Library(url, auto_migrate=False)

    engine = open_engine(url)
    steps = reindex_search_columns(engine, batch=1)
    assert next(steps) == (1, 2)
    steps.close()  # stopped after the first article (as a killed process would be)
    engine.dispose()
    assert _stale_articles(url) == {2}
    assert search_terms_versions(url)[0] == "old"  # not done yet

    seen: list[tuple[int, int]] = []
    upgrade_database(url, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(2, 2)]  # went on from the second article
    assert _stale_articles(url) == set()
    assert search_terms_versions(url) == (TERMS_VERSION, TERMS_VERSION)
    library = Library(url, auto_migrate=False)
    assert library.ask(SAFETY).excerpts[0].speaker == "Marcus Lee"
    assert library.ask("How much will the clinic cost a year?").found
    library.close()


def test_the_library_computes_them_again_on_open_when_it_may_migrate(url: str) -> None:
    _made_by_an_earlier_release(url)
    library = Library(url)  # auto_migrate=True, the library's default
    assert library.ask(SAFETY).excerpts[0].speaker == "Marcus Lee"
    library.close()
    assert _stale_articles(url) == set()
