import datetime as dt

import pytest

from knowledge.errors import IngestError
from knowledge.ingest.feeds import FeedEntry, newest_first, read_feed
from tests.builders import make_feed

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Gazette</title><id>urn:x</id><updated>2031-02-03T08:00:00Z</updated>
<entry><title>One</title><id>urn:1</id><link href="https://example.org/one"/>
<updated>2031-02-04T08:00:00Z</updated></entry>
<entry><title>No link</title><id>urn:2</id><updated>2031-02-04T08:00:00Z</updated></entry></feed>"""


def test_rss_entries() -> None:
    entries = read_feed(make_feed("https://example.org", ["/a", "/b"]))
    assert [e.url for e in entries] == ["https://example.org/a", "https://example.org/b"]
    assert entries[0].published == dt.date(2031, 2, 3)


def test_atom_entries_without_links_are_skipped() -> None:
    entries = read_feed(ATOM)
    assert [(e.url, e.title, e.published) for e in entries] == [
        ("https://example.org/one", "One", dt.date(2031, 2, 4))
    ]


def test_html_is_not_a_feed() -> None:
    with pytest.raises(IngestError, match="Not an RSS or Atom feed"):
        read_feed("<html><body><p>Hello there, this is a page.</p></body></html>")


@pytest.mark.parametrize("label", ["punycode", "undefined", "base64", "idna"])
def test_a_feed_declaring_no_real_encoding_is_still_read(label: str) -> None:
    feed = make_feed("https://example.org", ["/a"]).replace(
        '<?xml version="1.0"?>', f'<?xml version="1.0" encoding="{label}"?>'
    )
    assert [e.url for e in read_feed(feed.encode())] == ["https://example.org/a"]
    assert [e.url for e in read_feed(make_feed("https://example.org", ["/b"]).encode(), charset=label)] == [
        "https://example.org/b"
    ]


def test_a_declared_encoding_is_honoured() -> None:
    feed = make_feed("https://example.org", ["/a"]).replace("Story 0", "Мост через реку")
    feed = feed.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="windows-1251"?>')
    assert [e.title for e in read_feed(feed.encode("cp1251"))] == ["Мост через реку"]


def test_newest_first_keeps_the_feed_order_within_a_day() -> None:
    day = dt.date(2031, 2, 3)
    entries = [
        FeedEntry("https://e.org/old", "", day - dt.timedelta(days=1)),
        FeedEntry("https://e.org/undated", ""),
        FeedEntry("https://e.org/new1", "", day),
        FeedEntry("https://e.org/new2", "", day),
    ]
    assert [e.url.rsplit("/", 1)[1] for e in newest_first(entries, 3)] == ["new1", "new2", "old"]
