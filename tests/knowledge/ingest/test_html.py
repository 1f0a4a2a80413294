import datetime as dt
from pathlib import Path

import pytest

import knowledge.ingest.html as extract
from knowledge.ingest.html import extract_html
from knowledge.understand.reading import read_article

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "html"
STORY = (
    "The Portvale harbour board voted on Wednesday to run two late ferries",
    "The motion passed five votes to two",
    "“People who work the evening shift have been stranded for years,” said board chair Mirela Dobre.",
    "The extra sailings will leave the mainland pier",
    "Councillor Tomas Lind, who voted against the plan",
    "The first night sailings are due to start in May",
)
FURNITURE = (
    "Log in",
    "Share this article",
    "Commuters queue",
    "Lee Marsh",
    "Read more",
    "Advertisement",
    "Costs and timetable",
    "What happens next",
    "Follow us",
    "newsletter",
    "Related stories",
    "Bridge repairs",
    "comments",
    "harbourwatcher",
    "About time too",
    "All rights reserved",
)


def page(body: str, head: str = "") -> str:
    """A small made-up page: a headline, the given metadata and a body long enough to extract."""
    prose = "".join(
        f"<p>The island council met on Tuesday to discuss item {n} of the spring budget, "
        f"and members spoke at length about the ferries, the roads and the school.</p>"
        for n in range(4)
    )
    return (
        f"<!DOCTYPE html><html><head><title>Council debates the spring budget</title>{head}</head>"
        f"<body><article><h1>Council debates the spring budget</h1>{body}{prose}</article></body></html>"
    )


@pytest.fixture(scope="module")
def news() -> extract.CleanText:
    return extract_html((FIXTURES / "news_page.html").read_bytes())


def test_metadata_comes_from_the_page(news: extract.CleanText) -> None:
    assert news.title == "Harbour board approves night ferries"
    assert news.publisher == "The Portvale Courier"
    assert news.published == dt.date(2021, 3, 4)
    assert news.author == "Ana Torres"
    assert news.url == "https://courier.example/news/harbour-board-approves-night-ferries"


def test_dateline_is_split_off_the_first_paragraph(news: extract.CleanText) -> None:
    assert news.dateline == "Portvale"
    assert news.paragraphs[0].startswith("The Portvale harbour board voted")


def test_body_paragraphs_are_kept_one_per_paragraph(news: extract.CleanText) -> None:
    assert len(news.paragraphs) == len(STORY)
    for paragraph, start in zip(news.paragraphs, STORY, strict=True):
        assert start in paragraph


def test_page_furniture_is_left_out(news: extract.CleanText) -> None:
    body = "\n".join(news.paragraphs)
    for furniture in FURNITURE:
        assert furniture not in body


def test_subheads_are_not_glued_to_sentences(news: extract.CleanText) -> None:
    # "What happens next" sits in the same <p> as the next paragraph, split by a <br>
    assert not any(p.startswith(("Costs", "What happens")) for p in news.paragraphs)
    assert ("What happens next", "label or caption") in news.dropped


def test_late_declared_windows_1252_page_is_decoded() -> None:
    cleaned = extract_html((FIXTURES / "cp1252_late_charset.html").read_bytes())
    assert cleaned.title == "Café owners welcome the later ferries"
    body = "\n".join(cleaned.paragraphs)
    assert "Zoë Marchetti has run the harbour café" in body
    assert "islands’ evenings" in body
    assert "“We’ve lost customers" in body
    assert "crème brûlée" in body


def test_page_without_an_article_has_no_paragraphs() -> None:
    cleaned = extract_html((FIXTURES / "no_article.html").read_bytes())
    assert cleaned.paragraphs == ()
    assert cleaned.published is None  # the footer's copyright year is not a publication date


def test_empty_input_gives_an_empty_result() -> None:
    assert extract_html(b"").paragraphs == ()
    assert extract_html("").title == ""


def test_plain_paragraphs_are_the_last_resort(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "_run_trafilatura", lambda *args, **kwargs: None)
    cleaned = extract_html(page("<nav><p>Home, News, Sport and Weather pages for the islands.</p></nav>"))
    assert cleaned.title == "Council debates the spring budget"
    assert len(cleaned.paragraphs) == 4
    assert not any("Home, News" in p for p in cleaned.paragraphs)


def test_results_do_not_depend_on_earlier_pages() -> None:
    data = (FIXTURES / "news_page.html").read_bytes()
    assert extract_html(data) == extract_html(data)


def test_text_input_with_an_xml_declaration() -> None:
    html = '<?xml version="1.0" encoding="iso-8859-1"?>' + page(
        "<p>Zoë said the café would stay open all year.</p>"
    )
    assert "Zoë said the café would stay open all year." in extract_html(html).paragraphs


@pytest.mark.parametrize(
    ("head", "body", "author"),
    [
        ('<meta name="author" content="JANE DOE Associated Press">', "", "Jane Doe"),
        ('<meta name="author" content="Jane Doe is a reporter covering the islands">', "", "Jane Doe"),
        ('<meta name="author" content="Jane Doe; John Roe">', "", "Jane Doe, John Roe"),
        ("", '<div class="byline">By Ana Ruiz Thursday, March 4, 2021</div>', "Ana Ruiz"),
        ('<meta name="author" content="Username">', '<span class="byline">By Ana Ruiz</span>', "Ana Ruiz"),
    ],
)
def test_author_is_cleaned(head: str, body: str, author: str) -> None:
    assert extract_html(page(body, head)).author == author


@pytest.mark.parametrize(
    ("head", "url", "published"),
    [
        # the article's own date, not the later modification or an embedded video's
        (
            '<meta property="article:published_time" content="2021-03-04T10:00:00+01:00">'
            '<meta property="article:modified_time" content="2021-03-09T10:00:00+01:00">',
            None,
            dt.date(2021, 3, 4),
        ),
        # a date in the address is the site's own calendar day
        (
            '<meta property="article:published_time" content="2021-03-05T02:00:00Z">',
            "https://x.example/2021/03/04/a",
            dt.date(2021, 3, 4),
        ),
        ('<link rel="canonical" href="https://x.example/news/2021/mar/04/a">', None, dt.date(2021, 3, 4)),
        # nonsense years are not dates
        ('<meta property="article:published_time" content="0001-01-01T00:00:00Z">', None, None),
    ],
)
def test_publication_date(head: str, url: str | None, published: dt.date | None) -> None:
    assert extract_html(page("", head), url=url).published == published


@pytest.mark.parametrize(
    ("og_title", "title"),
    [
        ("Council debates the spring budget | Island Weekly", "Council debates the spring budget"),
        ("Council debates the spring budget - Island Weekly", "Council debates the spring budget"),
        ("Council debates the spring budget | Ana Ruiz", "Council debates the spring budget | Ana Ruiz"),
    ],
)
def test_site_suffix_is_dropped_from_the_title_only_when_it_names_the_site(og_title: str, title: str) -> None:
    head = f'<meta property="og:site_name" content="Island Weekly"><meta property="og:title" content="{og_title}">'
    assert extract_html(page("", head)).title == title


def test_paragraphs_are_ready_for_the_quote_pipeline(news: extract.CleanText) -> None:
    quotes = read_article(news.paragraphs).quotes
    assert any(q.speaker and "Dobre" in q.speaker for q in quotes)
