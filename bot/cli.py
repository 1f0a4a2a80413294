"""The ``articlebot`` command line: ingest, parse, ask, summary, articles, chat and run."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import asdict, replace
from importlib import resources
from pathlib import Path
from typing import Any

from tqdm import tqdm

from bot.config import ConfigError, Settings
from bot.logs import formatter
from bot.masking import SecretMask, install, mask_url_password
from bot.render import render_plain
from bot.render_digest import render_digest_plain
from knowledge import (
    Digest,
    FetchOptions,
    Library,
    Question,
    SchemaOutdatedError,
    collect_sources,
    database_revision,
    load_encoder,
    parse_file,
    search_terms_versions,
    text_fragment_url,
    upgrade_database,
)
from knowledge.errors import KnowledgeError
from knowledge.models import Answer, Article, ArticleInfo, IngestResult

logger = logging.getLogger("articlebot")

DEMO_ARTICLE = "demo_article.txt"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(
        prog="articlebot",
        description=(
            "Answer who said what in news articles. With no command: run the Telegram bot when "
            "TELEGRAM_BOT_TOKEN is set, otherwise a console chat over the demo article."
        ),
    )
    parser.add_argument("--db", metavar="URL", help="database URL (overrides DATABASE_URL)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    commands = parser.add_subparsers(dest="command")

    database = commands.add_parser("db", help="the database schema: its revision, or upgrade it")
    database.add_argument("action", choices=("current", "upgrade"), help="show the schema revision and search terms, or bring both up to date")

    ingest = commands.add_parser("ingest", help="store articles from URLs, files or folders")
    ingest.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="an http(s) URL, a .txt/.html/.pdf file, or a folder of them",
    )
    ingest.add_argument("--url", help="the article's original URL (one source only)")
    ingest.add_argument("--publisher", help="the publisher's name")
    ingest.add_argument(
        "--vectors-later",
        action="store_true",
        help="don't wait for the sentence vectors (the bot makes them in the background)",
    )

    feed = commands.add_parser("ingest-feed", help="store the new articles of RSS/Atom feeds")
    feed.add_argument("feeds", nargs="+", metavar="URL")

    parse = commands.add_parser("parse", help="parse a source without storing it")
    parse.add_argument("source", type=Path, metavar="SOURCE")
    parse.add_argument("--url")
    parse.add_argument("--json", action="store_true", help="print JSON")

    ask = commands.add_parser("ask", help="ask one question")
    ask.add_argument("question")
    ask.add_argument("--article", type=int, metavar="ID", help="only this article")
    ask.add_argument("--json", action="store_true")

    summary = commands.add_parser("summary", help="summarize an article (the newest by default)")
    summary.add_argument("article_id", nargs="?", type=int, metavar="ARTICLE_ID")
    summary.add_argument("--sentences", type=int, default=3, metavar="N", help="1 to 10 (default 3)")
    summary.add_argument("--json", action="store_true")

    digest = commands.add_parser("digest", help="the latest stories (or on a topic), one item per story")
    digest.add_argument("topic", nargs="*", metavar="TOPIC", help="only articles about this")
    digest.add_argument("--days", type=int, metavar="N", help="only articles published in the last N days")
    digest.add_argument("--json", action="store_true")

    articles = commands.add_parser("articles", help="list stored articles")
    articles.add_argument("--json", action="store_true")

    chat = commands.add_parser("chat", help="console chat (reads questions from standard input)")
    chat.add_argument("--demo", action="store_true", help="load the demo article and chat about it")
    chat.add_argument("--article", type=int, metavar="ID", help="only this article")

    run = commands.add_parser("run", help="run the Telegram bot (long polling, or a webhook)")
    run.add_argument(
        "--webhook",
        action="store_true",
        help="receive updates by webhook (WEBHOOK_URL, WEBHOOK_SECRET, WEBHOOK_LISTEN, WEBHOOK_PORT)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the process exit code. Output cut short by its reader (``| head``) ends
    quietly, with code 1."""
    try:
        code = _main(argv)
        sys.stdout.flush()  # inside the guard: a closed pipe is reported here, not at interpreter exit
        return code
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)  # nothing more can reach the reader; flush nowhere
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _main(argv: list[str] | None) -> int:
    args = parse_args(argv)
    try:
        settings = Settings.from_env()
    except ConfigError as error:
        print(f"articlebot: {error}", file=sys.stderr)
        return 2
    settings = replace(settings, database_url=args.db or settings.database_url)
    mask = SecretMask(settings.secrets)
    level = settings.log_level if args.verbose or args.command == "run" else "WARNING"
    _configure_logging(level, mask, settings.log_format)
    command = args.command or ("run" if settings.telegram_bot_token else "chat")
    if args.command is None and command == "chat":
        args.demo, args.article = True, None
    if command == "parse":
        return _guard(lambda: _parse(args))
    if command == "db":
        return _guard(lambda: _database(args, settings))
    if command == "run" and not settings.telegram_bot_token:
        from bot.app import MISSING_TOKEN

        print(f"articlebot: {MISSING_TOKEN}", file=sys.stderr)
        return 2
    try:
        library = Library(
            settings.database_url,
            fetch_options=FetchOptions(allow_private=settings.fetch_allow_private),
            encoder=load_encoder(settings.embedding_model),
            auto_migrate=settings.auto_migrate,
        )
    except SchemaOutdatedError as error:
        print(
            f"articlebot: {error} Run `articlebot db upgrade` first (or set AUTO_MIGRATE=1).", file=sys.stderr
        )
        return 1
    except KnowledgeError as error:  # e.g. the database cannot be reached: one line, no password
        print(mask(f"articlebot: {error} ({mask_url_password(settings.database_url)})"), file=sys.stderr)
        return 1
    try:
        return _guard(lambda: _COMMANDS[command](args, library, settings))
    finally:
        library.close()  # the bot closes it on shutdown too; closing twice is harmless


