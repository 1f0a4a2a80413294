import pytest

from knowledge.understand.quotes import find_spans
from knowledge.understand.reading import read_article
from tests.builders import FERRY_STORY, make_article


def quotes_of(*paragraphs: str) -> list[tuple[str, str | None, str]]:
    return [(q.kind, q.speaker, q.text) for q in read_article(paragraphs).quotes]


def test_ferry_story_attributes_every_quote_to_the_right_person() -> None:
    article = make_article(*FERRY_STORY)
    direct = [(q.speaker, q.speaker_role, q.text[:25]) for q in article.quotes if q.kind == "direct"]
    assert direct == [
        ("Dana Whitfield", "the chair of the harbour board", "People have been stuck on"),
        ("Dana Whitfield", "the chair of the harbour board", "We heard them."),
        ("Marcus Lee", "a spokesman for the ferry operators' union", "We support more crossings"),
        ("Priya Nair", None, "Nobody asked the island w"),
    ]


def test_indirect_speech_is_kept_with_its_content() -> None:
    article = make_article(*FERRY_STORY)
    indirect = {(q.speaker, q.text[:30]) for q in article.quotes if q.kind == "indirect"}
    assert ("Dana Whitfield", "the change would cost about 30") in indirect
    assert ("Marcus Lee", "crews would need at least six ") in indirect


def test_registry_lists_speakers_with_aliases_and_roles() -> None:
    article = make_article(*FERRY_STORY)
    whitfield = article.speaker("Dana Whitfield")
    assert whitfield is not None
    assert whitfield.role == "the chair of the harbour board"
    assert "Whitfield" in whitfield.aliases
    assert whitfield.kind == "person"


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # cue after, surname resolved to the full name introduced earlier
        (
            (
                "Jane Smith, a senior fellow at the Lake Institute, spoke on Monday.",
                '"The plan is sound," Smith said.',
            ),
            ("direct", "Jane Smith"),
        ),
        # inverted cue with the full name and a role
        (('"We will appeal," said Ruth Vance, a lawyer for the family.',), ("direct", "Ruth Vance")),
        # cue before, with a colon
        (
            ('Tom Okafor told reporters: "The bridge is closed until further notice."',),
            ("direct", "Tom Okafor"),
        ),
        # pronoun resolved across a paragraph break to the last speaker
        (
            (
                "Mara Ellison, the mayor, said the budget was tight.",
                '"We cannot promise anything this year," she said.',
            ),
            ("direct", "Mara Ellison"),
        ),
        # curly quotes and a cue other than "said"
        (
            ("Leo Brandt, a farmer, spoke at the meeting.", "“The river took half my field,” Brandt warned."),
            ("direct", "Leo Brandt"),
        ),
        # guillemets
        (("«Nous restons ici pour toujours,» said Claire Dubois.",), ("direct", "Claire Dubois")),
        # a nominal reference to the last person with that role
        (
            (
                "Ana Ruiz, an economist at the central bank, joined the panel.",
                '"Prices will keep rising until summer," the economist said.',
            ),
            ("direct", "Ana Ruiz"),
        ),
    ],
)
def test_direct_quote_speaker(paragraphs: tuple[str, ...], expected: tuple[str, str]) -> None:
    found = quotes_of(*paragraphs)
    assert [(kind, speaker) for kind, speaker, _ in found if kind == "direct"] == [expected]


def test_quote_continued_without_cue_keeps_the_speaker() -> None:
    found = quotes_of('"Supply is short," Mara Ellison said. "Prices will rise."')
    assert [(s, t) for _, s, t in found] == [
        ("Mara Ellison", "Supply is short"),
        ("Mara Ellison", "Prices will rise."),
    ]


def test_quote_running_over_two_paragraphs() -> None:
    found = quotes_of(
        'Mara Ellison, the mayor, said: "Supply is short.',
        '"Prices will rise before winter," she added.',
    )
    assert [s for _, s, _ in found if _ != "indirect"] == ["Mara Ellison", "Mara Ellison"]


def test_partial_quote_in_reported_speech_goes_to_the_subject() -> None:
    found = quotes_of('The ministry insisted the drills were a test of its "defensive readiness" only.')
    assert found == [("partial", "the ministry", "defensive readiness")]


@pytest.mark.parametrize(
    "paragraph",
    [
        'The film "Quiet Harbor" opened on Friday to small crowds.',
        'It was the so-called "peace dividend" that paid for the school.',
        'Locals call the old pier "the plank" for a reason.',
    ],
)
def test_titles_and_scare_quotes_are_not_quotations(paragraph: str) -> None:
    assert [q for q in quotes_of(paragraph) if q[0] != "indirect"] == []


def test_apostrophes_and_inch_marks_are_not_quotation_marks() -> None:
    text = "The Joneses' house has a 12\" pipe and rock 'n' roll posters from the '90s."
    assert find_spans(text) == []


@pytest.mark.parametrize(
    ("sentence", "speaker", "content"),
    [
        (
            "Tom Okafor told reporters that the bridge would reopen in May.",
            "Tom Okafor",
            "the bridge would reopen in May",
        ),
        (
            "According to the harbour board, the crossings will start in April.",
            "the harbour board",
            "the crossings will start in April",
        ),
        ("The bridge will reopen in May, Tom Okafor said.", "Tom Okafor", "The bridge will reopen in May"),
        (
            "Tom Okafor predicted that traffic would double by autumn.",
            "Tom Okafor",
            "traffic would double by autumn",
        ),
    ],
)
def test_indirect_speech(sentence: str, speaker: str, content: str) -> None:
    assert quotes_of(sentence) == [("indirect", speaker, content)]


def test_unnamed_source_is_kept_not_guessed() -> None:
    found = quotes_of(
        "Tom Okafor, the harbour master, opened the meeting.",
        "A senior official said that the budget had already been spent.",
    )
    assert found == [("indirect", "a senior official", "the budget had already been spent")]


def test_quote_without_any_known_speaker_gets_none_not_a_guess() -> None:
    found = quotes_of('"We will be back," the stranger shouted.')
    assert [s for _, s, _ in found] == [None]


def test_reading_a_long_paragraph_costs_work_in_proportion_to_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each quote's sentence is looked up a few times, not once per sentence of the paragraph (a 5 MB
    one-paragraph page once took minutes)."""
    import knowledge.understand.quotes as quotes_module

    calls = 0
    look_up = quotes_module._sentence_of

    def counted(offset: int, bounds: list[tuple[int, int]]) -> int:
        nonlocal calls
        calls += 1
        return look_up(offset, bounds)

    monkeypatch.setattr(quotes_module, "_sentence_of", counted)
    paragraph = " ".join(f'"We will rebuild pier {i}," said Jane Smith. The council met.' for i in range(400))
    found = read_article([paragraph]).quotes
    assert len([q for q in found if q.kind == "direct"]) == 400
    assert calls <= 10 * 400
