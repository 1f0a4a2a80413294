"""The console chat: questions from standard input, answers through the same path as Telegram."""

from __future__ import annotations

from typing import TextIO

from bot.render import render_plain
from knowledge.library import Library

PROMPT = "you> "
QUIT = {"quit", "exit", ":q", "/quit", "/exit"}


def run_chat(
    library: Library,
    stdin: TextIO,
    stdout: TextIO,
    *,
    article_id: int | None = None,
    interactive: bool = False,
) -> int:
    """Answer each line of ``stdin`` until it ends (or the reader types quit); return 0."""
    articles = library.articles()
    stdout.write(
        f"articlebot: {len(articles)} article(s) loaded. Ask a question; "
        "type 'help' for ideas, 'quit' to leave.\n"
    )
    for info in articles[:5]:
        stdout.write(f"  #{info.id} {info.title}\n")
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        question = line.strip()
        if not question:
            continue
        if question.lower() in QUIT:
            break
        answer = library.ask(question, article_id=article_id)
        stdout.write(("" if interactive else f"{PROMPT}{question}\n") + render_plain(answer) + "\n\n")
        stdout.flush()
    return 0
