"""Read the bot's settings once, from the environment and an optional .env file (python-dotenv syntax)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values

from bot.logs import LOG_FORMATS
from bot.masking import mask_url_password, url_password
from bot.messages import Language, language_of
from knowledge import DEFAULT_DATABASE_URL, DEFAULT_ENCODER

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_BASE_FILE_URL = "https://api.telegram.org/file/bot"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(ValueError):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    """Everything configurable, validated. No secret (the token, the database password, the webhook
    secret) shows in ``repr``."""

    telegram_bot_token: str | None = field(default=None, repr=False)
    telegram_base_url: str = DEFAULT_BASE_URL
    telegram_base_file_url: str = DEFAULT_BASE_FILE_URL
    database_url: str = DEFAULT_DATABASE_URL
    admin_user_ids: frozenset[int] = frozenset()
    log_level: str = "INFO"
    log_format: str = "text"  # "text", or "json": one JSON object per log line
    add_articles: str = "admins"  # who may add articles in Telegram: "admins" or "anyone"
    fetch_allow_private: bool = False  # local testing only: lets fetches reach private addresses
    feeds: tuple[str, ...] = ()
    feed_interval_minutes: int = 30
    webhook_url: str | None = None  # the public HTTPS address Telegram posts updates to
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: str | None = field(default=None, repr=False)
    auto_migrate: bool = False  # upgrade an older database's schema at start-up instead of refusing it
    metrics_port: int | None = None  # polling mode: /healthz and /metrics on this port (webhook: its own)
    embedding_model: str = DEFAULT_ENCODER  # the sentence encoder; "none": questions matched by words only
    language: Language = "en"  # the console's own words (LANG): "ru..." Russian, else English

    def may_add_articles(self, user_id: int | None) -> bool:
        """Whether this Telegram user may add articles."""
        return self.add_articles == "anyone" or (user_id is not None and user_id in self.admin_user_ids)

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every secret these settings hold: never to be printed or logged."""
        found = (self.telegram_bot_token, url_password(self.database_url), self.webhook_secret)
        return tuple(secret for secret in found if secret)

    def __repr__(self) -> str:
        token = "***" if self.telegram_bot_token else None
        return (
            f"Settings(telegram_bot_token={token!r}, telegram_base_url={self.telegram_base_url!r}, "
            f"database_url={mask_url_password(self.database_url)!r}, "
            f"admin_user_ids={sorted(self.admin_user_ids)!r}, "
            f"log_level={self.log_level!r}, log_format={self.log_format!r}, add_articles={self.add_articles!r}, "
            f"fetch_allow_private={self.fetch_allow_private!r}, feeds={self.feeds!r}, "
            f"feed_interval_minutes={self.feed_interval_minutes!r}, metrics_port={self.metrics_port!r}, auto_migrate={self.auto_migrate!r}, "
            f"embedding_model={self.embedding_model!r}, language={self.language!r})"
        )

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
    ) -> Settings:
        """Build settings from ``environ`` (default ``os.environ``), filling gaps from ``env_file``
        (read, never loaded into ``os.environ``; a missing file is no error).

        Raises:
            ConfigError: when a value is malformed.
        """
        values = read_env_file(env_file) if env_file is not None else {}
        values.update(os.environ if environ is None else environ)  # the environment wins over the file
        level = values.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
        if level not in LOG_LEVELS:
            raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {level!r}.")
        log_format = values.get("LOG_FORMAT", "text").strip().lower() or "text"
        if log_format not in LOG_FORMATS:
            raise ConfigError(f"LOG_FORMAT must be 'text' or 'json', not {log_format!r}.")
        add_articles = values.get("ADD_ARTICLES", "admins").strip().lower() or "admins"
        if add_articles not in ("admins", "anyone"):
            raise ConfigError(f"ADD_ARTICLES must be 'admins' or 'anyone', not {add_articles!r}.")
        interval = values.get("FEED_INTERVAL_MINUTES", "30").strip() or "30"
        if not interval.isdigit() or int(interval) < 1:
            raise ConfigError(f"FEED_INTERVAL_MINUTES must be a whole number of minutes, not {interval!r}.")
        return cls(
            telegram_bot_token=values.get("TELEGRAM_BOT_TOKEN", "").strip() or None,
            telegram_base_url=values.get("TELEGRAM_BASE_URL", "").strip() or DEFAULT_BASE_URL,
            telegram_base_file_url=values.get("TELEGRAM_BASE_FILE_URL", "").strip() or DEFAULT_BASE_FILE_URL,
            database_url=values.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL,
            admin_user_ids=_parse_ids(values.get("ADMIN_USER_IDS", "")),
            log_level=level,
            log_format=log_format,
            add_articles=add_articles,
            fetch_allow_private=values.get("FETCH_ALLOW_PRIVATE", "").strip().lower() in ("1", "true", "yes"),
            feeds=tuple(u for u in values.get("FEEDS", "").replace(",", " ").split() if u),
            feed_interval_minutes=int(interval),
            webhook_url=values.get("WEBHOOK_URL", "").strip() or None,
            webhook_listen=values.get("WEBHOOK_LISTEN", "").strip() or "0.0.0.0",
            webhook_port=_parse_port(values.get("WEBHOOK_PORT", "").strip() or "8443"),
            webhook_secret=_parse_secret(values.get("WEBHOOK_SECRET", "").strip() or None),
            auto_migrate=values.get("AUTO_MIGRATE", "").strip().lower() in ("1", "true", "yes"),
            metrics_port=_parse_port(metrics_port)
            if (metrics_port := values.get("METRICS_PORT", "").strip())
            else None,
            embedding_model=values.get("EMBEDDING_MODEL", "").strip() or DEFAULT_ENCODER,
            language=language_of(values.get("LANG")),
        )


def read_env_file(path: Path) -> dict[str, str]:
    """The ``KEY=value`` settings of a .env file, parsed by python-dotenv (comments, ``export`` and
    quotes allowed; ``${VAR}`` is kept as written); a key without ``=`` is skipped; no file, no settings."""
    return {key: value for key, value in dotenv_values(path, interpolate=False).items() if value is not None}


def _parse_ids(raw: str) -> frozenset[int]:
    ids = [part.strip() for part in raw.replace(";", ",").split(",") if part.strip()]
    try:
        return frozenset(int(part) for part in ids)
    except ValueError as error:
        raise ConfigError(f"ADMIN_USER_IDS must be comma-separated numeric user ids, not {raw!r}.") from error


def _parse_port(raw: str) -> int:
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ConfigError(f"WEBHOOK_PORT must be a port number, not {raw!r}.")
    return int(raw)


def _parse_secret(raw: str | None) -> str | None:
    if raw is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", raw):
        raise ConfigError("WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -.")
    return raw
