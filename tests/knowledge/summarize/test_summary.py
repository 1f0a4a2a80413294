from dataclasses import replace

import pytest

from knowledge.models import Article, Quote, Speaker, StoredArticle
from knowledge.summarize.summary import (
    is_candidate,
    key_voices,
    strip_dateline,
    summarize,
    summary_sentence,
)
from tests.builders import FERRY_STORY, make_article

TRAM_TITLE = "Glenmoor Council Approves Airport Tram Line"
TRAM_STORY = (
    "GLENMOOR, N.S. – The Glenmoor city council approved a 40-kilometre tram line on Tuesday that "
    "will link the airport with the old town by 2029.",
    "The line will cost 1.2 billion dollars, most of it paid by the regional government.",
    "Posted on March 3, 2031, at 9:15 a.m.",
    "Construction of the airport tram line starts next spring at the airport end.",
    "Mayor Ines Carvalho called the vote a turning point for the city.",
    '"We have talked about this tram for twenty years, and now we will build it," Carvalho said.',
    '"Nobody wants another decade of traffic jams."',
    "Opponents on the council said the tram line would cost far more than planned.",
    "Councillor Rob Fenwick, who voted against the tram line, warned that costs always grow.",
    '"Every big project in this city has cost twice its budget," Fenwick said.',
    "What happens next?",
    "Residents can comment on the tram line route at public meetings in May and June.",
    "Read more: our guide to the tram line route",
    "Reporting by Ana Torres; Editing by Sam Greaves.",
)


def tram() -> Article:
    return make_article(*TRAM_STORY, title=TRAM_TITLE, url="https://news.example/tram")


@pytest.mark.parametrize("count", [1, 2, 3, 5, 10])
def test_sentences_are_verbatim_and_in_article_order(count: int) -> None:
    article = tram()
    chosen = summarize(article, count)
    assert chosen == sorted(chosen) and len(set(chosen)) == len(chosen)
    assert all(summary_sentence(article, i) in article.sentences[i] for i in chosen)


def test_default_is_three_sentences_and_the_lead_comes_first() -> None:
    chosen = summarize(tram())
    assert len(chosen) == 3 and chosen[0] == 0


@pytest.mark.parametrize(("asked", "expected"), [(0, 1), (-4, 1), (1, 1), (4, 4), (10, 10), (50, 10)])
def test_length_is_kept_between_one_and_ten(asked: int, expected: int) -> None:
    long = make_article(
        *(
            f"Councillor number {n} said the tram line would serve district {n} within a year."
            for n in range(30)
        ),
        title=TRAM_TITLE,
    )
    assert len(summarize(long, asked)) == expected


def test_a_short_article_gives_what_it_has() -> None:
    article = make_article(*FERRY_STORY)
    candidates = [i for i, s in enumerate(article.sentences) if is_candidate(s, first=i == 0)]
    assert summarize(article, 10) == candidates
    assert summarize(replace(article, sentences=()), 3) == []


def test_boilerplate_captions_headings_questions_and_quotes_are_never_chosen() -> None:
    article = tram()
    never = {
        i
        for i, s in enumerate(article.sentences)
        if s.startswith(("Posted on", '"', "What happens", "Read more", "Reporting by"))
    }
    assert len(never) >= 5
    assert not never & set(summarize(article, 10))


@pytest.mark.parametrize(
    "sentence",
    [
        "Posted on March 3, 2031, at 9:15 a.m.",
        "Reporting by Ana Torres; Editing by Sam Greaves.",
        "Additional reporting by Lee Park in Portvale contributed to this report.",
        "Sam Greaves and Lee Park contributed reporting from Glenmoor.",
        "Listen to the Glenmoor morning show live every weekday at seven.",
        "Originally published on The Glenmoor Courier website last week.",
        "This photo, provided by the council, shows the planned tram stop.",
        "Mayor Ines Carvalho (left) cuts the ribbon at the new depot in Glenmoor.",
        "Workers, watched by the mayor, lay the first rails near the airport.",
        "Copyright 2031 The Glenmoor Courier, all rights reserved.",
        "COUNCIL SPLIT OVER THE COST OF THE NEW TRAM LINE",
        "Five things we learned from the tram line vote",
        "Here is what the council members said after the vote:",
        "Will the tram line be finished before the next election?",
        '"We have waited twenty years for this tram line," she said.',
        "posted by the council press office on the first of March.",
        "The verdict?",
    ],
)
def test_not_summary_material(sentence: str) -> None:
    assert not is_candidate(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The Glenmoor city council approved a tram line on Tuesday.",
        'The mayor called the tram line "a turning point" for the city.',
        "Councillor Rob Fenwick warned that the costs of the project would grow!",
    ],
)
def test_summary_material(sentence: str) -> None:
    assert is_candidate(sentence)


def test_a_long_unpunctuated_first_line_is_a_standfirst_a_short_one_a_heading() -> None:
    standfirst = (
        "Glenmoor will spend 1.2 billion dollars over six years to link its airport with the old town"
    )
    assert is_candidate(standfirst, first=True)
    assert not is_candidate(standfirst, first=False)
    assert not is_candidate("Glenmoor approves the tram line", first=True)


