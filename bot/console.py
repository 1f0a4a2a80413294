"""The console chat: questions from standard input, answers through the same path as Telegram."""

from __future__ import annotations

from typing import TextIO

from bot.messages import Language
from bot.render import render_plain
from bot.render_digest import render_digest_plain
from knowledge import Library

PROMPT = "you> "
QUIT = {"quit", "exit", ":q", "/quit", "/exit"}
DIGEST = {"digest", "/digest"}  # "digest [topic]": the latest stories, one item per story


def run_chat(
    library: Library,
    stdin: TextIO,
    stdout: TextIO,
    *,
    article_id: int | None = None,
    interactive: bool = False,
    language: Language = "en",
) -> int:
    """Answer each line of ``stdin`` until it ends (or the reader types quit), the answers' own words in
    ``language``; return 0."""
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
        words = question.split(maxsplit=1)
        if words[0].lower() in DIGEST:
            reply = render_digest_plain(library.digest(words[1] if len(words) > 1 else None))
        else:
            reply = render_plain(library.ask(question, article_id=article_id), language)
        stdout.write(("" if interactive else f"{PROMPT}{question}\n") + reply + "\n\n")
        stdout.flush()
    return 0
