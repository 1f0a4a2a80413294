import pytest

from knowledge.answer.intent import parse_question


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


@pytest.mark.parametrize(
    ("text", "intent", "field", "value"),
    [
        ("we will not give up - who said that?", "who_said", "quote", "we will not give up"),
        ('"Who said we will not give up?"', "who_said", "quote", "we will not give up"),
        ("whose words are: we will not give up", "who_said", "quote", "we will not give up"),
        ("Sokov on negotiations", "what_said", "topic", "negotiations"),
        ("sokov on negotiations", "what_said", "person", "sokov"),
        ("what did sokov sya about talks", "what_said", "person", "sokov"),
        ("quotes from Whitfield about safety", "what_said", "topic", "safety"),
        ("do you have anything on Korea", "articles", "topic", "Korea"),
        ("Who is New Zealand's conservation minister?", "fact", "expects", "person"),
        ("who is marcus lee", "people", "person", "marcus lee"),
        ("How much did the council pay for the mill?", "fact", "expects", "money"),
        ("How many shops does the company have?", "fact", "focus", "shops"),
        ("When will the clinic open?", "fact", "expects", "date"),
        ("How many ferry crews went on strike over the new rota?", "fact", "focus", "ferry crews"),
        ("Which year did the mill close?", "fact", "expects", "date"),
        ("Which website sold the tickets?", "fact", "expects", "name"),
        ("What did the mayor tell the harbour board?", "what_said", "person", "the mayor"),
        ("what did Whitfield say to reporters about fares", "what_said", "topic", "fares"),
        ("who is quoted in article 3", "people", "article_id", 3),
        ("summarize #12", "summary", "article_id", 12),
        ("What does article 5 of the treaty say about borders?", "what_said", "article_id", None),
    ],
)
def test_word_order_typos_and_what_an_answer_needs(text: str, intent: str, field: str, value: object) -> None:
    question = parse_question(text)
    assert question.intent == intent
    assert getattr(question, field) == value


@pytest.mark.parametrize(
    ("text", "intent", "field", "value"),
    [
        ("what did Vint testify about the sale", "what_said", "person", "Vint"),
        ("who testified that the mill was sold", "who_said", "quote", "the mill was sold"),
        ("who testified later in the day", "fact", "quote", None),
        ("what did the mayor tell lawmakers about the budget", "what_said", "topic", "the budget"),
        ("in how many towns is the bakery open", "fact", "expects", "number"),
        ("in how many towns is the bakery open", "fact", "focus", "towns"),
        ("for how long was the mill closed", "fact", "expects", "duration"),
        ("how many weeks did the strike last", "fact", "expects", "duration"),
        ("what was the jobless rate last month", "fact", "expects", "percent"),
        ("what inflation rate does the bank expect next year", "fact", "expects", "percent"),
        ("what was the final score", "fact", "expects", "score"),
        ("who was he competing against in the final", "fact", "person", None),
    ],
)
def test_more_say_verbs_and_number_questions(text: str, intent: str, field: str, value: object) -> None:
    question = parse_question(text)
    assert question.intent == intent
    assert getattr(question, field) == value


@pytest.mark.parametrize(
    ("text", "intent", "field", "value"),
    [
        ("Кто сказал, что мост откроют в мае?", "who_said", "quote", "мост откроют в мае"),
        ("Чьи это слова: мы не сдадимся", "who_said", "quote", "мы не сдадимся"),
        ("Что сказала Хейли о России?", "what_said", "person", "Хейли"),
        ("Что Путин сказал про санкции?", "what_said", "person", "Путин"),
        ("Что сказала мэр Марш о деньгах?", "what_said", "person", "Марш"),
        ("что сказал Дональд Трамп", "what_said", "person", "Дональд Трамп"),
        ("Кого цитируют?", "people", "person", None),
        ("О чём статья?", "summary", "person", None),
        ("Когда откроется мост?", "fact", "person", None),
    ],
)
def test_questions_asked_in_russian(text: str, intent: str, field: str, value: object) -> None:
    question = parse_question(text)
    assert question.intent == intent
    assert getattr(question, field) == value
