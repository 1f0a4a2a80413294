from knowledge.answer import answer_question
from knowledge.models import Article
from tests.builders import FERRY_STORY, make_article


def ferry() -> list[Article]:
    article = make_article(*FERRY_STORY)
    return [article.__class__(**{**{f: getattr(article, f) for f in article.__slots__}, "id": 1})]


def test_who_said_a_loosely_quoted_line() -> None:
    answer = answer_question("who said peple have been stuck on the pier for an hour", ferry())
    assert answer.found and answer.intent == "who_said"
    assert answer.excerpts[0].speaker == "Dana Whitfield"
    assert answer.excerpts[0].speaker_role == "the chair of the harbour board"
    assert answer.excerpts[0].text.startswith("People have been stuck on the pier")


def test_who_said_with_missing_words() -> None:
    answer = answer_question("who said we support crossings but not at expense of safety", ferry())
    assert answer.excerpts[0].speaker == "Marcus Lee"


def test_who_said_refuses_words_nobody_said() -> None:
    answer = answer_question("who said the ferries will be free for everyone", ferry())
    assert not answer.found
    assert answer.excerpts == ()
    assert answer.suggestions


def test_who_said_does_not_attribute_the_reporters_own_words() -> None:
    answer = answer_question("who said some residents of the island disagree", ferry())
    assert not answer.found
    assert all(e.speaker is None for e in answer.excerpts)


def test_what_said_by_surname_and_misspelling() -> None:
    for name in ("Whitfield", "Dana Whitfield", "Whitfeild", "D. Whitfield"):
        answer = answer_question(f"what did {name} say", ferry())
        assert answer.found, name
        assert {e.speaker for e in answer.excerpts} == {"Dana Whitfield"}


def test_what_said_about_a_topic_puts_the_relevant_quote_first() -> None:
    answer = answer_question("what did Lee say about safety", ferry())
    assert "safety" in answer.excerpts[0].text


def test_what_said_by_someone_not_quoted_is_refused() -> None:
    answer = answer_question("what did Obama say", ferry())
    assert not answer.found and answer.excerpts == ()


def test_people_lists_speakers_with_roles() -> None:
    answer = answer_question("who is quoted?", ferry())
    roles = {v.speaker.name: v.speaker.role for v in answer.voices}
    assert roles["Marcus Lee"] == "a spokesman for the ferry operators' union"
    assert "Priya Nair" in roles


def test_fact_question_answered_with_the_sentence() -> None:
    answer = answer_question("How much would the change cost a year?", ferry())
    assert answer.found
    assert "300,000 dollars" in answer.excerpts[0].text


def test_fact_not_in_the_article_is_refused() -> None:
    answer = answer_question("Who won the football match on Saturday?", ferry())
    assert not answer.found


def test_summary_is_verbatim_and_in_article_order() -> None:
    article = ferry()[0]
    answer = answer_question("summarize", [article])
    positions = [article.sentences.index(e.text) for e in answer.excerpts]
    assert positions == sorted(positions)
    assert 1 <= len(positions) <= 3
    assert positions[0] == 0


def test_no_articles_gives_a_clear_message() -> None:
    answer = answer_question("who said anything", [])
    assert not answer.found and "no articles" in answer.lead.lower()
