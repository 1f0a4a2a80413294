"""Read names typed in Cyrillic against the Latin names of the articles: transliteration and sound skeletons."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Russian letters as English spelling writes the names borrowed from it ("Хейли" -> "kheyli" -> "heyli").
_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}  # fmt: skip
# Sounds English spells in several ways, each written one way (longest first), then the vowels dropped:
# "Clinton" and "Клинтон" both become "klntn", "Haley" and "Хейли" both "hl".
_SOUNDS = (
    ("shch", "sh"), ("sch", "sh"), ("tch", "ch"), ("dzh", "j"), ("zh", "j"), ("kh", "h"), ("ck", "k"),
    ("ph", "f"), ("th", "t"), ("ts", "c"), ("tz", "c"), ("qu", "kv"), ("wh", "v"), ("x", "ks"), ("q", "k"),
    ("w", "v"), ("c", "k"), ("j", "j"),
)  # fmt: skip
_VOWELS = re.compile(r"[aeiouy]+")
SAME_SOUND = 80  # rapidfuzz ratio of two skeletons from which the names are read as one


def has_cyrillic(text: str) -> bool:
    """Whether the text holds a Cyrillic letter."""
    return bool(_CYRILLIC.search(text))


def to_latin(text: str) -> str:
    """Cyrillic letters written in Latin ones, the rest kept ("Что сказал Путин" -> "Chto skazal Putin")."""
    out = []
    for char in text:
        latin = _LATIN.get(char.lower())
        if latin is None:
            out.append(char)
        else:
            out.append(latin.capitalize() if char.isupper() else latin)
    return "".join(out)


def skeleton(word: str) -> str:
    """A word's consonants as they sound, in either script: the key two spellings of one name share."""
    text = to_latin(word).lower()
    for written, sound in _SOUNDS:
        text = text.replace(written, sound)
    text = re.sub(r"[^a-z]", "", text)
    return _VOWELS.sub("", text[1:]) if text[:1] in "aeiouy" else text[:1] + _VOWELS.sub("", text[1:])


def sounds_like(typed: str, name: str) -> bool:
    """Whether every word typed (in any script) sounds like a word of ``name``
    ("Клинтон" and "Hillary Clinton", "Хейли" and "Nikki Haley")."""
    words = [skeleton(w) for w in typed.split() if skeleton(w)]
    forms = [skeleton(w) for w in name.split() if skeleton(w)]
    return bool(words) and all(any(fuzz.ratio(w, f) >= SAME_SOUND for f in forms) for w in words)
