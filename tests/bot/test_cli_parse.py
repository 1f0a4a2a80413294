"""`articlebot parse --json` shows how sure each attribution is."""

import json
from pathlib import Path

import pytest

from bot.cli import main
from tests.builders import FERRY_STORY, make_dump


def test_parse_json_gives_each_quote_its_confidence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = tmp_path / "ferry.txt"
    story.write_text(make_dump(*FERRY_STORY, '"The act of a vandal," Ravenholt said of the damage.'), "utf-8")
    assert main(["parse", str(story), "--json"]) == 0
    quotes = json.loads(capsys.readouterr().out)["quotes"]
    named = [q for q in quotes if q["speaker"]]
    assert named and all(0.4 <= q["confidence"] <= 1 for q in named)
    [unclear] = [q for q in quotes if q["text"].startswith("The act of a vandal")]
    assert unclear["speaker"] is None and unclear["confidence"] < 0.4