def _database(args: argparse.Namespace, settings: Settings) -> int:
    """`articlebot db current` / `db upgrade`: the schema revision and search terms of DATABASE_URL, or bring
    both up to date (the search terms with a progress bar; stopped halfway, the next upgrade goes on)."""
    where = mask_url_password(settings.database_url)
    if args.action == "current":
        revision, head = database_revision(settings.database_url)
        terms, wanted = search_terms_versions(settings.database_url)
        state = "empty" if revision is None else "current" if revision == head else f"older than {head}"
        terms_state = (
            "" if terms in (None, wanted) else f"; search terms of version {terms}, older than {wanted}"
        )
        print(f"{where}: revision {revision or '-'} ({state}){terms_state}")
        return 0 if revision in (None, head) and not terms_state else 1
    terminal, computed = sys.stderr.isatty(), [0]
    with tqdm(unit="article", desc="search terms", file=sys.stderr, disable=not terminal) as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - computed[0])
            computed[0] = done

        before, after = upgrade_database(settings.database_url, progress=progress)
    if before is None:
        done = f"made at revision {after}"
    elif before == after:
        done = f"already at revision {after}"
    else:
        done = f"upgraded from {before} to revision {after}"
    print(f"{where}: {done}{'; search terms computed again' if computed[0] else ''}")
    return 0


def _guard(action: Any) -> int:
    try:
        return int(action())
    except KnowledgeError as error:
        print(f"articlebot: {error}", file=sys.stderr)
        return 1


def _configure_logging(level: str, mask: SecretMask, log_format: str = "text") -> None:
    """Log to stderr at ``level``, as text or one JSON object a line; every secret masked on every record
    and in uncaught exceptions (PTB logs its API URL, token included, and setWebhook's parameters, secret
    included, at DEBUG)."""
    root = logging.getLogger()
    before = set(root.handlers)
    logging.basicConfig(level=level)
    for handler in root.handlers:
        if handler not in before:  # ours, not one a host (a test runner) installed
            handler.setFormatter(formatter(log_format))
    logging.getLogger("httpx").setLevel(logging.WARNING)  # request URLs carry the bot token
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("telegram.ext").addFilter(_quiet_startup_failure)
    if mask:
        install(mask)


