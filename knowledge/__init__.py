"""articlebot's knowledge layer: what the bot and the console may call (``bot/`` imports only this,
``knowledge.models`` and ``knowledge.errors``)."""

from knowledge.answer.intent import Question
from knowledge.errors import KnowledgeError, NotFoundError, SchemaOutdatedError
from knowledge.ingest.fetch import FetchOptions
from knowledge.ingest.pipeline import collect_sources, parse_file
from knowledge.library import (
    DEFAULT_DATABASE_URL,
    FeedReport,
    Library,
    database_revision,
    search_terms_versions,
    upgrade_database,
)
from knowledge.links import text_fragment_url
from knowledge.meaning.encoder import DEFAULT_ENCODER, load_encoder
from knowledge.models import Answer, Article, ArticleInfo, ChatAnswer, Excerpt, IngestResult, Stats, Voice
from knowledge.summarize.digest import Digest, DigestItem
from knowledge.summarize.summary import DEFAULT_SENTENCES, MAX_SENTENCES

__all__ = [
    "Answer",
    "Article",
    "ArticleInfo",
    "ChatAnswer",
    "DEFAULT_DATABASE_URL",
    "DEFAULT_ENCODER",
    "DEFAULT_SENTENCES",
    "Digest",
    "DigestItem",
    "Excerpt",
    "FeedReport",
    "FetchOptions",
    "IngestResult",
    "KnowledgeError",
    "Library",
    "MAX_SENTENCES",
    "NotFoundError",
    "Question",
    "SchemaOutdatedError",
    "Stats",
    "Voice",
    "collect_sources",
    "database_revision",
    "load_encoder",
    "parse_file",
    "search_terms_versions",
    "text_fragment_url",
    "upgrade_database",
]
