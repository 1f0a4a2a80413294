import pytest

from knowledge.text.cyrillic import has_cyrillic, skeleton, sounds_like, to_latin


def test_cyrillic_is_written_in_latin_letters() -> None:
    assert to_latin("Путин") == "Putin"
    assert to_latin("Что сказал Хейли?") == "Chto skazal Heyli?"
    assert has_cyrillic("кто сказал") and not has_cyrillic("who said")


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Хейли", "Nikki Haley"),
        ("Клинтон", "Hillary Clinton"),
        ("Трамп", "Donald Trump"),
        ("Хиллари Клинтон", "Hillary Rodham Clinton"),
        ("Шарптон", "Al Sharpton"),
    ],
)
def test_a_name_typed_in_cyrillic_sounds_like_the_latin_one(typed: str, name: str) -> None:
    assert sounds_like(typed, name)


@pytest.mark.parametrize(
    ("typed", "name"), [("Обама", "Osama bin Laden"), ("Трамп", "Tim Lee"), ("Ли", "Nikki Haley")]
)
def test_other_names_do_not(typed: str, name: str) -> None:
    assert not sounds_like(typed, name)


def test_two_spellings_of_a_sound_share_a_skeleton() -> None:
    assert skeleton("Clinton") == skeleton("Клинтон") == "klntn"
