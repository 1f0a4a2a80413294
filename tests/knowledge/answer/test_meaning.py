"""Questions in other words than the article's, matched by meaning (a stand-in encoder whose "concepts"
say which words mean the same), and the same questions refused when matching by words alone."""

from pathlib import Path

from knowledge.library import Library
from tests.builders import CLINIC_STORY, CLINIC_TITLE, FERRY_STORY, StandInEncoder, make_article, make_library

CONCEPTS = (
    ("evening", "dark", "night"),
    ("ferry", "boats", "boat"),
    ("crossings", "sailings", "trips"),
    ("added", "add", "adding"),
    ("people", "passengers"),
    ("stuck", "waiting", "wait"),
    ("pier", "dock"),
    ("hour", "sixty"),
    ("work", "jobs", "job"),
)
REWORDED = "when are boats adding sailings after dark?"
LOOSE = "who said passengers are waiting at the dock sixty minutes after their jobs"


def ferry_library(tmp_path: Path, *, meaning: bool) -> tuple[Library, int]:
    library = make_library(tmp_path, encoder=StandInEncoder(CONCEPTS) if meaning else None)
    return library, library.ingest_article(make_article(*FERRY_STORY)).article.id


def test_a_reworded_fact_is_found_by_meaning(tmp_path: Path) -> None:
    library, article_id = ferry_library(tmp_path, meaning=True)
    answer = library.ask(REWORDED, article_id=article_id)
    assert answer.found
    assert "evening ferry crossings" in answer.excerpts[0].text


def test_by_words_alone_the_reworded_fact_is_refused(tmp_path: Path) -> None:
    library, article_id = ferry_library(tmp_path, meaning=False)
    assert not library.ask(REWORDED, article_id=article_id).found


def test_a_loosely_remembered_quote_names_its_speaker(tmp_path: Path) -> None:
    library, article_id = ferry_library(tmp_path, meaning=True)
    answer = library.ask(LOOSE, article_id=article_id)
    assert answer.found
    assert answer.excerpts[0].speaker == "Dana Whitfield"
    assert "something like that" in answer.lead
    words_only, other_id = ferry_library(tmp_path / "words", meaning=False)
    assert not words_only.ask(LOOSE, article_id=other_id).found


def test_a_question_about_something_the_article_lacks_is_still_refused(tmp_path: Path) -> None:
    library, article_id = ferry_library(tmp_path, meaning=True)
    assert not library.ask("what is the name of the island's mayor?", article_id=article_id).found
    assert not library.ask("how long will the boats run after dark?", article_id=article_id).found


def test_a_name_typed_in_cyrillic_finds_the_speaker(tmp_path: Path) -> None:
    library, article_id = ferry_library(tmp_path, meaning=True)
    answer = library.ask("Что сказал Уитфилд?", article_id=article_id)
    assert answer.found
    assert {e.speaker for e in answer.excerpts} == {"Dana Whitfield"}
    assert "People have been stuck on the pier" in answer.excerpts[0].text  # the English excerpt


def test_articles_stored_in_bulk_get_their_vectors_in_the_background(tmp_path: Path) -> None:
    encoder = StandInEncoder(CONCEPTS)
    library = make_library(tmp_path, encoder=encoder)
    dump = "\n".join(
        ["- The Test Gazette, 2031", "", "Harbour Town Debates New Ferry Schedule", "", *FERRY_STORY]
    )
    results = list(library.ingest_many([dump], workers=1))
    assert results[0].status == "added"  # type: ignore[union-attr]
    assert library.vectors_missing() == 1
    assert library.catch_up_vectors() == 1
    assert library.vectors_missing() == 0
    assert library.catch_up_vectors() == 0


def test_a_scoped_question_makes_the_missing_vectors_once(tmp_path: Path) -> None:
    encoder = StandInEncoder(CONCEPTS)
    library = make_library(tmp_path, encoder=encoder)
    dump = "\n".join(
        ["- The Test Gazette, 2031", "", "Harbour Town Debates New Ferry Schedule", "", *FERRY_STORY]
    )
    article_id = next(iter(library.ingest_many([dump], workers=1))).article.id  # type: ignore[union-attr]
    assert library.ask(REWORDED, article_id=article_id).found
    assert library.vectors_missing() == 0
    before = encoder.encoded
    library.ask(REWORDED, article_id=article_id)
    assert encoder.encoded == before + 1  # only the question: the article's vectors were kept


def test_over_every_article_meaning_reranks_the_articles_its_words_find(tmp_path: Path) -> None:
    library, _ = ferry_library(tmp_path, meaning=True)
    answer = library.ask("when is the ferry adding sailings after dark?")
    assert answer.found
    assert "evening ferry crossings" in answer.excerpts[0].text


def test_over_every_article_a_question_sharing_no_word_finds_its_article_by_meaning(tmp_path: Path) -> None:
    library, _ = ferry_library(tmp_path, meaning=True)
    library.ingest_article(make_article(*CLINIC_STORY, title=CLINIC_TITLE))
    answer = library.ask(REWORDED)  # not one word of it is in the ferry story
    assert answer.found
    assert "evening ferry crossings" in answer.excerpts[0].text
    words_only, _ = ferry_library(tmp_path / "words", meaning=False)
    assert not words_only.ask(REWORDED).found


def test_over_every_article_a_name_in_cyrillic_finds_a_recent_speaker(tmp_path: Path) -> None:
    library, _ = ferry_library(tmp_path, meaning=False)
    library.ingest_article(
        make_article(
            '"We will not stay silent," Nikki Haley, the ambassador, said on Tuesday.',
            "The council met for three hours.",
            title="Ambassador Speaks Out",
        )
    )
    answer = library.ask("Что сказала Хейли?")  # "Heyli" shares no three letters with "Haley"
    assert answer.found
    assert {e.speaker for e in answer.excerpts} == {"Nikki Haley"}