def test_the_headline_repeated_in_the_body_is_not_chosen() -> None:
    assert not is_candidate(f"{TRAM_TITLE}.", title=TRAM_TITLE)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "GLENMOOR, N.S. – The council approved the tram line on Tuesday.",
            "The council approved the tram line on Tuesday.",
        ),
        (
            "PORTVALE — The harbour board voted to add two crossings.",
            "The harbour board voted to add two crossings.",
        ),
        (
            "Portvale (Gazette) - The harbour board voted to add two crossings.",
            "The harbour board voted to add two crossings.",
        ),
        (
            "The council – after a long debate – approved the tram line.",
            "The council – after a long debate – approved the tram line.",
        ),
        ("Glenmoor – yes.", "Glenmoor – yes."),
    ],
)
def test_strip_dateline(sentence: str, expected: str) -> None:
    assert strip_dateline(sentence) == expected


def test_the_summary_shows_the_first_sentence_without_its_dateline() -> None:
    article = tram()
    assert article.sentences[0].startswith("GLENMOOR, N.S. –")
    assert summary_sentence(article, 0).startswith("The Glenmoor city council approved")
    assert summary_sentence(article, 1) == article.sentences[1]


def test_near_duplicates_are_not_both_chosen() -> None:
    article = make_article(
        "The Glenmoor city council approved a tram line to the airport on Tuesday evening.",
        "On Tuesday evening the Glenmoor city council approved a tram line to the airport.",
        "The line will cost 1.2 billion dollars, most of it paid by the regional government.",
        "Construction starts next spring at the airport end of the route.",
        title=TRAM_TITLE,
    )
    chosen = summarize(article, 3)
    assert not {0, 1} <= set(chosen)
    assert len(chosen) == 3


def voiced(*quotes: Quote, speakers: tuple[Speaker, ...]) -> StoredArticle:
    article = replace(
        make_article(*TRAM_STORY, title=TRAM_TITLE),
        quotes=quotes,
        speakers=speakers,
        url="https://x.example/t",
    )
    return StoredArticle.of(article, 1)


def test_key_voices_pick_the_quote_that_carries_the_point() -> None:
    carvalho = Speaker("Ines Carvalho", "Mayor", aliases=("Carvalho",))
    article = voiced(
        Quote("And then?", "Ines Carvalho", "Mayor", "said", "direct", 5),
        Quote(
            "We have talked about this tram line for twenty years, and now we will build it",
            "Ines Carvalho",
            "Mayor",
            "said",
            "direct",
            5,
        ),
        Quote("turning point", "Ines Carvalho", "Mayor", "called", "partial", 4),
        speakers=(carvalho,),
    )
    [voice] = key_voices(article)
    assert voice.sample and voice.sample.startswith("We have talked about this tram line")
    assert voice.quotes == 3
    assert voice.url == "https://x.example/t"


def test_key_voices_order_people_first_then_prominence() -> None:
    speakers = (
        Speaker("Transit Authority", kind="organisation"),
        Speaker("Rob Fenwick", "Councillor", aliases=("Fenwick",)),
        Speaker("Ines Carvalho", "Mayor", aliases=("Carvalho",)),
        Speaker("Dara Quill", "a resident"),
        Speaker("a council official", kind="unnamed"),
    )
    article = voiced(
        Quote(
            "The timetable for the line will be published in the summer",
            "Transit Authority",
            None,
            "said",
            "direct",
            3,
        ),
        Quote(
            "Every big project in this city has cost twice its budget",
            "Rob Fenwick",
            "Councillor",
            "said",
            "direct",
            9,
        ),
        Quote(
            "Costs always grow on projects like this tram line",
            "Rob Fenwick",
            "Councillor",
            "warned",
            "indirect",
            8,
        ),
        Quote(
            "We have talked about this tram for twenty years", "Ines Carvalho", "Mayor", "said", "direct", 5
        ),
        Quote("the route is too long", "Dara Quill", "a resident", "said", "indirect", 11),
        Quote("It will be late", "a council official", None, "said", "direct", 7),
        speakers=speakers,
    )
    names = [v.speaker.name for v in key_voices(article)]
    assert names == ["Rob Fenwick", "Ines Carvalho", "Dara Quill", "Transit Authority"]
    assert next(v for v in key_voices(article) if v.speaker.name == "Dara Quill").sample is None
    assert [v.speaker.name for v in key_voices(article, limit=2)] == ["Rob Fenwick", "Ines Carvalho"]


def test_a_speaker_named_in_the_headline_comes_first() -> None:
    speakers = (Speaker("Rob Fenwick", "Councillor"), Speaker("Ines Glenmoor", "Mayor"))
    article = voiced(
        Quote(
            "Every big project in this city has cost twice its budget",
            "Rob Fenwick",
            None,
            "said",
            "direct",
            9,
        ),
        Quote("Costs always grow on projects of this size", "Rob Fenwick", None, "said", "direct", 9),
        Quote(
            "We will build the tram line and it will be on time", "Ines Glenmoor", None, "said", "direct", 5
        ),
        speakers=speakers,
    )
    assert [v.speaker.name for v in key_voices(article)][0] == "Ines Glenmoor"
