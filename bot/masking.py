"""Keep secrets (the bot token, the database password, the webhook secret) out of everything the process
prints: one logging filter masks them on every record, and the same mask serves uncaught exceptions and
the one-line start-up errors."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Iterable
from types import TracebackType
from urllib.parse import quote, unquote, urlsplit, urlunsplit

MASK = "***"


def url_password(url: str) -> str | None:
    """The password in a URL such as ``postgresql://user:password@host/db`` (None when it has none)."""
    try:
        return urlsplit(url).password or None
    except ValueError:
        return None


def mask_url_password(url: str) -> str:
    """``url`` with its password (if any) replaced by ``***``."""
    try:
        parts = urlsplit(url)
        if not parts.password:
            return url
        host = parts.netloc.rpartition("@")[2]
        return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:{MASK}@{host}"))
    except ValueError:
        return url


class SecretMask:
    """Replaces each known secret, in every form it may be printed in, by ``***``."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        forms: set[str] = set()
        for secret in secrets:
            if not secret:
                continue
            forms.update({secret, quote(secret, safe=""), unquote(secret)})
            if ":" in secret:  # a bot token: its secret half alone is still a secret
                forms.add(secret.split(":", 1)[1])
        self._forms = sorted((form for form in forms if form), key=len, reverse=True)

    def __bool__(self) -> bool:
        return bool(self._forms)

    def __call__(self, text: str) -> str:
        for form in self._forms:
            text = text.replace(form, MASK)
        return text


class MaskingFilter(logging.Filter):
    """A handler filter: the record's message, arguments, traceback and stack are rendered and masked."""

    def __init__(self, mask: SecretMask) -> None:
        super().__init__("articlebot.masking")
        self.mask = mask

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: show the raw template rather than lose the line
            message = str(record.msg)
        record.msg, record.args = self.mask(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            record.exc_text = self.mask(record.exc_text)
        if record.stack_info:
            record.stack_info = self.mask(record.stack_info)
        return True


def install(mask: SecretMask) -> None:
    """Mask every log record of every handler of the root logger, and uncaught exceptions (main thread
    and other threads) printed on stderr."""
    masking = MaskingFilter(mask)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(masking)

    def excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        sys.stderr.write(mask("".join(traceback.format_exception(kind, error, tb))))

    def thread_excepthook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is not SystemExit and args.exc_value is not None:
            excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook
