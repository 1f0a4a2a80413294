"""Tell how a run of words is capitalised: a headline's mostly capitalised words or a title's every one."""

from __future__ import annotations

from collections.abc import Sequence

# Short words a title leaves in lower case ("Dancing with the Stars").
_SMALL_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "and", "for", "to", "with", "at", "by"})
HEADLINE_SHARE = 0.7  # the share of a headline's longer words that start with a capital


def is_headline_case(words: Sequence[str]) -> bool:
    """Whether most words longer than three letters start with a capital, as in a headline or subhead.

    Used to drop a page's headings: lenient, so "Council backs the new ferry timetable" passes.
    """
    long_words = [w for w in words if len(w) > 3 and w[0].isalpha()]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= HEADLINE_SHARE * len(long_words)


def is_title_case(words: Sequence[str]) -> bool:
    """Whether every word that starts with a letter is capitalised or a small word ("Meth. We're on It").

    Used to tell a quoted title, name or slogan from a quotation: strict, so "the last word" fails.
    """
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words if w[0].isalpha())
