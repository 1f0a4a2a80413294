from pathlib import Path

from knowledge.answer.reply import calibrate
from knowledge.answer.respond import answer_question
from knowledge.answer.tuning import QUOTE_MATCH, THRESHOLD
from knowledge.models import Article, Quote, StoredArticle
from tests.builders import CLINIC_STORY, CLINIC_TITLE, FERRY_STORY, make_article, make_dump, make_library


def ferry() -> list[Article]:
    article = make_article(*FERRY_STORY)
    return [StoredArticle.of(article, 1)]


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


# --------------------------------------------------------------------------- across articles


def two_stories() -> list[Article]:
    ferry_story, clinic = make_article(*FERRY_STORY), make_article(*CLINIC_STORY, title=CLINIC_TITLE)
    return [StoredArticle.of(ferry_story, 1), StoredArticle.of(clinic, 2)]


def test_several_people_of_one_name_are_offered_with_their_roles() -> None:
    answer = answer_question("what did Lee say", two_stories())
    assert not answer.found and "Which one" in answer.lead
    assert {v.speaker.name: v.speaker.role for v in answer.voices} == {
        "Marcus Lee": "a spokesman for the ferry operators' union",
        "Sandra Lee": "a nurse who will run the clinic",
    }
    assert set(answer.suggestions) == {"What did Marcus Lee say?", "What did Sandra Lee say?"}


def test_a_full_name_or_the_topic_picks_one_of_them() -> None:
    by_name = answer_question("what did Sandra Lee say", two_stories())
    assert {e.speaker for e in by_name.excerpts} == {"Sandra Lee"}
    by_topic = answer_question("what did Lee say about sleep", two_stories())
    assert by_topic.excerpts[0].text.startswith("Nobody should have to choose between sleep")


def test_a_misspelt_first_name_does_not_match_another_person_of_that_surname() -> None:
    answer = answer_question("what did Sandar Lee say", two_stories())
    assert answer.found and {e.speaker for e in answer.excerpts} == {"Sandra Lee"}


def test_an_answer_names_the_article_it_comes_from() -> None:
    answer = answer_question("How much will the clinic cost a year?", two_stories())
    assert answer.found and answer.lead == f"From “{CLINIC_TITLE}”:"
    assert answer.excerpts[0].title == CLINIC_TITLE and answer.article_id == 2


# --------------------------------------------------------------------------- refusals and confidence


def test_quoted_words_without_a_speaker_never_get_one() -> None:
    sentence = '"The bridge will stay shut all winter," read a notice on the gate.'
    article = StoredArticle(
        title="Bridge Notice",
        text=sentence,
        sentences=(sentence,),
        quotes=(Quote("The bridge will stay shut all winter", None, None, None, "direct", 0),),
        id=1,
    )
    answer = answer_question("who said the bridge will stay shut all winter", [article])
    assert not answer.found
    assert "doesn't make clear who said them" in answer.lead
    assert [e.speaker for e in answer.excerpts] == [None]


def test_a_refusal_offers_the_nearest_questions_it_can_answer() -> None:
    answer = answer_question("who said the pier needs a new roof before winter", ferry())
    assert not answer.found
    assert any(s.startswith('Who said "People have been stuck on the pier') for s in answer.suggestions)


def test_confidence_is_a_probability_rising_with_the_score() -> None:
    scores = [calibrate("who_said", s / 20) for s in range(21)]
    assert scores == sorted(scores) and 0.0 <= scores[0] < THRESHOLD < scores[-1] <= 1.0
    assert calibrate("who_said", QUOTE_MATCH) == THRESHOLD


# --------------------------------------------------------------------------- what would answer a fact


def story(*sentences: str) -> list[Article]:
    return [StoredArticle.of(make_article(*sentences, title="Millbrook Mill Changes Hands"), 1)]


def test_how_many_prefers_the_number_that_counts_the_thing_asked_about() -> None:
    articles = story(
        "MILLBROOK, (Gazette) - The Millbrook Baking Company was founded 30 years ago by two sisters.",
        "The company now runs 25 shops across the county and employs 300 bakers.",
    )
    answer = answer_question("How many shops does the Millbrook Baking Company have?", articles)
    assert "25 shops" in answer.excerpts[0].text


