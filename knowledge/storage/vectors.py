"""Keep each article's sentence and quote vectors beside it, and know which articles still lack them."""

from __future__ import annotations

import numpy as np
from sqlalchemy import Connection, Engine, delete, func, select
from sqlalchemy.exc import SQLAlchemyError

from knowledge.errors import StoreError
from knowledge.meaning.vectors import ArticleVectors, pack, unpack
from knowledge.storage.schema import ARTICLES, META, VECTORS

_MODEL_KEY = "embedding_model"  # search_meta: the encoder whose vectors are kept (name and dimension)


class VectorStore:
    """The ``article_vectors`` table: one row per article, written in the article's own transaction or later."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def use_model(self, model: str, dim: int) -> bool:
        """Record the encoder in use; when it differs from the one recorded, drop every vector made by
        another (they are computed again). True when the vectors were dropped."""
        wanted = f"{model} {dim}"
        with self.engine.begin() as conn:
            kept = conn.execute(select(META.c.value).where(META.c.key == _MODEL_KEY)).scalar()
            if kept == wanted:
                return False
            conn.execute(delete(META).where(META.c.key == _MODEL_KEY))
            conn.execute(META.insert().values(key=_MODEL_KEY, value=wanted))
            dropped = conn.execute(delete(VECTORS).where(VECTORS.c.model != model)).rowcount
            return kept is not None and dropped > 0

    def put(self, article_id: int, vectors: ArticleVectors, conn: Connection | None = None) -> None:
        """Store (or replace) an article's vectors; inside ``conn``'s transaction when given."""
        if conn is None:
            try:
                with self.engine.begin() as own:
                    self.put(article_id, vectors, own)
            except SQLAlchemyError as error:
                raise StoreError(f"Cannot store the vectors: {error.__class__.__name__}") from error
            return
        dim = vectors.sentences.shape[1] if vectors.sentences.size else vectors.quotes.shape[-1]
        conn.execute(delete(VECTORS).where(VECTORS.c.article_id == article_id))
        conn.execute(
            VECTORS.insert().values(
                article_id=article_id,
                model=vectors.model,
                dim=int(dim),
                sentences=pack(vectors.sentences),
                quotes=pack(vectors.quotes),
                centre=pack(vectors.centre),
            )
        )

    def get(self, article_id: int, model: str) -> ArticleVectors | None:
        """An article's vectors made by ``model``; None when it has none (yet)."""
        found = self.get_many([article_id], model)
        return found.get(article_id)

    def get_many(self, article_ids: list[int], model: str) -> dict[int, ArticleVectors]:
        """The vectors of several articles made by ``model`` (those that have them)."""
        if not article_ids:
            return {}
        columns = VECTORS.c
        query = select(columns.article_id, columns.dim, columns.sentences, columns.quotes).where(
            columns.article_id.in_(article_ids), columns.model == model
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return {
            row.article_id: ArticleVectors(model, unpack(row.sentences, row.dim), unpack(row.quotes, row.dim))
            for row in rows
        }

    def centres(self, model: str, after: int = 0) -> list[tuple[int, np.ndarray]]:
        """Each article's centre vector made by ``model``, for the articles numbered above ``after``."""
        columns = VECTORS.c
        query = (
            select(columns.article_id, columns.dim, columns.centre)
            .where(columns.model == model, columns.article_id > after)
            .order_by(columns.article_id)
        )
        with self.engine.connect() as conn:
            return [(row.article_id, unpack(row.centre, row.dim)[0]) for row in conn.execute(query)]

    def missing(self, model: str, limit: int) -> list[int]:
        """Up to ``limit`` articles, newest first, that have no vectors made by ``model``."""
        have = select(VECTORS.c.article_id).where(VECTORS.c.model == model)
        query = select(ARTICLES.c.id).where(ARTICLES.c.id.not_in(have)).order_by(ARTICLES.c.id.desc())
        with self.engine.connect() as conn:
            return list(conn.execute(query.limit(limit)).scalars())

    def count(self, model: str) -> int:
        """How many articles have vectors made by ``model``."""
        query = select(func.count()).select_from(VECTORS).where(VECTORS.c.model == model)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())
