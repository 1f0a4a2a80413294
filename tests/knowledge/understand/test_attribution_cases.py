"""The cases a journalist expects an attributor to get right, each on sentences written for this test."""

import pytest

from knowledge.understand.reading import read_article
from knowledge.understand.speakers import parse_mention

INTRO = "Jane Q. Smith, the chair of the Lakeside Water Board, opened the hearing on Monday."


def quotes_of(*paragraphs: str) -> list[tuple[str, str | None, str | None, str]]:
    return [(q.kind, q.speaker, q.cue, q.text) for q in read_article(paragraphs).quotes]


def direct(*paragraphs: str) -> list[tuple[str | None, str | None]]:
    return [(speaker, cue) for kind, speaker, cue, _ in quotes_of(*paragraphs) if kind == "direct"]


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ('"The pipes are older than the town," Smith told Reuters.', "told"),
        ('"The pipes are older than the town," Smith added.', "added"),
        ('"The pipes are older than the town," Smith argued.', "argued"),
        ('"The pipes are older than the town," Smith warned reporters.', "warned"),
        ('"The pipes are older than the town," Smith insisted.', "insisted"),
        ('"The pipes are older than the town," Smith noted.', "noted"),
        ('"The pipes are older than the town," Smith predicted.', "predicted"),
        ('"The pipes are older than the town," said Smith.', "said"),
        ('Smith told the committee: "The pipes are older than the town."', "told"),
        ('Smith was quoted as saying "the pipes are older than the town."', "quoted as saying"),
        ('"The pipes are older than the town," Smith was quoted as saying.', "quoted as saying"),
        ('According to Smith, "the pipes are older than the town."', "according to"),
        ('"The pipes," Smith said, "are older than the town."', "said"),
    ],
)
def test_cue_verbs_positions_and_forms(sentence: str, cue: str) -> None:
    found = [(s, c) for kind, s, c, _ in quotes_of(INTRO, sentence) if kind in ("direct", "partial")]
    assert found and {speaker for speaker, _ in found} == {"Jane Q. Smith"}
    assert found[0][1] == cue


@pytest.mark.parametrize(
    "sentence",
    [
        "“The pipes are older than the town,” Smith said.",  # curly
        "‘The pipes are older than the town,’ Smith said.",  # single curly
        "'The pipes are older than the town,' Smith said.",  # single straight
        "«The pipes are older than the town,» Smith said.",  # guillemets
        '“The pipes are older than the town," Smith said.',  # mismatched pair
    ],
)
def test_quotation_mark_styles(sentence: str) -> None:
    assert direct(INTRO, sentence) == [("Jane Q. Smith", "said")]


def test_split_quote_with_cue_inside_is_two_parts_one_speaker() -> None:
    found = quotes_of(INTRO, '"The pipes," Smith said, "are older than the town."')
    assert [(k, s, t) for k, s, _, t in found] == [
        ("direct", "Jane Q. Smith", "The pipes"),
        ("direct", "Jane Q. Smith", "are older than the town."),
    ]


def test_multi_sentence_and_multi_paragraph_quote() -> None:
    found = direct(
        INTRO,
        'Smith said: "We tried. It failed. We will try again.',
        '"Next year the board will ask for more," she added.',
    )
    assert found == [("Jane Q. Smith", "said"), ("Jane Q. Smith", "added")]


def test_partial_quote_inside_reported_speech() -> None:
    found = quotes_of(
        'The water ministry insisted the outages were a test of its "emergency readiness" and nothing more.'
    )
    assert found == [("partial", "the water ministry", "insisted", "emergency readiness")]


@pytest.mark.parametrize(
    "sentence",
    [
        'The board screened the film "Quiet Harbor" for residents.',
        'The so-called "water dividend" never arrived.',
        'Residents call the old reservoir "the bathtub".',
        'A sign reading "Save Our Pipes" hung over the door.',
    ],
)
def test_titles_names_and_scare_quotes_are_not_quotations(sentence: str) -> None:
    assert [q for q in quotes_of(sentence) if q[0] != "indirect"] == []


