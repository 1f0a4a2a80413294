"""The lead line of every answer, in English, each under a key that a front end may show in another language."""

from __future__ import annotations

from dataclasses import dataclass

# key -> the English lead; "{0}", "{1}" are filled with names, topics, titles and counts.
LEADS: dict[str, str] = {
    "no_articles": "I have no articles yet. Send me an article first (a link or a text file).",
    "help": "Ask me who said a line, what someone said (about a topic), who is quoted, a question about the "
    "story, or for a summary.",
    "not_sure": "I'm not sure the articles answer that.",
    "said_it": "{0} said it.",
    "several_said": "Several people said words like that.",
    "said_something_like": "{0} said something like that.",
    "which_words": 'Tell me the words you want attributed, e.g. who said "we will not give up"?',
    "no_one_said": "I can't find anyone quoted saying that.",
    "reporters_words": "Those words are in the article, but they are the reporter's, not a quote from anyone.",
    "speaker_unclear": "Those words are quoted in the article, but it doesn't make clear who said them.",
    "which_person": "Several people match “{0}”. Which one do you mean?",
    "what_said": "What {0} said:",
    "what_said_about": "What {0} said about {1}:",
    "what_said_about_then_rest": "What {0} said about {1}, then the rest of what they said:",
    "says_nothing_about": "{0} says nothing about {1} here; this is what they said:",
    "no_one_called": "No one called {0} is quoted here.",
    "who_is": "Who {0} is:",
    "no_one_quoted": "No one is quoted by name here.",
    "people_quoted": "People quoted:",
    "summary_of": "Summary of “{0}”:",
    "articles": "{0} article(s):",
    "newest_articles": "The {0} newest of {1} articles:",
    "articles_about": "{0} article(s) about {1}:",
    "no_articles_about": "I have no articles about {0}.",
    "ask_about_articles": "Ask me about something in the articles.",
    "articles_dont_say": "The articles don't say.",
    "not_known": "The article says this is not known:",
    "from_the_article": "From the article:",
    "from_title": "From “{0}”:",
}


@dataclass(frozen=True, slots=True)
class Lead:
    """An answer's lead line: a key of ``LEADS`` and the values that fill it."""

    key: str
    values: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The lead in English."""
        return LEADS[self.key].format(*self.values)


def phrase(key: str, *values: object) -> Lead:
    """The lead ``key``, filled with ``values`` (a KeyError for a key ``LEADS`` lacks)."""
    LEADS[key]  # noqa: B018  (a mistyped key fails where it is written, not where it is shown)
    return Lead(key, tuple(str(v) for v in values))
