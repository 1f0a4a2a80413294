"""The library: ingestion from a loopback web site (pages, feeds, updates, refusals) and question scope."""

import datetime as dt
from collections.abc import Iterator
from email.utils import format_datetime
from pathlib import Path

import pytest

from knowledge.errors import BlockedURLError, FetchError, IngestError, NotFoundError
from knowledge.ingest.fetch import FetchOptions
from knowledge.library import FEED_ENTRIES_PER_POLL, Library
from knowledge.models import Answer
from knowledge.storage.engine import exclusive
from tests.builders import CLINIC_STORY, CLINIC_TITLE, FERRY_STORY, make_dump, make_feed, make_html, make_pdf
from tests.postgres import fresh_database
from tests.site import Site, serve_site


@pytest.fixture
def site() -> Iterator[Site]:
    with serve_site() as running:
        yield running


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library(
        f"sqlite:///{tmp_path / 'lib.db'}", fetch_options=FetchOptions(allowed_hosts=frozenset({"127.0.0.1"}))
    )
    yield lib
    lib.close()


def test_html_page_by_url(site: Site, library: Library) -> None:
    url = site.add("/ferry", make_html(*FERRY_STORY))
    result = library.ingest_url(url)
    article = library.article(result.article.id)
    assert result.status == "added"
    assert article.title == "Harbour Town Debates New Ferry Schedule"
    assert article.url == url and article.author == "Ana Torres"
    assert "Related stories" not in article.text and "newsletter" not in article.text
    assert {q.speaker for q in article.quotes if q.kind == "direct"} >= {"Dana Whitfield", "Marcus Lee"}


def test_changed_page_is_updated_in_place(site: Site, library: Library) -> None:
    url = site.add("/ferry", make_html(*FERRY_STORY[:4]))
    first = library.ingest_url(url)
    assert library.ingest_url(url).status == "unchanged"
    site.add("/ferry", make_html(*FERRY_STORY))
    second = library.ingest_url(url)
    assert (second.status, second.article.id) == ("updated", first.article.id)
    assert len(library.articles()) == 1
    assert library.article(first.article.id).speaker("Priya Nair") is not None


def test_plain_text_and_pdf_urls(site: Site, library: Library) -> None:
    text_url = site.add("/story.txt", make_dump(*FERRY_STORY), "text/plain; charset=utf-8")
    pdf_url = site.add(
        "/release.pdf", make_pdf([["Board adds ferries", *FERRY_STORY[1:3]]]), "application/pdf"
    )
    assert library.ingest_url(text_url).article.quotes > 0
    assert library.ingest_url(pdf_url).article.title == "Board adds ferries"


def test_feed_ingests_new_entries_once_and_reports_failures(site: Site, library: Library) -> None:
    site.add("/a", make_html(*FERRY_STORY, title="Ferry story one"))
    site.add("/b", make_html(*FERRY_STORY[:3], title="Ferry story two"))
    feed = site.add("/feed.xml", make_feed(site.base, ["/a", "/b", "/missing"]), "application/rss+xml")
    report = library.ingest_feed(feed)
    assert [r.status for r in report.results] == ["added", "added"]
    assert [url.rsplit("/", 1)[-1] for url, _ in report.failed] == ["missing"]
    again = library.ingest_feed(feed)
    assert (len(again.results), again.skipped) == (0, 2)


def test_redirect_to_a_private_address_is_refused_and_nothing_is_stored(site: Site, library: Library) -> None:
    url = site.redirect("/go", "http://10.1.2.3/internal")
    with pytest.raises(BlockedURLError):
        library.ingest_url(url)
    assert library.articles() == []


def test_loopback_is_refused_by_default(site: Site, tmp_path: Path) -> None:
    url = site.add("/ferry", make_html(*FERRY_STORY))
    strict = Library(f"sqlite:///{tmp_path / 'strict.db'}")
    with pytest.raises(BlockedURLError, match="FETCH_ALLOW_PRIVATE"):
        strict.ingest_url(url)
    strict.close()


def test_page_without_an_article_is_a_clear_error(site: Site, library: Library) -> None:
    url = site.add("/empty", "<html><body><nav>Home</nav></body></html>")
    with pytest.raises(IngestError):
        library.ingest_url(url)
    with pytest.raises(FetchError, match="404"):
        library.ingest_url(site.base + "/nowhere")
    assert library.articles() == []