@pytest.mark.parametrize(
    ("sentence", "speaker", "content"),
    [
        (
            "Smith told reporters that the pipes would be replaced by 2030.",
            "Jane Q. Smith",
            "the pipes would be replaced by 2030",
        ),
        (
            "Smith said the pipes would be replaced by 2030.",
            "Jane Q. Smith",
            "the pipes would be replaced by 2030",
        ),
        (
            "According to Smith, the pipes will be replaced by 2030.",
            "Jane Q. Smith",
            "the pipes will be replaced by 2030",
        ),
        (
            "Smith predicted that the pipes would be replaced by 2030.",
            "Jane Q. Smith",
            "the pipes would be replaced by 2030",
        ),
        (
            "The pipes will be replaced by 2030, Smith said.",
            "Jane Q. Smith",
            "The pipes will be replaced by 2030",
        ),
    ],
)
def test_indirect_speech(sentence: str, speaker: str, content: str) -> None:
    found = [q for q in quotes_of(INTRO, sentence) if q[0] == "indirect"]
    assert [(s, t) for _, s, _, t in found] == [(speaker, content)]


@pytest.mark.parametrize(
    ("intro", "reference"),
    [
        ("Dr. Jane Q. Smith, the chair of the Lakeside Water Board, opened the hearing.", "Smith"),
        ("Senior fellow Jane Smith opened the hearing.", "Smith"),
        ("Jane Smith, a senior fellow at the Lake Institute, opened the hearing.", "Dr. Smith"),
        ("Jane Smith, a senior fellow at the Lake Institute, opened the hearing.", "she"),
        ("Jane Smith, an expert on water systems, opened the hearing.", "the expert"),
        ("Jane Smith, the water minister, opened the hearing.", "the minister"),
        ("Jane Smith, a spokeswoman for the board, opened the hearing.", "the spokeswoman"),
    ],
)
def test_later_references_resolve_to_the_person_introduced(intro: str, reference: str) -> None:
    found = direct(intro, f'"The pipes are older than the town," {reference} said.')
    assert len(found) == 1
    assert found[0][0] in ("Jane Q. Smith", "Jane Smith")


@pytest.mark.parametrize(
    ("phrase", "name", "role"),
    [
        (
            "Dr. Jane Q. Smith, the chair of the Lakeside Water Board",
            "Jane Q. Smith",
            "the chair of the Lakeside Water Board",
        ),
        ("senior fellow Jane Smith", "Jane Smith", "senior fellow"),
        ("Foreign Minister Lena Park", "Lena Park", "Foreign Minister"),
    ],
)
def test_roles_by_apposition_or_prefix(phrase: str, name: str, role: str) -> None:
    mention = parse_mention(phrase)
    assert mention is not None and (mention.name, mention.role) == (name, role)


@pytest.mark.parametrize(
    ("sentence", "speaker", "kind"),
    [
        ("The Pentagon said on Monday that the drills would continue.", "Pentagon", "organisation"),
        ("The ministry said in a statement that the drills would continue.", "the ministry", "organisation"),
        ("State media reported that the drills would continue.", "state media", "organisation"),
        ("A senior official said that the drills would continue.", "a senior official", "unnamed"),
    ],
)
def test_organisations_and_unnamed_sources(sentence: str, speaker: str, kind: str) -> None:
    reading = read_article(["Jane Smith, an analyst, watched the drills.", sentence])
    assert [q.speaker for q in reading.quotes] == [speaker]
    assert {s.name: s.kind for s in reading.speakers}[speaker] == kind


def test_it_said_goes_to_the_last_organisation() -> None:
    found = direct(
        "The Lakeside Water Board, which runs the reservoir, published a statement on Friday.",
        '"Supplies are safe," it said.',
    )
    assert found == [("Lakeside Water Board", "said")]


def test_two_speakers_in_one_paragraph_each_get_their_quote() -> None:
    found = quotes_of(
        "Ana Ruiz and Tom Okafor spoke at the hearing.",
        'Ruiz called the plan "a disgrace," while Okafor said it was "long overdue."',
    )
    assert [(s, t) for k, s, _, t in found if k == "partial"] == [
        ("Ana Ruiz", "a disgrace"),
        ("Tom Okafor", "long overdue."),
    ]


