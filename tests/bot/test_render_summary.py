import datetime as dt
import re

from bot.render import MAX_LENGTH, render_html, render_plain, render_summary_html
from knowledge.models import Answer, Excerpt, Speaker, Voice

URL = "https://news.example/tram?id=7&lang=en"


def summary(*sentences: str, voices: tuple[Voice, ...] = (), url: str | None = URL) -> Answer:
    excerpts = tuple(
        Excerpt(s, 7, "Trams <& buses>", url=url, publisher="The Courier", published=dt.date(2031, 3, 4))
        for s in sentences
    )
    return Answer(
        "summary",
        "summary",
        True,
        1.0,
        "Summary of “Trams <& buses>”:",
        excerpts=excerpts,
        voices=voices,
        article_id=7,
    )


def voice(name: str, sample: str | None, role: str | None = "Mayor & chair", url: str | None = URL) -> Voice:
    return Voice(Speaker(name, role), 7, 2, sample, url)


def test_summary_and_voices_in_one_message_with_everything_escaped() -> None:
    answer = summary(
        "Fares <rose> & trams ran late.",
        "The council met.",
        voices=(voice("Ann <Lee>", "We <will> build it"),),
    )
    [message] = render_html(answer)
    assert message == render_summary_html(answer)
    assert message.startswith("<b>Summary of “Trams &lt;&amp; buses&gt;”:</b>")
    assert "<blockquote>Fares &lt;rose&gt; &amp; trams ran late.\nThe council met.</blockquote>" in message
    assert (
        '<a href="https://news.example/tram?id=7&amp;lang=en">Read “Trams &lt;&amp; buses&gt;”</a>' in message
    )
    assert "• <b>Ann &lt;Lee&gt;</b> — Mayor &amp; chair (2 quotes)" in message
    assert "<i>“We &lt;will&gt; build it”</i>" in message
    assert (
        '<a href="https://news.example/tram?id=7&amp;lang=en#:~:text=We%20%3Cwill%3E%20build%20it">↗</a>'
        in message
    )
    assert "<rose>" not in message and "<will>" not in message


def test_short_voices_stay_open_long_ones_fold_into_an_expandable_quote() -> None:
    few = render_summary_html(summary("One.", voices=(voice("Ann Lee", "Short."),)))
    assert "expandable" not in few
    many = render_summary_html(
        summary("One.", voices=tuple(voice(f"Person {n}", f"Quote {n}.") for n in range(4)))
    )
    assert re.search(
        r"<b>Key voices:</b>\n<blockquote expandable>• <b>Person 0</b>.*</blockquote>$", many, re.S
    )
    long = render_summary_html(summary("One.", voices=(voice("Ann Lee", "word " * 80),)))
    assert "<blockquote expandable>" in long


def test_a_voice_without_a_direct_quote_is_named_without_a_sample() -> None:
    message = render_summary_html(summary("One.", voices=(voice("Ann Lee", None, role=None),)))
    assert "• <b>Ann Lee</b> (2 quotes)" in message and "“" not in message.split("Key voices:")[1]


def test_source_named_when_there_is_no_url() -> None:
    plain = render_plain(summary("Fares rose.", url=None))
    assert "Source: “Trams <& buses>”, The Courier, 4 March 2031" in plain
    assert "  > Fares rose." in plain


def test_a_long_summary_still_fits_one_message() -> None:
    sentences = [f"Sentence {n} " + "word " * 150 for n in range(10)]
    voices = tuple(voice(f"Person {n}", "quote " * 70) for n in range(5))
    message = render_summary_html(summary(*sentences, voices=voices))
    assert len(message) <= MAX_LENGTH
    assert message.count("<blockquote") == message.count("</blockquote>")
    assert "Sentence 0" in message


def test_plain_summary_has_no_tags() -> None:
    plain = render_plain(summary("Fares rose.", voices=(voice("Ann Lee", "We will build it."),)))
    assert not re.search(r"</?(b|i|a|blockquote)\b", plain)
    assert "Key voices:" in plain and "“We will build it.”" in plain
