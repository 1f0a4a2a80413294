import datetime as dt
import re

from bot.render import MAX_LENGTH
from bot.render_digest import render_digest_html, render_digest_plain
from knowledge.models import ArticleInfo
from knowledge.summarize.digest import Digest, DigestItem


def info(number: int, url: str | None) -> ArticleInfo:
    return ArticleInfo(number, f"Report <{number}>", f"Paper & {number}", dt.date(2031, 3, number), url)


def item(title: str, *reports: ArticleInfo) -> DigestItem:
    return DigestItem(title, ("Trams <ran> late & fares rose.",), reports[0].id, reports[0].url, reports)


def test_each_story_links_every_report_with_article_text_escaped() -> None:
    digest = Digest(
        (
            item("Tram <vote>", info(1, "https://a.example/t?x=1&y=2"), info(2, "https://b.example/t")),
            item("Ferry", info(3, None)),
        ),
        stories=2,
        articles=3,
        topic="trams & ferries",
    )
    [message] = render_digest_html(digest)
    assert message.startswith("<b>Stories about “trams &amp; ferries”</b> (2 stories, from 3 article(s)):")
    assert "1. <b>Tram &lt;vote&gt;</b>\nTrams &lt;ran&gt; late &amp; fares rose." in message
    assert '<a href="https://a.example/t?x=1&amp;y=2#:~:text=' in message  # the lead, at its passage
    assert (
        '2 reports: <a href="https://a.example/t?x=1&amp;y=2">Paper &amp; 1, 1 March 2031</a> · '
        '<a href="https://b.example/t">Paper &amp; 2, 2 March 2031</a>'
    ) in message
    assert "Report: #3 Paper &amp; 3, 3 March 2031" in message
    assert "<ran>" not in message


def test_counts_say_when_there_are_more_stories_than_shown() -> None:
    digest = Digest((item("Tram", info(1, None)),), stories=12, articles=15, days=7)
    plain = render_digest_plain(digest)
    assert plain.startswith("Stories from the last 7 days (1 of 12 stories, from 15 article(s)):")
    assert not re.search(r"</?(b|i|a)\b", plain)


def test_empty_digests_say_why() -> None:
    assert render_digest_plain(Digest((), 0, 0)) == "I have no articles yet."
    assert render_digest_plain(Digest((), 0, 0, topic="volcano", days=3)) == (
        "I have no articles about “volcano” from the last 3 days."
    )


def test_a_long_digest_is_split_between_items() -> None:
    items = tuple(
        DigestItem(f"Story {n}", ("word " * 100,), n, None, (info(1, "https://a.example/" + "x" * 100),))
        for n in range(20)
    )
    messages = render_digest_html(Digest(items, 20, 20))
    assert len(messages) > 1 and all(len(m) <= MAX_LENGTH for m in messages)
    assert all(f"<b>Story {n}</b>" in "".join(messages) for n in range(20))