def test_a_role_told_in_a_relative_clause_keeps_its_place() -> None:
    found = read_article(
        ['"The mill is closing," said Omar Haddad, a deckhand who lives in Portvale.']
    ).quotes
    assert [(q.speaker, q.speaker_role) for q in found] == [
        ("Omar Haddad", "a deckhand who lives in Portvale")
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        "‘‘The pipes are older than the town,’’ Smith told the council. ‘‘We will replace them.’’",
        "“The pipes are older than the town,’’ Smith told the council. “We will replace them.’’",
        "“The pipes are older than the town,'' Smith told the council. “We will replace them.''",
    ],
)
def test_ap_style_doubled_single_marks_close_a_quote(paragraph: str) -> None:
    found = quotes_of(INTRO, paragraph)
    assert [(s, t) for _, s, _, t in found] == [
        ("Jane Q. Smith", "The pipes are older than the town"),
        ("Jane Q. Smith", "We will replace them."),
    ]


def test_a_nested_quote_closing_before_the_cue_keeps_the_speaker() -> None:
    found = direct(
        "Mara Ellison runs LWB, the Lakeside Water Board.",
        "“My first thought was, ‘Oh no, not the pipes again,’ ” Ellison said. “Then we got to work.”",
    )
    assert found == [("Mara Ellison", "said"), ("Mara Ellison", "said")]


@pytest.mark.parametrize(
    ("intro", "reference", "speaker", "role"),
    [
        (
            "Acting Harbour Attorney for the District of Lakeside Tom Okafor said the case is open.",
            "Okafor",
            "Tom Okafor",
            "Acting Harbour Attorney for the District of Lakeside",
        ),
        (
            "Riverton Police Commissioner Dana Kirk opened the hearing.",
            "Kirk",
            "Dana Kirk",
            "Riverton Police Commissioner",
        ),
        (
            "Lakeside Ferry Workers Association President Mara Ellison opened the hearing.",
            "Ellison",
            "Mara Ellison",
            "Lakeside Ferry Workers Association President",
        ),
        (
            "Republican state schools Superintendent Dana Kirk opened the hearing.",
            "Kirk",
            "Dana Kirk",
            "Republican state schools Superintendent",
        ),
    ],
)
def test_title_and_place_words_before_a_name_are_its_role(
    intro: str, reference: str, speaker: str, role: str
) -> None:
    reading = read_article([intro, f"“The pipes are older than the town,” said {reference}."])
    direct_quotes = [q for q in reading.quotes if q.kind == "direct"]
    assert [(q.speaker, q.speaker_role) for q in direct_quotes] == [(speaker, role)]
    assert [s.name for s in reading.speakers] == [speaker]


@pytest.mark.parametrize(
    ("cue", "role"),
    [
        ("said chief inspector Jane Dobbs", "chief inspector"),
        (
            "said chief inspector Jane Dobbs from the Kent constabulary",
            "chief inspector from the Kent constabulary",
        ),
        ("said Jane Dobbs of the Lakeside Water Board", "Lakeside Water Board"),
    ],
)
def test_a_lower_case_title_or_an_affiliation_after_the_verb(cue: str, role: str) -> None:
    found = read_article([f"“The pipes are older than the town,” {cue}."]).quotes
    assert [(q.speaker, q.speaker_role) for q in found] == [("Jane Dobbs", role)]


def test_an_aside_between_commas_is_not_a_role() -> None:
    found = read_article(["The Lakeside Water Board, however, claimed that the pipes were safe."]).quotes
    assert [(q.speaker, q.speaker_role) for q in found] == [("Lakeside Water Board", None)]


# --- speakers across an article: first names, shared surnames, roles before names, statements ----------


def test_a_first_name_alone_means_the_one_person_of_that_first_name() -> None:
    found = direct(
        "Jerry Jones bought the team in 1989 and his son Stephen Jones runs its business side.",
        '"We never looked back," Jerry said.',
    )
    assert found == [("Jerry Jones", "said")]


def test_a_shared_surname_goes_to_the_one_met_last() -> None:
    found = direct(
        "Stephen Jones met reporters on Tuesday. Earlier, Jerry Jones had toured the new stadium.",
        '"It is the happiest I have ever been," Jones said.',
    )
    assert found == [("Jerry Jones", "said")]


def test_a_role_word_before_a_name_is_the_role_not_the_name() -> None:
    [quote] = read_article(
        ['"She called him up and asked for help," Investigator Robert Cornett said.']
    ).quotes
    assert (quote.speaker, quote.speaker_role) == ("Robert Cornett", "Investigator")


