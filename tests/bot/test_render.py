import datetime as dt
import re
from dataclasses import replace

from bot.render import MAX_LENGTH, render_html, render_plain, split_blocks
from knowledge.answer.phrases import phrase
from knowledge.models import Answer, Excerpt


def excerpt(text: str, **fields: object) -> Excerpt:
    base = dict(
        text=text,
        article_id=1,
        title="A <Title> & more",
        speaker="Ann <Lee>",
        speaker_role="chief & co",
        kind="direct",
        publisher="The Gazette",
        published=dt.date(2031, 2, 3),
    )
    return Excerpt(**{**base, **fields})  # type: ignore[arg-type]


def answer(*excerpts: Excerpt, found: bool = True) -> Answer:
    return Answer("q", "who_said", found, 0.9, "Ann <Lee> said it.", excerpts=excerpts)


def test_article_text_is_escaped_in_html() -> None:
    html = render_html(answer(excerpt("Profits <rose> & costs fell")))[0]
    assert "&lt;rose&gt; &amp; costs" in html
    assert "<b>Ann &lt;Lee&gt;</b>" in html
    assert "<blockquote>" in html and "<rose>" not in html


def test_link_to_the_passage_when_the_article_has_a_url() -> None:
    html = render_html(answer(excerpt("Profits rose", url="https://example.org/a?x=1&y=2")))[0]
    assert '<a href="https://example.org/a?x=1&amp;y=2#:~:text=Profits%20rose">' in html


def test_source_and_date_named_when_there_is_no_url() -> None:
    plain = render_plain(answer(excerpt("Profits rose")))
    assert "Source: “A <Title> & more”, The Gazette, 3 February 2031" in plain


def test_long_answers_are_split_between_blocks_within_the_limit() -> None:
    many = [excerpt("word " * 220 + f"number {i}") for i in range(20)]
    messages = render_html(answer(*many))
    assert len(messages) > 1
    for message in messages:
        assert len(message) <= MAX_LENGTH
        assert message.count("<blockquote>") == message.count("</blockquote>")
    assert all(f"number {i}" in "".join(messages) for i in range(20))


def test_a_single_oversized_block_is_trimmed_not_dropped() -> None:
    messages = split_blocks(["x" * 5000, "tail"])
    assert [len(m) for m in messages] == [MAX_LENGTH, 4]


def test_plain_text_has_no_tags() -> None:
    plain = render_plain(answer(excerpt("Profits rose", url="https://example.org/a")))
    assert not re.search(r"</?(b|i|a|blockquote)\b", plain)
    assert "Ann <Lee>, chief & co, said:" in plain


def test_an_answer_across_articles_names_each_excerpts_article() -> None:
    answer = Answer(
        "who said it",
        "who_said",
        True,
        0.9,
        "Several people said words like that.",
        excerpts=(
            excerpt("One.", article_id=3, title="Ferry news"),
            excerpt("Two.", article_id=4, title="Clinic news"),
        ),
    )
    text = render_plain(answer)
    assert (
        text.index("One.")
        < text.index("#3 “Ferry news”")
        < text.index("Two.")
        < text.index("#4 “Clinic news”")
    )
    assert "Source:" not in text


def test_a_short_quote_links_to_its_place_in_the_sentence() -> None:
    quote = excerpt(
        "improper", url="https://n.example/a", context="The board called the plan improper, it said."
    )
    [html] = render_html(Answer("q", "who_said", True, 0.9, "Ann said it.", excerpts=(quote,)))
    assert "#:~:text=called%20the%20plan-,improper,-it%20said." in html


def test_an_oversized_html_block_is_cut_outside_tags_and_entities_with_its_tags_closed() -> None:
    block = (
        "<b>Lead</b>\n<blockquote>"
        + "fish &amp; chips " * 400
        + '</blockquote>\n<a href="https://x.org">s</a>'
    )
    for limit in (100, 101, 102, 103, 104, 105, 4096):
        [first, *_] = split_blocks([block], limit)
        assert len(first) <= limit and first.endswith("…</blockquote>")
        assert not re.search(r"&[a-z]*…", first)  # no entity cut in half
        assert first.count("<blockquote>") == first.count("</blockquote>") == 1


def test_a_long_answer_pages_hold_three_excerpts_each_within_one_message() -> None:
    from bot.render import page_count, render_page_html

    long = answer(*[excerpt(f"number {i} " + "word " * 300, url="https://example.org/a") for i in range(7)])
    assert page_count(long) == 3
    pages = [render_page_html(long, page) for page in range(3)]
    assert [sum(f"number {i}" in page for i in range(7)) for page in pages] == [3, 3, 1]
    assert "(4–6 of 7)" in pages[1]
    for page in pages:
        assert len(page) <= MAX_LENGTH
        assert page.count("<blockquote>") == page.count("</blockquote>")


def test_inline_cards_carry_a_source_button_when_the_article_has_a_url() -> None:
    from bot.render import render_inline

    linked, unlinked = render_inline(
        answer(excerpt("Profits rose", url="https://example.org/a"), excerpt("Costs fell")), []
    )
    assert linked.reply_markup.inline_keyboard[0][0].url == "https://example.org/a"
    assert unlinked.reply_markup is None


def test_in_russian_the_bots_own_words_change_and_the_articles_do_not() -> None:
    said = phrase("said_it", "Ann <Lee>")
    russian = replace(
        answer(excerpt("Profits <rose>"), excerpt("Costs fell", url="https://example.org/a")),
        lead_key=said.key,
        lead_values=said.values,
        suggestions=("Who is quoted?",),
    )
    html = render_html(russian, language="ru")[0]
    assert html.startswith("<b>Это сказал(а) Ann &lt;Lee&gt;.</b>")
    assert "<b>Ann &lt;Lee&gt;</b>, chief &amp; co, сказал(а):" in html
    assert "“Profits &lt;rose&gt;”" in html  # the article's words as printed, escaped
    assert "Источник: «A &lt;Title&gt; &amp; more», The Gazette, 3 февраля 2031" in html
    assert "Открыть в «A &lt;Title&gt; &amp; more»" in html
    assert "Можно спросить:\n• Who is quoted?" in html
    english = render_html(russian)[0]
    assert english.startswith("<b>Ann &lt;Lee&gt; said it.</b>") and "Source: “A &lt;Title&gt;" in english