def test_document_bytes_by_kind(library: Library) -> None:
    result = library.ingest_document(make_pdf([["Board adds ferries", *FERRY_STORY[1:3]]]), "release.pdf")
    assert result.status == "added"
    with pytest.raises(IngestError, match="I can read"):
        library.ingest_document(b"\x89PNG....", "photo.png")


# --------------------------------------------------------------------------- scope


@pytest.fixture
def two_stories(tmp_path: Path) -> Iterator[tuple[Library, int, int]]:
    lib = Library(f"sqlite:///{tmp_path / 'scope.db'}")
    ferry = lib.ingest_text(make_dump(*FERRY_STORY), source="ferry").article.id
    clinic = lib.ingest_text(make_dump(*CLINIC_STORY, title=CLINIC_TITLE), source="clinic").article.id
    yield lib, ferry, clinic
    lib.close()


def speakers(answer: Answer) -> set[str | None]:
    return {e.speaker for e in answer.excerpts}


def test_a_question_scoped_by_id_or_by_reference(two_stories: tuple[Library, int, int]) -> None:
    library, _, clinic = two_stories
    assert "Which one" in library.ask("what did Lee say").lead
    assert speakers(library.ask("what did Lee say", article_id=clinic)) == {"Sandra Lee"}
    assert speakers(library.ask(f"what did Lee say in article {clinic}")) == {"Sandra Lee"}
    with pytest.raises(NotFoundError):
        library.ask("what did Lee say", article_id=999)


def test_a_reply_asks_about_the_article_the_answer_was_about(two_stories: tuple[Library, int, int]) -> None:
    library, ferry, clinic = two_stories
    answer = library.ask("who said nobody should have to choose between sleep and a doctor")
    assert answer.article_id == clinic
    library.remember_answer(7, [100, 101], answer.article_id)
    assert speakers(library.ask_in_chat(7, "what did Lee say", reply_to=101)) == {"Sandra Lee"}
    assert "Which one" in library.ask_in_chat(7, "what did Lee say", reply_to=555).lead  # not the bot's
    assert "Which one" in library.ask_in_chat(8, "what did Lee say", reply_to=101).lead  # another chat


def test_a_chat_can_choose_one_article_and_go_back(two_stories: tuple[Library, int, int]) -> None:
    library, ferry, clinic = two_stories
    assert library.use_article(7, ferry).title == "Harbour Town Debates New Ferry Schedule"
    assert speakers(library.ask_in_chat(7, "what did Lee say")) == {"Marcus Lee"}
    library.remember_answer(7, [100], clinic)
    assert speakers(library.ask_in_chat(7, "what did Lee say", reply_to=100)) == {"Sandra Lee"}  # reply wins
    assert library.use_article(7, None) is None
    assert "Which one" in library.ask_in_chat(7, "what did Lee say").lead
    with pytest.raises(NotFoundError):
        library.use_article(7, 999)


def test_removing_an_article_forgets_the_replies_and_choices_about_it(
    two_stories: tuple[Library, int, int],
) -> None:
    library, ferry, _ = two_stories
    library.remember_answer(7, [100], ferry)
    library.use_article(8, ferry)
    assert library.remove(ferry)
    assert library.chats.replied_article(7, 100) is None
    assert library.chats.scope(8) is None


def test_the_last_answer_is_asked_again_only_for_the_message_that_carried_it(
    two_stories: tuple[Library, int, int],
) -> None:
    library, ferry, _ = two_stories
    library.use_article(7, ferry)
    library.ask_in_chat(7, "what did Lee say")
    assert library.last_answer(7, 300) is None  # not answered yet: no message carries it
    library.remember_answer(7, [300, 301], ferry)
    last = library.last_answer(7, 301)
    assert last is not None and last.question == "what did Lee say" and last.article_id == ferry
    assert speakers(last.answer) == {"Marcus Lee"}  # asked again in the scope it had, not every article
    assert library.last_answer(7, 300) is None and library.last_answer(8, 301) is None
    library.ask_in_chat(7, "who is quoted")
    assert library.last_answer(7, 301) is None  # a newer question makes the old buttons stale

    reopened = Library(library.store.engine.url.render_as_string(hide_password=False))
    library.remember_answer(7, [302], None)
    assert reopened.last_answer(7, 302).question == "who is quoted"  # kept in the database
    reopened.close()
    library.remove(ferry)
    with pytest.raises(NotFoundError):
        library.last_answer(7, 302)


