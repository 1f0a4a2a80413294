from pathlib import Path

from knowledge.storage.chats import QuestionsAsked, UpdateClaims
from knowledge.storage.engine import open_engine
from knowledge.storage.schema import create_schema


def claims(tmp_path: Path) -> UpdateClaims:
    engine = open_engine(f"sqlite:///{tmp_path / 'claims.db'}")
    create_schema(engine)
    return UpdateClaims(engine)


def test_an_update_is_taken_on_once(tmp_path: Path) -> None:
    store = claims(tmp_path)
    assert store.claim(41, now=1000)
    assert not store.claim(41, now=1001)
    assert store.claim(42, now=1002)


def test_old_claims_are_forgotten(tmp_path: Path) -> None:
    store = claims(tmp_path)
    store.claim(1, now=1000)
    store.claim(2, now=5000)
    assert store.forget_before(2000) == 1
    assert store.claim(1, now=6000)  # forgotten: it could be taken on again
    assert not store.claim(2, now=6000)


def asked(url: str) -> QuestionsAsked:
    engine = open_engine(url)
    create_schema(engine)
    return QuestionsAsked(engine)


def test_a_reader_over_the_limit_is_refused_until_the_window_moves_on(tmp_path: Path) -> None:
    log = asked(f"sqlite:///{tmp_path / 'asked.db'}")
    assert [log.allow(1, limit=3, window=10, now=t) for t in (0, 1, 2, 3)] == [True, True, True, False]
    assert log.allow(2, limit=3, window=10, now=3)  # another reader is not affected
    assert log.allow(1, limit=3, window=10, now=10.5)  # the first question has left the window
    assert not log.allow(1, limit=3, window=10, now=10.6)  # a refused question is not counted, this one is
    assert log.forget_before(10) == 4
    assert log.allow(1, limit=1, window=100, now=10.7) is False  # the one at 10.5 is still remembered


def test_replicas_on_one_postgresql_database_count_a_reader_together() -> None:
    from tests.postgres import fresh_database

    with fresh_database() as name:
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
        first, second = asked(url), QuestionsAsked(open_engine(url))  # two processes' connection pools
        assert first.allow(7, limit=2, window=60, now=100)
        assert second.allow(7, limit=2, window=60, now=101)
        assert not first.allow(7, limit=2, window=60, now=102)
        assert not second.allow(7, limit=2, window=60, now=103)
        first.engine.dispose()
        second.engine.dispose()
