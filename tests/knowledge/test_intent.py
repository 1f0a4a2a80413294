import pytest

from knowledge.intent import parse_question


@pytest.mark.parametrize(
    ("text", "intent", "field", "value"),
    [
        ("Who said the bridge is closed?", "who_said", "quote", "the bridge is closed"),
        ('who sayd "the bridge is closed"', "who_said", "quote", "the bridge is closed"),
        ("WHO SAID: nobody asked the island", "who_said", "quote", "nobody asked the island"),
        (
            '"Nobody asked the island what it needs"',
            "who_said",
            "quote",
            "Nobody asked the island what it needs",
        ),
        ("What did Whitfield say?", "what_said", "person", "Whitfield"),
        ("waht did whitfeld say about money", "what_said", "topic", "money"),
        ("What did Dana Whitfield think of the union?", "what_said", "person", "Dana Whitfield"),
        ("who is quoted", "people", "person", None),
        ("Who is Marcus Lee?", "people", "person", "Marcus Lee"),
        ("summarize this", "summary", "person", None),
        ("What is the article about?", "summary", "person", None),
        ("what articles do you have about ferries", "articles", "topic", "ferries"),
        ("help", "help", "person", None),
        ("How much will the change cost?", "fact", "person", None),
    ],
)
def test_parse_question(text: str, intent: str, field: str, value: str | None) -> None:
    question = parse_question(text)
    assert question.intent == intent
    assert getattr(question, field) == value
