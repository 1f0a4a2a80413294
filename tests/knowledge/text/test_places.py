"""The gazetteer names each place once and reads countries as places with no optional package."""

from __future__ import annotations

import pytest

from knowledge.text.places import COUNTRIES, PLACE_NAMES, PLACES, STATE_NAMES
from knowledge.understand.entities import shape_kind


def test_each_place_is_written_once() -> None:
    assert not PLACES & COUNTRIES
    assert PLACE_NAMES == PLACES | COUNTRIES
    assert sorted(PLACE_NAMES & STATE_NAMES) == ["Georgia"]  # the country and the state


@pytest.mark.parametrize(
    "name", ["France", "China", "Russia", "Côte d'Ivoire", "North Macedonia", "Gaza", "Europe"]
)
def test_countries_and_places_read_as_places(name: str) -> None:
    assert shape_kind(name) == "place"


@pytest.mark.parametrize("name", ["Georgia", "Jordan"])
def test_names_that_are_not_read_as_places_on_their_own(name: str) -> None:
    assert shape_kind(name) is None  # a first name as often; "Europe" was never in the gazetteer
