"""How sure an attribution is, from how the speaker was found: a calibrated share of such attributions right.

Each quote's speaker is found one way: named next to a cue ("…," said Jane Smith), a pronoun or a
description resolved to someone met before ("…," he said), a cue shared by quotes in a row, a quote
continuing its paragraph's last speaker, or one standing alone after a sentence about someone. Each way
has a confidence: the share of quotes attributed that way whose speaker was right on the tune split of
the development gold (benchmarks/corpus, ``python benchmarks/calibrate_attribution.py``). Below
``UNCLEAR`` a quote is kept with no speaker ("the article doesn't make clear who said it"): a wrong name
is worse than none.
"""

from __future__ import annotations

from typing import Literal

Basis = Literal["own", "shared", "continued", "carried", "floating"]

# (basis, how the phrase names the speaker, whether a cue word was read) -> share right on the tune split. Re-run
# benchmarks/calibrate_attribution.py after changing the attribution rules, and copy its table here.
CALIBRATION: dict[tuple[Basis, str, bool], float] = {
    ("continued", "name", True): 0.95,  # the paragraph's speaker, named with a cue, goes on
    ("own", "name", True): 0.94,  # "…," said Jane Smith
    ("own", "pronoun", True): 0.78,  # "…," she said
    ("continued", "pronoun", True): 0.76,
    ("floating", "pronoun", False): 0.66,  # a quote standing alone after a sentence about someone
    ("own", "nominal", True): 0.43,  # "…," the analyst said
}
DEFAULT = 0.6  # a way not seen often enough while calibrating
# A person the article never names in full ("Florida", "Mueller", "Ava"): 2 of 16 right on the tune split.
LONE_NAME = 0.13
UNCLEAR = 0.4  # below this the speaker is left out (tune split: 14 fewer wrong names for 2 right ones)


def confidence(basis: Basis, mention_kind: str, cued: bool) -> float:
    """The calibrated confidence of an attribution made this way."""
    return CALIBRATION.get((basis, mention_kind, cued), DEFAULT)


def for_name(value: float, name: str, person: bool) -> float:
    """An attribution's confidence once its speaker's final name is known: a person of one word is doubtful."""
    return min(value, LONE_NAME) if person and len(name.split()) == 1 else value


def unclear(value: float) -> bool:
    """Whether an attribution this sure should name no one."""
    return value < UNCLEAR
