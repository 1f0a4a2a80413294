from pathlib import Path

from knowledge.storage.chats import UpdateClaims
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