def test_how_much_needs_a_sum_of_money() -> None:
    articles = story(
        "MILLBROOK, (Gazette) - The town council bought the old mill from a local family on Friday.",
        "The mill, built in 1850, will become a museum of the town's three centuries of baking.",
    )
    assert not answer_question("How much did the council pay for the old mill?", articles).found


def test_a_fact_the_article_says_is_withheld_is_not_an_answer() -> None:
    articles = story(
        "MILLBROOK, (Gazette) - The town council bought the old mill from a local family on Friday.",
        "The price of the sale was not disclosed by the council or the family.",
    )
    answer = answer_question("How much did the council pay for the old mill?", articles)
    assert not answer.found and "not known" in answer.lead


def test_another_body_of_a_like_name_does_not_answer() -> None:
    articles = story(
        "MILLBROOK, (Gazette) - The Northgate Health Trust spent 5 million dollars on the new clinic last year.",
        "The Millbrook Health Trust has not yet published its accounts.",
    )
    assert not answer_question(
        "How much did the Kingsford Health Trust spend on the new clinic?", articles
    ).found
    assert answer_question("How much did the Northgate Health Trust spend on the new clinic?", articles).found


def test_a_reader_word_the_article_never_uses_does_not_sink_a_checked_answer() -> None:
    articles = story(
        "MILLBROOK, (Gazette) - The bakery's head baker was sacked last night after a row over hygiene.",
        "The bakery opened a second shop on the high street in March.",
        "Its owners said the row had cost them customers.",
    )
    answer = answer_question("When was the head baker fired?", articles)
    assert answer.found and "last night" in answer.excerpts[0].text


def test_an_unused_name_still_weighs_fully() -> None:
    articles = story(
        "MILLBROOK, (Gazette) - The council paid 40,000 pounds for the old mill on Friday.",
        "The mill, built in 1850, will become a museum.",
    )
    assert not answer_question("How much did the council pay for the Calefield granary?", articles).found


def test_one_word_asked_needs_the_kind_of_answer() -> None:
    articles = story(
        "MILLBROOK, (Gazette) - For 30 years the town has argued about its bakeries.",
        "The mayor said bakeries were the pride of the county.",
    )
    assert not answer_question("How many bakeries are there in the world?", articles).found


def test_what_said_by_role_finds_the_speaker() -> None:
    articles = story(
        "MILLBROOK, (Gazette) - The hearing on the mill thefts opened on Monday.",
        '"We will not tolerate thefts from the mill," said Police Commissioner Ada Brennan.',
        "Tom Reyes, a spokesman for the mill's owners, welcomed the hearing.",
        '"The owners are grateful for the help," Reyes said.',
    )
    answer = answer_question("What did the police commissioner say?", articles)
    assert answer.found and {e.speaker for e in answer.excerpts} == {"Ada Brennan"}
    answer = answer_question("what did the spokesperson say", articles)
    assert answer.found and {e.speaker for e in answer.excerpts} == {"Tom Reyes"}


def test_what_said_by_a_role_several_people_share_asks_which_one() -> None:
    articles = story(
        "MILLBROOK, (Gazette) - Two doctors treated the injured bakers on Monday.",
        '"The burns were serious," said Dr. Lena Fox.',
        '"They will recover," said Dr. Omar Hale.',
    )
    answer = answer_question("what did the doctor say", articles)
    assert not answer.found and "Which one" in answer.lead
    assert {v.speaker.name for v in answer.voices} == {"Lena Fox", "Omar Hale"}


def test_what_said_about_a_topic_then_lists_the_other_quotes() -> None:
    answer = answer_question("what did Whitfield say about the pier", ferry())
    assert "pier" in answer.excerpts[0].text
    assert len(answer.excerpts) >= 2 and "the rest" in answer.lead


def test_a_tie_prefers_the_sentence_where_the_asked_words_stand_together() -> None:
    articles = story(
        "MILLBROOK, (Gazette) - Ruth Fairley, the baker's wife, opened the shop in 1990.",
        "The baker thanked customers, and his wife Ruth Fairley thanked the staff.",
        "The baker and the council argued, his wife said in 1990.",
    )
    answer = answer_question("Who is the baker's wife?", articles)
    assert answer.excerpts[0].text.startswith("MILLBROOK") or "the baker's wife" in answer.excerpts[0].text


