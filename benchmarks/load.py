"""Load benchmark: N simulated readers asking the real ``articlebot run`` through the loopback Bot API.

    .venv/bin/python benchmarks/load.py [--users 50] [--seconds 30] [--think 4,8] [--articles 200]

Starts the fake Bot API (``tests/e2e/fake_bot_api.py``) and ``articlebot run`` against it (as
``tests/e2e/session.py`` does) over a SQLite store holding the demo article plus ``--articles`` made-up
ones (``benchmarks/synthetic.py``). Each simulated reader asks a question in their own private chat, waits
for the answer, reads it for a random think time (4-8 s by default: under the bot's 12-questions-a-minute
throttle) and asks again. Two phases of ``--seconds`` each:

1. readers only;
2. the same, while an admin sends a 5 MB text document (downloaded, parsed and stored by the bot).

For each phase it prints the answers per second, latency p50/p95/max (from the reader's message being
queued for getUpdates to the bot's sendMessage reaching the fake) and the bot's resident memory
(current and peak). Targets: p95 <= 50 ms in phase 1; the other readers' p95 <= 250 ms in phase 2.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from synthetic import Generator  # noqa: E402

from knowledge import Library  # noqa: E402
from tests.e2e.fake_bot_api import Call, FakeBotAPI  # noqa: E402

ADMIN = 999_999
DOCUMENT_BYTES = 4_900_000  # just under the bot's 5 MB limit
QUESTIONS = (
    "who said the old maps are simply wrong",
    "what did Marsh say",
    "who is quoted",
    "what did Ortiz say about the books",
    "how much will the new library cost",
    "who said the river has told us twice",
    "summarize",
    "who is Ruth Pell",
)


@dataclass
class Replies:
    """The bot's sendMessage calls, by chat, as they reach the fake (one watcher thread files them)."""

    fake: FakeBotAPI
    by_chat: dict[int, list[Call]] = field(default_factory=lambda: defaultdict(list))
    cond: threading.Condition = field(default_factory=threading.Condition)
    seen: int = 0
    stop: bool = False

    def watch(self) -> None:
        while not self.stop:
            calls = self.fake.calls[self.seen :]
            self.seen += len(calls)
            with self.cond:
                for call in calls:
                    if call.method == "sendMessage" and call.ok:
                        self.by_chat[call.params["chat_id"]].append(call)
                if calls:
                    self.cond.notify_all()
            time.sleep(0.002)

    def next_after(self, chat_id: int, since: float, timeout: float) -> Call | None:
        """The chat's first reply recorded after ``since`` (time.monotonic())."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                found = next((c for c in self.by_chat[chat_id] if c.at >= since), None)
                if found is not None or time.monotonic() >= deadline:
                    return found
                self.cond.wait(0.05)


def reader(
    fake: FakeBotAPI,
    replies: Replies,
    chat: int,
    until: float,
    think: tuple[float, float],
    out: list[tuple[float, float]],
) -> None:
    """Ask, wait for the answer, read it, ask again, until ``until``."""
    rng = random.Random(chat)
    time.sleep(rng.uniform(0, think[1]))  # readers arrive spread out
    while time.monotonic() < until:
        sent = time.monotonic()
        fake.user_message(rng.choice(QUESTIONS), chat_id=chat, user_id=chat)
        reply = replies.next_after(chat, sent, timeout=30)
        if reply is None:
            out.append((sent, float("inf")))
            continue
        out.append((sent, reply.at - sent))
        time.sleep(rng.uniform(*think))


def rss_kib(pid: int) -> tuple[int, int]:
    """The process's resident memory now and at its peak, in KiB."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
    )
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def make_document() -> bytes:
    """A text dump of about 4.9 MB: one made-up article's page followed by many others' paragraphs."""
    made = Generator(seed=11).articles(100_000)
    parts = [next(made).raw]
    size = len(parts[0])
    for article in made:
        body = article.raw.split("\n\n", 2)[-1]
        parts.append(body)
        size += len(body) + 2
        if size >= DOCUMENT_BYTES - 20_000:
            break
    return "\n\n".join(parts).encode()[:DOCUMENT_BYTES]


