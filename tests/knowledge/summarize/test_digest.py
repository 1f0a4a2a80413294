import datetime as dt
from dataclasses import replace

from knowledge.models import Article, StoredArticle
from knowledge.summarize.digest import build_digest, group_stories, matches_topic, story_similarity
from tests.builders import FERRY_STORY, make_article

DAY = dt.date(2031, 3, 4)


def report(
    number: int, *paragraphs: str, title: str, published: dt.date | None = DAY, url: str | None = None
) -> Article:
    article = make_article(*paragraphs, title=title, url=url or f"https://news{number}.example/story")
    return replace(StoredArticle.of(article, number), published=published, publisher=f"Paper {number}")


def tram_courier() -> Article:
    return report(
        1,
        "GLENMOOR, N.S. – The Glenmoor city council approved a 40-kilometre tram line on Tuesday that will "
        "link the airport with the old town by 2029.",
        "The tram line will cost 1.2 billion dollars, most of it paid by the regional government.",
        "Mayor Ines Carvalho called the council vote a turning point for Glenmoor.",
        "Opponents said the airport tram would cost far more than planned.",
        title="Glenmoor council approves airport tram line",
    )


def tram_ledger() -> Article:
    return report(
        2,
        "Glenmoor's councillors voted 31 to 9 on Tuesday to build a tram line between the airport and the "
        "old town, ending a decade of debate.",
        "The regional government will pay most of the 1.2 billion dollar cost of the tram.",
        "Work on the airport tram line starts next spring, Mayor Ines Carvalho said.",
        title="Airport tram line wins Glenmoor council vote",
        published=DAY + dt.timedelta(days=1),
    )


def ferry() -> Article:
    return replace(report(3, *FERRY_STORY, title="Harbour Town Debates New Ferry Schedule"), published=DAY)


def library_flood() -> Article:
    return report(
        4,
        "Riverside's public library will be rebuilt on higher ground after the river flooded it for the second "
        "time in ten years, the town council decided on Monday.",
        "The new building will stand next to the school and open in two years.",
        "Librarians saved most of the books, but the children's section was lost.",
        title="Flooded Riverside library to be rebuilt on higher ground",
        published=DAY - dt.timedelta(days=2),
    )


def test_reports_of_the_same_story_become_one_item_with_every_report() -> None:
    digest = build_digest([tram_courier(), ferry(), tram_ledger(), library_flood()])
    assert digest.articles == 4 and digest.stories == 3
    [tram] = [item for item in digest.items if len(item.reports) == 2]
    assert {r.id for r in tram.reports} == {1, 2}
    assert {r.url for r in tram.reports} == {"https://news1.example/story", "https://news2.example/story"}
    assert all(len(item.reports) == 1 for item in digest.items if item is not tram)


def test_same_story_scores_well_above_different_stories() -> None:
    same = story_similarity(tram_courier(), tram_ledger())
    assert same >= 0.13
    for other in (ferry(), library_flood()):
        assert story_similarity(tram_courier(), other) < 0.1
        assert story_similarity(tram_ledger(), other) < 0.1


def test_reports_far_apart_in_time_are_different_stories() -> None:
    later = replace(tram_ledger(), published=DAY + dt.timedelta(days=40))
    assert len(group_stories([tram_courier(), later])) == 2
    undated = replace(tram_ledger(), published=None)
    assert len(group_stories([tram_courier(), undated])) == 1


def test_items_are_newest_first_and_each_has_one_or_two_sentences() -> None:
    digest = build_digest([library_flood(), ferry(), tram_courier(), tram_ledger()])
    assert digest.items[0].article_id in (1, 2)  # the tram story has the newest report
    assert [item.title for item in digest.items][-1].startswith("Flooded Riverside library")
    for item in digest.items:
        assert 1 <= len(item.sentences) <= 2
        assert not item.sentences[0].startswith("GLENMOOR")  # no dateline


def test_topic_keeps_the_matching_articles() -> None:
    articles = [tram_courier(), ferry(), tram_ledger(), library_flood()]
    digest = build_digest(articles, topic="airport tram")
    assert digest.topic == "airport tram" and digest.articles == 2
    assert [len(item.reports) for item in digest.items] == [2]
    assert build_digest(articles, topic="ferry crossings").items[0].reports[0].id == 3
    assert build_digest(articles, topic="volcano eruption").items == ()
    assert matches_topic(ferry(), "harbour board")
    assert not matches_topic(ferry(), "the")


def test_days_keep_recent_dated_articles() -> None:
    articles = [
        tram_courier(),
        ferry(),
        tram_ledger(),
        library_flood(),
        replace(StoredArticle.of(ferry(), 5), published=None),
    ]
    digest = build_digest(articles, days=1, today=DAY + dt.timedelta(days=1))
    assert sorted(r.id for item in digest.items for r in item.reports) == [1, 2, 3]
    assert digest.days == 1
    assert build_digest(articles, days=7, today=DAY + dt.timedelta(days=365)).items == ()


def test_limit_counts_stories_not_articles() -> None:
    digest = build_digest([tram_courier(), ferry(), tram_ledger(), library_flood()], limit=1)
    assert len(digest.items) == 1 and digest.stories == 3


def test_an_empty_collection_gives_an_empty_digest() -> None:
    digest = build_digest([])
    assert digest.items == () and digest.articles == 0 and digest.stories == 0