def _quiet_startup_failure(record: logging.LogRecord) -> bool:
    """Drop PTB's traceback for a failed start (rejected token, Bot API unreachable): ``_run`` reports
    it in one line. Its retry loops at run time (polling) still log."""
    return not record.getMessage().startswith(STARTUP_LOOPS)


STARTUP_LOOPS = ("Network Retry Loop (Bot Initialization)", "Network Retry Loop (Bootstrap")


def _parse(args: argparse.Namespace) -> int:
    article = parse_file(args.source, url=args.url)
    if args.json:
        _print_json(article_json(article))
    else:
        print(f"{article.title}\n{len(article.sentences)} sentences, {len(article.quotes)} quotes")
        for quote in article.quotes:
            print(f"- [{quote.kind}] {quote.speaker or '?'}: {quote.text[:100]}")
    return 0


def _ingest(args: argparse.Namespace, library: Library, _settings: Settings) -> int:
    urls = [s for s in args.sources if _is_url(s)]
    sources: list[Path | str] = [*urls, *collect_sources([Path(s) for s in args.sources if not _is_url(s)])]
    if args.url and len(sources) > 1:
        print("articlebot: --url applies to a single source", file=sys.stderr)
        return 2
    if not sources:
        print("articlebot: no .txt, .html or .pdf files found in the given sources", file=sys.stderr)
        return 1
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    failures: list[tuple[str, str]] = []
    files = [s for s in sources if isinstance(s, Path)]
    # The bar goes to stderr and only on a terminal; it is cleared when done. Results go to stdout.
    terminal = sys.stderr.isatty()
    with tqdm(total=len(sources), unit="source", file=sys.stderr, disable=not terminal, leave=False) as bar:
        for source, result in _ingest_each(library, urls, files, args):
            bar.set_postfix_str(source[-40:], refresh=False)
            bar.update()
            if isinstance(result, KnowledgeError):
                failures.append((source, str(result)))
                continue
            counts[result.status] += 1
            info = result.article
            bar.write(  # clears the bar, prints the line, draws the bar again
                f"{info.id}\t{info.title}\t{info.sentences} sentences\t{info.quotes} quotes\t({result.status})",
                file=sys.stdout,
            )
    print(
        f"{counts['added']} added, {counts['updated']} updated, {counts['unchanged']} skipped "
        f"(already stored), {len(failures)} failed"
    )
    for source, reason in failures:
        print(f"failed: {reason}" if reason.startswith(str(source)) else f"failed: {source}: {reason}")
    if not args.vectors_later:
        _catch_up_vectors(library, terminal)
    return 1 if len(failures) == len(sources) else 0


def _catch_up_vectors(library: Library, terminal: bool) -> None:
    """Make the sentence vectors of the articles that lack them (those stored in bulk), with a bar."""
    missing = library.vectors_missing()
    if not missing:
        return
    with tqdm(total=missing, unit="article", desc="vectors", file=sys.stderr, disable=not terminal) as bar:
        while done := library.catch_up_vectors(VECTOR_BATCH):
            bar.update(done)
    print(f"{missing} article{'' if missing == 1 else 's'} searchable by meaning")


VECTOR_BATCH = 20  # articles whose vectors are made between two updates of the bar
BULK_FILES = 8  # from this many files on, they are parsed in worker processes (Library.ingest_many)


def _ingest_each(
    library: Library, urls: list[str], files: list[Path], args: argparse.Namespace
) -> Iterator[tuple[str, IngestResult | KnowledgeError]]:
    """Ingest the URLs, then the files (many files in parallel); yield each source with its outcome."""
    for url in urls:
        yield url, _outcome(library.ingest_url, url)
    if len(files) >= BULK_FILES and not args.url and not args.publisher:
        yield from zip(map(str, files), library.ingest_many(files), strict=True)
        return
    for path in files:
        yield str(path), _outcome(library.ingest_file, path, url=args.url, publisher=args.publisher)


