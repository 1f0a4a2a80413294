import pytest

from bot.buttons import parse_summary_data, summary_data, summary_keyboard
from knowledge.models import Answer, Excerpt


def summary(shown: int, article_id: int | None = 7) -> Answer:
    excerpts = tuple(Excerpt(f"Sentence {n}.", 7, "Title") for n in range(shown))
    return Answer("summary", "summary", True, 1.0, "Summary:", excerpts=excerpts, article_id=article_id)


def buttons(answer: Answer, requested: int) -> list[tuple[str, str]]:
    markup = summary_keyboard(answer, requested)
    return [] if markup is None else [(b.text, b.callback_data) for b in markup.inline_keyboard[0]]


def test_callback_data_round_trips_and_fits_telegram() -> None:
    data = summary_data(123456789012345678, 10)
    assert len(data.encode()) <= 64
    assert parse_summary_data(data) == (123456789012345678, 10)


@pytest.mark.parametrize(
    "data", [None, "", "sum", "sum:7", "sum:7:0", "sum:7:11", "sum:x:3", "sum:7:3:1", "other:7:3", "sum:-7:3"]
)
def test_stale_or_forged_data_is_refused(data: str | None) -> None:
    assert parse_summary_data(data) is None


def test_shorter_and_longer_in_the_middle() -> None:
    assert buttons(summary(3), 3) == [("« Shorter", "sum:7:2"), ("Longer »", "sum:7:4")]


def test_no_shorter_at_one_sentence_and_no_longer_at_ten() -> None:
    assert buttons(summary(1), 1) == [("Longer »", "sum:7:2")]
    assert buttons(summary(10), 10) == [("« Shorter", "sum:7:9")]


def test_no_longer_when_the_article_has_no_more_sentences() -> None:
    assert buttons(summary(4), 6) == [("« Shorter", "sum:7:3")]
    assert summary_keyboard(summary(1), 3) is None


def test_no_buttons_without_an_article() -> None:
    assert summary_keyboard(summary(3, article_id=None), 3) is None
