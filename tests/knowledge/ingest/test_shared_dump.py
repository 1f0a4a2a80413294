"""The shared raw page dump: clean metadata, no boilerplate, right speakers (skips without ../shared)."""

import datetime as dt
from pathlib import Path

import pytest

from knowledge.answer.respond import answer_question
from knowledge.ingest.pipeline import parse_file
from knowledge.models import Article, StoredArticle

DUMPS = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "text"

pytestmark = pytest.mark.skipif(not DUMPS.is_dir(), reason="../shared/corpus/text is not present")


@pytest.fixture(scope="module")
def article() -> Article:
    path = next(DUMPS.glob("*.txt"))
    parsed = parse_file(path)
    return StoredArticle.of(parsed, 1)


def test_metadata(article: Article) -> None:
    assert article.publisher == "Sputnik International"
    assert article.published == dt.date(2022, 10, 10)
    assert article.dateline == "Moscow"
    assert "Missile" in article.title


def test_body_has_no_boilerplate(article: Article) -> None:
    for furniture in (
        "log in or register",
        "participate in the discussion",
        "©",
        "Get the latest news",
        "A TV screen showing",
        "Заголовок",
        "Sputnik International, 1920",
    ):
        assert furniture not in article.text


def test_every_direct_quote_goes_to_a_named_expert_with_a_role(article: Article) -> None:
    direct = [q for q in article.quotes if q.kind == "direct"]
    assert len(direct) >= 4
    experts = {s.name for s in article.speakers if s.kind == "person" and s.role}
    assert {q.speaker for q in direct} <= experts
    assert len(experts) == 3


def test_pronoun_quotes_resolve_to_the_expert_introduced_before(article: Article) -> None:
    for quote in article.quotes:
        if quote.kind == "direct" and quote.cue == "said":
            sentence = article.sentences[quote.sentence]
            if sentence.rstrip(".").endswith("he said"):
                surname = quote.speaker.split()[-1]
                earlier = " ".join(article.sentences[max(0, quote.sentence - 3) : quote.sentence])
                assert surname in earlier


def test_who_said_each_direct_quote(article: Article) -> None:
    for quote in (q for q in article.quotes if q.kind == "direct"):
        fragment = " ".join(quote.text.split()[2:10])
        answer = answer_question(f"who said {fragment}", [article])
        assert answer.found and answer.excerpts[0].speaker == quote.speaker


def test_unknown_person_is_refused(article: Article) -> None:
    assert not answer_question("What did Jacinda Ardern say?", [article]).found
