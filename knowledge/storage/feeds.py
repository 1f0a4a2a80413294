"""Remember the feed entries that failed to ingest, and hold each back for a growing while before it is
fetched again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from knowledge.errors import StoreError
from knowledge.storage.schema import FeedFailureRow

# After a feed entry's first failure it waits this long before it is fetched again; each failure in a
# row doubles the wait, up to RETRY_MAX. An entry that has not failed for FORGET_AFTER is forgotten.
RETRY_FIRST = dt.timedelta(hours=1)
RETRY_MAX = dt.timedelta(days=1)
FORGET_AFTER = dt.timedelta(days=30)


def retry_delay(failures: int) -> dt.timedelta:
    """How long an entry that failed ``failures`` times in a row waits: 1 h, 2 h, 4 h, ... up to a day."""
    return min(RETRY_FIRST * 2 ** min(max(failures - 1, 0), 16), RETRY_MAX)


class FeedFailures:
    """Feed entries that failed, by URL: how often in a row, why, and when they may be tried again."""

    def __init__(self, engine: Engine) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def retry_times(self, urls: Collection[str]) -> dict[str, dt.datetime]:
        """When each of ``urls`` that failed before may be tried again (the others are not listed)."""
        if not urls:
            return {}
        try:
            with self._sessions() as session:
                rows = session.execute(
                    select(FeedFailureRow.url, FeedFailureRow.retry_at).where(FeedFailureRow.url.in_(urls))
                ).all()
        except SQLAlchemyError as error:
            raise StoreError(f"Could not read the failed feed entries: {error.__class__.__name__}") from error
        return {url: dt.datetime.fromtimestamp(at, dt.UTC) for url, at in rows}

    def failed(self, url: str, reason: str, now: dt.datetime) -> dt.datetime:
        """Record one more failure of ``url``; return when it may be tried again."""
        try:
            with self._sessions.begin() as session:
                row = session.get(FeedFailureRow, url)
                if row is None:
                    row = FeedFailureRow(url=url, failures=0, reason="", retry_at=0)
                    session.add(row)
                row.failures += 1
                row.reason = reason[:2000]
                retry = now + retry_delay(row.failures)
                row.retry_at = int(retry.timestamp())
                forget = int((now - FORGET_AFTER).timestamp())
                session.execute(delete(FeedFailureRow).where(FeedFailureRow.retry_at < forget))
        except SQLAlchemyError as error:
            raise StoreError(f"Could not record the failed feed entry: {error.__class__.__name__}") from error
        return retry

    def succeeded(self, url: str) -> None:
        """Forget the failures of ``url``, now ingested."""
        try:
            with self._sessions.begin() as session:
                session.execute(delete(FeedFailureRow).where(FeedFailureRow.url == url))
        except SQLAlchemyError as error:
            raise StoreError(
                f"Could not update the failed feed entries: {error.__class__.__name__}"
            ) from error