def phase(
    name: str,
    fake: FakeBotAPI,
    replies: Replies,
    pid: int,
    users: int,
    seconds: float,
    think: tuple[float, float],
    document: bytes | None = None,
) -> None:
    until = time.monotonic() + seconds
    latencies: list[list[tuple[float, float]]] = [[] for _ in range(users)]
    threads = [
        threading.Thread(target=reader, args=(fake, replies, 10_000 + i, until, think, latencies[i]))
        for i in range(users)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    doc_note, window = "", None
    if document is not None:
        time.sleep(think[1])  # every reader is asking by now
        sent = time.monotonic()
        fake.document_message("big.txt", document, "text/plain", chat_id=ADMIN, user_id=ADMIN)
        done = replies.next_after(ADMIN, sent, timeout=seconds + 60)
        window = (sent, done.at if done else float("inf"))
        doc_note = (
            f"; the {len(document) / 1e6:.1f} MB document answered after "
            f"{(done.at - sent):.1f} s: {done.params['text'].splitlines()[0][:60]!r}"
            if done
            else "; the document got no answer"
        )
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    flat = [x for per in latencies for x in per]
    rss, peak = rss_kib(pid)
    print(
        f"{name}: {summary(flat, elapsed)}; bot RSS {rss / 1024:.0f} MB (peak {peak / 1024:.0f} MB){doc_note}",
        flush=True,
    )
    if window is not None:  # the questions whose answer overlapped the document's ingestion
        during = [(at, x) for at, x in flat if at < window[1] and at + x > window[0]]
        print(f"  while the document was in flight: {summary(during, None)}", flush=True)


def summary(samples: list[tuple[float, float]], elapsed: float | None) -> str:
    ms = sorted(x * 1000 for _, x in samples if x != float("inf"))
    lost = sum(1 for _, x in samples if x == float("inf"))
    if not ms:
        return f"no answers, {lost} lost"
    rate = f" in {elapsed:.1f} s ({len(ms) / elapsed:.1f}/s)" if elapsed else ""
    p95 = ms[round(0.95 * (len(ms) - 1))]
    return (
        f"{len(ms)} answers{rate}, {lost} lost; latency p50 {statistics.median(ms):.1f} ms, "
        f"p95 {p95:.1f} ms, max {ms[-1]:.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each phase")
    parser.add_argument("--think", default="4,8", help="a reader's pause between questions: MIN,MAX seconds")
    parser.add_argument("--articles", type=int, default=200, help="made-up articles stored besides the demo")
    args = parser.parse_args()
    think = tuple(float(x) for x in args.think.split(","))
    assert len(think) == 2
    demo = resources.files("bot").joinpath("data", "demo_article.txt").read_text(encoding="utf-8")
    document = make_document()
    with FakeBotAPI() as fake, tempfile.TemporaryDirectory() as folder:
        database = f"sqlite:///{Path(folder) / 'load.db'}"
        library = Library(database)
        library.ingest_text(demo, source="demo article")
        for made in Generator(seed=3).articles(args.articles):
            library.ingest_text(made.raw, source=f"synthetic {made.number}")
        library.close()
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": fake.token,
            "TELEGRAM_BASE_URL": fake.base_url,
            "TELEGRAM_BASE_FILE_URL": fake.base_file_url,
            "DATABASE_URL": database,
            "ADMIN_USER_IDS": str(ADMIN),
            "LOG_LEVEL": "WARNING",
        }
        command = [str(Path(sys.executable).with_name("articlebot")), "run"]
        bot = subprocess.Popen(command, env=env, cwd=folder)
        replies = Replies(fake)
        watcher = threading.Thread(target=replies.watch, daemon=True)
        watcher.start()
        try:
            fake.wait_for_sync("setMyCommands", timeout=30)
            print(
                f"# articlebot run (pid {bot.pid}), {args.articles + 1} articles, {args.users} readers "
                f"thinking {think[0]:g}-{think[1]:g} s, {args.seconds:g} s a phase, on {os.cpu_count()} cores",
                flush=True,
            )
            phase("warm-up", fake, replies, bot.pid, args.users, min(10.0, args.seconds), think)
            phase("readers only", fake, replies, bot.pid, args.users, args.seconds, think)
            phase("with a 5 MB document", fake, replies, bot.pid, args.users, args.seconds, think, document)
        finally:
            replies.stop = True
            bot.send_signal(signal.SIGTERM)
            code = bot.wait(timeout=30)
        print(f"# SIGTERM: articlebot run exited with code {code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
