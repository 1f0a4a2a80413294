import datetime as dt
import re

import pytest

from bot.messages import LANGUAGES, LEADS_RU, PHRASES, date_in, language_of, lead_of, say
from knowledge.answer.phrases import LEADS, phrase
from knowledge.models import Answer

_FIELD = re.compile(r"\{\d\}")


def test_every_lead_has_russian_with_the_same_fields() -> None:
    assert set(LEADS_RU) == set(LEADS)
    for key, english in LEADS.items():
        assert set(_FIELD.findall(LEADS_RU[key])) == set(_FIELD.findall(english)), key


def test_every_phrase_is_in_every_language_with_the_same_fields() -> None:
    for key, languages in PHRASES.items():
        assert set(languages) == set(LANGUAGES), key
        assert set(_FIELD.findall(languages["ru"])) == set(_FIELD.findall(languages["en"])), key


@pytest.mark.parametrize(
    ("code", "language"),
    [("ru", "ru"), ("ru-RU", "ru"), ("ru_RU.UTF-8", "ru"), ("en", "en"), ("de", "en"), (None, "en"), ("", "en")],
)
def test_language_of_a_telegram_user_or_a_locale(code: str | None, language: str) -> None:
    assert language_of(code) == language


def test_a_lead_is_shown_in_the_readers_language_with_its_values() -> None:
    lead = phrase("what_said_about", "Dana Whitfield", "the ferry")
    answer = Answer("q", "what_said", True, 0.9, lead.text, lead_key=lead.key, lead_values=lead.values)
    assert lead_of(answer, "en") == "What Dana Whitfield said about the ferry:"
    assert lead_of(answer, "ru") == "Что Dana Whitfield сказал(а) по теме «the ferry»:"
    unkeyed = Answer("q", "fact", True, 0.9, "An older lead.")
    assert lead_of(unkeyed, "ru") == "An older lead."  # no key: the English line


def test_say_fills_in_values() -> None:
    assert say("more", "ru", 2, 3) == "Ещё (2/3) »"
    assert say("too_long", "en", 1000).endswith("under 1000 characters.")
    with pytest.raises(KeyError):
        phrase("no such lead")


def test_dates_are_written_the_readers_way() -> None:
    assert date_in(dt.date(2031, 3, 14)) == "14 March 2031"
    assert date_in(dt.date(2031, 3, 14), "ru") == "14 марта 2031"
    assert date_in(dt.date(2031, 12, 1), "ru") == "1 декабря 2031"
