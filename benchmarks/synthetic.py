"""Make up news articles with speakers, quotes and planted facts, from word lists and a seeded RNG."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

# --------------------------------------------------------------------------- word lists (written here)

FIRST_NAMES = {
    "he": (
        "Adrian Boris Callum Dario Emil Farid Gavin Hugo Ivan Jonas Kofi Lars Marek Nikolai Omar Pavel "
        "Quentin Rafael Stefan Tobias Umar Victor Wendell Xavier Yusuf Zoltan Anton Bruno Cyril Dmitri "
        "Elias Felix Gustav Hamid Ilya Jasper Kenji Luca Matteo Nils Oskar Piotr Rohan Silas Tariq Viktor"
    ).split(),
    "she": (
        "Alina Beatrix Camila Dana Elena Freya Greta Hana Ingrid Julia Kira Leila Mira Nadia Olga Priya "
        "Rosa Sofia Tamara Ulla Vera Wanda Yara Zofia Amara Bianca Clara Daria Esther Fatima Gloria Helga "
        "Irena Jana Katya Lena Marta Nora Petra Rita Selma Tessa Uma Valeria Willa"
    ).split(),
}
SURNAMES = (
    "Abbott Achterberg Adeyemi Albescu Almeida Amsel Andersen Arkwright Ashdown Bakshi Balogun Barrow "
    "Bekker Bellamy Bergstrom Blackwood Bogdan Borowski Brandt Brennan Calloway Castellan Chandra Cheng "
    "Clement Cortez Crane Dalca Darrow Delacroix Demir Dorsey Draper Dubois Eastman Ekwueme Ellison "
    "Engel Esposito Falk Farrow Fenwick Ferreira Fitzroy Forde Fournier Galloway Garber Gaspard Gilchrist "
    "Goldfarb Gorski Greaves Grimaldi Halloran Hargreave Haskell Hayashi Hendry Holloway Horvath Hume "
    "Ibarra Ilic Ingram Jablonski Jansen Jovanovic Kaczmarek Kamara Karlsson Kaur Keane Kessler Kowalczyk "
    "Krause Lachance Lambert Larsen Lindqvist Lombardi Lowell Lundgren Macready Madsen Malik Marchetti "
    "Mbeki Mercer Moreau Morozov Nakamura Navarro Nilsen Novak Nwosu Oakley Okafor Olsen Orlov Ostrowski "
    "Pacheco Palmer Pereira Petrov Pham Quayle Quinlan Radcliffe Ramos Rasmussen Reinholt Rios Rook "
    "Rossi Sandoval Sato Schafer Sevcik Shapiro Sinclair Sokolov Soren Strand Sutter Takeda Tanaka "
    "Thorne Toivonen Torres Underhill Valdez Vance Varga Vasquez Voss Wakefield Whitlock Wojcik Yates "
    "Yilmaz Zamora Zeller Zielinski Zubiri"
).split()
PLACE_HEADS = "Port Ash Bell Brook Cale Dun East Fair Glen Hart Kings Lang Mill North Oak Pem Red Stone West Wych".split()
PLACE_TAILS = "vale ford bury haven mouth wick field stead ton moor bridge holm cliff gate more".split()
ORG_KINDS = (
    "Harbour Board, Water Authority, Transport Council, Health Trust, Farmers Union, Chamber of Commerce, "
    "Teachers Association, Housing Agency, Energy Cooperative, Arts Council, Rail Company, Planning Office, "
    "Fire Service, Police Department, University, Hospital Board, Port Authority, Tenants Union"
).split(", ")
ROLE_HEADS = (
    "a spokesman for, a spokeswoman for, the director of, the chair of, a researcher at, an economist at, "
    "the treasurer of, a board member of, the head of, a senior engineer at, a lawyer for, an adviser to"
).split(", ")
NOUNS = (
    "budget ferry bridge school hospital museum library market railway tunnel pipeline reservoir stadium "
    "airport factory warehouse festival contract license permit tariff subsidy pension salary vaccine clinic "
    "court prison shelter farm orchard vineyard forest canal dam turbine reactor battery cable satellite "
    "laboratory archive terminal highway roundabout pier lighthouse quarry mine refinery depot garage bakery "
    "brewery cinema theatre gallery chapel cemetery park playground pool gym arena harbour marina beach "
    "dune glacier valley meadow wetland estuary spring well aqueduct sewer drain levee embankment seawall "
    "timetable schedule deadline audit inquiry lawsuit verdict appeal ballot referendum petition protest "
    "strike merger takeover loan grant fund levy fine fee toll fare rent mortgage deposit bond dividend "
    "curriculum exam scholarship campus dormitory kitchen canteen ambulance helicopter drone tram bus "
    "bicycle scooter lorry van truck ship barge tanker ferryboat crane forklift conveyor generator pump "
    "valve meter sensor camera radar beacon siren alarm vault safe ledger invoice receipt report survey "
    "census map plan blueprint model prototype design patent trademark brand slogan campaign poster "
    "broadcast podcast newsletter website app database server network router firewall password backup"
).split()
PLURALS = (
    "residents commuters visitors students workers patients voters farmers tourists volunteers passengers "
    "fans nurses doctors teachers drivers pilots sailors miners engineers artists musicians shoppers "
    "tenants landlords pensioners cyclists anglers hikers"
).split()
ADJECTIVES = (
    "new old public private local national regional rural urban coastal northern southern eastern western "
    "annual monthly weekly temporary permanent expensive cheap modern historic fragile sturdy crowded empty "
    "noisy quiet dangerous safe costly efficient flooded damaged restored abandoned disputed popular "
    "controversial ambitious modest generous strict lenient digital electric solar wooden concrete steel "
    "narrow wide steep shallow deep remote central ancient careful reckless hidden visible rising falling"
).split()
ADVERBS = (
    "quickly slowly carefully openly quietly firmly gradually suddenly entirely partly fairly roughly "
    "seriously rarely often soon later again"
).split()
VERBS = {  # base form: past form
    "approve": "approved",
    "reject": "rejected",
    "delay": "delayed",
    "announce": "announced",
    "open": "opened",
    "close": "closed",
    "expand": "expanded",
    "review": "reviewed",
    "launch": "launched",
    "cut": "cut",
    "raise": "raised",
    "build": "built",
    "sell": "sold",
    "buy": "bought",
    "win": "won",
    "lose": "lost",
    "pay": "paid",
    "spend": "spent",
    "hold": "held",
    "begin": "began",
    "repair": "repaired",
    "replace": "replaced",
    "inspect": "inspected",
    "fund": "funded",
    "block": "blocked",
    "sign": "signed",
    "cancel": "cancelled",
    "extend": "extended",
    "protect": "protected",
    "move": "moved",
    "study": "studied",
    "test": "tested",
    "clean": "cleaned",
    "paint": "painted",
    "measure": "measured",
    "restore": "restored",
    "support": "supported",
    "oppose": "opposed",
    "question": "questioned",
    "defend": "defended",
}
COUNT_VERBS = {"attend": "attended", "join": "joined", "visit": "visited", "sign": "signed", "use": "used"}
EVENTS = "meeting rally hearing fair concert parade vigil debate workshop auction race ceremony".split()
MONTHS = "January February March April May June July August September October November December".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MODALS = "will must should could cannot".split()
PUBLISHERS = "Harbour Courier, Valley Ledger, Coastal Tribune, Northern Herald, Evening Dispatch".split(", ")
UNKNOWN_FIRST = "Zebulon Ottoline Barnaby Philippa Ignatius Henrietta Leopold Millicent".split()
UNKNOWN_LAST = "Quackenbush Featherstonehaugh Pettigrew Wimbleton Cholmondeley Throckmorton".split()


@dataclass(frozen=True, slots=True)
class Person:
    """A made-up speaker: name, pronoun and role."""

    first: str
    last: str
    pronoun: str
    role: str

    @property
    def name(self) -> str:
        """First name and surname."""
        return f"{self.first} {self.last}"


@dataclass(frozen=True, slots=True)
class Said:
    """A quote planted in an article, with who said it and whether it is direct."""

    person: Person
    text: str
    direct: bool


@dataclass(frozen=True, slots=True)
class Fact:
    """A sentence holding one checkable fact, the question it answers, and the answer's words."""

    sentence: str
    question: str
    answer: str


