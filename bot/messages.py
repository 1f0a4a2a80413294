"""Every phrase the bot says in its own words, in English and in Russian (one catalogue), and the Russian of
the answers' lead lines, which ``knowledge.answer.phrases`` writes in English."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from knowledge.models import Answer

Language = Literal["en", "ru"]
LANGUAGES: tuple[Language, ...] = ("en", "ru")

# key -> the phrase in each language; "{0}", "{1}" are filled in by ``say``.
PHRASES: dict[str, dict[Language, str]] = {
    # notices
    "slow_down": {
        "en": "You're asking faster than I can read. Give me a minute, then ask again.",
        "ru": "Вы спрашиваете быстрее, чем я успеваю читать. Подождите минуту и спросите снова.",
    },
    "too_long": {
        "en": "That question is too long for me; please keep it under {0} characters.",
        "ru": "Вопрос слишком длинный: пожалуйста, уложитесь в {0} символов.",
    },
    "sorry": {
        "en": "Sorry, something went wrong on my side. Please try again.",
        "ru": "Извините, у меня что-то пошло не так. Попробуйте ещё раз.",
    },
    "stale_button": {
        "en": "That button no longer works. Send /summary again.",
        "ru": "Эта кнопка больше не работает. Отправьте /summary ещё раз.",
    },
    "gone_article": {
        "en": "That article is no longer stored.",
        "ru": "Этой статьи у меня больше нет.",
    },
    "old_answer": {
        "en": "That answer is no longer the latest one here. Ask again, please.",
        "ru": "Этот ответ уже не последний в чате. Спросите, пожалуйста, ещё раз.",
    },
    # answers
    "said": {"en": "said", "ru": "сказал(а)"},
    "said_reported": {"en": "said (reported speech)", "ru": "сказал(а) (в пересказе)"},
    "open_in": {"en": "Open in “{0}”", "ru": "Открыть в «{0}»"},
    "read": {"en": "Read “{0}”", "ru": "Читать «{0}»"},
    "source": {"en": "Source: “{0}”", "ru": "Источник: «{0}»"},
    "source_link": {"en": "source", "ru": "источник"},
    "key_voices": {"en": "Key voices:", "ru": "Главные голоса:"},
    "quote": {"en": "{0} quote", "ru": "цитат: {0}"},
    "quotes": {"en": "{0} quotes", "ru": "цитат: {0}"},
    "in_article": {"en": "in #{0}", "ru": "в #{0}"},
    "which": {"en": "({0}–{1} of {2})", "ru": "({0}–{1} из {2})"},
    "you_can_ask": {"en": "You can ask:", "ru": "Можно спросить:"},
    "tap_or_ask": {"en": "Tap a question below, or ask:", "ru": "Нажмите на вопрос ниже или спросите:"},
    "tap_below": {
        "en": "Tap a question below, or ask your own.",
        "ru": "Нажмите на вопрос ниже или задайте свой.",
    },
    # buttons
    "back": {"en": "« Back", "ru": "« Назад"},
    "more": {"en": "More ({0}/{1}) »", "ru": "Ещё ({0}/{1}) »"},
    "open_source": {"en": "Open source ↗", "ru": "Источник ↗"},
    "share": {"en": "Share", "ru": "Поделиться"},
    "summary_of": {"en": "Summary of #{0}", "ru": "Кратко о #{0}"},
    "who_else": {"en": "Who else is quoted", "ru": "Кого ещё цитируют"},
    "shorter": {"en": "« Shorter", "ru": "« Короче"},
    "longer": {"en": "Longer »", "ru": "Длиннее »"},
}

# The Russian of ``knowledge.answer.phrases.LEADS``, key for key (article text, names and titles stay as
# the article has them).
LEADS_RU: dict[str, str] = {
    "no_articles": "У меня пока нет статей. Пришлите мне статью (ссылку или текстовый файл).",
    "help": "Спросите меня, кто сказал фразу, что кто-то сказал (о чём-то), кого цитируют, задайте вопрос "
    "по статье или попросите краткое изложение. Можно спрашивать по-русски: цитаты я покажу "
    "так, как они написаны в статье.",
    "not_sure": "Я не уверен, что в статьях есть ответ на это.",
    "said_it": "Это сказал(а) {0}.",
    "several_said": "Похожие слова говорили несколько человек.",
    "said_something_like": "Что-то похожее сказал(а) {0}.",
    "which_words": "Напишите слова, автора которых нужно найти, например: кто сказал «мы не сдадимся»?",
    "no_one_said": "Не нахожу, чтобы кто-то говорил такое.",
    "reporters_words": "Эти слова есть в статье, но это слова автора, а не чья-то цитата.",
    "speaker_unclear": "Эти слова в статье цитируются, но из неё не ясно, кто их сказал.",
    "which_person": "Под «{0}» подходят несколько человек. Кого вы имеете в виду?",
    "what_said": "Что сказал(а) {0}:",
    "what_said_about": "Что {0} сказал(а) по теме «{1}»:",
    "what_said_about_then_rest": "Что {0} сказал(а) по теме «{1}», затем остальные слова:",
    "says_nothing_about": "{0} ничего не говорит по теме «{1}»; вот что он(а) сказал(а):",
    "no_one_called": "Здесь не цитируют никого по имени {0}.",
    "who_is": "Кто такой (такая) {0}:",
    "no_one_quoted": "Здесь никого не цитируют по имени.",
    "people_quoted": "Кого цитируют:",
    "summary_of": "Кратко о «{0}»:",
    "articles": "Статей: {0}:",
    "newest_articles": "{0} самых новых из {1} статей:",
    "articles_about": "Статьи о теме «{1}» ({0}):",
    "no_articles_about": "У меня нет статей о теме «{0}».",
    "ask_about_articles": "Спросите меня о чём-нибудь из статей.",
    "articles_dont_say": "В статьях об этом не сказано.",
    "not_known": "В статье сказано, что это неизвестно:",
    "from_the_article": "Из статьи:",
    "from_title": "Из статьи «{0}»:",
}


# Months as a date names them ("14 марта 2031"), January first.
MONTHS_RU = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


def language_of(code: str | None) -> Language:
    """The language to talk in, from a Telegram user's ``language_code`` or a ``LANG`` setting
    ("ru", "ru-RU", "ru_RU.UTF-8"): Russian for Russian, English otherwise."""
    return "ru" if (code or "").strip().lower().startswith("ru") else "en"


def say(key: str, language: Language = "en", *values: object) -> str:
    """The phrase ``key`` in ``language``, filled with ``values``."""
    return PHRASES[key][language].format(*values)


def date_in(value: dt.date, language: Language = "en") -> str:
    """A publication date as a reader of ``language`` writes it: "14 March 2031", "14 марта 2031"."""
    if language == "ru":
        return f"{value.day} {MONTHS_RU[value.month - 1]} {value.year}"
    return f"{value.day} {value:%B %Y}"


def lead_of(answer: Answer, language: Language = "en") -> str:
    """An answer's lead line in ``language`` (in English when the catalogue lacks it)."""
    if language == "ru" and answer.lead_key in LEADS_RU:
        return LEADS_RU[answer.lead_key].format(*answer.lead_values)
    return answer.lead