def test_who_said_words_running_over_two_stored_pieces_of_one_quote() -> None:
    articles = story(
        "MILLBROOK, (Gazette) - The mill's new owner spoke to workers on Monday.",
        '"The island has waited long enough for a proper evening service," Hana Orlov said. '
        '"Commuters deserve a boat that runs after dark."',
    )
    answer = answer_question(
        "who said waited long enough for evening service and commuters deserve a boat after dark", articles
    )
    assert answer.found and answer.excerpts[0].speaker == "Hana Orlov"
    assert "evening service" in answer.excerpts[0].text and "after dark" in answer.excerpts[0].text


def test_joined_pieces_are_only_those_of_one_speaker() -> None:
    articles = story(
        "MILLBROOK, (Gazette) - Two owners argued on Monday.",
        '"The island has waited long enough for a proper evening service," Hana Orlov said.',
        '"Commuters deserve a boat that runs after dark," Piet Lund said.',
    )
    answer = answer_question(
        "who said waited long enough for evening service and commuters deserve a boat after dark", articles
    )
    assert all("after dark" not in e.text or "evening" not in e.text for e in answer.excerpts)


def test_what_said_by_an_abbreviated_role() -> None:
    articles = story(
        "MILLBROOK, (Gazette) - The mill was sold on Monday.",
        '"We paid a fair price," said Rosa Vint, vice president of sales at Millbrook Flour.',
        '"The workers stay," said Tom Reyes, the company\'s chief executive.',
    )
    answer = answer_question("what did the millbrook flour vp say", articles)
    assert answer.found and {e.speaker for e in answer.excerpts} == {"Rosa Vint"}
    answer = answer_question("what did the ceo say", articles)
    assert answer.found and {e.speaker for e in answer.excerpts} == {"Tom Reyes"}


def test_a_possessive_role_prefers_the_owners_own_lawyer() -> None:
    articles = story(
        "MILLBROOK, (Gazette) - Ivo Brandt admitted the thefts on Monday.",
        '"My client regrets it," said Sara Holm, Brandt\'s lawyer.',
        '"The court will decide," said Jan Ek, a lawyer for the city.',
    )
    answer = answer_question("what did brandt's lawyer say", articles)
    assert answer.found and {e.speaker for e in answer.excerpts} == {"Sara Holm"}


def test_a_named_speaker_in_a_role_wins_over_an_unnamed_one() -> None:
    named = make_article(
        "MILLBROOK, (Gazette) - The bakery owner spoke on Monday.",
        '"We bake every night," said Lia Moss, the owner of the bakery.',
    )
    unnamed = make_article(
        "HARBOUR, (Gazette) - A cafe closed on Friday.",
        '"It is over," the owner said.',
    )
    articles = [StoredArticle.of(named, 1), StoredArticle.of(unnamed, 2)]
    answer = answer_question("what did the owner say", articles)
    assert answer.found and answer.excerpts[0].speaker == "Lia Moss"


def test_a_pronoun_is_not_read_as_a_name() -> None:
    articles = story(
        "MILLBROOK, (Gazette) - Rosa Vint won the baking contest on Monday.",
        "She was competing against Tom Reyes in the final.",
    )
    answer = answer_question("who was she competing against in the final", articles)
    assert answer.intent == "fact" and answer.found and "Tom Reyes" in answer.excerpts[0].text


def test_a_role_is_found_in_an_older_article_over_the_whole_collection(tmp_path: Path) -> None:
    library = make_library(tmp_path)
    library.ingest_text(
        make_dump(
            "MILLBROOK, (Gazette) - The port reopened on Monday.",
            '"The channel is clear again," said Ola Berg, the harbour master.',
            title="Millbrook Port Reopens",
        )
    )
    for n in range(21):  # more than the newest articles "who is quoted" looks at
        library.ingest_text(
            make_dump(
                f"TOWN{n}, (Gazette) - A fair opened on day {n}.",
                f'"We sold {n + 2} pies," said Kim Lee{n}, a baker.',
                title=f"Fair number {n} opens",
            )
        )
    answer = library.ask("what did the harbour master say")
    assert answer.found and answer.excerpts[0].speaker == "Ola Berg"
    library.close()