@dataclass(frozen=True, slots=True)
class MadeArticle:
    """One made-up article: the raw page dump and what was planted in it."""

    number: int
    raw: str
    title: str
    place: str
    topic: str
    lede: str
    people: tuple[Person, ...]
    quotes: tuple[Said, ...]
    facts: tuple[Fact, ...]


# The planted facts of this many articles are unique with the places above; more get districts.
PLACES_HOLD = 30_000
DISTRICTS = ("North", "South", "East", "West", "Upper", "Lower", "Old", "New")


class Generator:
    """Articles with recurring people, places and organisations; the same seed gives the same articles."""

    def __init__(self, seed: int = 7, people: int = 3000) -> None:
        self.rng = random.Random(seed)
        self.places = [h + t for h in PLACE_HEADS for t in PLACE_TAILS]
        self.people = [self._person() for _ in range(people)]
        self._used: set[tuple[str, ...]] = set()
        self._noun_weights = [1 / (i + 8) for i in range(len(NOUNS))]

    def articles(self, count: int) -> Iterator[MadeArticle]:
        """Yield ``count`` articles, numbered from 0. Past ``PLACES_HOLD`` articles the places get districts
        ("North Wychbridge"), so every planted fact stays unique (smaller collections are unchanged)."""
        if count > PLACES_HOLD and len(self.places) == len(PLACE_HEADS) * len(PLACE_TAILS):
            self.places += [f"{district} {place}" for district in DISTRICTS for place in self.places]
        for number in range(count):
            yield self._article(number)

    # ----------------------------------------------------------------------- pieces

    def _person(self) -> Person:
        rng = self.rng
        pronoun = rng.choice(("he", "she"))
        org = self._org(rng.choice(self.places))
        return Person(
            rng.choice(FIRST_NAMES[pronoun]),
            rng.choice(SURNAMES),
            pronoun,
            f"{rng.choice(ROLE_HEADS)} the {org}",
        )

    def _org(self, place: str) -> str:
        return f"{place} {self.rng.choice(ORG_KINDS)}"

    def _noun(self) -> str:
        return self.rng.choices(NOUNS, self._noun_weights)[0]

    def _adj(self) -> str:
        return self.rng.choice(ADJECTIVES)

    def _quote(self, place: str) -> str:
        rng = self.rng
        n, a, v = self._noun, self._adj, lambda: rng.choice(list(VERBS))
        past = lambda: VERBS[v()]  # noqa: E731
        templates = (
            lambda: f"We {rng.choice(MODALS[:-1])} not {v()} the {a()} {n()} until the {n()} is {past()}",
            lambda: (
                f"The {n()} is {a()}, and nobody in {place} wants to {v()} the {n()} {rng.choice(ADVERBS)}"
            ),
            lambda: (
                f"I have {past()} this {n()} for {rng.randint(3, 40)} years and the {a()} {n()} has never been so {a()}"
            ),
            lambda: (
                f"If the {n()} fails {rng.choice(ADVERBS)}, our {n()} {rng.choice(MODALS)} {v()} the {a()} {n()} by {rng.choice(MONTHS)}"
            ),
            lambda: f"People here deserve a {a()} {n()}, not another {a()} {n()} and a {a()} {n()}",
            lambda: f"This {n()} is about {a()} {n()} and the {n()} we {past()} for the {a()} {n()}",
            lambda: (
                f"Nobody told us the {n()} would {v()} the {n()}, and that is why we {past()} the {a()} {n()}"
            ),
        )
        return rng.choice(templates)()

    def _narration(self, place: str, org: str) -> str:
        rng = self.rng
        n, a = self._noun, self._adj
        past = lambda: rng.choice(list(VERBS.values()))  # noqa: E731
        templates = (
            lambda: (
                f"The {a()} {n()} in {place} was {past()} on {rng.choice(WEEKDAYS)} after {rng.randint(2, 90)} {rng.choice(PLURALS)} complained about the {n()}."
            ),
            lambda: (
                f"Work on the {a()} {n()} is expected to resume in {rng.choice(MONTHS)}, according to the {org}."
            ),
            lambda: (
                f"{rng.choice(PLURALS).capitalize()} of {place} have {past()} the {a()} {n()} for {rng.randint(2, 30)} years."
            ),
            lambda: f"The {org} {past()} a {a()} {n()} for the {n()} last {rng.choice(WEEKDAYS)}.",
            lambda: (
                f"Critics say the {n()} could {rng.choice(list(VERBS))} {a()} {n()} in the {a()} part of {place}."
            ),
            lambda: f"The {n()} near the {a()} {n()} has been {past()} twice since {rng.choice(MONTHS)}.",
            lambda: (
                f"A report on the {a()} {n()} is due before the {rng.choice(EVENTS)} in {rng.choice(MONTHS)}."
            ),
        )
        return rng.choice(templates)()

    def _facts(self, place: str, org: str) -> list[Fact]:
        rng = self.rng
        facts: list[Fact] = []
        noun = self._fresh(("money", org), self._noun)
        amount = f"{rng.randint(2, 950)} million dollars"
        facts.append(
            Fact(
                f"The {org} spent {amount} on the {self._adj()} {noun} last year.",
                f"How much did the {org} spend on the {noun}?",
                amount,
            )
        )
        plural = rng.choice(PLURALS)
        event = self._fresh(("count", place, plural), lambda: rng.choice(EVENTS))
        verb = rng.choice(list(COUNT_VERBS))
        count = f"{rng.randint(120, 9800):,}"
        facts.append(
            Fact(
                f"About {count} {plural} {COUNT_VERBS[verb]} the {event} in {place} on {rng.choice(WEEKDAYS)}.",
                f"How many {plural} {verb} the {event} in {place}?",
                count,
            )
        )
        opening = self._fresh(("date", place), self._noun)
        day = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}"
        facts.append(
            Fact(
                f"The new {opening} in {place} will open on {day}, officials confirmed.",
                f"When will the new {opening} in {place} open?",
                day,
            )
        )
        return facts

    def _fresh(self, key: tuple[str, ...], pick: object) -> str:
        """A value for ``pick()`` never used with ``key`` before, so each planted fact is unique."""
        for _ in range(200):
            value = pick()  # type: ignore[operator]
            if (*key, value) not in self._used:
                self._used.add((*key, value))
                return value  # type: ignore[no-any-return]
        raise RuntimeError(f"ran out of fresh values for {key}")

    def _article(self, number: int) -> MadeArticle:
        rng = self.rng
        place = rng.choice(self.places)
        org = self._org(place)
        topic = self._noun()
        cast: list[Person] = []
        while len(cast) < 4:
            person = rng.choice(self.people)
            if all(p.last != person.last for p in cast):
                cast.append(person)
        title = f"{place} {rng.choice(['Debates', 'Backs', 'Rejects', 'Delays', 'Questions'])} {self._adj().title()} {topic.title()} Plan"
        lede = (
            f"The {org} voted on {rng.choice(WEEKDAYS)} to {rng.choice(list(VERBS))} the {self._adj()} {topic} "
            f"after {rng.randint(2, 12)} months of debate about the {self._noun()}."
        )
        paragraphs: list[str] = [f"{place.upper()}, ({rng.choice(PUBLISHERS).split()[0]}) - {lede}"]
        quotes: list[Said] = []
        for person in cast:
            first, second = self._quote(place), self._quote(place)
            claim = f"the {topic} would {rng.choice(list(VERBS))} the {self._adj()} {self._noun()}"
            paragraphs.append(f"{person.name}, {person.role}, said {claim}.")
            paragraphs.append(f'"{first}," {person.last} said. "{second}."')
            quotes += [Said(person, claim, False), Said(person, first, True), Said(person, second, True)]
            paragraphs.append(self._narration(place, org))
            third = self._quote(place)
            paragraphs.append(f'"{third}," {person.last} added.')
            quotes.append(Said(person, third, True))
        facts = self._facts(place, org)
        body = [*paragraphs[:1], *(self._narration(place, org) for _ in range(3)), *paragraphs[1:]]
        for fact in facts:
            body.insert(rng.randint(2, len(body)), fact.sentence)
        body += [self._narration(place, org) for _ in range(30 - len(body))]
        publisher = rng.choice(PUBLISHERS)
        raw = "\n\n".join([f"- The {publisher}, 2031", title, *body])
        return MadeArticle(number, raw, title, place, topic, lede, tuple(cast), tuple(quotes), tuple(facts))

    def unknown_name(self) -> str:
        """A full name no made-up article quotes."""
        return f"{self.rng.choice(UNKNOWN_FIRST)} {self.rng.choice(UNKNOWN_LAST)}"

    def unsaid(self) -> str:
        """Words that read like a quote but that nobody in the collection said."""
        n, a = self._noun, self._adj
        return f"our {a()} {n()} will never {self.rng.choice(list(VERBS))} a {a()} {n()} without the {n()}"
