"""An `articlebot ingest <folder>` killed mid-way (kill -9, SIGTERM) leaves no process behind and an intact
database: integrity, the search index agreeing with its tables, counts agreeing with each other."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.parse_scaling import page_text
from tests.builders import make_dump

ROOT = Path(__file__).resolve().parents[3]
FILES = 120
WAIT = 60.0  # seconds allowed for each step to happen (a bound, not a timing measured)


def _descendants(root: int) -> set[int]:
    """Every process under ``root`` (its children, theirs, ...), read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found: set[int] = set()
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _running(pid: int) -> bool:
    """True while ``pid`` runs (a zombie, exited but not reaped, does not count)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_killed_folder_ingest_leaves_no_process_and_an_intact_database(tmp_path: Path, sig: int) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(FILES):
        paragraphs = [page_text(600, seed=i * 100 + j) for j in range(30)]
        (folder / f"story{i:03}.txt").write_text(
            make_dump(*paragraphs, title=f"Story number {i} on the bridge")
        )
    db = tmp_path / "kill.db"
    command = [sys.executable, "-m", "bot", "--db", f"sqlite:///{db}", "ingest", str(folder)]
    ingest = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: set[int] = set()
    deadline = time.monotonic() + WAIT
    try:
        # mid-way: some articles stored, the resource tracker, the forkserver and both workers running
        while not (_count(db) >= 3 and len(seen) >= 4):
            assert ingest.poll() is None, "the ingest ended before it could be killed"
            assert time.monotonic() < deadline, f"the workers never started: {seen}"
            seen |= _descendants(ingest.pid)
            time.sleep(0.05)
        os.kill(ingest.pid, sig)
        ingest.wait(WAIT)
        deadline = time.monotonic() + WAIT
        while any(_running(pid) for pid in seen) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [pid for pid in seen if _running(pid)] == []
    finally:
        ingest.kill()
        for pid in seen:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
    stored = _count(db)
    assert 3 <= stored < FILES
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for fts in (
            "sentence_search",
            "quote_search",
            "name_search",
        ):  # raises when it disagrees with its table
            conn.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
        assert conn.execute("SELECT count(DISTINCT article_id) FROM sentences").fetchone()[0] == stored
        assert conn.execute("SELECT count(*) FROM sentence_search_vocab").fetchone()[0] > 0
