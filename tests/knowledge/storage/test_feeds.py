"""Failed feed entries: remembered in the database, held back for a doubling while, forgotten on success."""

import datetime as dt
from pathlib import Path

from knowledge.storage.feeds import RETRY_FIRST, RETRY_MAX, retry_delay
from tests.builders import make_library

NOW = dt.datetime(2031, 2, 3, 9, 0, tzinfo=dt.UTC)


def test_retry_delay_doubles_up_to_a_day() -> None:
    assert [retry_delay(n) for n in (1, 2, 3)] == [RETRY_FIRST, 2 * RETRY_FIRST, 4 * RETRY_FIRST]
    assert retry_delay(10) == retry_delay(10_000) == RETRY_MAX


def test_failures_are_kept_across_libraries_and_forgotten_on_success(tmp_path: Path) -> None:
    library = make_library(tmp_path)
    url = "https://example.org/a"
    assert library.feed_failures.failed(url, "the server answered 503", NOW) == NOW + RETRY_FIRST
    assert library.feed_failures.failed(url, "the server answered 503", NOW) == NOW + 2 * RETRY_FIRST
    library.close()
    library = make_library(tmp_path)  # a restart: still remembered
    assert library.feed_failures.retry_times([url, "https://example.org/b"]) == {url: NOW + 2 * RETRY_FIRST}
    library.feed_failures.succeeded(url)
    assert library.feed_failures.retry_times([url]) == {}
    library.close()