def _dated_feed(base: str, paths: list[str], start: dt.date) -> str:
    """An RSS feed of ``paths``, oldest first (the reverse of most feeds), one day apart from ``start``."""
    items = "".join(
        f"<item><title>Story {i}</title><link>{base}{path}</link>"
        f"<pubDate>{format_datetime(dt.datetime.combine(start + dt.timedelta(days=i), dt.time(8), dt.UTC))}"
        "</pubDate></item>"
        for i, path in enumerate(paths)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>{items}</channel></rss>'


def test_a_huge_feed_costs_the_newest_entries_only(site: Site, library: Library) -> None:
    paths = [f"/story/{i}" for i in range(400)]
    for i, path in enumerate(paths[-60:], start=340):
        site.add(
            path, make_html(*FERRY_STORY, f"The vote was number {i} of the year.", title=f"Ferry story {i}")
        )
    feed = site.add("/feed.xml", _dated_feed(site.base, paths, dt.date(2030, 1, 1)), "application/rss+xml")
    report = library.ingest_feed(feed)
    fetched = [path for path in site.requests if path.startswith("/story/")]
    assert len(fetched) == FEED_ENTRIES_PER_POLL == len(report.results)
    assert set(fetched) == set(paths[-FEED_ENTRIES_PER_POLL:])  # the newest, though listed last
    assert report.beyond == 400 - FEED_ENTRIES_PER_POLL


def test_failed_feed_entries_wait_for_their_back_off(site: Site, library: Library) -> None:
    site.add("/good", make_html(*FERRY_STORY, title="Ferry story one"))
    site.add("/flaky", b"oops", "text/html", status=503)
    feed = site.add("/feed.xml", make_feed(site.base, ["/good", "/flaky", "/gone"]), "application/rss+xml")
    start = dt.datetime(2031, 2, 3, 9, 0, tzinfo=dt.UTC)
    first = library.ingest_feed(feed, now=start)
    assert [url.rsplit("/", 1)[-1] for url, _ in first.failed] == ["flaky", "gone"]
    site.requests.clear()
    later = library.ingest_feed(feed, now=start + dt.timedelta(minutes=30))
    assert (later.skipped, later.waiting, later.failed) == (1, 2, ())
    assert site.requests == ["/feed.xml"]  # neither failed entry is fetched again
    site.add("/flaky", make_html(*CLINIC_STORY, title=CLINIC_TITLE))
    retried = library.ingest_feed(feed, now=start + dt.timedelta(hours=1, minutes=1))
    assert [r.article.title for r in retried.results] == [CLINIC_TITLE]
    assert [url.rsplit("/", 1)[-1] for url, _ in retried.failed] == ["gone"]
    # /gone failed twice in a row: it waits two hours from its second failure
    assert library.ingest_feed(feed, now=start + dt.timedelta(hours=2, minutes=2)).waiting == 1
    assert [u for u, _ in library.ingest_feed(feed, now=start + dt.timedelta(hours=3, minutes=2)).failed] == [
        f"{site.base}/gone"
    ]


def test_one_bad_feed_entry_does_not_stop_the_others(site: Site, library: Library) -> None:
    site.add(
        "/a",
        make_html(*FERRY_STORY, title="Ferry story one").replace('charset="utf-8"', 'charset="punycode"'),
    )
    site.add("/b", b"\x00\x01 not a page", "text/html; charset=undefined")
    site.add("/c", make_html(*CLINIC_STORY, title=CLINIC_TITLE), "text/html; charset=idna")
    feed = site.add(
        "/feed.xml", make_feed(site.base, ["/a", "/b", "/c"]), "application/rss+xml; charset=punycode"
    )
    report = library.ingest_feed(feed)
    assert [r.article.title for r in report.results] == ["Ferry story one", CLINIC_TITLE]
    assert [url.rsplit("/", 1)[-1] for url, _ in report.failed] == ["b"]


def test_feeds_are_polled_by_one_process_at_a_time() -> None:
    with fresh_database() as name:
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
        polling, waiting = Library(url), Library(url)
        try:
            with exclusive(polling.engine, "articlebot feeds") as mine:
                assert mine
                assert waiting.poll_feeds(["https://example.test/rss"]) is None  # nothing fetched
            assert waiting.poll_feeds([]) == []  # its turn, once the other is done
        finally:
            polling.close()
            waiting.close()
