"""The hand-run session of the README (`python -m tests.e2e.session`) still plays through."""

import subprocess
import sys
from pathlib import Path

import pytest

from .test_bot import ROOT, bot_env


@pytest.mark.skipif(
    not Path(sys.executable).with_name("articlebot").exists(), reason="articlebot not installed"
)
def test_the_scripted_session_runs_articlebot_and_stops_it_cleanly() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tests.e2e.session"],
        cwd=ROOT,
        env=bot_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "Added #1 Riverside Town Votes" in out
    assert "you tap [Who said" in out and "Elena Marsh said it." in out
    assert "bot (toast): What did" in out  # a refusal's suggested question, tapped
    assert out.rstrip().endswith("exited with code 0")
    assert "Traceback" not in result.stderr