def test_a_who_is_clause_gives_the_role() -> None:
    [quote] = read_article(
        ['"We will have a marina," said Leigh Sears who is the Lake Berryessa concessions manager.']
    ).quotes
    assert (quote.speaker, quote.speaker_role) == ("Leigh Sears", "the Lake Berryessa concessions manager")


def test_a_statement_is_its_authors() -> None:
    assert direct(
        'Northwind Logistics released a separate statement saying, "It allows us to grow our business."'
    ) == [("Northwind Logistics", "said in a statement")]


@pytest.mark.parametrize("phrase", ["Last December", "N.J.", "R-Utah", "Calif."])
def test_dates_states_and_party_tags_are_not_speakers(phrase: str) -> None:
    assert parse_mention(phrase) is None


# --- a wrong name is worse than none -----------------------------------------------------------------


def test_a_named_speaker_comes_with_a_high_confidence() -> None:
    [quote] = read_article([INTRO, '"The pipes are older than the town," said Jane Q. Smith.']).quotes
    assert quote.speaker == "Jane Q. Smith" and quote.confidence >= 0.8


def test_a_speaker_never_named_in_full_is_left_unclear_but_the_quote_is_kept() -> None:
    [quote] = read_article(['"The act of a terrorist," Ravenholt said of the attack.']).quotes
    assert quote.text == "The act of a terrorist"
    assert quote.speaker is None and quote.confidence < 0.5


def test_reported_speech_with_the_verb_first_hands_the_next_he_said_to_its_speaker() -> None:
    found = direct(
        '"We have a lot of empty casinos," said Joseph Seneca, a professor of economics.',
        "Job creation has been hurt by weak construction, said Ahmad Ijaz, an economist at the university.",
        '"Commercial construction is still relatively weak," he said.',
    )
    assert found == [("Joseph Seneca", "said"), ("Ahmad Ijaz", "said")]


def test_an_attribution_set_off_mid_sentence_moves_the_focus() -> None:
    found = direct(
        '"Government has been a drag," said Michael Odell, a research scientist.',
        "Kevin Yearin runs a building firm in the city.",
        "While companies have started to seek bids, Yearin said, there is no backlog of work.",
        '"There is a cautious optimism," he said.',
    )
    assert found == [("Michael Odell", "said"), ("Kevin Yearin", "said")]


def test_a_role_then_a_surname_is_the_person_met_before() -> None:
    found = direct(
        "Shaun Ghulam sells homes in the valley.",
        '"Check how many times the property has been listed," Realtor Ghulam said.',
    )
    assert found == [("Shaun Ghulam", "said")]


def test_a_place_is_never_a_speaker() -> None:
    [quote] = read_article(['"It was the act of a terrorist," South Carolina said in the statement.']).quotes
    assert quote.speaker is None


def test_the_company_is_the_business_the_story_is_about() -> None:
    found = direct(
        "Northwind Shipping Company won the harbour contract on Monday.",
        '"We look forward to working with the port," the company said.',
    )
    assert found == [("Northwind Shipping Company", "said")]


def test_the_company_is_never_a_public_body() -> None:
    found = direct(
        "The Harbour Department approved the contract on Monday.",
        '"We look forward to working with the port," the company said.',
    )
    assert found != [("Harbour Department", "said")]


def test_a_said_colon_paragraph_hands_the_next_paragraphs_quote_to_its_speaker() -> None:
    found = direct(
        "Jane Smith, an analyst at Harbour Capital, said:",
        '"The market has not bottomed out yet. We expect more losses."',
    )
    assert found == [("Jane Smith", "said")]


def test_a_new_subject_takes_the_quote_that_follows_it() -> None:
    found = direct(
        'Jane Smith opened the meeting. "The market has not bottomed out," she said. Tom Lee disagreed. '
        '"We expect a rebound."'
    )
    assert [speaker for speaker, _ in found] == ["Jane Smith", "Tom Lee"]


def test_a_namesake_with_one_more_given_name_is_another_person() -> None:
    said = direct(
        '"We will build it," Stephen Jones said on Monday.',
        "His son, John Stephen Jones, scored twice in the final.",
        '"I only did my job," John Stephen Jones said.',
        '"He has always worked hard," Stephen Jones said.',
    )
    assert [speaker for speaker, _ in said] == ["Stephen Jones", "John Stephen Jones", "Stephen Jones"]