def _outcome(ingest: Callable[..., IngestResult], *args: Any, **kwargs: Any) -> IngestResult | KnowledgeError:
    try:
        return ingest(*args, **kwargs)
    except KnowledgeError as error:
        return error


def _ingest_feed(args: argparse.Namespace, library: Library, _settings: Settings) -> int:
    failed_feeds = 0
    for url in args.feeds:
        try:
            report = library.ingest_feed(url)
        except KnowledgeError as error:
            failed_feeds += 1
            print(f"failed: {url}: {error}")
            continue
        for result in report.results:
            print(f"{result.article.id}\t{result.article.title}\t({result.status})")
        print(
            f"{url}: {len(report.results)} added or updated, {report.skipped} already stored, "
            f"{len(report.failed)} failed"
        )
        for entry, reason in report.failed:
            print(f"failed: {entry}: {reason}")
    return 1 if failed_feeds == len(args.feeds) else 0


def _is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def _ask(args: argparse.Namespace, library: Library, settings: Settings) -> int:
    answer = library.ask(args.question, article_id=args.article)
    if args.json:
        _print_json(answer_json(answer))
    else:
        print(render_plain(answer, settings.language))
    return 0


def _summary(args: argparse.Namespace, library: Library, _settings: Settings) -> int:
    if not 1 <= args.sentences <= 10:
        print("articlebot: --sentences must be between 1 and 10", file=sys.stderr)
        return 2
    answer = library.ask(Question.summary(article_id=args.article_id), summary_sentences=args.sentences)
    if args.json:
        article = library.article(answer.article_id) if answer.article_id else None
        _print_json(
            {
                "article_id": answer.article_id,
                "title": article.title if article else None,
                "url": article.url if article else None,
                "sentences": [e.text for e in answer.excerpts],
                "voices": [
                    {
                        "name": v.speaker.name,
                        "role": v.speaker.role,
                        "quotes": v.quotes,
                        "quote": v.sample,
                        "link": text_fragment_url(v.url, v.sample) if v.url and v.sample else None,
                    }
                    for v in answer.voices
                ],
            }
        )
    else:
        print(render_plain(answer))
    return 0


def _digest(args: argparse.Namespace, library: Library, _settings: Settings) -> int:
    if args.days is not None and args.days < 0:
        print("articlebot: --days must be 0 or more", file=sys.stderr)
        return 2
    digest = library.digest(" ".join(args.topic) or None, days=args.days)
    if args.json:
        _print_json(digest_json(digest))
    else:
        print(render_digest_plain(digest))
    return 0


def _articles(args: argparse.Namespace, library: Library, _settings: Settings) -> int:
    infos = library.articles()
    if args.json:
        _print_json([info_json(i) for i in infos])
    elif not infos:
        print("No articles yet. Add one: articlebot ingest FILE")
    else:
        for info in infos:
            print(f"{info.id}\t{info.title}\t{info.publisher or ''}\t{info.published or ''}")
    return 0


def _chat(args: argparse.Namespace, library: Library, settings: Settings) -> int:
    from bot.console import run_chat

    article_id = args.article
    if args.demo:
        article_id = load_demo(library)
    return run_chat(
        library,
        sys.stdin,
        sys.stdout,
        article_id=article_id,
        interactive=sys.stdin.isatty(),
        language=settings.language,
    )


def _run(args: argparse.Namespace, library: Library, settings: Settings) -> int:
    from telegram.error import InvalidToken, TelegramError

    from bot.app import WebhookConfigError, build_application, webhook_options
    from bot.webhook import run_webhook

    webhook = getattr(args, "webhook", False)
    try:
        options = webhook_options(settings) if webhook else None
    except WebhookConfigError as error:
        print(f"articlebot: {error}", file=sys.stderr)
        return 2
    application = build_application(settings, library)
    logger.info("starting the Telegram bot (%s) with %r", "webhook" if webhook else "polling", settings)
    mask = SecretMask(settings.secrets)
    try:
        if options is not None:
            run_webhook(application, options)
        else:
            application.run_polling()  # both stop cleanly on SIGINT/SIGTERM
    except InvalidToken:  # start-up failures: one clear line, no traceback, no secret
        print("articlebot: Telegram rejected TELEGRAM_BOT_TOKEN; check it with @BotFather.", file=sys.stderr)
        return 1
    except TelegramError as error:
        where = mask(settings.telegram_base_url)
        print(mask(f"articlebot: cannot use the Telegram Bot API at {where}: {error}"), file=sys.stderr)
        return 1
    except OSError as error:  # e.g. the webhook port is taken
        print(mask(f"articlebot: cannot start the bot: {error}"), file=sys.stderr)
        return 1
    return 0


def load_demo(library: Library) -> int:
    """Store the demo article that ships with articlebot (once) and return its id."""
    text = resources.files("bot").joinpath("data", DEMO_ARTICLE).read_text(encoding="utf-8")
    return library.ingest_text(text, source="demo article").article.id


_COMMANDS = {
    "ingest": _ingest,
    "ingest-feed": _ingest_feed,
    "ask": _ask,
    "summary": _summary,
    "digest": _digest,
    "articles": _articles,
    "chat": _chat,
    "run": _run,
}


def article_json(article: Article) -> dict[str, Any]:
    """The ``articlebot parse --json`` format."""
    return {
        "title": article.title,
        "publisher": article.publisher,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "author": article.author,
        "dateline": article.dateline,
        "text": article.text,
        "sentences": list(article.sentences),
        "quotes": [
            {
                "text": q.text,
                "speaker": q.speaker,
                "speaker_role": q.speaker_role,
                "cue": q.cue,
                "kind": q.kind,
                "sentence": q.sentence,
                "confidence": round(q.confidence, 2),
            }
            for q in article.quotes
        ],
        "speakers": [
            {
                "name": s.name,
                "aliases": list(s.aliases),
                "role": s.role,
                "kind": "organisation" if s.kind == "organisation" else "person",
            }
            for s in article.speakers
        ],
    }


def answer_json(answer: Answer) -> dict[str, Any]:
    """The ``articlebot ask --json`` format."""
    return {
        "question": answer.question,
        "intent": answer.intent,
        "found": answer.found,
        "confidence": answer.confidence,
        "text": render_plain(answer),
        "excerpts": [
            {
                "text": e.text,
                "speaker": e.speaker,
                "speaker_role": e.speaker_role,
                "article_id": e.article_id,
                "title": e.title,
                "url": e.url,
                "publisher": e.publisher,
                "published": e.published.isoformat() if e.published else None,
            }
            for e in answer.excerpts
        ],
        "people": [
            {"name": v.speaker.name, "role": v.speaker.role, "quotes": v.quotes} for v in answer.voices
        ],
        "suggestions": list(answer.suggestions),
    }


def info_json(info: ArticleInfo) -> dict[str, Any]:
    """One entry of ``articlebot articles --json``."""
    data = asdict(info)
    data["published"] = info.published.isoformat() if info.published else None
    return {k: data[k] for k in ("id", "title", "publisher", "published", "url")}


def digest_json(digest: Digest) -> dict[str, Any]:
    """The ``articlebot digest --json`` format: one item per story, with every report of it."""
    return {
        "topic": digest.topic,
        "days": digest.days,
        "articles": digest.articles,
        "stories": digest.stories,
        "items": [
            {
                "title": item.title,
                "article_id": item.article_id,
                "sentences": list(item.sentences),
                "reports": [info_json(r) for r in item.reports],
            }
            for item in digest.items
        ],
    }


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))
